"""plugin/native.py keeps the wheels' GEOS/PROJ apart from QGIS's system copies.

Inside the ``qgis``/``qgis_process`` executables the system libgeos_c and libproj are in
the global symbol scope. ``LD_PRELOAD`` puts them there in a plain Python process too,
which reproduces the conflict in a second instead of a QGIS start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.qgis

SYSTEM_LIBS = [Path("/usr/lib/x86_64-linux-gnu/libgeos_c.so.1"), Path("/usr/lib/x86_64-linux-gnu/libproj.so.25")]

PROBE = r"""
import json, sys
isolate = sys.argv[1] == "1"
if isolate:
    from gridplanner.plugin import native
    notes = native.isolate()
import shapely, pyproj
out = {"isolated": isolate, "proj": pyproj.proj_version_str}
try:
    shapely.to_wkb(shapely.Point(0, 0))
    out["wkb"] = "ok"
except Exception as err:
    out["wkb"] = str(err)
print(json.dumps(out))
"""


def _probe(isolate: bool):
    if not all(p.exists() for p in SYSTEM_LIBS) or not sys.platform.startswith("linux"):
        pytest.skip("needs Debian's libgeos_c.so.1 and libproj.so.25 (installed with QGIS)")
    env = dict(os.environ, LD_PRELOAD=" ".join(map(str, SYSTEM_LIBS)))
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "1" if isolate else "0"], env=env, capture_output=True, text=True, timeout=120
    )
    return proc, (json.loads(proc.stdout.strip().splitlines()[-1]) if proc.stdout.strip() else None)


def test_conflict_exists_without_isolation():
    """The problem native.py solves is real here (otherwise this test tells us it is gone)."""
    proc, out = _probe(isolate=False)
    broken = proc.returncode != 0 or out is None or out["wkb"] != "ok"
    mixed_proj = out is not None and out["proj"].startswith("9.1")  # the system PROJ answers pyproj
    assert broken or mixed_proj, out


def test_isolation_uses_the_wheels_own_libraries():
    import pyproj

    proc, out = _probe(isolate=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert out["wkb"] == "ok"
    assert out["proj"] == pyproj.proj_version_str  # the same PROJ as in a plain process
