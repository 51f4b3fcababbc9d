"""Processing algorithm "Estimate households" (``gridplanner:estimatehouseholds``).

QGIS glue only: the estimate is :func:`gridplanner.algorithms.estimate.estimate_households`.
"""

from __future__ import annotations

from qgis.core import (
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..i18n import tr
from .common import Cancelled, GridPlannerAlgorithm

# Same as gridplanner.algorithms.estimate.RESIDENTIAL_VALUES (a test keeps them equal);
# written out so that listing the algorithm imports no geopandas.
DEFAULT_RESIDENTIAL_VALUES = ("residential", "apartments", "house", "detached", "semidetached_house", "terrace",
                      "dormitory", "bungalow", "mixed", "yes", "住宅")


class EstimateHouseholdsAlgorithm(GridPlannerAlgorithm):
    """Households and population from footprint area and floors, keeping known counts."""

    INPUT = "INPUT"
    HOUSEHOLDS_FIELD = "HOUSEHOLDS_FIELD"
    POPULATION_FIELD = "POPULATION_FIELD"
    FLOORS_FIELD = "FLOORS_FIELD"
    HEIGHT_FIELD = "HEIGHT_FIELD"
    USE_FIELD = "USE_FIELD"
    RESIDENTIAL_VALUES = "RESIDENTIAL_VALUES"
    STOREY_HEIGHT = "STOREY_HEIGHT"
    DEFAULT_FLOORS = "DEFAULT_FLOORS"
    RESIDENTIAL_SHARE = "RESIDENTIAL_SHARE"
    DWELLING_SIZE = "DWELLING_SIZE"
    PEOPLE_PER_HOUSEHOLD = "PEOPLE_PER_HOUSEHOLD"
    FILL_ZERO = "FILL_ZERO"
    OUTPUT = "OUTPUT"
    ESTIMATED = "ESTIMATED"
    HOUSEHOLDS = "HOUSEHOLDS"

    def createInstance(self):  # noqa: N802
        return EstimateHouseholdsAlgorithm()

    def name(self):
        return "estimatehouseholds"

    def displayName(self):  # noqa: N802
        return tr("Estimate households")

    def tags(self):
        return tr("households,户数,population,人口,estimate,估算,floors,footprint,OpenStreetMap").split(",")

    def shortDescription(self):  # noqa: N802
        return tr("Estimates households and population of buildings from footprint area and floors.")

    def help_paragraphs(self):
        return [
            tr("For areas where only building footprints are known (for example from "
               "OpenStreetMap): estimates the households and population of each building so that "
               "<i>Plan grids</i> can run. Known counts are kept."),
            tr("<b>Floor area</b> = footprint area (measured in metres) × floors. Floors come from "
               "the <b>floors field</b>, else from the <b>height field</b> ÷ storey height, else the "
               "default number of floors."),
            tr("<b>Households</b> = floor area × residential share ÷ mean dwelling size, rounded. "
               "<b>Population</b> = households × people per household. With a <b>use field</b>, only "
               "buildings whose use is one of the residential values get households (others get 0)."),
            tr("<b>Known counts</b>: a building that already has households keeps them; only empty "
               "values are filled, and zeros too when <b>also replace zeros</b> is ticked. Missing "
               "population is filled from households."),
            tr("<b>Output</b>: a copy of the buildings with the households and population fields "
               "filled, the floor area (floor_area_m2) and where each count comes from (hh_source: "
               "known, estimated, estimated_default_floors, not_residential, no_footprint). The input "
               "layer is not changed."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, tr("Buildings"), [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterString(
            self.HOUSEHOLDS_FIELD, tr("Households field (kept where known, created when absent)"),
            defaultValue="households"))
        self.addParameter(QgsProcessingParameterString(
            self.POPULATION_FIELD, tr("Population field (kept where known, created when absent)"),
            defaultValue="population", optional=True))
        self.add_field(self.FLOORS_FIELD, tr("Floors field"), self.INPUT, "floors", numeric=True)
        self.add_field(self.HEIGHT_FIELD, tr("Height field (metres)"), self.INPUT, None, numeric=True)
        self.add_field(self.USE_FIELD, tr("Use field (building type)"), self.INPUT, None)
        values = QgsProcessingParameterString(
            self.RESIDENTIAL_VALUES, tr("Residential use values (comma-separated)"),
            defaultValue=",".join(DEFAULT_RESIDENTIAL_VALUES), optional=True)
        values.setFlags(values.flags() | QgsProcessingParameterString.FlagAdvanced)
        self.addParameter(values)
        for name, label, default, low, high in (
            (self.RESIDENTIAL_SHARE, tr("Residential share of the floor area"), 0.8, 0.01, 1.0),
            (self.DWELLING_SIZE, tr("Mean dwelling size (m² of floor area)"), 90.0, 10.0, 1000.0),
            (self.PEOPLE_PER_HOUSEHOLD, tr("People per household"), 3.0, 0.5, 10.0),
            (self.STOREY_HEIGHT, tr("Storey height (metres)"), 3.0, 2.0, 10.0),
            (self.DEFAULT_FLOORS, tr("Floors when unknown"), 1.0, 1.0, 200.0),
        ):
            self.addParameter(QgsProcessingParameterNumber(
                name, label, QgsProcessingParameterNumber.Double, default, minValue=low, maxValue=high))
        self.addParameter(QgsProcessingParameterBoolean(
            self.FILL_ZERO, tr("Also replace zeros"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Buildings with households"), QgsProcessing.TypeVectorAnyGeometry))
        self.addOutput(QgsProcessingOutputNumber(self.ESTIMATED, tr("Buildings estimated")))
        self.addOutput(QgsProcessingOutputNumber(self.HOUSEHOLDS, tr("Households in total")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        convert = self.start()
        from ...algorithms.estimate import EstimateParameters, estimate_households

        source = self.sources(parameters, context, (self.INPUT,), required=(self.INPUT,))[self.INPUT]
        hh_field = (self.parameterAsString(parameters, self.HOUSEHOLDS_FIELD, context) or "households").strip()
        pop_field = (self.parameterAsString(parameters, self.POPULATION_FIELD, context) or "").strip() or None
        values = self.parameterAsString(parameters, self.RESIDENTIAL_VALUES, context)
        try:
            frames = self.read(convert, {self.INPUT: source}, feedback, 40.0)
            params = EstimateParameters(
                households_field=hh_field, population_field=pop_field,
                floors_field=self.field(parameters, self.FLOORS_FIELD, source, context, feedback,
                                        tr("floors field")),
                height_field=self.field(parameters, self.HEIGHT_FIELD, source, context, feedback,
                                        tr("height field")),
                use_field=self.field(parameters, self.USE_FIELD, source, context, feedback, tr("use field")),
                residential_values=tuple(v.strip() for v in (values or "").split(",") if v.strip())
                or EstimateParameters().residential_values,
                storey_height_m=self.parameterAsDouble(parameters, self.STOREY_HEIGHT, context),
                default_floors=self.parameterAsDouble(parameters, self.DEFAULT_FLOORS, context),
                residential_share=self.parameterAsDouble(parameters, self.RESIDENTIAL_SHARE, context),
                dwelling_size_m2=self.parameterAsDouble(parameters, self.DWELLING_SIZE, context),
                people_per_household=self.parameterAsDouble(parameters, self.PEOPLE_PER_HOUSEHOLD, context),
                fill_zero=self.parameterAsBoolean(parameters, self.FILL_ZERO, context),
            )
            feedback.setProgressText(tr("Estimating…"))
            result = self.run_core(estimate_households, frames[self.INPUT], params, is_cancelled=feedback.isCanceled)
            feedback.setProgress(60.0)
            if feedback.isCanceled():
                raise Cancelled()
        except Cancelled:
            return self.cancelled_result(feedback)

        fields = QgsFields(source.fields())
        for name, kind in ((hh_field, QVariant.LongLong), (pop_field, QVariant.LongLong),
                           ("floor_area_m2", QVariant.Double), ("hh_source", QVariant.String)):
            if name and fields.lookupField(name) < 0:
                fields.append(QgsField(name, kind))
        wkb = source.wkbType()
        if QgsWkbTypes.geometryType(wkb) == QgsWkbTypes.PolygonGeometry:
            wkb = QgsWkbTypes.MultiPolygon
        else:
            wkb = QgsWkbTypes.flatType(wkb)
        feedback.setProgressText(tr("Writing results…"))
        dest = self.write(convert, parameters, context, self.OUTPUT, result, wkb, source.sourceCrs(), fields=fields)
        estimated = int(result["hh_source"].isin(["estimated", "estimated_default_floors"]).sum())
        total = int(result[hh_field].fillna(0).sum())
        feedback.setProgress(100.0)
        feedback.pushInfo(tr("{n} buildings estimated; {total} households in total.").format(n=estimated, total=total))
        return {self.OUTPUT: dest, self.ESTIMATED: estimated, self.HOUSEHOLDS: total}
