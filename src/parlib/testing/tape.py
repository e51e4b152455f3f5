"""
Many choices in one Hypothesis draw: a :class:`Tape` of bytes, read choice by choice.

Hypothesis spends its time per draw, not per byte. A strategy that makes many
small choices (the shape of a tree, the attributes of each node, a value for
each of 69 leaves) draws one fixed-length tape from :func:`tapes` and reads
its choices from it. Each read takes the next bytes; reads past the end give
zeros, and zero bytes read as the simplest choice (the lowest integer,
``False``, the first option), so a tape that Hypothesis shrinks towards zeros
gives a value that shrinks towards the simplest one.

A tape longer than 256 bytes is drawn as blocks of exactly 256 bytes. While
generating, Hypothesis copies one draw over another with the same label (any two
``st.binary`` draws, say a framework's tape and its assessment's), and a copy that
does not fit, bytes of another length, is read as the simplest value: all zeros,
so half the assessments drawn after a framework used to answer every leaf with
its simplest choice. A block always fits another block.

Requires the hypothesis package.

>>> tape = Tape(bytes([0, 255, 128]))
>>> tape.integer(0, 9), tape.integer(0, 9), tape.boolean(), tape.boolean()
(0, 9, True, False)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

__all__ = ["Reader", "Tape", "nearest_first", "reading", "tapes"]

T = TypeVar("T")

_BLOCK = 256  # a longer tape is drawn as whole blocks of this size (see the module's notes)


class Tape:
    """
    Bytes read as choices, each read taking the next bytes (zeros past the end).

    Every read maps zero bytes to its simplest answer, and a smaller first byte
    never to a later answer, so shrinking the bytes shrinks the choices.
    ``words`` are texts drawn alongside the bytes, for :meth:`text` (bytes alone
    make poor text).

    >>> tape = Tape(bytes([200, 0, 0, 1]))
    >>> tape.choice("abc"), tape.odds(1, 10), tape.integer(0, 65535)
    ('c', False, 1)
    """

    __slots__ = ("_at", "_data", "words")

    def __init__(self, data: bytes = b"", words: Sequence[str] = ()) -> None:
        self._data = data
        self._at = 0
        self.words = tuple(words)

    def __repr__(self) -> str:
        return f"Tape({self._data!r}, words={self.words!r})" if self.words else f"Tape({self._data!r})"

    def _read(self, count: int) -> int:
        """The next *count* bytes as a big-endian number (zeros past the end)."""
        start = self._at
        self._at = start + count
        data = self._data
        if count == 1:  # the usual read
            return data[start] if start < len(data) else 0
        chunk = data[start : start + count]
        value = int.from_bytes(chunk, "big")
        return value << 8 * (count - len(chunk)) if len(chunk) < count else value

    def integer(self, low: int, high: int, *, towards: int | None = None) -> int:
        """
        An integer from *low* to *high*: *low* (or *towards*) at zero bytes, then
        the numbers above it, then those below it. One byte per 256 possible values.

        >>> Tape(bytes([0])).integer(-20, 220, towards=0), Tape(bytes([255])).integer(-20, 220, towards=0)
        (0, -20)
        """
        span = high - low + 1
        if span <= 1:
            return low
        if span <= 256:  # the usual read: one byte
            step = self._read(1) * span >> 8
        else:
            width = (span - 1).bit_length() + 7 >> 3
            step = self._read(width) * span >> 8 * width
        return low + step if towards is None else nearest_first(step, low, high, towards)

    def pick(self, *groups: tuple[int, int]) -> tuple[int, int]:
        """
        One choice among groups of (*weight*, *size*) choices, in one read of two bytes:
        the group's index (each as likely as its weight) and the index in the group.
        ``(0, 0)`` at zero, and a smaller number never gives a later group, nor a later
        choice in the same group: shrinking moves from one group to an earlier one.

        >>> Tape(bytes([0, 0])).pick((2, 10), (1, 1000)), Tape(bytes([255, 255])).pick((2, 10), (1, 1000))
        ((0, 0), (1, 999))
        """
        number = self._read(2)
        total = sum(weight for weight, _ in groups)
        start = 0
        for i, (weight, size) in enumerate(groups):
            end = start + (weight << 16) // total if i < len(groups) - 1 else 1 << 16
            if number < end:
                return i, (number - start) * size // (end - start)
            start = end
        raise AssertionError("unreachable: the last group ends past every number")  # pragma: no cover

    def boolean(self) -> bool:
        """
        Yes or no, evenly (one byte); no at zero.

        >>> Tape(bytes([127, 128])).boolean(), Tape(bytes([128])).boolean()
        (False, True)
        """
        return self._read(1) >= 128

    def odds(self, chances: int, out_of: int) -> bool:
        """
        True *chances* times in *out_of* (one byte); false at zero.

        >>> sum(Tape(bytes([b])).odds(1, 4) for b in range(256))
        64
        """
        return self._read(1) * out_of >= (out_of - chances) * 256

    def choice(self, options: Sequence[T]) -> T:
        """
        One of *options*, the first at zero.

        >>> Tape(bytes([255])).choice(["a", "b"])
        'b'
        """
        return options[self.integer(0, len(options) - 1)]

    def weighted(self, weights: Sequence[int]) -> int:
        """
        The index of one of *weights*, each as likely as its weight (one byte); 0 at zero.

        >>> [Tape(bytes([b])).weighted([2, 1]) for b in (0, 170, 171, 255)]
        [0, 0, 1, 1]
        """
        mark = self._read(1) * sum(weights) >> 8
        for i, weight in enumerate(weights):
            if mark < weight:
                return i
            mark -= weight
        return len(weights) - 1

    def bits(self, count: int) -> int:
        """
        *count* yes/no choices at once, bit ``i`` the ``i``-th; all no at zero.

        >>> Tape(bytes([255])).bits(3)
        7
        """
        return self.integer(0, (1 << count) - 1)

    def subset(self, options: Sequence[T]) -> tuple[T, ...]:
        """
        Some of *options* in their order (none at zero).

        >>> Tape(bytes([255])).subset("abc")
        ('a', 'b', 'c')
        """
        chosen = self.bits(len(options))
        return tuple(x for i, x in enumerate(options) if chosen >> i & 1)

    def distinct(self, count: int, low: int, high: int) -> list[int]:
        """
        *count* different integers from *low* to *high*, ascending (the lowest ones at zero).

        >>> Tape(b"").distinct(3, 0, 400), Tape(bytes([255, 255])).distinct(2, 0, 9)
        ([0, 1, 2], [8, 9])
        """
        chosen: list[int] = []
        for i in range(count):
            pick = self.integer(low, high - i)
            for taken in chosen:  # step over the values already taken, so every pick is new
                if pick >= taken:
                    pick += 1
            chosen = sorted([*chosen, pick])
        return chosen

    def shuffled(self, items: Sequence[T]) -> list[T]:
        """
        *items* in another order, in one read for up to five items (the same order at zero).

        >>> Tape(bytes([255])).shuffled("abc")
        ['c', 'b', 'a']
        """
        pool = list(items)
        code = self.integer(0, math.factorial(len(pool)) - 1)
        out = []
        for left in range(len(pool), 0, -1):
            index, code = divmod(code, math.factorial(left - 1))
            out.append(pool.pop(index))
        return out

    def text(self, *typical: str) -> str:
        """
        One of the tape's :attr:`words` or of *typical* (one byte): the first word at zero,
        the first of *typical* when the tape has no words, ``""`` when there is neither.

        >>> Tape(words=["Ωmega"]).text("A", "B"), Tape(bytes([255])).text("A", "B"), Tape().text()
        ('Ωmega', 'B', '')
        """
        options = (*self.words, *typical)
        return self.choice(options) if options else ""

    def take(self, count: int) -> bytes:
        """
        The next *count* bytes as they are (zeros past the end).

        >>> Tape(bytes([1, 2])).take(3).hex()
        '010200'
        """
        return self._read(count).to_bytes(count, "big")

    def fork(self, size: int) -> Tape:
        """
        The next *size* bytes as a tape of their own: what its reader takes stays in it.

        >>> tape = Tape(bytes([1, 2, 3]))
        >>> part = tape.fork(2)
        >>> part.integer(0, 255), part.integer(0, 255), part.integer(0, 255), tape.integer(0, 255)
        (1, 2, 0, 3)
        """
        start = self._at
        self._at = start + size
        return Tape(self._data[start : start + size], self.words)


def nearest_first(step: int, low: int, high: int, towards: int) -> int:
    """
    The *step*-th integer from *low* to *high* counting from *towards*: first
    *towards* and the numbers above it, then those below it, nearest first.

    >>> [nearest_first(step, -2, 2, 0) for step in range(5)]
    [0, 1, 2, -1, -2]
    """
    up = high - towards
    return towards + step if step <= up else towards - (step - up)


Reader = Callable[[Tape], T]
"""Something that reads a value from a tape."""


def _check_size(size: int) -> None:
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise InvalidArgument(f"size must be an integer >= 0, got {size!r}")


def tapes(*, size: int = 64) -> st.SearchStrategy[Tape]:
    """
    Tapes of *size* bytes, in one draw; they shrink towards zero bytes, the simplest choices.

    Keep *size* to a few thousand: Hypothesis finds an input of 4 KB too large to start from.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(tapes(size=2), lambda t: t.integer(0, 9) > 4)
    Tape(b'\\x80\\x00')
    """
    _check_size(size)
    return _tapes(size)


@functools.lru_cache(maxsize=256)
def _tapes(size: int) -> st.SearchStrategy[Tape]:
    return st.builds(Tape, _raw(size))


@functools.lru_cache(maxsize=256)
def _raw(size: int) -> st.SearchStrategy[bytes]:
    """
    *size* bytes: one draw, or whole blocks of ``_BLOCK`` bytes when longer. Built with
    ``st.builds``, not ``.map``: every ``.map`` draw has the same label, so Hypothesis
    would copy any other mapped draw over this one, whereas this label names the number
    of blocks, and what is copied over it has as many blocks of the same size.
    """
    if size <= _BLOCK:
        return st.binary(min_size=size, max_size=size)
    return st.builds(functools.partial(_joined, size=size), *[_BLOCK_BYTES] * -(-size // _BLOCK))


def _joined(*blocks: bytes, size: int) -> bytes:
    """The first *size* bytes of *blocks*, one after the other."""
    return b"".join(blocks)[:size]


_BLOCK_BYTES = st.binary(min_size=_BLOCK, max_size=_BLOCK)


def _read_raw(read: Reader[T], raw: bytes, *words: str) -> T:
    return read(Tape(raw, words))


def reading(read: Reader[T], *, size: int, words: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[T]:
    """
    Values read by *read* from a tape of *size* bytes: one draw for all of its choices
    (and one more for a text from *words*, which the tape offers as :meth:`Tape.text`).

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(reading(lambda t: (t.integer(0, 9), t.boolean()), size=2), lambda v: v[1])
    (0, True)
    >>> find(reading(lambda t: t.text(), size=1, words=st.text(min_size=2)), lambda v: True)
    '00'
    """
    _check_size(size)
    parts = (_raw(size),) if words is None else (_raw(size), words)
    return st.builds(functools.partial(_read_raw, read), *parts)
