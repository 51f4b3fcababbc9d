"""The planning entry point: inputs in, a complete grid plan out."""

from __future__ import annotations

import datetime as _dt
import os
import sys
import time
import zlib
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from . import cluster, metrics
from ._typing import CRSLike
from .atoms import AtomGraph, build_atoms
from .band import Band
from .errors import PlanCancelled
from .geometry import conform_plan, dissolve_grids
from .i18n import tr
from .numbering import number_grids, sequence_of
from .params import PlanParameters
from .partition import GridDraft, partition_community
from .prepare import PreparedInputs, prepare_inputs
from .results import PlanLayers, Problem, problems_frame

ENGINE_VERSION = "0.1.0"
#: Below this many households, starting a local Dask cluster costs more than it saves.
PARALLEL_FROM_HOUSEHOLDS = 50_000

GRID_COLUMNS = ["grid_code", "community_code", "community_name", "seq", "grid_kind", "households",
                "population", "workload", "n_buildings", "area_m2", "perimeter_m", "compactness",
                "parts", "barrier_crossings", "status", "reason", "band_forced"]


class Partitioner(Protocol):
    """What plans one community's atoms into grids: :func:`partition.partition_community`, or
    a peer the benchmarks compare with (shipped to Dask workers with cloudpickle)."""

    def __call__(self, graph: AtomGraph, band: Band, rng: np.random.Generator, *, grid_count: int | None,
                 pocket_policy: str, start: np.ndarray | None, building_ids: Sequence | np.ndarray | None,
                 compound_names: dict[str, str] | None, search_seconds: float | None,
                 pocket_households: int) -> list[GridDraft]: ...


@dataclass(frozen=True)
class CommunityTask:
    """Everything needed to plan one community, and nothing of the others: its polygon, its
    buildings' arrays (aligned with ``index``, their rows in the prepared inputs) and the
    barriers near it. What one Dask task ships (:mod:`.cluster`)."""

    code: str
    name: str | None
    geometry: shapely.Geometry
    index: np.ndarray              # rows of the community's buildings in the prepared inputs
    footprints: np.ndarray
    households: np.ndarray
    workload: np.ndarray
    population: np.ndarray
    compound: np.ndarray
    dedicated: np.ndarray
    locked: np.ndarray
    start: np.ndarray | None       # previous grid of each building (``start_field``), if given
    ids: np.ndarray                # building ids as the user knows them (for messages)
    compound_names: dict[str, str]
    hard_lines: np.ndarray
    soft_lines: np.ndarray
    water: np.ndarray
    grid_count: int | None         # fixed by the user (``grid_counts``), else chosen
    params: PlanParameters
    #: The community on the plan's precision grid, snapped with its neighbours
    #: (``PreparedInputs.territories``): what its grids tile. ``geometry`` when not given.
    territory: shapely.Geometry | None = None
    #: What each of ``hard_lines`` is ("中关村北大街 (primary)"), for the reasons of grids
    #: joining a pocket across it; ``None`` when unknown.
    hard_labels: np.ndarray | None = None

    @property
    def area(self) -> shapely.Geometry:
        """What the community's grids tile: ``territory``, else ``geometry``."""
        return self.territory if self.territory is not None else self.geometry


@dataclass
class CommunityPlan:
    """One community planned: its grids (drafts and polygons), each building's grid and what
    the workload bounds and the summary need from it."""

    code: str
    geoms: list
    drafts: list[GridDraft]
    building_grid: np.ndarray      # grid index of each of the task's buildings (-1: none)
    notes: list[tuple[str, str, str]]     # (kind, key, message), as AtomGraph.notes
    n_atoms: int
    compound_grids_needed: dict
    largest_by_area: dict[int, tuple[float, ...]]
    forced_by_area: dict[int, tuple]
    seconds: dict[str, float]      # time of each step: atoms_s, solve_s, dissolve_s
    #: blocks divided among several atoms, by tessellation method (atoms.TESSELLATION_METHODS)
    tessellation: dict[str, int] = field(default_factory=dict)

    @property
    def tessellation_fallbacks(self) -> int:
        """Blocks whose cells the fast Voronoi construction could not make."""
        return sum(n for method, n in self.tessellation.items() if method != "voronoi")


@dataclass
class PlanResult(PlanLayers):
    """A finished plan: the three output layers, the summary and the run metadata, plus the
    notes of the run (repairs and choices a planner should know about)."""

    notes: list[str] = field(default_factory=list)


def _community_seed(seed: int, code: str) -> np.random.SeedSequence:
    return np.random.SeedSequence([int(seed) & 0xFFFFFFFF, zlib.crc32(str(code).encode("utf-8"))])


def build_community_graph(task: CommunityTask, rng: np.random.Generator | None = None,
                          cluster_households: float | None = None, fine_compounds: bool = False) -> AtomGraph:
    """The atoms and adjacency graph the planner uses for one community.

    ``task`` is one item of :func:`build_tasks`; ``rng`` defaults to the community's own
    seeded generator, so the "Build blocks" tool shows exactly the atoms a plan starts from.
    Workloads include the patrol terms of the weights. ``cluster_households``: the size of
    the clusters loose buildings are grouped in (default a tenth of the target);
    ``fine_compounds``: a compound above the maximum is cut into pieces of that size too,
    instead of as few pieces as the maximum allows.
    """
    params = task.params
    if rng is None:
        rng = np.random.default_rng(_community_seed(params.seed, task.code))
    cluster = max(10.0, params.target_households / 10.0) if cluster_households is None else cluster_households
    graph = build_atoms(task.geometry, task.footprints, task.households, task.workload,
                        task.population, task.compound, task.dedicated, task.locked,
                        task.hard_lines, task.soft_lines, task.water,
                        max_households=params.max_households, cluster_households=cluster,
                        seed=int(rng.integers(2**31)), hard_labels=task.hard_labels,
                        compound_part_households=cluster if fine_compounds else None)
    graph.workload = metrics.patrol_workload(graph.workload, graph.geometry,
                                             np.concatenate([task.hard_lines, task.soft_lines]),
                                             params.weights)
    return graph


def _largest_by_area(drafts: list[GridDraft], workload: np.ndarray) -> dict[int, tuple[float, ...]]:
    """The workloads of each area's largest atoms (buildings, or compounds kept whole), one per
    basic grid of the area, largest first."""
    atoms: dict[int, list[float]] = {}
    grids: dict[int, int] = {}
    for d in drafts:
        if d.kind != "dedicated" and d.atoms and d.area is not None:
            atoms.setdefault(d.area, []).extend(workload[d.atoms].tolist())
            grids[d.area] = grids.get(d.area, 0) + 1
    return {area: tuple(sorted(values, reverse=True)[:grids[area]]) for area, values in atoms.items()}


#: What builds a community's atom graph: :func:`build_community_graph` (buildings, blocks and
#: cells), or one atom per area unit for rural plans (:func:`.rural.area_unit_graph`).
GraphBuilder = Callable[[CommunityTask, np.random.Generator], AtomGraph]


def _plan_one(task: CommunityTask, partitioner: Partitioner = partition_community,
              graph_builder: GraphBuilder = build_community_graph) -> CommunityPlan:
    """Atoms, partition and polygons of one community (a Dask task when parallel)."""
    params = task.params
    rng = np.random.default_rng(_community_seed(params.seed, task.code))
    started = time.perf_counter()
    graph = graph_builder(task, rng)
    atoms_done = time.perf_counter()
    start = None
    if task.start is not None:
        start = np.array([_majority(task.start[m]) for m in graph.members], dtype=object)
    drafts = partitioner(graph, params.band, rng, grid_count=task.grid_count,
                         pocket_policy=params.small_pocket_policy, start=start,
                         building_ids=task.ids, compound_names=task.compound_names,
                         search_seconds=params.search_seconds,
                         pocket_households=params.pocket_threshold)
    solved = time.perf_counter()
    building_points = shapely.point_on_surface(task.footprints) if len(task.footprints) \
        else np.empty(0, dtype=object)
    geoms = dissolve_grids(task.area, graph.geometry, [d.atoms for d in drafts], graph.households,
                           [building_points[m] for m in graph.members])
    dissolved = time.perf_counter()
    building_grid = np.full(len(task.footprints), -1, dtype=np.int64)
    for g, d in enumerate(drafts):
        for a in d.atoms:
            building_grid[graph.members[a]] = g
    return CommunityPlan(
        code=task.code, geoms=geoms, drafts=drafts, building_grid=building_grid, notes=graph.notes,
        n_atoms=graph.n, compound_grids_needed=graph.compound_grids_needed or {},
        largest_by_area=_largest_by_area(drafts, graph.workload),
        forced_by_area={d.area: d.forced for d in drafts if d.area is not None and d.forced},
        seconds={"atoms_s": atoms_done - started, "solve_s": solved - atoms_done,
                 "dissolve_s": dissolved - solved},
        tessellation=dict(graph.tessellation or {}))


def _majority(values: np.ndarray) -> str | None:
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    uniq, counts = np.unique(np.asarray(vals, dtype=str), return_counts=True)
    return uniq[np.argmax(counts)]


class Barriers:
    """The plan's barrier lines (:class:`PreparedInputs`' hard and soft lines, water areas and
    the hard lines' labels) with their spatial indexes: what :func:`community_task` cuts out
    around each community."""

    def __init__(self, hard: np.ndarray, soft: np.ndarray, water: np.ndarray, labels: np.ndarray | None) -> None:
        self.hard, self.soft, self.water = hard, soft, water
        self.labels = labels if labels is not None else np.full(len(hard), None, dtype=object)
        self._trees = [shapely.STRtree(arr) if len(arr) else None for arr in (hard, soft, water)]

    @classmethod
    def of(cls, prep: PreparedInputs) -> Barriers:
        """The barriers of prepared inputs."""
        return cls(prep.hard_lines.to_numpy(), prep.soft_lines.to_numpy(), prep.water.to_numpy(), prep.hard_labels)

    def near(self, geom: shapely.Geometry) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Hard lines, their labels, soft lines and water areas meeting ``geom`` buffered by 1 m."""
        box = shapely.buffer(geom, 1.0)
        found = []
        for tree in self._trees:
            found.append(np.empty(0, dtype=np.int64) if tree is None
                         else np.sort(tree.query(box, predicate="intersects")))
        hard, soft, water = found
        if not len(hard):
            return (np.empty(0, dtype=object),) * 2 + (self.soft[soft], self.water[water])
        return self.hard[hard], self.labels[hard], self.soft[soft], self.water[water]


def community_task(code: str, name: str | None, geometry: shapely.Geometry, territory: shapely.Geometry | None,
                   index: np.ndarray, footprints: np.ndarray, households: np.ndarray, workload: np.ndarray,
                   population: np.ndarray, compound: np.ndarray, compound_name: np.ndarray, dedicated: np.ndarray,
                   locked: np.ndarray, start: np.ndarray | None, ids: np.ndarray, barriers: Barriers,
                   params: PlanParameters) -> CommunityTask:
    """The planning task of one community from its buildings' arrays (aligned with ``index``,
    their rows in the inputs) and the plan's barriers."""
    hard, labels, soft, water = barriers.near(geometry)
    return CommunityTask(
        code=code, name=name, geometry=geometry, index=index, footprints=footprints,
        households=households, workload=workload, population=population, compound=compound,
        dedicated=dedicated, locked=locked, start=start, ids=ids,
        compound_names=_compound_names(compound, compound_name),
        hard_lines=hard, hard_labels=labels, soft_lines=soft, water=water,
        grid_count=params.grid_counts.get(code), params=params, territory=territory)


def build_tasks(prep: PreparedInputs, params: PlanParameters) -> list[CommunityTask]:
    """One planning task per community: its polygon, buildings and the barriers near it."""
    tasks = []
    usable = ~(shapely.is_missing(prep.footprints.to_numpy()) | shapely.is_empty(prep.footprints.to_numpy()))
    barriers = Barriers.of(prep)
    # Each community's buildings in one pass (rows in order), not one scan of the city per community.
    footprints, compound = prep.footprints.to_numpy(), prep.compound.to_numpy()
    compound_names = prep.compound_name.to_numpy()
    dedicated, locked, building_ids = prep.dedicated.to_numpy(), prep.locked.to_numpy(), prep.building_ids.to_numpy()
    start = prep.start.to_numpy() if params.start_field else None
    for c, sel in enumerate(community_rows(prep.community_of, usable, len(prep.communities))):
        row = prep.communities.iloc[c]
        tasks.append(community_task(
            row["code"], row.get("name"), row.geometry,
            prep.territories[c] if prep.territories is not None else None, sel, footprints[sel],
            prep.households[sel], prep.workload[sel], prep.population[sel], compound[sel], compound_names[sel],
            dedicated[sel], locked[sel], start[sel] if start is not None else None, building_ids[sel],
            barriers, params))
    return tasks


def community_rows(community_of: np.ndarray, usable: np.ndarray, n_communities: int) -> list[np.ndarray]:
    """The rows of each community's usable buildings, in order (one pass over the buildings)."""
    placed = np.flatnonzero(usable & (community_of >= 0))
    by_community = placed[np.argsort(community_of[placed], kind="stable")]
    bounds = np.searchsorted(community_of[by_community], np.arange(n_communities + 1))
    return [by_community[bounds[c]:bounds[c + 1]] for c in range(n_communities)]


def _compound_names(keys: np.ndarray, names: np.ndarray) -> dict[str, str]:
    """Compound key → name of a community's buildings, where the name says more than the key."""
    return {str(k): str(n) for k, n in zip(keys, names) if k is not None and n is not None and str(n) != str(k)}


def _worker_count(params: PlanParameters, tasks: list[CommunityTask]) -> int:
    """Workers of the local cluster: ``params.workers``, else one per core for a large input
    (1: plan in this process, no cluster). Inside QGIS only when asked (``workers``)."""
    return workers_for(params, len(tasks), sum(int(t.households.sum()) for t in tasks))


def workers_for(params: PlanParameters, communities: int, households: int) -> int:
    """Workers of the local cluster for ``communities`` communities of ``households`` in all
    (see :func:`_worker_count`)."""
    if params.workers:
        return max(1, int(params.workers))
    if "qgis" in sys.modules or communities < 2:
        return 1
    if households < PARALLEL_FROM_HOUSEHOLDS:
        return 1
    return max(1, min(os.cpu_count() or 1, communities))


def plan_grids(buildings: gpd.GeoDataFrame, roads: gpd.GeoDataFrame | None = None,
               communities: gpd.GeoDataFrame | None = None,
               water: gpd.GeoDataFrame | Sequence[gpd.GeoDataFrame] | None = None,
               params: PlanParameters | None = None,
               progress: Callable[[float, str], None] | None = None,
               is_cancelled: Callable[[], bool] | None = None,
               partitioner: Partitioner = partition_community,
               compounds: gpd.GeoDataFrame | None = None,
               graph_builder: GraphBuilder = build_community_graph, scheduler: str | None = None) -> PlanResult:
    """Plan grids for every community.

    Parameters
    ----------
    buildings, roads, communities
        Input layers (any CRS; a geographic one is replaced by a metric one). Only
        ``buildings`` is required; without communities the whole area is one community.
    water
        A water layer or a list of them (polygons: water areas; lines: river centre lines),
        all hard barriers.
    params
        Field names, band, weights, seed… (:class:`PlanParameters`).
    progress
        Called as ``progress(fraction, message)`` while planning.
    is_cancelled
        Polled between steps; when it returns True, :class:`PlanCancelled` is raised and
        nothing is written.
    partitioner
        What plans each community's atoms into grids (:class:`Partitioner`); the engine's own
        by default. The benchmarks pass a peer here to judge it on the same atoms.
    compounds
        Residential compound polygons (小区, e.g. ``landuse=residential`` areas): a building
        without a compound of its own (``params.compound_field``) gets the one whose polygon
        holds its representative point, the smallest where they overlap; ids from
        ``params.compound_id_field``, names from ``params.compound_name_field``.
    graph_builder
        What makes each community's atoms (:data:`GraphBuilder`): blocks and building cells
        by default; :func:`.rural.plan_from_area_units` passes one atom per village.
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``) whose workers plan the
        communities; overrides ``params.scheduler``. Without one, a large input is planned on a
        local Dask cluster of ``params.workers`` workers (0: one per core), a small one in this
        process. The plan is the same either way.

    Returns
    -------
    PlanResult
        ``grids``, ``buildings`` (every input field plus ``grid_code``) and ``problems``;
        ``metadata["seconds"]`` holds the time spent in each step, summed over communities.
    """
    params = params or PlanParameters()
    report = progress or (lambda fraction, message: None)
    cancelled = is_cancelled or (lambda: False)
    if water is not None and not isinstance(water, (list, tuple)):
        water = [water]
    report(0.0, "checking inputs")
    prep = prepare_inputs(buildings, roads, communities, water, params, compounds=compounds)
    if cancelled():
        raise PlanCancelled("cancelled")
    tasks = build_tasks(prep, params)
    results: dict[str, CommunityPlan] = {}
    workers = _worker_count(params, tasks)
    report(0.05, f"planning {len(tasks)} communities")
    scheduler = scheduler or params.scheduler
    if scheduler or workers > 1:
        _plan_on_dask(tasks, workers, scheduler, results, report, cancelled, partitioner, graph_builder)
    for done, task in enumerate(tasks, 1):
        if task.code in results:
            continue
        if cancelled():
            raise PlanCancelled("cancelled")
        results[task.code] = _plan_one(task, partitioner, graph_builder)
        report(0.05 + 0.85 * done / len(tasks), f"community {task.code} planned")
    report(0.9, "measuring the plan")
    result = _assemble(prep, params, tasks, results)
    report(1.0, "done")
    return result


def _plan_on_dask(tasks: list[CommunityTask], workers: int, scheduler: str | None,
                  results: dict[str, CommunityPlan], report: Callable[[float, str], None],
                  cancelled: Callable[[], bool], partitioner: Partitioner,
                  graph_builder: GraphBuilder = build_community_graph) -> None:
    """Plan every community as a Dask task, largest first: on the cluster at ``scheduler``, else
    on a local cluster of ``workers`` workers (:mod:`.cluster`). Each task ships one
    :class:`CommunityTask`; results are the same as in one process."""

    def store(code: Hashable, plan: CommunityPlan) -> None:
        results[str(code)] = plan
        report(0.05 + 0.85 * len(results) / len(tasks), f"community {code} planned")

    with cluster.dask_client(workers, scheduler) as client:
        cluster.run_tasks(client, _plan_one, tasks, [t.code for t in tasks], extra=(partitioner, graph_builder),
                          priorities=[len(t.index) for t in tasks], on_result=store, cancelled=cancelled)


def _assemble(prep: PreparedInputs, params: PlanParameters, tasks: list[CommunityTask],
              results: dict[str, CommunityPlan], codes: dict[str, list[str]] | None = None,
              conform: bool = True) -> PlanResult:
    """The plan's layers, summary and metadata from each community's plan. Grids are numbered
    in reading order (:func:`number_grids`) unless ``codes`` gives a community's grid codes
    (one per grid of its plan, e.g. the codes a re-plan keeps: :mod:`.replan`). ``conform``
    nodes the whole plan once (:func:`conform_plan`); a re-plan, whose polygons are last
    year's conformed ones or cut inside them, skips it so that kept grids keep them exactly.

    The three steps (:func:`conform_communities`, :func:`community_grids` per community,
    :func:`finish_plan`) are the ones :mod:`.citywide` runs with one community's buildings
    in memory at a time."""
    problems: list[Problem] = list(prep.problems)
    if conform:
        conform_communities([t.area for t in tasks], [t.code for t in tasks], results)
    building_code = np.full(len(prep.buildings), None, dtype=object)
    parts = []
    for task in tasks:
        part = community_grids(task, results[task.code], params, problems, codes)
        building_code[task.index] = part.building_codes
        parts.append(part)

    out_b = prep.buildings.copy()
    if "grid_code" in out_b.columns:
        out_b = out_b.rename(columns={"grid_code": "grid_code_input"})
        prep.notes.append(grid_code_kept_note())
    out_b["grid_code"] = building_code
    finished = finish_plan(parts, building_code, results, params=params, crs=prep.crs, problems=problems,
                           notes=prep.notes, households=prep.households, compound=prep.compound.to_numpy(),
                           building_ids=prep.building_ids.to_numpy(),
                           lines=np.concatenate([prep.hard_lines.to_numpy(), prep.soft_lines.to_numpy()]),
                           communities_given=prep.communities_given, n_communities=len(prep.communities))
    return PlanResult(grids=finished.grids, buildings=out_b, problems=finished.problems, summary=finished.summary,
                      metadata=finished.metadata, compound_splits=finished.splits, crs=prep.crs,
                      notes=list(prep.notes))


def grid_code_kept_note() -> str:
    """The note of a buildings layer that has a ``grid_code`` field of its own."""
    return tr("buildings: the input field 'grid_code' is kept as 'grid_code_input'")


def conform_communities(areas: list[shapely.Geometry], codes: list[str], results: dict[str, CommunityPlan],
                        run: Callable[..., list[list[shapely.Geometry]]] | None = None) -> None:
    """One noding for the whole plan (:func:`conform_plan`): grids of neighbouring communities
    share exact edges. ``results``' polygons are replaced. ``run(conform_plan, areas, grids)``
    runs it elsewhere (:mod:`.citywide`: on a Dask worker), else it runs here."""
    grids = [results[code].geoms for code in codes]
    conformed = run(conform_plan, areas, grids) if run is not None else conform_plan(areas, grids)
    for code, task_geoms in zip(codes, conformed):
        results[code].geoms = task_geoms


@dataclass
class CommunityGrids:
    """One community's rows of the grids layer (measures that need its buildings included) and
    each of its buildings' grid code (``None``: in no grid)."""

    frame: pd.DataFrame
    geoms: list
    building_codes: np.ndarray


def community_grids(task: CommunityTask, res: CommunityPlan, params: PlanParameters, problems: list[Problem],
                    codes: dict[str, list[str]] | None = None) -> CommunityGrids:
    """The per-community part of the assembly: the community's notes as problems, its grids
    numbered (or given ``codes``), their households, population, workload and barrier crossings
    (from ``task``'s buildings), and each building's grid code. ``res`` holds the final
    (conformed) polygons."""
    for kind, key, message in res.notes:
        problems.append(Problem("buildings", key, kind, message, "info"))
    if res.tessellation_fallbacks:
        used = ", ".join(f"{n} by {method}" for method, n in sorted(res.tessellation.items())
                         if method != "voronoi")
        problems.append(Problem("communities", task.code, "tessellation_fallback",
                                f"{res.tessellation_fallbacks} block(s) of community {task.code} could not be "
                                f"divided among their buildings by the fast Voronoi construction (degenerate "
                                f"footprints: a building filling another's courtyard, co-circular or duplicate "
                                f"vertices); divided by a slower fallback ({used}). Check the cells there.",
                                "info"))
    building_codes = np.full(len(task.index), None, dtype=object)
    drafts = res.drafts
    if not drafts:
        return CommunityGrids(pd.DataFrame(), [], building_codes)
    kinds = [d.kind if d.kind == "dedicated" else "basic" for d in drafts]
    if codes is not None and task.code in codes:
        task_codes = list(codes[task.code])
        seq = np.array([sequence_of(task.code, c) for c in task_codes], dtype=np.int64)
    else:
        seq, task_codes = number_grids(task.code, res.geoms, kinds, params.sequence_width)
    bgrid = res.building_grid
    rows = []
    members_of = []
    for g, d in enumerate(drafts):
        members = np.flatnonzero(bgrid == g)
        building_codes[members] = task_codes[g]
        members_of.append(members)
        rows.append({
            "grid_code": task_codes[g], "community_code": task.code, "community_name": task.name,
            "seq": int(seq[g]), "grid_kind": d.kind, "_draft": d,
            "households": int(task.households[members].sum()),
            "population": float(task.population[members].sum()),
            "workload": float(task.workload[members].sum()),
            "n_buildings": int(len(members)),
            "band_forced": int(d.band_forced),
        })
    frame = pd.DataFrame(rows)
    # The lines and water near the community are all those its grids can meet.
    frame["barrier_crossings"] = metrics.barrier_crossings(
        np.array(res.geoms, dtype=object), [task.footprints[m] for m in members_of], task.hard_lines, task.water,
        workload_by_grid=[task.workload[m] for m in members_of])
    return CommunityGrids(frame, list(res.geoms), building_codes)


@dataclass
class FinishedPlan:
    """The plan-wide part of the assembly: the grids layer, problems, compound splits, summary
    and metadata."""

    grids: gpd.GeoDataFrame
    problems: gpd.GeoDataFrame
    splits: pd.DataFrame
    summary: dict
    metadata: dict


def finish_plan(parts: list[CommunityGrids], building_code: np.ndarray, results: dict[str, CommunityPlan], *,
                params: PlanParameters, crs: CRSLike, problems: list[Problem], notes: list[str],
                households: np.ndarray, compound: np.ndarray, building_ids: np.ndarray, lines: np.ndarray,
                communities_given: gpd.GeoDataFrame | None, n_communities: int) -> FinishedPlan:
    """The plan-wide part of the assembly, from every community's :func:`community_grids` and
    per-building arrays only (each building's grid code, households, compound and id): the
    grids' measures and status, problems (grids out of band, unplaced buildings, compound
    splits, notes, the plan-wide tiling check), summary and metadata. ``lines``: every hard
    and soft line (the patrol workload's roads)."""
    band = params.band
    used = [p for p in parts if len(p.frame)]
    frame = pd.concat([p.frame for p in used], ignore_index=True) if used else pd.DataFrame()
    grid_geoms = np.array([g for p in used for g in p.geoms], dtype=object)
    if len(frame):
        frame["workload"] = metrics.patrol_workload(frame["workload"].to_numpy(), grid_geoms, lines, params.weights)
        frame["area_m2"] = shapely.area(grid_geoms)
        frame["perimeter_m"] = shapely.length(grid_geoms)
        frame["compactness"] = metrics.polsby_popper(grid_geoms)
        frame["parts"] = metrics.part_count(grid_geoms)
        frame["status"] = metrics.grid_status(frame["households"], frame["parts"], frame["barrier_crossings"],
                                              frame["grid_kind"], band)
        frame["reason"] = [_reason(r, band) for _, r in frame.iterrows()]
        frame["workload"] = frame["workload"].round(2)
        frame["population"] = frame["population"].round(0)
        frame["area_m2"] = frame["area_m2"].round(1)
        frame["perimeter_m"] = frame["perimeter_m"].round(1)
        frame["compactness"] = frame["compactness"].round(4)
    else:
        frame = pd.DataFrame(columns=GRID_COLUMNS + ["_draft"])
    grids = gpd.GeoDataFrame(frame.drop(columns=["_draft"])[GRID_COLUMNS], geometry=list(grid_geoms), crs=crs)
    grids = grids.sort_values(["community_code", "seq"], kind="stable").reset_index(drop=True)

    for _, r in grids[grids["status"] != "ok"].iterrows():
        severity = "info" if r["status"] in ("dedicated", "locked") else "warning"
        problems.append(Problem("grids", r["grid_code"], r["status"], r["reason"], severity, r.geometry))

    unplaced = pd.isna(building_code)
    if unplaced.any():
        # Buildings without geometry or outside every community are reported as such already.
        reported = {p.feature_id for p in problems if p.kind in ("no_geometry", "outside_communities")
                    and p.layer == "buildings"}
        for fid in building_ids[unplaced]:
            if fid not in reported:
                problems.append(Problem("buildings", fid, "unplaced", tr("not placed in any grid"), "error"))

    needed: dict = {}
    for res in results.values():
        for key, count in res.compound_grids_needed.items():
            needed[key] = needed.get(key, 0) + count     # a compound may span communities
    splits = metrics.compound_splits(compound, building_code, households, params.max_households, needed=needed)
    for _, s in splits.iterrows():
        if s["avoidable"] > 0:
            problems.append(Problem("buildings", s["compound"], "compound_split",
                                    tr("compound {compound} ({households} households) lies in {grids} grids; "
                                       "{needed} would do", compound=s["compound"], households=s["households"],
                                       grids=s["grids"], needed=s["needed"]), "warning"))
    for note in notes:
        problems.append(Problem("plan", None, "note", note, "info"))

    # The tiling of the whole plan as written, at full precision, against the communities as
    # given (their overlaps and gaps are problems of the input, reported by prepare).
    tiling = metrics.plan_tiling_check(grids, communities_given)
    problems.extend(_tiling_problems(tiling))
    prob = problems_frame(problems, crs)
    summary = metrics.plan_summary(grids, band, splits, tiling.summary())
    loads = _area_loads(frame, {code: r.largest_by_area for code, r in results.items()},
                        {code: r.forced_by_area for code, r in results.items()})
    summary["workload_ratio_bound"] = metrics.workload_ratio_bound(loads)
    summary["workload_cv_bound"] = metrics.workload_cv_bound(loads)
    summary["tessellation_fallbacks"] = int(sum(r.tessellation_fallbacks for r in results.values()))
    metadata = {
        "engine": "gridplanner", "engine_version": ENGINE_VERSION,
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "crs": CRS.from_user_input(crs).to_string(), "parameters": params.as_metadata(),
        "inputs": {"buildings": len(building_code), "communities": n_communities},
        "seconds": {step: round(sum(r.seconds[step] for r in results.values()), 3)
                    for step in ("atoms_s", "solve_s", "dissolve_s")},
    }
    return FinishedPlan(grids, prob, splits, summary, metadata)


def _tiling_problems(tiling: metrics.TilingCheck) -> list[Problem]:
    """The failures of the plan-wide tiling check as problems (none in a sound plan)."""
    out = [Problem("grids", None, "tiling", message, "warning") for message in tiling.messages()[:50]]
    for a, b, width, area in tiling.input_overlaps:
        if area <= 1.0:     # larger overlaps are reported by prepare
            out.append(Problem("communities", f"{a},{b}", "community_overlap",
                               f"communities {a} and {b} overlap by {area:.2f} m² ({width * 1000:.1f} mm wide; "
                               "a boundary digitised twice?); the overlap stays with the lower code", "info"))
    for around, width, area in tiling.input_gaps:
        out.append(Problem("communities", ",".join(around), "community_gap",
                           f"communities {', '.join(around)} leave a gap of {area:.1f} m² "
                           f"({width:.3f} m wide) between them; no grid covers it", "warning"))
    return out


def _area_loads(frame: pd.DataFrame, largest: dict, forced: dict | None = None) -> list[metrics.AreaLoad]:
    """The workload each area (a part of a community planned on its own) shares out among its
    basic grids; ``largest`` gives each community's largest atom workloads per area, ``forced``
    the units that force their grid out of the band (:class:`metrics.ForcedUnit`). A grid
    fixed before partitioning (locked by the planner, or one building above the maximum) is an
    area of its own."""
    sums: dict = {}
    alone: list[metrics.AreaLoad] = []      # grids fixed before partitioning: locked, oversize
    for draft, kind, code, w in zip(frame["_draft"], frame["grid_kind"], frame["community_code"],
                                    frame["workload"]) if len(frame) else ():
        if kind != "basic":
            continue
        if draft.area is None:
            alone.append(metrics.AreaLoad(float(w), 1, (float(w),)))
            continue
        total, count = sums.get((code, draft.area), (0.0, 0))
        sums[(code, draft.area)] = (total + float(w), count + 1)
    forced = forced or {}
    return alone + [metrics.AreaLoad(total, count, largest.get(code, {}).get(area, ()),
                                     forced.get(code, {}).get(area, ()))
                    for (code, area), (total, count) in sums.items()]


def _reason(r: pd.Series, band: Band) -> str:
    """Why a planned grid has its status (:func:`metrics.grid_status`): the engine's own reasons
    (proofs, pockets, compounds) first, then what the grid's kind and rule breaks say."""
    d = r["_draft"]
    status = r["status"]
    reasons = list(dict.fromkeys(d.reasons))
    h = r["households"]
    if status == "noncontiguous":
        return tr("; ").join(reasons + [tr("the grid has {parts} separate parts", parts=r["parts"])])
    if d.kind == "dedicated":
        reasons.append(tr("dedicated grid (专属网格) of site {site}", site=d.label))
    elif not reasons and h < band.min:
        reasons.append(tr("{households} households (< min {minimum}); the search found no cut that keeps whole "
                          "compounds and the band here (one may exist: fix the grid count of the community or try "
                          "another seed)", households=h, minimum=band.min))
    elif not reasons and h > band.max:
        reasons.append(tr("{households} households (> max {maximum}); the search found no cut that keeps whole "
                          "compounds and the band here (one may exist: fix the grid count of the community or try "
                          "another seed)", households=h, maximum=band.max))
    if d.kind == "locked":
        reasons.append(tr("locked by the planner as {label}", label=d.label))
    if status == "crosses_barrier":
        reasons.append(tr("its buildings lie on both sides of {n} hard barrier(s)", n=r["barrier_crossings"]))
    return "" if status == "ok" else tr("; ").join(reasons)
