"""Fixtures for the tests that run inside a real, headless QGIS (pytest-qgis).

No ``qgis`` import at module level: when QGIS is missing these tests must be
reported as skipped (or failed under GRIDPLANNER_REQUIRE_QGIS=1), not crash the
collection. See ``tests/conftest.py``.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def registry(qgis_app):
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry()


@pytest.fixture
def no_gridplanner_provider(registry):
    """Make sure no Grid Planner provider is registered before and after the test."""

    def clear():
        provider = registry.providerById("gridplanner")
        if provider is not None:
            registry.removeProvider(provider)

    clear()
    yield
    clear()


@pytest.fixture(scope="module")
def gridplanner_provider(qgis_app, qgis_processing):
    """The Grid Planner provider registered for one test module (removed afterwards)."""
    from qgis.core import QgsApplication

    from gridplanner.plugin.provider import GridPlannerProvider

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("gridplanner")
    added = False
    if provider is None:
        provider = GridPlannerProvider()
        assert registry.addProvider(provider)
        added = True
    yield provider
    if added and registry.providerById("gridplanner") is not None:
        registry.removeProvider(registry.providerById("gridplanner"))


@pytest.fixture
def english():
    """Run the test with no plugin translator installed; restore afterwards."""
    from gridplanner.plugin import i18n

    i18n.remove_translators()
    yield
    i18n.remove_translators()
