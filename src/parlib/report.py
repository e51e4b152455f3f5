"""
Presenting score cards: a readable text table and a JSON document, rounded by policy.

Scoring stays exact; rounding happens here, once, with the framework's policy.

>>> from parlib import examples, score
>>> card = score(examples.framework(), examples.assessment())
>>> data = scorecard_data(card)
>>> sorted(data["total"])
['applicable_maximum', 'band', 'index', 'maximum', 'points']
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from parlib.scorecard import NodeScore, ScoreCard, Trace

__all__ = ["layers_data", "layers_text", "scorecard_data", "scorecard_text", "text_table"]


def _num(card: ScoreCard, value: Fraction | None) -> Decimal | None:
    return None if value is None else card.rounding.round(value)


def _trace_data(card: ScoreCard, trace: Trace, language: str) -> dict[str, Any]:
    return {
        "rule": trace.rule,
        "input": trace.input,
        "detail": trace.detail,
        "status": trace.status,
        "points": _num(card, trace.points),
        "evidence": list(trace.evidence),
        "explanation": trace.explanation,
        "text": trace.text(language, card.rounding),
    }


def _node_data(card: ScoreCard, node: NodeScore, parent: str | None, depth: int, language: str) -> dict[str, Any]:
    return {
        "id": node.id,
        "label": node.label.get(language),
        "parent": parent,
        "depth": depth,
        "points": _num(card, node.points),
        "maximum": _num(card, node.maximum),
        "applicable_maximum": _num(card, node.applicable_maximum),
        "index": _num(card, node.index),
        "trace": None if node.trace is None else _trace_data(card, node.trace, language),
    }


def scorecard_data(card: ScoreCard, language: str = "en") -> dict[str, Any]:
    """
    The whole score card as plain data with rounded decimals (for JSON output).

    ``total`` holds points, maximum, applicable_maximum, index and band;
    ``nodes`` lists every criterion depth first with its trace (``None`` for
    inner nodes).

    >>> from parlib import examples, score
    >>> data = scorecard_data(score(examples.framework(), examples.assessment()))
    >>> data["nodes"][0]["id"], data["nodes"][0]["parent"]
    ('1', None)
    """
    nodes: list[dict[str, Any]] = []

    def visit(node: NodeScore, parent: str | None, depth: int) -> None:
        nodes.append(_node_data(card, node, parent, depth, language))
        for child in node.children:
            visit(child, node.id, depth + 1)

    for top in card.total.children:
        visit(top, None, 1)
    total = card.total
    return {
        "framework": {"id": card.framework.id, "version": card.framework.version},
        "subject": {"id": card.subject.id, "name": card.subject.name.get(language), "kind": card.subject.kind},
        "period": card.period,
        "rounding": {"places": card.rounding.places, "mode": card.rounding.mode},
        "total": {
            "points": _num(card, total.points),
            "maximum": _num(card, total.maximum),
            "applicable_maximum": _num(card, total.applicable_maximum),
            "index": _num(card, total.index),
            "band": None if card.band is None else card.band.label,
        },
        "nodes": nodes,
    }


def _row(cells: list[str], widths: list[int]) -> str:
    first, *rest = cells
    return "  ".join([first.ljust(widths[0])] + [c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)]).rstrip()


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def text_table(rows: Sequence[Sequence[str]], *, rules: Sequence[int] = (), align: str = "") -> list[str]:
    """
    Lines of an aligned table, two spaces between columns, with a rule of dashes
    after each row index in *rules*. *align* has ``l`` (left) or ``r`` (right)
    per column; by default the first column is left-aligned (text) and the others
    right-aligned (numbers).

    >>> for line in text_table([["a", "b", "c"], ["long", "1.00", "x"]], rules=[0], align="lrl"):
    ...     print(line)
    a        b  c
    ----  ----  -
    long  1.00  x
    """
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    sides = [align[i] if i < len(align) else ("l" if i == 0 else "r") for i in range(len(widths))]
    lines: list[str] = []
    for i, row in enumerate(rows):
        cells = [c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in zip(row, widths, sides, strict=True)]
        lines.append("  ".join(cells).rstrip())
        if i in rules:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def _side_rows(cards: Sequence[tuple[str, ScoreCard]]) -> list[tuple[str, list[Fraction | None]]]:
    """(name, value per layer) rows of the totals: points, bonus and penalty apart, index."""
    rows: list[tuple[str, list[Fraction | None]]] = [("Total", [c.total.points for _, c in cards])]
    rows.append(("Index", [c.total.index for _, c in cards]))
    if any(c.sections for _, c in cards):
        rows.append(("Bonus", [c.bonus for _, c in cards]))
        rows.append(("Penalty", [c.penalty for _, c in cards]))
        rows.append(("Final points", [c.final_points for _, c in cards]))
        rows.append(("Final index", [c.final_index for _, c in cards]))
    return rows


def layers_text(cards: Sequence[tuple[str, ScoreCard]], language: str = "en", *, title: str = "") -> str:
    """
    Score cards of several layers side by side (self, appraised and final, say):
    each domain's points per layer and the change from the first to the last, the
    total and its index, bonus and penalty apart with the final points and index
    (where the framework has such sections), and the band.

    >>> from parlib import examples, score
    >>> fw, a = examples.framework(), examples.inspection()
    >>> text = layers_text([(n, score(fw, a, layer=n)) for n in ("self", "appraisal-2", "final")])
    >>> print(text.splitlines()[-1])
    Band                                          B            C      B
    """
    first, last = cards[0][1], cards[-1][1]
    fmt = last.rounding.format
    header = ["domain", *(name for name, _ in cards)] + (["change"] if len(cards) > 1 else [])

    def change(values: list[Fraction | None]) -> list[str]:
        if len(values) < 2:
            return []
        a, b = values[0], values[-1]
        if a is None or b is None:
            return ["n/a"]
        text = fmt(b - a)
        return [text if text.startswith("-") or b == a else "+" + text]

    rows = [header]
    for node in last.total.children:
        values: list[Fraction | None] = [c.node(node.id).points for _, c in cards]
        name = _shorten(f"{node.id}  {node.label.get(language)}", 44)
        rows.append([name, *(fmt(v) if v is not None else "n/a" for v in values), *change(values)])
    rule = len(rows) - 1
    for name, values in _side_rows(cards):
        rows.append([name, *(fmt(v) if v is not None else "n/a" for v in values), *change(values)])
    rows.append(["Band", *(c.band.label if c.band else "none" for _, c in cards)] + ([""] if len(cards) > 1 else []))
    head = title or f"{first.subject.name.get(language)} [{first.subject.id}], period {first.period}: points by layer"
    return "\n".join([head, "", *text_table(rows, rules=(0, rule))]) + "\n"


def layers_data(cards: Sequence[tuple[str, ScoreCard]], language: str = "en") -> dict[str, Any]:
    """
    Score cards of several layers side by side as plain data (for JSON).

    >>> from parlib import examples, score
    >>> fw, a = examples.framework(), examples.inspection()
    >>> data = layers_data([(n, score(fw, a, layer=n)) for n in ("self", "final")])
    >>> data["layers"], [str(p) for p in data["domains"][3]["points"]]
    (['self', 'final'], ['11.00', '9.00'])
    """
    last = cards[-1][1]
    return {
        "layers": [name for name, _ in cards],
        "domains": [
            {
                "id": node.id,
                "label": node.label.get(language),
                "points": [_num(c, c.node(node.id).points) for _, c in cards],
                "index": [_num(c, c.node(node.id).index) for _, c in cards],
            }
            for node in last.total.children
        ],
        "totals": {
            name.lower().replace(" ", "_"): [_num(last, v) for v in values] for name, values in _side_rows(cards)
        },
        "bands": [None if c.band is None else c.band.label for _, c in cards],
    }


def scorecard_text(card: ScoreCard, language: str = "en", *, lost: int = 10, title: str = "") -> str:
    """
    A readable table: each domain with points, maximum and index, the total and its band,
    then the leaves that lost the most points with their traces.

    >>> from parlib import examples, score
    >>> text = scorecard_text(score(examples.framework(), examples.assessment()))
    >>> "Total" in text and "Where points were lost" in text
    True
    """
    fmt = card.rounding.format
    lines: list[str] = []
    head = title or card.total.label.get(language)
    lines.append(f"{head} ({card.framework})")
    lines.append(f"{card.subject.name.get(language)} [{card.subject.id}], period {card.period}")
    lines.append("")
    header = ["domain", "points", "max", "applicable", "index"]
    rows = []
    for node in card.total.children:
        index = "n/a" if node.index is None else fmt(node.index)
        name = _shorten(f"{node.id}  {node.label.get(language)}", 58)
        rows.append([name, fmt(node.points), fmt(node.maximum), fmt(node.applicable_maximum), index])
    total = card.total
    total_index = "n/a" if total.index is None else fmt(total.index)
    total_row = ["Total", fmt(total.points), fmt(total.maximum), fmt(total.applicable_maximum), total_index]
    widths = [max(len(r[i]) for r in [header, *rows, total_row]) for i in range(len(header))]
    lines.append(_row(header, widths))
    lines.append(_row(["-" * w for w in widths], widths))
    lines += [_row(r, widths) for r in rows]
    lines.append(_row(["-" * w for w in widths], widths))
    lines.append(_row(total_row, widths))
    if card.band is not None:
        lines.append(f"Band: {card.band.label} (index {card.band.condition()})")
    traces = card.lost_points()
    if traces and lost:
        lines.append("")
        word = "criterion" if len(traces) == 1 else "criteria"
        lines.append(f"Where points were lost ({len(traces)} {word}, most first):")
        lines += [f"  {t.text(language, card.rounding)}" for t in traces[:lost]]
        if len(traces) > lost:
            lines.append(f"  ... and {len(traces) - lost} more")
    missing = [t.criterion for t in card.traces() if t.status == "missing"]
    if missing:
        lines.append("")
        lines.append(f"No response (scored 0): {', '.join(missing)}")
    return "\n".join(lines) + "\n"
