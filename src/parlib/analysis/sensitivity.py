"""
Rank uncertainty (COINr's uncertainty analysis): how much of a ranking is real
and how much an artefact of the weights, the aggregation and the normalisation.

Each of *draws* Monte-Carlo replications

1. perturbs every weight: w' = w + U(-1, 1) f w (COINr's ``get_noisy_weights``);
2. picks one of the normalisations and one of the aggregations, uniformly;
3. scores and ranks the units (competition ranks, 1 the best).

For every unit the result gives the nominal rank (the exact composite with
the nominal weights and methods), and the median, mean, 5th and 95th
percentiles of its rank over the replications (R's type-7 quantiles, exact).

**Reproducible, with or without numpy.** The random numbers come from one
seeded stream (:mod:`parlib.analysis.stream`), identical in pure Python and in
numpy. Each replication's scores are defined as correctly rounded sums
(:func:`math.fsum`) of the products w' x, computed in floats from the exact
normalised values (logarithms for the geometric mean, reciprocals for the
harmonic mean, comparison signs for Copeland). The pure-Python engine
computes exactly that. The numpy engine computes the sums as a matrix product
and bounds its rounding error (at most (d + 4) 2**-53 sum|w' x| away from the
correctly rounded sum, for d indicators); a replication where two units come
closer than twice that bound is recomputed the pure-Python way. So both
engines give the same ranks for the same seed, ties included.

The floats nearest the exact normalised values come from
:func:`~parlib.analysis.normalise.normalise_floats`, which builds no fractions
for min-max and z-scores; the exact normalised values are built only where
they decide something: Copeland's comparisons, the nominal ranks (unless,
for the arithmetic mean, the float sums settle them), an error naming a value.

Missing values must be imputed first (:func:`~parlib.analysis.impute.impute`).
Progress goes to a *progress* callback (``done, total``) after each chunk.

>>> from parlib.analysis.indicators import IndicatorMatrix
>>> m = IndicatorMatrix.from_rows(["A", "B", "C"], ["x", "y"], [[9, 1], [5, 5], [1, 8]])
>>> result = sensitivity(m, draws=200, seed=1, engine="python")
>>> [(s.unit, s.nominal, str(s.median), str(s.q05), str(s.q95)) for s in result.stats()]
[('A', 2, '2', '1', '3'), ('B', 1, '2', '1', '2'), ('C', 2, '3', '1', '3')]

"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs

from parlib.analysis.composite import AGGREGATE_METHODS, AggregateMethod, aggregate, indicator_weights
from parlib.analysis.errors import AnalysisError
from parlib.analysis.indicators import IndicatorMatrix
from parlib.analysis.normalise import NORMALISE_METHODS, NormaliseMethod, normalise, normalise_floats
from parlib.analysis.ranking import rank
from parlib.analysis.stream import Stream, numpy_generator
from parlib.rules.base import describe

__all__ = ["ENGINES", "Engine", "Progress", "RankStats", "Sensitivity", "numpy_available", "sensitivity"]

Engine = Literal["auto", "numpy", "python"]
ENGINES: tuple[str, ...] = ("auto", "numpy", "python")
Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each chunk of replications."""

_UNIT_ROUNDING = 2.0**-53


def numpy_available() -> bool:
    """
    Whether numpy (the ``numpy`` extra) can be imported.

    >>> isinstance(numpy_available(), bool)
    True
    """
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


@attrs.frozen
class RankStats:
    """
    One unit's rank over the replications: nominal, median, mean, 5th and 95th percentiles.

    >>> RankStats("A", 1, Fraction(1), Fraction(3, 2), Fraction(1), Fraction(3)).band
    (Fraction(1, 1), Fraction(3, 1))
    """

    unit: str
    nominal: int | None
    median: Fraction
    mean: Fraction
    q05: Fraction
    q95: Fraction

    @property
    def band(self) -> tuple[Fraction, Fraction]:
        """
        The 5th-95th percentile band of the rank.

        >>> RankStats("A", 2, Fraction(2), Fraction(2), Fraction(2), Fraction(2)).band[0]
        Fraction(2, 1)
        """
        return (self.q05, self.q95)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _counts(value: Iterable[Iterable[int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(map(int, row)) for row in value)


def _ranks(value: Iterable[int | None]) -> tuple[int | None, ...]:
    return tuple(value)


@attrs.frozen
class Sensitivity:
    """
    The outcome of a run: for each unit, how often it took each rank.

    ``counts[i][r - 1]`` is the number of replications in which unit i was
    ranked r; every row sums to ``draws``.

    >>> from parlib.analysis.indicators import IndicatorMatrix
    >>> m = IndicatorMatrix.from_rows(["A", "B"], ["x"], [[1], [2]])
    >>> s = sensitivity(m, draws=10, engine="python")
    >>> s.counts, s.stats()[1].q95
    (((0, 10), (10, 0)), Fraction(1, 1))
    """

    units: tuple[str, ...] = attrs.field(converter=_strs)
    nominal: tuple[int | None, ...] = attrs.field(converter=_ranks)
    counts: tuple[tuple[int, ...], ...] = attrs.field(converter=_counts)
    draws: int
    seed: int
    engine: str
    noise: Fraction
    normalisations: tuple[str, ...] = attrs.field(converter=_strs)
    aggregations: tuple[str, ...] = attrs.field(converter=_strs)

    def quantile(self, unit: int, p: Fraction) -> Fraction:
        """
        The *p*-quantile of unit *unit*'s rank (type 7, exact), from the counts.

        >>> from parlib.analysis.indicators import IndicatorMatrix
        >>> m = IndicatorMatrix.from_rows(["A", "B"], ["x"], [[1], [2]])
        >>> sensitivity(m, draws=4, engine="python").quantile(0, Fraction(1, 2))
        Fraction(2, 1)
        """
        counts = self.counts[unit]
        h = (self.draws - 1) * Fraction(p)
        low = h.numerator // h.denominator

        def nth(k: int) -> int:
            seen = 0
            for r, c in enumerate(counts, start=1):
                seen += c
                if seen > k:
                    return r
            return len(counts)  # pragma: no cover  (k < draws)

        if low + 1 >= self.draws:
            return Fraction(nth(self.draws - 1))
        a, b = nth(low), nth(low + 1)
        return a + (h - low) * (b - a)

    def stats(self) -> list[RankStats]:
        """
        Nominal, median, mean, 5th and 95th percentile rank of every unit, in unit order.

        >>> from parlib.analysis.indicators import IndicatorMatrix
        >>> m = IndicatorMatrix.from_rows(["A", "B"], ["x"], [[1], [2]])
        >>> sensitivity(m, draws=3, engine="python").stats()[0].mean
        Fraction(2, 1)
        """
        out = []
        for i, unit in enumerate(self.units):
            mean = Fraction(sum(r * c for r, c in enumerate(self.counts[i], start=1)), self.draws)
            out.append(
                RankStats(
                    unit, self.nominal[i], self.quantile(i, Fraction(1, 2)), mean,
                    self.quantile(i, Fraction(5, 100)), self.quantile(i, Fraction(95, 100)),
                )
            )  # fmt: skip
        return out


@attrs.frozen
class _Combo:
    """One normalisation and aggregation: the float features each replication weighs."""

    kind: Literal["linear", "copeland"]
    features: tuple[tuple[float, ...], ...]
    """Rows: units (linear) or pairs of units (copeland); columns: indicators."""
    pairs: tuple[tuple[int, int], ...] = ()


@attrs.frozen
class _Plan:
    units: int
    weights: tuple[float, ...]
    noise: float
    combos: tuple[_Combo, ...]
    norms: int
    aggs: int

    @property
    def width(self) -> int:
        return len(self.weights) + (self.norms > 1) + (self.aggs > 1)

    def weights_for(self, u: Sequence[float]) -> list[float]:
        f = self.noise
        return [w + ((x * 2.0 - 1.0) * f) * w for x, w in zip(u, self.weights, strict=False)]

    def combo_for(self, u: Sequence[float]) -> int:
        d = len(self.weights)
        n = int(u[d] * self.norms) if self.norms > 1 else 0
        a = int(u[d + (self.norms > 1)] * self.aggs) if self.aggs > 1 else 0
        return n * self.aggs + a

    def ranks(self, combo: int, weights: Sequence[float]) -> list[int]:
        """The canonical ranks of one replication (correctly rounded sums)."""
        c = self.combos[combo]
        sums = [math.fsum(map(operator.mul, weights, row)) for row in c.features]
        if c.kind == "linear":
            scores: list[float] = sums
        else:
            wins = [0] * self.units
            for (i, k), s in zip(c.pairs, sums, strict=True):
                step = (s > 0) - (s < 0)
                wins[i] += step
                wins[k] -= step
            scores = [float(w) for w in wins]
        return [r for r in rank(scores) if r is not None]


def _unique(first: str, others: Sequence[str]) -> tuple[str, ...]:
    out = [first]
    out += [o for o in others if o not in out]
    return tuple(out)


def _features(
    method: AggregateMethod, norm: str, floats: Sequence[Sequence[float]], exact: Callable[[], IndicatorMatrix]
) -> _Combo:
    """
    The features of one combination, from the floats nearest the normalised
    values (*floats*); Copeland's comparisons, and the error naming a value
    <= 0, take the exact values (*exact*).
    """
    if method == "copeland":
        rows = exact().values
        pairs = tuple((i, k) for i in range(len(rows)) for k in range(i + 1, len(rows)))
        signs = tuple(
            tuple(float((a > b) - (a < b)) for a, b in zip(rows[i], rows[k], strict=True))  # type: ignore[operator]
            for i, k in pairs
        )
        return _Combo("copeland", signs, pairs)
    if method in ("geometric", "harmonic") and any(v <= 0 for row in floats for v in row):
        matrix = exact()  # the float nearest v is <= 0 only if v is (or underflows, as before)
        for i, row in enumerate(matrix.values):
            for j, v in enumerate(row):
                if v is not None and v <= 0:
                    raise AnalysisError.one(
                        f"the {method} mean needs values > 0, but normalisation {norm!r} gives {describe(v)}"
                        f" for unit {matrix.units[i]!r} on {matrix.indicators[j]!r} (normalise onto a scale above 0,"
                        " such as 1 to 100)",
                        f"$.indicators.{matrix.indicators[j]}",
                    )
    if method == "arithmetic":
        return _Combo("linear", tuple(tuple(row) for row in floats))
    convert: Callable[[float], float] = math.log if method == "geometric" else lambda v: -(1.0 / v)
    return _Combo("linear", tuple(tuple(map(convert, row)) for row in floats))


def _nominal(
    plan: _Plan, method: AggregateMethod, exact: Callable[[], IndicatorMatrix], weights: Mapping[str, object] | None
) -> list[int | None]:
    """
    The nominal ranks: of the exact composite (:func:`~parlib.analysis.composite.aggregate`).

    For the arithmetic mean the float sums decide when no two units come
    closer than twice their error bound (each float sum lies within
    8 (d + 4) 2**-53 sum|w x| of the exact one); otherwise, and for the other
    aggregations, the exact composite is computed from the exact normalised
    values (*exact*).
    """
    if method == "arithmetic":
        features = plan.combos[0].features
        sums = [math.fsum(map(operator.mul, plan.weights, row)) for row in features]
        sizes = [math.fsum(map(abs, map(operator.mul, plan.weights, row))) for row in features]
        bound = 8 * (len(plan.weights) + 4) * _UNIT_ROUNDING * max(sizes, default=0.0)
        ordered = sorted(sums)
        if all(b - a > 2 * bound for a, b in itertools.pairwise(ordered)):
            return list(rank(sums))
    return rank(aggregate(exact(), method, weights))


def _run_python(plan: _Plan, draws: int, seed: int, progress: Progress | None) -> list[list[int]]:
    stream = Stream(seed)
    counts = [[0] * plan.units for _ in range(plan.units)]
    step = max(1, min(1000, draws // 20))
    for done in range(1, draws + 1):
        u = stream.uniforms(plan.width)
        for i, r in enumerate(plan.ranks(plan.combo_for(u), plan.weights_for(u))):
            counts[i][r - 1] += 1
        if progress is not None and (done % step == 0 or done == draws):
            progress(done, draws)
    return counts


@attrs.frozen
class _Arrays:
    """One combination's features as a numpy array, with what the error bound needs."""

    features: Any
    size: float  # the largest row sum of |features|
    incidence: Any = None  # copeland: pairs x units, +1 for the first unit, -1 for the second


def _arrays(np: Any, combo: _Combo, units: int) -> _Arrays:
    features = np.asarray(combo.features, dtype=np.float64).reshape(len(combo.features), -1)
    size = float(np.abs(features).sum(axis=1).max()) if len(combo.features) else 0.0
    if combo.kind == "linear":
        return _Arrays(features, size)
    incidence = np.zeros((len(combo.pairs), units), dtype=np.int64)
    for p, (i, k) in enumerate(combo.pairs):
        incidence[p, i], incidence[p, k] = 1, -1
    return _Arrays(features, size, incidence)


def _numpy_ranks(np: Any, plan: _Plan, combo: int, arrays: _Arrays, *, weights: Any, bound: Any) -> Any:
    """
    Ranks of a block of replications by a matrix product. Replications where
    two sums come closer than twice the error bound (linear), or a comparison
    sum comes that close to 0 (copeland), are recomputed the canonical way.
    """
    n = plan.units
    sums = weights @ arrays.features.T
    limit = 2 * bound * arrays.size
    if arrays.incidence is None:
        order = np.argsort(sums, axis=1)  # ascending: the unit at position p has rank n - p
        ranks = np.empty_like(order)
        np.put_along_axis(ranks, order, np.arange(n, 0, -1)[None, :].repeat(len(order), axis=0), axis=1)
        ordered = np.take_along_axis(sums, order, axis=1)
        close = ((ordered[:, 1:] - ordered[:, :-1]) <= limit[:, None]).any(axis=1)
    elif sums.shape[1] == 0:
        return np.ones((len(weights), n), dtype=np.int64)
    else:
        scores = np.sign(sums).astype(np.int64) @ arrays.incidence
        ranks = 1 + (scores[:, None, :] > scores[:, :, None]).sum(axis=2)
        close = (np.abs(sums) <= limit[:, None]).any(axis=1)
    for row in np.nonzero(close)[0].tolist():
        ranks[row] = plan.ranks(combo, weights[row].tolist())
    return ranks


def _run_numpy(plan: _Plan, draws: int, seed: int, progress: Progress | None, chunk: int) -> list[list[int]]:
    import numpy as np

    generator = numpy_generator(seed)
    n, d = plan.units, len(plan.weights)
    base = np.asarray(plan.weights, dtype=np.float64)
    arrays = [_arrays(np, c, n) for c in plan.combos]
    counts = np.zeros(n * n, dtype=np.int64)
    offsets = (np.arange(n) * n - 1)[None, :]
    done = 0
    while done < draws:
        size = min(chunk, draws - done)
        u = generator.random((size, plan.width))
        weights = base + ((u[:, :d] * 2.0 - 1.0) * plan.noise) * base
        # weights are >= 0 (f <= 1), so the largest is the largest magnitude
        bound = (d + 4) * _UNIT_ROUNDING * weights.max(axis=1)
        if len(plan.combos) == 1:
            ranks = _numpy_ranks(np, plan, 0, arrays[0], weights=weights, bound=bound)
        else:
            ids = np.zeros(size, dtype=np.int64)
            if plan.norms > 1:
                ids += (u[:, d] * plan.norms).astype(np.int64) * plan.aggs
            if plan.aggs > 1:
                ids += (u[:, d + (plan.norms > 1)] * plan.aggs).astype(np.int64)
            ranks = np.empty((size, n), dtype=np.int64)
            for combo in np.unique(ids).tolist():
                rows = np.nonzero(ids == combo)[0]
                ranks[rows] = _numpy_ranks(np, plan, combo, arrays[combo], weights=weights[rows], bound=bound[rows])
        counts += np.bincount((offsets + ranks).ravel(), minlength=n * n)
        done += size
        if progress is not None:
            progress(done, draws)
    return counts.reshape(n, n).tolist()


def sensitivity(
    matrix: IndicatorMatrix,
    *,
    weights: Mapping[str, object] | None = None,
    noise: Fraction | int | str = Fraction(1, 4),
    draws: int = 1000,
    seed: int = 0,
    normalise_method: NormaliseMethod = "minmax",
    normalisations: Sequence[NormaliseMethod] = (),
    aggregate_method: AggregateMethod = "arithmetic",
    aggregations: Sequence[AggregateMethod] = (),
    directions: Mapping[str, int] | None = None,
    goalposts: Mapping[str, tuple[Fraction, Fraction]] | None = None,
    targets: Mapping[str, Fraction] | None = None,
    scale: tuple[Fraction, Fraction] = (Fraction(0), Fraction(100)),
    engine: Engine = "auto",
    progress: Progress | None = None,
    chunk: int = 2000,
) -> Sensitivity:
    """
    Run the Monte-Carlo rank-uncertainty analysis of *matrix* (raw indicator values).

    *noise* is COINr's f, in [0, 1]; *normalisations* and *aggregations* are
    the alternatives sampled besides the nominal *normalise_method* and
    *aggregate_method*. ``engine="auto"`` uses numpy when installed; the
    ``numpy`` engine without numpy is an error naming the extra.

    >>> from parlib.analysis.indicators import IndicatorMatrix
    >>> m = IndicatorMatrix.from_rows(["A", "B"], ["x", "y"], [[1, None], [2, 3]])
    >>> sensitivity(m, draws=5)
    Traceback (most recent call last):
    ...
    parlib.analysis.errors.AnalysisError: sensitivity needs every value: 1 missing (impute first) @ $.values[0][1]
    """
    if matrix.missing:
        i, j = matrix.missing[0]
        message = f"sensitivity needs every value: {len(matrix.missing)} missing (impute first)"
        raise AnalysisError.one(message, f"$.values[{i}][{j}]")
    f = Fraction(noise)
    if not 0 <= f <= 1:
        raise AnalysisError.one(f"the weight noise f lies in [0, 1], got {f}", "$.noise")
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise AnalysisError.one(f"draws must be a whole number >= 1, got {draws!r}", "$.draws")
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise AnalysisError.one(f"chunk must be a whole number >= 1, got {chunk!r}", "$.chunk")
    if engine not in ENGINES:
        raise AnalysisError.one(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}", "$.engine")
    norms = _unique(normalise_method, normalisations)
    aggs = _unique(aggregate_method, aggregations)
    for name, known, path in (
        (norms, NORMALISE_METHODS, "$.normalisations"),
        (aggs, AGGREGATE_METHODS, "$.aggregations"),
    ):
        bad = [x for x in name if x not in known]
        if bad:
            raise AnalysisError.one(f"unknown method {bad[0]!r}; known: {', '.join(known)}", path)
    base = indicator_weights(matrix, weights)
    options: dict[str, Any] = {"directions": directions, "goalposts": goalposts, "targets": targets, "scale": scale}
    # the replications need only the floats nearest the normalised values; the exact values are
    # built when Copeland, an error message or the nominal ranks need them
    floats = {m: normalise_floats(matrix, m, **options) for m in norms}  # type: ignore[arg-type]
    exact: dict[str, IndicatorMatrix] = {}

    def exactly(method: str) -> Callable[[], IndicatorMatrix]:
        def get() -> IndicatorMatrix:
            if method not in exact:
                exact[method] = normalise(matrix, method, **options)  # type: ignore[arg-type]
            return exact[method]

        return get

    combos = tuple(_features(ag, nm, floats[nm], exactly(nm)) for nm in norms for ag in aggs)  # type: ignore[arg-type]
    plan = _Plan(len(matrix.units), tuple(float(w) for w in base), float(f), combos, len(norms), len(aggs))
    nominal = _nominal(plan, aggregate_method, exactly(normalise_method), weights)
    use_numpy = engine == "numpy" or (engine == "auto" and numpy_available())
    if engine == "numpy" and not numpy_available():
        raise AnalysisError.one(
            "the numpy engine needs numpy: install the extra with pip install 'parlib[numpy]'", "$.engine"
        )
    counts = _run_numpy(plan, draws, seed, progress, chunk) if use_numpy else _run_python(plan, draws, seed, progress)
    return Sensitivity(matrix.units, nominal, counts, draws, seed, "numpy" if use_numpy else "python", f, norms, aggs)
