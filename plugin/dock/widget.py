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
from qgis.gui import QgsDockWidget, QgsFieldComboBox, QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from ..styling import style_buildings, style_grids, style_problems
from .chart import BandChart
from .model import GridTableModel
from .settings import DockSettings

if TYPE_CHECKING:
    import geopandas as gpd

    from ...algorithms import PlanParameters
    from .session import PlanSession

LOG_TAG = "Grid Planner"
GROUP_NAME = "Grid Planner"


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
        self._saved = None          # (community, scenario summaries, final name): read once per change
        self._build()
        self.load_settings()
        project = QgsProject.instance()
        project.readProject.connect(self._on_project_read)
        project.cleared.connect(self._on_project_cleared)
        self.closed.connect(self.cancel_task)

    # ================================================================= UI
    def _build(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(self._setup_tab(), tr("Set-up"))
        self.tabs.addTab(self._grids_tab(), tr("Grids"))
        self.tabs.addTab(self._edit_tab(), tr("Redraw"))
        self.tabs.addTab(self._scenario_tab(), tr("Scenarios"))
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

    def _field_combo(self, layer_combo, numeric=False, optional=True):
        combo = QgsFieldComboBox()
        combo.setAllowEmptyFieldName(optional)
        if numeric:
            combo.setFilters(QgsFieldProxyModel.Numeric)
        combo.setLayer(layer_combo.currentLayer())
        layer_combo.layerChanged.connect(combo.setLayer)
        return combo

    def _setup_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.buildings_combo = self._layer_combo(QgsMapLayerProxyModel.PolygonLayer | QgsMapLayerProxyModel.PointLayer)
        self.communities_combo = self._layer_combo(QgsMapLayerProxyModel.PolygonLayer, optional=True)
        self.roads_combo = self._layer_combo(QgsMapLayerProxyModel.LineLayer, optional=True)
        self.water_combo = self._layer_combo(QgsMapLayerProxyModel.PolygonLayer, optional=True)
        self.waterway_combo = self._layer_combo(QgsMapLayerProxyModel.LineLayer, optional=True)
        self.compounds_combo = self._layer_combo(QgsMapLayerProxyModel.PolygonLayer, optional=True)
        self.households_field = self._field_combo(self.buildings_combo, numeric=True, optional=False)
        self.population_field = self._field_combo(self.buildings_combo, numeric=True)
        self.compound_field = self._field_combo(self.buildings_combo)
        self.dedicated_field = self._field_combo(self.buildings_combo)
        self.code_field = self._field_combo(self.communities_combo)
        self.name_field = self._field_combo(self.communities_combo)
        self.road_class_field = self._field_combo(self.roads_combo)
        form.addRow(tr("Buildings"), self.buildings_combo)
        form.addRow(tr("  households"), self.households_field)
        form.addRow(tr("  population"), self.population_field)
        form.addRow(tr("  compound (小区)"), self.compound_field)
        form.addRow(tr("Compounds (小区 polygons)"), self.compounds_combo)
        form.addRow(tr("  dedicated site"), self.dedicated_field)
        form.addRow(tr("Communities"), self.communities_combo)
        form.addRow(tr("  code"), self.code_field)
        form.addRow(tr("  name"), self.name_field)
        form.addRow(tr("Roads"), self.roads_combo)
        form.addRow(tr("  road class"), self.road_class_field)
        form.addRow(tr("Water areas"), self.water_combo)
        form.addRow(tr("Rivers (lines)"), self.waterway_combo)
        band = QHBoxLayout()
        self.min_spin, self.target_spin, self.max_spin = QSpinBox(), QSpinBox(), QSpinBox()
        for spin, label in ((self.min_spin, tr("min")), (self.target_spin, tr("target")), (self.max_spin, tr("max"))):
            spin.setRange(1, 100000)
            band.addWidget(QLabel(label))
            band.addWidget(spin)
        form.addRow(tr("Households per grid"), band)
        self.weights_file = QgsFileWidget()
        self.weights_file.setFilter(tr("Workload weights (*.toml *.json)"))
        form.addRow(tr("Workload weights"), self.weights_file)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        form.addRow(tr("Random seed"), self.seed_spin)
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
        return page

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
        splitter = QSplitter(Qt.Vertical)
        self.model = GridTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.clicked.connect(lambda index: self.zoom_to_grid(self.model.code_at(index.row())))
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

        shape = QGroupBox(tr("Split, merge, lock (grid selected in the table)"))
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
        layout.addStretch(1)
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
            roads=layer_id(self.roads_combo), water=layer_id(self.water_combo),
            waterways=layer_id(self.waterway_combo), compounds=layer_id(self.compounds_combo),
            households_field=self.households_field.currentField(),
            population_field=self.population_field.currentField(),
            compound_field=self.compound_field.currentField(), dedicated_field=self.dedicated_field.currentField(),
            community_code_field=self.code_field.currentField(), community_name_field=self.name_field.currentField(),
            road_class_field=self.road_class_field.currentField(), min_households=self.min_spin.value(),
            max_households=self.max_spin.value(), target_households=self.target_spin.value(),
            weights=self.weights_file.filePath(), seed=self.seed_spin.value(), output=self.output_file.filePath(),
            overwrite=self.overwrite_check.isChecked())

    def apply_settings(self, s: DockSettings) -> None:
        """Show ``s`` in the widgets (layers by id, fields by name)."""
        project = QgsProject.instance()
        for combo, layer_id in ((self.buildings_combo, s.buildings), (self.communities_combo, s.communities),
                                (self.roads_combo, s.roads), (self.water_combo, s.water),
                                (self.waterway_combo, s.waterways), (self.compounds_combo, s.compounds)):
            layer = project.mapLayer(layer_id) if layer_id else None
            if layer is not None or combo.allowEmptyLayer():
                combo.setLayer(layer)
        for combo, name in ((self.households_field, s.households_field), (self.population_field, s.population_field),
                            (self.compound_field, s.compound_field), (self.dedicated_field, s.dedicated_field),
                            (self.code_field, s.community_code_field), (self.name_field, s.community_name_field),
                            (self.road_class_field, s.road_class_field)):
            combo.setField(name)
        self.min_spin.setValue(s.min_households)
        self.max_spin.setValue(s.max_households)
        self.target_spin.setValue(s.target_households)
        self.weights_file.setFilePath(s.weights)
        self.seed_spin.setValue(s.seed)
        self.output_file.setFilePath(s.output)
        self.overwrite_check.setChecked(s.overwrite)

    def load_settings(self) -> None:
        """Restore the choices stored in the current project."""
        self.apply_settings(DockSettings.load())

    def _on_project_read(self, *_):
        self.load_settings()

    def _on_project_cleared(self):
        self.cancel_task()
        self.close_session()

    # ========================================================== messages
    def report_error(self, text: str) -> None:
        """Show an error in the message bar (never a traceback) and in the dock."""
        self.last_error = text
        self.status_label.setText(text)
        bar = self.iface.messageBar() if self.iface is not None else None
        if bar is not None:
            bar.pushMessage(tr("Grid Planner"), text, Qgis.Critical, 0)

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
        if not s.households_field:
            raise GridPlannerError(tr("Choose the households field of the buildings layer."))
        frames = {"buildings": convert.source_to_gdf(buildings)[0] if with_buildings else None}
        for key, combo in (("communities", self.communities_combo), ("roads", self.roads_combo),
                           ("water", self.water_combo), ("waterways", self.waterway_combo),
                           ("compounds", self.compounds_combo)):
            layer = combo.currentLayer()
            frames[key] = convert.source_to_gdf(layer)[0] if layer is not None and (
                with_buildings or key not in ("communities", "compounds")) else None
        params = self._params(s)
        water = [f for f in (frames["water"], frames["waterways"]) if f is not None]
        return frames, params, water

    def _params(self, s: DockSettings) -> PlanParameters:
        from ...algorithms import PlanParameters

        return PlanParameters.from_options(
            households_field=s.households_field, population_field=s.population_field,
            compound_field=s.compound_field or ("compound_id" if s.compounds else None),
            dedicated_field=s.dedicated_field,
            community_code_field=s.community_code_field, community_name_field=s.community_name_field,
            road_class_field=s.road_class_field, min_households=s.min_households,
            max_households=s.max_households, target_households=s.target_households, weights=s.weights,
            seed=s.seed, workers=1)

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
                       self.merge_button, self.final_button):
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
        else:
            moved = self.session.apply_engine(outcome)
            self.show_moved(moved)
            self._style_grids(self.session)
            self.refresh_views()
        return True

    # ========================================================= plan layers
    def open_plan(self, path: str, params: PlanParameters, roads: gpd.GeoDataFrame | None = None,
                  water: list[gpd.GeoDataFrame] | None = None) -> None:
        """Load the plan GeoPackage's layers (styled, in a group) and start editing it.

        The plan keeps the band and sequence width it was made with (its metadata); the
        other parameters are ``params``.
        """
        from ...algorithms import GridPlannerError
        from . import store
        from .session import PlanSession, ensure_locked_field

        self.release_file(path)
        self.close_session()
        self._saved = None
        project = QgsProject.instance()
        ensure_locked_field(path)
        params = store.plan_parameters(path, params)
        root = project.layerTreeRoot()
        group = root.findGroup(GROUP_NAME) or root.insertGroup(0, GROUP_NAME)
        layers = {}
        for name in ("problems", "buildings", "grids"):
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
        self.session = PlanSession(path, layers["grids"], layers["buildings"], params, roads, water)
        self.session.refreshed.connect(lambda *_: self.refresh_views())
        self.session.failed.connect(self.report_error)
        self._style_grids(self.session)
        self.populate_communities()
        self.refresh_views()
        self.tabs.setCurrentIndex(1)
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is not None:
            canvas.setDestinationCrs(layers["grids"].crs())
            canvas.setExtent(layers["grids"].extent())
            canvas.refresh()

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
        style_grids(session.grids_layer, editing=True, sequence_width=session.params.sequence_width)

    def close_session(self) -> None:
        """Forget the plan being edited (its layers stay in the project)."""
        if self.session is not None:
            self.session.disconnect_layers()
            self.session = None
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
        self.refresh_scenarios()

    def selected_grid(self) -> str | None:
        """Grid selected in the table."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.code_at(rows[0].row()) if rows else None

    def select_grid(self, code: str) -> None:
        """Select grid ``code`` in the table."""
        row = self.model.row_of(code)
        if row >= 0:
            self.table.selectRow(row)

    def zoom_to_grid(self, code: str | None) -> None:
        """Zoom the map to a grid and highlight it in the chart."""
        if self.session is None or not code:
            return
        self.select_grid(code)
        self.chart.set_highlight(code)
        row = self.session.editor.grids.get(code)
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if row is None or row.geometry is None or canvas is None:
            return
        layer = self.session.grids_layer
        fid = self.session.grid_fid.get(code)
        if fid is not None:
            layer.selectByIds([fid])
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
        """Move buildings (feature ids) to the target grid; whole compounds when ticked."""
        def run():
            session = self._need_session()
            code = self.target_combo.currentText()
            n = session.move(fids, code, self.compound_check.isChecked())
            self.status_label.setText(tr("{n} buildings moved to grid {code}.").format(n=n, code=code))
        self._guarded(tr("Move"), run)

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
            other, keep = self._table_choice(), self.merge_combo.currentText()
            n = session.merge(keep, other)
            self.status_label.setText(tr("Grid {other} merged into {keep} ({n} buildings).").format(
                other=other, keep=keep, n=n))
        self._guarded(tr("Merge"), run)

    def _table_choice(self) -> str:
        from ...algorithms import GridPlannerError

        code = self.selected_grid()
        if not code:
            raise GridPlannerError(tr("Select a grid in the table first."))
        return code

    def toggle_lock(self) -> None:
        """Lock the grid selected in the table, or unlock it."""
        def run():
            session = self._need_session()
            code = self._table_choice()
            session.set_locked(code, not session.editor.grids[code].locked)
            self.select_grid(code)
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
        """Tell what a repair or split moved and select those buildings on the map."""
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
            self.moved_label.setText("\n".join(lines))
        self.session.buildings_layer.selectByIds([int(f) for f in moved["building_fid"]])

    def _undo_stack_call(self, what: str) -> None:
        def run():
            stack = self._need_session().buildings_layer.undoStack()
            getattr(stack, what)()
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
        for signal, slot in ((project.readProject, self._on_project_read), (project.cleared, self._on_project_cleared)):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.exists(a) and os.path.exists(b) and Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
