"""Conversion between QGIS feature sources/sinks and GeoDataFrames.

The planning engine works on GeoDataFrames; QGIS hands the Processing algorithms
feature sources (already restricted to the selected features when the user ticks
"Selected features only") and feature sinks. The conversions here mirror what the
CLI gets when it reads the same layer with pyogrio (integers with NULLs become
floats with NaN, text NULLs become ``None``, dates become datetimes), so that the
plugin and the CLI give the same results.

This module imports geopandas: import it only once the dependency check passed.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessingFeatureSource,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QByteArray, QDate, QDateTime, QTime, QVariant

ProgressFn = Callable[[float], None]

_INT_TYPES = {QVariant.Int, QVariant.UInt, QVariant.LongLong, QVariant.ULongLong}
_FLOAT_TYPES = {QVariant.Double}


# --------------------------------------------------------------------------- CRS
def crs_to_pyproj(crs: QgsCoordinateReferenceSystem) -> pyproj.CRS | None:
    """QGIS CRS -> pyproj CRS (by authority id when there is one, else by WKT)."""
    if crs is None or not crs.isValid():
        return None
    authid = crs.authid()
    if authid:
        try:
            return pyproj.CRS.from_user_input(authid)
        except pyproj.exceptions.CRSError:
            pass
    wkt = crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)
    if not wkt:
        return None
    try:
        return pyproj.CRS.from_wkt(wkt)
    except pyproj.exceptions.CRSError:
        return None


def crs_to_qgis(crs) -> QgsCoordinateReferenceSystem:
    """pyproj CRS (or anything pyproj accepts) -> QGIS CRS; invalid CRS for ``None``."""
    if crs is None:
        return QgsCoordinateReferenceSystem()
    crs = pyproj.CRS.from_user_input(crs)
    authority = crs.to_authority(min_confidence=90)
    if authority:
        qcrs = QgsCoordinateReferenceSystem(f"{authority[0]}:{authority[1]}")
        if qcrs.isValid():
            return qcrs
    return QgsCoordinateReferenceSystem.fromWkt(crs.to_wkt())


# ------------------------------------------------------------------- QGIS -> gdf
def _python_value(value):
    """A QGIS attribute value as a plain Python value (QVariant NULL -> None)."""
    if value is None:
        return None
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    if isinstance(value, QDateTime):
        return value.toPyDateTime() if value.isValid() else None
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    if isinstance(value, QTime):
        return value.toPyTime() if value.isValid() else None
    if isinstance(value, QByteArray):
        return bytes(value)
    return value


def _column(values: list, field: QgsField) -> pd.Series:
    kind = field.type()
    has_null = any(v is None for v in values)
    if kind in _INT_TYPES:
        if has_null:
            return pd.Series([np.nan if v is None else v for v in values], dtype="float64")
        return pd.Series(values, dtype="int64")
    if kind in _FLOAT_TYPES:
        return pd.Series([np.nan if v is None else v for v in values], dtype="float64")
    if kind == QVariant.Bool and not has_null:
        return pd.Series(values, dtype="bool")
    if kind in (QVariant.Date, QVariant.DateTime):
        return pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce")
    return pd.Series(values, dtype="object")


def _to_wkb(geometry: QgsGeometry) -> bytes | None:
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return None
    wkb_type = geometry.wkbType()
    if QgsWkbTypes.isCurvedType(wkb_type):
        geometry = QgsGeometry(geometry.constGet().segmentize())
    if QgsWkbTypes.hasZ(wkb_type) or QgsWkbTypes.hasM(wkb_type):
        geometry = QgsGeometry(geometry.constGet().clone())
        geometry.get().dropZValue()
        geometry.get().dropMValue()
    return bytes(geometry.asWkb())


def source_to_gdf(
    source,
    is_cancelled: Callable[[], bool] | None = None,
    progress: ProgressFn | None = None,
) -> tuple[gpd.GeoDataFrame, list[int]]:
    """Read a feature source into a GeoDataFrame.

    Parameters
    ----------
    source
        A ``QgsFeatureSource`` (in Processing: what ``parameterAsSource`` returns, which
        already honours "Selected features only") or a vector layer.
    is_cancelled
        Polled while reading; when it returns True, reading stops early.
    progress
        Called with the fraction read (0..1).

    Returns
    -------
    (GeoDataFrame, fids)
        Rows in feature id order, indexed by QGIS feature id (as the CLI reads files
        with ``fid_as_index``, so that problem rows name the same features), every
        field as a column, ``geometry`` in the source CRS. ``fids`` lists the same ids.
        Invalid geometries are passed through untouched: the engine repairs them and
        reports them as problems.
    """
    fields = source.fields()
    names = list(fields.names())
    request = QgsFeatureRequest()
    if isinstance(source, QgsProcessingFeatureSource):
        # The engine repairs and reports invalid geometries itself; Processing's own
        # filter would otherwise drop them silently or abort the run.
        features = source.getFeatures(request, QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks)
    else:
        request.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
        features = source.getFeatures(request)

    total = max(int(source.featureCount()), 1)
    fids: list[int] = []
    wkbs: list[bytes | None] = []
    columns: list[list] = [[] for _ in names]
    for i, feature in enumerate(features):
        if is_cancelled is not None and i % 1000 == 0 and is_cancelled():
            break
        fids.append(int(feature.id()))
        wkbs.append(_to_wkb(feature.geometry()) if feature.hasGeometry() else None)
        for column, value in zip(columns, feature.attributes()):
            column.append(_python_value(value))
        if progress is not None and i % 1000 == 0:
            progress(min(i / total, 1.0))
    if progress is not None:
        progress(1.0)

    index = pd.Index(fids, dtype="int64")
    data = {name: _column(values, fields.field(name)).set_axis(index) for name, values in zip(names, columns)}
    frame = pd.DataFrame(data, index=index)
    geometry = shapely.from_wkb(np.array(wkbs, dtype=object)) if wkbs else np.array([], dtype=object)
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, index=frame.index),
                           crs=crs_to_pyproj(source.sourceCrs()))
    if not gdf.index.is_monotonic_increasing:
        # Selected features come in selection order: sort by id, as a file is read, so
        # that the same features always give the same plan.
        gdf = gdf.sort_index(kind="stable")
    return gdf, [int(i) for i in gdf.index]


# ------------------------------------------------------------------- gdf -> QGIS
def _field_for_series(name: str, series: pd.Series) -> QgsField:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return QgsField(name, QVariant.Bool)
    if pd.api.types.is_integer_dtype(dtype):
        return QgsField(name, QVariant.LongLong)
    if pd.api.types.is_float_dtype(dtype):
        return QgsField(name, QVariant.Double)
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return QgsField(name, QVariant.DateTime)
    values = [v for v in series if not _is_missing(v)]
    if values and all(isinstance(v, (bool, np.bool_)) for v in values):
        return QgsField(name, QVariant.Bool)
    if values and all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) for v in values):
        return QgsField(name, QVariant.LongLong)
    if values and all(isinstance(v, (int, float, np.integer, np.floating)) for v in values):
        return QgsField(name, QVariant.Double)
    return QgsField(name, QVariant.String)


def fields_from_gdf(gdf: gpd.GeoDataFrame, columns: Iterable[str] | None = None) -> QgsFields:
    """QGIS fields for the (non-geometry) columns of ``gdf``, types from the dtypes."""
    geometry_name = getattr(gdf, "_geometry_column_name", None)
    fields = QgsFields()
    for name in columns if columns is not None else gdf.columns:
        if name == geometry_name:
            continue
        fields.append(_field_for_series(str(name), gdf[name]))
    return fields


def _is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    return False


def qgis_value(value, field: QgsField):
    """A pandas/numpy value as something QGIS stores in ``field`` (None -> NULL)."""
    if _is_missing(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    kind = field.type()
    if kind in _INT_TYPES:
        if isinstance(value, float):
            return int(value) if value.is_integer() else value
        return int(value) if isinstance(value, (int, bool)) else value
    if kind == QVariant.Double and isinstance(value, (int, float)):
        return float(value)
    if kind == QVariant.String and not isinstance(value, str):
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    if kind == QVariant.DateTime and isinstance(value, _dt.datetime):
        return QDateTime(value)
    if kind == QVariant.Date and isinstance(value, _dt.datetime):
        return QDate(value.date())
    if kind == QVariant.Date and isinstance(value, _dt.date):
        return QDate(value)
    return value


def sink_wkb_type(gdf: gpd.GeoDataFrame, default=QgsWkbTypes.MultiPolygon):
    """The geometry type a sink needs to hold every geometry of ``gdf``.

    Polygons and multipolygons -> MultiPolygon (likewise for lines); points stay
    points unless some are multipoints; no geometry at all -> ``default``.
    """
    geoms = gdf.geometry
    kinds = set(geoms[~(geoms.isna() | geoms.is_empty)].geom_type.unique())
    if not kinds:
        return default
    if kinds <= {"Point"}:
        return QgsWkbTypes.Point
    if kinds <= {"Point", "MultiPoint"}:
        return QgsWkbTypes.MultiPoint
    if kinds <= {"LineString", "MultiLineString"}:
        return QgsWkbTypes.MultiLineString
    if kinds <= {"Polygon", "MultiPolygon"}:
        return QgsWkbTypes.MultiPolygon
    return QgsWkbTypes.Unknown


def to_qgs_geometry(geom, wkb_type=None) -> QgsGeometry:
    """shapely geometry -> QgsGeometry (promoted to multi when ``wkb_type`` is multi)."""
    if geom is None or geom.is_empty:
        return QgsGeometry()
    qgeom = QgsGeometry()
    qgeom.fromWkb(QByteArray(shapely.to_wkb(geom)))
    if wkb_type is not None and QgsWkbTypes.isMultiType(wkb_type) and not qgeom.isMultipart():
        qgeom.convertToMultiType()
    return qgeom


def write_gdf(
    gdf: gpd.GeoDataFrame | pd.DataFrame,
    sink: QgsFeatureSink,
    fields: QgsFields,
    wkb_type=None,
    geometry: Iterable | None = None,
    progress: ProgressFn | None = None,
) -> int:
    """Write the rows of ``gdf`` into ``sink``; returns the number written.

    Attributes are taken by field name (a field absent from ``gdf`` is written as
    NULL). Geometries come from ``geometry`` when given (one per row, may be None),
    else from the GeoDataFrame's geometry column. Raises ``RuntimeError`` with the
    sink's error when a feature cannot be written.
    """
    names = list(fields.names())
    present = [name in gdf.columns for name in names]
    field_list = [fields.field(name) for name in names]
    if geometry is None:
        geometry = gdf.geometry if isinstance(gdf, gpd.GeoDataFrame) else [None] * len(gdf)
    columns = [gdf[name].tolist() if ok else None for name, ok in zip(names, present)]
    total = max(len(gdf), 1)
    written = 0
    for i, geom in enumerate(geometry):
        feature = QgsFeature(fields)
        feature.setAttributes(
            [qgis_value(col[i], fld) if col is not None else None for col, fld in zip(columns, field_list)]
        )
        if geom is not None:
            feature.setGeometry(to_qgs_geometry(geom, wkb_type))
        if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
            error = sink.lastError() if hasattr(sink, "lastError") else ""
            raise RuntimeError(error or f"could not write feature {i}")
        written += 1
        if progress is not None and i % 1000 == 0:
            progress(i / total)
    if progress is not None:
        progress(1.0)
    return written
