"""Keep the pip wheels' own GEOS, PROJ and GDAL apart from QGIS's (Linux only).

The wheels of shapely, pyproj and pyogrio carry private copies of GEOS, PROJ and GDAL.
Inside the ``qgis`` and ``qgis_process`` executables on Linux, QGIS's system copies of
those libraries are already in the process's global symbol scope, and the dynamic
linker binds the wheels' calls to them instead of to the private copies: mixed
versions then fail ("WKB output dimension must be 2 or 3" from GEOS 3.11 answering
shapely built for 3.14) or corrupt memory (PROJ 9.1 freeing what PROJ 9.5 allocated:
``munmap_chunk(): invalid pointer`` at exit). Plain Python is not affected, which is
why the CLI and in-process tests never show it.

The remedy is to load those packages' compiled modules with ``RTLD_DEEPBIND``, so that
each looks up symbols in its own dependencies first. This must happen before anything
else in the process imports them, so the plugin calls :func:`isolate` as soon as QGIS
creates it. Geometries cross between QGIS and shapely only as WKB, never as native
objects, so the two copies of each library never share memory.

Windows (no global symbol scope) and macOS (two-level namespaces) need none of this.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

#: Packages whose wheels bundle a C library that QGIS also links.
PACKAGES = ("shapely", "pyproj", "pyogrio")

_state: dict[str, object] = {"done": False, "notes": []}


def needed() -> bool:
    """True on Linux, where the dynamic linker has a global symbol scope."""
    return sys.platform.startswith("linux") and hasattr(os, "RTLD_DEEPBIND")


def _compiled_modules(package) -> list[str]:
    """Names of every compiled (extension) module inside ``package``."""
    roots = [Path(p) for p in getattr(package, "__path__", [])]
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    names = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if not path.name.endswith(suffixes) or "tests" in path.relative_to(root).parts:
                continue
            stem = path.name
            for suffix in sorted(suffixes, key=len, reverse=True):
                if stem.endswith(suffix):
                    stem = stem[: -len(suffix)]
                    break
            parts = [package.__name__, *path.relative_to(root).parent.parts, stem]
            names.append(".".join(p for p in parts if p))
    return names


def isolate(packages: tuple[str, ...] = PACKAGES) -> list[str]:
    """Import ``packages`` and all their compiled modules with ``RTLD_DEEPBIND``.

    Runs once per process; later calls return the notes of the first. Returns notes on
    what could not be isolated (a package another plugin imported first, an import
    error); the caller logs them. Packages that are not installed are skipped (the
    dependency check reports those).
    """
    if _state["done"] or not needed():
        return list(_state["notes"])
    _state["done"] = True
    notes: list[str] = []
    flags = sys.getdlopenflags()
    sys.setdlopenflags(flags | os.RTLD_DEEPBIND)
    try:
        for name in packages:
            if name in sys.modules:
                notes.append(
                    f"{name} was imported before Grid Planner started; if planning fails with GEOS, "
                    "PROJ or GDAL errors, disable the plugin that imports it or restart QGIS"
                )
                continue
            try:
                if importlib.util.find_spec(name) is None:
                    continue
                package = importlib.import_module(name)
                for module in _compiled_modules(package):
                    if module not in sys.modules:
                        try:
                            importlib.import_module(module)
                        except Exception:  # noqa: BLE001 - optional parts (e.g. test helpers)
                            pass
            except Exception as err:  # noqa: BLE001 - reported by the dependency check
                notes.append(f"{name} could not be imported: {type(err).__name__}: {err}")
    finally:
        sys.setdlopenflags(flags)
    _state["notes"] = notes
    return list(notes)
