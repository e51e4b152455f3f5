"""
The four XCCDF scoring models: worked examples, laws, and agreement between the
direct computation (:func:`parlib.xccdf.score_benchmark`) and :func:`parlib.score`
on the converted framework, an independent second computation through the
``result`` rule and the ``xccdf-*`` aggregations.
"""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import LoadError, ScoringError, score
from parlib.aggregation import AGGREGATIONS, XccdfAbsolute, XccdfDefault, XccdfFlat, to_aggregation
from parlib.aggregation.base import Part
from parlib.xccdf import (
    ABSOLUTE,
    DEFAULT,
    FLAT,
    FLAT_UNWEIGHTED,
    MODELS,
    Benchmark,
    Group,
    Rule,
    RuleResult,
    TestResult,
    load_benchmark,
    model_score,
    score_benchmark,
    tailor,
    to_parlib,
)
from test_xccdf_helpers import map_items, random_benchmark, triggers

F = Fraction
DATA = Path(__file__).parent / "data" / "xccdf"
randoms = st.randoms(use_true_random=False)
compats = st.sampled_from(["spec", "openscap"])


def scores(bench: Benchmark, compat: str = "spec", profile: str | None = None) -> dict[str, tuple[F | None, F]]:
    result = score_benchmark(bench, compat=compat, profile=profile)  # type: ignore[arg-type]
    return {m.system: (m.score, m.maximum) for m in result.models}


def without_profiles(bench: Benchmark) -> Benchmark:
    runs = tuple(attrs.evolve(t, profile="") for t in bench.test_results)
    return attrs.evolve(bench, profiles=(), test_results=runs)


# -- worked examples ----------------------------------------------------------------------------------


def r(rule_id: str, weight: str = "1") -> Rule:
    return Rule(id=rule_id, weight=F(weight))


def results(*pairs: tuple[str, str]) -> tuple[TestResult, ...]:
    return (TestResult(id="t", rule_results=tuple(RuleResult(i, v) for i, v in pairs)),)


NESTED = Benchmark(
    id="b",
    items=(
        Group(id="g1", weight=F(2), children=(r("r1"), r("r2", "3"))),
        Group(id="g2", children=(r("r3"), Group(id="g3", children=(r("r4"),)))),
        r("r5", "2"),
    ),
    test_results=results(
        ("r1", "pass"), ("r2", "fail"), ("r3", "pass"), ("r4", "notapplicable"), ("r5", "pass"), ("r5", "fail")
    ),
)


def test_a_nested_benchmark_worked_by_hand() -> None:
    """
    g1 = (100*1 + 0*3) / 4 = 25; g3 counts nothing and drops out; g2 = 100; r5 averages
    pass and fail to 50; the benchmark = (25*2 + 100*1 + 50*2) / 5 = 50. Flat: 1 + 0 + 1 +
    2 * 1/2 = 3 of 7. OpenSCAP takes only r5's first result (pass): (50 + 100 + 200) / 5 = 70.
    """
    assert scores(NESTED) == {
        DEFAULT: (F(50), F(100)),
        FLAT: (F(3), F(7)),
        FLAT_UNWEIGHTED: (F(5, 2), F(4)),
        ABSOLUTE: (F(0), F(1)),
    }
    assert scores(NESTED, "openscap") == {
        DEFAULT: (F(70), F(100)),
        FLAT: (F(4), F(7)),
        FLAT_UNWEIGHTED: (F(3), F(4)),
        ABSOLUTE: (F(0), F(7)),
    }


def test_the_fixture_that_oscap_scored() -> None:
    """tests/data/xccdf/example-results.xml, as ``oscap`` 1.3.7 scored it (see its README)."""
    bench = load_benchmark(DATA / "example-results.xml")
    stated = {s.system: (s.value, s.maximum) for s in bench.test_results[-1].stated_scores}
    openscap = scores(bench, "openscap")
    assert openscap == {
        DEFAULT: (F(160, 9), F(100)),
        FLAT: (F(2), F(15, 4)),
        FLAT_UNWEIGHTED: (F(3), F(6)),
        ABSOLUTE: (F(0), F(15, 4)),
    }
    for system, (value, maximum) in stated.items():
        assert abs(openscap[system][0] - value) <= F(1, 10**6)  # type: ignore[operator]
        assert openscap[system][1] == maximum
    spec = score_benchmark(bench)
    assert [(m.score, m.maximum) for m in spec.models] == [(None, 100), (F(37, 8), F(23, 4)), (F(5, 2), 4), (0, 1)]
    assert spec.get(DEFAULT).note == (
        "undefined: the counted children of xccdf_org.example_group_accounts weigh 0 in all, so s/a there is 0/0"
    )


def test_nothing_counted() -> None:
    bench = Benchmark(id="b", items=(r("a"), r("b")), test_results=results(("a", "notchecked")))
    assert scores(bench) == {DEFAULT: (None, 100), FLAT: (0, 0), FLAT_UNWEIGHTED: (0, 0), ABSOLUTE: (1, 1)}
    assert scores(bench, "openscap") == {DEFAULT: (0, 100), FLAT: (0, 0), FLAT_UNWEIGHTED: (0, 0), ABSOLUTE: (1, 0)}


def test_a_score_stated_in_the_file_is_never_used() -> None:
    bench = random_benchmark(random.Random(3))  # noqa: S311  (seeded test data)
    claims = bench.test_results[0].stated_scores
    assert claims[0].value == 100
    honest = attrs.evolve(bench, test_results=(attrs.evolve(bench.test_results[0], stated_scores=()),))
    assert scores(bench) == scores(honest)


# -- agreement with parlib.score -------------------------------------------------------------------------


@given(randoms, compats)
def test_parlib_score_on_the_converted_framework_agrees(rng: random.Random, compat: str) -> None:
    bench = random_benchmark(rng)
    direct = score_benchmark(bench, compat=compat)  # type: ignore[arg-type]
    profile = direct.profile
    if not any(True for _ in tailor(bench, profile).selected_rules()):
        with pytest.raises(LoadError, match="no rule is selected"):
            to_parlib(bench, compat=compat)  # type: ignore[arg-type]
        return
    for system in MODELS:
        framework, assessment = to_parlib(bench, model=system, compat=compat)  # type: ignore[arg-type]
        expected = direct.get(system)
        if "weigh 0" in expected.note:  # the default model's s/a = 0/0 at some group
            assert (system, compat, expected.score) == (DEFAULT, "spec", None)
            with pytest.raises(ScoringError, match="leaves the score undefined"):
                score(framework, assessment)
            continue
        got = model_score(score(framework, assessment), system, compat)  # type: ignore[arg-type]
        assert (got.score, got.maximum) == (expected.score, expected.maximum)


def test_the_aggregations_are_registered_and_checked() -> None:
    assert AGGREGATIONS.get("xccdf-default") is XccdfDefault
    assert AGGREGATIONS.get("xccdf-flat") is XccdfFlat
    assert AGGREGATIONS.get("xccdf-absolute") is XccdfAbsolute
    assert to_aggregation({"type": "xccdf-default", "compat": "openscap"}) == XccdfDefault(compat="openscap")
    with pytest.raises(Exception, match=r"compat must be one of spec, openscap, got 'oscap' @ \$\.compat"):
        to_aggregation({"type": "xccdf-default", "compat": "oscap"})


@given(st.lists(st.tuples(st.fractions(0, 1), st.fractions(0, 5)), max_size=6))
def test_the_default_aggregation_is_the_weighted_mean_or_refuses_a_zero_weight_sum(pairs: list[tuple[F, F]]) -> None:
    parts = [Part(str(i), share, F(1), weight) for i, (share, weight) in enumerate(pairs)]
    total = sum((w for _, w in pairs), F(0))
    if not parts:
        assert XccdfDefault().combine(parts, F(100)).points is None
    elif total == 0:
        with pytest.raises(ScoringError):
            XccdfDefault().combine(parts, F(100))
        assert XccdfDefault(compat="openscap").combine(parts, F(100)).points == 0
    else:
        mean = sum((s * w for s, w in pairs), F(0)) / total * 100
        assert XccdfDefault().combine(parts, F(100)).points == mean
        assert XccdfDefault(compat="openscap").combine(parts, F(100)).points == mean


# -- laws ---------------------------------------------------------------------------------------------------


@given(randoms, compats)
def test_scores_stay_in_bounds(rng: random.Random, compat: str) -> None:
    got = scores(random_benchmark(rng), compat)
    default = got[DEFAULT][0]
    assert default is None or 0 <= default <= 100
    for system in (FLAT, FLAT_UNWEIGHTED):
        value, maximum = got[system]
        assert value is not None
        assert 0 <= value <= maximum
    assert got[ABSOLUTE][0] in (0, 1)
    assert got[ABSOLUTE][0] == (1 if got[FLAT][0] == got[FLAT][1] else 0)


@given(randoms)
def test_without_any_documented_departure_the_two_modes_agree(rng: random.Random) -> None:
    bench = random_benchmark(rng)
    run = bench.test_result()
    assert run is not None
    if triggers(bench, run.profile or None):
        return
    spec, openscap = scores(bench), scores(bench, "openscap")
    assert spec[ABSOLUTE][1] == 1
    assert {k: v for k, v in spec.items() if k != ABSOLUTE} == {k: v for k, v in openscap.items() if k != ABSOLUTE}
    assert spec[ABSOLUTE][0] == openscap[ABSOLUTE][0]


@given(randoms, compats)
def test_sibling_order_does_not_matter(rng: random.Random, compat: str) -> None:
    bench = random_benchmark(rng)
    shuffler = random.Random(rng.random())  # noqa: S311  (test data)

    def shuffle(item: Group | Rule) -> Group | Rule:
        if isinstance(item, Group):
            children = list(item.children)
            shuffler.shuffle(children)
            return attrs.evolve(item, children=tuple(children))
        return item

    items = list(bench.items)
    shuffler.shuffle(items)
    shuffled = map_items(attrs.evolve(bench, items=tuple(items)), shuffle)
    assert scores(shuffled, compat) == scores(bench, compat)


@given(randoms)
def test_the_order_of_a_rules_results_matters_only_to_openscap(rng: random.Random) -> None:
    bench = random_benchmark(rng)
    run = bench.test_results[0]
    reordered = attrs.evolve(run, rule_results=tuple(reversed(run.rule_results)))
    assert scores(attrs.evolve(bench, test_results=(reordered,))) == scores(bench)


@given(randoms, st.sampled_from([F(1, 2), F(3), F(1000)]))
def test_scaling_every_weight_scales_flat_and_leaves_default_alone(rng: random.Random, k: F) -> None:
    bench = without_profiles(random_benchmark(rng))
    scaled = map_items(bench, lambda i: attrs.evolve(i, weight=i.weight * k))
    before, after = scores(bench), scores(scaled)
    assert after[DEFAULT] == before[DEFAULT]
    assert after[FLAT] == (before[FLAT][0] * k, before[FLAT][1] * k)  # type: ignore[operator]
    assert after[FLAT_UNWEIGHTED] == before[FLAT_UNWEIGHTED]
    assert after[ABSOLUTE] == before[ABSOLUTE]


@given(randoms, compats)
def test_an_unselected_group_is_the_same_as_no_group(rng: random.Random, compat: str) -> None:
    bench = without_profiles(random_benchmark(rng))
    groups = [i for i in bench.walk() if isinstance(i, Group)]
    if not groups:
        return
    target = rng.choice(groups)

    def drop(item: Group | Rule) -> Group | Rule:
        if isinstance(item, Group):
            return attrs.evolve(item, children=tuple(c for c in item.children if c.id != target.id))
        return item

    unselected = map_items(bench, lambda i: attrs.evolve(i, selected=False) if i.id == target.id else i)
    removed = map_items(attrs.evolve(bench, items=tuple(i for i in bench.items if i.id != target.id)), drop)
    assert scores(unselected, compat) == scores(removed, compat)


@given(randoms, compats, st.lists(st.sampled_from(["notapplicable", "notchecked", "informational", "notselected"])))
def test_a_rule_with_nothing_counted_is_the_same_as_no_rule(rng: random.Random, compat: str, extra: list[str]) -> None:
    bench = random_benchmark(rng)
    added = Rule(id="xccdf_org.parlib.test_rule_extra", weight=F(rng.randint(0, 5)))
    run = bench.test_results[0]
    run = attrs.evolve(run, rule_results=run.rule_results + tuple(RuleResult(added.id, e) for e in extra))
    where = rng.choice([None] + [i for i in bench.walk() if isinstance(i, Group)])

    def add(item: Group | Rule) -> Group | Rule:
        if where is not None and item.id == where.id:
            return attrs.evolve(item, children=(*item.children, added))  # type: ignore[union-attr]
        return item

    items = bench.items + ((added,) if where is None else ())
    grown = map_items(attrs.evolve(bench, items=items, test_results=(run,)), add)
    assert scores(grown, compat) == scores(bench, compat)


@given(randoms)
def test_a_profile_is_the_same_as_its_changes_written_into_the_benchmark(rng: random.Random) -> None:
    bench = random_benchmark(rng)
    run = bench.test_results[0]
    if not run.profile:
        return
    t = tailor(bench, run.profile)

    def bake(item: Group | Rule) -> Group | Rule:
        baked = attrs.evolve(item, selected=t.selected(item.id), weight=t.weight(item))
        return attrs.evolve(baked, role=t.role(item)) if isinstance(item, Rule) else baked

    assert scores(without_profiles(map_items(bench, bake))) == scores(bench)


@given(randoms)
def test_with_every_rule_at_the_top_default_is_100_times_flat(rng: random.Random) -> None:
    """The identity of NIST IR 7275r4's models for a benchmark without groups."""
    bench = without_profiles(random_benchmark(rng))
    flat = attrs.evolve(bench, items=tuple(bench.rules()))
    got = scores(flat)
    s, m = got[FLAT]
    if m:
        assert got[DEFAULT][0] == 100 * s / m  # type: ignore[operator]
    else:
        assert got[DEFAULT][0] is None
