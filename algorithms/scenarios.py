"""Scenarios: named copies of a community's plan kept inside the plan's GeoPackage.

This module holds their layout and their measurement; reading and writing them is done
by whoever owns the GeoPackage (the QGIS dock uses QGIS's own GDAL, never a second copy
of SQLite on a file QGIS has open). Two layers hold them: ``scenario_grids`` (the grids of
every saved scenario, polygons, with ``scenario``, ``community_code``, ``created`` and ``final``) and
``scenario_buildings`` (no geometry: ``scenario``, ``community_code``, ``building_fid``,
``grid_code``). Comparing scenarios reads them back and measures each with
:mod:`gridplanner.algorithms.metrics` only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import metrics
from .band import Band
from .labels import compared_rows

GRIDS_LAYER = "scenario_grids"
BUILDINGS_LAYER = "scenario_buildings"

#: Rows of the comparison table: (key of :func:`metrics.plan_summary`, label); see :mod:`.labels`.
COMPARED = compared_rows()


def measure(grids: pd.DataFrame, assignment: pd.DataFrame, compound: pd.Series, households: pd.Series,
            band: Band) -> dict:
    """:func:`metrics.plan_summary` of a scenario (``compound``/``households`` indexed by building fid)."""
    fids = assignment["building_fid"].to_numpy()
    splits = metrics.compound_splits(compound.reindex(fids).to_numpy(), assignment["grid_code"].to_numpy(),
                                     households.reindex(fids).fillna(0).to_numpy(), band.max)
    frame = grids.assign(grid_kind=np.where(grids["grid_kind"] == "dedicated", "dedicated", "basic"))
    return metrics.plan_summary(frame, band, splits)


def compare(summaries: dict) -> pd.DataFrame:
    """Scenario summaries side by side: rows are the :data:`COMPARED` metrics, columns the scenarios.

    ``summaries`` maps a scenario name to its :func:`measure` (or :func:`metrics.plan_summary`).
    """
    rows = [key for key, _ in COMPARED]
    return pd.DataFrame({name: [summary.get(k) for k in rows] for name, summary in summaries.items()},
                        index=rows, dtype=object)
