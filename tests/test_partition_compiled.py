"""The compiled kernels of the search (partition/compiled.py) against their own Python source
and against scipy's minimum spanning tree: same trees, same cuts, same plan either way."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import minimum_spanning_tree

from gridplanner.algorithms.partition import compiled
from gridplanner.algorithms.partition.compiled import best_tree_cut, spanning_tree, subtree_mask

needs_numba = pytest.mark.skipif(not compiled.COMPILED, reason="numba not installed: nothing compiled")


def _graph(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A connected random planar-ish graph: a path plus random chords, integer-ish weights (ties)."""
    rows = list(range(n - 1))
    cols = list(range(1, n))
    extra = rng.integers(0, n, size=(2 * n, 2))
    for a, b in extra:
        if a != b:
            rows.append(int(min(a, b)))
            cols.append(int(max(a, b)))
    weights = rng.integers(1, 6, size=len(rows)).astype(float)       # many ties: order decides
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64), weights


@pytest.mark.parametrize("seed", range(20))
def test_the_tree_is_a_minimum_spanning_tree_walked_depth_first(seed) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 200))
    rows, cols, weights = _graph(rng, n)
    root = int(rng.integers(n))
    order, pred = spanning_tree(n, rows, cols, weights, root)
    assert sorted(order.tolist()) == list(range(n)) and order[0] == root and pred[root] == root
    position = np.empty(n, dtype=int)
    position[order] = np.arange(n)
    assert all(position[pred[v]] < position[v] for v in order[1:])       # parents first
    edge_weight = {}
    for a, b, w in zip(rows, cols, weights):
        edge_weight[(a, b)] = min(edge_weight.get((a, b), np.inf), w)
    tree_weight = sum(edge_weight[(min(v, pred[v]), max(v, pred[v]))] for v in order[1:])
    dense = coo_matrix((list(edge_weight.values()), tuple(np.array(list(edge_weight)).T)), shape=(n, n)).tocsr()
    assert tree_weight == pytest.approx(minimum_spanning_tree(dense).sum())


def test_a_disconnected_graph_has_no_tree() -> None:
    order, pred = spanning_tree(4, np.array([0, 2]), np.array([1, 3]), np.array([1.0, 1.0]), 0)
    assert len(order) == 0 and len(pred) == 0


@needs_numba
@pytest.mark.parametrize("seed", range(20))
def test_compiled_and_python_kernels_agree_exactly(seed) -> None:
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(2, 300))
    rows, cols, weights = _graph(rng, n)
    root = int(rng.integers(n))
    order, pred = spanning_tree(n, rows, cols, weights, root)
    order_py, pred_py = spanning_tree.py_func(n, rows, cols, weights, root)
    assert order.tolist() == order_py.tolist() and pred.tolist() == pred_py.tolist()
    households = rng.integers(0, 400, size=n).astype(float)
    workload = households * rng.uniform(0.8, 1.3, size=n)
    k = max(2, int(households.sum() // 400))
    args = (order, pred, households, workload, float(households.sum()), float(workload.sum()), k // 2,
            k - k // 2, 300.0, 500.0, 400.0, float(workload.sum()) * (k // 2) / k, float(workload.sum()) / k)
    assert best_tree_cut(*args) == best_tree_cut.py_func(*args)
    top = int(best_tree_cut(*args)[1])
    mask = subtree_mask(order, pred, top)
    assert mask.tolist() == subtree_mask.py_func(order, pred, top).tolist()
    assert mask[top] and mask.sum() < n
