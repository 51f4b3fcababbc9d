"""Rules at hand while redrawing (pure core): the lock, the warnings of a hand edit, the
scope and reasons of Repair, on a community of the real sample street."""

from __future__ import annotations

import numpy as np
import pytest

from gridplanner.algorithms.editing import (
    BROKEN_STATUSES,
    LockedGridError,
    assign_codes,
    repair_job,
    run_engine,
)

from .test_editing import COMMUNITY, _apply, _editor, plan  # noqa: F401 (the module's fixture)


def _basic(editor):
    return sorted(c for c, r in editor.grids.items() if r.kind == "basic" and r.n_buildings)


def _ok_pair(editor):
    """A grid in the band and a neighbour of it in the band."""
    for code in _basic(editor):
        if editor.grids[code].status != "ok":
            continue
        for other in sorted(editor.neighbours(code)):
            if editor.grids[other].status == "ok" and editor.grids[other].kind == "basic":
                return code, other
    raise AssertionError("no two neighbouring grids in the band")


def test_a_locked_grid_refuses_buildings_out_and_in(plan):  # noqa: F811
    result, params = plan
    editor = _editor(result, params)
    locked, other = _basic(editor)[:2]
    editor.set_locked(locked, True)
    out_rows = editor.members(locked)[:3]
    with pytest.raises(LockedGridError) as err:
        editor.check_unlocked(out_rows, other)
    assert err.value.codes == [locked] and locked in str(err.value)
    with pytest.raises(LockedGridError):
        editor.check_unlocked(editor.members(other)[:1], locked)
    # moves between unlocked grids, and a move within the locked grid itself, are free
    third = _basic(editor)[2]
    editor.check_unlocked(editor.members(other)[:1], third)
    editor.check_unlocked(out_rows, locked)
    # the locked flag does not hide a band violation
    for row in editor.members(locked)[:-1]:
        editor.set_code(int(editor.ids[row]), other)
    editor.refresh()
    assert editor.grids[locked].status == "under_min"


def test_an_edit_that_leaves_the_band_is_named_once(plan):  # noqa: F811
    result, params = plan
    editor = _editor(result, params)
    src, dst = _ok_pair(editor)
    rows = editor.members(src)
    before = editor.snapshot({src, dst}, rows)
    assert all(s not in BROKEN_STATUSES for s in before.status.values())
    for row in rows[: len(rows) * 2 // 3]:
        editor.set_code(int(editor.ids[row]), dst)
    editor.refresh()
    breaks = editor.rule_breaks(before)
    rules = {(b.code, b.rule) for b in breaks}
    assert (src, editor.grids[src].status) in rules
    assert editor.grids[src].status in BROKEN_STATUSES
    assert all(b.message and b.code in b.message or b.rule == "compound_split" for b in breaks)
    # the same state again is no new break
    assert editor.rule_breaks(editor.snapshot({src, dst}, rows)) == []


def test_splitting_a_compound_by_hand_is_named(plan):  # noqa: F811
    result, params = plan
    editor = _editor(result, params)
    named = [isinstance(k, str) and k != "" for k in editor.compound]
    keys, counts = np.unique(editor.compound[named].astype(str), return_counts=True)
    key = keys[np.argmax(counts)]
    rows = np.flatnonzero(editor.compound.astype(str) == key)
    assert len(rows) > 1
    home = editor.codes[rows[0]]
    other = next(c for c in editor.neighbours(home) if editor.grids[c].kind == "basic")
    before = editor.snapshot({home, other}, rows[:1])
    editor.set_code(int(editor.ids[rows[0]]), other)
    editor.refresh()
    assert "compound_split" in {b.rule for b in editor.rule_breaks(before)}


def test_repair_touches_only_broken_grids_and_their_unlocked_neighbours(plan):  # noqa: F811
    result, params = plan
    editor = _editor(result, params)
    src, dst = _ok_pair(editor)
    locked = sorted(c for c in editor.neighbours(src) | editor.neighbours(dst)
                    if c not in (src, dst) and editor.grids[c].kind == "basic")[0]
    editor.set_locked(locked, True)
    rows = editor.members(src)
    for row in rows[: len(rows) * 2 // 3]:
        editor.set_code(int(editor.ids[row]), dst)
    editor.refresh()
    scope = editor.repair_scope(COMMUNITY)
    assert src in scope and locked not in scope
    broken = {c for c in _basic(editor) if editor.grids[c].status in BROKEN_STATUSES and c != locked}
    assert src in broken
    expected = broken | {n for c in broken for n in editor.neighbours(c)}
    assert set(scope) == {c for c in expected if not editor.grids[c].locked and editor.grids[c].kind == "basic"}
    far = [c for c in _basic(editor) if c not in scope]
    assert far, "the whole community would be re-planned"
    members_far = {c: set(editor.ids[editor.members(c)].tolist()) for c in far}
    reasons_before = {c: editor.reason_of(c) for c in far}
    job = repair_job(editor, result.buildings, COMMUNITY, params, name="demo")
    assert set(editor.codes[[editor.row_of[int(f)] for f in job.fids]]) == set(scope)
    grids = run_engine(job.buildings, job.area, job.params)
    new = assign_codes(editor, job.fids, COMMUNITY, grids, params.sequence_width)
    _apply(editor, new)
    editor.set_reasons(new.reasons)
    for c in far:       # every grid outside the scope keeps its buildings and its reason
        assert set(editor.ids[editor.members(c)].tolist()) == members_far[c]
        assert editor.reason_of(c) == reasons_before[c]
    assert set(new.codes) <= set(scope) | set(new.added)
    assert sum(r.households for r in editor.grids.values()) == int(editor.households.sum())
    # the engine's reasons are kept for the grids it made
    for code, (status, reason) in new.reasons.items():
        if editor.grids[code].status == status and status != "ok":
            assert editor.reason_of(code) == reason


def test_repair_refuses_when_nothing_needs_it(plan):  # noqa: F811
    from gridplanner.algorithms.errors import InputError

    result, params = plan
    editor = _editor(result, params)
    for code in list(editor.grids):
        if editor.grids[code].status in BROKEN_STATUSES:
            editor.set_locked(code, True)
    with pytest.raises(InputError, match="nothing to repair"):
        repair_job(editor, result.buildings, COMMUNITY, params)
