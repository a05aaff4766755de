"""Base of every generated property class: construction-time validation, from_cfn and to_cfn.

A generated class is a frozen, keyword-only attrs class that subclasses ``CfnProperty``; each
field says what it is in CloudFormation with ``attrs.field(metadata=prop("PercentTraffic",
kinds.number(minimum=0, maximum=100)))``, next to its annotation and docstring, and the class
names its class-level rules in ``__cfn_rules__``. attrs writes ``__init__``, ``__eq__``,
``__hash__`` and ``__repr__``; ``__attrs_post_init__`` validates and reports every broken rule
of the object at once.

What validation and rendering need of a class (``CfnFields``) is read from ``attrs.fields``
once, on first use, when every class of the generated module exists: a field may name a
property class defined further down the module, or its own class (``kinds.obj("Rule")``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter
from typing import Any, ClassVar, Self, cast

import attrs

from stagewright.runtime._errors import Problem, ValidationError, nearest
from stagewright.runtime._intrinsics import Intrinsic, if_branches
from stagewright.runtime.kinds import Kind

__all__ = ["CfnProperty", "Field", "Rule", "cfn_fields", "check", "prop"]

_FAILED = object()  # a field whose template value already produced problems
_METADATA_KEY = "stagewright.cfn"


def prop(cfn_name: str, kind: Kind) -> dict[str, Any]:
    """Return the attrs field metadata of CloudFormation property ``cfn_name`` of ``kind``."""
    return {_METADATA_KEY: (cfn_name, kind)}


@attrs.frozen
class Field:
    """One property: Python attribute, CloudFormation name, kind, and whether it is required."""

    attr: str
    cfn: str
    kind: Kind
    required: bool = False


class Rule:
    """A schema's ``oneOf``/``anyOf``/``allOf`` of required-lists (maybe nested), on the object."""

    __slots__ = ("alternatives", "keyword")

    def __init__(self, keyword: str, alternatives: Sequence[Sequence[str] | Rule]) -> None:
        self.keyword = keyword
        self.alternatives: tuple[tuple[str, ...] | Rule, ...] = tuple(
            a if isinstance(a, Rule) else tuple(a) for a in alternatives
        )

    @staticmethod
    def _met(alternative: tuple[str, ...] | Rule, present: set[str]) -> bool:
        if isinstance(alternative, Rule):
            return alternative.satisfied(present)
        return set(alternative) <= present

    def satisfied(self, present: set[str]) -> bool:
        """Tell whether the set properties ``present`` satisfy this rule."""
        met = sum(1 for a in self.alternatives if self._met(a, present))
        if self.keyword == "oneOf":
            return met == 1
        if self.keyword == "anyOf":
            return met >= 1
        return met == len(self.alternatives)

    def describe(self) -> str:
        """Render the rule for messages: ``exactly one of: A | (B, C)``."""
        parts = []
        for a in self.alternatives:
            if isinstance(a, Rule):
                parts.append(f"[{a.describe()}]")
            else:
                parts.append(
                    a[0] if len(a) == 1 else "(" + ", ".join(a) + ")" if a else "(nothing)"
                )
        how = {"oneOf": "exactly one of", "anyOf": "at least one of", "allOf": "all of"}[
            self.keyword
        ]
        return f"{how}: {' | '.join(parts)}"

    def check(self, present: set[str]) -> Problem | None:
        """Return the problem if the set properties ``present`` break this rule."""
        if self.satisfied(present):
            return None
        message = f"{self.describe()} must be set"
        return Problem(path=(), rule=self.keyword, message=message, value=sorted(present))


class CfnFields:
    """What validation and rendering of one class need, read once from its attrs fields."""

    __slots__ = (
        "accepts",
        "checks",
        "fields",
        "index",
        "renders",
        "required",
        "rules",
        "valid",
        "values",
    )

    def __init__(self, cls: type[CfnProperty]) -> None:
        namespace = vars(sys.modules[cls.__module__])
        fields = []
        for a in attrs.fields(cast(Any, cls)):  # an attrs class, as every subclass is
            cfn_name, kind = a.metadata[_METADATA_KEY]
            kind.resolve(namespace)
            fields.append(Field(a.name, cfn_name, kind, required=a.default is attrs.NOTHING))
        self.fields = tuple(fields)
        self.index = {f.cfn: f for f in self.fields}
        self.rules = cls.__cfn_rules__
        names = [f.attr for f in self.fields]
        # Every value at once, read in C: ``check`` runs on each object built.
        get: Callable[[Any], Any] = attrgetter(*names) if names else (lambda _: ())
        self.values = (lambda v: (get(v),)) if len(names) == 1 else get
        # The fast path's per-field tests, and the positions of the required fields.
        self.valid = tuple(f.kind.valid_types for f in self.fields)
        self.accepts = tuple(f.kind.accepts for f in self.fields)
        self.required = tuple(i for i, f in enumerate(self.fields) if f.required)
        # The path tuple is shared by every problem of the field (tuples are immutable).
        self.checks = tuple(((f.cfn,), f.kind, f.required) for f in self.fields)
        self.renders = tuple((f.cfn, f.kind.to_cfn, f.kind.verbatim_types) for f in self.fields)


_FIELDS: dict[type, CfnFields] = {}


def _fields_of(cls: type[CfnProperty]) -> CfnFields:
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = CfnFields(cls)
    return found


def cfn_fields(cls: type[CfnProperty]) -> tuple[Field, ...]:
    """Return the CloudFormation properties of a generated class, in order."""
    return _fields_of(cls).fields


class CfnProperty:
    """Shared behaviour of generated property classes (subclasses are ``attrs.frozen``)."""

    __slots__ = ()
    __cfn_name__: ClassVar[str] = ""
    """The name messages use: the property type's name, or the resource type's for props."""
    __cfn_rules__: ClassVar[tuple[Rule, ...]] = ()
    """The schema's class-level ``oneOf``/``anyOf``/``allOf`` rules."""

    def __attrs_post_init__(self) -> None:
        """Validate the object: raise ValidationError listing every broken rule.

        Valid values take the fast path: a type its kind never objects to (``valid_types``),
        an intrinsic function (only known at deploy time, so no check can object to it), or
        what the kind ``accepts`` without allocating. Anything else, or a broken class rule,
        gets every check, so that the error lists every problem of the object.
        """
        cls = type(self)
        plan = _FIELDS.get(cls) or _fields_of(cls)
        values = plan.values(self)
        for value, valid, accepts in zip(values, plan.valid, plan.accepts, strict=False):
            if value is None or type(value) in valid:
                continue
            if isinstance(value, Intrinsic):
                if getattr(value, "function", None) == "Fn::If":
                    break  # its two values are checked as the property's own would be
            elif not accepts(value):
                break
        else:
            if all(values[i] is not None for i in plan.required) and (
                not plan.rules or _rules_met(plan, values)
            ):
                return
        check(self)

    @classmethod
    def from_cfn(cls, mapping: Mapping[str, Any]) -> Self:
        """Build an instance from a CloudFormation mapping; ``"true"``/``"999"`` are converted."""
        owner = cls.__cfn_name__
        if not isinstance(mapping, Mapping):
            message = f"must be a mapping of properties, not {type(mapping).__name__}"
            raise ValidationError([Problem((), "type", message, mapping, owner=owner)])
        plan = _fields_of(cls)
        problems = _unknown_keys(plan, mapping)
        kwargs: dict[str, Any] = {}
        for key, raw in mapping.items():
            field = plan.index.get(key)
            if field is None:
                continue
            if raw is None:
                problems.append(
                    Problem((key,), "type", f"must be {field.kind.label}, not null", raw)
                )
                kwargs[field.attr] = _FAILED
                continue
            try:
                kwargs[field.attr] = field.kind.from_cfn(raw, (key,))
            except ValidationError as exc:
                problems.extend(exc.problems)
                kwargs[field.attr] = _FAILED
        # A missing required property would otherwise be attrs' TypeError, not a ValidationError.
        if problems or any(f.required and f.attr not in kwargs for f in plan.fields):
            values = tuple(kwargs.get(f.attr) for f in plan.fields)
            problems.extend(_collect(cls, values))
            raise ValidationError(_owned(cls, problems))
        return cls(**kwargs)

    def to_cfn(self) -> dict[str, Any]:
        """Return the CloudFormation mapping: set properties only, in schema order."""
        cls = type(self)
        plan = _FIELDS.get(cls) or _fields_of(cls)
        out: dict[str, Any] = {}
        for value, (cfn, to_cfn, verbatim) in zip(plan.values(self), plan.renders, strict=False):
            if value is not None:
                out[cfn] = value if type(value) in verbatim else to_cfn(value)
        return out


def check(instance: CfnProperty) -> None:
    """Raise ValidationError listing every broken rule of ``instance``'s values and class."""
    cls = type(instance)
    problems = _collect(cls, _fields_of(cls).values(instance))
    if problems:
        raise ValidationError(_owned(cls, problems))


def _owned(cls: type[CfnProperty], problems: list[Problem]) -> list[Problem]:
    owner = cls.__cfn_name__
    return [p if p.owner else p.under(owner, ()) for p in problems]


def _collect(cls: type[CfnProperty], values: Sequence[Any]) -> list[Problem]:
    """Return the problems of a class's field ``values`` (in field order) and its rules."""
    problems: list[Problem] = []
    plan = _fields_of(cls)
    # Every value gets its kind's whole check: the fast path (``valid_types``) is taken only
    # by ``__attrs_post_init__``, so this is what it is tested against.
    for value, (path, kind, required) in zip(values, plan.checks, strict=True):
        if value is None:
            if required:
                problems.append(Problem(path, "required", "is required but not set"))
        elif value is not _FAILED:
            kind.check(value, path, problems)
            _check_branches(kind, value, path, problems)
    if plan.rules:
        present = _present(plan, values)
        for rule in plan.rules:
            problem = rule.check(present)
            if problem is not None:
                problems.append(problem)
    return problems


def _check_branches(kind: Kind, value: Any, path: tuple[Any, ...], problems: list[Problem]) -> None:
    """Check the values of an ``Fn::If`` as the property's own value would be checked.

    They are read as the kind reads a template value (so ``{"Key": ..., "Value": ...}`` is a
    Tag and ``"true"`` a boolean, as CloudFormation takes them), then checked.
    """
    for index, branch in enumerate(if_branches(value), start=1):
        where = (*path, "Fn::If", index)
        try:
            read = kind.from_cfn(branch, where)
        except ValidationError as exc:
            problems.extend(exc.problems)
            continue
        kind.check(read, where, problems)
        _check_branches(kind, read, where, problems)


def _present(plan: CfnFields, values: Sequence[Any]) -> set[str]:
    """Return the CloudFormation names of the properties that are set."""
    return {f.cfn for f, v in zip(plan.fields, values, strict=True) if v is not None}


def _rules_met(plan: CfnFields, values: Sequence[Any]) -> bool:
    """Tell whether the set properties satisfy every class-level rule."""
    present = _present(plan, values)
    return all(rule.satisfied(present) for rule in plan.rules)


def _unknown_keys(plan: CfnFields, mapping: Mapping[str, Any]) -> list[Problem]:
    problems = []
    allowed = [f.cfn for f in plan.fields]
    for key in mapping:
        if key in plan.index:
            continue
        close = nearest(str(key), allowed)
        hint = (f"did you mean {close!r}? " if close else "") + f"allowed: {', '.join(allowed)}"
        problems.append(
            Problem((str(key),), "additionalProperties", "is not a known property", key, hint)
        )
    return problems
