"""
The error of the analysis layer: :class:`AnalysisError`, problems with key paths.

Paths name what is wrong in the data analysed: ``$.units[2]``, ``$.indicators.D2``
or, for a table read from a file, ``$[row 3].D2`` (rows counted as in a
spreadsheet, the header being row 1).

>>> print(AnalysisError.one("all units have the same value", "$.indicators.D2"))
all units have the same value @ $.indicators.D2
"""

from __future__ import annotations

from parlib.errors import ProblemsError

__all__ = ["AnalysisError"]


class AnalysisError(ProblemsError):
    """
    Units or indicators cannot be analysed as asked (too few units for the tiers,
    a normalisation that would divide by zero, weights that do not fit, ...).

    >>> from parlib.errors import ParlibError
    >>> issubclass(AnalysisError, ParlibError) and issubclass(AnalysisError, ValueError)
    True
    """
