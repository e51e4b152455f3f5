"""
Strategies for trees of criteria: :func:`aggregations`, :func:`weight_schemes`,
:func:`criteria` and :func:`frameworks`.

Trees are valid by construction. A tree is read from one
:class:`~parlib.testing.tape.Tape`, with one more draw for the text of its
labels (and one for each rule whose strategies have no reader, see
:class:`~parlib.testing.RuleStrategies`): the shape first (how many children
each node has, within *max_depth*, *max_width* and *max_leaves*), then the
nodes, built from the leaves up, so a stated maximum is always right and a
failing example shrinks to a tree of one leaf. Choices given as strategies
(*aggregations*, *na_policies*, ...) are drawn.

Geometric, harmonic and negative power means refuse a child at 0. Below such
a node (whatever its not-applicable policy), inner nodes use aggregations that
keep children above 0 above 0 and leaves have rules that can earn points;
where a node counts a child that does not apply as 0 (the ``zero`` policy),
the nodes below it have no zero weights and no leaves worth 0. Every such
framework can be scored: :func:`~parlib.testing.assessments` gives those leaves
values that earn points, or "not applicable" where that drops them.

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
from typing import TypeVar, cast

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from parlib.aggregation import AGGREGATIONS, Aggregation, Part, PowerMean, to_aggregation
from parlib.errors import ParlibError
from parlib.framework import (
    LAYERS,
    LEVELS,
    NA_POLICIES,
    STATUSES,
    SURVEY_LAYER,
    Band,
    Criterion,
    Framework,
    Role,
    Tiers,
)
from parlib.numbers import ROUNDING_MODES, RoundingPolicy
from parlib.rules import Rule
from parlib.testing.amounts import round_maxima
from parlib.testing.rulekit import (
    RULE_BYTES,
    positive_reader,
    positive_values,
    rule_reader,
    rule_strategies,
    rules,
)
from parlib.testing.rulekit import rule_types as fitting_types
from parlib.testing.tape import Tape, reading, tapes
from parlib.testing.words import check_flag, check_size, label_of, labels, read_identifier, texts

__all__ = [
    "Guard",
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

_WEIGHTS = tuple(
    None if x is None else Fraction(x)
    for x in (None, "2", "0", "1", "3", "0.5", "1/1000", "1000", "1000000", "5", "0.25", "10", "1/3")
)
_SHARES = (None, Fraction(0), Fraction(1, 2), Fraction(2, 3), Fraction(1))


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


def _read_forest(tape: Tape, depth: int, width: int, child_width: int, budget: int) -> tuple[Shape, ...]:
    """
    Between 1 and *width* subtrees (each node below with up to *child_width* children)
    of at most *depth* levels with *budget* leaves in all: one leaf at zero.
    """
    count = tape.integer(1, min(width, budget))
    spare = budget - count
    out: list[Shape] = []
    for _ in range(count):
        if depth > 1 and spare > 0 and tape.boolean():
            kids = _read_forest(tape, depth - 1, child_width, child_width, spare + 1)
            spare -= _leaf_count(kids) - 1
            out.append(kids)
        else:
            out.append(())
    return tuple(out)


def _leaf_count(shape: Shape) -> int:
    return sum(_leaf_count(s) for s in shape) if shape else 1


_MOST_BYTES = 3000  # a tape this long is still a small input for Hypothesis (it balks at 4 KB)


def _shape_bytes(depth: int, leaves: int) -> int:
    """The most bytes a shape reads: two a node, and a tree has at most *leaves* times *depth* nodes."""
    return min(2 * leaves * depth + 2, _MOST_BYTES // 2)


def shapes(*, max_depth: int = 3, max_width: int = 4, max_leaves: int = 10) -> st.SearchStrategy[tuple[Shape, ...]]:
    """
    Shapes of trees (a tuple of top-level subtrees): at most *max_depth* levels,
    *max_width* children per node and *max_leaves* leaves, in one draw. Shrinks to one leaf.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(shapes(), lambda s: len(s) == 2 and s[1])
    ((), ((),))
    """
    check_size("depth", 1, max_depth, least=1)
    check_size("width", 1, max_width, least=1)
    check_size("leaves", 1, max_leaves, least=1)
    return _shapes(max_depth, max_width, max_leaves)


@functools.lru_cache(maxsize=64)
def _shapes(depth: int, width: int, leaves: int) -> st.SearchStrategy[tuple[Shape, ...]]:
    read = functools.partial(_read_forest, depth=depth, width=width, child_width=width, budget=leaves)
    return reading(read, size=_shape_bytes(depth, leaves))


T = TypeVar("T")
_Source = tuple[T, ...] | st.SearchStrategy[T]
"""Where a choice comes from: options read from the tape (the defaults), or a strategy to draw from."""


def _take(draw: st.DrawFn, tape: Tape, source: _Source[T]) -> T:
    return tape.choice(source) if isinstance(source, tuple) else draw(source)


@attrs.frozen
class _Plan:
    """What every node of one drawn tree shares."""

    languages: tuple[str, ...]
    leaf_types: Mapping[tuple[Fraction, bool], tuple[str, ...]]  # (maximum, guarded) -> the rule types that fit
    leaf_maxima: tuple[tuple[Fraction, ...], tuple[Fraction, ...]]  # the maxima of leaves: anywhere, strict
    aggregation: Aggregation
    policy: str
    node_aggregations: _Source[Aggregation | str | Mapping[str, object] | None]
    na_policies: _Source[str | None]
    na_min_shares: _Source[Fraction | None]
    weights: _Source[Fraction | None]
    texts: tuple[str, ...]  # label texts: the drawn one first, then a few fixed ones
    survey: bool = False  # whether criteria may be survey-scored


_LABEL_TEXT = texts(min_size=1)
_LABEL_TEXTS = ("Tiêu chí", "Criterion", 'a "quoted"\nlabel')


_NODE_NOTES = ("", "", "", "ghi chú", 'a "quoted"\nnote')
_WEIGHTED_MEAN = to_aggregation("weighted-mean")


def _aggregation(drawn: object) -> Aggregation:
    """An aggregation from what a strategy drew: an aggregation, a name or a table."""
    try:
        return to_aggregation(drawn)
    except ParlibError as exc:
        raise InvalidArgument(f"the aggregations strategy drew {drawn!r}, which is not an aggregation: {exc}") from None


def _take_aggregation(
    draw: st.DrawFn, tape: Tape, source: _Source[Aggregation | str | Mapping[str, object] | None]
) -> Aggregation | None:
    """An aggregation (or None) from the tape's options, which are aggregations, or drawn and converted."""
    if isinstance(source, tuple):
        return cast("Aggregation | None", tape.choice(source))
    drawn = draw(source)
    return None if drawn is None else _aggregation(drawn)


@attrs.frozen
class Guard:
    """
    What a node's place under aggregations that refuse 0 asks of it.

    ``guarded``: an ancestor refuses a child at 0, so the node must earn points or
    not apply at all; ``strict``: the node must earn points (it may not drop out as
    not applicable), because a node above it counts a child that does not apply
    as 0 (the ``zero`` policy) under an aggregation that refuses 0.

    Requires the hypothesis package.

    >>> top = Guard().below(to_aggregation("geometric-mean"), "zero")
    >>> top, top.below(to_aggregation("additive"), "exclude")
    (Guard(guarded=True, strict=True), Guard(guarded=True, strict=True))
    """

    guarded: bool = False
    strict: bool = False

    def below(self, aggregation: Aggregation, policy: str) -> Guard:
        """
        What the children of a node that combines with *aggregation* under *policy* must do.

        >>> Guard().below(to_aggregation("geometric-mean"), "exclude")
        Guard(guarded=True, strict=False)
        """
        guarded = self.guarded or refuses_zero(aggregation)
        return Guard(guarded, self.strict or (guarded and policy == "zero"))


_FREE = Guard()


def _weights_for(
    draw: st.DrawFn, tape: Tape, plan: _Plan, aggregation: Aggregation, *, count: int, strict: bool
) -> list[Fraction | None]:
    """
    Sibling weights; no zero weights under an aggregation that refuses weights summing
    to 0, nor under a node that must earn points (all weights 0 would leave it not applicable).
    """
    drawn = [_take(draw, tape, plan.weights) for _ in range(count)]
    if strict or traits(aggregation).refuses_zero_weights:
        return [None if w == 0 else w for w in drawn]
    return drawn


def _earns(rule: Rule, maximum: Fraction) -> bool:
    """Whether *rule*'s strategies have values that earn points."""
    return positive_reader(rule, maximum) is not None or positive_values(rule, maximum) is not None


def _leaf(
    draw: st.DrawFn, tape: Tape, plan: _Plan, *, node_id: str, guard: Guard, weight: Fraction | None
) -> Criterion:
    maximum = tape.choice(plan.leaf_maxima[guard.strict])
    name = tape.choice(plan.leaf_types[maximum, guard.guarded and maximum > 0])
    read = rule_reader(name, maximum)
    rule_tape = tape.fork(RULE_BYTES)
    rule: Rule = draw(rules(maximum=maximum, types=(name,))) if read is None else read(rule_tape)
    if guard.guarded and maximum > 0 and not _earns(rule, maximum):
        raise InvalidArgument(f"rule {rule!r} cannot earn points, but sits under an aggregation that refuses 0")
    leaf = Criterion(
        id=node_id,
        label=label_of(tape.choice(plan.texts), plan.languages),
        max=maximum,
        rule=rule,
        weight=weight,
        evidence_required=tape.boolean(),
        note=tape.choice(_NODE_NOTES),
    )
    return _surveyed(tape, plan, leaf, guard)


def _node(
    draw: st.DrawFn, tape: Tape, plan: _Plan, shape: Shape, *, node_id: str, guard: Guard, weight: Fraction | None
) -> tuple[Criterion, Fraction]:
    """
    Build one node, children first; return it and its maximum under its aggregation.

    A node's aggregation and policy are its own or else the framework's. Under an
    aggregation that refuses 0 (*guard*), nodes use aggregations that keep children
    above 0 above 0, and leaves rules that can earn points.
    """
    if not shape:
        leaf = _leaf(draw, tape, plan, node_id=node_id, guard=guard, weight=weight)
        return leaf, leaf.maximum
    own = _take_aggregation(draw, tape, plan.node_aggregations)
    aggregation = own or plan.aggregation
    if guard.guarded and not traits(aggregation).keeps_positive:
        own = aggregation = _WEIGHTED_MEAN  # under a node that refuses 0, children above 0 must stay above 0
    own_policy = _take(draw, tape, plan.na_policies)
    below = guard.below(aggregation, own_policy or plan.policy)
    scheme = _weights_for(draw, tape, plan, aggregation, count=len(shape), strict=guard.strict)
    children: list[Criterion] = []
    total = Fraction(0)
    for i, (sub, child_weight) in enumerate(zip(shape, scheme, strict=True)):
        child, child_max = _node(draw, tape, plan, sub, node_id=f"{node_id}.{i + 1}", guard=below, weight=child_weight)
        children.append(child)
        total += child_max
    stated, maximum = _stated_max(tape, aggregation, total)
    node = Criterion(
        id=node_id,
        label=label_of(tape.choice(plan.texts), plan.languages),
        max=stated,
        children=children,
        weight=weight,
        aggregation=own,
        na_policy=own_policy,  # type: ignore[arg-type]
        na_min_share=_take(draw, tape, plan.na_min_shares),
        allow_na=tape.boolean(),
        note=tape.choice(_NODE_NOTES),
    )
    return _surveyed(tape, plan, node, guard), maximum


def _surveyed(tape: Tape, plan: _Plan, node: Criterion, guard: Guard) -> Criterion:
    """
    *node*, survey-scored one time in six where *plan* allows it and nothing in its
    subtree sits under an aggregation that refuses 0: survey-scored criteria have no
    answer before the survey layer, and score 0 until then.
    """
    if not plan.survey or guard.guarded or not tape.odds(1, 6):
        return node
    if any(refuses_zero(n.aggregation or plan.aggregation) for n in node.walk() if n.children):
        return node
    return attrs.evolve(node, survey=True)


def _stated_max(tape: Tape, aggregation: Aggregation, total: Fraction) -> tuple[Fraction | None, Fraction]:
    """A stated max (or None) and the resulting maximum: the children's sum where points add up, else 100."""
    if aggregation.additive:
        return (total if tape.boolean() else None), total
    stated = tape.choice(round_maxima()) if tape.boolean() else None
    return stated, Fraction(100) if stated is None else stated


_BAND_TABLES: tuple[tuple[Band, ...], ...] = (
    (),
    (Band(label="A", gte=90), Band(label="B", gte=80), Band(label="C", gt=0)),
    (Band(label="Đạt", gte=50),),
    (Band(label="A", gt=Fraction(200, 3)), Band(label="B", gte=Fraction(1, 3))),
)
_METADATA = (  # (issuer, legal basis): cosmetic for every law but the round trip
    ("", ""),
    ("Provincial People's Committee", "2948/QĐ-BNV"),
    ("Bộ Nội vụ", 'Quyết định "1/2018"\nđiều 2'),
)
_PRESENTATION = tuple(  # (status, level, rounding)
    (status, level, RoundingPolicy(places=places, mode=mode))  # type: ignore[arg-type]
    for status, level, places, mode in zip(
        (*STATUSES, *STATUSES), (*LEVELS,), (2, 0, 4, 1, 3, 2), ROUNDING_MODES * 2, strict=False
    )
)
_VERSIONS = ("1", "2018.1", "v2", "2.0 (dự thảo)")
_TIER_TABLES: tuple[Tiers | None, ...] = (
    None,
    Tiers(labels=("High", "High-average", "Low-average", "Low")),
    Tiers(labels=("Nhóm 1", "Nhóm 2", "Nhóm 3"), boundary="upper", note="PAPI"),
    Tiers(labels=("1", "2")),
)
_LAYER_ORDERS: tuple[tuple[str, ...], ...] = (  # the default first, then others with the survey layer, then without
    LAYERS,
    ("self", "appraisal-1", SURVEY_LAYER, "final"),
    ("tự đánh giá", "thẩm định", SURVEY_LAYER),
    ("self", "final"),
    ("final",),
    ('vòng "1"', "appraisal-1", "appraisal-2", "appraisal-3", "kết quả"),
)
_SURVEY_ORDERS = tuple(order for order in _LAYER_ORDERS if SURVEY_LAYER in order)
_TITLES = ("Chỉ số CCHC", "PAR Index")
_ID_BYTES = 9
_ROLES: tuple[Role, ...] = ("bonus", "penalty")


_LEAF_MOST = 20  # the largest maximum of a leaf


@attrs.frozen
class _Limits:
    depth: int
    width: int
    child_width: int
    leaves: int
    sections: int
    survey: bool = False
    extras: bool = False  # tiers or layers

    @property
    def tape_bytes(self) -> int:
        """
        Enough bytes for the shape and every node's choices (reads past the end give zeros):
        the framework's own, an inner node's (its weights among them), a leaf's (its rule's
        among them), for at most one inner node per leaf and level.
        """
        inner = self.leaves * (self.depth - 1) * (8 + self.survey + self.child_width)
        leaves = (self.leaves + self.sections) * (6 + self.survey + RULE_BYTES)
        own = 16 + 2 * self.extras + _ID_BYTES + self.width
        return min(_shape_bytes(self.depth, self.leaves) + own + inner + leaves, _MOST_BYTES)


@st.composite
def _framework(
    draw: st.DrawFn,
    plan_args: Mapping[str, object],
    frame: _Source[Aggregation | str | Mapping[str, object]],
    policies: _Source[str],
    limits: _Limits,
    *,
    options: tuple[bool, bool],
) -> Framework:
    tape = draw(tapes(size=limits.tape_bytes))
    word = draw(_LABEL_TEXT)
    shape = _read_forest(
        tape.fork(_shape_bytes(limits.depth, limits.leaves)),
        limits.depth,
        limits.width,
        limits.child_width,
        limits.leaves,
    )
    aggregation = _take_aggregation(draw, tape, frame)
    assert aggregation is not None  # noqa: S101  (a framework's aggregation)
    policy = _take(draw, tape, policies)
    plan = _Plan(aggregation=aggregation, policy=policy, texts=(word, *_LABEL_TEXTS), survey=limits.survey, **plan_args)  # type: ignore[arg-type]
    guard = _FREE.below(aggregation, policy)
    scheme = _weights_for(draw, tape, plan, aggregation, count=len(shape), strict=False)
    tops: list[Criterion] = []
    total = Fraction(0)
    for i, (sub, weight) in enumerate(zip(shape, scheme, strict=True)):
        node, node_max = _node(draw, tape, plan, sub, node_id=str(i + 1), guard=guard, weight=weight)
        tops.append(node)
        total += node_max
    sections = tape.integer(0, limits.sections)
    if aggregation.additive:
        for j in range(sections):
            section, _ = _node(draw, tape, plan, (), node_id=f"S{j + 1}", guard=guard, weight=None)
            tops.append(attrs.evolve(section, role=tape.choice(_ROLES)))
    stated, _ = _stated_max(tape, aggregation, total)
    issuer, legal_basis = tape.choice(_METADATA)
    status, level, rounding = tape.choice(_PRESENTATION)
    framework_id, version = read_identifier(tape.fork(_ID_BYTES)), tape.choice(_VERSIONS)
    title = label_of(tape.choice((*plan.texts, *_TITLES)), plan.languages)
    note, share, bands = (
        tape.choice(("", *plan.texts)),
        _take(draw, tape, plan.na_min_shares),
        tape.choice(_BAND_TABLES),
    )
    with_tiers, with_layers = options  # read last, so that they change no earlier choice
    tiers = tape.choice(_TIER_TABLES) if with_tiers else None
    surveyed = limits.survey and any(c.survey for top in tops for c in top.walk())
    layers = tape.choice(_SURVEY_ORDERS if surveyed else _LAYER_ORDERS) if with_layers else LAYERS
    return Framework(
        id=framework_id,
        version=version,
        title=title,
        criteria=tops,
        status=status,  # type: ignore[arg-type]
        note=note,
        issuer=issuer,
        legal_basis=legal_basis,
        level=level,  # type: ignore[arg-type]
        aggregation=aggregation,
        na_policy=policy,  # type: ignore[arg-type]
        na_min_share=share,
        max=stated,
        rounding=rounding,
        bands=bands,
        tiers=tiers,
        languages=plan.languages,
        layers=layers,
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
    survey: bool = False,
    tiers: bool = False,
    layers: bool = False,
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

    Three options add what an inspection or a ranking needs (all off by default,
    and each sometimes off when on, so that examples shrink to frameworks without it):
    *survey* marks some criteria survey-scored (``survey = true``; never where
    an aggregation that refuses 0 sits above them or in their subtree, since they
    have no answer before the survey layer), *tiers* gives some frameworks quantile
    :class:`~parlib.framework.Tiers`, and *layers* some an inspection layer order
    other than :data:`~parlib.framework.LAYERS` (shorter, longer, names of their
    own; always with the survey layer where a criterion is survey-scored).

    Requires the hypothesis package.

    >>> from hypothesis import given
    >>> @given(frameworks(aggregations=st.sampled_from(["additive"]), node_aggregations=st.none()))
    ... def test(fw):
    ...     assert fw.maximum == sum(c.maximum for c in fw.leaves() if c.role == "normal")
    >>> test()
    >>> @given(frameworks(survey=True, tiers=True, layers=True))
    ... def test_inspection(fw):
    ...     assert "survey" in fw.layers or not any(c.survey for c in fw.walk())
    >>> test_inspection()
    >>> frameworks(max_depth=0)
    Traceback (most recent call last):
    ...
    hypothesis.errors.InvalidArgument: max_depth must be at least 1, got 0
    """
    for flag, on in (("survey", survey), ("tiers", tiers), ("layers", layers)):
        check_flag(flag, on)
    for name, value in (
        ("aggregations", aggregations),
        ("node_aggregations", node_aggregations),
        ("na_policies", na_policies),
        ("na_min_shares", na_min_shares),
        ("weights", weights),
    ):
        _check_strategy(name, value)
    frame: _Source[Aggregation | str | Mapping[str, object]]
    overrides: _Source[Aggregation | str | Mapping[str, object] | None]
    if aggregations is None:
        everything = _aggregation_instances(AGGREGATIONS.names())
        frame = everything
        overrides = (None, *everything) if node_aggregations is None else node_aggregations
    else:
        frame = aggregations
        overrides = st.none() | aggregations if node_aggregations is None else node_aggregations
    return _frameworks(
        _Limits(
            max_depth,
            max_width,
            max_width if child_width is None else child_width,
            max_leaves,
            max_sections,
            survey=survey,
            extras=tiers or layers,
        ),
        frame=frame,
        node_aggregations=overrides,
        na_policies=NA_POLICIES if na_policies is None else na_policies,
        na_min_shares=_SHARES if na_min_shares is None else na_min_shares,
        rule_types=rule_types,
        languages=languages,
        weights=_WEIGHTS if weights is None else weights,
        options=(tiers, layers),
    )


def _frameworks(
    limits: _Limits,
    *,
    frame: _Source[Aggregation | str | Mapping[str, object]],
    node_aggregations: _Source[Aggregation | str | Mapping[str, object] | None],
    na_policies: _Source[str],
    na_min_shares: _Source[Fraction | None],
    rule_types: Sequence[str] | None,
    languages: Sequence[str],
    weights: _Source[Fraction | None],
    options: tuple[bool, bool] = (False, False),
) -> st.SearchStrategy[Framework]:
    """Check the limits and languages; choices in tuples are read from the tape, strategies drawn."""
    check_size("depth", 1, limits.depth, least=1)
    check_size("width", 1, limits.width, least=1)
    check_size("width", 1, limits.child_width, least=1)
    check_size("leaves", 1, limits.leaves, least=1)
    check_size("sections", 0, limits.sections)
    langs = tuple(languages)
    labels(languages=langs)  # validates the languages
    types = None if rule_types is None else tuple(rule_types)
    zero_ok = any(rule_strategies(n).fits(Fraction(0)) for n in fitting_types(Fraction(1), types))
    leaf_types: dict[tuple[Fraction, bool], tuple[str, ...]] = {}
    for maximum in round_maxima(allow_zero=zero_ok, max_value=_LEAF_MOST):
        names = fitting_types(maximum, types)
        leaf_types[maximum, False] = names
        # under an aggregation that refuses 0, rule types that can earn points
        leaf_types[maximum, True] = tuple(n for n in names if rule_strategies(n).positive is not None) or names
    plan_args = {
        "languages": langs,
        "leaf_types": leaf_types,
        "leaf_maxima": (
            round_maxima(allow_zero=zero_ok, max_value=_LEAF_MOST),
            round_maxima(allow_zero=False, max_value=_LEAF_MOST),
        ),
        "node_aggregations": node_aggregations,
        "na_policies": (None, *na_policies) if isinstance(na_policies, tuple) else st.none() | na_policies,
        "na_min_shares": na_min_shares,
        "weights": weights,
    }
    return _framework(plan_args, frame, na_policies, limits, options=options)


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
    _check_strategy("node_aggregations", node_aggregations)
    _check_strategy("weights", weights)
    top = to_aggregation("additive") if aggregation is None else _aggregation(aggregation)
    trees = _frameworks(
        _Limits(max_depth, 1, max_width, max_leaves, 0),
        frame=(top,),
        node_aggregations=(None, top) if node_aggregations is None else node_aggregations,
        na_policies=NA_POLICIES,
        na_min_shares=_SHARES,
        rule_types=rule_types,
        languages=languages,
        weights=_WEIGHTS if weights is None else weights,
    )
    return trees.map(_first_criterion)


def _first_criterion(framework: Framework) -> Criterion:
    return framework.criteria[0]
