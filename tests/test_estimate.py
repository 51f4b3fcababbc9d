"""estimate: households of buildings from floors, height and use."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from gridplanner.algorithms import InputError
from gridplanner.algorithms.estimate import EstimateParameters, estimate_households

CRS = "EPSG:4549"
X0, Y0 = 500000.0, 3350000.0


def _b(x0, y0, x1, y1):
    return box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def _estimate_frame():
    return gpd.GeoDataFrame({
        "households": [None, 12, 0, None, None, None],
        "population": [None, 30, None, None, None, None],
        "floors": [9, 5, 9, None, None, 9],
        "height": [None, None, None, 30.0, None, None],
        "use": ["residential", "residential", "apartments", "yes", "school", "residential"],
    }, geometry=[_b(0, 0, 10, 10), _b(20, 0, 30, 10), _b(40, 0, 50, 10), _b(60, 0, 70, 10),
                 _b(80, 0, 100, 20), Point(X0, Y0)], crs=CRS)


def test_estimate_households_keeps_known_counts():
    frame = _estimate_frame()
    before = frame.copy()
    out = estimate_households(frame, EstimateParameters(height_field="height", use_field="use"))
    # 100 m² × 9 floors × 0.8 / 90 m² = 8 households, 24 people
    assert list(out["households"].astype("float").fillna(-1)) == [8, 12, 0, 9, 0, -1]
    assert list(out["population"].astype("float").fillna(-1)) == [24, 30, 0, 27, 0, -1]
    assert list(out["hh_source"]) == ["estimated", "known", "known", "estimated", "not_residential",
                                      "no_footprint"]
    assert out["floor_area_m2"].iloc[3] == pytest.approx(1000)  # 30 m / 3 m = 10 floors
    assert frame.equals(before)  # the input is never modified
    filled = estimate_households(frame, EstimateParameters(fill_zero=True, dwelling_size_m2=60,
                                                           residential_share=1.0, people_per_household=2.5))
    assert filled["households"].iloc[2] == 15 and filled["population"].iloc[2] == 38
    assert filled["households"].iloc[3] == 2  # no floors, no height field: 1 floor by default
    assert filled["hh_source"].iloc[3] == "estimated_default_floors"


def test_estimate_households_errors():
    frame = _estimate_frame()
    with pytest.raises(InputError, match="field 'levels'"):
        estimate_households(frame, EstimateParameters(floors_field="levels"))
    with pytest.raises(InputError, match="residential share"):
        estimate_households(frame, EstimateParameters(residential_share=0))
    frame["floors"] = frame["floors"].astype(object)
    frame.loc[0, "floors"] = "many"
    with pytest.raises(InputError, match="field 'floors'.*'many'"):
        estimate_households(frame)
