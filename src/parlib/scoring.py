"""
Scoring: a framework and an assessment in, a :class:`~parlib.scorecard.ScoreCard` out.

Leaves are scored by their rules; points add up the tree exactly;
not-applicable leaves leave the applicable maximum; the index of every node
is its points over its applicable maximum, times 100.

>>> from parlib import examples
>>> card = score(examples.framework(), examples.assessment())
>>> card.total.points == sum(t.points for t in card.traces() if t.points is not None)
True
"""

from __future__ import annotations

from fractions import Fraction

from parlib.assessment import Assessment, Response
from parlib.errors import AssessmentError, Problem, ScoringError
from parlib.framework import Criterion, Framework
from parlib.label import Label
from parlib.rules.base import Outcome
from parlib.scorecard import NodeScore, ScoreCard, Trace

__all__ = ["check_assessment", "score"]

AGGREGATIONS: tuple[str, ...] = ("additive",)


def _evaluate(framework: Framework, assessment: Assessment) -> tuple[dict[str, Outcome | None], list[Problem]]:
    """Score every response once; return outcomes by criterion (None = N/A) and problems."""
    problems: list[Problem] = []
    outcomes: dict[str, Outcome | None] = {}
    ref = assessment.framework
    if ref.id != framework.id:
        problems.append(Problem(f"the assessment is for framework {ref.id!r}, not {framework.id!r}", "$.framework.id"))
    elif ref.version and ref.version != framework.version:
        problems.append(
            Problem(
                f"the assessment is for version {ref.version!r} of {ref.id!r}, not {framework.version!r}",
                "$.framework.version",
            )
        )
    if framework.aggregation not in AGGREGATIONS:
        problems.append(
            Problem(f"unknown aggregation {framework.aggregation!r}; known: {', '.join(AGGREGATIONS)}", "$.aggregation")
        )
    for i, resp in enumerate(assessment.responses):
        path = f"$.responses[{i}]"
        if resp.criterion not in framework:
            problems.append(
                Problem(f"criterion {resp.criterion!r} is not in framework {framework.id!r}", path + ".criterion")
            )
            continue
        crit = framework.criterion(resp.criterion)
        if crit.rule is None or crit.max is None:
            problems.append(
                Problem(f"criterion {resp.criterion!r} has sub-criteria; respond to its leaves", path + ".criterion")
            )
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
        if outcome.points is not None and not 0 <= outcome.points <= crit.max:
            problems.append(
                Problem(f"rule {crit.rule.type!r} gave {outcome.points} points, outside [0, {crit.max}]", path)
            )
            continue
        outcomes[crit.id] = outcome
    for i, finding in enumerate(assessment.findings):
        problems += [
            Problem(f"criterion {c!r} is not in framework {framework.id!r}", f"$.findings[{i}].criteria[{j}]")
            for j, c in enumerate(finding.criteria)
            if c not in framework
        ]
    return outcomes, problems


def check_assessment(framework: Framework, assessment: Assessment) -> list[Problem]:
    """
    Every problem in fitting *assessment* to *framework* (empty when it fits).

    >>> from parlib import examples
    >>> check_assessment(examples.framework(), examples.assessment())
    []
    """
    return _evaluate(framework, assessment)[1]


def _leaf(crit: Criterion, response: Response | None, outcomes: dict[str, Outcome | None]) -> NodeScore:
    assert crit.rule is not None  # noqa: S101  (a leaf has a rule)
    assert crit.max is not None  # noqa: S101  (and a max)
    maximum = crit.max
    if response is None:
        trace = Trace(crit.id, crit.label, crit.rule.type, "", "no response -> 0", Fraction(0), maximum, (), "missing")
        return NodeScore(crit.id, crit.label, Fraction(0), maximum, maximum, trace=trace)
    outcome = outcomes[crit.id]
    if outcome is None or outcome.points is None:
        detail = outcome.detail if outcome is not None else "not applicable"
        shown = outcome.input if outcome is not None else ""
        trace = Trace(
            crit.id, crit.label, crit.rule.type, shown, detail, None, maximum, response.evidence,
            "not-applicable", response.explanation,
        )  # fmt: skip
        return NodeScore(crit.id, crit.label, Fraction(0), maximum, Fraction(0), trace=trace)
    trace = Trace(
        crit.id, crit.label, crit.rule.type, outcome.input, outcome.detail, outcome.points, maximum,
        response.evidence, "scored", response.explanation,
    )  # fmt: skip
    return NodeScore(crit.id, crit.label, outcome.points, maximum, maximum, trace=trace)


def _node(crit: Criterion, assessment: Assessment, outcomes: dict[str, Outcome | None]) -> NodeScore:
    if crit.is_leaf:
        return _leaf(crit, assessment.response(crit.id), outcomes)
    children = tuple(_node(c, assessment, outcomes) for c in crit.children)
    return _sum(crit.id, crit.label, children)


def _sum(node_id: str, label: Label, children: tuple[NodeScore, ...]) -> NodeScore:
    zero = Fraction(0)
    return NodeScore(
        node_id,
        label,
        sum((c.points for c in children), zero),
        sum((c.maximum for c in children), zero),
        sum((c.applicable_maximum for c in children), zero),
        children,
    )


def score(framework: Framework, assessment: Assessment) -> ScoreCard:
    """
    Score *assessment* against *framework*.

    Raises :class:`~parlib.errors.AssessmentError` listing every problem
    (unknown criteria, values of the wrong kind, not-applicable where the rule
    forbids it, ...), each with its key path in the assessment.

    >>> from parlib import examples
    >>> card = score(examples.framework(), examples.assessment())
    >>> card.rounding.format(card.total.index)  # doctest: +SKIP
    '80.50'
    """
    outcomes, problems = _evaluate(framework, assessment)
    if problems:
        raise AssessmentError(problems)
    tops = tuple(_node(c, assessment, outcomes) for c in framework.criteria)
    total = _sum("total", framework.title, tops)
    return ScoreCard(
        framework=assessment.framework,
        subject=assessment.subject,
        period=assessment.period,
        total=total,
        band=framework.band_for(total.index),
        rounding=framework.rounding,
        domains=tuple(c.id for c in framework.criteria),
    )
