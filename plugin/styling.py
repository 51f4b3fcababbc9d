"""Styles of the layers Grid Planner adds to a project: the Processing tools' outputs and
the plan the dock edits.

Grids: one colour per grid (categorized by its code), labelled with the code and
households. Two looks (:func:`style_grids`): a Processing output shows its whole code and
hatches in red a grid whose status is not ``ok`` (nor ``dedicated``/``locked``); the plan
under edit in the dock has softer colours, white outlines and the sequence part of the
code, its statuses being in the dock's table and chart (:data:`STATUS_COLOURS`).
Problems: red markers (outputs) or red outlines and rings (the dock). Buildings: dark
grey. Blocks and cells: light outlines.

Styles of Processing outputs are applied by :class:`StylePostProcessor` objects attached
to the outputs with ``QgsProcessingContext.layerToLoadOnCompletionDetails(...).setPostProcessor``;
QGIS only keeps a raw pointer to them, so :func:`attach` keeps each one alive in :data:`_KEEP`.
"""

from __future__ import annotations

import colorsys
from collections.abc import Callable

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsLinePatternFillSymbolLayer,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProcessingLayerPostProcessorInterface,
    QgsProperty,
    QgsRendererCategory,
    QgsSimpleLineSymbolLayer,
    QgsSingleSymbolRenderer,
    QgsSymbolLayer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QColor, QFont

from .i18n import tr

#: Statuses that need no attention.
FINE_STATUSES = ("ok", "dedicated", "locked")

#: Statuses that break a hard rule or the band (editing.BROKEN_STATUSES): highlighted on the dock's map.
BROKEN_STATUSES = ("noncontiguous", "crosses_barrier", "under_min", "over_max")

#: The expression that is true for a grid the planner must look at (follows every edit live).
NEEDS_LOOK = '"status" IN ({})'.format(", ".join(f"'{s}'" for s in BROKEN_STATUSES))

#: Colours of the grid statuses in the dock's table and chart.
STATUS_COLOURS = {
    "ok": "#2e7d32",
    "under_min": "#ef6c00",
    "over_max": "#c62828",
    "crosses_barrier": "#6a1b9a",
    "noncontiguous": "#ad1457",
    "dedicated": "#1565c0",
    "locked": "#455a64",
    "empty": "#9e9e9e",
}

_KEEP: list = []

_GOLDEN = 0.618033988749895


def grid_colour(index: int, editing: bool = False) -> QColor:
    """The colour of the ``index``-th grid (golden-ratio hues: neighbours in code order differ).

    Pastel and translucent for an output; for the plan under edit, soft opaque colours whose
    saturation and value also alternate.
    """
    hue = (index * _GOLDEN) % 1.0
    if editing:
        r, g, b = colorsys.hsv_to_rgb(hue, 0.32 + 0.14 * (index % 2), 0.96 - 0.07 * (index % 3))
        return QColor(int(r * 255), int(g * 255), int(b * 255))
    r, g, b = colorsys.hsv_to_rgb(hue, 0.45, 0.95)
    return QColor(int(r * 255), int(g * 255), int(b * 255), 160)


def problem_fill_symbol(colour: QColor) -> QgsFillSymbol:
    """The fill of a grid that needs a look: its colour, red hatching, a thick red outline."""
    symbol = QgsFillSymbol.createSimple({"color": colour.name(QColor.HexArgb), "outline_color": "#d50000",
                                         "outline_width": "0.9", "outline_style": "solid"})
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45)
    hatch.setDistance(2.0)
    hatch.setSubSymbol(QgsLineSymbol.createSimple({"color": "#d50000", "width": "0.3"}))
    symbol.appendSymbolLayer(hatch)
    return symbol


def _grid_symbol(index: int, needs_look: bool, editing: bool) -> QgsFillSymbol:
    colour = grid_colour(index, editing)
    if editing:
        # Translucent fill, white outline; a grid breaking a rule (by its live status) also gets
        # the red hatching and a thick red outline of the Processing style.
        colour.setAlpha(190)
        symbol = QgsFillSymbol.createSimple({"color": colour.name(QColor.HexArgb), "outline_color": "#ffffff",
                                             "outline_width": "0.5"})
        hatch = QgsLinePatternFillSymbolLayer()
        hatch.setLineAngle(45)
        hatch.setDistance(2.0)
        hatch.setSubSymbol(QgsLineSymbol.createSimple({"color": "#d50000", "width": "0.35"}))
        outline = QgsSimpleLineSymbolLayer(QColor("#d50000"), 1.0)
        for layer in (hatch, outline):
            layer.setDataDefinedProperty(QgsSymbolLayer.PropertyLayerEnabled, QgsProperty.fromExpression(NEEDS_LOOK))
            symbol.appendSymbolLayer(layer)
        return symbol
    if needs_look:
        return problem_fill_symbol(colour)
    return QgsFillSymbol.createSimple({"color": colour.name(QColor.HexArgb), "outline_color": "#333333",
                                       "outline_width": "0.3"})


def _grid_codes(layer: QgsVectorLayer, code_field: str, status_field: str, editing: bool) -> dict:
    """``{code: needs a look}`` of the layer's grids (the dock's look never highlights)."""
    fields = layer.fields()
    if editing:
        index = fields.lookupField(code_field)
        return {c: False for c in {str(v) for v in layer.uniqueValues(index) if v is not None and str(v) != "NULL"}}
    has_status = fields.lookupField(status_field) >= 0
    seen: dict = {}
    for feature in layer.getFeatures():
        code = feature[code_field]
        status = feature[status_field] if has_status else "ok"
        if code in seen:
            seen[code] = seen[code] or status not in FINE_STATUSES
            continue
        seen[code] = has_status and status not in FINE_STATUSES
    return seen


def _map_expression(mapping: dict | None) -> str:
    """A QGIS ``map()`` of text keys to text values (``NULL`` when empty)."""
    if not mapping:
        return "NULL"
    quote = lambda text: str(text).replace("'", "''")  # noqa: E731
    return "map(" + ", ".join(f"'{quote(k)}', '{quote(v)}'" for k, v in sorted(mapping.items())) + ")"


def editing_label_expression(sequence_width: int | None, short_names: dict | None = None,
                             site_names: dict | None = None, target: int | None = None,
                             code_field: str = "grid_code", households_field: str = "households") -> str:
    """The label of a grid of the plan under edit: the community's short name and the sequence
    ("西溪 004"), the households and their deviation from the target ("412 户 (+12)"); a
    dedicated grid by its site's name. Unique across the plan, and live: it reads the fields
    the dock rewrites after every edit."""
    seq = f'right("{code_field}", {int(sequence_width)})' if sequence_width else f'"{code_field}"'
    unit = tr("hh").replace("'", "''")
    households = f"\"{households_field}\" || ' {unit}'"
    name = f'map_get({_map_expression(short_names)}, "community_code")'
    basic = f"coalesce({name} || ' ', '') || {seq} || '\\n' || {households}"
    if target is not None:
        deviation = f'("{households_field}" - {int(target)})'
        basic += f" || ' (' || CASE WHEN {deviation} > 0 THEN '+' ELSE '' END || to_string({deviation}) || ')'"
    site = f'map_get({_map_expression(site_names)}, "{code_field}")'
    # a dedicated site's grid is named by its site; its households only when it has some
    dedicated = (f"coalesce({site}, {seq}) || CASE WHEN \"{households_field}\" > 0 THEN '\\n' || {households} "
                 f"ELSE '' END")
    return f"CASE WHEN \"grid_kind\" = 'dedicated' THEN {dedicated} ELSE {basic} END"


def style_grids(layer: QgsVectorLayer, code_field: str = "grid_code", households_field: str = "households",
                status_field: str = "status", editing: bool = False, sequence_width: int | None = None,
                short_names: dict | None = None, site_names: dict | None = None, target: int | None = None) -> None:
    """Categorize ``layer`` by ``code_field`` and label each grid with its code and households.

    ``editing`` gives the look of the plan under edit in the dock (see the module): grids
    breaking a rule hatched and outlined in red by their live status, labels from
    :func:`editing_label_expression` (``short_names`` by community code, ``site_names`` of
    dedicated grids by grid code, the households ``target``) placed at the grid's pole of
    inaccessibility, so that a U-shaped grid's label lies inside it. Otherwise grids that need
    a look (by ``status_field``) are hatched in red and labelled with the whole code.
    """
    fields = layer.fields()
    if fields.lookupField(code_field) < 0:
        return
    seen = _grid_codes(layer, code_field, status_field, editing)
    categories = [QgsRendererCategory(code, _grid_symbol(index, seen[code], editing), str(code))
                  for index, code in enumerate(sorted(seen, key=lambda c: str(c)))]
    layer.setRenderer(QgsCategorizedSymbolRenderer(code_field, categories))

    settings = QgsPalLayerSettings()
    settings.isExpression = True
    code = f"right(\"{code_field}\", {int(sequence_width)})" if sequence_width else f"\"{code_field}\""
    if editing:
        settings.fieldName = editing_label_expression(sequence_width, short_names, site_names, target, code_field,
                                                      households_field)
        # The point farthest inside the grid: a label never lands in a neighbour (U-shaped grids).
        settings.geometryGeneratorEnabled = True
        settings.geometryGenerator = "pole_of_inaccessibility($geometry, 1)"
        settings.geometryGeneratorType = QgsWkbTypes.PointGeometry
    elif fields.lookupField(households_field) >= 0:
        settings.fieldName = f"{code} || '\\n' || \"{households_field}\""
    else:
        settings.fieldName = code
    settings.placement = QgsPalLayerSettings.OverPoint
    text = QgsTextFormat()
    if editing:
        font = QFont()
        font.setPointSize(8)
        text.setFont(font)
    text.setSize(8)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    if editing:
        buffer.setColor(QColor("white"))
    text.setBuffer(buffer)
    settings.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)
    layer.triggerRepaint()


def style_problems(layer: QgsVectorLayer, editing: bool = False) -> None:
    """Problems in red: filled circle markers for an output (points); for the plan under edit,
    dashed outlines (grids), dashed lines or rings (features) by the layer's geometry."""
    kind = layer.geometryType()
    if not editing:
        symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": "#d50000", "outline_color": "#ffffff",
                                               "size": "3.2"})
    elif kind == QgsWkbTypes.PolygonGeometry:
        symbol = QgsFillSymbol.createSimple({"style": "no", "outline_color": "#d32f2f", "outline_width": "0.7",
                                             "outline_style": "dash"})
    elif kind == QgsWkbTypes.LineGeometry:
        symbol = QgsLineSymbol.createSimple({"color": "#d32f2f", "width": "0.7", "line_style": "dash"})
    elif kind == QgsWkbTypes.PointGeometry:
        symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": "211,47,47,140", "outline_color": "#b71c1c",
                                               "outline_width": "0.6", "size": "3.4"})
        if layer.fields().lookupField("severity") >= 0:
            # information (a dedicated or locked grid, a repaired geometry) in grey, the rest in red
            info = QgsMarkerSymbol.createSimple({"name": "circle", "color": "158,158,158,110",
                                                 "outline_color": "#757575", "outline_width": "0.4", "size": "2.6"})
            layer.setRenderer(QgsCategorizedSymbolRenderer("severity", [
                QgsRendererCategory("info", info, tr("information")),
                QgsRendererCategory("", symbol, tr("problem"))]))
            layer.triggerRepaint()
            return
    else:
        return
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()


def style_buildings(layer: QgsVectorLayer) -> None:
    """Dark grey footprints drawn over the grids (the plan under edit)."""
    symbol = QgsFillSymbol.createSimple({"color": "#5f5f5f", "outline_color": "#3a3a3a", "outline_width": "0.1"})
    layer.renderer().setSymbol(symbol)
    layer.triggerRepaint()


def style_outlines(layer: QgsVectorLayer, colour: str = "#37474f", fill: str = "#00000000") -> None:
    """A transparent fill with a thin outline (blocks, cells)."""
    symbol = QgsFillSymbol.createSimple({"color": fill, "outline_color": colour, "outline_width": "0.4"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()


class StylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Applies ``style(layer)`` to an output once QGIS has loaded it."""

    def __init__(self, style: Callable[[QgsVectorLayer], None]):
        super().__init__()
        self._style = style

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if isinstance(layer, QgsVectorLayer) and layer.isValid():
            self._style(layer)


def attach(context, destination: str, style: Callable[[QgsVectorLayer], None]) -> bool:
    """Style the output ``destination`` when it is loaded at the end of the run.

    Returns False when the output is not going to be loaded (e.g. ``processing.run``).
    """
    if not destination or not context.willLoadLayerOnCompletion(destination):
        return False
    processor = StylePostProcessor(style)
    _KEEP.append(processor)
    del _KEEP[:-64]  # older runs are long finished
    context.layerToLoadOnCompletionDetails(destination).setPostProcessor(processor)
    return True


def style_barriers(layer: QgsVectorLayer) -> None:
    """Hard barriers (major roads, railways, rivers) as the engine sees them: dark lines over the grids."""
    symbol = QgsLineSymbol.createSimple({"color": "#263238", "width": "0.8"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()


def style_community_outlines(layer: QgsVectorLayer) -> None:
    """Community lines: a thick dark-blue outline, no fill."""
    symbol = QgsFillSymbol.createSimple({"style": "no", "outline_color": "#0d47a1", "outline_width": "1.1"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()
