"""
The analysis commands: ``compare``, ``gains`` and ``sensitivity``, and the
``--table`` form of ``score`` (one unit per row, ranked, banded and tiered).

>>> from parlib.cli import main
>>> main(["gains", "--top", "1"])  # doctest: +ELLIPSIS
Department of Labour, Invalids and Social Affairs [so-ldtbxh], period 2018: index 83.01, band B
...
0
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from parlib.cli.common import add_format_options, framework_named, print_json, resolve_framework
from parlib.errors import LoadError, Problem, ProblemsError

__all__ = ["add_table_options", "register", "run_score_table"]


def _card(framework: Any, assessment: Any, source: str, layer: str | None = None) -> Any:
    from parlib.scoring import score

    try:
        return score(framework, assessment, layer=layer)
    except ProblemsError as exc:
        raise LoadError(source, exc.problems) from None


def add_table_options(parser: argparse.ArgumentParser) -> None:
    """
    Add the options of ``parlib score FRAMEWORK --table UNITS.csv``.

    >>> p = argparse.ArgumentParser(); add_table_options(p)
    >>> p.parse_args(["--table", "u.csv", "--rank-method", "dense"]).rank_method
    'dense'
    """
    from parlib.analysis.ranking import RANK_METHODS
    from parlib.analysis.tablescore import RANK_BY

    parser.add_argument(
        "--table", metavar="UNITS.csv", help="score a table of units (first column 'unit'); the positional is then"
        " the FRAMEWORK file or bundled id",
    )  # fmt: skip
    parser.add_argument("--rank-by", choices=RANK_BY, default="index", help="rank on the index (default) or the total")
    parser.add_argument(
        "--rank-method", choices=RANK_METHODS, default="competition", help="ties: competition 1,2,2,4 (default)"
    )
    parser.add_argument("--group", metavar="COLUMN", help="rank (and tier) within the groups named in this column")
    parser.add_argument("--no-tiers", action="store_true", help="skip the framework's quantile tiers")


def _scored_table(framework: Any, file: str, args: argparse.Namespace) -> Any:
    from parlib.analysis.table import read_table
    from parlib.analysis.tablescore import score_table

    return score_table(
        framework,
        read_table(file),
        group=args.group,
        rank_by=args.rank_by,
        method=args.rank_method,
        tiers=not args.no_tiers,
    )


def run_score_table(args: argparse.Namespace) -> int:
    """
    Run ``parlib score FRAMEWORK --table UNITS.csv`` (called by the ``score`` command).

    >>> from parlib.cli import main
    >>> main(["score", "papi-2018", "--table", "no-such.csv"])
    1
    """
    from parlib.analysis.report import table_csv, table_data, table_text

    scores = _scored_table(framework_named(args.assessment), args.table, args)
    if args.format == "json":
        print_json(table_data(scores))
    elif args.format == "csv":
        sys.stdout.write(table_csv(scores))
    else:
        sys.stdout.write(table_text(scores, args.lang))
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from parlib.analysis.compare import compare_cards, compare_tables
    from parlib.analysis.report import comparison_data, comparison_text, table_comparison_data, table_comparison_text
    from parlib.io.files import load_assessment

    tables = [Path(f).suffix.lower() == ".csv" for f in (args.before, args.after)]
    if any(tables) and not all(tables):
        raise LoadError(args.after, [Problem("compare two assessments or two tables (.csv), not one of each")])
    if all(tables):
        if args.framework is None:
            raise LoadError(args.before, [Problem("comparing tables needs --framework (and --framework-after)")])
        before = _scored_table(framework_named(args.framework), args.before, args)
        after = _scored_table(framework_named(args.framework_after or args.framework), args.after, args)
        cmp = compare_tables(before, after)
        if args.format == "json":
            print_json(table_comparison_data(cmp))
        else:
            sys.stdout.write(table_comparison_text(cmp))
        return 0
    first, second = load_assessment(args.before), load_assessment(args.after)
    fw_a = resolve_framework(args.framework, args.before, first.framework)
    fw_b = resolve_framework(args.framework_after or args.framework, args.after, second.framework)
    card = compare_cards(
        _card(fw_a, first, args.before, args.layer_before), _card(fw_b, second, args.after, args.layer_after)
    )
    if args.format == "json":
        print_json(comparison_data(card, fw_b.rounding, args.lang))
    else:
        sys.stdout.write(comparison_text(card, fw_b.rounding, args.lang))
    return 0


def _cmd_gains(args: argparse.Namespace) -> int:
    from parlib import examples
    from parlib.analysis.gains import gains, next_band
    from parlib.analysis.report import gains_data, gains_text
    from parlib.io.files import load_assessment

    file = args.assessment or str(examples.path())
    assessment = load_assessment(file)
    framework = resolve_framework(args.framework, file, assessment.framework)
    card = _card(framework, assessment, file, args.layer)
    ranked = gains(framework, card, assessment)
    plan = next_band(framework, card, ranked)
    if args.format == "json":
        print_json(gains_data(ranked, plan, framework.rounding, args.lang))
        return 0
    policy = framework.rounding
    band = f", band {card.band.label}" if card.band is not None else ""
    index = policy.format(card.final_index) if card.final_index is not None else "n/a"
    subject = f"{card.subject.name.get(args.lang)} [{card.subject.id}], period {card.period}"
    sys.stdout.write(f"{subject}: index {index}{band}\n\n")
    sys.stdout.write(gains_text(ranked, plan, policy, args.lang, top=args.top) + "\n")
    return 0


def _pairs(items: list[str] | None, what: str, number: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise LoadError("<command line>", [Problem(f"{what} is ID=VALUE, got {item!r}", f"$.{what}")])
        if number:
            try:
                out[key] = int(value)
            except ValueError:
                raise LoadError(
                    "<command line>", [Problem(f"{what} for {key!r} must be 1 or -1, got {value!r}", f"$.{what}")]
                ) from None
        else:
            out[key] = value
    return out


def _number(text: str, option: str) -> Any:
    """A number given on the command line, or an error naming the option."""
    from parlib.numbers import parse_number

    try:
        return parse_number(text)
    except ProblemsError as exc:
        raise LoadError("<command line>", [Problem(exc.problems[0].message, f"$.{option}")]) from None


class _Progress:
    """Progress on stderr, only once a run has taken more than a second."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.shown = 0.0

    def __call__(self, done: int, total: int) -> None:
        elapsed = time.perf_counter() - self.start
        if elapsed > 1 and (elapsed - self.shown >= 0.5 or done == total):
            self.shown = elapsed
            print(f"sensitivity: {done}/{total} draws, {elapsed:.1f} s", file=sys.stderr, flush=True)


def _cmd_sensitivity(args: argparse.Namespace) -> int:
    from fractions import Fraction

    from parlib.analysis.composite import indicator_weights
    from parlib.analysis.impute import impute
    from parlib.analysis.indicators import IndicatorMatrix
    from parlib.analysis.report import sensitivity_csv, sensitivity_data, sensitivity_text
    from parlib.analysis.sensitivity import sensitivity
    from parlib.analysis.table import cell_path, read_table

    table = read_table(args.table)
    weights: dict[str, Any] = {}
    if args.framework is not None:
        fw = framework_named(args.framework)
        unknown = [c for c in table.columns if c not in fw]
        if unknown:
            where = [cell_path(table.header_row, c) for c in unknown]
            message = "column {!r} names no criterion of framework {!r}"
            raise table.error([Problem(message.format(c, fw.id), w) for c, w in zip(unknown, where, strict=True)])
        for c in table.columns:
            crit = fw.criterion(c)
            weights[c] = crit.weight if crit.weight is not None else fw.maximum_of(crit)
    weights.update(_pairs(args.weight, "weight", number=False))
    bounds = args.scale.split(",")
    if len(bounds) != 2:
        raise LoadError("<command line>", [Problem(f"--scale is L,U (two numbers), got {args.scale!r}", "$.scale")])
    low, high = _number(bounds[0], "scale"), _number(bounds[1], "scale")
    noise = _number(args.noise, "noise")
    try:
        matrix = impute(IndicatorMatrix.from_table(table), args.impute)
        indicator_weights(matrix, weights)
        result = sensitivity(
            matrix, weights=weights, noise=Fraction(noise), draws=args.draws, seed=args.seed,
            normalise_method=args.normalise, normalisations=args.alt_normalise or (),
            aggregate_method=args.aggregate, aggregations=args.alt_aggregate or (),
            directions=_pairs(args.direction, "direction"), scale=(low, high), engine=args.engine,
            progress=_Progress(),
        )  # fmt: skip
    except ValueError as exc:
        if isinstance(exc, LoadError):
            raise
        problems = list(exc.problems) if isinstance(exc, ProblemsError) else [Problem(str(exc))]
        raise LoadError(args.table, problems) from None
    if args.format == "json":
        print_json(sensitivity_data(result))
    elif args.format == "csv":
        sys.stdout.write(sensitivity_csv(result))
    else:
        sys.stdout.write(sensitivity_text(result))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """
    Add ``compare``, ``gains`` and ``sensitivity`` to the ``parlib`` parser.

    >>> p = argparse.ArgumentParser(); register(p.add_subparsers())
    >>> p.parse_args(["sensitivity", "t.csv", "--draws", "10"]).draws
    10
    """
    from parlib.analysis.composite import AGGREGATE_METHODS
    from parlib.analysis.impute import IMPUTE_POLICIES
    from parlib.analysis.normalise import NORMALISE_METHODS
    from parlib.analysis.sensitivity import ENGINES

    cmp = sub.add_parser("compare", help="compare two assessments (years, layers) or two tables of units")
    cmp.add_argument("before", help="assessment file or units table (.csv)")
    cmp.add_argument("after", help="assessment file or units table (.csv)")
    cmp.add_argument("--framework", help="framework file or bundled id (needed for tables; default: each assessment's)")
    cmp.add_argument("--framework-after", help="another framework (version) for the second file")
    cmp.add_argument("--layer-before", metavar="LAYER", help="score the first assessment at this layer (e.g. self)")
    cmp.add_argument("--layer-after", metavar="LAYER", help="score the second assessment at this layer (e.g. final)")
    add_table_options(cmp)
    add_format_options(cmp)
    cmp.set_defaults(run=_cmd_compare)

    gn = sub.add_parser("gains", help="what raises the score most: lost points by index gain, and the next band")
    gn.add_argument("assessment", nargs="?", help="assessment file (default: the bundled 2018 example)")
    gn.add_argument("--framework", help="framework file or bundled id (default: the assessment's own)")
    gn.add_argument("--top", type=int, default=None, help="show only the first N criteria (text)")
    gn.add_argument("--layer", help="score at this layer of a layered assessment (default: the last)")
    add_format_options(gn)
    gn.set_defaults(run=_cmd_gains)

    se = sub.add_parser("sensitivity", help="rank uncertainty: Monte-Carlo over weights, aggregations, normalisations")
    se.add_argument("table", help="units table (.csv): first column 'unit', then one column per indicator")
    se.add_argument("--framework", help="take the columns' weights from this framework (weight, else max)")
    se.add_argument("--weight", action="append", metavar="ID=W", help="weight of an indicator (default 1)")
    se.add_argument("--direction", action="append", metavar="ID=-1", help="-1 where lower is better")
    se.add_argument("--normalise", choices=NORMALISE_METHODS, default="minmax", help="nominal normalisation")
    se.add_argument("--alt-normalise", action="append", choices=NORMALISE_METHODS, help="an alternative to sample")
    se.add_argument("--aggregate", choices=AGGREGATE_METHODS, default="arithmetic", help="nominal aggregation")
    se.add_argument("--alt-aggregate", action="append", choices=AGGREGATE_METHODS, help="an alternative to sample")
    se.add_argument("--scale", default="0,100", metavar="L,U", help="normalised scale (default 0,100)")
    se.add_argument("--impute", choices=IMPUTE_POLICIES, default="none", help="fill missing values first")
    se.add_argument("--noise", default="0.25", help="weight noise f in [0, 1]: w' = w + U(-1,1) f w (default 0.25)")
    se.add_argument("--draws", type=int, default=1000, help="Monte-Carlo replications (default 1000)")
    se.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    se.add_argument("--engine", choices=ENGINES, default="auto", help="numpy (extra), python, or auto")
    add_format_options(se, ("text", "csv", "json"))
    se.set_defaults(run=_cmd_sensitivity)
