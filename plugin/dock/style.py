"""Styles of the plan layers: a distinct colour per grid, labels with code and households."""

from __future__ import annotations

import colorsys

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont

from ..i18n import tr

#: Colours of the band status in the table and the chart.
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


def grid_colour(n: int) -> QColor:
    """The ``n``-th of a sequence of distinct, soft colours (golden-ratio hues)."""
    hue = (n * 0.618033988749895) % 1.0
    r, g, b = colorsys.hsv_to_rgb(hue, 0.32 + 0.14 * (n % 2), 0.96 - 0.07 * (n % 3))
    return QColor(int(r * 255), int(g * 255), int(b * 255))


def style_grids(layer: QgsVectorLayer, field: str = "grid_code") -> None:
    """Categorized fill by grid code, white outlines, labels ``code`` / ``households``."""
    index = layer.fields().lookupField(field)
    codes = sorted({str(v) for v in layer.uniqueValues(index) if v is not None and str(v) != "NULL"})
    categories = []
    for n, code in enumerate(codes):
        symbol = QgsFillSymbol.createSimple({"color": grid_colour(n).name(), "outline_color": "#ffffff",
                                             "outline_width": "0.5"})
        symbol.setOpacity(0.75)
        categories.append(QgsRendererCategory(code, symbol, code))
    layer.setRenderer(QgsCategorizedSymbolRenderer(field, categories))

    settings = QgsPalLayerSettings()
    settings.isExpression = True
    # The sequence part of the code is what a planner reads on the map; the full code is in the table.
    unit = tr("hh").replace("'", "''")
    settings.fieldName = f"right(\"grid_code\", 3) || '\\n' || \"households\" || ' {unit}'"
    settings.placement = QgsPalLayerSettings.OverPoint
    text = QgsTextFormat()
    font = QFont()
    font.setPointSize(8)
    text.setFont(font)
    text.setSize(8)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("white"))
    text.setBuffer(buffer)
    settings.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)
    layer.triggerRepaint()


def style_buildings(layer: QgsVectorLayer) -> None:
    """Dark grey footprints drawn over the grids."""
    symbol = QgsFillSymbol.createSimple({"color": "#5f5f5f", "outline_color": "#3a3a3a", "outline_width": "0.1"})
    layer.renderer().setSymbol(symbol)
    layer.triggerRepaint()


def style_problems(layer: QgsVectorLayer) -> None:
    """Problems drawn as red dashed outlines (grids) or red markers (features) over the plan."""
    from qgis.core import QgsLineSymbol, QgsMarkerSymbol, QgsWkbTypes

    kind = layer.geometryType()
    if kind == QgsWkbTypes.PolygonGeometry:
        symbol = QgsFillSymbol.createSimple({"style": "no", "outline_color": "#d32f2f", "outline_width": "0.7",
                                             "outline_style": "dash"})
    elif kind == QgsWkbTypes.LineGeometry:
        symbol = QgsLineSymbol.createSimple({"color": "#d32f2f", "width": "0.7", "line_style": "dash"})
    elif kind == QgsWkbTypes.PointGeometry:
        symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": "255,255,255,0", "outline_color": "#d32f2f",
                                               "outline_width": "0.6", "size": "3"})
    else:
        return
    layer.renderer().setSymbol(symbol)
    layer.triggerRepaint()
