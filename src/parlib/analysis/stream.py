"""
The random numbers of a sensitivity run: one stream, the same in pure Python and in numpy.

A seed (any int) feeds :class:`random.Random`, whose first 256 bits set the
state and increment of a PCG64 generator, numpy's default bit generator
(XSL-RR 128/64). Uniform numbers in [0, 1) are its 64-bit outputs shifted
right by 11 and scaled by 2**-53, exactly as ``numpy.random.Generator.random``
makes them, so :class:`Stream` (pure Python) and :func:`numpy_generator`
give bit-identical numbers for the same seed. The pure-Python generator is
slow (about a microsecond a number); numpy's is the same stream at C speed.

>>> Stream(7).uniforms(2) == Stream(7).uniforms(2)
True
>>> all(0 <= u < 1 for u in Stream(7).uniforms(1000))
True
"""

from __future__ import annotations

import random
from typing import Any

__all__ = ["Stream", "numpy_generator", "pcg_state"]

_MULTIPLIER = 0x2360ED051FC65DA44385DF649FCCF645
_MASK128 = (1 << 128) - 1
_MASK64 = (1 << 64) - 1
_SCALE = 2.0**-53


def pcg_state(seed: int) -> tuple[int, int]:
    """
    The PCG64 (state, increment) for *seed*; the increment is odd.

    >>> state, inc = pcg_state(1)
    >>> inc % 2, state < 2**128
    (1, True)
    """
    rng = random.Random(seed)  # noqa: S311  (a reproducible stream, not a secret)
    state = rng.getrandbits(128)
    return state, rng.getrandbits(128) | 1


class Stream:
    """
    The stream in pure Python: PCG64 stepped with Python integers.

    >>> s = Stream(0)
    >>> a = s.uniforms(3); b = s.uniforms(2)
    >>> a + b == Stream(0).uniforms(5)
    True
    """

    def __init__(self, seed: int) -> None:
        self._state, self._inc = pcg_state(seed)

    def uniforms(self, count: int) -> list[float]:
        """
        The next *count* numbers in [0, 1).

        >>> len(Stream(3).uniforms(4))
        4
        """
        state, inc = self._state, self._inc
        out = []
        for _ in range(count):
            state = (state * _MULTIPLIER + inc) & _MASK128
            x = ((state >> 64) ^ state) & _MASK64
            rot = state >> 122
            out.append(((((x >> rot) | (x << (-rot & 63))) & _MASK64) >> 11) * _SCALE)
        self._state = state
        return out


def numpy_generator(seed: int) -> Any:
    """
    A ``numpy.random.Generator`` on the same stream as :class:`Stream` (needs numpy).

    >>> import pytest; np = pytest.importorskip("numpy")
    >>> numpy_generator(5).random(3).tolist() == Stream(5).uniforms(3)
    True
    """
    import numpy as np

    state, inc = pcg_state(seed)
    bits = np.random.PCG64()
    bits.state = {"bit_generator": "PCG64", "state": {"state": state, "inc": inc}, "has_uint32": 0, "uinteger": 0}
    return np.random.Generator(bits)
