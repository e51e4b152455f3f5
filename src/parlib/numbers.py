"""
Exact numbers for points: parsing, exact arithmetic, and rounding only for people.

Points are :class:`fractions.Fraction` values. Inputs are parsed without ever
passing through a binary float: ``"0.5"``, ``1``, :class:`~decimal.Decimal` and
floats (read through their shortest ``repr``, so ``0.1`` is exactly one tenth).

>>> parse_number(0.1) + parse_number("0.2") == parse_number("0.3")
True
>>> RoundingPolicy(places=2).format(Fraction(2, 3))
'0.67'
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from operator import attrgetter
from typing import Literal

import attrs

from parlib.errors import ModelError

__all__ = [
    "DENOMINATOR",
    "Fraction",
    "MAX_EXPONENT",
    "NUMERATOR",
    "RoundingMode",
    "RoundingPolicy",
    "exact_decimal",
    "to_number",
    "to_optional_number",
    "parse_number",
    "to_plain",
]


def _parts() -> tuple[Callable[[Fraction], int], Callable[[Fraction], int]]:
    probe = Fraction(3, 4)
    if (getattr(probe, "_numerator", None), getattr(probe, "_denominator", None)) == (3, 4):
        return attrgetter("_numerator"), attrgetter("_denominator")  # the slots: no property call
    return attrgetter("numerator"), attrgetter("denominator")  # pragma: no cover


NUMERATOR, DENOMINATOR = _parts()
"""
Fast getters of a Fraction's numerator and denominator, for ``map`` over many numbers.

They read CPython's slots directly (three times faster than the properties) where
the running Python has them, and the public properties otherwise.

>>> list(map(NUMERATOR, [Fraction(1, 2), Fraction(3)])), list(map(DENOMINATOR, [Fraction(1, 2)]))
([1, 3], [2])
"""

RoundingMode = Literal["half-up", "half-even", "half-down", "up", "down"]
ROUNDING_MODES: tuple[str, ...] = ("half-up", "half-even", "half-down", "up", "down")

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_RATIO = re.compile(r"^[+-]?\d+/\d+$")
_PLAIN = re.compile(r"[+-]?\d{1,30}(?:\.(\d{1,30}))?")  # the usual decimal: read in integers, no Decimal

MAX_EXPONENT = 1000
"""Decimal exponents beyond this (``1e1001``, ``1e-1001``) are refused: no score
comes near them, and the exact value of ``1e999999999`` would not fit in memory."""


def _from_decimal(value: Decimal, shown: object) -> Fraction:
    if not value.is_finite():
        raise ModelError.one(f"expected a finite number, got {shown}")
    if value and abs(value.adjusted()) > MAX_EXPONENT:
        raise ModelError.one(f"expected a number between 1e-{MAX_EXPONENT} and 1e{MAX_EXPONENT} in size, got {shown}")
    return Fraction(value)


def parse_number(value: object) -> Fraction:
    """
    Parse *value* into an exact :class:`~fractions.Fraction`.

    Accepts ``int``, ``Fraction``, ``Decimal``, ``float`` (through its
    shortest repr) and strings holding a decimal literal (``"0.5"``,
    ``"1e-3"``) or a ratio (``"1/3"``). Booleans, NaN and infinities are
    refused with :class:`~parlib.errors.ModelError`, and so are numbers
    beyond :data:`MAX_EXPONENT` (``"1e999999999"``).

    >>> parse_number("0.5"), parse_number(0.1), parse_number("1/3")
    (Fraction(1, 2), Fraction(1, 10), Fraction(1, 3))
    >>> parse_number(float("nan"))
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: expected a finite number, got nan @ $
    >>> parse_number("1e999999999")
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: expected a number between 1e-1000 and 1e1000 in size, got '1e999999999' @ $
    """
    if type(value) is Fraction:
        return value
    if isinstance(value, bool):
        raise ModelError.one(f"expected a number, got the boolean {str(value).lower()}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ModelError.one(f"expected a finite number, got {value!r}")
        return Fraction(repr(value))
    if isinstance(value, Decimal):
        return _from_decimal(value, value)
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        plain = _PLAIN.fullmatch(text)
        if plain is not None:
            places = plain.group(1)
            return Fraction(int(text)) if places is None else Fraction(int(text.replace(".", "")), 10 ** len(places))
        if _NUMBER.match(text):
            return _from_decimal(Decimal(text), repr(value))
        if _RATIO.match(text):
            try:
                num, den = (int(part) for part in text.split("/"))
            except ValueError:  # more digits than int() reads
                raise ModelError.one(f"expected a number, got {value[:40]!r}... (too many digits)") from None
            if den == 0:
                raise ModelError.one(f"expected a number, got {value!r} (division by zero)")
            return Fraction(num, den)
        raise ModelError.one(f"expected a number, got {value!r}")
    raise ModelError.one(f"expected a number, got {type(value).__name__} {value!r}")


def _shifted(whole: int, places: int) -> Decimal:
    """``whole / 10**places`` as an exact Decimal (``scaleb`` would round to the context's 28 digits)."""
    sign, digits, _ = Decimal(whole).as_tuple()
    return Decimal((sign, digits, -places))


def exact_decimal(value: Fraction) -> Decimal | None:
    """
    Return *value* as an exact :class:`~decimal.Decimal`, or ``None`` if its
    decimal expansion does not terminate.

    >>> exact_decimal(Fraction(1, 8)), exact_decimal(Fraction(1, 3))
    (Decimal('0.125'), None)
    >>> exact_decimal(Fraction(1342177281, 2**27))  # 29 digits: more than a Decimal context keeps
    Decimal('10.000000007450580596923828125')
    """
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return None
    places = max(twos, fives)
    scaled = value * 10**places
    return _shifted(scaled.numerator, places)


def to_plain(value: Fraction) -> int | Decimal | str:
    """
    Return the exact plain form written to files: an ``int``, a ``Decimal``,
    or a ``"p/q"`` string when the decimal expansion does not terminate.

    >>> to_plain(Fraction(3)), to_plain(Fraction(1, 4)), to_plain(Fraction(2, 3))
    (3, Decimal('0.25'), '2/3')
    """
    if value.denominator == 1:
        return value.numerator
    dec = exact_decimal(value)
    if dec is None:
        return f"{value.numerator}/{value.denominator}"
    return dec


def _round_scaled(value: Fraction, mode: str) -> int:
    """Round a fraction to an integer with the given mode, exactly."""
    sign = -1 if value < 0 else 1
    mag = abs(value)
    whole, rest = divmod(mag.numerator, mag.denominator)
    den = mag.denominator
    if rest == 0:
        return sign * whole
    if mode == "down":
        return sign * whole
    if mode == "up":
        return sign * (whole + 1)
    twice = 2 * rest
    if twice > den:
        return sign * (whole + 1)
    if twice < den:
        return sign * whole
    if mode == "half-up":
        return sign * (whole + 1)
    if mode == "half-down":
        return sign * whole
    return sign * (whole + (whole % 2))  # half-even


def _check_places(_inst: object, _attr: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 12:
        raise ModelError.one(f"places must be a whole number from 0 to 12, got {value!r}", "$.places")


def _check_mode(_inst: object, _attr: object, value: str) -> None:
    if value not in ROUNDING_MODES:
        known = ", ".join(ROUNDING_MODES)
        raise ModelError.one(f"unknown rounding mode {value!r}; known: {known}", "$.mode")


@attrs.frozen
class RoundingPolicy:
    """
    How numbers are rounded when shown to a person: decimal places and mode.

    Rounding is exact (integer arithmetic on the fraction), and modes name
    what happens to magnitudes, so ``half-up`` rounds -0.125 to -0.13.

    >>> p = RoundingPolicy(places=2)
    >>> p.round(Fraction(1, 8)), p.round(Fraction(-1, 8))
    (Decimal('0.13'), Decimal('-0.13'))
    >>> RoundingPolicy(places=2, mode="half-even").round(Fraction(1, 8))
    Decimal('0.12')
    """

    places: int = attrs.field(default=2, validator=_check_places)
    mode: RoundingMode = attrs.field(default="half-up", validator=_check_mode)

    def round(self, value: Fraction) -> Decimal:
        """
        Round *value* to this policy's places, as a Decimal with exactly that many places.

        >>> RoundingPolicy(places=1).round(Fraction(1, 1))
        Decimal('1.0')
        """
        scaled = _round_scaled(value * 10**self.places, self.mode)
        return _shifted(scaled, self.places)

    def format(self, value: Fraction) -> str:
        """
        Round and print with all places (for aligned tables).

        >>> RoundingPolicy(places=2).format(Fraction(1, 2)), RoundingPolicy(places=8).format(Fraction(0))
        ('0.50', '0.00000000')
        """
        return f"{self.round(value):f}"

    def brief(self, value: Fraction) -> str:
        """
        Round and print without trailing zeros (for traces and sentences).

        >>> p = RoundingPolicy(places=2)
        >>> p.brief(Fraction(1, 2)), p.brief(Fraction(14)), p.brief(Fraction(2, 3))
        ('0.5', '14', '0.67')
        """
        text = self.format(value)
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text


def to_number(value: object) -> Fraction:
    """
    An attrs converter: :func:`parse_number` under a name that reads well in signatures.

    >>> to_number("0.25")
    Fraction(1, 4)
    """
    return parse_number(value)


def to_optional_number(value: object) -> Fraction | None:
    """
    Like :func:`to_number`, but ``None`` stays ``None``.

    >>> to_optional_number(None) is None
    True
    """
    return None if value is None else parse_number(value)
