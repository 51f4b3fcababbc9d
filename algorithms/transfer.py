"""Minimum-transfer repair: bring grids back into the band by moving the fewest households.

The yearly review (:mod:`.replan`) keeps last year's grids; a grid pushed out of the band
should give (or take) only its excess, across its own boundary or along a chain of
neighbours (over → A → B where B has room), not have its whole ring re-planned.
:class:`MinimumTransfer` is a :class:`planner.Partitioner` that does exactly that on an area
made of whole previous grids:

1. every atom starts in its previous grid (``start``); land without households joins the
   grid it shares most boundary with;
2. **flow** (:func:`transfer_flow`): a min-cost flow over the grid adjacency, solved as a
   linear programme with HiGHS (``scipy.optimize.linprog``; its matrix is a network matrix,
   so the optimum is integral), decides how many households cross each boundary so that
   every grid ends in the band with the fewest household-crossings (a household passed on
   along a chain counts once per boundary); a grid the region cannot bring into the band
   pays a large penalty per household it stays out, instead of making the problem
   infeasible;
3. **peel** (:func:`peel`): each boundary's flow, in the order the flow runs, is realised by
   moving whole movable atoms (a loose building or cell, a compound with all of its atoms)
   that touch the receiving grid across no hard barrier nor water, keeping the giving grid
   connected and both grids within the band, the closest to the flow first;
4. steps 2–3 run again on what the atoms' sizes left over, up to :data:`TRANSFER_ROUNDS`.

The caller measures the result like any other plan (polygons, parts, barrier crossings) and
falls back to a wider re-plan where it does not restore the rules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from scipy.optimize import Bounds, LinearConstraint, milp

from .atoms import AtomGraph
from .band import Band
from .metrics import GRID_SIZE_M
from .partition import GridDraft
from .partition.adjacency import Neighbour, all_boundaries, connected_parts, planning_adjacency
from .partition.community import _attach_unassigned
from .planner import CommunityTask, build_community_graph

#: Flow-and-peel rounds: each round moves what the atoms' sizes left over from the last.
TRANSFER_ROUNDS = 4
#: Branch-and-bound nodes the flow's MILP may explore (a limit in work, not time, so that the
#: answer never depends on the machine's load; the regions' MILPs need a handful).
MILP_NODE_LIMIT = 10_000
#: Cost of one household left outside the band, against 1 per household crossing a boundary.
OUT_OF_BAND_PENALTY = 1000.0
#: Households of the clusters loose buildings are grouped in for the repair (the plan's are a
#: tenth of the target): finer atoms let the repair move little more than the excess.
FINE_CLUSTER_HOUSEHOLDS = 1.0
#: Joins a compound's id and its previous grid in the repair's atoms (a compound divided
#: last year moves piece by piece).
PIECE_SEPARATOR = "\x1f"
#: Atom kinds the repair may move (never a dedicated site or a locked grid).
MOVABLE_KINDS = ("compound", "compound_part", "loose")


def fine_community_graph(task: CommunityTask, rng: np.random.Generator) -> AtomGraph:
    """The planner's atom graph of ``task`` with loose buildings, and those of compounds above
    the maximum, one by one (:data:`FINE_CLUSTER_HOUSEHOLDS`): the finest the repair may move.
    A compound that last year's grids (``task.start``) divided stays divided as they did, and
    a loose building is an atom of its own, so that every atom lies in one previous grid."""
    if task.start is not None:
        compound = np.array([f"{PIECE_SEPARATOR}{i}" if c is None else f"{c}{PIECE_SEPARATOR}{s}"
                             for i, (c, s) in enumerate(zip(task.compound, task.start))], dtype=object)
        task = dataclasses.replace(task, compound=compound)
    return build_community_graph(task, rng, cluster_households=FINE_CLUSTER_HOUSEHOLDS, fine_compounds=True)


def transfer_flow(households: Sequence[int], edges: Sequence[tuple[int, int]], band: Band,
                  smallest: Sequence[int] | None = None) -> dict[tuple[int, int], int]:
    """Households to move across each grid boundary (``edges``: directed pairs of grid
    indices) so that every grid ends in ``band`` with the fewest household-crossings;
    households that cannot be brought into the band cost :data:`OUT_OF_BAND_PENALTY` each.
    ``smallest[e]``: the fewest households that can cross edge ``e`` at once (its smallest
    movable unit): a flow there is 0 or at least that (a small MILP, HiGHS). Returns the
    positive flows only."""
    h = np.asarray(households, dtype=float)
    k, m = len(h), len(edges)
    if k == 0 or m == 0:
        return {}
    low = np.ones(m) if smallest is None else np.maximum(np.asarray(smallest, dtype=float), 1.0)
    big = float(max(h.sum(), 1.0))
    # Variables: per directed edge its flow and whether it is used, then per grid the
    # households left above the maximum and below the minimum.
    n = 2 * m + 2 * k
    cost = np.concatenate([np.ones(m), np.zeros(m), np.full(2 * k, OUT_OF_BAND_PENALTY)])
    net = np.zeros((k, n))
    for e, (u, v) in enumerate(edges):
        net[u, e] += 1.0
        net[v, e] -= 1.0
    above = net.copy()
    above[np.arange(k), 2 * m + np.arange(k)] = 1.0          # net out ≥ h - max - above
    below = net.copy()
    below[np.arange(k), 2 * m + k + np.arange(k)] = -1.0     # net out ≤ h - min + below
    use = np.zeros((m, n))
    use[np.arange(m), np.arange(m)] = 1.0
    upper = use.copy()
    upper[np.arange(m), m + np.arange(m)] = -big             # flow ≤ big · used
    lower = use.copy()
    lower[np.arange(m), m + np.arange(m)] = -low             # flow ≥ smallest · used
    position = {e: i for i, e in enumerate(edges)}
    pairs = [(i, position[(v, u)]) for i, (u, v) in enumerate(edges) if u < v and (v, u) in position]
    one_way = np.zeros((len(pairs), n))                      # households cross a boundary one way
    for row, (i, j) in enumerate(pairs):
        one_way[row, m + i] = one_way[row, m + j] = 1.0
    constraints = [LinearConstraint(above, h - band.max, np.inf), LinearConstraint(below, -np.inf, h - band.min),
                   LinearConstraint(upper, -np.inf, 0.0), LinearConstraint(lower, 0.0, np.inf)]
    if pairs:
        constraints.append(LinearConstraint(one_way, -np.inf, 1.0))
    bounds = Bounds(np.zeros(n), np.concatenate([np.full(m, big), np.ones(m), np.full(2 * k, np.inf)]))
    integrality = np.concatenate([np.ones(2 * m), np.zeros(2 * k)])
    result = milp(cost, constraints=constraints, bounds=bounds, integrality=integrality,
                  options={"node_limit": MILP_NODE_LIMIT})
    if result.x is None:
        return {}
    flows = np.round(result.x[:m]).astype(np.int64)
    return {edges[e]: int(flows[e]) for e in range(m) if flows[e] > 0}


def _flow_order(flows: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """The flow's edges, those leaving a grid that receives nothing first (a min-cost flow has
    no cycle), so that a grid passes on households after it received them."""
    left = dict(flows)
    order: list[tuple[int, int]] = []
    while left:
        receiving = {v for (_, v) in left}
        ready = sorted(e for e in left if e[0] not in receiving) or sorted(left)
        for e in ready:
            order.append(e)
            del left[e]
    return order


def _units(graph: AtomGraph) -> list[np.ndarray]:
    """What moves as one: each loose atom, each compound with all of its atoms, each piece of
    a compound above the maximum (:func:`_may_join` keeps it with its compound's grids)."""
    by_group: dict[object, list[int]] = {}
    out: list[np.ndarray] = []
    for a in range(graph.n):
        kind = graph.group_kind[a]
        if kind not in MOVABLE_KINDS or graph.households[a] <= 0:
            continue
        if kind == "compound" and graph.group[a] is not None:
            by_group.setdefault(graph.group[a], []).append(a)
        else:
            out.append(np.array([a]))
    out.extend(np.array(sorted(members)) for _, members in sorted(by_group.items(), key=lambda kv: min(kv[1])))
    return sorted(out, key=lambda u: int(u[0]))


def _may_join(graph: AtomGraph, label: np.ndarray, unit: np.ndarray, taker: int) -> bool:
    """A piece of a compound above the maximum joins a grid that already holds a piece of it,
    or another grid while the compound is in fewer grids than its households need (a
    compound is never split more than the maximum requires)."""
    if graph.group_kind[unit[0]] != "compound_part":
        return True
    same = graph.group == graph.group[unit[0]]
    if np.any((label == taker) & same):
        return True
    needed = (graph.compound_grids_needed or {}).get(str(graph.group[unit[0]]), 1)
    return len(set(label[same].tolist())) < needed


def _smallest_crossing(graph: AtomGraph, adj: list[list[Neighbour]], label: np.ndarray, units: list[np.ndarray],
                       edges: Sequence[tuple[int, int]]) -> list[int]:
    """Per directed edge (giver, taker): the households of the smallest unit of the giver that
    touches the taker and may join it (0: none)."""
    best: dict[tuple[int, int], int] = {}
    for unit in units:
        giver = int(label[unit[0]])
        if giver < 0 or not all(label[a] == giver for a in unit):
            continue
        h = int(graph.households[unit].sum())
        for taker in {int(label[b]) for a in unit for b, _, _ in adj[a]} - {giver, -1}:
            if _may_join(graph, label, unit, taker) and h < best.get((giver, taker), 1 << 62):
                best[(giver, taker)] = h
    return [best.get(e, 0) for e in edges]


def peel(graph: AtomGraph, adj: list[list[Neighbour]], band: Band, label: np.ndarray, giver: int, taker: int,
         amount: int, pending_out: dict[int, int], units: list[np.ndarray]) -> int:
    """Move whole units from grid ``giver`` to ``taker`` (``label``: grid per atom, changed in
    place) until about ``amount`` households crossed: only units touching ``taker``, whose
    departure leaves ``giver`` connected and at least the minimum, and that leave ``taker`` no
    more than the maximum once it passed on ``pending_out[taker]``; each step takes the unit
    that brings the households moved closest to ``amount``. Returns the households moved."""
    households = graph.households
    totals = {g: int(households[label == g].sum()) for g in (giver, taker)}
    left = amount
    moved = 0
    while left > 0:
        best: tuple[tuple[int, int], np.ndarray] | None = None
        members = set(np.flatnonzero(label == giver).tolist())
        for unit in units:
            if label[unit[0]] != giver or not all(label[a] == giver for a in unit):
                continue
            if not any(label[b] == taker for a in unit for b, _, _ in adj[a]) or \
                    not _may_join(graph, label, unit, taker):
                continue
            h = int(households[unit].sum())
            if totals[giver] - h < band.min or totals[taker] + h - pending_out.get(taker, 0) > band.max:
                continue
            fixes = totals[giver] > band.max >= totals[giver] - h or \
                totals[taker] < band.min <= totals[taker] + h - pending_out.get(taker, 0)
            if abs(left - h) >= left and not fixes:
                continue                        # overshoots more than it brings
            key = (abs(left - h), int(unit[0]))
            if best is not None and key >= best[0]:
                continue
            stranded = _stranded(graph, adj, members - set(unit.tolist()))
            if stranded is None:
                continue
            best = (key, np.concatenate([unit, stranded]).astype(np.int64))
        if best is None:
            break
        unit = best[1]
        h = int(households[unit].sum())
        label[unit] = taker
        totals[giver] -= h
        totals[taker] += h
        left -= h
        moved += h
    return moved


def _stranded(graph: AtomGraph, adj: list[list[Neighbour]], rest: set[int]) -> np.ndarray | None:
    """What a grid left with atoms ``rest`` would lose besides: the parts without households
    cut off from its main part (land that went with the unit moved), or ``None`` when the grid
    would fall into pieces with households (or be left empty)."""
    if not rest:
        return None
    parts = connected_parts(rest, adj)
    if len(parts) == 1:
        return np.zeros(0, dtype=np.int64)
    weight = [int(graph.households[p].sum()) for p in parts]
    main = int(np.argmax(weight))
    if sum(w > 0 for w in weight) > 1:
        return None
    return np.concatenate([p for i, p in enumerate(parts) if i != main])


def minimum_transfer(graph: AtomGraph, band: Band, label: np.ndarray, grids: int,
                     frozen: Sequence[int] = (), rounds: int = TRANSFER_ROUNDS) -> np.ndarray:
    """``label`` (grid index per atom, every atom labelled) with the fewest households moved
    between grids so that every grid is within ``band`` where the flow and the atoms allow;
    ``frozen`` grids neither give nor take."""
    label = np.asarray(label, dtype=np.int64).copy()
    adj = planning_adjacency(graph, graph.kind != "water")
    units = _units(graph)
    for _ in range(rounds):
        totals = [int(graph.households[label == g].sum()) for g in range(grids)]
        if all(band.min <= totals[g] <= band.max for g in range(grids) if g not in frozen):
            break
        edges = sorted({(int(label[a]), int(label[b])) for a in range(graph.n) for b, _, _ in adj[a]
                        if label[a] != label[b] and label[a] >= 0 and label[b] >= 0
                        and label[a] not in frozen and label[b] not in frozen})
        smallest = _smallest_crossing(graph, adj, label, units, edges)
        usable = [e for e, s in zip(edges, smallest) if s > 0]
        flows = transfer_flow(totals, usable, band, [s for s in smallest if s > 0])
        if not flows:
            break
        pending: dict[int, int] = {}
        for (u, _), f in flows.items():
            pending[u] = pending.get(u, 0) + f
        progress = 0
        for u, v in _flow_order(flows):
            pending[u] -= flows[(u, v)]
            progress += peel(graph, adj, band, label, u, v, flows[(u, v)], pending, units)
        if not progress:
            break
    return label


@dataclass(frozen=True)
class MinimumTransfer:
    """A :class:`planner.Partitioner` for an area made of whole previous grids: each atom in
    its previous grid (``start``), then :func:`minimum_transfer`. Returns one basic grid per
    previous grid, in the order of their codes; ``grid_count`` is ignored (the grids stay).
    Grids outside the band other than those of ``repair`` are left as they are (a grid last
    year's plan proved cannot do better is not a reason to move households)."""

    repair: frozenset[str] = frozenset()
    #: the previous grids' polygons by code: land without households stays in the grid that
    #: held most of it (else it joins the grid it shares most boundary with)
    outlines: tuple[tuple[str, shapely.Geometry], ...] = ()

    def __call__(self, graph: AtomGraph, band: Band, rng: np.random.Generator, *, grid_count: int | None,
                 pocket_policy: str, start: np.ndarray | None, building_ids: Sequence | np.ndarray | None,
                 compound_names: dict[str, str] | None, search_seconds: float | None,
                 pocket_households: int) -> list[GridDraft]:
        if start is None:
            return [GridDraft(atoms=list(range(graph.n)))] if graph.n else []
        codes = sorted({str(s) for s in start if s is not None})
        index = {c: g for g, c in enumerate(codes)}
        assigned = np.array([index[str(s)] if s is not None else -1 for s in start], dtype=np.int64)
        self._keep_land(graph, assigned, index)
        drafts = [GridDraft(atoms=[int(a) for a in np.flatnonzero(assigned == g)]) for g in range(len(codes))]
        _attach_unassigned(graph, all_boundaries(graph), assigned, drafts)
        totals = [int(graph.households[assigned == g].sum()) for g in range(len(codes))]
        frozen = [g for g, c in enumerate(codes)
                  if c not in self.repair and not band.min <= totals[g] <= band.max]
        label = minimum_transfer(graph, band, assigned, len(codes), frozen)
        return [GridDraft(atoms=[int(a) for a in np.flatnonzero(label == g)]) for g in range(len(codes))]

    def _keep_land(self, graph: AtomGraph, assigned: np.ndarray, index: dict[str, int]) -> None:
        """Give each atom without a grid the previous grid overlapping most of it."""
        outlines = [(index[c], g) for c, g in self.outlines if c in index and g is not None]
        todo = np.flatnonzero(assigned < 0)
        if not outlines or not len(todo):
            return
        polygons = np.array([g for _, g in outlines], dtype=object)
        tree = shapely.STRtree(polygons)
        q_atom, q_grid = tree.query(graph.geometry[todo], predicate="intersects")
        if not len(q_atom):
            return
        common = shapely.area(shapely.intersection(graph.geometry[todo][q_atom], polygons[q_grid],
                                                   grid_size=GRID_SIZE_M))
        best: dict[int, tuple[float, int]] = {}
        for a, g, area in zip(q_atom, q_grid, common):
            if area > 0 and area > best.get(int(a), (0.0, -1))[0]:
                best[int(a)] = (float(area), outlines[int(g)][0])
        for a, (_, g) in best.items():
            assigned[todo[a]] = g
