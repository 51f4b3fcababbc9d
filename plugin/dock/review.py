"""The dock's "Review" step: the yearly review (动态调整) of last year's plan.

The planner picks last year's plan GeoPackage and, optionally, a cap on the share of
households that may change grid; the inputs and options are the Set-up tab's (this year's
layers). *Review* runs :func:`gridplanner.algorithms.replan.replan_grids` in the dock's
background task, writes the new plan (with its change layers) to the Set-up's plan GeoPackage
and an HTML report of the changes beside it, then opens the new plan for editing like a
proposed one and lists what changed here. The logic is the core's; this module is UI only.
"""

from __future__ import annotations

import os

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr


class ReviewPanel(QWidget):
    """The Review tab of :class:`~gridplanner.plugin.dock.widget.GridPlannerDock` (``dock``)."""

    def __init__(self, dock, parent=None) -> None:
        super().__init__(parent)
        self.dock = dock
        self.report_path: str | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Yearly review: keep every grid of last year's plan that still meets the rules, repair "
                          "the grids that broke with the fewest households changing grid. This year's layers and "
                          "options are those of Set-up; the new plan is saved in Set-up's plan GeoPackage."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.previous_file = QgsFileWidget()
        self.previous_file.setStorageMode(QgsFileWidget.GetFile)
        self.previous_file.setFilter(tr("GeoPackage (*.gpkg)"))
        form.addRow(tr("Last year's plan"), self.previous_file)
        self.cap_check = QCheckBox(tr("Cap the households moved at"))
        self.cap_spin = QDoubleSpinBox()
        self.cap_spin.setRange(0.0, 100.0)
        self.cap_spin.setDecimals(1)
        self.cap_spin.setSuffix(" %")
        self.cap_spin.setValue(10.0)
        self.cap_spin.setEnabled(False)
        self.cap_check.toggled.connect(self.cap_spin.setEnabled)
        form.addRow(self.cap_check, self.cap_spin)
        layout.addLayout(form)
        self.review_button = QPushButton(tr("Review (re-plan)"))
        self.review_button.clicked.connect(self.review)
        layout.addWidget(self.review_button)
        self.result_label = QLabel("")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.report_button = QPushButton(tr("Open the report of the changes"))
        self.report_button.setEnabled(False)
        self.report_button.clicked.connect(self.open_report)
        layout.addWidget(self.report_button)
        layout.addStretch(1)

    def max_moved(self) -> float | None:
        """The cap as a share (0–1), or ``None`` when not capped."""
        return self.cap_spin.value() / 100.0 if self.cap_check.isChecked() else None

    def review(self) -> None:
        """Start the review in the dock's background task (button "Review (re-plan)")."""
        self.dock._guarded(tr("Review"), self._review)

    def _review(self) -> None:
        from ...algorithms import GridPlannerError
        from ...algorithms.io import check_distinct_outputs, check_output_path
        from ...algorithms.replan import PreviousPlan, render_replan_report, replan_grids, replan_summary_lines
        from ...algorithms.report import write_html
        from .tasks import attach, detach

        dock = self.dock
        if dock.task is not None:
            raise GridPlannerError(tr("A task is already running; wait for it or cancel it."))
        previous_path = self.previous_file.filePath()
        if not previous_path or not os.path.isfile(previous_path):
            raise GridPlannerError(tr("Choose last year's plan GeoPackage."))
        s = dock.settings()
        if not s.output:
            raise GridPlannerError(tr("Choose the GeoPackage the plan is saved in."))
        path = s.output if s.output.lower().endswith(".gpkg") else s.output + ".gpkg"
        check_distinct_outputs({tr("plan GeoPackage"): path}, {tr("last year's plan"): previous_path})
        check_output_path(path, s.overwrite)
        report = os.path.splitext(path)[0] + "_changes.html"
        s.output = path
        s.save()
        frames, params, water = dock._inputs(s)
        previous = PreviousPlan.read(previous_path)
        if os.path.exists(path):
            dock.release_file(path)
        inputs = {k: detach(frames[k]) for k in ("buildings", "roads", "communities", "compounds")}
        inputs["water"] = [detach(w) for w in water]
        overwrite, max_moved = s.overwrite, self.max_moved()

        def work(is_cancelled, progress):
            result = replan_grids(previous, attach(inputs["buildings"]), roads=attach(inputs["roads"]),
                                  communities=attach(inputs["communities"]),
                                  water=[attach(w) for w in inputs["water"]] or None, params=params,
                                  max_moved=max_moved, compounds=attach(inputs["compounds"]),
                                  progress=progress, is_cancelled=is_cancelled)
            if is_cancelled():
                return None
            if "locked" not in result.grids.columns:
                result.grids["locked"] = 0      # the dock's lock flag, as for a proposed plan
            result.write(path, overwrite=overwrite)
            write_html(render_replan_report(result), report, overwrite=True)
            return {"kind": "review", "path": path, "summary": dict(result.summary), "report": report,
                    "lines": replan_summary_lines(result)}

        dock._context = {"params": params, "roads": frames["roads"], "water": water}
        dock.start_task(tr("Grid Planner: yearly review"), work)

    def apply(self, outcome: dict) -> None:
        """Open the reviewed plan in the dock and show what changed (called by the dock)."""
        from qgis.core import Qgis

        self.dock.open_plan(outcome["path"], **self.dock._context)
        self.report_path = outcome["report"]
        self.report_button.setEnabled(True)
        self.result_label.setText("\n".join(outcome["lines"]))
        self.dock.report_info(tr("Review saved in {path}; report of the changes: {report}.").format(
            path=outcome["path"], report=outcome["report"]), Qgis.Success)

    def open_report(self) -> None:
        """Open the HTML report of the last review in the browser."""
        if self.report_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.report_path))
