"""
Bugs the laws found in built-ins, kept as the shrunk counterexample.

A strict xfail is a bug still open: when the fix lands the test passes, the
suite fails on XPASS, and the marker (and the matching entry in
tests/test_laws_builtins.py ``KNOWN_BUGS``) should go. Tests without a marker
pin bugs already fixed.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from parlib import Assessment, Criterion, Framework, FrameworkRef, Response, Subject, score
from parlib.io import dumps, loads
from parlib.rules import Likert, Severity


def _framework(*criteria: Criterion, **options: object) -> Framework:
    return Framework(id="f", version="1", title={"en": "F", "vi": "F"}, criteria=list(criteria), **options)  # type: ignore[arg-type]


def _leaf(node_id: str, rule: object, maximum: object = 1, **options: object) -> Criterion:
    return Criterion(id=node_id, label={"en": node_id, "vi": node_id}, max=maximum, rule=rule, **options)  # type: ignore[arg-type]


def _answers(*responses: Response) -> Assessment:
    return Assessment(framework=FrameworkRef("f", "1"), subject=Subject("u", {"en": "U"}), period="2018",
                      responses=list(responses))  # fmt: skip


@pytest.mark.parametrize("fmt", ["json", "toml"])
@pytest.mark.parametrize("rule", [Likert(weights={"B": 60, "A": 100}), Severity(tiers={"minor": 50, "full": 100})])
def test_json_keeps_option_order(rule: object, fmt: str) -> None:
    """Fixed: JSON sorted the keys of every table, so likert options and severity tiers came back reordered."""
    text = dumps(rule, fmt)
    assert loads(text, type(rule), fmt) == rule
    first, second = ("B", "A") if isinstance(rule, Likert) else ("minor", "full")
    assert text.index(f"{first}") < text.index(f"{second}")


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_toml_sorts_value_tables(fmt: str) -> None:
    """Fixed: TOML wrote value tables in insertion order, so equal responses gave different bytes."""
    one = Response("1", {"numerator": 0, "denominator": 0})
    other = Response("1", {"denominator": 0, "numerator": 0})
    assert one == other
    assert dumps(one, fmt) == dumps(other, fmt)
    assert loads(dumps(one, fmt), Response, fmt) == one


def _two_leaves(weights: tuple[object, object], aggregation: object) -> Framework:
    children = [
        _leaf("1", {"type": "bands", "bands": [{"points": "0.25", "gte": 1}, {"points": "0.05", "gte": 0}]},
              weight=weights[0]),
        _leaf("2", {"type": "boolean"}, weight=weights[1]),
    ]  # fmt: skip
    return _framework(*children, aggregation=aggregation)


@pytest.mark.parametrize(
    "aggregation",
    ["geometric-mean", {"type": "power-mean", "p": 0}, {"type": "power-mean", "p": "0.5"},
     {"type": "power-mean", "p": "-1/3"}, {"type": "power-mean", "p": 3}],
)  # fmt: skip
@pytest.mark.parametrize("weights", [(1, 1), (1, 3), (2, 5)])
@pytest.mark.parametrize("answer", [0, 1])
def test_geometric_mean_scales_exactly(aggregation: object, weights: tuple[int, int], answer: int) -> None:
    """Fixed: the float path of geometric and power means depended on the scale of the sibling weights."""
    answers = _answers(Response("1", answer), Response("2", True))
    expected = score(_two_leaves(weights, aggregation), answers).total.points
    for factor in (1000, Fraction(1, 7), Fraction(10**9, 3)):
        scaled = (weights[0] * factor, weights[1] * factor)
        assert score(_two_leaves(scaled, aggregation), answers).total.points == expected


def test_geometric_mean_is_exact_whatever_the_weights_scale() -> None:
    """The exact root (sqrt(25% * 100%) = 50%) is found for weights 1000/1000 and 1/3 / 1/3 too, not only 1/1."""
    answers = _answers(Response("1", 1), Response("2", True))
    for weight in (1, 1000, Fraction(1, 3)):
        assert score(_two_leaves((weight, weight), "geometric-mean"), answers).total.points == 50


def test_severity_tiers_named_like_numbers_can_be_answered() -> None:
    """Fixed: a response "1" is read as the number 1, and no longer fails to find the tier named "1"."""
    framework = _framework(_leaf("1", Severity(tiers={"1": 100, "2": 50, "0.5": 0})))
    assert score(framework, _answers(Response("1", "1"))).total.points == 1
    assert score(framework, _answers(Response("1", "2"))).total.points == Fraction(1, 2)
    assert score(framework, _answers(Response("1", 1))).total.points == 1
    assert score(framework, _answers(Response("1", "0.5"))).total.points == 0


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("toml", 'framework = { id = "f", version = "1" }\nsubject = { id = "u", name = { en = "U" } }\n'
                 'period = "2018"\n[[responses]]\ncriterion = "1"\nvalue = "0.5"\n'),
        ("json", '{"framework": {"id": "f", "version": "1"}, "subject": {"id": "u", "name": {"en": "U"}},'
                 ' "period": "2018", "responses": [{"criterion": "1", "value": "0.5"}]}'),
    ],
)  # fmt: skip
def test_severity_tiers_named_like_numbers_are_answered_from_files(fmt: str, text: str) -> None:
    framework = _framework(_leaf("1", Severity(tiers={"full": 100, "0.5": 50}), maximum=2))
    answers = loads(text, Assessment, fmt)
    card = score(framework, answers)
    assert card.total.points == 1
    assert loads(dumps(answers, fmt), Assessment, fmt) == answers
    assert "0.5 = 50% of 2 -> 1" in next(card.traces()).text()


def test_severity_tiers_that_read_as_the_same_number_are_refused() -> None:
    problems = Severity(tiers={"1": 100, "1.0": 50, "x": 0}).check(Fraction(1))
    assert [(p.path, "same number" in p.message) for p in problems] == [("$.tiers.1.0", True)]


def test_non_additive_top_in_an_additive_framework_keeps_its_maximum() -> None:
    """Fixed: the framework's maximum once summed Criterion.maximum (2) instead of the node's 100."""
    top = Criterion(
        id="1",
        label={"en": "a", "vi": "a"},
        aggregation="weighted-mean",
        children=[_leaf("1.1", {"type": "boolean"}), _leaf("1.2", {"type": "boolean"})],
    )
    framework = _framework(top, max=100)
    card = score(framework, _answers(Response("1.1", True), Response("1.2", True)))
    assert (card.total.points, card.total.maximum) == (Fraction(100), Fraction(100))
