"""Scenarios: named copies of a community's plan kept inside the plan's GeoPackage.

Two layers hold them: ``scenario_grids`` (the grids of every saved scenario, polygons,
with ``scenario``, ``community_code``, ``created`` and ``final``) and
``scenario_buildings`` (no geometry: ``scenario``, ``community_code``, ``building_fid``,
``grid_code``). Comparing scenarios reads them back and measures each with
:mod:`gridplanner.algorithms.metrics` only.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from . import metrics
from .errors import GridPlannerError

GRIDS_LAYER = "scenario_grids"
BUILDINGS_LAYER = "scenario_buildings"

#: Rows of the comparison table: (key of :func:`metrics.plan_summary`, label).
COMPARED = [
    ("grids", "grids"),
    ("households", "households"),
    ("in_band_share", "share of basic grids in the band"),
    ("grids_outside_band", "basic grids outside the band"),
    ("workload_cv", "workload CV"),
    ("workload_max_min_ratio", "workload max/min"),
    ("mean_compactness", "mean compactness"),
    ("noncontiguous_grids", "grids in several parts"),
    ("barrier_crossings", "barrier crossings"),
    ("avoidable_compound_splits", "avoidable compound splits"),
]


def _layers(path) -> set[str]:
    return {str(n) for n in pyogrio.list_layers(path)[:, 0]} if Path(path).exists() else set()


def scenario_names(path, community: str) -> list[str]:
    """Names of the scenarios saved for ``community``, oldest first."""
    if GRIDS_LAYER not in _layers(path):
        return []
    frame = pyogrio.read_dataframe(path, layer=GRIDS_LAYER, columns=["scenario", "community_code", "created"],
                                   read_geometry=False)
    frame = frame[frame["community_code"] == community]
    return list(dict.fromkeys(frame.sort_values("created", kind="stable")["scenario"]))


def save_scenario(path, name: str, community: str, grids: gpd.GeoDataFrame, assignment: pd.DataFrame) -> None:
    """Append a scenario of ``community`` to the GeoPackage at ``path``.

    ``grids`` has the grid columns of the plan and a geometry; ``assignment`` has
    ``building_fid`` and ``grid_code``. A name already used for the community is refused.
    """
    name = str(name).strip()
    if not name:
        raise GridPlannerError("a scenario needs a name")
    if name in scenario_names(path, community):
        raise GridPlannerError(f"community {community} already has a scenario named '{name}'")
    created = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    g = grids.copy()
    g.insert(0, "scenario", name)
    g["community_code"] = community
    g["created"] = created
    g["final"] = 0
    existing = _layers(path)
    pyogrio.write_dataframe(g, path, layer=GRIDS_LAYER, driver="GPKG", append=GRIDS_LAYER in existing,
                            promote_to_multi=True)
    a = pd.DataFrame({"scenario": name, "community_code": community,
                      "building_fid": np.asarray(assignment["building_fid"], dtype=np.int64),
                      "grid_code": assignment["grid_code"].astype(object).to_numpy()})
    pyogrio.write_dataframe(a, path, layer=BUILDINGS_LAYER, driver="GPKG", append=BUILDINGS_LAYER in existing)


def load_scenario(path, name: str, community: str) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """The grids and the building assignment of one saved scenario."""
    where = f"scenario = '{_quote(name)}' AND community_code = '{_quote(community)}'"
    grids = pyogrio.read_dataframe(path, layer=GRIDS_LAYER, where=where)
    assignment = pyogrio.read_dataframe(path, layer=BUILDINGS_LAYER, where=where, read_geometry=False)
    if not len(grids):
        raise GridPlannerError(f"no scenario '{name}' for community {community} in {path}")
    return grids, assignment


def set_final(path, name: str, community: str) -> None:
    """Mark ``name`` as the final scenario of ``community`` (and no other)."""
    with sqlite3.connect(path) as conn:
        conn.execute(f'UPDATE "{GRIDS_LAYER}" SET final = (scenario = ?) WHERE community_code = ?', (name, community))


def final_scenario(path, community: str) -> str | None:
    """The scenario marked final for ``community``, if any."""
    if GRIDS_LAYER not in _layers(path):
        return None
    frame = pyogrio.read_dataframe(path, layer=GRIDS_LAYER, columns=["scenario", "community_code", "final"],
                                   read_geometry=False)
    hit = frame[(frame["community_code"] == community) & (frame["final"] == 1)]
    return str(hit["scenario"].iloc[0]) if len(hit) else None


def measure(grids: pd.DataFrame, assignment: pd.DataFrame, compound: pd.Series, households: pd.Series,
            min_households: int, max_households: int) -> dict:
    """:func:`metrics.plan_summary` of a scenario (``compound``/``households`` indexed by building fid)."""
    fids = assignment["building_fid"].to_numpy()
    splits = metrics.compound_splits(compound.reindex(fids).to_numpy(), assignment["grid_code"].to_numpy(),
                                     households.reindex(fids).fillna(0).to_numpy(), max_households)
    frame = grids.assign(grid_kind=np.where(grids["grid_kind"] == "dedicated", "dedicated", "basic"))
    return metrics.plan_summary(frame, min_households, max_households, splits)


def compare(path, community: str, compound: pd.Series, households: pd.Series, min_households: int,
            max_households: int, current: dict | None = None) -> pd.DataFrame:
    """Metrics of every scenario of ``community`` side by side (rows: metrics, columns: scenarios).

    ``current`` (a :func:`metrics.plan_summary` dict) adds a first column for the plan
    being edited.
    """
    columns = {}
    if current is not None:
        columns["(current)"] = current
    for name in scenario_names(path, community):
        grids, assignment = load_scenario(path, name, community)
        columns[name] = measure(grids, assignment, compound, households, min_households, max_households)
    rows = [key for key, _ in COMPARED]
    return pd.DataFrame({name: [summary.get(k) for k in rows] for name, summary in columns.items()}, index=rows)


def _quote(text: str) -> str:
    return str(text).replace("'", "''")
