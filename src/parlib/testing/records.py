"""
Strategies for the records around scores: :class:`~parlib.evidence.Evidence`,
:class:`~parlib.findings.Finding` and :class:`~parlib.findings.Recommendation`.

Requires the hypothesis package.

>>> from hypothesis import find
>>> find(evidence(), lambda e: True)
Evidence(id='0', kind='document', title='', reference='', issuer='', date=None, locator='', uri='', sha256='')
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from parlib.evidence import EVIDENCE_KINDS, Evidence
from parlib.findings import FINDING_KINDS, RECOMMENDATION_STATUSES, SEVERITIES, Finding, Recommendation
from parlib.testing.words import check_size, identifiers, labels, texts

__all__ = ["dates", "evidence", "findings", "recommendations"]

_OWNERS = st.sampled_from(["", "Phòng Tổ chức cán bộ", "Office of the Director"]) | identifiers()


def dates() -> st.SearchStrategy[datetime.date]:
    """
    Calendar dates from 1990 to 2100 (assessments cite real documents).

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(dates(), lambda d: True)
    datetime.date(2000, 1, 1)
    """
    return st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 12, 31))


def evidence(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Evidence]:
    """
    Evidence of every kind, with optional reference, issuer, date, locator, URI and digest.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(evidence(ids=st.just("E1")), lambda e: e.date is not None).id
    'E1'
    """
    return st.builds(
        Evidence,
        id=identifiers() if ids is None else ids,
        kind=st.sampled_from(EVIDENCE_KINDS),
        title=texts(),
        reference=texts(),
        issuer=texts(),
        date=st.none() | dates(),
        locator=texts(),
        uri=texts(),
        sha256=st.just("") | st.text("0123456789abcdef", min_size=64, max_size=64),
    )


def recommendations(*, languages: Sequence[str] = ("vi", "en")) -> st.SearchStrategy[Recommendation]:
    """
    Recommendations with an action in *languages*, an owner, a due date and a status.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(recommendations(), lambda r: r.status == "done").status
    'done'
    """
    return st.builds(
        Recommendation,
        action=labels(languages=languages),
        owner=_OWNERS,
        due=st.none() | dates(),
        status=st.sampled_from(RECOMMENDATION_STATUSES),
    )


def findings(
    *,
    criteria: Sequence[str] = (),
    evidence: Sequence[str] = (),
    ids: st.SearchStrategy[str] | None = None,
    languages: Sequence[str] = ("vi", "en"),
    max_recommendations: int = 2,
) -> st.SearchStrategy[Finding]:
    """
    Findings that cite some of *criteria* and *evidence* (ids that exist), with recommendations.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> f = find(findings(criteria=["1.1", "1.2"], evidence=["E1"]), lambda f: len(f.criteria) == 2)
    >>> f.criteria
    ('1.1', '1.2')
    """
    check_size("recommendations", 0, max_recommendations)
    for name, values in (("criteria", criteria), ("evidence", evidence)):
        if isinstance(values, str):
            raise InvalidArgument(f"{name} is a sequence of ids, got the string {values!r}")
    return _findings(
        tuple(sorted(set(criteria))), tuple(sorted(set(evidence))), ids, tuple(languages), max_recommendations
    )


@functools.lru_cache(maxsize=256)
def _findings(
    cited_criteria: tuple[str, ...],
    cited_evidence: tuple[str, ...],
    ids: st.SearchStrategy[str] | None,
    languages: tuple[str, ...],
    max_recommendations: int,
) -> st.SearchStrategy[Finding]:
    return st.builds(
        Finding,
        id=identifiers() if ids is None else ids,
        kind=st.sampled_from(FINDING_KINDS),
        statement=labels(languages=languages),
        criteria=st.lists(st.sampled_from(cited_criteria), unique=True) if cited_criteria else st.just(()),
        evidence=st.lists(st.sampled_from(cited_evidence), unique=True) if cited_evidence else st.just(()),
        severity=st.none() | st.sampled_from(SEVERITIES),
        recommendations=st.lists(recommendations(languages=languages), max_size=max_recommendations),
    )
