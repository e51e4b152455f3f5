"""
Strategies for answers: :func:`responses` to one criterion and whole :func:`assessments`
of a framework.

Values are valid for each rule, "not applicable" appears only where the
rule (or an inner node's ``allow_na``) allows it, every cited evidence id
exists, and findings cite criteria of the framework. Leaves under an
aggregation that refuses 0 (a geometric mean) get values that earn points,
or are not applicable where that drops them.

Requires the hypothesis package.

>>> from hypothesis import given
>>> from parlib import examples, score
>>> @given(assessments(examples.framework()))
... def test(assessment):
...     assert 0 <= score(examples.framework(), assessment).total.points <= 100
>>> test()
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from parlib.assessment import Assessment, FrameworkRef, Response, Subject
from parlib.framework import Criterion, Framework
from parlib.testing.records import evidence, findings
from parlib.testing.rulekit import positive_values, values_for
from parlib.testing.trees import refuses_zero
from parlib.testing.words import check_size, identifiers, labels

__all__ = ["assessments", "guarded_criteria", "responses", "subjects"]

_NOTES = st.sampled_from(  # (explanation, author) in one draw
    [("", ""), ("", "self-assessment"), ("see the evidence", "inspection team"), ("xem hồ sơ\t[E1]", "")]
)
_EVIDENCE = evidence()


def subjects(*, languages: Sequence[str] = ("vi", "en")) -> st.SearchStrategy[Subject]:
    """
    Assessed units: an id, a name in *languages* and a kind.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(subjects(), lambda s: True).kind
    'department'
    """
    return st.builds(
        Subject,
        id=identifiers(),
        name=labels(languages=languages),
        kind=st.sampled_from(["department", "district", "commune", ""]),
    )


def _evidence_ids(draw: st.DrawFn, cited: Sequence[str]) -> tuple[str, ...]:
    """Some of the *cited* ids, chosen by the bits of one draw (shrinks to none)."""
    if not cited:
        return ()
    bits = draw(st.integers(0, 2 ** min(len(cited), 8) - 1))
    return tuple(e for i, e in enumerate(cited[:8]) if bits >> i & 1)


def _response(draw: st.DrawFn, criterion: Criterion, cited: Sequence[str], *, na: bool, positive: bool) -> Response:
    """A response to a leaf: "not applicable" when *na*, else a value (one that earns points when *positive*)."""
    assert criterion.rule is not None  # noqa: S101  (leaves only)
    assert criterion.max is not None  # noqa: S101
    value = None
    explanation, author = draw(_NOTES)
    if not na:
        earning = positive_values(criterion.rule, criterion.max) if positive else None
        value = draw(earning if earning is not None else values_for(criterion))
    return Response(
        criterion=criterion.id,
        value=value,
        not_applicable=na,
        evidence=_evidence_ids(draw, cited),
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
    return _responses(criterion, cited, not_applicable)


@st.composite
def _responses(draw: st.DrawFn, criterion: Criterion, cited: tuple[str, ...], not_applicable: bool) -> Response:
    allowed = not_applicable and criterion.rule is not None and criterion.rule.allow_na
    return _response(draw, criterion, cited, na=allowed and draw(st.integers(0, 4)) == 0, positive=False)


def guarded_criteria(framework: Framework) -> frozenset[str]:
    """
    Ids of the criteria whose parent's aggregation (or any ancestor's) refuses a
    child at 0: these must earn points or drop out as not applicable.

    Requires the hypothesis package.

    >>> from parlib import examples
    >>> guarded_criteria(examples.framework())
    frozenset()
    """
    out: set[str] = set()

    def visit(node: Criterion, guarded: bool) -> None:
        if guarded:
            out.add(node.id)
        below = guarded or refuses_zero(framework.aggregation_of(node))
        for child in node.children:
            visit(child, below)

    top = refuses_zero(framework.aggregation)
    for criterion in framework.criteria:
        visit(criterion, top)
    return frozenset(out)


def _parent_policy(framework: Framework, criterion_id: str) -> str:
    """The not-applicable policy of the node that combines *criterion_id*."""
    parent = framework.parent_of(criterion_id)
    own = None if parent is None else framework.criterion(parent).na_policy
    return own or framework.na_policy


@attrs.frozen(repr=False)
class _Plan:
    framework: Framework
    guarded: frozenset[str]
    strict: frozenset[str]
    complete: bool
    not_applicable: bool
    stand_ins: bool

    def __repr__(self) -> str:  # shown in Hypothesis' reports: keep it short
        return f"<assessments of {self.framework.id!r}>"


def _answers(draw: st.DrawFn, plan: _Plan, node: Criterion, cited: Sequence[str], out: list[Response]) -> None:
    """Answer *node*'s leaves (or stand in for the node as a whole) into *out*."""
    guarded = node.id in plan.guarded
    may_drop = plan.not_applicable and node.id not in plan.strict
    if node.is_leaf:
        choice = draw(st.integers(0, 5))
        if choice == 5 and not plan.complete and not guarded:
            return  # no response: the leaf scores 0
        na = may_drop and choice == 4 and node.rule is not None and node.rule.allow_na
        out.append(_response(draw, node, cited, na=na, positive=guarded and not na))
        return
    if plan.stand_ins and draw(st.integers(0, 9)) == 0:
        maximum = plan.framework.maximum_of(node)
        if node.allow_na and may_drop and draw(st.booleans()):
            out.append(Response(node.id, not_applicable=True, evidence=_evidence_ids(draw, cited)))
            return
        low = 1 if guarded else 0
        if maximum > 0:
            value = maximum * draw(st.integers(low, 20)) / 20
            out.append(Response(node.id, value, evidence=_evidence_ids(draw, cited), explanation="published"))
            return
    for child in node.children:
        _answers(draw, plan, child, cited, out)


@st.composite
def _assessment(draw: st.DrawFn, plan: _Plan, max_evidence: int, max_findings: int) -> Assessment:
    fw = plan.framework
    count = draw(st.integers(0, max_evidence))
    found = [attrs.evolve(draw(_EVIDENCE), id=f"E{i + 1}") for i in range(count)]
    cited = [e.id for e in found]
    answers: list[Response] = []
    for criterion in fw.criteria:
        _answers(draw, plan, criterion, cited, answers)
    cite = findings(criteria=[c.id for c in fw.walk()], evidence=cited, languages=fw.languages)
    notes = [attrs.evolve(draw(cite), id=f"F{i + 1}") for i in range(draw(st.integers(0, max_findings)))]
    return Assessment(
        framework=FrameworkRef(fw.id, fw.version),
        subject=draw(subjects(languages=fw.languages)),
        period=draw(st.sampled_from(["2018", "2019", "2018-Q4"])),
        responses=answers,
        evidence=found,
        findings=notes,
        title=draw(st.sampled_from(["", "Self-assessment"])),
    )


def assessments(
    framework: Framework,
    *,
    complete: bool = False,
    not_applicable: bool = True,
    stand_ins: bool = True,
    max_evidence: int = 2,
    max_findings: int = 1,
) -> st.SearchStrategy[Assessment]:
    """
    Assessments of *framework*: a valid value for each leaf, or "not
    applicable" where allowed (unless *not_applicable* is false), or no
    response at all (unless *complete*); with *stand_ins*, sometimes a
    published value or "not applicable" for a whole inner node instead of its
    leaves. Up to *max_evidence* pieces of evidence (``E1``, ``E2``, ...)
    that responses and findings cite, and up to *max_findings* findings.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> from parlib import examples
    >>> a = find(assessments(examples.framework(), complete=True, stand_ins=False), lambda a: True)
    >>> len(a.responses) == sum(1 for _ in examples.framework().leaves())
    True
    """
    if not isinstance(framework, Framework):
        raise InvalidArgument(f"framework must be a Framework, got {framework!r}")
    check_size("evidence", 0, max_evidence)
    check_size("findings", 0, max_findings)
    guarded = guarded_criteria(framework)
    strict = frozenset(c for c in guarded if _parent_policy(framework, c) == "zero")
    plan = _Plan(framework, guarded, strict, complete, not_applicable, stand_ins)
    return _assessment(plan, max_evidence, max_findings)
