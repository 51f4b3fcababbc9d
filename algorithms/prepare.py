"""Validate the input layers and bring them into one metric working CRS.

Every repair or doubtful feature becomes a row of the plan's ``problems`` layer; every
unusable input raises :class:`~gridplanner.algorithms.errors.InputError` naming the layer,
field and feature.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from . import metrics
from ._typing import CRSLike
from .errors import InputError
from .geometry import snap_coverage
from .i18n import tr, translatable
from .params import PlanParameters
from .results import Problem

#: Code given to the single community used when no communities layer is supplied.
WHOLE_AREA_CODE = "000000000000"
#: Side of the square footprint given to buildings supplied as points (metres).
POINT_FOOTPRINT_M = 6.0
#: A building outside every community but at most this far from one (boundaries and
#: footprints drawn from different sources rarely match to the metre) is planned with the
#: nearest community; one farther away belongs to none of the communities given (a whole
#: street's buildings planned against one community, a building at wrong coordinates) and
#: is reported, not placed.
OUTSIDE_COMMUNITY_M = 5.0
#: A hard line (road or river centre line) whose end touches no other hard line is joined to
#: the nearest hard line within this distance: real data draws hard roads ending short of a
#: junction, broken at bridges and tunnels, dual carriageways and slip roads that stop a few
#: metres before the road they join. On the shared Beijing extract, 26 of 31 such ends lie
#: within 20 m of another hard line (the others end at the extract's edge).
HARD_GAP_M = 20.0
HARD_TOUCH_M = 0.05   # line ends closer than this to another hard line are connected to it


@dataclass
class PreparedInputs:
    """Inputs after validation, all in ``crs`` (metric)."""

    crs: CRS
    buildings: gpd.GeoDataFrame          # the user's buildings (all fields), geometry in crs
    footprints: gpd.GeoSeries            # polygonal footprints used for planning (same index)
    households: np.ndarray               # int64 per building
    population: np.ndarray               # float per building
    workload: np.ndarray                 # households + weighted attributes, per building
    building_ids: pd.Series              # the id shown to users per building
    community_of: np.ndarray             # row index into communities per building (-1: none)
    compound: pd.Series                  # compound key per building or None
    compound_name: pd.Series
    dedicated: pd.Series                 # dedicated-site key per building or None
    locked: pd.Series                    # locked grid label per building or None
    start: pd.Series                     # previous grid label per building or None
    communities: gpd.GeoDataFrame        # columns code, name, geometry
    hard_lines: gpd.GeoSeries            # hard barriers (major roads, railways, waterways)
    soft_lines: gpd.GeoSeries            # minor roads
    water: gpd.GeoSeries                 # water areas (hard barriers, never populated)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The communities as given (repaired, in ``crs``, before their overlaps are resolved):
    #: what the plan's tiling is measured against (:func:`metrics.plan_tiling_check`).
    communities_given: gpd.GeoDataFrame | None = None
    #: Each community's territory on the plan's one precision grid, snapped once for all
    #: communities together (:func:`geometry.snap_coverage`): neighbours share exact edges.
    #: The grids tile these.
    territories: np.ndarray | None = None
    #: What each of ``hard_lines`` is, for messages ("中关村北大街 (primary)", "a railway",
    #: "a gap closed in …"); aligned with ``hard_lines``.
    hard_labels: np.ndarray | None = None


def working_crs_for(frame: gpd.GeoDataFrame) -> tuple[CRS, str | None]:
    """The metric CRS to plan in, and a note when it differs from the frame's own CRS.

    A projected CRS is kept. A geographic one is replaced by the CGCS2000 3-degree
    Gauss-Krüger zone (EPSG:4534–4554, no zone prefix) of the data's mean longitude inside
    China, or by the data's UTM zone elsewhere.
    """
    crs = frame.crs
    if crs is None:
        raise InputError(tr("the layer has no coordinate reference system; assign one (QGIS: Layer Properties › "
                            "Source; GDAL: ogr2ogr -a_srs EPSG:xxxx)"), layer="buildings")
    crs = CRS.from_user_input(crs)
    check_coordinates(frame, "buildings")
    if crs.is_projected:
        unit = crs.axis_info[0].unit_name if crs.axis_info else "metre"
        if unit not in ("metre", "meter", "m"):
            raise InputError(tr("the CRS {crs} uses {unit}; use a CRS in metres", crs=crs.to_string(), unit=unit),
                             layer="buildings")
        return crs, None
    bounds = frame.to_crs(4326).total_bounds
    lon, lat = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
    if 73.5 <= lon <= 136.5 and 3 <= lat <= 54:
        central = int(round(lon / 3.0)) * 3
        epsg = 4534 + (central - 75) // 3
        work = CRS.from_epsg(epsg)
        note = tr("the buildings are in a geographic CRS ({crs}); planning in EPSG:{epsg} ({name}), the CGCS2000 "
                  "3-degree zone of longitude {lon:.2f}", crs=crs.to_string(), epsg=epsg, name=work.name, lon=lon)
    else:
        work = frame.to_crs(4326).estimate_utm_crs()
        note = tr("the buildings are in a geographic CRS ({crs}); planning in {work} ({name})",
                  crs=crs.to_string(), work=work.to_string(), name=work.name)
    return work, note


def check_coordinates(frame: gpd.GeoDataFrame, role: str) -> None:
    """Refuse a layer whose coordinates cannot be in its CRS (metres labelled as degrees…)."""
    if frame.crs is None or len(frame) == 0:
        return
    bounds = np.asarray(frame.total_bounds, dtype=float)
    if not np.isfinite(bounds).all():
        if frame.geometry.is_empty.all() or frame.geometry.isna().all():
            return
        raise InputError(tr("some coordinates are not finite numbers (NaN or infinite); repair the geometry"),
                         layer=role)
    crs = CRS.from_user_input(frame.crs)
    minx, miny, maxx, maxy = bounds
    fix = tr("assign the layer its true CRS (QGIS: Layer Properties › Source › Assigned coordinate reference "
             "system; GDAL: ogr2ogr -a_srs EPSG:xxxx), do not reproject it")
    extent = {"role": role, "crs": crs.to_string(), "name": crs.name, "minx": minx, "maxx": maxx, "miny": miny,
              "maxy": maxy, "fix": fix}
    if crs.is_geographic and not (-180.0 <= minx and maxx <= 360.0 and -90.0 <= miny and maxy <= 90.0):
        raise InputError(tr("the coordinates of layer {role} do not fit its CRS {crs} ({name}): x runs from "
                            "{minx:,.0f} to {maxx:,.0f} and y from {miny:,.0f} to {maxy:,.0f}, which are not "
                            "longitudes and latitudes (they look like metres); {fix}", **extent), layer=role)
    if crs.is_projected:
        try:
            lonlat = gpd.GeoSeries(shapely.box(*bounds), crs=crs).to_crs(4326).total_bounds
        except Exception:  # noqa: BLE001 - PROJ errors for points it cannot transform
            lonlat = np.full(4, np.nan)
        if not np.isfinite(lonlat).all() or lonlat[1] < -90.5 or lonlat[3] > 90.5:
            raise InputError(tr("the coordinates of layer {role} do not fit its CRS {crs} ({name}): x runs from "
                                "{minx:,.0f} to {maxx:,.0f} and y from {miny:,.0f} to {maxy:,.0f}, which that CRS "
                                "cannot place on the Earth; {fix}", **extent), layer=role)


@overload
def _to_working(frame: None, crs: CRS, role: str, notes: list[str]) -> None: ...
@overload
def _to_working(frame: gpd.GeoDataFrame, crs: CRS, role: str, notes: list[str]) -> gpd.GeoDataFrame: ...
def _to_working(frame: gpd.GeoDataFrame | None, crs: CRS, role: str, notes: list[str]) -> gpd.GeoDataFrame | None:
    if frame is None:
        return None
    if frame.crs is None:
        raise InputError(tr("the layer has no coordinate reference system; assign one"), layer=role)
    check_coordinates(frame, role)
    if not CRS.from_user_input(frame.crs).equals(crs):
        notes.append(tr("{role}: reprojected from {source} to {target}", role=role,
                        source=CRS.from_user_input(frame.crs).to_string(), target=crs.to_string()))
        return frame.to_crs(crs)
    return frame


def _require_field(frame: gpd.GeoDataFrame, name: str | None, role: str, what: str) -> None:
    if name is not None and name not in frame.columns:
        geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
        available = ", ".join(c for c in frame.columns if c != geometry) or "(none)"
        raise InputError(tr("{what} field '{field}' not found; available fields: {available}", what=tr(what),
                            field=name, available=available), layer=role, field=name)


def _ids(frame: gpd.GeoDataFrame, id_field: str | None, source_fid: pd.Series) -> pd.Series:
    if id_field:
        return pd.Series(frame[id_field].tolist(), index=frame.index, dtype=object)
    return pd.Series(source_fid.tolist(), index=frame.index, dtype=object)


#: Most households one building may hold: a value above it is a data error (a misplaced
#: column, a code read as a count), refused before it can overflow a sum.
MAX_HOUSEHOLDS_PER_BUILDING = 100_000


def _first(ids: pd.Series, mask: pd.Series | np.ndarray, n: int = 5) -> str:
    """The first ``n`` ids where ``mask`` holds, and how many more there are."""
    chosen = ids[np.asarray(mask, dtype=bool)]
    text = ", ".join(map(str, chosen.head(n)))
    return tr("{ids} and {n} more", ids=text, n=len(chosen) - n) if len(chosen) > n else text


def _numeric(frame: pd.DataFrame, name: str, role: str, ids: pd.Series, problems: list[Problem], *,
             integer: bool = False, allow_null_as_zero: bool = True, maximum: float | None = None,
             notes: list[str] | None = None) -> np.ndarray:
    raw = frame[name]
    if pd.api.types.is_bool_dtype(raw) or (raw.dtype == object and raw.dropna().map(
            lambda v: isinstance(v, (bool, np.bool_))).all() and raw.notna().any()):
        message = tr("{role}: the field '{field}' holds true/false values; read as 1 and 0 — check that it is "
                     "the right field", role=role, field=name)
        problems.append(Problem(role, None, "boolean_field", message, "warning"))
        if notes is not None:
            notes.append(message)
        raw = raw.astype(object).map(lambda v: None if v is None or (not isinstance(v, (bool, np.bool_))
                                                                      and pd.isna(v)) else int(bool(v)))
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() & raw.notna()
    if bad.any():
        first = [str(i) for i in ids[bad].head(5)]
        raise InputError(tr("non-numeric values (e.g. {value}) in feature(s) {features}; the field must hold numbers",
                            value=repr(raw[bad].iloc[0]), features=", ".join(first)), layer=role, field=name)
    if values.isna().any():
        nulls = ids[values.isna()]
        if not allow_null_as_zero:
            raise InputError(tr("empty values in feature(s) {features}", features=", ".join(map(str, nulls.head(5)))),
                             layer=role, field=name)
        problems.append(Problem(role, ",".join(map(str, nulls.head(20))), "null_value",
                                tr("{n} building(s) have no value in '{field}'; counted as 0", n=len(nulls),
                                   field=name),
                                "warning"))
        values = values.fillna(0)
    infinite = ~np.isfinite(values.to_numpy(dtype=float))
    if infinite.any():
        raise InputError(tr("infinite values in feature(s) {features}; counts must be finite numbers",
                            features=_first(ids, infinite)),
                         layer=role, field=name)
    if (values < 0).any():
        neg = ids[values < 0]
        raise InputError(tr("negative values in feature(s) {features}; counts must be >= 0",
                            features=", ".join(map(str, neg.head(5)))), layer=role, field=name)
    if maximum is not None and (values > maximum).any():
        big = (values > maximum).to_numpy()
        raise InputError(tr("values above {maximum:,.0f} in feature(s) {features} (e.g. {value:,.0f}); no building "
                            "holds that many — check the field and those features", maximum=maximum,
                            features=_first(ids, big), value=values[big].iloc[0]), layer=role, field=name)
    if integer and (values % 1 != 0).any():
        frac = ids[values % 1 != 0]
        raise InputError(tr("non-integer values in feature(s) {features}; households are whole numbers",
                            features=", ".join(map(str, frac.head(5)))), layer=role, field=name)
    return values.to_numpy(dtype=float)


def _check_ids(ids: pd.Series, field_name: str, problems: list[Problem]) -> pd.Series:
    """Problems for building ids that are empty or shared (rows listed, at most ten); the ids
    with an empty one named ``row N`` (its row in the layer)."""
    empty = ids.map(lambda v: v is None or (not isinstance(v, str) and bool(pd.isna(v)))).to_numpy(dtype=bool)
    if empty.any():
        rows = np.flatnonzero(empty)
        listed = ", ".join(map(str, rows[:10]))
        if len(rows) > 10:
            listed = tr("{ids} and {n} more", ids=listed, n=len(rows) - 10)
        problems.append(Problem("buildings", None, "missing_id",
                                tr("{n} building(s) have no value in the id field '{field}' (rows {rows}); they "
                                   "are kept and named by row; fill the field to tell them apart", n=len(rows),
                                   field=field_name, rows=listed), "warning"))
    named = ids[~empty]
    dup = named[named.duplicated(keep=False)]
    rows_of = dup.index.groupby(dup.to_numpy())     # one pass: a city may share thousands of ids
    for value in pd.unique(dup):
        dup_rows = list(rows_of[value])
        listed = ", ".join(map(str, dup_rows[:10]))
        if len(dup_rows) > 10:
            listed = tr("{ids} and {n} more", ids=listed, n=len(dup_rows) - 10)
        problems.append(Problem("buildings", value, "duplicate_id",
                                tr("building id {id} is used by {n} features (rows {rows}); all are kept",
                                   id=value, n=len(dup_rows), rows=listed), "warning"))
    if empty.any():
        ids = ids.copy()
        ids[empty] = [f"row {i}" for i in np.flatnonzero(empty)]
    return ids


def _key_series(frame: pd.DataFrame, name: str | None) -> pd.Series:
    """A field as object keys, empty strings and nulls as None."""
    if not name:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    values = frame[name].tolist()

    def key(v: object) -> str | None:
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        text = str(v).strip()
        return text or None

    return pd.Series([key(v) for v in values], index=frame.index, dtype=object)


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Keep only the polygonal parts of (repaired) geometries."""
    out = geoms.copy()
    for i, g in enumerate(geoms):
        if g is None:
            continue
        kind = shapely.get_type_id(g)
        if kind in (3, 6):
            continue
        if kind == 7:
            parts = [p for p in shapely.get_parts(g) if shapely.get_type_id(p) in (3, 6)]
            out[i] = shapely.union_all(parts) if parts else None
        else:
            out[i] = None
    return out


def _repair(frame: gpd.GeoDataFrame, role: str, ids: pd.Series, problems: list[Problem]) -> np.ndarray:
    return _repair_geometries(frame.geometry.to_numpy(), role, ids, problems)


def _repair_geometries(geoms: np.ndarray, role: str, ids: pd.Series, problems: list[Problem]) -> np.ndarray:
    geoms = np.asarray(geoms, dtype=object).copy()
    invalid = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
    if invalid.any():
        reasons = shapely.is_valid_reason(geoms[invalid])
        geoms[invalid] = shapely.make_valid(geoms[invalid])
        for fid, reason, g in zip(ids[invalid], reasons, geoms[invalid]):
            problems.append(Problem(role, fid, "invalid_geometry_repaired",
                                    tr("invalid geometry ({reason}) repaired", reason=reason), "info", g))
    return geoms


@dataclass
class BuildingAttributes:
    """What planning reads from the buildings' fields (no geometry), one value per building."""

    ids: pd.Series               # the id shown to users ("row N" where empty)
    households: np.ndarray       # float, whole numbers
    population: np.ndarray
    workload: np.ndarray         # households + weighted attributes
    compound: pd.Series
    compound_name: pd.Series
    dedicated: pd.Series
    locked: pd.Series
    start: pd.Series


def building_fields(params: PlanParameters, columns: Sequence[str]) -> list[str]:
    """The fields of the buildings layer that :func:`building_attributes` reads (those present
    in ``columns``): what a reader that leaves the geometry and other fields out must read."""
    wanted = [params.building_id_field, params.households_field, params.population_field, params.compound_field,
              params.compound_name_field, params.dedicated_field, params.locked_field, params.start_field,
              *params.weights.attributes]
    return [c for c in dict.fromkeys(w for w in wanted if w) if c in columns]


def check_building_fields(buildings: pd.DataFrame, params: PlanParameters, compounds_given: bool,
                          notes: list[str]) -> str | None:
    """Refuse a buildings layer without a field ``params`` requires; the compound field to read
    (``None``, noted, when the layer has none). ``buildings`` may be an empty frame with the
    layer's columns."""
    for name, what in [(params.households_field, translatable("households")),
                       (params.building_id_field, translatable("building id")),
                       (params.dedicated_field, translatable("dedicated site")),
                       (params.locked_field, translatable("locked grid")),
                       (params.start_field, translatable("previous grid"))]:
        _require_field(buildings, name, "buildings", what)
    # Optional fields with defaults: their absence is noted, not fatal.
    compound_field = params.compound_field
    if compound_field and compound_field not in buildings.columns:
        notes.append(tr("buildings: no compound field '{field}'; compounds come from the compound polygons only",
                        field=compound_field) if compounds_given else
                     tr("buildings: no compound field '{field}'; every building is planned on its own",
                        field=compound_field))
        compound_field = None
    return compound_field


def building_attributes(buildings: pd.DataFrame, source_fid: pd.Series, params: PlanParameters,
                        compound_field: str | None, problems: list[Problem], notes: list[str]) -> BuildingAttributes:
    """The buildings' fields checked (ids, households, population, workload weights) and read
    (compound, dedicated site, locked grid, previous grid). ``buildings`` is indexed by
    position (geometry optional); ``source_fid`` holds the layer's feature ids."""
    ids = _ids(buildings, params.building_id_field, source_fid)
    if params.building_id_field:
        ids = _check_ids(ids, params.building_id_field, problems)

    households = _numeric(buildings, params.households_field, "buildings", ids, problems, integer=True,
                          maximum=MAX_HOUSEHOLDS_PER_BUILDING, notes=notes)
    if params.population_field and params.population_field in buildings.columns:
        population = _numeric(buildings, params.population_field, "buildings", ids, problems,
                              maximum=100 * MAX_HOUSEHOLDS_PER_BUILDING, notes=notes)
    else:
        population = households * params.people_per_household
        notes.append(tr("no population field; population estimated as {n} people per household",
                        n=params.people_per_household))

    workload = households.copy()
    for attr, weight in params.weights.attributes.items():
        if attr not in buildings.columns:
            if weight:
                problems.append(Problem("buildings", None, "weight_field_missing",
                                        tr("workload weight '{field}' ignored: the buildings layer has no "
                                           "field '{field}'", field=attr), "info"))
            continue
        workload = workload + weight * _numeric(buildings, attr, "buildings", ids, problems,
                                                maximum=100 * MAX_HOUSEHOLDS_PER_BUILDING, notes=notes)
    return BuildingAttributes(
        ids=ids, households=households, population=population, workload=workload,
        compound=_key_series(buildings, compound_field),
        compound_name=_key_series(buildings, params.compound_name_field
                                  if params.compound_name_field in buildings.columns else None),
        dedicated=_key_series(buildings, params.dedicated_field),
        locked=_key_series(buildings, params.locked_field),
        start=_key_series(buildings, params.start_field))


def building_footprints(geoms: np.ndarray, ids: pd.Series, problems: list[Problem]) -> tuple[np.ndarray, np.ndarray]:
    """The footprints planning uses, and which buildings have none: geometry repaired, points
    given a small square, lines buffered by 1 m, only polygonal parts kept. ``ids`` is aligned
    with ``geoms`` (by position); every repair and every building without a footprint is a
    problem."""
    geoms = _repair_geometries(geoms, "buildings", ids, problems)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    points = np.isin(shapely.get_type_id(geoms), [0, 4]) & ~missing
    if points.any():
        centers = shapely.centroid(geoms[points])
        geoms[points] = shapely.buffer(centers, POINT_FOOTPRINT_M / 2, cap_style="square")
    lines = np.isin(shapely.get_type_id(geoms), [1, 2, 5]) & ~missing
    if lines.any():
        geoms[lines] = shapely.buffer(geoms[lines], 1.0)
        for fid in ids[lines]:
            problems.append(Problem("buildings", fid, "line_building",
                                    tr("line geometry buffered by 1 m to make a footprint"), "info"))
    geoms = _polygonal(geoms)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if missing.any():
        for fid in ids[missing]:
            problems.append(Problem("buildings", fid, "no_geometry",
                                    tr("no usable geometry: the building is kept in the output but cannot be "
                                       "placed in a grid"), "error"))
    return geoms, missing


def footprint_keys(geoms: np.ndarray) -> list[bytes | None]:
    """A short key per footprint, equal for equal footprints (a hash of the WKB): what
    :func:`duplicate_footprints` compares, without keeping the geometries."""
    return [None if w is None else hashlib.blake2b(w, digest_size=16).digest() for w in shapely.to_wkb(geoms)]


def duplicate_footprints(keys: Sequence[bytes | None], rows: np.ndarray, missing: np.ndarray, ids: pd.Series,
                         geoms: np.ndarray, first_of: dict[bytes, int], problems: list[Problem]) -> None:
    """A problem for every footprint equal to an earlier one (``keys`` of
    :func:`footprint_keys`). ``rows`` are the buildings' rows in the layer, ``ids`` the ids of
    every row, ``geoms`` aligned with ``keys``; ``first_of`` (key → first row) carries over
    from one batch of rows to the next."""
    for k, key in enumerate(keys):
        if missing[k] or key is None:
            continue
        first = first_of.setdefault(key, int(rows[k]))
        if first != rows[k]:
            problems.append(Problem("buildings", ids.iloc[rows[k]], "duplicate_geometry",
                                    tr("same footprint as building {id}; both are kept and put in the same grid; "
                                       "check whether it is counted twice", id=ids.iloc[first]), "warning", geoms[k]))


def prepare_communities(communities: gpd.GeoDataFrame | None, footprints: np.ndarray | None,
                        params: PlanParameters, crs: CRS, problems: list[Problem],
                        notes: list[str]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The communities to plan (code, name, geometry; overlaps resolved, lower code first) and
    the communities as given. Without a layer, the whole area of ``footprints`` is one."""
    if communities is None or len(communities) == 0:
        if communities is not None:
            raise InputError(tr("the layer is empty"), layer="communities")
        geoms = np.asarray(footprints, dtype=object)
        usable = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        area = shapely.buffer(shapely.convex_hull(shapely.union_all(geoms[usable])), 50.0)
        comm = gpd.GeoDataFrame({"code": [WHOLE_AREA_CODE], "name": ["whole area"]}, geometry=[area], crs=crs)
        notes.append(tr("no communities layer: the whole area is planned as one community (code {code})",
                        code=WHOLE_AREA_CODE))
        given = comm
    else:
        _require_field(communities, params.community_code_field, "communities", translatable("community code"))
        if params.community_name_field and params.community_name_field not in communities.columns:
            notes.append(tr("communities: no name field '{field}'", field=params.community_name_field))
        comm_ids = pd.Series(communities.index.tolist(), dtype=object)
        communities = communities.reset_index(drop=True)
        codes = communities[params.community_code_field]
        if codes.isna().any():
            raise InputError(tr("feature(s) {features} have no code",
                                features=", ".join(map(str, comm_ids[codes.isna()].head(5)))),
                             layer="communities", field=params.community_code_field)
        codes = codes.map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip())
        if (codes == "").any():
            raise InputError(tr("feature(s) {features} have an empty code; give every community its code",
                                features=", ".join(map(str, comm_ids[codes == ""].head(5)))), layer="communities",
                             field=params.community_code_field)
        cgeoms = _polygonal(_repair(communities, "communities", comm_ids, problems))
        no_area = shapely.is_missing(cgeoms) | shapely.is_empty(cgeoms)
        if no_area.all():
            raise InputError(tr("no feature has an area (every geometry is empty, a point or a line); communities "
                                "must be polygons: give the community boundaries as polygons"), layer="communities")
        if no_area.any():
            message = tr("communities: feature(s) {features} (code(s) {codes}) have no area (empty, points or "
                         "lines) and are left out; their buildings go to the nearest community",
                         features=_first(comm_ids, no_area), codes=", ".join(sorted(set(codes[no_area]))))
            problems.append(Problem("communities", _first(comm_ids, no_area), "community_not_area", message,
                                    "warning"))
            notes.append(message)
        names = (communities[params.community_name_field].astype(object)
                 if params.community_name_field in communities.columns else pd.Series([None] * len(codes)))
        frame = gpd.GeoDataFrame({"code": codes.to_numpy(), "name": names.to_numpy(), "geometry": cgeoms},
                                 crs=crs)
        frame = frame[~frame.geometry.isna()]
        if frame["code"].duplicated().any():
            notes.append(tr("communities: features sharing a code were dissolved into one community"))
            frame = frame.dissolve(by="code", aggfunc="first", sort=True).reset_index()
        frame = frame.sort_values("code", kind="stable").reset_index(drop=True)
        given = frame.copy()
        # Overlapping communities would make grids overlap; the earlier code keeps the overlap.
        taken = None
        fixed = []
        for i, g in enumerate(frame.geometry):
            if taken is not None and shapely.intersects(g, taken):
                overlap = shapely.intersection(g, taken)
                if shapely.area(overlap) > 1.0:
                    others = [frame.at[j, "code"] for j in range(i) if shapely.intersects(fixed[j], overlap)]
                    g = _polygonal(np.array([shapely.make_valid(shapely.difference(g, taken))]))[0]
                    covered = g is None or shapely.is_empty(g) or shapely.area(g) < 1.0
                    problems.append(Problem(
                        "communities", frame.at[i, "code"], "community_overlap",
                        (tr("overlaps community {others} by {area:.0f} m²; it lies entirely inside communities of "
                            "lower codes and gets no grids; its buildings are planned with those communities",
                            others=", ".join(map(str, others)) or tr("another"), area=shapely.area(overlap))
                         if covered else
                         tr("overlaps community {others} by {area:.0f} m²; the overlap stays with the community of "
                            "the lower code", others=", ".join(map(str, others)) or tr("another"),
                            area=shapely.area(overlap))),
                        "warning", overlap))
            fixed.append(g)
            if g is not None and not shapely.is_empty(g):
                taken = g if taken is None else shapely.union(taken, g)
        frame["geometry"] = fixed
        frame = frame[[g is not None and not shapely.is_empty(g) and shapely.area(g) >= 1.0
                       for g in frame.geometry]].reset_index(drop=True)
        if not len(frame):
            raise InputError(tr("no community has a polygon (all are empty, points or lines); communities "
                                "must be polygons"), layer="communities")
        comm = frame
    _check_codes(comm, params, notes)
    return comm, given


def assign_communities(geoms: np.ndarray, missing: np.ndarray, comm: gpd.GeoDataFrame, ids: pd.Series,
                       problems: list[Problem], tree: shapely.STRtree | None = None) -> tuple[np.ndarray, int]:
    """The community (row of ``comm``) of each footprint, -1 for none, by a point on the
    footprint, else the nearest community within :data:`OUTSIDE_COMMUNITY_M`; and how many lie
    farther out (each a problem; see :func:`check_placed`). ``ids`` aligned with ``geoms``."""
    community_of = np.full(len(geoms), -1, dtype=np.int64)
    rep = shapely.point_on_surface(geoms[~missing])
    tree = tree if tree is not None else shapely.STRtree(comm.geometry.to_numpy())
    src, dst = tree.query(rep, predicate="within")
    where = np.flatnonzero(~missing)
    order = np.lexsort((dst, src))
    src, dst = src[order], dst[order]
    first = np.unique(src, return_index=True)[1]
    community_of[where[src[first]]] = dst[first]
    outside = np.flatnonzero((community_of < 0) & ~missing)
    far = 0
    if len(outside):
        # The distance of the footprint (not of a point in it) decides: a building across the
        # community line, or a few metres off it, is the nearest community's.
        pairs, dists = tree.query_nearest(geoms[outside], return_distance=True)
        seen = set()
        for (i_in, j), d in zip(pairs.T, dists):
            if i_in in seen:
                continue
            seen.add(i_in)
            b = outside[i_in]
            if d <= OUTSIDE_COMMUNITY_M:
                community_of[b] = j
                problems.append(Problem("buildings", ids.iloc[b], "outside_communities",
                                        tr("outside every community; assigned to the nearest one, {code} "
                                           "({distance:.0f} m away)", code=comm.at[j, "code"], distance=d),
                                        "warning", geoms[b]))
            else:
                far += 1
                problems.append(Problem("buildings", ids.iloc[b], "outside_communities",
                                        tr("outside every community (the nearest, {code}, is {distance:,.0f} m "
                                           "away); not placed in any grid: extend a community's polygon to cover "
                                           "it, or check its position and the layers' CRS", code=comm.at[j, "code"],
                                           distance=d), "warning", geoms[b]))
    return community_of, far


def check_placed(placed: bool, far: int, notes: list[str]) -> None:
    """Refuse inputs where no building lies in (or near) a community; note the ``far`` ones."""
    if far and not placed:
        raise InputError(tr("no building lies inside a community (or within {distance:.0f} m of one): check that "
                            "the communities cover the buildings and that both layers have the right CRS",
                            distance=OUTSIDE_COMMUNITY_M), layer="communities")
    if far:
        notes.append(tr("{n} building(s) lie more than {distance:.0f} m outside every community and are not "
                        "placed (problems: outside_communities)", n=far, distance=OUTSIDE_COMMUNITY_M))


def prepare_barriers(roads: gpd.GeoDataFrame | None, water_frames: Sequence[gpd.GeoDataFrame], params: PlanParameters,
                     crs: CRS, notes: list[str]) -> tuple[gpd.GeoSeries, gpd.GeoSeries, gpd.GeoSeries, np.ndarray]:
    """Hard lines (small gaps closed), soft lines, water areas and the hard lines' labels from
    the roads and water layers (in ``crs``)."""
    hard_lines, soft_lines = _split_roads(roads, params, crs, notes)
    labels = list(_hard_road_labels(roads, params))
    water_areas, water_lines = [], []
    points = 0
    for wf in water_frames:
        wg = _polygonal_or_lines(wf)
        water_areas.extend(wg[0])
        water_lines.extend(wg[1])
        points += _point_count(wf)
        labels.extend(_water_line_labels(wf))
    if points:
        notes.append(tr("water: {n} point feature(s) ignored; water must be areas (polygons) or river centre "
                        "lines", n=points) if water_areas or water_lines else
                     tr("water: {n} point feature(s) ignored; water must be areas (polygons) or river centre "
                        "lines; no water barrier was used", n=points))
    closed, closed_labels, gaps = close_hard_gaps(np.array(list(hard_lines) + water_lines, dtype=object),
                                                  np.array(labels, dtype=object))
    if gaps:
        notes.append(tr("hard barriers: {n} small gap(s) of the hard network closed (a hard road or river line "
                        "ending within {distance:.0f} m of another: junctions drawn short, breaks at bridges and "
                        "tunnels, dual carriageways and slip roads)", n=gaps, distance=HARD_GAP_M))
    return gpd.GeoSeries(list(closed), crs=crs), soft_lines, gpd.GeoSeries(water_areas, crs=crs), closed_labels


def check_on_barrier(footprints: np.ndarray, hard_lines: np.ndarray, labels: np.ndarray, ids: pd.Series,
                     problems: list[Problem]) -> None:
    """A problem for every footprint drawn across a hard barrier line (``ids`` aligned)."""
    on_barrier = metrics.straddles_barrier(footprints, hard_lines)
    for b in np.flatnonzero(on_barrier):
        across = _barrier_across(footprints[b], hard_lines, labels)
        problems.append(Problem("buildings", ids.iloc[b], "building_on_barrier",
                                tr("drawn across a hard barrier ({barrier}): the building counts on neither side "
                                   "of it, so its grid is not reported as crossing the barrier for it; check the "
                                   "building's or the road's position", barrier=across), "warning",
                                footprints[b]))


def prepare_inputs(buildings: gpd.GeoDataFrame, roads: gpd.GeoDataFrame | None,
                   communities: gpd.GeoDataFrame | None, water: Sequence[gpd.GeoDataFrame | None] | None,
                   params: PlanParameters, compounds: gpd.GeoDataFrame | None = None) -> PreparedInputs:
    """Check the inputs against ``params`` and return them ready for planning.

    ``compounds`` (polygons) gives a compound to the buildings without one of their own:
    see :func:`compounds_from_polygons`. (:mod:`.citywide` runs the same steps on a buildings
    layer read in batches.)
    """
    params.validate()
    problems: list[Problem] = []
    notes: list[str] = []
    if buildings is None or len(buildings) == 0:
        raise InputError(tr("the layer is empty; it needs at least one building"), layer="buildings")
    compound_field = check_building_fields(buildings, params, compounds is not None, notes)

    crs, note = working_crs_for(buildings)
    if note:
        notes.append(note)
    buildings = _to_working(buildings, crs, "buildings", notes).copy()
    # Work by position; the input's feature ids stay available for messages.
    source_fid = pd.Series(buildings.index.to_numpy(), dtype=object)
    buildings = buildings.reset_index(drop=True)
    roads = _to_working(roads, crs, "roads", notes)
    communities = _to_working(communities, crs, "communities", notes)
    water_frames = [_to_working(w, crs, "water", notes) for w in (water or []) if w is not None]

    attrs = building_attributes(buildings, source_fid, params, compound_field, problems, notes)
    ids = attrs.ids

    # Geometry: repair, keep polygons, give points a small footprint.
    geoms, missing = building_footprints(buildings.geometry.to_numpy(), ids, problems)
    if missing.all():
        raise InputError(tr("no building has a usable geometry"), layer="buildings")
    footprints = gpd.GeoSeries(geoms, index=buildings.index, crs=crs)
    duplicate_footprints(footprint_keys(geoms), np.arange(len(geoms)), missing, ids, geoms, {}, problems)
    _check_nested(geoms, missing, ids, problems)

    comm, given = prepare_communities(communities, geoms, params, crs, problems, notes)

    # Assign buildings to communities by a point on their footprint.
    community_of, far = assign_communities(geoms, missing, comm, ids, problems)
    check_placed(bool((community_of >= 0).any()), far, notes)
    _check_spanning(geoms, missing, community_of, comm, ids, problems)

    hard_lines, soft_lines, water_series, closed_labels = prepare_barriers(roads, water_frames, params, crs, notes)
    check_on_barrier(geoms, hard_lines.to_numpy(), closed_labels, ids, problems)

    compound, compound_name = attrs.compound, attrs.compound_name
    if compounds is not None:
        compounds = _to_working(compounds, crs, "compounds", notes)
        compound, compound_name = compounds_from_polygons(compounds, geoms, compound, compound_name, params,
                                                          problems, notes)
        # The plan's buildings carry the compound each building got (the dock moves whole compounds).
        buildings[params.compound_field or "compound_id"] = compound.to_numpy()
        buildings[params.compound_name_field or "compound_name"] = compound_name.to_numpy()

    return PreparedInputs(
        crs=crs, buildings=buildings, footprints=footprints, households=attrs.households.astype(np.int64),
        population=attrs.population, workload=attrs.workload, building_ids=ids, community_of=community_of,
        compound=compound, compound_name=compound_name, dedicated=attrs.dedicated, locked=attrs.locked,
        start=attrs.start, communities=comm, communities_given=given,
        territories=np.array(snap_coverage(list(comm.geometry)), dtype=object),
        hard_lines=hard_lines, soft_lines=soft_lines, water=water_series, hard_labels=closed_labels,
        problems=problems, notes=notes)


def smallest_holding(points: np.ndarray, polygons: np.ndarray) -> np.ndarray:
    """Per point, the index of the smallest polygon (by area) holding it; -1 where none does."""
    out = np.full(len(points), -1, dtype=np.int64)
    if len(points) == 0 or len(polygons) == 0:
        return out
    pts, polys = shapely.STRtree(polygons).query(points, predicate="within")
    if len(pts):
        order = np.lexsort((polys, shapely.area(polygons)[polys], pts))
        pts, polys = pts[order], polys[order]
        first = np.unique(pts, return_index=True)[1]
        out[pts[first]] = polys[first]
    return out


def compounds_from_polygons(compounds: gpd.GeoDataFrame, footprints: np.ndarray, compound: pd.Series,
                            compound_name: pd.Series, params: PlanParameters, problems: list[Problem],
                            notes: list[str]) -> tuple[pd.Series, pd.Series]:
    """The compound of every building: its own (``compound``, from the buildings' field) when
    it has one, else the compound polygon holding its representative point
    (``shapely.point_on_surface``); where polygons overlap, the smallest holding the point.

    ``compounds`` is in the working CRS; its ``params.compound_id_field`` names each compound
    (the feature id when the field is absent or empty; ids share one namespace with the
    buildings' field) and ``params.compound_name_field`` its name. Buildings in no polygon keep
    no compound (they stand alone). One ``compounds_from_polygons`` problem (info) counts them.
    Returns the new ``(compound, compound_name)`` series.
    """
    if len(compounds) == 0:
        notes.append(tr("compounds: the layer is empty; no building got a compound from it"))
        return compound, compound_name
    fids = pd.Series(compounds.index.tolist(), dtype=object)
    compounds = compounds.reset_index(drop=True)
    id_field = params.compound_id_field
    if id_field and id_field not in compounds.columns:
        available = ", ".join(c for c in compounds.columns if c != compounds.geometry.name) or "(none)"
        notes.append(tr("compounds: no id field '{field}' (fields: {available}); compounds named by feature id",
                        field=id_field, available=available))
        id_field = None
    keys = _key_series(compounds, id_field)
    keys = pd.Series([k if k is not None else str(f) for k, f in zip(keys, fids)], dtype=object)
    name_field = params.compound_name_field if params.compound_name_field in compounds.columns else None
    names = _key_series(compounds, name_field)
    polys = _polygonal(_repair(compounds, "compounds", keys, problems))
    usable = ~(shapely.is_missing(polys) | shapely.is_empty(polys))
    if not usable.any():
        raise InputError(tr("holds no polygons; compounds must be areas"), layer="compounds")
    if not usable.all():
        problems.append(Problem("compounds", ",".join(map(str, keys[~usable].head(20))), "compound_not_area",
                                tr("{n} compound feature(s) without an area ignored", n=int((~usable).sum())),
                                "warning"))
    have = ~(shapely.is_missing(footprints) | shapely.is_empty(footprints))
    rows = np.flatnonzero(have & compound.isna().to_numpy())
    holder = np.full(len(footprints), -1, dtype=np.int64)
    idx = np.flatnonzero(usable)
    found = smallest_holding(shapely.point_on_surface(footprints[rows]), polys[idx])
    holder[rows[found >= 0]] = idx[found[found >= 0]]
    got = holder >= 0
    compound = compound.copy()
    compound_name = compound_name.copy()
    compound.iloc[got] = keys.to_numpy()[holder[got]]
    compound_name.iloc[got] = names.to_numpy()[holder[got]]
    own = int((compound.notna().to_numpy() & ~got).sum())
    alone = int((have & compound.isna().to_numpy()).sum())
    problems.append(Problem(
        "compounds", None, "compounds_from_polygons",
        tr("{n} building(s) got their compound from {used} of {total} compound polygon(s) (the smallest polygon "
           "holding the building's point where they overlap); {own} kept the compound of their own field; {alone} "
           "lie in no compound polygon and stand alone", n=int(got.sum()), used=len(set(holder[got])),
           total=len(keys), own=own, alone=alone), "info"))
    return compound, compound_name


def _road_selection(roads: gpd.GeoDataFrame, params: PlanParameters
                    ) -> tuple[np.ndarray, np.ndarray, pd.Series, np.ndarray, np.ndarray]:
    """The roads as planning reads them: repaired geometry, geometry type, class (lower case),
    hard or not, and usable (not missing, not empty, not a point). One selection for the
    barrier lines (:func:`_split_roads`) and their labels (:func:`_hard_road_labels`)."""
    geoms = shapely.make_valid(roads.geometry.to_numpy())
    kinds = shapely.get_type_id(geoms)
    classes = roads[params.road_class_field].astype(str).str.strip().str.lower()
    is_hard = classes.isin({c.strip().lower() for c in params.hard_classes}).to_numpy()
    ok = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms) & ~np.isin(kinds, [0, 4])
    return geoms, kinds, classes, is_hard, ok


def _split_roads(roads: gpd.GeoDataFrame | None, params: PlanParameters, crs: CRSLike | None,
                 notes: list[str] | None = None) -> tuple[gpd.GeoSeries, gpd.GeoSeries]:
    if roads is None or len(roads) == 0:
        return gpd.GeoSeries([], crs=crs), gpd.GeoSeries([], crs=crs)
    _require_field(roads, params.road_class_field, "roads", translatable("road class"))
    geoms, kinds, _, is_hard, ok = _road_selection(roads, params)
    if np.isin(kinds, [3, 6]).any():
        raise InputError(tr("holds polygons; roads must be centre lines (LineString)"), layer="roads")
    points = np.isin(kinds, [0, 4]) & ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    if points.any() and notes is not None:
        notes.append(tr("roads: {n} point feature(s) ignored; roads must be centre lines (LineString)",
                        n=int(points.sum())) if ok.any() else
                     tr("roads: {n} point feature(s) ignored; roads must be centre lines (LineString); no road "
                        "was used", n=int(points.sum())))
    return (gpd.GeoSeries(geoms[is_hard & ok], crs=crs), gpd.GeoSeries(geoms[~is_hard & ok], crs=crs))


def _point_count(frame: gpd.GeoDataFrame) -> int:
    """How many features of ``frame`` are points (which a barrier layer cannot use)."""
    return int(np.isin(shapely.get_type_id(frame.geometry.to_numpy()), [0, 4]).sum())


def _polygonal_or_lines(frame: gpd.GeoDataFrame) -> tuple[list[shapely.Geometry], list[shapely.Geometry]]:
    geoms = shapely.make_valid(frame.geometry.to_numpy())
    areas, lines = [], []
    for g in geoms:
        if g is None or shapely.is_empty(g):
            continue
        for part in shapely.get_parts(g):
            t = shapely.get_type_id(part)
            if t in (3, 6):
                areas.append(part)
            elif t in (1, 2, 5):
                lines.append(part)
    return areas, lines


def _check_nested(geoms: np.ndarray, missing: np.ndarray, ids: pd.Series, problems: list[Problem]) -> None:
    """A problem for every footprint lying inside another (not an exact copy: those are
    ``duplicate_geometry``): both are kept and counted, which may count households twice."""
    rows = np.flatnonzero(~missing)
    if len(rows) < 2:
        return
    usable = geoms[rows]
    outer, inner = shapely.STRtree(usable).query(usable, predicate="contains")
    keep = (outer != inner) & ~shapely.equals(usable[outer], usable[inner])
    for o, i in zip(rows[outer[keep]], rows[inner[keep]]):
        problems.append(Problem("buildings", ids.iloc[i], "nested_footprint",
                                tr("footprint lies inside building {building}; both are kept and their households "
                                   "counted; check whether it is a duplicate or a structure within the building",
                                   building=ids.iloc[o]),
                                "warning", geoms[i]))


def _check_spanning(geoms: np.ndarray, missing: np.ndarray, community_of: np.ndarray, comm: gpd.GeoDataFrame,
                    ids: pd.Series, problems: list[Problem]) -> None:
    """A problem for every building whose footprint lies in two or more communities (each
    holding at least 1 m² and 1 % of it): it is placed whole in the community holding its
    representative point."""
    rows = np.flatnonzero(~missing)
    if len(rows) == 0 or len(comm) < 2:
        return
    src, dst = shapely.STRtree(comm.geometry.to_numpy()).query(geoms[rows], predicate="intersects")
    counts = np.bincount(src, minlength=len(rows))
    for k in np.flatnonzero(counts > 1):
        b = rows[k]
        area = shapely.area(geoms[b])
        shares = []
        for c in dst[src == k]:
            part = float(shapely.area(shapely.intersection(geoms[b], comm.geometry.iloc[c])))
            if part >= max(1.0, 0.01 * area):
                shares.append((str(comm.at[c, "code"]), part))
        if len(shares) < 2 or community_of[b] < 0:
            continue
        where = ", ".join(tr("{code} ({area:.0f} m²)", code=code, area=part) for code, part in shares)
        problems.append(Problem("buildings", ids.iloc[b], "spans_communities",
                                tr("footprint lies in communities {where}; placed whole in {code}, the one holding "
                                   "its representative point; split the building or correct the boundary if that is "
                                   "wrong", where=where, code=comm.at[community_of[b], "code"]), "warning", geoms[b]))


def _check_codes(comm: gpd.GeoDataFrame, params: PlanParameters, notes: list[str]) -> None:
    """Grid counts must name existing communities; codes that export will refuse are said now."""
    codes = [str(c) for c in comm["code"]]
    unknown = sorted(set(params.grid_counts) - set(codes))
    if unknown:
        raise InputError(tr("--grid-count names community code(s) {unknown}, which no community has; the codes "
                            "are: {codes}", unknown=", ".join(unknown),
                            codes=", ".join(codes[:20]) + (" …" if len(codes) > 20 else "")),
                         layer="communities", field=params.community_code_field)
    odd = [c for c in codes if not (c.isdigit() and len(c) == 12)]
    if odd:
        notes.append(tr("communities: code(s) {codes} are not 12 digits; grid codes are made from them, but "
                        "'gridplanner export' checks codes against the 12-digit community code (6+3+3+3 layout): "
                        "give the communities their 12-digit codes, or export with a --code-layout that fits",
                        codes=", ".join(odd[:5]) + (" …" if len(odd) > 5 else "")))


def close_hard_gaps(lines: np.ndarray, labels: np.ndarray | None = None, tolerance: float = HARD_GAP_M
                    ) -> tuple[np.ndarray, np.ndarray, int]:
    """The hard network with its small gaps closed: ``lines`` plus, for every end of a line
    that touches no other hard line (within :data:`HARD_TOUCH_M`) but lies within
    ``tolerance`` of one, the shortest segment joining it to that line. Returns the lines,
    their labels (a connector is labelled after the line whose end it continues) and the
    number of connectors. Closed rings are left alone."""
    lines = np.asarray(lines, dtype=object)
    labels = np.asarray(labels if labels is not None else [None] * len(lines), dtype=object)
    ok = ~(shapely.is_missing(lines) | shapely.is_empty(lines)) if len(lines) else np.zeros(0, dtype=bool)
    parts, owner = shapely.get_parts(lines[ok], return_index=True)
    owner = np.flatnonzero(ok)[owner] if len(parts) else owner
    keep = shapely.get_type_id(parts) == 1
    parts, owner = parts[keep], owner[keep]
    if len(parts) < 2 or tolerance <= 0:
        return lines, labels, 0
    tree = shapely.STRtree(parts)
    connectors, connector_labels = [], []
    seen: set[tuple[float, float]] = set()
    for k, part in enumerate(parts):
        if shapely.is_closed(part):
            continue
        for end in (shapely.get_point(part, 0), shapely.get_point(part, -1)):
            key = (round(shapely.get_x(end), 3), round(shapely.get_y(end), 3))
            if key in seen:
                continue
            near = tree.query(end, predicate="dwithin", distance=tolerance)
            near = near[near != k]
            if not len(near):
                continue
            dist = shapely.distance(parts[near], end)
            if dist.min() <= HARD_TOUCH_M:
                continue
            seen.add(key)
            target = near[int(np.argmin(dist))]
            connectors.append(shapely.shortest_line(end, parts[target]))
            connector_labels.append(labels[owner[k]])
    if not connectors:
        return lines, labels, 0
    return (np.concatenate([lines, np.array(connectors, dtype=object)]),
            np.concatenate([labels, np.array(connector_labels, dtype=object)]), len(connectors))


def _hard_road_labels(roads: gpd.GeoDataFrame | None, params: PlanParameters) -> list[str]:
    """A label per hard road, in :func:`_split_roads`' order: "name (class)" or "a class road"."""
    if roads is None or len(roads) == 0:
        return []
    _, _, classes, is_hard, ok = _road_selection(roads, params)
    names = roads["name"] if "name" in roads.columns else pd.Series([None] * len(roads), index=roads.index)
    out = []
    for cls, name in zip(classes[is_hard & ok], names[is_hard & ok]):
        kind = tr("a railway") if cls in ("railway", "rail") else tr("a {road_class} road", road_class=cls)
        out.append(f"{name} ({cls})" if isinstance(name, str) and name.strip() else kind)
    return out


def _water_line_labels(frame: gpd.GeoDataFrame) -> list[str]:
    """A label per river centre line of ``frame``, in :func:`_polygonal_or_lines`' order."""
    names = frame["name"] if "name" in frame.columns else pd.Series([None] * len(frame), index=frame.index)
    out = []
    for g, name in zip(shapely.make_valid(frame.geometry.to_numpy()), names):
        if g is None or shapely.is_empty(g):
            continue
        for part in shapely.get_parts(g):
            if shapely.get_type_id(part) in (1, 2, 5):
                out.append(tr("{name} (river)", name=name) if isinstance(name, str) and name.strip()
                           else tr("a river centre line"))
    return out


def _barrier_across(footprint: shapely.Geometry, lines: np.ndarray, labels: np.ndarray) -> str:
    """The label of the hard line crossing ``footprint`` the longest."""
    hit = np.flatnonzero(shapely.intersects(lines, footprint))
    if not len(hit):
        return tr("a hard barrier line")
    inside = shapely.length(shapely.intersection(lines[hit], footprint))
    label = labels[hit[int(np.argmax(inside))]]
    return str(label) if label is not None else "a hard barrier line"
