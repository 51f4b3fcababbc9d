"""``processing.run("gridplanner:plangrids")`` on the sample street, inside QGIS.

One run for the module (the engine is the slow part); the tests check the contents of
what it wrote: a GeoPackage for the grids and problems, a memory layer for the buildings
(the two kinds of sink a user gets from the dialog).
"""

from __future__ import annotations

import math
import re

import pytest

pytestmark = [pytest.mark.qgis, pytest.mark.slow]

GRID_CODE = re.compile(r"^\d{15}$")


def _layer_rows(layer):
    """Attributes of a QGIS layer as a list of dicts (NULL -> None), plus its field names."""
    from gridplanner.plugin.convert import _python_value

    names = layer.fields().names()
    rows = [dict(zip(names, map(_python_value, f.attributes()))) for f in layer.getFeatures()]
    return rows, names


def _sample_params(sample_gpkg, **outputs):
    params = {
        "BUILDINGS": f"{sample_gpkg}|layername=buildings",
        "COMMUNITIES": f"{sample_gpkg}|layername=communities",
        "ROADS": f"{sample_gpkg}|layername=roads",
        "WATER": f"{sample_gpkg}|layername=water",
        "SEED": 1,
    }
    params.update(outputs)
    return params


@pytest.fixture(scope="module")
def sample_input(sample_gpkg):
    import geopandas as gpd

    return gpd.read_file(sample_gpkg, layer="buildings")


@pytest.fixture(scope="module")
def plan(gridplanner_provider, sample_gpkg, tmp_path_factory):
    import geopandas as gpd
    import processing
    from qgis.core import QgsProcessingFeedback, QgsVectorLayer

    out = tmp_path_factory.mktemp("plan")
    feedback = QgsProcessingFeedback()
    progress = []
    feedback.progressChanged.connect(progress.append)
    results = processing.run(
        "gridplanner:plangrids",
        _sample_params(
            sample_gpkg,
            GRIDS=str(out / "grids.gpkg"),
            BUILDINGS_OUT="TEMPORARY_OUTPUT",
            PROBLEMS=str(out / "problems.gpkg"),
        ),
        feedback=feedback,
    )
    layer = results.pop("BUILDINGS_OUT")
    assert isinstance(layer, QgsVectorLayer) and layer.isValid()
    buildings, building_fields = _layer_rows(layer)
    building_crs = layer.crs().authid()
    del layer  # pytest-qgis: no layers may outlive the session in Python's hands
    return {
        "results": results,
        "grids": gpd.read_file(results["GRIDS"]),
        "problems": gpd.read_file(results["PROBLEMS"]),
        "buildings": buildings,
        "building_fields": building_fields,
        "building_crs": building_crs,
        "progress": progress,
    }


def test_grids_are_written(plan):
    grids = plan["grids"]
    assert len(grids) > 0
    assert plan["results"]["GRID_COUNT"] == len(grids)
    assert {"grid_code", "community_code", "households", "population", "workload", "status"} <= set(grids.columns)
    assert grids.geometry.notna().all() and grids.geometry.is_valid.all()
    assert set(grids.geom_type) <= {"MultiPolygon"}
    assert grids.crs is not None and grids.crs.is_projected


def test_grid_codes_have_15_digits(plan):
    codes = plan["grids"]["grid_code"].astype(str)
    bad = [c for c in codes if not GRID_CODE.match(c)]
    assert not bad, f"grid codes that are not 15 digits: {bad[:10]}"
    assert codes.is_unique
    assert all(c.startswith(str(cc)) for c, cc in zip(codes, plan["grids"]["community_code"]))


def test_every_building_has_a_grid(plan, sample_input):
    buildings = plan["buildings"]
    assert len(buildings) == len(sample_input)
    assert "grid_code" in plan["building_fields"]
    codes = set(plan["grids"]["grid_code"].astype(str))
    missing = [b for b in buildings if not b["grid_code"]]
    assert not missing, f"{len(missing)} buildings without grid_code, e.g. {missing[:3]}"
    unknown = {b["grid_code"] for b in buildings} - codes
    assert not unknown, f"buildings point at grids that do not exist: {sorted(unknown)[:5]}"


def test_buildings_keep_their_input_fields(plan, sample_input):
    expected = [c for c in sample_input.columns if c != sample_input.geometry.name]
    assert set(expected) <= set(plan["building_fields"])
    assert plan["building_fields"][-1] == "grid_code"
    assert plan["building_crs"] == f"EPSG:{plan['grids'].crs.to_epsg()}"  # all outputs in the working CRS


def test_households_add_up(plan, sample_input):
    total_in = float(sample_input["households"].fillna(0).sum())
    assert float(plan["grids"]["households"].sum()) == pytest.approx(total_in)
    per_grid = {}
    for b in plan["buildings"]:
        h = b["households"]
        if h is not None and not (isinstance(h, float) and math.isnan(h)):
            per_grid[b["grid_code"]] = per_grid.get(b["grid_code"], 0) + h
    grids = plan["grids"].set_index(plan["grids"]["grid_code"].astype(str))
    for code, households in per_grid.items():
        assert grids.loc[code, "households"] == pytest.approx(households), code


def test_problems_are_a_point_layer(plan):
    problems = plan["problems"]
    assert {"layer", "feature_id", "input_fid", "kind", "severity", "message"} <= set(problems.columns)
    assert plan["results"]["PROBLEM_COUNT"] == len(problems)
    located = problems.geometry.dropna()
    assert set(located.geom_type) <= {"Point"}
    assert problems["message"].notna().all()


def test_same_plan_as_the_cli(plan, sample_gpkg):
    """Plugin defaults + the same seed give exactly the plan the core gives on the files."""
    from gridplanner.algorithms import PlanParameters, plan_grids, read_layer

    def layer(name):
        return read_layer(f"{sample_gpkg}|layername={name}", role=name)

    core = plan_grids(
        layer("buildings"), roads=layer("roads"), communities=layer("communities"), water=layer("water"),
        params=PlanParameters(seed=1),
    )
    expected = sorted(zip(core.grids["grid_code"].astype(str), core.grids["households"].astype(float)))
    got = sorted(zip(plan["grids"]["grid_code"].astype(str), plan["grids"]["households"].astype(float)))
    assert got == expected


def test_progress_was_reported(plan):
    progress = plan["progress"]
    assert progress and max(progress) == pytest.approx(100.0)
    assert any(10 < p < 95 for p in progress), "the engine's own progress should show"


def test_cancelling_writes_nothing(gridplanner_provider, sample_gpkg, tmp_path):
    import processing
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()

    def cancel_once_planning(percent):
        if percent > 10:  # past reading the layers: the engine is running
            feedback.cancel()

    feedback.progressChanged.connect(cancel_once_planning)
    grids = tmp_path / "grids.gpkg"
    results = processing.run(
        "gridplanner:plangrids",
        _sample_params(sample_gpkg, GRIDS=str(grids), BUILDINGS_OUT=str(tmp_path / "b.gpkg"),
                       PROBLEMS=str(tmp_path / "p.gpkg")),
        feedback=feedback,
    )
    assert feedback.isCanceled()
    assert "GRIDS" not in results
    assert list(tmp_path.iterdir()) == []


def _tiny_layer():
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("Polygon?crs=EPSG:4549&field=households:integer", "b", "memory")
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))"))
    feature.setAttributes([12])
    layer.dataProvider().addFeatures([feature])
    return layer


def test_engine_errors_become_processing_exceptions(gridplanner_provider, tmp_path):
    """A GridPlannerError from the core reaches the user with its own message."""
    import processing
    from qgis.core import QgsProcessingException

    weights = tmp_path / "weights.toml"
    weights.write_text("[attributes]\nelderly_alone = -1\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="must be a number >= 0"):
        processing.run(
            "gridplanner:plangrids",
            {"BUILDINGS": _tiny_layer(), "WEIGHTS": str(weights), "GRIDS": str(tmp_path / "g.gpkg")},
        )
    assert not (tmp_path / "g.gpkg").exists()


def test_missing_households_field_is_a_clear_error(gridplanner_provider, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="nonexistent"):
        processing.run(
            "gridplanner:plangrids",
            {"BUILDINGS": _tiny_layer(), "HOUSEHOLDS_FIELD": "nonexistent", "GRIDS": str(tmp_path / "g.gpkg")},
        )
    assert not (tmp_path / "g.gpkg").exists()
