"""Benchmark driver: Grid Planner against its peers, and Grid Planner alone at city scale.

Usage (from the repository root, in the project's environment with the ``bench`` extra)::

    make bench                          # = python -m bench: everything, writes BENCHMARKS.md
    python -m bench --smoke --out DIR   # tiny instances, every method, short caps; writes into DIR
    python -m bench --out DIR --compare wudaokou wudaokou-4 --scaling    # the real data only
    python -m bench --out DIR --instance my.gpkg --layers buildings=bldg,roads=streets \
        --options building-id-field=BM                                  # any GeoPackage

Each (method, instance) pair runs in a fresh child process with a time cap, so a peer that
hangs cannot stop the run and the peak resident memory (``ru_maxrss``) is that run's alone.
A timeout or a failure becomes a row of the table, never a missing one.

Every method plans through the engine's own :func:`gridplanner.algorithms.plan_grids`; for
a peer, only the per-community partitioner is replaced (``plan_grids(..., partitioner=)``)
by the peer working on the same atoms and adjacency graph with the grid count the engine
would choose. Validation, atoms, dissolve into polygons, numbering and metrics are the
engine's, so every method is judged the same way (:mod:`bench.evaluate`).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:          # ``python bench/run.py`` as well as ``python -m bench``
    sys.path.insert(0, str(ROOT))

from bench import instances, report  # noqa: E402
from bench.peers import PEERS  # noqa: E402

METHODS = ("gridplanner",) + PEERS

#: The full run: comparison instances (``key``: the name ``--compare`` selects it by;
#: ``kind``: ``street`` — a generated street of about ``households`` —, ``small_buildings``,
#: or ``osm`` — the shared OpenStreetMap extract, ``variant`` of :func:`instances.osm_instance`;
#: ``cap``: time cap in seconds of each method), then the scaling sizes of Grid Planner alone
#: and their cap. Measured on the shared 2-core machine: the slowest peer took 66 s on the
#: street and 84 s (max-p) on the 100k street, Grid Planner 33 s single-threaded on the 100k
#: street; on Wudaokou max-p took 148 s (one community) and 216 s (4 communities), the
#: rest under 70 s. The smoke run caps its quarter of Wudaokou at 20 s: max-p needs minutes
#: there (its simulated annealing keeps moving the many atoms without households), so its row
#: is a timeout, which is cheap and still exercises that path.
FULL = {
    "compare": [
        {"key": "community", "label": "community", "households": 5000, "cap": 120, "kind": "street"},
        {"key": "street", "label": "street", "households": 35000, "cap": 300, "kind": "street"},
        {"key": "100k", "label": "100k street", "households": 100000, "cap": 600, "kind": "street"},
        {"key": "small-buildings", "label": "small buildings", "households": 12000, "cap": 300,
         "kind": "small_buildings"},
        {"key": "wudaokou", "label": "Beijing Wudaokou, one community", "cap": 400, "kind": "osm",
         "variant": "whole"},
        {"key": "wudaokou-4", "label": "Beijing Wudaokou, 4 communities", "cap": 400, "kind": "osm",
         "variant": "four"},
    ],
    "scaling": [10000, 100000, 300000, 1000000],
    "scaling_cap": 900,
}
SMOKE = {
    "compare": [
        {"key": "smoke", "label": "smoke", "households": 3000, "cap": 120, "kind": "street"},
        {"key": "wudaokou-smoke", "label": "Beijing Wudaokou, south-west quarter", "cap": 20, "kind": "osm",
         "variant": "smoke"},
    ],
    "scaling": [3000],
    "scaling_cap": 120,
}
#: Every named comparison instance (``--compare KEY``).
NAMED = {e["key"]: e for e in FULL["compare"] + SMOKE["compare"]}
DEFAULT_CAP = 600
INSTANCE_SEED = 7


# --------------------------------------------------------------------------------------
# child process: one method on one instance
# --------------------------------------------------------------------------------------

def _child(method: str, spec: str, workers: int) -> dict:
    """Plan the instance ``spec`` (:meth:`instances.Instance.to_json`) with ``method`` in this
    process; return timings and the evaluation."""
    import warnings

    warnings.filterwarnings("ignore")
    import numpy as np

    from bench.evaluate import evaluate, planner_figures
    from bench.peers import NOTES, SOLVERS, drafts_from_labels
    from gridplanner.algorithms import plan_grids
    from gridplanner.algorithms.partition import choose_grid_count, partition_community

    instance = instances.Instance.from_json(spec)
    if not instance.layers:                 # a bare path: the default mapping, resolved here
        instance = instances.load_instance(instance.path, options=instance.options)
    layers = instances.read_instance(instance)
    partitioner = partition_community
    if method != "gridplanner":
        solver = SOLVERS[method]

        def partitioner(graph, band, rng, *, grid_count=None, **_ignored):
            # Same atoms, same grid count rule as the engine; the peer decides the rest.
            k = grid_count or choose_grid_count(int(np.sum(graph.households)), band)[0]
            if graph.n == 0:
                return []
            labels = solver(graph, max(1, int(k)), band, int(rng.integers(2**31)))
            return drafts_from_labels(labels)

    # A peer is a local function: it plans in this process (workers=1), which the comparison
    # uses; the scaling runs are the engine's own, in as many processes as asked.
    params = instance.parameters(workers)
    per_community: list[tuple[float, int]] = []        # (partition step s, households), workers=1
    if workers == 1:
        inner = partitioner

        def partitioner(graph, band, rng, **options):
            t0 = time.perf_counter()
            drafts = inner(graph, band, rng, **options)
            per_community.append((time.perf_counter() - t0, int(np.sum(graph.households))))
            return drafts

    start = time.perf_counter()
    result = plan_grids(layers["buildings"], layers["roads"], layers["communities"], layers["water"], params,
                        partitioner=partitioner, compounds=layers["compounds"])
    seconds = time.perf_counter() - start
    peak_mb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    out = evaluate(result, layers, params)
    out.update(planner_figures(result))
    out.update({"seconds": seconds, "peak_rss_mb": peak_mb, "workers": workers, "notes": list(NOTES)})
    if workers == 1:
        out.update(result.metadata["seconds"])
        out.update(_slowest_community(per_community))
    return out


def _slowest_community(per_community: list[tuple[float, int]]) -> dict:
    """The partition step of the slowest community, overall and among communities of at most
    :data:`report.BOUND_HOUSEHOLDS` households (the search-time bound of ``BENCHMARKS.md``)."""
    if not per_community:
        return {}
    slowest = max(per_community)
    small = [t for t, hh in per_community if hh <= report.BOUND_HOUSEHOLDS]
    return {"community_max_s": slowest[0], "community_max_households": slowest[1],
            "community_max_s_small": max(small) if small else None}


# --------------------------------------------------------------------------------------
# parent: runs children with caps
# --------------------------------------------------------------------------------------

def _tree_rss_mb(pgid: int) -> float:
    """Resident memory (MB) of every process in the process group ``pgid`` (Linux /proc)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getpgid(int(entry)) != pgid:
                continue
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except (OSError, ValueError):
            continue       # the process ended meanwhile
    return total / 1024


def run_one(method: str, instance, cap: float, workers: int) -> dict:
    """Run ``method`` on ``instance`` (an :class:`instances.Instance`, or the path of a
    generated one) in a child process; a timeout or failure is a row too.

    The peak memory reported is the larger of the child's own ``ru_maxrss`` and the summed
    resident memory of the child and its worker processes, sampled every 0.2 s.
    """
    import tempfile

    if not isinstance(instance, instances.Instance):
        instance = instances.Instance(path=Path(instance), options=dict(instances.GENERATED_OPTIONS))
    cmd = [sys.executable, "-m", "bench", "--child", method, instance.to_json(), "--workers", str(workers)]
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        # A session of its own, so a timeout ends the child and any worker processes it started.
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err, text=True, start_new_session=True)
        tree_peak = 0.0
        while proc.poll() is None:
            tree_peak = max(tree_peak, _tree_rss_mb(proc.pid))
            if time.perf_counter() - t0 > cap:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                return {"method": method, "status": "timeout", "cap_s": cap,
                        "message": f"no plan within the cap of {cap:.0f} s"}
            time.sleep(0.2)
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
        message = lines[-1] if lines else f"exit code {proc.returncode}"
        return {"method": method, "status": "failed", "cap_s": cap, "message": message[:300]}
    row = json.loads(stdout.strip().splitlines()[-1])
    row.update({"method": method, "status": "ok", "cap_s": cap, "child_wall_s": wall,
                "process_peak_rss_mb": row["peak_rss_mb"], "tree_peak_rss_mb": tree_peak})
    row["peak_rss_mb"] = max(row["peak_rss_mb"], tree_peak)
    return row


def machine() -> dict:
    """CPU model, cores, RAM, load, Python and library versions of this machine."""
    from importlib import metadata

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for dist in ("gridplanner", "numpy", "shapely", "geopandas", "momepy", "networkx", "scipy",
                 "scikit-learn", "libpysal", "spopt", "gerrychain", "pymetis"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    return {"cpu": cpu, "cores": os.cpu_count(),
            "ram_gib": os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30,
            "load_average": list(os.getloadavg()), "python": platform.python_version(),
            "platform": platform.platform(), "versions": versions}


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def resolve(entry: dict, cache: Path) -> instances.Instance:
    """The instance of a comparison entry (generated or built once, then cached)."""
    kind = entry.get("kind", "street")
    if kind == "instance":
        return entry["instance"]
    if kind == "osm":
        return instances.osm_instance(entry["variant"], cache)
    make = instances.small_buildings_path if kind == "small_buildings" else instances.instance_path
    return instances.generated_instance(make(entry["households"], INSTANCE_SEED, cache))


def run_all(config: dict, cache: Path, methods=METHODS) -> dict:
    """Every comparison and scaling run of ``config``; returns the results document."""
    results = {"started": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
               "machine": machine(), "compare": [], "scaling": []}
    for spec in config["compare"]:
        label = spec["label"]
        t0 = time.perf_counter()
        instance = resolve(spec, cache)
        cap = spec.get("cap") or instance.cap_s or DEFAULT_CAP
        entry = {"key": spec.get("key"), "requested": spec.get("households"), "label": label,
                 "kind": spec.get("kind", "street"), "instance": instance.path.name, "path": str(instance.path),
                 "layers": instance.layers, "options": instance.options, "attribution": instance.attribution,
                 "cap_s": cap, "generate_s": time.perf_counter() - t0, "rows": []}
        for method in methods:
            row = run_one(method, instance, cap, workers=1)
            entry["rows"].append(row)
            _log(f"[{label}] {method:<11} {row['status']:<8} "
                 + (f"{row['seconds']:.1f} s, {row['in_band_share'] * 100:.0f} % in band, "
                    f"{row['barrier_crossings']} crossings"
                    if row["status"] == "ok" else row["message"]))
        results["compare"].append(entry)
    for households in config["scaling"]:
        t0 = time.perf_counter()
        # Above one street's 999 communities, a city of several streets (bench/megacity.py).
        from bench.megacity import city_path

        instance = instances.generated_instance(city_path(households, INSTANCE_SEED, cache))
        generate_s = time.perf_counter() - t0
        row = run_one("gridplanner", instance, config["scaling_cap"], workers=0)
        row.update({"requested": households, "instance": instance.path.name, "generate_s": generate_s})
        results["scaling"].append(row)
        _log(f"[scaling {households:,}] gridplanner {row['status']:<8} "
             + (f"{row['households']:,} households in {row['seconds']:.1f} s, "
                f"{row['peak_rss_mb']:.0f} MB" if row["status"] == "ok" else row["message"]))
    results["finished"] = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    return results


def _compare_entry(token: str) -> dict:
    """A ``--compare`` item: a number of households (a generated street) or an instance's key."""
    if token in NAMED:
        return dict(NAMED[token])
    try:
        households = int(token.replace(",", "").replace("_", ""))
    except ValueError:
        raise ValueError(f"--compare: {token!r} is neither a number of households nor one of "
                         f"{', '.join(NAMED)}") from None
    return {"key": token, "label": f"{households:,} households", "households": households,
            "cap": DEFAULT_CAP, "kind": "street"}


EPILOG = """\
instances:
  --compare selects the comparison instances by name or size (default: all named ones of the
  full run, or of the smoke run with --smoke):
    community, street, 100k, small-buildings   generated by sample_data/ (seed 7)
    wudaokou, wudaokou-4                       the shared OpenStreetMap extract of Beijing
                                               Wudaokou (../shared/data/osm/), prepared with
                                               `gridplanner prepare-osm`: the whole area as one
                                               community, and in 4 communities
    smoke, wudaokou-smoke                      the smoke run's (tiny street; one quarter of Wudaokou)
    N                                          a generated street of about N households
  --instance PATH adds any GeoPackage (repeatable). Its layers and the planning options it
  needs come from a sidecar NAME.bench.toml next to NAME.gpkg (see bench/instances.py), then
  from --layers and --options, which apply to every --instance. Default layer mapping: the
  layers named buildings (required), roads, communities (without it the whole area is one
  community), water and waterway (hard barriers), compounds (polygons), each when present.
  With --instance and neither --compare nor --scaling, only the given instances run.

examples:
  make bench                                          # everything; rewrites BENCHMARKS.md
  python -m bench --out /tmp/b --compare wudaokou wudaokou-4 --scaling
  python -m bench --out /tmp/b --instance district.gpkg \\
      --layers buildings=jz,roads=dl,communities=sq,water=sx \\
      --options building-id-field=JZBM,households-field=HS,pocket-policy=merge
"""


def main(argv=None) -> int:
    """Command line of ``python -m bench``."""
    # The benchmark reads the planner's reasons (bench/evaluate.py: pockets joined, undecided
    # areas): the engine speaks English here, whatever the user's locale (worker processes too).
    from gridplanner.algorithms.i18n import set_language

    os.environ["LANGUAGE"] = "en"
    set_language("en")
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0],
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true",
                        help="tiny instances (a small street, a quarter of Wudaokou), every method, short "
                             "caps (the test suite runs this)")
    parser.add_argument("--out", help="write results, BENCHMARKS.md and the plot into this folder "
                        "(default: the repository's BENCHMARKS.md and bench/time_vs_size.png; "
                        "required with --smoke and with a partial run of --compare/--instance)")
    parser.add_argument("--cache", help="instance cache folder (default bench/cache)")
    parser.add_argument("--methods", nargs="+", choices=METHODS, default=list(METHODS),
                        help="methods of the comparison (default: all)")
    parser.add_argument("--compare", nargs="*", metavar="NAME|N",
                        help="comparison instances by name or households (see below; none: no comparison)")
    parser.add_argument("--instance", action="append", default=[], metavar="PATH",
                        help="also compare on this GeoPackage (repeatable; see below)")
    parser.add_argument("--layers", metavar="ROLE=LAYER,…",
                        help="layer mapping of every --instance: buildings, roads, communities, water "
                             "(repeat for several: water=lakes,water=rivers), compounds; LAYER empty = "
                             "not used")
    parser.add_argument("--options", metavar="NAME=VALUE,…",
                        help="planning options of every --instance, named like `gridplanner plan`'s "
                             "(building-id-field, households-field, compound-field, dedicated-field, "
                             "hard-classes, min, max, target, pocket-policy, seed …)")
    parser.add_argument("--scaling", type=int, nargs="*",
                        help="households of Grid Planner's scaling runs (default 10000 100000 300000 1000000; "
                             "none: no scaling run)")
    parser.add_argument("--cap", type=float, help="time cap in seconds of every run (overrides the defaults)")
    parser.add_argument("--from-results", metavar="JSON",
                        help="only rewrite BENCHMARKS.md and the plot from a results.json of an earlier run")
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "INSTANCE"), help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(_child(args.child[0], args.child[1], args.workers)))
        return 0

    if args.from_results:
        results = json.loads(Path(args.from_results).read_text(encoding="utf-8"))
        _write_outputs(results, Path(args.out) if args.out else None, write_results=False)
        return 0
    if args.smoke and not args.out:
        parser.error("--smoke needs --out (the smoke run never writes into the repository)")
    partial = args.compare is not None or bool(args.instance)
    if partial and not args.out:
        parser.error("a run of chosen instances needs --out (only the full run rewrites the repository's "
                     "BENCHMARKS.md)")
    if (args.layers or args.options) and not args.instance:
        parser.error("--layers and --options describe an --instance")
    config = json.loads(json.dumps(SMOKE if args.smoke else FULL))
    try:
        if args.compare is not None:
            config["compare"] = [_compare_entry(token) for token in args.compare]
        elif args.instance:
            config["compare"] = []
        layers = instances.parse_pairs(args.layers, "--layers")
        options = instances.parse_pairs(args.options, "--options")
        for path in args.instance:
            inst = instances.load_instance(path, layers=layers, options=options)
            config["compare"].append({"key": str(path), "label": inst.label, "kind": "instance",
                                      "instance": inst, "cap": inst.cap_s})
    except ValueError as exc:
        parser.error(str(exc))
    if args.scaling is not None:
        config["scaling"] = list(args.scaling)
    elif args.instance and args.compare is None:
        config["scaling"] = []
    if args.cap:
        for entry in config["compare"]:
            entry["cap"] = args.cap
        config["scaling_cap"] = args.cap
    out = Path(args.out) if args.out else None
    cache = Path(args.cache) if args.cache else (out / "cache" if args.smoke else instances.DEFAULT_CACHE)
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    if argv is None and os.environ.get("GRIDPLANNER_BENCH_COMMAND"):
        command = os.environ["GRIDPLANNER_BENCH_COMMAND"]

    t0 = time.perf_counter()
    results = run_all(config, cache, methods=[m for m in METHODS if m in args.methods])
    results["total_s"] = time.perf_counter() - t0
    results["command"] = command.strip()
    results["smoke"] = bool(args.smoke)

    _write_outputs(results, out)
    return 0


def _write_outputs(results: dict, out: Path | None, write_results: bool = True) -> None:
    """results.json, BENCHMARKS.md and the plot, into ``out`` or the repository."""
    if out:
        out.mkdir(parents=True, exist_ok=True)
    results_path = (out or ROOT / "bench") / "results.json"
    bench_md = (out / "BENCHMARKS.md") if out else ROOT / "BENCHMARKS.md"
    plot = (out / "time_vs_size.png") if out else ROOT / "bench" / "time_vs_size.png"
    if write_results:
        results_path.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    report.plot_time_vs_size(results, plot)
    report.write_benchmarks(results, template=ROOT / "BENCHMARKS.md", path=bench_md,
                            plot_name=os.path.relpath(plot, bench_md.parent))
    _log(f"wrote {bench_md} and {plot}" + (f" and {results_path}" if write_results else "")
         + f" ({results['total_s']:.0f} s of benchmarks)")


if __name__ == "__main__":
    sys.exit(main())
