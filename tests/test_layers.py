"""
Score layers: the layered model (layers, adjustments, locks), fitting it to a framework,
scoring per layer, and one test per bad input, each a clear error with file and key path.

Fixtures: tests/data/mini-inspection.toml and mini-inspection-2018.toml (points by layer
worked out by hand in the file's header).
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from parlib import AssessmentError, LoadError, ModelError, check_assessment, examples, score
from parlib.assessment import Adjustment, Assessment, FrameworkRef, Layer, Response, Subject
from parlib.cli import main
from parlib.framework import Criterion, Framework
from parlib.io import dumps, load_assessment, load_framework, loads
from parlib.layers import apply_adjustments, appraise, layer_problems, survey_scored, view

F = Fraction
T0 = datetime.datetime(2018, 9, 5, 17, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


@pytest.fixture(scope="module")
def fw(data_dir_path: Path) -> Framework:
    return load_framework(data_dir_path / "mini-inspection.toml")


@pytest.fixture(scope="module")
def data_dir_path() -> Path:
    return Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def inspection(data_dir_path: Path) -> Assessment:
    return load_assessment(data_dir_path / "mini-inspection-2018.toml")


def unit(*layers: Layer, responses: tuple[Response, ...] = ()) -> Assessment:
    return Assessment(
        framework=FrameworkRef("mini-inspection", "2018"),
        subject=Subject("u", {"en": "U", "vi": "U"}),
        period="2018",
        responses=responses,
        layers=layers,
    )


def broken(data_dir_path: Path, tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the layered fixture with *old* replaced by *new* (once), beside its framework."""
    text = (data_dir_path / "mini-inspection-2018.toml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    (tmp_path / "mini-inspection.toml").write_text(
        (data_dir_path / "mini-inspection.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    target = tmp_path / "bad.toml"
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target


def cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


# -- scoring per layer -----------------------------------------------------------


@pytest.mark.parametrize(
    ("layer", "points", "bonus"),
    [
        ("self", F(32, 5), F(1)),
        ("appraisal-1", F(37, 20), F(1, 2)),
        ("explanation", F(21, 10), F(1, 2)),
        ("appraisal-2", F(11, 10), F(1, 2)),
        ("survey", F(436, 125), F(1, 2)),
        ("final", F(436, 125), F(1, 2)),
    ],
)
def test_each_layer_scores_the_points_worked_out_by_hand(
    fw: Framework, inspection: Assessment, layer: str, points: Fraction, bonus: Fraction
) -> None:
    card = score(fw, inspection, layer=layer)
    assert card.total.points == points
    assert (card.bonus, card.penalty) == (bonus, 0)  # the bonus section stays apart from the normal maximum
    assert card.total.maximum == 10
    assert card.final_points == points + bonus


def test_without_a_layer_the_last_layer_is_scored(fw: Framework, inspection: Assessment) -> None:
    assert score(fw, inspection) == score(fw, inspection, layer="final") == score(fw, inspection.flatten())


def test_a_layer_the_assessment_lacks_stands_in_by_the_nearest_earlier_one(
    fw: Framework, inspection: Assessment
) -> None:
    short = attrs.evolve(inspection, layers=inspection.layers[:2])
    chosen, problems = view(fw, short, "final")
    assert problems == []
    assert (chosen.layer, chosen.source) == ("final", "appraisal-1")
    assert score(fw, short, layer="final").total.points == F(37, 20)


def test_effective_responses_come_from_the_nearest_layer_with_their_paths(inspection: Assessment) -> None:
    located = {r.criterion: (r.value, path) for r, path in inspection.effective_responses("explanation")}
    assert located["1.1"] == (False, "$.layers[1].responses[0]")
    assert located["1.2"] == (True, "$.layers[2].responses[0]")
    assert located["1.3"] == (F(2), "$.layers[2].responses[1]")
    assert "3.1" not in located
    assert inspection.response("1.2").value is False  # type: ignore[union-attr]


def test_survey_scored_criteria_include_those_below_a_marked_node(fw: Framework) -> None:
    assert survey_scored(fw) == {"3", "3.1"}


def test_the_bundled_example_carries_every_layer_and_its_result_is_unchanged() -> None:
    fw, record = examples.framework(), examples.inspection()
    assert record.layer_names == fw.layers
    assert all(layer.is_locked for layer in record.layers)
    assert sum(len(layer.adjustments) for layer in record.layers) >= 3
    assert check_assessment(fw, record) == []
    assert score(fw, record) == score(fw, examples.assessment())
    assert score(fw, record).total.points == F(82591, 1000)
    reasons = " ".join(adj.reason for layer in record.layers for adj in layer.adjustments)
    for fact in ("job-position scheme", "training plans for 2017 and 2018", "ISO 9001:2008"):
        assert fact in reasons
    assert {r.criterion for r in record.layer("survey").responses} == survey_scored(fw) & {"8.1.1", "8.1.2", "8.2"}


# -- the model -------------------------------------------------------------------


def test_a_locked_layer_cannot_change_by_evolve() -> None:
    layer = Layer("self", [Response("1.1", True)], author="unit").locked_by("unit", T0)
    for change in (
        {"responses": [Response("1.1", False)]},
        {"responses": [Response("1.1", True, explanation="now with words")]},
        {"author": "someone else"},
        {"note": "added later"},
        {"adjustments": [Adjustment("1.1", True, False, reason="r")]},
        {"lock": attrs.evolve(layer.lock, by="someone else")},
        {"lock": attrs.evolve(layer.lock, at=T0 + datetime.timedelta(days=1))},
    ):
        with pytest.raises(ModelError, match="cannot change: its content no longer matches its seal"):
            attrs.evolve(layer, **change)  # type: ignore[arg-type]
    assert attrs.evolve(layer) == layer


def test_a_locked_layer_is_locked_once_and_keeps_its_seal_through_files() -> None:
    a = unit(Layer("self", [Response("1.1", True)], author="unit")).lock_layer("self", "unit", T0)
    with pytest.raises(ModelError, match="already locked"):
        a.layer("self").locked_by("unit", T0)
    for fmt in ("toml", "json"):
        again = loads(dumps(a, fmt), Assessment, fmt)
        assert again == a
        assert again.layer("self").lock == a.layer("self").lock


def test_a_locked_layer_holds_no_adjustment_dated_after_its_lock() -> None:
    adjustment = Adjustment("1.1", True, False, reason="r", at=T0)
    layer = Layer("appraisal-1", [Response("1.1", False)], [adjustment], author="team")
    assert layer.locked_by("team", T0).is_locked  # at the lock's own time is fine
    with pytest.raises(ModelError) as info:
        layer.locked_by("team", T0 - datetime.timedelta(minutes=1))
    assert [str(p) for p in info.value.problems] == [
        "the adjustment of '1.1' is dated 2018-09-05T17:00:00+07:00, after the layer's lock on"
        " 2018-09-05T16:59:00+07:00: a locked layer cannot change after its lock @ $.adjustments[0].at"
    ]
    undated = attrs.evolve(layer, adjustments=[attrs.evolve(adjustment, at=None)])
    assert undated.locked_by("team", T0 - datetime.timedelta(days=1)).is_locked  # nothing to compare


def test_a_time_without_offset_is_read_in_the_lock_offset() -> None:
    naive = Adjustment("1.1", True, False, reason="r", at=datetime.datetime(2018, 9, 5, 16, 0))
    layer = Layer("appraisal-1", [Response("1.1", False)], [naive], author="team")
    assert layer.locked_by("team", T0).is_locked  # 16:00 read at +07:00 is before 17:00+07:00
    with pytest.raises(ModelError, match=r"after the layer's lock .* @ \$\.adjustments\[0\]\.at"):
        layer.locked_by("team", T0.astimezone(datetime.timezone.utc))  # 10:00+00:00, so 16:00 is after
    aware = attrs.evolve(naive, at=T0)
    with pytest.raises(ModelError, match=r"@ \$\.adjustments\[0\]\.at"):
        attrs.evolve(layer, adjustments=[aware]).locked_by("team", datetime.datetime(2018, 9, 5, 16, 0))


def test_bad_input_an_adjustment_dated_after_its_layer_lock(
    data_dir_path: Path, tmp_path: Path, inspection: Assessment
) -> None:
    old_lock = inspection.layers[1].lock
    assert old_lock is not None
    early = datetime.datetime(2018, 9, 12, 10, 0, tzinfo=T0.tzinfo)
    seal = attrs.evolve(inspection.layers[1], lock=None).digest(early, old_lock.by)
    bad = broken(
        data_dir_path,
        tmp_path,
        f'lock = {{ at = 2018-09-12T17:00:00+07:00, by = "{old_lock.by}", seal = "{old_lock.seal}" }}',
        f'lock = {{ at = 2018-09-12T10:00:00+07:00, by = "{old_lock.by}", seal = "{seal}" }}',
    )
    with pytest.raises(LoadError) as info:
        load_assessment(bad)
    assert [p.path for p in info.value.problems] == [f"$.layers[1].adjustments[{j}].at" for j in range(5)]
    assert str(info.value).splitlines()[0] == (
        f"{bad}: the adjustment of '1.1' is dated 2018-09-12T10:30:00+07:00, after the layer's lock on"
        " 2018-09-12T10:00:00+07:00: a locked layer cannot change after its lock @ $.layers[1].adjustments[0].at"
    )


def test_layers_lock_in_order() -> None:
    open_self = Layer("self", [Response("1.1", True)], author="unit")
    locked_next = Layer("appraisal-1", author="team").locked_by("team", T0)
    with pytest.raises(ModelError) as info:
        unit(open_self, locked_next)
    assert [str(p) for p in info.value.problems] == [
        "layer 'appraisal-1' is locked but the earlier layer 'self' is not; layers lock in order @ $.layers[1].lock"
    ]


def test_a_new_layer_is_the_way_on(inspection: Assessment) -> None:
    extra = appraise(inspection, "final", [Adjustment("2.2", 20, 25, reason="re-counted")], author="council")
    with pytest.raises(ModelError, match="a second layer named 'final'"):
        inspection.with_layer(extra)
    shorter = attrs.evolve(inspection, layers=inspection.layers[:-1])
    grown = shorter.with_layer(extra)
    assert grown.response("2.2").value == 25  # type: ignore[union-attr]
    assert grown.layer("survey") is shorter.layer("survey")


def test_every_change_needs_an_adjustment_with_the_right_old_answer() -> None:
    self_layer = Layer("self", [Response("1.1", True), Response("1.3", 0)], author="unit")
    silent = Layer("appraisal-1", [Response("1.1", False)], author="team")
    with pytest.raises(ModelError) as info:
        unit(self_layer, silent)
    assert [str(p) for p in info.value.problems] == [
        "the response to '1.1' changes true to false without an adjustment giving the reason"
        " @ $.layers[1].responses[0].value"
    ]
    wrong_old = Layer("appraisal-1", [Response("1.3", 3)], [Adjustment("1.3", 1, 3, reason="late")], author="team")
    with pytest.raises(ModelError) as info:
        unit(self_layer, wrong_old)
    assert [str(p) for p in info.value.problems] == [
        "the adjustment of '1.3' gives the old answer as 1, but the earlier layers give 0 @ $.layers[1].adjustments[0].old"
    ]
    new_answer = Layer("appraisal-1", [Response("2.2", 20)], [Adjustment("2.2", new=20, reason="omitted")], author="t")
    assert unit(self_layer, new_answer).response("2.2").value == 20  # type: ignore[union-attr]


def test_an_adjustment_needs_its_response_in_the_layer_and_an_author() -> None:
    with pytest.raises(ModelError) as info:
        Layer(
            "appraisal-1",
            [Response("1.1", True)],
            [Adjustment("1.1", True, False, reason="r"), Adjustment("1.3", 0, 1, reason="r")],
        )
    assert [str(p) for p in info.value.problems] == [
        "an adjustment needs an author (its own or the layer's) @ $.adjustments[0].author",
        "an adjustment needs an author (its own or the layer's) @ $.adjustments[1].author",
        "the adjustment of '1.1' sets false, but the layer's response says true @ $.adjustments[0].new",
        "the adjustment of '1.3' needs a response to it in layer 'appraisal-1' @ $.adjustments[1].criterion",
    ]


def test_a_criterion_adjusted_twice_in_a_layer_chains_its_adjustments() -> None:
    self_layer = Layer("self", [Response("1.3", 0)], author="unit")
    twice = [Adjustment("1.3", 0, 3, reason="3 late"), Adjustment("1.3", 3, 2, reason="1 on time")]
    a = unit(self_layer, Layer("appraisal-1", [Response("1.3", 2)], twice, author="team"))
    assert a.response("1.3").value == 2  # type: ignore[union-attr]
    assert a.layer("appraisal-1").adjustment("1.3") == twice[1]
    broken_chain = [Adjustment("1.3", 0, 3, reason="3 late"), Adjustment("1.3", 4, 2, reason="?")]
    with pytest.raises(ModelError) as info:
        Layer("appraisal-1", [Response("1.3", 2)], broken_chain, author="team")
    assert [str(p) for p in info.value.problems] == [
        "the adjustment of '1.3' gives the old answer as 4, but the layer's previous adjustment of it set 3"
        " @ $.adjustments[1].old"
    ]
    wrong_start = [Adjustment("1.3", 1, 3, reason="3 late"), Adjustment("1.3", 3, 2, reason="1 on time")]
    with pytest.raises(ModelError, match=r"earlier layers give 0 @ \$\.layers\[1\]\.adjustments\[0\]\.old"):
        unit(self_layer, Layer("appraisal-1", [Response("1.3", 2)], wrong_start, author="team"))


def test_adjustments_say_what_changed_and_refuse_nonsense() -> None:
    assert Adjustment("2.1", old=True, new_not_applicable=True, reason="r").change() == "true -> not applicable"
    assert Adjustment("3.1", new={"A": 1}, reason="r").change() == "no answer -> {A = 1}"
    with pytest.raises(ModelError, match="changes nothing"):
        Adjustment("1.1", True, True, reason="r")
    with pytest.raises(ModelError, match="needs a new value"):
        Adjustment("1.1", True, reason="r")
    with pytest.raises(ModelError, match=r"not both @ \$\.old_not_applicable"):
        Adjustment("1.1", True, False, reason="r", old_not_applicable=True)
    assert Adjustment("1.1", Fraction(1), True, reason="a number is not a yes").change() == "1 -> true"


def test_the_first_layer_adjusts_nothing_and_responses_exclude_layers() -> None:
    with pytest.raises(ModelError, match=r"the first layer has no earlier answer to adjust \('1.1'\) @ \$.layers\[0\]"):
        unit(Layer("self", [Response("1.1", True)], [Adjustment("1.1", False, True, reason="r")], author="u"))
    with pytest.raises(ModelError, match="either responses"):
        unit(Layer("self", author="u"), responses=(Response("1.1", True),))
    with pytest.raises(ModelError, match="no layers, only responses"):
        unit(responses=(Response("1.1", True),)).effective_responses("self")


def test_apply_adjustments_keeps_evidence_and_explanations() -> None:
    earlier = [Response("1.2", True, evidence=("E1",), explanation="issued")]
    [after] = apply_adjustments(earlier, [Adjustment("1.2", True, False, reason="late", author="team")])
    assert (after.value, after.evidence, after.explanation, after.author) == (False, ("E1",), "issued", "team")


# -- the framework side ----------------------------------------------------------


def test_a_framework_orders_its_layers_and_needs_a_survey_layer_for_survey_criteria() -> None:
    leaf = Criterion(id="1", label={"en": "a", "vi": "a"}, max=1, rule={"type": "manual"}, survey=True)  # type: ignore[arg-type]
    with pytest.raises(ModelError) as info:
        Framework(id="f", version="1", title={"en": "F", "vi": "F"}, criteria=[leaf], layers=("self", "final", "self"))  # type: ignore[arg-type]
    assert [str(p) for p in info.value.problems] == [
        "layer names are distinct non-empty strings, got 'self' @ $.layers[2]",
        "survey-scored criteria need a 'survey' layer @ $.layers",
    ]


def test_layers_out_of_the_framework_order_are_reported(fw: Framework) -> None:
    swapped = unit(Layer("self", [Response("1.1", True)], author="u"), Layer("explanation"), Layer("appraisal-1"))
    assert [str(p) for p in layer_problems(fw, swapped)] == [
        "layer 'appraisal-1' comes after 'explanation', against the order of framework 'mini-inspection'"
        " (self, appraisal-1, explanation, appraisal-2, survey, final) @ $.layers[2].name"
    ]
    with pytest.raises(AssessmentError, match="comes after 'explanation'"):
        score(fw, swapped)


def test_an_unknown_layer_asked_for_is_an_error(fw: Framework, inspection: Assessment) -> None:
    with pytest.raises(AssessmentError, match="layer 'apraisal-1' is not a layer of framework 'mini-inspection'"):
        score(fw, inspection, layer="apraisal-1")
    with pytest.raises(AssessmentError, match="no layers, only responses"):
        score(fw, inspection.flatten(), layer="self")


# -- bad input: each a clear error with file and path ----------------------------


def test_bad_input_adjustment_without_reason(data_dir_path: Path, tmp_path: Path) -> None:
    bad = broken(data_dir_path, tmp_path, 'reason = "Three PAR tasks were late."\n', "")
    with pytest.raises(LoadError) as info:
        load_assessment(bad)
    assert str(info.value) == (
        f"{bad}: an adjustment needs a reason (why the answer changed) @ $.layers[1].adjustments[1].reason"
    )


def test_bad_input_a_changed_response_in_a_locked_layer(
    data_dir_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = broken(data_dir_path, tmp_path, 'criterion = "2.2"\nvalue = 30\n', 'criterion = "2.2"\nvalue = 40\n')
    status, out, err = cli(capsys, "score", bad)
    assert (status, out) == (1, "")
    assert err == (
        f"{bad}: layer 'self' was locked on 2018-09-05T17:00:00+07:00 by Sở X and cannot change: its content no"
        " longer matches its seal (add a new layer instead) @ $.layers[0].lock.seal\n"
    )


def test_bad_input_a_survey_response_in_the_self_layer(
    data_dir_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (data_dir_path / "mini-inspection-2018.toml").read_text(encoding="utf-8").split("[[evidence]]")[0]
    text += '[[layers]]\nname = "self"\nauthor = "Sở X"\n\n[[layers.responses]]\ncriterion = "1.1"\nvalue = true\n'
    text += '\n[[layers.responses]]\ncriterion = "3.1"\nvalue = { A = 12, B = 3 }\n'
    bad = tmp_path / "bad.toml"
    (tmp_path / "mini-inspection.toml").write_bytes((data_dir_path / "mini-inspection.toml").read_bytes())
    bad.write_text(text, encoding="utf-8")
    status, _, err = cli(capsys, "validate", bad)
    assert status == 1
    assert err == (
        f"{bad}: criterion '3.1' is survey-scored: only the 'survey' layer answers it"
        " @ $.layers[0].responses[1].criterion\n"
    )


def test_bad_input_a_layer_the_framework_does_not_define(
    data_dir_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = broken(data_dir_path, tmp_path, 'name = "final"\n', 'name = "publication"\n')
    status, _, err = cli(capsys, "score", bad)
    assert status == 1
    assert err == (
        f"{bad}: layer 'publication' is not a layer of framework 'mini-inspection'"
        " (self, appraisal-1, explanation, appraisal-2, survey, final) @ $.layers[5].name\n"
    )
    status, _, err = cli(capsys, "score", data_dir_path / "mini-inspection-2018.toml", "--layer", "publication")
    assert status == 1
    assert "layer 'publication' is not a layer of framework 'mini-inspection'" in err
    assert err.endswith("@ $.layers\n")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'owner = "Phòng Tổ chức cán bộ"\n',
            "owner = 17\n",
            "expected a string, got int 17 @ $.findings[0].recommendations[0].owner",
        ),
        (
            'owner = "Phòng Tổ chức cán bộ"\n',
            'owner = "   "\n',
            "owner is the name of a person or unit, got '   ' @ $.findings[0].recommendations[0].owner",
        ),
        (
            "due = 2018-12-31\n",
            'due = "31/12/2018"\n',
            "expected a date (YYYY-MM-DD), got '31/12/2018' @ $.findings[0].recommendations[0].due",
        ),
    ],
    ids=["owner-not-text", "owner-blank", "due-not-a-date"],
)
def test_bad_input_a_recommendation_owner_or_due_date_that_does_not_parse(
    data_dir_path: Path, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    bad = broken(data_dir_path, tmp_path, old, new)
    with pytest.raises(LoadError) as info:
        load_assessment(bad)
    assert str(info.value) == f"{bad}: {expected}"


def test_bad_input_a_sha256_that_is_not_64_hex_digits(data_dir_path: Path, tmp_path: Path) -> None:
    bad = broken(data_dir_path, tmp_path, 'section = "II"\n', 'section = "II"\nsha256 = "12ab"\n')
    with pytest.raises(LoadError) as info:
        load_assessment(bad)
    assert str(info.value) == f"{bad}: sha256 must be 64 lowercase hex digits, got '12ab' @ $.evidence[0].sha256"


def test_bad_input_a_change_without_adjustment_and_a_wrong_old_answer(data_dir_path: Path, tmp_path: Path) -> None:
    final = '[[layers]]\nname = "final"\nauthor = "Sở Nội vụ"\n'
    changes = (
        '\n[[layers.responses]]\ncriterion = "2.2"\nvalue = 35\n'
        '\n[[layers.responses]]\ncriterion = "1.3"\nvalue = 1\n'
        '\n[[layers.adjustments]]\ncriterion = "1.3"\nold = 3\nnew = 1\nreason = "re-counted"\n'
    )
    bad = broken(data_dir_path, tmp_path, final, final + changes)
    with pytest.raises(LoadError) as info:
        load_assessment(bad)
    assert str(info.value).splitlines() == [
        f"{bad}: the adjustment of '1.3' gives the old answer as 3, but the earlier layers give 2"
        " @ $.layers[5].adjustments[0].old",
        f"{bad}: the response to '2.2' changes 20 to 35 without an adjustment giving the reason"
        " @ $.layers[5].responses[0].value",
    ]
