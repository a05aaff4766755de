"""Naming rules in one place: modules, classes, fields, getters, and the names we reserve."""

from __future__ import annotations

import keyword
import re

__all__ = [
    "RESERVED_CLASS_NAMES",
    "RESERVED_FIELD_NAMES",
    "attr_getter_name",
    "is_safe_identifier",
    "module_for",
    "props_class_name",
    "resource_class_name",
    "safe_field_name",
    "snake_case",
]

# Names a props field cannot take: the methods of CfnProperty, the construct's __init__ parameters,
# and the names annotations use (a field named ``str`` would shadow the type in the class body).
RESERVED_FIELD_NAMES = frozenset(
    {"from_cfn", "to_cfn", "scope", "id", "self", "props", "node"}
    | {"str", "int", "float", "bool", "tuple", "dict", "list", "type", "object", "attrs", "bind"}
    | {"Any", "ClassVar", "Literal", "Mapping", "Sequence", "Intrinsic", "None"}
)

# Names generated annotations use; a schema class with one of them would shadow it. The runtime
# is reached through private aliases (``_rt.prop``, ``_k.string``, ``_core.CfnResource``) that no
# schema name can take.
RESERVED_CLASS_NAMES = frozenset(
    {"Any", "ClassVar", "Literal", "Mapping", "Sequence", "Intrinsic", "attrs", "annotations"}
)

_ACRONYM = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")
_NOT_WORD = re.compile(r"\W+")


def snake_case(name: str) -> str:
    """Turn ``RestApi`` into ``rest_api``, ``VPCEndpoint`` into ``vpc_endpoint``."""
    text = _ACRONYM.sub(r"\1_\2", name)
    text = _LOWER_UPPER.sub(r"\1_\2", text)
    text = _NOT_WORD.sub("_", text).strip("_").lower()
    return re.sub(r"_+", "_", text)


def is_safe_identifier(name: str) -> bool:
    """Tell whether ``name`` can be emitted as an ASCII Python identifier that is not a keyword."""
    return name.isascii() and name.isidentifier() and not keyword.iskeyword(name)


def safe_field_name(name: str) -> str:
    """Append ``_`` to keywords and reserved names; other builtins (``format``) are fine."""
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED_FIELD_NAMES:
        return name + "_"
    return name


def module_for(type_name: str) -> tuple[str, str]:
    """Return ``(package, module)``: ``AWS::ApiGateway::Stage`` -> ``aws_apigateway``, ``stage``."""
    vendor, service, resource = type_name.split("::")
    package = f"{vendor}_{service}".lower()
    package = _NOT_WORD.sub("_", package)
    module = snake_case(resource)
    if keyword.iskeyword(module) or keyword.issoftkeyword(module) or not module.isidentifier():
        module = f"{module}_"
    return package, module


def resource_class_name(type_name: str) -> str:
    """Return the resource class name: the last part of the type name (``Stage``)."""
    name = _NOT_WORD.sub("", type_name.rsplit("::", maxsplit=1)[-1])
    name = name[:1].upper() + name[1:]
    return f"{name}Resource" if name in RESERVED_CLASS_NAMES else name


def props_class_name(type_name: str) -> str:
    """Return the props class name: ``StageProps``."""
    return resource_class_name(type_name) + "Props"


def attr_getter_name(attribute: str) -> str:
    """Return the GetAtt getter name: ``RootResourceId`` -> ``attr_root_resource_id``."""
    return "attr_" + snake_case(attribute.replace(".", "_"))
