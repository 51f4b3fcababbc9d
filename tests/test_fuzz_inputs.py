"""Property fuzz (issue 18): random perturbations of the sample street never make the planner
raise and keep every invariant of a plan.

Perturbations: a subset of the communities, households jittered and some set to zero, roads
deleted, buildings moved a few metres. Invariants: every building exactly once in the plan,
grid households add up to the buildings', every grid inside its community, every basic grid
in one piece. Derandomized and few examples, to stay quick.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shapely.affinity import translate

from gridplanner.algorithms import PlanParameters, plan_grids

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")

SAMPLE = "sample_data/demo_street.gpkg"
#: The smaller communities of the sample (124, 142 and 418 buildings).
CODES = ["330106004001", "330106004004", "330106004002"]


@pytest.fixture(scope="module")
def layers() -> dict[str, gpd.GeoDataFrame]:
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / SAMPLE
    return {name: gpd.read_file(path, layer=name) for name in ("buildings", "roads", "communities", "water",
                                                                "waterway")}


@settings(max_examples=8, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(communities=st.lists(st.sampled_from(CODES), min_size=1, max_size=2, unique=True),
       jitter=st.floats(0.0, 0.5), zeros=st.floats(0.0, 0.3), roads_kept=st.floats(0.3, 1.0),
       moved=st.integers(0, 20), seed=st.integers(0, 2**16))
# Half the roads gone left a 0.7 mm strip of land along community 004's edge; as an atom it
# joined, through a hairline, two pieces of one grid 356 m apart.
@example(communities=["330106004004", "330106004002"], jitter=0.0, zeros=0.0, roads_kept=0.5, moved=1, seed=167)
def test_perturbed_sample_plans_keep_every_invariant(layers, communities, jitter, zeros, roads_kept, moved,
                                                     seed) -> None:
    rng = np.random.default_rng(seed)
    comm = layers["communities"][layers["communities"]["code"].isin(communities)].reset_index(drop=True)
    area = shapely.union_all(comm.geometry.to_numpy())
    b = layers["buildings"]
    b = b[shapely.within(b.representative_point().to_numpy(), area)].reset_index(drop=True).copy()
    households = b["households"].to_numpy(dtype=float)
    households = np.round(households * rng.uniform(1 - jitter, 1 + jitter, len(b)))
    households[rng.random(len(b)) < zeros] = 0
    b["households"] = households.astype(np.int64)
    # Moved a few metres, staying in their community (moves out are the tessellation branch's).
    geoms = b.geometry.to_numpy().copy()
    for i in rng.choice(len(b), size=min(moved, len(b)), replace=False):
        shifted = translate(geoms[i], *rng.uniform(-3, 3, 2))
        if shapely.within(shapely.point_on_surface(shifted), area):
            geoms[i] = shifted
    b = b.set_geometry(list(geoms), crs=b.crs)
    roads = layers["roads"]
    roads = roads[rng.random(len(roads)) < roads_kept].reset_index(drop=True)

    result = plan_grids(b, roads, comm, [layers["water"], layers["waterway"]],
                        PlanParameters(seed=int(seed), building_id_field="bldg_id"))

    out = result.buildings
    assert len(out) == len(b)
    assert sorted(out["bldg_id"].tolist()) == sorted(b["bldg_id"].tolist())
    assert out["grid_code"].notna().all()
    grids = result.grids
    assert set(out["grid_code"]) == set(grids["grid_code"])
    assert int(grids["households"].sum()) == int(b["households"].sum())
    per_grid = out.groupby("grid_code")["households"].sum()
    assert (grids.set_index("grid_code")["households"] == per_grid.reindex(grids["grid_code"])).all()
    for _, grid in grids.iterrows():
        community = comm.loc[comm["code"] == grid["community_code"], "geometry"].iloc[0]
        assert shapely.area(shapely.difference(grid.geometry, shapely.buffer(community, 0.5))) < 1.0
    basic = grids[grids["grid_kind"] == "basic"]
    assert (basic["parts"] == 1).all(), basic[basic["parts"] != 1][["grid_code", "parts", "reason"]]
