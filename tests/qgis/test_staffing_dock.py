"""The dock's Staffing tab inside a real QGIS (widgets offscreen): the staffing table, and the
workers and micro-grids of the grid selected in the Grids tab (table and map)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.qgis


@pytest.fixture()
def outputs(tmp_path, sample_gpkg):
    from gridplanner.cli import main

    plan = tmp_path / "plan.gpkg"
    s = str(sample_gpkg)
    assert main(["plan", "--buildings", f"{s}|layername=buildings", "--roads", f"{s}|layername=roads",
                 "--communities", f"{s}|layername=communities", "--water", f"{s}|layername=water",
                 "--water", f"{s}|layername=waterway", "--building-id-field", "bldg_id",
                 "--dedicated-field", "dedicated_site", "--seed", "1", "-o", str(plan), "--quiet"]) == 0
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name,role,community,home_building,phone\n"
                      "W1,张三,full-time,330106004002,,13800000001\n"
                      "P1,王五,police,330106004002,,\n", encoding="utf-8")
    members = tmp_path / "members.csv"
    members.write_text("id,name,home_building\nM1,李四,1\n", encoding="utf-8")
    assert main(["staff", str(plan), "--roster", str(roster), "-o", str(tmp_path / "staffed.gpkg")]) == 0
    assert main(["microgrids", str(plan), "--members", str(members), "--households-per-group", "30-50",
                 "-o", str(tmp_path / "micro.gpkg")]) == 0
    return plan, tmp_path / "staffed.gpkg", tmp_path / "micro.gpkg"


def test_staffing_tab_follows_the_selected_grid(qgis_iface, qgis_new_project, outputs):
    from qgis.core import QgsProject

    import gridplanner
    from gridplanner.algorithms import PlanParameters

    plan, staffed, micro = outputs
    plugin = gridplanner.classFactory(qgis_iface)
    plugin.initGui()
    try:
        dock = plugin.show_dock()
        tab = dock.staffing_tab
        assert dock.tabs.tabText(dock.tabs.indexOf(tab)) == "Staffing"
        tab.staffed_file.setFilePath(str(staffed))
        tab.micro_file.setFilePath(str(micro))
        assert tab.staffing_table.rowCount() == 5                    # one row per community
        dock.open_plan(str(plan), PlanParameters(building_id_field="bldg_id", dedicated_field="dedicated_site"))
        index = dock.community_combo.findData("330106004002")
        if index >= 0:
            dock.community_combo.setCurrentIndex(index)
        code = None
        for row in range(dock.model.rowCount()):
            if dock.model.code_at(row) == "330106004002001":
                dock.table.selectRow(row)
                code = dock.model.code_at(row)
        if code is None:                                             # table shows all communities
            dock.table.selectRow(0)
            code = dock.model.code_at(0)
        assert tab.grid_code == code
        layer = tab.micro_layer
        assert layer is not None and QgsProject.instance().mapLayer(layer.id()) is layer
        assert layer.subsetString() == f"grid_code = '{code}'"
        assert tab.micro_table.rowCount() == layer.featureCount() > 0
        tab.show_grid("330106004002001")
        names = {tab.worker_table.item(r, 0).text() for r in range(tab.worker_table.rowCount())}
        assert {"张三", "王五"} <= names
    finally:
        dock.close_session()
        plugin.unload()
