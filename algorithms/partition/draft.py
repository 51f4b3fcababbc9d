"""The grid record the partitioner hands to the planner."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..metrics import ForcedUnit


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
    forced: tuple[ForcedUnit, ...] = ()   # the area's units that push their grid out of the band

