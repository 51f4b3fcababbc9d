"""The local search of one area: its plan state, the moves and the objective.

:class:`AreaSearch` holds one plan of an area (in the spirit of GerryChain's ``Partition``):
each unit's grid (``labels``), each grid's units (``members``), each grid's sums
(``households``, ``workload``, ``area_m2``, ``perimeter``, ``minor_roads``) and cost, kept up to
date move by move. The search steps are its methods: single boundary moves that keep both
grids connected, merge–split steps that re-cut neighbouring grids, workload transfer chains
along paths of neighbouring grids, and the repairs of grids outside the band.

Objective (lower is better, per grid, summed): a large penalty for households outside the
band (hard), then workload balance (squared relative deviation from the area mean), then
compactness (1 − Polsby–Popper), minor-road crossings (length of minor roads inside the
grid relative to its perimeter) and closeness to the target size. The weights are the
``WEIGHT_*`` constants.

Every step charges its work to the area's time budget (:class:`.budget.SearchBudget`, the
``WORK_PER_*`` constants: reference microseconds) and each loop stops once the budget is
exhausted, keeping the plan as it stands (always whole and contiguous).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

import numpy as np

from ..atoms import AtomGraph
from ..band import Band
from .adjacency import Adjacency, connected_parts
from .budget import SearchBudget
from .counts import distribute_grids
from .cuts import WORK_PER_TREE, WORK_PER_TREE_ITEM, bisect_tree, recursive_split
from .proofs import HouseholdLinks, band_blocked, household_links, in_band_sets
from .search_kernels import (
    WEIGHT_BALANCE,
    WEIGHT_BAND,
    WEIGHT_COMPACTNESS,
    WEIGHT_MINOR_ROADS,
    WEIGHT_TARGET,
    WORK_PER_LABEL,
    WORK_PER_MEMBER,
    WORK_PER_NEIGHBOUR,
    grid_cost,
    grid_sums,
    keeps_connected,
    local_search_pass,
    move_totals,
    recut_pair,
    try_chain,
)
from .units import Units

__all__ = ["WEIGHT_BALANCE", "WEIGHT_BAND", "WEIGHT_COMPACTNESS", "WEIGHT_MINOR_ROADS", "WEIGHT_TARGET",
           "WORK_PER_LABEL", "WORK_PER_MEMBER", "WORK_PER_NEIGHBOUR", "AreaSearch", "AreaSnapshot",
           "GridTotals", "Move", "improve_area"]

REPAIR_GROUPS = 12              # three-grid groups tried per grid outside the band
RECUT_TRIALS = 6               # spanning trees per re-cut of neighbouring grids (measured: as good as 12)
MAX_PASSES = 40
CHAIN_DEPTH = 4                # grids a workload transfer chain may pass through
CHAIN_SOURCES = 6              # grids farthest from the mean that start chains, per round
CHAIN_PATHS = 8                # chains tried per starting grid (shortest first)
LNS_SETS = 6                   # in-band sets tried per grid outside the band


class GridTotals(NamedTuple):
    """The sums of one grid that its cost is computed from."""

    households: float
    workload: float
    area_m2: float
    perimeter: float        # outer boundary: the members' perimeters less their shared boundaries
    minor_roads: float      # length of minor roads between members of the grid


class Move(NamedTuple):
    """``unit`` from grid ``src`` to grid ``dst``: the change of the summed cost and the two
    grids' sums and costs after it (:meth:`AreaSearch.move_delta`, :meth:`AreaSearch.apply`)."""

    unit: int
    src: int
    dst: int
    delta: float
    src_totals: GridTotals
    dst_totals: GridTotals
    src_cost: float
    dst_cost: float


class AreaSnapshot(NamedTuple):
    """A saved plan of an :class:`AreaSearch` (:meth:`AreaSearch.snapshot`): each unit's grid
    (local indices, −1 outside the plan), each grid's unit count, sums and cost."""

    lab: np.ndarray
    size: np.ndarray
    households: np.ndarray
    workload: np.ndarray
    area_m2: np.ndarray
    perimeter: np.ndarray
    minor_roads: np.ndarray
    costs: np.ndarray


class AreaSearch:
    """One plan of an area's units in ``k`` grids, and the local search that improves it.

    ``graph`` gives each unit's ``households``, ``workload``, ``area`` (m²) and ``perimeter``
    (a :class:`.units.Units` or an ``AtomGraph``), ``adj`` its neighbours. Call
    :meth:`set_labels` before anything else.

    The plan is kept in arrays over the area's units in ``nodes`` order (local indices; the
    adjacency as compressed rows) for the kernels of :mod:`.search_kernels`; :attr:`labels`
    and :attr:`members` show it by unit number.
    """

    def __init__(self, nodes: np.ndarray, graph: AtomGraph | Units, adj: Adjacency, band: Band, k: int,
                 rng: np.random.Generator, budget: SearchBudget | None = None) -> None:
        self.nodes = nodes
        #: The time budget the steps are charged to and stop at (``None``: none).
        self.budget = budget
        self.graph = graph
        self.adj = adj
        self.band = band
        self.k = k
        self.rng = rng
        self.unit_households = graph.households.astype(float)
        self.unit_workload = graph.workload
        self.unit_area_m2 = graph.area
        self.unit_perimeter = graph.perimeter
        self.mean_workload = max(self.unit_workload[nodes].sum() / k, 1e-9)
        #: Units proven unable to sit in any grid in the band (:func:`proofs.band_blocked`):
        #: the repairs leave their grids alone.
        self.stuck: set[int] = set()
        self._stuck_local = np.empty(0, dtype=np.int64)
        # The area in local indices: position of each unit in ``nodes``, adjacency as rows.
        self._global = np.asarray(nodes, dtype=np.int64)
        self._local_of = np.full(len(self.unit_households), -1, dtype=np.int64)   # by unit number
        self._local_of[self._global] = np.arange(len(self._global))
        if isinstance(graph, Units) and adj is graph.adj:
            rows, nbr_all, length_all, soft_all = graph.rows()
            starts, counts = rows[self._global], rows[self._global + 1] - rows[self._global]
            indptr = np.zeros(len(self._global) + 1, dtype=np.int64)
            np.cumsum(counts, out=indptr[1:])
            entries = np.repeat(starts - indptr[:-1], counts) + np.arange(indptr[-1])
            self._nbr = self._local_of[nbr_all[entries]]
            self._length, self._soft = length_all[entries], soft_all[entries]
        else:
            indptr = np.zeros(len(self._global) + 1, dtype=np.int64)
            nbr: list[int] = []
            length: list[float] = []
            soft: list[bool] = []
            for i, a in enumerate(self._global):
                for b, edge_length, edge_soft in adj[a]:
                    nbr.append(int(b))
                    length.append(edge_length)
                    soft.append(bool(edge_soft))
                indptr[i + 1] = len(nbr)
            self._nbr = self._local_of[np.asarray(nbr, dtype=np.int64)]
            self._length = np.asarray(length, dtype=np.float64)
            self._soft = np.asarray(soft, dtype=np.bool_)
        self._indptr = indptr
        self._edge_from = np.repeat(np.arange(len(self._global), dtype=np.int64), np.diff(indptr))
        self._unit_h = np.ascontiguousarray(self.unit_households[self._global], dtype=np.float64)
        self._unit_w = np.ascontiguousarray(self.unit_workload[self._global], dtype=np.float64)
        self._unit_a = np.ascontiguousarray(self.unit_area_m2[self._global], dtype=np.float64)
        self._unit_p = np.ascontiguousarray(self.unit_perimeter[self._global], dtype=np.float64)
        # the band, the mean workload and the exponent of the cost's squares (2.0, given at run
        # time: see search_kernels.grid_cost), as the kernels take them
        self._band = (float(band.min), float(band.max), float(band.target), float(self.mean_workload), 2.0)
        self._seen = np.zeros(len(self._global), dtype=np.bool_)
        self._stack = np.empty(len(self._global), dtype=np.int64)
        # The plan (set by set_labels): each unit's grid (−1: not in the plan), the units of the
        # plan in the order they were given (the order sums are added in), each grid's unit
        # count, sums and cost.
        self._lab = np.full(len(self._global), -1, dtype=np.int64)
        self._keys = np.empty(0, dtype=np.int64)
        self.size = np.zeros(k, dtype=np.int64)
        self.households = np.zeros(k)
        self.workload = np.zeros(k)
        self.area_m2 = np.zeros(k)
        self.perimeter = np.zeros(k)
        self.minor_roads = np.zeros(k)
        self.costs = np.zeros(k)

    # --- budget ----------------------------------------------------------------------
    def charge(self, units: float) -> None:
        """Charge ``units`` of work to the time budget, if any."""
        if self.budget is not None:
            self.budget.charge(units)

    def out_of_budget(self) -> bool:
        """True once the time budget is exhausted: every loop stops then."""
        return self.budget is not None and self.budget.exhausted()

    # --- the plan by unit number -------------------------------------------------------
    @property
    def labels(self) -> dict[int, int]:
        """The plan: each unit's grid (a new dict, in the order the plan was given)."""
        return dict(zip(self._global[self._keys].tolist(), self._lab[self._keys].tolist()))

    @property
    def members(self) -> list[set[int]]:
        """Each grid's units (new sets)."""
        out: list[set[int]] = [set() for _ in range(self.k)]
        for a, g in zip(self._global[self._keys].tolist(), self._lab[self._keys].tolist()):
            out[g].add(a)
        return out

    def grid_of(self, a: int) -> int:
        """The grid of unit ``a`` (−1 when it is not in the plan)."""
        a = int(a)
        i = self._local_of[a] if 0 <= a < len(self._local_of) else -1
        return -1 if i < 0 else int(self._lab[i])

    def members_of(self, g: int) -> np.ndarray:
        """The units of grid ``g``, in ascending order."""
        return np.sort(self._global[self._lab == g])

    # --- objective -------------------------------------------------------------------
    def grid_cost(self, households: float, workload: float, area_m2: float, perimeter: float,
                  minor_roads: float) -> float:
        """The objective of one grid with these sums (see the module docstring)."""
        return float(grid_cost(households, workload, area_m2, perimeter, minor_roads, *self._band))

    def set_labels(self, labels: Mapping[int, int]) -> None:
        """Take the plan ``labels`` (unit → grid) and compute every grid's sums and cost afresh."""
        units = np.fromiter(labels, dtype=np.int64, count=len(labels))
        outside = (units < 0) | (units >= len(self._local_of))
        keys = self._local_of[np.where(outside, 0, units)]
        if len(keys) and (outside.any() or keys.min() < 0):
            raise ValueError(f"unit {units[outside | (keys < 0)][0]} is not one of the area's units")
        lab = np.full(len(self._global), -1, dtype=np.int64)
        lab[keys] = np.fromiter((int(g) for g in labels.values()), dtype=np.int64, count=len(labels))
        self._set_plan(keys, lab)

    def _set_plan(self, keys: np.ndarray, lab: np.ndarray) -> None:
        """Take the plan ``lab`` of the units ``keys`` (local indices) and its sums afresh."""
        self.charge(WORK_PER_LABEL * len(keys))
        self._keys, self._lab = keys, lab
        (self.size, self.households, self.workload, self.area_m2, self.perimeter, self.minor_roads,
         self.costs) = grid_sums(keys, lab, self.k, self._indptr, self._nbr, self._length, self._soft,
                                 self._unit_h, self._unit_w, self._unit_a, self._unit_p, *self._band)

    def _relabel(self, parts: Iterable[tuple[int, Iterable[int]]]) -> None:
        """The plan as it stands with the units of each ``(grid, units)`` pair moved to that
        grid (units already in the plan), sums afresh."""
        lab = self._lab.copy()
        for g, part in parts:
            units = part if isinstance(part, np.ndarray) else np.fromiter(part, dtype=np.int64)
            local = self._local_of[units]
            if len(local) and local.min() < 0:
                raise ValueError("a re-cut part holds a unit outside the area")
            lab[local] = g
        self._set_plan(self._keys, lab)

    def totals(self, g: int) -> GridTotals:
        """Grid ``g``'s sums as they stand."""
        return GridTotals(self.households[g], self.workload[g], self.area_m2[g], self.perimeter[g],
                          self.minor_roads[g])

    def total_cost(self) -> float:
        """The summed objective of the plan."""
        return float(self.costs.sum())

    def band_violation(self) -> np.ndarray:
        """Households outside the band, per grid."""
        band = self.band
        return np.maximum(0, band.min - self.households) + np.maximum(0, self.households - band.max)

    def snapshot(self) -> AreaSnapshot:
        """A copy of the plan, to be given back by :meth:`restore` when a trial fails."""
        return AreaSnapshot(self._lab.copy(), self.size.copy(), self.households.copy(),
                            self.workload.copy(), self.area_m2.copy(), self.perimeter.copy(),
                            self.minor_roads.copy(), self.costs.copy())

    def _hold(self) -> AreaSnapshot:
        """The plan's arrays themselves (no copy): a snapshot for :meth:`restore` as long as
        the plan is next replaced by :meth:`_set_plan` (new arrays), never changed in place."""
        return AreaSnapshot(self._lab, self.size, self.households, self.workload, self.area_m2, self.perimeter,
                            self.minor_roads, self.costs)

    def restore(self, saved: AreaSnapshot) -> None:
        """Go back to the plan of ``saved`` exactly (it is taken over: restore it once)."""
        self._lab, self.size = saved.lab, saved.size
        self.households, self.workload, self.area_m2 = saved.households, saved.workload, saved.area_m2
        self.perimeter, self.minor_roads, self.costs = saved.perimeter, saved.minor_roads, saved.costs

    def mark_stuck(self, units: Iterable[int]) -> None:
        """Record the units no grid in the band can hold (see :attr:`stuck`)."""
        self.stuck = set(units)
        local = self._local_of[np.fromiter(self.stuck, dtype=np.int64, count=len(self.stuck))]
        self._stuck_local = local[local >= 0]

    def holds_stuck(self, g: int) -> bool:
        """Grid ``g`` holds a unit that no in-band grid can hold (see :func:`proofs.band_blocked`)."""
        return bool(self.stuck) and bool(np.any(self._lab[self._stuck_local] == g))

    # --- moves -----------------------------------------------------------------------
    def keeps_connected(self, g: int, a: int) -> bool:
        """Grid ``g`` stays connected (and not empty) without its unit ``a``: ``a`` may leave it."""
        if self.size[g] <= 1:
            return False
        self.charge(WORK_PER_MEMBER * int(self.size[g]))
        return bool(keeps_connected(g, self._local_of[int(a)], self._lab, self.size, self._indptr, self._nbr,
                                    self._seen, self._stack))

    def move_delta(self, a: int, src: int, dst: int) -> Move:
        """What moving unit ``a`` from grid ``src`` to grid ``dst`` would do; nothing changes.

        Connectivity is not checked here (:meth:`keeps_connected`)."""
        self.charge(WORK_PER_NEIGHBOUR * len(self.adj[a]))
        t = move_totals(self._local_of[int(a)], src, dst, self._lab, self._indptr, self._nbr, self._length,
                        self._soft, self._unit_h, self._unit_w, self._unit_a, self._unit_p, self.households,
                        self.workload, self.area_m2, self.perimeter, self.minor_roads)
        new_src, new_dst = GridTotals(*t[:5]), GridTotals(*t[5:])
        c_src = self.grid_cost(*new_src)
        c_dst = self.grid_cost(*new_dst)
        return Move(a, src, dst, c_src + c_dst - self.costs[src] - self.costs[dst], new_src, new_dst,
                    c_src, c_dst)

    def apply(self, move: Move) -> None:
        """Make ``move`` (from :meth:`move_delta` on the current plan)."""
        a, src, dst = move.unit, move.src, move.dst
        self._lab[self._local_of[int(a)]] = dst
        self.size[src] -= 1
        self.size[dst] += 1
        (self.households[src], self.workload[src], self.area_m2[src], self.perimeter[src],
         self.minor_roads[src]) = move.src_totals
        (self.households[dst], self.workload[dst], self.area_m2[dst], self.perimeter[dst],
         self.minor_roads[dst]) = move.dst_totals
        self.costs[src], self.costs[dst] = move.src_cost, move.dst_cost

    def local_search(self, max_passes: int = MAX_PASSES) -> int:
        """Single boundary moves, each unit to the neighbouring grid that lowers the cost most,
        when its own grid stays connected; passes in random order until none helps. Returns
        the moves made (:func:`.search_kernels.local_search_pass`)."""
        moves = 0
        for _ in range(max_passes):
            if self.out_of_budget():
                break
            # rng.permutation(nodes) == nodes[rng.permutation(len(nodes))]: the same draws
            order = self.rng.permutation(len(self._global))
            improved, work = local_search_pass(
                order, self._lab, self.size, self.households, self.workload, self.area_m2, self.perimeter,
                self.minor_roads, self.costs, self._indptr, self._nbr, self._length, self._soft, self._unit_h,
                self._unit_w, self._unit_a, self._unit_p, *self._band, self._seen, self._stack)
            self.charge(work)
            moves += improved
            if not improved:
                break
        return moves

    def grid_adjacency(self) -> set[tuple[int, int]]:
        """Pairs ``(g1, g2)``, ``g1 < g2``, of grids that touch."""
        self.charge(WORK_PER_LABEL * len(self._keys))
        inside = self._nbr >= 0
        ga = self._lab[self._edge_from[inside]]
        gb = self._lab[self._nbr[inside]]
        touch = (ga >= 0) & (gb >= 0) & (ga != gb)
        low, high = np.minimum(ga[touch], gb[touch]), np.maximum(ga[touch], gb[touch])
        return set(zip(low.tolist(), high.tolist()))

    def grid_neighbours(self) -> list[list[int]]:
        """Each grid's neighbouring grids, in order."""
        near: list[set[int]] = [set() for _ in range(self.k)]
        for g1, g2 in self.grid_adjacency():
            near[g1].add(g2)
            near[g2].add(g1)
        return [sorted(n) for n in near]

    # --- workload transfer chains ----------------------------------------------------
    def _chains_from(self, start: int, near: list[list[int]], sign: float) -> list[list[int]]:
        """Shortest paths of neighbouring grids from ``start`` to grids whose workload lies
        on the ``sign`` side of the mean (at most :data:`CHAIN_DEPTH` steps, nearest first)."""
        previous = {start: -1}
        frontier = [start]
        paths: list[list[int]] = []
        for _ in range(CHAIN_DEPTH):
            grown = []
            for g in frontier:
                for n in near[g]:
                    if n in previous:
                        continue
                    previous[n] = g
                    grown.append(n)
                    if (self.workload[n] - self.mean_workload) * sign > 0:
                        path = [n]
                        while previous[path[-1]] >= 0:
                            path.append(previous[path[-1]])
                        paths.append(path[::-1])
                        if len(paths) >= CHAIN_PATHS:
                            return paths
            frontier = grown
        return paths

    def _try_chain(self, path: list[int], amount: float) -> bool:
        """Pass one boundary unit along ``path`` (first grid to second, second to third …),
        the first of about ``amount`` workload, each later one of about the workload its grid
        just received. Kept when the summed cost drops; otherwise every move is undone
        (:func:`.search_kernels.try_chain`)."""
        kept, work = try_chain(np.asarray(path, dtype=np.int64), float(amount), self._global, self._lab, self.size,
                               self.households, self.workload, self.area_m2, self.perimeter, self.minor_roads,
                               self.costs, self._indptr, self._nbr, self._length, self._soft, self._unit_h,
                               self._unit_w, self._unit_a, self._unit_p, *self._band, self._seen, self._stack)
        self.charge(work)
        return bool(kept)

    def transfer_chains(self, rounds: int | None = None) -> int:
        """Even out workload along chains of neighbouring grids; returns the chains kept.

        A grid far from the mean whose neighbours are all near it gains nothing from single
        boundary moves: each one makes a neighbour worse by as much. Here the grids farthest
        from the mean pass a boundary unit along a path of neighbouring grids to one on the
        other side of the mean, every grid on the way handing on about what it received, so
        only the two ends change much. A chain is kept when the summed cost drops, so the band,
        compactness and minor roads weigh in as for any move.
        """
        kept = 0
        for _ in range(rounds if rounds is not None else 2 * self.k):
            if self.out_of_budget():
                break
            near = self.grid_neighbours()
            deviation = self.workload - self.mean_workload
            progress = False
            for g in np.argsort(-np.abs(deviation), kind="stable")[:CHAIN_SOURCES]:
                g = int(g)
                sign = -1.0 if deviation[g] > 0 else 1.0
                for path in self._chains_from(g, near, sign):
                    if deviation[g] < 0:
                        path = path[::-1]       # workload flows from the heavy end to the light one
                    amount = min(abs(self.workload[path[0]] - self.mean_workload),
                                 abs(self.workload[path[-1]] - self.mean_workload))
                    if self._try_chain(path, amount):
                        progress = True
                        break
                if progress:
                    break
            if not progress:
                break
            kept += 1
        return kept

    # --- re-cuts -----------------------------------------------------------------------
    def _recut(self, group: list[int], trials: int = RECUT_TRIALS) -> bool:
        """Merge the grids in ``group`` and cut them again; keep the cut if the cost drops."""
        if len(group) == 2 and isinstance(self.graph, Units) and self.adj is self.graph.adj:
            # the same steps as below, in one kernel call
            tree_indptr, tree_nbr, tree_weight = self.graph.tree_rows()
            households, workload = self.graph.float_columns()
            kept, work, lab, sums = recut_pair(
                self.rng, group[0], group[1], trials, self._global, self._local_of, self._keys, self._lab,
                self.costs, self._indptr, self._nbr, self._length, self._soft, self._unit_h, self._unit_w,
                self._unit_a, self._unit_p, *self._band, self.k, tree_indptr, tree_nbr, tree_weight,
                self.graph.position_scratch, households, workload, WORK_PER_TREE, WORK_PER_TREE_ITEM)
            if work:
                self.charge(work)
            if kept:
                self._lab = lab
                (self.size, self.households, self.workload, self.area_m2, self.perimeter, self.minor_roads,
                 self.costs) = sums
            return bool(kept)
        inside = self._lab == group[0]
        for g in group[1:]:
            inside |= self._lab == g
        nodes = np.sort(self._global[inside])
        if len(nodes) < len(group):
            return False
        if len(group) == 2:
            side = bisect_tree(nodes, self.graph, self.adj, 1, 2, self.band, self.rng, trials,
                               balance_on="workload", work=self.budget)
            if side is None:
                return False
            parts = [nodes[side], nodes[~side]]
        else:
            parts = recursive_split(nodes, self.graph, self.adj, len(group), self.band, self.rng,
                                    balance_on="workload", work=self.budget)
        if len(parts) != len(group) or any(len(p) == 0 for p in parts):
            return False
        before = sum(self.costs[g] for g in group)
        saved = self._hold()
        self._relabel(zip(group, parts))
        if sum(self.costs[g] for g in group) < before - 1e-9:
            return True
        self.restore(saved)
        return False

    def merge_split(self, trials: int = RECUT_TRIALS) -> int:
        """Re-cut neighbouring grid pairs, worst band violation and balance first."""
        accepted = 0
        viol = self.band_violation()
        pairs = sorted(self.grid_adjacency(),
                       key=lambda p: (-(viol[p[0]] + viol[p[1]]), -abs(self.workload[p[0]] - self.workload[p[1]]),
                                      p))
        touched: set[int] = set()
        for g1, g2 in pairs:
            if self.out_of_budget():
                break
            if g1 in touched or g2 in touched:
                continue
            if self._recut([g1, g2], trials):
                touched.update((g1, g2))
                accepted += 1
        return accepted

    # --- repairs of grids outside the band ---------------------------------------------
    def repair_band(self, rounds: int = 3) -> int:
        """Grids still outside the band: re-cut them with two or three neighbours at once."""
        accepted = 0
        for _ in range(rounds):
            if self.out_of_budget():
                break
            viol = self.band_violation()
            bad = [int(g) for g in np.flatnonzero(viol > 0) if not self.holds_stuck(int(g))]
            if not bad:
                break
            neighbours = self.grid_neighbours()
            progress = False
            for g in bad:
                if self.band_violation()[g] <= 0:
                    continue
                groups = []
                near = neighbours[g]
                for i, n1 in enumerate(near):
                    for n2 in near[i + 1:]:
                        groups.append([g, n1, n2])
                    for n2 in neighbours[n1]:
                        groups.append([g, n1, n2])
                seen = set()
                for group in groups:
                    if self.out_of_budget():
                        break
                    key = tuple(sorted(group))
                    if key in seen or len(set(group)) < 3:
                        continue
                    seen.add(key)
                    if self._recut(list(key)):
                        accepted += 1
                        progress = True
                        break
                    if len(seen) >= REPAIR_GROUPS:
                        break
            if not progress:
                break
        return accepted

    def repair_by_sets(self, links: HouseholdLinks, rounds: int = 2) -> int:
        """Grids still outside the band: carve an in-band grid around one of their units.

        For a grid outside the band, connected sets of units around its units that fit the
        band are listed (:func:`proofs.in_band_sets`); each is tried as a grid of its own while
        the grids it takes units from are cut again from what is left. A try is kept when the
        band violation of the area drops (or stays and the cost drops).
        """
        accepted = 0
        hh = self.graph.households
        for _ in range(rounds):
            viol = self.band_violation()
            bad = [int(g) for g in np.argsort(-viol, kind="stable") if viol[g] > 0 and not self.holds_stuck(int(g))]
            progress = False
            for g in bad:
                if self.out_of_budget():
                    break
                if self.band_violation()[g] <= 0:
                    continue
                sets: set[frozenset] = set()
                for u in self.members_of(g).tolist():
                    if hh[u] > 0 and u in links:
                        found, _ = in_band_sets(u, hh, links, self.band, want=LNS_SETS, budget=600,
                                                work=self.budget)
                        sets.update(found)
                ordered = sorted(sets, key=lambda st: (abs(int(hh[list(st)].sum()) - self.band.target),
                                                       sorted(st)))
                for st in ordered[:LNS_SETS]:
                    if self.out_of_budget():
                        break
                    if self._try_grid(g, st, links):
                        accepted += 1
                        progress = True
                        break
            if not progress:
                break
        return accepted

    def _try_grid(self, g: int, core: frozenset, links: HouseholdLinks) -> bool:
        """Make ``core`` (with the land of its links) grid ``g``, cut the grids it takes units
        from again from what is left, polish; keep it when the band violation drops (or stays
        and the cost drops)."""
        grid = set(core)
        for s in core:
            for t, chain in links[s].items():
                if t in core:
                    grid.update(chain)
        affected = {self.grid_of(a) for a in grid} | {g}
        if len(affected) == 1:
            affected |= {b for pair in self.grid_adjacency() if g in pair for b in pair}
        others = sorted(affected - {g})
        if not others:
            return False
        rest = set().union(*(self.members_of(x).tolist() for x in affected)) - grid
        pieces = connected_parts(rest, self.adj)
        empty = [c for c in pieces if self.graph.households[c].sum() <= 0]
        for c in empty:         # land without households left over joins the new grid if it can
            if not any(b in grid for a in c for b, _, _ in self.adj[a]):
                return False
            grid.update(int(a) for a in c)
        pieces = [c for c in pieces if self.graph.households[c].sum() > 0]
        if not pieces or len(pieces) > len(others):
            return False
        counts = distribute_grids(len(others), {i: int(self.graph.households[c].sum())
                                                for i, c in enumerate(pieces)})
        parts: list[np.ndarray] = []
        for i, c in enumerate(pieces):
            split = recursive_split(c, self.graph, self.adj, counts[i], self.band, self.rng,
                                    balance_on="workload", work=self.budget)
            if len(split) != counts[i]:
                return False
            parts.extend(split)
        before = (float(self.band_violation().sum()), self.total_cost())
        saved = self._hold()
        self._relabel([(g, grid), *zip(others, parts)])
        self.local_search(max_passes=8)
        after = (float(self.band_violation().sum()), self.total_cost())
        if after[0] < before[0] - 1e-9 or (after[0] <= before[0] + 1e-9 and after[1] < before[1] - 1e-9):
            self._set_plan(self._keys, self._lab)        # sums afresh, as after a re-cut
            return True
        self.restore(saved)
        return False


def improve_area(nodes: np.ndarray, units: Units, adj: Adjacency, band: Band, parts: list[np.ndarray],
                 rng: np.random.Generator,
                 budget: SearchBudget | None = None) -> tuple[dict[int, int], float, float]:
    """Local search and merge–split from ``parts``; returns labels, cost and band violation.

    Every step is charged to ``budget`` and the search stops, keeping its plan, once the
    budget is exhausted."""
    k = len(parts)
    labels = {int(a): g for g, part in enumerate(parts) for a in part}
    if k <= 1:
        h = float(units.households[nodes].sum())
        return labels, 0.0, max(0.0, band.min - h, h - band.max)
    search = AreaSearch(nodes, units, adj, band, k, rng, budget)
    search.set_labels(labels)
    for _ in range(4):
        if search.out_of_budget():
            break
        moved = search.local_search()
        split = search.merge_split()
        if not moved and not split:
            break
    if search.transfer_chains():
        search.local_search()
    if search.band_violation().sum() > 0 and not search.out_of_budget():
        # Units proven unable to sit in any in-band grid: their grids are not worth re-cutting.
        links = household_links(nodes, units.households, adj)
        viol = search.band_violation()
        candidates = [u for u in nodes if viol[search.grid_of(int(u))] > 0]
        search.mark_stuck(band_blocked(nodes, units.households, adj, band, candidates, links, work=budget))
        if search.repair_band():
            search.local_search()
        if search.repair_by_sets(links):
            search.local_search()
    return dict(search.labels), search.total_cost(), float(search.band_violation().sum())
