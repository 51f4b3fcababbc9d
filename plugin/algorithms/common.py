"""What the Grid Planner Processing algorithms share: identity, dependency check, reading
sources into GeoDataFrames, writing GeoDataFrames into sinks, and turning the core's
errors into ``QgsProcessingException`` with the same message as the CLI.

QGIS glue only; the work is done in :mod:`gridplanner.algorithms`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qgis.core import (
    QgsFields,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QIcon

from .. import dependencies
from ..i18n import tr
from ..resources import plugin_icon

if TYPE_CHECKING:
    from ...algorithms import PlanParameters

# Same default as the CLI and the core (gridplanner.algorithms.DEFAULT_HARD_CLASSES; a test
# keeps them equal). Written out so that listing the algorithms imports no geopandas.
DEFAULT_HARD_CLASSES = (
    "motorway,motorway_link,trunk,trunk_link,primary,primary_link,secondary,secondary_link,railway,rail"
)


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
    def add_band(self, with_min=True):
        """Minimum / maximum / target households per grid (300 / 500 / 400)."""
        rows = [(PlanKeys.MIN_HOUSEHOLDS, tr("Minimum households per grid"), 300)] if with_min else []
        rows += [(PlanKeys.MAX_HOUSEHOLDS, tr("Maximum households per grid"), 500),
                 (PlanKeys.TARGET_HOUSEHOLDS, tr("Target households per grid"), 400)]
        for name, label, default in rows:
            self.addParameter(QgsProcessingParameterNumber(
                name, label, QgsProcessingParameterNumber.Integer, default, minValue=1, maxValue=100000))

    def add_field(self, name, label, parent, default=None, numeric=False, advanced=False):
        """An optional field of ``parent`` (flagged optional: qgis_process 3.22 ignores field defaults)."""
        definition = QgsProcessingParameterField(
            name, label, defaultValue=default, parentLayerParameterName=parent,
            type=QgsProcessingParameterField.Numeric if numeric else QgsProcessingParameterField.Any,
            optional=True)
        if advanced:
            definition.setFlags(definition.flags() | QgsProcessingParameterField.FlagAdvanced)
        self.addParameter(definition)

    def add_hard_classes(self):
        self.addParameter(QgsProcessingParameterString(
            PlanKeys.HARD_ROAD_CLASSES, tr("Road classes a grid never crosses (comma-separated)"),
            defaultValue=DEFAULT_HARD_CLASSES, optional=True))

    def add_weights(self) -> None:
        """The optional workload weights file (TOML or JSON)."""
        self.addParameter(QgsProcessingParameterFile(
            PlanKeys.WEIGHTS, tr("Workload weights file"), behavior=QgsProcessingParameterFile.File,
            fileFilter=tr("Workload weights (*.toml *.json)"), optional=True))

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

    def field_options(self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback,
                      sources: dict) -> dict[str, str | None]:
        """The field options of :meth:`PlanParameters.from_options` among this tool's parameters.

        ``sources`` maps parameter names to sources (see :meth:`sources`); a field of a
        source that is absent, or not found in it (with a warning), is ``None``.
        """
        rows = (
            (PlanKeys.HOUSEHOLDS_FIELD, "households_field", PlanKeys.BUILDINGS, tr("households field"), True),
            (PlanKeys.POPULATION_FIELD, "population_field", PlanKeys.BUILDINGS, tr("population field"), False),
            (PlanKeys.COMPOUND_FIELD, "compound_field", PlanKeys.BUILDINGS, tr("compound id field"), False),
            (PlanKeys.COMPOUND_NAME_FIELD, "compound_name_field", PlanKeys.BUILDINGS, tr("compound name field"),
             False),
            (PlanKeys.COMPOUNDS_ID_FIELD, "compound_id_field", PlanKeys.COMPOUNDS, tr("compound id field"), False),
            (PlanKeys.DEDICATED_FIELD, "dedicated_field", PlanKeys.BUILDINGS, tr("dedicated site field"), False),
            (PlanKeys.COMMUNITY_CODE_FIELD, "community_code_field", PlanKeys.COMMUNITIES,
             tr("community code field"), False),
            (PlanKeys.COMMUNITY_NAME_FIELD, "community_name_field", PlanKeys.COMMUNITIES,
             tr("community name field"), False),
            (PlanKeys.ROAD_CLASS_FIELD, "road_class_field", PlanKeys.ROADS, tr("road class field"), False),
        )
        return {option: self.field(parameters, key, sources.get(parent), context, feedback, label, required)
                for key, option, parent, label, required in rows if self.parameterDefinition(key) is not None}

    def plan_parameters(self, parameters: dict, context: QgsProcessingContext, fields: dict[str, str | None],
                        **options: Any) -> PlanParameters:
        """:meth:`PlanParameters.from_options` of ``fields`` (see :meth:`field_options`), the hard
        road classes, band and weights file among this tool's parameters, and ``options``.

        A value the core refuses (e.g. a weights file it cannot read) raises
        ``QgsProcessingException`` with the core's message.
        """
        from ...algorithms import PlanParameters

        values: dict[str, Any] = dict(fields)
        if self.parameterDefinition(PlanKeys.HARD_ROAD_CLASSES) is not None:
            values["hard_classes"] = self.parameterAsString(parameters, PlanKeys.HARD_ROAD_CLASSES, context)
        for key, option in ((PlanKeys.MIN_HOUSEHOLDS, "min_households"), (PlanKeys.MAX_HOUSEHOLDS, "max_households"),
                            (PlanKeys.TARGET_HOUSEHOLDS, "target_households")):
            if self.parameterDefinition(key) is not None:
                values[option] = self.parameterAsInt(parameters, key, context)
        if self.parameterDefinition(PlanKeys.WEIGHTS) is not None:
            values["weights"] = self.parameterAsFile(parameters, PlanKeys.WEIGHTS, context)
        values.update(options)
        return self.run_core(PlanParameters.from_options, **values)

    def sources(self, parameters, context, keys, required=()):
        """``{key: QgsProcessingFeatureSource or None}``; required ones must be there."""
        out = {}
        for key in keys:
            source = self.parameterAsSource(parameters, key, context)
            if source is None and key in required:
                raise QgsProcessingException(self.invalidSourceError(parameters, key))
            out[key] = source
        return out

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
        """One point per problem row (a point on its geometry), None where it has none."""
        name = getattr(frame, "_geometry_column_name", None)
        geoms = list(frame[name]) if name in frame else [None] * len(frame)
        return [g.representative_point() if g is not None and not g.is_empty else None for g in geoms]


class PlanKeys:
    """Parameter names shared with Plan grids (the same names in every tool)."""

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
