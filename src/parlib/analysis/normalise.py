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
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs

from parlib.analysis.errors import AnalysisError
from parlib.analysis.indicators import IndicatorMatrix
from parlib.analysis.ranking import rank
from parlib.errors import Problem

__all__ = ["NORMALISE_METHODS", "NormaliseMethod", "normalise", "normalise_column", "normalise_floats"]

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


@attrs.frozen
class _Linear:
    """Normalised values as whole numbers over one denominator: ``numerators[i] / denominator``."""

    numerators: list[int | None]
    denominator: int

    def exact(self) -> list[Fraction | None]:
        return [None if n is None else Fraction(n, self.denominator) for n in self.numerators]

    def floats(self) -> list[float | None]:
        # int / int is correctly rounded: the float nearest the exact value, as float(Fraction) gives
        return [None if n is None else n / self.denominator for n in self.numerators]


_Result = list[Fraction | None] | _Linear
"""A method's result: exact values, or (the linear methods) whole numbers over one denominator."""


@attrs.frozen
class _Column:
    """One indicator being normalised: its values, direction, output scale and where it is."""

    values: Sequence[Fraction | None]
    direction: int
    low: Fraction
    span: Fraction
    path: str

    @property
    def present(self) -> list[Fraction]:
        return [v for v in self.values if v is not None]

    def each(self, f: Callable[[Fraction], Fraction]) -> list[Fraction | None]:
        return [None if v is None else f(v) for v in self.values]

    def scaled(self) -> tuple[int, list[int | None]]:
        """The values as whole numbers over one common denominator: ``(common, [x * common, ...])``."""
        common = math.lcm(*(v.denominator for v in self.present))
        return common, [None if v is None else v.numerator * (common // v.denominator) for v in self.values]

    def linear(self, factor: Fraction, offset: Fraction, scaled: tuple[int, list[int | None]] | None = None) -> _Linear:
        """``factor * x + offset`` for every present x, exactly, in whole numbers (*scaled*: :meth:`scaled`)."""
        common, whole = scaled if scaled is not None else self.scaled()
        times = factor.numerator * offset.denominator
        shift = offset.numerator * common * factor.denominator
        numerators = [None if n is None else n * times + shift for n in whole]
        return _Linear(numerators, common * factor.denominator * offset.denominator)

    def fail(self, message: str) -> AnalysisError:
        return AnalysisError([Problem(message, self.path)])


def _none(c: _Column, _goalposts: object, _target: object) -> list[Fraction | None]:
    return list(c.values) if c.direction == 1 else c.each(lambda v: -v)


def _minmax(c: _Column, _goalposts: object, _target: object) -> _Linear:
    # in whole numbers over a common denominator: thousands of values cost no fraction arithmetic
    scaled = c.scaled()
    common, whole = scaled
    present = [n for n in whole if n is not None]
    lo, hi = (min(present), max(present)) if c.direction == 1 else (-max(present), -min(present))
    if lo == hi:
        raise c.fail(f"min-max normalisation divides by zero: every unit has the value {c.present[0]}")
    factor = c.span * common / (hi - lo)  # per unit of x; the signed x * common runs from lo to hi
    return c.linear(c.direction * factor, c.low - Fraction(lo, common) * factor, scaled)


def _zscore(c: _Column, _goalposts: object, _target: object) -> _Linear:
    signed = [c.direction * v for v in c.present]
    if len(signed) < 2:
        raise c.fail("z-scores need at least two units with a value")
    mean = sum(signed, Fraction(0)) / len(signed)
    variance = sum(((v - mean) ** 2 for v in signed), Fraction(0)) / (len(signed) - 1)
    if variance == 0:
        raise c.fail(f"z-scores divide by zero: every unit has the value {c.present[0]}")
    sd = _sqrt(variance)
    return c.linear(c.direction / sd, -mean / sd)


def _rank(c: _Column, _goalposts: object, _target: object) -> list[Fraction | None]:
    ranks = rank([None if v is None else c.direction * v for v in c.values], descending=False)
    return [None if r is None else Fraction(r) for r in ranks]


def _percentile_rank(c: _Column, _goalposts: object, _target: object) -> list[Fraction | None]:
    n = len(c.present)
    if n < 2:
        raise c.fail("percentile ranks need at least two units with a value")
    ranks = rank([None if v is None else c.direction * v for v in c.values], descending=False)
    return [None if r is None else Fraction(r - 1, n - 1) * c.span + c.low for r in ranks]


def _goalposts(c: _Column, goalposts: tuple[Fraction, Fraction] | None, _target: object) -> list[Fraction | None]:
    if goalposts is None:
        raise c.fail("goalposts normalisation needs goalposts (L, U) for the indicator")
    lo, hi = Fraction(goalposts[0]), Fraction(goalposts[1])
    if lo == hi:
        raise c.fail(f"goalposts normalisation divides by zero: L = U = {lo}")

    def post(v: Fraction) -> Fraction:
        share = (v - lo) / (hi - lo) if c.direction == 1 else (hi - v) / (hi - lo)
        return min(Fraction(1), max(Fraction(0), share)) * c.span + c.low

    return c.each(post)


def _target(c: _Column, _goalposts: object, target: Fraction | None) -> list[Fraction | None]:
    if target is None:
        raise c.fail("distance-to-target normalisation needs a target for the indicator")
    t = Fraction(target)
    ref = min(c.present) if c.direction == 1 else max(c.present)
    if ref == t:
        raise c.fail(f"distance-to-target divides by zero: the target {t} is the worst value")
    return c.each(lambda v: min(Fraction(1), (v - ref) / (t - ref)) * c.span + c.low)


def _fraction_of_max(c: _Column, _goalposts: object, _target: object) -> list[Fraction | None]:
    best = max(c.present) if c.direction == 1 else min(c.present)
    if best == 0 or (c.direction == -1 and 0 in c.present):
        raise c.fail("fraction-of-max divides by zero: a value of 0 where it divides")
    return c.each(lambda v: (v / best if c.direction == 1 else best / v) * c.span + c.low)


_METHODS: dict[str, Callable[[_Column, Any, Any], _Result]] = {
    "none": _none,
    "minmax": _minmax,
    "zscore": _zscore,
    "rank": _rank,
    "percentile-rank": _percentile_rank,
    "goalposts": _goalposts,
    "distance-to-target": _target,
    "fraction-of-max": _fraction_of_max,
}


def _normalised(
    values: Sequence[Fraction | None],
    method: str,
    *,
    direction: int,
    scale: tuple[Fraction, Fraction],
    goalposts: tuple[Fraction, Fraction] | None,
    target: Fraction | None,
    path: str,
) -> _Result:
    if method not in _METHODS:
        raise AnalysisError.one(f"unknown normalisation {method!r}; known: {', '.join(NORMALISE_METHODS)}", path)
    if direction not in (1, -1):
        raise AnalysisError.one(f"a direction is 1 or -1, got {direction!r}", path)
    low, high = Fraction(scale[0]), Fraction(scale[1])
    column = _Column(values, direction, low, high - low, path)
    if not column.present:
        return [None] * len(values)
    return _METHODS[method](column, goalposts, target)


def _exact(result: _Result) -> list[Fraction | None]:
    return result.exact() if isinstance(result, _Linear) else result


def _floats(result: _Result) -> list[float | None]:
    return result.floats() if isinstance(result, _Linear) else [None if v is None else float(v) for v in result]


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
    return _exact(
        _normalised(values, method, direction=direction, scale=scale, goalposts=goalposts, target=target, path=path)
    )


def _columns(
    matrix: IndicatorMatrix,
    method: str,
    *,
    directions: Mapping[str, int] | None,
    scale: tuple[Fraction, Fraction],
    goalposts: Mapping[str, tuple[Fraction, Fraction]] | None,
    targets: Mapping[str, Fraction] | None,
) -> list[_Result]:
    """Every indicator's normalised values, after checking that the settings name indicators."""
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
    return [
        _normalised(
            matrix.column(name),
            method,
            direction=directions.get(name, 1),
            scale=scale,
            goalposts=goalposts.get(name),
            target=targets.get(name),
            path=f"$.indicators.{name}",
        )
        for name in matrix.indicators
    ]


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
    columns = _columns(matrix, method, directions=directions, scale=scale, goalposts=goalposts, targets=targets)
    return matrix.with_columns([_exact(c) for c in columns])


def normalise_floats(
    matrix: IndicatorMatrix,
    method: NormaliseMethod = "minmax",
    *,
    directions: Mapping[str, int] | None = None,
    scale: tuple[Fraction, Fraction] = (Fraction(0), Fraction(100)),
    goalposts: Mapping[str, tuple[Fraction, Fraction]] | None = None,
    targets: Mapping[str, Fraction] | None = None,
) -> tuple[tuple[float | None, ...], ...]:
    """
    The rows of :func:`normalise`'s result as floats: each the float nearest
    the exact value (``float(v)``, ``None`` where missing), the same errors.

    For ``minmax`` and ``zscore`` no fractions are built: the exact values are
    whole numbers over one denominator per indicator, divided once. This is
    what a Monte-Carlo run (:mod:`~parlib.analysis.sensitivity`) needs.

    >>> from parlib.analysis.indicators import IndicatorMatrix
    >>> m = IndicatorMatrix.from_rows(["A", "B", "C"], ["x", "y"], [[0, 5], [1, None], [3, 2]])
    >>> normalise_floats(m, "minmax")
    ((0.0, 100.0), (33.333333333333336, None), (100.0, 0.0))
    """
    columns = [
        _floats(c)
        for c in _columns(matrix, method, directions=directions, scale=scale, goalposts=goalposts, targets=targets)
    ]
    return tuple(zip(*columns, strict=True)) if columns else ((),) * len(matrix.units)
