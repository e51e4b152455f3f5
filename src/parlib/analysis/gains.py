"""
What raises the score most: every criterion that lost points, ranked by the
index it would add if fully met, and the fewest criteria that lift the unit
into the next band.

The index gain of a criterion is the points it lost over the total's
applicable maximum, times 100: exactly what meeting it in full adds to the
index when points add up the tree (``Gain.exact``); under other aggregations
it is the points-based figure and the real gain differs.

**The fewest criteria to reach a band.** Let the gap be the points the unit
lacks. Take the criteria by points lost, largest first (ties in framework
order), until their sum reaches the gap. No smaller set works: the k criteria
with the most points lost have the largest sum any k criteria can have, so if
the first k - 1 of them fall short, every set of k - 1 does. When even all the
lost points fall short, the band cannot be reached by meeting criteria.

>>> from parlib import examples, score
>>> fw, a = examples.framework(), examples.assessment()
>>> ranked = gains(fw, score(fw, a), a)
>>> [g.criterion for g in ranked[:3]]
['4.2.2', '7.3.2', '7.4.2']
>>> plan = next_band(fw, score(fw, a), ranked)
>>> plan.target.label, [g.criterion for g in plan.criteria]
('A', ['4.2.2', '7.3.2', '7.4.2', '8.4', '7.3.1'])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

import attrs

from parlib.assessment import Assessment
from parlib.evidence import Evidence
from parlib.findings import Finding
from parlib.framework import Band, Framework
from parlib.label import Label
from parlib.rules.base import describe
from parlib.scorecard import ScoreCard, Trace

__all__ = ["BandPlan", "Gain", "fewest_reaching", "gains", "next_band"]


def _evidence(value: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


@attrs.frozen
class Gain:
    """
    One criterion that lost points: how much, the index it would add, why it
    lost them (the trace) and what meeting it would take.

    ``evidence_required`` and ``note`` come from the framework; ``cited`` is
    the evidence the response cites now, ``findings`` the inspectors' findings
    (with their recommendations) that name the criterion.

    >>> from parlib import examples, score
    >>> fw, a = examples.framework(), examples.assessment()
    >>> g = gains(fw, score(fw, a), a)[0]
    >>> g.criterion, g.lost, g.index_gain, g.findings[0].id
    ('4.2.2', Fraction(2, 1), Fraction(400, 199), 'F5')
    """

    criterion: str
    label: Label
    lost: Fraction
    index_gain: Fraction
    trace: Trace
    exact: bool = True
    evidence_required: bool = False
    note: str = ""
    cited: tuple[Evidence, ...] = attrs.field(default=(), converter=_evidence)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)

    def needs(self, language: str = "en") -> str:
        """
        What meeting the criterion in full would take, in words.

        >>> from parlib import examples, score
        >>> fw, a = examples.framework(), examples.assessment()
        >>> print(gains(fw, score(fw, a), a)[0].needs())  # doctest: +ELLIPSIS
        full marks: 2 points; evidence required; now cites E4 (...); inspection F5 (limitation): No job-position scheme ...
        """
        word = "point" if self.trace.maximum == 1 else "points"
        parts = [f"full marks: {describe(self.trace.maximum)} {word}"]
        if self.evidence_required:
            parts.append("evidence required")
        if self.note:
            parts.append(self.note.rstrip("."))
        if self.cited:
            parts.append("now cites " + ", ".join(f"{e.id} ({e.title})" if e.title else e.id for e in self.cited))
        for f in self.findings:
            parts.append(f"inspection {f.id} ({f.kind}): {f.statement.get(language).rstrip('.')}")
            parts += [f"recommended: {r.action.get(language).rstrip('.')}" for r in f.recommendations]
        return "; ".join(parts)


def _additive_chain(framework: Framework, criterion_id: str) -> bool:
    node: str | None = framework.parent_of(criterion_id)
    while node is not None:
        if not framework.aggregation_of(framework.criterion(node)).additive:
            return False
        node = framework.parent_of(node)
    return framework.aggregation.additive


def gains(framework: Framework, card: ScoreCard, assessment: Assessment | None = None) -> list[Gain]:
    """
    Every criterion under the total that lost points, the largest index gain
    first (ties in framework order). A missing response counts as lost; a
    not-applicable one does not. Pass the *assessment* to attach the cited
    evidence and the findings.

    >>> from parlib import examples, score
    >>> fw, a = examples.framework(), examples.assessment()
    >>> all(g.lost > 0 for g in gains(fw, score(fw, a)))
    True
    """
    applicable = card.total.applicable_maximum
    evidence = assessment.evidence_by_id() if assessment is not None else {}
    out: list[Gain] = []
    for top in card.total.children:
        for node in top.walk():
            trace = node.trace
            if trace is None or trace.points is None or node.applicable_maximum == 0:
                continue
            lost = node.applicable_maximum - node.points
            if lost <= 0:
                continue
            crit = framework.criterion(node.id) if node.id in framework else None
            findings = [f for f in assessment.findings if node.id in f.criteria] if assessment else []
            out.append(
                Gain(
                    criterion=node.id, label=node.label, lost=lost, index_gain=lost / applicable * 100, trace=trace,
                    exact=_additive_chain(framework, node.id) if crit is not None else False,
                    evidence_required=crit.evidence_required if crit is not None else False,
                    note=crit.note if crit is not None else "",
                    cited=[evidence[e] for e in trace.evidence if e in evidence], findings=findings,
                )
            )  # fmt: skip
    order = {g.criterion: i for i, g in enumerate(out)}
    return sorted(out, key=lambda g: (-g.index_gain, order[g.criterion]))


def fewest_reaching(amounts: Sequence[Fraction], gap: Fraction, *, strict: bool = False) -> list[int] | None:
    """
    The positions of the fewest *amounts* whose sum reaches *gap* (exceeds it
    when *strict*), largest first and ties by position; ``None`` when all of
    them together fall short. Optimal for the count: see the module docstring.

    >>> fewest_reaching([Fraction(1), Fraction(3), Fraction(2)], Fraction(4))
    [1, 2]
    >>> fewest_reaching([Fraction(1), Fraction(3)], Fraction(4), strict=True) is None
    True
    >>> fewest_reaching([Fraction(1)], Fraction(0))
    []
    """
    chosen: list[int] = []
    total = Fraction(0)

    def reached() -> bool:
        return total > gap if strict else total >= gap

    for i in sorted(range(len(amounts)), key=lambda i: (-amounts[i], i)):
        if reached():
            break
        chosen.append(i)
        total += amounts[i]
    return chosen if reached() else None


def _gains(value: Iterable[Gain]) -> tuple[Gain, ...]:
    return tuple(value)


@attrs.frozen
class BandPlan:
    """
    The fewest criteria that lift a unit into the next band up (``criteria``
    empty and ``reachable`` false when meeting every criterion still falls short).

    ``gap`` is the points lacking; ``index_after`` the index once the chosen
    criteria are met in full.

    >>> from parlib import examples, score
    >>> fw, a = examples.framework(), examples.assessment()
    >>> plan = next_band(fw, score(fw, a))
    >>> plan.current.label, plan.target.label, plan.reachable, float(plan.gap)
    ('B', 'A', True, 6.959)
    """

    current: Band | None
    target: Band
    gap: Fraction
    criteria: tuple[Gain, ...] = attrs.field(converter=_gains)
    reachable: bool
    index_after: Fraction | None


def next_band(framework: Framework, card: ScoreCard, ranked: Sequence[Gain] | None = None) -> BandPlan | None:
    """
    The plan to reach the band just above the card's (``None`` when the card
    is in the top band, the framework has no bands, or nothing applies).
    Only criteria whose gain is exact (points add up) are used.

    >>> from parlib import examples, score
    >>> fw = examples.framework()
    >>> next_band(fw, score(fw, examples.assessment())).index_after > 90
    True
    """
    applicable = card.total.applicable_maximum
    if not framework.bands or applicable == 0:
        return None
    current = framework.band_for(card.final_index)
    if current is None:
        target = framework.bands[-1]
    else:
        at = framework.bands.index(current)
        if at == 0:
            return None
        target = framework.bands[at - 1]
    usable = [g for g in (ranked if ranked is not None else gains(framework, card)) if g.exact]
    base = card.total.points + card.bonus - card.penalty
    gap = target.bound * applicable / 100 - base
    chosen = fewest_reaching([g.lost for g in usable], gap, strict=target.gt is not None)
    if chosen is None:
        return BandPlan(current, target, gap, (), reachable=False, index_after=None)
    picked = [usable[i] for i in chosen]
    after = max(Fraction(0), base + sum((g.lost for g in picked), Fraction(0))) / applicable * 100
    return BandPlan(current, target, gap, picked, reachable=True, index_after=after)
