"""
The ``boolean`` rule: full points for yes, none for no.

>>> from fractions import Fraction
>>> Boolean().score(False, Fraction("0.5")).detail
'no -> 0'
"""

from __future__ import annotations

from fractions import Fraction
from typing import ClassVar

import attrs

from parlib.errors import Problem
from parlib.rules.base import Outcome, Value, as_bool, describe

__all__ = ["Boolean"]


@attrs.frozen
class Boolean:
    """
    Yes earns the maximum, no earns 0; ``allow_na`` lets a unit answer "not applicable".

    >>> from fractions import Fraction
    >>> Boolean(allow_na=True).score(True, Fraction(1, 2))
    Outcome(points=Fraction(1, 2), input='yes', detail='yes -> 0.5')
    """

    type: ClassVar[str] = "boolean"
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        """
        A boolean rule fits any maximum.

        >>> Boolean().check(Fraction(1))
        []
        """
        return []

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Score a yes/no answer.

        >>> Boolean().score(True, Fraction(2)).points
        Fraction(2, 1)
        """
        yes = as_bool(value)
        points = maximum if yes else Fraction(0)
        word = "yes" if yes else "no"
        return Outcome(points, explain=lambda: (word, f"{word} -> {describe(points)}"))
