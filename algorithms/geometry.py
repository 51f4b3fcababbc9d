"""Grid polygons from atoms: dissolve, then make them tile the community exactly."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely

from .metrics import GRID_SIZE_M, sliver_width

SLIVER_M2 = 0.01
#: A detached part of a grid smaller than this cannot hold a building, whatever cells it
#: touches: it is handed to a neighbour like any sliver.
HELD_MIN_M2 = 1.0
#: Overlays run on the plan's precision grid (:data:`metrics.GRID_SIZE_M`, 1 cm): cells that
#: meet along a road centre line can be apart by 1e-12 m after clipping, and only a
#: fixed-precision union closes such seams.
__all__ = ["GRID_SIZE_M", "conform_plan", "dissolve_grids", "polygonal_part", "snap_coverage"]


def polygonal_part(geom: shapely.Geometry | None) -> shapely.Geometry:
    """The polygons of ``geom``, repaired (``make_valid``), as one geometry: lines and points
    that overlays leave beside them dropped, polygons inside collections kept; an empty
    polygon when there are none."""
    if geom is None or shapely.is_empty(geom):
        return shapely.Polygon()
    geom = shapely.make_valid(geom)
    if shapely.get_type_id(geom) in (3, 6):
        return geom
    parts = shapely.get_parts(shapely.get_parts(geom))      # a collection may hold multipolygons
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
    community = polygonal_part(shapely.set_precision(community, GRID_SIZE_M))
    grids = []
    for atoms in grid_atoms:
        g = (shapely.union_all(atom_geoms[atoms], grid_size=GRID_SIZE_M) if len(atoms)
             else shapely.Polygon())
        grids.append(polygonal_part(shapely.intersection(polygonal_part(g), community, grid_size=GRID_SIZE_M)))

    # Overlaps: the first grid keeps them.
    tree = shapely.STRtree(np.array(grids, dtype=object))
    for i in range(len(grids)):
        for j in tree.query(grids[i], predicate="intersects"):
            if j <= i or not _interiors_meet(grids[i], grids[j]):
                continue
            inter = shapely.intersection(grids[i], grids[j], grid_size=GRID_SIZE_M)
            if shapely.area(inter) > 0:
                # The later grid gives the overlap up, unless that cuts it in two (a hairline
                # overlap across a cell) and the earlier one can give it up whole.
                cut_j = polygonal_part(shapely.difference(grids[j], grids[i], grid_size=GRID_SIZE_M))
                if shapely.get_num_geometries(cut_j) > shapely.get_num_geometries(grids[j]):
                    cut_i = polygonal_part(shapely.difference(grids[i], grids[j], grid_size=GRID_SIZE_M))
                    if shapely.get_num_geometries(cut_i) <= shapely.get_num_geometries(grids[i]):
                        grids[i] = cut_i
                        continue
                grids[j] = cut_j

    # Gaps and detached slivers go to the neighbour with the longest common boundary.
    for _ in range(3):
        loose = []
        union = shapely.union_all(np.array(grids, dtype=object), grid_size=GRID_SIZE_M)
        gap = polygonal_part(shapely.difference(community, union, grid_size=GRID_SIZE_M))
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
                    main = polygonal_part(shapely.union_all([main, *held], grid_size=GRID_SIZE_M))
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
            grids[best] = polygonal_part(shapely.union(grids[best], piece, grid_size=GRID_SIZE_M))
    _drop_hairlines(grids)
    _join_at_points(grids, community)
    return grids


def _interiors_meet(a: shapely.Geometry, b: shapely.Geometry) -> bool:
    """Whether two polygons can overlap with area: their interiors meet (a predicate; most
    neighbouring grids only share an edge, and an overlay would be spent on each)."""
    try:
        return bool(shapely.relate_pattern(a, b, "2********"))
    except shapely.errors.GEOSException:
        return True


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
                    candidate = polygonal_part(shapely.union(g, patch, grid_size=GRID_SIZE_M))
                    if shapely.get_num_geometries(candidate) >= shapely.get_num_geometries(g):
                        continue
                    trimmed = {}
                    for j, other in enumerate(grids):
                        if j == i or not shapely.intersects(other, patch):
                            continue
                        cut = polygonal_part(shapely.difference(other, patch, grid_size=GRID_SIZE_M))
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
                joined = polygonal_part(shapely.union(other, piece, grid_size=GRID_SIZE_M))
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
    # Snapped to the precision grid, an overlay can leave slivers as lines or points beside the
    # polygons (a GeometryCollection), which the next overlay refuses ("mixed-dimension"): keep
    # the polygonal part after each step.
    closed = polygonal_part(shapely.union(closed, geom, grid_size=GRID_SIZE_M))
    closed = polygonal_part(shapely.intersection(closed, community, grid_size=GRID_SIZE_M))
    others = [o for o in others if not shapely.is_empty(o)]
    if others:
        closed = shapely.difference(closed, polygonal_part(shapely.union_all(others, grid_size=GRID_SIZE_M)),
                                    grid_size=GRID_SIZE_M)
    return polygonal_part(closed)


def _faces(polygons: Sequence[shapely.Geometry]) -> np.ndarray:
    """The faces of the arrangement of every boundary of ``polygons``, noded once on the
    precision grid: neighbouring faces share exact edges, whatever polygons they came from."""
    polys = [p for p in polygons if p is not None and not shapely.is_empty(p)]
    if not polys:
        return np.empty(0, dtype=object)
    lines = shapely.union_all(shapely.boundary(np.array(polys, dtype=object)), grid_size=GRID_SIZE_M)
    # The noded lines are polygonized as they are, not first split into one Python object each.
    faces = shapely.get_parts(shapely.polygonize([lines]))
    return faces[shapely.area(faces) > 0]


def _label_faces(faces: np.ndarray, owners: np.ndarray, reach: np.ndarray | None = None) -> np.ndarray:
    """``owners`` (−1: none) completed: a face without an owner takes the owner of the
    neighbouring face it shares most boundary with, repeatedly, as long as ``reach`` allows
    (faces where ``reach`` is False stay unowned)."""
    owners = owners.copy()
    todo = np.flatnonzero(owners < 0)
    if reach is not None:
        todo = todo[reach[todo]]
    if not len(todo):
        return owners
    tree = shapely.STRtree(faces)
    bounds = shapely.boundary(faces)
    for _ in range(8):
        left = []
        for f in todo:
            best, best_len = -1, 0.0
            for g in tree.query(faces[f], predicate="intersects"):
                if g == f or owners[g] < 0:
                    continue
                length = float(shapely.length(shapely.intersection(bounds[f], bounds[g])))
                if length > best_len:
                    best, best_len = int(owners[g]), length
            if best >= 0:
                owners[f] = best
            else:
                left.append(f)
        if len(left) == len(todo):
            break
        todo = np.array(left, dtype=np.int64)
    return owners


def _first_containing(polygons: Sequence[shapely.Geometry], points: np.ndarray) -> np.ndarray:
    """Index of the first of ``polygons`` that contains each point (−1: none)."""
    out = np.full(len(points), -1, dtype=np.int64)
    arr = np.array([p if p is not None else shapely.Polygon() for p in polygons], dtype=object)
    if not len(arr) or not len(points):
        return out
    pt, poly = shapely.STRtree(arr).query(points, predicate="within")
    order = np.lexsort((poly, pt))
    pt, poly = pt[order], poly[order]
    first = np.unique(pt, return_index=True)[1]
    out[pt[first]] = poly[first]
    return out


def _dissolve_faces(faces: np.ndarray, owners: np.ndarray, n: int) -> list[shapely.Geometry]:
    out = []
    for i in range(n):
        mine = faces[owners == i]
        out.append(polygonal_part(shapely.coverage_union_all(mine)) if len(mine) else shapely.Polygon())
    return out


def snap_coverage(polygons: Sequence[shapely.Geometry], max_gap_m: float = GRID_SIZE_M
                  ) -> list[shapely.Geometry]:
    """``polygons`` made an exact coverage on the precision grid, in one noding.

    Every boundary is snapped and noded once together; land in several polygons goes to
    the first; gaps between them narrower than ``max_gap_m`` (:func:`metrics.sliver_width`)
    go to the neighbour they share most boundary with; wider gaps stay. Neighbours then
    share exact edges.
    """
    faces = _faces(polygons)
    if not len(faces):
        return [shapely.Polygon() for _ in polygons]
    owners = _first_containing(polygons, shapely.point_on_surface(faces))
    owners = _label_faces(faces, owners, reach=sliver_width(faces) <= max_gap_m)
    return _dissolve_faces(faces, owners, len(polygons))


def _onto_outline(geoms: Sequence[shapely.Geometry], area: shapely.Geometry) -> list[shapely.Geometry]:
    """``geoms`` (the grids of one community) with their vertices that lie off ``area``'s
    outline by at most the precision grid moved onto it. A fixed-precision clip rounds the
    points where cell edges meet the community line, up to 7 mm off a slanted line; moved
    back, the one noding of :func:`conform_plan` snaps the line through them instead of
    leaving slivers. The outline is measured against every vertex of the community's grids
    at once."""
    out = list(geoms)
    usable = [i for i, g in enumerate(out) if g is not None and not shapely.is_empty(g)]
    if not usable or area is None or shapely.is_empty(area):
        return out
    arr = np.array([out[i] for i in usable], dtype=object)
    outline = shapely.boundary(area)
    shapely.prepare(outline)
    xy, owner = shapely.get_coordinates(arr, return_index=True)
    pts = shapely.points(xy)
    # Most vertices lie inside the community, far from its line: an index of the line's
    # segments leaves only those near it to measure.
    ring_xy, ring = shapely.get_coordinates(shapely.get_parts(outline), return_index=True)
    same = ring[1:] == ring[:-1]
    segments = shapely.linestrings(np.stack([ring_xy[:-1][same], ring_xy[1:][same]], axis=1))
    candidates = np.unique(shapely.STRtree(segments).query(pts, predicate="dwithin", distance=GRID_SIZE_M)[0])
    near = np.zeros(len(pts), dtype=bool)
    near[candidates] = (shapely.dwithin(pts[candidates], outline, GRID_SIZE_M)
                        & ~shapely.intersects(pts[candidates], outline))
    if not near.any():
        return out
    xy[near] = shapely.get_coordinates(shapely.line_interpolate_point(
        outline, shapely.line_locate_point(outline, pts[near])))
    bounds = np.searchsorted(owner, np.arange(len(arr) + 1))
    for k in np.unique(owner[near]):
        part = xy[bounds[k]:bounds[k + 1]]
        moved = shapely.transform(arr[k], lambda _, part=part: part)
        out[usable[k]] = polygonal_part(moved) if not shapely.is_valid(moved) else moved
    return out


#: A face of the plan's noding this narrow that joins two parts of a grid is its own (conform_plan).
BRIDGE_WIDTH_M = 0.05


def conform_plan(communities: Sequence[shapely.Geometry], grids: Sequence[Sequence[shapely.Geometry]]
                 ) -> list[list[shapely.Geometry]]:
    """The grids of every community (``grids[c]`` those of ``communities[c]``) on one
    noding of the whole plan, so that neighbouring grids share exact edges also across
    community lines.

    Each community's grids were dissolved and snapped on their own, and a fixed-precision
    overlay moves an edge wherever it adds a vertex to it: a grid's outer edge bends where a
    cell edge met the community line, its neighbour's in the next community does not, and
    millimetre slivers open between them. Here every grid and community boundary is noded
    once on the precision grid; each face of that arrangement goes to the community holding
    it (the first one) and to that community's grid holding it (the first one); faces of a
    community in no grid go to one of its grids, and slivers no wider than the precision grid
    left over go to the grid they share most boundary with. A grid that the move leaves in
    more parts than it had gives its new small parts to neighbours.
    """
    grids = [_onto_outline(gs, area) for gs, area in zip(grids, communities)]
    flat = [g for gs in grids for g in gs]
    start = np.cumsum([0] + [len(gs) for gs in grids])
    faces = _faces(list(communities) + flat)
    if not len(faces):
        return [list(gs) for gs in grids]
    reps = shapely.point_on_surface(faces)
    comm = _first_containing(communities, reps)
    owners = np.full(len(faces), -1, dtype=np.int64)
    for c in range(len(communities)):
        sel = np.flatnonzero(comm == c)
        if len(sel) and start[c + 1] > start[c]:
            inside = _first_containing(flat[start[c]:start[c + 1]], reps[sel])
            owners[sel] = np.where(inside >= 0, inside + start[c], -1)
    # Land of a community that none of its grids holds goes to one of its grids.
    for c in range(len(communities)):
        sel = comm == c
        if start[c + 1] == start[c] or not (sel & (owners < 0)).any():
            continue
        own = (owners >= start[c]) & (owners < start[c + 1])
        local = _label_faces(faces, np.where(own, owners, np.where(sel, -1, -2)), reach=sel)
        owners = np.where(sel & (owners < 0), local, owners)
    # Slivers left (outside every community, or of a community none of whose grids they
    # touch) go to any grid they touch.
    owners = _label_faces(faces, owners, reach=sliver_width(faces) <= GRID_SIZE_M)
    before = [shapely.get_num_geometries(g) if g is not None else 0 for g in flat]
    out = _dissolve_faces(faces, owners, len(flat))
    for i, g in enumerate(out):
        if shapely.get_num_geometries(g) <= max(1, before[i]):
            continue
        parts = sorted(shapely.get_parts(g), key=lambda p: -shapely.area(p))
        small = [p for p in parts[max(1, before[i]):] if shapely.area(p) < HELD_MIN_M2]
        if not small:
            continue
        moved = np.flatnonzero((owners == i) & shapely.within(reps, shapely.union_all(small)))
        trial = owners.copy()
        trial[moved] = -1
        trial = _label_faces(faces, trial, reach=np.isin(np.arange(len(faces)), moved))
        if (trial[moved] >= 0).all():
            touched = set(trial[moved].tolist()) | {i}
            owners = trial
            for j in touched:
                out[j] = polygonal_part(shapely.coverage_union_all(faces[owners == j]))
    # A grid still cut in two lost a hairline face it held to a neighbour (a bridge the
    # dissolve made between two of its cells that touch within the adjacency tolerance, and
    # that a neighbour's edge also covers): it gets such faces back when the neighbour keeps
    # its parts.
    thin = sliver_width(faces) <= BRIDGE_WIDTH_M
    for i, g in enumerate(out):
        if flat[i] is None or shapely.get_num_geometries(g) <= max(1, before[i]):
            continue
        held = np.flatnonzero(thin & (owners != i) & shapely.within(reps, flat[i]))
        if not len(held):
            continue
        trial = owners.copy()
        trial[held] = i
        touched = set(owners[held].tolist()) - {-1}
        remade = {j: polygonal_part(shapely.coverage_union_all(faces[trial == j])) for j in touched | {i}}
        if shapely.get_num_geometries(remade[i]) <= max(1, before[i]) and all(
                not shapely.is_empty(remade[j]) and shapely.get_num_geometries(remade[j]) <= max(1, before[j])
                for j in touched):
            owners = trial
            for j, geom in remade.items():
                out[j] = geom
    return [out[start[c]:start[c + 1]] for c in range(len(grids))]
