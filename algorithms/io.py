"""Reading input layers and writing plans (GeoPackage), never touching the inputs."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import pyogrio

from .errors import GridPlannerError, InputError, OutputExistsError

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
    path, layer = parse_layer_spec(str(spec))
    if not Path(path).exists():
        raise InputError(f"file not found: {path}", layer=role)
    try:
        if layer is None:
            layers = pyogrio.list_layers(path)
            if len(layers) > 1:
                names = ", ".join(str(name) for name in layers[:, 0])
                raise InputError(f"{path} holds several layers ({names}); "
                                 f"name one as '{path}|layername=NAME'", layer=role)
        frame = gpd.read_file(path, layer=layer, engine="pyogrio", fid_as_index=True)
    except InputError:
        raise
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable data
        raise InputError(f"cannot read {spec}: {exc}", layer=role) from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        raise InputError(f"{spec} has no geometry column", layer=role)
    frame.attrs["source"] = str(spec)
    return frame


def check_output_path(path: str | os.PathLike, overwrite: bool) -> Path:
    """Refuse an existing output unless ``overwrite``; make sure the folder exists."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise OutputExistsError(f"{path} exists; choose another output or pass --overwrite")
    if not path.parent.exists():
        raise GridPlannerError(f"the output folder {path.parent} does not exist")
    return path


def write_geopackage(path: str | os.PathLike, layers: dict[str, pd.DataFrame],
                     metadata: dict | None = None, overwrite: bool = False) -> Path:
    """Write layers (and a ``gridplanner_metadata`` table) to a GeoPackage atomically.

    Everything goes to a temporary file in the target folder first, which replaces the target
    only when complete, so a crash or Ctrl-C never leaves a half-written plan behind.
    """
    with atomic_output(path, ".gpkg", overwrite) as (tmp_name, final):
        for name, frame in layers.items():
            pyogrio.write_dataframe(frame, tmp_name, layer=name, driver="GPKG")
        if metadata is not None:
            _write_metadata_table(tmp_name, metadata)
    return final


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, suffix: str, overwrite: bool = False) -> Iterator[tuple[str, Path]]:
    """Yield ``(temporary path, final path)``; the temporary file replaces the target on success.

    The temporary file lives in the target folder (so the rename is atomic) and does not exist
    yet when yielded; it is removed if the block fails. Existing targets are refused unless
    ``overwrite``.
    """
    path = check_output_path(path, overwrite)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".partial{suffix}", dir=path.parent)
    os.close(fd)
    os.unlink(tmp_name)
    try:
        yield tmp_name, path
        umask = os.umask(0)      # give the file the permissions a plain open() would
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, path)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)


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


def read_settings_file(path: str | os.PathLike, what: str) -> dict:
    """A TOML (or, by its ``.json`` suffix, JSON) settings file as a dict, with clear errors.

    ``what`` names the file in messages ("the weights file", "the profile").
    """
    import tomllib

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {what}: {exc}", layer=str(path)) from exc
    kind = "JSON" if path.suffix.lower() == ".json" else "TOML"
    try:
        data = json.loads(text) if kind == "JSON" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{what} is not valid {kind}: {exc}", layer=str(path)) from exc
    if not isinstance(data, dict):
        raise InputError(f"{what} must be a table/object at the top level", layer=str(path))
    return data


def write_result(path: str | os.PathLike, result: PlanLayers, overwrite: bool = False) -> Path:
    """Write a plan or an evaluation (``grids``, ``buildings``, ``problems``; metadata with
    the summary) to a GeoPackage."""
    meta = dict(result.metadata)
    meta["summary"] = result.summary
    return write_geopackage(path, {"grids": result.grids, "buildings": result.buildings,
                                   "problems": result.problems}, metadata=meta, overwrite=overwrite)
