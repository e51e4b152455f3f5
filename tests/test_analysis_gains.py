"""Gains: what raises the score most, and the fewest criteria that lift a unit into the next band."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import Band, Response, examples, score
from parlib.analysis import fewest_reaching, gains, next_band
from parlib.cli import main

amounts = st.lists(st.fractions(min_value=0, max_value=5, max_denominator=4), max_size=8)


def test_the_top_gains_of_the_seed_are_what_the_inspection_criticised() -> None:
    """Job positions (4.2.2), ISO 9001 (7.4.x), the training plan (5.2.1), online services (7.3.x)."""
    fw, a = examples.framework(), examples.assessment()
    top = [g.criterion for g in gains(fw, score(fw, a), a)[:8]]
    assert top[0] == "4.2.2"
    for criticised in ("4.2.2", "7.4.2", "7.4.3", "5.2.1", "7.3.1", "7.3.2"):
        assert criticised in top
    by_id = {g.criterion: g for g in gains(fw, score(fw, a), a)}
    assert [f.id for f in by_id["7.4.2"].findings] == ["F8"]
    assert "recommended: Update, apply, maintain and improve" in by_id["7.4.2"].needs()
    assert [e.id for e in by_id["4.2.2"].cited] == ["E4"]
    assert by_id["4.2.2"].evidence_required


def test_index_gain_is_points_lost_over_the_applicable_maximum() -> None:
    fw, a = examples.framework(), examples.assessment()
    card = score(fw, a)
    ranked = gains(fw, card, a)
    assert all(g.index_gain == g.lost / card.total.applicable_maximum * 100 for g in ranked)
    assert [g.index_gain for g in ranked] == sorted((g.index_gain for g in ranked), reverse=True)
    assert len(ranked) == len(card.lost_points())
    assert all(g.exact for g in ranked)


def test_meeting_a_criterion_adds_exactly_its_gain() -> None:
    fw, a = examples.framework(), examples.assessment()
    card = score(fw, a)
    fixed = attrs.evolve(a, responses=[r for r in a.responses if r.criterion != "5.2.1"] + [Response("5.2.1", True)])
    g = next(g for g in gains(fw, card, a) if g.criterion == "5.2.1")
    assert score(fw, fixed).final_index - card.final_index == g.index_gain  # type: ignore[operator]


def brute_force(values: list[Fraction], gap: Fraction, strict: bool) -> int | None:
    for k in range(len(values) + 1):
        for combo in itertools.combinations(values, k):
            total = sum(combo, Fraction(0))
            if (total > gap) if strict else (total >= gap):
                return k
    return None


@given(amounts, st.fractions(min_value=-1, max_value=20, max_denominator=4), st.booleans())
def test_largest_first_is_the_fewest_criteria(values: list[Fraction], gap: Fraction, strict: bool) -> None:
    """Proof by exhaustion on small cases: no set of fewer criteria reaches the gap."""
    chosen = fewest_reaching(values, gap, strict=strict)
    best = brute_force(values, gap, strict)
    if best is None:
        assert chosen is None
    else:
        assert chosen is not None
        assert len(chosen) == best
        total = sum((values[i] for i in chosen), Fraction(0))
        assert total > gap if strict else total >= gap
        assert len(set(chosen)) == len(chosen)


def test_the_next_band_plan_of_the_seed() -> None:
    fw = examples.framework()
    card = score(fw, examples.assessment())
    plan = next_band(fw, card)
    assert plan is not None
    assert plan.reachable
    assert (plan.current.label, plan.target.label) == ("B", "A")  # type: ignore[union-attr]
    assert [g.criterion for g in plan.criteria] == ["4.2.2", "7.3.2", "7.4.2", "8.4", "7.3.1"]
    assert plan.index_after is not None
    assert plan.index_after >= 90
    four = sum((g.lost for g in plan.criteria[:4]), Fraction(0))
    assert (card.total.points + four) / card.total.applicable_maximum * 100 < 90


def test_no_plan_in_the_top_band_and_an_unreachable_band() -> None:
    fw = examples.framework()
    card = score(fw, examples.assessment())
    top = attrs.evolve(fw, bands=[Band(label="B", gte=80), Band(label="C", gte=0)])
    assert next_band(top, card) is None
    out_of_reach = attrs.evolve(fw, bands=[Band(label="S", gt=100), Band(label="A", gte=0)])
    plan = next_band(out_of_reach, card)
    assert plan is not None
    assert not plan.reachable
    assert plan.criteria == ()
    below_all = attrs.evolve(fw, bands=[Band(label="A", gte=90)])
    assert next_band(below_all, card).target.label == "A"  # type: ignore[union-attr]


def test_cli_gains_on_the_bundled_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gains", "--top", "8"]) == 0
    out = capsys.readouterr().out
    assert " 1. 4.2.2  +2.01 index" in out
    assert "(and 13 more)" in out
    assert "Next band A (>= 90)" in out
    assert main(["gains", str(examples.path()), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["next_band"]["criteria"] == ["4.2.2", "7.3.2", "7.4.2", "8.4", "7.3.1"]
    assert data["gains"][0]["findings"] == ["F5"]
