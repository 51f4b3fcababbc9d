"""The front door: one community's atoms into grids (:func:`partition_community`)."""

from __future__ import annotations

import math

import numpy as np

from ..atoms import SEP_HARD, SEP_SOFT, SEP_WATER, AtomGraph
from ..band import Band
from .adjacency import _adjacency_lists, _adjacency_lists_all, _components
from .counts import _count_violation, _distribute, apportion_grids, choose_grid_count
from .cuts import _recursive_split
from .draft import GridDraft
from .explain import _explain_band
from .proofs import forced_units, household_links
from .search import _improve
from .settle import _plan_miss, _settle_area
from .units import _compound_fusions, _Units

RESTARTS = 2                   # fresh starts tried while some grid stays outside the band
POCKET_CROSSING_COST = 100.0   # households of band violation that crossing a barrier is worth


def partition_community(graph: AtomGraph, band: Band, rng: np.random.Generator, *,
                        grid_count: int | None = None, pocket_policy: str = "separate",
                        start: np.ndarray | None = None, building_ids=None,
                        compound_names: dict | None = None) -> list[GridDraft]:
    """Partition one community's atoms into grids; every atom ends in exactly one grid.

    ``start`` optionally gives a previous grid label per atom (``None`` where unknown); a
    component whose previous grids are all connected and of the chosen count starts from them.
    """
    n = graph.n
    drafts: list[GridDraft] = []
    assigned = np.full(n, -1, dtype=np.int64)

    # 1. Atoms that are grids by themselves (or with their own kind).
    fixed_groups: dict[tuple, list[int]] = {}
    for a in range(n):
        gk = graph.group_kind[a]
        if gk in ("locked", "dedicated"):
            fixed_groups.setdefault((gk, graph.group[a]), []).append(a)
        elif graph.kind[a] == "land" and graph.households[a] > band.max:
            fixed_groups.setdefault(("oversize", a), []).append(a)
    for (gk, key), atoms in sorted(fixed_groups.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        d = GridDraft(atoms=list(atoms), kind={"oversize": "basic"}.get(gk, gk),
                      label=None if gk == "oversize" else str(key))
        if gk == "oversize":
            a = atoms[0]
            what = (f"building {building_ids[graph.members[a][0]]}" if len(graph.members[a]) == 1
                    and building_ids is not None else f"an indivisible group of {len(graph.members[a])} buildings")
            d.reasons.append(f"{what} alone has {graph.households[a]} households (> max {band.max}); "
                             "a building is never split")
            d.band_forced = True
        drafts.append(d)
        assigned[atoms] = len(drafts) - 1

    # 2. Components of the remaining land, linked by every boundary but hard barriers.
    free = (assigned < 0) & (graph.kind != "water")
    adj = _adjacency_lists(graph, free)
    all_adj = _adjacency_lists_all(graph)
    comp_nodes = _components(adj, free)
    comp_h = [int(graph.households[c].sum()) for c in comp_nodes]

    # 3. Pockets too small for a grid join a neighbouring component across the barrier when
    #    that breaks the band less than a grid of their own would (crossing counts as
    #    POCKET_CROSSING_COST households of violation).
    pocket_reason: dict[int, str] = {}
    if pocket_policy == "merge":
        comp_of = np.full(n, -1, dtype=np.int64)
        for ci, nodes in enumerate(comp_nodes):
            comp_of[nodes] = ci
        merged_into: dict[int, int] = {}
        merged_pockets: list[np.ndarray] = []

        def root(ci):
            while ci in merged_into:
                ci = merged_into[ci]
            return ci

        order = sorted((ci for ci in range(len(comp_nodes)) if 0 < comp_h[ci] < band.min),
                       key=lambda ci: (comp_h[ci], ci))
        for ci in order:
            shared: dict[int, float] = {}
            links: dict[int, list[tuple[int, int, float]]] = {}
            for a in comp_nodes[ci]:
                for b, length, sep in all_adj[a]:
                    cj = comp_of[b]
                    if sep == SEP_HARD and cj >= 0 and root(cj) != root(ci) and comp_h[root(cj)] > 0:
                        shared[root(cj)] = shared.get(root(cj), 0.0) + length
                        links.setdefault(root(cj), []).append((int(a), int(b), length))
            if not shared:
                continue
            target = max(sorted(shared), key=lambda cj: shared[cj])
            alone = (band.min - comp_h[ci]) / band.target
            before = _count_violation(comp_h[target], band)
            after = _count_violation(comp_h[target] + comp_h[ci], band)
            if after - before + POCKET_CROSSING_COST / band.target >= alone:
                continue
            for a, b, length in links[target]:
                adj[a].append((b, length, True))
                adj[b].append((a, length, True))
            merged_into[ci] = target
            merged_pockets.append(comp_nodes[ci])
            comp_h[target] += comp_h[ci]
            for a in comp_nodes[ci]:
                pocket_reason[int(a)] = (f"includes a pocket of {comp_h[ci]} households beyond a major road "
                                         f"or river, too small for a grid of its own (min {band.min})")
    # A merged pocket moves as one unit, so that only one grid crosses the barrier for it; so
    # does a compound whose buildings lie in blocks that do not touch, with the land between.
    fused = merged_pockets if pocket_policy == "merge" else []
    in_pocket = np.zeros(n, dtype=bool)
    for group in fused:
        in_pocket[group] = True
    fused = fused + _compound_fusions(graph, adj, free & ~in_pocket, band)
    units = _Units(graph, adj, fused)
    unit_free = np.array([free[m[0]] for m in units.members], dtype=bool)
    adj = units.adj
    comp_nodes = _components(adj, unit_free)
    comp_h = [int(units.households[c].sum()) for c in comp_nodes]

    populated = [i for i, hh in enumerate(comp_h) if hh > 0]
    counts: dict[int, int] = {}
    reasons: dict[int, str | None] = {}
    if grid_count is not None and populated:
        counts = _distribute(grid_count - sum(1 for d in drafts if d.kind == "basic"),
                             {i: comp_h[i] for i in populated})
        for i in populated:
            mean = comp_h[i] / max(counts[i], 1)
            reasons[i] = None if band.min <= mean <= band.max else (
                f"the fixed count of {grid_count} grids gives about {mean:.0f} households per grid here")
    else:
        counts = apportion_grids({i: comp_h[i] for i in populated}, band,
                                 {i: float(units.workload[comp_nodes[i]].sum()) for i in populated})
        for i in populated:
            _, reasons[i] = choose_grid_count(comp_h[i], band)
            if reasons[i] and len(populated) > 1:
                reasons[i] = (f"a pocket of {comp_h[i]} households cut off by major roads or rivers: "
                              + reasons[i])
            elif reasons[i]:
                reasons[i] = f"the community has {comp_h[i]} households: " + reasons[i]

    for i in populated:
        nodes = comp_nodes[i]
        k = min(max(1, counts[i]), len(nodes))
        parts = None
        if start is not None:
            unit_start = np.array([start[m[0]] if len({start[a] for a in m}) == 1 else None
                                   for m in units.members], dtype=object)
            parts = _start_parts(nodes, unit_start, adj, k)
        # When whole compounds leave some grid outside the band, try fresh starts.
        tries = [k] * (RESTARTS + 1)
        best = None
        for attempt, kk in enumerate(tries):
            if not (attempt == 0 and parts is not None):
                parts = _recursive_split(nodes, units, adj, kk, band, rng)
            labels, cost, violation = _improve(nodes, units, adj, band, parts, rng)
            if best is None or (violation, cost) < (best[2], best[1]):
                best = (labels, cost, violation)
            if best[2] <= 0:
                break           # every grid in the band: further tries only polish balance
        labels = best[0]
        area = None
        if best[2] > 0:
            labels, area = _settle_area(nodes, units, adj, band, labels, rng,
                                        fixed_count=grid_count is not None)
        k = len(set(labels.values()))
        base = len(drafts)
        for g in range(k):
            drafts.append(GridDraft(atoms=[], area=int(i)))
        for u, g in labels.items():
            for a in units.members[u]:
                drafts[base + g].atoms.append(int(a))
                assigned[a] = base + g
                if a in pocket_reason:
                    drafts[base + g].reasons.append(pocket_reason[a])
        if reasons.get(i):
            for g in range(k):
                drafts[base + g].reasons.append(reasons[i])
                drafts[base + g].band_forced = True
        if _plan_miss(labels, units.households, band) <= 0:
            continue
        links = household_links(nodes, units.households, adj)
        _explain_band(labels, nodes, units, links, band, drafts, base, graph, building_ids, compound_names,
                      area)
        if k > 1:
            forced = forced_units(labels, nodes, units, links, band)
            for g in range(k):
                drafts[base + g].forced = forced

    # 4. Land and water without households join a neighbouring grid.
    _attach_unassigned(graph, all_adj, assigned, drafts)
    if not drafts and n:
        drafts.append(GridDraft(atoms=list(range(n)), reasons=["the community has no households"]))
        assigned[:] = 0
    return drafts



def _attach_unassigned(graph: AtomGraph, all_adj, assigned: np.ndarray, drafts: list[GridDraft]) -> None:
    """Give every atom without a grid to the neighbour grid it shares most boundary with.

    Non-barrier boundaries are preferred to water edges, water edges to hard barriers.
    """
    rank = {0: 0, SEP_SOFT: 0, SEP_WATER: 1, SEP_HARD: 2}
    while True:
        todo = np.flatnonzero(assigned < 0)
        if not len(todo):
            return
        progress = False
        for a in todo:
            best = None
            for b, length, sep in all_adj[a]:
                g = assigned[b]
                if g < 0 or drafts[g].kind != "basic":
                    continue
                key = (rank[sep], -length, g)
                if best is None or key < best[0]:
                    best = (key, g)
            if best is not None:
                assigned[a] = best[1]
                drafts[best[1]].atoms.append(int(a))
                progress = True
        if not progress:
            break
    todo = np.flatnonzero(assigned < 0)
    if not len(todo) or not drafts:
        return
    # Isolated pieces (no neighbour at all): nearest basic grid by distance.
    basic = [g for g, d in enumerate(drafts) if d.kind == "basic"] or list(range(len(drafts)))
    for a in todo:
        best = min(basic, key=lambda g: min(math.hypot(graph.x[a] - graph.x[b], graph.y[a] - graph.y[b])
                                            for b in drafts[g].atoms))
        assigned[a] = best
        drafts[best].atoms.append(int(a))



def _start_parts(nodes: np.ndarray, start: np.ndarray, adj, k: int):
    labels = [start[a] for a in nodes]
    if any(lb is None for lb in labels):
        return None
    keys = sorted(set(labels))
    if len(keys) != k:
        return None
    parts = [nodes[np.array([lb == key for lb in labels])] for key in keys]
    for part in parts:
        members = set(int(a) for a in part)
        seen = {int(part[0])}
        stack = [int(part[0])]
        while stack:
            v = stack.pop()
            for b, _, _ in adj[v]:
                if b in members and b not in seen:
                    seen.add(b)
                    stack.append(b)
        if len(seen) != len(members):
            return None
    return parts

