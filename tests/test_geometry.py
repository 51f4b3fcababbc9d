"""Grid polygons from atom cells: exact tiling, and a grid's own cells never given away."""

import geopandas as gpd
import numpy as np
import shapely
from lattice import make_layout

from gridplanner.algorithms import PlanParameters
from gridplanner.algorithms.atoms import _edge_connected
from gridplanner.algorithms.geometry import dissolve_grids
from gridplanner.algorithms.planner import build_community_graph, build_tasks
from gridplanner.algorithms.prepare import prepare_inputs


def test_cells_split_by_a_hairline_gap_stay_in_their_grid():
    community = shapely.box(0, 0, 20, 20)
    # grid 0: two cells with a 3 cm gap between them (closer than the adjacency tolerance);
    # grid 1: the cell above both, which the old dissolve handed the smaller cell to
    cells = np.array([shapely.box(0, 0, 9.97, 10), shapely.box(10, 0, 20, 10), shapely.box(0, 10, 20, 20)],
                     dtype=object)
    grids = dissolve_grids(community, cells, [[0, 1], [2]], np.array([50, 60, 70]))
    assert shapely.get_num_geometries(grids[0]) == 1
    assert grids[0].covers(shapely.Point(5, 5)) and grids[0].covers(shapely.Point(15, 5))
    assert not grids[1].covers(shapely.Point(5, 5))
    union = shapely.union_all(grids)
    assert abs(union.area - community.area) < 1e-6
    assert abs(sum(g.area for g in grids) - union.area) < 1e-6


def test_a_separate_empty_sliver_goes_to_a_neighbour():
    community = shapely.box(0, 0, 20, 10)
    cells = np.array([shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10)], dtype=object)
    grids = dissolve_grids(community, cells, [[0], [1]], np.array([50, 60]))
    assert all(shapely.get_num_geometries(g) == 1 for g in grids)
    assert abs(sum(g.area for g in grids) - 200) < 1e-6


def test_a_hairline_cell_of_a_grid_beyond_its_neighbour_does_not_split_it():
    # grid 0 holds a 2 cm strip on the far side of grid 1 (a sliver cell of the tessellation
    # along a road): it cannot hold a building, so grid 1 takes it and both stay whole
    community = shapely.box(0, 0, 20.02, 10)
    cells = np.array([shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10),
                      shapely.box(20, 0, 20.02, 10)], dtype=object)
    grids = dissolve_grids(community, cells, [[0, 2], [1]], np.array([50, 60, 0]))
    assert all(shapely.get_num_geometries(g) == 1 for g in grids)
    assert grids[1].covers(shapely.Point(20.01, 5))
    assert abs(sum(g.area for g in grids) - community.area) < 1e-6


def test_block_tessellation_tiles_the_block_and_holds_each_building():
    from gridplanner.algorithms.atoms import _voronoi_cells

    block = shapely.Polygon([(0, 0), (60, 0), (70, 40), (0, 50)])
    rng = np.random.default_rng(2)
    footprints = [shapely.box(x, y, x + rng.uniform(6, 12), y + rng.uniform(6, 10))
                  for x, y in [(3, 3), (20, 4), (40, 5), (5, 25), (25, 22), (45, 24)]]
    cells = _voronoi_cells(block, footprints)
    assert len(cells) == len(footprints)
    union = shapely.union_all(cells)
    assert abs(union.area - block.area) < 1e-6 * block.area
    assert abs(sum(c.area for c in cells) - union.area) < 1e-6 * block.area
    for cell, fp in zip(cells, footprints):
        assert cell.contains(fp.centroid)
        assert shapely.area(shapely.intersection(cell, fp)) > 0.95 * fp.area
    assert _voronoi_cells(block, footprints[:1]) == [block]


def test_parts_meeting_at_a_point_are_joined_by_a_patch():
    # a checkerboard: grid 0's two cells meet grid 1's at one corner; grid 0 is made one
    # polygon with a few square centimetres of grid 1, which was in two parts anyway
    community = shapely.box(0, 0, 20, 20)
    cells = np.array([shapely.box(0, 0, 10, 10), shapely.box(10, 10, 20, 20),
                      shapely.box(10, 0, 20, 10), shapely.box(0, 10, 10, 20)], dtype=object)
    grids = dissolve_grids(community, cells, [[0, 1], [2, 3]], np.array([50, 50, 60, 60]))
    assert shapely.get_num_geometries(grids[0]) == 1
    assert abs(sum(g.area for g in grids) - community.area) < 1e-6
    assert abs(shapely.union_all(grids).area - community.area) < 1e-6


def test_cell_polygons_meeting_at_a_corner_are_separate_atoms():
    # a cluster of two buildings in diagonal corners of a block: their cells meet at a corner
    # (6 cm apart), so a grid holding both but not the cells between would be in two parts
    corner = np.array([shapely.box(0, 0, 10, 10), shapely.box(10.04, 10.05, 20, 20)], dtype=object)
    assert _edge_connected(corner).tolist() == [0, 1]
    # a compound's cell must stay one atom (the compound whole): corners join it
    assert _edge_connected(corner, corners=True).tolist() == [0, 0]
    # the same cells along a 3 cm seam are one piece
    seam = np.array([shapely.box(0, 0, 10, 10), shapely.box(10.03, 0, 20, 10)], dtype=object)
    assert _edge_connected(seam).tolist() == [0, 0]


def test_every_atom_of_a_generated_layout_is_one_polygon():
    # this layout's coordinate bisection put two diagonal buildings of a block in one cluster
    # atom; with those balance weights the grid holding it was planned in two parts
    buildings, roads, communities, water = make_layout(
        seed=1, rows=8, cols=8, hard_every=100, per_block=(5, 12), households=(5, 30), compound_share=0.1)
    params = PlanParameters(seed=1)
    prep = prepare_inputs(buildings, roads, communities, water, params)
    graph = build_community_graph(build_tasks(prep, params)[0])
    assert (shapely.get_num_geometries(graph.geometry) == 1).all()


def test_snap_coverage_makes_a_shared_edge_digitised_twice_exact():
    """Two communities whose shared line was digitised twice, a few millimetres apart, off the
    precision grid: snapped together once they share exact edges (a valid coverage), the
    overlap goes to the first and the narrow gaps are closed."""
    from gridplanner.algorithms import metrics
    from gridplanner.algorithms.geometry import conform_plan, snap_coverage

    x, y = 500000.1234567, 3350000.7654321
    west = shapely.Polygon([(x, y), (x + 100.0017, y + 0.0031), (x + 100.0042, y + 50.0021),
                            (x + 100.0061, y + 120.0049), (x + 0.0011, y + 120.0013)])
    east = shapely.Polygon([(x + 100.0017, y + 0.0031), (x + 230.3, y + 0.1), (x + 230.2, y + 119.9),
                            (x + 100.0061, y + 120.0049), (x + 100.0009, y + 80.0037), (x + 100.0071, y + 30.0011)])
    assert shapely.area(shapely.intersection(west, east)) > 0 and shapely.area(
        shapely.difference(shapely.convex_hull(shapely.union(west, east)), shapely.union(west, east))) > 0
    snapped = snap_coverage([west, east])
    assert bool(shapely.coverage_is_valid(np.array(snapped, dtype=object)))
    assert shapely.area(shapely.intersection(*snapped)) == 0
    # grids of each, dissolved on their own: conformed, they tile the plan at full precision
    grids = [[shapely.set_precision(shapely.intersection(snapped[0], shapely.box(x, y, x + 200, y + 60.00337)), 0.01),
              shapely.set_precision(shapely.intersection(snapped[0], shapely.box(x, y + 60.00337, x + 200, y + 200)),
                                    0.01)],
             [shapely.set_precision(snapped[1], 0.01)]]
    conformed = conform_plan(snapped, grids)
    frame = gpd.GeoDataFrame({"grid_code": ["W1", "W2", "E1"], "community_code": ["W", "W", "E"]},
                             geometry=[g for gs in conformed for g in gs])
    check = metrics.plan_tiling_check(frame, gpd.GeoDataFrame({"code": ["W", "E"]}, geometry=[west, east]))
    assert check.ok, check.messages()
    assert check.overlap_width_m == 0 and check.gap_width_m < 1e-6


def test_an_empty_hairline_strip_is_no_atom_joining_blocks_across_a_hard_road():
    # a minor road drawn 1 mm inside the community's top edge leaves a 1 mm strip of land
    # along it; as an atom it touched both sides of the hard road below it and joined them
    from gridplanner.algorithms.atoms import SEP_HARD, build_atoms, is_sliver

    community = shapely.box(0, 0, 200, 100)
    soft = np.array([shapely.LineString([(-5, 99.999), (205, 99.999)])], dtype=object)
    hard = np.array([shapely.LineString([(100, -5), (100, 99.999)])], dtype=object)
    footprints = np.array([shapely.box(20, 20, 40, 40), shapely.box(160, 20, 180, 40)], dtype=object)
    none = np.array([None, None], dtype=object)
    graph = build_atoms(community, footprints, np.array([100, 100]), np.array([100.0, 100.0]),
                        np.array([300.0, 300.0]), none, none, none, hard, soft, np.empty(0, dtype=object),
                        max_households=500, cluster_households=40, seed=1)
    assert not any(len(m) == 0 and is_sliver(g) for g, m in zip(graph.geometry, graph.members))
    assert len(graph.edge_i) and (graph.edge_sep == SEP_HARD).all()
    assert is_sliver(shapely.box(0, 99.999, 200, 100)) and not is_sliver(shapely.box(0, 0, 3, 200))


def test_the_plan_noding_does_not_cut_a_grid_at_a_hairline_bridge_its_neighbour_also_covers():
    # grid A's two halves meet through a 5 mm bridge (the dissolve's join of two cells that
    # touch within the adjacency tolerance); neighbour B's thin tongue covers the bridge too.
    # The noding gave the bridge to B (listed first) and cut A in two (the 10M city: 4 grids).
    from gridplanner.algorithms.geometry import conform_plan

    low, high = 4.9975, 5.0025
    community = shapely.difference(shapely.box(0, 0, 20, 10), shapely.box(-1, low, 4, high))
    grid_a = shapely.union_all([shapely.box(0, 0, 10, low), shapely.box(0, high, 10, 10), shapely.box(4, low, 6, high)])
    grid_b = shapely.union(shapely.box(10, 0, 20, 10), shapely.box(4, low, 10, high))
    assert shapely.get_num_geometries(grid_a) == 1
    b_out, a_out = conform_plan([community], [[grid_b, grid_a]])[0]
    assert shapely.get_num_geometries(a_out) == 1
    assert shapely.get_num_geometries(b_out) == 1
    assert abs(shapely.area(a_out) + shapely.area(b_out) - shapely.area(community)) < 0.05   # 1 cm grid
