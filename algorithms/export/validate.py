"""Checks a plan must pass before it is published to a governance system.

Every figure comes from :mod:`gridplanner.algorithms.metrics` (band status, part count,
tiling gap/overlap); this module only decides which results block an export.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .. import metrics
from ..band import Band
from .codes import CodeLayout, validate_codes

#: Gap, overlap or overhang (m²) per community above which the tiling is refused; smaller
#: figures are floating-point seams between polygons that share an edge.
TILING_TOLERANCE_M2 = 1.0


@dataclass(frozen=True)
class PlanIssue:
    """One reason not to publish a plan."""

    check: str          # band, contiguity, tiling, buildings, codes
    grid_code: str | None
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.message}"


def _filled(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygon(s) without their holes: the area a community's grids must tile."""
    parts = shapely.get_parts(geom)
    rings = [shapely.polygons(shapely.get_exterior_ring(p)) for p in parts if p.geom_type == "Polygon"]
    return shapely.union_all(rings) if rings else geom


def validate_plan(grids: gpd.GeoDataFrame, band: Band, layout: CodeLayout = CodeLayout(),
                  buildings: pd.DataFrame | None = None, communities: gpd.GeoDataFrame | None = None,
                  tolerance_m2: float = TILING_TOLERANCE_M2) -> list[PlanIssue]:
    """Everything that makes a plan unfit to register; empty when it may be published.

    * band: basic (and locked) grids must hold ``band.min``–``band.max`` households
      (dedicated grids and grids with ``band_forced`` = 1 are exempt);
    * contiguity: every grid is one polygon;
    * tiling: per community, the grids leave no gap and do not overlap (more than
      ``tolerance_m2``). The area to tile is the community polygon when ``communities``
      (a GeoDataFrame with ``code`` and geometry in the grids' CRS) is given, otherwise the
      union of the community's grids with its holes filled, which finds inner gaps only;
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
            word = "below the minimum" if st == "under_min" else "above the maximum"
            issues.append(PlanIssue("band", code, f"grid {code} has {int(h)} households, {word} of the band "
                                                  f"{band.describe()}"))

    parts = metrics.part_count(geoms)
    for code, n in zip(codes, parts):
        if n > 1:
            issues.append(PlanIssue("contiguity", code, f"grid {code} is made of {n} separate parts"))

    community_of = grids["community_code"].astype(str).to_numpy()
    shapes = {}
    if communities is not None and len(communities):
        for code, geom in zip(communities["code"].astype(str), communities.geometry):
            shapes[code] = geom
    for community in sorted(set(community_of)):
        sel = geoms[community_of == community]
        area = shapes.get(community)
        if area is None:
            area = _filled(shapely.union_all(sel, grid_size=0.01))
        tiling = metrics.tiling_errors(sel, area)
        for key, word in (("gap_m2", "leave a gap of"), ("overlap_m2", "overlap by"),
                          ("outside_m2", "reach outside the community by")):
            if tiling[key] > tolerance_m2:
                issues.append(PlanIssue("tiling", None, f"the grids of community {community} {word} "
                                                        f"{tiling[key]:.1f} m²"))

    if buildings is not None and "grid_code" in buildings:
        placed = buildings["grid_code"]
        missing = int(placed.isna().sum())
        if missing:
            issues.append(PlanIssue("buildings", None, f"{missing} building(s) lie in no grid"))
        unknown = sorted(set(placed.dropna().astype(str)) - set(codes))
        if unknown:
            issues.append(PlanIssue("buildings", None, f"buildings refer to {len(unknown)} grid code(s) that are "
                                                       f"not in the plan, e.g. {unknown[0]}"))

    for issue in validate_codes(codes, community_of, kinds, layout):
        issues.append(PlanIssue("codes", issue.grid_code, issue.message))
    return issues
