"""Processing algorithm "Micro-grids and member links" (``gridplanner:microgrids``).

QGIS glue only: the grouping and the links are
:func:`gridplanner.algorithms.microgrids.plan_microgrids`, the same function as
``gridplanner microgrids``.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
)

from ..i18n import tr
from .common import Cancelled
from .people_common import PeopleAlgorithm


class MicroGridsAlgorithm(PeopleAlgorithm):
    """Groups of households (联户 / 微网格) inside each grid, and the members linked to them."""

    MEMBERS = "MEMBERS"
    HOUSEHOLDS_PER_GROUP = "HOUSEHOLDS_PER_GROUP"
    GROUPS = "GROUPS"
    IN_BAND_SHARE = "IN_BAND_SHARE"
    COVERAGE = "COVERAGE"

    def createInstance(self):  # noqa: N802
        return MicroGridsAlgorithm()

    def name(self):
        return "microgrids"

    def displayName(self):  # noqa: N802
        return tr("Micro-grids and member links")

    def tags(self):
        return tr("micro-grid,微网格,联户,户户见党员,party member,household groups").split(",")

    def shortDescription(self):  # noqa: N802
        return tr("Divides each grid into groups of households and links party members to them.")

    def help_paragraphs(self):
        return [
            tr("Inside each grid of the plan: groups of households within the band (5-10 for 联户, 30-50 for "
               "微网格), made of whole buildings where buildings are small and of numbered household ranges "
               "(by stair unit and floor when the buildings have units/floors) where a building holds more "
               "than the maximum; compact and, with the roads given, not crossing a road when avoidable."),
            tr("<b>Members</b> (.csv, .xlsx or a layer: id, name, home_building or x, y): each is linked to a "
               "group near home, their own building's first, every group before any gets a second; errors "
               "name the row. The report shows the share of households in a group with a member "
               "(户户见党员) per grid and community, and the groups still without one."),
            tr("<b>Output</b>: a GeoPackage with micro_grids, member_links, the summary per grid and per "
               "community; and an HTML report."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_plan()
        self.addParameter(QgsProcessingParameterString(
            self.HOUSEHOLDS_PER_GROUP, tr("Households per group"), defaultValue="5-10"))
        self.add_people(self.MEMBERS, tr("Members"))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ROADS, tr("Roads the groups should not cross"), [QgsProcessing.TypeVectorLine], optional=True))
        self.add_outputs(tr("Micro-grids"), tr("Coverage report"))
        self.addOutput(QgsProcessingOutputNumber(self.GROUPS, tr("Groups")))
        self.addOutput(QgsProcessingOutputNumber(self.IN_BAND_SHARE, tr("Share of groups within the band")))
        self.addOutput(QgsProcessingOutputNumber(self.COVERAGE, tr("Share of households with a member")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        convert = self.start()
        from ...algorithms.microgrids import (
            MicrogridOptions,
            microgrid_layers,
            plan_microgrids,
            read_members,
            render_microgrid_report,
        )
        from ...algorithms.staffing import parse_range

        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        try:
            feedback.setProgressText(tr("Reading the plan and the members…"))
            plan = self.plan(convert, feedback)
            band = self.run_core(parse_range, self.parameterAsString(parameters, self.HOUSEHOLDS_PER_GROUP, context),
                                 "households per group")
            options = self.run_core(MicrogridOptions, band)
            people = self.people(parameters, context, self.MEMBERS, "members")
            members = self.run_core(read_members, people, plan, options.columns) if people is not None else None
            roads = self.roads(convert, parameters, context, feedback)
            if feedback.isCanceled():
                raise Cancelled()
            feedback.setProgress(20)
            feedback.setProgressText(tr("Grouping the households…"))
            result = self.run_core(plan_microgrids, plan, options, roads=roads, members=members)
            if feedback.isCanceled():
                raise Cancelled()
        except Cancelled:
            return self.cancelled_result(feedback)
        feedback.setProgressText(tr("Writing results…"))
        text = render_microgrid_report(result, options, tr("Micro-grids")) if report else None
        self.publish(microgrid_layers(plan, result), text, output, report)
        self.load_on_completion(context, output, [("micro_grids", tr("Micro-grids")),
                                                  ("member_links", tr("Member links"))])
        micro = result.micro_grids
        share = float(micro["in_band"].mean()) if len(micro) else 0.0
        households = max(1, int(result.communities["households"].sum()))
        coverage = float(result.communities["covered_households"].sum()) / households
        feedback.pushInfo(tr("{groups} groups, {share:.1f} % within the band; households with a member: "
                             "{coverage:.1f} %.").format(groups=len(micro), share=share * 100,
                                                          coverage=coverage * 100))
        feedback.setProgress(100)
        outputs = {self.OUTPUT: output, self.GROUPS: len(micro), self.IN_BAND_SHARE: share, self.COVERAGE: coverage}
        if report:
            outputs[self.REPORT] = report
        return outputs
