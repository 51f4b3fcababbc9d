"""Pure planning core of Grid Planner. Never imports ``qgis``.

Typical use::

    from gridplanner.algorithms import PlanParameters, plan_grids, read_layer
    result = plan_grids(read_layer("demo.gpkg|layername=buildings"),
                        roads=read_layer("demo.gpkg|layername=roads"),
                        communities=read_layer("demo.gpkg|layername=communities"),
                        params=PlanParameters(seed=1))
    result.write("plan.gpkg")
"""

from typing import TYPE_CHECKING, Any

from .errors import GridPlannerError, InputError, OutputExistsError, PlanCancelled
from .params import DEFAULT_HARD_CLASSES, PlanParameters, WorkloadWeights

if TYPE_CHECKING:   # what __getattr__ hands out, for type checkers
    from .citywide import plan_from_files
    from .io import read_layer, read_metadata, write_geopackage
    from .planner import ENGINE_VERSION, PlanResult, plan_grids

# The planner pulls in momepy and friends (seconds to import); load it only when asked for,
# so that ``gridplanner export`` or ``evaluate`` start quickly. ``io`` (geopandas) too: the
# plugin lists its tools from ``options`` before it has checked that geopandas is there.
_LAZY = {"ENGINE_VERSION": "planner", "PlanResult": "planner", "plan_grids": "planner",
         "read_layer": "io", "read_metadata": "io", "write_geopackage": "io", "plan_from_files": "citywide"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "DEFAULT_HARD_CLASSES", "ENGINE_VERSION", "GridPlannerError", "InputError", "OutputExistsError",
    "PlanCancelled", "PlanParameters", "PlanResult", "WorkloadWeights", "plan_from_files", "plan_grids", "read_layer",
    "read_metadata", "write_geopackage",
]
