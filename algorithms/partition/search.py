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

import math
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import numpy as np

from ..atoms import AtomGraph
from ..band import Band
from .adjacency import Adjacency, connected_parts
from .budget import SearchBudget
from .counts import distribute_grids
from .cuts import bisect_tree, recursive_split
from .proofs import HouseholdLinks, band_blocked, household_links, in_band_sets
from .units import Units

WEIGHT_BAND = 1000.0
WEIGHT_BALANCE = 200.0
WEIGHT_COMPACTNESS = 1.0
WEIGHT_MINOR_ROADS = 0.3
WEIGHT_TARGET = 0.5

REPAIR_GROUPS = 12              # three-grid groups tried per grid outside the band
RECUT_TRIALS = 6               # spanning trees per re-cut of neighbouring grids (measured: as good as 12)
MAX_PASSES = 40
CHAIN_DEPTH = 4                # grids a workload transfer chain may pass through
CHAIN_SOURCES = 6              # grids farthest from the mean that start chains, per round
CHAIN_PATHS = 8                # chains tried per starting grid (shortest first)
LNS_SETS = 6                   # in-band sets tried per grid outside the band
# Work units (reference microseconds) charged to the time budget, fitted on 134 local
# searches of generated lattices, the demo and the Beijing extract (see docs/engine.md).
WORK_PER_LABEL = 3              # a unit's labels and sums set afresh (set_labels, grid_adjacency)
WORK_PER_NEIGHBOUR = 2          # a neighbour looked at by move_delta
WORK_PER_MEMBER = 2             # a grid member visited by a connectivity test or a border scan


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
    """A saved plan of an :class:`AreaSearch` (:meth:`AreaSearch.snapshot`)."""

    labels: dict[int, int]
    members: list[set[int]]
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
        # The plan: each unit's grid, each grid's units, sums and cost (set by set_labels).
        self.labels: dict[int, int] = {}
        self.members: list[set[int]] = [set() for _ in range(k)]
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

    # --- objective -------------------------------------------------------------------
    def grid_cost(self, households: float, workload: float, area_m2: float, perimeter: float,
                  minor_roads: float) -> float:
        """The objective of one grid with these sums (see the module docstring)."""
        band = self.band
        mean = self.mean_workload
        cost = WEIGHT_BAND * (max(0.0, band.min - households) + max(0.0, households - band.max)) / band.target
        cost += WEIGHT_BALANCE * ((workload - mean) / mean) ** 2
        if perimeter > 0:
            cost += WEIGHT_COMPACTNESS * (1.0 - 4.0 * math.pi * area_m2 / (perimeter * perimeter))
            cost += WEIGHT_MINOR_ROADS * minor_roads / perimeter
        cost += WEIGHT_TARGET * ((households - band.target) / band.target) ** 2
        return cost

    def set_labels(self, labels: Mapping[int, int]) -> None:
        """Take the plan ``labels`` (unit → grid) and compute every grid's sums and cost afresh."""
        self.labels = dict(labels)
        self.charge(WORK_PER_LABEL * len(self.labels))
        k = self.k
        households, workload, area_m2 = np.zeros(k), np.zeros(k), np.zeros(k)
        perimeter, minor_roads = np.zeros(k), np.zeros(k)
        members: list[set[int]] = [set() for _ in range(k)]
        for a, g in self.labels.items():
            members[g].add(a)
            households[g] += self.unit_households[a]
            workload[g] += self.unit_workload[a]
            area_m2[g] += self.unit_area_m2[a]
            perimeter[g] += self.unit_perimeter[a]
        for a, g in self.labels.items():
            for b, length, soft in self.adj[a]:
                if self.labels.get(b) == g:
                    perimeter[g] -= length        # each internal edge is seen from both sides: −2 × length
                    if soft:
                        minor_roads[g] += length / 2
        self.members = members
        self.households, self.workload, self.area_m2 = households, workload, area_m2
        self.perimeter, self.minor_roads = perimeter, minor_roads
        self.costs = np.array([self.grid_cost(*self.totals(g)) for g in range(k)])

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
        return AreaSnapshot(dict(self.labels), [set(m) for m in self.members], self.households.copy(),
                            self.workload.copy(), self.area_m2.copy(), self.perimeter.copy(),
                            self.minor_roads.copy(), self.costs.copy())

    def restore(self, saved: AreaSnapshot) -> None:
        """Go back to the plan of ``saved`` exactly (it is taken over: restore it once)."""
        self.labels, self.members = saved.labels, saved.members
        self.households, self.workload, self.area_m2 = saved.households, saved.workload, saved.area_m2
        self.perimeter, self.minor_roads, self.costs = saved.perimeter, saved.minor_roads, saved.costs

    def mark_stuck(self, units: Iterable[int]) -> None:
        """Record the units no grid in the band can hold (see :attr:`stuck`)."""
        self.stuck = set(units)

    def holds_stuck(self, g: int) -> bool:
        """Grid ``g`` holds a unit that no in-band grid can hold (see :func:`proofs.band_blocked`)."""
        return bool(self.stuck) and any(a in self.stuck for a in self.members[g])

    # --- moves -----------------------------------------------------------------------
    def keeps_connected(self, g: int, a: int) -> bool:
        """Grid ``g`` stays connected (and not empty) without its unit ``a``: ``a`` may leave it."""
        members = self.members[g]
        if len(members) <= 1:
            return False
        self.charge(WORK_PER_MEMBER * len(members))
        start = next(iter(m for m in members if m != a))
        seen = {start, a}
        stack = [start]
        while stack:
            v = stack.pop()
            for b, _, _ in self.adj[v]:
                if b not in seen and b in members:
                    seen.add(b)
                    stack.append(b)
        return len(seen) == len(members)

    def move_delta(self, a: int, src: int, dst: int) -> Move:
        """What moving unit ``a`` from grid ``src`` to grid ``dst`` would do; nothing changes.

        Connectivity is not checked here (:meth:`keeps_connected`)."""
        self.charge(WORK_PER_NEIGHBOUR * len(self.adj[a]))
        sh_src = sh_dst = soft_src = soft_dst = 0.0
        for b, length, soft in self.adj[a]:
            lb = self.labels.get(b)
            if lb == src:
                sh_src += length
                if soft:
                    soft_src += length
            elif lb == dst:
                sh_dst += length
                if soft:
                    soft_dst += length
        h, w = self.unit_households[a], self.unit_workload[a]
        ar, pe = self.unit_area_m2[a], self.unit_perimeter[a]
        new_src = GridTotals(self.households[src] - h, self.workload[src] - w, self.area_m2[src] - ar,
                             self.perimeter[src] - pe + 2 * sh_src, self.minor_roads[src] - soft_src)
        new_dst = GridTotals(self.households[dst] + h, self.workload[dst] + w, self.area_m2[dst] + ar,
                             self.perimeter[dst] + pe - 2 * sh_dst, self.minor_roads[dst] + soft_dst)
        c_src = self.grid_cost(*new_src)
        c_dst = self.grid_cost(*new_dst)
        return Move(a, src, dst, c_src + c_dst - self.costs[src] - self.costs[dst], new_src, new_dst,
                    c_src, c_dst)

    def apply(self, move: Move) -> None:
        """Make ``move`` (from :meth:`move_delta` on the current plan)."""
        a, src, dst = move.unit, move.src, move.dst
        self.labels[a] = dst
        self.members[src].discard(a)
        self.members[dst].add(a)
        (self.households[src], self.workload[src], self.area_m2[src], self.perimeter[src],
         self.minor_roads[src]) = move.src_totals
        (self.households[dst], self.workload[dst], self.area_m2[dst], self.perimeter[dst],
         self.minor_roads[dst]) = move.dst_totals
        self.costs[src], self.costs[dst] = move.src_cost, move.dst_cost

    def local_search(self, max_passes: int = MAX_PASSES) -> int:
        """Single boundary moves, each unit to the neighbouring grid that lowers the cost most,
        when its own grid stays connected; passes in random order until none helps. Returns
        the moves made."""
        moves = 0
        for _ in range(max_passes):
            if self.out_of_budget():
                break
            improved = 0
            order = self.rng.permutation(self.nodes)
            for a in order:
                a = int(a)
                src = self.labels[a]
                cands = {self.labels[b] for b, _, _ in self.adj[a] if self.labels.get(b, src) != src}
                if not cands:
                    continue
                best = None
                for dst in sorted(cands):
                    move = self.move_delta(a, src, dst)
                    if move.delta < -1e-9 and (best is None or move.delta < best.delta):
                        best = move
                if best is None or not self.keeps_connected(src, a):
                    continue
                self.apply(best)
                improved += 1
            moves += improved
            if not improved:
                break
        return moves

    def grid_adjacency(self) -> set[tuple[int, int]]:
        """Pairs ``(g1, g2)``, ``g1 < g2``, of grids that touch."""
        self.charge(WORK_PER_LABEL * len(self.labels))
        pairs = set()
        for a, g in self.labels.items():
            for b, _, _ in self.adj[a]:
                gb = self.labels.get(b)
                if gb is not None and gb != g:
                    pairs.add((min(g, gb), max(g, gb)))
        return pairs

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
        just received. Kept when the summed cost drops; otherwise every move is undone."""
        done: list[Move] = []
        delta_sum = 0.0
        want = amount
        for src, dst in zip(path, path[1:]):
            self.charge(WORK_PER_MEMBER * len(self.members[src]))
            border = sorted((a for a in self.members[src]
                             if any(self.labels.get(b) == dst for b, _, _ in self.adj[a])),
                            key=lambda a: (abs(self.unit_workload[a] - want), a))
            unit = next((a for a in border[:4] if self.keeps_connected(src, a)), None)
            if unit is None:
                break
            move = self.move_delta(unit, src, dst)
            self.apply(move)
            done.append(move)
            delta_sum += move.delta
            want = self.unit_workload[unit]
        if len(done) == len(path) - 1 and delta_sum < -1e-9:
            return True
        for move in reversed(done):
            self.apply(self.move_delta(move.unit, move.dst, move.src))
        return False

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
        nodes = np.array(sorted(set().union(*(self.members[g] for g in group))), dtype=np.int64)
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
        new_labels = dict(self.labels)
        for g, part in zip(group, parts):
            for a in part:
                new_labels[int(a)] = g
        before = sum(self.costs[g] for g in group)
        saved = self.snapshot()
        self.set_labels(new_labels)
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
                for u in sorted(self.members[g]):
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
        affected = {self.labels[a] for a in grid} | {g}
        if len(affected) == 1:
            affected |= {b for pair in self.grid_adjacency() if g in pair for b in pair}
        others = sorted(affected - {g})
        if not others:
            return False
        rest = set().union(*(self.members[x] for x in affected)) - grid
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
        new_labels = dict(self.labels)
        for a in grid:
            new_labels[a] = g
        for lab, part in zip(others, parts):
            for a in part:
                new_labels[int(a)] = lab
        before = (float(self.band_violation().sum()), self.total_cost())
        saved = self.snapshot()
        self.set_labels(new_labels)
        self.local_search(max_passes=8)
        after = (float(self.band_violation().sum()), self.total_cost())
        if after[0] < before[0] - 1e-9 or (after[0] <= before[0] + 1e-9 and after[1] < before[1] - 1e-9):
            self.set_labels(self.labels)        # sums afresh, as after a re-cut
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
        candidates = [u for u in nodes if viol[search.labels[int(u)]] > 0]
        search.mark_stuck(band_blocked(nodes, units.households, adj, band, candidates, links, work=budget))
        if search.repair_band():
            search.local_search()
        if search.repair_by_sets(links):
            search.local_search()
    return dict(search.labels), search.total_cost(), float(search.band_violation().sum())
