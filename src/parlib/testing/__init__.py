"""
Hypothesis strategies and law checks for parlib objects (the ``hypothesis`` extra).

Strategies generate valid frameworks, rules, weights, assessments, evidence
and findings; laws check that a rule, an aggregation, a scorer or a
serializer behaves, and fail with a message that names the law and shows
the shrunk counterexample::

    from hypothesis import given
    from parlib.testing import frameworks, assessments, check_monotone

``import parlib`` never imports Hypothesis: only this package does, and it
loads its modules on first use.

>>> from parlib.testing import check_monotone, frameworks
>>> frameworks.__module__, check_monotone.__module__
('parlib.testing.trees', 'parlib.testing.scoring_laws')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parlib.testing.amounts import (
        deltas,
        maxima,
        numbers_beyond,
        numbers_near,
        percentages,
        points_within,
        quarters,
    )
    from parlib.testing.answers import assessments, guarded_criteria, responses, subjects
    from parlib.testing.edits import forget, reordered, scaled, with_response, without
    from parlib.testing.file_laws import check_deterministic, check_round_trip, model_objects
    from parlib.testing.laws import LawViolation, difference, outline, run_law, show
    from parlib.testing.records import dates, evidence, findings, recommendations
    from parlib.testing.rulekit import (
        RULE_STRATEGIES,
        RuleStrategies,
        better_values,
        positive_values,
        rule_strategies,
        rule_types,
        rule_values,
        rules,
        values_for,
    )
    from parlib.testing.scoring_laws import (
        Scorer,
        check_additive,
        check_bounds,
        check_monotone,
        check_na_equivalent,
        check_permutation_invariant,
        check_scale_invariant,
    )
    from parlib.testing.tape import Tape, reading, tapes
    from parlib.testing.trees import (
        Traits,
        aggregations,
        criteria,
        frameworks,
        refuses_zero,
        shapes,
        traits,
        weight_schemes,
        weights,
    )
    from parlib.testing.words import identifiers, labels, texts

_HOMES = {
    "amounts": ("deltas", "maxima", "numbers_beyond", "numbers_near", "percentages", "points_within", "quarters"),
    "answers": ("assessments", "guarded_criteria", "responses", "subjects"),
    "edits": ("forget", "reordered", "scaled", "with_response", "without"),
    "file_laws": ("check_deterministic", "check_round_trip", "model_objects"),
    "laws": ("LawViolation", "difference", "outline", "run_law", "show"),
    "records": ("dates", "evidence", "findings", "recommendations"),
    "rulekit": (
        "RULE_STRATEGIES",
        "RuleStrategies",
        "better_values",
        "positive_values",
        "rule_strategies",
        "rule_types",
        "rule_values",
        "rules",
        "values_for",
    ),
    "scoring_laws": (
        "Scorer",
        "check_additive",
        "check_bounds",
        "check_monotone",
        "check_na_equivalent",
        "check_permutation_invariant",
        "check_scale_invariant",
    ),
    "words": ("identifiers", "labels", "texts"),
    "tape": ("Tape", "reading", "tapes"),
    "trees": (
        "Traits",
        "aggregations",
        "criteria",
        "frameworks",
        "refuses_zero",
        "shapes",
        "traits",
        "weight_schemes",
        "weights",
    ),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    # strategies
    "labels",
    "texts",
    "identifiers",
    "evidence",
    "findings",
    "recommendations",
    "dates",
    "subjects",
    "rules",
    "values_for",
    "rule_values",
    "better_values",
    "positive_values",
    "maxima",
    "weights",
    "weight_schemes",
    "aggregations",
    "shapes",
    "criteria",
    "frameworks",
    "responses",
    "assessments",
    "model_objects",
    "tapes",
    "reading",
    "Tape",
    # rule strategies registry
    "RULE_STRATEGIES",
    "RuleStrategies",
    "rule_strategies",
    "rule_types",
    # laws
    "LawViolation",
    "Scorer",
    "check_bounds",
    "check_additive",
    "check_monotone",
    "check_na_equivalent",
    "check_permutation_invariant",
    "check_scale_invariant",
    "check_round_trip",
    "check_deterministic",
    "run_law",
    "outline",
    "difference",
    "show",
    # edits and helpers
    "without",
    "forget",
    "reordered",
    "scaled",
    "with_response",
    "guarded_criteria",
    "refuses_zero",
    "traits",
    "Traits",
    "deltas",
    "numbers_near",
    "numbers_beyond",
    "percentages",
    "points_within",
    "quarters",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'parlib.testing' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"parlib.testing.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
