"""Build the intermediate model of one resource type from its loaded (patched) schema.

Class and field names are datamodel-code-generator's (``_dcg``), adjusted only where they would
clash with the names the generated module itself uses (``naming``). Types, constraints, ``$ref``
resolution and class-level rules are read from the prepared schema here.
"""

from __future__ import annotations

import re
from typing import Any

import regex

from stagewright.codegen import naming
from stagewright.codegen._dcg import DcgClass, dcg_names
from stagewright.codegen._prepare import ROOT, Prepared, class_nodes, is_class_node, prepare
from stagewright.codegen._problems import Problem
from stagewright.codegen.model import (
    ClassModel,
    FieldModel,
    ResourceModel,
    RuleModel,
    TaggingModel,
    TypeModel,
)

__all__ = ["build_resource", "java_pattern"]

_STRING_KEYS = {"pattern": "pattern", "minLength": "min_length", "maxLength": "max_length"}
_NUMBER_KEYS = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
}
_ARRAY_KEYS = {"minItems": "min_items", "maxItems": "max_items"}
_MAP_KEYS = {"minProperties": "min_properties", "maxProperties": "max_properties"}
# Java character classes the registry uses that Python's regex module spells differently.
_JAVA_CLASSES = {
    r"\p{Alnum}": "[[:alnum:]]",
    r"\p{Alpha}": "[[:alpha:]]",
    r"\p{Punct}": "[[:punct:]]",
    r"\p{Print}": "[[:print:]]",
    r"\p{Graph}": "[[:graph:]]",
    r"\p{Space}": "[[:space:]]",
    r"\p{XDigit}": "[[:xdigit:]]",
    r"\p{Cntrl}": "[[:cntrl:]]",
    r"\p{ASCII}": r"[\x00-\x7F]",
    r"\p{javaLowerCase}": r"\p{Ll}",
    r"\p{javaUpperCase}": r"\p{Lu}",
}


_SURROGATE_PAIR = re.compile(r"\\u(D[89AB][0-9A-F]{2})\\u(D[C-F][0-9A-F]{2})", re.IGNORECASE)


def _code_point(match: re.Match[str]) -> str:
    high, low = int(match[1], 16), int(match[2], 16)
    return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"


def java_pattern(pattern: str) -> str | None:
    """Return ``pattern`` in a form the ``regex`` module compiles, or None if it cannot.

    Java spells code points above U+FFFF as UTF-16 surrogate pairs (``\\uD800\\uDC00``) and has
    POSIX classes as ``\\p{Alnum}``; both are rewritten when the pattern does not compile as it is.
    """
    candidates = [pattern]
    translated = _SURROGATE_PAIR.sub(_code_point, pattern)
    for java, python in _JAVA_CLASSES.items():
        translated = translated.replace(java, python)
    candidates.append(translated)
    for candidate in candidates:
        try:
            regex.compile(candidate)
        except regex.error:
            continue
        return candidate
    return None


class _Builder:
    """Walks schema nodes into TypeModels, recording problems instead of raising."""

    def __init__(
        self, source: str, prepared: Prepared, classes: dict[str, str], original: dict[str, Any]
    ) -> None:
        self.source = source
        self.original = original
        self.definitions: dict[str, Any] = prepared.root["definitions"]
        self.classes = classes  # class key -> class name
        self.problems: list[Problem] = []
        self._resolving: set[str] = set()

    def problem(self, pointer: str, message: str) -> None:
        self.problems.append(Problem(self.source, pointer, message))

    def type_of(self, node: Any, pointer: str) -> TypeModel:
        if not isinstance(node, dict):
            self.problem(pointer, f"schema node must be an object, not {type(node).__name__}")
            return TypeModel("any")
        if "$ref" in node:
            return self._ref(node["$ref"], pointer)
        if "allOf" in node:
            return self._all_of(node, pointer)
        for keyword in ("oneOf", "anyOf"):
            if keyword in node:
                return self._union(node, keyword, pointer)
        types = node.get("type")
        if isinstance(types, list):
            options = [self._single(node, str(t), pointer) for t in types]
            return options[0] if len(options) == 1 else self._merge_json(options)
        if types is None:
            types = self._infer_type(node)
        return self._single(node, str(types), pointer)

    def _infer_type(self, node: dict[str, Any]) -> str:
        if "properties" in node or "patternProperties" in node:
            return "object"
        if "items" in node:
            return "array"
        enum = node.get("enum")
        if isinstance(enum, list) and enum and all(isinstance(e, str) for e in enum):
            return "string"
        return "any"

    def _ref(self, ref: Any, pointer: str) -> TypeModel:
        if isinstance(ref, str) and ref.startswith("#/properties/"):
            # A few schemas point at another property (``#/properties/Arn``), even a read-only one.
            target = self.original.get("properties", {}).get(ref.removeprefix("#/properties/"))
            if isinstance(target, dict) and "$ref" not in target:
                return self.type_of(target, ref.removeprefix("#"))
        name = str(ref).removeprefix("#/definitions/")
        if (
            not isinstance(ref, str)
            or not ref.startswith("#/definitions/")
            or name not in self.definitions
        ):
            self.problem(pointer, f"$ref {ref!r} does not resolve to a definition")
            return TypeModel("any")
        if name in self.classes:
            return TypeModel("object", ref=self.classes[name])
        if name in self._resolving:  # a recursive non-class definition: nothing to check
            return TypeModel("any")
        self._resolving.add(name)
        try:
            return self.type_of(self.definitions[name], f"/definitions/{name}")
        finally:
            self._resolving.discard(name)

    def _all_of(self, node: dict[str, Any], pointer: str) -> TypeModel:
        merged = {k: v for k, v in node.items() if k != "allOf"}
        for part in node["allOf"]:
            if isinstance(part, dict) and "$ref" in part and len(merged) <= 1:
                return self._ref(part["$ref"], pointer)
            if isinstance(part, dict):
                merged.update(part)
        return self.type_of(merged, pointer)

    def _union(self, node: dict[str, Any], keyword: str, pointer: str) -> TypeModel:
        base = {k: v for k, v in node.items() if k not in ("oneOf", "anyOf", "description")}
        alternatives = [a for a in node[keyword] if isinstance(a, dict)]
        # Alternatives that only name a format or description constrain nothing we can check.
        typed = [a for a in alternatives if set(a) - {"format", "description", "$comment"}]
        if not typed:
            return self.type_of(base, pointer)
        options = [
            self.type_of({**base, **alt}, f"{pointer}/{keyword}/{i}") for i, alt in enumerate(typed)
        ]
        unique: list[TypeModel] = []
        for option in options:
            if option not in unique:
                unique.append(option)
        if any(o.kind == "any" for o in unique):
            return TypeModel("any")
        return unique[0] if len(unique) == 1 else TypeModel("union", options=tuple(unique))

    def _merge_json(self, options: list[TypeModel]) -> TypeModel:
        kinds = {o.kind for o in options}
        if kinds <= {"json", "string"} and "json" in kinds:
            return TypeModel("json", constraints=(("allow_object", True), ("allow_string", True)))
        return TypeModel("union", options=tuple(options))

    def _constraints(
        self, node: dict[str, Any], keys: dict[str, str], pointer: str
    ) -> list[tuple[str, Any]]:
        out = []
        for schema_key, arg in keys.items():
            if schema_key not in node:
                continue
            value = node[schema_key]
            if schema_key == "pattern":
                value = self._pattern(value, pointer)
                if value is None:
                    continue
            elif isinstance(value, bool) or not isinstance(value, int | float | str):
                continue  # draft-04 boolean exclusiveMinimum and the like
            out.append((arg, value))
        return out

    def _pattern(self, pattern: Any, pointer: str) -> str | None:
        compiled = java_pattern(pattern) if isinstance(pattern, str) else None
        if compiled is None:
            self.problem(pointer, f"pattern {pattern!r} is not a regular expression we can compile")
        return compiled

    def _single(self, node: dict[str, Any], kind: str, pointer: str) -> TypeModel:
        enum = node.get("enum") if isinstance(node.get("enum"), list) else None
        if "const" in node:
            enum = [node["const"]]
        if kind == "string":
            constraints = self._constraints(node, _STRING_KEYS, pointer)
            if enum is not None:
                constraints.append(("enum", tuple(enum)))
            return TypeModel("string", tuple(sorted(constraints)))
        if kind in ("integer", "number"):
            constraints = self._constraints(node, _NUMBER_KEYS, pointer)
            if enum is not None:
                constraints.append(("enum", tuple(enum)))
            return TypeModel(kind, tuple(sorted(constraints)))
        if kind == "boolean":
            return TypeModel("boolean")
        if kind == "array":
            return self._array(node, pointer)
        if kind == "object":
            return self._object(node, pointer)
        if kind in ("any", "null"):
            return TypeModel("any")
        self.problem(pointer, f"unknown type {kind!r}")
        return TypeModel("any")

    def _array(self, node: dict[str, Any], pointer: str) -> TypeModel:
        items = node.get("items")
        item = (
            self.type_of(items, f"{pointer}/items") if isinstance(items, dict) else TypeModel("any")
        )
        constraints = self._constraints(node, _ARRAY_KEYS, pointer)
        if node.get("uniqueItems") is True:
            constraints.append(("unique", True))
        return TypeModel("list", tuple(sorted(constraints)), item=item)

    def _object(self, node: dict[str, Any], pointer: str) -> TypeModel:
        if is_class_node(node):
            self.problem(pointer, "inline object was not hoisted into a class")
            return TypeModel("any")
        entries: list[tuple[str | None, TypeModel]] = []
        for key_pattern, sub in sorted((node.get("patternProperties") or {}).items()):
            compiled = self._pattern(key_pattern, f"{pointer}/patternProperties")
            if compiled is not None:
                entries.append(
                    (compiled, self.type_of(sub, f"{pointer}/patternProperties/{key_pattern}"))
                )
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            entries.append((None, self.type_of(extra, f"{pointer}/additionalProperties")))
        elif extra is not False and entries:
            entries.append((None, TypeModel("any")))
        if not entries:
            return TypeModel("json", constraints=(("allow_object", True), ("allow_string", False)))
        constraints = tuple(sorted(self._constraints(node, _MAP_KEYS, pointer)))
        return TypeModel("map", constraints, entries=tuple(entries))


def _class_names(
    dcg: dict[str, DcgClass], prepared: Prepared, reserved: set[str]
) -> dict[str, str]:
    """Give every class key a unique, safe class name (dcg's, unless it clashes with ours)."""
    names: dict[str, str] = {}
    taken = set(reserved)
    for key, _node in class_nodes(prepared):
        base = dcg[key].name if key in dcg else naming.resource_class_name(f"X::X::{key}")
        if not naming.is_safe_identifier(base):
            base = "Property"  # numbering cannot make it safe
        if key == ROOT:
            names[key] = base
            continue
        name, n = base, 2
        while name in taken or not naming.is_safe_identifier(name):
            name = f"{base}{'Property' if n == 2 else n}"
            n += 1
        taken.add(name)
        names[key] = name
    return names


def _field_names(cfn_names: list[str], dcg: DcgClass | None) -> dict[str, str]:
    """Return unique, safe Python names for the properties of one class (dcg's where safe)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for cfn in cfn_names:
        base = dcg.fields.get(cfn) if dcg else None
        if not base or not naming.is_safe_identifier(base):
            base = naming.snake_case(cfn) or "field"
            if not naming.is_safe_identifier(base):
                base = "field_" + "".join(
                    ch if ch.isascii() and ch.isalnum() else "_" for ch in cfn
                )
        # attrs strips leading underscores from __init__ arguments: keep attribute == argument.
        name = naming.safe_field_name(base.lstrip("_") or "field")
        if not naming.is_safe_identifier(name):
            name = f"field_{name}"
        candidate, n = name, 2
        while candidate in used:
            candidate, n = f"{name}_{n}", n + 1
        used.add(candidate)
        out[cfn] = candidate
    return out


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _description(node: dict[str, Any], definitions: dict[str, Any]) -> str:
    text = node.get("description")
    if not text and isinstance(node.get("$ref"), str):
        target = definitions.get(node["$ref"].removeprefix("#/definitions/"), {})
        text = target.get("description") if isinstance(target, dict) else None
    return text if isinstance(text, str) else ""


def _build_class(
    key: str,
    node: dict[str, Any],
    *,
    cfn_name: str,
    names: dict[str, str],
    dcg: DcgClass | None,
    builder: _Builder,
    rules: list[tuple[str, list[Any]]],
    unenforced: list[str],
) -> ClassModel:
    properties = node["properties"]
    pointer = "" if key == ROOT else f"/definitions/{key}"
    required = {r for r in node.get("required") or [] if isinstance(r, str)}
    missing = required - set(properties)
    for name in sorted(missing):
        builder.problem(f"{pointer}/required", f"required property {name!r} is not defined")
    field_names = _field_names(sorted(properties), dcg)
    fields = tuple(
        FieldModel(
            attr=field_names[cfn],
            cfn_name=cfn,
            type=builder.type_of(sub, f"{pointer}/properties/{cfn}"),
            required=cfn in required,
            description=_description(sub, builder.definitions) if isinstance(sub, dict) else "",
        )
        for cfn, sub in sorted(properties.items())
    )
    known = set(properties)
    rule_models = [_rule_model(keyword, groups) for keyword, groups in rules]
    for rule in rule_models:
        unknown = sorted(rule.names() - known)
        if unknown:
            builder.problem(
                pointer, f"{rule.keyword} names undefined properties: {', '.join(unknown)}"
            )
    return ClassModel(
        name=names[key],
        cfn_name=cfn_name,
        description=_text(node.get("description")),
        fields=fields,
        rules=tuple(rule_models),
        unenforced=tuple(unenforced),
    )


def _rule_model(keyword: str, alternatives: list[Any]) -> RuleModel:
    return RuleModel(
        keyword,
        tuple(
            _rule_model(*a) if isinstance(a, tuple) else tuple(str(n) for n in a)
            for a in alternatives
        ),
    )


def _reachable(props: ClassModel, classes: dict[str, ClassModel]) -> list[ClassModel]:
    seen: dict[str, ClassModel] = {}
    stack = [props]
    while stack:
        current = stack.pop()
        for f in current.fields:
            for ref in _refs(f.type):
                if ref not in seen and ref in classes:
                    seen[ref] = classes[ref]
                    stack.append(classes[ref])
    return [seen[name] for name in sorted(seen)]


def _refs(t: TypeModel) -> list[str]:
    out = [t.ref] if t.ref else []
    if t.item:
        out += _refs(t.item)
    for _, sub in t.entries:
        out += _refs(sub)
    for option in t.options:
        out += _refs(option)
    return out


def _paths(schema: dict[str, Any], key: str) -> tuple[str, ...]:
    values = schema.get(key) or []
    return tuple(str(v).removeprefix("/properties/").replace("/", ".") for v in values)


def _tagging(schema: dict[str, Any]) -> TaggingModel | None:
    block = schema.get("tagging")
    if not isinstance(block, dict):
        taggable = schema.get("taggable")
        return (
            TaggingModel(bool(taggable), None, False, False, False)
            if taggable is not None
            else None
        )
    prop = block.get("tagProperty")
    return TaggingModel(
        taggable=bool(block.get("taggable", True)),
        tag_property=str(prop).removeprefix("/properties/") if prop else None,
        tag_on_create=bool(block.get("tagOnCreate", False)),
        tag_updatable=bool(block.get("tagUpdatable", False)),
        cloudformation_system_tags=bool(block.get("cloudFormationSystemTags", False)),
    )


def build_resource(
    schema: dict[str, Any], source: str
) -> tuple[ResourceModel | None, list[Problem]]:
    """Return the model of one resource schema and the problems found building it."""
    type_name = schema.get("typeName")
    if not isinstance(type_name, str) or type_name.count("::") != 2:
        return None, [
            Problem(source, "/typeName", f"typeName {type_name!r} is not Vendor::Service::Resource")
        ]
    package, module = naming.module_for(type_name)
    class_name = naming.resource_class_name(type_name)
    props_name = naming.props_class_name(type_name)
    prepared = prepare(schema)
    try:
        dcg = dcg_names(prepared, props_name)
    except Exception as exc:
        return None, [Problem(source, "", f"datamodel-code-generator could not name it: {exc}")]
    names = _class_names(dcg, prepared, {class_name, props_name, *naming.RESERVED_CLASS_NAMES})
    names["#"] = props_name
    builder = _Builder(source, prepared, {k: v for k, v in names.items() if k != ROOT}, schema)
    built: dict[str, ClassModel] = {}
    for key, node in class_nodes(prepared):
        cfn_name = type_name if key == ROOT else prepared.origin.get(key, key)
        built[names[key]] = _build_class(
            key,
            node,
            cfn_name=cfn_name,
            names=names,
            dcg=dcg.get(key),
            builder=builder,
            rules=prepared.rules.get(key, []),
            unenforced=prepared.unenforced.get(key, []),
        )
    props = built.pop(props_name)
    model = ResourceModel(
        type_name=type_name,
        package=package,
        module=module,
        class_name=class_name,
        description=_text(schema.get("description")),
        props=props,
        classes=tuple(_reachable(props, built)),
        primary_identifier=_paths(schema, "primaryIdentifier"),
        create_only=_paths(schema, "createOnlyProperties"),
        write_only=_paths(schema, "writeOnlyProperties"),
        read_only=_paths(schema, "readOnlyProperties"),
        tagging=_tagging(schema),
        source=source,
    )
    return model, builder.problems
