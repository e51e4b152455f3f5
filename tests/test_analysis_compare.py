"""Comparing score cards (years, layers) and scored tables, across framework versions."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import Response, examples, frameworks, score
from parlib.analysis import compare_cards, compare_tables, parse_table, score_table
from parlib.cli import main
from parlib.io import dump

CRITICISED = ("4.2.2", "5.2.1", "7.4.2", "7.4.3")


def improved(fixed: tuple[str, ...] = CRITICISED, broken: tuple[str, ...] = ()) -> object:
    """The seed assessment a year later: the criticised yes/no criteria met, *broken* ones not."""
    a = examples.assessment()
    keep = [r for r in a.responses if r.criterion not in fixed + broken]
    return attrs.evolve(
        a, period="2019", responses=keep + [Response(c, True) for c in fixed] + [Response(c, False) for c in broken]
    )


def test_a_year_of_fixing_the_criticised_criteria() -> None:
    fw = examples.framework()
    before, after = score(fw, examples.assessment()), score(fw, improved(broken=("1.1.1",)))  # type: ignore[arg-type]
    cmp = compare_cards(before, after)
    assert set(cmp.newly_met) == set(CRITICISED)
    assert cmp.lost == ("1.1.1",)
    assert cmp.points_change == 2 + 1 + 1.5 + 1 - 1
    assert cmp.band_change == ("B", "B")
    change = {c.id: c for c in cmp.domains}
    assert change["4"].points_change == 2
    assert change["1"].points_change == -1


@given(st.sets(st.sampled_from(CRITICISED)), st.sets(st.sampled_from(("1.1.1", "1.3.1", "1.4"))))
def test_comparison_is_antisymmetric(fixed: set[str], broken: set[str]) -> None:
    fw = examples.framework()
    a = score(fw, examples.assessment())
    b = score(fw, improved(tuple(sorted(fixed)), tuple(sorted(broken))))  # type: ignore[arg-type]
    ab, ba = compare_cards(a, b), compare_cards(b, a)
    assert ab.points_change == -ba.points_change
    assert ab.index_change == -ba.index_change  # type: ignore[operator]
    assert set(ab.newly_met) == set(ba.lost)
    assert set(ab.lost) == set(ba.newly_met)
    assert sum(c.points_change for c in ab.domains) == ab.points_change
    same = compare_cards(a, a)
    assert same.points_change == 0
    assert not same.newly_met
    assert not same.lost


PAPI11 = "unit,D1,D2,D3,D4,D5,D6\nA,5,5,5,5,5,5\nB,6,6,6,6,6,6\nC,4,4,4,4,4,4\n"
PAPI18 = "unit,D1,D2,D3,D4,D5,D6,D7,D8\nA,7,7,7,7,7,7,7,7\nB,6,6,6,6,6,6,6,6\nD,4,4,4,4,4,4,4,4\n"


def test_tables_of_two_framework_versions_compare_where_ids_match() -> None:
    before = score_table(frameworks.get("papi-2011"), parse_table(PAPI11, "2017.csv"), tiers=False)
    after = score_table(frameworks.get("papi-2018"), parse_table(PAPI18, "2018.csv"), tiers=False)
    cmp = compare_tables(before, after)
    by = {u.unit: u for u in cmp.units}
    assert by["A"].rank_change == 1
    assert by["B"].rank_change == -1
    assert cmp.only_before == ("C",)
    assert cmp.only_after == ("D",)
    assert cmp.only_after_ids[:3] == ("D2.4", "D7", "D7.1")  # transparency gained a sub-dimension in 2018
    assert by["A"].cards is not None
    assert by["A"].cards.only_after == ("D7", "D8")  # given as published values, D7 and D8 have no children
    assert {c.id for c in by["A"].cards.domains} == {"D1", "D2", "D3", "D4", "D5", "D6"}


def test_cli_compares_two_assessments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    later = tmp_path / "2019.toml"
    dump(improved(), later)
    assert main(["compare", str(examples.path()), str(later)]) == 0
    out = capsys.readouterr().out
    assert "newly met (4):" in out
    assert "4.2.2 Job-position scheme" in out
    assert main(["compare", str(examples.path()), str(later), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["points_change"] == 5.5
    assert sorted(data["newly_met"]) == sorted(CRITICISED)


def test_cli_compares_two_layers_of_one_inspection(capsys: pytest.CaptureFixture[str]) -> None:
    """The self-assessment against the final result: what the inspectors did not accept."""
    file = str(examples.path())
    assert main(["compare", file, file, "--layer-before", "self", "--layer-after", "final", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(CRITICISED) <= set(data["lost"])
    assert data["newly_met"] == []
    assert data["points_change"] < 0


def test_cli_compares_two_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "2017.csv", tmp_path / "2018.csv"
    a.write_text(PAPI11)
    b.write_text(PAPI18)
    args = ["compare", str(a), str(b), "--framework", "papi-2011", "--framework-after", "papi-2018", "--no-tiers"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "units only before (1): C" in out
    assert "criteria only after (8): D2.4, D7, D7.1, D7.2, D7.3, D8, D8.1, D8.2" in out
    assert main([*args, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["units"][0]["rank"] == {"before": 2, "after": 1}


def test_cli_compare_needs_like_with_like(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "t.csv"
    a.write_text(PAPI11)
    assert main(["compare", str(a), str(examples.path())]) == 1
    assert "compare two assessments or two tables" in capsys.readouterr().err
    assert main(["compare", str(a), str(a)]) == 1
    assert "comparing tables needs --framework" in capsys.readouterr().err
