"""The QGIS plugin object: menu, toolbar, Processing provider, translations.

QGIS creates it through ``classFactory`` in the package's ``__init__``; desktop QGIS
then calls :meth:`GridPlannerPlugin.initGui`, ``qgis_process`` calls
:meth:`GridPlannerPlugin.initProcessing` (``hasProcessingProvider=yes``), and both
call :meth:`GridPlannerPlugin.unload` at the end. None of these ever raises into
QGIS: errors are logged to the "Grid Planner" tab of the message log and shown in
the message bar.
"""

from __future__ import annotations

import traceback
from contextlib import contextmanager

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QAction, QMessageBox

from . import dependencies, i18n, native
from .i18n import tr
from .provider import GridPlannerProvider
from .resources import plugin_icon

#: Menu (under Vector and under Plugins) holding the plugin's actions.
MENU = "Grid Planner / 网格规划"
#: Tab of the QGIS message log the plugin writes to.
LOG_TAG = "Grid Planner"
#: Processing id of the main algorithm.
PLAN_GRIDS_ID = "gridplanner:plangrids"


class GridPlannerPlugin:
    """Grid Planner inside QGIS."""

    def __init__(self, iface):
        self.iface = iface
        self.provider: GridPlannerProvider | None = None
        self.actions: list[QAction] = []
        self.toolbar_actions: list[QAction] = []
        self.menus: list[tuple[str, QAction]] = []
        self.translator = None
        self.dock = None
        self.dependency_problems: list[dependencies.Problem] = []
        with self._guard("__init__"):
            self.translator = i18n.install_translator()
            from ..algorithms.i18n import set_front_end

            set_front_end("qgis")       # remedies name QGIS's check boxes, never "--overwrite"
        with self._guard("dependency check"):
            self.dependency_problems = dependencies.check()
            if self.dependency_problems:
                self._log(dependencies.message(self.dependency_problems), Qgis.Warning)
        with self._guard("loading native libraries"):
            # Before anything else imports shapely/pyproj/pyogrio (see native.py).
            for note in native.isolate():
                self._log(note, Qgis.Warning)

    # ----------------------------------------------------------- plumbing
    def _log(self, text: str, level=Qgis.Info) -> None:
        QgsMessageLog.logMessage(text, LOG_TAG, level)

    @contextmanager
    def _guard(self, what: str):
        """Log (never raise) any exception of the block: a plugin must not break QGIS."""
        try:
            yield
        except Exception as err:  # noqa: BLE001
            self._log(f"{what} failed:\n{traceback.format_exc()}", Qgis.Critical)
            bar = self._message_bar()
            if bar is not None:
                try:
                    bar.pushMessage(
                        tr("Grid Planner"),
                        tr("An error occurred ({what}): {error}. See the Grid Planner tab of the log.").format(
                            what=what, error=err
                        ),
                        Qgis.Critical,
                        0,
                    )
                except Exception:  # noqa: BLE001
                    pass

    def _message_bar(self):
        if self.iface is None:
            return None
        try:
            return self.iface.messageBar()
        except Exception:  # noqa: BLE001
            return None

    # ---------------------------------------------------------- Processing
    def initProcessing(self):  # noqa: N802
        """Register the Processing provider once (QGIS and qgis_process call this)."""
        with self._guard("initProcessing"):
            if self.provider is not None:
                return
            provider = GridPlannerProvider()
            if QgsApplication.processingRegistry().addProvider(provider):
                self.provider = provider
            else:
                self._log(tr("The Grid Planner Processing provider could not be registered."), Qgis.Warning)

    # ----------------------------------------------------------------- GUI
    def initGui(self):  # noqa: N802
        """Add the menu entries and the toolbar button; register the provider."""
        self.initProcessing()
        with self._guard("initGui"):
            parent = self.iface.mainWindow()
            icon = plugin_icon()

            plan = QAction(tr("Plan grids…"), parent)
            if icon is not None:
                plan.setIcon(icon)
            plan.setObjectName("GridPlannerPlanGrids")
            plan.setToolTip(tr("Grid Planner: divide communities into management grids"))
            plan.setWhatsThis(tr("Opens the Processing dialog of Plan grids."))
            plan.triggered.connect(self.open_plan_grids)

            check = QAction(tr("Check Python packages…"), parent)
            check.setObjectName("GridPlannerCheckPackages")
            check.triggered.connect(self.show_dependencies)

            workspace = QAction(tr("Planner workspace"), parent)
            if icon is not None:
                workspace.setIcon(icon)
            workspace.setObjectName("GridPlannerWorkspace")
            workspace.setToolTip(tr("Grid Planner: propose, inspect and redraw grids in a dock"))
            workspace.triggered.connect(self.show_dock)

            for action in (plan, workspace, check):
                self.iface.addPluginToVectorMenu(MENU, action)
                self.menus.append((MENU, action))
                self.actions.append(action)
            self.iface.addToolBarIcon(plan)
            self.toolbar_actions.append(plan)
            self.iface.addToolBarIcon(workspace)
            self.toolbar_actions.append(workspace)

            if self.dependency_problems:
                self._warn_missing()

    def _warn_missing(self) -> None:
        bar = self._message_bar()
        if bar is None:
            return
        names = ", ".join(p.requirement.distribution for p in self.dependency_problems)
        bar.pushMessage(
            tr("Grid Planner"),
            tr("Missing Python packages: {names}. Use Vector ▸ {menu} ▸ Check Python packages… "
               "to see how to install them.").format(names=names, menu=MENU),
            dependencies.message(self.dependency_problems),
            Qgis.Warning,
            0,
        )

    def dependency_message_box(self) -> QMessageBox:
        """The dialog that tells the user which packages are missing (or that all is fine)."""
        problems = dependencies.check()
        self.dependency_problems = problems
        parent = self.iface.mainWindow() if self.iface is not None else None
        box = QMessageBox(parent)
        box.setWindowTitle(tr("Grid Planner: Python packages"))
        if problems:
            box.setIcon(QMessageBox.Warning)
            box.setText(dependencies.message(problems))
        else:
            box.setIcon(QMessageBox.Information)
            box.setText(tr("All the Python packages Grid Planner needs are installed."))
        box.setTextInteractionFlags(Qt.TextSelectableByMouse)
        return box

    def show_dependencies(self) -> None:
        with self._guard("Check Python packages"):
            self.dependency_message_box().exec_()

    def open_plan_grids(self) -> None:
        """Open the Processing dialog of Plan grids (or explain what is missing)."""
        with self._guard("Plan grids"):
            if dependencies.check():
                self.show_dependencies()
                return
            import processing

            processing.execAlgorithmDialog(PLAN_GRIDS_ID)

    def show_dock(self):
        """Open (creating once) the planner's workspace dock; returns it (``None`` on error)."""
        with self._guard("Planner workspace"):
            if dependencies.check():
                self.show_dependencies()
                return None
            if self.dock is None:
                from .dock.widget import GridPlannerDock

                self.dock = GridPlannerDock(self.iface, self.iface.mainWindow())
                self.iface.addDockWidget(Qt.RightDockWidgetArea, self.dock)
            self.dock.show()
            self.dock.raise_()
            return self.dock

    # -------------------------------------------------------------- unload
    def unload(self):
        """Remove everything :meth:`initGui`/:meth:`initProcessing` added."""
        with self._guard("unload (dock)"):
            if self.dock is not None:
                self.dock.cleanup()
                self.iface.removeDockWidget(self.dock)
                self.dock.deleteLater()
        self.dock = None
        with self._guard("unload (toolbar)"):
            for action in self.toolbar_actions:
                self.iface.removeToolBarIcon(action)
        with self._guard("unload (menu)"):
            for menu, action in self.menus:
                self.iface.removePluginVectorMenu(menu, action)
        with self._guard("unload (actions)"):
            for action in self.actions:
                action.deleteLater()
        self.toolbar_actions, self.menus, self.actions = [], [], []
        with self._guard("unload (provider)"):
            if self.provider is not None:
                QgsApplication.processingRegistry().removeProvider(self.provider)
        self.provider = None
        with self._guard("unload (translations)"):
            i18n.remove_translators()
            self.translator = None
            from ..algorithms.i18n import set_front_end

            set_front_end("cli")
