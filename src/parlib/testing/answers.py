"""
Strategies for answers: :func:`responses` to one criterion and whole :func:`assessments`
of a framework.

Values are valid for each rule, "not applicable" appears only where the
rule (or an inner node's ``allow_na``) allows it, every cited evidence id
exists, and findings cite criteria of the framework. Leaves under an
aggregation that refuses 0 (a geometric mean) get values that earn points,
or are not applicable where that drops them.

An assessment is read from one :class:`~parlib.testing.tape.Tape`, a fixed
stretch of it for each leaf (what it says, notes, evidence, its value), so the
values of all 69 leaves of the bundled framework take one draw (leaves whose
rule strategies have no reader take a draw each), plus one draw for the text
of the subject's name, the evidence and the findings. A layered assessment
reads its layers from the same tape: which of the framework's layers it has,
a few bytes of each, a pool of changes the later layers make, and the first
answers, read as a plain assessment's are (see :func:`assessments`).

Requires the hypothesis package.

>>> from hypothesis import given
>>> from parlib import examples, score
>>> @given(assessments(examples.framework()))
... def test(assessment):
...     assert 0 <= score(examples.framework(), assessment).total.points <= 100
>>> test()
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from parlib.assessment import Adjustment, Assessment, FrameworkRef, Layer, Response, Subject, answer_key
from parlib.framework import SURVEY_LAYER, Criterion, Framework
from parlib.layers import survey_scored
from parlib.rules import Value
from parlib.testing.records import EVIDENCE_BYTES, finding_bytes, read_evidence, read_finding
from parlib.testing.rulekit import VALUE_BYTES, positive_reader, positive_values, rule_values, value_reader
from parlib.testing.tape import Reader, Tape, tapes
from parlib.testing.trees import Guard
from parlib.testing.words import check_flag, check_size, identifiers, label_of, read_identifier, texts

__all__ = ["assessments", "guarded_criteria", "responses", "subjects"]

_NOTES = (  # (explanation, author)
    ("", ""),
    ("", "self-assessment"),
    ("see the evidence", "inspection team"),
    ("xem hồ sơ\t[E1]", ""),
)
_KINDS = ("department", "district", "commune", "")
_PERIODS = ("2018", "2019", "2018-Q4")
_TITLES = ("", "Self-assessment")
_WORDS = texts(min_size=1)
_ID_BYTES = 9  # an identifier's length and characters
_RECOMMENDATIONS = 2  # the most recommendations of a finding
_FINDING_BYTES = finding_bytes(_RECOMMENDATIONS)
_MOST_BYTES = 3000  # a longer tape is a large input for Hypothesis: further leaves read zeros (simplest answers)
_TAPE_STEP = 256  # tapes come in whole steps, so that a framework shrunk a little keeps the tape (and its answers)


def subjects(*, languages: Sequence[str] = ("vi", "en")) -> st.SearchStrategy[Subject]:
    """
    Assessed units: an id, a name in *languages* and a kind.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(subjects(), lambda s: True).kind
    'department'
    """
    return _subjects(tuple(languages))


@st.composite
def _subjects(draw: st.DrawFn, languages: tuple[str, ...]) -> Subject:
    return Subject(id=draw(identifiers()), name=label_of(draw(_WORDS), languages), kind=draw(st.sampled_from(_KINDS)))


def _evidence_ids(tape: Tape, cited: Sequence[str]) -> tuple[str, ...]:
    """Some of the first eight *cited* ids, chosen by the bits of one byte (none at zero)."""
    return tape.subset(cited[:8]) if cited else ()


_Source = Reader[Value] | st.SearchStrategy[Value]
"""Where a leaf's values come from: read from its bytes of the tape, or (without a reader) drawn."""


def _value(draw: st.DrawFn, tape: Tape, source: _Source) -> Value:
    return draw(source) if isinstance(source, st.SearchStrategy) else source(tape)


@attrs.frozen
class _Leaf:
    """A leaf as its answers are drawn: where its values (and values that earn points) come from."""

    criterion: Criterion
    usual: _Source
    earning: _Source
    guard: Guard
    survey: bool = False  # survey-scored

    @classmethod
    def of(cls, criterion: Criterion, guard: Guard, *, survey: bool = False) -> _Leaf:
        rule, maximum = criterion.rule, criterion.max
        assert rule is not None  # noqa: S101  (leaves only)
        assert maximum is not None  # noqa: S101
        read = value_reader(rule, maximum)
        usual: _Source = rule_values(rule, maximum) if read is None else read
        earning: _Source | None = None
        if guard.guarded:
            earning = positive_reader(rule, maximum)
            if earning is None:
                earning = positive_values(rule, maximum)
        return cls(criterion, usual, usual if earning is None else earning, guard, survey)


_LEAF_BYTES = 3 + VALUE_BYTES  # what it says, notes, evidence, then the value


def _read_response(
    draw: st.DrawFn, tape: Tape, leaf: _Leaf, cited: Sequence[str], *, na: bool, answered: bool = True
) -> Response | None:
    """
    A response to a leaf from its bytes after the first: none unless *answered*, "not
    applicable" when *na*, else a value (one that earns points when the leaf is guarded).

    A value that has to be drawn is drawn in every case, so that every answer takes
    the same draws and a failing example shrinks to the simplest answer, not to none.
    """
    explanation, author = tape.choice(_NOTES)
    evidence = _evidence_ids(tape, cited)
    value_tape = tape.fork(VALUE_BYTES)
    source = leaf.earning if leaf.guard.guarded else leaf.usual
    drawn = isinstance(source, st.SearchStrategy)
    value = _value(draw, value_tape, source) if drawn or (answered and not na) else None
    if not answered:
        return None
    return Response(
        criterion=leaf.criterion.id,
        value=None if na else value,
        not_applicable=na,
        evidence=evidence,
        explanation=explanation,
        author=author,
    )


def responses(
    criterion: Criterion, *, evidence: Sequence[str] = (), not_applicable: bool = True
) -> st.SearchStrategy[Response]:
    """
    Responses to a leaf *criterion*: a value valid for its rule, or "not
    applicable" where the rule allows it (and *not_applicable* is true),
    citing some of the *evidence* ids.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> leaf = Criterion(id="1.1", label={"en": "Plan"}, max=1, rule={"type": "boolean", "allow_na": True})
    >>> find(responses(leaf, evidence=["E1"]), lambda r: r.not_applicable and r.evidence)
    Response(criterion='1.1', value=None, not_applicable=True, evidence=('E1',), explanation='', author='')
    """
    if criterion.rule is None or criterion.max is None:
        raise InvalidArgument(f"criterion {criterion.id!r} has sub-criteria; responses here are for leaves")
    if isinstance(evidence, str):
        raise InvalidArgument(f"evidence is a sequence of ids, got the string {evidence!r}")
    cited = tuple(dict.fromkeys(evidence))
    allowed = not_applicable and criterion.rule.allow_na
    return _responses(_Leaf.of(criterion, Guard()), cited, allowed)


_LEAF_TAPES = tapes(size=_LEAF_BYTES)


@st.composite
def _responses(draw: st.DrawFn, leaf: _Leaf, cited: tuple[str, ...], allowed: bool) -> Response:
    tape = draw(_LEAF_TAPES)
    na = tape.integer(0, 4) == 4 and allowed  # one in five "not applicable" where allowed
    response = _read_response(draw, tape, leaf, cited, na=na)
    assert response is not None  # noqa: S101  (always answered)
    return response


def _guards(framework: Framework) -> dict[str, Guard]:
    """What each criterion's place under aggregations that refuse 0 asks of it (see :class:`Guard`)."""
    out: dict[str, Guard] = {}

    def visit(node: Criterion, guard: Guard) -> None:
        out[node.id] = guard
        below = guard.below(framework.aggregation_of(node), node.na_policy or framework.na_policy)
        for child in node.children:
            visit(child, below)

    top = Guard().below(framework.aggregation, framework.na_policy)
    for criterion in framework.criteria:
        visit(criterion, top)
    return out


def guarded_criteria(framework: Framework) -> frozenset[str]:
    """
    Ids of the criteria whose parent's aggregation (or any ancestor's) refuses a
    child at 0: these must earn points or drop out as not applicable.

    Requires the hypothesis package.

    >>> from parlib import examples
    >>> guarded_criteria(examples.framework())
    frozenset()
    """
    return frozenset(node_id for node_id, guard in _guards(framework).items() if guard.guarded)


@attrs.frozen
class _Inner:
    """An inner node as its answers are drawn: its own bytes (a stand-in for it), then its children's."""

    criterion: Criterion
    maximum: Fraction
    guard: Guard
    children: tuple[_Leaf | _Inner, ...]
    size: int  # bytes of tape for the node and everything below it
    survey: bool = False  # survey-scored (and so is everything below it)
    mixed: bool = False  # not survey-scored, but some criteria below it are


_INNER_BYTES = 4  # stand in?, not applicable?, the published value, evidence


def _size(node: _Leaf | _Inner) -> int:
    return _LEAF_BYTES if isinstance(node, _Leaf) else node.size


def _planned(
    framework: Framework, criterion: Criterion, guards: dict[str, Guard], surveyed: frozenset[str]
) -> _Leaf | _Inner:
    guard, survey = guards[criterion.id], criterion.id in surveyed
    if criterion.is_leaf:
        return _Leaf.of(criterion, guard, survey=survey)
    children = tuple(_planned(framework, c, guards, surveyed) for c in criterion.children)
    size = _INNER_BYTES + sum(_size(c) for c in children)
    mixed = not survey and any(c.survey or (isinstance(c, _Inner) and c.mixed) for c in children)
    return _Inner(criterion, framework.maximum_of(criterion), guard, children, size, survey, mixed)


# --- layers: what a layered assessment's tape holds --------------------------------------------

_MOST_CHANGES = 3  # the most answers a later layer gives again
_CHANGES = 6  # the most answers all later layers give again
_CHANGE_BYTES = _LEAF_BYTES + 3  # the new answer, the reason, the author, the time
_LAYER_BYTES = 4 + _MOST_CHANGES  # author, note, who locks it, how many changes, which criteria
_LAYERS_BYTES = 6  # which layers, whether any is locked, how many, their time zone, whether a change is two
_LAYER_AUTHORS = ("Sở LĐ-TBXH", "Đoàn kiểm tra 1228", "", "Sở Nội vụ")
_ADJUSTERS = ("", "Đoàn kiểm tra 1228", "inspection team")  # an adjustment's own author ("": the layer's)
_LOCKERS = ("Sở LĐ-TBXH", "Đoàn kiểm tra 1228", "UBND tỉnh")
_LAYER_NOTES = ("", "vòng 1", 'a "quoted"\nnote')
_REASONS = (
    "not recognised",
    'Kế hoạch "2018" xây dựng chậm so với quy định',
    "corrected after the explanation\n(see the evidence)",
)
_ZONES = (datetime.timezone(datetime.timedelta(hours=7)), None, datetime.timezone.utc)
_TIMES = (None, *((hour, zone) for zone in _ZONES for hour in (8, 9)))  # of an adjustment, in the morning
_FIRST_DAY = datetime.datetime(2018, 9, 5)


@attrs.frozen(repr=False)
class _Plan:
    """How the assessments of one framework are read, worked out once."""

    framework: Framework
    criteria: tuple[_Leaf | _Inner, ...]
    ids: tuple[str, ...]
    complete: bool
    not_applicable: bool
    stand_ins: bool
    max_evidence: int
    max_findings: int
    layered: bool = False
    layers: tuple[str, ...] = ()  # the framework's layers a layered assessment may have (all)
    must: frozenset[str] = frozenset()  # the layers it always has
    base: str = ""  # the layer that gives the first answers to the criteria that are not survey-scored
    surveyed: tuple[tuple[int, _Leaf | _Inner], ...] = ()  # the highest survey-scored nodes, at their bytes

    def __repr__(self) -> str:  # shown in Hypothesis' reports: keep it short
        return f"<assessments of {self.framework.id!r}>"

    @property
    def answer_bytes(self) -> int:
        return sum(_size(c) for c in self.criteria)

    @property
    def layer_bytes(self) -> int:
        """The bytes of the layers: which, their own, the changes they make (none without layers)."""
        if not self.layered:
            return 0
        return _LAYERS_BYTES + len(self.layers) * _LAYER_BYTES + _CHANGES * _CHANGE_BYTES + _LEAF_BYTES

    @property
    def tape_bytes(self) -> int:
        records = EVIDENCE_BYTES * self.max_evidence + _FINDING_BYTES * self.max_findings
        needed = _ID_BYTES + 5 + records + self.layer_bytes + self.answer_bytes
        return min(-(-needed // _TAPE_STEP) * _TAPE_STEP, _MOST_BYTES)


def _stand_in(slot: Tape, node: _Inner, cited: Sequence[str], *, na: bool) -> Response | None:
    """A response for an inner node as a whole: not applicable (*na*), else a published value where it has points."""
    criterion = node.criterion
    if na:
        return Response(criterion.id, not_applicable=True, evidence=_evidence_ids(slot, cited))
    if node.maximum > 0:
        value = node.maximum * slot.integer(1 if node.guard.guarded else 0, 20) / 20
        return Response(criterion.id, value, evidence=_evidence_ids(slot, cited), explanation="published")
    return None


def _answers(
    draw: st.DrawFn, tape: Tape, plan: _Plan, node: _Leaf | _Inner, cited: Sequence[str], *, part: bool | None = None
) -> list[Response]:
    """
    The responses to *node*'s leaves (or one that stands in for the node as a whole): of
    every criterion, or only of those survey-scored (*part* true) or not (*part* false).
    A node with criteria of both kinds below it does not stand in for them.
    """
    if part is not None and not (isinstance(node, _Inner) and node.mixed) and node.survey != part:
        tape.fork(_size(node))
        return []
    guard = node.guard
    may_drop = plan.not_applicable and not guard.strict
    if isinstance(node, _Leaf):
        slot = tape.fork(_LEAF_BYTES)
        choice = slot.integer(0, 5)
        answered = choice < 5 or plan.complete or guard.guarded  # no response: the leaf scores 0
        rule = node.criterion.rule
        na = may_drop and choice == 4 and rule is not None and rule.allow_na
        response = _read_response(draw, slot, node, cited, na=na, answered=answered)
        return [] if response is None else [response]
    slot = tape.fork(_INNER_BYTES)
    if plan.stand_ins and not (part is not None and node.mixed) and slot.odds(1, 10):
        whole = _stand_in(slot, node, cited, na=node.criterion.allow_na and may_drop and slot.boolean())
        if whole is not None:
            tape.fork(node.size - _INNER_BYTES)  # the leaves below go unanswered
            return [whole]
    out: list[Response] = []
    for child in node.children:
        out += _answers(draw, tape, plan, child, cited, part=part)
    return out


def _targets(nodes: Sequence[_Leaf | _Inner], answered: Mapping[str, Response]) -> list[_Leaf | _Inner]:
    """
    What a later layer may answer: the criteria answered so far and the leaves nobody
    answered (not below a node answered as a whole), none survey-scored.
    """
    out: list[_Leaf | _Inner] = []
    for node in nodes:
        if node.survey:
            continue
        if node.criterion.id in answered or isinstance(node, _Leaf):
            out.append(node)
        else:
            out += _targets(node.children, answered)
    return out


def _answer_again(draw: st.DrawFn, slot: Tape, plan: _Plan, node: _Leaf | _Inner, cited: Sequence[str]) -> Response:
    """A new answer to a target of a later layer, of the same kind as the earlier one (a leaf's, or a whole node's)."""
    may_drop = plan.not_applicable and not node.guard.strict
    if isinstance(node, _Leaf):
        rule = node.criterion.rule
        na = may_drop and rule is not None and rule.allow_na and slot.integer(0, 4) == 4
        response = _read_response(draw, slot, node, cited, na=na)
    else:  # a node answered as a whole (it could be: not applicable, or a published value)
        response = _stand_in(
            slot, node, cited, na=node.criterion.allow_na and may_drop and (node.maximum == 0 or slot.boolean())
        )
    assert response is not None  # noqa: S101  (always answered)
    return response


def _key(response: Response | None) -> tuple[object, ...]:
    return answer_key(None) if response is None else answer_key(response.value, response.not_applicable)


def _adjustments(
    slot: Tape,
    old: Response | None,
    new: Response,
    between: Response | None,
    day: datetime.datetime,
    *,
    author_needed: bool,
) -> list[Adjustment]:
    """
    The adjustments that take *old* to *new* (none when they answer alike), by way of
    *between* where it differs from both: a reason each, an author of their own
    (always, when *author_needed*: the layer has none) or not, and sometimes a time
    (in the morning of *day*, before the layer's lock).
    """
    steps = [old, new] if between is None or _key(between) in (_key(old), _key(new)) else [old, between, new]
    reason, author = slot.choice(_REASONS), slot.choice(_ADJUSTERS) or ("inspection team" if author_needed else "")
    time = slot.choice(_TIMES)
    at = None if time is None else day.replace(hour=time[0], tzinfo=time[1])
    return [
        Adjustment(
            new.criterion,
            old=None if before is None else before.value,
            new=after.value,
            reason=reason,
            old_not_applicable=before is not None and before.not_applicable,
            new_not_applicable=after.not_applicable,
            author=author,
            at=at,
        )
        for before, after in itertools.pairwise(steps)
        if after is not None and _key(before) != _key(after)
    ]


def _read_all(draw: st.DrawFn, tape: Tape, plan: _Plan, cited: Sequence[str], *, part: bool | None) -> list[Response]:
    out: list[Response] = []
    for node in plan.criteria:
        out += _answers(draw, tape, plan, node, cited, part=part)
    return out


def _survey_answers(
    draw: st.DrawFn, plan: _Plan, answers: bytes, words: Sequence[str], cited: Sequence[str]
) -> list[Response]:
    """The answers to the survey-scored criteria, from their bytes of *answers* (as a plain assessment's)."""
    out: list[Response] = []
    for at, node in plan.surveyed:
        out += _answers(draw, Tape(answers[at : at + _size(node)], words), plan, node, cited, part=True)
    return out


def _highest_surveyed(nodes: Sequence[_Leaf | _Inner], at: int = 0) -> list[tuple[int, _Leaf | _Inner]]:
    """The highest survey-scored nodes among *nodes* and below, each with where its bytes start (*nodes* at *at*)."""
    out: list[tuple[int, _Leaf | _Inner]] = []
    for node in nodes:
        if node.survey:
            out.append((at, node))
        elif isinstance(node, _Inner) and node.mixed:
            out += _highest_surveyed(node.children, at + _INNER_BYTES)
        at += _size(node)
    return out


def _changes(
    draw: st.DrawFn,
    plan: _Plan,
    slot: Tape,
    pool: Tape,
    *,
    between: Tape | None,
    targets: Sequence[_Leaf | _Inner],
    effective: Mapping[str, Response],
    cited: Sequence[str],
    day: datetime.datetime,
    author_needed: bool,
) -> tuple[list[Response], list[Adjustment]]:
    """
    Up to :data:`_MOST_CHANGES` of *targets* answered again (each from the next bytes of
    *pool*), and the adjustments that record each change from the *effective* answers;
    with *between*, the first change by way of an answer read from it (two adjustments).
    """
    count = slot.integer(0, _MOST_CHANGES)
    picks = slot.fork(_MOST_CHANGES).distinct(min(count, len(targets)), 0, len(targets) - 1)
    own: list[Response] = []
    adjusted: list[Adjustment] = []
    for index in picks:
        node, change = targets[index], pool.fork(_CHANGE_BYTES)
        new = _answer_again(draw, change.fork(_LEAF_BYTES), plan, node, cited)
        other = None if between is None else _answer_again(draw, between, plan, node, cited)
        between = None
        adjusted += _adjustments(change, effective.get(node.criterion.id), new, other, day, author_needed=author_needed)
        own.append(new)
    return own, adjusted


def _layers(draw: st.DrawFn, plan: _Plan, tape: Tape, *, answers: bytes, cited: Sequence[str]) -> list[Layer]:
    """
    The layers: the framework's first (always), some of the later ones, in its order,
    each read from its own bytes of *tape*. The first layer that is not the survey
    layer gives the first answers (those a plain assessment would give, read from
    *answers*); the survey layer answers the survey-scored criteria (from the same
    bytes); each other layer answers a few criteria again. Sometimes the first few
    layers are locked, in order.
    """
    head = tape.fork(_LAYERS_BYTES)
    slots = {name: tape.fork(_LAYER_BYTES) for name in plan.layers}
    pool, between = tape.fork(_CHANGES * _CHANGE_BYTES), tape.fork(_LEAF_BYTES)
    wanted = {plan.layers[0], *head.subset(plan.layers[1:]), *plan.must}
    chosen = [name for name in plan.layers if name in wanted]
    locked = head.integer(1, len(chosen)) if head.odds(1, 4) else 0
    zone, chain = head.choice(_ZONES), head.odds(1, 3)
    effective: dict[str, Response] = {}
    targets: list[_Leaf | _Inner] = []
    out: list[Layer] = []
    for k, name in enumerate(chosen):
        slot, day = slots[name], _FIRST_DAY + datetime.timedelta(days=7 * k)
        author, note = slot.choice(_LAYER_AUTHORS), slot.choice(_LAYER_NOTES)
        adjusted: list[Adjustment] = []
        if name == SURVEY_LAYER:  # first answers, not changes
            own = _survey_answers(draw, plan, answers, tape.words, cited)
        elif name == plan.base:  # first answers, and changes from "no answer" after a survey layer
            own = _read_all(draw, Tape(answers, tape.words), plan, cited, part=False)
            for response in own if k else ():
                adjusted += _adjustments(slot, None, response, None, day, author_needed=not author)
            targets = _targets(plan.criteria, {r.criterion: r for r in own})
        else:
            own, adjusted = _changes(
                draw,
                plan,
                slot,
                pool,
                between=between if chain else None,
                targets=targets,
                effective=effective,
                cited=cited,
                day=day,
                author_needed=not author,
            )
            chain = chain and not own
        layer = Layer(name, own, adjusted, author=author, note=note)
        if k < locked:
            layer = layer.locked_by(slot.choice(_LOCKERS), day.replace(hour=17, tzinfo=zone))
        out.append(layer)
        effective.update((r.criterion, r) for r in own)
    return out


@st.composite
def _assessment(draw: st.DrawFn, plan: _Plan) -> Assessment:
    fw = plan.framework
    tape = draw(tapes(size=plan.tape_bytes))
    text = draw(_WORDS)
    subject = Subject(
        id=read_identifier(tape.fork(_ID_BYTES)), name=label_of(text, fw.languages), kind=tape.choice(_KINDS)
    )
    period, title = tape.choice(_PERIODS), tape.choice(_TITLES)
    evidence_count = tape.integer(0, plan.max_evidence)
    finding_count = tape.integer(0, plan.max_findings)
    found = [read_evidence(tape.fork(EVIDENCE_BYTES), f"E{i + 1}", text) for i in range(evidence_count)]
    tape.fork(EVIDENCE_BYTES * (plan.max_evidence - evidence_count))
    cited = [e.id for e in found]
    notes = [
        read_finding(tape.fork(_FINDING_BYTES), f"F{i + 1}", text, criteria=plan.ids, evidence=cited,
                     languages=fw.languages, max_recommendations=_RECOMMENDATIONS)
        for i in range(finding_count)
    ]  # fmt: skip
    tape.fork(_FINDING_BYTES * (plan.max_findings - finding_count))
    answers: list[Response] = []
    layers: list[Layer] = []
    if plan.layered:
        layered = tape.fork(plan.layer_bytes)
        layers = _layers(draw, plan, layered, answers=tape.take(plan.answer_bytes), cited=cited)
    else:
        answers = _read_all(draw, tape, plan, cited, part=None)
    return Assessment(
        framework=FrameworkRef(fw.id, fw.version),
        subject=subject,
        period=period,
        responses=answers,
        evidence=found,
        findings=notes,
        title=title,
        layers=layers,
    )


def _layer_plan(
    framework: Framework, guards: Mapping[str, Guard], surveyed: frozenset[str], complete: bool
) -> dict[str, object]:
    """
    What every layered assessment of *framework* has: the layer of the first answers, and
    the survey layer when it must answer. Refuses a framework whose layered assessments
    could not be scored at some layer: a criterion under an aggregation that refuses 0
    has no answer there (a survey-scored one before the survey layer, the others in a
    survey layer that comes first).
    """
    layers = framework.layers
    base = next((name for name in layers if name != SURVEY_LAYER), None)
    if base is None:
        raise InvalidArgument(
            f"framework {framework.id!r} has only the {SURVEY_LAYER!r} layer: no layer answers the rest"
        )
    survey_first = layers[0] == SURVEY_LAYER
    for leaf in framework.leaves():
        if guards[leaf.id].guarded and (leaf.id in surveyed) != survey_first:
            where = f"the {SURVEY_LAYER!r} layer" if survey_first else f"layer {layers[0]!r}"
            raise InvalidArgument(
                f"criterion {leaf.id!r} of framework {framework.id!r} sits under an aggregation that refuses 0,"
                f" but has no answer in {where}, so a layered assessment cannot be scored there"
            )
    must = {base}
    if complete and surveyed and SURVEY_LAYER in layers:
        must.add(SURVEY_LAYER)
    return {"layered": True, "layers": layers, "must": frozenset(must), "base": base}


def _make_plan(framework: Framework, layers: bool, **options: object) -> _Plan:
    guards = _guards(framework)
    surveyed = survey_scored(framework) if layers else frozenset()
    nodes = tuple(_planned(framework, c, guards, surveyed) for c in framework.criteria)
    layered: dict[str, object] = {}
    if layers:
        layered = _layer_plan(framework, guards, surveyed, bool(options["complete"]))
        layered["surveyed"] = tuple(_highest_surveyed(nodes))
    return _Plan(framework, nodes, tuple(c.id for c in framework.walk()), **options, **layered)  # type: ignore[arg-type]


_PLANS: dict[tuple[object, ...], tuple[Framework, st.SearchStrategy[Assessment]]] = {}
_KEPT_PLANS = 64


def assessments(
    framework: Framework,
    *,
    complete: bool = False,
    not_applicable: bool = True,
    stand_ins: bool = True,
    max_evidence: int = 2,
    max_findings: int = 1,
    layers: bool = False,
) -> st.SearchStrategy[Assessment]:
    """
    Assessments of *framework*: a valid value for each leaf, or "not
    applicable" where allowed (unless *not_applicable* is false), or no
    response at all (unless *complete*); with *stand_ins*, sometimes a
    published value or "not applicable" for a whole inner node instead of its
    leaves. Up to *max_evidence* pieces of evidence (``E1``, ``E2``, ...)
    that responses and findings cite, and up to *max_findings* findings.

    Under an aggregation that refuses 0 (a geometric mean), leaves get values
    that earn points, or "not applicable" where that drops them (not where a
    node above counts "not applicable" as 0), and they are always answered.

    With *layers*, every assessment is layered (see :class:`~parlib.assessment.Layer`):
    the framework's first layer and some of its later ones, in its order. The first
    that is not the survey layer answers the criteria that are not survey-scored (as
    above), the survey layer the survey-scored ones (and nothing else), and every
    other layer answers a few criteria again, with an
    :class:`~parlib.assessment.Adjustment` and its reason for each change (sometimes
    two, one after the other), or keeps the answer with a new response. The first
    few layers are sometimes locked. Every layer scores, and *complete* holds at the
    last (the survey layer is always there when a criterion is survey-scored). A
    framework whose layered assessments could not score at some layer (a criterion
    under an aggregation that refuses 0 that has no answer before the survey layer)
    is refused. Shrinks to one layer, the framework's first.

    The answers to every leaf come from one draw (see :mod:`parlib.testing.tape`),
    and the plan for a framework is worked out once per framework object.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> from parlib import examples
    >>> a = find(assessments(examples.framework(), complete=True, stand_ins=False), lambda a: True)
    >>> len(a.responses) == sum(1 for _ in examples.framework().leaves())
    True
    >>> inspection = find(assessments(examples.framework(), layers=True), lambda a: len(a.layers) > 2)
    >>> inspection.layer_names[0], all(adj.reason for layer in inspection.layers for adj in layer.adjustments)
    ('self', True)
    """
    if not isinstance(framework, Framework):
        raise InvalidArgument(f"framework must be a Framework, got {framework!r}")
    check_size("evidence", 0, max_evidence)
    check_size("findings", 0, max_findings)
    check_flag("layers", layers)
    key = (id(framework), complete, not_applicable, stand_ins, max_evidence, max_findings, layers)
    kept = _PLANS.get(key)
    if kept is not None and kept[0] is framework:
        return kept[1]
    plan = _make_plan(
        framework,
        layers,
        complete=complete,
        not_applicable=not_applicable,
        stand_ins=stand_ins,
        max_evidence=max_evidence,
        max_findings=max_findings,
    )
    strategy = _assessment(plan)
    if len(_PLANS) >= _KEPT_PLANS:
        del _PLANS[next(iter(_PLANS))]
    _PLANS[key] = (framework, strategy)  # the framework is kept too, so that its id is not reused meanwhile
    return strategy
