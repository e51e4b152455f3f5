"""
Evidence cited by responses and findings: documents, observations, interviews, tests, metrics.

>>> import datetime
>>> e = Evidence(id="E1", title="Plan on the PAR Index and PAPI", reference="6769/KH-UBND",
...              date=datetime.date(2018, 8, 14))
>>> e.cite()
'E1 6769/KH-UBND (2018-08-14)'
"""

from __future__ import annotations

import datetime
import re
from typing import Literal

import attrs

from parlib.errors import ModelError

__all__ = ["EVIDENCE_KINDS", "Evidence", "EvidenceKind", "is_sha256"]

EvidenceKind = Literal["document", "observation", "interview", "test", "metric", "link", "file"]
EVIDENCE_KINDS: tuple[str, ...] = ("document", "observation", "interview", "test", "metric", "link", "file")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _check_kind(_inst: object, _attr: object, value: str) -> None:
    if value not in EVIDENCE_KINDS:
        raise ModelError.one(f"kind must be one of {', '.join(EVIDENCE_KINDS)}, got {value!r}", "$.kind")


def is_sha256(value: object) -> bool:
    """
    Whether *value* is a sha256 digest written as 64 lowercase hex digits.

    >>> is_sha256("0" * 64), is_sha256("abc"), is_sha256("A" * 64)
    (True, False, False)
    """
    return isinstance(value, str) and _SHA256.match(value) is not None


def _check_sha(_inst: object, _attr: object, value: str) -> None:
    if value and not is_sha256(value):
        raise ModelError.one(f"sha256 must be 64 lowercase hex digits, got {value!r}", "$.sha256")


def _check_id(_inst: object, _attr: object, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ModelError.one(f"an id must be a non-empty string, got {value!r}", "$.id")


@attrs.frozen
class Evidence:
    """
    One piece of evidence (tài liệu kiểm chứng) with where to find it.

    ``section`` and ``page`` pinpoint the place in a document (``locator``
    holds any other pointer, in words); ``uri`` and ``sha256`` point to an
    attached file and its digest when it was cited (a relative path is read
    from the assessment file's folder). The repr leaves ``section`` and ``page``
    out to stay short; equality and files keep them.

    >>> Evidence(id="E2", sha256="abc")
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: sha256 must be 64 lowercase hex digits, got 'abc' @ $.sha256
    """

    id: str = attrs.field(validator=_check_id)
    kind: EvidenceKind = attrs.field(default="document", validator=_check_kind)
    title: str = ""
    reference: str = ""
    issuer: str = ""
    date: datetime.date | None = None
    locator: str = ""
    uri: str = ""
    sha256: str = attrs.field(default="", validator=_check_sha)
    section: str = attrs.field(default="", repr=False)
    page: str = attrs.field(default="", repr=False)

    def place(self) -> str:
        """
        Where to look in the evidence: section, page and locator, as given.

        >>> Evidence(id="E1", section="II.2", page="3-4").place()
        'section II.2, page 3-4'
        >>> Evidence(id="E1").place()
        ''
        """
        parts = [f"section {self.section}" if self.section else "", f"page {self.page}" if self.page else ""]
        return ", ".join(p for p in [*parts, self.locator] if p)

    def cite(self) -> str:
        """
        A short citation: id, reference number and date where known.

        >>> Evidence(id="E3").cite()
        'E3'
        """
        parts = [self.id]
        if self.reference:
            parts.append(self.reference)
        if self.date is not None:
            parts.append(f"({self.date.isoformat()})")
        return " ".join(parts)
