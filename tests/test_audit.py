"""The audit log of a plan under edit (pure core): rows of an edit, CSV, the export's note."""

from __future__ import annotations

import pandas as pd
import pyogrio
import pytest
from export_fixtures import COMMUNITY, plan_frames, write_plan

from gridplanner.algorithms.audit import (
    AUDIT_COLUMNS,
    AUDIT_TABLE,
    audit_frame,
    audit_summary,
    edit_entries,
    grid_entry,
    write_csv,
)
from gridplanner.algorithms.errors import OutputExistsError
from gridplanner.algorithms.export import PlanData, export_plan

A, B, C = f"{COMMUNITY}001", f"{COMMUNITY}002", f"{COMMUNITY}003"


def _moved():
    return pd.DataFrame({"building_fid": [7, 3, 9, 4], "from": [A, A, B, A], "to": [B, B, C, B],
                         "households": [40, 20, 15, 5]})


def test_one_row_per_pair_of_grids_with_buildings_compounds_and_households():
    entries = edit_entries("repair", _moved(), {A: COMMUNITY, B: COMMUNITY, C: COMMUNITY}, user="li",
                           time="2026-12-07T08:00:00+00:00", compounds={3: "C01", 7: "C01", 4: float("nan")})
    assert [(e.from_grid, e.to_grid, e.buildings, e.n_buildings, e.households, e.compounds) for e in entries] == [
        (A, B, "3,4,7", 3, 65, "C01"), (B, C, "9", 1, 15, "")]
    assert all(e.user == "li" and e.action == "repair" and e.community == COMMUNITY for e in entries)
    assert edit_entries("move", _moved().iloc[0:0], {}) == []
    with pytest.raises(ValueError):
        edit_entries("teleport", _moved(), {})


def test_csv_is_atomic_refuses_to_overwrite_and_keeps_chinese(tmp_path):
    frame = audit_frame(edit_entries("move", _moved(), {A: COMMUNITY}, user="李明") +
                        [grid_entry("lock", A, COMMUNITY, user="李明", note="确认")])
    path = tmp_path / "audit.csv"
    write_csv(frame, path)
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    assert list(back.columns) == AUDIT_COLUMNS and len(back) == 3
    assert set(back["user"]) == {"李明"} and back["note"].iloc[-1] == "确认"
    with pytest.raises(OutputExistsError):
        write_csv(frame, path)
    write_csv(frame.iloc[:1], path, overwrite=True)
    assert len(pd.read_csv(path, encoding="utf-8-sig")) == 1


def test_summary_and_the_export_metadata_note_the_log(tmp_path):
    frame = audit_frame(edit_entries("move", _moved(), {A: COMMUNITY}, user="li", time="2026-12-07T08:00:00+00:00")
                        + [grid_entry("override", A, COMMUNITY, user="wang", time="2026-12-07T09:00:00+00:00")])
    summary = audit_summary(frame)
    assert summary == {"entries": 3, "actions": {"move": 2, "override": 1}, "users": ["li", "wang"],
                       "first": "2026-12-07T08:00:00+00:00", "last": "2026-12-07T09:00:00+00:00", "overrides": 1}
    assert audit_summary(None) == {} and audit_summary(frame.iloc[0:0]) == {}
    grids, buildings = plan_frames()
    result = export_plan(PlanData(grids, pd.DataFrame(buildings.drop(columns="geometry")), {}, audit=frame),
                         tmp_path / "out.gpkg")
    assert result.audit == summary and "audit log: 3 entries" in result.summary()
    info = pyogrio.read_info(tmp_path / "out.gpkg")
    assert "audit log: 3 entries by li, wang" in str(info.get("layer_metadata") or info)

    # a plan file with an audit_log table: the export reads it from there
    plan = write_plan(tmp_path / "plan.gpkg")
    pyogrio.write_dataframe(frame, plan, layer=AUDIT_TABLE)
    assert export_plan(plan, tmp_path / "file.csv").audit == summary
    assert export_plan(write_plan(tmp_path / "bare.gpkg"), tmp_path / "bare.csv").audit == {}
