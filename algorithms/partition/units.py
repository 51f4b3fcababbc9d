"""The units the search moves: atoms, with compounds apart fused into one movable whole."""

from __future__ import annotations

import heapq
import math

import numpy as np

from ..atoms import AtomGraph
from ..band import Band
from .adjacency import Adjacency, Neighbour


class Units:
    """The atoms the search moves: original atoms, with each group of ``fused`` (a merged
    small area, a compound apart with the land between its pieces) fused into one unit.

    It offers what the search reads of an :class:`~gridplanner.algorithms.atoms.AtomGraph`
    (``households``, ``workload``, ``area`` in m², ``perimeter``, ``x``, ``y``) per unit, plus
    ``members`` (each unit's atoms), ``unit_of`` (each atom's unit) and ``adj`` (the units'
    neighbours, boundaries between the same two units summed, soft when any of them is).
    """

    def __init__(self, graph: AtomGraph, adj: Adjacency, fused: list[np.ndarray]) -> None:
        n = graph.n
        unit_of = np.arange(n, dtype=np.int64)
        fused_set = np.zeros(n, dtype=bool)
        for group in fused:
            fused_set[group] = True
        keep = np.flatnonzero(~fused_set)
        unit_of[keep] = np.arange(len(keep))
        members = [np.array([a]) for a in keep]
        for group in fused:
            unit_of[group] = len(members)
            members.append(np.asarray(group))
        self.members: list[np.ndarray] = members
        self.unit_of: np.ndarray = unit_of
        self.n: int = len(members)
        self.households = np.array([graph.households[m].sum() for m in members], dtype=np.int64)
        self.workload = np.array([graph.workload[m].sum() for m in members], dtype=float)
        self.area = np.array([graph.area[m].sum() for m in members], dtype=float)
        weights = graph.area + 1e-9
        self.x = np.array([np.average(graph.x[m], weights=weights[m]) for m in members])
        self.y = np.array([np.average(graph.y[m], weights=weights[m]) for m in members])
        perim = np.array([graph.perimeter[m].sum() for m in members], dtype=float)
        merged: list[dict[int, list]] = [dict() for _ in range(self.n)]
        for a in range(n):
            u = unit_of[a]
            for b, length, soft in adj[a]:
                v = unit_of[b]
                if v == u:
                    perim[u] -= length        # internal boundary, seen from both sides
                    continue
                entry = merged[u].setdefault(int(v), [0.0, False])
                entry[0] += length
                entry[1] = entry[1] or soft
        self.perimeter = perim
        self.adj: list[list[Neighbour]] = [[Neighbour(v, e[0], e[1]) for v, e in sorted(d.items())]
                                          for d in merged]
        self._rows: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
        self._tree_rows: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._float_columns: tuple[np.ndarray, np.ndarray] | None = None
        #: Scratch for :func:`.compiled.subgraph_edges`: −1 for every unit between calls.
        self.position_scratch = np.full(self.n, -1, dtype=np.int64)

    def float_columns(self) -> tuple[np.ndarray, np.ndarray]:
        """:attr:`households` and :attr:`workload` as float64 arrays (for the kernels). Built once."""
        if self._float_columns is None:
            self._float_columns = (self.households.astype(np.float64), self.workload.astype(np.float64))
        return self._float_columns

    def rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:attr:`adj` as compressed rows: ``indptr`` and each entry's neighbour, boundary
        length and whether it is soft, in :attr:`adj`'s order. Built once."""
        if self._rows is None:
            indptr = np.zeros(self.n + 1, dtype=np.int64)
            indptr[1:] = np.cumsum([len(near) for near in self.adj])
            nbr = np.array([b for near in self.adj for b, _, _ in near], dtype=np.int64)
            length = np.array([ln for near in self.adj for _, ln, _ in near], dtype=np.float64)
            soft = np.array([s for near in self.adj for _, _, s in near], dtype=np.bool_)
            self._rows = (indptr, nbr, length, soft)
        return self._rows

    def tree_rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`rows` with each entry's spanning-tree weight (:func:`tree_weight`) instead of
        its length. Built once."""
        if self._tree_rows is None:
            indptr, nbr, _, _ = self.rows()
            x, y = self.x, self.y
            weight = np.array([tree_weight(x[a] - x[b], y[a] - y[b], soft)
                               for a, near in enumerate(self.adj) for b, _, soft in near], dtype=np.float64)
            self._tree_rows = (indptr, nbr, weight)
        return self._tree_rows


def tree_weight(dx: float, dy: float, soft: bool) -> float:
    """The weight of a boundary in the spanning trees of :func:`.cuts.bisect_tree`: the
    distance between the two centroids plus 1 m, tripled across a minor road."""
    d = math.hypot(dx, dy) + 1.0
    return d * 3.0 if soft else d


def compound_fusions(graph: AtomGraph, adj: Adjacency, allowed: np.ndarray, band: Band) -> list[np.ndarray]:
    """Compounds whose buildings lie in blocks that do not touch, joined into one movable whole.

    A compound within the maximum must stay in one grid (rule 2), but its pieces are separate
    atoms when other blocks lie between them. Pieces are joined by the chain of atoms between
    them with the fewest households; the compound and its chains become one unit when their
    households stay within the maximum, so that any grid holding it is still one polygon.
    When no such chain exists, keeping the compound whole would need a grid above the
    maximum or in pieces: the compound then needs a grid per piece that cannot be joined
    (``graph.compound_grids_needed``) and a note says why. Returns the atom groups to fuse
    (disjoint, in a stable order).
    """
    pieces: dict[str, list[int]] = {}
    for a in range(graph.n):
        if allowed[a] and graph.group_kind[a] == "compound" and graph.households[a] > 0:
            pieces.setdefault(str(graph.group[a]), []).append(a)
    taken = np.zeros(graph.n, dtype=bool)
    out: list[np.ndarray] = []
    for key in sorted(pieces):
        atoms = sorted(pieces[key])
        total = int(graph.households[atoms].sum())
        if len(atoms) < 2 or total > band.max or taken[atoms].any():
            continue
        group = {atoms[0]}
        remaining = set(atoms[1:])
        households = total
        while remaining:
            path = chain_to(group, remaining, adj, allowed & ~taken, graph.households,
                             band.max - households)
            if path is None:
                break
            households += int(graph.households[[a for a in path if a not in remaining]].sum())
            group.update(path)
            remaining -= set(path)
        if remaining:
            if graph.compound_grids_needed is not None:
                separate = 1 + len(remaining)
                graph.compound_grids_needed[key] = max(graph.compound_grids_needed.get(key, 1), separate)
                graph.notes.append((
                    "compound_apart", key,
                    f"compound {key} ({total} households) lies in blocks that do not touch; every way "
                    f"of joining them passes through other buildings and would make a grid of more "
                    f"than {band.max} households, so it is kept in up to {separate} grids"))
            continue
        members = np.array(sorted(group), dtype=np.int64)
        taken[members] = True
        out.append(members)
    return out


def chain_to(group: set[int], targets: set[int], adj: Adjacency, allowed: np.ndarray, households: np.ndarray,
             room: int) -> list[int] | None:
    """The atoms joining ``group`` to the nearest of ``targets``, the target included: the
    chain whose atoms in between hold the fewest households, at most ``room``; ``None`` when
    there is none."""
    best = {a: 0 for a in group}
    parent: dict[int, int | None] = {a: None for a in group}
    heap = [(0, a) for a in sorted(group)]
    while heap:
        cost, v = heapq.heappop(heap)
        if cost > best.get(v, math.inf):
            continue
        if v in targets:
            path: list[int] = []
            p: int | None = v
            while p is not None and p not in group:
                path.append(p)
                p = parent[p]
            return path
        for b, _, _ in adj[v]:
            if not allowed[b] or b in group:
                continue
            step = cost + (0 if b in targets else int(households[b]))
            if step <= room and step < best.get(b, math.inf):
                best[b] = step
                parent[b] = v
                heapq.heappush(heap, (step, b))
    return None

