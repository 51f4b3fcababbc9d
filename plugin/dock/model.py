"""The live table of grids (a ``QAbstractTableModel`` over :meth:`PlanEditor.table`)."""

from __future__ import annotations

import pandas as pd
from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, Qt
from qgis.PyQt.QtGui import QBrush, QColor

from ..i18n import tr
from ..styling import STATUS_COLOURS


def column_titles() -> list[tuple[str, str]]:
    """(column of :meth:`PlanEditor.table`, translated header) in display order; the headers are
    short so that every column fits a narrow dock (:func:`column_tips` has their full names)."""
    return [
        ("grid_code", tr("Grid")),
        ("households", tr("HH")),
        ("population", tr("Pop.")),
        ("workload", tr("Workload")),
        ("status", tr("Status")),
        ("parts", tr("Parts")),
        ("compactness", tr("Compact.")),
        ("barrier_crossings", tr("Cross.")),
        ("locked", tr("Locked")),
    ]


def column_tips() -> dict[str, str]:
    """The full name of each column of the grid table (its header's tooltip)."""
    return {"grid_code": tr("Grid code (the table shows its sequence part)"), "households": tr("Households"),
            "population": tr("Population"), "workload": tr("Workload"), "status": tr("Status"),
            "parts": tr("Parts"), "compactness": tr("Compactness"), "barrier_crossings": tr("Barrier crossings"),
            "locked": tr("Locked")}


def short_code(code: object, width: int | None) -> str:
    """A grid code as the dock's tables show it: its sequence part (the last ``width`` digits;
    the whole code in the tooltip)."""
    text = "" if code is None else str(code)
    return text[-width:] if width and len(text) > width else text


def status_text(status: str) -> str:
    """Translated name of a grid status."""
    return {
        "ok": tr("in band"),
        "under_min": tr("below minimum"),
        "over_max": tr("above maximum"),
        "crosses_barrier": tr("crosses a barrier"),
        "noncontiguous": tr("not contiguous"),
        "dedicated": tr("dedicated"),
        "locked": tr("locked"),
        "empty": tr("empty"),
    }.get(status, status)


class GridTableModel(QAbstractTableModel):
    """One row per grid of the chosen community; refreshed from the session's editor."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.frame = pd.DataFrame()
        self.columns = column_titles()
        #: Digits of a code's sequence part: the table shows those, the whole code in the tooltip.
        self.sequence_width: int | None = None

    def set_frame(self, frame: pd.DataFrame) -> None:
        """Show ``frame`` (rows of :meth:`PlanEditor.table`)."""
        self.beginResetModel()
        self.frame = frame.reset_index(drop=True)
        self.endResetModel()

    def update_rows(self, frame: pd.DataFrame) -> None:
        """Update in place when the same grids are shown (keeps the selection), else reset."""
        if list(frame["grid_code"]) != list(self.frame.get("grid_code", [])):
            self.set_frame(frame)
            return
        self.frame = frame.reset_index(drop=True)
        if len(self.frame):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.frame) - 1, len(self.columns) - 1))

    def code_at(self, row: int) -> str | None:
        """Grid code shown in ``row``."""
        return str(self.frame["grid_code"].iloc[row]) if 0 <= row < len(self.frame) else None

    def row_of(self, code: str) -> int:
        """Row showing grid ``code`` (-1 when not shown)."""
        hits = self.frame.index[self.frame["grid_code"] == code] if len(self.frame) else []
        return int(hits[0]) if len(hits) else -1

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.frame)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.DisplayRole:
                return self.columns[section][1]
            if role == Qt.ToolTipRole:
                return column_tips().get(self.columns[section][0], self.columns[section][1])
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self.frame):
            return None
        key = self.columns[index.column()][0]
        value = self.frame[key].iloc[index.row()]
        status = str(self.frame["status"].iloc[index.row()])
        if role == Qt.DisplayRole:
            if key == "grid_code":
                return short_code(value, self.sequence_width)
            if key == "status":
                return status_text(status)
            if key == "locked":
                return "✓" if value else ""
            if key == "compactness":
                return f"{float(value):.2f}"
            if key in ("workload", "population"):
                return f"{float(value):.0f}"
            return str(value)
        if role == Qt.BackgroundRole and key == "status":
            colour = QColor(STATUS_COLOURS.get(status, "#9e9e9e"))
            colour.setAlpha(70)
            return QBrush(colour)
        if role == Qt.ForegroundRole and key == "status":
            return QBrush(QColor(STATUS_COLOURS.get(status, "#000000")).darker(130))
        if role == Qt.TextAlignmentRole and key not in ("grid_code", "status"):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ToolTipRole:
            if key == "grid_code":
                return str(value)
            return status_text(status)
        if role == Qt.UserRole:
            return value
        return None
