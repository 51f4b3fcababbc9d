#!/usr/bin/env python3
"""The demo street "one year later", for the README's ``gridplanner replan`` example.

Writes a copy of the bundled demo buildings with last year's changes a street office sees::

    bash scripts/run_sample.sh                       # output/demo_plan.gpkg (last year's plan)
    cp output/demo_plan.gpkg plan_2026.gpkg
    python sample_data/year_later.py buildings_2027.gpkg
    gridplanner replan --previous plan_2026.gpkg --buildings "buildings_2027.gpkg|layername=buildings" …

The changes: buildings 300–302 gain 150 households each (new tenants), buildings 700–739 are
demolished, and a new building 5000 with 80 households stands on building 250's footprint
(rebuilt next to it). Every other field is copied unchanged. Deterministic; never overwrites
an existing file unless ``--overwrite`` is given.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

HERE = Path(__file__).resolve().parent
GAINED = (300, 301, 302)
GAIN = 150
DEMOLISHED = range(700, 740)
NEW_ID, NEW_FROM, NEW_HOUSEHOLDS = 5000, 250, 80


def year_later(buildings: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The demo buildings one year later (see the module's docstring); ``buildings`` is not modified."""
    out = buildings.copy()
    out.loc[out["bldg_id"].isin(GAINED), "households"] += GAIN
    out = out[~out["bldg_id"].isin(DEMOLISHED)]
    new = out[out["bldg_id"] == NEW_FROM].copy()
    new["bldg_id"] = NEW_ID
    new["households"] = NEW_HOUSEHOLDS
    for column in ("population", "elderly_alone", "disabled", "rental_units", "shops"):
        if column in new:
            new[column] = 0
    return gpd.GeoDataFrame(pd.concat([out, new], ignore_index=True), crs=buildings.crs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output", help="GeoPackage to write (layer 'buildings')")
    parser.add_argument("--street", default=str(HERE / "demo_street.gpkg"), help="the demo street GeoPackage")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    args = parser.parse_args(argv)
    target = Path(args.output)
    if target.exists() and not args.overwrite:
        print(f"{target} exists; pass --overwrite to replace it", file=sys.stderr)
        return 1
    later = year_later(gpd.read_file(args.street, layer="buildings"))
    tmp = target.with_name(target.name + ".tmp.gpkg")
    tmp.unlink(missing_ok=True)
    later.to_file(tmp, layer="buildings", driver="GPKG")
    tmp.replace(target)
    print(f"{target}: {len(later)} buildings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
