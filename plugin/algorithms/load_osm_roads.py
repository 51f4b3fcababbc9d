"""Processing algorithm "Load roads from OpenStreetMap" (``gridplanner:loadosmroads``).

QGIS glue only: reading is :func:`gridplanner.algorithms.osm.load_osm_roads` (osmnx).
"""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
)

from .. import dependencies
from ..i18n import tr
from .common import MULTILINE, Cancelled, GridPlannerAlgorithm


class LoadOsmRoadsAlgorithm(GridPlannerAlgorithm):
    """Road centre lines with their highway class from an OSM file or the OSM servers."""

    EXTRA_REQUIREMENTS = dependencies.OSM_REQUIRED
    INPUT_FILE = "INPUT_FILE"
    EXTENT = "EXTENT"
    NETWORK_TYPE = "NETWORK_TYPE"
    TARGET_CRS = "TARGET_CRS"
    OUTPUT = "OUTPUT"
    ROAD_COUNT = "ROAD_COUNT"
    NETWORK_TYPES = ("all", "all_public", "drive", "drive_service", "walk", "bike")

    def createInstance(self):  # noqa: N802
        return LoadOsmRoadsAlgorithm()

    def name(self):
        return "loadosmroads"

    def displayName(self):  # noqa: N802
        return tr("Load roads from OpenStreetMap")

    def tags(self):
        return tr("OpenStreetMap,OSM,osmnx,roads,道路,highway,pbf,graphml,download").split(",")

    def shortDescription(self):  # noqa: N802
        return tr("Road centre lines with their OpenStreetMap highway class, ready for Plan grids.")

    def help_paragraphs(self):
        return [
            tr("Reads roads from OpenStreetMap through osmnx and writes them as lines with the fields "
               "<b>highway</b> (the road class; the first one when OpenStreetMap gives several), "
               "<b>name</b>, <b>oneway</b> and <b>osmid</b>, ready to be the roads of <i>Plan grids</i>. "
               "Road segments run from junction to junction and never mix two road classes."),
            tr("<b>Offline</b>: choose an OpenStreetMap file — .osm (XML, e.g. exported from "
               "openstreetmap.org or JOSM), .osm.pbf (an extract such as Geofabrik's; needs the Python "
               "package osmium) or .graphml (saved by osmnx). Every way with a highway tag is kept."),
            tr("<b>Online</b>: leave the file empty and give an <b>extent</b> (e.g. of the communities "
               "layer); the roads are downloaded from the Overpass API for that extent. The network "
               "type chooses which roads (all keeps footpaths and service roads, which often bound "
               "compounds)."),
            tr("<b>Target CRS</b>: the CRS of the output; when empty, the CGCS2000 3-degree "
               "Gauss-Krüger zone of the data (a CRS in metres, as planning needs)."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT_FILE, tr("OpenStreetMap file (.osm, .osm.pbf, .graphml)"),
            behavior=QgsProcessingParameterFile.File,
            fileFilter=tr("OpenStreetMap data (*.osm *.osm.pbf *.pbf *.graphml *.xml)"), optional=True))
        self.addParameter(QgsProcessingParameterExtent(
            self.EXTENT, tr("Extent to download (when no file is given; needs the internet)"), optional=True))
        network = QgsProcessingParameterEnum(
            self.NETWORK_TYPE, tr("Network type (downloads only)"), options=list(self.NETWORK_TYPES), defaultValue=0)
        network.setFlags(network.flags() | QgsProcessingParameterEnum.FlagAdvanced)
        self.addParameter(network)
        self.addParameter(QgsProcessingParameterCrs(self.TARGET_CRS, tr("Target CRS"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Roads"), QgsProcessing.TypeVectorLine))
        self.addOutput(QgsProcessingOutputNumber(self.ROAD_COUNT, tr("Number of road segments")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        convert = self.start()
        from ...algorithms.osm import load_osm_roads
        from ...algorithms.prepare import working_crs_for

        path = self.parameterAsFile(parameters, self.INPUT_FILE, context) or None
        bbox = None
        if path is None:
            if parameters.get(self.EXTENT) in (None, ""):
                raise QgsProcessingException(tr("Choose an OpenStreetMap file, or an extent to download."))
            extent = self.parameterAsExtent(parameters, self.EXTENT, context, QgsCoordinateReferenceSystem("EPSG:4326"))
            if extent.isNull() or extent.isEmpty():
                raise QgsProcessingException(tr("Choose an OpenStreetMap file, or an extent to download."))
            bbox = (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
        if path is not None and path.lower().endswith("pbf") and dependencies.check(dependencies.PBF_REQUIRED):
            raise QgsProcessingException(dependencies.message(dependencies.check(dependencies.PBF_REQUIRED)))
        network = self.NETWORK_TYPES[self.parameterAsEnum(parameters, self.NETWORK_TYPE, context)]
        target = self.parameterAsCrs(parameters, self.TARGET_CRS, context)
        try:
            feedback.setProgressText(tr("Reading OpenStreetMap data…") if path else tr("Downloading roads…"))
            feedback.setProgress(5.0)
            roads = self.run_core(load_osm_roads, path=path, bbox=bbox, network_type=network)
            if feedback.isCanceled():
                raise Cancelled()
            crs = convert.crs_to_pyproj(target) if target.isValid() else working_crs_for(roads)[0]
            roads = roads.to_crs(crs)
            feedback.setProgress(80.0)
            if feedback.isCanceled():
                raise Cancelled()
        except Cancelled:
            return self.cancelled_result(feedback)
        feedback.setProgressText(tr("Writing results…"))
        dest = self.write(convert, parameters, context, self.OUTPUT, roads, MULTILINE, convert.crs_to_qgis(crs))
        feedback.setProgress(100.0)
        feedback.pushInfo(tr("{n} road segments written.").format(n=len(roads)))
        return {self.OUTPUT: dest, self.ROAD_COUNT: len(roads)}
