"""Base of every generated property class: construction-time validation, from_cfn and to_cfn.

A generated class is a frozen, keyword-only attrs class that subclasses ``CfnProperty`` and is
described once, after its definition, by ``bind(cls, fields, rules)``. Validation runs at the end
of ``__init__`` and reports every broken rule of the object at once.

The generated module spells out ``__init__`` itself and the classes take ``__repr__``,
``__eq__`` and ``__hash__`` from ``Record`` (``attrs.frozen(init=False, repr=False, eq=False)``;
see ``_record`` for why).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Self

from stagewright.runtime._errors import Problem, ValidationError, nearest
from stagewright.runtime._record import Record
from stagewright.runtime.kinds import Kind

__all__ = ["CfnProperty", "Field", "Rule", "bind", "check"]

_FAILED = object()  # a field whose template value already produced problems


class Field:
    """One property: Python attribute, CloudFormation name, kind, and whether it is required."""

    __slots__ = ("attr", "cfn", "kind", "required")

    def __init__(self, attr: str, cfn: str, kind: Kind, *, required: bool = False) -> None:
        self.attr, self.cfn, self.kind, self.required = attr, cfn, kind, required


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


class _Plan:
    """What validation and rendering of one class need, looked up once in ``bind``."""

    __slots__ = ("checks", "has_rules", "renders")

    def __init__(self, fields: tuple[Field, ...], has_rules: bool) -> None:
        self.has_rules = has_rules
        # The path tuple is shared by every problem of the field (tuples are immutable).
        self.checks = tuple(
            (f.attr, (f.cfn,), f.kind.check, f.kind.valid_types, f.required) for f in fields
        )
        self.renders = tuple((f.attr, f.cfn, f.kind.to_cfn, f.kind.verbatim_types) for f in fields)


class CfnProperty(Record):
    """Shared behaviour of generated classes; see ``bind`` for what each class declares."""

    __slots__ = ()
    __cfn_name__: ClassVar[str] = ""
    __cfn_fields__: ClassVar[tuple[Field, ...]] = ()
    __cfn_rules__: ClassVar[tuple[Rule, ...]] = ()
    __cfn_index__: ClassVar[dict[str, Field]] = {}
    __cfn_kinds__: ClassVar[tuple[Kind, ...]] = ()
    __cfn_plan__: ClassVar[_Plan] = _Plan((), has_rules=False)

    def __attrs_post_init__(self) -> None:
        # Generated classes validate in their own ``__init__``; a hand-written subclass that lets
        # attrs write ``__init__`` gets every check here.
        check(self)

    @classmethod
    def from_cfn(cls, mapping: Mapping[str, Any]) -> Self:
        """Build an instance from a CloudFormation mapping; ``"true"``/``"999"`` are converted."""
        owner = cls.__cfn_name__
        if not isinstance(mapping, Mapping):
            message = f"must be a mapping of properties, not {type(mapping).__name__}"
            raise ValidationError([Problem((), "type", message, mapping, owner=owner)])
        problems = _unknown_keys(cls, mapping)
        kwargs: dict[str, Any] = {}
        for key, raw in mapping.items():
            field = cls.__cfn_index__.get(key)
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
        if problems or any(f.required and f.attr not in kwargs for f in cls.__cfn_fields__):
            problems.extend(_collect(cls, kwargs, dict.get))
            raise ValidationError(_owned(cls, problems))
        return cls(**kwargs)

    def to_cfn(self) -> dict[str, Any]:
        """Return the CloudFormation mapping: set properties only, in schema order."""
        out: dict[str, Any] = {}
        for attr, cfn, to_cfn, verbatim in self.__cfn_plan__.renders:
            value = getattr(self, attr)
            if value is not None:
                out[cfn] = value if type(value) in verbatim else to_cfn(value)
        return out


def check(instance: CfnProperty) -> None:
    """Raise ValidationError listing every broken rule of ``instance``'s values and class."""
    cls = type(instance)
    problems = _collect(cls, instance, getattr)
    if problems:
        raise ValidationError(_owned(cls, problems))


def _owned(cls: type[CfnProperty], problems: list[Problem]) -> list[Problem]:
    owner = cls.__cfn_name__
    return [p if p.owner else p.under(owner, ()) for p in problems]


def _collect(cls: type[CfnProperty], source: Any, get: Callable[[Any, str], Any]) -> list[Problem]:
    """Return the problems of the field values ``get(source, attr)`` (an instance or kwargs)."""
    problems: list[Problem] = []
    plan = cls.__cfn_plan__
    for attr, path, check, valid, required in plan.checks:
        value = get(source, attr)
        if value is None:
            if required:
                problems.append(Problem(path, "required", "is required but not set"))
        elif type(value) not in valid and value is not _FAILED:
            check(value, path, problems)
    if plan.has_rules:
        present = {path[0] for attr, path, *_ in plan.checks if get(source, attr) is not None}
        for rule in cls.__cfn_rules__:
            problem = rule.check(present)
            if problem is not None:
                problems.append(problem)
    return problems


def _unknown_keys(cls: type[CfnProperty], mapping: Mapping[str, Any]) -> list[Problem]:
    problems = []
    allowed = [f.cfn for f in cls.__cfn_fields__]
    for key in mapping:
        if key in cls.__cfn_index__:
            continue
        close = nearest(str(key), allowed)
        hint = (f"did you mean {close!r}? " if close else "") + f"allowed: {', '.join(allowed)}"
        problems.append(
            Problem((str(key),), "additionalProperties", "is not a known property", key, hint)
        )
    return problems


def bind(
    cls: type[CfnProperty], name: str, fields: Sequence[Field], rules: Sequence[Rule] = ()
) -> None:
    """Describe a generated class: its CloudFormation name, its fields and its class-level rules."""
    cls.__cfn_name__ = name
    cls.__cfn_fields__ = tuple(fields)
    cls.__cfn_rules__ = tuple(rules)
    cls.__cfn_index__ = {f.cfn: f for f in fields}
    cls.__cfn_kinds__ = tuple(f.kind for f in fields)
    cls.__cfn_plan__ = _Plan(cls.__cfn_fields__, has_rules=bool(rules))
