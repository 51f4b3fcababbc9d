"""Regenerate docs/dock.png and docs/dock_zh.png: a QGIS-like main window (map canvas and the
Grid Planner dock) after planning one community of the sample street, with its problems on the
map and in the table; docs/dock_redraw*.png: the Redraw tab's problem list and the warning an
edit that breaks the band raises (with its Undo button); docs/dock_audit*.png: the audit log.

Run with the project's environment, no display needed::

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_dock.py [OUTPUT_DIR]

Chinese text needs a CJK font (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMUNITY = "330106004002"


def subset(folder: Path) -> Path:
    """One community of the sample street and its buildings, roads and water, in a new GeoPackage."""
    import geopandas as gpd

    sample = ROOT / "sample_data" / "demo_street.gpkg"
    out = folder / "one_community.gpkg"
    communities = gpd.read_file(sample, layer="communities")
    communities = communities[communities["code"] == COMMUNITY]
    area = communities.geometry.iloc[0]
    buildings = gpd.read_file(sample, layer="buildings")
    buildings = buildings[buildings.representative_point().within(area)]
    communities.to_file(out, layer="communities", driver="GPKG")
    buildings.to_file(out, layer="buildings", driver="GPKG")
    for name in ("roads", "water", "waterway"):
        frame = gpd.read_file(sample, layer=name)
        frame[frame.intersects(area.buffer(400))].to_file(out, layer=name, driver="GPKG")
    return out


class Iface:
    """The part of QgisInterface the dock uses: canvas, message bar, main window."""

    def __init__(self, window, canvas, bar):
        self._window, self._canvas, self._bar = window, canvas, bar

    def mapCanvas(self):  # noqa: N802
        return self._canvas

    def messageBar(self):  # noqa: N802
        return self._bar

    def mainWindow(self):  # noqa: N802
        return self._window


def shoot(data: Path, out: Path, chinese: bool) -> None:
    """Plan in the dock, redraw a little, and save the window as ``out``."""
    from qgis.core import QgsProject, QgsVectorLayer
    from qgis.gui import QgsLayerTreeMapCanvasBridge, QgsMapCanvas, QgsMessageBar
    from qgis.PyQt.QtCore import QEventLoop, Qt, QTimer
    from qgis.PyQt.QtGui import QColor, QFont
    from qgis.PyQt.QtWidgets import QApplication, QMainWindow, QVBoxLayout, QWidget

    from gridplanner.plugin import i18n
    from gridplanner.plugin.dock.widget import GridPlannerDock

    i18n.remove_translators()
    if chinese:
        i18n.install_translator("zh_CN")
        QApplication.setFont(QFont("Noto Sans CJK SC", 9))
    else:
        QApplication.setFont(QFont("DejaVu Sans", 9))
    project = QgsProject.instance()
    project.clear()
    window = QMainWindow()
    window.setWindowTitle("QGIS — Grid Planner")
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    bar = QgsMessageBar()
    canvas = QgsMapCanvas()
    canvas.setCanvasColor(QColor("white"))
    layout.addWidget(bar)
    layout.addWidget(canvas, 1)
    window.setCentralWidget(central)
    bridge = QgsLayerTreeMapCanvasBridge(project.layerTreeRoot(), canvas)  # noqa: F841 - keeps the canvas in sync
    layers = {}
    for name in ("communities", "roads", "water", "waterway", "buildings"):
        layer = QgsVectorLayer(f"{data}|layername={name}", name, "ogr")
        project.addMapLayer(layer)
        layers[name] = layer
    for name in ("buildings", "communities"):
        project.layerTreeRoot().findLayer(layers[name].id()).setItemVisibilityChecked(False)
    layers["roads"].renderer().symbol().setColor(QColor("#9e9e9e"))
    layers["water"].renderer().symbol().setColor(QColor("#a6cee3"))

    dock = GridPlannerDock(Iface(window, canvas, bar), window)
    window.addDockWidget(Qt.RightDockWidgetArea, dock)
    # Layers and fields named like the inputs are pre-selected; the planner sets the rest.
    dock.dedicated_field.setField("dedicated_site")
    dock.option_widgets["building_id_field"].setField("bldg_id")
    dock.seed_spin.setValue(1)
    plan = out.with_suffix(".gpkg")
    dock.output_file.setFilePath(str(Path(tempfile.mkdtemp()) / plan.name))
    window.resize(1600, 960)
    dock.setMinimumWidth(660)
    window.show()
    # The set-up tab, with "More options" open: every option of the one table.
    dock.more_options.setCollapsed(False)
    settle = QEventLoop()
    QTimer.singleShot(500, settle.quit)
    settle.exec_()
    setup = out.with_name(out.stem.replace("dock", "dock_setup") + out.suffix)
    dock.grab().save(str(setup))
    print(f"saved {setup}")
    dock.more_options.setCollapsed(True)

    loop = QEventLoop()
    dock.task_finished.connect(lambda ok: loop.quit())
    dock.propose()
    QTimer.singleShot(300_000, loop.quit)
    loop.exec_()
    if dock.session is None:
        raise SystemExit(f"planning failed: {dock.last_error}")

    # A little redrawing so the picture shows a live state: one grid locked, one selected.
    table = dock.session.editor.table(dock.community())
    dock.select_grid(table["grid_code"].iloc[0])
    dock.toggle_lock()
    focus = table.sort_values("households")["grid_code"].iloc[len(table) // 2]
    dock.zoom_to_grid(focus)
    canvas.setExtent(dock.session.grids_layer.extent())
    canvas.refresh()
    canvas.waitWhileRendering()
    wait = QEventLoop()
    QTimer.singleShot(1500, wait.quit)
    wait.exec_()
    canvas.waitWhileRendering()
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(f"saved {out}")

    # The Redraw tab: the problem list, a problem chosen there (zoomed to), and a hand edit that
    # takes a grid out of the band: the warning names it, with its Undo button.
    editor = dock.session.editor
    dock.tabs.setCurrentIndex(2)
    if dock.problem_list.codes:
        dock.problem_list.cellClicked.emit(0, 0)
    victim = next(c for c in table.sort_values("households", ascending=False)["grid_code"]
                  if editor.grids[c].status == "ok" and not editor.grids[c].locked)
    into = next(c for c in sorted(editor.neighbours(victim)) if not editor.grids[c].locked
                and editor.grids[c].kind == "basic")
    rows = editor.members(victim)
    dock.session.buildings_layer.selectByIds([int(editor.ids[r]) for r in rows[: len(rows) // 2]])
    dock.target_combo.setCurrentText(into)
    dock.move_selected()
    dock.zoom_to_codes([victim, into])
    canvas.waitWhileRendering()
    wait = QEventLoop()
    QTimer.singleShot(1500, wait.quit)
    wait.exec_()
    canvas.waitWhileRendering()
    redraw = out.with_name(out.stem.replace("dock", "dock_redraw") + out.suffix)
    window.grab().save(str(redraw))
    print(f"saved {redraw}")

    dock.tabs.setCurrentWidget(dock.audit_table.parentWidget())
    dock.refresh_audit()
    wait = QEventLoop()
    QTimer.singleShot(300, wait.quit)
    wait.exec_()
    audit = out.with_name(out.stem.replace("dock", "dock_audit") + out.suffix)
    dock.grab().save(str(audit))
    print(f"saved {audit}")
    dock.cleanup()
    window.removeDockWidget(dock)
    dock.deleteLater()
    window.close()


def main() -> None:
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT.parent)) if (ROOT.parent / "gridplanner").exists() else None
    from qgis.core import QgsApplication

    app = QgsApplication([], True)
    app.initQgis()
    with tempfile.TemporaryDirectory() as tmp:
        data = subset(Path(tmp))
        shoot(data, out_dir / "dock.png", chinese=False)
        shoot(data, out_dir / "dock_zh.png", chinese=True)
    from qgis.core import QgsProject

    QgsProject.instance().clear()
    os._exit(0)  # exitQgis() can crash while Python still holds layers; the files are written


if __name__ == "__main__":
    main()
