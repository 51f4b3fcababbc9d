"""The partition step alone, side by side with pymetis (issue 24).

Usage (from the repository root, with the ``bench`` extra)::

    python -m bench.partition_step --households 100000            # Grid Planner and pymetis
    python -m bench.partition_step --households 100000 --profile  # and where the time goes

Builds the atoms of every community of the generated street once (cached beside the instance
as a pickle), then times :func:`partition_community` on each community, and pymetis
``part_graph`` through the peer of ``bench/peers.py`` on the same graphs with the same grid
counts (best of ``--repeat``). Prints a fingerprint of the plan (every community's grids,
kinds and reasons), which must not change when the step is only made faster.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pickle
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench import instances  # noqa: E402


def community_graphs(households: int) -> list:
    """(task, atom graph, random state after the atoms) of every community of the instance."""
    path = instances.instance_path(households)
    cache = path.with_suffix(".graphs.pickle")
    if cache.exists() and cache.stat().st_mtime >= max(p.stat().st_mtime for p in (ROOT / "algorithms").rglob("*.py")):
        with cache.open("rb") as fh:
            return pickle.load(fh)
    import geopandas as gpd

    from gridplanner.algorithms import PlanParameters, planner
    from gridplanner.algorithms.prepare import prepare_inputs

    params = PlanParameters.from_options(seed=instances.PLAN_SEED, workers=1, **instances.GENERATED_OPTIONS)
    prep = prepare_inputs(gpd.read_file(path, layer="buildings"), gpd.read_file(path, layer="roads"),
                          gpd.read_file(path, layer="communities"),
                          [gpd.read_file(path, layer="water"), gpd.read_file(path, layer="waterway")], params)
    items = []
    for task in planner.build_tasks(prep, params):
        rng = np.random.default_rng(planner._community_seed(params.seed, task.code))
        graph = planner.build_community_graph(task, rng)
        items.append((task, graph, rng.bit_generator.state))
    tmp = cache.with_name(cache.name + f".{os.getpid()}.partial")
    with tmp.open("wb") as fh:
        pickle.dump(items, fh)
    os.replace(tmp, cache)
    return items


def _rng(state: dict) -> np.random.Generator:
    rng = np.random.default_rng()
    rng.bit_generator.state = state
    return rng


def gridplanner_step(items: list) -> list:
    from gridplanner.algorithms.partition import partition_community

    plans = []
    for task, graph, state in items:
        p = task.params
        drafts = partition_community(graph, p.band, _rng(state), grid_count=task.grid_count,
                                     pocket_policy=p.small_pocket_policy, start=None, building_ids=task.ids,
                                     compound_names=task.compound_names, search_seconds=p.search_seconds,
                                     pocket_households=p.pocket_threshold)
        plans.append([(d.kind, tuple(d.atoms), tuple(d.reasons)) for d in drafts])
    return plans


def pymetis_step(items: list) -> None:
    from bench.peers import drafts_from_labels, metis_labels
    from gridplanner.algorithms.partition import choose_grid_count

    for task, graph, state in items:
        band = task.params.band
        k = task.grid_count or choose_grid_count(int(np.sum(graph.households)), band)[0]
        if graph.n:
            drafts_from_labels(metis_labels(graph, max(1, int(k)), band, int(_rng(state).integers(2**31))))


def best_of(function, items: list, repeat: int) -> float:
    function(items)         # warm-up: imports, compiled kernels loaded
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function(items)
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.partition_step", description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also print cProfile's 25 costliest functions")
    args = parser.parse_args(argv)
    items = community_graphs(args.households)
    load = [round(x, 2) for x in os.getloadavg()]
    ours = best_of(gridplanner_step, items, args.repeat)
    metis = best_of(pymetis_step, items, args.repeat)
    fingerprint = hashlib.sha1(repr(gridplanner_step(items)).encode()).hexdigest()[:16]
    households = sum(int(t.households.sum()) for t, _, _ in items)
    after = [round(x, 2) for x in os.getloadavg()]
    print(f"{households:,} households, {len(items)} communities; load {load} → {after}")
    print(f"Grid Planner partition step {ours:.3f} s; pymetis {metis:.3f} s; ratio {ours / metis:.1f}×")
    print(f"plan fingerprint {fingerprint}")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        gridplanner_step(items)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
