"""Paths of the files the plugin ships (icon, translations)."""

from __future__ import annotations

from pathlib import Path

from qgis.PyQt.QtGui import QIcon

#: The plugin folder (the repository root / the ``gridplanner`` package).
PLUGIN_DIR = Path(__file__).resolve().parent.parent
ICON_PATH = PLUGIN_DIR / "icon.png"


def plugin_icon() -> QIcon | None:
    """The plugin's icon, or ``None`` if the file is missing."""
    return QIcon(str(ICON_PATH)) if ICON_PATH.is_file() else None
