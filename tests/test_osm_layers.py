"""osm_layers: ``gridplanner prepare-osm`` on a small hand-made OpenStreetMap file."""

from __future__ import annotations

import hashlib
import math

import geopandas as gpd
import pyogrio
import pytest
import shapely

from gridplanner.algorithms import InputError
from gridplanner.algorithms.osm_layers import ATTRIBUTION, prepare_osm_layers
from gridplanner.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning",
                                        "ignore::DeprecationWarning")

LON0, LAT0 = 116.31, 40.0


class OsmWriter:
    """Builds OpenStreetMap XML from shapes given in metres around (LON0, LAT0)."""

    def __init__(self) -> None:
        self.nodes: list[str] = []
        self.ways: list[str] = []
        self.relations: list[str] = []
        self.next_id = 1

    def _node(self, x: float, y: float) -> int:
        nid = self.next_id
        self.next_id += 1
        lat = LAT0 + y / 111320.0
        lon = LON0 + x / (111320.0 * math.cos(math.radians(LAT0)))
        self.nodes.append(f'<node id="{nid}" version="1" lat="{lat:.8f}" lon="{lon:.8f}"/>')
        return nid

    def way(self, coords: list[tuple[float, float]], tags: dict[str, str], closed: bool = False) -> int:
        refs = [self._node(x, y) for x, y in coords]
        if closed:
            refs.append(refs[0])
        wid = self.next_id
        self.next_id += 1
        body = "".join(f'<nd ref="{r}"/>' for r in refs) + "".join(
            f'<tag k="{k}" v="{v}"/>' for k, v in tags.items())
        self.ways.append(f'<way id="{wid}" version="1">{body}</way>')
        return wid

    def box(self, x0: float, y0: float, x1: float, y1: float, tags: dict[str, str]) -> int:
        return self.way([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], tags, closed=True)

    def multipolygon(self, outer: int, inner: int, tags: dict[str, str]) -> int:
        rid = self.next_id
        self.next_id += 1
        body = (f'<member type="way" ref="{outer}" role="outer"/><member type="way" ref="{inner}" role="inner"/>'
                '<tag k="type" v="multipolygon"/>' + "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items()))
        self.relations.append(f'<relation id="{rid}" version="1">{body}</relation>')
        return rid

    def text(self) -> str:
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n'
                + "\n".join(self.nodes + self.ways + self.relations) + "\n</osm>\n")


@pytest.fixture()
def osm_file(tmp_path):
    w = OsmWriter()
    w.box(0, 0, 20, 10, {"building": "apartments", "building:levels": "10", "name": "一号楼"})     # 200 m²
    w.box(30, 0, 50, 10, {"building": "yes", "height": "30 m"})                                    # 10 floors
    w.box(60, 0, 80, 10, {"building": "apartments"})                                               # 6 floors
    w.box(0, 20, 20, 30, {"building": "yes", "amenity": "restaurant"})
    w.box(30, 20, 50, 30, {"building": "commercial"})
    # a campus with teaching buildings and a staff compound inside it
    w.box(100, 0, 300, 200, {"amenity": "university", "name": "某大学"})
    w.box(110, 10, 130, 20, {"building": "yes"})
    w.box(200, 100, 290, 190, {"landuse": "residential", "name": "教工小区"})
    w.box(210, 110, 230, 120, {"building": "yes"})
    w.box(240, 110, 260, 120, {"building": "residential"})
    # a building drawn as a multipolygon relation with a courtyard
    outer = w.box(0, 50, 40, 90, {})
    inner = w.box(10, 60, 30, 80, {})
    w.multipolygon(outer, inner, {"building": "residential", "building:levels": "5;6"})
    w.box(-10, -10, 95, 95, {"landuse": "residential", "name": "示范小区"})
    w.way([(-50, -20), (400, -20)], {"highway": "primary", "name": "大街"})
    w.way([(95, -20), (95, 250)], {"highway": "residential"})
    w.way([(-50, -40), (400, -40)], {"railway": "rail"})
    w.way([(-50, -45), (400, -45)], {"railway": "subway", "tunnel": "yes", "layer": "-2"})
    w.way([(-50, 300), (400, 300)], {"waterway": "river", "name": "小河"})
    w.way([(-50, 320), (400, 320)], {"waterway": "ditch"})
    w.box(0, 250, 50, 280, {"natural": "water"})
    path = tmp_path / "small.osm"
    path.write_text(w.text(), encoding="utf-8")
    return path


def test_layers_estimates_and_their_basis(osm_file):
    layers = prepare_osm_layers(osm_file)
    assert layers.crs.to_epsg() == 4548            # CGCS2000 3-degree zone of 117°E
    assert set(layers.layers) == {"buildings", "roads", "water", "waterway", "compounds"}
    assert len(layers.layers["buildings"]) == 9
    assert list(layers.layers["buildings"].columns) == [
        "osm_id", "building", "name", "levels", "height_m", "floors", "floor_area_m2", "households",
        "population", "hh_basis", "nonres_reason", "geometry"]
    rows = layers.layers["buildings"]
    apt = rows[rows["name"] == "一号楼"].iloc[0]
    assert apt["hh_basis"] == "levels" and apt["floors"] == 10
    assert apt["households"] == pytest.approx(round(200 * 10 * 0.8 / 90), abs=1)
    assert apt["population"] == apt["households"] * 3
    by_basis = rows.groupby("hh_basis").size().to_dict()
    assert by_basis == {"levels": 2, "height": 1, "default_floors": 3, "not_residential": 3}
    assert rows.loc[rows["hh_basis"] == "height", "floors"].iloc[0] == 10
    defaults = rows[(rows["hh_basis"] == "default_floors")].set_index("building")["floors"].to_dict()
    assert defaults == {"apartments": 6, "yes": 3, "residential": 6}
    nonres = rows[rows["hh_basis"] == "not_residential"]
    assert (nonres["households"] == 0).all()
    assert set(nonres["nonres_reason"]) == {"amenity=restaurant", "building=commercial", "inside amenity=university"}
    # the multipolygon with a courtyard: its area without the hole, 5 floors from "5;6"
    mp = rows[rows["osm_id"].str.startswith("relation/")].iloc[0]
    assert mp["levels"] == 5 and mp["floor_area_m2"] == pytest.approx((1600 - 400) * 5, rel=0.01)
    roads = layers.layers["roads"]
    assert set(roads["highway"]) == {"primary", "residential", "railway"}
    assert list(roads.loc[roads["highway"] == "railway", "railway"]) == ["rail"]    # the tunnel is left out
    assert list(layers.layers["waterway"]["waterway"]) == ["river"]
    assert len(layers.layers["water"]) == 1
    compounds = layers.layers["compounds"]
    assert set(compounds["compound_name"]) == {"教工小区", "示范小区"}
    assert compounds["compound_id"].str.match(r"^(way|relation)/\d+$").all()


def test_default_floors_and_dwelling_size_are_parameters(osm_file):
    layers = prepare_osm_layers(osm_file, default_floors={"apartments": 12, "*": 2}, dwelling_size_m2=60)
    b = layers.layers["buildings"]
    assert b.loc[(b["building"] == "apartments") & (b["hh_basis"] == "default_floors"), "floors"].iloc[0] == 12
    assert b.loc[b["name"] == "一号楼", "households"].iloc[0] == round(200 * 10 * 0.8 / 60)


def test_pbf_gives_the_same_layers(osm_file, tmp_path):
    import osmium

    pbf = tmp_path / "small.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(osm_file)):
            writer.add(obj)
    xml, binary = prepare_osm_layers(osm_file), prepare_osm_layers(pbf)
    for name in xml.layers:
        assert len(xml.layers[name]) == len(binary.layers[name]), name
    assert xml.summary["households"] == binary.summary["households"]


def test_communities_are_copied_and_bound_the_buildings(osm_file, tmp_path):
    layers = prepare_osm_layers(osm_file)
    b = layers.layers["buildings"]
    west = shapely.box(*b.total_bounds)
    west = shapely.box(west.bounds[0] - 5, west.bounds[1] - 5, west.bounds[0] + 95, west.bounds[3] + 5)
    comm = gpd.GeoDataFrame({"code": ["110108001001"], "name": ["西区"]}, geometry=[west],
                            crs=layers.crs).to_crs(4326)
    bounded = prepare_osm_layers(osm_file, communities=comm)
    assert bounded.layers["communities"].crs.equals(layers.crs)
    assert list(bounded.layers["communities"]["code"]) == ["110108001001"]
    assert 0 < len(bounded.layers["buildings"]) < len(b)
    assert any("outside every community" in n for n in bounded.notes)


def test_cli_writes_atomically_refuses_and_leaves_input_alone(osm_file, tmp_path, capsys):
    before = hashlib.sha256(osm_file.read_bytes()).hexdigest()
    out = tmp_path / "layers.gpkg"
    assert main(["prepare-osm", str(osm_file), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "OpenStreetMap contributors" in text and "gridplanner plan" in text
    assert hashlib.sha256(osm_file.read_bytes()).hexdigest() == before
    assert {"buildings", "roads", "water", "waterway", "compounds"} <= set(pyogrio.list_layers(out)[:, 0])
    from gridplanner.algorithms import read_metadata
    assert read_metadata(out)["attribution"] == ATTRIBUTION
    stamp = out.stat().st_mtime_ns
    assert main(["prepare-osm", str(osm_file), "-o", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err and out.stat().st_mtime_ns == stamp
    assert main(["prepare-osm", str(osm_file), "-o", str(out), "--overwrite"]) == 0
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]


def test_cli_errors_name_the_file(tmp_path, capsys):
    out = tmp_path / "layers.gpkg"
    assert main(["prepare-osm", str(tmp_path / "missing.osm"), "-o", str(out)]) == 2
    assert "missing.osm" in capsys.readouterr().err
    bad = tmp_path / "roads.txt"
    bad.write_text("hello")
    assert main(["prepare-osm", str(bad), "-o", str(out)]) == 2
    assert "roads.txt" in capsys.readouterr().err
    broken = tmp_path / "broken.osm"
    broken.write_text("<osm><node id='1' lat='x'")
    assert main(["prepare-osm", str(broken), "-o", str(out)]) == 2
    assert "broken.osm" in capsys.readouterr().err
    w = OsmWriter()
    w.way([(0, 0), (100, 0)], {"highway": "primary"})
    roads_only = tmp_path / "roads_only.osm"
    roads_only.write_text(w.text())
    assert main(["prepare-osm", str(roads_only), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "roads_only.osm" in err and "no buildings" in err
    assert main(["prepare-osm", str(roads_only), "-o", str(out), "--default-floors", "yes"]) == 2
    assert not out.exists()


def test_no_roads_gives_an_empty_roads_layer(tmp_path):
    w = OsmWriter()
    w.box(0, 0, 20, 10, {"building": "yes"})
    path = tmp_path / "lonely.osm"
    path.write_text(w.text())
    layers = prepare_osm_layers(path)
    assert len(layers.layers["roads"]) == 0 and any("no roads" in n for n in layers.notes)
    out = layers.write(tmp_path / "lonely.gpkg")
    assert len(gpd.read_file(out, layer="roads")) == 0


def test_load_osm_roads_keeps_only_roads(osm_file):
    from gridplanner.algorithms.osm import load_osm_roads

    roads = load_osm_roads(osm_file)
    assert set(roads["highway"]) == {"primary", "residential"}


def test_missing_input_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        prepare_osm_layers(tmp_path / "nope.osm")
