"""Processing algorithm "Zones of whole units (one network)" (``gridplanner:makezones``).

QGIS glue only: the zones, the audit and the reconciliation are
:mod:`gridplanner.algorithms.zones`, the same functions as ``gridplanner zones``. One
department per run (chain runs in a model for several; the command line also writes the
one-network table of several departments at once).
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from .. import styling
from ..i18n import tr
from .common import MULTIPOLYGON, Cancelled, GridPlannerAlgorithm

_READ, _WORK = 10.0, 80.0
MEASURES = ("units", "households")


class MakeZonesAlgorithm(GridPlannerAlgorithm):
    """Group whole units (basic grids, villages) into zones; audit a department's zones."""

    UNITS = "UNITS"
    UNIT_ID_FIELD = "UNIT_ID_FIELD"
    HOUSEHOLDS_FIELD = "UNIT_HOUSEHOLDS_FIELD"
    COMMUNITY_FIELD = "UNIT_COMMUNITY_FIELD"
    WITHIN_FIELD = "WITHIN_FIELD"
    ALONE_FIELD = "ALONE_FIELD"
    MEASURE = "CAPACITY_MEASURE"
    CAPACITY_MIN = "CAPACITY_MIN"
    CAPACITY_MAX = "CAPACITY_MAX"
    EXISTING = "EXISTING"
    EXISTING_ID_FIELD = "EXISTING_ID_FIELD"
    DEPARTMENT = "DEPARTMENT"
    BARRIERS = "BARRIERS"
    SEED = "SEED"
    ZONES = "ZONES"
    UNIT_ZONE = "UNIT_ZONE"
    AUDIT = "AUDIT"
    REPORT = "REPORT"
    ZONE_COUNT = "ZONE_COUNT"
    SPLIT_COUNT = "SPLIT_COUNT"
    CHANGED_COUNT = "CHANGED_COUNT"

    def createInstance(self):  # noqa: N802
        return MakeZonesAlgorithm()

    def name(self):
        return "makezones"

    def displayName(self):  # noqa: N802
        return tr("Zones of whole units (one network)")

    def tags(self):
        return tr("zones,一张网,多网合一,police beat,警格,villages,一村一片,audit,departments").split(",")

    def shortDescription(self):  # noqa: N802
        return tr("Groups whole basic grids or villages into contiguous zones within a capacity, and audits a "
                  "department's existing zones against them.")

    def help_paragraphs(self):
        return [
            tr("<b>One network</b> (多网合一): each department's zones (a police beat, an urban-management "
               "zone …) must be made of whole basic grids, so that an event in a grid has one owner in every "
               "department. In the countryside, cadres take one village a zone for big villages and two "
               "villages a zone for the others (一村一片、两村一片)."),
            tr("<b>Units</b>: a plan's grids, or any polygons that tile their area (natural villages with "
               "households). Zones are contiguous unions of whole units within the capacity (units or "
               "households per zone), never leaving the value of the <b>within</b> field, crossing the "
               "<b>barriers</b> (major roads, rivers) only where a zone could not otherwise be made."),
            tr("<b>Existing zones</b> (optional): first the audit — units split by a zone boundary (pieces "
               "below 2 % of a unit are misalignments, not splits), households in split units, units in no "
               "zone or in two, zones crossing community lines — then the nearest zones of whole units: "
               "each unit goes to the zone holding most of its area unless contiguity or capacity forbids "
               "it, and every unit that changed zone is listed with its reason. A layer in another CRS is "
               "reprojected."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.UNITS, tr("Units (basic grids or villages)"), [QgsProcessing.TypeVectorPolygon]))
        for key, label, default, numeric in (
                (self.UNIT_ID_FIELD, tr("Unit id field"), "grid_code", False),
                (self.HOUSEHOLDS_FIELD, tr("Households field"), "households", True),
                (self.COMMUNITY_FIELD, tr("Community field"), "community_code", False),
                (self.WITHIN_FIELD, tr("Zones stay inside (field)"), None, False),
                (self.ALONE_FIELD, tr("Units that make a zone alone (field: key villages)"), None, False)):
            self.addParameter(QgsProcessingParameterField(
                key, label, defaultValue=default, parentLayerParameterName=self.UNITS,
                type=QgsProcessingParameterField.Numeric if numeric else QgsProcessingParameterField.Any,
                optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.MEASURE, tr("Capacity counts"), [tr("units per zone"), tr("households per zone")], defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.CAPACITY_MIN, tr("Capacity: minimum"), QgsProcessingParameterNumber.Integer, 3, minValue=1))
        self.addParameter(QgsProcessingParameterNumber(
            self.CAPACITY_MAX, tr("Capacity: maximum"), QgsProcessingParameterNumber.Integer, 6, minValue=1))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.EXISTING, tr("Existing zones of the department (optional)"), [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.EXISTING_ID_FIELD, tr("Existing zone id field"), parentLayerParameterName=self.EXISTING,
            optional=True))
        self.addParameter(QgsProcessingParameterString(self.DEPARTMENT, tr("Department"), defaultValue="zones"))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.BARRIERS, tr("Barriers (major roads, rivers)"), QgsProcessing.TypeVectorAnyGeometry, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEED, tr("Seed"), QgsProcessingParameterNumber.Integer, 1, minValue=0))
        self.addParameter(QgsProcessingParameterFeatureSink(self.ZONES, tr("Zones"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.UNIT_ZONE, tr("Zone of each unit"), QgsProcessing.TypeVector, optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.AUDIT, tr("Audit: units not whole in one zone"), QgsProcessing.TypeVectorPolygon, optional=True,
            createByDefault=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, tr("Report"), tr("HTML files (*.html)"), optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.ZONE_COUNT, tr("Number of zones")))
        self.addOutput(QgsProcessingOutputNumber(self.SPLIT_COUNT, tr("Number of split units")))
        self.addOutput(QgsProcessingOutputNumber(self.CHANGED_COUNT, tr("Number of units that changed zone")))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        if ok and self.parameterAsInt(parameters, self.CAPACITY_MIN, context) > \
                self.parameterAsInt(parameters, self.CAPACITY_MAX, context):
            return False, tr("The capacity's minimum must not exceed its maximum.")
        return ok, message

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        convert = self.start()
        from ...algorithms.report import write_html
        from ...algorithms.zones import Capacity, Department, build_zones, load_units, render_zones_report

        units_source = self.parameterAsSource(parameters, self.UNITS, context)
        if units_source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.UNITS))
        existing_source = self.parameterAsSource(parameters, self.EXISTING, context)
        try:
            feedback.setProgressText(tr("Reading layers…"))
            units_frame, _ = convert.source_to_gdf(units_source, is_cancelled=feedback.isCanceled)
            existing = convert.source_to_gdf(existing_source)[0] if existing_source is not None else None
            barriers = [convert.source_to_gdf(layer)[0]
                        for layer in self.parameterAsLayerList(parameters, self.BARRIERS, context)]
            if feedback.isCanceled():
                raise Cancelled()
            feedback.setProgress(_READ)
            fields = {key: self.field(parameters, key, units_source, context, feedback, label) for key, label in (
                (self.UNIT_ID_FIELD, tr("unit id field")), (self.HOUSEHOLDS_FIELD, tr("households field")),
                (self.COMMUNITY_FIELD, tr("community field")), (self.WITHIN_FIELD, tr("within field")),
                (self.ALONE_FIELD, tr("field of the units that make a zone alone")))}
            measure = MEASURES[self.parameterAsEnum(parameters, self.MEASURE, context)]
            capacity = self.run_core(Capacity.parse, f"{self.parameterAsInt(parameters, self.CAPACITY_MIN, context)}-"
                                                     f"{self.parameterAsInt(parameters, self.CAPACITY_MAX, context)}",
                                     measure)
            if measure == "households" and fields[self.HOUSEHOLDS_FIELD] is None:
                raise QgsProcessingException(tr("A capacity in households needs the households field of the units."))
            id_field = self.field(parameters, self.EXISTING_ID_FIELD, existing_source, context, feedback,
                                  tr("existing zone id field"))
            name = self.parameterAsString(parameters, self.DEPARTMENT, context).strip() or "zones"
            feedback.setProgressText(tr("Making the zones…"))
            units = self.run_core(load_units, units_frame, unit_id_field=fields[self.UNIT_ID_FIELD],
                                  households_field=fields[self.HOUSEHOLDS_FIELD],
                                  within_field=fields[self.WITHIN_FIELD], community_field=fields[self.COMMUNITY_FIELD],
                                  alone_field=fields[self.ALONE_FIELD], barriers=barriers)
            result = self.run_core(build_zones, units, [Department(name, capacity, existing, id_field)],
                                   seed=self.parameterAsInt(parameters, self.SEED, context))
            if feedback.isCanceled():
                raise Cancelled()
        except Cancelled:
            return self.cancelled_result(feedback)
        feedback.setProgress(_READ + _WORK)
        feedback.setProgressText(tr("Writing results…"))
        d = result.departments[0]
        crs = convert.crs_to_qgis(units.frame.crs)
        outputs = {self.ZONES: self.write(convert, parameters, context, self.ZONES, d.zones, MULTIPOLYGON, crs)}
        styling.attach(context, outputs[self.ZONES], lambda layer: styling.style_outlines(layer, "#6a1b9a"))
        dest = self.write(convert, parameters, context, self.UNIT_ZONE, d.unit_zone, QgsWkbTypes.NoGeometry, crs)
        if dest is not None:
            outputs[self.UNIT_ZONE] = dest
        layers = result.layers()
        if "audit" in layers:
            dest = self.write(convert, parameters, context, self.AUDIT, layers["audit"], MULTIPOLYGON, crs)
            if dest is not None:
                outputs[self.AUDIT] = dest
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        if report:
            self.run_core(write_html, render_zones_report(result, tr("Zones — {name}").format(name=name)), report,
                          overwrite=True)
            outputs[self.REPORT] = report
        for note in result.notes:
            feedback.pushInfo(note)
        split = d.audit.summary()["units_split"] if d.audit is not None else 0
        changed = int(d.unit_zone["changed"].sum())
        outputs.update({self.ZONE_COUNT: len(d.zones), self.SPLIT_COUNT: split, self.CHANGED_COUNT: changed})
        feedback.pushInfo(tr("{zones} zones; {split} split unit(s) in the existing zones; {changed} unit(s) changed "
                             "zone.").format(zones=len(d.zones), split=split, changed=changed))
        feedback.setProgress(100.0)
        return outputs
