"""Rural grids from whole villages (algorithms/rural.py, ``gridplanner plan --area-units``) on
the generated township of ``sample_data/rural.py``, and 一村一片、两村一片 zones over them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from gridplanner.algorithms import PlanParameters
from gridplanner.algorithms.errors import InputError
from gridplanner.algorithms.rural import PRESETS, apply_preset, plan_from_area_units
from gridplanner.algorithms.zones import Capacity, Department, build_zones, load_units
from gridplanner.cli import main

ROOT = Path(__file__).resolve().parents[1]
TOWNSHIP = ROOT / "sample_data" / "rural_township.gpkg"

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")


def _generator():
    spec = importlib.util.spec_from_file_location("gridplanner_sample_rural", ROOT / "sample_data" / "rural.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def layers() -> dict[str, gpd.GeoDataFrame]:
    return {name: gpd.read_file(TOWNSHIP, layer=name) for name in
            ("admin_villages", "natural_villages", "roads", "waterway", "water", "buildings")}


@pytest.fixture(scope="module")
def rural_params() -> PlanParameters:
    return PlanParameters.from_options(**apply_preset({"building_id_field": "village_id", "seed": 1}, "rural"))


@pytest.fixture(scope="module")
def plan(layers, rural_params):
    return plan_from_area_units(layers["natural_villages"], layers["roads"], layers["admin_villages"],
                                [layers["water"]], rural_params)


def test_shipped_township_is_the_generators(layers):
    fresh = _generator().generate_township()
    for name, frame in fresh.items():
        shipped = layers[name]
        assert list(shipped.columns) == list(frame.columns), name
        assert len(shipped) == len(frame), name
        assert np.allclose(shipped.geometry.area, frame.geometry.area), name


def test_villages_tile_their_administrative_villages(layers):
    admin, villages = layers["admin_villages"], layers["natural_villages"]
    for row in admin.itertuples():
        mine = villages[villages["admin_code"] == row.code]
        union = shapely.union_all(mine.geometry.to_numpy())
        assert abs(union.area - row.geometry.area) < 1.0
        assert abs(mine.geometry.area.sum() - row.geometry.area) < 1.0
    # Some villages are above 300 households, as big and key villages are.
    assert (villages["households"] > 300).sum() >= 5


def test_rural_preset():
    values = apply_preset({"max_households": 500, "min_households": 300}, "rural", explicit=["max_households"])
    assert values["max_households"] == 500 and values["min_households"] == PRESETS["rural"]["min_households"]
    with pytest.raises(InputError):
        apply_preset({}, "mountain")


def test_grids_are_unions_of_whole_villages_in_the_band(plan, layers, rural_params):
    villages = layers["natural_villages"]
    placed = plan.buildings
    assert placed["grid_code"].notna().all()
    assert len(placed) == len(villages)
    band = rural_params.band
    assert (band.min, band.max) == (100, 300)
    geoms = dict(zip(villages["village_id"], villages.geometry))
    admin_of = dict(zip(villages["village_id"], villages["admin_code"]))
    for g in plan.grids.itertuples():
        members = placed.loc[placed["grid_code"] == g.grid_code, "village_id"]
        assert len(members) >= 1
        assert {admin_of[v] for v in members} == {g.community_code}      # never crosses a village line
        union = shapely.union_all([geoms[v] for v in members])
        assert abs(union.area - g.geometry.area) < 5.0, g.grid_code    # whole villages, nothing else
        assert g.parts == 1
        if g.status == "over_max":
            assert len(members) == 1 and "alone has" in g.reason and f"{members.iloc[0]}" in g.reason
        elif g.status == "under_min":
            assert g.reason
        else:
            assert g.status == "ok" and band.min <= g.households <= band.max
    s = plan.summary
    assert s["gap_m2"] < 1.0 and s["overlap_m2"] < 1.0
    big = int((villages["households"] > band.max).sum())
    assert int((plan.grids["status"] == "over_max").sum()) == big
    assert int((plan.grids["status"] == "ok").sum()) >= 0.7 * len(plan.grids)


def test_rural_plan_is_deterministic(plan, layers, rural_params):
    again = plan_from_area_units(layers["natural_villages"], layers["roads"], layers["admin_villages"],
                                 [layers["water"]], rural_params)
    assert list(again.buildings["grid_code"]) == list(plan.buildings["grid_code"])


def test_villages_above_the_maximum_split_along_their_buildings(layers, rural_params):
    villages, houses = layers["natural_villages"], layers["buildings"]
    plan = plan_from_area_units(villages, layers["roads"], layers["admin_villages"], [layers["water"]],
                                rural_params, buildings=houses)
    band = rural_params.band
    big = set(villages.loc[villages["households"] > band.max, "village_id"])
    assert big and set(houses["village_id"]) == big
    placed = plan.buildings
    assert placed["grid_code"].notna().all()
    # The big villages are gone as units, their houses are planned instead; every other village whole.
    ids = set(placed["village_id"])
    assert not big & ids
    assert {v for v in villages["village_id"] if v not in big} <= ids
    assert len(placed) == len(villages) - len(big) + len(houses)
    assert int(plan.grids["households"].sum()) == int(villages["households"].sum())
    grids = plan.grids
    assert (grids["parts"] == 1).all() and (grids["barrier_crossings"] == 0).all()
    assert not (grids["status"] == "over_max").any()
    assert (grids["status"] == "ok").mean() >= 0.95
    # Each big village now spans two or more grids, each grid holding whole houses.
    for village in big:
        mine = placed[placed["village_id"].str.startswith(village + "/")]
        assert mine["grid_code"].nunique() >= 2
    assert plan.summary["gap_m2"] < 1.0 and plan.summary["overlap_m2"] < 1.0


def test_one_or_two_villages_a_zone(layers):
    """一村一片、两村一片: zones of 1–2 whole natural villages inside each administrative village."""
    units = load_units(layers["natural_villages"], within_field="admin_code", barriers=[layers["roads"],
                                                                                     layers["water"]])
    result = build_zones(units, [Department("cadres", Capacity.parse("1-2", "units"))])
    zones = result.departments[0].zones
    admin_of = dict(zip(units.frame["unit_id"], units.frame["within"]))
    assert sorted(u for t in zones["units_list"] for u in t.split(", ")) == sorted(units.frame["unit_id"])
    for z in zones.itertuples():
        members = z.units_list.split(", ")
        assert 1 <= len(members) <= 2
        assert len({admin_of[m] for m in members}) == 1
    assert (zones["status"] != "noncontiguous").all()


def test_cli_rural_plan(tmp_path, capsys):
    out = tmp_path / "rural.gpkg"
    t = f"{TOWNSHIP}|layername="
    argv = ["plan", "--area-units", t + "natural_villages", "--communities", t + "admin_villages",
            "--roads", t + "roads", "--water", t + "water", "--building-id-field", "village_id", "--preset", "rural",
            "-q", "-o", str(out)]
    assert main(argv) == 0
    assert "outside 100–300" in capsys.readouterr().out
    grids = pyogrio.read_dataframe(out, layer="grids")
    assert len(grids) > 50
    # An option given explicitly wins over the preset.
    out2 = tmp_path / "rural2.gpkg"
    assert main(argv[:-1] + [str(out2), "--max", "400"]) == 0
    assert "outside 100–400" in capsys.readouterr().out
    assert main(["plan", "-o", str(tmp_path / "none.gpkg")]) == 2
    assert "--area-units" in capsys.readouterr().err


def test_one_village_a_zone_for_key_villages_two_for_the_others(layers):
    """一村一片、两村一片: key villages alone, the others two by two, inside each administrative village."""
    villages = layers["natural_villages"]
    units = load_units(villages, within_field="admin_code", alone_field="key_village",
                       barriers=[layers["roads"], layers["water"]])
    zones = build_zones(units, [Department("cadres", Capacity.parse("2-2", "units"))]).departments[0].zones
    key = set(villages.loc[villages["key_village"] == 1, "village_id"])
    assert key
    members = [z.split(", ") for z in zones["units_list"]]
    for m in members:
        if set(m) & key:
            assert len(m) == 1                      # a key village is a zone alone
    alone = [m[0] for m in members if len(m) == 1]
    assert key <= set(alone)
    pairs = [m for m in members if len(m) == 2]
    # Nearly every other village is paired (an odd one out per administrative village at most).
    others = len(villages) - len(key)
    assert 2 * len(pairs) >= others - 2 * villages["admin_code"].nunique()
    assert (zones.loc[[len(m) == 1 and m[0] in key for m in members], "status"] == "ok").all()
