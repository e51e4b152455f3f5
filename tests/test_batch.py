"""
Batch scoring: ``score_many`` equals scoring one by one, node by node, for the bundled
examples and for generated frameworks and assessments (including the ones that fall back to
the general engine: published values, N/A on inner nodes, layers, and errors, which must be
the same exception with the same message).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import ClassVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import Assessment, Criterion, Framework, FrameworkRef, Response, Subject, examples, score
from parlib.aggregation import Combined, Part
from parlib.batch import CHUNK, BatchScore, Plan, compile_plan, score_many
from parlib.errors import ParlibError
from parlib.scorecard import ScoreCard

# ---------------------------------------------------------------------------------------------
# the comparison


def expected(fw: Framework, a: Assessment) -> ScoreCard | ParlibError:
    try:
        return score(fw, a)
    except ParlibError as exc:
        return exc


def assert_same(result: BatchScore, card: ScoreCard) -> None:
    """The batch result has the card's numbers on every node, and the same card."""
    for node in (card.total, *card.nodes()):
        assert result.points(node.id) == node.points, node.id
        assert result.applicable_maximum(node.id) == node.applicable_maximum, node.id
        assert result.index(node.id) == node.index, node.id
    assert result.total_points == card.total.points
    assert (result.bonus, result.penalty) == (card.bonus, card.penalty)
    assert (result.final_points, result.final_index) == (card.final_points, card.final_index)
    assert result.band == card.band
    assert result.card() == card


def check_batch(framework: Framework | Plan, assessments: Sequence[Assessment], chunk_size: int = CHUNK) -> None:
    """Score *assessments* in one batch (restarting after each expected error) and compare."""
    fw = framework.framework if isinstance(framework, Plan) else framework
    wanted = [expected(fw, a) for a in assessments]
    start = 0
    while start < len(assessments):
        results = score_many(framework, assessments[start:], chunk_size=chunk_size)
        for i in range(start, len(assessments)):
            want = wanted[i]
            if isinstance(want, ParlibError):
                with pytest.raises(type(want)) as info:
                    next(results)
                assert str(info.value) == str(want)
                start = i + 1
                break
            assert_same(next(results), want)
        else:
            assert next(results, None) is None
            return


# ---------------------------------------------------------------------------------------------
# the bundled examples


def bundled() -> list[tuple[str, Framework, Assessment]]:
    names = sorted(p.stem for p in Path(str(examples.path())).parent.glob("*.toml"))
    out = []
    for name in names:
        out.append((name, examples.framework(name), examples.assessment(name)))
        out.append((f"{name} (layers)", examples.framework(name), examples.inspection(name)))
    return out


@pytest.mark.parametrize(("name", "fw", "a"), bundled(), ids=[b[0] for b in bundled()])
def test_bundled_examples_score_the_same_in_a_batch(name: str, fw: Framework, a: Assessment) -> None:
    assert len(bundled()) >= 4
    check_batch(fw, [a])
    check_batch(compile_plan(fw), [a, a, a])


def test_a_batch_of_varied_assessments_of_the_bundled_example() -> None:
    fw, a = examples.framework(), examples.assessment()
    variants = []
    for leaf in list(fw.leaves())[:12]:
        without = [r for r in a.responses if r.criterion != leaf.id]
        variants.append(attrs.evolve(a, responses=without))
        if leaf.rule is not None and leaf.rule.allow_na:
            variants.append(attrs.evolve(a, responses=[*without, Response(leaf.id, not_applicable=True)]))
    check_batch(fw, variants)


def test_results_come_in_input_order_lazily() -> None:
    fw, a = examples.framework(), examples.assessment()
    bad = attrs.evolve(a, responses=[*a.responses[1:], Response("no-such", True)])
    results = score_many(fw, iter([a, a, bad, a]))
    assert next(results).total_points == next(results).total_points == score(fw, a).total.points
    with pytest.raises(ParlibError, match="criterion 'no-such' is not in framework"):
        next(results)


def test_a_plan_is_compiled_once_and_reused() -> None:
    fw = examples.framework("caf-2020-example")
    plan = compile_plan(fw)
    assert plan.framework is fw
    assert len(plan.leaves) == 28
    assert len(plan.inner) == 10  # nine criteria and the total
    assert {leaf.id for leaf in plan.leaves} == {c.id for c in fw.leaves()}
    a = examples.assessment("caf-2020-example")
    [r1] = score_many(plan, [a])
    [r2] = score_many(fw, [a])
    assert [r1.points(i) for i in plan.slots] == [r2.points(i) for i in plan.slots]
    assert [r1.applicable_maximum(i) for i in plan.slots] == [r2.applicable_maximum(i) for i in plan.slots]


# ---------------------------------------------------------------------------------------------
# generated frameworks and assessments

SIGMA = [{"gte": 0, "points": 0}, {"gte": 5, "points": 2}, {"gte": 10, "points": 5}]

Values = Callable[[Fraction], list[object]]
RULE_KINDS: dict[str, tuple[dict[str, object], Values, Values]] = {
    # kind: (rule table, valid values for a maximum, invalid values for a maximum)
    "boolean": ({"type": "boolean"}, lambda m: [True, False], lambda m: [Fraction(1), Fraction(0), "yes"]),
    "manual": ({"type": "manual"}, lambda m: [Fraction(0), m / 2, m, m / 3], lambda m: [True, m + 1, "x"]),
    "severity": ({"type": "severity"}, lambda m: ["full", "minor", "serious"], lambda m: ["fatal", Fraction(1)]),
    "panel": (
        {"type": "panel"},
        lambda m: [Fraction(n) for n in (0, 10, 11, 50, 91, 100)],
        lambda m: [Fraction(101, 2), True],
    ),
    "table": ({"type": "table", "rows": SIGMA}, lambda m: [Fraction(n) for n in (0, 4, 5, 12)], lambda m: [-m]),
    "count": (
        {"type": "count", "per_item": "0.5"},
        lambda m: [Fraction(n) for n in (0, 1, 3, 40)],
        lambda m: [Fraction(1, 2)],
    ),
}
AGGREGATIONS: list[object] = [
    None,
    "additive",
    "weighted-mean",
    "geometric-mean",
    "harmonic-mean",
    "minimum",
    {"type": "power-mean", "p": 2},
    {"type": "power-mean", "p": -1},
    {"type": "power-mean", "p": "0.5"},
]
WEIGHTS = st.sampled_from([None, None, Fraction(0), Fraction(1), Fraction(2), Fraction(1, 3)])
SHARES = st.sampled_from([None, None, Fraction(0), Fraction(1, 2), Fraction(1)])
POLICIES = st.sampled_from([None, None, "exclude", "zero"])
MAXIMA = st.sampled_from([Fraction(1), Fraction(2), Fraction(5, 2), Fraction(10), Fraction(100)])


@st.composite
def criteria(draw: st.DrawFn, cid: str, depth: int) -> Criterion:
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        kind = draw(st.sampled_from(sorted(RULE_KINDS)))
        rule = {**RULE_KINDS[kind][0], "allow_na": draw(st.booleans())}
        return Criterion(id=cid, label={"en": cid}, max=draw(MAXIMA), rule=rule, weight=draw(WEIGHTS))
    children = [draw(criteria(f"{cid}.{i}", depth - 1)) for i in range(1, draw(st.integers(1, 3)) + 1)]
    aggregation = draw(st.sampled_from(AGGREGATIONS))
    additive = aggregation is None or aggregation == "additive"
    return Criterion(
        id=cid,
        label={"en": cid},
        children=children,
        weight=draw(WEIGHTS),
        aggregation=aggregation,
        na_policy=draw(POLICIES),
        na_min_share=draw(SHARES),
        allow_na=draw(st.booleans()),
        max=None if additive else draw(st.sampled_from([None, Fraction(10)])),
    )


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    tops = [draw(criteria(str(i), 2)) for i in range(1, draw(st.integers(1, 3)) + 1)]
    aggregation = draw(st.sampled_from([a for a in AGGREGATIONS if a is not None]))
    if aggregation == "additive" and draw(st.booleans()):
        tops.append(Criterion(id="bonus", label={"en": "b"}, role="bonus", max=2, rule={"type": "manual"}))
        tops.append(
            Criterion(id="penalty", label={"en": "p"}, role="penalty", max=3, rule={"type": "count", "per_item": 1})
        )
    return Framework(
        id="gen",
        version="1",
        title={"en": "Generated"},
        languages=["en"],
        criteria=tops,
        aggregation=aggregation,
        na_policy=draw(st.sampled_from(["exclude", "zero"])),
        na_min_share=draw(SHARES),
        bands=[{"label": "A", "gte": 80}, {"label": "B", "gte": 50}, {"label": "C", "gte": 0}],
    )


def kind_of(crit: Criterion) -> str:
    assert crit.rule is not None
    return next(k for k, (table, _, _) in RULE_KINDS.items() if table["type"] == crit.rule.type)


@st.composite
def assessments(draw: st.DrawFn, fw: Framework, *, errors: bool) -> Assessment:
    responses: list[Response] = []

    def visit(node: Criterion) -> None:
        if not node.is_leaf:
            choice = draw(st.integers(0, 12))
            if choice == 0 and node.allow_na:
                responses.append(Response(node.id, not_applicable=True))
                return
            if choice == 1:
                top = fw.maximum_of(node)
                responses.append(Response(node.id, draw(st.sampled_from([Fraction(0), top / 3, top]))))
                return
            if choice == 2 and errors:
                responses.append(Response(node.id, fw.maximum_of(node) + 1))
            for child in node.children:
                visit(child)
            return
        assert node.max is not None
        assert node.rule is not None
        _, valid, invalid = RULE_KINDS[kind_of(node)]
        choice = draw(st.integers(0, 9))
        if choice == 0:
            return  # missing
        if choice == 1 and node.rule.allow_na:
            responses.append(Response(node.id, not_applicable=True))
        elif choice == 2 and errors:
            responses.append(Response(node.id, draw(st.sampled_from(invalid(node.max)))))  # type: ignore[arg-type]
        else:
            responses.append(Response(node.id, draw(st.sampled_from(valid(node.max)))))  # type: ignore[arg-type]

    for top in fw.criteria:
        visit(top)
    if errors and draw(st.integers(0, 9)) == 0:
        responses.append(Response("not-in-the-framework", True))
    draw(st.randoms()).shuffle(responses)
    return Assessment(
        framework=FrameworkRef("gen", "1"), subject=Subject("u", {"en": "U"}), period="p", responses=responses
    )


@given(st.data())
def test_generated_batches_score_the_same_as_one_by_one(data: st.DataObject) -> None:
    fw = data.draw(frameworks())
    batch = data.draw(st.lists(assessments(fw, errors=data.draw(st.booleans())), min_size=1, max_size=6))
    check_batch(fw, batch)


@given(st.data())
def test_generated_batches_without_errors(data: st.DataObject) -> None:
    fw = data.draw(frameworks())
    batch = data.draw(st.lists(assessments(fw, errors=False), min_size=1, max_size=6))
    good = [a for a in batch if not isinstance(expected(fw, a), ParlibError)]
    results = list(score_many(fw, good))
    assert len(results) == len(good)
    for result, a in zip(results, good, strict=True):
        assert_same(result, score(fw, a))


def test_a_value_that_equals_an_earlier_one_of_another_type_is_not_reused() -> None:
    """True == Fraction(1) as a key; a batch must still refuse 1 for a yes/no criterion."""
    fw = Framework(
        id="gen",
        version="1",
        title={"en": "G"},
        languages=["en"],
        criteria=[
            Criterion(id="yes", label={"en": "y"}, max=1, rule={"type": "boolean"}),
            Criterion(id="pts", label={"en": "p"}, max=1, rule={"type": "manual"}),
        ],
    )

    def a(yes: object, pts: object) -> Assessment:
        responses = [Response("yes", yes), Response("pts", pts)]  # type: ignore[arg-type]
        return Assessment(
            framework=FrameworkRef("gen", "1"), subject=Subject("u", {"en": "U"}), period="p", responses=responses
        )

    check_batch(fw, [a(True, Fraction(1)), a(Fraction(1), True), a(False, Fraction(0)), a(Fraction(0), False)])


@attrs.frozen
class AllOrNothing:
    """Additive (maxima add up) but not a plain sum of points: full marks or nothing."""

    type: ClassVar[str] = "all-or-nothing"
    additive: ClassVar[bool] = True

    def check(self) -> list[object]:
        return []

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        top = sum((p.applicable_maximum for p in parts), Fraction(0))
        full = all(p.points == p.applicable_maximum for p in parts)
        return Combined(top if full else Fraction(0), top, "all or nothing")


def test_an_additive_aggregation_that_is_not_a_sum_is_not_summed() -> None:
    leaves = [Criterion(id=c, label={"en": c}, max=1, rule={"type": "manual"}) for c in "abc"]
    fw = Framework(
        id="gen", version="1", title={"en": "G"}, languages=["en"], criteria=leaves, aggregation=AllOrNothing()
    )

    def a(*values: int) -> Assessment:
        responses = [Response(c, v) for c, v in zip("abc", values, strict=True)]
        return Assessment(
            framework=FrameworkRef("gen", "1"), subject=Subject("u", {"en": "U"}), period="p", responses=responses
        )

    assert score(fw, a(1, 1, 0)).total.points == 0
    check_batch(fw, [a(1, 1, 0), a(1, 1, 1), a(0, 0, 0)])


try:  # the library's own strategies, once parlib.testing provides them
    from parlib.testing import assessments as toolkit_assessments
    from parlib.testing import frameworks as toolkit_frameworks
except ImportError:  # pragma: no cover
    toolkit_frameworks = toolkit_assessments = None


@pytest.mark.skipif(toolkit_frameworks is None, reason="parlib.testing has no frameworks/assessments strategies yet")
@given(st.data())
def test_toolkit_frameworks_score_the_same_in_a_batch(data: st.DataObject) -> None:
    assert toolkit_frameworks is not None
    assert toolkit_assessments is not None
    fw = data.draw(toolkit_frameworks())
    batch = data.draw(st.lists(toolkit_assessments(fw), min_size=1, max_size=4))
    check_batch(fw, batch)


# ---------------------------------------------------------------------------------------------
# chunks, and what a plan learns between them


@given(st.data())
def test_chunks_of_any_size_and_a_reused_plan_score_the_same(data: st.DataObject) -> None:
    """Chunk boundaries anywhere, and a plan that remembers values from earlier batches."""
    fw = data.draw(frameworks())
    plan = compile_plan(fw)
    for _ in range(2):
        batch = data.draw(st.lists(assessments(fw, errors=data.draw(st.booleans())), min_size=1, max_size=12))
        check_batch(plan, batch, chunk_size=data.draw(st.integers(1, 5)))


def test_a_value_of_another_type_in_a_later_chunk_is_not_reused() -> None:
    """Chunks key values by type: True in one chunk, 1 in the next, must not share an answer."""
    fw = Framework(
        id="gen",
        version="1",
        title={"en": "G"},
        languages=["en"],
        criteria=[Criterion(id="x", label={"en": "x"}, max=1, rule={"type": "manual", "allow_na": True})],
    )

    def a(value: object) -> Assessment:
        responses = [Response("x", not_applicable=True) if value is None else Response("x", value)]  # type: ignore[arg-type]
        return Assessment(
            framework=FrameworkRef("gen", "1"), subject=Subject("u", {"en": "U"}), period="p", responses=responses
        )

    plan = compile_plan(fw)
    assert [r.total_points for r in score_many(plan, [a(Fraction(1)), a(Fraction(0))], chunk_size=1)] == [1, 0]
    with pytest.raises(ParlibError, match="expected a number"):
        list(score_many(plan, [a(True)], chunk_size=1))
    assert [r.applicable_maximum() for r in score_many(plan, [a(None), a(Fraction(1))])] == [0, 1]


def test_a_large_batch_with_distinct_values_and_huge_denominators() -> None:
    """Thousands of rows: leaves that stop remembering values, denominators that grow past the
    common-denominator limit, N/A, missing answers and rejected values, all as one by one."""
    import random

    primes = [p for p in range(3, 3000) if all(p % q for q in range(2, int(p**0.5) + 1))]
    leaves = [
        Criterion(
            id="likert", label={"en": "l"}, max=3, rule={"type": "likert", "weights": {"A": 100, "B": 55, "C": 0}}
        ),
        Criterion(id="manual", label={"en": "m"}, max=2, rule={"type": "manual", "allow_na": True}),
        Criterion(id="tiny", label={"en": "t"}, max=1, rule={"type": "manual"}),
        Criterion(id="yes", label={"en": "y"}, max=1, rule={"type": "boolean"}),
        Criterion(id="count", label={"en": "c"}, max=1, rule={"type": "count", "per_item": "0.3"}),
    ]
    fw = Framework(
        id="gen",
        version="1",
        title={"en": "G"},
        languages=["en"],
        criteria=[
            Criterion(id="1", label={"en": "1"}, children=leaves[:3]),
            Criterion(id="2", label={"en": "2"}, children=leaves[3:], aggregation="weighted-mean", max=10),
        ],
    )
    rng = random.Random(11)  # noqa: S311  (test data, not secrets)

    def one(u: int) -> Assessment:
        responses = [
            Response("likert", {k: rng.randint(0, 40) for k in "ABC"}),
            Response("manual", not_applicable=True)
            if rng.random() < 0.1
            else Response("manual", Fraction(rng.randint(0, 2000), rng.randint(1000, 2000))),
            Response("tiny", Fraction(1, rng.choice(primes))),
            Response("yes", rng.random() < 0.5 if rng.random() < 0.998 else Fraction(1)),
        ]
        if rng.random() < 0.9:
            responses.append(Response("count", rng.randint(0, 4)))
        return Assessment(
            framework=FrameworkRef("gen", "1"), subject=Subject(f"u{u}", {"en": "U"}), period="p", responses=responses
        )

    batch = [one(u) for u in range(2600)]
    plan = compile_plan(fw)
    check_batch(plan, batch)
    likert, manual, tiny, yes, count = plan.leaves
    assert not likert.memoise  # every value new: it never started remembering
    assert not manual.memoise
    assert not tiny.memoise
    assert yes.memoise  # few distinct values: remembered
    assert count.memoise
    assert min(yes.lookups, count.lookups) >= len(batch)
