"""
Generated XCCDF benchmarks for the XCCDF tests, and the writer that turns them into XML.

:func:`random_benchmark` draws a benchmark from a :class:`random.Random`: nested
groups, rules with weights (0, whole, and 3-digit decimals), unselected items,
the three roles, clusters, profiles with ``select`` and ``refine-rule`` (and
``extends``), and a TestResult with 0-3 results per rule. Hypothesis tests pass
``st.randoms()`` so that failures shrink; the OpenSCAP comparison passes seeded
randoms. :func:`write_xml` writes the XCCDF 1.2 document parlib reads back.
:func:`add_dependencies` gives items ``requires`` and ``conflicts``;
:func:`random_tailoring` draws a tailoring file for a benchmark and
:func:`write_tailoring_xml` writes it.

This module also holds the round-trip law of the reader: writing a generated
benchmark and reading it back gives the same benchmark.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from xml.sax.saxutils import escape, quoteattr

import attrs
from hypothesis import given
from hypothesis import strategies as st

from parlib.errors import LoadError
from parlib.rules.result import RESULTS, tally
from parlib.xccdf import (
    NS,
    Benchmark,
    Group,
    Profile,
    RefineRule,
    Rule,
    RuleResult,
    Select,
    StatedScore,
    TailoringFile,
    TestResult,
    loads_benchmark,
    loads_tailoring,
    rule_results,
    tailor,
)
from parlib.xccdf.model import ROLES
from parlib.xccdf.tailor import Tailoring, profile_chain

PREFIX = "xccdf_org.parlib.test"
WEIGHTS = ("0", "1", "1", "1", "2", "0.5", "0.001", "0.999", "3.25", "0.125", "12.5", "100")
RESULT_WEIGHTS = {
    "pass": 6,
    "fail": 5,
    "error": 1,
    "unknown": 1,
    "notapplicable": 2,
    "notchecked": 1,
    "notselected": 1,
    "informational": 1,
    "fixed": 2,
}


def random_weight(rng: random.Random) -> Fraction:
    """
    A weight as the XCCDF schema allows it: a decimal >= 0 of at most 3 digits
    (``totalDigits = 3``: 0.001, 0.125, 12.5, 999), 0 about one time in seventeen.
    """
    if rng.random() < 0.3:
        return Fraction(rng.randint(0, 999), 10 ** rng.randint(0, 3))
    return Fraction(rng.choice(WEIGHTS))


class _Ids:
    def __init__(self) -> None:
        self.groups = 0
        self.rules = 0


def _items(rng: random.Random, ids: _Ids, depth: int, budget: list[int]) -> tuple[Group | Rule, ...]:
    out: list[Group | Rule] = []
    for _ in range(rng.randint(1, 4)):
        if budget[0] <= 0:
            break
        if depth < 3 and rng.random() < 0.35:
            ids.groups += 1
            gid = f"{PREFIX}_group_g{ids.groups}"
            children = _items(rng, ids, depth + 1, budget)
            out.append(
                Group(
                    gid,
                    f"Group {ids.groups}",
                    random_weight(rng),
                    rng.random() < 0.85,
                    rng.choice(("", "", "", "", "c1", "c2")),
                    children,
                )
            )
        else:
            budget[0] -= 1
            ids.rules += 1
            out.append(
                Rule(
                    f"{PREFIX}_rule_r{ids.rules}",
                    f"Rule {ids.rules}",
                    random_weight(rng),
                    rng.random() < 0.85,
                    rng.choices(ROLES, weights=(85, 7, 8))[0],
                    rng.choice(("", "", "", "", "c1", "c2")),
                )
            )
    return tuple(out)


def _selectors(rng: random.Random, targets: list[str]) -> tuple[Select | RefineRule, ...]:
    selectors: list[Select | RefineRule] = []
    chosen: set[str] = set()  # the schema allows one select and one refine-rule per idref and profile
    refined: set[str] = set()
    for _ in range(rng.randint(0, 6)):
        idref = rng.choice(targets)
        if (rng.random() < 0.5 or idref in refined) and idref not in chosen:
            chosen.add(idref)
            selectors.append(Select(idref, rng.random() < 0.6))
        elif idref in refined:
            continue
        else:
            weight = random_weight(rng) if rng.random() < 0.7 else None
            role = rng.choice(ROLES) if rng.random() < 0.3 else None
            refined.add(idref)
            selectors.append(RefineRule(idref, weight, role))
    return tuple(selectors)


def _profiles(rng: random.Random, targets: list[str]) -> tuple[Profile, ...]:
    profiles: list[Profile] = []
    for n in range(rng.randint(0, 2)):
        selectors = _selectors(rng, targets)
        extends = profiles[-1].id if profiles and rng.random() < 0.3 else ""
        profiles.append(Profile(f"{PREFIX}_profile_p{n + 1}", f"Profile {n + 1}", extends, False, tuple(selectors)))
    return tuple(profiles)


def random_benchmark(rng: random.Random, *, max_rules: int = 14, results: bool = True) -> Benchmark:
    """A generated benchmark (see the module docstring) with at least one rule."""
    ids = _Ids()
    items: tuple[Group | Rule, ...] = ()
    while ids.rules == 0:
        items = _items(rng, ids, 0, [rng.randint(1, max_rules)])
    bench = Benchmark(id=f"{PREFIX}_benchmark_b", title="Generated", version="1", items=items)
    targets = [i.id for i in bench.walk()] + sorted({i.cluster_id for i in bench.walk() if i.cluster_id})
    profiles = _profiles(rng, targets)
    runs: tuple[TestResult, ...] = ()
    if results:
        words, weights = zip(*RESULT_WEIGHTS.items(), strict=True)
        rule_results = tuple(
            RuleResult(rule.id, rng.choices(words, weights=weights)[0])
            for rule in bench.rules()
            for _ in range(rng.choices((0, 1, 2, 3), weights=(1, 12, 3, 2))[0])
        )
        chosen = rng.choice([p.id for p in profiles] + ["", ""]) if profiles else ""
        bogus = (StatedScore("urn:xccdf:scoring:default", Fraction(100), Fraction(100)),)  # never to be trusted
        runs = (
            TestResult(
                f"{PREFIX}_testresult_t",
                chosen,
                "host",
                "2024-01-01T00:00:00",
                rule_results=rule_results,
                stated_scores=bogus,
            ),
        )
    return Benchmark(
        id=bench.id, title=bench.title, version=bench.version, items=items, profiles=profiles, test_results=runs
    )


def plain(value: Fraction) -> str:
    """A weight as a decimal literal (weights drawn here always terminate)."""
    return f"{Decimal(value.numerator) / Decimal(value.denominator):f}"


CheckWriter = Callable[[Rule], str]


def _item_xml(item: Group | Rule, check: CheckWriter | None, out: list[str]) -> None:
    cluster = f" cluster-id={quoteattr(item.cluster_id)}" if item.cluster_id else ""
    common = f"id={quoteattr(item.id)} weight={quoteattr(plain(item.weight))} selected={quoteattr(str(item.selected).lower())}{cluster}"
    links = "".join(f"<requires idref={quoteattr(' '.join(ids))}/>" for ids in item.requires)
    links += "".join(f"<conflicts idref={quoteattr(idref)}/>" for idref in item.conflicts)
    if isinstance(item, Group):
        out.append(f"<Group {common}><title>{escape(item.title)}</title>{links}")
        for child in item.children:
            _item_xml(child, check, out)
        out.append("</Group>")
    else:
        body = check(item) if check is not None else ""
        out.append(
            f"<Rule {common} role={quoteattr(item.role)}><title>{escape(item.title)}</title>{links}{body}</Rule>"
        )


VALUE = f"{PREFIX}_value_v"
"""A Value that :func:`write_xml` writes with ``value=True`` and tailoring files refine (parlib skips Values)."""


def write_xml(
    bench: Benchmark,
    *,
    check: CheckWriter | None = None,
    models: bool = False,
    results: bool = True,
    value: bool = False,
) -> bytes:
    """The benchmark as an XCCDF 1.2 document; *check* writes each rule's check element(s)."""
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<Benchmark xmlns="{NS}" id={quoteattr(bench.id)} resolved="1">']
    out.append(f"<status>draft</status><title>{escape(bench.title)}</title><version>{escape(bench.version)}</version>")
    if models:
        out += [f'<model system="urn:xccdf:scoring:{m}"/>' for m in ("default", "flat", "flat-unweighted", "absolute")]
    for profile in bench.profiles:
        _profile_xml(profile, out)
    if value:
        out.append(
            f'<Value id="{VALUE}" type="number"><title>v</title><value>1</value><value selector="two">2</value></Value>'
        )
    for item in bench.items:
        _item_xml(item, check, out)
    for run in bench.test_results if results else ():
        out.append(f"<TestResult id={quoteattr(run.id)} start-time={quoteattr(run.start_time)}>")
        out.append(f"<benchmark href={quoteattr('#' + bench.id)}/><title>Run</title>")
        if run.profile:
            out.append(f"<profile idref={quoteattr(run.profile)}/>")
        out.append(f"<target>{escape(run.target or 'host')}</target>")
        for rr in run.rule_results:
            out.append(f"<rule-result idref={quoteattr(rr.idref)}><result>{rr.result}</result></rule-result>")
        for stated in run.stated_scores:
            maximum = f" maximum={quoteattr(plain(stated.maximum))}" if stated.maximum is not None else ""
            out.append(f"<score system={quoteattr(stated.system)}{maximum}>{plain(stated.value)}</score>")
        out.append("</TestResult>")
    out.append("</Benchmark>\n")
    return "\n".join(out).encode("utf-8")


def _profile_xml(profile: Profile, out: list[str], ignored: bool = False) -> None:
    extends = f" extends={quoteattr(profile.extends)}" if profile.extends else ""
    out.append(f"<Profile id={quoteattr(profile.id)}{extends}><title>{escape(profile.title)}</title>")
    for sel in profile.selectors:
        if isinstance(sel, Select):
            out.append(f"<select idref={quoteattr(sel.idref)} selected={quoteattr(str(sel.selected).lower())}/>")
        else:
            weight = f" weight={quoteattr(plain(sel.weight))}" if sel.weight is not None else ""
            role = f" role={quoteattr(sel.role)}" if sel.role is not None else ""
            out.append(f"<refine-rule idref={quoteattr(sel.idref)}{weight}{role}/>")
    if ignored:  # what parlib does not read: values for the checks
        out.append(f'<refine-value idref="{VALUE}" selector="two"/><set-value idref="{VALUE}">3</set-value>')
    out.append("</Profile>")


# -- requires, conflicts and tailoring files ------------------------------------------------------


def map_items(bench: Benchmark, change: Callable[[Group | Rule], Group | Rule]) -> Benchmark:
    """The benchmark with *change* applied to every group and rule (children first)."""

    def walk(item: Group | Rule) -> Group | Rule:
        if isinstance(item, Group):
            item = attrs.evolve(item, children=tuple(walk(c) for c in item.children))
        return change(item)

    return attrs.evolve(bench, items=tuple(walk(i) for i in bench.items))


def add_dependencies(bench: Benchmark, rng: random.Random, rate: float = 0.3) -> Benchmark:
    """
    The benchmark with ``requires`` (lists of one or two ids) and ``conflicts`` on about
    *rate* of its items, naming any group or rule (earlier, later, above, below, itself).
    """
    ids = [i.id for i in bench.walk()]

    def change(item: Group | Rule) -> Group | Rule:
        if rng.random() >= rate:
            return item
        requires = tuple(
            tuple(dict.fromkeys(rng.choice(ids) for _ in range(rng.choice((1, 1, 2)))))
            for _ in range(rng.choice((0, 1, 1, 2)))
        )
        conflicts = tuple(dict.fromkeys(rng.choice(ids) for _ in range(rng.choice((0, 0, 1)))))
        return attrs.evolve(item, requires=requires, conflicts=conflicts)

    return map_items(bench, change)


def random_tailoring(bench: Benchmark, rng: random.Random) -> TailoringFile:
    """
    A tailoring file for *bench*: one to three profiles, each extending a benchmark
    profile (sometimes with its id, shadowing it), the previous tailoring profile
    (which only OpenSCAP accepts), or nothing, with random selectors.
    """
    targets = [i.id for i in bench.walk()] + sorted({i.cluster_id for i in bench.walk() if i.cluster_id})
    profiles: list[Profile] = []
    for n in range(rng.randint(1, 3)):
        base = rng.choice([*(p.id for p in bench.profiles), ""])
        ident, extends = f"{PREFIX}_profile_t{n + 1}", base
        if base and rng.random() < 0.3:
            ident = base  # shadows the benchmark's profile, as SCAP Workbench writes them
        elif profiles and rng.random() < 0.15:
            extends = profiles[-1].id
        if any(p.id == ident for p in profiles):
            ident = f"{PREFIX}_profile_t{n + 1}"
        profiles.append(Profile(ident, f"Tailored {n + 1}", extends, False, _selectors(rng, targets)))
    return TailoringFile(
        id=f"{PREFIX}_tailoring_t",
        version="1",
        version_time="2024-01-01T00:00:00",
        benchmark_href="benchmark.xml",
        benchmark_id=bench.id if rng.random() < 0.8 else f"{PREFIX}_benchmark_other",
        profiles=tuple(profiles),
    )


def write_tailoring_xml(tailoring: TailoringFile, *, ignored: bool = False) -> bytes:
    """The tailoring file as an XCCDF 1.2 document (with ``refine-value``/``set-value`` if *ignored*)."""
    reference = f"<benchmark href={quoteattr(tailoring.benchmark_href)}"
    reference += f" id={quoteattr(tailoring.benchmark_id)}/>" if tailoring.benchmark_id else "/>"
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<Tailoring xmlns="{NS}" id={quoteattr(tailoring.id)}>']
    out.append(f"{reference}<version time={quoteattr(tailoring.version_time)}>{escape(tailoring.version)}</version>")
    for profile in tailoring.profiles:
        _profile_xml(profile, out, ignored)
    out.append("</Tailoring>\n")
    return "\n".join(out).encode("utf-8")


# -- where the specification and OpenSCAP part ---------------------------------------------------


def triggers(bench: Benchmark, profile: str | None, tailoring: TailoringFile | None = None) -> set[str]:
    """
    The documented departures (docs/concepts/xccdf.md) that this benchmark and
    its results bring into play, worked out from the benchmark directly.
    """
    found: set[str] = set()
    run = bench.test_result()
    selected: dict[str, set[str]] = {}
    for compat in ("spec", "openscap"):
        try:
            tailoring_ = tailor(bench, profile, compat=compat, tailoring=tailoring)
        except LoadError:
            found.add("tailoring-refused")  # only the specification refuses a tailoring file
            continue
        results = rule_results(tailoring_, run)
        selected[compat] = {r.id for r in tailoring_.selected_rules()}
        counted = [r for r in tailoring_.selected_rules() if tally(results.get(r.id, ()))[1]]
        if not counted:
            found.add("nothing-counted")
        if any(tailoring_.weight(r) == 0 for r in counted):
            found.add("zero-weight-rule")
        if any(len(results.get(r.id, ())) > 1 for r in tailoring_.selected_rules()):
            found.add("several-results")
        if _zero_weight_group(tailoring_, results, None):
            found.add("zero-weight-group")
    if len(selected) == 2 and selected["spec"] != selected["openscap"]:
        found.add("below-a-dependent-group")
    if len(selected) == 2:
        spec, openscap = (tailor(bench, profile, compat=c, tailoring=tailoring) for c in ("spec", "openscap"))
        if any(spec.role(r) != openscap.role(r) for r in spec.selected_rules()):
            found.add("refine-rule-without-role")
    chosen = tailor(bench, profile, compat="openscap", tailoring=tailoring).profile
    if chosen is not None:
        for link in profile_chain(bench, chosen, tailoring=tailoring, compat="openscap"):
            for sel in link.selectors:
                if isinstance(sel, RefineRule) and sel.weight is not None:
                    found.add("refined-weight")
    return found


def _zero_weight_group(tailoring: Tailoring, results: dict[str, list[str]], parent: Group | None) -> bool:
    """Whether some node has counted children that all weigh 0 (checked bottom up)."""
    weights: list[Fraction] = []
    below = False
    for child in tailoring.children(parent):
        if isinstance(child, Rule):
            if tally(results.get(child.id, ()))[1]:
                weights.append(tailoring.weight(child))
        else:
            below |= _zero_weight_group(tailoring, results, child)
            if any(tally(results.get(r.id, ()))[1] for r in _rules_below(tailoring, child)):
                weights.append(tailoring.weight(child))
    return below or (bool(weights) and sum(weights) == 0)


def _rules_below(tailoring: Tailoring, group: Group) -> list[Rule]:
    out: list[Rule] = []
    for child in tailoring.children(group):
        out.extend(_rules_below(tailoring, child) if isinstance(child, Group) else [child])
    return out


# -- the generator and the reader agree -----------------------------------------------------------


@given(st.randoms(use_true_random=False))
def test_a_written_benchmark_reads_back_equal(rng: random.Random) -> None:
    bench = add_dependencies(random_benchmark(rng), rng)
    assert loads_benchmark(write_xml(bench, value=True), "gen.xml") == bench


@given(st.randoms(use_true_random=False))
def test_a_written_tailoring_file_reads_back_equal(rng: random.Random) -> None:
    tailoring = random_tailoring(random_benchmark(rng), rng)
    assert loads_tailoring(write_tailoring_xml(tailoring, ignored=True), "t.xml") == tailoring


def test_generated_benchmarks_cover_every_feature() -> None:
    """Over 200 seeds the generator reaches every feature the comparisons rely on."""
    seen: set[str] = set()
    for seed in range(200):
        bench = random_benchmark(random.Random(seed))  # noqa: S311  (seeded test data)
        for item in bench.walk():
            seen.add(type(item).__name__)
            seen.add("weight0" if item.weight == 0 else "weight")
            seen.add("selected" if item.selected else "unselected")
            seen.add("cluster" if item.cluster_id else "nocluster")
            if isinstance(item, Rule):
                seen.add(f"role-{item.role}")
        for profile in bench.profiles:
            seen.add("extends" if profile.extends else "profile")
            seen.update(type(s).__name__ for s in profile.selectors)
        for run in bench.test_results:
            seen.update(rr.result for rr in run.rule_results)
            by_rule = run.results_by_rule()
            seen.update("multi" for v in by_rule.values() if len(v) > 1)
        if any(isinstance(i, Group) and any(isinstance(c, Group) for c in i.children) for i in bench.walk()):
            seen.add("nested")
    expected = {"Group", "Rule", "weight0", "weight", "selected", "unselected", "cluster", "nocluster", "nested"}
    expected |= {f"role-{r}" for r in ROLES} | {"extends", "profile", "Select", "RefineRule", "multi"} | set(RESULTS)
    assert expected <= seen, expected - seen
