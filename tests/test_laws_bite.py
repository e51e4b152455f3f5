"""
Proof that the laws bite: each law fails on a deliberately broken rule, aggregation,
scorer or serializer, with a message that names the law and shows the counterexample.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import strategies as st

from parlib import Assessment, Framework, ScoreCard, score
from parlib.aggregation import Combined, Part, WeightedMean
from parlib.errors import Problem
from parlib.io import SERIALIZERS
from parlib.rules import Bands, Count, Outcome, Threshold, Value
from parlib.rules.base import as_number
from parlib.testing import (
    LawViolation,
    aggregations,
    assessments,
    check_additive,
    check_bounds,
    check_deterministic,
    check_monotone,
    check_na_equivalent,
    check_permutation_invariant,
    check_round_trip,
    check_scale_invariant,
    evidence,
    frameworks,
    labels,
)

JSON = SERIALIZERS.get("json")
SMALL = frameworks(max_depth=2, max_leaves=3)  # small trees shrink fast


def _fails(law: str) -> Any:
    """pytest.raises for a violation of *law* (the message starts with the law's name)."""
    return pytest.raises(LawViolation, match=rf"^{law} law violated")


# --- broken rules -----------------------------------------------------------------------------


@attrs.frozen
class Uncapped:
    """A count rule that forgot its cap: 3 items at 0.5 give 1.5 of a maximum of 1."""

    type: ClassVar[str] = "uncapped"
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        return []

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        return Outcome(as_number(value) * maximum / 2, "", "")


@attrs.frozen
class Peaked:
    """A rule that rewards 'about 80%' and punishes more: not monotone in the rate."""

    type: ClassVar[str] = "peaked"
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        return []

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        rate = as_number(value)
        return Outcome(maximum if 70 <= rate <= 90 else Fraction(0), "", "")


def test_bounds_bites_on_an_uncapped_count() -> None:
    with _fails("bounds") as caught:
        check_bounds(Uncapped(), values=st.integers(0, 10).map(Fraction))
    assert "Uncapped(allow_na=False) gave" in str(caught.value)
    assert "outside [0," in str(caught.value)


def test_monotonicity_bites_on_an_off_by_one_band() -> None:
    # 100% should earn the full point, but the top band starts just above it: 100 matches no band.
    off_by_one = Bands(bands=[Threshold(points=1, gt=100), Threshold(points="0.5", gte=95, lt=100)], unit="%")
    with _fails("monotonicity") as caught:
        check_monotone(off_by_one)
    assert "but only 0 for the better" in str(caught.value)


def test_monotonicity_bites_on_a_custom_rule_that_peaks() -> None:
    rates = st.integers(0, 100).map(Fraction)
    with _fails("monotonicity") as caught:
        check_monotone(Peaked(), values=rates, better=lambda v: st.integers(int(as_number(v)), 100).map(Fraction))
    assert "Peaked(allow_na=False)" in str(caught.value)


def test_the_correct_rules_pass() -> None:
    check_bounds(Count(per_item="0.5"))
    check_monotone(Bands(bands=[Threshold(points=1, gte=100), Threshold(points="0.5", gte=95, lt=100)], unit="%"))


# --- broken aggregations ----------------------------------------------------------------------


@attrs.frozen
class FloatSum:
    """Additive points that pass through binary floats: 1/3 + 1/3 + 1/3 is not 1."""

    type: ClassVar[str] = "float-sum"
    additive: ClassVar[bool] = True

    def check(self) -> list[Problem]:
        return []

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        points = Fraction(sum(float(p.points) for p in parts))
        return Combined(points, sum((p.applicable_maximum for p in parts), Fraction(0)), "float sum")


@attrs.frozen
class FirstCountsDouble:
    """A weighted mean that gives the first child double weight: depends on the order of siblings."""

    type: ClassVar[str] = "first-double"
    additive: ClassVar[bool] = False

    def check(self) -> list[Problem]:
        return []

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        doubled = [attrs.evolve(p, weight=p.weight * 2) if i == 0 else p for i, p in enumerate(parts)]
        return WeightedMean().combine(doubled, maximum)


@attrs.frozen
class UnnormalisedMean:
    """A weighted 'mean' that divides by the number of parts, not the sum of weights."""

    type: ClassVar[str] = "unnormalised"
    additive: ClassVar[bool] = False

    def check(self) -> list[Problem]:
        return []

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        if not parts:
            return Combined(None, Fraction(0), "nothing")
        mean = sum((p.weight * p.index for p in parts), Fraction(0)) / len(parts)
        return Combined(min(mean, Fraction(100)) * maximum / 100, maximum, "unnormalised")


def test_additivity_bites_on_points_that_pass_through_floats() -> None:
    thirds = frameworks(aggregations=st.just(FloatSum()), node_aggregations=st.none(), na_min_shares=st.none())
    with _fails("additivity") as caught:
        check_additive(FloatSum(), frameworks=thirds)
    assert "the sum over" in str(caught.value)
    assert "framework" in str(caught.value)


def test_permutation_invariance_bites_on_an_order_dependent_mean() -> None:
    with _fails("permutation invariance") as caught:
        check_permutation_invariant(
            FirstCountsDouble(),
            frameworks=frameworks(aggregations=st.just(FirstCountsDouble()), node_aggregations=st.none(), max_leaves=3),
        )
    assert "reordering changed" in str(caught.value)


def test_scale_invariance_bites_on_a_mean_that_forgets_to_normalise() -> None:
    with _fails("scale invariance") as caught:
        check_scale_invariant(UnnormalisedMean())
    assert "multiplying the weights" in str(caught.value)


def test_the_correct_aggregations_pass() -> None:
    check_permutation_invariant("weighted-mean")
    check_scale_invariant("weighted-mean")


# --- broken scorers ---------------------------------------------------------------------------


def forgets_to_renormalise(framework: Framework, assessment: Assessment) -> ScoreCard:
    """Scores as if N/A counted 0 of its maximum: the renormalisation is forgotten."""
    return score(attrs.evolve(framework, na_policy="zero"), assessment)


def adds_a_bonus_point(framework: Framework, assessment: Assessment) -> ScoreCard:
    """Adds one point to the total, whatever the maximum."""
    card = score(framework, assessment)
    return attrs.evolve(card, total=attrs.evolve(card.total, points=card.total.points + 1))


def test_na_equivalence_bites_on_a_forgotten_renormalisation() -> None:
    additive = frameworks(aggregations=aggregations(types=["additive"]), node_aggregations=st.none())
    with _fails("not-applicable equivalence") as caught:
        check_na_equivalent(forgets_to_renormalise, frameworks=additive)
    assert "not applicable" in str(caught.value)
    assert "responses:" in str(caught.value)


def test_bounds_bites_on_a_scorer_that_overflows_the_total() -> None:
    with _fails("bounds") as caught:
        check_bounds(adds_a_bonus_point, frameworks=SMALL)
    assert "node 'total'" in str(caught.value)


def test_additivity_bites_on_a_scorer_that_adds_to_the_total() -> None:
    with _fails("additivity"):
        check_additive(adds_a_bonus_point, frameworks=SMALL)


def test_monotonicity_bites_on_a_scorer_that_rewards_failure() -> None:
    def inverted(framework: Framework, assessment: Assessment) -> ScoreCard:
        card = score(framework, assessment)
        total = card.total
        return attrs.evolve(card, total=attrs.evolve(total, points=total.maximum - total.points))

    with _fails("monotonicity") as caught:
        check_monotone(inverted, frameworks=SMALL)
    assert "lowered 'total'" in str(caught.value)


# --- broken serializers -----------------------------------------------------------------------


class DropsNotes:
    """JSON that silently drops every ``note`` (a serializer that drops a field)."""

    name = "json-without-notes"
    suffixes = (".json",)

    def parse(self, text: str) -> Any:
        return JSON.parse(text)

    def render(self, data: Mapping[str, Any]) -> str:
        def strip(value: Any) -> Any:
            if isinstance(value, Mapping):
                return {k: strip(v) for k, v in value.items() if k != "note"}
            if isinstance(value, list):
                return [strip(v) for v in value]
            return value

        return JSON.render(strip(data))


class Stamped:
    """JSON with a write counter in it: the same object never gives the same bytes twice."""

    name = "stamped-json"
    suffixes = (".json",)

    def __init__(self) -> None:
        self.counter = itertools.count()

    def parse(self, text: str) -> Any:
        data = JSON.parse(text)
        data.pop("written", None)
        return data

    def render(self, data: Mapping[str, Any]) -> str:
        return JSON.render({**data, "written": next(self.counter)})


class UnsortedJson:
    """JSON in the order the keys came: equal objects with tables in another order differ."""

    name = "unsorted-json"
    suffixes = (".json",)

    def parse(self, text: str) -> Any:
        return JSON.parse(text)

    def render(self, data: Mapping[str, Any]) -> str:
        return json.dumps(data, default=str, ensure_ascii=False)


def test_round_trip_bites_on_a_serializer_that_drops_a_field() -> None:
    with _fails("round trip") as caught:
        check_round_trip(DropsNotes(), objects=frameworks())
    assert ".note" in str(caught.value)


def test_determinism_bites_on_a_stamped_serializer() -> None:
    with _fails("determinism") as caught:
        check_deterministic(Stamped(), objects=labels())
    assert "different bytes" in str(caught.value)


def test_determinism_bites_on_a_serializer_that_keeps_the_key_order() -> None:
    likert = frameworks(rule_types=["likert"], max_leaves=1, max_sections=0)
    answered = likert.flatmap(lambda fw: assessments(fw, complete=True, max_evidence=0, max_findings=0))
    with _fails("determinism") as caught:
        check_deterministic(UnsortedJson(), objects=answered)
    assert "reordered" in str(caught.value)


def test_the_correct_serializers_pass() -> None:
    check_round_trip("json", objects=evidence())
    check_deterministic("json", objects=labels())


def test_a_law_used_inside_your_own_given_test_draws_from_it() -> None:
    from hypothesis import given

    @given(st.data())
    def mine(data: st.DataObject) -> None:
        check_bounds(Uncapped(), values=st.integers(0, 10).map(Fraction), data=data)

    with _fails("bounds"):
        mine()
