"""
The core commands: ``demo``, ``score``, ``validate`` and ``frameworks``.

>>> from parlib.cli import main
>>> main(["validate", "no-such-file.toml"])
1
"""

from __future__ import annotations

import argparse
import sys

from parlib.cli.common import add_format_options, find_framework, print_json, resolve_framework
from parlib.errors import LoadError, ProblemsError

__all__ = ["register"]


def _score_and_print(
    framework: object, assessment: object, source: str, fmt: str, language: str, *, layer: str | None = None
) -> int:
    from parlib.assessment import Assessment
    from parlib.framework import Framework
    from parlib.report import scorecard_data, scorecard_text
    from parlib.scoring import score

    assert isinstance(framework, Framework)  # noqa: S101  (typed loosely to keep imports lazy)
    assert isinstance(assessment, Assessment)  # noqa: S101
    try:
        card = score(framework, assessment, layer=layer)
    except ProblemsError as exc:
        raise LoadError(source, exc.problems) from None
    if fmt == "json":
        print_json(scorecard_data(card, language) | ({"layer": layer} if layer else {}))
    else:
        title = f"{card.total.label.get(language)}, layer {layer}" if layer else ""
        sys.stdout.write(scorecard_text(card, language, title=title))
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from parlib import examples

    fw, assessment = examples.framework(), examples.assessment()
    if args.format == "text":
        sys.stdout.write(f"{fw.title.get(args.lang)}: {fw.status}. {fw.note}\n\n")
    status = _score_and_print(fw, assessment, str(examples.path()), args.format, args.lang)
    if args.format == "text":  # the inspection behind the result: self versus final, and the plan
        from parlib.cli.workflow import demo_story

        sys.stdout.write(demo_story(args.lang))
    return status


def _cmd_score(args: argparse.Namespace) -> int:
    from parlib.io.files import load_assessment

    if args.table is not None:  # parlib score FRAMEWORK --table UNITS.csv
        from parlib.cli.analysis import run_score_table

        return run_score_table(args)
    if args.format == "csv":
        print("parlib: --format csv needs --table", file=sys.stderr)
        return 2
    assessment = load_assessment(args.assessment)
    framework = resolve_framework(args.framework, args.assessment, assessment.framework)
    return _score_and_print(framework, assessment, args.assessment, args.format, args.lang, layer=args.layer)


def _validate_one(file: str) -> list[str]:
    from parlib.assessment import Assessment
    from parlib.framework import Framework
    from parlib.io.files import read, structure
    from parlib.scoring import check_assessment

    try:
        data = read(file)
        if not (isinstance(data, dict) and ("responses" in data or "subject" in data)):
            structure(data, Framework, source=file)
            return []
        assessment = structure(data, Assessment, source=file)
        framework = find_framework(None, file, assessment.framework)
        if framework is None:  # nothing to check it against: its own structure was checked
            return []
        return [f"{file}: {p}" for p in check_assessment(framework, assessment)]
    except LoadError as exc:
        return str(exc).splitlines()


def _cmd_validate(args: argparse.Namespace) -> int:
    failed = False
    for file in args.files:
        lines = _validate_one(file)
        if lines:
            failed = True
            for line in lines:
                print(line, file=sys.stderr)
        elif not args.quiet:
            print(f"{file}: ok")
    return 1 if failed else 0


def _cmd_frameworks(args: argparse.Namespace) -> int:
    from parlib import frameworks

    entries = frameworks.catalog(args.lang)
    if args.format == "json":
        print_json([{"id": e.id, "version": e.version, "title": e.title, "status": e.status} for e in entries])
        return 0
    rows = [("id", "version", "status", "title")] + [(e.id, e.version, e.status, e.title) for e in entries]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r[:3], widths, strict=True)) + "  " + r[3])
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """
    Add the core commands to the ``parlib`` parser.

    >>> import argparse
    >>> parser = argparse.ArgumentParser(); register(parser.add_subparsers())
    >>> parser.parse_args(["score", "a.toml"]).assessment
    'a.toml'
    """
    demo = sub.add_parser("demo", help="score the bundled example (a 2018 department inspection)")
    add_format_options(demo)
    demo.set_defaults(run=_cmd_demo)

    from parlib.cli.analysis import add_table_options

    sc = sub.add_parser("score", help="score an assessment file, or a table of units (--table)")
    sc.add_argument("assessment", help="assessment file (.toml or .json); with --table, the FRAMEWORK file or id")
    sc.add_argument("--framework", help="framework file or bundled id (default: the assessment's own)")
    sc.add_argument("--layer", help="score this layer (self, appraisal-1, ...; default: the last)")
    add_format_options(sc, ("text", "json", "csv"))
    add_table_options(sc)
    sc.set_defaults(run=_cmd_score)

    val = sub.add_parser("validate", help="check framework and assessment files")
    val.add_argument("files", nargs="+", help="files to check")
    val.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    val.set_defaults(run=_cmd_validate)

    fws = sub.add_parser("frameworks", help="list the bundled frameworks")
    add_format_options(fws)
    fws.set_defaults(run=_cmd_frameworks)
