"""
Deterministic JSON and TOML writers for plain data (dicts, lists, strings, numbers, dates).

Numbers are written as exact, plain decimal literals (``Decimal`` values are
never turned into binary floats nor written in exponent form), and equal data
always gives the same bytes.

**Key order.** Both writers follow one rule, so that equal data gives equal
bytes (determinism) and what is read back equals what was written (round trip):

- a :class:`collections.OrderedDict` keeps its order. Its order is data, and
  part of its equality (two ``OrderedDict`` are equal only in the same order):
  the converter writes the answer options of a likert rule and the tiers of a
  severity rule this way, in the order they are presented;
- every other mapping is written with its keys sorted: a plain ``dict``
  compares equal whatever the order of its keys, so its order is not data.

Lists keep their order. Readers give plain dicts in the file's order, so an
order that is data survives the round trip.

>>> from collections import OrderedDict
>>> from decimal import Decimal
>>> print(to_json({"b": Decimal("0.10"), "a": [1, True, None]}))
{
  "a": [
    1,
    true,
    null
  ],
  "b": 0.10
}
>>> print(to_toml({"id": "x", "max": Decimal("14.5"), "label": {"vi": "A", "en": "A"}}), end="")
id = "x"
label = { en = "A", vi = "A" }
max = 14.5
>>> print(to_toml({"weights": OrderedDict(B=60, A=100)}), end="")
weights = { B = 60, A = 100 }
"""

from __future__ import annotations

import datetime
import json
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

__all__ = ["to_json", "to_toml"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _items(table: Mapping[Any, object], fmt: str) -> list[tuple[str, object]]:
    """The entries of *table* in the order to write them: kept for an OrderedDict, else sorted by key."""
    for key in table:
        if not isinstance(key, str):
            raise TypeError(f"{fmt} keys are strings, got {key!r}")
    items: list[tuple[str, object]] = list(table.items())
    return items if isinstance(table, OrderedDict) else sorted(items, key=lambda item: item[0])


def _json_scalar(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write the non-finite number {value} as JSON")
        return f"{value:f}"  # a plain decimal literal, never 1E-7
    if isinstance(value, float):
        raise TypeError(f"refusing to write the binary float {value!r}; use Decimal or Fraction")
    if isinstance(value, datetime.date):
        return json.dumps(value.isoformat())
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as JSON")


def _json(value: object, indent: str, out: list[str]) -> None:
    step = indent + "  "
    if isinstance(value, Mapping):
        if not value:
            out.append("{}")
            return
        out.append("{\n")
        items = _items(value, "JSON")
        for i, (key, item) in enumerate(items):
            out.append(f"{step}{json.dumps(key, ensure_ascii=False)}: ")
            _json(item, step, out)
            out.append(",\n" if i < len(items) - 1 else "\n")
        out.append(indent + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        out.append("[\n")
        for i, item in enumerate(value):
            out.append(step)
            _json(item, step, out)
            out.append(",\n" if i < len(value) - 1 else "\n")
        out.append(indent + "]")
    else:
        out.append(_json_scalar(value))


def to_json(value: object) -> str:
    """
    Write *value* as indented JSON with exact decimal literals; keys are sorted
    except in an ``OrderedDict``, whose order is kept (see the module's key order rule).

    >>> to_json({"x": []})
    '{\\n  "x": []\\n}'
    >>> from decimal import Decimal
    >>> to_json([Decimal("1E-7"), Decimal("0E-3")]).split()
    ['[', '0.0000001,', '0.000', ']']
    """
    out: list[str] = []
    _json(value, "", out)
    return "".join(out)


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_inline(value: object) -> str:
    if value is None:
        raise TypeError("TOML has no null; omit the key instead")
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write the non-finite number {value} as TOML")
        text = str(value)
        if "E" in text and "." not in text.split("E", maxsplit=1)[0]:
            mantissa, exp = text.split("E")
            text = f"{mantissa}.0e{exp}"
        return text if any(c in text for c in ".eE") else text + ".0"
    if isinstance(value, float):
        raise TypeError(f"refusing to write the binary float {value!r}; use Decimal or Fraction")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        items = ", ".join(f"{_key(k)} = {_toml_inline(v)}" for k, v in _items(value, "TOML"))
        return "{ " + items + " }"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_toml_inline(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as TOML")


def _is_table_array(value: object) -> bool:
    return isinstance(value, (list, tuple)) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _toml_table(table: Mapping[str, object], prefix: str, out: list[str]) -> None:
    arrays = []
    for key, value in _items(table, "TOML"):
        if _is_table_array(value):
            arrays.append((key, value))
        else:
            out.append(f"{_key(key)} = {_toml_inline(value)}\n")
    for key, value in arrays:
        name = f"{prefix}.{_key(key)}" if prefix else _key(key)
        for item in value:  # type: ignore[attr-defined]
            out.append(f"\n[[{name}]]\n")
            _toml_table(item, name, out)


def to_toml(value: Mapping[str, object]) -> str:
    """
    Write a table as TOML: lists of tables as ``[[...]]`` sections (after the
    table's other keys), other tables inline; keys are sorted except in an
    ``OrderedDict``, whose order is kept (see the module's key order rule).

    ``None`` is refused (TOML has no null); callers omit such keys.

    >>> print(to_toml({"criteria": [{"id": "1"}, {"id": "2"}]}))
    <BLANKLINE>
    [[criteria]]
    id = "1"
    <BLANKLINE>
    [[criteria]]
    id = "2"
    <BLANKLINE>
    """
    out: list[str] = []
    _toml_table(value, "", out)
    return "".join(out)
