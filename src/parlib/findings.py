"""
Inspectors' findings and their recommendations.

>>> import datetime
>>> f = Finding(id="F1", kind="limitation", criteria=("5.1",),
...             statement={"en": "No job-position scheme", "vi": "Chưa có đề án vị trí việc làm"},
...             recommendations=[Recommendation(action={"en": "Draft the scheme"},
...                                             due=datetime.date(2018, 12, 31))])
>>> f.recommendations[0].status
'open'
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any, Literal

import attrs

from parlib.errors import ModelError
from parlib.label import Label, to_label

__all__ = [
    "FINDING_KINDS",
    "RECOMMENDATION_STATUSES",
    "Finding",
    "FindingKind",
    "Recommendation",
    "RecommendationStatus",
    "Severity",
]

FindingKind = Literal["strength", "limitation", "non-compliance", "observation"]
FINDING_KINDS: tuple[str, ...] = ("strength", "limitation", "non-compliance", "observation")
RecommendationStatus = Literal["open", "in-progress", "done", "dropped"]
RECOMMENDATION_STATUSES: tuple[str, ...] = ("open", "in-progress", "done", "dropped")
Severity = Literal["low", "medium", "high"]
SEVERITIES: tuple[str, ...] = ("low", "medium", "high")


def _one_of(name: str, allowed: tuple[str, ...]) -> Callable[[Any, Any, Any], None]:
    def check(_inst: object, _attr: object, value: object) -> None:
        if value not in allowed:
            raise ModelError.one(f"{name} must be one of {', '.join(allowed)}, got {value!r}", f"$.{name}")

    return check


def _optional_one_of(name: str, allowed: tuple[str, ...]) -> Callable[[Any, Any, Any], None]:
    inner = _one_of(name, allowed)

    def check(inst: object, attr: object, value: object) -> None:
        if value is not None:
            inner(inst, attr, value)

    return check


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _due(value: object) -> datetime.date | None:
    if value is None or (isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ModelError.one(f"due is a date (YYYY-MM-DD), got {value!r}", "$.due")


def _check_owner(_inst: object, _attr: object, value: object) -> None:
    if not isinstance(value, str) or (value and not value.strip()):
        raise ModelError.one(f"owner is the name of a person or unit, got {value!r}", "$.owner")


def _recs(value: Iterable[Recommendation]) -> tuple[Recommendation, ...]:
    return tuple(value)


@attrs.frozen
class Recommendation:
    """
    What should be done about a finding, by whom (``owner``) and by when (``due``).

    >>> Recommendation(action={"en": "Update the ISO system"}, due="31/3/2019")
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: due is a date (YYYY-MM-DD), got '31/3/2019' @ $.due
    >>> Recommendation(action={"en": "Update the ISO system"}, status="late")
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: status must be one of open, in-progress, done, dropped, got 'late' @ $.status
    """

    action: Label = attrs.field(converter=to_label)
    owner: str = attrs.field(default="", validator=_check_owner)
    due: datetime.date | None = attrs.field(default=None, converter=_due)
    status: RecommendationStatus = attrs.field(
        default="open",
        validator=_one_of("status", RECOMMENDATION_STATUSES),
    )


@attrs.frozen
class Finding:
    """
    A strength, limitation, non-compliance or observation, citing criteria and evidence.

    >>> Finding(id="F2", kind="weakness", statement={"en": "x"})
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: kind must be one of strength, limitation, non-compliance, observation, got 'weakness' @ $.kind
    """

    id: str
    kind: FindingKind = attrs.field(validator=_one_of("kind", FINDING_KINDS))
    statement: Label = attrs.field(converter=to_label)
    criteria: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    severity: Severity | None = attrs.field(
        default=None,
        validator=_optional_one_of("severity", SEVERITIES),
    )
    recommendations: tuple[Recommendation, ...] = attrs.field(default=(), converter=_recs)
