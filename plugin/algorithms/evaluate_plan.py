"""Processing algorithm "Evaluate grid plan" (``gridplanner:evaluateplan``).

QGIS glue only: the measuring is :func:`gridplanner.algorithms.evaluate.evaluate_plan`,
the same function as ``gridplanner evaluate``.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
)

from .. import styling
from ..i18n import tr
from .common import EVALUATE, MULTIPOLYGON, POINT, Cancelled, GridPlannerAlgorithm, PlanKeys, problem_fields

_READ, _WORK = 10.0, 80.0


class EvaluatePlanAlgorithm(GridPlannerAlgorithm, PlanKeys):
    """Measure an existing grid layer against the rules of a good plan."""

    GRIDS = "GRIDS"
    GRID_ID_FIELD = "GRID_ID_FIELD"
    OUTPUT = "OUTPUT"
    PROBLEMS = "PROBLEMS"
    REPORT = "REPORT"
    GRIDS_NOT_OK = "GRIDS_NOT_OK"
    IN_BAND_SHARE = "IN_BAND_SHARE"
    GAP_M2 = "GAP_M2"
    OVERLAP_M2 = "OVERLAP_M2"

    def createInstance(self):  # noqa: N802
        return EvaluatePlanAlgorithm()

    def name(self):
        return "evaluateplan"

    def displayName(self):  # noqa: N802
        return tr("Evaluate grid plan")

    def tags(self):
        return tr("grid,网格,evaluate,check,评估,检查,households,gaps,overlaps").split(",")

    def shortDescription(self):  # noqa: N802
        return tr("Checks an existing grid layer: households, workload, band, barriers, gaps and overlaps.")

    def help_paragraphs(self):
        return [
            tr("Measures an existing grid plan — drawn by hand, made by an older tool or by "
               "<i>Plan grids</i> — against the rules of a good plan, with the same measures as the "
               "planner."),
            tr("<b>Grids</b>: polygons with any fields; the <b>grid id field</b> names each grid in the "
               "results (default: grid_code or WGBM when present, else the feature id). Grids with "
               "grid_kind = dedicated or WGLX = 专属 are dedicated grids and have no household band. "
               "<b>Buildings</b> are counted in the grid that holds a point of their footprint."),
            tr("<b>Per grid</b>: households, population, workload, number of buildings, area, "
               "compactness (Polsby–Popper), parts (1 = contiguous), hard-barrier crossings (its "
               "buildings lie on both sides of a major road or river), compounds split more than "
               "needed, area overlapping other grids and area outside its community; a status (the "
               "most serious issue) and the reason in words."),
            tr("<b>Communities</b> (optional): land of a community in no grid is reported as a gap, "
               "with its outline in the problems layer; without communities only holes enclosed by "
               "the grids count as gaps. Buildings in no grid are reported one by one."),
            tr("<b>Outputs</b>: the evaluated grids (styled: grids that need a look are hatched in "
               "red), the problems as points, and an HTML summary with a map."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.GRIDS, tr("Grids to evaluate"), [QgsProcessing.TypeVectorPolygon]))
        self.add_field(self.GRID_ID_FIELD, tr("Grid id field"), self.GRIDS)
        # Inputs and options: the one table of algorithms/options.py (as ``gridplanner evaluate``).
        self.add_inputs(EVALUATE)
        self.add_options(EVALUATE)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Evaluated grids"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.PROBLEMS, tr("Problems"), QgsProcessing.TypeVectorPoint, optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, tr("HTML summary"), tr("HTML files (*.html)"), optional=True, createByDefault=True))
        for name, label in ((self.GRIDS_NOT_OK, tr("Grids that need a look")),
                            (self.IN_BAND_SHARE, tr("Share of grids within the band")),
                            (self.GAP_M2, tr("Gaps (m²)")), (self.OVERLAP_M2, tr("Overlaps (m²)"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        return self.band_is_valid(parameters, context) if ok else (ok, message)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        convert = self.start()
        from ...algorithms.evaluate import evaluate_plan, write_evaluation_report

        src = self.sources(parameters, context, (self.GRIDS, self.BUILDINGS, self.ROADS, self.WATER,
                                                 self.COMMUNITIES, self.COMPOUNDS),
                           required=(self.GRIDS, self.BUILDINGS))
        grid_id = self.field(parameters, self.GRID_ID_FIELD, src[self.GRIDS], context, feedback,
                             tr("grid id field"))
        report_path = self.parameterAsFileOutput(parameters, self.REPORT, context)
        try:
            feedback.setProgressText(tr("Reading layers…"))
            frames = self.read(convert, src, feedback, _READ)
            params = self.plan_parameters(parameters, context, feedback, src)

            def progress(fraction, message=None):
                feedback.setProgress(_READ + _WORK * min(max(float(fraction), 0.0), 1.0))
                if message:
                    feedback.setProgressText(str(message))

            result = self.run_core(
                evaluate_plan, frames[self.GRIDS], frames[self.BUILDINGS], roads=frames.get(self.ROADS),
                communities=frames.get(self.COMMUNITIES), water=self.layers_of(frames, self.WATER) or None,
                params=params, grid_id_field=grid_id, progress=progress, is_cancelled=feedback.isCanceled,
                compounds=frames.get(self.COMPOUNDS))
            if feedback.isCanceled():
                raise Cancelled()
        except Cancelled:
            return self.cancelled_result(feedback)

        # Write only now: a cancelled or failed run leaves no partial output.
        feedback.setProgressText(tr("Writing results…"))
        crs = convert.crs_to_qgis(result.crs)
        outputs = {self.OUTPUT: self.write(convert, parameters, context, self.OUTPUT, result.grids, MULTIPOLYGON, crs)}
        styling.attach(context, outputs[self.OUTPUT], lambda layer: styling.style_grids(layer, "grid_id"))
        problems = self.write(convert, parameters, context, self.PROBLEMS, result.problems, POINT, crs,
                              fields=problem_fields(), geometry=self.problem_points(result.problems))
        if problems is not None:
            outputs[self.PROBLEMS] = problems
            styling.attach(context, problems, styling.style_problems)
        if report_path:
            self.run_core(write_evaluation_report, result, report_path, overwrite=True)
            outputs[self.REPORT] = report_path
        s = result.summary
        outputs.update({self.GRIDS_NOT_OK: s["grids_not_ok"], self.IN_BAND_SHARE: s["in_band_share"],
                        self.GAP_M2: s["gap_m2"], self.OVERLAP_M2: s["overlap_m2"]})
        feedback.setProgress(100.0)
        feedback.pushInfo(tr("{grids} grids evaluated; {bad} need a look; gaps {gap:.0f} m², overlaps "
                             "{overlap:.0f} m².").format(grids=s["grids"], bad=s["grids_not_ok"],
                                                         gap=s["gap_m2"], overlap=s["overlap_m2"]))
        return outputs
