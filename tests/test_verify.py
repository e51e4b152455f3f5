"""
Evidence integrity (``parlib verify``): files hashed again in chunks and compared with the
sha256 recorded when they were cited; a missing or changed file is a finding of the check
(exit status 1), never an exception. Also the evidence rules it reports.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import examples
from parlib.assessment import Assessment, FrameworkRef, Subject
from parlib.cli import main
from parlib.evidence import Evidence
from parlib.workflow import evidence_flags, file_sha256, local_file, verify_evidence

DATA = Path(__file__).parent / "data"


def assessment(*evidence: Evidence) -> Assessment:
    return Assessment(
        framework=FrameworkRef("mini-inspection", "2018"),
        subject=Subject("u", {"en": "U"}),
        period="2018",
        evidence=evidence,
    )


@given(st.binary(max_size=5000), st.integers(1, 4096))
def test_the_chunked_digest_equals_hashing_the_whole_file(
    tmp_path_factory: pytest.TempPathFactory, content: bytes, chunk: int
) -> None:
    file = tmp_path_factory.mktemp("d") / "f.bin"
    file.write_bytes(content)
    assert file_sha256(file, chunk_size=chunk) == hashlib.sha256(content).hexdigest()


def test_every_status_is_reported_with_its_path(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "plan.txt").write_bytes(b"Ke hoach 2018")
    (tmp_path / "minutes.txt").write_bytes(b"Bien ban, changed after it was cited")
    good = hashlib.sha256(b"Ke hoach 2018").hexdigest()
    a = assessment(
        Evidence(id="E1", uri="docs/plan.txt", sha256=good),
        Evidence(id="E2", uri="minutes.txt", sha256=hashlib.sha256(b"Bien ban").hexdigest()),
        Evidence(id="E3", uri="missing.pdf", sha256=good),
        Evidence(id="E4", uri="docs/plan.txt"),
        Evidence(id="E5", uri="https://example.org/plan.pdf", sha256=good),
        Evidence(id="E6", sha256=good),
        Evidence(id="E7", title="no file at all"),
        Evidence(id="E8", uri=(tmp_path / "docs" / "plan.txt").as_uri(), sha256=good),
    )
    checks = verify_evidence(a, tmp_path)
    assert [(c.evidence, c.status, c.path, c.failed) for c in checks] == [
        ("E1", "ok", "$.evidence[0].uri", False),
        ("E2", "changed", "$.evidence[1].sha256", True),
        ("E3", "missing", "$.evidence[2].uri", True),
        ("E4", "no-digest", "$.evidence[3].sha256", False),
        ("E5", "not-local", "$.evidence[4].uri", False),
        ("E6", "no-file", "$.evidence[5].sha256", False),
        ("E8", "ok", "$.evidence[7].uri", False),
    ]
    assert checks[1].actual == hashlib.sha256(b"Bien ban, changed after it was cited").hexdigest()
    assert checks[1].detail.startswith("changed since it was cited: its sha256 is now ")


def test_relative_paths_resolve_against_the_assessment_folder_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "inspection"
    (folder / "evidence").mkdir(parents=True)
    (folder / "evidence" / "report.txt").write_bytes(b"report")
    digest = hashlib.sha256(b"report").hexdigest()
    (folder / "mini-inspection.toml").write_bytes((DATA / "mini-inspection.toml").read_bytes())
    text = (DATA / "mini-inspection-2018.toml").read_text(encoding="utf-8")
    text = text.replace('section = "II"\n', f'section = "II"\nuri = "evidence/report.txt"\nsha256 = "{digest}"\n')
    (folder / "a.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["verify", "inspection/a.toml"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines()[:2] == [
        "Evidence files: 1 checked, 0 missing, 0 changed, 0 unreadable",
        "  E1 evidence/report.txt: ok: sha256 matches",
    ]
    (folder / "evidence" / "report.txt").write_bytes(b"report, edited")
    assert main(["verify", "inspection/a.toml"]) == 1
    out, err = capsys.readouterr()
    assert "E1 evidence/report.txt: changed: changed since it was cited" in out
    assert err.startswith("inspection/a.toml: evidence E1: changed: changed since it was cited")
    assert err.rstrip().endswith("@ $.evidence[0].sha256")
    (folder / "evidence" / "report.txt").unlink()
    assert main(["verify", "inspection/a.toml", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert '"status": "missing"' in out
    assert err == "inspection/a.toml: evidence E1: missing: no such file @ $.evidence[0].uri\n"


def test_the_bundled_example_verifies_and_flags_one_unexplained_response(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(examples.path())]) == 0
    out, _ = capsys.readouterr()
    assert "E10 evidence/bao-cao-tu-danh-gia-2018.txt: ok: sha256 matches" in out
    assert "criterion '7.4.3' requires evidence: the response cites none and gives no explanation" in out


def test_evidence_rules_flag_unexplained_responses_and_documents_that_do_not_say_where() -> None:
    from parlib.io import load_assessment, load_framework

    fw = load_framework(DATA / "mini-inspection.toml")
    a = load_assessment(DATA / "mini-inspection-2018.toml")
    assert [(f.kind, f.criterion, f.layer, f.path) for f in evidence_flags(fw, a)] == [
        ("no-evidence", "2.1", "self", "$.layers[0].responses[3]"),
        ("no-place", "", None, "$.evidence[2]"),
    ]


def test_local_files_and_remote_uris() -> None:
    assert local_file("C:/evidence/a.pdf", Path("/base")) is not None  # a drive letter is not a scheme
    assert local_file("http://x.vn/a.pdf", Path("/base")) is None
    assert local_file("/abs/a.pdf", Path("/base")) == Path("/abs/a.pdf")
