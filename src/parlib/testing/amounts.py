"""
Strategies for exact amounts: maxima, points within a maximum, numbers near boundaries.

Every amount is a :class:`~fractions.Fraction` with a short decimal form, so
counterexamples read like the numbers in a real framework, and every
strategy shrinks towards a small, round value.

Requires the hypothesis package.

>>> from hypothesis import find
>>> find(maxima(), lambda m: True), find(points_within(Fraction(2)), lambda p: p > 1)
(Fraction(1, 1), Fraction(11, 10))
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from fractions import Fraction

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from parlib.testing.tape import Tape, nearest_first, reading

__all__ = [
    "NEAR_BYTES",
    "deltas",
    "maxima",
    "numbers_beyond",
    "numbers_near",
    "percentages",
    "points_within",
    "quarters",
    "read_number_near",
    "read_percentage",
    "read_points_within",
    "round_maxima",
]

_ROUND_MAXIMA = tuple(
    Fraction(x)
    for x in ("1", "2", "0.5", "10", "3", "0.25", "5", "1.5", "1/3", "20", "100", "1.75", "0.1", "15", "4", "2.5")
)
_OFFSETS = (
    Fraction(0),
    Fraction(-1, 100),
    Fraction(1, 100),
    Fraction(-1),
    Fraction(1),
    Fraction(-1, 3),
    Fraction(1, 3),
    Fraction(-10),
    Fraction(10),
)

_DELTAS = st.sampled_from([o for o in _OFFSETS if o >= 0]) | st.integers(0, 200).map(Fraction)


def maxima(*, allow_zero: bool = False, max_value: int = 100) -> st.SearchStrategy[Fraction]:
    """
    Maxima of criteria, up to *max_value*: round values (1, 2, 0.5, 10, 0.25, 1/3, ...), one draw each.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(maxima(allow_zero=True), lambda m: m < 1)
    Fraction(0, 1)
    """
    return _maxima(round_maxima(allow_zero=allow_zero, max_value=max_value))


@functools.lru_cache(maxsize=64)
def _maxima(values: tuple[Fraction, ...]) -> st.SearchStrategy[Fraction]:
    return st.sampled_from(values)


def round_maxima(*, allow_zero: bool = False, max_value: int = 100) -> tuple[Fraction, ...]:
    """
    The values :func:`maxima` draws from, simplest first.

    Requires the hypothesis package.

    >>> [str(m) for m in round_maxima(allow_zero=True, max_value=2)]
    ['1', '0', '2', '1/2', '1/4', '3/2', '1/3', '7/4', '1/10']
    """
    if isinstance(max_value, bool) or not isinstance(max_value, int) or max_value < 1:
        raise InvalidArgument(f"max_value must be an integer >= 1, got {max_value!r}")
    return _round_maxima(bool(allow_zero), max_value)


@functools.lru_cache(maxsize=64)
def _round_maxima(allow_zero: bool, max_value: int) -> tuple[Fraction, ...]:
    values = [m for m in _ROUND_MAXIMA if m <= max_value]
    if allow_zero:
        values.insert(1, Fraction(0))
    return tuple(values)


def points_within(maximum: Fraction) -> st.SearchStrategy[Fraction]:
    """
    Points from 0 to *maximum*: twentieths of it, its ends included.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(points_within(Fraction(3)), lambda p: p > 0)
    Fraction(3, 20)
    """
    if maximum < 0:
        raise InvalidArgument(f"maximum must be >= 0, got {maximum}")
    return _points_within(maximum)


@functools.lru_cache(maxsize=1024)
def _points_within(maximum: Fraction) -> st.SearchStrategy[Fraction]:
    return reading(functools.partial(read_points_within, maximum=maximum), size=1)


def read_points_within(tape: Tape, maximum: Fraction) -> Fraction:
    """
    Points from 0 to *maximum* read from *tape* (see :func:`points_within`): one byte, 0 at zero.

    >>> read_points_within(Tape(bytes([255])), Fraction(2))
    Fraction(2, 1)
    """
    return maximum * tape.integer(0, 20) / 20


def quarters(*, min_value: int = 0, max_value: int = 100) -> st.SearchStrategy[Fraction]:
    """
    Numbers from *min_value* to *max_value* in steps of a quarter (cut points, goalposts).

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(quarters(), lambda q: q.denominator == 4)
    Fraction(1, 4)
    """
    if min_value > max_value:
        raise InvalidArgument(f"need min_value={min_value} <= max_value={max_value}")
    return _quarters(min_value, max_value)


@functools.lru_cache(maxsize=64)
def _quarters(min_value: int, max_value: int) -> st.SearchStrategy[Fraction]:
    return st.integers(4 * min_value, 4 * max_value).map(lambda n: Fraction(n, 4))


def percentages(*, min_value: int = 0) -> st.SearchStrategy[Fraction]:
    """
    Percentages from *min_value* to 100 (whole, or quarters).

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(percentages(min_value=1), lambda p: True)
    Fraction(1, 1)
    """
    return _percentages(min_value)


@functools.lru_cache(maxsize=64)
def _percentages(min_value: int) -> st.SearchStrategy[Fraction]:
    return reading(functools.partial(read_percentage, min_value=min_value), size=3)


def read_percentage(tape: Tape, min_value: int = 0) -> Fraction:
    """
    A percentage from *min_value* to 100 read from *tape* (see :func:`percentages`): *min_value* at zero.

    >>> read_percentage(Tape(bytes([255, 255, 255])), 1)
    Fraction(100, 1)
    """
    if tape.boolean():
        return Fraction(tape.integer(4 * min_value, 400), 4)
    return Fraction(tape.integer(min_value, 100))


def deltas() -> st.SearchStrategy[Fraction]:
    """
    Non-negative steps: 0, a hundredth, a third, whole numbers, tens.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(deltas(), lambda d: d > 0)
    Fraction(1, 100)
    """
    return _DELTAS


def numbers_near(anchors: Iterable[Fraction]) -> st.SearchStrategy[Fraction]:
    """
    Numbers on and around *anchors* (a boundary, a hundredth, a third, one or ten
    either side; two draws in three), or anywhere from -20 to 220: where rules on numbers break.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(numbers_near([Fraction(95)]), lambda x: x < 95)
    Fraction(9499, 100)
    """
    return _numbers_near(_anchor_points(anchors))


def _anchor_points(anchors: Iterable[Fraction]) -> tuple[Fraction, ...]:
    return tuple(sorted(set(anchors))) or (Fraction(0),)


@functools.lru_cache(maxsize=4096)
def _numbers_near(points: tuple[Fraction, ...]) -> st.SearchStrategy[Fraction]:
    return reading(functools.partial(_near, points=points), size=NEAR_BYTES)


NEAR_BYTES = 2
"""The bytes :func:`read_number_near` reads."""


def read_number_near(tape: Tape, anchors: Iterable[Fraction]) -> Fraction:
    """
    A number on or around *anchors*, or anywhere, read from *tape* (see :func:`numbers_near`):
    the lowest anchor at zero bytes.

    >>> read_number_near(Tape(), [Fraction(95), Fraction(90)])
    Fraction(90, 1)
    """
    return _near(tape, _anchor_points(anchors))


_WHOLE = (-20, 220)  # anywhere: whole numbers from -20 to 220, then quarters over the same range
_QUARTERS = (-80, 880)
_ANYWHERE = _WHOLE[1] - _WHOLE[0] + 1 + _QUARTERS[1] - _QUARTERS[0] + 1


def _near(tape: Tape, points: tuple[Fraction, ...]) -> Fraction:
    """
    Near an anchor two times in three (each anchor with each offset), else anywhere;
    in one read, so that shrinking can move from anywhere to near an anchor.
    """
    group, index = tape.pick((2, len(points) * len(_OFFSETS)), (1, _ANYWHERE))
    if group == 0:
        anchor, offset = divmod(index, len(_OFFSETS))
        return points[anchor] + _OFFSETS[offset]
    wholes = _WHOLE[1] - _WHOLE[0] + 1
    if index < wholes:
        return Fraction(nearest_first(index, *_WHOLE, 0))
    return Fraction(nearest_first(index - wholes, *_QUARTERS, 0), 4)


def numbers_beyond(number: Fraction, anchors: Iterable[Fraction], *, up: bool = True) -> st.SearchStrategy[Fraction]:
    """
    Numbers at least as good as *number* (higher, or lower when *up* is false): first
    the next *anchors* beyond it, exactly (where an off-by-one boundary hides), then
    *number* itself, a step away, or near an anchor.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(numbers_beyond(Fraction(94), [Fraction(90), Fraction(95)]), lambda x: True)
    Fraction(95, 1)
    """
    marks = tuple(anchors)
    if up:
        beyond = [*sorted(a for a in marks if a > number)[:3], number]
        return st.one_of(
            st.sampled_from(beyond),
            deltas().map(lambda d: number + d),
            numbers_near(marks).map(lambda c: max(number, c)),
        )
    beyond = [*sorted((a for a in marks if a < number), reverse=True)[:3], number]
    return st.one_of(
        st.sampled_from(beyond),
        deltas().map(lambda d: number - d),
        numbers_near(marks).map(lambda c: min(number, c)),
    )
