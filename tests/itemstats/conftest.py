"""The named people and helpers of tests/cohorts: item statistics are always read for a class."""

from tests.cohorts.conftest import cohort, ines, ivan, other_cohort, sam, take  # noqa: F401
