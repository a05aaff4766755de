"""Hostile schemas: nothing in a schema can break, inject into or escape from the generated code."""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from stagewright import RawIntrinsic, ValidationError
from stagewright.codegen._format import format_sources
from stagewright.codegen.load import check_metaschema
from stagewright.codegen.pipeline import build_models, render_models
from stagewright.runtime import cfn_fields

SENTINEL_NAME = "stagewright-hostile-sentinel"

INJECTION = f'"""\nimport pathlib; pathlib.Path(__file__).with_name("{SENTINEL_NAME}").touch()\n"""'
DESCRIPTIONS = {
    "triple": 'Ends a docstring: """ and \'\'\' and a lone quote at the end"',
    "backslash": "C:\\path\\to\\n-not-a-newline \\u1234 and a trailing backslash \\",
    "injection": INJECTION,
    "jinja": "{{ m.type_name }} {% raw %} {# comment #}",
    "control": "bell\x07 null\x00 line\u2028separator\r\nwindows",
}

HOSTILE_SCHEMA: dict[str, Any] = {
    "typeName": "Test::Hostile::Rule",
    "description": DESCRIPTIONS["injection"],
    "additionalProperties": False,
    "primaryIdentifier": ["/properties/Name"],
    "readOnlyProperties": ["/properties/Arn", "/properties/Nested/Id"],
    "createOnlyProperties": ["/properties/Name"],
    "properties": {
        "Name": {"type": "string", "description": DESCRIPTIONS["triple"], "pattern": "^[a-z]+$"},
        "Arn": {"type": "string"},
        "class": {"type": "string", "description": DESCRIPTIONS["backslash"]},
        "None": {"type": "boolean", "description": DESCRIPTIONS["jinja"]},
        "ToCfn": {"type": "string", "description": DESCRIPTIONS["control"]},
        "Id": {"type": "integer", "minimum": 1},
        "str": {"type": "string"},
        "$weird": {"type": "integer", "maximum": 3},
        "_private": {"type": "string"},
        "FooBar": {"type": "string"},
        "foo_bar": {"type": "string"},
        "Tree": {"$ref": "#/definitions/Node"},
        "Field": {"$ref": "#/definitions/Field"},
        # cfn-lint's KeySchema: properties beside type array (they apply to objects only)
        "Keys": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"KeyType": {"type": "string"}},
            },
            "properties": {"KeyType": {"type": "string", "enum": ["HASH"]}},
        },
        # SQS's RedrivePolicy: an object, or the same written as a JSON string
        "Policy": {
            "type": ["object", "string"],
            "additionalProperties": False,
            "properties": {"maxReceiveCount": {"type": "integer"}},
        },
        "Mapping": {"$ref": "#/definitions/Mapping"},
        "Nested": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "Id": {"type": "string"},
                "Deep": {"type": "object", "properties": {"X": {"type": "string"}}},
            },
        },
    },
    "definitions": {
        "Node": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "Label": {"type": "string"},
                "Children": {"type": "array", "items": {"$ref": "#/definitions/Node"}},
            },
        },
        "Field": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"A": {"type": "string"}, "B": {"type": "string"}},
            "oneOf": [{"required": ["A"]}, {"required": ["B"]}],
        },
        "Mapping": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "Values": {
                    "type": "object",
                    "patternProperties": {"^[a-z]+$": {"type": "string"}},
                    "additionalProperties": False,
                }
            },
        },
    },
    "required": ["Name"],
}


def _generate(schema: dict[str, Any], root: Path, package: str) -> dict[str, str]:
    models, problems = build_models([(schema, "hostile.json")])
    assert problems == []
    files, clashes = render_models(models)
    assert clashes == []
    files = format_sources(files)
    for rel, text in files.items():
        path = root / package / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return files


@pytest.fixture(scope="module")
def hostile(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ModuleType, Path, dict[str, str]]]:
    """Generate the hostile schema into a temporary package and import it."""
    root = tmp_path_factory.mktemp("hostile")
    files = _generate(HOSTILE_SCHEMA, root, "hostile_gen")
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("hostile_gen.test_hostile.rule"), root, files
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.startswith("hostile_gen")]:
            del sys.modules[name]


def test_metaschema_rejects_only_the_unregistrable_names() -> None:
    """Only ``$weird``, ``_private``, ``foo_bar`` break the meta-schema; the generator copes."""
    problems = check_metaschema(HOSTILE_SCHEMA, "hostile.json")
    assert [p.pointer for p in problems] == ["/properties"]
    assert "'$weird', '_private', 'foo_bar'" in problems[0].message


def test_nothing_from_the_schema_runs_on_import(
    hostile: tuple[ModuleType, Path, dict[str, str]],
) -> None:
    """A description that tries to close the docstring and run code stays text."""
    module, root, _files = hostile
    assert not list(root.rglob(SENTINEL_NAME))
    assert module.__doc__ is not None
    assert "pathlib.Path(__file__)" in module.__doc__


def _docstrings(module: ModuleType) -> list[str]:
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    return [
        node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ]


EXPECTED_FRAGMENTS = {
    "triple": ['Ends a docstring: """ and \'\'\' and a lone quote at the end"'],
    "backslash": ["C:\\path\\to\\n-not-a-newline \\u1234 and a trailing backslash \\"],
    "injection": [INJECTION.strip()],
    "jinja": ["{{ m.type_name }} {% raw %} {# comment #}"],
    "control": ["bell  null  line separator", "windows"],
}


@pytest.mark.parametrize("name", sorted(DESCRIPTIONS))
def test_descriptions_survive_as_docstrings(
    hostile: tuple[ModuleType, Path, dict[str, str]], name: str
) -> None:
    """Each hostile description is one docstring, read back verbatim (controls blanked)."""
    module, _root, _files = hostile
    docs = _docstrings(module)
    for fragment in EXPECTED_FRAGMENTS[name]:
        assert any(fragment in doc for doc in docs), fragment
    assert not any("\x00" in doc or "\u2028" in doc for doc in docs)


def test_keyword_builtin_and_dollar_names_become_safe_fields(
    hostile: tuple[ModuleType, Path, dict[str, str]],
) -> None:
    """Keywords, reserved names, ``$``/``_`` prefixes and snake-case clashes get safe names."""
    module, _root, _files = hostile
    fields = {f.cfn: f.attr for f in cfn_fields(module.RuleProps)}
    assert fields["class"] == "class_"
    assert fields["ToCfn"] == "to_cfn_"
    assert fields["Id"] == "id_"
    assert fields["str"] == "str_"
    assert fields["$weird"].isidentifier()
    assert not fields["$weird"].startswith("_")
    assert fields["_private"].isidentifier()
    assert not fields["_private"].startswith("_")
    assert fields["FooBar"] != fields["foo_bar"]
    assert "Arn" not in fields  # read-only: a GetAtt attribute, not an input


def test_reserved_definition_names_do_not_shadow_the_runtime(
    hostile: tuple[ModuleType, Path, dict[str, str]],
) -> None:
    """Definitions named like runtime helpers or typing names work; so does a resource Rule."""
    module, _root, _files = hostile
    field_cls = module.Field
    mapping_cls = next(
        c for n, c in vars(module).items() if n.startswith("Mapping") and n != "Mapping"
    )
    assert module.Rule.TYPE_NAME == "Test::Hostile::Rule"
    assert field_cls(a="x").to_cfn() == {"A": "x"}
    assert mapping_cls(values={"ab": "c"}).to_cfn() == {"Values": {"ab": "c"}}


def test_recursive_refs_build_nested_instances(
    hostile: tuple[ModuleType, Path, dict[str, str]],
) -> None:
    """A definition that refers to itself round-trips at any depth and validates its children."""
    module, _root, _files = hostile
    tree = {"Label": "a", "Children": [{"Label": "b", "Children": [{"Label": "c"}]}]}
    props = module.RuleProps.from_cfn({"Name": "x", "Tree": tree})
    assert props.to_cfn()["Tree"] == tree
    with pytest.raises(ValidationError) as caught:
        module.RuleProps.from_cfn(
            {"Name": "x", "Tree": {"Children": [{"Children": [{"Label": ["x"]}]}]}}
        )
    assert caught.value.paths == ["Test::Hostile::Rule Tree.Children[0].Children[0].Label"]


def test_class_level_one_of_rule_is_enforced(
    hostile: tuple[ModuleType, Path, dict[str, str]],
) -> None:
    """``oneOf`` of required-lists rejects both and neither, and accepts exactly one."""
    module, _root, _files = hostile
    assert module.Field(b="y").to_cfn() == {"B": "y"}
    for kwargs in ({}, {"a": "x", "b": "y"}):
        with pytest.raises(ValidationError) as caught:
            module.Field(**kwargs)
        assert caught.value.problems[0].rule == "oneOf"
        assert "exactly one of: A | B" in str(caught.value)


def test_inline_objects_become_classes_and_read_only_nested_stays(
    hostile: tuple[ModuleType, Path, dict[str, str]],
) -> None:
    """Inline objects are hoisted into named classes that validate like any other."""
    module, _root, _files = hostile
    props = module.RuleProps.from_cfn({"Name": "x", "Nested": {"Id": "i", "Deep": {"X": "y"}}})
    assert type(props.nested).__name__ == "Nested"
    assert props.to_cfn()["Nested"] == {"Deep": {"X": "y"}, "Id": "i"}
    assert module.Rule.READ_ONLY_ATTRIBUTES == ("Arn", "Nested.Id")


def test_intrinsics_pass_through_every_position(
    hostile: tuple[ModuleType, Path, dict[str, str]],
) -> None:
    """Intrinsics are accepted for scalars, objects, lists and map values, and kept as written."""
    module, _root, _files = hostile
    ref = {"Ref": "P"}
    raw = {
        "Name": ref,
        "Id": {"Fn::Select": [0, [1]]},
        "Tree": {"Children": [ref]},
        "Mapping": {"Values": ref},
    }
    props = module.RuleProps.from_cfn(raw)
    assert isinstance(props.name, RawIntrinsic)
    assert props.to_cfn() == raw


def test_properties_beside_another_type_do_not_make_a_class(
    hostile: tuple[ModuleType, Path, dict[str, str]],
) -> None:
    """``type: array`` with ``properties`` is a list (of its items' class), as JSON Schema says."""
    module, _root, _files = hostile
    keys = [{"KeyType": "RANGE"}]
    assert module.RuleProps.from_cfn({"Name": "x", "Keys": keys}).to_cfn()["Keys"] == keys


@pytest.mark.parametrize("policy", [{"maxReceiveCount": 5}, '{"maxReceiveCount": 5}'])
def test_object_or_string_with_properties_takes_both(
    hostile: tuple[ModuleType, Path, dict[str, str]], policy: object
) -> None:
    """``type: [object, string]`` with ``properties`` takes the object (checked) or a string."""
    module, _root, _files = hostile
    assert module.RuleProps.from_cfn({"Name": "x", "Policy": policy}).to_cfn()["Policy"] == policy
    with pytest.raises(ValidationError, match="must be a Policy or a string"):
        module.RuleProps.from_cfn({"Name": "x", "Policy": {"maxReceiveCount": "five"}})
