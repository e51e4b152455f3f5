"""
Tailoring files and ``requires``/``conflicts`` against OpenSCAP's ``oscap`` (Debian's openscap-scanner 1.3.7).

Each generated benchmark (``test_xccdf_helpers.random_benchmark``) gets
``requires`` and ``conflicts`` on about a third of its items (naming items
before and after them, above and below, or themselves) and a generated
tailoring file (``random_tailoring``: profiles extending a benchmark profile,
shadowing one, extending the previous tailoring profile, or nothing, with
``select``, ``refine-rule`` and the ``refine-value``/``set-value`` that parlib
ignores). ``oscap xccdf eval --tailoring-file tailoring.xml --results`` runs
it under a random profile (mostly one of the tailoring file's); parlib reads
the results file and the tailoring file and scores them.

- ``--compat openscap`` must give oscap's four scores (within 1e-6 relative or
  5e-7 absolute) and select exactly the rules oscap evaluated.
- ``--compat spec`` differs only where docs/concepts/xccdf.md says it does, and
  refuses exactly the tailoring files the specification refuses.

Skipped where ``oscap`` is not installed. ``PARLIB_OSCAP_TAILORING`` sets how
many cases are generated (default 120).
"""

from __future__ import annotations

import os
import random
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from parlib import LoadError
from parlib.xccdf import (
    DEFAULT,
    MODELS,
    NS,
    Benchmark,
    Group,
    Profile,
    RefineRule,
    Rule,
    Select,
    TailoringFile,
    load_benchmark,
    load_tailoring,
    score_benchmark,
    tailor,
)
from test_xccdf_helpers import (
    add_dependencies,
    random_benchmark,
    random_tailoring,
    triggers,
    write_tailoring_xml,
    write_xml,
)
from test_xccdf_oscap import (
    OSCAP,
    Case,
    oscap_scores,
    rel_close,
    run_oscap,
    ssg_copy,
    undocumented_departures,
    write_checks,
)

pytestmark = pytest.mark.skipif(OSCAP is None, reason="needs oscap (Debian: apt-get install openscap-scanner)")

COUNT = int(os.environ.get("PARLIB_OSCAP_TAILORING", "120"))
SEEDS = 100_000  # apart from test_xccdf_oscap's seeds


@attrs.frozen
class Outcome:
    case: Case
    tailoring: TailoringFile
    results: Path
    oscap: dict[str, tuple[float, float]]
    evaluated: dict[str, str]  # rule id -> the first result oscap wrote for it


def build(seed: int, root: Path) -> tuple[Case, TailoringFile]:
    rng = random.Random(SEEDS + seed)  # noqa: S311  (seeded test data)
    bench = add_dependencies(random_benchmark(rng, results=False), rng)
    tailoring = random_tailoring(bench, rng)
    directory = root / f"tailored{seed:04d}"
    directory.mkdir()
    checks, multi = write_checks(directory, bench, rng)
    (directory / "benchmark.xml").write_bytes(write_xml(bench, check=lambda r: checks[r.id], models=True, value=True))
    (directory / "tailoring.xml").write_bytes(write_tailoring_xml(tailoring, ignored=True))
    ids = [p.id for p in tailoring.profiles]
    profile = rng.choice([*ids, *ids, *ids, *(p.id for p in bench.profiles), None])
    return Case(seed, directory, bench, profile, multi, ("--tailoring-file", "tailoring.xml")), tailoring


def first_results(results: Path) -> dict[str, str]:
    """The first result oscap wrote for each rule, read with plain ElementTree."""
    root = ET.parse(results).getroot()  # noqa: S314  (oscap's own output, written in this test)
    out: dict[str, str] = {}
    for rr in root.iter(f"{{{NS}}}rule-result"):
        out.setdefault(rr.get("idref", ""), rr.findtext(f"{{{NS}}}result", ""))
    return out


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    root = tmp_path_factory.mktemp("oscap-tailoring")
    built = [build(seed, root) for seed in range(COUNT)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        paths = list(pool.map(run_oscap, [case for case, _ in built]))
    return [
        Outcome(case, tailoring, path, oscap_scores(path), first_results(path))
        for (case, tailoring), path in zip(built, paths, strict=True)
    ]


def read(o: Outcome) -> tuple[Benchmark, TailoringFile]:
    return load_benchmark(o.results), load_tailoring(o.case.directory / "tailoring.xml")


# -- the comparisons ------------------------------------------------------------------------------------


def test_compat_openscap_equals_what_oscap_wrote(outcomes: list[Outcome]) -> None:
    mismatches = []
    for o in outcomes:
        bench, tailoring = read(o)
        ours = score_benchmark(bench, compat="openscap", tailoring=tailoring)
        assert set(o.oscap) == set(MODELS)
        for system, (value, maximum) in o.oscap.items():
            mine = ours.get(system)
            if not (rel_close(mine.score, value) and rel_close(mine.maximum, maximum)):
                mismatches.append((o.case.seed, system, mine.score, mine.maximum, value, maximum))
    assert not mismatches, f"{len(mismatches)} of {4 * len(outcomes)} scores differ: {mismatches[:5]}"


def test_compat_openscap_selects_the_rules_oscap_evaluated(outcomes: list[Outcome]) -> None:
    """Stronger than the scores: every rule oscap wrote ``notselected`` for is one parlib leaves out, and no other."""
    for o in outcomes:
        bench, tailoring = read(o)
        run = bench.test_result()
        assert run is not None
        applied = tailor(bench, run.profile or None, compat="openscap", tailoring=tailoring)
        ours = {r.id for r in applied.selected_rules()}
        for rule in bench.rules():
            if applied.role(rule) == "unchecked":
                continue  # oscap writes notchecked for those, selected or not
            assert (o.evaluated[rule.id] != "notselected") == (rule.id in ours), (o.case.seed, rule.id)


def test_compat_spec_differs_only_where_documented(outcomes: list[Outcome]) -> None:
    undocumented, seen = [], Counter[str]()
    for o in outcomes:
        bench, tailoring = read(o)
        profile = bench.test_result().profile or None  # type: ignore[union-attr]
        why = triggers(bench, profile, tailoring)
        seen.update(why)
        if "tailoring-refused" in why:  # triggers() found that tailor(compat="spec") refuses the file
            with pytest.raises(LoadError, match=r"Loading\.Resolve\.Tailoring"):
                score_benchmark(bench, tailoring=tailoring)
            continue
        ours = score_benchmark(bench, tailoring=tailoring)
        also = frozenset({"below-a-dependent-group", "refine-rule-without-role"})
        undocumented += undocumented_departures(o.case.seed, ours, o.oscap, why, also)
    assert not undocumented, undocumented[:5]
    assert {"tailoring-refused", "refined-weight", "several-results", "refine-rule-without-role"} <= set(seen), seen


def test_every_feature_was_exercised(outcomes: list[Outcome]) -> None:
    """The generated cases reach what the comparisons are meant to check."""
    seen = Counter[str]()
    for o in outcomes:
        bench, tailoring = read(o)
        run = bench.test_result()
        assert run is not None
        if any(p.id == run.profile for p in tailoring.profiles):
            seen["tailoring profile used"] += 1
            chosen = tailoring.profile(run.profile)
            if chosen.extends == chosen.id:
                seen["shadowing"] += 1
            elif chosen.extends in {p.id for p in tailoring.profiles}:
                seen["extends a tailoring profile"] += 1
            elif chosen.extends:
                seen["extends a benchmark profile"] += 1
        applied = tailor(bench, run.profile or None, compat="openscap", tailoring=tailoring)
        if applied.deselected:
            seen["requires/conflicts unselected an item"] += 1
        if any("requires" in why for why in applied.deselected.values()):
            seen["requires"] += 1
        if any("conflicts" in why for why in applied.deselected.values()):
            seen["conflicts"] += 1
        if applied.notes:
            seen["benchmark reference mismatch"] += 1
        if "below-a-dependent-group" in triggers(bench, run.profile or None, tailoring):
            seen["OpenSCAP's departure"] += 1
    wanted = {
        "tailoring profile used",
        "shadowing",
        "extends a tailoring profile",
        "extends a benchmark profile",
        "requires",
        "conflicts",
        "benchmark reference mismatch",
        "OpenSCAP's departure",
    }
    if COUNT >= 100:
        assert wanted <= set(seen), seen


def test_without_the_tailoring_file_a_tailored_result_asks_for_it(outcomes: list[Outcome]) -> None:
    asked = 0
    for o in outcomes:
        bench, tailoring = read(o)
        run = bench.test_result()
        assert run is not None
        if run.profile in {p.id for p in tailoring.profiles} - {p.id for p in bench.profiles}:
            asked += 1
            with pytest.raises(LoadError, match=r"pass that file \(--tailoring FILE\)"):
                score_benchmark(bench)
    assert asked > 0


# -- requires and conflicts: the specification's examples and where OpenSCAP departs ---------------------

X = "xccdf_org.parlib.test"


def rule(
    name: str, selected: bool = True, requires: tuple[tuple[str, ...], ...] = (), conflicts: tuple[str, ...] = ()
) -> Rule:
    return Rule(f"{X}_rule_{name}", name, selected=selected, requires=requires, conflicts=conflicts)


def group(
    name: str, *children: Group | Rule, selected: bool = True, requires: tuple[tuple[str, ...], ...] = ()
) -> Group:
    return Group(f"{X}_group_{name}", name, selected=selected, children=children, requires=requires)


def r(name: str) -> str:
    return f"{X}_rule_{name}"


DEPENDENCIES = {
    # NIST IR 7275r4 section 7.2.3.3.2, example 2: items are processed in order, once
    "example 2": (
        (
            rule("1", requires=((r("2"),),)),
            rule("2", requires=((r("3"),),)),
            rule("3", selected=False, requires=((r("4"),),)),
            rule("4"),
        ),
        {"1", "4"},
        {"1", "4"},
    ),
    # example 3: a rule in an unselected group keeps its own selected state
    "example 3": (
        (
            rule("1", selected=False),
            group("g1", rule("2", requires=((r("1"),),)), selected=False),
            rule("3", requires=((r("2"),),)),
        ),
        {"3"},
        {"3"},
    ),
    # lists are ORed, elements ANDed; conflicts; an item conflicting with itself
    "example 1": (
        (
            rule("2", selected=False),
            rule("3"),
            rule("4"),
            rule("1", requires=((r("2"), r("3")),)),
            rule("5", requires=((r("2"), r("3")), (r("2"),))),
            rule("6", conflicts=(r("4"),)),
            rule("7", conflicts=(r("7"),)),
        ),
        {"3", "4", "1"},
        {"3", "4", "1"},
    ),
    # a group its requires unselect: OpenSCAP unselects what is inside too
    "below a dependent group": (
        (
            rule("nil", selected=False),
            group("g", rule("in"), requires=((r("nil"),),)),
            rule("a", requires=((r("in"),),)),
            rule("b", conflicts=(r("in"),)),
        ),
        {"a"},
        {"b"},
    ),
}


@pytest.mark.parametrize("name", list(DEPENDENCIES))
def test_requires_and_conflicts_as_oscap_and_the_specification_process_them(name: str, tmp_path: Path) -> None:
    items, spec, openscap = DEPENDENCIES[name]
    bench = Benchmark(id=f"{X}_benchmark_b", title="b", version="1", items=items)
    checks, _ = write_checks(tmp_path, bench, random.Random(0))  # noqa: S311  (seeded test data)
    (tmp_path / "benchmark.xml").write_bytes(write_xml(bench, check=lambda x: checks[x.id], models=True))
    evaluated = first_results(run_oscap(Case(0, tmp_path, bench, None, 0)))
    assert {i.rsplit("_", 1)[1] for i, result in evaluated.items() if result != "notselected"} == openscap
    for compat, expected in (("spec", spec), ("openscap", openscap)):
        chosen = tailor(load_benchmark(tmp_path / "results.xml"), compat=compat).selected_rules()  # type: ignore[arg-type]
        assert {x.title for x in chosen} == expected, compat


# -- the SCAP Security Guide with a tailoring file ------------------------------------------------------


def test_ssg_debian_with_a_tailoring_file(tmp_path: Path) -> None:
    """A tailoring profile extending the SSG's standard profile: rules deselected, a role and a weight refined."""
    xccdf, cpe = ssg_copy(tmp_path)
    bench = load_benchmark(xccdf)
    standard = next(p.id for p in bench.profiles if p.id.endswith("_standard"))
    chosen = list(tailor(bench, standard).selected_rules())
    group_id = next(i.id for i in bench.walk() if isinstance(i, Group) and chosen[3] in i.children)
    tailoring = TailoringFile(
        id="xccdf_org.parlib_tailoring_ssg",
        version="1",
        version_time="2024-01-01T00:00:00",
        benchmark_href=xccdf.name,
        benchmark_id=bench.id,
        profiles=(
            Profile(
                "xccdf_org.parlib_profile_standard_tailored",
                "Standard, tailored",
                standard,
                False,
                (
                    Select(chosen[0].id, False),
                    Select(chosen[1].id, False),
                    RefineRule(chosen[2].id, role="unscored"),
                    RefineRule(group_id, weight=Fraction(5)),
                ),
            ),
        ),
    )
    (tmp_path / "tailoring.xml").write_bytes(write_tailoring_xml(tailoring))
    assert OSCAP is not None
    options = ["--tailoring-file", "tailoring.xml", "--profile", "standard_tailored", "--cpe", cpe]
    done = subprocess.run(
        [OSCAP, "xccdf", "eval", *options, "--results", "results.xml", xccdf.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode in (0, 2), done.stderr[-2000:]
    results = load_benchmark(tmp_path / "results.xml")
    loaded = load_tailoring(tmp_path / "tailoring.xml")
    value, maximum = oscap_scores(tmp_path / "results.xml")[DEFAULT]
    assert maximum == 100
    for compat in ("spec", "openscap"):
        ours = score_benchmark(results, compat=compat, tailoring=loaded)  # type: ignore[arg-type]
        assert ours.profile == "xccdf_org.parlib_profile_standard_tailored"
        assert rel_close(ours.get(DEFAULT).score, value), (compat, ours.get(DEFAULT), value)
    evaluated = first_results(tmp_path / "results.xml")
    assert evaluated[chosen[0].id] == evaluated[chosen[1].id] == "notselected"
    assert evaluated[chosen[2].id] in ("informational", "notapplicable")
    applied = tailor(results, "standard_tailored", compat="openscap", tailoring=loaded)
    kept = {x.id for x in applied.selected_rules()}
    assert {i for i, result in evaluated.items() if result != "notselected"} == kept


# -- the stored examples ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("web", ("--tailoring-file", "web-tailoring.xml", "--profile", "intranet")),
        ("deps", ()),
    ],
)
def test_the_stored_examples_are_what_oscap_writes(name: str, options: tuple[str, ...], tmp_path: Path) -> None:
    """tests/data/xccdf/web-results.xml and deps-results.xml come from their benchmarks (see the README there)."""
    data = Path(__file__).parent / "data" / "xccdf"
    for part in ("benchmark", "tailoring"):
        if (data / f"{name}-{part}.xml").exists():
            (tmp_path / f"{name}-{part}.xml").write_bytes((data / f"{name}-{part}.xml").read_bytes())
    bench = load_benchmark(tmp_path / f"{name}-benchmark.xml")
    write_checks(tmp_path, bench, random.Random(0))  # noqa: S311  (only the SCE scripts are used)
    assert OSCAP is not None
    done = subprocess.run(
        [OSCAP, "xccdf", "eval", *options, "--results", "results.xml", f"{name}-benchmark.xml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 2), done.stderr[-2000:]
    assert oscap_scores(tmp_path / "results.xml") == oscap_scores(data / f"{name}-results.xml")
    assert first_results(tmp_path / "results.xml") == first_results(data / f"{name}-results.xml")
