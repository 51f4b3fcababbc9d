"""Write the demo street's roads as an OpenStreetMap XML file (``demo_roads.osm``).

A small, offline stand-in for an OpenStreetMap extract, used by the tests and the demo of
"Load roads from OpenStreetMap". Deterministic: vertices become nodes (ids from 1, in
order of first use, shared where roads share a vertex, coordinates rounded to 1e-7°),
each road one way (ids from 1, in layer order) with its ``highway``, ``name`` and, when
present, ``oneway`` and ``lanes`` tags. The same input gives the same bytes.

Usage (from the repository root)::

    .venv/bin/python sample_data/roads_to_osm.py [--source sample_data/demo_street.gpkg]
        [-o sample_data/demo_roads.osm] [--overwrite]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

import geopandas as gpd
import numpy as np
import shapely

HERE = Path(__file__).resolve().parent
TAGS = ("highway", "name", "oneway", "lanes")


def _tag_value(value) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def roads_to_osm_xml(roads: gpd.GeoDataFrame) -> str:
    """The roads (any CRS, LineStrings or MultiLineStrings) as OSM XML text (version 0.6)."""
    roads = roads.to_crs(4326)
    node_ids: dict[tuple[int, int], int] = {}
    ways: list[tuple[list[int], list[tuple[str, str]]]] = []
    for _, row in roads.iterrows():
        tags = [(k, v) for k in TAGS if k in roads.columns and (v := _tag_value(row[k])) is not None]
        for part in shapely.get_parts(row.geometry):
            refs = []
            for x, y in shapely.get_coordinates(part):
                key = (int(round(x * 1e7)), int(round(y * 1e7)))
                if key not in node_ids:
                    node_ids[key] = len(node_ids) + 1
                if not refs or refs[-1] != node_ids[key]:
                    refs.append(node_ids[key])
            if len(refs) >= 2:
                ways.append((refs, tags))
    keys = np.array(list(node_ids), dtype=np.int64).reshape(-1, 2)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<osm version="0.6" generator="gridplanner sample_data/roads_to_osm.py">',
             f'  <bounds minlat="{keys[:, 1].min() / 1e7:.7f}" minlon="{keys[:, 0].min() / 1e7:.7f}" '
             f'maxlat="{keys[:, 1].max() / 1e7:.7f}" maxlon="{keys[:, 0].max() / 1e7:.7f}"/>']
    for (x, y), nid in node_ids.items():
        lines.append(f'  <node id="{nid}" version="1" lat="{y / 1e7:.7f}" lon="{x / 1e7:.7f}"/>')
    for wid, (refs, tags) in enumerate(ways, 1):
        lines.append(f'  <way id="{wid}" version="1">')
        lines += [f'    <nd ref="{r}"/>' for r in refs]
        lines += [f"    <tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags]
        lines.append("  </way>")
    lines.append("</osm>")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line: read the roads layer, write the .osm file atomically."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default=str(HERE / "demo_street.gpkg"), help="GeoPackage with a roads layer")
    parser.add_argument("--layer", default="roads")
    parser.add_argument("-o", "--output", default=str(HERE / "demo_roads.osm"))
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.output)
    if out.exists() and not args.overwrite:
        print(f"{out} exists; pass --overwrite to replace it", file=sys.stderr)
        return 2
    text = roads_to_osm_xml(gpd.read_file(args.source, layer=args.layer))
    fd, tmp = tempfile.mkstemp(prefix=".demo_roads.", suffix=".osm", dir=out.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)
    print(f"wrote {out} ({text.count('<way ')} ways, {text.count('<node ')} nodes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
