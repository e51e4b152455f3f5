"""
Name registries for pluggable parts (leaf rules, aggregations, serializers).

Built-ins register at import. Third parties register through entry points
(``parlib.rules``, ``parlib.aggregations``, ``parlib.serializers``), read
lazily the first time an unknown name is asked for. Set ``PARLIB_NO_PLUGINS=1``
to ignore entry points.

>>> reg: Registry[int] = Registry("widget", group=None)
>>> reg.register("one", 1)
>>> reg.get("one"), reg.names()
(1, ('one',))
>>> reg.get("two")
Traceback (most recent call last):
...
parlib.errors.UnknownNameError: unknown widget 'two'; known: one
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

from parlib.errors import ModelError, ParlibError, UnknownNameError

__all__ = ["PluginError", "Registry"]

T = TypeVar("T")


def _plugins_disabled() -> bool:
    """``PARLIB_NO_PLUGINS`` set to anything but empty, ``0``, ``false`` or ``no`` turns entry points off."""
    return os.environ.get("PARLIB_NO_PLUGINS", "").strip().lower() not in ("", "0", "false", "no")


class PluginError(ParlibError, RuntimeError):
    """
    A plugin could not be loaded or registered; the message names it.

    >>> issubclass(PluginError, ParlibError)
    True
    """


class Registry(Generic[T]):
    """
    A mapping from names to implementations of one kind, with lazy entry points.

    Registering a name twice is an error unless ``replace=True``.

    >>> reg: Registry[str] = Registry("colour", group=None)
    >>> reg.register("red", "#f00")
    >>> reg.register("red", "#e00")
    Traceback (most recent call last):
    ...
    parlib.plugins.PluginError: colour 'red' is already registered; pass replace=True to replace it
    >>> reg.register("red", "#e00", replace=True)
    >>> reg.get("red")
    '#e00'
    """

    def __init__(self, kind: str, *, group: str | None) -> None:
        self.kind = kind
        self.group = group
        self._items: dict[str, T] = {}
        self._broken: dict[str, tuple[str, Exception]] = {}  # entry points that failed to load
        self._loaded_entry_points = group is None

    def register(self, name: str, obj: T, *, replace: bool = False) -> None:
        """
        Register *obj* under *name*.

        >>> Registry[int]("n", group=None).register("", 1)
        Traceback (most recent call last):
        ...
        parlib.plugins.PluginError: a n name must be a non-empty string, got ''
        """
        if not isinstance(name, str) or not name:
            raise PluginError(f"a {self.kind} name must be a non-empty string, got {name!r}")
        if name in self._items and not replace:
            raise PluginError(f"{self.kind} {name!r} is already registered; pass replace=True to replace it")
        self._items[name] = obj

    def unregister(self, name: str) -> None:
        """
        Remove *name* (no error when it is absent).

        >>> r = Registry[int]("n", group=None); r.register("a", 1); r.unregister("a"); r.names()
        ()
        """
        self._items.pop(name, None)

    def get(self, name: str) -> T:
        """
        The implementation registered as *name*, loading entry points on a miss.

        A plugin whose entry point fails to load raises :class:`PluginError`
        (naming it) when its name is asked for; other names are unaffected.

        >>> Registry[int]("n", group=None).get("x")
        Traceback (most recent call last):
        ...
        parlib.errors.UnknownNameError: unknown n 'x'; known:
        """
        try:
            return self._items[name]
        except KeyError:
            pass
        self._load_entry_points()
        try:
            return self._items[name]
        except KeyError:
            pass
        if name in self._broken:
            message, cause = self._broken[name]
            raise PluginError(message) from cause
        raise UnknownNameError(self.kind, name, self._items)

    def pick(self, value: object, *, by_name: bool = False) -> tuple[T, dict[str, object]]:
        """
        Split a ``{ type = "...", ... }`` table into the registered implementation and its parameters.

        With *by_name*, a bare name string stands for a table with only a type.
        Problems raise :class:`~parlib.errors.ModelError` at ``$`` or ``$.type``.

        >>> reg: Registry[str] = Registry("shape", group=None); reg.register("circle", "O")
        >>> reg.pick({"type": "circle", "r": 2})
        ('O', {'r': 2})
        >>> reg.pick({"r": 2})
        Traceback (most recent call last):
        ...
        parlib.errors.ModelError: a shape needs a 'type' naming it @ $.type
        """
        if by_name and isinstance(value, str):
            value = {"type": value}
        article = "an" if self.kind[:1] in "aeiou" else "a"
        if not isinstance(value, Mapping):
            form = "a name or a table" if by_name else "a table"
            raise ModelError.one(f"{article} {self.kind} is {form} with a 'type', got {value!r}")
        params = dict(value)
        kind = params.pop("type", None)
        if not isinstance(kind, str):
            raise ModelError.one(f"{article} {self.kind} needs a 'type' naming it", "$.type")
        try:
            return self.get(kind), params
        except ParlibError as exc:  # unknown name, or a plugin that failed to load
            raise ModelError.one(str(exc), "$.type") from None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def names(self) -> tuple[str, ...]:
        """
        The registered names, sorted (entry points not yet loaded are not listed).

        >>> Registry[int]("n", group=None).names()
        ()
        """
        return tuple(sorted(self._items))

    def load_plugins(self) -> tuple[str, ...]:
        """
        Read the group's entry points now (once) and return every registered name.

        :meth:`get` does this by itself on a miss; call it before looking
        through every implementation (for example for a file suffix).

        >>> Registry[int]("n", group=None).load_plugins()
        ()
        """
        self._load_entry_points()
        return self.names()

    def _load_entry_points(self) -> None:
        if self._loaded_entry_points or _plugins_disabled():
            return
        self._loaded_entry_points = True
        from importlib.metadata import entry_points

        for ep in entry_points(group=self.group or ""):
            if ep.name in self._items:
                continue
            try:
                obj = ep.load()
            except Exception as exc:  # noqa: BLE001  (kept, and raised when the plugin's name is asked for)
                message = f"{self.kind} plugin {ep.name!r} ({ep.value}) failed to load: {type(exc).__name__}: {exc}"
                self._broken[ep.name] = (message, exc)
                continue
            self._items[ep.name] = obj
