"""The reliability contract (issue 18): every bad or awkward input ends cleanly.

Each case of the catalogue derives its inputs from the sample street (two of its
communities, to keep runs short), runs ``gridplanner`` (``cli.main`` in this process, output
captured) and checks:

* the exit code: 0 (with a note where the input is odd) or 2;
* no traceback;
* the message names the layer, field, feature or file and says what to do;
* the input files are byte for byte unchanged;
* no temporary or lock file is left anywhere;
* a refused run writes nothing; a successful plan holds every input building exactly once.

A bug in the engine is no bad input: :func:`test_a_bug_ends_as_a_reported_internal_error`
checks that one ends with exit code 70, no traceback and nothing written.
"""

from __future__ import annotations

import hashlib
import shutil
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.affinity import translate

from gridplanner.cli import EXIT_INTERNAL, main

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "demo_street.gpkg"
#: Two communities of the sample: 266 buildings, about 8,000 households (half a second to plan).
CODES = ("330106004001", "330106004004")
#: Names a run must never leave behind.
LEFTOVERS = (".partial", "gridplanner-lock", ".old", "-journal", "-wal", "-shm", ".probe")


@pytest.fixture(scope="module")
def base() -> dict[str, gpd.GeoDataFrame]:
    """The two communities with their buildings, roads and water; buildings carry ``_row``."""
    communities = gpd.read_file(SAMPLE, layer="communities")
    communities = communities[communities["code"].isin(CODES)].reset_index(drop=True)
    area = shapely.union_all(communities.geometry.to_numpy())
    buildings = gpd.read_file(SAMPLE, layer="buildings")
    buildings = buildings[shapely.within(buildings.representative_point().to_numpy(), area)].reset_index(drop=True)
    buildings["_row"] = np.arange(len(buildings))
    zone = shapely.buffer(area, 50.0)
    out = {"buildings": buildings, "communities": communities}
    for name in ("roads", "water", "waterway"):
        frame = gpd.read_file(SAMPLE, layer=name)
        out[name] = frame[shapely.intersects(frame.geometry.to_numpy(), zone)].reset_index(drop=True)
    return out


@pytest.fixture(scope="module")
def base_plan(base, tmp_path_factory) -> Path:
    """A plan of the two communities, written by the CLI."""
    folder = tmp_path_factory.mktemp("base_plan")
    src = folder / "in.gpkg"
    for name, frame in base.items():
        frame.to_file(src, layer=name, driver="GPKG")
    out = folder / "plan.gpkg"
    args = ["plan", "--buildings", f"{src}|layername=buildings", "--roads", f"{src}|layername=roads",
            "--communities", f"{src}|layername=communities", "--water", f"{src}|layername=water",
            "--water", f"{src}|layername=waterway", "--building-id-field", "bldg_id", "--seed", "1",
            "--quiet", "-o", str(out)]
    with _signals_kept():
        assert main(args) == 0
    return out


class _signals_kept:
    """``main`` installs its own SIGINT/SIGTERM handlers; give pytest its own back."""

    def __enter__(self) -> None:
        self.saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}

    def __exit__(self, *exc: object) -> None:
        for s, handler in self.saved.items():
            signal.signal(s, handler)


class Workspace:
    """Inputs under ``in/``, outputs under ``out/``; builds the command line of a case."""

    def __init__(self, root: Path, base: dict[str, gpd.GeoDataFrame], base_plan: Path) -> None:
        self.root = root
        self.base = base
        self.inp = root / "in"
        self.out = root / "out"
        self.inp.mkdir()
        self.out.mkdir()
        self.src = self.inp / "in.gpkg"
        self.buildings: gpd.GeoDataFrame | None = None    # the buildings a plan case gives
        self.output: Path | None = None                    # the plan a successful case must write
        self._base_plan = base_plan

    def frames(self) -> dict[str, gpd.GeoDataFrame]:
        return {name: frame.copy() for name, frame in self.base.items()}

    def write(self, layers: dict[str, gpd.GeoDataFrame], name: str = "in.gpkg") -> Path:
        path = self.inp / name
        for layer, frame in layers.items():
            frame.to_file(path, layer=layer, driver="GPKG")
        return path

    def file(self, name: str, content: str | bytes) -> Path:
        path = self.inp / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def plan(self, *extra: str, layers: dict[str, gpd.GeoDataFrame | None] | None = None,
             output: str | Path | None = None, spec: dict[str, str] | None = None) -> list[str]:
        """``gridplanner plan`` on the base layers, with ``layers`` replaced (None: left out)."""
        frames: dict[str, gpd.GeoDataFrame | None] = dict(self.frames())
        frames.update(layers or {})
        given = {k: v for k, v in frames.items() if v is not None}
        self.write(given)
        self.buildings = given.get("buildings")
        specs = {name: f"{self.src}|layername={name}" for name in given}
        specs.update(spec or {})
        args = ["plan", "--buildings", specs["buildings"], "--building-id-field", "bldg_id", "--seed", "1",
                "--quiet"]
        if "roads" in specs:
            args += ["--roads", specs["roads"]]
        if "communities" in specs:
            args += ["--communities", specs["communities"]]
        for water in ("water", "waterway"):
            if water in specs:
                args += ["--water", specs[water]]
        self.output = Path(output) if output is not None else self.out / "plan.gpkg"
        return args + ["-o", str(self.output), *extra]

    def plan_file(self) -> Path:
        """A copy of the base plan among the inputs."""
        path = self.inp / "plan.gpkg"
        shutil.copy(self._base_plan, path)
        return path

    def evaluate(self, *extra: str, output: str | Path | None = "default") -> list[str]:
        plan = self.plan_file()
        self.write(self.frames())
        args = ["evaluate", "--grids", f"{plan}|layername=grids", "--buildings", f"{self.src}|layername=buildings",
                "--roads", f"{self.src}|layername=roads", "--communities", f"{self.src}|layername=communities"]
        if output is not None:
            args += ["-o", str(self.out / "evaluation.gpkg" if output == "default" else output)]
        return args + list(extra)

    def export(self, target: str | Path, *extra: str) -> list[str]:
        return ["export", str(self.plan_file()), "-o", str(target), *extra]


def buildings_case(change: Callable[[gpd.GeoDataFrame], gpd.GeoDataFrame], *extra: str
                   ) -> Callable[[Workspace], list[str]]:
    """A plan whose buildings are ``change(buildings)``."""
    return lambda ws: ws.plan(*extra, layers={"buildings": change(ws.base["buildings"].copy())})


def layer_case(name: str, change: Callable[[gpd.GeoDataFrame], gpd.GeoDataFrame], *extra: str
               ) -> Callable[[Workspace], list[str]]:
    return lambda ws: ws.plan(*extra, layers={name: change(ws.base[name].copy())})


def weights_case(text: str | bytes, suffix: str = ".toml", command: str = "plan") -> Callable[[Workspace], list[str]]:
    def build(ws: Workspace) -> list[str]:
        path = ws.file(f"weights{suffix}", text)
        return (ws.plan("--weights", str(path)) if command == "plan"
                else ws.evaluate("--weights", str(path)))
    return build


def _set(column: str, values: Callable[[gpd.GeoDataFrame], object]) -> Callable[[gpd.GeoDataFrame], gpd.GeoDataFrame]:
    def change(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        frame[column] = values(frame)
        return frame
    return change


def _first_n(n: int, value: object, column: str = "households") -> Callable[[gpd.GeoDataFrame], gpd.GeoDataFrame]:
    def change(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        frame[column] = frame[column].astype(object if isinstance(value, str) else float)
        frame.loc[: n - 1, column] = value
        return frame
    return change


def _geoms(change: Callable[[np.ndarray], np.ndarray], rows: slice = slice(None)
           ) -> Callable[[gpd.GeoDataFrame], gpd.GeoDataFrame]:
    def apply(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        geoms = frame.geometry.to_numpy().copy()
        geoms[rows] = change(geoms[rows])
        return frame.set_geometry(list(geoms), crs=frame.crs)
    return apply


def _moved(dx: float, rows: slice = slice(None)) -> Callable[[gpd.GeoDataFrame], gpd.GeoDataFrame]:
    return _geoms(lambda g: np.array([translate(x, dx, 0) for x in g], dtype=object), rows)


def _labelled(crs: str) -> Callable[[gpd.GeoDataFrame], gpd.GeoDataFrame]:
    return lambda frame: frame.set_crs(crs, allow_override=True)


def _hold_lock(ws: Workspace, pid: int) -> list[str]:
    args = ws.plan()
    assert ws.output is not None
    (ws.output.parent / f".{ws.output.name}.gridplanner-lock").write_text(f"{pid} {_host()}\n")
    return args


def _host() -> str:
    import socket
    return socket.gethostname()


def _overlapping_twin(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    twin = frame.iloc[[1]].copy()
    twin["code"] = "330106004009"
    return pd.concat([frame, twin], ignore_index=True)


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Workspace], list[str]]
    code: int
    says: tuple[str, ...]
    problem: str | None = None  # a row of this kind expected in the plan's problems layer

    def param(self):  # noqa: ANN201 - pytest's ParameterSet
        return pytest.param(self, id=self.name)


CASES = [
    # --- files and layers -------------------------------------------------------------
    Case("buildings_file_missing", lambda ws: ws.plan(spec={"buildings": str(ws.inp / "nope.gpkg")}), 2,
         ("buildings", "file not found", "nope.gpkg", "check the path")),
    Case("layer_name_wrong", lambda ws: ws.plan(spec={"buildings": f"{ws.src}|layername=building"}), 2,
         ("buildings", "no layer 'building'", "its layers are", "communities")),
    Case("several_layers_unnamed", lambda ws: ws.plan(spec={"buildings": str(ws.src)}), 2,
         ("buildings", "several layers", "layername=")),
    Case("layer_index_out_of_range", lambda ws: ws.plan(spec={"roads": f"{ws.src}|layerid=42"}), 2,
         ("roads", "no layer number 42")),
    Case("gpkg_truncated",
         lambda ws: ws.plan(spec={"communities": f"{ws.file('cut.gpkg', SAMPLE.read_bytes()[:300_000])}"
                                                 "|layername=communities"}), 2,
         ("communities", "damaged", "copy it again")),
    Case("file_random_bytes", lambda ws: ws.plan(spec={"roads": str(ws.file("roads.gpkg", bytes(range(256))))}), 2,
         ("roads", "not a vector data file", "right file")),
    Case("file_empty", lambda ws: ws.plan(spec={"buildings": str(ws.file("empty.gpkg", b""))}), 2,
         ("buildings", "not a vector data file")),
    Case("input_is_a_folder", lambda ws: ws.plan(spec={"roads": str(ws.out)}), 2,
         ("roads", "is a folder", "give the file")),
    Case("water_is_text", lambda ws: ws.plan(spec={"water": str(ws.file("water.txt", "not water"))}), 2,
         ("water", "cannot read")),
    Case("compounds_missing", lambda ws: ws.plan("--compounds", str(ws.inp / "c.gpkg")), 2,
         ("compounds", "file not found")),
    # --- buildings: fields and values -------------------------------------------------
    Case("households_field_missing", buildings_case(lambda b: b.drop(columns=["households"])), 2,
         ("buildings", "field 'households'", "not found", "available fields")),
    Case("households_text", buildings_case(_first_n(3, "many")), 2,
         ("buildings", "field 'households'", "non-numeric", "'many'", "must hold numbers")),
    Case("households_negative", buildings_case(_first_n(1, -4)), 2,
         ("buildings", "field 'households'", "negative", "feature(s) 1;", ">= 0")),
    Case("households_fraction", buildings_case(_first_n(2, 2.5)), 2,
         ("buildings", "field 'households'", "non-integer", "whole numbers")),
    Case("households_infinite", buildings_case(_first_n(1, float("inf"))), 2,
         ("buildings", "field 'households'", "infinite", "finite")),
    Case("households_1e19", buildings_case(_first_n(1, 1e19)), 2,
         ("buildings", "field 'households'", "above 100,000", "check the field")),
    Case("households_some_null", buildings_case(_first_n(5, np.nan)), 0, ()),
    Case("households_all_zero", buildings_case(_set("households", lambda b: 0)), 0, ()),
    Case("households_boolean", buildings_case(_set("households", lambda b: b["households"] > 30)), 0,
         ("households", "true/false", "check that it is the right field"), problem="boolean_field"),
    Case("population_infinite", buildings_case(_first_n(1, float("inf"), "population")), 2,
         ("buildings", "field 'population'", "infinite")),
    Case("buildings_empty_layer", buildings_case(lambda b: b.iloc[0:0]), 2, ("buildings", "empty")),
    Case("building_id_field_missing", buildings_case(lambda b: b.drop(columns=["bldg_id"])), 2,
         ("buildings", "field 'bldg_id'", "not found")),
    Case("building_ids_all_null", buildings_case(_set("bldg_id", lambda b: None)), 0, (), problem="missing_id"),
    Case("building_ids_duplicated", buildings_case(_set("bldg_id", lambda b: "B1")), 0, ()),
    Case("compound_field_missing", buildings_case(lambda b: b.drop(columns=["compound_id"])), 0,
         ("no compound field",)),
    Case("weight_field_text", buildings_case(_first_n(1, "x", "elderly_alone")), 2,
         ("buildings", "field 'elderly_alone'", "non-numeric")),
    # --- buildings: geometry and CRS -------------------------------------------------
    Case("buildings_no_crs", buildings_case(lambda b: b.set_crs(None, allow_override=True)), 2,
         ("buildings", "no coordinate reference system", "assign one")),
    Case("metres_labelled_4326", buildings_case(_labelled("EPSG:4326")), 2,
         ("layer buildings do not fit its crs epsg:4326", "assign the layer its true crs")),
    Case("roads_metres_labelled_4326", layer_case("roads", _labelled("EPSG:4326")), 2,
         ("layer roads do not fit its crs", "epsg:4326")),
    Case("buildings_in_wgs84", buildings_case(lambda b: b.to_crs(4326)), 0, ("geographic crs",)),
    Case("buildings_as_points", buildings_case(lambda b: b.set_geometry(b.representative_point())), 0, ()),
    Case("some_null_geometries", buildings_case(_geoms(lambda g: np.array([None] * len(g)), slice(0, 3))), 0, ()),
    Case("all_null_geometries", buildings_case(_geoms(lambda g: np.array([None] * len(g)))), 2,
         ("buildings", "no building has a usable geometry")),
    Case("bowtie_footprints", buildings_case(_geoms(
        lambda g: np.array([shapely.Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)]) for x0, y0, x1, y1 in
                            shapely.bounds(g)], dtype=object), slice(0, 4))), 0, ()),
    Case("nested_footprint", buildings_case(lambda b: pd.concat(
        [b, b.iloc[[0]].assign(bldg_id="NESTED", _row=len(b),
                               geometry=[shapely.buffer(b.geometry.iloc[0].representative_point(), 1.0)])],
        ignore_index=True)), 0, (), problem="nested_footprint"),
    Case("multipart_across_communities", lambda ws: _spanning(ws), 0, (), problem="spans_communities"),
    Case("one_building_1e12_away", buildings_case(_moved(1e12, slice(0, 1))), 2,
         ("buildings", "do not fit its crs")),
    Case("lines_as_footprints", buildings_case(_geoms(lambda g: shapely.boundary(g), slice(0, 5))), 0, ()),
    Case("ten_zero_area_polygons", buildings_case(_geoms(
        lambda g: np.array([shapely.Polygon([(x, y), (x + 5, y), (x + 10, y)]) for x, y in
                            shapely.get_coordinates(shapely.centroid(g))], dtype=object), slice(0, 10))), 0, ()),
    Case("twenty_outside_communities", buildings_case(_moved(20_000, slice(0, 20))), 0, (),
         problem="outside_communities"),
    Case("all_outside_communities", buildings_case(_moved(20_000)), 2,
         ("communities", "no building lies inside a community", "right CRS")),
    # --- communities -------------------------------------------------------------------
    Case("communities_all_null", layer_case("communities", _geoms(lambda g: np.array([None] * len(g)))), 2,
         ("communities", "no feature has an area", "must be polygons")),
    Case("communities_points", layer_case("communities", lambda c: c.set_geometry(c.representative_point())), 2,
         ("communities", "no feature has an area")),
    Case("communities_one_point", layer_case("communities", _geoms(shapely.centroid, slice(0, 1))), 0,
         ("have no area",)),
    Case("communities_code_field_missing", layer_case("communities", lambda c: c.drop(columns=["code"])), 2,
         ("communities", "field 'code'", "not found")),
    Case("communities_code_null", layer_case("communities", _set("code", lambda c: [None, "330106004004"])), 2,
         ("communities", "field 'code'", "have no code")),
    Case("communities_code_short", layer_case("communities", _set("code", lambda c: ["A1", "A2"])), 0,
         ("not 12 digits", "--code-layout")),
    Case("communities_same_code", layer_case("communities", _set("code", lambda c: CODES[0])), 0,
         ("dissolved",)),
    Case("communities_empty_layer", layer_case("communities", lambda c: c.iloc[0:0]), 2,
         ("communities", "empty")),
    Case("communities_without_layer", lambda ws: ws.plan(layers={"communities": None}), 0, ("whole area",)),
    Case("communities_fully_overlapping", layer_case("communities", _overlapping_twin), 0, (),
         problem="community_overlap"),
    # --- roads and water ---------------------------------------------------------------
    Case("roads_polygons", layer_case("roads", lambda r: r.set_geometry(r.buffer(3.0))), 2,
         ("roads", "polygons", "centre lines")),
    Case("roads_points", layer_case("roads", lambda r: r.set_geometry(r.representative_point())), 0,
         ("roads: ", "point feature(s) ignored", "no road was used")),
    Case("roads_class_field_missing", layer_case("roads", lambda r: r.drop(columns=["highway"])), 2,
         ("roads", "field 'highway'", "not found")),
    Case("roads_empty_layer", layer_case("roads", lambda r: r.iloc[0:0]), 0, ()),
    Case("roads_left_out", lambda ws: ws.plan(layers={"roads": None}), 0, ()),
    Case("water_points", layer_case("water", lambda w: w.set_geometry(w.representative_point())), 0,
         ("water: ", "point feature(s) ignored")),
    # --- options -----------------------------------------------------------------------
    Case("grid_count_unknown_code", lambda ws: ws.plan("--grid-count", "330106004099=3"), 2,
         ("--grid-count", "330106004099", "no community has", "330106004001")),
    Case("grid_count_syntax", lambda ws: ws.plan("--grid-count", "330106004001:3"), 2,
         ("--grid-count expects code=n",)),
    Case("grid_count_zero", lambda ws: ws.plan("--grid-count", "330106004001=0"), 2, ("must be >= 1",)),
    Case("band_inverted", lambda ws: ws.plan("--min", "500", "--max", "300"), 2, ("0 < min <= target <= max",)),
    # --- weights files -----------------------------------------------------------------
    Case("weights_attributes_number", weights_case("attributes = 3\n"), 2,
         ("weights.toml", "'attributes' must be a table")),
    Case("weights_attributes_number_evaluate", weights_case("attributes = 3\n", command="evaluate"), 2,
         ("weights.toml", "'attributes' must be a table")),
    Case("weights_nan_json", weights_case('{"attributes": {"elderly_alone": NaN}}', ".json"), 2,
         ("file '", "weights.json", "elderly_alone", "must be a number >= 0")),
    Case("weights_inf_toml", weights_case("[attributes]\nelderly_alone = inf\n"), 2,
         ("weights.toml", "elderly_alone", "must be a number >= 0")),
    Case("weights_negative", weights_case("[patrol]\nper_hectare = -1\n"), 2, ("per_hectare", ">= 0")),
    Case("weights_not_toml", weights_case("[attributes\n"), 2, ("weights.toml", "not valid toml")),
    Case("weights_binary", weights_case(b"\xff\xfe\x00weights", ".toml"), 2,
         ("weights.toml", "not utf-8")),
    Case("weights_unknown_section", weights_case("[workload]\nx = 1\n"), 2, ("unknown section",)),
    Case("weights_missing", lambda ws: ws.plan("--weights", str(ws.inp / "none.toml")), 2,
         ("file '", "none.toml", "cannot read the weights file")),
    # --- outputs -----------------------------------------------------------------------
    Case("output_is_input", lambda ws: ws.plan("--overwrite", output=ws.src), 2,
         ("-o", "is also an input", "--buildings", "choose another output")),
    Case("report_is_output", lambda ws: ws.plan("--report", str(ws.out / "plan.gpkg")), 2,
         ("--report and -o are the same file",)),
    Case("report_is_input", lambda ws: ws.plan("--report", str(ws.src), "--overwrite"), 2,
         ("--report", "is also an input")),
    Case("weights_is_output", lambda ws: _weights_as_output(ws), 2, ("-o", "is also an input", "--weights")),
    Case("output_is_folder", lambda ws: ws.plan("--overwrite", output=ws.out), 2,
         ("is a folder", "give a file name")),
    Case("output_exists", lambda ws: _existing_output(ws), 2, ("exists", "--overwrite")),
    Case("output_shapefile", lambda ws: ws.plan(output=ws.out / "plan.shp"), 2,
         ("a plan is a geopackage", "plan.gpkg", "gridplanner export")),
    Case("output_folder_missing", lambda ws: ws.plan(output=ws.out / "no" / "plan.gpkg"), 2,
         ("does not exist", "create it")),
    Case("output_locked_by_live_run", lambda ws: _hold_lock(ws, 1), 2,
         ("being written by another grid planner run", "lock file")),
    Case("output_stale_lock", lambda ws: _hold_lock(ws, 2**22 + 12345), 0, ()),
    Case("overwrite_plan_and_report", lambda ws: _existing_output(ws, "--overwrite", "--report",
                                                                  str(ws.out / "report.html")), 0, ()),
    # --- evaluate ----------------------------------------------------------------------
    Case("evaluate_ok", lambda ws: ws.evaluate("--report", str(ws.out / "evaluation.html")), 0, ()),
    Case("evaluate_output_is_grids", lambda ws: ws.evaluate("--overwrite", output=ws.inp / "plan.gpkg"), 2,
         ("-o", "is also an input", "--grids")),
    Case("evaluate_output_shapefile", lambda ws: ws.evaluate(output=ws.out / "e.shp"), 2, ("geopackage",)),
    Case("evaluate_grids_layer_wrong", lambda ws: [a.replace("layername=grids", "layername=grid")
                                                   for a in ws.evaluate()], 2,
         ("grids", "no layer 'grid'", "its layers are")),
    # --- export ------------------------------------------------------------------------
    Case("export_shapefile", lambda ws: ws.export(ws.out / "grids.shp", "--force"), 0, ()),
    Case("export_over_plan", lambda ws: ws.export(ws.inp / "plan.gpkg", "--overwrite", "--force"), 2,
         ("the export target", "is also an input", "the plan")),
    Case("export_previous_missing", lambda ws: ws.export(ws.out / "g.gpkg", "--previous", str(ws.inp / "old.gpkg")),
         2, ("previous", "file not found", "old.gpkg")),
    Case("export_plan_missing", lambda ws: ["export", str(ws.inp / "nope.gpkg"), "-o", str(ws.out / "g.gpkg")], 2,
         ("plan", "file not found")),
    Case("export_not_a_plan", lambda ws: ["export", str(ws.write(ws.frames())), "-o", str(ws.out / "g.gpkg")], 2,
         ("no 'grids' layer", "gridplanner plan")),
    Case("export_plan_damaged",
         lambda ws: ["export", str(ws.file("bad.gpkg", ws._base_plan.read_bytes()[:50_000])), "-o",
                     str(ws.out / "g.gpkg")], 2, ("plan", "damaged")),
    Case("export_profile_fields_number",
         lambda ws: ws.export(ws.out / "g.gpkg", "--profile", str(ws.file("p.toml", "fields = 3\n"))), 2,
         ("p.toml", "'fields' must be")),
    Case("export_profile_missing", lambda ws: ws.export(ws.out / "g.gpkg", "--profile", str(ws.inp / "p.toml")), 2,
         ("p.toml", "no such profile file")),
    Case("export_crs_unknown", lambda ws: ws.export(ws.out / "g.gpkg", "--crs", "EPSG:999999"), 2,
         ("unknown coordinate system",)),
    Case("export_suffix_unknown", lambda ws: ws.export(ws.out / "g.xyz"), 2, ("cannot tell the format", "--format")),
    Case("export_to_folder", lambda ws: ws.export(ws.out, "--format", "gpkg"), 2, ("should end in .gpkg",)),
    Case("export_exists", lambda ws: _existing_export(ws), 2, ("exists", "--overwrite")),
]


def _spanning(ws: Workspace) -> list[str]:
    """A building of two parts, one in each community."""
    b = ws.base["buildings"].copy()
    c = ws.base["communities"]
    first = b.geometry.iloc[0]
    home = int(shapely.within(first.representative_point(), c.geometry.iloc[1]))
    other = b[shapely.within(b.representative_point().to_numpy(), c.geometry.iloc[1 - home])].iloc[0].geometry
    b.loc[0, "geometry"] = shapely.MultiPolygon([first, other])
    return ws.plan(layers={"buildings": b})


def _weights_as_output(ws: Workspace) -> list[str]:
    weights = ws.file("weights.gpkg", "[attributes]\n")
    return ws.plan("--weights", str(weights), "--overwrite", output=weights)


def _existing_output(ws: Workspace, *extra: str) -> list[str]:
    (ws.out / "plan.gpkg").write_bytes(b"an older plan")
    (ws.out / "report.html").write_bytes(b"an older report")
    return ws.plan(*extra)


def _existing_export(ws: Workspace) -> list[str]:
    (ws.out / "g.gpkg").write_bytes(b"older")
    return ws.export(ws.out / "g.gpkg", "--force")


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(root: Path) -> list[str]:
    return [str(p) for p in root.rglob("*") if any(mark in p.name for mark in LEFTOVERS)]


def run_case(case: Case, ws: Workspace, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    args = case.build(ws)
    inputs = _digests(ws.inp)
    outputs = _digests(ws.out)
    before = set(_leftovers(ws.root))        # a lock file a case plants on purpose
    capsys.readouterr()
    with _signals_kept():
        code = main(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert set(_leftovers(ws.root)) <= before
    changed = {k for k, v in _digests(ws.inp).items() if inputs.get(k) != v}
    assert not changed, f"inputs modified: {changed}"
    if code != 0:
        assert _digests(ws.out) == outputs, "a refused run wrote something"
    return code, captured.out, captured.err


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_bad_input(case: Case, base, base_plan, tmp_path, capsys) -> None:
    ws = Workspace(tmp_path, base, base_plan)
    code, out, err = run_case(case, ws, capsys)
    assert code == case.code, (out, err)
    text = (err if code else out + err).lower()
    for phrase in case.says:
        assert phrase.lower() in text, f"{phrase!r} not in {text!r}"
    if code == 0 and ws.buildings is not None:
        _check_plan(ws)
    if case.problem:
        assert ws.output is not None
        problems = pyogrio.read_dataframe(ws.output, layer="problems", read_geometry=False)
        rows = problems[problems["kind"] == case.problem]
        assert len(rows), problems["kind"].unique()
        assert not rows["message"].str.contains(r"\bnan\b").any()
        assert rows["message"].str.len().max() < 600


def _check_plan(ws: Workspace) -> None:
    """Every input building exactly once in the plan, every one with a grid unless unplaceable."""
    assert ws.output is not None and ws.buildings is not None
    plan = pyogrio.read_dataframe(ws.output, layer="buildings", read_geometry=False)
    assert sorted(plan["_row"].tolist()) == sorted(ws.buildings["_row"].tolist())
    grids = pyogrio.read_dataframe(ws.output, layer="grids", read_geometry=False)
    placed = plan[plan["grid_code"].notna()]
    assert set(placed["grid_code"]) <= set(grids["grid_code"])
    assert int(grids["households"].sum()) == int(pd.to_numeric(placed["households"], errors="coerce")
                                                 .fillna(0).astype(float).astype(np.int64).sum())


def test_a_bug_ends_as_a_reported_internal_error(base, base_plan, tmp_path, capsys, monkeypatch) -> None:
    """An exception that is no bad input (a bug, simulated in the planner): exit 70, the step
    named, a request to report it, no traceback, nothing written, the inputs unchanged."""
    import gridplanner.algorithms as core
    from gridplanner.algorithms import planner

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(planner, "plan_grids", broken)
    monkeypatch.setattr(core, "plan_grids", broken, raising=False)
    ws = Workspace(tmp_path, base, base_plan)
    case = Case("simulated_bug", lambda w: w.plan(), EXIT_INTERNAL, ())
    code, out, err = run_case(case, ws, capsys)
    assert code == EXIT_INTERNAL
    assert "internal error while" in err and "please report it" in err.lower()
    assert not (ws.out / "plan.gpkg").exists()


def test_catalogue_is_large_enough() -> None:
    assert len(CASES) >= 60
