"""The core speaks Chinese when the user's locale is Chinese: the engine's reasons, the export's
checks, the summary, the HTML report and the CLI (LANG=zh_CN.UTF-8 read as text, on a machine
without that locale); codes and statuses stay machine-readable; remedies are phrased for the
front end (no "--overwrite" for a QGIS user)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from gridplanner.algorithms import i18n

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture()
def chinese():
    i18n.set_language("zh_CN")
    yield
    i18n.set_language(None)


def test_engine_reasons_report_and_summary_in_chinese(sample_gpkg, chinese, tmp_path):
    from gridplanner.algorithms import PlanParameters, plan_grids, read_layer
    from gridplanner.algorithms.report import render_report

    src = str(sample_gpkg)
    communities = read_layer(f"{src}|layername=communities")
    communities = communities[communities["code"] == "330106004002"]
    buildings = read_layer(f"{src}|layername=buildings")
    buildings = buildings[buildings.representative_point().within(communities.geometry.iloc[0])]
    result = plan_grids(buildings, roads=read_layer(f"{src}|layername=roads"), communities=communities,
                        params=PlanParameters(seed=1, dedicated_field="dedicated_site"))
    grids = result.grids
    explained = grids[grids["status"] != "ok"]
    assert len(explained) >= 3
    # statuses stay codes; every reason is Chinese
    assert set(explained["status"]) <= {"under_min", "over_max", "dedicated", "noncontiguous", "crosses_barrier"}
    assert all(CJK.search(r) for r in explained["reason"]), list(explained["reason"])
    assert any("专属网格" in r and "MKT01" in r for r in explained["reason"])
    html = render_report(result)
    assert '<html lang="zh-CN">' in html
    for heading in ("概要", "地图", "问题与修复"):
        assert f"<h2>{heading}" in html
    assert "网格方案" in html and "Summary" not in html and "每个网格户数的直方图" in html
    with i18n.use_language("en"):          # the same plan, read by an English user
        english = render_report(result)
    assert '<html lang="en">' in english and "<h2>Summary</h2>" in english


def test_export_checks_and_remedies_follow_the_front_end(tmp_path, chinese):
    from export_fixtures import write_plan

    from gridplanner.algorithms.errors import OutputExistsError
    from gridplanner.algorithms.export import PlanInvalidError, export_plan
    from gridplanner.algorithms.io import check_output_path

    plan = write_plan(tmp_path / "plan.gpkg", households=(400, 620, 380, 120))
    with pytest.raises(PlanInvalidError) as err:
        export_plan(plan, tmp_path / "out.csv")
    text = str(err.value)
    assert "方案不宜发布" in text and "--force" in text and "低于户数区间" in text and "高于户数区间" in text
    assert {issue.check for issue in err.value.issues} == {"band"}       # codes stay English
    existing = tmp_path / "exists.gpkg"
    existing.write_bytes(b"x")
    with pytest.raises(OutputExistsError, match="--overwrite"):
        check_output_path(existing, False)
    i18n.set_front_end("qgis")
    try:
        with pytest.raises(OutputExistsError) as refused:
            check_output_path(existing, False)
        with pytest.raises(PlanInvalidError) as invalid:
            export_plan(plan, tmp_path / "out.csv")
    finally:
        i18n.set_front_end("cli")
    for message in (str(refused.value), str(invalid.value)):
        assert "--" not in message and "勾选" in message
    with pytest.raises(ValueError):
        i18n.set_front_end("web")


def test_cli_in_chinese_without_the_locale_installed(tmp_path):
    """LANG=zh_CN.UTF-8 on a machine whose C library has no Chinese locale: read as text."""
    from lattice import make_layout

    b, r, c, w = make_layout(seed=1, rows=2, cols=3, river=False)
    path = tmp_path / "in.gpkg"
    for name, frame in [("buildings", b), ("roads", r), ("communities", c)]:
        frame.to_file(path, layer=name, driver="GPKG")
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "zh_CN.UTF-8"
    args = [sys.executable, "-m", "gridplanner.cli", "plan", "--buildings", f"{path}|layername=buildings",
            "--roads", f"{path}|layername=roads", "--communities", f"{path}|layername=communities",
            "-o", str(tmp_path / "plan.gpkg"), "--quiet"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "网格方案已写入" in done.stdout and "用时" in done.stdout
    again = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 2
    assert "已存在" in again.stderr and "--overwrite" in again.stderr      # the CLI names its option


def test_input_errors_name_layer_and_field_in_chinese(sample_gpkg, chinese):
    from gridplanner.algorithms import InputError, PlanParameters, plan_grids, read_layer

    buildings = read_layer(f"{sample_gpkg}|layername=buildings").head(20)
    with pytest.raises(InputError) as err:
        plan_grids(buildings.drop(columns=["households"]), params=PlanParameters(seed=1))
    text = str(err.value)
    assert text.startswith("图层“buildings”，字段“households”：") and "未找到" in text, text
    with pytest.raises(InputError) as err:
        plan_grids(buildings.assign(households=-1), params=PlanParameters(seed=1))
    assert "负值" in str(err.value)
    with i18n.use_language("en"):
        with pytest.raises(InputError, match="layer 'buildings', field 'households': households field"):
            plan_grids(buildings.drop(columns=["households"]), params=PlanParameters(seed=1))
