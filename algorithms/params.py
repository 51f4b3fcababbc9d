"""Parameters of a planning run and the workload weights."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

import tomllib

from .band import Band
from .errors import InputError

DEFAULT_HARD_CLASSES: tuple[str, ...] = (
    "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
    "secondary", "secondary_link", "railway", "rail",
)


@dataclass(frozen=True)
class WorkloadWeights:
    """Weights that turn building attributes into workload (household equivalents).

    ``attributes`` maps a buildings field name to the extra workload one unit of it adds.
    ``per_km_road`` and ``per_hectare`` add an optional patrol term from a grid's road length
    and area.
    """

    attributes: dict[str, float] = field(default_factory=lambda: dict(_default_weights()["attributes"]))
    per_km_road: float = field(default_factory=lambda: _default_weights()["patrol"]["per_km_road"])
    per_hectare: float = field(default_factory=lambda: _default_weights()["patrol"]["per_hectare"])

    @classmethod
    def load(cls, path: str | Path) -> WorkloadWeights:
        """Read weights from a TOML or JSON file laid out like ``default_weights.toml``."""
        from .io import read_settings_file

        path = Path(path)
        data = read_settings_file(path, "the weights file")
        unknown = set(data) - {"attributes", "patrol"}
        if unknown:
            raise InputError(f"unknown section(s) {sorted(unknown)}; expected [attributes] and [patrol]",
                             file=str(path))
        attributes = data.get("attributes", {})
        patrol = data.get("patrol", {})
        for section, value in (("attributes", attributes), ("patrol", patrol)):
            if not isinstance(value, dict):
                raise InputError(f"'{section}' must be a table of weights (e.g. [{section}] then "
                                 f"name = 0.5 lines), got {value!r}", file=str(path))
        for name, value in list(attributes.items()) + list(patrol.items()):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) \
                    or value < 0:
                raise InputError(f"weight '{name}' must be a number >= 0, got {value!r}", file=str(path))
        unknown_patrol = set(patrol) - {"per_km_road", "per_hectare"}
        if unknown_patrol:
            raise InputError(f"unknown patrol weight(s) {sorted(unknown_patrol)}; "
                             "expected per_km_road and per_hectare", file=str(path))
        return cls(attributes={k: float(v) for k, v in attributes.items()},
                   per_km_road=float(patrol.get("per_km_road", 0.0)),
                   per_hectare=float(patrol.get("per_hectare", 0.0)))


def _default_weights() -> dict:
    text = resources.files(__package__).joinpath("default_weights.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class PlanParameters:
    """Everything that decides a plan besides the input layers.

    Field names refer to the input layers; ``None`` means the field is not used.
    ``compound_field`` is read on the buildings; ``compound_id_field`` on the compound
    polygons (``plan_grids(..., compounds=)``); ``compound_name_field`` on both.
    """

    households_field: str = "households"
    population_field: str | None = "population"
    compound_field: str | None = "compound_id"
    compound_name_field: str | None = "compound_name"
    compound_id_field: str | None = "compound_id"
    building_id_field: str | None = None
    dedicated_field: str | None = None
    locked_field: str | None = None
    start_field: str | None = None
    community_code_field: str = "code"
    community_name_field: str | None = "name"
    road_class_field: str = "highway"
    hard_classes: tuple[str, ...] = DEFAULT_HARD_CLASSES
    min_households: int = 300
    max_households: int = 500
    target_households: int = 400
    weights: WorkloadWeights = field(default_factory=WorkloadWeights)
    seed: int = 0
    sequence_width: int = 3
    grid_counts: dict[str, int] = field(default_factory=dict)
    people_per_household: float = 3.0
    small_pocket_policy: str = "separate"
    workers: int = 0
    #: Address of an existing Dask scheduler (``tcp://host:8786``) that plans the communities;
    #: ``None``: this machine (a local cluster of ``workers`` for large inputs).
    scheduler: str | None = None
    #: The search's time budget in seconds per 10,000 households of a community (at least
    #: once per community), counted in deterministic work units (``partition/budget.py``);
    #: an area that runs out is reported as undecided. ``None``: no budget.
    search_seconds: float | None = 1.0
    #: A pocket beyond a hard barrier (major road, railway, river) with fewer households than
    #: this joins the neighbouring grid it touches across the barrier, under either pocket
    #: policy (that grid is reported as ``crosses_barrier``, naming pocket and barrier);
    #: ``None``: a third of the minimum (100 for 300–500).
    pocket_households: int | None = None

    @classmethod
    def from_options(cls, **options: Any) -> PlanParameters:
        """Parameters from the options of a front end: the CLI, the dock, the Processing tools.

        Options are named like the fields. An option left out keeps the field's default;
        a value is converted the way the front ends give it:

        * a field name that may be unused (``population_field``, ``compound_field`` …):
          ``None`` or ``""`` means not used; one that is always used (``households_field``,
          ``community_code_field``, ``road_class_field``): ``None`` or ``""`` means the default;
        * ``hard_classes``: a text of classes separated by commas, semicolons or spaces, or
          a sequence of classes; ``None`` means the default classes;
        * ``weights``: the path of a weights file (TOML or JSON), a :class:`WorkloadWeights`,
          or ``None``/``""`` for the default weights;
        * ``grid_counts``: a mapping ``{community code: count}``, ``CODE=N`` texts or one text of
          them separated by commas;
        * ``search_seconds``: a number of seconds > 0; ``None`` or ``""`` means no time budget;
        * numbers: anything ``int()``/``float()`` accepts.

        The result is validated. Raises :class:`InputError` (with the message a user sees)
        for a value that cannot be used and ``TypeError`` for an unknown option name.
        """
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(options) - set(known))
        if unknown:
            raise TypeError(f"unknown option(s) of PlanParameters: {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for name, value in options.items():
            if name in _ALWAYS_USED_FIELDS:
                if value is not None and value != "":
                    values[name] = str(value)
            elif name in _OPTIONAL_FIELDS:
                values[name] = str(value) if value is not None and value != "" else None
            elif name == "hard_classes":
                values[name] = _hard_classes(value)
            elif name == "weights":
                values[name] = (value if isinstance(value, WorkloadWeights)
                                else WorkloadWeights.load(value) if value else WorkloadWeights())
            elif name == "grid_counts":
                values[name] = _grid_counts(value)
            elif name == "pocket_households":
                values[name] = None if value is None or value == "" else _number(int, name, value)
            elif name in _INT_OPTIONS:
                values[name] = _number(int, name, value)
            elif name == "people_per_household":
                values[name] = _number(float, name, value)
            elif name == "scheduler":
                values[name] = str(value).strip() if value is not None and str(value).strip() else None
            elif name == "search_seconds":
                values[name] = None if value is None or value == "" else _number(float, name, value)
            else:
                values[name] = value
        params = cls(**values)
        params.validate()
        return params

    @property
    def pocket_threshold(self) -> int:
        """Households below which a pocket beyond a hard barrier joins a neighbouring grid."""
        return self.min_households // 3 if self.pocket_households is None else int(self.pocket_households)

    @property
    def band(self) -> Band:
        """The household band of this run (the one object every module reads)."""
        return Band(self.min_households, self.max_households, self.target_households)

    def validate(self) -> None:
        """Raise :class:`InputError` when the numbers cannot describe a band."""
        if not (0 < self.min_households <= self.target_households <= self.max_households):
            raise InputError(
                f"the band must satisfy 0 < min <= target <= max; got min={self.min_households}, "
                f"target={self.target_households}, max={self.max_households}")
        if not 1 <= self.sequence_width <= 6:
            raise InputError(f"sequence width must be between 1 and 6, got {self.sequence_width}")
        if self.search_seconds is not None and not self.search_seconds > 0:
            raise InputError(f"search seconds must be > 0, got {self.search_seconds}")
        if self.small_pocket_policy not in ("merge", "separate"):
            raise InputError("small_pocket_policy must be 'merge' or 'separate'")
        if self.pocket_households is not None and self.pocket_households < 0:
            raise InputError(f"the pocket threshold must be >= 0 households, got {self.pocket_households}")
        for code, count in self.grid_counts.items():
            if int(count) < 1:
                raise InputError(f"fixed grid count for community {code} must be >= 1, got {count}")

    def as_metadata(self) -> dict:
        """Parameters as plain JSON-able values, stored with every plan."""
        data = asdict(self)
        data["hard_classes"] = list(self.hard_classes)
        return data


#: Field options that are always used: ``None`` or ``""`` gives the default.
_ALWAYS_USED_FIELDS = ("households_field", "community_code_field", "road_class_field")
#: Field options that may be unused: ``None`` or ``""`` means not used.
_OPTIONAL_FIELDS = ("population_field", "compound_field", "compound_name_field", "compound_id_field",
                    "building_id_field",
                    "dedicated_field", "locked_field", "start_field", "community_name_field")
_INT_OPTIONS = ("min_households", "max_households", "target_households", "seed", "sequence_width", "workers")


def _number(kind: type, name: str, value: Any) -> Any:
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise InputError(f"{name.replace('_', ' ')} must be a number, got {value!r}") from None


def _hard_classes(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """Road classes from a text (``"primary, secondary"``) or a sequence; ``None``: the default."""
    if value is None:
        return DEFAULT_HARD_CLASSES
    parts = re.split(r"[,;\s]+", value) if isinstance(value, str) else [str(v) for v in value]
    return tuple(part for part in (p.strip() for p in parts) if part)


def _grid_counts(value: Mapping[str, Any] | Iterable[str] | str | None) -> dict[str, int]:
    """``{community code: grid count}`` from a mapping, from ``CODE=N`` texts or from one text
    of them separated by commas, semicolons or spaces (``"330106004001=3, 330106004002=2"``)."""
    if not value:
        return {}
    if isinstance(value, str):
        value = [part for part in re.split(r"[,;\s]+", re.sub(r"\s*=\s*", "=", value)) if part]
    if isinstance(value, Mapping):
        return {str(code): _number(int, "grid count", count) for code, count in value.items()}
    counts = {}
    for item in value:
        code, _, count = str(item).partition("=")
        if not count.strip().isdigit():
            raise InputError(f"--grid-count expects CODE=N, got {item!r}")
        counts[code.strip()] = int(count)
    return counts
