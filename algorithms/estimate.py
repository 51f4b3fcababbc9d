"""Estimate households and population of buildings from their footprint and height.

For areas where only footprints are known (OpenStreetMap, survey outlines): gross floor
area = footprint area × floors (or height ÷ storey height); households = floor area ×
residential share ÷ mean dwelling size; population = households × people per household.
Known counts are kept; only missing values (and, when asked, zeros) are filled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .errors import InputError, PlanCancelled
from .prepare import working_crs_for

#: ``use`` values treated as residential when a use field is given (OpenStreetMap
#: ``building=*`` values and the sample data's ``use``). ``yes`` is OSM's "some building".
RESIDENTIAL_VALUES: tuple[str, ...] = (
    "residential", "apartments", "house", "detached", "semidetached_house", "terrace",
    "dormitory", "bungalow", "mixed", "yes", "住宅",
)

#: Values of the ``hh_source`` column written by :func:`estimate_households`.
SOURCES = ("known", "estimated", "estimated_default_floors", "not_residential", "no_footprint")


@dataclass(frozen=True)
class EstimateParameters:
    """How to turn footprints into households.

    ``floors_field`` (storeys) is used first, then ``height_field`` ÷ ``storey_height_m``,
    then the default: ``default_floors_by_use`` of the building's ``use_field`` value
    (keys compared in lower case) when it has one, else ``default_floors``. Buildings whose
    ``use_field`` value is not in ``residential_values`` get 0 households. ``fill_zero`` also
    replaces known zeros.
    """

    households_field: str = "households"
    population_field: str | None = "population"
    floors_field: str | None = "floors"
    height_field: str | None = None
    storey_height_m: float = 3.0
    default_floors: float = 1.0
    residential_share: float = 0.8
    dwelling_size_m2: float = 90.0
    people_per_household: float = 3.0
    use_field: str | None = None
    residential_values: tuple[str, ...] = RESIDENTIAL_VALUES
    fill_zero: bool = False
    default_floors_by_use: Mapping[str, float] = field(default_factory=dict)

    def validate(self) -> None:
        """Raise :class:`InputError` for parameters that cannot give an estimate."""
        if not 0 < self.residential_share <= 1:
            raise InputError(f"the residential share must be in (0, 1], got {self.residential_share}")
        for name in ("dwelling_size_m2", "people_per_household", "storey_height_m", "default_floors"):
            if not getattr(self, name) > 0:
                raise InputError(f"{name.replace('_', ' ')} must be > 0, got {getattr(self, name)}")
        for use, floors in self.default_floors_by_use.items():
            if not floors > 0:
                raise InputError(f"default floors of '{use}' must be > 0, got {floors}")


def _numbers(frame: gpd.GeoDataFrame, name: str, what: str) -> pd.Series:
    if name not in frame.columns:
        available = ", ".join(c for c in frame.columns if c != frame.geometry.name) or "(none)"
        raise InputError(f"{what} field '{name}' not found; available fields: {available}",
                         layer="buildings", field=name)
    raw = frame[name]
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() & raw.notna() & (raw.astype(str).str.strip() != "")
    if bad.any():
        raise InputError(f"non-numeric value {raw[bad].iloc[0]!r} in feature {bad[bad].index[0]}; "
                         "the field must hold numbers", layer="buildings", field=name)
    if (values < 0).any():
        raise InputError(f"negative value in feature {values[values < 0].index[0]}", layer="buildings",
                         field=name)
    return values.astype(float)


#: Values of the basis returned by :func:`floors_and_basis`.
FLOOR_BASES = ("floors", "height", "default")


def floors_and_basis(buildings: gpd.GeoDataFrame, params: EstimateParameters) -> tuple[np.ndarray, np.ndarray]:
    """Floors of each building and what they come from (one of :data:`FLOOR_BASES`).

    ``floors``: the floors field (values > 0); ``height``: height ÷ storey height, rounded,
    at least 1; ``default``: ``default_floors_by_use`` of the use value, else ``default_floors``.
    """
    floors = pd.Series(np.nan, index=buildings.index)
    basis = np.full(len(buildings), "default", dtype=object)
    if params.floors_field:
        floors = _numbers(buildings, params.floors_field, "floors")
        floors = floors.where(floors > 0)
        basis[floors.notna().to_numpy()] = "floors"
    if params.height_field:
        height = _numbers(buildings, params.height_field, "height")
        from_height = np.maximum(1.0, np.round(height / params.storey_height_m))
        use_height = (floors.isna() & (height > 0)).to_numpy()
        floors = floors.fillna(from_height.where(height > 0))
        basis[use_height] = "height"
    default = pd.Series(float(params.default_floors), index=buildings.index)
    if params.default_floors_by_use and params.use_field and params.use_field in buildings.columns:
        by_use = {str(k).strip().lower(): float(v) for k, v in params.default_floors_by_use.items()}
        uses = buildings[params.use_field].astype(str).str.strip().str.lower()
        default = uses.map(by_use).fillna(params.default_floors)
    floors = floors.fillna(default)
    return floors.to_numpy(dtype=float), basis


def floor_area(buildings: gpd.GeoDataFrame, params: EstimateParameters) -> tuple[np.ndarray, np.ndarray]:
    """Gross floor area (m²) of each building, and whether the default floor count was used.

    The footprint area is measured in a metric CRS (the layer's own if projected, else the
    CGCS2000 Gauss-Krüger zone of the data). Points and lines have no footprint: NaN.
    """
    crs, _ = working_crs_for(buildings)
    geoms = buildings.geometry
    if not crs.equals(buildings.crs):
        geoms = geoms.to_crs(crs)
    geoms = geoms.to_numpy()
    invalid = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
    geoms = geoms.copy()
    geoms[invalid] = shapely.make_valid(geoms[invalid])
    area = np.where(shapely.get_dimensions(geoms) == 2, shapely.area(geoms), np.nan)
    floors, basis = floors_and_basis(buildings, params)
    return area * floors, basis == "default"


def estimate_households(buildings: gpd.GeoDataFrame, params: EstimateParameters | None = None,
                        is_cancelled: Callable[[], bool] | None = None) -> gpd.GeoDataFrame:
    """Fill in households and population from floor area.

    Parameters
    ----------
    buildings
        Footprints with optional floors/height/use fields. Not modified.
    params
        :class:`EstimateParameters`.
    is_cancelled
        Polled once before the result is built; cancelling raises :class:`PlanCancelled`.

    Returns
    -------
    GeoDataFrame
        A copy of ``buildings`` with ``households`` (integers) and ``population`` filled
        where they were missing (or zero with ``fill_zero``), known values untouched, plus
        ``floor_area_m2`` and ``hh_source`` (one of :data:`SOURCES`).
    """
    params = params or EstimateParameters()
    params.validate()
    if buildings is None or len(buildings) == 0:
        raise InputError("the layer is empty; it needs at least one building", layer="buildings")
    if params.use_field and params.use_field not in buildings.columns:
        available = ", ".join(c for c in buildings.columns if c != buildings.geometry.name)
        raise InputError(f"use field '{params.use_field}' not found; available fields: {available}",
                         layer="buildings", field=params.use_field)
    out = buildings.copy()
    area, defaulted = floor_area(buildings, params)
    hh_field, pop_field = params.households_field, params.population_field
    known = (_numbers(out, hh_field, "households") if hh_field in out.columns
             else pd.Series(np.nan, index=out.index))
    missing = known.isna()
    if params.fill_zero:
        missing |= known == 0
    residential = np.ones(len(out), dtype=bool)
    if params.use_field:
        wanted = {v.strip().lower() for v in params.residential_values}
        residential = out[params.use_field].astype(str).str.strip().str.lower().isin(wanted).to_numpy()
    estimate = np.round(area * params.residential_share / params.dwelling_size_m2)
    estimate = np.where(residential, estimate, 0.0)
    no_footprint = np.isnan(area)
    fill = missing.to_numpy() & ~(no_footprint & residential)
    households = known.to_numpy(dtype=float).copy()
    households[fill] = estimate[fill]

    source = np.full(len(out), "known", dtype=object)
    source[fill & residential] = np.where(defaulted[fill & residential], "estimated_default_floors", "estimated")
    source[fill & ~residential] = "not_residential"
    source[missing.to_numpy() & no_footprint & residential] = "no_footprint"

    if pop_field:
        pop_known = (_numbers(out, pop_field, "population") if pop_field in out.columns
                     else pd.Series(np.nan, index=out.index)).to_numpy(dtype=float).copy()
        pop_missing = np.isnan(pop_known) | fill
        if params.fill_zero:
            pop_missing |= pop_known == 0
        pop_known[pop_missing] = np.round(households[pop_missing] * params.people_per_household)
        if is_cancelled is not None and is_cancelled():
            raise PlanCancelled("cancelled")
        # numpy's stubs leave None out of np.where's values; at run time it is an object scalar.
        out[pop_field] = pd.array(np.where(np.isnan(pop_known), None, pop_known),  # type: ignore[call-overload]
                                  dtype="Int64")
    elif is_cancelled is not None and is_cancelled():
        raise PlanCancelled("cancelled")
    out[hh_field] = pd.array(np.where(np.isnan(households), None, households),  # type: ignore[call-overload]
                             dtype="Int64")   # (None: see above)
    out["floor_area_m2"] = np.round(area, 1)
    out["hh_source"] = source
    return out
