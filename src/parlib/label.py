"""
Multilingual text: a :class:`Label` maps language codes (``vi``, ``en``, ...) to text.

>>> label = Label.of(vi="Cải cách hành chính", en="Administrative reform")
>>> label.get("en"), label.get("fr")
('Administrative reform', 'Cải cách hành chính')
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from parlib.errors import ModelError, Problem

__all__ = ["Label", "to_label"]


def _texts(value: object) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, tuple):
        items = list(value)
    else:
        raise ModelError.one(f"a label is a table of language = text, got {value!r}")
    problems = [
        Problem(f"a label's language codes and texts are strings, got {k!r} = {v!r}", f"$.{k}")
        for k, v in items
        if not isinstance(k, str) or not isinstance(v, str)
    ]
    problems += [Problem("a label's text must not be empty", f"$.{k}") for k, v in items if v == ""]
    if not items:
        problems.append(Problem("a label needs at least one language"))
    if problems:
        raise ModelError(problems)
    return tuple(sorted(items))


@attrs.frozen
class Label:
    """
    Text in one or more languages. Files write it as ``{ vi = "...", en = "..." }``.

    >>> Label({"en": "Plan", "vi": "Kế hoạch"}).languages
    ('en', 'vi')
    >>> Label({})
    Traceback (most recent call last):
    ...
    parlib.errors.ModelError: a label needs at least one language @ $
    """

    texts: tuple[tuple[str, str], ...] = attrs.field(converter=_texts)

    @classmethod
    def of(cls, **texts: str) -> Label:
        """
        Build a label from keyword arguments.

        >>> Label.of(en="Total").get("en")
        'Total'
        """
        return cls(texts)

    @property
    def languages(self) -> tuple[str, ...]:
        """
        The language codes present, sorted.

        >>> Label.of(vi="a", en="b").languages
        ('en', 'vi')
        """
        return tuple(k for k, _ in self.texts)

    def get(self, language: str = "en", fallback: tuple[str, ...] = ("vi", "en")) -> str:
        """
        The text in *language*, else the first of *fallback* present, else any text.

        >>> Label.of(de="Plan").get("en")
        'Plan'
        """
        table = dict(self.texts)
        for lang in (language, *fallback):
            if lang in table:
                return table[lang]
        return self.texts[0][1]

    def as_dict(self) -> dict[str, str]:
        """
        The texts as a plain dict.

        >>> Label.of(en="x").as_dict()
        {'en': 'x'}
        """
        return dict(self.texts)


def to_label(value: object) -> Label:
    """
    Convert a mapping (or a Label) into a :class:`Label`; an attrs converter.

    >>> to_label({"en": "x"}) == Label.of(en="x")
    True
    """
    return value if isinstance(value, Label) else Label(value)
