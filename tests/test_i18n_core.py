"""The core's translations (algorithms/i18n.py): language from the environment, the shared catalogue."""

from __future__ import annotations

import pytest

from gridplanner.algorithms import i18n


@pytest.mark.parametrize(
    ("value", "expected"),
    [("zh_CN.UTF-8", "zh_CN"), ("zh-Hans", "zh_CN"), ("zh", "zh_CN"), ("zh_CN:en", "zh_CN"),
     ("C", "en"), ("POSIX", "en"), ("en_US.UTF-8", "en"), ("", "en"), ("fr_FR@euro", "fr_FR")],
)
def test_language_names_are_normalised(value: str, expected: str) -> None:
    assert i18n.normalise_language(value) == expected


def test_first_set_variable_wins() -> None:
    env = {"LANGUAGE": "", "LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}
    assert i18n.language_from_environment(env) == "zh_CN"
    assert i18n.language_from_environment({"LANG": "en_GB"}) == "en"
    assert i18n.language_from_environment({}) == "en"


def test_a_shipped_string_is_translated_in_chinese_and_kept_in_english() -> None:
    with i18n.use_language("en"):
        assert i18n.tr("Grids") == "Grids"
    with i18n.use_language("zh-Hans"):
        assert i18n.tr("Grids") != "Grids"
        assert i18n.is_chinese()
        # Unknown text comes back as it is, with its fields filled.
        assert i18n.tr("no such message {n}", n=3) == "no such message 3"


def test_environment_decides_without_an_explicit_language(monkeypatch: pytest.MonkeyPatch) -> None:
    i18n.set_language(None)
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.current_language() == "zh_CN"
    i18n.set_language("en")
    try:
        assert i18n.current_language() == "en"
    finally:
        i18n.set_language(None)
