"""Export a plan to governance systems: codes, schema profiles, coordinate systems, formats.

Typical use::

    from gridplanner.algorithms.export import export_plan
    result = export_plan("plan.gpkg", "grids.shp", profile="cn", crs="4490", encoding="gbk")
    print(result.summary())

The steps: read the plan GeoPackage written by ``gridplanner plan``; optionally re-number
it (:mod:`.codes`), keeping the codes of unchanged grids of a previous plan; validate it
(:mod:`.validate`: band, contiguity, tiling, buildings, codes) and refuse an invalid plan
unless ``force``; build the attribute table of the schema profile (:mod:`.schema`);
transform the geometry (any PROJ CRS, CGCS2000 zones, GCJ-02/BD-09 from :mod:`.chinacrs`);
write it (:mod:`.writers`, :mod:`.postgis`) atomically, never over an existing target
unless ``overwrite``.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS, Transformer

from .._typing import CRSLike, Geometries
from ..audit import AUDIT_TABLE, audit_summary
from ..band import Band
from ..errors import GridPlannerError, InputError
from ..i18n import remedy, tr, translatable
from ..io import METADATA_TABLE, parse_layer_spec, read_layer, read_metadata
from . import chinacrs
from .codes import CodeIssue, CodeLayout, assign_codes, match_previous, validate_codes
from .schema import FieldSpec, Profile, build_table, check_names, load_profile
from .validate import PlanIssue, validate_plan

FORMATS = ("gpkg", "shp", "geojson", "kml", "csv", "postgis")
_SUFFIXES = {".gpkg": "gpkg", ".shp": "shp", ".geojson": "geojson", ".json": "geojson", ".kml": "kml",
             ".csv": "csv"}
#: Formats whose coordinates are longitude/latitude by definition.
_LONLAT_FORMATS = ("geojson", "kml")

__all__ = [
    "CodeIssue", "CodeLayout", "ExportResult", "FORMATS", "FieldSpec", "PlanData", "PlanInvalidError", "PlanIssue",
    "Profile",
    "assign_codes", "export_plan", "guess_format", "load_profile", "match_previous", "resolve_crs",
    "validate_codes", "validate_plan",
]


class PlanInvalidError(GridPlannerError):
    """The plan fails the checks for publication and ``force`` was not given."""

    def __init__(self, issues: list[PlanIssue]) -> None:
        self.issues = issues
        counts: dict[str, int] = {}
        for issue in issues:
            counts[issue.check] = counts.get(issue.check, 0) + 1
        head = ", ".join(f"{n} {check}" for check, n in counts.items())
        lines = [tr("the plan is not fit to publish ({n} issue(s)); fix it or {remedy}:", n=head,
                    remedy=remedy("force"))]
        lines += [f"  {issue}" for issue in issues[:12]]
        if len(issues) > 12:
            lines.append("  " + tr("… and {n} more", n=len(issues) - 12))
        super().__init__("\n".join(lines))


@dataclass
class ExportResult:
    """What an export wrote."""

    target: str
    format: str
    grids: int
    crs_label: str
    profile: str
    issues: list[PlanIssue] = field(default_factory=list)
    forced: bool = False
    codes_kept: int | None = None
    codes_new: int | None = None
    #: What the plan's audit log holds (:func:`~gridplanner.algorithms.audit.audit_summary`; ``{}``: none).
    audit: dict = field(default_factory=dict)

    def summary(self) -> str:
        """Two or three lines for a terminal or the Processing log."""
        lines = [tr("{n} grids exported to {target} ({format}, profile {profile}, coordinates {crs})",
                    n=self.grids, target=self.target, format=self.format, profile=self.profile, crs=self.crs_label)]
        if self.codes_kept is not None:
            lines.append(tr("codes: {kept} kept from the previous plan, {new} new", kept=self.codes_kept,
                            new=self.codes_new))
        if self.audit:
            lines.append(audit_note(self.audit))
        if self.issues:
            lines.append(tr("exported despite {n} issue(s)", n=len(self.issues)) if self.forced
                         else tr("{n} issue(s)", n=len(self.issues)))
        return "\n".join(lines)


def guess_format(target: str) -> str:
    """The format implied by a target: its file suffix, or PostGIS for a connection."""
    text = str(target)
    if text.lower().startswith(("postgresql://", "postgres://", "pg:", "service=")) or (
            "=" in text and "dbname" in text):
        return "postgis"
    suffix = Path(text).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    raise InputError(tr("cannot tell the format of {target!r} from its suffix; pass --format ({formats})",
                        target=text, formats=", ".join(FORMATS)))


@dataclass(frozen=True)
class TargetCRS:
    """Where the exported coordinates live: a PROJ CRS, or GCJ-02/BD-09 on top of WGS 84."""

    crs: CRS
    web: str | None   # "gcj02" / "bd09" / None
    label: str


def resolve_crs(spec: str | None, plan_crs: CRSLike, geoms: Geometries | None = None,
                fmt: str = "gpkg") -> TargetCRS:
    """Interpret ``--crs``: ``auto`` (keep, or WGS 84 for GeoJSON/KML), ``keep``, ``4490``,
    ``gk`` (the CGCS2000 3° Gauss-Krüger zone of the data), ``gcj02``, ``bd09``, ``wgs84``,
    ``EPSG:xxxx``, a bare EPSG number, a PROJ string or WKT."""
    text = str(spec or "auto").strip()
    key = text.lower().replace("-", "").replace("_", "")
    if key == "auto":
        key = "wgs84" if fmt in _LONLAT_FORMATS else "keep"
    if key in chinacrs.WEB_SYSTEMS:
        return TargetCRS(chinacrs.web_system_crs(key), key, chinacrs.WEB_SYSTEMS[key])
    if key == "keep":
        crs = CRS.from_user_input(plan_crs)
    elif key in ("wgs84", "4326", "epsg:4326"):
        crs = CRS.from_epsg(4326)
    elif key == "gk":
        if geoms is None or not len(geoms):
            raise InputError(tr("--crs gk needs grids to choose the zone from"))
        lon = Transformer.from_crs(plan_crs, 4326, always_xy=True).transform(
            *shapely.centroid(shapely.union_all(np.asarray(geoms, dtype=object))).coords[0])[0]
        crs = CRS.from_epsg(chinacrs.cgcs2000_gk3_epsg(lon))
    else:
        try:
            crs = CRS.from_epsg(int(text)) if text.isdigit() else CRS.from_user_input(text)
        except Exception as exc:  # noqa: BLE001 - pyproj raises CRSError and friends
            raise InputError(tr("unknown coordinate system {crs!r}: {error}; use keep, 4490, gk, gcj02, bd09, "
                                "EPSG:xxxx or a PROJ string", crs=text, error=exc)) from exc
    if fmt in _LONLAT_FORMATS and not crs.equals(CRS.from_epsg(4326), ignore_axis_order=True):
        raise InputError(tr("{format} coordinates are WGS 84 longitude/latitude (RFC 7946 / OGC KML); --crs {crs} "
                            "is not possible; use wgs84 (default), gcj02 or bd09", format=fmt.upper(), crs=text))
    epsg = crs.to_epsg()
    label = f"EPSG:{epsg} ({crs.name})" if epsg else crs.name
    return TargetCRS(crs, None, label)


def transform_geometries(geoms: Geometries, plan_crs: CRSLike, target: TargetCRS) -> np.ndarray:
    """Grid polygons from the plan's CRS into the target coordinates."""
    geoms = np.asarray(geoms, dtype=object)
    if target.web is None:
        if CRS.from_user_input(plan_crs).equals(target.crs):
            return geoms
        return gpd.GeoSeries(geoms, crs=plan_crs).to_crs(target.crs).to_numpy()
    lonlat = gpd.GeoSeries(geoms, crs=plan_crs).to_crs(4326).to_numpy()
    forward = chinacrs.wgs84_to_gcj02 if target.web == "gcj02" else chinacrs.wgs84_to_bd09

    def shift(xy: np.ndarray) -> np.ndarray:
        x, y = forward(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(lonlat, shift)


def _date(text: str | None, what: str) -> str | None:
    if text in (None, ""):
        return None
    value = str(text).replace("-", "")
    try:
        _dt.datetime.strptime(value, "%Y%m%d")
    except ValueError:
        raise InputError(tr("{what} must be a date YYYYMMDD (or YYYY-MM-DD), got {text!r}", what=tr(what),
                            text=text)) from None
    return value


@dataclass
class PlanData:
    """A plan already in memory: what :func:`read_plan` reads from a plan GeoPackage.

    For a front end that holds the plan open (QGIS's dock: the file must not be opened a
    second time by another GDAL/SQLite in the same process), :func:`export_plan` takes
    this instead of a path.
    """

    grids: gpd.GeoDataFrame
    buildings: pd.DataFrame | None = None
    metadata: dict = field(default_factory=dict)
    source: str = "plan"   #: what the plan is called in messages
    #: The plan's audit log (:data:`~gridplanner.algorithms.audit.AUDIT_COLUMNS`), if it has one.
    audit: pd.DataFrame | None = None


def check_plan_grids(grids: gpd.GeoDataFrame) -> None:
    """Refuse a grids layer export cannot work with (missing columns, no CRS)."""
    missing = [c for c in ("grid_code", "community_code", "grid_kind", "households") if c not in grids]
    if missing:
        raise InputError(tr("the grids layer lacks the column(s) {columns}", columns=", ".join(missing)),
                         layer="grids")
    if grids.crs is None:
        raise InputError(tr("the grids layer has no CRS"), layer="grids")


def read_plan(path: str | os.PathLike) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame | None, dict]:
    """The ``grids`` layer, the ``buildings`` layer (None when absent) and the metadata of a plan."""
    path = str(path)
    if not Path(path).is_file():
        raise InputError(tr("file not found: {path}", path=path), layer="plan")
    try:
        layers = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception as exc:  # noqa: BLE001
        from ..io import read_failure

        raise InputError(read_failure(path, exc), layer="plan") from exc
    if "grids" not in layers:
        raise InputError(tr("{path} has no 'grids' layer; export takes a plan written by 'gridplanner plan' "
                            "(layers found: {layers})", path=path, layers=", ".join(layers)), layer="plan")
    grids = read_layer(f"{path}|layername=grids", "grids")
    check_plan_grids(grids)
    buildings = None
    if "buildings" in layers:
        buildings = gpd.read_file(path, layer="buildings", engine="pyogrio", read_geometry=False)
    try:
        metadata = read_metadata(path) if METADATA_TABLE in layers else {}
    except Exception as exc:  # noqa: BLE001 - sqlite3 errors of a damaged table
        from ..io import read_failure

        raise InputError(read_failure(path, exc), layer="plan") from exc
    return grids, buildings, metadata


def _previous_members(path: object, buildings: pd.DataFrame | None, metadata: dict
                      ) -> dict[str, set[str]] | None:
    """Building-id sets per grid code for matching, when the plan names its building id field."""
    id_field = (metadata.get("parameters") or {}).get("building_id_field")
    if not id_field or buildings is None or id_field not in buildings or "grid_code" not in buildings:
        return None
    frame = buildings[[id_field, "grid_code"]].dropna()
    return {code: set(group[id_field].astype(str)) for code, group in frame.groupby(frame["grid_code"].astype(str))}


def export_plan(plan: str | os.PathLike | PlanData, target: str | os.PathLike, *, fmt: str | None = None,
                profile: str | Profile = "cn", crs: str | None = "auto", encoding: str = "utf-8",
                force: bool = False, overwrite: bool = False, table: str | None = None, layer: str = "grids",
                layout: CodeLayout | None = None, renumber: bool = False, previous: str | None = None,
                communities: str | None = None, start_date: str | None = None, end_date: str | None = None,
                worker_field: str | None = "worker") -> ExportResult:
    """Export the grids of a plan GeoPackage for registration in a governance system.

    Parameters
    ----------
    plan
        A GeoPackage written by ``gridplanner plan`` (layers ``grids``, ``buildings``, metadata),
        or the same plan already in memory (:class:`PlanData`).
    target
        Output file, or for PostGIS a service name / ``postgresql://`` URI (with ``table``).
    fmt
        ``gpkg``, ``shp``, ``geojson``, ``kml``, ``csv`` or ``postgis``; default from ``target``.
    profile
        ``"cn"`` (registration schema WGBM, WGMC, …), ``"en"`` or a TOML/JSON profile file.
    crs
        See :func:`resolve_crs`.
    encoding
        Shapefile and CSV text encoding: ``utf-8`` or ``gbk`` (``gb18030``).
    force
        Export even when :func:`validate_plan` finds issues (they are returned).
    overwrite
        Replace an existing file or table.
    layout
        Code layout (default 6+3+3+3; :class:`CodeLayout`), used to validate and to re-number.
    renumber
        Recompute every code with ``layout`` (west→east, north→south; dedicated range).
    previous
        A previous plan GeoPackage (or any grid layer with ``grid_code``): unchanged grids
        keep their previous codes, the others get unused numbers (implies ``renumber``).
    communities
        Optional community polygons (``code`` field) to check the tiling against.
    start_date, end_date
        YYYYMMDD registration dates; ``start_date`` defaults to the plan's creation date.
    worker_field
        Column of the grids layer holding the grid worker (网格员), if any.
    """
    fmt = (fmt or guess_format(str(target))).lower()
    if fmt not in FORMATS:
        raise InputError(tr("unknown format {format!r}; choose one of {formats}", format=fmt,
                            formats=", ".join(FORMATS)))
    layout = layout or CodeLayout()
    enc = _normalise_encoding(encoding)
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    check_names(prof, fmt, enc)
    start = _date(start_date, translatable("the start date"))
    end = _date(end_date, translatable("the end date"))
    if fmt == "postgis" and not table:
        raise InputError(tr("name the PostGIS table to write (--table NAME or SCHEMA.NAME)"))
    if fmt != "postgis":
        from ..io import check_distinct_outputs

        check_distinct_outputs(
            {"the export target": str(target)},
            {"the plan": None if isinstance(plan, PlanData) else str(plan), "--previous": previous,
             "--communities": communities, "--profile": str(profile) if isinstance(profile, (str, os.PathLike))
             and str(profile) not in ("cn", "en") else None})
        _check_target(str(target), fmt, overwrite)
    if previous:
        prev_file = parse_layer_spec(str(previous))[0]
        if not Path(prev_file).is_file():
            raise InputError(tr("file not found: {path}; give the previous plan's GeoPackage (or omit --previous)",
                                path=prev_file), layer="previous")

    if isinstance(plan, PlanData):
        check_plan_grids(plan.grids)
        grids, buildings, metadata = plan.grids, plan.buildings, dict(plan.metadata)
        audit = audit_summary(plan.audit)
    else:
        grids, buildings, metadata = read_plan(plan)
        audit = audit_summary(read_audit(plan))
    params = metadata.get("parameters") or {}
    if start is None and metadata.get("created"):
        start = str(metadata["created"])[:10].replace("-", "")
    band = Band(int(params.get("min_households", 300)), int(params.get("max_households", 500)),
                int(params.get("target_households", 400)))

    community_layer = None
    if communities:
        community_layer = read_layer(communities, "communities")
        code_field = params.get("community_code_field") or "code"
        if code_field not in community_layer:
            raise InputError(tr("no field {field!r}", field=code_field), layer="communities", field=code_field)
        community_layer = community_layer.rename(columns={code_field: "code"}).to_crs(grids.crs)

    issues: list[PlanIssue] = []
    codes_kept: int | None = None
    codes_new: int | None = None
    if renumber or previous:
        # Buildings are checked against the plan's own codes before those change.
        issues += [i for i in validate_plan(grids, band, layout, buildings, community_layer)
                   if i.check == "buildings"]
        prev_grids = prev_members = members = None
        if previous:
            prev_path, prev_layer = parse_layer_spec(str(previous))
            try:
                prev_layers = [str(n) for n in pyogrio.list_layers(prev_path)[:, 0]]
            except Exception as exc:  # noqa: BLE001 - pyogrio raises several types for unreadable data
                from ..io import read_failure

                raise InputError(read_failure(prev_path, exc), layer="previous") from exc
            if prev_layer is None and "grids" in prev_layers:
                prev_grids, prev_buildings, prev_meta = read_plan(prev_path)
                prev_members_by_code = _previous_members(prev_path, prev_buildings, prev_meta)
            else:
                prev_grids, prev_members_by_code = read_layer(previous, "previous"), None
            code_field = "grid_code" if "grid_code" in prev_grids else next(
                (f.name for f in prof.fields if f.source == "grid_code" and f.name in prev_grids), None)
            if code_field is None:
                raise InputError(tr("the previous grids have no grid_code (or profile code) field"),
                                 layer="previous")
            prev_grids = prev_grids.rename(columns={code_field: "grid_code"}).to_crs(grids.crs)
            prev_grids["grid_code"] = prev_grids["grid_code"].astype(str)
            if "community_code" not in prev_grids:
                prev_grids["community_code"] = prev_grids["grid_code"].str[: layout.community_length]
            own = _previous_members(plan, buildings, metadata)
            if own is not None and prev_members_by_code is not None:
                members = [own.get(str(c), set()) for c in grids["grid_code"]]
                prev_members = [prev_members_by_code.get(c, set()) for c in prev_grids["grid_code"]]
        codes, seqs, counts = assign_codes(grids, layout, prev_grids, members, prev_members)
        grids = grids.copy()
        grids["grid_code"], grids["seq"] = codes, seqs
        if previous:
            codes_kept, codes_new = counts["kept"], counts["new"]
        issues += [i for i in validate_plan(grids, band, layout, None, community_layer)]
    else:
        issues = validate_plan(grids, band, layout, buildings, community_layer)
    if issues and not force:
        raise PlanInvalidError(issues)

    attributes = build_table(grids, prof, street_code=layout.street_code, county_code=layout.county_code,
                             start_date=start, end_date=end, worker_field=worker_field)
    target_crs = resolve_crs(crs, grids.crs, grids.geometry.to_numpy(), fmt)
    geoms = transform_geometries(grids.geometry.to_numpy(), grids.crs, target_crs)
    codes_out = grids["grid_code"].astype(str).tolist()
    if enc != "UTF-8" and fmt in ("shp", "csv"):
        writers.check_encodable(attributes, enc, codes_out)
    description = f"Grid Planner export (profile {prof.name}); coordinates: {target_crs.label}"
    if audit:
        description += "; " + audit_note(audit)
    name_field = next((f.name for f in prof.fields if f.source == "grid_name"), None)

    out: Path | str
    if fmt == "gpkg":
        out = writers.write_gpkg(attributes, geoms, target_crs.crs, target, layer=layer,
                                 description=description, overwrite=overwrite)
    elif fmt == "shp":
        out = writers.write_shapefile(attributes, geoms, target_crs.crs, target, encoding=enc, overwrite=overwrite)
    elif fmt == "geojson":
        label = ("WGS 84 (RFC 7946)" if target_crs.web is None
                 else f"{target_crs.label} (NOT WGS 84: Chinese web-map offset coordinates)")
        out = writers.write_geojson(attributes, geoms, target, coordinate_system=label,
                                    name=layer if target_crs.web is None else f"{layer} ({target_crs.label})",
                                    overwrite=overwrite)
    elif fmt == "kml":
        out = writers.write_kml(attributes, geoms, target, name_field=name_field,
                                layer=layer if target_crs.web is None else f"{layer}_{target_crs.web.upper()}",
                                overwrite=overwrite)
    elif fmt == "csv":
        digits = 7 if target_crs.crs.is_geographic else 3
        out = writers.write_csv(attributes, geoms, target, encoding=enc, digits=digits, overwrite=overwrite)
    else:
        from .postgis import conninfo_from, mask_password, write_postgis

        assert table is not None     # checked before any work
        srid = target_crs.crs.to_epsg() if target_crs.web is None else 4326
        if srid is None:
            raise InputError(tr("PostGIS needs an EPSG code for the table's SRID; {crs} has none",
                                crs=target_crs.label))
        shown = write_postgis(attributes, geoms, prof.fields, str(target), table, srid=srid, comment=description,
                              overwrite=overwrite)
        out = f"{mask_password(conninfo_from(str(target)))} table {shown}"
    return ExportResult(target=str(out), format=fmt, grids=len(grids), crs_label=target_crs.label,
                        profile=prof.name, issues=issues, forced=bool(issues), codes_kept=codes_kept,
                        codes_new=codes_new, audit=audit)


def _normalise_encoding(encoding: str) -> str:
    return writers.normalise_encoding(encoding)


def _check_target(target: str, fmt: str, overwrite: bool) -> None:
    """Refuse early (before any work) an existing target or a missing folder."""
    from ..io import check_output_path

    path = Path(target)
    expected = {"gpkg": (".gpkg",), "shp": (".shp",), "geojson": (".geojson", ".json"), "kml": (".kml",),
                "csv": (".csv",)}[fmt]
    if path.suffix.lower() not in expected:
        raise InputError(tr("the {format} target should end in {suffixes}, got {name}", format=fmt,
                            suffixes=tr(" or ").join(expected), name=path.name))
    if fmt == "shp":
        for suffix in writers.SHAPEFILE_PARTS:
            check_output_path(path.with_suffix(suffix), overwrite)
    else:
        check_output_path(path, overwrite)


def read_audit(path: str | os.PathLike) -> pd.DataFrame | None:
    """The ``audit_log`` table of a plan GeoPackage (``None`` when it has none)."""
    try:
        layers = [str(n) for n in pyogrio.list_layers(str(path))[:, 0]]
    except Exception:  # noqa: BLE001 - read_plan has named the file's problem already
        return None
    if AUDIT_TABLE not in layers:
        return None
    return pd.DataFrame(pyogrio.read_dataframe(str(path), layer=AUDIT_TABLE, read_geometry=False))


def audit_note(summary: dict) -> str:
    """One line on a plan's audit log for an export's description and summary."""
    return tr("audit log: {n} entries by {users}, {first} to {last}, {overrides} lock override(s)",
              n=summary["entries"], users=", ".join(summary["users"]) or "unknown", first=summary["first"],
              last=summary["last"], overrides=summary["overrides"])


from . import writers  # noqa: E402  (after the helpers that use it at call time)
