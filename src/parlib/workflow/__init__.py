"""
The inspection workflow around a score: scores per layer and the differences
between layers, evidence rules and file integrity, draft findings and the
remediation plan.

The layered model itself is :class:`parlib.assessment.Layer` (with
:class:`~parlib.assessment.Adjustment` and :class:`~parlib.assessment.Lock`),
and :mod:`parlib.layers` fits it to a framework.

>>> from parlib import examples
>>> from parlib.workflow import diff_layers
>>> d = diff_layers(examples.framework(), examples.inspection(), "self", "final")
>>> d.before.band.label, d.after.band.label
('B', 'B')
"""

from __future__ import annotations

from parlib.workflow.diff import (
    LayerDiff,
    NodeDiff,
    Reason,
    changes_text,
    diff_data,
    diff_layers,
    diff_text,
    score_layers,
)
from parlib.workflow.drafts import COVERING_KINDS, covered_criteria, draft_findings, findings_data, findings_text
from parlib.workflow.flags import EvidenceFlag, evidence_flags
from parlib.workflow.plan import PlanItem, plan_csv, plan_data, plan_text, remediation_plan
from parlib.workflow.verify import FileCheck, file_sha256, local_file, verify_evidence

__all__ = [
    "COVERING_KINDS",
    "EvidenceFlag",
    "FileCheck",
    "LayerDiff",
    "NodeDiff",
    "PlanItem",
    "Reason",
    "changes_text",
    "covered_criteria",
    "diff_data",
    "diff_layers",
    "diff_text",
    "draft_findings",
    "evidence_flags",
    "file_sha256",
    "findings_data",
    "findings_text",
    "local_file",
    "plan_csv",
    "plan_data",
    "plan_text",
    "remediation_plan",
    "score_layers",
    "verify_evidence",
]
