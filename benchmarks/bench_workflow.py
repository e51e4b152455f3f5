"""
Inspection-workflow speed and memory.

1. Scoring every layer: a 200-criterion framework (190 appraised leaves and 10
   survey-scored ones) and an assessment with all six layers and 1,000 adjustments
   (the two appraisals change every appraised answer twice, the explanation round 60
   and the final round 180). Times scoring all six layers (target < 50 ms), with
   scoring the final layer's responses as a single-layer assessment measured in the
   same run as the baseline; also prints the cost of building (validating) the
   layered assessment and of loading it from TOML.
2. Verifying evidence files: FILES files of SIZE_MB MB each, in a fresh process, read
   in chunks; prints the peak resident memory above that process's baseline (after
   importing parlib and building the assessment; target < 50 MB) and the tracemalloc
   peak, and the time against hashing the same files with a plain hashlib loop.

Run: `.venv/bin/python benchmarks/bench_workflow.py [--files N] [--size-mb M]` (or `make bench`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from fractions import Fraction
from pathlib import Path

from parlib import Assessment, Criterion, Framework, FrameworkRef, Response, Subject, score
from parlib.assessment import Adjustment, Layer
from parlib.io import dumps, loads

RUNS = 21
SCORE_TARGET_MS = 50.0
MEMORY_TARGET_MB = 50.0
DOMAINS, CRITERIA, LEAVES = 8, 5, 5  # 8 x 5 x 5 = 200 leaves
SURVEY_LEAVES = 10
RULES = [
    {"type": "boolean"},
    {"type": "ratio", "then": {"type": "linear", "low": 0, "high": 100, "unit": "%"}},
    {"type": "bands", "unit": "%", "bands": [{"gte": 90, "points": 1}, {"gte": 50, "lt": 90, "points": "0.5"}]},
    {"type": "deduction", "per_violation": "0.25"},
    {"type": "manual"},
]
LIKERT = {"type": "likert", "weights": {"A": 100, "B": 60, "C": 20, "D": 0}}


def framework() -> Framework:
    label = {"vi": "x", "en": "x"}
    tops = []
    count = 0
    for d in range(DOMAINS):
        crits = []
        for c in range(CRITERIA):
            leaves = []
            for leaf in range(LEAVES):
                survey = count >= DOMAINS * CRITERIA * LEAVES - SURVEY_LEAVES
                rule = LIKERT if survey else RULES[count % len(RULES)]
                leaves.append(Criterion(id=f"{d}.{c}.{leaf}", label=label, max=1, rule=rule, survey=survey))  # type: ignore[arg-type]
                count += 1
            crits.append(Criterion(id=f"{d}.{c}", label=label, children=leaves))  # type: ignore[arg-type]
        tops.append(Criterion(id=str(d), label=label, children=crits))  # type: ignore[arg-type]
    return Framework(id="bench", version="1", title=label, criteria=tops)  # type: ignore[arg-type]


def value(rule: dict[str, object], step: int) -> object:
    """A valid answer for *rule*, different for consecutive steps."""
    kind = rule["type"]
    if kind == "boolean":
        return step % 2 == 0
    if kind == "ratio":
        return {"numerator": 50 + step, "denominator": 100}
    if kind == "bands":
        return Fraction(60 + 10 * step)
    if kind == "deduction":
        return step % 4
    return Fraction(step % 4, 4)


def assessment(fw: Framework) -> Assessment:
    leaves = [c for c in fw.leaves() if not c.survey]
    rules = {c.id: RULES[i % len(RULES)] for i, c in enumerate(fw.leaves()) if not c.survey}
    state = {c.id: 0 for c in leaves}
    at = None

    def changes(name: str, ids: list[str], links: int) -> Layer:
        adjustments, responses = [], []
        for cid in ids:
            for _ in range(links):
                old, state[cid] = value(rules[cid], state[cid]), state[cid] + 1
                new = value(rules[cid], state[cid])
                adjustments.append(Adjustment(cid, old=old, new=new, reason=f"{name} re-checked it", at=at))
            responses.append(Response(cid, value(rules[cid], state[cid])))
        return Layer(name, responses, adjustments, author=name)

    ids = [c.id for c in leaves]
    layers = [
        Layer("self", [Response(c.id, value(rules[c.id], 0)) for c in leaves], author="unit"),
        changes("appraisal-1", ids, 2),
        changes("explanation", ids[:60], 1),
        changes("appraisal-2", ids, 2),
        Layer("survey", [Response(c.id, {"A": 50, "B": 30, "C": 15, "D": 5}) for c in fw.leaves() if c.survey]),
        changes("final", ids[:180], 1),
    ]
    return Assessment(
        framework=FrameworkRef("bench", "1"), subject=Subject("u", {"en": "U"}), period="2018", layers=layers
    )


def timed(fn: object, runs: int = RUNS) -> float:
    """Median milliseconds of *runs* calls of *fn*."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_layers() -> bool:
    fw = framework()
    a = assessment(fw)
    adjustments = sum(len(layer.adjustments) for layer in a.layers)
    leaves = sum(1 for _ in fw.leaves())
    flat = a.flatten()
    names = a.layer_names
    assert [score(fw, a, layer=n) for n in names][-1] == score(fw, flat)  # same result, two ways
    all_layers = timed(lambda: [score(fw, a, layer=n) for n in names])
    baseline = timed(lambda: score(fw, flat))
    build = timed(lambda: assessment(fw), runs=5)
    text = dumps(a, "toml")
    load = timed(lambda: loads(text, Assessment, "toml"), runs=5)
    ok = all_layers < SCORE_TARGET_MS
    print(f"scoring every layer: {leaves} criteria, {len(names)} layers, {adjustments} adjustments, median of {RUNS}:")
    print(
        f"  all {len(names)} layers       {all_layers:7.2f} ms; target < {SCORE_TARGET_MS:.0f} ms: {'ok' if ok else 'MISSED'}"
    )
    print(f"  final layer's responses {baseline:7.2f} ms (single-layer baseline); ratio {all_layers / baseline:.2f}x")
    print(f"  building the assessment {build:7.2f} ms (checks every adjustment); loading it from TOML {load:.1f} ms")
    return ok


CHILD = textwrap.dedent(
    """
    import hashlib, json, resource, sys, time, tracemalloc
    from pathlib import Path

    def status(key):  # kB, from /proc (Linux); the peak falls back on getrusage
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from parlib import Assessment, Evidence, FrameworkRef, Subject
    from parlib.workflow import verify_evidence

    folder, digests = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text())
    evidence = [Evidence(id=f"E{i}", kind="file", uri=name, sha256=d) for i, (name, d) in enumerate(digests.items())]
    a = Assessment(framework=FrameworkRef("bench"), subject=Subject("u", {"en": "U"}), period="2018", evidence=evidence)
    base = status("VmRSS")  # resident now, after importing parlib and building the assessment
    start = time.perf_counter()
    checks = verify_evidence(a, folder)
    seconds = time.perf_counter() - start
    peak = status("VmHWM")  # the process's peak so far: an upper bound on the peak during verify
    assert all(c.status == "ok" for c in checks), [c for c in checks if c.status != "ok"][:3]
    tracemalloc.start()
    verify_evidence(a, folder)
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    start = time.perf_counter()
    for name in digests:
        h = hashlib.sha256()
        with open(folder / name, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    plain = time.perf_counter() - start
    print(json.dumps({"files": len(checks), "rss_kb": peak - base, "traced": traced, "seconds": seconds, "plain": plain}))
    """
)


def bench_verify(files: int, size_mb: int) -> bool:
    import hashlib
    import json

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        digests = {}
        block = os.urandom(1 << 20)
        for i in range(files):
            name = f"evidence-{i:04d}.bin"
            data = (i.to_bytes(4, "big") + block[4:]) * size_mb  # distinct files, written once
            (folder / name).write_bytes(data)
            digests[name] = hashlib.sha256(data).hexdigest()
        index = folder / "digests.json"
        index.write_text(json.dumps(digests))
        done = subprocess.run(  # noqa: S603  (sys.executable with our own script)
            [sys.executable, "-c", CHILD, str(folder), str(index)], check=True, capture_output=True, text=True
        )
    got = json.loads(done.stdout.strip().splitlines()[-1])
    above = got["rss_kb"] / 1024
    ok = above < MEMORY_TARGET_MB
    print(f"verifying {got['files']} evidence files of {size_mb} MB each (fresh process):")
    print(
        f"  peak resident memory above the baseline {above:6.1f} MB (peak RSS minus RSS before verifying); target < {MEMORY_TARGET_MB:.0f} MB: {'ok' if ok else 'MISSED'}"
    )
    print(f"  tracemalloc peak during verify          {got['traced'] / 2**20:6.2f} MB")
    print(
        f"  time {got['seconds']:.2f} s; plain hashlib loop {got['plain']:.2f} s; ratio {got['seconds'] / got['plain']:.2f}x"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1] if __doc__ else None)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--size-mb", type=int, default=1)
    args = parser.parse_args()
    print(f"bench_workflow: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    results = [bench_layers(), bench_verify(args.files, args.size_mb)]
    print("all targets met" if all(results) else "a target was missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
