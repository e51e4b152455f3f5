"""Rank uncertainty: reproducible, seeded, the same ranks in pure Python and numpy, progress, errors."""

from __future__ import annotations

import math
import random
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib.analysis import AnalysisError, IndicatorMatrix, aggregate, normalise, rank, sensitivity
from parlib.analysis.normalise import NORMALISE_METHODS, normalise_floats
from parlib.analysis.stream import Stream
from parlib.cli import main


def matrix(rows: list[list[object]]) -> IndicatorMatrix:
    return IndicatorMatrix.from_rows([f"u{i}" for i in range(len(rows))], [f"x{j}" for j in range(len(rows[0]))], rows)


M = matrix([[9, 1, 4], [5, 5, 5], [1, 8, 2], [7, 2, 9], [3, 3, 3]])


def test_the_stream_is_seeded_and_uniform() -> None:
    a, b = Stream(11).uniforms(2000), Stream(11).uniforms(2000)
    assert a == b
    assert a != Stream(12).uniforms(2000)
    assert all(0 <= u < 1 for u in a)
    assert 0.45 < sum(a) / len(a) < 0.55


def test_pure_python_runs_are_reproducible_and_seed_dependent() -> None:
    one = sensitivity(M, draws=300, seed=5, engine="python", noise=Fraction(1, 2))
    assert one == sensitivity(M, draws=300, seed=5, engine="python", noise=Fraction(1, 2))
    assert one.counts != sensitivity(M, draws=300, seed=6, engine="python", noise=Fraction(1, 2)).counts
    assert all(sum(row) == 300 for row in one.counts)
    assert [sum(row[r] for row in one.counts) for r in range(5)] == [300] * 5  # each rank taken once per draw


def test_no_noise_and_one_method_gives_the_nominal_ranks_every_time() -> None:
    result = sensitivity(M, draws=50, noise=0, engine="python")
    nominal = rank(aggregate(normalise(M, "minmax"), "arithmetic"))
    assert list(result.nominal) == nominal
    for s, r in zip(result.stats(), nominal, strict=True):
        assert s.median == s.q05 == s.q95 == s.mean == r


def test_nominal_ranks_are_exact_where_the_float_sums_do_not_tie() -> None:
    # B's min-max values are 100/11, 200/11 and 800/11: exactly 100 in all, like D's, but
    # the sum of the nearest floats is 100.00000000000001
    m = matrix([[0, 0, 0], [1, 2, 8], [11, 11, 11], [11, 0, 0]])
    b, d = normalise_floats(m, "minmax")[1], normalise_floats(m, "minmax")[3]
    assert math.fsum(b) > math.fsum(d)  # type: ignore[arg-type]
    assert rank(aggregate(normalise(m, "minmax"), "arithmetic")) == [4, 2, 1, 2]
    assert sensitivity(m, draws=5, engine="python").nominal == (4, 2, 1, 2)


fractions = st.builds(Fraction, st.integers(-(10**6), 10**6), st.sampled_from([1, 3, 7, 100, 10**20]))


@given(
    st.lists(st.lists(st.one_of(st.none(), fractions, fractions), min_size=3, max_size=3), min_size=1, max_size=8),
    st.sampled_from(NORMALISE_METHODS),
    st.sampled_from([1, -1]),
    st.sampled_from([(Fraction(0), Fraction(100)), (Fraction(1), Fraction(10)), (Fraction(-1, 3), Fraction(7))]),
)
def test_normalise_floats_are_the_floats_nearest_the_exact_values(
    rows: list[list[Fraction | None]], method: str, direction: int, scale: tuple[Fraction, Fraction]
) -> None:
    m = matrix(rows)  # type: ignore[arg-type]
    kw: dict[str, Any] = {"directions": {"x0": direction}, "scale": scale, "targets": dict.fromkeys(m.indicators, 50)}
    kw["goalposts"] = dict.fromkeys(m.indicators, (Fraction(-10), Fraction(10)))

    def outcome(fn: Any) -> object:  # the result, or the error's message
        try:
            return fn(m, method, **kw)
        except AnalysisError as error:
            return str(error)

    exact = outcome(normalise)
    if isinstance(exact, IndicatorMatrix):
        exact = tuple(tuple(None if v is None else float(v) for v in row) for row in exact.values)
    assert outcome(normalise_floats) == exact


def test_normalise_floats_on_a_larger_matrix() -> None:
    rnd = random.Random(7)  # noqa: S311  (test data)

    def cell() -> object:
        return None if rnd.random() < 0.1 else Fraction(rnd.randint(-999, 999), rnd.choice([1, 3, 7, 100]))

    m = matrix([[cell() for _ in range(6)] for _ in range(30)])
    for method in ("none", "minmax", "zscore", "rank", "percentile-rank", "fraction-of-max"):
        kw: dict[str, Any] = {"directions": {"x1": -1, "x4": -1}, "scale": (Fraction(1, 3), Fraction(10))}
        if method == "fraction-of-max":
            kw["directions"] = {}
        exact = normalise(m, method, **kw)
        expected = tuple(tuple(None if v is None else float(v) for v in row) for row in exact.values)
        assert normalise_floats(m, method, **kw) == expected, method


def test_stats_are_exact_type_7_quantiles_of_the_ranks() -> None:
    result = sensitivity(M, draws=101, seed=3, engine="python", noise=1)
    for i, s in enumerate(result.stats()):
        ranks = sorted(r for r, c in enumerate(result.counts[i], start=1) for _ in range(c))
        assert s.median == ranks[50]
        assert s.q05 == ranks[5]
        assert s.q95 == ranks[95]
        assert s.mean == Fraction(sum(ranks), 101)


def test_alternative_methods_are_sampled() -> None:
    result = sensitivity(
        M, draws=200, seed=2, engine="python", normalisations=["rank", "percentile-rank"], aggregations=["copeland", "geometric"],
        scale=(Fraction(1), Fraction(100)),
    )  # fmt: skip
    assert result.normalisations == ("minmax", "rank", "percentile-rank")
    assert result.aggregations == ("arithmetic", "copeland", "geometric")


def test_geometric_alternatives_need_positive_values() -> None:
    with pytest.raises(AnalysisError, match="the geometric mean needs values > 0, but normalisation 'minmax' gives 0 "):
        sensitivity(M, draws=5, aggregations=["geometric"], engine="python")


def test_bad_settings_are_errors() -> None:
    with pytest.raises(AnalysisError, match=r"sensitivity needs every value: 1 missing \(impute first\)"):
        sensitivity(matrix([[1, None], [2, 3]]), draws=5)
    with pytest.raises(AnalysisError, match=r"the weight noise f lies in \[0, 1\]"):
        sensitivity(M, noise=2)
    with pytest.raises(AnalysisError, match="draws must be a whole number >= 1"):
        sensitivity(M, draws=0)
    with pytest.raises(AnalysisError, match="chunk must be a whole number >= 1"):
        sensitivity(M, chunk=0)
    with pytest.raises(AnalysisError, match="unknown engine"):
        sensitivity(M, engine="gpu")  # type: ignore[arg-type]
    with pytest.raises(AnalysisError, match="unknown method 'median'"):
        sensitivity(M, aggregations=["median"])  # type: ignore[list-item]


def test_the_numpy_engine_without_numpy_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)  # import numpy now raises ImportError
    with pytest.raises(AnalysisError, match=r"pip install 'parlib\[numpy\]'"):
        sensitivity(M, draws=5, engine="numpy")
    assert sensitivity(M, draws=5, engine="auto").engine == "python"


def test_progress_is_reported_per_chunk() -> None:
    calls: list[tuple[int, int]] = []
    sensitivity(M, draws=100, engine="python", progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (100, 100)
    assert all(t == 100 for _, t in calls)
    assert len(calls) >= 2


# --- the command line ----------------------------------------------------------------------------


def test_cli_sensitivity_of_papi_dimensions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "p.csv"
    file.write_text("unit,D1,D2,D3\nA,5,6,7\nB,6,6,6\nC,4,4,9\nD,7,7,7\n")
    args = ["sensitivity", str(file), "--framework", "papi-2011", "--normalise", "none", "--draws", "200",
            "--engine", "python", "--format", "csv"]  # fmt: skip
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "unit,nominal,median,mean,q05,q95"
    assert lines[4].startswith("D,1,1.00,1.00,1.00,1.00")
    assert main([*args[:-2], "--seed", "3"]) == 0
    assert "Rank uncertainty: 200 draws, seed 3" in capsys.readouterr().out


def test_cli_sensitivity_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "p.csv"
    file.write_text("unit,D1,D9\nA,5,6\nB,5,7\n")
    assert main(["sensitivity", str(file), "--framework", "papi-2011"]) == 1
    assert capsys.readouterr().err == f"{file}: column 'D9' names no criterion of framework 'papi-2011' @ $[row 1].D9\n"
    assert main(["sensitivity", str(file)]) == 1
    err = capsys.readouterr().err
    assert err == f"{file}: min-max normalisation divides by zero: every unit has the value 5 @ $.indicators.D1\n"
    assert main(["sensitivity", str(file), "--direction", "D1=down"]) == 1
    assert "direction for 'D1' must be 1 or -1" in capsys.readouterr().err


def test_cli_progress_goes_to_stderr_after_a_second(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from parlib.cli import analysis

    clock = iter(range(0, 1000, 2))
    monkeypatch.setattr(analysis.time, "perf_counter", lambda: float(next(clock)))
    report = analysis._Progress()
    report(10, 100)
    report(100, 100)
    assert capsys.readouterr().err == "sensitivity: 10/100 draws, 2.0 s\nsensitivity: 100/100 draws, 4.0 s\n"
