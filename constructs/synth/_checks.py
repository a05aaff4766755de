"""Checks of a whole template as CloudFormation JSON: references, limits, resource schemas.

Shared by synthesis (on each rendered stack) and ``stagewright validate`` (on template files).
Each problem names the template location (``Resources.Prod.Properties.RestApiId``).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from stagewright.core._fn import PSEUDO_PARAMETERS
from stagewright.core._logical_ids import check_logical_id
from stagewright.runtime._errors import Key, Problem, ValidationError, nearest
from stagewright.synth._encode import dumps_compact_bytes, dumps_template, dumps_template_bytes

__all__ = [
    "LIMITS",
    "TemplateProblem",
    "add_resource_modules",
    "check_limits",
    "check_references",
    "check_resource_schemas",
    "check_template",
    "dumps_template",
    "mappings_in",
    "props_class",
    "resource_class",
    "secret_outputs",
]

LIMITS = {"Resources": 500, "Parameters": 200, "Outputs": 200, "Mappings": 200}
"""CloudFormation's per-template quotas on the number of entries in a section."""
MAX_TEMPLATE_BYTES = 1_048_576
"""The largest template body CloudFormation accepts (from S3; 51,200 bytes inline)."""
MAX_OUTPUT_NAME_LENGTH = 255
_SUB_VARIABLE = r"\$\{([^!}][^}]*)\}"  # compiled (and cached by re) on first use
_SECTIONS_WITH_IDS = ("Parameters", "Mappings", "Conditions", "Resources", "Outputs")


@attrs.frozen
class TemplateProblem:
    """A problem at a template location: section, logical ID and the path inside the entry."""

    section: str
    logical_id: str | None
    path: tuple[str | int, ...]
    message: str

    @property
    def where(self) -> str:
        """``Resources.Prod.Properties.RestApiId`` (or just the section)."""
        out = self.section
        if self.logical_id is not None:
            out += f".{self.logical_id}"
        for part in self.path:
            if isinstance(part, int):
                out += f"[{part}]"
            elif isinstance(part, Key):
                import json  # noqa: PLC0415 - problem messages only

                out += f"[{json.dumps(str(part), ensure_ascii=False)}]"
            else:
                out += f".{part}"
        return out

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _section(template: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = template.get(name)
    return value if isinstance(value, Mapping) else {}


def check_limits(
    template: Mapping[str, Any], body: str | bytes | None = None
) -> list[TemplateProblem]:
    """Check the section quotas, logical ID syntax, at least one resource, and the body size."""
    problems = []
    for name in _SECTIONS_WITH_IDS:
        if name in template and not isinstance(template[name], Mapping):
            problems.append(TemplateProblem(name, None, (), "must be a mapping"))
    resources = _section(template, "Resources")
    if not resources:
        problems.append(
            TemplateProblem("Resources", None, (), "a template needs at least one resource")
        )
    for name, limit in LIMITS.items():
        count = len(_section(template, name))
        if count > limit:
            problems.append(
                TemplateProblem(
                    name, None, (), f"has {count} entries; CloudFormation allows at most {limit}"
                )
            )
    for name in _SECTIONS_WITH_IDS:
        for logical_id in _section(template, name):
            problem = check_logical_id(logical_id)
            if problem:
                problems.append(TemplateProblem(name, str(logical_id), (), f"logical ID {problem}"))
    if body is None:
        body = dumps_template_bytes(template)
    size = len(body) if isinstance(body, bytes) else len(body.encode())
    if size > MAX_TEMPLATE_BYTES:
        # Deploy sends the compact form, which is never larger: measure it only when needed.
        size = len(dumps_compact_bytes(template))
    if size > MAX_TEMPLATE_BYTES:
        problems.append(
            TemplateProblem(
                "(template)",
                None,
                (),
                f"is {size:,} bytes (compact JSON, as deploy sends it); CloudFormation "
                f"accepts at most {MAX_TEMPLATE_BYTES:,}",
            )
        )
    return problems


def _walk(
    value: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Yield (path, node) for every mapping and list below ``value`` (itself included)."""
    pending = [(path, value)]
    while pending:
        here, node = pending.pop()
        if isinstance(node, Mapping):
            yield here, node
            pending.extend(((*here, str(k)), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            pending.extend(((*here, i), v) for i, v in reversed(list(enumerate(node))))


def mappings_in(value: Any) -> Iterator[Mapping[str, Any]]:
    """Yield every mapping below ``value`` (itself included), in document order."""
    return (node for _, node in _walk(value))


_CONTAINERS = frozenset({dict, list})
_CHECKED_FUNCTIONS = frozenset(
    {"Ref", "Fn::GetAtt", "Fn::Sub", "Fn::If", "Condition", "Fn::FindInMap"}
)


def _has_problem(names: _Names, value: Any, in_condition: bool) -> bool:
    """Tell quickly (no paths) whether any function call below ``value`` has a problem."""
    pending = [value]
    while pending:
        node = pending.pop()
        kind = type(node)
        if kind is dict:
            if (
                len(node) == 1
                and next(iter(node)) in _CHECKED_FUNCTIONS
                and _function_problems(names, node, in_condition)
            ):
                return True
            pending.extend(v for v in node.values() if type(v) in _CONTAINERS)
        elif kind is list:
            pending.extend(v for v in node if type(v) in _CONTAINERS)
        elif isinstance(node, Mapping):
            pending.append(dict(node))
    return False


def _did_you_mean(name: str, *candidates: Any) -> str:
    """``; did you mean 'Api'?`` with the nearest of the names in ``candidates``, or nothing."""
    close = nearest(name, sorted({str(c) for names in candidates for c in names}))
    return f"; did you mean {close!r}?" if close else ""


class _Names:
    """The names a template defines, for reference checks."""

    def __init__(self, template: Mapping[str, Any]) -> None:
        self.resources = set(_section(template, "Resources"))
        self.parameters = set(_section(template, "Parameters"))
        self.conditions = set(_section(template, "Conditions"))
        self.mappings = set(_section(template, "Mappings"))
        # SAM generates resources and parameters we cannot see; do not guess about them.
        transform = template.get("Transform")
        self.transformed = bool(transform)

    def ref(self, name: Any) -> str | None:
        if not isinstance(name, str):
            return None  # an intrinsic inside Ref: CloudFormation rejects it, schema-less here
        if name in self.resources or name in self.parameters or name in PSEUDO_PARAMETERS:
            return None
        if self.transformed:
            return None
        hint = _did_you_mean(name, self.resources, self.parameters, PSEUDO_PARAMETERS)
        return f"Ref to {name!r}, which is not a resource, parameter or pseudo parameter{hint}"

    def get_att(self, args: Any) -> str | None:
        if isinstance(args, str):
            args = args.split(".", 1)
        if not (isinstance(args, list) and len(args) == 2):
            return f"Fn::GetAtt takes [logical ID, attribute], not {args!r}"
        if isinstance(args[0], str) and args[0] not in self.resources and not self.transformed:
            hint = _did_you_mean(args[0], self.resources)
            return f"Fn::GetAtt of {args[0]!r}, which is not a resource{hint}"
        return None

    def sub(self, args: Any) -> list[str]:
        variables: Mapping[str, Any] = {}
        if isinstance(args, str):
            text = args
        elif isinstance(args, list) and len(args) == 2 and isinstance(args[0], str):
            text = args[0]
            if isinstance(args[1], Mapping):
                variables = args[1]
        else:
            return [f"Fn::Sub takes a string or [string, variables], not {args!r}"]
        out = []
        for match in re.finditer(_SUB_VARIABLE, text):
            name = match.group(1).strip()
            head = name.split(".", 1)[0]
            if name in variables or head in variables or name in PSEUDO_PARAMETERS:
                continue
            known = (
                head in self.resources
                if "." in name
                else (name in self.resources or name in self.parameters)
            )
            if not known and not self.transformed:
                hint = (
                    _did_you_mean(head, self.resources)
                    if "." in name
                    else _did_you_mean(name, self.resources, self.parameters, variables)
                )
                out.append(
                    f"Fn::Sub variable ${{{name}}} is not a resource, parameter or variable{hint}"
                )
        return out

    def condition(self, name: Any, what: str) -> str | None:
        if isinstance(name, str) and name not in self.conditions:
            hint = _did_you_mean(name, self.conditions)
            return f"{what} {name!r} is not a condition of the template{hint}"
        return None


def _function_problems(names: _Names, node: Mapping[str, Any], in_condition: bool) -> list[str]:
    if len(node) != 1:
        return []
    ((function, args),) = node.items()
    if function == "Ref":
        problem = names.ref(args)
        return [problem] if problem else []
    if function == "Fn::GetAtt":
        problem = names.get_att(args)
        return [problem] if problem else []
    if function == "Fn::Sub":
        return names.sub(args)
    if function == "Fn::If" and isinstance(args, list) and args:
        problem = names.condition(args[0], "Fn::If condition")
        return [problem] if problem else []
    if function == "Condition" and in_condition:
        problem = names.condition(args, "condition")
        return [problem] if problem else []
    if function == "Fn::FindInMap" and isinstance(args, list) and args:
        first = args[0]
        if isinstance(first, str) and first not in names.mappings:
            hint = _did_you_mean(first, names.mappings)
            return [f"Fn::FindInMap in {first!r}, which is not a mapping of the template{hint}"]
    return []


def check_references(template: Mapping[str, Any]) -> list[TemplateProblem]:
    """Check that every Ref, GetAtt, Sub variable, condition, mapping and DependsOn resolves."""
    names = _Names(template)
    problems = []
    for section in ("Resources", "Outputs", "Conditions", "Rules"):
        for logical_id, entry in _section(template, section).items():
            in_condition = section == "Conditions"
            # Most entries are fine: find that out without building paths, then locate.
            if _has_problem(names, entry, in_condition):
                for path, node in _walk(entry):
                    for message in _function_problems(names, node, in_condition):
                        problems.append(TemplateProblem(section, logical_id, path, message))
            if not isinstance(entry, Mapping) or section == "Conditions":
                continue
            problem = names.condition(entry.get("Condition"), "Condition")
            if problem and section != "Rules":
                problems.append(TemplateProblem(section, logical_id, ("Condition",), problem))
            depends = entry.get("DependsOn") if section == "Resources" else None
            for target in [depends] if isinstance(depends, str) else depends or []:
                if target == logical_id:
                    message = "DependsOn itself"
                elif target not in names.resources and not names.transformed:
                    hint = _did_you_mean(str(target), names.resources - {logical_id})
                    message = f"DependsOn {target!r}, which is not a resource of the template{hint}"
                else:
                    continue
                problems.append(TemplateProblem(section, logical_id, ("DependsOn",), message))
    return problems


_MORE_RESOURCE_MODULES: dict[str, tuple[str, str]] = {}


def add_resource_modules(modules: Mapping[str, tuple[str, str]]) -> None:
    """Let template readers (validate, diff, include) find more generated types.

    ``modules`` is a generated package's ``RESOURCE_MODULES`` (type name to module and class),
    such as the package ``stagewright types`` writes in a user's project. Its types take
    precedence over stagewright's own: a type generated in the project is the user's choice
    (a newer schema, a patch).
    """
    _MORE_RESOURCE_MODULES.update(modules)


def resource_class(type_name: str) -> Any:
    """Return the generated class for ``type_name``, or None if there is no schema for it."""
    found = _MORE_RESOURCE_MODULES.get(type_name)
    if found is None:
        from stagewright.generated import RESOURCE_MODULES  # noqa: PLC0415

        found = RESOURCE_MODULES.get(type_name)
    if found is None:
        return None
    module, name = found
    return getattr(importlib.import_module(module), name)


def check_resource_schema(logical_id: str, entry: Any) -> list[TemplateProblem]:
    """Check one resource entry against its registry schema (if stagewright has generated it)."""
    if not isinstance(entry, Mapping) or not isinstance(entry.get("Type"), str):
        return [TemplateProblem("Resources", logical_id, ("Type",), "a resource needs a Type")]
    cls = resource_class(entry["Type"])
    if cls is None:
        return []
    props_cls = props_class(cls)
    properties = entry.get("Properties", {})
    try:
        props_cls.from_cfn(properties)
    except ValidationError as exc:
        return [
            TemplateProblem("Resources", logical_id, ("Properties", *p.path), _message_of(p))
            for p in exc.problems
        ]
    return []


def props_class(cls: Any) -> Any:
    """Return the props class of a generated resource class (its ``CfnResource[...]`` argument)."""
    for base in getattr(cls, "__orig_bases__", ()):
        args = getattr(base, "__args__", ())
        if args:
            return args[0]
    raise TypeError(f"{cls!r} does not declare its props class")


def _message_of(problem: Problem) -> str:
    """A problem's text without its location (the caller names the location)."""
    text = str(problem.at("", ()))
    return text.removeprefix("(root): ")


def check_resource_schemas(template: Mapping[str, Any]) -> list[TemplateProblem]:
    """Check every resource whose type has a generated class against its schema."""
    problems = []
    for logical_id, entry in _section(template, "Resources").items():
        problems.extend(check_resource_schema(logical_id, entry))
    return problems


def check_template(template: Any) -> list[TemplateProblem]:
    """Run every check on a template read from a file."""
    if not isinstance(template, Mapping):
        message = f"must be a mapping of sections, not {type(template).__name__}"
        return [TemplateProblem("(template)", None, (), message)]
    return check_limits(template) + check_resource_schemas(template) + check_references(template)


def secret_outputs(template: Mapping[str, Any]) -> dict[str, list[str]]:
    """Return, per output, the ``NoEcho`` parameters its value shows (``Ref`` or ``${P}``).

    CloudFormation masks a NoEcho parameter in the console and in DescribeStacks' Parameters,
    but an output that refers to it hands the value to anyone who can describe the stack.
    """
    secret = {
        name
        for name, declaration in _section(template, "Parameters").items()
        if isinstance(declaration, Mapping) and str(declaration.get("NoEcho", "")).lower() == "true"
    }
    found: dict[str, list[str]] = {}
    if not secret:
        return found
    for output_id, entry in _section(template, "Outputs").items():
        value = entry.get("Value") if isinstance(entry, Mapping) else None
        shown = sorted(secret & _parameters_in(value))
        if shown:
            found[str(output_id)] = shown
    return found


def _parameters_in(value: Any) -> set[str]:
    """Return the names ``value`` refers to with ``Ref`` or inside an ``Fn::Sub`` string."""
    names: set[str] = set()
    for node in mappings_in(value):
        if len(node) != 1:
            continue
        if isinstance(node.get("Ref"), str):
            names.add(node["Ref"])
        sub = node.get("Fn::Sub")
        text = sub[0] if isinstance(sub, list) and sub else sub
        if isinstance(text, str):
            names.update(re.findall(r"\$\{([^}.!]+)\}", text))
    return names
