"""Translations of the core's messages (reasons, problems, summaries, reports) without Qt.

The engine, the CLI and the reports speak the user's language through :func:`tr`. The
catalogue is the plugin's own ``i18n/gridplanner_<locale>.ts`` (one file for the plugin and the
core): ``scripts/build_translations.sh`` collects every ``tr("…")`` and ``translatable("…")``
with a literal English text from ``plugin/``, ``algorithms/`` and ``cli.py`` into it. The core
reads the ``.ts`` XML itself, so it needs neither Qt nor a locale installed on the system.

The language is, in order: the one set by :func:`set_language` (the plugin passes QGIS's
locale), else the first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set —
read as text, so ``LANG=zh_CN.UTF-8`` works on a machine with no Chinese locale installed.

Messages with figures are templates with named fields, translated first and filled after::

    tr("{households} households, below the minimum {minimum}", households=280, minimum=300)
"""

from __future__ import annotations

import os
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Folder of the ``.ts`` catalogues (shared with the plugin's compiled ``.qm`` files).
I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"

#: Translation context of every string (the ``<name>`` in the ``.ts`` file).
CONTEXT = "GridPlanner"

_ENVIRONMENT_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_state = threading.local()
_process_language: str | None = None


def translatable(text: str) -> str:
    """Mark ``text`` for the catalogue and return it unchanged (translated later, where shown)."""
    return text


def normalise_language(name: str | None) -> str:
    """``"zh_CN"`` for any Chinese locale name (``zh``, ``zh-Hans``, ``zh_CN.UTF-8``), ``"en"`` for
    English, the C/POSIX locale or nothing; otherwise the name without encoding and modifier."""
    text = (name or "").strip()
    if not text:
        return "en"
    # LANGUAGE may hold a priority list ("zh_CN:en"): its first entry decides.
    text = text.split(":")[0].split(".")[0].split("@")[0].replace("-", "_")
    lowered = text.lower()
    if lowered in ("", "c", "posix") or lowered.startswith("en"):
        return "en"
    if lowered.startswith("zh"):
        return "zh_CN"
    return text


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """The language named by ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` (first set wins)."""
    env = os.environ if environ is None else environ
    for variable in _ENVIRONMENT_VARIABLES:
        value = env.get(variable, "")
        if value:
            return normalise_language(value)
    return "en"


def set_language(name: str | None) -> None:
    """Set the language of this process's messages (``None``: back to the environment's)."""
    global _process_language
    _process_language = None if name is None else normalise_language(name)


def current_language() -> str:
    """The language messages are translated into now (see the module's docstring)."""
    local = getattr(_state, "language", None)
    if local is not None:
        return str(local)
    if _process_language is not None:
        return _process_language
    return language_from_environment()


@contextmanager
def use_language(name: str | None) -> Iterator[None]:
    """Translate into ``name`` within the block, in this thread only (e.g. one report in English)."""
    previous = getattr(_state, "language", None)
    _state.language = None if name is None else normalise_language(name)
    try:
        yield
    finally:
        _state.language = previous


@lru_cache(maxsize=8)
def catalogue(language: str) -> dict[str, str]:
    """Finished translations of ``language`` by English source text (empty when none is shipped)."""
    path = I18N_DIR / f"gridplanner_{language}.ts"
    if language == "en" or not path.is_file():
        return {}
    messages: dict[str, str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None or not translation.text:
                continue
            if translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            messages[source] = translation.text
    return messages


def tr(text: str, /, **fields: Any) -> str:
    """``text`` in the current language, with ``{name}`` fields filled from ``fields``.

    An untranslated text comes back in English; a translation that names a field the caller
    did not give falls back to the English template rather than failing.
    """
    translated = catalogue(current_language()).get(text, text)
    if not fields:
        return translated
    try:
        return translated.format(**fields)
    except (KeyError, IndexError, ValueError):
        return text.format(**fields)


#: How a message tells the user to override a refusal, by front end: the CLI names its options,
#: QGIS the check boxes of its dialogs (a QGIS user never reads "--overwrite").
REMEDIES = {
    ("cli", "overwrite"): translatable("pass --overwrite"),
    ("qgis", "overwrite"): translatable("tick “Replace an existing file or table” (in the dock: “Replace an "
                                        "existing plan file”)"),
    ("cli", "force"): translatable("pass --force to export anyway"),
    ("qgis", "force"): translatable("tick “Export even if the plan fails the checks” to export anyway"),
}

_front_end = "cli"


def set_front_end(name: str) -> None:
    """Say which front end shows the messages (``"cli"`` or ``"qgis"``): it decides how a remedy
    is phrased (:func:`remedy`)."""
    global _front_end
    if name not in ("cli", "qgis"):
        raise ValueError(f"unknown front end {name!r}")
    _front_end = name


def remedy(key: str) -> str:
    """How the current front end's user overrides refusal ``key`` (``"overwrite"``, ``"force"``)."""
    return tr(REMEDIES[(_front_end, key)])


def is_chinese() -> bool:
    """Whether messages are in Chinese now (reports set ``lang="zh-CN"`` and a CJK font)."""
    return current_language() == "zh_CN"
