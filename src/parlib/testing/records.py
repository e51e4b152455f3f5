"""
Strategies for the records around scores: :class:`~parlib.evidence.Evidence`,
:class:`~parlib.findings.Finding` and :class:`~parlib.findings.Recommendation`.

Each strategy draws its choices from one :class:`~parlib.testing.tape.Tape` and
its free text from one text draw; the ``read_*`` functions read the same records
from a tape of a larger strategy (:func:`~parlib.testing.assessments`).

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
from parlib.testing.tape import Tape, tapes
from parlib.testing.words import check_size, identifiers, label_of, texts

__all__ = [
    "EVIDENCE_BYTES",
    "RECOMMENDATION_BYTES",
    "dates",
    "evidence",
    "finding_bytes",
    "findings",
    "read_date",
    "read_evidence",
    "read_finding",
    "read_recommendation",
    "recommendations",
]

_FIRST_DAY = datetime.date(1990, 1, 1)
_LAST_DAY = datetime.date(2100, 12, 31)
_SIMPLEST_DAY = datetime.date(2000, 1, 1)
_TEXT = texts()
_WORDS = texts(min_size=1)


def dates() -> st.SearchStrategy[datetime.date]:
    """
    Calendar dates from 1990 to 2100 (assessments cite real documents).

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(dates(), lambda d: True)
    datetime.date(2000, 1, 1)
    """
    return st.dates(min_value=_FIRST_DAY, max_value=_LAST_DAY)


def read_date(tape: Tape) -> datetime.date:
    """
    A date from 1990 to 2100 read from *tape* (two bytes): 1 January 2000 at zero, as :func:`dates` shrinks.

    >>> read_date(Tape()), read_date(Tape(bytes([255, 255])))
    (datetime.date(2000, 1, 1), datetime.date(1990, 1, 1))
    """
    days = tape.integer(0, (_LAST_DAY - _FIRST_DAY).days, towards=(_SIMPLEST_DAY - _FIRST_DAY).days)
    return _FIRST_DAY + datetime.timedelta(days=days)


# Each text field of a record is empty, the drawn text, or a typical value of its own.
_EVIDENCE_TEXTS = (
    ("title", "Báo cáo CCHC năm 2018"),
    ("reference", "225/QĐ-TTg"),
    ("issuer", "Bộ Nội vụ"),
    ("locator", "tr. 3, mục 2"),
    ("uri", "https://example.gov.vn/bao-cao.pdf"),
    ("section", "II.2"),
    ("page", "3-4"),
)

EVIDENCE_BYTES = 48
"""The bytes of tape :func:`read_evidence` reads at most."""


def read_evidence(tape: Tape, evidence_id: str, text: str) -> Evidence:
    """
    Evidence of any kind read from *tape*: each text field empty, *text* or a typical
    value, an optional date and digest. At zero bytes: a document with nothing else.

    >>> read_evidence(Tape(), "E1", "x")
    Evidence(id='E1', kind='document', title='', reference='', issuer='', date=None, locator='', uri='', sha256='')
    """
    kind = tape.choice(EVIDENCE_KINDS)
    fields = {name: tape.choice(("", text, typical)) for name, typical in _EVIDENCE_TEXTS}
    date = read_date(tape) if tape.boolean() else None
    digest = tape.take(32).hex() if tape.boolean() else ""
    return Evidence(id=evidence_id, kind=kind, date=date, sha256=digest, **fields)  # type: ignore[arg-type]


def evidence(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Evidence]:
    """
    Evidence of every kind, with optional reference, issuer, date, locator, section,
    page, URI and digest.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(evidence(ids=st.just("E1")), lambda e: e.date is not None).id
    'E1'
    """
    return _evidence(identifiers() if ids is None else ids)


@st.composite
def _evidence(draw: st.DrawFn, ids: st.SearchStrategy[str]) -> Evidence:
    tape = draw(tapes(size=EVIDENCE_BYTES))
    return read_evidence(tape, draw(ids), draw(_TEXT))


_OWNERS = ("", "Phòng Tổ chức cán bộ", "Office of the Director")
_ACTIONS = ("Cập nhật hệ thống ISO", "Publish the procedures online")

RECOMMENDATION_BYTES = 8
"""The bytes of tape :func:`read_recommendation` reads at most."""


def read_recommendation(tape: Tape, text: str, languages: Sequence[str]) -> Recommendation:
    """
    A recommendation read from *tape*: an action (*text* or a typical one) in *languages*,
    an owner, a due date and a status.

    >>> read_recommendation(Tape(), "Fix it", ("en",))
    Recommendation(action=Label(texts=(('en', 'Fix it'),)), owner='', due=None, status='open')
    """
    action = label_of(tape.choice((text, *_ACTIONS)), languages)
    owner = tape.choice((*_OWNERS, text))
    due = read_date(tape) if tape.boolean() else None
    status = tape.choice(RECOMMENDATION_STATUSES)
    return Recommendation(action=action, owner=owner if owner.strip() else "", due=due, status=status)  # type: ignore[arg-type]


def recommendations(*, languages: Sequence[str] = ("vi", "en")) -> st.SearchStrategy[Recommendation]:
    """
    Recommendations with an action in *languages*, an owner, a due date and a status.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(recommendations(), lambda r: r.status == "done").status
    'done'
    """
    return _recommendations(tuple(languages))


@st.composite
def _recommendations(draw: st.DrawFn, languages: tuple[str, ...]) -> Recommendation:
    tape = draw(tapes(size=RECOMMENDATION_BYTES))
    return read_recommendation(tape, draw(_WORDS), languages)


_STATEMENTS = ("Quy trình được công khai", "Records are incomplete")
_MOST_CITED = 6  # a finding cites up to this many criteria (and pieces of evidence)


def _cited(tape: Tape, ids: Sequence[str]) -> tuple[str, ...]:
    """Up to a few of *ids* in any order (none at zero)."""
    count = tape.integer(0, min(len(ids), _MOST_CITED))
    chosen = [ids[i] for i in tape.distinct(count, 0, len(ids) - 1)]
    return tuple(tape.shuffled(chosen))


def finding_bytes(max_recommendations: int) -> int:
    """
    The bytes of tape :func:`read_finding` reads at most.

    >>> finding_bytes(2)
    56
    """
    return 40 + RECOMMENDATION_BYTES * max_recommendations


def read_finding(
    tape: Tape,
    finding_id: str,
    text: str,
    *,
    criteria: Sequence[str] = (),
    evidence: Sequence[str] = (),
    languages: Sequence[str] = ("vi", "en"),
    max_recommendations: int = 2,
) -> Finding:
    """
    A finding read from *tape* that cites some of *criteria* and *evidence*, with a
    statement (*text* or a typical one), a severity and recommendations.

    >>> read_finding(Tape(), "F1", "Good", criteria=["1"], languages=("en",))
    Finding(id='F1', kind='strength', statement=Label(texts=(('en', 'Good'),)), criteria=(), evidence=(), severity=None, recommendations=())
    """
    kind = tape.choice(FINDING_KINDS)
    statement = label_of(tape.choice((text, *_STATEMENTS)), languages)
    cited_criteria = _cited(tape.fork(16), criteria)
    cited_evidence = _cited(tape.fork(16), evidence)
    severity = tape.choice((None, *SEVERITIES))
    advice = [
        read_recommendation(tape.fork(RECOMMENDATION_BYTES), text, languages)
        for _ in range(tape.integer(0, max_recommendations))
    ]
    return Finding(
        id=finding_id,
        kind=kind,  # type: ignore[arg-type]
        statement=statement,
        criteria=cited_criteria,
        evidence=cited_evidence,
        severity=severity,  # type: ignore[arg-type]
        recommendations=advice,
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
    return _draw_finding(
        identifiers() if ids is None else ids,
        cited_criteria=cited_criteria,
        cited_evidence=cited_evidence,
        languages=languages,
        max_recommendations=max_recommendations,
    )


@st.composite
def _draw_finding(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str],
    *,
    cited_criteria: tuple[str, ...],
    cited_evidence: tuple[str, ...],
    languages: tuple[str, ...],
    max_recommendations: int,
) -> Finding:
    tape = draw(tapes(size=finding_bytes(max_recommendations)))
    return read_finding(
        tape,
        draw(ids),
        draw(_WORDS),
        criteria=cited_criteria,
        evidence=cited_evidence,
        languages=languages,
        max_recommendations=max_recommendations,
    )
