"""
Leaf rules: what each built-in rule of issue 2 gives at and around its edges,
and how its parameters are checked against the criterion's maximum when a file loads.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import Criterion, Framework, LoadError, ModelError, ParlibError, ScoringError
from parlib.io import loads
from parlib.rules import Bands, Boolean, Count, Deduction, Likert, Linear, Manual, Ratio, Threshold

F = Fraction
ONE, TWO = F(1), F(2)


def framework_text(rule: str, maximum: str = "2") -> str:
    """A one-domain framework whose only leaf (at $.criteria[0].children[0]) has *rule*."""
    return f"""
id = "r"
version = "1"
title = {{ vi = "R", en = "R" }}
[[criteria]]
id = "1"
label = {{ vi = "D", en = "D" }}
[[criteria.children]]
id = "1.1"
label = {{ vi = "L", en = "L" }}
max = {maximum}
rule = {rule}
"""


def load_problem(rule: str, maximum: str = "2") -> tuple[str, str]:
    """Load a framework with *rule* and return its single problem as (message, path)."""
    with pytest.raises(LoadError) as info:
        loads(framework_text(rule, maximum), Framework, "toml", source="r.toml")
    assert info.value.file == "r.toml"
    assert len(info.value.problems) == 1, info.value.problems
    problem = info.value.problems[0]
    return problem.message, problem.path


LEAF = "$.criteria[0].children[0]"


# -- boolean ------------------------------------------------------------------


def test_boolean_gives_the_maximum_for_yes_and_nothing_for_no() -> None:
    assert Boolean().score(True, F(3, 2)).points == F(3, 2)
    assert Boolean().score(False, F(3, 2)).points == 0
    assert Boolean().score(True, F(3, 2)).detail == "yes -> 1.5"


@pytest.mark.parametrize("value", [F(1), F(0), "yes", {"a": F(1)}])
def test_boolean_refuses_anything_but_true_or_false(value: object) -> None:
    with pytest.raises(ScoringError) as info:
        Boolean().score(value, ONE)  # type: ignore[arg-type]
    assert info.value.problems[0].path == "$.value"


def test_allow_na_is_off_unless_declared() -> None:
    assert not Boolean().allow_na
    assert Boolean(allow_na=True).allow_na
    fw = loads(framework_text('{ type = "boolean", allow_na = true }'), Framework, "toml")
    assert fw.criterion("1.1").rule == Boolean(allow_na=True)


# -- bands --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bound", "value", "hit"),
    [
        ("gte", "95", True),
        ("gte", "94.99", False),
        ("gte", "95.01", True),
        ("gt", "95", False),
        ("gt", "95.01", True),
        ("gt", "94.99", False),
        ("lte", "50", True),
        ("lte", "50.01", False),
        ("lte", "49.99", True),
        ("lt", "50", False),
        ("lt", "49.99", True),
        ("lt", "50.01", False),
    ],
)
def test_band_bounds_are_inclusive_or_exclusive_exactly_at_the_boundary(bound: str, value: str, hit: bool) -> None:
    limit = "95" if bound.startswith("g") else "50"
    rule = Bands(bands=[Threshold(points=ONE, **{bound: limit})])
    assert rule.score(F(value), ONE).points == (ONE if hit else 0)


def test_a_band_with_both_bounds_holds_between_them() -> None:
    rule = Bands(bands=[Threshold(points=1, gte=100), Threshold(points="0.5", gte=95, lt=100)], unit="%")
    assert [rule.score(F(v), ONE).points for v in (100, 99, 95, 94)] == [1, F(1, 2), F(1, 2), 0]
    assert rule.score(F(97), ONE).detail == "97% >= 95% and < 100% -> 0.5"


def test_the_first_band_that_holds_wins() -> None:
    rule = Bands(bands=[Threshold(points=1, gte=90), Threshold(points="0.5", gte=50)])
    assert rule.score(F(95), ONE).points == 1
    assert rule.score(F(60), ONE).points == F(1, 2)


def test_a_value_in_no_band_earns_nothing_and_says_so() -> None:
    outcome = Bands(bands=[Threshold(points=1, gte=100)], unit="%").score(F(90), ONE)
    assert outcome.points == 0
    assert outcome.detail == "90% matches no band -> 0"


def test_a_boundary_reached_by_division_is_reached_exactly() -> None:
    rule = Ratio(then=Bands(bands=[Threshold(points=1, gte=F(100, 3))]))
    assert rule.score({"numerator": F(1), "denominator": F(3)}, ONE).points == 1
    assert 1 / 3 * 100 < 100 / 3  # binary floats would miss this band


@pytest.mark.parametrize(
    ("bands", "message", "path"),
    [
        ("[{ gte = 100, points = 3 }]", "points 3 exceed the criterion maximum 2", ".rule.bands[0].points"),
        ("[{ gte = 100, points = 2 }, { gte = 90, points = 2.5 }]", "points 2.5 exceed", ".rule.bands[1].points"),
        ("[{ gte = 100, points = -1 }]", "points must be >= 0", ".rule.bands[0].points"),
        ("[{ gte = 1, gt = 0, points = 1 }]", "at most one lower bound", ".rule.bands[0]"),
        ("[{ lte = 1, lt = 2, points = 1 }]", "at most one upper bound", ".rule.bands[0]"),
        ("[{ gte = 5, lt = 5, points = 1 }]", "admit no value", ".rule.bands[0]"),
        ("[{ gt = 9, lte = 1, points = 1 }]", "admit no value", ".rule.bands[0]"),
        ("[]", "at least one band", ".rule.bands"),
    ],
)
def test_band_parameters_are_checked_against_the_maximum_at_load_time(bands: str, message: str, path: str) -> None:
    got_message, got_path = load_problem(f'{{ type = "bands", bands = {bands} }}')
    assert message in got_message
    assert got_path == LEAF + path


def test_a_band_above_the_maximum_is_an_error_when_built_in_python_too() -> None:
    with pytest.raises(ModelError) as info:
        Criterion(id="x", label={"en": "x"}, max=1, rule=Bands(bands=[Threshold(points=1), Threshold(points=2)]))
    assert [(p.message, p.path) for p in info.value.problems] == [
        ("points 2 exceed the criterion maximum 1", "$.rule.bands[1].points")
    ]


# -- linear -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "points"),
    [("0", "0"), ("50", "2"), ("30", "1.2"), ("12.5", "0.5"), ("-10", "0"), ("80", "2"), ("50.0001", "2")],
)
def test_linear_is_proportional_between_the_goalposts_and_clamped_outside(value: str, points: str) -> None:
    assert Linear(low=0, high=50).score(F(value), TWO).points == F(points)


@pytest.mark.parametrize(
    ("value", "points"), [("100", "0"), ("0", "4"), ("25", "3"), ("150", "0"), ("-5", "4"), ("75", "1")]
)
def test_reversed_goalposts_reward_lower_values(value: str, points: str) -> None:
    assert Linear(low=100, high=0).score(F(value), F(4)).points == F(points)


def test_linear_is_exact_and_says_when_it_clamps() -> None:
    rule = Linear(low=0, high=100, unit="%")
    assert rule.score(F(30), F(3, 2)).points == F(9, 20)
    assert rule.score(F(30), F(3, 2)).detail == "30% on 0%..100% = 30% of 1.5 -> 0.45"
    assert "(clamped)" in rule.score(F(130), ONE).detail
    assert "(clamped)" not in rule.score(F(100), ONE).detail


def test_linear_goalposts_must_differ() -> None:
    message, path = load_problem('{ type = "linear", low = 5, high = 5 }')
    assert message == "low and high must differ, both are 5"
    assert path == LEAF + ".rule.high"


# -- ratio --------------------------------------------------------------------


def ratio_value(numerator: int, denominator: int) -> dict[str, Fraction]:
    return {"numerator": F(numerator), "denominator": F(denominator)}


def test_ratio_feeds_a_percentage_to_bands() -> None:
    rule = Ratio(then=Bands(bands=[Threshold(points=2, gte=100), Threshold(points=1, gte=95, lt=100)], unit="%"))
    assert rule.score(ratio_value(1200, 1200), TWO).points == 2
    assert rule.score(ratio_value(1199, 1200), TWO).points == 1
    assert rule.score(ratio_value(1200, 1200), TWO).detail == "1200/1200 = 100% >= 100% -> 2"


def test_ratio_feeds_a_percentage_to_linear() -> None:
    rule = Ratio(then=Linear(low=0, high=100, unit="%"))
    assert rule.score(ratio_value(19, 20), TWO).points == F(19, 10)
    assert rule.score(ratio_value(0, 20), TWO).points == 0


def test_ratio_without_percent_feeds_the_plain_share() -> None:
    rule = Ratio(then=Linear(low=0, high=1), percent=False)
    assert rule.score(ratio_value(3, 4), TWO).points == F(3, 2)


def test_a_zero_denominator_is_not_applicable_by_default() -> None:
    outcome = Ratio(then=Linear(low=0, high=100)).score(ratio_value(0, 0), TWO)
    assert outcome.points is None
    assert "not applicable" in outcome.detail


def test_a_zero_denominator_is_an_error_when_asked() -> None:
    with pytest.raises(ScoringError) as info:
        Ratio(then=Linear(low=0, high=100), when_zero="error").score(ratio_value(0, 0), TWO)
    assert info.value.problems[0].path == "$.value.denominator"


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ({"numerator": F(5), "denominator": F(4)}, "$.value.numerator"),
        ({"numerator": F(5)}, "$.value"),
        ({"numerator": F(1), "denominator": F(2), "extra": F(1)}, "$.value.extra"),
        ({"numerator": F(-1), "denominator": F(2)}, "$.value.numerator"),
        (F(1, 2), "$.value"),
    ],
)
def test_ratio_refuses_a_value_that_is_not_a_proper_share(value: object, path: str) -> None:
    with pytest.raises(ScoringError) as info:
        Ratio(then=Linear(low=0, high=100)).score(value, ONE)  # type: ignore[arg-type]
    assert info.value.problems[0].path == path


def test_ratio_checks_its_inner_rule_against_the_maximum() -> None:
    message, path = load_problem('{ type = "ratio", then = { type = "bands", bands = [{ gte = 90, points = 5 }] } }')
    assert message == "points 5 exceed the criterion maximum 2"
    assert path == LEAF + ".rule.then.bands[0].points"


def test_ratio_feeds_only_bands_or_linear() -> None:
    message, path = load_problem('{ type = "ratio", then = { type = "boolean" } }')
    assert "'bands' or 'linear'" in message
    assert path == LEAF + ".rule.then.type"
    with pytest.raises(ParlibError):
        Ratio(then={"type": "boolean"})  # type: ignore[arg-type]


# -- count --------------------------------------------------------------------


@pytest.mark.parametrize(("items", "points"), [(0, "0"), (1, "0.5"), (2, "1"), (3, "1"), (40, "1")])
def test_count_gives_points_per_item_capped_at_the_maximum(items: int, points: str) -> None:
    assert Count(per_item="0.5").score(F(items), ONE).points == F(points)


def test_count_says_when_it_caps() -> None:
    assert Count(per_item="0.5").score(F(3), ONE).detail == "3 x 0.5 = 1.5, capped at 1 -> 1"


@pytest.mark.parametrize("value", [F(3, 2), F(-1), True, "many"])
def test_count_wants_a_whole_number_of_items(value: object) -> None:
    with pytest.raises(ScoringError):
        Count(per_item=1).score(value, TWO)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("per_item", "message"), [("3", "per_item 3 exceeds the criterion maximum 2"), ("0", "per_item must be > 0")]
)
def test_count_per_item_is_checked_at_load_time(per_item: str, message: str) -> None:
    got_message, path = load_problem(f'{{ type = "count", per_item = {per_item} }}')
    assert message in got_message
    assert path == LEAF + ".rule.per_item"


# -- deduction ----------------------------------------------------------------


@pytest.mark.parametrize(("violations", "points"), [(0, "1"), (1, "0.75"), (2, "0.5"), (4, "0"), (9, "0")])
def test_fixed_deductions_are_floored_at_zero(violations: int, points: str) -> None:
    assert Deduction(per_violation="0.25").score(F(violations), ONE).points == F(points)


@pytest.mark.parametrize(("violations", "points"), [(0, "2"), (1, "1.5"), (3, "0.5"), (4, "0"), (5, "0")])
def test_percent_deductions_take_a_share_of_the_maximum(violations: int, points: str) -> None:
    assert Deduction(percent=25).score(F(violations), TWO).points == F(points)


def test_deduction_says_when_it_floors() -> None:
    assert Deduction(per_violation=1).score(F(5), TWO).detail == "5 violations x 1 = 5 off, floored at 0 -> 0"


@pytest.mark.parametrize(
    ("params", "message", "path"),
    [
        ("", "give exactly one of per_violation and percent", ""),
        ("per_violation = 1, percent = 10", "give exactly one of per_violation and percent", ""),
        ("per_violation = 3", "at most the criterion maximum 2", ".per_violation"),
        ("per_violation = 0", "per_violation must be > 0", ".per_violation"),
        ("percent = 101", "percent must be > 0 and at most 100", ".percent"),
        ("percent = 0", "percent must be > 0 and at most 100", ".percent"),
    ],
)
def test_deduction_parameters_are_checked_at_load_time(params: str, message: str, path: str) -> None:
    sep = ", " if params else ""
    got_message, got_path = load_problem(f'{{ type = "deduction"{sep}{params} }}')
    assert message in got_message
    assert got_path == LEAF + ".rule" + path


# -- likert -------------------------------------------------------------------

PAR_WEIGHTS = {"A": 100, "B": 60, "C": 20, "D": 0}


def test_likert_uses_the_weights_100_60_20_0() -> None:
    rule = Likert(weights=PAR_WEIGHTS)
    assert rule.score({"A": F(1)}, TWO).points == 2
    assert rule.score({"B": F(1)}, TWO).points == F(6, 5)
    assert rule.score({"C": F(1)}, TWO).points == F(2, 5)
    assert rule.score({"D": F(1)}, TWO).points == 0
    counts = {"A": F(120), "B": F(30), "C": F(5), "D": F(1)}
    assert rule.score(counts, TWO).points == TWO * (120 * 100 + 30 * 60 + 5 * 20) / (156 * 100)


@given(st.dictionaries(st.sampled_from("ABCD"), st.integers(min_value=0, max_value=30), min_size=1))
def test_likert_points_are_the_mean_answer_weight_scaled_to_the_maximum(counts: dict[str, int]) -> None:
    answers = [PAR_WEIGHTS[option] for option, n in counts.items() for _ in range(n)]
    outcome = Likert(weights=PAR_WEIGHTS).score({k: F(v) for k, v in counts.items()}, F(3))
    if not answers:
        assert outcome.points is None
    else:
        assert outcome.points == F(3) * F(sum(answers), len(answers)) / 100


@pytest.mark.parametrize("counts", [{}, {"A": F(0), "B": F(0), "C": F(0), "D": F(0)}])
def test_likert_without_answers_is_not_applicable(counts: dict[str, Fraction]) -> None:
    outcome = Likert(weights=PAR_WEIGHTS).score(counts, TWO)
    assert outcome.points is None
    assert outcome.detail == "no answers -> not applicable"


@pytest.mark.parametrize(
    ("counts", "path"), [({"E": F(1)}, "$.value.E"), ({"A": F(-1)}, "$.value.A"), (F(3), "$.value")]
)
def test_likert_refuses_unknown_options_and_negative_counts(counts: object, path: str) -> None:
    with pytest.raises(ScoringError) as info:
        Likert(weights=PAR_WEIGHTS).score(counts, TWO)  # type: ignore[arg-type]
    assert info.value.problems[0].path == path


def test_likert_weights_are_percentages_checked_at_load_time() -> None:
    message, path = load_problem('{ type = "likert", weights = { A = 120, B = 0 } }')
    assert message == "weights are percentages from 0 to 100, got 120"
    assert path == LEAF + ".rule.weights.A"


# -- manual -------------------------------------------------------------------


@pytest.mark.parametrize("points", ["0", "0.75", "2"])
def test_manual_takes_points_within_zero_and_the_maximum(points: str) -> None:
    assert Manual().score(F(points), TWO).points == F(points)


@pytest.mark.parametrize("points", ["-0.01", "2.01", "3"])
def test_manual_points_outside_zero_and_the_maximum_are_an_error(points: str) -> None:
    with pytest.raises(ScoringError) as info:
        Manual().score(F(points), TWO)
    assert info.value.problems[0].message.startswith("points must lie in [0, 2]")
    assert info.value.problems[0].path == "$.value"


@pytest.mark.parametrize("value", [True, "plenty", {"a": F(1)}])
def test_manual_wants_a_number(value: object) -> None:
    with pytest.raises(ScoringError):
        Manual().score(value, TWO)  # type: ignore[arg-type]


# -- every rule ---------------------------------------------------------------


def test_an_unknown_rule_type_lists_the_known_ones() -> None:
    message, path = load_problem('{ type = "bandz" }')
    assert message.startswith("unknown rule 'bandz'; known: ")
    for name in ("bands", "boolean", "count", "deduction", "likert", "linear", "manual", "ratio"):
        assert name in message
    assert path == LEAF + ".rule.type"


def test_an_unknown_rule_parameter_is_an_error_naming_it() -> None:
    message, path = load_problem('{ type = "count", per_item = 1, per_iten = 2 }')
    assert message == "unknown key 'per_iten'"
    assert path == LEAF + ".rule"
