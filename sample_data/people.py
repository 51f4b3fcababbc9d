#!/usr/bin/env python3
"""Deterministic generator of a synthetic roster and party-member list for a plan.

For ``gridplanner staff`` and ``gridplanner microgrids`` on the sample plan::

    bash scripts/run_sample.sh                                   # output/demo_plan.gpkg
    python sample_data/people.py output/demo_plan.gpkg \\
        --roster output/roster.csv --members output/members.csv
    gridplanner staff output/demo_plan.gpkg --roster output/roster.csv -o output/staffed.gpkg
    gridplanner microgrids output/demo_plan.gpkg --households-per-group 5-10 \\
        --members output/members.csv -o output/micro.gpkg

Everything is synthetic (names from common surnames and given names, phone numbers in the
reserved 138-0000 range). The roster has, per community, one full-time worker per grid
worker place the plan needs, a few part-time workers, and police and urban-management
officers (one per about five grids);
homes are residential buildings of the community, and three in five full-time workers keep
last year's grid (``previous_grid``). ``--short N`` leaves N worker places empty to show a
shortfall: it removes N full-time workers, one community after another (the first community
loses the first, the second the next …, around again while places remain), and gives those
communities no part-time worker, who would otherwise fill the empty places; ``staff`` then
reports N grids short. Members live in residential buildings drawn in
proportion to their households, about one per ``--households-per-member`` households.
A ``.xlsx`` name writes a workbook instead of CSV. The same seed gives the same lists.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红建国文斌辉鹏宇浩俊晨欣怡佳琳雪梅")


def _name(rng: np.random.Generator) -> str:
    return str(rng.choice(SURNAMES)) + "".join(rng.choice(GIVEN, size=int(rng.integers(1, 3))))


def make_people(plan_path: str, seed: int = 2026, short: int = 0, households_per_member: float = 12.0
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The roster and the member list of the plan at ``plan_path`` (see the module's doc)."""
    from gridplanner.algorithms.people import read_plan_layers
    from gridplanner.algorithms.staffing import grid_worker_need

    plan = read_plan_layers(plan_path)              # refuses a missing file, a non-plan, a plan without grids
    grids, buildings = plan.grids, plan.buildings
    id_field = plan.building_id_field or "bldg_id"
    if id_field not in buildings:
        raise SystemExit(f"{plan_path}: the buildings layer has no building id field {id_field!r}")
    max_households = plan.params.max_households
    households = pd.to_numeric(buildings["households"], errors="coerce").fillna(0)
    homes = buildings[(households > 0) & buildings[id_field].notna() & buildings["grid_code"].notna()].copy()
    homes = homes.drop_duplicates(subset=id_field, keep=False)    # ids the plan can match exactly
    homes["community"] = homes["grid_code"].astype(str).str[:12]
    need = grid_worker_need(grids["households"], grids["grid_kind"], max_households)
    communities = sorted(grids["community_code"].astype(str).unique())
    community_of = grids["community_code"].astype(str).to_numpy()
    places_of = {code: [g for g, n, c in zip(grids["grid_code"].astype(str), need, community_of) if c == code
                        for _ in range(int(n))] for code in communities}
    removed = _spread_shortfall(short, [len(places_of[code]) for code in communities])
    roster, phone = [], 0
    for c, code in enumerate(communities):
        rng = np.random.default_rng([seed, 1, c])
        mine = grids[grids["community_code"].astype(str) == code]
        places = places_of[code]
        local = homes[homes["community"] == code]
        ids = local[id_field].astype(int).astype(str).to_numpy() if len(local) else np.array([], dtype=object)
        full = len(places) - removed[c]
        people = ([("full-time", places[i] if rng.random() < 0.6 else "") for i in range(full)]
                  + [("part-time", "")] * (0 if removed[c] else max(1, len(mine) // 6))
                  + [("police", "")] * max(1, math.ceil(len(mine) / 5))
                  + [("urban", "")] * max(1, math.ceil(len(mine) / 6)))
        for i, (role, previous) in enumerate(people):
            phone += 1
            roster.append({"id": f"{code[-3:]}-{i + 1:03d}", "name": _name(rng), "role": role, "community": code,
                           "home_building": str(rng.choice(ids)) if len(ids) else "",
                           "previous_grid": previous, "phone": f"1380000{phone:04d}"})
    rng = np.random.default_rng([seed, 2])
    weights = pd.to_numeric(homes["households"], errors="coerce").to_numpy(dtype=float)
    count = int(round(weights.sum() / households_per_member))
    chosen = rng.choice(len(homes), size=count, p=weights / weights.sum()) if count else np.array([], dtype=int)
    member_ids = homes[id_field].astype(int).astype(str).to_numpy()
    members = pd.DataFrame({"id": [f"M{i + 1:05d}" for i in range(count)],
                            "name": [_name(rng) for _ in range(count)],
                            "home_building": member_ids[np.sort(chosen)]})
    return pd.DataFrame(roster), members


def _spread_shortfall(short: int, places: list[int]) -> list[int]:
    """Full-time workers to remove per community: ``short`` in all, one community after another
    while a community has places left."""
    if short < 0:
        raise SystemExit(f"--short must be 0 or more (got {short})")
    if short > sum(places):
        raise SystemExit(f"--short {short} is more than the {sum(places)} worker places of the plan")
    removed = [0] * len(places)
    while short:
        for c, total in enumerate(places):
            if short and removed[c] < total:
                removed[c] += 1
                short -= 1
    return removed


def _write(frame: pd.DataFrame, path: str, overwrite: bool) -> None:
    target = Path(path)
    if target.exists() and not overwrite:
        sys.exit(f"{target} exists; pass --overwrite to replace it")
    tmp = target.with_name(f".{target.stem}.tmp{target.suffix}")
    if target.suffix.lower() == ".xlsx":
        frame.to_excel(tmp, index=False)
    else:
        frame.to_csv(tmp, index=False, encoding="utf-8")
    os.replace(tmp, target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("plan", help="a plan GeoPackage written by 'gridplanner plan'")
    parser.add_argument("--roster", help="roster to write (.csv or .xlsx)")
    parser.add_argument("--members", help="member list to write (.csv or .xlsx)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--short", type=int, default=0,
                        help="worker places to leave empty, spread over the communities (their part-time "
                             "workers are left out too, so that staff reports the shortfall; default 0)")
    parser.add_argument("--households-per-member", type=float, default=12.0)
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    from gridplanner.algorithms.errors import InputError

    try:
        roster, members = make_people(args.plan, args.seed, args.short, args.households_per_member)
    except InputError as exc:
        sys.exit(f"{Path(sys.argv[0]).name}: {exc}")
    if args.roster:
        _write(roster, args.roster, args.overwrite)
        print(f"roster: {len(roster)} people ({(roster['role'] == 'full-time').sum()} full-time) -> {args.roster}")
    if args.members:
        _write(members, args.members, args.overwrite)
        print(f"members: {len(members)} -> {args.members}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
