"""Atoms: the indivisible pieces of land the partitioner moves, and their adjacency.

Inside one community the land is cut into *enclosures* (blocks bounded by roads, rivers,
water edges and the community line; :func:`momepy.enclosures`). Buildings are grouped into
atoms (a locked grid, a dedicated site, a compound, or a small cluster of stand-alone
buildings); an enclosure that holds several atoms is divided among them with momepy's
enclosed tessellation, so the atoms of a community cover it without gap and grid
boundaries run along road centre lines and block edges. Enclosures with no building are
atoms of their own (``empty``; ``water`` when they lie in a water body).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .geometry import polygonal_part
from .metrics import BARRIER_CUT_M, sliver_width

#: Separator classes between two adjacent atoms.
SEP_NONE, SEP_SOFT, SEP_HARD, SEP_WATER = 0, 1, 2, 3

ADJ_TOLERANCE_M = 0.05     # gap tolerated between cells that should touch
MIN_SHARED_M = 1.0         # shorter common boundaries (corners) do not make neighbours
BARRIER_SNAP_M = 0.5       # a common boundary this close to a minor road (or water edge) runs along it
PASSAGE_M = 1.0            # a common boundary with this much away from hard lines and water is no barrier
TESSELLATION_SEGMENT_M = 2.0   # footprint outlines are sampled this densely for the Voronoi cells


@dataclass
class AtomGraph:
    """Atoms of one community and their adjacency (arrays indexed by atom)."""

    geometry: np.ndarray         # shapely polygons
    kind: np.ndarray             # "land", "empty", "water"
    households: np.ndarray       # int
    workload: np.ndarray         # float (households + weighted attributes + patrol)
    population: np.ndarray
    members: list[np.ndarray]    # building positions (within the community's buildings) per atom
    group: np.ndarray            # group key: compound id, dedicated site, locked label or None
    group_kind: np.ndarray       # "compound", "compound_part", "dedicated", "locked", "loose", "empty"
    area: np.ndarray
    perimeter: np.ndarray
    x: np.ndarray
    y: np.ndarray
    edge_i: np.ndarray
    edge_j: np.ndarray
    edge_len: np.ndarray
    edge_sep: np.ndarray
    notes: list[tuple[str, str, str]]   # (kind, key, message) for the problems layer
    enclosures: np.ndarray | None = None          # the blocks the atoms were cut from
    enclosure_in_water: np.ndarray | None = None  # per block: lies in a water body
    #: grids each compound needs: per side of the hard barriers, ceil(households / max)
    compound_grids_needed: dict | None = None
    #: blocks divided among several atoms, by the method that made their cells
    #: (:data:`TESSELLATION_METHODS`: anything but "voronoi" is a fallback)
    tessellation: dict[str, int] | None = None
    #: per edge: what separates the two atoms when it is a hard barrier or water
    #: ("中关村北大街 (primary)", "a railway", "water"), else None
    edge_label: np.ndarray | None = None

    @property
    def tessellation_fallbacks(self) -> int:
        """Blocks whose cells the fast Voronoi construction could not make."""
        return sum(n for method, n in (self.tessellation or {}).items() if method != "voronoi")

    @property
    def n(self) -> int:
        return len(self.geometry)


def _enclosures(barriers: np.ndarray, community: shapely.Geometry) -> np.ndarray:
    """``momepy.enclosures(barriers, limit=community, clip=True)`` on arrays: the barriers and
    the community line noded and polygonised, the polygons whose representative point lies
    in the community kept, in polygonize's order (the same steps, without building frames
    and without importing momepy, which takes a second)."""
    lines = shapely.union_all(np.concatenate([barriers, [shapely.boundary(community)]]))
    polygons = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    return polygons[shapely.contains(community, shapely.point_on_surface(polygons))]


def build_enclosures(community: shapely.Geometry, lines: list[np.ndarray], water: np.ndarray,
                     hard: np.ndarray | None = None) -> np.ndarray:
    """Blocks of a community cut by every barrier line and water edge (momepy.enclosures).

    Lines are clipped to the community grown by :data:`CLIP_MARGIN_M`, not to the community
    itself: clipped exactly, a line ends a rounding error short of the community line,
    polygonize drops it as a dangle, and the block it should close stays whole (on the shared
    Beijing extract 34 blocks, among them both sides of 中关村北大街). ``hard`` lines that still
    end inside a block (a hard road ending short of a junction, a carriageway that stops) cut
    their block anyway, extended straight to the block's edge (:func:`cut_by_dangles`), so no
    block, and no cell, lies on both sides of a hard line."""
    pieces = [np.asarray(a, dtype=object) for a in lines if len(a)]
    if len(water):
        pieces.append(shapely.boundary(water))
    barriers = np.concatenate(pieces) if pieces else np.empty(0, dtype=object)
    if len(barriers):
        barriers = _lines_near(barriers, community)
    if not len(barriers):
        return np.asarray(shapely.get_parts(community), dtype=object)
    geoms = _enclosures(barriers, community)
    geoms = geoms[shapely.area(geoms) > 0.01]
    if hard is not None and len(hard):
        geoms = cut_by_dangles(geoms, _lines_near(np.asarray(hard, dtype=object), community))
    # Sort for determinism: polygonize order depends on the line order only, but be safe.
    rep = shapely.point_on_surface(geoms)
    order = np.lexsort((shapely.get_x(rep), -shapely.get_y(rep)))
    return geoms[order]


CLIP_MARGIN_M = 1.0       # barrier lines are clipped this far outside the community (see build_enclosures)
SLIVER_WIDTH_M = 1.0      # an empty piece of land narrower than this on average is no atom (see build_atoms)


def is_sliver(polygon: shapely.Geometry) -> bool:
    """Whether ``polygon`` is a strip narrower than :data:`SLIVER_WIDTH_M` on average
    (:func:`.metrics.sliver_width`)."""
    return bool(sliver_width([polygon])[0] < SLIVER_WIDTH_M)
DANGLE_DIRECTION_M = 5.0  # a dangling end is extended along the direction of its last metres


def _lines_near(lines: np.ndarray, community: shapely.Geometry) -> np.ndarray:
    """The line parts of ``lines`` within :data:`CLIP_MARGIN_M` of ``community``, clipped there:
    a line crossing the community line still crosses it, so polygonize nodes the two (clipped
    exactly on it, a line ends a rounding error short of it and is dropped as a dangle)."""
    grown = shapely.buffer(community, CLIP_MARGIN_M, quad_segs=4)
    shapely.prepare(grown)
    lines = lines[shapely.intersects(lines, grown)]
    lines = shapely.intersection(lines, grown)
    lines = lines[~shapely.is_empty(lines)]
    lines = shapely.get_parts(lines[np.isin(shapely.get_type_id(lines), [1, 2, 5, 7])])
    lines = shapely.get_parts(lines)
    return lines[np.isin(shapely.get_type_id(lines), [1, 2])]


def _extension(line: shapely.Geometry, at_start: bool, block: shapely.Geometry) -> shapely.Geometry | None:
    """The straight continuation of ``line`` beyond one of its ends when that end lies in
    ``block``: up to the first point where it leaves the block, and a centimetre beyond so
    that polygonize nodes it with the block's edge (``None`` for an end outside the block)."""
    coords = shapely.get_coordinates(line)
    if at_start:
        coords = coords[::-1]
    end = coords[-1]
    if not shapely.intersects(shapely.Point(end), block):
        return None
    back = None
    for c in coords[-2::-1]:
        back = c
        if np.hypot(*(end - c)) >= DANGLE_DIRECTION_M:
            break
    if back is None or np.hypot(*(end - back)) < 1e-6:
        return None
    direction = (end - back) / np.hypot(*(end - back))
    minx, miny, maxx, maxy = shapely.bounds(block)
    reach = float(np.hypot(maxx - minx, maxy - miny)) + 1.0
    ray = shapely.LineString([end, end + direction * reach])
    hits = shapely.get_coordinates(shapely.intersection(ray, shapely.boundary(block)))
    if not len(hits):
        return None
    dist = np.hypot(*(hits - end).T)
    return shapely.LineString([end, end + direction * (float(dist.min()) + 0.01)])


def cut_by_dangles(blocks: np.ndarray, hard: np.ndarray) -> np.ndarray:
    """``blocks`` cut along the hard lines that enter them without closing them.

    A hard road that ends inside a block (short of a junction, at a bridge or tunnel the data
    leaves out, one carriageway stopping before the other) does not make a block of its own
    in polygonize, so the block and the cells in it would lie on both sides of it. Each such
    line is extended straight from its loose ends to the block's edge and the block is split
    along line and extension. The extension is no barrier: the pieces on either side still
    touch along it (a grid may reach around the end of the road, as a worker walks), while
    along the line itself they are separated by it (:func:`_adjacency`)."""
    blocks = np.asarray(blocks, dtype=object)
    if not len(hard) or not len(blocks):
        return blocks
    tree = shapely.STRtree(blocks)
    li, bi = tree.query(hard, predicate="intersects")
    inner = shapely.relate_pattern(hard[li], blocks[bi], "T********")   # the line enters the block
    li, bi = li[inner], bi[inner]
    by_block: dict[int, list[int]] = {}
    for line, block in zip(li, bi):
        by_block.setdefault(int(block), []).append(int(line))
    out: list[shapely.Geometry] = []
    for b, block in enumerate(blocks):
        if b not in by_block:
            out.append(block)
            continue
        edge = shapely.boundary(block)
        near_edge = shapely.buffer(edge, 0.05, quad_segs=2)
        # The lines a little beyond the block, so that where they leave it they cross its edge.
        parts = shapely.get_parts(shapely.intersection(hard[by_block[b]], shapely.buffer(block, 0.5, quad_segs=2)))
        parts = shapely.get_parts(shapely.line_merge(shapely.union_all(parts)))
        parts = parts[shapely.get_type_id(parts) == 1]
        inside = shapely.length(shapely.difference(shapely.intersection(parts, block), near_edge))
        parts = parts[inside >= 0.5]
        if not len(parts):
            out.append(block)
            continue
        cuts = list(parts)
        for piece in parts:
            for at_start in (True, False):
                ext = _extension(piece, at_start, block)
                if ext is not None:
                    cuts.append(ext)
        faces = shapely.get_parts(shapely.polygonize([shapely.union_all(np.array([edge] + cuts, dtype=object))]))
        faces = faces[shapely.area(faces) > 0.01]
        faces = faces[shapely.covered_by(faces, shapely.buffer(block, 0.01, quad_segs=2))]
        if len(faces) < 2 or abs(float(shapely.area(faces).sum()) - shapely.area(block)) > COVERAGE_TOLERANCE_M2:
            out.append(block)      # no clean division (an odd block): kept whole
            continue
        out.extend(faces)
    return np.array(out, dtype=object)


def _assign_to_polygons(points: np.ndarray, polygons: np.ndarray) -> np.ndarray:
    """Index of the polygon containing each point (nearest one when none does)."""
    out = np.full(len(points), -1, dtype=np.int64)
    tree = shapely.STRtree(polygons)
    src, dst = tree.query(points, predicate="within")
    out[src] = dst
    lost = np.flatnonzero(out < 0)
    if len(lost):
        src2, dst2 = tree.query_nearest(points[lost], all_matches=False)
        out[lost[src2]] = dst2
    return out


def _bisect_by_coordinates(xy: np.ndarray, weights: np.ndarray, parts: int) -> np.ndarray:
    """Split points into ``parts`` groups of near-equal weight by recursive coordinate cuts."""
    labels = np.zeros(len(xy), dtype=np.int64)

    def rec(idx: np.ndarray, k: int, first: int) -> None:
        if k == 1 or len(idx) <= 1:
            labels[idx] = first
            return
        k1 = k // 2
        span = xy[idx].max(axis=0) - xy[idx].min(axis=0)
        axis = int(span[1] > span[0])
        order = idx[np.lexsort((xy[idx, 1 - axis], xy[idx, axis]))]
        cum = np.cumsum(weights[order])
        cut = int(np.argmin(np.abs(cum - cum[-1] * k1 / k))) + 1
        cut = min(max(cut, 1), len(order) - 1)
        rec(order[:cut], k1, first)
        rec(order[cut:], k - k1, first + k1)

    rec(np.arange(len(xy)), parts, 0)
    return labels


def build_atoms(community: shapely.Geometry, footprints: np.ndarray, households: np.ndarray,
                workload: np.ndarray, population: np.ndarray, compound: np.ndarray,
                dedicated: np.ndarray, locked: np.ndarray, hard_lines: np.ndarray,
                soft_lines: np.ndarray, water: np.ndarray, *, max_households: int,
                cluster_households: float, seed: int, hard_labels: np.ndarray | None = None,
                compound_part_households: float | None = None) -> AtomGraph:
    """Build the atoms and the adjacency graph of one community.

    ``footprints`` and the per-building arrays hold only this community's buildings with a
    usable footprint. Keys (compound, dedicated, locked) are ``None`` where absent. A compound
    above ``max_households`` is cut into pieces of about ``compound_part_households``
    (default: as few pieces as the maximum allows).
    """
    notes: list[tuple[str, str, str]] = []
    water = np.asarray(water, dtype=object)
    if len(water):
        water = water[shapely.intersects(water, community)]
    enclosures = build_enclosures(community, [hard_lines, soft_lines], water, hard=hard_lines)
    rep = shapely.point_on_surface(footprints)
    encl_of = _assign_to_polygons(rep, enclosures) if len(footprints) else np.empty(0, dtype=np.int64)

    # Enclosures in water that hold no building are water atoms.
    encl_rep = shapely.point_on_surface(enclosures)
    in_water = np.zeros(len(enclosures), dtype=bool)
    if len(water):
        wtree = shapely.STRtree(water)
        src, _ = wtree.query(encl_rep, predicate="within")
        in_water[src] = True

    # Regions of enclosures that touch without a hard barrier between them: a compound is
    # kept whole inside each region but never joined across a hard barrier.
    hard_buffer = _barrier_buffer(hard_lines, community, BARRIER_CUT_M)
    region = _soft_regions(enclosures, hard_buffer, water)

    groups: dict[tuple, list[int]] = {}
    group_kind: dict[tuple, str] = {}
    key: tuple
    kind: str
    for b in range(len(footprints)):
        reg = region[encl_of[b]]
        if locked[b] is not None:
            key, kind = ("locked", locked[b], reg), "locked"
        elif dedicated[b] is not None:
            key, kind = ("dedicated", dedicated[b], reg), "dedicated"
        elif compound[b] is not None:
            key, kind = ("compound", compound[b], reg), "compound"
        else:
            key, kind = ("loose", encl_of[b]), "loose"
        groups.setdefault(key, []).append(b)
        group_kind[key] = kind

    seen_regions: dict[tuple, set] = {}
    for key in groups:
        if group_kind[key] in ("compound", "dedicated", "locked"):
            seen_regions.setdefault((key[0], key[1]), set()).add(key[2])
    needed: dict = {}
    for key, in_group in groups.items():
        if group_kind[key] == "compound":
            total = int(households[np.asarray(in_group)].sum())
            needed[str(key[1])] = needed.get(str(key[1]), 0) + max(1, int(np.ceil(total / max_households)))
    for (kind, name), regs in seen_regions.items():
        if len(regs) > 1:
            notes.append((f"{kind}_across_barrier", str(name),
                          f"{kind} {name} lies on both sides of a hard barrier (major road or river); "
                          f"each side is kept whole separately ({len(regs)} parts)"))

    atom_members: list[np.ndarray] = []
    atom_group: list = []
    atom_gkind: list[str] = []
    xy = np.column_stack([shapely.get_x(rep), shapely.get_y(rep)]) if len(rep) else np.zeros((0, 2))
    for key in sorted(groups, key=lambda k: (str(k[0]), str(k[1]), str(k[2]) if len(k) > 2 else "")):
        members = np.array(sorted(groups[key]), dtype=np.int64)
        kind = group_kind[key]
        total = households[members].sum()
        if kind == "compound" and total > max_households and len(members) > 1:
            parts = int(np.ceil(total / (compound_part_households or max_households)))
            parts = min(parts, len(members))
            labels = _bisect_by_coordinates(xy[members], households[members].astype(float) + 1e-3, parts)
            for p in range(parts):
                sel = members[labels == p]
                if len(sel):
                    atom_members.append(sel)
                    atom_group.append(key[1])
                    atom_gkind.append("compound_part")
            notes.append(("compound_split", str(key[1]),
                          f"compound {key[1]} has {total} households (> max {max_households}); split "
                          f"along building lines into {parts} parts"))
        elif kind == "loose" and total > cluster_households and len(members) > 1:
            k = min(len(members), int(np.ceil(total / cluster_households)))
            labels = _bisect_by_coordinates(xy[members], households[members].astype(float) + 1.0, k)
            for p in range(k):
                sel = members[labels == p]
                if len(sel):
                    atom_members.append(sel)
                    atom_group.append(None)
                    atom_gkind.append("loose")
        else:
            atom_members.append(members)
            atom_group.append(None if kind == "loose" else key[1])
            atom_gkind.append(kind)

    atom_of_building = np.full(len(footprints), -1, dtype=np.int64)
    for a, members in enumerate(atom_members):
        atom_of_building[members] = a

    # Divide every enclosure among the atoms it holds.
    n_encl = len(enclosures)
    atoms_in_encl: list[set] = [set() for _ in range(n_encl)]
    for b in range(len(footprints)):
        atoms_in_encl[encl_of[b]].add(atom_of_building[b])
    pieces_geom, pieces_atom = [], []
    for e in range(n_encl):
        present = sorted(atoms_in_encl[e])
        if len(present) == 1:
            pieces_geom.append(enclosures[e])
            pieces_atom.append(present[0])
    multi = [e for e in range(n_encl) if len(atoms_in_encl[e]) > 1]
    methods: dict[str, int] = {}
    if multi:
        pieces_geom_m, pieces_atom_m, methods = _tessellate(enclosures, multi, footprints, encl_of,
                                                            atom_of_building)
        pieces_geom += pieces_geom_m
        pieces_atom += pieces_atom_m
    pieces_geom_arr = np.array(pieces_geom, dtype=object)
    pieces_atom_arr = np.array(pieces_atom, dtype=np.int64)

    n_built = len(atom_members)
    pieces_of: list[list[int]] = [[] for _ in range(n_built)]
    for p, a in enumerate(pieces_atom_arr):
        pieces_of[a].append(p)
    geoms = [shapely.union_all(pieces_geom_arr[pieces_of[a]]) if pieces_of[a]
             else shapely.union_all(footprints[atom_members[a]]) for a in range(n_built)]

    kinds = ["land"] * n_built
    groups_out = list(atom_group)
    gkinds = list(atom_gkind)
    members_out = list(atom_members)
    # Atoms split into several pieces become one atom per connected piece. For a cluster of
    # stand-alone buildings, pieces are connected only through a common edge: pieces meeting
    # at a corner would make a grid holding both but not the cells between them fall apart.
    # A compound, a dedicated site or a locked grid must stay whole, so its pieces stay one
    # atom as long as they meet within the adjacency tolerance (the dissolve joins the corner).
    final_geoms, final_kinds, final_groups, final_gkinds, final_members = [], [], [], [], []
    for a in range(n_built):
        parts = shapely.get_parts(shapely.make_valid(geoms[a]))
        parts = parts[np.isin(shapely.get_type_id(parts), [3])]
        if len(parts) <= 1:
            final_geoms.append(parts[0] if len(parts) else geoms[a])
            final_kinds.append(kinds[a])
            final_groups.append(groups_out[a])
            final_gkinds.append(gkinds[a])
            final_members.append(members_out[a])
            continue
        piece_of = _edge_connected(parts, corners=gkinds[a] != "loose")
        which = piece_of[_assign_to_polygons(rep[members_out[a]], parts)]
        for p in range(int(piece_of.max()) + 1):
            g = shapely.union_all(parts[piece_of == p])
            mem = members_out[a][which == p]
            final_geoms.append(g)
            if len(mem):
                final_kinds.append("land")
                final_groups.append(groups_out[a])
                final_gkinds.append(gkinds[a])
                final_members.append(mem)
            else:
                final_kinds.append("empty")
                final_groups.append(None)
                final_gkinds.append("empty")
                final_members.append(np.empty(0, dtype=np.int64))

    for e in range(n_encl):
        if not atoms_in_encl[e]:
            final_geoms.append(enclosures[e])
            final_kinds.append("water" if in_water[e] else "empty")
            final_groups.append(None)
            final_gkinds.append("empty")
            final_members.append(np.empty(0, dtype=np.int64))

    # A strip narrower than SLIVER_WIDTH_M without a building (two lines drawn a hair apart, a
    # road along the community line) is no atom: as one it would join grids hundreds of metres
    # apart through a hairline. The dissolve gives it to the grid it shares most boundary with.
    narrow = sliver_width(final_geoms) < SLIVER_WIDTH_M
    keep = [i for i, m in enumerate(final_members) if len(m) or not narrow[i]]
    if keep:
        final_geoms = [final_geoms[i] for i in keep]
        final_kinds = [final_kinds[i] for i in keep]
        final_groups = [final_groups[i] for i in keep]
        final_gkinds = [final_gkinds[i] for i in keep]
        final_members = [final_members[i] for i in keep]
    geometry = np.array(final_geoms, dtype=object)
    hh = np.array([households[m].sum() for m in final_members], dtype=np.int64)
    wl = np.array([workload[m].sum() for m in final_members], dtype=float)
    pop = np.array([population[m].sum() for m in final_members], dtype=float)
    centroid = shapely.point_on_surface(geometry)
    edge_i, edge_j, edge_len, edge_sep = _adjacency(geometry, np.array(final_kinds), hard_buffer,
                                                    _barrier_buffer(soft_lines, community))
    return AtomGraph(
        geometry=geometry, kind=np.array(final_kinds, dtype=object), households=hh, workload=wl,
        population=pop, members=final_members, group=np.array(final_groups, dtype=object),
        group_kind=np.array(final_gkinds, dtype=object), area=shapely.area(geometry),
        perimeter=shapely.length(geometry), x=shapely.get_x(centroid), y=shapely.get_y(centroid),
        edge_i=edge_i, edge_j=edge_j, edge_len=edge_len, edge_sep=edge_sep, notes=notes, compound_grids_needed=needed,
        enclosures=enclosures, enclosure_in_water=in_water, tessellation=methods,
        edge_label=_edge_labels(geometry, edge_i, edge_j, edge_sep, hard_lines, hard_labels))


def _edge_labels(geometry: np.ndarray, edge_i: np.ndarray, edge_j: np.ndarray, edge_sep: np.ndarray,
                 hard_lines: np.ndarray, hard_labels: np.ndarray | None) -> np.ndarray:
    """Per edge, what separates the two atoms when it is a barrier: the label of the hard
    line nearest to their common boundary ("a hard barrier" without labels), "water"."""
    out = np.full(len(edge_i), None, dtype=object)
    out[edge_sep == SEP_WATER] = "water"
    hard = np.flatnonzero(edge_sep == SEP_HARD)
    lines = np.asarray(hard_lines, dtype=object)
    if not len(hard):
        return out
    out[hard] = "a hard barrier"
    if not len(lines) or hard_labels is None:
        return out
    shared = _shared_boundaries(geometry, edge_i[hard], edge_j[hard])
    src, line = shapely.STRtree(lines).query_nearest(shapely.point_on_surface(shared), all_matches=False)
    labels = np.asarray(hard_labels, dtype=object)
    for e, k in zip(src, line):
        if labels[k] is not None:
            out[hard[e]] = str(labels[k])
    return out


def _barrier_buffer(lines: np.ndarray, community: shapely.Geometry,
                    width: float = BARRIER_SNAP_M) -> shapely.Geometry | None:
    lines = np.asarray(lines, dtype=object)
    if not len(lines):
        return None
    lines = lines[shapely.intersects(lines, shapely.buffer(community, 1.0))]
    if not len(lines):
        return None
    return shapely.buffer(shapely.union_all(lines), width, quad_segs=2)


def _soft_regions(enclosures: np.ndarray, hard_buffer: shapely.Geometry | None, water: np.ndarray) -> np.ndarray:
    """Label enclosures connected through boundaries that are not hard barriers or water."""
    n = len(enclosures)
    if n <= 1:
        return np.zeros(n, dtype=np.int64)
    i, j, _, sep = _adjacency(enclosures, np.array(["land"] * n), hard_buffer, None, water=water)
    keep = sep == SEP_NONE
    keep |= sep == SEP_SOFT
    graph = coo_matrix((np.ones(keep.sum()), (i[keep], j[keep])), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _shared_boundaries(geometry: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair, the boundary of ``geometry[a]`` within :data:`ADJ_TOLERANCE_M` of
    ``geometry[b]``: each outline and each grown polygon made once, not once per pair (a
    cell is in as many pairs as it has neighbours)."""
    ua, inv_a = np.unique(a, return_inverse=True)
    ub, inv_b = np.unique(b, return_inverse=True)
    outlines = shapely.boundary(geometry[ua])
    grown = shapely.buffer(geometry[ub], ADJ_TOLERANCE_M, quad_segs=2)
    return shapely.intersection(outlines[inv_a], grown[inv_b])


def _touching(lines: np.ndarray, polygon: shapely.Geometry) -> np.ndarray:
    """Which ``lines`` intersect ``polygon`` (prepared: one index of a large barrier buffer
    for every test, where an overlay would scan all of it per line)."""
    shapely.prepare(polygon)
    return shapely.intersects(lines, polygon)


def _length_inside(lines: np.ndarray, polygon: shapely.Geometry) -> np.ndarray:
    """Length of each of ``lines`` inside ``polygon``; the overlay only for the lines that
    touch it (the others: 0)."""
    out = np.zeros(len(lines))
    touching = _touching(lines, polygon)
    out[touching] = shapely.length(shapely.intersection(lines[touching], polygon))
    return out


def _adjacency(geometry: np.ndarray, kinds: np.ndarray, hard_buffer: shapely.Geometry | None,
               soft_buffer: shapely.Geometry | None, water: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of atoms sharing a boundary of at least MIN_SHARED_M and what separates them.

    ``hard_buffer`` is the hard lines grown by :data:`metrics.BARRIER_CUT_M`, the width the
    barrier measure cuts grids with. Two atoms are separated by a hard barrier (or water)
    whenever their common boundary has no stretch of :data:`PASSAGE_M` outside it: then a
    hard line separates them, however little of their boundary it runs along, and a grid
    holding both would have buildings on both sides of it (:func:`metrics.barrier_crossings`).
    With such a stretch they are not separated, however much of the rest is a hard road (the
    road ends there, or turns away). Otherwise the boundary is a minor road when at least
    half of it runs along one."""
    n = len(geometry)
    if n < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0), empty
    tree = shapely.STRtree(geometry)
    a, b = tree.query(geometry, predicate="dwithin", distance=ADJ_TOLERANCE_M)
    keep = a < b
    a, b = a[keep], b[keep]
    if not len(a):
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0), empty
    shared = _shared_boundaries(geometry, a, b)
    length = shapely.length(shared)
    keep = length >= MIN_SHARED_M
    a, b, shared, length = a[keep], b[keep], shared[keep], length[keep]
    sep = np.full(len(a), SEP_NONE, dtype=np.int64)
    if soft_buffer is not None and len(a):
        along = _length_inside(shared, soft_buffer)
        sep[along >= 0.5 * length] = SEP_SOFT
    blockers = []
    hard_along = np.zeros(len(a))
    water_along = np.zeros(len(a))
    if hard_buffer is not None and len(a):
        blockers.append(hard_buffer)
        hard_along = _length_inside(shared, hard_buffer)
    if water is not None and len(water) and len(a):
        wbuf = shapely.buffer(shapely.union_all(shapely.boundary(water)), BARRIER_SNAP_M, quad_segs=2)
        blockers.append(wbuf)
        water_along = _length_inside(shared, wbuf)
    if blockers and len(a):
        if len(blockers) == 1:    # what is not along the one blocker is free
            free = length - (hard_along if hard_buffer is not None else water_along)
        else:
            blocked = shapely.union_all(blockers)
            free = length.copy()
            touching = _touching(shared, blocked)
            free[touching] = shapely.length(shapely.difference(shared[touching], blocked))
        closed = free < PASSAGE_M
        sep[closed & (hard_along > 0) & (hard_along >= water_along)] = SEP_HARD
        sep[closed & (sep != SEP_HARD)] = SEP_WATER
    watery = (kinds[a] == "water") | (kinds[b] == "water")
    sep[watery & (sep != SEP_HARD)] = SEP_WATER
    return a.astype(np.int64), b.astype(np.int64), length, sep


TESSELLATION_SHRINK_M = 0.4   # outlines are pulled in this much so neighbours' samples stay apart
TESSELLATION_GRID_M = 0.001   # generating points closer than this are one; fallbacks snap them to it
COVERAGE_TOLERANCE_M2 = 0.01  # a block's cells may miss its area by this much (overlap or gap)


def _edge_connected(parts: np.ndarray, corners: bool = False) -> np.ndarray:
    """A piece number for each polygon of one atom's cell: polygons sharing a boundary of at
    least ``MIN_SHARED_M`` (within ``ADJ_TOLERANCE_M``) are one piece, as for adjacency.
    Polygons meeting only at a corner are separate pieces, since a grid holding both but not
    the cells between them would be in two parts, unless ``corners`` is set: then polygons
    within the tolerance of each other are one piece whatever they share."""
    a, b = shapely.STRtree(parts).query(parts, predicate="dwithin", distance=2 * ADJ_TOLERANCE_M)
    keep = a < b
    a, b = a[keep], b[keep]
    if len(a) and not corners:
        shared = shapely.length(shapely.intersection(
            shapely.boundary(parts[a]), shapely.buffer(parts[b], ADJ_TOLERANCE_M, quad_segs=2)))
        a, b = a[shared >= MIN_SHARED_M], b[shared >= MIN_SHARED_M]
    n = len(parts)
    links = coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    return connected_components(links, directed=False)[1]


def _outline_points(generators: np.ndarray, snap: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Points sampled every ``TESSELLATION_SEGMENT_M`` along each generator's outline pulled
    in by ``TESSELLATION_SHRINK_M``, with the points that fall on one ``TESSELLATION_GRID_M``
    grid cell dropped but the first (the first generator keeps a point two of them share),
    and the generator of each point. ``snap`` moves the points onto that grid."""
    shrunk = shapely.buffer(generators, -TESSELLATION_SHRINK_M)
    small = shapely.is_empty(shrunk) | (shapely.area(shrunk) < 0.01)
    shrunk[small] = generators[small]
    outlines = shapely.segmentize(shapely.boundary(shrunk), TESSELLATION_SEGMENT_M)
    coords, owner = shapely.get_coordinates(outlines, return_index=True)
    # On a fixed grid, points a rounding error apart become one point.
    snapped = np.round(coords / TESSELLATION_GRID_M) * TESSELLATION_GRID_M
    _, first = np.unique(snapped, axis=0, return_index=True)
    first.sort()
    return (snapped if snap else coords)[first], owner[first]


def _voronoi_cells(enclosure: shapely.Geometry, generators: list, *, jitter: bool = False,
                   exact: bool = False) -> list | None:
    """Enclosed tessellation of one block: one cell per generator (the union of the
    Voronoi regions of points sampled every ``TESSELLATION_SEGMENT_M`` along its shrunk
    outline), clipped to the block. The same construction as momepy's enclosed
    tessellation, done directly with shapely: momepy's per-block GeoDataFrame handling
    cost several times the Voronoi itself on large runs (see BENCHMARKS.md).

    Co-circular points (the arcs at the rounded corners of a shrunk outline; the lattice of
    points sampled at the same spacing along two parallel outlines, as a building filling
    another's courtyard makes) give GEOS Voronoi regions that are invalid polygons, which
    the coverage union refuses. ``jitter`` snaps the points to the ``TESSELLATION_GRID_M``
    grid and moves each by a fixed pseudo-random offset of at most a tenth of it, so no
    four are co-circular; ``exact`` snaps them too, then
    repairs the regions and unites them with a full overlay instead of the (fast, but
    strict) coverage union, then makes the cells a coverage of the block
    (:func:`_make_coverage`). Returns ``None`` when the points are degenerate (too few,
    collinear, a generator without points of its own). GEOS errors are left to the caller
    (:func:`block_cells`)."""
    gens = np.asarray(generators, dtype=object)
    if len(gens) == 1:
        return [enclosure]
    coords, owner = _outline_points(gens, snap=jitter or exact)
    if len(coords) < 4 or len(np.unique(owner)) < len(gens):
        return None
    if jitter:
        rng = np.random.default_rng(len(coords))
        coords = coords + rng.uniform(-0.1, 0.1, coords.shape) * TESSELLATION_GRID_M
    regions = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(coords),
                                                         extend_to=enclosure, ordered=True))
    if len(regions) != len(coords):
        return None
    if exact:
        regions = shapely.make_valid(regions)
    cells = []
    order = np.argsort(owner, kind="stable")
    bounds = np.searchsorted(owner[order], np.arange(len(gens) + 1))
    for g in range(len(gens)):
        mine = regions[order[bounds[g]:bounds[g + 1]]]
        united = shapely.union_all(mine) if exact else shapely.coverage_union_all(mine)
        cells.append(shapely.intersection(united, enclosure))
    return _make_coverage(enclosure, cells) if exact else cells


def _make_coverage(enclosure: shapely.Geometry, cells: list) -> list:
    """``cells`` made a coverage of ``enclosure``: polygons only, clipped to it, each overlap
    kept by the earlier cell, each gap given to the cell sharing most boundary with it
    (the nearest when none touches)."""
    out: list[shapely.Geometry] = []
    taken = shapely.Polygon()
    for cell in cells:
        cell = polygonal_part(shapely.intersection(polygonal_part(cell), enclosure))
        cell = polygonal_part(shapely.difference(cell, taken))
        out.append(cell)
        taken = shapely.union(taken, cell)
    gap = polygonal_part(shapely.difference(enclosure, taken))
    arr = np.array(out, dtype=object)
    for piece in shapely.get_parts(gap):
        if shapely.area(piece) <= 0:
            continue
        near = shapely.buffer(piece, ADJ_TOLERANCE_M, quad_segs=2)
        shared = shapely.length(shapely.intersection(shapely.boundary(arr), near))
        best = int(np.argmax(shared)) if shared.max() > 0 else int(np.argmin(shapely.distance(arr, piece)))
        arr[best] = polygonal_part(shapely.union(arr[best], piece))
    return list(arr)


def _covers_block(enclosure: shapely.Geometry, cells: list | None) -> bool:
    """Whether ``cells`` (one per generator) form a coverage of ``enclosure``: every cell a
    valid, non-empty polygon, and their areas adding up to the block's (an overlap or a gap
    shows as a difference) within ``COVERAGE_TOLERANCE_M2``."""
    if cells is None or any(c is None for c in cells):
        return False
    arr = np.asarray(cells, dtype=object)
    if not np.isin(shapely.get_type_id(arr), [3, 6]).all():
        return False
    if shapely.is_empty(arr).any() or not shapely.is_valid(arr).all():
        return False
    return bool(abs(float(shapely.area(arr).sum()) - float(shapely.area(enclosure))) <= COVERAGE_TOLERANCE_M2)


def _momepy_cells(enclosure: shapely.Geometry, generators: list) -> list | None:
    """momepy's enclosed tessellation of one block (cells in the generators' order)."""
    import momepy  # a fallback of a fallback: momepy takes a second to import

    frame = gpd.GeoSeries(list(generators), index=np.arange(len(generators)))
    tess = momepy.enclosed_tessellation(frame, gpd.GeoSeries([enclosure], index=[0]),
                                        threshold=None, n_jobs=1, simplify=False,
                                        segment=TESSELLATION_SEGMENT_M)
    tess = tess[tess.index >= 0]
    cells: list = [None] * len(generators)
    for i, g in zip(tess.index, tess.geometry.to_numpy()):
        cells[int(i)] = g
    return cells


def _footprint_cells(enclosure: shapely.Geometry, generators: list) -> list:
    """The last resort, made of plain overlays only: each generator keeps its own shape
    inside the block and the first one (the largest) also the rest of the block."""
    gens = [polygonal_part(shapely.intersection(polygonal_part(g), enclosure)) for g in generators]
    first = int(np.argmax([shapely.area(g) for g in gens]))
    others = [g for i, g in enumerate(gens) if i != first]
    gens[first] = polygonal_part(shapely.difference(enclosure, shapely.union_all(others)))
    return _make_coverage(enclosure, gens)


#: How the cells of a block were made, from the fast path to the last resort.
TESSELLATION_METHODS = ("voronoi", "voronoi_jitter", "voronoi_overlay", "momepy", "footprints")


def block_cells(enclosure: shapely.Geometry, generators: list) -> tuple[list, str]:
    """One cell per generator covering ``enclosure``, and the method that made them (one of
    :data:`TESSELLATION_METHODS`; anything but the first is a fallback).

    The fast Voronoi construction is checked (:func:`_covers_block`); when it fails or GEOS
    raises (co-circular points at the rounded corners of shrunk outlines, a building filling
    another's courtyard, degenerate footprints), the points are jittered by a millimetre,
    then the Voronoi regions are repaired and united by a full overlay and made a coverage,
    then momepy is tried, and finally each building keeps its own footprint and the largest
    the rest of the block. A GEOS error never leaves this function."""
    if len(generators) == 1:
        return [enclosure], TESSELLATION_METHODS[0]
    attempts: list[tuple[str, Callable[[], list | None]]] = [
        ("voronoi", lambda: _voronoi_cells(enclosure, generators)),
        ("voronoi_jitter", lambda: _voronoi_cells(enclosure, generators, jitter=True)),
        ("voronoi_overlay", lambda: _voronoi_cells(enclosure, generators, exact=True)),
        ("momepy", lambda: _momepy_cells(enclosure, generators)),
    ]
    for method, attempt in attempts:
        try:
            cells = attempt()
        except Exception:  # noqa: BLE001 - GEOS (and momepy) errors on degenerate input: next method
            continue
        if _covers_block(enclosure, cells):
            return list(cells or []), method
    try:
        return _footprint_cells(enclosure, generators), "footprints"
    except shapely.errors.GEOSException:
        return [enclosure] + [shapely.Polygon()] * (len(generators) - 1), "footprints"


def _generator(footprint: shapely.Geometry, inner: shapely.Geometry) -> shapely.Geometry:
    """What one atom's cell grows from inside its block: its footprints inside the block's
    slightly shrunk outline, or, when none lies inside (a building outside the community,
    or a footprint without area), a small disc at the point of the block nearest to them."""
    g = polygonal_part(shapely.intersection(footprint, inner))
    if not shapely.is_empty(g) and shapely.area(g) >= 0.01:
        return g
    target = inner if not shapely.is_empty(inner) else footprint
    point = shapely.get_point(shapely.shortest_line(target, footprint), 0) \
        if not shapely.is_empty(footprint) else shapely.point_on_surface(target)
    return shapely.buffer(point, 0.5)


def _tessellate(enclosures: np.ndarray, multi: list[int], footprints: np.ndarray, encl_of: np.ndarray,
                atom_of_building: np.ndarray) -> tuple[list, list, dict[str, int]]:
    """Enclosed tessellation of the enclosures that hold more than one atom, one cell per
    atom; also how many blocks each method made (:data:`TESSELLATION_METHODS`)."""
    geoms, owners, encl_index = [], [], []
    for e in multi:
        in_e = np.flatnonzero(encl_of == e)
        inner = shapely.buffer(enclosures[e], -0.05)
        for a in sorted(set(atom_of_building[in_e])):
            sel = in_e[atom_of_building[in_e] == a]
            geoms.append(_generator(shapely.union_all(footprints[sel]), inner))
            owners.append(a)
            encl_index.append(e)
    out_geoms, out_atoms = [], []
    methods: dict[str, int] = {}
    encl_of_geom = np.asarray(encl_index)
    for e in multi:
        members = np.flatnonzero(encl_of_geom == e)
        cells, method = block_cells(enclosures[e], [geoms[i] for i in members])
        methods[method] = methods.get(method, 0) + 1
        for j, i in enumerate(members):
            cell = cells[j]
            if cell is None or shapely.is_empty(cell):   # collapsed cell: keep the generator itself
                cell = geoms[i]
            out_geoms.append(cell)
            out_atoms.append(owners[i])
    return out_geoms, out_atoms, methods
