"""
parlib: typed checklists and exact scoring for administrative-reform assessments.

>>> import parlib
>>> card = parlib.score(parlib.examples.framework(), parlib.examples.assessment())
>>> card.total.maximum
Fraction(100, 1)
"""

from __future__ import annotations

from typing import Any

from parlib import examples, frameworks
from parlib.assessment import Assessment, FrameworkRef, Response, Subject
from parlib.batch import BatchScore, compile_plan, score_many
from parlib.errors import (
    AssessmentError,
    LoadError,
    ModelError,
    ParlibError,
    Problem,
    ScoringError,
    UnknownNameError,
)
from parlib.evidence import Evidence
from parlib.findings import Finding, Recommendation
from parlib.framework import Band, Criterion, Framework
from parlib.label import Label
from parlib.numbers import RoundingPolicy, parse_number
from parlib.scorecard import NodeScore, ScoreCard, Trace
from parlib.scoring import check_assessment, score

__all__ = [
    "Assessment",
    "AssessmentError",
    "Band",
    "BatchScore",
    "Criterion",
    "Evidence",
    "Finding",
    "Framework",
    "FrameworkRef",
    "Label",
    "LoadError",
    "ModelError",
    "NodeScore",
    "ParlibError",
    "Problem",
    "Recommendation",
    "Response",
    "RoundingPolicy",
    "ScoreCard",
    "ScoringError",
    "Subject",
    "Trace",
    "UnknownNameError",
    "__version__",
    "check_assessment",
    "compile_plan",
    "examples",
    "frameworks",
    "parse_number",
    "score",
    "score_many",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("parlib")
    raise AttributeError(f"module 'parlib' has no attribute {name!r}")
