"""metrics and band: each measure of a plan on shapes and numbers small enough to check by hand."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Point, box

from gridplanner.algorithms import metrics
from gridplanner.algorithms.band import Band
from gridplanner.algorithms.params import WorkloadWeights

BAND = Band(300, 500, 400)


def test_band_status_contains_and_share():
    households = [299, 300, 400, 500, 501]
    assert list(BAND.status(households)) == ["under_min", "ok", "ok", "ok", "over_max"]
    assert list(BAND.contains(households)) == [False, True, True, True, False]
    assert BAND.share_inside(households) == pytest.approx(0.6)
    assert math.isnan(BAND.share_inside([]))
    assert BAND.describe() == "300–500"
    with pytest.raises(AttributeError):
        BAND.min = 1        # frozen: one band for the whole run


def test_polsby_popper_is_one_for_a_disc_and_small_for_a_strip():
    disc = Point(0, 0).buffer(10, quad_segs=64)
    square = box(0, 0, 10, 10)
    strip = box(0, 0, 100, 1)
    pp = metrics.polsby_popper([disc, square, strip, shapely.Polygon()])
    assert pp[0] == pytest.approx(1.0, abs=1e-3)
    assert pp[1] == pytest.approx(math.pi / 4)
    assert pp[2] == pytest.approx(4 * math.pi * 100 / 202 ** 2)
    assert pp[3] == 0.0


def test_part_count():
    two = shapely.union(box(0, 0, 1, 1), box(5, 0, 6, 1))
    assert list(metrics.part_count([box(0, 0, 1, 1), two])) == [1, 2]


def test_workload_balance():
    out = metrics.workload_balance([300, 400, 500])
    assert out["max"] == 500 and out["min"] == 300
    assert out["max_min_ratio"] == pytest.approx(5 / 3)
    assert out["cv"] == pytest.approx(np.std([300, 400, 500]) / 400)
    assert metrics.workload_balance([0, 10])["max_min_ratio"] == math.inf
    assert all(math.isnan(v) for v in metrics.workload_balance([]).values())


def test_compound_splits_counts_only_grids_beyond_the_need():
    keys = ["A", "A", "B", "B", "B", "C", None]
    grids = ["g1", "g2", "g1", "g2", "g3", "g3", "g1"]
    households = [200, 200, 300, 300, 300, 100, 50]
    out = metrics.compound_splits(keys, grids, households, max_households=500).set_index("compound")
    # A: 400 households fit one grid, lies in 2 → 1 avoidable; B: 900 need 2, lies in 3 → 1
    # avoidable; C is whole and not listed.
    assert out.loc["A", ["households", "grids", "needed", "avoidable"]].tolist() == [400, 2, 1, 1]
    assert out.loc["B", ["households", "grids", "needed", "avoidable"]].tolist() == [900, 3, 2, 1]
    assert "C" not in out.index
    # A compound cut by a major road may need more grids than its size says.
    assert metrics.compound_splits(keys, grids, households, 500, needed={"A": 2}).set_index(
        "compound").loc["A", "avoidable"] == 0


def test_barrier_crossings_count_buildings_on_both_sides():
    grid = box(0, 0, 100, 100)
    road = LineString([(50, -10), (50, 110)])
    both_sides = [Point(10, 10), Point(90, 10)]
    one_side = [Point(10, 10), Point(20, 10)]
    out = metrics.barrier_crossings([grid, grid], [both_sides, one_side], [road], [])
    assert list(out) == [1, 0]
    river = box(45, -10, 55, 110)
    assert list(metrics.barrier_crossings([grid], [both_sides], [], [river])) == [1]


def test_tiling_errors_gap_overlap_and_outside():
    community = box(0, 0, 100, 10)
    grids = [box(0, 0, 40, 10), box(30, 0, 70, 10), box(80, 0, 110, 10)]
    out = metrics.tiling_errors(grids, community)
    assert out["gap_m2"] == pytest.approx(100)        # 70–80
    assert out["overlap_m2"] == pytest.approx(100)    # 30–40
    assert out["outside_m2"] == pytest.approx(100)    # 100–110


def test_overlap_gaps_and_gap_geometry():
    a, b = box(0, 0, 10, 10), box(5, 0, 15, 10)
    assert list(metrics.overlap_with_others([a, b, box(20, 0, 30, 10)])) == pytest.approx([50, 50, 0])
    assert list(metrics.overlap_with_others([box(0, 0, 10, 10), box(10, 0, 20, 10)])) == [0, 0]
    donut = shapely.difference(box(0, 0, 30, 30), box(10, 10, 20, 20))
    assert metrics.enclosed_gaps([donut]) == pytest.approx(100)
    assert metrics.tiling_gap_geometry([a], box(0, 0, 20, 10)).area == pytest.approx(100)
    assert metrics.tiling_gap_geometry([box(0, 0, 20, 10)], box(0, 0, 20, 10)) is None


def test_road_length_within_counts_edges_half():
    square = box(0, 0, 100, 100)
    inside = LineString([(10, 50), (90, 50)])
    along_edge = LineString([(0, 0), (100, 0)])
    outside = LineString([(200, 0), (300, 0)])
    out = metrics.road_length_within([square], [inside, along_edge, outside])
    assert out[0] == pytest.approx(80 + 50, abs=1.5)
    assert list(metrics.road_length_within([square], [])) == [0.0]


def test_building_workload_adds_weighted_attributes():
    frame = pd.DataFrame({"households": [10, 20, None], "elderly_alone": [1, None, 4]})
    out = metrics.building_workload(frame, "households", {"elderly_alone": 0.5, "missing_field": 3.0})
    assert list(out) == [10.5, 20.0, 2.0]


def test_patrol_workload_adds_area_and_road_terms():
    square = box(0, 0, 100, 100)                        # 1 hectare
    road = LineString([(10, 50), (90, 50)])            # 80 m inside
    weights = WorkloadWeights(attributes={}, per_km_road=10.0, per_hectare=2.0)
    out = metrics.patrol_workload([400.0], [square], [road], weights)
    assert out[0] == pytest.approx(400 + 2.0 * 1 + 10.0 * 0.08)
    none = WorkloadWeights(attributes={}, per_km_road=0.0, per_hectare=0.0)
    assert list(metrics.patrol_workload([400.0], [square], [road], none)) == [400.0]


def test_grid_status_follows_one_precedence():
    households = [400, 400, 400, 250, 250, 600, 400, 400, 400, 200]
    parts = [2, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    crossings = [1, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    kinds = ["basic", "dedicated", "dedicated", "locked", "basic", "basic", "locked", "basic", "basic", "locked"]
    out = metrics.grid_status(households, parts, crossings, kinds, BAND,
                              compounds_split=[0, 0, 0, 0, 0, 0, 0, 1, 0, 0])
    assert list(out) == ["noncontiguous",      # contiguity first, even with a crossing
                         "crosses_barrier",    # a rule break shows before the grid's kind
                         "dedicated", "under_min",  # a locked grid outside the band says so
                         "under_min", "over_max", "locked", "compound_split", "ok",
                         "crosses_barrier"]
    # The evaluator's measures of a drawn plan come before everything but contiguity.
    evaluated = metrics.grid_status([400, 400, 400], [1, 1, 1], [1, 1, 0], ["basic"] * 3, BAND,
                                    outside_community_m2=[5.0, 0.5, 0], overlap_m2=[5.0, 5.0, 0.9])
    assert list(evaluated) == ["crosses_community", "overlap", "ok"]
    assert list(metrics.grid_status([], [], [], [], BAND)) == []
    assert set(out) <= set(metrics.STATUS_PRECEDENCE)


def test_plan_summary_counts_basic_grids_only_for_band_and_balance():
    grids = pd.DataFrame({
        "grid_kind": ["basic", "basic", "basic", "dedicated"],
        "households": [300, 450, 200, 10],
        "workload": [300.0, 450.0, 200.0, 10.0],
        "barrier_crossings": [0, 1, 0, 0],
        "parts": [1, 1, 2, 1],
        "compactness": [0.5, 0.7, 0.3, 0.9],
        "band_forced": [0, 0, 1, 0],
    })
    s = metrics.plan_summary(grids, BAND, tiling={"gap_m2": 1.5, "overlap_m2": 0.0})
    assert s["grids"] == 4 and s["basic_grids"] == 3 and s["households"] == 960
    assert s["in_band_share"] == pytest.approx(2 / 3)
    assert s["grids_outside_band"] == 1 and s["grids_outside_band_avoidable"] == 0
    assert s["in_band_share_where_feasible"] == 1.0
    assert s["workload_max_min_ratio"] == pytest.approx(450 / 200)
    assert s["workload_max_min_ratio_in_band"] == pytest.approx(450 / 300)
    assert s["barrier_crossings"] == 1 and s["noncontiguous_grids"] == 1
    assert s["mean_compactness"] == pytest.approx(0.6)
    assert s["gap_m2"] == 1.5


# ------------------------------------------------------------- plan-wide tiling at full precision
def _grids(*rows):
    return gpd.GeoDataFrame({"grid_code": [r[0] for r in rows], "community_code": [r[1] for r in rows]},
                            geometry=[r[2] for r in rows], crs="EPSG:4549")


def _communities(*rows):
    return gpd.GeoDataFrame({"code": [r[0] for r in rows]}, geometry=[r[1] for r in rows], crs="EPSG:4549")


X, Y = 500000.123456, 3350000.654321      # off any precision grid


def test_sliver_width_is_the_width_of_a_strip():
    strip = shapely.box(X, Y, X + 100, Y + 0.003)
    assert metrics.sliver_width([strip])[0] == pytest.approx(0.003, rel=1e-3)


def test_exact_shared_edges_pass_the_full_precision_check():
    a = shapely.Polygon([(X, Y), (X + 100.0031, Y + 0.7), (X + 100.0031 + 3.3, Y + 200.9), (X, Y + 200)])
    b = shapely.Polygon([(X + 100.0031, Y + 0.7), (X + 250, Y), (X + 250, Y + 200),
                         (X + 100.0031 + 3.3, Y + 200.9)])
    check = metrics.plan_tiling_check(_grids(("A1", "A", a), ("B1", "B", b)), _communities(("A", a), ("B", b)))
    assert check.ok and check.overlap_width_m == 0 and check.gap_width_m == 0
    assert check.boundary_deviation_m == pytest.approx(0, abs=1e-9)


def test_a_3_mm_overlap_between_grids_of_two_communities_fails():
    a = shapely.box(X, Y, X + 100, Y + 200)
    b = shapely.box(X + 100 - 0.003, Y, X + 250, Y + 200)         # 3 mm over A
    grids = _grids(("A1", "A", a), ("B1", "B", b))
    check = metrics.plan_tiling_check(grids, _communities(("A", a), ("B", shapely.box(X + 100, Y, X + 250, Y + 200))))
    assert not check.ok
    assert check.overlap_width_m == pytest.approx(0.003, rel=1e-3)
    assert [p[:2] for p in check.overlapping_pairs] == [("A1", "B1")]
    assert "grids A1 and B1 overlap by 3.0 mm" in check.messages()[0]
    # half a millimetre passes
    b = shapely.box(X + 100 - 0.0005, Y, X + 250, Y + 200)
    assert metrics.plan_tiling_check(_grids(("A1", "A", a), ("B1", "B", b))).ok


def test_a_3_mm_gap_between_grids_fails_and_a_strip_along_the_outer_line_is_a_deviation():
    community = shapely.box(X, Y, X + 250, Y + 200)
    a = shapely.box(X, Y, X + 100, Y + 200)
    b = shapely.box(X + 100.003, Y, X + 250, Y + 200)            # 3 mm apart
    check = metrics.plan_tiling_check(_grids(("A1", "A", a), ("A2", "A", b)), _communities(("A", community)))
    assert not check.ok and check.gap_width_m == pytest.approx(0.003, rel=1e-3)
    assert check.gaps[0][0] == ("A1", "A2")
    # a 3 mm strip left along the community's outer line: no gap between grids, a deviation
    b = shapely.box(X + 100, Y, X + 249.997, Y + 200)
    check = metrics.plan_tiling_check(_grids(("A1", "A", a), ("A2", "A", b)), _communities(("A", community)))
    assert check.gap_width_m == 0 and check.boundary_deviation_m == pytest.approx(0.003, rel=1e-3)
    assert check.ok                                               # within 1 cm of the line
    b = shapely.box(X + 100, Y, X + 249.98, Y + 200)
    check = metrics.plan_tiling_check(_grids(("A1", "A", a), ("A2", "A", b)), _communities(("A", community)))
    assert not check.ok and "stray 0.020 m" in check.messages()[0]


def test_overlapping_and_gapped_communities_are_input_problems():
    a = shapely.box(X, Y, X + 100.5, Y + 200)                     # overlaps B by 0.5 m
    b = shapely.box(X + 100, Y, X + 250, Y + 200)
    c = shapely.box(X + 260, Y, X + 300, Y + 200)                 # 10 m from B
    grids = _grids(("A1", "A", a), ("B1", "B", shapely.box(X + 100.5, Y, X + 250, Y + 200)), ("C1", "C", c))
    check = metrics.plan_tiling_check(grids, _communities(("A", a), ("B", b), ("C", c)))
    assert check.ok, check.messages()
    assert [o[:2] for o in check.input_overlaps] == [("A", "B")]
    hole = shapely.box(X, Y, X + 300, Y + 300).difference(shapely.box(X + 10, Y + 210, X + 20, Y + 220))
    inner = shapely.box(X + 10, Y + 210, X + 20, Y + 220)
    check = metrics.plan_tiling_check(_grids(("D1", "D", hole)), _communities(("D", hole)))
    assert check.ok and not check.input_gaps
    check = metrics.plan_tiling_check(_grids(("D1", "D", hole), ("E1", "E", inner)),
                                      _communities(("D", hole), ("E", inner)))
    assert check.ok and not check.input_gaps
    half = shapely.box(X + 10, Y + 210, X + 15, Y + 220)          # E fills half of D's hole
    check = metrics.plan_tiling_check(_grids(("D1", "D", hole), ("E1", "E", half)),
                                      _communities(("D", hole), ("E", half)))
    assert check.ok and [g[0] for g in check.input_gaps] == [("D", "E")]
