"""Checks of the shipped demo street ``sample_data/demo_street.gpkg`` and of its generator.

The GeoPackage is read the way users read it (pyogrio/geopandas); the generator is loaded
from its file path, as the benchmarks do. Needs no QGIS.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

gpd = pytest.importorskip("geopandas")
shapely = pytest.importorskip("shapely")
pyogrio = pytest.importorskip("pyogrio")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
GPKG = SAMPLE / "demo_street.gpkg"
GENERATOR = SAMPLE / "generate.py"
README = SAMPLE / "README.md"

LAYERS = {
    "communities": ("Polygon", ["code", "name", "street_code", "street_name"]),
    "roads": ("LineString", ["highway", "name", "lanes", "width"]),
    "waterway": ("LineString", ["waterway", "name"]),
    "water": ("Polygon", ["kind", "name"]),
    "parks": ("Polygon", ["name", "leisure"]),
    "buildings": ("Polygon", ["bldg_id", "compound_id", "compound_name", "use", "floors", "households",
                              "population", "elderly_alone", "disabled", "rental_units", "shops", "key_site",
                              "dedicated_site"]),
}
INT_FIELDS = ["bldg_id", "floors", "households", "population", "elderly_alone", "disabled", "rental_units",
              "shops", "key_site"]
USES = {"residential", "mixed", "school", "hospital", "market", "office"}
HIGHWAYS = {"trunk", "primary", "secondary", "tertiary", "residential", "service"}


def _load_generator():
    spec = importlib.util.spec_from_file_location("gridplanner_sample_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def layers() -> dict:
    return {name: gpd.read_file(GPKG, layer=name, engine="pyogrio") for name in LAYERS}


@pytest.fixture(scope="module")
def gen():
    return _load_generator()


@pytest.fixture(scope="module")
def regenerated(gen) -> dict:
    return gen.generate_street()


@pytest.fixture(scope="module")
def per_community(layers) -> pd.DataFrame:
    b, c = layers["buildings"], layers["communities"]
    pts = gpd.GeoDataFrame(b.drop(columns="geometry"), geometry=b.representative_point(), crs=b.crs)
    j = gpd.sjoin(pts, c[["code", "geometry"]], predicate="within", how="left")
    g = j.groupby("code").agg(households=("households", "sum"), buildings=("bldg_id", "size"))
    return c[["code", "name"]].set_index("code").join(g).fillna(0)


def _blocks(layers) -> np.ndarray:
    """Faces enclosed by road centre lines and the river centre line."""
    lines = np.r_[layers["roads"].geometry.values, layers["waterway"].geometry.values]
    return shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(lines))))


def _norm(s: pd.Series) -> list:
    return [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in s]


# --------------------------------------------------------------------------- file and schema
def test_file_is_small_and_has_the_layers():
    assert GPKG.stat().st_size < 5_000_000
    info = {name: gtype for name, gtype in pyogrio.list_layers(GPKG)}
    assert info == {name: gtype for name, (gtype, _) in LAYERS.items()}


def test_crs_and_fields(layers):
    for name, (gtype, fields) in LAYERS.items():
        gdf = layers[name]
        assert gdf.crs.to_epsg() == 4549, name
        assert list(gdf.columns) == fields + ["geometry"], name
        assert set(gdf.geom_type) == {gtype}, name
        assert len(gdf) > 0, name
    for f in INT_FIELDS:
        assert pd.api.types.is_integer_dtype(layers["buildings"][f]), f
    assert pd.api.types.is_integer_dtype(layers["roads"]["lanes"])
    # metres near Hangzhou: EPSG:4549 eastings around the 120E central meridian (500 km)
    x0, y0, x1, y1 = layers["communities"].total_bounds
    assert 480_000 < x0 < x1 < 520_000 and 3_330_000 < y0 < y1 < 3_370_000


# --------------------------------------------------------------------------- communities
def test_community_codes_and_names(layers):
    c = layers["communities"]
    assert 3 <= len(c) <= 6
    assert c["code"].str.fullmatch(r"\d{12}").all()
    assert c["code"].is_unique
    assert c["street_code"].str.fullmatch(r"\d{9}").all()
    assert (c["code"].str[:9] == c["street_code"]).all()
    assert c["street_code"].nunique() == 1 and c["street_name"].nunique() == 1
    assert c["street_name"].iloc[0].endswith("街道")
    assert c["name"].is_unique and c["name"].str.endswith("社区").all()


def test_communities_tile_the_street(layers):
    geoms = layers["communities"].geometry.values
    assert shapely.is_valid(geoms).all()
    union = shapely.union_all(geoms)
    assert union.geom_type == "Polygon" and len(union.interiors) == 0
    assert abs(union.area - shapely.area(geoms).sum()) < 1e-3  # no overlap
    for i in range(len(geoms)):
        for j in range(i + 1, len(geoms)):
            assert shapely.intersection(geoms[i], geoms[j]).area < 1e-3


def test_community_boundaries_follow_roads_and_river(layers):
    roads, river = layers["roads"], layers["waterway"].geometry.iloc[0]
    c = layers["communities"]
    vertices = shapely.points(shapely.get_coordinates(c.boundary.values))
    on_road = shapely.distance(vertices, shapely.union_all(roads.geometry.values)) < 1e-6
    on_river = shapely.distance(vertices, river) < 1e-6
    assert (on_road | on_river).all()
    assert on_river.sum() > 10  # the river centre line is a community boundary
    # every arterial lies exactly on community boundaries
    boundary = shapely.union_all(c.boundary.values)
    art = roads[roads["highway"].isin(["trunk", "primary"])]
    art_vertices = shapely.points(shapely.get_coordinates(art.geometry.values))
    assert (shapely.distance(art_vertices, boundary) < 1e-6).all()


def test_households_per_community(layers, per_community):
    b, c = layers["buildings"], layers["communities"]
    tree = shapely.STRtree(c.geometry.values)
    idx, _ = tree.query(b.geometry.values, predicate="within")
    assert (np.bincount(idx, minlength=len(b)) == 1).all(), "every building inside exactly one community"
    hh = per_community["households"]
    small = hh[hh < 300]
    assert len(small) == 1 and small.iloc[0] > 0
    others = hh[hh >= 300]
    assert others.between(1_500, 12_000).all(), others.to_dict()
    assert 25_000 <= hh.sum() <= 40_000
    # the small community lies on the river
    small_geom = c.set_index("code").geometry[small.index[0]]
    assert small_geom.distance(layers["waterway"].geometry.iloc[0]) < 1e-6


# --------------------------------------------------------------------------- roads and water
def test_road_hierarchy_and_noding(layers):
    r = layers["roads"]
    assert set(r["highway"]) == HIGHWAYS
    assert r.loc[r["highway"] != "service", "name"].notna().all()
    assert (r["lanes"] >= 1).all() and (r["width"] > 0).all()
    geoms = r.geometry.values
    # properly noded: no two centre lines cross or overlap away from shared end points
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    for i, j in zip(a[a < b], b[a < b]):
        inter = shapely.intersection(geoms[i], geoms[j])
        ends = shapely.multipoints(np.r_[shapely.get_coordinates(shapely.get_point(geoms[[i, j]], 0)),
                                         shapely.get_coordinates(shapely.get_point(geoms[[i, j]], -1))])
        assert inter.geom_type in ("Point", "MultiPoint") and ends.buffer(1e-6).contains(inter), (i, j)
    # dead ends are service roads into compounds; everything else encloses blocks
    ends = np.vstack([shapely.get_coordinates(shapely.get_point(geoms, 0)),
                      shapely.get_coordinates(shapely.get_point(geoms, -1))])
    _, inv, cnt = np.unique(np.round(ends, 6), axis=0, return_inverse=True, return_counts=True)
    inv = inv.ravel()
    dead = (cnt[inv[: len(r)]] == 1) | (cnt[inv[len(r):]] == 1)
    assert dead.any() and set(r.loc[dead, "highway"]) == {"service"}
    assert (r.length > 15).all()


def test_water_and_parks(layers):
    w, ww, p = layers["water"], layers["waterway"], layers["parks"]
    assert set(w["kind"]) <= {"river", "canal", "pond"}
    assert {"river", "pond"} <= set(w["kind"])
    assert set(ww["waterway"]) <= {"river", "canal"}
    assert (p["leisure"] == "park").all() and p["name"].notna().all()
    river = w[w["kind"] == "river"].geometry.iloc[0]
    street = shapely.union_all(layers["communities"].geometry.values)
    assert river.intersection(street).area > 0 and ww.geometry.iloc[0].within(river)
    width = river.area / ww.geometry.iloc[0].length  # mean width of the band
    assert 30 <= width <= 60


# --------------------------------------------------------------------------- buildings
def test_buildings_clear_of_roads_water_and_parks(layers):
    b, r = layers["buildings"], layers["roads"]
    geoms = b.geometry.values
    road_buf = shapely.buffer(r.geometry.values, r["width"].to_numpy() / 2)
    for barrier in (road_buf, layers["water"].geometry.values, layers["parks"].geometry.values):
        hits, _ = shapely.STRtree(barrier).query(geoms, predicate="intersects")
        assert len(hits) == 0


def test_buildings_do_not_overlap(layers):
    b = layers["buildings"]
    ok = b[b.is_valid]
    geoms = ok.geometry.values
    a, c = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = [(i, j) for i, j in zip(a, c) if i < j]
    # the only overlapping pairs are the exact duplicates
    for i, j in pairs:
        assert shapely.equals_exact(geoms[i], geoms[j], tolerance=0)
    assert 2 <= len(pairs) <= 3


def test_building_attributes(layers):
    b = layers["buildings"]
    assert set(b["use"]) == USES
    for f in INT_FIELDS[1:]:
        assert (b[f] >= 0).all(), f
    assert (b["floors"] >= 1).all() and (b["floors"] <= 40).all()
    assert set(b["key_site"]) == {0, 1}
    nonres = b["use"].isin(["school", "hospital", "market", "office"])
    assert (b.loc[nonres, ["households", "population", "elderly_alone", "rental_units"]] == 0).all().all()
    res = b[b["use"].isin(["residential", "mixed"])]
    assert (res["households"] > 0).all()
    ratio = res["population"].sum() / res["households"].sum()
    assert 2.5 < ratio < 3.3
    assert (res["population"] >= res["households"]).all()
    assert (b[["elderly_alone", "disabled", "rental_units"]].max(axis=1) <= b["households"]).all()
    assert (b.loc[b["use"].isin(["school", "hospital", "market"]), "key_site"] == 1).all()
    assert b["compound_id"].dropna().str.fullmatch(r"C\d{4,}").all()


def test_dedicated_sites(layers):
    b = layers["buildings"]
    sites = b[b["dedicated_site"].notna()].groupby("dedicated_site")
    uses = {code: set(g["use"]) for code, g in sites}
    sizes = sites.size()
    by_use = {}
    for code, u in uses.items():
        assert len(u) == 1, code
        by_use.setdefault(u.pop(), []).append(code)
    assert sorted(by_use) == ["hospital", "market", "school"]
    assert all(len(v) == 1 for v in by_use.values())
    assert 2 <= sizes[by_use["school"][0]] <= 4
    assert b.loc[b["dedicated_site"].notna(), "compound_id"].isna().all()


def test_compounds(layers):
    b = layers["buildings"]
    comp = b[b["compound_id"].notna()]
    g = comp.groupby("compound_id").agg(n=("bldg_id", "size"), hh=("households", "sum"),
                                        names=("compound_name", "nunique"), floors=("floors", "max"))
    assert len(g) >= 20
    assert (g["names"] == 1).all()
    assert g["n"].between(4, 40).all()
    flats = comp[comp["use"] == "residential"]
    assert flats["floors"].between(6, 33).all()
    big = g[g["hh"] > 500]
    assert len(big) == 1 and 800 <= big["hh"].iloc[0] <= 1_500
    # a compound never straddles a road: all its buildings in one block
    blocks = _blocks(layers)
    pi, bi = shapely.STRtree(blocks).query(comp.representative_point().values, predicate="within")
    assert len(pi) == len(comp)
    per = pd.Series(bi, index=comp["compound_id"].to_numpy()[pi]).groupby(level=0).nunique()
    assert (per == 1).all(), per[per > 1]


def test_awkward_cases(layers, per_community):
    b = layers["buildings"]
    # one tower with more than 500 households
    assert (b["households"] > 500).sum() == 1
    # a park and a pond with no building inside
    for g in (layers["parks"].geometry.values, layers["water"].loc[layers["water"]["kind"] == "pond"].geometry.values):
        assert len(g) >= 1
        assert len(shapely.STRtree(b.geometry.values).query(g, predicate="intersects")[0]) == 0
    # at least two old-lane areas of 100+ small houses (1-3 floors, 1-4 households, no compound)
    small = b[(b["floors"] <= 3) & b["households"].between(1, 4) & b["compound_id"].isna() & b.is_valid]
    areas = shapely.get_parts(shapely.union_all(small.buffer(8.0).values))
    _, which = shapely.STRtree(areas).query(small.representative_point().values, predicate="within")
    assert (np.bincount(which) >= 100).sum() >= 2


def test_defects(layers):
    b = layers["buildings"]
    invalid = b[~b.is_valid]
    assert 3 <= len(invalid) <= 6
    reasons = " ".join(shapely.is_valid_reason(invalid.geometry.values))
    assert "Self-intersection" in reasons or "Ring Self-intersection" in reasons
    # exact duplicates: same geometry and attributes, a different bldg_id
    key = b.drop(columns=["bldg_id", "geometry"]).astype(str).assign(wkb=b.geometry.to_wkb())
    dup = key.duplicated(keep=False)
    assert 4 <= dup.sum() <= 6
    assert b.loc[dup, "bldg_id"].is_unique
    # one bldg_id used twice, by two different buildings
    same = b[b["bldg_id"].duplicated(keep=False)]
    assert len(same) == 2 and not same.geometry.iloc[0].equals(same.geometry.iloc[1])


# --------------------------------------------------------------------------- generator
def test_regenerating_gives_the_shipped_file(layers, regenerated):
    for name in LAYERS:
        new, old = regenerated[name], layers[name]
        assert new.crs.to_epsg() == 4549
        assert list(new.columns) == list(old.columns), name
        assert len(new) == len(old), name
        # Same shapes to a micrometre: a GEOS upgrade may reorder or round vertices differently.
        assert shapely.equals_exact(new.geometry.values, old.geometry.values, tolerance=1e-6).all() or \
            (shapely.area(shapely.symmetric_difference(new.geometry.values, old.geometry.values)) < 1e-3).all(), name
        for col in new.columns.drop("geometry"):
            assert _norm(new[col]) == _norm(old[col]), (name, col)


def test_generator_is_deterministic_and_scales(gen):
    a = gen.generate_street(seed=11, n_communities=4, scale=0.6)["buildings"]
    b = gen.generate_street(seed=11, n_communities=4, scale=0.6)["buildings"]
    assert list(shapely.to_wkb(a.geometry.values)) == list(shapely.to_wkb(b.geometry.values))
    assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))
    big = gen.generate_street(seed=11, n_communities=4, scale=1.2)["buildings"]
    assert len(big) > len(a)
    with pytest.raises(ValueError):
        gen.generate_street(n_communities=2)


def test_readme_lists_the_awkward_cases(regenerated):
    text = README.read_text(encoding="utf-8")
    aw = regenerated["buildings"].attrs["awkward"]
    ids = [str(i) for i in aw["tower"]] + [aw["small_community"]]
    ids += [c["compound_id"] for c in aw["big_compound"]]
    ids += [str(d["bldg_id"]) for d in aw["invalid"]]
    ids += [str(d[k]) for d in aw["duplicate_copies"] for k in ("bldg_id", "copy_bldg_id")]
    ids += [str(aw["reused_id"]["bldg_id"])] + list(aw["dedicated_sites"])
    for i in ids:
        assert re.search(rf"\b{re.escape(i)}\b", text), f"README does not mention {i}"
    assert "overview.png" in text


def test_cli_refuses_to_overwrite(gen, tmp_path):
    out = tmp_path / "street.gpkg"
    out.write_bytes(b"")
    assert gen.main(["-o", str(out), "--communities", "3", "--scale", "0.4"]) == 2
    assert out.stat().st_size == 0
    assert gen.main(["-o", str(out), "--communities", "3", "--scale", "0.4", "--overwrite"]) == 0
    assert [n for n, _ in pyogrio.list_layers(out)] == list(LAYERS)
    assert not [p for p in tmp_path.iterdir() if p.name != out.name]  # no temporary file left
