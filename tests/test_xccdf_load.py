"""
Reading XCCDF safely: DTDs and entities refused, malformed XML and bad content
reported with file, line and path, profiles applied as the specification says.
"""

from __future__ import annotations

import time
from fractions import Fraction
from pathlib import Path

import pytest

from parlib import LoadError
from parlib.xccdf import NS, load_benchmark, loads_benchmark, score_benchmark, tailor

DATA = Path(__file__).parent / "data" / "xccdf"
B = "/Benchmark[@id='xccdf_org.example_benchmark_b']"


def doc(body: str, head: str = "", tail: str = "") -> str:
    """A benchmark document: *head* (profiles), *body* (groups and rules), *tail* (test results)."""
    return f'<Benchmark xmlns="{NS}" id="xccdf_org.example_benchmark_b">\n{head}\n{body}\n{tail}\n</Benchmark>\n'


RULES = (
    '<Group id="xccdf_org.example_group_g"><Rule id="xccdf_org.example_rule_a"/></Group>'
    '<Rule id="xccdf_org.example_rule_b" cluster-id="c"/>'
)


def problem(text: str | bytes, source: str = "b.xml") -> tuple[str, str]:
    """Load *text* and return its single problem as (message, path)."""
    with pytest.raises(LoadError) as info:
        loads_benchmark(text, source)
    assert info.value.file == source
    assert len(info.value.problems) == 1, info.value.problems
    return info.value.problems[0].message, info.value.problems[0].path


# -- safety ------------------------------------------------------------------------------------------


def test_the_billion_laughs_is_refused_before_any_expansion() -> None:
    start = time.perf_counter()
    with pytest.raises(LoadError) as info:
        load_benchmark(DATA / "billion-laughs.xml")
    assert time.perf_counter() - start < 5  # refused, not expanded (10^9 copies would take far longer)
    assert info.value.file.endswith("billion-laughs.xml")
    message = info.value.problems[0].message
    assert message.startswith("refused a document type declaration (<!DOCTYPE Benchmark>) at line 4")
    assert "lol" not in message.replace("billion", "")


def test_an_external_entity_is_refused_and_nothing_is_read() -> None:
    with pytest.raises(LoadError) as info:
        load_benchmark(DATA / "external-entity.xml")
    assert "refused a document type declaration" in str(info.value)
    assert "root:" not in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        '<!DOCTYPE Benchmark SYSTEM "http://example.com/xccdf.dtd"><Benchmark/>',
        '<!DOCTYPE Benchmark [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><Benchmark/>',
        "<!DOCTYPE Benchmark [<!ELEMENT Benchmark ANY>]><Benchmark/>",
        '<!DOCTYPE Benchmark [<!ENTITY e SYSTEM "x" NDATA gif>]><Benchmark/>',
    ],
)
def test_every_document_type_declaration_is_refused(text: str) -> None:
    message, path = problem(text)
    assert message.startswith("refused a document type declaration")
    assert path == "/"


def test_an_undeclared_entity_is_malformed_xml() -> None:
    message, path = problem(doc('<Rule id="xccdf_org.example_rule_a"><title>a&nbsp;b</title></Rule>'))
    assert message == "malformed XML: undefined entity at line 3, column 45, inside <title>"
    assert path == f"{B}/Rule[@id='xccdf_org.example_rule_a']/title[1]"


# -- malformed XML and files -----------------------------------------------------------------------


def test_malformed_xml_names_the_file_line_and_element() -> None:
    text = doc('<Group id="xccdf_org.example_group_g">\n<Rule id="xccdf_org.example_rule_a">\n</Group>')
    message, path = problem(text)
    assert message == "malformed XML: mismatched tag at line 5, column 3, inside <Rule>"
    assert path == f"{B}/Group[@id='xccdf_org.example_group_g']/Rule[@id='xccdf_org.example_rule_a']"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"", "malformed XML: no element found at line 1, column 1"),
        (b"<a/><b/>", "malformed XML: junk after document element at line 1, column 5"),
        (b"<a>\x01</a>", "malformed XML: not well-formed (invalid token) at line 1, column 4, inside <a>"),
    ],
)
def test_other_malformed_files(text: bytes, message: str) -> None:
    assert problem(text)[0] == message


def test_a_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_benchmark(tmp_path / "gone.xml")
    assert "cannot read the file" in str(info.value)


# -- not XCCDF 1.2 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "path"),
    [
        ("<html><body/></html>", "not an XCCDF 1.2 document: the root element is <html>", "/html"),
        (
            '<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.1" id="b"/>',
            "XCCDF 1.1 is not supported; parlib reads XCCDF 1.2",
            "/Benchmark",
        ),
        ('<Benchmark id="b"/>', "not XCCDF 1.2: the Benchmark is in namespace '(none)'", "/Benchmark"),
        (f'<TestResult xmlns="{NS}" id="t"/>', "a TestResult alone cannot be scored", "/TestResult"),
        (
            '<data-stream-collection xmlns="http://scap.nist.gov/schema/scap/source/1.2"/>',
            "the SCAP data stream holds no XCCDF 1.2 Benchmark",
            "/data-stream-collection",
        ),
    ],
)
def test_documents_that_are_not_xccdf_1_2(text: str, message: str, path: str) -> None:
    got_message, got_path = problem(text)
    assert got_message.startswith(message)
    assert got_path == path


def test_a_benchmark_inside_a_source_data_stream_is_read() -> None:
    text = (
        '<ds:data-stream-collection xmlns:ds="http://scap.nist.gov/schema/scap/source/1.2">'
        f'<ds:component id="c">{doc(RULES)}</ds:component></ds:data-stream-collection>'
    )
    bench = loads_benchmark(text, "ds.xml")
    assert [r.id for r in bench.rules()] == ["xccdf_org.example_rule_a", "xccdf_org.example_rule_b"]


# -- bad content: one problem each, with file, line and path -------------------------------------------


@pytest.mark.parametrize(
    ("body", "message", "path"),
    [
        (
            '<Rule id="xccdf_org.example_rule_a" weight="-1"/>',
            "weight must be a decimal number >= 0, got '-1'",
            "@weight",
        ),
        (
            '<Rule id="xccdf_org.example_rule_a" weight="NaN"/>',
            "weight must be a decimal number >= 0, got 'NaN'",
            "@weight",
        ),
        (
            '<Rule id="xccdf_org.example_rule_a" weight="INF"/>',
            "weight must be a decimal number >= 0, got 'INF'",
            "@weight",
        ),
        (
            '<Rule id="xccdf_org.example_rule_a" weight="1/2"/>',
            "weight must be a decimal number >= 0, got '1/2'",
            "@weight",
        ),
        (
            '<Rule id="xccdf_org.example_rule_a" selected="yes"/>',
            "selected must be true or false, got 'yes'",
            "@selected",
        ),
        (
            '<Rule id="xccdf_org.example_rule_a" role="advisory"/>',
            "role must be one of full, unscored, unchecked",
            "@role",
        ),
        (
            '<Rule id="xccdf_org.example_rule_a" extends="xccdf_org.example_rule_b"/>',
            "unresolved benchmark",
            "@extends",
        ),
    ],
)
def test_bad_attributes(body: str, message: str, path: str) -> None:
    got_message, got_path = problem(doc(body))
    assert got_message.startswith(message)
    assert got_message.endswith("(line 3)")
    assert got_path == f"{B}/Rule[@id='xccdf_org.example_rule_a']/{path}"


def test_a_rule_without_an_id() -> None:
    assert problem(doc("<Rule/>")) == ("<Rule> needs an id (line 3)", f"{B}/Rule[1]")


def test_duplicate_ids() -> None:
    message, path = problem(doc(RULES + '<Rule id="xccdf_org.example_rule_a"/>'))
    assert message.startswith("duplicate id 'xccdf_org.example_rule_a' (first at ")
    assert path == f"{B}/Rule[@id='xccdf_org.example_rule_a']"


PROFILE = '<Profile id="xccdf_org.example_profile_p">{}</Profile>'
P = f"{B}/Profile[@id='xccdf_org.example_profile_p']"


@pytest.mark.parametrize(
    ("selectors", "message", "path"),
    [
        (
            '<select idref="xccdf_org.example_rule_zz" selected="true"/>',
            "select names 'xccdf_org.example_rule_zz'",
            "/select[1]/@idref",
        ),
        (
            '<refine-rule idref="nope" weight="2"/>',
            "refine-rule names 'nope', which is neither",
            "/refine-rule[1]/@idref",
        ),
        (
            '<select idref="xccdf_org.example_rule_a"/>',
            "<select> needs selected = true or false",
            "/select[1]/@selected",
        ),
        (
            '<refine-rule idref="xccdf_org.example_rule_a" weight="-2"/>',
            "weight must be a decimal",
            "/refine-rule[1]/@weight",
        ),
        ('<refine-rule weight="2"/>', "<refine-rule> needs an idref", "/refine-rule[1]"),
    ],
)
def test_bad_profile_selectors(selectors: str, message: str, path: str) -> None:
    got_message, got_path = problem(doc(RULES, PROFILE.format(selectors)))
    assert got_message.startswith(message)
    assert got_path == P + path


def test_a_profile_extending_a_missing_profile() -> None:
    head = '<Profile id="xccdf_org.example_profile_p" extends="xccdf_org.example_profile_q"/>'
    assert problem(doc(RULES, head)) == (
        "profile 'xccdf_org.example_profile_p' extends 'xccdf_org.example_profile_q', which is not a profile of this benchmark",
        f"{P}/@extends",
    )


RUN = '<TestResult id="xccdf_org.example_testresult_t">{}</TestResult>'
T = f"{B}/TestResult[@id='xccdf_org.example_testresult_t']"


@pytest.mark.parametrize(
    ("inside", "message", "path"),
    [
        (
            '<rule-result idref="xccdf_org.example_rule_zz"><result>pass</result></rule-result>',
            "rule-result for 'xccdf_org.example_rule_zz', which is not a rule of this benchmark (line 4)",
            "/rule-result[1]/@idref",
        ),
        (
            '<rule-result idref="xccdf_org.example_group_g"><result>pass</result></rule-result>',
            "rule-result for 'xccdf_org.example_group_g', which is not a rule",
            "/rule-result[1]/@idref",
        ),
        (
            '<rule-result idref="xccdf_org.example_rule_a"><result>passed</result></rule-result>',
            "unknown result 'passed'; known: pass, fail",
            "/rule-result[1]/result",
        ),
    ],
)
def test_bad_test_results(inside: str, message: str, path: str) -> None:
    got_message, got_path = problem(doc(RULES, tail=RUN.format(inside)))
    assert got_message.startswith(message)
    assert got_path == T + path


def test_a_test_result_naming_an_unknown_profile_fails_when_scored() -> None:
    """oscap names a tailoring file's profile there, so reading accepts it; scoring without that file does not."""
    bench = loads_benchmark(doc(RULES, tail=RUN.format('<profile idref="xccdf_org.example_profile_zz"/>')), "b.xml")
    with pytest.raises(LoadError) as info:
        score_benchmark(bench)
    assert str(info.value) == (
        "b.xml: the TestResult names profile 'xccdf_org.example_profile_zz', which is not in this benchmark:"
        " oscap writes that when the profile came from a tailoring file; pass that file (--tailoring FILE)"
        f" @ {T}/profile/@idref"
    )


def test_every_problem_is_reported_at_once() -> None:
    body = '<Rule id="xccdf_org.example_rule_a" weight="x" selected="maybe" role="bad"/>'
    with pytest.raises(LoadError) as info:
        loads_benchmark(doc(body), "b.xml")
    assert [p.path.rsplit("/", 1)[1] for p in info.value.problems] == ["@weight", "@selected", "@role"]
    assert str(info.value).splitlines()[0].startswith("b.xml: weight must be")


# -- what is read ------------------------------------------------------------------------------------


def test_defaults_abstract_items_values_and_stated_scores() -> None:
    body = (
        '<Value id="xccdf_org.example_value_v"><value>1</value></Value>'
        '<Rule id="xccdf_org.example_rule_x" abstract="true"/>'
        '<Group id="xccdf_org.example_group_g" weight="0.125" selected="0"><title>G <b>bold</b></title>'
        '<Rule id="xccdf_org.example_rule_a" weight="2.500000" role="unscored"/></Group>'
    )
    tail = RUN.format(
        '<rule-result idref="xccdf_org.example_rule_a"><result>fail</result></rule-result>'
        '<score system="urn:xccdf:scoring:default" maximum="100">99</score><score system="bogus">n/a</score>'
    )
    bench = loads_benchmark(doc(body, tail=tail))
    group = bench.item("xccdf_org.example_group_g")
    assert (group.title, group.weight, group.selected) == ("G bold", Fraction(1, 8), False)
    assert "xccdf_org.example_rule_x" not in bench
    rule = bench.item("xccdf_org.example_rule_a")
    assert (rule.weight, rule.role, rule.line) == (Fraction(5, 2), "unscored", 3)
    run = bench.test_result()
    assert run is not None
    assert [(s.system, s.value) for s in run.stated_scores] == [("urn:xccdf:scoring:default", 99)]


def test_the_specification_profile_example() -> None:
    """NIST IR 7275r4 section 7.2.3.4, tables 36 to 38: selectors in order, clusters, extends."""
    x = "xccdf_org.example"
    body = (
        f'<Rule id="{x}_rule_Rule1" cluster-id="Cluster2" selected="false"/>'
        f'<Rule id="{x}_rule_Rule2"/>'
        f'<Rule id="{x}_rule_Rule3" cluster-id="Cluster1"/>'
        f'<Rule id="{x}_rule_Rule4" cluster-id="Cluster1"/>'
        f'<Rule id="{x}_rule_Rule5" cluster-id="Cluster3"/>'
        f'<Group id="{x}_group_Group1" cluster-id="Cluster1"/>'
        f'<Group id="{x}_group_Group2" cluster-id="Cluster1"/>'
    )
    head = (
        f'<Profile id="{x}_profile_Profile1" abstract="true">'
        f'<select idref="{x}_rule_Rule1" selected="true"/>'
        '<select idref="Cluster1" selected="false"/>'
        f'<select idref="{x}_group_Group1" selected="true"/></Profile>'
        f'<Profile id="{x}_profile_Profile2" extends="{x}_profile_Profile1">'
        f'<select idref="{x}_rule_Rule1" selected="false"/>'
        f'<select idref="{x}_rule_Rule3" selected="true"/></Profile>'
    )
    bench = loads_benchmark(doc(body, head))
    t = tailor(bench, f"{x}_profile_Profile2")
    state = {i.id.rsplit("_", 1)[1]: t.selected(i.id) for i in bench.walk()}
    assert state == {
        "Rule1": False,
        "Rule2": True,
        "Rule3": True,
        "Rule4": False,
        "Rule5": True,
        "Group1": True,
        "Group2": False,
    }
    with pytest.raises(LoadError, match="is abstract"):
        tailor(bench, f"{x}_profile_Profile1")


def test_profiles_by_suffix_and_loops() -> None:
    head = (
        '<Profile id="xccdf_org.example_profile_p" extends="xccdf_org.example_profile_q"/>'
        '<Profile id="xccdf_org.example_profile_q" extends="xccdf_org.example_profile_p"/>'
    )
    bench = loads_benchmark(doc(RULES, head), "loop.xml")
    with pytest.raises(LoadError) as info:
        tailor(bench, "p")
    assert str(info.value) == (
        "loop.xml: profiles extend each other in a loop: xccdf_org.example_profile_p -> xccdf_org.example_profile_q"
        f" -> xccdf_org.example_profile_p @ {P}"
    )
    with pytest.raises(LoadError, match=r"unknown XCCDF profile 'r'; known: xccdf_org\.example_profile_p"):
        tailor(bench, "r")


def test_a_refined_role_and_weight_apply_to_a_cluster() -> None:
    head = PROFILE.format('<refine-rule idref="c" weight="0.5" role="unchecked"/>')
    bench = loads_benchmark(doc(RULES, head))
    rule = bench.item("xccdf_org.example_rule_b")
    spec, openscap = tailor(bench, "p"), tailor(bench, "p", compat="openscap")
    assert (spec.weight(rule), spec.role(rule)) == (Fraction(1, 2), "unchecked")  # type: ignore[arg-type]
    assert (openscap.weight(rule), openscap.role(rule)) == (Fraction(1), "unchecked")  # type: ignore[arg-type]


def test_several_test_results_score_the_last_unless_asked() -> None:
    tail = (
        RUN.format('<rule-result idref="xccdf_org.example_rule_a"><result>fail</result></rule-result>')
        + '<TestResult id="xccdf_org.example_testresult_u"><rule-result idref="xccdf_org.example_rule_a"><result>pass</result></rule-result></TestResult>'
    )
    bench = loads_benchmark(doc(RULES, tail=tail))
    last = score_benchmark(bench)
    assert (last.test_result, last.get("urn:xccdf:scoring:flat").score) == ("xccdf_org.example_testresult_u", 1)
    assert last.notes == ("the file has 2 TestResults: scored the last, xccdf_org.example_testresult_u",)
    first = score_benchmark(bench, test_result="xccdf_org.example_testresult_t")
    assert (first.get("urn:xccdf:scoring:flat").score, first.notes) == (0, ())
