"""Adjacency lists of the atom graph and the connected parts they make.

Two kinds of list, one entry per shared boundary:

- :class:`Neighbour` ``(atom, length, soft)``: the graph the search plans on, where hard
  barriers and water are cut; ``soft`` says the boundary is a minor road
  (:func:`planning_adjacency`, and the units' merged lists in :class:`.units.Units`);
- :class:`Boundary` ``(atom, length, separator)``: every boundary of the atom graph with
  what separates the two atoms (an ``atoms.SEP_*`` code; :func:`all_boundaries`), used
  where barriers are crossed on purpose (merging small areas, attaching land).

Both are tuples, so code that only needs the atom reads ``for b, _, _ in adj[a]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..atoms import SEP_HARD, SEP_SOFT, SEP_WATER, AtomGraph


class Neighbour(NamedTuple):
    """A neighbouring atom (or unit) in the planning graph, across a boundary of ``length``."""

    atom: int
    length: float
    soft: bool          # the boundary is a minor road (counts as a crossing inside a grid)


class Boundary(NamedTuple):
    """A neighbouring atom across any boundary, with what separates them."""

    atom: int
    length: float
    separator: int      # atoms.SEP_NONE, SEP_SOFT, SEP_HARD or SEP_WATER

    @property
    def soft(self) -> bool:
        """The boundary is a minor road."""
        return self.separator == SEP_SOFT


#: Each atom's (or unit's) neighbours in the planning graph, by index.
Adjacency = Sequence[Sequence[Neighbour]]


def planning_adjacency(graph: AtomGraph, allowed: np.ndarray) -> list[list[Neighbour]]:
    """Each atom's neighbours among the ``allowed`` atoms, hard barriers and water cut."""
    adj: list[list[Neighbour]] = [[] for _ in range(graph.n)]
    for i, j, length, sep in zip(graph.edge_i, graph.edge_j, graph.edge_len, graph.edge_sep):
        if sep in (SEP_HARD, SEP_WATER) or not (allowed[i] and allowed[j]):
            continue
        soft = sep == SEP_SOFT
        adj[i].append(Neighbour(int(j), float(length), bool(soft)))
        adj[j].append(Neighbour(int(i), float(length), bool(soft)))
    return adj


def all_boundaries(graph: AtomGraph) -> list[list[Boundary]]:
    """Each atom's neighbours across every boundary, barriers included."""
    adj: list[list[Boundary]] = [[] for _ in range(graph.n)]
    for i, j, length, sep in zip(graph.edge_i, graph.edge_j, graph.edge_len, graph.edge_sep):
        adj[i].append(Boundary(int(j), float(length), int(sep)))
        adj[j].append(Boundary(int(i), float(length), int(sep)))
    return adj


def areas_of(adj: Adjacency, free: np.ndarray) -> list[np.ndarray]:
    """The areas: connected parts of the ``free`` atoms under ``adj`` (atom arrays, in the
    order of scipy's component labels)."""
    n = len(adj)
    rows = [i for i in range(n) for _ in adj[i]]
    cols = [b for i in range(n) for b, _, _ in adj[i]]
    _, comp = connected_components(coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)),
                                   directed=False)
    out = []
    for c in np.unique(comp[free]):
        out.append(np.flatnonzero((comp == c) & free))
    return out


def connected_parts(nodes: Iterable[int], adj: Adjacency) -> list[np.ndarray]:
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
