"""
The library's own suite uses its toolkit: every law over every built-in rule
(:data:`parlib.rules.RULES`), aggregation (:data:`parlib.aggregation.AGGREGATIONS`)
and serializer (:data:`parlib.io.SERIALIZERS`), driven from the registries, so a
new built-in is covered by registering it (and, for a rule, its strategies in
:data:`parlib.testing.RULE_STRATEGIES`).

The number of examples per law comes from the Hypothesis profile: ``ci`` runs
200, ``HYPOTHESIS_PROFILE=thorough`` 5,000.

Known bugs found by these laws are listed in ``KNOWN_BUGS``: the general law
runs without the failing region, and tests/test_laws_regressions.py keeps the
failing example as a strict xfail. When a fix lands, that xfail passes (and
fails the suite): remove it and the entry here.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import Assessment, Framework, score
from parlib.aggregation import AGGREGATIONS, to_aggregation
from parlib.batch import BatchScore, score_many
from parlib.io import SERIALIZERS, dumps, loads
from parlib.rules import RULES
from parlib.scorecard import ScoreCard
from parlib.testing import (
    RULE_STRATEGIES,
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
    frameworks,
    maxima,
    rule_types,
    rules,
    traits,
)

KNOWN_BUGS: dict[tuple[str, str], str] = {}
"""(law, built-in) -> the bug; the general law below runs without the failing region."""

FLOAT_TOLERANCE = Fraction(1, 10**12)
"""Relative tolerance for aggregations documented to use floats, while their exact scaling is a known bug."""


def _every_rule_type() -> list[str]:
    return list(RULES.names())


def _every_aggregation() -> list[str]:
    return list(AGGREGATIONS.names())


def _trees(name: str, **fixed: Any) -> Any:
    """Frameworks whose every node aggregates with the built-in *name* (all its parameters)."""
    return frameworks(aggregations=aggregations(types=[name]), node_aggregations=st.none(), **fixed)


def _adds_up(name: str) -> bool:
    """Whether points add up under *name*: an additive aggregation that is not all-or-nothing."""
    instance = to_aggregation(name)
    return instance.additive and traits(instance).keeps_positive


REFUSE_ZERO = ("geometric-mean", "harmonic-mean", "power-mean")
"""Built-ins that refuse a child at 0 (a power mean with p <= 0)."""


# --- registries are covered -------------------------------------------------------------------


def test_every_rule_type_has_strategies() -> None:
    missing = [name for name in RULES.names() if name not in RULE_STRATEGIES.names()]
    assert not missing, f"register RuleStrategies for {missing} in parlib.testing.builtin_rules"


def test_every_aggregation_and_serializer_is_listed() -> None:
    assert {"additive", "weighted-mean", "geometric-mean"} <= set(_every_aggregation())
    assert {"toml", "json"} <= set(SERIALIZERS.names())


# --- rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule_type", _every_rule_type())
@given(data=st.data())
def test_rule_laws(rule_type: str, data: st.DataObject) -> None:
    """Bounds and monotonicity for a drawn rule of each built-in type, drawn inside this test."""
    maximum = data.draw(maxima(allow_zero=True))
    if rule_type not in rule_types(maximum, _every_rule_type()):
        maximum = Fraction(1)
    rule = data.draw(rules(maximum=maximum, types=[rule_type]))
    check_bounds(rule, maxima=st.just(maximum), data=data)
    check_monotone(rule, maxima=st.just(maximum), data=data)


# --- aggregations -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", _every_aggregation())
def test_bounds(name: str) -> None:
    check_bounds(score, frameworks=_trees(name))


@pytest.mark.parametrize("name", _every_aggregation())
def test_monotone(name: str) -> None:
    check_monotone(score, frameworks=_trees(name))


@pytest.mark.parametrize("name", _every_aggregation())
def test_na_equivalent(name: str) -> None:
    check_na_equivalent(score, frameworks=_trees(name, na_policies=st.just("exclude"), na_min_shares=st.none()))


@pytest.mark.parametrize("name", _every_aggregation())
def test_permutation_invariant(name: str) -> None:
    check_permutation_invariant(score, frameworks=_trees(name))


@pytest.mark.parametrize("name", _every_aggregation())
def test_scale_invariant(name: str) -> None:
    tolerance = FLOAT_TOLERANCE if ("scale invariance", name) in KNOWN_BUGS else Fraction(0)
    check_scale_invariant(score, frameworks=_trees(name), tolerance=tolerance)


@pytest.mark.parametrize("name", [n for n in _every_aggregation() if n in REFUSE_ZERO])
def test_means_that_refuse_zero_score_when_not_applicable_counts_as_zero(name: str) -> None:
    """Geometric, harmonic and power means under the ``zero`` policy: the strategies keep every tree scoreable."""
    trees = _trees(name, na_policies=st.just("zero"))
    check_bounds(score, frameworks=trees)
    check_monotone(score, frameworks=trees)


@pytest.mark.parametrize("name", [n for n in _every_aggregation() if _adds_up(n)])
def test_additive(name: str) -> None:
    check_additive(score, frameworks=_trees(name, na_min_shares=st.none()))


def test_all_or_nothing_is_not_additive() -> None:
    """xccdf-absolute is 'additive' in its maxima but gives 0 unless every part is full: no additivity law."""
    assert not _adds_up("xccdf-absolute")


# --- the scorer over mixed trees (every aggregation, overridden per node) ----------------------


def test_score_bounds_on_mixed_trees() -> None:
    check_bounds(score)


def test_score_monotone_on_mixed_trees() -> None:
    check_monotone(score)


def test_score_na_equivalent_on_mixed_trees() -> None:
    check_na_equivalent(score)


def test_score_permutation_invariant_on_mixed_trees() -> None:
    check_permutation_invariant(score)


def test_score_additive_on_additive_trees() -> None:
    check_additive(score)


# --- serializers ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SERIALIZERS.names()))
def test_round_trip(name: str) -> None:
    check_round_trip(name)


@pytest.mark.parametrize("name", list(SERIALIZERS.names()))
def test_deterministic(name: str) -> None:
    check_deterministic(name)


# --- layered assessments: files, every layer, the batch scorer ---------------------------------


def _inspections() -> st.SearchStrategy[tuple[Framework, Assessment]]:
    """Frameworks with survey-scored criteria, tiers and layer orders of their own, and their layered assessments."""
    trees = frameworks(survey=True, tiers=True, layers=True)
    return trees.flatmap(lambda fw: st.tuples(st.just(fw), assessments(fw, layers=True)))


def _numbers(card: ScoreCard, batch: BatchScore | None = None) -> dict[str, object]:
    """What *card* (or the *batch* result for the same nodes) says on every node, and in total."""
    nodes = (card.total, *card.nodes())
    if batch is None:
        by_node = {n.id: (n.points, n.applicable_maximum, n.index) for n in nodes}
        return {"nodes": by_node, "final": (card.final_points, card.final_index, card.band)}
    by_node = {n.id: (batch.points(n.id), batch.applicable_maximum(n.id), batch.index(n.id)) for n in nodes}
    return {"nodes": by_node, "final": (batch.final_points, batch.final_index, batch.band)}


@given(_inspections())
def test_layered_assessments_round_trip_and_score_alike_at_every_layer(case: tuple[Framework, Assessment]) -> None:
    """
    Through every file format, each layer (and each the framework defines) scores as before:
    the numbers (a trace may list a table answer's entries in another order, files sort them).
    """
    framework, assessment = case
    for fmt in SERIALIZERS.names():
        fw_back = loads(dumps(framework, fmt), Framework, fmt)
        back = loads(dumps(assessment, fmt), Assessment, fmt)
        assert (fw_back, back) == (framework, assessment), fmt
        for name in framework.layers:
            before, after = score(framework, assessment, layer=name), score(fw_back, back, layer=name)
            assert _numbers(after) == _numbers(before), (fmt, name)


@given(_inspections())
def test_the_batch_scorer_scores_every_layer_as_score_does(case: tuple[Framework, Assessment]) -> None:
    framework, assessment = case
    flat = [assessment, *(assessment.flatten(name) for name in assessment.layer_names)]
    cards = [score(framework, assessment), *(score(framework, assessment, layer=n) for n in assessment.layer_names)]
    for result, card in zip(score_many(framework, flat), cards, strict=True):
        assert _numbers(card, result) == _numbers(card)
