"""Departmental zones of the demo street, deliberately misaligned with its basic grids.

Two layers in ``demo_departments.gpkg`` for the one-network audit (``gridplanner zones
--existing …``); entirely synthetic, like the street:

- ``police_beats`` (警格), in **EPSG:4490** (CGCS2000 geographic, another CRS than the
  street's on purpose): 3–6 basic grids each, as a police station might have drawn them from
  the grids of the demo plan and then let drift: the whole layer is shifted by a few
  millimetres (slivers along every edge, which the audit must not call splits), four beats
  took half of a neighbour's grid (split grids), one grid was left out of every beat (a gap),
  and one beat was redrawn 25 m wider than its grids (it overlaps its neighbours);
- ``urban_zones`` (城管责任区), in the street's EPSG:4549: eight zones drawn without
  regard to the grids (Voronoi cells of random points inside the street), so most grids on
  their edges are split.

Usage, from the repository root (the demo plan is made first, with the sample's settings)::

    .venv/bin/python sample_data/departments.py --overwrite

Same seed, same layers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

HERE = Path(__file__).resolve().parent
STREET = HERE / "demo_street.gpkg"
OUTPUT = HERE / "demo_departments.gpkg"


def demo_plan_grids() -> gpd.GeoDataFrame:
    """The grids of the demo plan (``scripts/run_sample.sh``'s settings, seed 1)."""
    from gridplanner.algorithms import PlanParameters, plan_grids

    read = lambda layer: gpd.read_file(STREET, layer=layer, engine="pyogrio")  # noqa: E731
    params = PlanParameters.from_options(building_id_field="bldg_id", dedicated_field="dedicated_site", seed=1)
    result = plan_grids(read("buildings"), read("roads"), read("communities"),
                        [read("water"), read("waterway")], params)
    return result.grids


def police_beats(grids: gpd.GeoDataFrame, seed: int = 2026) -> gpd.GeoDataFrame:
    """Beats of 3–6 grids, then the drift described in the module's docstring."""
    from gridplanner.algorithms.zones import Capacity, load_units, plan_zones

    units = load_units(grids)
    labels = plan_zones(units, Capacity.parse("3-6", "units"), seed=seed, prefix="JW")
    geoms = units.frame.geometry.to_numpy()
    names = sorted(set(labels))
    beats = {z: shapely.union_all(geoms[labels == z]) for z in names}
    rng = np.random.default_rng([seed, 23])
    adj = units.neighbours()
    # Four beats take half of a neighbouring beat's grid.
    taken: set[int] = set()
    for z in list(rng.permutation(names))[:4]:
        candidates = sorted({b for u in np.flatnonzero(labels == z) for b, _, _ in adj[u]
                             if labels[b] != z and b not in taken})
        if not candidates:
            continue
        u = int(candidates[int(rng.integers(len(candidates)))])
        taken.add(u)
        unit = geoms[u]
        towards = shapely.centroid(beats[z])
        centre = shapely.centroid(unit)
        dx, dy = towards.x - centre.x, towards.y - centre.y
        size = 4 * np.sqrt(shapely.area(unit))
        # The half of the grid on the taking beat's side of a line through the grid's centre.
        half_plane = shapely.Polygon([
            (centre.x - dy / np.hypot(dx, dy) * size, centre.y + dx / np.hypot(dx, dy) * size),
            (centre.x + dy / np.hypot(dx, dy) * size, centre.y - dx / np.hypot(dx, dy) * size),
            (centre.x + dy / np.hypot(dx, dy) * size + dx / np.hypot(dx, dy) * size,
             centre.y - dx / np.hypot(dx, dy) * size + dy / np.hypot(dx, dy) * size),
            (centre.x - dy / np.hypot(dx, dy) * size + dx / np.hypot(dx, dy) * size,
             centre.y + dx / np.hypot(dx, dy) * size + dy / np.hypot(dx, dy) * size)])
        piece = shapely.intersection(unit, half_plane)
        owner = labels[u]
        beats[z] = shapely.union_all([beats[z], piece])
        beats[owner] = shapely.difference(beats[owner], piece)
    # One grid in no beat: one whose beat stays in one piece without it.
    from gridplanner.algorithms.partition.adjacency import connected_parts

    for u in rng.permutation(len(labels)):
        members = np.flatnonzero(labels == labels[u])
        if int(u) in taken or len(members) < 4 or len(connected_parts(members[members != u], adj)) != 1:
            continue
        beats[labels[u]] = shapely.difference(beats[labels[u]], geoms[u])
        break
    # One beat drawn 25 m wider than its grids, inside the street.
    street = shapely.union_all(geoms)
    wide = names[int(rng.integers(len(names)))]
    beats[wide] = shapely.intersection(shapely.buffer(beats[wide], 25.0, join_style="mitre"), street)
    frame = gpd.GeoDataFrame({"beat_id": names, "beat_name": [f"第{i + 1}警务区" for i in range(len(names))],
                              "station": "文新派出所"},
                             geometry=[shapely.affinity.translate(beats[z], 0.003, 0.002) for z in names],
                             crs=grids.crs)
    return frame.to_crs("EPSG:4490")


def urban_zones(grids: gpd.GeoDataFrame, seed: int = 2026, count: int = 8) -> gpd.GeoDataFrame:
    """Zones drawn without regard to the grids: Voronoi cells of ``count`` random points."""
    street = shapely.union_all(grids.geometry.to_numpy())
    rng = np.random.default_rng([seed, 8])
    xmin, ymin, xmax, ymax = street.bounds
    points: list = []
    while len(points) < count:
        p = shapely.Point(rng.uniform(xmin, xmax), rng.uniform(ymin, ymax))
        if street.contains(p):
            points.append(p)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=street.envelope))
    order = np.argsort([min(range(count), key=lambda i, c=c: c.distance(points[i])) for c in cells])
    zones = [shapely.intersection(cells[k], street) for k in order]
    return gpd.GeoDataFrame({"zone_code": [f"CG{i + 1:02d}" for i in range(count)], "team": "文新城管中队"},
                            geometry=zones, crs=grids.crs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", default=str(OUTPUT))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    grids = demo_plan_grids()
    layers = {"police_beats": police_beats(grids, args.seed), "urban_zones": urban_zones(grids, args.seed)}
    # the project's atomic GeoPackage writer: refuses an existing file unless --overwrite
    from gridplanner.algorithms.errors import GridPlannerError
    from gridplanner.algorithms.io import write_geopackage

    try:
        write_geopackage(args.output, layers, overwrite=args.overwrite)
    except GridPlannerError as exc:
        print(f"{Path(sys.argv[0]).name}: {exc}", file=sys.stderr)
        return 2
    for name, frame in layers.items():
        print(f"{name}: {len(frame)} zones ({frame.crs.to_string()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
