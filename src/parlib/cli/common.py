"""
Helpers shared by the ``parlib`` command modules: output options, JSON, and the
one way every command finds the framework of an assessment.

>>> import argparse
>>> p = argparse.ArgumentParser(); add_format_options(p)
>>> p.parse_args([]).format
'text'
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from parlib.errors import LoadError, Problem

if TYPE_CHECKING:
    from parlib.assessment import FrameworkRef
    from parlib.framework import Framework

__all__ = ["add_format_options", "find_framework", "framework_named", "print_json", "resolve_framework"]

_SUFFIXES = (".toml", ".json")
"""The framework files looked for beside an assessment, in order, and the suffixes that mark a file."""


def print_json(data: object) -> None:
    """
    Print plain data as deterministic JSON (exact decimal literals, sorted keys).

    >>> print_json({"b": 1, "a": None})
    {
      "a": null,
      "b": 1
    }
    """
    from parlib.io.text import to_json

    sys.stdout.write(to_json(data) + "\n")


def add_format_options(parser: argparse.ArgumentParser, formats: tuple[str, ...] = ("text", "json")) -> None:
    """
    Add ``--format`` (first choice is the default) and ``--lang`` to a sub-command.

    >>> p = argparse.ArgumentParser(); add_format_options(p, ("text", "csv"))
    >>> p.parse_args(["--format", "csv", "--lang", "vi"]).lang
    'vi'
    """
    parser.add_argument("--format", choices=formats, default=formats[0], help=f"output format (default: {formats[0]})")
    parser.add_argument("--lang", default="en", help="language of labels (default: en; vi for Vietnamese)")


def _bundled() -> str:
    from parlib import frameworks

    return ", ".join(frameworks.ids())


def _named(ref: str) -> Framework | None:
    """*ref* as a file (it ends in .toml or .json, or is a file) or a bundled id; ``None`` if it is neither."""
    from parlib import frameworks
    from parlib.io.files import load_framework

    if Path(ref).suffix.lower() in _SUFFIXES or Path(ref).is_file():
        return load_framework(ref)
    return frameworks.get(ref) if ref in frameworks.ids() else None


def framework_named(ref: str, source: str = "<command line>") -> Framework:
    """
    A framework named on the command line: a file (a name ending in ``.toml``
    or ``.json``, or an existing file) or the id of a bundled framework.

    >>> framework_named("papi-2018").id
    'papi-2018'
    >>> framework_named("no-such")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: <command line>: framework 'no-such' is neither a file nor a bundled framework (bundled: caf-2020, ...) @ $
    """
    found = _named(ref)
    if found is None:
        raise LoadError(
            source, [Problem(f"framework {ref!r} is neither a file nor a bundled framework (bundled: {_bundled()})")]
        )
    return found


def _located(explicit: str | None, assessment_file: str, wanted: FrameworkRef) -> tuple[Framework, str] | None:
    """The framework for the assessment and where it came from, or ``None`` when nothing was found."""
    from parlib import frameworks
    from parlib.io.files import load_framework

    if explicit is not None:
        found = _named(explicit)
        if found is None:
            message = (
                f"framework {explicit!r} (--framework) is neither a file nor a bundled framework (bundled: {_bundled()});"
                " pass a framework file (.toml or .json) or a bundled id"
            )
            raise LoadError(assessment_file, [Problem(message, "$.framework.id")])
        return found, f"--framework {explicit}"
    here = Path(assessment_file)
    for suffix in _SUFFIXES:
        beside = here.parent / f"{wanted.id}{suffix}"
        if beside.is_file() and beside.resolve() != here.resolve():
            return load_framework(beside), f"{beside} (beside the assessment)"
    if wanted.id in frameworks.ids():
        return frameworks.get(wanted.id), f"the bundled framework {wanted.id!r}"
    return None


def find_framework(explicit: str | None, assessment_file: str, wanted: FrameworkRef) -> Framework | None:
    """
    The framework for an assessment file that asks for *wanted* (its ``framework``), or ``None``.

    The first of these wins:

    1. *explicit* (``--framework``): a framework file, or the id of a bundled framework;
    2. a file ``<id>.toml`` (then ``<id>.json``) beside the assessment: a local copy beats the bundled one;
    3. the bundled framework of that id.

    Where the framework found has the assessment's id, its version must be the
    one the assessment names (any, when it names none), as scoring requires;
    else a :class:`~parlib.errors.LoadError` says which version came from where.
    A framework of another id is left to scoring, which reports the mismatch.

    >>> from parlib.assessment import FrameworkRef
    >>> find_framework(None, "a.toml", FrameworkRef("papi-2018")).version
    '2018'
    >>> find_framework(None, "a.toml", FrameworkRef("no-such")) is None
    True
    >>> find_framework(None, "a.toml", FrameworkRef("papi-2018", "2011"))
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: a.toml: the assessment asks for framework 'papi-2018' version '2011', but the bundled framework 'papi-2018' is version '2018'; pass --framework with version '2011' @ $.framework.version
    """
    located = _located(explicit, assessment_file, wanted)
    if located is None:
        return None
    framework, origin = located
    if framework.id == wanted.id and not wanted.fits_version(framework.version):
        message = (
            f"the assessment asks for framework {wanted.id!r} version {wanted.version!r}, but {origin} is"
            f" version {framework.version!r}; pass --framework with version {wanted.version!r}"
        )
        raise LoadError(assessment_file, [Problem(message, "$.framework.version")])
    return framework


def resolve_framework(explicit: str | None, assessment_file: str, wanted: FrameworkRef) -> Framework:
    """
    The framework for an assessment file, as :func:`find_framework` finds it; when
    none is found, a :class:`~parlib.errors.LoadError` names the assessment, the
    framework it asks for, where it looked, and the bundled ids.

    >>> from parlib.assessment import FrameworkRef
    >>> resolve_framework(None, "a.toml", FrameworkRef("vn-par-department-example")).version
    '2018.1'
    >>> resolve_framework(None, "a.toml", FrameworkRef("mine", "2"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: a.toml: framework 'mine' version '2' not found: looked for mine.toml and mine.json beside the assessment, then the bundled frameworks (caf-2020, ...); pass --framework FILE_OR_ID @ $.framework.id
    """
    found = find_framework(explicit, assessment_file, wanted)
    if found is not None:
        return found
    here = Path(assessment_file).parent
    looked = " and ".join(str(here / f"{wanted.id}{suffix}") for suffix in _SUFFIXES)
    version = f" version {wanted.version!r}" if wanted.version else ""
    message = (
        f"framework {wanted.id!r}{version} not found: looked for {looked} beside the assessment,"
        f" then the bundled frameworks ({_bundled()}); pass --framework FILE_OR_ID"
    )
    raise LoadError(assessment_file, [Problem(message, "$.framework.id")])
