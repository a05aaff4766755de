"""Template elements: parameters, outputs, conditions, mappings, attributes, the escape hatch."""

from __future__ import annotations

from typing import Any

import pytest

from stagewright import (
    App,
    Aws,
    CfnCondition,
    CfnMapping,
    CfnOutput,
    CfnParameter,
    Construct,
    Fn,
    RawResource,
    Stack,
    SynthesisError,
    ValidationError,
)
from stagewright.generated.aws_apigateway import rest_api, stage
from stagewright.testing import Annotations, Match, Template

STAGE = "AWS::ApiGateway::Stage"


def _stack() -> tuple[App, Stack]:
    app = App()
    return app, Stack(app, "S")


def _resources(app: App) -> dict[str, Any]:
    resources: dict[str, Any] = app.synthesize().templates["S"]["Resources"]
    return resources


def _api(stack: Stack, id: str = "Api") -> rest_api.RestApi:
    return rest_api.RestApi(stack, id, name="shop")


# -- parameters


def test_parameter_renders_every_key_given() -> None:
    """A parameter's entry holds the CloudFormation keys of the arguments that were set."""
    app, stack = _stack()
    CfnParameter(
        stack,
        "Size",
        type="Number",
        default=2,
        description="how many",
        allowed_values=[1, 2, 3],
        constraint_description="1 to 3",
        min_value=1,
        max_value=3,
        no_echo=False,
    )
    CfnParameter(stack, "Name", min_length=1, max_length=20, allowed_pattern="[a-z]+")
    _api(stack)
    assert app.synthesize().templates["S"]["Parameters"] == {
        "Size": {
            "Type": "Number",
            "Default": 2,
            "Description": "how many",
            "AllowedValues": [1, 2, 3],
            "ConstraintDescription": "1 to 3",
            "MinValue": 1,
            "MaxValue": 3,
            "NoEcho": False,
        },
        "Name": {"Type": "String", "AllowedPattern": "[a-z]+", "MinLength": 1, "MaxLength": 20},
    }


def test_parameter_ref_in_a_typed_field() -> None:
    """``parameter.ref`` is the parameter's value in a resource property."""
    app, stack = _stack()
    stage_name = CfnParameter(stack, "StageName", default="prod")
    assert stage_name.type == "String"
    stage.Stage(stack, "Prod", rest_api_id="abc", stage_name=stage_name.ref)
    assert _resources(app)["Prod"]["Properties"]["StageName"] == {"Ref": "StageName"}


@pytest.mark.parametrize(
    "type_",
    ["AWS::EC2::VPC::Id", "List<AWS::EC2::Subnet::Id>", "CommaDelimitedList", "List<Number>"],
)
def test_parameter_accepts_aws_specific_and_list_types(type_: str) -> None:
    """AWS-specific parameter types and list types are accepted."""
    assert CfnParameter(_stack()[1], "P", type=type_).type == type_


@pytest.mark.parametrize("type_", ["string", "Strin", "Integer", "List<Strings>"])
def test_parameter_refuses_an_unknown_type(type_: str) -> None:
    """A type CloudFormation does not know is refused, and the parameter is not added."""
    stack = _stack()[1]
    with pytest.raises(
        ValidationError, match="S/P: type: a parameter type is one of CommaDelimitedList"
    ):
        CfnParameter(stack, "P", type=type_)
    assert stack.node.children == []


def test_parameter_default_must_be_allowed() -> None:
    """A default that is not among the allowed values is refused."""
    stack = _stack()[1]
    with pytest.raises(
        ValidationError,
        match="default: parameter default is not among allowed_values \\['prod', 'dev'\\]",
    ):
        CfnParameter(stack, "Env", default="test", allowed_values=["prod", "dev"])
    assert stack.node.try_find_child("Env") is None


def test_parameter_refuses_wrong_python_types() -> None:
    """Each key has its types; a boolean is not a length."""
    stack = _stack()[1]
    with pytest.raises(ValidationError, match="parameter min_length must be int or str, not bool"):
        CfnParameter(stack, "P", min_length=True)
    with pytest.raises(ValidationError, match="parameter description must be str, not int"):
        CfnParameter(stack, "P", description=3)  # type: ignore[arg-type]


def test_parameter_from_cfn_keeps_the_entry() -> None:
    """``from_cfn`` reads a template entry and renders it back as written."""
    app, stack = _stack()
    entry = {"Type": "String", "NoEcho": "true", "Default": "x", "AllowedValues": ["x", "y"]}
    parameter = CfnParameter.from_cfn(stack, "Secret", entry)
    _api(stack)
    assert parameter.type == "String"
    assert app.synthesize().templates["S"]["Parameters"]["Secret"] == entry


def test_parameter_from_cfn_unknown_key_suggests_the_right_one() -> None:
    """An unknown key is an error with a did-you-mean hint."""
    stack = _stack()[1]
    with pytest.raises(
        ValueError,
        match="has no such key \\[unknown-key\\], got 'Defualt'; did you mean 'Default'\\?",
    ):
        CfnParameter.from_cfn(stack, "P", {"Type": "String", "Defualt": "x"})
    with pytest.raises(ValueError, match='S/P: mapping\\["Type"\\]: a parameter needs a Type'):
        CfnParameter.from_cfn(stack, "P", {"Default": "x"})
    with pytest.raises(ValueError, match="must be a mapping"):
        CfnParameter.from_cfn(stack, "P", ["String"])  # type: ignore[arg-type]
    assert stack.node.children == []


def test_parameter_from_cfn_still_checks_values() -> None:
    """A template entry goes through the same checks as keyword arguments."""
    with pytest.raises(ValueError, match="got 'Str'"):
        CfnParameter.from_cfn(_stack()[1], "P", {"Type": "Str"})


# -- outputs


def test_outputs_render_value_description_export_and_condition() -> None:
    """Outputs render their value, description, export name and condition name."""
    app, stack = _stack()
    api = _api(stack)
    is_prod = CfnCondition(stack, "IsProd", expression=Fn.equals(Aws.REGION, "us-east-1"))
    CfnOutput(stack, "ApiId", value=api.ref, description="the API", export_name="shop-api-id")
    CfnOutput(
        stack,
        "Root",
        value=api.attr_root_resource_id,
        export_name=Fn.sub("${AWS::StackName}-root"),
        condition=is_prod,
    )
    CfnOutput(stack, "Plain", value="x", condition="IsProd")
    assert app.synthesize().templates["S"]["Outputs"] == {
        "ApiId": {
            "Value": {"Ref": "Api"},
            "Description": "the API",
            "Export": {"Name": "shop-api-id"},
        },
        "Root": {
            "Value": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-root"}},
            "Condition": "IsProd",
        },
        "Plain": {"Value": "x", "Condition": "IsProd"},
    }


def test_output_needs_a_value() -> None:
    """An output without a value is refused and not added."""
    stack = _stack()[1]
    with pytest.raises(ValueError, match="S/Out: value: an output needs a value"):
        CfnOutput(stack, "Out", value=None)
    assert stack.node.children == []


def test_output_with_an_unknown_condition_name_fails_synthesis() -> None:
    """An output's condition must be a condition of the template."""
    app, stack = _stack()
    _api(stack)
    CfnOutput(stack, "Out", value="x", condition="Nope")
    with pytest.raises(
        SynthesisError,
        match=r"S/Out \(Outputs.Out.Condition\): Condition 'Nope' is not a condition",
    ):
        app.synthesize()


def test_output_from_cfn_keeps_the_entry() -> None:
    """``CfnOutput.from_cfn`` renders an entry back as written."""
    app, stack = _stack()
    _api(stack)
    entry = {"Value": {"Ref": "Api"}, "Export": {"Name": "x"}, "Description": "d"}
    CfnOutput.from_cfn(stack, "Out", entry)
    assert app.synthesize().templates["S"]["Outputs"]["Out"] == entry


# -- conditions


def test_condition_renders_its_expression_and_guards_a_resource() -> None:
    """A CfnCondition becomes a Conditions entry; a resource's ``condition`` names it."""
    stack = _stack()[1]
    env = CfnParameter(stack, "Env")
    is_prod = CfnCondition(stack, "IsProd", expression=Fn.equals(env.ref, "prod"))
    guarded = _api(stack, "Guarded")
    guarded.condition = is_prod
    by_name = _api(stack, "ByName")
    by_name.condition = "IsProd"
    template = Template.from_stack(stack)
    template.has_condition("IsProd", Match.exact({"Fn::Equals": [{"Ref": "Env"}, "prod"]}))
    guarded_ones = template.find_resources("AWS::ApiGateway::RestApi", {"Condition": "IsProd"})
    assert sorted(guarded_ones) == ["ByName", "Guarded"]


def test_condition_needs_a_condition_expression() -> None:
    """A condition's expression must be a condition function, not a value or another function."""
    stack = _stack()[1]
    with pytest.raises(
        ValidationError, match="S/C: expression: a condition needs a condition function"
    ):
        CfnCondition(stack, "C", expression="true")
    with pytest.raises(ValidationError, match=r"needs Fn\.equals/and_/or_/not_/condition"):
        CfnCondition(stack, "C", expression=Fn.join("", ["a"]))
    assert stack.node.children == []


def test_resource_condition_unknown_name_fails_synthesis() -> None:
    """A resource guarded by a condition the template does not have is a synthesis error."""
    app, stack = _stack()
    _api(stack).condition = "Missing"
    with pytest.raises(
        SynthesisError, match=r"S/Api \(Resources.Api.Condition\): Condition 'Missing'"
    ):
        app.synthesize()


# -- mappings


def test_mapping_renders_and_is_referenced() -> None:
    """A mapping renders as written; find_in_map refers to it by logical ID."""
    app, stack = _stack()
    regions = CfnMapping(stack, "Regions", mapping={"us-east-1": {"Level": "INFO", "Burst": 10}})
    stage.Stage(
        stack, "Prod", rest_api_id="abc", description=regions.find_in_map(Aws.REGION, "Level")
    )
    template = app.synthesize().templates["S"]
    assert template["Mappings"] == {"Regions": {"us-east-1": {"Level": "INFO", "Burst": 10}}}
    assert template["Resources"]["Prod"]["Properties"]["Description"] == {
        "Fn::FindInMap": ["Regions", {"Ref": "AWS::Region"}, "Level"]
    }


@pytest.mark.parametrize("mapping", [{}, {"a": {}}, {"a": "b"}, {1: {"x": 1}}])
def test_mapping_must_be_two_levels_of_non_empty_mappings(mapping: Any) -> None:
    """Empty mappings, non-mapping values and non-string keys are refused."""
    stack = _stack()[1]
    with pytest.raises(ValueError, match="S/M: mapping"):
        CfnMapping(stack, "M", mapping=mapping)
    assert stack.node.children == []


def test_find_in_map_of_an_unknown_mapping_name_fails_synthesis() -> None:
    """Fn.find_in_map by a name the template does not define is a synthesis error."""
    app, stack = _stack()
    stage.Stage(stack, "Prod", rest_api_id="abc", description=Fn.find_in_map("Nope", "a", "b"))
    with pytest.raises(SynthesisError, match="Fn::FindInMap in 'Nope', which is not a mapping"):
        app.synthesize()


# -- resource attributes


@pytest.mark.parametrize("policy", ["Delete", "Retain", "RetainExceptOnCreate", "Snapshot"])
def test_deletion_policy_values(policy: str) -> None:
    """Each CloudFormation deletion policy is accepted and rendered."""
    app, stack = _stack()
    _api(stack).deletion_policy = policy
    assert _resources(app)["Api"]["DeletionPolicy"] == policy


def test_policies_refuse_unknown_values_and_accept_intrinsics() -> None:
    """Unknown policies are refused on assignment; intrinsic values are kept."""
    app, stack = _stack()
    api = _api(stack)
    with pytest.raises(
        ValueError,
        match=(
            "S/Api: DeletionPolicy: DeletionPolicy must be one of Delete, Retain, "
            "RetainExceptOnCreate, Snapshot \\[enum\\], got 'Keep'"
        ),
    ):
        api.deletion_policy = "Keep"
    with pytest.raises(
        ValueError,
        match=r"UpdateReplacePolicy must be one of Delete, Retain, Snapshot \[enum\], got 'Retain",
    ):
        api.update_replace_policy = "RetainExceptOnCreate"
    assert api.deletion_policy is None
    assert api.update_replace_policy is None
    CfnCondition(stack, "IsProd", expression=Fn.equals(Aws.REGION, "us-east-1"))
    api.deletion_policy = Fn.if_("IsProd", "Retain", "Delete")
    api.update_replace_policy = "Snapshot"
    entry = _resources(app)["Api"]
    assert entry["DeletionPolicy"] == {"Fn::If": ["IsProd", "Retain", "Delete"]}
    assert entry["UpdateReplacePolicy"] == "Snapshot"


def test_apply_removal_policy_sets_both() -> None:
    """``apply_removal_policy`` sets DeletionPolicy and UpdateReplacePolicy together."""
    app, stack = _stack()
    api = _api(stack)
    api.apply_removal_policy("Retain")
    entry = _resources(app)["Api"]
    assert (entry["DeletionPolicy"], entry["UpdateReplacePolicy"]) == ("Retain", "Retain")


def test_apply_removal_policy_is_all_or_nothing() -> None:
    """A policy only one of the two attributes accepts changes neither."""
    api = _api(_stack()[1])
    api.apply_removal_policy("Snapshot")
    with pytest.raises(ValueError, match="UpdateReplacePolicy"):
        api.apply_removal_policy("RetainExceptOnCreate")
    assert (api.deletion_policy, api.update_replace_policy) == ("Snapshot", "Snapshot")


def test_metadata_creation_and_update_policies_render() -> None:
    """Metadata, CreationPolicy and UpdatePolicy render with tokens; unset ones are omitted."""
    app, stack = _stack()
    api = _api(stack)
    api.metadata = {"Owner": "team", "Region": Aws.REGION}
    api.creation_policy = {"ResourceSignal": {"Count": 1}}
    api.update_policy = {"AutoScalingRollingUpdate": {"MaxBatchSize": 1}}
    plain = _api(stack, "Plain")
    entries = _resources(app)
    assert entries["Api"]["Metadata"] == {"Owner": "team", "Region": {"Ref": "AWS::Region"}}
    assert entries["Api"]["CreationPolicy"] == {"ResourceSignal": {"Count": 1}}
    assert entries["Api"]["UpdatePolicy"] == {"AutoScalingRollingUpdate": {"MaxBatchSize": 1}}
    assert set(entries[plain.logical_id]) == {"Type", "Properties"}


def test_add_depends_on_renders_depends_on_once_in_order() -> None:
    """``add_depends_on`` lists each target once, in the order added."""
    app, stack = _stack()
    api, first, second = _api(stack), _api(stack, "First"), _api(stack, "Second")
    api.add_depends_on(second, first)
    api.add_depends_on(second)
    assert api.depends_on == [second, first]
    assert _resources(app)["Api"]["DependsOn"] == ["Second", "First"]


def test_add_depends_on_refuses_itself_and_non_resources() -> None:
    """A resource cannot depend on itself or on a non-resource."""
    stack = _stack()[1]
    api = _api(stack)
    with pytest.raises(ValueError, match="S/Api: DependsOn: a resource cannot depend on itself"):
        api.add_depends_on(api)
    with pytest.raises(ValidationError, match="DependsOn takes resources, not CfnParameter"):
        api.add_depends_on(CfnParameter(stack, "P"))  # type: ignore[arg-type]


# -- escape hatch


def test_property_override_of_an_unknown_property_passes_with_a_warning() -> None:
    """An override the schema does not know is written, warned about, and listed in the manifest."""
    app, stack = _stack()
    prod = stage.Stage(stack, "Prod", rest_api_id="abc")
    prod.add_property_override("FutureSetting", {"Mode": "fast"})
    Template.from_stack(stack).has_resource_properties(
        STAGE, Match.object_equals({"RestApiId": "abc", "FutureSetting": {"Mode": "fast"}})
    )
    annotations = Annotations.from_stack(stack)
    annotations.has_warning(
        "S/Prod",
        "escape hatch: Properties.FutureSetting is not in the AWS::ApiGateway::Stage schema; "
        "it is passed through as written",
    )
    assert len(annotations.find_warnings()) == 1
    stack_manifest = app.synthesize().manifest()["stacks"]["S"]
    assert stack_manifest["overrides"] == ["S/Prod: Properties.FutureSetting"]
    assert "FutureSetting" in stack_manifest["messages"][0]["message"]


def test_nested_override_of_an_unknown_property_is_a_warning_too() -> None:
    """``Future.Deep`` creates the unknown ``Future``; it is passed through with a warning."""
    stack = _stack()[1]
    prod = stage.Stage(stack, "Prod", rest_api_id="abc")
    prod.add_property_override("Future.Deep", 1)
    Template.from_stack(stack).has_resource_properties(STAGE, {"Future": {"Deep": 1}})
    annotations = Annotations.from_stack(stack)
    annotations.has_warning(
        "S/Prod", Match.string_like_regexp(r"^escape hatch: Properties\.Future ")
    )
    assert len(annotations.messages) == 1


def test_unknown_property_inside_a_known_one_is_a_warning() -> None:
    """An unknown key inside a known property object is passed through with a warning."""
    stack = _stack()[1]
    prod = stage.Stage(
        stack, "Prod", rest_api_id="abc", canary_setting=stage.CanarySetting(percent_traffic=5)
    )
    prod.add_property_override("CanarySetting.NewKnob", True)
    Template.from_stack(stack).has_resource_properties(
        STAGE, {"CanarySetting": Match.object_equals({"PercentTraffic": 5, "NewKnob": True})}
    )
    annotations = Annotations.from_stack(stack)
    annotations.has_warning(
        "S/Prod", Match.string_like_regexp(r"Properties\.CanarySetting\.NewKnob")
    )
    assert [m.level for m in annotations.messages] == ["warning"]


def test_override_of_a_known_property_is_validated() -> None:
    """An override that breaks the schema is a synthesis error naming the property."""
    app, stack = _stack()
    prod = stage.Stage(stack, "Prod", rest_api_id="abc")
    prod.add_property_override("CanarySetting.PercentTraffic", 500)
    prod.add_property_override("TracingEnabled", "yes")
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    problems = caught.value.problems
    assert len(problems) == 2
    assert all(p.startswith("S/Prod (Resources.Prod): Properties.") for p in problems)
    assert any("CanarySetting.PercentTraffic: must be at most 100" in p for p in problems)
    assert any("TracingEnabled" in p for p in problems)


def test_valid_override_of_a_known_property_is_noted() -> None:
    """A schema-valid override is applied and reported as a note, not a warning."""
    stack = _stack()[1]
    prod = stage.Stage(stack, "Prod", rest_api_id="abc", tracing_enabled=False)
    prod.add_property_override("TracingEnabled", True)
    Template.from_stack(stack).has_resource_properties(STAGE, {"TracingEnabled": True})
    annotations = Annotations.from_stack(stack)
    annotations.has_info("S/Prod", "escape hatch: Properties.TracingEnabled set by override")
    assert len(annotations.messages) == 1


def test_property_deletion_override_removes_a_key() -> None:
    """A deletion override removes the key; a missing one is ignored."""
    app, stack = _stack()
    prod = stage.Stage(stack, "Prod", rest_api_id="abc", stage_name="prod", tracing_enabled=True)
    prod.add_property_deletion_override("TracingEnabled")
    prod.add_property_deletion_override("CanarySetting.PercentTraffic")
    assert _resources(app)["Prod"]["Properties"] == {"RestApiId": "abc", "StageName": "prod"}


def test_deleting_a_required_property_is_a_synthesis_error() -> None:
    """The result of the overrides is still checked against the schema."""
    app, stack = _stack()
    prod = stage.Stage(stack, "Prod", rest_api_id="abc")
    prod.add_property_deletion_override("RestApiId")
    with pytest.raises(SynthesisError, match="RestApiId"):
        app.synthesize()


def test_add_override_sets_any_key_of_the_entry() -> None:
    """``add_override`` reaches outside Properties, e.g. UpdatePolicy, and renders tokens."""
    app, stack = _stack()
    api = _api(stack)
    api.add_override("UpdatePolicy.UseOnlineResharding", True)
    api.add_override("Metadata.Region", Aws.REGION)
    entry = _resources(app)["Api"]
    assert entry["UpdatePolicy"] == {"UseOnlineResharding": True}
    assert entry["Metadata"] == {"Region": {"Ref": "AWS::Region"}}


def test_escaped_dots_are_part_of_a_key() -> None:
    """``A\\.B`` is one key with a dot in it; the manifest lists it escaped."""
    app, stack = _stack()
    api = _api(stack)
    api.add_override("Metadata.aws\\.cdk.path", "S/Api")
    assembly = app.synthesize()
    assert assembly.templates["S"]["Resources"]["Api"]["Metadata"] == {"aws.cdk": {"path": "S/Api"}}
    assert assembly.manifest()["stacks"]["S"]["overrides"] == ["S/Api: Metadata.aws\\.cdk.path"]


@pytest.mark.parametrize("path", ["", "A..B", ".A", "A."])
def test_override_paths_need_keys(path: str) -> None:
    """Empty keys in an override path are refused."""
    with pytest.raises(ValueError, match="an override path is keys separated by dots"):
        _api(_stack()[1]).add_override(path, 1)


def test_override_value_cannot_be_none() -> None:
    """None is not a value; a deletion override removes keys."""
    with pytest.raises(ValueError, match="use a deletion override"):
        _api(_stack()[1]).add_property_override("Name", None)


def test_overrides_apply_in_order() -> None:
    """A later override wins over an earlier one on the same key."""
    app, stack = _stack()
    api = _api(stack)
    api.add_property_override("Name", "first")
    api.add_property_override("Name", "second")
    assert _resources(app)["Api"]["Properties"]["Name"] == "second"


# -- raw resources


def test_raw_resource_renders_type_and_properties() -> None:
    """A RawResource keeps any type and renders tokens and property objects in its properties."""
    app, stack = _stack()
    api = _api(stack)
    RawResource(
        stack,
        "Fn",
        type="AWS::Serverless::Function",
        properties={
            "Environment": {"Variables": {"API": api.ref}},
            "Tags": [stage.Tag(key="k", value="v")],
        },
    )
    RawResource(stack, "Empty", type="Custom::Thing", properties={})
    RawResource(stack, "Bare", type="Custom::Thing")
    entries = _resources(app)
    assert entries["Fn"] == {
        "Type": "AWS::Serverless::Function",
        "Properties": {
            "Environment": {"Variables": {"API": {"Ref": "Api"}}},
            "Tags": [{"Key": "k", "Value": "v"}],
        },
    }
    assert entries["Empty"] == {"Type": "Custom::Thing", "Properties": {}}
    assert entries["Bare"] == {"Type": "Custom::Thing"}


def test_raw_resource_refuses_a_bad_type() -> None:
    """A type name has the form Service::Resource; properties must be a mapping."""
    stack = _stack()[1]
    with pytest.raises(ValueError, match="looks like 'AWS::Service::Resource'"):
        RawResource(stack, "R", type="Lambda")
    with pytest.raises(
        ValidationError, match="S/R: properties: properties must be a mapping, not list"
    ):
        RawResource(stack, "R", type="Custom::X", properties=[])  # type: ignore[arg-type]
    assert stack.node.children == []


def test_raw_resource_of_a_known_type_is_checked_against_its_schema() -> None:
    """Raw properties of a type stagewright has a schema for are validated at synthesis."""
    app, stack = _stack()
    RawResource(stack, "Prod", type="AWS::ApiGateway::Stage", properties={"StageName": "prod"})
    with pytest.raises(SynthesisError, match=r"S/Prod \(Resources.Prod\): .*RestApiId"):
        app.synthesize()


def test_elements_in_nested_constructs_are_found() -> None:
    """Elements anywhere below the stack are rendered into its template."""
    app, stack = _stack()
    group = Construct(stack, "Group")
    param = CfnParameter(group, "Env")
    rest_api.RestApi(Construct(group, "Deeper"), "Api", name=param.ref)
    template = app.synthesize().templates["S"]
    assert list(template["Parameters"]) == [param.logical_id]
    ((entry),) = template["Resources"].values()
    assert entry["Properties"] == {"Name": {"Ref": param.logical_id}}


def test_a_resource_named_default_directly_in_a_stack_is_a_synthesis_problem() -> None:
    """Its logical ID would be empty: a problem line naming the path, not a bare ValueError."""
    app = App()
    stack = Stack(app, "Shop")
    wrapper = Construct(stack, "Default")
    RawResource(wrapper, "Default", type="Custom::Thing")
    named = Construct(stack, "Api")
    RawResource(named, "Default", type="Custom::Thing")  # below a named construct: fine
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    assert [p.split(":")[0] for p in caught.value.problems] == ["Shop/Default/Default"]
