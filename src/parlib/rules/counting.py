"""
Rules on a count: ``count`` (points per item, capped) and ``deduction``
(points off per violation, floored at 0).

>>> from fractions import Fraction
>>> Count(per_item="0.5").score(Fraction(3), Fraction(1)).detail
'3 x 0.5 = 1.5, capped at 1 -> 1'
"""

from __future__ import annotations

from fractions import Fraction
from typing import ClassVar

import attrs

from parlib.errors import Problem
from parlib.numbers import to_number, to_optional_number
from parlib.rules.base import Outcome, Value, as_count, describe

__all__ = ["Count", "Deduction"]


@attrs.frozen
class Count:
    """
    Points per item, capped at the maximum: ``min(max, n * per_item)``.

    >>> Count(per_item=1).score(Fraction(0), Fraction(2)).points
    Fraction(0, 1)
    """

    type: ClassVar[str] = "count"
    per_item: Fraction = attrs.field(converter=to_number)
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        """
        ``per_item`` must be above 0 and at most the maximum.

        >>> Count(per_item=3).check(Fraction(2))[0].message
        'per_item 3 exceeds the criterion maximum 2'
        """
        if self.per_item <= 0:
            return [Problem(f"per_item must be > 0, got {describe(self.per_item)}", "$.per_item")]
        if self.per_item > maximum:
            return [
                Problem(
                    f"per_item {describe(self.per_item)} exceeds the criterion maximum {describe(maximum)}",
                    "$.per_item",
                )
            ]
        return []

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Score a count of items.

        >>> Count(per_item="0.5").score(Fraction(1), Fraction(1)).detail
        '1 x 0.5 = 0.5 -> 0.5'
        """
        n = as_count(value)
        raw = n * self.per_item
        points = min(raw, maximum)
        cap = f", capped at {describe(maximum)}" if raw > maximum else ""
        return Outcome(
            points,
            explain=lambda: (str(n), f"{n} x {describe(self.per_item)} = {describe(raw)}{cap} -> {describe(points)}"),
        )


@attrs.frozen
class Deduction:
    """
    Points off per violation, fixed (``per_violation``) or a percentage of the
    maximum (``percent``), floored at 0. Give exactly one of the two.

    >>> Deduction(percent=25).score(Fraction(2), Fraction(2)).detail
    '2 violations x 25% of 2 = 1 off -> 1'
    """

    type: ClassVar[str] = "deduction"
    per_violation: Fraction | None = attrs.field(default=None, converter=to_optional_number)
    percent: Fraction | None = attrs.field(default=None, converter=to_optional_number)
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        """
        Exactly one of ``per_violation`` (in (0, max]) and ``percent`` (in (0, 100]).

        >>> Deduction().check(Fraction(1))[0].message
        'give exactly one of per_violation and percent'
        """
        if (self.per_violation is None) == (self.percent is None):
            return [Problem("give exactly one of per_violation and percent", "$")]
        if self.per_violation is not None and not 0 < self.per_violation <= maximum:
            return [
                Problem(
                    f"per_violation must be > 0 and at most the criterion maximum {describe(maximum)},"
                    f" got {describe(self.per_violation)}",
                    "$.per_violation",
                )
            ]
        if self.percent is not None and not 0 < self.percent <= 100:
            return [Problem(f"percent must be > 0 and at most 100, got {describe(self.percent)}", "$.percent")]
        return []

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Score a number of violations.

        >>> Deduction(per_violation=1).score(Fraction(5), Fraction(2)).detail
        '5 violations x 1 = 5 off, floored at 0 -> 0'
        """
        n = as_count(value, "number of violations")
        fixed = self.per_violation
        each = fixed if fixed is not None else maximum * (self.percent or Fraction(0)) / 100

        def how() -> str:
            if self.per_violation is not None:
                return describe(self.per_violation)
            return f"{describe(self.percent or Fraction(0))}% of {describe(maximum)}"

        off = n * each
        points = max(Fraction(0), maximum - off)
        floor = ", floored at 0" if off > maximum else ""
        word = "violation" if n == 1 else "violations"
        return Outcome(
            points, explain=lambda: (str(n), f"{n} {word} x {how()} = {describe(off)} off{floor} -> {describe(points)}")
        )
