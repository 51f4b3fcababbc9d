"""What the band allows: connected sets of units in the band, and the proofs built on them.

Units are linked when they touch or when land without households joins them
(:func:`household_links`), a relaxation of contiguity: a set that cannot be found through
the links cannot be a grid either.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection, Iterable, Mapping
from typing import TypedDict

import numpy as np

from ..band import Band
from ..bandcheck import WorkBudget
from ..metrics import ForcedUnit
from .adjacency import Adjacency
from .units import Units

CERTIFICATE_BUDGET = 4000      # search steps per unit before "cannot prove it" is assumed
# Work units (reference microseconds) charged to a time budget (:mod:`.budget`) per step of
# the set searches below, and per node and edge of each round of forced merges.
WORK_PER_STEP = 8
WORK_PER_MERGE_ITEM = 3

#: Each unit with households to the units it is linked with, and the units of land without
#: households between them (:func:`household_links`).
HouseholdLinks = dict[int, dict[int, list[int]]]
#: Each unit to the units it is linked with: :data:`HouseholdLinks`, or plain neighbour lists.
Links = Mapping[int, Collection[int]]


def household_links(nodes: Iterable[int], households: np.ndarray, adj: Adjacency) -> HouseholdLinks:
    """Neighbourhood of household-bearing units through land without households.

    Two units with households are linked when they touch, or when a chain of units without
    households (parks, empty blocks) joins them; the chain is kept so that a set of linked
    units can be made contiguous. Returns ``{unit: {linked unit: [units of the chain]}}``.
    """
    nodeset = set(int(a) for a in nodes)
    links: HouseholdLinks = {}
    for s in nodeset:
        if households[s] <= 0:
            continue
        found: dict[int, list[int]] = {}
        parent = {s: s}
        queue = [s]
        while queue:
            nxt = []
            for v in queue:
                for b, _, _ in adj[v]:
                    if b in parent or b not in nodeset:
                        continue
                    parent[b] = v
                    if households[b] > 0:
                        chain, p = [], v
                        while p != s:
                            chain.append(p)
                            p = parent[p]
                        found[b] = chain
                    else:
                        nxt.append(b)
            queue = nxt
        links[s] = found
    return links


def in_band_sets(unit: int, households: np.ndarray, links: Links, band: Band, want: int = 1,
                 budget: int = CERTIFICATE_BUDGET,
                 work: WorkBudget | None = None) -> tuple[list[frozenset], bool]:
    """Connected sets of household-bearing units that contain ``unit`` and fit the band.

    Enumerates connected sets (each once) whose households stay at most ``band.max``,
    collecting up to ``want`` whose households reach ``band.min``. Returns the sets and
    whether the search was complete: an empty list with ``complete=True`` proves that no
    grid holding ``unit`` can be in the band, whatever the rest of the plan (the links go
    through land without households, so this is a relaxation of real contiguity). ``work``,
    a time budget, caps the steps too (:data:`WORK_PER_STEP` each) and is charged for them.
    """
    found: list[frozenset] = []
    steps = 0
    lo, hi = band.min, band.max
    if work is not None and work.left() < budget * WORK_PER_STEP:
        budget = int(work.left() // WORK_PER_STEP)

    def grow(members: list[int], total: int, frontier: list[int], excluded: set[int]) -> bool:
        nonlocal steps
        steps += 1
        if steps > budget:
            return False
        if total >= lo:
            found.append(frozenset(members))
            if len(found) >= want:
                return True
        frontier = list(frontier)
        excluded = set(excluded)
        while frontier:
            v = frontier.pop()
            if total + households[v] <= hi:
                inside = set(members)
                extra = [w for w in links[v] if w not in inside and w not in excluded
                         and w not in frontier and w != v]
                if grow(members + [v], total + int(households[v]), frontier + extra, excluded):
                    return True
                if steps > budget:
                    return False
            excluded.add(v)
        return False

    start = int(households[unit])
    if start > hi:
        return [], True
    grow([unit], start, sorted(links[unit]), set())
    if work is not None:
        work.charge(min(steps, budget + 1) * WORK_PER_STEP)
    return found, steps <= budget


def _forced_merges(links: Links, households: np.ndarray, band: Band,
                   work: WorkBudget | None = None) -> tuple[dict[int, int], Links, np.ndarray]:
    """Merge the units that must share a grid: a group of units below the minimum in all
    that reaches the rest only through one unit ``v`` (``v`` is a cut vertex of the links
    graph) must lie in ``v``'s grid. Repeated until nothing changes. Returns the
    representative of each unit, the merged links and the merged household counts. With a
    time budget ``work``, each round is charged and the merging stops when it runs out (fewer
    merges leave a weaker relaxation: what is proven stays proven)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(links)
    graph.add_edges_from((u, v) for u, vs in links.items() for v in vs if v in links)
    hh = {u: int(households[u]) for u in links}
    rep = {u: u for u in links}
    changed = True
    while changed:
        changed = False
        if work is not None:
            if work.left() <= 0:
                break
            work.charge(WORK_PER_MERGE_ITEM * (graph.number_of_nodes() + graph.number_of_edges()))
        for v in sorted(nx.articulation_points(graph)):
            if v not in graph:
                continue
            rest = graph.subgraph(set(graph) - {v})
            for part in sorted(nx.connected_components(rest), key=min):
                total = sum(hh[x] for x in part)
                if total >= band.min or len(part) == len(rest):
                    continue
                for x in part:
                    hh[v] += hh.pop(x)
                    for w in list(graph.neighbors(x)):
                        if w != v and w not in part:
                            graph.add_edge(v, w)
                    graph.remove_node(x)
                for x, r in rep.items():
                    if r in part:
                        rep[x] = v
                changed = True
            if changed:
                break
    if all(rep[u] == u for u in rep):
        return rep, links, households
    merged_hh = np.zeros(len(households), dtype=np.int64)
    for u, total in hh.items():
        merged_hh[u] = total
    return rep, {u: sorted(graph.neighbors(u)) for u in graph}, merged_hh


def band_blocked(nodes: np.ndarray, households: np.ndarray, adj: Adjacency | None, band: Band,
                 candidates: Iterable[int], links: Links | None = None,
                 wholes: dict[int, int] | None = None, work: WorkBudget | None = None) -> dict[int, list[int]]:
    """Units among ``candidates`` that force a grid outside the band, with the units they touch.

    A unit is blocked when :func:`in_band_sets` proves there is no connected set around it
    within the band: e.g. a compound of 200 households whose only neighbours are compounds
    of 450; its grid is outside the band in every plan. Before that, units that must share a
    grid in any plan with every grid in the band are merged (:func:`_forced_merges`): two
    28-household blocks that reach the rest only through a 448-household compound make a
    504-household whole; then at least one grid holding part of that whole is outside the
    band. ``wholes``, when given, receives the whole (its representative unit) of each
    blocked unit, so that a caller counts one forced miss per whole. The neighbour list
    names what blocks it in the grid's reason. ``work``, a time budget, is charged for every
    search; a unit not reached before it runs out is not proven blocked.
    """
    if links is None:
        if adj is None:
            raise TypeError("band_blocked needs adj or links")
        links = household_links(nodes, households, adj)
    rep, merged, households_used = _forced_merges(links, households, band, work)
    out: dict[int, list[int]] = {}
    for u in candidates:
        u = int(u)
        if households[u] <= 0 or u not in links:
            continue
        if work is not None and work.left() <= 0:
            break
        r = rep[u]
        sets, complete = in_band_sets(r, households_used, merged, band, work=work)
        if not sets and complete:
            if wholes is not None:
                wholes[u] = r
            out[u] = sorted((v for v in links[u] if rep.get(v) != r),
                            key=lambda v: (-int(households[v]), v)) or \
                sorted(links[u], key=lambda v: (-int(households[v]), v))
    return out


class _GapSearch(TypedDict):
    """What :func:`workload_gap`'s search has found so far."""

    below: float               # most workload of a set below the maximum
    above: float               # least workload of such a set plus one unit over the maximum
    partners: set[int]         # the units of all such sets
    steps: int                 # sets grown


class _SearchOver(Exception):
    """Ends :func:`workload_gap`'s search early: a set fits the band, or the budget ran out."""


def workload_gap(unit: int, households: np.ndarray, workload: np.ndarray, links: Links, band: Band,
                 budget: int = CERTIFICATE_BUDGET,
                 work: WorkBudget | None = None) -> tuple[float, float, frozenset[int]] | None:
    """What contiguity does to the workload of a grid holding ``unit``, when no grid in the
    band can hold it.

    Enumerates the connected sets around ``unit`` (through ``links``, a relaxation of
    contiguity) whose households stay at most ``band.max``. When none reaches ``band.min``,
    returns ``(below, above, partners)``: the most workload such a set has, the least workload
    of such a set with one more linked unit that takes it over the maximum (every grid above
    the maximum holding ``unit`` contains one), and the units of all such sets. ``None`` when a
    set fits the band, ``unit`` alone exceeds the maximum, or the search ran out of budget.
    Workloads of land without households are not counted here. ``work``, a time budget, caps
    the steps too (:data:`WORK_PER_STEP` each) and is charged for them.
    """
    lo, hi = band.min, band.max
    if int(households[unit]) > hi:
        return None
    if work is not None and work.left() < budget * WORK_PER_STEP:
        budget = int(work.left() // WORK_PER_STEP)
    found: _GapSearch = {"below": -math.inf, "above": math.inf, "partners": set(), "steps": 0}

    def grow(members: list[int], total: int, work: float, frontier: list[int], excluded: set[int]) -> None:
        found["steps"] += 1
        if found["steps"] > budget or total >= lo:
            raise _SearchOver
        found["below"] = max(found["below"], work)
        found["partners"].update(members)
        inside = set(members)
        for x in members:
            for v in links[x]:
                if v not in inside and total + int(households[v]) > hi:
                    found["above"] = min(found["above"], work + float(workload[v]))
        frontier = list(frontier)
        excluded = set(excluded)
        while frontier:
            v = frontier.pop()
            if total + households[v] <= hi:
                extra = [y for y in links[v] if y not in inside and y not in excluded
                         and y not in frontier and y != v]
                grow(members + [v], total + int(households[v]), work + float(workload[v]),
                     frontier + extra, excluded)
            excluded.add(v)

    try:
        grow([unit], int(households[unit]), float(workload[unit]), sorted(links[unit]), set())
    except _SearchOver:
        return None
    finally:
        if work is not None:
            work.charge(min(found["steps"], budget + 1) * WORK_PER_STEP)
    return found["below"], found["above"], frozenset(found["partners"])


def forced_units(labels: Mapping[int, int], nodes: np.ndarray, units: Units, links: Links,
                 band: Band, work: WorkBudget | None = None) -> tuple[ForcedUnit, ...]:
    """The units of an area's grids outside the band that no grid in the band can hold, with
    the workloads their grids can have (:func:`workload_gap`), for the workload bound
    (:meth:`metrics.AreaLoad.least_spread`). Land without households may join any grid, so
    its whole workload is added to what a grid under the maximum can hold."""
    grid_h: dict[int, int] = {}
    for u, g in labels.items():
        grid_h[g] = grid_h.get(g, 0) + int(units.households[u])
    candidates = sorted(u for u, g in labels.items()
                        if units.households[u] > 0 and not band.min <= grid_h[g] <= band.max)
    if not candidates:
        return ()
    land = float(sum(units.workload[a] for a in nodes if units.households[a] <= 0))
    return forced_among(candidates, units.households, units.workload, links, band, land, work)


def forced_among(candidates: Iterable[int], households: np.ndarray, workload: np.ndarray, links: Links, band: Band,
                 land: float = 0.0, work: WorkBudget | None = None) -> tuple[ForcedUnit, ...]:
    """The units among ``candidates`` that no grid in the band can hold (:func:`workload_gap`),
    with how light a grid holding two of them can be; ``land`` is the workload that land
    without households could add to any grid. ``work``, a time budget, is charged for the
    searches; units not reached before it runs out are left out (a weaker bound)."""
    gaps = {}
    for u in candidates:
        if work is not None and work.left() <= 0:
            break
        gap = workload_gap(u, households, workload, links, band, work=work)
        if gap is not None:
            gaps[u] = gap
    out = []
    for u, (below, above, partners) in gaps.items():
        joined = _lightest_joins(u, set(gaps) - {u}, workload, links)
        out.append(ForcedUnit(int(u), float(workload[u]), below + land, above, partners,
                              tuple(sorted(joined.items()))))
    return tuple(out)


def _lightest_joins(source: int, targets: set[int], workload: np.ndarray, links: Links) -> dict[int, float]:
    """For each of ``targets``, the least workload of a chain of linked units from ``source``
    to it, both ends included (Dijkstra with the units' workloads as node weights)."""
    best = {source: float(workload[source])}
    heap = [(best[source], source)]
    found: dict[int, float] = {}
    while heap and len(found) < len(targets):
        d, v = heapq.heappop(heap)
        if d > best.get(v, math.inf):
            continue
        if v in targets:
            found[int(v)] = d
        for y in links[v]:
            nd = d + float(workload[y])
            if nd < best.get(y, math.inf):
                best[y] = nd
                heapq.heappush(heap, (nd, y))
    return found

