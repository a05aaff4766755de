"""Naming through datamodel-code-generator's ModelResolver: the names its parser gives."""

from __future__ import annotations

from typing import Any

import pytest

from stagewright.codegen._dcg import DcgClass, dcg_names, parser_names
from stagewright.codegen._prepare import class_nodes, prepare
from stagewright.codegen.build import build_resource
from stagewright.codegen.model import ClassModel


def _string() -> dict[str, Any]:
    return {"type": "string"}


def _class(*names: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {name: _string() for name in names},
    }


SCHEMA: dict[str, Any] = {
    "typeName": "Test::Names::Thing",
    "additionalProperties": False,
    "properties": {
        **{
            name: _string()
            for name in ("class", "from", "None", "$weird", "_private", "9Lives", "a-b.c", "str")
        },
        "FooBar": _string(),
        "foo_bar": _string(),
        "Type": {"type": "string", "enum": ["A"]},  # the parser makes an enum class `Type`
        "Items": {"type": "array", "items": {"type": "string", "pattern": "^a$"}},
        "Ref": {"$ref": "#/definitions/foo"},
        "Other": {"$ref": "#/definitions/Foo"},
        "Inline": _class("X"),
        "Choice": {"oneOf": [{"$ref": "#/definitions/Chosen"}, _string()]},
    },
    "definitions": {
        "foo": _class("a"),
        "Foo": _class("b"),
        "Unused": _class("c"),
        "unused": _class("d"),
        "my-thing": _class("e"),
        "class": _class("f"),
        "Chosen": _class("g"),
        "Tag": _string(),
    },
}


def _classes(names: dict[str, DcgClass], schema: dict[str, Any]) -> dict[str, DcgClass]:
    return {key: names[key] for key, _ in class_nodes(prepare(schema))}


def _built(schema: dict[str, Any]) -> dict[str, ClassModel]:
    model, problems = build_resource(schema, "test")
    assert problems == []
    assert model is not None
    return {c.cfn_name: c for c in (model.props, *model.classes)}


def test_resolver_names_what_the_full_parser_names() -> None:
    """Every class and field gets the name dcg's full JsonSchemaParser gives it."""
    prepared = prepare(SCHEMA)
    expected = _classes(parser_names(prepared, "ThingProps"), SCHEMA)
    assert _classes(dcg_names(prepared, "ThingProps"), SCHEMA) == expected


def test_dcg_names_keywords_dollar_clashes_and_definitions() -> None:
    """Keywords, `$`/`_`/digit-led names, clashing fields and definitions get dcg's names."""
    names = dcg_names(prepare(SCHEMA), "ThingProps")
    fields = names["#"].fields
    assert [fields[n] for n in ("class", "from", "None", "$weird", "_private", "9Lives")] == [
        "class_",
        "from_",
        "none",
        "field_weird",
        "field_private",
        "field_9_lives",
    ]
    assert (fields["a-b.c"], fields["FooBar"], fields["foo_bar"]) == (
        "a_b_c",
        "foo_bar",
        "foo_bar_1",
    )
    # `foo` keeps the name its reference gave it; `unused` is numbered after `Unused`.
    classes = {key: names[key].name for key in ("foo", "Foo", "Unused", "unused", "my-thing")}
    assert classes == {
        "foo": "Foo",
        "Foo": "Foo",
        "Unused": "Unused",
        "unused": "Unused1",
        "my-thing": "MyThing",
    }


def test_generated_classes_carry_the_dcg_names() -> None:
    """The built model uses dcg's names; only clashes with the module's own names change."""
    built = _built(SCHEMA)
    props = {f.cfn_name: f.attr for f in built["Test::Names::Thing"].fields}
    assert (props["$weird"], props["_private"], props["9Lives"]) == (
        "field_weird",
        "field_private",
        "field_9_lives",
    )
    assert (props["FooBar"], props["foo_bar"], props["class"]) == ("foo_bar", "foo_bar_1", "class_")
    assert (props["str"], props["Type"]) == ("str_", "type_")  # names the module reserves
    assert (built["foo"].name, built["Foo"].name) == ("FooProperty", "Foo")  # dcg gives both Foo


def test_non_ascii_names_get_dcg_ascii_spelling() -> None:
    """A non-ASCII name gets the ASCII spelling dcg gives names that are no identifiers."""
    schema = {
        "typeName": "Test::Names::Unicode",
        "additionalProperties": False,
        "properties": {
            "Größe": _string(),
            "日本": _string(),
            "Straße": {"$ref": "#/definitions/Straße"},
        },
        "definitions": {"Straße": _class("x")},
    }
    prepared = prepare(schema)
    names = dcg_names(prepared, "UnicodeProps")
    assert {k: v for k, v in names["#"].fields.items() if k != "Straße"} == {
        "Größe": "gr_uf6__udf_e",
        "日本": "field_u65e5__u672c_",
    }
    assert names["Straße"].name == "StraUdfE"
    # The parser itself keeps them (Python accepts them, folded to NFKC): the one deliberate change.
    assert parser_names(prepared, "UnicodeProps")["#"].fields["Größe"] == "größe"
    built = _built(schema)
    assert {f.attr for f in built["Test::Names::Unicode"].fields} == {
        "gr_uf6__udf_e",
        "field_u65e5__u672c_",
        "stra_udf_e",
    }


def test_names_come_from_the_resolver(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build asks dcg's ModelResolver for every class and field name (none bypass it)."""
    from datamodel_code_generator.reference import ClassName, ModelResolver  # noqa: PLC0415

    def field(self: Any, name: str, *args: Any, **kwargs: Any) -> tuple[str, None]:
        return "dcg_" + "".join(ch if ch.isalnum() else "_" for ch in name.lower()), None

    def class_name(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        return ClassName(
            name="Dcg" + "".join(ch for ch in name if ch.isalnum()), duplicate_name=None
        )

    monkeypatch.setattr(ModelResolver, "get_valid_field_name_and_alias", field)
    monkeypatch.setattr(ModelResolver, "get_class_name", class_name)
    built = _built(SCHEMA)
    assert all(f.attr.startswith("dcg_") for c in built.values() for f in c.fields)
    classes = {key: c.name for key, c in built.items() if key != "Test::Names::Thing"}
    assert classes == {
        "foo": "Dcgfoo",
        "Foo": "DcgFoo",
        "Inline": "DcgInline",
        "Chosen": "DcgChosen",
    }
