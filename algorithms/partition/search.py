"""The local search of one area: its plan state, the moves and the objective.

Objective (lower is better, per grid, summed): a large penalty for households outside the
band (hard), then workload balance (squared relative deviation from the area mean), then
compactness (1 − Polsby–Popper), minor-road crossings (length of minor roads inside the
grid relative to its perimeter) and closeness to the target size. The weights are the
``WEIGHT_*`` constants.
"""

from __future__ import annotations

import math

import numpy as np

from ..atoms import AtomGraph
from ..band import Band
from .adjacency import _components_of
from .counts import _distribute
from .cuts import _recursive_split, bisect_tree
from .proofs import LNS_SETS, band_blocked, household_links, in_band_sets

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


class _Component:
    """Local search state over the atoms of one connected component."""

    def __init__(self, nodes: np.ndarray, graph: AtomGraph, adj: list[list[tuple[int, float, bool]]],
                 band: Band, k: int, rng: np.random.Generator):
        self.nodes = nodes
        self.graph = graph
        self.adj = adj
        self.band = band
        self.k = k
        self.rng = rng
        self.h = graph.households.astype(float)
        self.w = graph.workload
        self.area = graph.area
        self.perim = graph.perimeter
        total_w = self.w[nodes].sum()
        self.w_mean = max(total_w / k, 1e-9)

    # --- objective -------------------------------------------------------------------
    def grid_cost(self, h, w, area, perim, soft):
        band = self.band
        cost = WEIGHT_BAND * (max(0.0, band.min - h) + max(0.0, h - band.max)) / band.target
        cost += WEIGHT_BALANCE * ((w - self.w_mean) / self.w_mean) ** 2
        if perim > 0:
            cost += WEIGHT_COMPACTNESS * (1.0 - 4.0 * math.pi * area / (perim * perim))
            cost += WEIGHT_MINOR_ROADS * soft / perim
        cost += WEIGHT_TARGET * ((h - band.target) / band.target) ** 2
        return cost

    def set_labels(self, labels: dict[int, int]) -> None:
        self.label = dict(labels)
        k = self.k
        self.H = np.zeros(k); self.W = np.zeros(k); self.A = np.zeros(k); self.P = np.zeros(k)
        self.S = np.zeros(k)
        self.members: list[set[int]] = [set() for _ in range(k)]
        for a, g in self.label.items():
            self.members[g].add(a)
            self.H[g] += self.h[a]; self.W[g] += self.w[a]; self.A[g] += self.area[a]
            self.P[g] += self.perim[a]
        for a, g in self.label.items():
            for b, length, soft in self.adj[a]:
                if self.label.get(b) == g:
                    self.P[g] -= length        # each internal edge is seen from both sides: −2 × length
                    if soft:
                        self.S[g] += length / 2
        self.cost = np.array([self.grid_cost(self.H[g], self.W[g], self.A[g], self.P[g], self.S[g])
                              for g in range(k)])

    def total_cost(self) -> float:
        return float(self.cost.sum())

    # --- moves -----------------------------------------------------------------------
    def _connected_without(self, g: int, a: int) -> bool:
        members = self.members[g]
        if len(members) <= 1:
            return False
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

    def move_delta(self, a: int, src: int, dst: int):
        sh_src = sh_dst = soft_src = soft_dst = 0.0
        for b, length, soft in self.adj[a]:
            lb = self.label.get(b)
            if lb == src:
                sh_src += length
                if soft:
                    soft_src += length
            elif lb == dst:
                sh_dst += length
                if soft:
                    soft_dst += length
        h, w, ar, pe = self.h[a], self.w[a], self.area[a], self.perim[a]
        new_src = (self.H[src] - h, self.W[src] - w, self.A[src] - ar, self.P[src] - pe + 2 * sh_src,
                   self.S[src] - soft_src)
        new_dst = (self.H[dst] + h, self.W[dst] + w, self.A[dst] + ar, self.P[dst] + pe - 2 * sh_dst,
                   self.S[dst] + soft_dst)
        c_src = self.grid_cost(*new_src)
        c_dst = self.grid_cost(*new_dst)
        return c_src + c_dst - self.cost[src] - self.cost[dst], new_src, new_dst, c_src, c_dst

    def apply_move(self, a, src, dst, new_src, new_dst, c_src, c_dst):
        self.label[a] = dst
        self.members[src].discard(a)
        self.members[dst].add(a)
        self.H[src], self.W[src], self.A[src], self.P[src], self.S[src] = new_src
        self.H[dst], self.W[dst], self.A[dst], self.P[dst], self.S[dst] = new_dst
        self.cost[src], self.cost[dst] = c_src, c_dst

    def local_search(self, max_passes: int = MAX_PASSES) -> int:
        moves = 0
        for _ in range(max_passes):
            improved = 0
            order = self.rng.permutation(self.nodes)
            for a in order:
                a = int(a)
                src = self.label[a]
                cands = {self.label[b] for b, _, _ in self.adj[a] if self.label.get(b, src) != src}
                if not cands:
                    continue
                best = None
                for dst in sorted(cands):
                    delta, ns, nd, cs, cd = self.move_delta(a, src, dst)
                    if delta < -1e-9 and (best is None or delta < best[0]):
                        best = (delta, dst, ns, nd, cs, cd)
                if best is None or not self._connected_without(src, a):
                    continue
                self.apply_move(a, src, best[1], *best[2:])
                improved += 1
            moves += improved
            if not improved:
                break
        return moves

    def grid_neighbours(self) -> list[list[int]]:
        """Each grid's neighbouring grids, in order."""
        near: list[set[int]] = [set() for _ in range(self.k)]
        for g1, g2 in self.grid_adjacency():
            near[g1].add(g2)
            near[g2].add(g1)
        return [sorted(n) for n in near]

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
                    if (self.W[n] - self.w_mean) * sign > 0:
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
        done = []
        delta_sum = 0.0
        want = amount
        for src, dst in zip(path, path[1:]):
            border = sorted((a for a in self.members[src]
                             if any(self.label.get(b) == dst for b, _, _ in self.adj[a])),
                            key=lambda a: (abs(self.w[a] - want), a))
            unit = next((a for a in border[:4] if self._connected_without(src, a)), None)
            if unit is None:
                break
            delta, new_src, new_dst, c_src, c_dst = self.move_delta(unit, src, dst)
            self.apply_move(unit, src, dst, new_src, new_dst, c_src, c_dst)
            done.append((unit, src, dst))
            delta_sum += delta
            want = self.w[unit]
        if len(done) == len(path) - 1 and delta_sum < -1e-9:
            return True
        for unit, src, dst in reversed(done):
            self.apply_move(unit, dst, src, *self.move_delta(unit, dst, src)[1:])
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
            near = self.grid_neighbours()
            deviation = self.W - self.w_mean
            progress = False
            for g in np.argsort(-np.abs(deviation), kind="stable")[:CHAIN_SOURCES]:
                g = int(g)
                sign = -1.0 if deviation[g] > 0 else 1.0
                for path in self._chains_from(g, near, sign):
                    if deviation[g] < 0:
                        path = path[::-1]       # workload flows from the heavy end to the light one
                    amount = min(abs(self.W[path[0]] - self.w_mean), abs(self.W[path[-1]] - self.w_mean))
                    if self._try_chain(path, amount):
                        progress = True
                        break
                if progress:
                    break
            if not progress:
                break
            kept += 1
        return kept

    def grid_adjacency(self) -> set[tuple[int, int]]:
        pairs = set()
        for a, g in self.label.items():
            for b, _, _ in self.adj[a]:
                gb = self.label.get(b)
                if gb is not None and gb != g:
                    pairs.add((min(g, gb), max(g, gb)))
        return pairs

    def _recut(self, group: list[int], trials: int = RECUT_TRIALS) -> bool:
        """Merge the grids in ``group`` and cut them again; keep the cut if the cost drops."""
        nodes = np.array(sorted(set().union(*(self.members[g] for g in group))), dtype=np.int64)
        if len(nodes) < len(group):
            return False
        if len(group) == 2:
            side = bisect_tree(nodes, self.graph, self.adj, 1, 2, self.band, self.rng, trials,
                               balance_on="workload")
            if side is None:
                return False
            parts = [nodes[side], nodes[~side]]
        else:
            parts = _recursive_split(nodes, self.graph, self.adj, len(group), self.band, self.rng,
                                     balance_on="workload")
        if len(parts) != len(group) or any(len(p) == 0 for p in parts):
            return False
        new_labels = dict(self.label)
        for g, part in zip(group, parts):
            for a in part:
                new_labels[int(a)] = g
        trial = _Component(self.nodes, self.graph, self.adj, self.band, self.k, self.rng)
        trial.w_mean = self.w_mean
        trial.set_labels(new_labels)
        if sum(trial.cost[g] for g in group) < sum(self.cost[g] for g in group) - 1e-9:
            self.set_labels(new_labels)
            return True
        return False

    def _violation(self) -> np.ndarray:
        band = self.band
        return np.maximum(0, band.min - self.H) + np.maximum(0, self.H - band.max)

    def merge_split(self, trials: int = RECUT_TRIALS) -> int:
        """Re-cut neighbouring grid pairs, worst band violation and balance first."""
        accepted = 0
        viol = self._violation()
        pairs = sorted(self.grid_adjacency(),
                       key=lambda p: (-(viol[p[0]] + viol[p[1]]), -abs(self.W[p[0]] - self.W[p[1]]), p))
        touched: set[int] = set()
        for g1, g2 in pairs:
            if g1 in touched or g2 in touched:
                continue
            if self._recut([g1, g2], trials):
                touched.update((g1, g2))
                accepted += 1
        return accepted

    def _stuck(self, g: int) -> bool:
        """The grid holds a unit that no in-band grid can hold (see :func:`band_blocked`)."""
        stuck = getattr(self, "stuck", None)
        return bool(stuck) and any(a in stuck for a in self.members[g])

    def repair_band(self, rounds: int = 3) -> int:
        """Grids still outside the band: re-cut them with two or three neighbours at once."""
        accepted = 0
        for _ in range(rounds):
            viol = self._violation()
            bad = [int(g) for g in np.flatnonzero(viol > 0) if not self._stuck(int(g))]
            if not bad:
                break
            neighbours = self.grid_neighbours()
            progress = False
            for g in bad:
                if self._violation()[g] <= 0:
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


    def repair_by_sets(self, links, rounds: int = 2) -> int:
        """Grids still outside the band: carve an in-band grid around one of their units.

        For a grid outside the band, connected sets of units around its units that fit the
        band are listed (:func:`in_band_sets`); each is tried as a grid of its own while the
        grids it takes units from are cut again from what is left. A try is kept when the
        band violation of the component drops (or stays and the cost drops).
        """
        accepted = 0
        hh = self.graph.households
        for _ in range(rounds):
            viol = self._violation()
            bad = [int(g) for g in np.argsort(-viol, kind="stable") if viol[g] > 0 and not self._stuck(int(g))]
            progress = False
            for g in bad:
                if self._violation()[g] <= 0:
                    continue
                sets: set[frozenset] = set()
                for u in sorted(self.members[g]):
                    if hh[u] > 0 and u in links:
                        found, _ = in_band_sets(u, hh, links, self.band, want=LNS_SETS, budget=600)
                        sets.update(found)
                ordered = sorted(sets, key=lambda st: (abs(int(hh[list(st)].sum()) - self.band.target),
                                                       sorted(st)))
                for st in ordered[:LNS_SETS]:
                    if self._try_grid(g, st, links):
                        accepted += 1
                        progress = True
                        break
            if not progress:
                break
        return accepted

    def _try_grid(self, g: int, core: frozenset, links) -> bool:
        grid = set(core)
        for s in core:
            for t, chain in links[s].items():
                if t in core:
                    grid.update(chain)
        affected = {self.label[a] for a in grid} | {g}
        if len(affected) == 1:
            affected |= {b for pair in self.grid_adjacency() if g in pair for b in pair}
        others = sorted(affected - {g})
        if not others:
            return False
        rest = set().union(*(self.members[x] for x in affected)) - grid
        comps = _components_of(rest, self.adj)
        empty = [c for c in comps if self.graph.households[c].sum() <= 0]
        for c in empty:         # land without households left over joins the new grid if it can
            if not any(b in grid for a in c for b, _, _ in self.adj[a]):
                return False
            grid.update(int(a) for a in c)
        comps = [c for c in comps if self.graph.households[c].sum() > 0]
        if not comps or len(comps) > len(others):
            return False
        counts = _distribute(len(others), {i: int(self.graph.households[c].sum()) for i, c in enumerate(comps)})
        parts: list[np.ndarray] = []
        for i, c in enumerate(comps):
            split = _recursive_split(c, self.graph, self.adj, counts[i], self.band, self.rng,
                                     balance_on="workload")
            if len(split) != counts[i]:
                return False
            parts.extend(split)
        new_labels = dict(self.label)
        for a in grid:
            new_labels[a] = g
        for lab, part in zip(others, parts):
            for a in part:
                new_labels[int(a)] = lab
        trial = _Component(self.nodes, self.graph, self.adj, self.band, self.k, self.rng)
        trial.w_mean = self.w_mean
        trial.set_labels(new_labels)
        trial.local_search(max_passes=8)
        new_labels = trial.label
        before = (float(self._violation().sum()), self.total_cost())
        after = (float(trial._violation().sum()), trial.total_cost())
        if after[0] < before[0] - 1e-9 or (after[0] <= before[0] + 1e-9 and after[1] < before[1] - 1e-9):
            self.set_labels(new_labels)
            return True
        return False



def _improve(nodes, units, adj, band: Band, parts, rng):
    """Local search and merge–split from ``parts``; returns labels, cost and band violation."""
    k = len(parts)
    labels = {int(a): g for g, part in enumerate(parts) for a in part}
    if k <= 1:
        h = float(units.households[nodes].sum())
        return labels, 0.0, max(0.0, band.min - h, h - band.max)
    solver = _Component(nodes, units, adj, band, k, rng)
    solver.set_labels(labels)
    for _ in range(4):
        moved = solver.local_search()
        split = solver.merge_split()
        if not moved and not split:
            break
    if solver.transfer_chains():
        solver.local_search()
    if solver._violation().sum() > 0:
        # Units proven unable to sit in any in-band grid: their grids are not worth re-cutting.
        links = household_links(nodes, units.households, adj)
        viol = solver._violation()
        candidates = [u for u in nodes if viol[solver.label[int(u)]] > 0]
        solver.stuck = set(band_blocked(nodes, units.households, adj, band, candidates, links))
        if solver.repair_band():
            solver.local_search()
        if solver.repair_by_sets(links):
            solver.local_search()
    return dict(solver.label), solver.total_cost(), float(solver._violation().sum())

