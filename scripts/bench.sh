#!/usr/bin/env bash
# The benchmarks (`make bench`): Grid Planner against k-means, spopt max-p, GerryChain and
# pymetis on the same instances, then Grid Planner alone at 10k–1M households. Rewrites the
# generated part of BENCHMARKS.md and bench/time_vs_size.png. Not part of the test command.
# Extra arguments go to `python -m bench` (e.g. --smoke --out /tmp/b, or --scaling 10000).
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
ensure_venv
install_project "[bench]"
cd "$ROOT"
export GRIDPLANNER_BENCH_COMMAND="${GRIDPLANNER_BENCH_COMMAND:-bash scripts/bench.sh${*:+ $*}}"
python -m bench "$@"
