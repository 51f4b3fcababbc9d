"""Spanning-tree cuts: starts and re-cuts that always leave connected parts.

Cutting one edge of a spanning tree leaves two connected halves; random minimum spanning
trees (Kruskal on the atom graph with randomised edge weights) give varied cuts.
"""

from __future__ import annotations

import numpy as np

from ..atoms import AtomGraph
from ..band import Band
from ..bandcheck import WorkBudget
from .adjacency import Adjacency
from .compiled import best_of_trees, split_rows, subtree_mask
from .units import Units, tree_weight

TREE_TRIALS = 12
# Work units (reference microseconds) charged to a time budget (:mod:`.budget`): per tree tried
# and per node and edge of the graph cut (measured: about 100 µs per tree on areas of 30–300
# units, nearly all of it per-call overhead).
WORK_PER_TREE = 100
WORK_PER_TREE_ITEM = 1


def _subgraph_edges(nodes: np.ndarray, graph: AtomGraph | Units,
                    adj: Adjacency) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges among ``nodes`` (local indices, each once: from the node met first in ``nodes``
    to a larger unit number) weighted by :func:`.units.tree_weight` (for graphs other than
    the units' own: those go through :func:`.compiled.subgraph_edges`)."""
    pos = {int(a): i for i, a in enumerate(nodes)}
    rows, cols, vals = [], [], []
    x, y = graph.x, graph.y
    for a in nodes:
        a = int(a)
        for b, _, soft in adj[a]:
            if b > a and b in pos:
                rows.append(pos[a])
                cols.append(pos[b])
                vals.append(tree_weight(x[a] - x[b], y[a] - y[b], soft))
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64), np.asarray(vals, dtype=float)


def bisect_tree(nodes: np.ndarray, graph: AtomGraph | Units, adj: Adjacency, k1: int, k: int, band: Band,
                rng: np.random.Generator, trials: int = TREE_TRIALS,
                balance_on: str = "households", work: WorkBudget | None = None) -> np.ndarray | None:
    """Cut ``nodes`` in two connected parts meant for ``k1`` and ``k - k1`` grids.

    Tries up to ``trials`` random spanning trees (the first with the plain distance weights,
    rooted at the first node) and keeps the tree cut with the least score: the households by
    which either side cannot meet the band with its grid count (heavily weighted), plus how
    far the ``k1`` side's ``balance_on`` (``"households"`` or ``"workload"``) is from
    ``k1 / k`` of the total; a score below 0.01 ends the trials early. Returns a boolean
    array (True: the ``k1`` side) or ``None`` when there are fewer than two nodes or they do
    not form a connected graph. ``work``, a time budget, is charged for every tree (the
    trials are not cut short: a cut is always made). The trials are one :mod:`.compiled`
    kernel (:func:`.compiled.best_of_trees`) that draws from ``rng`` itself, tree by tree,
    the same numbers in the same order as NumPy would here, so the plan does not depend on
    whether numba is installed.
    """
    n = len(nodes)
    if n < 2:
        return None
    assert trials >= 1, "bisect_tree needs trials >= 1"
    if isinstance(graph, Units) and adj is graph.adj:
        # the first cut of the compiled recursive bisection: one compiled entry for both
        indptr, nbr, weight = graph.tree_rows()
        households, workload = graph.float_columns()
        _, _, units, found, side = split_rows(rng, np.asarray(nodes, dtype=np.int64), k, indptr, nbr, weight,
                                              graph.position_scratch, households,
                                              workload if balance_on == "workload" else households,
                                              float(band.min), float(band.max), float(band.target), trials,
                                              WORK_PER_TREE, WORK_PER_TREE_ITEM, k1, True)
        if work is not None:
            work.charge(units)
        return side if found else None
    h = np.ascontiguousarray(graph.households[nodes], dtype=np.float64)
    w = np.ascontiguousarray(graph.workload[nodes], dtype=np.float64) if balance_on == "workload" else h
    total_h, total_w = float(h.sum()), float(w.sum())
    want = total_w * k1 / k
    unit = max(total_w / k, 1e-9)
    band_args = (float(band.min), float(band.max), float(band.target), want, unit, trials)
    rows, cols, base = _subgraph_edges(nodes, graph, adj)
    found, v, flip, order, pred, trees = best_of_trees(rng, n, rows, cols, base, h, w, total_h, total_w, k1,
                                                       k - k1, *band_args)
    if work is not None:
        work.charge(trees * (WORK_PER_TREE + WORK_PER_TREE_ITEM * (n + len(base))))
    if not found:
        return None
    in_sub = subtree_mask(order, pred, v)
    return ~in_sub if flip else in_sub


def recursive_split(nodes: np.ndarray, graph: AtomGraph | Units, adj: Adjacency, k: int, band: Band,
                    rng: np.random.Generator, balance_on: str = "households",
                    work: WorkBudget | None = None) -> list[np.ndarray]:
    """``nodes`` in ``k`` connected parts by repeated :func:`bisect_tree` (``k // 2`` grids to
    one side each time); fewer parts when a cut fails. ``work``: see :func:`bisect_tree`."""
    if k <= 1 or len(nodes) <= 1:
        return [nodes]
    if isinstance(graph, Units) and adj is graph.adj:      # the same recursion, in one kernel
        indptr, nbr, weight = graph.tree_rows()
        households, workload = graph.float_columns()
        order, bounds, units, _, _ = split_rows(rng, np.asarray(nodes, dtype=np.int64), k, indptr, nbr, weight,
                                          graph.position_scratch, households,
                                          workload if balance_on == "workload" else households, float(band.min),
                                          float(band.max), float(band.target), TREE_TRIALS, WORK_PER_TREE,
                                          WORK_PER_TREE_ITEM, -1, False)
        if work is not None and units:
            work.charge(units)
        return [order[start:end] for start, end in zip(bounds[:-1].tolist(), bounds[1:].tolist())]
    k1 = k // 2
    side = bisect_tree(nodes, graph, adj, k1, k, band, rng, balance_on=balance_on, work=work)
    if side is None:
        return [nodes]
    left, right = nodes[side], nodes[~side]
    if not len(left) or not len(right):
        return [nodes]
    return (recursive_split(left, graph, adj, k1, band, rng, balance_on, work)
            + recursive_split(right, graph, adj, k - k1, band, rng, balance_on, work))

