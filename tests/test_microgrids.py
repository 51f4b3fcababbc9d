"""Micro-grids (algorithms/microgrids.py, ``gridplanner microgrids``): groups, ranges, members."""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridplanner.algorithms.errors import InputError
from gridplanner.algorithms.microgrids import (
    MicrogridOptions,
    household_ranges,
    plan_microgrids,
    range_label,
    read_members,
    segment_groups,
    split_building,
)
from gridplanner.algorithms.params import PlanParameters
from gridplanner.algorithms.people import PlanLayers, read_plan_layers
from gridplanner.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")
CRS = "EPSG:4549"
GRID = "330106004001001"


def grid_plan(xy: list[tuple[float, float]], households: list[int], extra: dict | None = None) -> PlanLayers:
    """One grid (a 1 km square) holding 10 m buildings at ``xy``."""
    grids = gpd.GeoDataFrame({"grid_code": [GRID], "community_code": [GRID[:12]], "households": [sum(households)],
                              "grid_kind": ["basic"]}, geometry=[shapely.box(-10, -10, 1000, 1000)], crs=CRS)
    columns = {"bldg_id": [str(i + 1) for i in range(len(xy))], "households": households,
               "grid_code": [GRID] * len(xy), "_households": households, **(extra or {})}
    buildings = gpd.GeoDataFrame(columns, geometry=[shapely.box(x - 5, y - 5, x + 5, y + 5) for x, y in xy], crs=CRS)
    return PlanLayers(grids, buildings, None, {}, PlanParameters(building_id_field="bldg_id"))


def test_household_ranges_by_sequence_and_by_unit():
    assert split_building(23, (5, 10)) == ([(1, 8), (9, 15), (16, 23)], None)
    # 55 households, groups of 30–50: no number of ranges fits; 50 and a rest of 5 for the neighbours
    assert split_building(55, (30, 50)) == ([(1, 50)], (51, 55))
    # 40 households in 4 stair units of 10: cut at the units
    assert household_ranges(40, 4, units=4, floors=5, band=(5, 10)) == [(1, 10), (11, 20), (21, 30), (31, 40)]
    # 36 households in 2 units of 6 floors (3 a floor), 4 ranges of 5–10: a unit (18) is too big, so floors
    assert household_ranges(36, 4, units=2, floors=6, band=(5, 10)) == [(1, 9), (10, 18), (19, 27), (28, 36)]
    assert range_label(19, 27, 36, 2, 6) == "19–27 (unit 2 floor 1 – unit 2 floor 3)"
    assert range_label(1, 8, 23, 0, 0) == "1–8"


def test_segments_prefer_band_then_no_road_then_short_walks():
    sizes = np.array([3, 3, 3, 3, 3, 3])
    # nothing in the way: the shortest walks inside groups, i.e. three groups of 6
    assert segment_groups(sizes, np.full(5, 1.0), (5, 10)) == [(0, 2), (2, 4), (4, 6)]
    # a road between the third and the fourth building: two groups of 9 not crossing it
    steps = np.array([1.0, 1.0, 300.0, 1.0, 1.0])
    assert segment_groups(sizes, steps, (5, 10)) == [(0, 3), (3, 6)]
    # the band comes first: one group of 9 across the road rather than two of 3 and 6... of 4 and 5
    assert segment_groups(np.array([4, 5]), np.array([300.0]), (5, 10)) == [(0, 2)]


def test_a_road_inside_the_grid_splits_the_groups():
    # two rows of four buildings of 2 households, 60 m apart, a road between the rows
    xy = [(x, y) for y in (0, 60) for x in (0, 15, 30, 45)]
    plan = grid_plan(xy, [2] * 8)
    road = gpd.GeoDataFrame({"highway": ["residential"]}, geometry=[shapely.LineString([(-10, 30), (1000, 30)])],
                            crs=CRS)
    with_road = plan_microgrids(plan, MicrogridOptions((5, 10)), roads=road).micro_grids
    rows = [sorted(int(b) for b in g.split(",")) for g in with_road["buildings"]]
    assert sorted(rows) == [[1, 2, 3, 4], [5, 6, 7, 8]]
    assert (with_road["households"] == 8).all()


def test_big_buildings_are_split_into_numbered_ranges_and_small_ones_kept_whole():
    plan = grid_plan([(0, 0), (100, 0), (115, 0), (130, 0)], [24, 3, 3, 2], {"units": [2, 1, 1, 1],
                                                                            "floors": [6, 2, 2, 2]})
    micro = plan_microgrids(plan, MicrogridOptions((5, 10))).micro_grids
    split = micro[micro["buildings"] == "1"]
    assert split["households"].tolist() == [8, 8, 8]
    assert split["household_ranges"].tolist()[0].startswith("1: 1–8 (unit 1 floor 1")
    whole = micro[micro["buildings"] != "1"]
    assert whole["households"].tolist() == [8] and whole["household_ranges"].tolist() == [""]
    assert micro["group_id"].tolist() == [f"{GRID}-{i:03d}" for i in range(1, 5)]


def _households_per_building(micro: gpd.GeoDataFrame) -> dict[str, int]:
    """Households each building contributes, read back from the groups' buildings and ranges."""
    out: dict[str, int] = {}
    for _, g in micro.iterrows():
        ranged = {}
        for part in filter(None, g["household_ranges"].split("; ")):
            building, first, last = re.match(r"(\S+): (\d+)–(\d+)", part).groups()
            ranged[building] = int(last) - int(first) + 1
        whole = [b for b in g["buildings"].split(",") if b not in ranged]
        for b, h in ranged.items():
            out[b] = out.get(b, 0) + h
        rest = g["households"] - sum(ranged.values())
        if whole:
            out[",".join(whole)] = out.get(",".join(whole), 0) + rest
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(buildings=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 40)), min_size=1,
                          max_size=40, unique_by=lambda t: (t[0], t[1])),
       band=st.sampled_from([(5, 10), (30, 50), (8, 12)]))
def test_every_household_is_in_exactly_one_group(buildings, band):
    plan = grid_plan([(x * 20.0, y * 20.0) for x, y, _ in buildings], [h for _, _, h in buildings])
    micro = plan_microgrids(plan, MicrogridOptions(band)).micro_grids
    households = np.array([h for _, _, h in buildings])
    assert micro["households"].sum() == households.sum()
    seen: dict[str, int] = {}
    for _, g in micro.iterrows():
        parts = filter(None, g["household_ranges"].split("; "))
        ranges = dict(re.match(r"(\S+): (\d+–\d+)", p).groups() for p in parts)
        for b in g["buildings"].split(","):
            if b in ranges:
                first, last = map(int, ranges[b].split("–"))
                seen[b] = seen.get(b, 0) + last - first + 1
            else:
                assert b not in seen                            # a whole building in one group only
                seen[b] = households[int(b) - 1]
    assert seen == {str(i + 1): h for i, h in enumerate(households) if h > 0}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small=st.lists(st.integers(1, 2), min_size=0, max_size=30), big=st.lists(st.integers(11, 80), max_size=4))
def test_groups_are_in_band_where_building_sizes_allow(small, big):
    # band 5–10: houses of 1–2 households can always be cut into 5–10 when there are at least 5
    # households of them, and a building above 10 always into ranges of 5–10
    if 0 < sum(small) < 5:
        small = small + [2, 2, 1]
    sizes = small + big
    if not sizes:
        return
    xy = [((i % 6) * 15.0, (i // 6) * 15.0) for i in range(len(sizes))]
    micro = plan_microgrids(grid_plan(xy, sizes), MicrogridOptions((5, 10))).micro_grids
    assert micro["in_band"].all(), micro[["households", "buildings"]]


def test_members_link_to_their_own_building_first_and_every_group_before_a_second():
    # three buildings of 8 households, far apart: three groups; four members
    plan = grid_plan([(0, 0), (300, 0), (600, 0)], [8, 8, 8])
    frame = pd.DataFrame({"id": ["a", "b", "c", "d"], "name": ["甲", "乙", "丙", "丁"],
                          "home_building": ["1", "1", "1", "3"], "_row": [2, 3, 4, 5]})
    result = plan_microgrids(plan, MicrogridOptions((5, 10)), members=read_members(frame, plan))
    links = result.member_links
    group_of_building = dict(zip(result.micro_grids["buildings"], result.micro_grids["group_id"]))
    linked = dict(zip(links["member_id"], links["group_id"]))
    assert linked["d"] == group_of_building["3"]
    assert sorted(linked.values()) == sorted([group_of_building["1"], group_of_building["1"],
                                              group_of_building["2"], group_of_building["3"]])
    assert links["member_id"].is_unique                         # at most one group each
    assert result.summary["coverage"].iloc[0] == 1.0
    # with a member only in building 1: one third of the households is covered
    alone = plan_microgrids(plan, MicrogridOptions((5, 10)), members=read_members(frame.head(1), plan))
    assert alone.summary["coverage"].iloc[0] == pytest.approx(0.3333, abs=1e-4)
    assert [p.kind for p in alone.problems].count("group_without_member") == 2


@pytest.mark.parametrize(("rows", "message"), [
    ({"id": ["a", "a"], "home_building": ["1", "1"]}, "duplicate id a in rows 2, 3"),
    ({"id": ["a"], "home_building": ["77"]}, "row 2: building 77 is not in the plan's buildings"),
    ({"id": ["a"], "home_building": [None]}, "row 2 has no home"),
    ({"id": ["a"], "x": ["east"], "y": ["1"]}, "row 2: x is not a number"),
])
def test_a_bad_member_list_is_refused_by_row(rows, message):
    frame = pd.DataFrame(rows)
    frame["_row"] = np.arange(len(frame)) + 2
    with pytest.raises(InputError, match=message):
        read_members(frame, grid_plan([(0, 0)], [8]))


@pytest.fixture(scope="module")
def sample_plan(tmp_path_factory, sample_gpkg, repo_root):
    import importlib.util

    folder = tmp_path_factory.mktemp("micro")
    plan = folder / "plan.gpkg"
    s = str(sample_gpkg)
    assert main(["plan", "--buildings", f"{s}|layername=buildings", "--roads", f"{s}|layername=roads",
                 "--communities", f"{s}|layername=communities", "--water", f"{s}|layername=water",
                 "--water", f"{s}|layername=waterway", "--building-id-field", "bldg_id",
                 "--dedicated-field", "dedicated_site", "--seed", "1", "-o", str(plan), "--quiet"]) == 0
    spec = importlib.util.spec_from_file_location("sample_people", repo_root / "sample_data" / "people.py")
    people = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(people)
    assert people.main([str(plan), "--members", str(folder / "members.xlsx")]) == 0
    return folder, plan


def test_microgrids_of_the_sample_plan_from_the_cli(sample_plan, sample_gpkg):
    folder, plan = sample_plan
    out, report = folder / "micro.gpkg", folder / "micro.html"
    assert main(["microgrids", str(plan), "--households-per-group", "5-10", "--members", str(folder / "members.xlsx"),
                 "--roads", f"{sample_gpkg}|layername=roads", "-o", str(out), "--report", str(report)]) == 0
    layers = {str(n) for n in pyogrio.list_layers(out)[:, 0]}
    assert {"micro_grids", "member_links", "summary", "communities"} <= layers
    micro = gpd.read_file(out, layer="micro_grids")
    buildings = read_plan_layers(plan).buildings
    assert micro["households"].sum() == buildings["_households"].sum()
    assert micro["in_band"].mean() > 0.99
    links = pyogrio.read_dataframe(out, layer="member_links")
    assert {"member_id", "group_id"} <= set(links.columns) and links["member_id"].is_unique
    assert set(links["group_id"]) <= set(micro["group_id"])
    assert "户户见党员" in report.read_text(encoding="utf-8")


def test_roads_keep_groups_on_one_side_on_the_sample_plan(sample_plan, sample_gpkg):
    """With the roads, fewer groups have buildings on both sides of a road than without."""
    _, plan = sample_plan
    layers = read_plan_layers(plan)
    roads = gpd.read_file(sample_gpkg, layer="roads")
    tree = shapely.STRtree(roads.geometry.to_numpy())
    points = layers.buildings.geometry.representative_point()
    where = dict(zip(layers.buildings["bldg_id"].astype(str), points))

    def crossing(micro: gpd.GeoDataFrame) -> int:
        hulls = [shapely.convex_hull(shapely.multipoints([where[b] for b in g.split(",")])) for g in micro["buildings"]]
        return len(np.unique(tree.query(hulls, predicate="crosses")[0]))

    # measured: 联户 (5–10) 0 groups across a road with the roads, 3 without; 微网格 (30–50) 21 and 28
    # (there buildings of 28 households need a partner to reach 30, sometimes across a road)
    for band, most in (((5, 10), 0), ((30, 50), 21)):
        with_roads = crossing(plan_microgrids(layers, MicrogridOptions(band), roads=roads).micro_grids)
        without = crossing(plan_microgrids(layers, MicrogridOptions(band)).micro_grids)
        assert with_roads <= most and with_roads < without, (band, with_roads, without)


def test_members_from_a_point_layer_in_another_crs_and_two_groups_each(tmp_path):
    plan = grid_plan([(0, 0), (300, 0), (600, 0), (900, 0)], [8, 8, 8, 8])
    # two members as points in WGS 84, near buildings 1 and 4
    points = gpd.GeoSeries([shapely.Point(0, 2), shapely.Point(900, 2)], crs=CRS).to_crs("EPSG:4326")
    layer = gpd.GeoDataFrame({"id": ["a", "b"], "name": ["甲", "乙"]}, geometry=points.to_numpy(), crs="EPSG:4326")
    layer.to_file(tmp_path / "members.gpkg", layer="members", driver="GPKG")
    from gridplanner.algorithms.people import read_people

    members = read_members(read_people(f"{tmp_path / 'members.gpkg'}|layername=members", "members"), plan)
    assert members["x"].tolist() == pytest.approx([0.0, 900.0], abs=0.01)
    result = plan_microgrids(plan, MicrogridOptions((5, 10), groups_per_member=2), members=members)
    by_member = result.member_links.groupby("member_id")["group_id"].apply(sorted).to_dict()
    group_of = dict(zip(result.micro_grids["buildings"], result.micro_grids["group_id"]))
    assert by_member == {"a": sorted([group_of["1"], group_of["2"]]), "b": sorted([group_of["3"], group_of["4"]])}
    assert result.summary["coverage"].iloc[0] == 1.0


def test_the_same_plan_gives_the_same_groups(sample_plan, sample_gpkg):
    _, plan = sample_plan
    layers = read_plan_layers(plan)
    roads = gpd.read_file(sample_gpkg, layer="roads")
    first, second = (plan_microgrids(layers, MicrogridOptions((30, 50)), roads=roads).micro_grids for _ in range(2))
    pd.testing.assert_frame_equal(pd.DataFrame(first.drop(columns="geometry")),
                                  pd.DataFrame(second.drop(columns="geometry")))
    assert first.geometry.equals(second.geometry)
