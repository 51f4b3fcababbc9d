"""Checks a plan must pass before it is published to a governance system.

Every figure comes from :mod:`gridplanner.algorithms.metrics` (band status, part count,
tiling gap/overlap); this module only decides which results block an export.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from .. import metrics
from ..band import Band
from ..i18n import tr
from .codes import CodeLayout, validate_codes


@dataclass(frozen=True)
class PlanIssue:
    """One reason not to publish a plan."""

    check: str          # band, contiguity, tiling, buildings, codes
    grid_code: str | None
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.message}"


def validate_plan(grids: gpd.GeoDataFrame, band: Band, layout: CodeLayout = CodeLayout(),
                  buildings: pd.DataFrame | None = None, communities: gpd.GeoDataFrame | None = None,
                  width_tolerance_m: float = metrics.TILING_WIDTH_TOLERANCE_M,
                  boundary_tolerance_m: float = metrics.BOUNDARY_TOLERANCE_M) -> list[PlanIssue]:
    """Everything that makes a plan unfit to register; empty when it may be published.

    * band: basic (and locked) grids must hold ``band.min``–``band.max`` households
      (dedicated grids and grids with ``band_forced`` = 1 are exempt);
    * contiguity: every grid is one polygon;
    * tiling: :func:`~gridplanner.algorithms.metrics.plan_tiling_check` at full precision,
      over the whole plan: no two grids (of one community or of two) overlap wider than
      ``width_tolerance_m`` (1 mm), no gap between grids is wider, and, when
      ``communities`` (a GeoDataFrame with ``code`` and geometry in the grids' CRS) is
      given, each community's grids follow its line to within ``boundary_tolerance_m``
      (1 cm). Without communities only gaps enclosed by grids are found;
    * buildings: every building of the plan lies in a grid that exists;
    * codes: :func:`~gridplanner.algorithms.export.codes.validate_codes`.
    """
    issues: list[PlanIssue] = []
    codes = grids["grid_code"].astype(str).to_numpy()
    kinds = grids["grid_kind"].astype(str).to_numpy()
    geoms = np.asarray(grids.geometry.to_numpy(), dtype=object)

    # Dedicated grids are exempt, and so are grids the engine proved cannot reach the band
    # (``band_forced``: e.g. a community of 275 households); their reason is in the plan.
    banded = kinds != "dedicated"
    if "band_forced" in grids:
        banded &= ~grids["band_forced"].fillna(0).astype(bool).to_numpy()
    status = band.status(grids["households"].to_numpy())
    for code, h, st in zip(codes[banded], grids["households"].to_numpy()[banded], status[banded]):
        if st != "ok":
            if st == "under_min":
                message = tr("grid {code} has {households} households, below the minimum of the band {band}",
                             code=code, households=int(h), band=band.describe())
            else:
                message = tr("grid {code} has {households} households, above the maximum of the band {band}",
                             code=code, households=int(h), band=band.describe())
            issues.append(PlanIssue("band", code, message))

    parts = metrics.part_count(geoms)
    for code, n in zip(codes, parts):
        if n > 1:
            issues.append(PlanIssue("contiguity", code, tr("grid {code} is made of {n} separate parts", code=code,
                                                           n=n)))

    community_of = grids["community_code"].astype(str).to_numpy()
    tiling = metrics.plan_tiling_check(grids, communities if communities is not None and len(communities) else None,
                                       width_tolerance_m=width_tolerance_m,
                                       boundary_tolerance_m=boundary_tolerance_m)
    for message in tiling.messages():
        issues.append(PlanIssue("tiling", None, message))

    if buildings is not None and "grid_code" in buildings:
        placed = buildings["grid_code"]
        missing = int(placed.isna().sum())
        if missing:
            issues.append(PlanIssue("buildings", None, tr("{n} building(s) lie in no grid", n=missing)))
        unknown = sorted(set(placed.dropna().astype(str)) - set(codes))
        if unknown:
            issues.append(PlanIssue("buildings", None, tr(
                "buildings refer to {n} grid code(s) that are not in the plan, e.g. {code}", n=len(unknown),
                code=unknown[0])))

    for issue in validate_codes(codes, community_of, kinds, layout):
        issues.append(PlanIssue("codes", issue.grid_code, issue.message))
    return issues
