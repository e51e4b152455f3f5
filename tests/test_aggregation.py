"""
The built-in aggregations against an independent second computation, their bounds and
identities, and the engine's use of them (weights, renormalisation, errors with paths).

The generic laws every registered aggregation must pass live in ``parlib.testing``; this
file checks what is specific to each built-in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import Assessment, Criterion, Framework, FrameworkRef, Response, Subject, score
from parlib.aggregation import (
    AGGREGATIONS,
    Additive,
    Aggregation,
    GeometricMean,
    HarmonicMean,
    Minimum,
    Part,
    PowerMean,
    WeightedMean,
    to_aggregation,
)
from parlib.errors import LoadError, ModelError, ScoringError, UnknownNameError
from parlib.io import loads

BUILT_INS = ("additive", "weighted-mean", "geometric-mean", "harmonic-mean", "power-mean", "minimum")

# ---------------------------------------------------------------------------------------------
# strategies


def _fractions(low: int, high: int, den: int = 8) -> st.SearchStrategy[Fraction]:
    return st.integers(low * den, high * den).map(lambda n: Fraction(n, den))


@st.composite
def parts(draw: st.DrawFn, *, positive: bool = False, min_size: int = 1) -> list[Part]:
    """Applicable parts; with *positive*, every part with weight earns points."""
    count = draw(st.integers(min_size, 6))
    out = []
    for i in range(count):
        maximum = draw(_fractions(1, 20, 4))
        low = 1 if positive else 0
        points = maximum * Fraction(draw(st.integers(low, 100)), 100)
        weight = draw(st.sampled_from([Fraction(0), Fraction(1), Fraction(2), Fraction(1, 3), Fraction(7, 2)]))
        out.append(Part(f"c{i}", points, maximum, weight))
    return out


def weighted(parts: Sequence[Part]) -> list[Part]:
    return [p for p in parts if p.weight > 0]


MAXIMA = st.sampled_from([Fraction(100), Fraction(10), Fraction(5, 2), Fraction(7)])
POWERS = st.sampled_from([Fraction(n) for n in (-10, -3, -2, -1, 1, 2, 3, 10)] + [Fraction(1, 2), Fraction(-3, 2)])


# ---------------------------------------------------------------------------------------------
# independent second computations (exact Fractions where the aggregation is exact, floats else)


def expected_weighted(ps: Sequence[Part]) -> Fraction:
    indexes = [p.points * 100 / p.applicable_maximum for p in ps]
    return sum((p.weight * x for p, x in zip(ps, indexes, strict=True)), Fraction(0)) / sum(p.weight for p in ps)


def expected_harmonic(ps: Sequence[Part]) -> Fraction:
    ps = weighted(ps)
    return sum(p.weight for p in ps) / sum(p.weight * p.applicable_maximum / (p.points * 100) for p in ps)


def expected_minimum(ps: Sequence[Part]) -> Fraction:
    return min(p.points * 100 / p.applicable_maximum for p in weighted(ps))


def expected_geometric(ps: Sequence[Part]) -> float:
    ps = weighted(ps)
    total = sum(float(p.weight) for p in ps)
    return math.exp(
        sum(float(p.weight) * math.log(float(p.points) * 100 / float(p.applicable_maximum)) for p in ps) / total
    )


def expected_power(ps: Sequence[Part], p: Fraction) -> float:
    ps = weighted(ps)
    total = sum(float(q.weight) for q in ps)
    inner = sum(float(q.weight) * (float(q.points) * 100 / float(q.applicable_maximum)) ** float(p) for q in ps)
    return (inner / total) ** (1 / float(p))


def has_weight(ps: Sequence[Part]) -> bool:
    return any(p.weight > 0 for p in ps)


def index_of(points: Fraction | None, maximum: Fraction) -> Fraction:
    assert points is not None
    return points * 100 / maximum


# ---------------------------------------------------------------------------------------------
# each aggregation against its second computation


@given(parts(min_size=0))
def test_additive_sums_points_and_applicable_maxima_exactly(ps: list[Part]) -> None:
    got = Additive().combine(ps, Fraction(999))
    assert got.points == sum((p.points for p in ps), Fraction(0))
    assert got.applicable_maximum == sum((p.applicable_maximum for p in ps), Fraction(0))


@given(parts(), MAXIMA)
def test_weighted_mean_is_the_exact_weighted_mean_of_indexes(ps: list[Part], maximum: Fraction) -> None:
    got = WeightedMean().combine(ps, maximum)
    if not has_weight(ps):
        assert got.points is None
        return
    assert index_of(got.points, maximum) == expected_weighted(ps)
    assert got.applicable_maximum == maximum


@given(parts(positive=True), MAXIMA)
def test_harmonic_mean_is_exact(ps: list[Part], maximum: Fraction) -> None:
    got = HarmonicMean().combine(ps, maximum)
    if not has_weight(ps):
        assert got.points is None
        return
    assert index_of(got.points, maximum) == expected_harmonic(ps)


@given(parts(), MAXIMA)
def test_minimum_is_the_lowest_weighted_index(ps: list[Part], maximum: Fraction) -> None:
    got = Minimum().combine(ps, maximum)
    if not has_weight(ps):
        assert got.points is None
        return
    assert index_of(got.points, maximum) == expected_minimum(ps)


@given(parts(positive=True), MAXIMA)
def test_geometric_mean_agrees_with_a_float_computation(ps: list[Part], maximum: Fraction) -> None:
    got = GeometricMean().combine(ps, maximum)
    if not has_weight(ps):
        assert got.points is None
        return
    assert math.isclose(float(index_of(got.points, maximum)), expected_geometric(ps), rel_tol=1e-9)


@given(parts(positive=True), MAXIMA, POWERS)
def test_power_mean_agrees_with_a_float_computation(ps: list[Part], maximum: Fraction, p: Fraction) -> None:
    got = PowerMean(p=p).combine(ps, maximum)
    if not has_weight(ps):
        assert got.points is None
        return
    assert math.isclose(float(index_of(got.points, maximum)), expected_power(ps, p), rel_tol=1e-9)


def test_geometric_mean_is_exact_when_the_root_is_rational() -> None:
    ps = [Part("a", Fraction(1), Fraction(1), Fraction(1)), Part("b", Fraction(9, 100), Fraction(1), Fraction(1))]
    assert GeometricMean().combine(ps, Fraction(100)).points == Fraction(30)  # sqrt(100 * 9)
    ps = [Part("a", Fraction(1, 10), Fraction(1), Fraction(2)), Part("b", Fraction(8, 10), Fraction(1), Fraction(1))]
    assert GeometricMean().combine(ps, Fraction(100)).points == Fraction(20)  # cbrt(10 * 10 * 80)


def test_geometric_mean_is_exact_for_any_weights_with_a_rational_root() -> None:
    """The exact root depends on the weights' ratios only: 1/3 and 2/3, 1 and 2, 500 and 1000 alike."""
    for a, b in [(1, 2), (Fraction(1, 3), Fraction(2, 3)), (500, 1000)]:
        ps = [
            Part("a", Fraction(1, 10), Fraction(1), Fraction(a)),
            Part("b", Fraction(8, 10), Fraction(1), Fraction(b)),
        ]
        assert GeometricMean().combine(ps, Fraction(100)).points == Fraction(40)  # cbrt(10 * 80 * 80)


SCALES = st.sampled_from([Fraction(1000), Fraction(1, 7), Fraction(3), Fraction(10**9, 3)])


@pytest.mark.parametrize("aggregation", [GeometricMean(), *(PowerMean(p=Fraction(p)) for p in ("1/2", "-3/2", 0, 3))])
@given(ps=parts(positive=True), factor=SCALES)
def test_float_means_are_exactly_scale_invariant(aggregation: Aggregation, ps: list[Part], factor: Fraction) -> None:
    """Multiplying every weight by the same factor gives the same exact result, floats included."""
    scaled = [Part(p.id, p.points, p.applicable_maximum, p.weight * factor) for p in ps]
    assert aggregation.combine(scaled, Fraction(100)).points == aggregation.combine(ps, Fraction(100)).points


# ---------------------------------------------------------------------------------------------
# bounds and identities

MEANS: tuple[Aggregation, ...] = (
    WeightedMean(),
    GeometricMean(),
    HarmonicMean(),
    Minimum(),
    *(PowerMean(p=Fraction(p)) for p in (-10, -2, -1, Fraction(-1, 2), 0, Fraction(1, 3), 1, 2, 10)),
)


@pytest.mark.parametrize("aggregation", MEANS, ids=repr)
@given(ps=parts(positive=True))
def test_every_mean_lies_between_the_lowest_and_highest_index(aggregation: Aggregation, ps: list[Part]) -> None:
    got = aggregation.combine(ps, Fraction(100))
    if not has_weight(ps):
        assert got.points is None
        return
    indexes = [p.index for p in ps if p.weight > 0]
    assert got.points is not None
    assert min(indexes) <= got.points <= max(indexes)


@given(parts(positive=True), MAXIMA)
def test_power_mean_special_cases_are_the_classical_means(ps: list[Part], maximum: Fraction) -> None:
    assert PowerMean(p=1).combine(ps, maximum).points == WeightedMean().combine(weighted(ps), maximum).points
    assert PowerMean(p=-1).combine(ps, maximum).points == HarmonicMean().combine(ps, maximum).points
    assert PowerMean(p=0).combine(ps, maximum).points == GeometricMean().combine(ps, maximum).points


@given(parts(positive=True), POWERS, POWERS)
def test_power_mean_rises_with_p(ps: list[Part], p: Fraction, q: Fraction) -> None:
    low, high = sorted((p, q))
    a = PowerMean(p=low).combine(ps, Fraction(100)).points
    b = PowerMean(p=high).combine(ps, Fraction(100)).points
    if a is None or b is None:
        assert a is b is None
        return
    assert a <= b * (1 + Fraction(1, 10**12))  # float paths may differ in the last place


@pytest.mark.parametrize("aggregation", MEANS, ids=repr)
@given(ps=parts(positive=True), factor=st.sampled_from([Fraction(1, 10), Fraction(3), Fraction(1000)]))
def test_weights_are_relative_to_siblings(aggregation: Aggregation, ps: list[Part], factor: Fraction) -> None:
    scaled = [Part(p.id, p.points, p.applicable_maximum, p.weight * factor) for p in ps]
    a = aggregation.combine(ps, Fraction(100)).points
    b = aggregation.combine(scaled, Fraction(100)).points
    if a is None or b is None or isinstance(aggregation, WeightedMean | HarmonicMean | Minimum):
        assert a == b
    else:  # float paths: the same up to rounding
        assert math.isclose(a, b, rel_tol=1e-12)


@pytest.mark.parametrize("aggregation", MEANS, ids=repr)
def test_every_weight_zero_makes_the_node_not_applicable(aggregation: Aggregation) -> None:
    ps = [Part("a", Fraction(1), Fraction(2), Fraction(0)), Part("b", Fraction(0), Fraction(2), Fraction(0))]
    assert aggregation.combine(ps, Fraction(100)).points is None
    assert aggregation.combine([], Fraction(100)).points is None


@pytest.mark.parametrize(
    ("aggregation", "name"),
    [
        (GeometricMean(), "geometric mean"),
        (HarmonicMean(), "harmonic mean"),
        (PowerMean(p=-1), "power mean with p <= 0"),
        (PowerMean(p=Fraction(-1, 2)), "power mean with p <= 0"),
        (PowerMean(p=0), "geometric mean"),
    ],
)
def test_means_that_cannot_take_a_zero_say_so(aggregation: Aggregation, name: str) -> None:
    ps = [Part("good", Fraction(1), Fraction(1), Fraction(1)), Part("bad", Fraction(0), Fraction(1), Fraction(1))]
    with pytest.raises(ScoringError, match=f"a {name} cannot take an index of 0; children at 0: bad"):
        aggregation.combine(ps, Fraction(100))
    # a zero with no weight is not taken, so it is no error
    ps[1] = Part("bad", Fraction(0), Fraction(1), Fraction(0))
    assert aggregation.combine(ps, Fraction(100)).points == Fraction(100)


@pytest.mark.parametrize("p", [Fraction(1, 2), Fraction(1), Fraction(2), Fraction(10)])
def test_positive_power_means_take_a_zero(p: Fraction) -> None:
    ps = [Part("a", Fraction(1), Fraction(1), Fraction(1)), Part("b", Fraction(0), Fraction(1), Fraction(1))]
    got = PowerMean(p=p).combine(ps, Fraction(100)).points
    assert got is not None
    assert math.isclose(got, 100 * 0.5 ** (1 / float(p)), rel_tol=1e-12)


# ---------------------------------------------------------------------------------------------
# the registry and to_aggregation


def test_every_built_in_is_registered_by_its_name() -> None:
    for name in BUILT_INS:
        cls = AGGREGATIONS.get(name)
        assert cls.type == name
        assert isinstance(to_aggregation(name), cls)
        assert isinstance(to_aggregation(name), Aggregation)


def test_to_aggregation_reads_tables_and_passes_objects_through() -> None:
    assert to_aggregation({"type": "power-mean", "p": "0.5"}) == PowerMean(p=Fraction(1, 2))
    agg = Minimum()
    assert to_aggregation(agg) is agg


@pytest.mark.parametrize(
    ("value", "message", "path"),
    [
        ("median", "unknown aggregation 'median'; known: additive,", "$.type"),
        ({"p": 2}, "an aggregation needs a 'type' naming it", "$.type"),
        ({"type": "power-mean", "p": 11}, "p must lie in [-10, 10], got 11", "$.p"),
        ({"type": "power-mean", "p": -Fraction(21, 2)}, "p must lie in [-10, 10], got -10.5", "$.p"),
        ({"type": "power-mean", "q": 2}, "bad parameters for aggregation 'power-mean'", "$"),
        (3, "an aggregation is a name or a table with a 'type', got 3", "$"),
    ],
)
def test_to_aggregation_rejects_bad_input(value: object, message: str, path: str) -> None:
    with pytest.raises(ModelError) as info:
        to_aggregation(value)
    [problem] = info.value.problems
    assert problem.message.startswith(message)
    assert problem.path == path


def test_an_unknown_aggregation_lists_every_known_one() -> None:
    with pytest.raises(UnknownNameError) as info:
        AGGREGATIONS.get("median")
    assert set(BUILT_INS) <= set(info.value.known)


# ---------------------------------------------------------------------------------------------
# in the engine: weights, renormalisation, errors with paths

HEAD = 'id = "f"\nversion = "1"\ntitle = { en = "F" }\nlanguages = ["en"]\n'


def leaf(cid: str, maximum: int = 10, weight: object = None, *, allow_na: bool = True) -> Criterion:
    return Criterion(
        id=cid, label={"en": cid}, max=maximum, rule={"type": "manual", "allow_na": allow_na}, weight=weight
    )


def framework(*criteria: Criterion, **kw: object) -> Framework:
    return Framework(id="f", version="1", title={"en": "F"}, languages=["en"], criteria=criteria, **kw)  # type: ignore[arg-type]


def assessment(**values: object) -> Assessment:
    responses = [
        Response(k, not_applicable=True) if v is None else Response(k, v)  # type: ignore[arg-type]
        for k, v in values.items()
    ]
    return Assessment(
        framework=FrameworkRef("f", "1"), subject=Subject("u", {"en": "U"}), period="p", responses=responses
    )


def test_weights_count_relative_to_siblings_and_renormalise_over_applicable_children() -> None:
    fw = framework(leaf("a", 10, 3), leaf("b", 4, 1), leaf("c", 20, 6), aggregation="weighted-mean")
    card = score(fw, assessment(a=5, b=4, c=None))
    # c is not applicable: (3 * 50 + 1 * 100) / (3 + 1)
    assert card.total.points == Fraction(3 * 50 + 1 * 100, 4)
    assert card.total.maximum == 100
    doubled = framework(leaf("a", 10, 6), leaf("b", 4, 2), leaf("c", 20, 12), aggregation="weighted-mean")
    assert score(doubled, assessment(a=5, b=4, c=None)).total.points == card.total.points


def test_a_criterion_may_override_the_framework_aggregation() -> None:
    inner = Criterion(id="p", label={"en": "p"}, aggregation="minimum", children=[leaf("a"), leaf("b")])
    fw = framework(inner, leaf("c"))
    card = score(fw, assessment(a=3, b=8, c=10))
    assert card.node("p").points == 30  # worth 100 under a mean: its index
    assert card.node("p").maximum == 100
    assert card.total.points == 40  # the framework adds: 30 + 10
    assert card.total.maximum == 110


def test_a_node_whose_applicable_weights_are_all_zero_is_not_applicable() -> None:
    inner = Criterion(id="p", label={"en": "p"}, children=[leaf("a", weight=0), leaf("b", weight=0)])
    fw = framework(inner, leaf("c"), aggregation="weighted-mean")
    card = score(fw, assessment(a=3, b=8, c=5))
    assert card.node("p").not_applicable
    assert card.node("p").index is None
    assert card.total.points == 50  # only c counts


@pytest.mark.parametrize(
    ("aggregation", "name"),
    [
        ('"geometric-mean"', "geometric-mean"),
        ('"harmonic-mean"', "harmonic-mean"),
        ('{ type = "power-mean", p = -2 }', "power-mean"),
        ('{ type = "power-mean", p = 0 }', "power-mean"),
    ],
)
def test_a_mean_that_cannot_take_a_zero_names_the_criterion_and_its_path(aggregation: str, name: str) -> None:
    text = (
        HEAD
        + '[[criteria]]\nid = "d"\nlabel = { en = "D" }\n'
        + f'[[criteria.children]]\nid = "p"\nlabel = {{ en = "P" }}\naggregation = {aggregation}\n'
        + '[[criteria.children.children]]\nid = "a"\nlabel = { en = "A" }\nmax = 1\nrule = { type = "manual" }\n'
        + '[[criteria.children.children]]\nid = "b"\nlabel = { en = "B" }\nmax = 1\nrule = { type = "manual" }\n'
    )
    fw = loads(text, Framework, source="f.toml")
    with pytest.raises(ScoringError) as info:
        score(fw, assessment(a=1, b=0))
    [problem] = info.value.problems
    assert problem.path == "$.criteria[0].children[0]" == fw.path_of("p")
    assert problem.message.startswith(f"cannot combine criterion 'p' ({name}): ")
    assert "children at 0: b" in problem.message
    # a missing response scores 0 too
    with pytest.raises(ScoringError):
        score(fw, assessment(a=1))


def test_the_total_of_a_geometric_framework_names_the_total() -> None:
    fw = framework(leaf("a"), leaf("b"), aggregation="geometric-mean")
    with pytest.raises(ScoringError, match=r"cannot combine the total \(geometric-mean\).* @ \$$"):
        score(fw, assessment(a=0, b=5))


# ---------------------------------------------------------------------------------------------
# bad input in files: message, file and key path


def load_framework_text(text: str) -> Framework:
    return loads(text, Framework, source="bad.toml")


LEAF = '[[criteria]]\nid = "a"\nlabel = { en = "A" }\nmax = 1\nrule = { type = "manual" }\n'


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            HEAD + 'aggregation = "median"\n' + LEAF,
            "bad.toml: unknown aggregation 'median'; known: additive, geometric-mean, harmonic-mean, minimum,"
            " power-mean, weighted-mean",
        ),
        (
            HEAD + 'aggregation = { type = "power-mean", p = 11 }\n' + LEAF,
            "bad.toml: p must lie in [-10, 10], got 11 @ $.aggregation.p",
        ),
        (
            HEAD + 'aggregation = { type = "power-mean", p = nan }\n' + LEAF,
            "bad.toml: expected a finite number, got NaN @ $.aggregation.p",
        ),
        (
            HEAD + '[[criteria]]\nid = "p"\nlabel = { en = "P" }\naggregation = { type = "power-mean", p = -20 }\n'
            '[[criteria.children]]\nid = "a"\nlabel = { en = "A" }\nmax = 1\nrule = { type = "manual" }\n',
            "bad.toml: p must lie in [-10, 10], got -20 @ $.criteria[0].aggregation.p",
        ),
        (
            HEAD + '[[criteria]]\nid = "p"\nlabel = { en = "P" }\naggregation = "mode"\n'
            '[[criteria.children]]\nid = "a"\nlabel = { en = "A" }\nmax = 1\nrule = { type = "manual" }\n',
            "bad.toml: unknown aggregation 'mode'; known: additive,",
        ),
    ],
)
def test_bad_aggregations_in_a_file(text: str, line: str) -> None:
    with pytest.raises(LoadError) as info:
        load_framework_text(text)
    assert str(info.value).startswith(line)
    assert info.value.file == "bad.toml"


def test_an_unknown_aggregation_in_a_file_has_its_key_path() -> None:
    with pytest.raises(LoadError) as info:
        load_framework_text(
            HEAD + '[[criteria]]\nid = "p"\nlabel = { en = "P" }\naggregation = "mode"\n'
            '[[criteria.children]]\nid = "a"\nlabel = { en = "A" }\nmax = 1\nrule = { type = "manual" }\n'
        )
    [problem] = info.value.problems
    assert problem.path == "$.criteria[0].aggregation.type"
    assert all(name in problem.message for name in BUILT_INS)


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("nan", "expected a finite number, got NaN"),
        ("inf", "expected a finite number, got Infinity"),
        ("-inf", "expected a finite number, got -Infinity"),
        ("-1", "weight must be finite and non-negative, got -1"),
        ("-0.5", "weight must be finite and non-negative, got -0.5"),
        ('"heavy"', "expected a number, got 'heavy'"),
    ],
)
def test_bad_weights_in_a_file(weight: str, message: str) -> None:
    text = (
        HEAD
        + 'aggregation = "weighted-mean"\n'
        + LEAF
        + '[[criteria]]\nid = "b"\nlabel = { en = "B" }\nmax = 1\nrule = { type = "manual" }\n'
        + f"weight = {weight}\n"
    )
    with pytest.raises(LoadError) as info:
        load_framework_text(text)
    assert str(info.value) == f"bad.toml: {message} @ $.criteria[1].weight"
