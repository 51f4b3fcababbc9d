#!/usr/bin/env python3
"""Deterministic generator of a synthetic Chinese street (街道) for Grid Planner.

The demo GeoPackage ``sample_data/demo_street.gpkg`` is made by this file::

    python sample_data/generate.py --overwrite            # default seed 2026

and the benchmarks reuse :func:`generate_street` for bigger synthetic instances
(more communities and/or a larger ``scale``). Everything is synthetic: names are
plausible Hangzhou-style names, the codes are invented.

Layout (all in EPSG:4549, CGCS2000 / 3-degree Gauss-Kruger CM 120E, metres):

* arterial roads (trunk/primary) form a slightly skewed, bent frame of "cells";
  one cell per community (a few cells are merged in pairs when the number of
  communities does not fill a rectangle);
* a river crosses the street west to east between two rows of cells; its centre
  line is a community boundary; a curved tertiary road follows each bank;
* secondary roads cross each row band, tertiary roads cut each cell, one
  diagonal road per ~12 cells, residential roads split some large blocks and old
  lanes (老街/城中村) get narrow alleys; dead-end service roads lead into
  compounds;
* a small community (< 300 households) lies at the west end of the north bank;
* buildings: gated compounds (小区, ≤ 480 households each except one large
  compound), stand-alone buildings, old lanes of small 1–3 floor houses, one
  school, hospital and market per few communities (dedicated sites), one tower
  with more than 500 households, a park block and a pond block with no
  buildings, and (``defects=True``) a few invalid and duplicated buildings.

The same arguments always give identical layers (coordinates and attributes):
randomness comes only from :func:`numpy.random.default_rng` seeded with
``[seed, stage, index]``.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops
from shapely import STRtree

__all__ = ["generate_street", "write_gpkg", "summarize", "plot_overview", "CRS", "LAYERS", "main"]

CRS = "EPSG:4549"
LAYERS = ("communities", "roads", "waterway", "water", "parks", "buildings")
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "demo_street.gpkg"

# Road classes: OSM highway value -> lanes, red-line width (m) and the extra set-back (m)
# kept free of buildings beyond half the width.
ROAD_CLASSES: dict[str, tuple[int, float, float]] = {
    "trunk": (8, 44.0, 10.0),
    "primary": (6, 36.0, 8.0),
    "secondary": (4, 26.0, 6.0),
    "tertiary": (2, 16.0, 4.0),
    "residential": (2, 10.0, 2.5),
    "service": (1, 6.0, 1.5),
}
ALLEY = (1, 5.0, 1.0)  # residential alleys (巷) of the old lanes

EPS = 1.0  # overshoot used to node roads (removed again)
DANGLE = 6.0  # degree-1 pieces shorter than this are overshoots
RIVER_OFFSET = 45.0  # river centre line -> bank road centre line
RIVER_SETBACK = 8.0
COMPOUND_CAP = 480  # households of an ordinary compound
BIG_COMPOUND_TARGET = 1100
TOWER = dict(floors=31, units=4, hpu=5, length=56.0, depth=24.0)  # 620 households

# --------------------------------------------------------------------------- names
_CN_NUM = "一二三四五六七八九十"

_COMMUNITY_STEMS = [
    "西溪", "益乐", "古荡湾", "德加", "文鼎", "府苑", "竞舟", "嘉绿", "丰潭", "骆家庄",
    "莲花", "星洲", "华星", "学院", "紫荆", "金都", "香樟", "桂花", "翠苑", "文华",
    "求是", "申花", "枫林", "蓝庭", "梅苑", "兰亭", "松园", "竹苑", "杏花", "桃源",
    "清水", "景苑", "溪畔", "西城", "南都", "北辰", "宏都", "嘉和", "瑞景", "云溪",
]
_SMALL_COMMUNITY = "河埠"
_COMPOUND_STEMS = [
    "翠苑", "文鼎", "嘉绿", "金都", "莲花", "益乐", "古荡", "丰潭", "竹竿", "文华",
    "学院", "求是", "申花", "星洲", "紫桂", "香樟", "枫林", "桂花", "府苑", "和家",
    "锦绣", "润达", "世纪", "天阳", "耀江", "城西", "汇丰", "绿园", "蓝庭", "荷花",
    "梅苑", "兰亭", "松园", "竹苑", "杏花", "桃源", "清水", "景苑", "雅仕", "溪畔",
    "西城", "东方", "南都", "北辰", "华星", "宏都", "嘉和", "瑞景", "恒基", "新湖",
    "金色", "阳光", "春晖", "晨光", "嘉苑", "云溪", "湖畔", "德加", "文锦", "万家",
]
_COMPOUND_SUFFIXES = ["花园", "新村", "家园", "公寓", "苑", "小区", "雅苑", "府"]
_COMPOUND_PREFIXES = ["", "北", "南", "东", "西", "新"]
_ROADS = {
    "ew_art": ["文一西路", "余杭塘路", "文二西路", "天目山路", "五常港路", "花蒋路", "申花路", "三墩路"],
    "ns_art": ["古墩路", "丰潭路", "紫金港路", "莫干山路", "学院路", "竞舟路", "花坞路", "西园路"],
    "ew_sec": ["文三西路", "益乐路", "嘉绿路", "府苑路", "星洲路", "华星路", "翠柏路", "黄姑山路",
               "振华路", "留和路"],
    "ns_ter": ["莲花街", "骆家庄街", "紫荆街", "香樟街", "丰收街", "桂花街", "文鼎街", "翠苑街",
               "金都街", "西城街", "兰亭街", "松木街"],
    "diag": ["斜塘路", "斜桥路", "横塘路"],
    "res": ["学苑路", "青莲路", "竹海路", "紫桂路", "荷花路", "晨光路", "春晖路", "杨柳路",
            "枫华路", "南苑路"],
    "alley": ["益民巷", "古荡巷", "河埠巷", "竹林巷", "杨柳巷", "枣园巷", "井亭巷", "石桥巷",
              "茶园巷", "梅花巷", "桑园巷", "水磨巷"],
}
_RIVER_NAME = "西溪河"
_POND_NAMES = ["荷花塘", "月牙池", "鱼鳞塘", "放生池"]
_PARK_NAMES = ["文新公园", "竞舟公园", "香樟园", "枫林公园", "翠苑公园", "学院公园"]
_RIVERSIDE_GREEN = "河埠滨河绿地"


def _numbered(pool: list[str], i: int) -> str:
    """pool[i], or a numbered variant ("古墩二路") once the pool is used up."""
    base = pool[i % len(pool)]
    k = i // len(pool)
    if k == 0:
        return base
    num = _CN_NUM[k % 10] if k < 10 else str(k + 1)
    return base[:-1] + num + base[-1]


class _Names:
    """Deterministic unique name sequences."""

    def __init__(self, seed: int) -> None:
        rng = np.random.default_rng([seed, 90])
        self._compound_order = rng.permutation(len(_COMPOUND_STEMS))
        self._ncomp = 0
        self._road_used: dict[str, int] = {}

    def road(self, kind: str) -> str:
        i = self._road_used.get(kind, 0)
        self._road_used[kind] = i + 1
        return _numbered(_ROADS[kind], i)

    def compound_stem(self) -> str:
        i = self._ncomp
        self._ncomp += 1
        n = len(_COMPOUND_STEMS)
        stem = _COMPOUND_STEMS[self._compound_order[i % n]]
        k = i // n
        if k:
            pre = _COMPOUND_PREFIXES[k % len(_COMPOUND_PREFIXES)]
            stem = pre + stem if pre else stem + _CN_NUM[(k // len(_COMPOUND_PREFIXES)) % 10] + "期"
            if k >= len(_COMPOUND_PREFIXES):
                stem += str(k)
        return stem


def _community_name(i: int) -> str:
    n = len(_COMMUNITY_STEMS)
    stem = _COMMUNITY_STEMS[i % n]
    k = i // n
    if k:
        stem += ["北", "南", "东", "西", "新", "中"][(k - 1) % 6] + ("" if k <= 6 else str(k))
    return stem + "社区"


# --------------------------------------------------------------------------- geometry helpers
def _rot(theta: float) -> np.ndarray:
    c, s = math.cos(theta), math.sin(theta)
    return np.array([[c, -s], [s, c]])


def _to_local(geom, centre: np.ndarray, theta: float):
    r = _rot(theta)
    return shapely.transform(geom, lambda xy: (xy - centre) @ r)


def _local_to_world(xy: np.ndarray, centre: np.ndarray, theta: float) -> np.ndarray:
    return xy @ _rot(theta).T + centre


def _extend(coords: np.ndarray, dist: float) -> np.ndarray:
    """Extend an open polyline by ``dist`` along its end segments."""
    c = np.asarray(coords, dtype=float).copy()
    d0 = c[0] - c[1]
    d1 = c[-1] - c[-2]
    c[0] = c[0] + d0 / np.hypot(*d0) * dist
    c[-1] = c[-1] + d1 / np.hypot(*d1) * dist
    return c


def _longest_line(geom):
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "LineString" and not p.is_empty]
    if not parts:
        return None
    return max(parts, key=lambda p: p.length)


def _clip(coords, poly) -> shapely.LineString | None:
    return _longest_line(shapely.intersection(shapely.LineString(coords), poly))


def _orientation(poly) -> float:
    """Angle (radians, in [-pi/4, pi/4)) of the dominant edge direction of ``poly``."""
    env = shapely.oriented_envelope(poly)
    xy = shapely.get_coordinates(env)
    if len(xy) < 3:
        return 0.0
    d = xy[1] - xy[0]
    a = math.atan2(d[1], d[0])
    return (a + math.pi / 4) % (math.pi / 2) - math.pi / 4


def _node(lines: list, attrs: list[tuple]) -> tuple[np.ndarray, list[tuple]]:
    """Node road lines; drop overshoot dangles; map pieces back to their road's attributes."""
    src = np.array(lines, dtype=object)
    pieces = shapely.get_parts(shapely.union_all(src))
    pieces = pieces[shapely.get_type_id(pieces) == 1]
    while True:
        a = shapely.get_coordinates(shapely.get_point(pieces, 0))
        b = shapely.get_coordinates(shapely.get_point(pieces, -1))
        keys = np.round(np.vstack([a, b]), 6)
        _, inv = np.unique(keys, axis=0, return_inverse=True)
        inv = inv.ravel()
        deg = np.bincount(inv)
        n = len(pieces)
        dangling = (deg[inv[:n]] == 1) | (deg[inv[n:]] == 1)
        drop = dangling & (shapely.length(pieces) < DANGLE)
        if not drop.any():
            break
        pieces = pieces[~drop]
    mids = shapely.line_interpolate_point(pieces, 0.5, normalized=True)
    tree = STRtree(src)
    _, nearest = tree.query_nearest(mids, all_matches=False)
    return pieces, [attrs[k] for k in nearest]


def _node_points(pieces) -> np.ndarray:
    """Unique end points (junctions and dead ends) of noded road pieces."""
    ends = np.vstack([shapely.get_coordinates(shapely.get_point(pieces, 0)),
                      shapely.get_coordinates(shapely.get_point(pieces, -1))])
    return shapely.points(np.unique(np.round(ends, 6), axis=0))


def _clearance(pts, nodes_tree: STRtree, nodes, extra: list | None = None) -> float:
    """Smallest distance from any of ``pts`` to an existing junction (or to ``extra`` points)."""
    pts = np.atleast_1d(pts)
    if len(pts) == 0:
        return np.inf
    k = nodes_tree.query_nearest(pts, all_matches=False)[1]
    d = float(shapely.distance(pts, nodes[k]).min())
    if extra:
        xy = shapely.get_coordinates(pts)
        e = np.array(extra)
        d = min(d, float(np.hypot(xy[:, None, 0] - e[None, :, 0], xy[:, None, 1] - e[None, :, 1]).min()))
    return d


def _faces(lines) -> np.ndarray:
    return shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(np.array(lines, dtype=object)))))


def _face_at(faces: np.ndarray, pt: np.ndarray) -> int:
    p = shapely.Point(pt)
    hits = np.nonzero(shapely.contains(faces, p))[0]
    if len(hits) == 0:
        hits = [int(np.argmin(shapely.distance(faces, p)))]
    return int(hits[0])


# --------------------------------------------------------------------------- layout
def _choose_grid(m: int, w: float, h: float) -> tuple[int, int]:
    best = None
    for r in range(2, max(2, m) + 1):
        c = max(1, math.ceil(m / r))
        waste = r * c - m
        score = waste + 2.0 * abs(math.log((c * w) / (r * h) / 1.2))
        if best is None or score < best[0] - 1e-12:
            best = (score, r, c)
    return best[1], best[2]


class _Street:
    """Everything built for one street, in local coordinates (origin at 0, 0)."""


def _build_frame(seed: int, n_comm: int, scale: float) -> _Street:
    rng = np.random.default_rng([seed, 1])
    st = _Street()
    m = n_comm - 1  # ordinary communities; one more small one on the river
    w = 860.0 * math.sqrt(scale)
    h = 730.0 * math.sqrt(scale)
    r, c = _choose_grid(m, w, h)
    ir = r // 2  # row line replaced by the river
    skew, tilt = 0.06, -0.035
    amp1, lam1, ph1 = 28.0, 1450.0, rng.uniform(0, 2 * math.pi)
    amp2, lam2, ph2 = 10.0, 610.0, rng.uniform(0, 2 * math.pi)

    def river_y(x):
        return ir * h + tilt * x + amp1 * np.sin(2 * np.pi * x / lam1 + ph1) + amp2 * np.sin(2 * np.pi * x / lam2 + ph2)

    P = np.zeros((r + 1, c + 1, 2))
    for i in range(r + 1):
        for j in range(c + 1):
            jx, jy = rng.uniform(-30, 30, 2)
            x = j * w + skew * i * h + jx
            y = river_y(x) if i == ir else i * h + tilt * x + jy
            P[i, j] = (x, y)
    st.P, st.r, st.c, st.ir, st.w, st.h = P, r, c, ir, w, h

    # river centre line and band
    xs = np.arange(P[:, 0, 0].min() - 160.0, P[:, c, 0].max() + 160.0, 8.0)
    ys = river_y(xs)
    centre = np.column_stack([xs, ys])
    t = np.gradient(centre, axis=0)
    t /= np.hypot(t[:, 0], t[:, 1])[:, None]
    nrm = np.column_stack([-t[:, 1], t[:, 0]])
    half = 21.0 + 4.0 * np.sin(2 * np.pi * xs / 900.0 + ph2) + 2.0 * np.sin(2 * np.pi * xs / 260.0)
    st.river_line = shapely.LineString(centre)
    st.river_poly = shapely.Polygon(np.vstack([centre + nrm * half[:, None], (centre - nrm * half[:, None])[::-1]]))

    # arterials: through the junctions, with a small bend between two junctions
    bend_h = rng.uniform(-14, 14, (r + 1, c))
    bend_v = rng.uniform(-14, 14, (r, c + 1))

    def bent(pts, bends):
        out = [pts[0]]
        for k in range(len(pts) - 1):
            a, b = pts[k], pts[k + 1]
            d = (b - a) / np.hypot(*(b - a))
            out += [(a + b) / 2 + np.array([-d[1], d[0]]) * bends[k], b]
        return _extend(np.array(out), 80.0)

    def hline(i):
        return bent(P[i], bend_h[i])

    def vline(j):
        return bent(P[:, j], bend_v[:, j])

    frame = [hline(0), hline(r), vline(0), vline(c)]
    faces = _faces([shapely.LineString(f) for f in frame])
    st.frame = faces[_face_at(faces, P[:, :, :].reshape(-1, 2).mean(axis=0))]
    clip_poly = st.frame.buffer(EPS)
    st.clip_poly = clip_poly

    names = _Names(seed)
    st.names = names
    roads: list = []
    attrs: list[tuple] = []

    def add(geom, highway, name, cls=None):
        if geom is None or geom.length < 1.0:
            return None
        lanes, width, setback = cls or ROAD_CLASSES[highway]
        roads.append(geom)
        attrs.append((highway, name, lanes, width, setback))
        return geom

    st.hlines, st.vlines = {}, {}
    for i in range(r + 1):
        if i == ir:
            continue
        hw = "trunk" if i == r else "primary"
        st.hlines[i] = add(_clip(hline(i), clip_poly), hw, names.road("ew_art"))
    for j in range(c + 1):
        st.vlines[j] = add(_clip(vline(j), clip_poly), "primary", names.road("ns_art"))
    north = _longest_line(shapely.intersection(shapely.offset_curve(st.river_line, RIVER_OFFSET), clip_poly))
    south = _longest_line(shapely.intersection(shapely.offset_curve(st.river_line, -RIVER_OFFSET), clip_poly))
    st.bank_n = add(north, "tertiary", "北滨河路")
    st.bank_s = add(south, "tertiary", "南滨河路")

    # bands (between row lines) and cells (between arterials), bank roads as edges
    horiz = [g for g in st.hlines.values()] + [st.bank_n, st.bank_s]
    vert = [st.vlines[0], st.vlines[c]]
    band_faces = _faces(horiz + vert)
    cell_faces = _faces(horiz + list(st.vlines.values()))

    def bil(i, j, u, v):
        p00, p10, p01, p11 = P[i, j], P[i, j + 1], P[i + 1, j], P[i + 1, j + 1]
        return (1 - u) * (1 - v) * p00 + u * (1 - v) * p10 + u * v * p11 + (1 - u) * v * p01

    st.bil = bil
    vb_n = RIVER_OFFSET / h  # fraction of the band taken by the river strip
    st.cells = {}
    for i in range(r):
        lo = vb_n if i == ir else 0.0
        hi = 1.0 - vb_n if i == ir - 1 else 1.0
        st.cells.update({(i, j): cell_faces[_face_at(cell_faces, bil(i, j, 0.5, (lo + hi) / 2))] for j in range(c)})
        band = band_faces[_face_at(band_faces, bil(i, 0, 0.5, (lo + hi) / 2))].buffer(EPS)
        # secondary roads across the whole band
        n_sec = max(0, round(h * (hi - lo) / 235.0) - 1)
        secs = []
        for k in range(n_sec):
            v = lo + (k + 1) / (n_sec + 1) * (hi - lo) + rng.uniform(-0.035, 0.035)
            pts = [P[i, j] + v * (P[i + 1, j] - P[i, j]) + (0, rng.uniform(-9, 9) if 0 < j < c else 0)
                   for j in range(c + 1)]
            g = add(_clip(_extend(np.array(pts), 120.0), band), "secondary", names.road("ew_sec"))
            if g is not None:
                secs.append(g)
        # tertiary roads inside each cell
        for j in range(c):
            cell = st.cells[(i, j)].buffer(EPS)
            n_ter = max(0, round(w / 265.0) - 1)
            for k in range(n_ter):
                u = (k + 1) / (n_ter + 1) + rng.uniform(-0.04, 0.04)
                a, b = bil(i, j, u, 0.0), bil(i, j, u, 1.0)
                mid = (a + b) / 2 + (rng.uniform(-10, 10), 0)
                line = _clip(_extend(np.array([a, mid, b]), 0.6 * h), cell)
                if line is None:
                    continue
                if secs and rng.random() < 0.25:  # a T-junction at a secondary road
                    cuts = [line.project(p) for s in secs for p in shapely.get_parts(line.intersection(s))
                            if p.geom_type == "Point"]
                    if cuts:
                        s_cut = cuts[int(rng.integers(len(cuts)))]
                        keep_low = rng.random() < 0.5
                        line = (shapely.ops.substring(line, 0, s_cut + EPS) if keep_low
                                else shapely.ops.substring(line, s_cut - EPS, line.length))
                add(line, "tertiary", names.road("ns_ter"))
    # diagonal road(s)
    n_diag = max(1, (r * c) // 12)
    cand = [(i, j) for i in range(r) for j in range(c) if not (i == ir and j == 0)]
    pieces, _ = _node(roads, attrs)
    nodes = _node_points(pieces)
    ntree, ptree = STRtree(nodes), STRtree(pieces)
    for k in rng.permutation(len(cand))[:n_diag]:
        i, j = cand[k]
        existing = shapely.union_all(pieces[ptree.query(st.cells[(i, j)].buffer(EPS))])
        best = None
        for _ in range(12):  # keep its crossings away from other junctions
            v0, v1 = rng.uniform(0.03, 0.3), rng.uniform(0.7, 0.97)
            line = _clip(np.array([bil(i, j, -0.3, v0), bil(i, j, 1.3, v1)]), st.cells[(i, j)].buffer(EPS))
            if line is None:
                continue
            cross = shapely.get_parts(shapely.intersection(line, existing))
            score = _clearance(cross[shapely.get_type_id(cross) == 0], ntree, nodes)
            if best is None or score > best[0]:
                best = (score, line)
        if best is not None:
            add(best[1], "secondary", names.road("diag"))
    st.roads, st.attrs = roads, attrs
    st.m = m

    # community cells: arterials + river centre line
    comm_faces = _faces(list(st.hlines.values()) + list(st.vlines.values()) + [st.river_line])
    st.comm_cells = {}
    for i in range(r):
        lo = vb_n if i == ir else 0.0
        hi = 1.0 - vb_n if i == ir - 1 else 1.0
        for j in range(c):
            st.comm_cells[(i, j)] = comm_faces[_face_at(comm_faces, bil(i, j, 0.5, (lo + hi) / 2))]
    # pairs of cells merged (west + east neighbour) when m does not fill the rectangle
    extra = r * c - m
    second = set()
    for i in reversed(range(r)):
        for k in range(c // 2):
            if extra:
                second.add((i, 2 * k + 1))
                extra -= 1
    if extra:
        raise RuntimeError("cannot arrange the communities")
    cell_comm = {}
    nid = 0
    for i in range(r):
        for j in range(c):
            if (i, j) in second:
                cell_comm[(i, j)] = cell_comm[(i, j - 1)]
            else:
                cell_comm[(i, j)] = nid
                nid += 1
    st.cell_comm = cell_comm
    st.small_comm = nid  # id of the small riverside community
    st.n_comm = nid + 1
    return st


# --------------------------------------------------------------------------- blocks
def _assign_l1(st: _Street, seed: int, blocks: np.ndarray) -> None:
    """Community and kind of each level-1 block; choose the special blocks."""
    rng = np.random.default_rng([seed, 2])
    reps = shapely.point_on_surface(blocks)
    keys = list(st.comm_cells.keys())
    cells = np.array([st.comm_cells[k] for k in keys], dtype=object)
    comm = np.full(len(blocks), -1)
    cellidx = np.full(len(blocks), -1)
    for b in range(len(blocks)):
        hits = np.nonzero(shapely.contains(cells, reps[b]))[0]
        k = hits[0] if len(hits) else int(np.argmin(shapely.distance(cells, reps[b])))
        cellidx[b] = k
        comm[b] = st.cell_comm[keys[k]]
    kind = np.array(["normal"] * len(blocks), dtype=object)
    touches_river = shapely.distance(blocks, st.river_line) < 1e-6
    kind[touches_river] = "strip"
    # the small community: river strip + south-west block of cell (ir, 0)
    home = keys.index((st.ir, 0))
    corner = shapely.intersection(st.vlines[0], st.bank_n)
    corner = shapely.get_parts(corner)[0]
    in_home = cellidx == home
    sw = np.nonzero(in_home & ~touches_river & (shapely.distance(blocks, corner) < 1e-3))[0]
    strip = np.nonzero(in_home & touches_river)[0]
    kind[strip] = "small_strip"
    comm[strip] = st.small_comm
    if len(sw):
        kind[sw[0]] = "small"
        comm[sw[0]] = st.small_comm

    area = shapely.area(blocks)
    rect = area / shapely.area(shapely.oriented_envelope(blocks))
    m = st.m
    specials = (["bigcompound", "tower"] + ["lane"] * max(3, round(0.6 * m)) + ["park"] * max(1, round(m / 6))
                + ["pond"] * max(1, round(m / 10)) + ["school"] * max(1, round(m / 4))
                + ["hospital"] * max(1, round(m / 8)) + ["market"] * max(1, round(m / 5)))
    need = {"bigcompound": (48000, 1e12, 0.85), "tower": (30000, 1e12, 0.8), "lane": (40000, 95000, 0.8),
            "park": (15000, 70000, 0.75), "pond": (15000, 70000, 0.75), "school": (35000, 1e12, 0.8),
            "hospital": (30000, 1e12, 0.8), "market": (25000, 1e12, 0.75)}
    order = rng.permutation(len(blocks))
    used = np.zeros(st.n_comm, dtype=int)
    for sp in specials:
        lo, hi, rq = need[sp]
        ok = [b for b in order if kind[b] == "normal" and lo <= area[b] <= hi and rect[b] >= rq]
        if not ok:
            ok = [b for b in order if kind[b] == "normal" and area[b] >= 12000]
        if not ok:
            continue
        best = min(ok, key=lambda b: used[comm[b]])
        kind[best] = sp
        used[comm[best]] += 1
    st.l1_comm, st.l1_kind = comm, kind
    lane_ids = np.full(len(blocks), -1)
    lane_ids[kind == "lane"] = np.arange((kind == "lane").sum())
    st.l1_lane = lane_ids


def _split_roads(st: _Street, seed: int, blocks: np.ndarray, pieces: np.ndarray) -> None:
    """Residential roads across some large blocks and alleys through the old lanes."""
    names = st.names
    nodes = _node_points(pieces)
    nodes_tree = STRtree(nodes)
    added: list = []  # ends of the roads added here
    for b, blk in enumerate(blocks):
        kind = st.l1_kind[b]
        rng = np.random.default_rng([seed, 3, b])
        if kind not in ("normal", "lane"):
            continue
        theta = _orientation(blk)
        ctr = np.array(shapely.get_coordinates(shapely.centroid(blk))[0])
        loc = _to_local(blk, ctr, theta)
        x0, y0, x1, y1 = loc.bounds
        big = blk.buffer(EPS)
        lines = []
        if kind == "lane":
            nxa = 2 if x1 - x0 > 200 else 1
            for k in range(nxa):
                x = x0 + (k + 1) / (nxa + 1) * (x1 - x0) + rng.uniform(-8, 8)
                lines.append(((x, y0 - 50), (x + rng.uniform(-6, 6), y1 + 50)))
            if y1 - y0 > 150:
                y = (y0 + y1) / 2 + rng.uniform(-10, 10)
                lines.append(((x0 - 50, y), (x1 + 50, y + rng.uniform(-5, 5))))
            cls, pool = ALLEY, "alley"
        else:
            if shapely.area(blk) < 52000 or rng.random() > 0.65:
                continue
            if x1 - x0 >= y1 - y0:
                x = (x0 + x1) / 2 + rng.uniform(-0.08, 0.08) * (x1 - x0)
                lines.append(((x, y0 - 50), (x, y1 + 50)))
            else:
                y = (y0 + y1) / 2 + rng.uniform(-0.08, 0.08) * (y1 - y0)
                lines.append(((x0 - 50, y), (x1 + 50, y)))
            cls, pool = ROAD_CLASSES["residential"], "res"
        for a, bb in lines:
            a, bb = np.array(a, float), np.array(bb, float)
            d = (bb - a) / np.hypot(*(bb - a))
            normal = np.array([-d[1], d[0]])
            for shift in (0.0, 22.0, -22.0, 38.0, -38.0):  # ends >= 20 m from other junctions
                world = _local_to_world(np.array([a, bb]) + normal * shift, ctr, theta)
                g = _clip(world, big)
                if g is None or g.length < 20:
                    continue
                ends_xy = shapely.get_coordinates(g)[[0, -1]]
                if _clearance(shapely.points(ends_xy), nodes_tree, nodes, added) >= 20.0:
                    added.extend(ends_xy)
                    st.roads.append(g)
                    st.attrs.append(("residential", names.road(pool), *cls))
                    break


# --------------------------------------------------------------------------- buildings
class _Buildings:
    def __init__(self) -> None:
        self.geoms: list[np.ndarray] = []  # (n, 5, 2) world rings
        self.cols: dict[str, list] = {k: [] for k in (
            "compound_id", "compound_name", "use", "floors", "households", "population",
            "elderly_alone", "disabled", "rental_units", "shops", "key_site", "dedicated_site")}
        self.n = 0
        self.compounds = 0
        self.tags: list[str] = []  # internal: where each building came from

    def add(self, rings: np.ndarray, tag: str, **cols) -> None:
        n = len(rings)
        if n == 0:
            return
        self.geoms.append(rings)
        for k, lst in self.cols.items():
            v = cols.get(k)
            if v is None or np.isscalar(v):
                lst.extend([v] * n)
            else:
                lst.extend(list(v))
        self.tags.extend([tag] * n)
        self.n += n


def _rects(cx, cy, L, D, rot=None) -> np.ndarray:
    """Local corner rings (n, 5, 2) of rectangles centred at (cx, cy)."""
    cx, cy = np.asarray(cx, float), np.asarray(cy, float)
    L = np.broadcast_to(np.asarray(L, float), cx.shape)
    D = np.broadcast_to(np.asarray(D, float), cx.shape)
    dx = np.stack([-L, L, L, -L, -L], axis=1) / 2
    dy = np.stack([-D, -D, D, D, -D], axis=1) / 2
    if rot is not None:
        c, s = np.cos(rot)[:, None], np.sin(rot)[:, None]
        dx, dy = dx * c - dy * s, dx * s + dy * c
    return np.stack([cx[:, None] + dx, cy[:, None] + dy], axis=2)


def _inside(poly, rings: np.ndarray) -> np.ndarray:
    if len(rings) == 0:
        return np.zeros(0, bool)
    shapely.prepare(poly)
    return shapely.contains_properly(poly, shapely.polygons(rings))


def _grid(poly, L, D, gx, gy, rng) -> np.ndarray:
    """Local rings of a row/column layout of L x D footprints that fit in ``poly``."""
    x0, y0, x1, y1 = poly.bounds
    px, py = L + gx, D + gy
    nx, ny = int((x1 - x0 - L) // px) + 1, int((y1 - y0 - D) // py) + 1
    if nx < 1 or ny < 1:
        return np.zeros((0, 5, 2))
    sx = x0 + ((x1 - x0) - ((nx - 1) * px + L)) / 2 + L / 2 + rng.uniform(-0.3, 0.3) * gx
    sy = y0 + ((y1 - y0) - ((ny - 1) * py + D)) / 2 + D / 2 + rng.uniform(-0.3, 0.3) * gy
    cx, cy = np.meshgrid(sx + np.arange(nx) * px, sy + np.arange(ny) * py)
    rings = _rects(cx.ravel(), cy.ravel(), L, D)
    return rings[_inside(poly, rings)]


def _first_fit(poly, sizes, rng, gap=8.0) -> list[np.ndarray]:
    """Place a few rectangles (L, D) one after another, each at the first free spot."""
    placed = []
    free = poly
    x0, y0, x1, y1 = poly.bounds
    for L, D in sizes:
        xs = np.arange(x0 + L / 2 + 2, x1 - L / 2 - 1, 4.0)
        ys = np.arange(y0 + D / 2 + 2, y1 - D / 2 - 1, 4.0)
        if len(xs) == 0 or len(ys) == 0:
            return placed
        cx, cy = np.meshgrid(xs, ys)
        rings = _rects(cx.ravel(), cy.ravel(), L, D)
        ok = np.nonzero(_inside(free, rings))[0]
        if len(ok) == 0:
            return placed
        ring = rings[ok[0]]
        placed.append(ring)
        free = shapely.difference(free, shapely.Polygon(ring).buffer(gap, join_style="mitre"))
    return placed


_STYLES = {
    #            floors   units  hpu   unit length  depth     col gap   row gap factor/min
    "walkup": ((6, 7), (2, 4), (2, 2), (13, 16), (10, 12), (7, 12), (0.0, 11, 16)),
    "midrise": ((11, 18), (2, 2), (2, 2), (15, 18), (12, 15), (10, 18), (0.55, 16, 0)),
    "highrise": ((24, 27), (2, 2), (2, 2), (15, 18), (14, 17), (15, 24), (0.45, 30, 0)),
    "point": ((11, 18), (1, 1), (4, 6), (24, 30), (19, 23), (18, 26), (0.5, 20, 0)),
}


def _compound_style(rng, name=None):
    name = name or rng.choice(list(_STYLES), p=[0.36, 0.34, 0.15, 0.15])
    fl, un, hp, ul, dp, cg, rg = _STYLES[name]
    floors = int(rng.integers(fl[0], fl[1] + 1))
    units = int(rng.integers(un[0], un[1] + 1))
    hpu = int(rng.integers(hp[0], hp[1] + 1))
    while floors * units * hpu > 110 and floors > 6:
        floors -= 1
    L = units * rng.uniform(*ul) if name != "point" else rng.uniform(*ul)
    D = rng.uniform(*dp)
    gx = rng.uniform(*cg)
    fac, lo, hi = rg
    gy = max(lo, fac * 3.0 * floors) if fac else rng.uniform(lo, hi)
    return dict(style=str(name), floors=floors, units=units, hpu=hpu, L=L, D=D, gx=gx, gy=gy)


def _people(rng, hh, ppl=2.95, sd=0.35):
    hh = np.asarray(hh)
    pop = np.rint(hh * rng.normal(ppl, sd, len(hh))).astype(np.int64)
    return np.where(hh > 0, np.clip(pop, hh, 5 * hh), 0)


def _residential_cols(rng, hh, p_elderly, p_rental, ppl=2.95):
    hh = np.asarray(hh, dtype=np.int64)
    return dict(households=hh, population=_people(rng, hh, ppl),
                elderly_alone=rng.binomial(hh, p_elderly), disabled=rng.binomial(hh, 0.012),
                rental_units=rng.binomial(hh, p_rental))


_P_ELDERLY = {"walkup": 0.05, "midrise": 0.028, "highrise": 0.016, "point": 0.02}
_P_RENTAL = {"walkup": 0.26, "midrise": 0.16, "highrise": 0.12, "point": 0.2}


def _place_compound(bl: _Buildings, names: _Names, poly, rng, to_world, cap=COMPOUND_CAP, target=None,
                    style=None) -> list[str]:
    """Apartment buildings on ``poly``, grouped into compounds; returns new compound ids."""
    s = _compound_style(rng, style)
    rings = _grid(poly, s["L"], s["D"], s["gx"], s["gy"], rng)
    if target is not None:
        while len(rings) > 40:
            s["gx"] *= 1.25
            s["gy"] *= 1.15
            rings = _grid(poly, s["L"], s["D"], s["gx"], s["gy"], rng)
    n = len(rings)
    if n == 0:
        return []
    floors = np.clip(s["floors"] + rng.integers(-1, 2, n) * (s["style"] != "walkup"), 6, 33)
    if target is not None:
        per_floor = s["units"] * s["hpu"]
        floors = np.clip(np.full(n, round(target / n / per_floor)) + rng.integers(-1, 2, n), 6, 33)
    hh = floors * s["units"] * s["hpu"]
    # spatial order: columns west to east, each south to north
    ctr = rings[:, :4].mean(axis=1)
    order = np.lexsort((ctr[:, 1], np.round(ctr[:, 0] / 5.0)))
    rings, floors, hh = rings[order], floors[order], hh[order]
    groups = np.zeros(n, dtype=int)
    if cap is not None:
        g, acc, cnt = 0, 0, 0
        for k in range(n):
            if cnt >= 4 and (acc + hh[k] > cap or cnt >= 40):
                g, acc, cnt = g + 1, 0, 0
            groups[k] = g
            acc += hh[k]
            cnt += 1
        # a too small last group joins the previous one when that stays under the cap
        last = groups == groups[-1]
        if last.sum() < 4 and groups[-1] > 0:
            prev = groups == groups[-1] - 1
            if hh[last].sum() + hh[prev].sum() <= cap and last.sum() + prev.sum() <= 40:
                groups[last] = groups[-1] - 1
    ngroups = groups.max() + 1
    stem = names.compound_stem()
    single_suffix = _COMPOUND_SUFFIXES[int(rng.integers(len(_COMPOUND_SUFFIXES)))]
    cids, cnames = np.full(n, None, dtype=object), np.full(n, None, dtype=object)
    new = []
    for g in range(ngroups):
        sel = groups == g
        if sel.sum() < 4:
            continue  # stand-alone buildings
        bl.compounds += 1
        cid = f"C{bl.compounds:04d}"
        new.append(cid)
        cids[sel] = cid
        cnames[sel] = stem + single_suffix if ngroups == 1 else stem + (_CN_NUM[g] if g < 10 else str(g + 1)) + "区"
    use = np.full(n, "residential", dtype=object)
    cols = _residential_cols(rng, hh, _P_ELDERLY[s["style"]], _P_RENTAL[s["style"]])
    shops = np.zeros(n, dtype=np.int64)
    key = np.zeros(n, dtype=np.int64)
    # a kindergarten (幼儿园) in some big compounds: the smallest-household building
    if n >= 12 and target is None and rng.random() < 0.35:
        k = int(np.argmin(hh))
        use[k] = "school"
        floors[k] = 3
        for c in cols:
            cols[c][k] = 0
        key[k] = 1
    bl.add(to_world(rings), "compound" if target is None else "bigcompound", compound_id=cids, compound_name=cnames,
           use=use, floors=floors, shops=shops, key_site=key, dedicated_site=None, **cols)
    return new


def _place_standalone(bl: _Buildings, poly, rng, to_world) -> None:
    kind = rng.choice(["mixed", "office", "res"], p=[0.5, 0.22, 0.28])
    if kind == "res":
        s = _compound_style(rng, rng.choice(["walkup", "midrise"]))
        rings = _grid(poly, s["L"], s["D"], s["gx"], s["gy"], rng)
        n = len(rings)
        floors = np.full(n, s["floors"])
        hh = floors * s["units"] * s["hpu"]
        cols = _residential_cols(rng, hh, 0.04, 0.3)
        bl.add(to_world(rings), "standalone", use="residential", floors=floors, shops=np.zeros(n, np.int64),
               key_site=np.zeros(n, np.int64), **cols)
        return
    if kind == "mixed":
        L, D, floors = rng.uniform(30, 50), rng.uniform(14, 18), int(rng.integers(5, 13))
        gx, gy = rng.uniform(10, 18), max(14.0, 1.5 * floors)
    else:
        L, D, floors = rng.uniform(35, 50), rng.uniform(20, 28), int(rng.integers(8, 25))
        gx, gy = rng.uniform(15, 25), max(18.0, 1.2 * floors)
    rings = _grid(poly, L, D, gx, gy, rng)
    n = len(rings)
    if n == 0:
        return
    fl = np.clip(floors + rng.integers(-2, 3, n), 3, 30)
    key = (rng.random(n) < 0.07).astype(np.int64)
    if kind == "mixed":
        units, hpu = int(rng.integers(1, 3)), int(rng.integers(2, 5))
        hh = np.minimum((fl - 1) * units * hpu, 110)
        cols = _residential_cols(rng, hh, 0.02, 0.35, ppl=2.7)
        bl.add(to_world(rings), "standalone", use="mixed", floors=fl, shops=rng.integers(3, 14, n),
               key_site=key, **cols)
    else:
        z = np.zeros(n, dtype=np.int64)
        bl.add(to_world(rings), "standalone", use="office", floors=fl, households=z, population=z,
               elderly_alone=z, disabled=z, rental_units=z, shops=rng.integers(0, 5, n), key_site=key)


def _lane_rings(poly, rng, pitch=(11.5, 10.5), drop=0.08) -> np.ndarray:
    """Small, dense, slightly irregular houses of an old lane; no two overlap."""
    px, py = pitch
    x0, y0, x1, y1 = poly.bounds
    cx, cy = np.meshgrid(np.arange(x0 + px / 2, x1, px), np.arange(y0 + py / 2, y1, py))
    cx, cy = cx.ravel(), cy.ravel()
    n = len(cx)
    margin = 0.9
    L = rng.uniform(6.0, px - 2 * margin - 1.2, n)
    D = rng.uniform(5.5, py - 2 * margin - 1.2, n)
    rot = np.radians(rng.uniform(-4, 4, n))
    ex = (px - L) / 2 - margin - D / 2 * np.abs(np.sin(rot))
    ey = (py - D) / 2 - margin - L / 2 * np.abs(np.sin(rot))
    cx = cx + rng.uniform(-1, 1, n) * np.maximum(ex, 0)
    cy = cy + rng.uniform(-1, 1, n) * np.maximum(ey, 0)
    keep = rng.random(n) >= drop
    rings = _rects(cx, cy, L, D, rot)[keep]
    return rings[_inside(poly, rings)]


def _lane_cols(rng, n):
    floors = rng.choice([1, 2, 2, 3, 3], n).astype(np.int64)
    hh = np.clip(floors + rng.integers(-1, 2, n), 1, 4).astype(np.int64)
    cols = _residential_cols(rng, hh, 0.08, 0.55, ppl=2.6)
    shops = np.where(rng.random(n) < 0.12, rng.integers(1, 3, n), 0).astype(np.int64)
    return floors, hh, shops, cols


def _place_lane(bl: _Buildings, poly, rng, to_world, tag="lane", max_households=None) -> None:
    rings = _lane_rings(poly, rng)
    n = len(rings)
    if n == 0:
        return
    floors, hh, shops, cols = _lane_cols(rng, n)
    if max_households is not None:
        keep = np.cumsum(hh) <= max_households
        rings, floors, hh, shops = rings[keep], floors[keep], hh[keep], shops[keep]
        cols = {k: v[keep] for k, v in cols.items()}
        n = len(rings)
    bl.add(to_world(rings), tag, use="residential", floors=floors, shops=shops,
           key_site=np.zeros(n, np.int64), **cols)


def _place_site(bl: _Buildings, kind: str, code: str, poly, rng, to_world) -> bool:
    z = lambda k: np.zeros(k, dtype=np.int64)  # noqa: E731
    if kind == "tower":
        t = TOWER
        rings = _first_fit(poly, [(t["length"], t["depth"])], rng)
        if len(rings) != 1:
            return False
        hh = np.array([t["floors"] * t["units"] * t["hpu"]])
        cols = _residential_cols(rng, hh, 0.01, 0.3, ppl=2.6)
        bl.add(to_world(np.array(rings)), "tower", use="residential", floors=np.array([t["floors"]]),
               shops=np.array([6]), key_site=z(1), **cols)
        return True
    if kind == "school":
        n = int(rng.integers(2, 5))
        sizes = [(64.0, 16.0), (56.0, 15.0), (40.0, 30.0), (30.0, 18.0)][:n]
        floors = np.array([5, 4, 2, 3])[:n]
        use = "school"
    elif kind == "hospital":
        n = int(rng.integers(2, 4))
        sizes = [(62.0, 30.0), (70.0, 22.0), (34.0, 18.0)][:n]
        floors = np.array([16, 5, 3])[:n]
        use = "hospital"
    else:
        n = 1
        sizes = [(64.0, 38.0)]
        floors = np.array([2])
        use = "market"
    rings = _first_fit(poly, sizes, rng)
    if len(rings) < max(1, min(2, n)):
        return False
    n = len(rings)
    shops = z(n) + (int(rng.integers(80, 161)) if use == "market" else (2 if use == "hospital" else 0))
    bl.add(to_world(np.array(rings)), kind, use=use, floors=floors[:n], households=z(n), population=z(n),
           elderly_alone=z(n), disabled=z(n), rental_units=z(n), shops=shops, key_site=z(n) + 1,
           dedicated_site=code)
    return True


def _pond_shape(poly_local, rng):
    """An irregular oval pond inside ``poly_local`` (local frame), or None."""
    inner = poly_local.buffer(-18.0)
    if inner.is_empty:
        return None
    circle = shapely.maximum_inscribed_circle(inner)
    c = shapely.get_coordinates(circle)[0]
    radius = circle.length
    x0, y0, x1, y1 = inner.bounds
    a, b = (x1 - x0) / 2, (y1 - y0) / 2
    t = np.linspace(0, 2 * np.pi, 73)[:-1]
    rr = 1 + 0.09 * np.sin(3 * t + rng.uniform(0, 6)) + 0.05 * np.sin(5 * t + rng.uniform(0, 6))
    axes = [(s * a, s * b) for s in (0.9, 0.8, 0.7, 0.6, 0.5)]
    axes += [(1.5 * radius, 0.95 * radius), (1.2 * radius, 0.85 * radius), (0.85 * radius, 0.75 * radius)]
    for ax_, bx_ in axes:
        pts = np.column_stack([c[0] + ax_ * rr * np.cos(t), c[1] + bx_ * rr * np.sin(t)])
        p = shapely.Polygon(pts)
        if p.is_valid and inner.contains(p):
            return p
    return None


def _cut_area(poly, frac: float) -> float:
    """x (local) such that the part of ``poly`` west of x has ``frac`` of its area."""
    x0, y0, x1, y1 = poly.bounds
    lo, hi = x0, x1
    total = poly.area
    for _ in range(40):
        mid = (lo + hi) / 2
        if poly.intersection(shapely.box(x0 - 1, y0 - 1, mid, y1 + 1)).area < frac * total:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


# --------------------------------------------------------------------------- main generator
def generate_street(seed: int = 2026, n_communities: int = 5, scale: float = 1.0,
                    origin=(500000.0, 3350000.0), county_code: str = "330106", street_code: str = "004",
                    *, street_name: str = "文新街道", defects: bool = True) -> dict[str, gpd.GeoDataFrame]:
    """Generate a synthetic street (街道) with communities, roads, water, parks and buildings.

    Parameters
    ----------
    seed : int
        Seed of every random choice; the same arguments always give identical layers.
    n_communities : int
        Number of communities (社区), 3–999. ``n_communities - 1`` ordinary
        communities of one arterial "cell" each (a few are pairs of cells when
        the count does not fill a rectangle) plus one deliberately small
        riverside community with fewer than 300 households.
    scale : float
        Multiplies the area of every cell, hence the number of blocks and
        buildings per community (about 6,500 households per cell at 1.0).
    origin : (float, float)
        Easting, northing (EPSG:4549) of the south-west corner of the street.
    county_code, street_code : str
        6-digit county (GB/T 2260) and 3-digit street codes; community codes are
        ``county_code + street_code + "001"…``.
    street_name : str
        Name of the street, stored on every community.
    defects : bool
        Add the deliberate data defects (invalid and duplicated buildings).

    Returns
    -------
    dict[str, geopandas.GeoDataFrame]
        Layers ``communities``, ``roads``, ``waterway``, ``water``, ``parks`` and
        ``buildings``, all in EPSG:4549. ``layers["buildings"].attrs["awkward"]``
        lists the ids of the deliberately awkward cases.
    """
    if not 3 <= int(n_communities) <= 999:
        raise ValueError(f"n_communities must be between 3 and 999, got {n_communities}")
    if not (len(county_code) == 6 and county_code.isdigit() and len(street_code) == 3 and street_code.isdigit()):
        raise ValueError("county_code must have 6 digits and street_code 3 digits")
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale}")
    seed = int(seed)
    st = _build_frame(seed, int(n_communities), float(scale))

    # level 1: blocks between the main roads; choose special blocks; split roads
    pieces, _ = _node(st.roads, st.attrs)
    l1 = _faces(list(pieces) + [st.river_line])
    _assign_l1(st, seed, l1)
    _split_roads(st, seed, l1, pieces)

    # level 2: final blocks (service roads do not change them)
    pieces2, attrs2 = _node(st.roads, st.attrs)
    l2 = _faces(list(pieces2) + [st.river_line])
    reps = shapely.point_on_surface(l2)
    tree1 = STRtree(l1)
    pi, bi = tree1.query(reps, predicate="within")
    parent = np.full(len(l2), -1)
    parent[pi] = bi
    rbuf = shapely.buffer(pieces2, np.array([a[3] / 2 + a[4] for a in attrs2]), cap_style="round")
    rtree = STRtree(rbuf)
    road_tree = STRtree(pieces2)
    nodes2 = _node_points(pieces2)
    nodes2_tree = STRtree(nodes2)
    entries: list = []  # where service roads join

    bl = _Buildings()
    water_rows = [(st.river_poly, "river", _RIVER_NAME)]
    park_rows = []
    service_lines, service_attrs = [], []
    awkward = {"tower": [], "big_compound": [], "small_community": None, "parks": [], "ponds": []}
    site_no = {"school": 0, "hospital": 0, "market": 0}
    site_prefix = {"school": "SCH", "hospital": "HOS", "market": "MKT"}
    names = st.names
    river_buf = st.river_poly.buffer(RIVER_SETBACK)
    pending: list[str] = []
    lane_count = np.zeros(int(st.l1_lane.max()) + 1 if (st.l1_lane >= 0).any() else 0, dtype=int)

    for b, blk in enumerate(l2):
        p = parent[b]
        kind = st.l1_kind[p] if p >= 0 else "strip"
        if kind in ("strip", "small_strip") or blk.area < 1500:
            continue
        rng = np.random.default_rng([seed, 4, b])
        near = rtree.query(blk, predicate="intersects")
        buildable = shapely.difference(blk, shapely.union_all(rbuf[near])) if len(near) else blk
        if buildable.intersects(river_buf):
            buildable = buildable.difference(river_buf)
        if buildable.is_empty or buildable.area < 1200:
            continue
        theta = _orientation(blk)
        ctr = np.array(shapely.get_coordinates(shapely.centroid(blk))[0])
        loc = _to_local(buildable, ctr, theta)

        def to_world(rings, ctr=ctr, theta=theta):
            return _local_to_world(rings, ctr, theta)

        def poly_world(g, ctr=ctr, theta=theta):
            return shapely.transform(g, lambda xy: _local_to_world(xy, ctr, theta))

        if kind == "park":
            name = _numbered(_PARK_NAMES, sum(1 for p_ in park_rows if p_[1] != _RIVERSIDE_GREEN))
            park_rows.append((buildable, name))
            awkward["parks"].append(name)
            continue
        if kind == "pond":
            pond = _pond_shape(loc, rng)
            if pond is not None:
                name = _numbered(_POND_NAMES, sum(1 for w in water_rows if w[1] == "pond"))
                water_rows.append((poly_world(pond), "pond", name))
                awkward["ponds"].append(name)
            continue
        if kind == "small":
            x = _cut_area(loc, 0.5)
            lane = loc.intersection(shapely.box(-1e5, -1e5, x - 3, 1e5))
            green = loc.intersection(shapely.box(x + 3, -1e5, 1e5, 1e5))
            _place_lane(bl, lane, rng, to_world, tag="small", max_households=275)
            if green.area > 2000:
                park_rows.append((poly_world(green), _RIVERSIDE_GREEN))
                awkward["parks"].append(_RIVERSIDE_GREEN)
            continue
        if kind == "lane":
            before = bl.n
            _place_lane(bl, loc, rng, to_world, tag=f"lane{st.l1_lane[p]}")
            lane_count[st.l1_lane[p]] += bl.n - before
            continue

        # parcels: a jittered grid of rectangles in the block's frame
        x0, y0, x1, y1 = loc.bounds
        if kind == "bigcompound":
            parcels = [loc]
        else:
            nx = max(1, round((x1 - x0) / rng.uniform(115, 165)))
            ny = max(1, round((y1 - y0) / rng.uniform(110, 160)))
            xc = x0 + (x1 - x0) * (np.arange(nx + 1) / nx + np.r_[0, rng.uniform(-0.07, 0.07, nx - 1) / nx, 0])
            yc = y0 + (y1 - y0) * (np.arange(ny + 1) / ny + np.r_[0, rng.uniform(-0.07, 0.07, ny - 1) / ny, 0])
            parcels = []
            for jy in range(ny):
                for jx in range(nx):
                    g = loc.intersection(shapely.box(xc[jx] + (3 if jx else -1), yc[jy] + (3 if jy else -1),
                                                     xc[jx + 1] - (3 if jx < nx - 1 else -1),
                                                     yc[jy + 1] - (3 if jy < ny - 1 else -1)))
                    if g.area >= 1200:
                        parcels.append(g)
            # largest parcel first for special sites
            parcels.sort(key=lambda g: -g.area)
        sites = ("tower", "school", "hospital", "market")
        todo = ([kind] if kind in sites else []) + (list(pending) if kind != "bigcompound" else [])
        for par in parcels:
            placed_special = False
            for sp in list(todo):
                if sp == "tower":
                    code = None
                else:
                    code = f"{site_prefix[sp]}{site_no[sp] + 1:02d}"
                before = bl.n
                if _place_site(bl, sp, code, par, rng, to_world):
                    if sp == "tower":
                        awkward["tower"].append(before)
                    else:
                        site_no[sp] += 1
                    todo.remove(sp)
                    placed_special = True
                    break
            if placed_special:
                continue
            if kind == "bigcompound" or rng.random() < 0.8:
                # service road into the compound from a non-arterial side
                par_use = par
                sides = []
                px0, py0, px1, py1 = par.bounds
                pc = np.array([(px0 + px1) / 2, (py0 + py1) / 2])
                for d, gap in (((0, -1), py0 - y0), ((0, 1), y1 - py1), ((-1, 0), px0 - x0), ((1, 0), x1 - px1)):
                    if gap < 5:
                        sides.append(np.array(d, float))
                blk_loc = _to_local(blk, ctr, theta)
                if sides and rng.random() < 0.55:
                    for k in rng.permutation(len(sides)):
                        d = sides[k]
                        ray = shapely.LineString([pc, pc + d * 2000])
                        hit = shapely.intersection(ray, blk_loc.exterior)
                        pts = shapely.get_coordinates(hit)
                        if len(pts) == 0:
                            continue
                        e = pts[np.argmin(np.hypot(*(pts - pc).T))]
                        ew = _local_to_world(e[None, :], ctr, theta)[0]
                        near_road = road_tree.query_nearest(shapely.Point(ew), all_matches=False)[0]
                        if attrs2[near_road][0] in ("trunk", "primary"):
                            continue
                        if _clearance(shapely.Point(ew), nodes2_tree, nodes2, entries) < 25.0:
                            continue  # not next to a junction
                        entries.append(ew)
                        extent = (py1 - py0) if d[0] == 0 else (px1 - px0)
                        depth = min(rng.uniform(35, 70), 0.55 * extent)
                        inner = e - d * (np.abs(np.dot(pc - e, d)) - extent / 2 + depth)
                        outer = e + d * 1.5
                        line_loc = shapely.LineString([outer, inner])
                        service_lines.append(shapely.LineString(_local_to_world(np.array([outer, inner]), ctr, theta)))
                        service_attrs.append(("service", None, *ROAD_CLASSES["service"]))
                        par_use = par.difference(line_loc.buffer(ROAD_CLASSES["service"][1] / 2 + 2.0))
                        break
                if kind == "bigcompound":
                    new = _place_compound(bl, names, par_use, rng, to_world, cap=None, target=BIG_COMPOUND_TARGET,
                                          style="midrise")
                    awkward["big_compound"] += new
                else:
                    _place_compound(bl, names, par_use, rng, to_world)
            else:
                _place_standalone(bl, par, rng, to_world)
        if kind != "bigcompound":
            pending = todo  # sites that did not fit here go to the next block
    if pending:
        raise RuntimeError(f"could not place {pending}; try another seed")

    # ------------------------------------------------------------------ final roads, blocks, communities
    all_roads = st.roads + service_lines
    all_attrs = st.attrs + service_attrs
    final, fattrs = _node(all_roads, all_attrs)
    blocks = _faces(list(final) + [st.river_line])
    reps = shapely.point_on_surface(blocks)
    pi, bi = tree1.query(reps, predicate="within")
    comm_of = np.full(len(blocks), -1)
    comm_of[pi] = st.l1_comm[bi]
    if (comm_of < 0).any():
        raise RuntimeError("a block could not be assigned to a community")
    comm_polys = [shapely.union_all(blocks[comm_of == k]) for k in range(st.n_comm)]
    # codes: north to south (by the row of the community's first cell), then west to east
    cents = shapely.centroid(np.array(comm_polys, dtype=object))
    row_of = {}
    for (i, _), k in st.cell_comm.items():
        row_of[k] = max(row_of.get(k, -1), i)
    row_of[st.small_comm] = st.ir
    cx = shapely.get_x(cents)
    order = sorted(range(st.n_comm), key=lambda k: (-row_of[k], cx[k]))
    code_of = {k: n + 1 for n, k in enumerate(order)}
    names_of = {}
    stems = 0
    for k in order:
        if k == st.small_comm:
            names_of[k] = _SMALL_COMMUNITY + "社区"
        else:
            names_of[k] = _community_name(stems)
            stems += 1

    ox, oy = float(origin[0]), float(origin[1])

    def shift(geoms):
        return shapely.transform(np.asarray(geoms, dtype=object), lambda xy: xy + (ox, oy))

    communities = gpd.GeoDataFrame(
        {
            "code": [f"{county_code}{street_code}{code_of[k]:03d}" for k in order],
            "name": [names_of[k] for k in order],
            "street_code": f"{county_code}{street_code}",
            "street_name": street_name,
        },
        geometry=shift([comm_polys[k] for k in order]), crs=CRS)
    roads = gpd.GeoDataFrame(
        {
            "highway": [a[0] for a in fattrs],
            "name": [a[1] for a in fattrs],
            "lanes": np.array([a[2] for a in fattrs], dtype=np.int64),
            "width": np.array([a[3] for a in fattrs], dtype=float),
        },
        geometry=shift(final), crs=CRS)
    waterway = gpd.GeoDataFrame({"waterway": ["river"], "name": [_RIVER_NAME]},
                                geometry=shift([st.river_line]), crs=CRS)
    water = gpd.GeoDataFrame({"kind": [w[1] for w in water_rows], "name": [w[2] for w in water_rows]},
                             geometry=shift([w[0] for w in water_rows]), crs=CRS)
    parks = gpd.GeoDataFrame({"name": [p_[1] for p_ in park_rows], "leisure": "park"},
                             geometry=shift([p_[0] for p_ in park_rows]), crs=CRS)

    rings = np.concatenate(bl.geoms) + (ox, oy)
    geoms = list(shapely.polygons(rings))
    cols = {k: list(v) for k, v in bl.cols.items()}
    n = bl.n
    bldg_id = list(range(1, n + 1))
    tags = list(bl.tags)
    comm_code = {k: f"{county_code}{street_code}{code_of[k]:03d}" for k in range(st.n_comm)}
    awkward["tower"] = [bldg_id[i] for i in awkward["tower"]]
    awkward["small_community"] = comm_code[st.small_comm]
    awkward["lanes"] = {f"lane{k}": int(c) for k, c in enumerate(lane_count)}

    if defects:
        rng = np.random.default_rng([seed, 5])
        ordinary = [i for i in range(n) if tags[i] == "compound" and cols["use"][i] == "residential"]
        lanes = [i for i in range(n) if tags[i].startswith("lane")]
        pick = rng.choice(ordinary, 3, replace=False)
        lpick = rng.choice(lanes, 4, replace=False)
        inv = []
        for i in (pick[0], pick[1]):  # bow-ties: swap two corners
            xy = shapely.get_coordinates(geoms[i])
            geoms[i] = shapely.Polygon(xy[[0, 1, 3, 2, 0]])
            inv.append(("bow-tie", bldg_id[i]))
        for i in (pick[2], lpick[0]):  # an inward spike on the first edge
            xy = shapely.get_coordinates(geoms[i])
            a, b2 = xy[0], xy[1]
            m_ = (a + b2) / 2
            inward = (xy[2] + xy[3]) / 2 - m_
            s = m_ + inward / np.hypot(*inward) * min(3.0, 0.4 * np.hypot(*inward))
            geoms[i] = shapely.Polygon(np.array([a, m_, s, m_, b2, xy[2], xy[3], a]))
            inv.append(("spike", bldg_id[i]))
        dups = []
        for i in (lpick[1], lpick[2]):  # exact duplicates with a new id
            geoms.append(geoms[i])
            for k in cols:
                cols[k].append(cols[k][i])
            bldg_id.append(max(bldg_id) + 1)
            tags.append(tags[i])
            dups.append((bldg_id[i], bldg_id[-1]))
        # one id used twice: a neighbour of another lane building takes its id
        i = int(lpick[3])
        j = i + 1 if tags[i + 1] == tags[i] else i - 1
        same = (bldg_id[j], bldg_id[i])
        bldg_id[j] = bldg_id[i]
        awkward["invalid"] = [{"bldg_id": int(b_), "defect": d} for d, b_ in inv]
        awkward["duplicate_copies"] = [{"bldg_id": int(a_), "copy_bldg_id": int(c_)} for a_, c_ in dups]
        awkward["reused_id"] = {"bldg_id": int(same[1]), "freed_id": int(same[0])}

    bcols = {"bldg_id": np.array(bldg_id, dtype=np.int64)}
    bcols["compound_id"] = pd.array(cols["compound_id"], dtype=object)
    bcols["compound_name"] = pd.array(cols["compound_name"], dtype=object)
    bcols["use"] = cols["use"]
    for k in ("floors", "households", "population", "elderly_alone", "disabled", "rental_units", "shops",
              "key_site"):
        bcols[k] = np.array(cols[k], dtype=np.int64)
    bcols["dedicated_site"] = pd.array(cols["dedicated_site"], dtype=object)
    buildings = gpd.GeoDataFrame(bcols, geometry=geoms, crs=CRS)
    hh_by_compound = buildings.groupby("compound_id")["households"].sum()
    awkward["big_compound"] = [{"compound_id": c, "households": int(hh_by_compound[c])}
                               for c in awkward["big_compound"]]
    awkward["dedicated_sites"] = {
        c: [int(x) for x in buildings.loc[buildings["dedicated_site"] == c, "bldg_id"]]
        for c in sorted({v for v in cols["dedicated_site"] if v is not None})}
    buildings.attrs["awkward"] = awkward
    return {"communities": communities, "roads": roads, "waterway": waterway, "water": water,
            "parks": parks, "buildings": buildings}


# --------------------------------------------------------------------------- output
def write_gpkg(layers: dict[str, gpd.GeoDataFrame], path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write the layers to a GeoPackage atomically (temporary file, then ``os.replace``)."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; pass --overwrite to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.tmp-", suffix=".gpkg", dir=path.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        for name in LAYERS:
            layers[name].to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return path


def summarize(layers: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """Households, population and buildings per community (buildings by representative point)."""
    b = layers["buildings"]
    c = layers["communities"]
    pts = gpd.GeoDataFrame(b.drop(columns="geometry"), geometry=b.geometry.representative_point(), crs=b.crs)
    j = gpd.sjoin(pts, c[["code", "name", "geometry"]], predicate="within", how="left")
    g = j.groupby("code").agg(households=("households", "sum"), population=("population", "sum"),
                              buildings=("bldg_id", "size"))
    out = c[["code", "name"]].set_index("code").join(g).fillna(0)
    out["area_ha"] = (c.set_index("code").area / 1e4).round(1)
    return out


_USE_COLOURS = {"residential": "#c8a27a", "mixed": "#d9822b", "office": "#7a8fb0", "school": "#b04fb0",
                "hospital": "#d62728", "market": "#2ca02c"}
_ROAD_STYLE = {"trunk": ("#b8860b", 3.2), "primary": ("#e0a030", 2.6), "secondary": ("#f0c860", 1.8),
               "tertiary": ("#ffffff", 1.3), "residential": ("#ffffff", 0.8), "service": ("#ffffff", 0.5)}


def plot_overview(layers: dict[str, gpd.GeoDataFrame], path: str | os.PathLike, dpi: int = 110) -> Path:
    """Draw an overview map of the layers to a PNG (matplotlib, Agg backend).

    Labels use community codes and ASCII text so that no CJK font is needed.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    c, r, b = layers["communities"], layers["roads"], layers["buildings"]
    fig, ax = plt.subplots(figsize=(10, 9.2))
    fills = ["#eef3e2", "#e6eef7", "#f7eee6", "#efe6f7", "#f7f3dc", "#e2f1ef"]
    c.plot(ax=ax, color=[fills[i % len(fills)] for i in range(len(c))], edgecolor="none")
    layers["parks"].plot(ax=ax, color="#b5dca0", edgecolor="#6aa84f", linewidth=0.5)
    layers["water"].plot(ax=ax, color="#9cc9f0", edgecolor="#5b9bd5", linewidth=0.5)
    for hw in ("service", "residential", "tertiary", "secondary", "primary", "trunk"):
        sub = r[r["highway"] == hw]
        colour, lw = _ROAD_STYLE[hw]
        if len(sub):
            sub.plot(ax=ax, color="#9a9a9a", linewidth=lw + 0.6)
            sub.plot(ax=ax, color=colour, linewidth=lw)
    layers["waterway"].plot(ax=ax, color="#2f6fb0", linewidth=0.6, linestyle="--")
    b.plot(ax=ax, color=b["use"].map(_USE_COLOURS).fillna("#888888"), edgecolor="#555555", linewidth=0.15)
    c.boundary.plot(ax=ax, color="#c00000", linewidth=1.6, linestyle=(0, (6, 3)))
    aw = b.attrs.get("awkward", {})
    hh = summarize(layers)
    for _, row in c.iterrows():
        p = row.geometry.representative_point()
        n = hh.loc[row["code"]]
        ax.annotate(f"{row['code'][-3:]}\n{int(n['households']):,} hh", (p.x, p.y), ha="center", va="center",
                    fontsize=10, fontweight="bold", color="#800000",
                    bbox=dict(boxstyle="round,pad=0.25", fc="white", ec="#800000", alpha=0.8))
    marks = []
    if aw.get("tower"):
        tower = b["bldg_id"].isin(aw["tower"])
        marks.append((b[tower], f"tower {int(b.loc[tower, 'households'].sum())} hh"))
    for big in aw.get("big_compound", []):
        marks.append((b[b["compound_id"] == big["compound_id"]], f"{big['compound_id']} {big['households']:,} hh"))
    for code in aw.get("dedicated_sites", {}):
        marks.append((b[b["dedicated_site"] == code], code))
    bad = b[~b.is_valid | b["bldg_id"].duplicated(keep=False)
            | b.drop(columns="bldg_id").assign(wkb=b.geometry.to_wkb()).drop(columns="geometry").duplicated(keep=False)]
    for sub, text in marks:
        if len(sub):
            p = sub.union_all().centroid
            ax.annotate(text, (p.x, p.y), xytext=(14, 14), textcoords="offset points", fontsize=7.5,
                        arrowprops=dict(arrowstyle="-", color="black", lw=0.6),
                        bbox=dict(boxstyle="round,pad=0.2", fc="#ffffe0", ec="black", lw=0.5))
    if len(bad):
        pts = bad.geometry.centroid
        ax.scatter(pts.x, pts.y, s=60, facecolors="none", edgecolors="red", linewidths=1.2, zorder=5)
    handles = [Patch(color=v, label=k) for k, v in _USE_COLOURS.items()]
    handles += [Patch(color="#9cc9f0", label="water"), Patch(color="#b5dca0", label="park"),
                Line2D([], [], color="#c00000", ls="--", label="community boundary"),
                Line2D([], [], color="red", marker="o", mfc="none", ls="", label="invalid / duplicate")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.04), ncol=5, fontsize=7.5,
              frameon=False)
    x0, y0, x1, y1 = c.total_bounds
    ax.set_xlim(x0 - 60, x1 + 60)
    ax.set_ylim(y0 - 60, y1 + 60)
    ax.set_aspect("equal")
    ax.ticklabel_format(useOffset=False, style="plain")
    ax.tick_params(labelsize=7)
    ax.set_title(f"Synthetic street {c['street_code'].iloc[0]}: {len(c)} communities, "
                 f"{int(b['households'].sum()):,} households, {len(b):,} buildings (EPSG:4549)", fontsize=10)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    try:  # shrink: 256-colour palette PNG
        from PIL import Image

        im = Image.open(path).convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
        im.save(path, optimize=True)
    except Exception:  # noqa: BLE001 - Pillow missing or old: keep the RGBA file
        pass
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", default=str(DEFAULT_OUTPUT), help="GeoPackage to write (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=2026, help="random seed (default: %(default)s)")
    ap.add_argument("--communities", type=int, default=5, help="number of communities (default: %(default)s)")
    ap.add_argument("--scale", type=float, default=1.0, help="blocks per community multiplier (default: %(default)s)")
    ap.add_argument("--no-defects", action="store_true", help="leave out the invalid/duplicated buildings")
    ap.add_argument("--png", metavar="PATH", help="also draw an overview map to this PNG")
    ap.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    a = ap.parse_args(argv)
    out = Path(a.output)
    if out.exists() and not a.overwrite:
        print(f"error: {out} exists; pass --overwrite to replace it", file=sys.stderr)
        return 2
    layers = generate_street(seed=a.seed, n_communities=a.communities, scale=a.scale, defects=not a.no_defects)
    write_gpkg(layers, out, overwrite=a.overwrite)
    if a.png:
        plot_overview(layers, a.png)
    s = summarize(layers)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")
    for name in LAYERS:
        print(f"  {name:12s} {len(layers[name]):6d} features")
    print(s.to_string())
    print(f"total households {int(s['households'].sum())}, buildings {len(layers['buildings'])}")
    for k, v in layers["buildings"].attrs["awkward"].items():
        print(f"  {k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
