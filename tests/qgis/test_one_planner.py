"""One planner behind the CLI, the dock and the Processing dialog (issue 19, item 4), in a real QGIS.

* the same inputs give the same plan from the dock, from ``processing.run("gridplanner:plangrids")``
  (what the dialog runs) and from ``gridplanner plan``, on the whole sample street: every
  building's grid code and every grid's households are equal;
* the dock and the dialog pre-select layers and fields named like the inputs (``buildings``,
  ``communities``, ``roads``, ``water``/``waterway``; ``households``, ``code``, ``highway`` …);
* the plan open in the dock is opened again with the project.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .test_dock import _wait, subset  # noqa: F401 - subset: one community of the sample, a fixture

pytestmark = [pytest.mark.qgis, pytest.mark.slow]

LAYERS = ("buildings", "communities", "roads", "water", "waterway")


@pytest.fixture(scope="module")
def street(sample_gpkg, tmp_path_factory):
    """A copy of the sample street (QGIS opens a GeoPackage for update; the shipped one must not change)."""
    out = tmp_path_factory.mktemp("street") / "demo_street.gpkg"
    shutil.copyfile(sample_gpkg, out)
    return out


def _load(path, names=LAYERS):
    from qgis.core import QgsProject, QgsVectorLayer

    layers = {}
    for name in names:
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        layers[name] = layer
    QgsProject.instance().addMapLayers(list(layers.values()))
    return layers


@pytest.fixture
def dock_on(qgis_iface, qgis_new_project):
    """Opens the plugin's dock on the current project; unloads the plugin afterwards."""
    import gridplanner

    plugins = []

    def open_dock():
        plugin = gridplanner.classFactory(qgis_iface)
        plugin.initGui()
        plugins.append(plugin)
        return plugin.show_dock()

    yield open_dock
    for plugin in plugins:
        if plugin.dock is not None:
            plugin.dock.cancel_task()
        plugin.unload()


def _plan_rows(buildings_path, grids_path):
    """(building id → grid code, grid code → households) of a plan's layers."""
    import geopandas as gpd

    buildings = gpd.read_file(buildings_path[0], layer=buildings_path[1])
    grids = gpd.read_file(grids_path[0], layer=grids_path[1])
    codes = dict(zip(buildings["bldg_id"].astype(str), buildings["grid_code"].astype(str)))
    households = dict(zip(grids["grid_code"].astype(str), grids["households"].astype(float)))
    return codes, households


def test_same_plan_from_dock_dialog_and_cli(street, dock_on, tmp_path, gridplanner_provider):
    import processing

    layers = _load(street)
    # the dock: layers and fields pre-selected by name; the options a planner sets
    dock = dock_on()
    assert dock.buildings_combo.currentLayer() is layers["buildings"]
    assert dock.water_list.layers() == [layers["water"], layers["waterway"]]
    dock.dedicated_field.setField("dedicated_site")
    dock.option_widgets["building_id_field"].setField("bldg_id")
    dock.seed_spin.setValue(1)
    dock.output_file.setFilePath(str(tmp_path / "dock.gpkg"))
    dock.propose()
    assert dock.task is not None, dock.last_error
    assert _wait(dock, 600), dock.last_error
    dock_plan = tmp_path / "dock.gpkg"

    # the dialog's algorithm, with the same inputs
    results = processing.run("gridplanner:plangrids", {
        "BUILDINGS": layers["buildings"], "COMMUNITIES": layers["communities"], "ROADS": layers["roads"],
        "WATER": [layers["water"], layers["waterway"]], "DEDICATED_FIELD": "dedicated_site",
        "BUILDING_ID_FIELD": "bldg_id", "SEED": 1, "GRIDS": str(tmp_path / "dialog_grids.gpkg"),
        "BUILDINGS_OUT": str(tmp_path / "dialog_buildings.gpkg"), "PROBLEMS": str(tmp_path / "dialog_problems.gpkg"),
    })

    # the command line, in its own process
    s = str(street)
    cli_plan = tmp_path / "cli.gpkg"
    proc = subprocess.run(
        [sys.executable, "-m", "gridplanner.cli", "plan", "--buildings", f"{s}|layername=buildings",
         "--roads", f"{s}|layername=roads", "--communities", f"{s}|layername=communities",
         "--water", f"{s}|layername=water", "--water", f"{s}|layername=waterway",
         "--building-id-field", "bldg_id", "--dedicated-field", "dedicated_site", "--seed", "1",
         "-o", str(cli_plan), "-q"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr

    dock_codes, dock_households = _plan_rows((dock_plan, "buildings"), (dock_plan, "grids"))
    dialog_codes, dialog_households = _plan_rows((results["BUILDINGS_OUT"], None), (results["GRIDS"], None))
    cli_codes, cli_households = _plan_rows((cli_plan, "buildings"), (cli_plan, "grids"))
    print(f"\ngrids: dock {len(dock_households)}, dialog {len(dialog_households)}, CLI {len(cli_households)}; "
          f"buildings: {len(dock_codes)}, {len(dialog_codes)}, {len(cli_codes)}")
    assert len(cli_codes) > 1000 and len(cli_households) > 50
    assert dock_households == cli_households
    assert dialog_households == cli_households
    assert dock_codes == cli_codes
    assert dialog_codes == cli_codes


def test_dock_preselects_layers_and_fields_by_name(street, dock_on):
    from qgis.core import QgsProject

    dock = dock_on()                        # opened before the layers are added, as a planner would
    layers = _load(street)
    assert dock.buildings_combo.currentLayer() is layers["buildings"]
    assert dock.communities_combo.currentLayer() is layers["communities"]
    assert dock.roads_combo.currentLayer() is layers["roads"]
    assert dock.water_list.layers() == [layers["water"], layers["waterway"]]
    assert dock.compounds_combo.currentLayer() is None         # the sample has no layer "compounds"
    assert dock.households_field.currentField() == "households"
    assert dock.population_field.currentField() == "population"
    assert dock.compound_field.currentField() == "compound_id"
    assert dock.code_field.currentField() == "code"
    assert dock.name_field.currentField() == "name"
    assert dock.road_class_field.currentField() == "highway"
    assert dock.dedicated_field.currentField() == ""            # no default: chosen by the planner
    # a layer chosen by the planner stays chosen when another layer named like an input comes
    dock.roads_combo.setLayer(layers["waterway"])
    dock._auto_layers.discard("roads")
    more = _load(street, ("roads",))
    assert dock.roads_combo.currentLayer() is layers["waterway"]
    QgsProject.instance().removeMapLayer(more["roads"].id())
    # every option of the table has its widget, with the table's default
    from gridplanner.algorithms import options as opt

    fresh = dock.settings().options
    for o in opt.options_for(opt.PLAN):
        if o.dock and o.kind not in (opt.FIELD,):
            assert fresh[o.name] == (o.default if o.default is not None else ""), o.name


def test_dialog_preselects_layers_by_name(street, qgis_new_project, gridplanner_provider, monkeypatch):
    from qgis.core import QgsApplication

    layers = _load(street)
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("gridplanner:plangrids")
    assert algorithm.parameterDefinition("BUILDINGS").guiDefaultValueOverride() == layers["buildings"].id()
    assert algorithm.parameterDefinition("ROADS").guiDefaultValueOverride() == layers["roads"].id()
    assert algorithm.parameterDefinition("WATER").guiDefaultValueOverride() == [
        layers["water"].id(), layers["waterway"].id()]
    assert algorithm.parameterDefinition("COMPOUNDS").guiDefaultValueOverride() is None
    # a GUI default only: a script that leaves out the roads plans without them
    assert algorithm.parameterDefinition("ROADS").defaultValue() is None
    # the households field is required, not "[optional]"
    households = algorithm.parameterDefinition("HOUSEHOLDS_FIELD")
    assert not households.flags() & households.FlagOptional and households.defaultValue() == "households"

    # the dialog itself shows them (without pytest-qgis's mock of iface: no browser model in it)
    import processing.gui.AlgorithmDialog
    import processing.gui.ParametersPanel
    from processing.gui.AlgorithmDialog import AlgorithmDialog

    for module in (processing.gui.ParametersPanel, processing.gui.AlgorithmDialog):
        monkeypatch.setattr(module, "iface", None, raising=False)
    dialog = AlgorithmDialog(algorithm)
    values = dialog.createProcessingParameters()
    dialog.close()
    assert str(values["BUILDINGS"]).startswith(str(street)) or values["BUILDINGS"] == layers["buildings"].id()
    assert values["HOUSEHOLDS_FIELD"] == "households" and values["COMMUNITY_CODE_FIELD"] == "code"
    assert values["ROAD_CLASS_FIELD"] == "highway"
    assert len(values["WATER"]) == 2


def test_plan_reopened_with_the_project(subset, dock_on, tmp_path):     # noqa: F811
    from qgis.core import QgsProject

    _load(subset, ("buildings", "communities", "roads"))                # one community keeps this short
    dock = dock_on()
    dock.seed_spin.setValue(1)
    dock.output_file.setFilePath(str(tmp_path / "plan.gpkg"))
    dock.propose()
    assert _wait(dock, 600), dock.last_error
    grids = {f["grid_code"]: f["households"] for f in dock.session.grids_layer.getFeatures()}
    project_file = tmp_path / "street.qgz"
    project = QgsProject.instance()
    assert project.write(str(project_file))
    project.clear()
    assert dock.session is None
    assert project.read(str(project_file))
    assert dock.session is not None, dock.last_error
    assert dock.session.path == str(tmp_path / "plan.gpkg")
    assert {f["grid_code"]: f["households"] for f in dock.session.grids_layer.getFeatures()} == grids
    # on the project's own layers: no second copy of the plan
    names = sorted(layer.name() for layer in project.mapLayers().values())
    assert names.count("grids") == 1 and names.count("buildings") == 2
    assert dock.session.grids_layer.id() in project.mapLayers()


def test_processing_parameters_follow_the_table(gridplanner_provider):
    """Every tool's planning parameters are the table's: names, defaults, ranges, advanced flags."""
    from qgis.core import QgsApplication, QgsProcessingParameterDefinition

    from gridplanner.algorithms import options as opt
    from gridplanner.plugin.algorithms.common import PlanKeys

    for name in dir(PlanKeys):
        if name.isupper():
            assert getattr(PlanKeys, name) == name
    registry = QgsApplication.processingRegistry()
    for tool, algorithm_id in ((opt.PLAN, "plangrids"), (opt.EVALUATE, "evaluateplan"), (opt.BLOCKS, "buildblocks")):
        algorithm = registry.createAlgorithmById(f"gridplanner:{algorithm_id}")
        inputs = {i.name for i in opt.inputs_for(tool)}
        for layer in opt.inputs_for(tool):
            assert algorithm.parameterDefinition(layer.processing) is not None, (tool, layer.name)
        for o in opt.options_for(tool):
            if not o.processing or (o.kind == opt.FIELD and o.layer not in inputs):
                continue
            definition = algorithm.parameterDefinition(o.processing)
            assert definition is not None, (tool, o.name)
            default = definition.defaultValue()
            if o.kind == opt.CHOICE:
                assert default == o.choice_index(o.default)
            elif o.kind != opt.FILE:
                assert default == o.default, (tool, o.name)
            assert bool(definition.flags() & QgsProcessingParameterDefinition.FlagAdvanced) == o.advanced
            assert bool(definition.flags() & QgsProcessingParameterDefinition.FlagOptional) != o.required or \
                o.kind not in (opt.FIELD,)
