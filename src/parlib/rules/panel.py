"""
The ``panel`` rule: the CAF classical scoring panel, whole numbers from 0 to 100
in six bands, worded for enablers (the PDCA cycle) or results (targets and trends).

>>> from fractions import Fraction
>>> Panel(kind="enablers").score(Fraction(75), Fraction(100)).detail
'75 in 71-90 (Plan, Do, Check and Act) -> 75'
"""

from __future__ import annotations

from fractions import Fraction
from typing import ClassVar, Literal

import attrs

from parlib.errors import Problem, ScoringError
from parlib.rules.base import Outcome, Value, as_number, describe

__all__ = ["PANEL_BANDS", "Panel"]

PANEL_BANDS: tuple[tuple[int, int, str, str], ...] = (
    (0, 10, "nothing planned or done", "no results measured or no data"),
    (11, 30, "Plan", "targets not met or a negative trend"),
    (31, 50, "Plan and Do", "some targets met or a flat trend"),
    (51, 70, "Plan, Do and Check", "most targets met or a weak positive trend"),
    (71, 90, "Plan, Do, Check and Act", "all targets met or a strong positive trend"),
    (91, 100, "full PDCA cycle, learning from others", "excellent results, better than others"),
)
"""The six bands of the CAF classical panel: low, high, enablers wording, results wording."""


@attrs.frozen
class Panel:
    """
    A CAF classical panel score: a whole number 0-100; points are ``max * score / 100``.

    >>> Panel().score(Fraction(101, 2), Fraction(100))
    Traceback (most recent call last):
    ...
    parlib.errors.ScoringError: a panel score is a whole number from 0 to 100, got 50.5 @ $.value
    """

    type: ClassVar[str] = "panel"
    kind: Literal["enablers", "results"] = "enablers"
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        """
        ``kind`` is ``enablers`` or ``results``.

        >>> Panel(kind="inputs").check(Fraction(100))[0].path  # type: ignore[arg-type]
        '$.kind'
        """
        if self.kind not in ("enablers", "results"):
            return [Problem(f"kind must be 'enablers' or 'results', got {self.kind!r}", "$.kind")]
        return []

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Score a panel value and name its band.

        >>> Panel(kind="results").score(Fraction(95), Fraction(10)).detail
        '95 in 91-100 (excellent results, better than others) -> 9.5'
        """
        number = as_number(value)
        if number.denominator != 1 or not 0 <= number <= 100:
            raise ScoringError.one(f"a panel score is a whole number from 0 to 100, got {describe(number)}", "$.value")
        low, high, enablers, results = next(b for b in PANEL_BANDS if b[0] <= number <= b[1])
        words = enablers if self.kind == "enablers" else results
        points = maximum * number / 100
        return Outcome(
            points,
            explain=lambda: (describe(number), f"{describe(number)} in {low}-{high} ({words}) -> {describe(points)}"),
        )
