"""The dock's Review step (plugin/dock/review.py) inside a real QGIS: a plan proposed in the
dock, then reviewed with this year's buildings (one grid pushed out of the band); the new plan
is opened for editing, the kept grids are last year's, the report of the changes is written."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.qgis, pytest.mark.slow]

COMMUNITY = "330106004002"


@pytest.fixture(scope="module")
def subset(sample_gpkg, tmp_path_factory):
    """One community of the sample street, its buildings and the barrier layers."""
    import geopandas as gpd

    out = tmp_path_factory.mktemp("dock_review") / "one_community.gpkg"
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
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    loop, outcome = QEventLoop(), []

    def done(ok):
        outcome.append(ok)
        loop.quit()

    dock.task_finished.connect(done)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    loop.exec_()
    dock.task_finished.disconnect(done)
    assert outcome, "the task did not finish in time"
    return outcome[0]


def test_review_step(qgis_iface, qgis_new_project, subset, tmp_path):
    import geopandas as gpd
    from qgis.core import QgsProject, QgsVectorLayer

    import gridplanner
    from bench.yearlater import year_later

    project = QgsProject.instance()
    layers = {}
    for name in ("communities", "buildings", "roads", "water", "waterway"):
        layer = QgsVectorLayer(f"{subset}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        project.addMapLayer(layer)
        layers[name] = layer
    plugin = gridplanner.classFactory(qgis_iface)
    plugin.initGui()
    try:
        dock = plugin.show_dock()
        dock.buildings_combo.setLayer(layers["buildings"])
        dock.communities_combo.setLayer(layers["communities"])
        dock.roads_combo.setLayer(layers["roads"])
        dock.water_list.set_layers([layers["water"], layers["waterway"]])
        dock.households_field.setField("households")
        dock.compound_field.setField("compound_id")
        dock.code_field.setField("code")
        dock.road_class_field.setField("highway")
        dock.seed_spin.setValue(1)
        last_year = tmp_path / "last_year.gpkg"
        dock.output_file.setFilePath(str(last_year))
        dock.propose()
        assert _wait(dock), dock.last_error
        dock.close_session()
        grids = gpd.read_file(last_year, layer="grids")
        planned = gpd.read_file(last_year, layer="buildings")

        # This year's buildings: one grid pushed out of the band, loaded in the project.
        later = year_later(gpd.read_file(subset, layer="buildings"), grids, gpd.read_file(subset, layer="communities"),
                           gpd.read_file(subset, layer="roads"), seed=5, drift=0.0, lanes=0, new_compounds=0,
                           push=1, id_field="bldg_id", plan_buildings=planned)
        assert later.pushed_grids
        year = tmp_path / "this_year.gpkg"
        later.buildings.to_file(year, layer="buildings")
        this_year = QgsVectorLayer(f"{year}|layername=buildings", "buildings 2027", "ogr")
        project.addMapLayer(this_year)
        dock.buildings_combo.setLayer(this_year)
        dock.households_field.setField("households")
        dock.compound_field.setField("compound_id")
        dock.option_widgets["building_id_field"].setField("bldg_id")

        reviewed = tmp_path / "this_year_plan.gpkg"
        dock.output_file.setFilePath(str(last_year))
        dock.review_panel.previous_file.setFilePath(str(last_year))
        dock.review_panel.review()          # the output is the input: refused, nothing started
        assert dock.task is None and "also an input" in (dock.last_error or "")

        dock.output_file.setFilePath(str(reviewed))
        dock.review_panel.cap_check.setChecked(True)
        dock.review_panel.cap_spin.setValue(20.0)
        dock.review_panel.review()
        assert dock.task is not None, dock.last_error
        assert _wait(dock), dock.last_error
        assert dock.session is not None and dock.session.path == str(reviewed)
        text = dock.review_panel.result_label.text()
        assert "households moved to another grid" in text and "cap on households moved: 20.0%" in text
        assert dock.review_panel.report_button.isEnabled()
        assert (tmp_path / "this_year_plan_changes.html").is_file()
        new = gpd.read_file(reviewed, layer="grids").set_index("grid_code")
        old = grids.set_index("grid_code")
        kept = new[new["change"] == "kept"]
        assert len(kept) and len(kept) < len(new)
        # Kept grids are last year's polygons; the dock's editor rewrites an opened plan's grids
        # as the union of their buildings' cells on the precision grid (as for a proposed plan),
        # which moves vertices by millimetres.
        for code, row in kept.iterrows():
            a, b = row.geometry, old.loc[code].geometry
            assert a.symmetric_difference(b).area < 0.5 and a.hausdorff_distance(b) < 0.01, code
        assert not set(later.pushed_grids) & set(kept.index)
    finally:
        dock.cancel_task()
        plugin.unload()
