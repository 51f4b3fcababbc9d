"""The "Grid Planner" dock: set-up, propose, inspect, redraw, lock and repair, compare."""

from __future__ import annotations

import os
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsFieldProxyModel,
    QgsMapLayerProxyModel,
    QgsMessageLog,
    QgsProject,
    QgsVectorLayer,
)
from qgis.gui import (
    QgsCheckableComboBox,
    QgsCollapsibleGroupBox,
    QgsDockWidget,
    QgsFieldComboBox,
    QgsFileWidget,
    QgsMapLayerComboBox,
)
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...algorithms import options as opt
from ..i18n import tr
from ..styling import style_buildings, style_grids, style_problems
from .chart import BandChart
from .model import GridTableModel, short_code, status_text
from .problems import AuditTable, ProblemList, problem_rows
from .settings import DockSettings, dock_options, open_plan_entry, set_open_plan_entry
from .staffing import StaffingTab
from .zones import ZonesTab

if TYPE_CHECKING:
    import geopandas as gpd

    from ...algorithms import PlanParameters
    from .session import PlanSession

LOG_TAG = "Grid Planner"
GROUP_NAME = "Grid Planner"
_LAYER_FILTERS = {"polygon": QgsMapLayerProxyModel.PolygonLayer, "line": QgsMapLayerProxyModel.LineLayer,
                  "point": QgsMapLayerProxyModel.PointLayer}
_GEOMETRY_TYPES = {"point": 0, "line": 1, "polygon": 2}      # QgsWkbTypes.GeometryType


class LayerChecklist(QgsCheckableComboBox):
    """Several vector layers of the project (water: areas and river centre lines), ticked in a list."""

    def __init__(self, filters, parent=None):
        super().__init__(parent)
        self._filters = filters
        self.setDefaultText("")
        project = QgsProject.instance()
        project.layersAdded.connect(self.refresh)
        project.layersRemoved.connect(self.refresh)
        self.refresh()

    def accepts(self, layer) -> bool:
        """Whether ``layer`` is a vector layer of a geometry this list takes."""
        wanted = {_GEOMETRY_TYPES[g] for g, flag in _LAYER_FILTERS.items() if self._filters & flag}
        return isinstance(layer, QgsVectorLayer) and int(layer.geometryType()) in wanted

    def refresh(self, *_) -> None:
        """List the project's layers again, keeping the ticks."""
        try:
            checked = set(self.checkedItemsData())
            layers = [layer for layer in QgsProject.instance().mapLayers().values() if self.accepts(layer)]
        except RuntimeError:        # the widget or the project is being deleted
            return
        self.blockSignals(True)
        self.clear()
        for layer in sorted(layers, key=lambda lyr: lyr.name().lower()):
            self.addItemWithCheckState(layer.name(), Qt.Checked if layer.id() in checked else Qt.Unchecked,
                                       layer.id())
        self.blockSignals(False)

    def layers(self) -> list:
        """The ticked layers (in the list's order)."""
        project = QgsProject.instance()
        return [layer for layer in (project.mapLayer(i) for i in self.checkedItemsData()) if layer is not None]

    def set_layers(self, layers) -> None:
        """Tick exactly ``layers``."""
        self.refresh()
        self.setCheckedItems([])
        self.setCheckedItems([self.itemText(self.findData(layer.id())) for layer in layers
                              if self.findData(layer.id()) >= 0])


def _metric_labels() -> dict[str, str]:
    """The scenario table's row labels, translated (the table is :mod:`gridplanner.algorithms.labels`)."""
    from ...algorithms.scenarios import COMPARED

    return {key: tr(text) for key, text in COMPARED}


class GridPlannerDock(QgsDockWidget):
    """The planner's workspace. ``iface`` gives the map canvas and the message bar."""

    #: Emitted after a plan, split, repair or scenario task ends (True when it succeeded).
    task_finished = pyqtSignal(bool)

    def __init__(self, iface, parent=None):
        super().__init__(tr("Grid Planner"), parent)
        self.setObjectName("GridPlannerDock")
        self.iface = iface
        self.session = None
        self.task = None
        self.last_error: str | None = None
        #: The grid the actions act on: chosen on the map, in the table or in the problem list.
        self.current_grid: str | None = None
        #: Message bar items the dock pushed (cleared once they are stale).
        self._bar_items: list = []
        #: Asks the planner a yes/no question (tests replace it): ``ask(title, text) -> bool``.
        self.ask = lambda title, text: QMessageBox.question(self, title, text) == QMessageBox.Yes
        self._selecting = False
        self._saved = None          # (community, scenario summaries, final name): read once per change
        self._build()
        self.load_settings()
        project = QgsProject.instance()
        project.readProject.connect(self._on_project_read)
        project.cleared.connect(self._on_project_cleared)
        project.layersAdded.connect(self.preselect_layers)
        self.closed.connect(self.cancel_task)

    # ================================================================= UI
    def _build(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(self._setup_tab(), tr("Set-up"))
        self.tabs.addTab(self._grids_tab(), tr("Grids"))
        self.tabs.addTab(self._edit_tab(), tr("Redraw"))
        self.tabs.addTab(self._scenario_tab(), tr("Scenarios"))
        self.tabs.addTab(self._audit_tab(), tr("Audit log"))
        self.tabs.addTab(ZonesTab(lambda: self.session.grids_layer if self.session is not None else None,
                                  lambda: (self.communities_combo.currentLayer(), self.roads_combo.currentLayer(),
                                           self.water_list.layers())), tr("One network"))
        from .review import ReviewPanel

        self.review_panel = ReviewPanel(self)
        self.tabs.addTab(self.review_panel, tr("Review"))
        self.staffing_tab = StaffingTab(self)
        self.tabs.addTab(self.staffing_tab, tr("Staffing"))
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.staffing_tab.show_grid(self.selected_grid()))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)
        row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_task)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.status_label = QLabel(tr("Choose the layers, then Propose."))
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.setWidget(body)

    def _layer_combo(self, filters, optional=False):
        combo = QgsMapLayerComboBox()
        combo.setFilters(filters)
        combo.setAllowEmptyLayer(optional)
        if optional:
            combo.setLayer(None)
        return combo

    def _input_widget(self, layer: opt.InputLayer):
        """A layer chooser for an input of the table (several layers for water)."""
        filters = QgsMapLayerProxyModel.Filter(0)
        for geometry in layer.geometry:
            filters |= _LAYER_FILTERS[geometry]
        if layer.multiple:
            widget = LayerChecklist(filters)
        else:
            widget = self._layer_combo(filters, optional=not layer.required)
            widget.activated.connect(lambda *_, name=layer.name: self._auto_layers.discard(name))
        widget.setToolTip(tr(layer.help))
        return widget

    def _option_widget(self, o: opt.Option) -> QWidget:
        """The widget of a planning option of the table (its default shown)."""
        if o.kind == opt.FIELD:
            layer_combo = self.layer_widgets[o.layer]
            widget = QgsFieldComboBox()
            widget.setAllowEmptyFieldName(not o.required)
            if o.numeric:
                widget.setFilters(QgsFieldProxyModel.Numeric)
            widget.setLayer(layer_combo.currentLayer())
            layer_combo.layerChanged.connect(lambda layer, w=widget, name=o.name: self._field_layer_changed(
                w, name, layer))
        elif o.kind == opt.INT:
            widget = QSpinBox()
            widget.setRange(int(o.minimum if o.minimum is not None else 0),
                            int(o.maximum if o.maximum is not None else 2**31 - 1))
        elif o.kind == opt.FLOAT:
            widget = QDoubleSpinBox()
            widget.setDecimals(2)
            widget.setRange(o.minimum or 0.0, o.maximum or 1e9)
        elif o.kind == opt.CHOICE:
            widget = QComboBox()
            for value, label in o.choices:
                widget.addItem(tr(label), value)
        elif o.kind == opt.FILE:
            widget = QgsFileWidget()
            widget.setFilter(tr("Workload weights (*.toml *.json)"))
        else:
            widget = QLineEdit()
            if o.kind == opt.COUNTS:
                widget.setPlaceholderText("330106004001=3, …")
        widget.setToolTip(tr(o.help))
        return widget

    def _field_layer_changed(self, combo: QgsFieldComboBox, name: str, layer) -> None:
        """A field chooser follows its layer and keeps (or finds) the field by name."""
        wanted = combo.currentField() or self._preferred_fields.get(name) or ""
        combo.setLayer(layer)
        if wanted and layer is not None and layer.fields().lookupField(wanted) >= 0:
            combo.setField(wanted)

    def option_value(self, name: str):
        """The value of option ``name`` in the set-up form (as the table's ``from_options`` takes it)."""
        o, widget = opt.BY_NAME[name], self.option_widgets[name]
        if o.kind == opt.FIELD:
            return widget.currentField()
        if o.kind in (opt.INT, opt.FLOAT):
            return widget.value()
        if o.kind == opt.CHOICE:
            return widget.currentData()
        if o.kind == opt.FILE:
            return widget.filePath()
        return widget.text()

    def set_option(self, name: str, value) -> None:
        """Show ``value`` for option ``name`` in the set-up form."""
        o, widget = opt.BY_NAME[name], self.option_widgets[name]
        text = "" if value is None else str(value)
        if o.kind == opt.FIELD:
            self._preferred_fields[name] = text
            widget.setField(text)
        elif o.kind == opt.INT:
            widget.setValue(int(value if value not in (None, "") else o.default))
        elif o.kind == opt.FLOAT:
            widget.setValue(float(value if value not in (None, "") else o.default))
        elif o.kind == opt.CHOICE:
            widget.setCurrentIndex(max(widget.findData(text), 0))
        elif o.kind == opt.FILE:
            widget.setFilePath(text)
        else:
            widget.setText(text)

    def _setup_tab(self) -> QWidget:
        """Set-up: the inputs and the planning options of the one table (algorithms/options.py),
        the options of every day in the form, the others under "More options"."""
        page = QWidget()
        form = QFormLayout(page)
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)     # a narrow dock: long labels above their field
        self.layer_widgets: dict = {}
        self.option_widgets: dict[str, QWidget] = {}
        self._preferred_fields: dict[str, str] = {}
        self._auto_layers: set[str] = set()
        options = dock_options()
        for layer in opt.inputs_for(opt.PLAN):
            self.layer_widgets[layer.name] = self._input_widget(layer)
        for o in options:
            self.option_widgets[o.name] = self._option_widget(o)
        band = ("min_households", "target_households", "max_households")
        for layer in opt.inputs_for(opt.PLAN):
            form.addRow(tr(layer.label), self.layer_widgets[layer.name])
            for o in options:
                if o.kind == opt.FIELD and o.layer == layer.name and not o.advanced:
                    form.addRow("  " + tr(o.label), self.option_widgets[o.name])
                elif o.name == "hard_classes" and layer.name == "roads":
                    form.addRow("  " + tr(o.label), self.option_widgets[o.name])
        row = QHBoxLayout()
        for name, label in zip(band, (tr("min"), tr("target"), tr("max"))):
            row.addWidget(QLabel(label))
            row.addWidget(self.option_widgets[name])
        form.addRow(tr("Households per grid"), row)
        for o in options:
            if not o.advanced and o.kind != opt.FIELD and o.name not in band and o.name != "hard_classes":
                form.addRow(tr(o.label), self.option_widgets[o.name])
        more = QgsCollapsibleGroupBox(tr("More options"))
        more_form = QFormLayout(more)
        more_form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        for o in options:
            if o.advanced:
                more_form.addRow(tr(o.label), self.option_widgets[o.name])
        more.setCollapsed(True)
        form.addRow(more)
        # Names the tests, the screenshots and older code use.
        w = self.option_widgets
        layers = self.layer_widgets
        self.buildings_combo, self.communities_combo = layers["buildings"], layers["communities"]
        self.roads_combo, self.compounds_combo, self.water_list = layers["roads"], layers["compounds"], layers["water"]
        self.households_field, self.population_field = w["households_field"], w["population_field"]
        self.compound_field, self.dedicated_field = w["compound_field"], w["dedicated_field"]
        self.code_field, self.name_field = w["community_code_field"], w["community_name_field"]
        self.road_class_field = w["road_class_field"]
        self.min_spin, self.target_spin, self.max_spin = (w[name] for name in band)
        self.seed_spin, self.weights_file = w["seed"], w["weights"]
        self.more_options = more

        self.output_file = QgsFileWidget()
        self.output_file.setStorageMode(QgsFileWidget.SaveFile)
        self.output_file.setFilter(tr("GeoPackage (*.gpkg)"))
        form.addRow(tr("Plan GeoPackage"), self.output_file)
        self.overwrite_check = QCheckBox(tr("Replace an existing plan file"))
        form.addRow("", self.overwrite_check)
        self.propose_button = QPushButton(tr("Propose grids"))
        self.propose_button.clicked.connect(self.propose)
        self.open_button = QPushButton(tr("Open the plan file"))
        self.open_button.setToolTip(tr("Continue editing a plan saved earlier in the plan GeoPackage"))
        self.open_button.clicked.connect(self.open_existing)
        buttons = QHBoxLayout()
        buttons.addWidget(self.propose_button, 2)
        buttons.addWidget(self.open_button, 1)
        form.addRow(buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(page)
        return scroll

    def _grids_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.community_combo = QComboBox()
        self.community_combo.currentIndexChanged.connect(lambda *_: self.refresh_views())
        self.chart_column = QComboBox()
        self.chart_column.addItem(tr("Households"), "households")
        self.chart_column.addItem(tr("Workload"), "workload")
        self.chart_column.currentIndexChanged.connect(lambda *_: self.refresh_views())
        top.addWidget(QLabel(tr("Community")))
        top.addWidget(self.community_combo, 1)
        top.addWidget(self.chart_column)
        layout.addLayout(top)
        self.summary_label = QLabel("")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.grid_info = QLabel("")
        self.grid_info.setWordWrap(True)
        self.grid_info.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.grid_info)
        splitter = QSplitter(Qt.Vertical)
        self.model = GridTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.clicked.connect(lambda index: self.zoom_to_grid(self.model.code_at(index.row())))
        # Every column in view in a narrow dock: short codes and short headers, each column as wide
        # as its text (the full code and each header's full name are in tooltips).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        self.chart = BandChart()
        self.chart.grid_clicked.connect(self.zoom_to_grid)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setSizes([300, 170])
        layout.addWidget(splitter, 1)
        return page

    def _edit_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        problems = QGroupBox(tr("Problems (click to zoom)"))
        box = QVBoxLayout(problems)
        self.problem_list = ProblemList()
        self.problem_list.grid_clicked.connect(self.zoom_to_grid)
        box.addWidget(self.problem_list)
        layout.addWidget(problems, 1)
        self.current_label = QLabel(tr("Select a grid on the map, in the table or in the list."))
        self.current_label.setWordWrap(True)
        layout.addWidget(self.current_label)
        move = QGroupBox(tr("Move selected buildings"))
        grid = QGridLayout(move)
        self.target_combo = QComboBox()
        self.compound_check = QCheckBox(tr("whole compound"))
        self.move_button = QPushButton(tr("Move to grid"))
        self.move_button.clicked.connect(self.move_selected)
        grid.addWidget(QLabel(tr("Target grid")), 0, 0)
        grid.addWidget(self.target_combo, 0, 1)
        grid.addWidget(self.compound_check, 1, 0)
        grid.addWidget(self.move_button, 1, 1)
        self.map_tool_button = QPushButton(tr("Move by clicking on the map"))
        self.map_tool_button.setCheckable(True)
        self.map_tool_button.toggled.connect(self.toggle_map_tool)
        grid.addWidget(self.map_tool_button, 2, 0, 1, 2)
        self.map_tool = None
        layout.addWidget(move)

        shape = QGroupBox(tr("Split, merge, lock (the selected grid)"))
        grid = QGridLayout(shape)
        self.split_button = QPushButton(tr("Split in two"))
        self.split_button.clicked.connect(self.split_selected)
        self.merge_combo = QComboBox()
        self.merge_button = QPushButton(tr("Merge into"))
        self.merge_button.clicked.connect(self.merge_selected)
        self.lock_button = QPushButton(tr("Lock / unlock"))
        self.lock_button.clicked.connect(self.toggle_lock)
        grid.addWidget(self.split_button, 0, 0)
        grid.addWidget(self.lock_button, 0, 1)
        grid.addWidget(self.merge_button, 1, 0)
        grid.addWidget(self.merge_combo, 1, 1)
        layout.addWidget(shape)

        repair = QGroupBox(tr("Repair"))
        box = QVBoxLayout(repair)
        self.repair_button = QPushButton(tr("Repair the community (keeps locked grids)"))
        self.repair_button.clicked.connect(self.repair)
        self.moved_label = QLabel("")
        self.moved_label.setWordWrap(True)
        box.addWidget(self.repair_button)
        box.addWidget(self.moved_label)
        layout.addWidget(repair)
        row = QHBoxLayout()
        self.undo_button = QPushButton(tr("Undo"))
        self.undo_button.clicked.connect(lambda: self._undo_stack_call("undo"))
        self.redo_button = QPushButton(tr("Redo"))
        self.redo_button.clicked.connect(lambda: self._undo_stack_call("redo"))
        self.save_button = QPushButton(tr("Save edits"))
        self.save_button.clicked.connect(self.save_edits)
        for b in (self.undo_button, self.redo_button, self.save_button):
            row.addWidget(b)
        layout.addLayout(row)
        return page

    def _audit_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.audit_table = AuditTable()
        layout.addWidget(self.audit_table, 1)
        row = QHBoxLayout()
        self.audit_refresh_button = QPushButton(tr("Refresh"))
        self.audit_refresh_button.clicked.connect(self.refresh_audit)
        self.audit_export_button = QPushButton(tr("Export as CSV…"))
        self.audit_export_button.clicked.connect(lambda: self.export_audit())
        row.addWidget(self.audit_refresh_button)
        row.addStretch(1)
        row.addWidget(self.audit_export_button)
        layout.addLayout(row)
        self.tabs.currentChanged.connect(lambda index: self.refresh_audit() if self.tabs.widget(index) is page
                                         else None)
        return page

    def _scenario_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.scenario_name = QLineEdit()
        self.scenario_name.setPlaceholderText(tr("scenario name"))
        self.save_scenario_button = QPushButton(tr("Keep as scenario"))
        self.save_scenario_button.clicked.connect(lambda: self.save_scenario())
        row.addWidget(self.scenario_name, 1)
        row.addWidget(self.save_scenario_button)
        layout.addLayout(row)
        self.compare_table = QTableWidget()
        self.compare_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        layout.addWidget(self.compare_table, 1)
        row = QHBoxLayout()
        self.final_combo = QComboBox()
        self.final_button = QPushButton(tr("Use as final"))
        self.final_button.clicked.connect(lambda: self.use_scenario())
        row.addWidget(self.final_combo, 1)
        row.addWidget(self.final_button)
        layout.addLayout(row)
        return page

    # ========================================================== settings
    def settings(self) -> DockSettings:
        """The dock's current choices."""
        def layer_id(combo):
            layer = combo.currentLayer()
            return layer.id() if layer is not None else ""

        return DockSettings(
            buildings=layer_id(self.buildings_combo), communities=layer_id(self.communities_combo),
            roads=layer_id(self.roads_combo), water=[layer.id() for layer in self.water_list.layers()],
            compounds=layer_id(self.compounds_combo),
            options={o.name: self.option_value(o.name) for o in dock_options()},
            output=self.output_file.filePath(), overwrite=self.overwrite_check.isChecked())

    def apply_settings(self, s: DockSettings) -> None:
        """Show ``s`` in the widgets (layers by id, fields by name); inputs without a stored
        layer get the project's layer named like them (``buildings``, ``roads`` …)."""
        project = QgsProject.instance()
        for o in dock_options():
            if o.kind == opt.FIELD:
                self._preferred_fields[o.name] = s.options.get(o.name) or ""
        self._auto_layers = set()
        for name, combo in self.layer_widgets.items():
            if name == "water":
                layers = [project.mapLayer(i) for i in s.water]
                layers = [layer for layer in layers if layer is not None]
                if not layers:
                    self._auto_layers.add(name)
                combo.set_layers(layers)
                continue
            layer_id = getattr(s, name)
            layer = project.mapLayer(layer_id) if layer_id else None
            if layer is None:
                self._auto_layers.add(name)
            if layer is not None or combo.allowEmptyLayer():
                combo.setLayer(layer)
        for o in dock_options():
            self.set_option(o.name, s.options.get(o.name, o.default))
        self.output_file.setFilePath(s.output)
        self.overwrite_check.setChecked(s.overwrite)
        self.preselect_layers()

    def preselect_layers(self, *_) -> None:
        """Inputs the user has not chosen take the project's layers named like them
        (``options.INPUTS``: buildings, communities, roads, water and waterway, compounds)."""
        layers = [layer for layer in QgsProject.instance().mapLayers().values() if isinstance(layer, QgsVectorLayer)]
        for layer_input in opt.inputs_for(opt.PLAN):
            name = layer_input.name
            if name not in self._auto_layers:
                continue
            combo = self.layer_widgets[name]
            geometries = {_GEOMETRY_TYPES[g] for g in layer_input.geometry}
            named = [lyr for wanted in layer_input.names for lyr in layers
                     if lyr.name() == wanted and int(lyr.geometryType()) in geometries]
            if not named:
                continue
            if name == "water":
                combo.set_layers(named)
            else:
                combo.setLayer(named[0])
        self._sync_fields()

    def _sync_fields(self) -> None:
        """Every field chooser on its layer's current layer (a layer combo does not always say
        when it picks its first layer by itself)."""
        for o in dock_options():
            if o.kind == opt.FIELD:
                combo, layer = self.option_widgets[o.name], self.layer_widgets[o.layer].currentLayer()
                if combo.layer() is not layer:
                    self._field_layer_changed(combo, o.name, layer)

    def load_settings(self) -> None:
        """Restore the choices stored in the current project."""
        self.apply_settings(DockSettings.load())

    def _on_project_read(self, *_):
        self.load_settings()
        self._guarded(tr("Open the plan file"), self.reopen_plan)

    def reopen_plan(self) -> bool:
        """Open again the plan that was open in the dock when the project was saved, on the
        project's own layers of it. Returns True when a plan was opened."""
        path = open_plan_entry()
        if not path or not os.path.isfile(path) or self.session is not None:
            return False
        if "grids" not in self._project_plan_layers(path):
            return False        # the plan's layers were removed from the project: leave it closed
        frames, params, water = self._inputs(self.settings(), with_buildings=False)
        self.open_plan(path, params, frames["roads"], water, reuse=True)
        self.status_label.setText(tr("Plan {path} opened.").format(path=path))
        return True

    def _on_project_cleared(self):
        self.cancel_task()
        self.close_session()

    # ========================================================== messages
    def report_error(self, text: str) -> None:
        """Show an error in the message bar (never a traceback) and in the dock."""
        self._clear_messages()
        self.last_error = text
        self.status_label.setText(text)
        bar = self.iface.messageBar() if self.iface is not None else None
        if bar is not None:
            bar.pushMessage(tr("Grid Planner"), text, Qgis.Critical, 0)
            item = bar.currentItem()        # the message just pushed: removed once it is stale
            if item is not None:
                self._bar_items.append(item)

    def report_info(self, text: str, level=Qgis.Info) -> None:
        """Show a message in the dock and the message bar."""
        self.status_label.setText(text)
        bar = self.iface.messageBar() if self.iface is not None else None
        if bar is not None:
            bar.pushMessage(tr("Grid Planner"), text, level, 5)

    def _guarded(self, what, fn, *args):
        from ...algorithms import GridPlannerError

        try:
            return fn(*args)
        except GridPlannerError as err:
            self.report_error(str(err))
        except Exception as err:  # noqa: BLE001 - never a raw traceback for the user
            QgsMessageLog.logMessage(f"{what}:\n{traceback.format_exc()}", LOG_TAG, Qgis.Critical)
            self.report_error(tr("{what} failed: {error}. Details are in the Grid Planner log.").format(
                what=what, error=err))
        return None

    # ============================================================ propose
    def propose(self) -> None:
        """Start planning in a background task (button "Propose grids")."""
        self._guarded(tr("Propose"), self._propose)

    def _inputs(self, s: DockSettings, with_buildings: bool = True):
        from ...algorithms import GridPlannerError
        from .. import convert

        buildings = self.buildings_combo.currentLayer()
        if with_buildings and buildings is None:
            raise GridPlannerError(tr("Choose the buildings layer."))
        if not s.options.get("households_field"):
            raise GridPlannerError(tr("Choose the households field of the buildings layer."))
        frames = {"buildings": convert.source_to_gdf(buildings)[0] if with_buildings else None}
        for key, combo in (("communities", self.communities_combo), ("roads", self.roads_combo),
                           ("compounds", self.compounds_combo)):
            layer = combo.currentLayer()
            frames[key] = convert.source_to_gdf(layer)[0] if layer is not None and (
                with_buildings or key not in ("communities", "compounds")) else None
        params = self._params(s)
        water = [convert.source_to_gdf(layer)[0] for layer in self.water_list.layers()]
        return frames, params, water

    def _params(self, s: DockSettings) -> PlanParameters:
        """The parameters of the dock's options: the table's, as the CLI and Processing build them
        (one process: never spawn processes from inside QGIS)."""
        from ...algorithms import PlanParameters

        values = opt.option_values(s.options)
        if not values.get("compound_field") and s.compounds:
            values["compound_field"] = "compound_id"    # where the compound from the polygons is kept
        return PlanParameters.from_options(**values, workers=1)

    def open_existing(self) -> None:
        """Open the plan GeoPackage named in Set-up for editing (button "Open the plan file")."""
        def run():
            from ...algorithms import GridPlannerError

            s = self.settings()
            if not s.output or not os.path.isfile(s.output):
                raise GridPlannerError(tr("Choose an existing plan GeoPackage."))
            if self.task is not None:
                raise GridPlannerError(tr("A task is already running; wait for it or cancel it."))
            s.save()
            frames, params, water = self._inputs(s, with_buildings=False)
            self.open_plan(s.output, params, frames["roads"], water)
            self.status_label.setText(tr("Plan {path} opened.").format(path=s.output))
        self._guarded(tr("Open the plan file"), run)

    def _propose(self) -> None:
        from ...algorithms import GridPlannerError, plan_grids
        from ...algorithms.io import check_output_path

        if self.task is not None:
            raise GridPlannerError(tr("A task is already running; wait for it or cancel it."))
        s = self.settings()
        if not s.output:
            raise GridPlannerError(tr("Choose the GeoPackage the plan is saved in."))
        path = s.output if s.output.lower().endswith(".gpkg") else s.output + ".gpkg"
        check_output_path(path, s.overwrite)
        s.output = path
        s.save()
        frames, params, water = self._inputs(s)
        if os.path.exists(path):
            self.release_file(path)     # the task replaces the file: QGIS must not hold it open
        from .tasks import attach, detach

        inputs = {k: detach(frames[k]) for k in ("buildings", "roads", "communities", "compounds")}
        inputs["water"] = [detach(w) for w in water]
        overwrite = s.overwrite

        def work(is_cancelled, progress):
            result = plan_grids(attach(inputs["buildings"]), roads=attach(inputs["roads"]),
                                communities=attach(inputs["communities"]),
                                water=[attach(w) for w in inputs["water"]] or None, params=params,
                                progress=progress, is_cancelled=is_cancelled,
                                compounds=attach(inputs["compounds"]))
            if is_cancelled():
                return None
            result.grids["locked"] = 0          # the dock's lock flag, part of the plan from the start
            result.write(path, overwrite=overwrite)
            return {"kind": "plan", "path": path, "summary": dict(result.summary)}

        self._context = {"params": params, "roads": frames["roads"], "water": water}
        self.start_task(tr("Grid Planner: planning grids"), work)

    def start_task(self, description: str, work) -> None:
        """Run ``work`` in an :class:`EngineTask` with progress and cancel in the dock."""
        from .tasks import EngineTask

        task = EngineTask(description, work)
        task.progressChanged.connect(lambda value: self.progress.setValue(int(value)))
        task.done.connect(self._on_task_done)
        self.task = task
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self._set_busy(True)
        self.status_label.setText(description + "…")
        QgsApplication.taskManager().addTask(task)

    def cancel_task(self) -> None:
        """Cancel the running task (button, dock closed, project closed)."""
        if self.task is not None:
            try:
                self.task.stop()
            except RuntimeError:  # already deleted by the task manager
                self.task = None

    def _set_busy(self, busy: bool) -> None:
        for button in (self.propose_button, self.open_button, self.split_button, self.repair_button, self.move_button,
                       self.merge_button, self.final_button, self.review_panel.review_button):
            button.setEnabled(not busy)

    def _on_task_done(self, outcome, error) -> None:
        self.task = None
        self.cancel_button.setEnabled(False)
        self._set_busy(False)
        if error:
            self.progress.setValue(0)
            self.report_error(error)
            self.task_finished.emit(False)
            return
        if outcome is None:
            self.progress.setValue(0)
            self.report_info(tr("Cancelled: nothing was changed."), Qgis.Warning)
            self.task_finished.emit(False)
            return
        self.progress.setValue(100)
        ok = self._guarded(tr("Applying the result"), self._apply_outcome, outcome)
        self.task_finished.emit(bool(ok))

    def _apply_outcome(self, outcome) -> bool:
        if outcome["kind"] == "plan":
            self.open_plan(outcome["path"], **self._context)
            s = outcome["summary"]
            message = tr("{grids} grids planned; {share:.0%} of basic grids in the band. Saved in {path}.")
            self.report_info(message.format(grids=s["grids"], share=s["in_band_share"], path=outcome["path"]),
                             Qgis.Success)
        elif outcome["kind"] == "review":
            self.review_panel.apply(outcome)
        else:
            moved = self.session.apply_engine(outcome)
            self.show_moved(moved)
            self._style_grids(self.session)
            self.refresh_views()
            changed = sorted(self.session.last_changes)
            if outcome["kind"] == "split":
                text = tr("Grid {code} split in two: {codes}.").format(
                    code=outcome["target"], codes=", ".join(changed) or outcome["target"])
            elif changed:
                text = tr("Community {code} repaired: {n} grids changed ({codes}).").format(
                    code=outcome["community"], n=len(changed), codes=", ".join(changed))
            else:
                text = tr("Community {code} repaired: no grid changed.").format(code=outcome["community"])
            self._after_edit(text, outcome["target"] if outcome["kind"] == "split" else (changed or [None])[0])
            self.zoom_to_codes(changed)
        return True

    def zoom_to_codes(self, codes) -> None:
        """Show grids ``codes`` on the map (the map follows a split or a repair)."""
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if self.session is None or canvas is None:
            return
        geoms = [self.session.editor.grids[c].geometry for c in codes
                 if c in self.session.editor.grids and self.session.editor.grids[c].geometry is not None]
        if not geoms:
            return
        import shapely
        from qgis.core import QgsCoordinateTransform, QgsRectangle

        minx, miny, maxx, maxy = shapely.bounds(shapely.union_all(geoms))
        transform = QgsCoordinateTransform(self.session.grids_layer.crs(), canvas.mapSettings().destinationCrs(),
                                           QgsProject.instance())
        extent = transform.transformBoundingBox(QgsRectangle(minx, miny, maxx, maxy))
        extent.scale(1.3)
        canvas.setExtent(extent)
        canvas.refresh()

    # ========================================================= plan layers
    def open_plan(self, path: str, params: PlanParameters, roads: gpd.GeoDataFrame | None = None,
                  water: list[gpd.GeoDataFrame] | None = None, reuse: bool = False) -> None:
        """Load the plan GeoPackage's layers (styled, in a group) and start editing it.

        The plan keeps the band and sequence width it was made with (its metadata); the
        other parameters are ``params``. With ``reuse``, the project's own layers of the plan
        (a project read again) are used when it has them.
        """
        from ...algorithms import GridPlannerError
        from . import store
        from .session import PlanSession, ensure_locked_field

        project = QgsProject.instance()
        layers = self._project_plan_layers(path) if reuse else {}
        if "grids" not in layers or "buildings" not in layers or layers["grids"].fields().lookupField("locked") < 0:
            layers = {}
            self.release_file(path)
        self.close_session()
        self._saved = None
        if not layers:
            ensure_locked_field(path)
        params = store.plan_parameters(path, params)
        root = project.layerTreeRoot()
        group = root.findGroup(GROUP_NAME) or root.insertGroup(0, GROUP_NAME)
        for name in ("problems", "buildings", "grids"):
            if name in layers or (layers and name == "problems"):
                continue
            layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
            if not layer.isValid():
                if name == "problems":
                    continue
                raise GridPlannerError(tr("Could not open the layer {name} of {path}.").format(name=name, path=path))
            project.addMapLayer(layer, False)
            group.addLayer(layer)
            layers[name] = layer
        style_grids(layers["grids"], editing=True, sequence_width=params.sequence_width)
        style_buildings(layers["buildings"])
        if "problems" in layers:
            style_problems(layers["problems"], editing=True)
        self.session = PlanSession(path, layers["grids"], layers["buildings"], params, roads, water,
                                   problems=layers.get("problems"))
        set_open_plan_entry(path)
        self.session.refreshed.connect(lambda *_: self.refresh_views())
        self.session.failed.connect(self.report_error)
        self.session.grids_layer.selectionChanged.connect(self._on_map_selection)
        from .overlays import add_overlays

        self.overlays = add_overlays(self.session, group)
        self._style_grids(self.session)
        self.populate_communities()
        self.refresh_views()
        self.tabs.setCurrentIndex(1)
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is not None:
            canvas.setDestinationCrs(layers["grids"].crs())
            canvas.setExtent(layers["grids"].extent())
            canvas.refresh()

    @staticmethod
    def _project_plan_layers(path: str) -> dict[str, QgsVectorLayer]:
        """The project's layers of the plan GeoPackage ``path`` by layer name (grids, buildings, problems)."""
        found: dict[str, QgsVectorLayer] = {}
        for layer in QgsProject.instance().mapLayers().values():
            if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr":
                continue
            parts = layer.source().split("|")
            name = next((p.split("=", 1)[1] for p in parts[1:] if p.startswith("layername=")), None)
            if name in ("grids", "buildings", "problems") and name not in found and _same_file(parts[0], path):
                found[name] = layer
        return found

    def release_file(self, path: str) -> None:
        """Remove the project's layers of the GeoPackage ``path`` so QGIS lets go of it.

        Refuses (nothing removed) while one of them holds unsaved edits: removing it would
        drop them silently.
        """
        from ...algorithms import GridPlannerError

        project = QgsProject.instance()
        layers = [layer for layer in project.mapLayers().values()
                  if isinstance(layer, QgsVectorLayer) and _same_file(layer.source().split("|")[0], path)]
        unsaved = [layer.name() for layer in layers if layer.isEditable() and layer.isModified()]
        if unsaved:
            raise GridPlannerError(tr(
                "The layer “{layer}” of {path} has unsaved edits: save them (Save edits) or undo them "
                "first.").format(layer=unsaved[0], path=path))
        if self.session is not None and _same_file(self.session.path, path):
            self.close_session()
        for layer in layers:
            if layer.isEditable():
                layer.rollBack()
            project.removeMapLayer(layer.id())

    @staticmethod
    def _style_grids(session: PlanSession) -> None:
        from ...algorithms.labels import community_short_name

        short = {code: community_short_name(name, code) for code, name in session.community_names.items()}
        style_grids(session.grids_layer, editing=True, sequence_width=session.params.sequence_width,
                    short_names=short, site_names=session.site_names(), target=session.params.band.target)

    def close_session(self) -> None:
        """Forget the plan being edited (its layers stay in the project)."""
        if self.session is not None:
            try:
                self.session.grids_layer.selectionChanged.disconnect(self._on_map_selection)
            except (TypeError, RuntimeError):
                pass
            self.session.disconnect_layers()
            self.session = None
        self.current_grid = None
        self.model.set_frame(self.model.frame.iloc[0:0])
        self.chart.set_data(self.model.frame, "households", None)

    def populate_communities(self) -> None:
        """Fill the community chooser from the plan."""
        current = self.community_combo.currentData()
        self.community_combo.blockSignals(True)
        self.community_combo.clear()
        for code in self.session.editor.community_codes():
            name = self.session.community_names.get(code)
            self.community_combo.addItem(f"{code} {name}" if name else code, code)
        index = self.community_combo.findData(current)
        self.community_combo.setCurrentIndex(max(index, 0))
        self.community_combo.blockSignals(False)

    def community(self) -> str | None:
        """Community shown in the table."""
        return self.community_combo.currentData()

    # ============================================================= inspect
    def refresh_views(self) -> None:
        """Refresh table, chart, summary and grid choosers from the session."""
        if self.session is None:
            return
        community = self.community()
        frame = self.session.editor.table(community)
        self.model.sequence_width = self.session.params.sequence_width
        self.model.update_rows(frame)
        p = self.session.params
        self.chart.set_data(frame, self.chart_column.currentData() or "households", p.band, p.sequence_width)
        s = self.session.editor.summary(community)
        self._summary = s
        self.summary_label.setText(tr(
            "{grids} grids, {households} households; {share:.0%} of basic grids in the band; "
            "workload CV {cv:.2f}; {parts} in several parts; {crossings} barrier crossings.").format(
            grids=s["grids"], households=s["households"], share=s["in_band_share"] if s["grids"] else 0,
            cv=s["workload_cv"] if s["grids"] else 0, parts=s["noncontiguous_grids"], crossings=s["barrier_crossings"]))
        codes = list(frame["grid_code"])
        for combo in (self.target_combo, self.merge_combo):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(codes)
            if current in codes:
                combo.setCurrentText(current)
            combo.blockSignals(False)
        self.problem_list.set_rows(problem_rows(self.session.editor, community), p.sequence_width)
        if self.current_grid not in self.session.editor.grids or not self.session.editor.grids[
                self.current_grid].n_buildings:
            self.current_grid = None
        self.show_grid_info(self.current_grid)
        self.refresh_scenarios()

    def selected_grid(self) -> str | None:
        """The grid the actions act on: the last chosen on the map, in the table or in the problem
        list (else the row selected in the table)."""
        if self.current_grid is not None:
            return self.current_grid
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.code_at(rows[0].row()) if rows else None

    def grid_text(self, code: str | None) -> str:
        """A grid's figures and the reason of its status, for the dock."""
        if self.session is None or code is None or code not in self.session.editor.grids:
            return tr("Select a grid on the map, in the table or in the list.")
        editor = self.session.editor
        row = editor.grids[code]
        band = self.session.params.band
        text = tr("Grid {code}: {households} households ({deviation:+d} from the target {target}), {buildings} "
                  "buildings, workload {workload:.0f}, compactness {compactness:.2f}; {status}{locked}.").format(
            code=code, households=row.households, deviation=row.households - band.target, target=band.target,
            buildings=row.n_buildings, workload=editor.workload_of(code), compactness=row.compactness,
            status=status_text(row.status), locked=tr(", locked") if row.locked else "")
        reason = editor.reason_of(code)
        return text + ("\n" + tr("Why: {reason}").format(reason=reason) if reason else "")

    def show_grid_info(self, code: str | None) -> None:
        """Show grid ``code``'s figures and reason under the table and in the Redraw tab."""
        text = self.grid_text(code)
        self.grid_info.setText(text if code else "")
        self.current_label.setText(text)

    def set_current_grid(self, code: str | None) -> None:
        """Make ``code`` the grid the actions act on, shown in the table, chart and problem list."""
        self.current_grid = code
        if code is not None:
            self._select_row(code)
        self.chart.set_highlight(code)
        self.problem_list.select_code(code)
        self.show_grid_info(code)

    def _on_map_selection(self, selected, _deselected, _clear) -> None:
        """A grid clicked on the map (QGIS's select tool) becomes the dock's grid."""
        if self._selecting or self.session is None or len(selected) != 1:
            return
        fid = int(selected[0])
        code = next((c for c, f in self.session.grid_fid.items() if f == fid), None)
        if code is None:
            return
        community = self.session.editor.grids[code].community
        if community != self.community():
            index = self.community_combo.findData(community)
            if index >= 0:
                self.community_combo.setCurrentIndex(index)
        self.set_current_grid(code)

    def select_grid(self, code: str) -> None:
        """Select grid ``code`` in the table: the grid the actions act on."""
        self.set_current_grid(code)

    def _select_row(self, code: str) -> None:
        row = self.model.row_of(code)
        if row >= 0:
            self.table.selectRow(row)

    def zoom_to_grid(self, code: str | None) -> None:
        """Zoom the map to a grid and highlight it in the chart."""
        if self.session is None or not code:
            return
        self.set_current_grid(code)
        row = self.session.editor.grids.get(code)
        layer = self.session.grids_layer
        fid = self.session.grid_fid.get(code)
        if fid is not None:
            self._selecting = True
            try:
                layer.selectByIds([fid])
            finally:
                self._selecting = False
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if row is None or row.geometry is None or canvas is None:
            return
        from qgis.core import QgsCoordinateTransform, QgsRectangle

        minx, miny, maxx, maxy = row.geometry.bounds
        extent = QgsRectangle(minx, miny, maxx, maxy)
        transform = QgsCoordinateTransform(layer.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
        extent = transform.transformBoundingBox(extent)
        extent.scale(1.3)
        canvas.setExtent(extent)
        canvas.refresh()

    # ============================================================== redraw
    def _need_session(self):
        from ...algorithms import GridPlannerError

        if self.session is None:
            raise GridPlannerError(tr("Propose a plan first (or open one)."))
        return self.session

    def move_selected(self) -> None:
        """Move the buildings selected on the map to the target grid."""
        def run():
            self.move_fids(self._need_session().buildings_layer.selectedFeatureIds())
        self._guarded(tr("Move"), run)

    def move_fids(self, fids) -> None:
        """Move buildings (feature ids) to the target grid; whole compounds when ticked.

        A move out of or into a locked grid is refused unless the planner confirms the
        override (recorded in the audit log); a move that breaks a hard rule is warned about
        with an Undo button."""
        def run():
            from ...algorithms.editing import LockedGridError

            session = self._need_session()
            code = self.target_combo.currentText()
            whole = self.compound_check.isChecked()
            try:
                n = session.move(fids, code, whole)
            except LockedGridError as err:
                if not self.ask(tr("Locked grid"), str(err) + "\n\n" + tr("Move the buildings anyway?")):
                    self._after_edit(tr("Nothing moved: grid {codes} is locked.").format(codes=", ".join(err.codes)))
                    return
                n = session.move(fids, code, whole, override=True)
            self._after_edit(tr("{n} buildings moved to grid {code}.").format(n=n, code=code), code)
        self._guarded(tr("Move"), run)

    def _after_edit(self, text: str, code: str | None = None) -> None:
        """After an action: stale messages cleared, the status line and the map follow, and a
        broken hard rule is warned about with an Undo button."""
        self._clear_messages()
        self.status_label.setText(text)
        if code is not None and self.session is not None and code in self.session.editor.grids:
            self.set_current_grid(code)
        breaks = self.session.last_breaks if self.session is not None else []
        if breaks:
            self.warn_breaks(breaks)
        self.refresh_audit()

    def warn_breaks(self, breaks) -> None:
        """A warning in the message bar naming every rule the edit broke, with an Undo button."""
        text = " ".join(b.message for b in breaks)
        self.last_warning = text
        self.status_label.setText(self.status_label.text() + " " + text)
        bar = self.iface.messageBar() if self.iface is not None else None
        if bar is None:
            return
        item = bar.createMessage(tr("Grid Planner"), text)
        button = QPushButton(tr("Undo"))
        button.clicked.connect(lambda: (self._undo_stack_call("undo"), self._clear_messages()))
        item.layout().addWidget(button)
        self.undo_warning_button = button
        bar.pushWidget(item, Qgis.Warning, 0)
        self._bar_items.append(item)

    def _clear_messages(self) -> None:
        """Remove the dock's earlier messages from the message bar (they no longer hold)."""
        bar = self.iface.messageBar() if self.iface is not None else None
        for item in self._bar_items:
            try:
                if bar is not None:
                    bar.popWidget(item)
            except RuntimeError:        # closed by the user already
                pass
        self._bar_items = []
        self.last_error = None

    def toggle_map_tool(self, on: bool) -> None:
        """Switch the click-to-move map tool on or off."""
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is None:
            return
        if on:
            from .maptool import MoveBuildingTool

            self.map_tool = MoveBuildingTool(canvas, self)
            self.map_tool.deactivated.connect(lambda: self.map_tool_button.setChecked(False))
            canvas.setMapTool(self.map_tool)
        elif self.map_tool is not None and canvas.mapTool() is self.map_tool:
            canvas.unsetMapTool(self.map_tool)

    def merge_selected(self) -> None:
        """Merge the grid selected in the table into the grid chosen next to the button."""
        def run():
            session = self._need_session()
            from ...algorithms.editing import LockedGridError

            other, keep = self._table_choice(), self.merge_combo.currentText()
            try:
                n = session.merge(keep, other)
            except LockedGridError as err:
                if not self.ask(tr("Locked grid"), str(err) + "\n\n" + tr("Merge anyway?")):
                    self._after_edit(tr("Nothing merged: grid {codes} is locked.").format(codes=", ".join(err.codes)))
                    return
                n = session.merge(keep, other, override=True)
            self._after_edit(tr("Grid {other} merged into {keep} ({n} buildings).").format(
                other=other, keep=keep, n=n), keep)
        self._guarded(tr("Merge"), run)

    def _table_choice(self) -> str:
        from ...algorithms import GridPlannerError

        code = self.selected_grid()
        if not code:
            raise GridPlannerError(tr("Select a grid on the map, in the table or in the problem list first."))
        return code

    def toggle_lock(self) -> None:
        """Lock the grid selected in the table, or unlock it."""
        def run():
            session = self._need_session()
            code = self._table_choice()
            locked = not session.editor.grids[code].locked
            session.set_locked(code, locked)
            session.last_breaks = []
            self._after_edit((tr("Grid {code} locked.") if locked else tr("Grid {code} unlocked.")).format(code=code),
                             code)
        self._guarded(tr("Lock"), run)

    def split_selected(self) -> None:
        """Split the grid selected in the table in two with the engine (background task)."""
        def run():
            from ...algorithms import GridPlannerError

            session = self._need_session()
            if self.task is not None:
                raise GridPlannerError(tr("A task is already running; wait for it or cancel it."))
            code = self._table_choice()
            self.start_task(tr("Grid Planner: splitting grid {code}").format(code=code), session.split_work(code))
        self._guarded(tr("Split"), run)

    def repair(self) -> None:
        """Re-plan the community around the edits, keeping locked grids (background task)."""
        def run():
            from ...algorithms import GridPlannerError

            session = self._need_session()
            if self.task is not None:
                raise GridPlannerError(tr("A task is already running; wait for it or cancel it."))
            community = self.community()
            self.start_task(tr("Grid Planner: repairing community {code}").format(code=community),
                            session.repair_work(community))
        self._guarded(tr("Repair"), run)

    def show_moved(self, moved) -> None:
        """Tell what a repair or split moved and changed, and select those buildings on the map."""
        width = self.session.params.sequence_width
        changes = self.session.last_changes
        if changes:
            changed = "; ".join(tr("{code}: {before} → {after} households").format(
                code=short_code(c, width), before=b, after=a) for c, (b, a) in sorted(changes.items()))
        if not len(moved):
            self.moved_label.setText(tr("Nothing moved."))
        else:
            pairs = moved.groupby(["from", "to"], sort=True)["households"].agg(["count", "sum"]).reset_index()
            lines = [tr("{n} buildings ({h} households) changed grid:").format(
                n=len(moved), h=int(moved["households"].sum()))]
            head = pairs.head(8)
            width = self.session.params.sequence_width
            for src, dst, n, h in zip(head["from"], head["to"], head["count"], head["sum"]):
                lines.append(tr("  {src} → {dst}: {n} buildings, {h} households").format(
                    src=str(src)[-width:], dst=str(dst)[-width:], n=int(n), h=int(h)))
            if len(pairs) > 8:
                lines.append("  …")
            if changes:
                lines.append(tr("Grids changed: {changes}").format(changes=changed))
            self.moved_label.setText("\n".join(lines))
        self.session.buildings_layer.selectByIds([int(f) for f in moved["building_fid"]])

    def _undo_stack_call(self, what: str) -> None:
        def run():
            stack = self._need_session().buildings_layer.undoStack()
            getattr(stack, what)()
            self.session.last_breaks = []
            self._after_edit(tr("Last edit undone.") if what == "undo" else tr("Last edit redone."))
        self._guarded(tr("Undo"), run)

    def save_edits(self) -> bool:
        """Save the buildings layer's edits (grids are already written), checked on disk.

        Returns True only when the GeoPackage holds the plan the dock shows; otherwise the
        error is shown and the edits stay in the edit buffer.
        """
        def run():
            session = self._need_session()
            session.save()      # checked: a failed save raises with QGIS's errors, the edits kept
            self.report_info(tr("Edits saved in {path}.").format(path=session.path), Qgis.Success)
            return True
        return bool(self._guarded(tr("Save edits"), run))

    # =========================================================== scenarios
    def save_scenario(self, name: str | None = None) -> None:
        """Keep the current plan of the community as a named scenario."""
        def run():
            session = self._need_session()
            text = name if name is not None else self.scenario_name.text()
            session.save_scenario(text, self.community())
            self.scenario_name.clear()
            self.refresh_scenarios(reread=True)
            self.status_label.setText(tr("Scenario “{name}” kept.").format(name=text))
        self._guarded(tr("Keep scenario"), run)

    def refresh_scenarios(self, reread: bool = False) -> None:
        """Rebuild the comparison table (saved scenarios are read again only when ``reread``)."""
        if self.session is None or self.community() is None:
            return
        community = self.community()
        if reread or self._saved is None or self._saved[0] != community:
            from . import store

            saved = self._guarded(tr("Compare scenarios"), self.session.scenario_summaries, community)
            if saved is None:
                return
            self._saved = (community, saved, store.final(self.session.path, community))
        _, saved, final = self._saved
        table = self.session.compare(community, saved, getattr(self, "_summary", None))
        labels = _metric_labels()
        self.compare_table.clear()
        self.compare_table.setRowCount(len(table.index))
        self.compare_table.setColumnCount(len(table.columns))
        headers = [tr("(current)") if c == "(current)" else (f"★ {c}" if c == final else str(c)) for c in table.columns]
        self.compare_table.setHorizontalHeaderLabels(headers)
        self.compare_table.setVerticalHeaderLabels([labels.get(k, k) for k in table.index])
        for r, key in enumerate(table.index):
            for c, column in enumerate(table.columns):
                value = table.at[key, column]
                text = "" if value is None else (f"{value:.0%}" if key == "in_band_share" else
                                                 f"{value:.2f}" if isinstance(value, float) else str(value))
                item = QTableWidgetItem(text)
                item.setTextAlignment(int(Qt.AlignRight | Qt.AlignVCenter))
                self.compare_table.setItem(r, c, item)
        names = [c for c in table.columns if c != "(current)"]
        if [self.final_combo.itemText(i) for i in range(self.final_combo.count())] != names:
            current = self.final_combo.currentText()
            self.final_combo.clear()
            self.final_combo.addItems(names)
            if current:
                self.final_combo.setCurrentText(current)

    def use_scenario(self, name: str | None = None) -> None:
        """Make the chosen scenario the community's plan (undoable) and mark it final."""
        def run():
            from ...algorithms import GridPlannerError

            session = self._need_session()
            text = name or self.final_combo.currentText()
            if not text:
                raise GridPlannerError(tr("Keep a scenario first."))
            n = session.use_scenario(text, self.community())
            self._style_grids(session)
            self.refresh_views()
            self.refresh_scenarios(reread=True)
            self.status_label.setText(tr("Scenario “{name}” is now the plan ({n} buildings changed grid).").format(
                name=text, n=n))
        self._guarded(tr("Use scenario"), run)

    # =========================================================== audit log
    def refresh_audit(self) -> None:
        """Show the plan's audit log (read from its GeoPackage)."""
        if self.session is None:
            return
        frame = self._guarded(tr("Audit log"), self.session.audit_log)
        if frame is not None:
            self.audit_table.set_frame(frame, self.session.params.sequence_width, self.session.community_names)

    def export_audit(self, path: str | None = None, overwrite: bool = False) -> bool:
        """Write the plan's audit log to a CSV file (asked for when ``path`` is None)."""
        def run():
            from ...algorithms.audit import write_csv
            from ...algorithms.errors import OutputExistsError

            session = self._need_session()
            target, replace = path, overwrite
            if target is None:
                from qgis.PyQt.QtWidgets import QFileDialog

                start = str(Path(session.path).with_name(Path(session.path).stem + "_audit_log.csv"))
                target, _ = QFileDialog.getSaveFileName(self, tr("Export the audit log"), start, tr("CSV (*.csv)"))
                if not target:
                    return False
                replace = True      # the file dialog has asked already
            try:
                write_csv(session.audit_log(), target, overwrite=replace)
            except OutputExistsError as err:
                raise OutputExistsError(tr("{path} exists; choose another file name.").format(path=target)) from err
            self.report_info(tr("Audit log written to {path}.").format(path=target), Qgis.Success)
            return True
        return bool(self._guarded(tr("Export the audit log"), run))

    # ============================================================ closing
    def closeEvent(self, event):  # noqa: N802
        self.cancel_task()
        super().closeEvent(event)

    def cleanup(self) -> None:
        """Disconnect from the project (plugin unload)."""
        self.cancel_task()
        self.toggle_map_tool(False)
        self.close_session()
        project = QgsProject.instance()
        for signal, slot in ((project.readProject, self._on_project_read), (project.cleared, self._on_project_cleared),
                             (project.layersAdded, self.preselect_layers)):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.exists(a) and os.path.exists(b) and Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
