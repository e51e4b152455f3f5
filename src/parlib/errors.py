"""
The error hierarchy: one root, :class:`ParlibError`, and each child also a stdlib error.

Every error that comes from bad data carries *problems*: a list of
:class:`Problem` (a message and a JSON-path-like key path such as
``$.criteria[2].max``) so that a caller can print one line per problem.

>>> err = ModelError([Problem("max must not be negative", "$.criteria[0].max")])
>>> print(err)
max must not be negative @ $.criteria[0].max
>>> isinstance(err, ValueError) and isinstance(err, ParlibError)
True
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "AssessmentError",
    "LoadError",
    "ModelError",
    "ParlibError",
    "Problem",
    "ProblemsError",
    "ScoringError",
    "UnknownNameError",
]


@attrs.frozen
class Problem:
    """
    One thing wrong with some data: a message and where it is.

    The path starts at ``$`` (the document root) and uses ``.key`` and
    ``[index]`` steps, as in ``$.criteria[0].children[2].rule.bands[1]``.

    >>> str(Problem("unknown key 'wieght'", "$.criteria[0]"))
    "unknown key 'wieght' @ $.criteria[0]"
    """

    message: str
    path: str = "$"

    def __str__(self) -> str:
        return f"{self.message} @ {self.path}"

    def under(self, prefix: str) -> Problem:
        """
        Return the same problem with its path moved below *prefix*.

        >>> Problem("bad", "$.max").under("$.criteria[1]").path
        '$.criteria[1].max'
        """
        return Problem(self.message, prefix + self.path[1:])


class ParlibError(Exception):
    """
    The root of every error parlib raises on purpose.

    >>> issubclass(LoadError, ParlibError)
    True
    """


class ProblemsError(ParlibError, ValueError):
    """
    An error made of one or more :class:`Problem` lines.

    >>> e = ProblemsError([Problem("a", "$.x"), Problem("b", "$.y")])
    >>> e.problems[1].message
    'b'
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def under(self, prefix: str) -> ProblemsError:
        """
        Return an error of the same class with every path moved below *prefix*.

        >>> str(ModelError([Problem("bad", "$.max")]).under("$.criteria[0]"))
        'bad @ $.criteria[0].max'
        """
        return type(self)([p.under(prefix) for p in self.problems])

    @classmethod
    def one(cls, message: str, path: str = "$") -> ProblemsError:
        """
        Build the error from a single message and path.

        >>> str(ModelError.one("ids must be unique", "$.criteria[3].id"))
        'ids must be unique @ $.criteria[3].id'
        """
        return cls([Problem(message, path)])


class ModelError(ProblemsError):
    """
    A model object was built with values that break an invariant.

    >>> from parlib import Criterion
    >>> Criterion(id="1", label={"en": "x"}, max=-1, rule={"type": "manual"})
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: max must be finite and non-negative, got -1 @ $.max
    """


class AssessmentError(ProblemsError):
    """
    An assessment does not fit its framework (unknown criterion, wrong value type, ...).

    >>> issubclass(AssessmentError, ValueError)
    True
    """


class ScoringError(ProblemsError):
    """
    A value cannot be scored (for example a ratio whose denominator is zero).

    >>> issubclass(ScoringError, ParlibError)
    True
    """


class LoadError(ProblemsError):
    """
    A file could not be read: every problem is printed as ``FILE: message @ $.path``.

    >>> e = LoadError("a.toml", [Problem("extra key 'wieght'", "$.criteria[0]")])
    >>> print(e)
    a.toml: extra key 'wieght' @ $.criteria[0]
    """

    def __init__(self, file: str, problems: Iterable[Problem]) -> None:
        self.file = file
        self.problems = tuple(problems)
        ParlibError.__init__(self, "\n".join(f"{file}: {p}" for p in self.problems))

    def under(self, prefix: str) -> LoadError:
        """
        Return the error with every path moved below *prefix*.

        >>> str(LoadError("f", [Problem("m", "$.a")]).under("$.b"))
        'f: m @ $.b.a'
        """
        return LoadError(self.file, [p.under(prefix) for p in self.problems])


class UnknownNameError(ParlibError, LookupError):
    """
    A name (rule type, aggregation, bundled framework, ...) is not registered.

    The message lists the names that are known.

    >>> print(UnknownNameError("rule", "bandz", ["bands", "boolean"]))
    unknown rule 'bandz'; known: bands, boolean
    """

    def __init__(self, kind: str, name: str, known: Iterable[str]) -> None:
        self.kind = kind
        self.name = name
        self.known = tuple(sorted(known))
        super().__init__(f"unknown {kind} {name!r}; known: {', '.join(self.known)}")

    def __str__(self) -> str:
        return str(self.args[0])
