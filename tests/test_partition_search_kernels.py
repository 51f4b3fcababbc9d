"""The compiled local search (partition/search_kernels.py, the tree trials of compiled.py)
against its own Python source and against the Python it replaced: same moves, same sums to
the last bit, same random draws, same work units; and a whole plan identical with numba
switched off (``NUMBA_DISABLE_JIT=1``, the fallback a QGIS Python without numba runs)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridplanner.algorithms.partition import AreaSearch, Band, compiled, search_kernels
from gridplanner.algorithms.partition.compiled import best_of_trees, best_tree_cut, spanning_tree
from gridplanner.algorithms.partition.search import GridTotals

needs_numba = pytest.mark.skipif(not compiled.COMPILED, reason="numba not installed: nothing compiled")


def _lattice(rng: np.random.Generator, rows: int, cols: int) -> tuple[SimpleNamespace, list]:
    """A lattice of units with random households, workload, areas and boundaries (some soft)."""
    n = rows * cols
    households = rng.integers(0, 120, size=n).astype(float)
    graph = SimpleNamespace(households=households, workload=households * rng.uniform(0.6, 1.6, size=n),
                            area=rng.uniform(500.0, 4000.0, size=n), perimeter=rng.uniform(90.0, 260.0, size=n),
                            x=rng.uniform(0, 1000, size=n), y=rng.uniform(0, 1000, size=n))
    adj: list[list[tuple[int, float, bool]]] = [[] for _ in range(n)]
    for r in range(rows):
        for c in range(cols):
            a = r * cols + c
            for b in ([a + 1] if c + 1 < cols else []) + ([a + cols] if r + 1 < rows else []):
                length, soft = float(rng.uniform(5.0, 60.0)), bool(rng.random() < 0.3)
                adj[a].append((b, length, soft))
                adj[b].append((a, length, soft))
    return graph, adj


def _start(rows: int, cols: int, k: int) -> dict[int, int]:
    """``k`` vertical stripes of the lattice: connected grids."""
    return {r * cols + c: min(k - 1, c * k // cols) for r in range(rows) for c in range(cols)}


def _reference_pass(search: AreaSearch, order: np.ndarray) -> tuple[int, float, tuple]:
    """One pass of single moves as the search made it before its kernels (Python over
    dicts and sets; ``move_delta`` is the Python formula): moves, work units and the plan
    with its sums updated move by move (:func:`_state`)."""
    labels = search.labels
    members = search.members
    work = 0.0
    moves = 0
    for a in order.tolist():
        src = labels[a]
        cands = {labels[b] for b, _, _ in search.adj[a] if labels.get(b, src) != src}
        best = None
        for dst in sorted(cands):
            work += 2 * len(search.adj[a])
            new_src, new_dst, c_src, c_dst = _move_totals(search, labels, a, src, dst)
            delta = c_src + c_dst - search.costs[src] - search.costs[dst]
            if delta < -1e-9 and (best is None or delta < best[0]):
                best = (delta, dst, new_src, new_dst, c_src, c_dst)
        if best is None:
            continue
        if len(members[src]) > 1:
            work += 2 * len(members[src])
        rest = members[src] - {a}
        if not rest or not _connected(rest, search.adj):
            continue
        _, dst, new_src, new_dst, c_src, c_dst = best
        _apply_move(search, labels, members, a, src, dst, (new_src, new_dst), (c_src, c_dst))
        moves += 1
    state = (labels, [len(m) for m in members], *(x.tolist() for x in (
        search.households, search.workload, search.area_m2, search.perimeter, search.minor_roads, search.costs)))
    return moves, work, state


def _python_cost(search: AreaSearch, households: float, workload: float, area_m2: float, perimeter: float,
                 minor_roads: float) -> float:
    """The grid cost as the search wrote it in Python before its kernels."""
    band, mean = search.band, search.mean_workload
    cost = 1000.0 * (max(0.0, band.min - households) + max(0.0, households - band.max)) / band.target
    cost += 200.0 * ((workload - mean) / mean) ** 2
    if perimeter > 0:
        cost += 1.0 * (1.0 - 4.0 * math.pi * area_m2 / (perimeter * perimeter))
        cost += 0.3 * minor_roads / perimeter
    cost += 0.5 * ((households - band.target) / band.target) ** 2
    return cost


def _connected(nodes: set[int], adj) -> bool:
    start = next(iter(nodes))
    seen, stack = {start}, [start]
    while stack:
        v = stack.pop()
        for b, _, _ in adj[v]:
            if b in nodes and b not in seen:
                seen.add(b)
                stack.append(b)
    return seen == nodes


def _search(seed: int, rows: int, cols: int, k: int) -> AreaSearch:
    rng = np.random.default_rng(seed)
    graph, adj = _lattice(rng, rows, cols)
    total = graph.households.sum()
    band = Band(int(total / k * 0.7), int(total / k * 1.3) + 1, total / k)
    search = AreaSearch(np.arange(rows * cols), graph, adj, band, k, np.random.default_rng(seed))
    search.set_labels(_start(rows, cols, k))
    return search


def _state(search: AreaSearch) -> tuple:
    return (search.labels, search.size.tolist(), search.households.tolist(), search.workload.tolist(),
            search.area_m2.tolist(), search.perimeter.tolist(), search.minor_roads.tolist(), search.costs.tolist())


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), rows=st.integers(2, 9), cols=st.integers(3, 12), k=st.integers(2, 5))
def test_a_compiled_pass_makes_the_moves_the_python_search_made(seed, rows, cols, k) -> None:
    k = min(k, cols)
    fast, slow = _search(seed, rows, cols, k), _search(seed, rows, cols, k)
    order = np.random.default_rng(seed + 1).permutation(rows * cols)
    moves, work = search_kernels.local_search_pass(
        order, fast._lab, fast.size, fast.households, fast.workload, fast.area_m2, fast.perimeter, fast.minor_roads,
        fast.costs, fast._indptr, fast._nbr, fast._length, fast._soft, fast._unit_h, fast._unit_w, fast._unit_a,
        fast._unit_p, *fast._band, fast._seen, fast._stack)
    ref_moves, ref_work, ref_state = _reference_pass(slow, order)
    assert (moves, float(work)) == (ref_moves, ref_work)
    assert _state(fast) == ref_state                     # to the last bit
    assert not fast._seen.any()                          # scratch left clean


@needs_numba
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), rows=st.integers(2, 9), cols=st.integers(3, 12), k=st.integers(2, 5))
def test_compiled_and_python_search_kernels_agree_exactly(seed, rows, cols, k) -> None:
    k = min(k, cols)
    runs = []
    for kernels in ("compiled", "python"):
        search = _search(seed, rows, cols, k)
        pick = (lambda f: f) if kernels == "compiled" else (lambda f: f.py_func)
        order = np.random.default_rng(seed + 1).permutation(rows * cols)
        moved = pick(search_kernels.local_search_pass)(
            order, search._lab, search.size, search.households, search.workload, search.area_m2, search.perimeter,
            search.minor_roads, search.costs, search._indptr, search._nbr, search._length, search._soft,
            search._unit_h, search._unit_w, search._unit_a, search._unit_p, *search._band, search._seen,
            search._stack)
        path = np.array(sorted({0, k - 1, k // 2}), dtype=np.int64)
        chained = pick(search_kernels.try_chain)(
            path, float(search.workload[0] - search.mean_workload), search._global, search._lab, search.size,
            search.households, search.workload, search.area_m2, search.perimeter, search.minor_roads, search.costs,
            search._indptr, search._nbr, search._length, search._soft, search._unit_h, search._unit_w,
            search._unit_a, search._unit_p, *search._band, search._seen, search._stack)
        sums = pick(search_kernels.grid_sums)(
            search._keys, search._lab, k, search._indptr, search._nbr, search._length, search._soft, search._unit_h,
            search._unit_w, search._unit_a, search._unit_p, *search._band)
        runs.append((tuple(map(int, moved)), (bool(chained[0]), int(chained[1])), _state(search),
                     [s.tolist() for s in sums]))
    assert runs[0] == runs[1]


@pytest.mark.parametrize("seed", range(12))
def test_the_cost_kernel_is_the_python_formula(seed) -> None:
    search = _search(seed, 4, 6, 3)
    rng = np.random.default_rng(seed)
    for _ in range(50):
        sums = (float(rng.integers(0, 900)), float(rng.uniform(0, 900)), float(rng.uniform(0, 9e4)),
                float(rng.choice([0.0, rng.uniform(10, 3000)])), float(rng.uniform(0, 300)))
        assert search.grid_cost(*sums) == _python_cost(search, *sums)


def _tree_trials_reference(rng, n, rows, cols, base, h, w, k1, k2, band, want, unit, trials):
    """The tree loop as bisect_tree wrote it in Python before its kernel."""
    best = None
    trees = 0
    for t in range(trials):
        weights = base * rng.uniform(1.0, 2.5, size=len(base)) if t > 0 else base
        trees += 1
        root = int(rng.integers(n)) if t > 0 else 0
        order, pred = spanning_tree(n, rows, cols, weights, root)
        if not len(order):
            return None, trees
        s1, v1, s2, v2 = best_tree_cut(order, pred, h, w, float(h.sum()), float(w.sum()), k1, k2, *band, want, unit)
        for flip, score, node in ((False, s1, v1), (True, s2, v2)):
            if best is None or score < best[0] - 1e-12:
                best = (score, int(node), flip, order.tolist())
        if best[0] < 0.01:
            break
    return best, trees


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), n=st.integers(2, 400), trials=st.integers(1, 12))
def test_the_tree_trials_draw_what_numpy_draws(seed, n, trials) -> None:
    data = np.random.default_rng(seed)
    rows = np.arange(n - 1, dtype=np.int64)
    cols = np.arange(1, n, dtype=np.int64)
    extra = data.integers(0, n, size=(n, 2))
    keep = extra[:, 0] != extra[:, 1]
    rows = np.concatenate([rows, extra[keep].min(axis=1)])
    cols = np.concatenate([cols, extra[keep].max(axis=1)])
    base = data.uniform(10.0, 200.0, size=len(rows))
    h = data.integers(0, 200, size=n).astype(float)
    w = h * data.uniform(0.8, 1.3, size=n)
    k = max(2, int(h.sum() // 300))
    band = (200.0, 400.0, 300.0)
    want, unit = float(w.sum()) * (k // 2) / k, float(w.sum()) / k
    ours, theirs = np.random.default_rng(seed + 7), np.random.default_rng(seed + 7)
    found, node, flip, order, _, trees = best_of_trees(ours, n, rows, cols, base, h, w, float(h.sum()),
                                                       float(w.sum()), k // 2, k - k // 2, *band, want, unit,
                                                       trials)
    best, ref_trees = _tree_trials_reference(theirs, n, rows, cols, base, h, w, k // 2, k - k // 2, band, want,
                                             unit, trials)
    assert found and best is not None
    assert (int(node), bool(flip), order.tolist(), int(trees)) == (best[1], best[2], best[3], ref_trees)
    assert ours.bit_generator.state == theirs.bit_generator.state        # the stream goes on the same


_PLAN_SCRIPT = """
import json, sys
import numpy as np
sys.path.insert(0, {samples!r})
from lattice import make_layout
from gridplanner.algorithms import PlanParameters, plan_grids
b, r, c, w = make_layout(seed=110, rows=5, cols=7, per_block=(5, 12), households=(10, 60), compound_share=0.5,
                         hard_every=5, two_communities=True, empty_blocks=2)
result = plan_grids(b, r, c, None, params=PlanParameters.from_options(seed=3, workers=1))
print(json.dumps([str(x) for x in result.buildings["grid_code"]]
                 + [f"{{x:.9f}}" for x in result.grids["households"]] + sorted(result.grids["reason"].astype(str))))
"""


@needs_numba
@pytest.mark.slow
def test_a_plan_is_the_same_without_numba(repo_root) -> None:
    """The whole planner with every kernel compiled, then with numba switched off."""
    script = _PLAN_SCRIPT.format(samples=str(repo_root / "sample_data"))
    plans = []
    for disabled in ("0", "1"):
        env = dict(os.environ, NUMBA_DISABLE_JIT=disabled)
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=900,
                             check=True)
        plans.append(json.loads(out.stdout.strip().splitlines()[-1]))
    assert plans[0] == plans[1]


@needs_numba
@pytest.mark.slow
def test_the_demo_street_is_planned_the_same_without_numba(repo_root, tmp_path) -> None:
    """The README's demo plan (``scripts/run_sample.sh``) with the kernels compiled and with
    numba switched off: every building in the same grid."""
    import pyogrio

    sample = repo_root / "sample_data" / "demo_street.gpkg"
    codes = []
    for disabled in ("0", "1"):
        out = tmp_path / f"plan_{disabled}.gpkg"
        args = ["plan", "--buildings", f"{sample}|layername=buildings", "--roads", f"{sample}|layername=roads",
                "--communities", f"{sample}|layername=communities", "--water", f"{sample}|layername=water",
                "--water", f"{sample}|layername=waterway", "--building-id-field", "bldg_id",
                "--dedicated-field", "dedicated_site", "--seed", "1", "-o", str(out), "--quiet"]
        script = f"import sys; from gridplanner.cli import main; sys.exit(main({args!r}))"
        subprocess.run([sys.executable, "-c", script], env=dict(os.environ, NUMBA_DISABLE_JIT=disabled),
                       capture_output=True, text=True, timeout=900, check=True)
        buildings = pyogrio.read_dataframe(out, layer="buildings", read_geometry=False)
        codes.append(list(zip(buildings["bldg_id"].astype(str), buildings["grid_code"].astype(str))))
    assert len(codes[0]) == 1618 and codes[0] == codes[1]


def _move_totals(search: AreaSearch, labels: dict, a: int, src: int, dst: int) -> tuple:
    """What the Python search computed for moving ``a`` from ``src`` to ``dst``: the two grids'
    new totals (``GridTotals``) and costs (its Python formula)."""
    sh_src = sh_dst = soft_src = soft_dst = 0.0
    for b, length, soft in search.adj[a]:
        lb = labels.get(b)
        if lb == src:
            sh_src += length
            soft_src += length if soft else 0.0
        elif lb == dst:
            sh_dst += length
            soft_dst += length if soft else 0.0
    h, w = search.unit_households[a], search.unit_workload[a]
    ar, pe = search.unit_area_m2[a], search.unit_perimeter[a]
    new_src = GridTotals(search.households[src] - h, search.workload[src] - w, search.area_m2[src] - ar,
                         search.perimeter[src] - pe + 2 * sh_src, search.minor_roads[src] - soft_src)
    new_dst = GridTotals(search.households[dst] + h, search.workload[dst] + w, search.area_m2[dst] + ar,
                         search.perimeter[dst] + pe - 2 * sh_dst, search.minor_roads[dst] + soft_dst)
    return new_src, new_dst, _python_cost(search, *new_src), _python_cost(search, *new_dst)


def _apply_move(search: AreaSearch, labels: dict, members: list, a: int, src: int, dst: int,
                totals: tuple, costs: tuple) -> None:
    """Move ``a`` from ``src`` to ``dst`` with the grids' new ``totals`` and ``costs``."""
    labels[a] = dst
    members[src].discard(a)
    members[dst].add(a)
    for g, grid_totals, cost in zip((src, dst), totals, costs):
        (search.households[g], search.workload[g], search.area_m2[g], search.perimeter[g],
         search.minor_roads[g]) = grid_totals
        search.costs[g] = cost


def _reference_move(search: AreaSearch, labels: dict, members: list, a: int, src: int, dst: int) -> float:
    """Move ``a`` as the Python search did (its sums from the Python formula); the delta."""
    new_src, new_dst, c_src, c_dst = _move_totals(search, labels, a, src, dst)
    delta = c_src + c_dst - search.costs[src] - search.costs[dst]
    _apply_move(search, labels, members, a, src, dst, (new_src, new_dst), (c_src, c_dst))
    return delta


def _reference_chain(search: AreaSearch, path: list[int], amount: float) -> tuple[bool, float, tuple]:
    """A transfer chain as the Python search made it before its kernel: kept, work, plan."""
    labels, members = search.labels, search.members
    work = 0.0
    done: list[tuple[int, int, int]] = []
    delta_sum = 0.0
    want = amount
    for src, dst in zip(path, path[1:]):
        work += 2 * len(members[src])
        border = sorted((a for a in members[src] if any(labels.get(b) == dst for b, _, _ in search.adj[a])),
                        key=lambda a: (abs(search.unit_workload[a] - want), a))
        unit = None
        for a in border[:4]:
            if len(members[src]) > 1:
                work += 2 * len(members[src])
            rest = members[src] - {a}
            if rest and _connected(rest, search.adj):
                unit = a
                break
        if unit is None:
            break
        work += 2 * len(search.adj[unit])
        delta_sum += _reference_move(search, labels, members, unit, src, dst)
        done.append((unit, src, dst))
        want = search.unit_workload[unit]
    kept = len(done) == len(path) - 1 and delta_sum < -1e-9
    if not kept:
        for unit, src, dst in reversed(done):
            work += 2 * len(search.adj[unit])
            _reference_move(search, labels, members, unit, dst, src)
    state = (labels, [len(m) for m in members], *(x.tolist() for x in (
        search.households, search.workload, search.area_m2, search.perimeter, search.minor_roads, search.costs)))
    return kept, work, state


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), rows=st.integers(2, 9), cols=st.integers(4, 12), k=st.integers(2, 5),
       share=st.floats(-1.5, 1.5))
def test_a_compiled_transfer_chain_is_the_python_chain(seed, rows, cols, k, share) -> None:
    k = min(k, cols)
    fast, slow = _search(seed, rows, cols, k), _search(seed, rows, cols, k)
    path = list(range(k)) if seed % 2 else list(range(k - 1, -1, -1))
    amount = abs(share) * fast.mean_workload / 4
    kept = fast._try_chain(path, amount)
    again = _search(seed, rows, cols, k)
    _, kernel_work = search_kernels.try_chain(
        np.asarray(path, dtype=np.int64), float(amount), again._global, again._lab, again.size, again.households,
        again.workload, again.area_m2, again.perimeter, again.minor_roads, again.costs, again._indptr, again._nbr,
        again._length, again._soft, again._unit_h, again._unit_w, again._unit_a, again._unit_p, *again._band,
        again._seen, again._stack)
    ref_kept, ref_work, ref_state = _reference_chain(slow, path, amount)
    assert (kept, float(kernel_work)) == (ref_kept, ref_work)
    assert _state(fast) == ref_state


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.one_of(st.integers(0, 300), st.integers(300, 40_000)))
def test_the_kernels_add_as_numpy_adds(seed, n) -> None:
    values = np.random.default_rng(seed).uniform(0.0, 1000.0, size=n) ** 1.5
    assert compiled.numpy_sum(values) == float(values.sum())
    if n < 2000:         # the same function as Python (the fallback without numba)
        assert getattr(compiled.numpy_sum, "py_func", compiled.numpy_sum)(values) == float(values.sum())


@pytest.fixture(scope="module")
def demo_units():
    """The units and the area of most units among the demo street's communities (real geometry)."""
    import geopandas as gpd

    from gridplanner.algorithms import PlanParameters
    from gridplanner.algorithms.partition.adjacency import areas_of, planning_adjacency
    from gridplanner.algorithms.partition.units import Units
    from gridplanner.algorithms.planner import build_community_graph, build_tasks
    from gridplanner.algorithms.prepare import prepare_inputs

    sample = __import__("pathlib").Path(__file__).resolve().parents[1] / "sample_data" / "demo_street.gpkg"
    layers = {name: gpd.read_file(sample, layer=name) for name in ("buildings", "roads", "communities", "water")}
    params = PlanParameters.from_options(seed=1, building_id_field="bldg_id", dedicated_field="dedicated_site")
    prep = prepare_inputs(layers["buildings"], layers["roads"], layers["communities"], [layers["water"]], params)
    best: tuple | None = None
    for task in build_tasks(prep, params):
        graph = build_community_graph(task, np.random.default_rng(1))
        free = graph.kind != "water"
        units = Units(graph, planning_adjacency(graph, free), [])
        unit_free = np.array([free[m[0]] for m in units.members], dtype=bool)
        for area in areas_of(units.adj, unit_free):
            if best is None or len(area) > len(best[1]):
                best = (units, area)
    assert best is not None and len(best[1]) >= 30
    units, area = best
    return units, area, params.band


@pytest.mark.parametrize("balance_on", ["households", "workload"])
@pytest.mark.parametrize("seed", range(6))
def test_a_compiled_recursive_split_is_the_python_recursion(demo_units, balance_on, seed) -> None:
    from gridplanner.algorithms.partition.budget import SearchBudget
    from gridplanner.algorithms.partition.cuts import recursive_split

    units, area, band = demo_units
    k = max(2, int(units.households[area].sum()) // int(band.target)) + seed % 3
    runs = []
    for adj in (units.adj, list(units.adj)):      # units.adj: the kernel; a copy: the Python recursion
        rng, budget = np.random.default_rng(seed), SearchBudget(None)
        parts = recursive_split(area, units, adj, k, band, rng, balance_on=balance_on, work=budget)
        runs.append(([p.tolist() for p in parts], budget.used, rng.bit_generator.state))
    assert len(runs[0][0]) == k
    assert runs[0] == runs[1]


@pytest.mark.parametrize("seed", range(4))
def test_compiled_re_cuts_are_the_python_re_cuts(demo_units, seed) -> None:
    """Merge–split, band repairs and chains on the demo street's largest area, once on the
    units' own adjacency (the kernels: one call per re-cut) and once on a copy of it (the
    Python steps): the same plans, random stream and work units throughout."""
    from gridplanner.algorithms.partition.budget import SearchBudget
    from gridplanner.algorithms.partition.cuts import recursive_split

    units, area, band = demo_units
    k = max(2, int(units.households[area].sum()) // int(band.target))
    runs = []
    for adj in (units.adj, list(units.adj)):
        rng, budget = np.random.default_rng(seed), SearchBudget(None)
        parts = recursive_split(area, units, adj, k, band, rng, balance_on="households", work=budget)
        search = AreaSearch(area, units, adj, band, len(parts), rng, budget)
        search.set_labels({int(a): g for g, part in enumerate(parts) for a in part})
        steps = [search.merge_split(), search.local_search(), search.repair_band(), search.transfer_chains(),
                 search.merge_split(trials=3)]
        runs.append((steps, _state(search), budget.used, rng.bit_generator.state))
    assert sum(runs[0][0]) > 0                     # the steps changed the plan
    assert runs[0] == runs[1]
