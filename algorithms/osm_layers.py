"""Planning layers from an OpenStreetMap file: ``gridplanner prepare-osm``.

A planner who has only OpenStreetMap data gets, from one ``.osm`` (XML) or ``.osm.pbf``
file, the layers ``gridplanner plan`` reads:

``buildings``
    Footprints (closed ways and multipolygon relations tagged ``building=*``; building parts
    and buildings drawn as points are left out) with ``osm_id``, ``building``, ``name``,
    ``levels`` (``building:levels``), ``height_m`` (``height``), ``floors``, ``floor_area_m2``,
    ``households``, ``population``, ``hh_basis`` and ``nonres_reason``. Households are
    estimated by :mod:`~gridplanner.algorithms.estimate` (footprint area × floors × residential
    share ÷ dwelling size); the floors come from ``building:levels`` (``hh_basis`` =
    ``levels``), else ``height`` ÷ storey height (``height``), else a default per building
    type (:data:`DEFAULT_FLOORS_BY_TYPE`, ``default_floors``). Non-residential buildings get
    0 households (``hh_basis`` = ``not_residential``, ``nonres_reason`` says why): see
    :func:`residential_use`.
``roads``
    Centre lines with ``highway`` (:func:`gridplanner.algorithms.osm.load_osm_roads`), plus
    railways (:data:`RAILWAY_CLASSES`, not in tunnels) with ``highway`` = ``railway``, a
    class the planner treats as a hard barrier.
``water``
    Water areas (:data:`WATER_AREA_TAGS`), polygons.
``waterway``
    River and canal centre lines (:data:`WATERWAY_LINES`). Both water layers are hard
    barriers: pass both to ``plan --water``.
``compounds``
    Residential areas (:func:`is_compound`) with ``compound_id`` (the OSM id, e.g.
    ``way/226670876``) and ``compound_name``; ``plan --compounds`` gives each building the
    compound its representative point lies in.
``communities``
    Only when a communities layer is given (copied, reprojected); buildings outside every
    community are then left out. OpenStreetMap rarely holds community (社区) boundaries:
    without them the planner plans the whole area as one community.

Every layer is in one metric CRS: the CGCS2000 3-degree Gauss-Krüger zone of the data
(:func:`gridplanner.algorithms.prepare.working_crs_for`, the CRS the planner would choose)
unless another is asked for. The data is © OpenStreetMap contributors, ODbL 1.0
(:data:`ATTRIBUTION`, stored in the GeoPackage's metadata).
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from ._typing import CRSLike
from .errors import GridPlannerError, InputError, PlanCancelled
from .estimate import RESIDENTIAL_VALUES, EstimateParameters, estimate_households, floors_and_basis
from .i18n import tr
from .prepare import smallest_holding, working_crs_for

#: Attribution required wherever the data or anything derived from it is shown.
ATTRIBUTION = "© OpenStreetMap contributors, Open Database License 1.0 (ODbL)"

#: Default floors when a building has neither ``building:levels`` nor ``height``, per
#: ``building=*`` value; other values get :data:`DEFAULT_FLOORS`. Chosen for Chinese cities,
#: where a mapped residential block is most often a 6-storey walk-up; change them with
#: ``prepare-osm --default-floors TYPE=N``.
DEFAULT_FLOORS_BY_TYPE: dict[str, float] = {
    "apartments": 6, "residential": 6, "住宅": 6, "dormitory": 5, "mixed": 4, "yes": 3,
    "house": 2, "detached": 2, "semidetached_house": 2, "terrace": 2, "bungalow": 1,
}
DEFAULT_FLOORS = 3.0

#: Tags that make a generic building (``building=yes``) non-residential when the building
#: itself carries them: it is a shop, a school, an office …
NON_RESIDENTIAL_KEYS: tuple[str, ...] = (
    "amenity", "shop", "office", "tourism", "healthcare", "craft", "industrial", "leisure",
    "military", "public_transport", "railway", "aeroway", "power", "man_made", "government",
)

#: Areas whose generic buildings (``building=yes``) are non-residential, unless a smaller
#: residential area (a compound) inside them holds the building: a campus's staff housing is
#: housing, its teaching buildings are not.
NON_RESIDENTIAL_AREAS: dict[str, tuple[str, ...]] = {
    "amenity": ("school", "university", "college", "kindergarten", "hospital", "clinic",
                "prison", "marketplace", "place_of_worship", "research_institute"),
    "landuse": ("commercial", "retail", "industrial", "military", "railway", "education",
                "religious", "garages", "construction"),
}

#: ``railway=*`` values drawn as hard barriers (``highway`` = ``railway`` in ``roads``).
#: Parts in a tunnel (``tunnel=*`` other than ``no``) are left out: they divide nothing.
RAILWAY_CLASSES: tuple[str, ...] = ("rail", "light_rail", "subway", "narrow_gauge", "monorail")

#: Water areas: ``(key, values)``; an empty tuple takes every value.
WATER_AREA_TAGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("natural", ("water",)), ("waterway", ("riverbank", "dock")), ("landuse", ("reservoir", "basin")),
    ("water", ()),
)
#: ``waterway=*`` centre lines kept (streams, ditches and drains divide nothing).
WATERWAY_LINES: tuple[str, ...] = ("river", "canal")

#: ``place=*`` values mapped as areas that are residential compounds.
COMPOUND_PLACES: tuple[str, ...] = ("neighbourhood", "city_block")

#: Values of the ``hh_basis`` column of ``buildings``.
HH_BASES = ("levels", "height", "default_floors", "not_residential")

#: Layers written by :func:`prepare_osm_layers` (``communities`` only when given).
LAYERS = ("buildings", "roads", "water", "waterway", "compounds", "communities")


def is_compound(tags: Mapping[str, str]) -> bool:
    """Whether an area is a residential compound (小区): ``landuse=residential``, a
    ``place`` of :data:`COMPOUND_PLACES`, or a ``residential=*`` area that is no building."""
    return (tags.get("landuse") == "residential" or tags.get("place") in COMPOUND_PLACES
            or ("residential" in tags and "building" not in tags))


def _is_water_area(tags: Mapping[str, str]) -> bool:
    for key, values in WATER_AREA_TAGS:
        value = tags.get(key)
        if value is not None and (not values or value in values):
            return True
    return False


def _context(tags: Mapping[str, str]) -> str | None:
    for key, values in NON_RESIDENTIAL_AREAS.items():
        if tags.get(key) in values:
            return f"{key}={tags[key]}"
    return None


def residential_use(building: str, tags: Mapping[str, str]) -> str | None:
    """Why a building is not residential, or ``None`` when it is (its area aside).

    Residential: the ``building=*`` values of
    :data:`gridplanner.algorithms.estimate.RESIDENTIAL_VALUES` (``residential``,
    ``apartments``, ``house``, ``dormitory`` … and the generic ``yes``); every other value
    (``commercial``, ``school``, ``office`` …) is not. A generic ``building=yes`` that carries
    a tag of :data:`NON_RESIDENTIAL_KEYS` (``amenity=restaurant``, ``shop=*`` …) is not
    either; nor is one inside a :data:`NON_RESIDENTIAL_AREAS` area (decided later, by place).
    """
    value = building.strip().lower()
    if value not in {v.lower() for v in RESIDENTIAL_VALUES}:
        return f"building={building}"
    if value == "yes":
        for key in NON_RESIDENTIAL_KEYS:
            if tags.get(key) not in (None, "no"):
                return f"{key}={tags[key]}"
    return None


def _number(text: str | None, *, length: bool = False) -> float | None:
    """The first number of an OSM value (``"11"``, ``"5;6"``, ``"12 m"``, ``"40'"``, ``"40 ft"``)."""
    if not text:
        return None
    match = re.search(r"\d+(?:[.,]\d+)?", text)
    if not match:
        return None
    value = float(match.group().replace(",", "."))
    if length and re.search(r"ft|feet|'", text):
        value *= 0.3048
    return value if value > 0 else None


def _name(tags: Mapping[str, str]) -> str | None:
    return tags.get("name") or tags.get("name:zh") or None


@dataclass
class OsmFeatures:
    """What one pass over an OpenStreetMap file finds, in EPSG:4326."""

    buildings: list[dict] = field(default_factory=list)
    railways: list[dict] = field(default_factory=list)
    water: list[dict] = field(default_factory=list)
    waterways: list[dict] = field(default_factory=list)
    compounds: list[dict] = field(default_factory=list)
    contexts: list[dict] = field(default_factory=list)
    roads: int = 0
    skipped: int = 0


def read_osm_features(path: str | os.PathLike) -> OsmFeatures:
    """Buildings, railways, water, compounds and non-residential areas of an OSM file.

    One pass of pyosmium (areas assembled from closed ways and multipolygon relations;
    incomplete relations of an extract are skipped by pyosmium). Objects whose geometry
    cannot be built (nodes missing from the extract) are counted in ``skipped``.
    """
    try:
        import osmium
        from osmium.osm import Area, Way
    except ImportError as exc:
        raise GridPlannerError(tr("reading OpenStreetMap files needs the Python package 'osmium' "
                                  "(pip install osmium)")) from exc
    from .osm import is_road

    path = Path(path)
    found = OsmFeatures()
    wkb = osmium.geom.WKBFactory()
    keys = ("building", "landuse", "natural", "waterway", "water", "place", "residential", "amenity")
    try:
        processor = (osmium.FileProcessor(str(path)).with_locations()
                     .with_areas(osmium.filter.KeyFilter(*keys)))
        for obj in processor:
            tags = {t.k: t.v for t in obj.tags}
            if not tags:
                continue
            try:
                if isinstance(obj, Area):
                    kind = "way" if obj.from_way() else "relation"
                    row = {"osm_id": f"{kind}/{obj.orig_id()}", "tags": tags}
                    wanted = ("building" in tags and tags["building"] != "no", is_compound(tags),
                              _is_water_area(tags), _context(tags) is not None)
                    if not any(wanted):
                        continue
                    row["geometry"] = shapely.from_wkb(wkb.create_multipolygon(obj))
                    for target, want in zip((found.buildings, found.compounds, found.water, found.contexts),
                                            wanted):
                        if want:
                            target.append(row)
                elif isinstance(obj, Way):
                    if is_road(tags):
                        found.roads += 1
                    railway = tags.get("railway") in RAILWAY_CLASSES and tags.get("tunnel", "no") == "no"
                    waterway = tags.get("waterway") in WATERWAY_LINES
                    if railway or waterway:
                        row = {"osm_id": f"way/{obj.id}", "tags": tags,
                               "geometry": shapely.from_wkb(wkb.create_linestring(obj))}
                        (found.railways if railway else found.waterways).append(row)
            except (osmium.InvalidLocationError, RuntimeError):
                found.skipped += 1
    except GridPlannerError:
        raise
    except Exception as exc:   # pyosmium raises RuntimeError and friends for unreadable files
        raise InputError(tr("cannot read {path}: {error}", path=path, error=f"{type(exc).__name__}: {exc}"),
                         layer=str(path)) from exc
    return found


def _frame(rows: list[dict], columns: dict[str, Callable[[dict], Any]], crs: CRS) -> gpd.GeoDataFrame:
    data = {name: [get(r) for r in rows] for name, get in columns.items()}
    frame = gpd.GeoDataFrame(data, geometry=[r["geometry"] for r in rows], crs=4326)
    # One row per OSM object (a closed way can be read as a way and, once, as an area).
    frame = frame.loc[~frame["osm_id"].duplicated()] if "osm_id" in frame else frame
    return frame.to_crs(crs).reset_index(drop=True)


@dataclass
class OsmLayers:
    """The layers of :func:`prepare_osm_layers`, in ``crs``, and what happened."""

    layers: dict[str, gpd.GeoDataFrame]
    crs: CRS
    source: str
    notes: list[str] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)

    @property
    def summary(self) -> dict[str, int]:
        """Features per layer, and the households estimated."""
        out = {name: len(frame) for name, frame in self.layers.items()}
        out["households"] = int(self.layers["buildings"]["households"].sum())
        out["residential_buildings"] = int((self.layers["buildings"]["hh_basis"] != "not_residential").sum())
        return out

    def write(self, path: str | os.PathLike, overwrite: bool = False) -> Path:
        """Write every layer to a GeoPackage atomically (refused if it exists unless ``overwrite``)."""
        from .io import write_geopackage

        metadata = {"source": self.source, "attribution": ATTRIBUTION, "crs": self.crs.to_string(),
                    "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
                    "parameters": self.parameters, "summary": self.summary, "notes": self.notes}
        return write_geopackage(path, self.layers, metadata=metadata, overwrite=overwrite)


def _empty(crs: CRS, columns: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({c: pd.Series([], dtype=object) for c in columns},
                            geometry=gpd.GeoSeries([], crs=crs), crs=crs)


def prepare_osm_layers(path: str | os.PathLike, *, crs: CRSLike | None = None,
                       communities: gpd.GeoDataFrame | None = None,
                       default_floors: Mapping[str, float] | None = None,
                       storey_height_m: float = 3.0, dwelling_size_m2: float = 90.0,
                       residential_share: float = 0.8, people_per_household: float = 3.0,
                       progress: Callable[[float, str], None] | None = None,
                       is_cancelled: Callable[[], bool] | None = None) -> OsmLayers:
    """The planning layers of an OpenStreetMap file (see the module's documentation).

    Parameters
    ----------
    path
        ``.osm`` (XML), ``.osm.bz2`` or ``.osm.pbf``; only read.
    crs
        Output CRS; ``None``: the CGCS2000 Gauss-Krüger zone of the buildings.
    communities
        Community polygons (any CRS) copied as ``communities``; buildings outside every one
        are left out.
    default_floors
        ``{building type: floors}`` over :data:`DEFAULT_FLOORS_BY_TYPE`; the key ``*``
        replaces :data:`DEFAULT_FLOORS` (the floors of every other type).
    storey_height_m, dwelling_size_m2, residential_share, people_per_household
        As in :class:`gridplanner.algorithms.estimate.EstimateParameters`.
    progress, is_cancelled
        Progress ``(fraction, message)``; cancelling raises :class:`PlanCancelled`.
    """
    from .osm import load_osm_roads

    report = progress or (lambda fraction, message: None)

    def check_cancel() -> None:
        if is_cancelled is not None and is_cancelled():
            raise PlanCancelled("cancelled")

    path = Path(path)
    if not path.is_file():
        raise InputError(tr("file not found: {path}", path=path), layer=str(path))
    if not path.name.lower().endswith((".osm", ".osm.pbf", ".pbf", ".osm.bz2", ".xml")):
        raise InputError(tr("unknown file type {suffix!r}; expected .osm, .osm.bz2 or .osm.pbf", suffix=path.suffix),
                         layer=str(path))
    floors_by_type = dict(DEFAULT_FLOORS_BY_TYPE)
    fallback = DEFAULT_FLOORS
    for key, value in (default_floors or {}).items():
        if key == "*":
            fallback = float(value)
        else:
            floors_by_type[str(key).strip().lower()] = float(value)
    estimate = EstimateParameters(
        households_field="households", population_field="population", floors_field="levels",
        height_field="height_m", storey_height_m=storey_height_m, default_floors=fallback,
        residential_share=residential_share, dwelling_size_m2=dwelling_size_m2,
        people_per_household=people_per_household, use_field="_use", default_floors_by_use=floors_by_type)
    estimate.validate()

    report(0.0, tr("reading the OpenStreetMap file"))
    found = read_osm_features(path)
    check_cancel()
    notes: list[str] = []
    if found.skipped:
        notes.append(tr("{n} OpenStreetMap object(s) left out: their nodes are not in the file", n=found.skipped))
    if not found.buildings:
        raise InputError(tr("no buildings found (no closed way or multipolygon tagged building=*)"),
                         layer=str(path))
    wgs = gpd.GeoDataFrame(geometry=[r["geometry"] for r in found.buildings], crs=4326)
    out_crs = CRS.from_user_input(crs) if crs is not None else working_crs_for(wgs)[0]
    if not out_crs.is_projected:
        raise InputError(tr("the output CRS {crs} is not projected; choose one in metres", crs=out_crs.to_string()))

    def tag(key: str) -> Callable[[dict], Any]:
        return lambda r: r["tags"].get(key)

    buildings = _frame(found.buildings, {
        "osm_id": lambda r: r["osm_id"], "building": tag("building"), "name": lambda r: _name(r["tags"]),
        "levels": lambda r: _number(r["tags"].get("building:levels")),
        "height_m": lambda r: _number(r["tags"].get("height"), length=True),
        "nonres_reason": lambda r: residential_use(r["tags"]["building"], r["tags"]),
    }, out_crs)
    compounds = _frame(found.compounds, {
        "compound_id": lambda r: r["osm_id"], "compound_name": lambda r: _name(r["tags"]),
        "osm_tag": lambda r: next(f"{k}={r['tags'][k]}" for k in ("landuse", "place", "residential")
                                  if k in r["tags"]),
    }, out_crs) if found.compounds else _empty(out_crs, ["compound_id", "compound_name", "osm_tag"])

    if communities is not None and len(communities):
        if communities.crs is None:
            raise InputError(tr("the layer has no coordinate reference system; assign one"), layer="communities")
        communities = communities.to_crs(out_crs)
        area = shapely.union_all(shapely.make_valid(communities.geometry.to_numpy()))
        inside = shapely.within(shapely.point_on_surface(buildings.geometry.to_numpy()), area)
        if not inside.any():
            raise InputError(tr("no building of the OpenStreetMap file lies inside a community"),
                             layer="communities")
        if (~inside).any():
            notes.append(tr("{n} building(s) outside every community left out", n=int((~inside).sum())))
        buildings = buildings.loc[inside].reset_index(drop=True)

    # A generic building inside a campus, a hospital, an industrial estate … is not housing,
    # unless a smaller residential area inside that one holds it.
    report(0.3, tr("estimating households"))
    generic = (buildings["building"].str.lower() == "yes") & buildings["nonres_reason"].isna()
    if found.contexts and generic.any():
        contexts = _frame(found.contexts, {"osm_id": lambda r: r["osm_id"],
                                           "context": lambda r: _context(r["tags"])}, out_crs)
        areas = np.concatenate([contexts.geometry.to_numpy(), compounds.geometry.to_numpy()])
        labels = list(contexts["context"]) + [None] * len(compounds)
        rep = shapely.point_on_surface(buildings.geometry.to_numpy()[generic.to_numpy()])
        holder = smallest_holding(rep, shapely.make_valid(areas))
        reasons = [f"inside {labels[h]}" if h >= 0 and labels[h] else None for h in holder]
        buildings.loc[generic, "nonres_reason"] = reasons
    residential = buildings["nonres_reason"].isna()
    buildings["_use"] = np.where(residential, buildings["building"].str.lower(), "not residential")
    estimated = estimate_households(buildings, estimate)
    floors, basis = floors_and_basis(buildings, estimate)
    buildings["floors"] = floors
    buildings["floor_area_m2"] = estimated["floor_area_m2"]
    buildings["households"] = estimated["households"].fillna(0).astype("int64")
    buildings["population"] = estimated["population"].fillna(0).astype("int64")
    buildings["hh_basis"] = np.where(
        ~residential, "not_residential",
        pd.Series(basis).map({"floors": "levels", "height": "height", "default": "default_floors"}))
    buildings = buildings.drop(columns="_use")
    buildings["levels"] = buildings["levels"].astype(float)
    buildings["height_m"] = buildings["height_m"].astype(float)
    buildings = buildings[["osm_id", "building", "name", "levels", "height_m", "floors", "floor_area_m2",
                           "households", "population", "hh_basis", "nonres_reason", "geometry"]]
    check_cancel()

    report(0.5, tr("reading the roads"))
    road_cols = ["highway", "name", "oneway", "osmid"]
    if found.roads:
        roads = load_osm_roads(path, crs=out_crs)
    else:
        roads = _empty(out_crs, road_cols)
        notes.append(tr("no roads found (no way tagged highway=*)"))
    if found.railways:
        rail = _frame(found.railways, {"osmid": lambda r: r["osm_id"].split("/")[1], "name": lambda r: _name(r["tags"]),
                                       "railway": tag("railway")}, out_crs)
        rail = rail.assign(highway="railway", oneway=False)
        roads = pd.concat([roads.assign(railway=None), rail[road_cols + ["railway", "geometry"]]],
                          ignore_index=True)
        roads = gpd.GeoDataFrame(roads, geometry="geometry", crs=out_crs)
    check_cancel()

    water = (_frame(found.water, {"osm_id": lambda r: r["osm_id"], "name": lambda r: _name(r["tags"]),
                                  "osm_tag": lambda r: next(f"{k}={r['tags'][k]}" for k, _ in WATER_AREA_TAGS
                                                            if k in r["tags"])}, out_crs)
             if found.water else _empty(out_crs, ["osm_id", "name", "osm_tag"]))
    waterway = (_frame(found.waterways, {"osm_id": lambda r: r["osm_id"], "name": lambda r: _name(r["tags"]),
                                         "waterway": tag("waterway")}, out_crs)
                if found.waterways else _empty(out_crs, ["osm_id", "name", "waterway"]))
    layers = {"buildings": buildings, "roads": roads, "water": water, "waterway": waterway,
              "compounds": compounds}
    if communities is not None and len(communities):
        layers["communities"] = communities
    report(1.0, tr("done"))
    parameters = {"default_floors_by_type": floors_by_type, "default_floors": fallback,
                  "storey_height_m": storey_height_m, "dwelling_size_m2": dwelling_size_m2,
                  "residential_share": residential_share, "people_per_household": people_per_household}
    return OsmLayers(layers=layers, crs=out_crs, source=path.name, notes=notes, parameters=parameters)
