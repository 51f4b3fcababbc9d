"""People lists read for staffing and micro-grids: rosters and party-member lists.

A list is a ``.csv`` (UTF-8, UTF-8 with BOM or GBK), an ``.xlsx`` workbook (first sheet, via
openpyxl) or any GIS layer (``path|layername=…``; point geometry gives the home location).
Each person's home is a building id of the plan (``home_building``) or coordinates
(``x``, ``y`` in the plan's CRS), or the layer's point. Every error names the list and its row
(the row number as a spreadsheet shows it: the header is row 1).

Also the plan a staffing or micro-grid run starts from (:func:`read_plan_layers`).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from .errors import InputError
from .i18n import tr
from .io import METADATA_TABLE, parse_layer_spec, read_failure, read_layer, read_metadata
from .params import PlanParameters

TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")


@dataclass
class PlanLayers:
    """The layers of a plan GeoPackage that staffing and micro-grids read."""

    grids: gpd.GeoDataFrame
    buildings: gpd.GeoDataFrame
    problems: gpd.GeoDataFrame | None
    metadata: dict
    params: PlanParameters

    @property
    def building_id_field(self) -> str | None:
        """The plan's building id column, when the buildings layer has one."""
        field = self.params.building_id_field
        return field if field and field in self.buildings else None


def read_plan_layers(path: str | os.PathLike) -> PlanLayers:
    """A plan written by ``gridplanner plan``: grids, buildings (with ``grid_code``), problems
    and its parameters (from the metadata; defaults when absent)."""
    path = str(path)
    if not Path(path).is_file():
        raise InputError(tr("file not found: {path}", path=path), layer="plan")
    try:
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception as exc:  # noqa: BLE001 - pyogrio raises several types for unreadable data
        raise InputError(read_failure(path, exc), layer="plan") from exc
    missing = [n for n in ("grids", "buildings") if n not in names]
    if missing:
        raise InputError(tr("{path} has no {layers} layer; give a plan written by 'gridplanner plan' "
                            "(layers found: {found})", path=path, layers=", ".join(missing),
                            found=", ".join(names)), layer="plan")
    grids = read_layer(f"{path}|layername=grids", "grids")
    buildings = read_layer(f"{path}|layername=buildings", "buildings")
    problems = read_layer(f"{path}|layername=problems", "problems") if "problems" in names else None
    metadata = read_metadata(path) if METADATA_TABLE in names else {}
    return plan_layers(grids, buildings, metadata, problems)


def plan_layers(grids: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame, metadata: dict,
                problems: gpd.GeoDataFrame | None = None) -> PlanLayers:
    """A plan's layers (read by any front end: a file here, QGIS's own provider in the plugin)
    checked for the fields staffing and micro-grids need (refused when it has no grids), with its
    parameters from the metadata."""
    for frame, layer, fields in ((grids, "grids", ("grid_code", "community_code", "households", "grid_kind")),
                                 (buildings, "buildings", ("grid_code",))):
        for name in fields:
            if name not in frame:
                raise InputError(tr("no field {field}; give a plan written by 'gridplanner plan'", field=name),
                                 layer=layer, field=name)
    if grids.empty:
        raise InputError(tr("the plan's grids layer is empty: there are no grids to staff or divide; plan "
                            "the grids first"), layer="grids")
    stored = dict(metadata.get("parameters") or {})
    known = {f.name for f in dataclasses.fields(PlanParameters)} - {"weights"}
    try:
        params = PlanParameters.from_options(**{k: v for k, v in stored.items() if k in known})
    except (InputError, TypeError, ValueError):
        params = PlanParameters()
    # a layer read through QGIS carries its GeoPackage feature id as a column, which no output may repeat
    grids = grids.drop(columns=["fid"], errors="ignore")
    buildings = buildings.drop(columns=["fid"], errors="ignore")
    if problems is not None:
        problems = problems.drop(columns=["fid"], errors="ignore")
    grids["grid_code"] = grids["grid_code"].astype(str)
    grids["community_code"] = grids["community_code"].astype(str)
    buildings["grid_code"] = [None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
                              for v in buildings["grid_code"]]
    hh = params.households_field if params.households_field in buildings else "households"
    if hh not in buildings:
        raise InputError(tr("no field {field}; give a plan written by 'gridplanner plan'", field=hh),
                         layer="buildings", field=hh)
    households = pd.to_numeric(buildings[hh], errors="coerce").fillna(0).clip(lower=0).round()
    buildings["_households"] = households.astype(int)
    return PlanLayers(grids, buildings, problems, metadata, params)


def read_people(spec: str | os.PathLike, what: str) -> pd.DataFrame:
    """A list of people as a frame with a ``_row`` column (spreadsheet row number, or feature
    number of a GIS layer) and, for a point layer, ``_x``/``_y``; ``what`` names it in errors."""
    file, layer = parse_layer_spec(str(spec))
    suffix = Path(file).suffix.lower()
    if suffix in TABLE_SUFFIXES and layer is None:
        if not Path(file).is_file():
            raise InputError(tr("file not found: {path}", path=file), layer=what)
        try:
            if suffix == ".csv":
                frame = _read_csv(file)
            else:
                frame = pd.read_excel(file, dtype=object, engine="openpyxl")
        except InputError:
            raise
        except ImportError as exc:
            raise InputError(tr("reading .xlsx needs the Python package openpyxl; install it or save the "
                                "list as .csv"), layer=what) from exc
        except Exception as exc:  # noqa: BLE001 - pandas/openpyxl raise many types for damaged files
            raise InputError(tr("cannot read {path}: {error}", path=file, error=str(exc) or type(exc).__name__),
                             layer=what) from exc
        frame.columns = [str(c).strip() for c in frame.columns]
        frame["_row"] = np.arange(len(frame)) + 2
        return frame.reset_index(drop=True)
    layer_frame = read_layer(spec, what)
    frame = pd.DataFrame(layer_frame.drop(columns=layer_frame.geometry.name))
    geoms = layer_frame.geometry.to_numpy()
    points = shapely.get_type_id(geoms) == 0
    frame["_x"] = np.where(points, shapely.get_x(geoms), np.nan)
    frame["_y"] = np.where(points, shapely.get_y(geoms), np.nan)
    frame["_row"] = np.arange(len(frame)) + 1
    frame.attrs["crs"] = layer_frame.crs
    return frame.reset_index(drop=True)


def _read_csv(file: str) -> pd.DataFrame:
    for encoding in ("utf-8-sig", "gbk"):
        try:
            return pd.read_csv(file, dtype=str, keep_default_na=False, na_values=[""], encoding=encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(tr("{path} is neither UTF-8 nor GBK text; save it as UTF-8 CSV", path=file))


def text_column(frame: pd.DataFrame, column: str, what: str, required: bool = True) -> pd.Series:
    """``column`` as stripped text (None where empty); a missing required column is an error."""
    if column not in frame:
        if not required:
            return pd.Series([None] * len(frame), index=frame.index, dtype=object)
        columns = ", ".join(c for c in frame.columns if not c.startswith("_"))
        raise InputError(tr("no column {column} (columns: {columns}); name it with the matching option",
                            column=column, columns=columns), layer=what, field=column)
    values = frame[column].astype(object)
    out = [None if _missing(v) else _as_text(v) for v in values]
    return pd.Series(out, index=frame.index, dtype=object)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == ""


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def check_unique_ids(ids: pd.Series, rows: pd.Series, what: str, column: str) -> None:
    """Every person has an id and no id is used twice (the rows named)."""
    missing = ids.isna()
    if missing.any():
        raise InputError(tr("row {row} has no {column}", row=int(rows[missing].iloc[0]), column=column),
                         layer=what, field=column)
    duplicated = ids[ids.duplicated(keep=False)]
    if len(duplicated):
        first = duplicated.iloc[0]
        at = ", ".join(str(int(r)) for r in rows[ids == first])
        raise InputError(tr("duplicate id {id} in rows {rows}", id=first, rows=at), layer=what, field=column)


def home_points(frame: pd.DataFrame, plan: PlanLayers, what: str, building_column: str,
                x_column: str = "x", y_column: str = "y") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Home x, y (plan CRS; NaN when none given) and home building id (None when not given).

    A building id that the plan does not hold is an error naming the row; so are coordinates
    that are not numbers.
    """
    n = len(frame)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    home = text_column(frame, building_column, what, required=False).to_numpy(dtype=object)
    rows = frame["_row"].to_numpy()
    if any(h is not None for h in home):
        field = plan.building_id_field
        if field is None:
            raise InputError(tr("the plan's buildings have no id field, so {column} cannot be matched; give "
                                "x and y instead", column=building_column), layer=what, field=building_column)
        ids = plan.buildings[field].map(_as_text)
        points = plan.buildings.geometry.representative_point()
        where = dict(zip(ids, zip(points.x, points.y)))
        for i, h in enumerate(home):
            if h is None:
                continue
            if h not in where:
                raise InputError(tr("row {row}: building {building} is not in the plan's buildings "
                                    "(field {field})", row=int(rows[i]), building=h, field=field),
                                 layer=what, field=building_column)
            x[i], y[i] = where[h]
    for column, target in ((x_column, x), (y_column, y)):
        if column in frame:
            values = pd.to_numeric(frame[column].replace("", np.nan), errors="coerce").to_numpy(dtype=float)
            bad = np.isnan(values) & ~frame[column].map(_missing).to_numpy(dtype=bool)
            if bad.any():
                raise InputError(tr("row {row}: {column} is not a number", row=int(rows[bad][0]), column=column),
                                 layer=what, field=column)
            take = np.isnan(target) & ~np.isnan(values)
            target[take] = values[take]
    if "_x" in frame:
        px, py = frame["_x"].to_numpy(dtype=float), frame["_y"].to_numpy(dtype=float)
        layer_crs, plan_crs = frame.attrs.get("crs"), plan.buildings.crs
        if layer_crs is not None and plan_crs is not None and layer_crs != plan_crs:
            from pyproj import Transformer

            px, py = Transformer.from_crs(layer_crs, plan_crs, always_xy=True).transform(px, py)
        take = np.isnan(x) & ~np.isnan(px)
        x[take] = np.asarray(px)[take]
        y[take] = np.asarray(py)[take]
    return x, y, home


class Distances:
    """Distances in metres between homes and places: straight lines, or along the roads.

    Along the roads, each point joins its nearest road vertex in a straight line and the rest
    is the shortest path over the noded road lines (:func:`scipy.sparse.csgraph.dijkstra`);
    a place the roads do not connect to a home is as far as twice the straight line.
    """

    def __init__(self, roads: gpd.GeoSeries | None = None) -> None:
        self._tree = None
        if roads is None or len(roads) == 0:
            return
        from scipy.sparse import coo_matrix
        from scipy.spatial import cKDTree

        geoms = np.asarray(roads.geometry.to_numpy())
        lines = shapely.unary_union(geoms[~shapely.is_missing(geoms)])   # noded where roads cross
        segments = []
        for part in shapely.get_parts(lines):
            coords = shapely.get_coordinates(part)
            if len(coords) >= 2:
                segments.append(np.hstack([coords[:-1], coords[1:]]))
        if not segments:
            return
        seg = np.vstack(segments)
        ends = np.round(np.vstack([seg[:, :2], seg[:, 2:]]), 2)
        nodes, index = np.unique(ends, axis=0, return_inverse=True)
        index = index.reshape(-1)
        m = len(seg)
        length = np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
        self._graph = coo_matrix((np.concatenate([length, length]),
                                  (np.concatenate([index[:m], index[m:]]), np.concatenate([index[m:], index[:m]]))),
                                 shape=(len(nodes), len(nodes))).tocsr()
        self._nodes = nodes
        self._tree = cKDTree(nodes)

    @property
    def along_roads(self) -> bool:
        """Whether distances follow the roads."""
        return self._tree is not None

    def matrix(self, source_xy: np.ndarray, target_xy: np.ndarray) -> np.ndarray:
        """Distances (metres) from each source to each target (NaN sources give zeros: no home)."""
        source_xy = np.asarray(source_xy, dtype=float).reshape(-1, 2)
        target_xy = np.asarray(target_xy, dtype=float).reshape(-1, 2)
        straight = np.hypot(source_xy[:, None, 0] - target_xy[None, :, 0],
                            source_xy[:, None, 1] - target_xy[None, :, 1])
        known = ~np.isnan(source_xy).any(axis=1)
        out = np.where(known[:, None], straight, 0.0)
        if self._tree is None or not known.any() or len(target_xy) == 0:
            return out
        from scipy.sparse.csgraph import dijkstra

        s_gap, s_node = self._tree.query(source_xy[known])
        t_gap, t_node = self._tree.query(target_xy)
        unique, inverse = np.unique(s_node, return_inverse=True)
        reach = float(np.nanmax(straight[known])) * 3.0 + 1000.0        # a detour longer than this is not a way home
        paths = dijkstra(self._graph, indices=unique, limit=reach)[inverse][:, t_node]
        along = s_gap[:, None] + paths + t_gap[None, :]
        fallback = 2.0 * straight[known]
        out[known] = np.where(np.isfinite(along), along, fallback)
        return out
