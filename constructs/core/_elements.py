"""Template elements: the constructs that become entries of a template section.

``CfnElement`` gives each one its stack and its logical ID (derived from the construct path, see
``_logical_ids``, or pinned with ``override_logical_id``). Parameters, outputs, conditions and
mappings live here; resources in ``_resource``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from stagewright.core._fn import ConditionFunction, FnCall, NameOf, Ref
from stagewright.core._logical_ids import check_logical_id, make_logical_id
from stagewright.core._stack import Stack
from stagewright.core._tree import PATH_SEPARATOR, Construct, TreeError
from stagewright.runtime._errors import Key, Problem, ValidationError, nearest, suggest
from stagewright.runtime._intrinsics import Intrinsic, render

__all__ = [
    "CfnCondition",
    "CfnElement",
    "CfnMapping",
    "CfnOutput",
    "CfnParameter",
    "ListValue",
    "NumberValue",
    "ParameterValue",
    "StringValue",
]


class CfnElement(Construct):
    """A construct that becomes one entry of a template section (``SECTION``)."""

    SECTION: ClassVar[str] = ""
    """The template section: ``Resources``, ``Parameters``, ``Outputs``, ``Conditions``..."""

    def __init__(self, scope: Construct, id: str) -> None:
        stack = Stack.of(scope)  # before registering, so a failure leaves the tree unchanged
        super().__init__(scope, id)
        self.stack: Stack = stack
        self._logical_id: str | None = None
        self._logical_id_pinned = False

    @property
    def logical_id(self) -> str:
        """The ID in the template: derived from the path below the stack unless pinned."""
        if self._logical_id is None:
            if self.node.scope is self.stack:  # the usual case: created directly in the stack
                self._logical_id = make_logical_id([self.node.id], owner=f"{self.node.path}:")
            else:
                scopes = self.node.scopes
                below = scopes[scopes.index(self.stack) + 1 :]
                ids = [c.node.id for c in below]
                self._logical_id = make_logical_id(ids, owner=f"{self.node.path}:")
        return self._logical_id

    def override_logical_id(self, logical_id: str) -> None:
        """Pin the logical ID (for example to keep a deployed resource when refactoring)."""
        problem = check_logical_id(logical_id)
        if problem:
            message = f"a logical ID {problem}"
            owner = f"{self.node.path}:"
            raise ValidationError(
                [Problem(("logical_id",), "logical-id", message, logical_id, owner=owner)]
            )
        if self.node.locked:
            raise TreeError(f"cannot change the logical ID of {self.node.path!r} during synthesis")
        self._logical_id, self._logical_id_pinned = logical_id, True

    def to_cfn(self) -> Any:
        """Return the template entry (rendered for the stack being synthesized)."""
        raise NotImplementedError


# CloudFormation parameter keys, their Python names, and what each one holds.
_PARAMETER_KEYS: dict[str, tuple[str, tuple[type, ...]]] = {
    "Type": ("type", (str,)),
    "Default": ("default", (str, int, float, bool, list)),
    "Description": ("description", (str,)),
    "AllowedValues": ("allowed_values", (list,)),
    "AllowedPattern": ("allowed_pattern", (str,)),
    "ConstraintDescription": ("constraint_description", (str,)),
    "MinLength": ("min_length", (int, str)),
    "MaxLength": ("max_length", (int, str)),
    "MinValue": ("min_value", (int, float, str)),
    "MaxValue": ("max_value", (int, float, str)),
    "NoEcho": ("no_echo", (bool, str)),
}
_PARAMETER_TYPES = frozenset(
    {"String", "Number", "List<Number>", "CommaDelimitedList", "List<String>"}
)


def _check_parameter_type(type_: str) -> bool:
    return type_ in _PARAMETER_TYPES or type_.startswith(("AWS::", "List<AWS::"))


def _is_list_type(type_: str) -> bool:
    """Whether a parameter of ``type_`` is a list (its ``Ref`` gives a list, not a string)."""
    return type_ == "CommaDelimitedList" or type_.startswith("List<")


class ParameterValue(Ref):
    """A parameter's value, typed for Python; renders as ``{"Ref": parameter}``, like ``.ref``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.target!r})"


class StringValue(ParameterValue):
    """The value of a string parameter (``String``, ``Number``, ``AWS::EC2::VPC::Id``...)."""

    __slots__ = ()


class NumberValue(ParameterValue):
    """The value of a ``Number`` (or ``String``) parameter, for number properties."""

    __slots__ = ()


class ListValue(ParameterValue):
    """The value of a list parameter (``CommaDelimitedList``, ``List<...>``)."""

    __slots__ = ()


class CfnParameter(CfnElement):
    """A template parameter; ``.ref`` (or ``value_as_string``...) is its value at deploy time."""

    SECTION = "Parameters"

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        type: str = "String",
        default: str | int | float | bool | Sequence[str] | None = None,
        description: str | None = None,
        allowed_values: Sequence[str | int | float] | None = None,
        allowed_pattern: str | None = None,
        constraint_description: str | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        min_value: int | float | None = None,
        max_value: int | float | None = None,
        no_echo: bool | None = None,
    ) -> None:
        """Add a parameter of ``type`` (``String``, ``Number``, ``AWS::EC2::VPC::Id``...)."""
        given = {
            "Type": type,
            # CloudFormation takes a list parameter's default as one comma-separated string.
            "Default": ",".join(map(str, default))
            if isinstance(default, list | tuple)
            else default,
            "Description": description,
            "AllowedValues": list(allowed_values) if allowed_values is not None else None,
            "AllowedPattern": allowed_pattern,
            "ConstraintDescription": constraint_description,
            "MinLength": min_length,
            "MaxLength": max_length,
            "MinValue": min_value,
            "MaxValue": max_value,
            "NoEcho": no_echo,
        }
        given = {k: v for k, v in given.items() if v is not None}
        self.properties = _checked_parameter(_owner(scope, id), given)
        super().__init__(scope, id)

    @classmethod
    def from_cfn(cls, scope: Construct, id: str, mapping: Mapping[str, Any]) -> CfnParameter:
        """Add a parameter from its template entry (unknown keys are an error with a hint)."""
        owner = _owner(scope, id)
        if not isinstance(mapping, Mapping):
            message = "a parameter entry must be a mapping"
            raise ValidationError([Problem(("mapping",), "type", message, mapping, owner=owner)])
        kwargs = {}
        for key, value in mapping.items():
            if key not in _PARAMETER_KEYS:
                close = nearest(str(key), _PARAMETER_KEYS)
                hint = f"did you mean {close!r}?" if close else None
                message = "a parameter has no such key"
                problem = Problem(
                    ("mapping", Key(str(key))), "unknown-key", message, key, hint, owner
                )
                raise ValidationError([problem])
            kwargs[_PARAMETER_KEYS[key][0]] = value
        if "type" not in kwargs:
            message = "a parameter needs a Type"
            raise ValidationError(
                [Problem(("mapping", Key("Type")), "required", message, None, owner=owner)]
            )
        parameter = cls(scope, id, **kwargs)
        parameter.properties = dict(mapping)  # keep the keys' order and forms as written
        return parameter

    @property
    def ref(self) -> Ref:
        """The parameter's value (``{"Ref": ...}``)."""
        return Ref(self)

    @property
    def value_as_string(self) -> StringValue:
        """The value for a string property (``{"Ref": ...}``); refused for a list parameter."""
        self._check_value("value_as_string", not _is_list_type(self.type))
        return StringValue(self)

    @property
    def value_as_number(self) -> NumberValue:
        """The value for a number property (``{"Ref": ...}``) of a ``Number`` or ``String`` one."""
        self._check_value("value_as_number", self.type in ("Number", "String"))
        return NumberValue(self)

    @property
    def value_as_list(self) -> ListValue:
        """The value for a list property (``{"Ref": ...}``) of a list parameter."""
        self._check_value("value_as_list", _is_list_type(self.type))
        return ListValue(self)

    def _check_value(self, accessor: str, fits: bool) -> None:
        # A mismatch would only fail at deploy time (a list where a string goes, or the reverse).
        if fits:
            return
        kind = accessor.removeprefix("value_as_")
        instead = "value_as_list" if _is_list_type(self.type) else "value_as_string"
        message = f"a parameter of this type holds no {kind}"
        owner = f"{self.node.path}:"
        problem = Problem((accessor,), "type", message, self.type, f"use {instead}", owner)
        raise ValidationError([problem])

    @property
    def type(self) -> str:
        """The parameter's type."""
        return str(self.properties["Type"])

    def to_cfn(self) -> Any:
        """Return the parameter's template entry."""
        return dict(self.properties)


def _owner(scope: Any, id: Any) -> str:
    """Name an element about to be created, for its errors: ``Shop/Env:``."""
    parent = getattr(getattr(scope, "node", None), "path", "")
    cleaned = str(id).replace(PATH_SEPARATOR, "--")
    return f"{parent}{PATH_SEPARATOR}{cleaned}:" if parent else f"{cleaned}:"


def _checked_parameter(owner: str, properties: dict[str, Any]) -> dict[str, Any]:
    for key, value in properties.items():
        name, types = _PARAMETER_KEYS[key]
        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
            expected = " or ".join(t.__name__ for t in types)
            message = f"parameter {name} must be {expected}, not {type(value).__name__}"
            raise ValidationError([Problem((name,), "type", message, value, owner=owner)])
    type_ = properties["Type"]
    if not _check_parameter_type(type_):
        known = ", ".join(sorted(_PARAMETER_TYPES))
        message = f"a parameter type is one of {known}, or an AWS-specific type"
        hint = suggest(type_, _PARAMETER_TYPES) or "AWS::..., List<AWS::...>"
        raise ValidationError([Problem(("type",), "enum", message, type_, hint, owner)])
    allowed = properties.get("AllowedValues")
    default = properties.get("Default")
    if allowed is not None and default is not None and default not in allowed:
        message = f"parameter default is not among allowed_values {allowed!r}"
        close = suggest(default, allowed)
        raise ValidationError([Problem(("default",), "enum", message, default, close, owner)])
    return properties


class CfnOutput(CfnElement):
    """A stack output, optionally exported for other stacks (``export_name``)."""

    SECTION = "Outputs"

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        value: Any,
        description: str | None = None,
        export_name: str | Intrinsic | None = None,
        condition: CfnCondition | str | None = None,
    ) -> None:
        """Add an output of ``value`` (a string, or an intrinsic such as ``api.ref``)."""
        if value is None:
            message = "an output needs a value"
            raise ValidationError(
                [Problem(("value",), "required", message, None, owner=_owner(scope, id))]
            )
        super().__init__(scope, id)
        self.value = value
        self.description = description
        self.export_name = export_name
        self.condition = condition
        self.extra: dict[str, Any] = {}
        """Keys of an imported output entry kept as written (normally empty)."""

    @classmethod
    def from_cfn(cls, scope: Construct, id: str, mapping: Mapping[str, Any]) -> CfnOutput:
        """Add an output from its template entry."""
        if not isinstance(mapping, Mapping) or "Value" not in mapping:
            message = "an output entry must be a mapping with a Value"
            owner = _owner(scope, id)
            raise ValidationError([Problem(("mapping",), "type", message, mapping, owner=owner)])
        export = mapping.get("Export")
        export_name = export.get("Name") if isinstance(export, Mapping) else None
        output = cls(
            scope,
            id,
            value=mapping["Value"],
            description=mapping.get("Description"),
            export_name=export_name,
            condition=mapping.get("Condition"),
        )
        known = {"Value", "Description", "Condition"} | ({"Export"} if export_name else set())
        output.extra = {k: v for k, v in mapping.items() if k not in known}
        return output

    def to_cfn(self) -> Any:
        """Return the output's template entry."""
        entry: dict[str, Any] = {"Value": render(self.value)}
        if self.description is not None:
            entry["Description"] = self.description
        if self.export_name is not None:
            entry["Export"] = {"Name": render(self.export_name)}
        if self.condition is not None:
            entry["Condition"] = _name_of(self.condition)
        entry.update(self.extra)
        return entry


def _name_of(element: Any) -> Any:
    return element if isinstance(element, str) else render(NameOf(element))


class CfnCondition(CfnElement):
    """A template condition; use it in ``Fn.if_`` and as a resource's ``condition``."""

    SECTION = "Conditions"

    def __init__(self, scope: Construct, id: str, *, expression: Any) -> None:
        """Add a condition: ``Fn.equals``, ``Fn.and_``, ``Fn.or_``, ``Fn.not_`` (or raw JSON)."""
        if not isinstance(expression, ConditionFunction | Intrinsic | Mapping):
            message = (
                f"a condition needs a condition function (Fn.equals...), "
                f"not {type(expression).__name__}"
            )
        elif isinstance(expression, FnCall) and not isinstance(expression, ConditionFunction):
            message = "a condition needs Fn.equals/and_/or_/not_/condition"
        else:
            message = ""
        if message:
            owner = _owner(scope, id)
            raise ValidationError(
                [Problem(("expression",), "type", message, expression, owner=owner)]
            )
        super().__init__(scope, id)
        self.expression = expression

    def to_cfn(self) -> Any:
        """Return the condition's expression."""
        return render(self.expression)


class CfnMapping(CfnElement):
    """A template mapping (two levels of keys); look values up with ``find_in_map``."""

    SECTION = "Mappings"

    def __init__(
        self, scope: Construct, id: str, *, mapping: Mapping[str, Mapping[str, Any]]
    ) -> None:
        """Add a mapping ``{top key: {second key: value}}``."""
        owner = _owner(scope, id)
        if not isinstance(mapping, Mapping) or not mapping:
            message = "a mapping must be a non-empty mapping of mappings"
            raise ValidationError([Problem(("mapping",), "type", message, mapping, owner=owner)])
        for key, inner in mapping.items():
            if not isinstance(key, str) or not isinstance(inner, Mapping) or not inner:
                message = "a top-level key must be a string key of a non-empty mapping"
                path = ("mapping", Key(str(key)))
                raise ValidationError([Problem(path, "type", message, inner, owner=owner)])
        super().__init__(scope, id)
        self.mapping = {k: dict(v) for k, v in mapping.items()}

    def find_in_map(self, top_key: Any, second_key: Any) -> Intrinsic:
        """``Fn::FindInMap`` in this mapping; plain keys are checked now."""
        if isinstance(top_key, str) and top_key not in self.mapping:
            raise KeyError(f"mapping {self.node.path!r} has no top-level key {top_key!r}")
        if (
            isinstance(top_key, str)
            and isinstance(second_key, str)
            and second_key not in self.mapping[top_key]
        ):
            raise KeyError(f"mapping {self.node.path!r} has no key {second_key!r} in {top_key!r}")
        return FnCall("Fn::FindInMap", [NameOf(self), top_key, second_key])

    def to_cfn(self) -> Any:
        """Return the mapping."""
        return render(self.mapping)
