"""
The ``likert`` rule: survey answers weighted per option, averaged, scaled to the maximum.

>>> from fractions import Fraction
>>> rule = Likert(weights={"A": 100, "B": 60, "C": 20, "D": 0})
>>> rule.score({"A": Fraction(3), "B": Fraction(1)}, Fraction(2)).detail
'4 answers, mean 90% of 2 -> 1.8'
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import ClassVar

import attrs

from parlib.errors import Problem
from parlib.numbers import parse_number
from parlib.rules.base import Outcome, Value, as_counts, describe

__all__ = ["Likert"]


def _weights(value: Mapping[str, object]) -> tuple[tuple[str, Fraction], ...]:
    if isinstance(value, tuple):
        return value
    return tuple((str(k), parse_number(v)) for k, v in value.items())


@attrs.frozen
class Likert:
    """
    Answer options weighted in percent (for example A/B/C/D = 100/60/20/0).

    The response value gives counts per option; points are
    ``max * sum(weight * count) / (100 * sum(count))``. No answers at all
    makes the criterion not applicable.

    >>> Likert(weights={"yes": 100, "no": 0}).score({"yes": 0, "no": 0}, Fraction(1)).points is None
    True
    """

    type: ClassVar[str] = "likert"
    weights: tuple[tuple[str, Fraction], ...] = attrs.field(converter=_weights)
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        """
        At least one option, every weight in [0, 100].

        >>> Likert(weights={"A": 120}).check(Fraction(1))[0].path
        '$.weights.A'
        """
        if not self.weights:
            return [Problem("a likert rule needs at least one answer option", "$.weights")]
        return [
            Problem(f"weights are percentages from 0 to 100, got {describe(w)}", f"$.weights.{k}")
            for k, w in self.weights
            if not 0 <= w <= 100
        ]

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Score survey counts per option.

        >>> Likert(weights={"A": 100, "B": 0}).score({"A": 1, "B": 1}, Fraction(1)).points
        Fraction(1, 2)
        """
        weights = dict(self.weights)
        counts = as_counts(value, tuple(weights))
        if all(c.denominator == 1 and weights[k].denominator == 1 for k, c in counts.items()):
            # whole counts and weights (the usual case): integer sums and one division
            answers = sum(c.numerator for c in counts.values())
            total = Fraction(answers)
            whole = sum(weights[k].numerator * c.numerator for k, c in counts.items())
            mean = Fraction(whole, answers) if answers else Fraction(0)
        else:
            total = sum(counts.values(), Fraction(0))
            mean = sum((weights[k] * c for k, c in counts.items()), Fraction(0)) / total if total else Fraction(0)

        def shown() -> str:
            return ", ".join(f"{k}={describe(c)}" for k, c in counts.items())

        if total == 0:
            return Outcome(None, explain=lambda: (shown(), "no answers -> not applicable"))
        points = maximum * mean / 100
        return Outcome(
            points,
            explain=lambda: (
                shown(),
                f"{describe(total)} answers, mean {describe(mean)}% of {describe(maximum)} -> {describe(points)}",
            ),
        )
