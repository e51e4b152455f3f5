"""
The XCCDF 1.2 scoring models (NIST IR 7275r4 section 7.3.2) as tree aggregations.

- ``xccdf-default``: the default model, a weighted mean of the counted
  children's scores (0-100), weights relative to siblings. A child that counts
  nothing is not applicable and drops out. When the counted children's weights
  sum to 0 the specification divides 0 by 0: ``compat = "spec"`` refuses with
  a :class:`~parlib.errors.ScoringError`, ``compat = "openscap"`` gives 0 and
  counts the node, as OpenSCAP 1.3.7 does.
- ``xccdf-flat``: the flat model, points add up; a leaf's maximum is the
  rule's weight (1 for every rule of non-zero weight gives the flat-unweighted
  model).
- ``xccdf-absolute``: all or nothing, points add up only where every part
  earns its whole maximum.

:mod:`parlib.xccdf` builds frameworks that use these.

>>> from fractions import Fraction
>>> from parlib.aggregation.base import Part
>>> parts = [Part("a", Fraction(1), Fraction(1), Fraction(3)), Part("b", Fraction(0), Fraction(1), Fraction(1))]
>>> XccdfDefault().combine(parts, Fraction(100)).points
Fraction(75, 1)
>>> XccdfAbsolute().combine(parts, Fraction(2)).points
Fraction(0, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import ClassVar, Literal

import attrs

from parlib.aggregation.base import Combined, Part
from parlib.aggregation.means import Additive, WeightedMean
from parlib.errors import Problem, ScoringError

__all__ = ["COMPATS", "Compat", "XccdfAbsolute", "XccdfDefault", "XccdfFlat"]

Compat = Literal["spec", "openscap"]
COMPATS: tuple[str, ...] = ("spec", "openscap")
"""``spec`` follows the specification exactly; ``openscap`` reproduces OpenSCAP 1.3.7 where it departs."""


@attrs.frozen
class XccdfDefault:
    """
    The XCCDF default model at one node: ``s / a`` over counted children, 0-100.

    >>> from parlib.aggregation.base import Part
    >>> zero = [Part("a", Fraction(1), Fraction(1), Fraction(0))]
    >>> XccdfDefault(compat="openscap").combine(zero, Fraction(100)).points
    Fraction(0, 1)
    >>> XccdfDefault().combine([], Fraction(100)).points is None
    True
    """

    type: ClassVar[str] = "xccdf-default"
    additive: ClassVar[bool] = False
    compat: Compat = "spec"

    def check(self) -> list[Problem]:
        """
        ``compat`` is ``spec`` or ``openscap``.

        >>> XccdfDefault(compat="oscap").check()[0].path
        '$.compat'
        """
        if self.compat not in COMPATS:
            return [Problem(f"compat must be one of {', '.join(COMPATS)}, got {self.compat!r}", "$.compat")]
        return []

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        """
        The weighted mean of the counted children's scores, scaled to *maximum*.

        >>> XccdfDefault().combine([Part("a", Fraction(1), Fraction(1), Fraction(0))], Fraction(100))
        Traceback (most recent call last):
        ...
        parlib.errors.ScoringError: the counted children's weights sum to 0, so the XCCDF default model divides 0 by 0 and leaves the score undefined (compat openscap scores it 0) @ $
        """
        if not parts:
            return Combined(None, Fraction(0), "nothing counted")
        if sum((p.weight for p in parts), Fraction(0)) == 0:
            if self.compat == "spec":
                raise ScoringError.one(
                    "the counted children's weights sum to 0, so the XCCDF default model divides 0 by 0"
                    " and leaves the score undefined (compat openscap scores it 0)"
                )
            return Combined(Fraction(0), maximum, f"weights of {len(parts)} counted sum to 0 -> 0 (OpenSCAP)")
        return WeightedMean().combine(parts, maximum)


@attrs.frozen
class XccdfFlat:
    """
    The XCCDF flat model at one node: the sum of points, out of the sum of applicable maxima.

    >>> XccdfFlat().combine([Part("a", Fraction(3, 2), Fraction(3, 2), Fraction(1))], Fraction(2)).detail
    'flat sum of 1 part'
    """

    type: ClassVar[str] = "xccdf-flat"
    additive: ClassVar[bool] = True

    def check(self) -> list[Problem]:
        """
        No parameters.

        >>> XccdfFlat().check()
        []
        """
        return []

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        """
        Sum points and applicable maxima, as :class:`~parlib.aggregation.Additive` does.

        >>> XccdfFlat().combine([], Fraction(0)).applicable_maximum
        Fraction(0, 1)
        """
        summed = Additive().combine(parts, maximum)
        return attrs.evolve(summed, detail="flat " + summed.detail)


@attrs.frozen
class XccdfAbsolute:
    """
    The XCCDF absolute model at one node: the whole applicable maximum if every
    part earns all of its own, else 0.

    >>> XccdfAbsolute().combine([Part("a", Fraction(1), Fraction(1), Fraction(1))], Fraction(1)).points
    Fraction(1, 1)
    """

    type: ClassVar[str] = "xccdf-absolute"
    additive: ClassVar[bool] = True

    def check(self) -> list[Problem]:
        """
        No parameters.

        >>> XccdfAbsolute().check()
        []
        """
        return []

    def combine(self, parts: Sequence[Part], maximum: Fraction) -> Combined:
        """
        All or nothing over the parts (no part: 0 of 0).

        >>> XccdfAbsolute().combine([Part("a", Fraction(0), Fraction(0), Fraction(1))], Fraction(0)).detail
        'all 1 part at their maximum'
        """
        summed = Additive().combine(parts, maximum)
        short = [p.id for p in parts if p.points != p.applicable_maximum]
        if short:
            first = f" (first {short[0]})" if len(short) > 1 else f" ({short[0]})"
            return Combined(Fraction(0), summed.applicable_maximum, f"{len(short)} below their maximum{first} -> 0")
        word = "part" if len(parts) == 1 else "parts"
        return Combined(summed.points, summed.applicable_maximum, f"all {len(parts)} {word} at their maximum")
