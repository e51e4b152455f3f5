"""
The laws of files: round trip (``load(dump(x)) == x``) and determinism (same
input, same bytes), for any serializer (:data:`parlib.io.SERIALIZERS`, or your own
object with ``parse`` and ``render``).

Requires the hypothesis package.

>>> from hypothesis import settings
>>> check_round_trip("json", objects=labels(), settings=settings(max_examples=10, database=None))
"""

from __future__ import annotations

import copy
import random
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import settings as Settings  # noqa: N812  (the class, under a name that does not hide the argument)
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from parlib.errors import ParlibError
from parlib.io import SERIALIZERS, Serializer, structure, unstructure
from parlib.testing.answers import assessments, responses, subjects
from parlib.testing.laws import Draw, LawViolation, difference, run_law, subject_key
from parlib.testing.records import evidence, findings, recommendations
from parlib.testing.rulekit import rules
from parlib.testing.trees import criteria, frameworks
from parlib.testing.words import labels

__all__ = ["check_deterministic", "check_round_trip", "model_objects"]


def model_objects(*, rule_types: Sequence[str] | None = None) -> st.SearchStrategy[Any]:
    """
    Any object that files hold: frameworks (survey-scored criteria, tiers and
    layer orders among them), criteria, rules (of *rule_types*, default all),
    labels, assessments (layered ones among them, with adjustments and locks),
    responses, evidence, findings, recommendations and subjects.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> type(find(model_objects(), lambda x: True)).__name__
    'Label'
    """
    return st.one_of(
        labels(),
        rules(types=rule_types),
        evidence(),
        recommendations(),
        findings(criteria=["1", "1.1"], evidence=["E1"]),
        subjects(),
        criteria(rule_types=rule_types).flatmap(lambda c: responses(_first_leaf(c))),
        criteria(rule_types=rule_types),
        frameworks(rule_types=rule_types, survey=True, tiers=True, layers=True),
        frameworks(rule_types=rule_types).flatmap(assessments),
        frameworks(rule_types=rule_types, survey=True, layers=True).flatmap(_layered),
    )


def _layered(framework: Any) -> st.SearchStrategy[Any]:
    return assessments(framework, layers=True)


def _first_leaf(criterion: Any) -> Any:
    return next(c for c in criterion.walk() if c.is_leaf)


def _serializer(subject: Serializer | str) -> Serializer:
    if isinstance(subject, str):
        try:
            return SERIALIZERS.get(subject)
        except ParlibError as exc:
            raise InvalidArgument(str(exc)) from None
    if not (callable(getattr(subject, "parse", None)) and callable(getattr(subject, "render", None))):
        raise InvalidArgument(f"a serializer has parse(text) and render(data); got {subject!r}")
    return subject


def _name(serializer: Serializer) -> str:
    return str(getattr(serializer, "name", type(serializer).__name__))


def check_round_trip(
    serializer: Serializer | str,
    *,
    objects: st.SearchStrategy[Any] | None = None,
    data: st.DataObject | None = None,
    settings: Settings | None = None,
) -> None:
    """
    **Round trip:** writing any object with *serializer* and reading it back gives
    an equal object: ``structure(parse(render(unstructure(x))), type(x)) == x``,
    which is ``loads(dumps(x, fmt), type(x), fmt) == x`` for a registered format.

    *objects* defaults to :func:`model_objects`.

    Requires the hypothesis package.

    >>> from hypothesis import settings
    >>> from parlib.testing import evidence
    >>> check_round_trip("toml", objects=evidence(), settings=settings(max_examples=10, database=None))
    """
    writer = _serializer(serializer)
    things = model_objects() if objects is None else objects

    def body(draw: Draw) -> None:
        original = draw(things)
        text = writer.render(unstructure(original))
        try:
            loaded = structure(writer.parse(text), type(original), source=f"<{_name(writer)}>")
        except ParlibError as exc:
            raise LawViolation(
                "round trip", f"{_name(writer)} cannot read back what it wrote for {original!r}:\n{exc}\n{text}"
            ) from exc
        if loaded != original:
            raise LawViolation(
                "round trip",
                f"{_name(writer)} changed {type(original).__name__} on the way back,"
                f" at {difference(original, loaded)}\nwritten:\n{text}",
            )

    run_law(body, data=data, settings=settings, key=subject_key("check_round_trip", serializer))


def _shuffled(data: object, rnd: random.Random) -> object:
    """Plain data with the keys of every table in a random order (lists keep theirs)."""
    if isinstance(data, Mapping):
        keys = list(data)
        rnd.shuffle(keys)
        return {k: _shuffled(data[k], rnd) for k in keys}
    if isinstance(data, list):
        return [_shuffled(v, rnd) for v in data]
    return data


def check_deterministic(
    serializer: Serializer | str,
    *,
    objects: st.SearchStrategy[Any] | None = None,
    data: st.DataObject | None = None,
    settings: Settings | None = None,
) -> None:
    """
    **Determinism:** the same object gives the same bytes: written twice, written
    from a copy, and written from an equal object rebuilt from its plain data with
    every table's keys in another order.

    *objects* defaults to :func:`model_objects`.

    Requires the hypothesis package.

    >>> from hypothesis import settings
    >>> check_deterministic("json", objects=labels(), settings=settings(max_examples=10, database=None))
    """
    writer = _serializer(serializer)
    things = model_objects() if objects is None else objects

    def body(draw: Draw) -> None:
        original = draw(things)
        rnd = draw(st.randoms(use_true_random=False))
        plain = unstructure(original)
        first = writer.render(plain)
        twins = [("written again", original), ("a copy", copy.deepcopy(original))]
        rebuilt = structure(_shuffled(plain, rnd), type(original))
        if rebuilt == original:
            twins.append(("an equal object with its tables' keys reordered", rebuilt))
        for how, twin in twins:
            text = writer.render(unstructure(twin))
            if text != first:
                raise LawViolation(
                    "determinism",
                    f"{_name(writer)} wrote different bytes for {how} of {type(original).__name__}:"
                    f"\n{first}\n--- versus ---\n{text}",
                )

    run_law(body, data=data, settings=settings, key=subject_key("check_deterministic", serializer))
