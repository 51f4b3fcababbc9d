"""Scenario layers in the plan GeoPackage, read and written through QGIS's own GDAL.

The layout is :mod:`gridplanner.algorithms.scenarios`'s. Everything goes through QGIS
(never pyogrio or a second SQLite on a GeoPackage QGIS has open: two SQLite copies in one
process break each other's file locks and give "disk I/O error").
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json

import geopandas as gpd
import pandas as pd
from qgis.core import (
    QgsCoordinateTransformContext,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ...algorithms.errors import GridPlannerError
from ...algorithms.io import METADATA_TABLE
from ...algorithms.params import PlanParameters
from ...algorithms.scenarios import BUILDINGS_LAYER, GRIDS_LAYER
from .. import convert
from ..i18n import tr


def _open(path: str, name: str) -> QgsVectorLayer | None:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    return layer if layer.isValid() else None


def _quote(text: str) -> str:
    return str(text).replace("'", "''")


def _append(path: str, name: str, frame: pd.DataFrame, fields: QgsFields, wkb_type, crs) -> None:
    try:
        _write(path, name, frame, fields, wkb_type, crs)
    except RuntimeError as err:     # the provider's or writer's own words, in a sentence the user reads
        raise GridPlannerError(tr("Could not write the layer {name} in {path}: {error}").format(
            name=name, path=path, error=err)) from err


def _write(path: str, name: str, frame: pd.DataFrame, fields: QgsFields, wkb_type, crs) -> None:
    layer = _open(path, name)
    if layer is None:
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = name
        options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
        writer = QgsVectorFileWriter.create(path, fields, wkb_type, crs, QgsCoordinateTransformContext(), options)
        if writer.hasError():
            raise GridPlannerError(tr("Could not create the layer {name} in {path}: {error}").format(
                name=name, path=path, error=writer.errorMessage()))
        convert.write_gdf(frame, writer, fields, wkb_type,
                          geometry=None if isinstance(frame, gpd.GeoDataFrame) else [None] * len(frame))
        del writer
        return
    convert.write_gdf(frame, layer.dataProvider(), layer.fields(), wkb_type,
                      geometry=None if isinstance(frame, gpd.GeoDataFrame) else [None] * len(frame))


def names(path: str, community: str) -> list[str]:
    """Scenarios saved for ``community``, oldest first."""
    layer = _open(path, GRIDS_LAYER)
    if layer is None:
        return []
    request = QgsFeatureRequest().setFilterExpression(f"\"community_code\" = '{_quote(community)}'")
    request.setFlags(QgsFeatureRequest.NoGeometry)
    rows = sorted((f["created"], f.id(), f["scenario"]) for f in layer.getFeatures(request))
    return list(dict.fromkeys(r[2] for r in rows))


def save(path: str, name: str, community: str, grids: gpd.GeoDataFrame, assignment: pd.DataFrame, crs) -> None:
    """Append scenario ``name`` of ``community`` (grids with geometry, building assignment)."""
    name = str(name or "").strip()
    if not name:
        raise GridPlannerError(tr("Give the scenario a name."))
    if name in names(path, community):
        raise GridPlannerError(tr("Community {code} already has a scenario named “{name}”.").format(
            code=community, name=name))
    created = _dt.datetime.now(_dt.timezone.utc).isoformat()
    g = grids.copy()
    g.insert(0, "scenario", name)
    g["community_code"] = community
    g["created"] = created
    g["final"] = 0
    g["locked"] = g["locked"].astype(int)
    fields = convert.fields_from_gdf(g)
    _append(path, GRIDS_LAYER, g, fields, QgsWkbTypes.MultiPolygon, crs)
    a = pd.DataFrame({"scenario": name, "community_code": community,
                      "building_fid": assignment["building_fid"].astype("int64").to_numpy(),
                      "grid_code": assignment["grid_code"].astype(str).to_numpy()})
    afields = QgsFields()
    for field_name, kind in (("scenario", QVariant.String), ("community_code", QVariant.String),
                             ("building_fid", QVariant.LongLong), ("grid_code", QVariant.String)):
        afields.append(QgsField(field_name, kind))
    _append(path, BUILDINGS_LAYER, a, afields, QgsWkbTypes.NoGeometry, crs)


def load(path: str, name: str, community: str) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Grids and building assignment of one scenario."""
    where = f"\"scenario\" = '{_quote(name)}' AND \"community_code\" = '{_quote(community)}'"
    frames = []
    for layer_name in (GRIDS_LAYER, BUILDINGS_LAYER):
        layer = _open(path, layer_name)
        if layer is None:
            raise GridPlannerError(tr("No scenario “{name}” in {path}.").format(name=name, path=path))
        layer.setSubsetString(where)
        frames.append(convert.source_to_gdf(layer)[0])
    grids, assignment = frames
    if not len(grids):
        raise GridPlannerError(tr("No scenario “{name}” for community {code}.").format(name=name, code=community))
    return grids, pd.DataFrame(assignment.drop(columns=assignment.geometry.name))


def set_final(path: str, name: str, community: str) -> None:
    """Mark scenario ``name`` final for ``community`` (and no other scenario of it)."""
    layer = _open(path, GRIDS_LAYER)
    if layer is None:
        return
    index = layer.fields().lookupField("final")
    request = QgsFeatureRequest().setFilterExpression(f"\"community_code\" = '{_quote(community)}'")
    request.setFlags(QgsFeatureRequest.NoGeometry)
    changes = {f.id(): {index: int(f["scenario"] == name)} for f in layer.getFeatures(request)}
    if changes and not layer.dataProvider().changeAttributeValues(changes):
        raise GridPlannerError(tr("Could not mark the scenario final in {path}.").format(path=path))


def final(path: str, community: str) -> str | None:
    """The scenario marked final for ``community``, if any."""
    layer = _open(path, GRIDS_LAYER)
    if layer is None:
        return None
    request = QgsFeatureRequest().setFilterExpression(
        f"\"community_code\" = '{_quote(community)}' AND \"final\" = 1")
    request.setFlags(QgsFeatureRequest.NoGeometry)
    for feature in layer.getFeatures(request):
        return str(feature["scenario"])
    return None


def read_metadata(path: str) -> dict:
    """The ``gridplanner_metadata`` table a plan was written with (``{}`` when it has none).

    The same values as :func:`gridplanner.algorithms.io.read_metadata`, read through QGIS.
    """
    layer = _open(path, METADATA_TABLE)
    if layer is None or layer.fields().lookupField("key") < 0:
        return {}
    out = {}
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    for feature in layer.getFeatures(request):
        value = convert._python_value(feature["value"])
        try:
            out[str(feature["key"])] = json.loads(value)
        except (TypeError, ValueError):
            out[str(feature["key"])] = value
    return out


#: Parameters a plan keeps from its own run when it is opened again.
PLAN_OWN = ("min_households", "max_households", "target_households", "sequence_width")


def plan_parameters(path: str, params: PlanParameters) -> PlanParameters:
    """``params`` with the band and sequence width the plan at ``path`` was made with.

    They come from the plan's metadata (its run parameters); a plan without them (made by
    another tool, or an older version) keeps those of ``params``.
    """
    stored = read_metadata(path).get("parameters")
    if not isinstance(stored, dict):
        return params
    own = {k: int(stored[k]) for k in PLAN_OWN if isinstance(stored.get(k), (int, float))}
    if not own:
        return params
    changed = dataclasses.replace(params, **own)
    changed.validate()
    return changed


def append_audit(path: str, frame: pd.DataFrame, crs) -> None:
    """Append rows (:data:`~gridplanner.algorithms.audit.AUDIT_COLUMNS`) to the plan's ``audit_log`` table."""
    from ...algorithms.audit import AUDIT_COLUMNS, AUDIT_TABLE

    if not len(frame):
        return
    fields = QgsFields()
    for name in AUDIT_COLUMNS:
        fields.append(QgsField(name, QVariant.LongLong if name in ("n_buildings", "households") else QVariant.String))
    rows = frame.reindex(columns=AUDIT_COLUMNS).reset_index(drop=True)
    _append(path, AUDIT_TABLE, rows, fields, QgsWkbTypes.NoGeometry, crs)


def read_audit(path: str) -> pd.DataFrame:
    """The plan's audit log, oldest first (an empty frame with its columns when it has none)."""
    from ...algorithms.audit import AUDIT_COLUMNS, AUDIT_TABLE

    layer = _open(path, AUDIT_TABLE)
    if layer is None:
        return pd.DataFrame(columns=AUDIT_COLUMNS)
    frame = convert.source_to_gdf(layer)[0]
    frame = pd.DataFrame(frame.drop(columns=frame.geometry.name, errors="ignore"))
    return frame.reindex(columns=AUDIT_COLUMNS).sort_index(kind="stable").reset_index(drop=True)
