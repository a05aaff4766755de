"""Render the intermediate model to Python source with jinja2 (formatting comes after)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jinja2

from stagewright.codegen.model import ClassModel, FieldModel, ResourceModel, RuleModel, TypeModel
from stagewright.codegen.naming import attr_getter_name

__all__ = [
    "annotation",
    "docs_url",
    "docstring",
    "kind_expr",
    "render_package_init",
    "render_resource",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")


def docstring(text: str, fallback: str) -> str:
    """Return ``text`` as the body of a ``\"\"\"`` literal that nothing in it can close or break."""
    body = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    body = _CONTROL.sub(" ", body)
    body = "\n".join(line.strip() for line in body.strip().split("\n"))
    body = re.sub(r"\n{3,}", "\n\n", body) or fallback
    return body.replace("\\", "\\\\").replace('"', '\\"')


def _base_annotation(t: TypeModel) -> str:
    if t.kind == "string":
        enum = dict(t.constraints).get("enum")
        if enum and all(isinstance(e, str) for e in enum):
            return "Literal[" + ", ".join(repr(e) for e in enum) + "]"
        return "str"
    simple = {"integer": "int", "number": "float", "boolean": "bool", "any": "Any"}
    if t.kind in simple:
        return simple[t.kind]
    if t.kind == "object":
        return str(t.ref)
    if t.kind == "list":
        return f"Sequence[{_item_annotation(t.item or TypeModel('any'))}]"
    if t.kind == "map":
        values = _union_text([_item_annotation(sub) for _, sub in t.entries])
        return f"Mapping[str, {values}]"
    if t.kind == "union":
        return _union_text([_base_annotation(o) for o in t.options])
    if t.kind == "json":
        c = dict(t.constraints)
        parts = (["Mapping[str, Any]"] if c.get("allow_object") else []) + (
            ["str"] if c.get("allow_string") else []
        )
        return _union_text(parts)
    raise ValueError(f"unknown kind {t.kind!r}")


def _union_text(parts: list[str]) -> str:
    unique = list(dict.fromkeys(parts))
    return "Any" if "Any" in unique else " | ".join(unique)


def _item_annotation(t: TypeModel) -> str:
    base = _base_annotation(t)
    return base if base == "Any" else f"{base} | Intrinsic"


def annotation(f: FieldModel) -> str:
    """Return the field's annotation: the schema type, or an intrinsic, or None when optional."""
    text = _item_annotation(f.type)
    return text if f.required or text == "Any" else f"{text} | None"


# Constraints no value can break: a length or count of at least 0.
_VACUOUS = {("min_length", 0), ("min_items", 0), ("min_properties", 0)}


def _kwargs(constraints: tuple[tuple[str, Any], ...]) -> str:
    kept = [(n, v) for n, v in constraints if (n, v) not in _VACUOUS or type(v) is not int]
    return ", ".join(f"{name}={value!r}" for name, value in kept)


def kind_expr(t: TypeModel) -> str:
    """Return the runtime kind expression (``_k.string(pattern='^/')``) of a type."""
    if t.kind in ("string", "integer", "number"):
        return f"_k.{t.kind}({_kwargs(t.constraints)})"
    if t.kind == "boolean":
        return "_k.boolean()"
    if t.kind == "any":
        return "_k.any_json()"
    if t.kind == "json":
        return f"_k.json_value({_kwargs(t.constraints)})"
    if t.kind == "object":
        return f"_k.obj({t.ref!r})"  # by name: it may be defined further down, or be this class
    if t.kind == "list":
        extra = _kwargs(t.constraints)
        return f"_k.list_of({kind_expr(t.item or TypeModel('any'))}{', ' + extra if extra else ''})"
    if t.kind == "map":
        entries = ", ".join(f"({p!r}, {kind_expr(sub)})" for p, sub in t.entries)
        extra = _kwargs(t.constraints)
        return f"_k.map_of([{entries}]{', ' + extra if extra else ''})"
    if t.kind == "union":
        return "_k.one_of([" + ", ".join(kind_expr(o) for o in t.options) + "])"
    raise ValueError(f"unknown kind {t.kind!r}")


def rule_expr(rule: RuleModel) -> str:
    """Return the runtime ``Rule(...)`` expression of a class-level rule."""
    parts = [rule_expr(a) if isinstance(a, RuleModel) else repr(a) for a in rule.alternatives]
    return f"_rt.Rule({rule.keyword!r}, [{', '.join(parts)}])"


def _typing_imports(model: ResourceModel) -> list[str]:
    classes = (model.props, *model.classes)
    text = " ".join(annotation(f) for c in classes for f in c.fields)
    names = ["ClassVar"] + [n for n in ("Any", "Literal") if re.search(rf"\b{n}\b", text)]
    return sorted(names)


def _abc_imports(model: ResourceModel) -> list[str]:
    text = " ".join(annotation(f) for c in (model.props, *model.classes) for f in c.fields)
    return [n for n in ("Mapping", "Sequence") if re.search(rf"\b{n}\[", text)]


def _uses_intrinsic(model: ResourceModel) -> bool:
    return any(
        "Intrinsic" in annotation(f) for c in (model.props, *model.classes) for f in c.fields
    )


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("stagewright.codegen", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Python source, not HTML: every value goes through |py or |doc
    )
    env.filters["py"] = repr
    env.filters["doc"] = docstring
    env.filters["annotation"] = annotation
    env.filters["kind"] = kind_expr
    env.filters["rule"] = rule_expr
    return env


_DOCS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"


def docs_url(type_name: str, property_type: str | None = None, prop: str | None = None) -> str:
    """Return the CloudFormation documentation page of a resource or property type (or field).

    The pages follow one scheme, as AWS CDK's generated classes link them:
    ``aws-resource-apigateway-stage.html#cfn-apigateway-stage-deploymentid`` for a resource's
    property, ``aws-properties-apigateway-stage-canarysetting.html#cfn-apigateway-stage-
    canarysetting-percenttraffic`` for a property type's.
    """
    _, service, resource = type_name.lower().split("::")
    parts = [service, resource] + ([property_type.lower()] if property_type else [])
    page = ("aws-properties-" if property_type else "aws-resource-") + "-".join(parts) + ".html"
    anchor = "#cfn-" + "-".join([*parts, prop.lower()]) if prop else ""
    return _DOCS + page + anchor


def _property_type(c: ClassModel, model: ResourceModel) -> str | None:
    return None if c is model.props else c.cfn_name


def _class_doc(c: ClassModel, model: ResourceModel) -> str:
    url = docs_url(model.type_name, _property_type(c, model))
    if c is model.props:
        return f"Properties of ``{model.type_name}``.\n\nSee {url}"
    return f"The ``{c.cfn_name}`` property type of ``{model.type_name}``.\n\nSee {url}"


def _field_doc(c: ClassModel, f: FieldModel, model: ResourceModel) -> str:
    url = docs_url(model.type_name, _property_type(c, model), f.cfn_name)
    required = " (required)" if f.required else ""
    return f"``{f.cfn_name}``{required}: no description in the schema; see {url}"


def _unenforced_note(c: ClassModel) -> str:
    if not c.unenforced:
        return ""
    keywords = ", ".join(f"``{k}``" for k in c.unenforced)
    return f"Not checked here: the schema's class-level {keywords} rule (conditional or nested)."


def render_resource(model: ResourceModel, command: str = "stagewright codegen") -> str:
    """Return the module source of one resource type (``command`` regenerates it)."""
    template = _environment().get_template("resource.py.jinja")
    getters = [(name, attr_getter_name(name)) for name in model.read_only]
    return template.render(
        m=model,
        command=command,
        classes=[*model.classes, model.props],
        class_doc=lambda c: _class_doc(c, model),
        field_doc=lambda c, f: _field_doc(c, f, model),
        resource_doc=f"The ``{model.type_name}`` resource.\n\nSee {docs_url(model.type_name)}",
        unenforced_note=_unenforced_note,
        typing_imports=_typing_imports(model),
        abc_imports=_abc_imports(model),
        uses_intrinsic=_uses_intrinsic(model),
        getters=_unique_getters(getters),
    )


def _unique_getters(getters: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    out = []
    for attribute, name in getters:
        candidate, n = name, 2
        while candidate in seen:
            candidate, n = f"{name}_{n}", n + 1
        seen.add(candidate)
        out.append((attribute, candidate))
    return out


def render_package_init(package: str, modules: list[tuple[str, str]]) -> str:
    """Return a service package's ``__init__.py``; it imports nothing, to keep imports cheap."""
    template = _environment().get_template("package_init.py.jinja")
    return template.render(package=package, modules=modules)


def render_root_init(
    types: list[tuple[str, str, str]], command: str = "stagewright codegen"
) -> str:
    """Return the root ``__init__.py`` with the index of type name -> (module, class)."""
    template = _environment().get_template("root_init.py.jinja")
    return template.render(types=types, command=command)
