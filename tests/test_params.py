"""algorithms/params.py: PlanParameters.from_options, the one way the front ends build parameters."""

from __future__ import annotations

import pytest

from gridplanner.algorithms import DEFAULT_HARD_CLASSES, InputError, PlanParameters, WorkloadWeights


def test_no_options_are_the_defaults():
    assert PlanParameters.from_options() == PlanParameters()


def test_fields_empty_means_unused_or_default():
    p = PlanParameters.from_options(population_field="", compound_field=None, dedicated_field="site",
                                    households_field="", community_code_field=None, road_class_field="kind")
    assert p.population_field is None and p.compound_field is None and p.dedicated_field == "site"
    assert p.households_field == "households" and p.community_code_field == "code"
    assert p.road_class_field == "kind"


def test_hard_classes_text_sequence_or_default():
    assert PlanParameters.from_options(hard_classes=None).hard_classes == DEFAULT_HARD_CLASSES
    assert PlanParameters.from_options(hard_classes="primary, secondary;trunk  rail").hard_classes == (
        "primary", "secondary", "trunk", "rail")
    assert PlanParameters.from_options(hard_classes="").hard_classes == ()
    assert PlanParameters.from_options(hard_classes=["motorway"]).hard_classes == ("motorway",)


def test_weights_path_object_or_default(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text("[attributes]\nshops = 2.5\n[patrol]\nper_hectare = 1.0\n", encoding="utf-8")
    p = PlanParameters.from_options(weights=str(path))
    assert p.weights == WorkloadWeights(attributes={"shops": 2.5}, per_km_road=0.0, per_hectare=1.0)
    assert PlanParameters.from_options(weights="").weights == WorkloadWeights()
    assert PlanParameters.from_options(weights=p.weights).weights is p.weights
    with pytest.raises(InputError, match="cannot read the weights file"):
        PlanParameters.from_options(weights=str(tmp_path / "missing.toml"))


def test_grid_counts_and_numbers():
    p = PlanParameters.from_options(grid_counts=["330106004001=3", " 330106004002 = 2"], min_households="250",
                                    max_households=450.0, target_households=350, seed="7")
    assert p.grid_counts == {"330106004001": 3, "330106004002": 2}
    assert (p.min_households, p.max_households, p.target_households, p.seed) == (250, 450, 350, 7)
    assert p.band.describe() == "250–450"
    assert PlanParameters.from_options(grid_counts={"A": "2"}).grid_counts == {"A": 2}
    with pytest.raises(InputError, match="--grid-count expects CODE=N"):
        PlanParameters.from_options(grid_counts=["A=two"])
    with pytest.raises(InputError, match="seed must be a number"):
        PlanParameters.from_options(seed="x")


def test_invalid_values_are_refused_with_the_validation_message():
    with pytest.raises(InputError, match="the band must satisfy 0 < min <= target <= max"):
        PlanParameters.from_options(min_households=500, max_households=300)
    with pytest.raises(InputError, match="sequence width must be between 1 and 6"):
        PlanParameters.from_options(sequence_width=9)
    with pytest.raises(TypeError, match="unknown option"):
        PlanParameters.from_options(minimum=3)
