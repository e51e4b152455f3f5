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


@pytest.mark.xfail(
    strict=True,
    reason="bug: JSON writes tables with sorted keys, so likert options (and severity tiers) come back in"
    " another order and load(dump(x)) != x (rules/survey.py, rules/tiers.py: keep the order or sort on load)",
)
@pytest.mark.parametrize("rule", [Likert(weights={"B": 60, "A": 100}), Severity(tiers={"minor": 50, "full": 100})])
def test_json_keeps_option_order(rule: object) -> None:
    assert loads(dumps(rule, "json"), type(rule), "json") == rule


@pytest.mark.xfail(
    strict=True,
    reason="bug: equal responses whose value tables list their keys in another order give different TOML"
    " (io/converter.py writes value tables in insertion order; sort them as JSON does)",
)
def test_toml_sorts_value_tables() -> None:
    one = Response("1", {"numerator": 0, "denominator": 0})
    other = Response("1", {"denominator": 0, "numerator": 0})
    assert one == other
    assert dumps(one, "toml") == dumps(other, "toml")


@pytest.mark.xfail(
    strict=True,
    reason="bug: the geometric mean's float path depends on the scale of the weights (weights 1000/1000 give"
    " another last digit than 1/1); normalising weights exactly (w / sum w) before floats makes it invariant",
)
def test_geometric_mean_scales_exactly() -> None:
    def framework(weight: int) -> Framework:
        children = [
            _leaf("1", {"type": "bands", "bands": [{"points": "0.05", "gte": 0}]}, weight=weight),
            _leaf("2", {"type": "boolean"}, weight=weight),
        ]
        return _framework(*children, aggregation="geometric-mean")

    answers = _answers(Response("1", 0), Response("2", True))
    assert score(framework(1), answers).total.points == score(framework(1000), answers).total.points


@pytest.mark.xfail(
    strict=True,
    reason="bug: a severity tier named like a number ('1') passes the rule's check, but a response '1' is read"
    " as the number 1 and the tier is unknown (rules/tiers.py: refuse such names, or match them)",
)
def test_severity_tiers_named_like_numbers_can_be_answered() -> None:
    framework = _framework(_leaf("1", Severity(tiers={"1": 100, "2": 50})))
    assert score(framework, _answers(Response("1", "1"))).total.points == 1


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
