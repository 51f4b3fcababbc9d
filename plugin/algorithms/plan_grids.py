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
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from .. import dependencies, styling
from ..i18n import tr

from .common import DEFAULT_HARD_CLASSES, GridPlannerAlgorithm, PlanKeys

# Share of the progress bar per stage: reading, planning, writing.
_READ, _PLAN = 10.0, 85.0


class PlanGridsAlgorithm(GridPlannerAlgorithm, PlanKeys):
    """Divide communities into management grids of balanced size and workload."""

    SEED = "SEED"
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
                "<b>Roads</b> with an OpenStreetMap highway class, and <b>water</b>, give the grid "
                "boundaries; roads of the hard classes are never crossed by a grid."
            ),
            tr(
                "<b>Dedicated sites</b> (advanced parameters): buildings that share a value in the "
                "dedicated site field (a school, a hospital, a market) form a grid of their own (专属网格)."
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
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.BUILDINGS,
                tr("Buildings"),
                [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint],
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.COMMUNITIES, tr("Communities"), [QgsProcessing.TypeVectorPolygon], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.ROADS, tr("Roads"), [QgsProcessing.TypeVectorLine], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.WATER,
                tr("Water (rivers, lakes; areas or centre lines)"),
                [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorLine],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.HOUSEHOLDS_FIELD,
                tr("Households field"),
                defaultValue="households",
                parentLayerParameterName=self.BUILDINGS,
                type=QgsProcessingParameterField.Numeric,
                # Required in fact (see _field); flagged optional because qgis_process in
                # QGIS 3.22 ignores a field parameter's default and would demand it.
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.POPULATION_FIELD,
                tr("Population field"),
                defaultValue="population",
                parentLayerParameterName=self.BUILDINGS,
                type=QgsProcessingParameterField.Numeric,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.COMPOUND_FIELD,
                tr("Compound (小区) id field"),
                defaultValue="compound_id",
                parentLayerParameterName=self.BUILDINGS,
                optional=True,
            )
        )
        compound_name = QgsProcessingParameterField(
            self.COMPOUND_NAME_FIELD,
            tr("Compound (小区) name field"),
            defaultValue="compound_name",
            parentLayerParameterName=self.BUILDINGS,
            optional=True,
        )
        dedicated = QgsProcessingParameterField(
            self.DEDICATED_FIELD,
            tr("Dedicated site field (buildings with the same value form a dedicated grid, 专属网格)"),
            parentLayerParameterName=self.BUILDINGS,
            optional=True,
        )
        for definition in (compound_name, dedicated):
            definition.setFlags(definition.flags() | QgsProcessingParameterField.FlagAdvanced)
            self.addParameter(definition)
        self.addParameter(
            QgsProcessingParameterField(
                self.COMMUNITY_CODE_FIELD,
                tr("Community code field"),
                defaultValue="code",
                parentLayerParameterName=self.COMMUNITIES,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.COMMUNITY_NAME_FIELD,
                tr("Community name field"),
                defaultValue="name",
                parentLayerParameterName=self.COMMUNITIES,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.ROAD_CLASS_FIELD,
                tr("Road class field"),
                defaultValue="highway",
                parentLayerParameterName=self.ROADS,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.HARD_ROAD_CLASSES,
                tr("Road classes a grid never crosses (comma-separated)"),
                defaultValue=DEFAULT_HARD_CLASSES,
                optional=True,
            )
        )
        for name, label, default in (
            (self.MIN_HOUSEHOLDS, tr("Minimum households per grid"), 300),
            (self.MAX_HOUSEHOLDS, tr("Maximum households per grid"), 500),
            (self.TARGET_HOUSEHOLDS, tr("Target households per grid"), 400),
        ):
            self.addParameter(
                QgsProcessingParameterNumber(
                    name, label, QgsProcessingParameterNumber.Integer, default, minValue=1, maxValue=100000
                )
            )
        weights = QgsProcessingParameterFile(
            self.WEIGHTS,
            tr("Workload weights file"),
            behavior=QgsProcessingParameterFile.File,
            fileFilter=tr("Workload weights (*.toml *.json)"),
            optional=True,
        )
        self.addParameter(weights)
        seed = QgsProcessingParameterNumber(
            self.SEED, tr("Random seed"), QgsProcessingParameterNumber.Integer, 0, minValue=0
        )
        seed.setFlags(seed.flags() | QgsProcessingParameterNumber.FlagAdvanced)
        self.addParameter(seed)

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
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        problems = dependencies.check()
        if problems:
            raise QgsProcessingException(dependencies.message(problems))

        from .. import native

        native.isolate()  # no-op when the plugin already did it at start-up
        from ...algorithms import GridPlannerError, PlanCancelled, PlanParameters, WorkloadWeights
        from ...algorithms import plan_grids as run_plan
        from .. import convert

        sources = {}
        for key in (self.BUILDINGS, self.COMMUNITIES, self.ROADS, self.WATER):
            source = self.parameterAsSource(parameters, key, context)
            if source is None and key == self.BUILDINGS:
                raise QgsProcessingException(self.invalidSourceError(parameters, key))
            sources[key] = source
        buildings_source = sources[self.BUILDINGS]

        fields = {
            "households_field": self.field(
                parameters, self.HOUSEHOLDS_FIELD, buildings_source, context, feedback, tr("households field"), True
            ),
            "population_field": self.field(
                parameters, self.POPULATION_FIELD, buildings_source, context, feedback, tr("population field")
            ),
            "compound_field": self.field(
                parameters, self.COMPOUND_FIELD, buildings_source, context, feedback, tr("compound id field")
            ),
            "compound_name_field": self.field(
                parameters, self.COMPOUND_NAME_FIELD, buildings_source, context, feedback, tr("compound name field")
            ),
            "dedicated_field": self.field(
                parameters, self.DEDICATED_FIELD, buildings_source, context, feedback, tr("dedicated site field")
            ),
            "community_code_field": self.field(
                parameters, self.COMMUNITY_CODE_FIELD, sources[self.COMMUNITIES], context, feedback,
                tr("community code field"),
            ),
            "community_name_field": self.field(
                parameters, self.COMMUNITY_NAME_FIELD, sources[self.COMMUNITIES], context, feedback,
                tr("community name field"),
            ),
            "road_class_field": self.field(
                parameters, self.ROAD_CLASS_FIELD, sources[self.ROADS], context, feedback, tr("road class field")
            ),
        }
        weights_path = self.parameterAsFile(parameters, self.WEIGHTS, context)

        # 1. read the layers
        feedback.setProgressText(tr("Reading layers…"))
        frames, fids = {}, {}
        present = [k for k, s in sources.items() if s is not None]
        for n, key in enumerate(present):
            start = _READ * n / len(present)
            frames[key], ids = convert.source_to_gdf(
                sources[key],
                is_cancelled=feedback.isCanceled,
                progress=lambda f, s=start: feedback.setProgress(s + f * _READ / len(present)),
            )
            fids[key] = set(ids)
            if feedback.isCanceled():
                return {}

        # 2. plan
        try:
            params = PlanParameters(
                **fields,
                hard_classes=self.hard_classes(self.parameterAsString(parameters, self.HARD_ROAD_CLASSES, context)),
                min_households=self.parameterAsInt(parameters, self.MIN_HOUSEHOLDS, context),
                max_households=self.parameterAsInt(parameters, self.MAX_HOUSEHOLDS, context),
                target_households=self.parameterAsInt(parameters, self.TARGET_HOUSEHOLDS, context),
                weights=WorkloadWeights.load(weights_path) if weights_path else WorkloadWeights(),
                seed=self.parameterAsInt(parameters, self.SEED, context),
            )

            def progress(fraction, message=None):
                feedback.setProgress(_READ + _PLAN * min(max(float(fraction), 0.0), 1.0))
                if message:
                    feedback.setProgressText(str(message))

            result = run_plan(
                buildings=frames[self.BUILDINGS],
                roads=frames.get(self.ROADS),
                communities=frames.get(self.COMMUNITIES),
                water=frames.get(self.WATER),
                params=params,
                progress=progress,
                is_cancelled=feedback.isCanceled,
            )
        except PlanCancelled:
            feedback.pushInfo(tr("Cancelled: nothing was written."))
            return {}
        except GridPlannerError as err:
            raise QgsProcessingException(str(err)) from err
        if feedback.isCanceled():
            feedback.pushInfo(tr("Cancelled: nothing was written."))
            return {}

        # 3. write (only now, so that a cancelled or failed run leaves no partial output)
        feedback.setProgressText(tr("Writing results…"))
        crs = convert.crs_to_qgis(result.crs)
        outputs = {}
        remaining = 100.0 - _READ - _PLAN

        grids = result.grids
        grid_fields = convert.fields_from_gdf(grids)
        sink, dest = self.parameterAsSink(
            parameters, self.GRIDS, context, grid_fields, QgsWkbTypes.MultiPolygon, crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.GRIDS))
        self._write(convert, grids, sink, grid_fields, QgsWkbTypes.MultiPolygon, self.GRIDS, parameters)
        outputs[self.GRIDS] = dest
        styling.attach(context, dest, styling.style_grids)
        feedback.setProgress(_READ + _PLAN + remaining / 3)

        building_fields = QgsFields(buildings_source.fields())
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
        sink, dest = self.parameterAsSink(
            parameters, self.BUILDINGS_OUT, context, building_fields, building_type, crs
        )
        if sink is not None:
            self._write(convert, result.buildings, sink, building_fields, building_type, self.BUILDINGS_OUT, parameters)
            outputs[self.BUILDINGS_OUT] = dest
        feedback.setProgress(_READ + _PLAN + 2 * remaining / 3)

        problem_rows = result.problems
        problem_fields = QgsFields()
        for name, kind in (
            ("layer", QVariant.String),
            ("feature_id", QVariant.String),  # a row number, or e.g. a compound id
            ("input_fid", QVariant.LongLong),
            ("kind", QVariant.String),
            ("severity", QVariant.String),
            ("message", QVariant.String),
        ):
            problem_fields.append(QgsField(name, kind))
        sink, dest = self.parameterAsSink(
            parameters, self.PROBLEMS, context, problem_fields, QgsWkbTypes.Point, crs
        )
        if sink is not None:
            rows = problem_rows.copy()
            rows["input_fid"] = [
                _input_fid(fids, layer, fid) for layer, fid in zip(rows.get("layer", []), rows.get("feature_id", []))
            ] if len(rows) else []
            points = [g.representative_point() if _has_shape(g) else None for g in _geometries(rows)]
            self._write(convert, rows, sink, problem_fields, QgsWkbTypes.Point, self.PROBLEMS, parameters, points)
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

    def _write(self, convert, frame, sink, fields, wkb_type, name, parameters, geometry=None):
        try:
            convert.write_gdf(frame, sink, fields, wkb_type, geometry=geometry)
        except RuntimeError as err:
            raise QgsProcessingException(
                f"{self.writeFeatureError(sink, parameters, name)} {err}".strip()
            ) from err


# Layers whose problem rows name the input feature by its id (the engine gets frames
# indexed by QGIS feature id, like the CLI's fid_as_index). Communities are named by
# their code instead, grids by their grid code.
_LAYER_KEYS = {
    "buildings": PlanGridsAlgorithm.BUILDINGS,
    "roads": PlanGridsAlgorithm.ROADS,
    "water": PlanGridsAlgorithm.WATER,
}


def _input_fid(fids, layer, feature_id):
    """The QGIS feature id a problem row points at in its input layer (or None)."""
    key = _LAYER_KEYS.get(str(layer).lower()) if layer is not None else None
    if key is None or key not in fids or feature_id is None:
        return None
    text = str(feature_id).strip()
    if not text.lstrip("-").isdigit():
        return None
    fid = int(text)
    return fid if fid in fids[key] else None


def _has_shape(geom) -> bool:
    return geom is not None and hasattr(geom, "is_empty") and not geom.is_empty


def _geometries(frame):
    """The geometry column of a (Geo)DataFrame, or Nones when it has none."""
    name = getattr(frame, "_geometry_column_name", None)
    if name is not None and name in frame:
        return list(frame[name])
    if "geometry" in frame:
        return list(frame["geometry"])
    return [None] * len(frame)
