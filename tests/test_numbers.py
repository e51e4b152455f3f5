"""
Exact numbers: parsing without binary floats, and rounding only for presentation.

Rounding is checked against an independent computation with the standard
:mod:`decimal` module for every mode.
"""

from __future__ import annotations

import os
import re
import time
from decimal import (
    ROUND_05UP,
    ROUND_DOWN,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
    localcontext,
)
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parlib import ModelError, ParlibError, RoundingPolicy, parse_number
from parlib.numbers import MAX_EXPONENT, exact_decimal, to_plain

DECIMAL_MODES = {
    "half-up": ROUND_HALF_UP,
    "half-even": ROUND_HALF_EVEN,
    "half-down": ROUND_HALF_DOWN,
    "up": ROUND_UP,
    "down": ROUND_DOWN,
}

modes = st.sampled_from(sorted(DECIMAL_MODES))
places = st.integers(min_value=0, max_value=12)
fractions = st.fractions(min_value=-(10**20), max_value=10**20, max_denominator=10**9)  # up to 33 digits


def decimal_round(value: Fraction, places: int, mode: str) -> Decimal:
    """
    Round with the decimal module, independently of parlib: divide to 200 digits
    with ROUND_05UP (which keeps a second rounding correct), then quantize.
    """
    with localcontext() as ctx:
        ctx.prec = 200
        ctx.rounding = ROUND_05UP
        quotient = Decimal(value.numerator) / Decimal(value.denominator)
        return quotient.quantize(Decimal(1).scaleb(-places), rounding=DECIMAL_MODES[mode])


PROFILES = {
    "default": {"max_examples": 100},
    "ci": {"max_examples": 200, "deadline": None, "derandomize": True, "print_blob": True},
    "thorough": {"max_examples": 5000, "deadline": None},
}


def test_the_hypothesis_profile_comes_from_the_environment() -> None:
    wanted = PROFILES[os.environ.get("HYPOTHESIS_PROFILE", "default")]
    current = settings()
    assert {key: getattr(current, key) for key in wanted} == wanted
    assert current.suppress_health_check == ()


# -- parsing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0.5", Fraction(1, 2)),
        (" 0.5 ", Fraction(1, 2)),
        ("-2.50", Fraction(-5, 2)),
        ("1e-3", Fraction(1, 1000)),
        ("1/3", Fraction(1, 3)),
        ("14.5", Fraction(29, 2)),
        (1, Fraction(1)),
        (0, Fraction(0)),
        (10**30, Fraction(10**30)),
        (Decimal("0.1"), Fraction(1, 10)),
        (Decimal("-1.25E+2"), Fraction(-125)),
        (0.1, Fraction(1, 10)),
        (14.5, Fraction(29, 2)),
        (1e-7, Fraction(1, 10**7)),
        (Fraction(2, 3), Fraction(2, 3)),
    ],
)
def test_parse_number_reads_exact_values(raw: object, expected: Fraction) -> None:
    parsed = parse_number(raw)
    assert type(parsed) is Fraction
    assert parsed == expected


def test_floats_parse_through_their_shortest_repr_so_tenths_add_up() -> None:
    assert parse_number(0.1) + parse_number(0.2) == parse_number(0.3) == Fraction(3, 10)
    assert sum((parse_number(0.1) for _ in range(10)), Fraction(0)) == 1
    assert 0.1 + 0.2 != 0.3  # the binary artefact the parser avoids


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_parses_to_the_decimal_its_repr_shows(x: float) -> None:
    parsed = parse_number(x)
    assert float(parsed) == x
    assert parsed == parse_number(repr(x))
    shown = exact_decimal(parsed)
    assert shown is not None
    assert len(shown.normalize().as_tuple().digits) <= 17  # significant digits of a shortest repr


@given(fractions)
def test_the_plain_form_written_to_files_reads_back_exactly(value: Fraction) -> None:
    plain = to_plain(value)
    assert not isinstance(plain, float)
    assert parse_number(plain) == value


@pytest.mark.parametrize(
    "raw",
    [
        True,
        False,
        float("nan"),
        float("inf"),
        float("-inf"),
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
        "nan",
        "inf",
        "Infinity",
        "",
        "   ",
        "abc",
        "1,5",
        "0x10",
        "1/0",
        "1/2/3",
        "--1",
        None,
        [],
        {},
        b"1",
        1j,
    ],
)
def test_parse_number_refuses_what_is_not_a_finite_number(raw: object) -> None:
    with pytest.raises(ModelError) as info:
        parse_number(raw)
    assert isinstance(info.value, ParlibError)
    assert info.value.problems[0].message.startswith("expected a")


@pytest.mark.parametrize(
    "raw",
    [
        "1e999999999",
        "-1e999999999",
        "1e-999999999",
        Decimal("1e999999999"),
        f"1e{MAX_EXPONENT + 1}",
        "1" * 5000 + "/3",
    ],
)
def test_numbers_too_large_to_hold_exactly_are_refused_at_once(raw: object) -> None:
    started = time.perf_counter()
    with pytest.raises(ModelError):
        parse_number(raw)
    assert time.perf_counter() - started < 1  # not a hang building 10**999999999


def test_numbers_at_the_exponent_limit_are_exact() -> None:
    assert parse_number(f"1e{MAX_EXPONENT}") == 10**MAX_EXPONENT
    assert parse_number(f"1e-{MAX_EXPONENT}") == Fraction(1, 10**MAX_EXPONENT)
    assert parse_number("0e999999999") == 0


# -- rounding -----------------------------------------------------------------


def test_the_default_policy_is_two_places_half_up() -> None:
    assert RoundingPolicy() == RoundingPolicy(places=2, mode="half-up")
    policy = RoundingPolicy()
    assert policy.round(Fraction(1, 8)) == Decimal("0.13")
    assert policy.round(Fraction(-1, 8)) == Decimal("-0.13")
    assert policy.round(parse_number(2.675)) == Decimal("2.68")
    assert round(2.675, 2) == 2.67  # what binary floats would have shown


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("half-up", ["0.13", "0.38", "-0.13", "0.12", "0.13"]),
        ("half-even", ["0.12", "0.38", "-0.12", "0.12", "0.13"]),
        ("half-down", ["0.12", "0.37", "-0.12", "0.12", "0.13"]),
        ("up", ["0.13", "0.38", "-0.13", "0.13", "0.13"]),
        ("down", ["0.12", "0.37", "-0.12", "0.12", "0.12"]),
    ],
)
def test_each_mode_on_ties_and_near_ties(mode: str, expected: list[str]) -> None:
    policy = RoundingPolicy(places=2, mode=mode)  # type: ignore[arg-type]
    values = [Fraction(1, 8), Fraction(3, 8), Fraction(-1, 8), Fraction(1201, 10000), Fraction(1299, 10000)]
    assert [policy.format(v) for v in values] == expected


@given(fractions, places, modes)
def test_rounding_agrees_with_the_decimal_module(value: Fraction, places: int, mode: str) -> None:
    rounded = RoundingPolicy(places=places, mode=mode).round(value)  # type: ignore[arg-type]
    assert rounded == decimal_round(value, places, mode)
    assert rounded.as_tuple().exponent == -places


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=6), modes)
def test_rounding_exact_ties_agrees_with_the_decimal_module(n: int, places: int, mode: str) -> None:
    tie = Fraction(2 * n + 1, 2 * 10**places)  # exactly half-way between two neighbours
    rounded = RoundingPolicy(places=places, mode=mode).round(tie)  # type: ignore[arg-type]
    assert rounded == decimal_round(tie, places, mode)


@given(fractions, places, modes)
def test_format_shows_plain_digits_with_exactly_the_places(value: Fraction, places: int, mode: str) -> None:
    policy = RoundingPolicy(places=places, mode=mode)  # type: ignore[arg-type]
    text = policy.format(value)
    pattern = r"-?\d+" if places == 0 else rf"-?\d+\.\d{{{places}}}"
    assert re.fullmatch(pattern, text), text
    assert Decimal(text) == policy.round(value)
    assert not re.fullmatch(r"-0(\.0*)?", text)


@given(fractions, places, modes)
def test_brief_is_the_rounded_value_without_trailing_zeros(value: Fraction, places: int, mode: str) -> None:
    policy = RoundingPolicy(places=places, mode=mode)  # type: ignore[arg-type]
    text = policy.brief(value)
    assert re.fullmatch(r"-?\d+(\.\d*[1-9])?", text), text
    assert Decimal(text) == policy.round(value)
    assert text != "-0"


def test_tiny_values_with_many_places_are_not_shown_in_exponent_form() -> None:
    policy = RoundingPolicy(places=8)
    assert policy.format(Fraction(1, 10**8)) == "0.00000001"
    assert policy.format(Fraction(0)) == "0.00000000"
    assert policy.brief(Fraction(0)) == "0"


def test_exact_values_print_without_binary_artefacts() -> None:
    third_of_a_tenth = parse_number(0.1) * 3
    assert RoundingPolicy(places=12).format(third_of_a_tenth) == "0.300000000000"
    assert RoundingPolicy(places=2).brief(parse_number(0.1) + parse_number(0.2)) == "0.3"


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"places": -1}, "$.places"),
        ({"places": 13}, "$.places"),
        ({"places": True}, "$.places"),
        ({"mode": "bankers"}, "$.mode"),
    ],
)
def test_a_bad_rounding_policy_is_refused_with_its_key(kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(ModelError) as info:
        RoundingPolicy(**kwargs)  # type: ignore[arg-type]
    assert info.value.problems[0].path == path


def test_values_with_more_digits_than_a_decimal_context_stay_exact() -> None:
    value = Fraction(1342177281, 2**27)  # 10.000000007450580596923828125: 29 significant digits
    assert exact_decimal(value) == Decimal("10.000000007450580596923828125")
    assert parse_number(to_plain(value)) == value
    big = Fraction(10**20) + Fraction(1, 3)
    assert RoundingPolicy(places=12).format(big) == "100000000000000000000.333333333333"


PLAIN_DECIMALS = st.builds(
    lambda sign, whole, places: f"{sign}{whole}{'.' + places if places is not None else ''}",
    st.sampled_from(["", "-", "+"]),
    st.from_regex(r"\A[0-9]{1,30}\Z"),
    st.none() | st.from_regex(r"\A[0-9]{1,30}\Z"),
)


@given(PLAIN_DECIMALS)
def test_a_plain_decimal_reads_as_its_decimal_value(text: str) -> None:
    """The integer fast path for plain decimals agrees with reading through Decimal."""
    assert parse_number(text) == Fraction(Decimal(text))
    assert parse_number(f" {text} ") == Fraction(Decimal(text))
