"""The one-network and rural tools through ``processing.run`` inside QGIS: police beats of
whole grids from the sample street's plan, the audit of the shipped misaligned beats (another
CRS), rural grids from the generated township's villages; and the dock's "One network" tab."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.qgis, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plan_gpkg(sample_gpkg, tmp_path_factory):
    """The demo plan's grids in a GeoPackage (the core's plan, as scripts/run_sample.sh makes it)."""
    import geopandas as gpd

    from gridplanner.algorithms import PlanParameters, plan_grids

    read = lambda layer: gpd.read_file(sample_gpkg, layer=layer)  # noqa: E731
    params = PlanParameters(building_id_field="bldg_id", dedicated_field="dedicated_site", seed=1)
    grids = plan_grids(read("buildings"), read("roads"), read("communities"),
                       [read("water"), read("waterway")], params).grids
    path = tmp_path_factory.mktemp("zones") / "plan.gpkg"
    grids.to_file(path, layer="grids", driver="GPKG", engine="pyogrio")
    return path


def test_police_beats_of_whole_grids(gridplanner_provider, plan_gpkg, sample_gpkg, tmp_path):
    import geopandas as gpd
    import processing

    results = processing.run("gridplanner:makezones", {
        "UNITS": f"{plan_gpkg}|layername=grids", "CAPACITY_MIN": 3, "CAPACITY_MAX": 6,
        "BARRIERS": [f"{sample_gpkg}|layername=roads"], "DEPARTMENT": "police",
        "ZONES": str(tmp_path / "zones.gpkg"), "UNIT_ZONE": str(tmp_path / "unit_zone.gpkg"),
        "REPORT": str(tmp_path / "zones.html")})
    zones = gpd.read_file(results["ZONES"])
    grids = gpd.read_file(plan_gpkg, layer="grids")
    listed = sorted(u for text in zones["units_list"] for u in text.split(", "))
    assert listed == sorted(grids["grid_code"])
    assert zones["units"].between(3, 6).all() and (zones["status"] == "ok").all()
    assert results["ZONE_COUNT"] == len(zones) and results["CHANGED_COUNT"] == 0
    assert "police" in (tmp_path / "zones.html").read_text(encoding="utf-8")


def test_audit_of_misaligned_beats_in_another_crs(gridplanner_provider, plan_gpkg, tmp_path):
    import geopandas as gpd
    import processing

    departments = tmp_path / "departments.gpkg"
    shutil.copyfile(ROOT / "sample_data" / "demo_departments.gpkg", departments)
    results = processing.run("gridplanner:makezones", {
        "UNITS": f"{plan_gpkg}|layername=grids", "CAPACITY_MIN": 3, "CAPACITY_MAX": 6,
        "EXISTING": f"{departments}|layername=police_beats", "EXISTING_ID_FIELD": "beat_id",
        "DEPARTMENT": "police", "ZONES": str(tmp_path / "zones.gpkg"), "AUDIT": str(tmp_path / "audit.gpkg")})
    assert results["SPLIT_COUNT"] == 4
    assert results["CHANGED_COUNT"] >= 1
    audit = gpd.read_file(results["AUDIT"])
    assert {"split", "no_zone", "two_zones"} <= set(audit["status"])
    zones = gpd.read_file(results["ZONES"])
    assert zones["zone_id"].str.startswith("JW").all()
    assert zones["units"].between(3, 6).all()


def test_capacity_minimum_above_maximum_refused(gridplanner_provider, plan_gpkg, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="minimum"):
        processing.run("gridplanner:makezones", {
            "UNITS": f"{plan_gpkg}|layername=grids", "CAPACITY_MIN": 6, "CAPACITY_MAX": 3,
            "ZONES": str(tmp_path / "zones.gpkg")})


def test_rural_grids_from_villages(gridplanner_provider, tmp_path):
    import geopandas as gpd
    import processing

    township = tmp_path / "township.gpkg"
    shutil.copyfile(ROOT / "sample_data" / "rural_township.gpkg", township)
    results = processing.run("gridplanner:planrural", {
        "BUILDINGS": f"{township}|layername=natural_villages", "COMMUNITIES": f"{township}|layername=admin_villages",
        "ROADS": f"{township}|layername=roads", "WATER": [f"{township}|layername=water"],
        "GRIDS": str(tmp_path / "grids.gpkg"), "BUILDINGS_OUT": str(tmp_path / "villages.gpkg")})
    grids = gpd.read_file(results["GRIDS"])
    villages = gpd.read_file(results["BUILDINGS_OUT"])
    assert villages["grid_code"].notna().all()
    ok = grids[grids["status"] == "ok"]
    assert ok["households"].between(100, 300).all() and len(ok) >= 0.7 * len(grids)
    big = grids[grids["status"] == "over_max"]
    assert len(big) and big["reason"].str.contains("alone has").all()
    # With the houses of the big villages, those are split along their buildings.
    results = processing.run("gridplanner:planrural", {
        "BUILDINGS": f"{township}|layername=natural_villages", "COMMUNITIES": f"{township}|layername=admin_villages",
        "ROADS": f"{township}|layername=roads", "WATER": [f"{township}|layername=water"],
        "SPLIT_BUILDINGS": f"{township}|layername=buildings", "GRIDS": str(tmp_path / "grids2.gpkg")})
    grids = gpd.read_file(results["GRIDS"])
    assert not (grids["status"] == "over_max").any()
    assert (grids["status"] == "ok").mean() >= 0.95


def test_dock_tab_presets(qgis_app):
    from gridplanner.plugin.dock.zones import ZonesTab, rural_parameters, zones_parameters

    assert zones_parameters(None) == {}
    assert zones_parameters("layer") == {"UNITS": "layer"}
    assert rural_parameters(None, "roads", ["w"]) == {"ROADS": "roads", "WATER": ["w"]}
    tab = ZonesTab(lambda: None, lambda: (None, None, []))
    assert tab.zones_button.text() and tab.rural_button.text()
