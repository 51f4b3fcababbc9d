"""The dependency check: what is missing, what to run, and a plugin that still loads."""

from __future__ import annotations

import sys

import pytest

pytestmark = pytest.mark.qgis


@pytest.fixture
def fake_missing(monkeypatch):
    """Pretend momepy is not installed and geopandas is too old, without touching them."""
    from gridplanner.plugin import dependencies

    real_find_spec, real_version = dependencies._find_spec, dependencies._installed_version
    monkeypatch.setattr(dependencies, "_find_spec", lambda m: None if m == "momepy" else real_find_spec(m))
    monkeypatch.setattr(
        dependencies, "_installed_version", lambda d: "0.14.4" if d == "geopandas" else real_version(d)
    )
    return dependencies


def test_everything_is_installed_here():
    from gridplanner.plugin import dependencies

    assert dependencies.check() == []


def test_check_does_not_import_the_packages():
    """find_spec + metadata only: the heavy packages stay unimported."""
    import subprocess

    code = (
        "import sys; from gridplanner.plugin import dependencies as d; p = d.check(); "
        "print(sorted(m for m in ('geopandas', 'sklearn', 'momepy', 'libpysal', 'scipy', 'networkx') "
        "if m in sys.modules), len(p))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["[]", "0"]


def test_a_really_absent_module_is_reported():
    from gridplanner.plugin.dependencies import Requirement, check

    fake = Requirement("gridplanner_no_such_module_xyz", "no-such-dist-xyz", "1.0")
    problems = check([fake])
    assert len(problems) == 1 and problems[0].found is None
    assert "no-such-dist-xyz" in problems[0].describe()


def test_missing_and_too_old(fake_missing):
    problems = fake_missing.check()
    by_name = {p.requirement.distribution: p for p in problems}
    assert set(by_name) == {"momepy", "geopandas"}
    assert by_name["momepy"].found is None
    assert by_name["geopandas"].found == "0.14.4"

    linux = fake_missing.message(problems, platform="linux")
    assert "momepy" in linux and "geopandas 0.14.4" in linux
    assert "python3 -m pip install --user" in linux
    assert "'momepy>=0.9'" in linux and "'geopandas>=1.0'" in linux
    assert "'numpy<2'" in linux  # keeps QGIS's GDAL working (built on NumPy 1.x here)

    windows = fake_missing.message(problems, platform="win32")
    assert "OSGeo4W Shell" in windows
    assert 'python -m pip install --upgrade "numpy<2" "geopandas>=1.0" "momepy>=0.9"' in windows


@pytest.mark.parametrize(
    ("found", "minimum", "ok"),
    [("2.0.4", "2.0", True), ("1.9.1", "1.4", True), ("0.11.0", "0.9", True), ("4.12", "4.12", True),
     ("1.3.2", "1.4", False), ("0.8.9", "0.9", False), ("1.4.post1", "1.4", True), ("2.0rc1", "2.0", True)],
)
def test_version_comparison(found, minimum, ok):
    from gridplanner.plugin.dependencies import version_at_least

    assert version_at_least(found, minimum) is ok


def test_plugin_still_loads_and_explains(fake_missing, qgis_iface, registry, no_gridplanner_provider, qgis_processing):
    import processing
    from qgis.core import Qgis, QgsProcessingException, QgsVectorLayer

    import gridplanner

    bar = qgis_iface.messageBar()
    bar.clear_messages()
    plugin = gridplanner.classFactory(qgis_iface)
    plugin.initGui()  # must not raise
    try:
        warnings = bar.get_messages(Qgis.Warning)
        assert any("momepy" in w and "geopandas" in w for w in warnings), warnings
        assert bar.get_messages(Qgis.Critical) == []

        box = plugin.dependency_message_box()
        assert "momepy" in box.text() and "pip install" in box.text()

        # The provider is there, and its algorithm refuses with the same explanation.
        alg = registry.algorithmById("gridplanner:plangrids")
        ok, why = alg.canExecute()
        assert not ok and "momepy" in why
        layer = QgsVectorLayer("Point?crs=EPSG:4549&field=households:integer", "b", "memory")
        with pytest.raises(QgsProcessingException, match="momepy"):
            processing.run("gridplanner:plangrids", {"BUILDINGS": layer, "GRIDS": "TEMPORARY_OUTPUT"})
    finally:
        plugin.unload()
    assert registry.providerById("gridplanner") is None


def test_a_broken_release_series_is_flagged_with_the_reason(monkeypatch):
    """pyproj 3.7.x crashes QGIS in task threads: installed, it is a problem to fix."""
    from gridplanner.plugin import dependencies

    real_version = dependencies._installed_version
    monkeypatch.setattr(dependencies, "_installed_version", lambda d: "3.7.2" if d == "pyproj" else real_version(d))
    problems = dependencies.check()
    assert [p.requirement.distribution for p in problems] == ["pyproj"]
    assert "not 3.7.x" in problems[0].describe() and "background" in problems[0].describe()
    assert "'pyproj>=3.6,!=3.7.*'" in dependencies.install_command(problems, "linux")
    pyproj = problems[0].requirement
    assert pyproj.broken_series("3.7") == "3.7" and pyproj.broken_series("3.6.1") is None
    assert pyproj.broken_series("3.8.0") is None and pyproj.broken_series("3.70") is None


MIRROR = "-i https://pypi.tuna.tsinghua.edu.cn/simple"


@pytest.mark.parametrize("platform", ["win32", "linux", "darwin"])
def test_message_offers_a_mirror_and_warns_about_two_native_stacks(fake_missing, english, platform):
    """The plain command, then the same command with a package-index mirror as an optional
    line (printed, never contacted), and what pip's own GEOS/PROJ/GDAL next to QGIS's mean."""
    problems = fake_missing.check()
    text = fake_missing.message(problems, platform=platform)
    commands = [line.strip() for line in text.splitlines() if "pip install" in line]
    assert len(commands) == 2
    plain, mirrored = commands
    assert MIRROR not in plain and MIRROR in mirrored
    assert mirrored.replace(f" {MIRROR}", "") == plain == fake_missing.install_command(problems, platform)
    assert text.index(plain) < text.index("mainland China") < text.index(mirrored)
    assert "GEOS, PROJ and GDAL" in text and "OSGeo4W" in text and "different versions" in text
    assert "  - momepy (not installed, need >= 0.9)" in text
    assert "  - geopandas 0.14.4 (too old, need >= 1.0)" in text


def test_message_in_chinese(fake_missing, english):
    """In a Chinese QGIS every line is Chinese, the per-package lines too; commands stay as they are."""
    from gridplanner.plugin import i18n

    problems = fake_missing.check()
    english_text = fake_missing.message(problems, platform="win32")
    assert i18n.install_translator("zh_CN") is not None
    text = fake_missing.message(problems, platform="win32")
    assert "  - momepy（未安装，需要 >= 0.9）" in text
    assert "  - geopandas 0.14.4（版本过旧，需要 >= 1.0）" in text
    assert "镜像" in text and MIRROR in text and "GEOS" in text and "OSGeo4W" in text
    commands = [line for line in text.splitlines() if "pip install" in line]
    assert commands == [line for line in english_text.splitlines() if "pip install" in line]
    prose = [line for line in text.splitlines() if line.strip() and "pip install" not in line]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in line) for line in prose), prose


def test_broken_series_line_in_chinese(monkeypatch, english):
    from gridplanner.plugin import dependencies, i18n

    real_version = dependencies._installed_version
    monkeypatch.setattr(dependencies, "_installed_version", lambda d: "3.7.2" if d == "pyproj" else real_version(d))
    assert i18n.install_translator("zh_CN") is not None
    (problem,) = dependencies.check()
    assert problem.describe() == "pyproj 3.7.2（工具在后台运行时会导致 QGIS 崩溃；需要 >= 3.6，但不能是 3.7.x）"
