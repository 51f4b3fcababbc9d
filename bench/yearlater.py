""""One year later" versions of a street, for the yearly review (``gridplanner replan``).

:func:`year_later` takes a street's buildings and last year's plan of it and returns this
year's buildings, changed the way a street changes in a year:

* **household drift**: every building's households multiplied by ``1 + U(-drift, drift)``
  (±5 % by default), rounded;
* **demolished old lanes**: clusters of small houses (at most :data:`LANE_HOUSEHOLDS`
  households, in no compound) around a few seeds, the nearest :data:`LANE_CLUSTER` each;
* **new compounds on empty land**: a compound of :data:`NEW_COMPOUND_BUILDINGS` slab
  buildings put where no building nor road is within :data:`EMPTY_LAND_M` metres, inside a
  community;
* **grids pushed out of the band**: a few grids of last year near the maximum get
  :data:`PUSH_OVER` more households than the maximum (a new tower's worth of flats).

Seeded: the same arguments always give the same buildings. Ids of new buildings start with
``new-`` so they match nothing of last year.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

LANE_HOUSEHOLDS = 4
LANE_CLUSTER = 12
NEW_COMPOUND_BUILDINGS = 4
EMPTY_LAND_M = 45.0
PUSH_OVER = (0.06, 0.15)


@dataclass(frozen=True)
class YearLater:
    """What :func:`year_later` changed: the new buildings layer and counts."""

    buildings: gpd.GeoDataFrame
    demolished: int
    new_buildings: int
    pushed_grids: list[str]


def year_later(buildings: gpd.GeoDataFrame, grids: gpd.GeoDataFrame | None = None,
               communities: gpd.GeoDataFrame | None = None, roads: gpd.GeoDataFrame | None = None, *,
               seed: int = 1, drift: float = 0.05, lanes: int = 2, new_compounds: int = 2, push: int = 2,
               households_field: str = "households", id_field: str | None = "bldg_id",
               compound_field: str | None = "compound_id", max_households: int = 500,
               plan_buildings: gpd.GeoDataFrame | None = None) -> YearLater:
    """This year's buildings of a street (see the module's documentation).

    ``grids`` (and ``plan_buildings``, last year's plan's buildings with ``grid_code``) let
    the generator push grids out of the band; ``communities`` and ``roads`` decide where
    empty land is. Every layer is in one metric CRS.
    """
    rng = np.random.default_rng(seed)
    out = buildings.copy().reset_index(drop=True)
    hh = pd.to_numeric(out[households_field], errors="coerce").fillna(0).to_numpy(dtype=float)
    factor = 1.0 + rng.uniform(-drift, drift, len(out))
    hh = np.where(hh > 0, np.maximum(1, np.round(hh * factor)), hh)

    # Demolished old lanes.
    geoms = out.geometry.to_numpy()
    centres = shapely.centroid(geoms)
    no_compound = out[compound_field].isna().to_numpy() if compound_field and compound_field in out else \
        np.ones(len(out), dtype=bool)
    small = np.flatnonzero((hh > 0) & (hh <= LANE_HOUSEHOLDS) & no_compound)
    drop: set[int] = set()
    if len(small):
        for seed_row in rng.choice(small, size=min(lanes, len(small)), replace=False):
            d = shapely.distance(centres[small], centres[seed_row])
            drop.update(int(i) for i in small[np.argsort(d)[:LANE_CLUSTER]])

    # Grids pushed out of the band.
    pushed: list[str] = []
    if grids is not None and plan_buildings is not None and push > 0 and id_field:
        fine = grids[(grids["status"] == "ok") & (grids["households"] >= 0.85 * max_households)]
        fine = fine.sort_values("grid_code")
        chosen = list(rng.choice(fine["grid_code"].to_numpy(), size=min(push, len(fine)), replace=False)) \
            if len(fine) else []
        code_of = dict(zip(plan_buildings[id_field].astype(str), plan_buildings["grid_code"]))
        ids = out[id_field].astype(str).to_numpy()
        for code in chosen:
            rows = np.array([i for i, b in enumerate(ids) if code_of.get(b) == code and i not in drop and hh[i] > 0])
            if not len(rows):
                continue
            goal = max_households * (1 + rng.uniform(*PUSH_OVER))
            scale = goal / max(hh[rows].sum(), 1.0)
            hh[rows] = np.maximum(1, np.round(hh[rows] * scale))
            pushed.append(str(code))

    out[households_field] = hh.astype(np.int64)
    kept = out.drop(index=sorted(drop)).reset_index(drop=True)

    # New compounds on empty land.
    added = _new_compounds(kept, communities, roads, rng, new_compounds, households_field, id_field, compound_field)
    if len(added):
        kept = pd.concat([kept, added], ignore_index=True)
    result = gpd.GeoDataFrame(kept, geometry=kept.geometry.name, crs=buildings.crs)
    return YearLater(buildings=result, demolished=len(drop), new_buildings=len(added), pushed_grids=pushed)


def _new_compounds(buildings: gpd.GeoDataFrame, communities: gpd.GeoDataFrame | None,
                   roads: gpd.GeoDataFrame | None, rng: np.random.Generator, count: int, households_field: str,
                   id_field: str | None, compound_field: str | None) -> gpd.GeoDataFrame:
    """``count`` compounds of slab buildings where no building nor road is near."""
    if count <= 0:
        return buildings.iloc[0:0]
    land = shapely.union_all(communities.geometry.to_numpy()) if communities is not None and len(communities) \
        else shapely.envelope(shapely.union_all(buildings.geometry.to_numpy()))
    minx, miny, maxx, maxy = land.bounds
    xs, ys = np.meshgrid(np.arange(minx, maxx, 20.0), np.arange(miny, maxy, 20.0))
    points = shapely.points(xs.ravel(), ys.ravel())
    inside = shapely.contains(shapely.buffer(land, -EMPTY_LAND_M), points)
    points = points[inside]
    obstacles = list(buildings.geometry.to_numpy())
    if roads is not None and len(roads):
        obstacles += list(roads.geometry.to_numpy())
    tree = shapely.STRtree(np.array([g for g in obstacles if g is not None], dtype=object))
    near = tree.query(points, predicate="dwithin", distance=EMPTY_LAND_M)
    busy = np.zeros(len(points), dtype=bool)
    busy[near[0]] = True
    free = points[~busy]
    rows = []
    used: list = []
    order = rng.permutation(len(free))
    for k in order:
        if len(used) >= count:
            break
        p = free[k]
        if any(shapely.distance(p, q) < 4 * EMPTY_LAND_M for q in used):
            continue
        used.append(p)
        n = len(used)
        for j in range(NEW_COMPOUND_BUILDINGS):
            dx = (j % 2) * 22.0 - 11.0
            dy = (j // 2) * 26.0 - 13.0
            x, y = p.x + dx, p.y + dy
            row = {buildings.geometry.name: shapely.box(x - 8, y - 5, x + 8, y + 5),
                   households_field: int(rng.integers(50, 80)), "use": "residential", "floors": 11}
            if id_field:
                row[id_field] = f"new-{n}-{j + 1}"
            if compound_field:
                row[compound_field] = f"NEW{n}"
            rows.append(row)
    if not rows:
        return buildings.iloc[0:0]
    frame = pd.DataFrame(rows)
    for column in buildings.columns:
        if column not in frame.columns:
            frame[column] = None
    return gpd.GeoDataFrame(frame[list(buildings.columns)], geometry=buildings.geometry.name, crs=buildings.crs)
