"""Processing algorithm "Yearly review (re-plan)" (``gridplanner:replan``).

QGIS glue only: reads the sources into GeoDataFrames, calls
:func:`gridplanner.algorithms.replan.replan_grids` (the same function as ``gridplanner
replan``) and writes the new plan GeoPackage (every layer and the code history next year's
review reads), the grids and the moved buildings as sinks, and the HTML report.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from .. import styling
from ..i18n import tr
from .common import MULTIPOLYGON, PLAN, Cancelled, GridPlannerAlgorithm, PlanKeys

_READ, _WORK = 10.0, 80.0


class ReplanAlgorithm(GridPlannerAlgorithm, PlanKeys):
    """Repair last year's plan with the fewest changes: the yearly review (动态调整)."""

    PREVIOUS = "PREVIOUS"
    MAX_MOVED = "MAX_MOVED"
    OUTPUT = "OUTPUT"
    GRIDS = "GRIDS"
    CHANGES = "CHANGES"
    REPORT = "REPORT"
    HOUSEHOLDS_MOVED = "HOUSEHOLDS_MOVED"
    MOVED_SHARE = "MOVED_SHARE"
    FRESH_MOVED = "FRESH_MOVED"

    def createInstance(self):  # noqa: N802
        return ReplanAlgorithm()

    def name(self):
        return "replan"

    def displayName(self):  # noqa: N802
        return tr("Yearly review (re-plan)")

    def tags(self):
        return tr("grid,网格,review,动态调整,replan,yearly,stable,codes,changes").split(",")

    def shortDescription(self):  # noqa: N802
        return tr("Repairs last year's plan for this year's buildings with the fewest households changing grid.")

    def help_paragraphs(self):
        return [
            tr("Keeps every grid of last year's plan that still meets the rules and whose buildings did not "
               "change — same buildings, same code, same polygon — and repairs the grids that broke (new "
               "compounds, demolished lanes, household drift), outward from them: a broken grid and its "
               "neighbours are planned again, the ring widening only when needed, moving as few households "
               "as possible."),
            tr("<b>Previous plan</b>: the GeoPackage written by <i>Plan grids</i> (saved), the command line or "
               "an earlier review. This year's buildings are matched to last year's by the building id field "
               "when it is given, else by footprint overlap (half of the smaller footprint)."),
            tr("<b>Codes</b>: a repaired grid keeps its code when it keeps more than half of its households; "
               "new grids take codes no grid of the community ever had; retired codes are listed and never "
               "used again (the plan keeps their history for next year)."),
            tr("<b>Largest share of households moved</b> (0–1, optional) caps the households that may change "
               "grid; a grid the cap leaves broken says so in its reason."),
            tr("<b>Outputs</b>: the new plan GeoPackage (grids with change and households moved in/out, "
               "buildings with their previous grid, the changes, retired grids and demolished buildings), "
               "the grids and the moved buildings as layers, and an HTML report with a map of the changes."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.PREVIOUS, tr("Previous plan (GeoPackage)"), extension="gpkg"))
        self.add_inputs(PLAN)
        self.add_options(PLAN)
        self.addParameter(QgsProcessingParameterNumber(
            self.MAX_MOVED, tr("Largest share of households moved (0–1)"), QgsProcessingParameterNumber.Double,
            optional=True, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("New plan (GeoPackage)"), tr("GeoPackage (*.gpkg)")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.GRIDS, tr("Grids"), QgsProcessing.TypeVectorPolygon, optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.CHANGES, tr("Buildings that changed grid"), QgsProcessing.TypeVectorPolygon, optional=True,
            createByDefault=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, tr("HTML report of the changes"), tr("HTML files (*.html)"), optional=True,
            createByDefault=True))
        for name, label in ((self.HOUSEHOLDS_MOVED, tr("Households moved")),
                            (self.MOVED_SHARE, tr("Share of households moved")),
                            (self.FRESH_MOVED, tr("Households a fresh plan would move"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        return self.band_is_valid(parameters, context) if ok else (ok, message)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        convert = self.start()
        from ...algorithms.replan import PreviousPlan, render_replan_report, replan_grids, replan_summary_lines
        from ...algorithms.report import write_html

        src = self.sources(parameters, context, (self.BUILDINGS, self.ROADS, self.WATER, self.COMMUNITIES,
                                                 self.COMPOUNDS), required=(self.BUILDINGS,))
        previous_path = self.parameterAsFile(parameters, self.PREVIOUS, context)
        output_path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        report_path = self.parameterAsFileOutput(parameters, self.REPORT, context)
        max_moved = parameters.get(self.MAX_MOVED)
        max_moved = None if max_moved in (None, "") else self.parameterAsDouble(parameters, self.MAX_MOVED, context)
        try:
            feedback.setProgressText(tr("Reading layers…"))
            previous = self.run_core(PreviousPlan.read, previous_path)
            frames = self.read(convert, src, feedback, _READ)
            params = self.plan_parameters(parameters, context, feedback, src)

            def progress(fraction, message=None):
                feedback.setProgress(_READ + _WORK * min(max(float(fraction), 0.0), 1.0))
                if message:
                    feedback.setProgressText(str(message))

            result = self.run_core(
                replan_grids, previous, frames[self.BUILDINGS], roads=frames.get(self.ROADS),
                communities=frames.get(self.COMMUNITIES), water=self.layers_of(frames, self.WATER) or None,
                params=params, max_moved=max_moved, compounds=frames.get(self.COMPOUNDS), progress=progress,
                is_cancelled=feedback.isCanceled)
            if feedback.isCanceled():
                raise Cancelled()
        except Cancelled:
            return self.cancelled_result(feedback)

        feedback.setProgressText(tr("Writing results…"))
        self.run_core(result.write, output_path, overwrite=True)
        outputs = {self.OUTPUT: output_path}
        crs = convert.crs_to_qgis(result.crs)
        grids = self.write(convert, parameters, context, self.GRIDS, result.grids, MULTIPOLYGON, crs)
        if grids is not None:
            outputs[self.GRIDS] = grids
            styling.attach(context, grids, styling.style_grids)
        changes = self.write(convert, parameters, context, self.CHANGES, result.changes, MULTIPOLYGON, crs)
        if changes is not None:
            outputs[self.CHANGES] = changes
        if report_path:
            self.run_core(write_html, render_replan_report(result), report_path, overwrite=True)
            outputs[self.REPORT] = report_path
        f = result.figures
        outputs.update({self.HOUSEHOLDS_MOVED: f["households_moved"], self.MOVED_SHARE: f["households_moved_share"],
                        self.FRESH_MOVED: f.get("fresh_households_moved", -1)})
        for line in replan_summary_lines(result):
            feedback.pushInfo(line)
        feedback.setProgress(100.0)
        return outputs
