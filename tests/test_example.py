"""
The bundled example: the framework ``vn-par-department-example`` and the 2018
assessment of a provincial Department of Labour, Invalids and Social Affairs,
checked against issue 2 and against the facts of the inspection report it models
(a press report of 12-9-2018 on inspection team 1228).
"""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest

from parlib import Assessment, Finding, Framework, ScoreCard, check_assessment, examples, frameworks, score

F = Fraction
RULE_TYPES = {"boolean", "bands", "linear", "ratio", "count", "deduction", "likert", "manual"}


@pytest.fixture(scope="module")
def fw() -> Framework:
    return examples.framework()


@pytest.fixture(scope="module")
def assessment() -> Assessment:
    return examples.assessment()


@pytest.fixture(scope="module")
def card(fw: Framework, assessment: Assessment) -> ScoreCard:
    return score(fw, assessment)


def finding_about(assessment: Assessment, text: str) -> Finding:
    return next(f for f in assessment.findings if text in f.statement.get("en"))


# -- the framework ------------------------------------------------------------


def test_the_framework_is_marked_as_an_example_not_an_official_decision(fw: Framework) -> None:
    assert fw.id == "vn-par-department-example"
    assert fw.status == "example"
    assert "not an official decision" in fw.note.lower()
    assert fw is frameworks.get("vn-par-department-example")
    assert ("vn-par-department-example", "example") in [(e.id, e.status) for e in frameworks.catalog()]


def test_eight_domains_with_the_national_index_maxima(fw: Framework) -> None:
    assert len(fw.criteria) == 8
    assert [c.maximum for c in fw.criteria] == [10, 10, F(29, 2), 11, 16, 7, 16, F(31, 2)]
    assert fw.maximum == 100


def test_at_least_thirty_leaves_using_every_rule_type(fw: Framework) -> None:
    leaves = list(fw.leaves())
    assert len(leaves) >= 30
    assert {leaf.rule.type for leaf in leaves if leaf.rule is not None} >= RULE_TYPES


def test_every_label_is_in_vietnamese_and_english(fw: Framework) -> None:
    assert {"vi", "en"} <= set(fw.languages)
    labels = [fw.title, *(c.label for c in fw.walk())]
    assert all({"vi", "en"} <= set(label.languages) for label in labels)
    assert fw.criterion("4.2.2").label.get("vi").startswith("Đề án vị trí việc làm")


# -- the assessment -----------------------------------------------------------


def test_the_assessment_fits_its_framework_and_answers_every_leaf(fw: Framework, assessment: Assessment) -> None:
    assert check_assessment(fw, assessment) == []
    assert (assessment.framework.id, assessment.framework.version) == (fw.id, fw.version)
    assert [leaf.id for leaf in fw.leaves() if assessment.response(leaf.id) is None] == []
    assert assessment.subject.name.get("en") == "Department of Labour, Invalids and Social Affairs"
    assert assessment.period == "2018"


def test_the_evidence_includes_plan_6769_and_the_idesk_and_igate_systems(assessment: Assessment) -> None:
    plan = next(e for e in assessment.evidence if e.reference == "6769/KH-UBND")
    assert plan.date == datetime.date(2018, 8, 14)
    assert plan.kind == "document"
    titles = " ".join(e.title for e in assessment.evidence)
    assert "iDesk" in titles
    assert "iGate" in titles


def test_all_files_were_resolved_on_time(card: ScoreCard) -> None:
    on_time = card.node("3.3.3")
    assert "on time" in on_time.label.get("en")
    assert on_time.points == on_time.maximum == 2
    assert on_time.trace is not None
    assert on_time.trace.text() == (
        "3.3.3 Share of administrative-procedure files resolved on time: 1200/1200 = 100% >= 100% -> 2 of 2 [E4, E3]"
    )


def test_about_thirty_percent_of_paper_was_replaced(fw: Framework, assessment: Assessment, card: ScoreCard) -> None:
    assert "paper" in fw.criterion("7.1.3").label.get("en")
    assert assessment.response("7.1.3") is not None
    assert assessment.response("7.1.3").value == 30  # type: ignore[union-attr]
    assert card.node("7.1.3").points == F(9, 20)  # 30% of 1.5, exactly


def test_the_limitations_are_findings_on_their_criteria(assessment: Assessment) -> None:
    jobs = finding_about(assessment, "job-position scheme")
    assert (jobs.kind, jobs.criteria) == ("limitation", ("4.2.2",))
    training = finding_about(assessment, "training plans for 2017 and 2018")
    assert (training.kind, training.criteria) == ("limitation", ("5.2.1",))
    iso = finding_about(assessment, "ISO 9001:2008")
    assert iso.kind == "limitation"
    assert set(iso.criteria) <= {"7.4.1", "7.4.2", "7.4.3"}


def test_the_recommendations_of_the_inspection_are_recorded(assessment: Assessment) -> None:
    actions = [(r.action.get("en"), r) for f in assessment.findings for r in f.recommendations]
    texts = " | ".join(text for text, _ in actions)
    for fact in ("initiatives", "iGate", "level 3 and 4", "ISO 9001:2008", "6769/KH-UBND"):
        assert fact in texts, fact
    assert all(r.owner and r.due is not None and r.status == "open" for _, r in actions)
    assert all(r.action.get("vi") != r.action.get("en") for _, r in actions)


# -- the demo's numbers -------------------------------------------------------


def test_the_demo_shows_where_the_department_lost_points(card: ScoreCard) -> None:
    lost = {t.criterion: t for t in card.lost_points()}
    assert lost["4.2.2"].points == 0
    assert lost["4.2.2"].text() == (
        "4.2.2 Job-position scheme of the subordinate public service units drawn up and approved: no -> 0 of 2 [E4]"
    )
    assert lost["5.2.1"].points == 0
    assert {"7.4.2", "7.4.3"} <= set(lost)
    assert "3.3.3" not in lost


def test_the_demo_numbers_add_up_at_every_node(card: ScoreCard) -> None:
    for node in [card.total, *card.nodes()]:
        leaves = [n.trace for n in node.walk() if n.trace is not None]
        assert node.points == sum((t.points for t in leaves if t.points is not None), F(0))
        applicable = sum((t.maximum for t in leaves if t.status == "scored"), F(0))
        assert node.applicable_maximum == applicable
        assert node.index == (None if applicable == 0 else node.points / applicable * 100)
    assert card.total.maximum == 100
    assert card.total.applicable_maximum == F(199, 2)  # 1.3.3 (0.5) is not applicable
