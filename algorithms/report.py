"""A self-contained HTML report of a plan: map, household histogram, per-grid table."""

from __future__ import annotations

import base64
import functools
import html
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .i18n import is_chinese, tr
from .io import atomic_output
from .labels import label

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from matplotlib.figure import Figure

    from .results import PlanLayers

STATUS_COLOURS = {"ok": "#2e7d32", "under_min": "#ef6c00", "over_max": "#c62828",
                  "crosses_barrier": "#6a1b9a", "noncontiguous": "#b71c1c", "dedicated": "#1565c0",
                  "locked": "#455a64"}


def summary_rows_of(s: dict, min_households: int, max_households: int) -> list[tuple[str, str]]:
    """The plan's key figures as (label, value) rows: the CLI table and the report use these.

    The labels are :data:`gridplanner.algorithms.labels.LABELS`'."""
    rows = [
        (label("grids"), tr("{grids} ({basic} basic)", grids=s["grids"], basic=s["basic_grids"])),
        (label("households"), f"{s['households']:,}"),
        (label("in_band_share"), tr("{share:.1f} % ({n} outside {minimum}–{maximum})",
                                    share=s["in_band_share"] * 100, n=s["grids_outside_band"],
                                    minimum=min_households, maximum=max_households)),
    ]
    if "grids_outside_band_avoidable" in s:
        rows.append(("  " + label("in_band_share_where_feasible"),
                     tr("{share:.1f} % ({proven} outside are proven impossible, {avoidable} not)",
                        share=s["in_band_share_where_feasible"] * 100,
                        proven=s["grids_outside_band"] - s["grids_outside_band_avoidable"],
                        avoidable=s["grids_outside_band_avoidable"])))
    rows += [
        (label("workload_max_min_ratio"), tr("{high:.0f} / {low:.0f} (ratio {ratio:.2f})", high=s["workload_max"],
                                             low=s["workload_min"], ratio=s["workload_max_min_ratio"])),
        (label("workload_cv"), f"{s['workload_cv'] * 100:.1f} %"),
    ]
    if "workload_cv_in_band" in s:
        rows.append(("  " + label("workload_cv_in_band"), tr("CV {cv:.1f} %, ratio {ratio:.2f}",
                                                             cv=s["workload_cv_in_band"] * 100,
                                                             ratio=s["workload_max_min_ratio_in_band"])))
    if "workload_ratio_bound" in s:
        rows.append(("  " + label("workload_ratio_bound"),
                     tr("ratio {ratio:.2f}, CV {cv:.1f} % (with these grid counts: area means, largest buildings "
                        "and compounds, units walled in by larger ones)", ratio=s["workload_ratio_bound"],
                        cv=s.get("workload_cv_bound", float("nan")) * 100)))
    rows += [
        (label("barrier_crossings"), str(s["barrier_crossings"])),
        (label("compound_splits"), tr("{n} ({avoidable} avoidable)", n=s["compound_splits"],
                                      avoidable=s["avoidable_compound_splits"])),
        (label("noncontiguous_grids"), str(s["noncontiguous_grids"])),
        (label("mean_compactness"), f"{s['mean_compactness']:.2f}"),
        (label("tiling_gap_overlap"), _tiling_text(s)),
    ]
    if "tessellation_fallbacks" in s:
        rows.append((label("tessellation_fallbacks"), str(s["tessellation_fallbacks"])))
    return rows


def _tiling_text(s: dict) -> str:
    """Gap and overlap areas, and (for a plan measured by :func:`metrics.plan_tiling_check`)
    the widest gap and overlap between grids and the farthest the grids stray from their
    community's line."""
    text = f"{s.get('gap_m2', 0):.1f} / {s.get('overlap_m2', 0):.1f} m²"
    if "tiling_gap_width_m" in s:
        text += tr(" (widest {gap:.1f} / {overlap:.1f} mm, full precision, all communities",
                   gap=s["tiling_gap_width_m"] * 1000, overlap=s["tiling_overlap_width_m"] * 1000)
        deviation = s.get("boundary_deviation_m", float("nan"))
        if deviation == deviation:
            text += tr("; grids within {deviation:.1f} mm of the community lines", deviation=deviation * 1000)
        text += ")"
    return text


def _png(fig: Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def problem_table_html(problems: pd.DataFrame) -> str:
    """The table (severity, layer, feature, kind, message) of a problems layer, escaped."""
    esc = html.escape
    head = "".join(f"<th>{esc(title)}</th>" for title in (tr("severity"), tr("layer"), tr("feature"), tr("kind"),
                                                          tr("message")))
    return f"<table><tr>{head}</tr>" + "".join(
        "<tr>" + "".join(f"<td>{esc(cell_text(r[c]))}</td>" for c in ("severity", "layer", "feature_id", "kind",
                                                                        "message")) + "</tr>"
        for _, r in problems.iterrows()) + "</table>"


def cell_text(value: object) -> str:
    """A table cell's text: empty for a missing value (None, NaN), never "nan"."""
    import pandas as pd

    try:
        missing = bool(pd.isna(value))
    except (TypeError, ValueError):     # a list or array is not missing
        missing = False
    return "" if missing else str(value)


def frame_table_html(frame: pd.DataFrame, headings: dict[str, str] | None = None, limit: int | None = None) -> str:
    """A table of ``frame``'s columns (or of ``headings``' keys, titled by its values), escaped,
    numbers right-aligned; ``limit`` rows at most, with a line saying how many were left out."""
    esc = html.escape
    headings = headings or {c: c for c in frame.columns}
    shown = frame if limit is None else frame.head(limit)

    def cell(value: object) -> str:
        number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
        text = cell_text(value)
        return f"<td class=\"n\">{esc(text)}</td>" if number else f"<td>{esc(text)}</td>"

    head = "".join(f"<th>{esc(title)}</th>" for title in headings.values())
    body = "".join("<tr>" + "".join(cell(row[c]) for c in headings) + "</tr>" for _, row in shown.iterrows())
    more = f"<p>… {len(frame) - len(shown)}</p>" if len(shown) < len(frame) else ""
    return f"<table><tr>{head}</tr>{body}</table>{more}"


CJK_FONT_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Source Han Sans SC",
                     "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC",
                     "Noto Serif CJK SC")


def pyplot() -> Any:
    """``matplotlib.pyplot`` set up for report figures, once: the Agg backend, a CJK font
    family first when one is installed (Chinese titles and labels; else matplotlib's default,
    silently), and without the "Unable to import Axes3D" warning that a system matplotlib
    beside a pip one prints (no report draws in 3D)."""
    import warnings

    import matplotlib
    matplotlib.use("Agg")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Unable to import Axes3D", category=UserWarning)
        import matplotlib.pyplot as plt
    _use_cjk_font(matplotlib)
    return plt


@functools.cache
def _use_cjk_font(matplotlib: Any) -> str | None:
    """Put the first installed CJK family before matplotlib's sans-serif fonts; its name or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    family = next((name for name in CJK_FONT_FAMILIES if name in installed), None)
    if family is not None:
        matplotlib.rcParams["font.sans-serif"] = [family, *matplotlib.rcParams["font.sans-serif"]]
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["axes.unicode_minus"] = False
    return family


def grid_map_png(grids: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame, labels: Iterable[str], title: str,
                 fine_statuses: Sequence[str] = ("ok",)) -> str:
    """Base64 PNG of grids coloured by grid, buildings in grey, grids whose status is not
    in ``fine_statuses`` outlined in red, and ``labels`` (one string per grid) on each grid."""
    plt = pyplot()

    fig, ax = plt.subplots(figsize=(11, 9))
    cmap = plt.get_cmap("tab20")
    grids.plot(ax=ax, color=[cmap(i % 20) for i in range(len(grids))], edgecolor="#333333",
               linewidth=0.6, alpha=0.55)
    drawn = buildings[buildings.geometry.notna()]
    if len(drawn):      # a plan made per community (citywide.py) leaves its buildings in the file
        drawn.plot(ax=ax, color="#424242", linewidth=0)
    bad = grids[~grids["status"].isin(list(fine_statuses))]
    if len(bad):
        bad.boundary.plot(ax=ax, color="#d50000", linewidth=1.6)
    grids.boundary.plot(ax=ax, color="#111111", linewidth=0.8)
    for geom, text in zip(grids.geometry, labels):
        p = geom.representative_point()
        ax.annotate(text, (p.x, p.y), ha="center", va="center", fontsize=6.5,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.7))
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=10)
    out = _png(fig)
    plt.close(fig)
    return out


def plan_map_png(result: PlanLayers) -> str:
    """Base64 PNG of the plan's grids, labelled with sequence and households."""
    g = result.grids
    labels = [f"{code[len(comm):]}\n{hh}" for code, comm, hh in zip(g["grid_code"], g["community_code"],
                                                                    g["households"])]
    return grid_map_png(g, result.buildings, labels,
                        "Grids (sequence / households); red outline: grid needs a look")


def households_histogram_png(result: PlanLayers) -> str:
    """Base64 PNG histogram of households per basic grid with the band drawn on it."""
    plt = pyplot()

    params = result.metadata["parameters"]
    h = result.grids.loc[result.grids["grid_kind"] == "basic", "households"].to_numpy()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    if len(h):
        bins = np.linspace(min(h.min(), params["min_households"]) - 20,
                           max(h.max(), params["max_households"]) + 20, 30)
        ax.hist(h, bins=bins, color="#5c6bc0", edgecolor="white")
    ax.axvspan(params["min_households"], params["max_households"], color="#66bb6a", alpha=0.15,
               label=f"band {params['min_households']}–{params['max_households']}")
    ax.axvline(params["target_households"], color="#2e7d32", linestyle="--", linewidth=1,
               label=f"target {params['target_households']}")
    ax.set_xlabel("households per grid")
    ax.set_ylabel("grids")
    ax.legend(fontsize=8)
    out = _png(fig)
    plt.close(fig)
    return out


def render_report(result: PlanLayers, title: str | None = None) -> str:
    """The report as one HTML string (images embedded), in the user's language."""
    title = title or tr("Grid plan")
    s = result.summary
    p = result.metadata["parameters"]
    esc = html.escape
    summary_rows = summary_rows_of(s, p["min_households"], p["max_households"])
    cols = ["grid_code", "community_name", "grid_kind", "households", "population", "workload",
            "n_buildings", "area_m2", "compactness", "barrier_crossings", "status", "reason"]
    rows_html = []
    for _, r in result.grids.iterrows():
        colour = STATUS_COLOURS.get(r["status"], "#000")
        cells = []
        for c in cols:
            v = r[c]
            if c == "status":
                cells.append(f'<td style="color:{colour};font-weight:600">{esc(str(v))}</td>')
            elif isinstance(v, float):
                cells.append(f"<td class=n>{v:,.2f}</td>" if c == "compactness" else f"<td class=n>{v:,.0f}</td>")
            elif isinstance(v, (int, np.integer)):
                cells.append(f"<td class=n>{v:,}</td>")
            else:
                cells.append(f"<td>{esc('' if v is None else str(v))}</td>")
        rows_html.append("<tr>" + "".join(cells) + "</tr>")
    probs = result.problems
    sections = [
        (tr("Summary"), '<table class="summary">'
         + "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in summary_rows) + "</table>"),
        (tr("Map"), f'<img alt="{esc(tr("map of the grid plan"))}" '
                    f'src="data:image/png;base64,{plan_map_png(result)}">'),
        (tr("Households per grid"), f'<img alt="{esc(tr("histogram of households per grid"))}" '
                                    f'src="data:image/png;base64,{households_histogram_png(result)}">'),
        (tr("Grids"), f"<table><tr>{''.join(f'<th>{esc(c)}</th>' for c in cols)}</tr>{''.join(rows_html)}</table>"),
        (tr("Problems and repairs ({n})", n=len(probs)), problem_table_html(probs)),
    ]
    intro = esc(tr("Grid Planner {version}, {created}, CRS {crs}, seed {seed}, band {minimum}–{maximum} (target "
                   "{target}).", version=result.metadata["engine_version"], created=result.metadata["created"],
                   crs=result.metadata["crs"], seed=p["seed"], minimum=p["min_households"],
                   maximum=p["max_households"], target=p["target_households"]))
    return html_page(title, intro, sections)


def html_page(title: str, intro_html: str, sections: list[tuple[str, str]]) -> str:
    """One self-contained HTML page: the title, an introduction and ``(heading, html)`` sections.

    The skeleton and style of every report (plan, evaluation); headings are escaped here,
    section bodies are HTML already.
    """
    esc = html.escape
    body = "\n".join(f"<h2>{esc(heading)}</h2>\n{content}" for heading, content in sections)
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if is_chinese() else "en"}"><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; font-size: 13px; }}
td, th {{ border: 1px solid #ddd; padding: 3px 7px; }}
th {{ background: #f1f3f4; position: sticky; top: 0; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
.summary td:first-child {{ font-weight: 600; }}
img {{ max-width: 100%; }}
</style></head><body>
<h1>{esc(title)}</h1>
<p>{intro_html}</p>
{body}
</body></html>
"""


def write_html(text: str, path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write an HTML page atomically; an existing file is only replaced with ``overwrite``."""
    with atomic_output(path, ".html", overwrite) as (tmp, final):
        Path(tmp).write_text(text, encoding="utf-8")
    return final


def write_report(result: PlanLayers, path: str | os.PathLike, overwrite: bool = False,
                 title: str = "Grid plan") -> Path:
    """Write the HTML report atomically."""
    return write_html(render_report(result, title), path, overwrite)
