"""The yearly review (``replan``): fewest changes, stable codes, the cap, the change layers.

Planned on the bundled demo street (last year's plan: ``plan`` with the README's options) and
on "one year later" versions of it made by ``bench/yearlater.py`` (household drift, demolished
old lanes, new compounds on empty land, grids pushed out of the band); the real-data case runs
on the shared OpenStreetMap extract of Beijing Wudaokou.
"""

from __future__ import annotations

import shutil

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from bench.yearlater import year_later
from gridplanner.algorithms import PlanParameters, plan_grids, read_layer
from gridplanner.algorithms.numbering import sequence_of
from gridplanner.algorithms.replan import (
    KEPT,
    MATCH_OVERLAP,
    PreviousPlan,
    match_buildings,
    render_replan_report,
    replan_grids,
)
from gridplanner.cli import main

pytestmark = [pytest.mark.slow,
              pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning",
                                         "ignore::DeprecationWarning")]


def _params() -> PlanParameters:
    return PlanParameters.from_options(building_id_field="bldg_id", dedicated_field="dedicated_site", seed=1)


@pytest.fixture(scope="module")
def street(sample_gpkg):
    def layer(name):
        return read_layer(f"{sample_gpkg}|layername={name}")

    return {"buildings": layer("buildings"), "roads": layer("roads"), "communities": layer("communities"),
            "water": [layer("water"), layer("waterway")]}


@pytest.fixture(scope="module")
def last_year(street, tmp_path_factory):
    result = plan_grids(street["buildings"], street["roads"], street["communities"], street["water"], _params())
    path = tmp_path_factory.mktemp("replan") / "last_year.gpkg"
    result.write(path)
    return path, PreviousPlan.read(path)


def _replan(street, previous, buildings=None, **kwargs):
    return replan_grids(previous, street["buildings"] if buildings is None else buildings, street["roads"],
                        street["communities"], street["water"], _params(), **kwargs)


def _later(street, previous, **kwargs):
    return year_later(street["buildings"], previous.grids, street["communities"], street["roads"],
                      plan_buildings=previous.buildings, **kwargs).buildings


def test_unchanged_input_gives_the_same_plan(street, last_year):
    path, previous = last_year
    result = _replan(street, path, compare_fresh=False)
    assert result.figures["households_moved"] == 0
    assert (result.grids["change"] == KEPT).all()
    assert len(result.retired_grids) == 0 and len(result.changes) == 0
    old = previous.grids.set_index("grid_code")
    new = result.grids.set_index("grid_code")
    assert set(old.index) == set(new.index)
    for code, row in new.iterrows():
        assert shapely.equals_exact(row.geometry, old.loc[code].geometry, 1e-9), code
        assert row["households"] == old.loc[code, "households"]
        assert row["status"] == old.loc[code, "status"]
        assert row["reason"] == old.loc[code, "reason"]
    assert (result.buildings["grid_code"] == result.buildings["previous_grid_code"]).all()


def _rings(grids: gpd.GeoDataFrame, codes: set[str], rings: int) -> set[str]:
    """``codes`` and the grids within ``rings`` steps of shared edges of them."""
    out = set(codes)
    geom = dict(zip(grids["grid_code"], grids.geometry))
    for _ in range(rings):
        union = shapely.union_all([geom[c] for c in out])
        out |= {c for c, g in geom.items()
                if shapely.length(shapely.intersection(shapely.boundary(union), g)) > 0.5}
    return out


def test_only_broken_grids_and_their_neighbours_change(street, last_year):
    path, previous = last_year
    buildings = _later(street, previous, seed=5, drift=0.0, lanes=0, new_compounds=0, push=2)
    result = _replan(street, path, buildings=buildings, compare_fresh=False)
    old = previous.grids.set_index("grid_code")
    carried = result.buildings.groupby("previous_grid_code")["households"].sum()
    broken = {c for c in old.index if old.loc[c, "status"] == "ok" and carried.get(c, 0) > 500}
    assert broken, "the generator pushed no grid out of the band"
    changed = set(result.grids.loc[result.grids["change"] != KEPT, "grid_code"]) | \
        set(result.retired_grids["grid_code"])
    allowed = _rings(previous.grids, broken, 3)
    assert changed - set(old.index) or changed, "nothing was repaired"
    assert (changed & set(old.index)) <= allowed
    # no grid that was fine and not pushed is broken now; a pushed grid is back in the band or
    # says why not (its buildings alone cannot make grids in the band, no neighbour could take
    # enough of them)
    new = result.grids.set_index("grid_code")
    fine_before = [c for c in new.index if c in old.index and old.loc[c, "status"] == "ok" and c not in broken]
    assert (new.loc[fine_before, "status"] == "ok").all()
    pushed = [c for c in broken if c in new.index]
    assert any(new.loc[c, "status"] == "ok" for c in pushed) or len(pushed) < len(broken)
    for c in pushed:
        assert new.loc[c, "status"] == "ok" or new.loc[c, "reason"]
    moved = result.figures["households_moved"]
    assert 0 < moved < 0.05 * result.figures["households"]
    # the moved buildings are the changes layer, and the grids' in/out sums agree with it
    assert int(result.changes["households"].sum()) == moved
    assert int(result.grids["households_moved_in"].sum()) == moved == \
        int(result.grids["households_moved_out"].sum()) + int(result.retired_grids["households_moved_out"].sum())


def test_year_later_codes_cap_and_layers(street, last_year, tmp_path):
    path, previous = last_year
    buildings = _later(street, previous, seed=3)
    result = _replan(street, path, buildings=buildings, compare_fresh=True)
    f = result.figures
    assert f["buildings_new"] == 8 and f["buildings_demolished"] == 24 and f["matched_by"] == "id"
    assert f["households_moved"] < f["fresh_households_moved"]
    old_codes = set(previous.grids["grid_code"])
    new_grids = result.grids[result.grids["change"] == "new"]
    assert not set(new_grids["grid_code"]) & old_codes
    kept = result.grids[result.grids["change"] == KEPT]
    assert set(kept["grid_code"]) <= old_codes
    assert (kept["households_moved_in"] == 0).all() and (kept["households_moved_out"] == 0).all()
    # kept grids: last year's polygon exactly, and the same buildings
    old_geometry = dict(zip(previous.grids["grid_code"], previous.grids.geometry))
    assert all(shapely.equals_exact(g, old_geometry[c], 0) for c, g in zip(kept["grid_code"], kept.geometry))
    b_new = result.buildings
    for code in kept["grid_code"]:
        now = set(b_new.loc[b_new["grid_code"] == code, "bldg_id"].astype(str))
        before = set(previous.buildings.loc[previous.buildings["grid_code"] == code, "bldg_id"].astype(str))
        assert now == before, code
    # a changed grid holds more than half of the households of its code's grid last year
    b = result.buildings
    for code in result.grids.loc[result.grids["change"] == "changed", "grid_code"]:
        had = b[b["previous_grid_code"] == code]
        assert had["households"].sum() == 0 or \
            had.loc[had["grid_code"] == code, "households"].sum() > 0.5 * had["households"].sum()
    out = tmp_path / "year1.gpkg"
    result.write(out)
    names = set(pyogrio.list_layers(out)[:, 0])
    assert {"grids", "buildings", "problems", "retired_grids", "changes", "demolished_buildings"} <= names
    html = render_replan_report(result)
    assert "data:image/png;base64" in html

    # Deterministic: the same inputs and seed give the same re-plan.
    again = _replan(street, path, buildings=buildings, compare_fresh=False)
    assert again.grids["grid_code"].tolist() == result.grids["grid_code"].tolist()
    assert again.buildings["grid_code"].tolist() == result.buildings["grid_code"].tolist()

    # The cap: at most the share asked for changes grid, and the grids it stops say so.
    capped = _replan(street, path, buildings=buildings, compare_fresh=False, max_moved=0.005)
    assert capped.figures["households_moved"] <= 0.005 * capped.figures["households"]
    assert capped.figures["households_moved"] < result.figures["households_moved"]
    assert capped.grids["reason"].str.contains("--max-moved 0.005", regex=False).any()

    # A second year: codes retired or used before are never given again.
    previous2 = PreviousPlan.read(out)
    history = {c for codes in previous2.metadata["code_history"].values() for c in codes}
    assert old_codes <= history and set(result.grids["grid_code"]) <= history
    buildings2 = year_later(result.buildings.drop(columns=["grid_code", "previous_grid_code", "building_change"]),
                            result.grids, street["communities"], street["roads"], seed=11, lanes=1,
                            new_compounds=3, push=2, plan_buildings=result.buildings).buildings
    second = replan_grids(previous2, buildings2, street["roads"], street["communities"], street["water"], _params(),
                          compare_fresh=False)
    fresh_codes = set(second.grids.loc[second.grids["change"] == "new", "grid_code"])
    # (Whether year two needs new grids depends on the repairs; year one's are checked above.)
    assert len(new_grids) and not fresh_codes & history
    for community, codes in second.metadata["code_history"].items():
        top = max(sequence_of(community, c) for c in history if c.startswith(community))
        assert all(sequence_of(community, c) > top for c in fresh_codes if c.startswith(community))
        assert set(previous2.metadata["code_history"][community]) <= set(codes)


def test_locked_grids_are_never_replanned(street, last_year):
    path, previous = last_year
    buildings = _later(street, previous, seed=5, drift=0.0, lanes=0, new_compounds=0, push=2)
    grids = previous.grids.copy()
    carried = buildings.merge(previous.buildings[["bldg_id", "grid_code"]], on="bldg_id")
    pushed = {c for c, h in carried.groupby("grid_code")["households"].sum().items()
              if h > 500 and grids.set_index("grid_code").loc[c, "status"] == "ok"}
    assert pushed
    grids["locked"] = grids["grid_code"].isin(pushed).astype(int)
    locked = PreviousPlan(grids=grids, buildings=previous.buildings, metadata=previous.metadata)
    result = _replan(street, locked, buildings=buildings, compare_fresh=False)
    new = result.grids.set_index("grid_code")
    for code in pushed:
        assert new.loc[code, "change"] == KEPT and new.loc[code, "locked"] == 1
        assert new.loc[code, "households_moved_in"] == 0 == new.loc[code, "households_moved_out"]
    assert result.figures["households_moved"] == 0 or \
        not (set(result.changes["from_grid"]) | set(result.changes["to_grid"])) & pushed


def test_matching_by_footprint_overlap():
    squares = [shapely.box(x, 0, x + 10, 10) for x in range(0, 100, 20)]
    moved = [shapely.affinity.translate(g, 0.2, 0.1) for g in squares[:4]]    # redigitised: shifted 20 cm
    moved.append(shapely.box(200, 0, 210, 10))                                  # a new building
    moved[2] = shapely.box(40, 0, 50, 30)                                       # the same, grown upward
    match = match_buildings(moved, [5, 5, 5, 6, 9], squares, [5, 5, 5, 5, 5])
    assert match.method == "overlap"
    assert match.previous.tolist() == [0, 1, 2, 3, -1]
    assert match.change.tolist() == ["same", "same", "changed", "changed", "new"]
    assert match.demolished.tolist() == [4]
    # below the threshold of the smaller footprint, no match
    far = [shapely.affinity.translate(squares[0], 10 * (1 - MATCH_OVERLAP) + 0.5, 0)]
    assert match_buildings(far, [5], squares[:1], [5]).previous.tolist() == [-1]


def test_duplicate_ids_fall_back_to_overlap():
    squares = [shapely.box(x, 0, x + 10, 10) for x in range(0, 60, 20)]
    match = match_buildings(squares, [1, 1, 1], squares, [1, 1, 1], ids=["a", "a", "b"], old_ids=["a", "a", "b"])
    assert match.previous.tolist() == [0, 1, 2]
    assert (match.change == "same").all()


def test_cli_replan(street, last_year, sample_gpkg, tmp_path, capsys):
    path, previous = last_year
    year = tmp_path / "year.gpkg"
    _later(street, previous, seed=3).to_file(year, layer="buildings")
    out = tmp_path / "new.gpkg"
    src = f"{sample_gpkg}|layername="
    args = ["replan", "--previous", str(path), "--buildings", f"{year}|layername=buildings",
            "--roads", src + "roads", "--communities", src + "communities", "--water", src + "water",
            "--water", src + "waterway", "--building-id-field", "bldg_id", "--dedicated-field", "dedicated_site",
            "--seed", "1", "-o", str(out), "--report", str(tmp_path / "changes.html"), "--max-moved", "0.05",
            "--quiet"]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "households moved to another grid" in text and "a fresh plan of the same inputs would move" in text
    assert (tmp_path / "changes.html").is_file()
    assert main(args) == 2            # refuses to overwrite without --overwrite
    assert main(args[:-3] + ["--max-moved", "1.5", "--overwrite"]) == 2


def test_replan_on_real_data_with_drift(repo_root, tmp_path_factory):
    shared = repo_root.parent / "shared" / "data" / "osm" / "beijing_haidian_wudaokou.osm"
    if not shared.is_file():
        pytest.skip(f"the shared OpenStreetMap extract is not at {shared}")
    folder = tmp_path_factory.mktemp("wudaokou_replan")
    osm = folder / shared.name
    shutil.copyfile(shared, osm)
    layers = folder / "layers.gpkg"
    assert main(["prepare-osm", str(osm), "-o", str(layers)]) == 0
    src = f"{layers}|layername="
    plan = folder / "plan.gpkg"
    assert main(["plan", "--buildings", src + "buildings", "--roads", src + "roads", "--water", src + "water",
                 "--water", src + "waterway", "--compounds", src + "compounds", "--building-id-field", "osm_id",
                 "--seed", "1", "-o", str(plan), "--quiet"]) == 0
    previous = PreviousPlan.read(plan)
    buildings = read_layer(src + "buildings")
    roads = read_layer(src + "roads")
    later = year_later(buildings, previous.grids, None, roads, seed=2, lanes=1, new_compounds=1, push=1,
                       id_field="osm_id", compound_field="compound_id", plan_buildings=previous.buildings)
    params = PlanParameters.from_options(building_id_field="osm_id", seed=1)
    result = replan_grids(previous, later.buildings, roads, None, [read_layer(src + "water"),
                                                                    read_layer(src + "waterway")],
                          params, compounds=read_layer(src + "compounds"))
    f = result.figures
    assert f["buildings_new"] == later.new_buildings and f["buildings_demolished"] == later.demolished
    assert f["households_moved"] <= f["fresh_households_moved"]
    # the band where the fresh plan restores it: the re-plan leaves no more grids outside it
    fresh = result.fresh
    assert fresh is not None
    assert result.summary["grids_outside_band"] <= fresh.summary["grids_outside_band"] + 1
    assert not set(result.grids.loc[result.grids["change"] == "new", "grid_code"]) & set(previous.grids["grid_code"])
    np.testing.assert_array_equal(
        result.buildings["previous_grid_code"].notna().to_numpy(),
        (result.buildings["building_change"] != "new").to_numpy())


def test_give_back_returns_a_moved_atom(street):
    """FewestMoves' step: an atom the engine put in a neighbouring grid goes back to the grid
    continuing its previous grid when that keeps both grids connected and in the band."""
    import copy

    from gridplanner.algorithms.partition import partition_community
    from gridplanner.algorithms.partition.adjacency import connected_parts, planning_adjacency
    from gridplanner.algorithms.planner import build_community_graph, build_tasks
    from gridplanner.algorithms.prepare import prepare_inputs
    from gridplanner.algorithms.replan import MOVABLE_KINDS, give_back

    params = _params()
    prep = prepare_inputs(street["buildings"], street["roads"], street["communities"], street["water"], params)
    task = next(t for t in build_tasks(prep, params) if t.code == "330106004005")
    graph = build_community_graph(task)
    drafts = partition_community(graph, params.band, np.random.default_rng(1), pocket_households=100)
    label = np.full(graph.n, -1)
    for g, d in enumerate(drafts):
        label[d.atoms] = g
    start = np.array([f"G{g}" for g in label], dtype=object)
    adj = planning_adjacency(graph, graph.kind != "water")
    basic = {g for g, d in enumerate(drafts) if d.kind == "basic"}
    moved = None
    for a in np.argsort(graph.households):
        if graph.households[a] <= 0 or graph.group_kind[a] not in MOVABLE_KINDS or label[a] not in basic:
            continue
        home = int(label[a])
        touches = {int(label[b]) for b, _, _ in adj[a]}
        others = sorted(touches & basic - {home})
        members = [b for b in np.flatnonzero(label == home) if b != a]
        if home in touches and others and members and len(connected_parts(members, adj)) == 1 and \
                len(connected_parts(np.flatnonzero(label == others[0]), adj)) == 1:
            moved = (int(a), home, others[0])
            break
    assert moved is not None
    a, home, other = moved
    perturbed = copy.deepcopy(drafts)
    perturbed[home].atoms.remove(a)
    perturbed[other].atoms.append(a)
    back = give_back(graph, params.band, perturbed, start)
    assert a in back[home].atoms and a not in back[other].atoms
    assert [sorted(d.atoms) for d in back] == [sorted(d.atoms) for d in drafts]


# --- The README's yearly review as a new user runs it (sample_data/year_later.py) --------------

@pytest.fixture(scope="module")
def readme_year(street, last_year, tmp_path_factory):
    """The README's example: last year's demo plan, ``sample_data/year_later.py``'s buildings
    (300–302 +150 households, 700–739 demolished, building 5000 with 80 households) written to
    a file, and the README's ``replan`` line with ``--max-moved 0.05``."""
    from year_later import year_later as readme_year_later

    folder = tmp_path_factory.mktemp("readme_year")
    buildings = folder / "buildings_2027.gpkg"
    readme_year_later(street["buildings"]).to_file(buildings, layer="buildings")
    path, previous = last_year
    plan = folder / "plan_2027.gpkg"
    src = f"{REPO_SAMPLE}|layername="
    args = ["replan", "--previous", str(path), "--buildings", f"{buildings}|layername=buildings",
            "--roads", src + "roads", "--communities", src + "communities", "--water", src + "water",
            "--water", src + "waterway", "--building-id-field", "bldg_id", "--dedicated-field", "dedicated_site",
            "--seed", "1", "-o", str(plan), "--max-moved", "0.05", "--quiet"]
    assert main(args) == 0
    return folder, previous, pyogrio.read_dataframe(plan, layer="grids"), \
        pyogrio.read_dataframe(plan, layer="problems")


REPO_SAMPLE = __import__("pathlib").Path(__file__).resolve().parent.parent / "sample_data" / "demo_street.gpkg"


def test_readme_year_tiles_and_exports(readme_year):
    """Redrawn grids fit the kept ones (no tiling problem) while kept grids keep last year's
    polygons exactly, so that ``export`` accepts the plan's tiling."""
    folder, previous, grids, problems = readme_year
    assert not (problems["kind"] == "tiling").any(), problems.loc[problems["kind"] == "tiling", "message"].tolist()
    old = previous.grids.set_index("grid_code")
    kept = grids[grids["change"] == KEPT]
    assert len(kept) > 50 and (grids["change"] != KEPT).any()
    for _, row in kept.iterrows():
        assert shapely.equals_exact(row.geometry, old.loc[row["grid_code"]].geometry, 1e-9), row["grid_code"]
    out = folder / "g.gpkg"
    main(["export", str(folder / "plan_2027.gpkg"), "-o", str(out), "--force"])
    assert out.is_file()


def test_readme_year_repairs_every_grid_whose_households_changed(readme_year):
    """A grid that breaks a rule this year is repaired (330106004001001, 275 → 725 households
    in a one-grid community, splits), never kept with last year's reason."""
    _, previous, grids, _ = readme_year
    old = previous.grids.set_index("grid_code")
    bad_kept = grids[(grids["change"] == KEPT) & (grids["status"] != "ok") & (grids["grid_kind"] == "basic")]
    for _, row in bad_kept.iterrows():
        assert row["households"] == old.loc[row["grid_code"], "households"], row["grid_code"]
    first = grids[grids["community_code"] == "330106004001"]
    assert len(first) == 2 and (first["status"] == "ok").all()


def test_readme_year_proofs_of_a_repair_area_are_not_the_communitys(readme_year, street):
    """A reason found on a repair area never claims the community's households and never sets
    ``band_forced`` (which ``export`` trusts)."""
    _, _, grids, _ = readme_year
    for _, row in grids[grids["reason"].fillna("").str.contains("the community has")].iterrows():
        community = grids[grids["community_code"] == row["community_code"]]
        assert f"the community has {int(community['households'].sum())} households" in row["reason"], row["reason"]
    area = grids[grids["reason"].fillna("").str.startswith("in this repair area")]
    assert len(area) and (area["band_forced"] == 0).all()
    for code in ("330106004003023", "330106004004007"):
        row = grids[grids["grid_code"] == code].iloc[0]
        if row["status"] != "ok":
            assert row["band_forced"] == 0 and "the community has" not in row["reason"]


def test_dedicated_grid_reason_once_with_its_site(street, last_year):
    """Each dedicated grid says once which site it serves, never its own code as the site."""
    path, previous = last_year
    result = _replan(street, path, compare_fresh=False)
    dedicated = result.grids[result.grids["grid_kind"] == "dedicated"]
    assert len(dedicated)
    old = previous.grids.set_index("grid_code")
    for _, row in dedicated.iterrows():
        assert row["reason"].count("dedicated grid") == 1, row["reason"]
        assert row["grid_code"] not in row["reason"]
        assert row["reason"] == old.loc[row["grid_code"], "reason"]
    problems = result.problems[result.problems["feature_id"].astype(str).isin(set(dedicated["grid_code"]))]
    assert len(problems) == len(dedicated)
    for message in problems["message"]:
        assert message.count("dedicated grid") == 1 and "330106" not in message, message


def test_cli_replan_requires_buildings(last_year, tmp_path, capsys):
    path, _ = last_year
    # argparse refuses the missing required option (exit code 2) before anything is read
    with pytest.raises(SystemExit) as refused:
        main(["replan", "--previous", str(path), "-o", str(tmp_path / "nob.gpkg"), "--quiet"])
    assert refused.value.code == 2
    assert "--buildings" in capsys.readouterr().err
    assert not (tmp_path / "nob.gpkg").exists()
