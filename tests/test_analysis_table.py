"""Table scoring: reading CSV strictly, scoring rows, ranks, bands and tiers, output, and every bad input."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import Criterion, Framework, examples, frameworks, score
from parlib.analysis import cell_response, parse_table, rank_cards, read_table, score_table
from parlib.analysis.report import table_csv, table_data
from parlib.cli import main
from parlib.errors import LoadError

PAPI = "unit,D1,D2,D3,D4,D5,D6,D7,D8\n"


def leafy() -> Framework:
    """Two domains of manual and boolean leaves, bands A >= 90, B >= 50, C >= 0."""
    leaf = lambda i, rule: Criterion(id=i, label={"en": i, "vi": i}, max=2, rule=rule)  # noqa: E731
    return Framework(
        id="t", version="1", title={"en": "T", "vi": "T"},
        criteria=[
            Criterion(id="A", label={"en": "A", "vi": "A"}, children=[leaf("A.1", {"type": "manual"}), leaf("A.2", {"type": "boolean"})]),
            Criterion(id="B", label={"en": "B", "vi": "B"}, children=[leaf("B.1", {"type": "manual", "allow_na": True})]),
        ],
        bands=[{"label": "A", "gte": 90}, {"label": "B", "gte": 50}, {"label": "C", "gte": 0}],
    )  # fmt: skip


def problems(exc: pytest.ExceptionInfo[LoadError]) -> list[tuple[str, str]]:
    return [(p.message, p.path) for p in exc.value.problems]


# --- reading -----------------------------------------------------------------------------------


def test_cells_read_as_numbers_booleans_not_applicable_or_text() -> None:
    assert cell_response("x", "") is None
    assert cell_response("x", "1/3").value == Fraction(1, 3)  # type: ignore[union-attr]
    assert cell_response("x", "Yes").value is True  # type: ignore[union-attr]
    assert cell_response("x", "false").value is False  # type: ignore[union-attr]
    assert cell_response("x", "n/a").not_applicable  # type: ignore[union-attr]
    assert cell_response("x", "pass").value == "pass"  # type: ignore[union-attr]


def test_a_byte_order_mark_and_blank_lines_are_fine(tmp_path: Path) -> None:
    file = tmp_path / "t.csv"
    file.write_text("\ufeffunit,A.1\n\nx,1\n", encoding="utf-8")
    t = read_table(file)
    assert t.units == ("x",)
    assert t.rows == (3,)  # the blank line still counts as a row


def test_the_first_column_must_be_unit() -> None:
    with pytest.raises(LoadError) as exc:
        parse_table("name,D1\nx,1\n", "t.csv")
    assert problems(exc) == [("the first column must be 'unit', got 'name'", "$[row 1]")]


def test_duplicate_units_and_columns_name_both_places() -> None:
    with pytest.raises(LoadError) as exc:
        parse_table("unit,D1,D1\nHuế,1,2\nHà Nội,1,2\nHuế,3,4\n", "t.csv")
    assert problems(exc) == [
        ("column 'D1' appears twice (first as column 2)", "$[row 1].D1"),
        ("unit 'Huế' appears twice (first at row 2)", "$[row 4].unit"),
    ]
    assert str(exc.value).splitlines()[1] == "t.csv: unit 'Huế' appears twice (first at row 2) @ $[row 4].unit"


def test_short_rows_empty_units_and_empty_files() -> None:
    with pytest.raises(LoadError) as exc:
        parse_table("unit,D1,\nx\n,1,2\n", "t.csv")
    assert problems(exc) == [
        ("column 3 has no name", "$[row 1][column 3]"),
        ("the row has 1 cells, the header 3", "$[row 2]"),
        ("the unit id is empty", "$[row 3].unit"),
    ]
    with pytest.raises(LoadError, match="the table is empty"):
        parse_table("\n\n", "t.csv")


# --- scoring and its errors ----------------------------------------------------------------------


def test_a_column_that_names_no_criterion() -> None:
    with pytest.raises(LoadError) as exc:
        score_table(frameworks.get("papi-2018"), parse_table("unit,D1,D9,4.2.2\nx,5,5,1\n", "t.csv"))
    assert problems(exc) == [
        ("column 'D9' names no criterion of framework 'papi-2018'", "$[row 1].D9"),
        ("column '4.2.2' names no criterion of framework 'papi-2018'", '$[row 1]["4.2.2"]'),
    ]


def test_a_column_under_another_column() -> None:
    with pytest.raises(LoadError) as exc:
        score_table(frameworks.get("papi-2018"), parse_table("unit,D1,D1.2\nx,5,1\n", "t.csv"))
    assert problems(exc) == [
        ("column 'D1.2' lies under column 'D1', which already gives its value", '$[row 1]["D1.2"]')
    ]


def test_non_numeric_cells_name_row_and_column() -> None:
    text = PAPI + "Huế,5,5,5,5,5,5,5,5\nHà Nội,5,five,5,5,5,5,5,5,\n".replace(",5,\n", ",5\n")
    with pytest.raises(LoadError) as exc:
        score_table(frameworks.get("papi-2018"), parse_table(text, "papi.csv"))
    assert problems(exc) == [
        ("criterion 'D2' has sub-criteria: its value is a published number of points, got 'five'", "$[row 3].D2")
    ]
    with pytest.raises(LoadError) as exc:
        score_table(leafy(), parse_table("unit,A.1,A.2\nx,1,maybe\n", "t.csv"))
    assert problems(exc)[0][1] == '$[row 2]["A.2"]'
    assert "expected true or false" in problems(exc)[0][0]


def test_values_outside_a_criterion_range() -> None:
    with pytest.raises(LoadError) as exc:
        score_table(frameworks.get("papi-2018"), parse_table(PAPI + "x,5,5,5,5,5,5,5,10.5\n", "papi.csv"))
    assert problems(exc) == [("published value 10.5 of 'D8' lies outside [0, 10]", "$[row 2].D8")]
    with pytest.raises(LoadError) as exc:
        score_table(leafy(), parse_table("unit,A.1\nx,1\ny,-1\nz,3\n", "t.csv"))
    assert [p[1] for p in problems(exc)] == ['$[row 3]["A.1"]', '$[row 4]["A.1"]']
    assert "points must lie in [0, 2]" in problems(exc)[1][0]


def test_quantile_tiers_of_fewer_units_than_tiers() -> None:
    t = parse_table(PAPI + "x,5,5,5,5,5,5,5,5\ny,6,6,6,6,6,6,6,6\n", "papi.csv")
    with pytest.raises(LoadError, match=r"papi\.csv: 4 quantile tiers need at least 4 units with a value, got 2"):
        score_table(frameworks.get("papi-2018"), t)
    assert [u.tier for u in score_table(frameworks.get("papi-2018"), t, tiers=False).units] == [None, None]


def test_rows_score_like_assessments_with_bands_and_domains() -> None:
    fw = leafy()
    scores = score_table(fw, parse_table("unit,A.1,A.2,B.1\nx,2,yes,1.5\ny,1,no,\nz,0,yes,NA\n", "t.csv"))
    x, y, z = scores.units
    assert (x.total, x.index, x.rank, x.band) == (Fraction(11, 2), Fraction(275, 3), 1, "A")
    assert (y.total, y.index, y.band, y.points("B")) == (Fraction(1), Fraction(50, 3), "C", 0)
    assert z.index == 50  # B.1 not applicable leaves the applicable maximum
    assert (y.rank, z.rank) == (3, 2)


def test_rank_by_total_and_dense_and_within_groups() -> None:
    text = "unit,kind,A.1,B.1\np,dept,2,2\nq,dist,2,2\nr,dept,1,1\ns,dist,2,1\n"
    scores = score_table(leafy(), parse_table(text), group="kind", rank_by="total", method="dense")
    assert [(u.unit, u.group, u.rank) for u in scores.units] == [
        ("p", "dept", 1), ("q", "dist", 1), ("r", "dept", 2), ("s", "dist", 2),
    ]  # fmt: skip
    assert table_csv(scores).splitlines()[0] == "unit,group,total,index,rank,band,A,B"


def test_csv_output_columns_and_order() -> None:
    t = parse_table("unit,A.1,A.2,B.1\nz,2,yes,2\na,0,no,0\n")
    rows = list(csv.reader(io.StringIO(table_csv(score_table(leafy(), t)))))
    assert rows == [
        ["unit", "total", "index", "rank", "band", "A", "B"],
        ["z", "6.00", "100.00", "1", "A", "4.00", "2.00"],
        ["a", "0.00", "0.00", "2", "C", "0.00", "0.00"],
    ]


@given(st.lists(st.tuples(st.integers(0, 8), st.booleans(), st.integers(0, 8)), min_size=1, max_size=12))
def test_table_scoring_agrees_with_scoring_each_assessment(rows: list[tuple[int, bool, int]]) -> None:
    fw = leafy()
    text = "unit,A.1,A.2,B.1\n" + "".join(
        f"u{i},{a / 4},{'yes' if b else 'no'},{c / 4}\n" for i, (a, b, c) in enumerate(rows)
    )
    scores = score_table(fw, parse_table(text))
    cards = [score(fw, _assessment(fw, u.unit, text)) for u in scores.units]  # type: ignore[arg-type]
    assert [u.total for u in scores.units] == [c.final_points for c in cards]
    assert [u.index for u in scores.units] == [c.final_index for c in cards]
    again = rank_cards(fw, cards, units=[u.unit for u in scores.units])
    assert [u.rank for u in again.units] == [u.rank for u in scores.units]
    assert [u.band for u in again.units] == [c.band.label if c.band else None for c in cards]


def _assessment(fw: Framework, unit: str, text: str) -> object:
    """The assessment a row stands for, built independently of score_table."""
    from parlib import Assessment, FrameworkRef, Subject

    t = parse_table(text)
    i = t.units.index(unit)
    responses = [r for c in t.columns if (r := cell_response(c, t.cell(i, c))) is not None]
    return Assessment(framework=FrameworkRef(fw.id, fw.version), subject=Subject(unit, {"en": unit}), period="",
                      responses=responses)  # fmt: skip


def test_bonus_sections_use_full_cards() -> None:
    fw = examples.framework()
    ids = [c.id for c in fw.leaves()][:2]
    scores = score_table(fw, parse_table(f"unit,{','.join(ids)}\nx,yes,\n"))
    assert scores.units[0].card.subject.id == "x"


# --- the command line ----------------------------------------------------------------------------


def test_cli_scores_a_table_as_text_csv_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "p.csv"
    file.write_text(
        PAPI + "Huế,5,5,5,5,5,5,5,5\nHà Nội,6,6,6,6,6,6,6,6\nCần Thơ,4,4,4,4,4,4,4,4\nHải Phòng,7,7,7,7,7,7,7,7\n"
    )
    assert main(["score", "papi-2018", "--table", str(file), "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "unit,total,index,rank,band,D1,D2,D3,D4,D5,D6,D7,D8"
    assert out[2].startswith("Hà Nội,48.0000,60.0000,2,High average,6.0000")
    assert main(["score", "papi-2018", "--table", str(file), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["units"][3]["tier"] == "High"
    assert data["units"][3]["rank"] == 1
    assert main(["score", "papi-2018", "--table", str(file), "--rank-method", "ordinal"]) == 0
    assert "Hải Phòng" in capsys.readouterr().out


def test_cli_bad_table_prints_file_row_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "p.csv"
    file.write_text(PAPI + "Huế,5,5,5,5,5,5,5,11\n")
    assert main(["score", "papi-2018", "--table", str(file), "--no-tiers"]) == 1
    err = capsys.readouterr().err
    assert err == f"{file}: published value 11 of 'D8' lies outside [0, 10] @ $[row 2].D8\n"
    assert main(["score", "papi-2018", "--format", "csv"]) == 2
    assert "--format csv needs --table" in capsys.readouterr().err


def test_cli_bad_table_in_a_fresh_process(tmp_path: Path, run_parlib: object) -> None:
    file = tmp_path / "p.csv"
    file.write_text(PAPI + "Huế,5,5,5,5,5,5,5,5\nHuế,5,5,5,5,5,5,5,5\n")
    done = run_parlib("score", "papi-2018", "--table", file)  # type: ignore[operator]
    assert done.returncode == 1
    assert done.stderr == f"{file}: unit 'Huế' appears twice (first at row 2) @ $[row 3].unit\n"
    assert "Traceback" not in done.stderr


def test_table_data_is_rounded_by_the_framework() -> None:
    t = parse_table(PAPI + "x,5.12345,5,5,5,5,5,5,5\n")
    data = table_data(score_table(frameworks.get("papi-2018"), t, tiers=False))
    assert str(data["units"][0]["domains"]["D1"]) == "5.1235"
