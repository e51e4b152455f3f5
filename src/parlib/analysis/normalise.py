"""
Normalising indicators across units (COINr's ``Normalise``), with direction.

Methods, for an indicator x over the units that have a value (d = direction,
1 if higher is better, -1 if lower is better; [l, u] the output scale, 0-100
by default):

============================  ================================================
``none``                      d x: the values as they are (indicators already
                              on one scale, such as PAPI's 1-10 dimensions)
``minmax``                    (d x - min) / (max - min) (u - l) + l, on d x
``zscore``                    (d x - mean) / sd (sample sd, n - 1); floats
``rank``                      rank of d x, 1 for the lowest, ties share the
                              lowest rank (R's ``ties.method = "min"``)
``percentile-rank``           (rank - 1) / (n - 1) (u - l) + l
``goalposts``                 (x - L) / (U - L), or (U - x) / (U - L) for
                              d = -1, cut to [0, 1], then (u - l) + l
``distance-to-target``        (x - min) / (t - min), or (max - x) / (max - t)
                              for d = -1, capped at 1, then (u - l) + l
``fraction-of-max``           x / max, or min / x for d = -1 (the share of the
                              best value), then (u - l) + l
============================  ================================================

Everything is exact (fractions) except ``zscore``: its standard deviation is
the floating-point square root of the exact variance (exact when the variance
is a perfect square), and the results are exact fractions of that.

A normalisation that would divide by zero (every unit equal for ``minmax``
and ``zscore``, one unit for ``percentile-rank`` or ``zscore``, ``U = L``,
``t = min``, a maximum of 0) is an :class:`~parlib.analysis.errors.AnalysisError`
naming the indicator, never a silent choice. Missing values stay missing.

>>> from parlib.analysis.indicators import IndicatorMatrix
>>> m = IndicatorMatrix.from_rows(["A", "B", "C"], ["x"], [[2], [4], [6]])
>>> normalise(m, "minmax").column("x")
[Fraction(0, 1), Fraction(50, 1), Fraction(100, 1)]
>>> normalise(m, "minmax", directions={"x": -1}).column("x")
[Fraction(100, 1), Fraction(50, 1), Fraction(0, 1)]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Literal

from parlib.analysis.errors import AnalysisError
from parlib.analysis.indicators import IndicatorMatrix
from parlib.analysis.ranking import rank

__all__ = ["NORMALISE_METHODS", "NormaliseMethod", "normalise", "normalise_column"]

NormaliseMethod = Literal[
    "none", "minmax", "zscore", "rank", "percentile-rank", "goalposts", "distance-to-target", "fraction-of-max"
]
NORMALISE_METHODS: tuple[str, ...] = (
    "none",
    "minmax",
    "zscore",
    "rank",
    "percentile-rank",
    "goalposts",
    "distance-to-target",
    "fraction-of-max",
)


def _sqrt(value: Fraction) -> Fraction:
    """The square root: exact for a perfect square of a fraction, else the float root."""
    num, den = math.isqrt(value.numerator), math.isqrt(value.denominator)
    if num * num == value.numerator and den * den == value.denominator:
        return Fraction(num, den)
    return Fraction(repr(math.sqrt(value)))


def normalise_column(
    values: Sequence[Fraction | None],
    method: NormaliseMethod = "minmax",
    *,
    direction: int = 1,
    scale: tuple[Fraction, Fraction] = (Fraction(0), Fraction(100)),
    goalposts: tuple[Fraction, Fraction] | None = None,
    target: Fraction | None = None,
    path: str = "$",
) -> list[Fraction | None]:
    """
    Normalise one indicator's values (see the module docstring for the formulas).

    >>> normalise_column([Fraction(1), Fraction(1)], "minmax", path="$.indicators.x")
    Traceback (most recent call last):
    ...
    parlib.analysis.errors.AnalysisError: min-max normalisation divides by zero: every unit has the value 1 @ $.indicators.x
    >>> normalise_column([Fraction(5), None, Fraction(15)], "goalposts", goalposts=(Fraction(0), Fraction(10)))
    [Fraction(50, 1), None, Fraction(100, 1)]
    """
    if method not in NORMALISE_METHODS:
        raise AnalysisError.one(f"unknown normalisation {method!r}; known: {', '.join(NORMALISE_METHODS)}", path)
    if direction not in (1, -1):
        raise AnalysisError.one(f"a direction is 1 or -1, got {direction!r}", path)
    low, high = Fraction(scale[0]), Fraction(scale[1])
    span = high - low
    present = [v for v in values if v is not None]
    if not present:
        return [None] * len(values)

    def each(f: object) -> list[Fraction | None]:
        return [None if v is None else f(v) for v in values]  # type: ignore[operator]

    def linear(factor: Fraction, offset: Fraction) -> list[Fraction | None]:
        """``factor * x + offset`` for every present x, exactly, over one common denominator."""
        common = math.lcm(*(v.denominator for v in present))
        den = common * factor.denominator * offset.denominator
        scale = factor.numerator * offset.denominator
        shift = offset.numerator * common * factor.denominator
        return [None if v is None else Fraction(v.numerator * (common // v.denominator) * scale + shift, den)
                for v in values]  # fmt: skip

    if method == "none":
        return list(values) if direction == 1 else [None if v is None else -v for v in values]
    signed = [direction * v for v in present]
    if method == "minmax":
        lo, hi = min(signed), max(signed)
        if lo == hi:
            raise AnalysisError.one(
                f"min-max normalisation divides by zero: every unit has the value {present[0]}", path
            )
        factor = span / (hi - lo)
        return linear(direction * factor, low - lo * factor)
    if method == "zscore":
        if len(present) < 2:
            raise AnalysisError.one("z-scores need at least two units with a value", path)
        mean = sum(signed, Fraction(0)) / len(signed)
        variance = sum(((v - mean) ** 2 for v in signed), Fraction(0)) / (len(signed) - 1)
        if variance == 0:
            raise AnalysisError.one(f"z-scores divide by zero: every unit has the value {present[0]}", path)
        sd = _sqrt(variance)
        return linear(direction / sd, -mean / sd)
    if method in ("rank", "percentile-rank"):
        ranks = rank([None if v is None else direction * v for v in values], descending=False)
        if method == "rank":
            return [None if r is None else Fraction(r) for r in ranks]
        if len(present) < 2:
            raise AnalysisError.one("percentile ranks need at least two units with a value", path)
        n = len(present)
        return [None if r is None else Fraction(r - 1, n - 1) * span + low for r in ranks]
    if method == "goalposts":
        if goalposts is None:
            raise AnalysisError.one("goalposts normalisation needs goalposts (L, U) for the indicator", path)
        lo, hi = Fraction(goalposts[0]), Fraction(goalposts[1])
        if lo == hi:
            raise AnalysisError.one(f"goalposts normalisation divides by zero: L = U = {lo}", path)

        def post(v: Fraction) -> Fraction:
            share = (v - lo) / (hi - lo) if direction == 1 else (hi - v) / (hi - lo)
            return min(Fraction(1), max(Fraction(0), share)) * span + low

        return each(post)
    if method == "distance-to-target":
        if target is None:
            raise AnalysisError.one("distance-to-target normalisation needs a target for the indicator", path)
        t = Fraction(target)
        ref = min(present) if direction == 1 else max(present)
        if ref == t:
            raise AnalysisError.one(f"distance-to-target divides by zero: the target {t} is the worst value", path)

        def dist(v: Fraction) -> Fraction:
            return min(Fraction(1), (v - ref) / (t - ref)) * span + low

        return each(dist)
    # fraction-of-max
    best = max(present) if direction == 1 else min(present)
    if best == 0 or (direction == -1 and 0 in present):
        raise AnalysisError.one("fraction-of-max divides by zero: a value of 0 where it divides", path)
    return each(lambda v: (v / best if direction == 1 else best / v) * span + low)


def normalise(
    matrix: IndicatorMatrix,
    method: NormaliseMethod = "minmax",
    *,
    directions: Mapping[str, int] | None = None,
    scale: tuple[Fraction, Fraction] = (Fraction(0), Fraction(100)),
    goalposts: Mapping[str, tuple[Fraction, Fraction]] | None = None,
    targets: Mapping[str, Fraction] | None = None,
) -> IndicatorMatrix:
    """
    Normalise every indicator of *matrix* with *method*; *directions*,
    *goalposts* and *targets* are by indicator id (direction 1 by default).

    >>> from parlib.analysis.indicators import IndicatorMatrix
    >>> m = IndicatorMatrix.from_rows(["A", "B", "C"], ["x"], [[1], [2], [2]])
    >>> normalise(m, "rank").column("x"), normalise(m, "percentile-rank").column("x")
    ([Fraction(1, 1), Fraction(2, 1), Fraction(2, 1)], [Fraction(0, 1), Fraction(50, 1), Fraction(50, 1)])
    """
    directions = directions or {}
    goalposts = goalposts or {}
    targets = targets or {}
    problems = [
        f"{kind} names {k!r}, which is not an indicator"
        for kind, table in (("directions", directions), ("goalposts", goalposts), ("targets", targets))
        for k in table
        if k not in matrix.indicators
    ]
    if problems:
        raise AnalysisError.one("; ".join(problems), "$.indicators")
    columns = [
        normalise_column(
            matrix.column(name),
            method,
            direction=directions.get(name, 1),
            scale=scale,
            goalposts=goalposts.get(name),
            target=targets.get(name),
            path=f"$.indicators.{name}",
        )  # fmt: skip
        for name in matrix.indicators
    ]
    return matrix.with_columns(columns)
