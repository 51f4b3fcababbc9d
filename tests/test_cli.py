"""CLI behaviour and bad input: clear errors, untouched inputs, atomic outputs."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import geopandas as gpd
import pyogrio
import pytest
import shapely
from lattice import make_layout

from gridplanner.algorithms import InputError, PlanParameters, WorkloadWeights, plan_grids, read_metadata
from gridplanner.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")


@pytest.fixture()
def layout_gpkg(tmp_path):
    b, r, c, w = make_layout(seed=1, rows=3, cols=4, river=True)
    path = tmp_path / "in.gpkg"
    for name, frame in [("buildings", b), ("roads", r), ("communities", c), ("water", w)]:
        frame.to_file(path, layer=name, driver="GPKG")
    return path


def _args(path, out, *extra):
    return ["plan", "--buildings", f"{path}|layername=buildings", "--roads", f"{path}|layername=roads",
            "--communities", f"{path}|layername=communities", "--water", f"{path}|layername=water",
            "-o", str(out), "--quiet", *extra]


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_cli_plans_writes_all_layers_and_leaves_input_alone(layout_gpkg, tmp_path, capsys):
    before = _digest(layout_gpkg)
    out = tmp_path / "plan.gpkg"
    report = tmp_path / "report.html"
    assert main(_args(layout_gpkg, out, "--report", str(report), "--seed", "3")) == 0
    assert _digest(layout_gpkg) == before
    layers = set(pyogrio.list_layers(out)[:, 0])
    assert {"grids", "buildings", "problems"} <= layers
    grids = gpd.read_file(out, layer="grids")
    for col in ["grid_code", "community_code", "seq", "households", "population", "workload",
                "n_buildings", "area_m2", "perimeter_m", "compactness", "status", "reason"]:
        assert col in grids.columns
    assert grids["grid_code"].str.len().eq(15).all()
    meta = read_metadata(out)
    assert meta["parameters"]["seed"] == 3 and meta["engine_version"]
    html = report.read_text(encoding="utf-8")
    assert "data:image/png;base64" in html and grids["grid_code"].iloc[0] in html
    text = capsys.readouterr().out
    assert "grids within band" in text and "workload coefficient of variation" in text
    assert not list(tmp_path.glob("*.partial.gpkg"))


def test_cli_refuses_to_overwrite_without_flag(layout_gpkg, tmp_path, capsys):
    out = tmp_path / "plan.gpkg"
    out.write_bytes(b"precious")
    assert main(_args(layout_gpkg, out)) == 2
    assert out.read_bytes() == b"precious"
    assert "--overwrite" in capsys.readouterr().err
    assert main(_args(layout_gpkg, out, "--overwrite")) == 0
    assert "grids" in pyogrio.list_layers(out)[:, 0]


@pytest.mark.parametrize("mutate, expected", [
    (lambda b: b.drop(columns=["households"]), "households field 'households' not found"),
    (lambda b: b.assign(households=["many"] * len(b)), "non-numeric"),
    (lambda b: b.assign(households=[-1] + [10] * (len(b) - 1)), "negative"),
    (lambda b: b.iloc[0:0], "empty"),
])
def test_bad_building_input_names_layer_field_and_feature(mutate, expected):
    b, r, c, w = make_layout(seed=1, rows=2, cols=2)
    with pytest.raises(InputError) as err:
        plan_grids(mutate(b), r, c, w, PlanParameters())
    assert expected in str(err.value)
    assert "buildings" in str(err.value)


def test_cli_error_exit_code_for_missing_file(tmp_path, capsys):
    code = main(["plan", "--buildings", str(tmp_path / "nope.gpkg"), "-o", str(tmp_path / "o.gpkg"), "-q"])
    assert code == 2
    assert "file not found" in capsys.readouterr().err


def test_geographic_and_mixed_crs_are_handled_and_said():
    b, r, c, w = make_layout(seed=1, rows=2, cols=3)
    result = plan_grids(b.to_crs(4490), r.to_crs(4326), c, w, PlanParameters())
    assert result.crs.to_epsg() == 4549
    notes = " ".join(result.notes)
    assert "geographic" in notes and "EPSG:4549" in notes and "reprojected" in notes


def test_invalid_and_duplicate_geometries_are_repaired_and_reported():
    b, r, c, w = make_layout(seed=1, rows=2, cols=3)
    x0, y0 = b.geometry.iloc[0].bounds[:2]
    b.loc[0, "geometry"] = shapely.Polygon([(x0, y0), (x0 + 10, y0 + 10), (x0 + 10, y0), (x0, y0 + 10)])
    dup = b.iloc[[1]].copy()
    b = gpd.GeoDataFrame(gpd.pd.concat([b, dup], ignore_index=True), crs=b.crs)
    result = plan_grids(b, r, c, w, PlanParameters())
    kinds = set(result.problems["kind"])
    assert {"invalid_geometry_repaired", "duplicate_geometry"} <= kinds
    assert result.buildings["grid_code"].notna().all()
    assert result.buildings.iloc[1]["grid_code"] == result.buildings.iloc[-1]["grid_code"]


def test_weights_file_changes_workload(tmp_path):
    b, r, c, w = make_layout(seed=1, rows=2, cols=3)
    wf = tmp_path / "w.toml"
    wf.write_text("[attributes]\nelderly_alone = 10.0\n[patrol]\nper_hectare = 1.0\n", encoding="utf-8")
    weights = WorkloadWeights.load(wf)
    result = plan_grids(b, r, c, w, PlanParameters(weights=weights))
    expected = b["households"].sum() + 10 * b["elderly_alone"].sum() + result.grids["area_m2"].sum() / 1e4
    assert result.grids["workload"].sum() == pytest.approx(expected, rel=1e-6)
    bad = tmp_path / "bad.toml"
    bad.write_text("[attributes]\nelderly_alone = -1\n", encoding="utf-8")
    with pytest.raises(InputError, match="must be a number >= 0"):
        WorkloadWeights.load(bad)


def test_console_script_runs():
    out = subprocess.run([sys.executable, "-m", "gridplanner.cli", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and "gridplanner" in out.stdout
