"""The names of a plan's summary figures: one table for every place that shows them.

The keys are those of :func:`gridplanner.algorithms.metrics.plan_summary` and of an
evaluation's summary (plus a few rows of the plan report that show several figures at
once). Each figure has the label of the reports and the CLI (``text``) and, when the dock
compares scenarios with it, a shorter label for that narrow table (``short``). The dock
shows the short labels translated: they are marked with :func:`translatable`, which
``scripts/build_translations.sh`` collects into ``i18n/gridplanner_<locale>.ts`` like the
plugin's own ``tr("…")`` strings.

Used by :func:`gridplanner.algorithms.report.summary_rows_of` (plan report, ``gridplanner
plan``), :mod:`gridplanner.algorithms.evaluate` (evaluation report, ``gridplanner
evaluate``), :mod:`gridplanner.algorithms.scenarios` and the dock's scenario table.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from gridplanner.algorithms.i18n import tr
from gridplanner.algorithms.i18n import translatable as translatable  # re-exported: options.py marks with it


class Label(NamedTuple):
    """How one figure is named: in reports and the CLI, and in the dock's scenario table."""

    text: str
    short: str | None = None


#: Every summary figure's label, by key.
LABELS: dict[str, Label] = {
    "grids": Label(translatable("Grids"), translatable("Grids")),
    "households": Label(translatable("Households"), translatable("Households")),
    "households_in_grids": Label(translatable("Households in grids")),
    "in_band_share": Label(translatable("Grids within band"), translatable("Share of basic grids in the band")),
    "in_band_share_where_feasible": Label(translatable("where the band is possible")),
    "grids_outside_band": Label(translatable("Basic grids outside the band"),
                                translatable("Basic grids outside the band")),
    "workload_max_min_ratio": Label(translatable("Workload max / min"), translatable("Workload max/min")),
    "workload_cv": Label(translatable("Workload coefficient of variation"), translatable("Workload CV")),
    "workload_cv_in_band": Label(translatable("grids within band")),
    "workload_ratio_bound": Label(translatable("no plan can beat")),
    "barrier_crossings": Label(translatable("Hard-barrier crossings"), translatable("Barrier crossings")),
    "compound_splits": Label(translatable("Compound splits")),
    "avoidable_compound_splits": Label(translatable("Avoidable compound splits"),
                                       translatable("Avoidable compound splits")),
    "noncontiguous_grids": Label(translatable("Non-contiguous grids"), translatable("Grids in several parts")),
    "mean_compactness": Label(translatable("Mean compactness (Polsby–Popper)"), translatable("Mean compactness")),
    "tiling_gap_overlap": Label(translatable("Tiling gap / overlap")),
    "gap_m2": Label(translatable("Gaps (m²)")),
    "overlap_m2": Label(translatable("Overlaps between grids (m²)")),
    "overlapping_grids": Label(translatable("Overlapping grids")),
    "grids_crossing_community": Label(translatable("Grids crossing a community boundary")),
    "buildings_outside_grids": Label(translatable("Buildings in no grid")),
    "households_outside_grids": Label(translatable("Households in no grid")),
    "grids_not_ok": Label(translatable("Grids that need a look")),
    "tessellation_fallbacks": Label(translatable("Blocks divided by the tessellation fallback")),
}

#: Rows of an evaluation's summary: (key of the summary, label key when it differs).
_EVALUATION_ROWS: tuple[tuple[str, str], ...] = (
    ("grids", "grids"), ("households", "households_in_grids"), ("in_band_share", "in_band_share"),
    ("workload_max_min_ratio", "workload_max_min_ratio"), ("workload_cv", "workload_cv"),
    ("barrier_crossings", "barrier_crossings"), ("avoidable_compound_splits", "avoidable_compound_splits"),
    ("noncontiguous_grids", "noncontiguous_grids"), ("mean_compactness", "mean_compactness"),
    ("gap_m2", "gap_m2"), ("overlap_m2", "overlap_m2"), ("overlapping_grids", "overlapping_grids"),
    ("grids_crossing_community", "grids_crossing_community"),
    ("buildings_outside_grids", "buildings_outside_grids"),
    ("households_outside_grids", "households_outside_grids"), ("grids_not_ok", "grids_not_ok"),
)

#: Figures the dock's scenario comparison shows, in order.
_COMPARED_KEYS: tuple[str, ...] = (
    "grids", "households", "in_band_share", "grids_outside_band", "workload_cv", "workload_max_min_ratio",
    "mean_compactness", "noncontiguous_grids", "barrier_crossings", "avoidable_compound_splits",
)


def label(key: str) -> str:
    """The report/CLI label of figure ``key``, in the user's language."""
    return tr(LABELS[key].text)


def evaluation_rows() -> list[tuple[str, str]]:
    """(summary key, label) of each row of an evaluation's summary, in order."""
    return [(key, tr(LABELS[name].text)) for key, name in _EVALUATION_ROWS]


def compared_rows() -> list[tuple[str, str]]:
    """(summary key, short English label) of each figure of the scenario comparison, in order."""
    return [(key, LABELS[key].short or LABELS[key].text) for key in _COMPARED_KEYS]


def format_value(key: str, value: Any) -> str:
    """One summary figure as text (shares as %, areas and ratios rounded)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if key in ("in_band_share", "workload_cv"):
        return f"{value * 100:.1f} %"
    if key in ("workload_max_min_ratio", "mean_compactness"):
        return f"{value:.2f}"
    if key.endswith("_m2"):
        return f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, (int, np.integer)) else str(value)


#: Endings of community names that a map label leaves out (the longest first).
COMMUNITY_NAME_ENDINGS = ("社区居民委员会", "村民委员会", "居民委员会", "社区居委会", "居委会", "村委会", "社区",
                          " Community", " community")


def community_short_name(name: object, code: object = "", length: int = 4) -> str:
    """A community's name as a map label shows it: without "社区居民委员会", "社区" and the like,
    at most ``length`` characters (CJK names) or the first word; the code's last three digits
    when there is no name."""
    text = "" if name is None or (isinstance(name, float) and name != name) else str(name).strip()
    for ending in COMMUNITY_NAME_ENDINGS:
        if text.endswith(ending) and len(text) > len(ending):
            text = text[: -len(ending)].strip()
            break
    if not text:
        return str(code)[-3:] if code else ""
    if text.isascii():
        return text.split()[0]
    return text[:length]
