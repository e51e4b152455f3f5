"""
Applying a profile: which items are selected, and each item's weight and role.

Selectors are applied in document order after those of the profile being
extended (NIST IR 7275r4 section 7.2.3.4); a selector naming a
``cluster-id`` applies to every item of that cluster. ``refine-rule`` sets
the weight of rules and groups and the role of rules. With ``compat =
"openscap"`` refined weights are ignored, as OpenSCAP 1.3.7 ignores them
when it scores (it still applies refined roles).

>>> from fractions import Fraction
>>> from parlib.xccdf.model import Benchmark, Profile, RefineRule, Rule, Select
>>> bench = Benchmark(id="b", items=(Rule(id="r1"), Rule(id="r2", selected=False)),
...     profiles=(Profile(id="p", selectors=(Select("r2", True), RefineRule("r1", weight=Fraction(3)))),))
>>> t = tailor(bench, "p")
>>> t.selected("r2"), t.weight(bench.item("r1")), tailor(bench, "p", compat="openscap").weight(bench.item("r1"))
(True, Fraction(3, 1), Fraction(1, 1))
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import attrs

from parlib.aggregation.xccdf import Compat
from parlib.errors import LoadError, ParlibError, Problem
from parlib.xccdf.model import Benchmark, Group, Profile, RefineRule, Role, Rule, Select

__all__ = ["Tailoring", "profile_chain", "tailor"]


@attrs.frozen
class Tailoring:
    """
    A benchmark as a profile leaves it: the selected state, weight and role of every item.

    Items a profile does not touch keep their own attributes.

    >>> from parlib.xccdf.model import Benchmark, Rule
    >>> t = tailor(Benchmark(id="b", items=(Rule(id="r", role="unscored"),)))
    >>> t.role(t.benchmark.item("r")), t.profile is None
    ('unscored', True)
    """

    benchmark: Benchmark
    profile: Profile | None = None
    compat: Compat = "spec"
    selections: dict[str, bool] = attrs.field(factory=dict, eq=False, repr=False)
    weights: dict[str, Fraction] = attrs.field(factory=dict, eq=False, repr=False)
    roles: dict[str, Role] = attrs.field(factory=dict, eq=False, repr=False)

    def selected(self, item_id: str) -> bool:
        """
        Whether the item itself is selected (its groups may still exclude it; see :meth:`selected_items`).

        >>> from parlib.xccdf.model import Benchmark, Rule
        >>> tailor(Benchmark(id="b", items=(Rule(id="r", selected=False),))).selected("r")
        False
        """
        return self.selections.get(item_id, self.benchmark.item(item_id).selected)

    def weight(self, item: Group | Rule) -> Fraction:
        """
        The item's weight after ``refine-rule`` (in ``spec`` mode).

        >>> from parlib.xccdf.model import Benchmark, Rule
        >>> tailor(Benchmark(id="b", items=(Rule(id="r"),))).weight(Rule(id="r"))
        Fraction(1, 1)
        """
        return self.weights.get(item.id, item.weight)

    def role(self, rule: Rule) -> Role:
        """
        The rule's role after ``refine-rule``.

        >>> from parlib.xccdf.model import Benchmark, Rule
        >>> tailor(Benchmark(id="b", items=(Rule(id="r"),))).role(Rule(id="r"))
        'full'
        """
        return self.roles.get(rule.id, rule.role)

    def children(self, parent: Group | None) -> Iterator[Group | Rule]:
        """
        The selected children of a group (of the benchmark for ``None``), in order.

        >>> from parlib.xccdf.model import Benchmark, Rule
        >>> [r.id for r in tailor(Benchmark(id="b", items=(Rule(id="a"), Rule(id="b", selected=False)))).children(None)]
        ['a']
        """
        items = self.benchmark.items if parent is None else parent.children
        return (i for i in items if self.selected(i.id))

    def selected_rules(self) -> Iterator[Rule]:
        """
        Every rule that is selected and whose groups are all selected, in document order.

        >>> from parlib.xccdf.model import Benchmark, Group, Rule
        >>> bench = Benchmark(id="b", items=(Group(id="g", selected=False, children=(Rule(id="r"),)),))
        >>> list(tailor(bench).selected_rules())
        []
        """

        def below(parent: Group | None) -> Iterator[Rule]:
            for item in self.children(parent):
                if isinstance(item, Group):
                    yield from below(item)
                else:
                    yield item

        return below(None)


def profile_chain(benchmark: Benchmark, profile: Profile) -> list[Profile]:
    """
    The profile and those it extends, the furthest ancestor first; a loop is a
    :class:`~parlib.errors.LoadError`.

    >>> from parlib.xccdf.model import Benchmark, Profile
    >>> b = Benchmark(id="b", profiles=(Profile(id="a"), Profile(id="c", extends="a")))
    >>> [p.id for p in profile_chain(b, b.profile("c"))]
    ['a', 'c']
    """
    chain = [profile]
    while chain[0].extends:
        parent = benchmark.profile(chain[0].extends)
        if parent in chain:
            loop = " -> ".join(p.id for p in (*reversed(chain), parent))
            raise LoadError(benchmark.source, [Problem(f"profiles extend each other in a loop: {loop}", profile.path)])
        chain.insert(0, parent)
    return chain


def tailor(benchmark: Benchmark, profile: str | None = None, *, compat: Compat = "spec") -> Tailoring:
    """
    Apply the profile with id *profile* (or none) to *benchmark*.

    A profile that does not exist, or is abstract, is a :class:`~parlib.errors.LoadError`.

    >>> from parlib.xccdf.model import Benchmark
    >>> tailor(Benchmark(id="b", source="b.xml"), "nope")
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: b.xml: unknown XCCDF profile 'nope'; known:  @ /Benchmark/Profile
    """
    if profile is None:
        return Tailoring(benchmark, None, compat)
    try:
        found = benchmark.profile(profile)
        chain = profile_chain(benchmark, found)
    except ParlibError as exc:
        if isinstance(exc, LoadError):
            raise
        raise LoadError(benchmark.source, [Problem(str(exc), "/Benchmark/Profile")]) from None
    if found.abstract:
        raise LoadError(benchmark.source, [Problem(f"profile {found.id!r} is abstract: it cannot be used", found.path)])
    selections: dict[str, bool] = {}
    weights: dict[str, Fraction] = {}
    roles: dict[str, Role] = {}
    clusters: dict[str, list[Group | Rule]] = {}
    for item in benchmark.walk():
        if item.cluster_id:
            clusters.setdefault(item.cluster_id, []).append(item)
    for link in chain:
        for sel in link.selectors:
            targets = [benchmark.item(sel.idref)] if sel.idref in benchmark else clusters.get(sel.idref, [])
            for item in targets:
                if isinstance(sel, Select):
                    selections[item.id] = sel.selected
                    continue
                assert isinstance(sel, RefineRule)  # noqa: S101  (the only other selector)
                if sel.weight is not None and compat == "spec":
                    weights[item.id] = sel.weight
                if sel.role is not None and isinstance(item, Rule):
                    roles[item.id] = sel.role
    return Tailoring(benchmark, found, compat, selections, weights, roles)
