"""Ranking with ties (competition, dense, ordinal), ties after rounding, ranking within groups."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib.analysis import rank, rank_within
from parlib.errors import ModelError
from parlib.numbers import RoundingPolicy

values = st.lists(st.one_of(st.none(), st.fractions(min_value=-100, max_value=100, max_denominator=8)), max_size=30)


def test_the_three_methods_on_the_textbook_case() -> None:
    v = [Fraction(x) for x in (90, 85, 85, 70)]
    assert rank(v) == [1, 2, 2, 4]
    assert rank(v, method="dense") == [1, 2, 2, 3]
    assert rank(v, method="ordinal") == [1, 2, 3, 4]
    assert rank(v, descending=False) == [4, 2, 2, 1]


def test_units_shown_alike_are_tied() -> None:
    # 86.981 and 86.984 are both shown as 86.98 with two places: tied
    shown_alike = [Fraction("86.981"), Fraction("86.984"), Fraction("86.99")]
    assert rank(shown_alike, rounding=RoundingPolicy(places=2)) == [2, 2, 1]
    assert rank(shown_alike) == [3, 2, 1]


def test_a_unit_without_a_value_is_not_ranked() -> None:
    assert rank([None, Fraction(1), None, Fraction(2)]) == [None, 2, None, 1]


def test_an_unknown_method_is_an_error() -> None:
    with pytest.raises(ModelError, match="unknown rank method 'olympic'"):
        rank([Fraction(1)], method="olympic")  # type: ignore[arg-type]


@given(values)
def test_competition_rank_is_one_plus_the_number_of_better_units(vs: list[Fraction | None]) -> None:
    ranks = rank(vs)
    for v, r in zip(vs, ranks, strict=True):
        if v is None:
            assert r is None
        else:
            assert r == 1 + sum(1 for w in vs if w is not None and w > v)


@given(values)
def test_dense_rank_counts_distinct_better_values(vs: list[Fraction | None]) -> None:
    for v, r in zip(vs, rank(vs, method="dense"), strict=True):
        if v is not None:
            assert r == 1 + len({w for w in vs if w is not None and w > v})


@given(values)
def test_ordinal_ranks_are_a_permutation_consistent_with_competition(vs: list[Fraction | None]) -> None:
    ordinal, competition = rank(vs, method="ordinal"), rank(vs)
    present = [r for r in ordinal if r is not None]
    assert sorted(present) == list(range(1, len(present) + 1))
    for o, c in zip(ordinal, competition, strict=True):
        assert (o is None) == (c is None)
        if o is not None and c is not None:
            assert o >= c


@given(values, st.randoms())
def test_ranks_follow_their_units_under_permutation(vs: list[Fraction | None], rnd: object) -> None:
    order = list(range(len(vs)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    shuffled = [vs[i] for i in order]
    for method in ("competition", "dense"):
        before, after = rank(vs, method=method), rank(shuffled, method=method)  # type: ignore[arg-type]
        assert [before[i] for i in order] == after


@given(values, st.lists(st.sampled_from("ab"), min_size=30, max_size=30))
def test_rank_within_groups_is_the_rank_among_the_group(vs: list[Fraction | None], groups: list[str]) -> None:
    groups = groups[: len(vs)]
    within = rank_within(vs, groups)
    for g in "ab":
        members = [i for i, x in enumerate(groups) if x == g]
        assert [within[i] for i in members] == rank([vs[i] for i in members])


def test_rank_within_needs_one_group_per_value() -> None:
    with pytest.raises(ModelError, match="1 groups for 2 values"):
        rank_within([Fraction(1), Fraction(2)], ["a"])
