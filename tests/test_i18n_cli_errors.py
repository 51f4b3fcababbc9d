"""The CLI's refusals of bad input, its help and the export's code-layout checks read Chinese
under LANG=zh_CN.UTF-8 (issue 25): a Chinese planner gets no English sentence in an error."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from gridplanner.algorithms import i18n

CJK = re.compile(r"[\u4e00-\u9fff]")
#: Three English words in a row: an untranslated sentence (names such as "WGS 84" are shorter).
ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}\b")


def _chinese_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "zh_CN.UTF-8"
    return subprocess.run([sys.executable, "-m", "gridplanner.cli", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def _assert_chinese_error(done: subprocess.CompletedProcess, *expected: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    message = done.stderr.strip()
    assert message.startswith("gridplanner: 错误："), message
    prose = re.sub(r"“[^”]*”", "", message)       # quoted commands and layer specs stay as typed
    assert CJK.search(message) and not ENGLISH_SENTENCE.search(prose), message
    for text in expected:
        assert text in message, message


def test_input_errors_of_the_cli_in_chinese(sample_gpkg, tmp_path):
    import geopandas as gpd

    src = str(sample_gpkg)
    out = str(tmp_path / "plan.gpkg")
    layers = [f"--buildings={src}|layername=buildings", f"--roads={src}|layername=roads",
              f"--communities={src}|layername=communities"]

    # a GeoPackage of several layers named without its layer
    _assert_chinese_error(_chinese_cli("plan", "--buildings", src, "-o", out), "多个图层", "layername=")

    # --grid-count naming a community that does not exist
    _assert_chinese_error(_chinese_cli("plan", *layers, "--grid-count", "999999999999=3", "-o", out),
                          "--grid-count", "999999999999", "不属于任何社区")

    # metres labelled as degrees: the coordinates do not fit the CRS
    buildings = gpd.read_file(src, layer="buildings").set_crs(4326, allow_override=True)
    wrong = tmp_path / "wrong_crs.gpkg"
    buildings.to_file(wrong, layer="buildings", driver="GPKG")
    _assert_chinese_error(_chinese_cli("plan", "--buildings", str(wrong), "-o", out),
                          "坐标参考系", "不是经纬度", "ogr2ogr -a_srs")

    # an output name that promises another format
    _assert_chinese_error(_chinese_cli("plan", *layers, "-o", str(tmp_path / "plan.shp")),
                          "gridplanner export", ".gpkg")

    # the help of a subcommand is Chinese (argparse's own words such as "usage:" may stay)
    helped = _chinese_cli("export", "--help")
    assert helped.returncode == 0
    assert "校验由“gridplanner plan”生成的方案" in helped.stdout and "即使方案未通过校验也导出" in helped.stdout


@pytest.fixture()
def chinese():
    i18n.set_language("zh_CN")
    yield
    i18n.set_language(None)


def test_code_layout_and_tiling_checks_in_chinese(chinese):
    import geopandas as gpd
    import shapely

    from gridplanner.algorithms.errors import InputError
    from gridplanner.algorithms.export.codes import CodeLayout, validate_codes
    from gridplanner.algorithms.metrics import plan_tiling_check

    with pytest.raises(InputError) as err:
        CodeLayout.parse("6-3-3-3")
    assert "编码结构应形如 6+3+3+3" in str(err.value)
    issues = validate_codes(["11010100100100A", "110101001002001", "110101001001001", "110101001001001"],
                         ["110101001001", "110101001001", "110101001001", "110101001001"])
    messages = [issue.message for issue in issues]
    assert any("被 2 个网格使用" in m for m in messages), messages
    assert any("数字以外的字符" in m for m in messages), messages
    assert any("没有以所属社区代码 110101001001 开头" in m for m in messages), messages
    for message in messages:
        assert CJK.search(message) and not ENGLISH_SENTENCE.search(message), message

    x, y = 500000.123456, 3350000.654321
    grids = gpd.GeoDataFrame({"grid_code": ["A1", "B1"], "community_code": ["A", "B"]},
                             geometry=[shapely.box(x, y, x + 100, y + 200),
                                       shapely.box(x + 100 - 0.003, y, x + 250, y + 200)], crs="EPSG:4549")
    check = plan_tiling_check(grids)
    assert not check.ok
    assert "网格 A1 与 B1 重叠 3.0 毫米" in check.messages()[0], check.messages()
