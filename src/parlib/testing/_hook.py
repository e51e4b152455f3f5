"""
The ``hypothesis`` entry point: lets ``st.from_type`` build parlib's types.

Hypothesis calls :func:`_hypothesis_setup_hook` while it is being imported, so
this module imports no strategy module: each registration is a
:func:`~hypothesis.strategies.deferred` strategy that imports
``parlib.testing`` the first time it draws.

>>> from hypothesis import find, strategies as st
>>> from parlib import Framework
>>> find(st.from_type(Framework), lambda f: True).criteria[0].id
'1'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _lazy(name: str, *args: Any, **kwargs: Any) -> Callable[[], Any]:
    """A thunk that builds ``parlib.testing.<name>(*args, **kwargs)`` when first drawn."""

    def build() -> Any:
        import parlib.testing

        return getattr(parlib.testing, name)(*args, **kwargs)

    return build


def _first_leaf_responses() -> Any:
    import parlib.testing

    return parlib.testing.criteria().flatmap(lambda c: parlib.testing.responses(next(n for n in c.walk() if n.is_leaf)))


def _assessments() -> Any:
    from parlib.testing import assessments, frameworks

    return frameworks().flatmap(assessments)


def _rules_of(rule_type: str) -> Callable[[], Any]:
    def build() -> Any:
        import parlib.testing

        return parlib.testing.maxima().flatmap(lambda m: parlib.testing.rules(maximum=m, types=[rule_type]))

    return build


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each model type and each built-in rule (run by Hypothesis on import)."""
    from hypothesis import strategies as st

    from parlib.aggregation import Aggregation
    from parlib.assessment import Assessment, Response, Subject
    from parlib.evidence import Evidence
    from parlib.findings import Finding, Recommendation
    from parlib.framework import Criterion, Framework
    from parlib.label import Label
    from parlib.rules import RULES, Rule

    table: list[tuple[type[Any], Callable[[], Any]]] = [
        (Label, _lazy("labels")),
        (Evidence, _lazy("evidence")),
        (Recommendation, _lazy("recommendations")),
        (Finding, _lazy("findings")),
        (Subject, _lazy("subjects")),
        (Criterion, _lazy("criteria")),
        (Framework, _lazy("frameworks")),
        (Response, _first_leaf_responses),
        (Assessment, _assessments),
        (Aggregation, _lazy("aggregations")),
        (Rule, _lazy("rules")),
    ]
    table += [(RULES.get(name), _rules_of(name)) for name in RULES.names()]
    for cls, thunk in table:
        st.register_type_strategy(cls, st.deferred(thunk))
