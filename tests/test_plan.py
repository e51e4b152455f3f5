"""
The remediation plan (``parlib plan``): recommendations ordered by due date, overdue ones
marked relative to ``--today``, as text, CSV and JSON.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import Finding, Recommendation, examples
from parlib.cli import main
from parlib.io import load_assessment
from parlib.workflow import plan_csv, plan_data, plan_text, remediation_plan
from parlib.workflow.plan import OPEN_STATUSES

DATA = Path(__file__).parent / "data"
FILE = DATA / "mini-inspection-2018.toml"
STATUSES = ("open", "in-progress", "done", "dropped")


def test_the_plan_is_ordered_by_due_date_with_overdue_items_marked() -> None:
    items = remediation_plan(load_assessment(FILE), datetime.date(2019, 1, 15))
    assert [(i.id, i.due, i.status, i.overdue_days) for i in items] == [
        ("F3.1", datetime.date(2018, 10, 31), "done", None),  # done work is never overdue
        ("F1.1", datetime.date(2018, 12, 31), "open", 15),
        ("F2.1", datetime.date(2019, 3, 31), "in-progress", None),
        ("F3.2", None, "open", None),  # no due date: last
    ]


def test_the_text_csv_and_json_agree(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(FILE), "--today", "2019-04-01"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0] == "Remediation plan as of 2019-04-01: 4 items, 2 overdue"
    assert text[5].split() == [
        "F1.1",
        "2018-12-31",
        "open",
        "Phòng",
        "Tổ",
        "chức",
        "cán",
        "bộ",
        "1.1",
        "OVERDUE",
        "91",
        "days",
    ]
    assert "  F2.1  Update the ISO system." in text
    assert main(["plan", str(FILE), "--today", "2019-04-01", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["id"], r["overdue_days"]) for r in rows] == [("F3.1", ""), ("F1.1", "91"), ("F2.1", "1"), ("F3.2", "")]
    assert main(["plan", str(FILE), "--today", "2019-04-01", "--format", "json", "--lang", "vi"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["today"] == "2019-04-01"
    assert data["overdue"] == 2
    assert data["items"][1]["action"] == "Xây dựng đề án vị trí việc làm."


def test_today_defaults_to_today_and_must_be_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(FILE)]) == 0
    assert capsys.readouterr().out.startswith(f"Remediation plan as of {datetime.date.today().isoformat()}:")
    with pytest.raises(SystemExit) as info:
        main(["plan", str(FILE), "--today", "15/01/2019"])
    assert info.value.code == 2
    assert "expected a date YYYY-MM-DD, got '15/01/2019'" in capsys.readouterr().err


def test_an_assessment_without_recommendations_has_an_empty_plan() -> None:
    a = attrs.evolve(load_assessment(FILE), findings=())
    items = remediation_plan(a, datetime.date(2019, 1, 1))
    assert items == ()
    assert plan_text(items, datetime.date(2019, 1, 1)) == "Remediation plan as of 2019-01-01: 0 items, 0 overdue\n"
    assert plan_csv(items) == "id,due,status,overdue_days,owner,criteria,action\n"


@st.composite
def recommendations(draw: st.DrawFn) -> Recommendation:
    due = draw(st.none() | st.dates(datetime.date(2018, 1, 1), datetime.date(2020, 12, 31)))
    return Recommendation(
        action={"en": "act"},
        owner=draw(st.sampled_from(["", "Văn phòng Sở"])),
        due=due,
        status=draw(st.sampled_from(STATUSES)),
    )


@given(
    st.lists(st.lists(recommendations(), max_size=3), max_size=5),
    st.dates(datetime.date(2018, 1, 1), datetime.date(2021, 1, 1)),
)
def test_the_plan_laws(groups: list[list[Recommendation]], today: datetime.date) -> None:
    findings = [
        Finding(id=f"F{i}", kind="limitation", statement={"en": "x"}, recommendations=g) for i, g in enumerate(groups)
    ]
    a = attrs.evolve(examples.assessment(), findings=findings)
    items = remediation_plan(a, today)
    assert len(items) == sum(len(g) for g in groups)
    dues = [i.due for i in items]
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated)
    assert dues[len(dated) :] == [None] * (len(dues) - len(dated))  # undated last
    for item in items:
        expected = item.due is not None and item.due < today and item.status in OPEN_STATUSES
        assert item.overdue == expected
        assert item.overdue_days == ((today - item.due).days if expected and item.due else None)
    assert plan_data(items, today)["overdue"] == sum(i.overdue for i in items)
    assert len(plan_csv(items).splitlines()) == len(items) + 1
