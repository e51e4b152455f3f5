"""
Frameworks and their criteria: the tree that an assessment is scored against.

>>> from parlib.rules import Boolean
>>> fw = Framework(
...     id="demo", version="1", title={"en": "Demo", "vi": "Thử"},
...     criteria=[Criterion(id="1", label={"en": "Plan", "vi": "Kế hoạch"}, max=1, rule=Boolean())],
... )
>>> fw.criterion("1").max, fw.maximum
(Fraction(1, 1), Fraction(1, 1))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Literal

import attrs

from parlib.aggregation import Additive, Aggregation, to_aggregation
from parlib.errors import ModelError, Problem
from parlib.label import Label, to_label
from parlib.numbers import RoundingPolicy, to_optional_number
from parlib.rules import RULES, Rule
from parlib.rules.base import describe

__all__ = [
    "NA_POLICIES",
    "ROLES",
    "Band",
    "Criterion",
    "Framework",
    "LAYERS",
    "Level",
    "NAPolicy",
    "Role",
    "SURVEY_LAYER",
    "Status",
    "TierBoundary",
    "Tiers",
    "to_rule",
]

Status = Literal["official", "example", "draft"]
Level = Literal["ministry", "province", "department", "district", "commune", "other"]
STATUSES: tuple[str, ...] = ("official", "example", "draft")
LEVELS: tuple[str, ...] = ("ministry", "province", "department", "district", "commune", "other")
NAPolicy = Literal["exclude", "zero"]
NA_POLICIES: tuple[str, ...] = ("exclude", "zero")
Role = Literal["normal", "bonus", "penalty"]
ROLES: tuple[str, ...] = ("normal", "bonus", "penalty")
LAYERS: tuple[str, ...] = ("self", "appraisal-1", "explanation", "appraisal-2", "survey", "final")
"""The default score layers of an inspection, in order (a framework's ``layers`` may differ)."""
SURVEY_LAYER = "survey"
"""The layer that alone answers survey-scored criteria (``survey = true``)."""


def to_rule(value: object) -> Rule:
    """
    Convert ``{"type": "bands", ...}`` (or a rule object) into a rule; an attrs converter.

    >>> to_rule({"type": "count", "per_item": "0.5"})
    Count(per_item=Fraction(1, 2), allow_na=False)
    >>> to_rule({"type": "bandz"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: unknown rule 'bandz'; known: bands, boolean, count, ... @ $.rule.type
    """
    if not isinstance(value, Mapping) and isinstance(value, Rule):
        return value
    try:
        cls, params = RULES.pick(value)
    except ModelError as exc:
        raise exc.under("$.rule") from None
    kind = cls.type
    try:
        return cls(**params)
    except ModelError as exc:
        raise exc.under("$.rule") from None
    except TypeError as exc:
        raise ModelError.one(f"bad parameters for rule {kind!r}: {exc}", "$.rule") from None


def _optional_rule(value: object) -> Rule | None:
    return None if value is None else to_rule(value)


def _optional_aggregation(value: object) -> Aggregation | None:
    return None if value is None else to_aggregation(value)


def _number_at(value: object, path: str) -> Fraction | None:
    try:
        return to_optional_number(value)
    except ModelError as exc:
        raise exc.under(path) from None


def _max(value: object) -> Fraction | None:
    return _number_at(value, "$.max")


def _weight(value: object) -> Fraction | None:
    return _number_at(value, "$.weight")


def _na_min_share(value: object) -> Fraction | None:
    return _number_at(value, "$.na_min_share")


def _gte(value: object) -> Fraction | None:
    return _number_at(value, "$.gte")


def _gt(value: object) -> Fraction | None:
    return _number_at(value, "$.gt")


def _share_problems(share: Fraction | None, path: str) -> list[Problem]:
    if share is not None and not 0 <= share <= 1:
        return [Problem(f"na_min_share is a share from 0 to 1, got {describe(share)}", path)]
    return []


def _children(value: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return tuple(value)


def _check_id(_inst: object, _attr: object, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ModelError.one(f"an id must be a non-empty string, got {value!r}", "$.id")


@attrs.frozen
class Criterion:
    """
    A node of the tree: a domain, criterion or sub-criterion.

    A leaf has a ``rule`` and a ``max``; an inner node has ``children`` and
    may state its ``max`` (checked against the children where points add up).
    ``weight`` is relative to siblings in weighted aggregations (default 1).
    ``aggregation``, ``na_policy`` and ``na_min_share`` override the
    framework's for this node (``None`` inherits). ``allow_na`` lets a
    response mark a whole inner node not applicable (leaves use their rule's
    ``allow_na``). A top-level criterion with ``role = "bonus"`` or
    ``"penalty"`` is a section whose points (capped by its max) are added to
    or taken from the total, outside the normal maximum. ``survey = true``
    marks a survey-scored criterion (with everything below it): only the
    ``survey`` layer of a layered assessment may answer it.

    >>> from parlib.rules import Bands
    >>> Criterion(id="3.2.1", label={"en": "On time"}, max=1,
    ...           rule=Bands(bands=[{"points": 2, "gte": 100}]))
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: points 2 exceed the criterion maximum 1 @ $.rule.bands[0].points
    """

    id: str = attrs.field(validator=_check_id)
    label: Label = attrs.field(converter=to_label)
    max: Fraction | None = attrs.field(default=None, converter=_max)
    rule: Rule | None = attrs.field(default=None, converter=_optional_rule)
    children: tuple[Criterion, ...] = attrs.field(default=(), converter=_children)
    weight: Fraction | None = attrs.field(default=None, converter=_weight)
    aggregation: Aggregation | None = attrs.field(default=None, converter=_optional_aggregation)
    na_policy: NAPolicy | None = None
    na_min_share: Fraction | None = attrs.field(default=None, converter=_na_min_share)
    allow_na: bool = False
    role: Role = "normal"
    evidence_required: bool = False
    survey: bool = False
    note: str = ""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = _share_problems(self.na_min_share, "$.na_min_share")
        if self.na_policy is not None and self.na_policy not in NA_POLICIES:
            known = ", ".join(NA_POLICIES)
            problems.append(Problem(f"na_policy must be one of {known}, got {self.na_policy!r}", "$.na_policy"))
        if self.role not in ROLES:
            problems.append(Problem(f"role must be one of {', '.join(ROLES)}, got {self.role!r}", "$.role"))

        if self.max is not None and self.max < 0:
            problems.append(Problem(f"max must be finite and non-negative, got {describe(self.max)}", "$.max"))
        if self.weight is not None and self.weight < 0:
            problems.append(Problem(f"weight must be finite and non-negative, got {describe(self.weight)}", "$.weight"))
        if self.children and self.rule is not None:
            problems.append(Problem("a criterion has either children or a rule, not both", "$.rule"))
        if not self.children:
            if self.rule is None:
                problems.append(Problem("a leaf criterion needs a rule", "$"))
            if self.max is None:
                problems.append(Problem("a leaf criterion needs a max", "$"))
        if not problems and self.rule is not None and self.max is not None:
            problems += [p.under("$.rule") for p in self.rule.check(self.max)]
        if problems:
            raise ModelError(problems)

    @property
    def is_leaf(self) -> bool:
        """
        Whether this node has no children.

        >>> Criterion(id="x", label={"en": "x"}, max=1, rule={"type": "manual"}).is_leaf
        True
        """
        return not self.children

    @property
    def maximum(self) -> Fraction:
        """
        The stated max, or else the sum of the children's maxima (the additive maximum;
        see :meth:`Framework.maximum_of` for the maximum under the node's aggregation).

        >>> leaf = Criterion(id="a", label={"en": "a"}, max="0.5", rule={"type": "manual"})
        >>> Criterion(id="p", label={"en": "p"}, children=[leaf]).maximum
        Fraction(1, 2)
        """
        if self.max is not None:
            return self.max
        return sum((c.maximum for c in self.children), Fraction(0))

    def walk(self) -> Iterator[Criterion]:
        """
        This node and its descendants, depth first, in order.

        >>> leaf = Criterion(id="a", label={"en": "a"}, max=1, rule={"type": "manual"})
        >>> [c.id for c in Criterion(id="p", label={"en": "p"}, children=[leaf]).walk()]
        ['p', 'a']
        """
        yield self
        for child in self.children:
            yield from child.walk()


def _bands(value: Iterable[Band | Mapping[str, object]]) -> tuple[Band, ...]:
    return tuple(b if isinstance(b, Band) else Band(**b) for b in value)  # type: ignore[arg-type]


@attrs.frozen
class Band:
    """
    A classification of the total index: the first band whose bound holds names the result.

    >>> Band(label="A", gte=90).holds(Fraction(90))
    True
    """

    label: str
    gte: Fraction | None = attrs.field(default=None, converter=_gte)
    gt: Fraction | None = attrs.field(default=None, converter=_gt)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if (self.gte is None) == (self.gt is None):
            raise ModelError.one(f"band {self.label!r} needs exactly one of gte and gt")

    @property
    def bound(self) -> Fraction:
        """
        The band's lower bound.

        >>> Band(label="B", gt=80).bound
        Fraction(80, 1)
        """
        return self.gte if self.gte is not None else self.gt  # type: ignore[return-value]

    def holds(self, index: Fraction) -> bool:
        """
        Whether *index* reaches this band.

        >>> Band(label="B", gt=80).holds(Fraction(80))
        False
        """
        return index >= self.gte if self.gte is not None else index > self.bound

    def condition(self) -> str:
        """
        The bound in words.

        >>> Band(label="A", gte=90).condition()
        '>= 90'
        """
        return f"{'>=' if self.gte is not None else '>'} {describe(self.bound)}"


TierBoundary = Literal["lower", "upper"]


def _tier_labels(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Tiers:
    """
    Quantile tiers across units (PAPI's four groups of provinces), labels best first.

    The cut-points are the quantiles j/k (j = 1 .. k-1, k tiers) of the units'
    values, interpolated linearly between order statistics (R's type 7, numpy,
    pandas ``qcut``); a unit's tier counts the cut-points its value passes. A
    value equal to a cut-point goes to the ``lower`` tier (as ``qcut`` does) or
    the ``upper`` one. Equal values always share a tier. Computed by
    :func:`parlib.analysis.assign_tiers`.

    >>> Tiers(labels=("High", "Low")).labels
    ('High', 'Low')
    >>> Tiers(labels=("A",))
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: tiers need at least two labels @ $.labels
    """

    labels: tuple[str, ...] = attrs.field(converter=_tier_labels)
    boundary: TierBoundary = "lower"
    note: str = ""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if len(self.labels) < 2:
            problems.append(Problem("tiers need at least two labels", "$.labels"))
        for i, label in enumerate(self.labels):
            if not isinstance(label, str) or not label.strip() or label in self.labels[:i]:
                problems.append(Problem(f"tier labels are distinct non-empty strings, got {label!r}", f"$.labels[{i}]"))
        if self.boundary not in ("lower", "upper"):
            problems.append(Problem(f"boundary must be lower or upper, got {self.boundary!r}", "$.boundary"))
        if problems:
            raise ModelError(problems)


def _optional_tiers(value: Tiers | Mapping[str, object] | None) -> Tiers | None:
    if value is None or isinstance(value, Tiers):
        return value
    return Tiers(**value)  # type: ignore[arg-type]


def _layer_problems(layers: tuple[str, ...], has_survey: bool) -> list[Problem]:
    """Layer names are distinct non-empty strings; survey-scored criteria need the survey layer."""
    problems = [
        Problem(f"layer names are distinct non-empty strings, got {name!r}", f"$.layers[{i}]")
        for i, name in enumerate(layers)
        if not isinstance(name, str) or not name.strip() or name in layers[:i]
    ]
    if not layers:
        problems.append(Problem("a framework needs at least one layer", "$.layers"))
    if has_survey and SURVEY_LAYER not in layers:
        problems.append(Problem(f"survey-scored criteria need a {SURVEY_LAYER!r} layer", "$.layers"))
    return problems


def _criteria(value: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return tuple(value)


def _languages(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Framework:
    """
    An assessment framework: identity, a tree of criteria, and how to score and show it.

    Checked on construction: ids unique in the tree; in an additive framework
    every stated max equals the sum of its children's; labels carry every
    language in ``languages``; bands go from the highest bound down.
    ``layers`` names the score layers of an inspection, in order (default
    :data:`LAYERS`: self, appraisal-1, explanation, appraisal-2, survey, final).

    >>> leaf = Criterion(id="1", label={"en": "a", "vi": "a"}, max=1, rule={"type": "boolean"})
    >>> Framework(id="f", version="1", title={"en": "F", "vi": "F"}, criteria=[leaf, leaf])
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: duplicate id '1' (first at $.criteria[0]) @ $.criteria[1].id
    """

    id: str = attrs.field(validator=_check_id)
    version: str
    title: Label = attrs.field(converter=to_label)
    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria)
    status: Status = "draft"
    note: str = ""
    issuer: str = ""
    legal_basis: str = ""
    level: Level = "other"
    aggregation: Aggregation = attrs.field(factory=Additive, converter=to_aggregation)
    na_policy: NAPolicy = "exclude"
    na_min_share: Fraction | None = attrs.field(default=None, converter=_na_min_share)
    max: Fraction | None = attrs.field(default=None, converter=_max)
    rounding: RoundingPolicy = attrs.field(factory=RoundingPolicy)
    bands: tuple[Band, ...] = attrs.field(default=(), converter=_bands)
    tiers: Tiers | None = attrs.field(default=None, converter=_optional_tiers)
    languages: tuple[str, ...] = attrs.field(default=("vi", "en"), converter=_languages)
    layers: tuple[str, ...] = attrs.field(default=LAYERS, converter=_languages)
    _index: dict[str, Criterion] = attrs.field(init=False, eq=False, repr=False, alias="_index")
    _paths: dict[str, str] = attrs.field(init=False, eq=False, repr=False, alias="_paths")
    _parents: dict[str, str | None] = attrs.field(init=False, eq=False, repr=False, alias="_parents")
    _maxima: dict[str, Fraction] = attrs.field(init=False, eq=False, repr=False, alias="_maxima")

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = _share_problems(self.na_min_share, "$.na_min_share")
        index: dict[str, Criterion] = {}
        paths: dict[str, str] = {}
        parents: dict[str, str | None] = {}
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_maxima", {})
        if self.status not in STATUSES:
            problems.append(Problem(f"status must be one of {', '.join(STATUSES)}, got {self.status!r}", "$.status"))
        if self.level not in LEVELS:
            problems.append(Problem(f"level must be one of {', '.join(LEVELS)}, got {self.level!r}", "$.level"))
        if not self.criteria:
            problems.append(Problem("a framework needs at least one criterion", "$.criteria"))
        if self.na_policy not in NA_POLICIES:
            known = ", ".join(NA_POLICIES)
            problems.append(Problem(f"na_policy must be one of {known}, got {self.na_policy!r}", "$.na_policy"))
        problems += self._check_label(self.title, "$.title")
        for i, top in enumerate(self.criteria):
            if top.role != "normal" and not self.aggregation.additive:
                problems.append(Problem(f"a {top.role} section needs an additive framework", f"$.criteria[{i}].role"))

        def visit(node: Criterion, path: str, parent: str | None) -> None:
            if node.id in index:
                problems.append(Problem(f"duplicate id {node.id!r} (first at {paths[node.id]})", path + ".id"))
            else:
                index[node.id] = node
                paths[node.id] = path
                parents[node.id] = parent
            problems.extend(self._check_label(node.label, path + ".label"))
            if node.role != "normal" and parent is not None:
                problems.append(Problem(f"a {node.role} section must be a top-level criterion", path + ".role"))
            for i, child in enumerate(node.children):
                visit(child, f"{path}.children[{i}]", node.id)
            additive = (node.aggregation or self.aggregation).additive
            if additive and node.children and node.max is not None:
                total = sum((self.maximum_of(c) for c in node.children), Fraction(0))
                if total != node.max:
                    problems.append(
                        Problem(
                            f"max {describe(node.max)} of {node.id!r} is not the sum of its children's"
                            f" maxima ({describe(total)})",
                            path + ".max",
                        )
                    )

        for i, top in enumerate(self.criteria):
            visit(top, f"$.criteria[{i}]", None)
        if self.aggregation.additive and self.max is not None:
            total = sum((self.maximum_of(c) for c in self.criteria if c.role == "normal"), Fraction(0))
            if total != self.max:
                problems.append(
                    Problem(
                        f"max {describe(self.max)} is not the sum of the criteria's maxima ({describe(total)})", "$.max"
                    )
                )
        problems += _layer_problems(self.layers, any(c.survey for c in index.values()))
        labels = [b.label for b in self.bands]
        for i, band in enumerate(self.bands):
            if band.label in labels[:i]:
                problems.append(Problem(f"duplicate band label {band.label!r}", f"$.bands[{i}].label"))
            if i and band.bound > self.bands[i - 1].bound:
                problems.append(Problem("bands go from the highest bound down", f"$.bands[{i}]"))
        if problems:
            raise ModelError(problems)
        object.__setattr__(self, "_paths", paths)
        object.__setattr__(self, "_parents", parents)

    def _check_label(self, label: Label, path: str) -> list[Problem]:
        missing = [lang for lang in self.languages if lang not in label.languages]
        if missing:
            return [Problem(f"label has no text in {', '.join(missing)}", path)]
        return []

    @property
    def maximum(self) -> Fraction:
        """
        The stated total max; else, where points add up, the sum of the normal
        top-level criteria's maxima; else 100.

        >>> from parlib import examples
        >>> examples.framework().maximum
        Fraction(100, 1)
        """
        if self.max is not None:
            return self.max
        if not self.aggregation.additive:
            return Fraction(100)
        return sum((self.maximum_of(c) for c in self.criteria if c.role == "normal"), Fraction(0))

    def aggregation_of(self, criterion: Criterion) -> Aggregation:
        """
        The aggregation that combines *criterion*'s children (its own, else the framework's).

        >>> from parlib import examples
        >>> examples.framework().aggregation_of(examples.framework().criterion("1")).type
        'additive'
        """
        return criterion.aggregation or self.aggregation

    def maximum_of(self, criterion: Criterion) -> Fraction:
        """
        A criterion's maximum: stated, else the sum of its children's where points add up, else 100.

        >>> from parlib import examples
        >>> examples.framework().maximum_of(examples.framework().criterion("1"))
        Fraction(10, 1)
        """
        cached = self._maxima.get(criterion.id)
        if cached is not None and self._index.get(criterion.id) is criterion:
            return cached
        if criterion.max is not None:
            value = criterion.max
        elif criterion.children and not self.aggregation_of(criterion).additive:
            value = Fraction(100)
        else:
            value = sum((self.maximum_of(c) for c in criterion.children), Fraction(0))
        if self._index.get(criterion.id) is criterion:
            self._maxima[criterion.id] = value
        return value

    def criterion(self, criterion_id: str) -> Criterion:
        """
        The criterion with this id, or :class:`~parlib.errors.UnknownNameError`.

        >>> from parlib import examples
        >>> examples.framework().criterion("1").label.get("en")[:9]
        'Direction'
        """
        try:
            return self._index[criterion_id]
        except KeyError:
            from parlib.errors import UnknownNameError

            raise UnknownNameError("criterion", criterion_id, self._index) from None

    def __contains__(self, criterion_id: object) -> bool:
        return isinstance(criterion_id, str) and criterion_id in self._index

    def path_of(self, criterion_id: str) -> str:
        """
        The key path of a criterion in the framework file, e.g. ``$.criteria[0].children[1]``.

        >>> from parlib import examples
        >>> examples.framework().path_of("1")
        '$.criteria[0]'
        """
        return self._paths[criterion_id]

    def parent_of(self, criterion_id: str) -> str | None:
        """
        The parent's id, or ``None`` for a top-level criterion.

        >>> from parlib import examples
        >>> examples.framework().parent_of("1") is None
        True
        """
        return self._parents[criterion_id]

    def walk(self) -> Iterator[Criterion]:
        """
        Every criterion, depth first, in order.

        >>> from parlib import examples
        >>> sum(1 for c in examples.framework().walk() if c.is_leaf) >= 30
        True
        """
        for top in self.criteria:
            yield from top.walk()

    def leaves(self) -> Iterator[Criterion]:
        """
        Every leaf criterion, in order.

        >>> from parlib import examples
        >>> all(c.rule is not None for c in examples.framework().leaves())
        True
        """
        return (c for c in self.walk() if c.is_leaf)

    def band_for(self, index: Fraction | None) -> Band | None:
        """
        The first band that *index* reaches, or ``None``.

        >>> fw = Framework(id="f", version="1", title={"en": "F", "vi": "F"},
        ...     criteria=[Criterion(id="1", label={"en": "a", "vi": "a"}, max=1, rule={"type": "manual"})],
        ...     bands=[Band(label="A", gte=90), Band(label="B", gte=80)])
        >>> fw.band_for(Fraction(85)).label
        'B'
        """
        if index is None:
            return None
        return next((b for b in self.bands if b.holds(index)), None)
