"""Export schema profiles: which fields a registered grid carries, and under which names.

Two profiles ship with Grid Planner (``profiles/*.toml``): ``cn``, the Chinese registration
schema with pinyin-initial names (WGBM 网格编码, WGMC 网格名称, SZSQDM, SZJDDM, WGLX, HS, RK,
MJ, WGY, CSRQ, ZZRQ), and ``en``, plain English names. A user profile (TOML or JSON) starts
from one of them and renames, drops and adds fields::

    base = "cn"                       # top-level keys first (TOML rule)
    drop = ["ZZRQ"]
    grid_name = "{community_name}{seq}号网格"
    [rename]                          # old name = new name
    WGY = "WGYXM"
    [grid_types]
    dedicated = "专属"
    [[fields]]                        # added (or replacing a field of the same name)
    name = "BZ"
    alias = "备注"
    value = "2025年度调整"             # a constant …
    [[fields]]
    name = "GZL"
    source = "workload"               # … or one of SOURCES, or any column of the plan's grids
    type = "real"

A field has ``name``, ``alias`` (description, kept in GeoPackage/PostGIS comments),
``source`` or ``value``, ``type`` (``string``, ``integer``, ``real``), ``width`` (strings)
and ``precision`` (reals).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import tomllib

from ..errors import InputError
from ..i18n import tr, translatable
from ..io import read_settings_file

#: Values every grid offers to a profile, besides the plan's own grid columns.
SOURCES = {
    "grid_code": "the grid code (community code + sequence)",
    "grid_name": "the grid name from the profile's name pattern",
    "seq": "the sequence number inside the community",
    "community_code": "the community code (12 digits by default)",
    "community_name": "the community name",
    "street_code": "county + street part of the community code (9 digits by default)",
    "county_code": "county part of the community code (6 digits by default)",
    "grid_kind": "basic / dedicated / locked (as in the plan)",
    "grid_type": "the grid kind as the profile labels it (e.g. 基础网格 / 专属网格)",
    "households": "households",
    "population": "resident population",
    "workload": "workload in household equivalents",
    "area_m2": "area in square metres, measured in the plan's metric CRS",
    "perimeter_m": "perimeter in metres, measured in the plan's metric CRS",
    "n_buildings": "number of buildings",
    "worker": "the grid worker (网格员), from the plan's worker column when there is one",
    "worker_id": "the grid worker's id (工号), from 'gridplanner staff' (empty otherwise)",
    "worker_phone": "the grid worker's phone (联系电话), from 'gridplanner staff' (empty otherwise)",
    "start_date": "registration (start) date, YYYYMMDD",
    "end_date": "end/change date, YYYYMMDD (empty unless given)",
}
TYPES = ("string", "integer", "real")
BUILTIN_PROFILES = ("cn", "en")
_PROFILE_KEYS = {"name", "description", "base", "grid_name", "dedicated_grid_name", "grid_types",
                 "rename", "drop", "fields"}
_FIELD_KEYS = {"name", "alias", "source", "value", "type", "width", "precision"}
#: Longest field name each format accepts (bytes, in the output encoding).
NAME_LIMITS = {"shp": 10, "postgis": 63, "gpkg": 255, "geojson": 255, "kml": 255, "csv": 255}


@dataclass(frozen=True)
class FieldSpec:
    """One output field: its name, where its value comes from and its type."""

    name: str
    source: str | None = None
    value: object = None
    type: str = "string"
    alias: str = ""
    width: int | None = None
    precision: int | None = None


@dataclass(frozen=True)
class Profile:
    """An export schema: ordered fields plus how grid names and types are written."""

    name: str
    fields: tuple[FieldSpec, ...]
    description: str = ""
    grid_name: str = "{community_name} {seq}"
    dedicated_grid_name: str | None = None
    grid_types: dict = field(default_factory=lambda: {"basic": "basic", "dedicated": "dedicated",
                                                      "locked": "basic"})

    @property
    def field_names(self) -> list[str]:
        """Names of the output fields, in order."""
        return [f.name for f in self.fields]


def _field_from(data: dict, where: str) -> FieldSpec:
    if not isinstance(data, dict):
        raise InputError(tr("every [[fields]] entry must be a table, got {data!r}", data=data), file=where)
    unknown = set(data) - _FIELD_KEYS
    if unknown:
        raise InputError(tr("unknown key(s) {keys} in field {name!r}; allowed: {allowed}", keys=sorted(unknown),
                            name=data.get("name"), allowed=sorted(_FIELD_KEYS)), file=where)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(tr("a field has no name: {data!r}", data=data), file=where)
    if ("source" in data) == ("value" in data):
        raise InputError(tr("give either 'source' or 'value'"), file=where, field=name)
    kind = data.get("type", "string")
    if kind not in TYPES:
        raise InputError(tr("type must be one of {types}, got {kind!r}", types=", ".join(TYPES), kind=kind),
                         file=where, field=name)
    for key in ("width", "precision"):
        if key in data and (not isinstance(data[key], int) or isinstance(data[key], bool) or data[key] < 0):
            raise InputError(tr("{key} must be a whole number >= 0", key=key), file=where, field=name)
    return FieldSpec(name=name.strip(), source=data.get("source"), value=data.get("value"), type=kind,
                     alias=str(data.get("alias", "")), width=data.get("width"), precision=data.get("precision"))


def _read_file(path: Path) -> dict:
    data = read_settings_file(path, "the profile")
    unknown = set(data) - _PROFILE_KEYS
    if unknown:
        raise InputError(tr("unknown key(s) {keys}; allowed: {allowed}", keys=sorted(unknown),
                            allowed=sorted(_PROFILE_KEYS)), file=str(path))
    text = translatable("a text")
    kinds = {"fields": (list, translatable("a list of [[fields]] tables")),
             "drop": (list, translatable("a list of field names")), "rename": (dict, translatable("a [rename] table")),
             "grid_types": (dict, translatable("a [grid_types] table")), "grid_name": (str, text),
             "dedicated_grid_name": (str, text), "name": (str, text), "description": (str, text), "base": (str, text)}
    for key, (kind, what) in kinds.items():
        if key in data and not isinstance(data[key], kind):
            raise InputError(tr("'{key}' must be {what}, got {value!r}", key=key, what=tr(what), value=data[key]),
                             file=str(path))
    return data


def _builtin(name: str) -> dict:
    text = resources.files(__package__).joinpath("profiles").joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_profile(spec: str | Path = "cn") -> Profile:
    """A built-in profile (``"cn"``, ``"en"``) or a user profile file (TOML/JSON).

    A user file starts from ``base`` (default ``cn``), then applies ``drop``, ``rename``
    and ``fields`` (a field whose name already exists replaces it; others are appended).
    """
    if str(spec) in BUILTIN_PROFILES:
        data, where = _builtin(str(spec)), f"profile {spec}"
        base = None
    else:
        path = Path(spec)
        if not path.is_file():
            raise InputError(tr("no such profile file; use {profiles} or a TOML/JSON file",
                                profiles=tr(" or ").join(BUILTIN_PROFILES)), file=str(spec))
        data, where = _read_file(path), str(path)
        base = data.get("base", "cn")
        if base not in BUILTIN_PROFILES:
            raise InputError(tr("base must be one of {profiles}, got {base!r}", profiles=", ".join(BUILTIN_PROFILES),
                                base=base), file=where)
    if base is None:
        fields = [_field_from(f, where) for f in data.get("fields", [])]
        profile = Profile(name=data.get("name", str(spec)), fields=tuple(fields),
                          description=data.get("description", ""), grid_name=data.get("grid_name", "{seq}"),
                          dedicated_grid_name=data.get("dedicated_grid_name"),
                          grid_types=dict(data.get("grid_types", {})))
    else:
        profile = load_profile(base)
        fields = list(profile.fields)
        drop = data.get("drop", [])
        if not isinstance(drop, list):
            raise InputError(tr("drop must be a list of field names"), file=where)
        names = [f.name for f in fields]
        for name in drop:
            if name not in names:
                raise InputError(tr("cannot drop {name!r}: profile {base} has {names}", name=name, base=base,
                                    names=", ".join(names)), file=where)
        fields = [f for f in fields if f.name not in drop]
        rename = data.get("rename", {})
        if not isinstance(rename, dict):
            raise InputError(tr("[rename] must map old names to new names"), file=where)
        names = [f.name for f in fields]
        for old, new in rename.items():
            if old not in names:
                raise InputError(tr("cannot rename {name!r}: profile has {names}", name=old, names=", ".join(names)),
                                 file=where)
            if not isinstance(new, str) or not new.strip():
                raise InputError(tr("the new name of {name!r} must be a non-empty string", name=old), file=where)
        fields = [replace(f, name=rename.get(f.name, f.name).strip()) for f in fields]
        for entry in data.get("fields", []):
            added = _field_from(entry, where)
            index = next((i for i, f in enumerate(fields) if f.name == added.name), None)
            if index is None:
                fields.append(added)
            else:
                fields[index] = added
        types = dict(profile.grid_types)
        types.update(data.get("grid_types", {}))
        profile = Profile(name=data.get("name", Path(spec).stem), fields=tuple(fields),
                          description=data.get("description", profile.description),
                          grid_name=data.get("grid_name", profile.grid_name),
                          dedicated_grid_name=data.get("dedicated_grid_name", profile.dedicated_grid_name),
                          grid_types=types)
    seen = {}
    for f in profile.fields:
        key = f.name.lower()
        if key in seen:
            raise InputError(tr("field name {name!r} is used twice (names are compared ignoring case)",
                                name=f.name), file=where)
        seen[key] = f.name
    if not profile.fields:
        raise InputError(tr("the profile has no fields"), file=where)
    return profile


def check_names(profile: Profile, fmt: str, encoding: str = "utf-8") -> None:
    """Raise :class:`InputError` when a field name does not fit the output format.

    Shapefile (dBASE) names hold at most 10 bytes in the file's encoding (a Chinese
    character takes 2 bytes in GBK, 3 in UTF-8); PostgreSQL identifiers 63 bytes.
    """
    limit = NAME_LIMITS.get(fmt, 255)
    enc = "utf-8" if fmt != "shp" else encoding
    for f in profile.fields:
        try:
            size = len(f.name.encode(enc))
        except UnicodeEncodeError as exc:
            raise InputError(tr("the name cannot be written in {encoding}", encoding=encoding),
                             source=f"profile {profile.name}",
                             field=f.name) from exc
        if size > limit:
            raise InputError(tr("the name is {size} bytes long in {encoding}; the {format} format allows {limit}; "
                                "rename it in a profile file ([rename] {name} = \"SHORT\")", size=size,
                                encoding=enc.upper(), format=fmt, limit=limit, name=f.name),
                             source=f"profile {profile.name}", field=f.name)
        if fmt in ("shp", "postgis") and f.name.lower() in ("fid", "geom", "geometry"):
            raise InputError(tr("the name is reserved for the feature id or geometry"),
                             source=f"profile {profile.name}", field=f.name)


def _format_name(pattern: str, row: dict, where: str) -> str:
    try:
        return pattern.format(**row)
    except (KeyError, IndexError, ValueError) as exc:
        raise InputError(tr("the grid name pattern {pattern!r} is invalid ({error}); use placeholders such as "
                            "{{community_name}}, {{seq}}, {{grid_code}}", pattern=pattern, error=exc),
                         file=where) from exc


def build_table(grids: pd.DataFrame, profile: Profile, *, street_code: Callable[[str], str],
                county_code: Callable[[str], str],
                start_date: str | None, end_date: str | None = None,
                worker_field: str | None = "worker") -> pd.DataFrame:
    """The attribute table of the export: one row per grid, the profile's fields in order.

    ``street_code``/``county_code`` turn a community code into its parts (see
    :class:`~gridplanner.algorithms.export.codes.CodeLayout`).
    """
    n = len(grids)
    base = {
        "grid_code": grids["grid_code"].astype(str).to_numpy(),
        "seq": grids["seq"].astype(int).to_numpy() if "seq" in grids else np.zeros(n, dtype=int),
        "community_code": grids["community_code"].astype(str).to_numpy(),
        "community_name": (grids["community_name"].fillna("").astype(str).to_numpy()
                           if "community_name" in grids else np.full(n, "", dtype=object)),
        "grid_kind": grids["grid_kind"].astype(str).to_numpy(),
    }
    base["street_code"] = np.array([street_code(c) for c in base["community_code"]], dtype=object)
    base["county_code"] = np.array([county_code(c) for c in base["community_code"]], dtype=object)
    base["grid_type"] = np.array([profile.grid_types.get(k, k) for k in base["grid_kind"]], dtype=object)
    names = []
    geometry = grids.geometry.name if isinstance(grids, gpd.GeoDataFrame) else None
    extra = grids.drop(columns=[geometry] if geometry else []).to_dict(orient="records")
    for i in range(n):
        row = {k: v for k, v in extra[i].items() if k not in base}
        row.update({k: v[i] for k, v in base.items()})
        pattern = (profile.dedicated_grid_name if row["grid_kind"] == "dedicated" and profile.dedicated_grid_name
                   else profile.grid_name)
        names.append(_format_name(pattern, row, f"profile {profile.name}"))
    base["grid_name"] = np.array(names, dtype=object)
    if worker_field and worker_field in grids:
        base["worker"] = grids[worker_field].to_numpy(dtype=object)
    else:
        base["worker"] = np.full(n, None, dtype=object)
    for column in ("worker_id", "worker_phone"):       # written by `gridplanner staff`
        base[column] = (grids[column].to_numpy(dtype=object) if column in grids
                        else np.full(n, None, dtype=object))
    base["start_date"] = np.full(n, start_date, dtype=object)
    base["end_date"] = np.full(n, end_date, dtype=object)
    out = {}
    for f in profile.fields:
        if f.source is None:
            values = np.full(n, f.value, dtype=object)
        elif f.source in base:
            values = base[f.source]
        elif f.source in grids.columns:
            values = grids[f.source].to_numpy(dtype=object)
        else:
            available = sorted(set(SOURCES) | {c for c in grids.columns if c != "geometry"})
            raise InputError(tr("unknown source {source!r}; available: {available}", source=f.source,
                                available=", ".join(available)),
                             source=f"profile {profile.name}", field=f.name)
        out[f.name] = _typed(values, f, profile.name)
    frame = pd.DataFrame(out)          # every column on a 0..n-1 index
    frame.index = grids.index
    return frame


def _typed(raw: np.ndarray, spec: FieldSpec, profile: str) -> pd.Series:
    values = pd.Series(raw, dtype=object)
    missing = values.isna()
    if spec.type == "string":
        return values.where(missing, values.astype(str)).astype(object).where(~missing, None)
    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna() & ~missing
    if bad.any():
        raise InputError(tr("value {value!r} is not a number ({type} field)", value=values[bad].iloc[0],
                            type=spec.type),
                         source=f"profile {profile}", field=spec.name)
    if spec.type == "integer":
        rounded = numbers.round()
        # plain int64 when complete (every writer keeps it an integer field); nullable otherwise
        return rounded.astype("int64") if not rounded.isna().any() else rounded.astype("Int64")
    if spec.precision is not None:
        numbers = numbers.round(spec.precision)
    return numbers.astype(float)
