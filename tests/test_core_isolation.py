"""The pure core ``gridplanner.algorithms`` never imports ``qgis``.

Checked in a fresh interpreter (this test process may have QGIS loaded already):
import the package and every module below it, then look at ``sys.modules``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = r"""
import importlib, json, pkgutil, sys
import gridplanner.algorithms as core
imported, failed = [core.__name__], {}
for info in pkgutil.walk_packages(core.__path__, prefix=core.__name__ + ".",
                                  onerror=lambda name: failed.setdefault(name, "walk error")):
    if info.name.rsplit(".", 1)[-1] == "__main__":
        continue
    try:
        importlib.import_module(info.name)
        imported.append(info.name)
    except Exception as err:
        failed[info.name] = f"{type(err).__name__}: {err}"
qgis = sorted(m for m in sys.modules if m == "qgis" or m.startswith("qgis.") or m.startswith("qgis_"))
print(json.dumps({"file": core.__file__, "imported": imported, "failed": failed, "qgis": qgis}))
"""


def test_core_imports_no_qgis(plugin_parent_dir, repo_root, tmp_path):
    env = dict(os.environ)
    # Import the package from this checkout by its real name, whatever the folder is called.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(plugin_parent_dir), env.get("PYTHONPATH", "")]))
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, f"probe failed:\n{proc.stdout}\n{proc.stderr}"
    report = json.loads(proc.stdout.strip().splitlines()[-1])

    assert os.path.realpath(report["file"]).startswith(str(repo_root)), report["file"]
    assert not report["failed"], f"modules of gridplanner.algorithms fail to import: {report['failed']}"
    assert report["qgis"] == [], (
        "gridplanner.algorithms must never import qgis, but after importing "
        f"{report['imported']} these are loaded: {report['qgis']}"
    )
