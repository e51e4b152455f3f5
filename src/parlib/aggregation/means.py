"""
The built-in aggregations: additive points, weighted arithmetic, geometric,
harmonic and power means, and the minimum.

Additive, arithmetic, harmonic and minimum are exact. Geometric and power
means (with a non-integer result) use floats through :func:`math.fsum` and
logarithms, are clamped to the range of their inputs, and are converted back
to exact numbers through the float's shortest repr. Their weights are first
normalised exactly (each weight over the sum, as fractions), so multiplying
sibling weights by any factor never changes a result, not even in the last
digit of a float.

>>> from fractions import Fraction
>>> from parlib.aggregation.base import Part
>>> parts = [Part("a", Fraction(1), Fraction(1), Fraction(3)), Part("b", Fraction(0), Fraction(1), Fraction(1))]
>>> WeightedMean().combine(parts, Fraction(100)).points
Fraction(75, 1)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import ClassVar

import attrs

from parlib.aggregation.base import Combined, Part
from parlib.errors import Problem, ScoringError
from parlib.numbers import to_number
from parlib.rules.base import describe

__all__ = ["Additive", "GeometricMean", "HarmonicMean", "Minimum", "PowerMean", "WeightedMean"]


def _weights(parts: Sequence[Part]) -> Fraction:
    return sum((p.weight for p in parts), Fraction(0))


def _shares(parts: Sequence[Part], total: Fraction) -> list[Fraction]:
    """Each part's weight over *total*, exactly: the same for weights scaled by any factor."""
    return [p.weight / total for p in parts]


def _scaled(index: Fraction, maximum: Fraction) -> Fraction:
    return index * maximum / 100


def _from_float(value: float, low: Fraction, high: Fraction) -> Fraction:
    exact = Fraction(repr(value)) if math.isfinite(value) else high
    return min(high, max(low, exact))


@attrs.frozen
class Additive:
    """
    Points add up: the PAR Index model. N/A children leave the applicable maximum.

    >>> Additive().combine([Part("a", Fraction(1, 2), Fraction(1), Fraction(1))], Fraction(1)).detail
    'sum of 1 part'
    """

    type: ClassVar[str] = "additive"
    additive: ClassVar[bool] = True

    def check(self) -> list[Problem]:
        """
        No parameters.

        >>> Additive().check()
        []
        """
        return []

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        """
        Sum points and applicable maxima.

        >>> Additive().combine([], Fraction(0)).points
        Fraction(0, 1)
        """
        zero = Fraction(0)
        points = sum((p.points for p in parts), zero)
        applicable = sum((p.applicable_maximum for p in parts), zero)
        word = "part" if len(parts) == 1 else "parts"
        return Combined(points, applicable, f"sum of {len(parts)} {word}")


@attrs.frozen
class WeightedMean:
    """
    Weighted arithmetic mean of the children's indexes, weights relative to siblings.

    Renormalised over applicable children; every applicable weight 0 makes the
    node not applicable.

    >>> WeightedMean().combine([Part("a", Fraction(1), Fraction(1), Fraction(0))], Fraction(10)).points is None
    True
    """

    type: ClassVar[str] = "weighted-mean"
    additive: ClassVar[bool] = False

    def check(self) -> list[Problem]:
        """
        No parameters.

        >>> WeightedMean().check()
        []
        """
        return []

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        """
        The exact weighted mean, scaled to *maximum*.

        >>> parts = [Part("a", Fraction(1), Fraction(2), Fraction(1)), Part("b", Fraction(2), Fraction(2), Fraction(1))]
        >>> WeightedMean().combine(parts, Fraction(10)).points
        Fraction(15, 2)
        """
        total = _weights(parts)
        if total == 0:
            return Combined(None, Fraction(0), "no applicable weight")
        mean = sum((p.weight * p.index for p in parts), Fraction(0)) / total
        return Combined(_scaled(mean, maximum), maximum, f"weighted mean {describe(mean)}% of {len(parts)}")


def _positive(parts: Sequence[Part], name: str) -> None:
    zero = [p.id for p in parts if p.weight > 0 and p.points <= 0]
    if zero:
        raise ScoringError.one(
            f"a {name} cannot take an index of 0; children at 0: {', '.join(zero)}"
            " (use another aggregation or an N/A policy)",
        )


@attrs.frozen
class GeometricMean:
    """
    Weighted geometric mean of the indexes (floats, clamped to the inputs' range).

    An applicable child at 0 is an error: the geometric mean cannot take it.

    >>> parts = [Part("a", Fraction(1), Fraction(1), Fraction(1)), Part("b", Fraction(1, 4), Fraction(1), Fraction(1))]
    >>> GeometricMean().combine(parts, Fraction(100)).points
    Fraction(50, 1)
    """

    type: ClassVar[str] = "geometric-mean"
    additive: ClassVar[bool] = False

    def check(self) -> list[Problem]:
        """
        No parameters.

        >>> GeometricMean().check()
        []
        """
        return []

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        """
        ``exp(sum(w * ln x) / sum(w))`` over applicable children: exact when the
        root is rational, else floats over the exactly normalised weights.

        >>> GeometricMean().combine([Part("a", Fraction(0), Fraction(1), Fraction(1))], Fraction(1))
        Traceback (most recent call last):
        ...
        parlib.errors.ScoringError: a geometric mean cannot take an index of 0; children at 0: a (use another aggregation or an N/A policy) @ $
        """
        weighted = [p for p in parts if p.weight > 0]
        total = _weights(weighted)
        if total == 0:
            return Combined(None, Fraction(0), "no applicable weight")
        _positive(weighted, "geometric mean")
        indexes = [p.index for p in weighted]
        shares = _shares(weighted, total)
        mean = _exact_geometric(indexes, shares)
        if mean is None:
            logs = math.fsum(float(s) * math.log(float(x)) for s, x in zip(shares, indexes, strict=True))
            mean = _from_float(math.exp(logs), min(indexes), max(indexes))
        return Combined(_scaled(mean, maximum), maximum, f"geometric mean {describe(mean)}% of {len(weighted)}")


@attrs.frozen
class HarmonicMean:
    """
    Weighted harmonic mean of the indexes, exact: ``sum(w) / sum(w / x)``.

    >>> parts = [Part("a", Fraction(1), Fraction(1), Fraction(1)), Part("b", Fraction(1, 2), Fraction(1), Fraction(1))]
    >>> HarmonicMean().combine(parts, Fraction(100)).points
    Fraction(200, 3)
    """

    type: ClassVar[str] = "harmonic-mean"
    additive: ClassVar[bool] = False

    def check(self) -> list[Problem]:
        """
        No parameters.

        >>> HarmonicMean().check()
        []
        """
        return []

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        """
        The exact weighted harmonic mean, scaled to *maximum*.

        >>> HarmonicMean().combine([], Fraction(1)).points is None
        True
        """
        weighted = [p for p in parts if p.weight > 0]
        total = _weights(weighted)
        if total == 0:
            return Combined(None, Fraction(0), "no applicable weight")
        _positive(weighted, "harmonic mean")
        mean = total / sum((p.weight / p.index for p in weighted), Fraction(0))
        return Combined(_scaled(mean, maximum), maximum, f"harmonic mean {describe(mean)}% of {len(weighted)}")


@attrs.frozen
class PowerMean:
    """
    Weighted generalised (power) mean ``(sum(w x^p) / sum(w))^(1/p)``; ``p = 1`` is
    the arithmetic mean, ``p = -1`` the harmonic, ``p = 0`` the geometric.

    Exact when the root is exact (``p = 1``, or a perfect power); otherwise
    floats, clamped to the inputs' range. Non-positive ``p`` cannot take a 0.

    >>> parts = [Part("a", Fraction(1), Fraction(1), Fraction(1)), Part("b", Fraction(0), Fraction(1), Fraction(1))]
    >>> PowerMean(p=1).combine(parts, Fraction(100)).points
    Fraction(50, 1)
    >>> round(float(PowerMean(p=2).combine(parts, Fraction(100)).points), 6)
    70.710678
    """

    type: ClassVar[str] = "power-mean"
    additive: ClassVar[bool] = False
    p: Fraction = attrs.field(default=Fraction(1), converter=to_number)

    def check(self) -> list[Problem]:
        """
        ``p`` must lie in [-10, 10] (larger powers overflow for no practical gain).

        >>> PowerMean(p=50).check()[0].path
        '$.p'
        """
        if not -10 <= self.p <= 10:
            return [Problem(f"p must lie in [-10, 10], got {describe(self.p)}", "$.p")]
        return []

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        """
        The power mean, scaled to *maximum*.

        >>> PowerMean(p=-1).combine([Part("a", Fraction(0), Fraction(1), Fraction(1))], Fraction(1))
        Traceback (most recent call last):
        ...
        parlib.errors.ScoringError: a power mean with p <= 0 cannot take an index of 0; children at 0: a (use another aggregation or an N/A policy) @ $
        """
        if self.p == 0:
            return GeometricMean().combine(parts, maximum)
        weighted = [p for p in parts if p.weight > 0]
        total = _weights(weighted)
        if total == 0:
            return Combined(None, Fraction(0), "no applicable weight")
        if self.p < 0:
            _positive(weighted, "power mean with p <= 0")
        indexes = [p.index for p in weighted]
        label = f"power mean (p={describe(self.p)})"
        if self.p == 1:
            mean = sum((p.weight * p.index for p in weighted), Fraction(0)) / total
        elif self.p.denominator == 1:
            inner = sum((p.weight * p.index**self.p.numerator for p in weighted), Fraction(0)) / total
            mean = _root(inner, self.p.numerator, min(indexes), max(indexes))
        else:
            shares = _shares(weighted, total)
            terms = math.fsum(float(s) * float(x) ** float(self.p) for s, x in zip(shares, indexes, strict=True))
            value = terms ** (1 / float(self.p))
            mean = _from_float(value, min(indexes), max(indexes))
        return Combined(_scaled(mean, maximum), maximum, f"{label} {describe(mean)}% of {len(weighted)}")


def _iroot(value: int, n: int) -> int | None:
    """The exact integer n-th root of a non-negative integer, or None (Newton's method on integers)."""
    if value < 2:
        return value
    x = 1 << -(-value.bit_length() // n)
    while True:
        y = ((n - 1) * x + value // x ** (n - 1)) // n
        if y >= x:
            break
        x = y
    return x if x**n == value else None


def _exact_root(value: Fraction, n: int) -> Fraction | None:
    """The n-th root of a non-negative fraction when it is rational, else None."""
    num, den = _iroot(value.numerator, n), _iroot(value.denominator, n)
    return None if num is None or den is None else Fraction(num, den)


_EXACT_LIMIT = 64  # the largest root a geometric mean tries exactly


def _exact_geometric(indexes: Sequence[Fraction], shares: Sequence[Fraction]) -> Fraction | None:
    """
    The geometric mean of *indexes* weighted by *shares* (summing to 1) when the root is rational, else None.

    The shares are written over their least common denominator ``n``, the root's
    degree, so the result depends on the weights' ratios only.
    """
    degree = math.lcm(*(s.denominator for s in shares))
    if degree > _EXACT_LIMIT:
        return None
    product = Fraction(1)
    for index, share in zip(indexes, shares, strict=True):
        product *= index ** (share * degree).numerator
    return _exact_root(product, degree)


def _root(value: Fraction, n: int, low: Fraction, high: Fraction) -> Fraction:
    """The n-th root of an exact value: exact when it is rational, else a clamped float."""
    if n < 0:
        return _root(1 / value, -n, low, high)
    exact = _exact_root(value, n)
    if exact is not None:
        return exact
    return _from_float(float(value) ** (1 / n), low, high)


@attrs.frozen
class Minimum:
    """
    The lowest index among applicable children (weights 0 are ignored): the weakest link.

    >>> parts = [Part("a", Fraction(1), Fraction(1), Fraction(1)), Part("b", Fraction(1), Fraction(4), Fraction(1))]
    >>> Minimum().combine(parts, Fraction(100)).points
    Fraction(25, 1)
    """

    type: ClassVar[str] = "minimum"
    additive: ClassVar[bool] = False

    def check(self) -> list[Problem]:
        """
        No parameters.

        >>> Minimum().check()
        []
        """
        return []

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        """
        The minimum index, scaled to *maximum*.

        >>> Minimum().combine([], Fraction(1)).points is None
        True
        """
        weighted = [p for p in parts if p.weight > 0]
        if not weighted:
            return Combined(None, Fraction(0), "no applicable weight")
        low = min(weighted, key=lambda p: p.index)
        return Combined(_scaled(low.index, maximum), maximum, f"minimum {describe(low.index)}% ({low.id})")
