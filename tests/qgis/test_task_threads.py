"""Every Processing tool, five times in a row in QGIS task threads, as a dialog runs it.

``task_runs.py`` runs in its own process (a crash there must fail this test, not end the
test run). Before pyproj 3.7 was excluded, the second run of any tool died with a
segmentation fault in ``pyproj.CRS`` (its thread-local PROJ context outlives the Python
thread state of a reused Qt pool thread).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.qgis, pytest.mark.slow]

HERE = Path(__file__).resolve().parent
RUNS = 5


def test_every_tool_runs_again_and_again_in_task_threads(qgis_app, sample_gpkg, repo_root, tmp_path):
    sample = tmp_path / "sample.gpkg"
    shutil.copyfile(sample_gpkg, sample)
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(HERE / "task_runs.py"), str(sample),
                           str(repo_root / "sample_data" / "demo_roads.osm"), str(out), str(RUNS)],
                          capture_output=True, text=True, timeout=900, env=env)
    runs = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[:4000]}"
    assert len(runs) == 5 * RUNS and all(r["ok"] for r in runs)
