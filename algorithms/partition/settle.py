"""Settling an area the search left outside the band, with the exact check (``bandcheck``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np

from ..band import Band
from ..bandcheck import AreaCheck, band_miss, check_area
from .adjacency import Adjacency, connected_parts
from .budget import SearchBudget
from .search import improve_area
from .units import Units

SETTLE_ROUNDS = 3              # exact checks per area: a better plan not proven best is checked again
#: Share of an area's time budget the exact check leaves for the explanations after it
#: (the per-unit proofs of ``explain`` and the workload bounds' searches).
EXPLAIN_RESERVE = 0.1


def plan_miss(labels: Mapping[int, int], households: np.ndarray, band: Band) -> float:
    """The exact check's measure of how far a plan misses the band (:func:`bandcheck.band_miss`)."""
    totals: dict[int, int] = {}
    for u, g in labels.items():
        totals[g] = totals.get(g, 0) + int(households[u])
    return float(band_miss(list(totals.values()), band).sum())


def settle_area(nodes: np.ndarray, units: Units, adj: Adjacency, band: Band, labels: dict[int, int],
                rng: np.random.Generator, fixed_count: bool,
                budget: SearchBudget | None = None) -> tuple[dict[int, int], AreaCheck]:
    """An area the search left outside the band: decide exactly whether it can do better.

    :func:`bandcheck.check_area` either proves that no plan of the area misses the band by
    less, or returns a cover of whole units (with the land that keeps each set contiguous)
    that does; grids are then built from that cover (:func:`parts_from_cover`) and polished
    by local search. With ``fixed_count`` a cover of another grid count is not taken.
    ``budget``, the area's time budget, bounds the checks (they leave
    :data:`EXPLAIN_RESERVE` of it for the explanations) and the polish; once it is exhausted
    the area is undecided (``"unknown"``, ``stopped`` saying why). Returns the labels to keep
    and the check.
    """
    hh = units.households
    nodeset = set(int(a) for a in nodes)
    adjacency = {int(a): [b for b, _, _ in adj[a] if b in nodeset] for a in nodes}
    k = len(set(labels.values()))

    def undecided(check: AreaCheck) -> AreaCheck:
        return AreaCheck("unknown", check.sets, band_impossible=check.band_impossible,
                         stopped=check.stopped or (budget.stopped if budget is not None else None))

    reserve = EXPLAIN_RESERVE * budget.limit if budget is not None and budget.seconds is not None else 0.0
    check = AreaCheck("unknown")
    for _ in range(SETTLE_ROUNDS):
        if budget is not None and (budget.exhausted() or budget.left() <= reserve):
            budget.stopped = budget.stopped or "work"
            return labels, undecided(check)
        current = plan_miss(labels, hh, band)
        check = check_area(nodes, hh, units.workload, None, band,
                           float(units.workload[nodes].sum()) / max(k, 1), current, adjacency,
                           budget=budget, reserve=reserve)
        if check.cover is None or (fixed_count and len(check.cover) != k):
            return labels, check
        parts = parts_from_cover(nodes, adj, check.cover)
        if parts is None:
            return labels, undecided(check)
        polished, _, _ = improve_area(nodes, units, adj, band, parts, rng, budget)
        plain = {int(a): g for g, part in enumerate(parts) for a in part}
        adopted = next((c for c in (polished, plain) if plan_miss(c, hh, band) <= check.violation + 1e-6),
                       None)
        if adopted is None:
            return labels, undecided(check)
        labels = adopted
        if check.exact or check.status == "feasible":
            return labels, check
    return labels, undecided(check)


def parts_from_cover(nodes: np.ndarray, adj: Adjacency, cover: list[frozenset]) -> list[np.ndarray] | None:
    """Grids from a cover of the household units; ``None`` when one would not be contiguous.

    The cover's sets are connected through land without households (parks, empty blocks),
    and two sets may want the same land. Each set claims, one shortest path at a time, only
    the land that joins its pieces; sets whose pieces are furthest apart choose first, and
    the cover's own order and its reverse are tried when that fails. The land left over goes,
    breadth first, to the grid that reaches it first.
    """
    nodeset = set(int(a) for a in nodes)
    covered = {int(u): g for g, members in enumerate(cover) for u in members}
    land = nodeset - set(covered)

    def pieces(members: Collection[int]) -> int:
        return len(connected_parts(np.array(sorted(members), dtype=np.int64), adj))

    by_spread = sorted(range(len(cover)), key=lambda g: (-pieces(cover[g]), g))
    for order in (by_spread, list(range(len(cover))), list(reversed(range(len(cover))))):
        label = dict(covered)
        if all(_claim_joining_land(g, cover[g], label, land, adj) for g in order):
            break
    else:
        return None
    frontier = sorted(label)
    while frontier:
        nxt = []
        for v in frontier:
            for b, _, _ in adj[v]:
                if b in nodeset and b not in label:
                    label[b] = label[v]
                    nxt.append(b)
        frontier = nxt
    if len(label) < len(nodeset):
        return None
    parts = [np.array(sorted(a for a, g in label.items() if g == grid), dtype=np.int64)
             for grid in range(len(cover))]
    if any(len(connected_parts(part, adj)) != 1 for part in parts):
        return None
    return parts


def _claim_joining_land(grid: int, members: Collection[int], label: dict[int, int], land: set[int],
                        adj: Adjacency) -> bool:
    """Label as ``grid`` the land without households (still unclaimed in ``label``) on
    shortest paths that join the pieces of ``members``; False when some piece cannot be
    reached through such land."""
    def attach(stack: list[int]) -> None:
        """Add to ``reached`` everything labelled ``grid`` that touches it from ``stack`` on."""
        while stack:
            v = stack.pop()
            for b, _, _ in adj[v]:
                if b not in reached and label.get(b) == grid:
                    reached.add(b)
                    stack.append(b)

    start = min(int(u) for u in members)
    reached = {start}
    attach([start])                                # the piece of ``start`` as it stands
    missing = {int(u) for u in members} - reached
    while missing:
        parent: dict[int, int | None] = {v: None for v in reached}
        queue = sorted(reached)
        hit: int | None = None
        while queue and hit is None:
            nxt = []
            for v in queue:
                for b, _, _ in adj[v]:
                    if b in parent:
                        continue
                    if b in missing:
                        parent[b], hit = v, b
                        break
                    if b in land and b not in label:
                        parent[b] = v
                        nxt.append(b)
                if hit is not None:
                    break
            queue = nxt
        if hit is None:
            return False
        p = parent[hit]
        while p is not None and p not in reached:
            label[p] = grid
            p = parent[p]
        grown = [hit] + [v for v in parent if label.get(v) == grid and v not in reached]
        reached.update(grown)
        attach(grown)                              # everything of the grid now attached
        missing -= reached
    return True

