"""Rural grids: plans made of whole villages (``gridplanner plan --area-units``).

In the countryside a grid follows the natural village (自然村) or the villagers' group
(村民小组): the planner starts from polygons that already tile each administrative village
(the *communities*), each with its households, instead of building footprints. Nothing is
tessellated: each village is one atom of the engine (:func:`.zones.unit_graph`: neighbours
by shared boundary, hard separators along major roads, railways and rivers) and the engine's
partitioner groups whole villages into grids in the band. A village above the maximum is a
grid of its own, with a reason, unless buildings are given: then its buildings replace it and
its land is cut into blocks and cells as in a town (:class:`AreaUnitGraph`). The rest of the
pipeline is the planner's own (:func:`.planner.plan_grids`: checks, numbering, metrics,
problems, report), so a rural plan is read, evaluated, edited and exported like any other; its
``buildings`` layer holds the villages.

:data:`PRESETS` holds the ``--preset rural`` defaults (see ``docs/zones.md`` for where they
come from).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import metrics
from .atoms import AtomGraph, build_atoms
from .band import Band
from .errors import InputError
from .i18n import tr
from .params import PlanParameters
from .partition import GridDraft, partition_community
from .partition.community import workers_needed
from .planner import CommunityTask, PlanResult, plan_grids
from .zones import unit_graph

#: Option defaults a preset sets (option names of ``options.py``), unless given explicitly.
#: ``rural``: a grid is a natural village or a few small ones, about 300 households at most
#: (the project's domain notes: "rural grids follow a natural village or ~300 households"); 100 households
#: as the minimum keeps a small natural village with its neighbour; township and village roads
#: link villages rather than divide them, so only motorways, trunk and primary roads and
#: railways (and rivers) are hard barriers. Configurable defaults, not a cited national figure:
#: see docs/zones.md.
PRESETS: dict[str, dict[str, object]] = {
    "rural": {"min_households": 100, "max_households": 300, "target_households": 200,
              "hard_classes": "motorway,motorway_link,trunk,trunk_link,primary,primary_link,railway,rail"},
}


def apply_preset(values: Mapping[str, object], preset: str | None, explicit: Sequence[str] = ()) -> dict:
    """``values`` (option name → value) with the preset's defaults for every option not in
    ``explicit`` (the options the user gave)."""
    out = dict(values)
    if not preset:
        return out
    if preset not in PRESETS:
        raise InputError(tr("unknown preset {preset}; known: {known}", preset=preset, known=", ".join(PRESETS)))
    for name, value in PRESETS[preset].items():
        if name not in explicit:
            out[name] = value
    return out


def area_unit_graph(task: CommunityTask, rng: np.random.Generator) -> AtomGraph:
    """One atom per area unit (the task's "buildings" are village polygons): their adjacency,
    hard separators along the community's hard lines and water, the planner's workloads."""
    return AreaUnitGraph()(task, rng)


@dataclass(frozen=True)
class AreaUnitGraph:
    """The graph builder of rural plans (a :data:`.planner.GraphBuilder`, picklable).

    The task's rows are village polygons, except the rows whose id is in ``building_ids``:
    the buildings of the villages above the maximum, which replace their village. The land
    those villages leave (the community less the other villages) is cut into blocks and
    building cells exactly as the planner cuts a community (:func:`.atoms.build_atoms`), so a
    village above the maximum is split along its buildings; every other village stays one atom.
    """

    building_ids: frozenset = frozenset()

    def __call__(self, task: CommunityTask, rng: np.random.Generator) -> AtomGraph:
        ids = np.asarray([str(i) for i in task.ids], dtype=object)
        is_building = np.isin(ids, list(self.building_ids)) if self.building_ids else np.zeros(len(ids), bool)
        villages = np.flatnonzero(~is_building)
        buildings = np.flatnonzero(is_building)
        params = task.params
        if not len(buildings):
            geoms, households = task.footprints, task.households
            sub = None
        else:
            # The villages above the maximum: the community less the other villages, without
            # the slivers a difference of two drawn layers leaves (parts holding no building).
            rest = shapely.get_parts(shapely.difference(task.area, shapely.union_all(task.footprints[villages])))
            touched = shapely.STRtree(rest).query(task.footprints[buildings], predicate="intersects")[1]
            land = shapely.union_all(rest[np.unique(touched)])
            sub = build_atoms(land, task.footprints[buildings], task.households[buildings],
                              task.workload[buildings], task.population[buildings], task.compound[buildings],
                              task.dedicated[buildings], task.locked[buildings], task.hard_lines, task.soft_lines,
                              task.water, max_households=params.max_households,
                              cluster_households=max(10.0, params.target_households / 10.0),
                              seed=int(rng.integers(2**31)), hard_labels=task.hard_labels)
            geoms = np.concatenate([task.footprints[villages], sub.geometry])
            households = np.concatenate([task.households[villages], sub.households])
        graph = unit_graph(geoms, households, task.hard_lines, task.hard_labels, task.water)
        workload = np.asarray(task.workload, dtype=float)[villages]
        population = np.asarray(task.population, dtype=float)[villages]
        graph.members = [np.array([v]) for v in villages]
        if sub is not None:
            workload = np.concatenate([workload, sub.workload])
            population = np.concatenate([population, sub.population])
            graph.members += [buildings[m] for m in sub.members]
            n = len(villages)
            graph.kind[n:] = sub.kind
            graph.group[n:] = sub.group
            graph.group_kind[n:] = sub.group_kind
            graph.notes = list(sub.notes)
        graph.population = population
        graph.workload = metrics.patrol_workload(workload, graph.geometry,
                                                 np.concatenate([task.hard_lines, task.soft_lines]), params.weights)
        return graph


@dataclass(frozen=True)
class VillagePartitioner:
    """The engine's partitioner on villages (a :class:`.planner.Partitioner`, picklable); a
    village above the maximum, a grid of its own, says so in a village's words."""

    building_ids: frozenset = frozenset()

    def __call__(self, graph: AtomGraph, band: Band, rng: np.random.Generator, **options: Any) -> list[GridDraft]:
        drafts = partition_community(graph, band, rng, **options)
        ids = options.get("building_ids")
        for d in drafts:
            if d.area is not None or d.kind != "basic" or len(d.atoms) != 1:
                continue
            a = d.atoms[0]
            members = graph.members[a]
            name = str(ids[members[0]]) if ids is not None and len(members) else str(a)
            if graph.households[a] <= band.max or len(members) != 1 or name in self.building_ids:
                continue
            households = int(graph.households[a])
            d.reasons = [tr("village {village} alone has {households} households (> max {maximum}); a village is "
                            "never split without its buildings (give --buildings): a grid of its own that needs "
                            "{workers} grid workers", village=name, households=households, maximum=band.max,
                            workers=workers_needed(households, band))]
        return drafts


def village_partitioner(graph: AtomGraph, band: Band, rng: np.random.Generator, **options: Any) -> list[GridDraft]:
    """:class:`VillagePartitioner` without split villages."""
    return VillagePartitioner()(graph, band, rng, **options)


def plan_from_area_units(units: gpd.GeoDataFrame, roads: gpd.GeoDataFrame | None = None,
                         communities: gpd.GeoDataFrame | None = None,
                         water: gpd.GeoDataFrame | Sequence[gpd.GeoDataFrame] | None = None,
                         params: PlanParameters | None = None,
                         progress: Callable[[float, str], None] | None = None,
                         is_cancelled: Callable[[], bool] | None = None,
                         buildings: gpd.GeoDataFrame | None = None) -> PlanResult:
    """Plan grids of whole villages: ``units`` are polygons (natural villages, villagers'
    groups) that tile each community, with the households field of ``params`` and their id in
    ``params.building_id_field``. Grids are unions of whole villages in the band; a village
    above the maximum is its own grid with a reason, or, with ``buildings`` (footprints or
    points with the same households field), is split along its buildings: its buildings
    replace it (their households, not the village's figure, count) and the planner cuts its
    land into blocks and cells as it does in a town. The plan's ``buildings`` layer holds the
    villages and those buildings (id ``VILLAGE/BUILDING``), each with its grid code."""
    params = params or PlanParameters()
    if units is None or not len(units):
        raise InputError(tr("has no features"), layer="area units")
    kinds = set(shapely.get_type_id(units.geometry.dropna().to_numpy()).tolist())
    if kinds - {3, 6}:
        raise InputError(tr("area units must be polygons (natural villages or villagers' groups)"),
                         layer="area units")
    building_ids: frozenset = frozenset()
    if buildings is not None and not len(buildings):
        raise InputError(tr("has no features; leave --buildings out to plan whole villages, or give the buildings "
                            "that split the villages above the maximum"), layer="buildings")
    if buildings is not None:
        units, params, building_ids = _split_by_buildings(units, buildings, params)
    # villages carry no compounds: no note about a missing compound field
    params = replace(params, compound_field=None)
    try:
        return plan_grids(units, roads, communities, water, params, progress=progress, is_cancelled=is_cancelled,
                          partitioner=VillagePartitioner(building_ids), graph_builder=AreaUnitGraph(building_ids))
    except InputError as exc:
        if exc.layer != "buildings":
            raise
        # the planner reads the villages as its buildings layer: name the layer the user gave
        raise InputError(exc.message, layer="area units", field=exc.field, feature_id=exc.feature_id) from exc


def _split_by_buildings(units: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame, params: PlanParameters
                        ) -> tuple[gpd.GeoDataFrame, PlanParameters, frozenset]:
    """The villages above the maximum replaced by their buildings (those whose representative
    point lies in them), with ids ``VILLAGE/BUILDING``; villages without buildings stay whole."""
    field = params.households_field
    for frame, layer in ((units, "area units"), (buildings, "buildings")):
        if field not in frame.columns:
            raise InputError(tr("has no households field {field}", field=field), layer=layer, field=field)
    if units.crs is None or buildings.crs is None:
        raise InputError(tr("has no coordinate reference system; set one (e.g. in QGIS: Layer properties → Source)"),
                         layer="buildings" if buildings.crs is None else "area units")
    id_field = params.building_id_field or "unit_id"
    units = units.copy()
    if id_field not in units.columns:
        units[id_field] = [str(i) for i in units.index]
    households = pd.to_numeric(units[field], errors="coerce").fillna(0).to_numpy()
    big = np.flatnonzero(households > params.max_households)
    if not len(big):
        return units, params, frozenset()
    points = buildings.to_crs(units.crs) if buildings.crs != units.crs else buildings
    reps = shapely.point_on_surface(points.geometry.to_numpy())
    tree = shapely.STRtree(units.geometry.to_numpy()[big])
    b_idx, v_idx = tree.query(reps, predicate="within")
    if not len(b_idx):
        return units, params, frozenset()
    own = "bldg_id" if "bldg_id" in points.columns else ("id" if "id" in points.columns else None)
    chosen = points.iloc[b_idx].copy()
    if chosen.geometry.name != units.geometry.name:
        chosen = chosen.rename_geometry(units.geometry.name)
    village_ids = units[id_field].astype(str).to_numpy()[big[v_idx]]
    names = (chosen[own].astype(str).to_numpy() if own else np.array([str(i) for i in chosen.index]))
    chosen[id_field] = [f"{v}/{b}" for v, b in zip(village_ids, names)]
    split = set(village_ids.tolist())
    kept = units[~units[id_field].astype(str).isin(split)]
    combined = gpd.GeoDataFrame(pd.concat([kept, chosen.drop(columns=[c for c in chosen.columns if c in (
        "grid_code",)])], ignore_index=True), geometry=units.geometry.name, crs=units.crs)
    return combined, replace(params, building_id_field=id_field), frozenset(chosen[id_field].tolist())
