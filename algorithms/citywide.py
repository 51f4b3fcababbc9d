"""Planning from layer files with the client's memory bounded by the largest community.

:func:`.planner.plan_grids` takes whole layers: the client holds every building, twice (the
input and the plan's copy). :func:`plan_from_files` plans the same inputs from their files
and never holds the buildings layer's geometries, only a few values per building:

1. **Communities, roads and water** are read whole (they are small: the communities are
   polygons, one per ~10,000 households; roads and water are lines, ~70,000 at 10 million
   households, needed whole to close the hard network's gaps once for the plan) and prepared
   by the same steps as in memory (:func:`.prepare.prepare_communities`,
   :func:`.prepare.prepare_barriers`). The working CRS comes from the buildings layer's
   extent (:func:`.prepare.working_crs_for`).
2. **The buildings' fields** planning reads (id, households, …) are read without geometry
   and checked whole (:func:`.prepare.building_attributes`): a few values per building.
3. **A first pass over the buildings' geometry in batches** (:data:`BATCH_BUILDINGS`): each
   footprint repaired, hashed (duplicates), assigned to its community and checked against
   the barriers, by the same functions as :func:`.prepare.prepare_inputs`; only the
   community of each building and whether it has a footprint are kept.
4. **Per community, largest first**: its buildings read by feature id, prepared again
   (footprints are not kept between passes), made into a :class:`.planner.CommunityTask`
   and planned (on Dask with at most :data:`TASKS_PER_WORKER` tasks per worker waiting, so
   the client holds a few communities' buildings at a time).
5. **The plan-wide noding** (:func:`.planner.conform_communities`) of the grids (one polygon
   per ~400 households), on a Dask worker when planning on Dask: it needs every grid at once
   and its memory, the client's largest item before, grows with the city.
6. **Per community again** (code order): its buildings' footprints read by feature id for
   the measures that need them (:func:`.planner.community_grids`: households, barrier
   crossings, each building's grid code).
7. **The buildings layer streamed** to the output GeoPackage in batches, in the input's
   order, with each building's grid code; then the plan-wide part of the assembly
   (:func:`.planner.finish_plan`) and :func:`write_plan_layers` for the rest.

The plan is the one :func:`.planner.plan_grids` makes from the same layers (grids,
buildings' grid codes, problems; tested). Differences: nested footprints are looked for
within each community (a footprint inside another one of a different community is not
reported), refusals that depend on the order of the checks may name another problem first
when an input has several, and the output's buildings layer has the input's geometry type.
Not handled here (the CLI plans those in memory): compound polygons (``--compounds``), no
communities layer (the whole area is one community: nothing to bound), area units.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from . import cluster
from .errors import InputError, PlanCancelled
from .geometry import snap_coverage
from .i18n import tr
from .io import layer_source, read_failure, read_layer, result_layers, write_layers
from .params import PlanParameters
from .partition import partition_community
from .planner import (
    Barriers,
    CommunityPlan,
    CommunityTask,
    Partitioner,
    PlanResult,
    _plan_one,
    community_grids,
    community_rows,
    community_task,
    conform_communities,
    finish_plan,
    grid_code_kept_note,
    workers_for,
)
from .prepare import (
    _check_nested,
    _check_spanning,
    _to_working,
    assign_communities,
    building_attributes,
    building_fields,
    building_footprints,
    check_building_fields,
    check_on_barrier,
    check_placed,
    duplicate_footprints,
    footprint_keys,
    prepare_barriers,
    prepare_communities,
    working_crs_for,
)
from .results import Problem

#: Buildings read at a time in the passes over the whole layer (a few MB of geometry).
BATCH_BUILDINGS = 20_000
#: Community tasks waiting or running per Dask worker: enough to keep it busy, few enough
#: that the client holds only a few communities' buildings.
TASKS_PER_WORKER = 2
#: From this many buildings the CLI plans from the files (below it, in memory: the whole
#: input is a few tens of MB and one read is faster than the passes).
STREAM_FROM_BUILDINGS = 20_000
#: The order in which :func:`.prepare.prepare_inputs` reports the buildings' geometry
#: problems, then their placement problems (each kind for every building before the next).
_GEOMETRY_KINDS = ("invalid_geometry_repaired", "line_building", "no_geometry", "duplicate_geometry",
                   "nested_footprint")
_PLACEMENT_KINDS = ("outside_communities", "spans_communities", "building_on_barrier")


@dataclass
class _BuildingsLayer:
    """The buildings layer read in parts: where it is, what it holds, its CRS and the working CRS."""

    path: str
    layer: str | int | None
    fields: list[str]
    count: int
    geometry_type: str | None
    crs: CRS
    working: CRS

    def read(self, *, fids: np.ndarray | None = None, skip: int = 0, count: int | None = None,
             columns: Sequence[str] = ()) -> gpd.GeoDataFrame:
        """Features by id (``fids``, in that order) or a run of ``count`` from ``skip``, with
        ``columns`` and the geometry in the working CRS, indexed by feature id."""
        try:
            if fids is not None:
                frame = pyogrio.read_dataframe(self.path, layer=self.layer, fids=np.asarray(fids, dtype=np.int64),
                                               columns=list(columns), fid_as_index=True)
                frame = frame.loc[np.asarray(fids)]
            else:
                frame = pyogrio.read_dataframe(self.path, layer=self.layer, skip_features=skip,
                                               max_features=count, columns=list(columns), fid_as_index=True)
        except Exception as exc:  # pyogrio raises several unrelated types for unreadable data
            raise InputError(read_failure(self.path, exc), layer="buildings") from exc
        if not self.crs.equals(self.working):
            frame = frame.to_crs(self.working)
        return frame

    def batches(self, columns: Sequence[str] = ()) -> Iterator[tuple[int, gpd.GeoDataFrame]]:
        """The whole layer in order, :data:`BATCH_BUILDINGS` features at a time: (first row, frame)."""
        for start in range(0, self.count, BATCH_BUILDINGS):
            yield start, self.read(skip=start, count=BATCH_BUILDINGS, columns=columns)


def can_plan_from_files(buildings: str | None, communities: str | None, *, compounds: str | None = None,
                        area_units: str | None = None) -> bool:
    """Whether :func:`plan_from_files` plans these inputs (else plan in memory): buildings and
    communities given as files, no compound polygons, no area units."""
    return bool(buildings and communities and not compounds and not area_units)


def building_count(spec: str) -> int | None:
    """Features of the layer ``spec`` (``None`` when it cannot be told cheaply)."""
    try:
        path, layer = layer_source(spec, "buildings")
        return int(pyogrio.read_info(path, layer=layer)["features"])
    except Exception:  # noqa: BLE001 - the reader proper reports what is wrong with the file
        return None


def plan_from_files(buildings: str, roads: str | None, communities: str, water: Sequence[str],
                    params: PlanParameters, output: str | Path,
                    progress: Callable[[float, str], None] | None = None,
                    is_cancelled: Callable[[], bool] | None = None, scheduler: str | None = None,
                    partitioner: Partitioner = partition_community) -> PlanResult:
    """Plan the layers ``buildings``, ``roads``, ``communities`` and ``water`` (layer specs:
    ``path`` or ``path|layername=NAME``) as :func:`.planner.plan_grids` would, holding one
    community's buildings at a time (see the module).

    The plan's buildings layer is written to the new GeoPackage ``output`` (a temporary file
    of an :class:`.io.OutputSet`) as it is made; the returned result's ``buildings`` is an
    empty frame with its columns. :func:`write_plan_layers` then adds the grids, problems and
    metadata to ``output``.
    """
    params.validate()
    report = progress or (lambda fraction, message: None)
    cancelled = is_cancelled or (lambda: False)
    problems: list[Problem] = []
    notes: list[str] = []
    report(0.0, "checking inputs")
    layer, compound_field = _open_buildings(buildings, params, notes)
    crs = layer.working
    roads_frame = _to_working(read_layer(roads, "roads"), crs, "roads", notes) if roads else None
    comm_frame = _to_working(read_layer(communities, "communities"), crs, "communities", notes)
    water_frames = [_to_working(read_layer(w, "water"), crs, "water", notes) for w in water]

    # The fields planning reads, whole (no geometry): a few values per building.
    try:
        fields = pyogrio.read_dataframe(layer.path, layer=layer.layer, columns=building_fields(params, layer.fields),
                                        read_geometry=False, fid_as_index=True)
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable data
        raise InputError(read_failure(layer.path, exc), layer="buildings") from exc
    if not len(fields):
        raise InputError(tr("the layer is empty; it needs at least one building"), layer="buildings")
    layer.count = len(fields)       # what was read (some formats only estimate their count)
    source_fid = pd.Series(fields.index.to_numpy(), dtype=object)
    fids = fields.index.to_numpy(dtype=np.int64)
    attrs = building_attributes(fields.reset_index(drop=True), source_fid, params, compound_field, problems, notes)
    del fields
    ids = attrs.ids
    households = attrs.households.astype(np.int64)

    community_problems: list[Problem] = []
    comm, given = prepare_communities(comm_frame, None, params, crs, community_problems, notes)
    barrier_notes: list[str] = []
    hard, soft, water_areas, labels = prepare_barriers(roads_frame, water_frames, params, crs, barrier_notes)
    barriers = Barriers(hard.to_numpy(), soft.to_numpy(), water_areas.to_numpy(), labels)
    if cancelled():
        raise PlanCancelled("cancelled")

    # First pass: each building's community and footprint checks, batch by batch.
    community_of = np.full(layer.count, -1, dtype=np.int64)
    missing = np.zeros(layer.count, dtype=bool)
    geometry_problems: list[Problem] = []
    placement_problems: list[Problem] = []
    first_of: dict[bytes, int] = {}
    far = 0
    tree = shapely.STRtree(comm.geometry.to_numpy())
    for start, batch in layer.batches():
        stop = start + len(batch)
        if not np.array_equal(batch.index.to_numpy(dtype=np.int64), fids[start:stop]):
            raise InputError(tr("the layer changed while it was read; plan it again"), layer="buildings")
        batch_ids = ids.iloc[start:stop].reset_index(drop=True)
        geoms, gone = building_footprints(batch.geometry.to_numpy(), batch_ids, geometry_problems)
        duplicate_footprints(footprint_keys(geoms), np.arange(start, stop), gone, ids, geoms, first_of,
                             geometry_problems)
        of, far_here = assign_communities(geoms, gone, comm, batch_ids, placement_problems, tree)
        _check_spanning(geoms, gone, of, comm, batch_ids, placement_problems)
        check_on_barrier(geoms, barriers.hard, barriers.labels, batch_ids, placement_problems)
        community_of[start:stop], missing[start:stop] = of, gone
        far += far_here
        report(0.05 * stop / layer.count, "reading the buildings")
        if cancelled():
            raise PlanCancelled("cancelled")
    if missing.all():
        raise InputError(tr("no building has a usable geometry"), layer="buildings")
    check_placed(bool((community_of >= 0).any()), far, notes)
    notes.extend(barrier_notes)

    rows_of = community_rows(community_of, ~missing, len(comm))
    territories = np.array(snap_coverage(list(comm.geometry)), dtype=object)
    compound = attrs.compound.to_numpy()
    compound_names = attrs.compound_name.to_numpy()
    dedicated, locked, building_ids = attrs.dedicated.to_numpy(), attrs.locked.to_numpy(), ids.to_numpy()
    start_grid = attrs.start.to_numpy() if params.start_field else None

    def task_of(c: int, footprints: np.ndarray) -> CommunityTask:
        sel = rows_of[c]
        row = comm.iloc[c]
        return community_task(row["code"], row.get("name"), row.geometry, territories[c], sel, footprints,
                              households[sel], attrs.workload[sel], attrs.population[sel], compound[sel],
                              compound_names[sel], dedicated[sel], locked[sel],
                              start_grid[sel] if start_grid is not None else None, building_ids[sel], barriers,
                              params)

    def footprints_of(c: int) -> np.ndarray:
        sel = rows_of[c]
        if not len(sel):
            return np.empty(0, dtype=object)
        frame = layer.read(fids=fids[sel])
        return building_footprints(frame.geometry.to_numpy(), ids.iloc[sel].reset_index(drop=True), [])[0]

    # Second pass: plan each community, largest first, reading its buildings when its turn comes.
    nested: dict[int, list[Problem]] = {}

    def tasks() -> Iterator[CommunityTask]:
        for c in order:
            if cancelled():
                raise PlanCancelled("cancelled")
            footprints = footprints_of(c)
            found: list[Problem] = []
            _check_nested(footprints, np.zeros(len(footprints), dtype=bool),
                          ids.iloc[rows_of[c]].reset_index(drop=True), found)
            nested[c] = found
            yield task_of(c, footprints)

    order = sorted(range(len(comm)), key=lambda c: -len(rows_of[c]))
    codes = [str(code) for code in comm["code"]]
    results: dict[str, CommunityPlan] = {}

    def store(code: object, plan: CommunityPlan) -> None:
        results[str(code)] = plan
        report(0.05 + 0.8 * len(results) / len(comm), f"community {code} planned")

    workers = workers_for(params, len(comm), int(households[community_of >= 0].sum()))
    scheduler = scheduler or params.scheduler
    report(0.05, f"planning {len(comm)} communities")
    if scheduler or workers > 1:
        with cluster.dask_client(workers, scheduler) as client:
            window = TASKS_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})) or workers)
            cluster.run_tasks(client, _plan_one, tasks(), [codes[c] for c in order],
                              extra=(partitioner,), priorities=[len(rows_of[c]) for c in order],
                              on_result=store, cancelled=cancelled, window=window)
            if cancelled():
                raise PlanCancelled("cancelled")
            report(0.85, "measuring the plan")
            # The plan-wide noding needs every grid at once (its memory grows with the city's
            # grid count): a worker does it, so that the client stays at one community's size.
            conform_communities(list(territories), codes, results,
                                run=lambda function, *args: cluster.submit(client, function, *args).result())
    else:
        for c, task in zip(order, tasks()):
            store(codes[c], _plan_one(task, partitioner))
        if cancelled():
            raise PlanCancelled("cancelled")
        report(0.85, "measuring the plan")
        conform_communities(list(territories), codes, results)
    # Third pass: the measures that need each community's buildings, in the plan's order.
    assembly_problems: list[Problem] = []
    building_code = np.full(layer.count, None, dtype=object)
    parts = []
    for c in range(len(comm)):
        if cancelled():
            raise PlanCancelled("cancelled")
        part = community_grids(task_of(c, footprints_of(c)), results[codes[c]], params, assembly_problems)
        building_code[rows_of[c]] = part.building_codes
        parts.append(part)

    report(0.95, "writing the buildings")
    columns = _write_buildings(layer, building_code, output, cancelled)
    if "grid_code" in layer.fields:
        notes.append(grid_code_kept_note())

    problems += (_in_order(geometry_problems + [p for c in order for p in nested[c]], _GEOMETRY_KINDS)
                 + community_problems + _in_order(placement_problems, _PLACEMENT_KINDS) + assembly_problems)
    finished = finish_plan(parts, building_code, results, params=params, crs=crs, problems=problems, notes=notes,
                           households=households, compound=compound, building_ids=building_ids,
                           lines=np.concatenate([barriers.hard, barriers.soft]), communities_given=given,
                           n_communities=len(comm))
    empty = gpd.GeoDataFrame(pd.DataFrame(columns=columns), geometry=[], crs=crs)
    report(1.0, "done")
    return PlanResult(grids=finished.grids, buildings=empty, problems=finished.problems, summary=finished.summary,
                      metadata=finished.metadata, compound_splits=finished.splits, crs=crs, notes=list(notes))


def write_plan_layers(path: str | Path, result: PlanResult) -> None:
    """Add a plan's grids, problems and metadata to ``path``, whose buildings layer
    :func:`plan_from_files` wrote."""
    layers, metadata = result_layers(result)
    del layers["buildings"]
    write_layers(path, layers, metadata)


def _open_buildings(spec: str, params: PlanParameters, notes: list[str]) -> tuple[_BuildingsLayer, str | None]:
    """The buildings layer's description with the working CRS (from its extent, by
    :func:`.prepare.working_crs_for`), and the compound field to read; the same checks, notes
    and refusals as :func:`.prepare.prepare_inputs`, in the same order."""
    path, layer = layer_source(spec, "buildings")
    try:
        info = pyogrio.read_info(path, layer=layer, force_feature_count=True, force_total_bounds=True)
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable data
        raise InputError(read_failure(path, exc), layer="buildings") from exc
    if info.get("geometry_type") is None:
        raise InputError(tr("{spec} has no geometry column; give a layer with points, lines or polygons",
                            spec=spec), layer="buildings")
    if not info["features"]:
        raise InputError(tr("the layer is empty; it needs at least one building"), layer="buildings")
    fields = [str(f) for f in info["fields"]]
    compound_field = check_building_fields(pd.DataFrame(columns=fields), params, False, notes)
    bounds = np.asarray(info.get("total_bounds"), dtype=float)
    corners = gpd.GeoDataFrame(geometry=shapely.points([bounds[:2], bounds[2:]]) if np.isfinite(bounds).all()
                               else [], crs=info.get("crs"))
    working, note = working_crs_for(corners)
    if note:
        notes.append(note)
    _to_working(corners, working, "buildings", notes)
    return _BuildingsLayer(path, layer, fields, int(info["features"]), info.get("geometry_type"),
                           CRS.from_user_input(info["crs"]), working), compound_field


def _in_order(problems: list[Problem], kinds: Sequence[str]) -> list[Problem]:
    """``problems`` (found batch by batch) in the order :func:`.prepare.prepare_inputs` reports
    them: by kind in ``kinds``' order, rows in order within a kind."""
    rank = {kind: i for i, kind in enumerate(kinds)}
    return sorted(problems, key=lambda p: rank.get(p.kind, len(kinds)))


def _write_buildings(layer: _BuildingsLayer, building_code: np.ndarray, output: str | Path,
                     cancelled: Callable[[], bool]) -> list[str]:
    """The buildings layer of the plan, batch by batch in the input's order: every field, the
    geometry in the working CRS, and ``grid_code`` (an input field of that name kept as
    ``grid_code_input``). Returns its columns."""
    columns: list[str] = []
    for start, batch in layer.batches(columns=layer.fields):
        if cancelled():
            raise PlanCancelled("cancelled")
        batch = batch.reset_index(drop=True)
        if "grid_code" in batch.columns:
            batch = batch.rename(columns={"grid_code": "grid_code_input"})
        batch["grid_code"] = pd.Series(building_code[start:start + len(batch)], dtype=object)
        pyogrio.write_dataframe(batch, str(output), layer="buildings", driver="GPKG", append=start > 0,
                                geometry_type=layer.geometry_type)
        columns = [c for c in batch.columns if c != batch.geometry.name]
    return columns
