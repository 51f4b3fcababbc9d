"""The planner's dock inside a real QGIS (widgets offscreen): propose, inspect, redraw,
undo, lock, repair, split, merge, scenarios, cancel, errors.

One community of the sample street keeps the engine runs short (about 2 s each).
"""

from __future__ import annotations

import time

import pytest

pytestmark = [pytest.mark.qgis, pytest.mark.slow]

COMMUNITY = "330106004002"


@pytest.fixture(scope="module")
def subset(sample_gpkg, tmp_path_factory):
    """A GeoPackage with one community of the sample street and its buildings."""
    import geopandas as gpd

    out = tmp_path_factory.mktemp("dock") / "one_community.gpkg"
    communities = gpd.read_file(sample_gpkg, layer="communities")
    communities = communities[communities["code"] == COMMUNITY]
    buildings = gpd.read_file(sample_gpkg, layer="buildings")
    buildings = buildings[buildings.representative_point().within(communities.geometry.iloc[0])]
    communities.to_file(out, layer="communities", driver="GPKG")
    buildings.to_file(out, layer="buildings", driver="GPKG")
    for name in ("roads", "water", "waterway"):
        gpd.read_file(sample_gpkg, layer=name).to_file(out, layer=name, driver="GPKG")
    return out


def _wait(dock, timeout=180.0):
    """Run the event loop until the dock's task ends; returns its success flag."""
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    outcome = []
    loop = QEventLoop()

    def done(ok):
        outcome.append(ok)
        loop.quit()

    dock.task_finished.connect(done)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    loop.exec_()
    dock.task_finished.disconnect(done)
    assert outcome, "the task did not finish in time"
    return outcome[0]


class _Waiter:
    """Records the dock's next task_finished, even when it is emitted at once (a task
    cancelled before it started); create it before the action."""

    def __init__(self, dock):
        from qgis.PyQt.QtCore import QEventLoop

        self.dock, self.outcome, self.loop = dock, [], QEventLoop()
        dock.task_finished.connect(self._done)

    def _done(self, ok):
        self.outcome.append(ok)
        self.loop.quit()

    def wait(self, timeout=180.0):
        from qgis.PyQt.QtCore import QTimer

        if not self.outcome:
            QTimer.singleShot(int(timeout * 1000), self.loop.quit)
            self.loop.exec_()
        self.dock.task_finished.disconnect(self._done)
        assert self.outcome, "the task did not finish in time"
        return self.outcome[0]


@pytest.fixture
def dock_setup(qgis_iface, qgis_new_project, subset, tmp_path):
    """Layers of the subset in a new project and the dock opened from the plugin's action."""
    from qgis.core import QgsProject, QgsVectorLayer

    import gridplanner

    project = QgsProject.instance()
    layers = {}
    for name in ("communities", "buildings", "roads", "water", "waterway"):
        layer = QgsVectorLayer(f"{subset}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        project.addMapLayer(layer)
        layers[name] = layer
    plugin = gridplanner.classFactory(qgis_iface)
    plugin.initGui()
    dock = plugin.show_dock()
    assert dock is not None and not dock.isHidden()
    assert plugin.show_dock() is dock                       # the action reopens the same dock
    dock.buildings_combo.setLayer(layers["buildings"])
    dock.communities_combo.setLayer(layers["communities"])
    dock.roads_combo.setLayer(layers["roads"])
    dock.water_list.set_layers([layers["water"], layers["waterway"]])
    dock.households_field.setField("households")
    dock.population_field.setField("population")
    dock.compound_field.setField("compound_id")
    dock.dedicated_field.setField("dedicated_site")
    dock.code_field.setField("code")
    dock.name_field.setField("name")
    dock.road_class_field.setField("highway")
    dock.min_spin.setValue(300)
    dock.target_spin.setValue(400)
    dock.max_spin.setValue(500)
    dock.seed_spin.setValue(1)
    dock.output_file.setFilePath(str(tmp_path / "plan.gpkg"))
    qgis_iface.messageBar().clear_messages()
    yield dock, layers, tmp_path / "plan.gpkg"
    dock.cancel_task()
    plugin.unload()


def _table(dock):
    model = dock.model
    return {model.code_at(r): {key: model.frame[key].iloc[r] for key, _ in model.columns}
            for r in range(model.rowCount())}


def _grid_attributes(layer, code):
    from qgis.core import QgsFeatureRequest

    request = QgsFeatureRequest().setFilterExpression(f"\"grid_code\" = '{code}'")
    features = list(layer.getFeatures(request))
    assert len(features) == 1
    return features[0]


def test_propose_inspect_move_undo_lock_repair(dock_setup, qgis_iface):
    from osgeo import ogr
    from qgis.core import Qgis, QgsCategorizedSymbolRenderer, QgsProject

    dock, layers, path = dock_setup
    dock.propose()
    assert dock.task is not None, dock.last_error
    assert _wait(dock), dock.last_error
    assert path.is_file()
    dataset = ogr.Open(str(path))         # QGIS's own GDAL: never a second SQLite on an open GeoPackage
    assert {"grids", "buildings", "problems"} <= {dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())}
    dataset = None
    session = dock.session
    assert session is not None

    # the plan is in the project, styled by grid with labels
    grids_layer = session.grids_layer
    assert grids_layer.id() in QgsProject.instance().mapLayers()
    assert isinstance(grids_layer.renderer(), QgsCategorizedSymbolRenderer)
    assert len(grids_layer.renderer().categories()) == grids_layer.featureCount() > 5
    assert grids_layer.labelsEnabled()

    # the table shows every grid with the engine's figures
    table = _table(dock)
    assert len(table) == grids_layer.featureCount()
    for code, row in table.items():
        feature = _grid_attributes(grids_layer, code)
        assert feature["households"] == row["households"]
        assert feature["status"] == row["status"]
    assert dock.chart.frame["grid_code"].tolist() == list(table)
    assert "grids" in dock.summary_label.text()
    assert dock.model.data(dock.model.index(0, 4), 8) is not None      # status cell has a colour

    # clicking a row zooms to the grid
    first = next(iter(table))
    dock.zoom_to_grid(first)
    extent = qgis_iface.mapCanvas().extent()
    centre = session.editor.grids[first].geometry.centroid
    assert extent.contains(centre.x, centre.y)
    assert grids_layer.selectedFeatureIds() == [session.grid_fid[first]]

    # move one building from grid A to grid B through the edit buffer
    codes = list(table)
    src, dst = codes[0], codes[1]
    buildings = session.buildings_layer
    fid = int(session.editor.ids[session.editor.members(src)[0]])
    moved_households = int(session.editor.households[session.editor.row_of[fid]])
    buildings.selectByIds([fid])
    dock.target_combo.setCurrentText(dst)
    start = time.perf_counter()
    dock.move_selected()
    elapsed = time.perf_counter() - start
    print(f"\nmove one building + stats + re-dissolve + table: {elapsed * 1000:.1f} ms")
    assert elapsed < 0.5
    assert buildings.isEditable()
    assert buildings.getFeature(fid)["grid_code"] == dst
    after = _table(dock)
    assert after[src]["households"] == table[src]["households"] - moved_households
    assert after[dst]["households"] == table[dst]["households"] + moved_households
    assert _grid_attributes(grids_layer, dst)["households"] == after[dst]["households"]
    assert _grid_attributes(grids_layer, src)["status"] == after[src]["status"]

    # the map tool: a click on a building moves it to the target grid
    other = next(c for c in codes if c not in (src, dst))
    fid2 = int(session.editor.ids[session.editor.members(other)[0]])
    centre = buildings.getFeature(fid2).geometry().pointOnSurface().asPoint()
    dock.target_combo.setCurrentText(dst)
    dock.map_tool_button.setChecked(True)
    assert qgis_iface.mapCanvas().mapTool() is dock.map_tool
    assert dock.map_tool.building_at(centre) == fid2
    assert dock.map_tool.move_at(centre)
    assert buildings.getFeature(fid2)["grid_code"] == dst
    dock.map_tool_button.setChecked(False)
    buildings.undoStack().undo()
    assert buildings.getFeature(fid2)["grid_code"] == other

    # undo and redo through QGIS's undo stack
    stack = buildings.undoStack()
    assert stack.index() == 1
    stack.undo()
    assert buildings.getFeature(fid)["grid_code"] == src
    assert {c: r["households"] for c, r in _table(dock).items()} == {c: r["households"] for c, r in table.items()}
    stack.redo()
    assert _table(dock)[dst]["households"] == after[dst]["households"]

    # lock grid B (the one that received the building), then repair the community
    dock.select_grid(dst)
    dock.toggle_lock()
    assert session.editor.grids[dst].locked
    assert _grid_attributes(grids_layer, dst)["locked"] == 1
    locked_members = set(session.editor.ids[session.editor.members(dst)].tolist())
    total = sum(r["households"] for r in _table(dock).values())
    # a bad edit elsewhere: most of a grid in the band moved into a neighbour
    editor = session.editor
    victim = next(c for c in codes if c not in (src, dst) and editor.grids[c].status == "ok")
    into = next(c for c in sorted(editor.neighbours(victim)) if c != dst and editor.grids[c].kind == "basic")
    rows = editor.members(victim)
    session.move([int(editor.ids[r]) for r in rows[: len(rows) * 2 // 3]], into)
    dock.repair()
    assert _wait(dock), dock.last_error
    assert set(session.editor.ids[session.editor.members(dst)].tolist()) == locked_members
    assert session.editor.grids[dst].locked
    assert sum(r["households"] for r in _table(dock).values()) == total
    assert all(session.editor.codes[n] is not None for n in range(len(session.editor.codes)))
    assert dock.moved_label.text()
    assert stack.index() == stack.count() == 3      # the repair is one undoable command
    if len(session.last_moved):
        assert set(buildings.selectedFeatureIds()) == set(session.last_moved["building_fid"].astype(int))
    # every grid in the layer agrees with the table
    for code, row in _table(dock).items():
        assert _grid_attributes(grids_layer, code)["households"] == row["households"]
    assert qgis_iface.messageBar().get_messages(Qgis.Critical) == []

    # proposed, edited and repaired in the dock, the plan passes the export's tiling check at
    # full precision (no overlap or gap between grids wider than 1 mm, across communities too)
    import geopandas as gpd
    import shapely

    from gridplanner.algorithms import metrics, read_layer

    feats = list(grids_layer.getFeatures())
    frame = gpd.GeoDataFrame({"grid_code": [str(f["grid_code"]) for f in feats],
                              "community_code": [str(f["community_code"]) for f in feats]},
                             geometry=[shapely.from_wkb(bytes(f.geometry().asWkb())) for f in feats])
    communities = read_layer(layers["communities"].source())
    check = metrics.plan_tiling_check(frame[~frame.geometry.is_empty], communities)
    assert check.ok, check.messages()


def test_split_merge_scenarios_and_settings(dock_setup, qgis_iface):
    from qgis.core import Qgis

    from gridplanner.plugin.dock import store
    from gridplanner.plugin.dock.settings import DockSettings

    dock, layers, path = dock_setup
    dock.propose()
    assert _wait(dock), dock.last_error
    session = dock.session
    table = _table(dock)
    total = sum(r["households"] for r in table.values())
    biggest = max(table, key=lambda c: table[c]["households"])

    # settings were stored in the project when proposing
    stored = DockSettings.load()
    assert stored.output == str(path) and stored.buildings == layers["buildings"].id()
    assert stored.options["seed"] == 1 and stored.options["compound_field"] == "compound_id"
    assert stored.water == [layers["water"].id(), layers["waterway"].id()]
    from gridplanner.plugin.dock.widget import GridPlannerDock

    again = GridPlannerDock(qgis_iface)                      # a new dock reads them back from the project
    assert again.buildings_combo.currentLayer() is layers["buildings"]
    assert again.output_file.filePath() == str(path) and again.seed_spin.value() == 1
    assert again.compound_field.currentField() == "compound_id"
    assert again.water_list.layers() == [layers["water"], layers["waterway"]]
    assert again.settings() == stored
    again.cleanup()
    again.deleteLater()

    dock.scenario_name.setText("engine")
    dock.save_scenario()
    assert store.names(str(path), COMMUNITY) == ["engine"]

    # split the biggest grid in two with the engine
    dock.select_grid(biggest)
    dock.split_selected()
    assert _wait(dock), dock.last_error
    after = _table(dock)
    assert len(after) == len(table) + 1
    new = sorted(set(after) - set(table))
    assert len(new) == 1 and after[new[0]]["households"] > 0
    assert after[biggest]["households"] + after[new[0]]["households"] == table[biggest]["households"]
    assert sum(r["households"] for r in after.values()) == total

    # merge it back
    dock.select_grid(new[0])
    dock.merge_combo.setCurrentText(biggest)
    dock.merge_selected()
    merged = _table(dock)
    assert new[0] not in merged and merged[biggest]["households"] == table[biggest]["households"]

    dock.save_scenario("split and merged")
    compare = session.compare(COMMUNITY)
    assert list(compare.columns) == ["(current)", "engine", "split and merged"]
    assert compare.at["households", "engine"] == total
    assert dock.compare_table.columnCount() == 3

    # use the first scenario as final: assignments come back, undoable
    before_use = session.buildings_layer.undoStack().count()
    dock.use_scenario("engine")
    assert store.final(str(path), COMMUNITY) == "engine"
    assert {c: r["households"] for c, r in _table(dock).items()} == {c: r["households"] for c, r in table.items()}
    assert session.buildings_layer.undoStack().count() >= before_use
    assert qgis_iface.messageBar().get_messages(Qgis.Critical) == []

    # a second scenario with the same name is refused in the message bar, not with a traceback
    dock.save_scenario("engine")
    assert any("engine" in m for m in qgis_iface.messageBar().get_messages(Qgis.Critical))

    # edits are saved into the GeoPackage, and the plan can be opened again later
    dock.save_edits()
    assert not session.buildings_layer.isEditable()
    saved = {c: (r["households"], r["status"]) for c, r in _table(dock).items()}
    locked_before = {c for c, r in session.editor.grids.items() if r.locked}
    dock.close_session()
    assert dock.session is None and dock.model.rowCount() == 0
    dock.open_existing()
    assert dock.session is not None, dock.last_error
    assert {c: (r["households"], r["status"]) for c, r in _table(dock).items()} == saved
    assert {c for c, r in dock.session.editor.grids.items() if r.locked} == locked_before

    # a reopened plan keeps its own band and sequence width (its metadata), whatever the form says
    dock.close_session()
    dock.min_spin.setValue(100)
    dock.target_spin.setValue(150)
    dock.max_spin.setValue(200)
    dock.open_existing()
    assert dock.session is not None, dock.last_error
    params = dock.session.params
    assert (params.min_households, params.target_households, params.max_households) == (300, 400, 500)
    assert params.sequence_width == 3 and dock.chart.band == params.band and dock.chart.sequence_width == 3
    assert {c: (r["households"], r["status"]) for c, r in _table(dock).items()} == saved
    assert "right(\"grid_code\", 3)" in dock.session.grids_layer.labeling().settings().fieldName


def test_errors_cancel_and_project_close(dock_setup, qgis_iface):
    from qgis.core import Qgis, QgsProject

    dock, layers, path = dock_setup
    bar = qgis_iface.messageBar()

    # no output path: a clear message, nothing runs
    dock.output_file.setFilePath("")
    dock.propose()
    assert dock.task is None
    assert any("GeoPackage" in m for m in bar.get_messages(Qgis.Critical))
    # an existing file is refused unless "replace" is ticked
    path.write_bytes(b"")
    dock.output_file.setFilePath(str(path))
    dock.propose()
    assert dock.task is None and "exists" in dock.last_error
    path.unlink()

    # cancel from the dock (before the task starts, and while it runs): nothing is written
    from qgis.core import QgsTask
    from qgis.PyQt.QtCore import QCoreApplication

    dock.propose()
    assert dock.task is not None
    waiter = _Waiter(dock)
    dock.cancel_task()
    assert waiter.wait() is False
    assert not path.exists()
    assert dock.session is None
    dock.propose()
    started = dock.task
    deadline = time.time() + 60
    while started.status() != QgsTask.Running and time.time() < deadline:
        QCoreApplication.processEvents()
    waiter = _Waiter(dock)
    dock.cancel_task()
    assert waiter.wait() is False
    assert not path.exists()

    # closing the dock cancels a running task
    dock.propose()
    assert dock.task is not None
    waiter = _Waiter(dock)
    dock.close()
    assert waiter.wait() is False
    assert not path.exists()
    dock.show()

    # closing the project cancels a running task
    dock.propose()
    assert dock.task is not None
    waiter = _Waiter(dock)
    QgsProject.instance().clear()
    assert waiter.wait() is False
    assert not path.exists()
    assert not any("Traceback" in m for level in (Qgis.Critical, Qgis.Warning) for m in bar.get_messages(level))
