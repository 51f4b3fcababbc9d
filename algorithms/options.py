"""The one table of the planner's inputs and options, shared by every front end.

``gridplanner plan`` / ``evaluate`` build their argparse options from it (:mod:`gridplanner.cli`),
the Processing tools their parameters (``plugin/algorithms/common.py``) and the dock its
set-up form and the defaults it stores in the project (``plugin/dock/``). Each front end then
builds :class:`~gridplanner.algorithms.params.PlanParameters` with
:meth:`PlanParameters.from_options` from the values of these options, so the same inputs give
the same plan everywhere.

An option has a name (the :class:`PlanParameters` field), a kind (how a front end asks for
it), a label and a help text (English; marked :func:`translatable` so that the plugin shows
them translated), its CLI flag(s), its Processing parameter name, the tools that take it and
its default. Adding an option to the planner is one row here (and the field in
``PlanParameters``); ``tests/test_options.py`` keeps the defaults equal to ``PlanParameters``'.

This module imports nothing but the standard library and :mod:`.labels`: QGIS lists the
Processing tools from it before the plugin's dependencies are checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .labels import translatable

#: The commands / Processing tools an option or input belongs to.
PLAN, EVALUATE, BLOCKS = "plan", "evaluate", "blocks"
_ALL = frozenset({PLAN, EVALUATE, BLOCKS})
_PLAN_ONLY = frozenset({PLAN})

#: Kinds of option: a field of an input layer, numbers, free text, road classes, one of
#: a few choices, a file, and per-community grid counts (``CODE=N`` texts).
FIELD, INT, FLOAT, TEXT, CLASSES, CHOICE, FILE, COUNTS = (
    "field", "int", "float", "text", "classes", "choice", "file", "counts")

#: The default hard road classes as the front ends show them (one text). Equal to
#: ``params.DEFAULT_HARD_CLASSES`` (a test keeps them equal).
DEFAULT_HARD_CLASSES_TEXT = (
    "motorway,motorway_link,trunk,trunk_link,primary,primary_link,secondary,secondary_link,railway,rail")


@dataclass(frozen=True)
class InputLayer:
    """An input layer of the planner (an argument of ``plan_grids``)."""

    name: str                       #: the ``plan_grids`` argument and the role in messages
    label: str                      #: dialog / dock label (translatable)
    help: str                       #: CLI help and tooltip (translatable)
    cli: str                        #: the CLI flag
    processing: str                 #: the Processing parameter name
    geometry: tuple[str, ...]       #: "polygon", "line", "point"
    required: bool = False
    multiple: bool = False          #: several layers (water)
    names: tuple[str, ...] = ()     #: layer names pre-selected in QGIS
    tools: frozenset[str] = _ALL


@dataclass(frozen=True)
class Option:
    """One planning option: a :class:`PlanParameters` field as every front end asks for it."""

    name: str                       #: the PlanParameters field (the option of ``from_options``)
    kind: str                       #: FIELD, INT, FLOAT, TEXT, CLASSES, CHOICE, FILE or COUNTS
    default: Any                    #: as the front ends show it (a field name, a number, a text)
    label: str                      #: dialog / dock label (translatable)
    help: str                       #: CLI help and tooltip (translatable)
    cli: tuple[str, ...]            #: the CLI flag(s); () for none
    processing: str = ""            #: the Processing parameter name; "" for none
    layer: str | None = None        #: for FIELD: the input layer holding it
    numeric: bool = False           #: for FIELD: a numeric field
    required: bool = False          #: the planner always needs a value (households); others may be unused
    advanced: bool = False          #: in the "advanced" part of dialogs and the dock
    choices: tuple[tuple[str, str], ...] = ()   #: for CHOICE: (value, label (translatable))
    minimum: float | None = None
    maximum: float | None = None
    tools: frozenset[str] = _PLAN_ONLY
    dock: bool = True               #: shown in the dock's set-up
    section: str = "rules"          #: the CLI's argument group: "fields" or "rules"
    metavar: str | None = None

    @property
    def repeatable(self) -> bool:
        """A CLI option given once per value (``--grid-count A=2 --grid-count B=3``)."""
        return self.kind == COUNTS

    def choice_index(self, value: Any) -> int:
        """Index of ``value`` among the choices (the default's when unknown)."""
        values = [v for v, _ in self.choices]
        return values.index(value) if value in values else values.index(self.default)


INPUTS: tuple[InputLayer, ...] = (
    InputLayer("buildings", translatable("Buildings"),
               translatable("building footprints (polygons or points) with a households field"),
               "--buildings", "BUILDINGS", ("polygon", "point"), required=True, names=("buildings",)),
    InputLayer("communities", translatable("Communities"),
               translatable("community polygons with a code; without them the whole area is one community"),
               "--communities", "COMMUNITIES", ("polygon",), names=("communities",)),
    InputLayer("roads", translatable("Roads"), translatable("road centre lines with a class field"),
               "--roads", "ROADS", ("line",), names=("roads",)),
    InputLayer("water", translatable("Water (rivers, lakes; areas or centre lines)"),
               translatable("rivers/lakes (polygons) or river centre lines; several layers; hard barriers"),
               "--water", "WATER", ("polygon", "line"), multiple=True, names=("water", "waterway", "waterways")),
    InputLayer("compounds", translatable("Compounds (小区 polygons)"),
               translatable("residential compound (小区) polygons: a building without a compound field value "
                            "gets the compound holding it (the smallest where they overlap)"),
               "--compounds", "COMPOUNDS", ("polygon",), names=("compounds",), tools=frozenset({PLAN, EVALUATE})),
)

_B, _C, _R, _K = "buildings", "communities", "roads", "compounds"

OPTIONS: tuple[Option, ...] = (
    # ------------------------------------------------------------ fields
    Option("households_field", FIELD, "households", translatable("Households field"),
           translatable("households per building (integer >= 0)"),
           ("--households-field",), "HOUSEHOLDS_FIELD", layer=_B, numeric=True, required=True, tools=_ALL,
           section="fields"),
    Option("population_field", FIELD, "population", translatable("Population field"),
           translatable("estimated from households when the field is absent"),
           ("--population-field",), "POPULATION_FIELD", layer=_B, numeric=True, tools=frozenset({PLAN, EVALUATE}),
           section="fields"),
    Option("compound_field", FIELD, "compound_id", translatable("Compound (小区) id field"),
           translatable("residential compound (小区) id; compounds are kept whole"),
           ("--compound-field",), "COMPOUND_FIELD", layer=_B, tools=_ALL, section="fields"),
    Option("compound_name_field", FIELD, "compound_name", translatable("Compound (小区) name field"),
           translatable("compound name, on the buildings and on the compound polygons"),
           ("--compound-name-field",), "COMPOUND_NAME_FIELD", layer=_B, advanced=True,
           tools=frozenset({PLAN, EVALUATE}), section="fields"),
    Option("compound_id_field", FIELD, "compound_id", translatable("Compound id field of the compounds"),
           translatable("compound id on the compound polygons (the feature id when absent)"),
           ("--compound-id-field",), "COMPOUNDS_ID_FIELD", layer=_K, advanced=True,
           tools=frozenset({PLAN, EVALUATE}), section="fields"),
    Option("dedicated_field", FIELD, None, translatable("Dedicated site field (专属网格)"),
           translatable("site id of buildings that form dedicated grids (专属网格): buildings with the same "
                        "value (a school, a hospital, a market) form a grid of their own"),
           ("--dedicated-field",), "DEDICATED_FIELD", layer=_B, advanced=True, tools=frozenset({PLAN, BLOCKS}),
           section="fields"),
    Option("building_id_field", FIELD, None, translatable("Building id field"),
           translatable("id of each building shown in messages (default: the feature id)"),
           ("--building-id-field",), "BUILDING_ID_FIELD", layer=_B, advanced=True, section="fields"),
    Option("locked_field", FIELD, None, translatable("Locked grid field"),
           translatable("grid label of buildings whose grid is fixed (buildings with the same label stay "
                        "together in one grid)"),
           ("--locked-field",), "LOCKED_FIELD", layer=_B, advanced=True, section="fields"),
    Option("start_field", FIELD, None, translatable("Previous grid field"),
           translatable("previous grid of each building, used as the starting plan (yearly re-planning)"),
           ("--start-field",), "START_FIELD", layer=_B, advanced=True, section="fields"),
    Option("community_code_field", FIELD, "code", translatable("Community code field"),
           translatable("12-digit community code; grid code = community code + sequence"),
           ("--community-code-field",), "COMMUNITY_CODE_FIELD", layer=_C, tools=_ALL, section="fields"),
    Option("community_name_field", FIELD, "name", translatable("Community name field"),
           translatable("community name, shown with the code"),
           ("--community-name-field",), "COMMUNITY_NAME_FIELD", layer=_C, tools=frozenset({PLAN, EVALUATE}),
           section="fields"),
    Option("road_class_field", FIELD, "highway", translatable("Road class field"),
           translatable("road class (OpenStreetMap highway values)"),
           ("--road-class-field",), "ROAD_CLASS_FIELD", layer=_R, tools=_ALL, section="fields"),
    # ------------------------------------------------------------- rules
    Option("hard_classes", CLASSES, DEFAULT_HARD_CLASSES_TEXT,
           translatable("Road classes a grid never crosses (comma-separated)"),
           translatable("comma-separated road classes that grids never cross (default: motorway, trunk, "
                        "primary, secondary and their links, railway); other roads are minor"),
           ("--hard-classes",), "HARD_ROAD_CLASSES", tools=_ALL, metavar="CLASSES"),
    Option("min_households", INT, 300, translatable("Minimum households per grid"),
           translatable("minimum households per grid"), ("--min",), "MIN_HOUSEHOLDS", minimum=1, maximum=100000,
           tools=_ALL),
    Option("max_households", INT, 500, translatable("Maximum households per grid"),
           translatable("maximum households per grid"), ("--max",), "MAX_HOUSEHOLDS", minimum=1, maximum=100000,
           tools=_ALL),
    Option("target_households", INT, 400, translatable("Target households per grid"),
           translatable("target households per grid"), ("--target",), "TARGET_HOUSEHOLDS", minimum=1,
           maximum=100000, tools=_ALL),
    Option("grid_counts", COUNTS, None, translatable("Grid counts of communities (CODE=N, …)"),
           translatable("fix the number of grids of a community (CODE=N; several separated by commas)"),
           ("--grid-count",), "GRID_COUNTS", advanced=True, metavar="CODE=N"),
    Option("small_pocket_policy", CHOICE, "separate", translatable("Pockets cut off by a major road"),
           translatable("a pocket too small for a grid, cut off by a major road, stands alone as a grid below "
                        "the minimum (separate, keeps every major road uncrossed) or joins a neighbour across "
                        "the road (merge, reported as crossing it)"),
           ("--pocket-policy",), "POCKET_POLICY", advanced=True,
           choices=(("separate", translatable("separate: a grid of its own, below the minimum")),
                    ("merge", translatable("merge: joins a neighbour across the road")))),
    Option("pocket_households", INT, None, translatable("Pockets that join across a barrier: fewer households than"),
           translatable("a pocket beyond a major road, railway or river with fewer households joins the "
                        "neighbouring grid it touches across it, reported as crossing it (default: a third of "
                        "the minimum; 0: never)"),
           ("--pocket-households",), "POCKET_HOUSEHOLDS", advanced=True, minimum=0, maximum=100000, dock=False,
           metavar="N"),
    Option("weights", FILE, None, translatable("Workload weights file"),
           translatable("workload weights file (TOML or JSON); default: the built-in weights"),
           ("--weights",), "WEIGHTS", tools=frozenset({PLAN, EVALUATE}), metavar="FILE"),
    Option("sequence_width", INT, 3, translatable("Digits of the grid sequence"),
           translatable("digits of the grid sequence in the grid code"), ("--sequence-width",), "SEQUENCE_WIDTH",
           advanced=True, minimum=1, maximum=6),
    Option("people_per_household", FLOAT, 3.0, translatable("People per household"),
           translatable("population of a building without a population value = households × this"),
           ("--people-per-household",), "PEOPLE_PER_HOUSEHOLD", advanced=True, minimum=0.1, maximum=20.0),
    Option("seed", INT, 0, translatable("Random seed"),
           translatable("random seed (the same inputs and seed give the same plan)"), ("--seed",), "SEED",
           advanced=True, minimum=0, maximum=2**31 - 1),
    Option("search_seconds", FLOAT, 1.0, translatable("Search time budget (seconds per 10,000 households)"),
           translatable("time budget of the search per 10,000 households of a community, counted in "
                        "machine-independent work units (the same seed still gives the same plan); an area "
                        "that runs out is reported as undecided"),
           ("--search-seconds",), "SEARCH_SECONDS", advanced=True, minimum=0.01, maximum=3600.0),
    Option("workers", INT, 0, translatable("Workers"),
           translatable("workers of the local Dask cluster for large runs (0: automatic, one per core; "
                        "1: this process only; inside QGIS: threads, only when set)"), ("--workers",),
           minimum=0, maximum=256, dock=False),
    Option("scheduler", TEXT, None, translatable("Dask scheduler"),
           translatable("address of a running Dask scheduler (tcp://host:8786) that plans the communities; "
                        "empty: this machine"), ("--scheduler",), "SCHEDULER", advanced=True, dock=False,
           metavar="ADDRESS"),
)

#: Options by name.
BY_NAME: dict[str, Option] = {o.name: o for o in OPTIONS}


def options_for(tool: str = PLAN) -> tuple[Option, ...]:
    """The options ``tool`` (PLAN, EVALUATE, BLOCKS) takes, in the table's order."""
    return tuple(o for o in OPTIONS if tool in o.tools)


def inputs_for(tool: str = PLAN) -> tuple[InputLayer, ...]:
    """The input layers ``tool`` takes."""
    return tuple(i for i in INPUTS if tool in i.tools)


def defaults(tool: str = PLAN) -> dict[str, Any]:
    """``{option: default}`` as the front ends show them."""
    return {o.name: o.default for o in options_for(tool)}


def preselected(names: Iterable[str], input_name: str) -> list[str]:
    """The layer names among ``names`` a front end pre-selects for an input (the table's order)."""
    wanted = next(i for i in INPUTS if i.name == input_name).names
    available = list(names)
    return [n for n in wanted if n in available]


def option_values(values: Mapping[str, Any], tool: str = PLAN) -> dict[str, Any]:
    """The values of ``tool``'s options among ``values`` (for :meth:`PlanParameters.from_options`)."""
    known = {o.name for o in options_for(tool)}
    return {k: v for k, v in values.items() if k in known}
