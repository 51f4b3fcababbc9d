"""Styles for the layers the Processing algorithms add to the project.

Grids: one colour per grid (categorized by its code), labelled "code\\nhouseholds"; a grid
whose status is not ``ok`` (nor ``dedicated``/``locked``) gets a red hatched fill and a
thick red outline. Problems: red markers. Blocks and cells: light outlines.

Styles are applied by :class:`StylePostProcessor` objects attached to the outputs with
``QgsProcessingContext.layerToLoadOnCompletionDetails(...).setPostProcessor``; QGIS only
keeps a raw pointer to them, so :func:`attach` keeps each one alive in :data:`_KEEP`.
"""

from __future__ import annotations

import colorsys
from typing import Callable

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsLinePatternFillSymbolLayer,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProcessingLayerPostProcessorInterface,
    QgsRendererCategory,
    QgsSimpleFillSymbolLayer,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor

#: Statuses that need no attention.
FINE_STATUSES = ("ok", "dedicated", "locked")

_KEEP: list = []


def grid_colour(index: int) -> QColor:
    """A pastel colour for the ``index``-th grid (golden-angle hues: neighbours differ)."""
    hue = (index * 0.618033988749895) % 1.0
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


def style_grids(layer: QgsVectorLayer, code_field: str = "grid_code", households_field: str = "households",
                status_field: str = "status") -> None:
    """Categorize ``layer`` by ``code_field``, label it and highlight grids that need a look."""
    fields = layer.fields()
    if fields.lookupField(code_field) < 0:
        return
    has_status = fields.lookupField(status_field) >= 0
    categories = []
    seen = {}
    for feature in layer.getFeatures():
        code = feature[code_field]
        status = feature[status_field] if has_status else "ok"
        if code in seen:
            seen[code] = seen[code] or status not in FINE_STATUSES
            continue
        seen[code] = has_status and status not in FINE_STATUSES
    for index, code in enumerate(sorted(seen, key=lambda c: str(c))):
        colour = grid_colour(index)
        if seen[code]:
            symbol = problem_fill_symbol(colour)
        else:
            symbol = QgsFillSymbol.createSimple({"color": colour.name(QColor.HexArgb), "outline_color": "#333333",
                                                 "outline_width": "0.3"})
        categories.append(QgsRendererCategory(code, symbol, str(code)))
    layer.setRenderer(QgsCategorizedSymbolRenderer(code_field, categories))

    settings = QgsPalLayerSettings()
    if fields.lookupField(households_field) >= 0:
        settings.fieldName = f"\"{code_field}\" || '\\n' || \"{households_field}\""
    else:
        settings.fieldName = f"\"{code_field}\""
    settings.isExpression = True
    settings.placement = QgsPalLayerSettings.OverPoint
    text = QgsTextFormat()
    text.setSize(8)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    text.setBuffer(buffer)
    settings.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)
    layer.triggerRepaint()


def style_problems(layer: QgsVectorLayer) -> None:
    """Red circle markers (problems layers are points)."""
    symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": "#d50000", "outline_color": "#ffffff",
                                           "size": "3.2"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
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
