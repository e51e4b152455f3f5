"""
The model and scoring it: invariants with clear errors and key paths, then
points, applicable maxima, indexes and traces on tests/data/mini*.toml
(whose expected numbers are worked out by hand in the file's header).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest

from parlib import (
    Assessment,
    AssessmentError,
    Band,
    Criterion,
    Evidence,
    Finding,
    Framework,
    FrameworkRef,
    LoadError,
    ModelError,
    Problem,
    Response,
    Subject,
    check_assessment,
    score,
)
from parlib.io import loads
from parlib.report import scorecard_text
from parlib.rules import Boolean, Manual

F = Fraction


def leaf(cid: str, maximum: object = 1, **label: str) -> Criterion:
    return Criterion(id=cid, label=label or {"vi": cid, "en": cid}, max=maximum, rule=Boolean())  # type: ignore[arg-type]


def node(cid: str, *children: Criterion, maximum: object = None) -> Criterion:
    return Criterion(id=cid, label={"vi": cid, "en": cid}, max=maximum, children=children)  # type: ignore[arg-type]


def framework(*criteria: Criterion, **kwargs: object) -> Framework:
    return Framework(id="f", version="1", title={"vi": "F", "en": "F"}, criteria=criteria, **kwargs)  # type: ignore[arg-type]


def problems(error: pytest.ExceptionInfo[ModelError] | pytest.ExceptionInfo[AssessmentError]) -> list[Problem]:
    return list(error.value.problems)


def assessment(
    *responses: Response, evidence: tuple[Evidence, ...] = (), findings: tuple[Finding, ...] = ()
) -> Assessment:
    return Assessment(
        framework=FrameworkRef("mini", "1"),
        subject=Subject("u", {"en": "U", "vi": "U"}),
        period="2018",
        responses=responses,
        evidence=evidence,
        findings=findings,
    )


def answered(base: Assessment, criterion: str, **fields: object) -> Assessment:
    """*base* with the response to *criterion* replaced (or added)."""
    kept = [r for r in base.responses if r.criterion != criterion]
    return attrs.evolve(base, responses=[*kept, Response(criterion, **fields)])  # type: ignore[arg-type]


# -- framework invariants -----------------------------------------------------


def test_ids_are_unique_in_the_whole_tree() -> None:
    with pytest.raises(ModelError) as info:
        framework(node("1", leaf("1.1"), leaf("1.2")), node("2", node("2.1", leaf("1.1"))))
    assert problems(info) == [
        Problem("duplicate id '1.1' (first at $.criteria[0].children[0])", "$.criteria[1].children[0].children[0].id")
    ]


@pytest.mark.parametrize("bad", [-1, "-0.5", Decimal("-1")])
def test_a_negative_max_is_refused(bad: object) -> None:
    with pytest.raises(ModelError) as info:
        leaf("1", bad)
    [problem] = problems(info)
    assert problem.message.startswith("max must be finite and non-negative, got -")
    assert problem.path == "$.max"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity"), "nan"])
def test_a_max_that_is_not_finite_is_refused(bad: object) -> None:
    with pytest.raises(ModelError) as info:
        leaf("1", bad)
    [problem] = problems(info)
    assert "finite" in problem.message or "expected a number" in problem.message
    assert problem.path == "$.max"  # the key, as a file reports it


@pytest.mark.parametrize("key", ["max", "weight", "na_min_share"])
def test_a_criterion_number_that_does_not_parse_names_its_key(key: str) -> None:
    fields: dict[str, object] = {"max": 1, key: float("nan")}
    with pytest.raises(ModelError) as info:
        Criterion(id="1", label={"vi": "a", "en": "a"}, rule=Boolean(), **fields)  # type: ignore[arg-type]
    assert [str(p) for p in problems(info)] == [f"expected a finite number, got nan @ $.{key}"]


def test_framework_and_band_numbers_that_do_not_parse_name_their_keys() -> None:
    for key in ("max", "na_min_share"):
        with pytest.raises(ModelError) as info:
            framework(leaf("1"), **{key: "x"})
        assert [str(p) for p in problems(info)] == [f"expected a number, got 'x' @ $.{key}"]
    for key in ("gte", "gt"):
        with pytest.raises(ModelError) as info:
            Band(label="A", **{key: Decimal("NaN")})  # type: ignore[arg-type]
        assert [p.path for p in problems(info)] == [f"$.{key}"]


@pytest.mark.parametrize(("literal", "shown"), [("nan", "NaN"), ("inf", "Infinity"), ("-1", "-1")])
def test_a_bad_max_in_a_file_names_its_key(literal: str, shown: str) -> None:
    text = f"""
id = "f"
version = "1"
title = {{ vi = "F", en = "F" }}
[[criteria]]
id = "1"
label = {{ vi = "a", en = "a" }}
max = {literal}
rule = {{ type = "boolean" }}
"""
    with pytest.raises(LoadError) as info:
        loads(text, Framework, "toml", source="f.toml")
    [problem] = info.value.problems
    assert problem.path == "$.criteria[0].max"
    assert shown in problem.message


def test_a_parent_max_must_be_the_sum_of_its_children() -> None:
    with pytest.raises(ModelError) as info:
        framework(node("1", leaf("1.1"), leaf("1.2", "0.5"), maximum=2))
    assert problems(info) == [
        Problem("max 2 of '1' is not the sum of its children's maxima (1.5)", "$.criteria[0].max")
    ]


def test_the_stated_total_must_be_the_sum_of_the_domains() -> None:
    with pytest.raises(ModelError) as info:
        framework(leaf("1"), leaf("2"), max=3)
    assert problems(info) == [Problem("max 3 is not the sum of the criteria's maxima (2)", "$.max")]
    assert framework(leaf("1"), leaf("2", "0.5"), max="1.5").maximum == F(3, 2)


def test_a_parent_without_a_max_takes_its_childrens_sum() -> None:
    fw = framework(node("1", leaf("1.1", "0.25"), node("1.2", leaf("1.2.1", "0.5"))))
    assert fw.criterion("1").maximum == F(3, 4)
    assert fw.maximum == F(3, 4)


def test_labels_carry_the_frameworks_languages() -> None:
    with pytest.raises(ModelError) as info:
        framework(node("1", leaf("1.1", en="Plan")))
    assert problems(info) == [Problem("label has no text in vi", "$.criteria[0].children[0].label")]
    with pytest.raises(ModelError) as info:
        framework(leaf("1"), languages=["vi", "en", "fr"])
    assert [p.path for p in problems(info)] == ["$.title", "$.criteria[0].label"]
    assert problems(info)[0].message == "label has no text in fr"


def test_a_leaf_needs_a_rule_and_a_max_and_not_children() -> None:
    with pytest.raises(ModelError):
        Criterion(id="1", label={"en": "x"}, max=1)
    with pytest.raises(ModelError):
        Criterion(id="1", label={"en": "x"}, rule=Manual())
    with pytest.raises(ModelError) as info:
        Criterion(id="1", label={"en": "x"}, rule=Manual(), children=[leaf("1.1")])
    assert "$.rule" in [p.path for p in problems(info)]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ModelError) as info:
        framework(node("1", leaf("1.1", en="only English"), leaf("1.1")), leaf("2", en="also"))
    assert sorted(p.path for p in problems(info)) == [
        "$.criteria[0].children[0].label",
        "$.criteria[0].children[1].id",
        "$.criteria[1].label",
    ]


def test_model_objects_are_frozen(mini_framework: Framework, mini_assessment: Assessment) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        mini_framework.criteria[0].max = F(7)  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        mini_assessment.period = "2019"  # type: ignore[misc]


# -- assessment invariants ----------------------------------------------------


def test_cited_evidence_must_exist() -> None:
    finding = Finding(id="F1", kind="limitation", statement={"en": "x"}, evidence=("E1", "E8"))
    with pytest.raises(ModelError) as info:
        assessment(Response("1.1", True, evidence=("E1", "E9")), evidence=(Evidence(id="E1"),), findings=(finding,))
    assert problems(info) == [
        Problem("evidence 'E9' is not in the assessment's evidence", "$.responses[0].evidence[1]"),
        Problem("evidence 'E8' is not in the assessment's evidence", "$.findings[0].evidence[1]"),
    ]


def test_evidence_ids_and_responses_per_criterion_are_unique() -> None:
    with pytest.raises(ModelError) as info:
        assessment(Response("1.1", True), Response("1.1", False), evidence=(Evidence(id="E1"), Evidence(id="E1")))
    assert sorted(p.path for p in problems(info)) == ["$.evidence[1].id", "$.responses[1].criterion"]


def test_a_response_has_a_value_or_is_not_applicable() -> None:
    with pytest.raises(ModelError):
        Response("1.1")
    with pytest.raises(ModelError) as info:
        Response("1.1", True, not_applicable=True)
    assert problems(info)[0].path == "$.not_applicable"


def test_evidence_dates_are_dates_and_digests_are_sha256() -> None:
    assert Evidence(id="E1", date=datetime.date(2018, 8, 14)).cite() == "E1 (2018-08-14)"
    with pytest.raises(ModelError) as info:
        Evidence(id="E1", sha256="ABC")
    assert problems(info)[0].path == "$.sha256"


def test_responses_must_name_criteria_of_the_framework(mini_framework: Framework, mini_assessment: Assessment) -> None:
    bad = answered(mini_assessment, "9.9", value=True)
    index = len(bad.responses) - 1
    expected = [Problem("criterion '9.9' is not in framework 'mini'", f"$.responses[{index}].criterion")]
    assert check_assessment(mini_framework, bad) == expected
    with pytest.raises(AssessmentError) as info:
        score(mini_framework, bad)
    assert problems(info) == expected


def with_stray_finding(base: Assessment) -> Assessment:
    finding = Finding(id="F9", kind="observation", statement={"en": "x"}, criteria=("1.1", "7.7"))
    return attrs.evolve(base, findings=[*base.findings, finding])


STRAY_FINDING = [Problem("criterion '7.7' is not in framework 'mini'", "$.findings[1].criteria[1]")]


def test_findings_must_name_criteria_of_the_framework(mini_framework: Framework, mini_assessment: Assessment) -> None:
    assert check_assessment(mini_framework, with_stray_finding(mini_assessment)) == STRAY_FINDING


def test_score_refuses_findings_on_unknown_criteria(mini_framework: Framework, mini_assessment: Assessment) -> None:
    with pytest.raises(AssessmentError) as info:
        score(mini_framework, with_stray_finding(mini_assessment))
    assert problems(info) == STRAY_FINDING


def test_not_applicable_only_where_the_rule_allows_it(mini_framework: Framework, mini_assessment: Assessment) -> None:
    bad = answered(mini_assessment, "1.1", not_applicable=True)
    [problem] = check_assessment(mini_framework, bad)
    assert problem.path == f"$.responses[{len(bad.responses) - 1}].not_applicable"
    assert "'1.1'" in problem.message


def test_a_value_of_the_wrong_kind_names_the_criterion(mini_framework: Framework, mini_assessment: Assessment) -> None:
    bad = answered(mini_assessment, "1.1", value=7)
    [problem] = check_assessment(mini_framework, bad)
    assert problem.path == f"$.responses[{len(bad.responses) - 1}].value"
    assert "'1.1'" in problem.message
    assert "expected true or false, got 7" in problem.message


def test_the_assessment_must_answer_this_framework(mini_framework: Framework, mini_assessment: Assessment) -> None:
    other = attrs.evolve(mini_assessment, framework=FrameworkRef("other", "1"))
    assert [p.path for p in check_assessment(mini_framework, other)] == ["$.framework.id"]


# -- scoring ------------------------------------------------------------------

EXPECTED_LEAVES = {
    "1.1": F(1),
    "1.2": None,  # not applicable
    "1.3": F(1),
    "1.4": F(6, 5),
    "2.1": F(1),
    "2.2": F(19, 10),
    "2.3": F(1),
    "2.4": F(1, 2),
    "2.5": F(0),  # no response
    "2.6": F(9, 5),
    "2.7": F(3, 4),
}


def test_leaves_score_as_worked_out_by_hand(mini_framework: Framework, mini_assessment: Assessment) -> None:
    card = score(mini_framework, mini_assessment)
    assert {t.criterion: t.points for t in card.traces()} == EXPECTED_LEAVES


def test_points_add_up_and_not_applicable_leaves_leave_the_applicable_maximum(
    mini_framework: Framework, mini_assessment: Assessment
) -> None:
    card = score(mini_framework, mini_assessment)
    one, two = card.node("1"), card.node("2")
    assert (one.points, one.maximum, one.applicable_maximum) == (F(16, 5), 6, 5)
    assert (two.points, two.maximum, two.applicable_maximum) == (F(139, 20), 9, 9)
    assert (card.total.points, card.total.maximum, card.total.applicable_maximum) == (F(203, 20), 15, 14)
    assert card.total.index == F(145, 2)  # 10.15 / 14 x 100 = 72.5 exactly
    assert card.band is not None
    assert card.band.label == "B"


def test_the_index_of_every_node_is_its_points_over_its_applicable_maximum(
    mini_framework: Framework, mini_assessment: Assessment
) -> None:
    card = score(mini_framework, mini_assessment)
    for scored in [card.total, *card.nodes()]:
        leaves = [n.trace for n in scored.walk() if n.trace is not None]
        points = sum((t.points for t in leaves if t.points is not None), F(0))
        applicable = sum((t.maximum for t in leaves if t.status != "not-applicable"), F(0))
        assert scored.points == points
        assert scored.applicable_maximum == applicable
        assert scored.index == (None if applicable == 0 else points / applicable * 100)


def test_a_not_applicable_leaf_keeps_its_maximum_but_has_no_index(
    mini_framework: Framework, mini_assessment: Assessment
) -> None:
    na = score(mini_framework, mini_assessment).node("1.2")
    assert (na.points, na.maximum, na.applicable_maximum, na.index) == (0, 1, 0, None)
    assert na.trace is not None
    assert na.trace.status == "not-applicable"


@pytest.mark.parametrize(
    ("criterion", "value"),
    [("2.1", {"numerator": 0, "denominator": 0}), ("2.6", {"A": 0, "B": 0, "C": 0, "D": 0})],
)
def test_rules_that_find_nothing_to_score_make_the_leaf_not_applicable(
    mini_framework: Framework, mini_assessment: Assessment, criterion: str, value: object
) -> None:
    card = score(mini_framework, answered(mini_assessment, criterion, value=value))
    assert card.node(criterion).applicable_maximum == 0
    assert card.node("2").applicable_maximum == 9 - mini_framework.criterion(criterion).maximum


def test_a_missing_response_scores_zero_and_is_reported(mini_framework: Framework, mini_assessment: Assessment) -> None:
    card = score(mini_framework, mini_assessment)
    missing = card.node("2.5")
    assert (missing.points, missing.applicable_maximum) == (0, 1)
    assert missing.trace is not None
    assert missing.trace.status == "missing"
    assert missing.trace.text() == "2.5 Discipline breaches: no response -> 0 of 1"
    assert "No response (scored 0): 2.5" in scorecard_text(card)


def test_a_trace_says_rule_input_band_points_and_evidence(
    mini_framework: Framework, mini_assessment: Assessment
) -> None:
    card = score(mini_framework, answered(mini_assessment, "1.3", value=100, evidence=("E7",)))
    trace = card.node("1.3").trace
    assert trace is not None
    assert (trace.rule, trace.input, trace.evidence) == ("bands", "100%", ("E7",))
    assert trace.text() == "1.3 On-time rate: 100% >= 100% -> 2 of 2 [E7]"
    assert trace.text("vi") == "1.3 Hồ sơ đúng hạn: 100% >= 100% -> 2 of 2 [E7]"


def test_lost_points_list_the_biggest_losses_first(mini_framework: Framework, mini_assessment: Assessment) -> None:
    lost = score(mini_framework, mini_assessment).lost_points()
    shortfalls = [t.maximum - t.points for t in lost if t.points is not None]
    assert shortfalls == sorted(shortfalls, reverse=True)
    assert [t.criterion for t in lost][:2] == ["1.3", "2.5"]
    assert "1.1" not in [t.criterion for t in lost]
