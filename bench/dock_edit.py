"""Time of one interactive edit in the dock's editing core, per community of the sample street.

For every community: plan it, build the :class:`PlanEditor`, then move random buildings to a
random other grid of the community and back; each move is ``set_code`` (the incremental
per-grid sums) plus ``refresh`` (re-dissolving and re-measuring the two grids touched) plus
``table`` and ``summary`` (what the dock shows). Prints median and maximum milliseconds.

    python bench/dock_edit.py [--moves 50]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import shapely

from gridplanner.algorithms import PlanParameters, metrics, plan_grids, read_layer
from gridplanner.algorithms.editing import GridRow, PlanEditor, building_cells

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "demo_street.gpkg"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=50)
    args = parser.parse_args()
    src = str(SAMPLE)
    buildings = read_layer(f"{src}|layername=buildings")
    communities = read_layer(f"{src}|layername=communities")
    roads = read_layer(f"{src}|layername=roads")
    water = [read_layer(f"{src}|layername=water"), read_layer(f"{src}|layername=waterway")]
    params = PlanParameters.from_options(seed=1, dedicated_field="dedicated_site")
    reps = buildings.representative_point()
    print("| community | buildings | grids | median ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for i in range(len(communities)):
        one = communities.iloc[[i]]
        inside = buildings[reps.within(one.geometry.iloc[0])]
        result = plan_grids(inside, roads=roads, communities=one, water=water, params=params)
        b = result.buildings
        points = shapely.point_on_surface(b.geometry.to_numpy())
        codes = b["grid_code"].to_numpy()
        grids = dict(zip(result.grids["grid_code"], result.grids.geometry))
        rows = {r.grid_code: GridRow(code=r.grid_code, community=r.community_code, kind=r.grid_kind)
                for r in result.grids.itertuples()}
        editor = PlanEditor(ids=np.arange(len(b)), codes=codes, households=b["households"],
                            population=b["population"], points=points, cells=building_cells(grids, points, codes),
                            compound=b["compound_id"].to_numpy(), grids=rows,
                            workload=metrics.building_workload(b, "households", params.weights.attributes))
        rng = np.random.default_rng(0)
        names = sorted(grids)
        times = []
        for _ in range(args.moves if len(names) > 1 else 0):
            fid = int(rng.integers(len(b)))
            old = editor.codes[fid]
            new = names[int(rng.integers(len(names)))]
            for code in (new, old):
                start = time.perf_counter()
                editor.set_code(fid, code)
                editor.refresh()
                editor.table(one["code"].iloc[0])
                editor.summary(one["code"].iloc[0])
                times.append(1000 * (time.perf_counter() - start))
        if times:
            print(f"| {one['code'].iloc[0]} | {len(b)} | {len(names)} | "
                  f"{statistics.median(times):.1f} | {max(times):.1f} |")


if __name__ == "__main__":
    main()
