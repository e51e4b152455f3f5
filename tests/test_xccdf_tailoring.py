"""
XCCDF tailoring files: read as safely as benchmarks, applied exactly like the benchmark's own
profiles, refused with file, line and path when they do not fit the benchmark.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from conftest import RunParlib
from parlib import LoadError, score
from parlib.cli import main
from parlib.xccdf import (
    DEFAULT,
    FLAT,
    MODELS,
    NS,
    Benchmark,
    load_benchmark,
    load_tailoring,
    loads_benchmark,
    loads_tailoring,
    model_score,
    score_benchmark,
    tailor,
    to_parlib,
)

DATA = Path(__file__).parent / "data" / "xccdf"
X = "xccdf_org.example"
T = f"/Tailoring[@id='{X}_tailoring_t']"

BENCHMARK = f"""<Benchmark xmlns="{NS}" id="{X}_benchmark_web">
  <version>2.1</version>
  <Profile id="{X}_profile_standard"><select idref="{X}_rule_telnet" selected="false"/></Profile>
  <Value id="{X}_value_timeout"><value>300</value></Value>
  <Rule id="{X}_rule_tls" cluster-id="transport"/>
  <Rule id="{X}_rule_hsts" weight="2"/>
  <Rule id="{X}_rule_cookies" role="unscored"/>
  <Rule id="{X}_rule_telnet"/>
  <TestResult id="{X}_testresult_t">
    <profile idref="{X}_profile_intranet"/>
    <rule-result idref="{X}_rule_tls"><result>pass</result></rule-result>
    <rule-result idref="{X}_rule_hsts"><result>notselected</result></rule-result>
    <rule-result idref="{X}_rule_cookies"><result>fail</result></rule-result>
    <rule-result idref="{X}_rule_telnet"><result>notselected</result></rule-result>
  </TestResult>
</Benchmark>
"""


def tailoring_doc(*profiles: str, reference: str = f'<benchmark href="web.xml" id="{X}_benchmark_web"/>') -> str:
    body = "\n".join(profiles)
    return (
        f'<Tailoring xmlns="{NS}" id="{X}_tailoring_t">\n{reference}\n'
        f'<version time="2024-05-01T12:00:00">1</version>\n{body}\n</Tailoring>\n'
    )


INTRANET = (
    f'<Profile id="{X}_profile_intranet" extends="{X}_profile_standard"><title>Intranet</title>'
    f'<select idref="{X}_rule_hsts" selected="false"/>'
    f'<refine-rule idref="{X}_rule_cookies" weight="3" role="full"/>'
    f'<refine-value idref="{X}_value_timeout" selector="long"/>'
    f'<set-value idref="{X}_value_timeout">600</set-value></Profile>'
)


def bench() -> Benchmark:
    return loads_benchmark(BENCHMARK, "web.xml")


def problems(text: str, benchmark: Benchmark | None = None, compat: str = "spec") -> list[tuple[str, str]]:
    """The problems applying the tailoring file *text* to *benchmark* raises, as (message, path)."""
    tailoring = loads_tailoring(text, "t.xml")
    with pytest.raises(LoadError) as info:
        tailor(benchmark or bench(), None, compat=compat, tailoring=tailoring)  # type: ignore[arg-type]
    assert info.value.file == "t.xml"
    return [(p.message, p.path) for p in info.value.problems]


# -- reading -------------------------------------------------------------------------------------------------


def test_what_is_read() -> None:
    t = loads_tailoring(tailoring_doc(INTRANET), "t.xml")
    assert (t.id, t.version, t.version_time, t.source) == (f"{X}_tailoring_t", "1", "2024-05-01T12:00:00", "t.xml")
    assert (t.benchmark_href, t.benchmark_id, t.benchmark_version) == ("web.xml", f"{X}_benchmark_web", "")
    profile = t.profile("intranet")
    assert (profile.id, profile.title, profile.extends) == (
        f"{X}_profile_intranet",
        "Intranet",
        f"{X}_profile_standard",
    )
    assert [type(s).__name__ for s in profile.selectors] == [
        "Select",
        "RefineRule",
    ]  # refine-value, set-value: not read
    assert profile.path == f"{T}/Profile[@id='{X}_profile_intranet']"
    assert profile.line == 4


def test_the_same_xml_safety_as_a_benchmark() -> None:
    for name in ("billion-laughs.xml", "external-entity.xml"):
        with pytest.raises(LoadError, match="refused a document type declaration"):
            load_tailoring(DATA / name)


@pytest.mark.parametrize(
    ("text", "message", "path"),
    [
        (
            tailoring_doc(f'<Profile id="{X}_profile_p"><select idref="{X}_rule_tls" selected="true"></Profile>'),
            "malformed XML: mismatched tag at line 4, column 104, inside <select>",
            f"{T}/Profile[@id='{X}_profile_p']/select[1]",
        ),
        (BENCHMARK, "this is a Benchmark, not a Tailoring: give the benchmark (or results) file as FILE", "/Benchmark"),
        (
            '<Tailoring xmlns="http://open-scap.org/page/Xccdf-1.1-tailoring"/>',
            "XCCDF 1.1 tailoring (http://open-scap.org/page/Xccdf-1.1-tailoring) is not supported",
            "/Tailoring",
        ),
        ("<Tailoring/>", "not XCCDF 1.2: the Tailoring is in namespace '(none)'", "/Tailoring"),
        ("<x/>", "not an XCCDF 1.2 tailoring file: the root element is <x>, not a Tailoring", "/x"),
        (
            '<data-stream-collection xmlns="http://scap.nist.gov/schema/scap/source/1.2"/>',
            "the SCAP data stream holds no XCCDF 1.2 Tailoring",
            "/data-stream-collection",
        ),
        (tailoring_doc(), "a Tailoring needs at least one Profile (line 1)", T),
        (
            tailoring_doc(f'<Profile id="{X}_profile_p"/>', f'<Profile id="{X}_profile_p"/>'),
            f"duplicate profile id '{X}_profile_p' (first at {T}/Profile[@id='{X}_profile_p'])",
            f"{T}/Profile[@id='{X}_profile_p']",
        ),
        (
            tailoring_doc(f'<Profile id="{X}_profile_p"><refine-rule idref="{X}_rule_tls" weight="-1"/></Profile>'),
            "weight must be a decimal number >= 0, got '-1' (line 4)",
            f"{T}/Profile[@id='{X}_profile_p']/refine-rule[1]/@weight",
        ),
    ],
)
def test_reading_problems_name_file_line_and_path(text: str, message: str, path: str) -> None:
    with pytest.raises(LoadError) as info:
        loads_tailoring(text, "t.xml")
    assert info.value.file == "t.xml"
    got = info.value.problems[0]
    assert got.message.startswith(message), got.message
    assert got.path == path


def test_a_tailoring_inside_a_source_data_stream_is_found() -> None:
    text = (
        '<data-stream-collection xmlns="http://scap.nist.gov/schema/scap/source/1.2"><component>'
        + tailoring_doc(INTRANET)
        + "</component></data-stream-collection>"
    )
    assert loads_tailoring(text).profile("intranet").extends == f"{X}_profile_standard"


# -- applying ------------------------------------------------------------------------------------------------


def test_a_tailoring_profile_applies_like_an_embedded_one() -> None:
    """The same profile in the tailoring file or written into the benchmark gives the same tailoring."""
    tailored = tailor(bench(), "intranet", tailoring=loads_tailoring(tailoring_doc(INTRANET)))
    embedded_text = BENCHMARK.replace(
        "<Value", INTRANET.replace("<refine-value", "<!--").replace("</set-value>", "-->") + "<Value"
    )
    embedded = tailor(loads_benchmark(embedded_text), "intranet")
    for t in (tailored, embedded):
        assert [r.id.rsplit("_", 1)[1] for r in t.selected_rules()] == ["tls", "cookies"]
        cookies = t.benchmark.item(f"{X}_rule_cookies")
        assert (t.weight(cookies), t.role(cookies)) == (Fraction(3), "full")  # type: ignore[arg-type]
    assert tailored.file is not None
    assert embedded.file is None


def test_scores_of_a_tailored_run_in_both_modes() -> None:
    t = loads_tailoring(tailoring_doc(INTRANET), "t.xml")
    spec = score_benchmark(bench(), tailoring=t)
    assert (spec.tailoring, spec.profile) == (f"{X}_tailoring_t", f"{X}_profile_intranet")
    assert (spec.get(DEFAULT).score, spec.get(FLAT).score, spec.get(FLAT).maximum) == (25, 1, 4)
    openscap = score_benchmark(bench(), tailoring=t, compat="openscap")  # refined weights ignored
    assert (openscap.get(DEFAULT).score, openscap.get(FLAT).score, openscap.get(FLAT).maximum) == (50, 1, 2)
    for compat in ("spec", "openscap"):
        direct = score_benchmark(bench(), tailoring=t, compat=compat)  # type: ignore[arg-type]
        for system in MODELS:
            framework, assessment = to_parlib(bench(), model=system, compat=compat, tailoring=t)  # type: ignore[arg-type]
            got = model_score(score(framework, assessment), system, compat)  # type: ignore[arg-type]
            assert (got.score, got.maximum) == (direct.get(system).score, direct.get(system).maximum)


def test_without_the_tailoring_file_the_run_asks_for_it() -> None:
    with pytest.raises(LoadError, match=r"not in this benchmark: .*pass that file \(--tailoring FILE\)"):
        score_benchmark(bench())
    other = loads_tailoring(tailoring_doc(f'<Profile id="{X}_profile_other"/>'), "other.xml")
    with pytest.raises(LoadError, match=r"nor in the tailoring file other\.xml"):
        score_benchmark(bench(), tailoring=other)
    assert score_benchmark(bench(), profile="standard", tailoring=other).profile == f"{X}_profile_standard"


def test_a_tailoring_profile_shadows_the_benchmark_profile_it_extends() -> None:
    """As SCAP Workbench writes them: same id, extends itself, which means the benchmark's profile."""
    shadow = f'<Profile id="{X}_profile_standard" extends="{X}_profile_standard"><select idref="{X}_rule_tls" selected="false"/></Profile>'
    t = loads_tailoring(tailoring_doc(shadow))
    for compat in ("spec", "openscap"):
        applied = tailor(bench(), "standard", tailoring=t, compat=compat)  # type: ignore[arg-type]
        assert [r.id.rsplit("_", 1)[1] for r in applied.selected_rules()] == ["hsts", "cookies"]
    assert [r.id.rsplit("_", 1)[1] for r in tailor(bench(), "standard").selected_rules()] == ["tls", "hsts", "cookies"]


def test_the_specification_refuses_what_openscap_accepts() -> None:
    """Loading.Resolve.Tailoring: extend benchmark profiles only, and shadow only the profile extended."""
    chained = tailoring_doc(
        f'<Profile id="{X}_profile_a" extends="{X}_profile_standard"><select idref="{X}_rule_tls" selected="false"/></Profile>',
        f'<Profile id="{X}_profile_b" extends="{X}_profile_a"><select idref="{X}_rule_hsts" selected="false"/></Profile>',
    )
    [(message, path)] = problems(chained)
    assert message.startswith(
        f"profile '{X}_profile_b' extends '{X}_profile_a', a profile of this tailoring file: the specification"
    )
    assert path == f"{T}/Profile[@id='{X}_profile_b']/@extends"
    applied = tailor(bench(), "b", compat="openscap", tailoring=loads_tailoring(chained))
    assert [r.id.rsplit("_", 1)[1] for r in applied.selected_rules()] == ["cookies"]

    replacing = tailoring_doc(
        f'<Profile id="{X}_profile_standard"><select idref="{X}_rule_tls" selected="false"/></Profile>'
    )
    [(message, path)] = problems(replacing)
    assert "has the id of a profile of the benchmark but does not extend it" in message
    applied = tailor(bench(), "standard", compat="openscap", tailoring=loads_tailoring(replacing))
    assert [r.id.rsplit("_", 1)[1] for r in applied.selected_rules()] == ["hsts", "cookies", "telnet"]


@pytest.mark.parametrize(
    ("profile", "message", "path"),
    [
        (
            f'<Profile id="{X}_profile_p"><select idref="{X}_rule_nope" selected="true"/></Profile>',
            f"select names '{X}_rule_nope', which is neither a group, a rule nor a cluster-id of this benchmark (line 4)",
            "/select[1]/@idref",
        ),
        (
            f'<Profile id="{X}_profile_p"><refine-rule idref="nope" weight="2"/></Profile>',
            "refine-rule names 'nope', which is neither a group, a rule nor a cluster-id of this benchmark (line 4)",
            "/refine-rule[1]/@idref",
        ),
        (
            f'<Profile id="{X}_profile_p" extends="{X}_profile_nope"/>',
            f"profile '{X}_profile_p' extends '{X}_profile_nope', which is a profile of neither the benchmark nor the tailoring file",
            "/@extends",
        ),
    ],
)
def test_references_to_nothing_are_refused_when_applied(profile: str, message: str, path: str) -> None:
    for compat in ("spec", "openscap"):
        assert problems(tailoring_doc(profile), compat=compat) == [(message, f"{T}/Profile[@id='{X}_profile_p']{path}")]


def test_a_loop_an_abstract_profile_and_an_unknown_profile() -> None:
    loop = tailoring_doc(
        f'<Profile id="{X}_profile_a" extends="{X}_profile_b"/>',
        f'<Profile id="{X}_profile_b" extends="{X}_profile_a"/>',
    )
    assert problems(loop, compat="openscap")[0][0] == (
        f"profiles extend each other in a loop: {X}_profile_a -> {X}_profile_b -> {X}_profile_a"
    )
    abstract = loads_tailoring(tailoring_doc(f'<Profile id="{X}_profile_a" abstract="true"/>'), "t.xml")
    with pytest.raises(LoadError, match=f"t.xml: profile '{X}_profile_a' is abstract"):
        tailor(bench(), "a", tailoring=abstract)
    with pytest.raises(LoadError) as info:
        tailor(bench(), "nope", tailoring=abstract)
    assert str(info.value) == (
        f"t.xml: unknown XCCDF profile 'nope'; known: {X}_profile_a, {X}_profile_standard @ /Tailoring/Profile"
    )


def test_a_tailoring_file_for_another_benchmark_is_applied_with_a_note() -> None:
    reference = f'<benchmark href="old.xml" id="{X}_benchmark_old" version="1.0"/>'
    t = loads_tailoring(tailoring_doc(INTRANET, reference=reference), "t.xml")
    scores = score_benchmark(bench(), tailoring=t)
    assert scores.notes == (
        f"the tailoring file t.xml names benchmark '{X}_benchmark_old', not '{X}_benchmark_web': applied all the same"
        " (the reference is informative; every id it uses exists)",
        "the tailoring file t.xml names benchmark version '1.0', not '2.1': applied all the same",
    )
    assert scores.get(DEFAULT).score == 25


def test_a_refine_rule_without_a_role_is_full_for_openscap() -> None:
    """OpenSCAP 1.3.7 reads a refine-rule without role as role="full" (and writes that into its results)."""
    weight_only = tailoring_doc(
        f'<Profile id="{X}_profile_p"><refine-rule idref="{X}_rule_cookies" weight="2"/></Profile>'
    )
    t = loads_tailoring(weight_only)
    cookies = bench().item(f"{X}_rule_cookies")
    assert tailor(bench(), "p", tailoring=t).role(cookies) == "unscored"  # type: ignore[arg-type]
    assert tailor(bench(), "p", tailoring=t, compat="openscap").role(cookies) == "full"  # type: ignore[arg-type]


def test_a_cluster_selector_in_a_tailoring_profile() -> None:
    t = loads_tailoring(
        tailoring_doc(f'<Profile id="{X}_profile_p"><select idref="transport" selected="false"/></Profile>')
    )
    assert f"{X}_rule_tls" not in {r.id for r in tailor(bench(), "p", tailoring=t).selected_rules()}


# -- the command ----------------------------------------------------------------------------------------------


def test_the_command_takes_a_tailoring_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "web.xml").write_text(BENCHMARK, "utf-8")
    (tmp_path / "t.xml").write_text(tailoring_doc(INTRANET), "utf-8")
    assert main(["xccdf", str(tmp_path / "web.xml"), "--tailoring", str(tmp_path / "t.xml")]) == 0
    out = capsys.readouterr().out
    assert f"tailoring    {X}_tailoring_t\nprofile      {X}_profile_intranet\n" in out
    assert "urn:xccdf:scoring:default          25         100" in out
    args = ["xccdf", str(tmp_path / "web.xml"), "--tailoring", str(tmp_path / "t.xml"), "--format", "json"]
    assert main([*args, "--compat", "openscap"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["tailoring"], data["scores"][DEFAULT]["score"]) == (f"{X}_tailoring_t", 50)


def test_command_errors_name_the_tailoring_file(tmp_path: Path, run_parlib: RunParlib) -> None:
    (tmp_path / "web.xml").write_text(BENCHMARK, "utf-8")
    (tmp_path / "bad.xml").write_text(
        tailoring_doc(f'<Profile id="{X}_profile_intranet"><select idref="{X}_rule_nope" selected="true"/></Profile>'),
        "utf-8",
    )
    cases = {
        "missing.xml": "missing.xml: cannot read the file: No such file or directory @ $",
        "web.xml": "web.xml: this is a Benchmark, not a Tailoring",
        "bad.xml": f"bad.xml: select names '{X}_rule_nope', which is neither a group, a rule nor a cluster-id",
    }
    for name, expected in cases.items():
        done = run_parlib("xccdf", tmp_path / "web.xml", "--tailoring", tmp_path / name)
        assert done.returncode == 1
        assert done.stdout == ""
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith(f"{tmp_path}/{expected}"), done.stderr
    done = run_parlib("xccdf", tmp_path / "web.xml")
    assert done.returncode == 1
    assert "pass that file (--tailoring FILE)" in done.stderr


def test_the_stored_tailored_run() -> None:
    """web-results.xml: what oscap wrote with web-tailoring.xml; --compat openscap gives its scores."""
    results = load_benchmark(DATA / "web-results.xml")
    tailoring = load_tailoring(DATA / "web-tailoring.xml")
    run = results.test_result()
    assert run is not None
    stated = {s.system: (s.value, s.maximum) for s in run.stated_scores}
    openscap = score_benchmark(results, compat="openscap", tailoring=tailoring)
    assert {m.system: (m.score, m.maximum) for m in openscap.models} == stated
    spec = score_benchmark(results, tailoring=tailoring)
    assert [(m.score, m.maximum) for m in spec.models] == [(25, 100), (1, 4), (1, 2), (0, 1)]
