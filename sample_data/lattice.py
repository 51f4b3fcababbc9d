"""Lattice layouts: a rectangular street grid with buildings in every block.

Every ``hard_every``-th road is a primary road (the others residential or tertiary), with an
optional river across, one or two communities, and in each block a few buildings with
random household counts, some blocks being one compound. Deterministic for a seed. The
engine's property tests plan many small ones; the benchmarks plan a large one whose
buildings are small enough for an even workload (``bench/instances.py``).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

CRS = "EPSG:4549"
X0, Y0 = 500000.0, 3350000.0


def make_layout(seed: int = 0, rows: int = 3, cols: int = 4, block: float = 150.0,
                per_block: tuple[int, int] = (3, 8), households: tuple[int, int] = (10, 60),
                hard_every: int = 3, river: bool = False, two_communities: bool = False,
                compound_share: float = 0.4, empty_blocks: int = 0):
    rng = np.random.default_rng(seed)
    width, height = cols * block, rows * block
    roads, classes = [], []
    for c in range(cols + 1):
        x = X0 + c * block
        roads.append(shapely.LineString([(x, Y0), (x, Y0 + height)]))
        classes.append("primary" if c % hard_every == 0 else "residential")
    for r in range(rows + 1):
        y = Y0 + r * block
        roads.append(shapely.LineString([(X0, y), (X0 + width, y)]))
        classes.append("primary" if r % hard_every == 0 else "tertiary")
    water = []
    if river:
        ry = Y0 + height / 2 + block / 2 - 12
        water.append(shapely.box(X0, ry, X0 + width, ry + 24))
    if two_communities:
        half = cols // 2
        comm_geoms = [shapely.box(X0, Y0, X0 + half * block, Y0 + height),
                      shapely.box(X0 + half * block, Y0, X0 + width, Y0 + height)]
    else:
        comm_geoms = [shapely.box(X0, Y0, X0 + width, Y0 + height)]
    codes = [f"330106004{i + 1:03d}" for i in range(len(comm_geoms))]
    water_union = shapely.union_all(water) if water else None
    empties = set(rng.choice(rows * cols, size=min(empty_blocks, rows * cols), replace=False).tolist())

    b_geoms, b_hh, b_comp, b_elder = [], [], [], []
    comp_id = 0
    for r in range(rows):
        for c in range(cols):
            if r * cols + c in empties:
                continue
            bx, by = X0 + c * block, Y0 + r * block
            n = int(rng.integers(per_block[0], per_block[1] + 1))
            compound = f"C{comp_id:03d}" if rng.random() < compound_share else None
            comp_id += compound is not None
            side = int(np.ceil(np.sqrt(n)))
            cell = (block - 30) / side
            for k in range(n):
                i, j = divmod(k, side)
                cx = bx + 15 + (j + 0.5) * cell
                cy = by + 15 + (i + 0.5) * cell
                w = cell * rng.uniform(0.35, 0.6)
                h = cell * rng.uniform(0.3, 0.5)
                geom = shapely.box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                if water_union is not None and shapely.intersects(geom, shapely.buffer(water_union, 2)):
                    continue
                b_geoms.append(geom)
                b_hh.append(int(rng.integers(households[0], households[1] + 1)))
                b_comp.append(compound)
                b_elder.append(int(rng.integers(0, 4)))
    buildings = gpd.GeoDataFrame({"households": b_hh, "compound_id": b_comp, "elderly_alone": b_elder},
                                 geometry=b_geoms, crs=CRS)
    roads_gdf = gpd.GeoDataFrame({"highway": classes}, geometry=roads, crs=CRS)
    communities = gpd.GeoDataFrame({"code": codes, "name": [f"社区{i}" for i in range(len(codes))]},
                                   geometry=comm_geoms, crs=CRS)
    water_gdf = gpd.GeoDataFrame({"kind": ["river"] * len(water)}, geometry=water, crs=CRS) if water else None
    return buildings, roads_gdf, communities, water_gdf
