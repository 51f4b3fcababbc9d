"""The "Yearly review (re-plan)" Processing tool (``gridplanner:replan``) on the sample street
inside QGIS: an unchanged street keeps every grid; a year later (``bench/yearlater.py``) the
tool writes the same re-plan as :func:`replan_grids`, its layers and its report."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.qgis, pytest.mark.slow]


def _src(path, name):
    return f"{path}|layername={name}"


@pytest.fixture(scope="module")
def last_year(sample_gpkg, tmp_path_factory):
    from gridplanner.algorithms import PlanParameters, plan_grids, read_layer

    def layer(name):
        return read_layer(_src(sample_gpkg, name))

    params = PlanParameters.from_options(building_id_field="bldg_id", dedicated_field="dedicated_site", seed=1)
    result = plan_grids(layer("buildings"), layer("roads"), layer("communities"), [layer("water"), layer("waterway")],
                        params)
    path = tmp_path_factory.mktemp("replan_qgis") / "last_year.gpkg"
    result.write(path)
    return path


def _parameters(sample_gpkg, previous, buildings, out):
    return {"PREVIOUS": str(previous), "BUILDINGS": buildings, "ROADS": _src(sample_gpkg, "roads"),
            "COMMUNITIES": _src(sample_gpkg, "communities"),
            "WATER": [_src(sample_gpkg, "water"), _src(sample_gpkg, "waterway")],
            "BUILDING_ID_FIELD": "bldg_id", "DEDICATED_FIELD": "dedicated_site", "SEED": 1,
            "OUTPUT": str(out / "new.gpkg"), "GRIDS": str(out / "grids.gpkg"),
            "CHANGES": str(out / "changes.gpkg"), "REPORT": str(out / "changes.html")}


def test_replan_tool_unchanged_street(gridplanner_provider, sample_gpkg, last_year, tmp_path):
    import geopandas as gpd
    import processing

    results = processing.run("gridplanner:replan", _parameters(sample_gpkg, last_year,
                                                               _src(sample_gpkg, "buildings"), tmp_path))
    assert results["HOUSEHOLDS_MOVED"] == 0 and results["MOVED_SHARE"] == 0
    grids = gpd.read_file(results["GRIDS"])
    old = gpd.read_file(last_year, layer="grids")
    assert sorted(grids["grid_code"]) == sorted(old["grid_code"])
    assert (grids["change"] == "kept").all()
    assert len(gpd.read_file(results["CHANGES"])) == 0


def test_replan_tool_year_later(gridplanner_provider, sample_gpkg, last_year, tmp_path):
    import geopandas as gpd
    import processing

    from bench.yearlater import year_later
    from gridplanner.algorithms import PlanParameters
    from gridplanner.algorithms.replan import PreviousPlan, replan_grids

    previous = PreviousPlan.read(last_year)
    streets = {name: gpd.read_file(sample_gpkg, layer=name) for name in
               ("buildings", "roads", "communities", "water", "waterway")}
    later = year_later(streets["buildings"], previous.grids, streets["communities"], streets["roads"], seed=3,
                       plan_buildings=previous.buildings).buildings
    later["bldg_id"] = later["bldg_id"].astype(str)
    year = tmp_path / "year.gpkg"
    later.to_file(year, layer="buildings")
    results = processing.run("gridplanner:replan", {**_parameters(sample_gpkg, last_year,
                                                                   _src(year, "buildings"), tmp_path),
                                                     "MAX_MOVED": 0.05})
    params = PlanParameters.from_options(building_id_field="bldg_id", dedicated_field="dedicated_site", seed=1)
    expected = replan_grids(previous, gpd.read_file(year, layer="buildings"), streets["roads"],
                            streets["communities"], [streets["water"], streets["waterway"]], params,
                            max_moved=0.05)
    assert results["HOUSEHOLDS_MOVED"] == expected.figures["households_moved"] > 0
    assert results["FRESH_MOVED"] == expected.figures["fresh_households_moved"]
    plan = gpd.read_file(results["OUTPUT"], layer="grids")
    assert sorted(plan["grid_code"]) == sorted(expected.grids["grid_code"])
    assert set(plan["change"]) <= {"kept", "changed", "new"} and (plan["change"] != "kept").any()
    changes = gpd.read_file(results["CHANGES"])
    assert int(changes["households"].sum()) == results["HOUSEHOLDS_MOVED"]
    html = (tmp_path / "changes.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in html
    import pyogrio
    assert {"retired_grids", "changes", "demolished_buildings"} <= set(pyogrio.list_layers(results["OUTPUT"])[:, 0])
