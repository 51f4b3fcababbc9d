"""Degenerate inputs real data brings (issues 17 and 18): the engine repairs or reports
them and never raises.

Hand-built cases first (the crash found on real data, buildings outside every community,
communities covering each other, footprints without area), then hypothesis property tests
over generated degeneracies, then the whole pipeline on the shared OpenStreetMap extract.
"""

from __future__ import annotations

import numpy as np
import shapely

from gridplanner.algorithms import atoms


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
