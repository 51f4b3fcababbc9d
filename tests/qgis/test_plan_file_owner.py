"""The plan GeoPackage has one owner inside QGIS (issue 19, item 2).

The flow a planner follows — propose → edit → export (the Processing tool in a task, as
its dialog runs it) → save → keep a scenario → reopen — checked on disk after every step:
households of every grid equal the sum of its buildings, no building without a grid code,
and a save is reported as saved only when the file holds it. The file is read through a
new QGIS layer while QGIS holds it, and by pyogrio only once QGIS has let go of it.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import test_dock  # noqa: E402  (the dock's fixtures and helpers)

COMMUNITY, _table, _wait = test_dock.COMMUNITY, test_dock._table, test_dock._wait
subset, dock_setup = test_dock.subset, test_dock.dock_setup

pytestmark = [pytest.mark.qgis, pytest.mark.slow]


def _on_disk(path) -> dict[str, list[dict]]:
    """Rows of the grids and buildings in the file, read through QGIS's provider (a new layer)."""
    from qgis.core import QgsFeatureRequest, QgsVectorLayer

    from gridplanner.plugin.convert import _python_value

    out = {}
    for name in ("grids", "buildings"):
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        names = layer.fields().names()
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        out[name] = [dict(zip(names, map(_python_value, f.attributes())))
                     for f in layer.dataProvider().getFeatures(request)]
        del layer
    return out


def _check_consistent(rows, dock=None) -> dict[str, int]:
    """Households of every grid = sum of its buildings; no NULL code; the dock agrees."""
    sums: Counter = Counter()
    for building in rows["buildings"]:
        assert building["grid_code"] not in (None, ""), f"building {building['fid']} has no grid code"
        sums[str(building["grid_code"])] += int(building["households"] or 0)
    grids = {str(g["grid_code"]): int(g["households"] or 0) for g in rows["grids"]}
    assert set(sums) <= set(grids)
    assert {c: h for c, h in grids.items() if c in sums or h} == dict(sums)
    if dock is not None:
        shown = {c: int(r["households"]) for c, r in _table(dock).items()}
        assert {c: h for c, h in grids.items() if c in shown} == shown
    return dict(sums)


def _run_task(alg_id: str, params: dict, timeout: float = 120.0):
    """Run a Processing tool as its dialog does: a QgsProcessingAlgRunnerTask on the task manager."""
    from qgis.core import (
        QgsApplication,
        QgsProcessingAlgRunnerTask,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProject,
    )
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    assert alg is not None, alg_id
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    context.setProject(QgsProject.instance())
    task = QgsProcessingAlgRunnerTask(alg, params, context, feedback)
    outcome: dict = {}
    loop = QEventLoop()

    def executed(ok, results):
        outcome.update(ok=ok, results=results)
        loop.quit()

    task.executed.connect(executed)
    QgsApplication.taskManager().addTask(task)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    if "ok" not in outcome:
        loop.exec_()
    assert "ok" in outcome, "the task did not finish in time"
    return outcome["ok"], outcome["results"], feedback.textLog()


def _move_one(dock, session, src: str | None = None, dst: str | None = None) -> tuple[str, str, int]:
    """Move the building of ``src`` whose cell shares the longest edge with ``dst`` (neighbours)."""
    editor = session.editor
    codes = [c for c in _table(dock) if editor.grids[c].n_buildings > 1]
    if src is None or dst is None:
        src, dst = max(((a, b) for a in codes for b in codes if a != b),
                       key=lambda ab: editor.grids[ab[0]].geometry.intersection(editor.grids[ab[1]].geometry).length)
    target = editor.grids[dst].geometry
    rows = editor.members(src)
    row = max(rows, key=lambda r: editor.cells[r].intersection(target).length if editor.cells[r] is not None else -1)
    fid = int(editor.ids[row])
    session.buildings_layer.selectByIds([fid])
    dock.target_combo.setCurrentText(dst)
    dock.move_selected()
    assert session.buildings_layer.getFeature(fid)["grid_code"] == dst, dock.last_error
    return src, dst, fid


def test_propose_edit_export_save_scenario_reopen_on_disk(dock_setup, gridplanner_provider, qgis_iface, tmp_path):
    from qgis.core import Qgis

    from gridplanner.plugin.dock import store

    dock, layers, path = dock_setup
    bar = qgis_iface.messageBar()
    dock.propose()
    assert _wait(dock), dock.last_error
    session = dock.session
    buildings = session.buildings_layer
    proposed = _check_consistent(_on_disk(path), dock)

    # a freshly proposed dock plan passes every check of the export as it is (no --force)
    ok, results, log = _run_task("gridplanner:exportplan", {
        "PLAN": str(path), "FORMAT": 4, "PROFILE": 1, "OUTPUT": str(tmp_path / "proposed.csv")})
    assert ok, log

    # edit: one building moves (in the edit buffer; the grids layer is rewritten at once)
    src, dst, fid = _move_one(dock, session)
    assert buildings.isModified()

    # export the open plan with the Processing tool in a task: the dock's edits are saved
    # first, the plan is read from the dock's layers, and the exported grids are the dock's.
    # The move takes a grid above the band, so the export refuses for that reason alone
    # (never for tiling: the dock's grids tile their community), and exports with FORCE.
    out = tmp_path / "export.csv"
    ok, results, log = _run_task("gridplanner:exportplan", {
        "PLAN": str(path), "FORMAT": 4, "PROFILE": 1, "OUTPUT": str(out)})
    assert not ok and "band issue" in log and "tiling" not in log and "contiguity" not in log, log
    assert "saved before the export" in log
    ok, results, log = _run_task("gridplanner:exportplan", {
        "PLAN": str(path), "FORMAT": 4, "PROFILE": 1, "FORCE": True, "OUTPUT": str(out)})
    assert ok, log
    assert "audit log: 1 entries" in log and "--force" not in log      # the dock's move, noted in the export
    assert not buildings.isModified()
    with out.open(encoding="utf-8-sig", newline="") as handle:
        exported = {row["grid_code"]: int(float(row["households"])) for row in csv.DictReader(handle)}
    shown = {c: int(r["households"]) for c, r in _table(dock).items()}
    assert exported == shown
    after_export = _check_consistent(_on_disk(path), dock)
    assert after_export != proposed and sum(after_export.values()) == sum(proposed.values())

    # the dock keeps working on the file: a building moves back, save, reported and true on disk
    _move_one(dock, session, dst, src)
    assert dock.save_edits() is True
    assert "saved" in dock.status_label.text()
    _check_consistent(_on_disk(path), dock)

    # a second export of the saved plan (one building moved back, another grid may still be
    # above the band: forced), then keep a scenario and save again
    ok, results, log = _run_task("gridplanner:exportplan", {
        "PLAN": str(path), "FORMAT": 4, "PROFILE": 1, "FORCE": True, "OVERWRITE": True, "OUTPUT": str(out)})
    assert ok, log
    # evaluate the open plan (Processing reads it through QGIS's provider), then edit on
    ok, results, log = _run_task("gridplanner:evaluateplan", {
        "GRIDS": f"{path}|layername=grids", "GRID_ID_FIELD": "grid_code", "BUILDINGS": f"{path}|layername=buildings",
        "HOUSEHOLDS_FIELD": "households", "OUTPUT": str(tmp_path / "evaluated.gpkg")})
    assert ok, log
    import geopandas as gpd

    evaluated = gpd.read_file(tmp_path / "evaluated.gpkg")
    assert dict(zip(evaluated["grid_id"].astype(str), evaluated["households"].astype(int))) == {
        c: h for c, h in _check_consistent(_on_disk(path), dock).items()}
    _move_one(dock, session)
    dock.save_scenario("after export")
    assert store.names(str(path), COMMUNITY) == ["after export"], dock.last_error
    assert dock.save_edits() is True, dock.last_error
    saved = _check_consistent(_on_disk(path), dock)
    assert bar.get_messages(Qgis.Critical) == []

    # reopen: the plan comes back as saved
    table = {c: r["households"] for c, r in _table(dock).items()}
    dock.close_session()
    dock.open_existing()
    assert dock.session is not None, dock.last_error
    assert {c: r["households"] for c, r in _table(dock).items()} == table
    assert "after export" in dock.session.compare(COMMUNITY).columns
    assert _check_consistent(_on_disk(path), dock) == saved
    assert bar.get_messages(Qgis.Critical) == []

    # once QGIS let go of the file, another reader (pyogrio's own GDAL) sees the same plan
    dock.release_file(str(path))
    assert dock.session is None
    grids = gpd.read_file(path, layer="grids", engine="pyogrio")
    built = gpd.read_file(path, layer="buildings", engine="pyogrio", read_geometry=False)
    assert built["grid_code"].notna().all()
    sums = built.groupby("grid_code")["households"].sum().astype(int).to_dict()
    assert {c: int(h) for c, h in zip(grids["grid_code"], grids["households"]) if c in sums or h} == sums == saved


def test_a_failed_save_is_not_reported_as_saved(dock_setup, qgis_iface):
    """The file loses a building behind QGIS's back: Save edits says so and keeps the edits."""
    from qgis.core import Qgis, QgsVectorLayer

    dock, layers, path = dock_setup
    dock.propose()
    assert _wait(dock), dock.last_error
    session = dock.session
    src, dst, fid = _move_one(dock, session)
    gone = QgsVectorLayer(f"{path}|layername=buildings", "gone", "ogr")
    assert gone.dataProvider().deleteFeatures([fid])
    del gone
    assert dock.save_edits() is False
    assert "NOT saved" in dock.status_label.text() and f"building {fid} is not in the file" in dock.last_error
    errors = qgis_iface.messageBar().get_messages(Qgis.Critical)
    assert errors and str(path) in errors[-1] and not any("Edits saved" in m for m in
                                                          qgis_iface.messageBar().get_messages(Qgis.Success))


def test_a_refused_commit_keeps_the_edit_buffer(dock_setup, qgis_iface):
    """When QGIS refuses the commit, its errors are shown (translated sentence) and the edits stay."""
    from qgis.core import Qgis

    dock, layers, path = dock_setup
    dock.propose()
    assert _wait(dock), dock.last_error
    session = dock.session
    src, dst, fid = _move_one(dock, session)
    buildings = session.buildings_layer
    buildings.commitChanges = lambda *args: False                      # QGIS said no
    buildings.commitErrors = lambda: ["ERROR: 1 attribute value change(s) not committed."]
    assert dock.save_edits() is False
    del buildings.commitChanges, buildings.commitErrors
    message = qgis_iface.messageBar().get_messages(Qgis.Critical)[-1]
    assert "NOT saved" in message and "not committed" in message
    assert buildings.isModified() and buildings.getFeature(fid)["grid_code"] == dst
    # refusing to reopen over unsaved edits (it would drop them)
    dock.open_existing()
    assert "unsaved edits" in dock.last_error
    assert dock.session is session and buildings.isModified()
    assert dock.save_edits() is True
    _check_consistent(_on_disk(path), dock)
