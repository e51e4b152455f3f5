"""
Loading and dumping frameworks and assessments as TOML or JSON, strictly.

Every load error is a :class:`~parlib.errors.LoadError` whose lines read
``FILE: message @ $.key.path[3]``.

>>> from parlib.framework import Band
>>> loads('label = "A"\\ngtee = 90', Band, "toml", source="bands.toml")
Traceback (most recent call last):
...
parlib.errors.LoadError: bands.toml: unknown key 'gtee' @ $
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, TypeVar

import cattrs

from parlib.assessment import Assessment
from parlib.errors import LoadError, Problem, ProblemsError
from parlib.framework import Framework
from parlib.io.converter import make_converter, problems_from
from parlib.io.text import to_json, to_toml
from parlib.plugins import Registry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "SERIALIZERS",
    "JsonSerializer",
    "Serializer",
    "TomlSerializer",
    "dump",
    "dumps",
    "load",
    "load_assessment",
    "load_framework",
    "loads",
    "read",
    "structure",
    "unstructure",
]

T = TypeVar("T")


class Serializer(Protocol):
    """
    **Protocol:** a file format: text to plain data and back.

    ``parse`` returns plain data (dicts, lists, str, bool, int, Decimal,
    dates) and raises :class:`~parlib.errors.ProblemsError` on syntax
    errors; ``render`` writes plain data deterministically.

    >>> SERIALIZERS.get("json").render({"a": 1})
    '{\\n  "a": 1\\n}\\n'
    """

    @property
    def name(self) -> str:
        """The format's name (``toml``, ``json``)."""
        ...

    @property
    def suffixes(self) -> tuple[str, ...]:
        """File suffixes that select this format."""
        ...

    def parse(self, text: str) -> Any:
        """Text to plain data."""
        ...

    def render(self, data: Mapping[str, Any]) -> str:
        """Plain data to text."""
        ...


class TomlSerializer:
    """
    TOML 1.0 through :mod:`tomllib` (floats read as exact decimals); null-free output.

    >>> TomlSerializer().parse("x = 0.1")
    {'x': Decimal('0.1')}
    """

    name = "toml"
    suffixes = (".toml",)

    def parse(self, text: str) -> Any:
        """
        Parse TOML text, reporting syntax errors with line and column.

        >>> TomlSerializer().parse("x = ")
        Traceback (most recent call last):
        ...
        parlib.errors.ProblemsError: TOML syntax error: Invalid value (at end of document) @ $
        """
        try:
            return tomllib.loads(text, parse_float=Decimal)
        except (ValueError, RecursionError) as exc:  # TOMLDecodeError, or an integer of 5000 digits
            raise ProblemsError.one(f"TOML syntax error: {exc}") from None

    def render(self, data: Mapping[str, Any]) -> str:
        """
        Write TOML.

        >>> TomlSerializer().render({"a": True})
        'a = true\\n'
        """
        return to_toml(data)


class _Repeated(dict[str, Any]):
    """A JSON object that repeats keys; reported with its key path once parsing is done."""

    repeated: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    marked = _Repeated(out)
    keys = [key for key, _ in pairs]
    marked.repeated = tuple(dict.fromkeys(k for i, k in enumerate(keys) if k in keys[:i]))
    return marked


def _repeated_keys(data: Any, path: str = "$") -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(data, dict):
        if isinstance(data, _Repeated):
            problems += [Problem(f"JSON syntax error: duplicate key {key!r}", path) for key in data.repeated]
        for key, value in data.items():
            problems += _repeated_keys(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            problems += _repeated_keys(value, f"{path}[{i}]")
    return problems


class JsonSerializer:
    """
    JSON with exact decimals, duplicate keys refused; keys sorted unless their order is data (:mod:`parlib.io.text`).

    >>> JsonSerializer().parse('{"x": 0.1}')
    {'x': Decimal('0.1')}
    """

    name = "json"
    suffixes = (".json",)

    def parse(self, text: str) -> Any:
        """
        Parse JSON text.

        >>> JsonSerializer().parse('{"a": [{"b": 1, "b": 2}]}')
        Traceback (most recent call last):
        ...
        parlib.errors.ProblemsError: JSON syntax error: duplicate key 'b' @ $.a[0]
        """
        repeats = False

        def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
            nonlocal repeats
            out = _pairs(items)
            repeats = repeats or isinstance(out, _Repeated)
            return out

        try:
            data = json.loads(text, parse_float=Decimal, object_pairs_hook=pairs)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, or an integer of 5000 digits
            raise ProblemsError.one(f"JSON syntax error: {exc}") from None
        if repeats:
            raise ProblemsError(_repeated_keys(data))
        return data

    def render(self, data: Mapping[str, Any]) -> str:
        """
        Write JSON, ending with a newline.

        >>> JsonSerializer().render({})
        '{}\\n'
        """
        return to_json(data) + "\n"


SERIALIZERS: Registry[Serializer] = Registry("serializer", group="parlib.serializers")
"""File formats by name."""
SERIALIZERS.register("toml", TomlSerializer())
SERIALIZERS.register("json", JsonSerializer())

_CONVERTER: cattrs.Converter | None = None


def _converter() -> cattrs.Converter:
    global _CONVERTER  # noqa: PLW0603  (one lazily built converter for the module)
    if _CONVERTER is None:
        _CONVERTER = make_converter()
    return _CONVERTER


def _format_for(path: Path, fmt: str | None) -> Serializer:
    if fmt is not None:
        return SERIALIZERS.get(fmt)
    for names in (SERIALIZERS.names, SERIALIZERS.load_plugins):  # built-ins first, plugins on a miss
        for name in names():
            serializer = SERIALIZERS.get(name)
            if path.suffix.lower() in serializer.suffixes:
                return serializer
    known = ", ".join(s for n in SERIALIZERS.names() for s in SERIALIZERS.get(n).suffixes)
    raise LoadError(str(path), [Problem(f"unknown file type {path.suffix!r}; known: {known}")])


def structure(data: Any, cls: type[T], *, source: str = "<data>") -> T:
    """
    Build *cls* from plain data, strictly; errors become a :class:`LoadError` for *source*.

    >>> from parlib.evidence import Evidence
    >>> structure({"id": "E1", "kind": "rumour"}, Evidence, source="a.json")
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: a.json: must be one of document, observation, interview, test, metric, link, file, got 'rumour' @ $.kind
    """
    conv = _converter()
    try:
        return conv.structure(data, cls)
    except Exception as exc:  # noqa: BLE001  (every structuring failure becomes a LoadError)
        raise LoadError(source, list(problems_from(exc))) from None


def unstructure(obj: object) -> Any:
    """
    Plain data for *obj* (defaults omitted, numbers exact).

    >>> from parlib.evidence import Evidence
    >>> unstructure(Evidence(id="E1"))
    {'id': 'E1'}
    """
    return _converter().unstructure(obj)


def loads(text: str, cls: type[T], fmt: str = "toml", *, source: str = "<string>") -> T:
    """
    Parse *text* in format *fmt* into *cls*.

    >>> from parlib.evidence import Evidence
    >>> loads('{"id": "E1"}', Evidence, "json")
    Evidence(id='E1', kind='document', title='', reference='', issuer='', date=None, locator='', uri='', sha256='')
    """
    serializer = SERIALIZERS.get(fmt)
    try:
        data = serializer.parse(text)
    except ProblemsError as exc:
        raise LoadError(source, exc.problems) from None
    return structure(data, cls, source=source)


def dumps(obj: object, fmt: str = "toml") -> str:
    """
    Write *obj* as text in format *fmt*; ``loads(dumps(x), type(x), fmt) == x``.

    >>> from parlib.evidence import Evidence
    >>> dumps(Evidence(id="E1", title="Plan"))
    'id = "E1"\\ntitle = "Plan"\\n'
    """
    return SERIALIZERS.get(fmt).render(unstructure(obj))


def read(path: str | Path, fmt: str | None = None) -> Any:
    """
    Read a file into plain data (tables, lists, strings, exact decimals, dates)
    without building objects; the format comes from the suffix unless *fmt* is given.

    A missing file, text that is not UTF-8 and syntax errors are a
    :class:`~parlib.errors.LoadError` for the file.

    >>> read("missing.json")
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: missing.json: cannot read the file: No such file or directory @ $
    """
    file = Path(path)
    serializer = _format_for(file, fmt)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise LoadError(str(path), [Problem(f"cannot read the file: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError as exc:
        raise LoadError(str(path), [Problem(f"the file is not UTF-8 text: {exc.reason}")]) from None
    try:
        return serializer.parse(text)
    except ProblemsError as exc:
        raise LoadError(str(path), exc.problems) from None


def load(path: str | Path, cls: type[T], fmt: str | None = None) -> T:
    """
    Read a file into *cls*; the format comes from the suffix unless *fmt* is given.

    >>> from parlib.framework import Framework
    >>> load("missing.toml", Framework)
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: missing.toml: cannot read the file: No such file or directory @ $
    """
    return structure(read(path, fmt), cls, source=str(path))


def dump(obj: object, path: str | Path, fmt: str | None = None) -> None:
    """
    Write *obj* to a file; the format comes from the suffix unless *fmt* is given.

    >>> import tempfile, pathlib
    >>> from parlib.evidence import Evidence
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "e.json"
    >>> dump(Evidence(id="E1"), target); load(target, Evidence).id
    'E1'
    """
    file = Path(path)
    serializer = _format_for(file, fmt)
    file.write_text(serializer.render(unstructure(obj)), encoding="utf-8")


def load_framework(path: str | Path) -> Framework:
    """
    Read a framework file (TOML or JSON).

    >>> from parlib import frameworks
    >>> load_framework(frameworks.path("vn-par-department-example")).id
    'vn-par-department-example'
    """
    return load(path, Framework)


def load_assessment(path: str | Path) -> Assessment:
    """
    Read an assessment file (TOML or JSON).

    >>> from parlib import examples
    >>> load_assessment(examples.path()).period
    '2018'
    """
    return load(path, Assessment)
