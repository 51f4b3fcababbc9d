"""The Processing provider "Grid Planner" (id ``gridplanner``)."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .algorithms.build_blocks import BuildBlocksAlgorithm
from .algorithms.estimate_households import EstimateHouseholdsAlgorithm
from .algorithms.evaluate_plan import EvaluatePlanAlgorithm
from .algorithms.export_plan import ExportPlanAlgorithm
from .algorithms.load_osm_roads import LoadOsmRoadsAlgorithm
from .algorithms.make_zones import MakeZonesAlgorithm
from .algorithms.micro_grids import MicroGridsAlgorithm
from .algorithms.plan_grids import PlanGridsAlgorithm
from .algorithms.plan_rural import PlanRuralGridsAlgorithm
from .algorithms.prepare_osm import PrepareOsmAlgorithm
from .algorithms.replan import ReplanAlgorithm
from .algorithms.staff_plan import StaffPlanAlgorithm
from .i18n import tr
from .resources import plugin_icon


class GridPlannerProvider(QgsProcessingProvider):
    """Groups the Grid Planner algorithms in the Processing toolbox and qgis_process.

    The algorithms are always listed, even when Python packages are missing: each one
    then refuses to run with a message that says what to install (see
    :mod:`gridplanner.plugin.dependencies`), which is more helpful than a provider
    that silently does not appear.
    """

    def id(self):
        return "gridplanner"

    def name(self):
        return tr("Grid Planner")

    def longName(self):  # noqa: N802
        return tr("Grid Planner: community management grids")

    def icon(self):
        return plugin_icon() or QIcon()

    def loadAlgorithms(self):  # noqa: N802
        for algorithm in (PlanGridsAlgorithm(), EvaluatePlanAlgorithm(), EstimateHouseholdsAlgorithm(),
                          BuildBlocksAlgorithm(), LoadOsmRoadsAlgorithm(), PrepareOsmAlgorithm(),
                          ExportPlanAlgorithm(), MakeZonesAlgorithm(), PlanRuralGridsAlgorithm(),
                          ReplanAlgorithm(), StaffPlanAlgorithm(), MicroGridsAlgorithm()):
            self.addAlgorithm(algorithm)
