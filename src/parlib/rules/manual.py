"""
The ``manual`` rule: points given directly, within [0, max].

>>> from fractions import Fraction
>>> Manual().score(Fraction(3, 2), Fraction(2)).detail
'given 1.5 -> 1.5'
"""

from __future__ import annotations

from fractions import Fraction
from typing import ClassVar

import attrs

from parlib.errors import Problem, ScoringError
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

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Take the given points as they are.

        >>> Manual().score(Fraction(0), Fraction(2)).points
        Fraction(0, 1)
        """
        points = as_number(value)
        if not 0 <= points <= maximum:
            raise ScoringError.one(f"points must lie in [0, {describe(maximum)}], got {describe(points)}", "$.value")
        return Outcome(points, explain=lambda: (describe(points), f"given {describe(points)} -> {describe(points)}"))
