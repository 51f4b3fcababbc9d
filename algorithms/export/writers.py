"""File writers of the export: GeoPackage, Shapefile, GeoJSON, KML and CSV.

Every writer writes to a temporary file next to the target and renames it into place when
complete (a Shapefile: all its files in one step), so a failure never leaves half a file or a
mix of old and new parts; an existing target is refused unless ``overwrite``.
Geometries arrive already in the target CRS.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from .._typing import CRSLike, Geometries
from ..errors import GridPlannerError, InputError, OutputExistsError
from ..i18n import remedy, tr
from ..io import OutputSet, atomic_output

#: Encodings offered for Shapefile and CSV (the names GDAL writes into the .cpg).
ENCODINGS = {"utf-8": "UTF-8", "utf8": "UTF-8", "gbk": "GBK", "gb18030": "GB18030"}
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def normalise_encoding(encoding: str) -> str:
    """``UTF-8``, ``GBK`` or ``GB18030`` from any spelling; InputError otherwise."""
    key = str(encoding).strip().lower().replace("_", "-")
    if key not in ENCODINGS:
        raise InputError(tr("encoding must be utf-8, gbk or gb18030, got {encoding!r}", encoding=encoding))
    return ENCODINGS[key]


def check_encodable(table: pd.DataFrame, encoding: str, codes: Iterable[object]) -> None:
    """Raise InputError naming the field and grid when a text value cannot be written in ``encoding``."""
    for column in table.columns:
        if table[column].dtype != object:
            continue
        for code, value in zip(codes, table[column]):
            if isinstance(value, str):
                try:
                    value.encode(encoding)
                except UnicodeEncodeError as exc:
                    raise InputError(tr("{value!r} contains {characters!r}, which {encoding} cannot encode; use "
                                        "UTF-8", value=value, characters=value[exc.start:exc.end], encoding=encoding),
                                     layer="grids", field=column, feature_id=code) from exc


def _frame(table: pd.DataFrame, geoms: Geometries, crs: CRSLike | None) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(table.reset_index(drop=True), geometry=list(geoms), crs=crs)


def write_gpkg(table: pd.DataFrame, geoms: Geometries, crs: CRSLike | None, path: str | os.PathLike, *,
               layer: str = "grids", description: str = "", overwrite: bool = False) -> Path:
    """One layer in a new GeoPackage."""
    with atomic_output(path, ".gpkg", overwrite) as (tmp, final):
        pyogrio.write_dataframe(_frame(table, geoms, crs), tmp, layer=layer, driver="GPKG",
                                promote_to_multi=True, layer_options={"DESCRIPTION": description})
    return final


def write_shapefile(table: pd.DataFrame, geoms: Geometries, crs: CRSLike | None, path: str | os.PathLike, *,
                    encoding: str = "UTF-8", overwrite: bool = False) -> Path:
    """A Shapefile with its ``.cpg`` naming ``encoding`` (UTF-8 or GBK).

    Its files are written to a temporary folder next to the target and published together
    (:class:`~gridplanner.algorithms.io.OutputSet`): an existing Shapefile is replaced as a
    whole (a part the new one lacks is removed) or not at all.
    """
    path = Path(path)
    if path.suffix.lower() != ".shp":
        raise InputError(tr("a Shapefile target must end in .shp, got {name}", name=path.name))
    parts = [path.with_suffix(s) for s in SHAPEFILE_PARTS]
    existing = [p for p in parts if p.exists()]
    if existing and not overwrite:
        raise OutputExistsError(tr("{path} exists; choose another output or {remedy}", path=existing[0],
                                   remedy=remedy("overwrite")))
    with OutputSet(overwrite=True) as out:   # the parts were checked just above
        out.reserve(path)
        tmpdir = out.temp_dir(path)
        with out.writing():
            tmp = tmpdir / path.name
            pyogrio.write_dataframe(_frame(table, geoms, crs), tmp, driver="ESRI Shapefile", encoding=encoding,
                                    promote_to_multi=True)
        written = {p.suffix.lower(): p for p in tmpdir.iterdir()}
        if ".cpg" not in written:
            raise GridPlannerError(f"GDAL wrote no .cpg for encoding {encoding}")
        for suffix in SHAPEFILE_PARTS:
            target = path.with_suffix(suffix)
            if suffix in written:
                out.stage(written[suffix], target)
            elif target.exists():      # stale part of the replaced Shapefile
                out.stage(None, target)
    return path


def _json_value(value: object) -> object:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value


def _rounded(geoms: Geometries, digits: int) -> np.ndarray:
    return shapely.transform(np.asarray(geoms, dtype=object), lambda xy: np.round(xy, digits))


def write_geojson(table: pd.DataFrame, geoms: Geometries, path: str | os.PathLike, *,
                  coordinate_system: str = "WGS 84", name: str = "grids", overwrite: bool = False) -> Path:
    """RFC 7946 GeoJSON: longitude/latitude, exterior rings counter-clockwise, 7 decimals (≈ 1 cm).

    RFC 7946 coordinates are WGS 84. When they are GCJ-02 or BD-09 instead, the collection
    says so in its ``coordinate_system`` member and its ``name``, so no one mistakes them.
    """
    geoms = shapely.orient_polygons(_rounded(geoms, 7), exterior_cw=False)
    features = []
    records = table.reset_index(drop=True).to_dict(orient="records")
    for i, (row, geom) in enumerate(zip(records, geoms), start=1):
        features.append({"type": "Feature", "id": i,
                         "properties": {k: _json_value(v) for k, v in row.items()},
                         "geometry": shapely.geometry.mapping(geom) if geom is not None else None})
    bbox = list(np.round(shapely.total_bounds(geoms), 7)) if len(geoms) else None
    doc: dict[str, object] = {"type": "FeatureCollection", "name": name, "coordinate_system": coordinate_system}
    if bbox is not None and all(math.isfinite(b) for b in bbox):
        doc["bbox"] = bbox
    doc["features"] = features
    with atomic_output(path, ".geojson", overwrite) as (tmp, final):
        with open(tmp, "w", encoding="utf-8") as out:
            json.dump(doc, out, ensure_ascii=False)
            out.write("\n")
    return final


def write_kml(table: pd.DataFrame, geoms: Geometries, path: str | os.PathLike, *, name_field: str | None = None,
              layer: str = "grids", overwrite: bool = False) -> Path:
    """KML (longitude/latitude on WGS 84, as KML requires; UTF-8); the placemark name is ``name_field``."""
    options = {"NameField": name_field} if name_field else {}
    with atomic_output(path, ".kml", overwrite) as (tmp, final):
        pyogrio.write_dataframe(_frame(table, geoms, "EPSG:4326"), tmp, layer=layer, driver="KML",
                                dataset_options=options)
    return final


def write_csv(table: pd.DataFrame, geoms: Geometries, path: str | os.PathLike, *, encoding: str = "UTF-8",
              digits: int = 3, overwrite: bool = False) -> Path:
    """CSV with a ``WKT`` geometry column last. UTF-8 gets a byte-order mark so that
    spreadsheet programs detect it; GBK is written as is."""
    out = table.reset_index(drop=True).copy()
    if "WKT" in out.columns:
        raise InputError(tr("the profile already has a field WKT, which the CSV needs for the geometry"),
                         field="WKT")
    out["WKT"] = shapely.to_wkt(np.asarray(geoms, dtype=object), rounding_precision=digits, trim=True)
    enc = "utf-8-sig" if encoding == "UTF-8" else encoding.lower()
    with atomic_output(path, ".csv", overwrite) as (tmp, final):
        out.to_csv(tmp, index=False, encoding=enc, lineterminator="\r\n")
    return final
