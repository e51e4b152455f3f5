"""
Differences between layers and the side-by-side view: points and index changes per
criterion and domain, the adjustments' reasons, bonus and penalty kept apart.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import AssessmentError, examples, score
from parlib.assessment import Assessment
from parlib.framework import Framework
from parlib.io import load_assessment, load_framework
from parlib.report import layers_data, layers_text
from parlib.workflow import diff_data, diff_layers, diff_text, score_layers

F = Fraction
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(DATA / "mini-inspection.toml")


@pytest.fixture(scope="module")
def inspection() -> Assessment:
    return load_assessment(DATA / "mini-inspection-2018.toml")


def test_the_diff_gives_every_node_in_both_layers_with_the_reasons_in_between(
    fw: Framework, inspection: Assessment
) -> None:
    d = diff_layers(fw, inspection, "self", "appraisal-2")
    jobs = d.node("1.1")
    assert (jobs.before.points, jobs.after.points, jobs.points_change, jobs.index_change) == (2, 0, -2, -100)
    assert [(r.layer, r.author, r.adjustment.change()) for r in jobs.reasons] == [
        ("appraisal-1", "Đoàn kiểm tra", "true -> false")
    ]
    tasks = d.node("1.3")
    assert [(r.layer, r.adjustment.change()) for r in tasks.reasons] == [
        ("appraisal-1", "0 -> 3"),
        ("explanation", "3 -> 2"),
    ]
    assert tasks.points_change == F(-1, 2)
    bonus = d.node("B.1")
    assert [r.author for r in bonus.reasons] == ["Hội đồng sáng kiến"]  # the adjustment's own author
    assert d.node("1").points_change == F(-7, 2)
    assert [n.id for n in d.changed()] == ["1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "B", "B.1"]


def test_reasons_come_only_from_the_layers_between(fw: Framework, inspection: Assessment) -> None:
    d = diff_layers(fw, inspection, "explanation", "appraisal-2")
    assert [r.layer for n in d.nodes for r in n.reasons] == ["appraisal-2"]
    assert d.node("1.1").reasons == ()
    survey = diff_layers(fw, inspection, "appraisal-2", "final")
    assert survey.node("3.1").answered == ("survey",)
    assert survey.node("3.1").reasons == ()


def test_bonus_and_penalty_stay_apart_from_the_normal_total_in_every_layer(
    fw: Framework, inspection: Assessment
) -> None:
    cards = score_layers(fw, inspection)
    for card in cards.values():
        assert card.total.maximum == 10  # the bonus section is outside the normal maximum
        assert card.final_points == card.total.points + card.bonus - card.penalty
    d = diff_layers(fw, inspection, "self", "final")
    assert (d.before.bonus, d.after.bonus) == (1, F(1, 2))
    text = diff_text(d)
    assert "Bonus" in text
    assert "Final" in text
    data = diff_data(d)
    assert str(data["total"]["before"]["bonus"]) == "1.00"
    assert str(data["total"]["after"]["final_points"]) == "3.99"


def test_the_diff_text_lists_domains_totals_and_changed_criteria_with_reasons(
    fw: Framework, inspection: Assessment
) -> None:
    text = diff_text(diff_layers(fw, inspection))
    lines = text.splitlines()
    assert lines[0] == "Layer self -> final: Department X [so-x], period 2018"
    assert lines[2].split() == ["domain", "self", "final", "change", "index", "before", "index", "after"]
    total = next(line for line in lines if line.startswith("Total"))
    assert total.split() == ["Total", "6.40", "3.49", "-2.91", "64.00", "34.88"]
    assert "Band: B -> B" in lines
    assert "  1.1 Job-position scheme of the public service units: 2 -> 0 (-2.00)" in lines
    assert any("appraisal-1, Đoàn kiểm tra, 2018-09-12 10:30: true -> false: No job-position" in line for line in lines)
    assert "      answered in layer survey (a first answer, not an adjustment)" in lines


def test_the_side_by_side_view_shows_self_appraised_and_final(fw: Framework, inspection: Assessment) -> None:
    cards = list(score_layers(fw, inspection, ("self", "appraisal-2", "final")).items())
    text = layers_text(cards)
    rows = {line.split("  ")[0]: line.split() for line in text.splitlines()[2:]}
    assert rows["domain"] == ["domain", "self", "appraisal-2", "final", "change"]
    assert rows["Total"][1:] == ["6.40", "1.10", "3.49", "-2.91"]
    assert rows["Bonus"][1:] == ["1.00", "0.50", "0.50", "-0.50"]
    assert rows["Final points"][2:] == ["7.40", "1.60", "3.99", "-3.41"]
    assert rows["Band"][1:] == ["B", "B", "B"]
    data = layers_data(cards)
    assert [str(v) for v in data["totals"]["total"]] == ["6.40", "1.10", "3.49"]
    assert data["bands"] == ["B", "B", "B"]


def test_the_bundled_story_loses_points_on_appraisal_and_gains_them_by_survey() -> None:
    d = diff_layers(examples.framework(), examples.inspection(), "self", "final")
    assert d.before.total.points == F(3351, 40)
    assert d.after.total.points == F(82591, 1000)
    assert {n.id for n in d.changed() if n.reasons} == {
        "1.5.1",
        "1.5.2",
        "1.6",
        "3.3.4",
        "4.2.2",
        "5.2.1",
        "7.3.1",
        "7.4.2",
        "7.4.3",
        "8.3",
    }
    assert {n.id for n in d.changed() if n.answered == ("survey",)} == {"8.1.1", "8.1.2", "8.2"}


def test_a_diff_needs_layers(fw: Framework, inspection: Assessment) -> None:
    with pytest.raises(AssessmentError, match="no layers, only responses"):
        diff_layers(fw, inspection.flatten())
    with pytest.raises(AssessmentError, match="not a layer of framework"):
        diff_layers(fw, inspection, "self", "published")


@given(
    st.sampled_from(["self", "appraisal-1", "explanation", "appraisal-2", "survey", "final"]),
    st.sampled_from(["self", "appraisal-1", "explanation", "appraisal-2", "survey", "final"]),
)
def test_a_diff_agrees_with_scoring_both_layers_and_is_antisymmetric(before: str, after: str) -> None:
    fw = load_framework(DATA / "mini-inspection.toml")
    inspection = load_assessment(DATA / "mini-inspection-2018.toml")
    forward, backward = diff_layers(fw, inspection, before, after), diff_layers(fw, inspection, after, before)
    assert forward.before == score(fw, inspection, layer=before)
    assert forward.after == score(fw, inspection, layer=after)
    for there, back in zip(forward.nodes, backward.nodes, strict=True):
        assert there.points_change == -back.points_change
        assert [r.adjustment for r in there.reasons] == [r.adjustment for r in back.reasons]
