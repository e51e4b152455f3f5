"""
Second review of batch scoring: adversarial probes that ``score_many`` equals ``parlib.score``
one by one (memo keys across chunks and value types, growing and huge denominators, memo
switched off mid-way, marks, kernels that misbehave, odd nodes, sections, layers, and the
checks ``score`` makes beyond the responses: framework version, findings, layer names).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import ClassVar

import attrs
import pytest

from parlib import Assessment, Criterion, Framework, FrameworkRef, Response, Subject, examples, score
from parlib.assessment import Layer
from parlib.batch import compile_plan, score_many
from parlib.errors import AssessmentError, ParlibError, Problem
from parlib.rules import Likert, Manual
from parlib.rules.base import Outcome
from test_batch import assert_same, check_batch, expected

# ---------------------------------------------------------------------------------------------
# small builders


def framework(*criteria: Criterion, **kw: object) -> Framework:
    return Framework(id="rev", version="1", title={"en": "R"}, languages=["en"], criteria=list(criteria), **kw)  # type: ignore[arg-type]


def leaf(cid: str, rule: object, top: object = 1, **kw: object) -> Criterion:
    return Criterion(id=cid, label={"en": cid}, max=top, rule=rule, **kw)  # type: ignore[arg-type]


def node(cid: str, *children: Criterion, **kw: object) -> Criterion:
    return Criterion(id=cid, label={"en": cid}, children=list(children), **kw)  # type: ignore[arg-type]


def assessment(*responses: Response, version: str = "1", **kw: object) -> Assessment:
    return Assessment(
        framework=FrameworkRef("rev", version),
        subject=Subject("u", {"en": "U"}),
        period="p",
        responses=list(responses),
        **kw,  # type: ignore[arg-type]
    )


def answer(cid: str, value: object) -> Response:
    """A response: ``None`` marks the criterion not applicable."""
    return Response(cid, not_applicable=True) if value is None else Response(cid, value)  # type: ignore[arg-type]


def chunked(plan_or_fw: Framework | object, batch: Sequence[Assessment], sizes: Sequence[int]) -> None:
    """The same batch through one plan at several chunk sizes, each compared with ``score``."""
    plan = compile_plan(plan_or_fw) if isinstance(plan_or_fw, Framework) else plan_or_fw
    for size in sizes:
        check_batch(plan, batch, chunk_size=size)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# what score checks beyond the responses


def test_a_framework_version_the_assessment_does_not_name_is_refused_as_one_by_one() -> None:
    fw, a = examples.framework(), examples.assessment()
    wrong = attrs.evolve(a, framework=FrameworkRef(a.framework.id, "1999"))
    unnamed = attrs.evolve(a, framework=FrameworkRef(a.framework.id))
    check_batch(fw, [a, wrong, unnamed, wrong, a])


def test_a_finding_citing_an_unknown_criterion_is_refused_as_one_by_one() -> None:
    fw, a = examples.framework(), examples.assessment()
    assert a.findings
    bad = attrs.evolve(a, findings=[attrs.evolve(a.findings[0], criteria=("no-such",))])
    inner = attrs.evolve(a, findings=[attrs.evolve(a.findings[0], criteria=("1",))])  # an inner node: fine
    check_batch(fw, [a, bad, inner, a])


def test_layers_the_framework_does_not_define_or_order_are_refused_as_one_by_one() -> None:
    fw, ins = examples.framework(), examples.inspection()
    layers = [attrs.evolve(layer, lock=None) for layer in ins.layers]
    fine = attrs.evolve(ins, layers=layers)
    unknown = attrs.evolve(ins, layers=[*layers[:-1], attrs.evolve(layers[-1], name="closing")])
    order = attrs.evolve(ins, layers=[*layers[:-2], layers[-1], layers[-2]])
    survey = next(c.id for c in fw.leaves() if c.survey)
    value = ins.response(survey)
    assert value is not None
    first = attrs.evolve(layers[0], responses=[*layers[0].responses, value])  # survey-scored, outside the survey
    outside = attrs.evolve(ins, layers=[first, *layers[1:]])
    for bad in (unknown, order, outside):
        assert isinstance(expected(fw, bad), AssessmentError)
    check_batch(fw, [fine, unknown, fine, order, outside, ins])


# ---------------------------------------------------------------------------------------------
# memo keys across value types and chunks


def test_memo_keys_tell_apart_values_of_every_type_across_chunks() -> None:
    """The same leaf sees bools, whole and fractional numbers, words, N/A and no response,
    in chunks that are all of one type (keyed by value) or mixed (keyed by tagged value)."""
    fw = framework(leaf("m", {"type": "manual", "allow_na": True}), leaf("b", {"type": "boolean"}))
    values: list[object] = [
        Fraction(1),
        True,
        Fraction(0),
        False,
        "1",
        "yes",
        Fraction(1, 2),
        None,
        "missing",
        Fraction(2),
        Fraction(1, 1),
    ]

    def a(m: object, b: object) -> Assessment:
        responses = [answer(c, v) for c, v in (("m", m), ("b", b)) if v != "missing"]
        return assessment(*responses)

    batch = [a(m, b) for m in values for b in (True, False, Fraction(1), None, "missing")]
    one_type = [a(v, True) for v in values for _ in range(3)]  # runs of one value: one-type chunks
    plan = compile_plan(fw)
    chunked(plan, one_type + batch + one_type, [1, 2, 3, 7, 64])


def test_tables_with_other_key_orders_other_options_and_fractional_counts() -> None:
    likert = {"type": "likert", "weights": {"A": 100, "B": 50, "C": 0}, "allow_na": True}
    fw = framework(
        leaf("l", likert, 3), leaf("r", {"type": "ratio", "then": {"type": "linear", "low": 0, "high": 100}})
    )
    tables: list[object] = [
        {"A": 1, "B": 2},
        {"B": 2, "A": 1},
        {"A": 2, "B": 1},
        {"A": 1, "C": 2},
        {"A": 1, "B": 2, "C": 0},
        {"A": "1/2", "B": 2},
        {"A": 1, "B": "1/2"},
        {"A": 0, "B": 0},
        {},
        {"A": 1, "E": 1},
        {"A": -1, "B": 2},
        {"numerator": 1, "denominator": 2},
        None,
        Fraction(1),
    ]
    ratios: list[object] = [
        {"numerator": 1, "denominator": 2},
        {"denominator": 2, "numerator": 1},
        {"numerator": 2, "denominator": 1},
        {"numerator": 0, "denominator": 0},
        {"numerator": "1/2", "denominator": 1},
        {"numerator": 1},
        {"A": 1, "B": 2},
    ]
    batch = [assessment(answer("l", t), Response("r", r)) for t in tables for r in ratios]  # type: ignore[arg-type]
    runs = [assessment(answer("l", t), Response("r", ratios[0])) for t in tables for _ in range(4)]  # type: ignore[arg-type]
    chunked(compile_plan(fw), runs + batch + runs, [1, 3, 4, 50])


def test_a_whole_number_column_then_a_mixed_one_then_fractions_through_one_plan() -> None:
    fw = framework(leaf("x", {"type": "bands", "bands": [{"gte": 5, "points": 1}, {"gte": 1, "points": "0.5"}]}))
    plan = compile_plan(fw)
    whole = [assessment(Response("x", n)) for n in (0, 1, 5, 7, 1, 0)]
    mixed = [assessment(Response("x", v)) for v in (1, True, "1", "one", Fraction(1, 2), 5)]  # type: ignore[arg-type]
    fractions = [assessment(Response("x", Fraction(n, 2))) for n in (2, 3, 10, 1)]
    for _ in range(2):
        chunked(plan, whole, [6])
        chunked(plan, mixed, [6])
        chunked(plan, fractions, [4])


# ---------------------------------------------------------------------------------------------
# denominators and the memo's life


def test_the_memo_denominator_grows_mid_chunk_and_across_chunks() -> None:
    """Values repeat (the memo stays on) while each new one brings a new denominator."""
    fw = framework(node("1", leaf("m", {"type": "manual"}, Fraction(7, 3)), leaf("n", {"type": "manual"}, 2)))
    plan = compile_plan(fw)
    dens = [1, 2, 3, 4, 6, 5, 12, 7, 9, 11, 35]
    values = [Fraction(k % 7, d) for d in dens for k in range(3)]
    batch = [assessment(Response("m", v), Response("n", values[-1 - i])) for i, v in enumerate(values)]
    chunked(plan, batch + batch[::-1] + batch, [5, 11, 1000])
    assert plan.leaves[0].memoise


def test_the_memo_switches_off_mid_stream_when_its_denominator_passes_the_limit() -> None:
    """Values repeat (so the first chunk starts remembering) but every value has a new prime
    denominator: the memo's denominator passes 512 bits within a chunk and it switches off;
    that chunk and the next ones score as one by one, N/A included."""
    primes = [p for p in range(3, 1200) if all(p % q for q in range(2, int(p**0.5) + 1))][:150]
    fw = framework(
        node("1", leaf("m", {"type": "manual", "allow_na": True}), leaf("k", {"type": "count", "per_item": "0.25"})),
        leaf("w", {"type": "manual"}, 3),
        aggregation="weighted-mean",
    )
    plan = compile_plan(fw)
    batch = []
    for i, p in enumerate(primes):
        for _ in range(2):  # each value twice: half the values repeat
            m = None if i % 17 == 0 else Fraction(1, p)
            batch.append(assessment(answer("m", m), Response("k", i % 5), Response("w", Fraction(i % 4, p))))
    results = list(score_many(plan, batch, chunk_size=200))
    for result, a in zip(results, batch, strict=True):
        assert_same(result, score(fw, a))
    assert not plan.leaves[0].memoise  # switched off on the denominator
    assert plan.leaves[1].memoise
    chunked(plan, batch[:40], [7])


def test_a_leaf_without_kernel_stops_remembering_past_the_memo_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import parlib.batch as batch_module

    monkeypatch.setattr(batch_module, "_MEMO_LIMIT", 8)
    fw = framework(leaf("b", {"type": "boolean", "allow_na": True}), leaf("c", {"type": "count", "per_item": 1}, 50))
    plan = compile_plan(fw)
    batch = [assessment(answer("b", [True, False, None][i % 3]), Response("c", i % 13)) for i in range(60)]
    batch.insert(30, assessment(Response("b", True), Response("c", Fraction(1, 2))))  # refused, mid-way
    chunked(plan, batch, [6, 25])
    assert not plan.leaves[1].memoise
    assert plan.leaves[0].memoise


def test_many_distinct_values_with_huge_denominators_take_the_per_row_path() -> None:
    primes = [p for p in range(1000, 40000) if all(p % q for q in range(2, int(p**0.5) + 1))]
    rng = random.Random(5)  # noqa: S311  (test data)
    fw = framework(
        node("1", *(leaf(f"m{i}", {"type": "manual"}) for i in range(3))),
        node("2", leaf("a", {"type": "manual"}), leaf("b", {"type": "manual"}), aggregation="minimum", max=10),
        leaf("bonus", {"type": "manual"}, 2, role="bonus"),
    )

    def one() -> Assessment:
        responses = [Response(f"m{i}", Fraction(1, rng.choice(primes) * rng.choice(primes))) for i in range(3)]
        responses += [Response(c, Fraction(rng.randint(1, 5), rng.choice(primes))) for c in ("a", "b", "bonus")]
        return assessment(*responses)

    batch = [one() for _ in range(300)]
    check_batch(fw, batch)


# ---------------------------------------------------------------------------------------------
# kernels and custom rules


@attrs.frozen
class Custom:
    """A plugin rule without kernels: ``"boom"`` raises a plain ValueError, numbers are taken as points."""

    type: ClassVar[str] = "custom"
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        return []

    def score(self, value: object, maximum: Fraction) -> Outcome:
        if value == "boom":
            raise ValueError("custom rule exploded")
        if value == "na":
            return Outcome(None, "na", "not applicable")
        assert isinstance(value, Fraction)
        return Outcome(value, "v", "given")  # no range check: may be out of range


@attrs.frozen
class Ticks:
    """A plugin rule with a column kernel that reads each number by its truth (and cannot tell marks apart)."""

    type: ClassVar[str] = "ticks"
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        return []

    def score(self, value: object, maximum: Fraction) -> Outcome:
        return Outcome(maximum if value else Fraction(0), "v", "ticked")

    def points_pair(self, value: object, maximum: Fraction) -> tuple[int, int]:
        points = maximum if value else Fraction(0)
        return points.numerator, points.denominator

    def points_column(self, values: Sequence[object], maximum: Fraction) -> tuple[list[int], list[int]]:
        return [maximum.numerator if v else 0 for v in values], [maximum.denominator] * len(values)


def test_a_custom_rule_that_raises_or_gives_points_out_of_range_as_one_by_one() -> None:
    fw = framework(leaf("c", Custom(), 2), leaf("m", {"type": "manual"}))

    def a(c: object) -> Assessment:
        return assessment(Response("c", c), Response("m", Fraction(1, 2)))  # type: ignore[arg-type]

    batch = [a(v) for v in (Fraction(1), Fraction(3), Fraction(-1), "na", Fraction(2), Fraction(5, 2), Fraction(1))]
    check_batch(fw, batch)
    results = score_many(fw, [a(Fraction(1)), a("boom"), a(Fraction(1))])
    assert next(results).total_points == Fraction(3, 2)
    with pytest.raises(ValueError, match="custom rule exploded"):
        next(results)


def test_a_column_kernel_never_sees_missing_or_not_applicable_marks() -> None:
    """A rule's points_column receives response values only: no response scores 0 out of the
    maximum and N/A where the rule forbids it is an error, whatever the kernel makes of them."""
    fw = framework(leaf("t", Ticks(), 2), leaf("m", {"type": "manual"}))
    batch = [  # distinct values: the leaf does not remember them, and scores whole columns
        assessment(*([Response("t", Fraction(i % 5 and i))] if i % 3 else []), Response("m", Fraction(i % 2)))
        for i in range(200)
    ]
    batch[150] = assessment(Response("t", not_applicable=True), Response("m", Fraction(1)))
    check_batch(fw, batch)
    chunked(fw, batch, [1, 64, 200])


def test_rule_kernels_on_whole_columns_with_not_applicable_and_refused_rows() -> None:
    """Likert and manual columns (memo off after the first chunk): rows with no answers,
    N/A, a refused value and points over the maximum, each as one by one."""
    rng = random.Random(3)  # noqa: S311  (test data)
    fw = framework(
        leaf("l", Likert(weights={"A": 100, "B": 30, "C": 0}, allow_na=True), Fraction(5, 2)),
        leaf("m", Manual(allow_na=True), 4),
        node("2", leaf("z", {"type": "manual"}), na_policy="zero", na_min_share=Fraction(1, 2), allow_na=True),
    )

    def one(i: int) -> Assessment:
        counts = {k: rng.randint(0, 90) for k in "ABC"}
        if i % 50 == 7:
            counts = dict.fromkeys("ABC", 0)
        like = None if i % 41 == 3 else counts
        manual = None if i % 37 == 5 else Fraction(rng.randint(0, 4000), rng.randint(1000, 1999))
        return assessment(answer("l", like), answer("m", manual), answer("z", None if i % 9 == 0 else Fraction(i % 2)))

    batch = [one(i) for i in range(400)]
    batch[123] = attrs.evolve(batch[123], responses=[*batch[123].responses[:1], Response("m", 5)])  # over the max
    batch[321] = attrs.evolve(batch[321], responses=[Response("l", {"A": 1, "D": 1})])  # an unknown option
    chunked(fw, batch, [100, 400])


# ---------------------------------------------------------------------------------------------
# odd nodes, sections, answers to other criteria


def test_nodes_that_are_not_plain_sums_with_not_applicable_children() -> None:
    kids = [leaf(f"{p}{i}", {"type": "manual", "allow_na": True}, i) for p in "abcd" for i in (1, 2, 3)]
    fw = framework(
        node("g", *kids[0:3], aggregation="geometric-mean", max=10),
        node("z", *kids[3:6], na_policy="zero"),
        node("s", *kids[6:9], na_min_share=Fraction(2, 3)),
        node("w", *kids[9:12], aggregation="weighted-mean", max=5, na_policy="zero", allow_na=True),
        na_min_share=Fraction(1, 2),
    )
    rng = random.Random(8)  # noqa: S311  (test data)
    choices: list[object] = [None, None, Fraction(0), Fraction(1), Fraction(1, 2), "missing"]
    batch = []
    for _ in range(120):
        responses = []
        for kid in kids:
            v = rng.choice(choices)
            if v != "missing":
                responses.append(answer(kid.id, v))
        batch.append(assessment(*responses))
    batch.append(assessment(Response("w", not_applicable=True)))
    batch.append(assessment(Response("w", 3), Response("w1", 1)))  # a published value over its children: refused
    batch.append(assessment(Response("g", 4)))
    chunked(fw, batch, [1, 16, 200])


def test_sections_a_single_leaf_chunks_of_one_an_empty_batch_and_a_generator() -> None:
    single = framework(leaf("only", {"type": "boolean", "allow_na": True}))
    batch = [assessment(answer("only", v)) for v in (True, False, None, True)] + [assessment()]
    chunked(single, batch, [1, 2, 5])
    assert list(score_many(single, [])) == []
    assert list(score_many(single, iter(()))) == []

    fw = framework(
        node("1", leaf("a", {"type": "manual"}, 2), leaf("b", {"type": "boolean"})),
        leaf("bonus", {"type": "manual"}, 2, role="bonus"),
        node("penalty", leaf("p", {"type": "count", "per_item": 1}, 3), role="penalty"),
    )
    batch = [
        assessment(Response("a", 2), Response("b", True), Response("bonus", 1), Response("p", 5)),
        assessment(Response("a", 1), Response("penalty", 2)),  # a published value for a section
        assessment(Response("bonus", 2)),
        assessment(Response("a", 1), Response("zzz", 1)),  # not in the framework
    ]

    def generated() -> Iterator[Assessment]:
        yield from batch

    chunked(fw, batch, [1, 3])
    results = score_many(fw, generated(), chunk_size=2)
    for a in batch[:3]:
        assert_same(next(results), score(fw, a))
    with pytest.raises(AssessmentError, match="'zzz' is not in framework"):
        next(results)


def test_layered_assessments_score_their_last_layer_as_one_by_one() -> None:
    fw = framework(leaf("a", {"type": "manual"}, 2), leaf("b", {"type": "boolean"}))
    layered = Assessment(
        framework=FrameworkRef("rev", "1"),
        subject=Subject("u", {"en": "U"}),
        period="p",
        layers=[Layer("self", [Response("a", 2), Response("b", True)])],
    )
    bad = attrs.evolve(layered, layers=[Layer("self", [Response("a", 3)])])
    check_batch(fw, [layered, bad, layered, assessment(Response("a", 1))])


def test_two_batches_on_one_plan_read_in_turns() -> None:
    """Generators over one plan, advanced in turns: each chunk is scored whole, so the memo they
    share never mixes them up."""
    fw = framework(leaf("m", {"type": "manual"}), leaf("b", {"type": "boolean"}))
    plan = compile_plan(fw)
    first = [assessment(Response("m", Fraction(1, d)), Response("b", d % 2 == 0)) for d in range(1, 40)]
    second = [assessment(Response("m", Fraction(d % 3, 3)), Response("b", True)) for d in range(1, 40)]
    one, two = score_many(plan, first, chunk_size=3), score_many(plan, second, chunk_size=5)
    for a, b in zip(first, second, strict=True):
        assert_same(next(one), score(fw, a))
        assert_same(next(two), score(fw, b))


@attrs.frozen
class Vectorised:
    """A plugin rule (points given directly) whose kernels answer in numpy integers."""

    type: ClassVar[str] = "vectorised"
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        return []

    def score(self, value: object, maximum: Fraction) -> Outcome:
        assert isinstance(value, Fraction)
        return Outcome(value, "v", "given")

    def points_pair(self, value: Fraction, maximum: Fraction) -> tuple[object, object]:
        np = pytest.importorskip("numpy")
        return np.int64(value.numerator), np.int64(value.denominator)

    def points_column(self, values: Sequence[Fraction], maximum: Fraction) -> tuple[object, object]:
        np = pytest.importorskip("numpy")
        return np.array([v.numerator for v in values]), np.array([v.denominator for v in values])


@attrs.frozen
class Floats(Vectorised):
    """Kernels that answer in floats: not exact, so scored one by one."""

    type: ClassVar[str] = "floats"

    def points_pair(self, value: Fraction, maximum: Fraction) -> tuple[object, object]:
        return float(value), 1

    def points_column(self, values: Sequence[Fraction], maximum: Fraction) -> tuple[object, object]:
        return [float(v) for v in values], [1.0] * len(values)


@pytest.mark.parametrize("rule", [Vectorised(), Floats()], ids=["numpy", "floats"])
def test_kernels_that_answer_in_numpy_integers_or_floats(rule: object) -> None:
    """Memo numerators are rescaled as their denominator grows, and columns are summed in ints:
    a kernel's numpy integers are read as ints, and its floats leave the value to ``score``."""
    fw = framework(leaf("v", rule, 1), leaf("m", {"type": "manual"}))
    repeating = [assessment(Response("v", Fraction(1, d % 3 + 2)), Response("m", Fraction(1, 3))) for d in range(9)]
    distinct = [assessment(Response("v", Fraction(1, d)), Response("m", Fraction(1, 3))) for d in range(1, 200)]
    plan = compile_plan(fw)
    chunked(plan, repeating, [9])
    chunked(plan, distinct + repeating, [200])


def test_an_input_that_fails_mid_chunk_first_gives_the_results_read_before() -> None:
    fw = framework(leaf("m", {"type": "manual"}))
    batch = [assessment(Response("m", Fraction(k, 4))) for k in range(5)]

    def failing() -> Iterator[Assessment]:
        yield from batch[:3]
        raise OSError("the source broke")

    results = score_many(fw, failing(), chunk_size=10)
    assert [next(results).total_points for _ in range(3)] == [0, Fraction(1, 4), Fraction(1, 2)]
    with pytest.raises(OSError, match="the source broke"):
        next(results)

    def refused_then_failing() -> Iterator[Assessment]:
        yield batch[0]
        yield assessment(Response("m", 2))
        raise OSError("the source broke")

    results = score_many(fw, refused_then_failing(), chunk_size=10)
    assert next(results).total_points == 0
    with pytest.raises(AssessmentError, match="points must lie in"):
        next(results)


def test_threads_sharing_a_plan_get_the_right_numbers() -> None:
    """A plan's leaves rescale their memo as new denominators come: threads that share the plan
    (switching as often as they can) must never read a memo half-way through."""
    import sys
    import threading

    fw = framework(leaf("m", {"type": "manual"}))
    wrong: list[tuple[Fraction, Fraction]] = []

    def work(plan: object, values: list[Fraction]) -> None:
        batch = [assessment(Response("m", v)) for v in values]
        for result, value in zip(score_many(plan, batch, chunk_size=4), values, strict=True):  # type: ignore[arg-type]
            if result.total_points != value:
                wrong.append((result.total_points, value))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for trial in range(20):
            rng = random.Random(trial)  # noqa: S311  (test data)
            plan = compile_plan(fw)
            threads = [
                threading.Thread(target=work, args=(plan, [Fraction(1, rng.randint(1, 60)) for _ in range(300)]))
                for _ in range(2)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert wrong == []


def test_a_rule_giving_float_points_is_a_clear_error_one_by_one_and_in_a_batch() -> None:
    """Points are exact: a custom rule returning a float is refused with the rule named."""
    from parlib.rules import RULES

    @attrs.frozen
    class Halves:
        type: ClassVar[str] = "float-halves"
        allow_na: bool = False

        def check(self, maximum: Fraction) -> list[object]:
            return []

        def score(self, value: object, maximum: Fraction) -> Outcome:
            return Outcome(0.5, "x", "x -> 0.5")  # type: ignore[arg-type]

    RULES.register(Halves.type, Halves)
    try:
        fw = Framework(
            id="gen",
            version="1",
            title={"en": "G"},
            languages=["en"],
            criteria=[Criterion(id="x", label={"en": "x"}, max=1, rule={"type": "float-halves"})],
        )
        a = Assessment(
            framework=FrameworkRef("gen", "1"),
            subject=Subject("u", {"en": "U"}),
            period="p",
            responses=[Response("x", True)],
        )
        with pytest.raises(ParlibError, match=r"gave float 0\.5 points; rules give exact Fractions"):
            score(fw, a)
        with pytest.raises(ParlibError, match=r"gave float 0\.5 points"):
            list(score_many(fw, [a]))
    finally:
        RULES.unregister(Halves.type)
