"""The editing state behind the dock (pure core): cells, incremental sums, code matching."""

from __future__ import annotations

import time

import numpy as np
import pytest
import shapely

from gridplanner.algorithms import PlanParameters, metrics, plan_grids, read_layer
from gridplanner.algorithms.band import Band
from gridplanner.algorithms.editing import PlanEditor, building_cells, match_codes
from gridplanner.algorithms.params import WorkloadWeights

COMMUNITY = "330106004002"


@pytest.fixture(scope="module")
def plan(sample_gpkg):
    src = str(sample_gpkg)
    buildings = read_layer(f"{src}|layername=buildings")
    communities = read_layer(f"{src}|layername=communities")
    communities = communities[communities["code"] == COMMUNITY]
    inside = buildings.representative_point().within(communities.geometry.iloc[0])
    params = PlanParameters(seed=1, dedicated_field="dedicated_site")
    result = plan_grids(buildings[inside], roads=read_layer(f"{src}|layername=roads"), communities=communities,
                        water=[read_layer(f"{src}|layername=water")], params=params)
    return result, params


def _editor(result, params):
    b = result.buildings
    points = shapely.point_on_surface(b.geometry.to_numpy())
    grids = dict(zip(result.grids["grid_code"], result.grids.geometry))
    cells = building_cells(grids, points, b["grid_code"].to_numpy())
    from gridplanner.algorithms.editing import GridRow

    rows = {r.grid_code: GridRow(code=r.grid_code, community=r.community_code, kind=r.grid_kind)
            for r in result.grids.itertuples()}
    return PlanEditor(ids=np.arange(len(b)), codes=b["grid_code"].to_numpy(), households=b["households"],
                      population=b["population"], points=points, cells=cells, compound=b["compound_id"].to_numpy(),
                      workload=metrics.building_workload(b, "households", params.weights.attributes),
                      grids=rows, band=Band(300, 500, 400))


def test_cells_tile_each_grid(plan):
    result, params = plan
    editor = _editor(result, params)
    for g in result.grids.itertuples():
        cells = [c for c in editor.cells[editor.members(g.grid_code)] if c is not None]
        union = shapely.union_all(cells, grid_size=0.01)
        assert abs(union.area - g.geometry.area) < 1.0, g.grid_code
        assert abs(sum(c.area for c in cells) - g.geometry.area) < 1.0, g.grid_code


def test_editor_reproduces_engine_figures(plan):
    result, params = plan
    table = _editor(result, params).table().set_index("grid_code")
    grids = result.grids.set_index("grid_code")
    assert list(table.index) == sorted(grids.index)
    assert (table["households"] == grids["households"]).all()
    assert np.allclose(table["workload"], grids["workload"], atol=0.01)
    assert np.allclose(table["compactness"], grids["compactness"], atol=1e-3)
    assert (table["parts"] == grids["parts"]).all()
    assert (table["barrier_crossings"] == grids["barrier_crossings"]).all()
    assert (table["status"] == grids["status"]).all()


def test_grid_status_matches_engine(plan):
    result, _ = plan
    g = result.grids
    status = metrics.grid_status(g["households"], g["parts"], g["barrier_crossings"], g["grid_kind"],
                                 Band(300, 500, 400))
    assert list(status) == list(g["status"])


def test_move_updates_sums_fast_and_undo_restores(plan):
    result, params = plan
    editor = _editor(result, params)
    before = editor.table().set_index("grid_code")
    src, dst = before.index[0], before.index[1]
    row = editor.members(src)[0]
    fid = int(editor.ids[row])
    h = int(editor.households[row])
    start = time.perf_counter()
    changed = editor.set_code(fid, dst)
    editor.refresh()
    elapsed = time.perf_counter() - start
    assert changed == {src, dst}
    after = editor.table().set_index("grid_code")
    assert after.loc[src, "households"] == before.loc[src, "households"] - h
    assert after.loc[dst, "households"] == before.loc[dst, "households"] + h
    total = sum(r.area_m2 for r in editor.grids.values())
    assert abs(total - result.grids.area.sum()) < 1e-4 * total   # still tiles the community
    assert elapsed < 0.1, elapsed
    editor.set_code(fid, src)
    editor.refresh()
    again = editor.table().set_index("grid_code")
    assert (again["households"] == before["households"]).all()
    assert np.allclose(again["area_m2"], before["area_m2"], atol=0.5)
    assert (again["status"] == before["status"]).all()


def test_match_codes_keeps_old_codes_greedily():
    old = ["A", "A", "A", "B", "B", None]
    new = [1, 1, 2, 2, 2, 3]
    hh = [10, 10, 5, 10, 10, 7]
    assert match_codes(old, new, hh) == {2: "B", 1: "A", 3: None}


def test_next_code_and_compound_rows(plan):
    result, params = plan
    editor = _editor(result, params)
    codes = sorted(editor.grids)
    assert editor.next_code(COMMUNITY) == f"{COMMUNITY}{int(codes[-1][-3:]) + 1:03d}"
    key_rows = np.flatnonzero(editor.compound == editor.compound[np.flatnonzero(editor.compound != None)[0]])  # noqa: E711
    assert set(editor.compound_rows(key_rows[:1])) == set(key_rows)


def test_weights_file_default_matches():
    assert WorkloadWeights().attributes


def test_scenario_measure_and_compare(plan):
    import pandas as pd

    from gridplanner.algorithms import scenarios

    result, params = plan
    b = result.buildings
    fids = pd.Index(range(len(b)))
    assignment = pd.DataFrame({"building_fid": fids, "grid_code": b["grid_code"].to_numpy()})
    compound = pd.Series(b["compound_id"].to_numpy(), index=fids)
    households = pd.Series(b["households"].to_numpy(), index=fids)
    measured = scenarios.measure(result.grids, assignment, compound, households, Band(300, 500, 400))
    assert measured["grids"] == len(result.grids)
    assert measured["in_band_share"] == pytest.approx(result.summary["in_band_share"])
    assert measured["avoidable_compound_splits"] == result.summary["avoidable_compound_splits"]
    # a worse scenario: everything of the second grid merged into the first
    first, second = result.grids["grid_code"].iloc[:2]
    merged = assignment.assign(grid_code=assignment["grid_code"].replace(second, first))
    grids = result.grids[result.grids["grid_code"] != second].copy()
    grids.loc[grids["grid_code"] == first, "households"] = int(b.loc[merged["grid_code"] == first, "households"].sum())
    worse = scenarios.measure(grids, merged, compound, households, Band(300, 500, 400))
    table = scenarios.compare({"engine": measured, "merged": worse})
    assert list(table.columns) == ["engine", "merged"]
    assert list(table.index) == [k for k, _ in scenarios.COMPARED]
    assert table.at["grids", "merged"] == table.at["grids", "engine"] - 1
    assert table.at["grids_outside_band", "merged"] >= table.at["grids_outside_band", "engine"]


# ------------------------------------------------------------------ split and repair
def _apply(editor, new):
    """What the dock does with a split or repair: move the buildings, recut, re-measure."""
    for fid, code in zip(new.fids, new.codes):
        editor.set_code(int(fid), code)
    editor.recut_cells(new.polygons)
    editor.refresh()


def _codes_by_fid(editor):
    return dict(zip(editor.ids.tolist(), editor.codes.tolist()))


def _split_candidate(result):
    grids = result.grids[(result.grids["grid_kind"] == "basic") & (result.grids["n_buildings"] >= 4)]
    return grids.sort_values(["households", "grid_code"], ascending=[False, True])["grid_code"].iloc[0]


def test_split_grid_gives_two_contiguous_grids_and_leaves_the_others(plan):
    from gridplanner.algorithms.editing import split_grid

    result, params = plan
    editor = _editor(result, params)
    code = _split_candidate(result)
    before = editor.table().set_index("grid_code")
    codes_before = _codes_by_fid(editor)
    new = split_grid(editor, result.buildings, code, params, roads=None, water=None)
    # only the grid's own buildings take part, and they end up in exactly two grids
    assert set(new.old) == {code}
    assert set(new.codes) == {code, new.added[0]} and len(new.added) == 1
    assert new.added[0] == editor.next_code(COMMUNITY)
    _apply(editor, new)
    after = editor.table().set_index("grid_code")
    pair = [code, new.added[0]]
    assert after.loc[pair, "households"].sum() == before.loc[code, "households"]
    assert (after.loc[pair, "households"] > 0).all()
    assert (after.loc[pair, "parts"] == 1).all()
    assert abs(after.loc[pair, "area_m2"].sum() - before.loc[code, "area_m2"]) < 1.0
    others = before.index.drop(code)
    assert (after.loc[others, "households"] == before.loc[others, "households"]).all()
    assert np.allclose(after.loc[others, "area_m2"], before.loc[others, "area_m2"], atol=1e-6)
    moved = {f for f, c in _codes_by_fid(editor).items() if c != codes_before[f]}
    assert moved and all(codes_before[f] == code for f in moved)
    assert set(new.moved()["building_fid"]) == moved


def test_repair_keeps_locked_grids_and_the_codes_of_unchanged_grids(plan):
    from gridplanner.algorithms.editing import repair_community

    result, params = plan
    editor = _editor(result, params)
    codes = sorted(c for c in editor.grids if editor.grids[c].kind == "basic")
    locked, src, dst = codes[0], codes[-1], codes[-2]
    editor.set_locked(locked, True)
    # a bad edit: most of one grid moved into its neighbour in the code order
    for row in editor.members(src)[: max(1, len(editor.members(src)) * 2 // 3)]:
        editor.set_code(int(editor.ids[row]), dst)
    editor.refresh()
    locked_members = set(editor.ids[editor.members(locked)].tolist())
    locked_area = editor.grids[locked].area_m2
    before = set(c for c in editor.grids if editor.grids[c].n_buildings)
    new = repair_community(editor, result.buildings, COMMUNITY, params, name="demo")
    _apply(editor, new)
    # the locked grid is kept exactly: the same buildings (its polygon is redrawn by the
    # engine from the same cells: the same up to the 1 cm precision of the overlays)
    assert set(editor.ids[editor.members(locked)].tolist()) == locked_members
    assert abs(editor.grids[locked].area_m2 - locked_area) < 1.0
    assert all(c == locked for o, c in zip(new.old, new.codes) if o == locked)
    # grids the repair re-made take their old codes back; a new code only for a grid more
    assert set(new.codes) - {None} <= before | set(new.added)
    assert len(set(new.codes) & before) == min(len(before), len(set(new.codes)))
    # every household still in a grid, and the repaired plan meets the band where it can
    assert sum(r.households for r in editor.grids.values()) == int(editor.households.sum())
    table = editor.table()
    assert (table["parts"] == 1).all()


def test_split_refuses_a_grid_of_one_building(plan):
    from gridplanner.algorithms.editing import split_job
    from gridplanner.algorithms.errors import InputError

    result, params = plan
    editor = _editor(result, params)
    code = editor.next_code(COMMUNITY)
    editor.set_code(int(editor.ids[0]), code)
    editor.refresh()
    with pytest.raises(InputError, match="fewer than two buildings"):
        split_job(editor, result.buildings, code, params)


@pytest.fixture(scope="module")
def street_plan(sample_gpkg, tmp_path_factory):
    """The whole sample street planned, written and read back, as the dock opens it."""
    src = str(sample_gpkg)
    read = lambda layer: read_layer(f"{src}|layername={layer}")  # noqa: E731
    params = PlanParameters(seed=1, building_id_field="bldg_id", dedicated_field="dedicated_site")
    result = plan_grids(read("buildings"), read("roads"), read("communities"), [read("water"), read("waterway")],
                        params)
    path = result.write(tmp_path_factory.mktemp("street") / "plan.gpkg")
    return (read_layer(f"{path}|layername=grids"), read_layer(f"{path}|layername=buildings"),
            read("communities"))


def _plan_frame(editor, crs):
    import geopandas as gpd

    rows = [r for r in editor.grids.values() if r.geometry is not None]
    return gpd.GeoDataFrame({"grid_code": [r.code for r in rows], "community_code": [r.community for r in rows]},
                            geometry=[r.geometry for r in rows], crs=crs)


def test_moves_keep_the_plan_tiled_at_full_precision(street_plan):
    """Buildings moved between grids (the dock's edits): the re-dissolved grids still tile the
    whole plan at full precision, across community lines too, as the export checks it."""
    from gridplanner.algorithms.editing import GridRow

    grids, b, communities = street_plan
    points = shapely.point_on_surface(b.geometry.to_numpy())
    cells = building_cells(dict(zip(grids["grid_code"], grids.geometry)), points, b["grid_code"].to_numpy())
    rows = {r.grid_code: GridRow(code=r.grid_code, community=r.community_code, kind=r.grid_kind)
            for r in grids.itertuples()}
    editor = PlanEditor(ids=np.arange(len(b)), codes=b["grid_code"].to_numpy(), households=b["households"],
                        population=b["households"] * 3.0, workload=b["households"].astype(float), points=points,
                        cells=cells, compound=np.full(len(b), None), grids=rows, band=Band(300, 500, 400))
    check = metrics.plan_tiling_check(_plan_frame(editor, grids.crs), communities)
    assert check.ok, check.messages()
    # move 40 buildings each into a neighbouring grid of its community
    geoms = grids.geometry.to_numpy()
    tree = shapely.STRtree(geoms)
    rng = np.random.default_rng(5)
    moved = 0
    grid_codes, grid_comm = grids["grid_code"].to_numpy(), grids["community_code"].to_numpy()
    for i in rng.permutation(len(b)):
        g = int(np.flatnonzero(grid_codes == b["grid_code"].to_numpy()[i])[0])
        near = [j for j in tree.query(geoms[g], predicate="touches") if j != g and grid_comm[j] == grid_comm[g]]
        if near:
            editor.set_code(int(editor.ids[i]), grid_codes[near[0]])
            moved += 1
        if moved == 40:
            break
    editor.refresh()
    check = metrics.plan_tiling_check(_plan_frame(editor, grids.crs), communities)
    assert check.ok, check.messages()
    assert check.overlap_width_m <= 0.001 and check.gap_width_m <= 0.001 and check.boundary_deviation_m <= 0.01
    # cells recut after an engine run are noded with their neighbours' cells
    code = grid_codes[0]
    editor.recut_cells({code: editor.grids[code].geometry})
    editor.refresh()
    assert metrics.plan_tiling_check(_plan_frame(editor, grids.crs), communities).ok
