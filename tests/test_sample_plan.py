"""The engine on the shipped sample street: every rule holds except the documented
impossible cases, and those say why."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from gridplanner.algorithms import PlanParameters, plan_grids

SAMPLE = __import__("pathlib").Path(__file__).resolve().parent.parent / "sample_data" / "demo_street.gpkg"


@pytest.fixture(scope="module")
def plan():
    read = lambda layer: gpd.read_file(SAMPLE, layer=layer)  # noqa: E731
    params = PlanParameters(building_id_field="bldg_id", dedicated_field="dedicated_site", seed=1)
    return plan_grids(read("buildings"), read("roads"), read("communities"),
                      [read("water"), read("waterway")], params)


def test_every_building_in_exactly_one_grid_inside_its_community(plan):
    b = plan.buildings
    assert b["grid_code"].notna().all()
    assert set(b["grid_code"]) <= set(plan.grids["grid_code"])
    g = plan.grids.set_index("grid_code")
    assert (g.loc[b["grid_code"], "community_code"].to_numpy()
            == b["grid_code"].str[:12].to_numpy()).all()


def test_tiling_contiguity_and_compounds(plan):
    s = plan.summary
    assert s["noncontiguous_grids"] == 0
    assert s["gap_m2"] < 5 and s["overlap_m2"] < 5
    # the whole plan at full precision: no overlap or gap between any two grids wider than
    # 1 mm, each community's grids within 1 cm of its line
    assert s["tiling_overlap_width_m"] <= 0.001 and s["tiling_gap_width_m"] <= 0.001
    assert s["boundary_deviation_m"] <= 0.01
    assert s["avoidable_compound_splits"] == 0


def test_no_grid_crosses_a_major_road_or_river(plan):
    assert plan.summary["barrier_crossings"] == 0
    # the 108-household pocket beyond a major road stands alone, proven and explained
    pocket = plan.grids[plan.grids["reason"].str.contains("pocket of 108 households")]
    assert len(pocket) == 1 and pocket["status"].iloc[0] == "under_min"
    assert pocket["band_forced"].iloc[0] == 1


def test_merged_pockets_are_the_only_crossings():
    read = lambda layer: gpd.read_file(SAMPLE, layer=layer)  # noqa: E731
    params = PlanParameters(building_id_field="bldg_id", dedicated_field="dedicated_site", seed=1,
                            small_pocket_policy="merge")
    merged = plan_grids(read("buildings"), read("roads"), read("communities"),
                        [read("water"), read("waterway")], params)
    crossing = merged.grids[merged.grids["barrier_crossings"] > 0]
    assert len(crossing) >= 1
    assert (crossing["status"] == "crosses_barrier").all()
    assert crossing["reason"].str.contains("pocket of").all()


def test_grids_outside_the_band_say_why(plan):
    g = plan.grids
    basic = g[g["grid_kind"] == "basic"]
    outside = basic[(basic["households"] < 300) | (basic["households"] > 500)]
    assert (outside["reason"].str.len() > 20).all()
    forced = outside[outside["band_forced"] == 1]
    # the awkward cases of sample_data/README.md are proven impossible, not blamed on the search
    tower = g[g["reason"].str.contains("building 37 alone")]
    assert len(tower) == 1 and tower["band_forced"].iloc[0] == 1
    small = g[g["community_code"] == "330106004001"]
    assert len(small) == 1 and small["band_forced"].iloc[0] == 1
    named = forced["reason"].str.contains(
        "compound C|building |households cannot form|alone has|no plan of this area")
    assert named.all(), forced.loc[~named, "reason"].tolist()
    # every miss on the sample is proven (a regression guard on the exact check)
    assert plan.summary["grids_outside_band_avoidable"] == 0
    assert plan.summary["in_band_share_where_feasible"] == 1.0


def test_workload_bound_is_a_lower_bound(plan):
    s = plan.summary
    assert 1.0 <= s["workload_ratio_bound"] <= s["workload_max_min_ratio"] + 1e-9
    assert 0.0 <= s["workload_cv_bound"] <= s["workload_cv"] + 1e-9
    assert np.isfinite(s["workload_cv_in_band"])
    # the compounds walled in by larger ones count: granularity alone gives 13.8 % here
    assert s["workload_cv_bound"] > 0.16


def test_every_building_lies_in_its_own_grid_polygon(plan):
    b = plan.buildings
    reps = gpd.GeoDataFrame(b[["grid_code"]], geometry=b.geometry.representative_point(), crs=b.crs)
    joined = gpd.sjoin(reps, plan.grids[["grid_code", "geometry"]].rename(columns={"grid_code": "polygon"}),
                       how="left", predicate="within")
    assert (joined["grid_code"] == joined["polygon"]).all()
