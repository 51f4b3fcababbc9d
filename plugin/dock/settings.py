"""Dock choices remembered per project (``QgsProject.writeEntry``/``readEntry``)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from qgis.core import QgsProject

#: Scope of the project entries.
SCOPE = "gridplanner"


@dataclass
class DockSettings:
    """Layers (by id), fields, band, weights, seed and output of the planner's dock."""

    buildings: str = ""
    communities: str = ""
    roads: str = ""
    water: str = ""
    waterways: str = ""
    compounds: str = ""
    households_field: str = "households"
    population_field: str = "population"
    compound_field: str = "compound_id"
    dedicated_field: str = "dedicated_site"
    community_code_field: str = "code"
    community_name_field: str = "name"
    road_class_field: str = "highway"
    min_households: int = 300
    max_households: int = 500
    target_households: int = 400
    weights: str = ""
    seed: int = 0
    output: str = ""
    overwrite: bool = False

    def save(self, project: QgsProject | None = None) -> None:
        """Write every value into the project (saved with the .qgz)."""
        project = project or QgsProject.instance()
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool):
                project.writeEntryBool(SCOPE, f.name, value)
            elif isinstance(value, int):
                project.writeEntry(SCOPE, f.name, int(value))
            else:
                project.writeEntry(SCOPE, f.name, str(value))

    @classmethod
    def load(cls, project: QgsProject | None = None) -> DockSettings:
        """Read the values stored in the project; defaults for those never stored."""
        project = project or QgsProject.instance()
        default = cls()
        values = {}
        for f in fields(cls):
            value = getattr(default, f.name)
            if isinstance(value, bool):
                got, ok = project.readBoolEntry(SCOPE, f.name, value)
            elif isinstance(value, int):
                got, ok = project.readNumEntry(SCOPE, f.name, value)
            else:
                got, ok = project.readEntry(SCOPE, f.name, value)
            values[f.name] = got if ok else value
        return cls(**values)
