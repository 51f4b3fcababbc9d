"""Faults (issue 18): interrupts, termination, concurrent writers, a full disk, a failed publish.

The signal tests run ``gridplanner plan --workers 2`` as a subprocess on a generated street of
about 60,000 households (``bench/instances.py``), big enough that its communities are planned
in the worker processes of a local Dask cluster for several seconds.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gridplanner.algorithms.errors import OutputError, OutputExistsError
from gridplanner.algorithms.io import OutputSet, lock_path
from gridplanner.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "demo_street.gpkg"
LEFTOVERS = (".partial", "gridplanner-lock", ".old", "-journal", "-wal", "-shm", ".probe")
GRIDPLANNER = [sys.executable, "-c", "from gridplanner.cli import run; run()"]


@pytest.fixture(scope="module")
def street(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT))
    from bench.instances import instance_path

    return instance_path(60_000, cache=tmp_path_factory.mktemp("instances"))


def _plan_args(src: Path, out: Path, *extra: str) -> list[str]:
    return ["plan", "--buildings", f"{src}|layername=buildings", "--roads", f"{src}|layername=roads",
            "--communities", f"{src}|layername=communities", "--water", f"{src}|layername=water",
            "--water", f"{src}|layername=waterway", "-o", str(out), "--quiet", *extra]


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if any(mark in p.name for mark in LEFTOVERS)]


def _children(pid: int) -> list[int]:
    """Child processes of ``pid``, started by any of its threads (Dask's local cluster starts its
    worker processes from its event-loop thread)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return sorted(set(found))


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] in ("Z", "X")
    except OSError:
        return True


def _start_with_workers(args: list[str]) -> tuple[subprocess.Popen, list[int]]:
    proc = subprocess.Popen(GRIDPLANNER + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONWARNINGS="ignore"))
    deadline = time.monotonic() + 60
    while len(_children(proc.pid)) < 2:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no worker processes started"
        time.sleep(0.05)
    time.sleep(0.5)                     # communities being planned
    return proc, _children(proc.pid)


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@linux_only
@pytest.mark.slow
def test_sigint_with_workers_exits_130_promptly(street, tmp_path) -> None:
    out = tmp_path / "plan.gpkg"
    proc, workers = _start_with_workers(_plan_args(street, out, "--workers", "2"))
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    elapsed = time.monotonic() - sent
    assert proc.returncode == 130, err
    assert elapsed <= 2.0, f"took {elapsed:.1f} s"
    assert "Traceback" not in err and "interrupted; nothing was written" in err
    time.sleep(0.2)
    assert all(_gone(w) for w in workers)
    assert not out.exists() and _leftovers(tmp_path) == []


@linux_only
@pytest.mark.slow
def test_sigterm_and_a_concurrent_writer(street, tmp_path, capsys) -> None:
    """A second run on the same output is refused while the first works; SIGTERM ends the first
    within 2 s with 143, the old output unchanged and no temporary file or worker left."""
    out = tmp_path / "plan.gpkg"
    out.write_bytes(b"the previous plan")
    proc, workers = _start_with_workers(_plan_args(street, out, "--workers", "2", "--overwrite"))
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        assert main(_plan_args(street, out, "--overwrite")) == 2
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)
    err2 = capsys.readouterr().err
    assert "being written by another Grid Planner run" in err2 and str(out) in err2
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    elapsed = time.monotonic() - sent
    assert proc.returncode == 143, err
    assert elapsed <= 2.0, f"took {elapsed:.1f} s"
    assert "Traceback" not in err and "terminated; nothing was written" in err and "unchanged" in err
    time.sleep(0.2)
    assert all(_gone(w) for w in workers)
    assert out.read_bytes() == b"the previous plan"
    assert _leftovers(tmp_path) == []


@linux_only
@pytest.mark.slow
def test_workers_die_with_their_parent(street, tmp_path) -> None:
    proc, workers = _start_with_workers(_plan_args(street, tmp_path / "plan.gpkg", "--workers", "2"))
    proc.kill()
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 2.0
    while not all(_gone(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_gone(w) for w in workers), "worker processes outlived their parent"
    # The killed run's lock is stale: the next run takes it over.
    assert lock_path(tmp_path / "plan.gpkg").exists()
    with OutputSet() as outputs:
        outputs.reserve(tmp_path / "plan.gpkg")
    assert _leftovers(tmp_path) == []


@linux_only
def test_ctrl_c_during_start_up_has_no_traceback(tmp_path) -> None:
    """SIGINT while the planner's libraries are being imported."""
    args = _plan_args(SAMPLE, tmp_path / "plan.gpkg")
    for delay in (0.3, 0.8):
        proc = subprocess.Popen(GRIDPLANNER + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, err
        assert "Traceback" not in err and "interrupted" in err
    assert list(tmp_path.iterdir()) == []


def _small_plan_args(tmp_path: Path, *extra: str) -> list[str]:
    """The smallest community of the sample: planned in about a second."""
    import geopandas as gpd

    src = tmp_path / "in.gpkg"
    communities = gpd.read_file(SAMPLE, layer="communities")
    communities = communities[communities["code"] == "330106004001"]
    buildings = gpd.read_file(SAMPLE, layer="buildings")
    buildings = buildings[buildings.representative_point().within(communities.geometry.iloc[0])]
    communities.to_file(src, layer="communities")
    buildings.to_file(src, layer="buildings")
    return ["plan", "--buildings", f"{src}|layername=buildings", "--communities", f"{src}|layername=communities",
            "--quiet", *extra]


def _run(args: list[str]) -> int:
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        return main(args)
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)


def test_interrupt_while_writing_leaves_the_old_outputs(tmp_path, monkeypatch, capsys) -> None:
    from gridplanner.algorithms import io

    out, report = tmp_path / "plan.gpkg", tmp_path / "report.html"
    out.write_bytes(b"old plan")
    report.write_bytes(b"old report")
    real = io.write_layers

    def interrupted(path, layers, metadata=None):
        real(path, {"grids": layers["grids"]})          # half the plan, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(io, "write_layers", interrupted)
    assert _run(_small_plan_args(tmp_path, "-o", str(out), "--report", str(report), "--overwrite")) == 130
    err = capsys.readouterr().err
    assert "interrupted; nothing was written" in err and "unchanged" in err
    assert out.read_bytes() == b"old plan" and report.read_bytes() == b"old report"
    assert _leftovers(tmp_path) == []


def test_disk_full_on_the_report_writes_neither(tmp_path, monkeypatch, capsys) -> None:
    out, report = tmp_path / "plan.gpkg", tmp_path / "report.html"
    real = Path.write_text

    def full(self, *args, **kwargs):
        if ".partial" in self.name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    assert _run(_small_plan_args(tmp_path, "-o", str(out), "--report", str(report))) == 2
    err = capsys.readouterr().err
    assert "the disk is full" in err and str(out) in err and str(report) in err and "nothing was written" in err
    assert "Traceback" not in err
    assert not out.exists() and not report.exists()
    assert _leftovers(tmp_path) == []


def test_disk_full_on_a_real_small_file_system(tmp_path, capsys) -> None:
    """A 64 kB tmpfs (needs the right to mount; skipped otherwise)."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        code = _run(_small_plan_args(tmp_path, "-o", str(mnt / "plan.gpkg")))
        err = capsys.readouterr().err
        assert code == 2, err
        assert "the disk is full" in err and "plan.gpkg" in err and "Traceback" not in err
        assert list(mnt.iterdir()) == []
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_read_only_folder_is_refused_before_planning(tmp_path, capsys) -> None:
    mnt = tmp_path / "ro"
    mnt.mkdir()
    if os.geteuid() != 0:
        mnt.chmod(0o555)
    elif subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(mnt)],
                        capture_output=True).returncode != 0:
        pytest.skip("root, and cannot mount a read-only file system here")
    try:
        started = time.monotonic()
        code = _run(_small_plan_args(tmp_path, "-o", str(mnt / "plan.gpkg")))
        err = capsys.readouterr().err
        assert code == 2, err
        assert f"cannot write in the folder {mnt}" in err and "Traceback" not in err
        assert time.monotonic() - started < 5
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(mnt)], check=False)
        mnt.chmod(0o755)


def test_a_file_that_appears_meanwhile_is_never_replaced(tmp_path) -> None:
    target = tmp_path / "plan.gpkg"
    with pytest.raises(OutputExistsError, match="appeared while this run was working"):
        with OutputSet() as out:
            tmp = out.add(target)
            Path(tmp).write_text("new")
            target.write_text("written by someone else")
    assert target.read_text() == "written by someone else"
    assert _leftovers(tmp_path) == []


def test_a_failed_publish_rolls_every_output_back(tmp_path, monkeypatch) -> None:
    a, b = tmp_path / "a.gpkg", tmp_path / "b.html"
    a.write_text("old a")
    b.write_text("old b")
    real = os.replace
    calls = []

    def failing(src, dst):
        calls.append(dst)
        if Path(dst) == b:
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OutputError, match="cannot write"):
        with OutputSet(overwrite=True) as out:
            Path(out.add(a)).write_text("new a")
            Path(out.add(b)).write_text("new b")
    assert a.read_text() == "old a" and b.read_text() == "old b"
    assert _leftovers(tmp_path) == []


def test_shapefile_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch) -> None:
    import geopandas as gpd
    import shapely

    from gridplanner.algorithms.export import writers

    frame = gpd.GeoDataFrame({"WGBM": ["1"]}, geometry=[shapely.box(0, 0, 1, 1)], crs=4549)
    target = tmp_path / "grids.shp"
    writers.write_shapefile(frame[["WGBM"]], frame.geometry, frame.crs, target)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = os.replace

    def failing(src, dst):
        if str(dst).endswith(".dbf"):
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    frame2 = frame.assign(WGBM=["2"], geometry=[shapely.box(0, 0, 2, 2)])
    with pytest.raises(OutputError):
        writers.write_shapefile(frame2[["WGBM"]], frame2.geometry, frame2.crs, target, overwrite=True)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
