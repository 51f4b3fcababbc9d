#!/usr/bin/env bash
# Builds dist/gridplanner.zip for QGIS's "Plugins ▸ Manage and Install Plugins ▸ Install
# from ZIP": one top folder gridplanner/ holding the plugin (code, metadata.txt, icon,
# compiled translations, sample data). Left out: tests, bench, docs, scripts, CI files,
# build and run output, virtual environments, caches and anything hidden.
# Usage: bash scripts/package_plugin.sh [output.zip]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/dist/gridplanner.zip}"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
mkdir -p "$(dirname "$OUT")"

"$PY" - "$ROOT" "$OUT" <<'PYEOF'
import os
import sys
import zipfile
from pathlib import Path

root, out = Path(sys.argv[1]), Path(sys.argv[2]).resolve()
EXCLUDED_DIRS = {"tests", "bench", "docs", "scripts", "output", "dist", "build", "__pycache__"}
EXCLUDED_SUFFIXES = (".pyc", ".pyo", ".zip", ".egg-info")
REQUIRED = ["__init__.py", "metadata.txt", "icon.png", "plugin/plugin.py", "algorithms/__init__.py"]

for name in REQUIRED:
    if not (root / name).is_file():
        sys.exit(f"missing {name}: not a complete plugin folder")
if not list((root / "i18n").glob("*.qm")):
    sys.exit("no compiled translation in i18n/: run scripts/build_translations.sh")

count = 0
tmp = out.with_suffix(".zip.tmp")
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        rel_dir = here.relative_to(root)
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".")
            and not d.endswith(EXCLUDED_SUFFIXES)
            and not (here / d).is_symlink()
            and not (rel_dir == Path(".") and d in EXCLUDED_DIRS)
            and d != "__pycache__"
        )
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or name.endswith(EXCLUDED_SUFFIXES) or path.is_symlink():
                continue
            if path.resolve() in (out, tmp.resolve()):
                continue
            zf.write(path, (Path("gridplanner") / path.relative_to(root)).as_posix())
            count += 1
tmp.replace(out)
print(f"{out}: {count} files under gridplanner/")
PYEOF
