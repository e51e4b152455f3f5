"""
Score cards: the scored tree, with points, maxima, indexes and a trace for every leaf.

>>> from parlib import examples, score
>>> card = score(examples.framework(), examples.assessment())
>>> card.total.maximum
Fraction(100, 1)
>>> card.node("1").index is not None
True
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Literal

import attrs

from parlib.assessment import FrameworkRef, Subject
from parlib.framework import Band
from parlib.label import Label
from parlib.numbers import RoundingPolicy
from parlib.rules.base import Outcome

__all__ = ["NodeScore", "ScoreCard", "Trace", "TraceStatus"]

TraceStatus = Literal["scored", "not-applicable", "missing"]


@attrs.frozen
class Trace:
    """
    Why a leaf got its points: rule, input as read, the band or formula hit, evidence.

    >>> t = Trace(criterion="3.2.1", label=Label.of(en="on-time rate"), rule="bands",
    ...           outcome=Outcome(Fraction(1), "100%", "100% >= 100% -> 1"), maximum=Fraction(1), evidence=("E7",))
    >>> t.text()
    '3.2.1 on-time rate: 100% >= 100% -> 1 of 1 [E7]'
    """

    criterion: str
    label: Label
    rule: str
    outcome: Outcome
    maximum: Fraction
    evidence: tuple[str, ...] = ()
    status: TraceStatus = "scored"
    explanation: str = ""

    @property
    def points(self) -> Fraction | None:
        """
        The points (``None`` when not applicable).

        >>> Trace("1", Label.of(en="x"), "manual", Outcome(None, "", "n/a"), Fraction(1)).points is None
        True
        """
        return self.outcome.points

    @property
    def input(self) -> str:
        """
        The input as read, in words.

        >>> Trace("1", Label.of(en="x"), "manual", Outcome(Fraction(1), "1", "given 1"), Fraction(1)).input
        '1'
        """
        return self.outcome.input

    @property
    def detail(self) -> str:
        """
        The band or formula hit, in words.

        >>> Trace("1", Label.of(en="x"), "manual", Outcome(Fraction(1), "1", "given 1"), Fraction(1)).detail
        'given 1'
        """
        return self.outcome.detail

    def text(self, language: str = "en", rounding: RoundingPolicy | None = None) -> str:
        """
        The trace as one line, e.g. ``3.2.1 on-time rate: 100% >= 100% -> 1 of 1 [E7]``.

        >>> Trace(criterion="1", label=Label.of(en="x"), rule="boolean", outcome=Outcome(Fraction(0), "", "no response -> 0"),
        ...       maximum=Fraction(2), status="missing").text()
        '1 x: no response -> 0 of 2'
        """
        policy = rounding or RoundingPolicy()
        cites = f" [{', '.join(self.evidence)}]" if self.evidence else ""
        of = "" if self.points is None else f" of {policy.brief(self.maximum)}"
        return f"{self.criterion} {self.label.get(language)}: {self.detail}{of}{cites}"


@attrs.frozen
class NodeScore:
    """
    The score of one node: points, maximum, applicable maximum, index, children or trace.

    ``applicable_maximum`` leaves out not-applicable criteria; ``index`` is
    ``points / applicable_maximum * 100``, or ``None`` when nothing applies.

    >>> n = NodeScore(id="1", label=Label.of(en="x"), points=Fraction(3), maximum=Fraction(5),
    ...               applicable_maximum=Fraction(4))
    >>> n.index, n.lost
    (Fraction(75, 1), Fraction(1, 1))
    """

    id: str
    label: Label
    points: Fraction
    maximum: Fraction
    applicable_maximum: Fraction
    children: tuple[NodeScore, ...] = ()
    trace: Trace | None = None
    detail: str = ""

    @property
    def index(self) -> Fraction | None:
        """
        Points over the applicable maximum, times 100; ``None`` when that maximum is 0.

        >>> NodeScore(id="x", label=Label.of(en="x"), points=Fraction(0), maximum=Fraction(1),
        ...           applicable_maximum=Fraction(0)).index is None
        True
        """
        if self.applicable_maximum == 0:
            return None
        return self.points / self.applicable_maximum * 100

    @property
    def lost(self) -> Fraction:
        """
        Points short of the applicable maximum.

        >>> NodeScore(id="x", label=Label.of(en="x"), points=Fraction(1), maximum=Fraction(1),
        ...           applicable_maximum=Fraction(1)).lost
        Fraction(0, 1)
        """
        return self.applicable_maximum - self.points

    @property
    def not_applicable(self) -> bool:
        """
        Whether nothing under this node applies.

        >>> NodeScore(id="x", label=Label.of(en="x"), points=Fraction(0), maximum=Fraction(1),
        ...           applicable_maximum=Fraction(0)).not_applicable
        True
        """
        return self.applicable_maximum == 0 and self.maximum != 0

    def walk(self) -> Iterator[NodeScore]:
        """
        This node and its descendants, depth first.

        >>> n = NodeScore(id="x", label=Label.of(en="x"), points=Fraction(0), maximum=Fraction(0),
        ...               applicable_maximum=Fraction(0))
        >>> [m.id for m in n.walk()]
        ['x']
        """
        yield self
        for child in self.children:
            yield from child.walk()


@attrs.frozen
class ScoreCard:
    """
    The result of scoring one assessment: the tree under ``total`` and the band.

    Bonus and penalty sections (``sections``) sit beside the normal maximum:
    ``final_points`` is the total's points plus bonus minus penalty (never
    below 0), ``final_index`` divides it by the total's applicable maximum,
    and the band classifies ``final_index``.

    >>> from parlib import examples, score
    >>> card = score(examples.framework(), examples.assessment())
    >>> [n.id for n in card.nodes()][:2]
    ['1', '1.1']
    """

    framework: FrameworkRef
    subject: Subject
    period: str
    total: NodeScore
    band: Band | None
    rounding: RoundingPolicy
    domains: tuple[str, ...] = ()
    sections: tuple[NodeScore, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()

    def _section_points(self, role: str) -> Fraction:
        kinds = dict(self.roles)
        return sum((s.points for s in self.sections if kinds.get(s.id) == role), Fraction(0))

    @property
    def bonus(self) -> Fraction:
        """
        Points from bonus sections (each capped by its own max).

        >>> from parlib import examples, score
        >>> score(examples.framework(), examples.assessment()).bonus
        Fraction(0, 1)
        """
        return self._section_points("bonus")

    @property
    def penalty(self) -> Fraction:
        """
        Points from penalty sections (each capped by its own max).

        >>> from parlib import examples, score
        >>> score(examples.framework(), examples.assessment()).penalty
        Fraction(0, 1)
        """
        return self._section_points("penalty")

    @property
    def final_points(self) -> Fraction:
        """
        The total's points plus bonus minus penalty, never below 0.

        >>> from parlib import examples, score
        >>> card = score(examples.framework(), examples.assessment())
        >>> card.final_points == card.total.points
        True
        """
        return max(Fraction(0), self.total.points + self.bonus - self.penalty)

    @property
    def final_index(self) -> Fraction | None:
        """
        ``final_points`` over the total's applicable maximum, times 100 (``None`` when nothing applies).

        >>> from parlib import examples, score
        >>> card = score(examples.framework(), examples.assessment())
        >>> card.final_index == card.total.index
        True
        """
        if self.total.applicable_maximum == 0:
            return None
        return self.final_points / self.total.applicable_maximum * 100

    def nodes(self) -> Iterator[NodeScore]:
        """
        Every criterion's score, depth first (the total is not included).

        >>> from parlib import examples, score
        >>> card = score(examples.framework(), examples.assessment())
        >>> all(n.id != "total" for n in card.nodes())
        True
        """
        for child in (*self.total.children, *self.sections):
            yield from child.walk()

    def node(self, criterion_id: str) -> NodeScore:
        """
        The score of one criterion.

        >>> from parlib import examples, score
        >>> score(examples.framework(), examples.assessment()).node("1").id
        '1'
        """
        for n in self.nodes():
            if n.id == criterion_id:
                return n
        from parlib.errors import UnknownNameError

        raise UnknownNameError("criterion", criterion_id, (n.id for n in self.nodes()))

    def traces(self) -> Iterator[Trace]:
        """
        Every leaf's trace, in framework order.

        >>> from parlib import examples, score
        >>> next(score(examples.framework(), examples.assessment()).traces()).criterion
        '1.1.1'
        """
        return (n.trace for n in self.nodes() if n.trace is not None)

    def lost_points(self) -> list[Trace]:
        """
        Traces of the leaves that scored below their maximum, most points lost first.

        >>> from parlib import examples, score
        >>> lost = score(examples.framework(), examples.assessment()).lost_points()
        >>> all(t.points is not None and t.points < t.maximum for t in lost)
        True
        """
        lost = [t for t in self.traces() if t.points is not None and t.points < t.maximum]
        return sorted(lost, key=lambda t: t.points - t.maximum if t.points is not None else 0)
