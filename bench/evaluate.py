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

    ``layers`` are the instance's input layers as :func:`bench.instances.read_instance` gives
    them (``buildings``, ``roads``, ``communities``, ``compounds``, ``water`` a list);
    ``params`` the ``PlanParameters`` the plan was made with.
    """
    grids = result.grids[["grid_code", "grid_kind", "geometry"]]
    evaluation = evaluate_plan(grids, layers["buildings"], layers["roads"], layers["communities"],
                               layers["water"], params, grid_id_field="grid_code",
                               compounds=layers.get("compounds"))
    out = dict(evaluation.summary)
    out["grid_status"] = {str(k): int(v) for k, v in
                          evaluation.grids["status"].value_counts().sort_index().items()}
    # The method's own placement of buildings, for the record: every building in a grid.
    out["unplaced_buildings"] = int(result.buildings["grid_code"].isna().sum())
    out["buildings"] = int(len(layers["buildings"]))
    out["communities"] = int(result.grids["community_code"].nunique()) if len(result.grids) else 0
    return out


#: A grid's reason when the planner joined a small pocket across a hard barrier on purpose
#: (real-data issue, item 6: "joins a pocket of 60 households (building B12) beyond 学院路
#: (primary) …", or "includes a pocket of … (pocket policy merge)"). A pocket that stands
#: alone says "a pocket of … cut off by …" and is not matched.
POCKET_JOINED = r"\b(?:joins|includes) a pocket\b"


def planner_figures(result) -> dict:
    """What the method's plan says about itself (the engine's own summary and grid statuses),
    beside the evaluator's figures: the share in band where the band is possible (misses
    proven forced aside), the grids that cross a hard barrier and say so, the pockets joined
    across a barrier on purpose, and the areas the search budget left undecided."""
    grids = result.grids
    summary = result.summary
    crossing = grids["status"].eq("crosses_barrier") if "status" in grids else None
    reasons = grids["reason"].fillna("").astype(str).str.lower() if "reason" in grids else None
    out = {"planner_in_band_share_where_feasible": summary.get("in_band_share_where_feasible"),
           "planner_outside_band_avoidable": summary.get("grids_outside_band_avoidable"),
           "planner_barrier_crossings": summary.get("barrier_crossings")}
    if crossing is not None and reasons is not None:
        pockets = crossing & reasons.str.contains(POCKET_JOINED, regex=True)
        out.update({"planner_crossing_grids": int(crossing.sum()), "pocket_joins": int(pockets.sum()),
                    "pocket_join_crossings": int(grids.loc[pockets, "barrier_crossings"].sum())
                    if "barrier_crossings" in grids else 0,
                    "undecided_grids": int(reasons.str.contains("undecided").sum())})
    return out
