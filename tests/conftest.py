"""Shared test configuration.

Tests under ``tests/qgis/`` run inside a real, headless QGIS (through pytest-qgis) and
are marked ``qgis``. Whether they can run is decided once per session:

* QGIS importable and the ``pytest_qgis`` plugin active: they run.
* Otherwise, with ``GRIDPLANNER_REQUIRE_QGIS=1`` (set by ``scripts/test.sh``, hence in
  CI): every one of them FAILS with the reason, and the header says so.
* Otherwise they are skipped with the reason (``pytest -ra`` lists it). That is how the
  pure core is tested without QGIS::

      python -m pytest -p no:pytest_qgis          # pytest-qgis imports qgis at start-up

This file must not import ``qgis`` at module level (it also serves QGIS-less runs).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

# A test run started in the background of a non-interactive shell (`cmd &`) ignores SIGINT,
# and so would every command the Ctrl-C tests start (an ignored signal stays ignored across
# exec). A handler of our own is reset to the default in those commands instead.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

REPO_ROOT = Path(__file__).resolve().parent.parent
# The generated lattice layouts (sample_data/lattice.py) are shared with the benchmarks.
sys.path.insert(0, str(REPO_ROOT / "sample_data"))
QGIS_TESTS = Path(__file__).resolve().parent / "qgis"
REQUIRE_QGIS = os.environ.get("GRIDPLANNER_REQUIRE_QGIS", "") == "1"

_reason_key = pytest.StashKey[str | None]()


def _qgis_unavailable(config: pytest.Config) -> str | None:
    """Why the QGIS tests cannot run here, or None when they can."""
    try:
        import qgis.core  # noqa: F401
    except Exception as err:  # noqa: BLE001 - ImportError, or a broken binary module
        return (
            f"qgis cannot be imported ({type(err).__name__}: {err}); run the tests with "
            "Debian's /usr/bin/python3 or a venv made with --system-site-packages "
            "(bash scripts/test.sh does both)"
        )
    if not config.pluginmanager.hasplugin("pytest_qgis"):
        return "the pytest-qgis plugin is not active (not installed, or disabled with -p no:pytest_qgis)"
    return None


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    if not pluginmanager.hasplugin("pytest_qgis"):
        # Keep pyproject's pytest-qgis settings from warning when the plugin is off.
        parser.addini("qgis_gui_enabled", "pytest-qgis setting (plugin not active)", type="bool", default=False)


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_reason_key] = _qgis_unavailable(config)


def pytest_report_header(config: pytest.Config) -> str:
    reason = config.stash.get(_reason_key, None)
    if reason is None:
        from qgis.core import Qgis

        return f"gridplanner: QGIS {Qgis.QGIS_VERSION} (tests marked 'qgis' run inside it)"
    verdict = "WILL FAIL (GRIDPLANNER_REQUIRE_QGIS=1)" if REQUIRE_QGIS else "are skipped"
    return f"gridplanner: QGIS tests {verdict}: {reason}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = config.stash.get(_reason_key, None)
    for item in items:
        if QGIS_TESTS in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.qgis)
        if reason is None or item.get_closest_marker("qgis") is None:
            continue
        if REQUIRE_QGIS:
            item.stash[_reason_key] = reason
        else:
            item.add_marker(pytest.mark.skip(reason=f"QGIS test skipped: {reason}"))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = item.stash.get(_reason_key, None)
    if reason:
        pytest.fail(f"GRIDPLANNER_REQUIRE_QGIS=1 but QGIS is not usable: {reason}", pytrace=False)


# ----------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root, which is the plugin folder and the ``gridplanner`` package."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def plugin_parent_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding only ``gridplanner -> <repository root>``.

    The checkout may be named anything; QGIS (``QGIS_PLUGINPATH``) and Python
    (``PYTHONPATH``) find the plugin/package through this folder by its real name.
    """
    parent = tmp_path_factory.mktemp("plugins")
    (parent / "gridplanner").symlink_to(REPO_ROOT, target_is_directory=True)
    return parent


@pytest.fixture(scope="session")
def sample_gpkg() -> Path:
    """The bundled demo street (layers communities, roads, water, buildings)."""
    path = REPO_ROOT / "sample_data" / "demo_street.gpkg"
    if not path.is_file():
        pytest.fail(f"sample data missing: {path.relative_to(REPO_ROOT)} (generate it with the script in sample_data/)")
    return path
