#!/usr/bin/env python3
"""Scaling benchmark of the Grid Planner engine on generated streets.

Usage::

    python bench/scaling.py                       # community, sample street, 100k street
    python bench/scaling.py --sizes 5000 100000 1000000 --markdown BENCHMARKS-scaling.md

Instances come from ``sample_data/generate.py`` (the same generator as the demo data) and are
cached under ``bench/cache/``. Each size runs in a fresh child process, so the peak resident
memory (``ru_maxrss``) is that run's alone. Quality comes from the plan's own summary, i.e.
the metric functions of ``gridplanner.algorithms.metrics``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / "cache"
HOUSEHOLDS_PER_CELL = 6500


def _generator():
    spec = importlib.util.spec_from_file_location("gp_generate", ROOT / "sample_data" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def instance_path(households: int, seed: int = 7) -> Path:
    """Generate (once) a street of about ``households`` households and return its GeoPackage."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"street_{households}_{seed}.gpkg"
    if path.exists():
        return path
    gen = _generator()
    if households <= 8000:
        n_comm, scale = 3, households / (2 * HOUSEHOLDS_PER_CELL)
    else:
        n_comm = max(3, int(round(households / HOUSEHOLDS_PER_CELL)) + 1)
        scale = 1.0
    layers = gen.generate_street(seed=seed, n_communities=n_comm, scale=max(scale, 0.3), defects=False)
    gen.write_gpkg(layers, path)
    return path


def _child(path: str, seed: int) -> None:
    import warnings
    warnings.filterwarnings("ignore")
    from gridplanner.algorithms import PlanParameters, plan_grids, read_layer

    layers = {n: read_layer(f"{path}|layername={n}", n) for n in
              ("buildings", "roads", "communities", "water", "waterway")}
    params = PlanParameters(seed=seed, building_id_field="bldg_id", dedicated_field="dedicated_site")
    start = time.perf_counter()
    result = plan_grids(layers["buildings"], layers["roads"], layers["communities"],
                        [layers["water"], layers["waterway"]], params)
    elapsed = time.perf_counter() - start
    # Worker processes (large runs plan communities in parallel) count too: report the larger.
    peak_mb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    out = dict(result.summary)
    out.update({"seconds": elapsed, "peak_rss_mb": peak_mb, "buildings": len(layers["buildings"]),
                "communities": len(layers["communities"])})
    print(json.dumps(out))


def run(households: int, seed: int) -> dict:
    path = instance_path(households)
    proc = subprocess.run([sys.executable, __file__, "--child", str(path), "--seed", str(seed)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}"


def markdown(rows: list[dict], command: str) -> str:
    lines = [f"Machine: {machine()}", "", f"Command: `{command}`", "",
             "| households | buildings | communities | grids | time (s) | peak RSS (MB) | in band | "
             "workload max/min | workload CV | barrier crossings | avoidable compound splits | "
             "mean Polsby–Popper |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['households']:,} | {r['buildings']:,} | {r['communities']} | {r['grids']} | "
                     f"{r['seconds']:.1f} | {r['peak_rss_mb']:.0f} | {r['in_band_share'] * 100:.1f} % | "
                     f"{r['workload_max_min_ratio']:.2f} | {r['workload_cv'] * 100:.1f} % | "
                     f"{r['barrier_crossings']} | {r['avoidable_compound_splits']} | "
                     f"{r['mean_compactness']:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 35000, 100000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", help="write the table to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.seed)
        return 0
    rows = []
    for size in args.sizes:
        row = run(size, args.seed)
        rows.append(row)
        print(f"{size:>9,} target households: {row['households']:,} in {row['seconds']:.1f} s, "
              f"peak {row['peak_rss_mb']:.0f} MB, {row['in_band_share'] * 100:.1f} % in band", flush=True)
    command = "python bench/scaling.py " + " ".join(a for a in (argv or sys.argv[1:]))
    table = markdown(rows, command.strip())
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
