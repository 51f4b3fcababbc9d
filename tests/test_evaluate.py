"""evaluate: measuring an existing plan (one drawn by hand, with one of each defect) the planner's way."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from lattice import make_layout
from shapely.geometry import LineString, box

from gridplanner.algorithms import InputError, PlanCancelled, PlanParameters, metrics
from gridplanner.algorithms.evaluate import evaluate_plan, render_evaluation_report

CRS = "EPSG:4549"
X0, Y0 = 500000.0, 3350000.0


def _b(x0, y0, x1, y1):
    return box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


@pytest.fixture
def hand_plan():
    """A hand-drawn plan with one of each defect (see the assertions for the numbers)."""
    communities = gpd.GeoDataFrame({"code": ["330106004001"], "name": ["测试社区"]},
                                   geometry=[_b(0, 0, 300, 100)], crs=CRS)
    roads = gpd.GeoDataFrame({"highway": ["primary", "residential"]},
                             geometry=[LineString([(X0 + 200, Y0 - 10), (X0 + 200, Y0 + 110)]),
                                       LineString([(X0, Y0 + 45), (X0 + 100, Y0 + 45)])], crs=CRS)
    buildings = gpd.GeoDataFrame({
        "households": [200, 150, 200, 150, 100, 50],
        "compound_id": ["X", None, "X", None, None, None],
    }, geometry=[_b(10, 10, 30, 30), _b(50, 50, 70, 70), _b(120, 10, 140, 30), _b(220, 10, 240, 30),
                 _b(260, 10, 280, 30), _b(260, 52, 270, 58)], crs=CRS)
    grids = gpd.GeoDataFrame({"name": ["G1", "G2", "G3", "G4"]}, geometry=[
        _b(0, 0, 100, 100),                                            # ok size; overlaps G4
        _b(100, 0, 250, 100),                                          # crosses the primary road
        shapely.union(_b(250, 0, 300, 50), _b(250, 60, 310, 100)),     # two parts, leaves a gap, juts out
        _b(90, 40, 110, 60),                                           # overlaps G1 and G2, no building
    ], crs=CRS)
    return grids, buildings, roads, communities


def test_evaluate_measures_every_defect(hand_plan):
    grids, buildings, roads, communities = hand_plan
    result = evaluate_plan(grids, buildings, roads, communities, params=PlanParameters(),
                           grid_id_field="name")
    g = result.grids.set_index("grid_id")
    assert list(g.index) == ["G1", "G2", "G3", "G4"]
    assert g.loc["G1", "households"] == 350 and g.loc["G2", "households"] == 350
    assert g.loc["G3", "households"] == 100 and g.loc["G4", "households"] == 0
    assert g.loc["G1", "population"] == 1050  # no population field: 3 people per household
    assert g.loc["G2", "barrier_crossings"] == 1 and g.loc["G1", "barrier_crossings"] == 0
    assert g.loc["G3", "parts"] == 2 and g.loc["G3", "status"] == "noncontiguous"
    assert g.loc["G3", "outside_community_m2"] == pytest.approx(400)
    assert "outside community 330106004001" in g.loc["G3", "reason"]
    assert g.loc["G1", "overlap_m2"] == pytest.approx(200) and g.loc["G4", "overlap_m2"] == pytest.approx(400)
    assert g.loc["G1", "status"] == "overlap" and "compound" in g.loc["G1", "reason"]
    assert g.loc["G1", "compounds_split"] == 1 and g.loc["G2", "compounds_split"] == 1
    assert g.loc["G2", "status"] == "overlap" and "hard barrier" in g.loc["G2", "reason"]
    assert g.loc["G4", "status"] == "overlap" and "< min 300" in g.loc["G4", "reason"]
    assert (g["community_code"] == "330106004001").all()
    assert g.loc["G1", "compactness"] == pytest.approx(metrics.polsby_popper([_b(0, 0, 100, 100)])[0], abs=1e-4)

    s = result.summary
    assert s["gap_m2"] == pytest.approx(500, abs=0.5)
    assert s["buildings_outside_grids"] == 1 and s["households_outside_grids"] == 50
    assert s["overlapping_grids"] == 3 and s["grids_crossing_community"] == 1
    assert s["barrier_crossings"] == 1 and s["noncontiguous_grids"] == 1
    assert s["avoidable_compound_splits"] == 1 and s["households"] == 800
    kinds = set(result.problems["kind"])
    assert {"outside_grids", "gap", "compound_split", "noncontiguous", "overlap"} <= kinds
    gap = result.problems[result.problems["kind"] == "gap"].geometry.iloc[0]
    assert gap.area == pytest.approx(500, abs=0.5)
    assert list(result.buildings["grid_id"].fillna("none")) == ["G1", "G1", "G2", "G2", "G3", "none"]
    html = render_evaluation_report(result)
    assert "G3" in html and "noncontiguous" in html and "data:image/png;base64," in html


def test_evaluate_without_communities_counts_enclosed_holes(hand_plan):
    grids, buildings, roads, _ = hand_plan
    ring = gpd.GeoDataFrame({"grid_code": ["A", "B"]}, geometry=[
        shapely.difference(_b(0, 0, 200, 100), _b(80, 30, 120, 70)).intersection(_b(0, 0, 100, 100)),
        shapely.difference(_b(0, 0, 200, 100), _b(80, 30, 120, 70)).intersection(_b(100, 0, 200, 100)),
    ], crs=CRS)
    result = evaluate_plan(ring, buildings.iloc[:4], roads=None, communities=None)
    assert result.metadata["grid_id_field"] == "grid_code"
    assert result.summary["gap_m2"] == pytest.approx(1600, abs=0.5)
    assert result.grids["community_code"].isna().all()
    assert (result.grids["outside_community_m2"] == 0).all()


def test_evaluate_agrees_with_the_planner_on_its_own_plan():
    buildings, roads, communities, _ = make_layout(seed=3, rows=3, cols=4)
    from gridplanner.algorithms import plan_grids

    params = PlanParameters(seed=3)
    plan = plan_grids(buildings, roads, communities, params=params)
    result = evaluate_plan(plan.grids, buildings, roads, communities, params=params)
    merged = plan.grids.merge(result.grids, left_on="grid_code", right_on="grid_id", suffixes=("", "_ev"))
    assert len(merged) == len(plan.grids)
    for column in ("compactness", "parts", "area_m2"):
        assert np.allclose(merged[column], merged[f"{column}_ev"])
    assert result.summary["households"] == plan.summary["households"]
    assert result.summary["overlapping_grids"] == 0 and result.summary["grids_crossing_community"] == 0


def test_evaluate_errors_name_layer_and_field(hand_plan):
    grids, buildings, roads, communities = hand_plan
    with pytest.raises(InputError, match="layer 'grids', field 'WGBM'.*available fields: name"):
        evaluate_plan(grids, buildings, grid_id_field="WGBM")
    with pytest.raises(InputError, match="layer 'grids'.*empty"):
        evaluate_plan(grids.iloc[:0], buildings)
    with pytest.raises(PlanCancelled):
        evaluate_plan(grids, buildings, is_cancelled=lambda: True)



def test_cli_evaluate(hand_plan, tmp_path, capsys):
    from gridplanner.cli import main

    grids, buildings, roads, communities = hand_plan
    src = tmp_path / "in.gpkg"
    for name, frame in (("grids", grids), ("buildings", buildings), ("roads", roads),
                        ("communities", communities)):
        frame.to_file(src, layer=name, driver="GPKG")
    args = ["evaluate", "--grids", f"{src}|layername=grids", "--grid-id-field", "name",
            "--buildings", f"{src}|layername=buildings", "--roads", f"{src}|layername=roads",
            "--communities", f"{src}|layername=communities",
            "-o", str(tmp_path / "ev.gpkg"), "--report", str(tmp_path / "ev.html")]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "Buildings in no grid" in printed and "G3  noncontiguous" in printed
    written = gpd.read_file(tmp_path / "ev.gpkg", layer="grids")
    assert list(written["grid_id"]) == ["G1", "G2", "G3", "G4"]
    assert "Grid plan evaluation" in (tmp_path / "ev.html").read_text(encoding="utf-8")
    assert main(args) == 2  # outputs exist: refused without --overwrite
    assert "exists" in capsys.readouterr().err
    assert main(args[:3] + ["--grid-id-field", "nope"] + args[5:] + ["--overwrite"]) == 2
