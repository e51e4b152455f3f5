"""
Quantile tiers: exact quantiles and the assignment of units to a framework's :class:`~parlib.framework.Tiers`.

Cut-points are the quantiles j/k of the values (linear interpolation between
order statistics: R's type 7, numpy's and pandas' default), computed exactly.
A unit's tier is the number of cut-points its value passes, counted from the
bottom; with ``boundary = "lower"`` a value equal to a cut-point stays in the
lower tier (pandas ``qcut``, which is how PAPI's published groups were cut),
with ``"upper"`` it goes up. Tier membership depends only on the value, so tied
units always share a tier; pass the framework's rounding so that units shown
with the same value are tied.

With 63 units and four tiers the groups hold 16, 15, 16 and 16 units (best
first); with 61 units 15, 15, 15 and 16; with 60, 15 each.

>>> from fractions import Fraction
>>> from parlib.framework import Tiers
>>> assign_tiers([Fraction(v) for v in (1, 2, 3, 4)], Tiers(labels=("top", "bottom")))
['bottom', 'bottom', 'top', 'top']
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from parlib.analysis.errors import AnalysisError
from parlib.analysis.ranking import shown
from parlib.framework import Tiers
from parlib.numbers import RoundingPolicy

__all__ = ["assign_tiers", "quantile", "quantile_cuts", "tier_sizes"]


def quantile(values: Sequence[Fraction | int], p: Fraction) -> Fraction:
    """
    The *p*-quantile of *values*, exactly: R's type 7 (numpy's ``linear``).

    With the values sorted as x[0] <= ... <= x[n-1] and h = (n - 1) p, the
    quantile is x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).

    >>> quantile([1, 2, 3, 4], Fraction(1, 4))
    Fraction(7, 4)
    >>> quantile([], Fraction(1, 2))
    Traceback (most recent call last):
    ...
    parlib.analysis.errors.AnalysisError: a quantile needs at least one value @ $
    """
    if not values:
        raise AnalysisError.one("a quantile needs at least one value")
    if not 0 <= p <= 1:
        raise AnalysisError.one(f"a quantile's probability lies in [0, 1], got {p}", "$.p")
    ordered = sorted(Fraction(v) for v in values)
    h = (len(ordered) - 1) * Fraction(p)
    low = h.numerator // h.denominator
    if low + 1 >= len(ordered):
        return ordered[-1]
    return ordered[low] + (h - low) * (ordered[low + 1] - ordered[low])


def quantile_cuts(values: Sequence[Fraction | int], tiers: int) -> list[Fraction]:
    """
    The ``tiers - 1`` cut-points of quantile tiers, lowest first.

    >>> quantile_cuts(list(range(1, 64)), 4)
    [Fraction(33, 2), Fraction(32, 1), Fraction(95, 2)]
    """
    return [quantile(values, Fraction(j, tiers)) for j in range(1, tiers)]


def assign_tiers(
    values: Sequence[Fraction | None],
    tiers: Tiers,
    *,
    rounding: RoundingPolicy | None = None,
    descending: bool = True,
    path: str = "$",
) -> list[str | None]:
    """
    The tier label of every unit, aligned with *values*; ``None`` where a unit has no value.

    Higher values are better unless ``descending=False``; "lower" in
    ``tiers.boundary`` always means the worse of the two tiers. Fewer valued
    units than tiers is an error.

    >>> from parlib.framework import Tiers
    >>> four = Tiers(labels=("High", "High average", "Low average", "Low"))
    >>> assign_tiers([Fraction(1), Fraction(2), None], four)
    Traceback (most recent call last):
    ...
    parlib.analysis.errors.AnalysisError: 4 quantile tiers need at least 4 units with a value, got 2 @ $
    >>> assign_tiers([Fraction(v) for v in (1, 2, 3)], Tiers(labels=("top", "bottom"), boundary="upper"))
    ['bottom', 'top', 'top']
    """
    k = len(tiers.labels)
    sign = 1 if descending else -1
    keys = [None if v is None else sign * shown(v, rounding) for v in values]
    present = [v for v in keys if v is not None]
    if len(present) < k:
        raise AnalysisError.one(f"{k} quantile tiers need at least {k} units with a value, got {len(present)}", path)
    cuts = quantile_cuts(present, k)
    out: list[str | None] = []
    for key in keys:
        if key is None:
            out.append(None)
            continue
        passed = sum(1 for c in cuts if key > c or (tiers.boundary == "upper" and key == c))
        out.append(tiers.labels[k - 1 - passed])
    return out


def tier_sizes(labels: Sequence[str | None], tiers: Tiers) -> list[int]:
    """
    How many units fall in each tier, best first.

    >>> from parlib.framework import Tiers
    >>> four = Tiers(labels=("High", "High average", "Low average", "Low"))
    >>> tier_sizes(assign_tiers([Fraction(v) for v in range(63)], four), four)
    [16, 15, 16, 16]
    """
    return [sum(1 for x in labels if x == label) for label in tiers.labels]
