"""Quantile tiers: exact type-7 quantiles, the boundary rule, ties, sizes, and too few units."""

from __future__ import annotations

import statistics
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib.analysis import AnalysisError, assign_tiers, quantile, quantile_cuts, tier_sizes
from parlib.framework import Tiers
from parlib.numbers import RoundingPolicy

FOUR = Tiers(labels=("High", "High average", "Low average", "Low"))
numbers = st.fractions(min_value=0, max_value=80, max_denominator=10_000)


@given(st.lists(numbers, min_size=2, max_size=40))
def test_quartile_cuts_agree_with_the_standard_library(values: list[Fraction]) -> None:
    # statistics.quantiles(method="inclusive") is R's type 7, computed independently
    assert quantile_cuts(values, 4) == statistics.quantiles(values, n=4, method="inclusive")


def test_quantile_bounds_and_errors() -> None:
    assert quantile([3, 1, 2], Fraction(0)) == 1
    assert quantile([3, 1, 2], Fraction(1)) == 3
    with pytest.raises(AnalysisError, match="at least one value"):
        quantile([], Fraction(1, 2))
    with pytest.raises(AnalysisError, match=r"lies in \[0, 1\]"):
        quantile([1], Fraction(2))


@pytest.mark.parametrize(
    ("units", "sizes"),
    [(63, [16, 15, 16, 16]), (61, [15, 15, 15, 16]), (60, [15, 15, 15, 15]), (4, [1, 1, 1, 1])],
)
def test_group_sizes_for_distinct_values(units: int, sizes: list[int]) -> None:
    """PAPI's groups: 63 provinces give 16/15/16/16 (best first), not 16/16/15/16."""
    labels = assign_tiers([Fraction(v) for v in range(units)], FOUR)
    assert tier_sizes(labels, FOUR) == sizes


def test_a_value_on_a_cut_point_stays_in_the_lower_tier_unless_upper() -> None:
    values = [Fraction(v) for v in (1, 2, 3)]  # the median cut-point is 2
    two = ("top", "bottom")
    assert assign_tiers(values, Tiers(labels=two)) == ["bottom", "bottom", "top"]
    assert assign_tiers(values, Tiers(labels=two, boundary="upper")) == ["bottom", "top", "top"]


def test_lower_is_better_reverses_the_tiers() -> None:
    values = [Fraction(v) for v in (1, 2, 3, 4)]
    assert assign_tiers(values, Tiers(labels=("best", "worst")), descending=False) == ["best", "best", "worst", "worst"]


def test_units_shown_alike_share_a_tier() -> None:
    # exactly, the median cut-point is 10.001 and only 10.004 passes it; shown with two
    # places both are 10.00, tied on the cut-point, and stay together in the lower tier
    values = [Fraction("10.004"), Fraction("10.001"), Fraction(1)]
    two = Tiers(labels=("top", "bottom"))
    assert assign_tiers(values, two) == ["top", "bottom", "bottom"]
    assert assign_tiers(values, two, rounding=RoundingPolicy(places=2)) == ["bottom", "bottom", "bottom"]


def test_fewer_units_than_tiers_is_an_error() -> None:
    with pytest.raises(AnalysisError, match="4 quantile tiers need at least 4 units with a value, got 3"):
        assign_tiers([Fraction(1), Fraction(2), Fraction(3), None], FOUR)


@given(st.lists(numbers, min_size=4, max_size=40), st.sampled_from(["lower", "upper"]))
def test_tied_units_share_a_tier_and_better_is_never_lower(values: list[Fraction], boundary: str) -> None:
    tiers = Tiers(labels=FOUR.labels, boundary=boundary)  # type: ignore[arg-type]
    labels = assign_tiers(values, tiers)
    level = {label: i for i, label in enumerate(tiers.labels)}  # 0 is the best
    for v, a in zip(values, labels, strict=True):
        for w, b in zip(values, labels, strict=True):
            if v == w:
                assert a == b
            if v > w:
                assert level[a] <= level[b]  # type: ignore[index]


@given(st.lists(numbers, min_size=4, max_size=40, unique=True))
def test_distinct_values_fill_every_tier_close_to_a_quarter(values: list[Fraction]) -> None:
    sizes = tier_sizes(assign_tiers(values, FOUR), FOUR)
    assert sum(sizes) == len(values)
    assert all(abs(s - len(values) / 4) <= 1 for s in sizes)


def test_tiers_need_two_distinct_labels() -> None:
    from parlib.errors import ModelError

    with pytest.raises(ModelError, match="at least two labels"):
        Tiers(labels=("only",))
    with pytest.raises(ModelError, match="distinct non-empty"):
        Tiers(labels=("a", "a"))
    with pytest.raises(ModelError, match="boundary must be lower or upper"):
        Tiers(labels=("a", "b"), boundary="middle")  # type: ignore[arg-type]
