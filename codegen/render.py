"""Render the intermediate model to Python source with jinja2 (formatting comes after)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jinja2

from stagewright.codegen.model import ClassModel, FieldModel, ResourceModel, RuleModel, TypeModel
from stagewright.codegen.naming import attr_getter_name

__all__ = [
    "accept_test",
    "annotation",
    "docstring",
    "kind_expr",
    "render_package_init",
    "render_resource",
    "render_value",
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


def _kwargs(constraints: tuple[tuple[str, Any], ...]) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in constraints)


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
        return f"_k.obj({t.ref})"
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


def _exact_type(t: TypeModel) -> str | None:
    """Return the one type whose values need no check for ``t`` (its kind's valid_types)."""
    if t.kind == "boolean":
        return "bool"
    if t.kind in ("string", "integer") and not t.constraints:
        return "str" if t.kind == "string" else "int"
    if t.kind == "object":
        return str(t.ref)
    return None


_BOUNDS = {
    "minimum": "{value} >= {limit}",
    "maximum": "{value} <= {limit}",
    "exclusive_minimum": "{value} > {limit}",
    "exclusive_maximum": "{value} < {limit}",
    "min_length": "len({value}) >= {limit}",
    "max_length": "len({value}) <= {limit}",
}


def _inline_test(t: TypeModel, value: str) -> str | None:
    """Return a test equivalent to the kind's ``accepts`` for simple string and integer kinds.

    Strings with an enum of strings or length limits and integers with bounds (what the kinds'
    ``_in_range`` checks); None for anything else (patterns, numbers, lists...), which the
    generated code leaves to ``accepts``.
    """
    exact = _exact_type(t)
    if exact is not None:
        return f"type({value}) is {exact}"
    if t.kind not in ("string", "integer"):
        return None
    tests = [f"type({value}) is {'str' if t.kind == 'string' else 'int'}"]
    for name, limit in t.constraints:
        if name == "enum" and t.kind == "string" and all(isinstance(e, str) for e in limit):
            tests.append(f"{value} in {{{', '.join(repr(e) for e in limit)}}}")
        elif name in _BOUNDS and type(limit) in (int, float):
            tests.append(_BOUNDS[name].format(limit=repr(limit), value=value))
        else:
            return None
    return " and ".join(tests)


def accept_test(f: FieldModel, index: int) -> str:
    """Return the fast validity test of field number ``index``, on ``__init__``'s argument.

    The generated ``__init__`` names its argument after the field and the class's kinds
    ``_kinds`` (a field name never starts with ``_``, so the two cannot clash).
    """
    value = f.attr
    test = _inline_test(f.type, value)
    if test is None and f.required:  # a kind may accept None (any_json); a required field not
        test = f"{value} is not None and _kinds[{index}].accepts({value})"
    elif test is None:
        test = f"_kinds[{index}].accepts({value})"
    if f.required:
        return test
    return f"({value} is None or ({test}))" if " and " in test else f"({value} is None or {test})"


def _uses_kinds(c: ClassModel) -> bool:
    return any(_inline_test(f.type, "v") is None for f in c.fields)


# The type a field's value usually has when its kind would return it unchanged from ``to_cfn``.
_PLAIN_TYPES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def render_value(f: FieldModel, index: int) -> str:
    """Return the template form of field number ``index`` (its kind's ``to_cfn``, inlined)."""
    value = f"self.{f.attr}"
    if f.type.kind == "object":
        return f"{value}.to_cfn()"  # the property class and intrinsics both render themselves
    rendered = f"kinds[{index}].to_cfn({value})"
    plain = _PLAIN_TYPES.get(f.type.kind)
    return rendered if plain is None else f"{value} if type({value}) is {plain} else {rendered}"


def _renders_with_kinds(c: ClassModel) -> bool:
    return any(f.type.kind != "object" for f in c.fields)


def rule_expr(rule: RuleModel) -> str:
    """Return the runtime ``Rule(...)`` expression of a class-level rule."""
    parts = [rule_expr(a) if isinstance(a, RuleModel) else repr(a) for a in rule.alternatives]
    return f"_props.Rule({rule.keyword!r}, [{', '.join(parts)}])"


def _typing_imports(model: ResourceModel) -> list[str]:
    classes = (model.props, *model.classes)
    text = " ".join(annotation(f) for c in classes for f in c.fields)
    names = ["ClassVar"] + [n for n in ("Any", "Literal") if re.search(rf"\b{n}\b", text)]
    if any(c.fields for c in classes) and "Any" not in names:
        names.append("Any")  # to_cfn returns dict[str, Any]
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


def _class_doc(c: ClassModel, model: ResourceModel) -> str:
    if c is model.props:
        return f"Properties of ``{model.type_name}``."
    return f"The ``{c.cfn_name}`` property type of ``{model.type_name}``."


def _unenforced_note(c: ClassModel) -> str:
    if not c.unenforced:
        return ""
    keywords = ", ".join(f"``{k}``" for k in c.unenforced)
    return f"Not checked here: the schema's class-level {keywords} rule (conditional or nested)."


def render_resource(model: ResourceModel) -> str:
    """Return the module source of one resource type."""
    template = _environment().get_template("resource.py.jinja")
    getters = [(name, attr_getter_name(name)) for name in model.read_only]
    return template.render(
        m=model,
        classes=[*model.classes, model.props],
        class_doc=lambda c: _class_doc(c, model),
        unenforced_note=_unenforced_note,
        typing_imports=_typing_imports(model),
        abc_imports=_abc_imports(model),
        uses_intrinsic=_uses_intrinsic(model),
        getters=_unique_getters(getters),
        uses_rules=any(c.rules for c in (model.props, *model.classes)),
        accept_test=accept_test,
        uses_kinds=_uses_kinds,
        render_value=render_value,
        renders_with_kinds=_renders_with_kinds,
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


def render_root_init(types: list[tuple[str, str, str]]) -> str:
    """Return ``generated/__init__.py`` with the index of type name -> (module, class)."""
    template = _environment().get_template("root_init.py.jinja")
    return template.render(types=types)
