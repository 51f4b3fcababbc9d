"""Exact check of one area: can every grid of it hold between min and max households?

An *area* is a connected component the partitioner plans on its own: the household units of
one community between hard barriers (major roads, rivers). Any grid of a plan is a connected
set of units, so its household-bearing units are connected once units are linked directly or
through land without households (:func:`partition.household_links`). A plan with every grid
in the band is therefore an exact cover of the area's household units by such connected sets
whose households lie in the band. This module lists every such set (when there are not too
many) and decides whether an exact cover exists:

- none exists (the LP relaxation is infeasible, or the exhaustive cover search fails): no plan
  of the area keeps every grid in the band — a proof, because the links relax contiguity;
- one exists: it is returned, and the partitioner builds grids from it;
- too many sets or too long a search: undecided.

When an area has too many sets to list, :func:`_rooted_least_cover` answers the same two
questions without listing them: it grows the candidate grids of one unit at a time (the most
constrained unit left), inside the units still free, and cuts every branch whose free parts
cannot be divided by their household totals alone. Large areas are usually decided this way
in a fraction of the steps, because the cut is strong where the band is tight.

Budgets are counted in steps, not seconds, so the answer is the same on every machine.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

import numpy as np

ENUMERATION_BUDGET = 100_000    # enumeration steps per area and question (each step is one candidate set)
COVER_BUDGET = 5_000_000        # candidate checks of the exact-cover search
ROOTED_BUDGET = 200_000         # sets grown by the rooted search per area and question
MISS_PENALTY = 0.1              # per grid outside the band, as a share of the band's middle


@dataclass
class AreaCheck:
    """What the exact check found for one area.

    ``status``:

    - ``"feasible"``: ``cover`` holds one in-band set per grid (no household outside the band);
    - ``"proven"``: no plan of the area misses the band by less (:func:`band_miss`) than the
      given plan, so that plan is as good as any;
    - ``"better"``: ``cover`` is a plan that misses it by ``violation``, less than the given
      plan (``exact`` when no plan misses it by less still);
    - ``"unknown"``: too many sets or too long a search to decide.

    ``sets`` is the number of connected sets examined; ``listed`` is False when the area had
    too many to list and the rooted search decided it (:func:`_rooted_least_cover`).
    """

    status: str
    sets: int = 0
    cover: list[frozenset] | None = None
    violation: float = 0.0
    exact: bool = False
    listed: bool = True


def connected_sets_in_band(units, households: np.ndarray, links, low: int, high: int,
                           budget: int | None = None) -> tuple[list[frozenset], bool]:
    """Every set of ``units`` connected under ``links`` with ``low`` ≤ households ≤ ``high``.

    Each connected set is generated once (the ESU scheme of Wernicke: a set is grown from its
    smallest unit, only by neighbours that are larger than it and not adjacent to an earlier
    member). Households are positive, so a set above ``high`` is never extended. Returns the
    sets and whether the enumeration finished within ``budget`` steps.
    """
    budget = ENUMERATION_BUDGET if budget is None else budget
    allowed = set(int(u) for u in units)
    found: list[frozenset] = []
    steps = 0

    def grow(members: list[int], total: int, extension: list[int], seen: set[int], root: int) -> bool:
        nonlocal steps
        steps += 1
        if steps > budget:
            return False
        if total >= low:
            found.append(frozenset(members))
        extension = list(extension)
        while extension:
            w = extension.pop()
            if total + households[w] > high:
                continue
            fresh = [v for v in links[w] if v in allowed and v > root and v not in seen]
            if not grow(members + [w], total + int(households[w]), extension + fresh,
                        seen | set(fresh), root):
                return False
        return True

    for root in sorted(allowed):
        if households[root] > high:
            continue
        first = [v for v in links[root] if v in allowed and v > root]
        if not grow([root], int(households[root]), first, set(first) | {root}, root):
            return found, False
    return found, True


def _incidence(n_units: int, n_land: int, sets: list[list[int]]):
    """Unit rows (each covered exactly once) and land rows (at most once) of ``sets``, whose
    indices from ``n_units`` on are land."""
    from scipy.sparse import csc_matrix

    rows = [u for st in sets for u in st]
    cols = [j for j, st in enumerate(sets) for _ in st]
    matrix = csc_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_units + n_land, len(sets)))
    if not n_land:
        return matrix[:n_units], None
    return matrix[:n_units], matrix[n_units:]


def _lp(cost: np.ndarray, n_units: int, n_land: int, sets: list[list[int]]):
    from scipy.optimize import linprog

    cover, land = _incidence(n_units, n_land, sets)
    return linprog(cost, A_eq=cover, b_eq=np.ones(n_units), A_ub=land,
                   b_ub=None if land is None else np.ones(n_land), bounds=(0, 1), method="highs")


def _lp_infeasible(n_units: int, sets: list[list[int]], n_land: int = 0) -> bool:
    """True when even fractional covers are impossible (a quick proof for large areas)."""
    return _lp(np.zeros(len(sets)), n_units, n_land, sets).status == 2


def _lp_bound(n_units: int, sets: list[list[int]], cost: np.ndarray, n_land: int = 0):
    """Least cost of a fractional cover, a lower bound for every exact cover (inf if none
    exists), and the fractional solution itself (``None`` when there is none)."""
    res = _lp(cost, n_units, n_land, sets)
    if res.status == 2:
        return math.inf, None
    return (float(res.fun), res.x) if res.status == 0 else (-math.inf, None)


def _spread(start: int, within: int, neighbours: list[int]) -> int:
    """The nodes of the bit mask ``within`` reached from ``start`` (a bit mask) through
    ``neighbours`` (each node's neighbours as a bit mask)."""
    seen = frontier = start
    while frontier:
        grown = 0
        while frontier:
            bit = frontier & -frontier
            grown |= neighbours[bit.bit_length() - 1]
            frontier ^= bit
        frontier = grown & within & ~seen
        seen |= frontier
    return seen


def _households_of(mask: int, households: list[int]) -> int:
    """Households of the units in the bit mask ``mask``."""
    total = 0
    while mask:
        bit = mask & -mask
        total += households[bit.bit_length() - 1]
        mask ^= bit
    return total


def _parts_left(rest: int, neighbours: list[int], households: list[int]):
    """The connected parts of the units in the bit mask ``rest`` (linked by ``neighbours``,
    each unit's linked units as a bit mask), yielded as their household totals."""
    while rest:
        part = _spread(rest & -rest, rest, neighbours)
        rest &= ~part
        yield _households_of(part, households)


def _least_part_miss(total: int, low: int, high: int) -> float:
    """Least :func:`band_miss` of any division of a connected part of ``total`` households into
    grids: 0 when some whole number g has ``low``·g ≤ total ≤ ``high``·g; otherwise at least
    one grid is outside, and the households outside sum to at least the distance from
    ``total`` to the nearest such range."""
    fewest, most = -(-total // high), total // low
    if fewest <= most:
        return 0.0
    over = total - high * most if most >= 1 else math.inf
    return float(min(over, low * fewest - total) + MISS_PENALTY * (low + high) / 2)


def _cover_search(n_units: int, sets: list[list[int]], households: list[int],
                  neighbours: list[int], low: int, high: int, budget: int):
    """Exhaustive exact-cover search (Knuth's algorithm X on bit masks).

    Sets are tried in the given order at the most constrained unit. A branch is cut as soon
    as some connected part of the units left over cannot be divided into in-band grids by
    its household total alone (no whole number g with ``low``·g ≤ H ≤ ``high``·g).
    ``neighbours`` holds each unit's linked units as a bit mask. Indices from ``n_units`` on
    are land without households, which a set may claim and no other set may then use.
    Returns the chosen set indices, ``None`` when no cover exists, or ``"budget"`` when it
    ran out.
    """
    masks = [sum(1 << u for u in s) for s in sets]
    by_unit: list[list[int]] = [[] for _ in range(n_units)]
    for j, s in enumerate(sets):
        for u in s:
            if u < n_units:
                by_unit[u].append(j)
    full = (1 << n_units) - 1
    work = 0

    def divisible(rest: int) -> bool:
        return all(-(-total // high) <= total // low
                   for total in _parts_left(rest, neighbours, households))

    def search(covered: int, chosen: list[int]):
        nonlocal work
        if work > budget:
            return "budget"
        if covered & full == full:
            return chosen
        if not divisible(full & ~covered):
            return None
        best = None
        rest = full & ~covered
        while rest:
            low_bit = rest & -rest
            u = low_bit.bit_length() - 1
            rest ^= low_bit
            options = [j for j in by_unit[u] if not masks[j] & covered]
            work += len(by_unit[u])
            if not options:
                return None
            if best is None or len(options) < len(best):
                best = options
                if len(options) == 1:
                    break
        if work > budget:
            return "budget"
        for j in best:
            found = search(covered | masks[j], chosen + [j])
            if found is not None:
                return found
        return None

    return search(0, [])


def _least_cover(n_units: int, sets: list[list[int]], cost: np.ndarray, limit: float, budget: int,
                 floor: float = -math.inf, rest_bound=None):
    """Exact cover of least total ``cost`` below ``limit``, by depth-first branch and bound.

    Branches on the unit with the fewest sets left, cheapest sets first, and cuts a branch
    whose cost, plus ``rest_bound(uncovered mask)`` (a lower bound on covering the rest, if
    given), reaches the best cover found so far. Indices from ``n_units`` on are land, claimed
    by at most one set. Returns ``(chosen indices or None,
    complete)``; a complete search proves the answer optimal (or that none is below
    ``limit``). A cover costing ``floor`` (a lower bound) ends the search at once.
    """
    masks = [sum(1 << u for u in s) for s in sets]
    by_unit: list[list[int]] = [[] for _ in range(n_units)]
    for j in np.argsort(cost, kind="stable"):
        for u in sets[j]:
            if u < n_units:
                by_unit[u].append(int(j))
    full = (1 << n_units) - 1
    best: list = [None, limit]
    work = 0

    def search(covered: int, chosen: list[int], spent: float) -> bool:
        nonlocal work
        if work > budget:
            return False
        if covered & full == full:
            best[0], best[1] = list(chosen), spent
            return spent > floor + 1e-6
        if rest_bound is not None and spent + rest_bound(full & ~covered) >= best[1] - 1e-9:
            return True
        options = None
        rest = full & ~covered
        while rest:
            low_bit = rest & -rest
            rest ^= low_bit
            u = low_bit.bit_length() - 1
            found = [j for j in by_unit[u] if not masks[j] & covered and spent + cost[j] < best[1] - 1e-9]
            work += len(by_unit[u])
            if not found:
                return True
            if options is None or len(found) < len(options):
                options = found
        if work > budget:
            return False
        for j in options:
            if spent + cost[j] >= best[1] - 1e-9:
                break
            if not search(covered | masks[j], chosen + [j], spent + float(cost[j])):
                return False
        return True

    complete = search(0, [], 0.0) or (best[0] is not None and best[1] <= floor + 1e-6)
    return best[0], complete


def band_miss(households, low: int, high: int):
    """How far grids of ``households`` miss the band, as the exact check weighs it:
    households outside ``low``–``high``, plus :data:`MISS_PENALTY` of the band's middle for
    each grid outside at all (so that one grid 8 households over is not traded for two grids
    3 over, nor several near misses for one grid far out). Works on numbers and arrays."""
    households = np.asarray(households, dtype=float)
    outside = np.maximum(0, low - households) + np.maximum(0, households - high)
    return outside + (outside > 0) * MISS_PENALTY * (low + high) / 2


def _grid_sets(units: list[int], land: list[int], households: np.ndarray, links, adjacency,
               low: int, high: int) -> tuple[list[frozenset], bool]:
    """The candidate grids of an area with ``low``–``high`` households.

    Without ``adjacency``: connected sets of household units under ``links`` (land between
    them is assumed free). With it: sets of units and land connected under ``adjacency``,
    keeping only land that holds its set together, so that a land atom two grids would both
    need is seen as the single atom it is.
    """
    if adjacency is None:
        return connected_sets_in_band(units, households, links, low, high)
    nodes = units + land
    found, complete = connected_sets_in_band(nodes, households, adjacency, low, high)
    index = {u: i for i, u in enumerate(nodes)}
    neighbours = [sum(1 << index[v] for v in adjacency[u] if v in index) for u in nodes]
    land_set = set(land)
    land_mask = sum(1 << index[a] for a in land)
    return [st for st in found
            if not st & land_set or _land_all_needed(sum(1 << index[u] for u in st), land_mask, neighbours)], complete


def _land_all_needed(members: int, land_mask: int, neighbours: list[int]) -> bool:
    """True when the set in the bit mask ``members`` falls apart without any one of its land
    nodes (those in ``land_mask``): it carries only land that holds it together."""
    for a in _bit_indices(members & land_mask):
        rest = members & ~(1 << a)
        if _spread(rest & -rest, rest, neighbours) == rest:
            return False
    return True


def _rooted_least_cover(units: list[int], land: list[int], households: np.ndarray,
                        workload: np.ndarray, adjacency, low: int, high: int, set_low: int,
                        set_high: int, limit: float, mean_workload: float, budget: int):
    """Least-miss exact cover of ``units`` by connected sets, grown one root at a time.

    The sets are connected under ``adjacency`` (each node to its touching nodes; ``land``
    nodes hold no households, belong to at most one set, and only where they hold it
    together) and hold ``set_low``–``set_high`` households; each costs its
    :func:`band_miss` against ``low``–``high``. The free nodes fall into connected parts,
    which share nothing and are covered one at a time, smallest first. A part that one set
    covers as well as any division of its household total could (:func:`_least_part_miss`)
    is taken whole. Otherwise the search takes the part's unit with the most households
    (it has the fewest sets; ties: fewest free neighbours) and grows every set that contains
    it inside the free nodes: each set in the band is tried the moment it is grown (no set
    costs less), the others afterwards, cheapest first (then by workload nearest
    ``mean_workload``). A branch is cut when its cost plus the least miss of each free
    part's household total reaches the best cover found or ``limit``, and sets whose own
    cost reaches it are not grown; free node sets already solved are remembered. A
    ``limit`` of 1 asks only for a cover with every set in the band (every other cost is at
    least ``MISS_PENALTY``·band).

    Returns ``(value, cover, complete, steps)``: the least cost and its sets (``None`` when no
    cover costs less than ``limit``); ``complete`` is False when ``budget`` ran out, and then
    the cover, if any, is the best found so far.
    """
    nodes = list(units) + list(land)
    n_units = len(units)
    index = {u: i for i, u in enumerate(nodes)}
    hh = [int(households[u]) for u in units] + [0] * len(land)
    wl = [float(workload[u]) for u in units] + [0.0] * len(land)
    nb = [sum(1 << index[v] for v in adjacency[u] if v in index) for u in nodes]
    unit_mask = (1 << n_units) - 1
    land_mask = ((1 << len(nodes)) - 1) & ~unit_mask
    miss = band_miss(np.arange(max(high, min(set_high, sum(hh))) + 1), low, high).tolist()   # by households
    above = miss[high:]                 # rising: the miss of ``high``, ``high`` + 1, …
    below = miss[low::-1]               # rising: the miss of ``low``, ``low`` - 1, …
    steps = 0
    memo: dict[int, tuple[bool, float, list | None]] = {}

    def rooted_sets(root: int, free: int, bound: float, take) -> list[tuple[float, float, int]] | None:
        """Grow the sets holding ``root`` inside ``free`` that cost less than ``bound``.

        Sets in the band cost nothing and no set does better, so each goes to ``take`` the
        moment it is found (``take`` returns False to end the growing: ``None`` is returned
        then); the others are returned cheapest first, then by workload nearest the mean.
        """
        nonlocal steps
        later = []
        # Households a set may hold and still cost less than ``bound``.
        most = min(set_high, high + bisect.bisect_left(above, bound - 1e-9) - 1)
        least = max(set_low, low - bisect.bisect_left(below, bound - 1e-9) + 1)

        def grow(members: int, total: int, work: float, candidates: int, excluded: int) -> bool:
            nonlocal steps
            steps += 1
            if steps > budget:
                raise _OutOfBudget
            if total >= least and (not members & land_mask or _land_all_needed(members, land_mask, nb)):
                if low <= total <= high:
                    if not take(0.0, members):
                        return False
                else:
                    later.append((miss[total], abs(work - mean_workload), members))
            while candidates:
                bit = candidates & -candidates
                candidates ^= bit
                i = bit.bit_length() - 1
                if total + hh[i] <= most:
                    fresh = nb[i] & free & ~members & ~excluded & ~bit
                    if not grow(members | bit, total + hh[i], work + wl[i], candidates | fresh, excluded):
                        return False
                excluded |= bit
            return True

        start = 1 << root
        if not grow(start, hh[root], wl[root], nb[root] & free & ~start, start):
            return None
        later.sort()
        return later

    top: list = [math.inf, None]

    def whole(part: int) -> int:
        """``part`` as one set: its units, and its land less what the rest does not need."""
        members = part
        for a in _bit_indices(part & land_mask):
            rest = members & ~(1 << a)
            if _spread(rest & -rest, rest, nb) == rest:
                members = rest
        return members

    def solve(free: int, bound: float, depth: int):
        if not free & unit_mask:
            return 0.0, []
        known = memo.get(free)
        if known is not None:
            exact, value, cover = known
            if exact:
                return (value, cover) if value < bound else (math.inf, None)
            if value >= bound:
                return math.inf, None
        parts, rest = [], free
        while rest:
            part = _spread(rest & -rest, rest, nb)
            rest &= ~part
            if part & unit_mask:
                parts.append((bin(part & unit_mask).count("1"), part & -part, part,
                              _households_of(part & unit_mask, hh)))
        parts.sort()
        floors = [_least_part_miss(total, low, high) for *_, total in parts]
        floor = sum(floors)
        if floor >= bound - 1e-9:
            memo[free] = (False, floor, None)
            return math.inf, None
        if len(parts) > 1:
            # Parts share no node, so each is covered on its own, smallest first.
            value, cover, ahead = 0.0, [], floor
            for (*_, part, _), part_floor in zip(parts, floors):
                ahead -= part_floor
                part_value, part_cover = solve(part, bound - value - ahead, depth + 1)
                if part_cover is None:
                    memo[free] = (False, bound, None)
                    return math.inf, None
                value, cover = value + part_value, cover + part_cover
            memo[free] = (True, value, cover)
            return value, cover
        *_, part, total = parts[0]
        if set_low <= total <= set_high and miss[total] <= floor + 1e-9:
            cover = [whole(part)]         # one set does as well as any division of the part
            memo[free] = (True, miss[total], cover)
            return miss[total], cover
        # The unit with the most households has the fewest sets; then the one with fewest neighbours.
        root = min(_bit_indices(part & unit_mask), key=lambda i: (-hh[i], bin(nb[i] & free).count("1"), i))
        best: list = [math.inf, None]

        def take(cost: float, members: int) -> bool:
            """Try ``members`` as the root's set; False once nothing can do better."""
            cap = min(bound, best[0])
            if cost >= cap - 1e-9:
                return True
            value, cover = solve(free & ~members, cap - cost, depth + 1)
            if cover is not None and cost + value < best[0] - 1e-9:
                best[0], best[1] = cost + value, [members] + cover
                if depth == 0:
                    top[0], top[1] = best
                return best[0] > floor + 1e-9
            return True

        later = rooted_sets(root, free, bound, take)
        for cost, _, members in later or ():
            if cost >= min(bound, best[0]) - 1e-9 or not take(cost, members):
                break
        memo[free] = (True, *best) if best[1] is not None else (False, bound, None)
        return tuple(best)

    def as_sets(cover):
        return [frozenset(nodes[i] for i in _bit_indices(m)) for m in cover]

    try:
        value, cover = solve((1 << len(nodes)) - 1, limit, 0)
    except (_OutOfBudget, RecursionError):    # sets of hundreds of tiny units nest too deep
        return top[0], (as_sets(top[1]) if top[1] is not None else None), False, steps
    return value, (as_sets(cover) if cover is not None else None), True, steps


class _OutOfBudget(Exception):
    """The rooted search used up its budget."""


def _bit_indices(mask: int):
    while mask:
        bit = mask & -mask
        yield bit.bit_length() - 1
        mask ^= bit


def check_area(units, households: np.ndarray, workload: np.ndarray, links, low: int, high: int,
               mean_workload: float, violation: float = 0.0, adjacency=None) -> AreaCheck:
    """Decide whether the household units among ``units`` can sit in grids of
    ``low``–``high`` households, and if not, whether a plan that misses the band by less than
    ``violation`` exists (the current plan's :func:`band_miss`, summed over its grids).

    ``links`` joins units that touch directly or through land without households. With
    ``adjacency`` (each of ``units``, land included, to its touching units) grids are
    checked as truly contiguous: land that joins the units of a grid is claimed by that grid
    alone, and the cover's sets include it. A cover with every set in the band prefers sets
    whose workload is near ``mean_workload``. The second question lists the connected sets
    whose own miss is below ``violation`` (any better plan is made of them) and solves the
    least-miss exact cover.
    """
    land = sorted(int(u) for u in units if households[u] <= 0) if adjacency is not None else []
    units = sorted(int(u) for u in units if households[u] > 0)
    if not units:
        return AreaCheck("feasible", 0, [])
    index = {u: i for i, u in enumerate(units + land)}
    n_units, n_land = len(units), len(land)
    hh = [int(households[u]) for u in units]
    neighbours = [sum(1 << index[v] for v in links[u] if v in index and index[v] < n_units)
                  for u in units]
    graph = adjacency if adjacency is not None else links
    sets, complete = _grid_sets(units, land, households, links, adjacency, low, high)
    if not complete:
        return _check_by_roots(units, land, households, workload, graph, low, high, mean_workload,
                               violation, len(sets), ask_band=True)
    examined = len(sets)
    covered = set().union(*sets) if sets else set()
    if covered >= set(units):
        cost = np.array([abs(float(workload[list(st)].sum()) - mean_workload) for st in sets])
        order = sorted(range(len(sets)), key=lambda j: (cost[j], sorted(sets[j])))
        local = [sorted(index[u] for u in sets[j]) for j in order]
        if len(local) <= 2_000 or not _lp_infeasible(n_units, local, n_land):
            chosen = _cover_search(n_units, local, hh, neighbours, low, high, COVER_BUDGET)
            if chosen == "budget":
                return AreaCheck("unknown", examined)
            if chosen is not None:
                return AreaCheck("feasible", examined, [sets[order[j]] for j in chosen], 0.0, True)
    # No plan keeps every grid in the band. Is there one that misses it by less than the current?
    if violation <= 0:
        return AreaCheck("proven", examined, violation=0.0)
    limit = int(math.floor(violation))      # a better plan has no grid further out than this
    sets, complete = _grid_sets(units, land, households, links, adjacency, max(1, low - limit),
                                high + limit)
    examined += len(sets)
    if not complete:
        return _check_by_roots(units, land, households, workload, graph, low, high, mean_workload,
                               violation, examined, ask_band=False)
    miss = band_miss(np.array([int(households[list(st)].sum()) for st in sets]), low, high)
    keep = [int(j) for j in np.argsort(miss, kind="stable") if miss[j] < violation]
    local = [sorted(index[u] for u in sets[j]) for j in keep]
    if not local or not set().union(*map(set, local)) >= set(range(n_units)):
        return AreaCheck("proven", examined, violation=float(violation))
    bound, solution = _lp_bound(n_units, local, miss[keep], n_land)
    if bound >= violation - 1e-6:
        return AreaCheck("proven", examined, violation=float(violation))
    if solution is not None and np.all((solution < 1e-6) | (solution > 1 - 1e-6)):
        chosen, exact = [int(j) for j in np.flatnonzero(solution > 0.5)], True
    else:
        def rest_bound(rest: int) -> float:
            return sum(_least_part_miss(total, low, high) for total in _parts_left(rest, neighbours, hh))

        chosen, exact = _least_cover(n_units, local, miss[keep], violation, COVER_BUDGET, bound,
                                     rest_bound)
        if chosen is None:
            return AreaCheck("proven" if exact else "unknown", examined, violation=float(violation))
    value = float(miss[[keep[j] for j in chosen]].sum())
    exact = exact or value <= bound + 1e-6
    return AreaCheck("better", examined, [sets[keep[j]] for j in chosen], value, exact)


def _check_by_roots(units, land, households, workload, graph, low, high, mean_workload, violation,
                    examined: int, ask_band: bool) -> AreaCheck:
    """:func:`check_area`'s two questions answered by :func:`_rooted_least_cover`, for an area
    whose sets are too many to list (``ask_band`` False: the first is already answered no)."""
    if ask_band:
        _, cover, complete, steps = _rooted_least_cover(units, land, households, workload, graph, low,
                                                        high, low, high, 1.0, mean_workload, ROOTED_BUDGET)
        examined += steps
        if cover is not None:
            return AreaCheck("feasible", examined, cover, 0.0, True, listed=False)
        if not complete:
            return AreaCheck("unknown", examined, listed=False)
    if violation <= 0:
        return AreaCheck("proven", examined, violation=0.0, listed=False)
    limit = int(math.floor(violation))
    value, cover, complete, steps = _rooted_least_cover(units, land, households, workload, graph, low, high,
                                                        max(1, low - limit), high + limit, violation,
                                                        mean_workload, ROOTED_BUDGET)
    examined += steps
    if cover is not None:
        return AreaCheck("better", examined, cover, float(value), complete, listed=False)
    return AreaCheck("proven" if complete else "unknown", examined, violation=float(violation), listed=False)
