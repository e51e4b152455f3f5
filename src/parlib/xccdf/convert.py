"""
An XCCDF benchmark as a parlib :class:`~parlib.framework.Framework` and
:class:`~parlib.assessment.Assessment`, so that :func:`parlib.score` computes a
scoring model through the ``xccdf-*`` aggregations and the ``result`` rule.

The framework keeps the selected groups and rules of the tailored benchmark
(a group with no selected rule below it is left out) and is built for one
model:

- default: aggregation ``xccdf-default``, each rule a leaf of max 1, every
  item weighted by its XCCDF weight; the total is the score out of 100;
- flat: ``xccdf-flat``, each rule's max is its weight;
- flat-unweighted: ``xccdf-flat``, each rule's max is 1 (0 for a weight-0
  rule, except with ``compat = "openscap"``);
- absolute: ``xccdf-absolute``, each rule's max is its weight.

The assessment answers every rule with its results (see
:func:`parlib.xccdf.scoring.rule_results`), ``""`` when it has none.
:func:`model_score` reads the model's score back from the score card.

>>> from fractions import Fraction
>>> from parlib import score
>>> from parlib.xccdf.model import Benchmark, Rule, RuleResult, TestResult
>>> bench = Benchmark(id="b", items=(Rule(id="r1", weight=Fraction(3)), Rule(id="r2")),
...     test_results=(TestResult(id="t", rule_results=(RuleResult("r1", "pass"), RuleResult("r2", "fail"))),))
>>> framework, assessment = to_parlib(bench, model=FLAT)
>>> model_score(score(framework, assessment), FLAT)
ModelScore(system='urn:xccdf:scoring:flat', score=Fraction(3, 1), maximum=Fraction(4, 1), note='')
"""

from __future__ import annotations

from fractions import Fraction

from parlib.aggregation import Aggregation
from parlib.aggregation.xccdf import Compat, XccdfAbsolute, XccdfDefault, XccdfFlat
from parlib.assessment import Assessment, FrameworkRef, Response, Subject
from parlib.errors import LoadError, Problem, UnknownNameError
from parlib.framework import Criterion, Framework
from parlib.rules.result import Result
from parlib.scorecard import ScoreCard
from parlib.xccdf.model import Benchmark, Group, Rule, TailoringFile
from parlib.xccdf.scoring import ABSOLUTE, DEFAULT, FLAT, FLAT_UNWEIGHTED, MODELS, ModelScore, rule_results
from parlib.xccdf.tailor import Tailoring, tailor_for_result

__all__ = ["model_score", "to_parlib"]

_ONE = Fraction(1)


def _aggregation(model: str, compat: Compat) -> Aggregation:
    if model == DEFAULT:
        return XccdfDefault(compat=compat)
    if model in (FLAT, FLAT_UNWEIGHTED):
        return XccdfFlat()
    if model == ABSOLUTE:
        return XccdfAbsolute()
    raise UnknownNameError("XCCDF scoring model", model, MODELS)


def _leaf_max(model: str, weight: Fraction, compat: Compat) -> Fraction:
    if model == DEFAULT:
        return _ONE
    if model == FLAT_UNWEIGHTED:
        return _ONE if weight != 0 or compat == "openscap" else Fraction(0)
    return weight


def _criteria(tailoring: Tailoring, parent: Group | None, model: str) -> list[Criterion]:
    out: list[Criterion] = []
    for item in tailoring.children(parent):
        label = {"en": item.title or item.id}
        weight = tailoring.weight(item)
        if isinstance(item, Rule):
            maximum = _leaf_max(model, weight, tailoring.compat)
            out.append(Criterion(id=item.id, label=label, max=maximum, weight=weight, rule=Result()))
            continue
        children = _criteria(tailoring, item, model)
        if children:
            out.append(Criterion(id=item.id, label=label, weight=weight, children=children))
    return out


def to_parlib(
    benchmark: Benchmark,
    *,
    model: str = DEFAULT,
    profile: str | None = None,
    test_result: str | None = None,
    compat: Compat = "spec",
    tailoring: TailoringFile | None = None,
) -> tuple[Framework, Assessment]:
    """
    Convert *benchmark* (tailored by *profile*, default: the TestResult's, which may
    come from the *tailoring* file) into a framework for *model* and an assessment
    of its TestResult (default: the last).

    A benchmark with no selected rule cannot become a framework: that is a
    :class:`~parlib.errors.LoadError`.

    >>> from parlib.xccdf.model import Benchmark, Rule
    >>> to_parlib(Benchmark(id="b", items=(Rule(id="r", selected=False),), source="b.xml"))
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: b.xml: no rule is selected, so there is nothing to score @ /Benchmark
    """
    run = benchmark.test_result(test_result)
    applied = tailor_for_result(benchmark, run, profile, compat=compat, tailoring=tailoring)
    criteria = _criteria(applied, None, model)
    if not criteria:
        raise LoadError(benchmark.source, [Problem("no rule is selected, so there is nothing to score", "/Benchmark")])
    framework = Framework(
        id=benchmark.id,
        version=benchmark.version,
        title={"en": benchmark.title or benchmark.id},
        criteria=criteria,
        aggregation=_aggregation(model, compat),
        languages=("en",),
        note=f"converted from XCCDF for {model} (compat {compat})",
    )
    results = rule_results(applied, run)
    responses = [
        Response(rule.id, ", ".join(results.get(rule.id, ())), explanation=_why(applied, rule))
        for rule in applied.selected_rules()
    ]
    target = run.target if run is not None and run.target else "unknown target"
    assessment = Assessment(
        framework=FrameworkRef(framework.id, framework.version),
        subject=Subject(target, {"en": target}),
        period=(run.end_time or run.start_time) if run is not None else "",
        responses=responses,
        title=run.id if run is not None else "",
    )
    return framework, assessment


def _why(tailoring: Tailoring, rule: Rule) -> str:
    role = tailoring.role(rule)
    if role != "full":
        return f"role {role}: not scored"
    return ""


def model_score(card: ScoreCard, model: str, compat: Compat = "spec") -> ModelScore:
    """
    Read *model*'s score from a card scored on a framework that :func:`to_parlib` built for it.

    >>> from parlib import score
    >>> from parlib.xccdf.model import Benchmark, Rule
    >>> framework, assessment = to_parlib(Benchmark(id="b", items=(Rule(id="r"),)), model=ABSOLUTE)
    >>> model_score(score(framework, assessment), ABSOLUTE).score
    Fraction(1, 1)
    """
    total = card.total
    if model == DEFAULT:
        if total.applicable_maximum == 0:
            if compat == "openscap":
                return ModelScore(DEFAULT, Fraction(0), Fraction(100), "nothing counted: 0 (OpenSCAP)")
            return ModelScore(DEFAULT, None, Fraction(100), "undefined: nothing counted")
        return ModelScore(DEFAULT, total.index, Fraction(100))
    if model in (FLAT, FLAT_UNWEIGHTED):
        return ModelScore(model, total.points, total.applicable_maximum)
    if model == ABSOLUTE:
        full = Fraction(1 if total.points == total.applicable_maximum else 0)
        return ModelScore(ABSOLUTE, full, total.applicable_maximum if compat == "openscap" else Fraction(1))
    raise UnknownNameError("XCCDF scoring model", model, MODELS)
