"""
The ``xccdf`` command: the four XCCDF 1.2 scores of a benchmark and its results.

``parlib xccdf FILE.xml [--profile ID] [--tailoring FILE] [--test-result ID]
[--format text|json] [--compat spec|openscap]`` reads the file (for example
the one ``oscap xccdf eval --results`` writes) and, with ``--tailoring``, the
XCCDF tailoring file whose profiles it may use (``oscap xccdf eval
--tailoring-file``), ignores any ``score`` it states, and computes the
default, flat, flat-unweighted and absolute scores itself.

>>> from parlib.cli import main
>>> main(["xccdf", "no-such.xml"])
1
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from fractions import Fraction

from parlib.cli.common import print_json
from parlib.errors import LoadError, Problem, UnknownNameError
from parlib.numbers import RoundingPolicy, exact_decimal

__all__ = ["register", "score_data", "score_text"]

_PLACES = 12
_SHOWN = RoundingPolicy(places=6)


def _decimal(value: Fraction) -> Decimal:
    """The exact decimal when it has at most 12 places, else rounded half-even to 12."""
    exact = exact_decimal(value)
    if exact is not None and -exact.as_tuple().exponent <= _PLACES:  # type: ignore[operator]
        return exact
    return RoundingPolicy(places=_PLACES, mode="half-even").round(value).normalize()


def score_data(scores: object) -> dict[str, object]:
    """
    The scores as plain data for JSON: exact decimals (12 places at most), ``None`` where undefined.

    >>> from parlib.xccdf import Benchmark, Rule, score_benchmark
    >>> data = score_data(score_benchmark(Benchmark(id="b", items=(Rule(id="r"),))))
    >>> data["scores"]["urn:xccdf:scoring:default"]["score"] is None, data["scores"]["urn:xccdf:scoring:flat"]
    (True, {'score': Decimal('0'), 'maximum': Decimal('0')})
    """
    from parlib.xccdf.scoring import Scores

    assert isinstance(scores, Scores)  # noqa: S101  (typed loosely to keep imports lazy)
    models: dict[str, object] = {}
    for model in scores.models:
        entry: dict[str, object] = {
            "score": None if model.score is None else _decimal(model.score),
            "maximum": _decimal(model.maximum),
        }
        if model.note:
            entry["note"] = model.note
        models[model.system] = entry
    return {
        "benchmark": scores.benchmark,
        "tailoring": scores.tailoring,
        "profile": scores.profile,
        "test_result": scores.test_result,
        "compat": scores.compat,
        "scores": models,
        "notes": list(scores.notes),
    }


def score_text(scores: object) -> str:
    """
    The scores as an aligned table (6 decimal places at most, as ``oscap`` prints), then notes.

    >>> from parlib.xccdf import Benchmark, Rule, score_benchmark
    >>> print(score_text(score_benchmark(Benchmark(id="b", items=(Rule(id="r"),)))), end="")
    benchmark    b
    profile      (none)
    test result  (none)
    compat       spec
    <BLANKLINE>
    model                              score      maximum
    urn:xccdf:scoring:default          undefined  100
    urn:xccdf:scoring:flat             0          0
    urn:xccdf:scoring:flat-unweighted  0          0
    urn:xccdf:scoring:absolute         1          1
    <BLANKLINE>
    note: the file has no TestResult: no rule has a result
    note: urn:xccdf:scoring:default: undefined: no selected rule has a counted result, so the benchmark's s/a is 0/0
    note: urn:xccdf:scoring:absolute: nothing counted: every applicable rule passed
    """
    from parlib.xccdf.scoring import Scores

    assert isinstance(scores, Scores)  # noqa: S101
    head = [
        ("benchmark", scores.benchmark),
        *([("tailoring", scores.tailoring)] if scores.tailoring else []),
        ("profile", scores.profile or "(none)"),
        ("test result", scores.test_result or "(none)"),
        ("compat", scores.compat),
    ]
    lines = [f"{k:<12} {v}" for k, v in head] + [""]
    rows = [("model", "score", "maximum")] + [
        (m.system, "undefined" if m.score is None else _SHOWN.brief(m.score), _SHOWN.brief(m.maximum))
        for m in scores.models
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    lines += [f"{r[0]:<{widths[0]}}  {r[1]:<{max(widths[1], 9)}}  {r[2]}".rstrip() for r in rows]
    notes = [*scores.notes, *(f"{m.system}: {m.note}" for m in scores.models if m.note)]
    if notes:
        lines += ["", *(f"note: {n}" for n in notes)]
    return "\n".join(lines) + "\n"


def _cmd_xccdf(args: argparse.Namespace) -> int:
    from parlib.xccdf import load_benchmark, load_tailoring, score_benchmark

    benchmark = load_benchmark(args.file)
    tailoring = load_tailoring(args.tailoring) if args.tailoring else None
    try:
        scores = score_benchmark(
            benchmark, profile=args.profile, test_result=args.test_result, compat=args.compat, tailoring=tailoring
        )
    except UnknownNameError as exc:
        raise LoadError(args.file, [Problem(str(exc), "/Benchmark/TestResult")]) from None
    if args.format == "json":
        print_json(score_data(scores))
    else:
        sys.stdout.write(score_text(scores))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """
    Add the ``xccdf`` command to the ``parlib`` parser.

    >>> import argparse
    >>> parser = argparse.ArgumentParser(); register(parser.add_subparsers())
    >>> parser.parse_args(["xccdf", "r.xml", "--compat", "openscap"]).compat
    'openscap'
    """
    cmd = sub.add_parser(
        "xccdf",
        help="score an XCCDF 1.2 benchmark and its results under the four scoring models",
        description="Compute the default, flat, flat-unweighted and absolute XCCDF 1.2 scores"
        " (NIST IR 7275r4 section 7.3.2) of a benchmark and its TestResult. Scores stated in the file are ignored.",
    )
    cmd.add_argument("file", help="XCCDF 1.2 file, e.g. the one `oscap xccdf eval --results` writes")
    cmd.add_argument("--profile", help="profile id (default: the one the TestResult names)")
    cmd.add_argument(
        "--tailoring",
        metavar="FILE",
        help="XCCDF 1.2 tailoring file whose profiles may be used (oscap's --tailoring-file)",
    )
    cmd.add_argument("--test-result", help="TestResult id (default: the last in the file)")
    cmd.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    cmd.add_argument(
        "--compat",
        choices=("spec", "openscap"),
        default="spec",
        help="spec: the specification exactly (default); openscap: reproduce OpenSCAP 1.3.7's scores",
    )
    cmd.set_defaults(run=_cmd_xccdf)
