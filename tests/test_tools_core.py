"""The pure core behind the Processing tools: evaluate, estimate, blocks, OpenStreetMap roads."""

from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, box

from gridplanner.algorithms import InputError, PlanCancelled, PlanParameters, metrics
from gridplanner.algorithms.blocks import build_blocks
from gridplanner.algorithms.estimate import EstimateParameters, estimate_households
from gridplanner.algorithms.evaluate import evaluate_plan, render_evaluation_report

from lattice import make_layout

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


def test_metric_helpers():
    a, b = _b(0, 0, 10, 10), _b(5, 0, 15, 10)
    assert list(metrics.overlap_with_others([a, b, _b(20, 0, 30, 10)])) == pytest.approx([50, 50, 0])
    assert list(metrics.overlap_with_others([_b(0, 0, 10, 10), _b(10, 0, 20, 10)])) == [0, 0]
    donut = shapely.difference(_b(0, 0, 30, 30), _b(10, 10, 20, 20))
    assert metrics.enclosed_gaps([donut]) == pytest.approx(100)
    assert metrics.tiling_gap_geometry([a], _b(0, 0, 20, 10)).area == pytest.approx(100)
    assert metrics.tiling_gap_geometry([_b(0, 0, 20, 10)], _b(0, 0, 20, 10)) is None


# -------------------------------------------------------------------------- estimate
def _estimate_frame():
    return gpd.GeoDataFrame({
        "households": [None, 12, 0, None, None, None],
        "population": [None, 30, None, None, None, None],
        "floors": [9, 5, 9, None, None, 9],
        "height": [None, None, None, 30.0, None, None],
        "use": ["residential", "residential", "apartments", "yes", "school", "residential"],
    }, geometry=[_b(0, 0, 10, 10), _b(20, 0, 30, 10), _b(40, 0, 50, 10), _b(60, 0, 70, 10),
                 _b(80, 0, 100, 20), Point(X0, Y0)], crs=CRS)


def test_estimate_households_keeps_known_counts():
    frame = _estimate_frame()
    before = frame.copy()
    out = estimate_households(frame, EstimateParameters(height_field="height", use_field="use"))
    # 100 m² × 9 floors × 0.8 / 90 m² = 8 households, 24 people
    assert list(out["households"].astype("float").fillna(-1)) == [8, 12, 0, 9, 0, -1]
    assert list(out["population"].astype("float").fillna(-1)) == [24, 30, 0, 27, 0, -1]
    assert list(out["hh_source"]) == ["estimated", "known", "known", "estimated", "not_residential",
                                      "no_footprint"]
    assert out["floor_area_m2"].iloc[3] == pytest.approx(1000)  # 30 m / 3 m = 10 floors
    assert frame.equals(before)  # the input is never modified
    filled = estimate_households(frame, EstimateParameters(fill_zero=True, dwelling_size_m2=60,
                                                           residential_share=1.0, people_per_household=2.5))
    assert filled["households"].iloc[2] == 15 and filled["population"].iloc[2] == 38
    assert filled["households"].iloc[3] == 2  # no floors, no height field: 1 floor by default
    assert filled["hh_source"].iloc[3] == "estimated_default_floors"


def test_estimate_households_errors():
    frame = _estimate_frame()
    with pytest.raises(InputError, match="field 'levels'"):
        estimate_households(frame, EstimateParameters(floors_field="levels"))
    with pytest.raises(InputError, match="residential share"):
        estimate_households(frame, EstimateParameters(residential_share=0))
    frame["floors"] = frame["floors"].astype(object)
    frame.loc[0, "floors"] = "many"
    with pytest.raises(InputError, match="field 'floors'.*'many'"):
        estimate_households(frame)


# ---------------------------------------------------------------------------- blocks
def test_blocks_and_cells_tile_each_community():
    buildings, roads, communities, _ = make_layout(seed=5, rows=2, cols=3, two_communities=True)
    result = build_blocks(buildings, roads, communities, params=PlanParameters())
    assert result.blocks["households"].sum() == buildings["households"].sum()
    assert result.cells["households"].sum() == buildings["households"].sum()
    for code, community in zip(communities["code"], communities.geometry):
        cells = result.cells[result.cells["community_code"] == code]
        blocks = result.blocks[result.blocks["community_code"] == code]
        assert cells.area.sum() == pytest.approx(community.area, rel=1e-6)
        assert blocks.area.sum() == pytest.approx(community.area, rel=1e-6)
    assert result.blocks["block_id"].is_unique and result.cells["cell_id"].is_unique
    assert len(result.blocks) == 6  # 2 × 3 street blocks, split between two communities along a road
    assert (result.cells["neighbours"] > 0).all()


# ------------------------------------------------------------------- OpenStreetMap
def test_sample_osm_file_is_up_to_date(repo_root, tmp_path):
    out = tmp_path / "roads.osm"
    subprocess.run([sys.executable, str(repo_root / "sample_data" / "roads_to_osm.py"), "-o", str(out)],
                   check=True, capture_output=True)
    assert out.read_bytes() == (repo_root / "sample_data" / "demo_roads.osm").read_bytes()


def test_load_osm_roads_offline_keeps_classes(repo_root, sample_gpkg, tmp_path):
    from gridplanner.algorithms.osm import load_osm_roads

    roads = gpd.read_file(sample_gpkg, layer="roads")
    loaded = load_osm_roads(repo_root / "sample_data" / "demo_roads.osm", crs=CRS)
    assert list(loaded.columns) == ["highway", "name", "oneway", "osmid", "geometry"]
    assert loaded.crs.to_epsg() == 4549
    for highway, group in roads.groupby("highway"):
        assert loaded[loaded["highway"] == highway].length.sum() == pytest.approx(group.length.sum(), rel=1e-3)
    assert "文一西路" in set(loaded["name"])
    assert not loaded["oneway"].any()
    # .osm.pbf (pyosmium) and .graphml give the same roads
    import osmium
    import osmnx as ox

    pbf = tmp_path / "demo.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(repo_root / "sample_data" / "demo_roads.osm")):
            writer.add(obj)
    from_pbf = load_osm_roads(pbf, crs=CRS)
    assert len(from_pbf) == len(loaded) and from_pbf.length.sum() == pytest.approx(loaded.length.sum())
    graphml = tmp_path / "demo.graphml"
    ox.save_graphml(ox.graph_from_xml(repo_root / "sample_data" / "demo_roads.osm", retain_all=True), graphml)
    from_graphml = load_osm_roads(graphml, crs=CRS)
    assert from_graphml.length.sum() == pytest.approx(loaded.length.sum(), rel=1e-6)


def test_load_osm_roads_errors(tmp_path):
    from gridplanner.algorithms.osm import load_osm_roads

    with pytest.raises(InputError, match="file not found"):
        load_osm_roads(tmp_path / "missing.osm")
    bad = tmp_path / "roads.shp.zip"
    bad.write_text("x")
    with pytest.raises(InputError, match="unknown file type"):
        load_osm_roads(bad)
    empty = tmp_path / "empty.osm"
    empty.write_text('<?xml version="1.0"?><osm version="0.6"><node id="1" lat="30" lon="120"/></osm>')
    with pytest.raises(InputError, match="OpenStreetMap"):
        load_osm_roads(empty)
    with pytest.raises(InputError, match="west, south, east, north"):
        load_osm_roads(bbox=(121, 30, 120, 31))


# ------------------------------------------------------------------------------ CLI
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
