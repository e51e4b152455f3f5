"""
The cattrs converter factory: strict structuring with key-path errors, exact numbers.

Never the global converter: :func:`make_converter` builds a fresh one, and
:func:`configure_converter` installs parlib's hooks into a converter of yours.

>>> from parlib.framework import Band
>>> conv = make_converter()
>>> conv.structure({"label": "A", "gte": "90"}, Band)
Band(label='A', gte=Fraction(90, 1), gt=None, note='')
>>> conv.structure({"label": "A", "gtee": 90}, Band)
Traceback (most recent call last):
...
cattrs.errors.ClassValidationError: While structuring Band (1 sub-exception)
"""

from __future__ import annotations

import datetime
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any, Literal, get_args, get_origin

import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from parlib.aggregation import AGGREGATIONS, Aggregation
from parlib.assessment import to_value
from parlib.errors import Problem, ProblemsError
from parlib.label import Label
from parlib.numbers import parse_number, to_plain
from parlib.rules import RULES, Bands, Linear, Rule
from parlib.rules.base import Value

__all__ = ["configure_converter", "make_converter", "problems_from"]

_PAIRS = tuple[tuple[str, Fraction], ...]


def _structure_fraction(value: object, _type: object) -> Fraction:
    return parse_number(value)


def _structure_label(value: object, _type: object) -> Label:
    return Label(value)


def _structure_date(value: object, _type: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise ValueError(f"expected a date (YYYY-MM-DD), got the date-time {value.isoformat()}")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a date (YYYY-MM-DD), got {value!r}") from None
    raise ValueError(f"expected a date (YYYY-MM-DD), got {value!r}")


def _structure_datetime(value: object, _type: object) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"expected a date-time (YYYY-MM-DDTHH:MM:SS, optionally +07:00), got {value!r}")


def _structure_pairs(value: object, _type: object) -> _PAIRS:
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a table of name = number, got {value!r}")
    out = []
    for key, raw in value.items():
        try:
            out.append((str(key), parse_number(raw)))
        except ProblemsError as exc:
            raise exc.under(f"$.{key}") from None
    return tuple(out)


def _unstructure_pairs(pairs: _PAIRS) -> OrderedDict[str, object]:
    """Named options whose order is data (likert options, severity tiers): an OrderedDict keeps it in files."""
    return OrderedDict((k, to_plain(v)) for k, v in pairs)


def _is_value(tp: object) -> bool:
    return tp == (Value | None)


def _structure_value(value: object, _type: object) -> Value | None:
    return to_value(value)


def _unstructure_value(value: Value | None) -> object:
    if isinstance(value, Fraction):
        return to_plain(value)
    if isinstance(value, Mapping):
        return {k: to_plain(v) for k, v in value.items()}
    return value


def _is_literal(tp: object) -> bool:
    return get_origin(tp) is Literal


def _structure_literal(value: object, tp: object) -> object:
    allowed = get_args(tp)
    if not any(type(value) is type(a) and value == a for a in allowed):
        raise ValueError(f"must be one of {', '.join(str(a) for a in allowed)}, got {value!r}")
    return value


def _str_only(value: object, _type: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {type(value).__name__} {value!r}")
    return value


def _bool_only(value: object, _type: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _int_only(value: object, _type: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {value!r}")
    return value


def configure_converter(conv: cattrs.Converter) -> cattrs.Converter:
    """
    Install parlib's hooks into *conv* (exact numbers, labels, dates, rules) and return it.

    >>> import cattrs
    >>> from fractions import Fraction
    >>> conv = configure_converter(cattrs.Converter())
    >>> conv.unstructure(Fraction(1, 4), Fraction)
    Decimal('0.25')
    """
    conv.register_structure_hook(Fraction, _structure_fraction)
    conv.register_unstructure_hook(Fraction, to_plain)
    conv.register_structure_hook(str, _str_only)
    conv.register_structure_hook(bool, _bool_only)
    conv.register_structure_hook(int, _int_only)
    conv.register_structure_hook_func(_is_literal, _structure_literal)
    conv.register_structure_hook(Label, _structure_label)
    conv.register_unstructure_hook(Label, Label.as_dict)
    conv.register_structure_hook(datetime.date, _structure_date)
    conv.register_unstructure_hook(datetime.date, lambda d: d)
    conv.register_structure_hook(datetime.datetime, _structure_datetime)
    conv.register_unstructure_hook(datetime.datetime, lambda d: d)
    conv.register_structure_hook_func(lambda t: t == _PAIRS, _structure_pairs)
    conv.register_unstructure_hook_func(lambda t: t == _PAIRS, _unstructure_pairs)
    conv.register_structure_hook_func(_is_value, _structure_value)
    conv.register_unstructure_hook_func(_is_value, _unstructure_value)
    _install_rule_hooks(conv)
    _install_aggregation_hooks(conv)
    return conv


def _install_rule_hooks(conv: cattrs.Converter) -> None:
    """Rules are tables with a ``type`` naming a class in :data:`parlib.rules.RULES`."""

    def structure_rule(value: object, _type: object) -> Any:
        cls, params = RULES.pick(value)
        if _type == (Bands | Linear) and cls not in (Bands, Linear):
            raise ProblemsError.one(f"expected 'bands' or 'linear', got {cls.type!r}", "$.type")
        return conv.structure(params, cls)

    def unstructure_rule(rule: Any) -> dict[str, object]:
        return {"type": rule.type, **conv.unstructure(rule, type(rule))}

    conv.register_structure_hook(Rule, structure_rule)
    conv.register_structure_hook_func(lambda t: t == (Bands | Linear), structure_rule)
    conv.register_unstructure_hook(Rule, unstructure_rule)
    conv.register_unstructure_hook_func(lambda t: t == (Bands | Linear), unstructure_rule)


def _install_aggregation_hooks(conv: cattrs.Converter) -> None:
    """Aggregations are names or tables with a ``type`` in :data:`parlib.aggregation.AGGREGATIONS`."""

    def structure_aggregation(value: object, _type: object) -> Any:
        cls, params = AGGREGATIONS.pick(value, by_name=True)
        agg = conv.structure(params, cls)
        problems = agg.check()
        if problems:
            raise ProblemsError(problems)
        return agg

    def unstructure_aggregation(agg: Any) -> object:
        params = conv.unstructure(agg, type(agg))
        return {"type": agg.type, **params} if params else agg.type

    conv.register_structure_hook(Aggregation, structure_aggregation)
    conv.register_unstructure_hook(Aggregation, unstructure_aggregation)


def make_converter(**kwargs: Any) -> cattrs.Converter:
    """
    A new strict converter: unknown keys are errors, defaults are omitted on output.

    Keyword arguments go to :class:`cattrs.Converter`.

    >>> from parlib.evidence import Evidence
    >>> make_converter().unstructure(Evidence(id="E1", title="Plan"))
    {'id': 'E1', 'title': 'Plan'}
    """
    kwargs.setdefault("forbid_extra_keys", True)
    kwargs.setdefault("omit_if_default", True)
    kwargs.setdefault("detailed_validation", True)
    return configure_converter(cattrs.Converter(**kwargs))


def _message(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, TypeError) and "__init__()" in str(exc):
        return f"bad or missing keys: {str(exc).split('__init__() ', 1)[-1]}"
    text = str(exc)
    return text or type(exc).__name__


def problems_from(exc: BaseException, path: str = "$") -> Iterator[Problem]:
    """
    Flatten a cattrs structuring error (or a parlib error) into :class:`Problem` lines.

    Keeps the validators' own messages, and turns unknown keys into
    ``unknown key 'wieght'`` at the table that holds them.

    >>> from parlib.framework import Band
    >>> try:
    ...     make_converter().structure({"label": "A", "gtee": 90}, Band)
    ... except Exception as exc:
    ...     print(*problems_from(exc))
    unknown key 'gtee' @ $
    """
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from problems_from(sub, f"{path}.{note.name}")
        for sub in without:
            yield from problems_from(sub, path)
    elif isinstance(exc, IterableValidationError):
        indexed, rest = exc.group_exceptions()
        for sub, inote in indexed:
            step = f"[{inote.index}]" if isinstance(inote.index, int) else f".{inote.index}"
            yield from problems_from(sub, f"{path}{step}")
        for sub in rest:
            yield from problems_from(sub, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        keys = sorted(exc.extra_fields)
        word = "key" if len(keys) == 1 else "keys"
        yield Problem(f"unknown {word} {', '.join(repr(k) for k in keys)}", path)
    elif isinstance(exc, ProblemsError):
        for p in exc.problems:
            yield p.under(path)
    else:
        yield Problem(_message(exc), path)
