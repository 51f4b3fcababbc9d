"""What a new-user check of staff, microgrids, zones and sample_data/people.py found: empty
plans, nonsense options, silent roster guesses and the shortfall demo."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from gridplanner.algorithms.errors import InputError
from gridplanner.algorithms.staffing import StaffingOptions, read_roster, staff_plan
from gridplanner.algorithms.zones import build_zones, departments_from_options, load_units
from gridplanner.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")


@pytest.fixture(scope="module")
def people_script(repo_root):
    spec = importlib.util.spec_from_file_location("sample_people_fixes", repo_root / "sample_data" / "people.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def plans(tmp_path_factory, sample_gpkg):
    """The sample plan and a copy whose grids layer is empty."""
    folder = tmp_path_factory.mktemp("fixes")
    plan = folder / "plan.gpkg"
    s = str(sample_gpkg)
    assert main(["plan", "--buildings", f"{s}|layername=buildings", "--roads", f"{s}|layername=roads",
                 "--communities", f"{s}|layername=communities", "--water", f"{s}|layername=water",
                 "--water", f"{s}|layername=waterway", "--building-id-field", "bldg_id",
                 "--dedicated-field", "dedicated_site", "--seed", "1", "-o", str(plan), "--quiet"]) == 0
    empty = folder / "empty.gpkg"
    shutil.copy(plan, empty)
    with sqlite3.connect(empty) as con:
        con.execute("DELETE FROM grids")
    return folder, plan, empty


def test_staff_and_microgrids_refuse_a_plan_without_grids(plans, people_script, capsys):
    folder, plan, empty = plans
    members = folder / "members.csv"
    assert people_script.main([str(plan), "--members", str(members), "--overwrite"]) == 0
    assert main(["microgrids", str(empty), "--members", str(members), "-o", str(folder / "m1.gpkg")]) == 2
    assert "grids layer is empty" in capsys.readouterr().err
    assert main(["microgrids", str(empty), "-o", str(folder / "m2.gpkg")]) == 2
    assert "grids layer is empty" in capsys.readouterr().err
    assert main(["staff", str(empty), "-o", str(folder / "st.gpkg")]) == 2
    assert "grids layer is empty" in capsys.readouterr().err
    assert not (folder / "m1.gpkg").exists() and not (folder / "st.gpkg").exists()


def test_people_script_says_what_is_wrong_with_its_plan(plans, people_script, tmp_path):
    _, _, empty = plans
    with pytest.raises(SystemExit, match="file not found: .*nope.gpkg"):
        people_script.main([str(tmp_path / "nope.gpkg"), "--roster", str(tmp_path / "x.csv")])
    with pytest.raises(SystemExit, match="grids layer is empty"):
        people_script.main([str(empty), "--roster", str(tmp_path / "x.csv")])
    with pytest.raises(SystemExit, match="--short"):
        people_script.main([str(plans[1]), "--roster", str(tmp_path / "x.csv"), "--short", "-1"])
    assert not (tmp_path / "x.csv").exists()


def test_short_n_leaves_n_grids_short_in_staff(plans, people_script, capsys):
    folder, plan, _ = plans
    roster, out = folder / "short.csv", folder / "short.gpkg"
    assert people_script.main([str(plan), "--roster", str(roster), "--short", "3", "--overwrite"]) == 0
    assert main(["staff", str(plan), "--roster", str(roster), "-o", str(out), "--overwrite"]) == 0
    assert "3 grid(s) short" in capsys.readouterr().out
    grids = gpd.read_file(out, layer="grids")
    assert grids["staffing"].isin(["short", "unstaffed"]).sum() == 3
    assert grids.loc[grids["staffing"].isin(["short", "unstaffed"]), "community_code"].nunique() == 3
    assert people_script._spread_shortfall(4, [1, 3, 0]) == [1, 3, 0]
    assert people_script._spread_shortfall(3, [2, 2, 2]) == [1, 1, 1]
    with pytest.raises(SystemExit, match="more than the 4 worker places"):
        people_script._spread_shortfall(5, [1, 3])


@pytest.mark.parametrize("options", [{"default_officer_capacity": 0.0}, {"default_officer_capacity": -5.0},
                                     {"officer_seconds": 0.0}, {"people_per_household": float("nan")},
                                     {"workers_per_10k_residents": -1.0}])
def test_nonsense_staffing_options_are_refused(options):
    with pytest.raises(InputError, match="must be"):
        StaffingOptions(**options)


def test_staff_cli_refuses_a_negative_officer_capacity(plans, capsys):
    folder, plan, _ = plans
    assert main(["staff", str(plan), "--officer-capacity", "-5", "-o", str(folder / "neg.gpkg")]) == 2
    assert "--officer-capacity must be a positive number" in capsys.readouterr().err


def test_a_role_typo_and_a_missing_home_are_named(plans, people_script):
    from gridplanner.algorithms.people import read_people, read_plan_layers

    folder, plan, _ = plans
    roster_file = folder / "typo.csv"
    assert people_script.main([str(plan), "--roster", str(roster_file), "--overwrite"]) == 0
    frame = pd.read_csv(roster_file, dtype=str, keep_default_na=False)
    first_full = int(np.flatnonzero(frame["role"] == "full-time")[0])
    frame.loc[first_full, "role"] = "ful-time"
    frame.loc[first_full + 1, "home_building"] = ""
    frame.to_csv(roster_file, index=False)
    layers = read_plan_layers(plan)
    roster = read_roster(read_people(str(roster_file), "roster"), layers)
    result = staff_plan(layers, roster, StaffingOptions(officer_seconds=1.0))
    messages = [p.message for p in result.problems]
    typo = [m for m in messages if "ful-time" in m and "not a known role" in m]
    assert typo and f"row {first_full + 2}" in typo[0] and "full-time" in typo[0]
    assert any(m.startswith("roles taken as departments") and "police" in m for m in messages)
    assert any(f"rows {first_full + 3}" in m and "no home" in m for m in messages)


def test_zones_refuse_a_sliver_share_outside_zero_to_one(plans):
    _, plan, _ = plans
    units = load_units(gpd.read_file(plan, layer="grids"))
    departments = departments_from_options([], {"units": ["3-6"], "households": []}, [], lambda spec, what: None)
    with pytest.raises(InputError, match="sliver share"):
        build_zones(units, departments, sliver_share=2.0)


def test_zones_name_an_empty_units_file_and_say_alone_is_unused_with_existing(plans, tmp_path, capsys):
    _, plan, _ = plans
    grids = gpd.read_file(plan, layer="grids")
    empty = tmp_path / "units.gpkg"
    grids.iloc[:0].to_file(empty, layer="grids")
    assert main(["zones", str(empty), "--units-per-zone", "3-6", "-o", str(tmp_path / "z.gpkg")]) == 2
    assert f"{empty}|layername=grids has no features" in capsys.readouterr().err.replace("\n", "")
    grids["alone"] = 0
    grids.loc[0, "alone"] = 1
    units_file = tmp_path / "marked.gpkg"
    grids.to_file(units_file, layer="grids")
    beats = grids.dissolve(by=grids["community_code"]).reset_index(drop=True)[["community_code", "geometry"]]
    beats.to_file(tmp_path / "beats.gpkg", layer="beats")
    assert main(["zones", str(units_file), "--units-per-zone", "3-8", "--alone-field", "alone",
                 "--existing", str(tmp_path / "beats.gpkg"), "--existing-id-field", "community_code",
                 "-o", str(tmp_path / "z2.gpkg")]) == 0
    meta = capsys.readouterr()
    text = meta.out + meta.err
    assert "--alone-field" in text and "not made zones of their own" in text
    assert "existing zones of zones" not in text


def test_report_figures_draw_chinese_and_import_matplotlib_quietly(tmp_path):
    import subprocess
    import sys
    import warnings

    from matplotlib import font_manager

    from gridplanner.algorithms.report import CJK_FONT_FAMILIES, pyplot

    quiet = subprocess.run([sys.executable, "-W", "error::UserWarning", "-c",
                            "from gridplanner.algorithms.report import pyplot; pyplot()"],
                           capture_output=True, text=True, check=False)
    assert quiet.returncode == 0, quiet.stderr
    assert "Axes3D" not in quiet.stderr
    if not {f.name for f in font_manager.fontManager.ttflist} & set(CJK_FONT_FAMILIES):
        pytest.skip("no CJK font installed (scripts/test.sh installs fonts-noto-cjk)")
    plt = pyplot()
    fig, ax = plt.subplots()
    ax.set_title("网格户数分布（片区）")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(tmp_path / "zh.png")
    plt.close(fig)


def test_problem_tables_have_no_nan_and_translated_headers():
    from gridplanner.algorithms.i18n import use_language
    from gridplanner.algorithms.report import cell_text, frame_table_html, problem_table_html

    problems = pd.DataFrame({"severity": ["warning"], "layer": ["units"], "feature_id": [np.nan],
                             "kind": ["unit_no_zone"], "message": ["in no zone"]})
    assert ">nan<" not in problem_table_html(problems)
    assert ">nan<" not in frame_table_html(pd.DataFrame({"zone": [np.nan, None, "Z1"]}).astype(object))
    assert cell_text(float("nan")) == "" and cell_text(None) == "" and cell_text(0) == "0"
    with use_language("zh_CN"):
        chinese = problem_table_html(problems)
    assert "<th>severity</th>" not in chinese and "<th>message</th>" not in chinese


def test_the_zones_audit_shows_a_unit_in_no_zone_without_nan(plans, tmp_path):
    _, plan, _ = plans
    grids = gpd.read_file(plan, layer="grids")
    beats = grids.dissolve(by="community_code").reset_index()[["community_code", "geometry"]].iloc[1:]
    beats.to_file(tmp_path / "beats.gpkg", layer="beats")
    report = tmp_path / "beats.html"
    assert main(["zones", str(plan), "--units-per-zone", "3-30", "--existing", f"police={tmp_path / 'beats.gpkg'}",
                 "--existing-id-field", "community_code", "-o", str(tmp_path / "z.gpkg"),
                 "--report", str(report)]) == 0
    text = report.read_text(encoding="utf-8")
    assert "—" in text and ">nan<" not in text


def test_a_member_list_without_the_named_home_column_names_the_column(plans, people_script, capsys):
    folder, plan, _ = plans
    members = folder / "members_hb.csv"
    assert people_script.main([str(plan), "--members", str(members), "--overwrite"]) == 0
    assert main(["microgrids", str(plan), "--members", str(members), "--home-building-column", "hb",
                 "-o", str(folder / "hb.gpkg")]) == 2
    err = capsys.readouterr().err
    assert "no column hb" in err and "columns: id, name, home_building" in err


def test_a_chinese_micro_grid_report_names_the_groups_by_their_band(plans, people_script, tmp_path):
    from gridplanner.algorithms.i18n import use_language

    folder, plan, _ = plans
    members = folder / "members_band.csv"
    assert people_script.main([str(plan), "--members", str(members), "--overwrite"]) == 0
    reports = {}
    with use_language("zh_CN"):
        for band in ("5-10", "30-50"):
            report = tmp_path / f"micro_{band}.html"
            assert main(["microgrids", str(plan), "--households-per-group", band, "--members", str(members),
                         "-o", str(tmp_path / f"micro_{band}.gpkg"), "--report", str(report)]) == 0
            reports[band] = report.read_text(encoding="utf-8")
    assert "户的联户组" in reports["5-10"]
    assert "户的微网格" in reports["30-50"] and "联户组" not in reports["30-50"]


def _rural_argv(tmp_path, *extra: str) -> list[str]:
    from pathlib import Path

    township = Path(__file__).resolve().parents[1] / "sample_data" / "rural_township.gpkg"
    t = f"{township}|layername="
    return ["plan", "--area-units", t + "natural_villages", "--communities", t + "admin_villages",
            "--roads", t + "roads", "--water", t + "water", "--preset", "rural", "-q", *extra]


def test_a_rural_plan_names_the_villages_layer_and_refuses_empty_buildings(tmp_path, capsys):
    empty = tmp_path / "empty_buildings.gpkg"
    gpd.GeoDataFrame({"households": []}, geometry=[], crs="EPSG:4549").to_file(empty, layer="buildings")
    assert main(_rural_argv(tmp_path, "--building-id-field", "village_id", "--buildings", str(empty),
                            "-o", str(tmp_path / "a.gpkg"))) == 2
    err = capsys.readouterr().err
    assert "layer 'buildings'" in err and "has no features" in err and "--buildings" in err
    assert main(_rural_argv(tmp_path, "--building-id-field", "vid", "-o", str(tmp_path / "b.gpkg"))) == 2
    err = capsys.readouterr().err
    assert "layer 'area units'" in err and "vid" in err and "layer 'buildings'" not in err
    assert main(_rural_argv(tmp_path, "--building-id-field", "village_id", "-o", str(tmp_path / "c.gpkg"))) == 0
    assert "no compound field" not in capsys.readouterr().out
