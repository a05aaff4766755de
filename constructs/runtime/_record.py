"""``@record`` and ``Record``: frozen, slotted value classes that attrs recognises, without attrs.

The generated property classes and the value classes between ``import stagewright`` and a
written template (problems, artifacts, messages, tagging) used to be ``@attrs.frozen`` classes.
Importing attrs costs more than the rest of stagewright together, ~19 ms of a ~27 ms import on
the benchmark machine: it imports ``inspect``, ``platform`` and ``threading``, and builds some
thirty attrs classes of its own by compiling their methods from source. Every process that
synthesizes a template paid it, for methods these classes write out anyway.

So these classes say ``@record(init=False, repr=False, eq=False)`` (plus ``kw_only=True`` when
``__init__`` takes keywords only), the options they gave ``attrs.frozen``, and type checkers are
told ``record`` is ``attrs.frozen``: mypy's attrs plugin types them exactly as before. At run
time ``record`` does only what these classes need, at import:

- it rebuilds the class with ``__slots__`` for its annotated fields (plus ``__weakref__``, once,
  on ``Record``), as ``attrs.frozen`` does; class-level defaults are taken out of the class body;
- ``Record`` gives instances attrs' frozen behaviour: assigning or deleting an attribute raises
  ``attrs.exceptions.FrozenInstanceError``; pickling and ``copy`` go through ``__getstate__`` /
  ``__setstate__`` like attrs' slotted classes;
- ``Record`` gives ``__repr__`` (every field by name), ``__eq__`` (same class, equal fields) and
  ``__hash__`` (the class and the fields: a list or dict field makes it fail), as attrs' frozen
  classes have them; a class may write out faster ones (the generated classes do);
- ``__match_args__`` lists the positional fields, as attrs sets it.

The class writes out its ``__init__``: that is where the generated classes validate, and it
states each field's default. ``@record`` checks at import that the ``__init__`` takes exactly
the fields, and that a default written in the class body is the one ``__init__`` gives.

They remain attrs classes to whoever asks: ``__attrs_attrs__`` (and attrs' ``__attrs_props__``)
are built on first read, from the fields and the ``__init__`` signature, by ``attrs.frozen``
itself (on a stand-in class), so they are what attrs would have made. ``attrs.has``,
``attrs.fields``, ``attrs.fields_dict``, ``attrs.evolve``, ``attrs.asdict`` and ``attrs.astuple``
work on them and import attrs then, not before. What attrs would add and these classes do not
have: ``__attrs_init__``, and field validators or converters (the generated classes validate in
``__init__``).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from types import FunctionType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

__all__ = ["Record", "record"]

_C = TypeVar("_C", bound=type)


class _AttrsView:
    """``__attrs_attrs__`` / ``__attrs_props__`` of a record class, built when first read.

    A non-data descriptor in the class's own ``__dict__``: reading the name on the class (as
    ``attrs.fields`` does) or on an instance builds attrs' objects once, then puts them in the
    class's ``__dict__`` in its place.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type) -> Any:
        attributes, props = _attrs_view(cast("type[Record]", owner))
        type.__setattr__(owner, "__attrs_attrs__", attributes)
        type.__setattr__(owner, "__attrs_props__", props)  # None before attrs 25.4
        return attributes if self.name == "__attrs_attrs__" else props


def _attrs_view(cls: type[Record]) -> tuple[Any, Any]:
    """Return attrs' ``Attribute`` tuple and class properties for record class ``cls``.

    They are those of a stand-in that ``attrs.frozen`` builds with the same name, fields,
    annotations and ``__init__`` defaults, frozen and slotted.
    """
    import inspect  # noqa: PLC0415 - only who asks for attrs' view of the class pays for these

    import attrs  # noqa: PLC0415

    parameters = inspect.signature(cls.__init__).parameters
    notes = inspect.get_annotations(cls)
    fields = {}
    for name in cls.__record_fields__:
        parameter = parameters[name]
        default = attrs.NOTHING if parameter.default is parameter.empty else parameter.default
        fields[name] = attrs.field(
            default=default, kw_only=parameter.kind is parameter.KEYWORD_ONLY, type=notes.get(name)
        )
    # The options the class gives ``record``, as ``attrs.frozen`` would have had them.
    options = {"kw_only": not cls.__match_args__, "init": False, "repr": False, "eq": False}
    frozen: Any = attrs.frozen
    stand_in = frozen(type(cls.__name__, (), {}), these=fields, **options)
    return attrs.fields(stand_in), getattr(stand_in, "__attrs_props__", None)


def _frozen_error() -> AttributeError:
    from attrs.exceptions import FrozenInstanceError  # noqa: PLC0415 - on error only

    return FrozenInstanceError()


class Record:
    """Base of the classes ``@record`` makes (see the module docstring)."""

    __slots__ = ("__weakref__",)
    __record_fields__: ClassVar[tuple[str, ...]] = ()
    """The fields, in order (set by ``@record``)."""
    __match_args__: ClassVar[tuple[str, ...]] = ()
    __attrs_attrs__: ClassVar[Any]  # built on first read (``_AttrsView``)

    def __setattr__(self, name: str, value: Any) -> None:
        raise _frozen_error()

    def __delattr__(self, name: str) -> None:
        raise _frozen_error()

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__record_fields__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_fields__)
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = _values_of(self.__class__)
        return bool(values(self) == values(other))

    def __hash__(self) -> int:
        return hash((type(self), _values_of(self.__class__)(self)))


_VALUES: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _values_of(cls: type[Record]) -> Callable[[Any], tuple[Any, ...]]:
    """Return a function giving an instance's field values as a tuple (built once per class).

    ``operator.attrgetter`` reads them in C: item uniqueness checks compare property objects
    pairwise, thousands of times in a large stack.
    """
    values = _VALUES.get(cls)
    if values is None:
        names = cls.__record_fields__
        if len(names) == 1:
            one = attrgetter(names[0])
            values = lambda instance: (one(instance),)  # noqa: E731
        else:
            values = attrgetter(*names) if names else (lambda instance: ())
        _VALUES[cls] = values
    return values


_NO_DEFAULT = object()
_OPTIONS = {"init": False, "repr": False, "eq": False}


def _record(
    **options: bool,
) -> Callable[[_C], _C]:
    """``@record(init=False, repr=False, eq=False[, kw_only=True])``: see the module docstring.

    The options are those the class would give ``attrs.frozen``, which is what type checkers
    are told ``record`` is, so they see a frozen attrs class with a written-out ``__init__``:
    ``init``, ``repr`` and ``eq`` must be False (the methods are written out or come from
    ``Record``), and ``kw_only`` must say whether ``__init__`` takes the fields by keyword only.

    The fields are the class's own annotations that are not ``ClassVar``; names listed in a
    ``__slots__`` of the class body are private slots, not fields. Raises TypeError, when the
    class is created, for other options, a class that is not a ``Record``, a base that has
    fields already, or an ``__init__`` that does not take exactly the fields (with the class
    body's defaults).
    """
    kw_only = options.pop("kw_only", False)
    if options != _OPTIONS:
        raise TypeError(
            f"@record takes init=False, repr=False, eq=False (and kw_only); got {options}"
        )

    def make(cls: _C) -> _C:
        return _make(cls, kw_only=kw_only)

    return make


def _make(cls: _C, *, kw_only: bool) -> _C:
    name = cls.__qualname__
    if not issubclass(cls, Record):
        raise TypeError(f"@record: {name} must subclass Record")
    if any(getattr(base, "__record_fields__", ()) for base in cls.__bases__):
        raise TypeError(f"@record: {name}: a record's base cannot have fields")
    namespace = dict(cls.__dict__)
    extra = namespace.pop("__slots__", ())
    extra = (extra,) if isinstance(extra, str) else tuple(extra)
    notes: dict[str, Any] = namespace.get("__annotations__", {})
    fields = tuple(n for n, note in notes.items() if n not in extra and not _is_classvar(note))
    for slot in ("__dict__", "__weakref__", *extra):
        namespace.pop(slot, None)
    body_defaults = {field: namespace.pop(field) for field in fields if field in namespace}
    init = namespace.get("__init__")
    positional = _check_init(name, init, fields, body_defaults, kw_only=kw_only)
    namespace.update(
        __slots__=(*fields, *extra),
        __qualname__=name,
        __record_fields__=fields,
        __match_args__=positional,
        __attrs_attrs__=_AttrsView("__attrs_attrs__"),
        __attrs_props__=_AttrsView("__attrs_props__"),
    )
    metaclass: Any = type(cls)
    rebuilt: _C = metaclass(cls.__name__, cls.__bases__, namespace)
    _repoint_class_cells(namespace.values(), cls, rebuilt)
    return rebuilt


if TYPE_CHECKING:
    # Type checkers are told the truth about the classes: they are frozen attrs classes that
    # write out their ``__init__`` (``attrs.frozen(init=False, ...)``), so mypy's attrs plugin
    # types ``attrs.evolve`` / ``attrs.fields`` on them and refuses assignments to fields.
    from attrs import frozen as record
else:
    record = _record


def _is_classvar(note: Any) -> bool:
    text = note if isinstance(note, str) else repr(note)
    return text.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar"))


def _check_init(
    name: str, init: Any, fields: tuple[str, ...], body_defaults: dict[str, Any], *, kw_only: bool
) -> tuple[str, ...]:
    """Refuse an ``__init__`` that does not take exactly the fields; return the positional ones."""
    if init is None:
        if fields:
            raise TypeError(f"@record: {name} has fields, so it must write out __init__")
        return ()
    code = init.__code__
    taken = code.co_varnames[1 : code.co_argcount + code.co_kwonlyargcount]
    if set(taken) != set(fields) or len(taken) != len(fields):
        raise TypeError(
            f"@record: {name}.__init__ takes ({', '.join(taken)}), "
            f"the fields are ({', '.join(fields)})"
        )
    positional = taken[: code.co_argcount - 1]
    if fields and kw_only == bool(positional):
        raise TypeError(
            f"@record: {name}: kw_only={kw_only}, yet __init__ takes "
            f"{'some' if positional else 'no'} fields by position"
        )
    given_defaults = init.__defaults__ or ()
    defaults = dict(
        zip(positional[len(positional) - len(given_defaults) :], given_defaults, strict=True)
    )
    defaults.update(init.__kwdefaults__ or {})
    for field, value in body_defaults.items():
        given = defaults.get(field, _NO_DEFAULT)
        if given is _NO_DEFAULT or not (given is value or given == value):
            raise TypeError(
                f"@record: {name}.{field}: the class body says {value!r}, "
                f"__init__ {'has no default' if given is _NO_DEFAULT else f'says {given!r}'}"
            )
    return tuple(positional)


def _repoint_class_cells(values: Any, old: type, new: type) -> None:
    """Point zero-argument ``super()`` (the ``__class__`` cell) of the methods at ``new``."""
    for value in values:
        function = getattr(value, "__func__", getattr(value, "fget", value))
        if not isinstance(function, FunctionType) or not function.__closure__:
            continue
        for cell in function.__closure__:
            try:
                contents = cell.cell_contents
            except ValueError:  # an empty cell
                continue
            if contents is old:
                cell.cell_contents = new
