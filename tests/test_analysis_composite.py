"""Composite indicators: normalisation (with direction), imputation, aggregation and Copeland."""

from __future__ import annotations

import math
import statistics
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib.analysis import (
    NORMALISE_METHODS,
    AnalysisError,
    IndicatorMatrix,
    aggregate,
    copeland,
    impute,
    normalise,
    normalise_column,
    parse_table,
    rank,
)
from parlib.errors import LoadError

value = st.fractions(min_value=1, max_value=1000, max_denominator=100)
column = st.lists(value, min_size=2, max_size=15).filter(lambda v: len(set(v)) > 1)


def matrix(rows: list[list[object]]) -> IndicatorMatrix:
    return IndicatorMatrix.from_rows([f"u{i}" for i in range(len(rows))], [f"x{j}" for j in range(len(rows[0]))], rows)


# --- normalisation -------------------------------------------------------------------------------


def test_each_method_on_one_column() -> None:
    x = [Fraction(v) for v in (2, 4, 4, 10)]
    assert normalise_column(x, "none") == x
    assert normalise_column(x, "minmax") == [0, 25, 25, 100]
    assert normalise_column(x, "minmax", direction=-1) == [100, 75, 75, 0]
    assert normalise_column(x, "minmax", scale=(Fraction(1), Fraction(10))) == [1, Fraction(13, 4), Fraction(13, 4), 10]
    assert normalise_column(x, "rank") == [1, 2, 2, 4]
    assert normalise_column(x, "percentile-rank") == [0, Fraction(100, 3), Fraction(100, 3), 100]
    assert normalise_column(x, "goalposts", goalposts=(Fraction(0), Fraction(8))) == [25, 50, 50, 100]
    assert normalise_column(x, "goalposts", direction=-1, goalposts=(Fraction(0), Fraction(8))) == [75, 50, 50, 0]
    assert normalise_column(x, "distance-to-target", target=Fraction(6)) == [0, 50, 50, 100]
    assert normalise_column(x, "distance-to-target", direction=-1, target=Fraction(4)) == [100, 100, 100, 0]
    assert normalise_column(x, "fraction-of-max") == [20, 40, 40, 100]
    assert normalise_column(x, "fraction-of-max", direction=-1) == [100, 50, 50, 20]


def test_zscores_match_the_standard_library() -> None:
    x = [Fraction(v) for v in (1, 2, 3, 4, 10)]
    z = normalise_column(x, "zscore")
    mean, sd = statistics.mean(x), statistics.stdev([float(v) for v in x])
    assert all(math.isclose(float(zi), (float(xi) - mean) / sd, rel_tol=1e-12) for zi, xi in zip(z, x, strict=True))  # type: ignore[arg-type]


def test_exact_zscores_for_a_perfect_square_variance() -> None:
    # mean 2, sample variance (4 + 0 + 4) / 2 = 4, sd 2: exact
    assert normalise_column([Fraction(0), Fraction(2), Fraction(4)], "zscore") == [-1, 0, 1]
    assert normalise_column([Fraction(0), Fraction(2), Fraction(4)], "zscore", direction=-1) == [1, 0, -1]


@pytest.mark.parametrize(
    ("method", "message"),
    [
        ("minmax", "min-max normalisation divides by zero: every unit has the value 7"),
        ("zscore", "z-scores divide by zero: every unit has the value 7"),
    ],
)
def test_all_units_equal_is_an_error_naming_the_indicator(method: str, message: str) -> None:
    m = matrix([[7, 1], [7, 2]])
    with pytest.raises(AnalysisError) as exc:
        normalise(m, method)  # type: ignore[arg-type]
    assert [(p.message, p.path) for p in exc.value.problems] == [(message, "$.indicators.x0")]


def test_other_divisions_by_zero_are_errors() -> None:
    one = [Fraction(3)]
    with pytest.raises(AnalysisError, match="percentile ranks need at least two"):
        normalise_column(one, "percentile-rank")
    with pytest.raises(AnalysisError, match="z-scores need at least two"):
        normalise_column(one, "zscore")
    with pytest.raises(AnalysisError, match="L = U = 5"):
        normalise_column(one, "goalposts", goalposts=(Fraction(5), Fraction(5)))
    with pytest.raises(AnalysisError, match="needs goalposts"):
        normalise_column(one, "goalposts")
    with pytest.raises(AnalysisError, match="the target 3 is the worst value"):
        normalise_column(one, "distance-to-target", target=Fraction(3))
    with pytest.raises(AnalysisError, match="fraction-of-max divides by zero"):
        normalise_column([Fraction(0), Fraction(0)], "fraction-of-max")
    with pytest.raises(AnalysisError, match="unknown normalisation 'log'"):
        normalise_column(one, "log")  # type: ignore[arg-type]
    with pytest.raises(AnalysisError, match="a direction is 1 or -1"):
        normalise_column(one, "none", direction=2)
    with pytest.raises(AnalysisError, match="'zz', which is not an indicator"):
        normalise(matrix([[1]]), directions={"zz": -1})


@given(column, st.sampled_from([1, -1]))
def test_minmax_spans_the_scale_and_keeps_the_order(x: list[Fraction], direction: int) -> None:
    out = normalise_column(x, "minmax", direction=direction)
    assert min(out) == 0
    assert max(out) == 100
    for a, b, na, nb in zip(x, x[1:], out, out[1:], strict=False):
        if a < b:
            assert (na < nb) if direction == 1 else (na > nb)  # type: ignore[operator]


@given(column, st.sampled_from(["rank", "percentile-rank", "minmax", "zscore"]))
def test_normalising_keeps_the_ranking(x: list[Fraction], method: str) -> None:
    assert rank(normalise_column(x, method)) == rank(x)  # type: ignore[arg-type]


@given(column)
def test_rank_methods_ignore_monotone_transforms(x: list[Fraction]) -> None:
    cubed = [v**3 + 7 for v in x]
    for method in ("rank", "percentile-rank"):
        assert normalise_column(x, method) == normalise_column(cubed, method)  # type: ignore[arg-type]


def test_missing_values_stay_missing() -> None:
    for method in NORMALISE_METHODS:
        kw = {"goalposts": (Fraction(0), Fraction(9))} if method == "goalposts" else {}
        kw |= {"target": Fraction(9)} if method == "distance-to-target" else {}
        out = normalise_column([Fraction(1), None, Fraction(3)], method, **kw)  # type: ignore[arg-type]
        assert out[1] is None
        assert out[0] is not None


# --- matrices from tables ------------------------------------------------------------------------


def test_a_matrix_from_a_table_names_bad_cells() -> None:
    t = parse_table('unit,x,y\nA,1,\nB,2,"1,5"\n', "i.csv")
    with pytest.raises(LoadError, match=r"i.csv: expected a number, got '1,5' @ \$\[row 3\].y"):
        IndicatorMatrix.from_table(t)
    m = IndicatorMatrix.from_table(parse_table("unit,x,y\nA,1,\nB,2,3\n"))
    assert m.missing == ((0, 1),)


def test_a_matrix_checks_its_shape() -> None:
    with pytest.raises(AnalysisError, match="indicator 'x' appears twice"):
        IndicatorMatrix(units=("A",), indicators=("x", "x"), values=((Fraction(1), Fraction(2)),))


# --- imputation ----------------------------------------------------------------------------------


def test_imputation_fills_and_marks() -> None:
    m = matrix([[1, 5], [None, 6], [3, None], [8, 7]])
    mean, median = impute(m, "mean"), impute(m, "median")
    assert mean.column("x0") == [1, 4, 3, 8]
    assert mean.column("x1") == [5, 6, 6, 7]
    assert median.column("x0") == [1, 3, 3, 8]
    assert mean.imputed == {(1, 0), (2, 1)}
    assert mean.is_imputed("u1", "x0")
    assert not mean.is_imputed("u0", "x0")
    assert impute(m, "none") is m
    with pytest.raises(AnalysisError, match="unknown imputation"):
        impute(m, "zero")  # type: ignore[arg-type]


# --- aggregation ---------------------------------------------------------------------------------


def test_means_and_weights() -> None:
    m = matrix([[1, 4], [2, 2]])
    assert aggregate(m, "arithmetic") == [Fraction(5, 2), 2]
    assert aggregate(m, "arithmetic", {"x0": 3}) == [Fraction(7, 4), 2]
    assert aggregate(m, "geometric") == [2, 2]
    assert aggregate(m, "harmonic") == [Fraction(8, 5), 2]
    with pytest.raises(AnalysisError, match="every weight is 0"):
        aggregate(m, "arithmetic", {"x0": 0, "x1": 0})
    with pytest.raises(AnalysisError, match="a weight must be >= 0"):
        aggregate(m, "arithmetic", {"x0": -1})
    with pytest.raises(AnalysisError, match="unknown aggregation 'median'"):
        aggregate(m, "median")  # type: ignore[arg-type]


def test_geometric_and_harmonic_refuse_zero_naming_the_unit() -> None:
    m = matrix([[1, 4], [0, 2]])
    for method in ("geometric", "harmonic"):
        with pytest.raises(AnalysisError) as exc:
            aggregate(m, method)  # type: ignore[arg-type]
        assert exc.value.problems[0].path == "$.units[1]"
        assert "unit 'u1'" in exc.value.problems[0].message


@given(st.lists(st.lists(value, min_size=3, max_size=3), min_size=1, max_size=6))
def test_harmonic_below_geometric_below_arithmetic(rows: list[list[Fraction]]) -> None:
    m = matrix(rows)  # type: ignore[arg-type]
    for h, g, a in zip(aggregate(m, "harmonic"), aggregate(m, "geometric"), aggregate(m, "arithmetic"), strict=True):
        assert h is not None
        assert g is not None
        assert a is not None
        assert h <= a
        assert float(h) <= float(g) * (1 + 1e-12)
        assert float(g) <= float(a) * (1 + 1e-12)


@given(st.lists(st.lists(st.one_of(st.none(), value), min_size=3, max_size=3), min_size=1, max_size=6))
def test_missing_values_drop_out_with_their_weight(rows: list[list[Fraction | None]]) -> None:
    weights = {"x0": 1, "x1": 2, "x2": 3}
    got = aggregate(matrix(rows), "arithmetic", weights)  # type: ignore[arg-type]
    for row, g in zip(rows, got, strict=True):
        present = [(Fraction(j + 1), v) for j, v in enumerate(row) if v is not None]
        if not present:
            assert g is None
        else:
            assert g == sum(w * v for w, v in present) / sum(w for w, _ in present)


def test_copeland_counts_wins_minus_losses() -> None:
    m = matrix([[100, 0], [50, 50], [0, 60]])
    assert copeland(m, {"x0": 1, "x1": 3}) == [-2, 0, 2]
    assert copeland(matrix([[1], [1]])) == [0, 0]
    assert aggregate(matrix([[1, None], [None, 2]]), "copeland") == [0, 0]  # nothing to compare on


@given(st.lists(st.lists(st.integers(0, 3), min_size=3, max_size=3), min_size=1, max_size=7), st.randoms())
def test_copeland_sums_to_zero_and_follows_permutation(rows: list[list[int]], rnd: object) -> None:
    scores = copeland(matrix(rows))  # type: ignore[arg-type]
    assert sum(s for s in scores if s is not None) == 0
    order = list(range(len(rows)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    shuffled = copeland(matrix([rows[i] for i in order]))  # type: ignore[misc]
    assert shuffled == [scores[i] for i in order]


def test_indicators_file_round_trip(tmp_path: Path) -> None:
    file = tmp_path / "i.csv"
    file.write_text("unit,x,y\nA,1,2\nB,3,4\n")
    from parlib.analysis import read_table

    assert IndicatorMatrix.from_table(read_table(file)).values == ((1, 2), (3, 4))
