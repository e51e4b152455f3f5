"""
The ``parlib`` command: demo, score, validate, frameworks, and ``python -m parlib``.

Most runs are real subprocesses, so what is checked is what a user sees.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from parlib import ScoreCard, examples, frameworks, score
from parlib.cli import main
from parlib.io import load_assessment

RunParlib = Callable[..., subprocess.CompletedProcess[str]]
NUMBER_KEYS = ("points", "maximum", "applicable_maximum", "index")
ARTEFACTS = re.compile(r"9999999|0000001|[0-9][eE][+-]?[0-9]")
"""What binary floats or exponent notation would leave in printed numbers."""


class Literal(str):
    """A JSON number kept as the exact text of its literal."""

    __slots__ = ()


def parse_literals(text: str) -> Any:
    return json.loads(text, parse_float=Literal, parse_int=Literal)


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


@pytest.fixture(scope="module")
def demo_card() -> ScoreCard:
    return score(examples.framework(), examples.assessment())


# -- demo ---------------------------------------------------------------------


def test_demo_text_shows_domains_total_band_and_lost_points(run_parlib: RunParlib, demo_card: ScoreCard) -> None:
    text = ok(run_parlib("demo"))
    fmt = demo_card.rounding.format
    assert "example" in text
    assert "NOT an official decision" in text
    for domain in demo_card.total.children:
        assert domain.index is not None
        row = next(line for line in text.splitlines() if line.startswith(f"{domain.id}  "))
        assert domain.label.get("en")[:30] in row
        assert row.split()[-4:] == [
            fmt(domain.points),
            fmt(domain.maximum),
            fmt(domain.applicable_maximum),
            fmt(domain.index),
        ]
    total = next(line for line in text.splitlines() if line.startswith("Total"))
    assert total.split()[1:] == [fmt(demo_card.total.points), fmt(demo_card.total.maximum),
                                 fmt(demo_card.total.applicable_maximum), fmt(demo_card.total.index or 0)]  # fmt: skip
    assert demo_card.band is not None
    assert f"Band: {demo_card.band.label}" in text
    lost = text.split("Where points were lost", 1)[1]
    assert "  4.2.2 Job-position scheme" in lost
    assert "no -> 0 of 2 [E4]" in lost
    assert not ARTEFACTS.search(text)


def test_demo_speaks_vietnamese_when_asked(run_parlib: RunParlib, demo_card: ScoreCard) -> None:
    text = ok(run_parlib("demo", "--lang", "vi"))
    for domain in demo_card.total.children:
        assert domain.label.get("vi")[:25] in text


def test_demo_json_carries_the_score_card_with_rounded_decimal_literals(
    run_parlib: RunParlib, demo_card: ScoreCard
) -> None:
    raw = ok(run_parlib("demo", "--format", "json"))
    data = parse_literals(raw)
    policy = demo_card.rounding
    decimals = rf"-?\d+\.\d{{{policy.places}}}"
    total = data["total"]
    for key in NUMBER_KEYS:
        assert re.fullmatch(decimals, total[key]), (key, total[key])
        assert Decimal(total[key]) == policy.round(getattr(demo_card.total, key))
    assert [n["id"] for n in data["nodes"]] == [n.id for n in demo_card.nodes()]
    for item, scored in zip(data["nodes"], demo_card.nodes(), strict=True):
        assert set(item) >= {"id", *NUMBER_KEYS, "trace"}
        for key in NUMBER_KEYS:
            value = getattr(scored, key)
            if value is None:
                assert item[key] is None
            else:
                assert re.fullmatch(decimals, item[key]), (item["id"], key, item[key])
                assert Decimal(item[key]) == policy.round(value)
        assert (item["trace"] is None) == (scored.trace is None)
        if scored.trace is not None:
            assert item["trace"]["text"] == scored.trace.text("en", policy)
    assert not ARTEFACTS.search(raw)


def test_the_cli_in_process_prints_what_the_command_prints(
    run_parlib: RunParlib, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--format", "json"]) == 0
    assert capsys.readouterr().out == ok(run_parlib("demo", "--format", "json"))


# -- score --------------------------------------------------------------------


@pytest.mark.parametrize(
    "framework",
    [None, "vn-par-department-example", str(frameworks.path("vn-par-department-example"))],
    ids=["own-reference", "bundled-id", "path"],
)
def test_score_finds_the_framework_by_reference_id_or_path(run_parlib: RunParlib, framework: str | None) -> None:
    extra = [] if framework is None else ["--framework", framework]
    scored = ok(run_parlib("score", examples.path(), *extra, "--format", "json"))
    assert scored == ok(run_parlib("demo", "--format", "json"))


def test_score_a_file_against_a_framework_file(run_parlib: RunParlib, data_dir: Path) -> None:
    text = ok(run_parlib("score", data_dir / "mini-2018.toml", "--framework", data_dir / "mini.toml"))
    assert re.search(r"^1  Domain one\s+3\.20\s+6\.00\s+5\.00\s+64\.00$", text, re.MULTILINE), text
    assert re.search(r"^Total\s+10\.15\s+15\.00\s+14\.00\s+72\.50$", text, re.MULTILINE), text
    assert "Band: B (index > 50)" in text
    assert "No response (scored 0): 2.5" in text


def test_score_json_marks_missing_and_not_applicable_leaves(run_parlib: RunParlib, data_dir: Path) -> None:
    data = json.loads(ok(run_parlib("score", data_dir / "mini-2018.json", "--format", "json")))
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["2.5"]["trace"]["status"] == "missing"
    assert by_id["1.2"]["trace"]["status"] == "not-applicable"
    assert by_id["1.2"]["index"] is None
    assert data["total"]["band"] == "B"


def test_score_without_a_findable_framework_says_how_to_fix_it(
    run_parlib: RunParlib, data_dir: Path, tmp_path: Path
) -> None:
    lonely = tmp_path / "mini-2018.toml"
    shutil.copy(data_dir / "mini-2018.toml", lonely)
    done = run_parlib("score", lonely)
    assert (done.returncode, done.stdout) == (1, "")
    [line] = done.stderr.splitlines()
    looked = f"looked for {tmp_path / 'mini.toml'} and {tmp_path / 'mini.json'} beside the assessment"
    assert line.startswith(f"{lonely}: framework 'mini' version '1' not found: {looked}, then the bundled frameworks (")
    assert line.endswith("); pass --framework FILE_OR_ID @ $.framework.id")
    assert all(fid in line for fid in frameworks.ids())
    done = run_parlib("score", lonely, "--framework", "no-such-framework")
    assert (done.returncode, done.stdout) == (1, "")
    [line] = done.stderr.splitlines()
    assert line.startswith(f"{lonely}: framework 'no-such-framework' (--framework) is neither a file nor a bundled")
    assert line.endswith("pass a framework file (.toml or .json) or a bundled id @ $.framework.id")
    assert all(fid in line for fid in frameworks.ids())


# -- which framework: one resolver for every command --------------------------

BUNDLED = "vn-par-department-example"
BUNDLED_TITLE = "Department PAR Index (example)"


def run_main(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def local_copy(folder: Path, *, title: str = "Department PAR Index (local copy)", version: str = "2018.1") -> Path:
    """The bundled example framework saved beside an assessment, with another title (and version)."""
    text = frameworks.path(BUNDLED).read_text("utf-8")
    text = text.replace(BUNDLED_TITLE, title, 1).replace('version = "2018.1"', f'version = "{version}"', 1)
    (folder / f"{BUNDLED}.toml").write_text(text, "utf-8")
    return folder / f"{BUNDLED}.toml"


@pytest.fixture
def inspection(tmp_path: Path) -> Path:
    """A copy of the bundled inspection (framework vn-par-department-example 2018.1) in its own folder."""
    return Path(shutil.copy(examples.path(), tmp_path / "so-ldtbxh-2018.toml"))


def test_a_framework_file_beside_the_assessment_beats_the_bundled_one(
    inspection: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run_main(capsys, "score", inspection)
    assert (status, out.splitlines()[0]) == (0, f"{BUNDLED_TITLE} ({BUNDLED} 2018.1)")
    local_copy(inspection.parent)
    status, out, err = run_main(capsys, "score", inspection)
    assert (status, err, out.splitlines()[0]) == (0, "", f"Department PAR Index (local copy) ({BUNDLED} 2018.1)")
    (inspection.parent / f"{BUNDLED}.toml").rename(inspection.parent / f"{BUNDLED}.json.toml")
    status, out, _ = run_main(capsys, "score", inspection)  # only <id>.toml or <id>.json counts
    assert (status, out.splitlines()[0]) == (0, f"{BUNDLED_TITLE} ({BUNDLED} 2018.1)")


def test_the_resolver_prefers_the_file_beside_the_assessment(inspection: Path) -> None:
    from parlib.cli.common import find_framework, resolve_framework

    wanted = load_assessment(inspection).framework
    assert resolve_framework(None, str(inspection), wanted) is frameworks.get(BUNDLED)
    local_copy(inspection.parent)
    found = resolve_framework(None, str(inspection), wanted)
    assert (found.id, found.title.get("en")) == (BUNDLED, "Department PAR Index (local copy)")
    assert find_framework(None, str(inspection), wanted) == found
    assert resolve_framework(BUNDLED, str(inspection), wanted) is frameworks.get(BUNDLED)


def test_an_explicit_framework_wins_over_the_file_beside_the_assessment(
    inspection: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local_copy(inspection.parent)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = local_copy(elsewhere, title="Department PAR Index (named on the command line)")
    status, out, _ = run_main(capsys, "score", inspection, "--framework", BUNDLED)
    assert (status, out.splitlines()[0]) == (0, f"{BUNDLED_TITLE} ({BUNDLED} 2018.1)")
    status, out, _ = run_main(capsys, "score", inspection, "--framework", other)
    assert (status, out.splitlines()[0]) == (0, f"Department PAR Index (named on the command line) ({BUNDLED} 2018.1)")


VERSION_COMMANDS = [
    ["score"],
    ["gains"],
    ["layers"],
    ["diff"],
    ["verify"],
    ["findings"],
    ["validate"],
]


@pytest.mark.parametrize("command", VERSION_COMMANDS, ids=[c[0] for c in VERSION_COMMANDS])
def test_every_command_refuses_a_framework_of_another_version(
    inspection: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    beside = local_copy(inspection.parent, version="2019.1")
    status, out, err = run_main(capsys, *command, inspection)
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        f"{inspection}: the assessment asks for framework {BUNDLED!r} version '2018.1', but {beside} (beside the"
        " assessment) is version '2019.1'; pass --framework with version '2018.1' @ $.framework.version"
    ]


def test_compare_resolves_each_file_on_its_own(inspection: Path, capsys: pytest.CaptureFixture[str]) -> None:
    beside = local_copy(inspection.parent, version="2019.1")
    status, _, err = run_main(capsys, "compare", examples.path(), inspection)
    assert status == 1
    assert err.startswith(f"{inspection}: the assessment asks for framework {BUNDLED!r} version '2018.1', but {beside}")
    status, _, err = run_main(capsys, "compare", examples.path(), inspection, "--framework", BUNDLED)
    assert (status, err) == (0, "")


def test_an_explicit_or_bundled_framework_of_another_version_is_refused(
    inspection: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = local_copy(elsewhere, version="2019.1")
    status, _, err = run_main(capsys, "score", inspection, "--framework", other)
    assert status == 1
    assert f"but --framework {other} is version '2019.1'" in err
    older = inspection.with_name("so-ldtbxh-2017.toml")
    older.write_text(inspection.read_text("utf-8").replace('version = "2018.1"', 'version = "2017.1"', 1), "utf-8")
    status, _, err = run_main(capsys, "layers", older)
    assert status == 1
    assert err.splitlines() == [
        f"{older}: the assessment asks for framework {BUNDLED!r} version '2017.1', but the bundled framework"
        f" {BUNDLED!r} is version '2018.1'; pass --framework with version '2017.1' @ $.framework.version"
    ]


def test_an_assessment_that_names_no_version_takes_any(inspection: Path, capsys: pytest.CaptureFixture[str]) -> None:
    local_copy(inspection.parent, version="2019.1")
    text = inspection.read_text("utf-8").replace(', version = "2018.1"', "", 1)
    inspection.write_text(text, "utf-8")
    status, out, err = run_main(capsys, "score", inspection)
    assert (status, err, out.splitlines()[0]) == (0, "", f"Department PAR Index (local copy) ({BUNDLED})")


# -- validate -----------------------------------------------------------------


def test_validate_exits_0_when_every_file_is_valid(run_parlib: RunParlib, data_dir: Path) -> None:
    files = [
        data_dir / "mini.toml",
        data_dir / "mini.json",
        data_dir / "mini-2018.toml",
        data_dir / "mini-2018.json",
        frameworks.path("vn-par-department-example"),
        examples.path(),
    ]
    assert ok(run_parlib("validate", *files)).splitlines() == [f"{f}: ok" for f in files]
    assert ok(run_parlib("validate", "--quiet", *files)) == ""


# -- frameworks ---------------------------------------------------------------


def test_frameworks_lists_id_version_status_and_title(run_parlib: RunParlib) -> None:
    header, *rows = ok(run_parlib("frameworks")).splitlines()
    assert header.split() == ["id", "version", "status", "title"]
    row = next(r for r in rows if r.startswith("vn-par-department-example "))
    assert row.split(maxsplit=3) == ["vn-par-department-example", "2018.1", "example", "Department PAR Index (example)"]
    assert len(rows) == len(frameworks.ids())


def test_frameworks_as_json(run_parlib: RunParlib) -> None:
    entries = json.loads(ok(run_parlib("frameworks", "--format", "json")))
    assert {"id": "vn-par-department-example", "version": "2018.1", "status": "example",
            "title": "Department PAR Index (example)"} in entries  # fmt: skip
    assert all(set(e) == {"id", "version", "status", "title"} for e in entries)


# -- entry points -------------------------------------------------------------


def test_python_dash_m_parlib_shows_the_commands(run_parlib: RunParlib) -> None:
    text = ok(run_parlib("--help"))
    for command in ("demo", "score", "validate", "frameworks"):
        assert command in text


@pytest.mark.parametrize("args", [[], ["scour"], ["score"], ["demo", "--format", "yaml"]])
def test_usage_errors_exit_2_without_a_traceback(run_parlib: RunParlib, args: list[str]) -> None:
    done = run_parlib(*args)
    assert done.returncode == 2
    assert "usage: parlib" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_installed_console_script_runs(run_parlib: RunParlib) -> None:
    script = Path(sys.executable).with_name("parlib")
    assert script.exists()
    done = subprocess.run([script, "frameworks"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert done.stdout == ok(run_parlib("frameworks"))
