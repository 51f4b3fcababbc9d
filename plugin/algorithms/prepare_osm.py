"""Processing algorithm "Prepare OpenStreetMap layers" (``gridplanner:prepareosm``).

QGIS glue only: the layers are made by
:func:`gridplanner.algorithms.osm_layers.prepare_osm_layers` (pyosmium, osmnx), as the CLI's
``gridplanner prepare-osm``.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterCrs,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from .. import dependencies
from ..i18n import tr
from .common import MULTILINE, MULTIPOLYGON, Cancelled, GridPlannerAlgorithm


class PrepareOsmAlgorithm(GridPlannerAlgorithm):
    """Buildings with estimated households, roads, water and compounds from an OSM file."""

    EXTRA_REQUIREMENTS = dependencies.OSM_REQUIRED + dependencies.PBF_REQUIRED
    INPUT_FILE = "INPUT_FILE"
    COMMUNITIES = "COMMUNITIES"
    TARGET_CRS = "TARGET_CRS"
    DEFAULT_FLOORS = "DEFAULT_FLOORS"
    STOREY_HEIGHT = "STOREY_HEIGHT"
    DWELLING_SIZE = "DWELLING_SIZE"
    RESIDENTIAL_SHARE = "RESIDENTIAL_SHARE"
    PEOPLE_PER_HOUSEHOLD = "PEOPLE_PER_HOUSEHOLD"
    BUILDINGS = "BUILDINGS"
    ROADS = "ROADS"
    WATER = "WATER"
    WATERWAY = "WATERWAY"
    COMPOUNDS = "COMPOUNDS"
    HOUSEHOLDS = "HOUSEHOLDS"
    BUILDING_COUNT = "BUILDING_COUNT"

    def createInstance(self):  # noqa: N802
        return PrepareOsmAlgorithm()

    def name(self):
        return "prepareosm"

    def displayName(self):  # noqa: N802
        return tr("Prepare OpenStreetMap layers")

    def tags(self):
        return tr("OpenStreetMap,OSM,pbf,buildings,households,户数,roads,道路,water,compounds,小区").split(",")

    def shortDescription(self):  # noqa: N802
        return tr("Buildings with estimated households, roads, water and compounds from an OpenStreetMap "
                  "file, ready for Plan grids.")

    def help_paragraphs(self):
        return [
            tr("Reads an OpenStreetMap file (.osm, .osm.bz2 or .osm.pbf, e.g. exported from "
               "openstreetmap.org or a Geofabrik extract; the file is only read) and makes the layers "
               "<i>Plan grids</i> needs, as the command <code>gridplanner prepare-osm</code> does."),
            tr("<b>Buildings</b>: footprints (closed ways and multipolygons tagged building) with "
               "<b>households</b> = footprint area × floors × residential share ÷ dwelling size. Floors "
               "come from building:levels (hh_basis = levels), else height ÷ storey height (height), "
               "else a default per building type (default_floors: apartments and residential 6, "
               "dormitory 5, mixed 4, yes 3, house 2; change them below as TYPE=N, e.g. "
               "<code>apartments=18, *=2</code>)."),
            tr("<b>Non-residential buildings get 0 households</b> (hh_basis = not_residential, "
               "nonres_reason says why): every building type other than residential, apartments, "
               "house, detached, semidetached_house, terrace, dormitory, bungalow, mixed and yes; a "
               "building=yes with an amenity, shop, office, tourism, healthcare, craft, industrial, "
               "leisure or similar tag; and a building=yes inside a school, university, hospital, "
               "commercial, retail or industrial area, unless a residential area inside that area "
               "holds it."),
            tr("<b>Roads</b>: centre lines with their highway class, and railways (not in tunnels) "
               "with highway = railway, a hard barrier. <b>Water</b>: water areas; <b>Waterways</b>: "
               "river and canal centre lines; give both to Plan grids as water. <b>Compounds</b>: "
               "residential areas (landuse=residential, place=neighbourhood) with compound_id and "
               "compound_name, for the compounds input of Plan grids."),
            tr("<b>Communities</b> (optional): OpenStreetMap rarely has community boundaries; with a "
               "communities layer, buildings outside every community are left out. Without one, Plan "
               "grids plans the whole area as one community. <b>Target CRS</b>: when empty, the "
               "CGCS2000 3-degree Gauss-Krüger zone of the data."),
            tr("Data © OpenStreetMap contributors, Open Database License (ODbL): keep this attribution "
               "wherever the layers or anything made from them are shown."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT_FILE, tr("OpenStreetMap file (.osm, .osm.pbf)"), behavior=QgsProcessingParameterFile.File,
            fileFilter=tr("OpenStreetMap data (*.osm *.osm.pbf *.pbf *.osm.bz2 *.xml)")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.COMMUNITIES, tr("Communities"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterCrs(self.TARGET_CRS, tr("Target CRS"), optional=True))
        advanced = [
            QgsProcessingParameterString(self.DEFAULT_FLOORS, tr("Default floors per building type (TYPE=N, …)"),
                                         defaultValue="", optional=True),
            QgsProcessingParameterNumber(self.STOREY_HEIGHT, tr("Storey height (m)"),
                                         QgsProcessingParameterNumber.Double, 3.0, minValue=0.5),
            QgsProcessingParameterNumber(self.DWELLING_SIZE, tr("Mean dwelling size (m²)"),
                                         QgsProcessingParameterNumber.Double, 90.0, minValue=1.0),
            QgsProcessingParameterNumber(self.RESIDENTIAL_SHARE, tr("Residential share of the floor area"),
                                         QgsProcessingParameterNumber.Double, 0.8, minValue=0.01, maxValue=1.0),
            QgsProcessingParameterNumber(self.PEOPLE_PER_HOUSEHOLD, tr("People per household"),
                                         QgsProcessingParameterNumber.Double, 3.0, minValue=0.1),
        ]
        for definition in advanced:
            definition.setFlags(definition.flags() | QgsProcessingParameterNumber.FlagAdvanced)
            self.addParameter(definition)
        for name, label, kind in ((self.BUILDINGS, tr("Buildings"), QgsProcessing.TypeVectorPolygon),
                                  (self.ROADS, tr("Roads"), QgsProcessing.TypeVectorLine),
                                  (self.WATER, tr("Water areas"), QgsProcessing.TypeVectorPolygon),
                                  (self.WATERWAY, tr("Waterways"), QgsProcessing.TypeVectorLine),
                                  (self.COMPOUNDS, tr("Compounds"), QgsProcessing.TypeVectorPolygon)):
            self.addParameter(QgsProcessingParameterFeatureSink(name, label, kind))
        self.addOutput(QgsProcessingOutputNumber(self.HOUSEHOLDS, tr("Households estimated")))
        self.addOutput(QgsProcessingOutputNumber(self.BUILDING_COUNT, tr("Number of buildings")))

    def _default_floors(self, text: str) -> dict[str, float]:
        out = {}
        for item in filter(None, (part.strip() for part in text.replace(";", ",").split(","))):
            key, _, value = item.partition("=")
            try:
                out[key.strip()] = float(value)
            except ValueError:
                raise QgsProcessingException(
                    tr("Default floors: expected TYPE=N, got “{item}”.").format(item=item)) from None
        return out

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        convert = self.start()
        from ...algorithms.osm_layers import ATTRIBUTION, prepare_osm_layers

        path = self.parameterAsFile(parameters, self.INPUT_FILE, context)
        if not path:
            raise QgsProcessingException(tr("Choose an OpenStreetMap file."))
        floors = self._default_floors(self.parameterAsString(parameters, self.DEFAULT_FLOORS, context) or "")
        target = self.parameterAsCrs(parameters, self.TARGET_CRS, context)
        sources = self.sources(parameters, context, (self.COMMUNITIES,))
        try:
            frames = self.read(convert, sources, feedback, 5.0)

            def progress(fraction, message=None):
                feedback.setProgress(5.0 + 75.0 * min(max(float(fraction), 0.0), 1.0))
                if message:
                    feedback.setProgressText(str(message))

            layers = self.run_core(
                prepare_osm_layers, path, crs=convert.crs_to_pyproj(target) if target.isValid() else None,
                communities=frames.get(self.COMMUNITIES), default_floors=floors,
                storey_height_m=self.parameterAsDouble(parameters, self.STOREY_HEIGHT, context),
                dwelling_size_m2=self.parameterAsDouble(parameters, self.DWELLING_SIZE, context),
                residential_share=self.parameterAsDouble(parameters, self.RESIDENTIAL_SHARE, context),
                people_per_household=self.parameterAsDouble(parameters, self.PEOPLE_PER_HOUSEHOLD, context),
                progress=progress, is_cancelled=feedback.isCanceled)
            if feedback.isCanceled():
                raise Cancelled()
        except Cancelled:
            return self.cancelled_result(feedback)
        feedback.setProgressText(tr("Writing results…"))
        crs = convert.crs_to_qgis(layers.crs)
        outputs = {}
        for key, name, kind in ((self.BUILDINGS, "buildings", MULTIPOLYGON), (self.ROADS, "roads", MULTILINE),
                                (self.WATER, "water", MULTIPOLYGON), (self.WATERWAY, "waterway", MULTILINE),
                                (self.COMPOUNDS, "compounds", MULTIPOLYGON)):
            outputs[key] = self.write(convert, parameters, context, key, layers.layers[name], kind, crs)
        for note in layers.notes:
            feedback.pushWarning(note)
        summary = layers.summary
        feedback.pushInfo(tr("{buildings} buildings ({residential} residential, {households} households "
                             "estimated), {roads} roads, {compounds} compounds.").format(
            buildings=summary["buildings"], residential=summary["residential_buildings"],
            households=summary["households"], roads=summary["roads"], compounds=summary["compounds"]))
        feedback.pushInfo(ATTRIBUTION)
        feedback.setProgress(100.0)
        outputs[self.HOUSEHOLDS] = summary["households"]
        outputs[self.BUILDING_COUNT] = summary["buildings"]
        return outputs
