"""The proof that a grid cannot reach the band, and the repair that carves in-band grids."""

import numpy as np

from gridplanner.algorithms.partition import Band, band_blocked, household_links, in_band_sets

BAND = Band(300, 500, 400)


def _adj(n, edges):
    adj = [[] for _ in range(n)]
    for i, j in edges:
        adj[i].append((j, 10.0, True))
        adj[j].append((i, 10.0, True))
    return adj


def test_links_pass_through_land_without_households():
    hh = np.array([200, 0, 0, 150])
    adj = _adj(4, [(0, 1), (1, 2), (2, 3)])
    links = household_links(np.arange(4), hh, adj)
    assert set(links) == {0, 3}
    assert links[0] == {3: [2, 1]} or links[0] == {3: [1, 2]}
    assert sorted(links[0][3]) == [1, 2]


def test_small_compound_between_two_large_ones_is_proven_blocked():
    hh = np.array([200, 450, 460])
    adj = _adj(3, [(0, 1), (0, 2)])
    blocked = band_blocked(np.arange(3), hh, adj, BAND, [0, 1, 2])
    assert blocked == {0: [2, 1]}          # neighbours listed largest first


def test_a_small_neighbour_makes_the_band_possible():
    hh = np.array([200, 450, 150])
    adj = _adj(3, [(0, 1), (0, 2)])
    links = household_links(np.arange(3), hh, adj)
    sets, complete = in_band_sets(0, hh, links, BAND, want=5)
    assert frozenset({0, 2}) in sets and complete
    assert band_blocked(np.arange(3), hh, adj, BAND, [0]) == {}


def test_every_set_found_is_connected_and_in_band():
    rng = np.random.default_rng(4)
    n = 30
    hh = rng.integers(0, 160, size=n)
    edges = [(i, i + 1) for i in range(n - 1)] + [(i, i + 5) for i in range(0, n - 5, 3)]
    adj = _adj(n, edges)
    links = household_links(np.arange(n), hh, adj)
    start = int(np.flatnonzero(hh > 0)[0])
    sets, _ = in_band_sets(start, hh, links, BAND, want=50, budget=20000)
    assert sets
    for st in sets:
        assert start in st and BAND.min <= hh[list(st)].sum() <= BAND.max
        seen, stack = {start}, [start]
        while stack:                      # connected through the links
            v = stack.pop()
            for w in links[v]:
                if w in st and w not in seen:
                    seen.add(w)
                    stack.append(w)
        assert seen == set(st)
    assert len(set(sets)) == len(sets)    # each set once


def test_an_exhausted_budget_proves_nothing():
    hh = np.full(40, 10)
    adj = _adj(40, [(i, j) for i in range(40) for j in range(i + 1, 40)])
    links = household_links(np.arange(40), hh, adj)
    sets, complete = in_band_sets(0, hh, links, Band(1000, 2000, 1500), budget=50)
    assert not sets and not complete
    # 2**39 sets cannot be searched within the budget, so no proof: not reported as blocked
    assert band_blocked(np.arange(40), hh, adj, Band(1000, 2000, 1500), [0]) == {}


def test_blocks_reaching_the_rest_only_through_a_compound_must_join_it():
    # 0: compound of 448; 1, 2: blocks of 28 that touch each other and only the compound;
    # 3: a block of 200 beyond the compound. Each small block alone could make 476 with the
    # compound, but both must share its grid: 504, above the maximum.
    hh = np.array([448, 28, 28, 200])
    adj = _adj(4, [(0, 1), (0, 2), (1, 2), (0, 3)])
    blocked = band_blocked(np.arange(4), hh, adj, BAND, [0, 1, 2])
    assert set(blocked) == {0, 1, 2}
    # with a second way out for one of the small blocks there is no such proof
    adj = _adj(5, [(0, 1), (0, 2), (1, 2), (0, 3), (2, 4)])
    assert band_blocked(np.arange(5), np.array([448, 28, 28, 300, 300]), adj, BAND, [0, 1, 2]) == {}
