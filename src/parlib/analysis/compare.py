"""
Comparing two score cards (two years, or two layers of one assessment) and two scored tables.

Nodes are matched by id, so cards from different versions of a framework
compare where their ids match; the ids found on one side only are listed.
A node is *met* when it scores its full applicable maximum (and something
applies); a criterion is *newly met* when it was not met before and is now,
*lost* the other way round.

>>> from parlib import examples, score
>>> card = score(examples.framework(), examples.assessment())
>>> same = compare_cards(card, card)
>>> same.points_change, same.newly_met, same.lost
(Fraction(0, 1), (), ())
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import attrs

from parlib.analysis.tablescore import TableScores, UnitScore
from parlib.scorecard import NodeScore, ScoreCard

__all__ = ["CardComparison", "NodeChange", "TableComparison", "UnitChange", "compare_cards", "compare_tables", "is_met"]


def is_met(node: NodeScore) -> bool:
    """
    Whether a node scores its full applicable maximum (and something applies).

    >>> from parlib import Label
    >>> is_met(NodeScore("x", Label.of(en="x"), Fraction(1), Fraction(1), Fraction(1)))
    True
    >>> is_met(NodeScore("x", Label.of(en="x"), Fraction(0), Fraction(1), Fraction(0)))
    False
    """
    return node.applicable_maximum > 0 and node.points >= node.applicable_maximum


def _change(before: Fraction | None, after: Fraction | None) -> Fraction | None:
    return None if before is None or after is None else after - before


@attrs.frozen
class NodeChange:
    """
    One node on both sides: points and index before and after, and their change.

    >>> from parlib import Label
    >>> a = NodeScore("1", Label.of(en="x"), Fraction(1), Fraction(2), Fraction(2))
    >>> b = NodeScore("1", Label.of(en="x"), Fraction(2), Fraction(2), Fraction(2))
    >>> c = NodeChange(a, b)
    >>> c.points_change, c.index_change, c.newly_met
    (Fraction(1, 1), Fraction(50, 1), True)
    """

    before: NodeScore
    after: NodeScore

    @property
    def id(self) -> str:
        """
        The node's id.

        >>> from parlib import Label
        >>> n = NodeScore("1", Label.of(en="x"), Fraction(1), Fraction(2), Fraction(2))
        >>> NodeChange(n, n).id
        '1'
        """
        return self.after.id

    @property
    def points_change(self) -> Fraction:
        """
        Points after minus points before.

        >>> from parlib import Label
        >>> n = NodeScore("1", Label.of(en="x"), Fraction(1), Fraction(2), Fraction(2))
        >>> NodeChange(n, n).points_change
        Fraction(0, 1)
        """
        return self.after.points - self.before.points

    @property
    def index_change(self) -> Fraction | None:
        """
        Index after minus index before (``None`` when either side has none).

        >>> from parlib import Label
        >>> n = NodeScore("1", Label.of(en="x"), Fraction(0), Fraction(2), Fraction(0))
        >>> NodeChange(n, n).index_change is None
        True
        """
        return _change(self.before.index, self.after.index)

    @property
    def newly_met(self) -> bool:
        """
        Not met before, met now.

        >>> from parlib import Label
        >>> n = NodeScore("1", Label.of(en="x"), Fraction(2), Fraction(2), Fraction(2))
        >>> NodeChange(n, n).newly_met
        False
        """
        return not is_met(self.before) and is_met(self.after)

    @property
    def lost(self) -> bool:
        """
        Met before, not met now.

        >>> from parlib import Label
        >>> a = NodeScore("1", Label.of(en="x"), Fraction(2), Fraction(2), Fraction(2))
        >>> b = NodeScore("1", Label.of(en="x"), Fraction(1), Fraction(2), Fraction(2))
        >>> NodeChange(a, b).lost
        True
        """
        return is_met(self.before) and not is_met(self.after)


def _nodes(card: ScoreCard) -> dict[str, NodeScore]:
    return {n.id: n for n in card.nodes()}


def _changes(value: Iterable[NodeChange]) -> tuple[NodeChange, ...]:
    return tuple(value)


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class CardComparison:
    """
    Two score cards side by side: total, index and band change, every node
    matched by id, the criteria newly met or lost, and the ids on one side only.

    >>> from parlib import examples, score
    >>> card = score(examples.framework(), examples.assessment())
    >>> compare_cards(card, card).band_change
    ('B', 'B')
    """

    before: ScoreCard
    after: ScoreCard
    changes: tuple[NodeChange, ...] = attrs.field(converter=_changes)
    only_before: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    only_after: tuple[str, ...] = attrs.field(default=(), converter=_ids)

    @property
    def points_change(self) -> Fraction:
        """
        Final points after minus before.

        >>> from parlib import examples, score
        >>> card = score(examples.framework(), examples.assessment())
        >>> compare_cards(card, card).points_change
        Fraction(0, 1)
        """
        return self.after.final_points - self.before.final_points

    @property
    def index_change(self) -> Fraction | None:
        """
        Final index after minus before.

        >>> from parlib import examples, score
        >>> card = score(examples.framework(), examples.assessment())
        >>> compare_cards(card, card).index_change
        Fraction(0, 1)
        """
        return _change(self.before.final_index, self.after.final_index)

    @property
    def band_change(self) -> tuple[str | None, str | None]:
        """
        The band label before and after (``None`` where there is no band).

        >>> from parlib import examples, score
        >>> card = score(examples.framework(), examples.assessment())
        >>> compare_cards(card, card).band_change[0]
        'B'
        """
        return (
            self.before.band.label if self.before.band is not None else None,
            self.after.band.label if self.after.band is not None else None,
        )

    @property
    def domains(self) -> tuple[NodeChange, ...]:
        """
        The changes of the top-level criteria present on both sides.

        >>> from parlib import examples, score
        >>> card = score(examples.framework(), examples.assessment())
        >>> [c.id for c in compare_cards(card, card).domains][:3]
        ['1', '2', '3']
        """
        tops = set(self.after.domains) & set(self.before.domains)
        return tuple(c for c in self.changes if c.id in tops)

    @property
    def newly_met(self) -> tuple[str, ...]:
        """
        Leaf criteria (or nodes given as a whole) met now and not before.

        >>> from parlib import examples, score
        >>> card = score(examples.framework(), examples.assessment())
        >>> compare_cards(card, card).newly_met
        ()
        """
        return tuple(c.id for c in self.changes if c.after.trace is not None and c.newly_met)

    @property
    def lost(self) -> tuple[str, ...]:
        """
        Leaf criteria (or nodes given as a whole) met before and not now.

        >>> from parlib import examples, score
        >>> card = score(examples.framework(), examples.assessment())
        >>> compare_cards(card, card).lost
        ()
        """
        return tuple(c.id for c in self.changes if c.after.trace is not None and c.lost)


def compare_cards(before: ScoreCard, after: ScoreCard) -> CardComparison:
    """
    Compare two score cards node by node (matched by id, in the order of *after*).

    >>> from parlib import examples, score, Response
    >>> import attrs
    >>> fw, a = examples.framework(), examples.assessment()
    >>> fixed = attrs.evolve(a, responses=[r for r in a.responses if r.criterion != "4.2.2"]
    ...                      + [Response("4.2.2", True, evidence=("E4",))])
    >>> cmp = compare_cards(score(fw, a), score(fw, fixed))
    >>> cmp.newly_met, cmp.points_change
    (('4.2.2',), Fraction(2, 1))
    """
    old, new = _nodes(before), _nodes(after)
    changes = [NodeChange(old[i], n) for i, n in new.items() if i in old]
    return CardComparison(
        before,
        after,
        changes,
        only_before=[i for i in old if i not in new],
        only_after=[i for i in new if i not in old],
    )


@attrs.frozen
class UnitChange:
    """
    One unit in two scored tables: rank, band and tier before and after, and its card comparison.

    ``before`` or ``after`` is ``None`` for a unit found in one table only.

    >>> from parlib import examples, score
    >>> u = UnitScore("x", score(examples.framework(), examples.assessment()), rank=3)
    >>> v = attrs.evolve(u, rank=1)
    >>> UnitChange("x", u, v, compare_cards(u.card, v.card)).rank_change
    2
    """

    unit: str
    before: UnitScore | None
    after: UnitScore | None
    cards: CardComparison | None = None

    @property
    def rank_change(self) -> int | None:
        """
        Places gained: the rank before minus the rank after (positive is better).

        >>> UnitChange("x", None, None).rank_change is None
        True
        """
        if self.before is None or self.after is None or self.before.rank is None or self.after.rank is None:
            return None
        return self.before.rank - self.after.rank


def _unit_changes(value: Iterable[UnitChange]) -> tuple[UnitChange, ...]:
    return tuple(value)


@attrs.frozen
class TableComparison:
    """
    Two scored tables matched by unit id, in the order of the second (units
    found in the first only come last).

    >>> from parlib import frameworks
    >>> from parlib.analysis.table import parse_table
    >>> from parlib.analysis.tablescore import score_table
    >>> fw = frameworks.get("papi-2011")
    >>> a = score_table(fw, parse_table("unit,D1,D2,D3,D4,D5,D6\\nA,5,5,5,5,5,5\\nB,6,6,6,6,6,6\\n"), tiers=False)
    >>> b = score_table(fw, parse_table("unit,D1,D2,D3,D4,D5,D6\\nA,7,7,7,7,7,7\\nB,6,6,6,6,6,6\\n"), tiers=False)
    >>> [(u.unit, u.rank_change) for u in compare_tables(a, b).units]
    [('A', 1), ('B', -1)]
    """

    before: TableScores
    after: TableScores
    units: tuple[UnitChange, ...] = attrs.field(converter=_unit_changes)

    @property
    def only_before(self) -> tuple[str, ...]:
        """
        Units in the first table only.

        >>> from parlib import frameworks
        >>> t = TableScores(frameworks.get("papi-2011"), ())
        >>> compare_tables(t, t).only_before
        ()
        """
        return tuple(u.unit for u in self.units if u.after is None)

    @property
    def only_after(self) -> tuple[str, ...]:
        """
        Units in the second table only.

        >>> from parlib import frameworks
        >>> t = TableScores(frameworks.get("papi-2011"), ())
        >>> compare_tables(t, t).only_after
        ()
        """
        return tuple(u.unit for u in self.units if u.before is None)

    @property
    def only_before_ids(self) -> tuple[str, ...]:
        """
        Criterion ids scored in the first table's framework only.

        >>> from parlib import frameworks
        >>> a = TableScores(frameworks.get("papi-2011"), ())
        >>> b = TableScores(frameworks.get("papi-2018"), ())
        >>> compare_tables(b, a).only_before_ids[:2]
        ('D2.4', 'D7')
        """
        after = {c.id for c in self.after.framework.walk()}
        return tuple(c.id for c in self.before.framework.walk() if c.id not in after)

    @property
    def only_after_ids(self) -> tuple[str, ...]:
        """
        Criterion ids scored in the second table's framework only.

        >>> from parlib import frameworks
        >>> a = TableScores(frameworks.get("papi-2011"), ())
        >>> b = TableScores(frameworks.get("papi-2018"), ())
        >>> compare_tables(a, b).only_after_ids[:2]
        ('D2.4', 'D7')
        """
        before = {c.id for c in self.before.framework.walk()}
        return tuple(c.id for c in self.after.framework.walk() if c.id not in before)


def compare_tables(before: TableScores, after: TableScores) -> TableComparison:
    """
    Compare two scored tables (two years, say) unit by unit.

    >>> from parlib import frameworks
    >>> t = TableScores(frameworks.get("papi-2011"), ())
    >>> compare_tables(t, t).units
    ()
    """
    old = {u.unit: u for u in before.units}
    new_ids = {u.unit for u in after.units}
    out = [
        UnitChange(u.unit, old.get(u.unit), u, compare_cards(old[u.unit].card, u.card) if u.unit in old else None)
        for u in after.units
    ]
    out += [UnitChange(u.unit, u, None) for u in before.units if u.unit not in new_ids]
    return TableComparison(before, after, out)
