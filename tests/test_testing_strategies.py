"""
The strategies of :mod:`parlib.testing`: valid by construction, within their bounds,
shrinking to small examples, refusing impossible arguments, registered with
``st.from_type``, and never imported by ``import parlib``.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Iterator
from fractions import Fraction
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from parlib import (
    Assessment,
    Criterion,
    Evidence,
    Finding,
    Framework,
    Label,
    Recommendation,
    Response,
    check_assessment,
    score,
)
from parlib.assessment import answer_key
from parlib.errors import Problem
from parlib.framework import LAYERS, SURVEY_LAYER
from parlib.layers import apply_adjustments, survey_scored
from parlib.numbers import parse_number
from parlib.rules import RULES, Boolean, Outcome, Severity, Value
from parlib.rules.base import as_number
from parlib.testing import (
    RULE_STRATEGIES,
    RuleStrategies,
    Tape,
    aggregations,
    assessments,
    check_monotone,
    criteria,
    evidence,
    findings,
    frameworks,
    guarded_criteria,
    labels,
    maxima,
    positive_values,
    refuses_zero,
    responses,
    rules,
    shapes,
    values_for,
    weight_schemes,
)


def _depth(node: Criterion) -> int:
    return 1 + max((_depth(c) for c in node.children), default=0)


def _pairs(strategy: st.SearchStrategy[Framework], **options: Any) -> st.SearchStrategy[tuple[Framework, Assessment]]:
    return strategy.flatmap(lambda fw: st.tuples(st.just(fw), assessments(fw, **options)))


# --- valid by construction --------------------------------------------------------------------


@given(frameworks(max_depth=2, max_width=2, max_leaves=5))
def test_frameworks_stay_within_their_bounds(fw: Framework) -> None:
    assert max(_depth(c) for c in fw.criteria) <= 2
    assert sum(1 for c in fw.leaves() if c.role == "normal") <= 5
    assert all(len(c.children) <= 2 for c in fw.walk())
    assert sum(1 for c in fw.criteria if c.role == "normal") <= 2
    assert all(set(fw.languages) <= set(c.label.languages) for c in fw.walk())


@given(_pairs(frameworks()))
def test_assessments_fit_their_framework_and_score(case: tuple[Framework, Assessment]) -> None:
    framework, assessment = case
    assert check_assessment(framework, assessment) == []
    card = score(framework, assessment)
    assert 0 <= card.total.points <= card.total.maximum
    cited = {e for r in assessment.responses for e in r.evidence} | {e for f in assessment.findings for e in f.evidence}
    assert cited <= {e.id for e in assessment.evidence}


@given(_pairs(frameworks(), complete=True, not_applicable=False, stand_ins=False))
def test_complete_assessments_answer_every_leaf(case: tuple[Framework, Assessment]) -> None:
    framework, assessment = case
    assert {r.criterion for r in assessment.responses} == {c.id for c in framework.leaves()}
    assert not any(r.not_applicable for r in assessment.responses)


@given(_pairs(frameworks(aggregations=aggregations(types=["geometric-mean", "harmonic-mean"]))))
def test_leaves_under_means_that_refuse_zero_earn_points(case: tuple[Framework, Assessment]) -> None:
    framework, assessment = case
    assert refuses_zero(framework.aggregation)
    score(framework, assessment)  # a 0 under a geometric or harmonic mean would raise


MEANS_WHERE_NA_IS_ZERO = frameworks(
    aggregations=aggregations(types=["geometric-mean", "harmonic-mean"]), na_policies=st.just("zero")
)


@given(_pairs(MEANS_WHERE_NA_IS_ZERO))
def test_means_that_refuse_zero_take_the_zero_policy_too(case: tuple[Framework, Assessment]) -> None:
    framework, assessment = case
    assert framework.na_policy == "zero"
    score(framework, assessment)  # an answer that does not apply counts 0: none is given below these means


def _leaf(node_id: str, rule: dict[str, object], **options: Any) -> Criterion:
    return Criterion(id=node_id, label={"en": node_id, "vi": node_id}, max=1, rule=rule, **options)


NESTED = Framework(
    id="nested",
    version="1",
    title={"en": "Nested", "vi": "Nested"},
    aggregation="geometric-mean",
    na_policy="zero",
    criteria=[
        Criterion(
            id="1",
            label={"en": "1", "vi": "1"},
            aggregation="weighted-mean",
            na_policy="exclude",
            allow_na=True,
            children=[
                _leaf("1.1", {"type": "boolean", "allow_na": True}),
                _leaf("1.2", {"type": "manual", "allow_na": True}),
            ],
        ),
        _leaf("2", {"type": "boolean", "allow_na": True}),
    ],
)


@given(assessments(NESTED))
def test_assessments_of_any_framework_avoid_zero_under_a_mean_that_refuses_it(assessment: Assessment) -> None:
    """The top counts "not applicable" as 0, so nothing below it may be: not '1', nor both of its leaves."""
    card = score(NESTED, assessment)
    assert all(node.applicable_maximum > 0 and node.points > 0 for node in card.total.children)


def test_assessments_are_planned_once_per_framework() -> None:
    assert assessments(NESTED) is assessments(NESTED)
    assert assessments(NESTED, complete=True) is not assessments(NESTED)


# --- inspections: survey-scored criteria, tiers, layer orders, layered assessments ---------------

INSPECTED = frameworks(survey=True, tiers=True, layers=True)


def _layered(**options: Any) -> st.SearchStrategy[tuple[Framework, Assessment]]:
    return _pairs(INSPECTED, layers=True, **options)


def _answers(responses: Any) -> dict[str, tuple[object, ...]]:
    return {r.criterion: answer_key(r.value, r.not_applicable) for r in responses}


@given(INSPECTED)
def test_inspected_frameworks_have_a_survey_layer_where_a_criterion_is_survey_scored(fw: Framework) -> None:
    assert SURVEY_LAYER in fw.layers or not survey_scored(fw)
    assert fw.tiers is None or len(fw.tiers.labels) >= 2


def test_inspected_frameworks_reach_survey_criteria_tiers_and_layer_orders() -> None:
    assert find(INSPECTED, lambda fw: any(c.survey for c in fw.walk())).layers == LAYERS
    assert find(INSPECTED, lambda fw: fw.tiers is not None).tiers is not None
    assert find(INSPECTED, lambda fw: fw.layers != LAYERS).layers != LAYERS


@given(_layered())
def test_layered_assessments_fit_their_framework_and_score_at_every_layer(case: tuple[Framework, Assessment]) -> None:
    framework, assessment = case
    assert not assessment.responses
    assert assessment.layer_names[0] == framework.layers[0]
    assert list(assessment.layer_names) == [name for name in framework.layers if name in assessment.layer_names]
    assert check_assessment(framework, assessment) == []
    for name in framework.layers:
        card = score(framework, assessment, layer=name)
        assert 0 <= card.total.points <= card.total.maximum
    surveyed = survey_scored(framework)
    for layer in assessment.layers:
        assert all((r.criterion in surveyed) == (layer.name == SURVEY_LAYER) for r in layer.responses)
        assert all(adj.reason.strip() and (adj.author or layer.author) for adj in layer.adjustments)
    locked = [layer.is_locked for layer in assessment.layers]
    assert locked == sorted(locked, reverse=True)  # layers lock in order


@given(_layered())
def test_a_layers_adjustments_take_the_layer_before_to_it(case: tuple[Framework, Assessment]) -> None:
    _, assessment = case
    for before, after in itertools.pairwise(assessment.layer_names):
        if after == SURVEY_LAYER:
            continue  # survey results are first answers, not changes
        earlier = [r for r, _ in assessment.effective_responses(before)]
        rebuilt = apply_adjustments(earlier, assessment.layer(after).adjustments)
        assert _answers(rebuilt) == _answers(r for r, _ in assessment.effective_responses(after))


@given(_layered(complete=True, not_applicable=False, stand_ins=False))
def test_complete_layered_assessments_answer_every_leaf_at_the_last_layer(case: tuple[Framework, Assessment]) -> None:
    framework, assessment = case
    last = _answers(r for r, _ in assessment.effective_responses())
    assert set(last) == {c.id for c in framework.leaves()}
    assert ("not-applicable",) not in last.values()


@given(
    _pairs(frameworks(aggregations=aggregations(types=["geometric-mean", "harmonic-mean"]), survey=True), layers=True)
)
def test_layered_assessments_under_means_that_refuse_zero_score_at_every_layer(
    case: tuple[Framework, Assessment],
) -> None:
    framework, assessment = case
    assert not survey_scored(framework) & guarded_criteria(framework)
    for name in framework.layers:
        score(framework, assessment, layer=name)  # a 0 under a geometric or harmonic mean would raise


def test_layered_assessments_reach_chains_locks_and_the_survey_layer() -> None:
    chained = find(_layered(), lambda c: any(len(layer.adjustments_of(adj.criterion)) > 1
                                              for layer in c[1].layers for adj in layer.adjustments))  # fmt: skip
    assert chained[1].layers[-1].adjustments
    assert find(_layered(), lambda c: c[1].layers[0].is_locked)[1].layers[0].lock is not None
    surveyed = find(_layered(), lambda c: any(layer.name == SURVEY_LAYER and layer.responses for layer in c[1].layers))
    assert survey_scored(surveyed[0])


def test_layered_assessments_shrink_to_the_first_layer_alone() -> None:
    framework, assessment = find(_layered(), lambda c: True)
    assert framework.layers == LAYERS
    assert framework.tiers is None
    assert not any(c.survey for c in framework.walk())
    assert assessment.layer_names == (framework.layers[0],)
    assert not assessment.layers[0].is_locked
    smallest = find(_layered(), lambda c: any(layer.adjustments for layer in c[1].layers))
    assert sum(1 for _ in smallest[0].leaves()) == 1
    assert len(smallest[1].layers) == 2


def _inspected(aggregation: str, layers: tuple[str, ...], *, survey: bool) -> Framework:
    """Two boolean leaves, the first survey-scored when *survey*."""
    first = _leaf("1", {"type": "boolean"}, survey=survey)
    return Framework(
        id="f",
        version="1",
        title={"en": "F", "vi": "F"},
        criteria=[first, _leaf("2", {"type": "boolean"})],
        aggregation=aggregation,
        layers=layers,
    )


@pytest.mark.parametrize(
    ("framework", "message"),
    [
        (_inspected("geometric-mean", LAYERS, survey=True), "criterion '1' .* has no answer in layer 'self'"),
        (_inspected("additive", (SURVEY_LAYER,), survey=True), "has only the 'survey' layer"),
        (
            _inspected("geometric-mean", (SURVEY_LAYER, "final"), survey=True),
            "criterion '2' .* has no answer in the 'survey' layer",
        ),
    ],
)
def test_layered_assessments_that_could_not_score_at_some_layer_are_refused(framework: Framework, message: str) -> None:
    assert isinstance(assessments(framework), st.SearchStrategy)  # a plain assessment answers all at once
    with pytest.raises(InvalidArgument, match=message):
        assessments(framework, layers=True)


@given(assessments(_inspected("additive", (SURVEY_LAYER, "self", "final"), survey=True), layers=True))
def test_a_survey_layer_that_comes_first_is_followed_by_the_first_answers(assessment: Assessment) -> None:
    framework = _inspected("additive", (SURVEY_LAYER, "self", "final"), survey=True)
    assert assessment.layer_names[:2] == (SURVEY_LAYER, "self")
    assert check_assessment(framework, assessment) == []
    for name in framework.layers:
        score(framework, assessment, layer=name)


# --- severity tiers named like numbers --------------------------------------------------------

NUMBER_LIKE = frozenset({"1", "0.5", "1e2", "-1"})


@given(rules(maximum=2, types=["severity"]), st.data())
def test_severity_tiers_named_like_numbers_are_answered_as_numbers(rule: Severity, data: st.DataObject) -> None:
    assert rule.check(Fraction(2)) == []
    name = data.draw(st.sampled_from([n for n, _ in rule.tiers]))
    as_read = Response("1", name).value  # a file gives "0.5" as the number 1/2
    assert as_read is not None
    assert rule.score(as_read, Fraction(2)).points == rule.score(name, Fraction(2)).points
    numbers = [parse_number(n) for n, _ in rule.tiers if n in NUMBER_LIKE]
    assert len(set(numbers)) == len(numbers)


def test_severity_tiers_are_sometimes_named_like_numbers() -> None:
    found = find(rules(types=["severity"]), lambda r: any(n in NUMBER_LIKE for n, _ in r.tiers))
    assert isinstance(found, Severity)


@settings(max_examples=20)
@given(frameworks(max_width=8, max_leaves=60).flatmap(assessments))
def test_large_trees_pass_the_health_checks(assessment: Assessment) -> None:
    assert assessment.responses or assessment.subject.id


@pytest.mark.parametrize("pattern", ["flatmap", "data"])
def test_assessments_after_a_framework_are_seldom_the_simplest(pattern: str) -> None:
    # Hypothesis copies one draw over another with the same label while generating; a copy
    # of another size read as all zeros, so about half of these assessments answered every
    # leaf with its simplest choice. What remains is Hypothesis' own zero-extension of its
    # first few examples (about one in twenty).
    drawn: list[tuple[Framework, Assessment]] = []

    @settings(max_examples=100, derandomize=True, database=None, deadline=None)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        if pattern == "flatmap":
            drawn.append(data.draw(frameworks().flatmap(lambda fw: st.tuples(st.just(fw), assessments(fw)))))
        else:
            fw = data.draw(frameworks())
            drawn.append((fw, data.draw(assessments(fw))))

    run()
    simplest = [find(assessments(fw), lambda a: True).responses for fw, _ in drawn]
    plain = sum(a.responses == answers for (_, a), answers in zip(drawn, simplest, strict=True))
    assert plain <= len(drawn) // 10, f"{plain} of {len(drawn)} assessments give the simplest answers"


@given(st.binary(max_size=12), st.integers(-300, 300), st.integers(0, 70000))
def test_tapes_read_choices_in_range(data: bytes, low: int, span: int) -> None:
    tape = Tape(data)
    assert low <= tape.integer(low, low + span) <= low + span
    assert low <= tape.integer(low, low + span, towards=low + span // 2) <= low + span
    picked = tape.distinct(3, low, low + span + 2)
    assert len(set(picked)) == 3
    assert picked == sorted(picked)
    assert Tape(bytes(len(data))).integer(low, low + span) == low  # zero bytes: the simplest choice


@given(data=st.data())
def test_rules_are_valid_for_their_maximum_and_accept_their_values(data: st.DataObject) -> None:
    maximum = data.draw(maxima())
    rule = data.draw(rules(maximum=maximum))
    assert rule.check(maximum) == []
    leaf = Criterion(id="1", label={"en": "x"}, max=maximum, rule=rule)
    points = rule.score(data.draw(values_for(leaf)), maximum).points
    assert points is None or 0 <= points <= maximum
    earning = positive_values(rule, maximum)
    assert earning is not None  # every generated rule can award points
    earned = rule.score(data.draw(earning), maximum).points
    assert earned is not None
    assert earned > 0


@given(weight_schemes(min_size=2, max_size=3))
def test_weight_schemes_have_their_size(scheme: tuple[Fraction | None, ...]) -> None:
    assert 2 <= len(scheme) <= 3
    assert all(w is None or w >= 0 for w in scheme)


def test_weight_schemes_reach_zero_and_extreme_ratios() -> None:
    assert 0 in find(weight_schemes(), lambda ws: 0 in ws)
    extreme = find(weight_schemes(min_size=2), lambda ws: None not in ws and 0 not in ws and max(ws) / min(ws) >= 10**6)  # type: ignore[type-var, operator]
    assert max(extreme) / min(extreme) >= 10**6  # type: ignore[type-var, operator]


@given(findings(criteria=["1", "2"], evidence=["E1"]), evidence())
def test_findings_cite_what_exists(finding: Finding, item: Evidence) -> None:
    assert set(finding.criteria) <= {"1", "2"}
    assert set(finding.evidence) <= {"E1"}
    assert item.id.strip()


@given(labels(languages=("vi", "en", "fr")))
def test_labels_have_every_language(label: Label) -> None:
    assert label.languages == ("en", "fr", "vi")


# --- shrinking --------------------------------------------------------------------------------


def test_frameworks_shrink_to_one_leaf() -> None:
    smallest = find(frameworks(), lambda fw: True)
    assert [c.id for c in smallest.walk()] == ["1"]
    assert smallest.aggregation.type == "additive"


def test_frameworks_shrink_to_the_size_asked_for() -> None:
    three = find(frameworks(), lambda fw: sum(1 for _ in fw.leaves()) >= 3)
    assert sum(1 for _ in three.leaves()) == 3
    assert sum(1 for _ in three.walk()) <= 5


def test_shapes_shrink_to_a_leaf() -> None:
    assert find(shapes(), lambda s: True) == ((),)


# --- impossible arguments ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: labels(languages=()),
        lambda: labels(languages="vi"),
        lambda: frameworks(max_depth=0),
        lambda: frameworks(max_leaves=0),
        lambda: frameworks(aggregations="additive"),  # type: ignore[arg-type]
        lambda: frameworks(rule_types=["no-such-rule"]),
        lambda: rules(maximum=-1),
        lambda: rules(maximum="lots"),
        lambda: rules(maximum=0, types=["count"]),
        lambda: weight_schemes(min_size=3, max_size=2),
        lambda: aggregations(types=[]),
        lambda: assessments("not a framework"),  # type: ignore[arg-type]
        lambda: assessments(_inspected("additive", LAYERS, survey=False), layers="yes"),  # type: ignore[arg-type]
        lambda: frameworks(survey=1),  # type: ignore[arg-type]
        lambda: frameworks(layers=None),  # type: ignore[arg-type]
        lambda: findings(criteria="1.1"),
        lambda: criteria(max_width=0),
    ],
)
def test_impossible_arguments_are_invalid(call: Any) -> None:
    with pytest.raises(InvalidArgument):
        call()


def test_responses_are_for_leaves() -> None:
    inner = Criterion(
        id="1", label={"en": "x"}, children=[Criterion(id="1.1", label={"en": "y"}, max=1, rule=Boolean())]
    )
    with pytest.raises(InvalidArgument, match="leaves"):
        responses(inner)


# --- st.from_type -----------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [Framework, Criterion, Assessment, Response, Evidence, Finding, Recommendation, Label])
def test_from_type_builds_model_objects(cls: type[Any]) -> None:
    assert isinstance(find(st.from_type(cls), lambda x: True), cls)


@pytest.mark.parametrize("name", RULES.names())
def test_from_type_builds_every_builtin_rule(name: str) -> None:
    cls = RULES.get(name)
    assert isinstance(find(st.from_type(cls), lambda x: True), cls)


# --- imports ----------------------------------------------------------------------------------


def _modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(done.stdout.split())


def test_import_parlib_does_not_import_hypothesis() -> None:
    loaded = _modules_after("import parlib, parlib.io; parlib.score")
    assert "hypothesis" not in loaded
    assert not any(m.startswith("parlib.testing") for m in loaded)


def test_importing_hypothesis_loads_no_strategy_module() -> None:
    loaded = _modules_after("import hypothesis")
    assert "parlib.testing._hook" in loaded
    assert not {"parlib.testing.trees", "parlib.testing.rulekit", "parlib.testing.scoring_laws"} & loaded


# --- custom rules join the strategies ---------------------------------------------------------


@attrs.frozen
class OnTime:
    """A custom rule: points in proportion to an on-time rate."""

    type: ClassVar[str] = "on-time"
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        return []

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        rate = min(max(as_number(value), Fraction(0)), Fraction(100))
        return Outcome(maximum * rate / 100, "", "")


@pytest.fixture
def on_time() -> Iterator[None]:
    RULE_STRATEGIES.register(
        "on-time",
        RuleStrategies(
            rules=lambda maximum: st.just(OnTime()),
            values=lambda rule, maximum: st.integers(0, 100).map(Fraction),
            better=lambda rule, value, maximum: st.integers(int(as_number(value)), 100).map(Fraction),
            positive=lambda rule, maximum: st.integers(1, 100).map(Fraction),
        ),
    )
    yield
    RULE_STRATEGIES.unregister("on-time")


@pytest.mark.usefixtures("on_time")
def test_registered_rule_strategies_reach_frameworks_and_laws() -> None:
    mine = frameworks(rule_types=["on-time", "boolean"])
    found = find(mine, lambda fw: any(isinstance(c.rule, OnTime) for c in fw.leaves()))
    assert any(isinstance(c.rule, OnTime) for c in found.leaves())
    check_monotone(OnTime())
    check_monotone(score, frameworks=mine)
