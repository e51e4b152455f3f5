"""
:class:`~parlib.testing.rulekit.RuleStrategies` for every built-in rule, registered on import.

Generated rules are the kind a framework author writes: bands, tables and
ratios reward higher values (points never fall as the value rises), linear
goalposts run either way, likert options and severity tiers come in any
order (tiers sometimes named like numbers, ``"1"``, ``"0.5"``), and when the
maximum is above 0 every rule can award some points.

Requires the hypothesis package.

>>> from hypothesis import find
>>> from parlib.testing.rulekit import rules
>>> find(rules(maximum=1, types=["bands"]), lambda r: len(r.bands) > 1).bands[0].gte
Fraction(1, 4)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from fractions import Fraction
from typing import TypeVar, cast

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
from parlib.testing.amounts import numbers_beyond, read_number_near, read_percentage, read_points_within
from parlib.testing.rulekit import RULE_STRATEGIES, RuleStrategies
from parlib.testing.tape import Reader, Tape
from parlib.testing.words import texts

__all__ = ["BUILTIN_RULE_STRATEGIES"]

T = TypeVar("T")

_UNITS = ("", "%")
_OFFSETS = (Fraction(0), Fraction(1, 100), Fraction(-1, 100), Fraction(1), Fraction(-1))


# --- shared pieces -----------------------------------------------------------------------------


_QUARTER_STEPS = 400  # quarters from 0 to 100, read as whole numbers
_BELOW_HUNDRED = 399  # quarters from 0 to 99.75
_TWENTIETH_STEPS = 80  # twentieths from 0 to 4 (ratios that are not percentages)


def _pick(tape: Tape, options: Sequence[T]) -> T:
    return tape.choice(options)


def _chooser(options: Sequence[T]) -> Reader[T] | None:
    """A reader of one of *options* (None when there are none)."""
    return functools.partial(_pick, options=tuple(options)) if options else None


def _whole(tape: Tape, low: int, high: int) -> Fraction:
    return Fraction(tape.integer(low, high))


def _wholes(low: int, high: int) -> Reader[Value]:
    """A reader of whole numbers from *low* to *high*."""
    return functools.partial(_whole, low=low, high=high)


def _ascending_points(tape: Tape, count: int, top: Fraction) -> list[Fraction]:
    """*count* non-decreasing points in [0, top], the highest above 0 when top > 0."""
    high = tape.integer(1 if top > 0 else 0, 20)
    lower = sorted(tape.integer(0, high) for _ in range(count - 1))
    return [top * j / 20 for j in (*lower, high)]


def _cut_points(tape: Tape, count: int, steps: int, per: int) -> list[Fraction]:
    """*count* distinct ascending numbers, read as whole steps of ``1/per`` from 0 to ``steps/per``."""
    return [Fraction(n, per) for n in tape.distinct(count, 0, steps)]


def _ascending_bands(tape: Tape, maximum: Fraction, steps: int, per: int) -> tuple[Threshold, ...]:
    """Bands listed from the top: no gap between neighbours, points never falling as values rise."""
    count = tape.integer(1, 3)
    bounds = _cut_points(tape, count, steps, per)
    points = _ascending_points(tape, count, maximum)
    strict = tape.bits(count)  # bit i: band i's lower bound is gt, else gte
    closed = tape.bits(count)  # bit i: band i also states its upper bound
    named = tape.boolean()
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


@functools.lru_cache(maxsize=4096)
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


def _earning(rule: Rule, maximum: Fraction, candidates: Iterable[Value]) -> tuple[Value, ...]:
    """The candidates that earn *rule* more than 0 points."""
    good = []
    for value in candidates:
        points = rule.score(value, maximum).points
        if points is not None and points > 0:
            good.append(value)
    return tuple(good)


@functools.lru_cache(maxsize=4096)
def _earning_numbers(rule: Rule, maximum: Fraction, floor: Fraction | None) -> tuple[Fraction, ...]:
    """Numbers near a numeric rule's anchors (not below *floor*) that earn points."""
    candidates = {a + o for a in _anchors(cast("Hashable", rule)) for o in _OFFSETS}
    candidates |= {Fraction(0), Fraction(100)}
    return cast(
        "tuple[Fraction, ...]",
        _earning(rule, maximum, (v for v in sorted(candidates) if floor is None or v >= floor)),
    )


def _at_maximum(read: Callable[..., Rule]) -> Callable[[Fraction], Reader[Rule]]:
    """``read(tape, maximum=...)`` as a rule reader for each maximum."""
    return lambda maximum: functools.partial(read, maximum=maximum)


def _always_true(tape: Tape) -> Value:
    return True


# --- boolean, manual, panel --------------------------------------------------------------------


def _boolean_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    return st.just(True) if as_bool(value) else st.booleans()


def _read_boolean(tape: Tape) -> Rule:
    return Boolean(allow_na=tape.boolean())


def _read_manual(tape: Tape) -> Rule:
    return Manual(allow_na=tape.boolean())


def _read_panel(tape: Tape) -> Rule:
    return Panel(kind=tape.choice(("enablers", "results")), allow_na=tape.boolean())


def _read_result(tape: Tape) -> Rule:
    return Result(allow_na=tape.boolean())


BOOLEAN = RuleStrategies.from_readers(
    read_rules=lambda maximum: _read_boolean,
    read_values=lambda rule, maximum: Tape.boolean,
    read_positive=lambda rule, maximum: _always_true,
    better=_boolean_better,
)


def _manual_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    given = as_number(value)
    return st.integers(0, 4).map(lambda j: given + (maximum - given) * j / 4)


def _some_points(tape: Tape, maximum: Fraction) -> Value:
    return maximum * tape.integer(1, 20) / 20


MANUAL = RuleStrategies.from_readers(
    read_rules=lambda maximum: _read_manual,
    read_values=lambda rule, maximum: functools.partial(read_points_within, maximum=maximum),
    read_positive=lambda rule, maximum: functools.partial(_some_points, maximum=maximum),
    better=_manual_better,
)


def _panel_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    return st.integers(int(as_number(value)), 100).map(Fraction)


PANEL = RuleStrategies.from_readers(
    read_rules=lambda maximum: _read_panel,
    read_values=lambda rule, maximum: _wholes(0, 100),
    read_positive=lambda rule, maximum: _wholes(1, 100),
    better=_panel_better,
)


# --- numbers: bands, linear, table -------------------------------------------------------------


def _read_bands(tape: Tape, maximum: Fraction) -> Rule:
    bands = _ascending_bands(tape, maximum, _QUARTER_STEPS, 4)
    return Bands(bands=bands, unit=tape.choice(_UNITS), allow_na=tape.boolean())


def _number_values(rule: Rule, maximum: Fraction) -> Reader[Value]:
    return functools.partial(read_number_near, anchors=_anchors(cast("Hashable", rule)))


def _number_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    return numbers_beyond(as_number(value), _anchors(cast("Hashable", rule)), up=_upwards(rule))


def _number_positive(rule: Rule, maximum: Fraction) -> Reader[Value] | None:
    return _chooser(_earning_numbers(cast("Hashable", rule), maximum, None))


BANDS = RuleStrategies.from_readers(
    read_rules=_at_maximum(_read_bands),
    read_values=_number_values,
    read_positive=_number_positive,
    better=_number_better,
)


def _goalposts(tape: Tape, steps: int, per: int) -> Linear:
    low, high = _cut_points(tape, 2, steps, per)
    if tape.boolean():
        low, high = high, low
    return Linear(low=low, high=high, unit=tape.choice(_UNITS))


def _read_linear(tape: Tape, maximum: Fraction) -> Rule:
    goalposts = _goalposts(tape, _QUARTER_STEPS, 4)
    return Linear(low=goalposts.low, high=goalposts.high, unit=goalposts.unit, allow_na=tape.boolean())


LINEAR = RuleStrategies.from_readers(
    read_rules=_at_maximum(_read_linear),
    read_values=_number_values,
    read_positive=_number_positive,
    better=_number_better,
)

_SCALES = (Fraction(5), Fraction(4), Fraction(10), Fraction(1), Fraction(5, 2))


def _read_table(tape: Tape, maximum: Fraction) -> Rule:
    count = tape.integer(1, 3)
    breaks = _cut_points(tape, count, _QUARTER_STEPS, 4)
    scale = tape.choice(_SCALES)
    values = _ascending_points(tape, count, scale)
    return Table(rows=[Threshold(points=v, gte=b) for b, v in zip(breaks, values, strict=True)], scale=scale)


def _first_break(rule: Rule) -> Fraction:
    assert isinstance(rule, Table)  # noqa: S101  (registered for tables only)
    return rule.rows[0].gte or Fraction(0)


def _at_least(tape: Tape, anchors: tuple[Fraction, ...], floor: Fraction) -> Value:
    return max(read_number_near(tape, anchors), floor)


def _table_values(rule: Rule, maximum: Fraction) -> Reader[Value]:
    return functools.partial(_at_least, anchors=_anchors(cast("Hashable", rule)), floor=_first_break(rule))


def _table_positive(rule: Rule, maximum: Fraction) -> Reader[Value] | None:
    return _chooser(_earning_numbers(cast("Hashable", rule), maximum, _first_break(rule)))


TABLE = RuleStrategies.from_readers(
    read_rules=_at_maximum(_read_table), read_values=_table_values, read_positive=_table_positive, better=_number_better
)


# --- ratio -------------------------------------------------------------------------------------


def _read_ratio_rule(tape: Tape, maximum: Fraction) -> Rule:
    percent = not tape.boolean()
    # a percentage never passes 100: cut points stay below it, so the top band can be reached
    steps, per = (_BELOW_HUNDRED, 4) if percent else (_TWENTIETH_STEPS, 20)
    then: Bands | Linear
    if tape.boolean():
        then = _goalposts(tape, steps, per)
    else:
        then = Bands(bands=_ascending_bands(tape, maximum, steps, per), unit=tape.choice(_UNITS))
    when_zero = tape.choice(("not-applicable", "error"))
    return Ratio(then=then, percent=percent, when_zero=when_zero, allow_na=tape.boolean())  # type: ignore[arg-type]


def _ratio(numerator: Fraction, denominator: Fraction) -> Value:
    return {"numerator": numerator, "denominator": denominator}


def _parts(value: Value) -> tuple[Fraction, Fraction]:
    counts = as_counts(value, ("numerator", "denominator"))
    return counts["numerator"], counts["denominator"]


def _scale(rule: Ratio) -> tuple[int, int]:
    """A denominator that turns every anchor into a whole numerator, and the anchor's factor."""
    return (400, 4) if rule.percent else (20, 20)


def _read_ratio(tape: Tape, rule: Ratio, anchors: tuple[Fraction, ...]) -> Value:
    """Any ratio (0/0 too, where the rule allows it), or one near an anchor of the rule."""
    if tape.boolean():
        den, factor = _scale(rule)
        numerator = max(read_number_near(tape, anchors) * factor, Fraction(0))
        return _ratio(min(numerator, Fraction(den)) if rule.percent else numerator, Fraction(den))
    bottom = tape.integer(1 if rule.when_zero == "error" else 0, 60)
    top = bottom if rule.percent else 4 * bottom + 4
    return _ratio(Fraction(tape.integer(0, top)), Fraction(bottom))


def _ratio_values(rule: Rule, maximum: Fraction) -> Reader[Value]:
    assert isinstance(rule, Ratio)  # noqa: S101  (registered for ratios only)
    return functools.partial(_read_ratio, rule=rule, anchors=_anchors(rule))


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


@functools.lru_cache(maxsize=4096)
def _earning_ratios(rule: Ratio, maximum: Fraction) -> tuple[Value, ...]:
    den, factor = _scale(rule)
    numerators = {a * factor + o for a in _anchors(rule) for o in (0, 1, -1)} | {Fraction(0), Fraction(den)}
    fits = sorted(n for n in numerators if n >= 0 and (not rule.percent or n <= den))
    return _earning(rule, maximum, [_ratio(n, Fraction(den)) for n in fits])


def _ratio_positive(rule: Rule, maximum: Fraction) -> Reader[Value] | None:
    assert isinstance(rule, Ratio)  # noqa: S101  (registered for ratios only)
    return _chooser(_earning_ratios(rule, maximum))


RATIO = RuleStrategies.from_readers(
    read_rules=_at_maximum(_read_ratio_rule),
    read_values=_ratio_values,
    read_positive=_ratio_positive,
    better=_ratio_better,
)


# --- counts: count, deduction ------------------------------------------------------------------


def _read_count_rule(tape: Tape, maximum: Fraction) -> Rule:
    per_item = maximum / tape.integer(1, 10) if tape.boolean() else maximum * tape.integer(1, 20) / 20
    return Count(per_item=per_item, allow_na=tape.boolean())


def _cap(rule: Rule, maximum: Fraction) -> int:
    """The number of items (or violations) that reaches the maximum."""
    each = rule.per_item if isinstance(rule, Count) else _each(rule, maximum)
    return 5 if each == 0 else math.ceil(maximum / each)


def _each(rule: Rule, maximum: Fraction) -> Fraction:
    assert isinstance(rule, Deduction)  # noqa: S101  (registered for deductions only)
    if rule.per_violation is not None:
        return rule.per_violation
    return maximum * (rule.percent or Fraction(0)) / 100


def _counts(rule: Rule, maximum: Fraction) -> Reader[Value]:
    return _wholes(0, _cap(rule, maximum) + 3)


COUNT = RuleStrategies.from_readers(
    read_rules=_at_maximum(_read_count_rule),
    read_values=_counts,
    read_positive=lambda rule, maximum: _wholes(1, _cap(rule, maximum) + 2),
    better=lambda rule, value, maximum: st.integers(0, 5).map(lambda k: as_count(value) + Fraction(k)),
    fits=lambda maximum: maximum > 0,
)


def _read_deduction_rule(tape: Tape, maximum: Fraction) -> Rule:
    if maximum == 0 or tape.boolean():
        return Deduction(percent=read_percentage(tape, 1), allow_na=tape.boolean())
    return Deduction(per_violation=maximum * tape.integer(1, 20) / 20, allow_na=tape.boolean())


def _deduction_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    violations = as_count(value, "number of violations")
    return st.integers(0, violations).map(lambda k: Fraction(violations - k))


DEDUCTION = RuleStrategies.from_readers(
    read_rules=_at_maximum(_read_deduction_rule),
    read_values=_counts,
    read_positive=lambda rule, maximum: _wholes(0, _cap(rule, maximum) - 1),
    better=_deduction_better,
)


# --- named options: likert, severity -----------------------------------------------------------

_OPTION_NAMES = ("A", "B", "C", "D", "E", "tốt", "khá", "x y", "1")
_OPTION_TEXT = texts(min_size=1, max_size=3)
_TIER_NAMES = ("full", "minor", "serious", "excellent", "good", "complete", "1", "0.5", "1e2", "-1")
"""Tier names: words, and some that read as numbers (never two as the same number, which the rule refuses)."""


def _read_tier_name(tape: Tape) -> str:
    return "".join(tape.choice("abcdefghij") for _ in range(tape.integer(1, 4)))


def _weighted_options(tape: Tape, names: tuple[str, ...], own_name: Reader[str]) -> dict[str, Fraction]:
    """
    Up to four options in any order with percentages from 0 to 100, at least one above 0:
    named from *names*, or (one time in three each) by *own_name*.
    """
    count = tape.integer(1, 4)
    chosen = [names[i] for i in tape.distinct(count, 0, len(names) - 1)]
    order = tape.shuffled(range(count))
    lead = tape.integer(0, count - 1)
    weights = [Fraction(tape.integer(1 if i == lead else 0, 400), 4) for i in range(count)]
    for slot in range(count):  # last: the reads most likely to run past a short tape
        if tape.odds(1, 3):
            own = own_name(tape)
            if own and own not in chosen:
                chosen[slot] = own
    return {chosen[i]: weights[i] for i in order}


def _read_likert(tape: Tape) -> Rule:
    """A likert rule; an option of its own is named by a text drawn with the tape."""
    return Likert(weights=_weighted_options(tape, _OPTION_NAMES, Tape.text), allow_na=tape.boolean())


def _read_severity(tape: Tape) -> Rule:
    """
    The default severity rule, or tiers of its own: named from :data:`_TIER_NAMES` (words, and
    names that read as different numbers, which a response may give as the number) or in
    letters a to j (never like a number).
    """
    if not tape.boolean():
        return Severity()
    return Severity(tiers=_weighted_options(tape, _TIER_NAMES, _read_tier_name), allow_na=tape.boolean())


def _read_answers(tape: Tape, options: tuple[str, ...]) -> dict[str, Fraction]:
    """Counts of answers from 0 to 30 for some of *options*, in any order (none at zero)."""
    out: dict[str, Fraction] = {}
    for option in tape.shuffled(options):
        count = tape.integer(0, 61)  # one byte: half the time no entry, else a count
        if count > 30:
            out[option] = Fraction(count - 31)
    return out


def _options(rule: Rule) -> tuple[str, ...]:
    assert isinstance(rule, Likert)  # noqa: S101  (registered for likert rules only)
    return tuple(k for k, _ in rule.weights)


def _likert_values(rule: Rule, maximum: Fraction) -> Reader[Value]:
    return functools.partial(_read_answers, options=_options(rule))


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


def _read_earning_answers(tape: Tape, options: tuple[str, ...], earning: tuple[str, ...]) -> Value:
    """Answers with at least one for an option that earns points."""
    answers = _read_answers(tape, options)
    return {**answers, tape.choice(earning): Fraction(tape.integer(1, 30))}


def _likert_positive(rule: Rule, maximum: Fraction) -> Reader[Value] | None:
    assert isinstance(rule, Likert)  # noqa: S101  (registered for likert rules only)
    earning = tuple(k for k, w in rule.weights if w > 0)
    if not earning:
        return None
    return functools.partial(_read_earning_answers, options=_options(rule), earning=earning)


LIKERT = RuleStrategies.from_readers(
    read_rules=lambda maximum: _read_likert,
    words=_OPTION_TEXT,
    read_values=_likert_values,
    read_positive=_likert_positive,
    better=_likert_better,
)


def _tiers(rule: Rule) -> dict[str, Fraction]:
    assert isinstance(rule, Severity)  # noqa: S101  (registered for severity rules only)
    return dict(rule.tiers)


def _severity_better(rule: Rule, value: Value, maximum: Fraction) -> st.SearchStrategy[Value]:
    tiers = _tiers(rule)
    least = tiers[rule.score(value, maximum).input]  # the tier's name, also for a number that answers it
    return st.sampled_from([name for name, pct in tiers.items() if pct >= least])


SEVERITY = RuleStrategies.from_readers(
    read_rules=lambda maximum: _read_severity,
    read_values=lambda rule, maximum: functools.partial(_pick, options=tuple(_tiers(rule))),
    read_positive=lambda rule, maximum: _chooser([name for name, pct in _tiers(rule).items() if pct > 0]),
    better=_severity_better,
)


# --- XCCDF results --------------------------------------------------------------------------

_FAILURES = ("fail", "error", "unknown")


def _read_results(tape: Tape) -> Value:
    """One result, several in order (``"fail, pass"``), or a table of counts per result."""
    kind = tape.integer(0, 2)
    if kind == 0:
        return tape.choice(RESULTS)
    if kind == 1:
        return ", ".join(tape.choice(RESULTS) for _ in range(tape.integer(0, 3)))
    keys = tape.shuffled([RESULTS[i] for i in tape.distinct(tape.integer(0, 3), 0, len(RESULTS) - 1)])
    counts = tape.bits(2 * len(keys))  # two bits a key: counts from 0 to 3
    return {key: Fraction(counts >> 2 * i & 3) for i, key in enumerate(keys)}


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


RESULT = RuleStrategies.from_readers(
    read_rules=lambda maximum: _read_result,
    read_values=lambda rule, maximum: _read_results,
    read_positive=lambda rule, maximum: _chooser(["pass", "fixed", "fail, pass", "pass, notchecked"]),
    better=lambda rule, value, maximum: _passed(value),
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
