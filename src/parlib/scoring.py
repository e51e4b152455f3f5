"""
Scoring: a framework and an assessment in, a :class:`~parlib.scorecard.ScoreCard` out.

Leaves are scored by their rules; each inner node combines its children with
its aggregation (additive points by default) under its not-applicable policy;
the index of every node is its points over its applicable maximum, times 100.

A response may also name an inner node: ``not_applicable = true`` (where the
node has ``allow_na``) drops the whole branch, and a number is the node's
*published value* (its points, for example a PAPI dimension score), which
then stands for its children.

>>> from parlib import examples
>>> card = score(examples.framework(), examples.assessment())
>>> card.total.points == sum(t.points for t in card.traces() if t.points is not None)
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

from parlib.aggregation import Combined, Part
from parlib.assessment import Assessment, Response
from parlib.errors import AssessmentError, ModelError, Problem, ScoringError
from parlib.framework import Criterion, Framework
from parlib.label import Label
from parlib.layers import view, views
from parlib.numbers import parse_number
from parlib.rules.base import Outcome, describe
from parlib.scorecard import NodeScore, ScoreCard, Trace

__all__ = ["ChildScore", "check_assessment", "combine", "finding_problems", "score"]

_ONE = Fraction(1)
_MISSING = Outcome(Fraction(0), "", "no response -> 0")
_NOT_APPLICABLE = Outcome(None, "", "not applicable")


@attrs.frozen
class _Input:
    """What the engine works from: outcomes by leaf, published values and N/A by inner node."""

    responses: Mapping[str, Response]
    outcomes: Mapping[str, Outcome | None]
    published: Mapping[str, Fraction]


def _check_ref(framework: Framework, assessment: Assessment) -> list[Problem]:
    ref = assessment.framework
    if ref.id != framework.id:
        return [Problem(f"the assessment is for framework {ref.id!r}, not {framework.id!r}", "$.framework.id")]
    if not ref.fits_version(framework.version):
        return [
            Problem(
                f"the assessment is for version {ref.version!r} of {ref.id!r}, not {framework.version!r}",
                "$.framework.version",
            )
        ]
    return []


def _inner_response(
    framework: Framework, crit: Criterion, resp: Response, path: str
) -> tuple[Fraction | None, list[Problem]]:
    """Check a response to an inner node: N/A where allowed, or a published value in range."""
    if resp.not_applicable:
        if not crit.allow_na:
            return None, [Problem(f"criterion {crit.id!r} does not allow not applicable", path + ".not_applicable")]
        return None, []
    assert resp.value is not None  # noqa: S101  (a Response has a value or is N/A)
    maximum = framework.maximum_of(crit)
    try:
        value = parse_number(resp.value)
    except ModelError:
        return None, [
            Problem(
                f"criterion {crit.id!r} has sub-criteria: its value is a published number of points, got {resp.value!r}",
                path + ".value",
            )
        ]
    if not 0 <= value <= maximum:
        return None, [
            Problem(
                f"published value {describe(value)} of {crit.id!r} lies outside [0, {describe(maximum)}]",
                path + ".value",
            )
        ]
    return value, []


def _evaluate(
    framework: Framework, responses: Sequence[Response], where: str = "$.responses"
) -> tuple[_Input, list[Problem]]:
    """Score every response once; return the engine's input and every problem."""
    problems: list[Problem] = []
    outcomes: dict[str, Outcome | None] = {}
    published: dict[str, Fraction] = {}
    by_id: dict[str, Response] = {}
    paths: dict[str, str] = {}
    for i, resp in enumerate(responses):
        path = f"{where}[{i}]"
        if resp.criterion not in framework:
            problems.append(
                Problem(f"criterion {resp.criterion!r} is not in framework {framework.id!r}", path + ".criterion")
            )
            continue
        by_id.setdefault(resp.criterion, resp)
        paths.setdefault(resp.criterion, path)
        crit = framework.criterion(resp.criterion)
        if crit.rule is None or crit.max is None:
            value, found = _inner_response(framework, crit, resp, path)
            problems += found
            if value is not None:
                published[crit.id] = value
            continue
        if resp.not_applicable:
            if not crit.rule.allow_na:
                problems.append(
                    Problem(f"criterion {resp.criterion!r} does not allow not applicable", path + ".not_applicable")
                )
            else:
                outcomes[crit.id] = None
            continue
        assert resp.value is not None  # noqa: S101  (a Response has a value or is N/A)
        try:
            outcome = crit.rule.score(resp.value, crit.max)
        except ScoringError as exc:
            problems += [
                Problem(f"criterion {crit.id!r} ({crit.rule.type}): {p.message}", p.under(path).path)
                for p in exc.problems
            ]
            continue
        if outcome.points is not None and not isinstance(outcome.points, Fraction):
            shown = f"{type(outcome.points).__name__} {outcome.points!r}"
            problems.append(Problem(f"rule {crit.rule.type!r} gave {shown} points; rules give exact Fractions", path))
            continue
        if outcome.points is not None and not 0 <= outcome.points <= crit.max:
            problems.append(
                Problem(f"rule {crit.rule.type!r} gave {outcome.points} points, outside [0, {crit.max}]", path)
            )
            continue
        outcomes[crit.id] = outcome
    for node_id in (
        *published,
        *(n for n, r in by_id.items() if r.not_applicable and not framework.criterion(n).is_leaf),
    ):
        for below in framework.criterion(node_id).walk():
            if below.id != node_id and below.id in by_id:
                problems.append(
                    Problem(
                        f"criterion {node_id!r} already stands for its sub-criteria; drop the response for {below.id!r}",
                        paths[below.id] + ".criterion",
                    )
                )
    return _Input(by_id, outcomes, published), problems


def check_assessment(framework: Framework, assessment: Assessment) -> list[Problem]:
    """
    Every problem in fitting *assessment* to *framework* (empty when it fits).

    >>> from parlib import examples
    >>> check_assessment(examples.framework(), examples.assessment())
    []
    """
    problems = _check_ref(framework, assessment)
    every, found = views(framework, assessment)
    problems += found
    for chosen in every:  # each layer's responses in force; a response seen at several layers counts once
        problems += [
            p for p in chosen.relocate(_evaluate(framework, chosen.responses, chosen.where)[1]) if p not in problems
        ]
    return problems + finding_problems(framework, assessment)


def finding_problems(framework: Framework, assessment: Assessment) -> list[Problem]:
    """
    Findings must cite criteria of the framework: a problem for each that does not.

    >>> from parlib import examples
    >>> finding_problems(examples.framework(), examples.inspection())
    []
    """
    return [
        Problem(f"criterion {c!r} is not in framework {framework.id!r}", f"$.findings[{i}].criteria[{j}]")
        for i, finding in enumerate(assessment.findings)
        for j, c in enumerate(finding.criteria)
        if c not in framework
    ]


def _leaf(crit: Criterion, data: _Input) -> NodeScore:
    assert crit.rule is not None  # noqa: S101  (a leaf has a rule)
    assert crit.max is not None  # noqa: S101  (and a max)
    maximum, rule = crit.max, crit.rule.type
    response = data.responses.get(crit.id)
    if response is None:
        trace = Trace(crit.id, crit.label, rule, _MISSING, maximum, (), "missing")
        return NodeScore(crit.id, crit.label, Fraction(0), maximum, maximum, trace=trace)
    outcome = data.outcomes[crit.id] or _NOT_APPLICABLE
    if outcome.points is None:
        trace = Trace(
            crit.id, crit.label, rule, outcome, maximum, response.evidence, "not-applicable", response.explanation
        )
        return NodeScore(crit.id, crit.label, Fraction(0), maximum, Fraction(0), trace=trace)
    trace = Trace(crit.id, crit.label, rule, outcome, maximum, response.evidence, "scored", response.explanation)
    return NodeScore(crit.id, crit.label, outcome.points, maximum, maximum, trace=trace)


def _stand_in(framework: Framework, crit: Criterion, data: _Input) -> NodeScore | None:
    """A node answered directly: not applicable as a whole, or a published value."""
    response = data.responses.get(crit.id)
    if response is None:
        return None
    maximum = framework.maximum_of(crit)
    ev, why = response.evidence, response.explanation
    if crit.id in data.published:
        value = data.published[crit.id]
        outcome = Outcome(value, describe(value), f"published value {describe(value)} -> {describe(value)}")
        trace = Trace(crit.id, crit.label, "published", outcome, maximum, ev, "scored", why)
        return NodeScore(crit.id, crit.label, value, maximum, maximum, trace=trace, detail="published value")
    trace = Trace(crit.id, crit.label, "not-applicable", _NOT_APPLICABLE, maximum, ev, "not-applicable", why)
    return NodeScore(crit.id, crit.label, Fraction(0), maximum, Fraction(0), trace=trace, detail="not applicable")


def _node(framework: Framework, crit: Criterion, data: _Input) -> NodeScore:
    if crit.is_leaf:
        return _leaf(crit, data)
    stand_in = _stand_in(framework, crit, data)
    if stand_in is not None:
        return stand_in
    children = tuple(_node(framework, c, data) for c in crit.children)
    return _combine(framework, crit, node_id=crit.id, label=crit.label, crits=crit.children, children=children)


@attrs.frozen
class ChildScore:
    """
    A scored child as its parent's aggregation sees it.

    >>> ChildScore("1", Fraction(1), Fraction(2), Fraction(2), Fraction(1)).applicable_maximum
    Fraction(2, 1)
    """

    id: str
    points: Fraction
    maximum: Fraction
    applicable_maximum: Fraction
    weight: Fraction


def combine(framework: Framework, crit: Criterion | None, children: Sequence[ChildScore]) -> Combined:
    """
    Combine a node's scored children under its aggregation and not-applicable policy.

    *crit* is ``None`` for the framework's total. The result's ``points`` is
    ``None`` when the node is not applicable.

    >>> from parlib import examples
    >>> fw = examples.framework()
    >>> combine(fw, fw.criterion("1"), [ChildScore("1.1", Fraction(1), Fraction(2), Fraction(2), Fraction(1))]).points
    Fraction(1, 1)
    """
    aggregation = framework.aggregation if crit is None else framework.aggregation_of(crit)
    policy = (crit.na_policy if crit is not None else None) or framework.na_policy
    min_share = crit.na_min_share if crit is not None and crit.na_min_share is not None else framework.na_min_share
    maximum = framework.maximum if crit is None else framework.maximum_of(crit)
    parts: list[Part] = []
    applicable = 0
    for child in children:
        if child.applicable_maximum > 0:
            applicable += 1
            parts.append(Part(child.id, child.points, child.applicable_maximum, child.weight))
        elif policy == "zero" and child.maximum > 0:
            parts.append(Part(child.id, Fraction(0), child.maximum, child.weight))
    if policy == "exclude" and min_share is not None and children and Fraction(applicable, len(children)) < min_share:
        share = describe(min_share * 100)
        return Combined(
            None, Fraction(0), f"{applicable} of {len(children)} parts applicable, below the minimum share {share}%"
        )
    try:
        return aggregation.combine(parts, maximum)
    except ScoringError as exc:
        where = "the total" if crit is None else f"criterion {crit.id!r}"
        path = "$" if crit is None else framework.path_of(crit.id)
        raise ScoringError(
            [Problem(f"cannot combine {where} ({aggregation.type}): {p.message}", path) for p in exc.problems]
        ) from None


def _combine(
    framework: Framework,
    crit: Criterion | None,
    *,
    node_id: str,
    label: Label,
    crits: Sequence[Criterion],
    children: tuple[NodeScore, ...],
) -> NodeScore:
    """Combine scored children into the node's score."""
    parts = [
        ChildScore(c.id, n.points, n.maximum, n.applicable_maximum, c.weight if c.weight is not None else _ONE)
        for c, n in zip(crits, children, strict=True)
    ]
    combined = combine(framework, crit, parts)
    maximum = framework.maximum if crit is None else framework.maximum_of(crit)
    if combined.points is None:
        return NodeScore(node_id, label, Fraction(0), maximum, Fraction(0), children, detail=combined.detail)
    return NodeScore(
        node_id, label, combined.points, maximum, combined.applicable_maximum, children, detail=combined.detail
    )


def score(framework: Framework, assessment: Assessment, *, layer: str | None = None) -> ScoreCard:
    """
    Score *assessment* against *framework*: its responses, or with layers the
    responses in force at *layer* (default: the last; see :func:`parlib.layers.view`).

    Raises :class:`~parlib.errors.AssessmentError` listing every problem
    (unknown criteria, values of the wrong kind, not-applicable where the rule
    forbids it, ...), each with its key path in the assessment, and
    :class:`~parlib.errors.ScoringError` when an aggregation cannot take its
    children's values (a geometric mean of a 0).

    >>> from parlib import examples
    >>> card = score(examples.framework(), examples.assessment())
    >>> card.band.label
    'B'
    >>> score(examples.framework(), examples.inspection(), layer="appraisal-1").band.label
    'C'
    """
    problems = _check_ref(framework, assessment)
    chosen, found = view(framework, assessment, layer)
    problems += found
    data, found = _evaluate(framework, chosen.responses, chosen.where)
    problems += chosen.relocate(found)
    problems += finding_problems(framework, assessment)
    if problems:
        raise AssessmentError(problems)
    return _card(framework, assessment, data)


def _card(framework: Framework, assessment: Assessment, data: _Input) -> ScoreCard:
    """Build the score card from evaluated input."""
    normal = [c for c in framework.criteria if c.role == "normal"]
    tops = tuple(_node(framework, c, data) for c in normal)
    sections = tuple(_node(framework, c, data) for c in framework.criteria if c.role != "normal")
    total = _combine(framework, None, node_id="total", label=framework.title, crits=normal, children=tops)
    card = ScoreCard(
        framework=assessment.framework,
        subject=assessment.subject,
        period=assessment.period,
        total=total,
        band=None,
        rounding=framework.rounding,
        domains=tuple(c.id for c in normal),
        sections=sections,
        roles=tuple((c.id, c.role) for c in framework.criteria if c.role != "normal"),
    )
    return attrs.evolve(card, band=framework.band_for(card.final_index))
