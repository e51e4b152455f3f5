"""
The ``severity`` rule: named tiers, each worth a percentage of the maximum.

The default tiers are the PAR practice for conduct criteria: ``full`` (no
violation, 100%), ``minor`` (-50%) and ``serious`` (0). Any tiers can be
configured, for example the bonus tiers excellent/good/complete = 100/75/50%.

>>> from fractions import Fraction
>>> Severity().score("minor", Fraction(2)).detail
'minor = 50% of 2 -> 1'
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import ClassVar

import attrs

from parlib.errors import Problem, ScoringError
from parlib.numbers import parse_number
from parlib.rules.base import Outcome, Value, describe

__all__ = ["DEFAULT_TIERS", "Severity"]

DEFAULT_TIERS: tuple[tuple[str, Fraction], ...] = (
    ("full", Fraction(100)),
    ("minor", Fraction(50)),
    ("serious", Fraction(0)),
)


def _tiers(value: Mapping[str, object] | tuple[tuple[str, Fraction], ...]) -> tuple[tuple[str, Fraction], ...]:
    if isinstance(value, tuple):
        return value
    return tuple((str(k), parse_number(v)) for k, v in value.items())


@attrs.frozen
class Severity:
    """
    A named tier earns its percentage of the maximum; the response value is the tier's name.

    >>> Severity(tiers={"excellent": 100, "good": 75, "complete": 50}).score("good", Fraction(2)).points
    Fraction(3, 2)
    >>> Severity().score("grave", Fraction(2))
    Traceback (most recent call last):
    ...
    parlib.errors.ScoringError: unknown tier 'grave'; known: full, minor, serious @ $.value
    """

    type: ClassVar[str] = "severity"
    tiers: tuple[tuple[str, Fraction], ...] = attrs.field(default=DEFAULT_TIERS, converter=_tiers)
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        """
        At least one tier; every percentage in [0, 100].

        >>> Severity(tiers={"x": 150}).check(Fraction(1))[0].path
        '$.tiers.x'
        """
        if not self.tiers:
            return [Problem("a severity rule needs at least one tier", "$.tiers")]
        return [
            Problem(f"tiers are percentages from 0 to 100, got {describe(w)}", f"$.tiers.{k}")
            for k, w in self.tiers
            if not 0 <= w <= 100
        ]

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Score a tier name.

        >>> Severity().score("serious", Fraction(3)).points
        Fraction(0, 1)
        """
        tiers = dict(self.tiers)
        if not isinstance(value, str) or value not in tiers:
            known = ", ".join(tiers)
            shown = describe(value) if isinstance(value, Fraction) else repr(value)
            raise ScoringError.one(f"unknown tier {shown}; known: {known}", "$.value")
        points = maximum * tiers[value] / 100
        pct = tiers[value]
        return Outcome(
            points, explain=lambda: (value, f"{value} = {describe(pct)}% of {describe(maximum)} -> {describe(points)}")
        )
