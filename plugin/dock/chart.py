"""A small bar chart of households (or workload) per grid with the band drawn on it."""

from __future__ import annotations

import pandas as pd
from qgis.PyQt.QtCore import QRectF, Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor, QFont, QPainter, QPen
from qgis.PyQt.QtWidgets import QSizePolicy, QWidget

from ...algorithms.band import Band
from ..i18n import tr
from ..styling import STATUS_COLOURS


class BandChart(QWidget):
    """Bars per grid coloured by status; dashed lines at the band's min, target and max and a
    dotted line at the mean, labelled in the right margin (never behind the bars).

    Bars are labelled with the sequence part of their code (the last ``width`` digits).
    Clicking a bar emits :attr:`grid_clicked` with its grid code.
    """

    grid_clicked = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.frame = pd.DataFrame()
        self.column = "households"
        self.band: Band | None = None
        self.sequence_width: int | None = None     # not "width": that is QWidget.width()
        self.highlight: str | None = None
        self._bars: list[tuple[QRectF, str]] = []
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)

    def set_data(self, frame: pd.DataFrame, column: str, band: Band | None, width: int | None = None) -> None:
        """Show ``frame[column]`` per grid with the households ``band`` of the plan (``None``: no
        plan); ``width`` is the plan's sequence width (digits of a code's sequence part)."""
        self.frame, self.column, self.band = frame.reset_index(drop=True), column, band
        self.sequence_width = width
        self.update()

    def set_highlight(self, code: str | None) -> None:
        """Outline the bar of grid ``code``."""
        self.highlight = code
        self.update()

    def mousePressEvent(self, event):  # noqa: N802
        for rect, code in self._bars:
            if rect.contains(event.pos().x(), rect.center().y()):
                self.grid_clicked.emit(code)
                return

    def paintEvent(self, event):  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        painter.setFont(font)
        left, right, top, bottom = 44, 78, 20, 22
        w = max(1, self.width() - left - right)
        h = max(1, self.height() - top - bottom)
        title = tr("Households per grid") if self.column == "households" else tr("Workload per grid")
        painter.setPen(QColor("#333333"))
        painter.drawText(QRectF(left, 2, w, top - 4), Qt.AlignLeft | Qt.AlignVCenter, title)
        self._bars = []
        if not len(self.frame) or self.band is None:
            painter.drawText(QRectF(left, top, w, h), Qt.AlignCenter, tr("No plan yet"))
            return
        values = self.frame[self.column].astype(float).tolist()
        low, high = self.band.min, self.band.max
        vmax = max(max(values), high * 1.15 if self.column == "households" else 0) or 1.0
        y = lambda v: top + h - h * v / vmax  # noqa: E731
        painter.setPen(QPen(QColor("#bbbbbb"), 1))
        painter.drawLine(left, top + h, left + w, top + h)
        for tick in (0, vmax / 2, vmax):
            painter.drawText(QRectF(0, y(tick) - 7, left - 4, 14), Qt.AlignRight | Qt.AlignVCenter, f"{tick:.0f}")
        if self.column == "households":
            band_rect = QRectF(left, y(high), w, y(low) - y(high))
            painter.fillRect(band_rect, QColor(46, 125, 50, 28))
        n = len(values)
        step = w / n
        gap = min(3.0, step * 0.2)
        for i, (value, code, status) in enumerate(zip(values, self.frame["grid_code"], self.frame["status"])):
            rect = QRectF(left + i * step + gap / 2, y(value), step - gap, top + h - y(value))
            painter.fillRect(rect, QColor(STATUS_COLOURS.get(str(status), "#9e9e9e")))
            if code == self.highlight:
                painter.setPen(QPen(QColor("black"), 2))
                painter.drawRect(rect)
            self._bars.append((rect, str(code)))
        if self.column == "households":
            lines = reference_lines(values, self.band)
        else:
            lines = reference_lines(values, None, workload_target(self.frame, self.column, self.band))
        placed: list[float] = []
        for value, colour, label, style in lines:
            painter.setPen(QPen(QColor(colour), 1.4 if style == "mean" else 1.2,
                                Qt.DotLine if style == "mean" else Qt.DashLine))
            painter.drawLine(left, int(y(value)), left + w, int(y(value)))
            # the label in the right margin, moved down until it does not cover the one above
            ty = y(value) - 7
            for other in sorted(placed):
                if abs(ty - other) < 13:
                    ty = other + 13
            placed.append(ty)
            painter.drawText(QRectF(left + w + 4, ty, right - 6, 14), Qt.AlignLeft | Qt.AlignVCenter,
                             f"{label} {value:.0f}")
        painter.setPen(QColor("#555555"))
        digits = self.sequence_width
        labels = [str(code)[-digits:] if digits else str(code) for code in self.frame["grid_code"]]
        label_width = max(painter.fontMetrics().horizontalAdvance(text) for text in labels) + 6
        every = max(1, -(-label_width // max(int(step), 1)))
        for i, code in enumerate(labels):
            if i % every == 0:
                painter.drawText(QRectF(left + i * step - 10, top + h + 2, step + 20, bottom - 4),
                                 Qt.AlignHCenter | Qt.AlignTop, code)
        painter.end()


def workload_target(frame: pd.DataFrame, column: str, band: Band | None) -> float | None:
    """The workload of a grid of the target households at this community's workload per household
    (the target line of the workload chart; ``None`` without households)."""
    if band is None or "households" not in frame or not len(frame):
        return None
    households = float(frame["households"].sum())
    return float(frame[column].sum()) / households * band.target if households > 0 else None


def reference_lines(values: list[float], band: Band | None, target: float | None = None
                    ) -> list[tuple[float, str, str, str]]:
    """``(value, colour, label, style)`` of the chart's lines: the band's max, target and min
    (households) or a ``target`` value (workload), and the mean of the bars, highest first."""
    lines = []
    if target is not None:
        lines.append((float(target), "#2e7d32", tr("target"), "band"))
    if band is not None:
        lines += [(float(band.max), "#c62828", tr("max"), "band"),
                  (float(band.target), "#2e7d32", tr("target"), "band"),
                  (float(band.min), "#ef6c00", tr("min"), "band")]
    if values:
        lines.append((sum(values) / len(values), "#1565c0", tr("mean"), "mean"))
    return sorted(lines, key=lambda line: -line[0])
