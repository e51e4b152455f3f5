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

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from parlib.errors import ModelError, Problem
from parlib.evidence import Evidence, is_sha256
from parlib.findings import Finding
from parlib.framework import SURVEY_LAYER
from parlib.label import Label, to_label
from parlib.numbers import parse_number
from parlib.rules.base import Value, describe

__all__ = [
    "Adjustment",
    "Assessment",
    "FrameworkRef",
    "Layer",
    "Located",
    "Lock",
    "Response",
    "Subject",
    "answer_key",
    "answer_text",
    "to_value",
]


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

    def fits_version(self, version: str) -> bool:
        """
        Whether a framework of *version* is the one meant: the same version, or any when the reference names none.

        >>> FrameworkRef("papi", "2018").fits_version("2011"), FrameworkRef("papi").fits_version("2011")
        (False, True)
        """
        return not self.version or self.version == version


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


def answer_key(value: Value | None, not_applicable: bool = False) -> tuple[object, ...]:
    """
    A hashable key for an answer (a value, "not applicable", or no answer at all),
    equal exactly when two answers score alike: ``True`` and ``1`` differ, tables
    compare by their items.

    >>> answer_key(True) == answer_key(Fraction(1)), answer_key(None, True), answer_key(None)
    (False, ('not-applicable',), ('none',))
    """
    if not_applicable:
        return ("not-applicable",)
    if value is None:
        return ("none",)
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, Fraction):
        return ("number", value)
    if isinstance(value, str):
        return ("text", value)
    return ("table", tuple(sorted(value.items())))


def answer_text(value: Value | None, not_applicable: bool = False) -> str:
    """
    An answer in words, as traces and adjustments show it.

    >>> answer_text(Fraction(3, 4)), answer_text(None, True), answer_text({"A": Fraction(2)}), answer_text(None)
    ('0.75', 'not applicable', '{A = 2}', 'no answer')
    """
    key = answer_key(value, not_applicable)
    if key[0] == "not-applicable":
        return "not applicable"
    if value is None:
        return "no answer"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return describe(value)
    if isinstance(value, str):
        return repr(value)
    return "{" + ", ".join(f"{k} = {describe(v)}" for k, v in value.items()) + "}"


def _plain_key(key: object) -> object:
    """An answer key as JSON-ready data (fractions as ``"p/q"``), for seals."""
    if isinstance(key, tuple):
        return [_plain_key(k) for k in key]
    if isinstance(key, Fraction):
        return f"{key.numerator}/{key.denominator}"
    return key


def _value_at(value: object, path: str) -> Value | None:
    try:
        return to_value(value)
    except ModelError as exc:
        raise exc.under(path) from None


def _convert_old(value: object) -> Value | None:
    return _value_at(value, "$.old")


def _convert_new(value: object) -> Value | None:
    return _value_at(value, "$.new")


def _check_time(_inst: object, attribute: attrs.Attribute[datetime.datetime], value: datetime.datetime) -> None:
    if not isinstance(value, datetime.datetime):
        raise ModelError.one(
            f"{attribute.name} is a date-time (such as 2018-09-12T10:00:00+07:00), got {value!r}", f"$.{attribute.name}"
        )


@attrs.frozen
class Adjustment:
    """
    One change a layer makes to an earlier layer's answer: old and new answer, the
    reason, who made it and when.

    ``old`` is the answer the earlier layers gave (``old_not_applicable = true``
    when they marked the criterion not applicable; neither when nobody answered
    it), ``new`` the answer of this layer (or ``new_not_applicable = true``). The
    reason is required; an empty ``author`` means the layer's author.

    >>> a = Adjustment("4.2.2", old=True, new=False, reason="No job-position scheme for the public service units")
    >>> a.change()
    'true -> false'
    >>> Adjustment("4.2.2", old=True, new=False)
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: an adjustment needs a reason (why the answer changed) @ $.reason
    """

    criterion: str
    old: Value | None = attrs.field(default=None, converter=_convert_old)
    new: Value | None = attrs.field(default=None, converter=_convert_new)
    reason: str = ""
    old_not_applicable: bool = False
    new_not_applicable: bool = False
    author: str = ""
    at: datetime.datetime | None = attrs.field(default=None, validator=attrs.validators.optional(_check_time))

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if not isinstance(self.criterion, str) or not self.criterion.strip():
            problems.append(Problem(f"an adjustment names its criterion, got {self.criterion!r}", "$.criterion"))
        if not isinstance(self.reason, str) or not self.reason.strip():
            problems.append(Problem("an adjustment needs a reason (why the answer changed)", "$.reason"))
        if self.old is not None and self.old_not_applicable:
            problems.append(Problem("the old answer is a value or not applicable, not both", "$.old_not_applicable"))
        if self.new is None and not self.new_not_applicable:
            problems.append(Problem("an adjustment needs a new value or new_not_applicable = true", "$.new"))
        elif self.new is not None and self.new_not_applicable:
            problems.append(Problem("the new answer is a value or not applicable, not both", "$.new_not_applicable"))
        elif not problems and self.old_key == self.new_key:
            same = answer_text(self.new, self.new_not_applicable)
            problems.append(Problem(f"the adjustment changes nothing (old and new are both {same})", "$.new"))
        if problems:
            raise ModelError(problems)

    @property
    def old_key(self) -> tuple[object, ...]:
        """
        The :func:`answer_key` of the old answer.

        >>> Adjustment("1", new=True, reason="r").old_key
        ('none',)
        """
        return answer_key(self.old, self.old_not_applicable)

    @property
    def new_key(self) -> tuple[object, ...]:
        """
        The :func:`answer_key` of the new answer.

        >>> Adjustment("1", old=True, new_not_applicable=True, reason="r").new_key
        ('not-applicable',)
        """
        return answer_key(self.new, self.new_not_applicable)

    def change(self) -> str:
        """
        The change in words, ``old -> new``.

        >>> Adjustment("1.5.2", old=2, new=1, reason="r").change()
        '2 -> 1'
        """
        old = answer_text(self.old, self.old_not_applicable)
        return f"{old} -> {answer_text(self.new, self.new_not_applicable)}"

    def as_response(self, earlier: Response | None = None) -> Response:
        """
        The response this adjustment makes: *earlier* (its evidence and
        explanation kept) with the new answer, or a new response.

        >>> Adjustment("1", old=True, new=False, reason="r", author="team").as_response(Response("1", True)).value
        False
        """
        if earlier is None:
            return Response(self.criterion, self.new, self.new_not_applicable, author=self.author)
        return attrs.evolve(earlier, value=self.new, not_applicable=self.new_not_applicable, author=self.author)


def _check_seal(_inst: object, _attr: object, value: str) -> None:
    if not is_sha256(value):
        raise ModelError.one(f"a seal is 64 lowercase hex digits (a sha256), got {value!r}", "$.seal")


def _check_by(_inst: object, _attr: object, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ModelError.one("a lock names who locked the layer", "$.by")


@attrs.frozen
class Lock:
    """
    When and by whom a layer was locked, with the seal (a sha256 of the layer's
    content) that keeps it as it was then. Build one with :meth:`Layer.locked_by`.

    >>> Lock(at=datetime.datetime(2018, 9, 12, 17, 0), by="Đoàn kiểm tra 1228", seal="abc")
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: a seal is 64 lowercase hex digits (a sha256), got 'abc' @ $.seal
    """

    at: datetime.datetime = attrs.field(validator=_check_time)
    by: str = attrs.field(validator=_check_by)
    seal: str = attrs.field(validator=_check_seal)


def _adjustments(value: Iterable[Adjustment]) -> tuple[Adjustment, ...]:
    return tuple(value)


def _after(at: datetime.datetime, limit: datetime.datetime) -> bool:
    """Whether *at* is later than *limit*; a time without a UTC offset is read in the other's offset."""
    if at.utcoffset() is None and limit.utcoffset() is not None:
        at = at.replace(tzinfo=limit.tzinfo)
    elif limit.utcoffset() is None and at.utcoffset() is not None:
        limit = limit.replace(tzinfo=at.tzinfo)
    return at > limit


def _check_layer_name(_inst: object, _attr: object, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ModelError.one(f"a layer needs a name, got {value!r}", "$.name")


@attrs.frozen
class Layer:
    """
    One round of an inspection (self-assessment, appraisal, explanation, survey,
    final): its own responses, the adjustments that record every change it makes
    to an earlier layer's answers, and its lock.

    A criterion may be adjusted several times in one layer (each change is
    recorded); its adjustments chain, each one's old answer the previous one's
    new, and the last one's new answer is the layer's response to the criterion.
    A locked layer cannot change: its seal must match its content, so
    any edit (in a file, or through :func:`attrs.evolve`) is refused; a new
    layer is the only way on. Nor can it hold an adjustment dated after its
    lock (a time without a UTC offset is read in the other time's offset).

    >>> self_layer = Layer("self", [Response("4.2.2", True)], author="Sở LĐ-TBXH")
    >>> locked = self_layer.locked_by("Sở LĐ-TBXH", at=datetime.datetime(2018, 8, 31, 17, 0))
    >>> locked.is_locked, len(locked.lock.seal)
    (True, 64)
    >>> attrs.evolve(locked, responses=[Response("4.2.2", False)])
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: layer 'self' was locked on 2018-08-31T17:00:00 by Sở LĐ-TBXH and cannot change: its content no longer matches its seal (add a new layer instead) @ $.lock.seal
    >>> late = Adjustment("4.2.2", True, False, reason="r", at=datetime.datetime(2018, 9, 12, 10, 0))
    >>> Layer("appraisal-1", [Response("4.2.2", False)], [late], author="team").locked_by(
    ...     "team", at=datetime.datetime(2018, 9, 11, 17, 0))
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: the adjustment of '4.2.2' is dated 2018-09-12T10:00:00, after the layer's lock on 2018-09-11T17:00:00: a locked layer cannot change after its lock @ $.adjustments[0].at
    """

    name: str = attrs.field(validator=_check_layer_name)
    responses: tuple[Response, ...] = attrs.field(default=(), converter=_responses)
    adjustments: tuple[Adjustment, ...] = attrs.field(default=(), converter=_adjustments)
    author: str = ""
    note: str = ""
    lock: Lock | None = None
    _by_criterion: dict[str, Response] = attrs.field(init=False, eq=False, repr=False, alias="_by_criterion")
    _adjusted: dict[str, tuple[Adjustment, ...]] = attrs.field(init=False, eq=False, repr=False, alias="_adjusted")

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        by_criterion: dict[str, Response] = {}
        for i, resp in enumerate(self.responses):
            if resp.criterion in by_criterion:
                problems.append(
                    Problem(f"a second response for criterion {resp.criterion!r}", f"$.responses[{i}].criterion")
                )
            by_criterion.setdefault(resp.criterion, resp)
        adjusted: dict[str, list[Adjustment]] = {}
        last: dict[str, int] = {}
        for j, adj in enumerate(self.adjustments):
            path = f"$.adjustments[{j}]"
            chain = adjusted.setdefault(adj.criterion, [])
            if chain and chain[-1].new_key != adj.old_key:
                problems.append(
                    Problem(
                        f"the adjustment of {adj.criterion!r} gives the old answer as"
                        f" {answer_text(adj.old, adj.old_not_applicable)}, but the layer's previous adjustment of it"
                        f" set {answer_text(chain[-1].new, chain[-1].new_not_applicable)}",
                        path + ".old",
                    )
                )
            chain.append(adj)
            last[adj.criterion] = j
            if not (adj.author or self.author):
                problems.append(Problem("an adjustment needs an author (its own or the layer's)", path + ".author"))
            if self.lock is not None and adj.at is not None and _after(adj.at, self.lock.at):
                problems.append(
                    Problem(
                        f"the adjustment of {adj.criterion!r} is dated {adj.at.isoformat()}, after the layer's lock"
                        f" on {self.lock.at.isoformat()}: a locked layer cannot change after its lock",
                        path + ".at",
                    )
                )
        for criterion, j in last.items():
            adj, own = self.adjustments[j], by_criterion.get(criterion)
            if own is None:
                message = f"the adjustment of {criterion!r} needs a response to it in layer {self.name!r}"
                problems.append(Problem(message, f"$.adjustments[{j}].criterion"))
            elif answer_key(own.value, own.not_applicable) != adj.new_key:
                problems.append(
                    Problem(
                        f"the adjustment of {criterion!r} sets {answer_text(adj.new, adj.new_not_applicable)},"
                        f" but the layer's response says {answer_text(own.value, own.not_applicable)}",
                        f"$.adjustments[{j}].new",
                    )
                )
        if self.lock is not None and self.lock.seal != self.digest(self.lock.at, self.lock.by):
            problems.append(
                Problem(
                    f"layer {self.name!r} was locked on {self.lock.at.isoformat()} by {self.lock.by} and cannot"
                    " change: its content no longer matches its seal (add a new layer instead)",
                    "$.lock.seal",
                )
            )
        if problems:
            raise ModelError(problems)
        object.__setattr__(self, "_by_criterion", by_criterion)
        object.__setattr__(self, "_adjusted", {c: tuple(chain) for c, chain in adjusted.items()})

    @property
    def is_locked(self) -> bool:
        """
        Whether the layer is locked.

        >>> Layer("self").is_locked
        False
        """
        return self.lock is not None

    def response(self, criterion_id: str) -> Response | None:
        """
        The layer's own response to a criterion, or ``None``.

        >>> Layer("self", [Response("1", True)]).response("1").value
        True
        """
        return self._by_criterion.get(criterion_id)

    def adjustment(self, criterion_id: str) -> Adjustment | None:
        """
        The layer's (last) adjustment of a criterion, the one that gives its answer, or ``None``.

        >>> Layer("appraisal-1").adjustment("1") is None
        True
        """
        chain = self._adjusted.get(criterion_id)
        return chain[-1] if chain else None

    def adjustments_of(self, criterion_id: str) -> tuple[Adjustment, ...]:
        """
        Every adjustment of a criterion in this layer, in order (each one's old answer the previous one's new).

        >>> layer = Layer("appraisal-1", [Response("1.3", 2)], author="team", adjustments=[
        ...     Adjustment("1.3", 0, 3, reason="3 tasks late"), Adjustment("1.3", 3, 2, reason="1 was on time")])
        >>> [a.change() for a in layer.adjustments_of("1.3")]
        ['0 -> 3', '3 -> 2']
        """
        return self._adjusted.get(criterion_id, ())

    def digest(self, at: datetime.datetime, by: str) -> str:
        """
        The seal that a lock at *at* by *by* puts on this layer: the sha256 of
        its name, author, note, responses, adjustments and the lock's time and author.

        >>> len(Layer("self").digest(datetime.datetime(2018, 8, 31), "unit"))
        64
        """
        payload = {
            "name": self.name,
            "author": self.author,
            "note": self.note,
            "responses": [
                [
                    r.criterion,
                    _plain_key(answer_key(r.value, r.not_applicable)),
                    list(r.evidence),
                    r.explanation,
                    r.author,
                ]
                for r in self.responses
            ],
            "adjustments": [
                [
                    a.criterion,
                    _plain_key(a.old_key),
                    _plain_key(a.new_key),
                    a.reason,
                    a.author,
                    a.at.isoformat() if a.at else "",
                ]
                for a in self.adjustments
            ],
            "lock": [at.isoformat(), by],
        }
        import hashlib  # only locked layers need it: keep `import parlib` light
        import json

        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def locked_by(self, by: str, at: datetime.datetime) -> Layer:
        """
        This layer, locked by *by* at *at* and sealed; a locked layer cannot be locked again.

        >>> layer = Layer("self").locked_by("unit", datetime.datetime(2018, 8, 31))
        >>> layer.locked_by("unit", datetime.datetime(2018, 9, 1))
        Traceback (most recent call last):
        ...
        parlib.errors.ModelError: layer 'self' is already locked @ $.lock
        """
        if self.lock is not None:
            raise ModelError.one(f"layer {self.name!r} is already locked", "$.lock")
        return attrs.evolve(self, lock=Lock(at=at, by=by, seal=self.digest(at, by)))


def _layers(value: Iterable[Layer]) -> tuple[Layer, ...]:
    return tuple(value)


Located = tuple[Response, str]
"""A response and its key path in the assessment (``$.layers[2].responses[4]``)."""


def _layer_problems(
    layers: tuple[Layer, ...], evidence_ids: Mapping[str, int]
) -> tuple[list[Problem], list[dict[str, Located]]]:
    """Check the layers against each other; return the problems and each layer's effective responses."""
    problems: list[Problem] = []
    effective: list[dict[str, Located]] = []
    current: dict[str, Located] = {}
    names: dict[str, int] = {}
    first_open: str | None = None
    for k, layer in enumerate(layers):
        at = f"$.layers[{k}]"
        if layer.name in names:
            problems.append(
                Problem(f"a second layer named {layer.name!r} (first at $.layers[{names[layer.name]}])", at + ".name")
            )
        names.setdefault(layer.name, k)
        if layer.is_locked and first_open is not None:
            problems.append(
                Problem(
                    f"layer {layer.name!r} is locked but the earlier layer {first_open!r} is not; layers lock in order",
                    at + ".lock",
                )
            )
        elif not layer.is_locked and first_open is None:
            first_open = layer.name
        for i, resp in enumerate(layer.responses):
            problems += [
                Problem(f"evidence {e!r} is not in the assessment's evidence", f"{at}.responses[{i}].evidence[{j}]")
                for j, e in enumerate(resp.evidence)
                if e not in evidence_ids
            ]
        if k == 0:
            problems += [
                Problem(
                    f"the first layer has no earlier answer to adjust ({adj.criterion!r})", f"{at}.adjustments[{j}]"
                )
                for j, adj in enumerate(layer.adjustments)
            ]
        else:
            problems += _change_problems(layer, current, at)
        for i, resp in enumerate(layer.responses):
            current[resp.criterion] = (resp, f"{at}.responses[{i}]")
        effective.append(dict(current))
    return problems, effective


def _change_problems(layer: Layer, earlier: Mapping[str, Located], at: str) -> list[Problem]:
    """Every change a layer makes to the earlier answers has an adjustment whose old answer is right."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for j, adj in enumerate(layer.adjustments):
        if adj.criterion in seen:
            continue  # a later link of the layer's chain: checked by the layer
        seen.add(adj.criterion)
        before = earlier.get(adj.criterion)
        got = (None, False) if before is None else (before[0].value, before[0].not_applicable)
        if answer_key(*got) != adj.old_key:
            problems.append(
                Problem(
                    f"the adjustment of {adj.criterion!r} gives the old answer as"
                    f" {answer_text(adj.old, adj.old_not_applicable)}, but the earlier layers give {answer_text(*got)}",
                    f"{at}.adjustments[{j}].old",
                )
            )
    for i, resp in enumerate(layer.responses):
        before = earlier.get(resp.criterion)
        if before is None and layer.name == SURVEY_LAYER:
            continue  # survey results are first answers, not changes
        got = (None, False) if before is None else (before[0].value, before[0].not_applicable)
        if answer_key(*got) != answer_key(resp.value, resp.not_applicable) and layer.adjustment(resp.criterion) is None:
            problems.append(
                Problem(
                    f"the response to {resp.criterion!r} changes {answer_text(*got)} to"
                    f" {answer_text(resp.value, resp.not_applicable)} without an adjustment giving the reason",
                    f"{at}.responses[{i}].{'not_applicable' if resp.not_applicable else 'value'}",
                )
            )
    return problems


def _evidence(value: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


@attrs.frozen
class Assessment:
    """
    One unit's assessment for one period against one framework.

    An assessment holds either ``responses`` (a single layer: the result as it
    stands, with no history) or ``layers`` (an inspection's rounds in order:
    self-assessment, appraisals, explanation, survey, final), not both. A
    layer's effective response to a criterion is its own, else the nearest
    earlier layer's; :meth:`response` and scoring without a layer use the last
    layer.

    Checked on construction: evidence and finding ids are unique, at most one
    response per criterion, and every cited evidence id exists; for layers,
    names are unique, locked layers come first, and every change a layer makes
    to the earlier answers has an :class:`Adjustment` whose old answer is the
    one the earlier layers give (survey results are first answers, not
    changes). That responses and findings name criteria of the framework, and
    layers follow its order, is checked against it by
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
    layers: tuple[Layer, ...] = attrs.field(default=(), converter=_layers)
    _by_criterion: dict[str, Response] = attrs.field(init=False, eq=False, repr=False, alias="_by_criterion")
    _effective: tuple[dict[str, Located], ...] = attrs.field(init=False, eq=False, repr=False, alias="_effective")
    _ids: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False, alias="_ids")

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
        if self.responses and self.layers:
            problems.append(Problem("an assessment has either responses (one layer) or layers, not both", "$.layers"))
        found, effective = _layer_problems(self.layers, evidence_ids)
        problems += found
        if problems:
            raise ModelError(problems)
        if effective:
            by_criterion = {c: resp for c, (resp, _) in effective[-1].items()}
        object.__setattr__(self, "_ids", tuple(by_criterion))
        object.__setattr__(self, "_by_criterion", by_criterion)
        object.__setattr__(self, "_effective", tuple(effective))

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        """
        The criteria answered (in the last layer, where there are layers), in order.

        >>> from parlib import examples
        >>> examples.assessment().criterion_ids[:3]
        ('1.1.1', '1.1.2', '1.2')
        """
        return self._ids

    def response(self, criterion_id: str) -> Response | None:
        """
        The response for a criterion (in the last layer, where there are layers), or ``None``.

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

    @property
    def layer_names(self) -> tuple[str, ...]:
        """
        The names of the layers, in order (empty for a single-layer assessment).

        >>> from parlib import examples
        >>> examples.inspection().layer_names
        ('self', 'appraisal-1', 'explanation', 'appraisal-2', 'survey', 'final')
        """
        return tuple(layer.name for layer in self.layers)

    def layer(self, name: str) -> Layer:
        """
        The layer with this name, or :class:`~parlib.errors.UnknownNameError`.

        >>> from parlib import examples
        >>> examples.inspection().layer("appraisal-1").author
        'Đoàn kiểm tra 1228'
        """
        for layer in self.layers:
            if layer.name == name:
                return layer
        from parlib.errors import UnknownNameError

        raise UnknownNameError("layer", name, self.layer_names)

    def effective_responses(self, layer: str | None = None) -> tuple[Located, ...]:
        """
        The responses in force at *layer* (default: the last), each with its key path:
        a criterion's response in that layer, else in the nearest earlier one. A
        single-layer assessment has only its responses, at ``layer=None``.

        >>> from parlib import examples
        >>> [(r.value, path) for r, path in examples.inspection().effective_responses("self") if r.criterion == "4.2.2"]
        [(True, '$.layers[0].responses[34]')]
        >>> [(r.value, path) for r, path in examples.inspection().effective_responses() if r.criterion == "4.2.2"]
        [(False, '$.layers[1].responses[12]')]
        """
        if not self.layers:
            if layer is not None:
                raise ModelError.one(
                    f"the assessment has no layers, only responses; there is no layer {layer!r}", "$.layers"
                )
            return tuple((resp, f"$.responses[{i}]") for i, resp in enumerate(self.responses))
        index = len(self.layers) - 1 if layer is None else self.layers.index(self.layer(layer))
        return tuple(self._effective[index].values())

    def flatten(self, layer: str | None = None) -> Assessment:
        """
        The result at *layer* (default: the last) as a single-layer assessment: its
        effective responses, without the history.

        >>> from parlib import examples
        >>> flat = examples.inspection().flatten("self")
        >>> flat.layers, flat.response("4.2.2").value
        ((), True)
        """
        return attrs.evolve(self, responses=[resp for resp, _ in self.effective_responses(layer)], layers=())

    def with_layer(self, layer: Layer) -> Assessment:
        """
        This assessment with *layer* added after the others: the way on once a layer is locked.

        >>> from parlib import examples
        >>> a = examples.inspection()
        >>> a.with_layer(Layer("self"))
        Traceback (most recent call last):
        ...
        parlib.errors.ModelError: a second layer named 'self' (first at $.layers[0]) @ $.layers[6].name
        """
        if self.responses:
            raise ModelError.one("a single-layer assessment (responses) takes no layers", "$.layers")
        return attrs.evolve(self, layers=[*self.layers, layer])

    def lock_layer(self, name: str, by: str, at: datetime.datetime) -> Assessment:
        """
        This assessment with layer *name* locked by *by* at *at* (see :meth:`Layer.locked_by`).

        >>> from parlib import examples
        >>> import datetime
        >>> examples.inspection().lock_layer("final", "UBND tỉnh", datetime.datetime(2019, 2, 1))
        Traceback (most recent call last):
        ...
        parlib.errors.ModelError: layer 'final' is already locked @ $.lock
        """
        target = self.layer(name)
        return attrs.evolve(self, layers=[lay.locked_by(by, at) if lay is target else lay for lay in self.layers])
