"""Processing algorithm "Plan rural grids from villages" (``gridplanner:planrural``).

QGIS glue only: *Plan grids* with natural villages (自然村 / 村民小组) in place of buildings,
planned by :func:`gridplanner.algorithms.rural.plan_from_area_units` (the same function as
``gridplanner plan --area-units``), with the ``rural`` preset's defaults.
"""

from __future__ import annotations

from ..i18n import tr
from .plan_grids import PlanGridsAlgorithm


class PlanRuralGridsAlgorithm(PlanGridsAlgorithm):
    """Grids made of whole natural villages."""

    def createInstance(self):  # noqa: N802
        return PlanRuralGridsAlgorithm()

    def name(self):
        return "planrural"

    def displayName(self):  # noqa: N802
        return tr("Plan rural grids from villages")

    def tags(self):
        return tr("rural,农村,village,自然村,村民小组,grid,网格").split(",")

    def shortDescription(self):  # noqa: N802
        return tr("Groups whole natural villages into grids of the rural band; a village above the maximum is a "
                  "grid of its own.")

    def shortHelpString(self):  # noqa: N802
        paragraphs = [
            tr("In the countryside a grid follows the natural village (自然村) or villagers' group (村民小组). "
               "<b>Natural villages</b>: polygons that tile each administrative village (the "
               "<b>communities</b>), with a households field. Nothing is tessellated: grids are unions of whole "
               "villages within the band, following rivers and the hard road classes; a village above the "
               "maximum is a grid of its own and says how many grid workers it needs, or, when the "
               "<b>buildings of villages above the maximum</b> are given, is split along its buildings as a town "
               "community is."),
            tr("The defaults are the rural preset (100–300 households, target 200; only motorways, trunk and "
               "primary roads, railways and water are hard barriers): configurable defaults, see the "
               "documentation for where they come from. The outputs are those of <i>Plan grids</i>; the "
               "buildings output holds the villages with their grid code."),
        ]
        return "".join(f"<p>{p}</p>" for p in paragraphs)

    SPLIT_BUILDINGS = "SPLIT_BUILDINGS"

    def initAlgorithm(self, config=None):  # noqa: N802
        from qgis.core import QgsProcessing, QgsProcessingParameterFeatureSource

        from ...algorithms.rural import PRESETS

        super().initAlgorithm(config)
        definition = QgsProcessingParameterFeatureSource(
            self.SPLIT_BUILDINGS, tr("Buildings of villages above the maximum (optional)"),
            [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint], optional=True)
        definition.setHelp(tr("buildings with the households field: a village above the maximum is split along its "
                              "buildings instead of being a grid of its own"))
        self.addParameter(definition)
        self.removeParameter(self.COMPOUNDS)
        self.removeParameter(self.COMPOUNDS_ID_FIELD)
        self.removeParameter(self.COMPOUNDS_NAME_FIELD)
        self.parameterDefinition(self.BUILDINGS).setDescription(tr("Natural villages (自然村 / 村民小组)"))
        self.parameterDefinition(self.BUILDING_ID_FIELD).setDefaultValue("village_id")
        preset = PRESETS["rural"]
        for key, name in ((self.MIN_HOUSEHOLDS, "min_households"), (self.MAX_HOUSEHOLDS, "max_households"),
                          (self.TARGET_HOUSEHOLDS, "target_households"), (self.HARD_ROAD_CLASSES, "hard_classes")):
            self.parameterDefinition(key).setDefaultValue(preset[name])

    def extra_sources(self) -> tuple[str, ...]:
        return (self.SPLIT_BUILDINGS,)

    def plan_function(self):
        from ...algorithms.rural import plan_from_area_units

        def plan(buildings, compounds=None, split_buildings=None, **options):
            return plan_from_area_units(buildings, buildings=split_buildings, **options)

        return plan
