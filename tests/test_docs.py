"""
The examples in README.md and docs/ are real: they run, and their output is what the page shows.

Conventions the pages follow (see docs/howto/score-your-own-assessment.md):

- a ```` ```{code-block} LANG ```` fence with ``:caption: NAME`` is a file: it is written to NAME
  in a fresh working directory before the page's examples run;
- ```` ```pycon ```` fences hold doctests; they share one namespace per page, in page order;
- ```` ```console ```` fences hold ``$ parlib ...`` sessions (``$ make demo`` runs
  ``parlib demo`` after make's echo line); the output shown must be the output produced
  (stdout then stderr), and ``$ echo $?`` shows the previous command's exit status;
- ```` ```sh ```` fences are illustrations and are not run.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
import io
import re
import shlex
import sys
from pathlib import Path

import pytest

from parlib.cli import main

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^(?P<ticks>`{3,})(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=ticks)[ \t]*$", re.MULTILINE | re.DOTALL)
OPTION = re.compile(r"^:(?P<name>[\w-]+):[ \t]*(?P<value>.*)$")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _pages() -> list[Path]:
    docs = [p for p in sorted((ROOT / "docs").rglob("*.md")) if "_build" not in p.parts]
    return [p for p in [ROOT / "README.md", *docs] if p.exists()]


def _blocks(text: str) -> list[tuple[str, dict[str, str], str, int]]:
    """(language, options, body, line) for every fence; directive options are split off."""
    out = []
    for match in FENCE.finditer(text):
        info = match["info"].strip()
        lines = match["body"].splitlines(keepends=True)
        options: dict[str, str] = {}
        if info.startswith("{"):
            while lines and (opt := OPTION.match(lines[0].rstrip("\n"))):
                options[opt["name"]] = opt["value"]
                lines.pop(0)
            if options and lines and not lines[0].strip():
                lines.pop(0)
        line = text.count("\n", 0, match.start()) + 1
        out.append((info, options, "".join(lines), line))
    return out


def _checked(page: Path) -> bool:
    return any(
        lang in ("pycon", "console") or "caption" in opts for lang, opts, _, _ in _blocks(page.read_text("utf-8"))
    )


def _run(argv: list[str]) -> tuple[str, int]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse usage errors
            status = exc.code if isinstance(exc.code, int) else 1
    return out.getvalue() + err.getvalue(), status


def _session(body: str) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:].strip(), []))
        elif steps:
            steps[-1][1].append(line.rstrip())
    return steps


def _check_console(body: str, where: str) -> None:
    status = 0
    for command, lines in _session(body):
        argv, shown = shlex.split(command), lines
        if argv == ["echo", "$?"]:
            assert shown == [str(status)], f"{where}: exit status {status}, page shows {shown}"
            continue
        if argv == ["make", "demo"]:
            assert shown[:1] == [".venv/bin/parlib demo"], f"{where}: make echoes the command first"
            shown, argv = shown[1:], ["parlib", "demo"]
        if argv[0] in ("parlib", ".venv/bin/parlib"):
            text, status = _run(argv[1:])
            produced = [line.rstrip() for line in text.splitlines()]
            while shown and not shown[-1]:
                shown.pop()
            assert produced == shown, f"{where}: `{command}` printed:\n" + "\n".join(produced)


def _check_pycon(body: str, globs: dict[str, object], where: str) -> None:
    test = doctest.DocTestParser().get_doctest(body, globs, where, where, 0)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test, out=report.write, clear_globs=False)
    globs.update(test.globs)  # DocTest works on a copy; later blocks of the page see these names
    assert runner.failures == 0, report.getvalue()


@pytest.mark.parametrize("page", [p for p in _pages() if _checked(p)], ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_are_real(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    blocks = _blocks(page.read_text("utf-8"))
    for _, options, body, _ in blocks:
        if "caption" in options:
            (tmp_path / options["caption"]).write_text(body, encoding="utf-8")
    monkeypatch.setattr(sys, "path_importer_cache", {})  # "." on sys.path means this page's folder
    importlib.invalidate_caches()
    globs: dict[str, object] = {}
    for lang, _, body, line in blocks:
        where = f"{page.relative_to(ROOT)}:{line}"
        if lang == "pycon":
            _check_pycon(body, globs, where)
        elif lang == "console":
            _check_console(body, where)


def test_the_conventions_catch_a_wrong_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AssertionError, match="printed"):
        _check_console("$ parlib frameworks --format json\n[]\n", "x")
    with pytest.raises(AssertionError, match="exit status 1"):
        _check_console(
            "$ parlib validate missing.toml\nmissing.toml: cannot read the file: No such file or directory @ $\n$ echo $?\n0\n",
            "x",
        )
    with pytest.raises(AssertionError):
        _check_pycon(">>> 1 + 1\n3\n", {}, "x")


def test_code_block_options_are_split_off() -> None:
    text = "```{code-block} toml\n:caption: a.toml\n\nx = 1\n```\n"
    assert _blocks(text) == [("{code-block} toml", {"caption": "a.toml"}, "x = 1\n", 1)]


def test_file_format_page_names_every_key() -> None:
    """Every key a framework or assessment file may hold appears in docs/concepts/file-format.md."""
    import attrs

    import parlib
    from parlib.assessment import Adjustment, Layer, Lock
    from parlib.numbers import RoundingPolicy

    page = (ROOT / "docs" / "concepts" / "file-format.md").read_text("utf-8")
    classes = [
        parlib.Framework,
        parlib.Criterion,
        parlib.Band,
        RoundingPolicy,
        parlib.Assessment,
        parlib.FrameworkRef,
        parlib.Subject,
        parlib.Response,
        parlib.Evidence,
        parlib.Finding,
        parlib.Recommendation,
        Layer,
        Adjustment,
        Lock,
    ]
    forms = ("{} =", "`{}`", "{}]]")  # key = value, `key` in a table, [[key]] / [[parent.key]]
    missing = [
        f"{cls.__name__}.{field.name}"
        for cls in classes
        for field in attrs.fields(cls)
        if field.init and not any(form.format(field.name) in page for form in forms)
    ]
    assert not missing, f"document these keys in docs/concepts/file-format.md: {', '.join(missing)}"


def test_every_rule_is_on_the_rules_pages() -> None:
    """Every registered rule type is described on the rules page and in the file-format table."""
    from parlib.rules import RULES

    rules_page = (ROOT / "docs" / "concepts" / "rules.md").read_text("utf-8")
    format_page = (ROOT / "docs" / "concepts" / "file-format.md").read_text("utf-8")
    missing = [
        name for name in RULES.names() if f"### `{name}`" not in rules_page or f"| `{name}` |" not in format_page
    ]
    assert not missing, f"describe these rules in docs/concepts/rules.md and file-format.md: {', '.join(missing)}"


def test_every_aggregation_is_on_the_scoring_page() -> None:
    """Every registered aggregation is in the table of docs/concepts/scoring-and-traces.md."""
    from parlib.aggregation import AGGREGATIONS

    page = (ROOT / "docs" / "concepts" / "scoring-and-traces.md").read_text("utf-8")
    missing = [name for name in AGGREGATIONS.names() if f"| `{name}`" not in page]
    assert not missing, f"describe these aggregations in docs/concepts/scoring-and-traces.md: {', '.join(missing)}"


def test_every_public_module_has_a_reference_page() -> None:
    """Each module and package directly under src/parlib is documented by a docs/reference page."""
    package = ROOT / "src" / "parlib"
    names = sorted(
        p.stem if p.is_file() else p.name
        for p in package.iterdir()
        if not p.name.startswith("_") and (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))
    )
    pages = "".join(p.read_text("utf-8") for p in (ROOT / "docs" / "reference").glob("*.md"))
    missing = [name for name in names if f".. automodule:: parlib.{name}\n" not in pages]
    assert not missing, (
        f"add docs/reference/<module>.md pages (see docs/reference/scoring.md) for: {', '.join(missing)}"
    )


def test_top_level_page_lists_every_public_name() -> None:
    """docs/reference/parlib.md names everything ``import parlib`` exports."""
    import parlib

    page = (ROOT / "docs" / "reference" / "parlib.md").read_text("utf-8")
    missing = [name for name in parlib.__all__ if f"`parlib.{name}" not in page]
    assert not missing, f"list these in docs/reference/parlib.md: {', '.join(missing)}"
