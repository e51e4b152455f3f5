"""
Ranking units with ties: competition (1, 2, 2, 4), dense (1, 2, 2, 3) and ordinal (1, 2, 3, 4).

Ties are decided on the values as shown: pass the framework's rounding
policy and two units shown as 86.98 share a rank even if their exact values
differ. A unit without a value (``None``) is not ranked.

>>> from fractions import Fraction
>>> rank([Fraction(90), Fraction(85), Fraction(85), Fraction(70)])
[1, 2, 2, 4]
>>> rank([Fraction(90), Fraction(85), Fraction(85), Fraction(70)], method="dense")
[1, 2, 2, 3]
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from parlib.errors import ModelError
from parlib.numbers import RoundingPolicy

__all__ = ["RANK_METHODS", "RankMethod", "rank", "rank_within", "shown"]

RankMethod = Literal["competition", "dense", "ordinal"]
RANK_METHODS: tuple[str, ...] = ("competition", "dense", "ordinal")


def shown(value: Fraction, rounding: RoundingPolicy | None) -> Fraction:
    """
    The value as a person sees it: rounded by *rounding* (exactly), or unchanged.

    >>> shown(Fraction(8698, 100) + Fraction(1, 1000), RoundingPolicy(places=2))
    Fraction(4349, 50)
    >>> shown(Fraction(1, 3), None)
    Fraction(1, 3)
    """
    if rounding is None:
        return value
    return Fraction(rounding.round(value))


def rank(
    values: Sequence[Fraction | Decimal | int | float | None],
    *,
    method: RankMethod = "competition",
    descending: bool = True,
    rounding: RoundingPolicy | None = None,
) -> list[int | None]:
    """
    The rank of every value, aligned with *values* (1 is the highest unless ``descending=False``).
    Values are compared exactly (a float by its exact binary value).

    ``competition`` gives tied values the lowest rank of their group and skips
    the next ones (1, 2, 2, 4; R's ``ties.method = "min"``); ``dense`` does not
    skip (1, 2, 2, 3); ``ordinal`` breaks ties by input order (1, 2, 3, 4).
    With *rounding*, values are compared as shown.

    >>> rank([Fraction("86.981"), Fraction("86.984"), None], rounding=RoundingPolicy(places=2))
    [1, 1, None]
    >>> rank([3, 1, 3], method="ordinal", descending=False)
    [2, 1, 3]
    >>> rank([1], method="olympic")
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: unknown rank method 'olympic'; known: competition, dense, ordinal @ $.method
    """
    if method not in RANK_METHODS:
        raise ModelError.one(f"unknown rank method {method!r}; known: {', '.join(RANK_METHODS)}", "$.method")
    keys: list[Fraction | None] = [None if v is None else shown(Fraction(v), rounding) for v in values]
    present = [i for i, k in enumerate(keys) if k is not None]
    # Python's sort is stable, also with reverse=True: equal keys keep input order.
    order = sorted(present, key=lambda i: keys[i], reverse=descending)  # type: ignore[arg-type,return-value]
    out: list[int | None] = [None] * len(values)
    previous: Fraction | None = None
    competition = dense = 0
    for position, i in enumerate(order, start=1):
        if keys[i] != previous or position == 1:
            competition = position
            dense += 1
            previous = keys[i]
        out[i] = position if method == "ordinal" else competition if method == "competition" else dense
    return out


def rank_within(
    values: Sequence[Fraction | Decimal | int | float | None],
    groups: Sequence[Hashable],
    *,
    method: RankMethod = "competition",
    descending: bool = True,
    rounding: RoundingPolicy | None = None,
) -> list[int | None]:
    """
    Rank each unit among the units of its group (departments among departments,
    districts among districts); aligned with *values*.

    >>> rank_within([Fraction(9), Fraction(8), Fraction(7), Fraction(9)], ["dept", "dist", "dept", "dist"])
    [1, 2, 2, 1]
    """
    if len(groups) != len(values):
        raise ModelError.one(f"{len(groups)} groups for {len(values)} values", "$.groups")
    members: dict[Hashable, list[int]] = {}
    for i, group in enumerate(groups):
        members.setdefault(group, []).append(i)
    out: list[int | None] = [None] * len(values)
    for indexes in members.values():
        ranks = rank([values[i] for i in indexes], method=method, descending=descending, rounding=rounding)
        for i, r in zip(indexes, ranks, strict=True):
            out[i] = r
    return out
