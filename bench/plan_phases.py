"""Where a whole plan's time goes (issue 24): ``plan_grids`` on a generated street, timed by step.

Usage (from the repository root)::

    python -m bench.plan_phases --households 1000000 [--workers N]

Prints the seconds of importing the planner, reading the layers, preparing the inputs,
building the community tasks, planning the communities (on a local Dask cluster of
``--workers``, 0: one per core), and assembling the plan in this process; the workers'
summed seconds of atoms, partition and dissolve; the grids and this process's peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.plan_phases", description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args(argv)
    load = [round(x, 2) for x in os.getloadavg()]
    marks = [("start", time.perf_counter())]

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter()))

    import geopandas as gpd

    from bench.instances import GENERATED_OPTIONS, PLAN_SEED, instance_path
    from gridplanner.algorithms import PlanParameters, planner
    mark("importing")
    path = instance_path(args.households)
    layers = {k: gpd.read_file(path, layer=k) for k in ("buildings", "roads", "communities")}
    water = [gpd.read_file(path, layer="water"), gpd.read_file(path, layer="waterway")]
    mark("reading")

    def timed(function, name):
        def wrapper(*a, **k):
            if name == "assembling":
                mark("planning the communities")
            result = function(*a, **k)
            mark(name)
            return result
        return wrapper

    planner.prepare_inputs = timed(planner.prepare_inputs, "preparing")
    planner.build_tasks = timed(planner.build_tasks, "building tasks")
    planner._assemble = timed(planner._assemble, "assembling")
    params = PlanParameters.from_options(seed=PLAN_SEED, workers=args.workers, **GENERATED_OPTIONS)
    result = planner.plan_grids(**layers, water=water, params=params)
    print(f"{path.name}: {int(result.grids['households'].sum()):,} households in {len(result.grids):,} grids; "
          f"load {load} → {[round(x, 2) for x in os.getloadavg()]}")
    for (_, before), (name, at) in zip(marks, marks[1:]):
        print(f"  {name:26s} {at - before:8.2f} s")
    print(f"  plan_grids                 {marks[-1][1] - marks[2][1]:8.2f} s")
    print(f"  workers' seconds: {result.metadata['seconds']}; "
          f"this process's peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
