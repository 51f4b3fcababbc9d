"""Degenerate inputs real data brings (issues 17 and 18): the engine repairs or reports
them and never raises.

Hand-built cases first (the crash found on real data, buildings outside every community,
communities covering each other, footprints without area), then hypothesis property tests
over generated degeneracies, then the whole pipeline on the shared OpenStreetMap extract.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridplanner.algorithms import PlanParameters, atoms, plan_grids
from gridplanner.algorithms.errors import InputError
from gridplanner.algorithms.metrics import tiling_errors

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def _tiles(block: shapely.Geometry, cells: list) -> bool:
    arr = np.asarray(cells, dtype=object)
    return (abs(float(shapely.area(arr).sum()) - block.area) < 1e-6 * block.area
            and abs(float(shapely.area(shapely.union_all(arr))) - block.area) < 1e-6 * block.area)


def test_courtyard_filled_by_a_second_building_is_tessellated():
    # The crash of issue 17 (Shanghai): a podium with a courtyard that a second building fills
    # exactly. The outlines sampled along the courtyard's edges form a lattice of co-circular
    # points; GEOS returns invalid Voronoi regions and the coverage union raised.
    podium = shapely.box(0, 0, 60, 40).difference(shapely.box(20, 10, 40, 30))
    inner = shapely.box(20, 10, 40, 30)
    block = shapely.box(-10, -10, 100, 50)
    try:
        atoms._voronoi_cells(block, [podium, inner])
        raised = False
    except shapely.errors.GEOSException:
        raised = True
    assert raised, "the fast path no longer fails here: the regression case lost its point"
    cells, method = atoms.block_cells(block, [podium, inner, shapely.box(70, 0, 90, 40)])
    assert method != "voronoi"
    assert _tiles(block, cells)
    for cell, fp in zip(cells, [podium, inner]):
        assert shapely.area(shapely.intersection(cell, fp)) > 0.95 * fp.area


def test_every_fallback_tiles_the_block():
    podium = shapely.box(0, 0, 60, 40).difference(shapely.box(20, 10, 40, 30))
    gens = [podium, shapely.box(20, 10, 40, 30), shapely.box(70, 0, 90, 40)]
    block = shapely.box(-10, -10, 100, 50)
    for cells in (atoms._voronoi_cells(block, gens, jitter=True), atoms._voronoi_cells(block, gens, exact=True),
                  atoms._footprint_cells(block, gens)):
        assert cells is not None and _tiles(block, cells)


# --- Hand-built inputs of issue 18 -------------------------------------------------------


X0, Y0 = 500_000.0, 4_400_000.0      # somewhere in EPSG:4547 (CGCS2000, 3° zone 114°E)
CRS = "EPSG:4547"
SIDE = 200.0


def _communities(two: bool) -> gpd.GeoDataFrame:
    boxes = [shapely.box(X0, Y0, X0 + SIDE, Y0 + SIDE)]
    if two:
        boxes.append(shapely.box(X0 + SIDE, Y0, X0 + 2 * SIDE, Y0 + SIDE))
    return gpd.GeoDataFrame({"code": [f"11010800100{i + 1}" for i in range(len(boxes))]}, geometry=boxes, crs=CRS)


def _roads(two: bool) -> gpd.GeoDataFrame:
    width = 2 * SIDE if two else SIDE
    lines = [shapely.LineString([(X0 + 100, Y0 - 10), (X0 + 100, Y0 + SIDE + 10)]),
             shapely.LineString([(X0 - 10, Y0 + 120), (X0 + width + 10, Y0 + 120)])]
    return gpd.GeoDataFrame({"highway": ["residential", "primary"]}, geometry=lines, crs=CRS)


def _buildings(geoms: list, households: list[int]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"bid": [f"B{i}" for i in range(len(geoms))], "households": households},
                            geometry=geoms, crs=CRS)


PARAMS = PlanParameters(building_id_field="bid", seed=1)


def _check(buildings: gpd.GeoDataFrame, communities: gpd.GeoDataFrame, roads: gpd.GeoDataFrame | None = None,
           tolerance_m2: float = 0.05) -> None:
    """Plan and check the promises: no exception but a clear InputError; every building in
    exactly one grid or reported as not placed; grids non-empty, contiguous or reported as
    not; the grids of each community tile it."""
    try:
        result = plan_grids(buildings, roads, communities, None, PARAMS)
    except InputError as err:
        assert str(err) and err.layer
        return
    grids, out, problems = result.grids, result.buildings, result.problems
    assert len(out) == len(buildings)
    assert grids["grid_code"].is_unique
    assert set(out["grid_code"].dropna()) <= set(grids["grid_code"])
    reported = set(problems.loc[problems["kind"].isin(["no_geometry", "outside_communities", "unplaced"])
                                & (problems["layer"] == "buildings"), "feature_id"].astype(str))
    unplaced = out.loc[out["grid_code"].isna(), "bid"].astype(str)
    assert set(unplaced) <= reported, f"buildings placed nowhere and not reported: {set(unplaced) - reported}"
    geoms = grids.geometry.to_numpy()
    assert not shapely.is_empty(geoms).any() and shapely.is_valid(geoms).all()
    several = grids["parts"] > 1
    assert (grids.loc[several, "status"] == "noncontiguous").all()
    assert grids["households"].sum() == out.loc[out["grid_code"].notna(), "households"].sum()
    for _, comm in communities.iterrows():
        mine = grids[grids["community_code"] == comm["code"]].geometry.to_numpy()
        if not len(mine):
            continue
        errors = tiling_errors(mine, comm.geometry)
        assert errors["gap_m2"] <= tolerance_m2 and errors["overlap_m2"] <= tolerance_m2, errors
        assert errors["outside_m2"] <= tolerance_m2, errors


def _at(g: shapely.Geometry, dx: float, dy: float) -> shapely.Geometry:
    return shapely.transform(g, lambda xy: xy + np.array([X0 + dx, Y0 + dy]))


def test_courtyard_plan_end_to_end():
    podium = _at(shapely.box(10, 10, 70, 50).difference(shapely.box(30, 20, 50, 40)), 0, 0)
    inner = _at(shapely.box(30, 20, 50, 40), 0, 0)
    others = [_at(shapely.box(x, y, x + 12, y + 12), 0, 0) for x, y in [(10, 60), (40, 70), (130, 20), (150, 150)]]
    _check(_buildings([podium, inner, *others], [200, 120, 80, 90, 150, 160]), _communities(False), _roads(False))


def test_buildings_outside_every_community():
    comm = _communities(False)
    inside = [_at(shapely.box(x, y, x + 15, y + 15), 0, 0) for x, y in [(10, 10), (40, 10), (10, 40), (150, 150)]]
    near = [_at(shapely.box(SIDE + 2, 50, SIDE + 12, 60), 0, 0)]               # 2 m off: nearest community
    far = [_at(shapely.box(SIDE + 300, 50, SIDE + 320, 70), 0, 0)]
    b = _buildings(inside + near + far, [100, 120, 130, 140, 90, 100])
    result = plan_grids(b, _roads(False), comm, None, PARAMS)
    codes = result.buildings.set_index("bid")["grid_code"]
    assert codes[["B0", "B1", "B2", "B3", "B4"]].notna().all()      # the one 2 m off is planned
    assert pd.isna(codes["B5"])                                      # the far one is not
    kinds = result.problems.set_index("feature_id")["kind"]
    assert kinds["B5"] == "outside_communities"
    assert not shapely.is_empty(result.grids.geometry.to_numpy()).any()
    _check(b, comm, _roads(False))


def test_a_building_no_crs_can_place_is_refused_by_name():
    """10¹² m east is off the Earth in any projected CRS: the layer's CRS or data is wrong."""
    b = _buildings([_at(shapely.box(10, 10, 25, 25), 0, 0), _at(shapely.box(1e12, 0, 1e12 + 10, 10), 0, 0)],
                   [100, 100])
    with pytest.raises(InputError, match="do not fit its CRS"):
        plan_grids(b, None, _communities(False), None, PARAMS)


def test_all_outside_is_a_clear_input_error():
    b = _buildings([_at(shapely.box(1000, 1000, 1010, 1010), 0, 0)], [100])
    with pytest.raises(InputError, match="no building lies inside a community"):
        plan_grids(b, None, _communities(False), None, PARAMS)


def test_a_community_covered_by_another_gets_no_grids():
    comm = _communities(False)
    comm = pd.concat([comm, comm.assign(code="110108001009")], ignore_index=True)
    b = _buildings([_at(shapely.box(x, 10, x + 15, 25), 0, 0) for x in (10, 50, 90, 130)], [100, 100, 100, 100])
    result = plan_grids(b, None, comm, None, PARAMS)
    assert set(result.grids["community_code"]) == {"110108001001"}
    assert result.buildings["grid_code"].notna().all()
    assert "community_overlap" in set(result.problems["kind"])


def test_lines_points_and_zero_area_footprints():
    geoms = [_at(shapely.box(10, 10, 25, 25), 0, 0),
             _at(shapely.LineString([(40, 10), (60, 10)]), 0, 0),
             _at(shapely.Point(80, 80), 0, 0)]
    geoms += [_at(shapely.Polygon([(x, 50), (x + 10, 50), (x + 20, 50), (x, 50)]), 0, 0) for x in range(0, 100, 10)]
    _check(_buildings(geoms, [50] * len(geoms)), _communities(False), _roads(False))


# --- Property tests over generated degeneracies (issue 17, item 8) -----------------------

KINDS = ("box", "concave_pair", "courtyard", "cocircular", "duplicate_vertices", "cross_road",
         "touch_point", "outside", "sliver", "line", "point", "zero_area", "bowtie", "nested")


@st.composite
def degenerate_feature(draw: st.DrawFn, slot: tuple[float, float]) -> list[shapely.Geometry]:
    """One to three footprints of one degenerate kind, drawn in a 40 m slot at ``slot``."""
    x, y = slot
    kind = draw(st.sampled_from(KINDS))
    w = draw(st.floats(6, 25))
    h = draw(st.floats(6, 25))
    if kind == "box":
        return [shapely.box(x, y, x + w, y + h)]
    if kind == "concave_pair":
        # two L-shapes whose concave corners face each other a fraction of a metre apart
        gap = draw(st.floats(0.0, 1.2))
        a = shapely.box(x, y, x + 16, y + 16).difference(shapely.box(x + 8, y + 8, x + 16, y + 16))
        b = shapely.box(x + 8 + gap, y + 8 + gap, x + 24, y + 24).difference(
            shapely.box(x + 8 + gap, y + 8 + gap, x + 16, y + 16)) if gap < 8 else shapely.box(x + 17, y, x + 24, y + 8)
        return [a, b]
    if kind == "courtyard":
        m = draw(st.floats(2, 6))
        outer = shapely.box(x, y, x + w + 2 * m, y + h + 2 * m)
        hole = shapely.box(x + m, y + m, x + m + w, y + m + h)
        return [outer.difference(hole), hole]
    if kind == "cocircular":
        n = draw(st.integers(6, 40))
        r = draw(st.floats(3, 15))
        t = np.linspace(0, 2 * np.pi, n, endpoint=False)
        ring = np.column_stack([x + 18 + r * np.cos(t), y + 18 + r * np.sin(t)])
        inner = [] if not draw(st.booleans()) else [shapely.Point(x + 18, y + 18).buffer(r * 0.5, quad_segs=8)]
        return [shapely.Polygon(ring).difference(inner[0]) if inner else shapely.Polygon(ring), *inner]
    if kind == "duplicate_vertices":
        eps = draw(st.sampled_from([0.0, 1e-12, 1e-9, 1e-6, 1e-3]))
        pts = [(x, y), (x, y), (x + w, y), (x + w + eps, y + eps), (x + w, y + h), (x + w, y + h),
               (x + eps, y + h - eps), (x, y + h), (x, y)]
        return [shapely.Polygon(pts), shapely.box(x + w + eps, y, x + w + eps + 8, y + h)]
    if kind == "cross_road":
        # straddles the minor road at x = 100 or the major one at y = 120
        if draw(st.booleans()):
            return [shapely.box(100 - w / 2, y, 100 + w / 2, y + h)]
        return [shapely.box(x, 120 - h / 2, x + w, 120 + h / 2)]
    if kind == "touch_point":
        return [shapely.box(x, y, x + 10, y + 10), shapely.box(x + 10, y + 10, x + 20, y + 20)]
    if kind == "outside":
        d = draw(st.sampled_from([0.5, 3.0, 20.0, 500.0]))
        return [shapely.box(-d - w, y, -d, y + h)]
    if kind == "sliver":
        t = draw(st.sampled_from([1e-6, 1e-3, 0.05]))
        return [shapely.box(x, y, x + w, y + t), shapely.box(x, y + t, x + w, y + t + 8)]
    if kind == "line":
        return [shapely.LineString([(x, y), (x + w, y + h)])]
    if kind == "point":
        return [shapely.Point(x + w, y + h)]
    if kind == "zero_area":
        return [shapely.Polygon([(x, y), (x + w, y), (x + 2 * w, y), (x, y)])]
    if kind == "bowtie":
        return [shapely.Polygon([(x, y), (x + w, y + h), (x + w, y), (x, y + h), (x, y)])]
    # nested: a footprint inside another one
    return [shapely.box(x, y, x + w + 6, y + h + 6), shapely.box(x + 3, y + 3, x + 3 + w, y + 3 + h)]


@st.composite
def degenerate_scene(draw: st.DrawFn) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    two = draw(st.booleans())
    slots = [(sx * 40.0 + 2, sy * 40.0 + 2) for sx in range(10 if two else 5) for sy in range(5)]
    chosen = draw(st.lists(st.sampled_from(slots), min_size=2, max_size=9, unique=True))
    geoms: list[shapely.Geometry] = []
    for slot in chosen:
        geoms += draw(degenerate_feature(slot))
    households = draw(st.lists(st.integers(0, 160), min_size=len(geoms), max_size=len(geoms)))
    placed = [shapely.transform(g, lambda xy: xy + np.array([X0, Y0])) for g in geoms]
    return _buildings(placed, households), _communities(two), _roads(two)


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scene=degenerate_scene())
def test_degenerate_footprints_never_break_the_plan(scene):
    buildings, communities, roads = scene
    _check(buildings, communities, roads)


# --- The shared OpenStreetMap extract, end to end ----------------------------------------


OSM_EXTRACT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "osm" / "beijing_haidian_wudaokou.osm"


@pytest.fixture(scope="module")
def wudaokou() -> dict:
    """Layers built ad hoc from the shared extract (read only, never modified) with GDAL's OSM
    driver: buildings with households estimated as footprint × 3 floors / 90 m², roads by
    ``highway``, water areas and waterways, and four communities (2 × 2 boxes over the
    middle 90 % of the buildings' extent, so some buildings lie outside every community)."""
    if not OSM_EXTRACT.exists():
        pytest.skip(f"the shared OpenStreetMap extract is not at {OSM_EXTRACT}")
    import pyogrio

    crs = 4547    # CGCS2000 3-degree Gauss-Krüger, central meridian 117°E
    polygons = pyogrio.read_dataframe(OSM_EXTRACT, layer="multipolygons")
    lines = pyogrio.read_dataframe(OSM_EXTRACT, layer="lines")
    buildings = polygons[polygons["building"].notna()][["osm_id", "osm_way_id", "building", "geometry"]]
    buildings = buildings.to_crs(crs).reset_index(drop=True)
    buildings["bid"] = [f"B{i}" for i in range(len(buildings))]
    buildings["households"] = np.round(buildings.geometry.area * 3 / 90).astype(int)
    roads = lines[lines["highway"].notna()][["highway", "geometry"]].to_crs(crs)
    water = [polygons[polygons["natural"] == "water"][["geometry"]].to_crs(crs),
             lines[lines["waterway"].notna()][["geometry"]].to_crs(crs)]
    x0, y0, x1, y1 = buildings.total_bounds
    xs = np.linspace(x0 + 0.05 * (x1 - x0), x1 - 0.05 * (x1 - x0), 3)
    ys = np.linspace(y0 + 0.05 * (y1 - y0), y1 - 0.05 * (y1 - y0), 3)
    boxes = [shapely.box(xs[i], ys[j], xs[i + 1], ys[j + 1]) for i in range(2) for j in range(2)]
    communities = gpd.GeoDataFrame({"code": [f"11010800{k + 1:04d}" for k in range(4)]}, geometry=boxes, crs=crs)
    return {"buildings": buildings, "roads": roads, "water": water, "communities": communities}


@pytest.mark.slow
def test_the_shared_openstreetmap_extract_plans_end_to_end(wudaokou):
    b, comm = wudaokou["buildings"], wudaokou["communities"]
    result = plan_grids(b, wudaokou["roads"], comm, wudaokou["water"], PARAMS)
    assert len(result.grids) > 40
    # no grid crosses a hard barrier but to serve a pocket joined on purpose, which it names
    crossing = result.grids[result.grids["barrier_crossings"] > 0]
    assert crossing["reason"].str.contains("joins a pocket of ").all()
    assert result.summary["barrier_crossings"] == int(crossing["barrier_crossings"].sum()) <= 4
    placed = result.buildings["grid_code"].notna()
    assert placed.sum() > 0.95 * len(b)
    far = result.problems[(result.problems["kind"] == "outside_communities")
                          & result.problems["message"].str.contains("not placed")]
    assert set(result.buildings.loc[~placed, "bid"]) == set(far["feature_id"].astype(str))
    # the same promises as the generated cases (tiling within 1 m² until one precision model
    # makes the grids of neighbouring communities exact)
    _check(b, comm, wudaokou["roads"], tolerance_m2=1.0)
