"""Processing algorithm "Plan grids" (``gridplanner:plangrids``).

QGIS glue only: reads the sources into GeoDataFrames, calls
:func:`gridplanner.algorithms.plan_grids` and writes its three results into feature
sinks. No planning logic lives here.
"""

from __future__ import annotations

from qgis.core import (
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from .. import styling
from ..i18n import tr
from .common import MULTIPOLYGON, PLAN, POINT, Cancelled, GridPlannerAlgorithm, PlanKeys, problem_fields

# Share of the progress bar per stage: reading, planning, writing.
_READ, _PLAN = 10.0, 85.0


class PlanGridsAlgorithm(GridPlannerAlgorithm, PlanKeys):
    """Divide communities into management grids of balanced size and workload."""

    GRIDS = "GRIDS"
    BUILDINGS_OUT = "BUILDINGS_OUT"
    PROBLEMS = "PROBLEMS"
    GRID_COUNT = "GRID_COUNT"
    PROBLEM_COUNT = "PROBLEM_COUNT"

    # ------------------------------------------------------------ identity
    def createInstance(self):  # noqa: N802
        return PlanGridsAlgorithm()

    def name(self):
        return "plangrids"

    def displayName(self):  # noqa: N802
        return tr("Plan grids")

    def tags(self):
        return tr("grid,网格,community,社区,households,partition,redistricting,planning").split(",")

    def shortDescription(self):  # noqa: N802
        return tr("Divides communities into management grids of balanced households and workload.")

    def shortHelpString(self):  # noqa: N802
        paragraphs = [
            tr(
                "Divides every community into management grids (网格) of about the target number "
                "of households, one grid worker each. Grids tile the community without gap or "
                "overlap, follow roads, rivers and community boundaries, never split a building "
                "and keep residential compounds whole when they fit in one grid."
            ),
            tr(
                "<b>Buildings</b>: footprints or points with a households field (and, when "
                "available, population, compound id and workload attributes). <b>Communities</b>: "
                "boundaries with a 12-digit code and a name; a grid never crosses a community line. "
                "<b>Roads</b> with an OpenStreetMap highway class, and <b>water</b> (one or several "
                "layers: areas and river centre lines), give the grid boundaries; roads of the hard "
                "classes are never crossed by a grid. Layers named buildings, communities, roads, "
                "water and waterway are chosen for you."
            ),
            tr(
                "<b>Compounds</b> (小区 polygons, e.g. the compounds of <i>Prepare OpenStreetMap "
                "layers</i> or AOI polygons): a building without a compound id of its own gets the "
                "compound whose polygon holds it (the smallest one where they overlap); buildings in "
                "no polygon stand alone. The problems layer says how many buildings got one."
            ),
            tr(
                "<b>Dedicated sites</b> (advanced parameters): buildings that share a value in the "
                "dedicated site field (a school, a hospital, a market) form a grid of their own (专属网格)."
            ),
            tr(
                "<b>Advanced parameters</b>, the same options as the command line and the dock: a "
                "<b>locked grid field</b> (buildings with the same label keep their grid), a "
                "<b>previous grid field</b> (the starting plan of a yearly re-planning), fixed <b>grid "
                "counts</b> of communities (CODE=N, …), what becomes of <b>pockets</b> cut off by a "
                "major road, the digits of the grid sequence, people per household and the seed."
            ),
            tr(
                "<b>Households per grid</b>: every grid should hold between the minimum and the "
                "maximum; the planner aims at the target. A building or compound that is too large "
                "on its own, or a community that is too small, is reported instead of hidden."
            ),
            tr(
                "<b>Workload weights</b>: an optional TOML or JSON file with the weights of the "
                "workload attributes (elderly living alone, disabled residents, rental units, "
                "shops, key sites); without it the default weights are used. <b>Seed</b>: the same "
                "inputs and seed always give the same plan."
            ),
            tr(
                "<b>Outputs</b>: grids with their 15-digit code (community code + sequence, west to "
                "east then north to south), households, population, workload, compactness and a "
                "status with its reason; the buildings with the code of their grid; and the "
                "problems found (invalid or duplicate geometries, missing values, rules the plan "
                "could not meet) as points to zoom to."
            ),
        ]
        return "".join(f"<p>{p}</p>" for p in paragraphs)

    # ---------------------------------------------------------- parameters
    def initAlgorithm(self, config=None):  # noqa: N802
        # Inputs and planning options: the one table of algorithms/options.py (as the CLI and the dock).
        self.add_inputs(PLAN)
        self.add_options(PLAN)
        self.add_field(self.COMPOUNDS_NAME_FIELD, tr("Compound name field of the compounds"), self.COMPOUNDS,
                       "compound_name", advanced=True)

        self.addParameter(
            QgsProcessingParameterFeatureSink(self.GRIDS, tr("Grids"), QgsProcessing.TypeVectorPolygon)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.BUILDINGS_OUT,
                tr("Buildings with grid code"),
                QgsProcessing.TypeVectorAnyGeometry,
                optional=True,
                createByDefault=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.PROBLEMS,
                tr("Problems"),
                QgsProcessing.TypeVectorPoint,
                optional=True,
                createByDefault=True,
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.GRID_COUNT, tr("Number of grids")))
        self.addOutput(QgsProcessingOutputNumber(self.PROBLEM_COUNT, tr("Number of problems")))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        return self.band_is_valid(parameters, context)

    # ------------------------------------------------------------------ run
    def plan_function(self):
        """What plans (``None``: :func:`gridplanner.algorithms.plan_grids`); the rural tool
        plans whole villages instead."""
        return None

    def extra_sources(self) -> tuple[str, ...]:
        """Further input layers the plan function takes (as keyword arguments named after the
        parameter in lower case)."""
        return ()

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        convert = self.start()
        from ...algorithms import PlanParameters
        from ...algorithms import plan_grids as run_plan

        sources = self.sources(parameters, context,
                               (self.BUILDINGS, self.COMMUNITIES, self.ROADS, self.WATER, self.COMPOUNDS)
                               + self.extra_sources(), required=(self.BUILDINGS,))
        buildings_source = sources[self.BUILDINGS]
        options = self.option_values(parameters, context, feedback, sources)
        fids: dict = {}
        try:
            # 1. read the layers
            feedback.setProgressText(tr("Reading layers…"))
            frames = self.read(convert, sources, feedback, _READ, ids=fids)

            # 2. plan
            compounds = frames.get(self.COMPOUNDS)
            if compounds is not None:
                # One name field for buildings and polygons in the core: give the polygons' its name.
                polygon_name = self.field(parameters, self.COMPOUNDS_NAME_FIELD, sources[self.COMPOUNDS], context,
                                          feedback, tr("compound name field"))
                wanted = options.get("compound_name_field") or polygon_name
                options["compound_name_field"] = wanted
                if polygon_name and wanted != polygon_name:
                    compounds = compounds.drop(columns=[wanted], errors="ignore").rename(columns={polygon_name: wanted})
            params = self.run_core(PlanParameters.from_options, **options)

            def progress(fraction, message=None):
                feedback.setProgress(_READ + _PLAN * min(max(float(fraction), 0.0), 1.0))
                if message:
                    feedback.setProgressText(str(message))

            result = self.run_core(
                self.plan_function() or run_plan, buildings=frames[self.BUILDINGS], roads=frames.get(self.ROADS),
                communities=frames.get(self.COMMUNITIES), water=self.layers_of(frames, self.WATER) or None,
                params=params,
                progress=progress, is_cancelled=feedback.isCanceled, compounds=compounds,
                **{key.lower(): frames.get(key) for key in self.extra_sources()})
            if feedback.isCanceled():
                raise Cancelled()
        except Cancelled:
            return self.cancelled_result(feedback)

        # 3. write (only now, so that a cancelled or failed run leaves no partial output)
        feedback.setProgressText(tr("Writing results…"))
        crs = convert.crs_to_qgis(result.crs)
        remaining = 100.0 - _READ - _PLAN

        grids = result.grids
        outputs = {self.GRIDS: self.write(convert, parameters, context, self.GRIDS, grids, MULTIPOLYGON, crs)}
        styling.attach(context, outputs[self.GRIDS], styling.style_grids)
        feedback.setProgress(_READ + _PLAN + remaining / 3)

        building_fields = QgsFields(buildings_source.fields())
        if compounds is not None:       # the compound each building got from the polygons
            for column in (params.compound_field or "compound_id", params.compound_name_field or "compound_name"):
                if column in result.buildings.columns and building_fields.lookupField(column) < 0:
                    building_fields.append(QgsField(column, QVariant.String))
        if building_fields.lookupField("grid_code") < 0:
            building_fields.append(QgsField("grid_code", QVariant.String))
        source_type = buildings_source.wkbType()
        fallback = (
            QgsWkbTypes.MultiPolygon
            if QgsWkbTypes.geometryType(source_type) == QgsWkbTypes.PolygonGeometry
            else QgsWkbTypes.flatType(QgsWkbTypes.singleType(source_type))
        )
        building_type = convert.sink_wkb_type(result.buildings, default=fallback)
        if building_type == QgsWkbTypes.Unknown:
            building_type = QgsWkbTypes.multiType(fallback)
        dest = self.write(convert, parameters, context, self.BUILDINGS_OUT, result.buildings, building_type, crs,
                          fields=building_fields)
        if dest is not None:
            outputs[self.BUILDINGS_OUT] = dest
        feedback.setProgress(_READ + _PLAN + 2 * remaining / 3)

        problem_rows = result.problems
        rows = problem_rows.copy()
        rows["input_fid"] = [
            _input_fid(fids, layer, fid) for layer, fid in zip(rows.get("layer", []), rows.get("feature_id", []))
        ] if len(rows) else []
        dest = self.write(convert, parameters, context, self.PROBLEMS, rows, POINT, crs,
                          fields=problem_fields(input_fid=True), geometry=self.problem_points(rows))
        if dest is not None:
            outputs[self.PROBLEMS] = dest
            styling.attach(context, dest, styling.style_problems)
        feedback.setProgress(100.0)

        outputs[self.GRID_COUNT] = len(grids)
        outputs[self.PROBLEM_COUNT] = len(problem_rows)
        feedback.pushInfo(
            tr("{grids} grids planned; {problems} problems reported.").format(
                grids=len(grids), problems=len(problem_rows)
            )
        )
        return outputs


# Layers whose problem rows name the input feature by its id (the engine gets frames
# indexed by QGIS feature id, like the CLI's fid_as_index). Communities are named by
# their code instead, grids by their grid code.
_LAYER_KEYS = {
    "buildings": PlanGridsAlgorithm.BUILDINGS,
    "roads": PlanGridsAlgorithm.ROADS,
    "water": f"{PlanGridsAlgorithm.WATER}:0",     # only when there is one water layer (see _input_fid)
}


def _input_fid(fids, layer, feature_id):
    """The QGIS feature id a problem row points at in its input layer (or None)."""
    key = _LAYER_KEYS.get(str(layer).lower()) if layer is not None else None
    if key is None or key not in fids or feature_id is None or f"{PlanGridsAlgorithm.WATER}:1" in fids and \
            key.startswith(PlanGridsAlgorithm.WATER):
        return None
    text = str(feature_id).strip()
    if not text.lstrip("-").isdigit():
        return None
    fid = int(text)
    return fid if fid in fids[key] else None
