"""
Tables of units: one row per unit, first column ``unit``, other columns named
by criterion ids (or by indicators), read strictly from CSV.

Every problem names the file, the row and the column, as
``units.csv: unit 'HN' appears twice (first at row 2) @ $[row 5].unit``.
Rows are counted as in a spreadsheet: the header is row 1, the first unit row 2.

>>> t = parse_table("unit,D1,D2\\nHà Nội,5.5,6\\nHuế,6.25,\\n", "units.csv")
>>> t.units, t.columns, t.cell(1, "D1")
(('Hà Nội', 'Huế'), ('D1', 'D2'), '6.25')
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs

from parlib.errors import LoadError, Problem

__all__ = ["NA_CELLS", "UnitTable", "cell_path", "parse_table", "read_table"]

NA_CELLS: frozenset[str] = frozenset({"na", "n/a", "not applicable"})
"""Cell texts (compared case-insensitively) that mark a criterion not applicable."""

_BARE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def cell_path(row: int, column: str | None = None) -> str:
    """
    The key path of a row or a cell: ``$[row 3].D2`` (or ``$[row 3]["4.2.2"]`` for
    a column whose name is not a plain word).

    >>> cell_path(3, "D2"), cell_path(3, "4.2.2"), cell_path(1)
    ('$[row 3].D2', '$[row 3]["4.2.2"]', '$[row 1]')
    """
    base = f"$[row {row}]"
    if column is None:
        return base
    return f"{base}.{column}" if _BARE.match(column) else f'{base}["{column}"]'


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _rows(value: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(r) for r in value)


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


@attrs.frozen
class UnitTable:
    """
    A parsed table: unit ids, column names, and the cells as text (stripped).

    ``rows`` gives each unit's row number in the file (header = row 1).
    Build one with :func:`parse_table` or :func:`read_table`, which check that
    the first column is ``unit``, that columns and units are unique and that
    every row has as many cells as the header.

    >>> t = UnitTable(columns=("D1",), units=("A",), cells=(("7",),), rows=(2,))
    >>> t.column("D1")
    ('7',)
    """

    columns: tuple[str, ...] = attrs.field(converter=_strs)
    units: tuple[str, ...] = attrs.field(converter=_strs)
    cells: tuple[tuple[str, ...], ...] = attrs.field(converter=_rows)
    rows: tuple[int, ...] = attrs.field(converter=_ints)
    source: str = "<table>"
    header_row: int = 1

    def cell(self, unit: int, column: str) -> str:
        """
        The text of one cell, by unit position and column name.

        >>> parse_table("unit,a\\nx,1\\n").cell(0, "a")
        '1'
        """
        return self.cells[unit][self.columns.index(column)]

    def column(self, column: str) -> tuple[str, ...]:
        """
        The cells of one column, in unit order.

        >>> parse_table("unit,a\\nx,1\\ny,2\\n").column("a")
        ('1', '2')
        """
        j = self.columns.index(column)
        return tuple(r[j] for r in self.cells)

    def path(self, unit: int, column: str | None = None) -> str:
        """
        The key path of a unit's row (or of one of its cells) in the file.

        >>> parse_table("unit,a\\nx,1\\n").path(0, "a")
        '$[row 2].a'
        """
        return cell_path(self.rows[unit], column)

    def error(self, problems: list[Problem]) -> LoadError:
        """
        A :class:`~parlib.errors.LoadError` naming this table's source.

        >>> print(parse_table("unit,a\\nx,1\\n", "t.csv").error([Problem("bad", "$[row 2].a")]))
        t.csv: bad @ $[row 2].a
        """
        return LoadError(self.source, problems)


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    for number, record in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        yield number, [cell.strip() for cell in record]


def parse_table(text: str, source: str = "<table>") -> UnitTable:
    """
    Parse CSV text into a :class:`UnitTable`; every problem at once, as a
    :class:`~parlib.errors.LoadError` for *source*.

    Blank lines are skipped (they still count as rows). A leading byte-order
    mark is ignored.

    >>> parse_table("unit,D1,D1\\nA,1,2\\nA,3,4\\nB,5\\n", "t.csv")
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: t.csv: column 'D1' appears twice (first as column 2) @ $[row 1].D1
    t.csv: unit 'A' appears twice (first at row 2) @ $[row 3].unit
    t.csv: the row has 2 cells, the header 3 @ $[row 4]
    """
    problems: list[Problem] = []
    records = _records(text.removeprefix("\ufeff"))
    header: list[str] | None = None
    header_row = 0
    for number, record in records:
        if any(record):
            header = record
            header_row = number
            break
    if header is None:
        raise LoadError(source, [Problem("the table is empty: expected a header row starting with 'unit'")])
    if header[0] != "unit":
        problems.append(Problem(f"the first column must be 'unit', got {header[0]!r}", cell_path(header_row)))
    columns = header[1:]
    seen: dict[str, int] = {}
    for j, name in enumerate(columns, start=2):
        if not name:
            problems.append(Problem(f"column {j} has no name", f"{cell_path(header_row)}[column {j}]"))
        elif name in seen:
            problems.append(
                Problem(f"column {name!r} appears twice (first as column {seen[name]})", cell_path(header_row, name))
            )
        else:
            seen[name] = j
    units: list[str] = []
    cells: list[tuple[str, ...]] = []
    rows: list[int] = []
    first_row: dict[str, int] = {}
    for number, record in records:
        if not any(record):
            continue
        if len(record) != len(header):
            problems.append(Problem(f"the row has {len(record)} cells, the header {len(header)}", cell_path(number)))
            continue
        unit = record[0]
        if not unit:
            problems.append(Problem("the unit id is empty", cell_path(number, "unit")))
            continue
        if unit in first_row:
            problems.append(
                Problem(f"unit {unit!r} appears twice (first at row {first_row[unit]})", cell_path(number, "unit"))
            )
            continue
        first_row[unit] = number
        units.append(unit)
        cells.append(tuple(record[1:]))
        rows.append(number)
    if problems:
        raise LoadError(source, problems)
    return UnitTable(columns=columns, units=units, cells=cells, rows=rows, source=source, header_row=header_row)


def read_table(path: str | Path) -> UnitTable:
    """
    Read a CSV file (UTF-8, with or without a byte-order mark) into a :class:`UnitTable`.

    >>> read_table("no-such.csv")
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: no-such.csv: cannot read the file: No such file or directory @ $
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise LoadError(str(path), [Problem(f"cannot read the file: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError as exc:
        raise LoadError(str(path), [Problem(f"the file is not UTF-8 text: {exc.reason}")]) from None
    return parse_table(text, str(path))
