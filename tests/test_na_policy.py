"""
Not-applicable policies: ``exclude`` (N/A is the criterion removed), ``zero`` (N/A counts
as 0 of its maximum), and ``na_min_share`` (too few applicable children make the node
itself N/A, and that cascades up).
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from parlib import Assessment, Criterion, Framework, FrameworkRef, Response, Subject, score
from parlib.errors import LoadError
from parlib.io import loads
from parlib.scorecard import ScoreCard

# ---------------------------------------------------------------------------------------------
# a small local tree strategy: manual leaves that allow N/A, inner nodes with any aggregation

EXCLUDING = [None, "additive", "weighted-mean", "geometric-mean", "harmonic-mean", "minimum"]
POWERS = [{"type": "power-mean", "p": p} for p in (-2, -1, Fraction(1, 2), 2, 3)]
TAKING_ZERO = [None, "additive", "weighted-mean", "minimum", {"type": "power-mean", "p": 2}]
WEIGHTS = st.sampled_from([None, Fraction(0), Fraction(1), Fraction(2), Fraction(1, 3)])
MAXIMA = st.sampled_from([Fraction(1), Fraction(2), Fraction(5, 2), Fraction(10)])


@st.composite
def subtree(draw: st.DrawFn, cid: str, depth: int, aggregations: list[object]) -> Criterion:
    weight = draw(WEIGHTS)
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        return Criterion(
            id=cid, label={"en": cid}, max=draw(MAXIMA), rule={"type": "manual", "allow_na": True}, weight=weight
        )
    count = draw(st.integers(1, 3))
    children = [draw(subtree(f"{cid}.{i + 1}", depth - 1, aggregations)) for i in range(count)]
    return Criterion(
        id=cid,
        label={"en": cid},
        children=children,
        weight=weight,
        aggregation=draw(st.sampled_from(aggregations)),
        allow_na=draw(st.booleans()),
    )


@st.composite
def frameworks(draw: st.DrawFn, aggregations: list[object], policy: str = "exclude") -> Framework:
    count = draw(st.integers(1, 3))
    tops = [draw(subtree(str(i + 1), 2, aggregations)) for i in range(count)]
    top = draw(st.sampled_from([a for a in aggregations if a is not None]))
    return make_framework(tops, aggregation=top, na_policy=policy)


def make_framework(criteria: list[Criterion], **kw: object) -> Framework:
    return Framework(id="f", version="1", title={"en": "F"}, languages=["en"], criteria=criteria, **kw)  # type: ignore[arg-type]


def make_assessment(responses: list[Response]) -> Assessment:
    return Assessment(
        framework=FrameworkRef("f", "1"), subject=Subject("u", {"en": "U"}), period="p", responses=responses
    )


@st.composite
def answers(draw: st.DrawFn, fw: Framework, *, allow_zero: bool = False) -> dict[str, Fraction | None]:
    """A value (> 0 unless *allow_zero*) or N/A (``None``) for every node that is answered."""
    out: dict[str, Fraction | None] = {}

    def visit(node: Criterion) -> None:
        if not node.is_leaf:
            if node.allow_na and draw(st.integers(0, 4)) == 0:
                out[node.id] = None
                return
            for child in node.children:
                visit(child)
            return
        assert node.max is not None
        if draw(st.booleans()):
            out[node.id] = None
        else:
            low = 0 if allow_zero else 1
            out[node.id] = node.max * Fraction(draw(st.integers(low, 4)), 4)

    for top in fw.criteria:
        visit(top)
    return out


def responses(values: dict[str, Fraction | None]) -> list[Response]:
    return [Response(k, not_applicable=True) if v is None else Response(k, v) for k, v in values.items()]


def pruned(node: Criterion, na: set[str]) -> Criterion | None:
    """The criterion with every N/A criterion removed (``None`` when nothing is left)."""
    if node.id in na:
        return None
    if node.is_leaf:
        return node
    children = [c for c in (pruned(child, na) for child in node.children) if c is not None]
    return attrs.evolve(node, children=children) if children else None


def all_nodes(card: ScoreCard) -> Iterator[tuple[str, Fraction, Fraction | None]]:
    for node in (card.total, *card.nodes()):
        yield node.id, node.points, node.index


# ---------------------------------------------------------------------------------------------
# exclude: N/A is the criterion removed


@given(st.data())
def test_under_exclude_not_applicable_is_the_criterion_removed(data: st.DataObject) -> None:
    fw = data.draw(frameworks(EXCLUDING + POWERS))
    values = data.draw(answers(fw))
    na = {k for k, v in values.items() if v is None}
    kept = [c for c in (pruned(top, na) for top in fw.criteria) if c is not None]
    card = score(fw, make_assessment(responses(values)))
    if not kept:
        assert card.total.index is None
        return
    smaller = attrs.evolve(fw, criteria=kept)
    reduced = score(smaller, make_assessment(responses({k: v for k, v in values.items() if v is not None})))
    original = {node_id: (points, index) for node_id, points, index in all_nodes(card)}
    for node_id, points, index in all_nodes(reduced):
        assert original[node_id] == (points, index), node_id


def test_exclude_drops_an_na_leaf_from_the_applicable_maximum() -> None:
    fw = make_framework([leaf("a", 4), leaf("b", 6)])
    card = score(fw, make_assessment(responses({"a": Fraction(3), "b": None})))
    assert card.total.points == 3
    assert card.total.applicable_maximum == 4
    assert card.total.maximum == 10
    assert card.total.index == 75


# ---------------------------------------------------------------------------------------------
# zero: N/A counts as 0 of its maximum


@given(st.data())
def test_under_zero_not_applicable_counts_as_zero_of_its_maximum(data: st.DataObject) -> None:
    fw = data.draw(frameworks(TAKING_ZERO, policy="zero"))
    values = data.draw(answers(fw, allow_zero=True))
    leaves = [k for k, v in values.items() if v is None and fw.criterion(k).is_leaf]
    assume(leaves)
    zeroed = {k: (Fraction(0) if k in leaves else v) for k, v in values.items()}
    card = score(fw, make_assessment(responses(values)))
    answered = score(fw, make_assessment(responses(zeroed)))
    assert card.total.points == answered.total.points
    assert card.total.applicable_maximum == answered.total.applicable_maximum
    for node in answered.nodes():
        if node.id not in leaves:
            got = card.node(node.id)
            assert (got.points, got.applicable_maximum) == (node.points, node.applicable_maximum), node.id


def test_zero_counts_an_na_leaf_as_zero() -> None:
    fw = make_framework([leaf("a", 4), leaf("b", 6)], na_policy="zero")
    card = score(fw, make_assessment(responses({"a": Fraction(3), "b": None})))
    assert card.total.points == 3
    assert card.total.applicable_maximum == 10
    assert card.total.index == 30
    assert card.node("b").not_applicable  # the leaf itself is still N/A; its parent counts it as 0


def test_zero_under_a_weighted_mean_counts_an_na_child_as_index_zero() -> None:
    fw = make_framework([leaf("a", 4, weight=3), leaf("b", 6, weight=1)], aggregation="weighted-mean", na_policy="zero")
    card = score(fw, make_assessment(responses({"a": Fraction(2), "b": None})))
    assert card.total.points == Fraction(3 * 50 + 1 * 0, 4)


def test_zero_is_an_error_for_a_mean_that_cannot_take_zero() -> None:
    from parlib.errors import ScoringError

    fw = make_framework([leaf("a"), leaf("b")], aggregation="geometric-mean", na_policy="zero")
    with pytest.raises(ScoringError, match="children at 0: b"):
        score(fw, make_assessment(responses({"a": Fraction(1), "b": None})))


def test_a_criterion_overrides_the_framework_policy() -> None:
    zero = Criterion(id="z", label={"en": "z"}, na_policy="zero", children=[leaf("z.1", 4), leaf("z.2", 4)])
    excl = Criterion(id="x", label={"en": "x"}, children=[leaf("x.1", 4), leaf("x.2", 4)])
    fw = make_framework([zero, excl])
    values = {"z.1": Fraction(2), "z.2": None, "x.1": Fraction(2), "x.2": None}
    card = score(fw, make_assessment(responses(values)))
    assert (card.node("z").points, card.node("z").applicable_maximum) == (2, 8)
    assert (card.node("x").points, card.node("x").applicable_maximum) == (2, 4)
    flipped = attrs.evolve(fw, na_policy="zero", criteria=[attrs.evolve(zero, na_policy="exclude"), excl])
    card = score(flipped, make_assessment(responses(values)))
    assert (card.node("z").points, card.node("z").applicable_maximum) == (2, 4)
    assert (card.node("x").points, card.node("x").applicable_maximum) == (2, 8)


# ---------------------------------------------------------------------------------------------
# na_min_share: the node itself becomes N/A below the share, and that cascades


def leaf(cid: str, maximum: int = 10, weight: object = None) -> Criterion:
    return Criterion(id=cid, label={"en": cid}, max=maximum, rule={"type": "manual", "allow_na": True}, weight=weight)


def four(share: object, cid: str = "d") -> Criterion:
    return Criterion(id=cid, label={"en": cid}, na_min_share=share, children=[leaf(f"{cid}.{i}") for i in range(1, 5)])


@pytest.mark.parametrize(
    ("share", "applicable", "is_na"),
    [
        (Fraction(1, 2), 2, False),  # exactly at the share: still applicable
        (Fraction(1, 2), 1, True),
        (Fraction(3, 4), 3, False),
        (Fraction(3, 4), 2, True),
        (Fraction(1), 4, False),
        (Fraction(1), 3, True),
        (Fraction(0), 1, False),
        (Fraction(0), 0, True),  # nothing applies: N/A whatever the share
    ],
)
def test_min_share_boundary(share: Fraction, applicable: int, is_na: bool) -> None:
    fw = make_framework([four(share), leaf("e")])
    values: dict[str, Fraction | None] = {f"d.{i}": (Fraction(5) if i <= applicable else None) for i in range(1, 5)}
    values["e"] = Fraction(10)
    card = score(fw, make_assessment(responses(values)))
    assert card.node("d").not_applicable is is_na
    expected = (Fraction(10), Fraction(10)) if is_na else (10 + 5 * applicable, 10 + 10 * applicable)
    assert (card.total.points, card.total.applicable_maximum) == expected
    if is_na and applicable:
        assert card.node("d").detail == f"{applicable} of 4 parts applicable, below the minimum share {share * 100}%"


@given(
    count=st.integers(1, 6),
    data=st.data(),
    share=st.sampled_from([Fraction(0), Fraction(1, 3), Fraction(1, 2), Fraction(2, 3), Fraction(3, 4), Fraction(1)]),
)
def test_min_share_makes_the_node_na_exactly_below_the_share(count: int, data: st.DataObject, share: Fraction) -> None:
    applicable = data.draw(st.integers(0, count))
    node = Criterion(id="d", label={"en": "d"}, na_min_share=share, children=[leaf(f"d.{i}") for i in range(count)])
    fw = make_framework([node, leaf("e")], aggregation=data.draw(st.sampled_from(["additive", "weighted-mean"])))
    values: dict[str, Fraction | None] = {f"d.{i}": (Fraction(7) if i < applicable else None) for i in range(count)}
    card = score(fw, make_assessment(responses(values)))
    assert card.node("d").not_applicable is (applicable == 0 or Fraction(applicable, count) < share)


def test_min_share_from_the_framework_is_inherited_and_cascades_up() -> None:
    inner = Criterion(id="g", label={"en": "g"}, children=[four(None, "g.d"), leaf("g.e")])
    fw = make_framework([inner, leaf("h")], na_min_share=Fraction(1, 2))
    values: dict[str, Fraction | None] = {"g.d.1": Fraction(5), "g.d.2": None, "g.d.3": None, "g.d.4": None}
    values |= {"g.e": None, "h": Fraction(10)}
    card = score(fw, make_assessment(responses(values)))
    assert card.node("g.d").not_applicable  # 1 of 4 < 1/2
    assert card.node("g").not_applicable  # 0 of 2: the N/A cascades up
    assert (card.total.points, card.total.applicable_maximum) == (10, 10)
    values["g.e"] = Fraction(4)  # 1 of 2 applicable: g is back
    card = score(fw, make_assessment(responses(values)))
    assert not card.node("g").not_applicable
    assert (card.node("g").points, card.node("g").applicable_maximum) == (4, 10)


def test_a_node_share_overrides_the_framework_share() -> None:
    fw = make_framework([four(Fraction(1, 4)), leaf("e")], na_min_share=Fraction(1))
    values: dict[str, Fraction | None] = {"d.1": Fraction(5), "d.2": None, "d.3": None, "d.4": None, "e": Fraction(1)}
    card = score(fw, make_assessment(responses(values)))
    assert not card.node("d").not_applicable
    assert card.total.points == 6


def test_min_share_applies_under_exclude_only() -> None:
    fw = make_framework([four(Fraction(1)), leaf("e")], na_policy="zero")
    values: dict[str, Fraction | None] = {"d.1": Fraction(5), "d.2": None, "d.3": None, "d.4": None, "e": Fraction(1)}
    card = score(fw, make_assessment(responses(values)))
    assert (card.node("d").points, card.node("d").applicable_maximum) == (5, 40)


def test_min_share_reads_exact_fractions_from_a_file() -> None:
    text = 'id = "f"\nversion = "1"\ntitle = { en = "F" }\nlanguages = ["en"]\nna_min_share = "2/3"\n' + "".join(
        f'[[criteria]]\nid = "{i}"\nlabel = {{ en = "{i}" }}\nmax = 1\nrule = {{ type = "manual", allow_na = true }}\n'
        for i in "abc"
    )
    fw = loads(text, Framework, source="f.toml")
    assert fw.na_min_share == Fraction(2, 3)
    two = make_assessment(responses({"a": Fraction(1), "b": Fraction(1), "c": None}))
    assert score(fw, two).total.index == 100  # 2/3 applicable: exactly at the share
    assert score(attrs.evolve(fw, na_min_share=Fraction("0.6667")), two).total.index is None


# ---------------------------------------------------------------------------------------------
# bad input


HEAD = 'id = "f"\nversion = "1"\ntitle = { en = "F" }\nlanguages = ["en"]\n'
LEAF = '[[criteria]]\nid = "a"\nlabel = { en = "A" }\nmax = 1\nrule = { type = "manual" }\n'
NODE = '[[criteria]]\nid = "p"\nlabel = { en = "P" }\n{extra}\n[[criteria.children]]\nid = "a"\nlabel = { en = "A" }\nmax = 1\nrule = { type = "manual" }\n'


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            HEAD + "na_min_share = 1.5\n" + LEAF,
            "bad.toml: na_min_share is a share from 0 to 1, got 1.5 @ $.na_min_share",
        ),
        (
            HEAD + "na_min_share = -0.1\n" + LEAF,
            "bad.toml: na_min_share is a share from 0 to 1, got -0.1 @ $.na_min_share",
        ),
        (
            HEAD + NODE.replace("{extra}", "na_min_share = 2"),
            "bad.toml: na_min_share is a share from 0 to 1, got 2 @ $.criteria[0].na_min_share",
        ),
        (
            HEAD + NODE.replace("{extra}", "na_min_share = nan"),
            "bad.toml: expected a finite number, got NaN @ $.criteria[0].na_min_share",
        ),
        (
            HEAD + 'na_policy = "drop"\n' + LEAF,
            "bad.toml: must be one of exclude, zero, got 'drop' @ $.na_policy",
        ),
        (
            HEAD + NODE.replace("{extra}", 'na_policy = "skip"'),
            "bad.toml: must be one of exclude, zero, got 'skip' @ $.criteria[0].na_policy",
        ),
    ],
)
def test_bad_policies_in_a_file(text: str, line: str) -> None:
    with pytest.raises(LoadError) as info:
        loads(text, Framework, source="bad.toml")
    assert str(info.value) == line
