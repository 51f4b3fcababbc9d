"""What the Grid Planner Processing algorithms share: identity, dependency check, reading
sources into GeoDataFrames, writing GeoDataFrames into sinks, and turning the core's
errors into ``QgsProcessingException`` with the same message as the CLI.

QGIS glue only; the work is done in :mod:`gridplanner.algorithms`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qgis.core import (
    QgsFields,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingFeedback,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QIcon

from .. import dependencies
from ..i18n import tr
from ..resources import plugin_icon

if TYPE_CHECKING:
    from ...algorithms import PlanParameters

_SOURCE_TYPES = {"polygon": QgsProcessing.TypeVectorPolygon, "line": QgsProcessing.TypeVectorLine,
                 "point": QgsProcessing.TypeVectorPoint}
_GEOMETRIES = {"polygon": QgsWkbTypes.PolygonGeometry, "line": QgsWkbTypes.LineGeometry,
               "point": QgsWkbTypes.PointGeometry}


def _project_layers(layer) -> list[str]:
    """Ids of the current project's vector layers named exactly like the input ``layer``
    (``options.InputLayer.names``, in that order) and of a geometry it takes."""
    try:
        found = list(QgsProject.instance().mapLayers().values())
    except RuntimeError:
        return []
    geometries = {_GEOMETRIES[g] for g in layer.geometry}
    ids = []
    for name in layer.names:
        ids += [lyr.id() for lyr in found if isinstance(lyr, QgsVectorLayer) and lyr.name() == name
                and lyr.geometryType() in geometries]
    return ids if layer.multiple else ids[:1]


#: The tools of the table of options (algorithms/options.py), written out so that importing
#: this module imports no geopandas.
PLAN, EVALUATE, BLOCKS = "plan", "evaluate", "blocks"


class RequiredField(QgsProcessingParameterField):
    """A field the planner always needs (households): not "[optional]" in the dialog, and when
    left out (a script, ``qgis_process``) its default, as in the CLI. QGIS 3.22's own field
    parameter refuses a missing value even when it has a default."""

    def checkValueIsAcceptable(self, value, context=None):  # noqa: N802
        if value is None or value == "" or value == []:
            value = self.defaultValue()
        return super().checkValueIsAcceptable(value, context)


class Cancelled(Exception):
    """Raised inside an algorithm when the user pressed Cancel; nothing has been written."""


class GridPlannerAlgorithm(QgsProcessingAlgorithm):
    """Base class of the Grid Planner tools (not registered itself)."""

    #: Extra requirements on top of :data:`dependencies.REQUIRED`.
    EXTRA_REQUIREMENTS: tuple = ()

    def group(self):
        return ""

    def groupId(self):  # noqa: N802
        return ""

    def icon(self):
        return plugin_icon() or QIcon()

    def flags(self):
        return super().flags() | QgsProcessingAlgorithm.FlagCanCancel

    def _requirements(self):
        return tuple(dependencies.REQUIRED) + tuple(self.EXTRA_REQUIREMENTS)

    def canExecute(self):  # noqa: N802
        problems = dependencies.check(self._requirements())
        if problems:
            return False, dependencies.message(problems)
        return True, ""

    def shortHelpString(self):  # noqa: N802
        return "".join(f"<p>{p}</p>" for p in self.help_paragraphs())

    def help_paragraphs(self) -> list[str]:
        """The paragraphs of the help (translated); subclasses override."""
        return []

    # ------------------------------------------------------------ parameters
    def add_inputs(self, tool: str, skip: tuple[str, ...] = ()) -> None:
        """The input layers of ``tool`` from the one table (``algorithms/options.py`` ``INPUTS``).

        Water takes several layers. In a dialog, a project layer named like the input
        (``buildings``, ``roads``, ``water`` and ``waterway`` …) is pre-selected (a GUI default
        only: scripts and ``qgis_process`` get what they pass).
        """
        from ...algorithms.options import inputs_for

        for layer in inputs_for(tool):
            if layer.processing in skip:
                continue
            types = [_SOURCE_TYPES[g] for g in layer.geometry]
            if layer.multiple:
                definition = QgsProcessingParameterMultipleLayers(
                    layer.processing, tr(layer.label), QgsProcessing.TypeVectorAnyGeometry,
                    optional=not layer.required)
            else:
                definition = QgsProcessingParameterFeatureSource(
                    layer.processing, tr(layer.label), types, optional=not layer.required)
            definition.setHelp(tr(layer.help))
            chosen = _project_layers(layer)
            if chosen:
                definition.setGuiDefaultValueOverride(chosen if layer.multiple else chosen[0])
            self.addParameter(definition)

    def add_options(self, tool: str, skip: tuple[str, ...] = (), only: tuple[str, ...] = ()) -> None:
        """The planning options of ``tool`` from the one table (``algorithms/options.py``
        ``OPTIONS``): names, labels, help (the tooltip), defaults, ranges, advanced flags.

        A field option whose layer is not an input of this algorithm is left out.
        """
        from ...algorithms import options as opt

        for o in opt.options_for(tool):
            if not o.processing or o.processing in skip or (only and o.name not in only):
                continue
            if o.kind == opt.FIELD:
                parent = next(i.processing for i in opt.INPUTS if i.name == o.layer)
                if self.parameterDefinition(parent) is None:
                    continue
                definition = (RequiredField if o.required else QgsProcessingParameterField)(
                    o.processing, tr(o.label), defaultValue=o.default, parentLayerParameterName=parent,
                    type=QgsProcessingParameterField.Numeric if o.numeric else QgsProcessingParameterField.Any,
                    optional=not o.required)
            elif o.kind in (opt.INT, opt.FLOAT):
                kind = (QgsProcessingParameterNumber.Integer if o.kind == opt.INT
                        else QgsProcessingParameterNumber.Double)
                bounds = {k: v for k, v in (("minValue", o.minimum), ("maxValue", o.maximum)) if v is not None}
                definition = QgsProcessingParameterNumber(o.processing, tr(o.label), kind, o.default,
                                                          optional=o.default is None, **bounds)
            elif o.kind == opt.CHOICE:
                definition = QgsProcessingParameterEnum(
                    o.processing, tr(o.label), [tr(label) for _, label in o.choices],
                    defaultValue=o.choice_index(o.default))
            elif o.kind == opt.FILE:
                definition = QgsProcessingParameterFile(
                    o.processing, tr(o.label), behavior=QgsProcessingParameterFile.File,
                    fileFilter=tr("Workload weights (*.toml *.json)"), optional=True)
            else:       # CLASSES, TEXT, COUNTS
                definition = QgsProcessingParameterString(
                    o.processing, tr(o.label), defaultValue=o.default, optional=True)
            definition.setHelp(tr(o.help))
            if o.advanced:
                definition.setFlags(definition.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(definition)

    def add_field(self, name, label, parent, default=None, numeric=False, advanced=False):
        """An optional field of ``parent`` that is not a planning option (e.g. a grid id field)."""
        definition = QgsProcessingParameterField(
            name, label, defaultValue=default, parentLayerParameterName=parent,
            type=QgsProcessingParameterField.Numeric if numeric else QgsProcessingParameterField.Any,
            optional=True)
        if advanced:
            definition.setFlags(definition.flags() | QgsProcessingParameterField.FlagAdvanced)
        self.addParameter(definition)

    def band_is_valid(self, parameters, context):
        """(ok, message) for minimum ≤ target ≤ maximum."""
        low = self.parameterAsInt(parameters, PlanKeys.MIN_HOUSEHOLDS, context) \
            if self.parameterDefinition(PlanKeys.MIN_HOUSEHOLDS) else 1
        high = self.parameterAsInt(parameters, PlanKeys.MAX_HOUSEHOLDS, context)
        target = self.parameterAsInt(parameters, PlanKeys.TARGET_HOUSEHOLDS, context)
        if not low <= target <= high:
            return False, tr(
                "The households per grid must satisfy minimum ≤ target ≤ maximum "
                "(got {low}, {target}, {high})."
            ).format(low=low, target=target, high=high)
        return True, ""

    # --------------------------------------------------------------- helpers
    def start(self):
        """Check the dependencies and isolate native libraries; returns the convert module."""
        problems = dependencies.check(self._requirements())
        if problems:
            raise QgsProcessingException(dependencies.message(problems))
        from .. import native

        native.isolate()
        from .. import convert

        return convert

    def field(self, parameters, name, source, context, feedback, label, required=False):
        """The chosen field name of ``source``, or None when unused (optional and absent)."""
        if source is None:
            return None
        chosen = self.parameterAsFields(parameters, name, context)
        field = chosen[0] if chosen else None
        if not field and required:
            field = self.parameterDefinition(name).defaultValue()
        if not field:
            if required:
                raise QgsProcessingException(tr("Choose the {label}.").format(label=label))
            return None
        if source.fields().lookupField(field) < 0:
            if required:
                raise QgsProcessingException(
                    tr("The layer has no field “{field}” ({label}); choose the field that holds it.").format(
                        field=field, label=label))
            feedback.pushWarning(
                tr("Field “{field}” ({label}) not found; it is not used.").format(field=field, label=label))
            return None
        return field

    def option_values(self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback,
                      sources: dict) -> dict[str, Any]:
        """The values of this algorithm's planning options (those of the table it has as
        parameters), named as :meth:`PlanParameters.from_options` takes them.

        ``sources`` maps parameter names to sources (see :meth:`sources`); a field of a
        source that is absent, or not found in it (with a warning), is ``None``.
        """
        from ...algorithms import options as opt

        layers = {i.name: i.processing for i in opt.INPUTS}
        values: dict[str, Any] = {}
        for o in opt.OPTIONS:
            if not o.processing or self.parameterDefinition(o.processing) is None:
                continue
            key = o.processing
            if o.kind == opt.FIELD:
                values[o.name] = self.field(parameters, key, sources.get(layers[o.layer]), context, feedback,
                                            tr(o.label), o.required)
            elif o.kind in (opt.INT, opt.FLOAT) and o.default is None and parameters.get(key) in (None, ""):
                values[o.name] = None        # unset: the planner's own default (e.g. a third of the minimum)
            elif o.kind == opt.INT:
                values[o.name] = self.parameterAsInt(parameters, key, context)
            elif o.kind == opt.FLOAT:
                values[o.name] = self.parameterAsDouble(parameters, key, context)
            elif o.kind == opt.CHOICE:
                values[o.name] = o.choices[self.parameterAsEnum(parameters, key, context)][0]
            elif o.kind == opt.FILE:
                values[o.name] = self.parameterAsFile(parameters, key, context)
            else:
                values[o.name] = self.parameterAsString(parameters, key, context)
        return values

    def plan_parameters(self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback,
                        sources: dict, **options: Any) -> PlanParameters:
        """:meth:`PlanParameters.from_options` of this algorithm's options (see
        :meth:`option_values`) and ``options``.

        A value the core refuses (e.g. a weights file it cannot read) raises
        ``QgsProcessingException`` with the core's message.
        """
        from ...algorithms import PlanParameters

        values = self.option_values(parameters, context, feedback, sources)
        values.update(options)
        return self.run_core(PlanParameters.from_options, **values)

    def sources(self, parameters, context, keys, required=()):
        """``{key: QgsProcessingFeatureSource or None}``; required ones must be there."""
        out = {}
        for key in keys:
            definition = self.parameterDefinition(key)
            if isinstance(definition, QgsProcessingParameterMultipleLayers):
                layers = [lyr for lyr in self.parameterAsLayerList(parameters, key, context)
                          if isinstance(lyr, QgsVectorLayer)]
                out.update({f"{key}:{n}": QgsProcessingFeatureSource(lyr, context) for n, lyr in enumerate(layers)})
                continue
            source = self.parameterAsSource(parameters, key, context)
            if source is None and key in required:
                raise QgsProcessingException(self.invalidSourceError(parameters, key))
            out[key] = source
        return out

    @staticmethod
    def layers_of(frames: dict, key: str) -> list:
        """The frames read from the several layers of the parameter ``key`` (e.g. water)."""
        return [frame for name, frame in frames.items() if name.startswith(f"{key}:")]

    def read(self, convert, sources: dict, feedback: QgsProcessingFeedback, share: float = 10.0,
             ids: dict | None = None) -> dict:
        """Read the present sources into GeoDataFrames (progress 0..share %).

        When ``ids`` is a dict, it receives the set of feature ids read from each source.
        """
        frames = {}
        present = [k for k, s in sources.items() if s is not None]
        for n, key in enumerate(present):
            start = share * n / len(present)
            frames[key], fids = convert.source_to_gdf(
                sources[key], is_cancelled=feedback.isCanceled,
                progress=lambda f, s=start: feedback.setProgress(s + f * share / len(present)))
            if ids is not None:
                ids[key] = set(fids)
            if feedback.isCanceled():
                raise Cancelled()
        return frames

    def run_core(self, function, *args, **kwargs):
        """Call the core; its errors become QgsProcessingException, cancelling ``Cancelled``."""
        from ...algorithms import GridPlannerError, PlanCancelled

        try:
            return function(*args, **kwargs)
        except PlanCancelled as err:
            raise Cancelled() from err
        except GridPlannerError as err:
            raise QgsProcessingException(str(err)) from err

    def write(self, convert, parameters, context, name, frame, wkb_type, crs, fields=None, geometry=None):
        """Create the sink ``name`` and write ``frame`` into it; returns its destination id (or None)."""
        fields = fields if fields is not None else convert.fields_from_gdf(frame)
        sink, dest = self.parameterAsSink(parameters, name, context, fields, wkb_type, crs)
        if sink is None:
            if self.parameterDefinition(name).flags() & self.parameterDefinition(name).FlagOptional:
                return None
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        try:
            convert.write_gdf(frame, sink, fields, wkb_type, geometry=geometry)
        except RuntimeError as err:
            raise QgsProcessingException(f"{self.writeFeatureError(sink, parameters, name)} {err}".strip()) from err
        return dest

    @staticmethod
    def cancelled_result(feedback):
        feedback.pushInfo(tr("Cancelled: nothing was written."))
        return {}

    @staticmethod
    def problem_points(frame):
        """One point per problem row (a point on its geometry), None where it has none: the points a
        plan file stores (:func:`~gridplanner.algorithms.results.problem_points`)."""
        from ...algorithms.results import problem_points

        name = getattr(frame, "_geometry_column_name", None)
        if name not in frame:
            return [None] * len(frame)
        return [None if g is None else g for g in problem_points(frame).geometry]


class PlanKeys:
    """Parameter names shared with Plan grids (the same names in every tool; they are the
    ``processing`` names of ``algorithms/options.py``, a test keeps them equal)."""

    BUILDINGS = "BUILDINGS"
    COMMUNITIES = "COMMUNITIES"
    ROADS = "ROADS"
    WATER = "WATER"
    HOUSEHOLDS_FIELD = "HOUSEHOLDS_FIELD"
    POPULATION_FIELD = "POPULATION_FIELD"
    COMPOUND_FIELD = "COMPOUND_FIELD"
    COMPOUND_NAME_FIELD = "COMPOUND_NAME_FIELD"
    COMPOUNDS = "COMPOUNDS"
    COMPOUNDS_ID_FIELD = "COMPOUNDS_ID_FIELD"
    COMPOUNDS_NAME_FIELD = "COMPOUNDS_NAME_FIELD"
    DEDICATED_FIELD = "DEDICATED_FIELD"
    COMMUNITY_CODE_FIELD = "COMMUNITY_CODE_FIELD"
    COMMUNITY_NAME_FIELD = "COMMUNITY_NAME_FIELD"
    ROAD_CLASS_FIELD = "ROAD_CLASS_FIELD"
    HARD_ROAD_CLASSES = "HARD_ROAD_CLASSES"
    MIN_HOUSEHOLDS = "MIN_HOUSEHOLDS"
    MAX_HOUSEHOLDS = "MAX_HOUSEHOLDS"
    TARGET_HOUSEHOLDS = "TARGET_HOUSEHOLDS"
    WEIGHTS = "WEIGHTS"
    BUILDING_ID_FIELD = "BUILDING_ID_FIELD"
    LOCKED_FIELD = "LOCKED_FIELD"
    START_FIELD = "START_FIELD"
    GRID_COUNTS = "GRID_COUNTS"
    POCKET_POLICY = "POCKET_POLICY"
    SEQUENCE_WIDTH = "SEQUENCE_WIDTH"
    PEOPLE_PER_HOUSEHOLD = "PEOPLE_PER_HOUSEHOLD"
    SEED = "SEED"


PROBLEM_FIELDS = (("layer", "String"), ("feature_id", "String"), ("kind", "String"), ("severity", "String"),
                  ("message", "String"))


def problem_fields(input_fid: bool = False) -> QgsFields:
    """QgsFields of a problems layer (layer, feature_id, kind, severity, message).

    With ``input_fid``, an ``input_fid`` (the QGIS feature id of the problem's input
    feature) follows ``feature_id``.
    """
    from qgis.core import QgsField
    from qgis.PyQt.QtCore import QVariant

    fields = QgsFields()
    for name, _ in PROBLEM_FIELDS:
        fields.append(QgsField(name, QVariant.String))
        if name == "feature_id" and input_fid:
            fields.append(QgsField("input_fid", QVariant.LongLong))
    return fields


POINT = QgsWkbTypes.Point
MULTIPOLYGON = QgsWkbTypes.MultiPolygon
MULTILINE = QgsWkbTypes.MultiLineString
