"""
Scores per layer and the difference between two layers, node by node, with the
reasons of the adjustments made in between.

>>> from parlib import examples
>>> d = diff_layers(examples.framework(), examples.inspection(), "self", "final")
>>> [n.id for n in d.changed() if n.reasons][:3]
['1.5.1', '1.5.2', '1.6']
>>> d.node("4.2.2").reasons[0].adjustment.change()
'true -> false'
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from parlib.assessment import Adjustment, Assessment, answer_text
from parlib.errors import AssessmentError, UnknownNameError
from parlib.framework import Framework
from parlib.layers import view
from parlib.report import text_table
from parlib.scorecard import NodeScore, ScoreCard
from parlib.scoring import score

__all__ = ["LayerDiff", "NodeDiff", "Reason", "changes_text", "diff_data", "diff_layers", "diff_text", "score_layers"]


def score_layers(
    framework: Framework, assessment: Assessment, layers: Sequence[str] | None = None
) -> dict[str, ScoreCard]:
    """
    A score card for each of *layers* (default: every layer the assessment has), in order.

    >>> from parlib import examples
    >>> cards = score_layers(examples.framework(), examples.inspection())
    >>> {name: card.band.label for name, card in cards.items()}["appraisal-2"]
    'C'
    """
    names = assessment.layer_names if layers is None else tuple(layers)
    return {name: score(framework, assessment, layer=name) for name in names}


@attrs.frozen
class Reason:
    """
    An adjustment made in a layer between the two compared, with its author
    (the adjustment's own, else its layer's).

    >>> from parlib import examples
    >>> r = diff_layers(examples.framework(), examples.inspection()).node("5.2.1").reasons[-1]
    >>> r.layer, r.author, r.adjustment.change()
    ('appraisal-2', 'Đoàn kiểm tra 1228', 'true -> false')
    """

    layer: str
    author: str
    adjustment: Adjustment

    def text(self) -> str:
        """
        One line: layer, author, time, the change and the reason.

        >>> from parlib import examples
        >>> print(diff_layers(examples.framework(), examples.inspection()).node("4.2.2").reasons[0].text()[:64])
        appraisal-1, Đoàn kiểm tra 1228, 2018-09-12 11:30: true -> false
        """
        adj = self.adjustment
        when = f", {adj.at.strftime('%Y-%m-%d %H:%M')}" if adj.at is not None else ""
        return f"{self.layer}, {self.author}{when}: {adj.change()}: {adj.reason}"


@attrs.frozen
class NodeDiff:
    """
    One criterion in two layers: its scores before and after, the reasons for the
    change, and the layers in between that answered it (``answered``: a survey
    result is a first answer, not an adjustment).

    >>> from parlib import examples
    >>> n = diff_layers(examples.framework(), examples.inspection()).node("4.2.2")
    >>> n.points_change, n.index_change
    (Fraction(-2, 1), Fraction(-100, 1))
    """

    before: NodeScore
    after: NodeScore
    depth: int
    reasons: tuple[Reason, ...] = ()
    answered: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """
        The criterion's id.

        >>> from parlib import examples
        >>> diff_layers(examples.framework(), examples.inspection()).nodes[0].id
        '1'
        """
        return self.after.id

    @property
    def points_change(self) -> Fraction:
        """
        Points after minus points before.

        >>> from parlib import examples
        >>> diff_layers(examples.framework(), examples.inspection()).node("3.3.3").points_change
        Fraction(0, 1)
        """
        return self.after.points - self.before.points

    @property
    def index_change(self) -> Fraction | None:
        """
        Index after minus index before (``None`` where either does not apply).

        >>> from parlib import examples
        >>> diff_layers(examples.framework(), examples.inspection()).node("1.3.3").index_change is None
        True
        """
        if self.before.index is None or self.after.index is None:
            return None
        return self.after.index - self.before.index

    @property
    def changed(self) -> bool:
        """
        Whether the points, the applicable maximum or the answer changed.

        >>> from parlib import examples
        >>> diff_layers(examples.framework(), examples.inspection()).node("1.5.2").changed
        True
        """
        return (
            bool(self.reasons)
            or self.points_change != 0
            or self.before.applicable_maximum != self.after.applicable_maximum
        )


@attrs.frozen
class LayerDiff:
    """
    Two layers of one assessment compared: both score cards and every node's change.

    Bonus and penalty sections are nodes like the others, and the totals
    keep them apart: :attr:`ScoreCard.total` is the normal part,
    :attr:`ScoreCard.final_points` adds bonus and takes penalty.

    >>> from parlib import examples
    >>> d = diff_layers(examples.framework(), examples.inspection(), "self", "appraisal-2")
    >>> d.before.total.points - d.after.total.points
    Fraction(169, 20)
    """

    before_layer: str
    after_layer: str
    before: ScoreCard
    after: ScoreCard
    nodes: tuple[NodeDiff, ...]

    def node(self, criterion_id: str) -> NodeDiff:
        """
        The change of one criterion.

        >>> from parlib import examples
        >>> diff_layers(examples.framework(), examples.inspection()).node("8.1.1").before.trace.status
        'missing'
        """
        for n in self.nodes:
            if n.id == criterion_id:
                return n
        raise UnknownNameError("criterion", criterion_id, (n.id for n in self.nodes))

    def changed(self) -> Iterator[NodeDiff]:
        """
        The nodes that changed, depth first.

        >>> from parlib import examples
        >>> d = diff_layers(examples.framework(), examples.inspection(), "self", "self")
        >>> list(d.changed())
        []
        """
        return (n for n in self.nodes if n.changed)


def _layer_span(framework: Framework, assessment: Assessment, before: str, after: str) -> tuple[int, int]:
    """Positions in the assessment of the layers standing for *before* and *after*."""
    positions = []
    for name in (before, after):
        chosen, problems = view(framework, assessment, name)
        if problems:
            raise AssessmentError(problems)
        positions.append(assessment.layer_names.index(chosen.source) if chosen.source is not None else -1)
    return positions[0], positions[1]


def diff_layers(
    framework: Framework, assessment: Assessment, before: str | None = None, after: str | None = None
) -> LayerDiff:
    """
    Compare layer *before* (default: the first) with layer *after* (default: the
    last): every node's points and index in both, and for each criterion the
    adjustments made by the layers after *before* up to *after*.

    >>> from parlib import examples
    >>> d = diff_layers(examples.framework(), examples.inspection())
    >>> (d.before_layer, d.after_layer), [r.layer for r in d.node("1.5.2").reasons]
    (('self', 'final'), ['appraisal-1', 'explanation'])
    """
    if not assessment.layers:
        raise AssessmentError.one("the assessment has no layers, only responses: nothing to compare", "$.layers")
    before = before or assessment.layers[0].name
    after = after or assessment.layers[-1].name
    start, end = _layer_span(framework, assessment, before, after)
    low, high = sorted((start, end))
    reasons: dict[str, list[Reason]] = {}
    answered: dict[str, list[str]] = {}
    for layer in assessment.layers[low + 1 : high + 1]:
        for adj in layer.adjustments:
            reasons.setdefault(adj.criterion, []).append(Reason(layer.name, adj.author or layer.author, adj))
        for resp in layer.responses:
            answered.setdefault(resp.criterion, []).append(layer.name)
    old, new = score(framework, assessment, layer=before), score(framework, assessment, layer=after)
    old_nodes = {n.id: n for n in old.nodes()}
    nodes: list[NodeDiff] = []

    def visit(node: NodeScore, depth: int) -> None:
        found = tuple(reasons.get(node.id, ()))
        nodes.append(NodeDiff(old_nodes[node.id], node, depth, found, tuple(answered.get(node.id, ()))))
        for child in node.children:
            visit(child, depth + 1)

    for top in (*new.total.children, *new.sections):
        visit(top, 1)
    return LayerDiff(before, after, old, new, tuple(nodes))


def _signed(card: ScoreCard, value: Fraction | None) -> str:
    if value is None:
        return "n/a"
    text = card.rounding.format(value)
    return text if text.startswith("-") or value == 0 else "+" + text


def diff_text(diff: LayerDiff, language: str = "en") -> str:
    """
    The difference as text: each domain's points in both layers and the change, the
    totals (bonus and penalty apart), then every changed criterion with its reasons.

    >>> from parlib import examples
    >>> text = diff_text(diff_layers(examples.framework(), examples.inspection()))
    >>> print(text.splitlines()[0])
    Layer self -> final: Department of Labour, Invalids and Social Affairs [so-ldtbxh], period 2018
    """
    old, new = diff.before, diff.after
    fmt = new.rounding.format
    head = ["domain", diff.before_layer, diff.after_layer, "change", "index before", "index after"]
    rows: list[list[str]] = [head]
    sections = {node.id for node in new.sections}
    for n in diff.nodes:
        if n.depth == 1 and n.id not in sections:  # sections are the Bonus and Penalty rows below
            label = f"{n.id}  {n.after.label.get(language)}"
            label = label if len(label) <= 46 else label[:45] + "…"
            idx = (
                fmt(n.before.index) if n.before.index is not None else "n/a",
                fmt(n.after.index) if n.after.index is not None else "n/a",
            )
            rows.append([label, fmt(n.before.points), fmt(n.after.points), _signed(new, n.points_change), *idx])
    totals = [("Total", old.total.points, new.total.points, old.total.index, new.total.index)]
    if new.sections:
        totals.append(("Bonus", old.bonus, new.bonus, None, None))
        totals.append(("Penalty", old.penalty, new.penalty, None, None))
        totals.append(("Final", old.final_points, new.final_points, old.final_index, new.final_index))
    rule = len(rows) - 1
    for name, a, b, ia, ib in totals:
        rows.append(
            [name, fmt(a), fmt(b), _signed(new, b - a), "" if ia is None else fmt(ia), "" if ib is None else fmt(ib)]
        )
    lines = [
        f"Layer {diff.before_layer} -> {diff.after_layer}: {new.subject.name.get(language)} [{new.subject.id}], period {new.period}",
        "",
    ]
    lines += text_table(rows, rules=(0, rule))
    bands = (old.band.label if old.band else "none", new.band.label if new.band else "none")
    lines.append(f"Band: {bands[0]} -> {bands[1]}")
    return "\n".join(lines) + "\n" + changes_text(diff, language)


def changes_text(diff: LayerDiff, language: str = "en") -> str:
    """
    Every criterion (leaf) that changed between the two layers, with its points
    before and after and the reasons of the adjustments; empty when nothing changed.

    >>> from parlib import examples
    >>> text = changes_text(diff_layers(examples.framework(), examples.inspection(), "appraisal-2", "final"))
    >>> print(text.splitlines()[2])
      8.1.1 Satisfaction with access to services and with the procedures: 0 -> 2.39 (+2.39)
    """
    new = diff.after
    changed = [n for n in diff.nodes if n.changed and n.after.trace is not None]
    if not changed:
        return ""
    lines = ["", f"Changed criteria ({len(changed)}):"]
    for n in changed:
        before_pts = new.rounding.brief(n.before.points)
        after_pts = new.rounding.brief(n.after.points)
        change = _signed(new, n.points_change)
        lines.append(f"  {n.id} {n.after.label.get(language)}: {before_pts} -> {after_pts} ({change})")
        lines += [f"      {r.text()}" for r in n.reasons]
        if not n.reasons and n.answered:
            lines.append(f"      answered in layer {', '.join(n.answered)} (a first answer, not an adjustment)")
    return "\n".join(lines) + "\n"


def _num(card: ScoreCard, value: Fraction | None) -> Decimal | None:
    return None if value is None else card.rounding.round(value)


def diff_data(diff: LayerDiff, language: str = "en") -> dict[str, Any]:
    """
    The difference as plain data for JSON: totals in both layers and every node
    with its points, index, change and the reasons.

    >>> from parlib import examples
    >>> data = diff_data(diff_layers(examples.framework(), examples.inspection()))
    >>> data["layers"], data["nodes"][0]["id"]
    (['self', 'final'], '1')
    """
    old, new = diff.before, diff.after

    def side(card: ScoreCard) -> dict[str, Any]:
        return {
            "points": _num(card, card.total.points),
            "index": _num(card, card.total.index),
            "bonus": _num(card, card.bonus),
            "penalty": _num(card, card.penalty),
            "final_points": _num(card, card.final_points),
            "final_index": _num(card, card.final_index),
            "band": None if card.band is None else card.band.label,
        }

    return {
        "subject": {"id": new.subject.id, "name": new.subject.name.get(language)},
        "period": new.period,
        "layers": [diff.before_layer, diff.after_layer],
        "total": {"before": side(old), "after": side(new)},
        "nodes": [
            {
                "id": n.id,
                "label": n.after.label.get(language),
                "depth": n.depth,
                "points": [_num(new, n.before.points), _num(new, n.after.points)],
                "index": [_num(new, n.before.index), _num(new, n.after.index)],
                "change": _num(new, n.points_change),
                "answered": list(n.answered),
                "reasons": [
                    {
                        "layer": r.layer,
                        "author": r.author,
                        "at": None if r.adjustment.at is None else r.adjustment.at.isoformat(),
                        "old": answer_text(r.adjustment.old, r.adjustment.old_not_applicable),
                        "new": answer_text(r.adjustment.new, r.adjustment.new_not_applicable),
                        "reason": r.adjustment.reason,
                    }
                    for r in n.reasons
                ],
            }
            for n in diff.nodes
        ],
    }
