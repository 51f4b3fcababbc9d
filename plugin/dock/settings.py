"""Dock choices remembered per project (``QgsProject.writeEntry``/``readEntry``).

The planning options and their defaults are those of the one table
``gridplanner.algorithms.options`` (the CLI and the Processing tools use the same); each is
stored under its own name (``households_field``, ``min_households`` …), as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qgis.core import QgsProject

from ...algorithms import options as opt

#: Scope of the project entries.
SCOPE = "gridplanner"

#: Entry naming the plan GeoPackage open in the dock: reopened with the project.
PLAN_ENTRY = "plan"


def dock_options() -> tuple[opt.Option, ...]:
    """The options the dock's set-up shows (the table's, but the number of processes)."""
    return tuple(o for o in opt.options_for(opt.PLAN) if o.dock)


def default_options() -> dict[str, Any]:
    """The dock's options at their defaults (the table's)."""
    return {o.name: o.default for o in dock_options()}


@dataclass
class DockSettings:
    """Layers (by id), planning options, output of the planner's dock."""

    buildings: str = ""
    communities: str = ""
    roads: str = ""
    water: list[str] = field(default_factory=list)      # several layers: areas and centre lines
    compounds: str = ""
    options: dict[str, Any] = field(default_factory=default_options)
    output: str = ""
    overwrite: bool = False

    def save(self, project: QgsProject | None = None) -> None:
        """Write every value into the project (saved with the .qgz)."""
        project = project or QgsProject.instance()
        for name in ("buildings", "communities", "roads", "compounds", "output"):
            project.writeEntry(SCOPE, name, str(getattr(self, name)))
        project.writeEntry(SCOPE, "water", list(self.water))
        project.removeEntry(SCOPE, "waterways")         # folded into "water"
        project.writeEntryBool(SCOPE, "overwrite", bool(self.overwrite))
        for o in dock_options():
            value = self.options.get(o.name, o.default)
            if o.kind == opt.INT:
                project.writeEntry(SCOPE, o.name, int(value))
            elif o.kind == opt.FLOAT:
                project.writeEntryDouble(SCOPE, o.name, float(value))
            else:
                project.writeEntry(SCOPE, o.name, "" if value is None else str(value))

    @classmethod
    def load(cls, project: QgsProject | None = None) -> DockSettings:
        """Read the values stored in the project; defaults for those never stored.

        A project of an earlier version kept a water layer and a river layer apart
        (``water`` and ``waterways``): both are water layers now.
        """
        project = project or QgsProject.instance()
        values: dict[str, Any] = {}
        for name in ("buildings", "communities", "roads", "compounds", "output"):
            values[name] = project.readEntry(SCOPE, name, "")[0]
        water, _ = project.readListEntry(SCOPE, "water", [])
        waterways = project.readEntry(SCOPE, "waterways", "")[0]
        values["water"] = [w for w in list(water) + [waterways] if w]
        values["overwrite"] = project.readBoolEntry(SCOPE, "overwrite", False)[0]
        options: dict[str, Any] = {}
        for o in dock_options():
            if o.kind == opt.INT:
                got, ok = project.readNumEntry(SCOPE, o.name, int(o.default))
            elif o.kind == opt.FLOAT:
                got, ok = project.readDoubleEntry(SCOPE, o.name, float(o.default))
            else:
                got, ok = project.readEntry(SCOPE, o.name, "" if o.default is None else str(o.default))
            options[o.name] = got if ok else o.default
        return cls(options=options, **values)


def open_plan_entry(project: QgsProject | None = None) -> str:
    """The plan GeoPackage that was open in the dock when the project was saved ("" for none)."""
    return (project or QgsProject.instance()).readEntry(SCOPE, PLAN_ENTRY, "")[0]


def set_open_plan_entry(path: str, project: QgsProject | None = None) -> None:
    """Remember ``path`` as the plan open in the dock ("" for none)."""
    project = project or QgsProject.instance()
    if open_plan_entry(project) != path:
        project.writeEntry(SCOPE, PLAN_ENTRY, path)
