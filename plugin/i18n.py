"""Translations of the plugin's user interface.

Every string a user sees goes through :func:`tr`, which looks it up in the
``GridPlanner`` context of the installed Qt translator. The translations live in
``i18n/gridplanner_<locale>.ts`` (the source, edited by hand or in Qt Linguist) and
``i18n/gridplanner_<locale>.qm`` (compiled by ``scripts/build_translations.sh`` and
shipped, so users need no Qt tools).
"""

from __future__ import annotations

from pathlib import Path

from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

#: Translation context of every plugin string (the ``<name>`` in the ``.ts`` file).
CONTEXT = "GridPlanner"

#: Folder holding the ``.ts`` sources and compiled ``.qm`` files.
I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"

_installed: dict[str, QTranslator] = {}


def tr(text: str) -> str:
    """Translate ``text`` (English source) into the user's QGIS language."""
    return QCoreApplication.translate(CONTEXT, text)


def user_locale() -> str:
    """The locale QGIS uses for its interface, e.g. ``"zh_CN"`` or ``"en_US"``."""
    locale = ""
    try:
        from qgis.core import QgsSettings

        locale = QgsSettings().value("locale/userLocale", "", type=str) or ""
    except Exception:  # noqa: BLE001 - settings unavailable: fall back to Qt's locale
        locale = ""
    return locale or QLocale().name()


def qm_file(locale: str) -> Path | None:
    """The compiled translation to use for ``locale``, or ``None`` (English).

    ``zh_CN`` matches exactly; any other Chinese locale (``zh``, ``zh_TW`` …) falls back
    to the simplified-Chinese file, the only Chinese translation shipped so far.
    """
    locale = (locale or "").replace("-", "_")
    if not locale or locale.lower().startswith("en"):
        return None
    candidates = [locale, locale.split("_")[0]]
    if locale.lower().startswith("zh"):
        candidates.append("zh_CN")
    for name in candidates:
        path = I18N_DIR / f"gridplanner_{name}.qm"
        if path.is_file():
            return path
    return None


def install_translator(locale: str | None = None) -> QTranslator | None:
    """Load and install the translation for ``locale`` (default: QGIS's locale).

    Idempotent: a second call for the same file returns the translator already
    installed. Returns ``None`` when no translation applies (English, or a language
    that is not shipped).
    """
    locale = locale if locale is not None else user_locale()
    from ..algorithms import i18n as core_i18n

    core_i18n.set_language(locale)      # the core's messages (reasons, reports) follow QGIS's language
    path = qm_file(locale)
    if path is None:
        return None
    key = str(path)
    if key in _installed:
        return _installed[key]
    translator = QTranslator()
    if not translator.load(key):
        return None
    QCoreApplication.installTranslator(translator)
    _installed[key] = translator
    return translator


def remove_translators() -> None:
    """Uninstall every translator this module installed (plugin unload)."""
    for translator in _installed.values():
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    from ..algorithms import i18n as core_i18n

    core_i18n.set_language(None)
