"""Translations: the shipped .qm loads under zh_CN, is complete and matches the .ts."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.qgis

ZH = "规划网格"


@pytest.fixture
def locale_setting():
    """Set QGIS's locale/userLocale for the test, restore it afterwards."""
    from qgis.core import QgsSettings

    settings = QgsSettings()
    before = settings.value("locale/userLocale", None)

    def set_locale(value):
        QgsSettings().setValue("locale/userLocale", value)

    yield set_locale
    if before is None:
        QgsSettings().remove("locale/userLocale")
    else:
        QgsSettings().setValue("locale/userLocale", before)


def _plugin_strings(repo_root):
    """Every literal passed to tr() in plugin/, and to translatable() in algorithms/labels.py
    (the labels the dock shows translated): what scripts/build_translations.sh extracts."""
    found = set()
    paths = sorted((repo_root / "plugin").rglob("*.py")) + [repo_root / "algorithms" / "labels.py"]
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("tr", "translatable")
                and len(node.args) == 1
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def _ts_messages(repo_root):
    tree = ET.parse(repo_root / "i18n" / "gridplanner_zh_CN.ts")
    return {
        m.findtext("source"): m.find("translation")
        for c in tree.getroot().iter("context")
        if c.findtext("name") == "GridPlanner"
        for m in c.iter("message")
    }


def test_qm_is_shipped(repo_root):
    from gridplanner.plugin import i18n

    assert i18n.qm_file("zh_CN") == repo_root / "i18n" / "gridplanner_zh_CN.qm"
    assert i18n.qm_file("zh_TW") == repo_root / "i18n" / "gridplanner_zh_CN.qm"
    assert i18n.qm_file("en_US") is None
    assert i18n.qm_file("fr_FR") is None


def test_tr_under_zh_cn(english):
    from gridplanner.plugin import i18n

    assert i18n.tr("Plan grids") == "Plan grids"
    assert i18n.install_translator("zh_CN") is not None
    assert i18n.tr("Plan grids") == ZH
    i18n.remove_translators()
    assert i18n.tr("Plan grids") == "Plan grids"


def test_plugin_loads_translation_from_qgis_locale(qgis_iface, locale_setting, english, no_gridplanner_provider,
                                                   registry):
    import gridplanner
    from gridplanner.plugin.i18n import tr

    locale_setting("zh_CN")
    plugin = gridplanner.classFactory(qgis_iface)
    try:
        assert plugin.translator is not None
        assert tr("Plan grids") == ZH
        plugin.initGui()
        assert registry.algorithmById("gridplanner:plangrids").displayName() == ZH
        assert registry.providerById("gridplanner").name() == "网格规划"
        assert plugin.actions[0].text() == "规划网格…"
    finally:
        plugin.unload()
    assert tr("Plan grids") == "Plan grids"  # unload removed the translator


def test_english_locale_loads_nothing(qgis_iface, locale_setting, english):
    import gridplanner
    from gridplanner.plugin.i18n import tr

    locale_setting("en_US")
    plugin = gridplanner.classFactory(qgis_iface)
    try:
        assert plugin.translator is None
        assert tr("Plan grids") == "Plan grids"
    finally:
        plugin.unload()


def test_every_string_is_translated_in_ts_and_qm(repo_root, english):
    from gridplanner.plugin import i18n

    strings = _plugin_strings(repo_root)
    assert "Plan grids" in strings and len(strings) > 20
    ts = _ts_messages(repo_root)
    untranslated = sorted(s for s in strings if s not in ts or not (ts[s].text or "").strip()
                          or ts[s].get("type") == "unfinished")
    assert not untranslated, (
        "strings without a zh_CN translation (add them to i18n/gridplanner_zh_CN.ts, then run "
        f"scripts/build_translations.sh): {untranslated}"
    )

    # (QCoreApplication.translate, not QTranslator.translate: PyQt passes the latter's
    # source text as ASCII.)
    assert i18n.install_translator("zh_CN") is not None
    stale = sorted(s for s in strings if i18n.tr(s) != ts[s].text)
    assert not stale, f"the .qm is older than the .ts: run scripts/build_translations.sh ({stale[:5]})"


def test_dock_scenario_labels_come_from_the_label_table_translated(english):
    from gridplanner.algorithms.scenarios import COMPARED
    from gridplanner.plugin import i18n
    from gridplanner.plugin.dock.widget import _metric_labels

    assert _metric_labels() == dict(COMPARED)
    assert i18n.install_translator("zh_CN") is not None
    try:
        labels = _metric_labels()
        assert labels["grids"] == "网格" and labels["in_band_share"] == "基础网格达标率"
        assert all(labels[key] != text for key, text in COMPARED)
    finally:
        i18n.remove_translators()
