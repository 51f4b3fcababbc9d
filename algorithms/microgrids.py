"""Micro-grids below the grid: groups of households (联户 5–10, 微网格 30–50) and the party
members linked to them (户户见党员).

Inside each grid of a plan (:func:`plan_microgrids`):

1. a building holding more households than the group maximum is cut into numbered household
   ranges (households numbered by stair unit 单元, then floor, when the buildings have
   ``units``/``floors``; else in sequence), cut at a unit or floor boundary when that keeps the
   sizes in the band (:func:`split_building`); when no number of ranges fits the band, the
   ranges are as full as the maximum allows and the rest joins the small buildings nearby;
2. the small buildings (and such rests) are ordered along a minimum spanning tree of their
   Delaunay neighbours, whose edges across a road cost ten times their length, so that the
   order crosses roads as rarely as it can; the order is then cut into groups by dynamic
   programming (:func:`segment_groups`): a cut is optimal for, first, households outside the
   band, then roads crossed inside a group, then the distance walked inside a group.

Members (:func:`link_members`) are linked to groups of the grid they live in by an assignment
problem (:func:`scipy.optimize.linear_sum_assignment`): every group gets one member before any
gets a second; each member's own building first, then the nearest group; at most
``groups_per_member`` groups each (1 by default).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .errors import InputError
from .i18n import tr, translatable
from .people import PlanLayers, check_unique_ids, home_points, text_column
from .results import Problem

#: Cost of one household outside the band, of a road crossed inside a group, per metre walked.
OUT_OF_BAND_COST = 1e6
ROAD_COST = 300.0
METRE_COST = 0.01
#: A cut inside a stair unit (or floor) of a split building, against one at its boundary.
INSIDE_UNIT_COST, INSIDE_FLOOR_COST = 2.0, 1.0
ROAD_EDGE_FACTOR = 10.0
OWN_BUILDING_COST = -1e6
SECOND_MEMBER_COST = 1e9
MEMBERS = "members"


@dataclass
class MemberColumns:
    """Column names of a member list (each renamable by an option)."""

    id: str = "id"
    name: str = "name"
    home_building: str = "home_building"
    x: str = "x"
    y: str = "y"


@dataclass
class MicrogridOptions:
    """The band of a group and the buildings' unit and floor fields."""

    households_per_group: tuple[int, int] = (5, 10)
    units_field: str = "units"
    floors_field: str = "floors"
    groups_per_member: int = 1
    columns: MemberColumns = field(default_factory=MemberColumns)

    def __post_init__(self) -> None:
        low, high = self.households_per_group
        if not 0 < low <= high:
            raise InputError(tr("households per group must be a range such as 5-10 (got {low}-{high})",
                                low=low, high=high))
        if self.groups_per_member < 1:
            raise InputError(tr("groups per member must be at least 1"))


@dataclass
class MicrogridResult:
    """Micro-grids, member links and the summary per grid and community."""

    micro_grids: gpd.GeoDataFrame
    member_links: pd.DataFrame
    summary: pd.DataFrame
    communities: pd.DataFrame
    problems: list[Problem]


@dataclass
class _Item:
    """A piece of a group: a whole building or a range of its households."""

    building: int             # row of the buildings layer
    households: int
    first: int                # first household number (1-based) of a range; 0 for a whole building
    last: int
    label: str = ""


def household_ranges(households: int, parts: int, units: int = 0, floors: int = 0,
                     band: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """``parts`` ranges ``(first, last)`` of households ``1..households``, near-equal, each cut
    moved to the nearest stair-unit (else floor) boundary when every range stays in ``band``."""
    bounds = [round(households * i / parts) for i in range(parts + 1)]
    if units > 1 or floors > 1:
        per_unit = math.ceil(households / max(units, 1))
        per_floor = max(1, math.ceil(per_unit / max(floors, 1)))
        for i in range(1, parts):
            for step in ([per_unit] if units > 1 else []) + ([per_floor] if floors > 1 else []):
                candidate = int(round(bounds[i] / step) * step)
                trial = bounds[:i] + [candidate] + bounds[i + 1:]
                sizes = np.diff(trial)
                low, high = band if band else (1, households)
                if (sizes >= low).all() and (sizes <= high).all() and (sizes > 0).all():
                    bounds = trial
                    break
    return [(bounds[i] + 1, bounds[i + 1]) for i in range(parts)]


def range_label(first: int, last: int, households: int, units: int, floors: int) -> str:
    """``"1–40"``, with the stair unit and floor of both ends when known."""
    text = f"{first}–{last}"
    if units > 0 and floors > 0:
        per_unit = math.ceil(households / units)
        per_floor = max(1, math.ceil(per_unit / floors))

        def where(n: int) -> str:
            unit, within = divmod(n - 1, per_unit)
            return tr("unit {unit} floor {floor}", unit=unit + 1, floor=within // per_floor + 1)
        text += f" ({where(first)} – {where(last)})"
    return text


def split_building(households: int, band: tuple[int, int], units: int = 0, floors: int = 0
                   ) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """A building above the band's maximum as household ranges in the band and, when no number
    of ranges fits the band, the rest ``(first, last)`` left to join nearby buildings."""
    low, high = band
    parts = math.ceil(households / high)
    if parts * low <= households:
        return household_ranges(households, parts, units, floors, band), None
    full = households // high
    ranges = [(i * high + 1, (i + 1) * high) for i in range(full)]
    return ranges, (full * high + 1, households)


def segment_groups(households: np.ndarray, step_cost: np.ndarray, band: tuple[int, int]) -> list[tuple[int, int]]:
    """Cut a sequence of items into consecutive groups ``[start, end)``, minimising households
    outside ``band`` (× :data:`OUT_OF_BAND_COST`) plus the cost of each step between consecutive
    items of one group (``step_cost[t]`` between items t and t+1), by dynamic programming."""
    n = len(households)
    if n == 0:
        return []
    low, high = band
    total = np.concatenate([[0], np.cumsum(households)])
    steps = np.concatenate([[0.0], np.cumsum(step_cost)])     # steps[t]: cost of steps 0..t-1
    best = np.full(n + 1, np.inf)
    best[0] = 0.0
    back = np.zeros(n + 1, dtype=int)
    reach = 2 * high
    for j in range(1, n + 1):
        start = int(np.searchsorted(total, total[j] - reach, side="left"))
        start = min(max(0, start - 1), j - 1)
        i = np.arange(start, j)
        size = total[j] - total[i]
        penalty = OUT_OF_BAND_COST * (np.maximum(0, low - size) + np.maximum(0, size - high))
        inner = steps[j - 1] - steps[i]                    # steps i..j-2
        cost = best[i] + penalty + inner
        k = int(np.argmin(cost))
        best[j] = cost[k]
        back[j] = i[k]
    cuts = []
    j = n
    while j > 0:
        cuts.append((int(back[j]), j))
        j = int(back[j])
    return cuts[::-1]


def tree_order(xy: np.ndarray, crossing: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Items in depth-first order of a minimum spanning tree over their Delaunay neighbours
    (edges across a road × :data:`ROAD_EDGE_FACTOR`); the length and road flag of each step."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import minimum_spanning_tree

    n = len(xy)
    if n == 1:
        return np.zeros(1, dtype=int), np.zeros(0), np.zeros(0, dtype=bool)
    pairs = _neighbour_pairs(xy)
    a, b = pairs[:, 0], pairs[:, 1]
    length = np.hypot(*(xy[a] - xy[b]).T) + 0.01
    crosses = crossing(xy[a], xy[b])                                  # type: ignore[operator]
    weight = length * np.where(crosses, ROAD_EDGE_FACTOR, 1.0)
    tree = minimum_spanning_tree(coo_matrix((weight, (a, b)), shape=(n, n)).tocsr())
    tree = (tree + tree.T).tocsr()
    order = _light_first_order(tree, xy)
    step = np.hypot(*(xy[order[1:]] - xy[order[:-1]]).T)
    return order, step, crossing(xy[order[:-1]], xy[order[1:]])       # type: ignore[operator]


def _light_first_order(tree: object, xy: np.ndarray) -> np.ndarray:
    """Depth-first order of a spanning tree from its west-most (then north-most) leaf, each node's
    children taken lightest edge first, so that an edge across a road is followed last and the
    order crosses it once, where a cut can fall."""
    indptr, indices, data = tree.indptr, tree.indices, tree.data          # type: ignore[attr-defined]
    n = len(xy)
    degree = np.diff(indptr)
    leaves = np.flatnonzero(degree <= 1)
    candidates = leaves if len(leaves) else np.arange(n)
    root = int(candidates[np.lexsort((-xy[candidates, 1], xy[candidates, 0]))[0]])
    seen = np.zeros(n, dtype=bool)
    order = []
    stack = [root]
    while stack:
        node = stack.pop()
        if seen[node]:
            continue
        seen[node] = True
        order.append(node)
        start, end = indptr[node], indptr[node + 1]
        children = sorted(zip(data[start:end], indices[start:end]), reverse=True)   # heaviest pushed first
        stack.extend(int(c) for _, c in children if not seen[c])
    order += [i for i in range(n) if not seen[i]]                          # not expected: Delaunay is connected
    return np.array(order, dtype=int)


def _neighbour_pairs(xy: np.ndarray) -> np.ndarray:
    from scipy.spatial import Delaunay, QhullError

    n = len(xy)
    pairs: set[tuple[int, int]] = set()
    if n >= 3:
        try:
            tri = Delaunay(xy + np.random.default_rng(0).normal(0, 1e-6, xy.shape))
            for simplex in tri.simplices:
                for p in range(3):
                    u, v = int(simplex[p]), int(simplex[(p + 1) % 3])
                    pairs.add((min(u, v), max(u, v)))
        except QhullError:
            pass
    order = np.lexsort((xy[:, 1], xy[:, 0]))
    for u, v in zip(order[:-1], order[1:]):                           # a chain keeps it connected
        pairs.add((int(min(u, v)), int(max(u, v))))
    return np.array(sorted(pairs), dtype=int)


class _RoadCrossing:
    """Whether straight steps between points cross a road line."""

    def __init__(self, roads: gpd.GeoSeries | None) -> None:
        geoms = None if roads is None else roads.to_numpy()
        self._tree = shapely.STRtree(geoms) if geoms is not None and len(geoms) else None

    def __call__(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        out = np.zeros(len(start), dtype=bool)
        if self._tree is None or not len(start):
            return out
        lines = shapely.linestrings(np.stack([start, end], axis=1))
        hits, _ = self._tree.query(lines, predicate="intersects")
        out[np.unique(hits)] = True
        return out


def plan_microgrids(plan: PlanLayers, options: MicrogridOptions | None = None,
                    roads: gpd.GeoDataFrame | None = None, members: pd.DataFrame | None = None) -> MicrogridResult:
    """Micro-grids of every grid of ``plan`` and, with ``members``, their links (see the module)."""
    options = options or MicrogridOptions()
    band = options.households_per_group
    buildings = plan.buildings
    crs = buildings.crs
    crossing = _RoadCrossing(roads.to_crs(crs).geometry if roads is not None and len(roads) else None)
    ids = (buildings[plan.building_id_field].map(_text).to_numpy(dtype=object) if plan.building_id_field
           else np.array([str(i) for i in buildings.index], dtype=object))
    units = _count(buildings, options.units_field)
    floors = _count(buildings, options.floors_field)
    points = buildings.geometry.representative_point()
    bxy = np.column_stack([points.x.to_numpy(), points.y.to_numpy()])
    hh = buildings["_households"].to_numpy()
    footprints = buildings.geometry.to_numpy()
    rows = []
    problems: list[Problem] = []
    grid_codes = buildings["grid_code"].to_numpy(dtype=object)
    community_of = dict(zip(plan.grids["grid_code"], plan.grids["community_code"]))
    for code in sorted(plan.grids["grid_code"].astype(str)):
        rows_of_grid = np.flatnonzero((grid_codes == code) & (hh > 0))
        groups: list[list[_Item]] = []
        small: list[_Item] = []
        for b in rows_of_grid:
            h = int(hh[b])
            if h <= band[1]:
                small.append(_Item(int(b), h, 0, 0))
                continue
            ranges, rest = split_building(h, band, int(units[b]), int(floors[b]))
            for first, last in ranges:
                groups.append([_Item(int(b), last - first + 1, first, last,
                                     range_label(first, last, h, int(units[b]), int(floors[b])))])
            if rest:
                small.append(_Item(int(b), rest[1] - rest[0] + 1, rest[0], rest[1],
                                   range_label(rest[0], rest[1], h, int(units[b]), int(floors[b]))))
        if small:
            xy = bxy[[it.building for it in small]]
            order, step, crossed = tree_order(xy, crossing)
            cost = ROAD_COST * crossed + METRE_COST * step
            sizes = np.array([small[i].households for i in order])
            for start, end in segment_groups(sizes, cost, band):
                groups.append([small[i] for i in order[start:end]])
        for seq, items in enumerate(_reading_order(groups, bxy), start=1):
            rows.append(_group_row(code, community_of.get(code), seq, items, ids, footprints, bxy))
    micro = gpd.GeoDataFrame(rows, columns=_GROUP_COLUMNS + ["geometry"], geometry="geometry", crs=crs)
    low, high = band
    micro["in_band"] = (micro["households"] >= low) & (micro["households"] <= high)
    links = pd.DataFrame(columns=["member_id", "name", "group_id", "grid_code", "own_building", "distance_m"])
    if members is not None:
        links = link_members(members, plan, micro, options, problems)
    micro["members"] = micro["group_id"].map(links["group_id"].value_counts()).fillna(0).astype(int)
    summary, communities = coverage(plan, micro)
    for _, g in micro[micro["members"] == 0].iterrows() if members is not None else []:
        message = (tr("group {group} ({households} households) has no member linked", group=g["group_id"],
                      households=int(g["households"])) if is_lianhu(band) else
                   tr("micro-grid {group} ({households} households) has no member linked", group=g["group_id"],
                      households=int(g["households"])))
        problems.append(Problem("micro_grids", g["group_id"], "group_without_member", message, severity="info"))
    return MicrogridResult(micro, links, summary, communities, problems)


_GROUP_COLUMNS = ["group_id", "grid_code", "community_code", "households", "n_buildings", "buildings",
                  "household_ranges", "x", "y"]


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _count(buildings: pd.DataFrame, column: str) -> np.ndarray:
    if column and column in buildings:
        return pd.to_numeric(buildings[column], errors="coerce").fillna(0).clip(lower=0).round().astype(int).to_numpy()
    return np.zeros(len(buildings), dtype=int)


def _reading_order(groups: list[list[_Item]], bxy: np.ndarray) -> list[list[_Item]]:
    """Groups numbered west→east, then north→south, by their first building (ranges in order)."""
    def key(items: list[_Item]) -> tuple:
        x, y = bxy[items[0].building]
        return (-round(y / 50.0), round(x, 1), items[0].building, items[0].first)
    return sorted(groups, key=key)


def _group_row(code: str, community: object, seq: int, items: list[_Item], ids: np.ndarray,
               footprints: np.ndarray, bxy: np.ndarray) -> dict:
    buildings = list(dict.fromkeys(it.building for it in items))
    ranges = [f"{ids[it.building]}: {it.label}" for it in items if it.first]
    weights = np.array([it.households for it in items], dtype=float)
    xy = np.average(bxy[[it.building for it in items]], axis=0, weights=weights)
    return {"group_id": f"{code}-{seq:03d}", "grid_code": code, "community_code": community,
            "households": int(weights.sum()), "n_buildings": len(buildings),
            "buildings": ",".join(str(ids[b]) for b in buildings), "household_ranges": "; ".join(ranges),
            "x": round(float(xy[0]), 2), "y": round(float(xy[1]), 2),
            "geometry": shapely.union_all(footprints[buildings])}


def read_members(frame: pd.DataFrame, plan: PlanLayers, columns: MemberColumns | None = None) -> pd.DataFrame:
    """A member list checked against the plan: id (unique), name, home x/y and building; errors name
    the row (a duplicate id, a home building not in the plan, no home at all)."""
    c = columns or MemberColumns()
    rows = frame["_row"]
    ids = text_column(frame, c.id, MEMBERS)
    check_unique_ids(ids, rows, MEMBERS, c.id)
    if c.home_building not in frame and not (c.x in frame and c.y in frame) and "_x" not in frame:
        found = ", ".join(str(name) for name in frame.columns if not str(name).startswith("_"))
        raise InputError(tr("no column {column} nor {x} and {y} (columns: {columns}); name the home column with "
                            "the matching option", column=c.home_building, x=c.x, y=c.y, columns=found),
                         layer=MEMBERS, field=c.home_building)
    x, y, home = home_points(frame, plan, MEMBERS, c.home_building, c.x, c.y)
    missing = np.isnan(x) | np.isnan(y)
    if missing.any():
        raise InputError(tr("row {row} has no home: give {building} or {x} and {y}", row=int(rows[missing].iloc[0]),
                            building=c.home_building, x=c.x, y=c.y), layer=MEMBERS)
    return pd.DataFrame({"id": ids.to_numpy(), "name": text_column(frame, c.name, MEMBERS, required=False).fillna(""),
                         "x": x, "y": y, "home_building": home, "_row": rows.to_numpy()})


def link_members(members: pd.DataFrame, plan: PlanLayers, micro: gpd.GeoDataFrame, options: MicrogridOptions,
                 problems: list[Problem]) -> pd.DataFrame:
    """Each member linked to groups of the grid of their home (see the module's doc)."""
    from scipy.optimize import linear_sum_assignment

    grids = plan.grids
    homes = shapely.points(members["x"].to_numpy(dtype=float), members["y"].to_numpy(dtype=float))
    tree = shapely.STRtree(grids.geometry.to_numpy())
    inside_member, inside_grid = tree.query(homes, predicate="within")
    grid_of = np.full(len(members), -1)
    grid_of[inside_member[::-1]] = inside_grid[::-1]                  # the first grid holding the home
    lost = np.flatnonzero(grid_of < 0)
    if len(lost):
        grid_of[lost] = tree.nearest(homes[lost])
        for i in lost:
            problems.append(Problem(MEMBERS, members["id"].iloc[i], "member_outside_plan",
                                    tr("row {row}: the home of member {member} lies in no grid; linked in the "
                                       "nearest grid", row=int(members["_row"].iloc[i]), member=members["id"].iloc[i]),
                                    severity="info", geometry=homes[i]))
    codes = grids["grid_code"].astype(str).to_numpy()
    per = options.groups_per_member
    own_ids = members["home_building"].to_numpy(dtype=object)
    links = []
    for g in np.unique(grid_of):
        mine = np.flatnonzero(grid_of == g)
        groups = micro[micro["grid_code"] == codes[g]]
        if not len(groups):
            for i in mine:
                problems.append(Problem(MEMBERS, members["id"].iloc[i], "member_without_group",
                                        tr("row {row}: grid {grid} of member {member} has no households to link",
                                           row=int(members["_row"].iloc[i]), grid=codes[g],
                                           member=members["id"].iloc[i]), severity="info"))
            continue
        seats = np.repeat(mine, per)
        rounds = max(1, math.ceil(len(seats) / len(groups)))
        places = np.tile(np.arange(len(groups)), rounds)
        later = np.repeat(np.arange(rounds) > 0, len(groups))
        gxy = groups[["x", "y"]].to_numpy(dtype=float)
        hxy = members[["x", "y"]].to_numpy(dtype=float)[seats]
        metres = np.hypot(hxy[:, None, 0] - gxy[None, places, 0], hxy[:, None, 1] - gxy[None, places, 1])
        building_sets = [set(b.split(",")) for b in groups["buildings"]]
        own = np.array([[own_ids[m] is not None and own_ids[m] in building_sets[p] for p in places] for m in seats],
                       dtype=bool)
        cost = metres + np.where(own, OWN_BUILDING_COST, 0.0) + np.where(later, SECOND_MEMBER_COST, 0.0)[None, :]
        row_ind, col_ind = linear_sum_assignment(cost)
        used: set[tuple[int, int]] = set()
        for r, col in zip(row_ind, col_ind):
            m, group = int(seats[r]), int(places[col])
            if (m, group) in used:          # a member's second seat landed on the same group: one link
                continue
            used.add((m, group))
            links.append({"member_id": members["id"].iloc[m], "name": members["name"].iloc[m],
                          "group_id": groups["group_id"].iloc[group], "grid_code": codes[g],
                          "own_building": bool(own[r, col]), "distance_m": round(float(metres[r, col]), 1)})
    return pd.DataFrame(links, columns=["member_id", "name", "group_id", "grid_code", "own_building", "distance_m"])


def coverage(plan: PlanLayers, micro: gpd.GeoDataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per grid and per community: households, groups (in band), members linked, and the share of
    households in a group with a member (户户见党员)."""
    frame = pd.DataFrame(micro.drop(columns="geometry"))
    frame["covered"] = np.where(frame["members"] > 0, frame["households"], 0)
    per_grid = frame.groupby("grid_code", sort=True).agg(
        community_code=("community_code", "first"), households=("households", "sum"), groups=("group_id", "count"),
        groups_in_band=("in_band", "sum"), groups_with_member=("members", lambda s: int((s > 0).sum())),
        members=("members", "sum"), covered_households=("covered", "sum")).reset_index()
    all_grids = pd.DataFrame({"grid_code": plan.grids["grid_code"].astype(str),
                              "community_code": plan.grids["community_code"].astype(str)})
    per_grid = all_grids.merge(per_grid.drop(columns="community_code"), on="grid_code", how="left").fillna(0)
    for column in ("households", "groups", "groups_in_band", "groups_with_member", "members", "covered_households"):
        per_grid[column] = per_grid[column].astype(int)
    per_grid["coverage"] = np.where(per_grid["households"] > 0,
                                    per_grid["covered_households"] / per_grid["households"].clip(lower=1), 0.0).round(4)
    per_grid = per_grid.sort_values("grid_code").reset_index(drop=True)
    per_community = per_grid.groupby("community_code", sort=True)[
        ["households", "groups", "groups_in_band", "groups_with_member", "members", "covered_households"]].sum()
    per_community["coverage"] = (per_community["covered_households"]
                                 / per_community["households"].clip(lower=1)).round(4)
    return per_grid, per_community.reset_index()


def microgrid_layers(plan: PlanLayers, result: MicrogridResult) -> tuple[dict[str, pd.DataFrame], dict]:
    """The layers of a micro-grid GeoPackage: ``micro_grids``, ``member_links``, ``summary`` (per
    grid), ``communities`` (per community) and ``problems``; metadata names the plan's run."""
    from .results import problems_frame

    meta = {"plan_created": plan.metadata.get("created"), "plan_crs": plan.metadata.get("crs"),
            "groups": len(result.micro_grids), "members_linked": int(result.member_links["member_id"].nunique())}
    return ({"micro_grids": result.micro_grids, "member_links": result.member_links, "summary": result.summary,
             "communities": result.communities, "problems": problems_frame(result.problems, plan.grids.crs)}, meta)


#: The coverage tables' columns as the report titles them.
LIANHU_MAX_HOUSEHOLDS = 10      # a band up to 10 households makes 联户 groups; a larger one 微网格


def is_lianhu(band: tuple[int, int]) -> bool:
    """Whether groups of ``band`` households are 联户 (joint households, up to 10), not 微网格."""
    return band[1] <= LIANHU_MAX_HOUSEHOLDS


_TITLES = {
    "grid_code": translatable("grid"), "community_code": translatable("community code"),
    "households": translatable("households"), "groups": translatable("groups"),
    "groups_in_band": translatable("groups in band"), "groups_with_member": translatable("groups with a member"),
    "members": translatable("member links"), "covered_households": translatable("households with a member"),
    "coverage": translatable("coverage")}


def render_microgrid_report(result: MicrogridResult, options: MicrogridOptions, title: str) -> str:
    """The micro-grid report: groups in band, 户户见党员 coverage per community and grid, groups
    still without a member."""
    from .report import frame_table_html, html_page

    low, high = options.households_per_group
    micro = result.micro_grids
    share = float(micro["in_band"].mean()) if len(micro) else 0.0
    figures = {"groups": len(micro), "low": low, "high": high, "share": f"{share * 100:.1f}",
               "grids": len(result.summary), "links": len(result.member_links)}
    intro = (tr("{groups} groups of {low}–{high} households ({share} % in the band) in {grids} grids; {links} "
                "member links. Coverage is the share of households in a group with a linked member (户户见党员).",
                **figures) if is_lianhu(options.households_per_group) else
             tr("{groups} micro-grids (微网格) of {low}–{high} households ({share} % in the band) in {grids} grids; "
                "{links} member links. Coverage is the share of households in a micro-grid with a linked member "
                "(户户见党员).", **figures))

    def titled(frame: pd.DataFrame) -> str:
        shown = frame.assign(coverage=(frame["coverage"] * 100).round(1))
        return frame_table_html(shown, {k: tr(v) for k, v in _TITLES.items() if k in frame})

    without = micro[micro["members"] == 0] if len(result.member_links) else micro.iloc[:0]
    sections = [(tr("Coverage per community"), titled(result.communities)),
                (tr("Coverage per grid"), titled(result.summary)),
                (tr("Groups without a member"),
                 frame_table_html(pd.DataFrame(without.drop(columns="geometry")),
                                  {"group_id": tr("group"), "households": tr("households"),
                                   "buildings": tr("buildings"), "household_ranges": tr("household ranges")},
                                  limit=500) if len(without) else tr("None."))]
    return html_page(title, intro, sections)
