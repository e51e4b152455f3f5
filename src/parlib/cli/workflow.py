"""
The inspection commands: ``layers``, ``diff``, ``verify``, ``findings``, ``plan`` and ``lock``.

>>> from parlib import examples
>>> from parlib.cli import main
>>> main(["verify", str(examples.path())])  # doctest: +ELLIPSIS
Evidence files: 1 checked, 0 missing, 0 changed, 0 unreadable
...
0
"""

from __future__ import annotations

import argparse
import datetime
import sys
from typing import TYPE_CHECKING

from parlib.cli.common import add_format_options, print_json, resolve_framework
from parlib.errors import LoadError, Problem, ProblemsError

if TYPE_CHECKING:
    from parlib.assessment import Assessment
    from parlib.framework import Framework
    from parlib.scorecard import ScoreCard

__all__ = ["demo_story", "layers_table", "register"]


def _load(args: argparse.Namespace) -> tuple[Assessment, Framework]:
    from parlib.io.files import load_assessment

    assessment = load_assessment(args.assessment)
    framework = resolve_framework(args.framework, args.assessment, assessment.framework)
    return assessment, framework


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _datetime(text: str) -> datetime.datetime:
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date-time YYYY-MM-DDTHH:MM[:SS][+07:00], got {text!r}") from None


def layers_table(assessment: Assessment) -> list[str]:
    """
    One line per layer: name, author, its own responses and adjustments, and its lock.

    >>> from parlib import examples
    >>> print(layers_table(examples.inspection())[2])
    self         Sở LĐ-TBXH                 66            0  2018-09-05 17:00 by Sở LĐ-TBXH
    """
    from parlib.report import text_table

    rows = [["layer", "author", "responses", "adjustments", "locked"]]
    for layer in assessment.layers:
        lock = layer.lock
        locked = "open" if lock is None else f"{lock.at.strftime('%Y-%m-%d %H:%M')} by {lock.by}"
        rows.append([layer.name, layer.author or "-", str(len(layer.responses)), str(len(layer.adjustments)), locked])
    return text_table(rows, rules=(0,), align="llrrl")


def _layer_cards(
    framework: Framework, assessment: Assessment, names: tuple[str, ...], source: str
) -> list[tuple[str, ScoreCard]]:
    from parlib.workflow import score_layers

    try:
        return list(score_layers(framework, assessment, names).items())
    except ProblemsError as exc:
        raise LoadError(source, exc.problems) from None


def _cmd_layers(args: argparse.Namespace) -> int:
    from parlib.report import layers_data, layers_text

    assessment, framework = _load(args)
    if not assessment.layers:
        raise LoadError(args.assessment, [Problem("the assessment has no layers, only responses", "$.layers")])
    cards = _layer_cards(framework, assessment, assessment.layer_names, args.assessment)
    if args.format == "json":
        layers = [
            {
                "name": layer.name,
                "author": layer.author,
                "note": layer.note,
                "responses": len(layer.responses),
                "adjustments": len(layer.adjustments),
                "locked": None
                if layer.lock is None
                else {"at": layer.lock.at, "by": layer.lock.by, "seal": layer.lock.seal},
            }
            for layer in assessment.layers
        ]
        print_json({"layers": layers, "scores": layers_data(cards, args.lang)})
        return 0
    subject = assessment.subject
    lines = [
        f"Layers: {subject.name.get(args.lang)} [{subject.id}], period {assessment.period}",
        "",
        *layers_table(assessment),
    ]
    sys.stdout.write("\n".join(lines) + "\n\n" + layers_text(cards, args.lang, title="Points by layer:"))
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    from parlib.workflow import diff_data, diff_layers, diff_text

    assessment, framework = _load(args)
    try:
        diff = diff_layers(framework, assessment, args.before, args.after)
    except ProblemsError as exc:
        raise LoadError(args.assessment, exc.problems) from None
    if args.format == "json":
        print_json(diff_data(diff, args.lang))
    else:
        sys.stdout.write(diff_text(diff, args.lang))
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from pathlib import Path

    from parlib.workflow import evidence_flags, verify_evidence

    assessment, framework = _load(args)
    checks = verify_evidence(assessment, Path(args.assessment).parent)
    flags = evidence_flags(framework, assessment)
    failed = [c for c in checks if c.failed]
    for check in failed:  # one FILE: message @ $.path line per failed file, whatever the format
        message = f"{args.assessment}: evidence {check.evidence}: {check.status}: {check.detail} @ {check.path}"
        print(message, file=sys.stderr)
    if args.format == "json":
        print_json(
            {
                "files": [
                    {"evidence": c.evidence, "uri": c.uri, "status": c.status, "detail": c.detail, "path": c.path}
                    for c in checks
                ],
                "flags": [
                    {"kind": f.kind, "criterion": f.criterion, "layer": f.layer, "message": f.message, "path": f.path}
                    for f in flags
                ],
                "failed": len(failed),
            }
        )
        return 1 if failed else 0
    count = {status: sum(c.status == status for c in checks) for status in ("missing", "changed", "unreadable")}
    lines = [
        f"Evidence files: {len(checks)} checked, {count['missing']} missing, {count['changed']} changed,"
        f" {count['unreadable']} unreadable"
    ]
    lines += [f"  {c.evidence} {c.uri or '(no uri)'}: {c.status}: {c.detail}" for c in checks]
    lines.append(f"Evidence rules: {len(flags)} flag{'' if len(flags) == 1 else 's'} (reported, not refused)")
    lines += [f"  {f}" + (f" (layer {f.layer})" if f.layer else "") for f in flags]
    sys.stdout.write("\n".join(lines) + "\n")
    return 1 if failed else 0


def _cmd_findings(args: argparse.Namespace) -> int:
    from parlib.workflow import draft_findings, findings_data, findings_text

    assessment, framework = _load(args)
    try:
        drafts = draft_findings(framework, assessment, args.layer)
    except ProblemsError as exc:
        raise LoadError(args.assessment, exc.problems) from None
    if args.format == "json":
        print_json(findings_data(assessment.findings, drafts))
    else:
        sys.stdout.write(findings_text(assessment.findings, drafts, args.lang))
    return 0


def _cmd_plan(args: argparse.Namespace) -> int:
    from parlib.io.files import load_assessment
    from parlib.workflow import plan_csv, plan_data, plan_text, remediation_plan

    assessment = load_assessment(args.assessment)
    today = args.today or datetime.date.today()
    items = remediation_plan(assessment, today)
    if args.format == "json":
        print_json(plan_data(items, today, args.lang))
    elif args.format == "csv":
        sys.stdout.write(plan_csv(items, args.lang))
    else:
        sys.stdout.write(plan_text(items, today, args.lang))
    return 0


def _cmd_lock(args: argparse.Namespace) -> int:
    from parlib.io.files import load_assessment, unstructure
    from parlib.io.text import to_toml

    assessment = load_assessment(args.assessment)
    at = args.at or datetime.datetime.now().astimezone().replace(microsecond=0)
    if args.layer not in assessment.layer_names:
        known = ", ".join(assessment.layer_names) or "none"
        raise LoadError(args.assessment, [Problem(f"no layer {args.layer!r} (layers: {known})", "$.layers")])
    index = assessment.layer_names.index(args.layer)
    try:
        locked = assessment.layers[index].locked_by(args.by, at)
    except ProblemsError as exc:
        raise LoadError(args.assessment, [p.under(f"$.layers[{index}]") for p in exc.problems]) from None
    try:
        assessment.lock_layer(args.layer, args.by, at)  # layers lock in order
    except ProblemsError as exc:
        raise LoadError(args.assessment, exc.problems) from None
    assert locked.lock is not None  # noqa: S101  (just locked)
    if args.format == "json":
        print_json(unstructure(locked.lock))
    else:
        sys.stdout.write(to_toml({"lock": unstructure(locked.lock)}))
    return 0


def demo_story(language: str = "en") -> str:
    """
    The bundled inspection told from self-assessment to plan: its layers, self,
    appraised and final side by side, what changed and why, the evidence flags,
    and the remediation plan as of the final result's date.

    >>> print(demo_story().splitlines()[1])
    The inspection behind this result, layer by layer (self-assessment to final):
    """
    from parlib import examples
    from parlib.report import layers_text
    from parlib.workflow import changes_text, diff_layers, evidence_flags, plan_text, remediation_plan, score_layers

    framework, assessment = examples.framework(), examples.inspection()
    last = assessment.layers[-1]
    today = last.lock.at.date() if last.lock is not None else datetime.date.today()
    cards = list(score_layers(framework, assessment, ("self", "appraisal-2", "final")).items())
    flags = evidence_flags(framework, assessment)
    parts = [
        "",
        "The inspection behind this result, layer by layer (self-assessment to final):",
        "",
        *layers_table(assessment),
        "",
        layers_text(cards, language, title="Self, appraised (appraisal-2) and final, side by side (points):").rstrip(
            "\n"
        ),
        changes_text(diff_layers(framework, assessment, "self", "final"), language)
        .replace("Changed criteria", "Self versus final: changed criteria", 1)
        .rstrip("\n"),
        "",
        f"Evidence rules: {len(flags)} flag{'' if len(flags) == 1 else 's'} (reported, not refused):",
        *(f"  {f}" + (f" (layer {f.layer})" if f.layer else "") for f in flags),
        "",
        plan_text(remediation_plan(assessment, today), today, language).rstrip("\n"),
    ]
    return "\n".join(parts) + "\n"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """
    Add the inspection commands to the ``parlib`` parser.

    >>> import argparse
    >>> parser = argparse.ArgumentParser(); register(parser.add_subparsers())
    >>> parser.parse_args(["diff", "a.toml", "--from", "self", "--to", "final"]).before
    'self'
    """

    def command(name: str, text: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=text)
        parser.add_argument("assessment", help="assessment file (.toml or .json)")
        return parser

    def framework_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--framework", help="framework file or bundled id (default: the assessment's own)")

    layers = command("layers", "list an assessment's layers and score each, side by side")
    framework_option(layers)
    add_format_options(layers)
    layers.set_defaults(run=_cmd_layers)

    diff = command("diff", "compare two layers criterion by criterion, with the adjustments' reasons")
    diff.add_argument("--from", dest="before", help="the earlier layer (default: the first)")
    diff.add_argument("--to", dest="after", help="the later layer (default: the last)")
    framework_option(diff)
    add_format_options(diff)
    diff.set_defaults(run=_cmd_diff)

    verify = command("verify", "check evidence files against their sha256 and the evidence rules; 1 if a file failed")
    framework_option(verify)
    add_format_options(verify)
    verify.set_defaults(run=_cmd_verify)

    findings = command("findings", "list the findings and draft limitations for points lost that no finding covers")
    findings.add_argument("--layer", help="the layer whose lost points to draft from (default: the last)")
    framework_option(findings)
    add_format_options(findings)
    findings.set_defaults(run=_cmd_findings)

    plan = command("plan", "the remediation plan, ordered by due date, overdue items marked")
    plan.add_argument("--today", type=_date, help="the day to mark overdue items against (default: today)")
    add_format_options(plan, ("text", "csv", "json"))
    plan.set_defaults(run=_cmd_plan)

    lock = command("lock", "print the lock (with its seal) that locks a layer, to paste into the file")
    lock.add_argument("--layer", required=True, help="the layer to lock")
    lock.add_argument("--by", required=True, help="who locks it")
    lock.add_argument("--at", type=_datetime, help="when (default: now, local time)")
    add_format_options(lock, ("toml", "json"))
    lock.set_defaults(run=_cmd_lock)
