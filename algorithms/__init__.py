"""Pure planning core of Grid Planner. Never imports ``qgis``.

Typical use::

    from gridplanner.algorithms import PlanParameters, plan_grids, read_layer
    result = plan_grids(read_layer("demo.gpkg|layername=buildings"),
                        roads=read_layer("demo.gpkg|layername=roads"),
                        communities=read_layer("demo.gpkg|layername=communities"),
                        params=PlanParameters(seed=1))
    result.write("plan.gpkg")
"""

from .errors import GridPlannerError, InputError, OutputExistsError, PlanCancelled
from .io import read_layer, read_metadata, write_geopackage
from .params import DEFAULT_HARD_CLASSES, PlanParameters, WorkloadWeights
from .planner import ENGINE_VERSION, PlanResult, plan_grids

__all__ = [
    "DEFAULT_HARD_CLASSES", "ENGINE_VERSION", "GridPlannerError", "InputError", "OutputExistsError",
    "PlanCancelled", "PlanParameters", "PlanResult", "WorkloadWeights", "plan_grids", "read_layer",
    "read_metadata", "write_geopackage",
]
