"""The household band (规模适度): the one definition of what "in band" means."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Band:
    """Households a grid should hold: ``min``–``max``, aiming at ``target``.

    ``target`` may be fractional when a caller aims at a mean (the tests' lattices).
    """

    min: int
    max: int
    target: float

    def status(self, households: npt.ArrayLike) -> np.ndarray:
        """``"under_min"``, ``"over_max"`` or ``"ok"`` for each household count."""
        h = np.asarray(households)
        return np.where(h < self.min, "under_min", np.where(h > self.max, "over_max", "ok"))

    def contains(self, households: npt.ArrayLike) -> np.ndarray:
        """True where a household count lies inside the band (both ends included)."""
        h = np.asarray(households)
        return (h >= self.min) & (h <= self.max)

    def share_inside(self, households: npt.ArrayLike) -> float:
        """Share of the counts inside the band (NaN for no counts)."""
        h = np.asarray(households)
        return float(self.contains(h).mean()) if len(h) else float("nan")

    def describe(self) -> str:
        """The band as a planner writes it, e.g. ``300–500``."""
        return f"{self.min}–{self.max}"
