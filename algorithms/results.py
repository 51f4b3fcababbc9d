"""What a run hands back: problem rows and the layers of a plan or an evaluation.

The planner (:class:`~gridplanner.algorithms.planner.PlanResult`) and the evaluator
(:class:`~gridplanner.algorithms.evaluate.EvaluationResult`) both return a
:class:`PlanLayers`, written the same way and read the same way by the report, the export
and the dock.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._typing import CRSLike
from .io import write_result

#: Columns of the ``problems`` layer (plus its geometry), in order.
PROBLEM_COLUMNS = ["layer", "feature_id", "kind", "severity", "message"]


@dataclass
class Problem:
    """One row of the ``problems`` layer: which layer and feature, what, how serious, why."""

    layer: str
    feature_id: object
    kind: str
    message: str
    severity: str = "warning"
    geometry: object = None

    def as_row(self) -> dict:
        """The row as the ``problems`` layer stores it (feature ids as text)."""
        return {"layer": self.layer, "feature_id": None if self.feature_id is None else str(self.feature_id),
                "kind": self.kind, "severity": self.severity, "message": self.message,
                "geometry": self.geometry}


def problems_frame(problems: list[Problem], crs: CRSLike | None) -> gpd.GeoDataFrame:
    """The ``problems`` layer of ``problems`` (an empty layer with its columns when none)."""
    return gpd.GeoDataFrame([p.as_row() for p in problems] or None, columns=PROBLEM_COLUMNS + ["geometry"],
                            geometry="geometry", crs=crs)


def problem_points(problems: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The ``problems`` layer as a plan file stores it: one point inside each problem's shape
    (a point layer, which every GIS draws, instead of a mix of points, lines and polygons);
    the shape itself is the grid or feature the row names."""
    out = problems.copy()
    geoms = out.geometry.to_numpy()
    has = np.array([g is not None and not shapely.is_empty(g) for g in geoms], dtype=bool)
    points = np.full(len(geoms), None, dtype=object)
    if has.any():
        points[has] = shapely.point_on_surface(shapely.make_valid(geoms[has]))
    out = out.set_geometry(gpd.GeoSeries(points, index=out.index, crs=problems.crs))
    out.attrs["geometry_type"] = "Point"
    return out


@dataclass
class PlanLayers:
    """The layers of a plan or an evaluation, its summary figures and the run's metadata."""

    grids: gpd.GeoDataFrame
    buildings: gpd.GeoDataFrame
    problems: gpd.GeoDataFrame
    summary: dict
    metadata: dict
    compound_splits: pd.DataFrame
    crs: object

    def write(self, path: str | os.PathLike, overwrite: bool = False) -> Path:
        """Write ``grids``, ``buildings``, ``problems`` and the metadata (with the summary) to a
        GeoPackage, atomically; an existing file is only replaced with ``overwrite``."""
        return write_result(path, self, overwrite)
