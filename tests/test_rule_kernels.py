"""
Rule kernels agree with ``score``: a rule's ``points_pair`` (one value) and ``points_column``
(many values) are the fast paths batch scoring takes, so each must give exactly the points
``score`` gives, not applicable where it says so, and the same error for a value it refuses.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib.errors import ParlibError
from parlib.rules import RULES, Bands, Likert, Linear, Manual, Ratio, Threshold
from parlib.rules.base import Rule, Value
from parlib.testing import rule_values, rules

MAXIMA = st.sampled_from([Fraction(1), Fraction(2), Fraction(5, 2), Fraction(10), Fraction(100)])
KERNEL_TYPES = sorted(name for name in RULES.names() if hasattr(RULES.get(name), "points_pair"))
NUMBERS = st.fractions(min_value=-5, max_value=200, max_denominator=12)
ODD_VALUES: st.SearchStrategy[object] = st.one_of(
    NUMBERS,
    st.booleans(),
    st.text(max_size=3),
    st.dictionaries(st.sampled_from(["A", "B", "numerator", "denominator", "x"]), NUMBERS | st.booleans(), max_size=3),
)


def outcome(rule: Rule, value: object, maximum: Fraction) -> Fraction | str | None:
    """What ``score`` makes of a value: points, None (N/A) or the error text."""
    try:
        return rule.score(value, maximum).points  # type: ignore[arg-type]
    except ParlibError as exc:
        return f"{type(exc).__name__}: {exc}"


def kernel(rule: Rule, value: object, maximum: Fraction) -> Fraction | str | None:
    """What ``points_pair`` makes of it, in the same terms."""
    try:
        pair = rule.points_pair(value, maximum)  # type: ignore[attr-defined]
    except ParlibError as exc:
        return f"{type(exc).__name__}: {exc}"
    return None if pair is None else Fraction(*pair)


def test_the_kernels_cover_the_rules_batch_scoring_leans_on() -> None:
    assert {"likert", "manual", "bands", "linear", "ratio"} <= set(KERNEL_TYPES)


@given(st.data(), MAXIMA)
def test_points_pair_equals_score_on_valid_values(data: st.DataObject, maximum: Fraction) -> None:
    rule = data.draw(rules(maximum=maximum, types=KERNEL_TYPES))
    value = data.draw(rule_values(rule, maximum))
    assert kernel(rule, value, maximum) == outcome(rule, value, maximum)


@given(st.data(), MAXIMA, ODD_VALUES)
def test_points_pair_equals_score_on_any_value(data: st.DataObject, maximum: Fraction, value: object) -> None:
    """Out-of-range numbers, wrong kinds, unknown options: the same points or the same error."""
    rule = data.draw(rules(maximum=maximum, types=KERNEL_TYPES))
    assert kernel(rule, value, maximum) == outcome(rule, value, maximum)


@given(st.data(), MAXIMA)
def test_points_column_equals_scoring_each_value(data: st.DataObject, maximum: Fraction) -> None:
    types = [t for t in KERNEL_TYPES if hasattr(RULES.get(t), "points_column")]
    rule = data.draw(rules(maximum=maximum, types=types))
    values = data.draw(st.lists(rule_values(rule, maximum) | ODD_VALUES, min_size=1, max_size=8))
    got = rule.points_column(values, maximum)  # type: ignore[attr-defined]
    if got is None:
        return  # the rule declines the column: batch scoring then scores value by value
    nums, dens = got
    assert len(nums) == len(dens) == len(values)
    for value, num, den in zip(values, nums, dens, strict=True):
        want = outcome(rule, value, maximum)
        if isinstance(want, str):  # a refused value: the column gives some number, which batch checks
            assert not 0 <= Fraction(num, den or 1) <= maximum or rule.type == "manual"
            continue
        assert (None if den == 0 else Fraction(num, den)) == want


@pytest.mark.parametrize(
    ("rule", "values"),
    [
        (
            Likert(weights={"A": 100, "B": 50}),
            [{"A": Fraction(2), "B": Fraction(0)}, {"A": Fraction(0), "B": Fraction(0)}],
        ),
        (
            Likert(weights={"A": 100, "B": 50}),
            [{"A": Fraction(1), "B": Fraction(1)}, {"B": Fraction(1), "A": Fraction(3)}],
        ),
        (Manual(), [Fraction(1, 3), Fraction(2)]),
    ],
)
def test_points_column_examples(rule: Rule, values: list[Value]) -> None:
    got = rule.points_column(values, Fraction(2))  # type: ignore[attr-defined]
    assert got is not None
    want = [rule.score(v, Fraction(2)).points for v in values]
    assert [None if d == 0 else Fraction(n, d) for n, d in zip(*got, strict=True)] == want


def test_points_column_declines_what_it_cannot_read_in_integers() -> None:
    likert = Likert(weights={"A": 100, "B": 50})
    assert likert.points_column([{"A": Fraction(1, 2)}], Fraction(1)) is None  # a fractional count
    assert likert.points_column([{"A": Fraction(1)}, {"B": Fraction(1)}], Fraction(1)) is None  # other options
    assert Likert(weights={"A": "33.3"}).points_column([{"A": Fraction(1)}], Fraction(1)) is None
    assert Manual().points_column([Fraction(1), True], Fraction(1)) is None


def test_a_ratio_kernel_gives_the_inner_rule_its_percentage() -> None:
    rule = Ratio(then=Bands(bands=[Threshold(points=1, gte=100), Threshold(points="0.5", gte=95)]))
    assert rule.points_pair({"numerator": Fraction(19), "denominator": Fraction(20)}, Fraction(1)) == (1, 2)
    assert rule.points_pair({"numerator": Fraction(0), "denominator": Fraction(0)}, Fraction(1)) is None
    assert Ratio(then=Linear(low=0, high=1), percent=False).points_pair(
        {"numerator": Fraction(3), "denominator": Fraction(2)}, Fraction(1)
    ) == (1, 1)


def test_a_likert_trace_lists_the_counts_in_the_options_order() -> None:
    """Files sort table keys: the trace must not depend on the order a response gave its counts."""
    rule = Likert(weights={"A": 100, "B": 60, "C": 0})
    given = rule.score({"C": Fraction(0), "B": Fraction(1), "A": Fraction(3)}, Fraction(1))
    assert given == rule.score({"A": Fraction(3), "B": Fraction(1), "C": Fraction(0)}, Fraction(1))
    assert given.input == "A=3, B=1, C=0"
