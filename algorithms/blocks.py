"""The blocks and building cells the planner works with, as layers a user can inspect.

Nothing is computed here that the planner does not compute: the inputs go through the
same preparation (:func:`gridplanner.algorithms.prepare.prepare_inputs`) and each
community through :func:`gridplanner.algorithms.planner.build_community_graph`, i.e.
``momepy.enclosures`` for the blocks and ``momepy.enclosed_tessellation`` for the cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from .atoms import SEP_HARD, SEP_WATER
from .errors import PlanCancelled
from .params import PlanParameters
from .planner import build_community_graph, build_tasks
from .prepare import prepare_inputs


@dataclass
class BlocksResult:
    """``blocks``: enclosed blocks; ``cells``: the atoms' cells (one per compound, dedicated
    site, locked grid or cluster of stand-alone buildings, cut from the blocks)."""

    blocks: gpd.GeoDataFrame
    cells: gpd.GeoDataFrame
    crs: object
    notes: list[str]


def build_blocks(buildings: gpd.GeoDataFrame, roads: gpd.GeoDataFrame | None = None,
                 communities: gpd.GeoDataFrame | None = None,
                 water: gpd.GeoDataFrame | Sequence[gpd.GeoDataFrame] | None = None,
                 params: PlanParameters | None = None,
                 progress: Callable[[float, str], None] | None = None,
                 is_cancelled: Callable[[], bool] | None = None) -> BlocksResult:
    """Blocks enclosed by roads, water and community lines, and the planner's cells.

    Parameters are those of :func:`gridplanner.algorithms.plan_grids` (the band's maximum
    decides where large compounds are split; the target decides the size of clusters of
    stand-alone buildings).

    Returns
    -------
    BlocksResult
        ``blocks`` (``block_id``, ``community_code``, ``kind`` land/empty/water,
        ``n_buildings``, ``households``, ``area_m2``) and ``cells`` (``cell_id``,
        ``community_code``, ``kind``, ``group_kind`` compound/compound_part/dedicated/
        locked/loose/empty, ``group``, ``n_buildings``, ``households``, ``workload``,
        ``area_m2``, ``neighbours`` and ``hard_neighbours``: cells sharing a boundary, and
        those of them across a major road or river).
    """
    params = params or PlanParameters()
    report = progress or (lambda fraction, message: None)
    if water is not None and not isinstance(water, (list, tuple)):
        water = [water]
    report(0.0, "checking inputs")
    prep = prepare_inputs(buildings, roads, communities, water, params)
    tasks = build_tasks(prep, params)
    block_rows, cell_rows = [], []
    for done, task in enumerate(tasks):
        if is_cancelled is not None and is_cancelled():
            raise PlanCancelled("cancelled")
        graph = build_community_graph(task)
        code = task.code
        reps = shapely.point_on_surface(task.footprints) if len(task.footprints) else np.empty(0, dtype=object)
        enclosures, in_water = graph.enclosures, graph.enclosure_in_water
        assert enclosures is not None and in_water is not None   # build_atoms always sets both
        counts = np.zeros(len(enclosures), dtype=np.int64)
        hh = np.zeros(len(enclosures), dtype=np.int64)
        if len(reps) and len(enclosures):
            tree = shapely.STRtree(enclosures)
            src, dst = tree.query(reps, predicate="within")
            first = np.unique(src, return_index=True)[1]
            np.add.at(counts, dst[first], 1)
            np.add.at(hh, dst[first], task.households[src[first]])
        for e, geom in enumerate(enclosures):
            kind = "water" if in_water[e] and not counts[e] else ("land" if counts[e] else "empty")
            block_rows.append({"block_id": f"{code}-B{e + 1:04d}", "community_code": code, "kind": kind,
                               "n_buildings": int(counts[e]), "households": int(hh[e]),
                               "area_m2": round(float(shapely.area(geom)), 1), "geometry": geom})
        neighbours: list[list[int]] = [[] for _ in range(graph.n)]
        hard = [0] * graph.n
        for i, j, sep in zip(graph.edge_i, graph.edge_j, graph.edge_sep):
            neighbours[i].append(j)
            neighbours[j].append(i)
            if sep in (SEP_HARD, SEP_WATER):
                hard[i] += 1
                hard[j] += 1
        for a in range(graph.n):
            cell_rows.append({
                "cell_id": f"{code}-C{a + 1:04d}", "community_code": code, "kind": graph.kind[a],
                "group_kind": graph.group_kind[a], "group": graph.group[a],
                "n_buildings": int(len(graph.members[a])), "households": int(graph.households[a]),
                "workload": round(float(graph.workload[a]), 2), "area_m2": round(float(graph.area[a]), 1),
                "neighbours": len(neighbours[a]), "hard_neighbours": hard[a], "geometry": graph.geometry[a]})
        report((done + 1) / len(tasks), f"community {code}: {len(enclosures)} blocks, {graph.n} cells")
    block_columns = ["block_id", "community_code", "kind", "n_buildings", "households", "area_m2", "geometry"]
    cell_columns = ["cell_id", "community_code", "kind", "group_kind", "group", "n_buildings", "households",
                    "workload", "area_m2", "neighbours", "hard_neighbours", "geometry"]
    blocks = gpd.GeoDataFrame(block_rows or None, columns=block_columns, geometry="geometry", crs=prep.crs)
    cells = gpd.GeoDataFrame(cell_rows or None, columns=cell_columns, geometry="geometry", crs=prep.crs)
    return BlocksResult(blocks=blocks, cells=cells, crs=prep.crs, notes=list(prep.notes))
