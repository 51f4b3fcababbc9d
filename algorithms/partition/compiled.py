"""Compiled inner loops of the search (numba when installed, else the same code as Python).

Each function here is written in the subset of Python and NumPy that numba compiles, so it is
one definition either way: :func:`compiled` compiles it (``nopython``, cached on disk, the
interpreter lock released so QGIS's task threads and Dask's worker threads run in parallel)
when numba imports, and returns it unchanged otherwise (slower, same results: the kernels
use no fast-math and add in the same order as the Python they replaced).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np

F = TypeVar("F", bound=Callable[..., Any])

_njit: Any
try:     # numba is a dependency; a QGIS Python without it still plans, more slowly
    from numba import njit as _njit
except ImportError:      # pragma: no cover - depends on the installation
    _njit = None

#: True when the kernels run compiled.
COMPILED = _njit is not None


def compiled(function: F) -> F:
    """``function`` compiled by numba (cached on disk, no GIL), or unchanged without numba."""
    if _njit is None:
        return function
    return cast(F, _njit(cache=True, nogil=True)(function))


@compiled
def _root(parent: np.ndarray, v: int) -> int:
    while parent[v] != v:
        parent[v] = parent[parent[v]]
        v = parent[v]
    return v


@compiled
def spanning_tree(n: int, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray,
                  root: int) -> tuple[np.ndarray, np.ndarray]:
    """Minimum spanning tree (Kruskal, ties in edge order) of the graph of ``n`` nodes and
    edges ``rows[i]``–``cols[i]``, as a depth-first order from ``root`` and each node's
    predecessor (the root's is itself). Empty arrays when the graph is not connected.

    The depth-first order visits each node's tree neighbours in the order Kruskal took their
    edges, last pushed first (a stack).
    """
    parent = np.arange(n)
    ends_a = np.empty(max(n - 1, 0), dtype=np.int64)
    ends_b = np.empty(max(n - 1, 0), dtype=np.int64)
    joined = 0
    if n > 1:
        for e in np.argsort(weights, kind="mergesort"):
            a, b = rows[e], cols[e]
            ra, rb = _root(parent, a), _root(parent, b)
            if ra != rb:
                parent[ra] = rb
                ends_a[joined] = a
                ends_b[joined] = b
                joined += 1
                if joined == n - 1:
                    break
    if joined != n - 1:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    start = np.zeros(n + 1, dtype=np.int64)
    for j in range(n - 1):
        start[ends_a[j] + 1] += 1
        start[ends_b[j] + 1] += 1
    for v in range(n):
        start[v + 1] += start[v]
    fill = start[:n].copy()
    neighbours = np.empty(2 * (n - 1), dtype=np.int64)
    for j in range(n - 1):
        a, b = ends_a[j], ends_b[j]
        neighbours[fill[a]] = b
        fill[a] += 1
        neighbours[fill[b]] = a
        fill[b] += 1
    order = np.empty(n, dtype=np.int64)
    pred = np.full(n, -1, dtype=np.int64)
    stack = np.empty(n, dtype=np.int64)
    order[0] = root
    pred[root] = root
    stack[0] = root
    seen, top = 1, 1
    while top > 0:
        top -= 1
        v = stack[top]
        for i in range(start[v], start[v + 1]):
            b = neighbours[i]
            if pred[b] == -1:
                pred[b] = v
                order[seen] = b
                seen += 1
                stack[top] = b
                top += 1
    return order, pred


@compiled
def best_tree_cut(order: np.ndarray, pred: np.ndarray, households: np.ndarray, balance: np.ndarray,
                  total_h: float, total_w: float, k1: int, k2: int, band_min: float, band_max: float,
                  band_target: float, want: float, unit: float) -> tuple[float, int, float, int]:
    """The best edge of a spanning tree (``order``/``pred`` of :func:`spanning_tree`) to cut
    for ``k1`` and ``k2`` grids: for the subtree below each non-root node taken as the ``k1``
    side (and, second, as the ``k2`` side), the score ``band violation / target × 100 +
    |balance of the k1 side − want| / unit``. Returns (score, node) of the first best subtree
    as the ``k1`` side, then of the first best as the ``k2`` side. The totals come from the
    caller (NumPy's pairwise sums: a loop here could differ in the last bit)."""
    n = len(order)
    sub_h = households.copy()
    sub_w = balance.copy()
    for i in range(n - 1, 0, -1):
        v = order[i]
        p = pred[v]
        sub_h[p] += sub_h[v]
        sub_w[p] += sub_w[v]
    best = np.full(2, np.inf)
    node = np.full(2, -1, dtype=np.int64)
    for flip in range(2):
        for i in range(1, n):
            v = order[i]
            side_h = total_h - sub_h[v] if flip else sub_h[v]
            side_w = total_w - sub_w[v] if flip else sub_w[v]
            other_h = total_h - side_h
            viol = (max(0.0, k1 * band_min - side_h) + max(0.0, side_h - k1 * band_max)
                    + max(0.0, k2 * band_min - other_h) + max(0.0, other_h - k2 * band_max))
            score = viol / band_target * 100 + abs(side_w - want) / unit
            if score < best[flip]:
                best[flip] = score
                node[flip] = v
    return best[0], node[0], best[1], node[1]


@compiled
def subtree_mask(order: np.ndarray, pred: np.ndarray, top: int) -> np.ndarray:
    """True for ``top`` and every node below it in the tree (``order`` is depth-first)."""
    inside = np.zeros(len(order), dtype=np.bool_)
    inside[top] = True
    for u in order:
        if u != top and pred[u] != u and inside[pred[u]]:
            inside[u] = True
    return inside


@compiled
def best_of_trees(rng: np.random.Generator, n: int, rows: np.ndarray, cols: np.ndarray, base: np.ndarray,
                  households: np.ndarray, balance: np.ndarray, total_h: float, total_w: float, k1: int,
                  k2: int, band_min: float, band_max: float, band_target: float, want: float, unit: float,
                  trials: int) -> tuple[bool, int, bool, np.ndarray, np.ndarray, int]:
    """The best cut over up to ``trials`` spanning trees of the graph of ``n`` nodes and edges
    ``rows``–``cols`` (the loop of :func:`.cuts.bisect_tree`): the first tree takes the weights
    ``base`` and root 0, each later one ``base`` times uniform draws in [1, 2.5) and a random
    root (drawn from ``rng`` in that order, tree by tree, as NumPy would); each tree's cuts are
    scored by :func:`best_tree_cut`, the first least score kept; a score below 0.01 ends the
    trials. Returns (found, node, flip, order, pred, trees): ``found`` False when the graph is not
    connected, else the subtree below ``node`` of the tree ``order``/``pred`` is the ``k1``
    side (the ``k2`` side when ``flip``); ``trees`` is the number of trees built."""
    have = False
    best_score = np.inf
    best_node = -1
    best_flip = False
    best_order = np.empty(0, dtype=np.int64)
    best_pred = np.empty(0, dtype=np.int64)
    for t in range(trials):
        if t > 0:
            weights = base * rng.uniform(1.0, 2.5, size=len(base))
            root = rng.integers(0, n)
        else:
            weights = base
            root = 0
        order, pred = spanning_tree(n, rows, cols, weights, root)
        if not len(order):
            return False, -1, False, order, pred, t + 1
        score_k1, node_k1, score_k2, node_k2 = best_tree_cut(
            order, pred, households, balance, total_h, total_w, k1, k2, band_min, band_max, band_target,
            want, unit)
        if not have or score_k1 < best_score - 1e-12:
            best_score, best_node, best_flip, best_order, best_pred = score_k1, node_k1, False, order, pred
            have = True
        if score_k2 < best_score - 1e-12:
            best_score, best_node, best_flip, best_order, best_pred = score_k2, node_k2, True, order, pred
        if best_score < 0.01:
            return True, best_node, best_flip, best_order, best_pred, t + 1
    return True, best_node, best_flip, best_order, best_pred, trials


@compiled
def subgraph_edges(nodes: np.ndarray, indptr: np.ndarray, nbr: np.ndarray, weight: np.ndarray,
                   position: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The edges among ``nodes`` of the graph in compressed rows (``indptr``, ``nbr``,
    ``weight``): for each node in ``nodes`` order, its entries to larger node numbers in
    ``nodes``, as local indices (positions in ``nodes``) and weights. ``position`` is scratch
    of the graph's size, −1 everywhere, and left so."""
    for i in range(len(nodes)):
        position[nodes[i]] = i
    count = 0
    for a in nodes:
        for j in range(indptr[a], indptr[a + 1]):
            b = nbr[j]
            if b > a and position[b] >= 0:
                count += 1
    rows = np.empty(count, dtype=np.int64)
    cols = np.empty(count, dtype=np.int64)
    vals = np.empty(count, dtype=np.float64)
    count = 0
    for a in nodes:
        for j in range(indptr[a], indptr[a + 1]):
            b = nbr[j]
            if b > a and position[b] >= 0:
                rows[count] = position[a]
                cols[count] = position[b]
                vals[count] = weight[j]
                count += 1
    for a in nodes:
        position[a] = -1
    return rows, cols, vals


@compiled
def bisect_rows(rng: np.random.Generator, nodes: np.ndarray, indptr: np.ndarray, nbr: np.ndarray,
                weight: np.ndarray, position: np.ndarray, households: np.ndarray, balance: np.ndarray,
                total_h: float, total_w: float, k1: int, k2: int, band_min: float, band_max: float,
                band_target: float, want: float, unit: float, trials: int) -> tuple[bool, np.ndarray, int, int]:
    """:func:`subgraph_edges`, :func:`best_of_trees` and :func:`subtree_mask` in one call (the
    cut of :func:`.cuts.bisect_tree` on a graph in compressed rows). Returns (found, the
    ``k1`` side as a mask over ``nodes``, trees built, edges among ``nodes``)."""
    rows, cols, base = subgraph_edges(nodes, indptr, nbr, weight, position)
    n = len(nodes)
    found, node, flip, order, pred, trees = best_of_trees(rng, n, rows, cols, base, households, balance, total_h,
                                                          total_w, k1, k2, band_min, band_max, band_target, want,
                                                          unit, trials)
    if not found:
        return False, np.zeros(n, dtype=np.bool_), trees, len(base)
    inside = subtree_mask(order, pred, node)
    if flip:
        inside = ~inside
    return True, inside, trees, len(base)


#: NumPy's pairwise summation: blocks of at most this many items are summed with eight
#: accumulators, longer runs split in two (``pairwise_sum`` in NumPy's ``loops_utils``).
_PAIRWISE_BLOCK = 128
#: NumPy reduces a contiguous array in buffers of this many items, one after another.
_REDUCE_BUFFER = 8192


@compiled
def _pairwise_sum(a: np.ndarray, lo: int, n: int) -> float:
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            res += a[i]
        return res
    if n <= _PAIRWISE_BLOCK:
        r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
        r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
        i = 8
        while i < n - n % 8:
            r0 += a[lo + i]
            r1 += a[lo + i + 1]
            r2 += a[lo + i + 2]
            r3 += a[lo + i + 3]
            r4 += a[lo + i + 4]
            r5 += a[lo + i + 5]
            r6 += a[lo + i + 6]
            r7 += a[lo + i + 7]
            i += 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n:
            res += a[lo + i]
            i += 1
        return res
    half = n // 2
    half -= half % 8
    return _pairwise_sum(a, lo, half) + _pairwise_sum(a, lo + half, n - half)


@compiled
def numpy_sum(a: np.ndarray) -> float:
    """``float(a.sum())`` of a contiguous float64 array, added in NumPy's order (pairwise, in
    buffers), so that a kernel's totals are NumPy's to the last bit."""
    res = 0.0
    lo = 0
    while lo < len(a):
        n = min(_REDUCE_BUFFER, len(a) - lo)
        res += _pairwise_sum(a, lo, n)
        lo += n
    return res


@compiled
def split_rows(rng: np.random.Generator, nodes: np.ndarray, k: int, indptr: np.ndarray, nbr: np.ndarray,
               weight: np.ndarray, position: np.ndarray, households: np.ndarray, balance: np.ndarray,
               band_min: float, band_max: float, band_target: float, trials: int, work_per_tree: int,
               work_per_item: int, first_k1: int, single: bool) -> tuple[np.ndarray, np.ndarray, int, bool, np.ndarray]:
    """The recursive bisection of :func:`.cuts.recursive_split` on a graph in compressed rows:
    ``nodes`` in ``k`` parts, ``k // 2`` grids to the first side of each cut (``first_k1``
    for the first cut when it is not negative; by :func:`bisect_rows` on the per-unit ``households`` and
    ``balance``), the first side split completely before the second, as the recursion did; a
    part whose cut fails stays whole. ``single``: the first cut only (:func:`.cuts.bisect_tree`).
    Returns the nodes reordered part after part, where each part starts (and the end), the
    work units of the trees (``work_per_tree + work_per_item × (nodes + edges)`` per tree),
    and whether the first cut was found with its first side (a mask over ``nodes``)."""
    n_all = len(nodes)
    buf = nodes.copy()
    scratch = np.empty(n_all, dtype=nodes.dtype)
    seg_lo = np.empty(n_all + 1, dtype=np.int64)
    seg_hi = np.empty(n_all + 1, dtype=np.int64)
    seg_k = np.empty(n_all + 1, dtype=np.int64)
    bounds = np.empty(n_all + 2, dtype=np.int64)
    parts = 0
    work = 0
    top = 0
    seg_lo[0], seg_hi[0], seg_k[0] = 0, n_all, k
    top = 1
    bounds[0] = 0
    first_found = False
    first_side = np.zeros(0, dtype=np.bool_)
    first = True
    while top > 0:
        top -= 1
        lo, hi, kk = seg_lo[top], seg_hi[top], seg_k[top]
        n = hi - lo
        cut = False
        if (kk > 1 or (single and first)) and n > 1:
            sub = buf[lo:hi]
            h = households[sub]
            w = balance[sub]
            total_h = numpy_sum(h)
            total_w = numpy_sum(w)
            k1 = first_k1 if first and first_k1 >= 0 else kk // 2
            want = total_w * k1 / kk
            unit = max(total_w / kk, 1e-9)
            found, side, trees, edges = bisect_rows(rng, sub, indptr, nbr, weight, position, h, w, total_h,
                                                    total_w, k1, kk - k1, band_min, band_max, band_target,
                                                    want, unit, trials)
            work += trees * (work_per_tree + work_per_item * (n + edges))
            if first:
                first_found, first_side = found, side.copy()
            left = 0
            for i in range(n):
                if side[i]:
                    left += 1
            if found and 0 < left < n:
                a, b = 0, left
                for i in range(n):
                    if side[i]:
                        scratch[a] = sub[i]
                        a += 1
                    else:
                        scratch[b] = sub[i]
                        b += 1
                buf[lo:hi] = scratch[:n]
                seg_lo[top], seg_hi[top], seg_k[top] = lo + left, hi, kk - k1      # second side after
                seg_lo[top + 1], seg_hi[top + 1], seg_k[top + 1] = lo, lo + left, k1
                if single:                  # both sides are parts: nothing is cut further
                    seg_k[top] = 1
                    seg_k[top + 1] = 1
                top += 2
                cut = True
        first = False
        if not cut:
            parts += 1
            bounds[parts] = hi
    return buf, bounds[:parts + 1].copy(), work, first_found, first_side
