"""``Record``: the shared ``__repr__``, ``__eq__`` and ``__hash__`` of small frozen attrs classes.

attrs writes a class's methods as source text and compiles it when the class is created, which
is at import, paid by every process that imports it: the more methods, the longer (~0.5 ms for
a ten-field class with ``__init__``, ``__repr__``, ``__eq__`` and ``__hash__``). The classes on
the path from ``import stagewright`` to a written template (the generated property classes, the
synthesis results) instead say ``@attrs.frozen(init=False, repr=False, eq=False)``, spell out
their ``__init__`` (loaded from the bytecode cache like any function) and subclass ``Record``
for the rest; attrs then compiles only ``__attrs_init__``, which it always adds (about half the
time). They stay attrs classes: ``attrs.fields``, ``attrs.evolve`` and
``attrs.asdict`` work, instances are frozen and slotted. The methods behave as attrs' do: the
repr lists every field by name, equality needs the same class and equal fields, and the hash is
the fields' (a field holding a list or dict makes it fail, as attrs' frozen classes do).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

__all__ = ["Record"]


class Record:
    """Base of frozen attrs classes that write out ``__init__`` (see the module docstring)."""

    __slots__ = ()
    __attrs_attrs__: Any  # set by attrs on each subclass

    def __repr__(self) -> str:
        fields = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in self.__attrs_attrs__)
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = _values_of(self.__class__)
        return bool(values(self) == values(other))

    def __hash__(self) -> int:
        return hash((type(self), _values_of(self.__class__)(self)))


_VALUES: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _values_of(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """Return a function giving an instance's field values as a tuple (built once per class).

    ``operator.attrgetter`` reads them in C: item uniqueness checks compare property objects
    pairwise, thousands of times in a large stack.
    """
    values = _VALUES.get(cls)
    if values is None:
        names = [a.name for a in cls.__attrs_attrs__]  # type: ignore[attr-defined]
        if len(names) == 1:
            one = attrgetter(names[0])
            values = lambda instance: (one(instance),)  # noqa: E731
        else:
            values = attrgetter(*names) if names else (lambda instance: ())
        _VALUES[cls] = values
    return values
