"""The Processing tool "Plan grids" on an existing Dask cluster (its SCHEDULER parameter):
a real ``dask scheduler`` and ``dask worker`` on localhost plan the sample street, and the
grids are those of the same tool run in QGIS's own process."""

from __future__ import annotations

import pytest
from dask_cluster import DASK, dask_cluster

pytestmark = [pytest.mark.qgis, pytest.mark.slow,
              pytest.mark.skipif(not DASK.exists(), reason="the dask command is not installed beside this Python")]


def _run(sample_gpkg, out, **extra):
    import geopandas as gpd
    import processing

    out.mkdir(parents=True)
    params = {"BUILDINGS": f"{sample_gpkg}|layername=buildings", "COMMUNITIES": f"{sample_gpkg}|layername=communities",
              "ROADS": f"{sample_gpkg}|layername=roads", "WATER": f"{sample_gpkg}|layername=water", "SEED": 1,
              # a budget whose wall-clock safety net cannot fire on a loaded machine (it would make
              # the plan depend on the load, wherever it runs)
              "SEARCH_SECONDS": 120, "GRIDS": str(out / "grids.gpkg"), "PROBLEMS": str(out / "problems.gpkg"),
              "BUILDINGS_OUT": str(out / "buildings.gpkg"), **extra}
    results = processing.run("gridplanner:plangrids", params)
    return gpd.read_file(results["GRIDS"])


def test_the_plan_tool_on_a_dask_cluster_gives_the_plan_of_qgis_own_process(gridplanner_provider, sample_gpkg,
                                                                            tmp_path) -> None:
    local = _run(sample_gpkg, tmp_path / "local", SCHEDULER="")
    with dask_cluster(tmp_path, workers=2) as address:
        remote = _run(sample_gpkg, tmp_path / "remote", SCHEDULER=address)
    assert len(local) == len(remote) > 0
    assert local.drop(columns="geometry").equals(remote.drop(columns="geometry"))
    assert local.geometry.geom_equals_exact(remote.geometry, 0.0).all()
