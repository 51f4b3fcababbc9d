"""Adjacency lists of the atom graph and the connected parts they make."""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..atoms import SEP_HARD, SEP_SOFT, SEP_WATER, AtomGraph


def _adjacency_lists(graph: AtomGraph, allowed: np.ndarray) -> list[list[tuple[int, float, bool]]]:
    adj: list[list[tuple[int, float, bool]]] = [[] for _ in range(graph.n)]
    for i, j, length, sep in zip(graph.edge_i, graph.edge_j, graph.edge_len, graph.edge_sep):
        if sep in (SEP_HARD, SEP_WATER) or not (allowed[i] and allowed[j]):
            continue
        soft = sep == SEP_SOFT
        adj[i].append((int(j), float(length), bool(soft)))
        adj[j].append((int(i), float(length), bool(soft)))
    return adj



def _adjacency_lists_all(graph: AtomGraph):
    adj: list[list[tuple[int, float, int]]] = [[] for _ in range(graph.n)]
    for i, j, length, sep in zip(graph.edge_i, graph.edge_j, graph.edge_len, graph.edge_sep):
        adj[i].append((int(j), float(length), int(sep)))
        adj[j].append((int(i), float(length), int(sep)))
    return adj



def _components(adj, free: np.ndarray) -> list[np.ndarray]:
    n = len(adj)
    rows = [i for i in range(n) for _ in adj[i]]
    cols = [b for i in range(n) for b, _, _ in adj[i]]
    _, comp = connected_components(coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)),
                                   directed=False)
    out = []
    for c in np.unique(comp[free]):
        out.append(np.flatnonzero((comp == c) & free))
    return out



def _components_of(nodes, adj) -> list[np.ndarray]:
    """Connected parts of the set ``nodes`` under ``adj`` (sorted arrays, in a stable order)."""
    left = set(int(a) for a in nodes)
    out = []
    for a in sorted(left):
        if a not in left:
            continue
        left.discard(a)
        part, stack = [a], [a]
        while stack:
            v = stack.pop()
            for b, _, _ in adj[v]:
                if b in left:
                    left.discard(b)
                    part.append(b)
                    stack.append(b)
        out.append(np.array(sorted(part), dtype=np.int64))
    return out

