"""
The ``severity`` rule: named tiers, each worth a percentage of the maximum.

The default tiers are the PAR practice for conduct criteria: ``full`` (no
violation, 100%), ``minor`` (-50%) and ``serious`` (0). Any tiers can be
configured, for example the bonus tiers excellent/good/complete = 100/75/50%.
A tier may be named like a number (``"1"``, ``"0.5"``): files read such a
response as the number, which answers the tier whose name reads as it.

>>> from fractions import Fraction
>>> Severity().score("minor", Fraction(2)).detail
'minor = 50% of 2 -> 1'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import ClassVar

import attrs

from parlib.errors import ModelError, Problem, ScoringError
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


def _number(name: str) -> Fraction | None:
    """The number a tier name reads as (a response ``"1"`` is read as the number 1), or None."""
    try:
        return parse_number(name)
    except ModelError:
        return None


def _tier(names: Sequence[str], value: Value) -> str | None:
    """The tier *value* answers: the one it names, or the one whose name reads as the same number."""
    if isinstance(value, str) and value in names:
        return value
    number = value if isinstance(value, Fraction) else _number(value) if isinstance(value, str) else None
    matches = [name for name in names if number is not None and _number(name) == number]
    return matches[0] if len(matches) == 1 else None


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
    >>> Severity(tiers={"1": 100, "0.5": 50}).score(Fraction(1, 2), Fraction(2)).detail
    '0.5 = 50% of 2 -> 1'
    """

    type: ClassVar[str] = "severity"
    tiers: tuple[tuple[str, Fraction], ...] = attrs.field(default=DEFAULT_TIERS, converter=_tiers)
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        """
        At least one tier; every percentage in [0, 100]; no two names that read as
        the same number (a response could not tell ``"1"`` from ``"1.0"``).

        >>> Severity(tiers={"x": 150}).check(Fraction(1))[0].path
        '$.tiers.x'
        >>> print(Severity(tiers={"1": 100, "1.0": 50}).check(Fraction(1))[0])
        tier names '1' and '1.0' read as the same number, so a response cannot tell them apart @ $.tiers.1.0
        """
        if not self.tiers:
            return [Problem("a severity rule needs at least one tier", "$.tiers")]
        problems = [
            Problem(f"tiers are percentages from 0 to 100, got {describe(w)}", f"$.tiers.{k}")
            for k, w in self.tiers
            if not 0 <= w <= 100
        ]
        numbers: dict[Fraction, str] = {}
        for name, _ in self.tiers:
            number = _number(name)
            if number is None:
                continue
            if number in numbers:
                problems.append(
                    Problem(
                        f"tier names {numbers[number]!r} and {name!r} read as the same number,"
                        " so a response cannot tell them apart",
                        f"$.tiers.{name}",
                    )
                )
            else:
                numbers[number] = name
        return problems

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Score a tier name (or a number, for a tier named like one).

        >>> Severity().score("serious", Fraction(3)).points
        Fraction(0, 1)
        """
        tiers = dict(self.tiers)
        name = _tier(tuple(tiers), value)
        if name is None:
            known = ", ".join(tiers)
            shown = describe(value) if isinstance(value, Fraction) else repr(value)
            raise ScoringError.one(f"unknown tier {shown}; known: {known}", "$.value")
        pct = tiers[name]
        points = maximum * pct / 100
        return Outcome(
            points, explain=lambda: (name, f"{name} = {describe(pct)}% of {describe(maximum)} -> {describe(points)}")
        )
