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
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
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
        symbol = QgsFillSymbol.createSimple({"color": colour.name(), "outline_color": "#ffffff",
                                             "outline_width": "0.5"})
        symbol.setOpacity(0.75)
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


def style_grids(layer: QgsVectorLayer, code_field: str = "grid_code", households_field: str = "households",
                status_field: str = "status", editing: bool = False, sequence_width: int | None = None) -> None:
    """Categorize ``layer`` by ``code_field`` and label each grid with its code and households.

    ``editing`` gives the look of the plan under edit in the dock (see the module); its
    labels show the last ``sequence_width`` digits of the code (the whole code when
    ``None``) and the households with their unit. Otherwise grids that need a look (by
    ``status_field``) are hatched in red and labelled with the whole code.
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
        # The sequence part of the code is what a planner reads on the map; the full code is in the table.
        unit = tr("hh").replace("'", "''")
        settings.fieldName = f"{code} || '\\n' || \"{households_field}\" || ' {unit}'"
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
        symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": "255,255,255,0", "outline_color": "#d32f2f",
                                               "outline_width": "0.6", "size": "3"})
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
