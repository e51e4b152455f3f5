"""
parlib: typed checklists and exact scoring for administrative-reform assessments.

Names are imported on first use, so ``import parlib`` stays cheap.

>>> import parlib
>>> card = parlib.score(parlib.examples.framework(), parlib.examples.assessment())
>>> card.total.maximum
Fraction(100, 1)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parlib import examples, frameworks
    from parlib.assessment import Adjustment, Assessment, FrameworkRef, Layer, Lock, Response, Subject
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

_WHERE: dict[str, str] = {
    "Adjustment": "parlib.assessment",
    "Assessment": "parlib.assessment",
    "FrameworkRef": "parlib.assessment",
    "Layer": "parlib.assessment",
    "Lock": "parlib.assessment",
    "Response": "parlib.assessment",
    "Subject": "parlib.assessment",
    "BatchScore": "parlib.batch",
    "compile_plan": "parlib.batch",
    "score_many": "parlib.batch",
    "AssessmentError": "parlib.errors",
    "LoadError": "parlib.errors",
    "ModelError": "parlib.errors",
    "ParlibError": "parlib.errors",
    "Problem": "parlib.errors",
    "ScoringError": "parlib.errors",
    "UnknownNameError": "parlib.errors",
    "Evidence": "parlib.evidence",
    "Finding": "parlib.findings",
    "Recommendation": "parlib.findings",
    "Band": "parlib.framework",
    "Criterion": "parlib.framework",
    "Framework": "parlib.framework",
    "Label": "parlib.label",
    "RoundingPolicy": "parlib.numbers",
    "parse_number": "parlib.numbers",
    "NodeScore": "parlib.scorecard",
    "ScoreCard": "parlib.scorecard",
    "Trace": "parlib.scorecard",
    "check_assessment": "parlib.scoring",
    "score": "parlib.scoring",
}
_MODULES = ("examples", "frameworks")

__all__ = [
    "Adjustment",
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
    "Layer",
    "LoadError",
    "Lock",
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
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    if name in _MODULES:
        return importlib.import_module(f"parlib.{name}")
    if name == "__version__":
        from importlib.metadata import version

        return version("parlib")
    raise AttributeError(f"module 'parlib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
