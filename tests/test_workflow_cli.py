"""
The inspection commands end to end: ``score --layer``, ``layers``, ``diff``, ``findings``,
``lock`` and the demo's story, in text and JSON; draft findings and their laws.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from parlib import examples, score
from parlib.assessment import Assessment
from parlib.cli import main
from parlib.io import load_assessment, load_framework
from parlib.workflow import covered_criteria, draft_findings

DATA = Path(__file__).parent / "data"
FILE = DATA / "mini-inspection-2018.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_score_a_layer_in_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "score", FILE, "--layer", "appraisal-1")
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == "Mini PAR index (test), layer appraisal-1 (mini-inspection 2018)"
    assert next(line for line in out.splitlines() if line.startswith("Total")).split()[1] == "1.85"
    status, out, _ = run(capsys, "score", FILE, "--layer", "self", "--format", "json")
    data = json.loads(out)
    assert (status, data["layer"], data["total"]["points"]) == (0, "self", 6.4)
    status, out, _ = run(capsys, "score", FILE)
    assert next(line for line in out.splitlines() if line.startswith("Total")).split()[1] == "3.49"


def test_layers_lists_each_layer_and_scores_them_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "layers", FILE)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Layers: Department X [so-x], period 2018"
    assert lines[5].split() == [
        "appraisal-1",
        "Đoàn",
        "kiểm",
        "tra",
        "5",
        "5",
        "2018-09-12",
        "17:00",
        "by",
        "Đoàn",
        "kiểm",
        "tra",
    ]
    assert lines[9].split() == ["final", "Sở", "Nội", "vụ", "0", "0", "open"]
    assert next(line for line in lines if line.startswith("Total")).split() == [
        "Total", "6.40", "1.85", "2.10", "1.10", "3.49", "3.49", "-2.91",
    ]  # fmt: skip
    status, out, _ = run(capsys, "layers", FILE, "--format", "json")
    data = json.loads(out)
    assert [layer["name"] for layer in data["layers"]] == [
        "self",
        "appraisal-1",
        "explanation",
        "appraisal-2",
        "survey",
        "final",
    ]
    assert data["layers"][-1]["locked"] is None
    assert data["scores"]["totals"]["bonus"] == [1.0, 0.5, 0.5, 0.5, 0.5, 0.5]


def test_diff_in_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "diff", FILE, "--from", "self", "--to", "appraisal-1")
    assert status == 0
    assert out.splitlines()[0] == "Layer self -> appraisal-1: Department X [so-x], period 2018"
    assert (
        "      appraisal-1, Hội đồng sáng kiến, 2018-09-12 10:30: 2 -> 1: One of the two initiatives was recognised."
        in out.splitlines()
    )
    status, out, _ = run(capsys, "diff", FILE, "--format", "json")
    data = json.loads(out)
    node = next(n for n in data["nodes"] if n["id"] == "1.3")
    assert [(r["layer"], r["old"], r["new"]) for r in node["reasons"]] == [
        ("appraisal-1", "0", "3"),
        ("explanation", "3", "2"),
    ]
    assert node["reasons"][0]["at"] == "2018-09-12T10:30:00+07:00"


def test_an_unknown_layer_on_the_command_line_names_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "diff", FILE, "--to", "published")
    assert (status, out) == (1, "")
    assert err.startswith(f"{FILE}: layer 'published' is not a layer of framework 'mini-inspection'")


def test_findings_lists_recorded_ones_and_drafts_for_uncovered_lost_points(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "findings", FILE)
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "Findings: 3 recorded, 4 drafts"
    assert "    -> Draw up the job-position scheme. (Phòng Tổ chức cán bộ, due 2018-12-31, open)" in lines
    drafts = [line.split()[0] for line in lines if line.startswith("draft-")]
    assert drafts == ["draft-1.2", "draft-2.2", "draft-3.1", "draft-1.3"]  # most points lost first; no bonus
    status, out, _ = run(capsys, "findings", FILE, "--layer", "self", "--format", "json")
    data = json.loads(out)
    assert [d["id"] for d in data["drafts"]] == ["draft-3.1", "draft-2.2"]
    assert data["drafts"][0]["statement"]["vi"].startswith("Dự thảo: Hài lòng về thủ tục hành chính đạt 0/3 điểm")


def test_every_lost_point_is_covered_or_drafted_exactly_once() -> None:
    for fw, a in (
        (load_framework(DATA / "mini-inspection.toml"), load_assessment(FILE)),
        (examples.framework(), examples.inspection()),
    ):
        roles = {leaf.id: top.role for top in fw.criteria for leaf in top.walk()}
        for layer in a.layer_names:
            card = score(fw, a, layer=layer)
            lost = {t.criterion for t in card.lost_points() if roles[t.criterion] == "normal"}
            lost |= {t.criterion for t in card.traces() if roles[t.criterion] == "penalty" and t.points}
            drafted = [d.criteria[0] for d in draft_findings(fw, a, layer)]
            covered = covered_criteria(fw, a)
            assert len(drafted) == len(set(drafted))
            assert set(drafted) == lost - covered


def test_lock_prints_a_seal_that_locks_the_layer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(DATA / "mini-inspection.toml", tmp_path)
    target = tmp_path / "a.toml"
    shutil.copy(FILE, target)
    status, out, err = run(
        capsys, "lock", target, "--layer", "final", "--by", "UBND tỉnh", "--at", "2019-01-15T09:00:00+07:00"
    )
    assert (status, err) == (0, "")
    assert out.startswith('lock = { at = 2019-01-15T09:00:00+07:00, by = "UBND tỉnh", seal = "')
    text = target.read_text(encoding="utf-8").replace(
        'name = "final"\nauthor = "Sở Nội vụ"\n', f'name = "final"\nauthor = "Sở Nội vụ"\n{out}'
    )
    target.write_text(text, encoding="utf-8")
    locked: Assessment = load_assessment(target)
    assert all(layer.is_locked for layer in locked.layers)
    status, _, err = run(capsys, "lock", target, "--layer", "final", "--by", "x")
    assert status == 1
    assert err == f"{target}: layer 'final' is already locked @ $.layers[5].lock\n"
    status, _, err = run(capsys, "lock", target, "--layer", "publication", "--by", "x")
    assert (status, err.split(" @ ")[1]) == (1, "$.layers\n")


def test_the_demo_tells_the_story_from_self_assessment_to_plan(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "demo")
    assert (status, err) == (0, "")
    story = out.split("The inspection behind this result, layer by layer (self-assessment to final):", 1)[1]
    for part in (
        "Self, appraised (appraisal-2) and final, side by side (points):",
        "Self versus final: changed criteria (13):",
        "true -> false: No job-position scheme has been drawn up for the public service units",
        "Explanation not accepted",
        "answered in layer survey",
        "Evidence rules: 1 flag (reported, not refused):",
        "Remediation plan as of 2019-01-15: 4 items, 3 overdue",
    ):
        assert part in story, part
    total = next(line for line in story.splitlines() if line.startswith("Total")).split()
    assert total == ["Total", "83.78", "75.33", "82.59", "-1.18"]


def test_a_penalty_incurred_is_drafted_and_a_bonus_not_earned_is_not() -> None:
    from parlib import Criterion, Framework, FrameworkRef, Response, Subject

    def leaf(cid: str, rule: dict[str, object]) -> Criterion:
        return Criterion(id=cid, label={"en": f"item {cid}", "vi": f"mục {cid}"}, max=1, rule=rule)  # type: ignore[arg-type]

    def section(cid: str, role: str, child: Criterion) -> Criterion:
        return Criterion(id=cid, label={"en": cid, "vi": cid}, max=1, role=role, children=[child])  # type: ignore[arg-type]

    count = {"type": "count", "per_item": "0.5"}
    fw = Framework(
        id="p",
        version="1",
        title={"en": "P", "vi": "P"},
        criteria=[
            leaf("1", {"type": "boolean"}),
            section("P", "penalty", leaf("P.1", count)),
            section("B", "bonus", leaf("B.1", count)),
        ],  # type: ignore[arg-type]
    )
    a = Assessment(
        framework=FrameworkRef("p", "1"),
        subject=Subject("u", {"en": "U"}),
        period="2018",
        responses=[Response("1", False), Response("P.1", 1), Response("B.1", 0)],
    )
    drafts = draft_findings(fw, a)
    assert [d.criteria for d in drafts] == [("1",), ("P.1",)]
    assert (
        drafts[1].statement.get("en")
        == "Draft: item P.1 incurred a penalty of 0.5 (of at most 1; 1 x 0.5 = 0.5 -> 0.5)."
    )
    assert drafts[1].statement.get("vi").startswith("Dự thảo: mục P.1 bị trừ 0.5 điểm")
