"""QGIS layers <-> GeoDataFrames (plugin/convert.py), without the planning engine."""

from __future__ import annotations

import math

import pytest

pytestmark = pytest.mark.qgis


@pytest.fixture
def buildings_layer(qgis_app):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtCore import QDate

    layer = QgsVectorLayer(
        "Polygon?crs=EPSG:4549&field=households:integer&field=area:double&field=compound_id:string"
        "&field=built:date",
        "buildings",
        "memory",
    )
    rows = [
        ("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))", [12, 100.5, "C1", QDate(2001, 2, 3)]),
        ("POLYGON((20 0, 30 0, 30 10, 20 10, 20 0))", [None, None, None, None]),
        ("POLYGON((40 0, 50 10, 50 0, 40 10, 40 0))", [7, 3.0, "C2", None]),  # bow-tie: invalid
        (None, [3, 1.0, "C2", None]),
    ]
    features = []
    for wkt, attrs in rows:
        f = QgsFeature(layer.fields())
        if wkt:
            f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes(attrs)
        features.append(f)
    assert layer.dataProvider().addFeatures(features)[0]
    return layer


def test_layer_to_gdf(buildings_layer):
    import shapely

    from gridplanner.plugin import convert

    gdf, fids = convert.source_to_gdf(buildings_layer)
    assert len(gdf) == 4 and fids == [1, 2, 3, 4]
    assert list(gdf.index) == [1, 2, 3, 4]  # QGIS feature ids, like the CLI's fid_as_index
    assert gdf.crs.to_epsg() == 4549
    assert list(gdf.columns) == ["households", "area", "compound_id", "built", "geometry"]
    # NULL -> NaN for numbers (like pyogrio), None for text
    assert gdf["households"].dtype == "float64"
    row = gdf.reset_index(drop=True)
    assert row["households"][0] == 12 and math.isnan(row["households"][1])
    assert math.isnan(row["area"][1])
    assert gdf["compound_id"].tolist() == ["C1", None, "C2", "C2"]
    assert str(row["built"][0].date()) == "2001-02-03"
    # geometries kept as they are: invalid ones too (the engine repairs and reports them)
    assert row.geometry[0].area == 100
    assert not shapely.is_valid(row.geometry[2])
    assert row.geometry[3] is None


def test_selected_features_only(buildings_layer, gridplanner_provider):
    """parameterAsSource honours "Selected features only"; invalid geometries still come through."""
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeatureSourceDefinition, QgsProject

    from gridplanner.plugin import convert

    QgsProject.instance().addMapLayer(buildings_layer, False)
    try:
        buildings_layer.selectByIds([1, 3])
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        alg = QgsApplication.processingRegistry().createAlgorithmById("gridplanner:plangrids")
        source = alg.parameterAsSource(
            {"BUILDINGS": QgsProcessingFeatureSourceDefinition(buildings_layer.id(), True)}, "BUILDINGS", context
        )
        gdf, fids = convert.source_to_gdf(source)
        assert fids == [1, 3] and list(gdf.index) == [1, 3]
        assert gdf["compound_id"].tolist() == ["C1", "C2"]
        assert not gdf.geometry[3].is_valid  # Processing's invalid-geometry filter is bypassed
    finally:
        QgsProject.instance().removeMapLayer(buildings_layer.id())


def test_gdf_to_memory_sink_round_trip(qgis_app):
    import geopandas as gpd
    import numpy as np
    from qgis.core import QgsField, QgsFields, QgsVectorLayer, QgsWkbTypes
    from qgis.PyQt.QtCore import QVariant
    from shapely.geometry import MultiPolygon, box

    from gridplanner.plugin import convert

    gdf = gpd.GeoDataFrame(
        {
            "grid_code": ["110101001001001", "110101001001002"],
            "households": np.array([401, 399], dtype="int64"),
            "workload": [1.5, np.nan],
            "ok": [True, False],
            "reason": [None, "too small"],
        },
        geometry=[box(0, 0, 1, 1), MultiPolygon([box(2, 0, 3, 1), box(4, 0, 5, 1)])],
        crs="EPSG:4549",
    )
    fields = convert.fields_from_gdf(gdf)
    assert [fields.field(i).type() for i in range(fields.count())] == [
        QVariant.String, QVariant.LongLong, QVariant.Double, QVariant.Bool, QVariant.String,
    ]
    assert convert.sink_wkb_type(gdf) == QgsWkbTypes.MultiPolygon
    crs = convert.crs_to_qgis(gdf.crs)
    assert crs.authid() == "EPSG:4549"

    layer = QgsVectorLayer(f"MultiPolygon?crs={crs.authid()}", "out", "memory")
    layer.dataProvider().addAttributes(fields.toList())
    layer.updateFields()
    assert convert.write_gdf(gdf, layer.dataProvider(), layer.fields(), QgsWkbTypes.MultiPolygon) == 2

    back, _ = convert.source_to_gdf(layer)
    assert back["grid_code"].tolist() == gdf["grid_code"].tolist()
    assert back["households"].tolist() == [401, 399]
    assert back["workload"].iloc[0] == 1.5 and math.isnan(back["workload"].iloc[1])
    assert back["reason"].tolist() == [None, "too small"]
    assert back.geometry.iloc[0].geom_type == "MultiPolygon"  # promoted to the sink's type
    assert back.geometry.area.tolist() == [1.0, 2.0]

    # A field the frame lacks is written as NULL; an extra column is ignored.
    extra = QgsFields(fields)
    extra.append(QgsField("absent", QVariant.String))
    layer2 = QgsVectorLayer("MultiPolygon?crs=EPSG:4549", "out2", "memory")
    layer2.dataProvider().addAttributes(extra.toList())
    layer2.updateFields()
    convert.write_gdf(gdf, layer2.dataProvider(), layer2.fields(), QgsWkbTypes.MultiPolygon)
    assert [convert._python_value(f["absent"]) for f in layer2.getFeatures()] == [None, None]


def test_crs_without_epsg_code(qgis_app):
    import pyproj
    from qgis.core import QgsCoordinateReferenceSystem

    from gridplanner.plugin import convert

    custom = QgsCoordinateReferenceSystem.fromProj(
        "+proj=tmerc +lat_0=0 +lon_0=117.3 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs")
    assert custom.isValid()
    crs = convert.crs_to_pyproj(custom)
    assert isinstance(crs, pyproj.CRS) and crs.is_projected
    back = convert.crs_to_qgis(crs)
    assert back.isValid() and "117.3" in back.toProj()
