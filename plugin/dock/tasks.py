"""A ``QgsTask`` that runs one engine call in the background."""

from __future__ import annotations

import concurrent.futures
import traceback
from collections.abc import Callable

from qgis.core import Qgis, QgsMessageLog, QgsTask
from qgis.PyQt.QtCore import pyqtSignal

LOG_TAG = "Grid Planner"


_executor: list[concurrent.futures.ThreadPoolExecutor] = []


def _engine_thread() -> concurrent.futures.ThreadPoolExecutor:
    """The one long-lived Python thread every engine run of the dock uses.

    pyproj keeps a PROJ context per Python thread state. The task manager's threads get a
    fresh Python thread state for every task, and pyproj crashes when a second task builds
    a CRS after the first one's state was torn down. One persistent thread keeps one
    context; the task's own thread only waits for it, reports progress and forwards cancel.
    """
    if not _executor:
        _executor.append(concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="gridplanner"))
    return _executor[0]


class EngineTask(QgsTask):
    """Run ``work(is_cancelled, progress)`` off the main thread.

    ``work`` must only touch plain Python/GeoPandas data (never QGIS layers): the dock
    converts layers before and applies results after, on the main thread. When it ends,
    :attr:`done` is emitted on the main thread with ``(result, error)``: ``error`` is a
    message for the user (the traceback goes to the message log) or ``None``; a
    cancelled task emits ``(None, None)``.
    """

    done = pyqtSignal(object, object)

    def __init__(self, description: str, work: Callable):
        super().__init__(description, QgsTask.CanCancel)
        self.work = work
        self.result = None
        self.error: str | None = None
        self._reported = False
        # A task cancelled before it started never runs nor calls finished(): report it from
        # the termination signal instead (whichever comes first reports, once).
        self.taskTerminated.connect(lambda: self._report(None, self.error))

    def run(self):  # noqa: D102 - runs in the task manager's thread
        from ...algorithms import GridPlannerError, PlanCancelled

        if self.isCanceled():
            return False
        progress = [0.0]

        def report(fraction, *_):
            progress[0] = 100.0 * min(max(float(fraction), 0.0), 1.0)

        try:
            future = _engine_thread().submit(self.work, self.isCanceled, report)
            while True:
                try:
                    self.result = future.result(timeout=0.1)
                    break
                except concurrent.futures.TimeoutError:
                    self.setProgress(progress[0])
            return not self.isCanceled()
        except PlanCancelled:
            return False
        except GridPlannerError as err:
            self.error = str(err)
            return False
        except Exception as err:  # noqa: BLE001 - reported in the message bar, traceback in the log
            self.error = f"{type(err).__name__}: {err}"
            QgsMessageLog.logMessage(traceback.format_exc(), LOG_TAG, Qgis.Critical)
            return False

    def finished(self, ok):  # noqa: D102 - main thread
        if ok and not self.isCanceled():
            self._report(self.result, None)
        else:
            self._report(None, self.error)

    def stop(self) -> None:
        """Cancel; a task that has not started yet is reported as cancelled at once."""
        queued = self.status() in (QgsTask.Queued, QgsTask.OnHold)
        self.cancel()
        if queued:
            self._report(None, None)

    def _report(self, result, error) -> None:
        if not self._reported:
            self._reported = True
            self.done.emit(result, error)


# pyproj keeps a PROJ context per thread, and a task's thread state (hence its context) ends
# with the task: a CRS object made in one thread and used or freed in another crashes the
# process. Frames therefore cross into a task without a CRS (as WKT text) and results come
# back as plain values (labels, shapely geometries), never as objects holding a CRS.
def detach(frame):
    """``(frame without CRS, CRS as WKT or None)`` to hand a GeoDataFrame to a task."""
    if frame is None:
        return None
    import geopandas as gpd

    wkt = frame.crs.to_wkt() if frame.crs is not None else None
    plain = gpd.GeoDataFrame(frame.drop(columns=[frame.geometry.name]),
                             geometry=gpd.GeoSeries(frame.geometry.to_numpy(), index=frame.index))
    return plain, wkt


def attach(detached):
    """Inside a task: the GeoDataFrame of :func:`detach` with a CRS made in this thread."""
    if detached is None:
        return None
    frame, wkt = detached
    return frame.set_crs(wkt, allow_override=True) if wkt else frame
