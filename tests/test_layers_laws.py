"""
Laws of layered scoring, on generated frameworks and assessments (parlib.testing):

- bounds, monotonicity and not-applicable equivalence hold when scoring a layer;
- applying a layer's adjustments to the layer before reproduces the layer exactly;
- scoring a layer equals scoring its flattened responses (a second computation);
- a locked layer refuses every change, and dropping an adjustment is always caught.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import ModelError, score
from parlib.aggregation import to_aggregation
from parlib.assessment import Adjustment, Assessment, Layer, Response, answer_key
from parlib.framework import Framework
from parlib.layers import apply_adjustments
from parlib.scorecard import ScoreCard
from parlib.testing import assessments, check_bounds, check_monotone, check_na_equivalent, frameworks

AT = datetime.datetime(2018, 9, 12, 10, 30)


def split(assessment: Assessment) -> Assessment:
    """The same answers as layers: every other response is an appraisal's adjustment of 'no answer'."""
    own = [r for i, r in enumerate(assessment.responses) if i % 2 == 0]
    later = [r for i, r in enumerate(assessment.responses) if i % 2 == 1]
    changes = [Adjustment(r.criterion, new=r.value, new_not_applicable=r.not_applicable, reason="added") for r in later]
    layers = [Layer("self", own, author="unit"), Layer("appraisal-1", later, changes, author="team")]
    return attrs.evolve(assessment, responses=(), layers=layers)


def layer_scorer(layer: str) -> Callable[[Framework, Assessment], ScoreCard]:
    def scorer(framework: Framework, assessment: Assessment) -> ScoreCard:
        return score(framework, split(assessment), layer=layer)

    return scorer


LAYERS = ["appraisal-1", "final"]  # the last layer present, and a later one that stands in by it

# Layers do not depend on how nodes combine; aggregations that refuse a 0 are left out so
# that every generated assessment scores (the laws are about layers, not about those means).
SAFE = st.sampled_from([to_aggregation(name) for name in ("additive", "weighted-mean", "minimum")])


def trees(max_leaves: int = 8) -> st.SearchStrategy[Framework]:
    return frameworks(max_leaves=max_leaves, aggregations=SAFE, node_aggregations=st.none() | SAFE)


@pytest.mark.parametrize("layer", LAYERS)
def test_bounds_hold_at_every_layer(layer: str) -> None:
    check_bounds(layer_scorer(layer), frameworks=trees())


@pytest.mark.parametrize("layer", LAYERS)
def test_a_better_answer_in_a_layer_never_lowers_its_score(layer: str) -> None:
    check_monotone(layer_scorer(layer), frameworks=trees())


@pytest.mark.parametrize("layer", LAYERS)
def test_not_applicable_is_the_same_as_leaving_the_criterion_out_at_every_layer(layer: str) -> None:
    check_na_equivalent(layer_scorer(layer), frameworks=trees())


def answers(responses: list[Response] | tuple[Response, ...]) -> dict[str, tuple[object, ...]]:
    return {r.criterion: answer_key(r.value, r.not_applicable) for r in responses}


def _change(criterion: str, old: Response | None, new: Response, reason: str) -> Adjustment:
    return Adjustment(
        criterion,
        old=None if old is None else old.value,
        old_not_applicable=old is not None and old.not_applicable,
        new=new.value,
        new_not_applicable=new.not_applicable,
        reason=reason,
        at=AT,
    )


def _appraisal(
    draw: st.DrawFn, name: str, current: dict[str, Response], others: tuple[Response, ...], detours: dict[str, Response]
) -> Layer:
    """
    A layer that re-answers some criteria: an adjustment where the answer changes (sometimes
    two, by way of a *detour* answer), a plain response where it does not.
    """
    picks = draw(st.lists(st.sampled_from(others), unique_by=lambda r: r.criterion)) if others else []
    responses, adjustments = [], []
    for resp in picks:
        before = current.get(resp.criterion)
        old = answer_key(None) if before is None else answer_key(before.value, before.not_applicable)
        new = answer_key(resp.value, resp.not_applicable)
        detour = detours.get(resp.criterion)
        if old == new:
            responses.append(attrs.evolve(resp, explanation="confirmed"))
            continue
        if (
            detour is not None
            and answer_key(detour.value, detour.not_applicable) not in (old, new)
            and draw(st.booleans())
        ):
            adjustments.append(_change(resp.criterion, before, detour, f"{name} changed it"))
            adjustments.append(_change(resp.criterion, detour, resp, f"{name} changed it again"))
        else:
            adjustments.append(_change(resp.criterion, before, resp, f"{name} changed it"))
        responses.append(resp)
    return Layer(name, responses, adjustments, author=f"{name} team")


@st.composite
def layered(draw: st.DrawFn) -> tuple[Framework, Assessment]:
    framework = draw(trees(max_leaves=6))
    base = draw(assessments(framework, stand_ins=False))
    layers = [Layer("self", base.responses, author="unit")]
    current = {r.criterion: r for r in base.responses}
    for name in ("appraisal-1", "explanation", "appraisal-2", "final"):
        other = draw(assessments(framework, stand_ins=False, max_evidence=0, max_findings=0))
        detours = draw(assessments(framework, stand_ins=False, max_evidence=0, max_findings=0))
        layer = _appraisal(draw, name, current, other.responses, {r.criterion: r for r in detours.responses})
        layers.append(layer)
        current.update({r.criterion: r for r in layer.responses})
    return framework, attrs.evolve(base, responses=(), layers=layers)


@given(layered())
def test_applying_a_layers_adjustments_to_the_layer_before_reproduces_it(case: tuple[Framework, Assessment]) -> None:
    _, assessment = case
    names = assessment.layer_names
    for before, after in itertools.pairwise(names):
        earlier = [r for r, _ in assessment.effective_responses(before)]
        rebuilt = apply_adjustments(earlier, assessment.layer(after).adjustments)
        assert answers(rebuilt) == answers([r for r, _ in assessment.effective_responses(after)])


@given(layered())
def test_scoring_a_layer_equals_scoring_its_flattened_responses(case: tuple[Framework, Assessment]) -> None:
    framework, assessment = case
    for name in assessment.layer_names:
        assert score(framework, assessment, layer=name) == score(framework, assessment.flatten(name))


@given(layered(), st.data())
def test_dropping_an_adjustment_is_always_caught(case: tuple[Framework, Assessment], data: st.DataObject) -> None:
    _, assessment = case
    adjusted = [k for k, layer in enumerate(assessment.layers) if layer.adjustments]
    if not adjusted:
        return
    k = data.draw(st.sampled_from(adjusted))
    layer = assessment.layers[k]
    j = data.draw(st.integers(0, len(layer.adjustments) - 1))

    def without_it() -> Assessment:
        thinner = attrs.evolve(layer, adjustments=layer.adjustments[:j] + layer.adjustments[j + 1 :])
        return attrs.evolve(assessment, layers=[*assessment.layers[:k], thinner, *assessment.layers[k + 1 :]])

    with pytest.raises(ModelError) as info:  # by the layer (a broken chain) or by the assessment
        without_it()
    paths = [p.path for p in info.value.problems]
    assert all(p.startswith(("$.adjustments[", f"$.layers[{k}].")) for p in paths), paths


@given(layered(), st.data())
def test_a_locked_layer_refuses_every_change(case: tuple[Framework, Assessment], data: st.DataObject) -> None:
    _, assessment = case
    first = assessment.layers[0].locked_by("unit", AT)
    if not first.responses:
        return
    i = data.draw(st.integers(0, len(first.responses) - 1))
    changed = list(first.responses)
    changed[i] = attrs.evolve(changed[i], explanation=changed[i].explanation + " (edited)")
    with pytest.raises(ModelError, match="cannot change"):
        attrs.evolve(first, responses=changed)
    with pytest.raises(ModelError, match="cannot change"):
        attrs.evolve(first, responses=first.responses[:i] + first.responses[i + 1 :])
    assert attrs.evolve(assessment, layers=[first, *assessment.layers[1:]]).layer("self") == first
