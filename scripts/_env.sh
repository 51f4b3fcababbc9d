# Shared by run_sample.sh and test.sh: makes (once) and activates the project's
# virtual environment. Sourced, not executed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${GRIDPLANNER_VENV:-$ROOT/.venv}"
SYS_PY=/usr/bin/python3

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
    # apt-get update only once per run; quiet unless it fails.
    if [ -z "${_GP_APT_UPDATED:-}" ]; then
        echo "==> apt-get update"
        as_root apt-get update -qq
        _GP_APT_UPDATED=1
    fi
    echo "==> apt-get install $*"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_venv() {
    if [ ! -x "$SYS_PY" ]; then apt_install python3; fi
    if ! "$SYS_PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then apt_install python3-venv; fi
    if [ ! -x "$VENV/bin/python" ]; then
        echo "==> creating $VENV (Debian python, with system site packages so QGIS is visible)"
        "$SYS_PY" -m venv --system-site-packages "$VENV"
    fi
    # shellcheck disable=SC1091
    source "$VENV/bin/activate"
    python -m pip install -q --upgrade "pip>=23" >/dev/null
}

install_project() {
    local extras="${1:-}"
    echo "==> installing gridplanner${extras} into $VENV"
    python -m pip install -q -c "$ROOT/constraints.txt" -e "$ROOT$extras"
}
