"""A tiny, valid plan GeoPackage for export tests (no planning run needed)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from gridplanner.algorithms.io import write_geopackage

X0, Y0 = 500000.0, 3350000.0  # EPSG:4549 (CGCS2000 3° zone, CM 120°E), near Hangzhou
COMMUNITY = "330106004001"
NAME = "河埠社区"


def _square(col, row, size=200.0):
    x, y = X0 + col * size, Y0 - row * size
    return shapely.box(x, y - size, x + size, y)


def plan_frames(households=(400, 420, 380, 410), dedicated=False):
    """A 2×2 block of grids of one community, numbered in reading order, plus buildings."""
    cells = [(0, 0), (1, 0), (0, 1), (1, 1)]           # NW, NE, SW, SE
    rows = []
    for seq, ((c, r), h) in enumerate(zip(cells, households), start=1):
        rows.append({"grid_code": f"{COMMUNITY}{seq:03d}", "community_code": COMMUNITY, "community_name": NAME,
                     "seq": seq, "grid_kind": "basic", "households": h, "population": 3 * h,
                     "workload": float(h), "n_buildings": 2, "area_m2": 40000.0, "status": "ok", "reason": "",
                     "geometry": _square(c, r)})
    if dedicated:
        rows.append({"grid_code": f"{COMMUNITY}005", "community_code": COMMUNITY, "community_name": NAME,
                     "seq": 5, "grid_kind": "dedicated", "households": 0, "population": 0, "workload": 0.0,
                     "n_buildings": 1, "area_m2": 40000.0, "status": "dedicated", "reason": "学校",
                     "geometry": _square(2, 0)})
    grids = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4549")
    buildings = []
    for g in grids.itertuples():
        centre = g.geometry.centroid
        for k in range(2):
            buildings.append({"bldg_id": f"B{g.seq}{k}", "households": g.households // 2, "grid_code": g.grid_code,
                              "geometry": shapely.box(centre.x - 10 + 15 * k, centre.y - 5,
                                                      centre.x + 15 * k, centre.y + 5)})
    buildings = gpd.GeoDataFrame(buildings, geometry="geometry", crs="EPSG:4549")
    return grids, buildings


def write_plan(path, households=(400, 420, 380, 410), dedicated=False, grids=None, buildings=None):
    """Write a plan GeoPackage like ``gridplanner plan`` does; returns its path."""
    g, b = plan_frames(households, dedicated)
    grids = g if grids is None else grids
    buildings = b if buildings is None else buildings
    problems = gpd.GeoDataFrame(pd.DataFrame(columns=["layer", "feature_id", "kind", "severity", "message"]),
                                geometry=gpd.GeoSeries([], crs="EPSG:4549"), crs="EPSG:4549")
    metadata = {"engine": "gridplanner", "created": "2025-03-01T08:00:00+00:00", "crs": "EPSG:4549",
                "parameters": {"min_households": 300, "max_households": 500, "building_id_field": "bldg_id",
                               "community_code_field": "code"}}
    write_geopackage(path, {"grids": grids, "buildings": buildings, "problems": problems}, metadata=metadata)
    return path
