"""
The four XCCDF 1.2 scoring models (NIST IR 7275r4 section 7.3.2), computed exactly.

Every rule is scored on its results: ``rule_count`` counts the results other
than notapplicable, notchecked, informational and notselected, ``rule_score``
the passes (``fixed`` is a pass). A rule whose role is ``unscored`` is taken
as informational and one whose role is ``unchecked`` as notchecked, so both
drop out; unselected rules and everything in an unselected group drop out.

- **default**: at each group, ``s / a`` where ``s`` sums the counted children's
  scores times their weights and ``a`` their weights; a rule scores
  ``100 * rule_score / rule_count``. The root's ``s`` is the score, out of 100.
- **flat**: the sum of ``weight * rule_score / rule_count`` over counted rules,
  out of the sum of their weights.
- **flat-unweighted**: the flat model with every non-zero weight taken as 1.
- **absolute**: 1 when the flat score equals its maximum, else 0.

``compat = "openscap"`` reproduces OpenSCAP 1.3.7 where it departs from the
specification: only a rule's first result counts; a profile's refined weights
are ignored; a group whose counted children all weigh 0 scores 0 (and still
counts) instead of being undefined; flat-unweighted counts weight-0 rules as
1; the absolute model's maximum is the flat maximum. Scores the specification
leaves undefined are ``None``, with a note saying why. A ``score`` element in
the file is never used: every score is computed here.

>>> from fractions import Fraction
>>> from parlib.xccdf.model import Benchmark, Rule, RuleResult, TestResult
>>> bench = Benchmark(id="b", items=(Rule(id="r1", weight=Fraction(3)), Rule(id="r2")),
...     test_results=(TestResult(id="t", rule_results=(RuleResult("r1", "pass"), RuleResult("r2", "fail"))),))
>>> [(s.score, s.maximum) for s in score_benchmark(bench).models]
[(Fraction(75, 1), Fraction(100, 1)), (Fraction(3, 1), Fraction(4, 1)), (Fraction(1, 1), Fraction(2, 1)), (Fraction(0, 1), Fraction(1, 1))]
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from parlib.aggregation.xccdf import Compat
from parlib.errors import UnknownNameError
from parlib.rules.result import tally
from parlib.xccdf.model import Benchmark, Group, Rule, TailoringFile, TestResult
from parlib.xccdf.tailor import Tailoring, tailor_for_result

__all__ = [
    "ABSOLUTE",
    "DEFAULT",
    "FLAT",
    "FLAT_UNWEIGHTED",
    "MODELS",
    "ModelScore",
    "Scores",
    "rule_results",
    "score_benchmark",
    "score_model",
]

DEFAULT = "urn:xccdf:scoring:default"
FLAT = "urn:xccdf:scoring:flat"
FLAT_UNWEIGHTED = "urn:xccdf:scoring:flat-unweighted"
ABSOLUTE = "urn:xccdf:scoring:absolute"
MODELS: tuple[str, ...] = (DEFAULT, FLAT, FLAT_UNWEIGHTED, ABSOLUTE)
"""The four scoring models' URIs, in the specification's order."""

_HUNDRED = Fraction(100)


@attrs.frozen
class ModelScore:
    """
    One model's score and maximum; ``score is None`` where the specification leaves it undefined.

    >>> ModelScore(DEFAULT, None, Fraction(100), "nothing counted").note
    'nothing counted'
    """

    system: str
    score: Fraction | None
    maximum: Fraction
    note: str = ""


@attrs.frozen
class Scores:
    """
    The four models' scores for one benchmark, profile and test result
    (``tailoring`` is the id of the tailoring file applied, if any).

    >>> from parlib.xccdf.model import Benchmark, Rule
    >>> score_benchmark(Benchmark(id="b", items=(Rule(id="r"),))).get(FLAT).maximum
    Fraction(0, 1)
    """

    benchmark: str
    profile: str | None
    test_result: str | None
    compat: Compat
    models: tuple[ModelScore, ...]
    notes: tuple[str, ...] = ()
    tailoring: str | None = None

    def get(self, system: str) -> ModelScore:
        """
        The score under one model, by URI.

        >>> from parlib.xccdf.model import Benchmark
        >>> score_benchmark(Benchmark(id="b")).get("urn:xccdf:scoring:nope")
        Traceback (most recent call last):
        ...
        parlib.errors.UnknownNameError: unknown XCCDF scoring model 'urn:xccdf:scoring:nope'; known: urn:xccdf:scoring:absolute, urn:xccdf:scoring:default, urn:xccdf:scoring:flat, urn:xccdf:scoring:flat-unweighted
        """
        for model in self.models:
            if model.system == system:
                return model
        raise UnknownNameError("XCCDF scoring model", system, [m.system for m in self.models])


def rule_results(tailoring: Tailoring, test_result: TestResult | None) -> dict[str, list[str]]:
    """
    The results each rule is scored on: its rule-results in order (only the first
    with ``compat = "openscap"``), ``informational`` for an unscored rule and
    ``notchecked`` for an unchecked one.

    >>> from parlib.xccdf.model import Benchmark, Rule, RuleResult, TestResult
    >>> from parlib.xccdf.tailor import tailor
    >>> bench = Benchmark(id="b", items=(Rule(id="r"), Rule(id="u", role="unscored")))
    >>> run = TestResult(id="t", rule_results=(RuleResult("r", "fail"), RuleResult("r", "pass"), RuleResult("u", "pass")))
    >>> rule_results(tailor(bench), run), rule_results(tailor(bench, compat="openscap"), run)["r"]
    ({'r': ['fail', 'pass'], 'u': ['informational']}, ['fail'])
    """
    found = test_result.results_by_rule() if test_result is not None else {}
    out: dict[str, list[str]] = {}
    for rule in tailoring.benchmark.rules():
        role = tailoring.role(rule)
        if role == "unscored":
            out[rule.id] = ["informational"]
        elif role == "unchecked":
            out[rule.id] = ["notchecked"]
        elif rule.id in found:
            results = found[rule.id]
            out[rule.id] = results[:1] if tailoring.compat == "openscap" else results
    return out


def _rule_score(results: list[str] | None) -> Fraction | None:
    """100 * rule_score / rule_count, or None when nothing is counted."""
    passes, counted = tally(results or ())
    return Fraction(100 * passes, counted) if counted else None


def _default(tailoring: Tailoring, results: dict[str, list[str]]) -> ModelScore:
    undefined: list[str] = []
    openscap = tailoring.compat == "openscap"

    def node(parent: Group | None) -> tuple[int, Fraction | None]:
        """(count, score) of a group or the benchmark; score None when undefined."""
        total = weights = Fraction(0)
        count, unknown = 0, False
        for child in tailoring.children(parent):
            if isinstance(child, Rule):
                child_score = _rule_score(results.get(child.id))
                if child_score is None:
                    continue
            else:
                child_count, child_score = node(child)
                if not child_count:
                    continue
            weight = tailoring.weight(child)
            count += 1
            weights += weight
            if child_score is None:
                unknown = True
            else:
                total += child_score * weight
        if not count:
            return 0, Fraction(0)
        if unknown:
            return count, None
        if weights == 0:
            if openscap:
                return count, total  # OpenSCAP skips the division; every weighted score was 0
            undefined.append(parent.id if parent is not None else tailoring.benchmark.id)
            return count, None
        return count, total / weights

    count, score = node(None)
    if not count:
        if openscap:
            return ModelScore(DEFAULT, Fraction(0), _HUNDRED, "no rule has a counted result: 0 (OpenSCAP)")
        note = "undefined: no selected rule has a counted result, so the benchmark's s/a is 0/0"
        return ModelScore(DEFAULT, None, _HUNDRED, note)
    if score is None:
        where = ", ".join(undefined)
        note = f"undefined: the counted children of {where} weigh 0 in all, so s/a there is 0/0"
        return ModelScore(DEFAULT, None, _HUNDRED, note)
    return ModelScore(DEFAULT, score, _HUNDRED)


def _flat(tailoring: Tailoring, results: dict[str, list[str]], *, unweighted: bool) -> tuple[Fraction, Fraction]:
    """(s, m) of the flat model."""
    score = maximum = Fraction(0)
    for rule in tailoring.selected_rules():
        passes, counted = tally(results.get(rule.id, ()))
        if not counted:
            continue
        weight = tailoring.weight(rule)
        if unweighted:
            weight = Fraction(1) if weight != 0 or tailoring.compat == "openscap" else Fraction(0)
        maximum += weight
        score += weight * passes / counted
    return score, maximum


def score_model(tailoring: Tailoring, results: dict[str, list[str]], system: str) -> ModelScore:
    """
    One model's score, from a tailoring and the results of :func:`rule_results`.

    >>> from parlib.xccdf.model import Benchmark, Rule
    >>> from parlib.xccdf.tailor import tailor
    >>> bench = Benchmark(id="b", items=(Rule(id="r", weight=Fraction(0)),))
    >>> score_model(tailor(bench), {"r": ["fail"]}, FLAT_UNWEIGHTED).maximum
    Fraction(0, 1)
    >>> score_model(tailor(bench, compat="openscap"), {"r": ["fail"]}, FLAT_UNWEIGHTED).maximum
    Fraction(1, 1)
    """
    if system == DEFAULT:
        return _default(tailoring, results)
    if system in (FLAT, FLAT_UNWEIGHTED):
        score, maximum = _flat(tailoring, results, unweighted=system == FLAT_UNWEIGHTED)
        return ModelScore(system, score, maximum)
    if system == ABSOLUTE:
        score, maximum = _flat(tailoring, results, unweighted=False)
        full = Fraction(1 if score == maximum else 0)
        if tailoring.compat == "openscap":
            return ModelScore(ABSOLUTE, full, maximum)
        return ModelScore(
            ABSOLUTE, full, Fraction(1), "" if maximum else "nothing counted: every applicable rule passed"
        )
    raise UnknownNameError("XCCDF scoring model", system, MODELS)


def score_benchmark(
    benchmark: Benchmark,
    *,
    profile: str | None = None,
    test_result: str | None = None,
    compat: Compat = "spec",
    tailoring: TailoringFile | None = None,
) -> Scores:
    """
    Score a benchmark under the four models.

    *test_result* picks a TestResult by id (default: the last in the file);
    *profile* defaults to the one the TestResult names, and may be a profile of
    the *tailoring* file (see :func:`~parlib.xccdf.load.load_tailoring`). The
    notes say which items ``requires``/``conflicts`` unselected, and which
    selected rules the TestResult calls ``notselected``.

    >>> from parlib.xccdf.model import Benchmark, Group, Rule, RuleResult, TestResult
    >>> bench = Benchmark(id="b", items=(Group(id="g", children=(Rule(id="r", weight=Fraction(0)),)),),
    ...     test_results=(TestResult(id="t", rule_results=(RuleResult("r", "pass"),)),))
    >>> score_benchmark(bench).get(DEFAULT).note
    'undefined: the counted children of g weigh 0 in all, so s/a there is 0/0'
    >>> score_benchmark(bench, compat="openscap").get(DEFAULT).score
    Fraction(0, 1)
    """
    run = benchmark.test_result(test_result)
    applied = tailor_for_result(benchmark, run, profile, compat=compat, tailoring=tailoring)
    results = rule_results(applied, run)
    notes: list[str] = list(applied.notes)
    if run is None:
        notes.append("the file has no TestResult: no rule has a result")
    elif len(benchmark.test_results) > 1 and test_result is None:
        notes.append(f"the file has {len(benchmark.test_results)} TestResults: scored the last, {run.id}")
    notes += [f"{item} is not selected: it {why}" for item, why in applied.deselected.items()]
    found = run.results_by_rule() if run is not None else {}
    notes += [
        f"{rule.id} is selected, but the TestResult says notselected: the tool that wrote it left the rule out"
        for rule in applied.selected_rules()
        if found.get(rule.id) and set(found[rule.id]) == {"notselected"}
    ]
    return Scores(
        benchmark=benchmark.id,
        profile=applied.profile.id if applied.profile is not None else None,
        test_result=run.id if run is not None else None,
        compat=compat,
        models=tuple(score_model(applied, results, system) for system in MODELS),
        notes=tuple(notes),
        tailoring=tailoring.id if tailoring is not None else None,
    )
