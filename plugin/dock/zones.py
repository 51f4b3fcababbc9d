"""The dock's "One network" tab: zones of whole units and rural grids.

Both open their Processing tool's dialog (``gridplanner:makezones``, ``gridplanner:planrural``)
with the dock's layers filled in: the grids of the plan open in the dock as the units, and the
set-up's communities, roads and water for a rural plan. The work itself is the tools' (and
:mod:`gridplanner.algorithms.zones` / :mod:`gridplanner.algorithms.rural`).
"""

from __future__ import annotations

from collections.abc import Callable

from qgis.PyQt.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ..i18n import tr

MAKE_ZONES_ID = "gridplanner:makezones"
PLAN_RURAL_ID = "gridplanner:planrural"


def zones_parameters(grids_layer) -> dict:
    """The zones dialog's preset values: the open plan's grids as units (police beats of 3–6
    grids by default)."""
    return {"UNITS": grids_layer} if grids_layer is not None else {}


def rural_parameters(communities, roads, water: list) -> dict:
    """The rural dialog's preset values: the set-up's communities, roads and water layers."""
    out: dict = {}
    if communities is not None:
        out["COMMUNITIES"] = communities
    if roads is not None:
        out["ROADS"] = roads
    if water:
        out["WATER"] = water
    return out


class ZonesTab(QWidget):
    """Two buttons and what they do; ``grids`` gives the open plan's grids layer (or None) and
    ``setup`` the set-up's (communities, roads, water) layers."""

    def __init__(self, grids: Callable[[], object], setup: Callable[[], tuple], parent=None) -> None:
        super().__init__(parent)
        self._grids = grids
        self._setup = setup
        layout = QVBoxLayout(self)
        text = QLabel(tr("<b>One network</b> (多网合一): group whole grids into a department's zones (police "
                         "beats of 3–6 grids …), or audit a department's existing zones against the grids and "
                         "reconcile them. <b>Rural grids</b>: plan from natural villages that tile each "
                         "administrative village."))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.zones_button = QPushButton(tr("Zones of whole grids / audit a department…"))
        self.zones_button.clicked.connect(self.open_zones)
        layout.addWidget(self.zones_button)
        self.rural_button = QPushButton(tr("Plan rural grids from villages…"))
        self.rural_button.clicked.connect(self.open_rural)
        layout.addWidget(self.rural_button)
        layout.addStretch(1)

    def open_zones(self) -> None:
        import processing

        processing.execAlgorithmDialog(MAKE_ZONES_ID, zones_parameters(self._grids()))

    def open_rural(self) -> None:
        import processing

        processing.execAlgorithmDialog(PLAN_RURAL_ID, rural_parameters(*self._setup()))
