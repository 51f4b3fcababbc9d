"""Export to a PostGIS table (psycopg 3; optional extra ``gridplanner[postgis]``).

* The connection is a libpq service name (``mydb`` → ``service=mydb``, read from
  ``~/.pg_service.conf``), a ``postgresql://`` URI or a ``key=value`` string. Passwords are
  best kept in the service file or ``~/.pgpass``; when one is given inline it is never
  printed: every message shows the connection with the password masked.
* The table is created, or replaced, inside one transaction: if anything fails, the old
  table is left exactly as it was. Identifiers are quoted by psycopg and every value is
  passed as a query parameter. A GiST spatial index is created on the geometry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np
import shapely

from .._typing import Geometries
from ..errors import GridPlannerError, InputError, OutputExistsError
from ..i18n import remedy, tr

if TYPE_CHECKING:
    import pandas as pd

    from .schema import FieldSpec

SQL_TYPES = {"string": "text", "integer": "bigint", "real": "double precision"}


def _psycopg() -> tuple[ModuleType, ModuleType]:
    try:
        import psycopg
        from psycopg import sql
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise GridPlannerError(tr("the PostGIS export needs psycopg 3: pip install 'gridplanner[postgis]' "
                                  "(or pip install 'psycopg[binary]')")) from exc
    return psycopg, sql


def conninfo_from(target: str) -> str:
    """libpq connection string from a service name, URI, ``PG:`` string or key=value string."""
    text = str(target).strip()
    if text.upper().startswith("PG:"):
        text = text[3:].strip()
    if not text:
        raise InputError(tr("empty PostgreSQL connection; give a service name or a postgresql:// URI"))
    if "://" in text or "=" in text:
        return text
    return f"service={text}"


def _password(conninfo: str) -> str | None:
    try:
        psycopg, _ = _psycopg()
        return psycopg.conninfo.conninfo_to_dict(conninfo).get("password")
    except Exception:  # noqa: BLE001 - an unparsable string is masked by the patterns below
        return None


def mask_password(conninfo: str, text: str | None = None) -> str:
    """``text`` (default: the connection string) with the connection's password replaced by ``***``."""
    out = conninfo if text is None else str(text)
    secret = _password(conninfo)
    if secret:
        out = out.replace(secret, "***")
    out = re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", out)              # URI user:password@
    out = re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", out, flags=re.I)
    return out


def split_table(name: str) -> tuple[str | None, str]:
    """``"schema.table"`` or ``"table"`` → (schema or None, table)."""
    name = str(name or "").strip()
    if not name:
        raise InputError(tr("name the PostGIS table to write (--table NAME or SCHEMA.NAME)"))
    schema, dot, table = name.rpartition(".")
    if not table or (dot and not schema):
        raise InputError(tr("invalid table name {name!r}; use NAME or SCHEMA.NAME", name=name))
    return (schema or None), table


def write_postgis(table: pd.DataFrame, geoms: Geometries, fields: Sequence[FieldSpec], target: str, table_name: str,
                  *, srid: int, comment: str = "",
                  overwrite: bool = False, geometry_column: str = "geom") -> str:
    """Create (or, with ``overwrite``, replace) ``table_name`` and fill it, in one transaction.

    ``fields`` are the profile's :class:`~gridplanner.algorithms.export.schema.FieldSpec`
    (types, widths and aliases, which become column comments). Returns the qualified name.
    """
    psycopg, sql = _psycopg()
    conninfo = conninfo_from(target)
    schema, name = split_table(table_name)
    qualified = sql.Identifier(schema, name) if schema else sql.Identifier(name)
    shown = f"{schema}.{name}" if schema else name
    geoms = shapely.force_2d(_multi(geoms))
    try:
        conn = psycopg.connect(conninfo, connect_timeout=15)
    except psycopg.Error as exc:
        raise GridPlannerError(tr("cannot connect to PostgreSQL ({connection}): {error}",
                                  connection=mask_password(conninfo),
                                  error=mask_password(conninfo, str(exc)).strip())) from None
    try:
        with conn:
            with conn.transaction():
                cur = conn.cursor()
                cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
                if cur.fetchone() is None:
                    raise GridPlannerError(tr("the database has no PostGIS: run CREATE EXTENSION postgis; first"))
                cur.execute("SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            "WHERE c.relname = %s AND n.nspname = coalesce(%s, current_schema()))", (name, schema))
                exists = bool(cur.fetchone()[0])
                if exists and not overwrite:
                    raise OutputExistsError(tr("table {table} exists; choose another table or {remedy}",
                                               table=shown, remedy=remedy("overwrite")))
                if exists:
                    cur.execute(sql.SQL("DROP TABLE {}").format(qualified))
                columns = [sql.SQL("fid integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY")]
                for f in fields:
                    kind = SQL_TYPES[f.type]
                    if f.type == "string" and f.width:
                        kind = f"varchar({int(f.width)})"
                    columns.append(sql.SQL("{} " + kind).format(sql.Identifier(f.name)))
                columns.append(sql.SQL("{} geometry(MultiPolygon, {})").format(
                    sql.Identifier(geometry_column), sql.Literal(int(srid))))
                cur.execute(sql.SQL("CREATE TABLE {} ({})").format(qualified, sql.SQL(", ").join(columns)))
                insert = sql.SQL("INSERT INTO {} ({}) VALUES ({}, ST_SetSRID(ST_GeomFromWKB(%s), {}))").format(
                    qualified,
                    sql.SQL(", ").join([sql.Identifier(f.name) for f in fields] + [sql.Identifier(geometry_column)]),
                    sql.SQL(", ").join([sql.Placeholder()] * len(fields)), sql.Literal(int(srid)))
                wkb = shapely.to_wkb(geoms)
                rows = [tuple(_db_value(v) for v in row) + (wkb[i],)
                        for i, row in enumerate(table[[f.name for f in fields]].itertuples(index=False, name=None))]
                cur.executemany(insert, rows)
                index = sql.Identifier(f"{name}_{geometry_column}_gist"[:63])
                cur.execute(sql.SQL("CREATE INDEX {} ON {} USING GIST ({})").format(
                    index, qualified, sql.Identifier(geometry_column)))
                if comment:
                    cur.execute(sql.SQL("COMMENT ON TABLE {} IS {}").format(qualified, sql.Literal(comment)))
                for f in fields:
                    if f.alias:
                        cur.execute(sql.SQL("COMMENT ON COLUMN {}.{} IS {}").format(
                            qualified, sql.Identifier(f.name), sql.Literal(f.alias)))
    except psycopg.Error as exc:
        raise GridPlannerError(tr("PostGIS export to {table} failed and was rolled back (the database is unchanged): "
                                  "{error}", table=shown, error=mask_password(conninfo, str(exc)).strip())) from None
    finally:
        conn.close()
    return shown


def _multi(geoms: Geometries) -> np.ndarray:
    geoms = np.asarray(geoms, dtype=object)
    out = []
    for g in geoms:
        if g is None or g.geom_type == "MultiPolygon":
            out.append(g)
        else:
            out.append(shapely.multipolygons([g]))
    return np.asarray(out, dtype=object)


def _db_value(value: object) -> object:
    if value is None:
        return None
    try:
        import pandas as pd
        if value is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, float) and np.isnan(value):
        return None
    return value
