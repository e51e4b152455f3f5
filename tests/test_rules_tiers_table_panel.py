"""
The ``severity``, ``table`` (SIGMA-style) and ``panel`` (CAF classical) rules: values,
boundaries, wording and bad input with its key path.
"""

from __future__ import annotations

import bisect
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlib import Assessment, Criterion, Framework, FrameworkRef, Response, Subject, score
from parlib.errors import AssessmentError, LoadError, ModelError, ScoringError
from parlib.io import loads
from parlib.rules import RULES, Panel, Severity, Table
from parlib.rules.panel import PANEL_BANDS
from parlib.rules.tiers import DEFAULT_TIERS

MAXIMA = st.sampled_from([Fraction(1), Fraction(2), Fraction(5, 2), Fraction(10), Fraction(100)])


def test_the_three_rules_are_registered_by_name() -> None:
    assert (RULES.get("severity"), RULES.get("table"), RULES.get("panel")) == (Severity, Table, Panel)


# ---------------------------------------------------------------------------------------------
# severity


@pytest.mark.parametrize(("tier", "share"), [("full", 1), ("minor", Fraction(1, 2)), ("serious", 0)])
def test_default_severity_tiers(tier: str, share: Fraction) -> None:
    assert Severity().score(tier, Fraction(3)).points == 3 * share
    assert dict(DEFAULT_TIERS)[tier] == 100 * share


@given(
    tiers=st.dictionaries(
        st.sampled_from(["excellent", "good", "complete", "late", "none"]),
        st.integers(0, 400).map(lambda n: Fraction(n, 4)),
        min_size=1,
    ),
    maximum=MAXIMA,
    data=st.data(),
)
def test_severity_earns_the_tier_share_of_the_maximum(
    tiers: dict[str, Fraction], maximum: Fraction, data: st.DataObject
) -> None:
    rule = Severity(tiers=tiers)
    assert rule.check(maximum) == []
    name = data.draw(st.sampled_from(sorted(tiers)))
    outcome = rule.score(name, maximum)
    assert outcome.points == maximum * tiers[name] / 100
    assert outcome.input == name


def test_severity_wording() -> None:
    assert Severity().score("minor", Fraction(2)).detail == "minor = 50% of 2 -> 1"
    custom = Severity(tiers={"excellent": 100, "good": 75, "complete": 50})
    assert custom.score("good", Fraction(2)).detail == "good = 75% of 2 -> 1.5"
    assert [name for name, _ in custom.tiers] == ["excellent", "good", "complete"]  # order kept


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("grave", "unknown tier 'grave'; known: full, minor, serious"),
        ("Full", "unknown tier 'Full'; known: full, minor, serious"),
        (Fraction(1), "unknown tier 1; known: full, minor, serious"),
        (True, "unknown tier True; known: full, minor, serious"),
    ],
)
def test_severity_rejects_unknown_tiers(value: object, message: str) -> None:
    with pytest.raises(ScoringError) as info:
        Severity().score(value, Fraction(1))  # type: ignore[arg-type]
    assert [(p.message, p.path) for p in info.value.problems] == [(message, "$.value")]


@pytest.mark.parametrize(
    ("tiers", "message", "path"),
    [
        ({"full": 101, "minor": 50}, "tiers are percentages from 0 to 100, got 101", "$.tiers.full"),
        ({"full": 100, "minor": -5}, "tiers are percentages from 0 to 100, got -5", "$.tiers.minor"),
        ({}, "a severity rule needs at least one tier", "$.tiers"),
    ],
)
def test_severity_parameters_are_checked(tiers: dict[str, int], message: str, path: str) -> None:
    assert [(p.message, p.path) for p in Severity(tiers=tiers).check(Fraction(1))] == [(message, path)]


@pytest.mark.parametrize(
    ("tiers", "path"),
    [({"1": 100, "1.0": 50}, "$.tiers.1.0"), ({"0.5": 100, "x": 0, "1/2": 50}, "$.tiers.1/2")],
)
def test_severity_tier_names_that_read_as_the_same_number_are_refused(tiers: dict[str, int], path: str) -> None:
    (problem,) = Severity(tiers=tiers).check(Fraction(1))
    assert problem.path == path
    assert "read as the same number, so a response cannot tell them apart" in problem.message


NUMBER_NAMES = ["1", "2", "0.5", "10", "1/3", "-1", "007", "1e2"]


@given(
    tiers=st.dictionaries(
        st.sampled_from([*NUMBER_NAMES, "full", "minor"]),
        st.integers(0, 100).map(Fraction),
        min_size=1,
    ).filter(lambda t: Severity(tiers=t).check(Fraction(1)) == []),
    data=st.data(),
)
def test_severity_tiers_named_like_numbers_are_answered_by_name_and_by_number(
    tiers: dict[str, Fraction], data: st.DataObject
) -> None:
    """A response "1" is read as the number 1 (files and Response alike); it answers the tier named "1"."""
    rule = Severity(tiers=tiers)
    name = data.draw(st.sampled_from(sorted(tiers)))
    expected = 2 * tiers[name] / 100
    assert rule.score(name, Fraction(2)).points == expected
    framework = Framework(
        id="f", version="1", title={"en": "F", "vi": "F"},
        criteria=[Criterion(id="1", label={"en": "a", "vi": "a"}, max=2, rule=rule)],
    )  # fmt: skip
    answers = Assessment(framework=FrameworkRef("f", "1"), subject=Subject("u", {"en": "U"}), period="2018",
                         responses=[Response("1", name)])  # fmt: skip
    card = score(framework, answers)
    assert card.total.points == expected
    outcome = next(card.traces()).outcome
    assert (outcome.input, outcome.detail.split(" = ")[0]) == (name, name)


def test_a_number_that_names_no_tier_is_unknown() -> None:
    with pytest.raises(ScoringError, match="unknown tier 3; known: 1, 2"):
        Severity(tiers={"1": 100, "2": 50}).score(Fraction(3), Fraction(1))


# ---------------------------------------------------------------------------------------------
# table: SIGMA-style points -> 0..5 -> scaled to the maximum

SIGMA = [
    {"gte": 0, "points": 0},
    {"gte": 5, "points": 1},
    {"gte": 9, "points": 2},
    {"gte": 13, "points": 3},
    {"gte": 17, "points": 4},
    {"gte": 21, "points": 5},
]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (0, 0),
        (4, 0),
        (Fraction(49, 10), 0),
        (5, 1),
        (8, 1),
        (9, 2),
        (12, 2),
        (13, 3),
        (17, 4),
        (20, 4),
        (21, 5),
        (99, 5),
    ],
)
def test_table_converts_points_to_the_scale_then_to_the_maximum(raw: Fraction, value: int) -> None:
    rule = Table(rows=SIGMA)
    assert rule.check(Fraction(10)) == []
    assert rule.score(Fraction(raw), Fraction(10)).points == Fraction(10 * value, 5)
    assert rule.score(Fraction(raw), Fraction(5)).points == value  # a 0..5 criterion keeps the value


def test_table_wording() -> None:
    assert Table(rows=SIGMA).score(Fraction(13), Fraction(10)).detail == "13 >= 13 -> 3 of 5 -> 6"
    assert Table(rows=SIGMA).score(Fraction(14), Fraction(10)).input == "14"


def test_table_with_another_scale() -> None:
    rule = Table(rows=[{"gte": 0, "points": 0}, {"gte": 50, "points": 2}, {"gte": 80, "points": 4}], scale=4)
    assert rule.score(Fraction(79), Fraction(2)).points == 1
    assert rule.score(Fraction(80), Fraction(2)).points == 2


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[dict[str, Fraction]], Fraction]:
    scale = draw(st.sampled_from([Fraction(5), Fraction(4), Fraction(10), Fraction(5, 2)]))
    cuts = sorted(draw(st.sets(st.integers(-20, 60).map(lambda n: Fraction(n, 2)), min_size=1, max_size=7)))
    values = [draw(st.integers(0, 20).map(lambda n: scale * Fraction(n, 20))) for _ in cuts]
    return [{"gte": c, "points": v} for c, v in zip(cuts, values, strict=True)], scale


@given(tables(), MAXIMA, st.integers(-25, 70).map(lambda n: Fraction(n, 2)))
def test_table_agrees_with_a_lookup_by_bisection(
    table: tuple[list[dict[str, Fraction]], Fraction], maximum: Fraction, raw: Fraction
) -> None:
    rows, scale = table
    rule = Table(rows=rows, scale=scale)
    assert rule.check(maximum) == []
    cuts = [r["gte"] for r in rows]
    at = bisect.bisect_right(cuts, raw) - 1
    if at < 0:
        with pytest.raises(ScoringError, match="lies below the first breakpoint"):
            rule.score(raw, maximum)
        return
    points = rule.score(raw, maximum).points
    assert points == maximum * rows[at]["points"] / scale
    assert points is not None
    assert 0 <= points <= maximum


@pytest.mark.parametrize(
    ("params", "message", "path"),
    [
        (
            {"rows": [{"gte": 0, "points": 0}, {"gte": 5, "points": 6}]},
            "a row's value must lie in [0, 5], got 6",
            "$.rows[1].points",
        ),
        ({"rows": [{"gte": 0, "points": -1}]}, "a row's value must lie in [0, 5], got -1", "$.rows[0].points"),
        (
            {"rows": [{"gte": 0, "points": 0}, {"gte": 5, "points": 1}, {"gte": 3, "points": 2}]},
            "breakpoints must rise strictly, got 3 after 5",
            "$.rows[2].gte",
        ),
        (
            {"rows": [{"gte": 5, "points": 1}, {"gte": 5, "points": 2}]},
            "breakpoints must rise strictly, got 5 after 5",
            "$.rows[1].gte",
        ),
        ({"rows": [{"gte": 0, "points": 0}], "scale": 0}, "scale must be > 0, got 0", "$.scale"),
        ({"rows": []}, "a table needs at least one row", "$.rows"),
        ({"rows": [{"lt": 5, "points": 1}]}, "a table row has exactly one bound, gte", "$.rows[0]"),
        ({"rows": [{"gte": 0, "lt": 5, "points": 1}]}, "a table row has exactly one bound, gte", "$.rows[0]"),
        (
            {"rows": [{"gte": 0, "points": 3}], "scale": 2},
            "a row's value must lie in [0, 2], got 3",
            "$.rows[0].points",
        ),
    ],
)
def test_table_parameters_are_checked(params: dict[str, object], message: str, path: str) -> None:
    try:
        rule = Table(**params)  # type: ignore[arg-type]
    except ModelError as exc:  # some rows fail already as bands
        problems = list(exc.problems)
    else:
        problems = rule.check(Fraction(10))
    assert (problems[0].message, problems[0].path) == (message, path)


def test_table_below_the_first_breakpoint_is_an_error() -> None:
    with pytest.raises(ScoringError, match=r"^3 lies below the first breakpoint 4 @ \$\.value$"):
        Table(rows=[{"gte": 4, "points": 1}]).score(Fraction(3), Fraction(1))


# ---------------------------------------------------------------------------------------------
# panel: CAF classical, six bands of whole numbers 0-100


@pytest.mark.parametrize(
    ("low", "high", "enablers", "results"),
    [
        (0, 10, "nothing planned or done", "no results measured or no data"),
        (11, 30, "Plan", "targets not met or a negative trend"),
        (31, 50, "Plan and Do", "some targets met or a flat trend"),
        (51, 70, "Plan, Do and Check", "most targets met or a weak positive trend"),
        (71, 90, "Plan, Do, Check and Act", "all targets met or a strong positive trend"),
        (91, 100, "full PDCA cycle, learning from others", "excellent results, better than others"),
    ],
)
def test_panel_bands_and_wording(low: int, high: int, enablers: str, results: str) -> None:
    for value in (low, high):
        e = Panel(kind="enablers").score(Fraction(value), Fraction(100))
        r = Panel(kind="results").score(Fraction(value), Fraction(100))
        assert e.points == r.points == value
        assert e.detail == f"{value} in {low}-{high} ({enablers}) -> {value}"
        assert r.detail == f"{value} in {low}-{high} ({results}) -> {value}"


@pytest.mark.parametrize(("below", "above"), [(10, 11), (30, 31), (50, 51), (70, 71), (90, 91)])
def test_panel_band_boundaries(below: int, above: int) -> None:
    def band(value: int) -> str:
        return Panel().score(Fraction(value), Fraction(100)).detail.split(" ")[2]

    assert band(below) == f"{PANEL_BANDS[[b[1] for b in PANEL_BANDS].index(below)][0]}-{below}"
    assert band(above) == f"{above}-{PANEL_BANDS[[b[0] for b in PANEL_BANDS].index(above)][1]}"


def test_panel_bands_cover_0_to_100_once() -> None:
    covered = [n for low, high, _, _ in PANEL_BANDS for n in range(low, high + 1)]
    assert covered == list(range(101))


@given(st.integers(0, 100), MAXIMA)
def test_panel_points_are_the_score_share_of_the_maximum(value: int, maximum: Fraction) -> None:
    outcome = Panel().score(Fraction(value), maximum)
    assert outcome.points == maximum * value / 100
    assert outcome.input == str(value)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Fraction(101, 2), "50.5"), (Fraction(-1), "-1"), (Fraction(101), "101"), (Fraction(1, 3), "0.3333")],
)
def test_panel_rejects_non_integers_and_out_of_range(value: Fraction, shown: str) -> None:
    with pytest.raises(ScoringError) as info:
        Panel().score(value, Fraction(100))
    assert [(p.message, p.path) for p in info.value.problems] == [
        (f"a panel score is a whole number from 0 to 100, got {shown}", "$.value")
    ]


def test_panel_rejects_a_boolean_and_a_word() -> None:
    with pytest.raises(ScoringError, match="expected a number, got the boolean true"):
        Panel().score(True, Fraction(100))
    with pytest.raises(ScoringError):
        Panel().score("high", Fraction(100))


def test_panel_kind_is_checked() -> None:
    problems = Panel(kind="inputs").check(Fraction(100))  # type: ignore[arg-type]
    assert [(p.message, p.path) for p in problems] == [("kind must be 'enablers' or 'results', got 'inputs'", "$.kind")]


# ---------------------------------------------------------------------------------------------
# in files and in the engine: errors carry the file and key path

HEAD = 'id = "f"\nversion = "1"\ntitle = { en = "F" }\nlanguages = ["en"]\n'


def leaf_text(rule: str, maximum: str = "10") -> str:
    return HEAD + f'[[criteria]]\nid = "a"\nlabel = {{ en = "A" }}\nmax = {maximum}\nrule = {rule}\n'


@pytest.mark.parametrize(
    ("rule", "line"),
    [
        ('{ type = "sparkles" }', "bad.toml: unknown rule 'sparkles'; known: bands, boolean, count,"),
        (
            '{ type = "severity", tiers = { full = 150, minor = 50 } }',
            "bad.toml: tiers are percentages from 0 to 100, got 150 @ $.criteria[0].rule.tiers.full",
        ),
        (
            '{ type = "table", rows = [{ gte = 0, points = 0 }, { gte = 5, points = 6 }] }',
            "bad.toml: a row's value must lie in [0, 5], got 6 @ $.criteria[0].rule.rows[1].points",
        ),
        (
            '{ type = "table", rows = [{ gte = 0, points = 0 }, { gte = 9, points = 1 }, { gte = 5, points = 2 }] }',
            "bad.toml: breakpoints must rise strictly, got 5 after 9 @ $.criteria[0].rule.rows[2].gte",
        ),
        (
            '{ type = "table", scale = -5, rows = [{ gte = 0, points = 0 }] }',
            "bad.toml: scale must be > 0, got -5 @ $.criteria[0].rule.scale",
        ),
        (
            '{ type = "panel", kind = "inputs" }',
            "bad.toml: must be one of enablers, results, got 'inputs' @ $.criteria[0].rule.kind",
        ),
        ('{ type = "panel", scale = 5 }', "bad.toml: unknown key 'scale' @ $.criteria[0].rule"),
    ],
)
def test_bad_rules_in_a_file(rule: str, line: str) -> None:
    with pytest.raises(LoadError) as info:
        loads(leaf_text(rule), Framework, source="bad.toml")
    assert str(info.value).startswith(line)


def test_an_unknown_rule_in_a_file_lists_the_known_ones() -> None:
    with pytest.raises(LoadError) as info:
        loads(leaf_text('{ type = "sparkles" }'), Framework, source="bad.toml")
    [problem] = info.value.problems
    assert problem.path == "$.criteria[0].rule.type"
    assert all(name in problem.message for name in ("severity", "table", "panel", "manual", "bands"))


def test_scoring_errors_from_these_rules_have_the_response_path() -> None:
    fw = Framework(
        id="f",
        version="1",
        title={"en": "F"},
        languages=["en"],
        criteria=[
            Criterion(id="s", label={"en": "s"}, max=1, rule={"type": "severity"}),
            Criterion(id="t", label={"en": "t"}, max=1, rule={"type": "table", "rows": SIGMA}),
            Criterion(id="p", label={"en": "p"}, max=1, rule={"type": "panel"}),
        ],
    )
    a = Assessment(
        framework=FrameworkRef("f", "1"),
        subject=Subject("u", {"en": "U"}),
        period="p",
        responses=[Response("s", "fatal"), Response("t", -1), Response("p", "50.5")],
    )
    with pytest.raises(AssessmentError) as info:
        score(fw, a)
    assert [(p.message, p.path) for p in info.value.problems] == [
        ("criterion 's' (severity): unknown tier 'fatal'; known: full, minor, serious", "$.responses[0].value"),
        ("criterion 't' (table): -1 lies below the first breakpoint 0", "$.responses[1].value"),
        ("criterion 'p' (panel): a panel score is a whole number from 0 to 100, got 50.5", "$.responses[2].value"),
    ]
