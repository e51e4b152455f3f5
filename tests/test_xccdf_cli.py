"""
``parlib xccdf FILE.xml``: the four scores as text or JSON, and clean errors (never a traceback).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import RunParlib
from parlib.cli import main

DATA = Path(__file__).parent / "data" / "xccdf"
RESULTS = DATA / "example-results.xml"
SYSTEMS = [f"urn:xccdf:scoring:{m}" for m in ("default", "flat", "flat-unweighted", "absolute")]


def test_text_output_in_both_modes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["xccdf", str(RESULTS), "--compat", "openscap"]) == 0
    out = capsys.readouterr().out
    assert "compat       openscap" in out
    assert "urn:xccdf:scoring:default          17.777778  100" in out
    assert "urn:xccdf:scoring:absolute         0          3.75" in out
    assert main(["xccdf", str(RESULTS)]) == 0
    out = capsys.readouterr().out
    assert "urn:xccdf:scoring:default          undefined  100" in out
    assert "urn:xccdf:scoring:flat             4.625      5.75" in out
    assert "note: urn:xccdf:scoring:default: undefined: the counted children of xccdf_org.example_group_accounts" in out


def test_json_has_decimal_literals_and_null_with_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["xccdf", str(RESULTS), "--format", "json"]) == 0
    text = capsys.readouterr().out
    data = json.loads(text, parse_float=Decimal)
    assert list(data["scores"]) == sorted(SYSTEMS)
    assert data["scores"]["urn:xccdf:scoring:default"]["score"] is None
    assert "weigh 0" in data["scores"]["urn:xccdf:scoring:default"]["note"]
    assert data["scores"]["urn:xccdf:scoring:flat"] == {"score": Decimal("4.625"), "maximum": Decimal("5.75")}
    assert '"score": 4.625' in text
    assert data["profile"] == "xccdf_org.example_profile_audit"
    assert main(["xccdf", str(RESULTS), "--format", "json", "--compat", "openscap"]) == 0
    data = json.loads(capsys.readouterr().out, parse_float=Decimal)
    assert data["scores"]["urn:xccdf:scoring:default"] == {"score": Decimal("17.777777777778"), "maximum": 100}


def test_another_profile_can_be_chosen(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["xccdf", str(DATA / "example-benchmark.xml"), "--profile", "audit"]) == 0
    out = capsys.readouterr().out
    assert "profile      xccdf_org.example_profile_audit" in out
    assert "note: the file has no TestResult: no rule has a result" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["billion-laughs.xml"], "billion-laughs.xml: refused a document type declaration (<!DOCTYPE Benchmark>)"),
        (["external-entity.xml"], "external-entity.xml: refused a document type declaration"),
        (["README.md"], "README.md: malformed XML: not well-formed (invalid token) at line 1, column 2 @ /"),
        (["example-results.xml", "--profile", "nope"], "example-results.xml: unknown XCCDF profile 'nope'"),
        (["example-results.xml", "--test-result", "nope"], "example-results.xml: unknown XCCDF TestResult 'nope'"),
        (["multi.oval.xml"], "multi.oval.xml: not an XCCDF 1.2 document: the root element is"),
    ],
)
def test_errors_print_file_message_and_path(run_parlib: RunParlib, args: list[str], expected: str) -> None:
    done = run_parlib("xccdf", DATA / args[0], *args[1:])
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(str(DATA / expected.split(":", maxsplit=1)[0]) + ":" + expected.split(":", 1)[1])
    assert " @ " in done.stderr


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["xccdf", str(RESULTS), "--compat", "oscap"])
    assert info.value.code == 2
    assert "invalid choice: 'oscap'" in capsys.readouterr().err
