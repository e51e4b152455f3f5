"""
What a leaf rule is: the :class:`Rule` protocol, its :class:`Outcome`, and value helpers.

A rule turns one response value into points out of its criterion's maximum,
and says why in words (the *detail* of the trace).

>>> from parlib.rules import Boolean
>>> Boolean().score(True, Fraction(1)).points
Fraction(1, 1)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Protocol, runtime_checkable

from parlib.errors import ModelError, Problem, ScoringError
from parlib.numbers import RoundingPolicy, parse_number

__all__ = [
    "Outcome",
    "Rule",
    "Value",
    "as_bool",
    "as_count",
    "as_counts",
    "as_number",
    "describe",
    "points_problems",
]

_BRIEF = RoundingPolicy(places=4)

Value = bool | Fraction | str | Mapping[str, Fraction]
"""A response value, one of a yes/no, an exact number, a keyword, or named numbers."""


class Outcome:
    """
    What a rule made of a value: points (exact), the input as read, and why.

    ``points is None`` means the rule found the criterion not applicable
    (for example a ratio of 0 files out of 0). The words may be given as
    ``explain``, a function called only when a trace is read, so that batch
    scoring never formats text it does not show.

    >>> Outcome(Fraction(1, 2), "97%", "97% >= 95% and < 100%").points
    Fraction(1, 2)
    >>> Outcome(Fraction(1), explain=lambda: ("yes", "yes -> 1")).detail
    'yes -> 1'
    """

    __slots__ = ("_explain", "_words", "points")

    def __init__(
        self,
        points: Fraction | None,
        input: str = "",
        detail: str = "",
        *,
        explain: Callable[[], tuple[str, str]] | None = None,
    ) -> None:
        self.points = points
        self._explain = explain
        self._words: tuple[str, str] | None = None if explain is not None else (input, detail)

    def _text(self) -> tuple[str, str]:
        if self._words is None:
            assert self._explain is not None  # noqa: S101  (set whenever the words are not)
            self._words = self._explain()
        return self._words

    @property
    def input(self) -> str:
        """The input as read, in words (``"45/45 = 100%"``)."""
        return self._text()[0]

    @property
    def detail(self) -> str:
        """Why: the band or formula hit (``"100% >= 100% -> 1"``)."""
        return self._text()[1]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Outcome):
            return NotImplemented
        return (self.points, self._text()) == (other.points, other._text())

    def __hash__(self) -> int:
        return hash((self.points, self._text()))

    def __repr__(self) -> str:
        return f"Outcome(points={self.points!r}, input={self.input!r}, detail={self.detail!r})"


@runtime_checkable
class Rule(Protocol):
    """
    **Protocol:** a leaf scorer. Any frozen attrs class with these members is a rule.

    - ``type``: the name data files use (``rule = { type = "bands" }``);
    - ``allow_na``: whether a response may mark the criterion not applicable;
    - ``check(maximum)``: problems with the parameters for that maximum
      (paths relative to the rule, ``$.bands[1].points``);
    - ``score(value, maximum)``: an :class:`Outcome` with
      ``0 <= points <= maximum``; raise :class:`~parlib.errors.ScoringError`
      for a value of the wrong kind.

    Optional, for batch scoring (:func:`parlib.score_many`) of values that rarely
    repeat: ``points_pair(value, maximum)`` (the points as an unreduced
    ``(numerator, denominator)`` pair, ``None`` when not applicable) and
    ``points_column(values, maximum)`` (numerator and denominator lists, a
    denominator of 0 for not applicable, or ``None`` to decline); both give
    exactly what ``score`` gives, without building a trace.

    >>> from parlib.rules import Manual
    >>> isinstance(Manual(), Rule)
    True
    """

    @property
    def type(self) -> str:
        """The registered name of the rule."""
        ...

    @property
    def allow_na(self) -> bool:
        """Whether a response may mark the criterion not applicable."""
        ...

    def check(self, maximum: Fraction) -> list[Problem]:
        """Problems with the parameters, for a criterion worth *maximum*."""
        ...

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """Score one value out of *maximum*."""
        ...


def describe(value: Fraction, unit: str = "") -> str:
    """
    Print an exact number briefly for a trace (up to 4 places, no trailing zeros).

    >>> describe(Fraction(1, 3), "%"), describe(Fraction(100), "%"), describe(Fraction(5, 2))
    ('0.3333%', '100%', '2.5')
    """
    if value.denominator == 1:
        return f"{value.numerator}{unit}"
    return _BRIEF.brief(value) + unit


def as_number(value: Value) -> Fraction:
    """
    Read a value as an exact number, or raise :class:`~parlib.errors.ScoringError`.

    >>> as_number("0.25"), as_number(Fraction(3))
    (Fraction(1, 4), Fraction(3, 1))
    >>> as_number(True)
    Traceback (most recent call last):
    ...
    parlib.errors.ScoringError: expected a number, got the boolean true @ $.value
    """
    if type(value) is Fraction:
        return value
    if isinstance(value, Mapping):
        raise ScoringError.one(f"expected a number, got a table {dict(value)!r}", "$.value")
    try:
        return parse_number(value)
    except ModelError as exc:
        raise ScoringError.one(exc.problems[0].message, "$.value") from None


def as_bool(value: Value) -> bool:
    """
    Read a yes/no value.

    >>> as_bool(True), as_bool(False)
    (True, False)
    >>> as_bool(Fraction(1))
    Traceback (most recent call last):
    ...
    parlib.errors.ScoringError: expected true or false, got 1 @ $.value
    """
    if isinstance(value, bool):
        return value
    shown = describe(value) if isinstance(value, Fraction) else repr(value)
    raise ScoringError.one(f"expected true or false, got {shown}", "$.value")


def as_count(value: Value, what: str = "count") -> int:
    """
    Read a whole number >= 0.

    >>> as_count(Fraction(3))
    3
    >>> as_count(Fraction(-1))
    Traceback (most recent call last):
    ...
    parlib.errors.ScoringError: expected a whole count >= 0, got -1 @ $.value
    """
    number = as_number(value)
    if number.denominator != 1 or number < 0:
        raise ScoringError.one(f"expected a whole {what} >= 0, got {describe(number)}", "$.value")
    return number.numerator


def as_counts(value: Value, keys: tuple[str, ...] | None = None) -> dict[str, Fraction]:
    """
    Read a table of named non-negative numbers, optionally checking its keys.

    >>> as_counts({"A": Fraction(2)}, ("A", "B"))
    {'A': Fraction(2, 1)}
    >>> as_counts({"E": Fraction(1)}, ("A", "B"))
    Traceback (most recent call last):
    ...
    parlib.errors.ScoringError: unknown option 'E'; known: A, B @ $.value.E
    """
    if type(value) is not dict and not isinstance(value, Mapping):
        raise ScoringError.one(f"expected a table of counts, got {value!r}", "$.value")
    fast = keys is not None and value.keys() <= set(keys)
    if fast and all(type(v) is Fraction and v >= 0 for v in value.values()):
        return dict(value)
    out: dict[str, Fraction] = {}
    for key, raw in value.items():
        if keys is not None and key not in keys:
            known = ", ".join(keys)
            raise ScoringError.one(f"unknown option {key!r}; known: {known}", f"$.value.{key}")
        try:
            number = parse_number(raw)
        except ModelError as exc:
            raise ScoringError.one(exc.problems[0].message, f"$.value.{key}") from None
        if number < 0:
            raise ScoringError.one(f"counts must be >= 0, got {describe(number)}", f"$.value.{key}")
        out[key] = number
    return out


def points_problems(points: Fraction, maximum: Fraction, path: str) -> list[Problem]:
    """
    The problem list for points that must lie in ``[0, maximum]``.

    >>> points_problems(Fraction(2), Fraction(1), "$.points")[0].message
    'points 2 exceed the criterion maximum 1'
    """
    if points < 0:
        return [Problem(f"points must be >= 0, got {describe(points)}", path)]
    if points > maximum:
        return [Problem(f"points {describe(points)} exceed the criterion maximum {describe(maximum)}", path)]
    return []
