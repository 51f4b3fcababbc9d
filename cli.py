"""Command line of Grid Planner: ``gridplanner plan …``, ``replan …``, ``evaluate …``, ``export …``,
``prepare-osm …``, ``zones …``, ``staff …`` and ``microgrids …``."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .algorithms.i18n import tr, translatable

if TYPE_CHECKING:
    from .algorithms import PlanParameters
    from .algorithms.io import OutputSet

#: Exit codes (README, "Promises"): success; bad input or refused output; an internal error
#: (a bug: please report it); interrupted by Ctrl-C (SIGINT); terminated (SIGTERM).
EXIT_OK, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 2, 70, 130, 143
PLAN, EVALUATE = "plan", "evaluate"     # the tools of algorithms/options.py
ISSUES_URL = "https://github.com/gridplanner/gridplanner/issues"


class Terminated(BaseException):
    """SIGTERM arrived (raised by the handler :func:`main` installs; like KeyboardInterrupt)."""


class _Run:
    """What the running command is doing, for the messages of an interrupt or an internal error."""

    def __init__(self) -> None:
        self.step = "starting"
        self.outputs: OutputSet | None = None


_RUN = _Run()
_ARGV: list[str] = []       # the command line being run (which options were given, for --preset)


def _step(text: str) -> None:
    _RUN.step = text


#: The steps a command reports (``_step``), marked for the catalogue: an interrupt or an internal
#: error names the step in the user's language.
_STEPS = (translatable("starting"), translatable("loading the planner"), translatable("reading the inputs"),
          translatable("planning"), translatable("writing the outputs"), translatable("exporting the plan"),
          translatable("evaluating the grids"), translatable("preparing the OpenStreetMap layers"),
          translatable("re-planning"), translatable("making the zones"), translatable("assigning the roster"),
          translatable("grouping the households"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gridplanner",
        description=tr("Grid Planner / 网格规划: propose community management grids (网格)."))
    parser.add_argument("--version", action="store_true", help=tr("print the version and exit"))
    sub = parser.add_subparsers(dest="command")
    plan = sub.add_parser(
        "plan", help=tr("plan grids from buildings, roads and communities"),
        description=tr("Plan grids of min–max households that tile each community, follow roads and "
                       "rivers, keep buildings and compounds whole and balance workload. Inputs are "
                       "paths to any OGR-readable file, optionally 'file.gpkg|layername=NAME'."))
    io = plan.add_argument_group(tr("inputs and outputs"))
    _add_inputs(io, PLAN)
    io.add_argument("-o", "--output", required=True, help=tr("the plan GeoPackage to write"))
    io.add_argument("--report", help=tr("also write a self-contained HTML report here"))
    io.add_argument("--overwrite", action="store_true", help=tr("replace existing output files"))
    io.add_argument("--area-units", metavar="VILLAGES",
                    help=tr("plan from polygons that tile each community (natural villages 自然村 or villagers' groups "
                            "村民小组, with a households field) instead of --buildings: grids are unions of whole "
                            "villages"))
    _add_options(plan, PLAN)
    plan.add_argument("--preset", choices=["rural"],
                      help=tr("defaults of a kind of plan for the options not given: rural = 100–300 households, "
                              "target 200 (docs/zones.md)"))
    plan.add_argument("-q", "--quiet", action="store_true", help=tr("no progress bar"))
    plan.add_argument("--read-per-community", choices=["auto", "yes", "no"], default="auto",
                      help=tr("read and plan the buildings one community at a time, writing them to the plan as "
                              "they are done, so that memory grows with the largest community, not the city "
                              "(auto: from {n:,} buildings; not with --compounds, --area-units or without "
                              "--communities, planned in memory)", n=20_000))
    _export_parser(sub)
    _add_replan_parser(sub)
    _add_evaluate_parser(sub)
    _add_prepare_osm_parser(sub)
    _add_zones_parser(sub)
    _add_staff_parser(sub)
    _add_microgrids_parser(sub)
    return parser


def _add_replan_parser(sub) -> None:
    """``gridplanner replan``: the yearly review, last year's plan repaired with the fewest changes."""
    from .algorithms.i18n import tr

    rp = sub.add_parser(
        "replan", help=tr("re-plan a street from last year's plan with the fewest changes (yearly review)"),
        description=tr("Keep every grid of the previous plan that still meets the rules and whose buildings "
                       "did not change (same buildings, code and polygon); repair the grids that broke, "
                       "outward from them, moving as few households as possible; list new, demolished and "
                       "changed buildings, moved buildings and retired codes. Same options as 'plan'."))
    io = rp.add_argument_group("inputs and outputs")
    io.add_argument("--previous", required=True, help=tr("last year's plan (a GeoPackage written by plan or replan)"))
    _add_inputs(io, PLAN, buildings_required=True)
    io.add_argument("-o", "--output", required=True, help=tr("the new plan GeoPackage to write"))
    io.add_argument("--report", help=tr("also write an HTML report of the changes here"))
    io.add_argument("--max-moved", type=float, default=None, metavar="SHARE",
                    help=tr("the largest share (0–1) of households that may change grid (default: no cap)"))
    io.add_argument("--overwrite", action="store_true", help="replace existing output files")
    _add_options(rp, PLAN)
    rp.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def cmd_replan(args) -> int:
    """Run ``gridplanner replan``: write the new plan (and report), print what changed."""
    from .algorithms import read_layer
    from .algorithms.errors import InputError
    from .algorithms.i18n import tr
    from .algorithms.io import OutputSet, check_distinct_outputs, write_layers
    from .algorithms.replan import PreviousPlan, render_replan_report, replan_grids, replan_summary_lines

    if not args.buildings:
        raise InputError(tr("replan needs --buildings: this year's building footprints (with households), "
                            "the layer the previous plan is repaired for"))
    _check_suffix(args.output, "-o", (".gpkg",), "a plan is a GeoPackage")
    check_distinct_outputs({"-o": args.output, "--report": args.report},
                           {"--previous": args.previous, "--buildings": args.buildings, "--roads": args.roads,
                            "--communities": args.communities, "--water": args.water,
                            "--compounds": args.compounds, "--weights": args.weights})
    params = _params(args)
    out = OutputSet(args.overwrite)
    _RUN.outputs = out
    with out:
        plan_tmp = out.add(args.output)
        report_tmp = out.add(args.report) if args.report else None
        _step("reading the inputs")
        previous = PreviousPlan.read(args.previous)
        buildings = read_layer(args.buildings, "buildings")
        roads = read_layer(args.roads, "roads") if args.roads else None
        communities = read_layer(args.communities, "communities") if args.communities else None
        water = [read_layer(w, "water") for w in args.water]
        compounds = read_layer(args.compounds, "compounds") if args.compounds else None
        _step("re-planning")
        start = time.perf_counter()
        result = replan_grids(previous, buildings, roads, communities, water or None, params,
                              max_moved=args.max_moved, compounds=compounds,
                              progress=lambda fraction, message: _step(f"re-planning ({message})"))
        elapsed = time.perf_counter() - start
        _step("writing the outputs")
        report_text = render_replan_report(result, f"{Path(args.output).name}") if report_tmp else None
        with out.writing():
            write_layers(plan_tmp, *result.layers())
            if report_tmp and report_text is not None:
                Path(report_tmp).write_text(report_text, encoding="utf-8")
    print(tr("Grid plan written to {path}", path=args.output))
    print(format_summary(result.summary, params.min_households, params.max_households, elapsed))
    for line in replan_summary_lines(result):
        print(f"  {line}")
    bad = result.grids[(result.grids["status"] != "ok") & (result.grids["change"] != "kept")]
    for _, row in bad.head(15).iterrows():
        print(f"    {row['grid_code']}  {row['status']:<15} {row['reason']}")
    if args.report:
        print(tr("Report written to {path}", path=args.report))
    return EXIT_OK


def _add_zones_parser(sub) -> None:
    """``gridplanner zones``: zones of whole units (one network 多网合一, villages 一村一片/两村一片)."""
    zo = sub.add_parser(
        "zones", help="group whole units (basic grids, villages) into zones; audit departments' existing zones",
        description="Group whole units (a plan's grids, or natural villages with households) into contiguous "
                    "zones within a capacity. With --existing, first audit a department's current zones "
                    "against the units (split units, units in no zone or two, zones crossing community "
                    "lines), then propose the nearest zones made of whole units.")
    zo.add_argument("units", help="the units: a plan GeoPackage (its 'grids' layer) or any polygon layer that tiles "
                                  "its area ('file.gpkg|layername=NAME')")
    zo.add_argument("--unit-id-field", help="field naming each unit (default: grid_code, unit_id, village_id, id "
                                            "or code when present, else the feature number)")
    zo.add_argument("--households-field", help="households of each unit (default: households when present)")
    zo.add_argument("--community-field", help="community of each unit, for zones crossing community lines "
                                              "(default: community_code when present)")
    cap = zo.add_argument_group("capacity (one of; NAME=A-B for one department)")
    cap.add_argument("--units-per-zone", action="append", default=[], metavar="A-B",
                     help="units per zone, e.g. 3-6 (police beats of 3–6 grids) or 1-2 (一村一片、两村一片)")
    cap.add_argument("--households-per-zone", action="append", default=[], metavar="A-B",
                     help="households per zone, e.g. 1000-3000")
    zo.add_argument("--alone-field", metavar="FIELD",
                    help="units whose field is true (1, true, yes, 是) make a zone alone: 一村一片 for big, special "
                         "or key villages")
    zo.add_argument("--within", metavar="FIELD", help="field of the units whose value a zone never leaves "
                                                      "(e.g. the street or township code)")
    zo.add_argument("--existing", action="append", default=[], metavar="[NAME=]LAYER",
                    help="a department's existing zones: audited, then reconciled to whole units (repeatable: "
                         "--existing police=beats.gpkg --existing urban=zones.shp)")
    zo.add_argument("--existing-id-field", action="append", default=[], metavar="[NAME=]FIELD",
                    help="field naming each existing zone (default: zone_id, zone_code, id, code or name)")
    zo.add_argument("--barriers", action="append", default=[], metavar="LAYER",
                    help="hard barriers (repeatable): roads (with a 'highway' field only its major classes "
                         "count), railways, river lines or water polygons")
    zo.add_argument("--sliver-share", type=float, default=0.02,
                    help="a piece of a unit in another zone below this share of its area is a misalignment, "
                         "not a split (default: %(default)s)")
    zo.add_argument("--seed", type=int, default=1, help="random seed of the zone design (default: %(default)s)")
    zo.add_argument("-o", "--output", required=True, help="the GeoPackage to write (zones, unit_zone, audit, "
                                                          "existing_zones, one_network)")
    zo.add_argument("--report", help="also write an HTML report here")
    zo.add_argument("--overwrite", action="store_true", help="replace existing output files")


def cmd_zones(args) -> int:
    """Run ``gridplanner zones``."""
    from .algorithms import read_layer
    from .algorithms.errors import InputError
    from .algorithms.i18n import tr
    from .algorithms.io import OutputSet, check_distinct_outputs, write_layers
    from .algorithms.zones import (
        build_zones,
        departments_from_options,
        load_units,
        render_zones_report,
        units_layer_spec,
        zone_summary,
    )

    _check_suffix(args.output, "-o", (".gpkg",), "zones are written as a GeoPackage")
    existing = {f"--existing {e}": e.split("=", 1)[-1] for e in args.existing}
    check_distinct_outputs({"-o": args.output, "--report": args.report},
                           {"UNITS": args.units, "--barriers": args.barriers, **existing})
    out = OutputSet(args.overwrite)
    _RUN.outputs = out
    with out:
        zones_tmp = out.add(args.output)
        report_tmp = out.add(args.report) if args.report else None
        _step("reading the inputs")
        units_spec = units_layer_spec(args.units)
        barriers = [read_layer(b, "barriers") for b in args.barriers]
        units_layer = read_layer(units_spec, "units")
        if not len(units_layer):
            raise InputError(tr("{path} has no features: give a layer of units (a plan's grids, villages …)",
                                path=units_spec), layer="units")
        units = load_units(units_layer, unit_id_field=args.unit_id_field,
                           households_field=args.households_field, within_field=args.within,
                           community_field=args.community_field, alone_field=args.alone_field,
                           barriers=barriers)
        departments = departments_from_options(
            args.existing, {"units": args.units_per_zone, "households": args.households_per_zone},
            args.existing_id_field, read_layer)
        _step("making the zones")
        result = build_zones(units, departments, seed=args.seed, sliver_share=args.sliver_share)
        _step("writing the outputs")
        report_text = render_zones_report(result, tr("Zones — {name}", name=Path(args.output).name)) \
            if report_tmp else None
        with out.writing():
            write_layers(zones_tmp, result.layers(), result.metadata())
            if report_tmp and report_text is not None:
                Path(report_tmp).write_text(report_text, encoding="utf-8")
    print(tr("Zones written to {path}", path=args.output))
    for d in result.departments:
        s = zone_summary(d)
        line = tr("  {department}: {zones} zones of {capacity}, {ok} within capacity, {changed} unit(s) changed zone",
                  department=d.department.name, zones=s["zones"], capacity=d.department.capacity.describe(),
                  ok=s["zones_ok"], changed=s["units_changed"])
        if d.audit is not None:
            a = d.audit.summary()
            line += tr("; audit of {zones} existing zones: {split} split unit(s) ({households} households), "
                       "{none} in no zone, {two} in two, {crossing} zone(s) crossing community lines",
                       zones=a["zones"], split=a["units_split"], households=f"{a['households_split']:,}",
                       none=a["units_no_zone"], two=a["units_two_zones"], crossing=a["zones_crossing_communities"])
        print(line)
        bad = d.zones[d.zones["status"] != "ok"]
        for _, row in bad.head(10).iterrows():
            print(f"    {row['zone_id']}  {row['status']:<15} {row['reason']}")
    for note in result.notes:
        print(tr("  note: {note}", note=note))
    if args.report:
        print(tr("Report written to {path}", path=args.report))
    return EXIT_OK


def _add_prepare_osm_parser(sub) -> None:
    """``gridplanner prepare-osm``: planning layers from an OpenStreetMap file."""
    osm = sub.add_parser(
        "prepare-osm", help=tr("make the layers 'plan' reads from an OpenStreetMap file (.osm, .osm.pbf)"),
        description=tr("Read an OpenStreetMap file and write a GeoPackage with the layers buildings "
                       "(households estimated from footprint × floors), roads (and railways), water, "
                       "waterway and compounds (residential areas), in the CGCS2000 Gauss-Krüger zone "
                       "of the data. Data © OpenStreetMap contributors, ODbL."))
    osm.add_argument("input", help=tr("the OpenStreetMap file: .osm (XML), .osm.bz2 or .osm.pbf (only read)"))
    osm.add_argument("-o", "--output", required=True, help=tr("the GeoPackage to write"))
    osm.add_argument("--communities", help=tr("community polygons to copy into the output as 'communities' "
                                              "(buildings outside them are left out); default: none, the "
                                              "planner then plans the whole area as one community"))
    osm.add_argument("--crs", help=tr("output CRS (EPSG:xxxx, a PROJ string…); default: the CGCS2000 "
                                      "3-degree Gauss-Krüger zone of the data"))
    osm.add_argument("--default-floors", action="append", default=[], metavar="TYPE=N",
                     help=tr("floors of a building=TYPE without building:levels or height (TYPE '*': every "
                             "type not listed); repeatable; defaults: apartments/residential 6, dormitory 5, "
                             "mixed 4, yes 3, house 2, others 3"))
    osm.add_argument("--storey-height", type=float, default=3.0, help=tr("metres per floor for 'height' (3)"))
    osm.add_argument("--dwelling-size", type=float, default=90.0, help=tr("floor area per household, m² (90)"))
    osm.add_argument("--residential-share", type=float, default=0.8,
                     help=tr("share of a residential building's floor area that is dwellings (0.8)"))
    osm.add_argument("--people-per-household", type=float, default=3.0)
    osm.add_argument("--overwrite", action="store_true", help=tr("replace an existing output"))


def _default_floors(items: list[str]) -> dict[str, float]:
    from .algorithms.errors import InputError

    out = {}
    for item in items:
        key, _, value = str(item).partition("=")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise InputError(tr("--default-floors expects TYPE=N, got {item!r}", item=item)) from None
        if not key.strip():
            raise InputError(tr("--default-floors expects TYPE=N, got {item!r}", item=item))
    return out


def cmd_prepare_osm(args) -> int:
    """Run ``gridplanner prepare-osm``."""
    from .algorithms import read_layer
    from .algorithms.io import check_distinct_outputs, check_output_path
    from .algorithms.osm_layers import ATTRIBUTION, prepare_osm_layers

    _check_suffix(args.output, "-o", (".gpkg",), translatable("the layers are written as a GeoPackage"))
    check_distinct_outputs({"-o": args.output}, {tr("the OpenStreetMap file"): args.input,
                                                 "--communities": args.communities})
    check_output_path(args.output, args.overwrite)
    _step("reading the inputs")
    communities = read_layer(args.communities, "communities") if args.communities else None
    _step("preparing the OpenStreetMap layers")
    layers = prepare_osm_layers(
        args.input, crs=args.crs, communities=communities, default_floors=_default_floors(args.default_floors),
        storey_height_m=args.storey_height, dwelling_size_m2=args.dwelling_size,
        residential_share=args.residential_share, people_per_household=args.people_per_household)
    _step(tr("writing {path}", path=args.output))
    layers.write(args.output, overwrite=args.overwrite)
    summary = layers.summary
    basis = layers.layers["buildings"]["hh_basis"].value_counts()
    print(tr("OpenStreetMap layers written to {path} ({crs}, {name})", path=args.output,
             crs=layers.crs.to_string(), name=layers.crs.name))
    for name, frame in layers.layers.items():
        print("  " + tr("{layer}  {n} feature(s)", layer=name.ljust(11), n=len(frame)))
    print("  " + tr("households   {households} in {buildings} residential building(s); floors from: {basis}",
                    households=summary["households"], buildings=summary["residential_buildings"],
                    basis=", ".join(f"{k} {v}" for k, v in basis.items())))
    for note in layers.notes:
        print("  " + tr("note: {note}", note=note))
    print("  " + tr("data: {attribution}", attribution=ATTRIBUTION))
    out = args.output
    water = f'--water "{out}|layername=water" --water "{out}|layername=waterway"'
    comm = f' --communities "{out}|layername=communities"' if "communities" in layers.layers else ""
    print(tr("Next:") + f' gridplanner plan --buildings "{out}|layername=buildings" --roads "{out}|layername=roads" '
          f'{water} --compounds "{out}|layername=compounds"{comm} -o plan.gpkg')
    return EXIT_OK


def _export_parser(sub) -> None:
    """``gridplanner export``: publish a plan for a governance system."""
    ex = sub.add_parser(
        "export", help=tr("export a plan for a governance system (codes, schema, CRS, formats, PostGIS)"),
        description=tr("Validate a plan written by 'gridplanner plan' and export its grids with a "
                       "registration schema (WGBM 网格编码, WGMC 网格名称, …) to a file or a PostGIS table."))
    ex.add_argument("plan", help=tr("the plan GeoPackage written by 'gridplanner plan'"))
    ex.add_argument("-o", "--output", required=True,
                    help=tr("output file, or for PostGIS a service name / postgresql:// URI (with --table)"))
    ex.add_argument("--format", choices=["gpkg", "shp", "geojson", "kml", "csv", "postgis"],
                    help=tr("default: from the output's suffix"))
    ex.add_argument("--profile", default="cn", help=tr("cn (default), en, or a TOML/JSON profile file"))
    ex.add_argument("--crs", default="auto",
                    help=tr("auto (keep; WGS 84 for GeoJSON/KML), keep, 4490, gk (CGCS2000 3-degree zone of "
                            "the data), gcj02, bd09, wgs84, EPSG:xxxx or a PROJ string"))
    ex.add_argument("--encoding", default="utf-8", help=tr("Shapefile/CSV text encoding: utf-8 or gbk"))
    ex.add_argument("--table", help=tr("PostGIS table (NAME or SCHEMA.NAME)"))
    ex.add_argument("--layer", default="grids", help=tr("layer name (GeoPackage, KML, GeoJSON)"))
    ex.add_argument("--code-layout", default="6+3+3+3",
                    help=tr("county+street+community+sequence digits of a grid code (default 6+3+3+3)"))
    ex.add_argument("--dedicated-start", type=int,
                    help=tr("first sequence number of dedicated grids (e.g. 901) when re-numbering"))
    ex.add_argument("--renumber", action="store_true",
                    help=tr("recompute the codes (west→east, then north→south) with --code-layout"))
    ex.add_argument("--previous", help=tr("previous plan: unchanged grids keep their codes (implies --renumber)"))
    ex.add_argument("--communities", help=tr("community polygons to check the tiling against"))
    ex.add_argument("--start-date", help=tr("registration date YYYYMMDD (default: the plan's date)"))
    ex.add_argument("--end-date", help=tr("end/change date YYYYMMDD (default: empty)"))
    ex.add_argument("--worker-field", default="worker", help=tr("grids column holding the grid worker (网格员)"))
    ex.add_argument("--force", action="store_true", help=tr("export even if the plan fails validation"))
    ex.add_argument("--overwrite", action="store_true", help=tr("replace an existing file or table"))


def cmd_export(args) -> int:
    """Run ``gridplanner export``."""
    from .algorithms.export import CodeLayout, export_plan

    _step("exporting the plan")
    result = export_plan(
        args.plan, args.output, fmt=args.format, profile=args.profile, crs=args.crs, encoding=args.encoding,
        force=args.force, overwrite=args.overwrite, table=args.table, layer=args.layer,
        layout=CodeLayout.parse(args.code_layout, args.dedicated_start), renumber=args.renumber,
        previous=args.previous, communities=args.communities, start_date=args.start_date,
        end_date=args.end_date, worker_field=args.worker_field)
    print(result.summary())
    for issue in result.issues[:20]:
        print(f"  {issue}")
    return EXIT_OK


def _add_evaluate_parser(sub) -> None:
    """``gridplanner evaluate``: measure an existing grid plan (hand-drawn or older)."""
    ev = sub.add_parser(
        "evaluate", help=tr("measure an existing grid plan (households, band, barriers, gaps, overlaps)"),
        description=tr("Evaluate a grid layer the planner did not necessarily make: households, "
                       "population and workload per grid, band status, parts, hard-barrier crossings, "
                       "compound splits, compactness, overlaps, gaps and community-boundary crossings."))
    ev.add_argument("--grids", required=True, help=tr("the grid polygons to evaluate (any fields)"))
    ev.add_argument("--grid-id-field", help=tr("field naming each grid (default: grid_code or WGBM "
                                               "when present, else the feature id)"))
    _add_inputs(ev, EVALUATE)
    ev.add_argument("-o", "--output", help=tr("GeoPackage with the evaluated grids, buildings and problems"))
    ev.add_argument("--report", help=tr("HTML summary"))
    ev.add_argument("--overwrite", action="store_true")
    _add_options(ev, EVALUATE)


def _add_inputs(parser, tool: str, *, buildings_required: bool = False) -> None:
    """The input layers of ``tool`` (the table :data:`gridplanner.algorithms.options.INPUTS`);
    ``buildings_required``: --buildings cannot be replaced by --area-units (replan)."""
    from .algorithms.options import inputs_for

    for layer in inputs_for(tool):
        if layer.multiple:
            parser.add_argument(layer.cli, action="append", default=[],
                                help=tr("{help} (repeatable)", help=_help_text(layer.help)))
        else:
            # plan's buildings may be replaced by --area-units (checked in cmd_plan)
            required = layer.required and (buildings_required or not (tool == PLAN and layer.name == "buildings"))
            parser.add_argument(layer.cli, required=required, help=_help_text(layer.help))


def _help_text(text: str) -> str:
    """``text`` translated, with its ``%`` escaped for argparse (which formats help with ``%``)."""
    return tr(text).replace("%", "%%")


def _add_options(parser, tool: str) -> None:
    """The planning options of ``tool`` from the one table of options
    (:data:`gridplanner.algorithms.options.OPTIONS`): flags, defaults and help, grouped as
    "fields" and "rules"; each option's ``dest`` is its :class:`PlanParameters` name."""
    from .algorithms import options as opt

    groups = {"fields": parser.add_argument_group(tr("fields")), "rules": parser.add_argument_group(tr("rules"))}
    for o in opt.options_for(tool):
        if not o.cli:
            continue
        shown = o.default is not None and o.kind not in (opt.CLASSES, opt.FILE, opt.COUNTS)
        help_text = _help_text(o.help)
        kwargs: dict = {"dest": o.name,
                        "help": tr("{help} (default: %(default)s)", help=help_text) if shown else help_text}
        if o.metavar:
            kwargs["metavar"] = o.metavar
        if o.kind == opt.COUNTS:
            kwargs.update(action="append", default=[])
        elif o.kind in (opt.CLASSES, opt.FILE):
            kwargs["default"] = None
        elif o.kind == opt.CHOICE:
            kwargs.update(choices=[value for value, _ in o.choices], default=o.default)
        else:
            kwargs.update(default=o.default, type={opt.INT: int, opt.FLOAT: float}.get(o.kind, str))
        groups[o.section].add_argument(*o.cli, **kwargs)


def cmd_evaluate(args) -> int:
    """Run ``gridplanner evaluate``: print the summary, write the outputs asked for."""
    from .algorithms import read_layer
    from .algorithms.evaluate import evaluate_plan, render_evaluation_report
    from .algorithms.io import OutputSet, check_distinct_outputs, result_layers, write_layers
    from .algorithms.labels import evaluation_rows, format_value

    _check_suffix(args.output, "-o", (".gpkg",), translatable("the evaluation is a GeoPackage"))
    check_distinct_outputs({"-o": args.output, "--report": args.report},
                           {"--grids": args.grids, "--buildings": args.buildings, "--roads": args.roads,
                            "--communities": args.communities, "--water": args.water,
                            "--compounds": args.compounds, "--weights": args.weights})
    params = _params(args, EVALUATE)
    out = OutputSet(args.overwrite)
    _RUN.outputs = out
    with out:
        out_tmp = out.add(args.output) if args.output else None
        report_tmp = out.add(args.report) if args.report else None
        _step("reading the inputs")
        grids = read_layer(args.grids, "grids")
        buildings = read_layer(args.buildings, "buildings")
        roads = read_layer(args.roads, "roads") if args.roads else None
        communities = read_layer(args.communities, "communities") if args.communities else None
        water = [read_layer(w, "water") for w in args.water] or None
        compounds = read_layer(args.compounds, "compounds") if args.compounds else None
        _step("evaluating the grids")
        result = evaluate_plan(grids, buildings, roads=roads, communities=communities, water=water, params=params,
                               grid_id_field=args.grid_id_field, compounds=compounds)
        _step("writing the outputs")
        report_text = render_evaluation_report(result, "Grid plan evaluation") if report_tmp else None
        with out.writing():
            if out_tmp:
                write_layers(out_tmp, *result_layers(result))
            if report_tmp and report_text is not None:
                Path(report_tmp).write_text(report_text, encoding="utf-8")
    rows = evaluation_rows()
    width = max(len(label) for _, label in rows)
    for key, label in rows:
        print(f"  {label.ljust(width)}  {format_value(key, result.summary.get(key))}")
    bad = result.grids[~result.grids["status"].isin(["ok", "dedicated"])]
    for _, row in bad.head(15).iterrows():
        print(f"    {row['grid_id']}  {row['status']:<17} {row['reason']}")
    if len(bad) > 15:
        print("    " + tr("… and {n} more", n=len(bad) - 15))
    if args.output:
        print(tr("Evaluation written to {path}", path=args.output))
    if args.report:
        print(tr("Report written to {path}", path=args.report))
    return EXIT_OK


def _params(args: argparse.Namespace, tool: str = "plan") -> PlanParameters:
    """The :class:`PlanParameters` of ``gridplanner plan``'s (or ``evaluate``'s) options
    (with ``--preset``, its defaults for the options not given on the command line)."""
    from .algorithms import PlanParameters
    from .algorithms.options import option_values, options_for
    from .algorithms.rural import apply_preset

    values = vars(args)
    if getattr(args, "preset", None):
        given = [o.name for o in options_for(tool) if any(token == flag or token.startswith(flag + "=")
                                                          for token in _ARGV for flag in o.cli)]
        values = apply_preset(values, args.preset, given)
    return PlanParameters.from_options(**option_values(values, tool))


def format_summary(summary: dict, min_households: int, max_households: int,
                   elapsed: float | None = None) -> str:
    """The plan's key figures as a small aligned table."""
    from .algorithms.report import summary_rows_of

    rows = [(label[0].lower() + label[1:], value) for label, value in
            summary_rows_of(summary, min_households, max_households)]
    if elapsed is not None:
        rows.append((tr("time"), f"{elapsed:.1f} s"))
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"  {k.ljust(width)}  {v}" for k, v in rows)


#: Why an output must be a GeoPackage, as the subcommands say it (``why`` of :func:`_check_suffix`).
_SUFFIX_REASONS = (translatable("a plan is a GeoPackage"), translatable("zones are written as a GeoPackage"),
                   translatable("a staffed plan is a GeoPackage"), translatable("micro-grids are a GeoPackage"))


def _check_suffix(path: str | None, option: str, suffixes: tuple[str, ...], why: str) -> None:
    """Refuse an output whose name promises another format than the one written (``why``: an
    English text marked translatable, said in the user's language)."""
    from .algorithms.errors import OutputError

    why = tr(why)

    if path and Path(path).is_dir():
        raise OutputError(tr("{option} {path} is a folder; give a file name inside it, e.g. {example}",
                             option=option, path=path, example=Path(path) / ("plan" + suffixes[0])))
    if path and Path(path).suffix.lower() not in suffixes:
        name = Path(path)
        fields = {"option": option, "path": path, "why": why, "suffixes": tr(" or ").join(suffixes),
                  "example": name.with_suffix(suffixes[0]).name}
        if name.suffix.lower() in (".shp", ".geojson", ".json", ".kml", ".csv"):
            raise OutputError(tr("{option} {path}: {why}; give a name ending in {suffixes} (e.g. {example}); to "
                                 "publish the grids as a Shapefile, GeoJSON, KML or CSV, use 'gridplanner export "
                                 "PLAN.gpkg -o FILE'", **fields))
        raise OutputError(tr("{option} {path}: {why}; give a name ending in {suffixes} (e.g. {example})",
                             **fields))


def cmd_plan(args) -> int:
    from .algorithms.errors import InputError
    from .algorithms.i18n import tr
    from .algorithms.io import OutputSet, check_distinct_outputs

    _check_suffix(args.output, "-o", (".gpkg",), translatable("a plan is a GeoPackage"))
    if args.area_units and args.compounds:
        raise InputError(tr("--compounds is not used with --area-units (villages are planned whole); leave it out"))
    if not args.buildings and not args.area_units:
        raise InputError(tr("give --buildings (building footprints) or --area-units (villages that tile each "
                            "community)"))
    check_distinct_outputs({"-o": args.output, "--report": args.report},
                           {"--buildings": args.buildings, "--roads": args.roads, "--communities": args.communities,
                            "--water": args.water, "--compounds": args.compounds, "--weights": args.weights,
                            "--area-units": args.area_units})
    params = _params(args)
    out = OutputSet(args.overwrite)
    _RUN.outputs = out
    with out:
        # Reserved before any work: refused now if they exist, are being written by another run,
        # or their folder cannot be written.
        plan_tmp = out.add(args.output)
        report_tmp = out.add(args.report) if args.report else None
        if _per_community(args):
            result, elapsed = _plan_per_community(args, params, out, plan_tmp, report_tmp)
        else:
            result, elapsed = _plan_in_memory(args, params, out, plan_tmp, report_tmp)
    return _plan_written(args, params, result, elapsed)


def _plan_in_memory(args: argparse.Namespace, params: PlanParameters, out, plan_tmp, report_tmp) -> tuple:
    """``plan`` with every layer read whole (:func:`.algorithms.plan_grids`)."""
    from .algorithms import plan_grids, read_layer
    from .algorithms.io import result_layers, write_layers
    from .algorithms.report import render_report
    from .algorithms.rural import plan_from_area_units

    _step("reading the inputs")
    buildings = read_layer(args.buildings, "buildings") if args.buildings else None
    area_units = read_layer(args.area_units, "area units") if args.area_units else None
    roads = read_layer(args.roads, "roads") if args.roads else None
    communities = read_layer(args.communities, "communities") if args.communities else None
    water = [read_layer(w, "water") for w in args.water]
    compounds = read_layer(args.compounds, "compounds") if args.compounds else None

    bar = None
    if not args.quiet:
        from tqdm import tqdm
        bar = tqdm(total=100, unit="%", file=sys.stderr, leave=False,
                   bar_format="{l_bar}{bar}| {elapsed}", disable=not sys.stderr.isatty())

    def progress(fraction, message):
        _step(f"planning ({message})")
        if bar is not None:
            bar.set_description(message[:40])
            bar.update(int(fraction * 100) - bar.n)

    _step("planning")
    start = time.perf_counter()
    try:
        if area_units is not None:
            result = plan_from_area_units(area_units, roads, communities, water or None, params,
                                          progress=progress, buildings=buildings)
        else:
            result = plan_grids(buildings, roads, communities, water or None, params, progress=progress,
                                compounds=compounds)
    finally:
        if bar is not None:
            bar.close()
    elapsed = time.perf_counter() - start
    _step("writing the outputs")
    report_text = (render_report(result, f"Grid plan — {Path(args.output).name}")
                   if report_tmp else None)
    with out.writing():
        write_layers(plan_tmp, *result_layers(result))
        if report_tmp and report_text is not None:
            Path(report_tmp).write_text(report_text, encoding="utf-8")
    return result, elapsed


def _per_community(args: argparse.Namespace) -> bool:
    """Whether ``plan`` reads the buildings per community (:mod:`.algorithms.citywide`)."""
    from .algorithms.citywide import STREAM_FROM_BUILDINGS, building_count, can_plan_from_files

    if args.read_per_community == "no" or not can_plan_from_files(
            args.buildings, args.communities, compounds=args.compounds, area_units=args.area_units):
        return False
    return args.read_per_community == "yes" or (building_count(args.buildings) or 0) >= STREAM_FROM_BUILDINGS


def _plan_per_community(args: argparse.Namespace, params: PlanParameters, out, plan_tmp, report_tmp) -> tuple:
    """``plan`` with the buildings read and written one community at a time; the same plan."""
    from .algorithms.citywide import plan_from_files, write_plan_layers
    from .algorithms.report import render_report

    _step("planning")
    start = time.perf_counter()
    with out.writing():
        result = plan_from_files(args.buildings, args.roads, args.communities, args.water, params, plan_tmp,
                                 progress=lambda fraction, message: _step(f"planning ({message})"))
    elapsed = time.perf_counter() - start
    _step("writing the outputs")
    report_text = render_report(result, f"Grid plan — {Path(args.output).name}") if report_tmp else None
    with out.writing():
        write_plan_layers(plan_tmp, result)
        if report_tmp and report_text is not None:
            Path(report_tmp).write_text(report_text, encoding="utf-8")
    return result, elapsed


def _plan_written(args: argparse.Namespace, params: PlanParameters, result, elapsed: float) -> int:
    """What ``plan`` prints once the plan is written."""
    from .algorithms.i18n import tr

    print(tr("Grid plan written to {path}", path=args.output))
    print(format_summary(result.summary, params.min_households, params.max_households, elapsed))
    bad = result.grids[result.grids["status"] != "ok"]
    if len(bad):
        print("  " + tr("{n} grid(s) need a look (status and reason in the 'grids' layer; details in "
                        "'problems'):", n=len(bad)))
        for _, row in bad.head(15).iterrows():
            print(f"    {row['grid_code']}  {row['status']:<15} {row['reason']}")
        if len(bad) > 15:
            print("    " + tr("… and {n} more", n=len(bad) - 15))
    for note in result.notes:
        print("  " + tr("note: {note}", note=note))
    if args.report:
        print(tr("Report written to {path}", path=args.report))
    return EXIT_OK


def _add_staff_parser(sub) -> None:
    """``gridplanner staff``: grid workers and departmental officers for a plan's grids."""
    from .algorithms.staffing import RosterColumns

    st = sub.add_parser(
        "staff", help="staff a plan's grids: need per grid and community, workers and officers from a roster",
        description="Count the workers a plan needs (one per basic grid, more above the maximum, community "
                    "workers by ratio) and assign a roster: full-time and part-time workers one per grid inside "
                    "their community, departmental officers to contiguous groups of grids within a capacity.")
    st.add_argument("plan", help="the plan GeoPackage written by 'gridplanner plan'")
    st.add_argument("--roster", help="roster: .csv, .xlsx or a GIS layer (columns id, name, role, community, "
                                     "home_building or x/y; optional capacity, previous_grid, phone)")
    st.add_argument("-o", "--output", required=True, help="the staffed plan GeoPackage to write")
    st.add_argument("--report", help="also write an HTML staffing report here")
    st.add_argument("--roads", help="roads: distances from home along them, and their hard classes as barriers")
    st.add_argument("--water", action="append", default=[], help="water (hard barriers between grids; repeatable)")
    st.add_argument("--households-per-worker", default="150-200",
                    help="households per community worker (default: %(default)s)")
    st.add_argument("--workers-per-10k", type=float, default=18.0,
                    help="community workers per 10,000 residents to check (default: %(default)s)")
    st.add_argument("--people-per-household", type=float,
                    help="residents per household for that check (default: the plan's, 3.0 unless set)")
    st.add_argument("--capacity-unit", choices=["grids", "households"], default="grids",
                    help="unit of the roster's capacity column (default: %(default)s)")
    st.add_argument("--officer-capacity", type=float,
                    help="capacity of an officer without one in the roster (default: 1.25 × an even share)")
    st.add_argument("--officer-seconds", type=float, default=5.0,
                    help="time limit of one department's grouping in one community (default: %(default)s)")
    for name, default in vars(RosterColumns()).items():
        st.add_argument(f"--{name.replace('_', '-')}-column", dest=f"column_{name}", default=default,
                        help=f"roster column of {name.replace('_', ' ')} (default: %(default)s)")
    st.add_argument("--overwrite", action="store_true", help="replace existing output files")


def cmd_staff(args) -> int:
    """Run ``gridplanner staff``."""
    from .algorithms import read_layer
    from .algorithms.i18n import tr
    from .algorithms.io import OutputSet, check_distinct_outputs, write_layers
    from .algorithms.people import read_people, read_plan_layers
    from .algorithms.staffing import (
        RosterColumns,
        StaffingOptions,
        parse_range,
        read_roster,
        render_staffing_report,
        staff_plan,
        staffed_layers,
    )

    _check_suffix(args.output, "-o", (".gpkg",), "a staffed plan is a GeoPackage")
    check_distinct_outputs({"-o": args.output, "--report": args.report},
                           {"plan": args.plan, "--roster": args.roster, "--roads": args.roads, "--water": args.water})
    columns = RosterColumns(**{name: getattr(args, f"column_{name}") for name in vars(RosterColumns())})
    options = StaffingOptions(parse_range(args.households_per_worker, "--households-per-worker"),
                              args.workers_per_10k, args.people_per_household, args.capacity_unit,
                              args.officer_capacity, args.officer_seconds, columns)
    out = OutputSet(args.overwrite)
    _RUN.outputs = out
    with out:
        plan_tmp = out.add(args.output)
        report_tmp = out.add(args.report) if args.report else None
        _step("reading the inputs")
        plan = read_plan_layers(args.plan)
        roster = read_roster(read_people(args.roster, "roster"), plan, columns) if args.roster else None
        roads = read_layer(args.roads, "roads") if args.roads else None
        water = [read_layer(w, "water") for w in args.water]
        _step("assigning the roster")
        start = time.perf_counter()
        result = staff_plan(plan, roster, options, roads=roads, water=water)
        elapsed = time.perf_counter() - start
        _step("writing the outputs")
        report_text = (render_staffing_report(result, options, tr("Staffing — {name}", name=Path(args.output).name))
                       if report_tmp else None)
        with out.writing():
            write_layers(plan_tmp, *staffed_layers(plan, result))
            if report_tmp and report_text is not None:
                Path(report_tmp).write_text(report_text, encoding="utf-8")
    t = result.staffing
    print(tr("Staffed plan written to {path}", path=args.output))
    print(tr("  grid workers: {assigned} of {needed} assigned; {short} grid(s) short; {officers} officer "
             "assignment(s); {seconds:.1f} s", assigned=int(t["grid_workers_assigned"].sum()),
             needed=int(t["grid_workers_needed"].sum()),
             short=int(result.grids["staffing"].isin(["short", "unstaffed"]).sum()),
             officers=int((~result.assignments["role"].isin(["full-time", "part-time"])).sum()), seconds=elapsed))
    print(tr("  community workers: {have} in the roster, {low}–{high} needed by households, {residents} by "
             "residents", have=int(t["community_workers"].sum()), low=int(t["community_workers_min"].sum()),
             high=int(t["community_workers_max"].sum()), residents=int(t["workers_for_residents"].sum())))
    for problem in [p for p in result.problems if p.severity != "info"][:15]:
        print(f"    {problem.message}")
    if args.report:
        print(tr("Report written to {path}", path=args.report))
    return EXIT_OK


def _add_microgrids_parser(sub) -> None:
    """``gridplanner microgrids``: household groups (联户 / 微网格) inside each grid, and their members."""
    from .algorithms.microgrids import MemberColumns

    mg = sub.add_parser(
        "microgrids", help="divide each grid into groups of households (联户 5–10, 微网格 30–50) and link members",
        description="Groups of households within a band inside each grid, of whole buildings where buildings are "
                    "small and of numbered household ranges (by unit and floor when known) where a building holds "
                    "more than the maximum; compact, not crossing roads when avoidable. With a member list, each "
                    "member is linked to a group near home (户户见党员 coverage per grid and community).")
    mg.add_argument("plan", help="the plan GeoPackage written by 'gridplanner plan'")
    mg.add_argument("--households-per-group", default="5-10",
                    help="households per group: 5-10 for 联户, 30-50 for 微网格 (default: %(default)s)")
    mg.add_argument("--members", help="member list: .csv, .xlsx or a GIS layer (id, name, home_building or x/y)")
    mg.add_argument("-o", "--output", required=True, help="the micro-grid GeoPackage to write")
    mg.add_argument("--report", help="also write an HTML coverage report here")
    mg.add_argument("--roads", help="roads the groups should not cross")
    mg.add_argument("--units-field", default="units", help="buildings' stair-unit count field (default: %(default)s)")
    mg.add_argument("--floors-field", default="floors", help="buildings' floor count field (default: %(default)s)")
    mg.add_argument("--groups-per-member", type=int, default=1,
                    help="groups a member may be linked to (default: %(default)s)")
    for name, default in vars(MemberColumns()).items():
        mg.add_argument(f"--{name.replace('_', '-')}-column", dest=f"column_{name}", default=default,
                        help=f"member list column of {name.replace('_', ' ')} (default: %(default)s)")
    mg.add_argument("--overwrite", action="store_true", help="replace existing output files")


def cmd_microgrids(args) -> int:
    """Run ``gridplanner microgrids``."""
    from .algorithms import read_layer
    from .algorithms.i18n import tr
    from .algorithms.io import OutputSet, check_distinct_outputs, write_layers
    from .algorithms.microgrids import (
        MemberColumns,
        MicrogridOptions,
        microgrid_layers,
        plan_microgrids,
        read_members,
        render_microgrid_report,
    )
    from .algorithms.people import read_people, read_plan_layers
    from .algorithms.staffing import parse_range

    _check_suffix(args.output, "-o", (".gpkg",), "micro-grids are a GeoPackage")
    check_distinct_outputs({"-o": args.output, "--report": args.report},
                           {"plan": args.plan, "--members": args.members, "--roads": args.roads})
    columns = MemberColumns(**{name: getattr(args, f"column_{name}") for name in vars(MemberColumns())})
    options = MicrogridOptions(parse_range(args.households_per_group, "--households-per-group"),
                               args.units_field, args.floors_field, args.groups_per_member, columns)
    out = OutputSet(args.overwrite)
    _RUN.outputs = out
    with out:
        micro_tmp = out.add(args.output)
        report_tmp = out.add(args.report) if args.report else None
        _step("reading the inputs")
        plan = read_plan_layers(args.plan)
        members = read_members(read_people(args.members, "members"), plan, columns) if args.members else None
        roads = read_layer(args.roads, "roads") if args.roads else None
        _step("grouping the households")
        start = time.perf_counter()
        result = plan_microgrids(plan, options, roads=roads, members=members)
        elapsed = time.perf_counter() - start
        _step("writing the outputs")
        report_text = (render_microgrid_report(result, options, tr("Micro-grids — {name}",
                                                                   name=Path(args.output).name))
                       if report_tmp else None)
        with out.writing():
            write_layers(micro_tmp, *microgrid_layers(plan, result))
            if report_tmp and report_text is not None:
                Path(report_tmp).write_text(report_text, encoding="utf-8")
    micro = result.micro_grids
    low, high = options.households_per_group
    print(tr("Micro-grids written to {path}", path=args.output))
    print(tr("  {groups} groups in {grids} grids, {share} % within {low}–{high} households; {seconds:.1f} s",
             groups=len(micro), grids=len(result.summary), share=f"{micro['in_band'].mean() * 100:.1f}" if len(micro)
             else "0.0", low=low, high=high, seconds=elapsed))
    if members is not None:
        households = max(1, int(result.communities["households"].sum()))
        print(tr("  {members} members linked to {linked} groups; households with a member: {share} %",
                 members=int(result.member_links["member_id"].nunique()),
                 linked=int(result.member_links["group_id"].nunique()),
                 share=f"{result.communities['covered_households'].sum() * 100 / households:.1f}"))
    if args.report:
        print(tr("Report written to {path}", path=args.report))
    return EXIT_OK


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


def _install_signal_handlers() -> None:
    """Ctrl-C raises KeyboardInterrupt (unless SIGINT is ignored, e.g. under nohup); SIGTERM
    raises :class:`Terminated`. Only possible in the main thread."""
    try:
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError, AttributeError):
        pass


def _outputs_left() -> str:
    """What an interrupt or a failure leaves behind, in words."""
    out = _RUN.outputs
    if out is None or not out.targets:
        return tr("nothing was written")
    names = ", ".join(str(t) for t in out.targets)
    if out.published:
        return tr("the outputs were already complete: {names}", names=names)
    existing = [str(t) for t in out.targets if t.exists()]
    if existing:
        return tr("nothing was written; {names} unchanged", names=", ".join(existing))
    return tr("nothing was written")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``gridplanner`` console script.

    Exit codes: 0 success, 2 bad input or refused output, 70 internal error (a bug), 130
    interrupted (Ctrl-C), 143 terminated (SIGTERM). No traceback reaches the user unless
    ``GRIDPLANNER_DEBUG=1``.
    """
    _install_signal_handlers()
    global _RUN
    _RUN = _Run()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        _message(tr("interrupted; {what}", what=_outputs_left()))
        return EXIT_INTERRUPTED
    except Terminated:
        _message(tr("terminated; {what}", what=_outputs_left()))
        return EXIT_TERMINATED


def _message(text: str) -> None:
    try:
        print(f"gridplanner: {text}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def _main(argv: list[str] | None) -> int:
    _ARGV[:] = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        from . import __version__
        print(f"gridplanner {__version__}")
        return EXIT_OK
    commands = {"plan": cmd_plan, "evaluate": cmd_evaluate, "export": cmd_export,
                "prepare-osm": cmd_prepare_osm, "zones": cmd_zones, "replan": cmd_replan, "staff": cmd_staff,
                "microgrids": cmd_microgrids}
    if args.command not in commands:
        parser.print_help()
        return EXIT_INPUT
    _step("loading the planner")
    try:
        from .algorithms.errors import GridPlannerError
    except (KeyboardInterrupt, Terminated):
        raise
    except Exception as exc:  # noqa: BLE001 - a broken installation, said as such
        _message(tr("cannot load the planner ({error}); reinstall it (pip install -e . or the plugin ZIP) in a "
                    "Python with its dependencies", error=f"{type(exc).__name__}: {exc}"))
        return EXIT_INTERNAL
    try:
        return commands[args.command](args)
    except GridPlannerError as exc:
        _message(tr("error: {error}", error=exc))
        return EXIT_INPUT
    except MemoryError:
        _message(tr("out of memory while {step}; {outputs}; plan fewer communities at a time or use a machine "
                    "with more memory", step=tr(_RUN.step), outputs=_outputs_left()))
        return EXIT_INPUT
    except Exception as exc:  # noqa: BLE001 - the last resort: a bug, never passed off as bad input
        if os.environ.get("GRIDPLANNER_DEBUG"):
            import traceback
            traceback.print_exc()
        text = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
        _message(tr("internal error while {step}: {error}\n"
                    "  This is a bug in Grid Planner, not a problem it found in your data; {outputs}.\n"
                    "  Please report it at {url} with this message, the command line and, if you can, the input "
                    "files (GRIDPLANNER_DEBUG=1 shows the traceback).", step=tr(_RUN.step),
                    error=f"{type(exc).__name__}: {text}" if text else type(exc).__name__,
                    outputs=_outputs_left(), url=ISSUES_URL))
        return EXIT_INTERNAL


def run() -> NoReturn:
    """The ``gridplanner`` console script: :func:`main`, then exit with its code.

    After an interrupt the interpreter's own teardown is skipped: the outputs are already
    cleaned up by then, and concurrent.futures' exit hook would race the manager thread of the
    stopped worker pool (it writes to a wake-up pipe that thread is closing, and Python prints
    "Exception ignored … Bad file descriptor" after our message).
    """
    code = main()
    if code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
