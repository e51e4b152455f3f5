"""
The ``parlib`` command: each group of sub-commands lives in its own module
with a ``register(subparsers)`` function, listed in :data:`COMMAND_MODULES`.

Every error from data prints as ``FILE: message @ $.path`` on stderr with exit
status 1; there is never a traceback for bad input.

>>> main(["frameworks"])  # doctest: +ELLIPSIS
id  ...
0
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from parlib.errors import LoadError, ParlibError

__all__ = ["COMMAND_MODULES", "main"]

COMMAND_MODULES: tuple[str, ...] = ("parlib.cli.core", "parlib.cli.xccdf", "parlib.cli.analysis", "parlib.cli.workflow")
"""Modules whose ``register(subparsers)`` adds sub-commands, in help order."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="parlib", description="Score administrative-reform assessments.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command line; return the exit status (0 ok, 1 bad input or failed check, 2 usage).

    >>> main(["validate", "no-such-file.toml"])
    1
    """
    args = _parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except LoadError as exc:
        print(exc, file=sys.stderr)
        return 1
    except ParlibError as exc:
        for line in str(exc).splitlines() or [type(exc).__name__]:
            print(f"parlib: {line}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # pragma: no cover  (output piped into head)
        return 0
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
