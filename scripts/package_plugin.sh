#!/usr/bin/env bash
# Builds dist/gridplanner.zip for QGIS's "Plugins ▸ Manage and Install Plugins ▸ Install
# from ZIP": one top folder gridplanner/ holding only what the plugin runs on:
#   __init__.py, metadata.txt, icon.png, LICENSE (GPL-2.0-or-later, the full text),
#   algorithms/ (the planning core the tools call, with its TOML data),
#   plugin/ (the QGIS side) and the compiled translations i18n/*.qm.
# Everything else stays in the repository: the command line (cli.py), tests, bench,
# docs, scripts, sample data, BENCHMARKS.md, Makefile, pyproject.toml, constraints.txt,
# the .ts translation sources, CI files, caches and anything hidden.
# Usage: bash scripts/package_plugin.sh [output.zip]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/dist/gridplanner.zip}"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
mkdir -p "$(dirname "$OUT")"

"$PY" - "$ROOT" "$OUT" <<'PYEOF'
import sys
import zipfile
from pathlib import Path

root, out = Path(sys.argv[1]), Path(sys.argv[2]).resolve()
#: Top-level files of the plugin folder.
FILES = ["__init__.py", "metadata.txt", "icon.png", "LICENSE"]
#: Folders and the file patterns taken from them (recursively).
TREES = {"algorithms": ("*.py", "*.toml"), "plugin": ("*.py", "*.png", "*.svg", "*.ui", "*.qml"),
         "i18n": ("*.qm",)}
REQUIRED = FILES + ["plugin/plugin.py", "plugin/provider.py", "algorithms/__init__.py"]

for name in REQUIRED:
    if not (root / name).is_file():
        sys.exit(f"missing {name}: not a complete plugin folder")
if not list((root / "i18n").glob("*.qm")):
    sys.exit("no compiled translation in i18n/: run scripts/build_translations.sh")

members = [root / name for name in FILES]
for folder, patterns in TREES.items():
    for pattern in patterns:
        members += [p for p in (root / folder).rglob(pattern)
                    if p.is_file() and not p.is_symlink()
                    and not any(part.startswith(".") or part == "__pycache__"
                                for part in p.relative_to(root).parts)]

tmp = out.with_suffix(".zip.tmp")
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
    for path in sorted(set(members)):
        zf.write(path, (Path("gridplanner") / path.relative_to(root)).as_posix())
tmp.replace(out)
print(f"{out}: {len(set(members))} files under gridplanner/")
PYEOF
