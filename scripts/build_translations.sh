#!/usr/bin/env bash
# Regenerates the plugin's translations:
#   1. finds every string the plugin translates (tr("...") and
#      QCoreApplication.translate("GridPlanner", "...") in plugin/ and the root
#      __init__.py, and the core's tr("...") and translatable("...") in algorithms/ and cli.py,
#      which algorithms/i18n.py translates without Qt by reading the .ts) and adds the new ones to each
#      i18n/gridplanner_<locale>.ts, marked unfinished; strings no longer used are dropped;
#   2. compiles each .ts into the .qm that QGIS loads (lrelease, from Debian's
#      qttools5-dev-tools, installed when missing).
# Translate unfinished strings in the .ts (by hand or with Qt Linguist), then run this
# again and commit both the .ts and the .qm. Users need no Qt tools.
# Option --check: fail if any string is untranslated (nothing is written).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHECK=0
[ "${1:-}" = "--check" ] && CHECK=1

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

"$PY" - "$ROOT" "$CHECK" <<'PYEOF'
import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

root, check = Path(sys.argv[1]), sys.argv[2] == "1"
CONTEXT = "GridPlanner"


def strings():
    found = []
    # The core's messages (algorithms/, cli.py) share the catalogue: algorithms/i18n.py reads the .ts.
    files = (sorted((root / "plugin").rglob("*.py")) + [root / "__init__.py", root / "cli.py"]
             + sorted((root / "algorithms").rglob("*.py")))
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            args = node.args
            if name in ("tr", "translatable") and len(args) == 1 and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                text = args[0].value
            elif (name == "translate" and len(args) >= 2 and isinstance(args[0], ast.Constant)
                  and args[0].value == CONTEXT and isinstance(args[1], ast.Constant)):
                text = args[1].value
            else:
                continue
            where = (str(path.relative_to(root)), node.lineno)
            found.append((text, where))
    seen, ordered = set(), []
    for text, where in sorted(found, key=lambda item: item[1]):
        if text not in seen:
            seen.add(text)
            ordered.append((text, where))
    return ordered


def read_ts(path):
    messages = {}
    language = path.stem.split("_", 1)[1]
    if path.exists():
        tree = ET.parse(path)
        language = tree.getroot().get("language", language)
        for context in tree.getroot().iter("context"):
            if context.findtext("name") != CONTEXT:
                continue
            for message in context.iter("message"):
                translation = message.find("translation")
                messages[message.findtext("source")] = (
                    translation.text or "",
                    translation.get("type"),
                )
    return language, messages


def write_ts(path, language, used, messages):
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
           f'<TS version="2.1" language="{language}">', "<context>", f"    <name>{CONTEXT}</name>"]

    def emit(source, translation, kind, where=None):
        out.append("    <message>")
        if where:
            out.append(f'        <location filename="../{where[0]}" line="{where[1]}"/>')
        out.append(f"        <source>{escape(source)}</source>")
        attr = f' type="{kind}"' if kind else ""
        out.append(f"        <translation{attr}>{escape(translation)}</translation>")
        out.append("    </message>")

    for source, where in used:
        translation, kind = messages.get(source, ("", "unfinished"))
        if kind == "vanished" or kind == "obsolete":
            kind = None if translation else "unfinished"
        if not translation:
            kind = "unfinished"
        emit(source, translation, kind, where)
    used_sources = {s for s, _ in used}
    for source in messages:
        if source not in used_sources:
            print(f"   dropped (no longer used): {source[:80]!r}")
    out += ["</context>", "</TS>", ""]
    path.write_text("\n".join(out), encoding="utf-8")


used = strings()
ts_files = sorted((root / "i18n").glob("gridplanner_*.ts"))
if not ts_files:
    sys.exit("no i18n/gridplanner_<locale>.ts found")
failed = False
for ts in ts_files:
    language, messages = read_ts(ts)
    missing = [s for s, _ in used if not messages.get(s, ("", None))[0] or messages[s][1] == "unfinished"]
    print(f"{ts.relative_to(root)}: {len(used)} strings, {len(missing)} untranslated")
    for s in missing:
        print(f"   untranslated: {s[:80]!r}")
    if check:
        failed |= bool(missing)
    else:
        write_ts(ts, language, used, messages)
sys.exit(1 if failed else 0)
PYEOF

[ "$CHECK" = 1 ] && exit 0

if ! command -v lrelease >/dev/null 2>&1 && [ ! -x /usr/lib/qt5/bin/lrelease ]; then
    # shellcheck source=_env.sh
    source "$ROOT/scripts/_env.sh"
    apt_install qttools5-dev-tools
fi
LRELEASE=lrelease
[ -x /usr/lib/qt5/bin/lrelease ] && LRELEASE=/usr/lib/qt5/bin/lrelease
for ts in "$ROOT"/i18n/gridplanner_*.ts; do
    "$LRELEASE" -silent "$ts" -qm "${ts%.ts}.qm"
    echo "compiled ${ts#"$ROOT"/} -> $(basename "${ts%.ts}.qm")"
done
