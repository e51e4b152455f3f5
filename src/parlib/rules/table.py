"""
The ``table`` rule: SIGMA-style conversion of raw points to a value on a small
scale (0 to 5 by default) by breakpoints, then scaled to the criterion's maximum.

>>> from fractions import Fraction
>>> rule = Table(rows=[{"gte": 0, "points": 0}, {"gte": 6, "points": 1}, {"gte": 11, "points": 2}])
>>> rule.score(Fraction(13), Fraction(5)).detail
'13 >= 11 -> 2 of 5 -> 2'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import ClassVar

import attrs

from parlib.errors import Problem, ScoringError
from parlib.numbers import to_number
from parlib.rules.base import Outcome, Value, as_number, describe
from parlib.rules.numeric import Bands, Threshold

__all__ = ["Table"]


def _rows(value: Iterable[Threshold | Mapping[str, object]]) -> tuple[Threshold, ...]:
    return Bands(bands=tuple(value)).bands


@attrs.frozen
class Table:
    """
    A conversion table: rows of ``gte`` breakpoints (ascending) to a value on ``0..scale``;
    points are ``max * value / scale``. The highest row whose breakpoint the input
    reaches applies; an input below every row is an error.

    >>> Table(rows=[{"gte": 0, "points": 0}, {"gte": 6, "points": 1}]).score(Fraction(-1), Fraction(5))
    Traceback (most recent call last):
    ...
    parlib.errors.ScoringError: -1 lies below the first breakpoint 0 @ $.value
    """

    type: ClassVar[str] = "table"
    rows: tuple[Threshold, ...] = attrs.field(converter=_rows)
    scale: Fraction = attrs.field(default=Fraction(5), converter=to_number)
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        """
        Rows need only ``gte`` and ``points`` (the value, within [0, scale]), breakpoints strictly ascending.

        >>> Table(rows=[{"gte": 5, "points": 1}, {"gte": 5, "points": 2}]).check(Fraction(5))[0].message
        'breakpoints must rise strictly, got 5 after 5'
        """
        if self.scale <= 0:
            return [Problem(f"scale must be > 0, got {describe(self.scale)}", "$.scale")]
        if not self.rows:
            return [Problem("a table needs at least one row", "$.rows")]
        problems: list[Problem] = []
        for i, row in enumerate(self.rows):
            path = f"$.rows[{i}]"
            if row.gte is None or row.gt is not None or row.lte is not None or row.lt is not None:
                problems.append(Problem("a table row has exactly one bound, gte", path))
            elif not 0 <= row.points <= self.scale:
                problems.append(
                    Problem(
                        f"a row's value must lie in [0, {describe(self.scale)}], got {describe(row.points)}",
                        path + ".points",
                    )
                )
            previous = self.rows[i - 1].gte if i else None
            if row.gte is not None and previous is not None and row.gte <= previous:
                problems.append(
                    Problem(
                        f"breakpoints must rise strictly, got {describe(row.gte)} after {describe(previous)}",
                        path + ".gte",
                    )
                )
        return problems

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Convert raw points to the scale, then to points.

        >>> Table(rows=[{"gte": 0, "points": 0}, {"gte": 3, "points": 5}]).score(Fraction(4), Fraction(2)).points
        Fraction(2, 1)
        """
        raw = as_number(value)
        hit = None
        for row in self.rows:
            if row.gte is not None and raw >= row.gte:
                hit = row
        if hit is None or hit.gte is None:
            first = self.rows[0].gte or Fraction(0)
            raise ScoringError.one(f"{describe(raw)} lies below the first breakpoint {describe(first)}", "$.value")
        points = maximum * hit.points / self.scale
        row, gte = hit, hit.gte

        def words() -> tuple[str, str]:
            scale = describe(self.scale)
            return describe(
                raw
            ), f"{describe(raw)} >= {describe(gte)} -> {describe(row.points)} of {scale} -> {describe(points)}"

        return Outcome(points, explain=words)
