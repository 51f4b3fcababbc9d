"""PostGIS export against a real PostgreSQL + PostGIS server.

The fixture starts a throw-away cluster from Debian's packages (``scripts/test.sh``
installs ``postgresql`` and ``postgresql-<major>-postgis-3``): ``initdb`` into a temporary
folder (as the ``postgres`` OS user when the tests run as root), a unix socket there and a
free localhost port with password authentication, ``CREATE EXTENSION postgis``; it is
stopped and removed afterwards. When the server cannot start the tests are skipped, or
FAIL under ``GRIDPLANNER_REQUIRE_POSTGIS=1`` (set by scripts/test.sh).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from export_fixtures import COMMUNITY, NAME, write_plan

from gridplanner.algorithms.errors import GridPlannerError, OutputExistsError
from gridplanner.algorithms.export import export_plan

REQUIRE = os.environ.get("GRIDPLANNER_REQUIRE_POSTGIS", "") == "1"
PASSWORD = "s3cret-Pa55"


def _unavailable(message):
    if REQUIRE:
        pytest.fail(f"GRIDPLANNER_REQUIRE_POSTGIS=1 but {message}", pytrace=False)
    pytest.skip(message)


def _bindir():
    """The newest PostgreSQL whose PostGIS extension is installed."""
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name),
                         reverse=True):
        major = Path(bindir).parent.name
        if Path(f"/usr/share/postgresql/{major}/extension/postgis.control").exists():
            return Path(bindir)
    return None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgis_server():
    """A running throw-away cluster: yields (host, port, user, password, dbname)."""
    try:
        import psycopg
    except ImportError:
        _unavailable("psycopg is not installed (pip install 'gridplanner[postgis]')")
    bindir = _bindir()
    if bindir is None:
        _unavailable("no PostgreSQL with PostGIS under /usr/lib/postgresql (Debian: postgresql-<major>-postgis-3)")
    root = os.geteuid() == 0
    as_user = ["runuser", "-u", "postgres", "--"] if root else []
    base = Path(tempfile.mkdtemp(prefix="gp-pg-"))
    data, pwfile = base / "data", base / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if root:
        shutil.chown(base, "postgres")
        shutil.chown(pwfile, "postgres")
    os.chmod(base, 0o700)
    port = _free_port()

    def run(*cmd):
        return subprocess.run(as_user + [str(c) for c in cmd], capture_output=True, text=True, timeout=120)

    started = False
    try:
        out = run(bindir / "initdb", "-D", data, "-U", "gp", f"--pwfile={pwfile}", "--auth-local=trust",
                  "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C")
        if out.returncode:
            _unavailable(f"initdb failed: {out.stderr[-2000:]}")
        out = run(bindir / "pg_ctl", "-D", data, "-l", base / "log", "-w", "-t", "60", "start",
                  "-o", f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off")
        if out.returncode:
            log = (base / "log").read_text() if (base / "log").exists() else ""
            _unavailable(f"the PostgreSQL server did not start: {out.stderr[-1500:]} {log[-1500:]}")
        started = True
        with psycopg.connect(host="127.0.0.1", port=port, user="gp", password=PASSWORD, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute("CREATE DATABASE grids")
        with psycopg.connect(host="127.0.0.1", port=port, user="gp", password=PASSWORD, dbname="grids",
                             autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
        yield {"host": "127.0.0.1", "port": port, "user": "gp", "password": PASSWORD, "dbname": "grids"}
    finally:
        if started:
            run(bindir / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def uri(postgis_server):
    s = postgis_server
    return f"postgresql://{s['user']}:{s['password']}@{s['host']}:{s['port']}/{s['dbname']}"


def _rows(uri, sql, params=()):
    import psycopg

    with psycopg.connect(uri) as conn:
        return conn.execute(sql, params).fetchall()


def test_write_and_read_back(tmp_path, uri):
    plan = write_plan(tmp_path / "plan.gpkg")
    result = export_plan(plan, uri, table="public.网格", crs="4490")
    assert PASSWORD not in result.target and "***" in result.target
    rows = _rows(uri, 'SELECT "WGBM", "WGMC", "WGLX", "HS", ST_SRID(geom), GeometryType(geom), '
                      'ST_XMin(geom) FROM public."网格" ORDER BY fid')
    assert len(rows) == 4
    assert rows[0][:4] == (f"{COMMUNITY}001", f"{NAME}第1网格", "基础网格", 400)
    assert rows[0][4] == 4490 and rows[0][5] == "MULTIPOLYGON"
    assert rows[0][6] == pytest.approx(120.0, abs=1e-6)
    index = _rows(uri, "SELECT indexdef FROM pg_indexes WHERE tablename = %s", ("网格",))
    assert any("gist" in r[0].lower() and "geom" in r[0] for r in index)
    comments = _rows(uri, "SELECT col_description('public.\"网格\"'::regclass, 2), "
                          "obj_description('public.\"网格\"'::regclass)")
    assert comments[0][0] == "网格编码" and "EPSG:4490" in comments[0][1]


def test_replace_needs_overwrite_and_replaces(tmp_path, uri):
    plan = write_plan(tmp_path / "plan.gpkg")
    export_plan(plan, uri, table="grids_replace")
    with pytest.raises(OutputExistsError):
        export_plan(plan, uri, table="grids_replace", profile="en")
    assert _rows(uri, 'SELECT count(*) FROM grids_replace WHERE "WGBM" IS NOT NULL')[0][0] == 4
    export_plan(plan, uri, table="grids_replace", profile="en", overwrite=True)
    assert _rows(uri, "SELECT comm_name FROM grids_replace ORDER BY fid LIMIT 1")[0][0] == NAME


def test_a_failing_replace_leaves_the_old_table(tmp_path, uri):
    plan = write_plan(tmp_path / "plan.gpkg")
    export_plan(plan, uri, table="grids_keep")
    narrow = tmp_path / "narrow.toml"      # WGMC too narrow for the names: fails inside the transaction
    narrow.write_text('[[fields]]\nname = "WGMC"\nsource = "grid_name"\nwidth = 2\n', encoding="utf-8")
    with pytest.raises(GridPlannerError) as err:
        export_plan(plan, uri, table="grids_keep", profile=str(narrow), overwrite=True)
    assert "rolled back" in str(err.value) and PASSWORD not in str(err.value)
    rows = _rows(uri, 'SELECT "WGMC" FROM grids_keep ORDER BY fid')
    assert [r[0] for r in rows][:1] == [f"{NAME}第1网格"] and len(rows) == 4
    assert any("gist" in r[0].lower() for r in _rows(uri, "SELECT indexdef FROM pg_indexes WHERE tablename = %s",
                                                      ("grids_keep",)))


def test_the_password_is_never_shown(tmp_path, postgis_server):
    s = postgis_server
    plan = write_plan(tmp_path / "plan.gpkg")
    wrong = f"postgresql://{s['user']}:wrong-{PASSWORD}@{s['host']}:{s['port']}/{s['dbname']}"
    with pytest.raises(GridPlannerError) as err:
        export_plan(plan, wrong, table="t")
    assert PASSWORD not in str(err.value) and "***" in str(err.value)
    kv = f"host={s['host']} port={s['port']} user={s['user']} password=wrong-{PASSWORD} dbname={s['dbname']}"
    with pytest.raises(GridPlannerError) as err:
        export_plan(plan, kv, fmt="postgis", table="t")
    assert PASSWORD not in str(err.value)


def test_service_name_and_quoted_identifiers(tmp_path, postgis_server, monkeypatch):
    s = postgis_server
    service_file = tmp_path / "pg_service.conf"
    service_file.write_text(f"[gridtest]\nhost={s['host']}\nport={s['port']}\nuser={s['user']}\n"
                            f"password={s['password']}\ndbname={s['dbname']}\n")
    monkeypatch.setenv("PGSERVICEFILE", str(service_file))
    plan = write_plan(tmp_path / "plan.gpkg")
    evil = 'x"; DROP TABLE spatial_ref_sys; --'
    result = export_plan(plan, "gridtest", fmt="postgis", table=evil, profile="en")
    assert PASSWORD not in result.target
    import psycopg

    with psycopg.connect("service=gridtest") as conn:
        assert conn.execute("SELECT count(*) FROM spatial_ref_sys").fetchone()[0] > 1000
        assert conn.execute('SELECT count(*) FROM "x""; DROP TABLE spatial_ref_sys; --"').fetchone()[0] == 4
