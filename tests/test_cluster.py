"""Parallel planning on Dask (algorithms/cluster.py, issue 24): a local cluster and a real
``dask scheduler`` with two ``dask worker`` processes give the plan of a single process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import pytest

from gridplanner.algorithms import PlanParameters, plan_grids
from gridplanner.algorithms.errors import InputError, PlanCancelled
from gridplanner.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning",
                                        "ignore::DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "demo_street.gpkg"
DASK = Path(sys.executable).parent / "dask"
SAMPLE_OPTIONS = {"building_id_field": "bldg_id", "dedicated_field": "dedicated_site", "seed": 1}


def _layers() -> dict:
    return {"buildings": gpd.read_file(SAMPLE, layer="buildings"), "roads": gpd.read_file(SAMPLE, layer="roads"),
            "communities": gpd.read_file(SAMPLE, layer="communities"),
            "water": [gpd.read_file(SAMPLE, layer="water"), gpd.read_file(SAMPLE, layer="waterway")]}


def _plan_args(out: Path, *extra: str) -> list[str]:
    return ["plan", "--buildings", f"{SAMPLE}|layername=buildings", "--roads", f"{SAMPLE}|layername=roads",
            "--communities", f"{SAMPLE}|layername=communities", "--water", f"{SAMPLE}|layername=water",
            "--water", f"{SAMPLE}|layername=waterway", "--building-id-field", "bldg_id",
            "--dedicated-field", "dedicated_site", "--seed", "1", "-o", str(out), "--quiet", *extra]


def _same_plan(a: Path, b: Path) -> None:
    for layer in ("grids", "buildings"):
        left, right = gpd.read_file(a, layer=layer), gpd.read_file(b, layer=layer)
        assert left.drop(columns="geometry").equals(right.drop(columns="geometry")), layer
        assert left.geometry.geom_equals_exact(right.geometry, 0.0).all(), layer


@pytest.fixture(scope="module")
def single_process_plan(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("single") / "plan.gpkg"
    assert main(_plan_args(out, "--workers", "1")) == 0
    return out


@pytest.mark.slow
def test_a_local_cluster_gives_the_single_process_plan(single_process_plan, tmp_path) -> None:
    out = tmp_path / "plan.gpkg"
    assert main(_plan_args(out, "--workers", "2")) == 0
    _same_plan(single_process_plan, out)
    assert len(gpd.read_file(out, layer="grids")) == 87


@pytest.mark.slow
def test_a_cancelled_plan_on_a_local_cluster_stops() -> None:
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    params = PlanParameters.from_options(**SAMPLE_OPTIONS, workers=2)
    started = time.monotonic()
    with pytest.raises(PlanCancelled):
        plan_grids(**_layers(), params=params, is_cancelled=cancelled)
    assert time.monotonic() - started < 30


def test_an_unreachable_scheduler_is_an_input_error() -> None:
    params = PlanParameters.from_options(**SAMPLE_OPTIONS)
    with pytest.raises(InputError, match="127.0.0.1:9"):
        plan_grids(**_layers(), params=params, scheduler="tcp://127.0.0.1:9")


def test_the_scheduler_option_is_read_from_every_front_end() -> None:
    assert PlanParameters.from_options(scheduler="").scheduler is None
    assert PlanParameters.from_options(scheduler=" tcp://10.0.0.5:8786 ").scheduler == "tcp://10.0.0.5:8786"


def _wait_for_file(path: Path, processes: list[subprocess.Popen], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists() or not path.read_text().strip():
        for p in processes:
            assert p.poll() is None, p.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)


@pytest.mark.slow
@pytest.mark.skipif(not DASK.exists(), reason="the dask command is not installed beside this Python")
def test_a_dask_scheduler_and_two_workers_give_the_in_process_plan(single_process_plan, tmp_path) -> None:
    """``dask scheduler`` and two ``dask worker`` started as separate commands on free ports
    of localhost; the CLI plans the sample through ``--scheduler`` and both workers take part."""
    from distributed import Client

    scheduler_file = tmp_path / "scheduler.json"
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    common = ["--no-dashboard"]
    processes = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                   "--scheduler-file", str(scheduler_file), *common],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)]
    try:
        _wait_for_file(scheduler_file, processes)
        address = json.loads(scheduler_file.read_text())["address"]
        for name in ("w1", "w2"):
            processes.append(subprocess.Popen(
                [str(DASK), "worker", address, "--name", name, "--nthreads", "1", "--host", "127.0.0.1",
                 "--memory-limit", "0", *common], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        out = tmp_path / "plan.gpkg"
        assert main(_plan_args(out, "--scheduler", address)) == 0
        _same_plan(single_process_plan, out)

        def communities_planned_here(dask_worker) -> int:
            """The community tasks this worker finished (its transition log: key, start, finish …)."""
            return len({entry[0] for entry in dask_worker.state.log
                        if str(entry[0]).startswith("_plan_one-") and len(entry) > 2 and entry[2] == "memory"})

        with Client(address, timeout=60) as client:
            per_worker = client.run(communities_planned_here)
        assert sorted(per_worker.values()) and all(n >= 1 for n in per_worker.values()), per_worker
        assert sum(per_worker.values()) == 5        # the sample's five communities
    finally:
        for p in reversed(processes):
            p.terminate()
        for p in processes:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
