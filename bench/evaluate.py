"""One evaluator for every method's plan: the project's own ``evaluate_plan``.

Every method's plan first goes through the engine's assembly (dissolve into polygons,
numbering); then its grid polygons alone are judged by
:func:`gridplanner.algorithms.evaluate.evaluate_plan`, exactly as a plan drawn by hand
would be: buildings are placed in the grid holding a point of their footprint, and every
figure (band share, workload balance, hard-barrier crossings, compound splits, contiguity,
tiling gaps and overlaps, Polsby–Popper) comes from ``gridplanner.algorithms.metrics``.
Nothing here defines a metric.
"""

from __future__ import annotations

from gridplanner.algorithms.evaluate import evaluate_plan


def evaluate(result, layers: dict, params) -> dict:
    """Plan-level figures of ``result`` (a ``PlanResult``) for the benchmark tables.

    ``layers`` are the instance's input layers (``buildings``, ``roads``, ``communities``,
    ``water``, ``waterway``); ``params`` the ``PlanParameters`` the plan was made with.
    """
    grids = result.grids[["grid_code", "grid_kind", "geometry"]]
    evaluation = evaluate_plan(grids, layers["buildings"], layers["roads"], layers["communities"],
                               [layers["water"], layers["waterway"]], params, grid_id_field="grid_code")
    out = dict(evaluation.summary)
    out["grid_status"] = {str(k): int(v) for k, v in
                          evaluation.grids["status"].value_counts().sort_index().items()}
    # The method's own placement of buildings, for the record: every building in a grid.
    out["unplaced_buildings"] = int(result.buildings["grid_code"].isna().sum())
    out["buildings"] = int(len(layers["buildings"]))
    out["communities"] = int(len(layers["communities"]))
    return out
