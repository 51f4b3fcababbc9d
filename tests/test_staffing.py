"""Staffing (algorithms/staffing.py, ``gridplanner staff``): need, assignment, officers, errors."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridplanner.algorithms.errors import InputError
from gridplanner.algorithms.params import PlanParameters
from gridplanner.algorithms.people import PlanLayers, read_people
from gridplanner.algorithms.staffing import (
    RosterColumns,
    StaffingOptions,
    grid_adjacency,
    group_grids,
    parse_range,
    read_roster,
    staff_plan,
    staffing_need,
)
from gridplanner.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")
CRS = "EPSG:4549"
COMMUNITY = "330106004001"


def strip_plan(households: list[int], kinds: list[str] | None = None, community: str = COMMUNITY,
               width: float = 100.0) -> PlanLayers:
    """Grids side by side west→east (100 m squares), one building each at the grid's centre."""
    n = len(households)
    kinds = kinds or ["basic"] * n
    boxes = [shapely.box(i * width, 0, (i + 1) * width, width) for i in range(n)]
    codes = [f"{community}{i + 1:03d}" for i in range(n)]
    grids = gpd.GeoDataFrame({"grid_code": codes, "community_code": community, "community_name": "测试社区",
                              "households": households, "grid_kind": kinds}, geometry=boxes, crs=CRS)
    buildings = gpd.GeoDataFrame({"bldg_id": [str(i + 1) for i in range(n)], "households": households,
                                  "grid_code": codes, "_households": households},
                                 geometry=[shapely.box(i * width + 40, 40, i * width + 60, 60) for i in range(n)],
                                 crs=CRS)
    params = PlanParameters(building_id_field="bldg_id")
    return PlanLayers(grids, buildings, None, {"parameters": {"building_id_field": "bldg_id"}}, params)


def roster_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["_row"] = np.arange(len(frame)) + 2
    return frame


def test_need_is_counted_from_the_plan_alone():
    # 200 and 400 households: one worker each; 1,200 (a tower above 500): three; dedicated: none
    plan = strip_plan([200, 400, 1200, 100], ["basic", "basic", "basic", "dedicated"])
    need = staffing_need(plan).iloc[0]
    assert need["grid_workers_needed"] == 5
    assert need["site_staff_counted"] == 1 and need["dedicated_grids"] == 1
    # 1,900 households at one per 150–200: ⌈1900/200⌉ = 10 … ⌈1900/150⌉ = 13
    assert (need["community_workers_min"], need["community_workers_max"]) == (10, 13)
    # 1,900 × 3.0 = 5,700 residents × 18 / 10,000 = 10.26 → 11
    assert need["residents"] == 5700 and need["workers_for_residents"] == 11
    other = staffing_need(plan, StaffingOptions((100, 100), 20.0, 2.5)).iloc[0]
    assert other["community_workers_min"] == 19 and other["workers_for_residents"] == 10   # 4750 × 20 / 1e4 = 9.5


def test_full_time_workers_keep_last_years_grid_before_distance():
    plan = strip_plan([300, 300, 300])
    roster = read_roster(roster_frame([
        # lives in grid 1 but served grid 3 last year: keeps grid 3
        {"id": "A", "name": "甲", "role": "full-time", "community": COMMUNITY, "home_building": "1",
         "previous_grid": f"{COMMUNITY}003"},
        {"id": "B", "name": "乙", "role": "full-time", "community": "测试社区", "home_building": "1"},
        {"id": "C", "name": "丙", "role": "专职网格员", "community": COMMUNITY, "home_building": "2"},
    ]), plan)
    result = staff_plan(plan, roster)
    grid_of = dict(zip(result.assignments["worker_id"], result.assignments["grid_code"]))
    assert grid_of == {"A": f"{COMMUNITY}003", "B": f"{COMMUNITY}001", "C": f"{COMMUNITY}002"}
    assert result.grids["worker"].tolist() == ["乙", "丙", "甲"]
    assert (result.grids["staffing"] == "staffed").all()
    a = result.assignments.set_index("worker_id")
    assert bool(a.loc["A", "kept_previous"]) and a.loc["B", "distance_m"] == 0.0
    assert not [p for p in result.problems if p.kind == "previous_grid_unknown"]
    roster.frame["previous"] = [(f"{COMMUNITY}003",), ("999",), ()]
    assert [p.kind for p in staff_plan(plan, roster).problems].count("previous_grid_unknown") == 1


def test_every_grid_first_then_the_towers_extra_places_then_helpers():
    # need: 1 + 2 (tower of 900) + 1 = 4 places; 3 full-time workers and 2 part-time
    plan = strip_plan([300, 900, 300])
    people = [{"id": f"F{i}", "name": f"F{i}", "role": "full-time", "community": COMMUNITY, "home_building": "2"}
              for i in range(3)]
    people += [{"id": f"P{i}", "name": f"P{i}", "role": "part-time", "community": COMMUNITY, "home_building": "3"}
               for i in range(2)]
    result = staff_plan(plan, read_roster(roster_frame(people), plan))
    a = result.assignments
    full = a[a["role"] == "full-time"]
    assert sorted(full["grid_code"]) == [f"{COMMUNITY}001", f"{COMMUNITY}002", f"{COMMUNITY}003"]
    # the first part-time worker fills the tower's empty place; the second is a helper
    part = a[a["role"] == "part-time"].set_index("place")
    assert part.loc["worker", "grid_code"] == f"{COMMUNITY}002"
    assert list(part.index).count("helper") == 1
    assert (result.grids["workers_assigned"] == result.grids["workers_needed"]).all()


def test_shortfall_is_listed_and_dedicated_grids_draw_nobody():
    plan = strip_plan([300, 300, 50], ["basic", "basic", "dedicated"])
    roster = read_roster(roster_frame([{"id": "A", "name": "甲", "role": "full-time", "community": COMMUNITY}]), plan)
    result = staff_plan(plan, roster)
    assert result.grids["staffing"].tolist().count("unstaffed") == 1
    assert result.grids["staffing"].iloc[2] == "site_staff"
    kinds = [p.kind for p in result.problems]
    assert kinds.count("grid_understaffed") == 1 and "community_workers_short" in kinds
    assert result.staffing["grid_worker_shortfall"].iloc[0] == 1


def test_officers_cover_contiguous_groups_within_capacity_from_home():
    plan = strip_plan([300] * 6)
    roster = read_roster(roster_frame([
        {"id": "E", "name": "东", "role": "police", "community": COMMUNITY, "home_building": "6", "capacity": "3"},
        {"id": "W", "name": "西", "role": "police", "community": COMMUNITY, "home_building": "1", "capacity": "3"},
    ]), plan)
    a = staff_plan(plan, roster).assignments
    groups = a.groupby("worker_id")["grid_code"].apply(lambda s: sorted(c[-3:] for c in s)).to_dict()
    assert groups == {"W": ["001", "002", "003"], "E": ["004", "005", "006"]}


def test_officer_groups_are_connected_even_when_costs_pull_apart():
    # a 1×5 strip, groups rooted at both ends (capacity 3 and 2); the costs want alternate grids
    plan = strip_plan([300] * 5)
    cost = np.array([[0.0, 9.0, 0.0, 9.0, 0.0], [9.0, 0.0, 9.0, 0.0, 9.0]])
    pairs, _ = grid_adjacency(plan.grids, np.arange(5))
    chosen = group_grids(cost, np.ones(5), np.array([3.0, 2.0]), np.array([0, 4]), pairs, 5.0)
    assert chosen.tolist() == [0, 0, 0, 1, 1]
    # roots side by side at the west end: the east grids cannot be reached within capacity
    chosen = group_grids(cost, np.ones(5), np.array([3.0, 2.0]), np.array([0, 1]), pairs, 5.0)
    assert chosen.tolist() == [0, 1, 1, -1, -1]


def test_officers_do_not_cross_a_hard_road_unless_they_must():
    plan = strip_plan([300] * 4)
    road = gpd.GeoDataFrame({"highway": ["primary"]}, geometry=[shapely.LineString([(200, -50), (200, 150)])],
                            crs=CRS)
    two = read_roster(roster_frame([
        {"id": "A", "name": "A", "role": "urban", "community": COMMUNITY, "home_building": "2", "capacity": "3"},
        {"id": "B", "name": "B", "role": "urban", "community": COMMUNITY, "home_building": "3", "capacity": "3"},
    ]), plan)
    a = staff_plan(plan, two, roads=road).assignments
    groups = a.groupby("worker_id")["grid_code"].apply(lambda s: sorted(c[-3:] for c in s)).to_dict()
    assert groups == {"A": ["001", "002"], "B": ["003", "004"]}     # capacity 3 would allow 3 + 1 across the road
    one = read_roster(roster_frame([{"id": "A", "name": "A", "role": "urban", "community": COMMUNITY,
                                     "capacity": "4"}]), plan)
    result = staff_plan(plan, one, roads=road)
    assert len(result.assignments) == 4
    assert "officer_crosses_barrier" in [p.kind for p in result.problems]


@pytest.mark.parametrize(("rows", "message"), [
    ([{"id": "A", "role": "full-time", "community": COMMUNITY},
      {"id": "A", "role": "police", "community": COMMUNITY}], "duplicate id A in rows 2, 3"),
    ([{"id": "A", "role": "full-time", "community": "nowhere"}], "row 2: community nowhere is not in the plan"),
    ([{"id": "A", "role": "full-time", "community": COMMUNITY, "home_building": "99"}],
     "row 2: building 99 is not in the plan's buildings"),
    ([{"id": "A", "role": None, "community": COMMUNITY}], "row 2 has no role"),
    ([{"id": "A", "role": "police", "community": COMMUNITY, "capacity": "-1"}],
     "row 2: capacity must be a positive number"),
])
def test_a_bad_roster_is_refused_by_row(rows, message):
    with pytest.raises(InputError, match=message):
        read_roster(roster_frame(rows), strip_plan([300, 300]))


def test_renamed_columns_and_xlsx_and_csv_read_alike(tmp_path):
    plan = strip_plan([300, 300])
    frame = pd.DataFrame({"工号": ["A", "B"], "姓名": ["甲", "乙"], "类别": ["full-time", "full-time"],
                          "社区": [COMMUNITY, COMMUNITY], "住址": ["2", "1"]})
    frame.to_excel(tmp_path / "roster.xlsx", index=False)
    frame.to_csv(tmp_path / "roster.csv", index=False, encoding="gbk")
    columns = RosterColumns(id="工号", name="姓名", role="类别", community="社区", home_building="住址")
    for name in ("roster.xlsx", "roster.csv"):
        roster = read_roster(read_people(tmp_path / name, "roster"), plan, columns)
        grid_of = dict(zip(*staff_plan(plan, roster).assignments[["worker_id", "grid_code"]].T.to_numpy()))
        assert grid_of == {"A": f"{COMMUNITY}002", "B": f"{COMMUNITY}001"}


def test_parse_range():
    assert parse_range("150-200", "x") == (150, 200) and parse_range("5–10", "x") == (5, 10)
    assert parse_range("8", "x") == (8, 8)
    with pytest.raises(InputError):
        parse_range("10-5", "x")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households=st.lists(st.integers(0, 1600), min_size=1, max_size=9),
       dedicated=st.lists(st.booleans(), min_size=9, max_size=9),
       spare=st.integers(0, 3), seed=st.integers(0, 1000))
def test_every_basic_grid_is_staffed_when_the_roster_suffices(households, dedicated, spare, seed):
    n = len(households)
    kinds = ["dedicated" if d else "basic" for d in dedicated[:n]]
    plan = strip_plan(households, kinds)
    need = staffing_need(plan)["grid_workers_needed"].sum()
    rng = np.random.default_rng(seed)
    rows = [{"id": f"W{i}", "name": f"W{i}", "role": "full-time", "community": COMMUNITY,
             "home_building": str(rng.integers(1, n + 1)),
             "previous_grid": f"{COMMUNITY}{rng.integers(1, n + 1):03d}" if rng.random() < 0.5 else None}
            for i in range(need + spare)]
    result = staff_plan(plan, read_roster(roster_frame(rows), plan) if rows else None)
    basic = result.grids[result.grids["grid_kind"] != "dedicated"]
    assert (basic["staffing"] == "staffed").all()
    assert result.assignments["worker_id"].is_unique
    places = result.assignments.groupby("grid_code").size()
    assert all(places.get(code, 0) == need_g for code, need_g in zip(basic["grid_code"], basic["workers_needed"]))


@pytest.fixture(scope="module")
def sample_plan(tmp_path_factory, sample_gpkg):
    folder = tmp_path_factory.mktemp("staff")
    plan = folder / "plan.gpkg"
    s = str(sample_gpkg)
    assert main(["plan", "--buildings", f"{s}|layername=buildings", "--roads", f"{s}|layername=roads",
                 "--communities", f"{s}|layername=communities", "--water", f"{s}|layername=water",
                 "--water", f"{s}|layername=waterway", "--building-id-field", "bldg_id",
                 "--dedicated-field", "dedicated_site", "--seed", "1", "-o", str(plan), "--quiet"]) == 0
    return folder, plan


def test_staff_the_sample_plan_from_the_cli_and_export_the_workers(sample_plan, sample_gpkg, repo_root, capsys):
    import importlib.util

    folder, plan = sample_plan
    spec = importlib.util.spec_from_file_location("sample_people", repo_root / "sample_data" / "people.py")
    people = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(people)
    roster_path = folder / "roster.csv"
    assert people.main([str(plan), "--roster", str(roster_path), "--overwrite"]) == 0
    out, report = folder / "staffed.gpkg", folder / "staffing.html"
    args = ["staff", str(plan), "--roster", str(roster_path), "--roads", f"{sample_gpkg}|layername=roads",
            "-o", str(out), "--report", str(report)]
    assert main(args) == 0
    layers = {str(n) for n in pyogrio.list_layers(out)[:, 0]}
    assert {"grids", "buildings", "problems", "assignments", "staffing"} <= layers
    grids = gpd.read_file(out, layer="grids")
    basic = grids[grids["grid_kind"] != "dedicated"]
    assert basic["worker"].notna().all() and (basic["staffing"] == "staffed").all()
    assignments = pyogrio.read_dataframe(out, layer="assignments")
    assert {"worker_id", "name", "role", "grid_code"} <= set(assignments.columns)
    assert {"police", "urban"} <= set(assignments["role"])
    assert "<table>" in report.read_text(encoding="utf-8")
    assert main(args) == 2                                        # refuses to overwrite
    assert "exists" in capsys.readouterr().err
    csv = folder / "grids.csv"
    assert main(["export", str(out), "-o", str(csv), "--force"]) == 0
    exported = pd.read_csv(csv, dtype=str)
    assert exported["WGY"].notna().sum() == len(basic)
    # a profile asking for the worker's phone and id (联系电话, 工号)
    profile = folder / "phone.toml"
    profile.write_text('base = "cn"\n[[fields]]\nname = "WGYDH"\nalias = "网格员电话"\nsource = "worker_phone"\n'
                       '[[fields]]\nname = "WGYBH"\nsource = "worker_id"\n', encoding="utf-8")
    with_phone = folder / "grids_phone.csv"
    assert main(["export", str(out), "-o", str(with_phone), "--force", "--profile", str(profile)]) == 0
    exported = pd.read_csv(with_phone, dtype=str).set_index("WGBM")
    first = basic.iloc[0]
    assert exported.loc[first["grid_code"], "WGYDH"] == first["worker_phone"]
    assert exported.loc[first["grid_code"], "WGYBH"] == first["worker_id"]
    # an unstaffed plan exports the same profile with the fields empty
    empty = folder / "grids_empty.csv"
    assert main(["export", str(plan), "-o", str(empty), "--force", "--profile", str(profile)]) == 0
    assert pd.read_csv(empty, dtype=str)["WGYDH"].isna().all()


def test_a_bad_roster_stops_the_cli_with_its_row(sample_plan, capsys):
    folder, plan = sample_plan
    bad = folder / "bad.csv"
    bad.write_text("id,name,role,community\nA,甲,full-time,330106004001\nA,乙,police,330106004002\n",
                   encoding="utf-8")
    assert main(["staff", str(plan), "--roster", str(bad), "-o", str(folder / "never.gpkg")]) == 2
    assert "duplicate id A in rows 2, 3" in capsys.readouterr().err
    assert not (folder / "never.gpkg").exists()


def test_officers_without_homes_reach_every_separate_part_of_the_community():
    # grids 1–2 and 3–4 do not touch (a 100 m gap): each part gets one of the two officers
    plan = strip_plan([300] * 4)
    plan.grids.geometry = [shapely.box(x, 0, x + 100, 100) for x in (0, 100, 300, 400)]
    roster = read_roster(roster_frame([{"id": f"U{i}", "name": f"U{i}", "role": "urban", "community": COMMUNITY}
                                       for i in range(2)]), plan)
    result = staff_plan(plan, roster)
    groups = sorted(sorted(c[-3:] for c in part) for _, part in result.assignments.groupby("worker_id")["grid_code"])
    assert groups == [["001", "002"], ["003", "004"]]
    assert not [p for p in result.problems if p.kind == "officers_short"]


def test_distances_follow_the_roads_when_given():
    from gridplanner.algorithms.people import Distances

    # a road around three sides of a 100 m square: from (0, 0) to (100, 0) along it is 300 m
    road = gpd.GeoSeries([shapely.LineString([(0, 0), (0, 100), (100, 100), (100, 0)])], crs=CRS)
    along = Distances(road).matrix(np.array([[0.0, 0.0], [np.nan, np.nan]]), np.array([[100.0, 0.0], [0.0, 50.0]]))
    assert along[0].tolist() == pytest.approx([300.0, 50.0])
    assert along[1].tolist() == [0.0, 0.0]                        # no home: no distance
    straight = Distances(None).matrix(np.array([[0.0, 0.0]]), np.array([[100.0, 0.0]]))
    assert straight[0, 0] == pytest.approx(100.0)


def test_officer_groups_of_the_sample_plan_are_connected(sample_plan):
    import networkx as nx

    folder, plan = sample_plan
    out = folder / "staffed.gpkg"
    if not out.exists():
        pytest.skip("written by test_staff_the_sample_plan_from_the_cli_and_export_the_workers")
    grids = gpd.read_file(out, layer="grids")
    assignments = pyogrio.read_dataframe(out, layer="assignments")
    officers = assignments[assignments["place"] == "officer"]
    assert len(officers) > 0
    index = {code: i for i, code in enumerate(grids["grid_code"])}
    pairs, _ = grid_adjacency(grids, np.arange(len(grids)))
    graph = nx.Graph(pairs)
    for worker, part in officers.groupby("worker_id"):
        nodes = [index[c] for c in part["grid_code"]]
        assert len(nodes) == 1 or nx.is_connected(graph.subgraph(nodes)), worker


def test_need_alone_without_a_roster_from_the_cli(sample_plan, capsys):
    folder, plan = sample_plan
    out = folder / "need.gpkg"
    assert main(["staff", str(plan), "-o", str(out), "--households-per-worker", "180-200"]) == 0
    staffing = pyogrio.read_dataframe(out, layer="staffing")
    assert staffing["grid_workers_needed"].sum() == 92 and staffing["grid_workers_assigned"].sum() == 0
    # 34,453 households of the sample by community, one worker per 180–200
    assert staffing["community_workers_min"].sum() == sum(-(-h // 200) for h in staffing["households"])
    grids = gpd.read_file(out, layer="grids")
    assert set(grids["staffing"]) == {"unstaffed", "site_staff"}
    assert "0 of 92 assigned" in capsys.readouterr().out


def test_the_same_roster_gives_the_same_assignments(sample_plan, sample_gpkg):
    from gridplanner.algorithms.people import read_plan_layers

    folder, plan = sample_plan
    roster_path = folder / "roster.csv"
    if not roster_path.exists():
        pytest.skip("written by test_staff_the_sample_plan_from_the_cli_and_export_the_workers")
    layers = read_plan_layers(plan)
    roads = gpd.read_file(sample_gpkg, layer="roads")
    runs = [staff_plan(layers, read_roster(read_people(roster_path, "roster"), layers), roads=roads).assignments
            for _ in range(2)]
    pd.testing.assert_frame_equal(runs[0], runs[1])


def test_officer_capacity_in_households():
    plan = strip_plan([300, 500, 200, 400])
    roster = read_roster(roster_frame([
        {"id": "W", "name": "西", "role": "police", "community": COMMUNITY, "home_building": "1", "capacity": "800"},
        {"id": "E", "name": "东", "role": "police", "community": COMMUNITY, "home_building": "4", "capacity": "600"},
    ]), plan)
    a = staff_plan(plan, roster, StaffingOptions(capacity_unit="households")).assignments
    groups = a.groupby("worker_id")["grid_code"].apply(lambda s: sorted(c[-3:] for c in s)).to_dict()
    assert groups == {"W": ["001", "002"], "E": ["003", "004"]}      # 800 and 600 households
