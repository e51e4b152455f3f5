"""
The ``likert`` rule: survey answers weighted per option, averaged, scaled to the maximum.

>>> from fractions import Fraction
>>> rule = Likert(weights={"A": 100, "B": 60, "C": 20, "D": 0})
>>> rule.score({"A": Fraction(3), "B": Fraction(1)}, Fraction(2)).detail
'4 answers, mean 90% of 2 -> 1.8'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from itertools import repeat
from operator import itemgetter, mul
from typing import ClassVar

import attrs

from parlib.errors import Problem
from parlib.numbers import DENOMINATOR, NUMERATOR, parse_number
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
    _whole: dict[str, int] | None = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        whole = None
        if all(w.denominator == 1 for _, w in self.weights):
            whole = {k: w.numerator for k, w in self.weights}
        object.__setattr__(self, "_whole", whole)

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

    def _mean(self, value: Value) -> tuple[dict[str, Fraction], Fraction, Fraction]:
        """The counts as read, their total, and the weighted mean in percent (0 with no answers)."""
        weights = dict(self.weights)
        counts = as_counts(value, tuple(weights))
        total = sum(counts.values(), Fraction(0))
        mean = sum((weights[k] * c for k, c in counts.items()), Fraction(0)) / total if total else Fraction(0)
        return counts, total, mean

    def points_pair(self, value: Value, maximum: Fraction) -> tuple[int, int] | None:
        """
        The points as an unreduced numerator and denominator, ``None`` when no one answered.

        The kernel batch scoring calls for each new value; :meth:`score` gives the same points.

        >>> Likert(weights={"A": 100, "B": 0}).points_pair({"A": Fraction(1), "B": Fraction(3)}, Fraction(2))
        (200, 400)
        """
        whole = self._whole
        if whole is not None and type(value) is dict and value.keys() <= whole.keys():
            answers = weighted = 0
            for key, count in value.items():
                if type(count) is not Fraction or count.denominator != 1 or count.numerator < 0:
                    break
                answers += count.numerator
                weighted += whole[key] * count.numerator
            else:  # whole counts and weights (the usual case): integer sums, no Fraction arithmetic
                return (maximum.numerator * weighted, maximum.denominator * 100 * answers) if answers else None
        _, total, mean = self._mean(value)
        if total == 0:
            return None
        points = maximum * mean / 100
        return points.numerator, points.denominator

    def points_column(self, values: Sequence[Value], maximum: Fraction) -> tuple[list[int], list[int]] | None:
        """
        Points for many values at once, as numerators and denominators (denominator 0: no answers).

        ``None`` unless every value is a table of whole counts with the same options and
        every weight is whole; then score the values one by one instead.

        >>> Likert(weights={"A": 100, "B": 0}).points_column(
        ...     [{"A": Fraction(1), "B": Fraction(1)}, {"A": Fraction(0), "B": Fraction(0)}], Fraction(2))
        ([200, 0], [200, 0])
        """
        whole, rows = self._whole, len(values)
        if whole is None or not rows or set(map(type, values)) != {dict}:
            return None
        shape = tuple(values[0])  # type: ignore[arg-type]
        if not whole.keys() >= set(shape) or set(map(len, values)) != {len(shape)}:  # type: ignore[arg-type]
            return None
        counts: list[list[int]] = []
        try:
            columns = [list(map(itemgetter(key), values)) for key in shape]  # type: ignore[arg-type]
        except KeyError:  # another table has other options
            return None
        for column in columns:
            if set(map(type, column)) != {Fraction} or list(map(DENOMINATOR, column)).count(1) != rows:
                return None
            counts.append(list(map(NUMERATOR, column)))
            if min(counts[-1]) < 0:
                return None
        if not counts:
            return [0] * rows, [0] * rows
        answers = list(map(sum, zip(*counts, strict=True)))
        terms = [list(map(mul, c, repeat(whole[k], rows))) for k, c in zip(shape, counts, strict=True) if whole[k]]
        weighted = list(map(sum, zip(*terms, strict=True))) if terms else [0] * rows
        return (
            list(map(mul, weighted, repeat(maximum.numerator, rows))),
            list(map(mul, answers, repeat(maximum.denominator * 100, rows))),
        )

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Score survey counts per option.

        >>> Likert(weights={"A": 100, "B": 0}).score({"A": 1, "B": 1}, Fraction(1)).points
        Fraction(1, 2)
        """
        pair = self.points_pair(value, maximum)
        points = None if pair is None else Fraction(*pair)

        def words() -> tuple[str, str]:
            counts, total, mean = self._mean(value)
            shown = ", ".join(f"{k}={describe(counts[k])}" for k, _ in self.weights if k in counts)  # options' order
            if points is None:
                return shown, "no answers -> not applicable"
            return (
                shown,
                f"{describe(total)} answers, mean {describe(mean)}% of {describe(maximum)} -> {describe(points)}",
            )

        return Outcome(points, explain=words)
