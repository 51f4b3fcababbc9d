"""Processing algorithm "Staff grids" (``gridplanner:staffplan``).

QGIS glue only: the need and the assignment are
:func:`gridplanner.algorithms.staffing.staff_plan`, the same function as ``gridplanner staff``.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..i18n import tr
from .common import Cancelled
from .people_common import PeopleAlgorithm

CAPACITY_UNITS = ("grids", "households")


class StaffPlanAlgorithm(PeopleAlgorithm):
    """Count the workers a plan needs and assign a roster to its grids."""

    ROSTER = "ROSTER"
    WATER = "WATER"
    HOUSEHOLDS_PER_WORKER = "HOUSEHOLDS_PER_WORKER"
    WORKERS_PER_10K = "WORKERS_PER_10K"
    CAPACITY_UNIT = "CAPACITY_UNIT"
    GRIDS_SHORT = "GRIDS_SHORT"
    WORKERS_ASSIGNED = "WORKERS_ASSIGNED"

    def createInstance(self):  # noqa: N802
        return StaffPlanAlgorithm()

    def name(self):
        return "staffplan"

    def displayName(self):  # noqa: N802
        return tr("Staff grids")

    def tags(self):
        return tr("staff,roster,网格员,一格一员,一员多格,worker,police,assignment").split(",")

    def shortDescription(self):  # noqa: N802
        return tr("Counts the workers a plan needs and assigns a roster: grid workers, helpers and officers.")

    def help_paragraphs(self):
        return [
            tr("<b>Need</b>, from the plan alone: one full-time grid worker per basic grid, ⌈households / "
               "maximum⌉ for a grid above the maximum; dedicated grids are served by their site's own staff "
               "(counted, not drawn from the roster); community workers at one per 150–200 households and "
               "the check of at least 18 per 10,000 residents (residents = households × the plan's people "
               "per household)."),
            tr("<b>Roster</b> (.csv, .xlsx or a layer): id, name, role (full-time, part-time or a department "
               "such as police, urban), community (code or name), home_building (a building id of the plan) "
               "or x, y; optional capacity, previous_grid, phone. Errors name the row."),
            tr("<b>Assignment</b>: full-time workers one per grid inside their community, last year's grid "
               "first, then the nearest (along the roads when given); part-time workers fill empty places, "
               "then help; each department's officers cover contiguous groups of grids within their "
               "capacity, not across a hard road when avoidable."),
            tr("<b>Output</b>: a GeoPackage with the plan's layers, the grids with their workers (worker, "
               "worker_id, worker_phone: <i>Export for governance</i> fills WGY from it), assignments and "
               "the staffing table per community; and an HTML report."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_plan()
        self.add_people(self.ROSTER, tr("Roster"))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ROADS, tr("Roads (distances along them; hard classes as barriers)"),
            [QgsProcessing.TypeVectorLine], optional=True))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.WATER, tr("Water (hard barriers between grids)"), QgsProcessing.TypeVectorAnyGeometry,
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.HOUSEHOLDS_PER_WORKER, tr("Households per community worker"), defaultValue="150-200"))
        self.addParameter(QgsProcessingParameterNumber(
            self.WORKERS_PER_10K, tr("Community workers per 10,000 residents"),
            QgsProcessingParameterNumber.Double, defaultValue=18.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterEnum(
            self.CAPACITY_UNIT, tr("Unit of the roster's capacity"), options=[tr("grids"), tr("households")],
            defaultValue=0))
        self.add_outputs(tr("Staffed plan"), tr("Staffing report"))
        self.addOutput(QgsProcessingOutputNumber(self.GRIDS_SHORT, tr("Grids short of workers")))
        self.addOutput(QgsProcessingOutputNumber(self.WORKERS_ASSIGNED, tr("Grid workers assigned")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        convert = self.start()
        from ...algorithms.staffing import (
            StaffingOptions,
            parse_range,
            read_roster,
            render_staffing_report,
            staff_plan,
            staffed_layers,
        )

        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        try:
            feedback.setProgressText(tr("Reading the plan and the roster…"))
            plan = self.plan(convert, feedback)
            per_worker = self.run_core(parse_range, self.parameterAsString(parameters, self.HOUSEHOLDS_PER_WORKER,
                                                                           context), "households per worker")
            options = self.run_core(
                StaffingOptions, per_worker, self.parameterAsDouble(parameters, self.WORKERS_PER_10K, context),
                None, CAPACITY_UNITS[self.parameterAsEnum(parameters, self.CAPACITY_UNIT, context)])
            people = self.people(parameters, context, self.ROSTER, "roster")
            roster = self.run_core(read_roster, people, plan, options.columns) if people is not None else None
            roads = self.roads(convert, parameters, context, feedback)
            water = self.layers_of(self.read(convert, self.sources(parameters, context, (self.WATER,)), feedback,
                                             share=0.0), self.WATER)
            if feedback.isCanceled():
                raise Cancelled()
            feedback.setProgress(20)
            feedback.setProgressText(tr("Assigning the roster…"))
            result = self.run_core(staff_plan, plan, roster, options, roads=roads, water=water)
            if feedback.isCanceled():
                raise Cancelled()
        except Cancelled:
            return self.cancelled_result(feedback)
        feedback.setProgressText(tr("Writing results…"))
        text = render_staffing_report(result, options, tr("Staffing")) if report else None
        self.publish(staffed_layers(plan, result), text, output, report)
        self.load_on_completion(context, output, [("grids", tr("Staffed grids")),
                                                  ("assignments", tr("Assignments")),
                                                  ("staffing", tr("Staffing per community"))])
        short = int(result.grids["staffing"].isin(["short", "unstaffed"]).sum())
        assigned = int(result.staffing["grid_workers_assigned"].sum())
        for problem in result.problems:
            if problem.severity != "info":
                feedback.pushWarning(problem.message)
        feedback.pushInfo(tr("{assigned} of {needed} grid workers assigned; {short} grid(s) short.").format(
            assigned=assigned, needed=int(result.staffing["grid_workers_needed"].sum()), short=short))
        feedback.setProgress(100)
        outputs = {self.OUTPUT: output, self.GRIDS_SHORT: short, self.WORKERS_ASSIGNED: assigned}
        if report:
            outputs[self.REPORT] = report
        return outputs
