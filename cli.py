"""Command line of Grid Planner: ``gridplanner plan …``, ``evaluate …``, ``export …`` and ``prepare-osm …``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .algorithms import PlanParameters

EXIT_OK, EXIT_INPUT, EXIT_INTERRUPTED = 0, 2, 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gridplanner",
        description="Grid Planner / 网格规划: propose community management grids (网格).")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command")
    plan = sub.add_parser(
        "plan", help="plan grids from buildings, roads and communities",
        description="Plan grids of min–max households that tile each community, follow roads and "
                    "rivers, keep buildings and compounds whole and balance workload. Inputs are "
                    "paths to any OGR-readable file, optionally 'file.gpkg|layername=NAME'.")
    io = plan.add_argument_group("inputs and outputs")
    io.add_argument("--buildings", required=True, help="building footprints (polygons or points)")
    io.add_argument("--roads", help="road centre lines with a class field")
    io.add_argument("--communities", help="community polygons with a code; without it the whole "
                                          "area is one community")
    io.add_argument("--water", action="append", default=[],
                    help="rivers/lakes (polygons) or river centre lines; repeatable; hard barriers")
    io.add_argument("--compounds", help="residential compound (小区) polygons: a building without a "
                                        "compound field value gets the compound holding it (the smallest "
                                        "where they overlap)")
    io.add_argument("-o", "--output", required=True, help="the plan GeoPackage to write")
    io.add_argument("--report", help="also write a self-contained HTML report here")
    io.add_argument("--overwrite", action="store_true", help="replace existing output files")
    fields = plan.add_argument_group("fields")
    fields.add_argument("--households-field", default="households")
    fields.add_argument("--population-field", default="population",
                        help="estimated from households when the field is absent")
    fields.add_argument("--compound-field", default="compound_id",
                        help="residential compound (小区) id; compounds are kept whole")
    fields.add_argument("--compound-name-field", default="compound_name",
                        help="compound name, on the buildings and on --compounds")
    fields.add_argument("--compound-id-field", default="compound_id",
                        help="compound id on --compounds (default compound_id; the feature id when absent)")
    fields.add_argument("--building-id-field", help="id shown in messages (default: feature id)")
    fields.add_argument("--dedicated-field",
                        help="site id of buildings that form dedicated grids (专属网格): schools, hospitals…")
    fields.add_argument("--locked-field", help="grid label of buildings whose grid is fixed")
    fields.add_argument("--start-field", help="previous grid of each building, used as the start")
    fields.add_argument("--community-code-field", default="code")
    fields.add_argument("--community-name-field", default="name")
    fields.add_argument("--road-class-field", default="highway")
    rules = plan.add_argument_group("rules")
    rules.add_argument("--hard-classes",
                       help="comma-separated road classes that grids never cross "
                            "(default: motorway, trunk, primary, secondary and their links, railway)")
    rules.add_argument("--min", type=int, default=300, dest="min_households", help="minimum households")
    rules.add_argument("--max", type=int, default=500, dest="max_households", help="maximum households")
    rules.add_argument("--target", type=int, default=400, dest="target_households",
                       help="target households")
    rules.add_argument("--grid-count", action="append", default=[], metavar="CODE=N",
                       help="fix the number of grids of a community; repeatable")
    rules.add_argument("--weights", help="workload weights file (TOML or JSON)")
    rules.add_argument("--sequence-width", type=int, default=3, help="digits of the grid sequence")
    rules.add_argument("--pocket-policy", choices=["separate", "merge"], default="separate",
                       help="a pocket too small for a grid, cut off by a major road, stands alone "
                            "as a grid below the minimum (separate, keeps every major road uncrossed) "
                            "or joins a neighbour across the road (merge, reported as crossing it); "
                            "pockets below --pocket-households join a neighbour under either policy")
    rules.add_argument("--pocket-households", type=int, default=None, metavar="N",
                       help="a pocket beyond a major road, railway or river with fewer households "
                            "joins the neighbouring grid it touches across it, reported as crossing "
                            "it (default: a third of --min; 0: never)")
    rules.add_argument("--seed", type=int, default=0, help="random seed (same seed, same plan)")
    rules.add_argument("--workers", type=int, default=0,
                       help="processes for large runs (0: automatic)")
    plan.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    _export_parser(sub)
    _add_evaluate_parser(sub)
    _add_prepare_osm_parser(sub)
    return parser


def _add_prepare_osm_parser(sub) -> None:
    """``gridplanner prepare-osm``: planning layers from an OpenStreetMap file."""
    osm = sub.add_parser(
        "prepare-osm", help="make the layers 'plan' reads from an OpenStreetMap file (.osm, .osm.pbf)",
        description="Read an OpenStreetMap file and write a GeoPackage with the layers buildings "
                    "(households estimated from footprint × floors), roads (and railways), water, "
                    "waterway and compounds (residential areas), in the CGCS2000 Gauss-Krüger zone "
                    "of the data. Data © OpenStreetMap contributors, ODbL.")
    osm.add_argument("input", help="the OpenStreetMap file: .osm (XML), .osm.bz2 or .osm.pbf (only read)")
    osm.add_argument("-o", "--output", required=True, help="the GeoPackage to write")
    osm.add_argument("--communities", help="community polygons to copy into the output as 'communities' "
                                           "(buildings outside them are left out); default: none, the "
                                           "planner then plans the whole area as one community")
    osm.add_argument("--crs", help="output CRS (EPSG:xxxx, a PROJ string…); default: the CGCS2000 "
                                   "3-degree Gauss-Krüger zone of the data")
    osm.add_argument("--default-floors", action="append", default=[], metavar="TYPE=N",
                     help="floors of a building=TYPE without building:levels or height (TYPE '*': every "
                          "type not listed); repeatable; defaults: apartments/residential 6, dormitory 5, "
                          "mixed 4, yes 3, house 2, others 3")
    osm.add_argument("--storey-height", type=float, default=3.0, help="metres per floor for 'height' (3)")
    osm.add_argument("--dwelling-size", type=float, default=90.0, help="floor area per household, m² (90)")
    osm.add_argument("--residential-share", type=float, default=0.8,
                     help="share of a residential building's floor area that is dwellings (0.8)")
    osm.add_argument("--people-per-household", type=float, default=3.0)
    osm.add_argument("--overwrite", action="store_true", help="replace an existing output")


def _default_floors(items: list[str]) -> dict[str, float]:
    from .algorithms.errors import InputError

    out = {}
    for item in items:
        key, _, value = str(item).partition("=")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise InputError(f"--default-floors expects TYPE=N, got {item!r}") from None
        if not key.strip():
            raise InputError(f"--default-floors expects TYPE=N, got {item!r}")
    return out


def cmd_prepare_osm(args) -> int:
    """Run ``gridplanner prepare-osm``."""
    from .algorithms import read_layer
    from .algorithms.io import check_output_path
    from .algorithms.osm_layers import ATTRIBUTION, prepare_osm_layers

    check_output_path(args.output, args.overwrite)
    communities = read_layer(args.communities, "communities") if args.communities else None
    layers = prepare_osm_layers(
        args.input, crs=args.crs, communities=communities, default_floors=_default_floors(args.default_floors),
        storey_height_m=args.storey_height, dwelling_size_m2=args.dwelling_size,
        residential_share=args.residential_share, people_per_household=args.people_per_household)
    layers.write(args.output, overwrite=args.overwrite)
    summary = layers.summary
    basis = layers.layers["buildings"]["hh_basis"].value_counts()
    print(f"OpenStreetMap layers written to {args.output} ({layers.crs.to_string()}, {layers.crs.name})")
    for name, frame in layers.layers.items():
        print(f"  {name.ljust(11)}  {len(frame)} feature(s)")
    print(f"  households   {summary['households']} in {summary['residential_buildings']} residential "
          f"building(s); floors from: " + ", ".join(f"{k} {v}" for k, v in basis.items()))
    for note in layers.notes:
        print(f"  note: {note}")
    print(f"  data: {ATTRIBUTION}")
    out = args.output
    water = f'--water "{out}|layername=water" --water "{out}|layername=waterway"'
    comm = f' --communities "{out}|layername=communities"' if "communities" in layers.layers else ""
    print(f'Next: gridplanner plan --buildings "{out}|layername=buildings" --roads "{out}|layername=roads" '
          f'{water} --compounds "{out}|layername=compounds"{comm} -o plan.gpkg')
    return EXIT_OK


def _export_parser(sub) -> None:
    """``gridplanner export``: publish a plan for a governance system."""
    ex = sub.add_parser(
        "export", help="export a plan for a governance system (codes, schema, CRS, formats, PostGIS)",
        description="Validate a plan written by 'gridplanner plan' and export its grids with a "
                    "registration schema (WGBM 网格编码, WGMC 网格名称, …) to a file or a PostGIS table.")
    ex.add_argument("plan", help="the plan GeoPackage written by 'gridplanner plan'")
    ex.add_argument("-o", "--output", required=True,
                    help="output file, or for PostGIS a service name / postgresql:// URI (with --table)")
    ex.add_argument("--format", choices=["gpkg", "shp", "geojson", "kml", "csv", "postgis"],
                    help="default: from the output's suffix")
    ex.add_argument("--profile", default="cn", help="cn (default), en, or a TOML/JSON profile file")
    ex.add_argument("--crs", default="auto",
                    help="auto (keep; WGS 84 for GeoJSON/KML), keep, 4490, gk (CGCS2000 3-degree zone of "
                         "the data), gcj02, bd09, wgs84, EPSG:xxxx or a PROJ string")
    ex.add_argument("--encoding", default="utf-8", help="Shapefile/CSV text encoding: utf-8 or gbk")
    ex.add_argument("--table", help="PostGIS table (NAME or SCHEMA.NAME)")
    ex.add_argument("--layer", default="grids", help="layer name (GeoPackage, KML, GeoJSON)")
    ex.add_argument("--code-layout", default="6+3+3+3",
                    help="county+street+community+sequence digits of a grid code (default 6+3+3+3)")
    ex.add_argument("--dedicated-start", type=int,
                    help="first sequence number of dedicated grids (e.g. 901) when re-numbering")
    ex.add_argument("--renumber", action="store_true",
                    help="recompute the codes (west→east, then north→south) with --code-layout")
    ex.add_argument("--previous", help="previous plan: unchanged grids keep their codes (implies --renumber)")
    ex.add_argument("--communities", help="community polygons to check the tiling against")
    ex.add_argument("--start-date", help="registration date YYYYMMDD (default: the plan's date)")
    ex.add_argument("--end-date", help="end/change date YYYYMMDD (default: empty)")
    ex.add_argument("--worker-field", default="worker", help="grids column holding the grid worker (网格员)")
    ex.add_argument("--force", action="store_true", help="export even if the plan fails validation")
    ex.add_argument("--overwrite", action="store_true", help="replace an existing file or table")


def cmd_export(args) -> int:
    """Run ``gridplanner export``."""
    from .algorithms.export import CodeLayout, export_plan

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
        "evaluate", help="measure an existing grid plan (households, band, barriers, gaps, overlaps)",
        description="Evaluate a grid layer the planner did not necessarily make: households, "
                    "population and workload per grid, band status, parts, hard-barrier crossings, "
                    "compound splits, compactness, overlaps, gaps and community-boundary crossings.")
    ev.add_argument("--grids", required=True, help="the grid polygons to evaluate (any fields)")
    ev.add_argument("--grid-id-field", help="field naming each grid (default: grid_code or WGBM "
                                            "when present, else the feature id)")
    ev.add_argument("--buildings", required=True)
    ev.add_argument("--roads")
    ev.add_argument("--communities")
    ev.add_argument("--water", action="append", default=[])
    ev.add_argument("--compounds", help="compound polygons (as for 'plan'): compound splits are measured "
                                        "on the compounds the buildings get from them")
    ev.add_argument("-o", "--output", help="GeoPackage with the evaluated grids, buildings and problems")
    ev.add_argument("--report", help="HTML summary")
    ev.add_argument("--overwrite", action="store_true")
    ev.add_argument("--households-field", default="households")
    ev.add_argument("--population-field", default="population")
    ev.add_argument("--compound-field", default="compound_id")
    ev.add_argument("--compound-id-field", default="compound_id", help="compound id on --compounds")
    ev.add_argument("--compound-name-field", default="compound_name")
    ev.add_argument("--community-code-field", default="code")
    ev.add_argument("--community-name-field", default="name")
    ev.add_argument("--road-class-field", default="highway")
    ev.add_argument("--hard-classes", help="comma-separated road classes that grids should not cross")
    ev.add_argument("--min", type=int, default=300, dest="min_households")
    ev.add_argument("--max", type=int, default=500, dest="max_households")
    ev.add_argument("--target", type=int, default=400, dest="target_households")
    ev.add_argument("--weights", help="workload weights file (TOML or JSON)")


def cmd_evaluate(args) -> int:
    """Run ``gridplanner evaluate``: print the summary, write the outputs asked for."""
    from .algorithms import PlanParameters, read_layer
    from .algorithms.evaluate import evaluate_plan, write_evaluation_report
    from .algorithms.io import check_output_path
    from .algorithms.labels import evaluation_rows, format_value

    for path in (args.output, args.report):
        if path:
            check_output_path(path, args.overwrite)
    params = PlanParameters.from_options(
        households_field=args.households_field, population_field=args.population_field,
        compound_field=args.compound_field, compound_id_field=args.compound_id_field,
        compound_name_field=args.compound_name_field, community_code_field=args.community_code_field,
        community_name_field=args.community_name_field, road_class_field=args.road_class_field,
        hard_classes=args.hard_classes, min_households=args.min_households,
        max_households=args.max_households, target_households=args.target_households, weights=args.weights)
    result = evaluate_plan(
        read_layer(args.grids, "grids"), read_layer(args.buildings, "buildings"),
        roads=read_layer(args.roads, "roads") if args.roads else None,
        communities=read_layer(args.communities, "communities") if args.communities else None,
        water=[read_layer(w, "water") for w in args.water] or None, params=params,
        grid_id_field=args.grid_id_field,
        compounds=read_layer(args.compounds, "compounds") if args.compounds else None)
    rows = evaluation_rows()
    width = max(len(label) for _, label in rows)
    for key, label in rows:
        print(f"  {label.ljust(width)}  {format_value(key, result.summary.get(key))}")
    bad = result.grids[~result.grids["status"].isin(["ok", "dedicated"])]
    for _, row in bad.head(15).iterrows():
        print(f"    {row['grid_id']}  {row['status']:<17} {row['reason']}")
    if len(bad) > 15:
        print(f"    … and {len(bad) - 15} more")
    if args.output:
        result.write(args.output, overwrite=args.overwrite)
        print(f"Evaluation written to {args.output}")
    if args.report:
        write_evaluation_report(result, args.report, overwrite=args.overwrite)
        print(f"Report written to {args.report}")
    return EXIT_OK


def _params(args: argparse.Namespace) -> PlanParameters:
    """The :class:`PlanParameters` of ``gridplanner plan``'s options."""
    from .algorithms import PlanParameters

    return PlanParameters.from_options(
        households_field=args.households_field, population_field=args.population_field,
        compound_field=args.compound_field, compound_name_field=args.compound_name_field,
        compound_id_field=args.compound_id_field, building_id_field=args.building_id_field,
        dedicated_field=args.dedicated_field,
        locked_field=args.locked_field, start_field=args.start_field,
        community_code_field=args.community_code_field, community_name_field=args.community_name_field,
        road_class_field=args.road_class_field, hard_classes=args.hard_classes,
        min_households=args.min_households, max_households=args.max_households,
        target_households=args.target_households, weights=args.weights, seed=args.seed,
        sequence_width=args.sequence_width, grid_counts=args.grid_count,
        small_pocket_policy=args.pocket_policy, pocket_households=args.pocket_households, workers=args.workers)


def format_summary(summary: dict, min_households: int, max_households: int,
                   elapsed: float | None = None) -> str:
    """The plan's key figures as a small aligned table."""
    from .algorithms.report import summary_rows_of

    rows = [(label[0].lower() + label[1:], value) for label, value in
            summary_rows_of(summary, min_households, max_households)]
    if elapsed is not None:
        rows.append(("time", f"{elapsed:.1f} s"))
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"  {k.ljust(width)}  {v}" for k, v in rows)


def cmd_plan(args) -> int:
    from .algorithms import plan_grids, read_layer
    from .algorithms.io import check_output_path
    from .algorithms.report import write_report

    params = _params(args)
    check_output_path(args.output, args.overwrite)
    if args.report:
        check_output_path(args.report, args.overwrite)
    buildings = read_layer(args.buildings, "buildings")
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
        if bar is not None:
            bar.set_description(message[:40])
            bar.update(int(fraction * 100) - bar.n)

    start = time.perf_counter()
    try:
        result = plan_grids(buildings, roads, communities, water or None, params, progress=progress,
                            compounds=compounds)
    finally:
        if bar is not None:
            bar.close()
    elapsed = time.perf_counter() - start
    result.write(args.output, overwrite=args.overwrite)
    print(f"Grid plan written to {args.output}")
    print(format_summary(result.summary, params.min_households, params.max_households, elapsed))
    bad = result.grids[result.grids["status"] != "ok"]
    if len(bad):
        print(f"  {len(bad)} grid(s) need a look (status and reason in the 'grids' layer; "
              f"details in 'problems'):")
        for _, row in bad.head(15).iterrows():
            print(f"    {row['grid_code']}  {row['status']:<15} {row['reason']}")
        if len(bad) > 15:
            print(f"    … and {len(bad) - 15} more")
    for note in result.notes:
        print(f"  note: {note}")
    if args.report:
        write_report(result, args.report, overwrite=args.overwrite,
                     title=f"Grid plan — {Path(args.output).name}")
        print(f"Report written to {args.report}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``gridplanner`` console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        from . import __version__
        print(f"gridplanner {__version__}")
        return EXIT_OK
    commands = {"plan": cmd_plan, "evaluate": cmd_evaluate, "export": cmd_export,
                "prepare-osm": cmd_prepare_osm}
    if args.command not in commands:
        parser.print_help()
        return EXIT_INPUT
    from .algorithms.errors import GridPlannerError
    try:
        return commands[args.command](args)
    except GridPlannerError as exc:
        print(f"gridplanner: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("gridplanner: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
