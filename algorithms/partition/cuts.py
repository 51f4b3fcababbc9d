"""Spanning-tree cuts: starts and re-cuts that always leave connected parts.

Cutting one edge of a spanning tree leaves two connected halves; random minimum spanning
trees (Kruskal on the atom graph with randomised edge weights) give varied cuts.
"""

from __future__ import annotations

import math

import numpy as np

from ..atoms import AtomGraph
from ..band import Band
from ..bandcheck import WorkBudget
from .adjacency import Adjacency
from .units import Units

TREE_TRIALS = 12
# Work units (reference microseconds) charged to a time budget (:mod:`.budget`): per tree tried
# and per node and edge of the graph cut (measured: about 100 µs per tree on areas of 30–300
# units, nearly all of it per-call overhead).
WORK_PER_TREE = 100
WORK_PER_TREE_ITEM = 1


def _subgraph_edges(nodes: np.ndarray, graph: AtomGraph | Units,
                    adj: Adjacency) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges among ``nodes`` (local indices) weighted by centroid distance, tripled across minor roads."""
    pos = {int(a): i for i, a in enumerate(nodes)}
    rows, cols, vals = [], [], []
    x, y = graph.x, graph.y
    for a in nodes:
        a = int(a)
        for b, _, soft in adj[a]:
            if b > a and b in pos:
                d = math.hypot(x[a] - x[b], y[a] - y[b]) + 1.0
                rows.append(pos[a])
                cols.append(pos[b])
                vals.append(d * 3.0 if soft else d)
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64), np.asarray(vals, dtype=float)


def _spanning_tree(n: int, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray,
                   root: int) -> tuple[list[int], list[int]] | None:
    """Minimum spanning tree (Kruskal) as a depth-first order and predecessors from ``root``.

    Returns ``None`` when the graph is not connected. Plain Python: the graphs here are small
    (tens to a few hundred atoms) and scipy's per-call overhead would dominate.
    """
    parent = list(range(n))

    def find(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    tree: list[list[int]] = [[] for _ in range(n)]
    joined = 0
    for e in np.argsort(weights, kind="stable").tolist():
        a, b = int(rows[e]), int(cols[e])
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
            tree[a].append(b)
            tree[b].append(a)
            joined += 1
            if joined == n - 1:
                break
    if joined != n - 1:
        return None
    order = [root]
    pred = [-1] * n
    pred[root] = root
    stack = [root]
    while stack:
        v = stack.pop()
        for b in tree[v]:
            if pred[b] == -1:
                pred[b] = v
                order.append(b)
                stack.append(b)
    return order, pred


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
    trials are not cut short: a cut is always made).
    """
    n = len(nodes)
    if n < 2:
        return None
    h = graph.households[nodes].astype(float)
    w = graph.workload[nodes] if balance_on == "workload" else h
    total_h, total_w = h.sum(), w.sum()
    want = total_w * k1 / k
    k2 = k - k1
    best: tuple[float, int, bool, list[int], list[int]] | None = None
    rows, cols, base = _subgraph_edges(nodes, graph, adj)
    h_list, w_list = h.tolist(), w.tolist()
    for t in range(trials):
        weights = base * rng.uniform(1.0, 2.5, size=len(base)) if t > 0 else base
        if work is not None:
            work.charge(WORK_PER_TREE + WORK_PER_TREE_ITEM * (n + len(base)))
        root = int(rng.integers(n)) if t > 0 else 0
        found = _spanning_tree(n, rows, cols, weights, root)
        if found is None:
            return None
        order, pred = found
        sub_h = list(h_list)
        sub_w = list(w_list)
        for v in reversed(order[1:]):
            p = pred[v]
            sub_h[p] += sub_h[v]
            sub_w[p] += sub_w[v]
        cand = np.asarray(order[1:], dtype=np.int64)
        cand_h = np.asarray(sub_h)[cand]
        cand_w = np.asarray(sub_w)[cand]
        for flip in (False, True):
            side_h = total_h - cand_h if flip else cand_h
            side_w = total_w - cand_w if flip else cand_w
            other_h = total_h - side_h
            viol = (np.maximum(0, k1 * band.min - side_h) + np.maximum(0, side_h - k1 * band.max)
                    + np.maximum(0, k2 * band.min - other_h) + np.maximum(0, other_h - k2 * band.max))
            dev = np.abs(side_w - want) / max(total_w / k, 1e-9)
            score = viol / band.target * 100 + dev
            i = int(np.argmin(score))
            if best is None or score[i] < best[0] - 1e-12:
                best = (score[i], int(cand[i]), flip, order, pred)
        assert best is not None     # the first flip of the first trial always sets it
        if best[0] < 0.01:
            break          # in band and within 1 % of the wanted workload: good enough
    assert best is not None, "bisect_tree needs trials >= 1"
    _, v, flip, order, pred = best
    in_sub = np.zeros(n, dtype=bool)
    in_sub[v] = True
    for u in order:             # depth-first order: a node's predecessor comes before it
        if u != v and pred[u] != u and in_sub[pred[u]]:
            in_sub[u] = True
    return ~in_sub if flip else in_sub


def recursive_split(nodes: np.ndarray, graph: AtomGraph | Units, adj: Adjacency, k: int, band: Band,
                    rng: np.random.Generator, balance_on: str = "households",
                    work: WorkBudget | None = None) -> list[np.ndarray]:
    """``nodes`` in ``k`` connected parts by repeated :func:`bisect_tree` (``k // 2`` grids to
    one side each time); fewer parts when a cut fails. ``work``: see :func:`bisect_tree`."""
    if k <= 1 or len(nodes) <= 1:
        return [nodes]
    k1 = k // 2
    side = bisect_tree(nodes, graph, adj, k1, k, band, rng, balance_on=balance_on, work=work)
    if side is None:
        return [nodes]
    left, right = nodes[side], nodes[~side]
    if not len(left) or not len(right):
        return [nodes]
    return (recursive_split(left, graph, adj, k1, band, rng, balance_on, work)
            + recursive_split(right, graph, adj, k - k1, band, rng, balance_on, work))

