"""Processing algorithm "Build blocks from roads" (``gridplanner:buildblocks``).

QGIS glue only: the blocks and cells are :func:`gridplanner.algorithms.blocks.build_blocks`,
i.e. exactly what the planner builds before it partitions.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
)

from .. import styling
from ..i18n import tr
from .common import BLOCKS, MULTIPOLYGON, Cancelled, GridPlannerAlgorithm, PlanKeys


class BuildBlocksAlgorithm(GridPlannerAlgorithm, PlanKeys):
    """The enclosed blocks and the building cells the planner works with."""

    BLOCKS = "BLOCKS"
    CELLS = "CELLS"
    BLOCK_COUNT = "BLOCK_COUNT"
    CELL_COUNT = "CELL_COUNT"

    def createInstance(self):  # noqa: N802
        return BuildBlocksAlgorithm()

    def name(self):
        return "buildblocks"

    def displayName(self):  # noqa: N802
        return tr("Build blocks from roads")

    def tags(self):
        return tr("blocks,街区,enclosures,tessellation,roads,道路,cells").split(",")

    def shortDescription(self):  # noqa: N802
        return tr("Cuts communities into blocks along roads and water, and blocks into building cells.")

    def help_paragraphs(self):
        return [
            tr("Shows the pieces <i>Plan grids</i> builds its grids from, so that you can check them "
               "before planning: the same inputs and parameters give the same pieces."),
            tr("<b>Blocks</b>: each community cut by every road, river line and water edge "
               "(momepy enclosures). A block is land (it holds buildings), empty or water."),
            tr("<b>Cells</b>: each block divided among the groups of buildings it holds — a compound "
               "(小区), a dedicated site, or a small cluster of stand-alone buildings — by an "
               "enclosed tessellation. Cells tile the community; a grid is always a union of whole "
               "cells. A compound larger than the maximum households is split into parts."),
            tr("Each cell lists its households, workload, number of neighbours and how many of "
               "them lie across a hard barrier (a road of the hard classes, or water)."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802
        # Inputs and options: the one table of algorithms/options.py (as Plan grids).
        self.add_inputs(BLOCKS)
        self.add_options(BLOCKS)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.BLOCKS, tr("Blocks"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.CELLS, tr("Building cells"), QgsProcessing.TypeVectorPolygon, optional=True, createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber(self.BLOCK_COUNT, tr("Number of blocks")))
        self.addOutput(QgsProcessingOutputNumber(self.CELL_COUNT, tr("Number of cells")))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        return self.band_is_valid(parameters, context) if ok else (ok, message)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        convert = self.start()
        from ...algorithms.blocks import build_blocks

        src = self.sources(parameters, context, (self.BUILDINGS, self.ROADS, self.COMMUNITIES, self.WATER),
                           required=(self.BUILDINGS,))
        try:
            feedback.setProgressText(tr("Reading layers…"))
            frames = self.read(convert, src, feedback, 10.0)
            params = self.plan_parameters(parameters, context, feedback, src, population_field=None,
                                          community_name_field=None)

            def progress(fraction, message=None):
                feedback.setProgress(10.0 + 80.0 * min(max(float(fraction), 0.0), 1.0))
                if message:
                    feedback.setProgressText(str(message))

            result = self.run_core(build_blocks, frames[self.BUILDINGS], roads=frames.get(self.ROADS),
                                   communities=frames.get(self.COMMUNITIES),
                                   water=self.layers_of(frames, self.WATER) or None,
                                   params=params, progress=progress, is_cancelled=feedback.isCanceled)
            if feedback.isCanceled():
                raise Cancelled()
        except Cancelled:
            return self.cancelled_result(feedback)

        feedback.setProgressText(tr("Writing results…"))
        crs = convert.crs_to_qgis(result.crs)
        outputs = {self.BLOCKS: self.write(convert, parameters, context, self.BLOCKS, result.blocks, MULTIPOLYGON, crs)}
        styling.attach(context, outputs[self.BLOCKS], lambda layer: styling.style_outlines(layer, "#1a237e"))
        cells = self.write(convert, parameters, context, self.CELLS, result.cells, MULTIPOLYGON, crs)
        if cells is not None:
            outputs[self.CELLS] = cells
            styling.attach(context, cells, lambda layer: styling.style_outlines(layer, "#ef6c00"))
        outputs[self.BLOCK_COUNT] = len(result.blocks)
        outputs[self.CELL_COUNT] = len(result.cells)
        feedback.setProgress(100.0)
        feedback.pushInfo(tr("{blocks} blocks, {cells} cells.").format(blocks=len(result.blocks),
                                                                    cells=len(result.cells)))
        return outputs
