"""Staffing a plan: who serves which grid (一格一员, 一格多员, 一员多格).

Need, from the plan alone (:func:`staffing_need`): one full-time grid worker per basic grid,
⌈households / max⌉ for a grid above the band's maximum (a tower that cannot be split); a
dedicated grid is served by its site's own staff, counted and never drawn from the roster;
community workers at one per 150–200 households (configurable) and the check of at least
18 per 10,000 residents (residents = households × the plan's people per household, 3.0 by
default, or ``people_per_household`` given here).

Assignment from a roster (:func:`staff_plan`), each step solved as the optimisation problem
it is:

* full-time workers, inside their community: an assignment problem
  (:func:`scipy.optimize.linear_sum_assignment`) of workers to the grids' worker places, whose
  cost puts, in this order, every grid's first place before a big grid's extra places, last
  year's grid (``previous_grid``) before any other, then the distance from home (straight, or
  along the roads when roads are given);
* part-time workers the same way over the places still empty, then one helper place per grid;
* departmental officers (any other role: ``police``, ``urban``, …), per department and
  community: contiguous groups of grids within each officer's capacity (grids or households),
  a mixed-integer programme with flow constraints for contiguity solved by HiGHS
  (:func:`scipy.optimize.milp`), each group grown from a root (the grid nearest the officer's
  home or last year's grid, else spread by farthest-point order over every part of the
  community) and open only to the grids nearest it. Grid adjacency across a hard barrier (a
  hard road of the plan's classes, or water, along most of their common border) is left out
  first and used only when the grids cannot be covered without it; then each grid beyond a
  barrier from its group's root costs more than any distance, so groups cross as few as they
  can, and the groups that do cross are counted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._typing import CRSLike
from .errors import InputError
from .i18n import tr, translatable
from .people import Distances, PlanLayers, check_unique_ids, home_points, text_column
from .results import Problem, problems_frame

FULL_TIME, PART_TIME = "full-time", "part-time"
#: Cost layers of the worker assignment (metres of distance are far below each).
FIRST_PLACE_COST = 1e9      # an extra place of a big grid costs more than any first place
KEEP_COST = 1e6             # not keeping last year's grid costs more than any distance
OFFICER_KEEP_KM = 100.0     # the same for officers, in the kilometres of their objective
OFFICER_BARRIER_KM = 20.0   # a grid across a hard barrier from the group's first grid
UNCOVERED_COST = 1e5        # a grid no officer of the department covers
#: Branch-and-bound nodes of one officers' grouping: a deterministic limit (the same input gives
#: the same groups on any machine); the time limit is only a safety net, reported when it fires.
MIP_NODES = 500
ROSTER = "roster"
#: Columns of the ``assignments`` table; ``place``: worker (the grid's own, 网格员), helper
#: (一格多员) or officer (一员多格).
ASSIGNMENT_COLUMNS = ["worker_id", "name", "role", "grid_code", "community_code", "place", "kept_previous",
                      "distance_m", "phone"]


@dataclass
class RosterColumns:
    """Column names of a roster (each renamable by an option)."""

    id: str = "id"
    name: str = "name"
    role: str = "role"
    community: str = "community"
    home_building: str = "home_building"
    x: str = "x"
    y: str = "y"
    capacity: str = "capacity"
    previous_grid: str = "previous_grid"
    phone: str = "phone"


@dataclass
class StaffingOptions:
    """Ratios and units of a staffing run."""

    households_per_worker: tuple[int, int] = (150, 200)
    workers_per_10k_residents: float = 18.0
    people_per_household: float | None = None
    capacity_unit: str = "grids"            # "grids" or "households": the roster's capacity column
    default_officer_capacity: float | None = None
    officer_seconds: float = 5.0            # time limit of one department's grouping in one community
    columns: RosterColumns = field(default_factory=RosterColumns)

    def __post_init__(self) -> None:
        low, high = self.households_per_worker
        if not 0 < low <= high:
            raise InputError(tr("households per community worker must be a range such as 150-200 "
                                "(got {low}-{high})", low=low, high=high))
        if self.capacity_unit not in ("grids", "households"):
            raise InputError(tr("capacity unit must be grids or households (got {unit})", unit=self.capacity_unit))
        for value, option in ((self.default_officer_capacity, "--officer-capacity"),
                              (self.officer_seconds, "--officer-seconds"),
                              (self.people_per_household, "--people-per-household")):
            if value is not None and not (math.isfinite(value) and value > 0):
                raise InputError(tr("{option} must be a positive number (got {value})", option=option, value=value))
        if not (math.isfinite(self.workers_per_10k_residents) and self.workers_per_10k_residents >= 0):
            raise InputError(tr("{option} must be 0 or more (got {value})", option="--workers-per-10k",
                                value=self.workers_per_10k_residents))


@dataclass
class StaffingResult:
    """The staffed plan: grids with their workers, the assignments, the table per community."""

    grids: gpd.GeoDataFrame
    assignments: pd.DataFrame
    staffing: pd.DataFrame
    problems: list[Problem]
    distances_along_roads: bool
    people_per_household: float

    def problems_layer(self, crs: CRSLike | None) -> gpd.GeoDataFrame:
        """The run's problems as a layer of the plan's problem columns."""
        return problems_frame(self.problems, crs)


def parse_range(text: str | tuple[int, int], what: str) -> tuple[int, int]:
    """``"150-200"`` (or ``150–200``, or one number) as ``(150, 200)``."""
    if isinstance(text, tuple):
        return int(text[0]), int(text[1])
    parts = str(text).replace("–", "-").replace("~", "-").split("-")
    try:
        values = [int(p.strip()) for p in parts if p.strip()]
    except ValueError:
        values = []
    if len(values) == 1:
        values = values * 2
    if len(values) != 2 or values[0] <= 0 or values[0] > values[1]:
        raise InputError(tr("{what} must be a range such as 5-10 (got {text})", what=what, text=text))
    return values[0], values[1]


def grid_worker_need(households: pd.Series, kinds: pd.Series, max_households: int) -> np.ndarray:
    """Full-time workers each grid needs from the roster: one per basic grid, ⌈households / max⌉
    above the maximum, none for a dedicated grid (its site's own staff serve it)."""
    h = pd.to_numeric(households, errors="coerce").fillna(0).to_numpy(dtype=float)
    need = np.maximum(1, np.ceil(h / max(1, max_households))).astype(int)
    return np.where(kinds.astype(str).to_numpy() == "dedicated", 0, need)


def staffing_need(plan: PlanLayers, options: StaffingOptions | None = None) -> pd.DataFrame:
    """The need per community from the plan alone (no roster): grids, grid workers, dedicated
    grids' own staff, community workers by the household ratio and by residents."""
    options = options or StaffingOptions()
    pph = options.people_per_household or plan.params.people_per_household
    grids = plan.grids
    need = grid_worker_need(grids["households"], grids["grid_kind"], plan.params.max_households)
    frame = pd.DataFrame({"community_code": grids["community_code"].astype(str),
                          "community_name": grids.get("community_name", pd.Series("", index=grids.index)).fillna(""),
                          "households": pd.to_numeric(grids["households"], errors="coerce").fillna(0).astype(int),
                          "basic": (grids["grid_kind"] != "dedicated").astype(int),
                          "dedicated": (grids["grid_kind"] == "dedicated").astype(int),
                          "need": need})
    rows = []
    low, high = options.households_per_worker
    for code, part in frame.groupby("community_code", sort=True):
        households = int(part["households"].sum())
        residents = households * pph
        rows.append({
            "community_code": code, "community_name": str(part["community_name"].iloc[0]),
            "households": households, "residents": round(residents),
            "basic_grids": int(part["basic"].sum()), "dedicated_grids": int(part["dedicated"].sum()),
            "grid_workers_needed": int(part["need"].sum()),
            "site_staff_counted": int(part["dedicated"].sum()),
            "community_workers_min": math.ceil(households / high) if households else 0,
            "community_workers_max": math.ceil(households / low) if households else 0,
            "workers_for_residents": math.ceil(residents * options.workers_per_10k_residents / 10000.0),
        })
    return pd.DataFrame(rows)


# --- the roster ---------------------------------------------------------------------------------

@dataclass
class Roster:
    """A validated roster: one row per person, community resolved to its code."""

    frame: pd.DataFrame     # id, name, role, community_code, x, y, capacity, previous (tuple), phone, _row
    notes: list[Problem] = field(default_factory=list)     # roles taken as departments, people without a home


def read_roster(frame: pd.DataFrame, plan: PlanLayers, columns: RosterColumns | None = None) -> Roster:
    """Check a roster read by :func:`gridplanner.algorithms.people.read_people` against the plan.

    Errors name the row: a missing or duplicate id, a missing role, an unknown community (its
    code or name must be one of the plan's), a home building the plan does not hold, a
    capacity that is not a positive number.
    """
    c = columns or RosterColumns()
    rows = frame["_row"]
    ids = text_column(frame, c.id, ROSTER)
    check_unique_ids(ids, rows, ROSTER, c.id)
    names = text_column(frame, c.name, ROSTER, required=False)
    roles = text_column(frame, c.role, ROSTER)
    communities = text_column(frame, c.community, ROSTER)
    known = {}
    for code, name in zip(plan.grids["community_code"].astype(str),
                          plan.grids.get("community_name", pd.Series([None] * len(plan.grids))).astype(object)):
        known[code] = code
        if isinstance(name, str) and name:
            known.setdefault(name, code)
    codes = []
    for i, (role, community) in enumerate(zip(roles, communities)):
        row = int(rows.iloc[i])
        if role is None:
            raise InputError(tr("row {row} has no {column}", row=row, column=c.role), layer=ROSTER, field=c.role)
        if community is None:
            raise InputError(tr("row {row} has no {column}", row=row, column=c.community), layer=ROSTER,
                             field=c.community)
        if community not in known:
            raise InputError(tr("row {row}: community {community} is not in the plan (codes or names: {known})",
                                row=row, community=community, known=", ".join(sorted(set(known.values())))),
                             layer=ROSTER, field=c.community)
        codes.append(known[community])
    x, y, _ = home_points(frame, plan, ROSTER, c.home_building, c.x, c.y)
    capacity = np.full(len(frame), np.nan)
    if c.capacity in frame:
        raw = frame[c.capacity].replace("", np.nan)
        capacity = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        bad = (np.isnan(capacity) & raw.notna().to_numpy()) | (capacity <= 0)
        if bad.any():
            raise InputError(tr("row {row}: {column} must be a positive number", row=int(rows[bad].iloc[0]),
                                column=c.capacity), layer=ROSTER, field=c.capacity)
    previous = text_column(frame, c.previous_grid, ROSTER, required=False)
    out = pd.DataFrame({
        "id": ids.to_numpy(), "name": names.fillna("").to_numpy(),
        "role": [_role(r) for r in roles], "community_code": codes, "x": x, "y": y, "capacity": capacity,
        "previous": [tuple(p.replace("；", ";").replace(",", ";").replace("，", ";").split(";")) if p else ()
                     for p in previous],
        "phone": text_column(frame, c.phone, ROSTER, required=False).to_numpy(),
        "_row": rows.to_numpy()})
    out["previous"] = [tuple(s.strip() for s in p if s.strip()) for p in out["previous"]]
    return Roster(out, _roster_notes(out, c))


KNOWN_ROLES = ("full-time", "part-time", "专职网格员", "兼职网格员")


def _roster_notes(roster: pd.DataFrame, columns: RosterColumns) -> list[Problem]:
    """Notes on a roster that is valid but may not say what was meant: the roles taken as
    departments (a warning for one that looks like a worker role or has a single person), and
    the people without a home."""
    import difflib

    notes: list[Problem] = []
    departments = roster[~roster["role"].isin([FULL_TIME, PART_TIME])]
    counts = departments["role"].value_counts().sort_index()
    if len(counts):
        notes.append(Problem(ROSTER, None, "roster_departments",
                             tr("roles taken as departments (officers grouped by department): {departments}",
                                departments=", ".join(f"{role} ({n})" for role, n in counts.items())),
                             severity="info"))
    for role, n in counts.items():
        like_worker = difflib.get_close_matches(str(role), [FULL_TIME, PART_TIME, "fulltime", "parttime"],
                                                n=1, cutoff=0.75)
        if like_worker or n == 1:
            first = departments[departments["role"] == role].iloc[0]
            notes.append(Problem(ROSTER, first["id"], "roster_role_unknown",
                                 tr("row {row}: role {role} is not a known role ({known}); it is taken as a "
                                    "department of {count} officer(s) — check the spelling",
                                    row=int(first["_row"]), role=role, known=", ".join(KNOWN_ROLES), count=int(n))))
    homeless = roster[np.isnan(roster["x"].to_numpy(dtype=float)) | np.isnan(roster["y"].to_numpy(dtype=float))]
    if len(homeless):
        rows = ", ".join(str(int(r)) for r in homeless["_row"].head(10)) + (" …" if len(homeless) > 10 else "")
        notes.append(Problem(ROSTER, None, "roster_no_home",
                             tr("{count} person(s) have no home ({building} or {x} and {y} empty; rows {rows}): "
                                "they are placed without distances", count=len(homeless),
                                building=columns.home_building, x=columns.x, y=columns.y, rows=rows)))
    return notes


def _role(text: str) -> str:
    key = text.strip().lower().replace("_", "-").replace(" ", "-")
    if key in ("full-time", "fulltime", "专职", "专职网格员", "网格员"):
        return FULL_TIME
    if key in ("part-time", "parttime", "兼职", "兼职网格员"):
        return PART_TIME
    return key


# --- the assignment -----------------------------------------------------------------------------

def staff_plan(plan: PlanLayers, roster: Roster | None, options: StaffingOptions | None = None,
               roads: gpd.GeoDataFrame | None = None, water: list[gpd.GeoDataFrame] | None = None
               ) -> StaffingResult:
    """Staff the plan's grids from ``roster`` (the need alone when None); see the module's doc."""
    from .prepare import _split_roads

    options = options or StaffingOptions()
    pph = options.people_per_household or plan.params.people_per_household
    grids = plan.grids.copy()
    grids["_point"] = grids.geometry.representative_point()
    grid_xy = np.column_stack([shapely.get_x(grids["_point"].to_numpy()), shapely.get_y(grids["_point"].to_numpy())])
    need = grid_worker_need(grids["households"], grids["grid_kind"], plan.params.max_households)
    hard_lines = _hard_lines(plan, roads, water, _split_roads)
    distances = Distances(roads.to_crs(grids.crs).geometry if roads is not None and len(roads) else None)
    problems: list[Problem] = list(roster.notes) if roster is not None else []
    rows: list[dict] = []
    people = roster.frame if roster is not None else _empty_roster()
    known = set(grids["grid_code"])
    for _, person in people.iterrows():
        for code in person["previous"]:
            if code not in known:
                problems.append(Problem(ROSTER, person["id"], "previous_grid_unknown",
                                        tr("row {row}: previous grid {grid} is not in the plan; {name} is placed "
                                           "by distance", row=int(person["_row"]), grid=code, name=person["name"]),
                                        severity="info"))
    for code in sorted(grids["community_code"].unique()):
        in_community = np.flatnonzero((grids["community_code"] == code).to_numpy())
        staff = people[people["community_code"] == code]
        full = staff[staff["role"] == FULL_TIME]
        part = staff[staff["role"] == PART_TIME]
        places = [(g, k) for g in in_community for k in range(need[g])]
        filled = _assign_workers(full, places, grids, grid_xy, distances, rows, extra_places=False)
        empty = [p for p, who in zip(places, filled) if who is None]
        helper_places = [(g, need[g]) for g in in_community if need[g] > 0]
        _assign_workers(part, empty + helper_places, grids, grid_xy, distances, rows, extra_places=True,
                        first_count=len(empty))
        for department, officers in staff[~staff["role"].isin([FULL_TIME, PART_TIME])].groupby("role", sort=True):
            _assign_officers(str(department), officers, in_community, grids, grid_xy, distances, hard_lines,
                             options, rows, problems)
    assignments = pd.DataFrame(rows, columns=ASSIGNMENT_COLUMNS)
    grids_out = _grids_with_workers(plan.grids, need, assignments)
    staffing = _staffing_table(plan, grids_out, people, assignments, options, pph)
    problems += _shortfalls(grids_out, staffing, people, assignments, options.workers_per_10k_residents,
                           options.households_per_worker)
    return StaffingResult(grids_out, assignments, staffing, problems, distances.along_roads, pph)


def _empty_roster() -> pd.DataFrame:
    return pd.DataFrame({"id": [], "name": [], "role": [], "community_code": [], "x": [], "y": [],
                         "capacity": [], "previous": [], "phone": [], "_row": []})


def _assign_workers(workers: pd.DataFrame, places: list[tuple[int, int]], grids: gpd.GeoDataFrame,
                    grid_xy: np.ndarray, distances: Distances, rows: list[dict], *, extra_places: bool,
                    first_count: int | None = None) -> list[str | None]:
    """Workers to places (grid, rank) by :func:`linear_sum_assignment`; appends assignment rows and
    returns the worker id of each place (None: empty)."""
    from scipy.optimize import linear_sum_assignment

    taken: list[str | None] = [None] * len(places)
    if not len(workers) or not places:
        return taken
    codes = grids["grid_code"].to_numpy()
    place_grid = np.array([g for g, _ in places])
    home = workers[["x", "y"]].to_numpy(dtype=float)
    metres = distances.matrix(home, grid_xy[place_grid])
    later = np.array([(i >= first_count) if first_count is not None else (k > 0)
                      for i, (_, k) in enumerate(places)], dtype=bool)
    keep = np.array([[codes[g] in prev for g in place_grid] for prev in workers["previous"]], dtype=bool)
    cost = metres + np.where(keep, 0.0, KEEP_COST) + np.where(later, FIRST_PLACE_COST, 0.0)[None, :]
    worker_rows, place_cols = linear_sum_assignment(cost)
    for w, p in zip(worker_rows, place_cols):
        person = workers.iloc[w]
        g = place_grid[p]
        taken[p] = str(person["id"])
        rows.append({"worker_id": person["id"], "name": person["name"], "role": person["role"],
                     "grid_code": codes[g], "community_code": person["community_code"],
                     "place": "helper" if later[p] and first_count is not None else "worker",
                     "kept_previous": bool(keep[w, p]),
                     "distance_m": None if np.isnan(home[w]).any() else round(float(metres[w, p]), 1),
                     "phone": person["phone"]})
    return taken


def _hard_lines(plan: PlanLayers, roads: gpd.GeoDataFrame | None, water: list[gpd.GeoDataFrame] | None,
                split_roads: object) -> object:
    """The hard barriers: road lines of the plan's hard classes and water (areas and lines), as parts."""
    parts = []
    crs = plan.grids.crs
    if roads is not None and len(roads):
        if plan.params.road_class_field not in roads:
            raise InputError(tr("no field {field}; the plan's road class field", field=plan.params.road_class_field),
                             layer="roads", field=plan.params.road_class_field)
        hard, _ = split_roads(roads.to_crs(crs), plan.params, crs)  # type: ignore[operator]
        parts += list(hard.to_numpy())
    for layer in water or []:
        geoms = layer.to_crs(crs).geometry.to_numpy()
        parts += [g for g in geoms if g is not None and not g.is_empty]      # areas and lines alike
    if not parts:
        return None
    return shapely.get_parts(np.asarray(parts, dtype=object))


def grid_adjacency(grids: gpd.GeoDataFrame, members: np.ndarray, hard_lines: object = None,
                   min_shared_m: float = 1.0, barrier_m: float = 10.0
                   ) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
    """Pairs of ``members`` (grid indices) sharing a border of at least ``min_shared_m`` metres,
    and those of them whose border runs mostly (over half) within ``barrier_m`` of a hard barrier
    (``hard_lines``: one geometry or a sequence of lines and areas)."""
    geoms = grids.geometry.to_numpy()[members]
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pairs, hard = [], set()
    parts = None if hard_lines is None else shapely.get_parts(np.asarray(hard_lines, dtype=object).ravel())
    lines = shapely.STRtree(parts) if parts is not None and len(parts) else None
    for a, b in zip(left, right):
        if a >= b:
            continue
        shared = shapely.intersection(shapely.boundary(geoms[a]), shapely.boundary(geoms[b]))
        length = shapely.length(shared)
        if length < min_shared_m:
            continue
        pair = (int(members[a]), int(members[b]))
        pairs.append(pair)
        if lines is None or parts is None:
            continue
        near = lines.query(shared, predicate="dwithin", distance=barrier_m)
        if len(near):
            zone = shapely.buffer(shapely.union_all(parts[near]), barrier_m)
            if shapely.length(shapely.intersection(shared, zone)) > 0.5 * length:
                hard.add(pair)
    return pairs, hard


def _assign_officers(department: str, officers: pd.DataFrame, members: np.ndarray, grids: gpd.GeoDataFrame,
                     grid_xy: np.ndarray, distances: Distances, hard_lines: object, options: StaffingOptions,
                     rows: list[dict], problems: list[Problem]) -> None:
    """Contiguous groups of the community's grids for one department's officers (see the module)."""
    codes = grids["grid_code"].to_numpy()
    n = len(members)
    weight = (np.ones(n) if options.capacity_unit == "grids"
              else pd.to_numeric(grids["households"], errors="coerce").fillna(0).to_numpy(dtype=float)[members])
    home_km = distances.matrix(officers[["x", "y"]].to_numpy(dtype=float), grid_xy[members]) / 1000.0
    keep = np.array([[codes[g] in prev for g in members] for prev in officers["previous"]], dtype=bool)
    pairs, hard = grid_adjacency(grids, members, hard_lines)
    local = {int(g): i for i, g in enumerate(members)}
    soft_edges = [(local[a], local[b]) for a, b in pairs if (a, b) not in hard]
    part = components(n, soft_edges)                 # the parts hard barriers leave
    roots = officer_roots(home_km, keep, officers[["x", "y"]].notna().all(axis=1).to_numpy(), grid_xy[members], part)
    serving = np.flatnonzero(roots >= 0)
    community = str(grids["community_code"].iloc[members[0]])
    if not len(serving):
        return
    officers, home_km, keep, roots = officers.iloc[serving], home_km[serving], keep[serving], roots[serving]
    k = len(officers)
    given = officers["capacity"].to_numpy(dtype=float)
    default = options.default_officer_capacity or math.ceil(1.25 * weight.sum() / k) or 1
    capacity = np.maximum(np.where(np.isnan(given), default, given), weight[roots])
    local_xy = grid_xy[members]
    from_root = np.hypot(local_xy[roots][:, None, 0] - local_xy[None, :, 0],
                         local_xy[roots][:, None, 1] - local_xy[None, :, 1]) / 1000.0
    # a grid beyond a hard barrier from the officer's root costs more than any distance inside
    cost = (from_root + home_km + np.where(keep, 0.0, OFFICER_KEEP_KM)
            + np.where(part[None, :] != part[roots][:, None], OFFICER_BARRIER_KM, 0.0))
    # officers fewer than the parts the hard barriers leave cannot cover them without crossing one
    allowed = reachable_grids(from_root, weight, capacity)
    timed_out: list[bool] = []
    solution = (group_grids(cost, weight, capacity, roots, soft_edges, options.officer_seconds, allowed, timed_out)
                if len(np.unique(part)) <= k else None)
    crossed = False
    if hard and (solution is None or (solution < 0).any()):
        retry = group_grids(cost, weight, capacity, roots, [(local[a], local[b]) for a, b in pairs],
                            options.officer_seconds, allowed, timed_out)
        if retry is not None and (solution is None or (retry < 0).sum() < (solution < 0).sum()):
            solution, crossed = retry, True
    if solution is not None and (solution < 0).any() and np.isnan(given).any() and not options.default_officer_capacity:
        # the default capacity is only a guess: let officers without one take twice as much
        wider = np.where(np.isnan(given), 2 * capacity, capacity)
        edges = [(local[a], local[b]) for a, b in pairs] if crossed else soft_edges
        retry = group_grids(cost, weight, wider, roots, edges, options.officer_seconds,
                            reachable_grids(from_root, weight, wider), timed_out)
        if retry is not None and (retry < 0).sum() < (solution < 0).sum():
            solution = retry
    if solution is None:
        problems.append(Problem("assignments", department, "officers_unsolved",
                                tr("department {department} in community {community}: no grouping of its grids "
                                   "found within {seconds} s", department=department, community=community,
                                   seconds=options.officer_seconds)))
        return
    for i, officer_index in enumerate(solution):
        if officer_index < 0:
            continue
        person = officers.iloc[officer_index]
        rows.append({"worker_id": person["id"], "name": person["name"], "role": person["role"],
                     "grid_code": codes[members[i]], "community_code": person["community_code"],
                     "place": "officer", "kept_previous": bool(keep[officer_index, i]),
                     "distance_m": (None if np.isnan(person["x"])
                                    else round(float(home_km[officer_index, i] * 1000.0), 1)),
                     "phone": person["phone"]})
    if (solution < 0).any():
        problems.append(Problem("assignments", department, "officers_short",
                                tr("department {department} in community {community}: {count} grid(s) beyond the "
                                   "officers' capacity or reach", department=department, community=community,
                                   count=int((solution < 0).sum()))))
    if timed_out:
        problems.append(Problem("assignments", department, "officers_time_limit",
                                tr("department {department} in community {community}: the grouping stopped at its "
                                   "time limit of {seconds} s; its groups may differ between runs (raise "
                                   "--officer-seconds)", department=department, community=community,
                                   seconds=options.officer_seconds)))
    crossing = sum(len(np.unique(part[solution == o])) > 1 for o in range(k)) if crossed else 0
    if crossing:
        problems.append(Problem("assignments", department, "officer_crosses_barrier",
                                tr("department {department} in community {community}: the grids cannot be covered "
                                   "by contiguous groups without crossing a hard barrier; {count} of {officers} "
                                   "groups cross one", department=department, community=community,
                                   count=crossing, officers=k), severity="info"))


def components(n: int, edges: list[tuple[int, int]]) -> np.ndarray:
    """The connected part of each of ``n`` nodes joined by ``edges``."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    a = np.array([e[0] for e in edges], dtype=int)
    b = np.array([e[1] for e in edges], dtype=int)
    _, labels = connected_components(coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n)), directed=False)
    return np.asarray(labels)


def officer_roots(home_km: np.ndarray, keep: np.ndarray, has_home: np.ndarray, grid_xy: np.ndarray,
                  component: np.ndarray | None = None) -> np.ndarray:
    """The grid each officer's group grows from (-1: none, more officers than grids).

    Officers with a home or last year's grids take, by :func:`linear_sum_assignment`, the grid
    nearest home (one of last year's first); the others go first to the largest connected parts
    (``component``) no group can reach yet, then to the grids farthest from every root chosen so
    far (farthest-point order), which spreads the groups over the community.
    """
    from scipy.optimize import linear_sum_assignment

    k, n = home_km.shape
    roots = np.full(k, -1)
    anchored = np.flatnonzero(has_home | keep.any(axis=1))
    if len(anchored):
        cost = home_km[anchored] + np.where(keep[anchored], 0.0, OFFICER_KEEP_KM)
        r, c = linear_sum_assignment(cost)
        roots[anchored[r]] = c
    chosen = [int(g) for g in roots if g >= 0]
    far = (np.min(np.hypot(grid_xy[:, None, 0] - grid_xy[None, chosen, 0],
                           grid_xy[:, None, 1] - grid_xy[None, chosen, 1]), axis=1)
           if chosen else np.hypot(*(grid_xy - grid_xy.mean(axis=0)).T))
    component = np.zeros(n, dtype=int) if component is None else component
    sizes = np.bincount(component)
    for o in np.flatnonzero(roots < 0):
        if len(chosen) >= n:
            break
        far[chosen] = -1.0
        rootless = ~np.isin(component, component[chosen]) if chosen else np.ones(n, dtype=bool)
        g = int(np.argmax(far + np.where(rootless, 1e9 * sizes[component], 0.0)))
        roots[o] = g
        chosen.append(g)
        far = np.minimum(far, np.hypot(*(grid_xy - grid_xy[g]).T))
    return roots


def reachable_grids(from_root: np.ndarray, weight: np.ndarray, capacity: np.ndarray, spare: float = 3.0,
                    nearest_roots: int = 2) -> np.ndarray:
    """Which grids each officer's group may take: the ones nearest its root that ``spare`` times
    its capacity would hold, and every grid for its ``nearest_roots`` nearest roots (so no grid
    is left out). Keeps the programme small where one community has many officers."""
    k, n = from_root.shape
    allowed = np.zeros((k, n), dtype=bool)
    mean = max(float(np.mean(weight)), 1e-9) if n else 1.0
    for o in range(k):
        count = min(n, int(math.ceil(spare * capacity[o] / mean)) + 2)
        allowed[o, np.argsort(from_root[o], kind="stable")[:count]] = True
    closest = np.argsort(from_root, axis=0, kind="stable")[:nearest_roots]
    for g in range(n):
        allowed[closest[:, g], g] = True
    return allowed


def group_grids(cost: np.ndarray, weight: np.ndarray, capacity: np.ndarray, roots: np.ndarray,
                edges: list[tuple[int, int]], seconds: float, allowed: np.ndarray | None = None,
                timed_out: list[bool] | None = None) -> np.ndarray | None:
    """The officer of each grid (-1: uncovered) minimising ``cost`` with connected groups.

    A mixed-integer programme solved by HiGHS (:func:`scipy.optimize.milp`). Variables per
    officer k: x[g,k] (grid g in k's group; 1 at k's root) and f[a,k] (flow on arc a); per grid
    u[g] (uncovered, heavily penalised). Each grid has one officer or is uncovered; a group
    holds at most its officer's capacity; k's root sends one unit of flow to every other grid
    of k's group along arcs between grids of the group, which makes the group connected
    (single-commodity flow formulation of contiguity). ``allowed[k, g]`` False keeps grid g out
    of k's group (the programme stays small: see :func:`reachable_grids`). The search stops
    after :data:`MIP_NODES` nodes (deterministic) or ``seconds`` (a safety net: ``timed_out``
    then receives True, and the groups may differ from run to run).
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    k, n = cost.shape
    arcs = [(a, b) for a, b in edges] + [(b, a) for a, b in edges]
    m = len(arcs)
    nx_, nf = n * k, m * k
    total = nx_ + nf + n
    big = float(max(n - 1, 1))
    entries: list[tuple[int, int, float]] = []
    lo: list[float] = []
    hi: list[float] = []

    def row(coefficients: list[tuple[int, float]], low: float, high: float) -> None:
        r = len(lo)
        entries.extend((r, col, val) for col, val in coefficients)
        lo.append(low)
        hi.append(high)

    for g in range(n):                                           # one officer or uncovered
        row([(o * n + g, 1.0) for o in range(k)] + [(nx_ + nf + g, 1.0)], 1, 1)
    for o in range(k):                                           # capacity
        row([(o * n + g, float(weight[g])) for g in range(n)], 0, float(capacity[o]))
    into: list[list[int]] = [[] for _ in range(n)]
    out_of: list[list[int]] = [[] for _ in range(n)]
    for a, (s, t) in enumerate(arcs):
        out_of[s].append(a)
        into[t].append(a)
    upper = np.ones(total)
    lower = np.zeros(total)
    allowed = np.ones((k, n), dtype=bool) if allowed is None else allowed.copy()
    allowed[np.arange(k), roots] = True
    for o in range(k):
        lower[o * n + roots[o]] = 1.0
        upper[o * n: (o + 1) * n] = allowed[o]
        for g in np.flatnonzero(allowed[o]):
            if g == roots[o]:
                continue
            row([(nx_ + o * m + a, 1.0) for a in into[g]] + [(nx_ + o * m + a, -1.0) for a in out_of[g]]
                + [(o * n + g, -1.0)], 0, np.inf)               # inflow - outflow >= x
        for a, (s, t) in enumerate(arcs):                        # flow only between grids of the group
            if t == roots[o] or not (allowed[o, s] and allowed[o, t]):
                upper[nx_ + o * m + a] = 0.0
                continue
            upper[nx_ + o * m + a] = big
            row([(nx_ + o * m + a, 1.0), (o * n + s, -big)], -np.inf, 0)
            row([(nx_ + o * m + a, 1.0), (o * n + t, -big)], -np.inf, 0)
    c = np.concatenate([cost.reshape(-1), np.zeros(nf), np.full(n, UNCOVERED_COST)])
    r_, c_, v_ = zip(*entries)
    matrix = coo_matrix((v_, (r_, c_)), shape=(len(lo), total)).tocsr()
    integrality = np.ones(total)
    integrality[nx_: nx_ + nf] = 0
    result = milp(c, constraints=LinearConstraint(matrix, lo, hi), integrality=integrality,
                  bounds=Bounds(lower, upper),
                  options={"node_limit": MIP_NODES, "time_limit": seconds, "disp": False})
    if timed_out is not None and result.status == 1 and "time" in str(result.message).lower():
        timed_out.append(True)
    if result.x is None:
        return None
    x = np.round(result.x[:nx_]).reshape(k, n)
    chosen = np.full(n, -1)
    for g in range(n):
        officers = np.flatnonzero(x[:, g] > 0.5)
        if len(officers):
            chosen[g] = int(officers[0])
    return chosen


# --- outputs ------------------------------------------------------------------------------------

def _grids_with_workers(grids: gpd.GeoDataFrame, need: np.ndarray, assignments: pd.DataFrame) -> gpd.GeoDataFrame:
    """The plan's grids plus ``worker`` (names, 、-separated), ``worker_id``, ``worker_phone``,
    ``helpers``, ``officers`` (department: names) and the counts needed and assigned."""
    out = grids.copy()
    out["workers_needed"] = need
    full = assignments[assignments["place"] == "worker"]
    helpers = assignments[assignments["place"] == "helper"]
    officers = assignments[assignments["place"] == "officer"]

    def joined(frame: pd.DataFrame, column: str) -> dict:
        return {code: "、".join(str(v) for v in part[column] if v is not None and str(v) != "")
                for code, part in frame.groupby("grid_code", sort=False)}

    codes = out["grid_code"].astype(str)
    counts = full.groupby("grid_code").size()
    out["workers_assigned"] = codes.map(counts).fillna(0).astype(int).to_numpy()
    out["worker"] = codes.map(joined(full, "name")).fillna("").replace("", None).to_numpy()
    out["worker_id"] = codes.map(joined(full, "worker_id")).fillna("").replace("", None).to_numpy()
    out["worker_phone"] = codes.map(joined(full, "phone")).fillna("").replace("", None).to_numpy()
    out["helpers"] = codes.map(joined(helpers, "name")).fillna("").replace("", None).to_numpy()
    officer_text = {code: "；".join(f"{role}: {'、'.join(map(str, p['name']))}" for role, p in part.groupby("role"))
                    for code, part in officers.groupby("grid_code", sort=False)}
    out["officers"] = codes.map(officer_text).to_numpy()
    out["staffing"] = np.where(out["grid_kind"].astype(str) == "dedicated", "site_staff",
                               np.where(out["workers_assigned"] >= need, "staffed",
                                        np.where(out["workers_assigned"] > 0, "short", "unstaffed")))
    return out


def _staffing_table(plan: PlanLayers, grids: gpd.GeoDataFrame, people: pd.DataFrame, assignments: pd.DataFrame,
                    options: StaffingOptions, pph: float) -> pd.DataFrame:
    table = staffing_need(plan, StaffingOptions(options.households_per_worker, options.workers_per_10k_residents,
                                                pph))
    by = grids.groupby("community_code")
    roster_workers = people[people["role"].isin([FULL_TIME, PART_TIME])].groupby("community_code").size()
    full = people[people["role"] == FULL_TIME].groupby("community_code").size()
    part = people[people["role"] == PART_TIME].groupby("community_code").size()
    officers = people[~people["role"].isin([FULL_TIME, PART_TIME])]
    code = table["community_code"]
    table["full_time"] = code.map(full).fillna(0).astype(int)
    table["part_time"] = code.map(part).fillna(0).astype(int)
    table["grid_workers_assigned"] = code.map(by["workers_assigned"].sum()).fillna(0).astype(int)
    staffed = grids[grids["staffing"].isin(["staffed", "site_staff"])].groupby("community_code").size()
    table["grids_staffed"] = code.map(staffed).fillna(0).astype(int)
    short = np.maximum(0, grids["workers_needed"] - grids["workers_assigned"])
    table["grid_worker_shortfall"] = code.map(short.groupby(grids["community_code"]).sum()).fillna(0).astype(int)
    table["community_workers"] = code.map(roster_workers).fillna(0).astype(int)
    table["community_worker_shortfall"] = np.maximum(0, table["community_workers_min"] - table["community_workers"])
    table["per_10k_residents"] = np.where(table["residents"] > 0,
                                          (table["community_workers"] * 10000.0
                                           / table["residents"].clip(lower=1)).round(1),
                                          0.0)
    table["meets_residents_ratio"] = table["community_workers"] >= table["workers_for_residents"]
    departments = []
    for c in code:
        mine = officers[officers["community_code"] == c]
        covered = assignments[(assignments["community_code"] == c) & assignments["role"].isin(mine["role"])]
        parts = [f"{d}: {len(p)}/{covered[covered['role'] == d]['grid_code'].nunique()}"
                 for d, p in mine.groupby("role", sort=True)]
        departments.append("; ".join(parts))
    table["officers_grids"] = departments
    return table


def _shortfalls(grids: gpd.GeoDataFrame, table: pd.DataFrame, people: pd.DataFrame,
                assignments: pd.DataFrame, ratio: float, per_worker: tuple[int, int]) -> list[Problem]:
    """Grids without their workers, communities below the ratios, workers left without a grid."""
    problems = []
    for _, g in grids[grids["staffing"].isin(["short", "unstaffed"])].iterrows():
        problems.append(Problem("grids", g["grid_code"], "grid_understaffed",
                                tr("grid {grid}: {assigned} of {needed} grid worker(s)", grid=g["grid_code"],
                                   assigned=int(g["workers_assigned"]), needed=int(g["workers_needed"])),
                                geometry=g.geometry))
    for _, t in table.iterrows():
        if t["community_worker_shortfall"] > 0:
            problems.append(Problem("staffing", t["community_code"], "community_workers_short",
                                    tr("community {community}: {have} community worker(s), at least {need} needed "
                                       "(one per {low}–{high} households)", community=t["community_code"],
                                       have=int(t["community_workers"]), need=int(t["community_workers_min"]),
                                       low=per_worker[0], high=per_worker[1])))
        if not t["meets_residents_ratio"]:
            problems.append(Problem("staffing", t["community_code"], "residents_ratio_short",
                                    tr("community {community}: {workers} community worker(s) for {residents} "
                                       "residents ({have} per 10,000), fewer than the {need} of {ratio} per 10,000",
                                       community=t["community_code"], workers=int(t["community_workers"]),
                                       have=t["per_10k_residents"], need=int(t["workers_for_residents"]),
                                       residents=int(t["residents"]), ratio=ratio), severity="info"))
    assigned = set(assignments["worker_id"].astype(str))
    for _, p in people.iterrows():
        if str(p["id"]) not in assigned:
            problems.append(Problem(ROSTER, p["id"], "worker_unassigned",
                                    tr("row {row}: {name} ({role}) has no grid: more workers than places in "
                                       "community {community}", row=int(p["_row"]), name=p["name"], role=p["role"],
                                       community=p["community_code"]), severity="info"))
    return problems


#: The staffing table's columns as the report titles them.
_TITLES = {
    "community_code": translatable("community code"),
    "community_name": translatable("community"),
    "households": translatable("households"),
    "residents": translatable("residents"),
    "basic_grids": translatable("basic grids"),
    "dedicated_grids": translatable("dedicated grids"),
    "grid_workers_needed": translatable("grid workers needed"),
    "grid_workers_assigned": translatable("grid workers assigned"),
    "grid_worker_shortfall": translatable("grid worker shortfall"),
    "community_workers": translatable("community workers"),
    "community_workers_min": translatable("community workers needed (min)"),
    "community_workers_max": translatable("community workers needed (max)"),
    "per_10k_residents": translatable("per 10,000 residents"),
    "workers_for_residents": translatable("needed for residents"),
    "officers_grids": translatable("officers: people/grids"),
}


# --- writing --------------------------------------------------------------------------------------

def staffed_layers(plan: PlanLayers, result: StaffingResult) -> tuple[dict[str, pd.DataFrame], dict]:
    """The layers of the staffed plan: the plan itself (so that ``export`` reads it and fills the
    worker fields) with ``grids`` carrying the workers, plus ``assignments`` and ``staffing``;
    the staffing run's problems follow the plan's in ``problems``."""
    problems = result.problems_layer(plan.grids.crs)
    if plan.problems is not None and len(plan.problems):
        previous = plan.problems
        previous = (previous.set_crs(plan.grids.crs, allow_override=True) if previous.crs is None
                    else previous.to_crs(plan.grids.crs))
        problems = pd.concat([previous, problems], ignore_index=True)
    buildings = plan.buildings.drop(columns=["_households"])
    meta = dict(plan.metadata)
    meta["staffing"] = {"people_per_household": result.people_per_household,
                        "distances": "roads" if result.distances_along_roads else "straight",
                        "assignments": len(result.assignments)}
    return ({"grids": result.grids, "buildings": buildings, "problems": gpd.GeoDataFrame(problems, crs=plan.grids.crs),
             "assignments": result.assignments, "staffing": result.staffing}, meta)


def render_staffing_report(result: StaffingResult, options: StaffingOptions, title: str) -> str:
    """The staffing report: the need and the assignment per community, the shortfalls, the grids."""
    from .report import frame_table_html, html_page

    low, high = options.households_per_worker
    intro = tr("One full-time grid worker per basic grid, more for a grid above the maximum; dedicated grids "
               "are served by their site's own staff. Community workers: one per {low}–{high} households and at "
               "least {ratio} per 10,000 residents (residents = households × {pph} people per household). "
               "Distances: {distances}.", low=low, high=high, ratio=options.workers_per_10k_residents,
               pph=result.people_per_household,
               distances=tr("along the roads") if result.distances_along_roads else tr("straight lines"))
    headings = {k: tr(title) for k, title in _TITLES.items()}
    problems = problems_frame(result.problems, None)
    grid_columns = {"grid_code": tr("grid"), "grid_kind": tr("kind"), "households": tr("households"),
                    "workers_needed": tr("workers needed"), "workers_assigned": tr("workers assigned"),
                    "worker": tr("grid worker"), "officers": tr("officers"), "staffing": tr("staffing")}
    from .report import problem_table_html
    sections = [(tr("Staffing per community"), frame_table_html(result.staffing, headings)),
                (tr("Shortfalls and notes"), problem_table_html(problems) if len(problems) else tr("None.")),
                (tr("Grids"), frame_table_html(pd.DataFrame(result.grids.drop(columns="geometry")), grid_columns))]
    return html_page(title, intro, sections)


