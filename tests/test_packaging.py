"""The plugin zip (scripts/package_plugin.sh), its LICENSE and metadata.txt."""

from __future__ import annotations

import configparser
import subprocess
import zipfile

import pytest

tomllib = pytest.importorskip("tomllib")      # Python 3.11+

#: What QGIS's plugin manager reads to list and load a plugin, and what plugins.qgis.org
#: checks on upload except the email (the project publishes none; see metadata.txt).
REQUIRED_METADATA = ("name", "qgisMinimumVersion", "description", "about", "version", "author", "repository",
                     "tracker", "homepage", "icon")


@pytest.fixture(scope="module")
def archive(repo_root, tmp_path_factory):
    out = tmp_path_factory.mktemp("zip") / "gridplanner.zip"
    built = subprocess.run(["bash", str(repo_root / "scripts" / "package_plugin.sh"), str(out)],
                           capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    with zipfile.ZipFile(out) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_zip_holds_the_plugin_and_nothing_else(archive, repo_root):
    names = set(archive)
    assert {n.split("/")[0] for n in names} == {"gridplanner"}
    inside = {n.removeprefix("gridplanner/") for n in names}
    for required in ("__init__.py", "metadata.txt", "icon.png", "LICENSE", "plugin/plugin.py", "plugin/provider.py",
                     "plugin/dock/widget.py", "algorithms/__init__.py", "algorithms/default_weights.toml",
                     "algorithms/export/profiles/cn.toml", "i18n/gridplanner_zh_CN.qm"):
        assert required in inside, required
    top = {n.split("/")[0] for n in inside}
    assert top == {"__init__.py", "metadata.txt", "icon.png", "LICENSE", "algorithms", "plugin", "i18n"}
    for absent in ("BENCHMARKS.md", "Makefile", "pyproject.toml", "constraints.txt", "cli.py", "README.md",
                   "i18n/gridplanner_zh_CN.ts"):
        assert absent not in inside, absent
    assert not any("__pycache__" in n or n.endswith((".pyc", ".pyo")) or "/." in n for n in names)
    # every Python module of the plugin and the core is there, byte for byte
    for folder in ("plugin", "algorithms"):
        for path in (repo_root / folder).rglob("*.py"):
            if "__pycache__" in path.parts:
                continue
            rel = path.relative_to(repo_root).as_posix()
            assert archive[f"gridplanner/{rel}"] == path.read_bytes(), rel


def test_license_is_the_full_gpl2_text(archive, repo_root):
    text = (repo_root / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith(" " * 20 + "GNU GENERAL PUBLIC LICENSE") or "GNU GENERAL PUBLIC LICENSE" in text[:200]
    assert "Version 2, June 1991" in text and "TERMS AND CONDITIONS FOR COPYING" in text
    assert "END OF TERMS AND CONDITIONS" in text and len(text) > 17000
    assert archive["gridplanner/LICENSE"] == (repo_root / "LICENSE").read_bytes()
    project = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "GPL-2.0-or-later"


def test_metadata_has_no_placeholders_and_matches_the_project(archive, repo_root):
    raw = archive["gridplanner/metadata.txt"].decode("utf-8")
    assert "example." not in raw and "TODO" not in raw
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string(raw)
    meta = parser["general"]
    assert "email" not in meta or not meta["email"].strip().endswith((".example", "example.org", "example.com"))
    for key in REQUIRED_METADATA:
        assert meta.get(key, "").strip(), key
    project = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["version"] == project["version"]
    assert meta["homepage"] == project["urls"]["Homepage"]
    assert meta["tracker"] == project["urls"]["Issues"]
    assert meta["repository"] == project["urls"]["Homepage"]
    assert f"gridplanner/{meta['icon']}" in archive
    assert meta["hasProcessingProvider"] == "yes"
