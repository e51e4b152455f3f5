"""
The bundled ``caf-2020`` framework (the EU Common Assessment Framework with the classical
panel) and its worked example, checked against a hand computation.

The structure (9 criteria, 28 sub-criteria split 4, 4, 3, 6, 3, 2, 2, 2, 2; enablers 1-5,
results 6-9) is from the CAF 2020 guideline and the CAF network's criteria pages, as
summarised in the project's scoring reference (section 3).
"""

from __future__ import annotations

from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import Assessment, Response, examples, frameworks, score
from parlib.errors import AssessmentError
from parlib.rules import Panel

SPLIT = (4, 4, 3, 6, 3, 2, 2, 2, 2)

# The worked example's consensus scores, typed in by hand from caf-2020-example.toml.
EXAMPLE = {
    "1": (65, 55, 48, 60),
    "2": (45, 52, 40, 30),
    "3": (50, 58, 35),
    "4": (62, 40, 70, 45, 55, 66),
    "5": (50, 72, 38),
    "6": (60, 75),
    "7": (25, 45),
    "8": (20, 30),
    "9": (64, 52),
}


def test_caf_2020_is_bundled() -> None:
    assert "caf-2020" in frameworks.ids()
    fw = frameworks.get("caf-2020")
    assert (fw.id, fw.version, fw.aggregation.type, fw.na_policy) == ("caf-2020", "2020", "weighted-mean", "exclude")


def test_nine_criteria_and_28_sub_criteria() -> None:
    fw = frameworks.get("caf-2020")
    assert [c.id for c in fw.criteria] == [str(i) for i in range(1, 10)]
    assert tuple(len(c.children) for c in fw.criteria) == SPLIT
    assert sum(1 for _ in fw.leaves()) == 28
    for crit in fw.criteria:
        assert [s.id for s in crit.children] == [f"{crit.id}.{j}" for j in range(1, len(crit.children) + 1)]
        assert all(s.is_leaf and s.max == 100 for s in crit.children)
        assert fw.maximum_of(crit) == 100
    assert fw.maximum == 100


def test_enablers_1_to_5_and_results_6_to_9() -> None:
    fw = frameworks.get("caf-2020")
    for crit in fw.criteria:
        kind = "enablers" if int(crit.id) <= 5 else "results"
        for sub in crit.children:
            assert isinstance(sub.rule, Panel)
            assert sub.rule.kind == kind, sub.id


def test_labels_in_both_languages() -> None:
    fw = frameworks.get("caf-2020")
    names = [c.label.get("en") for c in fw.criteria]
    assert names[:5] == ["Leadership", "Strategy and planning", "People", "Partnerships and resources", "Processes"]
    assert all(name.endswith("results") for name in names[5:])
    for crit in fw.walk():
        assert crit.label.get("en").strip()
        assert crit.label.get("vi").strip()


def test_the_worked_example_equals_a_hand_computation() -> None:
    a = examples.assessment("caf-2020-example")
    fw = examples.framework("caf-2020-example")
    assert fw.id == "caf-2020"
    given_values = {r.criterion: r.value for r in a.responses}
    assert given_values == {f"{c}.{j}": Fraction(v) for c, vs in EXAMPLE.items() for j, v in enumerate(vs, 1)}
    card = score(fw, a)
    means = {c: Fraction(sum(vs), len(vs)) for c, vs in EXAMPLE.items()}
    for cid, mean in means.items():
        node = card.node(cid)
        assert (node.points, node.maximum, node.applicable_maximum, node.index) == (mean, 100, 100, mean)
    total = sum(means.values(), Fraction(0)) / 9
    assert total == Fraction(5299, 108)
    assert (card.total.points, card.total.index) == (total, total)
    assert card.rounding.format(card.total.index) == "49.1"
    assert card.node("4").points == Fraction(169, 3)


def test_the_worked_example_traces_use_the_panel_wording() -> None:
    card = score(examples.framework("caf-2020-example"), examples.assessment("caf-2020-example"))
    assert card.node("1.1").trace is not None
    assert card.node("1.1").trace.detail == "65 in 51-70 (Plan, Do and Check) -> 65"
    assert card.node("6.2").trace is not None
    assert card.node("6.2").trace.detail == "75 in 71-90 (all targets met or a strong positive trend) -> 75"
    assert card.node("8.1").trace is not None
    assert card.node("8.1").trace.detail == "20 in 11-30 (targets not met or a negative trend) -> 20"


@given(st.lists(st.integers(0, 100), min_size=28, max_size=28))
def test_any_consensus_scores_average_twice(values: list[int]) -> None:
    fw = frameworks.get("caf-2020")
    a = examples.assessment("caf-2020-example")
    ids = [leaf.id for leaf in fw.leaves()]
    card = score(fw, attrs.evolve(a, responses=[Response(i, v) for i, v in zip(ids, values, strict=True)]))
    it = iter(values)
    means = [Fraction(sum(next(it) for _ in range(n)), n) for n in SPLIT]
    assert card.total.points == sum(means, Fraction(0)) / 9


def test_an_unassessed_sub_criterion_may_be_not_applicable_only_by_choice() -> None:
    a = examples.assessment("caf-2020-example")
    responses = [Response("9.2", not_applicable=True) if r.criterion == "9.2" else r for r in a.responses]
    with pytest.raises(AssessmentError, match=r"criterion '9\.2' does not allow not applicable"):
        score(frameworks.get("caf-2020"), attrs.evolve(a, responses=responses))


def test_a_panel_score_that_is_not_a_whole_number_is_rejected() -> None:
    a: Assessment = examples.assessment("caf-2020-example")
    responses = [Response("3.2", "57.5") if r.criterion == "3.2" else r for r in a.responses]
    with pytest.raises(AssessmentError) as info:
        score(frameworks.get("caf-2020"), attrs.evolve(a, responses=responses))
    [problem] = info.value.problems
    assert problem.message == "criterion '3.2' (panel): a panel score is a whole number from 0 to 100, got 57.5"
    assert problem.path == "$.responses[9].value"
