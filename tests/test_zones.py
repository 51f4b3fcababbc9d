"""Zones of whole units (algorithms/zones.py, ``gridplanner zones``): the demo street's plan as
units, police beats of 3–6 grids, the shipped misaligned departmental layers, several
departments, and the real Beijing extract's blocks."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from gridplanner.algorithms import PlanParameters, plan_grids
from gridplanner.algorithms.errors import InputError
from gridplanner.algorithms.partition.adjacency import connected_parts
from gridplanner.algorithms.zones import (
    Capacity,
    Department,
    audit_zones,
    build_zones,
    load_units,
    plan_zones,
    reconcile_zones,
)
from gridplanner.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "demo_street.gpkg"
DEPARTMENTS = ROOT / "sample_data" / "demo_departments.gpkg"

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")


@pytest.fixture(scope="module")
def grids() -> gpd.GeoDataFrame:
    """The demo plan's grids (scripts/run_sample.sh's settings)."""
    read = lambda layer: gpd.read_file(SAMPLE, layer=layer)  # noqa: E731
    params = PlanParameters(building_id_field="bldg_id", dedicated_field="dedicated_site", seed=1)
    return plan_grids(read("buildings"), read("roads"), read("communities"),
                      [read("water"), read("waterway")], params).grids


@pytest.fixture(scope="module")
def roads() -> gpd.GeoDataFrame:
    return gpd.read_file(SAMPLE, layer="roads")


@pytest.fixture(scope="module")
def units(grids, roads):
    return load_units(grids, barriers=[roads])


def _check_whole_and_contiguous(units, zones: gpd.GeoDataFrame, unit_zone) -> None:
    """Every unit in exactly one zone, each zone the union of its whole units, in one piece."""
    listed = [u for text in zones["units_list"] for u in text.split(", ")]
    assert sorted(listed) == sorted(units.frame["unit_id"])
    assert len(set(listed)) == len(listed)
    adj = units.neighbours()
    ids = units.frame["unit_id"].to_numpy()
    for z in zones.itertuples():
        members = np.flatnonzero(np.isin(ids, z.units_list.split(", ")))
        assert set(unit_zone.loc[unit_zone["unit_id"].isin(ids[members]), "zone_id"]) == {z.zone_id}
        whole = shapely.union_all(units.frame.geometry.to_numpy()[members])
        assert abs(shapely.area(z.geometry) - shapely.area(whole)) < 1.0
        assert len(connected_parts(members, adj)) == 1, z.zone_id
        assert z.units == len(members)
        assert z.households == int(units.frame["households"].to_numpy()[members].sum())


def test_capacity_parse():
    assert Capacity.parse("3-6", "units") == Capacity("units", 3, 6)
    assert Capacity.parse("1000–3000", "households").band.target == 2000
    for bad in ("6-3", "0-2", "three", ""):
        with pytest.raises(InputError):
            Capacity.parse(bad, "units")


def test_units_graph_sees_barriers(units):
    g = units.graph
    assert g.n == 87
    assert len(g.edge_i) > 150
    # Grids of the plan follow major roads: many of their shared boundaries are hard.
    assert 20 < int((g.edge_sep != 0).sum()) < len(g.edge_i)


def test_police_beats_from_scratch_whole_contiguous_within_capacity(units):
    capacity = Capacity.parse("3-6", "units")
    result = build_zones(units, [Department("police", capacity)])
    d = result.departments[0]
    _check_whole_and_contiguous(units, d.zones, d.unit_zone)
    # Feasible on the demo street: every beat holds 3–6 grids.
    assert d.zones["units"].between(3, 6).all()
    assert (d.zones["status"] == "ok").all()
    # Hard barriers are crossed only where a beat could not otherwise be made (pockets).
    assert int((d.zones["barrier_crossings"] > 0).sum()) <= 3
    again = plan_zones(units, capacity, seed=1)
    assert list(again) == list(d.unit_zone["zone_id"])


def test_households_capacity_and_within(grids, roads):
    units = load_units(grids, within_field="community_code", barriers=[roads])
    result = build_zones(units, [Department("urban", Capacity.parse("1000-2500", "households"))])
    d = result.departments[0]
    _check_whole_and_contiguous(units, d.zones, d.unit_zone)
    within = dict(zip(units.frame["unit_id"], units.frame["within"]))
    for z in d.zones.itertuples():
        assert len({within[u] for u in z.units_list.split(", ")}) == 1
        assert z.zone_id.startswith(within[z.units_list.split(", ")[0]])
    ok = d.zones[d.zones["status"] == "ok"]
    assert ok["households"].between(1000, 2500).all()
    assert len(ok) >= 0.8 * len(d.zones)


def test_aligned_existing_layer_comes_back_unchanged(units):
    capacity = Capacity.parse("3-6", "units")
    labels = plan_zones(units, capacity, seed=3)
    geoms = units.frame.geometry.to_numpy()
    names = sorted(set(labels))
    # Redrawn by another office: millimetres off, another CRS, other field names.
    existing = gpd.GeoDataFrame(
        {"beat": names}, geometry=[shapely.affinity.translate(shapely.union_all(geoms[labels == z]), 0.004, -0.003)
                                   for z in names], crs=units.frame.crs).to_crs("EPSG:4490")
    audit = audit_zones(units, existing, id_field="beat", department="police")
    summary = audit.summary()
    assert summary["units_split"] == summary["units_no_zone"] == summary["units_two_zones"] == 0
    assert summary["zone_overlaps"] == 0
    assert any("reprojected from EPSG:4490" in n for n in audit.notes)
    rec = reconcile_zones(units, audit, capacity)
    assert list(rec.labels) == list(labels)
    assert not any(rec.reasons)
    result = build_zones(units, [Department("police", capacity, existing, "beat")])
    assert result.departments[0].unit_zone["changed"].sum() == 0


def test_misaligned_departmental_layer_audited_and_reconciled(units):
    beats = gpd.read_file(DEPARTMENTS, layer="police_beats")
    assert beats.crs.to_epsg() == 4490
    capacity = Capacity.parse("3-6", "units")
    result = build_zones(units, [Department("police", capacity, beats)])
    d = result.departments[0]
    audit = d.audit
    # The audit, measured here independently: a grid is not whole when more than 2 % of it
    # lies in a second beat, or more than 2 % in none.
    metric = beats.to_crs(units.frame.crs)
    expected_split, expected_gap = set(), set()
    for uid, geom in zip(units.frame["unit_id"], units.frame.geometry):
        shares = [shapely.area(shapely.intersection(geom, b)) / geom.area for b in metric.geometry]
        if sum(s > 0.02 for s in shares) > 1:
            expected_split.add(uid)
        if max(shares) <= 0.02:
            expected_gap.add(uid)
    listed = audit.units
    assert set(listed.loc[listed["status"].isin(["split", "two_zones"]), "unit_id"]) == expected_split
    assert set(listed.loc[listed["status"] == "no_zone", "unit_id"]) == expected_gap
    assert audit.summary()["units_split"] == 4          # the four half grids the generator moved
    assert len(expected_gap) == 1 and len(audit.overlaps) >= 1
    # The mm shift of the whole layer is no split: every other grid is whole.
    assert audit.summary()["units_whole"] >= 87 - len(expected_split) - len(expected_gap) - 1
    _check_whole_and_contiguous(units, d.zones, d.unit_zone)
    assert d.zones["units"].between(3, 6).all()
    # Every unit not in the beat that held most of it is reported, with its reason.
    changed = d.changed()
    assert len(changed) >= 1
    assert changed["reason"].str.len().gt(0).all()
    gap_unit = next(iter(expected_gap))
    assert gap_unit in set(changed["unit_id"])
    layers = result.layers()
    assert set(layers) == {"zones", "unit_zone", "audit", "existing_zones", "one_network"}
    assert set(layers["audit"]["unit_id"]) == expected_split | expected_gap | set(
        listed.loc[listed["status"] == "partly_outside", "unit_id"])


def test_several_departments_one_network_table(units):
    police = gpd.read_file(DEPARTMENTS, layer="police_beats")
    urban = gpd.read_file(DEPARTMENTS, layer="urban_zones")
    result = build_zones(units, [Department("police", Capacity.parse("3-6", "units"), police),
                                 Department("urban", Capacity.parse("3000-6000", "households"), urban)])
    net = result.one_network()
    assert list(net.columns) == ["unit_id", "households", "community", "police", "urban"]
    assert len(net) == 87 and net[["police", "urban"]].notna().all().all()
    for d in result.departments:
        _check_whole_and_contiguous(units, d.zones, d.unit_zone)
        lookup = dict(zip(d.unit_zone["unit_id"], d.unit_zone["zone_id"]))
        assert list(net[d.department.name]) == [lookup[u] for u in net["unit_id"]]
    layers = result.layers()
    assert {"zones_police", "zones_urban", "one_network"} <= set(layers)
    # Drawn without regard to the grids, the urban zones split many grids.
    assert result.departments[1].audit.summary()["units_split"] > 10


def test_overlapping_units_refused_by_name(grids):
    broken = grids.copy()
    broken.loc[broken.index[0], "geometry"] = shapely.buffer(broken.geometry.iloc[0], 40.0)
    with pytest.raises(InputError, match=str(grids["grid_code"].iloc[0])):
        load_units(broken)


def test_duplicate_unit_ids_refused(grids):
    broken = grids.copy()
    broken.loc[broken.index[1], "grid_code"] = broken["grid_code"].iloc[0]
    with pytest.raises(InputError, match="appears 2 times"):
        load_units(broken)


def test_cli_zones_with_existing_layers(grids, tmp_path, capsys):
    plan = tmp_path / "plan.gpkg"
    pyogrio.write_dataframe(grids, plan, layer="grids")
    deps = tmp_path / "departments.gpkg"
    shutil.copyfile(DEPARTMENTS, deps)
    out = tmp_path / "zones.gpkg"
    report = tmp_path / "zones.html"
    argv = ["zones", str(plan), "--units-per-zone", "police=3-6", "--households-per-zone", "urban=3000-6000",
            "--existing", f"police={deps}|layername=police_beats", "--existing", f"urban={deps}|layername=urban_zones",
            "--barriers", f"{SAMPLE}|layername=roads", "-o", str(out), "--report", str(report)]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "police: 19 zones of 3–6 units" in text and "reprojected from EPSG:4490" in text
    names = {str(n) for n in pyogrio.list_layers(out)[:, 0]}
    assert {"zones_police", "zones_urban", "unit_zone", "audit", "existing_zones", "one_network"} <= names
    html = report.read_text(encoding="utf-8")
    assert "One network" in html and "units that changed zone" in html
    # Outputs are never replaced without --overwrite; inputs never written.
    assert main(argv) == 2
    assert main(argv + ["--overwrite"]) == 0
    assert main(["zones", str(plan), "-o", str(tmp_path / "x.gpkg")]) == 2     # no capacity
    assert "no capacity" in capsys.readouterr().err


@pytest.mark.slow
def test_real_beijing_blocks_as_units(repo_root, tmp_path):
    """Blocks of the real Wudaokou extract (roads as real data draws them) as units: zones of
    whole blocks, contiguous, and an aligned copy of them comes back unchanged."""
    shared = repo_root.parent / "shared" / "data" / "osm" / "beijing_haidian_wudaokou.osm"
    if not shared.is_file():
        pytest.skip(f"the shared OpenStreetMap extract is not at {shared}")
    from gridplanner.algorithms.blocks import build_blocks
    from gridplanner.algorithms.osm_layers import prepare_osm_layers

    layers = prepare_osm_layers(str(shared)).layers
    blocks = build_blocks(layers["buildings"], layers["roads"]).blocks
    blocks = blocks[blocks["kind"] != "water"].reset_index(drop=True)
    units = load_units(blocks, unit_id_field="block_id", barriers=[layers["roads"]])
    assert units.graph.n == len(blocks) > 20
    capacity = Capacity.parse("2-4", "units")
    result = build_zones(units, [Department("police", capacity)])
    d = result.departments[0]
    _check_whole_and_contiguous(units, d.zones, d.unit_zone)
    labels = d.unit_zone["zone_id"].to_numpy()
    names = sorted(set(labels))
    existing = gpd.GeoDataFrame({"zone_id": names}, geometry=[shapely.union_all(
        units.frame.geometry.to_numpy()[labels == z]) for z in names], crs=units.frame.crs).to_crs("EPSG:4326")
    again = build_zones(units, [Department("police", capacity, existing)]).departments[0]
    assert again.audit.summary()["units_split"] == 0
    assert list(again.unit_zone["zone_id"]) == list(labels)


def test_gaps_between_units_noted(grids):
    holed = grids.copy()
    holed.loc[holed.index[10], "geometry"] = shapely.buffer(holed.geometry.iloc[10], -15.0)
    units = load_units(holed)
    assert any("gap(s) between them" in n for n in units.notes)
    assert not any("gap" in n for n in load_units(grids).notes)


def test_shipped_departmental_layers_are_the_generators(grids):
    import importlib.util

    spec = importlib.util.spec_from_file_location("gridplanner_sample_departments",
                                                  ROOT / "sample_data" / "departments.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    for name, fresh in (("police_beats", gen.police_beats(grids)), ("urban_zones", gen.urban_zones(grids))):
        shipped = gpd.read_file(DEPARTMENTS, layer=name)
        assert shipped.crs == fresh.crs
        assert shipped.drop(columns="geometry").equals(fresh.drop(columns="geometry").reset_index(drop=True))
        assert all(shapely.hausdorff_distance(a, b) < 1e-9 for a, b in zip(shipped.geometry, fresh.geometry)), name


def test_departments_from_options():
    from gridplanner.algorithms.zones import departments_from_options

    def read(spec, role):
        raise AssertionError("nothing to read")

    fresh = departments_from_options([], {"units": ["police=3-6"], "households": ["urban=1000-3000"]}, [], read)
    assert [(d.name, d.capacity) for d in fresh] == [("police", Capacity("units", 3, 6)),
                                                     ("urban", Capacity("households", 1000, 3000))]
    assert [d.name for d in departments_from_options([], {"units": ["3-6"], "households": []}, [], read)] == ["zones"]
    frames = {}
    got = departments_from_options(["police=a.gpkg", "urban=b.gpkg"], {"units": ["3-6"], "households": []},
                                   ["police=beat_id"], lambda spec, role: frames.setdefault(spec, spec))
    assert [(d.name, d.existing, d.id_field) for d in got] == [("police", "a.gpkg", "beat_id"),
                                                               ("urban", "b.gpkg", None)]
    with pytest.raises(InputError, match="name each"):
        departments_from_options(["a.gpkg", "urban=b.gpkg"], {"units": ["3-6"]}, [], read)
    with pytest.raises(InputError, match="both a units and a households"):
        departments_from_options([], {"units": ["3-6"], "households": ["100-300"]}, [], read)
    with pytest.raises(InputError, match="which no --existing layer is"):
        departments_from_options(["police=a.gpkg"], {"units": ["3-6", "fire=2-4"]}, [], lambda s, r: s)


def test_households_capacity_needs_households(grids):
    units = load_units(grids.drop(columns=["households"]))
    with pytest.raises(InputError, match="households"):
        build_zones(units, [Department("urban", Capacity.parse("1000-3000", "households"))])


def test_reconciled_zones_stay_within(grids, roads):
    """Beats drawn across community lines, reconciled with --within community_code: each
    proposed beat lies in one community; a beat's part in another community is a beat of its own."""
    units = load_units(grids, within_field="community_code", barriers=[roads])
    beats = gpd.read_file(DEPARTMENTS, layer="police_beats")
    d = build_zones(units, [Department("police", Capacity.parse("1-6", "units"), beats)]).departments[0]
    assert d.audit.summary()["zones_crossing_communities"] > 0
    within = dict(zip(units.frame["unit_id"], units.frame["within"]))
    for z in d.zones.itertuples():
        assert len({within[u] for u in z.units_list.split(", ")}) == 1, z.zone_id
    assert d.zones["zone_id"].str.contains("@").any()
    moved = d.unit_zone[d.unit_zone["zone_id"].str.contains("@")]
    assert moved["reason"].str.len().gt(0).all() and moved["reason"].str.contains("leaves").any()
    _check_whole_and_contiguous(units, d.zones, d.unit_zone)
