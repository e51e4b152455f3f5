"""
Batch scoring: compile a framework once into a flat plan, then score many assessments.

The plan lists the leaves with their rules and every inner node (children
first) with its children's slots. Assessments are scored in chunks, column by
column: each leaf's values for the whole chunk are scored together (a value
seen before is looked up, not scored again; a rule with a ``points_pair``
kernel scores new values without building a trace), and each node's points are
integer sums over one denominator per column, so the arithmetic stays exact
with one reduction per number read. Each result carries every node's points
and applicable maximum; the full :class:`~parlib.scorecard.ScoreCard` (with
traces) is built on demand and is identical to :func:`parlib.score`'s.

An assessment the fast path cannot take (responses to inner nodes, a value a
rule rejects, an aggregation that raises) is scored by :func:`parlib.score`
in its place, so it gets the same numbers or raises the same error there.

>>> from parlib import examples, score
>>> fw, a = examples.framework(), examples.assessment()
>>> [result] = score_many(fw, [a])
>>> result.total_points == score(fw, a).total.points
True
>>> result.card() == score(fw, a)
True
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from itertools import islice, repeat
from operator import add, attrgetter, floordiv, index, itemgetter, le, mul
from typing import Final, cast

import attrs

from parlib.aggregation import Additive
from parlib.assessment import Assessment, Response
from parlib.errors import ScoringError
from parlib.framework import Band, Criterion, Framework
from parlib.layers import layer_problems
from parlib.numbers import DENOMINATOR, NUMERATOR
from parlib.rules.base import Rule
from parlib.scorecard import ScoreCard
from parlib.scoring import ChildScore, combine, finding_problems, score

__all__ = ["BatchScore", "Plan", "compile_plan", "score_many"]

CHUNK: Final = 1024
"""Assessments scored together, column by column."""

_MEMO_LIMIT: Final = 1 << 16  # distinct values remembered per leaf
_LEARNING: Final = 1024  # values a leaf sees before it judges whether remembering them pays
_SAMPLE: Final = 64  # values a rule with a column kernel glances at first: mostly distinct, do not remember
_DEN_BITS: Final = 512  # a common denominator larger than this: one denominator per row instead
_SMALL: Final = 60  # a denominator this short keeps sums in small integers
_ONE_AT_A_TIME: Final = threading.RLock()  # plans learn as they score: one chunk at a time, in any thread

Numerators = list[int] | int
"""A chunk's numerators, one per row, or one int when every row has the same."""

Column = tuple[Numerators, "int | list[int]"]
"""Numerators over one common denominator, or over one denominator per row."""

_VALUE = attrgetter("value")
_BOOL_KEYS: Final = {True: (bool, True), False: (bool, False)}


class _Mark:
    """A leaf result that is not a number of points."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


_MISSING: Final = _Mark("no response")  # a value: the assessment gives no response to the leaf
_OFF: Final = _Mark("not applicable")  # a result: the leaf does not count (N/A marked or found by the rule)
_FAILED: Final = _Mark("failed")  # a result: the row goes to parlib.score, which scores it or raises

Pair = tuple[int, int]


@attrs.define(eq=False)
class _Leaf:
    """A leaf of the plan, with what it has learnt: each distinct value's points over one denominator."""

    id: str
    slot: int
    rule: Rule
    maximum: Fraction
    memo: dict[object, int | _Mark] = attrs.field(factory=dict, repr=False)
    den: int = 1  # the memo's numerators are over this denominator
    memoise: bool = True
    lookups: int = 0
    misses: int = 0
    marks: int = 0  # results in the memo that are marks, not points
    shapes: dict[object, _Mark] = attrs.field(factory=dict, repr=False)  # table keys: names -> a mark
    kernel: Callable[[object, Fraction], Pair | None] | None = attrs.field(init=False, repr=False)
    many: Callable[[Sequence[object], Fraction], tuple[list[int], list[int]] | None] | None = attrs.field(
        init=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        self.kernel = getattr(self.rule, "points_pair", None)
        self.many = getattr(self.rule, "points_column", None)

    def pair(self, value: object) -> Pair | _Mark:
        """Score one value (any exception: the row goes to the general engine, which raises it)."""
        if value is _MISSING:
            return (0, 1)
        if value is None:  # marked not applicable
            return _OFF if self.rule.allow_na else _FAILED
        maximum = self.maximum
        try:
            if self.kernel is not None:
                pair = self.kernel(value, maximum)
            else:
                points = self.rule.score(value, maximum).points  # type: ignore[arg-type]
                pair = None if points is None else (points.numerator, points.denominator)
            if pair is None:
                return _OFF
            num, den = pair
            if type(num) is not int or type(den) is not int:  # a plugin's numpy integers, say: plain ints
                pair = num, den = index(num), index(den)  # (not integers: raises, and parlib.score decides)
        except Exception:  # noqa: BLE001  (scored again by parlib.score, which raises it where it belongs)
            return _FAILED
        if den <= 0 or num < 0 or num * maximum.denominator > maximum.numerator * den:
            return _FAILED
        return pair

    def _remember(self, key: object, value: object) -> None:
        self.misses += 1
        pair = self.pair(value)
        if isinstance(pair, _Mark):
            self.marks += 1
            self.memo[key] = pair
        else:
            num, den = pair
            if self.den % den:
                divisor = math.gcd(num, den)
                num, den = num // divisor, den // divisor
                common = math.lcm(self.den, den)
                factor = common // self.den
                if factor != 1:
                    self.memoise = False  # until the memo is rescaled: an interrupted rescale leaves it unused
                    for k, v in self.memo.items():
                        if type(v) is int:
                            self.memo[k] = v * factor
                    self.den, self.memoise = common, True
            self.memo[key] = num * (self.den // den)

    def _together(self, values: Sequence[object]) -> tuple[Column, list[int | _Mark] | None] | None:
        """The rule's ``points_column`` kernel on the whole column, when it takes it and all is in range."""
        if self.many is None:
            return None
        kinds = set(map(type, values))
        if _Mark in kinds or type(None) in kinds:  # no response, or N/A: the kernel is for response values only
            return None
        try:
            got = self.many(values, self.maximum)
            if got is None:
                return None
            nums, dens = got
            nums, dens = list(map(index, nums)), list(map(index, dens))  # plain ints (a plugin's may be numpy's)
        except Exception:  # noqa: BLE001  (then value by value, which finds the culprit)
            return None
        rows, top = len(values), self.maximum
        if len(nums) != rows or len(dens) != rows or min(nums, default=0) < 0 or min(dens, default=1) < 0:
            return None
        results: list[int | _Mark] | None = None
        if 0 in dens:  # not applicable
            results = [_OFF if d == 0 else n for n, d in zip(nums, dens, strict=True)]
            nums = [0 if d == 0 else n for n, d in zip(nums, dens, strict=True)]
            dens = [d or 1 for d in dens]
        if not _within(nums, dens, top):
            return None
        return _column(nums, dens), results

    def column(self, values: Sequence[object]) -> tuple[Column, list[int | _Mark] | None]:
        """
        A chunk's column of values scored: the points, and the results with their marks
        (``None`` when no value is marked: every row counts and none failed).
        """
        if not self.memoise:
            together = self._together(values)
            if together is not None:
                return together
            pairs = list(map(self.pair, values))
            if not any(type(p) is _Mark for p in pairs):
                return _column(list(map(_FIRST, pairs)), list(map(_SECOND, pairs))), None  # type: ignore[arg-type]
            marked = [(0, 1) if isinstance(p, _Mark) else p for p in pairs]
            marks: list[int | _Mark] = [p if isinstance(p, _Mark) else 0 for p in pairs]
            return _column(list(map(_FIRST, marked)), list(map(_SECOND, marked))), marks
        if not self.lookups and self.many is not None and len(values) >= _SAMPLE:
            sample = _keys(values[:_SAMPLE], {})  # a column kernel is cheap: a glance decides
            if 2 * len(set(sample)) > _SAMPLE:  # the first values hardly repeat
                self.memoise = False
                return self.column(values)
        keys = _keys(values, self.shapes)
        memo = self.memo
        self.lookups += len(keys)
        try:
            results: list[int | _Mark] = list(map(memo.__getitem__, keys))
        except KeyError:  # values not seen before: score each distinct one once
            pending = dict(zip(keys, values, strict=True))
            for key in pending.keys() - memo.keys():
                self._remember(key, pending[key])
            results = list(map(memo.__getitem__, keys))
        den = self.den  # these results' denominator (the memo may be dropped just below)
        if (
            self.den.bit_length() > _DEN_BITS
            or len(memo) > _MEMO_LIMIT
            or (self.lookups >= _LEARNING and 2 * self.misses > self.lookups and self.kernel is not None)
        ):  # values rarely repeat and the rule has a kernel, or too many: stop remembering
            self.memoise, self.den, self.marks = False, 1, 0
            memo.clear()
            self.shapes.clear()
        # a result can be a mark only when the memo holds marks, or has just been dropped
        if (self.marks or not self.memoise) and any(type(v) is _Mark for v in results):
            return ([0 if type(v) is _Mark else v for v in results], den), results  # type: ignore[misc]
        return (results, den), None  # type: ignore[return-value]


def _within(nums: list[int], dens: list[int], top: Fraction) -> bool:
    """Whether every ``num / den`` is at most *top* (compared in integers, fewest passes for whole tops)."""
    rows = len(nums)
    if top.denominator == 1:
        limits = dens if top.numerator == 1 else list(map(mul, dens, repeat(top.numerator, rows)))
        return all(map(le, nums, limits))
    return all(map(le, map(mul, nums, repeat(top.denominator, rows)), map(mul, dens, repeat(top.numerator, rows))))


def _keys(values: Sequence[object], shapes: dict[object, _Mark]) -> Sequence[object]:
    """Memo keys for a column: the values where that is safe and cheap, else a tagged form."""
    kinds = set(map(type, values))
    if len(kinds) == 1:
        kind = kinds.pop()
        if kind is Fraction:  # hashing a Fraction is slow: key by its integers
            numbers = cast("Sequence[Fraction]", values)
            dens = list(map(DENOMINATOR, numbers))
            if dens.count(1) == len(dens):
                return list(map(NUMERATOR, numbers))
            return list(zip(map(NUMERATOR, numbers), dens, strict=True))
        if kind is str:
            return values
        if kind is bool:  # True == 1 as a key: tag them
            return [_BOOL_KEYS[v] for v in values]  # type: ignore[index]
        if kind is dict:
            keys = _table_keys(values, shapes)  # type: ignore[arg-type]
            if keys is not None:
                return keys
    return [_key(v) for v in values]


def _table_keys(values: Sequence[dict[str, object]], shapes: dict[object, _Mark]) -> list[object] | None:
    """Keys for a column of tables of numbers that all have the same names, else ``None``."""
    names = tuple(values[0])
    if set(map(len, values)) != {len(names)}:
        return None
    try:
        columns = [list(map(itemgetter(name), values)) for name in names]
    except KeyError:  # a table with other names
        return None
    parts: list[object] = [()]  # first which names, and which numbers have denominators, as a mark
    fractional = []
    for column in columns:
        if set(map(type, column)) != {Fraction}:
            return None
        parts.append(list(map(NUMERATOR, column)))
        dens = list(map(DENOMINATOR, column))
        fractional.append(dens.count(1) != len(dens))
        if fractional[-1]:
            parts.append(dens)
    shape = (names, tuple(fractional))
    parts[0] = repeat(shapes.setdefault(shape, _Mark(f"table shape {len(shapes)}")), len(values))
    return list(zip(*parts, strict=True))


def _key(value: object) -> object:
    """A hashable key for one value that tells apart values a rule may tell apart (True and 1, say)."""
    if type(value) is Fraction:
        return (value.numerator, value.denominator)
    if isinstance(value, dict):
        return (dict, *((k, _key(v)) for k, v in value.items()))
    if value is True or value is False:
        return (bool, value)
    if value is None or isinstance(value, (str, _Mark)):
        return value
    return (type(value), repr(value))


_FIRST, _SECOND = itemgetter(0), itemgetter(1)


@attrs.frozen
class _Inner:
    criterion: Criterion | None  # None for the total
    slot: int
    children: tuple[int, ...]
    child_ids: tuple[str, ...]
    child_maxima: tuple[Fraction, ...]
    weights: tuple[Fraction, ...]
    maximum: Fraction
    simple: bool  # additive, excluding N/A, no data threshold: a plain sum


@attrs.frozen
class Plan:
    """
    A framework compiled for batch scoring: leaves, inner nodes (children first), slots.

    A plan learns as it scores (its leaves remember the points of values seen);
    threads may share one, as chunks are scored one at a time.

    >>> from parlib import examples
    >>> plan = compile_plan(examples.framework())
    >>> len(plan.leaves) == sum(1 for _ in examples.framework().leaves())
    True
    """

    framework: Framework
    leaves: tuple[_Leaf, ...] = attrs.field(repr=False)
    inner: tuple[_Inner, ...] = attrs.field(repr=False)
    slots: dict[str, int] = attrs.field(eq=False, repr=False)
    leaf_ids: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    """The leaves' ids in plan order."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "leaf_ids", tuple(leaf.id for leaf in self.leaves))


def compile_plan(framework: Framework) -> Plan:
    """
    Compile *framework* once for :func:`score_many`.

    >>> from parlib import examples
    >>> plan = compile_plan(examples.framework())
    >>> plan.slots["total"] == len(plan.slots) - 1
    True
    """
    leaves: list[_Leaf] = []
    inner: list[_Inner] = []
    slots: dict[str, int] = {}

    def slot_of(node_id: str) -> int:
        slots[node_id] = len(slots)
        return slots[node_id]

    def visit(crit: Criterion) -> int:
        if crit.is_leaf:
            assert crit.rule is not None  # noqa: S101  (a leaf has a rule)
            slot = slot_of(crit.id)
            leaves.append(_Leaf(crit.id, slot, crit.rule, framework.maximum_of(crit)))
            return slot
        children = tuple(visit(c) for c in crit.children)
        slot = slot_of(crit.id)
        inner.append(_node(framework, crit, slot, crit.children, children))
        return slot

    normal = [c for c in framework.criteria if c.role == "normal"]
    tops = tuple(visit(c) for c in normal)
    for section in framework.criteria:
        if section.role != "normal":
            visit(section)
    inner.append(_node(framework, None, slot_of("total"), normal, tops))
    return Plan(framework, tuple(leaves), tuple(inner), slots)


def _node(
    framework: Framework, crit: Criterion | None, slot: int, crits: Sequence[Criterion], children: tuple[int, ...]
) -> _Inner:
    aggregation = framework.aggregation if crit is None else framework.aggregation_of(crit)
    policy = (crit.na_policy if crit is not None else None) or framework.na_policy
    share = crit.na_min_share if crit is not None and crit.na_min_share is not None else framework.na_min_share
    maximum = framework.maximum if crit is None else framework.maximum_of(crit)
    simple = type(aggregation) is Additive and policy == "exclude" and share is None  # others may add otherwise
    weights = tuple(c.weight if c.weight is not None else Fraction(1) for c in crits)
    maxima = tuple(framework.maximum_of(c) for c in crits)
    return _Inner(crit, slot, children, tuple(c.id for c in crits), maxima, weights, maximum, simple)


@attrs.frozen
class _Numbers:
    """A chunk's numbers: per slot, the points and applicable maxima of every row."""

    points: list[Column]
    applicable: list[Column]


@attrs.frozen
class BatchScore:
    """
    One assessment's numbers from :func:`score_many`, with the full card on demand.

    >>> from parlib import examples
    >>> [r] = score_many(examples.framework(), [examples.assessment()])
    >>> r.index("1") == r.card().node("1").index
    True
    """

    plan: Plan = attrs.field(repr=False)
    assessment: Assessment = attrs.field(repr=False)
    numbers: _Numbers = attrs.field(repr=False, eq=False)
    row: int = attrs.field(repr=False, eq=False)

    def points(self, node_id: str = "total") -> Fraction:
        """
        A node's points (``"total"`` for the whole framework).

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.points() == r.total_points
        True
        """
        return _fraction(self.numbers.points[self.plan.slots[node_id]], self.row)

    def applicable_maximum(self, node_id: str = "total") -> Fraction:
        """
        A node's applicable maximum.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.applicable_maximum("1")
        Fraction(19, 2)
        """
        return _fraction(self.numbers.applicable[self.plan.slots[node_id]], self.row)

    def index(self, node_id: str = "total") -> Fraction | None:
        """
        A node's index, ``None`` when nothing under it applies.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.index() == r.card().total.index
        True
        """
        applicable = self.applicable_maximum(node_id)
        if applicable == 0:
            return None
        return self.points(node_id) / applicable * 100

    @property
    def total_points(self) -> Fraction:
        """
        The total's points (normal sections only; see :meth:`card` for bonus and penalty).

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.total_points > 0
        True
        """
        return self.points("total")

    def _sections(self, role: str) -> Fraction:
        crits = self.plan.framework.criteria
        return sum((self.points(c.id) for c in crits if c.role == role), Fraction(0))

    @property
    def bonus(self) -> Fraction:
        """
        Points from bonus sections, as :attr:`parlib.ScoreCard.bonus`.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.bonus == r.card().bonus
        True
        """
        return self._sections("bonus")

    @property
    def penalty(self) -> Fraction:
        """
        Points from penalty sections, as :attr:`parlib.ScoreCard.penalty`.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.penalty == r.card().penalty
        True
        """
        return self._sections("penalty")

    @property
    def final_points(self) -> Fraction:
        """
        Total points plus bonus minus penalty, never below 0, as :attr:`parlib.ScoreCard.final_points`.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.final_points == r.card().final_points
        True
        """
        return max(Fraction(0), self.total_points + self.bonus - self.penalty)

    @property
    def final_index(self) -> Fraction | None:
        """
        ``final_points`` over the total's applicable maximum, times 100, as :attr:`parlib.ScoreCard.final_index`.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.final_index == r.card().final_index
        True
        """
        applicable = self.applicable_maximum("total")
        return None if applicable == 0 else self.final_points / applicable * 100

    @property
    def band(self) -> Band | None:
        """
        The band, as on the full card.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.band == r.card().band
        True
        """
        return self.plan.framework.band_for(self.final_index)

    def card(self) -> ScoreCard:
        """
        The full score card, identical to ``parlib.score(framework, assessment)``.

        >>> from parlib import examples
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> r.card().subject.id
        'so-ldtbxh'
        """
        return score(self.plan.framework, self.assessment)


# ---------------------------------------------------------------------------------------------
# exact column arithmetic


def _column(nums: list[int], dens: list[int]) -> Column:
    """Numerators over their own denominators, brought to one common denominator when it stays small."""
    distinct = set(dens)
    if len(distinct) == 1:
        return nums, distinct.pop()
    common = math.lcm(*distinct)
    if common.bit_length() > _DEN_BITS:
        divisors = list(map(math.gcd, nums, dens))  # unreduced pairs: reduce them, then try again
        nums = list(map(floordiv, nums, divisors))
        dens = list(map(floordiv, dens, divisors))
        common = math.lcm(*set(dens))
        if common.bit_length() > _DEN_BITS:
            return nums, dens
    return list(map(mul, nums, map(common.__floordiv__, dens))), common


def _sum(columns: list[Column], rows: int) -> Column:
    """Row-wise exact sum of columns (those over small denominators first, then the rest)."""
    if len(columns) == 1:
        return columns[0]
    dens = [den for _, den in columns]
    if not all(type(den) is int for den in dens):
        exact = [sum((_fraction(col, row) for col in columns), Fraction(0)) for row in range(rows)]
        return _column(list(map(NUMERATOR, exact)), list(map(DENOMINATOR, exact)))
    small = [col for col in columns if col[1].bit_length() <= _SMALL]  # type: ignore[union-attr]
    if 1 < len(small) < len(columns):  # big denominators: scale the small ones' sum once, not each of them
        return _sum([_sum(small, rows), *(col for col in columns if col[1].bit_length() > _SMALL)], rows)  # type: ignore[union-attr]
    common = math.lcm(*dens)  # type: ignore[arg-type]
    if common.bit_length() > _DEN_BITS:
        exact = [sum((_fraction(col, row) for col in columns), Fraction(0)) for row in range(rows)]
        return _column(list(map(NUMERATOR, exact)), list(map(DENOMINATOR, exact)))
    constant, lists = 0, []
    for nums, den in columns:
        factor = common // den  # type: ignore[operator]
        if type(nums) is int:
            constant += nums * factor
        else:
            lists.append(nums if factor == 1 else list(map(mul, nums, repeat(factor, rows))))  # type: ignore[arg-type]
    if not lists:
        return constant, common
    total: list[int] = lists[0] if len(lists) == 1 else list(map(sum, zip(*lists, strict=True)))  # type: ignore[assignment]
    return (list(map(add, total, repeat(constant, rows))) if constant else total), common


def _fraction(column: Column, row: int) -> Fraction:
    nums, den = column
    return Fraction(
        nums if type(nums) is int else nums[row],  # type: ignore[index]
        den if type(den) is int else den[row],  # type: ignore[index]
    )


# ---------------------------------------------------------------------------------------------
# one chunk


def _values(plan: Plan, leaf_set: frozenset[str], assessment: Assessment) -> Iterable[object] | None:
    """
    The assessment's values in leaf order (``None`` for N/A); ``None``: the general engine takes it
    (another framework or version, a finding citing an unknown criterion, layers that do not fit,
    responses the plan cannot take), and scores it or raises what :func:`parlib.score` raises.
    """
    framework, ref = plan.framework, assessment.framework
    if ref.id != framework.id or not ref.fits_version(framework.version):
        return None
    if assessment.findings and finding_problems(framework, assessment):
        return None
    if not assessment.layers and assessment.criterion_ids == plan.leaf_ids:
        return list(map(_VALUE, assessment.responses))  # a response's value is None exactly when it is marked N/A
    if assessment.layers and layer_problems(framework, assessment):
        return None
    responses: Sequence[Response] = (
        assessment.responses if not assessment.layers else [r for r, _ in assessment.effective_responses()]
    )
    by_id = {r.criterion: r for r in responses}
    if len(by_id) != len(responses) or not by_id.keys() <= leaf_set:
        return None
    found = [by_id.get(leaf_id) for leaf_id in plan.leaf_ids]
    return [_MISSING if r is None else r.value for r in found]


def _chunk(plan: Plan, leaf_set: frozenset[str], assessments: list[Assessment]) -> Iterator[BatchScore]:
    rows = [_values(plan, leaf_set, a) for a in assessments]
    fast = [i for i, values in enumerate(rows) if values is not None]
    taken = rows if len(fast) == len(rows) else [rows[i] for i in fast]
    with _ONE_AT_A_TIME:
        numbers, failed = _score_rows(plan, taken) if fast else (_Numbers([], []), set())  # type: ignore[arg-type]
    if taken is rows and not failed:
        yield from map(BatchScore, repeat(plan), assessments, repeat(numbers), range(len(rows)))
        return
    position = {row: i for i, row in enumerate(fast) if i not in failed}
    for i, assessment in enumerate(assessments):
        at = position.get(i)
        yield _from_card(plan, assessment) if at is None else BatchScore(plan, assessment, numbers, at)


def _score_rows(plan: Plan, rows: list[Iterable[object]]) -> tuple[_Numbers, set[int]]:
    """Every slot's column for *rows*, and the rows the general engine must take."""
    count = len(rows)
    points: list[Column] = [(0, 1)] * len(plan.slots)
    applicable: list[Column] = [(0, 1)] * len(plan.slots)
    failed: set[int] = set()
    for leaf, values in zip(plan.leaves, zip(*rows, strict=True), strict=True):
        points[leaf.slot], results = leaf.column(values)
        top = leaf.maximum
        if results is not None:
            failed.update(i for i, r in enumerate(results) if r is _FAILED)
            applicable[leaf.slot] = [0 if r is _OFF else top.numerator for r in results], top.denominator
        else:
            applicable[leaf.slot] = top.numerator, top.denominator
    for node in plan.inner:
        if node.simple:
            points[node.slot] = _sum([points[c] for c in node.children], count)
            applicable[node.slot] = _sum([applicable[c] for c in node.children], count)
        else:
            points[node.slot], applicable[node.slot] = _combine_rows(
                plan, node, points=points, applicable=applicable, count=count, failed=failed
            )
    return _Numbers(points, applicable), failed


def _combine_rows(
    plan: Plan, node: _Inner, *, points: list[Column], applicable: list[Column], count: int, failed: set[int]
) -> tuple[Column, Column]:
    """A node that is not a plain sum: its aggregation, row by row."""
    pts_n, pts_d, app_n, app_d = [], [], [], []
    for row in range(count):
        children = [
            ChildScore(cid, _fraction(points[c], row), top, _fraction(applicable[c], row), weight)
            for c, cid, top, weight in zip(node.children, node.child_ids, node.child_maxima, node.weights, strict=True)
        ]
        try:
            combined = combine(plan.framework, node.criterion, children)
        except Exception:  # noqa: BLE001  (scored again by parlib.score, which raises it)
            failed.add(row)
            combined = None
        if combined is None or combined.points is None:
            got, top = Fraction(0), Fraction(0)
        else:
            got, top = combined.points, combined.applicable_maximum
        pts_n.append(got.numerator)
        pts_d.append(got.denominator)
        app_n.append(top.numerator)
        app_d.append(top.denominator)
    return _column(pts_n, pts_d), _column(app_n, app_d)


def _from_card(plan: Plan, assessment: Assessment) -> BatchScore:
    card = score(plan.framework, assessment)
    points: list[Column] = [(0, 1)] * len(plan.slots)
    applicable: list[Column] = [(0, 1)] * len(plan.slots)
    for node in (card.total, *card.nodes()):
        slot = plan.slots[node.id]
        points[slot] = node.points.numerator, node.points.denominator
        applicable[slot] = node.applicable_maximum.numerator, node.applicable_maximum.denominator
    return BatchScore(plan, assessment, _Numbers(points, applicable), 0)


def score_many(
    framework: Framework | Plan, assessments: Iterable[Assessment], *, chunk_size: int = CHUNK
) -> Iterator[BatchScore]:
    """
    Score many assessments against one framework, compiled once.

    Results come in input order and equal scoring one by one; an assessment
    with a problem raises the same error :func:`parlib.score` would, when its
    result is reached. Assessments are read ahead *chunk_size* at a time and
    scored together. A :class:`Plan` passed in keeps what it learns (each
    leaf's points for the values seen) for the next call.

    >>> from parlib import examples
    >>> [r.total_points for r in score_many(examples.framework(), [])]
    []
    """
    if chunk_size < 1:
        raise ScoringError.one(f"chunk_size must be at least 1, got {chunk_size}", "$.chunk_size")
    plan = framework if isinstance(framework, Plan) else compile_plan(framework)
    leaf_set = frozenset(plan.leaf_ids)
    items = iter(assessments)
    while True:
        chunk: list[Assessment] = []
        try:
            chunk.extend(islice(items, chunk_size))
        except Exception:  # the input itself fails: first the results read before, as one by one
            yield from _chunk(plan, leaf_set, chunk)
            raise
        if not chunk:
            return
        yield from _chunk(plan, leaf_set, chunk)
