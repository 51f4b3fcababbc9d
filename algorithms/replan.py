"""The yearly review (动态调整): re-plan a street with the fewest changes to last year's plan.

A street office repairs the grids that broke and keeps the rest, so that workers keep their
households and the codes registered in the governance platform stay valid. :func:`replan_grids`
does that in four steps:

1. **match** this year's buildings to last year's (:func:`match_buildings`): by the building id
   field when ``params.building_id_field`` is given and the previous plan has it, else by
   footprint overlap (a pair matches when their common area is at least
   :data:`MATCH_OVERLAP` of the smaller footprint; pairs are taken greedily, largest share
   first, one to one). A matched building whose households differ or whose footprint changed
   (intersection over union below :data:`SAME_FOOTPRINT_IOU`) is *changed*; an unmatched one
   is *new*; a previous building matched by none is *demolished*.
2. **carry** every building to last year's grid (a new building to the previous grid holding a
   point of its footprint) and find the grids that *broke*: a basic grid whose status under the
   carried assignment is not ``ok`` and that was ``ok`` last year, gained or lost a building, or
   whose households changed (last year's proof, ``band_forced``, was for last year's
   households). Grids that were outside the rules last year and did not change keep their
   state and reason.
3. **repair** outward from each broken grid, the furthest from the band first. First the
   *minimum transfer* (:mod:`.transfer`, :meth:`_CommunityReplan.transfer`): on the grid and
   its rings of neighbours, a min-cost flow over the grid adjacency (a small HiGHS MILP that
   knows the smallest unit able to cross each boundary) says how many households cross each
   boundary, possibly along a chain of neighbours, and whole atoms (single buildings, a
   compound with all of its buildings) are peeled along each boundary keeping both grids
   connected and in the band; the grids that gave or took are then measured as one region
   and taken when fewer of them break a rule and the broken grid meets them all. Where it
   does not restore the rules (a grid needs a new neighbour, atoms too large, a grid in
   pieces), the engine re-plans: the broken grid
   with each neighbour alone (a pair), then with its ring of neighbours (up to
   :data:`MAX_RINGS` rings), each region planned again as one area by the engine
   (:func:`planner._plan_one` on the sub-area: atoms, :func:`partition.partition_community`
   started from the carried grids, dissolve; :class:`FewestMoves` then gives atoms back to
   their previous grid where the rules allow), with the region's current grid count and with
   the count the engine chooses; a wider stage is tried only while the rules are not
   restored. A candidate is taken only when fewer grids break a rule than before; among them
   the one breaking the rules least wins, then the one moving fewest households, then the one
   with the most even workload; and only within ``max_moved`` (the share of households that
   may change grid): when the cap stops a repair the grid says so in its reason. A broken grid
   no repair improves keeps its buildings and gets the engine's reason (and proof) for them;
   so does a kept grid outside the band whose households changed, and a repaired one whose
   reason was only the repair's own grid count (reasons quote this year's figures).
4. **code**: a grid nobody touched keeps its code, buildings and polygon exactly. A repaired
   grid keeps an old code when it holds more than half (:data:`SUCCESSOR_SHARE`) of that old
   grid's households this year; an old grid has at most one successor (when a grid holds more
   than half of two old grids, it keeps the code it shares most households with). Every other
   grid takes a code no grid of the community ever had: the sequence after the highest in the
   code history (kept in the plan's metadata, ``code_history``, so next year's re-plan knows
   it too). Codes of grids without a successor are *retired* and never used again.

A community whose outline changed (or that is new) is planned afresh, from the carried grids,
with the same code rules. The result is a plan (the contract of :func:`plan_grids`) with the
change columns and layers described in :class:`ReplanResult`.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import metrics
from .atoms import AtomGraph
from .band import Band
from .errors import InputError, PlanCancelled
from .geometry import conform_plan, polygonal_part
from .i18n import tr
from .io import read_layer, read_metadata, write_geopackage
from .numbering import grid_codes, reading_order, sequence_of
from .params import PlanParameters
from .partition import GridDraft
from .partition.adjacency import connected_parts, planning_adjacency
from .planner import (
    CommunityPlan,
    CommunityTask,
    GraphBuilder,
    Partitioner,
    PlanResult,
    _assemble,
    _plan_one,
    build_community_graph,
    build_tasks,
    plan_grids,
)
from .prepare import prepare_inputs
from .transfer import MinimumTransfer, fine_community_graph

#: Two footprints are the same building when they share this share of the smaller one.
MATCH_OVERLAP = 0.5
#: A matched footprint whose intersection over union with last year's is below this changed shape.
SAME_FOOTPRINT_IOU = 0.9
#: A repaired grid keeps an old code when it holds more than this share of that grid's households.
SUCCESSOR_SHARE = 0.5
#: Rings of neighbours tried around a broken grid (the grid and its neighbours, then theirs…).
MAX_RINGS = 3
#: Band violation counted for a grid in several parts or crossing a hard barrier (households).
RULE_BREAK_WEIGHT = 1000.0
#: A community whose outline differs from the union of its previous grids by more than this
#: (m²) is planned afresh; below it the difference is the slivers of the plan's precision model.
OUTLINE_TOLERANCE_M2 = 50.0
#: Weight of a building in the successor rule besides its households, so that a grid of
#: buildings without households (a dedicated site) has a successor too.
BUILDING_WEIGHT = 1e-3
#: Values of the grids' ``change`` field and the buildings' ``building_change`` field.
KEPT, CHANGED, NEW = "kept", "changed", "new"
SAME, DEMOLISHED = "same", "demolished"


@dataclass
class PreviousPlan:
    """Last year's plan: its ``grids`` and ``buildings`` layers and its metadata."""

    grids: gpd.GeoDataFrame
    buildings: gpd.GeoDataFrame
    metadata: dict = field(default_factory=dict)

    @classmethod
    def read(cls, path: str | os.PathLike) -> PreviousPlan:
        """Read a plan GeoPackage written by ``plan`` or ``replan``."""
        path = str(path)
        grids = read_layer(f"{path}|layername=grids", "previous plan")
        buildings = read_layer(f"{path}|layername=buildings", "previous plan")
        for layer, frame, column in (("grids", grids, "grid_code"), ("grids", grids, "community_code"),
                                     ("buildings", buildings, "grid_code")):
            if column not in frame.columns:
                raise InputError(tr("the previous plan has no field '{field}' in its layer '{layer}': "
                                    "give a plan written by 'gridplanner plan' or 'replan'",
                                    field=column, layer=layer), layer="previous plan", field=column)
        try:
            metadata = read_metadata(path)
        except Exception:  # noqa: BLE001 - a plan edited elsewhere may have lost its table
            metadata = {}
        return cls(grids=grids, buildings=buildings, metadata=metadata)


@dataclass(frozen=True)
class BuildingMatch:
    """This year's buildings against last year's (see :func:`match_buildings`).

    ``previous`` is, for each of this year's buildings, the row of last year's building it is
    (-1: new); ``change`` is ``same``, ``changed`` or ``new``; ``demolished`` are the rows of
    last year's buildings no building of this year matched; ``method`` is ``id`` or ``overlap``.
    """

    previous: np.ndarray
    change: np.ndarray
    demolished: np.ndarray
    method: str


def match_buildings(footprints: Sequence | np.ndarray, households: Sequence | np.ndarray,
                    old_footprints: Sequence | np.ndarray, old_households: Sequence | np.ndarray,
                    ids: Sequence | np.ndarray | None = None,
                    old_ids: Sequence | np.ndarray | None = None) -> BuildingMatch:
    """Match this year's buildings to last year's: by id when both ``ids`` are given, else by
    footprint overlap (:data:`MATCH_OVERLAP` of the smaller footprint, greedy one to one).

    Footprints must be in one CRS; a building without footprint matches only by id.
    """
    new_fp = _valid(footprints)
    old_fp = _valid(old_footprints)
    hh = np.asarray(households, dtype=float)
    old_hh = np.asarray(old_households, dtype=float)
    previous = np.full(len(new_fp), -1, dtype=np.int64)
    method = "overlap"
    if ids is not None and old_ids is not None:
        method = "id"
        first: dict[str, int] = {}
        for row, value in enumerate(old_ids):
            if not _missing(value):
                first.setdefault(_key(value), row)
        taken: set[int] = set()
        for row, value in enumerate(ids):
            if _missing(value):
                continue
            old = first.get(_key(value))
            if old is not None and old not in taken:
                previous[row] = old
                taken.add(old)
    # By overlap: every building when there are no ids, else those the ids left (a missing or
    # repeated id).
    left_new = np.flatnonzero([previous[i] < 0 and g is not None and not shapely.is_empty(g)
                               for i, g in enumerate(new_fp)])
    used = set(previous[previous >= 0].tolist())
    left_old = np.array([i for i, g in enumerate(old_fp) if i not in used and g is not None
                         and not shapely.is_empty(g)], dtype=np.int64)
    if len(left_new) and len(left_old):
        tree = shapely.STRtree(old_fp[left_old])
        q_new, q_old = tree.query(new_fp[left_new], predicate="intersects")
        a, b = new_fp[left_new][q_new], old_fp[left_old][q_old]
        common = shapely.area(_intersection(a, b))
        smaller = np.minimum(shapely.area(a), shapely.area(b))
        share = np.divide(common, smaller, out=np.zeros_like(common), where=smaller > 0)
        order = np.lexsort((q_old, q_new, -share))
        used_new: set[int] = set()
        used_old: set[int] = set()
        for k in order:
            if share[k] < MATCH_OVERLAP:
                break
            n, o = int(left_new[q_new[k]]), int(left_old[q_old[k]])
            if n in used_new or o in used_old:
                continue
            previous[n] = o
            used_new.add(n)
            used_old.add(o)
    change = np.full(len(new_fp), NEW, dtype=object)
    matched = np.flatnonzero(previous >= 0)
    change[matched] = SAME
    if len(matched):
        differs = hh[matched] != old_hh[previous[matched]]
        a, b = new_fp[matched], old_fp[previous[matched]]
        both = np.array([x is not None and y is not None and not shapely.is_empty(x) and not shapely.is_empty(y)
                         for x, y in zip(a, b)], dtype=bool)
        iou = np.ones(len(matched))
        if both.any():
            inter = shapely.area(_intersection(a[both], b[both]))
            union = shapely.area(a[both]) + shapely.area(b[both]) - inter
            iou[both] = np.divide(inter, union, out=np.ones_like(inter), where=union > 0)
        change[matched[differs | (iou < SAME_FOOTPRINT_IOU)]] = CHANGED
    demolished = np.setdiff1d(np.arange(len(old_fp)), previous[matched])
    return BuildingMatch(previous=previous, change=change, demolished=demolished, method=method)


def _valid(geoms: Sequence | np.ndarray) -> np.ndarray:
    """Footprints made valid (a previous plan's buildings layer keeps the user's geometry)."""
    out = np.asarray(geoms, dtype=object).copy()
    present = np.flatnonzero([g is not None for g in out])
    if len(present):
        out[present] = [polygonal_part(g) for g in shapely.make_valid(out[present])]
    return out


def _intersection(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        return shapely.intersection(a, b)
    except shapely.errors.GEOSException:
        return shapely.intersection(a, b, grid_size=metrics.GRID_SIZE_M)


def _fixed_count_reason(count: int) -> re.Pattern:
    """The engine's reason for an area planned with ``count`` grids fixed
    (:func:`partition.community._area_grid_counts`), in the user's language, as a pattern: the
    review's repairs choose that count themselves, so it is no reason to give a user."""
    marker = 123456789
    text = tr("the fixed count of {n} grids gives about {mean:.0f} households per grid here", n=count,
              mean=float(marker))
    return re.compile(re.escape(text).replace(str(marker), r"-?\d+"))


def _without_whole_area(reason: str, households: int) -> str:
    """``reason`` without the engine's opening about a whole community ("the community has N
    households: …"): a grid planned alone to explain it is not the community."""
    marker = "\x00"
    head, _, tail = tr("the community has {households} households: {why}", households=households,
                       why=marker).partition(marker)
    if head and reason.startswith(head) and reason.endswith(tail) and len(reason) > len(head) + len(tail):
        return reason[len(head):len(reason) - len(tail)] if tail else reason[len(head):]
    return reason


def _flag(value: object) -> bool:
    """A 0/1 (or true/false) field value as a flag; missing is false."""
    if _missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


def _key(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA


@dataclass
class ReplanResult(PlanResult):
    """A re-plan: the plan (:class:`planner.PlanResult`; ``grids`` with ``change``,
    ``households_moved_in``, ``households_moved_out``; ``buildings`` with
    ``previous_grid_code`` and ``building_change``) plus the layers of what changed.

    ``retired_grids``: last year's grids whose code no grid keeps (code, polygon, why);
    ``changes``: one row per building that changed grid (``from_grid``, ``to_grid``,
    ``households``, its footprint); ``demolished_buildings``: last year's buildings gone;
    ``figures``: the re-plan's own figures (households moved, the fresh plan's, counts).
    """

    retired_grids: gpd.GeoDataFrame | None = None
    changes: gpd.GeoDataFrame | None = None
    demolished_buildings: gpd.GeoDataFrame | None = None
    figures: dict = field(default_factory=dict)
    fresh: PlanResult | None = None

    def layers(self) -> tuple[dict[str, pd.DataFrame], dict]:
        """Every layer the re-plan is written as, and its metadata (with the summary)."""
        meta = dict(self.metadata)
        meta["summary"] = self.summary
        layers: dict[str, pd.DataFrame] = {"grids": self.grids, "buildings": self.buildings,
                                           "problems": self.problems}
        for name, frame in (("retired_grids", self.retired_grids), ("changes", self.changes),
                            ("demolished_buildings", self.demolished_buildings)):
            if frame is not None:
                layers[name] = frame
        return layers, meta

    def write(self, path: str | os.PathLike, overwrite: bool = False) -> Path:
        """Write every layer and the metadata to a GeoPackage, atomically."""
        layers, meta = self.layers()
        return write_geopackage(path, layers, metadata=meta, overwrite=overwrite)


@dataclass
class _Grid:
    """One grid of a community during the re-plan."""

    code: str
    geometry: shapely.Geometry
    kind: str
    parts: int
    crossings: int
    draft: GridDraft
    origin: str = KEPT
    previous_status: str | None = None
    previous_reason: str | None = None
    cap_reason: str | None = None
    explained: bool = False      # reasons given this year (:meth:`_CommunityReplan.explain`)
    locked: bool = False         # locked in the dock (the plan's ``locked`` field): never re-planned
    repair_count: int | None = None  # the grid count its repair chose for the region, if any


@dataclass
class _Candidate:
    labels: np.ndarray          # grid label per building of the region (index into drafts)
    plan: CommunityPlan
    violation: tuple[int, float]
    moved: int
    spread: float
    parts: np.ndarray
    crossings: np.ndarray
    grid_count: int | None = None   # the count the region was planned with (None: the engine's)


@dataclass(frozen=True)
class FewestMoves:
    """A :class:`planner.Partitioner`: ``engine``'s plan of an area, then every atom given back
    to the grid that continues its previous grid (``start``) wherever that keeps both grids
    connected and breaks the rules no more (:func:`give_back`). The engine balances workload;
    this step puts the fewest households moved before balance, as the review's objective says."""

    engine: Partitioner

    def __call__(self, graph: AtomGraph, band: Band, rng: np.random.Generator, *, grid_count: int | None,
                 pocket_policy: str, start: np.ndarray | None, building_ids: Sequence | np.ndarray | None,
                 compound_names: dict[str, str] | None, search_seconds: float | None,
                 pocket_households: int) -> list[GridDraft]:
        drafts = self.engine(graph, band, rng, grid_count=grid_count, pocket_policy=pocket_policy, start=start,
                             building_ids=building_ids, compound_names=compound_names,
                             search_seconds=search_seconds, pocket_households=pocket_households)
        return give_back(graph, band, drafts, start) if start is not None else drafts


#: Atoms :func:`give_back` may move: whole compounds and loose buildings (never a piece of a
#: compound, a dedicated site or a locked grid).
MOVABLE_KINDS = ("compound", "loose")


def give_back(graph: AtomGraph, band: Band, drafts: list[GridDraft], start: np.ndarray,
              max_passes: int = 3) -> list[GridDraft]:
    """``drafts`` with atoms returned to the grid that continues their previous grid.

    Each basic grid continues the previous grid holding most of its households (one grid per
    previous grid). An atom with households in another grid than the one continuing its
    previous grid goes back when it touches that grid (no hard barrier nor water between), its
    grid stays connected without it, and the two grids break the band no more than before (in
    number and in households); the largest atoms first, until nothing moves.
    """
    basic = [g for g, d in enumerate(drafts) if d.kind == "basic"]
    label = np.full(graph.n, -1, dtype=np.int64)
    for g, d in enumerate(drafts):
        label[d.atoms] = g
    weight = graph.households.astype(float) + BUILDING_WEIGHT
    shared: dict[tuple[int, str], float] = {}
    for a in range(graph.n):
        if label[a] in basic and start[a] is not None:
            key = (int(label[a]), str(start[a]))
            shared[key] = shared.get(key, 0.0) + float(weight[a])
    home: dict[str, int] = {}
    for (g, code), _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])):
        if code not in home and g not in home.values():
            home[code] = g
    adj = planning_adjacency(graph, graph.kind != "water")
    totals = {g: int(graph.households[label == g].sum()) for g in basic}

    def miss(h: int) -> tuple[int, float]:
        m = max(0.0, band.min - h, h - band.max)
        return int(m > 0), m

    def still_connected(g: int, without: int) -> bool:
        members = [a for a in np.flatnonzero(label == g) if a != without]
        return bool(members) and len(connected_parts(members, adj)) == 1

    candidates = [a for a in np.argsort(-graph.households, kind="stable")
                  if graph.households[a] > 0 and start[a] is not None and graph.group_kind[a] in MOVABLE_KINDS]
    for _ in range(max_passes):
        moved = False
        for a in candidates:
            src, dst = int(label[a]), home.get(str(start[a]))
            if dst is None or dst == src or src not in totals:
                continue
            if not any(label[b] == dst for b, _, _ in adj[a]):
                continue
            h = int(graph.households[a])
            before = [sum(x) for x in zip(miss(totals[src]), miss(totals[dst]))]
            after = [sum(x) for x in zip(miss(totals[src] - h), miss(totals[dst] + h))]
            if after[0] > before[0] or after[1] > before[1] or not still_connected(src, a):
                continue
            label[a] = dst
            totals[src] -= h
            totals[dst] += h
            moved = True
        if not moved:
            break
    for g, d in enumerate(drafts):
        if g in totals:
            d.atoms = [int(a) for a in np.flatnonzero(label == g)]
    return drafts


def _violation(households: np.ndarray, parts: np.ndarray, crossings: np.ndarray, kinds: Sequence[str],
               band: Band) -> tuple[int, float]:
    """How far grids are from the hard rules: how many basic grids break one (outside the band,
    in pieces, across a hard barrier), then by how much (households outside the band, plus
    :data:`RULE_BREAK_WEIGHT` for each grid in pieces or across a hard barrier). Compared as
    a pair, so that a repair never trades one broken grid for another one."""
    count = 0
    total = 0.0
    for h, p, c, k in zip(households, parts, crossings, kinds):
        if k != "basic":
            continue
        miss = max(0.0, band.min - h, h - band.max) + RULE_BREAK_WEIGHT * ((p > 1) + (c > 0))
        count += miss > 0
        total += miss
    return int(count), float(total)


class _CommunityReplan:
    """The re-plan of one community: carried grids, broken grids, repairs, codes."""

    def __init__(self, task: CommunityTask, previous: gpd.GeoDataFrame, carried: np.ndarray,
                 touched: set[str], history: set[str], partitioner: Partitioner,
                 prep_hard: np.ndarray, prep_water: np.ndarray, regrouped: set[str] | None = None,
                 existed: np.ndarray | None = None) -> None:
        self.task = task
        self.params = task.params
        self.band = task.params.band
        self.partitioner = partitioner
        self.labels = np.asarray(carried, dtype=object).copy()       # grid code per task building
        self.carried = np.asarray(carried, dtype=object)
        #: Buildings that were in a grid of this community last year: only they can move.
        self.existed = np.array([c is not None for c in carried], dtype=bool) if existed is None \
            else np.asarray(existed, dtype=bool)
        self.touched = touched
        self.regrouped = regrouped if regrouped is not None else touched
        self.history = set(history)
        self.hard = prep_hard
        self.water = prep_water
        self.grids: dict[str, _Grid] = {}
        self.notes: list[tuple[str, str, str]] = []
        for _, row in previous.iterrows():
            code = str(row["grid_code"])
            kind = str(row.get("grid_kind") or "basic")
            reasons = [str(row["reason"])] if isinstance(row.get("reason"), str) and row["reason"] else []
            draft = GridDraft(atoms=[], kind=kind, reasons=reasons if kind == "basic" else [],
                              band_forced=bool(row.get("band_forced") or 0),
                              label=self._own_grid_label(code, kind))
            self.grids[code] = _Grid(code=code, geometry=row.geometry, kind=kind,
                                     parts=int(row.get("parts") or metrics.part_count([row.geometry])[0]),
                                     crossings=int(row.get("barrier_crossings") or 0), draft=draft,
                                     previous_status=str(row.get("status") or ""),
                                     previous_reason=reasons[0] if reasons else "",
                                     locked=_flag(row.get("locked")))
        self.seconds = {"atoms_s": 0.0, "solve_s": 0.0, "dissolve_s": 0.0}

    def _own_grid_label(self, code: str, kind: str) -> str | None:
        """The site of a dedicated grid or the lock value of a locked one, read from this year's
        buildings as the planner labels them (the grid code when none of them carries one);
        ``None`` for a basic grid. Their reasons are rebuilt from it, never carried over."""
        if kind == "basic":
            return None
        values = {"dedicated": self.task.dedicated, "locked": self.task.locked}.get(kind)
        if values is not None:
            for value in np.asarray(values, dtype=object)[self.labels == code]:
                if not _missing(value):
                    return str(value)
        return code

    # ---------------------------------------------------------------- measures
    def households_of(self, code: str, labels: np.ndarray | None = None) -> int:
        labels = self.labels if labels is None else labels
        return int(self.task.households[labels == code].sum())

    def status(self, code: str) -> str:
        g = self.grids[code]
        if not np.any(self.labels == code):
            return "empty"
        return str(metrics.grid_status([self.households_of(code)], [g.parts], [g.crossings], [g.kind],
                                       self.band)[0])

    def broken(self) -> list[str]:
        """Basic grids outside the rules now that were fine last year, that gained or lost a
        building, or whose households changed unless last year's plan proved that no plan of
        their area keeps the band (``band_forced``) and the grid breaks the band the same way
        (a grid under the minimum last year and above the maximum now is repaired); the
        furthest from the band first."""
        out = []
        for code, g in self.grids.items():
            if g.kind != "basic" or g.locked:
                continue
            status = self.status(code)
            if status == "ok":
                continue
            if status == "empty" or g.previous_status == "ok" or code in self.regrouped or \
                    (code in self.touched and (not g.draft.band_forced or status != g.previous_status)):
                out.append(code)
        miss = {c: abs(self.households_of(c) - self.band.target) for c in out}
        return sorted(out, key=lambda c: (-miss[c], c))

    def neighbours(self, codes: set[str]) -> set[str]:
        """Basic grids sharing an edge with any of ``codes`` (not locked ones)."""
        union = shapely.union_all([self.grids[c].geometry for c in codes if self.grids[c].geometry is not None])
        out = set()
        for code, g in self.grids.items():
            if code in codes or g.kind != "basic" or g.locked or g.geometry is None:
                continue
            if shapely.intersects(union, g.geometry) and \
                    shapely.length(shapely.intersection(shapely.boundary(union), g.geometry)) > 0.5:
                out.add(code)
        return out

    # ------------------------------------------------------------------ repair
    def candidate(self, region: set[str], grid_count: int | None, moved_before: np.ndarray,
                  partitioner: Partitioner | None = None,
                  graph_builder: GraphBuilder = build_community_graph) -> _Candidate | None:
        """The engine's plan of ``region`` (grids of this community) as one area (or
        ``partitioner``'s, :class:`FewestMoves` of the engine by default, on the atoms of
        ``graph_builder``)."""
        rows = np.flatnonzero(np.isin(self.labels, list(region)))
        if not len(rows):
            return None
        area = shapely.union_all([self.grids[c].geometry for c in sorted(region)], grid_size=metrics.GRID_SIZE_M)
        t = self.task
        sub = dataclasses.replace(
            t, geometry=area, territory=area, index=t.index[rows], footprints=t.footprints[rows],
            households=t.households[rows], workload=t.workload[rows], population=t.population[rows],
            compound=t.compound[rows], dedicated=t.dedicated[rows], locked=t.locked[rows],
            start=self.labels[rows].copy(), ids=t.ids[rows], grid_count=grid_count)
        plan = _plan_one(sub, partitioner or FewestMoves(self.partitioner), graph_builder)
        for step, value in plan.seconds.items():
            self.seconds[step] = self.seconds.get(step, 0.0) + value
        labels = plan.building_grid
        hh = np.array([int(t.households[rows][labels == g].sum()) for g in range(len(plan.drafts))])
        parts = metrics.part_count(plan.geoms) if plan.geoms else np.zeros(0, dtype=np.int64)
        footprints = t.footprints[rows]
        crossings = metrics.barrier_crossings(
            plan.geoms, [footprints[labels == g] for g in range(len(plan.drafts))], self.hard, self.water,
            workload_by_grid=[t.workload[rows][labels == g] for g in range(len(plan.drafts))]) \
            if plan.geoms else np.zeros(0, dtype=np.int64)
        kinds = [d.kind for d in plan.drafts]
        violation = _violation(hh, parts, crossings, kinds, self.band)
        successors = successor_codes(labels, self.labels[rows], t.households[rows])
        new_codes = np.array([successors.get(int(g)) if g >= 0 else None for g in labels], dtype=object)
        was = self.carried[rows]
        moved = int(t.households[rows][self.existed[rows] & (new_codes != was) & ~moved_before[rows]].sum())
        workload = np.array([float(t.workload[rows][labels == g].sum()) for g in range(len(plan.drafts))])
        basic = np.array([k == "basic" for k in kinds], dtype=bool)
        spread = float(np.std(workload[basic]) / np.mean(workload[basic])) if basic.sum() > 1 and \
            np.mean(workload[basic]) > 0 else 0.0
        return _Candidate(labels=labels, plan=plan, violation=violation, moved=moved, spread=spread,
                          parts=np.asarray(parts), crossings=np.asarray(crossings), grid_count=grid_count)

    def region_violation(self, region: set[str]) -> tuple[int, float]:
        codes = sorted(region)
        return _violation(np.array([self.households_of(c) for c in codes]),
                          np.array([self.grids[c].parts for c in codes]),
                          np.array([self.grids[c].crossings for c in codes]),
                          [self.grids[c].kind for c in codes], self.band)

    def next_codes(self, geoms: list) -> list[str]:
        """Codes no grid of the community ever had, in reading order of ``geoms``."""
        width = self.params.sequence_width
        top = max([sequence_of(self.task.code, c) for c in self.history] + [0])
        order = reading_order(shapely.point_on_surface(np.asarray(geoms, dtype=object))) if geoms \
            else np.zeros(0, dtype=np.int64)
        codes: list[str] = [""] * len(geoms)
        for k, i in enumerate(order):
            codes[int(i)] = grid_codes(self.task.code, [top + 1 + k], width)[0]
        self.history.update(codes)
        return codes

    def apply(self, region: set[str], cand: _Candidate) -> None:
        rows = np.flatnonzero(np.isin(self.labels, list(region)))
        successors = successor_codes(cand.labels, self.labels[rows], self.task.households[rows])
        fresh = [g for g in range(len(cand.plan.drafts)) if g not in successors]
        new_codes = dict(successors)
        for g, code in zip(fresh, self.next_codes([cand.plan.geoms[g] for g in fresh])):
            new_codes[g] = code
        for code in region:
            del self.grids[code]
        for g, draft in enumerate(cand.plan.drafts):
            code = new_codes[g]
            draft.area = None
            self._scope_proofs(draft, region, cand.grid_count)
            self.grids[code] = _Grid(code=code, geometry=cand.plan.geoms[g], kind=draft.kind,
                                     parts=int(cand.parts[g]), crossings=int(cand.crossings[g]), draft=draft,
                                     origin=CHANGED if g in successors else NEW, repair_count=cand.grid_count)
        self.labels[rows] = np.array([new_codes.get(int(g)) if g >= 0 else None for g in cand.labels],
                                     dtype=object)
        self.notes.extend(cand.plan.notes)

    def stages(self, code: str) -> Iterator[list[set[str]]]:
        """The regions tried around broken grid ``code``, stage by stage, the smallest first:
        the grid with each neighbour alone (a pair gives or takes the fewest households), then
        rings (the grid and its neighbours, then theirs…) up to :data:`MAX_RINGS`."""
        first = sorted(self.neighbours({code}))
        # A grid above the maximum may split on its own (the only way in a one-grid community).
        alone = [{code}] if self.households_of(code) > self.band.max else []
        if first or alone:
            yield alone + [{code, n} for n in first]
        region = {code}
        for _ in range(MAX_RINGS):
            wider = region | self.neighbours(region)
            if wider == region:
                return
            region = wider
            if len(region) > 2:
                yield [set(region)]

    def transfer(self, code: str, moved: np.ndarray, budget: int) -> tuple[set[str], _Candidate] | None:
        """The minimum-transfer repair of broken grid ``code`` (:mod:`.transfer`): on the
        grid and its rings of neighbours (the nearest first), the fewest households moved
        between grids, whole atoms across their boundaries, to bring it into the band; then
        the grids that gave or took, measured again alone. Taken when fewer of them break a
        rule than before, ``code`` meets them all and the move fits the ``budget``."""
        if self.grids[code].parts > 1 or self.grids[code].crossings > 0:
            return None             # in pieces or across a barrier: a re-plan's work
        region = {code}
        for _ in range(MAX_RINGS):
            wider = region | self.neighbours(region)
            if wider == region:
                return None
            region = wider
            partitioner = MinimumTransfer(repair=frozenset({code}),
                                          outlines=tuple((c, self.grids[c].geometry) for c in sorted(region)))
            cand = self.candidate(region, None, moved, partitioner, fine_community_graph)
            if cand is None:
                continue
            rows = np.flatnonzero(np.isin(self.labels, list(region)))
            successors = successor_codes(cand.labels, self.labels[rows], self.task.households[rows])
            now = np.array([successors.get(int(g)) for g in cand.labels], dtype=object)
            was = self.labels[rows]
            differs = now != was
            if not differs.any():
                continue
            involved = {str(c) for c in was[differs]} | {str(c) for c in now[differs] if c is not None}
            if None in now or not involved <= region:
                continue
            if involved != region:
                cand = self.candidate(involved, None, moved, partitioner, fine_community_graph)
                if cand is None:
                    continue
            before = self.region_violation(involved)
            rows = np.flatnonzero(np.isin(self.labels, list(involved)))
            successors = successor_codes(cand.labels, self.labels[rows], self.task.households[rows])
            repaired = [g for g, c in successors.items() if c == code]
            if not repaired or cand.violation[0] >= before[0] or cand.moved > budget:
                continue
            cand.plan.notes = []        # about the repair's own fine atoms, not the user's data
            g = repaired[0]
            if cand.parts[g] > 1 or cand.crossings[g] > 0 or \
                    not self.band.min <= int(self.task.households[rows][cand.labels == g].sum()) <= self.band.max:
                continue
            return involved, cand
        return None

    def take(self, region: set[str], cand: _Candidate, budget: list[int], moved: np.ndarray) -> None:
        """Apply a repair of ``region`` and count the households it moved against ``budget``."""
        rows = np.flatnonzero(np.isin(self.labels, list(region)))
        self.apply(region, cand)
        changed_now = rows[self.existed[rows] & (self.labels[rows] != self.carried[rows])]
        newly = changed_now[~moved[changed_now]]
        budget[0] -= int(self.task.households[newly].sum())
        moved[changed_now] = True

    def repair(self, budget: list[int], moved: np.ndarray, max_moved: float | None,
               is_cancelled: Callable[[], bool]) -> None:
        """Repair the broken grids outward, within ``budget[0]`` households moved: the
        minimum transfer first (:meth:`transfer`), the engine's re-plan of pairs and rings
        where it does not restore the rules."""
        done: set[str] = set()
        for code in self.broken():
            if code in done or code not in self.grids:
                continue
            if is_cancelled():
                raise PlanCancelled("cancelled")
            quick = self.transfer(code, moved, budget[0])
            if quick is not None:
                self.take(quick[0], quick[1], budget, moved)
                done |= quick[0]
                continue
            best: tuple | None = None
            capped: _Candidate | None = None
            for regions in self.stages(code):
                for region in regions:
                    before = self.region_violation(region)
                    households = int(self.task.households[np.isin(self.labels, list(region))].sum())
                    counts: list[int | None] = [None]
                    k = len(region)
                    if self.band.min * k <= households <= self.band.max * k or households == 0:
                        counts.insert(0, k)
                    for count in counts:
                        cand = self.candidate(region, count, moved)
                        if cand is None or cand.violation[0] >= before[0]:
                            continue        # only fewer broken grids are worth moving households
                        if cand.moved > budget[0]:
                            if capped is None or (cand.violation, cand.moved) < (capped.violation, capped.moved):
                                capped = cand
                            continue
                        key = (cand.violation, cand.moved, cand.spread)
                        if best is None or key < best[0]:
                            best = (key, set(region), cand)
                if best is not None and best[0][0][0] == 0:
                    break
            if best is not None:
                _, chosen, cand = best
                self.take(chosen, cand, budget, moved)
                done |= chosen
            if capped is not None and (best is None or best[0][0][0] > 0):
                left = max(budget[0], 0)
                share = "" if max_moved is None else f"{max_moved:g}"
                for c in ([code] if code in self.grids else []):
                    self.grids[c].cap_reason = tr(
                        "the cap on households changing grid (--max-moved {share}) stops the repair: "
                        "restoring the rules here moves {moved} households, {left} are left under the cap",
                        share=share, moved=capped.moved, left=left)
            if best is None and code in self.grids and self.status(code) != "ok":
                self.explain(code, moved)
        self.refresh_reasons(moved)

    def refresh_reasons(self, moved: np.ndarray) -> None:
        """Reasons with this year's figures for the grids outside the rules that were not
        explained yet: a kept grid whose households changed (last year's reason quotes last
        year's counts) and a repaired grid whose reason is the repair's own grid count (a
        count the review chose, not one the user fixed)."""
        for code in sorted(self.grids):
            g = self.grids[code]
            if g.kind != "basic" or g.locked or g.explained or self.status(code) in ("ok", "empty"):
                continue
            fixed = [r for r in g.draft.reasons if g.repair_count is not None and
                     _fixed_count_reason(g.repair_count).fullmatch(r)]
            if fixed:
                g.draft.reasons = [r for r in g.draft.reasons if r not in fixed]
                g.draft.band_forced = False
            if fixed or (g.origin == KEPT and code in self.touched):
                self.explain(code, moved)

    def explain(self, code: str, moved: np.ndarray) -> None:
        """Why a broken grid that no repair could improve stays as it is: the engine's reason
        (and proof, ``band_forced``) for the grid's buildings planned alone, taken when the
        engine keeps them as one grid; nothing of the grid changes."""
        cand = self.candidate({code}, None, moved)
        if cand is None or len(cand.plan.drafts) != 1:
            return
        g = self.grids[code]
        g.draft.reasons = [_without_whole_area(r, self.households_of(code)) for r in cand.plan.drafts[0].reasons]
        g.draft.band_forced = bool(cand.plan.drafts[0].band_forced)
        self._scope_proofs(g.draft, {code})
        g.explained = True

    def _scope_proofs(self, draft: GridDraft, region: set[str], grid_count: int | None = None) -> None:
        """The engine's reasons for a grid planned on ``region`` only, said of that region: its
        proofs ("the community has N households: …", ``band_forced``) hold for the region's
        buildings, not for the community, unless the region is all of its basic grids. A proof
        of a part never sets ``band_forced`` (export trusts it). The reason of the repair's own
        ``grid_count`` is left for :meth:`refresh_reasons`."""
        if region >= {c for c, g in self.grids.items() if g.kind == "basic"} or not draft.reasons:
            return
        households = int(self.task.households[np.isin(self.labels, list(region))].sum())
        grids = ", ".join(sorted(region))
        fixed = _fixed_count_reason(grid_count) if grid_count is not None else None
        draft.reasons = [r if fixed is not None and fixed.fullmatch(r) else
                         tr("in this repair area only (grids {grids}, {households} households), not the whole "
                            "community: {why}",
                            grids=grids, households=households, why=_without_whole_area(r, households))
                         for r in draft.reasons]
        draft.band_forced = False

    def plan(self) -> tuple[CommunityPlan, list[str]]:
        """The community's plan in the planner's record and the code of each of its grids."""
        codes = sorted(self.grids, key=lambda c: (sequence_of(self.task.code, c), c))
        position = {c: i for i, c in enumerate(codes)}
        building_grid = np.array([position.get(c, -1) if c is not None else -1 for c in self.labels],
                                 dtype=np.int64)
        geoms = [self.grids[c].geometry for c in codes]
        drafts = []
        for c in codes:
            draft = self.grids[c].draft
            draft.area = None
            g = self.grids[c]
            if g.origin == KEPT and not g.explained and g.previous_status and self.status(c) != g.previous_status:
                draft.reasons, draft.band_forced = [], False     # last year's reason no longer holds
            cap = g.cap_reason
            if cap:
                draft.reasons = [cap] + [r for r in draft.reasons if r != cap]
            drafts.append(draft)
        return CommunityPlan(code=self.task.code, geoms=geoms, drafts=drafts, building_grid=building_grid,
                             notes=self.notes, n_atoms=0, compound_grids_needed={}, largest_by_area={},
                             forced_by_area={},
                             seconds=dict(self.seconds)), codes


def replan_grids(previous: PreviousPlan | str | os.PathLike, buildings: gpd.GeoDataFrame,
                 roads: gpd.GeoDataFrame | None = None, communities: gpd.GeoDataFrame | None = None,
                 water: gpd.GeoDataFrame | Sequence[gpd.GeoDataFrame] | None = None,
                 params: PlanParameters | None = None, max_moved: float | None = None,
                 compounds: gpd.GeoDataFrame | None = None, compare_fresh: bool = True,
                 progress: Callable[[float, str], None] | None = None,
                 is_cancelled: Callable[[], bool] | None = None,
                 partitioner: Partitioner | None = None) -> ReplanResult:
    """Re-plan this year's inputs keeping last year's plan wherever it still meets the rules.

    Parameters
    ----------
    previous
        Last year's plan (a GeoPackage written by ``plan`` or ``replan``, or a
        :class:`PreviousPlan`).
    buildings, roads, communities, water, params, compounds, progress, is_cancelled
        As for :func:`gridplanner.algorithms.plan_grids` (this year's inputs).
    max_moved
        The largest share (0–1) of households that may change grid; ``None``: no cap.
    compare_fresh
        Also make a fresh plan of the same inputs and report how many households it would
        move (``figures["fresh_households_moved"]``); the benchmarks and the CLI use it.

    Returns
    -------
    ReplanResult
        See the module's documentation for the rules.
    """
    from .partition import partition_community

    params = params or PlanParameters()
    partitioner = partitioner or partition_community
    report = progress or (lambda fraction, message: None)
    cancelled = is_cancelled or (lambda: False)
    if max_moved is not None and not (0.0 <= float(max_moved) <= 1.0):
        raise InputError(tr("--max-moved must be a share between 0 and 1, not {value}", value=max_moved),
                         field="max_moved")
    if not isinstance(previous, PreviousPlan):
        previous = PreviousPlan.read(previous)
    if water is not None and not isinstance(water, (list, tuple)):
        water = [water]
    report(0.0, "checking inputs")
    outlines_from_previous = communities is None
    if outlines_from_previous:
        communities = previous_communities(previous, params)
    prep = prepare_inputs(buildings, roads, communities, water, params, compounds=compounds)
    if outlines_from_previous:
        prep.notes.append(tr("no communities layer: the communities are the previous plan's (the union of its grids "
                             "per community code)"))
    if cancelled():
        raise PlanCancelled("cancelled")
    old_grids = previous.grids.to_crs(prep.crs) if previous.grids.crs is not None else previous.grids
    old_b = previous.buildings.to_crs(prep.crs) if previous.buildings.crs is not None else previous.buildings
    old_b = old_b.reset_index(drop=True)
    old_grids = old_grids.reset_index(drop=True)
    old_grids["grid_code"] = old_grids["grid_code"].astype(str)
    old_grids["community_code"] = old_grids["community_code"].astype(str)

    # 1. Matching.
    id_field = params.building_id_field
    by_id = bool(id_field) and id_field in old_b.columns
    hh_field = params.households_field
    old_hh = pd.to_numeric(old_b[hh_field], errors="coerce").fillna(0).to_numpy() \
        if hh_field in old_b.columns else np.zeros(len(old_b))
    match = match_buildings(prep.footprints.to_numpy(), prep.households,
                            old_b.geometry.to_numpy(), old_hh,
                            ids=prep.building_ids.to_numpy() if by_id else None,
                            old_ids=old_b[id_field].to_numpy() if by_id else None)
    if not by_id:
        prep.notes.append(tr("buildings matched to the previous plan's by footprint overlap (at least {share:.0%} "
                             "of the smaller footprint)", share=MATCH_OVERLAP))
    old_code = np.array([None if _missing(c) else str(c) for c in old_b["grid_code"]], dtype=object)
    previous_code = np.array([old_code[p] if p >= 0 else None for p in match.previous], dtype=object)

    # 2. Carry each building to last year's grid.
    tasks = build_tasks(prep, params)
    history: dict[str, set[str]] = {}
    for community, codes in (previous.metadata.get("code_history") or {}).items():
        history[str(community)] = {str(c) for c in codes}
    for community, code in zip(old_grids["community_code"], old_grids["grid_code"]):
        history.setdefault(community, set()).add(code)
    # Grids whose buildings changed in any way (tried again even when they broke the rules
    # last year), and those that gained or lost a building (their ``change`` is not ``kept``).
    touched: set[str] = {str(c) for c in old_code[match.demolished] if c is not None}
    regrouped: set[str] = set(touched)
    results: dict[str, CommunityPlan] = {}
    code_lists: dict[str, list[str]] = {}
    origins: dict[str, str] = {}
    previous_state: dict[str, tuple[str, str]] = {}
    locked_codes: set[str] = set()
    hard, water_areas = prep.hard_lines.to_numpy(), prep.water.to_numpy()
    total_households = int(prep.households.sum())
    budget = [total_households if max_moved is None else int(np.floor(float(max_moved) * total_households))]
    moved_flags = np.zeros(len(prep.buildings), dtype=bool)
    for n, task in enumerate(tasks):
        if cancelled():
            raise PlanCancelled("cancelled")
        report(0.05 + 0.6 * n / max(len(tasks), 1), f"community {task.code}")
        mine = old_grids[old_grids["community_code"] == str(task.code)]
        carried = np.array([previous_code[i] if previous_code[i] in set(mine["grid_code"]) else None
                            for i in task.index], dtype=object)
        outline = shapely.union_all(mine.geometry.to_numpy(), grid_size=metrics.GRID_SIZE_M) if len(mine) else None
        unchanged_outline = outline is not None and \
            shapely.area(shapely.symmetric_difference(outline, task.area)) <= OUTLINE_TOLERANCE_M2
        existed = np.array([c is not None for c in carried], dtype=bool)
        if len(mine) and unchanged_outline:
            _carry_new_buildings(task, mine, carried)
        for i, c in zip(task.index, carried):
            if c is not None and match.change[i] != SAME:
                touched.add(str(c))
                if match.change[i] == NEW:
                    regrouped.add(str(c))
        flags = moved_flags[task.index]
        state = _CommunityReplan(task, mine, carried, touched, history.get(str(task.code), set()), partitioner,
                                 hard, water_areas, regrouped, existed)
        if len(mine) and unchanged_outline:
            state.repair(budget, flags, max_moved, cancelled)
        else:
            state = _replan_outline(task, mine, carried, touched, history.get(str(task.code), set()), partitioner,
                                    hard, water_areas, flags, budget)
        moved_flags[task.index] = flags
        history[str(task.code)] = state.history | set(state.grids)
        plan, codes = state.plan()
        results[task.code] = plan
        code_lists[task.code] = codes
        for c in codes:
            g = state.grids[c]
            origin = g.origin
            if origin == KEPT and (c in regrouped or c not in set(mine["grid_code"])):
                origin = CHANGED if c in set(mine["grid_code"]) else NEW
            origins[c] = origin
            previous_state[c] = (g.previous_status or "", "" if g.explained else (g.previous_reason or ""))
            if g.locked:
                locked_codes.add(c)
    report(0.7, "assembling the plan")
    _fit_redrawn_grids(tasks, results, code_lists, origins, old_grids)
    base = _assemble(prep, params, tasks, results, codes=code_lists, conform=False)
    result = _finish(base, prep, params, previous, old_grids, old_b, match, previous_code, origins,
                     previous_state, history, max_moved, compare_fresh, buildings, roads, communities, water,
                     compounds, partitioner, report, cancelled)
    if "locked" in old_grids.columns:       # the dock's locks stay on the grids they were on
        result.grids["locked"] = [int(str(c) in locked_codes) for c in result.grids["grid_code"]]
    return result


def _fit_redrawn_grids(tasks: list[CommunityTask], results: dict[str, CommunityPlan],
                       code_lists: dict[str, list[str]], origins: dict[str, str],
                       old_grids: gpd.GeoDataFrame) -> None:
    """The changed and new grids noded onto the kept ones, which keep their polygons exactly.

    A repair dissolves its grids on the fixed-precision grid, which moves their outer edges
    by up to a few millimetres off the kept neighbours' edges. Here each community's land not
    held by a kept grid is the outline that its redrawn grids must tile (:func:`conform_plan`
    over all communities at once, so that redrawn grids also fit across community lines):
    overlaps with kept grids are cut off and slivers left along them go to the redrawn grid
    beside them. The land is the community's and whatever last year's grids of it held
    beyond its line (slivers between communities that the plan gave to a grid)."""
    free_areas: list[shapely.Geometry] = []
    free_geoms: list[list[shapely.Geometry]] = []
    free_index: list[tuple[CommunityTask, list[int]]] = []
    kept_all = shapely.union_all([g for task in tasks for c, g in zip(code_lists.get(task.code, []),
                                                                        results[task.code].geoms)
                                  if origins.get(c) == KEPT and g is not None])
    for task in tasks:
        res = results[task.code]
        codes = code_lists.get(task.code, [])
        free = [i for i, c in enumerate(codes) if origins.get(c) != KEPT and res.geoms[i] is not None
                and not shapely.is_empty(res.geoms[i])]
        if not free:
            continue
        # At full precision: a fixed-precision overlay would move the kept grids' edges. The
        # land of each community is disjoint from the land of those before it.
        land = shapely.union_all([task.area, *old_grids.geometry[old_grids["community_code"] == str(task.code)]])
        area = polygonal_part(shapely.difference(land, shapely.union_all([kept_all, *free_areas])))
        free_areas.append(area)
        free_geoms.append([res.geoms[i] for i in free])
        free_index.append((task, free))
    if not free_areas:
        return
    conformed = conform_plan(free_areas, free_geoms)
    # Slivers along a community line may lie beside a redrawn grid of the next community.
    flat = _fill_slivers(shapely.union_all(free_areas),
                         [polygonal_part(shapely.intersection(g, area))
                          for area, fitted in zip(free_areas, conformed) for g in fitted])
    start = 0
    for task, free in free_index:
        res = results[task.code]
        for i, geom in zip(free, flat[start:start + len(free)]):
            if geom is not None and not shapely.is_empty(geom):
                res.geoms[i] = geom
        start += len(free)


def _fill_slivers(area: shapely.Geometry, grids: list[shapely.Geometry]) -> list[shapely.Geometry]:
    """``grids`` (inside ``area``) with the slivers of ``area`` they leave (no wider than the
    precision grid, :func:`metrics.sliver_width`) given to the grid sharing most boundary
    with each, at full precision."""
    holes = shapely.get_parts(polygonal_part(shapely.difference(area, shapely.union_all(grids))))
    holes = holes[metrics.sliver_width(holes) <= metrics.GRID_SIZE_M] if len(holes) else holes
    out = list(grids)
    for hole in holes:
        shared = [float(shapely.length(shapely.intersection(shapely.boundary(hole), shapely.boundary(g))))
                  if g is not None and not shapely.is_empty(g) else 0.0 for g in out]
        best = int(np.argmax(shared)) if shared else -1
        if best >= 0 and shared[best] > 0:
            out[best] = polygonal_part(shapely.union(out[best], hole))
    return out


def previous_communities(previous: PreviousPlan, params: PlanParameters) -> gpd.GeoDataFrame:
    """The communities of a previous plan: the union of its grids per community code, with the
    code and name fields ``params`` names. A plan made without a communities layer planned the
    convex hull of its buildings, which new buildings would change; its grids do not."""
    grids = previous.grids
    rows = []
    for code, group in grids.groupby(grids["community_code"].astype(str), sort=True):
        names = group["community_name"].dropna() if "community_name" in group else pd.Series(dtype=object)
        rows.append({params.community_code_field: code,
                     (params.community_name_field or "name"): str(names.iloc[0]) if len(names) else None,
                     "geometry": shapely.union_all(group.geometry.to_numpy(), grid_size=metrics.GRID_SIZE_M)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=grids.crs)


def _carry_new_buildings(task: CommunityTask, grids: gpd.GeoDataFrame, carried: np.ndarray) -> None:
    """Give each building without a previous grid the previous grid holding a point of its
    footprint (the nearest one when none holds it)."""
    todo = np.flatnonzero(np.array([c is None for c in carried], dtype=bool))
    if not len(todo):
        return
    geoms = grids.geometry.to_numpy()
    codes = grids["grid_code"].to_numpy()
    tree = shapely.STRtree(geoms)
    points = shapely.point_on_surface(task.footprints[todo])
    for k, p in zip(todo, points):
        hits = tree.query(p, predicate="intersects")
        if not len(hits):
            hits = np.atleast_1d(tree.nearest(p))
        carried[k] = str(codes[int(np.min(hits))])


def _replan_outline(task: CommunityTask, mine: gpd.GeoDataFrame, carried: np.ndarray, touched: set[str],
                    history: set[str], partitioner: Partitioner, hard: np.ndarray, water: np.ndarray,
                    moved: np.ndarray, budget: list[int]) -> _CommunityReplan:
    """A community that is new or whose outline changed, planned afresh from its carried grids
    (kept codes by the successor rule, new codes never used)."""
    state = _CommunityReplan(task, mine.iloc[0:0], carried, touched, history, partitioner, hard, water)
    start = dataclasses.replace(task, start=carried.copy())
    plan = _plan_one(start, partitioner)
    labels = plan.building_grid
    rows = np.arange(len(task.index))
    successors = successor_codes(labels, carried, task.households)
    fresh = [g for g in range(len(plan.drafts)) if g not in successors]
    codes = dict(successors)
    for g, code in zip(fresh, state.next_codes([plan.geoms[g] for g in fresh])):
        codes[g] = code
    parts = metrics.part_count(plan.geoms) if plan.geoms else np.zeros(0, dtype=np.int64)
    for g, draft in enumerate(plan.drafts):
        draft.area = None
        state.grids[codes[g]] = _Grid(code=codes[g], geometry=plan.geoms[g], kind=draft.kind, parts=int(parts[g]),
                                      crossings=0, draft=draft, origin=CHANGED if g in successors else NEW)
    state.labels = np.array([codes.get(int(g)) if g >= 0 else None for g in labels], dtype=object)
    changed = rows[state.existed & (state.labels != carried)]
    budget[0] -= int(task.households[changed[~moved[changed]]].sum())
    moved[changed] = True
    state.notes.extend(plan.notes)
    return state


def successor_codes(new_labels: np.ndarray, old_codes: np.ndarray, households: np.ndarray) -> dict[int, str]:
    """The old code each new grid keeps: a new grid (``new_labels``, -1: none) keeps the code
    of an old grid (``old_codes``, ``None``: none) when it holds more than
    :data:`SUCCESSOR_SHARE` of that grid's households (every building also weighs
    :data:`BUILDING_WEIGHT`); one successor per old code, the largest share first."""
    weight = np.asarray(households, dtype=float) + BUILDING_WEIGHT
    totals: dict[str, float] = {}
    shared: dict[tuple[int, str], float] = {}
    for g, o, h in zip(new_labels, old_codes, weight):
        if o is None:
            continue
        totals[str(o)] = totals.get(str(o), 0.0) + float(h)
        if g >= 0:
            shared[(int(g), str(o))] = shared.get((int(g), str(o)), 0.0) + float(h)
    pairs = sorted(((h, g, o) for (g, o), h in shared.items() if h > SUCCESSOR_SHARE * totals[o]),
                   key=lambda x: (-x[0], x[1], x[2]))
    out: dict[int, str] = {}
    used: set[str] = set()
    for _, g, o in pairs:
        if g not in out and o not in used:
            out[g] = o
            used.add(o)
    return out


def households_moved(previous_code: np.ndarray, codes: np.ndarray, households: np.ndarray) -> int:
    """Households of the buildings that had a grid last year and are in another one now."""
    prev = np.asarray(previous_code, dtype=object)
    now = np.asarray(codes, dtype=object)
    had = np.array([p is not None for p in prev], dtype=bool)
    return int(np.asarray(households)[had & (prev != now)].sum())


def fresh_households_moved(previous_code: np.ndarray, fresh_codes: np.ndarray, households: np.ndarray) -> int:
    """Households a fresh plan moves: each fresh grid named after the previous grid it shares
    most households with (one fresh grid per previous code), the kindest reading of a fresh plan."""
    from .editing import match_codes

    mapping = match_codes(previous_code, fresh_codes, households)
    renamed = np.array([mapping.get(c) if c is not None else None for c in fresh_codes], dtype=object)
    return households_moved(previous_code, renamed, households)


def _finish(base: PlanResult, prep, params: PlanParameters, previous: PreviousPlan, old_grids: gpd.GeoDataFrame,
            old_b: gpd.GeoDataFrame, match: BuildingMatch, previous_code: np.ndarray, origins: dict[str, str],
            previous_state: dict[str, tuple[str, str]], history: dict[str, set[str]], max_moved: float | None,
            compare_fresh: bool, buildings, roads, communities, water, compounds, partitioner,
            report: Callable[[float, str], None], cancelled: Callable[[], bool]) -> ReplanResult:
    grids = base.grids.copy()
    out_b = base.buildings.copy()
    codes = np.array([None if _missing(c) else str(c) for c in out_b["grid_code"]], dtype=object)
    hh = prep.households
    out_b["previous_grid_code"] = previous_code
    out_b["building_change"] = match.change
    had = np.array([p is not None for p in previous_code], dtype=bool)
    moving = had & (previous_code != codes)
    moved_in: dict[str, int] = {}
    moved_out: dict[str, int] = {}
    for p, c, h in zip(previous_code[moving], codes[moving], hh[moving]):
        if c is not None:
            moved_in[c] = moved_in.get(c, 0) + int(h)
        moved_out[p] = moved_out.get(p, 0) + int(h)
    grids["change"] = [origins.get(str(c), NEW) for c in grids["grid_code"]]
    for code, (status, reason) in previous_state.items():
        if origins.get(code) == KEPT:
            here = grids["grid_code"] == code
            if here.any() and (grids.loc[here, "status"] == status).all() and reason:
                grids.loc[here, "reason"] = reason
    grids["households_moved_in"] = [moved_in.get(str(c), 0) for c in grids["grid_code"]]
    grids["households_moved_out"] = [moved_out.get(str(c), 0) for c in grids["grid_code"]]
    # A grid that only gave or took buildings is changed, whatever else stayed.
    grids.loc[(grids["change"] == KEPT) & ((grids["households_moved_in"] > 0) | (grids["households_moved_out"] > 0)),
              "change"] = CHANGED

    kept_codes = set(grids["grid_code"].astype(str))
    retired = old_grids[~old_grids["grid_code"].isin(kept_codes)].copy()
    retired_rows = []
    for _, r in retired.iterrows():
        gone_to = sorted({str(c) for p, c in zip(previous_code, codes) if p == r["grid_code"] and c is not None})
        why = tr("its households now lie in {grids}", grids=", ".join(gone_to)) if gone_to else \
            tr("no building of it is left")
        retired_rows.append({"grid_code": r["grid_code"], "community_code": r["community_code"],
                             "households_last_year": int(r.get("households") or 0),
                             "households_moved_out": moved_out.get(str(r["grid_code"]), 0), "reason": why})
    retired_grids = gpd.GeoDataFrame(retired_rows or None,
                                     columns=["grid_code", "community_code", "households_last_year",
                                              "households_moved_out", "reason"],
                                     geometry=list(retired.geometry) if len(retired) else [], crs=prep.crs)
    ids = prep.building_ids.to_numpy()
    changes = gpd.GeoDataFrame({"building_id": [str(i) for i in ids[moving]],
                                "from_grid": previous_code[moving], "to_grid": codes[moving],
                                "households": hh[moving].astype(np.int64)},
                               geometry=list(prep.footprints.to_numpy()[moving]), crs=prep.crs)
    demolished = old_b.iloc[match.demolished]
    demolished_buildings = gpd.GeoDataFrame(
        {"building_id": [str(v) for v in (demolished[params.building_id_field]
                                          if params.building_id_field in demolished.columns
                                          else demolished.index)],
         "grid_code": [None if _missing(c) else str(c) for c in demolished["grid_code"]]},
        geometry=list(demolished.geometry), crs=prep.crs)

    base_households = int(hh[had].sum())
    moved_total = households_moved(previous_code, codes, hh)
    figures = {
        "households": int(hh.sum()), "households_last_year_buildings": base_households,
        "households_moved": moved_total,
        "households_moved_share": moved_total / base_households if base_households else 0.0,
        "buildings_new": int((match.change == NEW).sum()), "buildings_changed": int((match.change == CHANGED).sum()),
        "buildings_demolished": int(len(match.demolished)), "matched_by": match.method,
        "grids_kept": int((grids["change"] == KEPT).sum()), "grids_changed": int((grids["change"] == CHANGED).sum()),
        "grids_new": int((grids["change"] == NEW).sum()), "grids_retired": int(len(retired_grids)),
        "max_moved": max_moved,
    }
    fresh = None
    if compare_fresh:
        report(0.8, "a fresh plan for comparison")
        fresh = plan_grids(buildings, roads, communities, water, params, is_cancelled=cancelled,
                           partitioner=partitioner, compounds=compounds)
        fresh_codes = np.array([None if _missing(c) else str(c) for c in fresh.buildings["grid_code"]], dtype=object)
        fresh_moved = fresh_households_moved(previous_code, fresh_codes, hh)
        figures.update({"fresh_households_moved": fresh_moved,
                        "fresh_households_moved_share": fresh_moved / base_households if base_households else 0.0,
                        "fresh_in_band_share": fresh.summary.get("in_band_share"),
                        "fresh_workload_cv": fresh.summary.get("workload_cv")})
    metadata = dict(base.metadata)
    metadata["code_history"] = {c: sorted(v) for c, v in sorted(history.items())}
    metadata["replan"] = {k: v for k, v in figures.items()}
    metadata["previous_created"] = previous.metadata.get("created")
    report(1.0, "done")
    return ReplanResult(grids=grids, buildings=out_b, problems=base.problems, summary=base.summary,
                        metadata=metadata, compound_splits=base.compound_splits, crs=base.crs,
                        notes=list(base.notes), retired_grids=retired_grids, changes=changes,
                        demolished_buildings=demolished_buildings, figures=figures, fresh=fresh)


def replan_summary_lines(result: ReplanResult) -> list[str]:
    """What the re-plan changed, one line each, for the CLI and the dock."""
    f = result.figures
    lines = [tr("households moved to another grid: {moved} ({share:.1%} of last year's buildings' households)",
                moved=f["households_moved"], share=f["households_moved_share"])]
    if "fresh_households_moved" in f:
        lines.append(tr("a fresh plan of the same inputs would move: {moved} ({share:.1%}); in band {band:.1%}, "
                        "workload CV {cv:.1%}", moved=f["fresh_households_moved"],
                        share=f["fresh_households_moved_share"], band=f.get("fresh_in_band_share") or 0.0,
                        cv=f.get("fresh_workload_cv") or 0.0))
    lines.append(tr("grids: {kept} kept, {changed} changed, {new} new; {retired} code(s) retired",
                    kept=f["grids_kept"], changed=f["grids_changed"], new=f["grids_new"],
                    retired=f["grids_retired"]))
    lines.append(tr("buildings: {new} new, {changed} changed, {demolished} demolished (matched by {method})",
                    new=f["buildings_new"], changed=f["buildings_changed"], demolished=f["buildings_demolished"],
                    method=f["matched_by"]))
    if f.get("max_moved") is not None:
        lines.append(tr("cap on households moved: {share:.1%}", share=f["max_moved"]))
    return lines


#: Colours of the change map, by the grids' ``change``.
CHANGE_COLOURS = {KEPT: "#cfd8dc", CHANGED: "#ffb74d", NEW: "#81c784"}


def change_map_png(result: ReplanResult) -> str:
    """Base64 PNG of what changed: kept grids grey, changed orange, new green, retired
    grids' outlines dashed, buildings that moved red, labelled with sequence and households."""
    from .report import _png, pyplot

    plt = pyplot()

    fig, ax = plt.subplots(figsize=(11, 9))
    grids = result.grids
    grids.plot(ax=ax, color=[CHANGE_COLOURS.get(c, "#ffffff") for c in grids["change"]], edgecolor="#333333",
               linewidth=0.6)
    b = result.buildings[result.buildings.geometry.notna()]
    b.plot(ax=ax, color="#616161", linewidth=0)
    if result.changes is not None and len(result.changes):
        result.changes.plot(ax=ax, color="#d50000", linewidth=0)
    if result.retired_grids is not None and len(result.retired_grids):
        result.retired_grids.boundary.plot(ax=ax, color="#6a1b9a", linewidth=1.2, linestyle="--")
    for geom, code, community, hh, change in zip(grids.geometry, grids["grid_code"], grids["community_code"],
                                                 grids["households"], grids["change"]):
        if change == KEPT or geom is None:
            continue
        p = geom.representative_point()
        ax.annotate(f"{str(code)[len(str(community)):]}\n{hh}", (p.x, p.y), ha="center", va="center", fontsize=6.5,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.7))
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_title(tr("grey: kept; orange: changed; green: new; red: buildings that changed grid; "
                    "dashed: retired grids"), fontsize=9)
    out = _png(fig)
    plt.close(fig)
    return out


def render_replan_report(result: ReplanResult, title: str = "Yearly review") -> str:
    """The re-plan's HTML report: what changed (figures and a map), the grids that changed,
    the retired codes and the plan report's own sections."""
    import html

    from .report import html_page, problem_table_html, summary_rows_of

    esc = html.escape
    p = result.metadata["parameters"]
    summary = "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>"
                      for k, v in summary_rows_of(result.summary, p["min_households"], p["max_households"]))
    changes = "".join(f"<li>{esc(line)}</li>" for line in replan_summary_lines(result))
    cols = ["grid_code", "change", "households", "households_moved_in", "households_moved_out", "status", "reason"]
    rows = result.grids[result.grids["change"] != KEPT]
    table = "<table><tr>" + "".join(f"<th>{esc(c)}</th>" for c in cols) + "</tr>" + "".join(
        "<tr>" + "".join(f"<td>{esc('' if r[c] is None else str(r[c]))}</td>" for c in cols) + "</tr>"
        for _, r in rows.iterrows()) + "</table>"
    retired = result.retired_grids if result.retired_grids is not None else pd.DataFrame()
    retired_html = "<table><tr><th>grid_code</th><th>reason</th></tr>" + "".join(
        f"<tr><td>{esc(str(r['grid_code']))}</td><td>{esc(str(r['reason']))}</td></tr>"
        for _, r in retired.iterrows()) + "</table>" if len(retired) else f"<p>{esc(tr('none'))}</p>"
    sections = [
        (tr("What changed"), f"<ul>{changes}</ul>"),
        (tr("Map of the changes"),
         f'<img alt="map of the changes" src="data:image/png;base64,{change_map_png(result)}">'),
        (tr("Grids that changed ({n})", n=len(rows)), table),
        (tr("Retired codes ({n})", n=len(retired)), retired_html),
        (tr("Summary of the new plan"), f'<table class="summary">{summary}</table>'),
        (tr("Problems and repairs ({n})", n=len(result.problems)), problem_table_html(result.problems)),
    ]
    intro = esc(tr("Yearly review of the plan of {previous}: grids that still meet the rules and whose buildings "
                   "did not change are kept; broken grids are repaired outward with the fewest households moved.",
                   previous=result.metadata.get("previous_created") or "last year"))
    return html_page(title, intro, sections)
