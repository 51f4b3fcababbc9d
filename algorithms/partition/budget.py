"""The search's time budget, counted in work units so that a plan does not depend on the machine.

A community's search (restarts, re-cuts, transfer chains, band repairs, the proofs and the
exact area check) may spend ``search_seconds`` (:class:`..params.PlanParameters`) per
:data:`HOUSEHOLDS_PER_BUDGET` households, at least once. The budget is not read from a
clock: every expensive step *charges* an estimate of its cost in work units, and a unit is
one microsecond of the reference machine (:data:`WORK_PER_SECOND`; the charges are
calibrated in ``docs/engine.md``), so the same input and seed stop at the same step
everywhere and give the same plan. The areas of a community (its parts between hard
barriers, planned one after another) share its budget: an area may spend what is left but
the share kept for the areas after it (:data:`KEEP_FOR_LATER` of their households' part of
what is left), so a hard area cannot starve the others, and what an area does not use goes
to the areas after it.

A wall clock stays behind it as a safety net only: a budget stops for good once
:data:`CLOCK_FACTOR` times its seconds, and at least :data:`CLOCK_MIN_SECONDS`, have passed
(a machine much slower than the reference, or an estimate far off). It is loose on purpose:
a machine under heavy load, or the one-time compile of the partition kernels on a fresh
machine (about 15 s), must not reach it. That alone can make a plan depend on the machine, so it
is reported every time it fires (:attr:`SearchBudget.stopped`). An area whose search runs out
keeps the best plan found so far; if that plan misses the band, the area is undecided.
"""

from __future__ import annotations

import math
import time

#: Work units per second: a unit is one microsecond of the reference machine (2 shared cores,
#: Python 3.11; see ``docs/engine.md`` for how the charges were calibrated).
WORK_PER_SECOND = 1_000_000
#: A community gets ``search_seconds`` per this many households (at least once).
HOUSEHOLDS_PER_BUDGET = 10_000
#: The wall-clock safety net: a budget stops for good after this many times its seconds…
CLOCK_FACTOR = 10.0
#: … and not before this many seconds (so that a small community's net is not a second or two).
CLOCK_MIN_SECONDS = 60.0
#: Charges between two looks at the clock (reading it costs more than a charge).
CLOCK_EVERY = 20_000
#: Share of what is left that an area leaves for the areas after it, by their households.
KEEP_FOR_LATER = 0.5


class SearchBudget:
    """Work units a search may spend, and the clock behind them.

    ``seconds=None`` is no budget at all (nothing stops). :meth:`charge` records work;
    :meth:`exhausted` says whether the search must stop (and stays True from then on);
    :meth:`share` gives a part of what is left to one area. ``stopped`` is ``None`` while the
    budget lasts, ``"work"`` once the work units ran out (deterministic) and ``"clock"`` when
    the safety net fired (machine-dependent).
    """

    def __init__(self, seconds: float | None, *, parent: SearchBudget | None = None) -> None:
        self.seconds = seconds
        self.limit = math.inf if seconds is None else float(seconds) * WORK_PER_SECOND
        self.used = 0.0
        self.parent = parent
        self.stopped: str | None = None
        self._deadline = (math.inf if seconds is None else
                          time.perf_counter() + max(CLOCK_MIN_SECONDS, CLOCK_FACTOR * float(seconds)))
        self._since_clock = 0.0

    @classmethod
    def for_community(cls, seconds: float | None, households: float) -> SearchBudget:
        """The budget of one community: ``seconds`` per :data:`HOUSEHOLDS_PER_BUDGET`
        households, at least ``seconds``; ``None`` for no budget."""
        if seconds is None:
            return cls(None)
        return cls(float(seconds) * max(1.0, float(households) / HOUSEHOLDS_PER_BUDGET))

    def charge(self, units: float) -> None:
        """Record ``units`` of work (here and in the budget this one is a share of); past the
        limit the budget is exhausted (``stopped = "work"``)."""
        self.used += units
        if self.used > self.limit and self.stopped is None:
            self.stopped = "work"
        self._since_clock += units
        if self.parent is not None:
            self.parent.charge(units)

    def left(self) -> float:
        """Work units still to spend (``math.inf`` without a budget)."""
        return max(0.0, self.limit - self.used)

    def exhausted(self) -> bool:
        """True once the work units ran out or the clock passed its deadline; then for good."""
        if self.stopped is not None:
            return True
        if self.used >= self.limit:
            self.stopped = "work"
            return True
        if self._since_clock >= CLOCK_EVERY or self.used == 0.0:
            self._since_clock = 0.0
            if self.out_of_time():
                return True
        return False

    def out_of_time(self) -> bool:
        """Look at the clock: True (and ``stopped = "clock"``) once the deadline has passed."""
        if self.stopped is None and time.perf_counter() >= self._deadline:
            self.stopped = "clock"
        return self.stopped == "clock"

    def for_area(self, households: float, households_left: float) -> SearchBudget:
        """The budget of an area of ``households``, planned before areas holding the rest of
        ``households_left`` (its own included): what is left but :data:`KEEP_FOR_LATER` of the
        later areas' part of it."""
        later = max(0.0, float(households_left) - float(households))
        return self.share(1.0 - KEEP_FOR_LATER * later / households_left if households_left > 0 else 1.0)

    def share(self, fraction: float) -> SearchBudget:
        """A budget of ``fraction`` of what is left (work and clock), charged to this one too."""
        fraction = min(1.0, max(0.0, fraction))
        if self.seconds is None:
            return SearchBudget(None, parent=self)
        part = SearchBudget(0.0, parent=self)
        part.seconds = self.left() * fraction / WORK_PER_SECOND
        part.limit = self.left() * fraction
        now = time.perf_counter()
        part._deadline = now + max(0.0, self._deadline - now) * fraction
        if self.stopped is not None:
            part.stopped = self.stopped
        return part
