"""Reading input layers and writing plans (GeoPackage), never touching the inputs."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import pyogrio

from .errors import GridPlannerError, InputError, OutputError, OutputExistsError
from .i18n import remedy, tr, translatable

if TYPE_CHECKING:
    from .results import PlanLayers


def parse_layer_spec(spec: str) -> tuple[str, str | int | None]:
    """Split ``"data.gpkg|layername=roads"`` (as QGIS writes it) into path and layer name
    (``|layerid=N`` gives the layer's index instead)."""
    path, _, options = str(spec).partition("|")
    layer: str | int | None = None
    for option in filter(None, options.split("|")):
        key, _, value = option.partition("=")
        if key.strip().lower() == "layername":
            layer = value.strip()
        elif key.strip().lower() == "layerid":
            layer = int(value)
    return path, layer


def read_layer(spec: str | os.PathLike, role: str = "input") -> gpd.GeoDataFrame:
    """Read one vector layer from any OGR-readable file.

    ``spec`` is a path, optionally followed by ``|layername=NAME``. ``role`` (buildings,
    roads…) only serves the error messages. The file is opened read-only.
    """
    path, layer = layer_source(spec, role)
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio", fid_as_index=True)
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable data
        raise InputError(read_failure(path, exc), layer=role) from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        raise InputError(tr("{spec} has no geometry column; give a layer with points, lines or polygons",
                            spec=spec), layer=role)
    frame.attrs["source"] = str(spec)
    return frame


def layer_source(spec: str | os.PathLike, role: str = "input") -> tuple[str, str | int | None]:
    """The file and layer of ``spec`` (as :func:`read_layer` takes it), checked: the file
    exists and is a data source, and the layer is named when there are several and exists.
    What a reader that reads a layer in parts (:mod:`.citywide`) opens."""
    path, layer = parse_layer_spec(str(spec))
    if not Path(path).exists():
        raise InputError(tr("file not found: {path}; check the path", path=path), layer=role)
    if Path(path).is_dir() and not path.lower().endswith((".gdb", ".shp")):
        try:
            pyogrio.list_layers(path)
        except Exception:  # noqa: BLE001 - a plain folder is not a data source
            raise InputError(tr("{path} is a folder, not a data file; give the file itself", path=path),
                             layer=role) from None
    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable data
        raise InputError(read_failure(path, exc), layer=role) from exc
    names = [str(name) for name in layers[:, 0]] if len(layers) else []
    if not names:
        raise InputError(tr("{path} holds no layer", path=path), layer=role)
    if layer is None and len(names) > 1:
        raise InputError(tr("{path} holds several layers ({layers}); name one as '{path}|layername=NAME'",
                            path=path, layers=", ".join(names)), layer=role)
    if isinstance(layer, str) and layer not in names:
        raise InputError(tr("{path} has no layer '{layer}'; its layers are: {layers} (give one as "
                            "'{path}|layername=NAME')", path=path, layer=layer, layers=", ".join(names)), layer=role)
    if isinstance(layer, int) and not 0 <= layer < len(names):
        raise InputError(tr("{path} has no layer number {layer}; it holds {n} layer(s): {layers}", path=path,
                            layer=layer, n=len(names), layers=", ".join(names)), layer=role)
    return path, layer


def read_failure(path: str, exc: BaseException) -> str:
    """What to tell a user when GDAL cannot read ``path`` (never raw SQL)."""
    text = str(exc)
    low = text.lower()
    if "malformed" in low or "not a database" in low or "sqlite3_" in low or "corrupt" in low:
        return tr("cannot read {path}: the file is damaged (its database is malformed, e.g. a truncated or "
                  "interrupted copy); copy it again or export it anew from its source", path=path)
    if "not recognized as being in a supported file format" in low or "not recognised" in low:
        return tr("cannot read {path}: it is not a vector data file GDAL can read (empty, or another kind of "
                  "file); check that it is the right file", path=path)
    text = re.sub(r"sqlite3_\w+\(.*?\) failed:\s*", "", text)
    if len(text) > 300:
        text = text[:300] + "…"
    return tr("cannot read {path}: {error}", path=path, error=text)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _file_of(spec: str | os.PathLike) -> Path:
    return Path(parse_layer_spec(str(spec))[0])


def check_distinct_outputs(outputs: dict[str, str | os.PathLike | None],
                           inputs: dict[str, str | os.PathLike | Sequence[str | os.PathLike] | None]) -> None:
    """Refuse an output that is the same file as an input or as another output.

    ``outputs`` and ``inputs`` map what the user calls each file (``-o``, ``--report``,
    ``--buildings``…) to its path or layer spec (``file.gpkg|layername=…``); ``None`` entries
    are skipped. A Shapefile collides through any of its parts.
    """
    def expand(path: Path) -> list[Path]:
        if path.suffix.lower() == ".shp":
            return [path.with_suffix(s) for s in (".shp", ".shx", ".dbf", ".prj", ".cpg")]
        return [path]

    ins: list[tuple[str, Path]] = []
    for name, value in inputs.items():
        values: list[Any] = list(value) if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if v:
                ins += [(name, p) for p in expand(_file_of(v))]
    seen: list[tuple[str, Path]] = []
    for name, value in outputs.items():
        if not value:
            continue
        path = Path(value)
        for part in expand(path):
            for in_name, in_path in ins:
                if _same_file(part, in_path):
                    raise OutputError(tr("{name} {path} is also an input ({input} {input_path}); inputs are "
                                         "never overwritten: choose another output file", name=name, path=path,
                                         input=in_name, input_path=in_path))
            for out_name, out_path in seen:
                if _same_file(part, out_path):
                    raise OutputError(tr("{name} and {other} are the same file ({path}); give each output its "
                                         "own file", name=name, other=out_name, path=path))
        seen += [(name, p) for p in expand(path)]


def check_output_path(path: str | os.PathLike, overwrite: bool) -> Path:
    """Refuse an existing output unless ``overwrite``, a folder, or a missing folder."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(tr("{path} is a folder; give a file name inside it, e.g. {example}", path=path,
                             example=path / "plan.gpkg"))
    if (path.exists() or path.is_symlink()) and not overwrite:
        raise OutputExistsError(tr("{path} exists; choose another output or {remedy}", path=path,
                                   remedy=remedy("overwrite")))
    if not path.parent.exists():
        raise OutputError(tr("the output folder {folder} does not exist; create it or choose another",
                             folder=path.parent))
    if not path.parent.is_dir():
        raise OutputError(tr("the output folder {folder} is not a folder", folder=path.parent))
    try:                       # can we write there? (before any expensive work)
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".probe", dir=path.parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(_folder_failure(path, exc)) from exc
    return path


LOCK_SUFFIX = ".gridplanner-lock"


def lock_path(target: Path) -> Path:
    """The lock file that says a Grid Planner run is writing ``target``."""
    return target.with_name(f".{target.name}{LOCK_SUFFIX}")


def _lock_owner(lock: Path) -> tuple[int | None, str | None]:
    try:
        pid, _, host = lock.read_text(encoding="utf-8").strip().partition(" ")
        return int(pid), host or None
    except (OSError, ValueError):
        return None, None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _folder_failure(target: Path, exc: OSError) -> str:
    folder = target.parent
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if exc.errno == errno.EROFS:
            return tr("cannot write in the folder {folder} (the folder is read-only); choose a folder you can "
                      "write to", folder=folder)
        return tr("cannot write in the folder {folder} (permission denied); choose a folder you can write to",
                  folder=folder)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return tr("cannot write in the folder {folder}: no space left on the device; free space or choose "
                  "another", folder=folder)
    return tr("cannot write in the folder {folder}: {error}", folder=folder, error=exc.strerror or exc)


#: Free space below which a failed write is taken for a full disk (see :func:`output_failure`).
LOW_SPACE_BYTES = 1 << 20


def output_failure(exc: BaseException, targets: Sequence[Path]) -> str | None:
    """The message for a write that failed for a reason of the disk or the folder (full, read-only,
    I/O error), or None when the failure is something else (a bug, to be reported as such)."""
    import sqlite3

    names = tr(" and ").join(str(t) for t in targets) or tr("the output")
    folder = targets[0].parent if targets else Path(".")
    existing = [t for t in targets if t.exists()]
    if not existing:
        left = tr("nothing was written")
    elif len(existing) == 1:
        left = tr("nothing was written; {path} is unchanged", path=existing[0])
    else:
        left = tr("nothing was written; {paths} are unchanged", paths=tr(" and ").join(str(t) for t in existing))
    err = getattr(exc, "errno", None)
    text = str(exc).lower()
    try:
        free_bytes: float | None = shutil.disk_usage(folder).free
    except OSError:
        free_bytes = None
    # GDAL often reports a full disk as something else (a table it could not create…): a write
    # that failed in GDAL or SQLite with (almost) no space left is taken for a full disk.
    low_space = free_bytes is not None and free_bytes < LOW_SPACE_BYTES and (
        isinstance(exc, (OSError, sqlite3.Error)) or type(exc).__module__.startswith("pyogrio"))
    if err in (errno.ENOSPC, errno.EDQUOT) or "no space left" in text or "disk is full" in text \
            or "disk full" in text or low_space:
        if free_bytes is not None:
            return tr("cannot write {names}: the disk is full ({free:.1f} MB free); {left}; free some space or "
                      "choose another folder", names=names, free=free_bytes / 1e6, left=left)
        return tr("cannot write {names}: the disk is full; {left}; free some space or choose another folder",
                  names=names, left=left)
    if err in (errno.EACCES, errno.EPERM, errno.EROFS) or "permission denied" in text or "read-only" in text \
            or "readonly" in text:
        return tr("cannot write {names}: the folder {folder} is not writable; {left}; choose another folder",
                  names=names, folder=folder, left=left)
    if isinstance(exc, (OSError, sqlite3.Error)) or "failed to commit" in text or "i/o error" in text \
            or "disk i/o" in text or "unable to open" in text:
        return tr("cannot write {names}: {error}; {left}", names=names, error=exc, left=left)
    return None


def _block_signals() -> set[int | signal.Signals] | None:
    """Block SIGINT and SIGTERM in this thread (delivered when unblocked); a token for _unblock."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})


def _unblock_signals(previous: set[int | signal.Signals] | None) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _remove(path: Path) -> None:
    for name in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if name.is_dir() and not name.is_symlink():
                shutil.rmtree(name, ignore_errors=True)
            else:
                name.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass


class OutputSet:
    """Output files published together, or not at all.

    Every output is first *reserved* (:meth:`reserve`: refused when it exists without
    ``overwrite``, when it is a folder, when its folder is missing or not writable, or when
    another Grid Planner run is writing it: a lock file ``.NAME.gridplanner-lock`` is created
    exclusively next to it and held until the end), then written to temporary names in its
    folder (:meth:`temp_file`, :meth:`temp_dir` + :meth:`stage`), then *published*
    (:meth:`publish`) in one step: each temporary file renamed onto its target with SIGINT and
    SIGTERM held back, an earlier version kept aside until every target is in place and put
    back if any rename fails. So a failure or an interrupt leaves either every old output or
    every new one, never a mix, and no temporary file. Without ``overwrite`` a target that
    appeared meanwhile (another program) is never replaced: publication refuses.

    Use as a context manager: publication on success, clean-up in every case::

        with OutputSet(overwrite) as out:
            tmp_plan = out.add("plan.gpkg")
            tmp_report = out.add("report.html")
            ...                     # the expensive work, then write tmp_plan and tmp_report
        # both published here, or neither
    """

    def __init__(self, overwrite: bool = False) -> None:
        self.overwrite = overwrite
        self.targets: list[Path] = []
        self.published = False
        self._locks: list[Path] = []
        self._temps: list[Path] = []
        self._stage: list[tuple[Path | None, Path]] = []

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        try:
            if exc_type is None:
                self.publish()
        finally:
            self.discard()

    def reserve(self, path: str | os.PathLike) -> Path:
        """Check ``path`` as an output and take its lock (see the class)."""
        target = check_output_path(path, self.overwrite)
        if any(_same_file(target, t) for t in self.targets):
            raise OutputError(tr("{path} is given twice as an output; give each output its own file", path=target))
        lock = lock_path(target)
        for attempt in range(2):
            try:
                fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                pid, host = _lock_owner(lock)
                if attempt == 0 and pid is not None and host == socket.gethostname() and not _alive(pid):
                    with contextlib.suppress(OSError):
                        lock.unlink()     # left by a run that was killed
                    continue
                who = tr("process {pid}", pid=pid) if pid is not None else tr("another process")
                raise OutputError(tr("{path} is being written by another Grid Planner run ({who}; lock file "
                                     "{lock}); wait for it to finish, or delete the lock file if no run is active",
                                     path=target, who=who, lock=lock)) from None
            except OSError as exc:
                raise OutputError(_folder_failure(target, exc)) from exc
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()} {socket.gethostname()}\n")
            self._locks.append(lock)
            break
        self.targets.append(target)
        return target

    def temp_file(self, target: Path, suffix: str | None = None) -> str:
        """A temporary file name (not created) next to reserved ``target``, published onto it."""
        suffix = target.suffix if suffix is None else suffix
        name = Path(target.parent) / f".{target.name}.{secrets.token_hex(4)}.partial{suffix}"
        self._temps.append(name)
        self._stage.append((name, target))
        return str(name)

    def temp_dir(self, target: Path) -> Path:
        """A temporary folder next to reserved ``target`` (removed at the end); stage its files."""
        try:
            name = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
        except OSError as exc:
            raise OutputError(_folder_failure(target, exc)) from exc
        self._temps.append(name)
        return name

    def stage(self, temporary: Path | None, target: Path) -> None:
        """Publish ``temporary`` onto ``target``; ``None`` removes ``target`` instead (a stale part)."""
        self._stage.append((temporary, target))

    def add(self, path: str | os.PathLike, suffix: str | None = None) -> str:
        """Reserve ``path`` and return the temporary file name to write it to."""
        return self.temp_file(self.reserve(path), suffix)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Turn a write that failed for a reason of the disk (full, read-only, I/O) into an
        :class:`OutputError` naming the targets."""
        try:
            yield
        except GridPlannerError:
            raise
        except Exception as exc:
            message = output_failure(exc, self.targets)
            if message is None:
                raise
            raise OutputError(message) from exc

    def publish(self) -> None:
        """Move every staged file onto its target in one step (see the class)."""
        umask = os.umask(0)      # give the files the permissions a plain open() would
        os.umask(umask)
        blocked = _block_signals()
        done: list[tuple[Path, Path | None]] = []     # (target, backup or None when new)
        current: tuple[Path, Path, bool] | None = None  # (target, backup, backup is a hard link)
        try:
            with self.writing():
                for temporary, target in self._stage:
                    backup = None
                    current = None
                    if target.exists() or target.is_symlink():
                        if not self.overwrite:
                            raise OutputExistsError(
                                tr("{path} appeared while this run was working (written by another program); "
                                   "nothing was written; choose another output or {remedy}", path=target,
                                   remedy=remedy("overwrite")))
                        backup = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
                        try:
                            os.link(target, backup)
                            current = (target, backup, True)
                        except OSError:
                            os.rename(target, backup)
                            current = (target, backup, False)
                    if temporary is None:
                        if backup is not None:
                            with contextlib.suppress(FileNotFoundError):
                                os.unlink(target)
                            done.append((target, backup))
                        continue
                    os.chmod(temporary, 0o666 & ~umask)
                    if backup is not None:
                        os.replace(temporary, target)
                    else:
                        try:
                            os.link(temporary, target)       # never replaces a file that appeared
                        except FileExistsError:
                            raise OutputExistsError(
                                tr("{path} appeared while this run was working (written by another program); "
                                   "nothing was written; choose another output or {remedy}", path=target,
                                   remedy=remedy("overwrite"))) from None
                        except OSError:                       # no hard links on this file system
                            if target.exists():
                                raise
                            os.replace(temporary, target)
                        else:
                            os.unlink(temporary)
                    done.append((target, backup))
                    current = None
        except BaseException:
            if current is not None:          # the target that failed: its old version stays
                target, backup, linked = current
                with contextlib.suppress(OSError):
                    if linked:
                        os.unlink(backup)
                    else:
                        os.rename(backup, target)
            for target, backup in reversed(done):
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, target)
                    else:
                        os.unlink(target)
            raise
        else:
            self.published = True
            for _, backup in done:
                if backup is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(backup)
        finally:
            _unblock_signals(blocked)

    def discard(self) -> None:
        """Remove every temporary file and folder and release the locks (idempotent)."""
        for name in self._temps:
            _remove(name)
        self._temps = []
        for lock in self._locks:
            with contextlib.suppress(OSError):
                lock.unlink()
        self._locks = []


def write_layers(path: str | os.PathLike, layers: dict[str, pd.DataFrame], metadata: dict | None = None) -> None:
    """Write layers (and a ``gridplanner_metadata`` table) into a new GeoPackage ``path``, as is
    (no atomicity: ``path`` is a temporary name of an :class:`OutputSet`)."""
    for name, frame in layers.items():
        # a layer may name its geometry type (the problems' points even when there are none)
        pyogrio.write_dataframe(frame, str(path), layer=name, driver="GPKG",
                                geometry_type=frame.attrs.get("geometry_type"))
    if metadata is not None:
        _write_metadata_table(str(path), metadata)


def write_geopackage(path: str | os.PathLike, layers: dict[str, pd.DataFrame],
                     metadata: dict | None = None, overwrite: bool = False) -> Path:
    """Write layers (and a ``gridplanner_metadata`` table) to a GeoPackage atomically.

    Everything goes to a temporary file in the target folder first, which replaces the target
    only when complete, so a crash or Ctrl-C never leaves a half-written plan behind.
    """
    with atomic_output(path, ".gpkg", overwrite) as (tmp_name, final):
        write_layers(tmp_name, layers, metadata)
    return final


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, suffix: str, overwrite: bool = False) -> Iterator[tuple[str, Path]]:
    """Yield ``(temporary path, final path)``; the temporary file replaces the target on success.

    An :class:`OutputSet` of one file: the temporary file lives in the target folder (so the
    rename is atomic) and does not exist yet when yielded; it is removed if the block fails.
    Existing targets are refused unless ``overwrite``; a failure of the disk becomes an
    :class:`OutputError` naming the target.
    """
    with OutputSet(overwrite) as out:
        tmp_name = out.add(path, suffix)
        with out.writing():
            yield tmp_name, out.targets[0]


METADATA_TABLE = "gridplanner_metadata"


def _write_metadata_table(gpkg: str, metadata: dict) -> None:
    """Store key/value metadata as a GeoPackage attributes table (registered in gpkg_contents)."""
    with sqlite3.connect(gpkg) as conn:
        conn.execute(f"CREATE TABLE {METADATA_TABLE} (fid INTEGER PRIMARY KEY AUTOINCREMENT, "
                     "key TEXT NOT NULL UNIQUE, value TEXT)")
        conn.executemany(f"INSERT INTO {METADATA_TABLE} (key, value) VALUES (?, ?)",
                         [(k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
                          for k, v in metadata.items()])
        conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description) "
                     "VALUES (?, 'attributes', ?, ?)",
                     (METADATA_TABLE, METADATA_TABLE, "Grid Planner run parameters and version"))


def read_metadata(path: str | os.PathLike) -> dict:
    """Read back the metadata table a plan was written with."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = conn.execute(f"SELECT key, value FROM {METADATA_TABLE}").fetchall()
    out = {}
    for key, value in rows:
        try:
            out[key] = json.loads(value)
        except (TypeError, ValueError):
            out[key] = value
    return out


#: The settings files :func:`read_settings_file` is given (its ``what``), marked for the catalogue.
SETTINGS_FILES = (translatable("the weights file"), translatable("the profile"))


def read_settings_file(path: str | os.PathLike, what: str) -> dict:
    """A TOML (or, by its ``.json`` suffix, JSON) settings file as a dict, with clear errors.

    ``what`` names the file in messages ("the weights file", "the profile").
    """
    import tomllib

    what = tr(what)
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(tr("cannot read {what}: {error}; check the path", what=what, error=exc.strerror or exc),
                         file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(tr("{what} is not UTF-8 text ({reason} at byte {byte}); save it as UTF-8 TOML or JSON",
                            what=what, reason=exc.reason, byte=exc.start), file=str(path)) from exc
    kind = "JSON" if path.suffix.lower() == ".json" else "TOML"
    try:
        data = json.loads(text) if kind == "JSON" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise InputError(tr("{what} is not valid {kind}: {error}", what=what, kind=kind, error=exc),
                         file=str(path)) from exc
    if not isinstance(data, dict):
        raise InputError(tr("{what} must be a table/object at the top level", what=what), file=str(path))
    return data


def result_layers(result: PlanLayers) -> tuple[dict[str, pd.DataFrame], dict]:
    """The layers and the metadata (with the summary) a plan or an evaluation is written as."""
    from .results import problem_points

    meta = dict(result.metadata)
    meta["summary"] = result.summary
    return {"grids": result.grids, "buildings": result.buildings, "problems": problem_points(result.problems)}, meta


def write_result(path: str | os.PathLike, result: PlanLayers, overwrite: bool = False) -> Path:
    """Write a plan or an evaluation (``grids``, ``buildings``, ``problems``; metadata with
    the summary) to a GeoPackage."""
    layers, meta = result_layers(result)
    return write_geopackage(path, layers, metadata=meta, overwrite=overwrite)
