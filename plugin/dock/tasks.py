"""A ``QgsTask`` that runs one engine call in the background."""

from __future__ import annotations

import traceback
from typing import Callable

from qgis.core import Qgis, QgsMessageLog, QgsTask
from qgis.PyQt.QtCore import pyqtSignal

LOG_TAG = "Grid Planner"


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

    def run(self):  # noqa: D102 - runs in the task manager's thread
        from ...algorithms import GridPlannerError, PlanCancelled

        try:
            self.result = self.work(self.isCanceled, lambda f, *_: self.setProgress(100.0 * min(max(f, 0), 1)))
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
            self.done.emit(self.result, None)
        else:
            self.done.emit(None, self.error)
