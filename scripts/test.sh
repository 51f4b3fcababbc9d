#!/usr/bin/env bash
# Command 2 of the README: install everything the tests need (QGIS 3.22 from Debian's
# packages when missing, the project's virtual environment) and run the whole suite:
# the pure core, the plugin inside a real headless QGIS, and qgis_process runs.
# Extra arguments go to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"

need=()
"$SYS_PY" -c 'import qgis.core' >/dev/null 2>&1 || need+=(qgis python3-qgis qgis-providers)
[ -x /usr/bin/qgis_process.bin ] || need+=(qgis)
command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb xauth)
# Chinese text in the dialog screenshots (tests/qgis/test_tools_processing.py, scripts/screenshots.sh).
[ "$(fc-list 2>/dev/null | grep -ci "Noto Sans CJK" || true)" != 0 ] || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then apt_install $(printf '%s\n' "${need[@]}" | sort -u); fi

# PostGIS export tests run against a real throw-away server (tests/test_export_postgis.py):
# Debian's default PostgreSQL and the PostGIS build for its major version.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
PG_MAJOR="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
[ -f "/usr/share/postgresql/$PG_MAJOR/extension/postgis.control" ] || apt_install "postgresql-$PG_MAJOR-postgis-3"

ensure_venv
install_project "[test,bench]"   # bench: the peers of the benchmark smoke test

export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
chmod 700 "$XDG_RUNTIME_DIR"
# QGIS must never write into the user's real profile during tests.
export QGIS_CUSTOM_CONFIG_PATH="${QGIS_CUSTOM_CONFIG_PATH:-$(mktemp -d)}"
export GRIDPLANNER_REQUIRE_QGIS=1
export GRIDPLANNER_REQUIRE_POSTGIS=1

cd "$ROOT"
echo "==> pytest"
python -m pytest "$@"
