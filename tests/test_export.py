"""Export to governance systems: codes, profiles, coordinates, every file format, safety."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from export_fixtures import COMMUNITY, NAME, plan_frames, write_plan
from pyproj import Transformer

from gridplanner.algorithms.errors import InputError, OutputExistsError
from gridplanner.algorithms.export import (
    CodeLayout,
    PlanData,
    PlanInvalidError,
    assign_codes,
    chinacrs,
    export_plan,
    load_profile,
    validate_codes,
)
from gridplanner.algorithms.export.schema import check_names
from gridplanner.cli import main

GRID1 = f"{NAME}第1网格"


@pytest.fixture
def plan(tmp_path):
    return write_plan(tmp_path / "plan.gpkg")


# ------------------------------------------------------------ coordinates
# (WGS 84 lon, lat) -> (GCJ-02 lon, lat), published test vectors of two independent
# open-source implementations (googollee/eviltransform tests; wandergis/coordtransform README).
GCJ_REFERENCE = [
    ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),     # Shanghai
    ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),     # Shenzhen
    ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),     # Beijing
    ((116.404, 39.915), (116.41024449916938, 39.91640428150164)),           # Beijing (coordtransform)
]
# GCJ-02 -> BD-09 (wandergis/coordtransform): gcj02tobd09(116.404, 39.915)
BD_REFERENCE = [((116.404, 39.915), (116.41036949371029, 39.92133699351021))]
# BD-09 -> GCJ-02 by coordtransform's closed-form approximation (not exact; agrees to centimetres)
BD_INVERSE_REFERENCE = [((116.404, 39.915), (116.39762729119315, 39.90865673957631))]


def _metres(dlon, dlat, lat):
    return np.hypot(np.asarray(dlon) * 111320 * np.cos(np.radians(lat)), np.asarray(dlat) * 110540)


@pytest.mark.parametrize("wgs,gcj", GCJ_REFERENCE)
def test_gcj02_forward_matches_published_values(wgs, gcj):
    lon, lat = chinacrs.wgs84_to_gcj02(*wgs)
    assert lon == pytest.approx(gcj[0], abs=1e-9) and lat == pytest.approx(gcj[1], abs=1e-9)
    back = chinacrs.gcj02_to_wgs84(*gcj)
    assert _metres(back[0] - wgs[0], back[1] - wgs[1], wgs[1]) < 0.5


def test_bd09_matches_published_values():
    for gcj, bd in BD_REFERENCE:
        lon, lat = chinacrs.gcj02_to_bd09(*gcj)
        assert lon == pytest.approx(bd[0], abs=1e-9) and lat == pytest.approx(bd[1], abs=1e-9)
    for bd, gcj in BD_INVERSE_REFERENCE:
        lon, lat = chinacrs.bd09_to_gcj02(*bd)
        assert _metres(lon - gcj[0], lat - gcj[1], gcj[1]) < 0.5


def test_round_trips_across_china_are_sub_metre():
    lon, lat = np.meshgrid(np.linspace(74, 134, 41), np.linspace(18, 53, 37))
    lon, lat = lon.ravel(), lat.ravel()
    for forward, inverse in ((chinacrs.wgs84_to_gcj02, chinacrs.gcj02_to_wgs84),
                             (chinacrs.gcj02_to_bd09, chinacrs.bd09_to_gcj02),
                             (chinacrs.wgs84_to_bd09, chinacrs.bd09_to_wgs84)):
        x, y = forward(lon, lat)
        shift = _metres(x - lon, y - lat, lat)
        assert shift.max() > 50            # the offsets are real (hundreds of metres)…
        bx, by = inverse(x, y)
        assert _metres(bx - lon, by - lat, lat).max() < 0.5   # …and the inverse undoes them


def test_gcj02_leaves_points_outside_china_unchanged():
    lon, lat = chinacrs.wgs84_to_gcj02([2.35, -74.0], [48.85, 40.7])
    assert list(lon) == [2.35, -74.0] and list(lat) == [48.85, 40.7]


def test_gk_zone_from_longitude():
    assert chinacrs.cgcs2000_gk3_epsg(120.1) == 4549
    assert chinacrs.cgcs2000_gk3_epsg(75.2) == 4534 and chinacrs.cgcs2000_gk3_epsg(134.9) == 4554
    with pytest.raises(InputError):
        chinacrs.cgcs2000_gk3_epsg(10.0)


# ------------------------------------------------------------------ codes
def test_validate_codes_finds_every_kind_of_problem():
    layout = CodeLayout(dedicated_start=901)
    codes = [f"{COMMUNITY}001", f"{COMMUNITY}001", f"{COMMUNITY}02", "330106004002003", f"{COMMUNITY}00x",
             f"{COMMUNITY}004", f"{COMMUNITY}901"]
    kinds = ["basic", "basic", "basic", "basic", "basic", "dedicated", "basic"]
    messages = " | ".join(i.message for i in validate_codes(codes, [COMMUNITY] * 7, kinds, layout))
    assert "used by 2 grids" in messages
    assert "has 14 digits" in messages
    assert "does not start with its community code" in messages
    assert "other than digits" in messages
    assert "outside the dedicated range" in messages
    assert "uses the dedicated range" in messages
    assert validate_codes([f"{COMMUNITY}001", f"{COMMUNITY}901"], [COMMUNITY] * 2, ["basic", "dedicated"],
                          layout) == []


def test_numbering_runs_west_east_then_north_south_with_a_dedicated_range():
    grids, _ = plan_frames(dedicated=True)
    shuffled = grids.iloc[[3, 4, 0, 2, 1]].reset_index(drop=True)
    codes, seqs, _ = assign_codes(shuffled, CodeLayout(dedicated_start=901))
    by_seq = dict(zip(shuffled["seq"], codes))   # the fixture's seq is reading order
    assert [by_seq[s] for s in (1, 2, 3, 4)] == [f"{COMMUNITY}{n:03d}" for n in (1, 2, 3, 4)]
    assert by_seq[5] == f"{COMMUNITY}901"
    codes14, _, _ = assign_codes(grids, CodeLayout(sequence=2))
    assert codes14[0] == f"{COMMUNITY}01" and len(codes14[0]) == 14


def test_renumbering_keeps_codes_of_unchanged_grids():
    old, _ = plan_frames()
    old["grid_code"] = [f"{COMMUNITY}{n:03d}" for n in (7, 3, 5, 9)]   # registered codes
    new = old.copy()
    # the two southern grids are re-cut along the other axis: they no longer match
    west = shapely.box(500000, 3349600, 500100, 3349800)
    east = shapely.box(500100, 3349600, 500400, 3349800)
    new.loc[2, "geometry"], new.loc[3, "geometry"] = west, east
    codes, _, counts = assign_codes(new, CodeLayout(), previous=old)
    assert codes[:2] == [f"{COMMUNITY}007", f"{COMMUNITY}003"]
    assert counts == {"kept": 2, "new": 2}
    # new grids take the smallest numbers no previous grid used, in reading order
    assert codes[2:] == [f"{COMMUNITY}001", f"{COMMUNITY}002"]
    # an identical building set is a match whatever the polygon
    moved = old.copy()
    moved.loc[0, "geometry"] = shapely.box(499000, 3351000, 499100, 3351100)
    members = [{"a"}, {"b"}, {"c"}, {"d"}]
    codes, _, counts = assign_codes(moved, CodeLayout(), previous=old, members=members, previous_members=members)
    assert codes == list(old["grid_code"]) and counts["kept"] == 4


# ---------------------------------------------------------------- profiles
def test_builtin_profiles():
    cn = load_profile("cn")
    assert cn.field_names == ["WGBM", "WGMC", "SZSQDM", "SZJDDM", "WGLX", "HS", "RK", "MJ", "WGY", "CSRQ", "ZZRQ"]
    en = load_profile("en")
    check_names(en, "shp")
    check_names(cn, "shp")


def test_user_profile_renames_drops_and_adds(tmp_path, plan):
    path = tmp_path / "city.toml"
    path.write_text('base = "cn"\ndrop = ["ZZRQ", "RK"]\ngrid_name = "{community_name}{seq}号网格"\n'
                    '[rename]\nWGY = "WGYXM"\n[grid_types]\nbasic = "基础"\n'
                    '[[fields]]\nname = "BZ"\nalias = "备注"\nvalue = "2025年度调整"\n'
                    '[[fields]]\nname = "GZL"\nsource = "workload"\ntype = "real"\n', encoding="utf-8")
    profile = load_profile(path)
    assert profile.field_names == ["WGBM", "WGMC", "SZSQDM", "SZJDDM", "WGLX", "HS", "MJ", "WGYXM", "CSRQ",
                                   "BZ", "GZL"]
    out = export_plan(plan, tmp_path / "o.gpkg", profile=str(path))
    back = gpd.read_file(out.target)
    assert back["BZ"].tolist() == ["2025年度调整"] * 4
    assert back["WGMC"].iloc[0] == f"{NAME}1号网格" and back["WGLX"].iloc[0] == "基础"
    assert back["GZL"].tolist() == [400.0, 420.0, 380.0, 410.0]
    json_path = tmp_path / "p.json"
    json_path.write_text(json.dumps({"base": "en", "fields": [{"name": "x", "source": "nope"}]}), encoding="utf-8")
    with pytest.raises(InputError, match="unknown source 'nope'"):
        export_plan(plan, tmp_path / "o2.gpkg", profile=str(json_path))


def test_field_names_must_fit_shapefile(tmp_path, plan):
    path = tmp_path / "long.toml"
    path.write_text('[rename]\nWGMC = "网格名称字段"\n', encoding="utf-8")   # 6 chars: 12 bytes GBK, 18 UTF-8
    with pytest.raises(InputError, match="網格名称字段|网格名称字段.*10|allows 10"):
        export_plan(plan, tmp_path / "o.shp", profile=str(path), encoding="gbk")
    assert not (tmp_path / "o.shp").exists()
    export_plan(plan, tmp_path / "o.gpkg", profile=str(path))   # fine in a GeoPackage


# ----------------------------------------------------------------- formats
def _expected_row():
    return {"WGBM": f"{COMMUNITY}001", "WGMC": GRID1, "SZSQDM": COMMUNITY, "SZJDDM": COMMUNITY[:9],
            "WGLX": "基础网格", "HS": 400, "RK": 1200, "MJ": 40000.0, "CSRQ": "20250301"}


def _check_first(row):
    for key, value in _expected_row().items():
        got = row[key]
        assert (float(got) == value) if isinstance(value, (int, float)) else (got == value), (key, got, value)


def test_geopackage_round_trip(tmp_path, plan):
    out = export_plan(plan, tmp_path / "out.gpkg")
    back = gpd.read_file(tmp_path / "out.gpkg", layer="grids")
    assert out.grids == 4 and len(back) == 4
    _check_first(back.iloc[0])
    assert back.crs.to_epsg() == 4549
    original = gpd.read_file(plan, layer="grids")
    assert shapely.equals(back.geometry.iloc[0], original.geometry.iloc[0])


@pytest.mark.parametrize("encoding,cpg", [("utf-8", "UTF-8"), ("gbk", "GBK")])
def test_shapefile_round_trip_in_utf8_and_gbk(tmp_path, plan, encoding, cpg):
    export_plan(plan, tmp_path / "out.shp", encoding=encoding, crs="4490")
    assert (tmp_path / "out.cpg").read_text().strip() == cpg
    dbf = (tmp_path / "out.dbf").read_bytes()
    assert GRID1.encode(cpg) in dbf                     # really stored in that encoding
    back = gpd.read_file(tmp_path / "out.shp")
    _check_first(back.iloc[0])
    assert back.crs.to_epsg() == 4490
    expected = Transformer.from_crs(4549, 4490, always_xy=True).transform(500000, 3349800)
    assert np.allclose(back.geometry.iloc[0].bounds[:2], expected, atol=1e-8)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("out.")) == \
        ["out.cpg", "out.dbf", "out.prj", "out.shp", "out.shx"]


def test_geojson_is_rfc7946_wgs84(tmp_path, plan):
    export_plan(plan, tmp_path / "out.geojson")
    doc = json.loads((tmp_path / "out.geojson").read_text(encoding="utf-8"))
    assert doc["coordinate_system"].startswith("WGS 84")
    first = doc["features"][0]
    assert first["properties"]["WGMC"] == GRID1
    ring = np.array(first["geometry"]["coordinates"][0])
    assert shapely.Polygon(ring).exterior.is_ccw          # RFC 7946 right-hand rule
    lon, lat = Transformer.from_crs(4549, 4326, always_xy=True).transform(500000, 3349800)
    assert ring[:, 0].min() == pytest.approx(lon, abs=1e-7) and ring[:, 1].min() == pytest.approx(lat, abs=1e-7)
    back = gpd.read_file(tmp_path / "out.geojson")
    _check_first(back.iloc[0])


def test_geojson_gcj02_is_labelled_and_shifted(tmp_path, plan):
    export_plan(plan, tmp_path / "wgs.geojson")
    export_plan(plan, tmp_path / "gcj.geojson", crs="gcj02")
    wgs = json.loads((tmp_path / "wgs.geojson").read_text(encoding="utf-8"))
    gcj = json.loads((tmp_path / "gcj.geojson").read_text(encoding="utf-8"))
    assert "GCJ-02" in gcj["coordinate_system"] and "NOT WGS 84" in gcj["coordinate_system"]
    assert "GCJ-02" in gcj["name"]
    a = np.array(wgs["features"][0]["geometry"]["coordinates"][0])
    b = np.array(gcj["features"][0]["geometry"]["coordinates"][0])
    expected = np.column_stack(chinacrs.wgs84_to_gcj02(a[:, 0], a[:, 1]))
    assert np.allclose(b, expected, atol=2e-7)
    with pytest.raises(InputError, match="RFC 7946"):
        export_plan(plan, tmp_path / "bad.geojson", crs="4549")


def test_kml_in_gcj02_says_so(tmp_path, plan):
    export_plan(plan, tmp_path / "out.kml", crs="gcj02")
    assert "<name>grids_GCJ02</name>" in (tmp_path / "out.kml").read_text(encoding="utf-8")
    assert pyogrio.read_dataframe(tmp_path / "out.kml")["Name"].iloc[0] == GRID1


def test_kml_round_trip(tmp_path, plan):
    export_plan(plan, tmp_path / "out.kml")
    text = (tmp_path / "out.kml").read_text(encoding="utf-8")
    assert f"<name>{GRID1}</name>" in text
    back = pyogrio.read_dataframe(tmp_path / "out.kml")
    name = "Name" if "Name" in back else "name"
    assert back[name].iloc[0] == GRID1
    assert back["WGLX"].iloc[0] == "基础网格" and back["WGBM"].iloc[0] == f"{COMMUNITY}001"
    assert back.geometry.iloc[0].bounds[0] == pytest.approx(
        Transformer.from_crs(4549, 4326, always_xy=True).transform(500000, 3349800)[0], abs=1e-6)


@pytest.mark.parametrize("encoding,codec", [("utf-8", "utf-8-sig"), ("gbk", "gbk")])
def test_csv_round_trip_with_wkt(tmp_path, plan, encoding, codec):
    export_plan(plan, tmp_path / "out.csv", encoding=encoding)
    raw = (tmp_path / "out.csv").read_bytes()
    assert GRID1.encode("utf-8" if encoding == "utf-8" else "gbk") in raw
    back = pd.read_csv(tmp_path / "out.csv", encoding=codec, dtype={"WGBM": str, "SZSQDM": str, "SZJDDM": str,
                                                                     "CSRQ": str})
    _check_first(back.iloc[0])
    geom = shapely.from_wkt(back["WKT"].iloc[0])
    original = gpd.read_file(plan, layer="grids").geometry.iloc[0]
    assert shapely.equals_exact(shapely.normalize(geom), shapely.normalize(original), tolerance=0.001)


def test_gbk_refuses_characters_it_cannot_encode(tmp_path):
    grids, buildings = plan_frames()
    grids["community_name"] = "𠮷祥社区"       # U+20BB7 is not in GBK
    plan = write_plan(tmp_path / "plan.gpkg", grids=grids, buildings=buildings)
    with pytest.raises(InputError, match="GBK cannot encode"):
        export_plan(plan, tmp_path / "out.shp", encoding="gbk")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.gpkg"]     # nothing half-written
    export_plan(plan, tmp_path / "out.shp", encoding="utf-8")
    assert gpd.read_file(tmp_path / "out.shp")["WGMC"].iloc[0] == "𠮷祥社区第1网格"


# ------------------------------------------------------------------ safety
def test_invalid_plan_is_refused_unless_forced(tmp_path):
    plan = write_plan(tmp_path / "plan.gpkg", households=(400, 620, 380, 120))
    with pytest.raises(PlanInvalidError) as err:
        export_plan(plan, tmp_path / "out.gpkg")
    text = str(err.value)
    assert "--force" in text and f"{COMMUNITY}002 has 620 households" in text and "120 households" in text
    assert not (tmp_path / "out.gpkg").exists()
    result = export_plan(plan, tmp_path / "out.gpkg", force=True)
    assert result.forced and len(result.issues) == 2


def test_plan_in_memory_exports_like_its_file(tmp_path):
    """A front end holding the plan open passes its frames and metadata instead of the path."""
    plan = write_plan(tmp_path / "plan.gpkg")
    grids, buildings = plan_frames()
    metadata = {"created": "2025-03-01T08:00:00+00:00", "parameters": {"min_households": 300,
                                                                       "max_households": 500}}
    from_file = export_plan(plan, tmp_path / "file.csv")
    in_memory = export_plan(PlanData(grids, pd.DataFrame(buildings.drop(columns="geometry")), metadata),
                            tmp_path / "memory.csv")
    assert in_memory.grids == from_file.grids == 4 and not in_memory.issues
    assert (tmp_path / "memory.csv").read_bytes() == (tmp_path / "file.csv").read_bytes()
    # the same checks: a building in no grid, households outside the band
    buildings.loc[0, "grid_code"] = None
    grids.loc[0, "households"] = 90
    with pytest.raises(PlanInvalidError) as err:
        export_plan(PlanData(grids, buildings, metadata), tmp_path / "bad.csv")
    assert {i.check for i in err.value.issues} == {"band", "buildings"}
    with pytest.raises(InputError, match="households"):
        export_plan(PlanData(grids.drop(columns="households")), tmp_path / "bad.csv")


def test_overlap_gap_and_bad_codes_are_refused(tmp_path):
    grids, buildings = plan_frames()
    grids.loc[1, "geometry"] = shapely.box(500150, 3349800, 500400, 3350000)   # overlaps grid 1 by 50 m × 200 m
    grids.loc[3, "geometry"] = shapely.box(500200, 3349600, 500350, 3349800)   # leaves a 50 m strip? (outer edge)
    grids.loc[2, "grid_code"] = f"{COMMUNITY}001"
    plan = write_plan(tmp_path / "plan.gpkg", grids=grids, buildings=buildings)
    with pytest.raises(PlanInvalidError) as err:
        export_plan(plan, tmp_path / "out.gpkg")
    checks = {i.check for i in err.value.issues}
    assert {"tiling", "codes"} <= checks
    # with the community polygon, the missing strip on the outer edge is a gap too
    communities = gpd.GeoDataFrame({"code": [COMMUNITY]}, geometry=[shapely.box(500000, 3349600, 500400, 3350000)],
                                   crs="EPSG:4549")
    communities.to_file(tmp_path / "c.gpkg", layer="communities")
    with pytest.raises(PlanInvalidError, match="leave a gap of 10000.0 m²"):
        export_plan(plan, tmp_path / "out.gpkg", communities=str(tmp_path / "c.gpkg"))


def test_existing_target_needs_overwrite(tmp_path, plan):
    export_plan(plan, tmp_path / "out.shp")
    before = (tmp_path / "out.dbf").read_bytes()
    with pytest.raises(OutputExistsError):
        export_plan(plan, tmp_path / "out.shp", profile="en")
    assert (tmp_path / "out.dbf").read_bytes() == before
    export_plan(plan, tmp_path / "out.shp", profile="en", overwrite=True)
    assert "grid_code" in gpd.read_file(tmp_path / "out.shp")


def test_export_does_not_touch_the_plan(tmp_path, plan):
    before = plan.read_bytes()
    export_plan(plan, tmp_path / "o.gpkg", renumber=True, layout=CodeLayout(dedicated_start=901), force=True)
    assert plan.read_bytes() == before


def test_previous_plan_keeps_codes(tmp_path):
    old_grids, buildings = plan_frames()
    old_grids["grid_code"] = [f"{COMMUNITY}{n:03d}" for n in (11, 12, 13, 14)]
    buildings["grid_code"] = buildings["grid_code"].map(dict(zip(plan_frames()[0]["grid_code"],
                                                                 old_grids["grid_code"])))
    old = write_plan(tmp_path / "old.gpkg", grids=old_grids, buildings=buildings)
    new = write_plan(tmp_path / "new.gpkg")
    result = export_plan(new, tmp_path / "o.gpkg", previous=str(old))
    assert (result.codes_kept, result.codes_new) == (4, 0)
    assert gpd.read_file(tmp_path / "o.gpkg")["WGBM"].tolist() == list(old_grids["grid_code"])


# --------------------------------------------------------------------- CLI
def test_cli_export(tmp_path, plan, capsys):
    out = tmp_path / "o.geojson"
    assert main(["export", str(plan), "-o", str(out), "--crs", "bd09", "--profile", "en"]) == 0
    assert "4 grids exported" in capsys.readouterr().out
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "BD-09" in doc["coordinate_system"] and doc["features"][0]["properties"]["comm_name"] == NAME
    assert main(["export", str(plan), "-o", str(out)]) == 2
    assert "exists" in capsys.readouterr().err
    bad = write_plan(tmp_path / "bad.gpkg", households=(400, 420, 380, 100))
    assert main(["export", str(bad), "-o", str(tmp_path / "b.kml")]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["export", str(bad), "-o", str(tmp_path / "b.kml"), "--force"]) == 0
