"""
Scoring a table of units against a framework, then ranking, banding and tiering them.

Each row becomes an assessment: a cell holds a leaf's response, or an inner
node's published value (a PAPI dimension score, which then stands for the
node's sub-criteria). Cells read as follows: empty is no response (the
criterion scores 0 as "missing"); ``NA``, ``N/A`` or ``not applicable`` mark it
not applicable; ``yes``/``true`` and ``no``/``false`` are booleans; anything
else that reads as a number (``6.25``, ``1/3``) is a number; any other text is
passed to the criterion's rule, which refuses it unless it takes keywords.

>>> from parlib.analysis.table import parse_table
>>> from parlib import frameworks
>>> t = parse_table("unit,D1,D2,D3,D4,D5,D6\\nA,5,5,5,5,5,5\\nB,6,6,6,6,6,6\\n", "papi.csv")
>>> scores = score_table(frameworks.get("papi-2011"), t, rank_by="total", tiers=False)
>>> [(u.unit, u.total, u.rank) for u in scores.units]
[('A', Fraction(30, 1), 2), ('B', Fraction(36, 1), 1)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Literal

import attrs

from parlib.analysis.errors import AnalysisError
from parlib.analysis.ranking import RankMethod, rank, rank_within
from parlib.analysis.table import NA_CELLS, UnitTable, cell_path
from parlib.analysis.tiers import assign_tiers
from parlib.assessment import Assessment, FrameworkRef, Response, Subject
from parlib.batch import BatchScore
from parlib.errors import ModelError, Problem, ProblemsError
from parlib.framework import Framework
from parlib.numbers import parse_number
from parlib.scorecard import ScoreCard

__all__ = ["RANK_BY", "RankBy", "Scored", "TableScores", "UnitScore", "cell_response", "rank_cards", "score_table"]

RankBy = Literal["index", "total"]
RANK_BY: tuple[str, ...] = ("index", "total")

_TRUE = frozenset({"yes", "true"})
_FALSE = frozenset({"no", "false"})
_RESPONSE_PATH = re.compile(r"^\$\.responses\[(\d+)\](?:\.(?:value|criterion|not_applicable))?(.*)$")


Scored = ScoreCard | BatchScore
"""A unit's scores: a full score card, or the numbers of :func:`parlib.score_many` (card on demand)."""


@attrs.frozen
class UnitScore:
    """
    One unit's row of results: its scores, rank, band and tier.

    ``total`` is the final points (bonus and penalty included) and ``index``
    the final index; ``band`` is the framework's threshold band, ``tier`` its
    quantile tier among the units scored together. ``scored`` holds a score
    card or a batch result (whose full card :attr:`card` builds on demand).

    >>> from parlib import examples, score
    >>> u = UnitScore("so-ldtbxh", score(examples.framework(), examples.assessment()))
    >>> u.total == u.card.final_points
    True
    """

    unit: str
    scored: Scored
    row: int = 0
    group: str = ""
    rank: int | None = None
    band: str | None = None
    tier: str | None = None

    @property
    def card(self) -> ScoreCard:
        """
        The full score card (built now if the unit was batch-scored).

        >>> from parlib import examples, score_many
        >>> [r] = score_many(examples.framework(), [examples.assessment()])
        >>> UnitScore("x", r).card.subject.id
        'so-ldtbxh'
        """
        return self.scored if isinstance(self.scored, ScoreCard) else self.scored.card()

    @property
    def total(self) -> Fraction:
        """
        The final points.

        >>> from parlib import examples, score
        >>> UnitScore("x", score(examples.framework(), examples.assessment())).total > 0
        True
        """
        if isinstance(self.scored, ScoreCard):
            return self.scored.final_points
        return self.scored.total_points  # batch scoring is used only without bonus or penalty sections

    @property
    def index(self) -> Fraction | None:
        """
        The final index (points over the applicable maximum, times 100).

        >>> from parlib import examples, score
        >>> UnitScore("x", score(examples.framework(), examples.assessment())).index is not None
        True
        """
        if isinstance(self.scored, ScoreCard):
            return self.scored.final_index
        return self.scored.index()

    def points(self, criterion_id: str) -> Fraction:
        """
        The points of one criterion (a domain, say).

        >>> from parlib import examples, score
        >>> UnitScore("x", score(examples.framework(), examples.assessment())).points("1") > 0
        True
        """
        if isinstance(self.scored, ScoreCard):
            return self.scored.node(criterion_id).points
        return self.scored.points(criterion_id)


def _units(value: Iterable[UnitScore]) -> tuple[UnitScore, ...]:
    return tuple(value)


@attrs.frozen
class TableScores:
    """
    Units scored together: in input order, with ranks, bands and tiers.

    >>> from parlib.analysis.table import parse_table
    >>> from parlib import frameworks
    >>> t = parse_table("unit,D1,D2,D3,D4,D5,D6\\nA,5,5,5,5,5,5\\n")
    >>> score_table(frameworks.get("papi-2011"), t, tiers=False).unit("A").rank
    1
    """

    framework: Framework
    units: tuple[UnitScore, ...] = attrs.field(converter=_units)
    rank_by: RankBy = "index"
    method: RankMethod = "competition"
    source: str = "<table>"
    grouped: bool = False

    @property
    def domains(self) -> tuple[str, ...]:
        """
        The ids of the framework's top-level (normal) criteria, in order.

        >>> from parlib import frameworks
        >>> TableScores(frameworks.get("papi-2011"), ()).domains
        ('D1', 'D2', 'D3', 'D4', 'D5', 'D6')
        """
        return tuple(c.id for c in self.framework.criteria if c.role == "normal")

    def unit(self, unit_id: str) -> UnitScore:
        """
        One unit's results, by id.

        >>> from parlib import frameworks
        >>> TableScores(frameworks.get("papi-2011"), ()).unit("X")
        Traceback (most recent call last):
        ...
        parlib.errors.UnknownNameError: unknown unit 'X'; known:
        """
        for u in self.units:
            if u.unit == unit_id:
                return u
        from parlib.errors import UnknownNameError

        raise UnknownNameError("unit", unit_id, (u.unit for u in self.units))

    def classification(self, unit: UnitScore) -> str | None:
        """
        What the ``band`` column shows: the threshold band if the framework has
        bands, else the quantile tier.

        >>> from parlib import examples, score, frameworks
        >>> u = UnitScore("x", score(examples.framework(), examples.assessment()), band="B")
        >>> TableScores(examples.framework(), (u,)).classification(u)
        'B'
        """
        return unit.band if self.framework.bands else unit.tier


def cell_response(column: str, text: str) -> Response | None:
    """
    The response a table cell stands for, or ``None`` for an empty cell.

    >>> cell_response("1.1", "yes").value, cell_response("D2", "6.25").value, cell_response("x", "")
    (True, Fraction(25, 4), None)
    >>> cell_response("3.1", "N/A").not_applicable
    True
    """
    if text == "":
        return None
    low = text.lower()
    if low in NA_CELLS:
        return Response(column, not_applicable=True)
    if low in _TRUE or low in _FALSE:
        return Response(column, low in _TRUE)
    try:
        return Response(column, parse_number(text))
    except ModelError:
        return Response(column, text)


def _column_problems(framework: Framework, table: UnitTable, group: str | None) -> list[Problem]:
    problems: list[Problem] = []
    if group is not None and group not in table.columns:
        problems.append(Problem(f"the group column {group!r} is not in the table", cell_path(table.header_row)))
    given = {c for c in table.columns if c != group and c in framework}
    for column in table.columns:
        if column == group:
            continue
        where = cell_path(table.header_row, column)
        if column not in framework:
            problems.append(Problem(f"column {column!r} names no criterion of framework {framework.id!r}", where))
            continue
        parent = framework.parent_of(column)
        while parent is not None:
            if parent in given:
                problems.append(
                    Problem(f"column {column!r} lies under column {parent!r}, which already gives its value", where)
                )
                break
            parent = framework.parent_of(parent)
    return problems


def _assessments(
    framework: Framework, table: UnitTable, group: str | None
) -> tuple[list[Assessment], list[list[str]], list[Problem]]:
    """One assessment per row; for each, the column of each response (to place errors)."""
    ref = FrameworkRef(framework.id, framework.version)
    memo: dict[tuple[int, str], Response | None] = {}
    scored = [(j, c) for j, c in enumerate(table.columns) if c != group]
    out: list[Assessment] = []
    where: list[list[str]] = []
    problems: list[Problem] = []
    for i, unit in enumerate(table.units):
        responses: list[Response] = []
        columns: list[str] = []
        for j, column in scored:
            text = table.cells[i][j]
            key = (j, text)
            if key not in memo:
                try:
                    memo[key] = cell_response(column, text)
                except ModelError as exc:
                    problems += [Problem(p.message, table.path(i, column)) for p in exc.problems]
                    continue
            resp = memo[key]
            if resp is not None:
                responses.append(resp)
                columns.append(column)
        out.append(Assessment(framework=ref, subject=Subject(unit, {"en": unit}), period="", responses=responses))
        where.append(columns)
    return out, where, problems


def _located(table: UnitTable, unit: int, columns: Sequence[str], exc: ProblemsError) -> list[Problem]:
    out = []
    for p in exc.problems:
        m = _RESPONSE_PATH.match(p.path)
        if m is not None:
            out.append(Problem(p.message, table.path(unit, columns[int(m.group(1))]) + m.group(2)))
        else:
            out.append(Problem(p.message, table.path(unit)))
    return out


def _score_all(
    framework: Framework, table: UnitTable, assessments: list[Assessment], where: list[list[str]]
) -> list[Scored]:
    """Batch-score the rows when points simply add up to the total; else (or on errors) row by row."""
    from parlib.batch import score_many
    from parlib.scoring import score

    if all(c.role == "normal" for c in framework.criteria):
        try:
            return list(score_many(framework, assessments))
        except ProblemsError:
            pass  # score row by row below, to say which row is wrong
    cards: list[Scored] = []
    problems: list[Problem] = []
    for i, assessment in enumerate(assessments):
        try:
            cards.append(score(framework, assessment))
        except ProblemsError as exc:
            problems += _located(table, i, where[i], exc)
    if problems:
        raise table.error(problems)
    return cards


def score_table(
    framework: Framework,
    table: UnitTable,
    *,
    group: str | None = None,
    rank_by: RankBy = "index",
    method: RankMethod = "competition",
    tiers: bool = True,
) -> TableScores:
    """
    Score every row of *table*, then rank (within *group* when it names a
    column), band and tier the units; see :func:`rank_cards`.

    Every problem is raised at once as a :class:`~parlib.errors.LoadError`
    naming the table's file, row and column: columns that name no criterion,
    a column under another column, values a rule refuses or outside a
    criterion's range.

    >>> from parlib.analysis.table import parse_table
    >>> from parlib import frameworks
    >>> t = parse_table("unit,D1,D2,D9\\nA,11,x,1\\n", "p.csv")
    >>> score_table(frameworks.get("papi-2011"), t)
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: p.csv: column 'D9' names no criterion of framework 'papi-2011' @ $[row 1].D9
    >>> t = parse_table("unit,D1,D2\\nA,11,x\\n", "p.csv")
    >>> score_table(frameworks.get("papi-2011"), t)
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: p.csv: published value 11 of 'D1' lies outside [0, 10] @ $[row 2].D1
    p.csv: criterion 'D2' has sub-criteria: its value is a published number of points, got 'x' @ $[row 2].D2
    """
    problems = _column_problems(framework, table, group)
    if problems:
        raise table.error(problems)
    assessments, where, problems = _assessments(framework, table, group)
    if problems:
        raise table.error(problems)
    cards = _score_all(framework, table, assessments, where)
    groups = table.column(group) if group is not None else None
    try:
        return rank_cards(
            framework, cards, units=table.units, rows=table.rows, groups=groups, rank_by=rank_by, method=method,
            source=table.source, tiers=tiers,
        )  # fmt: skip
    except AnalysisError as exc:
        raise table.error(list(exc.problems)) from None


def _subject(scored: Scored) -> str:
    return scored.subject.id if isinstance(scored, ScoreCard) else scored.assessment.subject.id


def rank_cards(
    framework: Framework,
    cards: Sequence[Scored],
    *,
    units: Sequence[str] | None = None,
    rows: Sequence[int] | None = None,
    groups: Sequence[str] | None = None,
    rank_by: RankBy = "index",
    method: RankMethod = "competition",
    source: str = "<table>",
    tiers: bool = True,
) -> TableScores:
    """
    Rank, band and tier score cards (or batch results) of the same framework
    (units default to the assessments' subjects).

    Ranks compare ``rank_by`` (the final index or the final points) as shown
    with the framework's rounding, so values shown alike are tied; with
    *groups*, units are ranked within their group. Tiers (if the framework
    has them and *tiers* is true) are cut on the same shown values, across
    all units (or within each group); tiers asked of fewer units than tiers
    are an :class:`~parlib.analysis.errors.AnalysisError`.

    >>> from parlib import examples, score
    >>> card = score(examples.framework(), examples.assessment())
    >>> scores = rank_cards(examples.framework(), [card, card])
    >>> [(u.unit, u.rank, u.band) for u in scores.units]
    [('so-ldtbxh', 1, 'B'), ('so-ldtbxh', 1, 'B')]
    """
    scored = [UnitScore("", c) for c in cards]
    names = list(units) if units is not None else [_subject(c) for c in cards]
    values = [u.index if rank_by == "index" else u.total for u in scored]
    rounding = framework.rounding
    if groups is None:
        ranks = rank(values, method=method, rounding=rounding)
    else:
        ranks = rank_within(values, groups, method=method, rounding=rounding)
    labels: list[str | None] = [None] * len(cards)
    if tiers and framework.tiers is not None:
        members: dict[str, list[int]] = {}
        for i in range(len(cards)):
            members.setdefault(groups[i] if groups is not None else "", []).append(i)
        for group, indexes in members.items():
            path = "$" if groups is None else f"$.groups[{group!r}]"
            found = assign_tiers([values[i] for i in indexes], framework.tiers, rounding=rounding, path=path)
            for i, label in zip(indexes, found, strict=True):
                labels[i] = label
    out = []
    for i, card in enumerate(cards):
        band = framework.band_for(scored[i].index)
        out.append(
            UnitScore(
                unit=names[i], scored=card, row=rows[i] if rows is not None else 0,
                group=groups[i] if groups is not None else "", rank=ranks[i],
                band=band.label if band is not None else None, tier=labels[i],
            )
        )  # fmt: skip
    return TableScores(framework, out, rank_by=rank_by, method=method, source=source, grouped=groups is not None)
