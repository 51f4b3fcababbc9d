"""The dock's "Staffing" tab: the staffing table per community and, for the grid selected in
the Grids tab, its workers and its micro-grids (listed, and shown alone on the map).

The files are those the tools *Staff grids* and *Micro-grids and member links* write
(``gridplanner staff`` / ``microgrids``); the buttons open those tools with the dock's plan.
Everything is read through QGIS's own provider (see :mod:`gridplanner.plugin.planfile`).
"""

from __future__ import annotations

from qgis.core import QgsProject, QgsVectorLayer
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr

#: Columns of the staffing table shown (the ``staffing`` layer's names).
STAFFING_COLUMNS = ("community_code", "community_name", "households", "grid_workers_needed",
                    "grid_workers_assigned", "grid_worker_shortfall", "community_workers", "community_workers_min",
                    "per_10k_residents", "officers_grids")
MICRO_COLUMNS = ("group_id", "households", "buildings", "household_ranges", "members")
WORKER_COLUMNS = ("name", "role", "place", "phone")
MICRO_LAYER_NAME = "micro_grids"


def _headings() -> dict[str, str]:
    """The tables' column titles, translated."""
    return {"community_code": tr("community code"), "community_name": tr("community"), "households": tr("households"),
            "grid_workers_needed": tr("grid workers needed"), "grid_workers_assigned": tr("grid workers assigned"),
            "grid_worker_shortfall": tr("grid worker shortfall"), "community_workers": tr("community workers"),
            "community_workers_min": tr("community workers needed (min)"),
            "per_10k_residents": tr("per 10,000 residents"), "officers_grids": tr("officers: people/grids"),
            "group_id": tr("group"), "buildings": tr("buildings"), "household_ranges": tr("household ranges"),
            "members": tr("member links"), "name": tr("name"), "role": tr("role"), "place": tr("place"),
            "phone": tr("phone")}


def read_rows(path: str, layer: str, where: str | None = None) -> list[dict]:
    """The attribute rows of ``layer`` in the GeoPackage ``path`` (optionally filtered by an
    expression), read through QGIS's ``ogr`` provider; empty when the file or layer is absent."""
    if not path:
        return []
    source = QgsVectorLayer(f"{path}|layername={layer}", layer, "ogr")
    if not source.isValid():
        return []
    if where:
        source.setSubsetString(where)
    names = source.fields().names()
    return [dict(zip(names, feature.attributes())) for feature in source.getFeatures()]


def _quoted(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


class StaffingTab(QWidget):
    """The staffing table and the selected grid's workers and micro-grids."""

    def __init__(self, dock, parent=None):
        super().__init__(parent)
        self.dock = dock
        self.grid_code: str | None = None
        self.micro_layer: QgsVectorLayer | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.staffed_file = QgsFileWidget()
        self.staffed_file.setFilter(tr("GeoPackage (*.gpkg)"))
        self.staffed_file.fileChanged.connect(lambda *_: self.refresh())
        self.micro_file = QgsFileWidget()
        self.micro_file.setFilter(tr("GeoPackage (*.gpkg)"))
        self.micro_file.fileChanged.connect(lambda *_: self.refresh())
        form.addRow(tr("Staffed plan"), self.staffed_file)
        form.addRow(tr("Micro-grids"), self.micro_file)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.staff_button = QPushButton(tr("Staff grids…"))
        self.staff_button.clicked.connect(lambda: self.run_tool("gridplanner:staffplan", self.staffed_file))
        self.micro_button = QPushButton(tr("Micro-grids…"))
        self.micro_button.clicked.connect(lambda: self.run_tool("gridplanner:microgrids", self.micro_file))
        buttons.addWidget(self.staff_button)
        buttons.addWidget(self.micro_button)
        layout.addLayout(buttons)
        self.staffing_table = self._table()
        layout.addWidget(QLabel(tr("Staffing per community")))
        layout.addWidget(self.staffing_table, 2)
        self.grid_label = QLabel(tr("Select a grid in the Grids tab to see its workers and micro-grids."))
        self.grid_label.setWordWrap(True)
        layout.addWidget(self.grid_label)
        self.worker_table = self._table()
        layout.addWidget(self.worker_table, 1)
        self.micro_table = self._table()
        layout.addWidget(self.micro_table, 2)

    @staticmethod
    def _table() -> QTableWidget:
        table = QTableWidget()
        table.setEditTriggers(QTableWidget.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        return table

    @staticmethod
    def _fill(table: QTableWidget, rows: list[dict], columns: tuple[str, ...]) -> None:
        table.clear()
        table.setColumnCount(len(columns))
        titles = _headings()
        table.setHorizontalHeaderLabels([titles.get(c, c) for c in columns])
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, column in enumerate(columns):
                value = row.get(column)
                table.setItem(r, c, QTableWidgetItem("" if value is None or str(value) == "NULL" else str(value)))

    def plan_path(self) -> str | None:
        """The plan open in the dock, if any."""
        session = getattr(self.dock, "session", None)
        return session.path if session is not None else None

    def run_tool(self, algorithm: str, target: QgsFileWidget) -> None:
        """Open a Processing tool's dialog with the dock's plan; its output becomes this tab's file."""
        import processing

        parameters = {"PLAN": self.plan_path()} if self.plan_path() else {}
        results = processing.execAlgorithmDialog(algorithm, parameters) or {}
        if results.get("OUTPUT"):
            target.setFilePath(str(results["OUTPUT"]))

    def refresh(self) -> None:
        """Re-read the staffing table and the selected grid's rows."""
        self._fill(self.staffing_table, read_rows(self.staffed_file.filePath(), "staffing"), STAFFING_COLUMNS)
        self._micro_layer()
        self.show_grid(self.grid_code)

    def _micro_layer(self) -> None:
        """The micro-grids layer in the project (added once per file), filtered to the selected grid."""
        path = self.micro_file.filePath()
        source = f"{path}|layername={MICRO_LAYER_NAME}"
        if self.micro_layer is not None and QgsProject.instance().mapLayer(self.micro_layer.id()) is None:
            self.micro_layer = None
        if self.micro_layer is not None and self.micro_layer.source() != source:
            QgsProject.instance().removeMapLayer(self.micro_layer.id())
            self.micro_layer = None
        if path and self.micro_layer is None:
            layer = QgsVectorLayer(source, tr("Micro-grids"), "ogr")
            if layer.isValid():
                self.micro_layer = QgsProject.instance().addMapLayer(layer)

    def show_grid(self, code: str | None) -> None:
        """Show grid ``code``'s workers (from the staffed plan) and micro-grids (table and map)."""
        self.grid_code = code
        if not code:
            self._fill(self.worker_table, [], WORKER_COLUMNS)
            self._fill(self.micro_table, [], MICRO_COLUMNS)
            if self.micro_layer is not None:
                self.micro_layer.setSubsetString("")
            return
        where = f"grid_code = {_quoted(code)}"
        workers = read_rows(self.staffed_file.filePath(), "assignments", where)
        micro = read_rows(self.micro_file.filePath(), MICRO_LAYER_NAME, where)
        self._fill(self.worker_table, workers, WORKER_COLUMNS)
        self._fill(self.micro_table, micro, MICRO_COLUMNS)
        self.grid_label.setText(tr("Grid {grid}: {workers} worker(s), {groups} micro-grid(s)").format(
            grid=code, workers=len(workers), groups=len(micro)))
        if self.micro_layer is not None:
            self.micro_layer.setSubsetString(where)
            self.micro_layer.triggerRepaint()
