"""Every Grid Planner tool through ``processing.run`` on the sample street, inside QGIS,
checking what the outputs contain; Plan grids inside a model and in batch style; the
styles given to loaded results."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.qgis, pytest.mark.slow]


def _rows(layer):
    from gridplanner.plugin.convert import _python_value

    names = layer.fields().names()
    return [dict(zip(names, map(_python_value, f.attributes()))) for f in layer.getFeatures()]


def _src(sample_gpkg, name):
    return f"{sample_gpkg}|layername={name}"


def _inputs(sample_gpkg):
    return {"BUILDINGS": _src(sample_gpkg, "buildings"), "ROADS": _src(sample_gpkg, "roads"),
            "COMMUNITIES": _src(sample_gpkg, "communities"), "WATER": _src(sample_gpkg, "water")}


@pytest.fixture
def sample_copy(sample_gpkg, tmp_path):
    """A copy of the sample for layers opened with QgsVectorLayer: QGIS's OGR provider opens a
    GeoPackage for update and bumps its change counter, and the shipped file must not change."""
    import shutil

    copy = tmp_path / "sample_copy.gpkg"
    shutil.copyfile(sample_gpkg, copy)
    return copy


@pytest.fixture(scope="module")
def sample_frames(sample_gpkg):
    import geopandas as gpd

    return {name: gpd.read_file(sample_gpkg, layer=name) for name in ("buildings", "communities", "roads")}


# ------------------------------------------------------------------------ evaluate
def test_evaluate_communities_as_grids(gridplanner_provider, sample_gpkg, sample_frames, tmp_path):
    """The five communities, taken as five (far too large) grids: every figure checks out."""
    import geopandas as gpd
    import processing

    results = processing.run("gridplanner:evaluateplan", {
        **_inputs(sample_gpkg), "GRIDS": _src(sample_gpkg, "communities"), "GRID_ID_FIELD": "code",
        "OUTPUT": str(tmp_path / "ev.gpkg"), "PROBLEMS": str(tmp_path / "problems.gpkg"),
        "REPORT": str(tmp_path / "ev.html")})
    grids = gpd.read_file(results["OUTPUT"]).set_index("grid_id")
    buildings = sample_frames["buildings"]
    assert sorted(grids.index) == sorted(sample_frames["communities"]["code"])
    assert grids["households"].sum() == buildings["households"].sum()
    # the small riverside community is under the minimum, the others far over the maximum
    assert grids.loc["330106004001", "status"] == "under_min"
    big = grids.drop(index="330106004001")
    assert big["status"].isin(["over_max", "crosses_barrier"]).all()  # arterial roads run through them
    assert big["reason"].str.contains("> max 500").all()
    assert (grids["outside_community_m2"] < 1).all() and (grids["overlap_m2"] < 1).all()
    assert grids["community_code"].tolist() == grids.index.tolist()
    assert results["GAP_M2"] == pytest.approx(0, abs=1) and results["OVERLAP_M2"] == pytest.approx(0, abs=1)
    assert results["GRIDS_NOT_OK"] == 5 and results["IN_BAND_SHARE"] == 0
    html = (tmp_path / "ev.html").read_text(encoding="utf-8")
    assert "Grid plan evaluation" in html and "330106004001" in html
    problems = gpd.read_file(results["PROBLEMS"])
    assert {"layer", "feature_id", "kind", "severity", "message"} <= set(problems.columns)
    assert set(problems.loc[problems["layer"] == "grids", "feature_id"]) == set(grids.index)


def test_evaluate_errors_are_the_cli_messages(gridplanner_provider, sample_gpkg, sample_copy, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    empty = f"{_src(sample_copy, 'communities')}|subset=1 = 0"  # a layer without features
    with pytest.raises(QgsProcessingException) as raised:
        processing.run("gridplanner:evaluateplan", {**_inputs(sample_gpkg), "GRIDS": empty,
                                                    "OUTPUT": str(tmp_path / "ev.gpkg")})
    assert "layer 'grids': the layer is empty" in str(raised.value)
    assert not (tmp_path / "ev.gpkg").exists()


# ------------------------------------------------------------------------ estimate
def test_estimate_households_fills_only_missing(gridplanner_provider, sample_gpkg, sample_frames, tmp_path):
    import geopandas as gpd
    import processing

    buildings = sample_frames["buildings"].copy()
    buildings["households"] = buildings["households"].astype("float")
    buildings.loc[buildings.index[:100], "households"] = None
    buildings.loc[buildings.index[:100], "population"] = None
    path = tmp_path / "osm_like.gpkg"
    buildings.to_file(path, layer="buildings", driver="GPKG")
    before = path.read_bytes()
    results = processing.run("gridplanner:estimatehouseholds", {
        "INPUT": f"{path}|layername=buildings", "FLOORS_FIELD": "floors", "USE_FIELD": "use",
        "DWELLING_SIZE": 80.0, "RESIDENTIAL_SHARE": 0.9, "PEOPLE_PER_HOUSEHOLD": 2.5,
        "OUTPUT": str(tmp_path / "estimated.gpkg")})
    assert path.read_bytes() == before  # the input is never modified
    out = gpd.read_file(results["OUTPUT"])
    assert len(out) == len(buildings)
    filled = out.iloc[:100]
    expected = (filled.geometry.make_valid().area * filled["floors"] * 0.9 / 80).round()  # sample has a bow-tie
    residential = filled["use"].isin(["residential", "mixed"])
    wrong = filled[residential & (filled["households"] != expected)]
    assert wrong.empty, wrong[["households", "floors", "floor_area_m2", "hh_source"]].assign(exp=expected).to_string()
    assert (filled.loc[~residential, "households"] == 0).all()
    bad = filled[filled["population"] != (filled["households"] * 2.5).round()]
    assert bad.empty, bad[["households", "population", "hh_source"]].to_string()
    kept = out.iloc[100:]
    assert (kept["households"] == sample_frames["buildings"]["households"].iloc[100:].to_numpy()).all()
    assert (kept["hh_source"] == "known").all()
    assert results["ESTIMATED"] == int(residential.sum())
    assert results["HOUSEHOLDS"] == int(out["households"].sum())


def test_estimate_households_matches_the_core(gridplanner_provider, sample_gpkg, sample_frames):
    from gridplanner.algorithms.estimate import RESIDENTIAL_VALUES
    from gridplanner.plugin.algorithms.estimate_households import DEFAULT_RESIDENTIAL_VALUES

    assert DEFAULT_RESIDENTIAL_VALUES == RESIDENTIAL_VALUES


# -------------------------------------------------------------------------- blocks
def test_build_blocks_on_the_sample(gridplanner_provider, sample_gpkg, sample_frames, tmp_path):
    import geopandas as gpd
    import processing

    from gridplanner.algorithms import PlanParameters
    from gridplanner.algorithms.blocks import build_blocks

    results = processing.run("gridplanner:buildblocks", {
        **_inputs(sample_gpkg), "BLOCKS": str(tmp_path / "blocks.gpkg"), "CELLS": str(tmp_path / "cells.gpkg")})
    blocks, cells = gpd.read_file(results["BLOCKS"]), gpd.read_file(results["CELLS"])
    total = sample_frames["buildings"]["households"].sum()
    assert blocks["households"].sum() == total and cells["households"].sum() == total
    core = build_blocks(sample_frames["buildings"], sample_frames["roads"], sample_frames["communities"],
                        gpd.read_file(sample_gpkg, layer="water"), PlanParameters(population_field=None))
    assert len(blocks) == len(core.blocks) == results["BLOCK_COUNT"]
    assert len(cells) == len(core.cells) == results["CELL_COUNT"]
    assert set(blocks["kind"]) <= {"land", "empty", "water"} and "land" in set(blocks["kind"])
    area = sample_frames["communities"].area.sum()
    assert cells.area.sum() == pytest.approx(area, rel=1e-6)


# --------------------------------------------------------------------------- OSM
def test_load_roads_from_an_osm_file(gridplanner_provider, repo_root, sample_frames, tmp_path):
    import geopandas as gpd
    import processing

    results = processing.run("gridplanner:loadosmroads", {
        "INPUT_FILE": str(repo_root / "sample_data" / "demo_roads.osm"), "TARGET_CRS": "EPSG:4549",
        "OUTPUT": str(tmp_path / "roads.gpkg")})
    roads = gpd.read_file(results["OUTPUT"])
    assert roads.crs.to_epsg() == 4549 and results["ROAD_COUNT"] == len(roads)
    assert {"highway", "name", "oneway", "osmid"} <= set(roads.columns)
    for highway, group in sample_frames["roads"].groupby("highway"):
        assert roads.loc[roads["highway"] == highway].length.sum() == pytest.approx(group.length.sum(), rel=1e-3)


def test_load_roads_default_crs_is_metric(gridplanner_provider, repo_root, tmp_path):
    import geopandas as gpd
    import processing
    from qgis.core import QgsProcessingException

    results = processing.run("gridplanner:loadosmroads", {
        "INPUT_FILE": str(repo_root / "sample_data" / "demo_roads.osm"), "OUTPUT": str(tmp_path / "r.gpkg")})
    assert gpd.read_file(results["OUTPUT"]).crs.to_epsg() == 4549  # CGCS2000 zone of 120°E
    with pytest.raises(QgsProcessingException, match="file, or an extent"):
        processing.run("gridplanner:loadosmroads", {"OUTPUT": str(tmp_path / "none.gpkg")})


def test_prepare_osm_then_plan_with_compounds(gridplanner_provider, repo_root, tmp_path):
    """The shared Beijing extract (© OpenStreetMap contributors, ODbL) through both tools."""
    import shutil

    import geopandas as gpd
    import processing
    from qgis.core import QgsProcessingException

    shared = repo_root.parent / "shared" / "data" / "osm" / "beijing_haidian_wudaokou.osm"
    if not shared.is_file():
        pytest.skip(f"the shared OpenStreetMap extract is not at {shared}")
    osm = tmp_path / shared.name
    shutil.copyfile(shared, osm)
    out = {name: str(tmp_path / f"{name.lower()}.gpkg")
           for name in ("BUILDINGS", "ROADS", "WATER", "WATERWAY", "COMPOUNDS")}
    results = processing.run("gridplanner:prepareosm", {"INPUT_FILE": str(osm), **out})
    buildings = gpd.read_file(results["BUILDINGS"])
    assert buildings.crs.to_epsg() == 4548 and results["BUILDING_COUNT"] == len(buildings) > 500
    assert results["HOUSEHOLDS"] == buildings["households"].sum() > 5000
    assert {"osm_id", "building", "name", "households", "hh_basis", "nonres_reason"} <= set(buildings.columns)
    assert "railway" in set(gpd.read_file(results["ROADS"])["highway"])
    compounds = gpd.read_file(results["COMPOUNDS"])
    assert len(compounds) == 6 and {"compound_id", "compound_name"} <= set(compounds.columns)

    plan = processing.run("gridplanner:plangrids", {
        "BUILDINGS": results["BUILDINGS"], "ROADS": results["ROADS"], "WATER": results["WATER"],
        "COMPOUNDS": results["COMPOUNDS"], "SEED": 1, "GRIDS": str(tmp_path / "grids.gpkg"),
        "BUILDINGS_OUT": str(tmp_path / "planned.gpkg"), "PROBLEMS": str(tmp_path / "problems.gpkg")})
    planned = gpd.read_file(plan["BUILDINGS_OUT"])
    assert planned["grid_code"].notna().all() and planned["compound_id"].notna().sum() >= 50
    assert set(planned["compound_name"].dropna()) <= set(compounds["compound_name"])
    assert "compounds_from_polygons" in set(gpd.read_file(plan["PROBLEMS"])["kind"])
    with pytest.raises(QgsProcessingException, match="no buildings"):
        processing.run("gridplanner:prepareosm", {
            "INPUT_FILE": str(repo_root / "sample_data" / "demo_roads.osm"),
            **{k: str(tmp_path / f"x_{k}.gpkg") for k in out}})


# ---------------------------------------------------------------- model and batch
def _model():
    """Plan grids, then Evaluate grid plan on its grids: a model built in code."""
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterVectorLayer,
    )

    model = QgsProcessingModelAlgorithm("plan_and_evaluate", "Grid Planner tests")
    for name in ("buildings", "roads", "communities", "water"):
        model.addModelParameter(QgsProcessingParameterVectorLayer(name, name), QgsProcessingModelParameter(name))

    def child(alg_id, child_id, sources, output, name):
        step = QgsProcessingModelChildAlgorithm(alg_id)
        step.setChildId(child_id)
        for key, source in sources.items():
            step.addParameterSources(key, [source])
        out = QgsProcessingModelOutput(name, name)
        out.setChildId(child_id)
        out.setChildOutputName(output)
        step.setModelOutputs({name: out})
        model.addChildAlgorithm(step)

    layer = QgsProcessingModelChildParameterSource.fromModelParameter
    static = QgsProcessingModelChildParameterSource.fromStaticValue
    child("gridplanner:plangrids", "plan",
          {"BUILDINGS": layer("buildings"), "ROADS": layer("roads"), "COMMUNITIES": layer("communities"),
           "WATER": layer("water"), "SEED": static(1)}, "GRIDS", "grids")
    child("gridplanner:evaluateplan", "evaluate",
          {"GRIDS": QgsProcessingModelChildParameterSource.fromChildOutput("plan", "GRIDS"),
           "BUILDINGS": layer("buildings"), "ROADS": layer("roads"), "COMMUNITIES": layer("communities"),
           "WATER": layer("water")}, "OUTPUT", "evaluation")
    return model


@pytest.fixture(scope="module")
def model_run(gridplanner_provider, sample_gpkg, tmp_path_factory):
    import geopandas as gpd
    import processing

    out = tmp_path_factory.mktemp("model")
    results = processing.run(_model(), {
        "buildings": _src(sample_gpkg, "buildings"), "roads": _src(sample_gpkg, "roads"),
        "communities": _src(sample_gpkg, "communities"), "water": _src(sample_gpkg, "water"),
        "plan:grids": str(out / "grids.gpkg"), "evaluate:evaluation": str(out / "evaluation.gpkg")})
    return {"grids": gpd.read_file(results["plan:grids"]), "evaluation": gpd.read_file(results["evaluate:evaluation"])}


def test_plan_grids_in_a_model(model_run, sample_frames):
    grids, evaluation = model_run["grids"], model_run["evaluation"]
    assert len(grids) > 50 and grids["households"].sum() == sample_frames["buildings"]["households"].sum()
    assert sorted(evaluation["grid_id"]) == sorted(grids["grid_code"])
    merged = grids.merge(evaluation, left_on="grid_code", right_on="grid_id", suffixes=("", "_ev"))
    assert (merged["parts"] == merged["parts_ev"]).all()
    assert (merged["compactness"] - merged["compactness_ev"]).abs().max() < 1e-3
    assert (evaluation["overlap_m2"] < 1).all() and (evaluation["outside_community_m2"] < 1).all()


def test_plan_grids_batch_style_per_community(model_run, gridplanner_provider, sample_gpkg, sample_copy,
                                             sample_frames, tmp_path):
    """Two communities planned one at a time (as the toolbox's batch mode does) give the
    same grids as planning the whole street: a community's plan depends on it alone."""
    import geopandas as gpd
    import processing
    from qgis.core import QgsFeatureRequest, QgsProcessingContext, QgsVectorLayer

    communities = sample_frames["communities"]
    totals = sample_frames["buildings"].sjoin(communities[["code", "geometry"]], predicate="within")
    sizes = totals.groupby("code")["households"].sum().sort_values()
    context = QgsProcessingContext()
    context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)  # the sample has broken footprints
    for code in sizes.index[:2]:
        community = QgsVectorLayer(_src(sample_copy, "communities"), "c", "ogr")
        assert community.setSubsetString(f"\"code\" = '{code}'")
        extracted = processing.run("native:extractbylocation", {
            "INPUT": _src(sample_gpkg, "buildings"), "PREDICATE": [6], "INTERSECT": community,
            "OUTPUT": "TEMPORARY_OUTPUT"}, context=context)["OUTPUT"]
        results = processing.run("gridplanner:plangrids", {
            "BUILDINGS": extracted, "COMMUNITIES": community, "ROADS": _src(sample_gpkg, "roads"),
            "WATER": _src(sample_gpkg, "water"), "SEED": 1, "GRIDS": str(tmp_path / f"{code}.gpkg"),
            "BUILDINGS_OUT": "TEMPORARY_OUTPUT", "PROBLEMS": "TEMPORARY_OUTPUT"})
        del community, extracted
        mine = gpd.read_file(results["GRIDS"])
        assert set(mine["community_code"]) == {code}
        whole = model_run["grids"][model_run["grids"]["community_code"] == code]
        assert sorted(zip(mine["grid_code"], mine["households"])) == \
            sorted(zip(whole["grid_code"], whole["households"]))


# ----------------------------------------------------------------------- styling
def test_loaded_results_are_styled(gridplanner_provider, sample_gpkg, tmp_path):
    import processing
    from qgis.core import (
        QgsCategorizedSymbolRenderer,
        QgsLinePatternFillSymbolLayer,
        QgsProject,
        QgsSingleSymbolRenderer,
    )

    project = QgsProject.instance()
    project.clear()
    results = processing.runAndLoadResults("gridplanner:evaluateplan", {
        **_inputs(sample_gpkg), "GRIDS": _src(sample_gpkg, "communities"), "GRID_ID_FIELD": "code",
        "OUTPUT": str(tmp_path / "ev.gpkg"), "PROBLEMS": str(tmp_path / "problems.gpkg"), "REPORT": ""})
    assert results
    layers = {layer.source().split("|")[0]: layer for layer in project.mapLayers().values()}
    grids = layers[str(tmp_path / "ev.gpkg")]
    renderer = grids.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "grid_id"
    assert len(renderer.categories()) == 5
    for category in renderer.categories():  # all five are over the maximum: hatched in red
        assert any(isinstance(sl, QgsLinePatternFillSymbolLayer) for sl in category.symbol().symbolLayers())
    assert grids.labelsEnabled()
    expression = grids.labeling().settings().fieldName
    assert "grid_id" in expression and "households" in expression and "\\n" in expression
    problems = layers[str(tmp_path / "problems.gpkg")]
    assert isinstance(problems.renderer(), QgsSingleSymbolRenderer)
    assert problems.renderer().symbol().color().name() == "#d50000"
    project.clear()
    del grids, problems, layers


def test_ok_grids_are_not_hatched(gridplanner_provider):
    from qgis.core import QgsFeature, QgsGeometry, QgsLinePatternFillSymbolLayer, QgsVectorLayer

    from gridplanner.plugin.styling import style_grids

    layer = QgsVectorLayer("Polygon?crs=EPSG:4549&field=grid_code:string&field=households:integer"
                           "&field=status:string", "g", "memory")
    features = []
    for code, status in (("A", "ok"), ("B", "under_min"), ("C", "dedicated")):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))"))
        feature.setAttributes([code, 350, status])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    style_grids(layer)
    hatched = {c.value(): any(isinstance(s, QgsLinePatternFillSymbolLayer) for s in c.symbol().symbolLayers())
               for c in layer.renderer().categories()}
    assert hatched == {"A": False, "B": True, "C": False}
    del layer


def test_every_tool_is_listed_with_help(gridplanner_provider):
    ids = {alg.id() for alg in gridplanner_provider.algorithms()}
    assert {"gridplanner:plangrids", "gridplanner:evaluateplan", "gridplanner:estimatehouseholds",
            "gridplanner:buildblocks", "gridplanner:loadosmroads", "gridplanner:prepareosm",
            "gridplanner:replan"} <= ids
    for alg in gridplanner_provider.algorithms():
        assert len(alg.shortHelpString()) > 200, alg.id()
        assert alg.flags() & alg.FlagCanCancel


def test_cancelling_a_tool_writes_nothing(gridplanner_provider, sample_gpkg, tmp_path):
    import processing
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda percent: feedback.cancel() if percent > 5 else None)
    results = processing.run("gridplanner:buildblocks", {
        **_inputs(sample_gpkg), "BLOCKS": str(tmp_path / "blocks.gpkg"), "CELLS": str(tmp_path / "cells.gpkg")},
        feedback=feedback)
    assert feedback.isCanceled() and "BLOCKS" not in results
    assert list(tmp_path.iterdir()) == []


def test_screenshot_script_draws_the_dialog(repo_root, tmp_path):
    """scripts/screenshots.py (behind scripts/screenshots.sh, which made docs/toolbox_plan_grids*.png)."""
    import os
    import subprocess
    import sys

    from qgis.PyQt.QtGui import QImage

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"))
    env.pop("QGIS_OPTIONS_PATH", None)
    out = tmp_path / "dialog_zh.png"
    done = subprocess.run([sys.executable, str(repo_root / "scripts" / "screenshots.py"), str(out),
                           "--locale", "zh_CN", "--size", "900x600"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 600)
    assert len({image.pixel(x, y) for x in range(0, 900, 7) for y in range(0, 600, 7)}) > 20  # not blank
