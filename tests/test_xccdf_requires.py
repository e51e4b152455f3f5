"""
``requires`` and ``conflicts`` on groups and rules (NIST IR 7275r4 section 7.2.3.3.2): read with
their lines, processed in document order after the profile, once per item, and where OpenSCAP 1.3.7
departs (items below a group that ``requires`` unselects).
"""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import LoadError
from parlib.xccdf import DEFAULT, FLAT, NS, Benchmark, Rule, load_benchmark, loads_benchmark, score_benchmark, tailor
from test_xccdf_helpers import add_dependencies, map_items, random_benchmark

DATA = Path(__file__).parent / "data" / "xccdf"
X = "xccdf_org.example"
B = f"/Benchmark[@id='{X}_benchmark_b']"


def doc(body: str, head: str = "", tail: str = "") -> str:
    return f'<Benchmark xmlns="{NS}" id="{X}_benchmark_b">\n{head}\n{body}\n{tail}\n</Benchmark>\n'


def rule(name: str, *links: str, selected: bool = True) -> str:
    return f'<Rule id="{X}_rule_{name}" selected="{str(selected).lower()}">{"".join(links)}</Rule>'


def requires(*names: str) -> str:
    return f'<requires idref="{" ".join(f"{X}_{n}" for n in names)}"/>'


def conflicts(name: str) -> str:
    return f'<conflicts idref="{X}_{name}"/>'


def kept(bench: Benchmark, compat: str = "spec", profile: str | None = None) -> list[str]:
    """The names of the rules that stay selected."""
    chosen = tailor(bench, profile, compat=compat)  # type: ignore[arg-type]
    return [r.id.removeprefix(f"{X}_rule_") for r in chosen.selected_rules()]


# -- reading -------------------------------------------------------------------------------------------------


def test_requires_lists_and_conflicts_are_read() -> None:
    bench = loads_benchmark(
        doc(
            rule("a")
            + rule("b")
            + f'<Group id="{X}_group_g">{requires("rule_a", "rule_b")}{requires("rule_b")}{conflicts("rule_a")}'
            + rule("c", conflicts("group_g"))
            + "</Group>"
        )
    )
    group = bench.item(f"{X}_group_g")
    assert group.requires == ((f"{X}_rule_a", f"{X}_rule_b"), (f"{X}_rule_b",))
    assert group.conflicts == (f"{X}_rule_a",)
    assert bench.item(f"{X}_rule_c").conflicts == (f"{X}_group_g",)


@pytest.mark.parametrize(
    ("link", "message", "path"),
    [
        (
            requires("rule_a", "rule_nope"),
            f"requires names '{X}_rule_nope', which is neither a group nor a rule of this benchmark (line 4)",
            "/requires[1]/@idref",
        ),
        (
            conflicts("value_v"),
            f"conflicts names '{X}_value_v', which is neither a group nor a rule of this benchmark (line 4)",
            "/conflicts[1]/@idref",
        ),
        ('<requires idref=" "/>', "<requires> needs an idref (line 4)", "/requires[1]/@idref"),
        (
            f'<conflicts idref="{X}_rule_a {X}_rule_b"/>',
            f"<conflicts> names one item, got '{X}_rule_a {X}_rule_b' (line 4)",
            "/conflicts[1]/@idref",
        ),
    ],
)
def test_bad_references_name_line_and_path(link: str, message: str, path: str) -> None:
    text = doc(rule("a") + "\n" + rule("b", link) + f'<Value id="{X}_value_v"><value>1</value></Value>')
    with pytest.raises(LoadError) as info:
        loads_benchmark(text, "b.xml")
    assert [(p.message, p.path) for p in info.value.problems] == [(message, f"{B}/Rule[@id='{X}_rule_b']{path}")]


# -- the specification's examples (section 7.2.3.3.2) ---------------------------------------------------------


def test_example_1_lists_are_ored_elements_anded_conflicts_negated() -> None:
    """((Rule2 OR Rule3) AND Group1 AND NOT Rule4), for each way one of them fails."""
    rule1 = rule("1", requires("rule_2", "rule_3"), requires("group_1"), conflicts("rule_4"))
    group1 = f'<Group id="{X}_group_1" selected="{{g}}"/>'
    for r2, r3, g1, r4, selected in [
        (True, False, True, False, True),
        (False, True, True, False, True),
        (False, False, True, False, False),
        (True, True, False, False, False),
        (True, True, True, True, False),
    ]:
        body = (
            rule("2", selected=r2) + rule("3", selected=r3) + group1.format(g=str(g1).lower()) + rule("4", selected=r4)
        )
        assert ("1" in kept(loads_benchmark(doc(body + rule1)))) is selected, (r2, r3, g1, r4)


def test_example_2_order_matters_and_each_item_is_processed_once() -> None:
    body = (
        rule("1", requires("rule_2"))
        + rule("2", requires("rule_3"))
        + rule("3", requires("rule_4"), selected=False)
        + rule("4")
    )
    bench = loads_benchmark(doc(body))
    for compat in ("spec", "openscap"):
        assert kept(bench, compat) == ["1", "4"]  # Rule1 was processed while Rule2 was still selected
    assert tailor(bench).deselected == {f"{X}_rule_2": f"requires {X}_rule_3, which is not selected"}


def test_example_3_a_rule_in_an_unselected_group_keeps_its_own_state() -> None:
    body = rule("1", selected=False) + f'<Group id="{X}_group_1" selected="false">' + rule("2", requires("rule_1"))
    bench = loads_benchmark(doc(body + "</Group>" + rule("3", requires("rule_2"))))
    for compat in ("spec", "openscap"):
        assert kept(bench, compat) == ["3"]


# -- more of the rules -------------------------------------------------------------------------------------------


def test_the_profile_is_applied_first() -> None:
    head = f'<Profile id="{X}_profile_p"><select idref="{X}_rule_a" selected="false"/></Profile>'
    bench = loads_benchmark(doc(rule("a") + rule("b", requires("rule_a")) + rule("c", conflicts("rule_a")), head))
    assert kept(bench) == ["a", "b"]
    assert kept(bench, profile="p") == ["c"]


def test_a_group_its_requires_unselect_takes_its_rules_out_of_every_score() -> None:
    body = rule("off", selected=False) + f'<Group id="{X}_group_g" weight="5">{requires("rule_off")}'
    body += rule("in") + "</Group>" + rule("out")
    tail = (
        f'<TestResult id="{X}_testresult_t"><rule-result idref="{X}_rule_in"><result>fail</result></rule-result>'
        f'<rule-result idref="{X}_rule_out"><result>pass</result></rule-result></TestResult>'
    )
    scores = score_benchmark(loads_benchmark(doc(body, tail=tail)))
    assert (scores.get(DEFAULT).score, scores.get(FLAT).score, scores.get(FLAT).maximum) == (100, 1, 1)
    assert scores.notes == (f"{X}_group_g is not selected: it requires {X}_rule_off, which is not selected",)


def test_forward_references_and_self_references() -> None:
    """A later item counts as the profile left it; an item conflicting with itself unselects itself."""
    body = rule("a", requires("rule_b")) + rule("b", requires("rule_c")) + rule("c", selected=False)
    body += rule("d", conflicts("rule_d")) + rule("e", requires("rule_e"))
    assert kept(loads_benchmark(doc(body))) == ["a", "e"]


def test_openscap_also_unselects_what_is_below_a_group_its_requires_unselect() -> None:
    body = rule("nil", selected=False) + f'<Group id="{X}_group_g">{requires("rule_nil")}' + rule("in") + "</Group>"
    body += rule("needs_in", requires("rule_in")) + rule("against_in", conflicts("rule_in"))
    bench = loads_benchmark(doc(body))
    assert kept(bench, "spec") == ["needs_in"]  # "in" was never processed: still selected
    assert kept(bench, "openscap") == ["against_in"]
    assert tailor(bench, compat="openscap").deselected == {
        f"{X}_group_g": f"requires {X}_rule_nil, which is not selected",
        f"{X}_rule_needs_in": f"requires {X}_rule_in, which is not selected",
    }


# -- laws ---------------------------------------------------------------------------------------------------------


@given(st.randoms(use_true_random=False), st.sampled_from(["spec", "openscap"]))
def test_requirements_that_are_always_met_change_nothing(rng: random.Random, compat: str) -> None:
    """Every item requiring itself and conflicting with an unselected rule scores as with no links at all."""
    bench = random_benchmark(rng)
    spare = Rule(id=f"{X}_rule_spare", selected=False)
    plain = attrs.evolve(bench, items=(*bench.items, spare))
    linked = map_items(
        plain, lambda i: i if i.id == spare.id else attrs.evolve(i, requires=((i.id,),), conflicts=(spare.id,))
    )
    assert score_benchmark(linked, compat=compat) == score_benchmark(plain, compat=compat)  # type: ignore[arg-type]


@given(st.randoms(use_true_random=False), st.sampled_from(["spec", "openscap"]))
def test_dependencies_only_ever_unselect(rng: random.Random, compat: str) -> None:
    """The rules kept with requires/conflicts are a subset of those kept without them, in both modes."""
    bench = random_benchmark(rng)
    linked = add_dependencies(bench, rng, rate=0.5)
    profile = bench.test_results[0].profile or None
    with_links = {r.id for r in tailor(linked, profile, compat=compat).selected_rules()}  # type: ignore[arg-type]
    without = {r.id for r in tailor(bench, profile, compat=compat).selected_rules()}  # type: ignore[arg-type]
    assert with_links <= without
    applied = tailor(linked, profile, compat=compat)  # type: ignore[arg-type]
    assert all(not applied.selected(i) for i in applied.deselected)


def test_weights_do_not_matter_to_selection() -> None:
    body = rule("a", selected=False) + rule("b", requires("rule_a"))
    bench = loads_benchmark(doc(body))
    heavy = map_items(bench, lambda i: attrs.evolve(i, weight=Fraction(7)))
    assert kept(heavy) == kept(bench) == []


def test_the_stored_run() -> None:
    """deps-results.xml: what oscap wrote; --compat openscap gives its scores, the specification others."""
    results = load_benchmark(DATA / "deps-results.xml")
    run = results.test_result()
    assert run is not None
    stated = {s.system: (s.value, s.maximum) for s in run.stated_scores}
    openscap = score_benchmark(results, compat="openscap")
    assert {m.system: (m.score, m.maximum) for m in openscap.models} == stated
    spec = score_benchmark(results)
    assert [(m.score, m.maximum) for m in spec.models] == [(100, 100), (1, 1), (1, 1), (1, 1)]
    assert spec.notes[-1] == (
        f"{X}_rule_sshd_banner is selected, but the TestResult says notselected: the tool that wrote it left the rule out"
    )
