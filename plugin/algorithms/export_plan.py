"""Processing algorithm "Export for governance" (``gridplanner:exportplan``).

QGIS glue only: collects the parameters and calls
:func:`gridplanner.algorithms.export.export_plan`, which validates the plan, applies the
schema profile and coordinate system and writes the file or PostGIS table.

The plan is read through QGIS's own provider (:mod:`gridplanner.plugin.planfile`), never by
a second GDAL/SQLite: a plan open in the dock is read from the dock's layers, after its
pending edits are saved, on the main thread in :meth:`prepareAlgorithm`.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..i18n import tr
from .common import GridPlannerAlgorithm

FORMATS = ("gpkg", "shp", "geojson", "kml", "csv", "postgis")
PROFILES = ("cn", "en")
CRS_CHOICES = ("auto", "keep", "4490", "gk", "gcj02", "bd09", "custom")
ENCODINGS = ("utf-8", "gbk")


class ExportPlanAlgorithm(GridPlannerAlgorithm):
    """Validate a plan and export its grids for registration in a governance system."""

    PLAN = "PLAN"
    FORMAT = "FORMAT"
    PROFILE = "PROFILE"
    PROFILE_FILE = "PROFILE_FILE"
    CRS = "CRS"
    CUSTOM_CRS = "CUSTOM_CRS"
    ENCODING = "ENCODING"
    CONNECTION = "CONNECTION"
    TABLE = "TABLE"
    FORCE = "FORCE"
    OVERWRITE = "OVERWRITE"
    OUTPUT = "OUTPUT"
    TARGET = "TARGET"
    GRID_COUNT = "GRID_COUNT"
    ISSUE_COUNT = "ISSUE_COUNT"

    def createInstance(self):  # noqa: N802
        return ExportPlanAlgorithm()

    def name(self):
        return "exportplan"

    def displayName(self):  # noqa: N802
        return tr("Export for governance")

    def tags(self):
        return tr("export,registration,网格编码,WGBM,GCJ-02,BD-09,CGCS2000,PostGIS,Shapefile").split(",")

    def shortDescription(self):  # noqa: N802
        return tr("Validates a grid plan and exports it with a registration schema and coordinate system.")

    def shortHelpString(self):  # noqa: N802
        paragraphs = [
            tr(
                "Exports the grids of a plan written by <i>Plan grids</i> or <i>gridplanner plan</i> (a "
                "GeoPackage with the layers grids and buildings) for registration in a governance platform."
            ),
            tr(
                "<b>Safety</b>: the plan is checked first: households within the band, every grid in one "
                "piece, grids tiling each community without gap or overlap, every building in a grid, "
                "grid codes unique, of the right length and starting with their community code. An "
                "invalid plan is refused with the reasons unless <i>Export even if the plan fails the "
                "checks</i> is ticked. An existing file or table is only replaced when asked."
            ),
            tr(
                "<b>Schema</b>: <i>cn</i> writes the Chinese registration fields (WGBM 网格编码, WGMC 网格名称, "
                "SZSQDM 所属社区代码, SZJDDM 所在街道代码, WGLX 网格类型, HS 户数, RK 人口, MJ 面积, WGY 网格员, "
                "CSRQ 初始日期, ZZRQ 终止日期); <i>en</i> plain English names. A profile file (TOML or JSON) "
                "can rename, drop and add fields."
            ),
            tr(
                "<b>Coordinates</b>: automatic (the plan's CRS; WGS 84 for GeoJSON and KML), the plan's "
                "CRS, CGCS2000 geographic (EPSG:4490), the CGCS2000 3-degree Gauss-Krüger zone of the "
                "data, GCJ-02 (AMap, Tencent) or BD-09 (Baidu) for web maps, or any other CRS."
            ),
            tr(
                "<b>Output</b>: a GeoPackage, Shapefile (with a .cpg, UTF-8 or GBK), GeoJSON, KML or CSV "
                "(geometry as WKT) file, or a PostGIS table: give a service name or postgresql:// URI "
                "and a table name. Passwords are never shown; the table is replaced in one transaction."
            ),
        ]
        return "".join(f"<p>{p}</p>" for p in paragraphs)

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.PLAN, tr("Plan (GeoPackage written by Plan grids)"), behavior=QgsProcessingParameterFile.File,
            fileFilter=tr("GeoPackage (*.gpkg)")))
        self.addParameter(QgsProcessingParameterEnum(
            self.FORMAT, tr("Format"),
            [tr("GeoPackage"), tr("Shapefile"), tr("GeoJSON"), tr("KML"), tr("CSV (WKT geometry)"),
             tr("PostGIS table")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.PROFILE, tr("Schema"), [tr("Chinese registration schema (WGBM, WGMC, …)"), tr("English field names")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterFile(
            self.PROFILE_FILE, tr("Profile file (replaces the schema above)"),
            behavior=QgsProcessingParameterFile.File, fileFilter=tr("Profiles (*.toml *.json)"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.CRS, tr("Coordinates"),
            [tr("Automatic"), tr("Keep the plan's CRS"), tr("CGCS2000 geographic (EPSG:4490)"),
             tr("CGCS2000 3-degree Gauss-Krüger zone of the data"), tr("GCJ-02 (AMap, Tencent)"),
             tr("BD-09 (Baidu)"), tr("Other CRS (below)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterCrs(self.CUSTOM_CRS, tr("Other CRS"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.ENCODING, tr("Text encoding (Shapefile, CSV)"), ["UTF-8", "GBK"], defaultValue=0))
        self.addParameter(QgsProcessingParameterString(
            self.CONNECTION, tr("PostgreSQL service name or URI (PostGIS only)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.TABLE, tr("PostGIS table (NAME or SCHEMA.NAME)"), optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.FORCE, tr("Export even if the plan fails the checks"), defaultValue=False))
        self.addParameter(QgsProcessingParameterBoolean(
            self.OVERWRITE, tr("Replace an existing file or table"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Output file"),
            fileFilter=tr("GeoPackage (*.gpkg);;Shapefile (*.shp);;GeoJSON (*.geojson);;KML (*.kml);;CSV (*.csv)"),
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputString(self.TARGET, tr("Where the grids were written")))
        self.addOutput(QgsProcessingOutputNumber(self.GRID_COUNT, tr("Number of grids")))
        self.addOutput(QgsProcessingOutputNumber(self.ISSUE_COUNT, tr("Number of issues found by the checks")))

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Snapshot the plan's layers where they live (the main thread for a dialog).

        Errors are kept for :meth:`processAlgorithm`, which reports them with their own words.
        """
        self._plan, self._prepare_error = None, None
        try:
            self.start()
            from ..planfile import plan_sources

            self._plan = plan_sources(self.parameterAsFile(parameters, self.PLAN, context))
        except Exception as err:  # noqa: BLE001 - reported by processAlgorithm
            self._prepare_error = err
        return True

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.start()
        from ...algorithms import GridPlannerError
        from ...algorithms.export import export_plan

        error = getattr(self, "_prepare_error", None)
        if error is not None:
            raise QgsProcessingException(str(error)) from error
        sources = getattr(self, "_plan", None)
        if sources is None:      # prepareAlgorithm was not called (cannot happen through QGIS's runners)
            from ..planfile import plan_sources

            try:
                sources = plan_sources(self.parameterAsFile(parameters, self.PLAN, context))
            except GridPlannerError as err:
                raise QgsProcessingException(str(err)) from err
        for note in sources.notes:
            feedback.pushInfo(note)

        fmt = FORMATS[self.parameterAsEnum(parameters, self.FORMAT, context)]
        profile = (self.parameterAsFile(parameters, self.PROFILE_FILE, context)
                   or PROFILES[self.parameterAsEnum(parameters, self.PROFILE, context)])
        crs = CRS_CHOICES[self.parameterAsEnum(parameters, self.CRS, context)]
        if crs == "custom":
            chosen = self.parameterAsCrs(parameters, self.CUSTOM_CRS, context)
            if not chosen.isValid():
                raise QgsProcessingException(tr("Choose the other CRS."))
            crs = chosen.authid() or chosen.toWkt()
        if fmt == "postgis":
            target = self.parameterAsString(parameters, self.CONNECTION, context)
            if not target:
                raise QgsProcessingException(tr("Give the PostgreSQL service name or URI."))
        else:
            target = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
            if not target:
                raise QgsProcessingException(tr("Choose the output file."))
        # The export itself takes about a second and writes atomically (a temporary file renamed,
        # or one database transaction), so Cancel is honoured up to its start.
        if feedback.isCanceled():
            return self.cancelled_result(feedback)
        feedback.setProgressText(tr("Checking and exporting the plan…"))
        try:
            plan = sources.read(is_cancelled=feedback.isCanceled)
            if feedback.isCanceled():
                return self.cancelled_result(feedback)
            result = export_plan(
                plan, target, fmt=fmt, profile=profile, crs=crs,
                encoding=ENCODINGS[self.parameterAsEnum(parameters, self.ENCODING, context)],
                force=self.parameterAsBoolean(parameters, self.FORCE, context),
                overwrite=self.parameterAsBoolean(parameters, self.OVERWRITE, context),
                table=self.parameterAsString(parameters, self.TABLE, context) or None)
        except GridPlannerError as err:
            raise QgsProcessingException(str(err)) from err
        for issue in result.issues:
            feedback.pushWarning(str(issue))
        feedback.pushInfo(result.summary())
        feedback.setProgress(100)
        outputs = {self.TARGET: result.target, self.GRID_COUNT: result.grids, self.ISSUE_COUNT: len(result.issues)}
        if fmt != "postgis":
            outputs[self.OUTPUT] = target
        return outputs
