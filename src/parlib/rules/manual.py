"""
The ``manual`` rule: points given directly, within [0, max].

>>> from fractions import Fraction
>>> Manual().score(Fraction(3, 2), Fraction(2)).detail
'given 1.5 -> 1.5'
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import ClassVar, cast

import attrs

from parlib.errors import Problem, ScoringError
from parlib.numbers import DENOMINATOR, NUMERATOR
from parlib.rules.base import Outcome, Value, as_number, describe

__all__ = ["Manual"]


@attrs.frozen
class Manual:
    """
    Points given directly by an assessor; a value outside [0, max] is an error.

    >>> Manual().score(Fraction(3), Fraction(2))
    Traceback (most recent call last):
    ...
    parlib.errors.ScoringError: points must lie in [0, 2], got 3 @ $.value
    """

    type: ClassVar[str] = "manual"
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        """
        A manual rule fits any maximum.

        >>> Manual().check(Fraction(0))
        []
        """
        return []

    def points_pair(self, value: Value, maximum: Fraction) -> tuple[int, int]:
        """
        The points as a numerator and denominator: the kernel batch scoring calls for each new value.

        >>> Manual().points_pair(Fraction(3, 4), Fraction(1))
        (3, 4)
        """
        if type(value) is Fraction:  # the usual case, compared in integers
            num, den = value.numerator, value.denominator
            if num >= 0 and num * maximum.denominator <= maximum.numerator * den:
                return num, den
        points = self._given(value, maximum)
        return points.numerator, points.denominator

    def points_column(self, values: Sequence[Value], maximum: Fraction) -> tuple[list[int], list[int]] | None:
        """
        Many values' points at once as numerators and denominators; ``None`` unless all are numbers.

        The caller checks the range; a value outside it is then scored alone, which raises.

        >>> Manual().points_column([Fraction(1, 2), Fraction(3)], Fraction(4))
        ([1, 3], [2, 1])
        """
        if set(map(type, values)) != {Fraction}:
            return None
        numbers = cast("Sequence[Fraction]", values)
        return list(map(NUMERATOR, numbers)), list(map(DENOMINATOR, numbers))

    def _given(self, value: Value, maximum: Fraction) -> Fraction:
        points = as_number(value)
        if not 0 <= points <= maximum:
            raise ScoringError.one(f"points must lie in [0, {describe(maximum)}], got {describe(points)}", "$.value")
        return points

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Take the given points as they are.

        >>> Manual().score(Fraction(0), Fraction(2)).points
        Fraction(0, 1)
        """
        points = self._given(value, maximum)
        return Outcome(points, explain=lambda: (describe(points), f"given {describe(points)} -> {describe(points)}"))
