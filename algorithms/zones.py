"""Zones made of whole units: one network (多网合一) and the grouping of villages.

A *unit* is a polygon of a layer that tiles its area: a plan's basic grids, or natural
villages (自然村 / 村民小组) with households. A *zone* is a contiguous union of whole units
within a capacity (units or households per zone): a police beat (警格) of 3–6 basic grids,
an urban-management zone, a cadre's "one village a zone, two villages a zone" (一村一片、两村一片).

- :func:`plan_zones` designs zones from scratch with the engine's own partitioner
  (:func:`.partition.partition_community`) on the units' adjacency graph: each unit is an atom,
  hard barriers between units are the graph's hard separators, the capacity is the band.
- :func:`audit_zones` measures a department's existing zones against the units (the
  one-network audit): units split by a zone boundary (with a sliver tolerance, real layers
  are misaligned by millimetres), households in split units, zones crossing community lines,
  units in no zone or in two.
- :func:`reconcile_zones` proposes the nearest zones of whole units: each unit goes to the
  existing zone holding most of its area unless contiguity or capacity forbids it; every unit
  that changed zone is reported with its reason. An aligned layer comes back unchanged.
- :func:`one_network` runs the audit and reconciliation of several departments at once and
  makes the "one network" table: for each unit, its zone in every department.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import metrics
from .atoms import SEP_HARD, SEP_NONE, SEP_WATER, AtomGraph
from .band import Band
from .errors import InputError
from .geometry import polygonal_part
from .i18n import tr, translatable
from .numbering import reading_order
from .params import PlanParameters
from .partition import partition_community
from .partition.adjacency import Neighbour, connected_parts
from .prepare import _road_selection, working_crs_for

#: A piece of a unit in another zone smaller than this share of the unit's area is a
#: misalignment of the two layers (a digitising sliver), not a split.
SLIVER_SHARE = 0.02
#: Two units are neighbours when their boundaries run within this distance of each other
#: (layers drawn separately leave millimetre gaps and overlaps).
ADJACENCY_TOLERANCE_M = 0.5
#: A shared boundary shorter than this (two units touching at a corner) makes no neighbours.
MIN_SHARED_BOUNDARY_M = 2.0
#: A shared boundary lies on a barrier when at least half of it runs within this distance.
BARRIER_NEAR_M = 8.0
#: Overlap of two existing zones, as a share of the smaller one, reported as overlapping.
OVERLAP_SHARE = 0.01

MEASURES = ("units", "households")
#: What the measures and the statuses read as (translated where shown).
WORDS = {"units": translatable("units"), "households": translatable("households"),
         "ok": translatable("ok"), "under_min": translatable("under_min"), "over_max": translatable("over_max"),
         "single_unit_over_max": translatable("single_unit_over_max"),
         "noncontiguous": translatable("noncontiguous"), "crosses_barrier": translatable("crosses_barrier"),
         "whole": translatable("whole"), "split": translatable("split"), "no_zone": translatable("no_zone"),
         "two_zones": translatable("two_zones"), "partly_outside": translatable("partly_outside")}


@dataclass(frozen=True)
class Capacity:
    """How much a zone may hold: ``min``–``max`` of a ``measure`` ("units" or "households")."""

    measure: str
    min: int
    max: int

    @classmethod
    def parse(cls, text: str, measure: str) -> Capacity:
        """``"3-6"`` (also ``3–6``, ``3..6`` or one number) as a capacity of ``measure``."""
        if measure not in MEASURES:
            raise InputError(tr("unknown zone capacity measure {measure}; use units or households", measure=measure))
        found = re.fullmatch(r"\s*(\d+)\s*(?:(?:-|–|—|\.\.|~|to)\s*(\d+))?\s*", str(text))
        if not found:
            raise InputError(tr("a zone capacity is MIN-MAX (e.g. 3-6), got {text!r}", text=text))
        low = int(found.group(1))
        high = int(found.group(2)) if found.group(2) is not None else low
        if low < 1 or high < low:
            raise InputError(tr("a zone capacity needs 1 ≤ MIN ≤ MAX, got {text!r}", text=text))
        return cls(measure, low, high)

    @property
    def band(self) -> Band:
        """The capacity as the partitioner's band (aiming at the middle)."""
        return Band(self.min, self.max, (self.min + self.max) / 2.0)

    def describe(self) -> str:
        """``3–6 units`` / ``1000–3000 households``, translated."""
        if self.measure == "units":
            return tr("{low}–{high} units", low=self.min, high=self.max)
        return tr("{low}–{high} households", low=self.min, high=self.max)


@dataclass
class ZoneUnits:
    """The units in a metric CRS: ``frame`` has ``unit_id``, ``households``, ``within``,
    ``community`` and the geometry, one row per unit; ``graph`` their adjacency as an
    :class:`AtomGraph` (one atom per unit)."""

    frame: gpd.GeoDataFrame
    graph: AtomGraph
    notes: list[str] = field(default_factory=list)
    households_field: str | None = "households"     #: where the households came from (None: none)

    def measure(self, capacity: Capacity) -> np.ndarray:
        """What each unit counts towards ``capacity``: 1, or its households."""
        if capacity.measure == "units":
            return np.ones(len(self.frame), dtype=np.int64)
        return self.frame["households"].to_numpy(dtype=np.int64)

    def neighbours(self) -> list[list[Neighbour]]:
        """Every unit's neighbours across any boundary (barriers included): what contiguity means."""
        g = self.graph
        adj: list[list[Neighbour]] = [[] for _ in range(g.n)]
        for i, j, length, sep in zip(g.edge_i, g.edge_j, g.edge_len, g.edge_sep):
            adj[i].append(Neighbour(int(j), float(length), bool(sep != SEP_NONE)))
            adj[j].append(Neighbour(int(i), float(length), bool(sep != SEP_NONE)))
        return adj


def _pick_field(frame: pd.DataFrame, given: str | None, candidates: Sequence[str], what: str,
                layer: str) -> str | None:
    """The field ``given`` (which must exist), else the first of ``candidates`` present."""
    if given:
        if given not in frame.columns:
            raise InputError(tr("has no field {field} (the {what}); fields: {fields}", field=given, what=what,
                                fields=", ".join(map(str, frame.columns[:20]))), layer=layer)
        return given
    return next((c for c in candidates if c in frame.columns), None)


def load_units(units: gpd.GeoDataFrame, *, unit_id_field: str | None = None, households_field: str | None = None,
               within_field: str | None = None, community_field: str | None = None, alone_field: str | None = None,
               barriers: Sequence[gpd.GeoDataFrame] = (), layer: str = "units") -> ZoneUnits:
    """Check the units and build their adjacency graph.

    Ids default to ``grid_code`` (a plan's grids), else ``village_id``/``id``, else the row
    number; households to ``households``. Invalid geometries are repaired (a note says so);
    a unit without area, a duplicate id, units overlapping each other or a non-numeric
    households field are refused, naming the unit. ``barriers`` are line layers (a ``highway``
    class field keeps its hard classes only) or polygons (water): a boundary between two units
    along one is a hard separator, which zones cross only where they must. ``alone_field``
    marks the units that make a zone alone (一村一片: big, special or key villages; a true value:
    1, true, yes, 是), whatever the capacity.
    """
    if units is None or len(units) == 0:
        raise InputError(tr("has no features"), layer=layer)
    if units.crs is None:
        raise InputError(tr("has no coordinate reference system; set one (e.g. in QGIS: Layer properties → Source)"),
                         layer=layer)
    notes: list[str] = []
    crs, note = working_crs_for(units)
    if note:
        notes.append(note)
    frame = units.to_crs(crs) if units.crs != crs else units.copy()
    id_field = _pick_field(frame, unit_id_field, ("grid_code", "unit_id", "village_id", "id", "code"),
                           tr("unit id"), layer)
    hh_field = _pick_field(frame, households_field, ("households",), tr("households"), layer)
    within = _pick_field(frame, within_field, (), tr("area the zones must stay inside"), layer)
    community = _pick_field(frame, community_field, ("community_code",), tr("community"), layer)
    alone = _pick_field(frame, alone_field, (), tr("units that make a zone alone"), layer)
    ids = (frame[id_field].astype(str).str.strip() if id_field else
           pd.Series([str(i + 1) for i in range(len(frame))], index=frame.index))
    dup = ids[ids.duplicated()]
    if len(dup):
        raise InputError(tr("unit id {unit} appears {n} times; every unit needs its own id (field {field})",
                            unit=dup.iloc[0], n=int((ids == dup.iloc[0]).sum()), field=id_field or "—"), layer=layer)
    if hh_field:
        households = pd.to_numeric(frame[hh_field], errors="coerce")
        bad = households.isna() | (households < 0)
        if bad.any():
            k = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(tr("unit {unit}: households {value!r} is not a count ≥ 0",
                                unit=ids.iloc[k], value=frame[hh_field].iloc[k]), layer=layer, field=hh_field)
        hh = households.round().astype(np.int64).to_numpy()
    else:
        hh = np.zeros(len(frame), dtype=np.int64)
    geoms = frame.geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if missing.any():
        raise InputError(tr("unit {unit} has no geometry", unit=ids.iloc[int(np.flatnonzero(missing)[0])]),
                         layer=layer)
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        geoms = geoms.copy()
        geoms[invalid] = [polygonal_part(g) for g in geoms[invalid]]
        notes.append(tr("{layer}: {n} invalid geometry(ies) repaired (units {units})", layer=layer,
                        n=int(invalid.sum()), units=", ".join(ids[invalid].head(5))))
    area = shapely.area(geoms)
    if (area <= 0).any():
        raise InputError(tr("unit {unit} has no area; units must be polygons",
                            unit=ids.iloc[int(np.flatnonzero(area <= 0)[0])]), layer=layer)
    out = gpd.GeoDataFrame({
        "unit_id": ids.to_numpy(), "households": hh,
        "within": frame[within].astype(str).to_numpy() if within else np.full(len(frame), "", dtype=object),
        "community": frame[community].astype(str).to_numpy() if community else np.full(len(frame), "", dtype=object),
        "alone": _truthy(frame[alone]) if alone else np.zeros(len(frame), dtype=bool),
    }, geometry=list(geoms), crs=crs)
    _check_tiling(out, layer)
    notes.extend(_gap_notes(out, layer))
    hard, labels, water = _barrier_geometries(barriers, crs)
    graph = unit_graph(out.geometry.to_numpy(), hh, hard, labels, water)
    return ZoneUnits(out, graph, notes, hh_field)


def _truthy(values: pd.Series) -> np.ndarray:
    """True for 1, true, yes, y, t, 是 (and any non-zero number); False for empty, 0, false, no, 否."""
    text = values.astype(str).str.strip().str.lower()
    numbers = pd.to_numeric(values, errors="coerce")
    return (numbers.fillna(0).ne(0) | text.isin(["true", "yes", "y", "t", "是"])).to_numpy()


def units_layer_spec(spec: str) -> str:
    """``spec`` as a layer to read: a GeoPackage named without a layer and holding a
    ``grids`` layer (a plan) means its grids."""
    text = str(spec)
    if "|" not in text and text.lower().endswith(".gpkg"):
        try:
            import pyogrio

            names = [str(n) for n in pyogrio.list_layers(text)[:, 0]]
        except Exception:  # noqa: BLE001 - read_layer then says what is wrong with the file
            return text
        if "grids" in names:
            return f"{text}|layername=grids"
    return text


def _check_tiling(units: gpd.GeoDataFrame, layer: str) -> None:
    """Refuse units that overlap (beyond slivers): a unit would count twice in a zone."""
    geoms = units.geometry.to_numpy()
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pairs = left < right
    for i, j in zip(left[pairs], right[pairs]):
        overlap = shapely.area(shapely.intersection(geoms[i], geoms[j]))
        smaller = min(shapely.area(geoms[i]), shapely.area(geoms[j]))
        if overlap > max(1.0, SLIVER_SHARE * smaller):
            raise InputError(tr("units {a} and {b} overlap by {area:.0f} m²; units must tile their area without "
                                "overlaps (fix the layer, e.g. with QGIS's topology checker)",
                                a=units["unit_id"].iloc[i], b=units["unit_id"].iloc[j], area=overlap), layer=layer)


def _gap_notes(units: gpd.GeoDataFrame, layer: str) -> list[str]:
    """A note on the holes the units leave between them (above 1 m²): units there are not
    neighbours, so a zone may not reach across such a gap."""
    union = shapely.union_all(shapely.buffer(units.geometry.to_numpy(), ADJACENCY_TOLERANCE_M / 2))
    holes = [shapely.Polygon(ring) for part in shapely.get_parts(union) for ring in part.interiors]
    holes = [h for h in holes if h.area > 1.0]
    if not holes:
        return []
    largest = max(holes, key=lambda h: h.area)
    point = shapely.point_on_surface(largest)
    return [tr("{layer}: the units leave {n} gap(s) between them (largest {area:.0f} m² near {x:.0f}, {y:.0f}); "
               "units across a gap are not neighbours", layer=layer, n=len(holes), area=largest.area,
               x=point.x, y=point.y)]


def _barrier_geometries(barriers: Sequence[gpd.GeoDataFrame], crs: object
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hard lines (with labels) and water polygons of the barrier layers, in ``crs``."""
    lines: list = []
    labels: list = []
    water: list = []
    params = PlanParameters()
    for frame in barriers:
        if frame is None or not len(frame):
            continue
        frame = frame.to_crs(crs) if frame.crs is not None and frame.crs != crs else frame
        geoms = shapely.make_valid(frame.geometry.to_numpy())
        keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        if params.road_class_field in frame.columns:
            _, _, _, is_hard, ok = _road_selection(frame, params)
            keep &= is_hard & ok
        names = frame["name"].to_numpy() if "name" in frame.columns else np.full(len(frame), None, dtype=object)
        for g, name in zip(geoms[keep], names[keep]):
            for part in shapely.get_parts(g):
                kind = shapely.get_type_id(part)
                if kind in (1, 2):
                    lines.append(part)
                    labels.append(str(name) if isinstance(name, str) and name.strip() else None)
                elif kind == 3:
                    water.append(part)
    return (np.array(lines, dtype=object), np.array(labels, dtype=object), np.array(water, dtype=object))


def unit_graph(geoms: np.ndarray, households: np.ndarray, hard_lines: np.ndarray | None = None,
               hard_labels: np.ndarray | None = None, water: np.ndarray | None = None) -> AtomGraph:
    """The adjacency graph of polygons that tile an area, one atom per polygon.

    Two units are neighbours when their boundaries run together for at least
    :data:`MIN_SHARED_BOUNDARY_M` (within :data:`ADJACENCY_TOLERANCE_M`); the boundary is a
    hard separator when at least half of it runs along a hard line, water when along water.
    Workload is the households, so the partitioner balances households.
    """
    geoms = np.asarray(geoms, dtype=object)
    households = np.asarray(households, dtype=np.int64)
    n = len(geoms)
    hard_lines = np.asarray(hard_lines if hard_lines is not None else [], dtype=object)
    water = np.asarray(water if water is not None else [], dtype=object)
    hard_tree = shapely.STRtree(hard_lines) if len(hard_lines) else None
    water_tree = shapely.STRtree(water) if len(water) else None
    boundaries = shapely.boundary(geoms)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(shapely.buffer(geoms, ADJACENCY_TOLERANCE_M), predicate="intersects")
    edges_i, edges_j, lengths, seps, labels = [], [], [], [], []
    for i, j in zip(left, right):
        if i >= j:
            continue
        shared = shapely.intersection(boundaries[i], shapely.buffer(geoms[j], ADJACENCY_TOLERANCE_M))
        length = float(shapely.length(shared))
        if length < MIN_SHARED_BOUNDARY_M:
            continue
        sep, label = SEP_NONE, None
        if hard_tree is not None:
            near = hard_tree.query(shared, predicate="dwithin", distance=BARRIER_NEAR_M)
            if len(near):
                along = shapely.intersection(shared, shapely.buffer(shapely.union_all(hard_lines[near]),
                                                                     BARRIER_NEAR_M))
                if shapely.length(along) >= 0.5 * length:
                    sep = SEP_HARD
                    names = [str(x) for x in (hard_labels[near] if hard_labels is not None else []) if x]
                    label = names[0] if names else None
        if sep == SEP_NONE and water_tree is not None:
            near = water_tree.query(shared, predicate="dwithin", distance=BARRIER_NEAR_M)
            if len(near):
                along = shapely.intersection(shared, shapely.buffer(shapely.union_all(water[near]), BARRIER_NEAR_M))
                if shapely.length(along) >= 0.5 * length:
                    sep = SEP_WATER
                    label = "water"
        edges_i.append(int(i))
        edges_j.append(int(j))
        lengths.append(length)
        seps.append(sep)
        labels.append(label)
    centres = shapely.point_on_surface(geoms)
    return AtomGraph(
        geometry=geoms, kind=np.full(n, "land", dtype=object), households=households,
        workload=households.astype(float), population=np.zeros(n), members=[np.array([i]) for i in range(n)],
        group=np.full(n, None, dtype=object), group_kind=np.full(n, "loose", dtype=object),
        area=shapely.area(geoms), perimeter=shapely.length(geoms),
        x=shapely.get_x(centres), y=shapely.get_y(centres),
        edge_i=np.array(edges_i, dtype=np.int64), edge_j=np.array(edges_j, dtype=np.int64),
        edge_len=np.array(lengths, dtype=float), edge_sep=np.array(seps, dtype=np.int64), notes=[],
        edge_label=np.array(labels, dtype=object))


# ---------------------------------------------------------------------------------------------
# Zones from scratch


def plan_zones(units: ZoneUnits, capacity: Capacity, seed: int = 1, prefix: str = "Z",
               search_seconds: float | None = 2.0) -> np.ndarray:
    """A zone label per unit: contiguous unions of whole units within ``capacity``, inside
    each ``within`` value, compact, crossing hard barriers only where a zone could not
    otherwise meet the capacity (the partitioner's pocket rule). Labels are
    ``<within>-<prefix><seq>`` (``<prefix><seq>`` without ``within``), numbered in reading
    order (north to south, west to east). Same units and seed, same zones."""
    frame = units.frame
    labels = np.full(len(frame), None, dtype=object)
    measure = units.measure(capacity)
    for key in sorted(frame["within"].unique()):
        rows = np.flatnonzero(frame["within"].to_numpy() == key)
        graph = _subgraph(units.graph, rows, measure)
        alone = frame["alone"].to_numpy()[rows]
        # A unit that makes a zone alone (一村一片 for big, special or key villages) is a
        # "dedicated" atom to the partitioner: a group of its own, never joined.
        graph.group_kind[alone] = "dedicated"
        graph.group[alone] = frame["unit_id"].to_numpy()[rows][alone]
        rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, len(rows), int(measure[rows].sum())])
        # A part cut off by barriers below the minimum joins its neighbour across the barrier.
        drafts = partition_community(graph, capacity.band, rng, search_seconds=search_seconds,
                                     pocket_households=capacity.min, building_ids=frame["unit_id"].to_numpy()[rows])
        groups = [rows[np.array(sorted(d.atoms), dtype=np.int64)] for d in drafts if d.atoms]
        geoms = [shapely.union_all(frame.geometry.to_numpy()[g]) for g in groups]
        order = reading_order(shapely.point_on_surface(np.array(geoms, dtype=object)))
        start = f"{key}-{prefix}" if key else prefix
        width = max(2, len(str(len(groups))))
        for seq, g in enumerate(order, 1):
            labels[groups[g]] = f"{start}{seq:0{width}d}"
    return labels


def _subgraph(graph: AtomGraph, rows: np.ndarray, measure: np.ndarray) -> AtomGraph:
    """The graph of the units ``rows`` (renumbered 0…), each counting ``measure``."""
    index = np.full(graph.n, -1, dtype=np.int64)
    index[rows] = np.arange(len(rows))
    keep = (index[graph.edge_i] >= 0) & (index[graph.edge_j] >= 0)
    hh = measure[rows].astype(np.int64)
    return AtomGraph(
        geometry=graph.geometry[rows], kind=graph.kind[rows], households=hh, workload=hh.astype(float),
        population=graph.population[rows], members=[np.array([i]) for i in range(len(rows))],
        group=graph.group[rows], group_kind=graph.group_kind[rows], area=graph.area[rows],
        perimeter=graph.perimeter[rows], x=graph.x[rows], y=graph.y[rows],
        edge_i=index[graph.edge_i[keep]], edge_j=index[graph.edge_j[keep]], edge_len=graph.edge_len[keep],
        edge_sep=graph.edge_sep[keep], notes=[],
        edge_label=graph.edge_label[keep] if graph.edge_label is not None else None)


# ---------------------------------------------------------------------------------------------
# The one-network audit


@dataclass
class Audit:
    """A department's existing zones measured against the units.

    ``shares`` has one row per (unit, zone) piece above the sliver tolerance: ``unit``
    (row), ``zone``, ``share`` of the unit's area. ``zones`` is the existing zones layer in
    the units' CRS with its ids (``zone_id``); ``overlaps`` lists pairs of existing zones that
    overlap (``zone_a``, ``zone_b``, ``area_m2``); ``notes`` what was done to read the layer.
    """

    department: str
    shares: pd.DataFrame
    zones: gpd.GeoDataFrame
    overlaps: pd.DataFrame
    units: pd.DataFrame               # per unit: majority zone, its share, zones, covered share, status
    notes: list[str] = field(default_factory=list)

    def majority(self) -> np.ndarray:
        """Per unit, the zone holding most of its area (``None``: no zone)."""
        return np.array([z if isinstance(z, str) else None for z in self.units["majority_zone"]], dtype=object)

    def split_units(self) -> pd.DataFrame:
        """Units whose area lies in more than one zone, or in none."""
        return self.units[self.units["status"] != "whole"]

    def summary(self) -> dict:
        """The audit's figures (counts of units and households)."""
        u = self.units
        split = u["status"] == "split"
        return {
            "zones": int(len(self.zones)), "units": int(len(u)),
            "units_whole": int((u["status"] == "whole").sum()), "units_split": int(split.sum()),
            "households_split": int(u.loc[split, "households"].sum()),
            "units_no_zone": int((u["status"] == "no_zone").sum()),
            "units_two_zones": int((u["status"] == "two_zones").sum()),
            "units_partly_outside": int((u["status"] == "partly_outside").sum()),
            "zones_crossing_communities": int(self.zones["communities"].gt(1).sum()),
            "zone_overlaps": int(len(self.overlaps)),
        }


def audit_zones(units: ZoneUnits, existing: gpd.GeoDataFrame, *, id_field: str | None = None,
                department: str = "zones", sliver_share: float = SLIVER_SHARE, layer: str = "existing zones") -> Audit:
    """Measure ``existing`` zones against the units (the one-network audit).

    A piece of a unit inside a zone counts when it holds more than ``sliver_share`` of the
    unit's area; a unit is ``whole`` (one zone holds it), ``split`` (several zones hold
    pieces of it), ``no_zone`` (none does), ``two_zones`` (zones overlap on it) or
    ``partly_outside`` (one zone, but more than the sliver share lies outside every zone).
    A layer in another CRS is reprojected (a note says so); zones that overlap each other are
    listed in ``overlaps`` and their units reported as ``two_zones``.
    """
    if existing is None or len(existing) == 0:
        raise InputError(tr("has no features"), layer=layer)
    if existing.crs is None:
        raise InputError(tr("has no coordinate reference system; set one (e.g. in QGIS: Layer properties → Source)"),
                         layer=layer)
    notes: list[str] = []
    crs = units.frame.crs
    if existing.crs != crs:
        notes.append(tr("{layer}: reprojected from {source} to the units' CRS {target}",
                        layer=layer, source=existing.crs.to_string(),
                        target=crs.to_string()))
        existing = existing.to_crs(crs)
    named = [c for c in existing.columns if str(c).lower().endswith(("_id", "_code"))]
    zid_field = _pick_field(existing, id_field, ["zone_id", "zone_code", *named, "id", "code", "name"], tr("zone id"),
                            layer)
    zids = (existing[zid_field].astype(str).str.strip() if zid_field else
            pd.Series([f"{department}-{i + 1}" for i in range(len(existing))], index=existing.index))
    geoms = shapely.make_valid(existing.geometry.to_numpy())
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if empty.any():
        notes.append(tr("{layer} ({department}): {n} zone(s) without geometry ignored ({zones})", layer=layer,
                        department=department, n=int(empty.sum()), zones=", ".join(zids[empty].head(5))))
    geoms = np.array([polygonal_part(g) for g in geoms[~empty]], dtype=object)
    zids = zids[~empty].reset_index(drop=True)
    # Several features with one id are one zone.
    zone_ids = sorted(set(zids))
    zone_geoms = np.array([shapely.union_all(geoms[(zids == z).to_numpy()]) for z in zone_ids], dtype=object)
    overlaps = _zone_overlaps(zone_ids, zone_geoms)

    ugeoms = units.frame.geometry.to_numpy()
    uarea = shapely.area(ugeoms)
    tree = shapely.STRtree(zone_geoms)
    u_idx, z_idx = tree.query(ugeoms, predicate="intersects")
    pieces = shapely.area(shapely.intersection(ugeoms[u_idx], zone_geoms[z_idx])) if len(u_idx) else np.zeros(0)
    shares = pd.DataFrame({"unit": u_idx, "zone": np.array(zone_ids, dtype=object)[z_idx] if len(z_idx) else [],
                           "share": pieces / uarea[u_idx] if len(u_idx) else []})
    shares = shares[shares["share"] > sliver_share].sort_values(["unit", "share", "zone"],
                                                                  ascending=[True, False, True])
    covered = shapely.area(shapely.intersection(ugeoms, shapely.union_all(zone_geoms))) / uarea
    by_unit = {int(u): g for u, g in shares.groupby("unit")}
    rows = []
    for u in range(len(ugeoms)):
        g = by_unit.get(u)
        if g is None:
            rows.append({"majority_zone": None, "majority_share": 0.0, "zones": "", "n_zones": 0,
                         "status": "no_zone"})
            continue
        total = float(g["share"].sum())
        n_zones = len(g)
        if n_zones > 1 and total > 1.0 + sliver_share:
            status = "two_zones"
        elif n_zones > 1:
            status = "split"
        elif 1.0 - covered[u] > sliver_share:
            status = "partly_outside"
        else:
            status = "whole"
        rows.append({"majority_zone": str(g["zone"].iloc[0]), "majority_share": float(g["share"].iloc[0]),
                     "zones": "; ".join(f"{z} {s:.0%}" for z, s in zip(g["zone"], g["share"])),
                     "n_zones": n_zones, "status": status})
    per_unit = pd.DataFrame(rows)
    per_unit.insert(0, "unit_id", units.frame["unit_id"].to_numpy())
    per_unit.insert(1, "households", units.frame["households"].to_numpy())
    per_unit["covered_share"] = np.round(covered, 4)

    zframe = gpd.GeoDataFrame({"zone_id": zone_ids}, geometry=list(zone_geoms), crs=crs)
    communities = units.frame["community"].to_numpy()
    comm_of_zone: dict[str, set] = {z: set() for z in zone_ids}
    for u, z in zip(shares["unit"], shares["zone"]):
        if communities[int(u)]:
            comm_of_zone[str(z)].add(communities[int(u)])
    zframe["communities"] = [len(comm_of_zone[z]) for z in zone_ids]
    zframe["community_codes"] = [", ".join(sorted(comm_of_zone[z])) for z in zone_ids]
    zframe["units_touched"] = [int((shares["zone"] == z).sum()) for z in zone_ids]
    split_units = set(per_unit.index[per_unit["status"].isin(["split", "two_zones"])])
    zframe["units_split"] = [int(sum(1 for u in shares.loc[shares["zone"] == z, "unit"] if int(u) in split_units))
                             for z in zone_ids]
    return Audit(department, shares.reset_index(drop=True), zframe, overlaps, per_unit, notes)


def _zone_overlaps(zone_ids: list[str], geoms: np.ndarray) -> pd.DataFrame:
    """Pairs of zones overlapping by more than :data:`OVERLAP_SHARE` of the smaller one."""
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    rows = []
    for i, j in zip(left, right):
        if i >= j:
            continue
        area = float(shapely.area(shapely.intersection(geoms[i], geoms[j])))
        if area > OVERLAP_SHARE * min(shapely.area(geoms[i]), shapely.area(geoms[j])):
            rows.append({"zone_a": zone_ids[i], "zone_b": zone_ids[j], "area_m2": round(area, 1)})
    return pd.DataFrame(rows, columns=["zone_a", "zone_b", "area_m2"])


# ---------------------------------------------------------------------------------------------
# Reconciliation: the nearest zones of whole units


@dataclass
class Reconciled:
    """Zones of whole units for one department: a label per unit and, per unit, why it is
    not in the zone that held most of its area (``""`` when it is)."""

    labels: np.ndarray
    reasons: np.ndarray


def reconcile_zones(units: ZoneUnits, audit: Audit, capacity: Capacity | None = None) -> Reconciled:
    """Each unit to the existing zone holding most of its area, then the repairs:

    1. a unit in no zone joins the neighbouring zone it shares most boundary with (same
       ``within`` value);
    2. a zone that leaves the ``within`` area keeps the part in the ``within`` value holding
       most of its units; its other parts become zones of their own, ``<zone>@<within>``;
    3. a zone in several pieces keeps its largest piece; each other piece joins the
       neighbouring zone it shares most boundary with (or stays a zone of its own, named
       ``<zone>/2``, when it touches none);
    4. with a ``capacity``: while a zone is above the maximum, its unit with the smallest
       share of area in it moves to a neighbouring zone that stays within the maximum and
       keeps both zones whole; a zone that cannot shed enough stays above, reported; then
       while a zone is below the minimum, it takes a neighbouring unit (the one with the
       largest share of area in it first) from a zone that stays within the minimum and whole.

    Units of an aligned layer within capacity keep their zones: nothing changes.
    """
    frame = units.frame
    n = len(frame)
    labels = audit.majority()
    reasons = np.full(n, "", dtype=object)
    adj = units.neighbours()
    within = frame["within"].to_numpy()
    ids = frame["unit_id"].to_numpy()

    # 1. units in no zone
    for _ in range(n):
        todo = [u for u in range(n) if labels[u] is None]
        if not todo:
            break
        progress = False
        for u in todo:
            best = _best_neighbour_zone(u, labels, adj, within)
            if best is not None:
                labels[u] = best
                reasons[u] = tr("in no existing zone; joins the neighbouring zone {zone}", zone=best)
                progress = True
        if not progress:
            break
    for u in range(n):
        if labels[u] is None:
            labels[u] = f"{audit.department}-{ids[u]}"
            reasons[u] = tr("in no existing zone and touches none: a zone of its own")

    # 2. zones leaving their within area
    if len(set(within)) > 1:
        for zone in sorted(set(labels)):
            members = np.flatnonzero(labels == zone)
            keys, counts = np.unique(within[members], return_counts=True)
            if len(keys) < 2:
                continue
            keep = keys[np.argmax(counts)]
            for u in members[within[members] != keep]:
                labels[u] = f"{zone}@{within[u]}"
                reasons[u] = tr("zone {zone} leaves {within}: its part in {other} becomes a zone of its own",
                                zone=zone, within=keep, other=within[u])

    # 3. zones in pieces
    area = frame.geometry.area.to_numpy()
    for _ in range(3):
        changed = False
        for zone in sorted(set(labels)):
            members = np.flatnonzero(labels == zone)
            parts = connected_parts(members, adj)
            if len(parts) < 2:
                continue
            parts.sort(key=lambda p: (-float(area[p].sum()), int(p[0])))
            for part in parts[1:]:
                target = _best_neighbour_zone_of_part(part, labels, adj, within, exclude=zone)
                for u in part:
                    if target is not None:
                        labels[u] = target
                        reasons[u] = tr("cut off from the rest of zone {zone}; joins the neighbouring zone {target}",
                                        zone=zone, target=target)
                    else:
                        labels[u] = f"{zone}/2"
                        reasons[u] = tr("cut off from the rest of zone {zone} and touching no other zone: "
                                        "a zone of its own", zone=zone)
                changed = True
        if not changed:
            break

    # 4. capacity
    if capacity is not None:
        measure = units.measure(capacity)
        share_in = _share_lookup(audit)
        for zone in sorted(set(labels)):
            while True:
                members = np.flatnonzero(labels == zone)
                load = int(measure[members].sum())
                if load <= capacity.max or len(members) < 2:
                    break
                moved = False
                loads = {z: int(measure[labels == z].sum()) for z in set(labels)}
                for u in sorted(members, key=lambda m: (share_in.get((int(m), zone), 0.0), -int(measure[m]), ids[m])):
                    rest = members[members != u]
                    if len(connected_parts(rest, adj)) != 1:
                        continue
                    options = sorted({str(labels[b]) for b, _, _ in adj[u]
                                      if labels[b] != zone and within[b] == within[u]
                                      and loads[str(labels[b])] + int(measure[u]) <= capacity.max})
                    if not options:
                        continue
                    target = max(options, key=lambda z: (share_in.get((int(u), z), 0.0),
                                                         sum(ln for b, ln, _ in adj[u] if labels[b] == z)))
                    labels[u] = target
                    reasons[u] = tr("zone {zone} holds {load} (> max {maximum}); moves to the neighbouring zone "
                                    "{target}", zone=zone, load=load, maximum=capacity.max, target=target)
                    moved = True
                    break
                if not moved:
                    break
        for zone in sorted(set(labels)):
            while True:
                members = np.flatnonzero(labels == zone)
                load = int(measure[members].sum())
                if load >= capacity.min:
                    break
                loads = {z: int(measure[labels == z].sum()) for z in set(labels)}
                candidates = sorted({int(b) for u in members for b, _, _ in adj[u]
                                     if labels[b] != zone and within[b] == within[u]},
                                    key=lambda b: (-share_in.get((b, zone), 0.0), int(measure[b]), ids[b]))
                moved = False
                for b in candidates:
                    donor = str(labels[b])
                    rest = np.flatnonzero(labels == donor)
                    rest = rest[rest != b]
                    if (loads[donor] - int(measure[b]) < capacity.min or load + int(measure[b]) > capacity.max
                            or len(connected_parts(rest, adj)) != 1):
                        continue
                    labels[b] = zone
                    reasons[b] = tr("zone {zone} holds {load} (< min {minimum}); joins it from the neighbouring "
                                    "zone {donor}", zone=zone, load=load, minimum=capacity.min, donor=donor)
                    moved = True
                    break
                if not moved:
                    break
    return Reconciled(labels, reasons)


def _share_lookup(audit: Audit) -> dict[tuple[int, str], float]:
    return {(int(u), str(z)): float(s) for u, z, s in zip(audit.shares["unit"], audit.shares["zone"],
                                                          audit.shares["share"])}


def _best_neighbour_zone(u: int, labels: np.ndarray, adj: list[list[Neighbour]], within: np.ndarray) -> str | None:
    """The zone of ``u``'s neighbours (same ``within``) sharing the longest boundary with it."""
    lengths: dict[str, float] = {}
    for b, length, _ in adj[u]:
        if labels[b] is not None and within[b] == within[u]:
            lengths[str(labels[b])] = lengths.get(str(labels[b]), 0.0) + length
    return max(sorted(lengths), key=lambda z: lengths[z]) if lengths else None


def _best_neighbour_zone_of_part(part: np.ndarray, labels: np.ndarray, adj: list[list[Neighbour]],
                                 within: np.ndarray, exclude: str) -> str | None:
    lengths: dict[str, float] = {}
    inside = set(int(p) for p in part)
    for u in part:
        for b, length, _ in adj[u]:
            z = labels[b]
            if b in inside or z is None or z == exclude or within[b] != within[u]:
                continue
            lengths[str(z)] = lengths.get(str(z), 0.0) + length
    return max(sorted(lengths), key=lambda z: lengths[z]) if lengths else None


# ---------------------------------------------------------------------------------------------
# Layers, several departments and the report


@dataclass
class Department:
    """One department's input: its name, capacity and (optionally) its existing zones."""

    name: str
    capacity: Capacity
    existing: gpd.GeoDataFrame | None = None
    id_field: str | None = None


@dataclass
class DepartmentZones:
    """One department's zones: the layer, each unit's zone and, with existing zones, the audit."""

    department: Department
    zones: gpd.GeoDataFrame
    unit_zone: pd.DataFrame
    audit: Audit | None = None

    def changed(self) -> pd.DataFrame:
        """Units whose zone is not the existing zone that held most of their area."""
        return self.unit_zone[self.unit_zone["changed"] == 1]


@dataclass
class ZonesResult:
    """The zones of every department, the one-network table and the notes of the run."""

    units: ZoneUnits
    departments: list[DepartmentZones]
    notes: list[str] = field(default_factory=list)

    def one_network(self) -> pd.DataFrame:
        """For each unit, its zone in every department (one column per department)."""
        frame = self.units.frame
        out = pd.DataFrame({"unit_id": frame["unit_id"].to_numpy(), "households": frame["households"].to_numpy(),
                            "community": frame["community"].to_numpy()})
        for d in self.departments:
            out[d.department.name] = d.unit_zone["zone_id"].to_numpy()
        return out

    def layers(self) -> dict[str, pd.DataFrame]:
        """The output layers: ``zones`` (``zones_<department>`` with several), ``unit_zone``,
        ``audit`` (split units) and ``one_network`` when existing zones were given."""
        several = len(self.departments) > 1
        out: dict[str, pd.DataFrame] = {}
        for d in self.departments:
            out[f"zones_{d.department.name}" if several else "zones"] = d.zones
        out["unit_zone"] = pd.concat([d.unit_zone for d in self.departments], ignore_index=True)
        audits = [d for d in self.departments if d.audit is not None]
        if audits:
            out["audit"] = pd.concat([_audit_layer(self.units, d) for d in audits], ignore_index=True)
            out["existing_zones"] = pd.concat([_existing_zone_rows(d) for d in audits], ignore_index=True)
            out["one_network"] = self.one_network()
        return out

    def metadata(self) -> dict:
        """What the run was: capacities, summaries, notes (the GeoPackage's metadata table)."""
        return {"engine": "gridplanner zones", "crs": self.units.frame.crs.to_string(),
                "departments": {d.department.name: {"capacity": f"{d.department.capacity.min}-"
                                                                f"{d.department.capacity.max} "
                                                                f"{d.department.capacity.measure}",
                                                    "summary": zone_summary(d)} for d in self.departments},
                "notes": list(self.notes)}


def _audit_layer(units: ZoneUnits, d: DepartmentZones) -> gpd.GeoDataFrame:
    assert d.audit is not None
    per = d.audit.units
    bad = per[per["status"] != "whole"]
    rows = units.frame.iloc[bad.index]
    return gpd.GeoDataFrame({
        "department": d.department.name, "unit_id": bad["unit_id"].to_numpy(),
        "households": bad["households"].to_numpy(), "status": bad["status"].to_numpy(),
        "zones": bad["zones"].to_numpy(), "majority_zone": bad["majority_zone"].to_numpy(),
        "majority_share": bad["majority_share"].round(4).to_numpy(),
        "covered_share": bad["covered_share"].to_numpy(),
        "proposed_zone": d.unit_zone["zone_id"].to_numpy()[bad.index],
    }, geometry=list(rows.geometry), crs=units.frame.crs)


def _existing_zone_rows(d: DepartmentZones) -> pd.DataFrame:
    assert d.audit is not None
    z = d.audit.zones
    return pd.DataFrame({"department": d.department.name, "zone_id": z["zone_id"],
                         "units_touched": z["units_touched"], "units_split": z["units_split"],
                         "communities": z["communities"], "community_codes": z["community_codes"]})


def zone_summary(d: DepartmentZones) -> dict:
    """Figures of one department's zones (and of its audit)."""
    z = d.zones
    out = {"zones": int(len(z)), "zones_ok": int((z["status"] == "ok").sum()),
           "units": int(z["units"].sum()), "households": int(z["households"].sum()),
           "units_changed": int(d.unit_zone["changed"].sum())}
    if d.audit is not None:
        out.update({f"audit_{k}": v for k, v in d.audit.summary().items()})
    return out


def zones_layer(units: ZoneUnits, labels: np.ndarray, capacity: Capacity, department: str,
                adj: list[list[Neighbour]] | None = None) -> gpd.GeoDataFrame:
    """The zones layer of a labelling: id, member units, households, units, status, reason.

    Status: ``ok`` (also a unit that makes a zone alone, :func:`load_units`' ``alone_field``);
    ``under_min`` / ``over_max`` (the capacity); ``single_unit_over_max`` (one
    unit alone above the maximum: a zone of its own, never split); ``noncontiguous``;
    ``crosses_barrier`` (two of its units meet only across a hard barrier or water).
    """
    frame = units.frame
    adj = adj if adj is not None else units.neighbours()
    measure = units.measure(capacity)
    g = units.graph
    hard_pairs = {(int(i), int(j)) for i, j, s in zip(g.edge_i, g.edge_j, g.edge_sep) if s in (SEP_HARD, SEP_WATER)}
    soft_adj: list[list[Neighbour]] = [[nb for nb in adj[u] if (min(u, nb.atom), max(u, nb.atom)) not in hard_pairs]
                                       for u in range(len(adj))]
    rows, geoms = [], []
    for zone in sorted(set(labels), key=str):
        members = np.flatnonzero(labels == zone)
        members = members[np.argsort(frame["unit_id"].to_numpy()[members].astype(str), kind="stable")]
        load = int(measure[members].sum())
        parts = len(connected_parts(members, adj))
        across = len(connected_parts(members, soft_adj)) - parts
        if parts > 1:
            status, reason = "noncontiguous", tr("the zone has {n} separate parts", n=parts)
        elif len(members) == 1 and bool(frame["alone"].iloc[members[0]]):
            status, reason = "ok", tr("unit {unit} makes a zone alone", unit=frame["unit_id"].iloc[members[0]])
        elif len(members) == 1 and load > capacity.max:
            status = "single_unit_over_max"
            reason = tr("unit {unit} alone holds {load} (> max {maximum}); a unit is never split: a zone of its own",
                        unit=frame["unit_id"].iloc[members[0]], load=load, maximum=capacity.max)
        elif load > capacity.max:
            status, reason = "over_max", tr("{load} (> max {maximum} {measure})", load=load, maximum=capacity.max,
                                            measure=tr(WORDS[capacity.measure]))
        elif load < capacity.min:
            status, reason = "under_min", tr("{load} (< min {minimum} {measure})", load=load, minimum=capacity.min,
                                             measure=tr(WORDS[capacity.measure]))
        else:
            status, reason = "ok", ""
        if across > 0:
            crossing = tr("its units meet only across {n} hard barrier(s)", n=across)
            reason = f"{reason}; {crossing}" if reason else crossing
        geom = shapely.union_all(frame.geometry.to_numpy()[members])
        communities = sorted({c for c in frame["community"].to_numpy()[members] if c})
        rows.append({"department": department, "zone_id": str(zone),
                     "units_list": ", ".join(frame["unit_id"].to_numpy()[members].astype(str)),
                     "households": int(frame["households"].to_numpy()[members].sum()), "units": int(len(members)),
                     "communities": len(communities), "barrier_crossings": across, "status": status,
                     "reason": reason})
        geoms.append(geom)
    zones = gpd.GeoDataFrame(rows, geometry=geoms, crs=frame.crs,
                             columns=["department", "zone_id", "units_list", "households", "units", "communities",
                                      "barrier_crossings", "status", "reason"])
    if len(zones):
        zones["area_m2"] = np.round(shapely.area(zones.geometry.to_numpy()), 1)
        zones["compactness"] = np.round(metrics.polsby_popper(zones.geometry.to_numpy()), 4)
    return zones


def build_zones(units: ZoneUnits, departments: Sequence[Department], *, seed: int = 1,
                sliver_share: float = SLIVER_SHARE) -> ZonesResult:
    """Zones of every department: reconciled with its existing zones when given (audit
    first), else designed from scratch (:func:`plan_zones`)."""
    names = [d.name for d in departments]
    if len(set(names)) != len(names):
        raise InputError(tr("department {name} is given twice", name=next(n for n in names if names.count(n) > 1)))
    for dept in departments:
        if dept.capacity.measure == "households" and units.households_field is None:
            raise InputError(tr("{department}: a capacity in households needs the units' households (give "
                                "--households-field)", department=dept.name), layer="units")
    if not (math.isfinite(sliver_share) and 0 <= sliver_share < 1):
        raise InputError(tr("the sliver share must be a fraction of a unit's area from 0 to below 1 (got {value})",
                            value=sliver_share))
    notes = list(units.notes)
    adj = units.neighbours()
    out = []
    for dept in departments:
        audit = None
        if dept.existing is not None:
            audit = audit_zones(units, dept.existing, id_field=dept.id_field, department=dept.name,
                                sliver_share=sliver_share, layer=existing_layer_name(dept.name))
            if units.frame["alone"].any():
                notes.append(tr("{department}: the units marked to make a zone alone (--alone-field) are not made "
                                "zones of their own when existing zones are reconciled; the marks apply to zones "
                                "designed from scratch", department=dept.name))
            notes.extend(audit.notes)
            for _, o in audit.overlaps.iterrows():
                notes.append(tr("{department}: existing zones {a} and {b} overlap by {area:.0f} m²; units under the "
                                "overlap are reported as in two zones and go to the zone holding most of them",
                                department=dept.name, a=o["zone_a"], b=o["zone_b"], area=o["area_m2"]))
            rec = reconcile_zones(units, audit, dept.capacity)
            labels, reasons = rec.labels, rec.reasons
            previous = audit.majority()
            share = audit.units["majority_share"].to_numpy()
        else:
            labels = plan_zones(units, dept.capacity, seed=seed)
            reasons = np.full(len(labels), "", dtype=object)
            previous = np.full(len(labels), None, dtype=object)
            share = np.full(len(labels), np.nan)
        changed = np.array([p is not None and p != lb or (p is None and dept.existing is not None)
                            for p, lb in zip(previous, labels)], dtype=np.int64)
        unit_zone = pd.DataFrame({"department": dept.name, "unit_id": units.frame["unit_id"].to_numpy(),
                                  "households": units.frame["households"].to_numpy(), "zone_id": labels.astype(str),
                                  "previous_zone": previous, "previous_share": np.round(share.astype(float), 4),
                                  "changed": changed, "reason": reasons})
        out.append(DepartmentZones(dept, zones_layer(units, labels, dept.capacity, dept.name, adj), unit_zone, audit))
    return ZonesResult(units, out, notes)


def render_zones_report(result: ZonesResult, title: str) -> str:
    """The HTML report: per department the capacity and figures, the audit's split units,
    every unit that changed zone, the zones outside capacity, and the one-network table."""
    from .report import cell_text, html_page

    esc = html.escape
    sections: list[tuple[str, str]] = []
    for d in result.departments:
        s = zone_summary(d)
        rows = [(tr("Capacity"), d.department.capacity.describe()), (tr("Zones"), str(s["zones"])),
                (tr("Zones within capacity"), str(s["zones_ok"])), (tr("Units"), str(s["units"])),
                (tr("Households"), f"{s['households']:,}"), (tr("Units that changed zone"), str(s["units_changed"]))]
        if d.audit is not None:
            a = d.audit.summary()
            rows += [(tr("Existing zones"), str(a["zones"])),
                     (tr("Units split by a zone boundary"), str(a["units_split"])),
                     (tr("Households in split units"), f"{a['households_split']:,}"),
                     (tr("Units in no zone"), str(a["units_no_zone"])),
                     (tr("Units in two zones (zones overlap)"), str(a["units_two_zones"])),
                     (tr("Units partly outside every zone"), str(a["units_partly_outside"])),
                     (tr("Overlapping pairs of existing zones"), str(a["zone_overlaps"])),
                     (tr("Existing zones crossing community lines"), str(a["zones_crossing_communities"]))]
        body = _table([tr("Figure"), tr("Value")], rows, css="summary")
        sections.append((tr("Department {name}", name=d.department.name), body))
        if d.audit is not None:
            bad = d.audit.split_units()
            sections.append((tr("{name}: units not whole in one existing zone", name=d.department.name),
                             _table([tr("Unit"), tr("Households"), tr("Status"), tr("Zones (share of area)")],
                                    [(r.unit_id, str(r.households), tr(WORDS[r.status]), cell_text(r.zones))
                                     for r in bad.itertuples()])
                             if len(bad) else f"<p>{esc(tr('None: every unit lies in one zone.'))}</p>"))
        changed = d.changed()
        if d.audit is not None:
            sections.append((tr("{name}: units that changed zone", name=d.department.name),
                             _table([tr("Unit"), tr("Households"), tr("Existing zone"), tr("Proposed zone"),
                                     tr("Reason")],
                                    [(r.unit_id, str(r.households), cell_text(r.previous_zone) or "—", r.zone_id,
                                      r.reason)
                                     for r in changed.itertuples()])
                             if len(changed) else f"<p>{esc(tr('None: every unit keeps its zone.'))}</p>"))
        z = d.zones
        if len(z):
            picture = _zones_map(result.units, d)
            sections.append((tr("{name}: map", name=d.department.name),
                             f'<img alt="{esc(tr("map of the zones"))}" src="data:image/png;base64,{picture}">'))
        sections.append((tr("{name}: zones", name=d.department.name),
                         _table([tr("Zone"), tr("Units"), tr("Households"), tr("Status"), tr("Member units"),
                                 tr("Reason")],
                                [(r.zone_id, str(r.units), f"{r.households:,}", tr(WORDS[r.status]), r.units_list,
                                  r.reason) for r in z.itertuples()])))
    if any(d.audit is not None for d in result.departments):
        net = result.one_network()
        names = [d.department.name for d in result.departments]
        sections.append((tr("One network: each unit's zone in every department"),
                         _table([tr("Unit"), tr("Households")] + names,
                                [tuple([str(r["unit_id"]), str(r["households"])] + [cell_text(r[n]) for n in names])
                                 for _, r in net.iterrows()])))
    if result.notes:
        sections.append((tr("Notes"), "<ul>" + "".join(f"<li>{esc(n)}</li>" for n in result.notes) + "</ul>"))
    intro = esc(tr("Zones made of whole units: {units} units, {households} households.",
                   units=len(result.units.frame), households=f"{int(result.units.frame['households'].sum()):,}"))
    return html_page(title, intro, sections)


def _zones_map(units: ZoneUnits, d: DepartmentZones) -> str:
    """Base64 PNG of a department's zones (labelled with id and units), the unit lines thin,
    zones outside capacity outlined in red (the plan report's map, :func:`.report.grid_map_png`)."""
    from .report import grid_map_png

    # The unit lines as thin strips: the map draws its second layer filled.
    lines = gpd.GeoDataFrame(geometry=list(shapely.buffer(shapely.boundary(units.frame.geometry.to_numpy()), 2.0)),
                             crs=units.frame.crs)
    labels = [f"{zone}\n{n}" for zone, n in zip(d.zones["zone_id"], d.zones["units"])]
    return grid_map_png(d.zones, lines, labels, tr("Zones (id / units); grey lines: units; red outline: outside "
                                                   "capacity or in pieces"))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], css: str = "") -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    cls = f' class="{css}"' if css else ""
    return f"<table{cls}><tr>{head}</tr>{body}</table>"


def parse_department_values(values: Sequence[str], what: str) -> dict[str | None, str]:
    """``NAME=VALUE`` items (or one plain ``VALUE`` for every department) as a dict; the
    plain value's key is ``None``."""
    out: dict[str | None, str] = {}
    for item in values:
        found = re.fullmatch(r"([A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff-]*)=(.+)", str(item).strip())
        key, value = (found.group(1), found.group(2)) if found else (None, str(item).strip())
        if key in out:
            raise InputError(tr("{what} is given twice for {department}", what=what,
                                department=key or tr("every department")))
        out[key] = value
    return out


def existing_layer_name(department: str) -> str:
    """How messages name a department's existing zones (an unnamed ``--existing`` is ``zones``)."""
    return tr("existing zones") if department == "zones" else tr("existing zones of {department}",
                                                                 department=department)


def departments_from_options(existing: Sequence[str], capacities: Mapping[str, Sequence[str]],
                             id_fields: Sequence[str],
                             read: Callable[[str, str], gpd.GeoDataFrame]) -> list[Department]:
    """The departments of ``--existing NAME=LAYER`` (repeatable), each with its capacity
    (``--units-per-zone``/``--households-per-zone``: ``A-B`` for all or ``NAME=A-B``) and id
    field; without ``--existing``, a department per named capacity (else one, ``zones``),
    designed from scratch. ``read``
    reads a layer spec (``io.read_layer``)."""
    layers = parse_department_values(existing, "--existing")
    if None in layers and len(layers) > 1:
        raise InputError(tr("with several --existing layers, name each: --existing police=FILE --existing urban=FILE"))
    per_measure = {m: parse_department_values(v, f"--{m}-per-zone") for m, v in capacities.items()}
    named = sorted({k for vals in per_measure.values() for k in vals if k is not None})
    if layers:
        keys: list[str | None] = list(layers)
        names = [k if k is not None else "zones" for k in keys]
    else:       # zones designed from scratch: one department per named capacity, else "zones"
        names = named or ["zones"]
        keys = [None] * len(names)
    fields = parse_department_values(id_fields, "--existing-id-field")
    out = []
    for key, name in zip(keys, names):
        found = [(m, vals.get(name, vals.get(None))) for m, vals in per_measure.items()
                 if vals.get(name, vals.get(None)) is not None]
        if not found:
            raise InputError(tr("no capacity for {department}: give --units-per-zone A-B or --households-per-zone A-B "
                                "(or {department}=A-B)", department=name))
        if len(found) > 1:
            raise InputError(tr("{department} has both a units and a households capacity; give one",
                                department=name))
        measure, text = found[0]
        layer = read(layers[key], existing_layer_name(name)) if key in layers else None
        out.append(Department(name, Capacity.parse(str(text), measure), layer,
                              fields.get(name, fields.get(None))))
    unknown = set(k for vals in per_measure.values() for k in vals if k is not None) - set(names)
    if unknown:
        raise InputError(tr("a capacity names {names}, which no --existing layer is", names=", ".join(sorted(unknown))))
    return out
