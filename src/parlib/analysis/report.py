"""
Presenting analysis results: text tables for people, CSV and JSON-ready data for programs.

Numbers stay exact until here and are rounded once, with the framework's
rounding policy (sensitivity statistics with two places).

>>> from parlib import frameworks
>>> from parlib.analysis import parse_table, score_table
>>> t = parse_table("unit,D1,D2,D3,D4,D5,D6\\nA,5,5,5,5,5,5\\nB,6.5,6,6,6,6,6\\n")
>>> print(table_csv(score_table(frameworks.get("papi-2011"), t, tiers=False)), end="")
unit,total,index,rank,band,D1,D2,D3,D4,D5,D6
A,30.0000,50.0000,2,,5.0000,5.0000,5.0000,5.0000,5.0000,5.0000
B,36.5000,60.8333,1,,6.5000,6.0000,6.0000,6.0000,6.0000,6.0000
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from parlib.analysis.compare import CardComparison, TableComparison
from parlib.analysis.gains import BandPlan, Gain
from parlib.analysis.sensitivity import Sensitivity
from parlib.analysis.tablescore import TableScores
from parlib.numbers import RoundingPolicy

__all__ = [
    "comparison_data",
    "comparison_text",
    "gains_data",
    "gains_text",
    "sensitivity_csv",
    "sensitivity_data",
    "sensitivity_text",
    "table_comparison_data",
    "table_comparison_text",
    "table_csv",
    "table_data",
    "table_text",
]

_STATS = RoundingPolicy(places=2)


def _fmt(policy: RoundingPolicy, value: Fraction | None, *, sign: bool = False) -> str:
    if value is None:
        return ""
    text = policy.format(value)
    return f"+{text}" if sign and value > 0 else text


def _num(policy: RoundingPolicy, value: Fraction | None) -> Decimal | None:
    return None if value is None else policy.round(value)


def _align(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [c.rjust(w) if r else c.ljust(w) for c, w, r in zip(row, widths, right, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def table_csv(scores: TableScores) -> str:
    """
    The scored table as CSV: ``unit`` (then ``group`` when ranked within groups),
    ``total``, ``index``, ``rank``, ``band`` (the band, else the quantile tier),
    then one column per domain, in the input's unit order.

    >>> from parlib import frameworks
    >>> table_csv(TableScores(frameworks.get("papi-2011"), ())).splitlines()[0]
    'unit,total,index,rank,band,D1,D2,D3,D4,D5,D6'
    """
    policy = scores.framework.rounding
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    group = ["group"] if scores.grouped else []
    writer.writerow(["unit", *group, "total", "index", "rank", "band", *scores.domains])
    for u in scores.units:
        writer.writerow(
            [
                u.unit,
                *([u.group] if scores.grouped else []),
                _fmt(policy, u.total),
                _fmt(policy, u.index),
                "" if u.rank is None else u.rank,
                scores.classification(u) or "",
                *(_fmt(policy, u.points(d)) for d in scores.domains),
            ]
        )
    return out.getvalue()


def table_data(scores: TableScores) -> dict[str, Any]:
    """
    The scored table as plain data (rounded decimals), for JSON.

    >>> from parlib import frameworks
    >>> sorted(table_data(TableScores(frameworks.get("papi-2011"), ())))
    ['domains', 'framework', 'method', 'rank_by', 'source', 'units']
    """
    policy = scores.framework.rounding
    fw = scores.framework
    return {
        "framework": {"id": fw.id, "version": fw.version},
        "source": scores.source,
        "rank_by": scores.rank_by,
        "method": scores.method,
        "domains": list(scores.domains),
        "units": [
            {
                "unit": u.unit,
                "row": u.row,
                "group": u.group if scores.grouped else None,
                "total": _num(policy, u.total),
                "index": _num(policy, u.index),
                "rank": u.rank,
                "band": u.band,
                "tier": u.tier,
                "domains": {d: _num(policy, u.points(d)) for d in scores.domains},
            }
            for u in scores.units
        ],
    }


def table_text(scores: TableScores, language: str = "en") -> str:
    """
    The scored table for reading: one line per unit, in input order.

    >>> from parlib import frameworks
    >>> print(table_text(TableScores(frameworks.get("papi-2011"), ())).splitlines()[0][:40])
    Provincial Governance and Public Adminis
    """
    fw = scores.framework
    policy = fw.rounding
    within = " within groups" if scores.grouped else ""
    head = (
        f"{fw.title.get(language)} ({fw.id} {fw.version}): {len(scores.units)} units,"
        f" ranked by {scores.rank_by} ({scores.method}{within})\n\n"
    )
    group = ["group"] if scores.grouped else []
    rows = [["unit", *group, "total", "index", "rank", "band", *scores.domains]]
    for u in scores.units:
        rows.append(
            [
                u.unit,
                *([u.group] if scores.grouped else []),
                _fmt(policy, u.total),
                _fmt(policy, u.index),
                "" if u.rank is None else str(u.rank),
                scores.classification(u) or "",
                *(_fmt(policy, u.points(d)) for d in scores.domains),
            ]
        )
    right = [False, *([False] if group else []), True, True, True, False, *([True] * len(scores.domains))]
    return head + _align(rows, right)


def comparison_data(cmp: CardComparison, rounding: RoundingPolicy, language: str = "en") -> dict[str, Any]:
    """
    A card comparison as plain data: totals, band, every matched node, met and lost, unmatched ids.

    >>> from parlib import examples, score
    >>> from parlib.analysis import compare_cards
    >>> card = score(examples.framework(), examples.assessment())
    >>> comparison_data(compare_cards(card, card), card.rounding)["band"] == {"before": "B", "after": "B"}
    True
    """

    def side(card: Any) -> dict[str, Any]:
        return {
            "subject": card.subject.id,
            "period": card.period,
            "framework": {"id": card.framework.id, "version": card.framework.version},
            "points": _num(rounding, card.final_points),
            "index": _num(rounding, card.final_index),
        }

    before, after = cmp.band_change
    return {
        "before": side(cmp.before),
        "after": side(cmp.after),
        "points_change": _num(rounding, cmp.points_change),
        "index_change": _num(rounding, cmp.index_change),
        "band": {"before": before, "after": after},
        "nodes": [
            {
                "id": c.id,
                "label": c.after.label.get(language),
                "points": {"before": _num(rounding, c.before.points), "after": _num(rounding, c.after.points)},
                "index": {"before": _num(rounding, c.before.index), "after": _num(rounding, c.after.index)},
                "points_change": _num(rounding, c.points_change),
                "index_change": _num(rounding, c.index_change),
            }
            for c in cmp.changes
        ],
        "newly_met": list(cmp.newly_met),
        "lost": list(cmp.lost),
        "only_before": list(cmp.only_before),
        "only_after": list(cmp.only_after),
    }


def _side(card: Any) -> str:
    return f"{card.subject.id} {card.period} ({card.framework.id} {card.framework.version})".replace("  ", " ")


def comparison_text(cmp: CardComparison, rounding: RoundingPolicy, language: str = "en") -> str:
    """
    A card comparison for reading: totals, band, domains, criteria newly met and lost.

    >>> from parlib import examples, score
    >>> from parlib.analysis import compare_cards
    >>> card = score(examples.framework(), examples.assessment())
    >>> print(comparison_text(compare_cards(card, card), card.rounding).splitlines()[2])
    points 82.59 -> 82.59 (0.00); index 83.01 -> 83.01 (0.00); band B -> B
    """
    f = rounding
    before, after = cmp.band_change
    lines = [
        f"before: {_side(cmp.before)}",
        f"after:  {_side(cmp.after)}",
        f"points {_fmt(f, cmp.before.final_points)} -> {_fmt(f, cmp.after.final_points)}"
        f" ({_fmt(f, cmp.points_change, sign=True)}); index {_fmt(f, cmp.before.final_index)} ->"
        f" {_fmt(f, cmp.after.final_index)} ({_fmt(f, cmp.index_change, sign=True)}); band {before} -> {after}",
        "",
    ]
    rows = [["domain", "before", "after", "change", "index before", "index after"]]
    for c in cmp.domains:
        rows.append(
            [
                f"{c.id} {c.after.label.get(language)}",
                _fmt(f, c.before.points),
                _fmt(f, c.after.points),
                _fmt(f, c.points_change, sign=True),
                _fmt(f, c.before.index),
                _fmt(f, c.after.index),
            ]
        )
    text = "\n".join(lines) + "\n" + _align(rows, [False, True, True, True, True, True])
    by_id = {c.id: c for c in cmp.changes}
    for title, ids in (("newly met", cmp.newly_met), ("lost", cmp.lost)):
        text += f"\n{title} ({len(ids)}):\n"
        text += "".join(f"  {i} {by_id[i].after.label.get(language)}\n" for i in ids) or "  none\n"
    for title, ids in (("only before", cmp.only_before), ("only after", cmp.only_after)):
        if ids:
            text += f"\n{title} ({len(ids)}): {', '.join(ids)}\n"
    return text


def table_comparison_data(cmp: TableComparison) -> dict[str, Any]:
    """
    A table comparison as plain data: per unit total, index, rank, band and tier before and after.

    >>> from parlib import frameworks
    >>> from parlib.analysis import TableScores, compare_tables
    >>> t = TableScores(frameworks.get("papi-2011"), ())
    >>> table_comparison_data(compare_tables(t, t))["units"]
    []
    """
    f = cmp.after.framework.rounding

    def pair(a: object, b: object) -> dict[str, object]:
        return {"before": a, "after": b}

    units = []
    for u in cmp.units:
        b, a = u.before, u.after
        units.append(
            {
                "unit": u.unit,
                "total": pair(_num(f, b.total) if b else None, _num(f, a.total) if a else None),
                "index": pair(_num(f, b.index) if b else None, _num(f, a.index) if a else None),
                "rank": pair(b.rank if b else None, a.rank if a else None),
                "rank_change": u.rank_change,
                "band": pair(b.band if b else None, a.band if a else None),
                "tier": pair(b.tier if b else None, a.tier if a else None),
                "points_change": _num(f, u.cards.points_change) if u.cards else None,
                "newly_met": list(u.cards.newly_met) if u.cards else [],
                "lost": list(u.cards.lost) if u.cards else [],
            }
        )
    return {
        "before": {"source": cmp.before.source, "framework": cmp.before.framework.id},
        "after": {"source": cmp.after.source, "framework": cmp.after.framework.id},
        "units": units,
        "only_before": list(cmp.only_before),
        "only_after": list(cmp.only_after),
        "only_before_ids": list(cmp.only_before_ids),
        "only_after_ids": list(cmp.only_after_ids),
    }


def table_comparison_text(cmp: TableComparison) -> str:
    """
    A table comparison for reading: one line per unit with total, rank and band changes.

    >>> from parlib import frameworks
    >>> from parlib.analysis import TableScores, compare_tables
    >>> t = TableScores(frameworks.get("papi-2011"), ())
    >>> table_comparison_text(compare_tables(t, t)).splitlines()[0]
    'before: <table> (papi-2011 2011); after: <table> (papi-2011 2011)'
    """
    f = cmp.after.framework.rounding
    a_fw, b_fw = cmp.before.framework, cmp.after.framework
    head = f"before: {cmp.before.source} ({a_fw.id} {a_fw.version}); after: {cmp.after.source} ({b_fw.id} {b_fw.version})\n"
    rows = [["unit", "total before", "after", "change", "rank before", "after", "change", "band before", "after"]]
    for u in cmp.units:
        b, a = u.before, u.after
        change = u.cards.points_change if u.cards else None
        rows.append(
            [
                u.unit,
                _fmt(f, b.total) if b else "",
                _fmt(f, a.total) if a else "",
                _fmt(f, change, sign=True),
                str(b.rank) if b and b.rank is not None else "",
                str(a.rank) if a and a.rank is not None else "",
                "" if u.rank_change is None else f"{u.rank_change:+d}",
                (cmp.before.classification(b) or "") if b else "",
                (cmp.after.classification(a) or "") if a else "",
            ]
        )
    text = head + "\n" + _align(rows, [False, True, True, True, True, True, True, False, False])
    notes = [
        ("units only before", cmp.only_before),
        ("units only after", cmp.only_after),
        ("criteria only before", cmp.only_before_ids),
        ("criteria only after", cmp.only_after_ids),
    ]
    for title, ids in notes:
        if ids:
            text += f"\n{title} ({len(ids)}): {', '.join(ids)}\n"
    return text


def gains_data(
    gains: Sequence[Gain], plan: BandPlan | None, rounding: RoundingPolicy, language: str = "en"
) -> dict[str, Any]:
    """
    Gains and the next-band plan as plain data.

    >>> from parlib import examples, score
    >>> from parlib.analysis import gains as find, next_band
    >>> fw, a = examples.framework(), examples.assessment()
    >>> card = score(fw, a)
    >>> data = gains_data(find(fw, card, a), next_band(fw, card), fw.rounding)
    >>> data["gains"][0]["criterion"], data["next_band"]["target"]
    ('4.2.2', 'A')
    """
    out: dict[str, Any] = {
        "gains": [
            {
                "criterion": g.criterion,
                "label": g.label.get(language),
                "lost": _num(rounding, g.lost),
                "index_gain": _num(rounding, g.index_gain),
                "exact": g.exact,
                "trace": g.trace.text(language, rounding),
                "evidence_required": g.evidence_required,
                "cited": [e.id for e in g.cited],
                "findings": [f.id for f in g.findings],
                "needs": g.needs(language),
            }
            for g in gains
        ],
        "next_band": None,
    }
    if plan is not None:
        out["next_band"] = {
            "current": plan.current.label if plan.current else None,
            "target": plan.target.label,
            "condition": plan.target.condition(),
            "gap": _num(rounding, plan.gap),
            "reachable": plan.reachable,
            "criteria": [g.criterion for g in plan.criteria],
            "index_after": _num(rounding, plan.index_after),
        }
    return out


def gains_text(
    gains: Sequence[Gain], plan: BandPlan | None, rounding: RoundingPolicy, language: str = "en", top: int | None = None
) -> str:
    """
    Gains for reading: the criteria by index gain, each with its trace and what it needs, then the plan.

    >>> from parlib import examples, score
    >>> from parlib.analysis import gains as find, next_band
    >>> fw, a = examples.framework(), examples.assessment()
    >>> card = score(fw, a)
    >>> print(gains_text(find(fw, card, a), next_band(fw, card), fw.rounding, top=1))  # doctest: +ELLIPSIS
    Criteria that lost points (21), by the index they would add if fully met:
    <BLANKLINE>
     1. 4.2.2  +2.01 index (2.00 points lost)
        4.2.2 Job-position scheme ...: no -> 0 of 2 [E4]
        needs: full marks: 2 points; evidence required; ...
    (and 20 more)
    <BLANKLINE>
    Next band A (>= 90): 6.96 points short; the fewest criteria that reach it (5): 4.2.2, 7.3.2, 7.4.2, 8.4, 7.3.1 -> index 90.74
    """
    shown = list(gains if top is None else gains[:top])
    lines = [f"Criteria that lost points ({len(gains)}), by the index they would add if fully met:", ""]
    for i, g in enumerate(shown, start=1):
        approx = "" if g.exact else " (approximate: not additive)"
        lines.append(
            f"{i:2d}. {g.criterion}  {_fmt(rounding, g.index_gain, sign=True)} index"
            f" ({_fmt(rounding, g.lost)} points lost){approx}"
        )
        lines.append(f"    {g.trace.text(language, rounding)}")
        lines.append(f"    needs: {g.needs(language)}")
    if len(shown) < len(gains):
        lines.append(f"(and {len(gains) - len(shown)} more)")
    if plan is not None:
        lines.append("")
        head = f"Next band {plan.target.label} ({plan.target.condition()}): {_fmt(rounding, plan.gap)} points short; "
        if plan.reachable:
            ids = ", ".join(g.criterion for g in plan.criteria)
            lines.append(
                f"{head}the fewest criteria that reach it ({len(plan.criteria)}): {ids}"
                f" -> index {_fmt(rounding, plan.index_after)}"
            )
        else:
            lines.append(f"{head}out of reach by meeting criteria in full")
    return "\n".join(lines)


def sensitivity_data(result: Sensitivity) -> dict[str, Any]:
    """
    A sensitivity run as plain data: settings, then per unit nominal, median, mean, 5% and 95% rank.

    >>> from parlib.analysis import IndicatorMatrix, sensitivity
    >>> m = IndicatorMatrix.from_rows(["A", "B"], ["x"], [[1], [2]])
    >>> sensitivity_data(sensitivity(m, draws=5, engine="python"))["units"][0]["median"]
    Decimal('2.00')
    """
    return {
        "draws": result.draws,
        "seed": result.seed,
        "noise": _num(RoundingPolicy(places=6), result.noise),
        "engine": result.engine,
        "normalisations": list(result.normalisations),
        "aggregations": list(result.aggregations),
        "units": [
            {
                "unit": s.unit,
                "nominal": s.nominal,
                "median": _num(_STATS, s.median),
                "mean": _num(_STATS, s.mean),
                "q05": _num(_STATS, s.q05),
                "q95": _num(_STATS, s.q95),
            }
            for s in result.stats()
        ],
    }


def sensitivity_csv(result: Sensitivity) -> str:
    """
    A sensitivity run as CSV: ``unit,nominal,median,mean,q05,q95``.

    >>> from parlib.analysis import IndicatorMatrix, sensitivity
    >>> m = IndicatorMatrix.from_rows(["A", "B"], ["x"], [[1], [2]])
    >>> print(sensitivity_csv(sensitivity(m, draws=5, engine="python")), end="")
    unit,nominal,median,mean,q05,q95
    A,2,2.00,2.00,2.00,2.00
    B,1,1.00,1.00,1.00,1.00
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["unit", "nominal", "median", "mean", "q05", "q95"])
    for s in result.stats():
        writer.writerow(
            [
                s.unit,
                "" if s.nominal is None else s.nominal,
                _STATS.format(s.median),
                _STATS.format(s.mean),
                _STATS.format(s.q05),
                _STATS.format(s.q95),
            ]
        )
    return out.getvalue()


def sensitivity_text(result: Sensitivity) -> str:
    """
    A sensitivity run for reading, units by nominal rank.

    >>> from parlib.analysis import IndicatorMatrix, sensitivity
    >>> m = IndicatorMatrix.from_rows(["A", "B"], ["x"], [[1], [2]])
    >>> print(sensitivity_text(sensitivity(m, draws=5, engine="python")))  # doctest: +NORMALIZE_WHITESPACE
    Rank uncertainty: 5 draws, seed 0, weight noise f = 0.25, normalisation minmax, aggregation arithmetic (python engine)
    <BLANKLINE>
    unit  nominal  median  mean  5%    95%
    B     1        1.00    1.00  1.00  1.00
    A     2        2.00    2.00  2.00  2.00
    """
    head = (
        f"Rank uncertainty: {result.draws} draws, seed {result.seed}, weight noise f ="
        f" {RoundingPolicy(places=6).brief(result.noise)}, normalisation {' / '.join(result.normalisations)},"
        f" aggregation {' / '.join(result.aggregations)} ({result.engine} engine)\n\n"
    )
    stats = sorted(result.stats(), key=lambda s: (s.nominal is None, s.nominal or 0))
    rows = [["unit", "nominal", "median", "mean", "5%", "95%"]]
    rows += [
        [
            s.unit,
            "" if s.nominal is None else str(s.nominal),
            _STATS.format(s.median),
            _STATS.format(s.mean),
            _STATS.format(s.q05),
            _STATS.format(s.q95),
        ]
        for s in stats
    ]
    return head + _align(rows, [False, True, True, True, True, True])
