"""
Helpers shared by the ``parlib`` command modules.

>>> import argparse
>>> p = argparse.ArgumentParser(); add_format_options(p)
>>> p.parse_args([]).format
'text'
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_format_options", "print_json"]


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
