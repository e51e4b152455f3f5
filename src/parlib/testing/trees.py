"""
Strategies for trees of criteria: :func:`aggregations`, :func:`weight_schemes`,
:func:`criteria` and :func:`frameworks`.

Trees are valid by construction. The shape is drawn first (how many
children each node has, within *max_depth*, *max_width* and *max_leaves*),
then nodes are built from the leaves up, so a stated maximum is always right
and a failing example shrinks to a tree of one leaf.

Geometric, harmonic and negative power means refuse a child at 0; under such
a node the strategies use the ``exclude`` not-applicable policy (a child
that does not apply drops out rather than counting as 0), and
:func:`~parlib.testing.assessments` gives its leaves values that earn points.

Requires the hypothesis package.

>>> from hypothesis import find
>>> fw = find(frameworks(), lambda f: True)
>>> [c.id for c in fw.walk()], fw.aggregation.type
(['1'], 'additive')
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction
from typing import cast

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from parlib.aggregation import AGGREGATIONS, Aggregation, Part, PowerMean, to_aggregation
from parlib.errors import ParlibError
from parlib.framework import LEVELS, NA_POLICIES, STATUSES, Band, Criterion, Framework
from parlib.label import Label
from parlib.numbers import ROUNDING_MODES, RoundingPolicy
from parlib.rules import Rule
from parlib.testing.amounts import maxima
from parlib.testing.rulekit import positive_values, rule_strategies, rules
from parlib.testing.rulekit import rule_types as fitting_types
from parlib.testing.words import check_size, identifiers, labels, texts

__all__ = [
    "Shape",
    "aggregations",
    "criteria",
    "frameworks",
    "Traits",
    "refuses_zero",
    "traits",
    "shapes",
    "weight_schemes",
    "weights",
]

Shape = tuple["Shape", ...]
"""The shape of a tree: a leaf is ``()``, an inner node the tuple of its children's shapes."""

_NOTES = texts(max_size=8)
_VERSIONS = st.sampled_from(["1", "2018.1", "v2", "2.0 (dự thảo)"])
_WEIGHTS = tuple(
    None if x is None else Fraction(x)
    for x in (None, "2", "0", "1", "3", "0.5", "1/1000", "1000", "1000000", "5", "0.25", "10", "1/3")
)
_SHARES = (None, Fraction(0), Fraction(1, 2), Fraction(2, 3), Fraction(1))
_POLICY_OVERRIDES = st.sampled_from([None, *NA_POLICIES])


def weights() -> st.SearchStrategy[Fraction | None]:
    """
    One criterion's weight relative to its siblings, in one draw: unset (counts as 1),
    0, small numbers, a third, and extremes (a thousandth, a thousand, a million).

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(weights(), lambda w: w is not None and w > 100)
    Fraction(1000, 1)
    """
    return _any_weight()


@functools.lru_cache(maxsize=1)
def _any_weight() -> st.SearchStrategy[Fraction | None]:
    return st.sampled_from(_WEIGHTS)


def weight_schemes(
    *, min_size: int = 1, max_size: int = 6, weights: st.SearchStrategy[Fraction | None] | None = None
) -> st.SearchStrategy[tuple[Fraction | None, ...]]:
    """
    The weights of a group of siblings, zero weights and extreme ratios included
    (``None`` is an unset weight, which counts as 1).

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(weight_schemes(min_size=2), lambda ws: 0 in ws)
    (None, Fraction(0, 1))
    """
    check_size("size", min_size, max_size)
    return _weight_schemes(min_size, max_size, _any_weight() if weights is None else weights)


@functools.lru_cache(maxsize=256)
def _weight_schemes(
    min_size: int, max_size: int, weights: st.SearchStrategy[Fraction | None]
) -> st.SearchStrategy[tuple[Fraction | None, ...]]:
    return st.lists(weights, min_size=min_size, max_size=max_size).map(tuple)


_POWERS = tuple(Fraction(p) for p in ("2", "-1", "0.5", "3", "0", "1", "-2"))


def aggregations(*, types: Sequence[str] | None = None) -> st.SearchStrategy[Aggregation]:
    """
    Aggregations of the given registered *types* (default: every one in
    :data:`parlib.aggregation.AGGREGATIONS`), with parameters (a power mean's ``p``),
    in one draw; shrinks towards ``additive``.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(aggregations(types=["power-mean"]), lambda a: a.p < 0)
    PowerMean(p=Fraction(-1, 1))
    """
    if isinstance(types, str):
        raise InvalidArgument(f"types is a sequence of aggregation names, got the string {types!r}")
    names = tuple(AGGREGATIONS.names() if types is None else dict.fromkeys(types))
    if not names:
        raise InvalidArgument("types must name at least one aggregation")
    return st.sampled_from(_aggregation_instances(names))


@functools.lru_cache(maxsize=64)
def _aggregation_instances(names: tuple[str, ...]) -> tuple[Aggregation, ...]:
    ordered = sorted(names, key=lambda n: (n != "additive", n != "weighted-mean", n))
    out: list[Aggregation] = []
    for name in ordered:
        if name == "power-mean":
            out += [PowerMean(p=p) for p in _POWERS]
            continue
        try:
            out.append(to_aggregation(name))
        except ParlibError as exc:
            raise InvalidArgument(
                f"cannot build aggregation {name!r} without parameters ({exc}); pass a strategy of aggregations"
            ) from None
    return tuple(out)


@attrs.frozen
class Traits:
    """
    What an aggregation refuses or loses, found by asking it to combine a few parts.

    - ``refuses_zero``: an applicable child at 0 is an error (geometric, harmonic,
      power means with ``p <= 0``);
    - ``refuses_zero_weights``: applicable children whose weights sum to 0 are an
      error (the XCCDF default model);
    - ``keeps_positive``: children above 0 give a node above 0 (not so for the
      all-or-nothing XCCDF absolute model).

    >>> traits(to_aggregation("xccdf-absolute"))
    Traits(refuses_zero=False, refuses_zero_weights=False, keeps_positive=False)
    """

    refuses_zero: bool
    refuses_zero_weights: bool
    keeps_positive: bool


def _combined(aggregation: Aggregation, parts: list[Part]) -> Fraction | None:
    """The points of combining *parts* into a node worth 100, or -1 when the aggregation refuses."""
    try:
        return aggregation.combine(parts, Fraction(100)).points
    except ParlibError:
        return Fraction(-1)


@functools.lru_cache(maxsize=256)
def _traits(aggregation: Aggregation) -> Traits:
    one = Fraction(1)
    at_zero = _combined(aggregation, [Part("a", Fraction(0), one, one)])
    weightless = _combined(aggregation, [Part("a", one, one, Fraction(0))])
    mixed = _combined(aggregation, [Part("a", one, Fraction(2), one), Part("b", one, one, one)])
    return Traits(
        refuses_zero=at_zero == -1,
        refuses_zero_weights=weightless == -1,
        keeps_positive=mixed is not None and mixed > 0,
    )


def traits(aggregation: Aggregation) -> Traits:
    """
    The :class:`Traits` of *aggregation* (cached when it is hashable).

    Requires the hypothesis package.

    >>> traits(to_aggregation("geometric-mean")).refuses_zero
    True
    """
    try:
        return _traits(cast("Hashable", aggregation))
    except TypeError:  # an unhashable custom aggregation: ask again each time
        return _traits.__wrapped__(aggregation)


def refuses_zero(aggregation: Aggregation) -> bool:
    """
    Whether *aggregation* refuses an applicable child at 0 (see :class:`Traits`).

    Requires the hypothesis package.

    >>> refuses_zero(to_aggregation("geometric-mean")), refuses_zero(to_aggregation("minimum"))
    (True, False)
    """
    return traits(aggregation).refuses_zero


def _forest(draw: st.DrawFn, depth: int, width: int, budget: int) -> tuple[Shape, ...]:
    """Between 1 and *width* subtrees of at most *depth* levels with *budget* leaves in all."""
    count = draw(st.integers(1, min(width, budget)))
    spare = budget - count
    out: list[Shape] = []
    for _ in range(count):
        if depth > 1 and spare > 0 and draw(st.booleans()):
            kids = _forest(draw, depth - 1, width, spare + 1)
            spare -= _leaf_count(kids) - 1
            out.append(kids)
        else:
            out.append(())
    return tuple(out)


def _leaf_count(shape: Shape) -> int:
    return sum(_leaf_count(s) for s in shape) if shape else 1


def shapes(*, max_depth: int = 3, max_width: int = 4, max_leaves: int = 10) -> st.SearchStrategy[tuple[Shape, ...]]:
    """
    Shapes of trees (a tuple of top-level subtrees): at most *max_depth* levels,
    *max_width* children per node and *max_leaves* leaves. Shrinks to one leaf.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(shapes(), lambda s: len(s) == 2 and s[1])
    ((), ((),))
    """
    check_size("depth", 1, max_depth, least=1)
    check_size("width", 1, max_width, least=1)
    check_size("leaves", 1, max_leaves, least=1)
    return _shapes(max_depth, max_width, max_leaves)


@st.composite
def _shapes(draw: st.DrawFn, depth: int, width: int, leaves: int) -> tuple[Shape, ...]:
    return _forest(draw, depth, width, leaves)


@attrs.frozen
class _Plan:
    """What every node of one drawn tree shares."""

    languages: tuple[str, ...]
    rule_types: tuple[str, ...] | None
    zero_ok: bool
    aggregation: Aggregation
    policy: str
    node_aggregations: st.SearchStrategy[Aggregation | str | Mapping[str, object] | None]
    na_policies: st.SearchStrategy[str | None]
    na_min_shares: st.SearchStrategy[Fraction | None]
    weights: st.SearchStrategy[Fraction | None]
    child_width: int


_LABEL_TEXT = texts(min_size=1)


def _label(draw: st.DrawFn, languages: tuple[str, ...]) -> Label:
    """
    A label with a text in each language, in one draw (labels are the commonest draw):
    the first language gets the text, the others the text and their code.
    """
    text = draw(_LABEL_TEXT)
    return Label({lang: text if i == 0 else f"{text} ({lang})" for i, lang in enumerate(languages)})


_FLAGS = st.integers(0, 3)  # two yes/no choices in one draw, shrinking to "no, no"
_NODE_NOTES = st.sampled_from(["", "", "", "ghi chú", 'a "quoted"\nnote'])


_WEIGHTED_MEAN = to_aggregation("weighted-mean")


def _aggregation(drawn: object) -> Aggregation:
    """An aggregation from what a strategy drew: an aggregation, a name or a table."""
    try:
        return to_aggregation(drawn)
    except ParlibError as exc:
        raise InvalidArgument(f"the aggregations strategy drew {drawn!r}, which is not an aggregation: {exc}") from None


def _weights_for(draw: st.DrawFn, plan: _Plan, aggregation: Aggregation, count: int) -> list[Fraction | None]:
    """Sibling weights; no zero weights under an aggregation that refuses weights summing to 0."""
    drawn = [draw(plan.weights) for _ in range(count)]
    if traits(aggregation).refuses_zero_weights:
        return [None if w == 0 else w for w in drawn]
    return drawn


def _leaf(draw: st.DrawFn, plan: _Plan, node_id: str, guarded: bool) -> Criterion:
    maximum = draw(maxima(allow_zero=plan.zero_ok, max_value=20))
    names = fitting_types(maximum, plan.rule_types)
    if guarded and maximum > 0:
        names = tuple(n for n in names if rule_strategies(n).positive is not None) or names
    rule: Rule = draw(rules(maximum=maximum, types=names))
    if guarded and maximum > 0 and positive_values(rule, maximum) is None:
        raise InvalidArgument(f"rule {rule!r} cannot earn points, but sits under an aggregation that refuses 0")
    return Criterion(
        id=node_id,
        label=_label(draw, plan.languages),
        max=maximum,
        rule=rule,
        evidence_required=bool(draw(_FLAGS) & 1),
        note=draw(_NODE_NOTES),
    )


def _node(draw: st.DrawFn, plan: _Plan, shape: Shape, node_id: str, guarded: bool) -> tuple[Criterion, Fraction]:
    """
    Build one node, children first; return it and its maximum under its aggregation.

    A node's aggregation and policy are its own or else the framework's. *guarded*
    means the node sits under an aggregation that refuses 0: then it and every
    node below it use the ``exclude`` policy.
    """
    if not shape:
        leaf = _leaf(draw, plan, node_id, guarded)
        return leaf, leaf.maximum
    drawn = draw(plan.node_aggregations)
    own = None if drawn is None else _aggregation(drawn)
    aggregation = own or plan.aggregation
    if guarded and not traits(aggregation).keeps_positive:
        own = aggregation = _WEIGHTED_MEAN  # under a node that refuses 0, children above 0 must stay above 0
    own_policy = draw(plan.na_policies)
    guarded = guarded or refuses_zero(aggregation)
    if guarded and (own_policy or plan.policy) == "zero":
        own_policy = "exclude"
    scheme = _weights_for(draw, plan, aggregation, len(shape))
    children: list[Criterion] = []
    total = Fraction(0)
    for i, (sub, weight) in enumerate(zip(shape, scheme, strict=True)):
        child, child_max = _node(draw, plan, sub, f"{node_id}.{i + 1}", guarded)
        children.append(attrs.evolve(child, weight=weight))
        total += child_max
    stated, maximum = _stated_max(draw, aggregation, total)
    node = Criterion(
        id=node_id,
        label=_label(draw, plan.languages),
        max=stated,
        children=children,
        aggregation=own,
        na_policy=own_policy,  # type: ignore[arg-type]
        na_min_share=draw(plan.na_min_shares),
        allow_na=bool(draw(_FLAGS) & 1),
        note=draw(_NODE_NOTES),
    )
    return node, maximum


def _stated_max(draw: st.DrawFn, aggregation: Aggregation, total: Fraction) -> tuple[Fraction | None, Fraction]:
    """A stated max (or None) and the resulting maximum: the children's sum where points add up, else 100."""
    if aggregation.additive:
        return (total if draw(st.booleans()) else None), total
    stated = draw(_STATED)
    return stated, Fraction(100) if stated is None else stated


_STATED = st.none() | maxima()


_BAND_TABLES: tuple[tuple[Band, ...], ...] = (
    (),
    (Band(label="A", gte=90), Band(label="B", gte=80), Band(label="C", gt=0)),
    (Band(label="Đạt", gte=50),),
    (Band(label="A", gt=Fraction(200, 3)), Band(label="B", gte=Fraction(1, 3))),
)
_METADATA = st.sampled_from(  # (issuer, legal basis) in one draw: cosmetic for every law but the round trip
    [("", ""), ("Provincial People's Committee", "2948/QĐ-BNV"), ("Bộ Nội vụ", 'Quyết định "1/2018"\nđiều 2')]
)
_PRESENTATION = st.sampled_from(  # (status, level, rounding) in one draw
    [
        (status, level, RoundingPolicy(places=places, mode=mode))  # type: ignore[arg-type]
        for status, level, places, mode in zip(
            (*STATUSES, *STATUSES), (*LEVELS,), (2, 0, 4, 1, 3, 2), ROUNDING_MODES * 2, strict=False
        )
    ]
)


@st.composite
def _framework(
    draw: st.DrawFn,
    plan_args: Mapping[str, object],
    frame: st.SearchStrategy[Aggregation | str | Mapping[str, object]],
    policies: st.SearchStrategy[str],
    limits: tuple[int, int, int, int],
) -> Framework:
    max_depth, max_width, max_leaves, max_sections = limits
    aggregation = _aggregation(draw(frame))
    guarded = refuses_zero(aggregation)
    drawn_policy = draw(policies)  # always drawn, so that every aggregation takes as many draws
    policy = "exclude" if guarded else drawn_policy
    plan = _Plan(aggregation=aggregation, policy=policy, **plan_args)  # type: ignore[arg-type]
    top_count = draw(st.integers(1, min(max_width, max_leaves)))
    spare = max_leaves - top_count
    scheme = _weights_for(draw, plan, aggregation, top_count)
    tops: list[Criterion] = []
    total = Fraction(0)
    for i in range(top_count):
        shape: Shape = ()
        if max_depth > 1 and spare > 0 and draw(st.booleans()):
            shape = _forest(draw, max_depth - 1, plan.child_width, spare + 1)
            spare -= _leaf_count(shape) - 1
        node, node_max = _node(draw, plan, shape, str(i + 1), guarded)
        tops.append(attrs.evolve(node, weight=scheme[i]))
        total += node_max
    sections = draw(st.integers(0, max_sections))  # always drawn, as above
    if aggregation.additive:
        for j in range(sections):
            section, _ = _node(draw, plan, (), f"S{j + 1}", guarded)
            tops.append(attrs.evolve(section, role=draw(st.sampled_from(["bonus", "penalty"]))))
    stated, _ = _stated_max(draw, aggregation, total)
    issuer, legal_basis = draw(_METADATA)
    status, level, rounding = draw(_PRESENTATION)
    return Framework(
        id=draw(identifiers()),
        version=draw(_VERSIONS),
        title=_label(draw, plan.languages),
        criteria=tops,
        status=status,  # type: ignore[arg-type]
        note=draw(_NOTES),
        issuer=issuer,
        legal_basis=legal_basis,
        level=level,  # type: ignore[arg-type]
        aggregation=aggregation,
        na_policy=policy,  # type: ignore[arg-type]
        na_min_share=draw(plan.na_min_shares),
        max=stated,
        rounding=rounding,
        bands=draw(st.sampled_from(_BAND_TABLES)),
        languages=plan.languages,
    )


def _check_strategy(name: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise InvalidArgument(f"{name} must be a strategy, got {value!r}")


def frameworks(
    *,
    max_depth: int = 3,
    max_width: int = 3,
    max_leaves: int = 8,
    aggregations: st.SearchStrategy[Aggregation | str | Mapping[str, object]] | None = None,
    node_aggregations: st.SearchStrategy[Aggregation | str | Mapping[str, object] | None] | None = None,
    na_policies: st.SearchStrategy[str] | None = None,
    na_min_shares: st.SearchStrategy[Fraction | None] | None = None,
    rule_types: Sequence[str] | None = None,
    languages: Sequence[str] = ("vi", "en"),
    weights: st.SearchStrategy[Fraction | None] | None = None,
    max_sections: int = 1,
    child_width: int | None = None,
) -> st.SearchStrategy[Framework]:
    """
    Frameworks: trees of criteria within *max_depth* levels, *max_width*
    top-level criteria (and children per node, unless *child_width* says
    otherwise) and *max_leaves* leaves, any mix of rule types (of *rule_types*,
    default all), every label in *languages*.

    The framework's aggregation comes from *aggregations* (aggregations, names
    or tables such as ``{"type": "power-mean", "p": 2}``; default: every
    registered one, see :func:`aggregations`), and each inner node may
    override it from *node_aggregations* (default: ``None``, which inherits
    the framework's, or one of *aggregations*). Sibling weights come from
    *weights* (see :func:`weight_schemes`), the N/A policy from *na_policies*
    and the minimum applicable share from *na_min_shares* (both may also be
    set per node). Additive frameworks have up to *max_sections* bonus or
    penalty sections.

    Requires the hypothesis package.

    >>> from hypothesis import given
    >>> @given(frameworks(aggregations=st.sampled_from(["additive"]), node_aggregations=st.none()))
    ... def test(fw):
    ...     assert fw.maximum == sum(c.maximum for c in fw.leaves() if c.role == "normal")
    >>> test()
    >>> frameworks(max_depth=0)
    Traceback (most recent call last):
    ...
    hypothesis.errors.InvalidArgument: max_depth must be at least 1, got 0
    """
    check_size("depth", 1, max_depth, least=1)
    check_size("width", 1, max_width, least=1)
    check_size("leaves", 1, max_leaves, least=1)
    check_size("sections", 0, max_sections)
    if child_width is not None:
        check_size("width", 1, child_width, least=1)
    for name, value in (
        ("aggregations", aggregations),
        ("node_aggregations", node_aggregations),
        ("na_policies", na_policies),
        ("na_min_shares", na_min_shares),
        ("weights", weights),
    ):
        _check_strategy(name, value)
    langs = tuple(languages)
    labels(languages=langs)  # validates the languages
    types = None if rule_types is None else tuple(rule_types)
    zero_ok = any(rule_strategies(n).fits(Fraction(0)) for n in fitting_types(Fraction(1), types))
    if aggregations is None:
        everything = _aggregation_instances(AGGREGATIONS.names())
        frame: st.SearchStrategy[Aggregation | str | Mapping[str, object]] = st.sampled_from(everything)
        overrides = st.sampled_from((None, *everything)) if node_aggregations is None else node_aggregations
    else:
        frame = aggregations
        overrides = st.none() | aggregations if node_aggregations is None else node_aggregations
    plan_args = {
        "languages": langs,
        "rule_types": types,
        "zero_ok": zero_ok,
        "node_aggregations": overrides,
        "na_policies": _POLICY_OVERRIDES if na_policies is None else st.none() | na_policies,
        "na_min_shares": st.sampled_from(_SHARES) if na_min_shares is None else na_min_shares,
        "weights": _any_weight() if weights is None else weights,
        "child_width": max_width if child_width is None else child_width,
    }
    policies = st.sampled_from(NA_POLICIES) if na_policies is None else na_policies
    return _framework(plan_args, frame, policies, (max_depth, max_width, max_leaves, max_sections))


def criteria(
    *,
    max_depth: int = 3,
    max_width: int = 3,
    max_leaves: int = 8,
    aggregation: Aggregation | None = None,
    node_aggregations: st.SearchStrategy[Aggregation | str | Mapping[str, object] | None] | None = None,
    rule_types: Sequence[str] | None = None,
    languages: Sequence[str] = ("vi", "en"),
    weights: st.SearchStrategy[Fraction | None] | None = None,
) -> st.SearchStrategy[Criterion]:
    """
    One criterion with its subtree (ids ``1``, ``1.1``, ``1.2``, ...), valid as a
    top-level criterion of a framework whose aggregation is *aggregation*
    (default additive).

    Requires the hypothesis package.

    >>> from hypothesis import given
    >>> @given(criteria(max_depth=2))
    ... def test(c):
    ...     assert all(len(n.id.split(".")) <= 2 for n in c.walk())
    >>> test()
    """
    trees = frameworks(
        max_depth=max_depth,
        max_width=1,
        max_leaves=max_leaves,
        aggregations=st.just(aggregation or to_aggregation("additive")),
        node_aggregations=node_aggregations,
        rule_types=rule_types,
        languages=languages,
        weights=weights,
        max_sections=0,
        child_width=max_width,
    )
    return trees.map(lambda tree: tree.criteria[0])
