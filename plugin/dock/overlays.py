"""Layers the dock draws over a plan under edit: hard barriers and community outlines.

Both are memory layers made from the session (the barriers exactly as the engine and the
rule checks see them; the communities as the union of their grids), put in the plan's layer
group above the grids, and made again whenever a plan is opened. They are marked with
:data:`OVERLAY_PROPERTY` so that an older copy is removed first.
"""

from __future__ import annotations

import shapely
from qgis.core import QgsFeature, QgsField, QgsLayerTreeGroup, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from .. import convert
from ..i18n import tr
from ..styling import style_barriers, style_community_outlines

#: Custom property naming an overlay layer's kind ("barriers" or "communities").
OVERLAY_PROPERTY = "gridplanner/overlay"


def _memory_layer(kind: str, geometry: str, crs_authid: str, name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{geometry}?crs={crs_authid}", name, "memory")
    layer.setCustomProperty(OVERLAY_PROPERTY, kind)
    return layer


def remove_overlays(group: QgsLayerTreeGroup | None) -> None:
    """Remove the overlay layers of earlier plans from the project."""
    project = QgsProject.instance()
    for layer in list(project.mapLayers().values()):
        if layer.customProperty(OVERLAY_PROPERTY):
            project.removeMapLayer(layer.id())


def add_overlays(session, group: QgsLayerTreeGroup) -> dict[str, QgsVectorLayer]:
    """Hard barriers and community outlines of ``session``'s plan, on top of ``group``."""
    remove_overlays(group)
    crs = session.grids_layer.crs()
    authid = crs.authid() or crs.toWkt()
    barriers = _memory_layer("barriers", "MultiLineString", authid, tr("hard barriers"))
    outlines = _memory_layer("communities", "MultiPolygon", authid, tr("community outlines"))
    barriers.setCrs(crs)
    outlines.setCrs(crs)

    lines = [g for g in session.editor.hard_lines if g is not None and not shapely.is_empty(g)]
    features = []
    for line in lines:
        feature = QgsFeature()
        feature.setGeometry(convert.to_qgs_geometry(line, barriers.wkbType()))
        features.append(feature)
    barriers.dataProvider().addFeatures(features)

    outlines.dataProvider().addAttributes([QgsField("community_code", QVariant.String),
                                           QgsField("community_name", QVariant.String)])
    outlines.updateFields()
    by_community: dict[str, list] = {}
    for row in session.editor.grids.values():
        if row.geometry is not None and row.n_buildings:
            by_community.setdefault(row.community, []).append(row.geometry)
    features = []
    for code in sorted(by_community):
        feature = QgsFeature(outlines.fields())
        feature.setAttributes([code, session.community_names.get(code)])
        union = shapely.union_all(by_community[code], grid_size=0.01)
        feature.setGeometry(convert.to_qgs_geometry(union, outlines.wkbType()))
        features.append(feature)
    outlines.dataProvider().addFeatures(features)
    barriers.updateExtents()
    outlines.updateExtents()
    style_barriers(barriers)
    style_community_outlines(outlines)
    project = QgsProject.instance()
    top = 0
    for child in group.children():      # below the problems, above buildings and grids
        if getattr(child, "layer", None) and child.layer() is not None and child.layer().name() == "problems":
            top = group.children().index(child) + 1
    for layer in (barriers, outlines):
        project.addMapLayer(layer, False)
        group.insertLayer(top, layer)
    return {"barriers": barriers, "communities": outlines}
