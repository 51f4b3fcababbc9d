"""Benchmark of the yearly review: ``replan`` against a fresh plan on "one year later" streets.

For each instance: last year's plan (``plan_grids``, the bench's seed), this year's buildings
from :func:`bench.yearlater.year_later` (±5 % household drift, demolished old lanes, new
compounds on empty land, grids pushed out of the band), then :func:`replan_grids`, which also
makes the fresh plan of the same inputs. Reported for both: band compliance (share of basic
grids within the band, grids outside it, and those outside where the band is possible), the
workload CV, and the share of last year's households that changed grid. Target (issue 21):
the re-plan restores the band wherever the fresh plan does while moving at most a tenth of
the households the fresh plan moves.

Run: ``python -m bench.replan [--only KEY …] [--out FILE.json]``; prints a Markdown table
(the one in BENCHMARKS.md, section "Yearly review").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import instances  # noqa: E402
from bench.yearlater import year_later  # noqa: E402

#: The instances (``key``: name for ``--only``): the bundled demo street, generated streets of
#: the main benchmark (``households``) and Wudaokou's real data in four communities.
INSTANCES = [
    {"key": "demo", "label": "demo street (sample_data)", "kind": "sample"},
    {"key": "community", "label": "generated community", "kind": "street", "households": 5000},
    {"key": "street", "label": "generated street", "kind": "street", "households": 35000},
    {"key": "wudaokou-4", "label": "Beijing Wudaokou, 4 communities (OSM)", "kind": "osm", "variant": "four"},
]
#: Seeds of the "year later" generator, one year each.
YEAR_SEEDS = (3,)


def _instance(entry: dict, cache: Path) -> instances.Instance:
    if entry["kind"] == "sample":
        return instances.load_instance(ROOT / "sample_data" / "demo_street.gpkg", options=instances.GENERATED_OPTIONS,
                                       label=entry["label"])
    if entry["kind"] == "osm":
        return instances.osm_instance(entry["variant"], cache)
    return instances.generated_instance(instances.instance_path(entry["households"], 7, cache))


def run_entry(entry: dict, cache: Path, seed: int) -> dict:
    """Last year's plan, this year's buildings, the re-plan and the fresh plan of one instance."""
    from gridplanner.algorithms import plan_grids
    from gridplanner.algorithms.replan import PreviousPlan, replan_grids

    instance = _instance(entry, cache)
    layers = instances.read_instance(instance)
    params = instance.parameters()
    last = plan_grids(layers["buildings"], layers["roads"], layers["communities"], layers["water"] or None, params,
                      compounds=layers["compounds"])
    previous = PreviousPlan(grids=last.grids, buildings=last.buildings, metadata=dict(last.metadata))
    id_field = params.building_id_field
    compound_field = params.compound_field if params.compound_field in layers["buildings"].columns else \
        ("compound_id" if "compound_id" in layers["buildings"].columns else None)
    later = year_later(layers["buildings"].to_crs(last.crs), last.grids, layers["communities"].to_crs(last.crs)
                       if layers["communities"] is not None else None,
                       layers["roads"].to_crs(last.crs) if layers["roads"] is not None else None, seed=seed,
                       households_field=params.households_field, id_field=id_field, compound_field=compound_field,
                       max_households=params.max_households, plan_buildings=last.buildings)
    start = time.perf_counter()
    result = replan_grids(previous, later.buildings, layers["roads"], layers["communities"], layers["water"] or None,
                          params, compounds=layers["compounds"])
    seconds = time.perf_counter() - start
    fresh = result.fresh
    assert fresh is not None
    f = result.figures

    def figures(summary: dict) -> dict:
        return {"in_band_share": summary["in_band_share"], "grids_outside_band": summary["grids_outside_band"],
                "outside_avoidable": summary.get("grids_outside_band_avoidable"),
                "workload_cv": summary["workload_cv"], "grids": summary["grids"]}

    return {"key": entry["key"], "label": entry["label"], "year_seed": seed,
            "households": f["households"], "buildings_new": f["buildings_new"],
            "buildings_demolished": f["buildings_demolished"], "pushed_grids": len(later.pushed_grids),
            "last_year": figures(last.summary),
            "replan": {**figures(result.summary), "moved_share": f["households_moved_share"],
                       "moved": f["households_moved"], "grids_kept": f["grids_kept"],
                       "grids_changed": f["grids_changed"], "grids_new": f["grids_new"],
                       "grids_retired": f["grids_retired"]},
            "fresh": {**figures(fresh.summary), "moved_share": f["fresh_households_moved_share"],
                      "moved": f["fresh_households_moved"]},
            "seconds": round(seconds, 1)}


def markdown(rows: list[dict]) -> str:
    """The BENCHMARKS.md table of the runs."""
    def pct(x: float | None) -> str:
        return "–" if x is None else f"{100 * x:.1f} %"

    lines = ["| instance | households | changes (new / demolished buildings, grids pushed) | "
             "in band: last year / replan / fresh | outside band (avoidable): replan / fresh | "
             "workload CV: replan / fresh | households moved: replan / fresh | ratio | grids kept / changed / new "
             "/ retired | time (replan + fresh) |",
             "|---|---:|---|---|---|---|---|---:|---|---:|"]
    for r in rows:
        rp, fr, ly = r["replan"], r["fresh"], r["last_year"]
        ratio = rp["moved"] / fr["moved"] if fr["moved"] else float("nan")
        lines.append(
            f"| {r['label']} | {r['households']:,} | {r['buildings_new']} / {r['buildings_demolished']} / "
            f"{r['pushed_grids']} | {pct(ly['in_band_share'])} / {pct(rp['in_band_share'])} / "
            f"{pct(fr['in_band_share'])} | {rp['grids_outside_band']} ({rp['outside_avoidable']}) / "
            f"{fr['grids_outside_band']} ({fr['outside_avoidable']}) | {pct(rp['workload_cv'])} / "
            f"{pct(fr['workload_cv'])} | {pct(rp['moved_share'])} ({rp['moved']:,}) / {pct(fr['moved_share'])} "
            f"({fr['moved']:,}) | {ratio:.2f} | {rp['grids_kept']} / {rp['grids_changed']} / {rp['grids_new']} / "
            f"{rp['grids_retired']} | {r['seconds']:.0f} s |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.replan", description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", choices=[e["key"] for e in INSTANCES],
                        help="run only this instance (repeatable)")
    parser.add_argument("--cache", default=str(instances.DEFAULT_CACHE), help="where generated instances are kept")
    parser.add_argument("--out", help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    rows = []
    for entry in INSTANCES:
        if args.only and entry["key"] not in args.only:
            continue
        for seed in YEAR_SEEDS:
            print(f"[replan bench] {entry['label']}, year seed {seed}", file=sys.stderr, flush=True)
            rows.append(run_entry(entry, Path(args.cache), seed))
    if args.out:
        Path(args.out).write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
