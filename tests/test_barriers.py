"""Barriers as real data draws them, pockets and giants (issue 17, items 5 and 6).

Hand-built scenes of what real OpenStreetMap data does to hard roads: a road ending a few
metres short of another, dual carriageways that stop before the community line, a road
ending inside a block, a building drawn across a road; and a small pocket beyond a primary
road, a tower above the maximum.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from gridplanner.algorithms import PlanParameters, metrics, plan_grids
from gridplanner.algorithms.atoms import cut_by_dangles
from gridplanner.algorithms.prepare import close_hard_gaps

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

CRS = 4547   # CGCS2000 3-degree Gauss-Krüger, metres
PARAMS = PlanParameters(building_id_field="bid", seed=1)


def _buildings(specs: list[tuple[float, float, int]], size: float = 12.0) -> gpd.GeoDataFrame:
    """Square buildings centred at (x, y) with their households."""
    geoms = [shapely.box(x - size / 2, y - size / 2, x + size / 2, y + size / 2) for x, y, _ in specs]
    return gpd.GeoDataFrame({"bid": [f"B{i}" for i in range(len(specs))],
                             "households": [h for _, _, h in specs]}, geometry=geoms, crs=CRS)


def _roads(lines: list[tuple[list[tuple[float, float]], str, str | None]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"highway": [c for _, c, _ in lines], "name": [n for _, _, n in lines]},
                            geometry=[shapely.LineString(c) for c, _, _ in lines], crs=CRS)


def _community(x1: float, y1: float) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": ["110108001001"]}, geometry=[shapely.box(0, 0, x1, y1)], crs=CRS)


def _grid_sides(result, side_of) -> list[set]:
    """Per grid, the sides (``side_of(point)``) its buildings with households lie on."""
    out = []
    b = result.buildings
    for code in result.grids["grid_code"]:
        mine = b[(b["grid_code"] == code) & (b["households"] > 0)]
        out.append({side_of(p) for p in shapely.point_on_surface(mine.geometry.to_numpy())})
    return out


def _grid_of(result, bid: str):
    code = result.buildings.loc[result.buildings["bid"] == bid, "grid_code"].iloc[0]
    return result.grids[result.grids["grid_code"] == code].iloc[0]


def test_a_hard_road_ending_5_m_short_of_another_still_cuts_its_block():
    # A primary road across the community at y = 100; a secondary road from the north edge
    # that stops 5 m before it (a junction drawn short). North of y = 100 the road splits
    # the land into west and east; 240 households on each side, 900 south.
    roads = _roads([([(-10, 100), (410, 100)], "primary", "成府路"),
                    ([(200, 210), (200, 105)], "secondary", "中关村东路")])
    north = [(x, y, 40) for x in (40, 90, 140) for y in (130, 170)] + \
            [(x, y, 40) for x in (260, 310, 360) for y in (130, 170)]
    south = [(x, y, 75) for x in (40, 110, 180, 250, 320, 370) for y in (30, 70)]
    b = _buildings(north + south)
    result = plan_grids(b, roads, _community(400, 200), None, PARAMS)
    assert result.summary["barrier_crossings"] == 0
    assert any("gap(s) of the hard network closed" in n for n in result.notes)

    def side(p):
        return "south" if p.y < 100 else ("west" if p.x < 200 else "east")
    assert all(len(s) == 1 for s in _grid_sides(result, side))


def test_dual_carriageways_that_stop_short_are_closed():
    # A dual carriageway (two primary lines 20 m apart): the west one stops 8 m before the
    # north edge of the community, the east one 8 m after its south edge, as extracts and
    # real drawings do. 800 households on each side.
    roads = _roads([([(195, -10), (195, 292)], "primary", "中关村北大街"),
                    ([(215, 8), (215, 310)], "primary", "中关村北大街")])
    west = [(x, y, 50) for x in (30, 80, 130, 170) for y in (40, 110, 180, 250)]
    east = [(x, y, 50) for x in (240, 290, 340, 380) for y in (40, 110, 180, 250)]
    b = _buildings(west + east)
    result = plan_grids(b, roads, _community(400, 300), None, PARAMS)
    assert result.summary["barrier_crossings"] == 0
    assert all(len(s) == 1 for s in _grid_sides(result, lambda p: p.x < 205))
    assert result.grids["status"].eq("ok").all()


def test_a_hard_road_ending_inside_a_block_cuts_the_block():
    block = shapely.box(0, 0, 200, 200)
    road = shapely.LineString([(100, -5), (100, 120)])       # enters from the south, ends inside
    pieces = cut_by_dangles(np.array([block], dtype=object), np.array([road], dtype=object))
    assert len(pieces) == 2
    assert abs(shapely.area(pieces).sum() - block.area) < 0.01
    # extended straight to the block's north edge: the pieces meet along x = 100 only
    assert all(abs(shapely.bounds(p)[0] - 100) < 0.02 or abs(shapely.bounds(p)[2] - 100) < 0.02 for p in pieces)


def test_small_gaps_of_the_hard_network_are_closed_and_far_ends_are_not():
    a = shapely.LineString([(0, 0), (100, 0)])
    near = shapely.LineString([(50, 5), (50, 80)])            # 5 m short of a
    far = shapely.LineString([(80, 40), (80, 80)])            # 40 m from anything
    lines, labels, gaps = close_hard_gaps(np.array([a, near, far], dtype=object),
                                          np.array(["A", "B", "C"], dtype=object))
    assert gaps == 1
    assert shapely.equals(lines[-1], shapely.LineString([(50, 5), (50, 0)])) and labels[-1] == "B"


def test_a_building_drawn_across_a_road_is_reported_once_and_marks_no_grid():
    roads = _roads([([(-10, 100), (310, 100)], "primary", "学院路")])
    south = [(x, y, 60) for x in (40, 110, 180, 250) for y in (30, 70)]
    b = _buildings(south)
    across = gpd.GeoDataFrame({"bid": ["ACROSS"], "households": [10]},
                              geometry=[shapely.box(150, 85, 165, 115)], crs=CRS)
    b = gpd.GeoDataFrame(np.concatenate([b.values, across.values]), columns=b.columns, geometry="geometry", crs=CRS)
    b["households"] = b["households"].astype(int)
    result = plan_grids(b, roads, _community(300, 200), None, PARAMS)
    reported = result.problems[result.problems["kind"] == "building_on_barrier"]
    assert list(reported["feature_id"].astype(str)) == ["ACROSS"]
    assert "学院路 (primary)" in reported["message"].iloc[0]
    assert _grid_of(result, "ACROSS")["barrier_crossings"] == 0
    assert result.summary["barrier_crossings"] == 0
    # the measure itself: a grid over both sides with the straddling building and one on a side
    grid = shapely.box(0, 0, 300, 200)
    road = shapely.LineString([(-10, 100), (310, 100)])
    one_side = shapely.box(40, 30, 52, 42)
    assert list(metrics.barrier_crossings([grid], [[across.geometry.iloc[0], one_side]], [road], [])) == [0]
    other_side = shapely.box(40, 150, 52, 162)
    assert list(metrics.barrier_crossings([grid], [[one_side, other_side]], [road], [])) == [1]
    # a building without workload beyond the road asks nothing of the worker
    assert list(metrics.barrier_crossings([grid], [[one_side, other_side]], [road], [],
                                          workload_by_grid=[[40.0, 0.0]])) == [0]


def _pocket_scene(pocket_households: int):
    roads = _roads([([(-10, 170), (410, 170)], "primary", "学院路")])
    south = [(x, y, 50) for x in (40, 110, 180, 250, 320, 370) for y in (40, 110)]
    pocket = [(200, 185, pocket_households)]
    return _buildings(south + pocket), roads, _community(400, 200)


def test_a_small_pocket_joins_the_grid_across_the_road_and_says_so():
    b, roads, comm = _pocket_scene(60)
    result = plan_grids(b, roads, comm, None, PARAMS)
    grid = _grid_of(result, "B12")
    assert grid["status"] == "crosses_barrier" and grid["barrier_crossings"] == 1
    assert "pocket of 60 households (building B12)" in grid["reason"]
    assert "学院路 (primary)" in grid["reason"] and "fewer than 100 households" in grid["reason"]
    assert result.summary["barrier_crossings"] == 1
    assert (result.grids["households"] >= 300).all()
    # a threshold of 0 keeps every pocket alone: no crossing, a grid of 60 with its reason
    alone = plan_grids(b, roads, comm, None, PlanParameters(building_id_field="bid", seed=1, pocket_households=0))
    assert alone.summary["barrier_crossings"] == 0
    assert _grid_of(alone, "B12")["households"] == 60


def test_a_pocket_above_the_threshold_stands_alone_unless_merged():
    b, roads, comm = _pocket_scene(150)
    separate = plan_grids(b, roads, comm, None, PARAMS)
    assert separate.summary["barrier_crossings"] == 0
    assert _grid_of(separate, "B12")["status"] == "under_min"
    merged = plan_grids(b, roads, comm, None, PlanParameters(building_id_field="bid", seed=1,
                                                             small_pocket_policy="merge"))
    grid = _grid_of(merged, "B12")
    assert grid["status"] == "crosses_barrier" and "pocket policy merge" in grid["reason"]


def test_a_tower_above_the_maximum_gets_a_grid_saying_how_many_workers_it_needs():
    b = _buildings([(100, 100, 1456)] + [(x, 40, 80) for x in (40, 80, 120, 160, 200)], size=20)
    result = plan_grids(b, None, _community(260, 200), None, PARAMS)
    grid = _grid_of(result, "B0")
    assert grid["households"] == 1456 and grid["n_buildings"] == 1
    assert "needs 3 grid workers (⌈1,456 / 500⌉)" in grid["reason"]


def test_pocket_households_option():
    assert PlanParameters().pocket_threshold == 100
    assert PlanParameters.from_options(min_households=240, max_households=500, target_households=400
                                       ).pocket_threshold == 80
    assert PlanParameters.from_options(pocket_households="50").pocket_threshold == 50
    assert PlanParameters.from_options(pocket_households="").pocket_households is None
