"""City-scale runs of Grid Planner alone (issue 24): a generated megacity on this machine, and a
localhost Dask cluster made of a real ``dask scheduler`` and ``dask worker`` processes.

Usage (from the repository root, in the project's environment)::

    make bench-megacity          # = python -m bench.megacity --households 10000000 --out output/megacity
    make bench-cluster           # = python -m bench.megacity --households 300000 --cluster 1 2 --out output/cluster
    python -m bench.megacity --households 1000000 --out /tmp/m          # any size

Every plan is ``gridplanner plan`` run as a command (the exact command line is recorded), timed
from start to exit (reading, planning, measuring and writing the GeoPackage), with the resident
memory of every process it started — and, on a cluster, of the scheduler and the workers —
summed and sampled every 0.5 s. The load average is recorded before and after each run: the
machine is shared, so a figure taken under load is an upper bound. ``--cluster 1 2`` starts a
``dask scheduler`` and then 1, then 2 ``dask worker`` processes (one thread each) as separate
commands on free localhost ports, plans through ``--scheduler`` and checks that the grids are
identical to the local plan's. Results go to ``OUT/megacity.json`` and a Markdown table is printed.

A street of the sample generator has at most 999 communities; a city of more is several streets
side by side (street codes 004, 005 …), each at most 999 communities of about 8,500 households.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import instances  # noqa: E402
from bench.run import _tree_rss_mb  # noqa: E402

#: Communities of one generated street at most (``generate_street``'s limit).
STREET_COMMUNITIES = 999
#: Metres left between two generated streets of a city.
STREET_GAP_M = 2000.0
GRIDPLANNER = Path(sys.executable).parent / "gridplanner"
DASK = Path(sys.executable).parent / "dask"


def city_path(households: int, seed: int = 7, cache: Path | None = None) -> Path:
    """Generate (once) a city of about ``households`` households; return its GeoPackage path.

    Up to one street's worth, this is :func:`instances.instance_path`; above, streets of at most
    :data:`STREET_COMMUNITIES` communities side by side, west to east."""
    args = instances.street_arguments(households)
    if args["n_communities"] <= STREET_COMMUNITIES:
        return instances.instance_path(households, seed=seed, cache=cache)
    total = args["n_communities"]
    streets = math.ceil(total / STREET_COMMUNITIES)
    path = Path(cache or instances.DEFAULT_CACHE) / f"city_n{total}_s{streets}_seed{seed}_v2.gpkg"

    def make() -> dict:
        import geopandas as gpd
        import pandas as pd

        generator = instances.generator()
        layers: dict[str, list] = {}
        east = 500000.0
        for s in range(streets):
            n = total // streets + (1 if s < total % streets else 0)
            street = generator.generate_street(seed=seed + s, defects=False, n_communities=n, scale=1.0,
                                               origin=(east, 3350000.0), street_code=f"{4 + s:03d}",
                                               street_name=f"街道{s + 1}")
            east = float(street["communities"].total_bounds[2]) + STREET_GAP_M
            _distinct_keys(street, s, offset=sum(len(f) for f in layers.get("buildings", [])))
            for name, frame in street.items():
                layers.setdefault(name, []).append(frame)
        return {name: gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)
                for name, frames in layers.items()}

    path = instances._cached(path, make)
    instances.write_sidecar(path, label=path.stem, layers={}, options=instances.GENERATED_OPTIONS,
                            comment="Written by bench/megacity.py: a generated city of several streets.")
    return path


def _distinct_keys(street: dict, index: int, offset: int) -> None:
    """Keys that each street numbers from 1 made unique in the city: building ids after the
    streets before, compounds and dedicated sites prefixed with the street (else two streets'
    compound C0001 would be one compound, and every building id would be shared)."""
    import pandas as pd

    buildings = street["buildings"]
    buildings["bldg_id"] = buildings["bldg_id"].astype("int64") + offset
    for column in ("compound_id", "dedicated_site"):
        if column in buildings:
            buildings[column] = [None if pd.isna(v) else f"S{index + 1}-{v}" for v in buildings[column]]


def plan_command(path: Path, out: Path, *extra: str) -> list[str]:
    """``gridplanner plan`` on a generated instance (its layers and fields), writing ``out``."""
    layers = [("--buildings", "buildings"), ("--roads", "roads"), ("--communities", "communities"),
              ("--water", "water"), ("--water", "waterway")]
    args = [str(GRIDPLANNER), "plan"]
    for flag, layer in layers:
        args += [flag, f"{path}|layername={layer}"]
    args += ["--building-id-field", "bldg_id", "--dedicated-field", "dedicated_site",
             "--seed", str(instances.PLAN_SEED), "-o", str(out), "--overwrite", "--quiet", *extra]
    return args


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def timed(command: list[str], also: list[int] = ()) -> dict:
    """Run ``command`` in a session of its own; wall time, exit code and the peak of the summed
    resident memory of its process group and of the groups ``also`` (scheduler, workers)."""
    before = _load()
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env=dict(os.environ, PYTHONWARNINGS="ignore"))
    peak = client = 0.0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_mb(proc.pid) + sum(_tree_rss_mb(g) for g in also))
        client = max(client, _rss_mb(proc.pid))
        time.sleep(0.5)
    stdout, stderr = proc.communicate()
    return {"command": " ".join(command), "exit_code": proc.returncode,
            "seconds": round(time.perf_counter() - started, 1),
            "peak_rss_mb": round(peak), "client_peak_rss_mb": round(client), "load_before": before,
            "load_after": _load(),
            "summary": stdout.strip().splitlines()[-30:] if proc.returncode == 0 else stderr.strip().splitlines()[-5:]}


def _rss_mb(pid: int) -> float:
    """Resident memory (MB) of the one process ``pid`` (the client of a plan), 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _figures(out: Path) -> dict:
    import geopandas as gpd

    grids = gpd.read_file(out, layer="grids", columns=["households", "status"], read_geometry=False)
    problems = gpd.read_file(out, layer="problems", columns=["kind"], read_geometry=False)
    buildings = gpd.read_file(out, layer="buildings", columns=["grid_code"], read_geometry=False)
    return {"grids": len(grids), "households": int(grids["households"].sum()), "buildings": len(buildings),
            "households_300_500": round(100 * float((grids["households"].between(300, 500)).mean()), 1),
            # communities where the search's wall-clock safety net fired (the plan then depends on the load)
            "search_time_caps": int((problems["kind"] == "search_time_cap").sum())}


def same_plan(a: Path, b: Path) -> bool:
    """The grids layers (attributes and exact geometry) and the buildings' grid codes equal."""
    import geopandas as gpd

    left, right = gpd.read_file(a, layer="grids"), gpd.read_file(b, layer="grids")
    if not left.drop(columns="geometry").equals(right.drop(columns="geometry")):
        return False
    if not bool(left.geometry.geom_equals_exact(right.geometry, 0.0).all()):
        return False
    codes = [gpd.read_file(p, layer="buildings", columns=["grid_code"], read_geometry=False)["grid_code"]
             for p in (a, b)]
    return bool(codes[0].equals(codes[1]))


class LocalDaskCluster:
    """A ``dask scheduler`` and ``dask worker`` processes started as commands on localhost."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: list[subprocess.Popen] = []
        self.address = ""

    def _start(self, args: list[str], log: str) -> subprocess.Popen:
        proc = subprocess.Popen([str(DASK), *args], stdout=subprocess.DEVNULL,
                                stderr=(self.folder / log).open("w"), start_new_session=True,
                                env=dict(os.environ, PYTHONWARNINGS="ignore"))
        self.processes.append(proc)
        return proc

    def start(self, workers: int) -> str:
        from distributed import Client

        scheduler_file = self.folder / "scheduler.json"
        scheduler_file.unlink(missing_ok=True)
        self._start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                     "--scheduler-file", str(scheduler_file)], "scheduler.log")
        deadline = time.monotonic() + 120
        while not scheduler_file.exists() or not scheduler_file.read_text().strip():
            if time.monotonic() > deadline:
                raise RuntimeError("the dask scheduler did not start (see scheduler.log)")
            time.sleep(0.2)
        self.address = json.loads(scheduler_file.read_text())["address"]
        for i in range(workers):
            self._start(["worker", self.address, "--name", f"w{i + 1}", "--nthreads", "1", "--nworkers", "1",
                         "--host", "127.0.0.1", "--memory-limit", "0", "--no-dashboard"], f"worker{i + 1}.log")
        with Client(self.address, timeout=120) as client:
            client.wait_for_workers(workers, timeout=300)
        return self.address

    @property
    def groups(self) -> list[int]:
        return [p.pid for p in self.processes if p.poll() is None]

    def stop(self) -> None:
        for p in reversed(self.processes):
            if p.poll() is None:
                p.terminate()
        for p in self.processes:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        self.processes.clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.megacity", description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=10_000_000)
    parser.add_argument("--out", type=Path, required=True, help="folder for the plans and megacity.json")
    parser.add_argument("--workers", type=int, default=0, help="--workers of the local plan (0: one per core)")
    parser.add_argument("--cluster", type=int, nargs="*", default=None,
                        help="also plan on a localhost dask scheduler with this many dask workers (e.g. 1 2)")
    parser.add_argument("--no-local", action="store_true", help="skip the plan on a local cluster")
    parser.add_argument("--read-per-community", choices=["auto", "yes", "no"], default="auto",
                        help="gridplanner plan's --read-per-community (auto: per community at this size)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    path = city_path(args.households)
    results: dict = {"date": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
                     "instance": path.name, "generate_or_cache_s": round(time.perf_counter() - started, 1),
                     "cores": os.cpu_count(), "runs": []}
    print(f"instance {path} ({results['generate_or_cache_s']} s)", flush=True)
    local_out = args.out / "local.gpkg"
    if not args.no_local:
        row = timed(plan_command(path, local_out, "--workers", str(args.workers), "--read-per-community",
                                 args.read_per_community))
        row.update({"run": f"local cluster, --workers {args.workers}"})
        if row["exit_code"] == 0:
            row.update(_figures(local_out))
        results["runs"].append(row)
        print(json.dumps({k: v for k, v in row.items() if k != "summary"}), flush=True)
    for workers in args.cluster or []:
        cluster = LocalDaskCluster(args.out)
        try:
            address = cluster.start(workers)
            out = args.out / f"cluster{workers}.gpkg"
            row = timed(plan_command(path, out, "--scheduler", address, "--read-per-community",
                                     args.read_per_community), also=cluster.groups)
            row.update({"run": f"dask scheduler + {workers} dask worker(s), --scheduler"})
            if row["exit_code"] == 0:
                row.update(_figures(out))
                if local_out.exists():
                    row["identical_to_local"] = same_plan(local_out, out)
            results["runs"].append(row)
            print(json.dumps({k: v for k, v in row.items() if k != "summary"}), flush=True)
        finally:
            cluster.stop()
    (args.out / "megacity.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print("\n| run | households | buildings | grids | grids of 300–500 households | time (s) | s per 1,000 households "
          "| peak RSS, all processes (MB) | client peak RSS (MB) | load before → after | clock caps | identical |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|")
    for r in results["runs"]:
        if r["exit_code"] != 0:
            print(f"| {r['run']} | failed: {' '.join(r['summary'])[:200]} |")
            continue
        print(f"| {r['run']} | {r['households']:,} | {r['buildings']:,} | {r['grids']:,} | {r['households_300_500']} % "
              f"| {r['seconds']} | {1000 * r['seconds'] / max(r['households'], 1):.3f} | {r['peak_rss_mb']:,} "
              f"| {r['client_peak_rss_mb']:,} "
              f"| {r['load_before'][0]} → {r['load_after'][0]} | {r['search_time_caps']} "
              f"| {r.get('identical_to_local', '–')} |")
    return 0 if all(r["exit_code"] == 0 for r in results["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
