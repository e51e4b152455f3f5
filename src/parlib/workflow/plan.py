"""
The remediation plan: every recommendation of every finding, ordered by due date,
with the overdue ones marked relative to a given day.

>>> import datetime
>>> from parlib import examples
>>> items = remediation_plan(examples.inspection(), today=datetime.date(2019, 1, 15))
>>> [(i.id, i.due.isoformat(), i.overdue_days) for i in items][:2]
[('F9.1', '2018-12-31', 15), ('F10.1', '2018-12-31', 15)]
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import attrs

from parlib.assessment import Assessment
from parlib.findings import RecommendationStatus
from parlib.label import Label
from parlib.report import text_table

__all__ = ["OPEN_STATUSES", "PlanItem", "plan_csv", "plan_data", "plan_text", "remediation_plan"]

OPEN_STATUSES: tuple[str, ...] = ("open", "in-progress")
"""Statuses of work still to do: only these can be overdue."""


@attrs.frozen
class PlanItem:
    """
    One recommendation in the plan: the finding it answers, what, who, by when, its
    status, and how many days it is overdue (``None`` when it is not).

    >>> PlanItem("F8", 1, ("7.4.2",), Label.of(en="Update the ISO system"), "Văn phòng Sở",
    ...          datetime.date(2019, 3, 31), "open", None).id
    'F8.1'
    """

    finding: str
    number: int
    criteria: tuple[str, ...]
    action: Label
    owner: str
    due: datetime.date | None
    status: RecommendationStatus
    overdue_days: int | None

    @property
    def id(self) -> str:
        """
        ``<finding id>.<number>``: the recommendation's place in its finding, from 1.

        >>> PlanItem("F1", 2, (), Label.of(en="x"), "", None, "done", None).id
        'F1.2'
        """
        return f"{self.finding}.{self.number}"

    @property
    def overdue(self) -> bool:
        """
        Whether the item is past its due date and still open or in progress.

        >>> PlanItem("F1", 1, (), Label.of(en="x"), "", None, "open", None).overdue
        False
        """
        return self.overdue_days is not None


def remediation_plan(assessment: Assessment, today: datetime.date) -> tuple[PlanItem, ...]:
    """
    Every recommendation, ordered by due date (those without one last, then in
    finding order), each marked overdue when its due date is before *today* and
    its status is open or in progress.

    >>> import datetime
    >>> from parlib import examples
    >>> plan = remediation_plan(examples.inspection(), today=datetime.date(2018, 11, 1))
    >>> [i.overdue for i in plan]
    [False, False, False, False]
    """
    items = []
    for finding in assessment.findings:
        for number, rec in enumerate(finding.recommendations, start=1):
            late = rec.due is not None and rec.due < today and rec.status in OPEN_STATUSES
            days = (today - rec.due).days if late and rec.due is not None else None
            items.append(
                PlanItem(finding.id, number, finding.criteria, rec.action, rec.owner, rec.due, rec.status, days)
            )
    order = {item.finding: i for i, item in enumerate(items)}

    def key(item: PlanItem) -> tuple[bool, datetime.date, int, int]:
        return (item.due is None, item.due or datetime.date.max, order[item.finding], item.number)

    return tuple(sorted(items, key=key))


def _mark(item: PlanItem) -> str:
    if item.overdue_days is None:
        return ""
    return f"OVERDUE {item.overdue_days} day{'s' if item.overdue_days != 1 else ''}"


def plan_data(items: tuple[PlanItem, ...], today: datetime.date, language: str = "en") -> dict[str, Any]:
    """
    The plan as plain data (for JSON): the day it was drawn up for and the items.

    >>> import datetime
    >>> from parlib import examples
    >>> data = plan_data(remediation_plan(examples.inspection(), datetime.date(2019, 1, 15)), datetime.date(2019, 1, 15))
    >>> data["overdue"], sorted(data["items"][0])
    (3, ['action', 'criteria', 'due', 'finding', 'id', 'overdue', 'overdue_days', 'owner', 'status'])
    """
    return {
        "today": today,
        "overdue": sum(item.overdue for item in items),
        "items": [
            {
                "id": item.id,
                "finding": item.finding,
                "criteria": list(item.criteria),
                "action": item.action.get(language),
                "owner": item.owner,
                "due": item.due,
                "status": item.status,
                "overdue": item.overdue,
                "overdue_days": item.overdue_days,
            }
            for item in items
        ],
    }


def plan_csv(items: tuple[PlanItem, ...], language: str = "en") -> str:
    """
    The plan as CSV with a header row (RFC 4180 quoting, ``\\n`` line ends).

    >>> import datetime
    >>> from parlib import examples
    >>> print(plan_csv(remediation_plan(examples.inspection(), datetime.date(2019, 1, 15))).splitlines()[0])
    id,due,status,overdue_days,owner,criteria,action
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "due", "status", "overdue_days", "owner", "criteria", "action"])
    for item in items:
        due = item.due.isoformat() if item.due is not None else ""
        days = "" if item.overdue_days is None else str(item.overdue_days)
        writer.writerow(
            [item.id, due, item.status, days, item.owner, " ".join(item.criteria), item.action.get(language)]
        )
    return out.getvalue()


def plan_text(items: tuple[PlanItem, ...], today: datetime.date, language: str = "en") -> str:
    """
    The plan as a table ordered by due date, overdue items marked, actions below it.

    >>> import datetime
    >>> from parlib import examples
    >>> text = plan_text(remediation_plan(examples.inspection(), datetime.date(2019, 1, 15)), datetime.date(2019, 1, 15))
    >>> print(text.splitlines()[0])
    Remediation plan as of 2019-01-15: 4 items, 3 overdue
    """
    overdue = sum(item.overdue for item in items)
    count = f"{len(items)} item{'' if len(items) == 1 else 's'}"
    lines = [f"Remediation plan as of {today.isoformat()}: {count}, {overdue} overdue", ""]
    if not items:
        return lines[0] + "\n"
    rows = [["item", "due", "status", "owner", "criteria", ""]]
    for item in items:
        due = item.due.isoformat() if item.due is not None else "-"
        rows.append([item.id, due, item.status, item.owner or "-", ", ".join(item.criteria) or "-", _mark(item)])
    lines += text_table(rows, rules=(0,), align="llllll")
    lines += ["", "Actions:"]
    width = max(len(item.id) for item in items)
    lines += [f"  {item.id.ljust(width)}  {item.action.get(language)}" for item in items]
    return "\n".join(lines) + "\n"
