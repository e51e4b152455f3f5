"""
Rules on a number: ``bands`` (thresholds), ``linear`` (between goalposts) and
``ratio`` (numerator over denominator, fed to bands or linear).

>>> from fractions import Fraction
>>> rule = Bands(bands=(Threshold(points=1, gte=100), Threshold(points="0.5", gte=95, lt=100)), unit="%")
>>> rule.score(Fraction(97), Fraction(1)).detail
'97% >= 95% and < 100% -> 0.5'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import ClassVar, Literal

import attrs

from parlib.errors import ModelError, Problem, ScoringError
from parlib.numbers import to_number, to_optional_number
from parlib.rules.base import Outcome, Value, as_counts, as_number, describe, points_problems

__all__ = ["Threshold", "Bands", "Linear", "Ratio"]


@attrs.frozen
class Threshold:
    """
    One threshold: points, and any of the bounds ``gte``, ``gt``, ``lte``, ``lt``.

    A band with no bound matches every value.

    >>> Threshold(points=1, gte=95, lt=100).contains(Fraction(95))
    True
    >>> Threshold(points=1, gte=95, lt=100).contains(Fraction(100))
    False
    """

    points: Fraction = attrs.field(converter=to_number)
    gte: Fraction | None = attrs.field(default=None, converter=to_optional_number)
    gt: Fraction | None = attrs.field(default=None, converter=to_optional_number)
    lte: Fraction | None = attrs.field(default=None, converter=to_optional_number)
    lt: Fraction | None = attrs.field(default=None, converter=to_optional_number)
    label: str = ""

    def contains(self, value: Fraction) -> bool:
        """
        Whether *value* satisfies every bound of this band.

        >>> Threshold(points=0, gt=0).contains(Fraction(0))
        False
        """
        num, den = value.numerator, value.denominator  # compared in integers: b/d against num/den
        return (
            (self.gte is None or num * self.gte.denominator >= self.gte.numerator * den)
            and (self.gt is None or num * self.gt.denominator > self.gt.numerator * den)
            and (self.lte is None or num * self.lte.denominator <= self.lte.numerator * den)
            and (self.lt is None or num * self.lt.denominator < self.lt.numerator * den)
        )

    def condition(self, unit: str = "") -> str:
        """
        The band's bounds in words.

        >>> Threshold(points=1, gte=95, lt=100).condition("%")
        '>= 95% and < 100%'
        >>> Threshold(points=1).condition()
        'any value'
        """
        parts = [
            f"{op} {describe(bound, unit)}"
            for op, bound in ((">=", self.gte), (">", self.gt), ("<=", self.lte), ("<", self.lt))
            if bound is not None
        ]
        return " and ".join(parts) if parts else "any value"

    def check(self, maximum: Fraction, path: str) -> list[Problem]:
        """
        Problems with this band for a criterion worth *maximum*.

        >>> Threshold(points=1, gte=1, gt=0).check(Fraction(1), "$")[0].message
        'give at most one lower bound (gte or gt)'
        """
        problems = points_problems(self.points, maximum, path + ".points")
        if self.gte is not None and self.gt is not None:
            problems.append(Problem("give at most one lower bound (gte or gt)", path))
        if self.lte is not None and self.lt is not None:
            problems.append(Problem("give at most one upper bound (lte or lt)", path))
        low = self.gte if self.gte is not None else self.gt
        high = self.lte if self.lte is not None else self.lt
        if low is not None and high is not None:
            empty = low > high or (low == high and (self.gt is not None or self.lt is not None))
            if empty:
                problems.append(Problem("the band's bounds admit no value", path))
        return problems


def _bands(value: Iterable[Threshold | Mapping[str, object]]) -> tuple[Threshold, ...]:
    return tuple(b if isinstance(b, Threshold) else Threshold(**b) for b in value)  # type: ignore[arg-type]


@attrs.frozen
class Bands:
    """
    Threshold bands on a number: the first band whose bounds hold gives the points.

    A value that no band holds earns 0, and the trace says so.

    >>> rule = Bands(bands=[Threshold(points=1, gte=100), Threshold(points="0.5", gte=95)], unit="%")
    >>> rule.score(Fraction(90), Fraction(1)).detail
    '90% matches no band -> 0'
    """

    type: ClassVar[str] = "bands"
    bands: tuple[Threshold, ...] = attrs.field(converter=_bands)
    unit: str = ""
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        """
        Every band's points must lie in [0, maximum]; there must be a band.

        >>> Bands(bands=[Threshold(points=2)]).check(Fraction(1))[0].path
        '$.bands[0].points'
        """
        if not self.bands:
            return [Problem("a bands rule needs at least one band", "$.bands")]
        problems: list[Problem] = []
        for i, band in enumerate(self.bands):
            problems += band.check(maximum, f"$.bands[{i}]")
        return problems

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Score a number by the first matching band.

        >>> Bands(bands=[Threshold(points=1, gte=100)], unit="%").score(Fraction(100), Fraction(1)).detail
        '100% >= 100% -> 1'
        """
        number = as_number(value)
        return self.score_number(number, lambda: describe(number, self.unit))

    def score_number(self, number: Fraction, shown: Callable[[], str]) -> Outcome:
        """
        Score an already-read number; *shown* says how the input is printed (called only for traces).

        >>> Bands(bands=[Threshold(points=1)]).score_number(Fraction(3), lambda: "3").detail
        '3 any value -> 1'
        """
        hit = self._hit(number)
        if hit is None:
            return Outcome(Fraction(0), explain=lambda: (shown(), f"{shown()} matches no band -> 0"))
        return Outcome(hit.points, explain=lambda: self._words(shown(), hit))

    def _hit(self, number: Fraction) -> Threshold | None:
        return next((band for band in self.bands if band.contains(number)), None)

    def points_pair(self, value: Value, maximum: Fraction) -> tuple[int, int]:
        """
        The points as a numerator and denominator, without a trace: the kernel batch scoring calls.

        >>> Bands(bands=[Threshold(points="0.5", gte=95)]).points_pair(Fraction(97), Fraction(1))
        (1, 2)
        """
        hit = self._hit(value if type(value) is Fraction else as_number(value))
        return (0, 1) if hit is None else (hit.points.numerator, hit.points.denominator)

    def _words(self, shown: str, band: Threshold) -> tuple[str, str]:
        name = f" ({band.label})" if band.label else ""
        return shown, f"{shown} {band.condition(self.unit)}{name} -> {describe(band.points)}"


@attrs.frozen
class Linear:
    """
    Proportional between two goalposts, clamped: ``max * (value - low) / (high - low)``.

    ``low > high`` means lower values are better.

    >>> Linear(low=0, high=100, unit="%").score(Fraction(30), Fraction(2)).detail
    '30% on 0%..100% = 30% of 2 -> 0.6'
    """

    type: ClassVar[str] = "linear"
    low: Fraction = attrs.field(converter=to_number)
    high: Fraction = attrs.field(converter=to_number)
    unit: str = ""
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        """
        The goalposts must differ.

        >>> Linear(low=1, high=1).check(Fraction(1))[0].message
        'low and high must differ, both are 1'
        """
        if self.low == self.high:
            return [Problem(f"low and high must differ, both are {describe(self.low)}", "$.high")]
        return []

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Score a number proportionally.

        >>> Linear(low=0, high=10).score(Fraction(20), Fraction(1)).points
        Fraction(1, 1)
        """
        number = as_number(value)
        return self.score_number(number, lambda: describe(number, self.unit), maximum)

    def score_number(self, number: Fraction, shown: Callable[[], str], maximum: Fraction) -> Outcome:
        """
        Score an already-read number; *shown* says how the input is printed (called only for traces).

        >>> Linear(low=100, high=0).score_number(Fraction(25), lambda: "25", Fraction(4)).points
        Fraction(3, 1)
        """
        share, clamped = self._share(number)
        points = maximum * clamped

        def words() -> tuple[str, str]:
            span = f"{describe(self.low, self.unit)}..{describe(self.high, self.unit)}"
            note = "" if clamped == share else " (clamped)"
            pct = describe(clamped * 100)
            return shown(), f"{shown()} on {span} = {pct}% of {describe(maximum)}{note} -> {describe(points)}"

        return Outcome(points, explain=words)

    def _share(self, number: Fraction) -> tuple[Fraction, Fraction]:
        share = (number - self.low) / (self.high - self.low)
        return share, min(Fraction(1), max(Fraction(0), share))

    def points_pair(self, value: Value, maximum: Fraction) -> tuple[int, int]:
        """
        The points as a numerator and denominator, without a trace: the kernel batch scoring calls.

        >>> Linear(low=0, high=100).points_pair(Fraction(30), Fraction(2))
        (3, 5)
        """
        points = maximum * self._share(value if type(value) is Fraction else as_number(value))[1]
        return points.numerator, points.denominator


def _inner(value: Bands | Linear | Mapping[str, object]) -> Bands | Linear:
    if isinstance(value, (Bands, Linear)):
        return value
    params = dict(value)
    kind = params.pop("type", None)
    if kind == "bands":
        return Bands(**params)  # type: ignore[arg-type]
    if kind == "linear":
        return Linear(**params)  # type: ignore[arg-type]
    raise ModelError.one(f"a ratio feeds 'bands' or 'linear', got {kind!r}", "$.then.type")


@attrs.frozen
class Ratio:
    """
    A numerator over a denominator (as a percentage by default), scored by bands or linear.

    The response value is ``{ numerator = 45, denominator = 45 }``. A zero
    denominator makes the criterion not applicable (``when_zero =
    "not-applicable"``, the default) or is an error (``"error"``).

    >>> rule = Ratio(then=Bands(bands=[Threshold(points=1, gte=100)], unit="%"))
    >>> rule.score({"numerator": Fraction(45), "denominator": Fraction(45)}, Fraction(1)).detail
    '45/45 = 100% >= 100% -> 1'
    """

    type: ClassVar[str] = "ratio"
    then: Bands | Linear = attrs.field(converter=_inner)
    percent: bool = True
    when_zero: Literal["not-applicable", "error"] = "not-applicable"
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        """
        The inner rule's problems, under ``$.then``.

        >>> Ratio(then=Linear(low=0, high=0)).check(Fraction(1))[0].path
        '$.then.high'
        """
        problems = [p.under("$.then") for p in self.then.check(maximum)]
        if self.when_zero not in ("not-applicable", "error"):
            problems.append(
                Problem(f"when_zero must be 'not-applicable' or 'error', got {self.when_zero!r}", "$.when_zero")
            )
        return problems

    def points_pair(self, value: Value, maximum: Fraction) -> tuple[int, int] | None:
        """
        The points as a numerator and denominator, without a trace: the kernel batch scoring calls.

        >>> Ratio(then=Linear(low=0, high=100)).points_pair(
        ...     {"numerator": Fraction(1), "denominator": Fraction(4)}, Fraction(1))
        (1, 4)
        """
        if type(value) is dict and len(value) == 2:  # the usual case: whole counts, read in integers
            num, den = value.get("numerator"), value.get("denominator")
            if type(num) is Fraction and type(den) is Fraction and num.denominator == den.denominator == 1:
                top, bottom = num.numerator, den.numerator
                if top >= 0 and bottom > 0 and (top <= bottom or not self.percent):
                    return self.then.points_pair(Fraction(top * (100 if self.percent else 1), bottom), maximum)
        points = self.score(value, maximum).points
        return None if points is None else (points.numerator, points.denominator)

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Score ``numerator / denominator``.

        >>> Ratio(then=Linear(low=0, high=100)).score({"numerator": 0, "denominator": 0}, Fraction(1)).points is None
        True
        """
        counts = as_counts(value, ("numerator", "denominator"))
        missing = [k for k in ("numerator", "denominator") if k not in counts]
        if missing:
            raise ScoringError.one(f"a ratio needs {' and '.join(missing)}", "$.value")
        num, den = counts["numerator"], counts["denominator"]
        if num > den and self.percent:
            raise ScoringError.one(
                f"numerator {describe(num)} exceeds denominator {describe(den)}", "$.value.numerator"
            )
        if den == 0:
            if self.when_zero == "error":
                raise ScoringError.one("the denominator is 0", "$.value.denominator")
            fraction = f"{describe(num)}/{describe(den)}"
            return Outcome(None, fraction, f"{fraction}: nothing to count -> not applicable")
        ratio = num / den * (100 if self.percent else 1)
        unit = "%" if self.percent else ""

        def shown() -> str:
            return f"{describe(num)}/{describe(den)} = {describe(ratio, unit)}"

        if isinstance(self.then, Bands):
            return self.then.score_number(ratio, shown)
        return self.then.score_number(ratio, shown, maximum)
