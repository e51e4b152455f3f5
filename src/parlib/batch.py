"""
Batch scoring: compile a framework once into a flat plan, then score many assessments.

The plan lists the leaves with their rules and every inner node (children
first) with its children's slots. Points are kept as integers over one common
denominator where they can be, so sums are exact integer additions. Each
result carries every node's points and applicable maximum; the full
:class:`~parlib.scorecard.ScoreCard` (with traces) is built on demand and is
identical to :func:`parlib.score`'s.

>>> from parlib import examples, score
>>> fw, a = examples.framework(), examples.assessment()
>>> [result] = score_many(fw, [a])
>>> result.total_points == score(fw, a).total.points
True
>>> result.card() == score(fw, a)
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction

import attrs

from parlib.aggregation import Additive
from parlib.assessment import Assessment
from parlib.errors import ParlibError
from parlib.framework import Band, Criterion, Framework
from parlib.rules.base import Rule
from parlib.scorecard import ScoreCard
from parlib.scoring import ChildScore, combine, score

__all__ = ["BatchScore", "Plan", "compile_plan", "score_many"]

Scaled = int | Fraction
"""Points times the plan's common denominator: an int where exact, else a Fraction."""


@attrs.frozen
class _Leaf:
    id: str
    slot: int
    rule: Rule
    maximum: Fraction
    scaled_max: Scaled


@attrs.frozen
class _Inner:
    criterion: Criterion | None  # None for the total
    slot: int
    children: tuple[int, ...]
    child_ids: tuple[str, ...]
    weights: tuple[Fraction, ...]
    maximum: Fraction
    simple: bool  # additive, excluding N/A, no data threshold: a plain sum


@attrs.frozen
class Plan:
    """
    A framework compiled for batch scoring: leaves, inner nodes (children first), slots.

    >>> from parlib import examples
    >>> plan = compile_plan(examples.framework())
    >>> len(plan.leaves) == sum(1 for _ in examples.framework().leaves())
    True
    """

    framework: Framework
    scale: int
    leaves: tuple[_Leaf, ...]
    inner: tuple[_Inner, ...]
    slots: dict[str, int] = attrs.field(eq=False, repr=False)

    def scaled(self, points: Fraction) -> Scaled:
        """
        *points* times the common denominator, as an int when exact.

        >>> from parlib import examples
        >>> compile_plan(examples.framework()).scaled(Fraction(1, 2)) * 2 == compile_plan(examples.framework()).scale
        True
        """
        den = points.denominator
        if self.scale % den == 0:
            return points.numerator * (self.scale // den)
        return points * self.scale

    def unscaled(self, value: Scaled) -> Fraction:
        """
        Back from the common denominator to exact points.

        >>> from parlib import examples
        >>> plan = compile_plan(examples.framework())
        >>> plan.unscaled(plan.scaled(Fraction(3, 4)))
        Fraction(3, 4)
        """
        return Fraction(value) / self.scale


def compile_plan(framework: Framework) -> Plan:
    """
    Compile *framework* once for :func:`score_many`.

    >>> from parlib import examples
    >>> plan = compile_plan(examples.framework())
    >>> all(plan.scale % c.max.denominator == 0 for c in examples.framework().leaves())
    True
    """
    leaves: list[_Leaf] = []
    inner: list[_Inner] = []
    slots: dict[str, int] = {}
    denominators: set[int] = set()

    def slot_of(node_id: str) -> int:
        slots[node_id] = len(slots)
        return slots[node_id]

    def visit(crit: Criterion) -> int:
        if crit.is_leaf:
            assert crit.rule is not None  # noqa: S101  (a leaf has a rule)
            slot = slot_of(crit.id)
            maximum = framework.maximum_of(crit)
            denominators.add(maximum.denominator)
            leaves.append(_Leaf(crit.id, slot, crit.rule, maximum, 0))
            return slot
        children = tuple(visit(c) for c in crit.children)
        slot = slot_of(crit.id)
        inner.append(_node(framework, crit, slot, crit.children, children))
        return slot

    normal = [c for c in framework.criteria if c.role == "normal"]
    tops = tuple(visit(c) for c in normal)
    for section in framework.criteria:
        if section.role != "normal":
            visit(section)
    inner.append(_node(framework, None, slot_of("total"), normal, tops))
    for node in inner:
        denominators.add(node.maximum.denominator)
    scale = math.lcm(*denominators)
    plan = Plan(framework, scale, (), tuple(inner), slots)
    scaled_leaves = tuple(attrs.evolve(leaf, scaled_max=plan.scaled(leaf.maximum)) for leaf in leaves)
    return attrs.evolve(plan, leaves=scaled_leaves)


def _node(
    framework: Framework, crit: Criterion | None, slot: int, crits: Sequence[Criterion], children: tuple[int, ...]
) -> _Inner:
    aggregation = framework.aggregation if crit is None else framework.aggregation_of(crit)
    policy = (crit.na_policy if crit is not None else None) or framework.na_policy
    share = crit.na_min_share if crit is not None and crit.na_min_share is not None else framework.na_min_share
    maximum = framework.maximum if crit is None else framework.maximum_of(crit)
    simple = type(aggregation) is Additive and policy == "exclude" and share is None  # others may add otherwise
    weights = tuple(c.weight if c.weight is not None else Fraction(1) for c in crits)
    return _Inner(crit, slot, children, tuple(c.id for c in crits), weights, maximum, simple)


@attrs.frozen
class BatchScore:
    """
    One assessment's numbers from :func:`score_many`, with the full card on demand.

    >>> from parlib import examples
    >>> [r] = score_many(examples.framework(), [examples.assessment()])
    >>> r.index("1") == r.card().node("1").index
    True
    """

    plan: Plan = attrs.field(repr=False)
    assessment: Assessment = attrs.field(repr=False)
    points_scaled: tuple[Scaled, ...] = attrs.field(repr=False)
    applicable_scaled: tuple[Scaled, ...] = attrs.field(repr=False)

    def points(self, node_id: str = "total") -> Fraction:
        """
        A node's points (``"total"`` for the whole framework).

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.points() == r.total_points
        True
        """
        return self.plan.unscaled(self.points_scaled[self.plan.slots[node_id]])

    def applicable_maximum(self, node_id: str = "total") -> Fraction:
        """
        A node's applicable maximum.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.applicable_maximum("1")
        Fraction(19, 2)
        """
        return self.plan.unscaled(self.applicable_scaled[self.plan.slots[node_id]])

    def index(self, node_id: str = "total") -> Fraction | None:
        """
        A node's index, ``None`` when nothing under it applies.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.index() == r.card().total.index
        True
        """
        applicable = self.applicable_scaled[self.plan.slots[node_id]]
        if applicable == 0:
            return None
        return Fraction(self.points_scaled[self.plan.slots[node_id]]) / applicable * 100

    @property
    def total_points(self) -> Fraction:
        """
        The total's points (normal sections only; see :meth:`card` for bonus and penalty).

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.total_points > 0
        True
        """
        return self.points("total")

    def _sections(self, role: str) -> Fraction:
        crits = self.plan.framework.criteria
        return sum((self.points(c.id) for c in crits if c.role == role), Fraction(0))

    @property
    def bonus(self) -> Fraction:
        """
        Points from bonus sections, as :attr:`parlib.ScoreCard.bonus`.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.bonus == r.card().bonus
        True
        """
        return self._sections("bonus")

    @property
    def penalty(self) -> Fraction:
        """
        Points from penalty sections, as :attr:`parlib.ScoreCard.penalty`.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.penalty == r.card().penalty
        True
        """
        return self._sections("penalty")

    @property
    def final_points(self) -> Fraction:
        """
        Total points plus bonus minus penalty, never below 0, as :attr:`parlib.ScoreCard.final_points`.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.final_points == r.card().final_points
        True
        """
        return max(Fraction(0), self.total_points + self.bonus - self.penalty)

    @property
    def final_index(self) -> Fraction | None:
        """
        ``final_points`` over the total's applicable maximum, times 100, as :attr:`parlib.ScoreCard.final_index`.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.final_index == r.card().final_index
        True
        """
        applicable = self.applicable_maximum("total")
        return None if applicable == 0 else self.final_points / applicable * 100

    @property
    def band(self) -> Band | None:
        """
        The band, as on the full card.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.band == r.card().band
        True
        """
        return self.plan.framework.band_for(self.final_index)

    def card(self) -> ScoreCard:
        """
        The full score card, identical to ``parlib.score(framework, assessment)``.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.card().subject.id
        'so-ldtbxh'
        """
        return score(self.plan.framework, self.assessment)


class _FallbackError(Exception):
    """This assessment needs the general engine (errors, published values, N/A on inner nodes)."""


def _exact_sum(values: list[Scaled]) -> Scaled:
    """Sum ints and fractions exactly, reducing once at the end rather than at every addition."""
    whole = 0
    num, den = 0, 1
    for value in values:
        if type(value) is int:
            whole += value
        else:
            vn, vd = value.numerator, value.denominator
            num, den = num * vd + vn * den, den * vd
    return whole if den == 1 else Fraction(whole * den + num, den)


def _key(value: object) -> object:
    """A cheap hashable memo key for a response value (numbers by numerator and denominator)."""
    if type(value) is Fraction:
        return (value.numerator, value.denominator)
    if isinstance(value, Mapping):
        return tuple((k, v.numerator, v.denominator) if type(v) is Fraction else (k, v) for k, v in value.items())
    if value is True or value is False:  # True == Fraction(1) as a dict key, but rules tell them apart
        return (bool, value)
    return value


def _run(plan: Plan, assessment: Assessment, memo: list[dict[object, Scaled | None]]) -> BatchScore:
    size = len(plan.slots)
    pts: list[Scaled] = [0] * size
    app: list[Scaled] = [0] * size
    response = assessment.response
    if len(assessment.responses) > len(plan.leaves) or assessment.framework.id != plan.framework.id:
        raise _FallbackError
    answered = 0
    for leaf, seen in zip(plan.leaves, memo, strict=True):
        resp = response(leaf.id)
        if resp is None:
            app[leaf.slot] = leaf.scaled_max
            continue
        answered += 1
        if resp.not_applicable:
            if not leaf.rule.allow_na:
                raise _FallbackError
            continue
        value = resp.value
        key = _key(value)
        try:
            got = seen[key]
        except KeyError:
            got = seen[key] = _points(plan, leaf, value)
        if got is not None:
            pts[leaf.slot] = got
            app[leaf.slot] = leaf.scaled_max
    if answered != len(assessment.responses):
        raise _FallbackError
    for node in plan.inner:
        if node.simple:
            pts[node.slot] = _exact_sum([pts[c] for c in node.children])
            app[node.slot] = _exact_sum([app[c] for c in node.children])
            continue
        children = [
            ChildScore(cid, plan.unscaled(pts[c]), _maximum(plan, cid), plan.unscaled(app[c]), w)
            for c, cid, w in zip(node.children, node.child_ids, node.weights, strict=True)
        ]
        combined = combine(plan.framework, node.criterion, children)
        if combined.points is not None:
            pts[node.slot] = plan.scaled(combined.points)
            app[node.slot] = plan.scaled(combined.applicable_maximum)
    return BatchScore(plan, assessment, tuple(pts), tuple(app))


def _points(plan: Plan, leaf: _Leaf, value: object) -> Scaled | None:
    """A leaf's scaled points for one value (``None``: not applicable); raises to fall back."""
    try:
        got = leaf.rule.score(value, leaf.maximum).points  # type: ignore[arg-type]
    except ParlibError:
        raise _FallbackError from None
    if got is None:
        return None
    if not 0 <= got <= leaf.maximum:
        raise _FallbackError
    return plan.scaled(got)


def _maximum(plan: Plan, node_id: str) -> Fraction:
    return plan.framework.maximum_of(plan.framework.criterion(node_id))


def _from_card(plan: Plan, assessment: Assessment) -> BatchScore:
    card = score(plan.framework, assessment)
    pts: list[Scaled] = [0] * len(plan.slots)
    app: list[Scaled] = [0] * len(plan.slots)
    for node in (card.total, *card.nodes()):
        pts[plan.slots[node.id]] = plan.scaled(node.points)
        app[plan.slots[node.id]] = plan.scaled(node.applicable_maximum)
    return BatchScore(plan, assessment, tuple(pts), tuple(app))


def score_many(framework: Framework | Plan, assessments: Iterable[Assessment]) -> Iterator[BatchScore]:
    """
    Score many assessments against one framework, compiled once.

    Results come in input order and equal scoring one by one; an assessment
    with a problem raises the same error :func:`parlib.score` would.

    >>> from parlib import examples
    >>> [r.total_points for r in score_many(examples.framework(), [])]
    []
    """
    plan = framework if isinstance(framework, Plan) else compile_plan(framework)
    memo: list[dict[object, Scaled | None]] = [{} for _ in plan.leaves]
    for assessment in assessments:
        try:
            result: BatchScore | None = _run(plan, assessment, memo)
        except _FallbackError:
            result = None  # scored below, outside the handler, so that its errors carry no internal context
        yield _from_card(plan, assessment) if result is None else result
