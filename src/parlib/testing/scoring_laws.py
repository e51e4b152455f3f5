"""
The laws of scoring: bounds, additivity, monotonicity, not-applicable equivalence,
permutation invariance and scale invariance.

Each ``check_*`` takes the thing under test:

- a **rule** (anything with the :class:`~parlib.rules.Rule` protocol) for the
  laws that hold leaf by leaf (bounds, monotonicity);
- an **aggregation** (an :class:`~parlib.aggregation.Aggregation`, a registered
  name such as ``"weighted-mean"`` or a table ``{"type": "power-mean", "p": 2}``),
  tested inside frameworks that aggregate with it, scored by :func:`parlib.score`;
- a **scorer**: any ``scorer(framework, assessment) -> ScoreCard`` (for
  example :func:`parlib.score` itself), tested on :func:`~parlib.testing.frameworks`.

Optional strategies replace the generated inputs: *frameworks* (a strategy of
frameworks, e.g. ``st.just(my_framework)`` to test one weight scheme),
*assessments* (a function from a framework to a strategy of assessments),
for rules *values* (response values), *better* (a function from a value to
values at least as good) and *maxima*. *data* runs the law inside your own
``@given`` test; *settings* overrides the Hypothesis settings.

Requires the hypothesis package.

>>> from parlib import score
>>> from hypothesis import settings
>>> check_bounds(score, settings=settings(max_examples=5, database=None))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import settings as Settings  # noqa: N812  (the class, under a name that does not hide the argument)
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from parlib.aggregation import Aggregation, to_aggregation
from parlib.assessment import Assessment, Response
from parlib.errors import ParlibError
from parlib.framework import Framework
from parlib.rules import Rule, Value
from parlib.rules.base import describe
from parlib.scorecard import NodeScore, ScoreCard
from parlib.testing.answers import assessments as assessments_of
from parlib.testing.edits import forget, reordered, scaled, with_response, without
from parlib.testing.laws import Draw, LawViolation, outline, run_law, show, subject_key
from parlib.testing.rulekit import better_values, rule_strategies, rule_values
from parlib.testing.trees import frameworks as frameworks_of

__all__ = [
    "Scorer",
    "check_additive",
    "check_bounds",
    "check_monotone",
    "check_na_equivalent",
    "check_permutation_invariant",
    "check_scale_invariant",
]

Scorer = Callable[[Framework, Assessment], ScoreCard]
"""Anything that scores an assessment against a framework, like :func:`parlib.score`."""

Frameworks = st.SearchStrategy[Framework]
Assessments = Callable[[Framework], st.SearchStrategy[Assessment]]

_CANDIDATE_MAXIMA = tuple(Fraction(m) for m in ("1", "2", "0.5", "10", "100", "3", "0.25", "1000"))
_FACTORS = tuple(Fraction(f) for f in ("2", "1/3", "1000", "1/1000", "7/5", "1000000"))


@attrs.frozen
class _Tree:
    """How a law gets scored trees for its subject."""

    scorer: Scorer
    frameworks: Frameworks
    assessments: Assessments


def _score() -> Scorer:
    from parlib.scoring import score

    return score


def _tree(subject: object, frameworks: Frameworks | None, assessments: Assessments | None, **defaults: Any) -> _Tree:
    """Resolve the subject of a law about scored trees into a scorer and strategies."""
    if isinstance(subject, Rule):
        raise InvalidArgument(f"this law is about trees; got the rule {subject!r} (test it inside an aggregation)")
    if isinstance(subject, (Aggregation, str, Mapping)):
        try:
            aggregation = to_aggregation(subject)
        except ParlibError as exc:
            raise InvalidArgument(f"not an aggregation: {exc}") from None
        defaults = {"aggregations": st.just(aggregation), "node_aggregations": st.none(), **defaults}
        scorer = _score()
    elif callable(subject):
        scorer = subject
    else:
        raise InvalidArgument(f"expected a rule, an aggregation or a scorer, got {subject!r}")
    trees = frameworks_of(**defaults) if frameworks is None else frameworks
    return _Tree(scorer, trees, assessments_of if assessments is None else assessments)


def _card(tree: _Tree, law: str, framework: Framework, assessment: Assessment) -> ScoreCard:
    try:
        return tree.scorer(framework, assessment)
    except ParlibError as exc:
        raise LawViolation(law, f"the scorer refused a valid input: {exc}\n{outline(framework, assessment)}") from exc


def _nodes(card: ScoreCard) -> Iterator[NodeScore]:
    yield card.total
    yield from card.nodes()


def _by_id(card: ScoreCard) -> dict[str, NodeScore]:
    return {n.id: n for n in _nodes(card)}


def _n(value: Fraction | None) -> str:
    return "N/A" if value is None else describe(value)


def _close(a: Fraction | None, b: Fraction | None, tolerance: Fraction) -> bool:
    if a is None or b is None:
        return a is b
    if tolerance == 0:
        return a == b
    return abs(a - b) <= tolerance * max(Fraction(1), abs(a), abs(b))


def _draw_case(draw: Draw, tree: _Tree) -> tuple[Framework, Assessment]:
    framework = draw(tree.frameworks)
    return framework, draw(tree.assessments(framework))


# --- rules, leaf by leaf ----------------------------------------------------------------------


def _maxima(rule: Rule, maxima: st.SearchStrategy[Fraction] | None) -> st.SearchStrategy[Fraction]:
    if maxima is not None:
        return maxima
    fitting = [m for m in _CANDIDATE_MAXIMA if not rule.check(m)]
    if not fitting:
        raise InvalidArgument(f"{rule!r} fits none of the maxima {[str(m) for m in _CANDIDATE_MAXIMA]}; pass maxima=")
    return st.sampled_from(fitting)


def _values(rule: Rule, values: st.SearchStrategy[Value] | None) -> Callable[[Fraction], st.SearchStrategy[Value]]:
    if values is not None:
        return lambda maximum: values
    rule_strategies(rule.type)  # InvalidArgument if the type has no strategies
    return lambda maximum: rule_values(rule, maximum)


def _rule_bounds(
    rule: Rule, values: st.SearchStrategy[Value] | None, maxima: st.SearchStrategy[Fraction] | None
) -> Callable[[Draw], None]:
    sizes = _maxima(rule, maxima)
    values_at = _values(rule, values)

    def body(draw: Draw) -> None:
        maximum = draw(sizes)
        value = draw(values_at(maximum))
        points = rule.score(value, maximum).points
        if points is not None and not 0 <= points <= maximum:
            raise LawViolation(
                "bounds", f"{rule!r} gave {_n(points)} points for {show(value)}, outside [0, {_n(maximum)}]"
            )

    return body


def _rule_monotone(
    rule: Rule,
    values: st.SearchStrategy[Value] | None,
    better: Callable[[Value], st.SearchStrategy[Value]] | None,
    maxima: st.SearchStrategy[Fraction] | None,
) -> Callable[[Draw], None]:
    sizes = _maxima(rule, maxima)
    values_at = _values(rule, values)
    if better is None:
        rule_strategies(rule.type)
    improve: Callable[[Value, Fraction], st.SearchStrategy[Value]] = (
        (lambda value, maximum: better_values(rule, value, maximum))
        if better is None
        else (lambda value, maximum: better(value))
    )

    def body(draw: Draw) -> None:
        maximum = draw(sizes)
        worse = draw(values_at(maximum))
        good = draw(improve(worse, maximum))
        before, after = rule.score(worse, maximum).points, rule.score(good, maximum).points
        if before is not None and after is not None and after < before:
            raise LawViolation(
                "monotonicity",
                f"{rule!r} (maximum {_n(maximum)}) gave {_n(before)} points for {show(worse)}"
                f" but only {_n(after)} for the better {show(good)}",
            )

    return body


# --- bounds -----------------------------------------------------------------------------------


def check_bounds(
    subject: Rule | Aggregation | str | Mapping[str, object] | Scorer,
    *,
    frameworks: Frameworks | None = None,
    assessments: Assessments | None = None,
    values: st.SearchStrategy[Value] | None = None,
    maxima: st.SearchStrategy[Fraction] | None = None,
    data: st.DataObject | None = None,
    settings: Settings | None = None,
) -> None:
    """
    **Bounds:** ``0 <= points <= maximum`` and ``0 <= applicable maximum <= maximum``
    at every node (a rule: for every value it accepts), and every index lies in [0, 100].

    Requires the hypothesis package.

    >>> from hypothesis import settings
    >>> from parlib.rules import Manual
    >>> check_bounds(Manual(), settings=settings(max_examples=10, database=None))
    """
    if isinstance(subject, Rule):
        run_law(
            _rule_bounds(subject, values, maxima),
            data=data,
            settings=settings,
            key=subject_key("check_bounds", subject),
        )
        return
    tree = _tree(subject, frameworks, assessments)

    def body(draw: Draw) -> None:
        framework, assessment = _draw_case(draw, tree)
        card = _card(tree, "bounds", framework, assessment)
        for node in _nodes(card):
            problem = ""
            if not 0 <= node.points <= node.maximum:
                problem = f"points {_n(node.points)} outside [0, {_n(node.maximum)}]"
            elif not 0 <= node.applicable_maximum <= node.maximum:
                problem = f"applicable maximum {_n(node.applicable_maximum)} outside [0, {_n(node.maximum)}]"
            elif node.index is not None and not 0 <= node.index <= 100:
                problem = f"index {_n(node.index)} outside [0, 100]"
            if problem:
                raise LawViolation("bounds", f"node {node.id!r}: {problem}\n{outline(framework, assessment)}")

    run_law(body, data=data, settings=settings, key=subject_key("check_bounds", subject))


# --- additivity -------------------------------------------------------------------------------


def check_additive(
    subject: Aggregation | str | Mapping[str, object] | Scorer,
    *,
    frameworks: Frameworks | None = None,
    assessments: Assessments | None = None,
    data: st.DataObject | None = None,
    settings: Settings | None = None,
) -> None:
    """
    **Additivity (exact):** in frameworks whose points add up, every node's points
    are exactly the sum of its children's, its maximum the sum of theirs, its
    applicable maximum the sum of the applicable ones (plus, under the ``zero``
    policy, the maxima of those that do not apply), and the total is the sum of
    the points of the leaves (and of nodes that stand in for their leaves).

    Frameworks are drawn without a minimum applicable share, which zeroes a node on purpose.

    Requires the hypothesis package.

    >>> from hypothesis import settings
    >>> check_additive("additive", settings=settings(max_examples=10, database=None))
    """
    if isinstance(subject, (Aggregation, str, Mapping)):
        if not to_aggregation(subject).additive:
            raise InvalidArgument(f"additivity is a law of aggregations whose points add up, not of {subject!r}")
        tree = _tree(subject, frameworks, assessments, na_min_shares=st.none())
    else:
        only = {"aggregations": st.just(to_aggregation("additive")), "node_aggregations": st.none()}
        tree = _tree(subject, frameworks, assessments, na_min_shares=st.none(), **only)

    def body(draw: Draw) -> None:
        framework, assessment = _draw_case(draw, tree)
        card = _card(tree, "additivity", framework, assessment)
        policies = {c.id: c.na_policy or framework.na_policy for c in framework.walk()}
        for node in _nodes(card):
            if not node.children:
                continue
            policy = policies.get(node.id, framework.na_policy)
            sums = (
                sum((c.points for c in node.children), Fraction(0)),
                sum((c.maximum for c in node.children), Fraction(0)),
                sum(
                    (
                        c.applicable_maximum
                        if c.applicable_maximum > 0
                        else (c.maximum if policy == "zero" else Fraction(0))
                        for c in node.children
                    ),
                    Fraction(0),
                ),
            )
            mine = (node.points, node.maximum, node.applicable_maximum)
            for what, own, total in zip(("points", "maximum", "applicable maximum"), mine, sums, strict=True):
                if own != total:
                    raise LawViolation(
                        "additivity",
                        f"node {node.id!r}: {what} {_n(own)} != {_n(total)}, the sum over its children"
                        f"\n{outline(framework, assessment)}",
                    )
        leaves = sum((n.points for n in card.total.walk() if not n.children), Fraction(0))
        if leaves != card.total.points:
            raise LawViolation(
                "additivity",
                f"total points {_n(card.total.points)} != {_n(leaves)}, the sum over the leaves"
                f"\n{outline(framework, assessment)}",
            )

    run_law(body, data=data, settings=settings, key=subject_key("check_additive", subject))


# --- monotonicity -----------------------------------------------------------------------------


def _ancestors(framework: Framework, criterion_id: str) -> list[str]:
    out = []
    parent = framework.parent_of(criterion_id)
    while parent is not None:
        out.append(parent)
        parent = framework.parent_of(parent)
    return out


def check_monotone(
    subject: Rule | Aggregation | str | Mapping[str, object] | Scorer,
    *,
    frameworks: Frameworks | None = None,
    assessments: Assessments | None = None,
    values: st.SearchStrategy[Value] | None = None,
    better: Callable[[Value], st.SearchStrategy[Value]] | None = None,
    maxima: st.SearchStrategy[Fraction] | None = None,
    data: st.DataObject | None = None,
    settings: Settings | None = None,
) -> None:
    """
    **Monotonicity:** a better response never lowers the points (or index) of
    its criterion or of any ancestor, up to the total.

    "Better" is defined per rule type (see :func:`~parlib.testing.better_values`);
    an answer is also at least as good as no answer. For a custom rule pass
    *values* and *better* (or register :class:`~parlib.testing.RuleStrategies`).

    Requires the hypothesis package.

    >>> from hypothesis import settings
    >>> from parlib.rules import Count
    >>> check_monotone(Count(per_item=1), settings=settings(max_examples=10, database=None))
    """
    if isinstance(subject, Rule):
        run_law(
            _rule_monotone(subject, values, better, maxima),
            data=data,
            settings=settings,
            key=subject_key("check_monotone", subject),
        )
        return
    tree = _tree(subject, frameworks, assessments)

    def body(draw: Draw) -> None:
        framework, assessment = _draw_case(draw, tree)
        answered = {r.criterion for r in assessment.responses}
        candidates = [
            leaf.id
            for leaf in framework.leaves()
            if not any(a in answered for a in _ancestors(framework, leaf.id))
            and (leaf.id not in answered or not assessment.response(leaf.id).not_applicable)  # type: ignore[union-attr]
        ]
        if not candidates:
            return
        leaf = framework.criterion(draw(st.sampled_from(candidates)))
        assert leaf.rule is not None  # noqa: S101  (a leaf)
        assert leaf.max is not None  # noqa: S101
        response = assessment.response(leaf.id)
        if response is None:
            value = draw(rule_values(leaf.rule, leaf.max))
            if leaf.rule.score(value, leaf.max).points is None:
                return  # a value the rule finds not applicable is not "better" than no answer
            response = Response(leaf.id, value)
        else:
            assert response.value is not None  # noqa: S101  (not N/A)
            response = attrs.evolve(response, value=draw(better_values(leaf.rule, response.value, leaf.max)))
        improved = with_response(assessment, response)
        before = _by_id(_card(tree, "monotonicity", framework, assessment))
        after = _by_id(_card(tree, "monotonicity", framework, improved))
        old = assessment.response(leaf.id)
        for node_id in (leaf.id, *_ancestors(framework, leaf.id), "total"):
            b, a = before[node_id], after[node_id]
            lower = a.points < b.points or (a.index is not None and b.index is not None and a.index < b.index)
            if lower:
                raise LawViolation(
                    "monotonicity",
                    f"changing {leaf.id!r} from {'no answer' if old is None else show(old.value)} to the better"
                    f" {show(response.value)} lowered {node_id!r} from {_n(b.points)} points (index {_n(b.index)})"
                    f" to {_n(a.points)} (index {_n(a.index)})\n{outline(framework, assessment)}",
                )

    run_law(body, data=data, settings=settings, key=subject_key("check_monotone", subject))


# --- not-applicable equivalence ---------------------------------------------------------------


def _renormalising(framework: Framework, criterion_id: str) -> bool:
    """Whether every node above *criterion_id* drops a child that does not apply (no threshold)."""
    for node_id in _ancestors(framework, criterion_id):
        node = framework.criterion(node_id)
        policy = node.na_policy or framework.na_policy
        share = node.na_min_share if node.na_min_share is not None else framework.na_min_share
        if policy != "exclude" or (share is not None and share > 0):
            return False
    top_share = framework.na_min_share
    return framework.na_policy == "exclude" and (top_share is None or top_share == 0)


def check_na_equivalent(
    subject: Aggregation | str | Mapping[str, object] | Scorer,
    *,
    frameworks: Frameworks | None = None,
    assessments: Assessments | None = None,
    data: st.DataObject | None = None,
    settings: Settings | None = None,
) -> None:
    """
    **Not-applicable equivalence:** under a renormalising policy (``exclude``, no
    minimum share), marking a criterion not applicable scores every other node
    exactly as if the criterion had been removed from the framework (points,
    applicable maximum, index, band).

    Frameworks are drawn with the ``exclude`` policy and no minimum share;
    criteria under another policy are left alone.

    Requires the hypothesis package.

    >>> from hypothesis import settings
    >>> check_na_equivalent("weighted-mean", settings=settings(max_examples=10, database=None))
    """
    tree = _tree(subject, frameworks, assessments, na_policies=st.just("exclude"), na_min_shares=st.none())

    def body(draw: Draw) -> None:
        framework, assessment = _draw_case(draw, tree)
        answered = {r.criterion for r in assessment.responses}
        candidates = [
            c.id
            for c in framework.walk()
            if (c.allow_na if c.children else c.rule is not None and c.rule.allow_na)
            and not any(a in answered for a in _ancestors(framework, c.id))
            and _renormalising(framework, c.id)
        ]
        if not candidates:
            return
        target = framework.criterion(draw(st.sampled_from(candidates)))
        below = [c.id for c in target.walk() if c.id != target.id]
        marked = with_response(forget(assessment, below), Response(target.id, not_applicable=True))
        cut = without(framework, target.id)
        card = _card(tree, "not-applicable equivalence", framework, marked)
        where = f"\n{outline(framework, marked)}"
        if cut is None:
            if card.total.index is not None:
                raise LawViolation(
                    "not-applicable equivalence",
                    f"with {target.id!r}, the only criterion, not applicable the total index is"
                    f" {_n(card.total.index)}, not N/A{where}",
                )
            return
        gone = {c.id for c in framework.walk()} - {c.id for c in cut.walk()}
        reference = _card(tree, "not-applicable equivalence", cut, forget(assessment, gone))
        marked_nodes = _by_id(card)
        for node in _nodes(reference):
            other = marked_nodes[node.id]
            mine = (other.points, other.applicable_maximum, other.index)
            theirs = (node.points, node.applicable_maximum, node.index)
            if mine != theirs:
                raise LawViolation(
                    "not-applicable equivalence",
                    f"{target.id!r} not applicable gives {node.id!r} points {_n(mine[0])} of applicable"
                    f" {_n(mine[1])} (index {_n(mine[2])}), but removing {target.id!r} gives {_n(theirs[0])} of"
                    f" {_n(theirs[1])} (index {_n(theirs[2])}){where}",
                )
        if (card.band and card.band.label) != (reference.band and reference.band.label):
            raise LawViolation("not-applicable equivalence", f"{target.id!r} not applicable changes the band{where}")

    run_law(body, data=data, settings=settings, key=subject_key("check_na_equivalent", subject))


# --- invariances ------------------------------------------------------------------------------


def _same_scores(
    law: str, first: ScoreCard, second: ScoreCard, *, tolerance: Fraction, change: str, where: str
) -> None:
    theirs = _by_id(second)
    for node in _nodes(first):
        other = theirs[node.id]
        pairs = (
            ("points", node.points, other.points),
            ("maximum", node.maximum, other.maximum),
            ("applicable maximum", node.applicable_maximum, other.applicable_maximum),
            ("index", node.index, other.index),
        )
        for what, a, b in pairs:
            if not _close(a, b, tolerance):
                shown = (_n(a), _n(b))
                if shown[0] == shown[1] and a is not None and b is not None:
                    shown = (f"{a} (~{float(a)!r})", f"{b} (~{float(b)!r})")
                raise LawViolation(
                    law, f"{change} changed the {what} of {node.id!r} from {shown[0]} to {shown[1]}{where}"
                )


def check_permutation_invariant(
    subject: Aggregation | str | Mapping[str, object] | Scorer,
    *,
    frameworks: Frameworks | None = None,
    assessments: Assessments | None = None,
    tolerance: Fraction = Fraction(0),
    data: st.DataObject | None = None,
    settings: Settings | None = None,
) -> None:
    """
    **Permutation invariance:** putting siblings (at every level) and responses in
    another order changes no node's points, maximum, applicable maximum or index.

    *tolerance* (relative, default 0: exact) allows for aggregations documented to use floats.

    Requires the hypothesis package.

    >>> from hypothesis import settings
    >>> check_permutation_invariant("minimum", settings=settings(max_examples=10, database=None))
    """
    tree = _tree(subject, frameworks, assessments)

    def body(draw: Draw) -> None:
        framework, assessment = _draw_case(draw, tree)
        rnd = draw(st.randoms(use_true_random=False))
        shuffled = reordered(framework, rnd)
        answers = list(assessment.responses)
        rnd.shuffle(answers)
        moved = attrs.evolve(assessment, responses=answers)
        first = _card(tree, "permutation invariance", framework, assessment)
        second = _card(tree, "permutation invariance", shuffled, moved)
        where = f"\n{outline(framework, assessment)}\nreordered:\n{outline(shuffled, moved)}"
        _same_scores("permutation invariance", first, second, tolerance=tolerance, change="reordering", where=where)

    run_law(body, data=data, settings=settings, key=subject_key("check_permutation_invariant", subject))


def check_scale_invariant(
    subject: Aggregation | str | Mapping[str, object] | Scorer,
    *,
    frameworks: Frameworks | None = None,
    assessments: Assessments | None = None,
    factors: st.SearchStrategy[Fraction] | None = None,
    tolerance: Fraction = Fraction(0),
    data: st.DataObject | None = None,
    settings: Settings | None = None,
) -> None:
    """
    **Scale invariance:** multiplying the weights of a group of siblings by
    ``c > 0`` (from *factors*; default 2, 1/3, 1000, ...) changes no node's
    points or index: weights are relative.

    *tolerance* (relative, default 0: exact) allows for aggregations documented to use floats.

    Requires the hypothesis package.

    >>> from hypothesis import settings
    >>> check_scale_invariant("weighted-mean", settings=settings(max_examples=10, database=None))
    """
    tree = _tree(subject, frameworks, assessments)
    sizes = st.sampled_from(_FACTORS) if factors is None else factors

    def body(draw: Draw) -> None:
        framework, assessment = _draw_case(draw, tree)
        groups: list[str | None] = [None, *(c.id for c in framework.walk() if c.children)]
        parent = draw(st.sampled_from(groups))
        factor = draw(sizes)
        if factor <= 0:
            raise InvalidArgument(f"factors must be > 0, got {factor}")
        rescaled = scaled(framework, parent, factor)
        first = _card(tree, "scale invariance", framework, assessment)
        second = _card(tree, "scale invariance", rescaled, assessment)
        group = "the top-level criteria" if parent is None else f"the children of {parent!r}"
        where = f"\n{outline(framework, assessment)}"
        change = f"multiplying the weights of {group} by {_n(factor)}"
        _same_scores("scale invariance", first, second, tolerance=tolerance, change=change, where=where)

    run_law(body, data=data, settings=settings, key=subject_key("check_scale_invariant", subject))
