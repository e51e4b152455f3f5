"""
The frameworks bundled with parlib (package data), by id.

>>> "vn-par-department-example" in [entry.id for entry in catalog()]
True
>>> get("vn-par-department-example").status
'example'
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import attrs

from parlib.errors import UnknownNameError
from parlib.framework import Framework

__all__ = ["CatalogEntry", "catalog", "get", "ids", "path"]


def _dir() -> Path:
    return Path(str(resources.files(__name__)))


def ids() -> tuple[str, ...]:
    """
    The ids of the bundled frameworks, sorted.

    >>> "vn-par-department-example" in ids()
    True
    """
    return tuple(sorted(p.stem for p in _dir().glob("*.toml")))


def path(framework_id: str) -> Path:
    """
    The file of a bundled framework.

    >>> path("nope")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    parlib.errors.UnknownNameError: unknown bundled framework 'nope'; known: caf-2020, ...
    """
    file = _dir() / f"{framework_id}.toml"
    if framework_id not in ids():
        raise UnknownNameError("bundled framework", framework_id, ids())
    return file


@functools.cache
def get(framework_id: str) -> Framework:
    """
    Load a bundled framework by id (cached; frameworks are immutable).

    >>> get("vn-par-department-example").maximum
    Fraction(100, 1)
    """
    from parlib.io.files import load_framework

    return load_framework(path(framework_id))


@attrs.frozen
class CatalogEntry:
    """
    One line of the catalog: id, version, title and status.

    >>> {entry.id: entry.status for entry in catalog()}["vn-par-department-example"]
    'example'
    """

    id: str
    version: str
    title: str
    status: str


def catalog(language: str = "en") -> list[CatalogEntry]:
    """
    Every bundled framework with id, version, title (in *language*) and status.

    >>> {entry.id: entry.version for entry in catalog()}["caf-2020"]
    '2020'
    """
    out = []
    for fid in ids():
        fw = get(fid)
        out.append(CatalogEntry(fw.id, fw.version, fw.title.get(language), fw.status))
    return out
