"""
Findings, recorded and drafted: every criterion that lost points (by its trace)
and that no recorded limitation, non-compliance or observation covers yet gets a
draft limitation for the inspectors to confirm, reword or drop.

>>> from parlib import examples
>>> drafts = draft_findings(examples.framework(), examples.inspection())
>>> drafts[0].id, drafts[0].kind, drafts[0].criteria
('draft-8.4', 'limitation', ('8.4',))
"""

from __future__ import annotations

from typing import Any

from parlib.assessment import Assessment
from parlib.findings import Finding
from parlib.framework import Framework
from parlib.scoring import score

__all__ = ["COVERING_KINDS", "covered_criteria", "draft_findings", "findings_data", "findings_text"]

COVERING_KINDS: tuple[str, ...] = ("limitation", "non-compliance", "observation")
"""Finding kinds that account for lost points (a strength does not)."""

_TEMPLATES = {
    "en": "Draft: {label} scored {points} of {maximum} ({detail}).",
    "vi": "Dự thảo: {label} đạt {points}/{maximum} điểm ({detail}).",
}
_PENALTY_TEMPLATES = {
    "en": "Draft: {label} incurred a penalty of {points} (of at most {maximum}; {detail}).",
    "vi": "Dự thảo: {label} bị trừ {points} điểm (tối đa {maximum}; {detail}).",
}


def _section_role(framework: Framework, criterion_id: str) -> str:
    """The role (normal, bonus, penalty) of the top-level criterion above *criterion_id*."""
    top = criterion_id
    while (parent := framework.parent_of(top)) is not None:
        top = parent
    return framework.criterion(top).role


def covered_criteria(framework: Framework, assessment: Assessment) -> frozenset[str]:
    """
    The criteria that a recorded finding of a :data:`COVERING_KINDS` kind cites, with everything below them.

    >>> from parlib import examples
    >>> sorted(covered_criteria(examples.framework(), examples.inspection()))[:3]
    ['1.5.1', '1.5.2', '1.6']
    """
    found: set[str] = set()
    for finding in assessment.findings:
        if finding.kind in COVERING_KINDS:
            for criterion in finding.criteria:
                if criterion in framework:
                    found.update(c.id for c in framework.criterion(criterion).walk())
    return frozenset(found)


def draft_findings(framework: Framework, assessment: Assessment, layer: str | None = None) -> tuple[Finding, ...]:
    """
    A draft limitation (id ``draft-<criterion>``) for every criterion that lost
    points at *layer* (default: the last) and that no recorded finding covers,
    most points lost first, citing the evidence of its response. In a penalty
    section a criterion that incurred a penalty counts; a bonus not earned does not.

    >>> from parlib import examples
    >>> print(draft_findings(examples.framework(), examples.inspection())[0].statement.get("en"))
    Draft: Share of the sector's socio-economic targets set by the province that were met scored 1.5 of 3 (9/10 = 90% >= 80% and < 100% -> 1.5).
    """
    card = score(framework, assessment, layer=layer)
    covered = covered_criteria(framework, assessment)
    brief = card.rounding.brief
    drafts = []
    weighed = [  # (points that count against the unit, is a penalty, trace)
        (t.maximum - (t.points or 0), False, t)
        for t in card.lost_points()
        if _section_role(framework, t.criterion) == "normal"
    ]
    weighed += [
        (t.points, True, t) for t in card.traces() if t.points and _section_role(framework, t.criterion) == "penalty"
    ]
    for _, penalty, trace in sorted(weighed, key=lambda w: -w[0]):
        if trace.criterion in covered:
            continue
        templates = _PENALTY_TEMPLATES if penalty else _TEMPLATES
        label = framework.criterion(trace.criterion).label
        words = {
            "points": brief(trace.points if trace.points is not None else trace.maximum),
            "maximum": brief(trace.maximum),
            "detail": trace.detail,
        }
        statement = {
            lang: templates.get(lang, templates["en"]).format(label=label.get(lang), **words)
            for lang in framework.languages
        }
        drafts.append(
            Finding(
                id=f"draft-{trace.criterion}",
                kind="limitation",
                statement=statement,
                criteria=(trace.criterion,),
                evidence=trace.evidence,
            )
        )
    return tuple(drafts)


def _finding_lines(finding: Finding, language: str) -> list[str]:
    cites = f"  [{', '.join(finding.evidence)}]" if finding.evidence else ""
    severity = f" ({finding.severity})" if finding.severity else ""
    lines = [f"{finding.id}  {finding.kind}{severity}  criteria {', '.join(finding.criteria) or '-'}{cites}"]
    lines.append(f"    {finding.statement.get(language)}")
    for rec in finding.recommendations:
        due = rec.due.isoformat() if rec.due is not None else "no due date"
        lines.append(f"    -> {rec.action.get(language)} ({rec.owner or 'no owner'}, due {due}, {rec.status})")
    return lines


def findings_text(findings: tuple[Finding, ...], drafts: tuple[Finding, ...], language: str = "en") -> str:
    """
    The recorded findings with their recommendations, then the drafts.

    >>> from parlib import examples
    >>> a = examples.inspection()
    >>> text = findings_text(a.findings, draft_findings(examples.framework(), a))
    >>> print(text.splitlines()[0])
    Findings: 11 recorded, 10 drafts
    """
    lines = [f"Findings: {len(findings)} recorded, {len(drafts)} draft{'' if len(drafts) == 1 else 's'}", ""]
    for finding in findings:
        lines += _finding_lines(finding, language)
    if drafts:
        lines += ["", "Draft limitations: criteria that lost points and that no finding covers yet"]
        for draft in drafts:
            lines += _finding_lines(draft, language)
    return "\n".join(lines) + "\n"


def findings_data(findings: tuple[Finding, ...], drafts: tuple[Finding, ...]) -> dict[str, Any]:
    """
    The recorded findings and the drafts as plain data (for JSON or pasting into a file).

    >>> from parlib import examples
    >>> data = findings_data(examples.inspection().findings, ())
    >>> data["findings"][4]["criteria"], data["drafts"]
    (['4.2.2'], [])
    """
    from parlib.io.files import unstructure

    return {"findings": [unstructure(f) for f in findings], "drafts": [unstructure(f) for f in drafts]}
