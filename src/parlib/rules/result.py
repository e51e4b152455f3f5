"""
The ``result`` rule: XCCDF 1.2 rule-result values and what they count for.

A response names one result (``"pass"``), several results of the same rule
in order (``"fail, pass"``: a multi-check rule or a rule checked on several
instances), or a table of how many times each result came out
(``{ pass = 2, fail = 1 }``). Following NIST IR 7275r4 section 7.3.2:

- ``pass`` and ``fixed`` count as passes;
- ``fail``, ``error`` and ``unknown`` count as failures;
- ``notapplicable``, ``notchecked``, ``informational`` and ``notselected``
  are not counted at all.

Several results are averaged: points are ``max * passes / counted``. When no
result is counted (every result is one of the four above, or there is none:
``""`` or ``{}``), the criterion is not applicable.

>>> from fractions import Fraction
>>> Result().score("fail, pass, notchecked", Fraction(1)).detail
'1 pass of 2 counted (fail, pass, notchecked) -> 0.5'
>>> Result().score("notapplicable", Fraction(1)).points is None
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import ClassVar

import attrs

from parlib.errors import Problem, ScoringError
from parlib.rules.base import Outcome, Value, as_counts, describe

__all__ = ["COUNTED", "NOT_COUNTED", "PASSING", "RESULTS", "Result", "read_results", "tally"]

RESULTS: tuple[str, ...] = (
    "pass",
    "fail",
    "error",
    "unknown",
    "notapplicable",
    "notchecked",
    "notselected",
    "informational",
    "fixed",
)
"""The nine XCCDF 1.2 result values, in the schema's order."""

PASSING: frozenset[str] = frozenset({"pass", "fixed"})
"""Results that count as a pass (``fixed`` is a pass in all four scoring models)."""

NOT_COUNTED: frozenset[str] = frozenset({"notapplicable", "notchecked", "informational", "notselected"})
"""Results that the scoring models leave out (they add nothing to a rule's count)."""

COUNTED: frozenset[str] = frozenset(RESULTS) - NOT_COUNTED
"""Results that count: passes, and ``fail``, ``error`` and ``unknown`` as failures."""


def _unknown(word: str, path: str) -> ScoringError:
    return ScoringError([Problem(f"unknown XCCDF result {word!r}; known: {', '.join(RESULTS)}", path)])


def read_results(value: Value) -> dict[str, int]:
    """
    Read a response value as a count per result value (only results that occur are listed).

    >>> read_results("pass, fail,pass")
    {'pass': 2, 'fail': 1}
    >>> read_results({"fixed": Fraction(3)})
    {'fixed': 3}
    >>> read_results("passed")
    Traceback (most recent call last):
    ...
    parlib.errors.ScoringError: unknown XCCDF result 'passed'; known: pass, fail, error, unknown, notapplicable, notchecked, notselected, informational, fixed @ $.value
    """
    counts: dict[str, int] = {}
    if isinstance(value, str):
        words = [w.strip() for w in value.split(",")] if value.strip() else []
        for i, word in enumerate(words):
            if word not in RESULTS:
                raise _unknown(word, "$.value" if len(words) == 1 else f"$.value[{i}]")
            counts[word] = counts.get(word, 0) + 1
        return counts
    if isinstance(value, Mapping):
        for key, number in as_counts(value, RESULTS).items():
            if number.denominator != 1:
                raise ScoringError.one(f"a result count is a whole number, got {describe(number)}", f"$.value.{key}")
            if number:
                counts[key] = number.numerator
        return counts
    shown = describe(value) if isinstance(value, Fraction) else repr(value)
    raise ScoringError.one(
        f"expected an XCCDF result such as 'pass', a list such as 'fail, pass', or a table of counts, got {shown}",
        "$.value",
    )


def tally(results: Iterable[str] | Mapping[str, int]) -> tuple[int, int]:
    """
    Count ``(passes, counted)`` over results (words, or a count per word), as the
    scoring models' ``rule_score`` and ``rule_count``.

    >>> tally(["pass", "fixed", "error", "informational"]), tally({"pass": 2, "fail": 1})
    ((2, 3), (2, 3))
    """
    counts = results if isinstance(results, Mapping) else Counter(results)
    passes = sum(n for r, n in counts.items() if r in PASSING)
    counted = sum(n for r, n in counts.items() if r in COUNTED)
    return passes, counted


@attrs.frozen
class Result:
    """
    XCCDF results earn ``max * passes / counted``; no counted result means not applicable.

    ``allow_na`` lets a response mark the criterion not applicable outright
    (results such as ``notapplicable`` do so without it).

    >>> Result().score({"pass": Fraction(3), "error": Fraction(1)}, Fraction(2)).points
    Fraction(3, 2)
    >>> Result().score("fixed", Fraction(2)).detail
    'fixed counts as a pass -> 2'
    """

    type: ClassVar[str] = "result"
    allow_na: bool = False

    def check(self, maximum: Fraction) -> list[Problem]:
        """
        No parameters: a result rule fits any maximum.

        >>> Result().check(Fraction(0))
        []
        """
        return []

    def score(self, value: Value, maximum: Fraction) -> Outcome:
        """
        Score one result, several results, or a table of counts.

        >>> Result().score("unknown", Fraction(1)).detail
        'unknown counts as a failure -> 0'
        >>> Result().score("", Fraction(1)).detail
        'no result -> not applicable'
        """
        counts = read_results(value)
        passes, counted = tally(counts)
        points = None if counted == 0 else maximum * passes / counted

        def explain() -> tuple[str, str]:
            shown = value if isinstance(value, str) else ", ".join(f"{r} = {n}" for r, n in counts.items())
            if not counts:
                return "", "no result -> not applicable"
            if points is None:
                return shown, f"{shown}: nothing counted -> not applicable"
            if sum(counts.values()) == 1:
                (word,) = counts
                kind = "a pass" if word in PASSING else "a failure"
                return shown, f"{word} counts as {kind} -> {describe(points)}"
            word = "pass" if passes == 1 else "passes"
            return shown, f"{passes} {word} of {counted} counted ({shown}) -> {describe(points)}"

        return Outcome(points, explain=explain)
