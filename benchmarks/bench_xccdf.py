"""
XCCDF speed: a 2,000-rule benchmark with its results, read and scored under the four models.

The file is generated here in the shape ``oscap xccdf eval --results`` writes
(titles, descriptions, rationales, idents and checks for every rule; one
rule-result per rule, some multi-check rules with three): 40 groups of 50 rules,
every fourth group nested in the one before, a profile that deselects a group,
refines ten weights and one role.

Timed (best of several runs, in the same process):

- baseline: ``xml.etree.ElementTree.parse`` of the same file (the C parser,
  no line numbers, no DTD refusal, no model);
- parlib: ``load_benchmark`` (safe expat reading with line numbers, the
  model, reference checks) + ``score_benchmark`` for the four models,
  spec and openscap; target under 1 s;
- parlib.score: ``to_parlib`` + ``parlib.score`` for the default model.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from parlib import score
from parlib.xccdf import DEFAULT, NS, load_benchmark, score_benchmark, to_parlib

GROUPS, PER_GROUP = 40, 50
X = "xccdf_org.parlib.bench"
TEXT = (
    "Configure the service so that it refuses connections from unauthenticated peers. "
    "Administrators should review the setting after every upgrade, because package "
    "maintainers may change defaults. "
) * 3


def _rule(rng: random.Random, n: int) -> str:
    weight = rng.choice(("1", "1", "2", "0.5", "0", "3.25", "0.125"))
    multi = ' multi-check="true"' if n % 25 == 0 else ""
    return (
        f'<Rule id="{X}_rule_r{n}" selected="true" weight="{weight}" role="full" severity="medium">'
        f"<title>Rule number {n}</title><description>{TEXT}</description><rationale>{TEXT}</rationale>"
        f'<ident system="https://ncp.nist.gov/cce">CCE-{80000 + n}-1</ident>'
        f'<check system="http://oval.mitre.org/XMLSchema/oval-definitions-5"{multi}>'
        f'<check-content-ref href="oval.xml" name="oval:org.parlib:def:{n}"/></check></Rule>'
    )


def _result(rng: random.Random, n: int) -> str:
    words = ("pass", "pass", "fail", "notapplicable", "error", "fixed", "informational")
    count = 3 if n % 25 == 0 else 1
    return "".join(
        f'<rule-result idref="{X}_rule_r{n}" role="full" time="2024-01-01T00:00:00+00:00" severity="medium"'
        f' weight="1.000000"><result>{rng.choice(words)}</result><ident system="https://ncp.nist.gov/cce">'
        f'CCE-{80000 + n}-1</ident><check system="http://oval.mitre.org/XMLSchema/oval-definitions-5">'
        f'<check-content-ref href="oval.xml" name="oval:org.parlib:def:{n}"/></check></rule-result>'
        for _ in range(count)
    )


def results_file(directory: Path) -> Path:
    rng = random.Random(2024)
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<Benchmark xmlns="{NS}" id="{X}_benchmark_big" resolved="1">']
    parts.append("<status>draft</status><title>Big</title><version>1</version>")
    refines = "".join(f'<refine-rule idref="{X}_rule_r{n}" weight="2"/>' for n in range(1, 1000, 100))
    parts.append(
        f'<Profile id="{X}_profile_p"><title>P</title><select idref="{X}_group_g7" selected="false"/>'
        f'{refines}<refine-rule idref="{X}_rule_r5" role="unscored"/></Profile>'
    )
    n = 0
    for g in range(1, GROUPS + 1):
        parts.append(f'<Group id="{X}_group_g{g}" weight="{1 + g % 3}"><title>Group {g}</title>')
        for _ in range(PER_GROUP):
            n += 1
            parts.append(_rule(rng, n))
        if (g + 1) % 4 == 0 and g < GROUPS:
            continue  # the next group is nested in this one
        parts.append("</Group>" * (2 if g % 4 == 0 else 1))
    parts.append(f'<TestResult id="{X}_testresult_t" start-time="2024-01-01T00:00:00">')
    parts.append(f'<benchmark href="#{X}_benchmark_big"/><title>Run</title><profile idref="{X}_profile_p"/>')
    parts.append("<target>host</target>")
    parts += [_result(rng, k) for k in range(1, n + 1)]
    parts.append('<score system="urn:xccdf:scoring:default" maximum="100">42</score></TestResult></Benchmark>\n')
    path = directory / "big-results.xml"
    path.write_text("\n".join(parts), "utf-8")
    return path


def best(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = results_file(Path(tmp))
        bench = load_benchmark(path)
        rules = sum(1 for _ in bench.rules())
        run = bench.test_result()
        assert run is not None
        size = path.stat().st_size

        def parlib_all() -> None:
            loaded = load_benchmark(path)
            score_benchmark(loaded)
            score_benchmark(loaded, compat="openscap")

        def via_score() -> None:
            framework, assessment = to_parlib(bench, model=DEFAULT)
            score(framework, assessment)

        baseline = best(lambda: ET.parse(path))  # noqa: S314  (a file generated here)
        parlib = best(parlib_all)
        load = best(lambda: load_benchmark(path))
        converted = best(via_score)
        print(f"file: {rules} rules, {len(run.rule_results)} rule-results, {size / 1e6:.1f} MB")
        print(f"baseline  ElementTree.parse:                        {baseline * 1000:8.1f} ms")
        print(f"parlib    load_benchmark:                           {load * 1000:8.1f} ms")
        print(f"parlib    load + 4 models x 2 compat modes:         {parlib * 1000:8.1f} ms  (target < 1000 ms)")
        print(f"parlib    to_parlib + parlib.score (default model): {converted * 1000:8.1f} ms")
        print(f"ratio parlib (load + score) / ElementTree.parse:    {parlib / baseline:8.2f}")
        scores = score_benchmark(bench)
        print(
            "scores (spec):",
            ", ".join(f"{m.system.rsplit(':', 1)[1]} {float(m.score or 0):.4f}" for m in scores.models),
        )
        print("target (< 1 s):", "met" if parlib < 1.0 else "MISSED")
        return 0


if __name__ == "__main__":
    sys.exit(main())
