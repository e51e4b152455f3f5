"""
Tree aggregations: the built-ins and the :data:`AGGREGATIONS` registry data files name.

>>> AGGREGATIONS.get("weighted-mean") is WeightedMean
True
>>> to_aggregation({"type": "power-mean", "p": 2})
PowerMean(p=Fraction(2, 1))
"""

from __future__ import annotations

from parlib.aggregation.base import Aggregation, Combined, Part
from parlib.aggregation.means import Additive, GeometricMean, HarmonicMean, Minimum, PowerMean, WeightedMean
from parlib.aggregation.xccdf import XccdfAbsolute, XccdfDefault, XccdfFlat
from parlib.errors import ModelError
from parlib.plugins import Registry

__all__ = [
    "AGGREGATIONS",
    "Additive",
    "Aggregation",
    "Combined",
    "GeometricMean",
    "HarmonicMean",
    "Minimum",
    "Part",
    "PowerMean",
    "WeightedMean",
    "XccdfAbsolute",
    "XccdfDefault",
    "XccdfFlat",
    "to_aggregation",
]

AGGREGATIONS: Registry[type[Aggregation]] = Registry("aggregation", group="parlib.aggregations")
"""Aggregation classes by the name data files use."""

for _cls in (
    Additive,
    WeightedMean,
    GeometricMean,
    HarmonicMean,
    PowerMean,
    Minimum,
    XccdfDefault,
    XccdfFlat,
    XccdfAbsolute,
):
    AGGREGATIONS.register(_cls.type, _cls)


def to_aggregation(value: object) -> Aggregation:
    """
    Convert a name, a ``{ type = ..., ... }`` table or an aggregation into an aggregation.

    >>> to_aggregation("additive")
    Additive()
    >>> to_aggregation("mean")
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: unknown aggregation 'mean'; known: additive, geometric-mean, harmonic-mean, minimum, power-mean, weighted-mean, xccdf-absolute, xccdf-default, xccdf-flat @ $.type
    """
    if isinstance(value, Aggregation):
        return value
    cls, params = AGGREGATIONS.pick(value, by_name=True)
    kind = cls.type
    try:
        agg = cls(**params)
    except ModelError as exc:
        raise exc.under("$") from None
    except TypeError as exc:
        raise ModelError.one(f"bad parameters for aggregation {kind!r}: {exc}") from None
    problems = agg.check()
    if problems:
        raise ModelError(problems)
    return agg
