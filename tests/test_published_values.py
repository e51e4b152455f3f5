"""
Responses to inner criteria: a published value (the node's points, standing for its
sub-criteria) or "not applicable" for a whole branch where the node allows it.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import Assessment, Framework, Response, check_assessment, score
from parlib.errors import AssessmentError, ScoringError
from parlib.io import loads

FRAMEWORK = """
id = "papi-like"
version = "1"
title = { en = "Dimensions" }
languages = ["en"]

[[criteria]]
id = "d1"
label = { en = "Participation" }
allow_na = true

[[criteria.children]]
id = "d1.1"
label = { en = "Civic knowledge" }
max = 2
rule = { type = "manual" }

[[criteria.children]]
id = "d1.2"
label = { en = "Opportunities" }
max = 3
rule = { type = "manual" }

[[criteria]]
id = "d2"
label = { en = "Transparency" }

[[criteria.children]]
id = "d2.1"
label = { en = "Lists of poor households" }
max = 5
rule = { type = "manual" }

[[criteria]]
id = "d3"
label = { en = "Services" }
aggregation = "weighted-mean"
max = 10

[[criteria.children]]
id = "d3.1"
label = { en = "Health" }
max = 1
rule = { type = "boolean" }

[[criteria.children]]
id = "d3.2"
label = { en = "Schools" }
max = 1
rule = { type = "boolean" }
"""


def framework() -> Framework:
    return loads(FRAMEWORK, Framework, source="papi-like.toml")


def assessment(body: str) -> Assessment:
    head = 'framework = { id = "papi-like" }\nperiod = "2024"\nsubject = { id = "p", name = { en = "P" } }\n'
    return loads(head + body, Assessment, source="a.toml")


def response(criterion: str, value: str) -> str:
    return f'[[responses]]\ncriterion = "{criterion}"\n{value}\n'


def test_a_published_value_replaces_the_children() -> None:
    a = assessment(response("d1", "value = 3.75") + response("d2.1", "value = 4") + response("d3.1", "value = true"))
    card = score(framework(), a)
    node = card.node("d1")
    assert (node.points, node.maximum, node.applicable_maximum) == (Fraction(15, 4), 5, 5)
    assert node.children == ()
    assert node.detail == "published value"
    assert node.trace is not None
    assert node.trace.rule == "published"
    assert node.trace.detail == "published value 3.75 -> 3.75"
    # the sub-criteria are not scored, not even as missing
    assert all(t.criterion not in ("d1.1", "d1.2") for t in card.traces())
    assert card.total.points == Fraction(15, 4) + 4 + 5


@given(st.integers(0, 500).map(lambda n: Fraction(n, 100)))
def test_a_published_value_counts_as_the_node_points(value: Fraction) -> None:
    a = assessment(response("d1", f'value = "{value}"'))
    card = score(framework(), a)
    assert card.node("d1").points == value
    assert card.total.points == value  # the rest scores 0 (no responses)


def test_under_a_mean_a_published_value_is_out_of_the_stated_max() -> None:
    card = score(framework(), assessment(response("d3", "value = 7.5")))
    assert card.node("d3").points == Fraction(15, 2)
    assert card.node("d3").index == 75


@pytest.mark.parametrize(
    ("criterion", "value", "message"),
    [
        ("d1", "value = 5.01", "published value 5.01 of 'd1' lies outside [0, 5]"),
        ("d1", "value = -1", "published value -1 of 'd1' lies outside [0, 5]"),
        ("d3", "value = 11", "published value 11 of 'd3' lies outside [0, 10]"),
        ("d2", "value = true", "criterion 'd2' has sub-criteria: its value is a published number of points, got True"),
        (
            "d2",
            'value = "high"',
            "criterion 'd2' has sub-criteria: its value is a published number of points, got 'high'",
        ),
    ],
)
def test_a_published_value_out_of_range_is_an_error_with_its_path(criterion: str, value: str, message: str) -> None:
    a = assessment(response("d2.1", "value = 1") + response(criterion, value))
    with pytest.raises(AssessmentError) as info:
        score(framework(), a)
    [problem] = info.value.problems
    assert problem.message == message
    assert problem.path == "$.responses[1].value"
    assert check_assessment(framework(), a) == list(info.value.problems)


def test_a_published_value_with_responses_below_it_is_an_error() -> None:
    a = assessment(response("d1.2", "value = 1") + response("d1", "value = 2") + response("d1.1", "value = 1"))
    with pytest.raises(AssessmentError) as info:
        score(framework(), a)
    assert sorted((p.path, p.message) for p in info.value.problems) == [
        (
            "$.responses[0].criterion",
            "criterion 'd1' already stands for its sub-criteria; drop the response for 'd1.2'",
        ),
        (
            "$.responses[2].criterion",
            "criterion 'd1' already stands for its sub-criteria; drop the response for 'd1.1'",
        ),
    ]


def test_na_on_an_inner_node_needs_allow_na() -> None:
    a = assessment(response("d2", "not_applicable = true"))
    with pytest.raises(AssessmentError) as info:
        score(framework(), a)
    [problem] = info.value.problems
    assert problem.message == "criterion 'd2' does not allow not applicable"
    assert problem.path == "$.responses[0].not_applicable"


def test_na_on_an_inner_node_that_allows_it_drops_the_branch() -> None:
    a = assessment(response("d1", "not_applicable = true") + response("d2.1", "value = 5"))
    card = score(framework(), a)
    assert card.node("d1").not_applicable
    assert card.node("d1").detail == "not applicable"
    assert (card.total.points, card.total.maximum, card.total.applicable_maximum) == (5, 20, 15)


def test_na_on_an_inner_node_with_responses_below_it_is_an_error() -> None:
    a = assessment(response("d1", "not_applicable = true") + response("d1.1", "value = 1"))
    with pytest.raises(AssessmentError) as info:
        score(framework(), a)
    [problem] = info.value.problems
    assert problem.message == "criterion 'd1' already stands for its sub-criteria; drop the response for 'd1.1'"
    assert problem.path == "$.responses[1].criterion"


def test_a_published_zero_under_a_geometric_mean_is_an_error_naming_the_parent() -> None:
    import attrs

    fw = attrs.evolve(framework(), aggregation="geometric-mean")
    a = assessment(response("d1", "value = 0") + response("d2.1", "value = 5") + response("d3", "value = 5"))
    with pytest.raises(ScoringError) as info:
        score(fw, a)
    [problem] = info.value.problems
    assert problem.message.startswith("cannot combine the total (geometric-mean): ")
    assert "children at 0: d1" in problem.message


def test_published_values_agree_with_the_equivalent_sub_scores() -> None:
    """A published value equal to what the children would score changes nothing above the node."""
    fw = framework()
    direct = score(
        fw,
        Assessment(
            framework=assessment("").framework,
            subject=assessment("").subject,
            period="2024",
            responses=[Response("d1.1", 2), Response("d1.2", 1), Response("d3.1", True)],
        ),
    )
    published = score(
        fw,
        Assessment(
            framework=assessment("").framework,
            subject=assessment("").subject,
            period="2024",
            responses=[Response("d1", 3), Response("d3", 5)],
        ),
    )
    assert direct.total.points == published.total.points
    assert direct.total.applicable_maximum == published.total.applicable_maximum
