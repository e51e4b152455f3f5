"""
Analysis speed: rank uncertainty (sensitivity) and table scoring, each against a baseline run here.

1. Rank uncertainty, 63 units x 100 indicators x 10,000 weight draws (noise f = 0.25,
   arithmetic mean). The headline is end to end, from the raw values (numbers with two
   decimals):
   - parlib: `sensitivity(raw, normalise_method="minmax", engine="numpy")`, from the exact
     raw values: validation, min-max normalisation (the floats nearest the exact
     normalised values; the nominal ranks exact), the draws, the rank counts;
   - baseline: plain numpy from the raw values as a float array: min-max normalise
     ((x - min) / (max - min) x 100, per column), uniforms, the noisy weight matrix times
     the indicator matrix, ranks by argsort (no tallying, no tie handling, no exactness).
   Targets: ratio <= 2, time < 1 s. Printed too, draws only: the same two from values
   already normalised (parlib with `normalise_method="none"`, the baseline from the float
   matrix of those values).
2. Table scoring, 1,000 units x 100 criteria (10 domains, mixed single-value rules, values
   as inspection tables hold them): `parse_table` + `score_table` (exact, with ranks and
   bands) against a hand-written float version (csv + float sums + sort). Target < 1 s.
   A worst case (every cell a distinct 4-decimal number for a manual rule) is printed too.

Times are the minimum of several interleaved runs. numpy's BLAS is held to one thread for
both sides (unless the environment says otherwise): on a 2-core machine shared with other
work, BLAS threads make a 20 ms matrix product take anywhere from 20 to 40 ms, which swamps
the comparison; one thread is also the faster setting here.
"""

from __future__ import annotations

import csv
import io
import os
import random
import time
from collections.abc import Callable
from fractions import Fraction

for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")  # before numpy loads its BLAS

import numpy as np  # noqa: E402

from parlib import Criterion, Framework  # noqa: E402
from parlib.analysis import IndicatorMatrix, normalise, parse_table, score_table, sensitivity  # noqa: E402

UNITS, INDICATORS, DRAWS, NOISE = 63, 100, 10_000, 0.25
TABLE_UNITS, DOMAINS, PER_DOMAIN = 1_000, 10, 10


def best(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def sensitivity_bench() -> bool:
    """Print the rank-uncertainty timings; True when the end-to-end target is met."""
    rng = random.Random(0)
    raw = IndicatorMatrix.from_rows(
        [f"u{i}" for i in range(UNITS)],
        [f"x{j}" for j in range(INDICATORS)],
        [[Fraction(rng.randint(0, 10_000), 100) for _ in range(INDICATORS)] for _ in range(UNITS)],
    )
    ready = normalise(raw, "minmax")
    raw_floats = np.array([[float(v) for v in row] for row in raw.values])  # type: ignore[arg-type]
    features = np.array([[float(v) for v in row] for row in ready.values])  # type: ignore[arg-type]

    def draws(matrix: np.ndarray) -> object:
        u = np.random.default_rng(1).random((DRAWS, INDICATORS))
        w = np.ones(INDICATORS)
        weights = w + ((u * 2.0 - 1.0) * NOISE) * w
        scores = weights @ matrix.T
        order = np.argsort(-scores, axis=1)
        ranks = np.empty_like(order)
        np.put_along_axis(ranks, order, np.arange(1, UNITS + 1)[None, :].repeat(DRAWS, axis=0), axis=1)
        return ranks

    def minmax(x: np.ndarray) -> np.ndarray:
        lo, hi = x.min(axis=0), x.max(axis=0)
        return (x - lo) / (hi - lo) * 100.0

    assert np.allclose(minmax(raw_floats), features, rtol=0, atol=1e-9)  # the baseline normalises the same way

    runs = {
        "baseline_full": lambda: draws(minmax(raw_floats)),
        "ours_full": lambda: sensitivity(
            raw, normalise_method="minmax", draws=DRAWS, seed=1, noise=NOISE, engine="numpy"
        ),
        "baseline_draws": lambda: draws(features),
        "ours_draws": lambda: sensitivity(
            ready, normalise_method="none", draws=DRAWS, seed=1, noise=NOISE, engine="numpy"
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(9):  # interleaved, so a busy moment hits every side alike
        for name, fn in runs.items():
            times[name].append(best(fn, 1))
    t = {name: min(ts) for name, ts in times.items()}
    full, only = t["ours_full"] / t["baseline_full"], t["ours_draws"] / t["baseline_draws"]
    met = full <= 2 and t["ours_full"] < 1
    print(f"rank uncertainty, {UNITS} units x {INDICATORS} indicators x {DRAWS:,} draws (min of 9)")
    print("  end to end, from the raw values (min-max normalising included):")
    print(f"    numpy baseline:                     {t['baseline_full'] * 1000:7.1f} ms")
    print(f"    parlib sensitivity (numpy engine):  {t['ours_full'] * 1000:7.1f} ms   ratio {full:.2f}  (target <= 2)")
    print("  draws only, from values already normalised:")
    print(f"    numpy baseline:                     {t['baseline_draws'] * 1000:7.1f} ms")
    print(f"    parlib sensitivity (numpy engine):  {t['ours_draws'] * 1000:7.1f} ms   ratio {only:.2f}")
    print(f"  target (end to end: ratio <= 2, under 1 s): {'met' if met else 'NOT MET'}")
    return met


RULES = ("boolean", "manual", "count", "deduction", "bands", "linear")


def table_framework() -> Framework:
    domains = []
    for d in range(DOMAINS):
        leaves = []
        for c in range(PER_DOMAIN):
            kind = RULES[(d * PER_DOMAIN + c) % len(RULES)]
            rule: dict[str, object] = {"type": kind}
            if kind == "count":
                rule["per_item"] = "0.25"
            if kind == "deduction":
                rule["per_violation"] = "0.25"
            if kind == "bands":
                rule["bands"] = [{"gte": 100, "points": 1}, {"gte": 80, "lt": 100, "points": "0.5"}]
            if kind == "linear":
                rule.update(low=0, high=100)
            cid = f"{d + 1}.{c + 1}"
            leaves.append(Criterion(id=cid, label={"en": cid, "vi": cid}, max=1, rule=rule))
        domains.append(Criterion(id=str(d + 1), label={"en": "d", "vi": "d"}, children=leaves))
    bands = [{"label": "A", "gte": 90}, {"label": "B", "gte": 80}, {"label": "C", "gte": 70}, {"label": "D", "gte": 0}]
    return Framework(id="bench", version="1", title={"en": "Bench", "vi": "Bench"}, criteria=domains, bands=bands)


def cell(kind: str, rng: random.Random) -> str:
    if kind == "boolean":
        return "yes" if rng.random() < 0.8 else "no"
    if kind == "manual":
        return str(rng.randint(0, 4) / 4)
    if kind in ("count", "deduction"):
        return str(rng.randint(0, 5))
    return str(rng.randint(60, 100))


def float_table(text: str, kinds: dict[str, str]) -> list[tuple[str, float, int]]:
    """The hand-written float version: parse, score each cell, sum, rank."""
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0][1:]
    totals = []
    for row in rows[1:]:
        total = 0.0
        for name, text_value in zip(header, row[1:], strict=True):
            kind = kinds[name]
            if kind == "boolean":
                total += 1.0 if text_value == "yes" else 0.0
            elif kind == "manual":
                total += float(text_value)
            elif kind == "count":
                total += min(1.0, int(text_value) * 0.25)
            elif kind == "deduction":
                total += max(0.0, 1.0 - int(text_value) * 0.25)
            elif kind == "bands":
                x = float(text_value)
                total += 1.0 if x >= 100 else 0.5 if x >= 80 else 0.0
            else:
                total += min(1.0, max(0.0, float(text_value) / 100))
        totals.append((row[0], total))
    order = sorted(range(len(totals)), key=lambda i: -totals[i][1])
    ranks = [0] * len(totals)
    for position, i in enumerate(order, start=1):
        ranks[i] = position
    return [(u, t, ranks[i]) for i, (u, t) in enumerate(totals)]


def table_bench() -> None:
    fw = table_framework()
    kinds = {c.id: c.rule.type for c in fw.leaves()}  # type: ignore[union-attr]
    rng = random.Random(3)
    ids = list(kinds)
    text = "unit," + ",".join(ids) + "\n"
    text += "".join(f"u{k}," + ",".join(cell(kinds[i], rng) for i in ids) + "\n" for k in range(TABLE_UNITS))
    exact = score_table(fw, parse_table(text, "bench.csv"))
    plain = float_table(text, kinds)
    assert all(abs(float(u.total) - t) < 1e-9 for u, (_, t, _) in zip(exact.units, plain, strict=True))
    base_t, ours_t = [], []
    for _ in range(5):
        base_t.append(best(lambda: float_table(text, kinds), 1))
        ours_t.append(best(lambda: score_table(fw, parse_table(text, "bench.csv")), 1))
    b, o = min(base_t), min(ours_t)
    worst_fw = Framework(
        id="worst", version="1", title={"en": "W", "vi": "W"},
        criteria=[Criterion(id=f"D{d}", label={"en": "d", "vi": "d"}, children=[
            Criterion(id=f"c{d}.{c}", label={"en": "c", "vi": "c"}, max=10, rule={"type": "manual"})
            for c in range(PER_DOMAIN)]) for d in range(DOMAINS)],
    )  # fmt: skip
    names = [c.id for c in worst_fw.leaves()]
    worst = "unit," + ",".join(names) + "\n"
    worst += "".join(f"u{k}," + ",".join(f"{rng.uniform(0, 10):.4f}" for _ in names) + "\n" for k in range(TABLE_UNITS))
    w = best(lambda: score_table(worst_fw, parse_table(worst, "worst.csv")), 2)
    print(f"table scoring, {TABLE_UNITS:,} units x {len(ids)} criteria, parse + score + rank + band (min of 5)")
    print(f"  float hand-written baseline:   {b * 1000:7.1f} ms")
    print(
        f"  parlib score_table (exact):    {o * 1000:7.1f} ms   ratio {o / b:.1f}   under 1 s: {'yes' if o < 1 else 'NO'}"
    )
    print(f"  worst case (100k distinct 4-decimal cells, manual rule): {w * 1000:7.1f} ms")


if __name__ == "__main__":
    sensitivity_bench()
    table_bench()
