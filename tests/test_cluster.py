"""Parallel planning on Dask (algorithms/cluster.py, issue 24): a local cluster and a real
``dask scheduler`` with two ``dask worker`` processes give the plan of a single process."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import geopandas as gpd
import pytest
from dask_cluster import DASK, dask_cluster

from gridplanner.algorithms import PlanParameters, plan_grids
from gridplanner.algorithms.errors import InputError, PlanCancelled
from gridplanner.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning",
                                        "ignore::DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "demo_street.gpkg"
#: A search budget whose wall-clock safety net cannot fire on a loaded machine: when it fires, the
#: plan depends on the machine's load (reported as ``search_time_cap``), wherever it runs.
SEARCH_SECONDS = 120
SAMPLE_OPTIONS = {"building_id_field": "bldg_id", "dedicated_field": "dedicated_site", "seed": 1,
                  "search_seconds": SEARCH_SECONDS}


def _layers() -> dict:
    return {"buildings": gpd.read_file(SAMPLE, layer="buildings"), "roads": gpd.read_file(SAMPLE, layer="roads"),
            "communities": gpd.read_file(SAMPLE, layer="communities"),
            "water": [gpd.read_file(SAMPLE, layer="water"), gpd.read_file(SAMPLE, layer="waterway")]}


def _plan_args(out: Path, *extra: str) -> list[str]:
    return ["plan", "--buildings", f"{SAMPLE}|layername=buildings", "--roads", f"{SAMPLE}|layername=roads",
            "--communities", f"{SAMPLE}|layername=communities", "--water", f"{SAMPLE}|layername=water",
            "--water", f"{SAMPLE}|layername=waterway", "--building-id-field", "bldg_id",
            "--dedicated-field", "dedicated_site", "--seed", "1", "-o", str(out), "--quiet",
            "--search-seconds", str(SEARCH_SECONDS), *extra]


def _same_plan(a: Path, b: Path) -> None:
    problems = [gpd.read_file(p, layer="problems")["kind"] for p in (a, b)]
    assert not any((kinds == "search_time_cap").any() for kinds in problems), "the clock safety net fired"
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


@pytest.mark.slow
@pytest.mark.skipif(not DASK.exists(), reason="the dask command is not installed beside this Python")
def test_a_dask_scheduler_and_two_workers_give_the_in_process_plan(single_process_plan, tmp_path) -> None:
    """``dask scheduler`` and two ``dask worker`` started as separate commands on free ports
    of localhost; the CLI plans the sample through ``--scheduler`` and both workers take part."""
    from distributed import Client

    with dask_cluster(tmp_path, workers=2) as address:
        out = tmp_path / "plan.gpkg"
        assert main(_plan_args(out, "--scheduler", address)) == 0
        _same_plan(single_process_plan, out)

        def communities_planned_here(dask_worker) -> int:
            """The community tasks this worker finished (its transition log: key, start, finish …)."""
            return len({entry[0] for entry in dask_worker.state.log
                        if str(entry[0]).startswith("_plan_one-") and len(entry) > 2 and entry[2] == "memory"})

        with Client(address, timeout=60) as client:
            per_worker = client.run(communities_planned_here)
        assert len(per_worker) == 2 and all(n >= 1 for n in per_worker.values()), per_worker
        assert sum(per_worker.values()) == 5        # the sample's five communities


def test_without_dask_a_cluster_is_refused_with_a_clear_message(monkeypatch) -> None:
    from gridplanner.algorithms import cluster

    monkeypatch.setitem(sys.modules, "distributed", None)      # import distributed -> ImportError
    with pytest.raises(InputError, match=r"dask\[distributed\]"):
        with cluster.dask_client(2):
            pass


@pytest.mark.slow
def test_inside_qgis_the_local_cluster_is_threads_and_gives_the_same_plan(monkeypatch) -> None:
    """Inside QGIS ``sys.executable`` is the QGIS program: the local cluster starts no process."""
    from gridplanner.algorithms import cluster

    started = []
    real = cluster.dask_client

    def watched(workers, scheduler=None):
        monkeypatch.setattr(cluster, "in_qgis", lambda: True)
        started.append(workers)
        return real(workers, scheduler)

    monkeypatch.setattr(cluster, "dask_client", watched)
    layers = _layers()
    threads = plan_grids(**layers, params=PlanParameters.from_options(**SAMPLE_OPTIONS, workers=2))
    monkeypatch.setattr(cluster, "dask_client", real)
    alone = plan_grids(**layers, params=PlanParameters.from_options(**SAMPLE_OPTIONS, workers=1))
    assert started == [2]
    assert threads.grids.drop(columns="geometry").equals(alone.grids.drop(columns="geometry"))
    assert threads.grids.geometry.geom_equals_exact(alone.grids.geometry, 0.0).all()
