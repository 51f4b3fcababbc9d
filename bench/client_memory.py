"""The planning client's memory, step by step (issue 24: bounded memory at city scale).

Usage (from the repository root, in the project's environment)::

    python -m bench.client_memory --households 1000000 --read per-community
    python -m bench.client_memory --households 1000000 --read whole

Plans a generated street (``bench/cache``, made by :mod:`bench.instances` when missing) in this
process, as ``gridplanner plan`` does (per community: :func:`plan_from_files`; whole:
:func:`plan_grids` on layers read whole), on a local Dask cluster sized to the machine, and
prints this process's resident memory at every step the planner reports, with the peak
since the previous step (sampled every 0.1 s), then the total time and the peak. The Dask
workers' memory is not counted (``bench.megacity`` sums every process).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import instances  # noqa: E402
from bench.megacity import _rss_mb  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.client_memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--read", choices=["per-community", "whole"], default="per-community")
    args = parser.parse_args(argv)
    import os

    from gridplanner.algorithms import PlanParameters, plan_from_files, plan_grids, read_layer
    from gridplanner.algorithms.citywide import write_plan_layers
    from gridplanner.algorithms.io import write_result

    path = instances.instance_path(args.households)
    pid = os.getpid()
    peak = [0.0]

    def sample() -> None:
        while True:
            peak[0] = max(peak[0], _rss_mb(pid))
            time.sleep(0.1)

    threading.Thread(target=sample, daemon=True).start()
    started = time.perf_counter()
    last: list[str | None] = [None]

    def progress(fraction: float, message: str) -> None:
        step = "planning the communities" if message.startswith("community ") else message
        if step != last[0]:
            print(f"{time.perf_counter() - started:7.1f} s  {_rss_mb(pid):6.0f} MB (peak so far {peak[0]:6.0f})"
                  f"  → {step}", flush=True)
            last[0] = step

    params = PlanParameters(building_id_field="bldg_id", dedicated_field="dedicated_site", seed=instances.PLAN_SEED)

    def spec(layer: str) -> str:
        return f"{path}|layername={layer}"

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "plan.gpkg"
        if args.read == "per-community":
            result = plan_from_files(spec("buildings"), spec("roads"), spec("communities"),
                                     [spec("water"), spec("waterway")], params, out, progress=progress)
            write_plan_layers(out, result)
        else:
            result = plan_grids(read_layer(spec("buildings")), read_layer(spec("roads")),
                                read_layer(spec("communities")),
                                [read_layer(spec("water")), read_layer(spec("waterway"))], params, progress=progress)
            write_result(out, result)
    time.sleep(0.2)
    print(f"{path.name}: {len(result.grids):,} grids, {time.perf_counter() - started:.1f} s, client peak "
          f"{peak[0]:.0f} MB (read {args.read}, load {os.getloadavg()[0]:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
