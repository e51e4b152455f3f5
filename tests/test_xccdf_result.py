"""
The ``result`` rule: XCCDF result values and their scoring meaning (NIST IR 7275r4 7.3.2).
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import AssessmentError, Criterion, Framework, FrameworkRef, Response, ScoringError, Subject, score
from parlib.assessment import Assessment
from parlib.rules import RULES, Result
from parlib.rules.result import COUNTED, NOT_COUNTED, PASSING, RESULTS, read_results, tally

F = Fraction
words = st.lists(st.sampled_from(RESULTS), max_size=8)
maxima = st.fractions(min_value=0, max_value=100, max_denominator=1000)


def expected(results: list[str], maximum: Fraction) -> Fraction | None:
    """The specification's rule score, counted out by hand: passes over counted results."""
    counted = [r for r in results if r not in {"notapplicable", "notchecked", "informational", "notselected"}]
    if not counted:
        return None
    return maximum * sum(1 for r in counted if r in {"pass", "fixed"}) / len(counted)


def test_the_nine_values_and_their_meaning() -> None:
    assert set(RESULTS) == PASSING | COUNTED | NOT_COUNTED
    assert len(RESULTS) == 9
    assert {"pass", "fixed"} == PASSING
    assert {"fail", "error", "unknown"} == COUNTED - PASSING
    assert {"notapplicable", "notchecked", "informational", "notselected"} == NOT_COUNTED
    assert RULES.get("result") is Result


@pytest.mark.parametrize(
    ("value", "points"),
    [
        ("pass", F(2)),
        ("fixed", F(2)),
        ("fail", F(0)),
        ("error", F(0)),
        ("unknown", F(0)),
        ("notapplicable", None),
        ("notchecked", None),
        ("informational", None),
        ("notselected", None),
    ],
)
def test_each_result_alone(value: str, points: Fraction | None) -> None:
    assert Result().score(value, F(2)).points == points


@given(words, maxima)
def test_points_are_passes_over_counted_results(results: list[str], maximum: Fraction) -> None:
    outcome = Result().score(", ".join(results), maximum)
    assert outcome.points == expected(results, maximum)
    assert outcome.detail  # the trace always says why


@given(words, maxima, st.randoms(use_true_random=False))
def test_order_does_not_matter_and_a_table_of_counts_is_the_same(
    results: list[str], maximum: Fraction, rng: object
) -> None:
    shuffled = list(results)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    table = {k: F(v) for k, v in Counter(results).items()}
    points = Result().score(",".join(results), maximum).points
    assert Result().score(",".join(shuffled), maximum).points == points
    assert Result().score(table, maximum).points == points


@given(words, st.lists(st.sampled_from(sorted(NOT_COUNTED)), min_size=1), maxima)
def test_results_that_do_not_count_change_nothing(results: list[str], extra: list[str], maximum: Fraction) -> None:
    """N/A equivalence: adding notapplicable-like results is the same as leaving them out."""
    with_extra = Result().score(",".join(results + extra), maximum).points
    assert with_extra == Result().score(",".join(results), maximum).points


@given(words, maxima)
def test_points_stay_within_the_maximum_and_fixed_is_a_pass(results: list[str], maximum: Fraction) -> None:
    points = Result().score(",".join(results), maximum).points
    assert points is None or 0 <= points <= maximum
    as_pass = ",".join("pass" if r == "fixed" else r for r in results)
    as_fail = ",".join("fail" if r in {"error", "unknown"} else r for r in results)
    assert Result().score(as_pass, maximum).points == points
    assert Result().score(as_fail, maximum).points == points


@given(words)
def test_tally_counts_as_the_specification_says(results: list[str]) -> None:
    passes, counted = tally(results)
    assert counted == sum(r not in NOT_COUNTED for r in results)
    assert passes == results.count("pass") + results.count("fixed")
    assert tally(Counter(results)) == (passes, counted)
    assert read_results(",".join(results)) == dict(Counter(results))


def test_no_result_at_all_is_not_applicable() -> None:
    for value in ("", " ", {}):
        outcome = Result().score(value, F(1))
        assert outcome.points is None
        assert outcome.detail == "no result -> not applicable"


def test_several_results_are_averaged_with_a_readable_trace() -> None:
    outcome = Result().score("fail, pass, pass, notapplicable", F(3))
    assert outcome.points == 2
    assert outcome.detail == "2 passes of 3 counted (fail, pass, pass, notapplicable) -> 2"


@pytest.mark.parametrize(
    ("value", "message", "path"),
    [
        ("passed", "unknown XCCDF result 'passed'", "$.value"),
        ("pass, Fail", "unknown XCCDF result 'Fail'", "$.value[1]"),
        ("pass,,fail", "unknown XCCDF result ''", "$.value[1]"),
        ({"pass": F(1, 2)}, "a result count is a whole number, got 0.5", "$.value.pass"),
        ({"pass": F(-1)}, "counts must be >= 0, got -1", "$.value.pass"),
        ({"win": F(1)}, "unknown option 'win'", "$.value.win"),
        (True, "expected an XCCDF result", "$.value"),
        (F(1), "expected an XCCDF result", "$.value"),
    ],
)
def test_bad_values_are_scoring_errors(value: object, message: str, path: str) -> None:
    with pytest.raises(ScoringError) as info:
        Result().score(value, F(1))  # type: ignore[arg-type]
    assert info.value.problems[0].message.startswith(message)
    assert info.value.problems[0].path == path


def test_scored_through_a_framework_with_not_applicable_leaves_dropping_out() -> None:
    leaves = [Criterion(id=name, label={"en": name}, max=1, rule={"type": "result"}) for name in ("a", "b", "c", "d")]
    framework = Framework(id="x", version="1", title={"en": "X"}, criteria=leaves, languages=("en",))
    answers = {"a": "pass", "b": "fail, fixed", "c": "notapplicable", "d": "unknown"}
    assessment = Assessment(
        framework=FrameworkRef("x", "1"),
        subject=Subject("u", {"en": "U"}),
        period="2024",
        responses=[Response(k, v) for k, v in answers.items()],
    )
    card = score(framework, assessment)
    assert (card.total.points, card.total.applicable_maximum) == (F(3, 2), F(3))
    wrong = Assessment(
        framework=FrameworkRef("x", "1"),
        subject=Subject("u", {"en": "U"}),
        period="2024",
        responses=[Response("a", "passed")],
    )
    with pytest.raises(AssessmentError) as info:
        score(framework, wrong)
    assert info.value.problems[0].path == "$.responses[0].value"
    assert "unknown XCCDF result 'passed'" in info.value.problems[0].message
