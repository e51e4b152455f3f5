"""
Applying a profile: which items are selected, and each item's weight and role.

Selectors are applied in document order after those of the profile being
extended (NIST IR 7275r4 section 7.2.3.4); a selector naming a
``cluster-id`` applies to every item of that cluster. ``refine-rule`` sets
the weight of rules and groups and the role of rules. With ``compat =
"openscap"`` refined weights are ignored, as OpenSCAP 1.3.7 ignores them
when it scores (it still applies refined roles), and a ``refine-rule``
without a ``role`` sets the role ``full``, as OpenSCAP reads it (it writes
``role="full"`` back into the profiles of its results file).

The profile may come from an XCCDF ``Tailoring`` file (a
:class:`~parlib.xccdf.model.TailoringFile`, ``oscap xccdf eval
--tailoring-file``): its profiles shadow the benchmark's profiles of the same
id and are applied exactly like them. ``refine-value`` and ``set-value`` are
not read: they change the values checks are run with, and parlib scores
results without running checks.

Then ``requires`` and ``conflicts`` are processed (section 7.2.3.3.2): in
document order, an item that is selected but whose ``requires`` lists are
not each met by one selected item, or one of whose ``conflicts`` items is
selected, becomes unselected. Items below an unselected group are not
processed and keep their own selected state; with ``compat = "openscap"``
every item below a group that ``requires``/``conflicts`` unselected becomes
unselected too, as OpenSCAP 1.3.7 does.

>>> from fractions import Fraction
>>> from parlib.xccdf.model import Benchmark, Profile, RefineRule, Rule, Select
>>> bench = Benchmark(id="b", items=(Rule(id="r1"), Rule(id="r2", selected=False)),
...     profiles=(Profile(id="p", selectors=(Select("r2", True), RefineRule("r1", weight=Fraction(3)))),))
>>> t = tailor(bench, "p")
>>> t.selected("r2"), t.weight(bench.item("r1")), tailor(bench, "p", compat="openscap").weight(bench.item("r1"))
(True, Fraction(3, 1), Fraction(1, 1))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction

import attrs

from parlib.aggregation.xccdf import Compat
from parlib.errors import LoadError, Problem, UnknownNameError
from parlib.xccdf.model import (
    Benchmark,
    Group,
    Profile,
    RefineRule,
    Role,
    Rule,
    Select,
    TailoringFile,
    TestResult,
    match_profile,
)

__all__ = [
    "Tailoring",
    "find_profile",
    "profile_chain",
    "selector_problems",
    "tailor",
    "tailor_for_result",
    "tailoring_problems",
]


@attrs.frozen
class Tailoring:
    """
    A benchmark as a profile leaves it: the selected state, weight and role of every item.

    Items a profile does not touch keep their own attributes. ``file`` is the
    tailoring file the profile came from (if any), ``deselected`` says why
    ``requires``/``conflicts`` unselected an item, and ``notes`` holds warnings
    (a tailoring file written for another benchmark).

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
    file: TailoringFile | None = attrs.field(default=None, eq=False, repr=False)
    deselected: dict[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    notes: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False)

    def selected(self, item_id: str) -> bool:
        """
        Whether the item itself is selected, after the profile and ``requires``/``conflicts``
        (its groups may still exclude it; see :meth:`selected_rules`).

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


def selector_problems(benchmark: Benchmark, profile: Profile) -> list[Problem]:
    """
    One problem for each ``select`` or ``refine-rule`` of *profile* that names no group,
    rule or ``cluster-id`` of *benchmark*.

    >>> from parlib.xccdf.model import Benchmark, Profile, Select
    >>> [p.message for p in selector_problems(Benchmark(id="b"), Profile(id="p", selectors=(Select("x", True),)))]
    ["select names 'x', which is neither a group, a rule nor a cluster-id of this benchmark (line 0)"]
    """
    problems = []
    for sel in profile.selectors:
        if sel.idref not in benchmark and not benchmark.cluster(sel.idref):
            kind = "select" if isinstance(sel, Select) else "refine-rule"
            problems.append(
                Problem(
                    f"{kind} names {sel.idref!r}, which is neither a group, a rule nor a cluster-id"
                    f" of this benchmark (line {sel.line})",
                    f"{sel.path}/@idref",
                )
            )
    return problems


def find_profile(benchmark: Benchmark, profile_id: str, tailoring: TailoringFile | None = None) -> Profile:
    """
    The profile with id *profile_id* (or a unique id suffix, as ``oscap --profile``
    accepts): the tailoring file's profiles first, so that one of them shadows a
    benchmark profile of the same id. :class:`~parlib.errors.UnknownNameError` if none.

    >>> from parlib.xccdf.model import Benchmark, Profile, TailoringFile
    >>> b = Benchmark(id="b", profiles=(Profile(id="x_profile_std", title="benchmark's"),))
    >>> t = TailoringFile(id="t", profiles=(Profile(id="x_profile_std", title="tailored", extends="x_profile_std"),))
    >>> find_profile(b, "std").title, find_profile(b, "std", t).title
    ("benchmark's", 'tailored')
    """
    profiles = benchmark.profiles if tailoring is None else (*tailoring.profiles, *benchmark.profiles)
    return match_profile(profiles, profile_id)


def _in(profile: Profile, tailoring: TailoringFile | None) -> bool:
    return tailoring is not None and any(p is profile for p in tailoring.profiles)


def _parent(benchmark: Benchmark, profile: Profile, tailoring: TailoringFile | None, compat: Compat) -> Profile:
    """The profile *profile* extends (see :func:`profile_chain`)."""
    tailored = _in(profile, tailoring)
    if tailored and tailoring is not None:
        sibling = next((p for p in tailoring.profiles if p.id == profile.extends and p is not profile), None)
        if sibling is not None and compat == "openscap":
            return sibling
        if sibling is not None and profile.extends not in {p.id for p in benchmark.profiles}:
            raise LoadError(
                tailoring.source,
                [
                    Problem(
                        f"profile {profile.id!r} extends {profile.extends!r}, a profile of this tailoring file:"
                        " the specification (NIST IR 7275r4 section 7.2.2, Loading.Resolve.Tailoring) lets a"
                        " tailoring profile extend only a profile of the benchmark (--compat openscap accepts it,"
                        " as OpenSCAP does)",
                        f"{profile.path}/@extends",
                    )
                ],
            )
    for candidate in benchmark.profiles:
        if candidate.id == profile.extends:
            return candidate
    where = (
        "a profile of neither the benchmark nor the tailoring file" if tailored else "not a profile of this benchmark"
    )
    raise LoadError(
        tailoring.source if tailored and tailoring is not None else benchmark.source,
        [
            Problem(
                f"profile {profile.id!r} extends {profile.extends!r}, which is {where}",
                f"{profile.path}/@extends",
            )
        ],
    )


def profile_chain(
    benchmark: Benchmark, profile: Profile, *, tailoring: TailoringFile | None = None, compat: Compat = "spec"
) -> list[Profile]:
    """
    The profile and those it extends, the furthest ancestor first; a loop or a missing
    profile is a :class:`~parlib.errors.LoadError`.

    A benchmark profile extends a benchmark profile. A profile of *tailoring*
    extends a profile of the benchmark (one with its own id, when it shadows
    that profile); with ``compat = "openscap"``, as in OpenSCAP, a profile of
    the same tailoring file comes first (never the profile itself).

    >>> from parlib.xccdf.model import Benchmark, Profile
    >>> b = Benchmark(id="b", profiles=(Profile(id="a"), Profile(id="c", extends="a")))
    >>> [p.id for p in profile_chain(b, b.profile("c"))]
    ['a', 'c']
    """
    chain = [profile]
    while chain[0].extends:
        parent = _parent(benchmark, chain[0], tailoring, compat)
        if any(parent is p for p in chain):
            loop = " -> ".join(p.id for p in (*reversed(chain), parent))
            file = tailoring.source if _in(profile, tailoring) and tailoring is not None else benchmark.source
            raise LoadError(file, [Problem(f"profiles extend each other in a loop: {loop}", profile.path)])
        chain.insert(0, parent)
    return chain


def tailoring_problems(benchmark: Benchmark, tailoring: TailoringFile, compat: Compat = "spec") -> list[Problem]:
    """
    Why *tailoring* cannot be applied to *benchmark*: selectors naming nothing, profiles
    extending nothing (or each other in a loop) and, with ``compat = "spec"``, a profile
    with the id of a benchmark profile that it does not extend (the specification's
    Loading.Resolve.Tailoring; OpenSCAP lets it shadow that profile).

    >>> from parlib.xccdf.model import Benchmark, Profile, TailoringFile
    >>> b = Benchmark(id="b", profiles=(Profile(id="p"),))
    >>> t = TailoringFile(id="t", profiles=(Profile(id="p"),))
    >>> [p.message for p in tailoring_problems(b, t)], tailoring_problems(b, t, "openscap")
    (["profile 'p' has the id of a profile of the benchmark but does not extend it: the specification (NIST IR 7275r4 section 7.2.2, Loading.Resolve.Tailoring) refuses that (--compat openscap lets it replace the benchmark's profile, as OpenSCAP does)"], [])
    """
    problems: list[Problem] = []
    benchmark_ids = {p.id for p in benchmark.profiles}
    for profile in tailoring.profiles:
        problems.extend(selector_problems(benchmark, profile))
        if compat == "spec" and profile.id in benchmark_ids and profile.extends != profile.id:
            problems.append(
                Problem(
                    f"profile {profile.id!r} has the id of a profile of the benchmark but does not extend it:"
                    " the specification (NIST IR 7275r4 section 7.2.2, Loading.Resolve.Tailoring) refuses that"
                    " (--compat openscap lets it replace the benchmark's profile, as OpenSCAP does)",
                    profile.path,
                )
            )
        try:
            profile_chain(benchmark, profile, tailoring=tailoring, compat=compat)
        except LoadError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
    return problems


def _reference_notes(benchmark: Benchmark, tailoring: TailoringFile) -> tuple[str, ...]:
    """Warnings when the tailoring file says it was written for another benchmark or version."""
    notes = []
    if tailoring.benchmark_id and tailoring.benchmark_id != benchmark.id:
        notes.append(
            f"the tailoring file {tailoring.source} names benchmark {tailoring.benchmark_id!r}, not"
            f" {benchmark.id!r}: applied all the same (the reference is informative; every id it uses exists)"
        )
    if tailoring.benchmark_version and tailoring.benchmark_version != benchmark.version:
        notes.append(
            f"the tailoring file {tailoring.source} names benchmark version {tailoring.benchmark_version!r},"
            f" not {benchmark.version!r}: applied all the same"
        )
    return tuple(notes)


def _dependencies(benchmark: Benchmark, selections: dict[str, bool], compat: Compat) -> dict[str, str]:
    """
    Process ``requires`` and ``conflicts`` in document order (section 7.2.3.3.2),
    unselecting items in *selections*; returns why each was unselected.
    """
    reasons: dict[str, str] = {}

    def state(item_id: str) -> bool:
        return selections.get(item_id, benchmark.item(item_id).selected)

    def visit(items: tuple[Group | Rule, ...]) -> None:
        for item in items:
            if not state(item.id):
                continue  # an unselected item is not processed, nor is anything below it
            why = _unmet(item, state)
            if why:
                selections[item.id] = False
                reasons[item.id] = why
                if compat == "openscap" and isinstance(item, Group):
                    selections.update((below.id, False) for below in item.walk())
            elif isinstance(item, Group):
                visit(item.children)

    if any(item.requires or item.conflicts for item in benchmark.walk()):
        visit(benchmark.items)
    return reasons


def _unmet(item: Group | Rule, state: Callable[[str], bool]) -> str:
    """Why *item*'s requires or conflicts are not met ("" when they are)."""
    for ids in item.requires:
        if not any(state(i) for i in ids):
            names = " or ".join(ids)
            return f"requires {names}, which {'is' if len(ids) == 1 else 'are'} not selected"
    for conflict in item.conflicts:
        if state(conflict):
            return f"conflicts with {conflict}, which is selected"
    return ""


def tailor(
    benchmark: Benchmark,
    profile: str | None = None,
    *,
    compat: Compat = "spec",
    tailoring: TailoringFile | None = None,
) -> Tailoring:
    """
    Apply the profile with id *profile* (or none) to *benchmark*, then its ``requires`` and ``conflicts``.

    The profile is looked up in *tailoring* first, then in the benchmark. A
    profile that does not exist, or is abstract, and a tailoring file that does
    not fit the benchmark (see :func:`tailoring_problems`) are a
    :class:`~parlib.errors.LoadError`.

    >>> from parlib.xccdf.model import Benchmark
    >>> tailor(Benchmark(id="b", source="b.xml"), "nope")
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: b.xml: unknown XCCDF profile 'nope'; known:  @ /Benchmark/Profile
    """
    notes: tuple[str, ...] = ()
    if tailoring is not None:
        problems = tailoring_problems(benchmark, tailoring, compat)
        if problems:
            raise LoadError(tailoring.source, problems)
        notes = _reference_notes(benchmark, tailoring)
    selections: dict[str, bool] = {}
    weights: dict[str, Fraction] = {}
    roles: dict[str, Role] = {}
    found = None
    if profile is not None:
        try:
            found = find_profile(benchmark, profile, tailoring)
        except UnknownNameError as exc:
            file, where = (
                (benchmark.source, "/Benchmark/Profile")
                if tailoring is None
                else (tailoring.source, "/Tailoring/Profile")
            )
            raise LoadError(file, [Problem(str(exc), where)]) from None
        chain = profile_chain(benchmark, found, tailoring=tailoring, compat=compat)
        if found.abstract:
            file = tailoring.source if _in(found, tailoring) and tailoring is not None else benchmark.source
            raise LoadError(file, [Problem(f"profile {found.id!r} is abstract: it cannot be used", found.path)])
        for link in chain:
            for sel in link.selectors:
                targets = (benchmark.item(sel.idref),) if sel.idref in benchmark else benchmark.cluster(sel.idref)
                for item in targets:
                    if isinstance(sel, Select):
                        selections[item.id] = sel.selected
                        continue
                    assert isinstance(sel, RefineRule)  # noqa: S101  (the only other selector)
                    if sel.weight is not None and compat == "spec":
                        weights[item.id] = sel.weight
                    role = sel.role or ("full" if compat == "openscap" else None)
                    if role is not None and isinstance(item, Rule):
                        roles[item.id] = role
    deselected = _dependencies(benchmark, selections, compat)
    return Tailoring(benchmark, found, compat, selections, weights, roles, tailoring, deselected, notes)


def tailor_for_result(
    benchmark: Benchmark,
    run: TestResult | None,
    profile: str | None = None,
    *,
    compat: Compat = "spec",
    tailoring: TailoringFile | None = None,
) -> Tailoring:
    """
    :func:`tailor` with *profile*, or else with the profile the TestResult *run* names.

    ``oscap xccdf eval --tailoring-file`` writes a TestResult naming a profile of
    the tailoring file, which the benchmark lacks: without that file it is a
    :class:`~parlib.errors.LoadError` that says so.

    >>> from parlib.xccdf.model import Benchmark, TestResult
    >>> run = TestResult(id="t", profile="x_profile_mine", path="/Benchmark/TestResult")
    >>> tailor_for_result(Benchmark(id="b", source="r.xml"), run)
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: r.xml: the TestResult names profile 'x_profile_mine', which is not in this benchmark: oscap writes that when the profile came from a tailoring file; pass that file (--tailoring FILE) @ /Benchmark/TestResult/profile/@idref
    """
    if profile is None and run is not None and run.profile:
        try:
            find_profile(benchmark, run.profile, tailoring)
        except UnknownNameError:
            hint = (
                ": oscap writes that when the profile came from a tailoring file; pass that file (--tailoring FILE)"
                if tailoring is None
                else f" nor in the tailoring file {tailoring.source}"
            )
            message = f"the TestResult names profile {run.profile!r}, which is not in this benchmark{hint}"
            raise LoadError(benchmark.source, [Problem(message, f"{run.path}/profile/@idref")]) from None
        profile = run.profile
    return tailor(benchmark, profile, compat=compat, tailoring=tailoring)
