"""
Strategy speed: how long every strategy of `parlib.testing` takes to produce 1,000
examples, against `st.integers()` producing 1,000 in the same run.

Each strategy runs as a Hypothesis test with `max_examples=1000`, the generate phase
only (no shrinking), no database and no deadline; Hypothesis' health checks stay on.
A strategy whose space is small (maxima, aggregations) may run out before 1,000
distinct examples: the count is printed. Target: every strategy under 2 s for 1,000.

Run: `.venv/bin/python benchmarks/bench_strategies.py` (or `make bench`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from fractions import Fraction

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from parlib import Criterion, examples
from parlib.rules import Bands, Threshold
from parlib.testing import (
    aggregations,
    assessments,
    better_values,
    criteria,
    dates,
    evidence,
    findings,
    frameworks,
    identifiers,
    labels,
    maxima,
    model_objects,
    recommendations,
    responses,
    rules,
    shapes,
    subjects,
    tapes,
    texts,
    values_for,
    weight_schemes,
    weights,
)

EXAMPLES = 1000
TARGET = 2.0
BANDS = Bands(bands=[Threshold(points=1, gte=100), Threshold(points="0.5", gte=95, lt=100)], unit="%")
LEAF = Criterion(id="1", label={"en": "On time", "vi": "Đúng hạn"}, max=1, rule=BANDS)
SMALL = frameworks(max_leaves=4)
INSPECTED = frameworks(survey=True, tiers=True, layers=True)


def produce(strategy: st.SearchStrategy[object]) -> tuple[int, float]:
    """Examples produced and seconds taken for up to EXAMPLES examples of *strategy*."""
    count = 0

    @settings(max_examples=EXAMPLES, phases=[Phase.generate], database=None, deadline=None)
    @given(strategy)
    def run(example: object) -> None:
        nonlocal count
        count += 1

    start = time.perf_counter()
    run()
    return count, time.perf_counter() - start


CASES: list[tuple[str, Callable[[], st.SearchStrategy[object]]]] = [
    ("tapes()", tapes),
    ("texts()", texts),
    ("identifiers()", identifiers),
    ("labels()", labels),
    ("dates()", dates),
    ("evidence()", evidence),
    ("recommendations()", recommendations),
    ("findings(...)", lambda: findings(criteria=["1", "1.1", "2"], evidence=["E1", "E2"])),
    ("subjects()", subjects),
    ("maxima()", maxima),
    ("weights()", weights),
    ("weight_schemes()", weight_schemes),
    ("aggregations()", aggregations),
    ("shapes()", shapes),
    ("rules()", rules),
    ("values_for(bands leaf)", lambda: values_for(LEAF)),
    ("better_values(bands, 97)", lambda: better_values(BANDS, Fraction(97), Fraction(1))),
    ("responses(bands leaf)", lambda: responses(LEAF, evidence=["E1"])),
    ("criteria()", criteria),
    ("frameworks(max_leaves=4)", lambda: SMALL),
    ("frameworks()", frameworks),
    ("assessments(fw, max_leaves=4)", lambda: SMALL.flatmap(assessments)),
    ("assessments(fw)", lambda: frameworks().flatmap(assessments)),
    ("assessments(bundled, 69 leaves)", lambda: assessments(examples.framework())),
    ("frameworks(survey, tiers, layers)", lambda: INSPECTED),
    ("assessments(fw, layers=True)", lambda: INSPECTED.flatmap(lambda fw: assessments(fw, layers=True))),
    ("assessments(bundled, layers=True)", lambda: assessments(examples.framework(), layers=True)),
    ("model_objects()", model_objects),
]


def main() -> None:
    base_count, base = produce(st.integers())
    print(f"baseline st.integers(): {base_count} examples in {base:.3f} s")
    print(f"{'strategy':34} {'examples':>8} {'seconds':>8} {'x integers':>10}  target < {TARGET:g} s per {EXAMPLES}")
    missed = []
    for name, make in CASES:
        count, seconds = produce(make())
        per_thousand = seconds * EXAMPLES / max(count, 1)
        verdict = "ok" if per_thousand < TARGET else "MISSED"
        if verdict != "ok":
            missed.append(name)
        print(f"{name:34} {count:8d} {seconds:8.3f} {seconds / base:10.1f}  {verdict} ({per_thousand:.2f} s per 1,000)")
    print(f"{len(CASES) - len(missed)} of {len(CASES)} strategies under {TARGET:g} s per {EXAMPLES} examples")
    if missed:
        print("missed: " + ", ".join(missed))


if __name__ == "__main__":
    main()
