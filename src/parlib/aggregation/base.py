"""
What an aggregation is: the :class:`Aggregation` protocol and the :class:`Part` it combines.

An aggregation turns the scores of a node's applicable children into the
node's index (0-100) or, for additive points, its points.

>>> from fractions import Fraction
>>> from parlib.aggregation import Additive
>>> parts = [Part("a", Fraction(1), Fraction(2), Fraction(1)), Part("b", Fraction(2), Fraction(2), Fraction(1))]
>>> Additive().combine(parts, Fraction(4)).points
Fraction(3, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Protocol, runtime_checkable

import attrs

from parlib.errors import Problem

__all__ = ["Aggregation", "Combined", "Part"]


@attrs.frozen
class Part:
    """
    One applicable child as its parent sees it: points, applicable maximum and weight.

    ``index`` is ``points / applicable_maximum * 100``.

    >>> Part("a", Fraction(1), Fraction(4), Fraction(1)).index
    Fraction(25, 1)
    """

    id: str
    points: Fraction
    applicable_maximum: Fraction
    weight: Fraction

    @property
    def index(self) -> Fraction:
        """
        The part's index, 0-100.

        >>> Part("a", Fraction(0), Fraction(1), Fraction(1)).index
        Fraction(0, 1)
        """
        return self.points / self.applicable_maximum * 100


@attrs.frozen
class Combined:
    """
    What an aggregation made of the parts: points out of the applicable maximum, and how.

    ``points is None`` means the node is not applicable (for example every
    applicable weight is 0).

    >>> Combined(Fraction(3), Fraction(4), "sum").points
    Fraction(3, 1)
    """

    points: Fraction | None
    applicable_maximum: Fraction
    detail: str


@runtime_checkable
class Aggregation(Protocol):
    """
    **Protocol:** a tree scorer that combines a node's applicable children.

    - ``type``: the registered name (``aggregation = "weighted-mean"``);
    - ``additive``: whether points add up (then a stated parent max must equal
      the sum of the children's, and the maximum is that sum);
    - ``check()``: problems with the parameters (paths relative to the aggregation);
    - ``combine(parts, maximum)``: the node's points out of *maximum* (or of the
      parts' applicable maxima when additive). Raise
      :class:`~parlib.errors.ScoringError` for values it cannot take.

    >>> from parlib.aggregation import WeightedMean
    >>> isinstance(WeightedMean(), Aggregation)
    True
    """

    @property
    def type(self) -> str:
        """The registered name."""
        ...

    @property
    def additive(self) -> bool:
        """Whether points add up the tree."""
        ...

    def check(self) -> list[Problem]:
        """Problems with the parameters."""
        ...

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        """Combine applicable parts into a node worth *maximum*."""
        ...
