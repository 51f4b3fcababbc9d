"""The front door: one community's atoms into grids (:func:`partition_community`)."""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence

import numpy as np

from ..atoms import SEP_HARD, SEP_NONE, SEP_SOFT, SEP_WATER, AtomGraph
from ..band import Band
from ..bandcheck import AreaCheck
from ..i18n import tr
from .adjacency import Adjacency, Boundary, Neighbour, all_boundaries, areas_of, connected_parts, planning_adjacency
from .budget import CLOCK_FACTOR, CLOCK_MIN_SECONDS, SearchBudget
from .counts import apportion_grids, choose_grid_count, count_violation, distribute_grids
from .cuts import recursive_split
from .draft import GridDraft
from .explain import explain_band
from .proofs import forced_units, household_links
from .search import improve_area
from .settle import plan_miss, settle_area
from .units import Units, compound_fusions

RESTARTS = 2                   # fresh starts tried while some grid stays outside the band
POCKET_CROSSING_COST = 100.0   # households of band violation that crossing a barrier is worth


def partition_community(graph: AtomGraph, band: Band, rng: np.random.Generator, *,
                        grid_count: int | None = None, pocket_policy: str = "separate",
                        pocket_households: int | None = None,
                        start: np.ndarray | None = None, building_ids: Sequence | np.ndarray | None = None,
                        compound_names: dict[str, str] | None = None,
                        search_seconds: float | None = None) -> list[GridDraft]:
    """Partition one community's atoms into grids; every atom ends in exactly one grid.

    ``start`` optionally gives a previous grid label per atom (``None`` where unknown); an
    area whose previous grids are all connected and of the chosen count starts from them.
    A *pocket* is an area (the land between hard barriers) below the minimum. One with fewer
    than ``pocket_households`` households (default: a third of the minimum) joins the
    neighbouring area it touches across the barrier, whatever the policy: a grid of a few
    dozen households is absurd to a planner, so the grid serving it is reported as crossing
    the barrier, its reason naming the pocket and the barrier. A larger pocket stands alone
    (``pocket_policy="separate"``) or may join a neighbouring area across a major road
    (``"merge"``) when that breaks the band less.
    ``search_seconds`` is the search's time budget per 10,000 households (``None``: none),
    counted in work units and shared by the areas (:mod:`.budget`); an area that runs out
    keeps its best plan, and if that misses the band its
    grids say the area is undecided. When the wall-clock safety net fires, ``graph.notes``
    gets a ``search_time_cap`` note.
    """
    threshold = band.min // 3 if pocket_households is None else int(pocket_households)
    n = graph.n
    drafts: list[GridDraft] = []
    assigned = np.full(n, -1, dtype=np.int64)

    # 1. Atoms that are grids by themselves (or with their own kind).
    _own_grids(graph, band, building_ids, drafts, assigned)

    # 2. Areas of the remaining land, linked by every boundary but hard barriers.
    free = (assigned < 0) & (graph.kind != "water")
    adj = planning_adjacency(graph, free)
    boundaries = all_boundaries(graph)

    # 3. Pockets below the threshold join a neighbouring area across the barrier; with the
    #    merge policy, larger ones too when that breaks the band less than standing alone.
    merged, merged_reason = _join_pockets(graph, adj, boundaries, free, band, threshold, pocket_policy,
                                          building_ids)
    # A merged area moves as one unit, so that only one grid crosses the barrier for it; so
    # does a compound whose buildings lie in blocks that do not touch, with the land between.
    in_merged = np.zeros(n, dtype=bool)
    for group in merged:
        in_merged[group] = True
    units = Units(graph, adj, merged + compound_fusions(graph, adj, free & ~in_merged, band))
    unit_free = np.array([free[m[0]] for m in units.members], dtype=bool)
    adj = units.adj
    area_nodes = areas_of(adj, unit_free)
    area_households = [int(units.households[c].sum()) for c in area_nodes]
    populated = [i for i, hh in enumerate(area_households) if hh > 0]
    counts, reasons = _area_grid_counts(area_nodes, area_households, populated, units, band, grid_count,
                                        sum(1 for d in drafts if d.kind == "basic"))
    unit_start = None
    if start is not None:
        unit_start = np.array([start[m[0]] if len({start[a] for a in m}) == 1 else None
                               for m in units.members], dtype=object)

    budget = SearchBudget.for_community(search_seconds, sum(area_households[i] for i in populated))
    households_left = float(sum(area_households[i] for i in populated))
    for i in populated:
        nodes = area_nodes[i]
        area_budget = budget.for_area(area_households[i], households_left)
        households_left -= area_households[i]
        labels, check = _plan_area(nodes, units, adj, band, rng, min(max(1, counts[i]), len(nodes)),
                                   unit_start, fixed_count=grid_count is not None, budget=area_budget)
        k = len(set(labels.values()))
        base = len(drafts)
        for _ in range(k):
            drafts.append(GridDraft(atoms=[], area=int(i)))
        for u, g in labels.items():
            for a in units.members[u]:
                drafts[base + g].atoms.append(int(a))
                assigned[a] = base + g
                if a in merged_reason:
                    drafts[base + g].reasons.append(merged_reason[a])
        reason = reasons.get(i)
        if reason:
            for g in range(k):
                drafts[base + g].reasons.append(reason)
                drafts[base + g].band_forced = True
        if plan_miss(labels, units.households, band) > 0:
            links = household_links(nodes, units.households, adj)
            explain_band(labels, nodes, units, links, band, drafts, base, graph, building_ids, compound_names,
                         check, area_budget)
            if k > 1:
                forced = forced_units(labels, nodes, units, links, band, area_budget)
                for g in range(k):
                    drafts[base + g].forced = forced
        if area_budget.stopped == "clock":
            _note_clock(graph, units, nodes, area_households[i], area_budget, building_ids)

    # 4. Land and water without households join a neighbouring grid.
    _attach_unassigned(graph, boundaries, assigned, drafts)
    if not drafts and n:
        drafts.append(GridDraft(atoms=list(range(n)), reasons=[tr("the community has no households")]))
        assigned[:] = 0
    return drafts


def _note_clock(graph: AtomGraph, units: Units, nodes: np.ndarray, households: int, budget: SearchBudget,
                building_ids: Sequence | np.ndarray | None) -> None:
    """Report that the wall-clock safety net stopped an area's search (the plan may then
    depend on the machine): a ``search_time_cap`` note on the area's first building."""
    buildings = [b for u in nodes for a in units.members[u] for b in graph.members[a]]
    key = str(building_ids[buildings[0]]) if building_ids is not None and buildings else ""
    graph.notes.append(("search_time_cap", key,
                        tr("the search of an area of {households} households (with building {key}) was stopped "
                           "by the time budget's wall-clock safety net ({factor:g} × its {seconds:.2f} s, at least "
                           "{minimum:g} s) before its work units ran out: this machine ran slower than the "
                           "reference, so this plan may differ from one made elsewhere with the same seed; where "
                           "a grid of the area is outside the band, the area is undecided",
                           households=households, key=key, factor=CLOCK_FACTOR, seconds=budget.seconds or 0,
                           minimum=CLOCK_MIN_SECONDS)))


def _own_grids(graph: AtomGraph, band: Band, building_ids: Sequence | np.ndarray | None, drafts: list[GridDraft],
               assigned: np.ndarray) -> None:
    """Locked grids, dedicated sites and single atoms above the maximum become grids of
    their own (appended to ``drafts``; ``assigned`` records each atom's draft)."""
    fixed_groups: dict[tuple, list[int]] = {}
    for a in range(graph.n):
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
            what = (tr("building {ids}", ids=building_ids[graph.members[a][0]]) if len(graph.members[a]) == 1
                    and building_ids is not None else
                    tr("an indivisible group of {n} buildings", n=len(graph.members[a])))
            hh = int(graph.households[a])
            d.reasons.append(tr("{what} alone has {households:,} households (> max {maximum}); a building is never "
                                "split: a grid of its own that needs {workers} grid workers (⌈{households:,} / "
                                "{maximum}⌉)", what=what, households=hh, maximum=band.max,
                                workers=workers_needed(hh, band)))
            d.band_forced = True
        drafts.append(d)
        assigned[atoms] = len(drafts) - 1


def workers_needed(households: int, band: Band) -> int:
    """Grid workers a grid of ``households`` needs: one per ``band.max`` households (⌈h / max⌉)."""
    return max(1, math.ceil(int(households) / band.max))


def _join_pockets(graph: AtomGraph, adj: list[list[Neighbour]], boundaries: list[list[Boundary]],
                  free: np.ndarray, band: Band, threshold: int, policy: str,
                  building_ids: Sequence | np.ndarray | None) -> tuple[list[np.ndarray], dict[int, str]]:
    """Pockets (areas below the minimum) that join a neighbouring area across a barrier.

    A pocket with households below ``threshold`` joins whatever its policy; with the
    ``merge`` policy a larger one joins when that breaks the band less than a grid of its own
    would (crossing counts as :data:`POCKET_CROSSING_COST` households), never across water.
    The pocket joins the populated area it reaches across the fewest barriers, through land
    without households between them (the strip between two carriageways), smallest pockets
    first. The crossed boundaries are added to ``adj`` as minor-road links; the pocket and
    the land it passes through become one unit. Returns the joined groups of atoms and, per
    atom, the reason naming the pocket and the barrier.
    """
    area_nodes = areas_of(adj, free)
    original = [int(graph.households[c].sum()) for c in area_nodes]
    area_households = list(original)
    area_of = np.full(graph.n, -1, dtype=np.int64)
    for ai, nodes in enumerate(area_nodes):
        area_of[nodes] = ai
    has_duties = [bool(any(len(graph.members[a]) for a in nodes)) and float(graph.workload[nodes].sum()) > 0
                  for nodes in area_nodes]
    labels = {}
    if graph.edge_label is not None:
        for i, j, label in zip(graph.edge_i, graph.edge_j, graph.edge_label):
            labels[(int(i), int(j))] = labels[(int(j), int(i))] = label
    merged_into: dict[int, int] = {}
    merged: list[np.ndarray] = []
    reason: dict[int, str] = {}
    used = np.zeros(graph.n, dtype=bool)

    def root(ai: int) -> int:
        while ai in merged_into:
            ai = merged_into[ai]
        return ai

    def route(ai: int, water: bool) -> list[int] | None:
        """Atoms from the pocket to the nearest populated area: fewest barriers crossed,
        then fewest atoms; through free land of areas without households only."""
        best: dict[int, tuple[int, int]] = {int(a): (0, 0) for a in area_nodes[ai]}
        back: dict[int, int] = {}
        heap = [(0, 0, int(a)) for a in area_nodes[ai]]
        heapq.heapify(heap)
        while heap:
            crossed, steps, a = heapq.heappop(heap)
            if best.get(a, (crossed, steps)) < (crossed, steps):
                continue
            aj = area_of[a]
            if aj >= 0 and root(aj) != root(ai) and area_households[root(aj)] > 0:
                path = [a]
                while path[-1] in back:
                    path.append(back[path[-1]])
                return path[::-1]
            for b, _length, sep in boundaries[a]:
                bj = area_of[b]
                if bj < 0 or used[b] or (sep == SEP_WATER and not water):
                    continue
                if root(bj) != root(ai) and original[bj] == 0 and has_duties[bj]:
                    continue
                key = (crossed + int(sep in (SEP_HARD, SEP_WATER)), steps + 1)
                if key < best.get(int(b), (1 << 30, 0)):
                    best[int(b)] = key
                    back[int(b)] = a
                    heapq.heappush(heap, (key[0], key[1], int(b)))
        return None

    order = sorted((ai for ai in range(len(area_nodes))
                    if 0 < area_households[ai] < band.min or (area_households[ai] == 0 and has_duties[ai])),
                   key=lambda ai: (area_households[ai], ai))
    for ai in order:
        pocket = area_households[ai]
        forced = pocket < threshold
        if not forced and policy != "merge":
            continue
        path = route(ai, water=forced)
        if path is None:
            continue
        target = root(area_of[path[-1]])
        if not forced:
            alone = (band.min - pocket) / band.target
            before = count_violation(area_households[target], band)
            after = count_violation(area_households[target] + pocket, band)
            if after - before + POCKET_CROSSING_COST / band.target >= alone:
                continue
        crossed = []
        for a, b in zip(path, path[1:]):
            sep = next((s for x, _, s in boundaries[a] if x == b), SEP_NONE)
            if sep in (SEP_HARD, SEP_WATER):
                length = sum(ln for x, ln, _ in boundaries[a] if x == b)
                adj[a].append(Neighbour(b, length, True))
                adj[b].append(Neighbour(a, length, True))
                label = labels.get((a, b)) or (tr("water") if sep == SEP_WATER else tr("a hard barrier"))
                if label not in crossed:
                    crossed.append(label)
        passed = [a for a in path[1:-1] if area_of[a] != ai]
        group = np.array(sorted(set(area_nodes[ai].tolist()) | set(passed)), dtype=np.int64)
        used[group] = True
        merged_into[ai] = target
        merged.append(group)
        area_households[target] += pocket
        text = _pocket_text(graph, area_nodes[ai], pocket, building_ids)
        barrier = tr(" and ").join(crossed) or tr("a hard barrier")
        if forced:
            why = tr("joins {pocket} beyond {barrier}: fewer than {threshold} households (the pocket threshold), too "
                     "few for a grid of its own, so this grid serves it across the barrier", pocket=text,
                     barrier=barrier, threshold=threshold)
        else:
            why = tr("includes {pocket} beyond {barrier}, too small for a grid of its own (min {minimum}; pocket "
                     "policy merge)", pocket=text, barrier=barrier, minimum=band.min)
        for a in group:
            reason[int(a)] = why
    return merged, reason


def _pocket_text(graph: AtomGraph, nodes: np.ndarray, households: int,
                 building_ids: Sequence | np.ndarray | None) -> str:
    """"a pocket of 60 households (buildings 12, 13)": the pocket named by its buildings."""
    members = [int(m) for a in nodes for m in graph.members[a]]
    if building_ids is None or not members:
        return tr("a pocket of {households} households", households=households)
    ids = ", ".join(str(building_ids[m]) for m in members[:3])
    more = tr(" and {n} more", n=len(members) - 3) if len(members) > 3 else ""
    named = tr("building {ids}", ids=ids + more) if len(members) == 1 else tr("buildings {ids}", ids=ids + more)
    return tr("a pocket of {households} households ({buildings})", households=households, buildings=named)


def _area_grid_counts(area_nodes: list[np.ndarray], area_households: list[int], populated: list[int],
                      units: Units, band: Band, grid_count: int | None,
                      own_basic: int) -> tuple[dict[int, int], dict[int, str | None]]:
    """Grid count of each populated area, and the reason when its grids cannot meet the band.

    A fixed ``grid_count`` for the community (less the ``own_basic`` grids set aside already)
    is shared in proportion to households; otherwise :func:`apportion_grids` chooses.
    """
    reasons: dict[int, str | None] = {}
    if grid_count is not None and populated:
        counts = distribute_grids(grid_count - own_basic, {i: area_households[i] for i in populated})
        for i in populated:
            mean = area_households[i] / max(counts[i], 1)
            reasons[i] = None if band.min <= mean <= band.max else tr(
                "the fixed count of {n} grids gives about {mean:.0f} households per grid here", n=grid_count, mean=mean)
        return counts, reasons
    counts = apportion_grids({i: area_households[i] for i in populated}, band,
                             {i: float(units.workload[area_nodes[i]].sum()) for i in populated})
    for i in populated:
        _, reason = choose_grid_count(area_households[i], band)
        if reason and len(populated) > 1:
            reason = tr("a pocket of {households} households cut off by major roads or rivers: {why}",
                        households=area_households[i], why=reason)
        elif reason:
            reason = tr("the community has {households} households: {why}", households=area_households[i], why=reason)
        reasons[i] = reason
    return counts, reasons


def _plan_area(nodes: np.ndarray, units: Units, adj: Adjacency, band: Band, rng: np.random.Generator,
               k: int, unit_start: np.ndarray | None, fixed_count: bool,
               budget: SearchBudget | None = None) -> tuple[dict[int, int], AreaCheck | None]:
    """The grids of one area: unit labels and, when the search left it outside the band, the
    exact check that settled it (:func:`settle.settle_area`).

    The first start is the previous plan when ``unit_start`` gives one that fits, else a
    recursive bisection; when whole compounds leave some grid outside the band, up to
    :data:`RESTARTS` fresh bisections are tried and the plan missing the band least is kept.
    Every step is charged to ``budget``; once it is exhausted no further restart is tried
    and the area is settled as undecided when its plan misses the band.
    """
    parts = _start_parts(nodes, unit_start, adj, k) if unit_start is not None else None
    best: tuple[dict[int, int], float, float] | None = None
    for attempt in range(RESTARTS + 1):
        if attempt > 0 and budget is not None and budget.exhausted():
            break
        if attempt > 0 or parts is None:
            parts = recursive_split(nodes, units, adj, k, band, rng, work=budget)
        labels, cost, violation = improve_area(nodes, units, adj, band, parts, rng, budget)
        if best is None or (violation, cost) < (best[2], best[1]):
            best = (labels, cost, violation)
        if best[2] <= 0:
            break           # every grid in the band: further tries only polish balance
    assert best is not None         # RESTARTS + 1 >= 1 attempts, and the first sets it
    labels = best[0]
    if best[2] <= 0:
        return labels, None
    return settle_area(nodes, units, adj, band, labels, rng, fixed_count=fixed_count, budget=budget)


def _attach_unassigned(graph: AtomGraph, boundaries: list[list[Boundary]], assigned: np.ndarray,
                       drafts: list[GridDraft]) -> None:
    """Give every atom without a grid to the neighbour grid it shares most boundary with.

    Non-barrier boundaries are preferred to water edges, water edges to hard barriers.
    """
    rank = {SEP_NONE: 0, SEP_SOFT: 0, SEP_WATER: 1, SEP_HARD: 2}
    while True:
        todo = np.flatnonzero(assigned < 0)
        if not len(todo):
            return
        progress = False
        for a in todo:
            best = None
            for b, length, sep in boundaries[a]:
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
        nearest = min(basic, key=lambda g: min(math.hypot(graph.x[a] - graph.x[b], graph.y[a] - graph.y[b])
                                               for b in drafts[g].atoms))
        assigned[a] = nearest
        drafts[nearest].atoms.append(int(a))


def _start_parts(nodes: np.ndarray, start: np.ndarray, adj: Adjacency, k: int) -> list[np.ndarray] | None:
    """The area's units grouped by their previous grid (``start``, per unit), or ``None``
    when some unit has none, the count is not ``k`` or a group is not connected."""
    labels = [start[a] for a in nodes]
    if any(lb is None for lb in labels):
        return None
    keys = sorted(set(labels))
    if len(keys) != k:
        return None
    parts = [nodes[np.array([lb == key for lb in labels])] for key in keys]
    if any(len(connected_parts(part, adj)) != 1 for part in parts):
        return None
    return parts
