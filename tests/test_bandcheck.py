"""The exact area check and the workload bounds against brute force on small areas."""

import numpy as np
import pytest

from gridplanner.algorithms import bandcheck
from gridplanner.algorithms.bandcheck import (
    _least_part_miss,
    _rooted_least_cover,
    band_miss,
    check_area,
)
from gridplanner.algorithms.metrics import (
    AreaLoad,
    ForcedUnit,
    workload_balance,
    workload_cv_bound,
    workload_ratio_bound,
)
from gridplanner.algorithms.partition import Band, forced_among, workload_gap

LOW, HIGH = 300, 500
BAND = Band(LOW, HIGH, 400)


def _area(seed: int, rows: int = 3, cols: int = 3):
    """A rows × cols lattice of household units (4-neighbour links), random sizes."""
    rng = np.random.default_rng(seed)
    n = rows * cols
    households = rng.integers(40, 420, size=n)
    links = {u: [] for u in range(n)}
    for r in range(rows):
        for c in range(cols):
            u = r * cols + c
            if c + 1 < cols:
                links[u].append(u + 1)
                links[u + 1].append(u)
            if r + 1 < rows:
                links[u].append(u + cols)
                links[u + cols].append(u)
    return households, links


def _connected(members, links) -> bool:
    members = set(members)
    start = next(iter(members))
    seen, stack = {start}, [start]
    while stack:
        v = stack.pop()
        for w in links[v]:
            if w in members and w not in seen:
                seen.add(w)
                stack.append(w)
    return seen == members


def _partitions(items):
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for part in _partitions(rest):
        for i in range(len(part)):
            yield part[:i] + [[first] + part[i]] + part[i + 1:]
        yield [[first]] + part


def _least_miss(households, links) -> float:
    """Brute force: the least summed band_miss over every partition into connected sets that
    each hold households (land without households joins some grid, never a grid of its own)."""
    best = np.inf
    for part in _partitions(list(range(len(households)))):
        if all(households[p].sum() > 0 and _connected(p, links) for p in part):
            totals = [int(households[p].sum()) for p in part]
            best = min(best, float(band_miss(totals, BAND).sum()))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_check_agrees_with_brute_force(seed):
    households, links = _area(seed)
    best = _least_miss(households, links)
    units = list(range(len(households)))
    workload = households.astype(float)
    mean = float(workload.sum()) / max(1, round(households.sum() / 400))
    if best == 0:
        found = check_area(units, households, workload, links, BAND, mean, violation=1.0)
        assert found.status == "feasible"
        covered = sorted(u for s in found.cover for u in s)
        assert covered == units
        assert all(_connected(s, links) and LOW <= households[list(s)].sum() <= HIGH for s in found.cover)
        return
    # told the optimum, the check proves nothing better exists
    assert check_area(units, households, workload, links, BAND, mean, violation=best).status == "proven"
    # told a worse figure, it finds a better plan, never one better than the optimum
    found = check_area(units, households, workload, links, BAND, mean, violation=best + 50)
    assert found.status == "better"
    assert best - 1e-6 <= found.violation < best + 50
    assert sorted(u for s in found.cover for u in s) == units
    assert all(_connected(s, links) for s in found.cover)
    if found.exact:
        assert found.violation == pytest.approx(best)


def test_a_compound_walled_in_by_large_ones_is_proven():
    households = np.array([200, 450, 460])          # 200 touches only compounds of 450 and 460
    links = {0: [1, 2], 1: [0], 2: [0]}
    found = check_area([0, 1, 2], households, households.astype(float), links, BAND, 370.0,
                       violation=float(band_miss([200, 450, 460], BAND).sum()))
    assert found.status == "proven"


def test_workload_bounds_follow_area_means_and_largest_units():
    # two grids of 400 beside a pocket of 230 cut off by a river: the pocket's grid holds it all
    areas = [AreaLoad(800.0, 2, (380.0, 300.0)), AreaLoad(230.0, 1, (230.0,))]
    assert workload_ratio_bound(areas) == pytest.approx(400 / 230)
    assert workload_cv_bound(areas) == pytest.approx(workload_balance([400, 400, 230])["cv"])
    # a unit of 600 in an area of 1000 shared by two grids: the other grid holds at most 400
    lumpy = [AreaLoad(1000.0, 2, (600.0, 100.0))]
    assert workload_ratio_bound(lumpy) == pytest.approx(600 / 400)
    assert workload_cv_bound(lumpy) == pytest.approx(workload_balance([600, 400])["cv"])
    # compounds of 480, 460 and 330 in an area of 1400 shared by three grids: each grid is
    # one compound at best, with the 130 households of small buildings joining the smallest
    three = AreaLoad(1400.0, 3, (480.0, 460.0, 330.0))
    assert list(three.evenest()) == pytest.approx([480, 460, 460])
    assert workload_ratio_bound([three]) == pytest.approx(480 / 460)


@pytest.mark.parametrize("seed", range(12))
def test_workload_bounds_hold_for_every_plan_of_an_area(seed):
    """No division of a small lattice into k contiguous grids beats either bound."""
    households, links = _area(seed)
    workload = households * np.random.default_rng(seed).uniform(1.0, 1.5, size=len(households))
    for k in (2, 3, 4):
        bound = [AreaLoad(float(workload.sum()), k, tuple(sorted(workload.tolist(), reverse=True)[:k]))]
        plans = [[float(workload[p].sum()) for p in part] for part in _partitions(list(range(9)))
                 if len(part) == k and all(_connected(p, links) for p in part)]
        assert min(workload_balance(p)["max_min_ratio"] for p in plans) >= workload_ratio_bound(bound) - 1e-9
        assert min(workload_balance(p)["cv"] for p in plans) >= workload_cv_bound(bound) - 1e-9


def _forced(households, workload, links) -> tuple[ForcedUnit, ...]:
    return forced_among(range(len(households)), households, workload, links, BAND)


def _walled(seed: int):
    """A 3 × 3 lattice whose middle row holds compounds walled in by large ones."""
    rng = np.random.default_rng(seed)
    households, links = _area(seed)
    households[:] = rng.choice([60, 150, 200, 280, 430, 460, 490], size=9)
    households[4] = rng.choice([150, 200, 280])           # the middle unit: small
    for u in (1, 3, 5, 7):
        households[u] = rng.choice([430, 460, 490])       # its four neighbours: large
    return households, links


@pytest.mark.parametrize("seed", range(10))
def test_workload_cv_bound_with_walled_in_units_holds_for_every_plan(seed):
    """Forced units tighten the CV bound, and no contiguous plan beats it, around any mean."""
    households, links = _walled(seed) if seed % 2 == 0 else _area(seed)
    workload = households * np.random.default_rng(seed).uniform(1.0, 1.5, size=len(households))
    forced = _forced(households, workload, links)
    if seed % 2 == 0:
        assert 4 in {f.key for f in forced}
    for k in (2, 3, 4, 5):
        plans = [[float(workload[p].sum()) for p in part] for part in _partitions(list(range(9)))
                 if len(part) == k and all(_connected(p, links) for p in part)]
        largest = tuple(sorted(workload.tolist(), reverse=True)[:k])
        area = AreaLoad(float(workload.sum()), k, largest, forced)
        for mean in (workload.sum() / k, 350.0, 450.0):
            least = min(sum((w - mean) ** 2 for w in p) for p in plans)
            assert least >= area.least_spread(mean) - 1e-6
            assert area.least_spread(mean) >= AreaLoad(area.total, k, largest).least_spread(mean) - 1e-9
        assert min(workload_balance(p)["cv"] for p in plans) >= workload_cv_bound([area]) - 1e-9


def test_a_walled_in_compound_tightens_the_cv_bound():
    # a compound of 200 whose neighbours are compounds of 450–480, buildings of 80 in the
    # corners (walled in as well): the 200's grid holds it alone or at least 650, where
    # granularity alone allows two grids of 260
    households, links = _area(0)
    households[:] = [80, 450, 80, 460, 200, 470, 80, 480, 80]
    workload = households.astype(float)
    forced = {f.key: f for f in _forced(households, workload, links)}
    assert sorted(forced) == [0, 2, 4, 6, 8]
    assert (forced[4].below, forced[4].above) == (200, 650)
    assert (forced[0].below, forced[0].above) == (80, 530)
    assert dict(forced[0].apart)[8] == 80 + 450 + 80 + 470 + 80     # opposite corners: around the top
    forced = tuple(forced.values())
    area = AreaLoad(2380.0, 6, (480.0, 470.0, 460.0, 450.0, 200.0, 80.0), forced)
    mean = 2380 / 6
    assert list(area.evenest()) == pytest.approx([480, 470, 460, 450, 260, 260])
    plain = float(((area.evenest() - mean) ** 2).sum())
    assert area.least_spread(mean) > plain + 1000


def test_workload_gap_is_none_where_a_set_fits_the_band():
    households = np.array([200, 150, 460])             # 200 + 150 = 350 fits
    links = {0: [1, 2], 1: [0], 2: [0]}
    assert workload_gap(0, households, households.astype(float), links, BAND) is None
    assert workload_gap(2, households, households.astype(float), links, BAND) is None


def test_least_part_miss_is_the_least_miss_of_any_split():
    """The bound the least-miss search cuts with is exact for a part's household total alone."""
    totals = np.arange(1, 1401)
    one = band_miss(np.arange(0, 1401), BAND)
    one[0] = np.inf                                   # a grid holds at least one household
    best_of = one.copy()                              # best of g grids, g = 1
    least = one.copy()
    for _ in range(3):                                # g = 2, 3, 4
        best_of = np.array([min(one[1:t] + best_of[t - 1:0:-1]) if t > 1 else np.inf
                            for t in range(1401)])
        least = np.minimum(least, best_of)
    assert [_least_part_miss(int(t), BAND) for t in totals] == pytest.approx(list(least[1:]))


def _area_with_land(seed: int):
    """A 3 × 3 lattice where two units are land without households (parks, empty blocks)."""
    households, links = _area(seed)
    rng = np.random.default_rng(1000 + seed)
    households[rng.choice(len(households), size=2, replace=False)] = 0
    return households, links


def _land_case(seed: int):
    """A lattice with land, its least miss by brute force, its nodes, the links between its
    household units (directly or through any land) and its workloads."""
    households, links = _area_with_land(seed)
    nodes = list(range(len(households)))
    relaxed = {u: {v: [] for v in nodes if v != u and households[v] > 0} for u in nodes}
    return households, links, _least_miss(households, links), nodes, relaxed, households.astype(float)


@pytest.mark.parametrize("seed", range(16))
def test_check_with_land_agrees_with_brute_force_on_contiguous_grids(seed):
    households, links, best, nodes, relaxed, workload = _land_case(seed)
    mean = float(workload.sum()) / max(1, round(households.sum() / 400))
    found = check_area(nodes, households, workload, relaxed, BAND, mean, best + 50, adjacency=links)
    assert found.status in ("feasible", "better")
    assert sorted(u for s in found.cover for u in s if households[u] > 0) == \
        [u for u in nodes if households[u] > 0]
    assert all(_connected(s, links) for s in found.cover)
    assert len(set().union(*found.cover)) == sum(len(s) for s in found.cover)   # land used once
    if found.exact:
        assert float(band_miss([households[list(s)].sum() for s in found.cover], BAND).sum()) \
            == pytest.approx(best)
    if best > 0:
        assert check_area(nodes, households, workload, relaxed, BAND, mean, best,
                          adjacency=links).status == "proven"


def test_land_two_grids_would_both_need_is_not_shared():
    """Four blocks of 250 households touch only a park in their middle: a grid of two of them
    needs the park, so only one such grid can exist."""
    households = np.array([250, 250, 250, 250, 0])
    links = {0: [4], 1: [4], 2: [4], 3: [4], 4: [0, 1, 2, 3]}
    relaxed = {u: {v: [4] for v in range(4) if v != u} for u in range(4)}
    nodes = list(range(5))
    workload = households.astype(float)
    assert check_area(nodes, households, workload, relaxed, BAND, 500.0).status == "feasible"
    found = check_area(nodes, households, workload, relaxed, BAND, 500.0, violation=1e6,
                       adjacency=links)
    assert found.status == "better" and found.exact
    assert sorted(int(households[list(s)].sum()) for s in found.cover) == [250, 250, 500]


@pytest.mark.parametrize("seed", range(16))
def test_rooted_search_finds_the_least_miss_of_contiguous_grids(seed):
    """The search that grows sets from one root at a time, never listing them all, reaches the
    brute-force optimum, with land claimed once and only where a grid needs it."""
    households, links = _area_with_land(seed)
    best = _least_miss(households, links)
    units = [u for u in range(9) if households[u] > 0]
    land = [u for u in range(9) if households[u] == 0]
    workload = households.astype(float)
    value, cover, complete, _ = _rooted_least_cover(units, land, households, workload, links, BAND,
                                                    1, 10_000, np.inf, 400.0, 10**7)
    assert complete and value == pytest.approx(best)
    assert sorted(u for s in cover for u in s if households[u] > 0) == units
    assert all(_connected(s, links) for s in cover)
    assert len(set().union(*cover)) == sum(len(s) for s in cover)
    assert float(band_miss([households[list(s)].sum() for s in cover], BAND).sum()) == pytest.approx(best)
    # asked for nothing worse than the optimum, it proves there is nothing better
    _, none, complete, _ = _rooted_least_cover(units, land, households, workload, links, BAND,
                                               1, 10_000, best, 400.0, 10**7)
    assert complete and none is None


def test_rooted_search_settles_a_large_area_in_few_steps():
    """Two mid-sized units (240 and 288 households) that reach the rest only through a large
    one (448), beside 30 small units of 30: the least miss is the pair as one grid over the
    maximum (528), the large unit alone and the small ones in two grids. Growing every set
    of a small unit before trying one did not finish in five million steps; trying sets in
    the band as they are grown, and covering each free part on its own, takes a few hundred."""
    households, links = _area(0, rows=5, cols=6)
    households[:] = 30
    households = np.concatenate([households, [448, 240, 288]])
    big, first, second = 30, 31, 32
    links.update({big: [0, 6, first, second], first: [big, second], second: [big, first]})
    links[0].append(big)
    links[6].append(big)
    units = list(range(33))
    workload = households.astype(float)
    expected = float(band_miss(528, BAND))
    current = float(band_miss([240, 288], BAND).sum())         # each of the pair alone
    value, cover, complete, steps = _rooted_least_cover(units, [], households, workload, links, BAND,
                                                        LOW - 151, HIGH + 151, current, 400.0, 2_000)
    assert complete and value == pytest.approx(expected)
    assert {frozenset({first, second}), frozenset({big})} <= set(cover)
    assert steps < 2_000


@pytest.mark.parametrize("seed", range(16))
def test_check_answers_both_questions_exactly(seed):
    """Given room, the check finds the optimum and says whether the band itself is possible."""
    households, links, best, nodes, relaxed, workload = _land_case(seed)
    found = check_area(nodes, households, workload, relaxed, BAND, 400.0, best + 50, adjacency=links)
    if best == 0:
        assert found.status == "feasible" and not found.band_impossible
    else:
        assert found.status == "better" and found.exact and found.band_impossible
        assert found.violation == pytest.approx(best)
        assert check_area(nodes, households, workload, relaxed, BAND, 400.0, best,
                          adjacency=links).status == "proven"
    assert all(_connected(s, links) for s in found.cover)
    assert sorted(u for s in found.cover for u in s if households[u] > 0) == \
        [u for u in nodes if households[u] > 0]


@pytest.mark.parametrize("budget", [1, 3, 10, 30])
@pytest.mark.parametrize("seed", range(8))
def test_a_search_out_of_budget_never_claims_a_proof(seed, budget, monkeypatch):
    """Cut short, the check says it did not decide; whatever it does claim is true."""
    monkeypatch.setattr(bandcheck, "SEARCH_BUDGET", budget)
    households, links, best, nodes, relaxed, workload = _land_case(seed)
    found = check_area(nodes, households, workload, relaxed, BAND, 400.0, best + 50, adjacency=links)
    assert found.status in ("unknown", "feasible", "better")
    assert found.band_impossible <= (best > 0)
    if found.status == "feasible":
        assert best == 0
    if found.status == "better":
        assert found.violation >= best - 1e-6
        assert found.exact <= (found.violation == pytest.approx(best))


def test_grids_of_thousands_of_small_units_are_decided():
    """A village street of 6,000 one-household buildings in a row: each grid is grown one
    building per call, thousands deep, and the check still decides."""
    n = 6000
    households = np.ones(n, dtype=np.int64)
    links = {i: [j for j in (i - 1, i + 1) if 0 <= j < n] for i in range(n)}
    found = check_area(list(range(n)), households, households.astype(float), links, Band(1500, 2500, 2000),
                       2000.0, 10.0, adjacency=links)
    assert found.status == "feasible"
    assert sorted(u for s in found.cover for u in s) == list(range(n))
    assert all(1500 <= len(s) <= 2500 for s in found.cover)
