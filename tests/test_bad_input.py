"""
Bad input, one case each, through the library and through the command line.

Each malformed file is a copy of a valid fixture (tests/data/mini*) changed in
one place. The library must raise a ParlibError with the file and the key path;
``parlib validate`` and ``parlib score`` must exit 1 and print exactly one
``FILE: message @ $.path`` line per problem on stderr, and never a traceback.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from parlib import AssessmentError, LoadError, ParlibError, Problem, check_assessment, score
from parlib.io import load_assessment, load_framework

RunParlib = Callable[..., subprocess.CompletedProcess[str]]

FRAMEWORKS = ("mini.toml", "mini.json")


class Case(NamedTuple):
    """A malformed copy of *target*: *old* bytes replaced by *new* (or the file removed)."""

    target: str
    old: bytes
    new: bytes | None
    message: str
    path: str
    found_by_scoring: bool = False  # the file loads; scoring (or check_assessment) finds the problem


CASES = {
    "toml-syntax-error": Case(
        "mini.toml", b'version = "1"\n', b'version = "1\n', "TOML syntax error: Illegal character", "$"
    ),
    "wrong-type": Case(
        "mini.toml",
        'title = { vi = "Bộ chỉ số thử", en = "Mini index" }'.encode(),
        b'title = "Mini index"',
        "a label is a table of language = text, got 'Mini index'",
        "$.title",
    ),
    "unknown-key": Case(
        "mini.toml", b'id = "1.2"\n', b'id = "1.2"\nwieght = 2\n', "unknown key 'wieght'", "$.criteria[0].children[1]"
    ),
    "duplicate-id": Case(
        "mini.toml",
        b'id = "1.2"\n',
        b'id = "1.1"\n',
        "duplicate id '1.1' (first at $.criteria[0].children[0])",
        "$.criteria[0].children[1].id",
    ),
    "missing-criterion": Case(
        "mini-2018.toml",
        b'criterion = "2.7"\n',
        b'criterion = "2.8"\n',
        "criterion '2.8' is not in framework 'mini'",
        "$.responses[9].criterion",
        found_by_scoring=True,
    ),
    "negative-max": Case(
        "mini.toml",
        b'max = 2\nrule = { type = "linear"',
        b'max = -2\nrule = { type = "linear"',
        "max must be finite and non-negative, got -2",
        "$.criteria[0].children[3].max",
    ),
    "nan-max": Case(
        "mini.toml",
        b'max = 2\nrule = { type = "linear"',
        b'max = nan\nrule = { type = "linear"',
        "expected a finite number, got NaN",
        "$.criteria[0].children[3].max",
    ),
    "band-above-maximum": Case(
        "mini.toml",
        b"{ gte = 100, points = 2 }",
        b"{ gte = 100, points = 3 }",
        "points 3 exceed the criterion maximum 2",
        "$.criteria[0].children[2].rule.bands[0].points",
    ),
    "evidence-does-not-exist": Case(
        "mini-2018.toml",
        b'evidence = ["E7"]',
        b'evidence = ["E9"]',
        "evidence 'E9' is not in the assessment's evidence",
        "$.responses[2].evidence[0]",
    ),
    "json-syntax-error": Case(
        "mini-2018.json",
        b'"period": "2018",',
        b'"period": "2018"',
        "JSON syntax error: Expecting ',' delimiter: line 7 column 3",
        "$",
    ),
    "duplicate-json-key": Case(
        "mini.json",
        b'"id": "1.1",',
        b'"id": "1.1", "id": "1.9",',
        "JSON syntax error: duplicate key 'id'",
        "$.criteria[0].children[0]",
    ),
    "not-utf-8": Case(
        "mini-2018.toml",
        b'en = "Unit X"',
        b'en = "Unit \xe9"',
        "the file is not UTF-8 text: invalid continuation byte",
        "$",
    ),
    "missing-file": Case("mini.toml", b"", None, "cannot read the file: No such file or directory", "$"),
    "date-not-a-date": Case(
        "mini-2018.toml",
        b"date = 2018-08-14",
        b'date = "2018-02-30"',
        "expected a date (YYYY-MM-DD), got '2018-02-30'",
        "$.evidence[0].date",
    ),
}


@pytest.fixture
def files(tmp_path: Path, data_dir: Path) -> Path:
    """A directory with copies of the valid fixtures."""
    for name in ("mini.toml", "mini-2018.toml", "mini.json", "mini-2018.json"):
        shutil.copy(data_dir / name, tmp_path / name)
    return tmp_path


def break_file(files: Path, case: Case) -> Path:
    bad = files / case.target
    if case.new is None:
        bad.unlink()
        return bad
    content = bad.read_bytes()
    assert content.count(case.old) == 1, f"{case.old!r} must occur once in {case.target}"
    bad.write_bytes(content.replace(case.old, case.new))
    return bad


def library_problems(files: Path, bad: Path, case: Case) -> list[Problem]:
    """Load (and check) the broken file with the library; return its problems after checking the error."""
    is_framework = case.target in FRAMEWORKS
    if case.found_by_scoring:
        framework, assessment = load_framework(files / "mini.toml"), load_assessment(bad)
        with pytest.raises(AssessmentError) as scored:
            score(framework, assessment)
        assert isinstance(scored.value, ParlibError)
        assert check_assessment(framework, assessment) == list(scored.value.problems)
        return list(scored.value.problems)
    with pytest.raises(LoadError) as loaded:
        (load_framework if is_framework else load_assessment)(bad)
    assert isinstance(loaded.value, ParlibError)
    assert loaded.value.file == str(bad)
    return list(loaded.value.problems)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_library_raises_a_parlib_error_with_file_and_key_path(files: Path, name: str) -> None:
    case = CASES[name]
    bad = break_file(files, case)
    found = library_problems(files, bad, case)
    assert any(case.message in p.message and p.path == case.path for p in found), found


def check_cli_output(done: subprocess.CompletedProcess[str], file: Path, expected: list[Problem]) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [f"{file}: {p}" for p in expected]
    line = re.compile(rf"^{re.escape(str(file))}: .+ @ \$(\.[^.\[\]\s]+|\[\d+\])*$")
    assert all(line.match(text) for text in done.stderr.splitlines())


@pytest.mark.parametrize("name", sorted(CASES))
def test_parlib_validate_prints_one_line_per_problem_and_exits_1(files: Path, run_parlib: RunParlib, name: str) -> None:
    case = CASES[name]
    bad = break_file(files, case)
    expected = library_problems(files, bad, case)
    check_cli_output(run_parlib("validate", bad), bad, expected)


@pytest.mark.parametrize("name", sorted(CASES))
def test_parlib_score_prints_one_line_per_problem_and_exits_1(files: Path, run_parlib: RunParlib, name: str) -> None:
    case = CASES[name]
    bad = break_file(files, case)
    expected = library_problems(files, bad, case)
    if case.target in FRAMEWORKS:
        done = run_parlib("score", files / "mini-2018.toml", "--framework", bad)
    else:
        done = run_parlib("score", bad, "--framework", files / "mini.toml")
    check_cli_output(done, bad, expected)


def test_every_case_of_the_issue_is_covered() -> None:
    assert set(CASES) == {
        "toml-syntax-error",
        "wrong-type",
        "unknown-key",
        "duplicate-id",
        "missing-criterion",
        "negative-max",
        "nan-max",
        "band-above-maximum",
        "evidence-does-not-exist",
        "json-syntax-error",
        "duplicate-json-key",
        "not-utf-8",
        "missing-file",
        "date-not-a-date",
    }


def test_validate_reports_every_bad_file_and_still_passes_the_good_ones(
    files: Path, run_parlib: RunParlib, data_dir: Path
) -> None:
    bad = break_file(files, CASES["band-above-maximum"])
    done = run_parlib("validate", data_dir / "mini.toml", bad, data_dir / "mini-2018.json")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [f"{data_dir / 'mini.toml'}: ok", f"{data_dir / 'mini-2018.json'}: ok"]
    assert [line.split(": ", 1)[0] for line in done.stderr.splitlines()] == [str(bad)]
