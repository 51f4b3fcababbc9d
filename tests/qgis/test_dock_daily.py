"""The dock in daily use inside a real QGIS, the way a planner drives it: problems in sight
on the map and in the Redraw tab's list, a grid clicked on the map, the lock asked and
recorded, a warning with Undo when an edit breaks a rule, an undone split leaving no ghost
grid, Repair mending only what is broken, the audit log shown and exported, the chart's lines.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


def _load_dock_tests():
    """tests/qgis/test_dock.py (its fixtures and helpers): ``tests/qgis`` cannot be imported as a
    package (it would shadow QGIS's own ``qgis``)."""
    spec = importlib.util.spec_from_file_location("gridplanner_tests_dock", Path(__file__).with_name("test_dock.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_dock_tests = _load_dock_tests()
COMMUNITY, _grid_attributes, _table, _wait = (_dock_tests.COMMUNITY, _dock_tests._grid_attributes,
                                              _dock_tests._table, _dock_tests._wait)
subset, dock_setup = _dock_tests.subset, _dock_tests.dock_setup

pytestmark = [pytest.mark.qgis, pytest.mark.slow]


def _proposed(dock):
    dock.propose()
    assert dock.task is not None, dock.last_error
    assert _wait(dock), dock.last_error
    return dock.session


def _label_expression_values(layer):
    from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils

    expression = QgsExpression(layer.labeling().settings().fieldName)
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    out = {}
    for feature in layer.getFeatures():
        context.setFeature(feature)
        value = expression.evaluate(context)
        assert not expression.hasEvalError(), expression.evalErrorString()
        out[str(feature["grid_code"])] = str(value)
    return out


def test_problems_in_sight_on_the_map(dock_setup, qgis_iface):
    from qgis.core import (
        QgsCategorizedSymbolRenderer,
        QgsExpression,
        QgsExpressionContext,
        QgsExpressionContextUtils,
        QgsProject,
        QgsSymbolLayer,
        QgsWkbTypes,
    )

    from gridplanner.plugin.dock.overlays import OVERLAY_PROPERTY

    dock, layers, path = dock_setup
    session = _proposed(dock)
    project = QgsProject.instance()

    # the problems layer is a point layer with a renderer, one point per problem row
    problems = next(layer for layer in project.mapLayers().values() if layer.name() == "problems")
    assert problems.geometryType() == QgsWkbTypes.PointGeometry
    assert isinstance(problems.renderer(), QgsCategorizedSymbolRenderer)
    assert problems.renderer().classAttribute() == "severity"
    assert problems.featureCount() > 0 and all(not f.geometry().isNull() for f in problems.getFeatures())

    # grids breaking a rule are hatched and outlined in red by their live status
    grids = session.grids_layer
    renderer = grids.renderer()
    categories = renderer.categories()       # kept: the symbols belong to these copies
    symbol = categories[0].symbol()
    expressions = []
    for index in range(symbol.symbolLayerCount()):
        prop = symbol.symbolLayer(index).dataDefinedProperties().property(QgsSymbolLayer.PropertyLayerEnabled)
        if prop.isActive():
            expressions.append(prop.expressionString())
    assert len(expressions) == 2 and all("under_min" in e for e in expressions)
    broken = [c for c, r in session.editor.grids.items() if r.status in ("under_min", "over_max")]
    assert broken, "the sample community has grids outside the band"

    # barriers and community outlines above the grids, in the plan's group
    group = project.layerTreeRoot().findGroup("Grid Planner")
    order = [child.layer() for child in group.findLayers()]
    kinds = {layer.customProperty(OVERLAY_PROPERTY): order.index(layer) for layer in order
             if layer.customProperty(OVERLAY_PROPERTY)}
    assert set(kinds) == {"barriers", "communities"}
    assert max(kinds.values()) < order.index(grids)
    barriers = order[kinds["barriers"]]
    assert barriers.featureCount() == len([g for g in session.editor.hard_lines if g is not None]) > 0
    outlines = order[kinds["communities"]]
    assert [f["community_code"] for f in outlines.getFeatures()] == [COMMUNITY]

    # labels unique and readable: short community name + sequence, households, deviation; sites by name
    labels = _label_expression_values(grids)
    assert len(set(labels.values())) == len(labels)
    target = session.params.band.target
    basic = next(c for c, r in session.editor.grids.items() if r.kind == "basic" and r.n_buildings)
    households = session.editor.grids[basic].households
    assert labels[basic].startswith(f"西溪 {basic[-3:]}\n{households} ")
    assert labels[basic].endswith(f"({households - target:+d})".replace("+0", "0"))
    sites = session.site_names()
    assert sites and all(labels[code].startswith(site) for code, site in sites.items())
    # ... placed inside the grid, even a U-shaped one (pole of inaccessibility)
    settings = grids.labeling().settings()
    assert settings.geometryGeneratorEnabled and "pole_of_inaccessibility" in settings.geometryGenerator
    generator = QgsExpression(settings.geometryGenerator)
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(grids))
    for feature in grids.getFeatures():
        context.setFeature(feature)
        point = generator.evaluate(context)
        assert feature.geometry().contains(point), feature["grid_code"]


def test_map_click_selects_and_the_problem_list_zooms(dock_setup, qgis_iface):
    dock, layers, path = dock_setup
    session = _proposed(dock)
    editor = session.editor

    # the Redraw tab lists every grid outside the band with its reason
    listed = dict(zip(dock.problem_list.codes, range(len(dock.problem_list.codes))))
    broken = sorted(c for c, r in editor.grids.items() if r.status in ("under_min", "over_max", "noncontiguous",
                                                                      "crosses_barrier"))
    assert sorted(listed) == broken
    code = broken[0]
    reason = dock.problem_list.item(listed[code], 2).text()
    assert reason and reason == editor.reason_of(code)
    assert dock.problem_list.item(listed[code], 0).text() == code[-3:]
    assert dock.problem_list.item(listed[code], 0).toolTip() == code

    # clicking the row zooms to the grid and makes it the grid the actions act on
    dock.problem_list.cellClicked.emit(listed[code], 0)
    assert dock.current_grid == code and dock.selected_grid() == code
    centre = editor.grids[code].geometry.representative_point()
    assert qgis_iface.mapCanvas().extent().contains(centre.x, centre.y)
    assert reason in dock.current_label.text()

    # a grid selected on the map (QGIS's select tool) is selected in the dock with its figures
    other = next(c for c, r in editor.grids.items() if r.status == "ok")
    session.grids_layer.selectByIds([session.grid_fid[other]])
    assert dock.current_grid == other
    assert dock.model.code_at(dock.table.selectionModel().selectedRows()[0].row()) == other
    assert f"{editor.grids[other].households}" in dock.grid_info.text()
    assert dock.chart.highlight == other

    # the table shows short codes (full code in the tooltip), and the chart has its mean line
    from qgis.PyQt.QtCore import Qt

    index = dock.model.index(dock.model.row_of(other), 0)
    assert dock.model.data(index, Qt.DisplayRole) == other[-3:]
    assert dock.model.data(index, Qt.ToolTipRole) == other
    from gridplanner.plugin.dock.chart import reference_lines

    households = [r.households for r in editor.grids.values() if r.n_buildings]
    lines = {style_label[2]: style_label[0] for style_label in reference_lines(households, session.params.band)}
    assert lines["target"] == session.params.band.target
    assert lines["mean"] == pytest.approx(sum(households) / len(households))
    assert "mean" in {line[2] for line in reference_lines([1.0, 2.0], None)}
    from gridplanner.plugin.dock.chart import workload_target

    frame = editor.table(COMMUNITY)
    per_household = frame["workload"].sum() / frame["households"].sum()
    assert workload_target(frame, "workload", session.params.band) == pytest.approx(per_household * 400)
    labels = {line[2] for line in reference_lines([1.0, 2.0], None, 1.5)}
    assert labels == {"mean", "target"}
    dock.chart_column.setCurrentIndex(dock.chart_column.findData("workload"))
    assert dock.chart.column == "workload" and not dock.chart.grab().isNull()


def test_lock_is_asked_warning_has_undo_split_undo_leaves_no_ghost(dock_setup, qgis_iface, tmp_path):
    import pandas as pd
    from qgis.core import Qgis

    dock, layers, path = dock_setup
    session = _proposed(dock)
    editor = session.editor
    buildings = session.buildings_layer
    bar = qgis_iface.messageBar()
    ok = sorted(c for c, r in editor.grids.items() if r.status == "ok" and r.kind == "basic")
    locked = ok[0]
    neighbour = sorted(c for c in editor.neighbours(locked) if editor.grids[c].kind == "basic")[0]

    # lock a grid in the band; moving a building out of it is asked, and refused when the answer is no
    dock.select_grid(locked)
    dock.toggle_lock()
    assert editor.grids[locked].locked
    asked = []
    dock.ask = lambda title, text: asked.append(text) or False
    fid = int(editor.ids[editor.members(locked)[0]])
    households = editor.grids[locked].households
    dock.target_combo.setCurrentText(neighbour)
    dock.move_fids([fid])
    assert asked and locked in asked[0]
    assert editor.grids[locked].households == households and buildings.undoStack().count() == 0
    assert "locked" in dock.status_label.text()
    # ... and into it as well
    dock.target_combo.setCurrentText(locked)
    dock.move_fids([int(editor.ids[editor.members(neighbour)[0]])])
    assert len(asked) == 2 and editor.grids[locked].households == households
    # with the answer yes, the move is made and recorded as an override
    dock.ask = lambda title, text: True
    dock.target_combo.setCurrentText(neighbour)
    dock.move_fids([fid])
    assert buildings.getFeature(fid)["grid_code"] == neighbour
    log = session.audit_log()
    assert list(log["action"]) == ["lock", "override"]
    assert log["from_grid"].iloc[-1] == locked and log["to_grid"].iloc[-1] == neighbour
    assert log["buildings"].iloc[-1] == str(fid) and locked in log["note"].iloc[-1]
    dock.undo_button.click()
    assert buildings.getFeature(fid)["grid_code"] == locked
    dock.select_grid(locked)
    dock.toggle_lock()
    assert not editor.grids[locked].locked

    # a stale error goes when the next action succeeds
    dock.report_error("stale")
    assert dock.last_error == "stale"
    # an edit that takes a grid out of the band: a warning naming the rule, with Undo
    rows = editor.members(locked)
    fids = [int(editor.ids[r]) for r in rows[: len(rows) * 2 // 3]]
    buildings.selectByIds(fids)
    dock.target_combo.setCurrentText(neighbour)
    dock.move_selected()
    assert dock.last_error is None
    assert editor.grids[locked].status in ("under_min", "noncontiguous", "crosses_barrier")
    assert locked in dock.last_warning and dock.status_label.text().endswith(dock.last_warning)
    assert [item for item in bar.items() if item in dock._bar_items]

    def grid_problems():
        return {f["feature_id"]: f["message"] for f in session.problems_layer.getFeatures() if f["layer"] == "grids"}

    assert grid_problems()[locked] == editor.reason_of(locked)          # the problems layer follows the edit
    dock.undo_warning_button.click()
    assert editor.grids[locked].status == "ok" and editor.grids[locked].households == households
    assert locked not in grid_problems()
    assert not dock._bar_items
    assert list(session.audit_log()["action"])[-2:] == ["move", "undo"]

    # split the biggest grid, then undo it: the new grid is gone from the layer and the table
    before = {f["grid_code"] for f in session.grids_layer.getFeatures()}
    biggest = max(ok, key=lambda c: editor.grids[c].households)
    dock.select_grid(biggest)
    dock.split_selected()
    assert _wait(dock), dock.last_error
    added = {f["grid_code"] for f in session.grids_layer.getFeatures()} - before
    assert len(added) == 1
    assert dock.current_grid == biggest and biggest in dock.status_label.text()
    assert "…" not in dock.status_label.text()
    dock.undo_button.click()
    assert {f["grid_code"] for f in session.grids_layer.getFeatures()} == before
    assert set(_table(dock)) == {c for c in before if editor.grids[c].community == COMMUNITY}
    dock.redo_button.click()
    assert {f["grid_code"] for f in session.grids_layer.getFeatures()} == before | added
    dock.undo_button.click()
    assert list(session.audit_log()["action"])[-4:] == ["split", "undo", "redo", "undo"]

    # the audit log in the dock and as CSV
    dock.tabs.setCurrentWidget(dock.audit_table.parentWidget())
    log = session.audit_log()
    assert dock.audit_table.rowCount() == len(log) > 5
    assert dock.audit_table.item(0, 2).text() == "undo"          # newest first
    out = tmp_path / "audit.csv"
    assert dock.export_audit(str(out))
    back = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert len(back) == len(log) and set(back["action"]) >= {"lock", "override", "move", "undo", "split"}
    assert not dock.export_audit(str(out))                          # refuses to overwrite
    assert any("exists" in m for m in bar.get_messages(Qgis.Critical))
    assert not any("--overwrite" in m for level in (Qgis.Critical, Qgis.Warning) for m in bar.get_messages(level))


def test_repair_mends_only_broken_grids_and_keeps_reasons(dock_setup, qgis_iface):
    dock, layers, path = dock_setup
    session = _proposed(dock)
    editor = session.editor
    reasons = {c: editor.reason_of(c) for c in editor.grids}
    engine = {c: r for c, r in reasons.items() if r and editor.grids[c].status in ("under_min", "over_max")}
    assert engine and all("after editing" not in r for r in engine.values())
    scope = set(editor.repair_scope(COMMUNITY))
    far = {c: set(editor.ids[editor.members(c)].tolist()) for c, r in editor.grids.items()
           if r.n_buildings and c not in scope}
    assert far
    dock.repair()
    assert _wait(dock), dock.last_error
    for code, members in far.items():
        assert set(editor.ids[editor.members(code)].tolist()) == members
        assert editor.reason_of(code) == reasons[code]
        assert _grid_attributes(session.grids_layer, code)["reason"] == (reasons[code] or None) or not reasons[code]
    # the status line and the moved label say what changed, the reasons are the engine's
    assert "…" not in dock.status_label.text() and COMMUNITY in dock.status_label.text()
    for code in scope & set(editor.grids):
        row = editor.grids[code]
        if row.n_buildings and row.status != "ok":
            assert "after editing" not in editor.reason_of(code)
            assert _grid_attributes(session.grids_layer, code)["reason"] == editor.reason_of(code)
    assert session.audit_log()["action"].tolist()[-1:] in (["repair"], [])


def test_the_dock_in_chinese_reasons_and_refusals(dock_setup, qgis_iface):
    """QGIS in Chinese: the engine's reasons in the problem list, the statuses, the summary and a
    refusal are Chinese, and the refusal names the dock's check box, not a command-line option."""
    import re

    from gridplanner.algorithms import i18n as core_i18n
    from gridplanner.plugin import i18n

    dock, layers, path = dock_setup
    i18n.install_translator("zh_CN")
    try:
        assert core_i18n.current_language() == "zh_CN"
        session = _proposed(dock)
        cjk = re.compile(r"[\u4e00-\u9fff]")
        reasons = [dock.problem_list.item(r, 2).text() for r in range(dock.problem_list.rowCount())]
        assert reasons and all(cjk.search(text) for text in reasons), reasons
        assert all(cjk.search(dock.problem_list.item(r, 1).text()) for r in range(dock.problem_list.rowCount()))
        code = dock.problem_list.codes[0]
        assert session.editor.grids[code].status in ("under_min", "over_max")      # codes stay English
        dock.problem_list.cellClicked.emit(0, 0)
        assert "原因" in dock.current_label.text()
        dock.tabs.setCurrentIndex(0)
        dock.propose()                          # the plan file exists and "replace" is not ticked
        assert dock.task is None
        assert "已存在" in dock.last_error and "勾选" in dock.last_error and "--" not in dock.last_error
    finally:
        i18n.remove_translators()
    assert core_i18n.current_language() != "zh_CN" or core_i18n.language_from_environment() == "zh_CN"
