"""What the staffing and micro-grid tools share: the plan read through QGIS, a people list,
the outputs written by the core's :class:`~gridplanner.algorithms.io.OutputSet`.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProject,
    QgsVectorLayer,
)

from ..i18n import tr
from .common import GridPlannerAlgorithm


class PeopleAlgorithm(GridPlannerAlgorithm):
    """A tool that reads a plan GeoPackage (and a people list) and writes a GeoPackage and a report."""

    PLAN = "PLAN"
    ROADS = "ROADS"
    OUTPUT = "OUTPUT"
    REPORT = "REPORT"

    def add_plan(self) -> None:
        self.addParameter(QgsProcessingParameterFile(
            self.PLAN, tr("Plan (GeoPackage written by Plan grids)"), extension="gpkg"))

    def add_people(self, name: str, label: str) -> None:
        self.addParameter(QgsProcessingParameterFile(
            name, label, optional=True, fileFilter=tr("Lists (*.csv *.xlsx *.gpkg *.shp *.geojson);;All files (*.*)")))

    def add_outputs(self, output_label: str, report_label: str) -> None:
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, output_label, tr("GeoPackage (*.gpkg)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, report_label, tr("HTML files (*.html)"), optional=True, createByDefault=True))

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Snapshot the plan's layers where they live (the main thread for a dialog); errors are
        reported by :meth:`processAlgorithm`."""
        self._plan, self._problems, self._prepare_error = None, None, None
        try:
            self.start()
            from ..planfile import Snapshot, plan_sources

            path = self.parameterAsFile(parameters, self.PLAN, context)
            self._plan = plan_sources(path, building_geometry=True)
            problems = QgsVectorLayer(f"{path}|layername=problems", "problems", "ogr")
            self._problems = Snapshot(problems) if problems.isValid() else None
        except Exception as err:  # noqa: BLE001 - reported by processAlgorithm
            self._prepare_error = err
        return True

    def plan(self, convert, feedback):
        """The plan as :class:`~gridplanner.algorithms.people.PlanLayers` (read in the task's thread)."""
        from ...algorithms.people import plan_layers

        error = getattr(self, "_prepare_error", None)
        if error is not None:
            raise QgsProcessingException(str(error)) from error
        sources = getattr(self, "_plan", None)
        if sources is None or sources.buildings is None:
            raise QgsProcessingException(tr("The plan has no buildings layer; give a plan written by Plan grids."))
        for note in sources.notes:
            feedback.pushInfo(note)
        grids, _ = convert.source_to_gdf(sources.grids, is_cancelled=feedback.isCanceled)
        buildings, _ = convert.source_to_gdf(sources.buildings, is_cancelled=feedback.isCanceled)
        problems = None
        if self._problems is not None:
            problems, _ = convert.source_to_gdf(self._problems, is_cancelled=feedback.isCanceled)
        return self.run_core(plan_layers, grids, buildings, sources.metadata, problems)

    def people(self, parameters, context, name: str, what: str):
        """The list of people at parameter ``name`` (None when not given)."""
        from ...algorithms.people import read_people

        path = self.parameterAsFile(parameters, name, context)
        return self.run_core(read_people, path, what) if path else None

    def roads(self, convert, parameters, context, feedback):
        """The roads parameter as a GeoDataFrame (None when not given)."""
        source = self.parameterAsSource(parameters, self.ROADS, context)
        if source is None:
            return None
        frame, _ = convert.source_to_gdf(source, is_cancelled=feedback.isCanceled)
        return frame

    def publish(self, layers_and_meta, report_text: str | None, output: str, report: str | None) -> None:
        """Write the GeoPackage and the report together (temporary names, then renamed; an
        existing file is replaced, as a Processing destination asks)."""
        from pathlib import Path

        from ...algorithms.io import OutputSet, write_layers

        def write() -> None:
            with OutputSet(overwrite=True) as out:
                gpkg = out.add(output)
                html = out.add(report) if report and report_text is not None else None
                with out.writing():
                    write_layers(gpkg, *layers_and_meta)
                    if html and report_text is not None:
                        Path(html).write_text(report_text, encoding="utf-8")

        self.run_core(write)

    @staticmethod
    def load_on_completion(context: QgsProcessingContext, path: str, layers: list[tuple[str, str]]) -> None:
        """Open layers of the written GeoPackage in the project when the tool completes."""
        for name, label in layers:
            layer = QgsVectorLayer(f"{path}|layername={name}", label, "ogr")
            if not layer.isValid():
                continue
            context.temporaryLayerStore().addMapLayer(layer)
            context.addLayerToLoadOnCompletion(
                layer.id(), QgsProcessingContext.LayerDetails(label, context.project() or QgsProject.instance(), name))
