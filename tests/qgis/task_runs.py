"""Run Grid Planner's Processing tools again and again in QGIS task threads, as dialogs do.

A Processing dialog runs its algorithm in a ``QgsProcessingAlgRunnerTask`` on QGIS's task
manager: a thread of Qt's pool, not one Python created, and the pool reuses its threads.
This script does exactly that with the event loop running, ``RUNS`` times per tool, and
prints one JSON line per run. It is a separate process because the failure it guards
against is a segmentation fault (pyproj 3.7's thread-local PROJ context in reused Qt
threads), which would take the test runner down with it.

Usage: ``python task_runs.py SAMPLE_GPKG OSM_FILE OUT_DIR [RUNS]``.
"""

from __future__ import annotations

import faulthandler
import json
import sys
from pathlib import Path

faulthandler.enable()


def main(sample: str, osm_file: str, out_dir: str, runs: int) -> int:
    from qgis.core import (
        QgsApplication,
        QgsProcessingAlgRunnerTask,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsTask,
    )

    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    Processing.initialize()
    from gridplanner.plugin.provider import GridPlannerProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById("gridplanner") is None:
        registry.addProvider(GridPlannerProvider())

    out = Path(out_dir)
    src = {name: f"{sample}|layername={name}" for name in ("buildings", "roads", "communities", "water")}
    inputs = {"BUILDINGS": src["buildings"], "ROADS": src["roads"], "COMMUNITIES": src["communities"],
              "WATER": src["water"]}

    def tools(i: int) -> list[tuple[str, dict, str]]:
        plan = out / f"plan{i}.gpkg"
        return [
            ("gridplanner:plangrids", {**inputs, "GRIDS": str(plan), "PROBLEMS": str(out / f"problems{i}.gpkg"),
                                       "BUILDINGS_OUT": str(out / f"buildings{i}.gpkg")}, "GRIDS"),
            ("gridplanner:evaluateplan", {**inputs, "GRIDS": src["communities"], "GRID_ID_FIELD": "code",
                                          "OUTPUT": str(out / f"ev{i}.gpkg")}, "OUTPUT"),
            ("gridplanner:buildblocks", {**inputs, "BLOCKS": str(out / f"blocks{i}.gpkg"),
                                         "CELLS": str(out / f"cells{i}.gpkg")}, "BLOCKS"),
            ("gridplanner:estimatehouseholds", {"INPUT": src["buildings"], "FLOORS_FIELD": "floors",
                                                "OUTPUT": str(out / f"estimated{i}.gpkg")}, "OUTPUT"),
            ("gridplanner:loadosmroads", {"INPUT_FILE": osm_file, "TARGET_CRS": "EPSG:4549",
                                          "OUTPUT": str(out / f"roads{i}.gpkg")}, "OUTPUT"),
        ]

    failures = 0
    for i in range(runs):
        for alg_id, params, key in tools(i):
            alg = registry.algorithmById(alg_id)
            context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
            task = QgsProcessingAlgRunnerTask(alg, params, context, feedback)
            outcome: dict = {}
            task.executed.connect(lambda ok, results, outcome=outcome: outcome.update(ok=ok, results=results))
            QgsApplication.taskManager().addTask(task)
            while "ok" not in outcome and task.status() not in (QgsTask.Terminated,):
                app.processEvents()
            path = (outcome.get("results") or {}).get(key)
            ok = bool(outcome.get("ok")) and path is not None and Path(str(path).split("|")[0]).exists()
            failures += not ok
            print(json.dumps({"run": i, "tool": alg_id, "ok": ok}), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 5))
