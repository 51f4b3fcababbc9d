"""Are the Python packages the planner needs installed in QGIS's Python?

QGIS ships its own Python; geopandas, scikit-learn, momepy and friends usually have
to be added to it. This module finds out what is missing *without importing* the
heavy packages (``importlib.util.find_spec`` plus the installed distribution's
version from its metadata), and writes a message that says exactly what to install
and how. Nothing here imports ``qgis`` at module level, so it can be used before
QGIS is fully up and in plain Python.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    """One Python package the planner needs."""

    module: str  #: import name, e.g. ``"sklearn"``
    distribution: str  #: pip name, e.g. ``"scikit-learn"``
    minimum: str  #: lowest version known to work, e.g. ``"1.4"``
    broken: tuple[str, ...] = ()  #: release series known to fail inside QGIS, e.g. ``("3.7",)``

    @property
    def pip_spec(self) -> str:
        """Requirement as pip writes it, e.g. ``scikit-learn>=1.4`` or ``pyproj>=3.6,!=3.7.*``."""
        return f"{self.distribution}>={self.minimum}" + "".join(f",!={series}.*" for series in self.broken)

    def broken_series(self, version: str) -> str | None:
        """The series of :attr:`broken` that ``version`` belongs to, if any."""
        release = _release(version)
        for series in self.broken:
            if release[:len(_release(series))] == _release(series):
                return series
        return None


@dataclass(frozen=True)
class Problem:
    """A requirement that is not met: absent, or installed in a too old version."""

    requirement: Requirement
    found: str | None  #: installed version, ``None`` when the package is absent

    def describe(self) -> str:
        """One line for the user, in QGIS's language (English without a translator)."""
        from .i18n import tr

        r = self.requirement
        if self.found is None:
            return tr("{package} (not installed, need >= {minimum})").format(
                package=r.distribution, minimum=r.minimum)
        series = r.broken_series(self.found)
        if series is not None:
            return tr("{package} {found} (crashes QGIS when a tool runs in the background; "
                      "need >= {minimum} but not {series}.x)").format(
                package=r.distribution, found=self.found, minimum=r.minimum, series=series)
        return tr("{package} {found} (too old, need >= {minimum})").format(
            package=r.distribution, found=self.found, minimum=r.minimum)


#: What the planning engine imports (keep in step with ``pyproject.toml``).
REQUIRED: tuple[Requirement, ...] = (
    Requirement("pandas", "pandas", "2.0"),
    Requirement("geopandas", "geopandas", "1.0"),
    Requirement("shapely", "shapely", "2.0"),
    # pyproj 3.7.x crashes QGIS in task threads (see pyproject.toml).
    Requirement("pyproj", "pyproj", "3.6", broken=("3.7",)),
    Requirement("scipy", "scipy", "1.11"),
    Requirement("sklearn", "scikit-learn", "1.4"),
    Requirement("networkx", "networkx", "3.2"),
    Requirement("libpysal", "libpysal", "4.12"),
    Requirement("momepy", "momepy", "0.9"),
)

#: What "Load roads from OpenStreetMap" needs on top of REQUIRED (osmium only for .osm.pbf).
OSM_REQUIRED: tuple[Requirement, ...] = (Requirement("osmnx", "osmnx", "2.0"),)
PBF_REQUIRED: tuple[Requirement, ...] = (Requirement("osmium", "osmium", "4.0"),)


def _find_spec(module: str):
    try:
        return importlib.util.find_spec(module)
    except (ImportError, ValueError):  # broken half-installed package
        return None


def _installed_version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _release(version: str) -> tuple[int, ...]:
    """Leading numeric release of a version string: ``"1.4.post1"`` -> ``(1, 4)``."""
    match = re.match(r"\s*v?(\d+(?:\.\d+)*)", version)
    if not match:
        return ()
    return tuple(int(part) for part in match.group(1).split("."))


def version_at_least(found: str, minimum: str) -> bool:
    """Compare release numbers (pre-/post-release tags are ignored)."""
    a, b = _release(found), _release(minimum)
    if not a:  # unparseable: do not block the user on a version we cannot read
        return True
    width = max(len(a), len(b))
    return a + (0,) * (width - len(a)) >= b + (0,) * (width - len(b))


def check(requirements: tuple[Requirement, ...] | list[Requirement] = REQUIRED) -> list[Problem]:
    """Return the unmet requirements (an empty list when everything is fine)."""
    problems: list[Problem] = []
    for req in requirements:
        if _find_spec(req.module) is None:
            problems.append(Problem(req, None))
            continue
        found = _installed_version(req.distribution)
        if found is not None and (not version_at_least(found, req.minimum) or req.broken_series(found)):
            problems.append(Problem(req, found))
    return problems


def _numpy_pin() -> list[str]:
    """Keep NumPy 1.x when QGIS's GDAL is built on it (pip would otherwise pull NumPy 2)."""
    found = _installed_version("numpy")
    if found is not None and _release(found)[:1] == (1,):
        return ["numpy<2"]
    return []


#: A package-index mirror reachable from mainland China (Tsinghua University's PyPI mirror),
#: shown as an optional line of the message; the plugin never contacts it.
CHINA_MIRROR = "https://pypi.tuna.tsinghua.edu.cn/simple"


def install_command(problems: list[Problem], platform: str | None = None, index_url: str | None = None) -> str:
    """The command that installs what ``problems`` lists into QGIS's Python.

    ``index_url`` adds ``-i URL`` (a package-index mirror) to the command.
    """
    platform = platform or sys.platform
    specs = _numpy_pin() + [p.requirement.pip_spec for p in problems]
    index = f" -i {index_url}" if index_url else ""
    if platform.startswith("win"):
        quoted = " ".join(f'"{s}"' for s in specs)
        return f"python -m pip install --upgrade{index} {quoted}"
    quoted = " ".join(f"'{s}'" for s in specs)
    if platform == "darwin":
        return f"/Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install --user --upgrade{index} {quoted}"
    return f"python3 -m pip install --user --upgrade{index} {quoted}"


def message(problems: list[Problem], platform: str | None = None) -> str:
    """A plain-text explanation for the user: what is missing and how to install it."""
    from .i18n import tr

    platform = platform or sys.platform
    lines = [
        tr("Grid Planner needs Python packages that are missing from QGIS's Python:"),
        *(f"  - {p.describe()}" for p in problems),
        "",
    ]
    if platform.startswith("win"):
        lines.append(tr("Close QGIS, open the OSGeo4W Shell from the Start menu and run:"))
    elif platform == "darwin":
        lines.append(tr("Close QGIS, open a Terminal and run:"))
    else:
        lines.append(tr("Close QGIS, open a terminal and run:"))
    lines += ["", "    " + install_command(problems, platform), ""]
    lines += [
        tr("Optional, in mainland China: if the download is slow or fails, use a package-index mirror "
           "(add -i and its address to the command):"),
        "",
        "    " + install_command(problems, platform, CHINA_MIRROR),
        "",
        tr("Good to know: pip's wheels of shapely, pyproj and pyogrio bring their own copies of GEOS, PROJ "
           "and GDAL, next to the ones QGIS uses (OSGeo4W's on Windows). The plugin keeps the two apart and "
           "passes geometries between them as plain data, so both work; but the copies can be of different "
           "versions, so a coordinate transformation in the planner can differ slightly from QGIS's own, and "
           "pyproj keeps its own PROJ database (datum grids downloaded for QGIS are not used by it). Do not "
           "replace or delete the libraries of either side by hand."),
        "",
    ]
    if not (platform.startswith("win") or platform == "darwin"):
        lines.append(
            tr(
                "If pip refuses with \"externally-managed-environment\" (Debian 12, Ubuntu 23.04 "
                "and later), add --break-system-packages to the command, or start QGIS from a "
                "virtual environment made with --system-site-packages."
            )
        )
    lines.append(tr("Then restart QGIS."))
    return "\n".join(lines)
