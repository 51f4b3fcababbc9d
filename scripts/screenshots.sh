#!/usr/bin/env bash
# Regenerates docs/toolbox_plan_grids.png (English) and docs/toolbox_plan_grids_zh.png
# (Chinese): the Processing dialog of "Plan grids" with the sample street loaded, drawn by
# a headless QGIS (Qt's offscreen platform; no display needed). Needs what scripts/test.sh
# installs (QGIS, the venv) plus fonts-noto-cjk and qttranslations5-l10n for the Chinese one.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
if [ "$(fc-list 2>/dev/null | grep -ci "Noto Sans CJK" || true)" = 0 ]; then apt_install fonts-noto-cjk; fi
# Qt's own zh_CN strings (standard buttons), as a Chinese QGIS installation has them.
[ -f /usr/share/qt5/translations/qtbase_zh_CN.qm ] || apt_install qttranslations5-l10n
ensure_venv
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
chmod 700 "$XDG_RUNTIME_DIR"
# A throw-away QGIS profile: never the user's own.
export QGIS_CUSTOM_CONFIG_PATH="$(mktemp -d)"
cd "$ROOT"
python scripts/screenshots.py docs/toolbox_plan_grids.png --locale en
python scripts/screenshots.py docs/toolbox_plan_grids_zh.png --locale zh_CN
python scripts/screenshots_dock.py docs
