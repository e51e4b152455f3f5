"""
Evidence rules: a criterion that requires evidence needs a response that cites
some or explains why none is cited, and a cited document should say where to look
(section, page or locator). Breaking a rule raises a flag, never an error: units
do submit incomplete files, and the inspection needs to see them.

>>> from parlib import examples
>>> [str(f) for f in evidence_flags(examples.framework(), examples.inspection())]
["criterion '7.4.3' requires evidence: the response cites none and gives no explanation @ $.layers[0].responses[62]"]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import attrs

from parlib.assessment import Assessment, Response
from parlib.framework import Framework

__all__ = ["EvidenceFlag", "FlagKind", "evidence_flags"]

FlagKind = Literal["no-evidence", "no-place"]


@attrs.frozen
class EvidenceFlag:
    """
    One broken evidence rule: what, where in the assessment, and in which layer.

    >>> str(EvidenceFlag("no-place", "$.evidence[0]", "evidence 'E1' does not say where to look"))
    "evidence 'E1' does not say where to look @ $.evidence[0]"
    """

    kind: FlagKind
    path: str
    message: str
    criterion: str = ""
    layer: str | None = None

    def __str__(self) -> str:
        return f"{self.message} @ {self.path}"


def _answers(assessment: Assessment) -> Iterator[tuple[str | None, Response, str]]:
    """Every response of the assessment, with its layer (``None`` without layers) and key path."""
    for i, resp in enumerate(assessment.responses):
        yield None, resp, f"$.responses[{i}]"
    for k, layer in enumerate(assessment.layers):
        for i, resp in enumerate(layer.responses):
            yield layer.name, resp, f"$.layers[{k}].responses[{i}]"


def evidence_flags(framework: Framework, assessment: Assessment) -> tuple[EvidenceFlag, ...]:
    """
    Every response (in every layer) to a criterion with ``evidence_required`` that
    cites no evidence and gives no explanation, and every cited document without a
    section, page or locator.

    >>> from parlib import examples
    >>> evidence_flags(examples.framework(), examples.assessment())
    ()
    """
    flags: list[EvidenceFlag] = []
    cited: set[str] = set()
    for layer, resp, path in _answers(assessment):
        cited.update(resp.evidence)
        if resp.criterion not in framework or not framework.criterion(resp.criterion).evidence_required:
            continue
        if not resp.evidence and not resp.explanation.strip():
            message = (
                f"criterion {resp.criterion!r} requires evidence: the response cites none and gives no explanation"
            )
            flags.append(EvidenceFlag("no-evidence", path, message, resp.criterion, layer))
    for finding in assessment.findings:
        cited.update(finding.evidence)
    for i, ev in enumerate(assessment.evidence):
        if ev.kind == "document" and ev.id in cited and not ev.place():
            message = f"evidence {ev.id!r} is a document but does not say where to look (section, page or locator)"
            flags.append(EvidenceFlag("no-place", f"$.evidence[{i}]", message))
    return tuple(flags)
