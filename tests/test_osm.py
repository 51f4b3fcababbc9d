"""osm: roads from an OpenStreetMap file, offline."""

from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import pytest
from shapely.geometry import box

from gridplanner.algorithms import InputError

CRS = "EPSG:4549"
X0, Y0 = 500000.0, 3350000.0


def _b(x0, y0, x1, y1):
    return box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def test_sample_osm_file_is_up_to_date(repo_root, tmp_path):
    out = tmp_path / "roads.osm"
    subprocess.run([sys.executable, str(repo_root / "sample_data" / "roads_to_osm.py"), "-o", str(out)],
                   check=True, capture_output=True)
    assert out.read_bytes() == (repo_root / "sample_data" / "demo_roads.osm").read_bytes()


def test_load_osm_roads_offline_keeps_classes(repo_root, sample_gpkg, tmp_path):
    from gridplanner.algorithms.osm import load_osm_roads

    roads = gpd.read_file(sample_gpkg, layer="roads")
    loaded = load_osm_roads(repo_root / "sample_data" / "demo_roads.osm", crs=CRS)
    assert list(loaded.columns) == ["highway", "name", "oneway", "osmid", "geometry"]
    assert loaded.crs.to_epsg() == 4549
    for highway, group in roads.groupby("highway"):
        assert loaded[loaded["highway"] == highway].length.sum() == pytest.approx(group.length.sum(), rel=1e-3)
    assert "文一西路" in set(loaded["name"])
    assert not loaded["oneway"].any()
    # .osm.pbf (pyosmium) and .graphml give the same roads
    import osmium
    import osmnx as ox

    pbf = tmp_path / "demo.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(repo_root / "sample_data" / "demo_roads.osm")):
            writer.add(obj)
    from_pbf = load_osm_roads(pbf, crs=CRS)
    assert len(from_pbf) == len(loaded) and from_pbf.length.sum() == pytest.approx(loaded.length.sum())
    graphml = tmp_path / "demo.graphml"
    ox.save_graphml(ox.graph_from_xml(repo_root / "sample_data" / "demo_roads.osm", retain_all=True), graphml)
    from_graphml = load_osm_roads(graphml, crs=CRS)
    assert from_graphml.length.sum() == pytest.approx(loaded.length.sum(), rel=1e-6)


def test_load_osm_roads_errors(tmp_path):
    from gridplanner.algorithms.osm import load_osm_roads

    with pytest.raises(InputError, match="file not found"):
        load_osm_roads(tmp_path / "missing.osm")
    bad = tmp_path / "roads.shp.zip"
    bad.write_text("x")
    with pytest.raises(InputError, match="unknown file type"):
        load_osm_roads(bad)
    empty = tmp_path / "empty.osm"
    empty.write_text('<?xml version="1.0"?><osm version="0.6"><node id="1" lat="30" lon="120"/></osm>')
    with pytest.raises(InputError, match="OpenStreetMap"):
        load_osm_roads(empty)
    with pytest.raises(InputError, match="west, south, east, north"):
        load_osm_roads(bbox=(121, 30, 120, 31))
