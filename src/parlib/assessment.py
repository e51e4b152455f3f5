"""
Assessments: a unit's responses to a framework, with the evidence and findings behind them.

>>> a = Assessment(
...     framework=FrameworkRef("demo", "1"), subject=Subject("so-x", {"en": "Dept X"}), period="2018",
...     responses=[Response("1", True, evidence=("E1",))],
...     evidence=[Evidence(id="E1")],
... )
>>> a.response("1").value
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from parlib.errors import ModelError, Problem
from parlib.evidence import Evidence
from parlib.findings import Finding
from parlib.label import Label, to_label
from parlib.numbers import parse_number
from parlib.rules.base import Value

__all__ = ["Assessment", "FrameworkRef", "Response", "Subject", "to_value"]


def to_value(value: object) -> Value | None:
    """
    Normalise a response value: numbers (and strings holding numbers, such as
    ``"1/3"``) become exact fractions, tables of numbers too; other strings stay.

    >>> to_value(0.5), to_value(True), to_value({"A": 3}), to_value("pass"), to_value("1/3")
    (Fraction(1, 2), True, {'A': Fraction(3, 1)}, 'pass', Fraction(1, 3))
    """
    if value is None or isinstance(value, (bool, Fraction)):
        return value
    if isinstance(value, str):
        try:
            return parse_number(value)
        except ModelError:
            return value
    if isinstance(value, (int, float, Decimal)):
        try:
            return parse_number(value)
        except ModelError as exc:
            raise exc.under("$") from None
    if isinstance(value, Mapping):
        out: dict[str, Fraction] = {}
        for key, raw in value.items():
            try:
                out[str(key)] = parse_number(raw)
            except ModelError as exc:
                raise exc.under(f"$.{key}") from None
        return out
    raise ModelError.one(f"a value is a boolean, a number, a string or a table of numbers, got {value!r}")


def _convert_value(value: object) -> Value | None:
    try:
        return to_value(value)
    except ModelError as exc:
        raise exc.under("$.value") from None


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class FrameworkRef:
    """
    Which framework (id and version) an assessment answers.

    >>> str(FrameworkRef("vn-par-department-example", "2018.1"))
    'vn-par-department-example 2018.1'
    """

    id: str
    version: str = ""

    def __str__(self) -> str:
        return f"{self.id} {self.version}".strip()


@attrs.frozen
class Subject:
    """
    The assessed unit: an id, a multilingual name, and its kind (department, district, ...).

    >>> Subject("so-ldtbxh", {"vi": "Sở LĐ-TBXH"}).name.get("vi")
    'Sở LĐ-TBXH'
    """

    id: str
    name: Label = attrs.field(converter=to_label)
    kind: str = ""


@attrs.frozen
class Response:
    """
    A unit's answer to one criterion: a value or "not applicable", with evidence.

    >>> Response("1.1")
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: a response needs a value or not_applicable = true @ $
    >>> Response("1.1", 1, not_applicable=True)
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: a response has a value or is not applicable, not both @ $.not_applicable
    """

    criterion: str
    value: Value | None = attrs.field(default=None, converter=_convert_value)
    not_applicable: bool = False
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    explanation: str = ""
    author: str = ""

    def __attrs_post_init__(self) -> None:
        if self.value is None and not self.not_applicable:
            raise ModelError.one("a response needs a value or not_applicable = true")
        if self.value is not None and self.not_applicable:
            raise ModelError.one("a response has a value or is not applicable, not both", "$.not_applicable")


def _responses(value: Iterable[Response]) -> tuple[Response, ...]:
    return tuple(value)


def _evidence(value: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


@attrs.frozen
class Assessment:
    """
    One unit's assessment for one period against one framework.

    Checked on construction: evidence and finding ids are unique, at most one
    response per criterion, and every cited evidence id exists. That responses
    and findings name criteria of the framework is checked against it by
    :func:`parlib.check_assessment` (and by scoring).

    >>> Assessment(framework=FrameworkRef("f"), subject=Subject("u", {"en": "U"}), period="2018",
    ...            responses=[Response("1", True, evidence=("E9",))])
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: evidence 'E9' is not in the assessment's evidence @ $.responses[0].evidence[0]
    """

    framework: FrameworkRef
    subject: Subject
    period: str
    responses: tuple[Response, ...] = attrs.field(default=(), converter=_responses)
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=_evidence)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)
    title: str = ""
    _by_criterion: dict[str, Response] = attrs.field(init=False, eq=False, repr=False, alias="_by_criterion")

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        evidence_ids: dict[str, int] = {}
        for i, ev in enumerate(self.evidence):
            if ev.id in evidence_ids:
                problems.append(
                    Problem(
                        f"duplicate evidence id {ev.id!r} (first at $.evidence[{evidence_ids[ev.id]}])",
                        f"$.evidence[{i}].id",
                    )
                )
            evidence_ids.setdefault(ev.id, i)
        by_criterion: dict[str, Response] = {}
        for i, resp in enumerate(self.responses):
            if resp.criterion in by_criterion:
                problems.append(
                    Problem(f"a second response for criterion {resp.criterion!r}", f"$.responses[{i}].criterion")
                )
            by_criterion.setdefault(resp.criterion, resp)
            problems += [
                Problem(f"evidence {e!r} is not in the assessment's evidence", f"$.responses[{i}].evidence[{j}]")
                for j, e in enumerate(resp.evidence)
                if e not in evidence_ids
            ]
        finding_ids: set[str] = set()
        for i, finding in enumerate(self.findings):
            if finding.id in finding_ids:
                problems.append(Problem(f"duplicate finding id {finding.id!r}", f"$.findings[{i}].id"))
            finding_ids.add(finding.id)
            problems += [
                Problem(f"evidence {e!r} is not in the assessment's evidence", f"$.findings[{i}].evidence[{j}]")
                for j, e in enumerate(finding.evidence)
                if e not in evidence_ids
            ]
        if problems:
            raise ModelError(problems)
        object.__setattr__(self, "_by_criterion", by_criterion)

    def response(self, criterion_id: str) -> Response | None:
        """
        The response for a criterion, or ``None``.

        >>> from parlib import examples
        >>> examples.assessment().response("no-such") is None
        True
        """
        return self._by_criterion.get(criterion_id)

    def evidence_by_id(self) -> dict[str, Evidence]:
        """
        The evidence as a dict by id.

        >>> from parlib import examples
        >>> "E1" in examples.assessment().evidence_by_id()
        True
        """
        return {e.id: e for e in self.evidence}
