"""
Batch scoring: 10,000 assessments of a 100-leaf, 3-level framework with mixed rule types.

parlib's exact batch scoring (`parlib.score_many`) against a straightforward
plain-Python float implementation of the same framework (a dict walk written
here), measured in the same run (five interleaved runs each, best of five: the
least disturbed by other work on the machine; the medians are printed too).
Each run of parlib compiles the plan afresh, so it pays for learning the
values as a user's first call does. Prints both times, assessments per
second and the ratio parlib / float (target <= 1.0).
"""

from __future__ import annotations

import random
import statistics
import time
from fractions import Fraction

from parlib import Assessment, Criterion, Framework, FrameworkRef, Response, Subject, score, score_many

UNITS = 10_000
RULES = ["boolean", "bands", "linear", "ratio", "count", "deduction", "likert", "manual"]


def build_framework() -> tuple[Framework, dict]:
    """A 4 x 5 x 5 = 100-leaf framework, and the same as nested dicts with floats."""
    domains, plain = [], {"children": []}
    for d in range(4):
        crits, pd = [], {"children": []}
        for c in range(5):
            leaves, pc = [], {"children": []}
            for s in range(5):
                kind = RULES[(d * 25 + c * 5 + s) % len(RULES)]
                rule, prule = _rule(kind)
                cid = f"{d + 1}.{c + 1}.{s + 1}"
                leaves.append(Criterion(id=cid, label={"en": cid, "vi": cid}, max=1, rule=rule))
                pc["children"].append({"id": cid, "max": 1.0, "rule": prule})
            crits.append(Criterion(id=f"{d + 1}.{c + 1}", label={"en": "c", "vi": "c"}, children=leaves))
            pd["children"].append(pc)
        domains.append(Criterion(id=str(d + 1), label={"en": "d", "vi": "d"}, children=crits))
        plain["children"].append(pd)
    fw = Framework(id="bench", version="1", title={"en": "Bench", "vi": "Bench"}, criteria=domains)
    return fw, plain


def _rule(kind: str) -> tuple[dict, dict]:
    bands = [{"gte": 100, "points": 1}, {"gte": 95, "lt": 100, "points": "0.5"}]
    pbands = [{"gte": 100.0, "points": 1.0}, {"gte": 95.0, "lt": 100.0, "points": 0.5}]
    return {
        "boolean": ({"type": "boolean"}, {"type": "boolean"}),
        "bands": ({"type": "bands", "bands": bands}, {"type": "bands", "bands": pbands}),
        "linear": ({"type": "linear", "low": 0, "high": 100}, {"type": "linear", "low": 0.0, "high": 100.0}),
        "ratio": ({"type": "ratio", "then": {"type": "bands", "bands": bands}}, {"type": "ratio", "bands": pbands}),
        "count": ({"type": "count", "per_item": "0.25"}, {"type": "count", "per_item": 0.25}),
        "deduction": ({"type": "deduction", "per_violation": "0.25"}, {"type": "deduction", "per_violation": 0.25}),
        "likert": (
            {"type": "likert", "weights": {"A": 100, "B": 60, "C": 20, "D": 0}},
            {"type": "likert", "weights": {"A": 1.0, "B": 0.6, "C": 0.2, "D": 0.0}},
        ),
        "manual": ({"type": "manual"}, {"type": "manual"}),
    }[kind]


def value_for(kind: str, rng: random.Random) -> object:
    if kind == "boolean":
        return rng.random() < 0.7
    if kind in ("bands", "linear"):
        return rng.randint(80, 100)
    if kind == "ratio":
        den = rng.randint(1, 50)
        return {"numerator": rng.randint(den * 9 // 10, den), "denominator": den}
    if kind in ("count", "deduction"):
        return rng.randint(0, 5)
    if kind == "likert":
        return {k: rng.randint(0, 30) + (k == "A") for k in "ABCD"}
    return Fraction(rng.randint(0, 4), 4)


def float_points(node: dict, answers: dict) -> float:
    """The hand-written float dict walk."""
    if "children" in node:
        return sum(float_points(c, answers) for c in node["children"])
    rule, top, v = node["rule"], node["max"], answers.get(node["id"])
    kind = rule["type"]
    if v is None:
        return 0.0
    if kind == "boolean":
        return top if v else 0.0
    if kind in {"bands", "ratio"}:
        x = v["numerator"] / v["denominator"] * 100 if kind == "ratio" else float(v)
        for b in rule["bands"]:
            if ("gte" not in b or x >= b["gte"]) and ("lt" not in b or x < b["lt"]):
                return b["points"]
        return 0.0
    if kind == "linear":
        share = (float(v) - rule["low"]) / (rule["high"] - rule["low"])
        return top * min(1.0, max(0.0, share))
    if kind == "count":
        return min(top, v * rule["per_item"])
    if kind == "deduction":
        return max(0.0, top - v * rule["per_violation"])
    if kind == "likert":
        total = sum(v.values())
        return top * sum(rule["weights"][k] * c for k, c in v.items()) / total
    return float(v)


def main() -> None:
    fw, plain = build_framework()
    rng = random.Random(7)
    leaves = list(fw.leaves())
    assessments, answers = [], []
    for u in range(UNITS):
        values = {c.id: value_for(c.rule.type, rng) for c in leaves}  # type: ignore[union-attr]
        answers.append({k: (float(v) if isinstance(v, Fraction) else v) for k, v in values.items()})
        assessments.append(
            Assessment(
                framework=FrameworkRef("bench", "1"),
                subject=Subject(f"u{u}", {"en": f"unit {u}"}),
                period="2024",
                responses=[Response(k, v) for k, v in values.items()],
            )
        )
    # agreement on a sample, exact vs float
    for a, ans, got in zip(assessments[:200], answers, score_many(fw, assessments[:200]), strict=False):
        assert abs(float(got.total_points) - float_points(plain, ans)) < 1e-9
        assert got.card() == score(fw, a)
    float_times, exact_times = [], []
    for _ in range(5):  # interleaved, so both sides see the same machine
        t0 = time.perf_counter()
        float_totals = [float_points(plain, ans) for ans in answers]
        float_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        exact_totals = [result.total_points for result in score_many(fw, assessments)]
        exact_times.append(time.perf_counter() - t0)
    assert len(float_totals) == len(exact_totals) == UNITS
    f, e = min(float_times), min(exact_times)
    print(f"batch scoring, {UNITS} assessments x {len(leaves)} leaves (best of 5, interleaved)")
    print(f"  float dict walk (baseline): {f:.3f} s  ({UNITS / f:,.0f} assessments/s)")
    print(f"  parlib score_many (exact):  {e:.3f} s  ({UNITS / e:,.0f} assessments/s)")
    print(f"  ratio parlib/float: {e / f:.2f}  (target <= 1.0: {'met' if e <= f else 'NOT MET'})")
    print(f"  (medians: float {statistics.median(float_times):.3f} s, parlib {statistics.median(exact_times):.3f} s)")


if __name__ == "__main__":
    main()
