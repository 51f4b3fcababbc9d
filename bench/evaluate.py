"""One evaluator for every method's plan, built only on ``gridplanner.algorithms.metrics``.

Every method's plan goes through the engine's own assembly (dissolve into polygons,
numbering, per-grid figures), so the figures below are measured the same way for all of
them. Nothing here defines a metric: band share, workload balance, barrier crossings,
contiguity and Polsby–Popper come from :func:`metrics.plan_summary` over the plan's grids,
compound splits from :func:`metrics.compound_splits` over the buildings' grid codes, and
tiling gaps/overlaps from :func:`metrics.tiling_errors`, recomputed per community against
the community polygons of the input.
"""

from __future__ import annotations

import numpy as np

from gridplanner.algorithms import metrics


def evaluate(result, communities, params) -> dict:
    """Plan-level figures of ``result`` (a ``PlanResult``) for the benchmark tables.

    ``communities`` is the input community layer (code field ``params.community_code_field``);
    ``params`` the ``PlanParameters`` the plan was made with (band and field names).
    """
    grids = result.grids
    buildings = result.buildings
    compound = (buildings[params.compound_field].to_numpy() if params.compound_field
                and params.compound_field in buildings else np.full(len(buildings), None, dtype=object))
    households = buildings[params.households_field].fillna(0).to_numpy()
    codes = buildings["grid_code"].to_numpy()
    splits = metrics.compound_splits(compound, codes, households, params.max_households)

    comm = communities.to_crs(result.crs) if communities.crs is not None else communities
    gap = overlap = 0.0
    code_field = params.community_code_field
    for code, geom in zip(comm[code_field].astype(str), comm.geometry):
        mine = grids[grids["community_code"].astype(str) == code]
        if not len(mine):
            continue
        tiling = metrics.tiling_errors(mine.geometry.to_numpy(), geom)
        gap += tiling["gap_m2"]
        overlap += tiling["overlap_m2"]
    out = metrics.plan_summary(grids, params.min_households, params.max_households, splits,
                               {"gap_m2": gap, "overlap_m2": overlap})
    out["grid_status"] = {str(k): int(v) for k, v in grids["status"].value_counts().sort_index().items()}
    out["unplaced_buildings"] = int(buildings["grid_code"].isna().sum())
    out["buildings"] = int(len(buildings))
    out["communities"] = int(len(communities))
    return out
