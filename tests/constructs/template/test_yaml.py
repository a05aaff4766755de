"""Templates in JSON or YAML load into the long-form data CloudFormation itself works on."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from stagewright.template._yaml import TemplateError, load_template, loads_template


def load_value(yaml_value: str) -> Any:
    """Load ``Value: <yaml_value>`` and return what ``Value`` became."""
    return loads_template(f"Value: {yaml_value}\n")["Value"]


def refusal(text: str, *, filename: str | None = "t.yaml") -> TemplateError:
    """Return the TemplateError that loading ``text`` raises."""
    with pytest.raises(TemplateError) as caught:
        loads_template(textwrap.dedent(text), filename=filename)
    return caught.value


SHORT_FORMS: dict[str, tuple[str, Any]] = {
    "Ref": ("!Ref Api", {"Ref": "Api"}),
    "Ref-pseudo-parameter": ("!Ref AWS::NoValue", {"Ref": "AWS::NoValue"}),
    "GetAtt-dotted": ("!GetAtt Logs.Arn", {"Fn::GetAtt": ["Logs", "Arn"]}),
    "GetAtt-splits-at-first-dot": (
        "!GetAtt Db.Endpoint.Address",
        {"Fn::GetAtt": ["Db", "Endpoint.Address"]},
    ),
    "GetAtt-list": ("!GetAtt [Logs, Arn]", {"Fn::GetAtt": ["Logs", "Arn"]}),
    "GetAtt-list-with-Ref": ("!GetAtt [L, !Ref Attr]", {"Fn::GetAtt": ["L", {"Ref": "Attr"}]}),
    "Sub": ("!Sub 'arn:${AWS::Partition}:x'", {"Fn::Sub": "arn:${AWS::Partition}:x"}),
    "Sub-with-map": (
        "!Sub ['${A}-${B}', {A: !Ref X, B: b}]",
        {"Fn::Sub": ["${A}-${B}", {"A": {"Ref": "X"}, "B": "b"}]},
    ),
    "Join": ("!Join ['', [a, !Ref B]]", {"Fn::Join": ["", ["a", {"Ref": "B"}]]}),
    "If": (
        "!If [IsProd, !Ref Big, !Ref AWS::NoValue]",
        {"Fn::If": ["IsProd", {"Ref": "Big"}, {"Ref": "AWS::NoValue"}]},
    ),
    "Select": ("!Select [0, !GetAZs '']", {"Fn::Select": [0, {"Fn::GetAZs": ""}]}),
    "Split": ("!Split [',', !Ref List]", {"Fn::Split": [",", {"Ref": "List"}]}),
    "FindInMap": ("!FindInMap [M, !Ref E, S]", {"Fn::FindInMap": ["M", {"Ref": "E"}, "S"]}),
    "Base64": ("!Base64 '#!/bin/sh'", {"Fn::Base64": "#!/bin/sh"}),
    "Cidr": ("!Cidr ['10.0.0.0/16', 4, 8]", {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}),
    "GetAZs-empty": ("!GetAZs ''", {"Fn::GetAZs": ""}),
    "ImportValue": ("!ImportValue SharedVpc", {"Fn::ImportValue": "SharedVpc"}),
    "ImportValue-long-Sub": (
        "!ImportValue {'Fn::Sub': '${Net}-Vpc'}", {"Fn::ImportValue": {"Fn::Sub": "${Net}-Vpc"}},
    ),
    "Equals": ("!Equals [!Ref Env, prod]", {"Fn::Equals": [{"Ref": "Env"}, "prod"]}),
    "And-Or-Not-Condition": (
        "!And [!Or [!Condition A, !Condition B], !Not [!Condition C]]",
        {
            "Fn::And": [
                {"Fn::Or": [{"Condition": "A"}, {"Condition": "B"}]},
                {"Fn::Not": [{"Condition": "C"}]},
            ]
        },
    ),
    "Transform": (
        "!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}",
        {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}},
    ),
    "Length": ("!Length [a, b]", {"Fn::Length": ["a", "b"]}),
    "ToJsonString": ("!ToJsonString {a: 1}", {"Fn::ToJsonString": {"a": 1}}),
    "tagged-scalar-stays-text": ("!Ref 2012-10-17", {"Ref": "2012-10-17"}),
}  # fmt: skip


@pytest.mark.parametrize(("short", "long"), SHORT_FORMS.values(), ids=list(SHORT_FORMS))
def test_short_form_tag_becomes_long_form(short: str, long: Any) -> None:
    """Each YAML short-form tag is read as the long-form function CloudFormation expects."""
    assert load_value(short) == long


def test_json_and_yaml_of_one_template_load_alike() -> None:
    """A JSON template and its YAML spelling (with short forms) give the same data."""
    json_text = """{"Resources": {"Prod": {"Type": "AWS::ApiGateway::Stage", "Properties": {
        "RestApiId": {"Ref": "Api"}, "TracingEnabled": true, "Variables": {"n": "1"},
        "AccessLogSetting": {"DestinationArn": {"Fn::GetAtt": ["Logs", "Arn"]}}}}}}"""
    yaml_text = """
        Resources:
          Prod:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: !Ref Api
              TracingEnabled: true
              Variables: {n: '1'}
              AccessLogSetting:
                DestinationArn: !GetAtt Logs.Arn
    """
    assert loads_template(json_text) == loads_template(textwrap.dedent(yaml_text))


@pytest.mark.parametrize(
    ("yaml_value", "expected"),
    [
        ("2010-09-09", "2010-09-09"),
        ("2012-10-17", "2012-10-17"),
        ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
        ("2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43.10 -5"),
    ],
)
def test_date_looking_scalar_stays_text(yaml_value: str, expected: str) -> None:
    """A date or timestamp stays the string written (IAM's Version: 2012-10-17 must survive)."""
    assert load_value(yaml_value) == expected


@pytest.mark.parametrize(
    ("yaml_value", "expected"),
    [("yes", True), ("On", True), ("off", False), ("NO", False), ("'yes'", "yes"), ("y", "y")],
)
def test_yaml_1_1_booleans_are_booleans_as_in_cloudformation(
    yaml_value: str, expected: Any
) -> None:
    """Unquoted yes/on/off/no are booleans: CloudFormation reads YAML 1.1, and so does cfn-lint."""
    value = load_value(yaml_value)
    assert (type(value), value) == (type(expected), expected)


def test_json_keeps_its_own_number_rules() -> None:
    """JSON text is read by JSON rules: 1e3 is a number, tabs are whitespace."""
    assert loads_template('{\t"A": 1e3,\n\t"B": "x"}') == {"A": 1000.0, "B": "x"}


def test_broken_json_is_not_read_as_yaml() -> None:
    """Text starting with ``{`` is JSON, so a JSON typo is an error, never a YAML null."""
    error = refusal('{"Resources": {},\n "Outputs": }')
    assert "invalid JSON" in str(error)
    assert "read as JSON" in str(error)


def test_duplicate_yaml_key_is_an_error_with_file_line_and_path() -> None:
    """A repeated YAML key fails with the file, its line, the key and the mapping's path."""
    error = refusal(
        """\
        Resources:
          Prod:
            Type: AWS::ApiGateway::Stage
            Properties:
              StageName: prod
              RestApiId: !Ref Api
              StageName: dev
        """
    )
    assert isinstance(error, ValueError)
    assert (error.file, error.line, error.key) == ("t.yaml", 7, "StageName")
    assert error.path == ("Resources", "Prod", "Properties")
    expected = "t.yaml:7: duplicate key 'StageName' in Resources.Prod.Properties (first at line 5)"
    assert str(error) == expected


def test_duplicate_key_inside_a_short_form_is_found() -> None:
    """A repeated key inside a tagged value is found, its path naming the function."""
    error = refusal(
        """\
        Value: !If
          - IsProd
          - {A: 1, A: 2}
          - !Ref AWS::NoValue
        """
    )
    assert (error.line, error.key, error.path) == (3, "A", ("Value", "Fn::If", 1))


def test_differently_quoted_keys_are_still_duplicates() -> None:
    """``a`` and ``"a"`` are the same key, so writing both is an error."""
    error = refusal('a: 1\n"a": 2\n')
    assert (error.line, error.key, error.path) == (2, "a", ())
    assert "in the top-level mapping" in str(error)


def test_duplicate_json_key_is_an_error_with_line_and_path() -> None:
    """A repeated JSON key fails with its line and the path of the object holding it."""
    text = '{"Resources": {"Prod": {"Properties": [\n  {"A": 1},\n  {"B": 1,\n   "B": 2}]}}}'
    error = refusal(text, filename="t.json")
    assert (error.file, error.line, error.key) == ("t.json", 4, "B")
    assert error.path == ("Resources", "Prod", "Properties", 1)
    assert str(error).startswith("t.json:4: duplicate key 'B' in Resources.Prod.Properties[1]")


def test_merge_key_override_is_not_a_duplicate() -> None:
    """An explicit key next to ``<<: *base`` overrides the merged one, as YAML defines."""
    template = loads_template("base: &base {a: 1, b: 2}\nnext:\n  <<: *base\n  a: 3\n")
    assert template["next"] == {"a": 3, "b": 2}


def test_alias_is_expanded() -> None:
    """An alias stands for a copy of its anchored value."""
    assert loads_template("a: &x [1, 2]\nb: *x\n")["b"] == [1, 2]


def test_alias_bomb_is_refused() -> None:
    """Aliases that would expand the document past a million nodes are refused."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 8)]
    error = refusal("\n".join(lines) + "\n")
    assert "aliases expand" in str(error)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: !Reff X\n", "unknown tag '!Reff'; did you mean '!Ref'?", 1),
        ("a: b\nc: !GetAtt Logs\n", "!GetAtt needs 'Resource.Attribute'", 2),
        ("a: !GetAtt {x: y}\n", "!GetAtt needs 'Resource.Attribute'", 1),
        ("a: !!binary aGk=\n", "CloudFormation does not support the !!binary tag", 1),
        ("a: !!set {x}\n", "CloudFormation does not support the !!set tag", 1),
        ("a: !ImportValue !Sub x\n", "invalid YAML", 1),
        ("a: !!python/object/apply:os.getcwd []\n", "invalid YAML", 1),
        ("~: x\n", "a key must not be null, in the top-level mapping", 1),
        ("a: [1, 2\nb: 3\n", "invalid YAML", 2),
        ('{"a": 1,\n "b": }', "invalid JSON", 2),
        ("- a\n- b\n", "a template must be a mapping, not list", 1),
        ("", "the template is empty", None),
    ],
    ids=[
        "unknown-tag",
        "GetAtt-without-dot",
        "GetAtt-mapping",
        "binary",
        "set",
        "two-tags-on-one-node",
        "python-object",
        "null-key",
        "yaml-syntax",
        "json-syntax",
        "not-a-mapping",
        "empty",
    ],
)
def test_unreadable_template_is_a_template_error(text: str, message: str, line: int | None) -> None:
    """Text that is no valid CloudFormation template raises TemplateError with its line."""
    error = refusal(text)
    assert message in str(error)
    assert error.line == line


def test_load_template_reads_a_file_and_names_it_in_errors(tmp_path: Path) -> None:
    """load_template reads UTF-8 files (a BOM too) and puts the file name in its errors."""
    good = tmp_path / "good.json"
    good.write_text('\ufeff{"Description": "caf\u00e9"}', encoding="utf-8")
    assert load_template(good) == {"Description": "caf\u00e9"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"bad\.yaml:2: duplicate key 'a'"):
        load_template(bad)


def test_error_without_a_file_names_the_line() -> None:
    """An error from loads_template without a filename still says which line."""
    assert str(refusal("a: 1\na: 2\n", filename=None)).startswith("line 2: duplicate key 'a'")
