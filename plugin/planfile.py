"""A plan GeoPackage read inside QGIS: through QGIS's own data provider, never a second GDAL.

A GeoPackage is a SQLite database. The wheels of pyogrio (and Python's ``sqlite3``) bring
their own GDAL and SQLite; two SQLite libraries on one file in one process do not see each
other's POSIX locks, and closing one drops the other's. Reading a plan QGIS holds open
that way made QGIS's next commit fail ("Cannot reopen datasource … in read-only mode",
"Feature … for attribute update not found") and undo write NULL grid codes. So inside QGIS
every read of a plan goes through QGIS's ``ogr`` provider, and a plan open in the dock is
read from the dock's own layers (what the planner sees).

:func:`plan_sources` runs on the main thread (a Processing algorithm's ``prepareAlgorithm``):
it takes thread-safe snapshots of the layers (``QgsVectorLayerFeatureSource``). :meth:`PlanSources.read`
then turns them into an :class:`~gridplanner.algorithms.export.PlanData` in any thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsFields,
    QgsVectorLayer,
    QgsVectorLayerFeatureSource,
)
from qgis.PyQt.QtCore import QCoreApplication, QThread

from ..algorithms.errors import InputError
from .i18n import tr


class Snapshot:
    """What :func:`convert.source_to_gdf` asks of a source, over a layer's feature source.

    Made on the layer's thread, read in any thread; it includes the layer's unsaved edits.
    """

    def __init__(self, layer: QgsVectorLayer, geometry: bool = True):
        self._source = QgsVectorLayerFeatureSource(layer)
        self._fields = QgsFields(layer.fields())
        self._crs = QgsCoordinateReferenceSystem(layer.crs())
        self._count = int(layer.featureCount())
        self._geometry = geometry

    def fields(self) -> QgsFields:
        return self._fields

    def sourceCrs(self) -> QgsCoordinateReferenceSystem:  # noqa: N802 (QgsFeatureSource's name)
        return self._crs

    def featureCount(self) -> int:  # noqa: N802
        return self._count

    def getFeatures(self, request: QgsFeatureRequest | None = None):  # noqa: N802
        request = QgsFeatureRequest(request) if request is not None else QgsFeatureRequest()
        if not self._geometry:
            request.setFlags(request.flags() | QgsFeatureRequest.NoGeometry)
        return self._source.getFeatures(request)


@dataclass
class PlanSources:
    """A plan's layers as snapshots, its metadata, and what the caller should be told."""

    path: str
    grids: Snapshot
    buildings: Snapshot | None
    metadata: dict
    notes: list[str] = field(default_factory=list)
    #: True when the snapshots are the dock's layers.
    from_dock: bool = False
    #: The plan's audit log (``None`` when it has none): the export notes it in its metadata.
    audit: object = None

    def read(self, is_cancelled=None):
        """The plan as :class:`~gridplanner.algorithms.export.PlanData` (any thread)."""
        import pandas as pd

        from ..algorithms.export import PlanData
        from . import convert

        grids, _ = convert.source_to_gdf(self.grids, is_cancelled=is_cancelled)
        buildings = None
        if self.buildings is not None:
            frame, _ = convert.source_to_gdf(self.buildings, is_cancelled=is_cancelled)
            buildings = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        return PlanData(grids, buildings, self.metadata, source=self.path, audit=self.audit)


def on_main_thread() -> bool:
    """Whether the caller runs on the application's (GUI) thread."""
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() == app.thread()


def plan_sources(path: str, building_geometry: bool = False) -> PlanSources:
    """Snapshots of the plan at ``path``, from the dock when the plan is open there.

    When the dock holds the plan with unsaved edits, they are saved first (checked: a
    failed save raises with QGIS's errors and keeps the edits), so that the file and what
    is exported are what the planner sees. Off the main thread (a model), the dock's layers
    are not touched: the plan is read through a new QGIS layer, without unsaved edits.
    The buildings are read without geometry unless ``building_geometry`` (micro-grids need it).
    """
    from .dock import session as dock_session
    from .dock import store

    path = str(path)
    if not path or not Path(path).is_file():
        raise InputError(f"file not found: {path}", layer="plan")
    notes: list[str] = []
    session = dock_session.session_for(path)
    if session is not None and on_main_thread():
        if session.pending_edits():
            session.save()
            notes.append(tr("The edits of the plan open in the Grid Planner dock were saved before the export."))
        grids = Snapshot(session.grids_layer)
        buildings = Snapshot(session.buildings_layer, geometry=building_geometry)
        return PlanSources(path, grids, buildings, store.read_metadata(path), notes, from_dock=True,
                           audit=_audit(path))
    if session is not None and session.pending_edits():
        notes.append(tr("The plan is open in the Grid Planner dock with unsaved edits; they are not part of "
                        "this run (save them in the dock first)."))
    layers = {name: QgsVectorLayer(f"{path}|layername={name}", name, "ogr") for name in ("grids", "buildings")}
    if not layers["grids"].isValid():
        raise InputError(f"{path} has no 'grids' layer; export takes a plan written by 'gridplanner plan' "
                         "or Plan grids", layer="plan")
    grids = Snapshot(layers["grids"])
    buildings = (Snapshot(layers["buildings"], geometry=building_geometry) if layers["buildings"].isValid()
                 else None)
    return PlanSources(path, grids, buildings, store.read_metadata(path), notes, audit=_audit(path))


def _audit(path: str):
    """The plan's audit log read through QGIS (``None`` when the plan has none)."""
    from .dock import store

    frame = store.read_audit(path)
    return frame if len(frame) else None
