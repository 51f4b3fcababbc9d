"""Batch run through ``qgis_process``: the plugin as QGIS itself loads it.

QGIS finds the plugin through ``QGIS_PLUGINPATH`` (a folder holding a ``gridplanner``
symlink to this checkout), in an isolated profile where it is enabled first. QGIS's
embedded Python is the first ``python3`` on ``PATH``, so the venv's ``bin`` goes first
(otherwise the plugin would not see geopandas). Debian's ``/usr/bin/qgis_process``
wrapper is broken (``--noversioncheck``), hence ``qgis_process.bin``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.qgis, pytest.mark.slow]

QGIS_PROCESS = Path("/usr/bin/qgis_process.bin")
REQUIRE_QGIS = os.environ.get("GRIDPLANNER_REQUIRE_QGIS", "") == "1"


def _runner(plugin_parent: Path, tmp_path_factory):
    """A function running qgis_process with the plugin found in ``plugin_parent`` and enabled."""
    if not QGIS_PROCESS.exists():
        message = f"{QGIS_PROCESS} not found (Debian package qgis)"
        if REQUIRE_QGIS:
            pytest.fail(message)
        pytest.skip(message)

    profile = tmp_path_factory.mktemp("qgis-profile")
    runtime = tmp_path_factory.mktemp("xdg-runtime")
    runtime.chmod(0o700)
    env = dict(os.environ)
    env.pop("QGIS_OPTIONS_PATH", None)  # pytest-qgis points these at its own settings
    env.update(
        QGIS_PLUGINPATH=str(plugin_parent),
        QGIS_CUSTOM_CONFIG_PATH=str(profile),
        QT_QPA_PLATFORM="offscreen",
        XDG_RUNTIME_DIR=str(runtime),
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    )

    def run(*args, timeout=900):
        return subprocess.run(
            [str(QGIS_PROCESS), *map(str, args)], env=env, capture_output=True, text=True, timeout=timeout
        )

    enabled = run("plugins", "enable", "gridplanner", timeout=120)
    assert enabled.returncode == 0, f"plugins enable failed:\n{enabled.stdout}\n{enabled.stderr}"
    return run


@pytest.fixture(scope="module")
def qgis_process(plugin_parent_dir, tmp_path_factory):
    """qgis_process with this checkout as the plugin ``gridplanner``."""
    return _runner(plugin_parent_dir, tmp_path_factory)


def test_provider_is_listed(qgis_process):
    listed = qgis_process("list", timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "gridplanner:plangrids" in listed.stdout, listed.stdout[-3000:] + listed.stderr[-3000:]


def test_help_describes_the_parameters(qgis_process):
    shown = qgis_process("help", "gridplanner:plangrids", timeout=120)
    assert shown.returncode == 0, shown.stderr
    for name in ("BUILDINGS", "HOUSEHOLDS_FIELD", "MIN_HOUSEHOLDS", "GRIDS", "BUILDINGS_OUT", "PROBLEMS"):
        assert name in shown.stdout


def test_run_plan_grids_on_the_sample(qgis_process, sample_gpkg, tmp_path):
    import geopandas as gpd

    out = {name: tmp_path / f"{name}.gpkg" for name in ("grids", "buildings", "problems")}
    proc = qgis_process(
        "--json", "run", "gridplanner:plangrids", "--",
        f"BUILDINGS={sample_gpkg}|layername=buildings",
        f"COMMUNITIES={sample_gpkg}|layername=communities",
        f"ROADS={sample_gpkg}|layername=roads",
        f"WATER={sample_gpkg}|layername=water",
        "SEED=1",
        f"GRIDS={out['grids']}",
        f"BUILDINGS_OUT={out['buildings']}",
        f"PROBLEMS={out['problems']}",
    )
    assert proc.returncode == 0, \
        f"qgis_process failed ({proc.returncode}):\n{proc.stdout[-5000:]}\n{proc.stderr[-5000:]}"
    report = json.loads(proc.stdout[proc.stdout.index("{"):])
    results = report["results"]
    assert Path(results["GRIDS"]).resolve() == out["grids"].resolve()
    assert results["GRID_COUNT"] > 0

    # The files' contents, not just their names.
    grids = gpd.read_file(out["grids"])
    buildings = gpd.read_file(out["buildings"])
    source = gpd.read_file(sample_gpkg, layer="buildings")
    problems = gpd.read_file(out["problems"])

    assert len(grids) == results["GRID_COUNT"] > 0
    assert all(re.fullmatch(r"\d{15}", str(c)) for c in grids["grid_code"])
    assert grids["grid_code"].is_unique
    assert len(buildings) == len(source)
    assert buildings["grid_code"].notna().all() and (buildings["grid_code"].astype(str) != "").all()
    assert set(buildings["grid_code"]) <= set(grids["grid_code"])
    assert float(grids["households"].sum()) == pytest.approx(float(source["households"].fillna(0).sum()))
    assert len(problems) == results["PROBLEM_COUNT"]


def test_plugin_zip_installs(repo_root, tmp_path, tmp_path_factory):
    """scripts/package_plugin.sh builds a zip that QGIS loads as it is ("Install from ZIP")."""
    import zipfile

    archive = tmp_path / "gridplanner.zip"
    built = subprocess.run(
        ["bash", str(repo_root / "scripts" / "package_plugin.sh"), str(archive)],
        capture_output=True, text=True, timeout=120,
    )
    assert built.returncode == 0, built.stderr
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        zf.extractall(tmp_path / "plugins")
    assert {n.split("/")[0] for n in names} == {"gridplanner"}
    for required in ("__init__.py", "metadata.txt", "icon.png", "plugin/plugin.py", "plugin/provider.py",
                     "algorithms/__init__.py", "i18n/gridplanner_zh_CN.qm"):
        assert f"gridplanner/{required}" in names
    for excluded in ("tests/", "bench/", "docs/", "scripts/", ".git/", ".venv/", "__pycache__/", ".qgis-settings/"):
        assert not any(f"/{excluded}" in n for n in names), excluded

    run = _runner(tmp_path / "plugins", tmp_path_factory)
    listed = run("list", timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "gridplanner:plangrids" in listed.stdout


def test_every_tool_runs_headless(qgis_process, sample_gpkg, tmp_path):
    """All five tools are listed; Evaluate grid plan runs through qgis_process too."""
    import geopandas as gpd

    listed = qgis_process("list", timeout=120)
    for name in ("plangrids", "evaluateplan", "estimatehouseholds", "buildblocks", "loadosmroads"):
        assert f"gridplanner:{name}" in listed.stdout, name
    out = tmp_path / "evaluation.gpkg"
    proc = qgis_process(
        "--json", "run", "gridplanner:evaluateplan", "--",
        f"GRIDS={sample_gpkg}|layername=communities", "GRID_ID_FIELD=code",
        f"BUILDINGS={sample_gpkg}|layername=buildings", f"ROADS={sample_gpkg}|layername=roads",
        f"COMMUNITIES={sample_gpkg}|layername=communities", f"OUTPUT={out}",
        f"REPORT={tmp_path / 'evaluation.html'}",
    )
    assert proc.returncode == 0, f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    results = json.loads(proc.stdout[proc.stdout.index("{"):])["results"]
    assert results["GRIDS_NOT_OK"] == 5
    evaluated = gpd.read_file(out)
    assert int(evaluated["households"].sum()) == int(gpd.read_file(sample_gpkg, layer="buildings")["households"].sum())
    assert (tmp_path / "evaluation.html").stat().st_size > 10000
