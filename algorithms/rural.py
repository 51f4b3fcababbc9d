"""Rural grids: plans made of whole villages (``gridplanner plan --area-units``).

In the countryside a grid follows the natural village (自然村) or the villagers' group
(村民小组): the planner starts from polygons that already tile each administrative village
(the *communities*), each with its households, instead of building footprints. Nothing is
tessellated: each village is one atom of the engine (:func:`.zones.unit_graph`: neighbours
by shared boundary, hard separators along major roads, railways and rivers) and the engine's
partitioner groups whole villages into grids in the band. A village above the maximum is a
grid of its own, with a reason. The rest of the pipeline is the planner's own
(:func:`.planner.plan_grids`: checks, numbering, metrics, problems, report), so a rural plan
is read, evaluated, edited and exported like any other; its ``buildings`` layer holds the
villages.

:data:`PRESETS` holds the ``--preset rural`` defaults (see ``docs/rural.md`` for where they
come from).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import geopandas as gpd
import numpy as np
import shapely

from . import metrics
from .atoms import AtomGraph
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
#: (docs/domain.md: "rural grids follow a natural village or ~300 households"); 100 households
#: as the minimum keeps a small natural village with its neighbour; township and village roads
#: link villages rather than divide them, so only motorways, trunk and primary roads and
#: railways (and rivers) are hard barriers. Configurable defaults, not a cited national figure:
#: see docs/rural.md.
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
    graph = unit_graph(task.footprints, task.households, task.hard_lines, task.hard_labels, task.water)
    graph.workload = np.asarray(task.workload, dtype=float).copy()
    graph.population = np.asarray(task.population, dtype=float).copy()
    graph.workload = metrics.patrol_workload(graph.workload, graph.geometry,
                                             np.concatenate([task.hard_lines, task.soft_lines]),
                                             task.params.weights)
    return graph


def village_partitioner(graph: AtomGraph, band: Band, rng: np.random.Generator, **options: object) -> list[GridDraft]:
    """The engine's partitioner on villages; a village above the maximum, a grid of its own,
    says so in a village's words."""
    drafts = partition_community(graph, band, rng, **options)  # type: ignore[arg-type]
    ids = options.get("building_ids")
    for d in drafts:
        if d.area is None and d.kind == "basic" and len(d.atoms) == 1 and graph.households[d.atoms[0]] > band.max:
            a = d.atoms[0]
            households = int(graph.households[a])
            name = str(ids[a]) if ids is not None else str(a)  # type: ignore[index]
            d.reasons = [tr("village {village} alone has {households} households (> max {maximum}); a village is "
                            "never split without its buildings (give --buildings): a grid of its own that needs "
                            "{workers} grid workers", village=name, households=households, maximum=band.max,
                            workers=workers_needed(households, band))]
    return drafts


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
    above the maximum is its own grid with a reason. ``buildings`` (splitting such a village
    by its buildings) is not supported yet and is refused."""
    if buildings is not None:
        raise InputError(tr("planning from area units together with buildings (splitting a village above the "
                            "maximum by its buildings) is not supported yet; plan without --buildings: such a "
                            "village becomes a grid of its own"), layer="buildings")
    if units is None or not len(units):
        raise InputError(tr("has no features"), layer="area units")
    kinds = set(shapely.get_type_id(units.geometry.dropna().to_numpy()).tolist())
    if kinds - {3, 6}:
        raise InputError(tr("area units must be polygons (natural villages or villagers' groups)"),
                         layer="area units")
    return plan_grids(units, roads, communities, water, params, progress=progress, is_cancelled=is_cancelled,
                      partitioner=village_partitioner, graph_builder=area_unit_graph)
