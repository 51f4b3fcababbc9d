"""Plan metrics. Each metric is defined here once; the CLI report, the QGIS dock, the
Processing "evaluate" algorithm and the benchmarks all call these functions."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from ._typing import Geometries
from .band import Band
from .i18n import tr

if TYPE_CHECKING:
    from .params import WorkloadWeights


#: The one precision grid of a plan (metres): community boundaries are snapped to it once
#: when the inputs are prepared, every overlay that makes or edits a grid runs on it, and the
#: whole plan is noded on it once (``geometry.conform_plan``), so that neighbouring grids (of
#: one community or of two) share exact edges. A vertex rounded to it moves at most
#: ``GRID_SIZE_M``/√2; a grid's outer line has gone through at most three such roundings
#: (the community, the plan's noding, the dock's cells), so 5 mm keeps it within about 1 cm
#: of the community line as given (:data:`BOUNDARY_TOLERANCE_M`).
GRID_SIZE_M = 0.005
#: Widest overlap or gap (m) between two grids a plan may have, measured at full precision.
TILING_WIDTH_TOLERANCE_M = 0.001
#: Farthest (m) the union of a community's grids may stray from the community's outer line.
BOUNDARY_TOLERANCE_M = 0.01


def polsby_popper(geoms: Geometries) -> np.ndarray:
    """Polsby–Popper compactness 4πA/P² (1 for a disc, towards 0 for long thin shapes)."""
    geoms = np.asarray(geoms, dtype=object)
    area = shapely.area(geoms)
    perim = shapely.length(geoms)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(perim > 0, 4 * math.pi * area / (perim * perim), 0.0)
    return out


def part_count(geoms: Geometries) -> np.ndarray:
    """Number of polygon parts of each geometry (1 means contiguous)."""
    geoms = np.asarray(geoms, dtype=object)
    return shapely.get_num_geometries(geoms)


def workload_balance(workload: npt.ArrayLike) -> dict[str, float]:
    """Max/min ratio and coefficient of variation (population std / mean) of grid workloads."""
    w = np.asarray(workload, dtype=float)
    if not len(w):
        return {"max": float("nan"), "min": float("nan"), "max_min_ratio": float("nan"), "cv": float("nan")}
    mean = w.mean()
    return {"max": float(w.max()), "min": float(w.min()),
            "max_min_ratio": float(w.max() / w.min()) if w.min() > 0 else float("inf"),
            "cv": float(w.std() / mean) if mean > 0 else float("nan")}


def compound_splits(compound_keys: npt.ArrayLike, grid_codes: npt.ArrayLike, households: npt.ArrayLike,
                    max_households: int, needed: dict[str, int] | None = None) -> pd.DataFrame:
    """Compounds spread over more grids than their size needs.

    A compound of H households needs ``ceil(H/max)`` grids (one when it fits); every grid
    beyond that is an avoidable split. ``needed`` may give a larger count per compound key,
    e.g. for a compound that a major road or river cuts in two (grids never cross those).
    Returns one row per compound that is split at all: compound, households, grids, needed,
    avoidable.
    """
    frame = pd.DataFrame({"compound": compound_keys, "grid": grid_codes, "households": households})
    frame = frame[frame["compound"].notna() & frame["grid"].notna()]
    if frame.empty:
        return pd.DataFrame(columns=["compound", "households", "grids", "needed", "avoidable"])
    # A plain dictionary pass: the dock calls this after every edit, and pandas' groupby
    # costs tens of milliseconds even on a few rows.
    acc: dict = {}
    for key, grid, h in zip(frame["compound"].to_numpy(), frame["grid"].to_numpy(), frame["households"].to_numpy()):
        entry = acc.get(key)
        if entry is None:
            acc[key] = entry = [0, set()]
        entry[0] += h
        entry[1].add(grid)
    keys = sorted(acc)
    agg = pd.DataFrame({"compound": pd.Series(keys, dtype=frame["compound"].dtype),
                        "households": np.array([acc[k][0] for k in keys], dtype=frame["households"].dtype),
                        "grids": np.array([len(acc[k][1]) for k in keys], dtype=np.int64)})
    agg["needed"] = np.maximum(1, np.ceil(agg["households"] / max_households)).astype(int)
    if needed:
        agg["needed"] = np.maximum(agg["needed"], [int(needed.get(str(k), 0)) for k in agg["compound"]])
    agg["avoidable"] = np.maximum(0, agg["grids"] - agg["needed"]).astype(int)
    return agg[agg["grids"] > 1].reset_index(drop=True)


#: Hard barrier lines cut grids this wide on each side when barrier crossings are counted;
#: the planner's adjacency uses the same width (atoms: two cells are separated by a hard
#: barrier when their common boundary has no stretch outside it).
BARRIER_CUT_M = 1.0
#: A building drawn across a barrier line has parts of at least this area on two sides of it.
STRADDLE_MIN_M2 = 1.0


def _cutter(geom: shapely.Geometry, line_tree: shapely.STRtree | None, hard_lines: np.ndarray,
            water_tree: shapely.STRtree | None, water_areas: np.ndarray, snap: float) -> shapely.Geometry | None:
    cutters = []
    if line_tree is not None:
        idx = line_tree.query(geom, predicate="intersects")
        if len(idx):
            cutters.append(shapely.buffer(shapely.union_all(hard_lines[idx]), snap, quad_segs=2))
    if water_tree is not None:
        idx = water_tree.query(geom, predicate="intersects")
        if len(idx):
            cutters.append(shapely.union_all(water_areas[idx]))
    return shapely.union_all(cutters) if cutters else None


def straddles_barrier(footprints: Geometries, hard_lines: Geometries, snap: float = BARRIER_CUT_M) -> np.ndarray:
    """Per footprint: it is drawn across a hard barrier line (a building over a road, or
    buildings and roads that do not line up): cut by the lines as :func:`barrier_crossings`
    cuts grids, it keeps parts of at least :data:`STRADDLE_MIN_M2` on two sides. Points and
    footprints that only touch a line, or that a line merely enters, do not straddle it."""
    footprints = np.asarray(footprints, dtype=object)
    hard_lines = np.asarray(hard_lines, dtype=object)
    out = np.zeros(len(footprints), dtype=bool)
    if not len(footprints) or not len(hard_lines):
        return out
    usable = ~(shapely.is_missing(footprints) | shapely.is_empty(footprints))
    usable &= np.isin(shapely.get_type_id(footprints), [3, 6])
    idx = np.flatnonzero(usable)
    fp, ln = shapely.STRtree(hard_lines).query(footprints[idx], predicate="intersects")
    if not len(fp):
        return out
    for f in np.unique(fp):
        cut = shapely.buffer(shapely.union_all(hard_lines[ln[fp == f]]), snap, quad_segs=2)
        parts = shapely.get_parts(shapely.difference(footprints[idx[f]], cut))
        out[idx[f]] = int((shapely.area(parts) >= STRADDLE_MIN_M2).sum()) >= 2
    return out


def barrier_crossings(grid_geoms: Geometries, buildings_by_grid: Sequence[Geometries],
                      hard_lines: Geometries, water_areas: Geometries, snap: float = BARRIER_CUT_M,
                      workload_by_grid: Sequence[npt.ArrayLike] | None = None) -> np.ndarray:
    """Hard barriers each grid crosses, counted by its buildings.

    A grid crosses a barrier when it holds buildings on both sides: cutting the grid along
    every hard barrier line (major roads, railways, river centre lines; ``snap`` metres on
    each side) and water area leaves its buildings in more than one piece. Returns (pieces
    holding buildings − 1) per grid, so 0 means the grid's worker never has to cross a major
    road or river. Land beyond a barrier (a park, half a river) does not count, nor do

    * a building drawn across a barrier line (:func:`straddles_barrier`; the planner reports
      it once as ``building_on_barrier``): it lies on both sides by itself, and a grid
      holding it and buildings on one side crosses nothing;
    * with ``workload_by_grid`` (per grid, each building's workload: households plus
      weighted duties), buildings without workload, which ask nothing of the worker (an
      office block across the road is land to the grid's worker, as a park is).

    ``buildings_by_grid`` holds each grid's footprints (a building lies on the side holding
    most of its footprint) or points (the side nearest to it; a point cannot straddle).
    """
    grid_geoms = np.asarray(grid_geoms, dtype=object)
    hard_lines = np.asarray(hard_lines, dtype=object)
    water_areas = np.asarray(water_areas, dtype=object)
    out = np.zeros(len(grid_geoms), dtype=np.int64)
    line_tree = shapely.STRtree(hard_lines) if len(hard_lines) else None
    water_tree = shapely.STRtree(water_areas) if len(water_areas) else None
    for g, geom in enumerate(grid_geoms):
        bldgs = np.asarray(buildings_by_grid[g], dtype=object)
        if workload_by_grid is not None and len(bldgs):
            bldgs = bldgs[np.asarray(workload_by_grid[g], dtype=float) > 0]
        if len(bldgs):
            bldgs = bldgs[~(shapely.is_missing(bldgs) | shapely.is_empty(bldgs))]
        if geom is None or len(bldgs) < 2:
            continue
        cutter = _cutter(geom, line_tree, hard_lines, water_tree, water_areas, snap)
        if cutter is None:
            continue
        pieces = shapely.get_parts(shapely.difference(geom, cutter))
        if len(pieces) < 2:
            continue
        if line_tree is not None:
            bldgs = bldgs[~straddles_barrier(bldgs, hard_lines[line_tree.query(geom, predicate="intersects")], snap)]
        if len(bldgs) < 2:
            continue
        tree = shapely.STRtree(pieces)
        _, side = tree.query_nearest(shapely.point_on_surface(bldgs), all_matches=False)
        polygonal = np.flatnonzero(np.isin(shapely.get_type_id(bldgs), [3, 6]))
        if len(polygonal):
            b_i, p_i = tree.query(bldgs[polygonal], predicate="intersects")
            if len(b_i):
                overlap = shapely.area(shapely.intersection(bldgs[polygonal][b_i], pieces[p_i]))
                order = np.lexsort((-overlap, b_i))
                b_i, p_i = b_i[order], p_i[order]
                first = np.unique(b_i, return_index=True)[1]
                side[polygonal[b_i[first]]] = p_i[first]
        out[g] = len(np.unique(side)) - 1
    return out


def tiling_errors(grid_geoms: Geometries, community_geom: shapely.Geometry,
                  grid_size: float = GRID_SIZE_M) -> dict[str, float]:
    """Gap and overlap area (m²) of a community's grids against the community polygon.

    Overlays run on a ``grid_size`` precision grid (1 cm), so floating-point seams between
    polygons that share an edge do not count as gaps.
    """
    grid_geoms = np.asarray(grid_geoms, dtype=object)
    union = shapely.union_all(grid_geoms, grid_size=grid_size)
    community_geom = shapely.set_precision(community_geom, grid_size)
    gap = shapely.area(shapely.difference(community_geom, union, grid_size=grid_size))
    overlap = float(shapely.area(grid_geoms).sum() - shapely.area(union))
    outside = shapely.area(shapely.difference(union, community_geom, grid_size=grid_size))
    return {"gap_m2": float(gap), "overlap_m2": max(0.0, overlap), "outside_m2": float(outside)}


def road_length_within(polygons: Geometries, lines: Geometries) -> np.ndarray:
    """Metres of line inside each polygon; lines along a polygon's edge count half."""
    polygons = np.asarray(polygons, dtype=object)
    lines = np.asarray(lines, dtype=object)
    out = np.zeros(len(polygons))
    if not len(lines) or not len(polygons):
        return out
    tree = shapely.STRtree(lines)
    for i, poly in enumerate(polygons):
        idx = tree.query(poly, predicate="intersects")
        if not len(idx):
            continue
        merged = shapely.union_all(lines[idx])
        total = shapely.length(shapely.intersection(merged, shapely.buffer(poly, 0.5, quad_segs=2)))
        edge = shapely.length(shapely.intersection(merged, shapely.buffer(shapely.boundary(poly), 0.5,
                                                                                 quad_segs=2)))
        out[i] = total - 0.5 * edge
    return out


@dataclass(frozen=True)
class ForcedUnit:
    """A household unit (building, compound) that no grid within the band can hold, e.g. a
    compound of 200 households whose only neighbours are compounds of 450.

    Any grid holding it with at most max households has a workload of at most ``below`` (its
    households stay under the minimum); any grid holding it with more has at least ``above``.
    ``workload`` is the unit's own; ``partners`` are the units (by ``key``) that share at
    least one such small grid with it; ``apart`` gives, for other forced units of the area,
    the least workload of a connected set holding both (``(key, workload)`` pairs).
    """

    key: int
    workload: float
    below: float
    above: float
    partners: frozenset = frozenset()
    apart: tuple = ()


FORCED_UNITS_PER_AREA = 4       # those pushing furthest from the mean; leaving others out keeps a bound


@dataclass(frozen=True)
class AreaLoad:
    """The workload a part of a community planned on its own (between hard barriers, which no
    grid crosses) shares out: its basic grids' ``total`` workload, their number ``grids``, the
    workloads of its largest indivisible units (buildings, compounds under the maximum),
    ``largest``, at most one per grid, largest first, and the units that push their grid out
    of the band in every plan, ``forced``.
    """

    total: float
    grids: int
    largest: tuple[float, ...] = ()
    forced: tuple[ForcedUnit, ...] = ()

    def evenest(self) -> np.ndarray:
        """The most even grid workloads (largest first) any plan of the area could have.

        The i largest units lie in at most i grids, so the i largest grids hold at least as
        much as they do: grid by grid from the largest, each is its unit or an even share of
        what is left, whichever is more. Every plan's workloads majorize these, so no plan has
        a lower maximum, a higher minimum or a smaller spread around any common mean.
        """
        out = np.empty(self.grids)
        left = float(self.total)
        for i in range(self.grids):
            share = left / (self.grids - i)
            unit = self.largest[i] if i < len(self.largest) else 0.0
            out[i] = max(share, min(unit, left))
            left -= out[i]
        return out

    def least_spread(self, mean: float) -> float:
        """A lower bound on Σ (grid workload − ``mean``)² over the area's grids in any plan.

        The larger of two bounds: the spread of :meth:`evenest`, and the least spread the
        forced units allow. A grid holding forced units either stays under the maximum, and
        then holds at most the smallest of their ``below`` (only if each pair of them can
        share such a grid), or exceeds it, and then holds at least the largest ``above``;
        either way at least their own workloads. Every way of putting the forced units into
        grids and every choice of side is tried, the other grids taking any share; the least
        spread over all of them holds for every plan. A grid holding two of them holds a
        chain of units joining them, so at least their ``apart`` workload.
        """
        if self.grids <= 0:
            return 0.0
        spread = float(((self.evenest() - mean) ** 2).sum())

        def pull(f: ForcedUnit) -> float:      # how far from the mean the unit alone pushes its grid
            return min(abs(min(max(mean, lo), hi) - mean) for lo, hi in _workload_ranges([f]))

        forced = sorted(self.forced, key=lambda f: (-pull(f), f.key))[:FORCED_UNITS_PER_AREA]
        if not forced:
            return spread
        least = math.inf
        for grouping in _set_partitions(list(range(len(forced)))):
            if len(grouping) > self.grids:
                continue
            choices = [_workload_ranges([forced[i] for i in group]) for group in grouping]
            for ranges in itertools.product(*choices):
                least = min(least, _least_squares_share(self.total, self.grids, list(ranges), mean))
        return max(spread, least) if math.isfinite(least) else spread


def _workload_ranges(group: list[ForcedUnit]) -> list[tuple[float, float]]:
    """The workloads a grid holding all of ``group`` can have, as ranges."""
    own = sum(f.workload for f in group)
    keys = {f.key for f in group}
    joined = max((w for f in group for key, w in f.apart if key in keys), default=0.0)
    own = max(own, joined)
    ranges = [(max(own, max(f.above for f in group)), math.inf)]
    low = min(f.below for f in group)
    if own <= low and all(b.key in a.partners or a.key in b.partners
                          for a, b in itertools.combinations(group, 2)):
        ranges.append((own, low))
    return ranges


def _set_partitions(items: list[int]) -> Iterator[list[list[int]]]:
    """Every division of ``items`` into non-empty groups."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for grouping in _set_partitions(rest):
        yield [[first]] + grouping
        for i in range(len(grouping)):
            yield grouping[:i] + [[first] + grouping[i]] + grouping[i + 1:]


def _least_squares_share(total: float, grids: int, ranges: list[tuple[float, float]], mean: float) -> float:
    """The least Σ (w − ``mean``)² of ``grids`` workloads ≥ 0 summing to ``total``, the first
    ones inside ``ranges``; infinite when none exist. The optimum gives every grid the same
    level clipped to its range (water filling); the level is found on the piecewise linear
    sum between the ranges' ends."""
    boxes = list(ranges) + [(0.0, math.inf)] * (grids - len(ranges))
    if sum(lo for lo, _ in boxes) > total + 1e-9 or sum(hi for _, hi in boxes) < total - 1e-9:
        return math.inf

    def filled(level: float) -> float:
        return sum(min(max(level, lo), hi) for lo, hi in boxes)

    ends = sorted({v for box in boxes for v in box if math.isfinite(v)})
    level = ends[0]
    for a, b in zip(ends, ends[1:] + [math.inf]):
        at_a = filled(a)
        if at_a >= total - 1e-9:
            level = a
            break
        slope = sum(1 for lo, hi in boxes if lo <= a < hi)
        if b == math.inf or filled(b) >= total - 1e-9:
            level = a + (total - at_a) / slope
            break
    return float(sum((min(max(level, lo), hi) - mean) ** 2 for lo, hi in boxes))


def evenest_workloads(areas: list[AreaLoad]) -> np.ndarray:
    """The grid workloads of a plan more even than any plan with these grid counts per area
    can be: each area's :meth:`AreaLoad.evenest`, side by side. Its workload max/min bounds
    every such plan's (the plan-wide mean is fixed by the totals)."""
    return np.concatenate([a.evenest() for a in areas if a.grids > 0] or [np.empty(0)])


def workload_ratio_bound(areas: list[AreaLoad]) -> float:
    """A lower bound on the workload max/min of any plan with these grid counts per area
    (:func:`evenest_workloads`). A plan close to it is limited by granularity (building and
    compound sizes, small communities and pockets), not by the search."""
    return workload_balance(evenest_workloads(areas))["max_min_ratio"]


def workload_cv_bound(areas: list[AreaLoad]) -> float:
    """A lower bound on the workload coefficient of variation of any plan with these grid
    counts per area: the plan-wide mean is fixed by the totals, and each area's spread around
    it is at least :meth:`AreaLoad.least_spread` (granularity, and the units that force their
    grid out of the band)."""
    areas = [a for a in areas if a.grids > 0]
    grids = sum(a.grids for a in areas)
    if not grids:
        return float("nan")
    mean = sum(a.total for a in areas) / grids
    if mean <= 0:
        return float("nan")
    return math.sqrt(sum(a.least_spread(mean) for a in areas) / grids) / mean


def plan_summary(grids: pd.DataFrame, band: Band, splits: pd.DataFrame | None = None,
                 tiling: dict[str, float] | None = None) -> dict:
    """Plan-level figures shown by the CLI, the report, the dock and the benchmarks."""
    basic = grids[grids["grid_kind"] == "basic"] if "grid_kind" in grids else grids
    balance = workload_balance(basic["workload"])
    outside = ~band.contains(basic["households"].to_numpy())
    forced = (basic["band_forced"].fillna(0).astype(bool).to_numpy() if "band_forced" in basic
              else np.zeros(len(basic), dtype=bool))
    out = {
        "grids": int(len(grids)),
        "basic_grids": int(len(basic)),
        "households": int(grids["households"].sum()),
        "in_band_share": band.share_inside(basic["households"].to_numpy()),
        "grids_outside_band": int(outside.sum()),
        # Grids outside the band although no proof says they must be ("band_forced" = 0).
        "grids_outside_band_avoidable": int((outside & ~forced).sum()),
        "in_band_share_where_feasible": (float((~outside).sum() / max(1, (~(outside & forced)).sum()))
                                         if len(basic) else float("nan")),
        "workload_max": balance["max"],
        "workload_min": balance["min"],
        "workload_max_min_ratio": balance["max_min_ratio"],
        "workload_cv": balance["cv"],
        "workload_cv_in_band": workload_balance(basic["workload"][~outside])["cv"],
        "workload_max_min_ratio_in_band": workload_balance(basic["workload"][~outside])["max_min_ratio"],
        "barrier_crossings": int(grids["barrier_crossings"].sum()) if "barrier_crossings" in grids else 0,
        "noncontiguous_grids": int((grids["parts"] > 1).sum()) if "parts" in grids else 0,
        "mean_compactness": float(grids["compactness"].mean()) if len(grids) else float("nan"),
        "compound_splits": int(len(splits)) if splits is not None else 0,
        "avoidable_compound_splits": int(splits["avoidable"].sum()) if splits is not None and len(splits) else 0,
    }
    if tiling:
        # Plan-wide figures of :func:`plan_tiling_check` (widths in m) when given, else the
        # areas alone.
        out.update({"gap_m2": tiling.get("gap_m2", 0.0), "overlap_m2": tiling.get("overlap_m2", 0.0)})
        out.update({k: tiling[k] for k in ("tiling_gap_width_m", "tiling_overlap_width_m", "boundary_deviation_m")
                    if k in tiling})
    return out


def overlap_with_others(geoms: Geometries, grid_size: float = GRID_SIZE_M) -> np.ndarray:
    """Area (m²) of each polygon that other polygons of the set also cover.

    Overlays run on a ``grid_size`` precision grid (1 cm), so polygons that only share an
    edge overlap by 0. Used to check hand-drawn plans, where grids may overlap.
    """
    geoms = np.asarray(geoms, dtype=object)
    out = np.zeros(len(geoms))
    if len(geoms) < 2:
        return out
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left != right
    for i in np.unique(left[keep]):
        others = shapely.union_all(geoms[right[keep & (left == i)]], grid_size=grid_size)
        out[i] = float(shapely.area(shapely.intersection(geoms[i], others, grid_size=grid_size)))
    return out


def enclosed_gaps(geoms: Geometries, grid_size: float = GRID_SIZE_M) -> float:
    """Area (m²) of holes in the union of the polygons that no polygon covers.

    Without a community boundary to compare with, a gap is land surrounded by grids but in
    none of them. Holes smaller than 1 m² (floating-point seams) are ignored.
    """
    geoms = np.asarray(geoms, dtype=object)
    if not len(geoms):
        return 0.0
    union = shapely.union_all(geoms, grid_size=grid_size)
    total = 0.0
    for part in shapely.get_parts(union):
        for ring in shapely.get_interior_ring(part, range(shapely.get_num_interior_rings(part))):
            area = float(shapely.area(shapely.Polygon(ring)))
            if area >= 1.0:
                total += area
    return total


def tiling_gap_geometry(grid_geoms: Geometries, area_geom: shapely.Geometry, grid_size: float = GRID_SIZE_M,
                        min_area: float = 1.0) -> shapely.Geometry | None:
    """The parts of ``area_geom`` (a community) that no grid covers, as a geometry.

    The geometric counterpart of ``tiling_errors``' ``gap_m2``: same precision grid; parts
    smaller than ``min_area`` m² (floating-point seams) are dropped. ``None`` when no gap.
    """
    grid_geoms = np.asarray(grid_geoms, dtype=object)
    area_geom = shapely.set_precision(area_geom, grid_size)
    if len(grid_geoms):
        union = shapely.union_all(grid_geoms, grid_size=grid_size)
        gap = shapely.difference(area_geom, union, grid_size=grid_size)
    else:
        gap = area_geom
    parts = shapely.get_parts(gap)
    parts = parts[np.isin(shapely.get_type_id(parts), [3]) & (shapely.area(parts) >= min_area)]
    return shapely.union_all(parts) if len(parts) else None


def building_workload(frame: pd.DataFrame, households_field: str, attribute_weights: dict[str, float]) -> np.ndarray:
    """Workload of each building in household equivalents (折算户).

    ``households + Σ weight × attribute`` over the weighted attributes the frame has
    (missing or non-numeric values count as 0). Summed over a grid's buildings this is the
    grid's workload before the patrol terms (per km of road, per hectare), which depend on
    the grid's polygon.
    """
    out = pd.to_numeric(frame[households_field], errors="coerce").fillna(0).to_numpy(dtype=float)
    for name, weight in attribute_weights.items():
        if name in frame.columns and weight:
            out = out + float(weight) * pd.to_numeric(frame[name], errors="coerce").fillna(0).to_numpy(dtype=float)
    return out


def patrol_workload(workload: npt.ArrayLike, geoms: Geometries, road_lines: Geometries,
                    weights: WorkloadWeights) -> np.ndarray:
    """``workload`` plus the patrol terms of the weights for each polygon of ``geoms``.

    The one definition of the patrol term (``per_hectare`` of area, ``per_km_road`` of road
    inside), shared by the atoms the engine moves, the planned and evaluated grids and the
    dock's live table.
    """
    out = np.asarray(workload, dtype=float)
    geoms = np.asarray(geoms, dtype=object)
    if weights.per_hectare:
        out = out + weights.per_hectare * shapely.area(geoms) / 1e4
    if weights.per_km_road:
        out = out + weights.per_km_road * road_length_within(geoms, road_lines) / 1e3
    return out


#: Every grid status, in order of precedence (the first that applies is the grid's status): the
#: hard rules a grid breaks, then what kind of grid it is, then the band.
STATUS_PRECEDENCE = ("noncontiguous", "crosses_community", "overlap", "crosses_barrier", "compound_split",
                     "dedicated", "locked", "under_min", "over_max", "ok")


def grid_status(households: npt.ArrayLike, parts: npt.ArrayLike, barrier_crossings: npt.ArrayLike,
                kinds: npt.ArrayLike, band: Band, *, outside_community_m2: npt.ArrayLike | None = None,
                overlap_m2: npt.ArrayLike | None = None, compounds_split: npt.ArrayLike | None = None,
                area_tolerance_m2: float = 1.0) -> np.ndarray:
    """Rule status of each grid: the one precedence (:data:`STATUS_PRECEDENCE`) that the
    planner, the evaluator and the dock share.

    ``noncontiguous`` (more than one part) · ``crosses_community`` (more than
    ``area_tolerance_m2`` outside its community) · ``overlap`` (as much covered by other grids)
    · ``crosses_barrier`` (buildings on both sides of a hard barrier) · ``compound_split``
    (compounds split more than needed) · ``dedicated`` (a dedicated site's grid: it holds one
    site, whatever its households) · for a locked grid its band status, else ``locked`` ·
    ``under_min`` / ``over_max`` · ``ok``. ``kinds`` holds ``basic``, ``dedicated`` or
    ``locked``. The optional arrays are measured by the evaluator only; a planned grid lies in
    its community and overlaps nothing by construction.
    """
    h = np.asarray(households)
    kinds = np.asarray(kinds, dtype=object)
    n = len(h)

    def flags(values: npt.ArrayLike | None, above: float = 0.0) -> np.ndarray:
        return np.zeros(n, dtype=bool) if values is None else np.asarray(values) > above

    in_band = band.status(h)
    out = in_band.astype(object)
    out = np.where(kinds == "locked", np.where(in_band != "ok", in_band, "locked"), out)
    out = np.where(kinds == "dedicated", "dedicated", out)
    out = np.where(flags(compounds_split), "compound_split", out)
    out = np.where(flags(barrier_crossings), "crosses_barrier", out)
    out = np.where(flags(overlap_m2, area_tolerance_m2), "overlap", out)
    out = np.where(flags(outside_community_m2, area_tolerance_m2), "crosses_community", out)
    out = np.where(np.asarray(parts) > 1, "noncontiguous", out)
    return out.astype(str) if n else np.array([], dtype=str)



def sliver_width(geoms: Geometries) -> np.ndarray:
    """Width (m) of each polygon as a sliver: area / (perimeter / 2).

    For a strip of length L and width w (L ≫ w) this is w; for a triangle whose apex lies a
    distance d off its base it is about d / 2; for a compact shape it is about its inradius
    (a disc of radius r: r). It is the measure of every overlap and gap width of
    :func:`plan_tiling_check`.
    """
    geoms = np.asarray(geoms, dtype=object)
    area = shapely.area(geoms)
    perim = shapely.length(geoms)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(perim > 0, 2.0 * area / perim, 0.0)


def _polygon_parts(geom: shapely.Geometry | None) -> np.ndarray:
    if geom is None or shapely.is_empty(geom):
        return np.empty(0, dtype=object)
    parts = shapely.get_parts(geom)
    parts = parts[shapely.get_type_id(parts) == 3]
    return parts[shapely.area(parts) > 0]


def _overlay(op: str, a: shapely.Geometry, b: shapely.Geometry) -> shapely.Geometry:
    """A full-precision overlay; on a GEOS robustness failure, on a 1 µm grid instead."""
    func = getattr(shapely, op)
    try:
        return func(a, b)
    except shapely.errors.GEOSException:
        return func(a, b, grid_size=1e-6)


def _union(geoms: Geometries) -> shapely.Geometry:
    try:
        return shapely.union_all(geoms)
    except shapely.errors.GEOSException:
        return shapely.union_all(geoms, grid_size=1e-6)


def _is_coverage(geoms: np.ndarray) -> bool:
    """Whether polygons are a valid coverage: valid polygons, no overlap, neighbours sharing
    exact edges (as a conformed plan's grids are); so is any subset of them."""
    try:
        return bool(np.isin(shapely.get_type_id(geoms), [3, 6]).all() and shapely.is_valid(geoms).all()
                    and shapely.coverage_is_valid(geoms))
    except shapely.errors.GEOSException:
        return False


def _union_of_tiles(geoms: np.ndarray, coverage: bool) -> shapely.Geometry:
    """The union of polygons that should tile: of a valid coverage (:func:`_is_coverage`)
    the coverage union, which only drops the shared edges, else the full overlay."""
    if coverage:
        try:
            return shapely.coverage_union_all(geoms)
        except shapely.errors.GEOSException:
            pass
    return _union(geoms)


def _pairwise_overlaps(geoms: np.ndarray, tree: shapely.STRtree
                       ) -> Iterator[tuple[int, int, np.ndarray, float, float]]:
    """``(i, j, parts, widest, area)`` for every two polygons of ``geoms`` that overlap with
    area, measured at full precision (:func:`sliver_width` of the widest part)."""
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    # Only pairs whose interiors meet can overlap with area: neighbours that merely share an
    # edge (nearly all pairs of a plan) are told apart by a predicate, without an overlay.
    try:
        keep = shapely.relate_pattern(geoms[left], geoms[right], "2********")
    except shapely.errors.GEOSException:
        keep = np.ones(len(left), dtype=bool)
    for i, j in zip(left[keep], right[keep]):
        parts = _polygon_parts(_overlay("intersection", geoms[i], geoms[j]))
        if len(parts):
            yield int(i), int(j), parts, float(sliver_width(parts).max()), float(shapely.area(parts).sum())


@dataclass
class TilingCheck:
    """Result of :func:`plan_tiling_check` (widths and distances in m, areas in m²).

    ``overlap_width_m`` / ``gap_width_m``: the widest overlap between two grids and the
    widest gap between grids (:func:`sliver_width` of each piece); ``boundary_deviation_m``:
    the farthest the union of a community's grids strays from the community's outline
    (``deviations`` per community; ``strays`` the area of the community left uncovered and
    the area of its grids outside it, for those beyond the tolerance). ``overlapping_pairs``
    lists ``(grid, grid, width, area)`` for every pair overlapping more than the tolerance,
    ``gaps`` ``(grids around it, width, area)`` for every such gap. ``input_overlaps``
    (``(community, community, width, area)``) and ``input_gaps`` (``(communities around it,
    width, area)``) are problems of the communities layer itself: grids there follow the communities and are not blamed.
    """

    overlap_width_m: float = 0.0
    overlap_m2: float = 0.0
    gap_width_m: float = 0.0
    gap_m2: float = 0.0
    boundary_deviation_m: float = float("nan")
    overlapping_pairs: list[tuple[str, str, float, float]] = dataclasses.field(default_factory=list)
    gaps: list[tuple[tuple[str, ...], float, float]] = dataclasses.field(default_factory=list)
    deviations: dict[str, float] = dataclasses.field(default_factory=dict)
    strays: dict[str, tuple[float, float]] = dataclasses.field(default_factory=dict)
    input_overlaps: list[tuple[str, str, float, float]] = dataclasses.field(default_factory=list)
    input_gaps: list[tuple[tuple[str, ...], float, float]] = dataclasses.field(default_factory=list)
    width_tolerance_m: float = TILING_WIDTH_TOLERANCE_M
    boundary_tolerance_m: float = BOUNDARY_TOLERANCE_M

    @property
    def ok(self) -> bool:
        """No overlap or gap between grids wider than the width tolerance, and every
        community's grids within the boundary tolerance of its outline."""
        deviation = self.boundary_deviation_m
        return (self.overlap_width_m <= self.width_tolerance_m and self.gap_width_m <= self.width_tolerance_m
                and (math.isnan(deviation) or deviation <= self.boundary_tolerance_m))

    def summary(self) -> dict[str, float]:
        """The figures the plan summary shows."""
        return {"gap_m2": self.gap_m2, "overlap_m2": self.overlap_m2,
                "tiling_overlap_width_m": self.overlap_width_m, "tiling_gap_width_m": self.gap_width_m,
                "boundary_deviation_m": self.boundary_deviation_m}

    def messages(self) -> list[str]:
        """One sentence per failure (empty when :attr:`ok`)."""
        out = []
        for a, b, width, area in self.overlapping_pairs:
            out.append(tr("grids {a} and {b} overlap by {width:.1f} mm ({area:.3f} m²)", a=a, b=b,
                          width=width * 1000, area=area))
        for around, width, area in self.gaps:
            out.append(tr("a gap of {width:.1f} mm ({area:.3f} m²) between grids {grids}", width=width * 1000,
                          area=area, grids=", ".join(around)))
        for code, deviation in sorted(self.deviations.items()):
            if deviation > self.boundary_tolerance_m:
                uncovered, outside = self.strays.get(code, (0.0, 0.0))
                out.append(tr("the grids of community {code} stray {deviation:.3f} m from its boundary: they "
                              "leave a gap of {uncovered:.1f} m² and reach {outside:.1f} m² outside it", code=code,
                              deviation=deviation, uncovered=uncovered, outside=outside))
        return out


def plan_tiling_check(grids: pd.DataFrame, communities: pd.DataFrame | None = None, *,
                      width_tolerance_m: float = TILING_WIDTH_TOLERANCE_M,
                      boundary_tolerance_m: float = BOUNDARY_TOLERANCE_M) -> TilingCheck:
    """Whether a whole plan's grids tile its communities, measured at full floating-point
    precision (no precision grid: the geometry exactly as written).

    ``grids`` has ``grid_code``, ``community_code`` and a geometry; ``communities`` (optional)
    ``code`` and a geometry in the same CRS, as given to the planner.

    * **overlaps**: every two grids of the plan, of one community or of two, are intersected;
      each polygonal piece is measured by :func:`sliver_width` (area / half perimeter: the
      width of a thin strip).
    * **gaps between grids**: the land not covered by any grid, inside the communities or
      enclosed by grids, cut into pieces; a piece whose outline runs along grids for at least
      three quarters of its length lies *between* grids and is measured like an overlap. A
      piece lying mostly outside every community is a gap of the communities layer
      (``input_gaps``), not of the plan. A strip along a community's outer line is no gap
      between grids: the boundary deviation measures it.
    * **boundary deviation**: per community, the Hausdorff distance (vertex-based, both
      ways) between the community's outline and the outline of the union of its grids,
      leaving out land the community shares with another one (``input_overlaps``, given to
      one of them by the planner).
    """
    geoms = np.asarray(grids.geometry.to_numpy(), dtype=object)
    codes = grids["grid_code"].astype(str).to_numpy()
    comm_of = (grids["community_code"].astype(str).to_numpy() if "community_code" in grids
               else np.full(len(grids), "", dtype=object))
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    geoms, codes, comm_of = geoms[ok], codes[ok], comm_of[ok]
    out = TilingCheck(width_tolerance_m=width_tolerance_m, boundary_tolerance_m=boundary_tolerance_m)
    if not len(geoms):
        return out
    tree = shapely.STRtree(geoms)

    # Overlaps between any two grids (a valid coverage has none: its interiors are disjoint).
    coverage = _is_coverage(geoms)
    for i, j, _, width, area in ([] if coverage else _pairwise_overlaps(geoms, tree)):
        out.overlap_m2 += area
        out.overlap_width_m = max(out.overlap_width_m, width)
        if width > width_tolerance_m:
            out.overlapping_pairs.append((codes[i], codes[j], width, area))

    # Communities: their overlaps are input problems.
    cgeoms = np.empty(0, dtype=object)
    ccodes = np.empty(0, dtype=object)
    if communities is not None and len(communities):
        cgeoms = np.asarray(communities.geometry.to_numpy(), dtype=object)
        ccodes = communities["code"].astype(str).to_numpy()
        keep = ~(shapely.is_missing(cgeoms) | shapely.is_empty(cgeoms))
        cgeoms, ccodes = cgeoms[keep], ccodes[keep]
    shared_with: dict[int, list[shapely.Geometry]] = {}
    ctree = shapely.STRtree(cgeoms) if len(cgeoms) else None
    if ctree is not None:
        for i, j, parts, width, area in _pairwise_overlaps(cgeoms, ctree):
            shared_with.setdefault(int(i), []).extend(parts)
            shared_with.setdefault(int(j), []).extend(parts)
            if width > width_tolerance_m:
                out.input_overlaps.append((ccodes[i], ccodes[j], width, area))

    # Gaps: land in the communities or enclosed by grids that no grid covers.
    union = _union_of_tiles(geoms, coverage)
    filled = shapely.union_all([shapely.polygons(shapely.get_exterior_ring(p)) for p in _polygon_parts(union)])
    region = _union(np.concatenate([[filled], cgeoms])) if len(cgeoms) else filled
    comm_union = _union(cgeoms) if len(cgeoms) else None
    for piece in _polygon_parts(_overlay("difference", region, union)):
        width = float(sliver_width([piece])[0])
        area = float(shapely.area(piece))
        near = tree.query(piece, predicate="dwithin", distance=1e-6)
        if comm_union is not None and shapely.area(_overlay("intersection", piece, comm_union)) < 0.5 * area:
            assert ctree is not None    # comm_union is set only when there are communities
            around = tuple(sorted(set(ccodes[ctree.query(piece, predicate="dwithin", distance=1e-6)])))
            if width > width_tolerance_m and len(around) > 1:     # not a community's own hole
                out.input_gaps.append((around, width, area))
            continue
        if not len(near):
            continue
        ring = shapely.segmentize(shapely.boundary(piece), max(shapely.length(piece) / 64, 1e-9))
        pts = shapely.points(shapely.get_coordinates(ring))
        along = shapely.dwithin(pts, _union(geoms[near]), 1e-6)
        if along.mean() < 0.75:
            continue
        out.gap_m2 += area
        out.gap_width_m = max(out.gap_width_m, width)
        if width > width_tolerance_m:
            out.gaps.append((tuple(sorted(set(codes[near]))), width, area))

    # Boundary deviation, per community.
    for c, (code, cgeom) in enumerate(zip(ccodes, cgeoms)):
        mine = geoms[comm_of == code]
        if not len(mine):
            continue
        grid_union = _union_of_tiles(mine, coverage)
        if c in shared_with:
            shared = _union(shared_with[c])
            cgeom = _overlay("difference", cgeom, shared)
            grid_union = _overlay("difference", grid_union, shared)
        # Holes of the union inside the community are gaps (measured above), not its outline;
        # holes of the community itself are.
        polys = []
        for p in _polygon_parts(grid_union):
            holes = [r for r in shapely.get_interior_ring(p, range(shapely.get_num_interior_rings(p)))
                     if shapely.area(_overlay("intersection", shapely.polygons(r), cgeom))
                     < 0.5 * shapely.area(shapely.polygons(r))]
            polys.append(shapely.polygons(shapely.get_exterior_ring(p), holes=holes or None))
        outline = shapely.boundary(shapely.multipolygons(polys)) if polys else shapely.LineString()
        deviation = float(shapely.hausdorff_distance(shapely.boundary(cgeom), outline))
        out.deviations[code] = deviation
        if deviation > boundary_tolerance_m:
            out.strays[code] = (float(shapely.area(_overlay("difference", cgeom, grid_union))),
                                float(shapely.area(_overlay("difference", grid_union, cgeom))))
    if out.deviations:
        out.boundary_deviation_m = max(out.deviations.values())
    out.overlapping_pairs.sort(key=lambda t: -t[2])
    out.gaps.sort(key=lambda t: -t[1])
    return out
