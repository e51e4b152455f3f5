"""
Aggregating normalised indicators into one composite score per unit (COINr's ``Aggregate``).

- ``arithmetic``: the weighted mean sum(w x) / sum(w), exact;
- ``geometric``: the weighted geometric mean, floats (exact when the root is
  rational); every value must be > 0;
- ``harmonic``: sum(w) / sum(w / x), exact; every value must be > 0;
- ``copeland``: outranking. For units i and j, o_ij is the share of weight
  where i beats j, ties counting half; i's score is the number of units it
  outranks (o_ij > 1/2) minus the number that outrank it. Exact; the scores
  sum to 0.

The geometric and harmonic means are parlib's tree aggregations
(:mod:`parlib.aggregation`) applied to a unit's indicators. A missing value drops out with its weight and the
remaining weights are renormalised (COINr's choice); Copeland compares two
units on the indicators both have. A unit with no value gets ``None``.

>>> from parlib.analysis.indicators import IndicatorMatrix
>>> m = IndicatorMatrix.from_rows(["A", "B", "C"], ["x", "y"], [[100, 0], [50, 50], [0, 60]])
>>> aggregate(m, "arithmetic")
[Fraction(50, 1), Fraction(50, 1), Fraction(30, 1)]
>>> aggregate(m, "copeland", {"x": 1, "y": 3})
[Fraction(-2, 1), Fraction(0, 1), Fraction(2, 1)]
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from fractions import Fraction
from typing import Literal

from parlib.aggregation import Aggregation, GeometricMean, HarmonicMean, Part
from parlib.analysis.errors import AnalysisError
from parlib.analysis.indicators import IndicatorMatrix
from parlib.errors import ModelError, Problem, ScoringError
from parlib.numbers import parse_number

__all__ = ["AGGREGATE_METHODS", "AggregateMethod", "aggregate", "copeland", "indicator_weights"]

AggregateMethod = Literal["arithmetic", "geometric", "harmonic", "copeland"]
AGGREGATE_METHODS: tuple[str, ...] = ("arithmetic", "geometric", "harmonic", "copeland")

_MEANS: dict[str, Aggregation] = {
    "geometric": GeometricMean(),
    "harmonic": HarmonicMean(),
}
_HUNDRED = Fraction(100)


def indicator_weights(matrix: IndicatorMatrix, weights: Mapping[str, object] | None = None) -> list[Fraction]:
    """
    The weight of every indicator, in order: 1 unless *weights* says otherwise.

    Weights must be numbers >= 0, name indicators of the matrix, and not all be 0.

    >>> from parlib.analysis.indicators import IndicatorMatrix
    >>> m = IndicatorMatrix.from_rows(["A"], ["x", "y"], [[1, 2]])
    >>> indicator_weights(m, {"y": "0.5"})
    [Fraction(1, 1), Fraction(1, 2)]
    >>> indicator_weights(m, {"z": 1})
    Traceback (most recent call last):
    ...
    parlib.analysis.errors.AnalysisError: weight for 'z', which is not an indicator @ $.weights.z
    """
    weights = weights or {}
    problems = [Problem(f"weight for {k!r}, which is not an indicator", f"$.weights.{k}") for k in weights
                if k not in matrix.indicators]  # fmt: skip
    out: list[Fraction] = []
    for name in matrix.indicators:
        try:
            w = parse_number(weights.get(name, 1))
        except ModelError as exc:
            problems.append(Problem(exc.problems[0].message, f"$.weights.{name}"))
            continue
        if w < 0:
            problems.append(Problem(f"a weight must be >= 0, got {w}", f"$.weights.{name}"))
        out.append(w)
    if not problems and not any(out):
        problems.append(Problem("every weight is 0", "$.weights"))
    if problems:
        raise AnalysisError(problems)
    return out


def copeland(matrix: IndicatorMatrix, weights: Mapping[str, object] | None = None) -> list[Fraction | None]:
    """
    Copeland outranking scores (see the module docstring); exact, summing to 0.

    >>> from parlib.analysis.indicators import IndicatorMatrix
    >>> copeland(IndicatorMatrix.from_rows(["A", "B"], ["x"], [[1], [1]]))
    [Fraction(0, 1), Fraction(0, 1)]
    """
    w = indicator_weights(matrix, weights)
    rows = matrix.values
    has = [any(v is not None and w[j] > 0 for j, v in enumerate(row)) for row in rows]
    scores = [0] * len(rows)
    for i, k in itertools.combinations(range(len(rows)), 2):
        if not (has[i] and has[k]):
            continue
        wins = total = Fraction(0)
        for weight, a, b in zip(w, rows[i], rows[k], strict=True):
            if a is None or b is None or weight == 0:
                continue
            total += weight
            wins += weight if a > b else weight / 2 if a == b else 0
        if total == 0 or 2 * wins == total:
            continue
        step = 1 if 2 * wins > total else -1
        scores[i] += step
        scores[k] -= step
    return [Fraction(s) if h else None for s, h in zip(scores, has, strict=True)]


def _arithmetic(matrix: IndicatorMatrix, weights: list[Fraction]) -> list[Fraction | None]:
    """The exact weighted mean of each unit's present values (weights renormalised)."""
    out: list[Fraction | None] = []
    for row in matrix.values:
        total = weight = Fraction(0)
        for w, v in zip(weights, row, strict=True):
            if v is not None and w:
                total += v if w == 1 else w * v
                weight += w
        out.append(total / weight if weight else None)
    return out


def aggregate(
    matrix: IndicatorMatrix, method: AggregateMethod = "arithmetic", weights: Mapping[str, object] | None = None
) -> list[Fraction | None]:
    """
    One composite score per unit, aligned with ``matrix.units``.

    >>> from parlib.analysis.indicators import IndicatorMatrix
    >>> m = IndicatorMatrix.from_rows(["A", "B"], ["x", "y"], [[1, 4], [2, None]])
    >>> aggregate(m, "geometric"), aggregate(m, "harmonic")
    ([Fraction(2, 1), Fraction(2, 1)], [Fraction(8, 5), Fraction(2, 1)])
    >>> aggregate(IndicatorMatrix.from_rows(["A"], ["x"], [[0]]), "geometric")
    Traceback (most recent call last):
    ...
    parlib.analysis.errors.AnalysisError: unit 'A': a geometric mean takes values > 0; at 0 or below: x @ $.units[0]
    """
    if method == "copeland":
        return copeland(matrix, weights)
    if method == "arithmetic":
        return _arithmetic(matrix, indicator_weights(matrix, weights))
    if method not in _MEANS:
        raise AnalysisError.one(f"unknown aggregation {method!r}; known: {', '.join(AGGREGATE_METHODS)}", "$.aggregate")
    w = indicator_weights(matrix, weights)
    mean = _MEANS[method]
    out: list[Fraction | None] = []
    problems: list[Problem] = []
    for i, row in enumerate(matrix.values):
        parts = [Part(name, v, _HUNDRED, w[j]) for j, (name, v) in enumerate(zip(matrix.indicators, row, strict=True))
                 if v is not None]  # fmt: skip
        low = [p.id for p in parts if p.weight > 0 and p.points <= 0]
        if low:
            problems.append(
                Problem(
                    f"unit {matrix.units[i]!r}: a {method} mean takes values > 0; at 0 or below: {', '.join(low)}",
                    f"$.units[{i}]",
                )
            )
            out.append(None)
            continue
        try:
            out.append(mean.combine(parts, _HUNDRED).points)
        except ScoringError as exc:  # pragma: no cover  (values <= 0 are caught above)
            problems += [Problem(f"unit {matrix.units[i]!r}: {p.message}", f"$.units[{i}]") for p in exc.problems]
            out.append(None)
    if problems:
        raise AnalysisError(problems)
    return out
