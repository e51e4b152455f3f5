"""
How to test a rule type: :class:`RuleStrategies` (rules, their values, better values),
the :data:`RULE_STRATEGIES` registry, and the strategies built on it.

Every rule in :data:`parlib.rules.RULES` has an entry here; a custom rule
registers one so that :func:`rules`, :func:`~parlib.testing.frameworks` and
the laws can use it.

Requires the hypothesis package.

>>> from hypothesis import find
>>> find(rules(maximum=Fraction(1), types=["boolean"]), lambda r: True)
Boolean(allow_na=False)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence
from fractions import Fraction
from typing import cast

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from parlib.framework import Criterion
from parlib.numbers import parse_number
from parlib.plugins import Registry
from parlib.rules import Rule, Value
from parlib.testing.tape import Reader, reading

__all__ = [
    "RULE_BYTES",
    "RULE_STRATEGIES",
    "VALUE_BYTES",
    "RuleStrategies",
    "better_values",
    "positive_reader",
    "positive_values",
    "rule_reader",
    "rule_strategies",
    "rule_types",
    "rule_values",
    "rules",
    "value_reader",
    "values_for",
]

VALUE_BYTES = 8
"""The bytes of tape a value reader gets (see :class:`RuleStrategies`); it reads zeros past them."""

RULE_BYTES = 32
"""The bytes of tape a rule reader gets (see :class:`RuleStrategies`); it reads zeros past them."""


def _fits_any(maximum: Fraction) -> bool:
    return True


@attrs.frozen
class RuleStrategies:
    """
    The strategies that make a rule type testable.

    - ``rules(maximum)``: rule instances whose parameters are valid for *maximum*
      (and, when *maximum* > 0, able to award some points);
    - ``values(rule, maximum)``: response values the rule accepts, including
      those it scores as not applicable (a ratio of 0/0);
    - ``better(rule, value, maximum)``: values at least as good as *value*
      (the monotonicity law compares the two), or ``None`` when the type has no order;
    - ``positive(rule, maximum)``: values that earn more than 0 points, or
      ``None`` when the rule cannot (geometric means refuse a 0);
    - ``fits(maximum)``: whether the type has valid parameters for *maximum*
      (a ``count`` rule needs a maximum above 0);
    - ``read_rules(maximum)``, ``read_values(rule, maximum)`` and
      ``read_positive(rule, maximum)`` (optional): readers of the same rules
      and values, from :data:`RULE_BYTES` or :data:`VALUE_BYTES` bytes of a
      :class:`~parlib.testing.tape.Tape` instead of draws of their own, so
      that :func:`~parlib.testing.frameworks` reads every leaf's rule and
      :func:`~parlib.testing.assessments` every leaf's value from one tape
      (``read_positive`` gives ``None`` when the rule cannot earn points).
      Without them, each leaf takes draws of its own. :meth:`from_readers`
      builds the strategies from the readers.

    Requires the hypothesis package.

    >>> kit = rule_strategies("boolean")
    >>> kit.fits(Fraction(0)), rule_strategies("count").fits(Fraction(0))
    (True, False)
    """

    rules: Callable[[Fraction], st.SearchStrategy[Rule]]
    values: Callable[[Rule, Fraction], st.SearchStrategy[Value]]
    better: Callable[[Rule, Value, Fraction], st.SearchStrategy[Value]] | None = None
    positive: Callable[[Rule, Fraction], st.SearchStrategy[Value] | None] | None = None
    fits: Callable[[Fraction], bool] = _fits_any
    read_values: Callable[[Rule, Fraction], Reader[Value]] | None = None
    read_positive: Callable[[Rule, Fraction], Reader[Value] | None] | None = None
    read_rules: Callable[[Fraction], Reader[Rule]] | None = None

    @classmethod
    def from_readers(
        cls,
        *,
        read_rules: Callable[[Fraction], Reader[Rule]],
        read_values: Callable[[Rule, Fraction], Reader[Value]],
        read_positive: Callable[[Rule, Fraction], Reader[Value] | None] | None = None,
        better: Callable[[Rule, Value, Fraction], st.SearchStrategy[Value]] | None = None,
        fits: Callable[[Fraction], bool] = _fits_any,
        words: st.SearchStrategy[str] | None = None,
    ) -> RuleStrategies:
        """
        Strategies whose rules and values are read from tapes, one draw each (and one
        more for a text from *words*, which rule readers get from ``tape.text()``).

        Requires the hypothesis package.

        >>> from hypothesis import find
        >>> from parlib.rules import Boolean
        >>> from parlib.testing.tape import Tape
        >>> kit = RuleStrategies.from_readers(
        ...     read_rules=lambda m: lambda tape: Boolean(allow_na=tape.boolean()),
        ...     read_values=lambda r, m: Tape.boolean,
        ... )
        >>> find(kit.rules(Fraction(1)), lambda r: r.allow_na), find(kit.values(Boolean(), Fraction(1)), lambda v: v)
        (Boolean(allow_na=True), True)
        """

        def rules(maximum: Fraction) -> st.SearchStrategy[Rule]:
            return reading(read_rules(maximum), size=RULE_BYTES, words=words)

        def values(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value]:
            return reading(read_values(rule, maximum), size=VALUE_BYTES)

        def positive(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value] | None:
            read = None if read_positive is None else read_positive(rule, maximum)
            return None if read is None else reading(read, size=VALUE_BYTES)

        return cls(
            rules=rules,
            values=values,
            better=better,
            positive=None if read_positive is None else positive,
            fits=fits,
            read_values=read_values,
            read_positive=read_positive,
            read_rules=read_rules,
        )


RULE_STRATEGIES: Registry[RuleStrategies] = Registry("rule strategies", group="parlib.rule_strategies")
"""Strategies for each rule type, by the rule's ``type`` name (filled by :mod:`parlib.testing.builtin_rules`)."""


def _registry() -> Registry[RuleStrategies]:
    """The registry (the built-ins register when this module is first imported, see the end)."""
    return RULE_STRATEGIES


def _kit(rule_type: str) -> RuleStrategies:
    try:
        return _registry().get(rule_type)
    except LookupError:
        raise InvalidArgument(
            f"no strategies for rule type {rule_type!r}; register them with "
            f"parlib.testing.RULE_STRATEGIES.register({rule_type!r}, RuleStrategies(...))"
        ) from None


def rule_strategies(rule_type: str) -> RuleStrategies:
    """
    The strategies registered for *rule_type* (the built-ins are always there).

    Requires the hypothesis package.

    >>> rule_strategies("bandz")
    Traceback (most recent call last):
    ...
    hypothesis.errors.InvalidArgument: no strategies for rule type 'bandz'; register them with parlib.testing.RULE_STRATEGIES.register('bandz', RuleStrategies(...))
    """
    return _kit(rule_type)


def _maximum(maximum: object) -> Fraction:
    try:
        value = parse_number(maximum)
    except ValueError:
        raise InvalidArgument(f"maximum must be a number, got {maximum!r}") from None
    if value < 0:
        raise InvalidArgument(f"maximum must be >= 0, got {maximum!r}")
    return value


def rule_types(maximum: Fraction, types: Sequence[str] | None = None) -> tuple[str, ...]:
    """
    The rule types (of *types*, default every registered one) that fit *maximum*.

    Raises :class:`~hypothesis.errors.InvalidArgument` for an unknown type or when none fits.

    Requires the hypothesis package.

    >>> rule_types(Fraction(0), ["boolean", "count"])
    ('boolean',)
    """
    if isinstance(types, str):
        raise InvalidArgument(f"types is a sequence of rule type names, got the string {types!r}")
    names = tuple(_registry().names() if types is None else dict.fromkeys(types))
    fitting = tuple(name for name in names if _kit(name).fits(maximum))
    if not fitting:
        raise InvalidArgument(f"no rule type of {list(names)} has valid parameters for a maximum of {maximum}")
    return fitting


def _checked(maximum: Fraction) -> Callable[[Rule], Rule]:
    def check(rule: Rule) -> Rule:
        problems = rule.check(maximum)
        if problems:
            raise InvalidArgument(
                f"the strategies for rule type {rule.type!r} drew {rule!r}, invalid for a maximum of {maximum}: "
                + "; ".join(map(str, problems))
            )
        return rule

    return check


def rules(*, maximum: Fraction | int | str = 1, types: Sequence[str] | None = None) -> st.SearchStrategy[Rule]:
    """
    Leaf rules of the given *types* (default: every type with strategies), with
    parameters valid for a criterion worth *maximum*.

    Requires the hypothesis package.

    >>> from hypothesis import given
    >>> @given(rules(maximum="0.5"))
    ... def test(rule):
    ...     assert rule.check(Fraction(1, 2)) == []
    >>> test()
    >>> rules(maximum=0, types=["count"])
    Traceback (most recent call last):
    ...
    hypothesis.errors.InvalidArgument: no rule type of ['count'] has valid parameters for a maximum of 0
    """
    top = _maximum(maximum)
    return _rules(top, rule_types(top, types))


@functools.lru_cache(maxsize=4096)
def _rules(maximum: Fraction, names: tuple[str, ...]) -> st.SearchStrategy[Rule]:
    if len(names) == 1:  # one draw, not two
        return _kit(names[0]).rules(maximum).map(_checked(maximum))
    return _draw_rule(maximum, st.sampled_from(names), tuple(_kit(name).rules(maximum) for name in names), names)


@st.composite
def _draw_rule(
    draw: st.DrawFn,
    maximum: Fraction,
    which: st.SearchStrategy[str],
    options: tuple[st.SearchStrategy[Rule], ...],
    names: tuple[str, ...],
) -> Rule:
    return _checked(maximum)(draw(options[names.index(draw(which))]))


def rule_reader(rule_type: str, maximum: Fraction) -> Reader[Rule] | None:
    """
    A reader of the rules :func:`rules` draws for *rule_type* (checked against *maximum*),
    from :data:`RULE_BYTES` bytes of a tape, or ``None`` when its strategies have none.

    Requires the hypothesis package.

    >>> from parlib.testing.tape import Tape
    >>> rule_reader("boolean", Fraction(1))(Tape())
    Boolean(allow_na=False)
    """
    kit = _kit(rule_type)
    if kit.read_rules is None:
        return None
    read, check = kit.read_rules(maximum), _checked(maximum)
    return lambda tape: check(read(tape))


def rule_values(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value]:
    """
    Response values that *rule* accepts for a criterion worth *maximum*.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> from parlib.rules import Boolean
    >>> find(rule_values(Boolean(), Fraction(1)), lambda v: v)
    True
    """
    try:
        return _values(cast("Hashable", rule), maximum)
    except TypeError:  # an unhashable custom rule
        return _kit(rule.type).values(rule, maximum)


@functools.lru_cache(maxsize=4096)
def _values(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value]:
    return _kit(rule.type).values(rule, maximum)


def values_for(criterion: Criterion) -> st.SearchStrategy[Value]:
    """
    Response values valid for a leaf *criterion* (its rule, its maximum).

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> leaf = Criterion(id="1", label={"en": "x"}, max=2, rule={"type": "count", "per_item": 1})
    >>> find(values_for(leaf), lambda v: v > 2)
    Fraction(3, 1)
    """
    if criterion.rule is None or criterion.max is None:
        raise InvalidArgument(f"criterion {criterion.id!r} has sub-criteria; values are for leaves")
    return rule_values(criterion.rule, criterion.max)


def better_values(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    """
    Values at least as good as *value* for *rule*: the pairs the monotonicity law compares.

    "Better" is defined per rule type: a higher number (bands, table, panel,
    a ratio's numerator; lower where a linear rule's goalposts run downwards),
    true over false, more items for ``count``, fewer violations for
    ``deduction``, answers moved to an option of higher weight for ``likert``,
    a tier worth more for ``severity``, more points for ``manual``.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> from parlib.rules import Deduction
    >>> find(better_values(Deduction(per_violation=1), Fraction(3), Fraction(2)), lambda v: v < 3)
    Fraction(2, 1)
    """
    kit = _kit(rule.type)
    if kit.better is None:
        raise InvalidArgument(f"rule type {rule.type!r} defines no order of values (RuleStrategies.better is None)")
    return kit.better(rule, value, maximum)


def positive_values(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value] | None:
    """
    Values that earn *rule* more than 0 points, or ``None`` when it cannot.

    Requires the hypothesis package.

    >>> from parlib.rules import Boolean
    >>> positive_values(Boolean(), Fraction(0)) is None
    True
    """
    if maximum <= 0:
        return None
    try:
        return _positive(cast("Hashable", rule), maximum)
    except TypeError:  # an unhashable custom rule
        kit = _kit(rule.type)
        return None if kit.positive is None else kit.positive(rule, maximum)


@functools.lru_cache(maxsize=4096)
def _positive(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value] | None:
    kit = _kit(rule.type)
    return None if kit.positive is None else kit.positive(rule, maximum)


def value_reader(rule: Rule, maximum: Fraction) -> Reader[Value] | None:
    """
    A reader of the values :func:`rule_values` draws, from :data:`VALUE_BYTES` bytes of a
    tape, or ``None`` when the rule's strategies have none (see :class:`RuleStrategies`).

    Requires the hypothesis package.

    >>> from parlib.rules import Boolean
    >>> from parlib.testing.tape import Tape
    >>> value_reader(Boolean(), Fraction(1))(Tape(bytes([255])))
    True
    """
    kit = _kit(rule.type)
    return None if kit.read_values is None else kit.read_values(rule, maximum)


def positive_reader(rule: Rule, maximum: Fraction) -> Reader[Value] | None:
    """
    A reader of the values :func:`positive_values` draws, or ``None`` when the rule
    cannot earn points or its strategies have no reader.

    Requires the hypothesis package.

    >>> from parlib.rules import Manual
    >>> from parlib.testing.tape import Tape
    >>> positive_reader(Manual(), Fraction(2))(Tape())
    Fraction(1, 10)
    """
    kit = _kit(rule.type)
    if maximum <= 0 or kit.read_positive is None:
        return None
    return kit.read_positive(rule, maximum)


# The built-in rules' strategies register themselves; they need the names above.
import parlib.testing.builtin_rules  # noqa: E402, F401
