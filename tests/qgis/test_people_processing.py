"""``gridplanner:staffplan`` and ``gridplanner:microgrids`` inside a real headless QGIS, on the
sample plan with the roster and member list of ``sample_data/people.py``."""

from __future__ import annotations

import importlib.util

import pytest

pytestmark = pytest.mark.qgis


@pytest.fixture(scope="module")
def sample(tmp_path_factory, repo_root, sample_gpkg):
    from gridplanner.cli import main

    folder = tmp_path_factory.mktemp("people")
    plan = folder / "plan.gpkg"
    s = str(sample_gpkg)
    assert main(["plan", "--buildings", f"{s}|layername=buildings", "--roads", f"{s}|layername=roads",
                 "--communities", f"{s}|layername=communities", "--water", f"{s}|layername=water",
                 "--water", f"{s}|layername=waterway", "--building-id-field", "bldg_id",
                 "--dedicated-field", "dedicated_site", "--seed", "1", "-o", str(plan), "--quiet"]) == 0
    spec = importlib.util.spec_from_file_location("sample_people", repo_root / "sample_data" / "people.py")
    people = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(people)
    assert people.main([str(plan), "--roster", str(folder / "roster.xlsx"),
                        "--members", str(folder / "members.csv")]) == 0
    return folder, plan


def test_tools_are_registered(gridplanner_provider, registry):
    staff = registry.algorithmById("gridplanner:staffplan")
    micro = registry.algorithmById("gridplanner:microgrids")
    assert staff is not None and staff.displayName() == "Staff grids"
    assert micro is not None and "户户见党员" in micro.shortHelpString()


def test_staff_the_sample_plan_and_export_the_workers(gridplanner_provider, sample, sample_gpkg):
    import geopandas as gpd
    import pandas as pd
    import processing

    folder, plan = sample
    out, report = folder / "staffed.gpkg", folder / "staffing.html"
    results = processing.run("gridplanner:staffplan", {
        "PLAN": str(plan), "ROSTER": str(folder / "roster.xlsx"), "ROADS": f"{sample_gpkg}|layername=roads",
        "WATER": [f"{sample_gpkg}|layername=water", f"{sample_gpkg}|layername=waterway"],
        "OUTPUT": str(out), "REPORT": str(report)})
    assert results["GRIDS_SHORT"] == 0 and results["WORKERS_ASSIGNED"] > 80
    grids = gpd.read_file(out, layer="grids")
    basic = grids[grids["grid_kind"] != "dedicated"]
    assert basic["worker"].notna().all()
    assert "<table>" in report.read_text(encoding="utf-8")
    processing.run("gridplanner:exportplan", {"PLAN": str(out), "FORMAT": 4, "FORCE": True,
                                              "OUTPUT": str(folder / "grids.csv")})
    exported = pd.read_csv(folder / "grids.csv", dtype=str)
    assert exported["WGY"].notna().sum() == len(basic)


def test_a_bad_roster_names_its_row(gridplanner_provider, sample, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    _, plan = sample
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,role,community\nA,甲,full-time,nowhere\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="row 2: community nowhere"):
        processing.run("gridplanner:staffplan", {"PLAN": str(plan), "ROSTER": str(bad),
                                                 "OUTPUT": str(tmp_path / "never.gpkg")})
    assert not (tmp_path / "never.gpkg").exists()


def test_microgrids_of_the_sample_plan(gridplanner_provider, sample, sample_gpkg):
    import geopandas as gpd
    import pyogrio

    folder, plan = sample
    out = folder / "micro.gpkg"
    results = processing_run("gridplanner:microgrids", {
        "PLAN": str(plan), "HOUSEHOLDS_PER_GROUP": "30-50", "MEMBERS": str(folder / "members.csv"),
        "ROADS": f"{sample_gpkg}|layername=roads", "OUTPUT": str(out), "REPORT": str(folder / "micro.html")})
    micro = gpd.read_file(out, layer="micro_grids")
    assert results["GROUPS"] == len(micro) > 500
    assert 0.8 < results["IN_BAND_SHARE"] <= 1.0 and 0.0 < results["COVERAGE"] <= 1.0
    links = pyogrio.read_dataframe(out, layer="member_links")
    assert links["member_id"].is_unique and set(links["group_id"]) <= set(micro["group_id"])


def processing_run(alg: str, params: dict) -> dict:
    import processing

    return processing.run(alg, params)
