"""The plugin loads through ``classFactory`` in a real QGIS, and unloads cleanly."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.qgis


@pytest.fixture
def log_messages(qgis_app):
    """Messages the message log receives during the test: (tag, level, text)."""
    from qgis.core import QgsApplication

    received = []

    def collect(text, tag, level):
        received.append((tag, level, text))

    QgsApplication.messageLog().messageReceived.connect(collect)
    yield received
    QgsApplication.messageLog().messageReceived.disconnect(collect)


def _critical(log_messages, qgis_iface):
    from qgis.core import Qgis

    logged = [text for tag, level, text in log_messages if tag == "Grid Planner" and level == Qgis.Critical]
    shown = qgis_iface.messageBar().get_messages(Qgis.Critical)
    return logged + shown


def test_class_factory_init_gui_and_unload(qgis_iface, registry, no_gridplanner_provider, log_messages):
    import gridplanner
    from gridplanner.plugin.plugin import MENU, GridPlannerPlugin

    qgis_iface.messageBar().clear_messages()
    menu_add = qgis_iface.addPluginToVectorMenu
    menu_remove = qgis_iface.removePluginVectorMenu
    menu_add.reset_mock()
    menu_remove.reset_mock()

    plugin = gridplanner.classFactory(qgis_iface)
    assert isinstance(plugin, GridPlannerPlugin)
    assert registry.providerById("gridplanner") is None, "classFactory alone must not register anything"

    plugin.initGui()
    provider = registry.providerById("gridplanner")
    assert provider is not None
    assert provider.name()
    assert registry.algorithmById("gridplanner:plangrids") is not None
    plan_action = next(a for a in plugin.actions if a.objectName() == "GridPlannerPlanGrids")
    workspace_action = next(a for a in plugin.actions if a.objectName() == "GridPlannerWorkspace")
    assert plugin.toolbar_actions == [plan_action, workspace_action]
    assert not plan_action.icon().isNull()
    added = [call.args for call in menu_add.call_args_list]
    assert (MENU, plan_action) in added
    assert len(added) == len(plugin.actions) >= 2

    # QGIS may call initProcessing as well: still exactly one provider.
    plugin.initProcessing()
    assert [p.id() for p in registry.providers()].count("gridplanner") == 1

    plugin.unload()
    assert registry.providerById("gridplanner") is None
    assert registry.algorithmById("gridplanner:plangrids") is None
    assert plugin.actions == [] and plugin.toolbar_actions == []
    removed = [call.args for call in menu_remove.call_args_list]
    assert sorted(map(id, (a for _, a in removed))) == sorted(map(id, (a for _, a in added)))
    assert _critical(log_messages, qgis_iface) == []


def test_init_processing_alone_then_unload(qgis_iface, registry, no_gridplanner_provider, log_messages):
    """What qgis_process does: classFactory(None) + initProcessing(), no GUI."""
    import gridplanner

    plugin = gridplanner.classFactory(None)
    plugin.initProcessing()
    assert registry.algorithmById("gridplanner:plangrids") is not None
    plugin.unload()
    assert registry.providerById("gridplanner") is None
    assert _critical(log_messages, qgis_iface) == []


def test_algorithm_parameters(gridplanner_provider, registry):
    alg = registry.algorithmById("gridplanner:plangrids")
    assert alg is not None
    names = {p.name() for p in alg.parameterDefinitions()}
    assert {
        "BUILDINGS", "COMMUNITIES", "ROADS", "WATER", "HOUSEHOLDS_FIELD", "POPULATION_FIELD",
        "COMPOUND_FIELD", "COMMUNITY_CODE_FIELD", "COMMUNITY_NAME_FIELD", "ROAD_CLASS_FIELD",
        "HARD_ROAD_CLASSES", "MIN_HOUSEHOLDS", "MAX_HOUSEHOLDS", "TARGET_HOUSEHOLDS", "WEIGHTS", "SEED",
        "SEARCH_SECONDS", "GRIDS", "BUILDINGS_OUT", "PROBLEMS",
    } <= names
    defaults = {p.name(): p.defaultValue() for p in alg.parameterDefinitions()}
    assert defaults["HOUSEHOLDS_FIELD"] == "households"
    assert defaults["COMPOUND_FIELD"] == "compound_id"
    from gridplanner.algorithms import DEFAULT_HARD_CLASSES

    assert defaults["HARD_ROAD_CLASSES"].split(",") == list(DEFAULT_HARD_CLASSES)  # same as the CLI
    assert (defaults["MIN_HOUSEHOLDS"], defaults["MAX_HOUSEHOLDS"], defaults["TARGET_HOUSEHOLDS"]) == (300, 500, 400)
    assert defaults["SEED"] == 0
    assert defaults["SEARCH_SECONDS"] == 1.0          # same as the CLI and PlanParameters
    optional = {p.name() for p in alg.parameterDefinitions() if p.flags() & p.FlagOptional}
    assert "BUILDINGS" not in optional and {"COMMUNITIES", "ROADS", "WATER", "WEIGHTS"} <= optional
    assert "Households" in alg.shortHelpString() or "households" in alg.shortHelpString()


def test_band_order_is_checked(gridplanner_provider, registry):
    from qgis.core import QgsProcessingContext, QgsVectorLayer

    layer = QgsVectorLayer("Point?crs=EPSG:4549&field=households:integer", "b", "memory")
    alg = registry.createAlgorithmById("gridplanner:plangrids")
    ok, message = alg.checkParameterValues(
        {"BUILDINGS": layer, "MIN_HOUSEHOLDS": 500, "MAX_HOUSEHOLDS": 300, "TARGET_HOUSEHOLDS": 400,
         "GRIDS": "TEMPORARY_OUTPUT"},
        QgsProcessingContext(),
    )
    assert not ok and "500" in message
