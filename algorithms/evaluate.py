"""Evaluate an existing grid plan: one the planner made, an older one, or one drawn by hand.

The grids may carry any fields. Buildings are placed in the grid that holds a point on
their footprint (the first grid, in layer order, when grids overlap); every figure comes
from :mod:`gridplanner.algorithms.metrics`, so an evaluated plan and a planned one are
measured the same way.

Typical use::

    from gridplanner.algorithms import PlanParameters, read_layer
    from gridplanner.algorithms.evaluate import evaluate_plan
    result = evaluate_plan(read_layer("old.gpkg|layername=grids"),
                           read_layer("demo.gpkg|layername=buildings"),
                           roads=read_layer("demo.gpkg|layername=roads"),
                           communities=read_layer("demo.gpkg|layername=communities"))
    print(result.summary)
"""

from __future__ import annotations

import datetime as _dt
import html
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import metrics
from .errors import InputError, PlanCancelled
from .i18n import tr
from .labels import evaluation_rows, format_value
from .params import PlanParameters
from .prepare import _polygonal, prepare_inputs
from .report import grid_map_png, html_page, problem_table_html, write_html
from .results import PlanLayers, Problem, problems_frame

#: Columns of the evaluated ``grids`` layer, in order.
EVALUATION_COLUMNS = [
    "grid_id", "input_fid", "grid_kind", "community_code", "community_name", "households", "population",
    "workload", "n_buildings", "area_m2", "perimeter_m", "compactness", "parts",
    "barrier_crossings", "compounds_split", "overlap_m2", "outside_community_m2", "status", "reason",
]
#: Overlaps and areas outside the community below this many m² are floating-point noise.
AREA_TOLERANCE_M2 = 1.0


class EvaluationResult(PlanLayers):
    """An evaluated plan: per-grid figures, buildings with their grid, problems and a summary."""


def _grid_ids(grids: gpd.GeoDataFrame, field: str | None) -> list[str]:
    if field:
        if field not in grids.columns:
            available = ", ".join(c for c in grids.columns if c != grids.geometry.name) or "(none)"
            raise InputError(f"grid id field '{field}' not found; available fields: {available}",
                             layer="grids", field=field)
        values = grids[field].tolist()
    else:
        values = grids.index.tolist()
    out = []
    for value, fid in zip(values, grids.index):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            out.append(f"#{fid}")
        elif isinstance(value, float) and value.is_integer():
            out.append(str(int(value)))
        else:
            out.append(str(value).strip() or f"#{fid}")
    return out


def default_grid_id_field(grids: gpd.GeoDataFrame) -> str | None:
    """``grid_code`` (as the planner writes it) or a registered ``WGBM`` field when present."""
    for name in ("grid_code", "WGBM", "wgbm"):
        if name in grids.columns:
            return name
    return None


def _dedicated_flags(grids: gpd.GeoDataFrame) -> np.ndarray:
    """Dedicated grids (专属网格): ``grid_kind`` = dedicated (the planner's) or ``WGLX`` = 专属."""
    flags = np.zeros(len(grids), dtype=bool)
    for name, value in (("grid_kind", "dedicated"), ("WGLX", "专属"), ("wglx", "专属")):
        if name in grids.columns:
            flags |= grids[name].astype(str).str.strip().str.lower().eq(value).to_numpy()
    return flags


def evaluate_plan(grids: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame,
                  roads: gpd.GeoDataFrame | None = None,
                  communities: gpd.GeoDataFrame | None = None,
                  water: gpd.GeoDataFrame | Sequence[gpd.GeoDataFrame] | None = None,
                  params: PlanParameters | None = None, grid_id_field: str | None = None,
                  progress: Callable[[float, str], None] | None = None,
                  is_cancelled: Callable[[], bool] | None = None,
                  compounds: gpd.GeoDataFrame | None = None) -> EvaluationResult:
    """Measure an existing grid plan against the rules of a good plan.

    Parameters
    ----------
    grids
        Grid polygons with any fields. ``grid_id_field`` names each grid in the outputs
        (default: ``grid_code`` or ``WGBM`` when present, else the feature id). Grids with
        ``grid_kind`` = ``dedicated`` (or ``WGLX`` = 专属) are dedicated grids: no band check.
    buildings, roads, communities, water
        As for :func:`gridplanner.algorithms.plan_grids`; the same field names, hard road
        classes, band and workload weights come from ``params``.
    progress, is_cancelled
        As for ``plan_grids``; cancelling raises :class:`PlanCancelled`.
    compounds
        Compound polygons, as for ``plan_grids``: the compound splits are measured on the
        compounds the buildings get from them.

    Returns
    -------
    EvaluationResult
        ``grids`` (one row per input grid: households, population, workload, band status,
        parts, barrier crossings, compounds split, compactness, overlap with other grids,
        area outside its community, ``status`` and ``reason``), ``buildings`` (input fields
        plus ``grid_id``), ``problems`` and ``summary`` (the plan summary of
        :func:`metrics.plan_summary` plus the gaps, overlaps and uncovered buildings).
    """
    params = params or PlanParameters()
    report = progress or (lambda fraction, message: None)
    cancelled = is_cancelled or (lambda: False)

    def check_cancel() -> None:
        if cancelled():
            raise PlanCancelled("cancelled")

    if water is not None and not isinstance(water, (list, tuple)):
        water = [water]
    if grids is None or len(grids) == 0:
        raise InputError("the layer is empty; it needs at least one grid polygon", layer="grids")
    report(0.0, "checking inputs")
    prep = prepare_inputs(buildings, roads, communities, water, params, compounds=compounds)
    check_cancel()
    crs = prep.crs
    problems: list[Problem] = list(prep.problems)
    notes = list(prep.notes)
    if grids.crs is None:
        raise InputError("the layer has no coordinate reference system; assign one", layer="grids")
    if not grids.crs.equals(crs):
        notes.append(f"grids: reprojected from {grids.crs.to_string()} to {crs.to_string()}")
        grids = grids.to_crs(crs)
    field = grid_id_field if grid_id_field else default_grid_id_field(grids)
    ids = _grid_ids(grids, field)
    input_fid = [int(i) if isinstance(i, (int, np.integer)) else None for i in grids.index]
    geoms = grids.geometry.to_numpy().copy()
    invalid = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
    for gid, reason in zip(np.asarray(ids, dtype=object)[invalid], shapely.is_valid_reason(geoms[invalid])):
        problems.append(Problem("grids", gid, "invalid_geometry_repaired",
                                tr("invalid geometry ({reason}) repaired", reason=reason), "info"))
    geoms[invalid] = shapely.make_valid(geoms[invalid])
    geoms = _polygonal(geoms)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if missing.all():
        raise InputError("no grid has a polygon geometry", layer="grids")
    for gid in np.asarray(ids, dtype=object)[missing]:
        problems.append(Problem("grids", gid, "no_geometry", tr("no polygon geometry; the grid is not evaluated"),
                                "error"))
    seen = pd.Series(ids)
    for value in pd.unique(seen[seen.duplicated(keep=False)]):
        problems.append(Problem("grids", value, "duplicate_id",
                                tr("grid id {id} is used by {n} grids", id=value, n=int((seen == value).sum())),
                                "warning"))
    dedicated = _dedicated_flags(grids)
    keep = np.flatnonzero(~missing)
    dedicated = dedicated[keep]
    geoms = geoms[keep]
    ids = [ids[i] for i in keep]
    input_fid = [input_fid[i] for i in keep]
    n = len(geoms)
    report(0.2, "placing buildings in grids")

    # Buildings: the first grid (layer order) holding a point on the footprint.
    fp = prep.footprints.to_numpy()
    usable = ~(shapely.is_missing(fp) | shapely.is_empty(fp))
    reps = np.full(len(fp), None, dtype=object)
    reps[usable] = shapely.point_on_surface(fp[usable])
    grid_of = np.full(len(fp), -1, dtype=np.int64)
    tree = shapely.STRtree(geoms)
    where = np.flatnonzero(usable)
    src, dst = tree.query(reps[where], predicate="within")
    if len(src):
        order = np.lexsort((dst, src))
        src, dst = src[order], dst[order]
        first = np.unique(src, return_index=True)[1]
        grid_of[where[src[first]]] = dst[first]
    outside = np.flatnonzero((grid_of < 0) & usable)
    for b in outside:
        problems.append(Problem("buildings", prep.building_ids.iloc[b], "outside_grids",
                                tr("in no grid ({households} households)", households=int(prep.households[b])),
                                "warning", reps[b]))
    check_cancel()
    members = [np.flatnonzero(grid_of == g) for g in range(n)]
    report(0.4, "measuring grids")

    households = np.array([int(prep.households[m].sum()) for m in members], dtype=np.int64)
    population = np.array([float(prep.population[m].sum()) for m in members])
    workload = np.array([float(prep.workload[m].sum()) for m in members])
    workload = metrics.patrol_workload(
        workload, geoms, np.concatenate([prep.hard_lines.to_numpy(), prep.soft_lines.to_numpy()]), params.weights)
    parts = metrics.part_count(geoms)
    compactness = metrics.polsby_popper(geoms)
    crossings = metrics.barrier_crossings(geoms, [fp[m] for m in members], prep.hard_lines.to_numpy(),
                                          prep.water.to_numpy(), workload_by_grid=[prep.workload[m] for m in members])
    check_cancel()
    report(0.6, "checking overlaps and coverage")
    overlap = metrics.overlap_with_others(geoms)

    building_grid = np.array([ids[g] if g >= 0 else None for g in grid_of], dtype=object)
    splits = metrics.compound_splits(prep.compound.to_numpy(), building_grid, prep.households,
                                     params.max_households)
    split_count = np.zeros(n, dtype=np.int64)
    position = {gid: g for g, gid in enumerate(ids)}
    avoidable = set(splits.loc[splits["avoidable"] > 0, "compound"]) if len(splits) else set()
    for compound in avoidable:
        grids_of_compound = set(building_grid[(prep.compound.to_numpy() == compound)]) - {None}
        for gid in grids_of_compound:
            split_count[position[gid]] += 1
    for _, s in splits.iterrows():
        if s["avoidable"] > 0:
            problems.append(Problem("buildings", s["compound"], "compound_split",
                                    tr("compound {compound} ({households} households) lies in {grids} grids; "
                                       "{needed} would do", compound=s["compound"], households=s["households"],
                                       grids=s["grids"], needed=s["needed"]), "warning"))

    # Communities: the one holding most of each grid; what lies outside it; gaps per community.
    codes = np.full(n, None, dtype=object)
    names = np.full(n, None, dtype=object)
    outside_m2 = np.zeros(n)
    tiling = {"gap_m2": 0.0, "overlap_m2": float(overlap.sum() / 2.0)}
    if communities is not None:
        comm = prep.communities
        cgeoms = comm.geometry.to_numpy()
        ctree = shapely.STRtree(cgeoms)
        for g in range(n):
            idx = ctree.query(geoms[g], predicate="intersects")
            areas = (shapely.area(shapely.intersection(geoms[g], cgeoms[idx], grid_size=metrics.GRID_SIZE_M))
                     if len(idx) else [])
            if len(idx) and max(areas) > 0:
                best = idx[int(np.argmax(areas))]
                codes[g] = comm.at[best, "code"]
                names[g] = comm.at[best, "name"]
                outside_m2[g] = float(shapely.area(geoms[g]) - max(areas))
            else:
                outside_m2[g] = float(shapely.area(geoms[g]))
        for _, row in comm.iterrows():
            check_cancel()
            mine = [g for g in range(n) if codes[g] == row["code"]]
            errors = metrics.tiling_errors(geoms[mine] if mine else np.empty(0, dtype=object), row.geometry)
            tiling["gap_m2"] += errors["gap_m2"]
            gap = metrics.tiling_gap_geometry(geoms[mine] if mine else np.empty(0, dtype=object), row.geometry)
            if gap is not None:
                problems.append(Problem("communities", row["code"], "gap",
                                        tr("{area:,.0f} m² of community {code} lie in no grid",
                                           area=shapely.area(gap), code=row["code"]), "warning", gap))
    else:
        tiling["gap_m2"] = metrics.enclosed_gaps(geoms)
        notes.append("no communities layer: gaps are the holes enclosed by the grids; "
                     "community boundaries are not checked")
    check_cancel()

    band = params.band
    statuses = metrics.grid_status(households, parts, crossings, np.where(dedicated, "dedicated", "basic"), band,
                                   outside_community_m2=outside_m2, overlap_m2=overlap,
                                   compounds_split=split_count, area_tolerance_m2=AREA_TOLERANCE_M2).tolist()
    in_band = band.status(households)
    reasons = []
    for g in range(n):
        issues = []
        if parts[g] > 1:
            issues.append(tr("the grid has {parts} separate parts", parts=parts[g]))
        if outside_m2[g] > AREA_TOLERANCE_M2:
            where_text = tr("community {code}", code=codes[g]) if codes[g] is not None else tr("every community")
            issues.append(tr("{area:,.0f} m² lie outside {where}", area=outside_m2[g], where=where_text))
        if overlap[g] > AREA_TOLERANCE_M2:
            issues.append(tr("{area:,.0f} m² overlap other grids", area=overlap[g]))
        if crossings[g] > 0:
            issues.append(tr("its buildings lie on both sides of {n} hard barrier(s)", n=crossings[g]))
        if split_count[g] > 0:
            issues.append(tr("{n} compound(s) split more than needed", n=split_count[g]))
        if dedicated[g]:
            pass  # a dedicated grid (专属网格) covers one site, whatever its households
        elif in_band[g] == "under_min":
            issues.append(tr("{households} households (< min {minimum})", households=households[g], minimum=band.min))
        elif in_band[g] == "over_max":
            issues.append(tr("{households} households (> max {maximum})", households=households[g], maximum=band.max))
        reasons.append("; ".join(issues))
        if issues:
            problems.append(Problem("grids", ids[g], statuses[g], reasons[-1], "warning", geoms[g]))

    frame = pd.DataFrame({
        "grid_id": ids, "input_fid": pd.array(input_fid, dtype="Int64"),
        "grid_kind": np.where(dedicated, "dedicated", "basic"), "community_code": codes,
        "community_name": names, "households": households, "population": np.round(population, 0),
        "workload": np.round(workload, 2), "n_buildings": [len(m) for m in members],
        "area_m2": np.round(shapely.area(geoms), 1), "perimeter_m": np.round(shapely.length(geoms), 1),
        "compactness": np.round(compactness, 4), "parts": parts.astype(np.int64),
        "barrier_crossings": crossings, "compounds_split": split_count,
        "overlap_m2": np.round(overlap, 1), "outside_community_m2": np.round(outside_m2, 1),
        "status": statuses, "reason": reasons,
    })
    out_grids = gpd.GeoDataFrame(frame[EVALUATION_COLUMNS], geometry=list(geoms), crs=crs)
    out_b = prep.buildings.copy()
    if "grid_id" in out_b.columns:
        out_b = out_b.rename(columns={"grid_id": "grid_id_input"})
    out_b["grid_id"] = building_grid
    for note in notes:
        problems.append(Problem("plan", None, "note", note, "info"))
    prob = problems_frame(problems, crs)

    summary = metrics.plan_summary(out_grids, band, splits, tiling)
    summary.update({
        "buildings_outside_grids": int(len(outside)),
        "households_outside_grids": int(prep.households[outside].sum()) if len(outside) else 0,
        "grids_crossing_community": int((outside_m2 > AREA_TOLERANCE_M2).sum()) if communities is not None else 0,
        "overlapping_grids": int((overlap > AREA_TOLERANCE_M2).sum()),
        "grids_not_ok": int(sum(s not in ("ok", "dedicated") for s in statuses)),
    })
    metadata = {
        "engine": "gridplanner", "kind": "evaluation",
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "crs": crs.to_string(), "grid_id_field": field, "parameters": params.as_metadata(),
        "inputs": {"grids": int(len(grids)), "buildings": int(len(prep.buildings))},
    }
    report(1.0, "done")
    return EvaluationResult(grids=out_grids, buildings=out_b, problems=prob, summary=summary,
                            metadata=metadata, compound_splits=splits, crs=crs)


# ---------------------------------------------------------------------------- report
#: (summary key, label) of the summary rows; the labels and formats are :mod:`.labels`'.
SUMMARY_LABELS = evaluation_rows()


def _map_png(result: EvaluationResult) -> str:
    g = result.grids
    return grid_map_png(g, result.buildings, [f"{i}\n{h}" for i, h in zip(g["grid_id"], g["households"])],
                        "Grids (id / households); red outline: grid needs a look",
                        fine_statuses=("ok", "dedicated"))


def render_evaluation_report(result: EvaluationResult, title: str | None = None) -> str:
    """The evaluation as one self-contained HTML page: summary, map, per-grid table, problems
    (in the user's language)."""
    title = title or tr("Grid plan evaluation")
    esc = html.escape
    p = result.metadata["parameters"]
    summary = "".join(f"<tr><td>{esc(label)}</td><td>{esc(format_value(key, result.summary.get(key)))}</td></tr>"
                      for key, label in evaluation_rows())
    cols = ["grid_id", "community_code", "households", "population", "workload", "n_buildings", "area_m2",
            "compactness", "parts", "barrier_crossings", "compounds_split", "overlap_m2",
            "outside_community_m2", "status", "reason"]
    rows = []
    for _, r in result.grids.iterrows():
        cells = []
        for c in cols:
            v = r[c]
            style = ' style="color:#c62828;font-weight:600"' if c == "status" and v not in ("ok", "dedicated") else ""
            text = "" if v is None or (isinstance(v, float) and np.isnan(v)) else (
                f"{v:.2f}" if c == "compactness" else f"{v:,.0f}" if isinstance(v, float) else str(v))
            cells.append(f"<td{style}>{esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    intro = esc(tr("{created}, CRS {crs}, band {minimum}–{maximum} households, grid id field {field}.",
                   created=result.metadata["created"], crs=result.metadata["crs"], minimum=p["min_households"],
                   maximum=p["max_households"], field=str(result.metadata["grid_id_field"] or tr("feature id"))))
    return html_page(title, intro, [
        (tr("Summary"), f'<table class="summary">{summary}</table>'),
        (tr("Map"), f'<img alt="{esc(tr("map of the evaluated grids"))}" '
                    f'src="data:image/png;base64,{_map_png(result)}">'),
        (tr("Grids"), f"<table><tr>{''.join(f'<th>{esc(c)}</th>' for c in cols)}</tr>{''.join(rows)}</table>"),
        (tr("Problems ({n})", n=len(result.problems)), problem_table_html(result.problems)),
    ])


def write_evaluation_report(result: EvaluationResult, path: str | os.PathLike, overwrite: bool = False,
                            title: str | None = None) -> Path:
    """Write the HTML evaluation report atomically."""
    return write_html(render_evaluation_report(result, title), path, overwrite)
