"""The fast paths of the atoms, the dissolve and the plan-wide checks (issue 24) give what the
plain overlays they replace give, on the real Wudaokou extract and on hand-made cases.

Each fast path skips or shares work: the adjacency grows each cell once instead of once per
pair and runs the barrier overlays only on the common boundaries that touch a barrier; the
dissolve and the tiling check intersect only grids whose interiors meet; the tiling check
unites a valid coverage by its edges; ``conform_plan`` moves the vertices of a community's
grids onto its outline in one pass. The reference versions below are the code before.
"""

from __future__ import annotations

import shutil

import geopandas as gpd
import numpy as np
import pytest
import shapely

from gridplanner.algorithms import PlanParameters, atoms, geometry, metrics, planner
from gridplanner.algorithms.atoms import (
    ADJ_TOLERANCE_M,
    BARRIER_SNAP_M,
    MIN_SHARED_M,
    PASSAGE_M,
    SEP_HARD,
    SEP_NONE,
    SEP_SOFT,
    SEP_WATER,
)
from gridplanner.cli import main

pytestmark = [pytest.mark.slow,
              pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning",
                                         "ignore::DeprecationWarning")]


@pytest.fixture(scope="module")
def wudaokou(repo_root, tmp_path_factory):
    """The shared extract prepared as a user does (``prepare-osm``), its tasks and each
    community's plan before the plan-wide noding."""
    shared = repo_root.parent / "shared" / "data" / "osm" / "beijing_haidian_wudaokou.osm"
    if not shared.is_file():
        pytest.skip(f"the shared OpenStreetMap extract is not at {shared}")
    folder = tmp_path_factory.mktemp("wudaokou_fast")
    osm = folder / shared.name
    shutil.copyfile(shared, osm)
    layers = folder / "layers.gpkg"
    assert main(["prepare-osm", str(osm), "-o", str(layers)]) == 0
    read = {name: gpd.read_file(layers, layer=name) for name in ("buildings", "roads", "water", "waterway",
                                                                 "compounds")}
    params = PlanParameters(building_id_field="osm_id", seed=1)
    prep = planner.prepare_inputs(read["buildings"], read["roads"], None, [read["water"], read["waterway"]],
                                  params, compounds=read["compounds"])
    tasks = planner.build_tasks(prep, params)
    return prep, tasks, [planner.build_community_graph(t) for t in tasks]


def _reference_adjacency(geometry_: np.ndarray, kinds: np.ndarray, hard_buffer, soft_buffer, water=None):
    """``atoms._adjacency`` before issue 24: every overlay on every pair."""
    tree = shapely.STRtree(geometry_)
    a, b = tree.query(geometry_, predicate="dwithin", distance=ADJ_TOLERANCE_M)
    keep = a < b
    a, b = a[keep], b[keep]
    shared = shapely.intersection(shapely.boundary(geometry_[a]),
                                  shapely.buffer(geometry_[b], ADJ_TOLERANCE_M, quad_segs=2))
    length = shapely.length(shared)
    keep = length >= MIN_SHARED_M
    a, b, shared, length = a[keep], b[keep], shared[keep], length[keep]
    sep = np.full(len(a), SEP_NONE, dtype=np.int64)
    if soft_buffer is not None:
        along = shapely.length(shapely.intersection(shared, soft_buffer))
        sep[along >= 0.5 * length] = SEP_SOFT
    blockers = []
    hard_along = np.zeros(len(a))
    water_along = np.zeros(len(a))
    if hard_buffer is not None:
        blockers.append(hard_buffer)
        hard_along = shapely.length(shapely.intersection(shared, hard_buffer))
    if water is not None and len(water):
        wbuf = shapely.buffer(shapely.union_all(shapely.boundary(water)), BARRIER_SNAP_M, quad_segs=2)
        blockers.append(wbuf)
        water_along = shapely.length(shapely.intersection(shared, wbuf))
    if blockers:
        free = shapely.length(shapely.difference(shared, shapely.union_all(blockers)))
        closed = free < PASSAGE_M
        sep[closed & (hard_along > 0) & (hard_along >= water_along)] = SEP_HARD
        sep[closed & (sep != SEP_HARD)] = SEP_WATER
    watery = (kinds[a] == "water") | (kinds[b] == "water")
    sep[watery & (sep != SEP_HARD)] = SEP_WATER
    return a, b, length, sep


def test_adjacency_of_real_atoms_and_blocks_is_the_full_overlays(wudaokou):
    _, tasks, graphs = wudaokou
    pairs = 0
    for task, graph in zip(tasks, graphs):
        hard = atoms._barrier_buffer(task.hard_lines, task.geometry, atoms.BARRIER_CUT_M)
        soft = atoms._barrier_buffer(task.soft_lines, task.geometry)
        water = np.asarray(task.water, dtype=object)
        for geoms, kinds, soft_buffer, water_ in (
                (graph.geometry, np.asarray(graph.kind), soft, None),
                (graph.enclosures, np.array(["land"] * len(graph.enclosures)), None, water)):
            fast = atoms._adjacency(geoms, kinds, hard, soft_buffer, water=water_)
            slow = _reference_adjacency(geoms, kinds, hard, soft_buffer, water_)
            for f, s in zip(fast, slow):
                np.testing.assert_array_equal(f, s)
            pairs += len(fast[0])
        # the graph's own edges are the adjacency's
        np.testing.assert_array_equal(graph.edge_sep, _reference_adjacency(
            graph.geometry, np.asarray(graph.kind), hard, soft, None)[3])
    assert pairs > 500
    assert sum(int((g.edge_sep == SEP_HARD).sum()) for g in graphs) > 10     # barriers were measured


def test_lengths_inside_a_barrier_buffer_are_the_overlay_lengths():
    buffer = shapely.buffer(shapely.LineString([(0, 0), (100, 0)]), 1.0, quad_segs=2)
    lines = np.array([shapely.LineString([(10, -5), (10, 5)]),        # across: 2 m inside
                      shapely.LineString([(10, 1), (10, 5)]),         # touches the edge: 0
                      shapely.LineString([(10, 3), (10, 5)]),         # apart: 0
                      shapely.LineString([(20, -0.5), (60, -0.5)])],  # along, inside: 40
                     dtype=object)
    np.testing.assert_array_equal(atoms._length_inside(lines, buffer),
                                  shapely.length(shapely.intersection(lines, buffer)))
    np.testing.assert_allclose(atoms._length_inside(lines, buffer), [2, 0, 0, 40])


def test_dissolve_is_the_same_with_every_pair_of_grids_intersected(wudaokou, monkeypatch):
    _, tasks, graphs = wudaokou
    inputs = []
    for task, graph in zip(tasks, graphs):
        rng = np.random.default_rng(planner._community_seed(task.params.seed, task.code))
        drafts = planner.partition_community(graph, task.params.band, rng, grid_count=None)
        points = shapely.point_on_surface(task.footprints)
        inputs.append((task.area, graph.geometry, [d.atoms for d in drafts], graph.households,
                       [points[m] for m in graph.members]))
    fast = [geometry.dissolve_grids(*args) for args in inputs]
    monkeypatch.setattr(geometry, "_interiors_meet", lambda a, b: True)
    slow = [geometry.dissolve_grids(*args) for args in inputs]
    assert sum(len(f) for f in fast) >= 20
    assert [shapely.to_wkb(g) for f in fast for g in f] == [shapely.to_wkb(g) for s in slow for g in s]


def _reference_onto_outline(geom, area):
    """``geometry._onto_outline`` before issue 24: one grid at a time."""
    outline = shapely.boundary(area)
    xy = shapely.get_coordinates(geom)
    pts = shapely.points(xy)
    near = shapely.dwithin(pts, outline, geometry.GRID_SIZE_M) & ~shapely.intersects(pts, outline)
    if not near.any():
        return geom
    xy[near] = shapely.get_coordinates(shapely.line_interpolate_point(
        outline, shapely.line_locate_point(outline, pts[near])))
    moved = shapely.transform(geom, lambda _: xy)
    return geometry.polygonal_part(moved) if not shapely.is_valid(moved) else moved


def test_grids_moved_onto_their_community_line_at_once_as_one_by_one():
    area = shapely.Polygon([(0, 0), (100, 3), (100, 60), (0, 60)])        # a slanted south edge
    # grids clipped on the 1 cm grid: their corners on the slanted edge lie off it by millimetres
    grids = list(shapely.set_precision(shapely.intersection(
        [shapely.box(0, -5, 37.3, 70), shapely.box(37.3, -5, 71.7, 70), shapely.box(71.7, -5, 100, 70)], area),
        geometry.GRID_SIZE_M))
    grids.append(shapely.Polygon())
    fast = geometry._onto_outline(grids, area)
    slow = [_reference_onto_outline(g, area) if not shapely.is_empty(g) else g for g in grids]
    assert [shapely.to_wkb(g) for g in fast] == [shapely.to_wkb(g) for g in slow]
    assert any(not shapely.equals_exact(f, g, 0) for f, g in zip(fast, grids))   # something moved


def test_tiling_check_of_a_real_plan_is_the_same_without_the_coverage_path(wudaokou, monkeypatch):
    prep, tasks, _ = wudaokou
    result = planner._assemble(prep, tasks[0].params, tasks,
                               {t.code: planner._plan_one(t) for t in tasks})
    fast = metrics.plan_tiling_check(result.grids, prep.communities_given)
    assert metrics._is_coverage(result.grids.geometry.to_numpy())
    monkeypatch.setattr(metrics, "_is_coverage", lambda geoms: False)
    monkeypatch.setattr(shapely, "relate_pattern", lambda a, b, p: np.ones(len(a), dtype=bool))
    slow = metrics.plan_tiling_check(result.grids, prep.communities_given)
    assert fast.summary() == pytest.approx(slow.summary(), nan_ok=True, rel=1e-9, abs=1e-12)
    assert fast.deviations == pytest.approx(slow.deviations, rel=1e-9, abs=1e-12)
    assert fast.gaps == slow.gaps and fast.overlapping_pairs == slow.overlapping_pairs


def test_tiling_check_still_finds_overlaps_duplicates_and_gaps():
    def grids(geoms):
        return gpd.GeoDataFrame({"grid_code": [f"G{i}" for i in range(len(geoms))],
                                 "community_code": ["C"] * len(geoms)}, geometry=geoms)
    tiles = [shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10)]
    assert metrics._is_coverage(np.array(tiles, dtype=object))
    clean = metrics.plan_tiling_check(grids(tiles))
    assert clean.overlap_m2 == 0 and clean.gap_m2 == 0 and clean.ok
    overlapping = metrics.plan_tiling_check(grids([tiles[0], shapely.box(9, 0, 20, 10)]))
    assert overlapping.overlap_m2 == pytest.approx(10) and not overlapping.ok
    duplicated = metrics.plan_tiling_check(grids([tiles[0], tiles[1], tiles[1]]))
    assert duplicated.overlap_m2 == pytest.approx(100)
    inside = metrics.plan_tiling_check(grids([shapely.box(0, 0, 20, 10), shapely.box(2, 2, 4, 4)]))
    assert inside.overlap_m2 == pytest.approx(4)
    assert not metrics._is_coverage(np.array([tiles[0], shapely.LineString([(10, 0), (20, 10)])], dtype=object))
    assert not metrics._is_coverage(np.array([tiles[0], shapely.Polygon([(10, 0), (20, 10), (20, 0), (10, 10)])],
                                             dtype=object))      # a bow-tie: invalid
    ring = [shapely.box(x, y, x + 10, y + 10) for x in (0, 10, 20) for y in (0, 10, 20) if (x, y) != (10, 10)]
    assert metrics._is_coverage(np.array(ring, dtype=object))      # a valid coverage with a hole
    gap = metrics.plan_tiling_check(grids(ring))
    assert gap.gap_m2 == pytest.approx(100) and not gap.ok
