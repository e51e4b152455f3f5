"""
What parlib reads from an XCCDF 1.2 document: the benchmark tree, its profiles and its test results.

Only what scoring needs is kept: ids, titles, weights, ``selected``,
``role``, ``cluster-id``, ``requires`` and ``conflicts``, profile selectors,
and every ``rule-result``; a :class:`TailoringFile` holds the profiles of an
XCCDF ``Tailoring`` document.
``path`` and ``line`` (where an element sits in its file, XPath-like) are
left out of equality and serve error messages.

>>> from fractions import Fraction
>>> rule = Rule(id="r1", weight=Fraction(3, 2))
>>> bench = Benchmark(id="b", items=(Group(id="g", children=(rule,)),))
>>> [r.id for r in bench.rules()], bench.item("g").weight
(['r1'], Fraction(1, 1))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import Literal

import attrs

from parlib.errors import UnknownNameError

__all__ = [
    "ROLES",
    "Benchmark",
    "Group",
    "Item",
    "Profile",
    "RefineRule",
    "Role",
    "Rule",
    "RuleResult",
    "Select",
    "StatedScore",
    "TailoringFile",
    "TestResult",
    "match_profile",
]

Role = Literal["full", "unscored", "unchecked"]
ROLES: tuple[Role, ...] = ("full", "unscored", "unchecked")
"""A rule's ``role``: scored (``full``), checked but not scored, or not checked at all."""

_ONE = Fraction(1)


@attrs.frozen
class Rule:
    """
    An ``xccdf:Rule``: a weight relative to its siblings, whether it is selected, and its role.

    ``requires`` holds one tuple of ids per ``requires`` element (met when one of
    them is selected); ``conflicts`` the id of each ``conflicts`` element.

    >>> Rule(id="r").role, Rule(id="r", requires=(("a", "b"),)).requires[0]
    ('full', ('a', 'b'))
    """

    id: str
    title: str = ""
    weight: Fraction = _ONE
    selected: bool = True
    role: Role = "full"
    cluster_id: str = ""
    requires: tuple[tuple[str, ...], ...] = ()
    conflicts: tuple[str, ...] = ()
    path: str = attrs.field(default="", eq=False)
    line: int = attrs.field(default=0, eq=False)


@attrs.frozen
class Group:
    """
    An ``xccdf:Group``: nested groups and rules; an unselected group excludes all of them.

    ``requires`` and ``conflicts`` are read as for a :class:`Rule`.

    >>> Group(id="g", children=(Rule(id="r"),)).children[0].id
    'r'
    """

    id: str
    title: str = ""
    weight: Fraction = _ONE
    selected: bool = True
    cluster_id: str = ""
    children: tuple[Group | Rule, ...] = ()
    requires: tuple[tuple[str, ...], ...] = ()
    conflicts: tuple[str, ...] = ()
    path: str = attrs.field(default="", eq=False)
    line: int = attrs.field(default=0, eq=False)

    def walk(self) -> Iterator[Group | Rule]:
        """
        This group and everything below it, depth first, in document order.

        >>> [i.id for i in Group(id="g", children=(Rule(id="r"),)).walk()]
        ['g', 'r']
        """
        yield self
        for child in self.children:
            if isinstance(child, Group):
                yield from child.walk()
            else:
                yield child


Item = Group | Rule
"""A benchmark item that scoring sees (``xccdf:Value`` items are skipped)."""


@attrs.frozen
class Select:
    """
    A profile's ``select``: the item or cluster ``idref`` becomes selected or not.

    >>> Select("r1", selected=False).selected
    False
    """

    idref: str
    selected: bool
    path: str = attrs.field(default="", eq=False)
    line: int = attrs.field(default=0, eq=False)


@attrs.frozen
class RefineRule:
    """
    A profile's ``refine-rule``: a new weight (rules and groups) or role (rules) for
    the item or cluster ``idref``; ``None`` leaves that property alone.

    >>> RefineRule("r1", weight=Fraction(5)).role is None
    True
    """

    idref: str
    weight: Fraction | None = None
    role: Role | None = None
    path: str = attrs.field(default="", eq=False)
    line: int = attrs.field(default=0, eq=False)


@attrs.frozen
class Profile:
    """
    An ``xccdf:Profile``: selectors applied in document order, after those of the
    profile it ``extends``.

    >>> Profile(id="p", selectors=(Select("r1", True),)).selectors[0].idref
    'r1'
    """

    id: str
    title: str = ""
    extends: str = ""
    abstract: bool = False
    selectors: tuple[Select | RefineRule, ...] = ()
    path: str = attrs.field(default="", eq=False)
    line: int = attrs.field(default=0, eq=False)


@attrs.frozen
class RuleResult:
    """
    One ``rule-result``: the rule it is for and its result (a rule may have several).

    >>> RuleResult("r1", "pass").result
    'pass'
    """

    idref: str
    result: str
    path: str = attrs.field(default="", eq=False)
    line: int = attrs.field(default=0, eq=False)


@attrs.frozen
class StatedScore:
    """
    A ``score`` element as the file states it. parlib never uses it to score:
    it computes every score itself.

    >>> StatedScore("urn:xccdf:scoring:flat", Fraction(2), Fraction(3)).maximum
    Fraction(3, 1)
    """

    system: str
    value: Fraction
    maximum: Fraction | None = None


@attrs.frozen
class TestResult:
    """
    An ``xccdf:TestResult``: the profile it was run with, the target, and every rule-result in order.

    >>> TestResult(id="t", rule_results=(RuleResult("r", "fail"),)).results_by_rule()
    {'r': ['fail']}
    """

    __test__ = False  # not a pytest test class, despite the name

    id: str
    profile: str = ""
    target: str = ""
    start_time: str = ""
    end_time: str = ""
    rule_results: tuple[RuleResult, ...] = ()
    stated_scores: tuple[StatedScore, ...] = ()
    path: str = attrs.field(default="", eq=False)
    line: int = attrs.field(default=0, eq=False)

    def results_by_rule(self) -> dict[str, list[str]]:
        """
        Every rule's results, in document order.

        >>> TestResult(id="t", rule_results=(RuleResult("r", "fail"), RuleResult("r", "pass"))).results_by_rule()
        {'r': ['fail', 'pass']}
        """
        out: dict[str, list[str]] = {}
        for rr in self.rule_results:
            out.setdefault(rr.idref, []).append(rr.result)
        return out


@attrs.frozen
class Benchmark:
    """
    An ``xccdf:Benchmark``: its items (groups and rules, in order), profiles and test results.

    ``source`` names the file it was read from, for error messages.

    >>> Benchmark(id="b").item("x")
    Traceback (most recent call last):
    ...
    parlib.errors.UnknownNameError: unknown XCCDF item 'x'; known:
    """

    id: str
    title: str = ""
    version: str = ""
    items: tuple[Group | Rule, ...] = ()
    profiles: tuple[Profile, ...] = ()
    test_results: tuple[TestResult, ...] = ()
    models: tuple[str, ...] = ()
    source: str = attrs.field(default="", eq=False)
    _index: dict[str, Group | Rule] = attrs.field(init=False, eq=False, repr=False, alias="_index")
    _clusters: dict[str, tuple[Group | Rule, ...]] = attrs.field(init=False, eq=False, repr=False, alias="_clusters")

    def __attrs_post_init__(self) -> None:
        index: dict[str, Group | Rule] = {}
        clusters: dict[str, list[Group | Rule]] = {}
        for top in self.items:
            for item in top.walk() if isinstance(top, Group) else (top,):
                index.setdefault(item.id, item)
                if item.cluster_id:
                    clusters.setdefault(item.cluster_id, []).append(item)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_clusters", {k: tuple(v) for k, v in clusters.items()})

    def walk(self) -> Iterator[Group | Rule]:
        """
        Every group and rule, depth first, in document order.

        >>> [i.id for i in Benchmark(id="b", items=(Rule(id="r"),)).walk()]
        ['r']
        """
        for top in self.items:
            if isinstance(top, Group):
                yield from top.walk()
            else:
                yield top

    def rules(self) -> Iterator[Rule]:
        """
        Every rule, in document order.

        >>> list(Benchmark(id="b").rules())
        []
        """
        return (i for i in self.walk() if isinstance(i, Rule))

    def item(self, item_id: str) -> Group | Rule:
        """
        The group or rule with this id, or :class:`~parlib.errors.UnknownNameError`.

        >>> Benchmark(id="b", items=(Rule(id="r"),)).item("r").id
        'r'
        """
        try:
            return self._index[item_id]
        except KeyError:
            raise UnknownNameError("XCCDF item", item_id, self._index) from None

    def cluster(self, cluster_id: str) -> tuple[Group | Rule, ...]:
        """
        The groups and rules whose ``cluster-id`` is *cluster_id*, in document order (empty if none).

        >>> [i.id for i in Benchmark(id="b", items=(Rule(id="r", cluster_id="c"),)).cluster("c")]
        ['r']
        """
        return self._clusters.get(cluster_id, ())

    def __contains__(self, item_id: object) -> bool:
        return isinstance(item_id, str) and item_id in self._index

    def profile(self, profile_id: str) -> Profile:
        """
        The profile with this id, or else the only one whose id ends in ``_`` + *profile_id*
        (as ``oscap --profile`` accepts); :class:`~parlib.errors.UnknownNameError` otherwise.

        >>> b = Benchmark(id="b", profiles=(Profile(id="xccdf_org.example_profile_standard"),))
        >>> b.profile("standard").id
        'xccdf_org.example_profile_standard'
        """
        return match_profile(self.profiles, profile_id)

    def test_result(self, result_id: str | None = None) -> TestResult | None:
        """
        The test result with this id, or the last one in the file when *result_id* is ``None``
        (``None`` when the file has none).

        >>> Benchmark(id="b").test_result() is None
        True
        """
        if result_id is None:
            return self.test_results[-1] if self.test_results else None
        for t in self.test_results:
            if t.id == result_id:
                return t
        raise UnknownNameError("XCCDF TestResult", result_id, [t.id for t in self.test_results])


def match_profile(profiles: Iterable[Profile], profile_id: str) -> Profile:
    """
    The profile with id *profile_id*, or else the only one whose id ends in ``_`` +
    *profile_id* (as ``oscap --profile`` accepts); :class:`~parlib.errors.UnknownNameError`
    otherwise. The first of several profiles with the same id wins.

    >>> match_profile([Profile(id="x_profile_a"), Profile(id="x_profile_ab")], "a").id
    'x_profile_a'
    """
    candidates = tuple(profiles)
    for p in candidates:
        if p.id == profile_id:
            return p
    matches = {p.id: p for p in reversed(candidates) if p.id.endswith("_" + profile_id)}
    if len(matches) == 1:
        return next(iter(matches.values()))
    raise UnknownNameError("XCCDF profile", profile_id, {p.id for p in candidates})


@attrs.frozen
class TailoringFile:
    """
    An XCCDF 1.2 ``Tailoring`` document: profiles kept apart from the benchmark they tailor
    (``oscap xccdf eval --tailoring-file``).

    ``benchmark_href``, ``benchmark_id`` and ``benchmark_version`` are what its
    ``benchmark`` element says about the benchmark it was written for (the
    schema calls that reference purely informative). ``source`` names the file.

    >>> t = TailoringFile(id="x_tailoring_t", profiles=(Profile(id="x_profile_mine", extends="x_profile_std"),))
    >>> t.profile("mine").extends
    'x_profile_std'
    """

    id: str
    version: str = ""
    version_time: str = ""
    benchmark_href: str = ""
    benchmark_id: str = ""
    benchmark_version: str = ""
    profiles: tuple[Profile, ...] = ()
    source: str = attrs.field(default="", eq=False)
    path: str = attrs.field(default="", eq=False)

    def profile(self, profile_id: str) -> Profile:
        """
        The profile with this id, or the only one whose id ends in ``_`` + *profile_id*.

        >>> TailoringFile(id="t").profile("p")
        Traceback (most recent call last):
        ...
        parlib.errors.UnknownNameError: unknown XCCDF profile 'p'; known:
        """
        return match_profile(self.profiles, profile_id)
