"""Map tool: click a building to move it (or its compound) to the dock's target grid."""

from __future__ import annotations

from qgis.core import QgsCoordinateTransform, QgsFeatureRequest, QgsPointXY, QgsProject, QgsRectangle
from qgis.gui import QgsMapToolEmitPoint
from qgis.PyQt.QtCore import Qt


class MoveBuildingTool(QgsMapToolEmitPoint):
    """Each click moves the building under the cursor to ``dock.target_combo``'s grid.

    The move goes through :meth:`GridPlannerDock.move_fids`, so it is one undoable edit and
    the table, chart and grids update at once.
    """

    def __init__(self, canvas, dock):
        super().__init__(canvas)
        self.dock = dock
        self.setCursor(Qt.CrossCursor)

    def building_at(self, point: QgsPointXY) -> int | None:
        """Feature id of the plan building under ``point`` (map coordinates), or ``None``."""
        session = self.dock.session
        if session is None:
            return None
        layer = session.buildings_layer
        canvas = self.canvas()
        transform = QgsCoordinateTransform(canvas.mapSettings().destinationCrs(), layer.crs(), QgsProject.instance())
        here = transform.transform(point)
        tolerance = canvas.mapUnitsPerPixel() * 4
        rect = QgsRectangle(here.x() - tolerance, here.y() - tolerance, here.x() + tolerance, here.y() + tolerance)
        best = None
        for feature in layer.getFeatures(QgsFeatureRequest().setFilterRect(rect)):
            distance = feature.geometry().distance(feature.geometry().fromPointXY(here))
            if best is None or distance < best[0]:
                best = (distance, feature.id())
        return int(best[1]) if best is not None else None

    def move_at(self, point: QgsPointXY) -> bool:
        """Move the building under ``point``; True when one was found."""
        fid = self.building_at(point)
        if fid is None:
            return False
        self.dock.move_fids([fid])
        return True

    def canvasReleaseEvent(self, event):  # noqa: N802
        self.move_at(self.toMapCoordinates(event.pos()))
