"""algorithms/labels.py: the one table of summary labels and its views."""

from __future__ import annotations

import numpy as np

from gridplanner.algorithms import labels, scenarios
from gridplanner.algorithms.evaluate import SUMMARY_LABELS


def test_views_read_the_table():
    assert SUMMARY_LABELS == labels.evaluation_rows()
    assert dict(SUMMARY_LABELS)["households"] == labels.LABELS["households_in_grids"].text
    assert scenarios.COMPARED == labels.compared_rows()
    assert all(labels.LABELS[key].short == text for key, text in scenarios.COMPARED)
    assert labels.label("in_band_share") == "Grids within band"


def test_format_value():
    assert labels.format_value("in_band_share", 0.776) == "77.6 %"
    assert labels.format_value("mean_compactness", 0.4567) == "0.46"
    assert labels.format_value("gap_m2", 1234.56) == "1,234.6"
    assert labels.format_value("grids", np.int64(1234)) == "1,234"
    assert labels.format_value("workload_cv", float("nan")) == "–"
