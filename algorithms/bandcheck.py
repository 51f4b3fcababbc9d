"""Exact check of one area: can every grid of it hold between min and max households?

An *area* is what the partitioner plans on its own: the household units of one community
between hard barriers (major roads, rivers), with the land between them. Any grid of a plan is a connected
set of units (with the land without households that holds it together), so a plan with
every grid in the band is an exact cover of the area's household units by connected sets
whose households lie in the band, no two of them sharing land. :func:`check_area` decides
whether such a cover exists and, if not, whether a plan missing the band by less than the
current one does, by one exhaustive search (:func:`_rooted_least_cover`): it grows the
candidate grids of one unit at a time (the most constrained unit left) inside the units
still free, and cuts every branch whose free parts cannot be divided any better by their
household totals alone. Its answer is one of

- a cover: the partitioner builds grids from it;
- none exists: a proof, since every connected grouping that could do better was tried or cut;
- the search ran out of budget: undecided.

Budgets are counted in steps, not seconds, so the answer is the same on every machine: at
most :data:`SEARCH_BUDGET` grown sets per question, and, when the caller gives a time budget
(:class:`WorkBudget`, the partitioner's :class:`.partition.budget.SearchBudget`), at most its
work units, each grown set and each visit of a free node set charged at its measured cost
(:data:`WORK_PER_SET`, :data:`WORK_PER_VISIT`, :data:`WORK_PER_FREE_NODE`). The budget's
wall clock is looked at every :data:`CLOCK_EVERY_SETS` sets, as a safety net only.
"""

from __future__ import annotations

import bisect
import math
import sys
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike

from .band import Band

SEARCH_BUDGET = 500_000         # sets grown per area and question
MISS_PENALTY = 0.1              # per grid outside the band, as a share of the band's middle
# Work units (microseconds of the reference machine) charged to a time budget, measured on
# 35 exact checks of generated lattice areas (time ≈ 5 µs per grown set + 4.6 µs per visit
# of a free node set + 0.42 µs per free node in it, within a factor of 1.3 on most).
WORK_PER_SET = 5
WORK_PER_VISIT = 5
WORK_PER_FREE_NODE = 0.5
CLOCK_EVERY_SETS = 4096         # grown sets between two looks at the budget's clock


class WorkBudget(Protocol):
    """A time budget counted in work units (:class:`.partition.budget.SearchBudget`)."""

    def left(self) -> float: ...

    def charge(self, units: float) -> None: ...

    def out_of_time(self) -> bool: ...


@dataclass
class AreaCheck:
    """What the exact check found for one area.

    ``status``:

    - ``"feasible"``: ``cover`` holds one in-band set per grid (no household outside the band);
    - ``"proven"``: no plan of the area misses the band by less (:func:`band_miss`) than the
      given plan, so that plan is as good as any;
    - ``"better"``: ``cover`` is a plan that misses it by ``violation``, less than the given
      plan (``exact`` when no plan misses it by less still);
    - ``"unknown"``: the search ran out of budget before deciding.

    ``sets`` is the number of candidate grids grown; ``band_impossible`` is True once no plan
    of the area can keep every grid in the band is proven (also when the second question,
    whether a plan comes closer, stays undecided). ``stopped`` says why an ``"unknown"``
    search stopped early when the time budget stopped it: ``"work"`` (its work units ran out)
    or ``"clock"`` (its wall-clock safety net fired); ``None`` otherwise.
    """

    status: str
    sets: int = 0
    cover: list[frozenset] | None = None
    violation: float = 0.0
    exact: bool = False
    band_impossible: bool = False
    stopped: str | None = None


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


def _least_part_miss(total: int, band: Band) -> float:
    """Least :func:`band_miss` of any division of a connected part of ``total`` households into
    grids: 0 when some whole number g has ``band.min``·g ≤ total ≤ ``band.max``·g; otherwise
    at least one grid is outside, and the households outside sum to at least the distance
    from ``total`` to the nearest such range."""
    low, high = band.min, band.max
    fewest, most = -(-total // high), total // low
    if fewest <= most:
        return 0.0
    over = total - high * most if most >= 1 else math.inf
    return float(min(over, low * fewest - total) + MISS_PENALTY * (low + high) / 2)


def band_miss(households: ArrayLike, band: Band) -> np.ndarray:
    """How far grids of ``households`` miss the band, as the exact check weighs it:
    households outside ``band.min``–``band.max``, plus :data:`MISS_PENALTY` of the band's
    middle for each grid outside at all (so that one grid 8 households over is not traded for
    two grids 3 over, nor several near misses for one grid far out). Works on numbers and
    arrays (a 0-d array for a number)."""
    low, high = band.min, band.max
    households = np.asarray(households, dtype=float)
    outside = np.maximum(0, low - households) + np.maximum(0, households - high)
    return outside + (outside > 0) * MISS_PENALTY * (low + high) / 2


def _land_all_needed(members: int, land_mask: int, neighbours: list[int]) -> bool:
    """True when the set in the bit mask ``members`` falls apart without any one of its land
    nodes (those in ``land_mask``): it carries only land that holds it together."""
    for a in _bit_indices(members & land_mask):
        rest = members & ~(1 << a)
        if _spread(rest & -rest, rest, neighbours) == rest:
            return False
    return True


def _rooted_least_cover(units: list[int], land: list[int], households: np.ndarray,
                        workload: np.ndarray, adjacency: Mapping[int, Iterable[int]], band: Band,
                        set_low: int, set_high: int, limit: float, mean_workload: float,
                        budget: int, work_limit: float = math.inf, clock: WorkBudget | None = None,
                        meter: dict | None = None) -> tuple[float, list[frozenset] | None, bool, int]:
    """Least-miss exact cover of ``units`` by connected sets, grown one root at a time.

    The sets are connected under ``adjacency`` (each node to its touching nodes; ``land``
    nodes hold no households, belong to at most one set, and only where they hold it
    together) and hold ``set_low``–``set_high`` households; each costs its
    :func:`band_miss` against ``band``. The free nodes fall into connected parts,
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
    cover costs less than ``limit``); ``complete`` is False when ``budget`` (grown sets) or
    ``work_limit`` (work units) ran out or ``clock.out_of_time()`` said so, and then the cover,
    if any, is the best found so far. ``meter``, when given, receives the work spent
    (``"work"``) and what stopped the search early (``"stopped"``: ``"sets"``, ``"work"``,
    ``"clock"`` or ``None``).
    """
    low, high = band.min, band.max
    nodes = list(units) + list(land)
    n_units = len(units)
    index = {u: i for i, u in enumerate(nodes)}
    hh = [int(households[u]) for u in units] + [0] * len(land)
    wl = [float(workload[u]) for u in units] + [0.0] * len(land)
    nb = [sum(1 << index[v] for v in adjacency[u] if v in index) for u in nodes]
    unit_mask = (1 << n_units) - 1
    land_mask = ((1 << len(nodes)) - 1) & ~unit_mask
    miss = band_miss(np.arange(max(high, min(set_high, sum(hh))) + 1), band).tolist()   # by households
    above = miss[high:]                 # rising: the miss of ``high``, ``high`` + 1, …
    below = miss[low::-1]               # rising: the miss of ``low``, ``low`` - 1, …
    steps = 0
    work = 0.0
    stopped: list[str] = []
    memo: dict[int, tuple[bool, float, list | None]] = {}

    def rooted_sets(root: int, free: int, bound: float, take) -> list[tuple[float, float, int]] | None:
        """Grow the sets holding ``root`` inside ``free`` that cost less than ``bound``.

        Sets in the band cost nothing and no set does better, so each goes to ``take`` the
        moment it is found (``take`` returns False to end the growing: ``None`` is returned
        then); the others are returned cheapest first, then by workload nearest the mean.
        """
        later = []
        # Households a set may hold and still cost less than ``bound``.
        most = min(set_high, high + bisect.bisect_left(above, bound - 1e-9) - 1)
        least = max(set_low, low - bisect.bisect_left(below, bound - 1e-9) + 1)

        def grow(members: int, total: int, load: float, candidates: int, excluded: int) -> bool:
            nonlocal steps, work
            steps += 1
            work += WORK_PER_SET
            if steps > budget:
                stopped.append("sets")
                raise _OutOfBudget
            if work > work_limit:
                stopped.append("work")
                raise _OutOfBudget
            if clock is not None and not steps % CLOCK_EVERY_SETS and clock.out_of_time():
                stopped.append("clock")
                raise _OutOfBudget
            if total >= least and (not members & land_mask or _land_all_needed(members, land_mask, nb)):
                if low <= total <= high:
                    if not take(0.0, members):
                        return False
                else:
                    later.append((miss[total], abs(load - mean_workload), members))
            while candidates:
                bit = candidates & -candidates
                candidates ^= bit
                i = bit.bit_length() - 1
                if total + hh[i] <= most:
                    fresh = nb[i] & free & ~members & ~excluded & ~bit
                    if not grow(members | bit, total + hh[i], load + wl[i], candidates | fresh, excluded):
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
        nonlocal work
        if not free & unit_mask:
            return 0.0, []
        work += WORK_PER_VISIT + WORK_PER_FREE_NODE * free.bit_count()
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
                parts.append(((part & unit_mask).bit_count(), part & -part, part,
                              _households_of(part & unit_mask, hh)))
        parts.sort()
        floors = [_least_part_miss(total, band) for *_, total in parts]
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
        root = min(_bit_indices(part & unit_mask), key=lambda i: (-hh[i], (nb[i] & free).bit_count(), i))
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

    # A set is grown one node per call, so a grid of thousands of one-household buildings
    # nests that deep; Python calls between Python functions do not use the C stack.
    depth_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(depth_limit, 4 * len(nodes) + 1_000))
    try:
        value, cover = solve((1 << len(nodes)) - 1, limit, 0)
    except (_OutOfBudget, RecursionError):
        if meter is not None:
            meter.update(work=work, stopped=stopped[0] if stopped else "sets")
        return top[0], (as_sets(top[1]) if top[1] is not None else None), False, steps
    finally:
        sys.setrecursionlimit(depth_limit)
    if meter is not None:
        meter.update(work=work, stopped=None)
    return value, (as_sets(cover) if cover is not None else None), True, steps


class _OutOfBudget(Exception):
    """The rooted search used up its budget."""


def _bit_indices(mask: int) -> Iterator[int]:
    while mask:
        bit = mask & -mask
        yield bit.bit_length() - 1
        mask ^= bit


def check_area(units: Collection[int], households: np.ndarray, workload: np.ndarray,
               links: Mapping[int, Iterable[int]] | None, band: Band, mean_workload: float,
               violation: float = 0.0, adjacency: Mapping[int, Sequence[int]] | None = None,
               budget: WorkBudget | None = None, reserve: float = 0.0) -> AreaCheck:
    """Decide whether the household units among ``units`` can sit in grids of
    ``band.min``–``band.max`` households, and if not, whether a plan that misses the band by
    less than ``violation`` exists (the current plan's :func:`band_miss`, summed over its grids).

    With ``adjacency`` (each of ``units``, land included, to its touching units) grids are
    checked as truly contiguous: land that joins the units of a grid is claimed by that grid
    alone, and the cover's sets include it. Without it, ``links`` (units that touch directly
    or through land without households, :func:`partition.proofs.household_links`) relax
    contiguity: land between units is assumed free for every grid. Sets with workload near ``mean_workload`` are
    tried first among equally good ones.

    ``budget``, when given, is a time budget in work units (:class:`WorkBudget`): the search
    spends at most what it has left less ``reserve``, charges it what it spent, and an answer
    it cut short is ``"unknown"`` with ``stopped`` saying so.
    """
    low, high = band.min, band.max
    land = sorted(int(u) for u in units if households[u] <= 0) if adjacency is not None else []
    units = sorted(int(u) for u in units if households[u] > 0)
    if not units:
        return AreaCheck("feasible", 0, [])
    graph = adjacency if adjacency is not None else links
    if graph is None:
        raise TypeError("check_area needs links or adjacency")
    meter: dict = {}

    def search(set_low: int, set_high: int, limit: float) -> tuple[float, list[frozenset] | None, bool, int]:
        work_limit = math.inf if budget is None else budget.left() - reserve
        found = _rooted_least_cover(units, land, households, workload, graph, band, set_low, set_high, limit,
                                    mean_workload, SEARCH_BUDGET, work_limit, budget, meter)
        if budget is not None:
            budget.charge(meter["work"])
        return found

    def stopped() -> str | None:
        return meter["stopped"] if meter.get("stopped") in ("work", "clock") else None

    _, cover, complete, grown = search(low, high, 1.0)
    if cover is not None:
        return AreaCheck("feasible", grown, cover, 0.0, True)
    if not complete:
        return AreaCheck("unknown", grown, stopped=stopped())
    if violation <= 0:
        return AreaCheck("proven", grown, violation=0.0, band_impossible=True)
    limit = math.floor(violation)      # a better plan has no grid further out than this
    value, cover, complete, steps = search(max(1, low - limit), high + limit, violation)
    grown += steps
    if cover is not None:
        return AreaCheck("better", grown, cover, float(value), complete, band_impossible=True,
                         stopped=None if complete else stopped())
    return AreaCheck("proven" if complete else "unknown", grown, violation=float(violation),
                     band_impossible=True, stopped=None if complete else stopped())
