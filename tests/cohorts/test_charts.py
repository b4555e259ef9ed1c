"""The dashboard's class statistics and histogram bins."""

import math

import pytest

from cohorts import charts


def test_class_mean_spread_and_histogram_bins():
    assert charts.mean_and_sd([60, 80]) == (70, pytest.approx(math.sqrt(200)))
    assert charts.mean_and_sd([50]) == (50, None)
    assert charts.mean_and_sd([]) == (None, None)
    bins = charts.histogram_bins([0, 9.99, 10, 55, 100])
    assert (
        bins[0] == (0, 10, 2)
        and bins[1] == (10, 20, 1)
        and bins[5] == (50, 60, 1)
        and bins[9] == (90, 100, 1)
    )
