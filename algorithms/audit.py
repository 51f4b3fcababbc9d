"""The audit log of a plan under edit: who changed what, when.

Every edit the dock makes (a move, split, merge, lock, repair, undo, or an override of a
lock) becomes rows of the ``audit_log`` table kept inside the plan's GeoPackage (a table
without geometry, written by the plugin through QGIS, the file's one owner). This module is
the table's one definition: its columns, the rows of an edit (:func:`edit_entries`: one row
per pair of grids the buildings moved between, with the buildings, compounds and households
moved), the CSV export (:func:`write_csv`, atomic) and the summary the governance export
puts in its metadata (:func:`audit_summary`).
"""

from __future__ import annotations

import datetime as _dt
import getpass
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from .i18n import tr, translatable
from .io import atomic_output

#: Name of the table in the plan GeoPackage.
AUDIT_TABLE = "audit_log"

#: What an audit row records, by action code (kept in English in the table; shown translated).
ACTIONS = {
    "move": translatable("move buildings"),
    "split": translatable("split grid"),
    "merge": translatable("merge grids"),
    "lock": translatable("lock grid"),
    "unlock": translatable("unlock grid"),
    "repair": translatable("repair community"),
    "undo": translatable("undo"),
    "redo": translatable("redo"),
    "override": translatable("override a lock"),
    "scenario": translatable("use scenario"),
}

#: Columns of the table, in order; every value is text or an integer.
AUDIT_COLUMNS = ["time", "user", "action", "community", "from_grid", "to_grid", "buildings", "compounds",
                 "n_buildings", "households", "note"]

#: The longest list of building ids kept in one row (a repair may move hundreds).
MAX_LISTED_BUILDINGS = 200


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit log: an action moving ``n_buildings`` buildings (``buildings``: their
    ids, comma separated) with ``households`` households from ``from_grid`` to ``to_grid``."""

    time: str
    user: str
    action: str
    community: str
    from_grid: str = ""
    to_grid: str = ""
    buildings: str = ""
    compounds: str = ""
    n_buildings: int = 0
    households: int = 0
    note: str = ""


def current_user() -> str:
    """The name of the person editing (the operating system's user name; ``"unknown"`` if none)."""
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError, ImportError):
        return os.environ.get("USERNAME") or "unknown"


def now() -> str:
    """The time of an edit: UTC, ISO 8601, to the second."""
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def _listed(values: Iterable[object], limit: int = MAX_LISTED_BUILDINGS) -> str:
    items = [str(v) for v in values]
    if len(items) > limit:
        return ",".join(items[:limit]) + ",…"
    return ",".join(items)


def edit_entries(action: str, moved: pd.DataFrame, community_of: dict[str, str], *, user: str | None = None,
                 time: str | None = None, compounds: dict[int, object] | None = None, note: str = ""
                 ) -> list[AuditEntry]:
    """The audit rows of one edit: one per (from grid, to grid) pair of ``moved``.

    ``moved`` has the columns ``building_fid``, ``from``, ``to`` and ``households`` (as
    :meth:`~gridplanner.algorithms.editing.NewCodes.moved`); ``community_of`` gives each grid's
    community; ``compounds`` each building's compound (``None`` or NaN: none).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    user = user or current_user()
    time = time or now()
    rows: list[AuditEntry] = []
    if not len(moved):
        return rows
    frame = moved.assign(**{"from": moved["from"].fillna(""), "to": moved["to"].fillna("")})
    for (src, dst), group in frame.groupby(["from", "to"], sort=True):
        fids = sorted(int(f) for f in group["building_fid"])
        keys = sorted({str(k) for k in ((compounds or {}).get(f) for f in fids)
                       if k is not None and not (isinstance(k, float) and np.isnan(k)) and str(k) != ""})
        community = community_of.get(str(src)) or community_of.get(str(dst)) or ""
        rows.append(AuditEntry(time=time, user=user, action=action, community=community, from_grid=str(src),
                               to_grid=str(dst), buildings=_listed(fids), compounds=_listed(keys),
                               n_buildings=len(fids), households=int(group["households"].sum()), note=note))
    return rows


def grid_entry(action: str, code: str, community: str, *, user: str | None = None, time: str | None = None,
               note: str = "") -> AuditEntry:
    """The audit row of an edit of a grid that moves no building (lock, unlock)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    return AuditEntry(time=time or now(), user=user or current_user(), action=action, community=community,
                      from_grid=code, to_grid=code, note=note)


def audit_frame(entries: Iterable[AuditEntry]) -> pd.DataFrame:
    """The rows as the table stores them (columns :data:`AUDIT_COLUMNS`)."""
    return pd.DataFrame([asdict(e) for e in entries], columns=AUDIT_COLUMNS)


def write_csv(frame: pd.DataFrame, path: str | os.PathLike, overwrite: bool = False) -> None:
    """Write the audit log to a CSV file (UTF-8 with a byte-order mark, so that spreadsheet programs
    read Chinese names), atomically; an existing file only with ``overwrite``."""
    out = frame.reindex(columns=AUDIT_COLUMNS)
    with atomic_output(path, ".csv", overwrite) as (tmp, _):
        out.to_csv(tmp, index=False, encoding="utf-8-sig")


def audit_summary(frame: pd.DataFrame | None) -> dict:
    """What the export's metadata says of the audit log: rows, actions by kind, editors, first
    and last edit, overrides of a lock (``{}`` without a log)."""
    if frame is None or not len(frame):
        return {}
    actions = frame["action"].astype(str).value_counts().sort_index()
    times = sorted(str(t) for t in frame["time"] if isinstance(t, str) and t)
    return {"entries": int(len(frame)), "actions": {k: int(v) for k, v in actions.items()},
            "users": sorted({str(u) for u in frame["user"] if isinstance(u, str) and u}),
            "first": times[0] if times else None, "last": times[-1] if times else None,
            "overrides": int((frame["action"] == "override").sum())}


def action_text(action: str) -> str:
    """The action's name in the user's language."""
    return tr(ACTIONS[action]) if action in ACTIONS else str(action)
