"""Compiled inner loops of the local search (numba when installed, else the same code as Python).

The plan state of :class:`.search.AreaSearch` lives in arrays indexed by the area's units in
``nodes`` order (local indices): each unit's grid (``lab``, −1 outside the plan), each grid's
unit count (``size``) and sums, and the area's adjacency in compressed rows (``indptr``,
``nbr`` — a neighbour outside the area is −1 —, ``length``, ``soft``). These kernels read and
update that state; like :mod:`.compiled` they are one definition either way (numba compiles
them, or they run as they are) and add in the same order as the Python they replaced, so the
plans are the same bit for bit.

Work units (:mod:`.budget`) are returned, not charged: the caller charges their sum, which is
the same number as the step-by-step charges (whole units, added exactly).
"""

from __future__ import annotations

import math

import numpy as np

from .compiled import bisect_rows, compiled, numpy_sum

WEIGHT_BAND = 1000.0
WEIGHT_BALANCE = 200.0
WEIGHT_COMPACTNESS = 1.0
WEIGHT_MINOR_ROADS = 0.3
WEIGHT_TARGET = 0.5

# Work units (reference microseconds) charged to the time budget, fitted on 134 local
# searches of generated lattices, the demo and the Beijing extract (see docs/engine.md).
WORK_PER_LABEL = 3              # a unit's labels and sums set afresh (set_labels, grid_adjacency)
WORK_PER_NEIGHBOUR = 2          # a neighbour looked at by move_delta
WORK_PER_MEMBER = 2             # a grid member visited by a connectivity test or a border scan


@compiled
def grid_cost(households: float, workload: float, area_m2: float, perimeter: float, minor_roads: float,
              band_min: float, band_max: float, band_target: float, mean: float, square: float) -> float:
    """The objective of one grid with these sums (see :mod:`.search`). ``square`` is 2.0,
    given at run time: a constant 2 would let the compiler square by multiplying, which
    differs from ``pow`` (what Python's and NumPy's ``** 2`` call) in the last bit of about
    one square in a thousand, and plans would then depend on numba being installed."""
    cost = WEIGHT_BAND * (max(0.0, band_min - households) + max(0.0, households - band_max)) / band_target
    cost += WEIGHT_BALANCE * math.pow((workload - mean) / mean, square)
    if perimeter > 0:
        cost += WEIGHT_COMPACTNESS * (1.0 - 4.0 * math.pi * area_m2 / (perimeter * perimeter))
        cost += WEIGHT_MINOR_ROADS * minor_roads / perimeter
    cost += WEIGHT_TARGET * math.pow((households - band_target) / band_target, square)
    return cost


@compiled
def grid_sums(keys: np.ndarray, lab: np.ndarray, k: int, indptr: np.ndarray, nbr: np.ndarray,
              length: np.ndarray, soft: np.ndarray, unit_h: np.ndarray, unit_w: np.ndarray,
              unit_a: np.ndarray, unit_p: np.ndarray, band_min: float, band_max: float,
              band_target: float, mean: float,
              square: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                      np.ndarray]:
    """Each grid's unit count, households, workload, area, perimeter, minor roads and cost
    for the plan ``lab`` of the units ``keys`` (summed in ``keys`` order)."""
    size = np.zeros(k, dtype=np.int64)
    households = np.zeros(k)
    workload = np.zeros(k)
    area_m2 = np.zeros(k)
    perimeter = np.zeros(k)
    minor_roads = np.zeros(k)
    for a in keys:
        g = lab[a]
        size[g] += 1
        households[g] += unit_h[a]
        workload[g] += unit_w[a]
        area_m2[g] += unit_a[a]
        perimeter[g] += unit_p[a]
    for a in keys:
        g = lab[a]
        for i in range(indptr[a], indptr[a + 1]):
            b = nbr[i]
            if b >= 0 and lab[b] == g:
                perimeter[g] -= length[i]        # each internal edge is seen from both sides: −2 × length
                if soft[i]:
                    minor_roads[g] += length[i] / 2
    costs = np.zeros(k)
    for g in range(k):
        costs[g] = grid_cost(households[g], workload[g], area_m2[g], perimeter[g], minor_roads[g],
                             band_min, band_max, band_target, mean, square)
    return size, households, workload, area_m2, perimeter, minor_roads, costs


@compiled
def move_totals(a: int, src: int, dst: int, lab: np.ndarray, indptr: np.ndarray, nbr: np.ndarray,
                length: np.ndarray, soft: np.ndarray, unit_h: np.ndarray, unit_w: np.ndarray,
                unit_a: np.ndarray, unit_p: np.ndarray, households: np.ndarray, workload: np.ndarray,
                area_m2: np.ndarray, perimeter: np.ndarray,
                minor_roads: np.ndarray) -> tuple[float, float, float, float, float,
                                                  float, float, float, float, float]:
    """The sums of grids ``src`` and ``dst`` (households, workload, area, perimeter, minor
    roads; ``src``'s first) after unit ``a`` moved from ``src`` to ``dst``."""
    sh_src = 0.0
    sh_dst = 0.0
    soft_src = 0.0
    soft_dst = 0.0
    for i in range(indptr[a], indptr[a + 1]):
        b = nbr[i]
        if b < 0:
            continue
        lb = lab[b]
        if lb == src:
            sh_src += length[i]
            if soft[i]:
                soft_src += length[i]
        elif lb == dst:
            sh_dst += length[i]
            if soft[i]:
                soft_dst += length[i]
    h, w, ar, pe = unit_h[a], unit_w[a], unit_a[a], unit_p[a]
    return (households[src] - h, workload[src] - w, area_m2[src] - ar, perimeter[src] - pe + 2 * sh_src,
            minor_roads[src] - soft_src,
            households[dst] + h, workload[dst] + w, area_m2[dst] + ar, perimeter[dst] + pe - 2 * sh_dst,
            minor_roads[dst] + soft_dst)


@compiled
def keeps_connected(g: int, a: int, lab: np.ndarray, size: np.ndarray, indptr: np.ndarray,
                    nbr: np.ndarray, seen: np.ndarray, stack: np.ndarray) -> bool:
    """Grid ``g`` stays connected (and not empty) without its unit ``a``. ``seen`` (all False,
    left so) and ``stack`` are scratch arrays of the area's size. The caller charges
    ``WORK_PER_MEMBER × size[g]`` when ``size[g] > 1``."""
    if size[g] <= 1:
        return False
    start = -1
    for i in range(indptr[a], indptr[a + 1]):
        b = nbr[i]
        if b >= 0 and b != a and lab[b] == g:
            start = b
            break
    if start < 0:                     # no neighbour of a in g: any other member will do
        for b in range(len(lab)):
            if b != a and lab[b] == g:
                start = b
                break
    seen[a] = True
    seen[start] = True
    stack[0] = start
    head, tail = 0, 1                 # a queue: every node reached is kept in stack[:tail]
    while head < tail:
        v = stack[head]
        head += 1
        for i in range(indptr[v], indptr[v + 1]):
            b = nbr[i]
            if b >= 0 and not seen[b] and lab[b] == g:
                seen[b] = True
                stack[tail] = b
                tail += 1
    for i in range(tail):
        seen[stack[i]] = False
    seen[a] = False
    return tail == size[g] - 1


@compiled
def local_search_pass(order: np.ndarray, lab: np.ndarray, size: np.ndarray, households: np.ndarray,
                      workload: np.ndarray, area_m2: np.ndarray, perimeter: np.ndarray,
                      minor_roads: np.ndarray, costs: np.ndarray, indptr: np.ndarray, nbr: np.ndarray,
                      length: np.ndarray, soft: np.ndarray, unit_h: np.ndarray, unit_w: np.ndarray,
                      unit_a: np.ndarray, unit_p: np.ndarray, band_min: float, band_max: float,
                      band_target: float, mean: float, square: float, seen: np.ndarray,
                      stack: np.ndarray) -> tuple[int, int]:
    """One pass of single boundary moves over the units in ``order``: each unit goes to the
    neighbouring grid (smallest grid number among equals) that lowers the summed cost most,
    when its own grid stays connected. Updates the plan in place; returns the moves made and
    the work units spent (``WORK_PER_NEIGHBOUR`` per neighbour of every move looked at,
    ``WORK_PER_MEMBER`` per member of every grid tested for connectivity)."""
    moves = 0
    work = 0
    cands = np.empty(64, dtype=np.int64)
    for a in order:
        src = lab[a]
        if src < 0:
            continue
        first, last = indptr[a], indptr[a + 1]
        if last - first > len(cands):
            cands = np.empty(last - first, dtype=np.int64)
        n_cands = 0
        for i in range(first, last):           # the distinct neighbouring grids, sorted
            b = nbr[i]
            if b < 0:
                continue
            lb = lab[b]
            if lb < 0 or lb == src:
                continue
            j = n_cands
            while j > 0 and cands[j - 1] > lb:
                j -= 1
            if j > 0 and cands[j - 1] == lb:
                continue
            for m in range(n_cands, j, -1):
                cands[m] = cands[m - 1]
            cands[j] = lb
            n_cands += 1
        if n_cands == 0:
            continue
        best_dst = -1
        best_delta = 0.0
        best = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        best_src_cost = 0.0
        best_dst_cost = 0.0
        for c in range(n_cands):
            dst = cands[c]
            work += WORK_PER_NEIGHBOUR * (last - first)
            t = move_totals(a, src, dst, lab, indptr, nbr, length, soft, unit_h, unit_w, unit_a, unit_p,
                            households, workload, area_m2, perimeter, minor_roads)
            c_src = grid_cost(t[0], t[1], t[2], t[3], t[4], band_min, band_max, band_target, mean, square)
            c_dst = grid_cost(t[5], t[6], t[7], t[8], t[9], band_min, band_max, band_target, mean, square)
            delta = c_src + c_dst - costs[src] - costs[dst]
            if delta < -1e-9 and (best_dst < 0 or delta < best_delta):
                best_dst, best_delta, best = dst, delta, t
                best_src_cost, best_dst_cost = c_src, c_dst
        if best_dst < 0:
            continue
        if size[src] > 1:
            work += WORK_PER_MEMBER * size[src]
        if not keeps_connected(src, a, lab, size, indptr, nbr, seen, stack):
            continue
        lab[a] = best_dst
        size[src] -= 1
        size[best_dst] += 1
        households[src], workload[src], area_m2[src], perimeter[src], minor_roads[src] = (
            best[0], best[1], best[2], best[3], best[4])
        households[best_dst], workload[best_dst], area_m2[best_dst] = best[5], best[6], best[7]
        perimeter[best_dst], minor_roads[best_dst] = best[8], best[9]
        costs[src], costs[best_dst] = best_src_cost, best_dst_cost
        moves += 1
    return moves, work


@compiled
def make_move(a: int, src: int, dst: int, lab: np.ndarray, size: np.ndarray, households: np.ndarray,
              workload: np.ndarray, area_m2: np.ndarray, perimeter: np.ndarray, minor_roads: np.ndarray,
              costs: np.ndarray, indptr: np.ndarray, nbr: np.ndarray, length: np.ndarray, soft: np.ndarray,
              unit_h: np.ndarray, unit_w: np.ndarray, unit_a: np.ndarray, unit_p: np.ndarray,
              band_min: float, band_max: float, band_target: float, mean: float, square: float) -> float:
    """Move unit ``a`` from grid ``src`` to grid ``dst`` (no connectivity test) and return the
    change of the summed cost. The caller charges ``WORK_PER_NEIGHBOUR`` per neighbour."""
    t = move_totals(a, src, dst, lab, indptr, nbr, length, soft, unit_h, unit_w, unit_a, unit_p,
                    households, workload, area_m2, perimeter, minor_roads)
    c_src = grid_cost(t[0], t[1], t[2], t[3], t[4], band_min, band_max, band_target, mean, square)
    c_dst = grid_cost(t[5], t[6], t[7], t[8], t[9], band_min, band_max, band_target, mean, square)
    delta = c_src + c_dst - costs[src] - costs[dst]
    lab[a] = dst
    size[src] -= 1
    size[dst] += 1
    households[src], workload[src], area_m2[src], perimeter[src], minor_roads[src] = t[0], t[1], t[2], t[3], t[4]
    households[dst], workload[dst], area_m2[dst], perimeter[dst], minor_roads[dst] = t[5], t[6], t[7], t[8], t[9]
    costs[src], costs[dst] = c_src, c_dst
    return delta


@compiled
def try_chain(path: np.ndarray, amount: float, unit_id: np.ndarray, lab: np.ndarray, size: np.ndarray,
              households: np.ndarray, workload: np.ndarray, area_m2: np.ndarray, perimeter: np.ndarray,
              minor_roads: np.ndarray, costs: np.ndarray, indptr: np.ndarray, nbr: np.ndarray,
              length: np.ndarray, soft: np.ndarray, unit_h: np.ndarray, unit_w: np.ndarray,
              unit_a: np.ndarray, unit_p: np.ndarray, band_min: float, band_max: float, band_target: float,
              mean: float, square: float, seen: np.ndarray, stack: np.ndarray) -> tuple[bool, int]:
    """Pass one boundary unit along ``path`` (first grid to second, second to third …): at each
    step, of the units of the giving grid next to the receiving one, the (up to) four whose
    workload is closest to the wanted amount (``amount`` first, then the workload the giving
    grid just received; ties by unit number ``unit_id``) are tried in that order and the
    first that leaves its grid connected moves. Kept when every step moved a unit and the
    summed cost dropped; otherwise every move is undone (moved back, in reverse order).
    Returns (kept, work units)."""
    steps = len(path) - 1
    moved = np.empty(steps, dtype=np.int64)
    done = 0
    work = 0
    delta_sum = 0.0
    want = amount
    border = np.empty(len(lab), dtype=np.int64)
    for s in range(steps):
        src, dst = path[s], path[s + 1]
        work += WORK_PER_MEMBER * size[src]
        count = 0
        for a in range(len(lab)):
            if lab[a] != src:
                continue
            for i in range(indptr[a], indptr[a + 1]):
                b = nbr[i]
                if b >= 0 and lab[b] == dst:
                    border[count] = a
                    count += 1
                    break
        unit = -1
        for pick in range(min(4, count)):          # selection: the pick-th closest to ``want``
            best = pick
            for j in range(pick + 1, count):
                cj, cb = abs(unit_w[border[j]] - want), abs(unit_w[border[best]] - want)
                if cj < cb or (cj == cb and unit_id[border[j]] < unit_id[border[best]]):
                    best = j
            border[pick], border[best] = border[best], border[pick]
            a = border[pick]
            if size[src] > 1:
                work += WORK_PER_MEMBER * size[src]
            if keeps_connected(src, a, lab, size, indptr, nbr, seen, stack):
                unit = a
                break
        if unit < 0:
            break
        work += WORK_PER_NEIGHBOUR * (indptr[unit + 1] - indptr[unit])
        delta_sum += make_move(unit, src, dst, lab, size, households, workload, area_m2, perimeter, minor_roads,
                               costs, indptr, nbr, length, soft, unit_h, unit_w, unit_a, unit_p, band_min,
                               band_max, band_target, mean, square)
        moved[done] = unit
        done += 1
        want = unit_w[unit]
    if done == steps and delta_sum < -1e-9:
        return True, work
    for s in range(done - 1, -1, -1):
        unit = moved[s]
        work += WORK_PER_NEIGHBOUR * (indptr[unit + 1] - indptr[unit])
        make_move(unit, path[s + 1], path[s], lab, size, households, workload, area_m2, perimeter, minor_roads,
                  costs, indptr, nbr, length, soft, unit_h, unit_w, unit_a, unit_p, band_min, band_max,
                  band_target, mean, square)
    return False, work


@compiled
def recut_pair(rng: np.random.Generator, g1: int, g2: int, trials: int, unit_id: np.ndarray, local_of: np.ndarray,
               keys: np.ndarray, lab: np.ndarray, costs: np.ndarray, indptr: np.ndarray, nbr: np.ndarray,
               length: np.ndarray, soft: np.ndarray, unit_h: np.ndarray, unit_w: np.ndarray, unit_a: np.ndarray,
               unit_p: np.ndarray, band_min: float, band_max: float, band_target: float, mean: float,
               square: float, k: int,
               tree_indptr: np.ndarray, tree_nbr: np.ndarray, tree_weight: np.ndarray, position: np.ndarray,
               households: np.ndarray, workload: np.ndarray, work_per_tree: int,
               work_per_item: int) -> tuple[bool, int, np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray,
                                                                       np.ndarray, np.ndarray, np.ndarray,
                                                                       np.ndarray]]:
    """The re-cut of two neighbouring grids (:meth:`.search.AreaSearch._recut`) in one call:
    their units (by unit number ``unit_id``) cut in two by a spanning tree on the units'
    rows (``tree_*``, ``position``: :func:`.compiled.bisect_rows`, balancing ``workload``),
    ``g1`` taking the first side, and every grid's sums afresh; kept when the two grids'
    summed cost drops. Returns (kept, work units, the new plan and its sums — empty arrays
    when not kept)."""
    count = 0
    for i in range(len(lab)):
        if lab[i] == g1 or lab[i] == g2:
            count += 1
    nodes = np.empty(count, dtype=np.int64)
    j = 0
    for i in range(len(lab)):
        if lab[i] == g1 or lab[i] == g2:
            nodes[j] = unit_id[i]
            j += 1
    nodes.sort()
    none = (np.empty(0, dtype=np.int64), np.empty(0), np.empty(0), np.empty(0), np.empty(0), np.empty(0),
            np.empty(0))
    if count < 2:
        return False, 0, np.empty(0, dtype=np.int64), none
    h = households[nodes]
    w = workload[nodes]
    total_h = numpy_sum(h)
    total_w = numpy_sum(w)
    want = total_w * 1 / 2
    unit = max(total_w / 2, 1e-9)
    found, side, trees, edges = bisect_rows(rng, nodes, tree_indptr, tree_nbr, tree_weight, position, h, w, total_h,
                                            total_w, 1, 1, band_min, band_max, band_target, want, unit, trials)
    work = trees * (work_per_tree + work_per_item * (count + edges))
    first = 0
    for i in range(count):
        if side[i]:
            first += 1
    if not found or first == 0 or first == count:
        return False, work, np.empty(0, dtype=np.int64), none
    new_lab = lab.copy()
    for i in range(count):
        new_lab[local_of[nodes[i]]] = g1 if side[i] else g2
    work += WORK_PER_LABEL * len(keys)
    sums = grid_sums(keys, new_lab, k, indptr, nbr, length, soft, unit_h, unit_w, unit_a, unit_p, band_min,
                     band_max, band_target, mean, square)
    new_costs = sums[6]
    if new_costs[g1] + new_costs[g2] < costs[g1] + costs[g2] - 1e-9:
        return True, work, new_lab, sums
    return False, work, np.empty(0, dtype=np.int64), none
