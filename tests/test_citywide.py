"""Planning from layer files one community at a time (algorithms/citywide.py, issue 24): the
same plan, problems and refusals as planning the layers in memory, on the sample, a generated
street with its defects, the real OpenStreetMap extract and bad inputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from gridplanner.algorithms import PlanParameters, citywide
from gridplanner.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning",
                                        "ignore::DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "demo_street.gpkg"
#: The search's wall-clock safety net must not fire (the plan would then depend on the load).
SEARCH_SECONDS = "120"


def _plan(path: Path, out: Path, mode: str, *extra: str, water: tuple[str, ...] = ("water", "waterway")) -> int:
    args = ["plan", "--buildings", f"{path}|layername=buildings", "--roads", f"{path}|layername=roads",
            "--communities", f"{path}|layername=communities"]
    for layer in water:
        args += ["--water", f"{path}|layername={layer}"]
    return main([*args, "-o", str(out), "--quiet", "--search-seconds", SEARCH_SECONDS, "--workers", "1",
                 "--read-per-community", mode, *extra])


def _same_plan(a: Path, b: Path) -> None:
    """Grids, buildings and problems equal, row by row (geometry exactly)."""
    for layer in ("grids", "buildings", "problems"):
        left, right = gpd.read_file(a, layer=layer), gpd.read_file(b, layer=layer)
        assert list(left.columns) == list(right.columns), layer
        assert len(left) == len(right), layer
        assert left.drop(columns="geometry").equals(right.drop(columns="geometry")), layer
        same = left.geometry.geom_equals_exact(right.geometry, 0.0) | (left.geometry.isna() & right.geometry.isna())
        assert same.all(), layer
    assert not (gpd.read_file(a, layer="problems")["kind"] == "search_time_cap").any()
    meta = [dict(pyogrio.read_dataframe(p, layer="gridplanner_metadata")[["key", "value"]].values) for p in (a, b)]
    for key in ("summary", "inputs", "crs"):
        assert meta[0][key] == meta[1][key], key
    # where the plan ran (workers, scheduler) is recorded, and is all that may differ
    params = [{k: v for k, v in json.loads(m["parameters"]).items() if k not in ("workers", "scheduler")}
              for m in meta]
    assert params[0] == params[1]


def _both(path: Path, tmp_path: Path, *extra: str, **kwargs) -> tuple[Path, Path]:
    memory, files = tmp_path / "memory.gpkg", tmp_path / "files.gpkg"
    assert _plan(path, memory, "no", *extra, **kwargs) == 0
    assert _plan(path, files, "yes", *extra, **kwargs) == 0
    return memory, files


def test_the_sample_is_planned_the_same_from_files(tmp_path) -> None:
    memory, files = _both(SAMPLE, tmp_path, "--building-id-field", "bldg_id", "--dedicated-field",
                          "dedicated_site", "--seed", "1")
    _same_plan(memory, files)
    grids = gpd.read_file(files, layer="grids")
    assert len(grids) == 87


@pytest.fixture(scope="module")
def street(tmp_path_factory) -> Path:
    """A generated street of 4 communities with the generator's defects (invalid and duplicate
    footprints, points, shared ids…), plus buildings outside every community: 3 m off (planned
    with the nearest) and 2 km off (not placed), and a community without buildings."""
    sys.path.insert(0, str(ROOT))
    from sample_data.generate import generate_street

    layers = generate_street(seed=11, n_communities=4, scale=0.5)
    b = layers["buildings"]
    comm = layers["communities"]
    west, south = comm.total_bounds[:2]
    coords = shapely.get_coordinates(comm.geometry.to_numpy())
    x, y = coords[np.argmin(coords[:, 0])]            # the street's westmost corner
    moved = b.iloc[:3].copy()
    moved["geometry"] = [shapely.box(west - 2000 - 20 * i, south, west - 1990 - 20 * i, south + 10) for i in range(2)] \
        + [shapely.box(x - 7, y - 2.5, x - 2, y + 2.5)]
    moved["bldg_id"] = ["far-1", "far-2", "near-1"]
    layers["buildings"] = gpd.GeoDataFrame(gpd.pd.concat([b, moved], ignore_index=True), crs=b.crs)
    empty = comm.iloc[:1].copy()
    empty["geometry"] = [shapely.box(west - 900, south - 900, west - 600, south - 600)]
    empty["code"] = "330106004999"
    layers["communities"] = gpd.GeoDataFrame(gpd.pd.concat([comm, empty], ignore_index=True), crs=comm.crs)
    path = tmp_path_factory.mktemp("street") / "street.gpkg"
    for name, frame in layers.items():
        if isinstance(frame, gpd.GeoDataFrame) and len(frame):
            frame.to_file(path, layer=name, driver="GPKG")
    return path


def test_a_generated_street_with_defects_is_planned_the_same(street, tmp_path) -> None:
    names = set(pyogrio.list_layers(street)[:, 0])
    water = tuple(n for n in ("water", "waterway") if n in names)
    memory, files = _both(street, tmp_path, "--building-id-field", "bldg_id", "--dedicated-field", "dedicated_site",
                          water=water)
    _same_plan(memory, files)
    problems = gpd.read_file(files, layer="problems")
    kinds = set(problems["kind"])
    assert {"outside_communities", "duplicate_geometry"} <= kinds, kinds
    far = problems[(problems["kind"] == "outside_communities") & problems["feature_id"].isin(["far-1", "far-2"])]
    assert len(far) == 2
    buildings = gpd.read_file(files, layer="buildings")
    assert buildings.loc[buildings["bldg_id"].isin(["far-1", "far-2"]), "grid_code"].isna().all()
    assert buildings.loc[buildings["bldg_id"] == "near-1", "grid_code"].notna().all()


def test_the_real_osm_extract_is_planned_the_same(tmp_path) -> None:
    from bench.instances import OSM_EXTRACT, osm_instance

    if not Path(OSM_EXTRACT).is_file():
        pytest.skip(f"the shared OpenStreetMap extract is not at {OSM_EXTRACT}")
    instance = osm_instance("four", cache=tmp_path / "cache")
    memory, files = _both(instance.path, tmp_path, "--building-id-field", "osm_id", "--compound-field", "",
                          "--population-field", "population")
    _same_plan(memory, files)
    assert len(gpd.read_file(files, layer="grids")) > 10


def _refusal(path: Path, out: Path, mode: str, capsys, *extra: str) -> tuple[int, str]:
    code = _plan(path, out, mode, *extra, water=())
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", ["empty buildings", "no building in a community", "no households field"])
def test_bad_inputs_are_refused_the_same(case, tmp_path, capsys) -> None:
    b = gpd.read_file(SAMPLE, layer="buildings")
    comm = gpd.read_file(SAMPLE, layer="communities")
    if case == "empty buildings":
        b = b.iloc[:0]
    elif case == "no building in a community":
        b = b.set_geometry(b.geometry.translate(50_000, 0))
    else:
        b = b.drop(columns=["households"])
    path = tmp_path / "in.gpkg"
    b.to_file(path, layer="buildings", driver="GPKG")
    comm.to_file(path, layer="communities", driver="GPKG")
    gpd.read_file(SAMPLE, layer="roads").to_file(path, layer="roads", driver="GPKG")
    refusals = [_refusal(path, tmp_path / f"{mode}.gpkg", mode, capsys) for mode in ("no", "yes")]
    assert refusals[0][0] == refusals[1][0] == 2
    assert refusals[0][1] == refusals[1][1]
    assert not list(tmp_path.glob("*.gpkg*")) or {p.name for p in tmp_path.glob("*.gpkg")} == {"in.gpkg"}


def test_a_failure_while_planning_publishes_nothing(tmp_path, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(citywide, "_plan_one", broken)
    out = tmp_path / "plan.gpkg"
    assert _plan(SAMPLE, out, "yes", "--building-id-field", "bldg_id") == 70
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_cli_reads_per_community_from_the_threshold(monkeypatch, tmp_path) -> None:
    args = type("Args", (), {"buildings": f"{SAMPLE}|layername=buildings", "communities": f"{SAMPLE}|layername=c",
                             "compounds": None, "area_units": None, "read_per_community": "auto"})()
    from gridplanner import cli

    assert not cli._per_community(args)            # 1,618 buildings: in memory
    monkeypatch.setattr(citywide, "STREAM_FROM_BUILDINGS", 1_000)
    assert cli._per_community(args)
    args.compounds = "x.gpkg"
    assert not cli._per_community(args)            # compound polygons: in memory
    assert citywide.building_count(f"{SAMPLE}|layername=buildings") == 1618


def test_the_client_holds_a_few_tasks_at_a_time() -> None:
    """``run_tasks`` with a window takes the next task only when one has finished."""
    from distributed import Client, LocalCluster

    from gridplanner.algorithms import cluster

    taken: list[int] = []
    in_flight: list[int] = []
    arrived: list[int] = []

    def tasks():
        for i in range(12):
            taken.append(i)
            in_flight.append(len(taken) - len(arrived))
            yield i

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as lc, \
            Client(lc, set_as_default=False) as client:
        cluster.run_tasks(client, _square, tasks(), list(range(12)), on_result=lambda k, v: arrived.append(v),
                          cancelled=lambda: False, window=3)
    assert sorted(arrived) == [i * i for i in range(12)]
    assert max(in_flight) <= 3


def _square(x: int) -> int:
    return x * x


def test_plan_from_files_leaves_out_the_buildings_geometry(tmp_path) -> None:
    """The result of the file path carries no buildings (they went to the file)."""
    out = tmp_path / "plan.gpkg"
    params = PlanParameters(building_id_field="bldg_id", dedicated_field="dedicated_site", seed=1)
    result = citywide.plan_from_files(f"{SAMPLE}|layername=buildings", f"{SAMPLE}|layername=roads",
                                      f"{SAMPLE}|layername=communities",
                                      [f"{SAMPLE}|layername=water", f"{SAMPLE}|layername=waterway"], params, out)
    assert len(result.buildings) == 0 and "grid_code" in result.buildings.columns
    citywide.write_plan_layers(out, result)
    written = gpd.read_file(out, layer="buildings")
    assert len(written) == 1618 and written["grid_code"].notna().sum() == int(np.sum(result.grids["n_buildings"]))


@pytest.mark.slow
def test_a_local_dask_cluster_gives_the_plan_of_one_process(tmp_path) -> None:
    """Communities made as the window frees and planned by two worker processes: the same plan."""
    options = ("--building-id-field", "bldg_id", "--dedicated-field", "dedicated_site", "--seed", "1")
    memory = tmp_path / "memory.gpkg"
    assert _plan(SAMPLE, memory, "no", *options) == 0
    dask = tmp_path / "dask.gpkg"
    assert _plan(SAMPLE, dask, "yes", *options, "--workers", "2") == 0
    _same_plan(memory, dask)


@pytest.mark.slow
def test_a_dask_scheduler_and_two_workers_plan_per_community_the_same(tmp_path) -> None:
    """``--scheduler`` on the file path: a ``dask scheduler`` and two ``dask worker`` commands
    plan the communities and do the noding; the plan is the one made in memory."""
    from dask_cluster import DASK, dask_cluster

    if not DASK.exists():
        pytest.skip("the dask command is not installed beside this Python")
    options = ("--building-id-field", "bldg_id", "--dedicated-field", "dedicated_site", "--seed", "1")
    memory = tmp_path / "memory.gpkg"
    assert _plan(SAMPLE, memory, "no", *options) == 0
    with dask_cluster(tmp_path, workers=2) as address:
        remote = tmp_path / "remote.gpkg"
        assert _plan(SAMPLE, remote, "yes", *options, "--scheduler", address) == 0
    _same_plan(memory, remote)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_while_planning_per_community_publishes_nothing(tmp_path) -> None:
    """SIGINT while the communities are planned (the buildings layer half written to the
    temporary plan): exit 130 at once, workers gone, no output and no temporary file."""
    import signal
    import time

    from test_faults import _gone, _leftovers, _plan_args, _start_with_workers

    from bench.instances import instance_path

    street = instance_path(60_000, cache=tmp_path / "instances")
    out = tmp_path / "plan.gpkg"
    proc, workers = _start_with_workers(_plan_args(street, out, "--workers", "2", "--read-per-community", "yes"))
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted; nothing was written" in err
    time.sleep(0.2)
    assert all(_gone(w) for w in workers)
    assert not out.exists() and _leftovers(tmp_path) == []
