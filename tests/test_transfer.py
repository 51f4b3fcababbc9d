"""The replan's minimum-transfer repair (:mod:`gridplanner.algorithms.transfer`): the flow over
the grid adjacency, and a hand-made street where passing households along a chain of
neighbours is the cheapest fix (the test checks the exact households moved)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from gridplanner.algorithms import PlanParameters
from gridplanner.algorithms.band import Band
from gridplanner.algorithms.replan import PreviousPlan, replan_grids
from gridplanner.algorithms.transfer import transfer_flow

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")

BAND = Band(300, 500, 400)
CHAIN = [(0, 1), (1, 0), (1, 2), (2, 1)]     # grid 0 — grid 1 — grid 2


def test_flow_passes_the_excess_along_a_chain():
    # 0 is 60 over, its only neighbour 1 has 5 of room, 2 has plenty: 60 cross 0→1, 55 cross 1→2.
    assert transfer_flow([560, 495, 350], CHAIN, BAND) == {(0, 1): 60, (1, 2): 55}


def test_flow_respects_the_smallest_unit_that_can_cross():
    # Only units of 100 leave 0 and of 90 leave 1: the flow rounds up to them.
    assert transfer_flow([560, 495, 350], CHAIN, BAND, [100, 30, 90, 30]) == {(0, 1): 100, (1, 2): 95}


def test_flow_fills_an_under_grid_from_the_neighbour_with_room():
    assert transfer_flow([250, 480, 420], CHAIN, BAND) == {(1, 0): 50}


def test_flow_leaves_what_the_region_cannot_hold():
    # 1,600 households cannot fit in three grids of at most 500: the flow fills grid 2 to the
    # maximum through grid 1 and leaves 100 over in grid 0, not more.
    assert transfer_flow([700, 500, 400], CHAIN, BAND) == {(0, 1): 100, (1, 2): 100}


def test_flow_never_sends_households_both_ways():
    flows = transfer_flow([501, 500, 320], CHAIN, BAND, [100, 100, 100, 100])
    assert not ({(0, 1), (1, 0)} <= set(flows)) and not ({(1, 2), (2, 1)} <= set(flows))


# --------------------------------------------------------------------------- a hand-made street
CRS = "EPSG:32650"
#: Households per building last year in the three strips (10 buildings each): 480, 490, 350.
LAST_YEAR = (48, 49, 35)


def _street() -> tuple[PreviousPlan, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Three grids side by side (x 0–100, 100–200, 200–300), ten houses each."""
    community = gpd.GeoDataFrame({"code": ["110108001001"], "name": ["hand-made"]},
                                 geometry=[shapely.box(0, 0, 300, 100)], crs=CRS)
    rows = []
    for g, per_house in enumerate(LAST_YEAR):
        for i in range(5):
            for j in range(2):
                x, y = 100 * g + 10 + 20 * i, 20 + 40 * j
                rows.append({"bldg_id": f"b{g}{i}{j}", "households": per_house, "grid": g,
                             "geometry": shapely.box(x, y, x + 10, y + 10)})
    buildings = gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
    codes = [f"110108001001{n:03d}" for n in (1, 2, 3)]
    grids = gpd.GeoDataFrame({"grid_code": codes, "community_code": ["110108001001"] * 3,
                              "grid_kind": ["basic"] * 3, "status": ["ok"] * 3, "reason": [""] * 3,
                              "households": [10 * h for h in LAST_YEAR], "parts": [1] * 3,
                              "barrier_crossings": [0] * 3},
                             geometry=[shapely.box(100 * g, 0, 100 * (g + 1), 100) for g in range(3)], crs=CRS)
    old_b = buildings.drop(columns="grid").assign(grid_code=[codes[g] for g in buildings["grid"]])
    return PreviousPlan(grids=grids, buildings=old_b, metadata={}), buildings.drop(columns="grid"), community


def test_a_chain_transfer_repairs_an_over_grid_moving_only_two_houses():
    # (Without the transfer the ring re-plan moves 352 households and adds a fourth grid.)
    previous, buildings, community = _street()
    this_year = buildings.copy()
    # The first strip grows from 480 to 520 households (4 more in each house): 20 over the maximum.
    this_year.loc[this_year["bldg_id"].str.startswith("b0"), "households"] = 52
    params = PlanParameters.from_options(building_id_field="bldg_id", seed=1)
    result = replan_grids(previous, this_year, None, community, None, params, compare_fresh=False)
    totals = dict(zip(result.grids["grid_code"], result.grids["households"]))
    # Grid 1 touches only grid 2, which has 10 households of room: the cheapest fix passes one
    # house of grid 1 (52) to grid 2 and one house of grid 2 (49) to grid 3: 101 households.
    assert result.figures["households_moved"] == 52 + 49
    assert totals == {"110108001001001": 520 - 52, "110108001001002": 490 + 52 - 49, "110108001001003": 350 + 49}
    assert set(result.changes["households"]) == {52, 49}
    assert sorted(zip(result.changes["from_grid"], result.changes["to_grid"])) == [
        ("110108001001001", "110108001001002"), ("110108001001002", "110108001001003")]
    assert (result.grids["status"] == "ok").all()
    assert (result.grids["parts"] == 1).all()
    assert len(result.retired_grids) == 0
    # The moved houses lie on the boundaries they crossed.
    moved = result.changes.geometry.centroid.x.to_numpy()
    assert np.all((moved > 80) & (moved < 220))


def test_an_unchanged_hand_made_street_moves_nothing():
    previous, buildings, community = _street()
    params = PlanParameters.from_options(building_id_field="bldg_id", seed=1)
    result = replan_grids(previous, buildings, None, community, None, params, compare_fresh=False)
    assert result.figures["households_moved"] == 0
    assert (result.grids["change"] == "kept").all()


def test_a_kept_grid_outside_the_band_gets_a_reason_with_this_years_households():
    previous, buildings, community = _street()
    # A second community of one grid of 250 households (under the minimum: it cannot do better).
    lone = gpd.GeoDataFrame({"code": ["110108001002"], "name": ["lone"]},
                            geometry=[shapely.box(300, 0, 400, 100)], crs=CRS)
    houses = gpd.GeoDataFrame({"bldg_id": [f"c{i}" for i in range(10)], "households": [25] * 10},
                              geometry=[shapely.box(310 + 20 * (i % 5), 20 + 40 * (i // 5), 320 + 20 * (i % 5),
                                                    30 + 40 * (i // 5)) for i in range(10)], crs=CRS)
    old_grid = gpd.GeoDataFrame({"grid_code": ["110108001002001"], "community_code": ["110108001002"],
                                 "grid_kind": ["basic"], "status": ["under_min"], "band_forced": [1],
                                 "reason": ["the community has 250 households: 250 households (< min 300)"],
                                 "households": [250], "parts": [1], "barrier_crossings": [0]},
                                geometry=[shapely.box(300, 0, 400, 100)], crs=CRS)
    previous = PreviousPlan(grids=gpd.GeoDataFrame(pd.concat([previous.grids, old_grid], ignore_index=True), crs=CRS),
                            buildings=gpd.GeoDataFrame(pd.concat(
                                [previous.buildings, houses.assign(grid_code="110108001002001")], ignore_index=True),
                                crs=CRS), metadata={})
    this_year = gpd.GeoDataFrame(pd.concat([buildings, houses.assign(households=27)], ignore_index=True), crs=CRS)
    communities = gpd.GeoDataFrame(pd.concat([community, lone], ignore_index=True), crs=CRS)
    params = PlanParameters.from_options(building_id_field="bldg_id", seed=1)
    result = replan_grids(previous, this_year, None, communities, None, params, compare_fresh=False)
    grid = result.grids.set_index("grid_code").loc["110108001002001"]
    assert grid["households"] == 270 and grid["status"] == "under_min"
    assert grid["change"] == "kept" and result.figures["households_moved"] == 0
    assert "270" in grid["reason"] and "250" not in grid["reason"]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_review_recognises_the_engines_whole_area_and_fixed_count_reasons(language):
    from gridplanner.algorithms.i18n import set_language, tr
    from gridplanner.algorithms.replan import _fixed_count_reason, _without_whole_area

    set_language(language)
    try:
        why = tr("the fixed count of {n} grids gives about {mean:.0f} households per grid here", n=3, mean=612.4)
        assert _fixed_count_reason(3).fullmatch(why)
        assert not _fixed_count_reason(4).fullmatch(why)
        whole = tr("the community has {households} households: {why}", households=270, why="270 < 300")
        assert _without_whole_area(whole, 270) == "270 < 300"
        assert _without_whole_area("something else", 270) == "something else"
    finally:
        set_language(None)
