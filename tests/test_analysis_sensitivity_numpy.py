"""The numpy engine gives the same ranks as the pure-Python one, for the same seed (needs numpy)."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib.analysis import IndicatorMatrix, sensitivity
from parlib.analysis.stream import Stream

np = pytest.importorskip("numpy")  # imported before any example runs, so no example pays for it


def matrix(rows: list[list[object]]) -> IndicatorMatrix:
    return IndicatorMatrix.from_rows([f"u{i}" for i in range(len(rows))], [f"x{j}" for j in range(len(rows[0]))], rows)


cells = st.sampled_from([1, 2, 3, Fraction(5, 2), Fraction(7, 3), 10])


@given(
    st.integers(2, 7).flatmap(lambda n: st.lists(st.lists(cells, min_size=3, max_size=3), min_size=n, max_size=n)),
    st.integers(0, 2**32),
    st.sampled_from([0, Fraction(1, 4), 1]),
    st.lists(st.sampled_from(["rank", "percentile-rank", "none"]), max_size=2),
    st.lists(st.sampled_from(["copeland", "geometric", "harmonic"]), max_size=2),
)
def test_numpy_and_pure_python_give_the_same_ranks(
    rows: list[list[object]], seed: int, noise: Fraction, norms: list[str], aggs: list[str]
) -> None:
    """Ties included: the values repeat, so many draws hold exactly tied units."""
    m = matrix(rows)
    if any(len({r[j] for r in rows}) == 1 for j in range(3)):
        m = matrix([*rows, [11, 12, 13]])  # min-max needs two distinct values per indicator
    kw = {"draws": 40, "seed": seed, "noise": noise, "normalisations": norms, "aggregations": aggs,
          "scale": (Fraction(1), Fraction(100))}  # fmt: skip
    pure = sensitivity(m, engine="python", **kw)  # type: ignore[arg-type]
    fast = sensitivity(m, engine="numpy", chunk=16, **kw)  # type: ignore[arg-type]
    assert fast.counts == pure.counts
    assert fast.nominal == pure.nominal
    assert (fast.engine, pure.engine) == ("numpy", "python")


def test_the_numpy_stream_is_the_pure_stream() -> None:
    from parlib.analysis.stream import numpy_generator

    assert numpy_generator(99).random(500).tolist() == Stream(99).uniforms(500)


def test_nominal_ranks_are_exact_where_the_float_sums_do_not_tie() -> None:
    m = matrix([[0, 0, 0], [1, 2, 8], [11, 11, 11], [11, 0, 0]])  # B and D both 100 exactly; not in floats
    assert sensitivity(m, draws=5, engine="numpy").nominal == (4, 2, 1, 2)


def test_a_larger_run_agrees_too() -> None:
    rnd = random.Random(4)  # noqa: S311  (test data)
    m = matrix([[Fraction(rnd.randint(0, 40), 4) for _ in range(12)] for _ in range(20)])
    kw = {"draws": 400, "seed": 8, "normalisations": ["zscore"], "aggregations": ["copeland"]}
    assert sensitivity(m, engine="numpy", **kw).counts == sensitivity(m, engine="python", **kw).counts  # type: ignore[arg-type]
