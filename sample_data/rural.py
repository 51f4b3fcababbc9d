"""A synthetic rural township (乡镇) for rural grids and 一村一片、两村一片 zones.

``rural_township.gpkg``, all in EPSG:4549 (CGCS2000 / 3-degree Gauss-Krüger CM 120E), west of
the demo street; entirely synthetic:

- ``admin_villages`` (行政村): the township's administrative villages, the *communities* of a
  rural plan (``code`` 12 digits = 330106 + 101 + village, ``name``);
- ``natural_villages`` (自然村): polygons tiling every administrative village
  (``village_id``, ``name``, ``admin_code``, ``households``, ``population``, ``key_village``),
  a few of them above 300 households (big villages), many small;
- ``roads``: a county road (``primary``) north–south through the township, township roads
  (``secondary``) between village centres, village roads (``unclassified``);
- ``waterway``: a river (``river``) west–east across the township, ``water`` its 30 m bed;
- ``buildings``: the houses of the villages above 300 households (``bldg_id``, ``village_id``,
  ``households``, summing to the village's, ``population``), for splitting them along their buildings
  (``--area-units … --buildings …``).

The river and the county road cut the township into four parts; natural villages never
cross them (villages on both banks are two villages), so both are hard barriers between
villages.

Usage, from the repository root::

    .venv/bin/python sample_data/rural.py --overwrite
    gridplanner plan --area-units "sample_data/rural_township.gpkg|layername=natural_villages" \\
        --communities "sample_data/rural_township.gpkg|layername=admin_villages" \\
        --roads "sample_data/rural_township.gpkg|layername=roads" \\
        --water "sample_data/rural_township.gpkg|layername=water" \\
        --building-id-field village_id --preset rural -o rural_plan.gpkg

Same seed, same layers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.ops import nearest_points

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "rural_township.gpkg"
CRS = "EPSG:4549"
ORIGIN = (488000.0, 3348000.0)
WIDTH, HEIGHT = 7000.0, 5000.0
COUNTY, TOWNSHIP = "330106", "101"
ADMIN_NAMES = ["青山村", "石桥村", "下渚村", "塘坞村", "枫林村", "上舍村", "梅岭村", "龙口村", "新塘村", "西坞村",
               "后溪村", "前畈村"]
GROUP_NAMES = ["上村", "下村", "东坞", "西坞", "前山", "后山", "塘边", "桥头", "岭脚", "田畈", "庙前", "溪口",
               "大屋", "新屋", "竹园", "茶坞"]


def _river(rng: np.random.Generator) -> shapely.LineString:
    x0, y0 = ORIGIN
    xs = np.linspace(x0 - 200, x0 + WIDTH + 200, 40)
    ys = y0 + HEIGHT * 0.45 + 350 * np.sin(np.linspace(0, 2.6 * np.pi, 40) + rng.uniform(0, 1)) \
        + np.cumsum(rng.normal(0, 15, 40))
    return shapely.LineString(np.column_stack([xs, ys]))


def _county_road(rng: np.random.Generator) -> shapely.LineString:
    x0, y0 = ORIGIN
    ys = np.linspace(y0 - 200, y0 + HEIGHT + 200, 12)
    xs = x0 + WIDTH * 0.52 + np.cumsum(rng.normal(0, 40, 12))
    return shapely.LineString(np.column_stack([xs, ys]))


def _points_in(poly: shapely.Geometry, count: int, rng: np.random.Generator) -> list[shapely.Point]:
    xmin, ymin, xmax, ymax = poly.bounds
    out: list[shapely.Point] = []
    while len(out) < count:
        p = shapely.Point(rng.uniform(xmin, xmax), rng.uniform(ymin, ymax))
        if poly.contains(p):
            out.append(p)
    return out


def _voronoi(poly: shapely.Geometry, points: list[shapely.Point]) -> list[shapely.Geometry]:
    """Cells of ``points`` clipped to ``poly``, in the order of the points."""
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=poly.envelope))
    ordered = []
    for p in points:
        cell = next(c for c in cells if c.contains(p))
        ordered.append(shapely.intersection(cell, poly))
    return ordered


def _polygons(geom: shapely.Geometry) -> list[shapely.Geometry]:
    return [g for g in shapely.get_parts(geom) if shapely.get_type_id(g) == 3 and g.area > 1.0]


def generate_township(seed: int = 2026, n_admin: int = 10) -> dict[str, gpd.GeoDataFrame]:
    """The township's layers (see the module's docstring); deterministic in ``seed``."""
    rng = np.random.default_rng([seed, 101])
    x0, y0 = ORIGIN
    township = shapely.box(x0, y0, x0 + WIDTH, y0 + HEIGHT)
    river = _river(rng)
    county = _county_road(rng)
    cutter = shapely.union_all([river, county])
    quarters = _quarters(township, cutter)
    # Administrative villages: Voronoi cells of points, then cut by the river and county road
    # (a piece across them belongs to the village of the largest piece's neighbour on its side).
    admin_points = _points_in(township.buffer(-300), n_admin, rng)
    admin_cells = _voronoi(township, admin_points)
    admin_parts: list[tuple[int, shapely.Geometry]] = []
    for i, cell in enumerate(admin_cells):
        for q in quarters:
            for piece in _polygons(shapely.intersection(cell, q)):
                admin_parts.append((i, piece))
    # A small piece across the river or road joins the neighbouring village on its own side.
    merged: dict[int, list[shapely.Geometry]] = {i: [] for i in range(n_admin)}
    for i, piece in admin_parts:
        if piece.area < 0.25 * admin_cells[i].area and not piece.contains(admin_points[i]):
            side = next(q for q in quarters if q.buffer(1).contains(piece))
            others = [(j, p) for j, p in admin_parts if j != i and p.area >= 0.25 * admin_cells[j].area
                      and side.buffer(1).contains(p) and p.buffer(1).intersects(piece)]
            if others:
                j = max(others, key=lambda jp: shapely.length(shapely.intersection(jp[1].buffer(1), piece.boundary)))[0]
                merged[j].append(piece)
                continue
        merged[i].append(piece)
    admin_geoms = [shapely.union_all(merged[i]) for i in range(n_admin)]
    order = sorted(range(n_admin), key=lambda i: (-round(admin_geoms[i].centroid.y, -3), admin_geoms[i].centroid.x))
    admin_rows, village_rows, village_geoms = [], [], []
    for k, i in enumerate(order, 1):
        code = f"{COUNTY}{TOWNSHIP}{k:03d}"
        admin_rows.append({"code": code, "name": ADMIN_NAMES[(k - 1) % len(ADMIN_NAMES)],
                           "township": "桃源镇", "geometry": admin_geoms[i]})
        vr = np.random.default_rng([seed, 202, k])
        # natural villages never cross the river or the county road
        pieces = [p for q in quarters for p in _polygons(shapely.intersection(admin_geoms[i], q))]
        cells: list[shapely.Geometry] = []
        for piece in pieces:
            count = max(1, int(round(piece.area / 320_000.0 * vr.uniform(0.8, 1.4))))
            cells.extend(_voronoi(piece, _points_in(piece, count, vr)) if count > 1 else [piece])
        cells = [p for c in cells for p in _polygons(c)]
        cells.sort(key=lambda c: (-round(c.centroid.y, -2), c.centroid.x))
        for n, cell in enumerate(cells, 1):
            big = vr.random() < 0.12
            households = int(vr.integers(320, 560)) if big else int(min(290, max(12, vr.lognormal(np.log(95), 0.55))))
            village_rows.append({"village_id": f"{code}{n:02d}", "name": ADMIN_NAMES[(k - 1) % len(ADMIN_NAMES)][:2]
                                 + GROUP_NAMES[(n - 1) % len(GROUP_NAMES)] + ("" if n <= len(GROUP_NAMES) else str(n)),
                                 "admin_code": code, "households": households,
                                 "population": int(round(households * vr.uniform(2.6, 3.4))),
                                 "key_village": int(big)})
            village_geoms.append(cell)
    houses = _houses(village_rows, village_geoms, seed)
    admin = gpd.GeoDataFrame(admin_rows, geometry="geometry", crs=CRS)
    villages = gpd.GeoDataFrame(village_rows, geometry=village_geoms, crs=CRS)
    # Roads: the county road, township roads between neighbouring administrative village
    # centres (a minimum spanning tree), a village road from each natural village's centre to
    # the nearest township road.
    centres = [shapely.point_on_surface(g) for g in admin.geometry]
    from scipy.sparse.csgraph import minimum_spanning_tree

    xy = np.array([[c.x, c.y] for c in centres])
    dist = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    tree = minimum_spanning_tree(dist).tocoo()
    roads = [{"highway": "primary", "name": "桃源公路", "geometry": shapely.intersection(county, township)}]
    for a, b in sorted(zip(tree.row.tolist(), tree.col.tolist())):
        roads.append({"highway": "secondary", "name": f"{admin_rows[a]['name'][:2]}{admin_rows[b]['name'][:2]}线",
                      "geometry": shapely.LineString([centres[a], centres[b]])})
    township_roads = shapely.union_all([r["geometry"] for r in roads])
    for geom in village_geoms:
        start = shapely.point_on_surface(geom)
        end = nearest_points(township_roads, start)[0]
        if start.distance(end) > 30:
            roads.append({"highway": "unclassified", "name": None, "geometry": shapely.LineString([start, end])})
    roads_frame = gpd.GeoDataFrame(roads, geometry="geometry", crs=CRS)
    river_in = shapely.intersection(river, township)
    waterway = gpd.GeoDataFrame({"waterway": ["river"], "name": ["桃溪"]}, geometry=[river_in], crs=CRS)
    water = gpd.GeoDataFrame({"kind": ["river"], "name": ["桃溪"]}, geometry=[shapely.buffer(river_in, 15.0)],
                             crs=CRS)
    return {"admin_villages": admin, "natural_villages": villages, "roads": roads_frame, "waterway": waterway,
            "water": water, "buildings": houses}


def _houses(village_rows: list[dict], village_geoms: list, seed: int) -> gpd.GeoDataFrame:
    """Houses (14 × 11 m footprints, 1–6 households) of the villages above 300 households,
    their households summing to the village's, in a few clusters (hamlets) per village."""
    rows, geoms = [], []
    for row, geom in zip(village_rows, village_geoms):
        if row["households"] <= 300:
            continue
        rng = np.random.default_rng([seed, 303, int(row["village_id"][-5:])])
        inner = geom.buffer(-25.0)
        if inner.is_empty:
            continue
        centres = _points_in(inner, 3, rng)
        left = row["households"]
        n = 0
        while left > 0:
            centre = centres[n % len(centres)]
            households = int(min(left, rng.integers(1, 7)))
            box = None
            for attempt in range(400):
                spread = 90 if attempt < 200 else 250
                p = shapely.Point(centre.x + rng.normal(0, spread), centre.y + rng.normal(0, spread))
                candidate = shapely.box(p.x - 7, p.y - 5.5, p.x + 7, p.y + 5.5)
                if inner.contains(candidate) and not any(candidate.distance(g) < 4 for g in geoms[-150:]):
                    box = candidate
                    break
            if box is None:         # no room left: the household lives in the last house
                rows[-1]["households"] += households
                left -= households
                continue
            n += 1
            rows.append({"bldg_id": f"{row['village_id']}-{n:03d}", "village_id": row["village_id"],
                         "households": households, "population": 3 * households})
            geoms.append(box)
            left -= households
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=CRS)


def _quarters(township: shapely.Geometry, cutter: shapely.Geometry) -> list[shapely.Geometry]:
    """The township cut by the river and the county road."""
    lines = shapely.node(shapely.union_all([shapely.boundary(township), shapely.intersection(cutter, township)]))
    faces = [f for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(lines))) if f.area > 1.0]
    return sorted(faces, key=lambda q: (-round(q.centroid.y, -2), q.centroid.x))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", default=str(OUTPUT))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--villages", type=int, default=10, help="administrative villages (default 10)")
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    layers = generate_township(args.seed, args.villages)
    # the project's atomic GeoPackage writer: refuses an existing file unless --overwrite
    from gridplanner.algorithms.errors import GridPlannerError
    from gridplanner.algorithms.io import write_geopackage

    try:
        write_geopackage(args.output, layers, overwrite=args.overwrite)
    except GridPlannerError as exc:
        print(f"{Path(sys.argv[0]).name}: {exc}", file=sys.stderr)
        return 2
    v = layers["natural_villages"]
    print(f"{len(layers['admin_villages'])} administrative villages, {len(v)} natural villages, "
          f"{int(v['households'].sum())} households ({int((v['households'] > 300).sum())} villages above 300)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
