"""QGIS side of Grid Planner: plugin, Processing provider, dock, styling, translations."""
