"""Grid polygons from atoms: dissolve, then make them tile the community exactly."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely

SLIVER_M2 = 0.01
#: A detached part of a grid smaller than this cannot hold a building, whatever cells it
#: touches: it is handed to a neighbour like any sliver.
HELD_MIN_M2 = 1.0
#: Overlays run on a 1 cm precision grid: cells that meet along a road centre line can be
#: apart by 1e-12 m after clipping, and only a fixed-precision union closes such seams.
GRID_SIZE_M = 0.01


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    geom = shapely.make_valid(geom)
    parts = shapely.get_parts(geom)
    parts = parts[shapely.get_type_id(parts) == 3]
    return shapely.union_all(parts) if len(parts) else shapely.Polygon()


def dissolve_grids(community: shapely.Geometry, atom_geoms: np.ndarray, grid_atoms: Sequence[Sequence[int]],
                   atom_weight: np.ndarray, atom_points: Sequence[np.ndarray] | None = None
                   ) -> list[shapely.Geometry]:
    """One polygon per grid that together tile ``community`` with no gap or overlap.

    Grids are the union of their atoms' cells. The cells come from an enclosed
    tessellation, which is not a perfect coverage, so afterwards: everything is clipped to
    the community, overlaps go to the grid listed first, leftover gaps go to the grid they
    share most boundary with, and loose slivers of a grid are handed to a neighbour, so that
    each grid is one polygon. ``atom_weight`` (households) decides which part of a grid is
    its main part when a grid would otherwise fall apart. ``atom_points`` (a point per
    building, one array per atom) tells which detached parts hold the grid's own buildings;
    without it a point inside each atom's cell stands in.
    """
    points = (atom_points if atom_points is not None
              else [np.array([p]) for p in shapely.point_on_surface(atom_geoms)])
    community = _polygonal(shapely.set_precision(community, GRID_SIZE_M))
    grids = []
    for atoms in grid_atoms:
        g = (shapely.union_all(atom_geoms[atoms], grid_size=GRID_SIZE_M) if len(atoms)
             else shapely.Polygon())
        grids.append(_polygonal(shapely.intersection(_polygonal(g), community, grid_size=GRID_SIZE_M)))

    # Overlaps: the first grid keeps them.
    tree = shapely.STRtree(np.array(grids, dtype=object))
    for i in range(len(grids)):
        for j in tree.query(grids[i], predicate="intersects"):
            if j <= i:
                continue
            inter = shapely.intersection(grids[i], grids[j], grid_size=GRID_SIZE_M)
            if shapely.area(inter) > 0:
                # The later grid gives the overlap up, unless that cuts it in two (a hairline
                # overlap across a cell) and the earlier one can give it up whole.
                cut_j = _polygonal(shapely.difference(grids[j], grids[i], grid_size=GRID_SIZE_M))
                if shapely.get_num_geometries(cut_j) > shapely.get_num_geometries(grids[j]):
                    cut_i = _polygonal(shapely.difference(grids[i], grids[j], grid_size=GRID_SIZE_M))
                    if shapely.get_num_geometries(cut_i) <= shapely.get_num_geometries(grids[i]):
                        grids[i] = cut_i
                        continue
                grids[j] = cut_j

    # Gaps and detached slivers go to the neighbour with the longest common boundary.
    for _ in range(3):
        loose = []
        union = shapely.union_all(np.array(grids, dtype=object), grid_size=GRID_SIZE_M)
        gap = _polygonal(shapely.difference(community, union, grid_size=GRID_SIZE_M))
        loose += [p for p in shapely.get_parts(gap) if shapely.area(p) > SLIVER_M2 / 100]
        for i, g in enumerate(grids):
            if shapely.get_num_geometries(g) > 1:
                main, rest = _main_part(g, atom_geoms, grid_atoms[i], atom_weight)
                held = [p for p in rest if shapely.area(p) >= HELD_MIN_M2
                        and _holds_buildings(p, points, grid_atoms[i])]
                if held:
                    # A part with the grid's own atoms is never handed to a neighbour (its
                    # buildings would sit in another grid's polygon). Cells that touch only
                    # within the adjacency tolerance are bridged; failing that the grid stays
                    # in pieces and is reported as non-contiguous.
                    others = [grids[j] for j in range(len(grids)) if j != i]
                    bridged = _bridge(g, community, others)
                    if shapely.get_num_geometries(bridged) == 1:
                        grids[i] = bridged
                        continue
                    main = _polygonal(shapely.union_all([main, *held], grid_size=GRID_SIZE_M))
                    rest = [p for p in rest if not any(p is h for h in held)]
                grids[i] = main
                loose += rest
        if not loose:
            break
        for piece in sorted(loose, key=lambda p: -shapely.area(p)):
            near = shapely.buffer(piece, 0.05, quad_segs=2)
            best, best_len = None, 0.0
            for j, g in enumerate(grids):
                if shapely.is_empty(g) or not shapely.intersects(near, g):
                    continue
                length = shapely.length(shapely.intersection(shapely.boundary(g), near))
                if length > best_len:
                    best, best_len = j, length
            if best is None:
                continue
            grids[best] = _polygonal(shapely.union(grids[best], piece, grid_size=GRID_SIZE_M))
    _drop_hairlines(grids)
    _join_at_points(grids, community)
    return grids


PINCH_M = 0.03      # half-width of the patch that joins two parts of a grid meeting at a point


def _join_at_points(grids: list[shapely.Geometry], community: shapely.Geometry) -> None:
    """Parts of a grid that meet at a single point (a cell's narrow neck collapsed by the 1 cm
    precision) are joined by a patch a few centimetres wide, taken from the neighbours only
    where that does not split them."""
    for i, g in enumerate(grids):
        while shapely.get_num_geometries(g) > 1:
            parts = list(shapely.get_parts(g))
            joined = False
            for a in range(len(parts)):
                for b in range(a + 1, len(parts)):
                    if shapely.distance(parts[a], parts[b]) > 2 * GRID_SIZE_M:
                        continue
                    x, y = shapely.get_coordinates(shapely.shortest_line(parts[a], parts[b]))[0]
                    patch = shapely.intersection(shapely.box(x - PINCH_M, y - PINCH_M, x + PINCH_M, y + PINCH_M),
                                                 community, grid_size=GRID_SIZE_M)
                    candidate = _polygonal(shapely.union(g, patch, grid_size=GRID_SIZE_M))
                    if shapely.get_num_geometries(candidate) >= shapely.get_num_geometries(g):
                        continue
                    trimmed = {}
                    for j, other in enumerate(grids):
                        if j == i or not shapely.intersects(other, patch):
                            continue
                        cut = _polygonal(shapely.difference(other, patch, grid_size=GRID_SIZE_M))
                        if shapely.get_num_geometries(cut) > shapely.get_num_geometries(other):
                            break
                        trimmed[j] = cut
                    else:
                        for j, cut in trimmed.items():
                            grids[j] = cut
                        grids[i] = g = candidate
                        joined = True
                        break
                if joined:
                    break
            if not joined:
                break


def _drop_hairlines(grids: list[shapely.Geometry]) -> None:
    """Detached strips thinner than a building (below ``HELD_MIN_M2``) that no neighbour can
    take without itself falling apart are dropped: a hairline gap of well under a square
    metre, counted by the tiling metric, rather than a grid in pieces."""
    for i, g in enumerate(grids):
        if shapely.get_num_geometries(g) <= 1:
            continue
        parts = list(shapely.get_parts(g))
        small = [p for p in parts if shapely.area(p) < HELD_MIN_M2]
        large = [p for p in parts if shapely.area(p) >= HELD_MIN_M2]
        if not small or len(large) != 1:
            continue
        grids[i] = large[0]
        for piece in small:
            near = shapely.buffer(piece, 0.05, quad_segs=2)
            for j, other in enumerate(grids):
                if j == i or shapely.is_empty(other) or not shapely.intersects(near, other):
                    continue
                joined = _polygonal(shapely.union(other, piece, grid_size=GRID_SIZE_M))
                if shapely.get_num_geometries(joined) == shapely.get_num_geometries(other):
                    grids[j] = joined
                    break


def _main_part(geom: shapely.Geometry, atom_geoms: np.ndarray, atoms: Sequence[int], atom_weight: np.ndarray
               ) -> tuple[shapely.Geometry, list[shapely.Geometry]]:
    """The part of a multipart grid that holds most households (or area); the rest is loose."""
    parts = list(shapely.get_parts(geom))
    if len(parts) <= 1:
        return geom, []
    reps = shapely.point_on_surface(atom_geoms[atoms]) if len(atoms) else np.empty(0, dtype=object)
    score = []
    for p in parts:
        inside = shapely.contains(p, reps) if len(reps) else np.zeros(0, dtype=bool)
        score.append((float(atom_weight[np.asarray(atoms)[inside]].sum()) if len(atoms) else 0.0,
                      shapely.area(p)))
    best = max(range(len(parts)), key=lambda i: score[i])
    return parts[best], [p for i, p in enumerate(parts) if i != best]


BRIDGE_M = 0.1      # gaps between cells this narrow are closed when they split a grid


def _holds_buildings(part: shapely.Geometry, points: Sequence[np.ndarray], atoms: Sequence[int]) -> bool:
    """Whether ``part`` holds a building (a point of it) of one of ``atoms``."""
    mine = [points[a] for a in atoms if len(points[a])]
    if not mine:
        return False
    return bool(shapely.intersects(part, np.concatenate(mine)).any())


def _bridge(geom: shapely.Geometry, community: shapely.Geometry, others: list[shapely.Geometry]
            ) -> shapely.Geometry:
    """``geom`` with narrow gaps closed (buffer out and in), kept inside the community and
    out of the other grids."""
    closed = shapely.buffer(shapely.buffer(geom, BRIDGE_M, quad_segs=2, join_style="mitre"),
                            -BRIDGE_M, quad_segs=2, join_style="mitre")
    closed = shapely.union(closed, geom, grid_size=GRID_SIZE_M)
    closed = shapely.intersection(closed, community, grid_size=GRID_SIZE_M)
    others = [o for o in others if not shapely.is_empty(o)]
    if others:
        closed = shapely.difference(closed, shapely.union_all(others, grid_size=GRID_SIZE_M),
                                    grid_size=GRID_SIZE_M)
    return _polygonal(closed)
