"""
Imputation of missing indicator values: ``none``, ``mean`` or ``median`` of the
indicator over the units that have it (COINr's ``i_mean``/``i_median``), exact.

Imputed positions are marked in the result (``IndicatorMatrix.imputed``).
With ``none`` missing values stay missing, and the aggregations drop them
and renormalise the remaining weights.

>>> from parlib.analysis.indicators import IndicatorMatrix
>>> m = impute(IndicatorMatrix.from_rows(["A", "B", "C"], ["x"], [[1], [None], [4]]), "mean")
>>> m.column("x"), m.is_imputed("B", "x")
([Fraction(1, 1), Fraction(5, 2), Fraction(4, 1)], True)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from parlib.analysis.errors import AnalysisError
from parlib.analysis.indicators import IndicatorMatrix
from parlib.analysis.tiers import quantile

__all__ = ["IMPUTE_POLICIES", "ImputePolicy", "impute"]

ImputePolicy = Literal["none", "mean", "median"]
IMPUTE_POLICIES: tuple[str, ...] = ("none", "mean", "median")


def impute(matrix: IndicatorMatrix, policy: ImputePolicy = "none") -> IndicatorMatrix:
    """
    Fill missing values with the indicator's mean or median (``none`` returns *matrix*).

    An indicator with no value at all cannot be imputed.

    >>> from parlib.analysis.indicators import IndicatorMatrix
    >>> impute(IndicatorMatrix.from_rows(["A", "B", "C"], ["x"], [[1], [None], [9]]), "median").column("x")[1]
    Fraction(5, 1)
    >>> impute(IndicatorMatrix.from_rows(["A"], ["x"], [[None]]), "mean")
    Traceback (most recent call last):
    ...
    parlib.analysis.errors.AnalysisError: indicator 'x' has no value to impute from @ $.indicators.x
    """
    if policy not in IMPUTE_POLICIES:
        raise AnalysisError.one(f"unknown imputation {policy!r}; known: {', '.join(IMPUTE_POLICIES)}", "$.impute")
    if policy == "none" or not matrix.missing:
        return matrix
    columns: list[list[Fraction | None]] = []
    marks = set(matrix.imputed)
    for j, name in enumerate(matrix.indicators):
        column = [row[j] for row in matrix.values]
        present = [v for v in column if v is not None]
        if len(present) == len(column):
            columns.append(column)
            continue
        if not present:
            raise AnalysisError.one(f"indicator {name!r} has no value to impute from", f"$.indicators.{name}")
        fill = sum(present, Fraction(0)) / len(present) if policy == "mean" else quantile(present, Fraction(1, 2))
        marks.update((i, j) for i, v in enumerate(column) if v is None)
        columns.append([fill if v is None else v for v in column])
    rows = [[col[i] for col in columns] for i in range(len(matrix.units))]
    return IndicatorMatrix(matrix.units, matrix.indicators, rows, marks)
