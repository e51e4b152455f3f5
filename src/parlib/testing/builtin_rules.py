"""
:class:`~parlib.testing.rulekit.RuleStrategies` for every built-in rule, registered on import.

Generated rules are the kind a framework author writes: bands, tables and
ratios reward higher values (points never fall as the value rises), linear
goalposts run either way, likert options and severity tiers come in any
order, and when the maximum is above 0 every rule can award some points.

Requires the hypothesis package.

>>> from hypothesis import find
>>> from parlib.testing.rulekit import rules
>>> find(rules(maximum=1, types=["bands"]), lambda r: len(r.bands) > 1).bands[0].gte
Fraction(1, 4)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Hashable, Iterable, Mapping
from fractions import Fraction
from typing import cast

import attrs
from hypothesis import strategies as st

from parlib.rules import (
    Bands,
    Boolean,
    Count,
    Deduction,
    Likert,
    Linear,
    Manual,
    Panel,
    Ratio,
    Result,
    Rule,
    Severity,
    Table,
    Threshold,
    Value,
)
from parlib.rules.base import as_bool, as_count, as_counts, as_number
from parlib.rules.result import PASSING, RESULTS
from parlib.testing.amounts import numbers_beyond, numbers_near, percentages, points_within
from parlib.testing.rulekit import RULE_STRATEGIES, RuleStrategies
from parlib.testing.words import texts

__all__ = ["BUILTIN_RULE_STRATEGIES"]

_UNITS = st.sampled_from(["", "%"])
_OFFSETS = (Fraction(0), Fraction(1, 100), Fraction(-1, 100), Fraction(1), Fraction(-1))


# --- shared pieces -----------------------------------------------------------------------------


_QUARTER_STEPS = st.integers(0, 400)  # quarters from 0 to 100, drawn as whole numbers
_BELOW_HUNDRED = st.integers(0, 399)  # quarters from 0 to 99.75
_TWENTIETH_STEPS = st.integers(0, 80)  # twentieths from 0 to 4 (ratios that are not percentages)


def _ascending_points(draw: st.DrawFn, count: int, top: Fraction) -> list[Fraction]:
    """*count* non-decreasing points in [0, top], the highest above 0 when top > 0."""
    high = draw(st.integers(1 if top > 0 else 0, 20))
    lower = sorted(draw(st.integers(0, high)) for _ in range(count - 1))
    return [top * j / 20 for j in (*lower, high)]


def _cut_points(draw: st.DrawFn, count: int, steps: st.SearchStrategy[int], per: int) -> list[Fraction]:
    """*count* distinct ascending numbers, drawn as whole steps of ``1/per``."""
    chosen = draw(st.lists(steps, min_size=count, max_size=count, unique=True))
    return [Fraction(n, per) for n in sorted(chosen)]


def _ascending_bands(
    draw: st.DrawFn, maximum: Fraction, steps: st.SearchStrategy[int], per: int
) -> tuple[Threshold, ...]:
    """Bands listed from the top: no gap between neighbours, points never falling as values rise."""
    count = draw(st.integers(1, 3))
    bounds = _cut_points(draw, count, steps, per)
    points = _ascending_points(draw, count, maximum)
    strict = draw(st.integers(0, 2**count - 1))  # bit i: band i's lower bound is gt, else gte
    closed = draw(st.integers(0, 2**count - 1))  # bit i: band i also states its upper bound
    named = draw(st.booleans())
    bands = []
    for i in reversed(range(count)):
        kind = "gt" if strict >> i & 1 else "gte"
        limits: dict[str, Fraction] = {kind: bounds[i]}
        if i + 1 < count and closed >> i & 1:
            limits["lte" if strict >> (i + 1) & 1 else "lt"] = bounds[i + 1]
        if i == 0 and closed & 1 and len(limits) == 1:
            del limits[kind]  # the lowest band catches every value below the next one
        bands.append(Threshold(points=points[i], label="ABC"[i] if named else "", **limits))
    return tuple(bands)


def _anchors(rule: Rule) -> tuple[Fraction, ...]:
    """The numbers where a numeric rule changes its mind: bounds, goalposts, breakpoints."""
    if isinstance(rule, Bands):
        found = [b for t in rule.bands for b in (t.gte, t.gt, t.lte, t.lt) if b is not None]
    elif isinstance(rule, Linear):
        found = [rule.low, rule.high, (rule.low + rule.high) / 2]
    elif isinstance(rule, Table):
        found = [r.gte for r in rule.rows if r.gte is not None]
    elif isinstance(rule, Ratio):
        found = list(_anchors(rule.then))
    else:
        found = []
    return tuple(sorted(set(found))) or (Fraction(0),)


def _upwards(rule: Rule) -> bool:
    """Whether higher numbers are better for a numeric rule (linear goalposts may run downwards)."""
    inner = rule.then if isinstance(rule, Ratio) else rule
    return not (isinstance(inner, Linear) and inner.high < inner.low)


def _earning(rule: Rule, maximum: Fraction, candidates: Iterable[Value]) -> st.SearchStrategy[Value] | None:
    """The candidates that earn *rule* more than 0 points, as a strategy (None if there are none)."""
    good = []
    for value in candidates:
        points = rule.score(value, maximum).points
        if points is not None and points > 0:
            good.append(value)
    return st.sampled_from(good) if good else None


@functools.lru_cache(maxsize=4096)
def _earning_numbers(rule: Rule, maximum: Fraction, floor: Fraction | None) -> tuple[Fraction, ...]:
    """Numbers near a numeric rule's anchors (not below *floor*) that earn points."""
    candidates = {a + o for a in _anchors(rule) for o in _OFFSETS}
    candidates |= {Fraction(0), Fraction(100)}
    good = []
    for value in sorted(candidates):
        if floor is not None and value < floor:
            continue
        points = rule.score(value, maximum).points
        if points is not None and points > 0:
            good.append(value)
    return tuple(good)


def _from_numbers(numbers: tuple[Fraction, ...]) -> st.SearchStrategy[Value] | None:
    return st.sampled_from(numbers) if numbers else None


# --- boolean, manual, panel --------------------------------------------------------------------


def _boolean_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    return st.just(True) if as_bool(value) else st.booleans()


_BOOLEANS = st.builds(Boolean, allow_na=st.booleans())
_RESULTS = st.builds(Result, allow_na=st.booleans())
_MANUALS = st.builds(Manual, allow_na=st.booleans())
_PANELS = st.builds(Panel, kind=st.sampled_from(["enablers", "results"]), allow_na=st.booleans())

BOOLEAN = RuleStrategies(
    rules=lambda maximum: _BOOLEANS,
    values=lambda rule, maximum: st.booleans(),
    better=_boolean_better,
    positive=lambda rule, maximum: st.just(True),
)


def _manual_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    given = as_number(value)
    return st.integers(0, 4).map(lambda j: given + (maximum - given) * j / 4)


MANUAL = RuleStrategies(
    rules=lambda maximum: _MANUALS,
    values=lambda rule, maximum: points_within(maximum),
    better=_manual_better,
    positive=lambda rule, maximum: st.integers(1, 20).map(lambda j: maximum * j / 20),
)


def _panel_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    return st.integers(int(as_number(value)), 100).map(Fraction)


PANEL = RuleStrategies(
    rules=lambda maximum: _PANELS,
    values=lambda rule, maximum: st.integers(0, 100).map(Fraction),
    better=_panel_better,
    positive=lambda rule, maximum: st.integers(1, 100).map(Fraction),
)


# --- numbers: bands, linear, table -------------------------------------------------------------


@st.composite
def _bands_rules(draw: st.DrawFn, maximum: Fraction) -> Bands:
    bands = _ascending_bands(draw, maximum, _QUARTER_STEPS, 4)
    return Bands(bands=bands, unit=draw(_UNITS), allow_na=draw(st.booleans()))


def _number_values(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value]:
    return numbers_near(_anchors(rule))


def _number_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    return numbers_beyond(as_number(value), _anchors(rule), up=_upwards(rule))


def _number_positive(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value] | None:
    return _from_numbers(_earning_numbers(cast("Hashable", rule), maximum, None))


BANDS = RuleStrategies(rules=_bands_rules, values=_number_values, better=_number_better, positive=_number_positive)


def _goalposts(draw: st.DrawFn, steps: st.SearchStrategy[int], per: int) -> Linear:
    low, high = _cut_points(draw, 2, steps, per)
    if draw(st.booleans()):
        low, high = high, low
    return Linear(low=low, high=high, unit=draw(_UNITS))


@st.composite
def _linear_rules(draw: st.DrawFn, maximum: Fraction) -> Linear:
    return attrs.evolve(_goalposts(draw, _QUARTER_STEPS, 4), allow_na=draw(st.booleans()))


LINEAR = RuleStrategies(
    rules=_linear_rules,
    values=_number_values,
    better=_number_better,
    positive=_number_positive,
)


@st.composite
def _table_rules(draw: st.DrawFn, maximum: Fraction) -> Table:
    count = draw(st.integers(1, 3))
    breaks = _cut_points(draw, count, _QUARTER_STEPS, 4)
    scale = draw(st.sampled_from([Fraction(5), Fraction(4), Fraction(10), Fraction(1), Fraction(5, 2)]))
    values = _ascending_points(draw, count, scale)
    return Table(rows=[Threshold(points=v, gte=b) for b, v in zip(breaks, values, strict=True)], scale=scale)


def _first_break(rule: Rule) -> Fraction:
    assert isinstance(rule, Table)  # noqa: S101  (registered for tables only)
    return rule.rows[0].gte or Fraction(0)


def _table_values(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value]:
    first = _first_break(rule)
    return numbers_near(_anchors(rule)).map(lambda x: max(x, first))


def _table_positive(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value] | None:
    return _from_numbers(_earning_numbers(cast("Hashable", rule), maximum, _first_break(rule)))


TABLE = RuleStrategies(rules=_table_rules, values=_table_values, better=_number_better, positive=_table_positive)


# --- ratio -------------------------------------------------------------------------------------


@st.composite
def _ratio_rules(draw: st.DrawFn, maximum: Fraction) -> Ratio:
    percent = not draw(st.booleans())
    # a percentage never passes 100: cut points stay below it, so the top band can be reached
    steps, per = (_BELOW_HUNDRED, 4) if percent else (_TWENTIETH_STEPS, 20)
    then: Bands | Linear
    if draw(st.booleans()):
        then = _goalposts(draw, steps, per)
    else:
        then = Bands(bands=_ascending_bands(draw, maximum, steps, per), unit=draw(_UNITS))
    when_zero = draw(st.sampled_from(["not-applicable", "error"]))
    return Ratio(then=then, percent=percent, when_zero=when_zero, allow_na=draw(st.booleans()))  # type: ignore[arg-type]


def _ratio(numerator: Fraction, denominator: Fraction) -> Value:
    return {"numerator": numerator, "denominator": denominator}


def _parts(value: Value) -> tuple[Fraction, Fraction]:
    counts = as_counts(value, ("numerator", "denominator"))
    return counts["numerator"], counts["denominator"]


def _scale(rule: Ratio) -> tuple[int, int]:
    """A denominator that turns every anchor into a whole numerator, and the anchor's factor."""
    return (400, 4) if rule.percent else (20, 20)


@st.composite
def _any_ratio(draw: st.DrawFn, rule: Ratio) -> Value:
    bottom = draw(st.integers(1 if rule.when_zero == "error" else 0, 60))
    top = bottom if rule.percent else 4 * bottom + 4
    return _ratio(Fraction(draw(st.integers(0, top))), Fraction(bottom))


def _ratio_values(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value]:
    assert isinstance(rule, Ratio)  # noqa: S101  (registered for ratios only)
    den, factor = _scale(rule)

    def near(anchor: Fraction) -> Value:
        numerator = max(anchor * factor, Fraction(0))
        return _ratio(min(numerator, Fraction(den)) if rule.percent else numerator, Fraction(den))

    return _any_ratio(rule) | numbers_near(_anchors(rule)).map(near)


def _ratio_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    assert isinstance(rule, Ratio)  # noqa: S101  (registered for ratios only)
    numerator, denominator = _parts(value)
    if denominator == 0:
        return st.just(value)
    ceiling = denominator if rule.percent else None

    def bounded(n: Fraction) -> Value:
        n = max(n, Fraction(0))
        return _ratio(n if ceiling is None else min(n, ceiling), denominator)

    scale = (100 if rule.percent else 1) / denominator
    anchors = [a / scale for a in _anchors(rule)]
    return numbers_beyond(numerator, anchors, up=_upwards(rule)).map(bounded)


def _ratio_positive(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value] | None:
    assert isinstance(rule, Ratio)  # noqa: S101  (registered for ratios only)
    den, factor = _scale(rule)
    numerators = {a * factor + o for a in _anchors(rule) for o in (0, 1, -1)} | {Fraction(0), Fraction(den)}
    fits = sorted(n for n in numerators if n >= 0 and (not rule.percent or n <= den))
    return _earning(rule, maximum, [_ratio(n, Fraction(den)) for n in fits])


RATIO = RuleStrategies(rules=_ratio_rules, values=_ratio_values, better=_ratio_better, positive=_ratio_positive)


# --- counts: count, deduction ------------------------------------------------------------------


def _count_rules(maximum: Fraction) -> st.SearchStrategy[Rule]:
    per_item = st.integers(1, 20).map(lambda j: maximum * j / 20) | st.integers(1, 10).map(lambda n: maximum / n)
    return st.builds(Count, per_item=per_item, allow_na=st.booleans())


def _cap(rule: Rule, maximum: Fraction) -> int:
    """The number of items (or violations) that reaches the maximum."""
    each = rule.per_item if isinstance(rule, Count) else _each(rule, maximum)
    return 5 if each == 0 else math.ceil(maximum / each)


def _each(rule: Rule, maximum: Fraction) -> Fraction:
    assert isinstance(rule, Deduction)  # noqa: S101  (registered for deductions only)
    if rule.per_violation is not None:
        return rule.per_violation
    return maximum * (rule.percent or Fraction(0)) / 100


def _counts(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value]:
    return st.integers(0, _cap(rule, maximum) + 3).map(Fraction)


COUNT = RuleStrategies(
    rules=_count_rules,
    values=_counts,
    better=lambda rule, value, maximum: st.integers(0, 5).map(lambda k: as_count(value) + Fraction(k)),
    positive=lambda rule, maximum: st.integers(1, _cap(rule, maximum) + 2).map(Fraction),
    fits=lambda maximum: maximum > 0,
)


def _deduction_rules(maximum: Fraction) -> st.SearchStrategy[Rule]:
    percent = st.builds(Deduction, percent=percentages(min_value=1), allow_na=st.booleans())
    if maximum == 0:
        return percent
    fixed = st.builds(
        Deduction, per_violation=st.integers(1, 20).map(lambda j: maximum * j / 20), allow_na=st.booleans()
    )
    return fixed | percent


def _deduction_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    violations = as_count(value, "number of violations")
    return st.integers(0, violations).map(lambda k: Fraction(violations - k))


DEDUCTION = RuleStrategies(
    rules=_deduction_rules,
    values=_counts,
    better=_deduction_better,
    positive=lambda rule, maximum: st.integers(0, _cap(rule, maximum) - 1).map(Fraction),
)


# --- named options: likert, severity -----------------------------------------------------------

_OPTIONS = st.sampled_from(["A", "B", "C", "D", "E", "tốt", "khá", "x y", "1"]) | texts(min_size=1, max_size=3)
_TIERS = st.sampled_from(["full", "minor", "serious", "excellent", "good", "complete"]) | st.text(
    "abcdefghij", min_size=1, max_size=4
)


@st.composite
def _weighted_options(draw: st.DrawFn, names: st.SearchStrategy[str]) -> dict[str, Fraction]:
    """Options in any order with percentages from 0 to 100, at least one above 0."""
    options = draw(st.lists(names, min_size=1, max_size=4, unique=True))
    lead = draw(st.integers(0, len(options) - 1))
    weights = [Fraction(draw(st.integers(1 if i == lead else 0, 400)), 4) for i in range(len(options))]
    return dict(zip(options, weights, strict=True))


_LIKERT_RULES = st.builds(Likert, weights=_weighted_options(_OPTIONS), allow_na=st.booleans())
_SEVERITY_RULES = st.just(Severity()) | st.builds(Severity, tiers=_weighted_options(_TIERS), allow_na=st.booleans())


def _likert_values(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value]:
    assert isinstance(rule, Likert)  # noqa: S101  (registered for likert rules only)
    options = [k for k, _ in rule.weights]
    return st.dictionaries(st.sampled_from(options), st.integers(0, 30).map(Fraction), max_size=len(options))


@st.composite
def _moved_answers(draw: st.DrawFn, rule: Likert, counts: dict[str, Fraction], sources: list[str]) -> Value:
    """Move a share of one option's answers to an option of at least the same weight."""
    weights = dict(rule.weights)
    source = draw(st.sampled_from(sources))
    target = draw(st.sampled_from([k for k, w in rule.weights if w >= weights[source]]))
    amount = counts[source] * draw(st.integers(0, 4)) / 4
    out: dict[str, Fraction] = dict(counts)
    out[source] -= amount
    out[target] = out.get(target, Fraction(0)) + amount
    return out


def _likert_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    assert isinstance(rule, Likert)  # noqa: S101  (registered for likert rules only)
    counts = as_counts(value, tuple(k for k, _ in rule.weights))
    sources = [k for k, c in counts.items() if c > 0]
    if not sources:
        return st.just(value)
    return _moved_answers(rule, counts, sources)


def _likert_positive(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value] | None:
    assert isinstance(rule, Likert)  # noqa: S101  (registered for likert rules only)
    earning = [k for k, w in rule.weights if w > 0]
    if not earning:
        return None

    def add(base: Mapping[str, Fraction], option: str, count: int) -> Value:
        return {**base, option: Fraction(count)}

    return st.builds(add, _likert_values(rule, maximum), st.sampled_from(earning), st.integers(1, 30))


LIKERT = RuleStrategies(
    rules=lambda maximum: _LIKERT_RULES,
    values=_likert_values,
    better=_likert_better,
    positive=_likert_positive,
)


def _tiers(rule: Rule) -> dict[str, Fraction]:
    assert isinstance(rule, Severity)  # noqa: S101  (registered for severity rules only)
    return dict(rule.tiers)


def _severity_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    tiers = _tiers(rule)
    least = tiers[str(value)]
    return st.sampled_from([name for name, pct in tiers.items() if pct >= least])


def _severity_positive(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value] | None:
    earning = [name for name, pct in _tiers(rule).items() if pct > 0]
    return st.sampled_from(earning) if earning else None


SEVERITY = RuleStrategies(
    rules=lambda maximum: (
        st.just(Severity()) | st.builds(Severity, tiers=_weighted_options(_TIERS), allow_na=st.booleans())
    ),
    values=lambda rule, maximum: st.sampled_from(list(_tiers(rule))),
    better=_severity_better,
    positive=_severity_positive,
)


# --- XCCDF results --------------------------------------------------------------------------

_WORDS = st.sampled_from(RESULTS)
_FAILURES = ("fail", "error", "unknown")


def _result_values(rule: Rule, maximum: Fraction) -> st.SearchStrategy[Value]:
    """One result, several in order (``"fail, pass"``), or a table of counts per result."""
    several = st.lists(_WORDS, min_size=0, max_size=3).map(", ".join)
    table = st.dictionaries(_WORDS, st.integers(0, 3).map(Fraction), max_size=3)
    return st.one_of(_WORDS, several, table)


@st.composite
def _passed(draw: st.DrawFn, value: Value) -> Value:
    """*value* with one failing result (or some failing counts) turned into passes."""
    fixed_word = draw(st.sampled_from(sorted(PASSING)))
    if isinstance(value, str):
        words = [w.strip() for w in value.split(",")] if value.strip() else []
        failing = [i for i, w in enumerate(words) if w in _FAILURES]
        if failing:
            words[draw(st.sampled_from(failing))] = fixed_word
        return ", ".join(words)
    counts = dict(as_counts(value, RESULTS))
    failing_keys = [k for k in _FAILURES if counts.get(k, 0) > 0]
    if failing_keys:
        key = draw(st.sampled_from(failing_keys))
        moved = Fraction(draw(st.integers(0, int(counts[key]))))
        counts[key] -= moved
        counts[fixed_word] = counts.get(fixed_word, Fraction(0)) + moved
    return counts


RESULT = RuleStrategies(
    rules=lambda maximum: _RESULTS,
    values=_result_values,
    better=lambda rule, value, maximum: _passed(value),
    positive=lambda rule, maximum: st.sampled_from(["pass", "fixed", "fail, pass", "pass, notchecked"]),
)


BUILTIN_RULE_STRATEGIES: dict[str, RuleStrategies] = {
    "boolean": BOOLEAN,
    "bands": BANDS,
    "linear": LINEAR,
    "ratio": RATIO,
    "count": COUNT,
    "deduction": DEDUCTION,
    "likert": LIKERT,
    "manual": MANUAL,
    "severity": SEVERITY,
    "table": TABLE,
    "panel": PANEL,
    "result": RESULT,
}
"""The strategies for each built-in rule type, as registered in :data:`~parlib.testing.RULE_STRATEGIES`."""


for _name, _kit in BUILTIN_RULE_STRATEGIES.items():
    if _name not in RULE_STRATEGIES:  # a kit registered before the built-ins load wins
        RULE_STRATEGIES.register(_name, _kit)
