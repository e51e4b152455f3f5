"""
What the law checks share: :class:`LawViolation`, running a law under Hypothesis
(or inside your own ``@given`` test), and printing counterexamples.

A law is a plain function, ``check_<law>(subject, ...)``, that draws inputs,
checks one property and raises :class:`LawViolation` (an :class:`AssertionError`)
whose message names the law and shows the (shrunk) counterexample.

Called on its own, a law runs its own Hypothesis test with the current
settings profile (or *settings*). Inside your own ``@given`` test, pass
``data=`` (from ``st.data()``) and the law draws from your test instead.

Requires the hypothesis package.

>>> err = LawViolation("bounds", "points 3 exceed the maximum 2")
>>> print(err)
bounds law violated: points 3 exceed the maximum 2
>>> isinstance(err, AssertionError)
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any, cast

import attrs
from hypothesis import given
from hypothesis import settings as Settings  # noqa: N812  (the class, under a name that does not hide the argument)
from hypothesis import strategies as st
from hypothesis.database import ExampleDatabase

from parlib.assessment import Assessment
from parlib.errors import ParlibError
from parlib.framework import Criterion, Framework
from parlib.rules.base import describe

__all__ = ["Draw", "LawViolation", "difference", "outline", "run_law", "show", "subject_key"]

Draw = Callable[[st.SearchStrategy[Any]], Any]
"""How a law's body draws a value: ``draw(strategy)``."""


class LawViolation(ParlibError, AssertionError):  # noqa: N818  (a law is violated; "Error" would say less)
    """
    A law does not hold: the message names the law and shows the counterexample.

    ``law`` is the law's name (``bounds``, ``monotonicity``, ...).

    >>> LawViolation("round trip", "x").law
    'round trip'
    """

    def __init__(self, law: str, message: str) -> None:
        self.law = law
        super().__init__(f"{law} law violated: {message}")


class _Keyed(ExampleDatabase):
    """A view of another example database under a prefix: each law (and subject) keeps its own examples."""

    def __init__(self, inner: ExampleDatabase, prefix: bytes) -> None:
        super().__init__()
        self.inner = inner
        self.prefix = prefix

    def save(self, key: bytes, value: bytes) -> None:
        self.inner.save(self.prefix + key, value)

    def fetch(self, key: bytes) -> Iterable[bytes]:
        return self.inner.fetch(self.prefix + key)

    def delete(self, key: bytes, value: bytes) -> None:
        self.inner.delete(self.prefix + key, value)

    def move(self, src: bytes, dest: bytes, value: bytes) -> None:
        self.inner.move(self.prefix + src, self.prefix + dest, value)


def run_law(
    body: Callable[[Draw], None], *, data: st.DataObject | None, settings: Settings | None, key: str = ""
) -> None:
    """
    Run *body* under Hypothesis: drawing from *data* when given (inside your own
    ``@given`` test), else as its own test with *settings* (default: the current
    profile, without a deadline), reporting only the simplest failure. Examples
    saved in the example database are filed under *key* (the law and its subject),
    so that one law does not replay another's.

    >>> def body(draw):
    ...     n = draw(st.integers(0, 10))
    ...     if n > 5:
    ...         raise LawViolation("small numbers", f"{n} > 5")
    >>> run_law(body, data=None, settings=Settings(database=None, derandomize=True))
    Traceback (most recent call last):
    ...
    parlib.testing.laws.LawViolation: small numbers law violated: 6 > 5
    ...
    """
    if data is not None:
        body(data.draw)
        return

    @given(st.data())
    def law(case: st.DataObject) -> None:
        body(case.draw)

    # One law, one failure: report the simplest counterexample, not a group of them.
    # Without settings of its own, a law also has no deadline: an example scores
    # several trees, and being slow is not what a law is about.
    base = Settings() if settings is None else settings
    database = base.database
    if database is not None and key:
        database = _Keyed(database, hashlib.sha256(key.encode()).digest()[:8])
    chosen = Settings(
        parent=base,
        report_multiple_bugs=False,
        database=database,
        deadline=None if settings is None else base.deadline,
    )
    chosen(law)()


def subject_key(law: str, subject: object) -> str:
    """
    The example-database key of a law about *subject*: stable across runs (no memory addresses).

    >>> subject_key("bounds", len)
    'bounds:builtins.len'
    """
    name = getattr(subject, "__qualname__", None)
    if name is not None:
        return f"{law}:{getattr(subject, '__module__', '')}.{name}"
    return f"{law}:{subject!r}"


def _number(value: Fraction | None) -> str:
    return "-" if value is None else describe(value)


def _node_line(framework: Framework, node: Criterion, depth: int) -> str:
    parts = [f"{'  ' * depth}{node.id}", f"max={_number(framework.maximum_of(node))}"]
    if node.weight is not None:
        parts.append(f"weight={describe(node.weight)}")
    if node.aggregation is not None:
        parts.append(f"aggregation={node.aggregation!r}")
    if node.na_policy is not None:
        parts.append(f"na_policy={node.na_policy}")
    if node.na_min_share is not None:
        parts.append(f"na_min_share={describe(node.na_min_share)}")
    if node.allow_na:
        parts.append("allow_na")
    if node.role != "normal":
        parts.append(f"role={node.role}")
    if node.rule is not None:
        parts.append(repr(node.rule))
    return " ".join(parts)


def outline(framework: Framework, assessment: Assessment | None = None) -> str:
    """
    A compact picture of a framework (one line per criterion) and the responses,
    for counterexamples.

    >>> from parlib import Criterion, Framework
    >>> leaf = Criterion(id="1", label={"en": "a", "vi": "a"}, max=1, rule={"type": "boolean"})
    >>> print(outline(Framework(id="f", version="1", title={"en": "F", "vi": "F"}, criteria=[leaf])))
    framework 'f': aggregation=Additive() na_policy=exclude max=1
      1 max=1 Boolean(allow_na=False)
    """
    head = (
        f"framework {framework.id!r}: aggregation={framework.aggregation!r} na_policy={framework.na_policy}"
        + (f" na_min_share={describe(framework.na_min_share)}" if framework.na_min_share is not None else "")
        + f" max={describe(framework.maximum)}"
    )
    lines = [head]

    def visit(node: Criterion, depth: int) -> None:
        lines.append(_node_line(framework, node, depth))
        for child in node.children:
            visit(child, depth + 1)

    for top in framework.criteria:
        visit(top, 1)
    if assessment is not None:
        lines.append("responses:" if assessment.responses else "responses: none")
        for r in assessment.responses:
            shown = "not applicable" if r.not_applicable else show(r.value)
            lines.append(f"  {r.criterion} = {shown}")
    return "\n".join(lines)


def show(value: object) -> str:
    """
    A response value as a person reads it: exact numbers briefly, tables as ``{key: value}``.

    >>> show(Fraction(3, 2)), show({"yes": Fraction(4)}), show(True), show("minor")
    ('1.5', '{yes: 4}', 'True', "'minor'")
    """
    if isinstance(value, Fraction):
        return describe(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return repr(value)


def difference(a: object, b: object, path: str = "$") -> str | None:
    """
    Where two values first differ, as a key path with both sides, or ``None`` when equal.

    >>> from parlib import Label
    >>> difference({"x": [1, 2]}, {"x": [1, 3]})
    '$.x[1]: 2 != 3'
    >>> difference(Label.of(en="a"), Label.of(en="a")) is None
    True
    """
    if a == b:
        return None
    if type(a) is type(b) and attrs.has(type(a)):
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(a))):
            if not field.eq:
                continue
            found = difference(getattr(a, field.name), getattr(b, field.name), f"{path}.{field.name}")
            if found:
                return found
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items ({a!r} != {b!r})"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = difference(x, y, f"{path}[{i}]")
            if found:
                return found
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        for key in sorted(set(a) | set(b), key=str):
            found = difference(a.get(key), b.get(key), f"{path}.{key}")
            if found:
                return found
    return f"{path}: {a!r} != {b!r}"
