"""algorithms/options.py: the one table of options the CLI, the dock and the Processing tools share."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields

import pytest

from gridplanner.algorithms import DEFAULT_HARD_CLASSES, PlanParameters
from gridplanner.algorithms import options as opt
from gridplanner.cli import _params, _parser


def test_every_parameter_has_one_option_with_its_default():
    names = [f.name for f in fields(PlanParameters)]
    assert sorted(names) == sorted(opt.BY_NAME), "an option per PlanParameters field, and no other"
    base = PlanParameters()
    for o in opt.OPTIONS:
        value = getattr(base, o.name)
        if o.name == "hard_classes":
            assert tuple(o.default.split(",")) == DEFAULT_HARD_CLASSES == value
        elif o.name == "weights":
            assert o.default is None        # the built-in weights
        elif o.name == "grid_counts":
            assert o.default is None and value == {}
        else:
            assert o.default == value, o.name
    assert PlanParameters.from_options(**opt.defaults()) == base


def test_names_flags_and_parameters_are_unique_and_complete():
    processing = [o.processing for o in opt.OPTIONS if o.processing] + [i.processing for i in opt.INPUTS]
    assert len(processing) == len(set(processing))
    flags = [f for o in opt.OPTIONS for f in o.cli] + [i.cli for i in opt.INPUTS]
    assert len(flags) == len(set(flags))
    for o in opt.OPTIONS:
        assert o.kind in (opt.FIELD, opt.INT, opt.FLOAT, opt.TEXT, opt.CLASSES, opt.CHOICE, opt.FILE, opt.COUNTS)
        assert o.label and o.help and o.section in ("fields", "rules")
        if o.kind == opt.FIELD:
            assert o.layer in {i.name for i in opt.INPUTS}, o.name
        if o.kind == opt.CHOICE:
            assert o.default in [v for v, _ in o.choices]
    assert [o.name for o in opt.OPTIONS if o.required] == ["households_field"]


@pytest.mark.parametrize("tool", [opt.PLAN, opt.EVALUATE])
def test_cli_defaults_are_the_table_defaults(tool):
    argv = [tool, "--buildings", "b.gpkg", "-o", "out.gpkg"] + (["--grids", "g.gpkg"] if tool == opt.EVALUATE else [])
    args = _parser().parse_args(argv)
    assert _params(args, tool) == PlanParameters()
    for o in opt.options_for(tool):
        if o.cli:
            assert hasattr(args, o.name), o.name


def test_cli_takes_every_option_of_the_table():
    args = _parser().parse_args([
        "plan", "--buildings", "b", "-o", "o", "--locked-field", "lk", "--start-field", "prev",
        "--building-id-field", "bid", "--grid-count", "330106004001=3", "--grid-count", "X=2",
        "--pocket-policy", "merge", "--sequence-width", "4", "--people-per-household", "2.5",
        "--hard-classes", "primary,trunk", "--seed", "7", "--min", "200", "--target", "300", "--max", "400"])
    p = _params(args)
    assert (p.locked_field, p.start_field, p.building_id_field) == ("lk", "prev", "bid")
    assert p.grid_counts == {"330106004001": 3, "X": 2} and p.small_pocket_policy == "merge"
    assert (p.sequence_width, p.people_per_household, p.seed) == (4, 2.5, 7)
    assert p.hard_classes == ("primary", "trunk") and p.band.describe() == "200–400"


def test_grid_counts_from_one_text():
    assert PlanParameters.from_options(grid_counts="330106004001=3, 330106004002 = 2;X=1").grid_counts == {
        "330106004001": 3, "330106004002": 2, "X": 1}
    assert PlanParameters.from_options(grid_counts="").grid_counts == {}


def test_the_table_imports_no_geopandas():
    """The plugin lists its Processing tools from the table before checking its dependencies."""
    code = ("import sys, gridplanner.algorithms.options; "
            "print(sorted(m for m in ('geopandas', 'pandas', 'shapely', 'pyogrio') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
