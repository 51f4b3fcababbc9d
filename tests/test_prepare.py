"""prepare: compounds from polygons (``plan --compounds``)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from lattice import make_layout

from gridplanner.algorithms import InputError, PlanParameters, plan_grids
from gridplanner.algorithms.prepare import prepare_inputs, smallest_holding
from gridplanner.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")

CRS = "EPSG:4549"
X0, Y0 = 500000.0, 3350000.0


def _box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


@pytest.fixture()
def town():
    """Six buildings; two compound polygons, one inside the other; one building has its own compound."""
    buildings = gpd.GeoDataFrame({
        "households": [100, 100, 100, 100, 100, 100],
        "compound_id": [None, None, "own", None, None, None],
    }, geometry=[_box(0, 0, 10, 10), _box(20, 0, 30, 10), _box(40, 0, 50, 10),
                 _box(60, 0, 70, 10), _box(200, 0, 210, 10), _box(15, 15, 25, 25)], crs=CRS)
    compounds = gpd.GeoDataFrame({
        "cid": ["big", "small", None],
        "cname": ["大院", "小院", "无名"],
    }, geometry=[_box(-5, -5, 80, 30), _box(-2, -2, 32, 12), _box(190, -5, 199, 20)], crs=CRS)
    return buildings, compounds


def test_smallest_polygon_holding_the_point_wins(town):
    buildings, compounds = town
    params = PlanParameters.from_options(compound_id_field="cid", compound_name_field="cname")
    prep = prepare_inputs(buildings, None, None, None, params, compounds=compounds.to_crs(4326))
    assert list(prep.compound) == ["small", "small", "own", "big", None, "big"]
    assert list(prep.compound_name)[:2] == ["小院", "小院"] and prep.compound_name[3] == "大院"
    counted = [p for p in prep.problems if p.kind == "compounds_from_polygons"]
    assert len(counted) == 1
    assert counted[0].message.startswith("4 building(s) got their compound from 2 of 3 compound polygon(s)")
    assert "1 kept the compound of their own field; 1 lie in no compound polygon" in counted[0].message
    written = [None if pd.isna(v) else v for v in prep.buildings["compound_id"]]
    assert written == ["small", "small", "own", "big", None, "big"]


def test_without_id_field_feature_ids_name_the_compounds(town):
    buildings, compounds = town
    compounds = compounds.drop(columns="cid")
    prep = prepare_inputs(buildings, None, None, None, PlanParameters(), compounds=compounds)
    assert list(prep.compound) == ["1", "1", "own", "0", None, "0"]
    assert any("no id field 'compound_id'" in n for n in prep.notes)


def test_empty_ids_fall_back_to_the_feature_id(town):
    buildings, compounds = town
    moved = buildings.copy()
    moved.loc[4, "geometry"] = _box(192, 0, 197, 10)
    prep = prepare_inputs(moved, None, None, None, PlanParameters(compound_id_field="cid"), compounds=compounds)
    assert prep.compound[4] == "2"


def test_compounds_must_be_areas(town):
    buildings, compounds = town
    lines = compounds.assign(geometry=compounds.boundary)
    with pytest.raises(InputError, match="layer 'compounds'.*areas"):
        prepare_inputs(buildings, None, None, None, PlanParameters(), compounds=lines)


def test_smallest_holding_ties_and_misses():
    polys = np.array([shapely.box(0, 0, 10, 10), shapely.box(0, 0, 4, 4), shapely.box(0, 0, 4, 4)])
    points = np.array([shapely.Point(1, 1), shapely.Point(8, 8), shapely.Point(20, 20)])
    assert list(smallest_holding(points, polys)) == [1, 0, -1]


def test_plan_keeps_polygon_compounds_whole_and_without_them_is_unchanged(tmp_path):
    b, r, c, w = make_layout(seed=1, rows=3, cols=4, river=True)
    b = b.drop(columns="compound_id")
    params = PlanParameters(seed=2)
    plain = plan_grids(b, r, c, w, params)
    # One compound polygon around the first block's buildings.
    first = b.geometry.iloc[:6]
    poly = shapely.buffer(shapely.union_all(first.to_numpy()), 2.0)
    compounds = gpd.GeoDataFrame({"compound_id": ["C1"], "compound_name": ["一号院"]}, geometry=[poly], crs=b.crs)
    inside = shapely.within(shapely.point_on_surface(b.geometry.to_numpy()), poly)
    planned = plan_grids(b, r, c, w, params, compounds=compounds)
    codes = planned.buildings.loc[inside, "grid_code"]
    assert codes.nunique() == 1
    assert (planned.buildings.loc[inside, "compound_id"] == "C1").all()
    assert planned.buildings.loc[~inside, "compound_id"].isna().all()
    kinds = set(planned.problems["kind"])
    assert "compounds_from_polygons" in kinds
    assert "compounds_from_polygons" not in set(plain.problems["kind"])
    assert "compound_id" not in plain.buildings.columns


def test_cli_plan_and_evaluate_take_compounds(tmp_path):
    b, r, c, w = make_layout(seed=1, rows=3, cols=4, river=True)
    b = b.drop(columns="compound_id")
    poly = shapely.buffer(shapely.union_all(b.geometry.iloc[:6].to_numpy()), 2.0)
    src = tmp_path / "in.gpkg"
    for name, frame in [("buildings", b), ("roads", r), ("communities", c), ("water", w),
                        ("aoi", gpd.GeoDataFrame({"aoi_id": [7], "aoi_name": ["七号院"]}, geometry=[poly],
                                                 crs=b.crs))]:
        frame.to_file(src, layer=name, driver="GPKG")
    out = tmp_path / "plan.gpkg"
    base = ["--buildings", f"{src}|layername=buildings", "--roads", f"{src}|layername=roads",
            "--communities", f"{src}|layername=communities", "--water", f"{src}|layername=water"]
    comp = ["--compounds", f"{src}|layername=aoi", "--compound-id-field", "aoi_id",
            "--compound-name-field", "aoi_name"]
    assert main(["plan", *base, *comp, "-o", str(out), "--quiet"]) == 0
    planned = pyogrio.read_dataframe(out, layer="buildings")
    assert set(planned["compound_id"].dropna()) == {"7"}
    assert set(planned["aoi_name"].dropna()) == {"七号院"}
    ev = tmp_path / "eval.gpkg"
    assert main(["evaluate", "--grids", f"{out}|layername=grids", *base, *comp, "-o", str(ev)]) == 0
    problems = pyogrio.read_dataframe(ev, layer="problems")
    assert "compounds_from_polygons" in set(problems["kind"])
    assert main(["plan", *base, "--compounds", f"{src}|layername=nope", "-o", str(tmp_path / "x.gpkg")]) == 2


def test_many_shared_ids_and_footprints_are_reported_in_one_pass():
    """A city whose ids repeat (two datasets joined) is reported, not checked pairwise: 200,000
    shared ids were hours of work when each id was compared with every row."""
    import time

    from gridplanner.algorithms.prepare import _check_ids

    ids = pd.Series(np.tile(np.arange(100_000), 2).astype(object))
    problems: list = []
    started = time.perf_counter()
    _check_ids(ids, "bldg_id", problems)
    assert time.perf_counter() - started < 60
    assert len(problems) == 100_000 and "rows 0, 100000" in problems[0].message
