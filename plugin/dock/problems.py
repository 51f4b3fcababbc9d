"""The Redraw tab's problem list and the audit log table: the grids that break a rule, with
their reasons, and who changed what."""

from __future__ import annotations

import pandas as pd
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from ...algorithms.audit import action_text
from ...algorithms.editing import BROKEN_STATUSES
from ..i18n import tr
from ..styling import STATUS_COLOURS
from .model import short_code, status_text


def problem_rows(editor, community: str | None) -> list[tuple[str, str, str]]:
    """``(grid code, status, reason)`` of every grid of ``community`` that breaks a rule or lies
    outside the band (locked ones included: the lock does not hide a problem), in code order."""
    rows = []
    for code in sorted(editor.grids):
        row = editor.grids[code]
        if row.n_buildings and row.status in BROKEN_STATUSES and (community is None or row.community == community):
            rows.append((code, row.status, editor.reason_of(code)))
    return rows


class ProblemList(QTableWidget):
    """One row per grid with a problem: grid, status, reason. Clicking a row emits
    :attr:`grid_clicked` (the dock selects and zooms to the grid)."""

    grid_clicked = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(0, 3, parent)
        self.codes: list[str] = []
        self.setHorizontalHeaderLabels([tr("Grid"), tr("Status"), tr("Reason")])
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.cellClicked.connect(lambda row, _column: self._clicked(row))

    def _clicked(self, row: int) -> None:
        if 0 <= row < len(self.codes):
            self.grid_clicked.emit(self.codes[row])

    def set_rows(self, rows: list[tuple[str, str, str]], width: int | None) -> None:
        """Show ``rows`` (:func:`problem_rows`); codes shortened to their last ``width`` digits."""
        self.codes = [code for code, _, _ in rows]
        self.setRowCount(len(rows))
        for r, (code, status, reason) in enumerate(rows):
            grid = QTableWidgetItem(short_code(code, width))
            grid.setToolTip(code)
            state = QTableWidgetItem(status_text(status))
            colour = QColor(STATUS_COLOURS.get(status, "#9e9e9e"))
            colour.setAlpha(70)
            state.setBackground(QBrush(colour))
            why = QTableWidgetItem(reason)
            why.setToolTip(reason)
            for c, item in enumerate((grid, state, why)):
                self.setItem(r, c, item)
        self.resizeRowsToContents()

    def select_code(self, code: str | None) -> None:
        """Select the row of grid ``code`` (none when it has no problem)."""
        self.blockSignals(True)
        self.clearSelection()
        if code in self.codes:
            self.selectRow(self.codes.index(code))
        self.blockSignals(False)


class AuditTable(QTableWidget):
    """The plan's audit log, newest first."""

    def __init__(self, parent=None):
        super().__init__(0, 0, parent)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)

    @staticmethod
    def columns() -> list[tuple[str, str]]:
        """(column of the audit log, translated header) in display order."""
        return [("time", tr("Time")), ("user", tr("User")), ("action", tr("Action")),
                ("community", tr("Community")),
                ("from_grid", tr("From grid")), ("to_grid", tr("To grid")), ("n_buildings", tr("Bldgs.")),
                ("households", tr("HH")), ("compounds", tr("Compounds")), ("note", tr("Note"))]

    def set_frame(self, frame: pd.DataFrame, width: int | None, names: dict | None = None) -> None:
        """Show the audit log ``frame`` (its newest row first); communities by their ``names``."""
        columns = self.columns()
        self.setColumnCount(len(columns))
        self.setHorizontalHeaderLabels([title for _, title in columns])
        rows = frame.iloc[::-1].reset_index(drop=True) if len(frame) else frame
        self.setRowCount(len(rows))
        for r in range(len(rows)):
            for c, (key, _) in enumerate(columns):
                value = rows[key].iloc[r] if key in rows else None
                text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
                tip = text
                if key == "action":
                    text = action_text(text)
                elif key in ("from_grid", "to_grid"):
                    text = short_code(text, width)
                elif key == "community":
                    text = str((names or {}).get(text) or text)
                elif key == "time":
                    text = text.replace("T", " ")[:19]
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                if key in ("n_buildings", "households"):
                    item.setTextAlignment(int(Qt.AlignRight | Qt.AlignVCenter))
                self.setItem(r, c, item)
