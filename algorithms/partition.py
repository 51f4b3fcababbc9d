"""The partitioner: contiguous, band-respecting, workload-balanced grids over atoms.

One community at a time (a grid never crosses a community line). Inside a community:

1. atoms that must form a grid of their own are set aside: locked grids, dedicated sites
   (专属网格) and single buildings above the band's maximum;
2. the remaining atoms are linked by every boundary that is not a hard barrier; each
   connected component (a pocket cut off by rivers or major roads) is planned on its own,
   with a grid count in ``[ceil(H/max), floor(H/min)]``;
3. a start is built by recursive bisection of random spanning trees of the atom graph
   (cutting one tree edge always leaves two connected halves), keeping both halves able to
   meet the band;
4. local search improves it: single boundary moves that keep both grids connected,
   merge–split steps that re-cut two neighbouring grids, and workload transfer chains along
   paths of neighbouring grids, under the objective below.

Objective (lower is better, per grid, summed): a large penalty for households outside the
band (hard), then workload balance (squared relative deviation from the component mean),
then compactness (1 − Polsby–Popper), minor-road crossings (length of minor roads inside the
grid relative to its perimeter) and closeness to the target size. The weights are the
``WEIGHT_*`` constants.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .atoms import SEP_HARD, SEP_SOFT, SEP_WATER, AtomGraph
from .band import Band
from .bandcheck import AreaCheck, band_miss, check_area
from .metrics import ForcedUnit

WEIGHT_BAND = 1000.0
WEIGHT_BALANCE = 200.0
WEIGHT_COMPACTNESS = 1.0
WEIGHT_MINOR_ROADS = 0.3
WEIGHT_TARGET = 0.5

TREE_TRIALS = 12
REPAIR_GROUPS = 12              # three-grid groups tried per grid outside the band
RECUT_TRIALS = 6               # spanning trees per re-cut of neighbouring grids (measured: as good as 12)
RESTARTS = 2                   # fresh starts tried while some grid stays outside the band
POCKET_CROSSING_COST = 100.0   # households of band violation that crossing a barrier is worth
MAX_PASSES = 40
CHAIN_DEPTH = 4                # grids a workload transfer chain may pass through
CHAIN_SOURCES = 6              # grids farthest from the mean that start chains, per round
CHAIN_PATHS = 8                # chains tried per starting grid (shortest first)
SETTLE_ROUNDS = 3              # exact checks per area: a better plan not proven best is checked again


@dataclass
class GridDraft:
    """A grid as the partitioner leaves it: atoms, kind and why it may break a rule.

    Its status is not decided here but from the finished polygon and counts (``planner``).
    """

    atoms: list[int]
    kind: str = "basic"             # basic, dedicated, locked
    reasons: list[str] = field(default_factory=list)
    label: str | None = None         # locked label or dedicated site key
    band_forced: bool = False        # proven: no plan keeps this grid (or its area) closer to the band
    area: int | None = None          # the part of the community (between hard barriers) it was planned in
    forced: tuple = ()               # the area's units that push their grid out of the band (metrics.ForcedUnit)


def choose_grid_count(households: int, band: Band) -> tuple[int, str | None]:
    """Grid count for ``households`` within [ceil(H/max), floor(H/min)] closest to the target.

    When the range is empty (e.g. 520 households with a 300–500 band) the count that breaks
    the band least is returned, with a reason.
    """
    if households <= 0:
        return 0, None
    low = math.ceil(households / band.max)
    high = households // band.min
    if low <= high:
        return min(range(low, high + 1), key=lambda k: (abs(households / k - band.target), k)), None
    candidates = {k for k in (low - 1, low, high, high + 1) if k >= 1}
    def violation(k):
        mean = households / k
        return max(0.0, band.min - mean, mean - band.max) / band.target
    k = min(sorted(candidates), key=violation)
    return k, (f"{households} households cannot form grids of {band.min}–{band.max}: "
               f"{k} grid(s) of about {households / k:.0f}")


def apportion_grids(households: dict[int, int], band: Band,
                    workload: dict[int, float] | None = None) -> dict[int, int]:
    """Grid counts for the components of one community that balance workload best.

    Each component with a feasible range gets a count in ``[ceil(H/max), floor(H/min)]``;
    among all totals the one whose per-grid mean workloads are most even (max/min) and
    closest to the target size wins. Components with no feasible count keep
    :func:`choose_grid_count`'s answer.
    """
    workload = workload or {c: float(h) for c, h in households.items()}
    fixed, lo, hi = {}, {}, {}
    for c, h in households.items():
        low, high = math.ceil(h / band.max), h // band.min
        if low <= high:
            lo[c], hi[c] = low, high
        else:
            fixed[c] = choose_grid_count(h, band)[0]
    if not lo:
        return fixed
    best = None
    for total in range(sum(lo.values()), sum(hi.values()) + 1):
        counts = dict(lo)
        while sum(counts.values()) < total:
            c = max((c for c in counts if counts[c] < hi[c]),
                    key=lambda c: (workload[c] / counts[c], -c))
            counts[c] += 1
        means = [workload[c] / counts[c] for c in counts]
        # Even means inside the community, and means near the target so that communities
        # planned separately still end up with comparable grids.
        off_target = max(abs(households[c] / counts[c] - band.target) for c in counts) / band.target
        score = (max(means) / max(min(means), 1e-9) - 1 + off_target, total)
        if best is None or score < best[0]:
            best = (score, counts)
        if total > 4 * sum(lo.values()) + 50:
            break
    out = dict(best[1])
    out.update(fixed)
    return out


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


def _subgraph_edges(nodes: np.ndarray, graph: AtomGraph, adj):
    """Edges among ``nodes`` (local indices) weighted by centroid distance, tripled across minor roads."""
    pos = {int(a): i for i, a in enumerate(nodes)}
    rows, cols, vals = [], [], []
    x, y = graph.x, graph.y
    for a in nodes:
        a = int(a)
        for b, _, soft in adj[a]:
            if b > a and b in pos:
                d = math.hypot(x[a] - x[b], y[a] - y[b]) + 1.0
                rows.append(pos[a]); cols.append(pos[b]); vals.append(d * 3.0 if soft else d)
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64), np.asarray(vals, dtype=float)


def _spanning_tree(n: int, rows, cols, weights, root: int):
    """Minimum spanning tree (Kruskal) as a depth-first order and predecessors from ``root``.

    Returns ``None`` when the graph is not connected. Plain Python: the graphs here are small
    (tens to a few hundred atoms) and scipy's per-call overhead would dominate.
    """
    parent = list(range(n))

    def find(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    tree: list[list[int]] = [[] for _ in range(n)]
    joined = 0
    for e in np.argsort(weights, kind="stable").tolist():
        a, b = int(rows[e]), int(cols[e])
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
            tree[a].append(b)
            tree[b].append(a)
            joined += 1
            if joined == n - 1:
                break
    if joined != n - 1:
        return None
    order = [root]
    pred = [-1] * n
    pred[root] = root
    stack = [root]
    while stack:
        v = stack.pop()
        for b in tree[v]:
            if pred[b] == -1:
                pred[b] = v
                order.append(b)
                stack.append(b)
    return order, pred


def bisect_tree(nodes: np.ndarray, graph: AtomGraph, adj, k1: int, k: int, band: Band,
                rng: np.random.Generator, trials: int = TREE_TRIALS, balance_on: str = "households"):
    """Cut ``nodes`` in two connected parts meant for ``k1`` and ``k - k1`` grids.

    Tries ``trials`` random spanning trees; returns a boolean array (True: the ``k1`` side)
    or ``None`` when the nodes do not form a connected graph.
    """
    n = len(nodes)
    if n < 2:
        return None
    h = graph.households[nodes].astype(float)
    w = graph.workload[nodes] if balance_on == "workload" else h
    total_h, total_w = h.sum(), w.sum()
    want = total_w * k1 / k
    k2 = k - k1
    best = None
    rows, cols, base = _subgraph_edges(nodes, graph, adj)
    h_list, w_list = h.tolist(), w.tolist()
    for t in range(trials):
        weights = base * rng.uniform(1.0, 2.5, size=len(base)) if t > 0 else base
        root = int(rng.integers(n)) if t > 0 else 0
        found = _spanning_tree(n, rows, cols, weights, root)
        if found is None:
            return None
        order, pred = found
        sub_h = list(h_list); sub_w = list(w_list)
        for v in reversed(order[1:]):
            p = pred[v]
            sub_h[p] += sub_h[v]; sub_w[p] += sub_w[v]
        cand = np.asarray(order[1:], dtype=np.int64)
        cand_h = np.asarray(sub_h)[cand]
        cand_w = np.asarray(sub_w)[cand]
        for flip in (False, True):
            side_h = total_h - cand_h if flip else cand_h
            side_w = total_w - cand_w if flip else cand_w
            other_h = total_h - side_h
            viol = (np.maximum(0, k1 * band.min - side_h) + np.maximum(0, side_h - k1 * band.max)
                    + np.maximum(0, k2 * band.min - other_h) + np.maximum(0, other_h - k2 * band.max))
            dev = np.abs(side_w - want) / max(total_w / k, 1e-9)
            score = viol / band.target * 100 + dev
            i = int(np.argmin(score))
            if best is None or score[i] < best[0] - 1e-12:
                best = (score[i], int(cand[i]), flip, order, pred)
        if best[0] < 0.01:
            break          # in band and within 1 % of the wanted workload: good enough
    _, v, flip, order, pred = best
    in_sub = np.zeros(n, dtype=bool)
    in_sub[v] = True
    for u in order:             # depth-first order: a node's predecessor comes before it
        if u != v and pred[u] != u and in_sub[pred[u]]:
            in_sub[u] = True
    return ~in_sub if flip else in_sub


def _recursive_split(nodes, graph, adj, k, band, rng, balance_on: str = "households") -> list[np.ndarray]:
    if k <= 1 or len(nodes) <= 1:
        return [nodes]
    k1 = k // 2
    side = bisect_tree(nodes, graph, adj, k1, k, band, rng, balance_on=balance_on)
    if side is None:
        return [nodes]
    left, right = nodes[side], nodes[~side]
    if not len(left) or not len(right):
        return [nodes]
    return (_recursive_split(left, graph, adj, k1, band, rng, balance_on)
            + _recursive_split(right, graph, adj, k - k1, band, rng, balance_on))


def _adjacency_lists(graph: AtomGraph, allowed: np.ndarray) -> list[list[tuple[int, float, bool]]]:
    adj: list[list[tuple[int, float, bool]]] = [[] for _ in range(graph.n)]
    for i, j, length, sep in zip(graph.edge_i, graph.edge_j, graph.edge_len, graph.edge_sep):
        if sep in (SEP_HARD, SEP_WATER) or not (allowed[i] and allowed[j]):
            continue
        soft = sep == SEP_SOFT
        adj[i].append((int(j), float(length), bool(soft)))
        adj[j].append((int(i), float(length), bool(soft)))
    return adj


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


def _compound_fusions(graph: AtomGraph, adj, allowed: np.ndarray, band: Band) -> list[np.ndarray]:
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
            path = _chain_to(group, remaining, adj, allowed & ~taken, graph.households,
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


def _chain_to(group: set, targets: set, adj, allowed: np.ndarray, households: np.ndarray, room: int):
    """The atoms joining ``group`` to the nearest of ``targets``, the target included: the
    chain whose atoms in between hold the fewest households, at most ``room``; ``None`` when
    there is none."""
    import heapq

    best = {a: 0 for a in group}
    parent = {a: None for a in group}
    heap = [(0, a) for a in sorted(group)]
    while heap:
        cost, v = heapq.heappop(heap)
        if cost > best.get(v, math.inf):
            continue
        if v in targets:
            path, p = [], v
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


class _Units:
    """The atoms the solver moves: original atoms, with each merged pocket fused into one."""

    def __init__(self, graph: AtomGraph, adj, fused: list[np.ndarray]):
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
        self.members = members
        self.unit_of = unit_of
        self.n = len(members)
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
        self.adj = [[(v, e[0], e[1]) for v, e in sorted(d.items())] for d in merged]


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


def _plan_miss(labels: dict[int, int], households: np.ndarray, band: Band) -> float:
    """The exact check's measure of how far a plan misses the band (:func:`bandcheck.band_miss`)."""
    totals: dict[int, int] = {}
    for u, g in labels.items():
        totals[g] = totals.get(g, 0) + int(households[u])
    return float(band_miss(list(totals.values()), band.min, band.max).sum())


def _settle_area(nodes, units, adj, band: Band, labels: dict[int, int], rng, fixed_count: bool):
    """An area the search left outside the band: decide exactly whether it can do better.

    :func:`bandcheck.check_area` either proves that no plan of the area misses the band by
    less, or returns a cover of whole units (with the land that keeps each set contiguous)
    that does; grids are then built from that cover (:func:`_parts_from_cover`) and polished
    by local search. Returns the labels to keep and the check.
    """
    hh = units.households
    nodeset = set(int(a) for a in nodes)
    adjacency = {int(a): [b for b, _, _ in adj[a] if b in nodeset] for a in nodes}
    k = len(set(labels.values()))

    def undecided(area: AreaCheck) -> AreaCheck:
        return AreaCheck("unknown", area.sets, band_impossible=area.band_impossible)

    for _ in range(SETTLE_ROUNDS):
        current = _plan_miss(labels, hh, band)
        area = check_area(nodes, hh, units.workload, None, band.min, band.max,
                          float(units.workload[nodes].sum()) / max(k, 1), current, adjacency)
        if area.cover is None or (fixed_count and len(area.cover) != k):
            return labels, area
        parts = _parts_from_cover(nodes, adj, area.cover)
        if parts is None:
            return labels, undecided(area)
        polished, _, _ = _improve(nodes, units, adj, band, parts, rng)
        plain = {int(a): g for g, part in enumerate(parts) for a in part}
        adopted = next((c for c in (polished, plain) if _plan_miss(c, hh, band) <= area.violation + 1e-6),
                       None)
        if adopted is None:
            return labels, undecided(area)
        labels = adopted
        if area.exact or area.status == "feasible":
            return labels, area
    return labels, undecided(area)


def _parts_from_cover(nodes, adj, cover: list[frozenset]) -> list[np.ndarray] | None:
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

    def pieces(members) -> int:
        return len(_components_of(np.array(sorted(members), dtype=np.int64), adj))

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
    if any(len(_components_of(part, adj)) != 1 for part in parts):
        return None
    return parts


def _claim_joining_land(grid: int, members, label: dict[int, int], land: set[int], adj) -> bool:
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
        parent = {v: None for v in reached}
        queue, hit = sorted(reached), None
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
        v = parent[hit]
        while v is not None and v not in reached:
            label[v] = grid
            v = parent[v]
        grown = [hit] + [v for v in parent if label.get(v) == grid and v not in reached]
        reached.update(grown)
        attach(grown)                              # everything of the grid now attached
        missing -= reached
    return True


def _count_violation(households: int, band: Band) -> float:
    """Band violation (in target units) of the best grid count for ``households``."""
    if households <= 0:
        return 0.0
    k, _ = choose_grid_count(households, band)
    mean = households / k
    return max(0.0, band.min - mean, mean - band.max) * k / band.target


def _components_of(nodes, adj) -> list[np.ndarray]:
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


def _components(adj, free: np.ndarray) -> list[np.ndarray]:
    n = len(adj)
    rows = [i for i in range(n) for _ in adj[i]]
    cols = [b for i in range(n) for b, _, _ in adj[i]]
    _, comp = connected_components(coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)),
                                   directed=False)
    out = []
    for c in np.unique(comp[free]):
        out.append(np.flatnonzero((comp == c) & free))
    return out


def _adjacency_lists_all(graph: AtomGraph):
    adj: list[list[tuple[int, float, int]]] = [[] for _ in range(graph.n)]
    for i, j, length, sep in zip(graph.edge_i, graph.edge_j, graph.edge_len, graph.edge_sep):
        adj[i].append((int(j), float(length), int(sep)))
        adj[j].append((int(i), float(length), int(sep)))
    return adj


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


def _distribute(total: int, weights: dict[int, int]) -> dict[int, int]:
    """Split ``total`` grids over components proportionally to households (at least one each)."""
    keys = sorted(weights)
    total = max(total, len(keys))
    wsum = sum(weights.values()) or 1
    raw = {k: total * weights[k] / wsum for k in keys}
    out = {k: max(1, int(math.floor(raw[k]))) for k in keys}
    rest = total - sum(out.values())
    for k in sorted(keys, key=lambda k: (-(raw[k] - math.floor(raw[k])), k)):
        if rest <= 0:
            break
        out[k] += 1
        rest -= 1
    return out


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


# --- what the band allows: connected sets of units in the band ----------------------------

CERTIFICATE_BUDGET = 4000      # search steps per unit before "cannot prove it" is assumed
LNS_SETS = 6                   # in-band sets tried per grid outside the band


def household_links(nodes: np.ndarray, households: np.ndarray, adj) -> dict[int, dict[int, list[int]]]:
    """Neighbourhood of household-bearing units through land without households.

    Two units with households are linked when they touch, or when a chain of units without
    households (parks, empty blocks) joins them; the chain is kept so that a set of linked
    units can be made contiguous. Returns ``{unit: {linked unit: [units of the chain]}}``.
    """
    nodeset = set(int(a) for a in nodes)
    links: dict[int, dict[int, list[int]]] = {}
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


def in_band_sets(unit: int, households: np.ndarray, links, band: Band, want: int = 1,
                 budget: int = CERTIFICATE_BUDGET) -> tuple[list[frozenset], bool]:
    """Connected sets of household-bearing units that contain ``unit`` and fit the band.

    Enumerates connected sets (each once) whose households stay at most ``band.max``,
    collecting up to ``want`` whose households reach ``band.min``. Returns the sets and
    whether the search was complete: an empty list with ``complete=True`` proves that no
    grid holding ``unit`` can be in the band, whatever the rest of the plan (the links go
    through land without households, so this is a relaxation of real contiguity).
    """
    found: list[frozenset] = []
    steps = 0
    lo, hi = band.min, band.max

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
    return found, steps <= budget


def _forced_merges(links, households: np.ndarray, band: Band):
    """Merge the units that must share a grid: a group of units below the minimum in all
    that reaches the rest only through one unit ``v`` (``v`` is a cut vertex of the links
    graph) must lie in ``v``'s grid. Repeated until nothing changes. Returns the
    representative of each unit, the merged links and the merged household counts."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(links)
    graph.add_edges_from((u, v) for u, vs in links.items() for v in vs if v in links)
    hh = {u: int(households[u]) for u in links}
    rep = {u: u for u in links}
    changed = True
    while changed:
        changed = False
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


def band_blocked(nodes: np.ndarray, households: np.ndarray, adj, band: Band,
                 candidates, links=None, wholes: dict | None = None) -> dict[int, list[int]]:
    """Units among ``candidates`` that force a grid outside the band, with the units they touch.

    A unit is blocked when :func:`in_band_sets` proves there is no connected set around it
    within the band: e.g. a compound of 200 households whose only neighbours are compounds
    of 450; its grid is outside the band in every plan. Before that, units that must share a
    grid in any plan with every grid in the band are merged (:func:`_forced_merges`): two
    28-household blocks that reach the rest only through a 448-household compound make a
    504-household whole; then at least one grid holding part of that whole is outside the
    band. ``wholes``, when given, receives the whole (its representative unit) of each
    blocked unit, so that a caller counts one forced miss per whole. The neighbour list
    names what blocks it in the grid's reason.
    """
    if links is None:
        links = household_links(nodes, households, adj)
    rep, merged, households_used = _forced_merges(links, households, band)
    out: dict[int, list[int]] = {}
    for u in candidates:
        u = int(u)
        if households[u] <= 0 or u not in links:
            continue
        r = rep[u]
        sets, complete = in_band_sets(r, households_used, merged, band)
        if not sets and complete:
            if wholes is not None:
                wholes[u] = r
            out[u] = sorted((v for v in links[u] if rep.get(v) != r),
                            key=lambda v: (-int(households[v]), v)) or \
                sorted(links[u], key=lambda v: (-int(households[v]), v))
    return out


class _SearchOver(Exception):
    """Ends :func:`workload_gap`'s search early: a set fits the band, or the budget ran out."""


def workload_gap(unit: int, households: np.ndarray, workload: np.ndarray, links, band: Band,
                 budget: int = CERTIFICATE_BUDGET):
    """What contiguity does to the workload of a grid holding ``unit``, when no grid in the
    band can hold it.

    Enumerates the connected sets around ``unit`` (through ``links``, a relaxation of
    contiguity) whose households stay at most ``band.max``. When none reaches ``band.min``,
    returns ``(below, above, partners)``: the most workload such a set has, the least workload
    of such a set with one more linked unit that takes it over the maximum (every grid above
    the maximum holding ``unit`` contains one), and the units of all such sets. ``None`` when a
    set fits the band, ``unit`` alone exceeds the maximum, or the search ran out of budget.
    Workloads of land without households are not counted here.
    """
    lo, hi = band.min, band.max
    if int(households[unit]) > hi:
        return None
    found = {"below": -math.inf, "above": math.inf, "partners": set(), "steps": 0}

    def grow(members: list[int], total: int, work: float, frontier: list[int], excluded: set[int]):
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
    return found["below"], found["above"], frozenset(found["partners"])


def forced_units(labels: dict[int, int], nodes, units, links, band: Band) -> tuple[ForcedUnit, ...]:
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
    return forced_among(candidates, units.households, units.workload, links, band, land)


def forced_among(candidates, households: np.ndarray, workload: np.ndarray, links, band: Band,
                 land: float = 0.0) -> tuple[ForcedUnit, ...]:
    """The units among ``candidates`` that no grid in the band can hold (:func:`workload_gap`),
    with how light a grid holding two of them can be; ``land`` is the workload that land
    without households could add to any grid."""
    gaps = {}
    for u in candidates:
        gap = workload_gap(u, households, workload, links, band)
        if gap is not None:
            gaps[u] = gap
    out = []
    for u, (below, above, partners) in gaps.items():
        joined = _lightest_joins(u, set(gaps) - {u}, workload, links)
        out.append(ForcedUnit(int(u), float(workload[u]), below + land, above, partners,
                              tuple(sorted(joined.items()))))
    return tuple(out)


def _lightest_joins(source: int, targets: set[int], workload: np.ndarray, links) -> dict[int, float]:
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


def describe_unit(u: int, units, graph: AtomGraph, building_ids=None, compound_names=None) -> str:
    """A planner-readable name for a unit: its compound, dedicated site or buildings."""
    atoms = [int(a) for a in units.members[u]]
    kinds = {graph.group_kind[a] for a in atoms}
    groups = sorted({str(graph.group[a]) for a in atoms if graph.group[a] is not None})
    if groups and kinds & {"compound", "compound_part"}:
        names = []
        for key in groups:
            name = (compound_names or {}).get(key)
            names.append(f"compound {key}" + (f" ({name})" if name else ""))
        part = " (part)" if kinds == {"compound_part"} else ""
        return ", ".join(names) + part
    buildings = [b for a in atoms for b in graph.members[a]]
    if building_ids is not None:
        ids = [str(building_ids[b]) for b in buildings]
        shown = ", ".join(ids[:4]) + (f" and {len(ids) - 4} more" if len(ids) > 4 else "")
        return ("building " if len(ids) == 1 else "buildings ") + shown
    return f"{len(buildings)} building(s)"


def _explain_band(labels: dict[int, int], nodes, units, links, band: Band, drafts: list[GridDraft],
                  base: int, graph: AtomGraph, building_ids, compound_names,
                  area: AreaCheck | None = None) -> None:
    """Say why grids stayed outside the band, naming the units that block them (``links``:
    :func:`household_links` of the area).

    When the exact check (``area``) proved that no plan of the area misses the band by less,
    every grid of it outside the band is marked ``band_forced`` with that reason too. When it
    proved only that some grid must miss the band, the grid is marked so if it is the area's
    only one outside, and the reason says the rest was not decided.
    """
    grid_h: dict[int, int] = {}
    for u, g in labels.items():
        grid_h[g] = grid_h.get(g, 0) + int(units.households[u])
    outside = {g for g, hh in grid_h.items() if not band.min <= hh <= band.max}
    bad = {g for g in outside if not drafts[base + g].band_forced}
    if not bad:
        return
    candidates = [u for u, g in labels.items() if g in bad]
    wholes: dict[int, int] = {}
    blocked = band_blocked(nodes, units.households, None, band, candidates, links=links, wholes=wholes)
    attributed: set[int] = set()       # one forced miss per whole that cannot fit
    for g in sorted(bad):
        draft = drafts[base + g]
        mine = [u for u, lab in labels.items() if lab == g]
        stuck = sorted((u for u in mine if u in blocked and wholes[u] not in attributed),
                       key=lambda u: (-int(units.households[u]), u))
        if not stuck:
            continue
        draft.band_forced = True
        attributed.update(wholes[u] for u in stuck)
        for u in stuck[:2]:
            near = blocked[u]
            who = describe_unit(u, units, graph, building_ids, compound_names)
            partners = [v for v in mine if v != u and wholes.get(v) == wholes[u]]
            if partners:
                total = int(units.households[[u, *partners]].sum())
                draft.reasons.append(
                    f"{who} ({int(units.households[u])} households) and the units that reach the rest "
                    f"only through it must share one grid in any plan with every grid in the band: "
                    f"{total} households together, outside {band.min}–{band.max}")
            elif near:
                listed = "; ".join(f"{describe_unit(v, units, graph, building_ids, compound_names)} "
                                   f"({int(units.households[v])})" for v in near[:3])
                more = f" and {len(near) - 3} more" if len(near) > 3 else ""
                draft.reasons.append(
                    f"{who} ({int(units.households[u])} households) touches only {listed}{more} "
                    f"(households in brackets); no grid holding it can have {band.min}–{band.max} "
                    f"households without splitting a compound below the maximum")
            else:
                draft.reasons.append(
                    f"{who} ({int(units.households[u])} households) is enclosed by major roads, rivers or "
                    f"the community line with no other households to join")
    if area is None:
        return
    total = int(units.households[nodes].sum())
    where = f"no plan of this area ({total} households between major roads, rivers and the community line)"
    how = (f"an exhaustive search of the connected groupings of whole compounds and buildings "
           f"({area.sets} grown) found none")
    if area.status == "proven" or (area.status == "better" and area.exact):
        for g in sorted(bad):
            draft = drafts[base + g]
            if draft.band_forced:
                continue
            draft.band_forced = True
            draft.reasons.append(f"{where} comes closer to {band.min}–{band.max} households per grid: {how}")
    elif area.band_impossible:
        # Some grid must miss the band; by how little was not decided within the budget.
        for g in [g for g in sorted(bad) if not drafts[base + g].band_forced]:
            draft = drafts[base + g]
            draft.band_forced = len(outside) == 1
            draft.reasons.append(
                f"{where} keeps every grid within {band.min}–{band.max} households: an exhaustive search "
                f"of the connected groupings of whole compounds and buildings found none; whether "
                f"a plan missing the band by fewer households exists was not decided within the search budget")
