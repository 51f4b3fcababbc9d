"""Interactive editing of a finished plan: the state behind the planner's dock.

Pure (no ``qgis``): the dock feeds it building ids and grid codes and shows what it
returns, so every rule check the planner sees while redrawing comes from here and from
:mod:`gridplanner.algorithms.metrics`.

* :func:`building_cells` cuts every grid into one cell per building (a Voronoi diagram of
  the grid's buildings clipped to the grid), so the cells tile each community exactly and a
  grid's polygon after any edit is the union of its buildings' cells.
* :class:`PlanEditor` keeps per-grid sums (households, population, workload, buildings)
  updated incrementally when buildings change grid, and re-dissolves and re-measures only
  the grids an edit touched.
* :func:`match_codes` gives a re-planned community back the codes of the grids it had, so
  that a repair or a split changes as few codes as possible.
* Split and repair, the two edits the engine makes: :func:`split_grid` plans one grid as a
  community of exactly two grids; :func:`repair_community` re-plans a community keeping its
  locked grids and starting from its current grids. Each is three steps, so that a caller
  can run the engine in the background (the dock does): :func:`split_job` /
  :func:`repair_job` take what to plan from the editor, :func:`run_engine` plans it (plain
  inputs and results only), :func:`assign_codes` gives the result the plan's grid codes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from . import metrics
from ._typing import CRSLike, Geometries
from .band import Band
from .errors import GridPlannerError, InputError
from .geometry import snap_coverage
from .i18n import tr
from .params import PlanParameters, WorkloadWeights

#: Precision (m) of the overlays that dissolve cells into grids: the plan's one precision grid.
GRID_SIZE = metrics.GRID_SIZE_M


def building_cells(grid_geoms: dict[str, shapely.Geometry | None], points: Geometries,
                   codes: npt.ArrayLike) -> np.ndarray:
    """One polygon per building that tiles its grid.

    Parameters
    ----------
    grid_geoms
        ``{grid code: polygon}``.
    points
        A point inside each building (shapely points; ``None`` for buildings without a
        footprint).
    codes
        The grid code of each building (``None`` when unplaced).

    Returns
    -------
    numpy.ndarray
        The cell of each building (``None`` for unplaced buildings or buildings without a
        point). The cells of a grid's buildings are the Voronoi cells of their points
        clipped to the grid, so they cover the grid (streets and empty land included)
        with no gap or overlap.
    """
    points = np.asarray(points, dtype=object)
    codes = np.asarray(codes, dtype=object)
    cells = np.full(len(points), None, dtype=object)
    usable = np.array([p is not None and not p.is_empty for p in points], dtype=bool)
    for code, geom in grid_geoms.items():
        if geom is None or geom.is_empty:
            continue
        idx = np.flatnonzero((codes == code) & usable)
        if not len(idx):
            continue
        if len(idx) == 1:
            cells[idx[0]] = geom
            continue
        pts = points[idx]
        xy = shapely.get_coordinates(pts)
        # Buildings sharing a point would share a cell: give the cell to the first one.
        _, first = np.unique(np.round(xy, 3), axis=0, return_index=True)
        first = np.sort(first)
        regions = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(pts[first]), extend_to=geom))
        tree = shapely.STRtree(regions)
        owner = np.full(len(regions), -1)
        q_pts, q_reg = tree.query(pts[first], predicate="intersects")
        for p, r in zip(q_pts, q_reg):
            if owner[r] < 0:
                owner[r] = p
        for r, p in enumerate(owner):
            if p >= 0:
                cells[idx[first[p]]] = shapely.intersection(regions[r], geom)
    return node_cells(cells)


def _dissolve(cells: list[shapely.Geometry]) -> shapely.Geometry:
    """A grid's polygon from its cells. The cells are an exact coverage on the precision
    grid (:func:`node_cells`), so they are united at full precision: rounding them again
    would collapse a strip of a cell narrower than the grid in this grid but not in its
    neighbour, and open a gap between them."""
    try:
        return shapely.union_all(cells)
    except shapely.errors.GEOSException:
        return shapely.union_all(cells, grid_size=GRID_SIZE)


def node_cells(cells: np.ndarray) -> np.ndarray:
    """``cells`` on the plan's one precision grid, noded once together, so that
    neighbouring cells share exact edges, within a grid and across grids: the grids
    dissolved from them (:meth:`PlanEditor.refresh`) then tile the plan at full precision.

    The cells are clipped at full precision, so the points where a Voronoi edge meets a
    grid line lie on that line; snapped one by one, each cell would round them off the
    line on its own and leave millimetre slivers against the next grid's cells.
    """
    cells = np.asarray(cells, dtype=object)
    has = np.flatnonzero([c is not None and not shapely.is_empty(c) for c in cells])
    if not len(has):
        return cells
    noded = snap_coverage(list(cells[has]))
    out = cells.copy()
    for k, i in enumerate(has):
        out[i] = noded[k] if not shapely.is_empty(noded[k]) else None
    return out


@dataclass
class GridRow:
    """Sums and measures of one grid in the editor."""

    code: str
    community: str
    kind: str = "basic"
    locked: bool = False
    households: int = 0
    population: float = 0.0
    workload: float = 0.0
    n_buildings: int = 0
    geometry: object = None
    area_m2: float = 0.0
    perimeter_m: float = 0.0
    compactness: float = 0.0
    parts: int = 0
    barrier_crossings: int = 0
    status: str = "empty"
    #: Why the grid has its status, as the engine explained it (``""``: no reason known).
    reason: str = ""
    #: The status ``reason`` explains; once the status changes the reason no longer holds.
    reason_status: str = ""


#: Grid statuses that break a hard rule or the band: an edit that leads to one is warned
#: about, and Repair re-plans such grids.
BROKEN_STATUSES = ("noncontiguous", "crosses_barrier", "under_min", "over_max")


class LockedGridError(GridPlannerError):
    """A hand edit would change a locked grid (``codes``); nothing was changed."""

    def __init__(self, codes: list[str], message: str) -> None:
        super().__init__(message)
        self.codes = list(codes)


@dataclass(frozen=True)
class RuleBreak:
    """A hard rule an edit broke: the grid, the rule (a status code, or ``compound_split``) and
    a message for the planner (translated)."""

    code: str
    rule: str
    message: str


@dataclass
class EditSnapshot:
    """Grid statuses and the grids of compounds before an edit (:meth:`PlanEditor.snapshot`)."""

    status: dict[str, str]
    spread: dict[object, frozenset[str]]


def _compound_keys(values: Iterable[object]) -> list[object]:
    return sorted({k for k in values if k is not None and not (isinstance(k, float) and np.isnan(k))
                   and str(k) != ""}, key=str)


@dataclass
class PlanEditor:
    """A plan under edit: building → grid assignment plus per-grid aggregates.

    Parameters are arrays aligned on ``ids`` (the building feature ids of the plan's
    buildings layer). ``grids`` gives each known grid's community, kind and locked flag.
    """

    ids: np.ndarray
    codes: np.ndarray
    households: np.ndarray
    population: np.ndarray
    workload: np.ndarray
    points: np.ndarray
    cells: np.ndarray
    compound: np.ndarray
    grids: dict[str, GridRow]
    band: Band = field(default_factory=lambda: Band(300, 500, 400))
    hard_lines: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    water_areas: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    weights: WorkloadWeights = field(default_factory=WorkloadWeights)
    road_lines: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    #: Building footprints (aligned on ``ids``), when known: a building drawn across a hard
    #: barrier then counts on neither side of it, as in planning (metrics.barrier_crossings).
    footprints: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.ids = np.asarray(self.ids, dtype=np.int64)
        self.codes = np.asarray(self.codes, dtype=object)
        self.households = np.asarray(self.households, dtype=np.int64)
        self.population = np.asarray(self.population, dtype=float)
        self.workload = np.asarray(self.workload, dtype=float)
        self.points = np.asarray(self.points, dtype=object)
        if self.footprints is not None:
            self.footprints = np.asarray(self.footprints, dtype=object)
        self.cells = np.asarray(self.cells, dtype=object)
        self.compound = np.asarray(self.compound, dtype=object)
        self.row_of = {int(i): n for n, i in enumerate(self.ids)}
        self.dirty: set[str] = set()
        self.recompute_all()

    # ------------------------------------------------------------ aggregates
    def recompute_all(self) -> None:
        """Rebuild every sum from the per-building arrays and re-measure every grid."""
        for row in self.grids.values():
            row.households, row.population, row.workload, row.n_buildings = 0, 0.0, 0.0, 0
        for code in set(self.codes.tolist()) - {None}:
            if code not in self.grids:
                self.grids[code] = GridRow(code=code, community=_community_of(code))
        frame = pd.DataFrame({"c": self.codes, "h": self.households, "p": self.population,
                              "w": self.workload})
        frame = frame[frame["c"].notna()]
        for code, g in frame.groupby("c", sort=False):
            row = self.grids[code]
            row.households = int(g["h"].sum())
            row.population = float(g["p"].sum())
            row.workload = float(g["w"].sum())
            row.n_buildings = int(len(g))
        self.dirty = set(self.grids)
        self.refresh()

    def members(self, code: str) -> np.ndarray:
        """Rows (positions in ``ids``) of the buildings of grid ``code``."""
        return np.flatnonzero(self.codes == code)

    def set_code(self, fid: int, code: str | None) -> set[str]:
        """Put building ``fid`` into grid ``code``; returns the grids whose sums changed.

        O(1): the sums of the old and new grid are updated in place; their polygons and
        measures are redone by :meth:`refresh`.
        """
        n = self.row_of[int(fid)]
        old = self.codes[n]
        code = None if code is None or (isinstance(code, float) and np.isnan(code)) else str(code)
        if old == code:
            return set()
        if code is not None and code not in self.grids:
            self.grids[code] = GridRow(code=code, community=self.grids[old].community if old in self.grids
                                       else _community_of(code))
        for c, sign in ((old, -1), (code, 1)):
            if c is None:
                continue
            row = self.grids[c]
            row.households += sign * int(self.households[n])
            row.population += sign * float(self.population[n])
            row.workload += sign * float(self.workload[n])
            row.n_buildings += sign
        self.codes[n] = code
        changed = {c for c in (old, code) if c is not None}
        self.dirty |= changed
        return changed

    def refresh(self, codes: Iterable[str] | None = None) -> set[str]:
        """Re-dissolve and re-measure the dirty grids (or ``codes``); returns them."""
        todo: Collection[str] = set(self.dirty if codes is None else codes)
        if codes is None:
            self.dirty = set()
        todo = [c for c in sorted(todo) if c in self.grids]
        if not todo:
            return set()
        geoms = []
        reps = []
        for code in todo:
            rows = self.members(code)
            cells = [c for c in self.cells[rows] if c is not None]
            geom = _dissolve(cells) if cells else None
            if geom is not None and geom.is_empty:
                geom = None
            geoms.append(geom)
            shapes = self.footprints[rows] if self.footprints is not None else self.points[rows]
            shapes = np.where([f is None or f.is_empty for f in shapes], self.points[rows], shapes)
            use = np.array([p is not None for p in shapes], dtype=bool)
            reps.append((shapes[use], self.workload[rows][use]))
        arr = np.array(geoms, dtype=object)
        has = np.array([g is not None for g in geoms], dtype=bool)
        area = np.zeros(len(arr))
        perim = np.zeros(len(arr))
        pp = np.zeros(len(arr))
        parts = np.zeros(len(arr), dtype=np.int64)
        crossings = np.zeros(len(arr), dtype=np.int64)
        if has.any():
            area[has] = shapely.area(arr[has])
            perim[has] = shapely.length(arr[has])
            pp[has] = metrics.polsby_popper(arr[has])
            parts[has] = metrics.part_count(arr[has])
            which = np.flatnonzero(has)
            crossings[has] = metrics.barrier_crossings(arr[has], [reps[i][0] for i in which],
                                                       self.hard_lines, self.water_areas,
                                                       workload_by_grid=[reps[i][1] for i in which])
        for i, code in enumerate(todo):
            row = self.grids[code]
            row.geometry = geoms[i]
            row.area_m2, row.perimeter_m = float(area[i]), float(perim[i])
            row.compactness, row.parts, row.barrier_crossings = float(pp[i]), int(parts[i]), int(crossings[i])
        self._restatus(todo)
        return set(todo)

    def _restatus(self, codes: Iterable[str]) -> None:
        rows = [self.grids[c] for c in codes]
        status = metrics.grid_status(
            [r.households for r in rows], [r.parts for r in rows], [r.barrier_crossings for r in rows],
            ["locked" if r.locked else r.kind for r in rows], self.band)
        for r, s in zip(rows, status):
            r.status = "empty" if r.n_buildings == 0 else str(s)

    def workload_of(self, code: str) -> float:
        """Workload of a grid: its buildings' workload plus the patrol terms of its polygon."""
        row = self.grids[code]
        if row.geometry is None:
            return row.workload
        return float(metrics.patrol_workload([row.workload], [row.geometry], self.road_lines, self.weights)[0])

    def set_locked(self, code: str, locked: bool) -> None:
        """Mark a grid locked (kept as is by :func:`repair`) or unlocked."""
        self.grids[code].locked = bool(locked)
        self._restatus([code])

    # ---------------------------------------------------------- rules and locks
    def locked_grids_touched(self, rows: npt.ArrayLike, code: str | None) -> list[str]:
        """Locked grids that moving building ``rows`` into grid ``code`` would change: the
        grids they leave and the grid they enter (in code order; empty: the move is free)."""
        touched = {str(c) for c in self.codes[np.asarray(rows, dtype=np.int64)] if c is not None and c != code}
        if code is not None and touched:
            touched.add(code)
        return sorted(c for c in touched if c in self.grids and self.grids[c].locked)

    def check_unlocked(self, rows: npt.ArrayLike, code: str | None) -> None:
        """Refuse (:class:`LockedGridError`) a hand edit that takes buildings out of or into a
        locked grid; the caller may ask the planner and then edit with an override."""
        locked = self.locked_grids_touched(rows, code)
        if locked:
            raise LockedGridError(locked, tr(
                "Grid {codes} is locked: unlock it first, or confirm the override (it is recorded in the "
                "audit log).", codes=", ".join(locked)))

    def snapshot(self, codes: Iterable[str], rows: npt.ArrayLike | None = None) -> EditSnapshot:
        """The rule state of grids ``codes`` and of the compounds of building ``rows`` before an
        edit, for :meth:`rule_breaks` to compare with after it."""
        codes = [c for c in codes if c in self.grids]
        spread: dict[object, frozenset[str]] = {}
        if rows is not None:
            for key in _compound_keys(self.compound[np.asarray(rows, dtype=np.int64)]):
                spread[key] = self._compound_grids(key)
        return EditSnapshot(status={c: self.grids[c].status for c in codes}, spread=spread)

    def _compound_grids(self, key: object) -> frozenset[str]:
        same = np.flatnonzero(self.compound.astype(str) == str(key))
        return frozenset(str(c) for c in self.codes[same] if c is not None)

    def rule_breaks(self, before: EditSnapshot) -> list[RuleBreak]:
        """The hard rules an edit broke since ``before`` (call after :meth:`refresh`): a grid that
        became non-contiguous, crosses a hard barrier or left the band, a compound newly split.
        A rule already broken before the edit is not reported again."""
        breaks = []
        for code in sorted(before.status):
            row = self.grids[code]
            if row.n_buildings == 0 or row.status == before.status[code] or row.status not in BROKEN_STATUSES:
                continue
            if row.status in ("under_min", "over_max") and before.status[code] in BROKEN_STATUSES:
                continue        # already outside the rules; moving within them is no new break
            breaks.append(RuleBreak(code, row.status, self.status_reason(code)))
        for key, grids_before in sorted(before.spread.items(), key=lambda kv: str(kv[0])):
            now = self._compound_grids(key)
            if len(now) > 1 and len(grids_before) <= 1:
                breaks.append(RuleBreak(min(now), "compound_split", tr(
                    "Compound {compound} is now split between grids {codes}.", compound=key,
                    codes=", ".join(sorted(now)))))
        return breaks

    def status_reason(self, code: str) -> str:
        """What the grid's status means in figures (the reason the dock gives after an edit)."""
        row = self.grids[code]
        if row.status == "noncontiguous":
            return tr("Grid {code} is not contiguous: it has {parts} separate parts.", code=code, parts=row.parts)
        if row.status == "crosses_barrier":
            return tr("Grid {code} crosses a hard barrier: its buildings lie on both sides of {n} barrier(s).",
                      code=code, n=row.barrier_crossings)
        if row.status == "under_min":
            return tr("Grid {code} has {households} households, below the minimum {minimum}.", code=code,
                      households=row.households, minimum=self.band.min)
        if row.status == "over_max":
            return tr("Grid {code} has {households} households, above the maximum {maximum}.", code=code,
                      households=row.households, maximum=self.band.max)
        return ""

    def reason_of(self, code: str) -> str:
        """Why grid ``code`` has its status: the engine's reason while the status it explained
        holds, else what the status means in figures (``""`` for a grid in the band)."""
        row = self.grids[code]
        if row.status in ("ok", "empty"):
            return ""
        if row.reason and row.reason_status == row.status:
            return row.reason
        return self.status_reason(code) or row.reason

    def set_reasons(self, reasons: dict[str, tuple[str, str]]) -> None:
        """Keep the engine's ``{code: (status, reason)}`` for the grids it planned."""
        for code, (status, reason) in reasons.items():
            if code in self.grids:
                self.grids[code].reason, self.grids[code].reason_status = str(reason or ""), str(status)

    def neighbours(self, code: str) -> set[str]:
        """Grids of the same community sharing more than a metre of boundary with ``code``."""
        row = self.grids[code]
        if row.geometry is None:
            return set()
        near = shapely.buffer(row.geometry, 0.5)
        out = set()
        for other in self.grids.values():
            if other.code == code or other.community != row.community or other.geometry is None:
                continue
            if shapely.length(shapely.intersection(near, shapely.boundary(other.geometry))) > 1.0:
                out.add(other.code)
        return out

    def repair_scope(self, community: str) -> list[str]:
        """What Repair re-plans in ``community``: its unlocked grids that break a rule or lie
        outside the band, and their unlocked basic neighbours (locked and dedicated grids and
        every grid further away stay as they are)."""
        broken = [r.code for r in self.grids.values() if r.community == community and r.n_buildings
                  and not r.locked and r.kind == "basic" and r.status in BROKEN_STATUSES]
        scope = set(broken)
        for code in broken:
            scope |= {c for c in self.neighbours(code)
                      if not self.grids[c].locked and self.grids[c].kind == "basic" and self.grids[c].n_buildings}
        return sorted(scope)

    # --------------------------------------------------------------- queries
    def table(self, community: str | None = None) -> pd.DataFrame:
        """One row per non-empty grid (of ``community``), in code order."""
        rows = []
        for code in sorted(self.grids):
            r = self.grids[code]
            if r.n_buildings == 0 or (community is not None and r.community != community):
                continue
            rows.append({"grid_code": code, "community_code": r.community,
                         "grid_kind": "locked" if r.locked else r.kind,
                         "locked": r.locked, "households": r.households, "population": round(r.population),
                         "workload": round(self.workload_of(code), 2), "n_buildings": r.n_buildings,
                         "area_m2": round(r.area_m2, 1), "perimeter_m": round(r.perimeter_m, 1),
                         "compactness": round(r.compactness, 4), "parts": r.parts,
                         "barrier_crossings": r.barrier_crossings, "status": r.status})
        columns = ["grid_code", "community_code", "grid_kind", "locked", "households", "population", "workload",
                   "n_buildings", "area_m2", "perimeter_m", "compactness", "parts", "barrier_crossings", "status"]
        return pd.DataFrame(rows, columns=columns)

    def summary(self, community: str | None = None) -> dict:
        """:func:`metrics.plan_summary` of the current state (of ``community``)."""
        table = self.table(community)
        rows = np.ones(len(self.codes), dtype=bool)
        if community is not None:
            rows = np.array([c is not None and self.grids[c].community == community for c in self.codes])
        # Only compounds spread over several grids can be split: measuring just their rows gives
        # the same answer as measuring all rows, without the cost of grouping every building.
        comp, codes, hh = self.compound[rows], self.codes[rows], self.households[rows]
        spread: dict = {}
        for k, c in zip(comp, codes):
            if c is not None and k is not None and not (isinstance(k, float) and np.isnan(k)):
                spread.setdefault(k, set()).add(c)
        split_keys = {k for k, s in spread.items() if len(s) > 1}
        keep = np.array([k in split_keys for k in comp], dtype=bool) if split_keys else np.zeros(len(comp), bool)
        splits = metrics.compound_splits(comp[keep], codes[keep], hh[keep], self.band.max)
        table = table.assign(grid_kind=np.where(table["grid_kind"] == "dedicated", "dedicated", "basic"))
        return metrics.plan_summary(table, self.band, splits)

    def compound_rows(self, rows: npt.ArrayLike) -> np.ndarray:
        """All rows in the same compounds as ``rows`` (plus ``rows`` themselves)."""
        rows = np.asarray(rows, dtype=np.int64)
        keys = {k for k in self.compound[rows] if k is not None and not (isinstance(k, float) and np.isnan(k))}
        if not keys:
            return rows
        same = np.flatnonzero(np.isin(self.compound.astype(str), np.array(sorted(map(str, keys)))))
        return np.union1d(rows, same)

    def community_codes(self) -> list[str]:
        """Communities that hold at least one grid."""
        return sorted({r.community for r in self.grids.values() if r.n_buildings > 0})

    def next_code(self, community: str, width: int = 3) -> str:
        """A free grid code in ``community``: the next sequence after the highest in use."""
        return _next_code(self.grids, community, width)

    def recut_cells(self, grid_geoms: dict[str, shapely.Geometry | None]) -> None:
        """Recompute the cells of the buildings of ``grid_geoms`` (after an engine run)."""
        rows = np.flatnonzero(np.isin(self.codes.astype(str), np.array(sorted(grid_geoms), dtype=str)))
        cells = building_cells(grid_geoms, self.points[rows], self.codes[rows])
        # The neighbours' cells are noded with the new ones, so both sides of every grid line
        # snap alike.
        near = np.zeros(len(self.cells), dtype=bool)
        shapes = [g for g in grid_geoms.values() if g is not None and not shapely.is_empty(g)]
        if shapes:
            area = shapely.union_all(shapes)
            near = np.asarray(shapely.dwithin(self.cells, area, 2 * GRID_SIZE), dtype=bool)
            near[rows] = False
        others = np.flatnonzero(near)
        noded = node_cells(np.concatenate([cells, self.cells[others]]))
        self.cells[rows] = noded[:len(rows)]
        self.cells[others] = noded[len(rows):]
        self.dirty |= set(grid_geoms) | {c for c in self.codes[others] if c is not None}


def _next_code(codes: Iterable[str], community: str, width: int) -> str:
    used = [int(c[len(community):]) for c in codes if c.startswith(community) and c[len(community):].isdigit()]
    return f"{community}{(max(used) + 1 if used else 1):0{width}d}"


def _community_of(code: str, width: int = 3) -> str:
    return str(code)[:-width] if len(str(code)) > width else str(code)


def match_codes(old_codes: npt.ArrayLike, new_labels: npt.ArrayLike, households: npt.ArrayLike
                ) -> dict[str, str | None]:
    """Map each new grid label to an old grid code (or ``None`` when it needs a new one).

    Pairs are taken greedily by the households they share, largest first, each old code
    and new label used once; ties go by label order, so the mapping is deterministic.
    """
    frame = pd.DataFrame({"old": np.asarray(old_codes, dtype=object), "new": np.asarray(new_labels, dtype=object),
                          "h": np.asarray(households, dtype=float) + 1e-6})
    frame = frame[frame["new"].notna()]
    shared = frame[frame["old"].notna()].groupby(["new", "old"], sort=True)["h"].sum().reset_index()
    shared = shared.sort_values(["h", "new", "old"], ascending=[False, True, True], kind="stable")
    mapping: dict = {}
    taken: set = set()
    for new, old in zip(shared["new"], shared["old"]):
        if new in mapping or old in taken:
            continue
        mapping[new] = old
        taken.add(old)
    for new in sorted(set(frame["new"]) - set(mapping)):
        mapping[new] = None
    return mapping


def barriers(roads: gpd.GeoDataFrame | None, water: Iterable[gpd.GeoDataFrame | None] | None,
             params: PlanParameters, crs: CRSLike | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hard barrier lines, water areas and all road lines in ``crs``, as the engine sees them.

    ``roads`` is a GeoDataFrame or ``None``; ``water`` a list of GeoDataFrames (areas and
    river centre lines). River centre lines count as hard barrier lines, as in planning.
    """
    from .prepare import _polygonal_or_lines, _split_roads, close_hard_gaps

    def to_crs(frame: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
        if frame is None or not len(frame):
            return None
        return frame.to_crs(crs) if frame.crs is not None and crs is not None else frame

    roads = to_crs(roads)
    hard, soft = _split_roads(roads, params, crs)
    areas, lines = [], []
    for frame in water or []:
        frame = to_crs(frame)
        if frame is not None:
            frame_areas, frame_lines = _polygonal_or_lines(frame)
            areas.extend(frame_areas)
            lines.extend(frame_lines)
    hard_lines = close_hard_gaps(np.array(list(hard) + lines, dtype=object))[0]
    return hard_lines, np.array(areas, dtype=object), np.array(list(hard) + list(soft), dtype=object)


# ------------------------------------------------------------------ split and repair
@dataclass(frozen=True)
class EngineJob:
    """A split or a repair for the engine: what to plan, taken from the editor's state.

    ``buildings`` (the re-planned buildings, ids in ``_gp_fid``) and ``area`` (the one
    community they are planned as, fields ``code`` and ``name``) are what
    :func:`run_engine` plans with ``params``; ``fids`` are the buildings' editor ids in the
    order of ``buildings``.
    """

    kind: str                   # "split" or "repair"
    target: str                 # the grid split, or the community repaired
    community: str              # the community the new grids belong to
    fids: np.ndarray
    buildings: gpd.GeoDataFrame
    area: gpd.GeoDataFrame
    params: PlanParameters


@dataclass(frozen=True)
class EngineGrids:
    """What the engine made of a job, as plain values (no CRS, so it may cross threads).

    ``labels`` is the engine's grid code of each building of the job (``None``: in no grid);
    ``grid_labels`` and ``grid_geoms`` are the grids it made and their polygons.
    """

    labels: np.ndarray
    grid_labels: list[str]
    grid_geoms: list
    #: The engine's status and reason of each grid of ``grid_labels`` (empty when unknown).
    grid_status: list[str] = field(default_factory=list)
    grid_reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NewCodes:
    """The outcome of a split or repair in the plan's codes (see :func:`assign_codes`).

    For each re-planned building (editor id ``fids``): its grid code before (``old``) and
    after (``codes``) and its ``households``. ``polygons`` are the new polygons of the grids
    the engine made, by code; ``added`` the codes the plan did not have before.
    """

    fids: np.ndarray
    old: np.ndarray
    codes: np.ndarray
    households: np.ndarray
    polygons: dict[str, object]
    added: list[str]
    #: The engine's ``(status, reason)`` of each new grid, by code.
    reasons: dict[str, tuple[str, str]] = field(default_factory=dict)

    def moved(self) -> pd.DataFrame:
        """The buildings that changed grid: ``building_fid``, ``from``, ``to``, ``households``."""
        moved = pd.DataFrame({"building_fid": self.fids, "from": self.old, "to": self.codes,
                              "households": self.households})
        return moved[moved["from"] != moved["to"]].reset_index(drop=True)


def _job_buildings(editor: PlanEditor, buildings: gpd.GeoDataFrame, rows: np.ndarray, start, locked
                   ) -> gpd.GeoDataFrame:
    frame = buildings.iloc[rows].drop(columns=["grid_code"], errors="ignore").copy()
    frame["_gp_fid"] = editor.ids[rows]
    frame["_gp_start"] = start
    frame["_gp_locked"] = locked
    return frame.reset_index(drop=True)


def split_job(editor: PlanEditor, buildings: gpd.GeoDataFrame, code: str, params: PlanParameters) -> EngineJob:
    """The engine job that splits grid ``code`` in two.

    The grid's buildings are planned as a community of their own (the grid's polygon, code
    ``code``) with a fixed count of two grids; nothing else of the plan takes part.
    ``buildings`` are the plan's buildings, one row per editor id in the editor's order,
    with the fields ``params`` names (the plan's parameters).
    """
    row = editor.grids.get(code)
    if row is None or row.n_buildings < 2 or row.geometry is None:
        raise InputError(f"grid {code} has fewer than two buildings: it cannot be split")
    rows = editor.members(code)
    area = gpd.GeoDataFrame({"code": [code], "name": [code]}, geometry=[row.geometry], crs=buildings.crs)
    job_params = dataclasses.replace(params, community_code_field="code", community_name_field="name",
                                     grid_counts={code: 2}, locked_field=None, start_field=None,
                                     building_id_field=None, workers=1)
    return EngineJob("split", code, row.community, editor.ids[rows],
                     _job_buildings(editor, buildings, rows, None, None), area, job_params)


def repair_job(editor: PlanEditor, buildings: gpd.GeoDataFrame, community: str, params: PlanParameters,
               name: str | None = None, scope: Collection[str] | None = None) -> EngineJob:
    """The engine job that mends ``community`` around the edits.

    Only the grids of ``scope`` take part (default :meth:`PlanEditor.repair_scope`: the
    unlocked grids outside the band or breaking a rule, and their unlocked neighbours); their
    buildings start from their current grids and are planned in the union of those grids, so
    every other grid, locked or not, stays exactly as it is. ``buildings`` as for
    :func:`split_job`. Raises :class:`InputError` when nothing needs repair.
    """
    scope = sorted(editor.repair_scope(community) if scope is None else scope)
    if not scope:
        raise InputError(tr("Every grid of community {code} is whole and in the band (or locked): there is "
                            "nothing to repair.", code=community))
    rows = np.flatnonzero(np.isin(editor.codes.astype(str), np.array(scope, dtype=str)))
    if not len(rows):
        raise InputError(tr("Community {code} has no buildings in this plan.", code=community))
    codes = editor.codes[rows]
    geoms = [editor.grids[c].geometry for c in scope if editor.grids[c].geometry is not None]
    area = gpd.GeoDataFrame({"code": [community], "name": [name]},
                            geometry=[shapely.union_all(geoms, grid_size=GRID_SIZE)], crs=buildings.crs)
    job_params = dataclasses.replace(params, community_code_field="code", community_name_field="name",
                                     locked_field=None, start_field="_gp_start", building_id_field=None,
                                     grid_counts={}, workers=1)
    return EngineJob("repair", community, community, editor.ids[rows],
                     _job_buildings(editor, buildings, rows, codes, None), area, job_params)


def run_engine(buildings: gpd.GeoDataFrame, area: gpd.GeoDataFrame, params: PlanParameters,
               roads: gpd.GeoDataFrame | None = None, water: list[gpd.GeoDataFrame] | None = None,
               progress: Callable[[float, str], None] | None = None,
               is_cancelled: Callable[[], bool] | None = None) -> EngineGrids:
    """Plan a job's ``buildings`` in its ``area`` (see :class:`EngineJob`) with the engine.

    ``roads`` and ``water`` are the plan's input barriers; ``progress`` and
    ``is_cancelled`` as for :func:`gridplanner.algorithms.plan_grids`.
    """
    from .planner import plan_grids

    result = plan_grids(buildings, roads=roads, communities=area, water=water or None, params=params,
                        progress=progress, is_cancelled=is_cancelled)
    labels = np.array([None if _missing(c) else str(c) for c in result.buildings["grid_code"]], dtype=object)
    return EngineGrids(labels=labels, grid_labels=[str(c) for c in result.grids["grid_code"]],
                       grid_geoms=list(result.grids.geometry.to_numpy()),
                       grid_status=[str(c) for c in result.grids["status"]],
                       grid_reasons=["" if _missing(r) else str(r) for r in result.grids["reason"]])


def assign_codes(editor: PlanEditor, fids: np.ndarray, community: str, grids: EngineGrids,
                 width: int = 3) -> NewCodes:
    """Give the grids the engine made the plan's codes.

    Each new grid takes the old code it shares most households with (:func:`match_codes`);
    the others take the next free codes of ``community`` (``width`` digits of sequence). A
    building the engine left in no grid keeps its grid. Reads the editor's current codes,
    changes nothing.
    """
    rows = np.array([editor.row_of[int(f)] for f in fids])
    old = editor.codes[rows].copy()
    households = editor.households[rows]
    mapping = match_codes(old, grids.labels, households)
    taken = set(editor.grids)
    added = []
    for new in sorted(k for k, v in mapping.items() if v is None):
        code = _next_code(taken, community, width)
        mapping[new] = code
        taken.add(code)
        added.append(code)
    code_of = {label: code for label, code in mapping.items() if code is not None}   # every label has one now
    codes = np.array([code_of.get(c) if c is not None else o for c, o in zip(grids.labels, old)], dtype=object)
    polygons = {code_of[c]: g for c, g in zip(grids.grid_labels, grids.grid_geoms)}
    reasons = {code_of[c]: (s, r) for c, s, r in zip(grids.grid_labels, grids.grid_status, grids.grid_reasons)}
    return NewCodes(fids=np.asarray(fids), old=old, codes=codes, households=households, polygons=polygons,
                    added=added, reasons=reasons)


def split_grid(editor: PlanEditor, buildings: gpd.GeoDataFrame, code: str, params: PlanParameters,
               roads: gpd.GeoDataFrame | None = None, water: list[gpd.GeoDataFrame] | None = None,
               progress: Callable[[float, str], None] | None = None,
               is_cancelled: Callable[[], bool] | None = None) -> NewCodes:
    """Split grid ``code`` in two (:func:`split_job`, :func:`run_engine`, :func:`assign_codes`).

    One of the two grids keeps ``code`` (the one holding more of its households), the
    other takes the community's next free code; no other grid changes.
    """
    job = split_job(editor, buildings, code, params)
    grids = run_engine(job.buildings, job.area, job.params, roads, water, progress, is_cancelled)
    return assign_codes(editor, job.fids, job.community, grids, params.sequence_width)


def repair_community(editor: PlanEditor, buildings: gpd.GeoDataFrame, community: str, params: PlanParameters,
                     name: str | None = None, roads: gpd.GeoDataFrame | None = None,
                     water: list[gpd.GeoDataFrame] | None = None,
                     progress: Callable[[float, str], None] | None = None,
                     is_cancelled: Callable[[], bool] | None = None) -> NewCodes:
    """Mend ``community``: re-plan its grids outside the band or broken and their unlocked
    neighbours (:func:`repair_job`, :func:`run_engine`, :func:`assign_codes`); new grids take
    back the codes of the grids they overlap most."""
    job = repair_job(editor, buildings, community, params, name)
    grids = run_engine(job.buildings, job.area, job.params, roads, water, progress, is_cancelled)
    return assign_codes(editor, job.fids, job.community, grids, params.sequence_width)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))
