"""AreaSearch, the plan state of one area: incremental sums, snapshots and connectivity."""

from types import SimpleNamespace

import numpy as np
import pytest

from gridplanner.algorithms.partition import AreaSearch, Band, Neighbour


def _lattice(rows: int, cols: int, seed: int):
    """A rows × cols lattice of units with random households, workloads, areas and perimeters;
    about a third of the boundaries are minor roads, with random lengths."""
    rng = np.random.default_rng(seed)
    n = rows * cols
    graph = SimpleNamespace(households=rng.integers(5, 120, size=n).astype(np.int64),
                            workload=rng.uniform(5.0, 150.0, size=n),
                            area=rng.uniform(500.0, 5000.0, size=n),
                            perimeter=rng.uniform(100.0, 400.0, size=n))
    adj: list[list[Neighbour]] = [[] for _ in range(n)]
    for r in range(rows):
        for c in range(cols):
            a = r * cols + c
            for b in ([a + 1] if c + 1 < cols else []) + ([a + cols] if r + 1 < rows else []):
                length, soft = float(rng.uniform(10.0, 60.0)), bool(rng.random() < 0.35)
                adj[a].append(Neighbour(b, length, soft))
                adj[b].append(Neighbour(a, length, soft))
    return graph, adj


def _search(rows: int = 5, cols: int = 6, k: int = 3, seed: int = 0) -> AreaSearch:
    """A lattice in ``k`` vertical stripes of columns."""
    graph, adj = _lattice(rows, cols, seed)
    n = rows * cols
    search = AreaSearch(np.arange(n), graph, adj, Band(150, 450, 300), k, np.random.default_rng(seed))
    search.set_labels({a: min(k - 1, (a % cols) * k // cols) for a in range(n)})
    return search


def _fresh(search: AreaSearch) -> AreaSearch:
    """The same plan with every sum computed from scratch."""
    again = AreaSearch(search.nodes, search.graph, search.adj, search.band, search.k, search.rng)
    again.set_labels(search.labels)
    return again


def _state(search: AreaSearch) -> tuple:
    return (dict(search.labels), [set(m) for m in search.members],
            *(getattr(search, name).tolist()
              for name in ("households", "workload", "area_m2", "perimeter", "minor_roads", "costs")))


def _connected(members: set[int], adj) -> bool:
    start = next(iter(members))
    seen, stack = {start}, [start]
    while stack:
        v = stack.pop()
        for b, _, _ in adj[v]:
            if b in members and b not in seen:
                seen.add(b)
                stack.append(b)
    return seen == members


@pytest.mark.parametrize("seed", range(6))
def test_sums_and_cost_after_random_moves_match_a_recomputation(seed):
    search = _search(seed=seed)
    rng = np.random.default_rng(100 + seed)
    made = 0
    for _ in range(400):
        a = int(rng.integers(len(search.nodes)))
        src = search.labels[a]
        dsts = sorted({search.labels[b] for b, _, _ in search.adj[a]} - {src})
        if not dsts or not search.keeps_connected(src, a):
            continue
        move = search.move_delta(a, src, dsts[int(rng.integers(len(dsts)))])
        before = search.total_cost()
        search.apply(move)
        assert search.total_cost() == pytest.approx(before + move.delta, abs=1e-9)
        made += 1
    assert made > 50
    fresh = _fresh(search)
    for name in ("households", "workload", "area_m2", "perimeter", "minor_roads", "costs"):
        assert getattr(search, name) == pytest.approx(getattr(fresh, name), rel=1e-9, abs=1e-9), name
    assert search.members == fresh.members
    assert search.total_cost() == pytest.approx(fresh.total_cost(), rel=1e-12)
    for g in range(search.k):                   # valid moves keep every grid connected
        assert _connected(search.members[g], search.adj)


def test_sums_name_what_they_hold():
    search = _search(rows=2, cols=2, k=2)
    graph, adj = search.graph, search.adj
    # grid 0 = units 0 and 2 (left column), grid 1 = units 1 and 3
    assert search.members == [{0, 2}, {1, 3}]
    shared = next(n for n in adj[0] if n.atom == 2)
    totals = search.totals(0)
    assert totals.households == graph.households[[0, 2]].sum()
    assert totals.workload == pytest.approx(graph.workload[[0, 2]].sum())
    assert totals.area_m2 == pytest.approx(graph.area[[0, 2]].sum())
    assert totals.perimeter == pytest.approx(graph.perimeter[[0, 2]].sum() - 2 * shared.length)
    assert totals.minor_roads == pytest.approx(shared.length if shared.soft else 0.0)
    assert search.costs[0] == pytest.approx(search.grid_cost(*totals))


def test_restore_gives_back_exactly_the_plan_of_the_snapshot():
    search = _search(seed=3)
    search.local_search(max_passes=2)
    before = _state(search)
    saved = search.snapshot()
    changed = dict(search.labels)
    for a in range(0, len(changed), 2):
        changed[a] = (changed[a] + 1) % search.k
    search.set_labels(changed)
    search.local_search(max_passes=3)
    assert _state(search) != before
    search.restore(saved)
    assert _state(search) == before
    # the restored plan goes on as if nothing had happened
    move = search.move_delta(0, search.labels[0], search.labels[1])
    assert move.delta == pytest.approx(_fresh(search).move_delta(0, search.labels[0], search.labels[1]).delta)


def test_a_move_that_would_cut_its_grid_in_two_is_refused():
    # 0 - 1 - 2 in a row (grid 0, 300 households over a maximum of 250), unit 3 below the
    # middle one (grid 1, 10 households under the minimum of 150). Moving 1 would bring both
    # grids into the band, but leave 0 and 2 apart: the search must not make it.
    graph = SimpleNamespace(households=np.array([100, 100, 100, 10]), workload=np.array([100.0, 100.0, 100.0, 10.0]),
                            area=np.ones(4), perimeter=np.full(4, 4.0))
    adj = [[Neighbour(1, 1.0, False)], [Neighbour(0, 1.0, False), Neighbour(2, 1.0, False), Neighbour(3, 1.0, False)],
           [Neighbour(1, 1.0, False)], [Neighbour(1, 1.0, False)]]
    search = AreaSearch(np.arange(4), graph, adj, Band(150, 250, 200), 2, np.random.default_rng(0))
    search.set_labels({0: 0, 1: 0, 2: 0, 3: 1})
    assert search.move_delta(1, 0, 1).delta < 0              # the move would pay …
    assert not search.keeps_connected(0, 1)                  # … but cuts grid 0 in two
    assert search.keeps_connected(0, 0) and search.keeps_connected(0, 2)
    assert not search.keeps_connected(1, 3)                  # a grid is never emptied either
    assert search.local_search() == 0
    assert search.labels == {0: 0, 1: 0, 2: 0, 3: 1}
    assert search.transfer_chains() == 0
    assert search.labels == {0: 0, 1: 0, 2: 0, 3: 1}


def test_stuck_units_are_declared_and_spare_their_grid():
    search = _search(seed=1)
    assert search.stuck == set() and not any(search.holds_stuck(g) for g in range(search.k))
    unit = next(iter(search.members[1]))
    search.mark_stuck([unit])
    assert [search.holds_stuck(g) for g in range(search.k)] == [False, True, False]
