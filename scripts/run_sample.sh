#!/usr/bin/env bash
# Command 1 of the README: set up the environment, install Grid Planner and plan the
# bundled sample street. Needs no QGIS and no server. Output goes to ./output/
# (or the folder given as the first argument).
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
OUT="${1:-$ROOT/output}"
ensure_venv
install_project ""
mkdir -p "$OUT"
S="$ROOT/sample_data/demo_street.gpkg"
gridplanner plan \
    --buildings "$S|layername=buildings" \
    --roads "$S|layername=roads" \
    --communities "$S|layername=communities" \
    --water "$S|layername=water" \
    --water "$S|layername=waterway" \
    --building-id-field bldg_id \
    --dedicated-field dedicated_site \
    --seed 1 \
    -o "$OUT/demo_plan.gpkg" --report "$OUT/demo_report.html" --overwrite
echo
echo "Grid plan: $OUT/demo_plan.gpkg"
echo "Report:    $OUT/demo_report.html"
