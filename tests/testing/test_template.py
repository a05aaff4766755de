"""Template: where templates come from, each assertion passing and failing, and its messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stagewright import Annotations as CoreAnnotations
from stagewright import App, RawResource, Stack, SynthesisError
from stagewright.testing import Match, Template

STAGE = "AWS::ApiGateway::Stage"


def failure(call: object) -> str:
    """Return the message of the AssertionError that calling ``call`` raises."""
    assert callable(call)
    with pytest.raises(AssertionError) as caught:
        call()
    return str(caught.value)


def test_from_stack_synthesizes_in_memory(
    shop: Stack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """from_stack gives the stack's template and writes no file."""
    monkeypatch.chdir(tmp_path)
    template = Template.from_stack(shop)
    assert template.to_json() == shop.to_template()
    assert list(tmp_path.iterdir()) == []


def test_from_stack_takes_the_stack_it_is_given() -> None:
    """In an app of two stacks, from_stack picks the one asked for."""
    app = App()
    Stack(app, "First")
    second = Stack(app, "Second", description="the second")
    for stack in app.stacks:
        RawResource(stack, "Topic", type="AWS::SNS::Topic")
    assert Template.from_stack(second).to_json()["Description"] == "the second"


def test_from_stack_raises_the_synthesis_error(shop: Stack) -> None:
    """A stack whose app fails to synthesize raises that SynthesisError."""
    CoreAnnotations.of(shop.node.find_child("Prod")).add_error("no canary")
    with pytest.raises(SynthesisError, match="ShopApi/Prod: no canary"):
        Template.from_stack(shop)


def test_from_stack_refuses_other_things() -> None:
    """from_stack names what it got when that is not a Stack."""
    with pytest.raises(TypeError, match="from_stack takes a Stack, not dict"):
        Template.from_stack({})  # type: ignore[arg-type]


def test_from_json_and_from_file_read_the_same_template(tmp_path: Path) -> None:
    """A dict, JSON text, a JSON file and a YAML file with short forms give equal templates."""
    template = {
        "Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi"}},
        "Outputs": {"Id": {"Value": {"Ref": "Api"}}},
    }
    (tmp_path / "t.json").write_text(json.dumps(template))
    yaml_text = "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\nOutputs:\n  Id:\n"
    (tmp_path / "t.yaml").write_text(yaml_text + "    Value: !Ref Api\n")
    expected = Template.from_json(template).to_json()
    assert Template.from_json(json.dumps(template)).to_json() == expected
    assert Template.from_file(tmp_path / "t.json").to_json() == expected
    assert Template.from_file(str(tmp_path / "t.yaml")).to_json() == expected


def test_to_json_is_a_copy(shop: Stack) -> None:
    """Changing what to_json returned does not change the template."""
    template = Template.from_stack(shop)
    template.to_json()["Resources"].clear()
    template.resource_count_is(STAGE, 2)


def test_resource_count_is(shop: Stack) -> None:
    """resource_count_is passes on the right count and lists the resources on a wrong one."""
    template = Template.from_stack(shop)
    template.resource_count_is(STAGE, 2)
    template.resource_count_is("AWS::Lambda::Function", 0)
    assert failure(lambda: template.resource_count_is(STAGE, 1)) == (
        "expected 1 resource of type 'AWS::ApiGateway::Stage', found 2: Dev, Prod"
    )
    assert failure(lambda: template.resource_count_is("AWS::SNS::Topic", 1)).startswith(
        "expected 1 resource of type 'AWS::SNS::Topic', found 0 (types present: "
        "AWS::ApiGateway::Deployment, AWS::ApiGateway::RestApi, AWS::ApiGateway::Stage)"
    )


def test_resource_properties_count_is(shop: Stack) -> None:
    """resource_properties_count_is counts the resources whose properties match."""
    template = Template.from_stack(shop)
    template.resource_properties_count_is(STAGE, {"StageName": Match.any_value()}, 2)
    template.resource_properties_count_is(STAGE, {"TracingEnabled": True}, 1)
    assert "found 1: Prod" in failure(
        lambda: template.resource_properties_count_is(STAGE, {"TracingEnabled": True}, 2)
    )


def test_has_resource_properties_passes_on_a_deep_partial_match(shop: Stack) -> None:
    """Nested objects are object-like; a resource without the key passes Match.absent()."""
    template = Template.from_stack(shop)
    template.has_resource_properties(
        STAGE, {"StageName": "prod", "MethodSettings": [{"LoggingLevel": "ERROR"}, {}]}
    )
    template.has_resource_properties(STAGE, {"TracingEnabled": Match.absent()})
    template.has_resource_properties("AWS::ApiGateway::RestApi", {"Name": "shop"})


def test_a_resource_without_properties_has_empty_ones() -> None:
    """Properties-less resources match {} and Match.absent() keys, and Match.absent() itself."""
    app = App()
    stack = Stack(app, "S")
    RawResource(stack, "Topic", type="AWS::SNS::Topic")
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::SNS::Topic", {})
    template.has_resource_properties("AWS::SNS::Topic", {"TopicName": Match.absent()})
    template.has_resource_properties("AWS::SNS::Topic", Match.absent())
    message = failure(lambda: template.has_resource_properties("AWS::SNS::Topic", {"A": 1}))
    assert "  Properties.A: missing key (expected 1)" in message


def test_has_resource_properties_failure_names_the_closest_resource(shop: Stack) -> None:
    """The message says what was looked for, picks the resource with fewest mismatches, diffs it."""
    template = Template.from_stack(shop)
    message = failure(
        lambda: template.has_resource_properties(
            STAGE,
            {
                "StageName": "prod",
                "TracingEnabled": True,
                "MethodSettings": Match.array_with([{"LoggingLevel": "INFO"}]),
            },
        )
    )
    assert message.splitlines() == [
        "Template has 2 resources of type 'AWS::ApiGateway::Stage', but none matches.",
        "Looked for: {'StageName': 'prod', 'TracingEnabled': True, 'MethodSettings': "
        "Match.array_with([{'LoggingLevel': 'INFO'}])}",
        "The closest is 'Prod' (1 mismatch):",
        "  Properties.MethodSettings: no item matches array_with entry [0] "
        "{'LoggingLevel': 'INFO'}",
        "  Properties.MethodSettings[0].LoggingLevel: expected 'INFO', got 'ERROR'",
    ]


def test_has_resource_properties_failure_on_a_missing_key(shop: Stack) -> None:
    """A key the closest resource lacks is reported as missing, with what was expected."""
    message = failure(
        lambda: Template.from_stack(shop).has_resource_properties(
            STAGE, {"StageName": "prod", "CacheClusterEnabled": True}
        )
    )
    assert "The closest is 'Prod' (1 mismatch):" in message
    assert "  Properties.CacheClusterEnabled: missing key (expected True)" in message


def test_has_resource_properties_without_resources_of_the_type(shop: Stack) -> None:
    """With no resource of the type, the message lists the types the template has."""
    message = failure(
        lambda: Template.from_stack(shop).has_resource_properties("AWS::SNS::Topic", {})
    )
    assert message.splitlines()[0] == (
        "Template has no resources of type 'AWS::SNS::Topic' (types present: "
        "AWS::ApiGateway::Deployment, AWS::ApiGateway::RestApi, AWS::ApiGateway::Stage)."
    )
    typo = failure(lambda: Template.from_stack(shop).resource_count_is("AWS::ApiGateway::Stag", 2))
    assert typo.endswith("did you mean 'AWS::ApiGateway::Stage'?)")


def test_has_resource_matches_the_whole_resource(shop: Stack) -> None:
    """has_resource sees DependsOn, DeletionPolicy and Condition beside Properties."""
    template = Template.from_stack(shop)
    template.has_resource(
        STAGE,
        {"DependsOn": ["Api"], "DeletionPolicy": "Retain", "Properties": {"StageName": "prod"}},
    )
    template.has_resource(STAGE, {"Condition": "IsProd"})
    message = failure(
        lambda: template.has_resource(STAGE, {"DeletionPolicy": "Delete", "DependsOn": ["Api"]})
    )
    assert "The closest is 'Prod' (1 mismatch):" in message
    assert "  DeletionPolicy: expected 'Delete', got 'Retain'" in message


def test_find_resources_returns_matches_by_logical_id(shop: Stack) -> None:
    """find_resources filters by type, then (whole-resource pattern) by props; copies."""
    template = Template.from_stack(shop)
    assert sorted(template.find_resources(STAGE)) == ["Dev", "Prod"]
    found = template.find_resources(STAGE, {"Properties": {"StageName": "dev"}})
    assert list(found) == ["Dev"]
    assert found["Dev"]["Condition"] == "IsProd"
    assert template.find_resources(STAGE, {"Properties": {"StageName": "qa"}}) == {}
    found["Dev"]["Properties"].clear()
    assert template.find_resources(STAGE)["Dev"]["Properties"]["StageName"] == "dev"


def test_all_resources_properties(shop: Stack) -> None:
    """all_resources_properties wants every resource of the type to match, and at least one."""
    template = Template.from_stack(shop)
    template.all_resources_properties(STAGE, {"RestApiId": {"Ref": "Api"}})
    message = failure(lambda: template.all_resources_properties(STAGE, {"TracingEnabled": True}))
    assert message.splitlines() == [
        "Template has 2 resources of type 'AWS::ApiGateway::Stage', but 1 of them do not match.",
        "Looked for: {'TracingEnabled': True}",
        "'Dev' (1 mismatch):",
        "  Properties.TracingEnabled: missing key (expected True)",
    ]
    assert failure(lambda: template.all_resources_properties("AWS::SNS::Topic", {})).startswith(
        "Template has no resources of type 'AWS::SNS::Topic'"
    )


def test_all_resources_matches_whole_resources(shop: Stack) -> None:
    """all_resources applies a whole-resource pattern to every resource of the type."""
    template = Template.from_stack(shop)
    template.all_resources(STAGE, {"Properties": Match.any_value()})
    assert "'Dev' (1 mismatch)" in failure(
        lambda: template.all_resources(STAGE, {"DeletionPolicy": "Retain"})
    )


def test_outputs(shop: Stack) -> None:
    """has_output by logical ID or '*', find_outputs, and a message naming the outputs there are."""
    template = Template.from_stack(shop)
    template.has_output("Url", {"Export": {"Name": "ShopUrl"}})
    template.has_output("*", {"Value": {"Fn::Sub": Match.string_like_regexp(r"\$\{Api\}")}})
    assert list(template.find_outputs()) == ["Url"]
    assert template.find_outputs("*", {"Export": {"Name": "Other"}}) == {}
    assert failure(lambda: template.has_output("Endpoint", {})).splitlines()[0] == (
        "Template has no outputs named 'Endpoint' (Outputs: Url)."
    )
    assert failure(lambda: template.has_output("Uri", {})).splitlines()[0] == (
        "Template has no outputs named 'Uri' (Outputs: Url; did you mean 'Url'?)."
    )
    assert "  Export.Name: expected 'Other', got 'ShopUrl'" in failure(
        lambda: template.has_output("Url", {"Export": {"Name": "Other"}})
    )


def test_parameters_conditions_and_mappings(shop: Stack) -> None:
    """has_parameter, has_condition, has_mapping and their find_* work like has_output."""
    template = Template.from_stack(shop)
    template.has_parameter("Env", {"Type": "String", "AllowedValues": ["prod", "dev"]})
    template.has_condition("*", {"Fn::Equals": [{"Ref": "Env"}, "prod"]})
    assert list(template.find_parameters("*", {"Default": "prod"})) == ["Env"]
    assert list(template.find_conditions()) == ["IsProd"]
    assert template.find_mappings() == {}
    assert "  Default: expected 'dev', got 'prod'" in failure(
        lambda: template.has_parameter("Env", {"Default": "dev"})
    )
    assert failure(lambda: template.has_mapping("*", {})).startswith("Template has no mappings.")


def test_template_matches(shop: Stack) -> None:
    """template_matches compares the whole template, object-like, listing every mismatch."""
    template = Template.from_stack(shop)
    template.template_matches({"Resources": {"Prod": {"DeletionPolicy": "Retain"}}})
    message = failure(
        lambda: template.template_matches({"Resources": {"Prod": {"DeletionPolicy": "Delete"}}})
    )
    assert message == (
        "Template does not match (1 mismatch):\n"
        "  Resources.Prod.DeletionPolicy: expected 'Delete', got 'Retain'"
    )
