"""blocks: the blocks and cells the planner works with, as layers."""

from __future__ import annotations

import pytest
from lattice import make_layout
from shapely.geometry import box

from gridplanner.algorithms import PlanParameters
from gridplanner.algorithms.blocks import build_blocks

CRS = "EPSG:4549"
X0, Y0 = 500000.0, 3350000.0


def _b(x0, y0, x1, y1):
    return box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def test_blocks_and_cells_tile_each_community():
    buildings, roads, communities, _ = make_layout(seed=5, rows=2, cols=3, two_communities=True)
    result = build_blocks(buildings, roads, communities, params=PlanParameters())
    assert result.blocks["households"].sum() == buildings["households"].sum()
    assert result.cells["households"].sum() == buildings["households"].sum()
    for code, community in zip(communities["code"], communities.geometry):
        cells = result.cells[result.cells["community_code"] == code]
        blocks = result.blocks[result.blocks["community_code"] == code]
        assert cells.area.sum() == pytest.approx(community.area, rel=1e-6)
        assert blocks.area.sum() == pytest.approx(community.area, rel=1e-6)
    assert result.blocks["block_id"].is_unique and result.cells["cell_id"].is_unique
    assert len(result.blocks) == 6  # 2 × 3 street blocks, split between two communities along a road
    assert (result.cells["neighbours"] > 0).all()
