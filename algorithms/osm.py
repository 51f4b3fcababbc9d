"""Road centre lines from OpenStreetMap, ready for planning (through osmnx).

Offline from a local ``.osm`` (XML), ``.osm.pbf`` or ``.graphml`` file (as
``osmnx.save_graphml`` writes it), or online for a bounding box. From ``.osm``/``.osm.pbf``
only the ways tagged as roads (:func:`is_road`) reach osmnx: pyosmium extracts them first,
so the buildings and land use of a raw extract never become unclassified "roads". The result has
one line per road segment between junctions with the columns ``highway`` (the first
value when OpenStreetMap gives several), ``name``, ``oneway`` and ``osmid``: the
``highway`` classes are those :class:`~gridplanner.algorithms.PlanParameters` knows.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._typing import CRSLike
from .errors import GridPlannerError, InputError

if TYPE_CHECKING:
    import networkx as nx

#: ``network_type`` values of osmnx accepted for online downloads.
NETWORK_TYPES = ("all", "all_public", "drive", "drive_service", "walk", "bike")


def _first(value: Any) -> Any:
    """The first element of an OSM tag that osmnx gives as a list; the value itself else."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return _first(value[0]) if len(value) else None
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


def _joined(value: Any) -> Any:
    if isinstance(value, (list, tuple, np.ndarray)):
        parts = [str(_first(v)) for v in value if _first(v) is not None]
        return ";".join(dict.fromkeys(parts)) or None
    return _first(value)


def _oneway(value: Any) -> bool:
    value = _first(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return str(value).strip().lower() in ("yes", "true", "1", "-1")


def graph_to_roads(graph: nx.MultiDiGraph, crs: CRSLike | None = None) -> gpd.GeoDataFrame:
    """Turn an osmnx graph into road lines (one per undirected edge).

    Two-way roads appear once (``osmnx.convert.to_undirected``); rows are sorted by
    their coordinates so the same graph always gives the same layer.
    """
    import osmnx as ox

    if graph.number_of_edges() == 0:
        raise InputError("no roads found (the data holds no way tagged 'highway')", layer="OpenStreetMap")
    undirected = ox.convert.to_undirected(graph)
    edges = ox.graph_to_gdfs(undirected, nodes=False, edges=True, fill_edge_geometry=True)
    edges = edges.reset_index(drop=True)
    out = gpd.GeoDataFrame({
        "highway": [None if (v := _first(h)) is None else str(v) for h in edges.get("highway", [None] * len(edges))],
        "name": [None if (v := _joined(n)) is None else str(v) for n in edges.get("name", [None] * len(edges))],
        "oneway": [_oneway(o) for o in edges.get("oneway", [False] * len(edges))],
        "osmid": [None if (v := _joined(o)) is None else str(v) for o in edges.get("osmid", [None] * len(edges))],
    }, geometry=edges.geometry.to_numpy(), crs=edges.crs)
    wkb = shapely.to_wkb(shapely.normalize(out.geometry.to_numpy()))
    out = out.loc[~pd.Series(wkb).duplicated().to_numpy()]
    xy = shapely.get_coordinates(shapely.point_on_surface(out.geometry.to_numpy()))
    out = out.iloc[np.lexsort((xy[:, 0], xy[:, 1]))].reset_index(drop=True)
    if crs is not None:
        out = out.to_crs(crs)
    return out


#: ``highway`` values that are no road (osmnx's own filter for its network type ``all``).
NOT_ROADS = ("abandoned", "construction", "no", "planned", "platform", "proposed", "raceway", "razed")


def is_road(tags: Any) -> bool:
    """Whether an OpenStreetMap way's tags make it a road: a ``highway`` tag that is not in
    :data:`NOT_ROADS` and no ``area=yes`` (squares drawn as areas are no centre lines)."""
    highway = tags.get("highway")
    return bool(highway) and highway not in NOT_ROADS and tags.get("area") != "yes"


def _roads_to_xml(path: Path, folder: str) -> Path:
    """The roads of an ``.osm``/``.osm.pbf`` file (with their nodes) as OpenStreetMap XML.

    A raw extract holds buildings, land use and everything else as ways too; osmnx would
    turn every one of them into an edge without a class. Only the ways :func:`is_road`
    accepts are kept (pyosmium), with the nodes they reference.
    """
    try:
        import osmium
    except ImportError as exc:
        raise GridPlannerError("reading OpenStreetMap files needs the Python package 'osmium' "
                               "(pip install osmium)") from exc
    target = Path(folder) / (path.name.split(".")[0] + "_roads.osm")
    with osmium.BackReferenceWriter(str(target), ref_src=str(path)) as writer:
        for way in osmium.FileProcessor(str(path), osmium.osm.WAY):
            if is_road(way.tags):
                writer.add_way(way)
    return target


def load_osm_roads(path: str | os.PathLike | None = None, bbox: tuple[float, float, float, float] | None = None,
                   crs: CRSLike | None = None, network_type: str = "all") -> gpd.GeoDataFrame:
    """Road lines from an OpenStreetMap file (offline) or for a bounding box (online).

    Parameters
    ----------
    path
        ``.osm`` (XML), ``.osm.pbf`` or ``.graphml`` file. Every way with a ``highway`` tag is
        kept (footways too, as they bound blocks); all connected parts are kept.
    bbox
        ``(west, south, east, north)`` in degrees (EPSG:4326), when no ``path`` is given:
        downloads through the Overpass API (needs the internet).
    crs
        Output CRS (anything pyproj accepts); ``None`` keeps EPSG:4326.
    network_type
        For downloads only: osmnx's network type (``all`` keeps service roads and paths).

    Returns
    -------
    GeoDataFrame
        Columns ``highway``, ``name``, ``oneway``, ``osmid`` and line geometries.
    """
    import osmnx as ox

    if path is None and bbox is None:
        raise InputError("give an OpenStreetMap file or an extent", layer="OpenStreetMap")
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise InputError(f"file not found: {path}", layer="OpenStreetMap")
        name = path.name.lower()
        try:
            if name.endswith(".graphml"):
                graph = ox.load_graphml(path)
            elif name.endswith((".osm.pbf", ".pbf", ".osm", ".xml", ".osm.bz2")):
                with tempfile.TemporaryDirectory(prefix="gridplanner-osm-") as folder:
                    graph = ox.graph_from_xml(_roads_to_xml(path, folder), simplify=False, retain_all=True)
            else:
                raise InputError(f"unknown file type {path.suffix!r}; expected .osm, .osm.pbf or .graphml",
                                 layer="OpenStreetMap")
        except GridPlannerError:
            raise
        except Exception as exc:  # osmnx/networkx/xml raise many unrelated types
            raise InputError(f"cannot read {path}: {type(exc).__name__}: {exc}", layer="OpenStreetMap") from exc
    else:
        if network_type not in NETWORK_TYPES:
            raise InputError(f"unknown network type {network_type!r}; one of {', '.join(NETWORK_TYPES)}")
        assert bbox is not None      # no path: the check above makes sure there is an extent
        west, south, east, north = map(float, bbox)
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise InputError(f"the extent {bbox} is not (west, south, east, north) in degrees")
        try:
            graph = ox.graph_from_bbox((west, south, east, north), network_type=network_type, simplify=False,
                                       retain_all=True)
        except Exception as exc:  # network errors, empty responses
            raise GridPlannerError(f"downloading roads from OpenStreetMap failed: {type(exc).__name__}: {exc}") \
                from exc
    if not graph.graph.get("simplified"):
        # Join segments between junctions, but never across a change of road class (a
        # secondary road must not become part of a tertiary one) and keep closed loops.
        graph = ox.simplify_graph(graph, edge_attrs_differ=["highway"], remove_rings=False)
    return graph_to_roads(graph, crs)
