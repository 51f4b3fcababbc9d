"""Grid Planner / 网格规划.

The repository root is both the QGIS plugin folder ``gridplanner`` and the Python
package of the same name. ``gridplanner.algorithms`` is the pure planning core (no
``qgis`` import anywhere below it); ``gridplanner.plugin`` is the QGIS side, imported
only when QGIS asks for the plugin through :func:`classFactory`.
"""

__version__ = "0.1.0"


def classFactory(iface):  # noqa: N802 (name fixed by QGIS)
    """Entry point QGIS calls to create the plugin; imports the QGIS side lazily."""
    from .plugin.plugin import GridPlannerPlugin

    return GridPlannerPlugin(iface)
