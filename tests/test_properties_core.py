"""
The core's laws as property tests (issue 2): points add up exactly for any tree,
``load(dump(x)) == x`` for every object in TOML and JSON, and JSON output is
deterministic. Inputs come from :mod:`parlib.testing`.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import Assessment, Framework, score
from parlib.io import dump, dumps, load, loads, structure, unstructure
from parlib.rules import RULES
from parlib.testing import (
    aggregations,
    assessments,
    criteria,
    evidence,
    findings,
    frameworks,
    labels,
    recommendations,
    responses,
    rules,
    subjects,
)

ADDITIVE = frameworks(
    aggregations=aggregations(types=["additive"]), node_aggregations=st.none(), na_min_shares=st.none()
)

# Likert options and severity tiers do not survive JSON in their order yet: see
# tests/test_laws_regressions.py::test_json_keeps_option_order (and KNOWN_BUGS).
ORDERED_OPTIONS = ("likert", "severity")


def _strategies(rule_types: tuple[str, ...] | None) -> dict[str, Callable[[], st.SearchStrategy[Any]]]:
    """A strategy for every kind of object that files hold."""
    types = list(rule_types) if rule_types is not None else None

    def first_leaf_responses() -> st.SearchStrategy[Any]:
        return criteria(rule_types=types).flatmap(lambda c: responses(next(n for n in c.walk() if n.is_leaf)))

    table: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
        "Framework": lambda: frameworks(rule_types=types),
        "Criterion": lambda: criteria(rule_types=types),
        "Assessment": lambda: frameworks(rule_types=types).flatmap(assessments),
        "Response": first_leaf_responses,
        "Evidence": evidence,
        "Finding": lambda: findings(criteria=["1", "1.1", "2"], evidence=["E1", "E2"]),
        "Recommendation": recommendations,
        "Label": labels,
        "Subject": subjects,
    }
    for name in RULES.names():
        if types is None or name in types:
            table[f"rule:{name}"] = lambda name=name: rules(types=[name])  # type: ignore[misc]
    return table


def _cases() -> list[Any]:
    out = []
    for fmt in ("toml", "json"):
        kept = tuple(n for n in RULES.names() if n not in ORDERED_OPTIONS) if fmt == "json" else None
        out += [pytest.param(fmt, make, id=f"{fmt}-{name}") for name, make in _strategies(kept).items()]
    return out


@given(ADDITIVE.flatmap(lambda fw: st.tuples(st.just(fw), assessments(fw))))
def test_total_is_the_exact_sum_of_the_leaves(case: tuple[Framework, Assessment]) -> None:
    framework, assessment = case
    card = score(framework, assessment)
    leaves = [n for n in card.total.walk() if not n.children]
    assert card.total.points == sum((n.points for n in leaves), Fraction(0))
    assert isinstance(card.total.points, Fraction)


@given(frameworks().flatmap(lambda fw: st.tuples(st.just(fw), assessments(fw))))
def test_every_index_is_points_over_applicable_maximum(case: tuple[Framework, Assessment]) -> None:
    card = score(*case)
    for node in (card.total, *card.nodes()):
        if node.applicable_maximum == 0:
            assert node.index is None
        else:
            assert node.index == node.points / node.applicable_maximum * 100


@pytest.mark.parametrize(("fmt", "make"), _cases())
@given(data=st.data())
def test_load_dump_round_trip(fmt: str, make: Callable[[], st.SearchStrategy[Any]], data: st.DataObject) -> None:
    original = data.draw(make())
    assert loads(dumps(original, fmt), type(original), fmt) == original


@pytest.mark.parametrize("fmt", ["toml", "json"])
@given(data=st.data())
def test_files_round_trip(fmt: str, data: st.DataObject) -> None:
    kept = [n for n in RULES.names() if n not in ORDERED_OPTIONS]
    framework = data.draw(frameworks(rule_types=kept, max_leaves=4))
    assessment = data.draw(assessments(framework))
    with tempfile.TemporaryDirectory() as folder:
        for obj, name in ((framework, "framework"), (assessment, "assessment")):
            path = Path(folder) / f"{name}.{fmt}"
            dump(obj, path)
            assert load(path, type(obj)) == obj


def _shuffled(data: object, rnd: random.Random) -> object:
    if isinstance(data, Mapping):
        keys = list(data)
        rnd.shuffle(keys)
        return {k: _shuffled(data[k], rnd) for k in keys}
    if isinstance(data, list):
        return [_shuffled(v, rnd) for v in data]
    return data


@pytest.mark.parametrize("make", list(_strategies(None).values()), ids=list(_strategies(None)))
@given(data=st.data())
def test_json_output_is_deterministic(make: Callable[[], st.SearchStrategy[Any]], data: st.DataObject) -> None:
    original = data.draw(make())
    text = dumps(original, "json")
    assert dumps(original, "json") == text
    rebuilt = structure(_shuffled(unstructure(original), data.draw(st.randoms(use_true_random=False))), type(original))
    if rebuilt == original:  # likert options in another order make another (unequal) rule
        assert dumps(rebuilt, "json") == text
