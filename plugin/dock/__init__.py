"""The planner's workspace dock: propose, inspect, redraw, lock and repair, compare.

QGIS glue only; the editing state lives in :mod:`gridplanner.algorithms.editing` and
every figure comes from :mod:`gridplanner.algorithms.metrics`.
"""
