"""
Strategies for text: short texts, ids and multilingual :class:`~parlib.label.Label` values.

Requires the hypothesis package.

>>> from hypothesis import find
>>> find(labels(languages=("vi", "en")), lambda label: True)
Label(texts=(('en', '0'), ('vi', '0')))
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from parlib.label import Label
from parlib.testing.tape import Tape

__all__ = ["check_flag", "check_size", "identifiers", "label_of", "labels", "read_identifier", "texts"]

_ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._-"


def check_size(name: str, min_size: int, max_size: int, *, least: int = 0) -> None:
    """
    Raise :class:`~hypothesis.errors.InvalidArgument` unless ``least <= min_size <= max_size``.

    Requires the hypothesis package.

    >>> check_size("children", 3, 2)
    Traceback (most recent call last):
    ...
    hypothesis.errors.InvalidArgument: need min_children=3 <= max_children=2
    """
    for label, value in ((f"min_{name}", min_size), (f"max_{name}", max_size)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidArgument(f"{label} must be an integer, got {value!r}")
        if value < least:
            raise InvalidArgument(f"{label} must be at least {least}, got {value!r}")
    if min_size > max_size:
        raise InvalidArgument(f"need min_{name}={min_size} <= max_{name}={max_size}")


def check_flag(name: str, value: object) -> None:
    """
    Raise :class:`~hypothesis.errors.InvalidArgument` unless *value* is ``True`` or ``False``.

    Requires the hypothesis package.

    >>> check_flag("layers", "yes")
    Traceback (most recent call last):
    ...
    hypothesis.errors.InvalidArgument: layers must be True or False, got 'yes'
    """
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name} must be True or False, got {value!r}")


def texts(*, min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[str]:
    """
    Short Unicode texts that any UTF-8 file can hold (no lone surrogates).

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(texts(min_size=2), lambda text: True)
    '00'
    """
    check_size("size", min_size, max_size)
    return _texts(min_size, max_size)


@functools.lru_cache(maxsize=64)
def _texts(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(st.characters(codec="utf-8"), min_size=min_size, max_size=max_size)


def identifiers(*, min_size: int = 1, max_size: int = 8) -> st.SearchStrategy[str]:
    """
    Identifiers such as ``"E1"`` or ``"3.2.1"``: letters, digits, dots, dashes, underscores.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(identifiers(), lambda text: True)
    '0'
    """
    check_size("size", min_size, max_size, least=1)
    return _identifiers(min_size, max_size)


@functools.lru_cache(maxsize=64)
def _identifiers(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(_ID_ALPHABET, min_size=min_size, max_size=max_size)


def read_identifier(tape: Tape, *, min_size: int = 1, max_size: int = 8) -> str:
    """
    An identifier like those of :func:`identifiers`, read from *tape* (a byte for the
    length and one for each character): ``"0"`` at zero.

    >>> read_identifier(Tape()), read_identifier(Tape(bytes([40, 255, 10])))
    ('0', '-2')
    """
    return "".join(tape.choice(_ID_ALPHABET) for _ in range(tape.integer(min_size, max_size)))


def labels(
    *,
    languages: Sequence[str] = ("vi", "en"),
    extra_languages: st.SearchStrategy[str] | None = None,
    max_extra: int = 0,
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Label]:
    """
    Labels with a non-empty text in every one of *languages*, and up to
    *max_extra* more languages drawn from *extra_languages*.

    Requires the hypothesis package.

    >>> from hypothesis import find
    >>> find(labels(languages=("en",), max_extra=2, extra_languages=st.sampled_from(["fr", "de"])),
    ...      lambda label: len(label.languages) == 3)
    Label(texts=(('de', '0'), ('en', '0'), ('fr', '0')))
    >>> labels(languages=())
    Traceback (most recent call last):
    ...
    hypothesis.errors.InvalidArgument: a label needs at least one language; got languages=()
    """
    wanted = tuple(languages)
    if isinstance(languages, str) or not wanted or not all(isinstance(lang, str) and lang for lang in wanted):
        raise InvalidArgument(f"a label needs at least one language; got languages={languages!r}")
    check_size("extra", 0, max_extra)
    if max_extra and extra_languages is None:
        raise InvalidArgument("max_extra > 0 needs an extra_languages strategy")
    return _labels(wanted, extra_languages, max_extra, text)


@st.composite
def _build_label(
    draw: st.DrawFn, wanted: tuple[str, ...], extras: st.SearchStrategy[list[str]], words: st.SearchStrategy[str]
) -> Label:
    codes = list(dict.fromkeys(wanted + tuple(c for c in draw(extras) if c)))
    return Label({code: draw(words) for code in codes})


@functools.lru_cache(maxsize=256)
def _labels(
    wanted: tuple[str, ...],
    extra_languages: st.SearchStrategy[str] | None,
    max_extra: int,
    text: st.SearchStrategy[str] | None,
) -> st.SearchStrategy[Label]:
    words = text if text is not None else texts(min_size=1)
    if extra_languages is None or not max_extra:
        return st.tuples(*(words for _ in wanted)).map(lambda drawn: Label(dict(zip(wanted, drawn, strict=True))))
    extras = st.lists(extra_languages, max_size=max_extra, unique=True)
    return _build_label(wanted, extras, words)


def label_of(text: str, languages: Sequence[str]) -> Label:
    """
    A label with *text* in every one of *languages*, from one text: the first language
    gets the text, the others the text and their code (so the texts differ).

    >>> label_of("Kế hoạch", ("vi", "en"))
    Label(texts=(('en', 'Kế hoạch (en)'), ('vi', 'Kế hoạch')))
    """
    return Label({lang: text if i == 0 else f"{text} ({lang})" for i, lang in enumerate(languages)})
