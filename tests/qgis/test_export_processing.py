"""``processing.run("gridplanner:exportplan")`` inside a real headless QGIS."""

from __future__ import annotations

import json

import pytest
from export_fixtures import COMMUNITY, NAME, write_plan

pytestmark = pytest.mark.qgis


def test_algorithm_is_registered_with_help(gridplanner_provider, registry):
    alg = registry.algorithmById("gridplanner:exportplan")
    assert alg is not None and alg.displayName() == "Export for governance"
    help_text = alg.shortHelpString()
    assert "WGBM" in help_text and "GCJ-02" in help_text and "PostGIS" in help_text


def test_export_gbk_shapefile(gridplanner_provider, tmp_path):
    import geopandas as gpd
    import processing

    plan = write_plan(tmp_path / "plan.gpkg")
    out = tmp_path / "grids.shp"
    results = processing.run("gridplanner:exportplan", {
        "PLAN": str(plan), "FORMAT": 1, "PROFILE": 0, "CRS": 2, "ENCODING": 1, "OUTPUT": str(out)})
    assert results["GRID_COUNT"] == 4 and results["ISSUE_COUNT"] == 0
    assert (tmp_path / "grids.cpg").read_text().strip() == "GBK"
    back = gpd.read_file(out)
    assert back["WGMC"].tolist()[0] == f"{NAME}第1网格" and back["WGBM"].tolist()[0] == f"{COMMUNITY}001"
    assert back.crs.to_epsg() == 4490


def test_export_geojson_gcj02_and_custom_crs(gridplanner_provider, tmp_path):
    import geopandas as gpd
    import processing
    from qgis.core import QgsCoordinateReferenceSystem

    plan = write_plan(tmp_path / "plan.gpkg")
    processing.run("gridplanner:exportplan", {
        "PLAN": str(plan), "FORMAT": 2, "PROFILE": 1, "CRS": 4, "OUTPUT": str(tmp_path / "g.geojson")})
    doc = json.loads((tmp_path / "g.geojson").read_text(encoding="utf-8"))
    assert "GCJ-02" in doc["coordinate_system"] and doc["features"][0]["properties"]["comm_name"] == NAME
    processing.run("gridplanner:exportplan", {
        "PLAN": str(plan), "FORMAT": 0, "CRS": 6, "CUSTOM_CRS": QgsCoordinateReferenceSystem("EPSG:4527"),
        "OUTPUT": str(tmp_path / "g.gpkg")})
    assert gpd.read_file(tmp_path / "g.gpkg").crs.to_epsg() == 4527


def test_invalid_plan_is_refused_unless_forced(gridplanner_provider, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    plan = write_plan(tmp_path / "plan.gpkg", households=(400, 420, 380, 90))
    params = {"PLAN": str(plan), "FORMAT": 4, "OUTPUT": str(tmp_path / "g.csv")}
    with pytest.raises(QgsProcessingException, match="90 households"):
        processing.run("gridplanner:exportplan", params)
    assert not (tmp_path / "g.csv").exists()
    results = processing.run("gridplanner:exportplan", dict(params, FORCE=True))
    assert results["ISSUE_COUNT"] == 1 and (tmp_path / "g.csv").read_text(encoding="utf-8-sig").count("\n") == 5
    with pytest.raises(QgsProcessingException, match="exists"):
        processing.run("gridplanner:exportplan", dict(params, FORCE=True))
