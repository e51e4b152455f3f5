"""
Indicator matrices: units by indicators, exact numbers, with missing and imputed values marked.

The composite-indicator steps (:mod:`~parlib.analysis.impute`,
:mod:`~parlib.analysis.normalise`, :mod:`~parlib.analysis.composite`,
:mod:`~parlib.analysis.sensitivity`) work on this matrix, as COINr's do on
a coin's data.

>>> m = IndicatorMatrix.from_rows(["A", "B"], ["x", "y"], [[1, None], [3, 4]])
>>> m.column("x"), m.value("B", "y"), m.missing
([Fraction(1, 1), Fraction(3, 1)], Fraction(4, 1), ((0, 1),))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

import attrs

from parlib.analysis.errors import AnalysisError
from parlib.analysis.table import UnitTable
from parlib.errors import ModelError, Problem
from parlib.numbers import parse_number

__all__ = ["IndicatorMatrix", "Numbers"]

Numbers = tuple[Fraction | None, ...]
"""One unit's values, one per indicator (``None`` where missing)."""


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _rows(value: Iterable[Iterable[Fraction | None]]) -> tuple[Numbers, ...]:
    return tuple(tuple(v) for v in value)


def _cells(value: Iterable[tuple[int, int]]) -> frozenset[tuple[int, int]]:
    return frozenset(value)


@attrs.frozen
class IndicatorMatrix:
    """
    Values of indicators (columns) for units (rows); ``imputed`` marks the
    (unit, indicator) positions filled by imputation.

    >>> IndicatorMatrix(units=("A",), indicators=("x", "y"), values=((Fraction(1),),))
    Traceback (most recent call last):
    ...
    parlib.analysis.errors.AnalysisError: the row has 1 values for 2 indicators @ $.values[0]
    """

    units: tuple[str, ...] = attrs.field(converter=_strs)
    indicators: tuple[str, ...] = attrs.field(converter=_strs)
    values: tuple[Numbers, ...] = attrs.field(converter=_rows)
    imputed: frozenset[tuple[int, int]] = attrs.field(default=frozenset(), converter=_cells)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if len(self.values) != len(self.units):
            problems.append(Problem(f"{len(self.values)} rows of values for {len(self.units)} units", "$.values"))
        problems += [
            Problem(f"the row has {len(row)} values for {len(self.indicators)} indicators", f"$.values[{i}]")
            for i, row in enumerate(self.values)
            if len(row) != len(self.indicators)
        ]
        for name, items in (("unit", self.units), ("indicator", self.indicators)):
            seen: set[str] = set()
            for i, item in enumerate(items):
                if item in seen:
                    problems.append(Problem(f"{name} {item!r} appears twice", f"$.{name}s[{i}]"))
                seen.add(item)
        if problems:
            raise AnalysisError(problems)

    @classmethod
    def from_rows(
        cls, units: Sequence[str], indicators: Sequence[str], rows: Sequence[Sequence[object]]
    ) -> IndicatorMatrix:
        """
        Build a matrix from plain rows; numbers are parsed exactly, ``None`` is missing.

        >>> IndicatorMatrix.from_rows(["A"], ["x"], [["0.1"]]).values
        ((Fraction(1, 10),),)
        """
        values: list[list[Fraction | None]] = []
        problems: list[Problem] = []
        for i, row in enumerate(rows):
            out: list[Fraction | None] = []
            for j, raw in enumerate(row):
                try:
                    out.append(None if raw is None else parse_number(raw))
                except ModelError as exc:
                    out.append(None)
                    problems.append(Problem(exc.problems[0].message, f"$.values[{i}][{j}]"))
            values.append(out)
        if problems:
            raise AnalysisError(problems)
        return cls(units, indicators, values)

    @classmethod
    def from_table(cls, table: UnitTable, indicators: Sequence[str] | None = None) -> IndicatorMatrix:
        """
        Read a table of numbers (empty cells are missing); a cell that is not a
        number is a :class:`~parlib.errors.LoadError` naming its row and column.

        >>> from parlib.analysis.table import parse_table
        >>> IndicatorMatrix.from_table(parse_table("unit,x,y\\nA,1,\\nB,2,z\\n", "i.csv"))
        Traceback (most recent call last):
        ...
        parlib.errors.LoadError: i.csv: expected a number, got 'z' @ $[row 3].y
        """
        names = list(indicators) if indicators is not None else list(table.columns)
        problems = [
            Problem(f"column {n!r} is not in the table", table.path(0) if table.units else "$") for n in names
            if n not in table.columns
        ]  # fmt: skip
        if problems:
            raise table.error(problems)
        values: list[list[Fraction | None]] = []
        for i in range(len(table.units)):
            row: list[Fraction | None] = []
            for name in names:
                text = table.cell(i, name)
                try:
                    row.append(None if text == "" else parse_number(text))
                except ModelError as exc:
                    row.append(None)
                    problems.append(Problem(exc.problems[0].message, table.path(i, name)))
            values.append(row)
        if problems:
            raise table.error(problems)
        return cls(table.units, names, values)

    def column(self, indicator: str) -> list[Fraction | None]:
        """
        One indicator's values, in unit order.

        >>> IndicatorMatrix.from_rows(["A", "B"], ["x"], [[1], [2]]).column("x")
        [Fraction(1, 1), Fraction(2, 1)]
        """
        j = self.indicators.index(indicator)
        return [row[j] for row in self.values]

    def value(self, unit: str, indicator: str) -> Fraction | None:
        """
        One value.

        >>> IndicatorMatrix.from_rows(["A"], ["x"], [[None]]).value("A", "x") is None
        True
        """
        return self.values[self.units.index(unit)][self.indicators.index(indicator)]

    def is_imputed(self, unit: str, indicator: str) -> bool:
        """
        Whether a value was filled in by imputation.

        >>> IndicatorMatrix.from_rows(["A"], ["x"], [[1]]).is_imputed("A", "x")
        False
        """
        return (self.units.index(unit), self.indicators.index(indicator)) in self.imputed

    @property
    def missing(self) -> tuple[tuple[int, int], ...]:
        """
        The (unit, indicator) positions without a value.

        >>> IndicatorMatrix.from_rows(["A"], ["x"], [[1]]).missing
        ()
        """
        return tuple((i, j) for i, row in enumerate(self.values) for j, v in enumerate(row) if v is None)

    def with_columns(self, columns: Sequence[Sequence[Fraction | None]]) -> IndicatorMatrix:
        """
        The same units and indicators with new values given column by column (imputed marks kept).

        >>> IndicatorMatrix.from_rows(["A"], ["x"], [[1]]).with_columns([[Fraction(5)]]).values
        ((Fraction(5, 1),),)
        """
        rows = [[col[i] for col in columns] for i in range(len(self.units))]
        return IndicatorMatrix(self.units, self.indicators, rows, self.imputed)
