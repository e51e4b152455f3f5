"""
Bonus and penalty sections (điểm thưởng / điểm phạt): points beside the normal maximum,
capped by the section's own max; the final points never fall below 0; the band classifies
the final index.
"""

from __future__ import annotations

from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import Assessment, Framework, score
from parlib.errors import AssessmentError, LoadError
from parlib.io import loads

FRAMEWORK = """
id = "sections"
version = "1"
title = { en = "With sections" }
languages = ["en"]

[[bands]]
label = "A"
gte = 90
[[bands]]
label = "B"
gte = 70
[[bands]]
label = "C"
gte = 0

[[criteria]]
id = "1"
label = { en = "Work" }
max = 6
rule = { type = "manual" }

[[criteria]]
id = "2"
label = { en = "Reports" }
max = 4
rule = { type = "manual", allow_na = true }

[[criteria]]
id = "B"
label = { en = "Bonus: initiatives" }
role = "bonus"

[[criteria.children]]
id = "B.1"
label = { en = "Initiative recognised" }
max = 1
rule = { type = "severity", tiers = { excellent = 100, good = 75, complete = 50, none = 0 }, allow_na = true }

[[criteria.children]]
id = "B.2"
label = { en = "Award" }
max = 0.5
rule = { type = "boolean" }

[[criteria]]
id = "P"
label = { en = "Penalty: violations" }
role = "penalty"
max = 20
rule = { type = "count", per_item = 5 }
"""


def framework() -> Framework:
    return loads(FRAMEWORK, Framework, source="sections.toml")


def assessment(**values: object) -> Assessment:
    body = 'framework = { id = "sections" }\nperiod = "2024"\nsubject = { id = "u", name = { en = "U" } }\n'
    for key, value in values.items():
        criterion = key.replace("_", ".")
        line = "not_applicable = true" if value is None else f"value = {value}"
        body += f'[[responses]]\ncriterion = "{criterion}"\n{line}\n'
    return loads(body, Assessment, source="a.toml")


def test_sections_sit_beside_the_normal_maximum() -> None:
    fw = framework()
    card = score(fw, assessment(**{"1": 5, "2": 2, "B_1": '"good"', "B_2": "true", "P": 0}))
    assert fw.maximum == 10  # the normal criteria only
    assert (card.total.points, card.total.maximum, card.total.applicable_maximum) == (7, 10, 10)
    assert card.bonus == Fraction(3, 4) + Fraction(1, 2)
    assert card.penalty == 0
    assert card.final_points == Fraction(33, 4)
    assert card.final_index == Fraction(165, 2)
    assert card.domains == ("1", "2")
    assert card.roles == (("B", "bonus"), ("P", "penalty"))
    assert [s.id for s in card.sections] == ["B", "P"]
    assert card.node("B").maximum == Fraction(3, 2)
    assert {n.id for n in card.nodes()} >= {"B", "B.1", "B.2", "P"}


def test_without_sections_the_final_score_is_the_total() -> None:
    fw = attrs.evolve(framework(), criteria=framework().criteria[:2])
    card = score(fw, assessment(**{"1": 5, "2": 2}))
    assert (card.bonus, card.penalty) == (0, 0)
    assert card.final_points == card.total.points
    assert card.final_index == card.total.index


def test_the_final_points_never_fall_below_zero() -> None:
    card = score(framework(), assessment(**{"1": 2, "2": 1, "P": 3}))
    assert card.penalty == 15
    assert card.final_points == 0
    assert card.final_index == 0
    assert card.band is not None
    assert card.band.label == "C"


def test_the_band_classifies_the_final_index() -> None:
    values = {"1": 6, "2": "0.5", "B_1": '"excellent"', "B_2": "true"}
    card = score(framework(), assessment(**values))
    assert card.total.index == 65
    assert card.final_index == 80
    assert card.band is not None
    assert card.band.label == "B"  # by the total alone it would be C
    card = score(framework(), assessment(**values, P=1))
    assert card.final_index == 30
    assert card.band is not None
    assert card.band.label == "C"


def test_the_final_index_is_over_the_applicable_maximum() -> None:
    card = score(framework(), assessment(**{"1": 3, "2": None, "B_2": "true"}))
    assert card.total.applicable_maximum == 6
    assert card.final_index == Fraction(7, 2) / 6 * 100


def test_nothing_applicable_has_no_final_index() -> None:
    fw = framework()
    only_na = attrs.evolve(fw, criteria=[fw.criterion("2"), fw.criterion("B")])
    card = score(only_na, assessment(**{"2": None, "B_2": "true"}))
    assert card.final_index is None
    assert card.band is None


def test_a_not_applicable_bonus_adds_nothing() -> None:
    card = score(framework(), assessment(**{"1": 6, "2": 4, "B_1": None}))
    assert card.node("B").points == 0
    assert card.bonus == 0
    assert card.final_points == 10


@given(
    work=st.integers(0, 6),
    reports=st.integers(0, 4),
    tier=st.sampled_from(["excellent", "good", "complete", "none"]),
    award=st.booleans(),
    violations=st.integers(0, 10),
)
def test_sections_are_capped_and_the_final_score_adds_up(
    work: int, reports: int, tier: str, award: bool, violations: int
) -> None:
    values = {"1": work, "2": reports, "B_1": f'"{tier}"', "B_2": str(award).lower(), "P": violations}
    card = score(framework(), assessment(**values))
    assert 0 <= card.bonus <= framework().maximum_of(framework().criterion("B")) == Fraction(3, 2)
    assert 0 <= card.penalty <= 20
    assert card.penalty == min(20, 5 * violations)
    assert card.total.maximum == 10
    assert card.final_points == max(0, work + reports + card.bonus - card.penalty)
    assert card.final_index == card.final_points * 10


def test_a_section_value_over_its_max_is_an_error() -> None:
    with pytest.raises(AssessmentError) as info:
        score(framework(), assessment(B_1='"outstanding"'))
    [problem] = info.value.problems
    assert (
        problem.message
        == "criterion 'B.1' (severity): unknown tier 'outstanding'; known: excellent, good, complete, none"
    )
    assert problem.path == "$.responses[0].value"


HEAD = 'id = "f"\nversion = "1"\ntitle = { en = "F" }\nlanguages = ["en"]\n'
LEAF = '[[criteria]]\nid = "a"\nlabel = { en = "A" }\nmax = 1\nrule = { type = "manual" }\n'


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            HEAD + '[[criteria]]\nid = "p"\nlabel = { en = "P" }\n[[criteria.children]]\nid = "b"\n'
            'label = { en = "B" }\nmax = 1\nrule = { type = "manual" }\nrole = "bonus"\n',
            "bad.toml: a bonus section must be a top-level criterion @ $.criteria[0].children[0].role",
        ),
        (
            HEAD + 'aggregation = "weighted-mean"\n' + LEAF + '[[criteria]]\nid = "b"\nlabel = { en = "B" }\n'
            'max = 1\nrule = { type = "manual" }\nrole = "bonus"\n',
            "bad.toml: a bonus section needs an additive framework @ $.criteria[1].role",
        ),
        (
            HEAD + 'aggregation = "minimum"\n' + LEAF + '[[criteria]]\nid = "b"\nlabel = { en = "B" }\n'
            'max = 1\nrule = { type = "manual" }\nrole = "penalty"\n',
            "bad.toml: a penalty section needs an additive framework @ $.criteria[1].role",
        ),
        (
            HEAD + LEAF + '[[criteria]]\nid = "b"\nlabel = { en = "B" }\nmax = 1\nrule = { type = "manual" }\n'
            'role = "extra"\n',
            "bad.toml: must be one of normal, bonus, penalty, got 'extra' @ $.criteria[1].role",
        ),
        (
            HEAD + LEAF + '[[criteria]]\nid = "b"\nlabel = { en = "B" }\nmax = 1\nrole = "bonus"\n'
            '[[criteria.children]]\nid = "b.1"\nlabel = { en = "B1" }\nmax = 2\nrule = { type = "manual" }\n',
            "bad.toml: max 1 of 'b' is not the sum of its children's maxima (2) @ $.criteria[1].max",
        ),
        (
            HEAD + "max = 2\n" + LEAF + '[[criteria]]\nid = "b"\nlabel = { en = "B" }\nmax = 1\n'
            'rule = { type = "manual" }\nrole = "bonus"\n',
            "bad.toml: max 2 is not the sum of the criteria's maxima (1) @ $.max",
        ),
    ],
)
def test_bad_sections_in_a_file(text: str, line: str) -> None:
    with pytest.raises(LoadError) as info:
        loads(text, Framework, source="bad.toml")
    assert str(info.value) == line
