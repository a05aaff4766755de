"""Intrinsic functions and pseudo parameters, used in typed fields and checked in the template."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from stagewright import (
    App,
    Aws,
    CfnCondition,
    CfnMapping,
    CfnParameter,
    ConditionFunction,
    Fn,
    Intrinsic,
    PseudoParameter,
    RawResource,
    Stack,
    ValidationError,
)
from stagewright.generated.aws_apigateway import rest_api, stage


class _Env:
    """An app with one stack ``S``, a parameter ``Env``, a mapping ``Config`` and an ``Api``."""

    def __init__(self) -> None:
        self.app = App()
        self.stack = Stack(self.app, "S")
        self.env = CfnParameter(self.stack, "Env", allowed_values=["prod", "dev"], default="dev")
        self.config = CfnMapping(
            self.stack,
            "Config",
            mapping={"us-east-1": {"Stage": "prod", "Level": "INFO"}, "eu-west-1": {"Stage": "eu"}},
        )
        self.is_prod = CfnCondition(
            self.stack, "IsProd", expression=Fn.equals(self.env.ref, "prod")
        )
        self.api = rest_api.RestApi(self.stack, "Api", name="shop")

    def template(self) -> dict[str, Any]:
        return self.app.synthesize().templates["S"]

    def stage(self, **fields: Any) -> Any:
        """Add a Stage ``Prod`` with ``fields`` and return its synthesized Properties."""
        stage.Stage(self.stack, "Prod", rest_api_id=self.api.ref, **fields)
        return self.template()["Resources"]["Prod"]["Properties"]

    def rest_api(self, **fields: Any) -> Any:
        """Add a RestApi ``Other`` with ``fields`` and return its synthesized Properties."""
        rest_api.RestApi(self.stack, "Other", **fields)
        return self.template()["Resources"]["Other"]["Properties"]


@pytest.fixture
def env() -> _Env:
    """A fresh app with a stack, a parameter, a mapping, a condition and an API."""
    return _Env()


# -- Ref and GetAtt


def test_ref_of_an_element(env: _Env) -> None:
    """``Fn.ref`` of a resource or parameter renders Ref of its logical ID."""
    props = env.stage(description=Fn.ref(env.env), deployment_id=Fn.ref(env.api))
    assert props["Description"] == {"Ref": "Env"}
    assert props["DeploymentId"] == {"Ref": "Api"}
    assert props["RestApiId"] == {"Ref": "Api"}


def test_ref_of_a_logical_id_string(env: _Env) -> None:
    """``Fn.ref`` of a string refers to that logical ID as written."""
    assert env.stage(description=Fn.ref("Api"))["Description"] == {"Ref": "Api"}


def test_ref_of_a_pseudo_parameter_name_is_the_pseudo_parameter() -> None:
    """``Fn.ref("AWS::Region")`` is the same value as ``Aws.REGION``."""
    assert Fn.ref("AWS::Region") == Aws.REGION
    assert isinstance(Fn.ref("AWS::Region"), PseudoParameter)
    assert Fn.ref("AWS::Region").to_cfn() == {"Ref": "AWS::Region"}


def test_get_att_of_a_resource_and_of_a_logical_id(env: _Env) -> None:
    """``Fn.get_att`` takes a resource or a logical ID; both render Fn::GetAtt."""
    props = env.stage(
        description=Fn.get_att(env.api, "RootResourceId"),
        deployment_id=Fn.get_att("Api", "RestApiId"),
    )
    assert props["Description"] == {"Fn::GetAtt": ["Api", "RootResourceId"]}
    assert props["DeploymentId"] == {"Fn::GetAtt": ["Api", "RestApiId"]}


def test_get_att_checks_the_attributes_of_typed_resources(env: _Env) -> None:
    """An attribute the schema does not list is refused at once; raw resources are not checked."""
    with pytest.raises(ValidationError) as caught:
        Fn.get_att(env.api, "Arn")
    assert str(caught.value) == (
        "S/Api: Fn::GetAtt: is not an attribute of AWS::ApiGateway::RestApi [attribute], "
        "got 'Arn'; attributes: RestApiId, RootResourceId"
    )
    function = RawResource(env.stack, "Fn", type="AWS::SQS::Queue", properties={})
    with pytest.raises(ValidationError, match="did you mean 'RootResourceId'"):
        env.api.get_att("RootResourceID")
    assert env.stage(description=Fn.get_att(function, "Arn"))["Description"] == {
        "Fn::GetAtt": ["Fn", "Arn"]
    }


# -- Sub


def test_sub_without_variables_is_a_plain_string(env: _Env) -> None:
    """``Fn.sub(text)`` renders as ``{"Fn::Sub": text}`` and may name resources and attributes."""
    text = "arn:${AWS::Partition}:execute-api:${AWS::Region}:${Api}/${Api.RootResourceId}/${!Lit}"
    assert env.stage(description=Fn.sub(text))["Description"] == {"Fn::Sub": text}


def test_sub_with_variables_renders_the_tokens_inside_them(env: _Env) -> None:
    """Variables may hold intrinsics; they are rendered in the ``[text, variables]`` form."""
    value = Fn.sub(
        "${Id}/${Root}/${Plain}/${Region}",
        {
            "Id": env.api.ref,
            "Root": env.api.attr_root_resource_id,
            "Plain": "x",
            "Region": Aws.REGION,
        },
    )
    assert env.stage(description=value)["Description"] == {
        "Fn::Sub": [
            "${Id}/${Root}/${Plain}/${Region}",
            {
                "Id": {"Ref": "Api"},
                "Root": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                "Plain": "x",
                "Region": {"Ref": "AWS::Region"},
            },
        ]
    }


def test_sub_with_empty_variables_is_the_plain_form() -> None:
    """An empty variables mapping is the same as none."""
    assert Fn.sub("${AWS::Region}", {}).to_cfn() == {"Fn::Sub": "${AWS::Region}"}


def test_sub_needs_a_string_template() -> None:
    """The template of Fn.sub must be a string."""
    with pytest.raises(ValidationError, match="takes a string template, not list"):
        Fn.sub(["a"])  # type: ignore[arg-type]


# -- list and string functions


def test_join_renders_values_and_tokens(env: _Env) -> None:
    """``Fn.join`` keeps strings and renders references and pseudo parameters."""
    value = Fn.join("", ["https://", env.api.ref, ".execute-api.", Aws.REGION, ".", Aws.URL_SUFFIX])
    assert env.stage(description=value)["Description"] == {
        "Fn::Join": [
            "",
            [
                "https://",
                {"Ref": "Api"},
                ".execute-api.",
                {"Ref": "AWS::Region"},
                ".",
                {"Ref": "AWS::URLSuffix"},
            ],
        ]
    }


def test_join_of_an_intrinsic_list(env: _Env) -> None:
    """``Fn.join`` accepts a list-valued intrinsic instead of a list."""
    value = Fn.join("-", Fn.split(",", env.env.ref))
    assert env.stage(description=value)["Description"] == {
        "Fn::Join": ["-", {"Fn::Split": [",", {"Ref": "Env"}]}]
    }


def test_join_needs_a_string_delimiter() -> None:
    """A non-string delimiter is refused."""
    with pytest.raises(ValidationError, match="takes a string delimiter, not int"):
        Fn.join(0, ["a"])  # type: ignore[arg-type]


def test_select_split_and_get_azs(env: _Env) -> None:
    """``Fn.select`` picks from a list: a literal one, a split, or the availability zones."""
    props = env.stage(
        description=Fn.select(1, Fn.split(",", "a,b,c")),
        deployment_id=Fn.select(0, Fn.get_azs()),
        documentation_version=Fn.select(2, ["x", env.api.ref, "z"]),
        client_certificate_id=Fn.select(Fn.ref("Env"), Fn.get_azs(Aws.REGION)),
    )
    assert props["Description"] == {"Fn::Select": [1, {"Fn::Split": [",", "a,b,c"]}]}
    assert props["DeploymentId"] == {"Fn::Select": [0, {"Fn::GetAZs": ""}]}
    assert props["DocumentationVersion"] == {"Fn::Select": [2, ["x", {"Ref": "Api"}, "z"]]}
    assert props["ClientCertificateId"] == {
        "Fn::Select": [{"Ref": "Env"}, {"Fn::GetAZs": {"Ref": "AWS::Region"}}]
    }


@pytest.mark.parametrize("index", [-1, -10, True])
def test_select_refuses_a_negative_or_boolean_index(index: int) -> None:
    """The index of Fn.select counts from 0; a boolean is not an index."""
    with pytest.raises(ValueError, match="an index of 0 or more"):
        Fn.select(index, ["a"])


def test_split_into_a_list_field(env: _Env) -> None:
    """``Fn.split`` fills a list-typed field."""
    props = env.rest_api(binary_media_types=Fn.split(",", env.env.ref))
    assert props["BinaryMediaTypes"] == {"Fn::Split": [",", {"Ref": "Env"}]}


def test_import_value(env: _Env) -> None:
    """``Fn.import_value`` renders Fn::ImportValue of a name or an intrinsic name."""
    props = env.stage(
        description=Fn.import_value("shared-api-id"),
        deployment_id=Fn.import_value(Fn.sub("${AWS::StackName}-deployment")),
    )
    assert props["Description"] == {"Fn::ImportValue": "shared-api-id"}
    assert props["DeploymentId"] == {"Fn::ImportValue": {"Fn::Sub": "${AWS::StackName}-deployment"}}


def test_base64(env: _Env) -> None:
    """``Fn.base64`` renders Fn::Base64 of its argument."""
    props = env.stage(description=Fn.base64(Fn.sub("#!/bin/sh\necho ${AWS::Region}")))
    assert props["Description"] == {"Fn::Base64": {"Fn::Sub": "#!/bin/sh\necho ${AWS::Region}"}}


def test_cidr(env: _Env) -> None:
    """``Fn.cidr`` renders its block, count and bits; the result is a list."""
    props = env.stage(description=Fn.select(0, Fn.cidr("10.0.0.0/16", 4, 8)))
    assert props["Description"] == {"Fn::Select": [0, {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}]}


@pytest.mark.parametrize(
    ("count", "bits", "message"),
    [
        (0, 8, "count from 1 to 256"),
        (257, 8, "count from 1 to 256"),
        (4, -1, "cidr_bits from 0 to 128"),
        (4, 129, "cidr_bits from 0 to 128"),
    ],
)
def test_cidr_checks_its_ranges(count: int, bits: int, message: str) -> None:
    """The count is 1 to 256 and the bits 0 to 128 when given as numbers."""
    with pytest.raises(ValueError, match=message):
        Fn.cidr("10.0.0.0/16", count, bits)


def test_cidr_accepts_its_bounds_and_intrinsics() -> None:
    """The limits themselves and deploy-time values are accepted."""
    assert Fn.cidr("10.0.0.0/8", 1, 0).to_cfn() == {"Fn::Cidr": ["10.0.0.0/8", 1, 0]}
    assert Fn.cidr("::/0", 256, 128).to_cfn() == {"Fn::Cidr": ["::/0", 256, 128]}
    count = Fn.ref("Count")
    assert Fn.cidr("10.0.0.0/8", count, 8).to_cfn() == {
        "Fn::Cidr": ["10.0.0.0/8", {"Ref": "Count"}, 8]
    }


def test_length_in_a_number_field(env: _Env) -> None:
    """``Fn.length`` fills an integer field, of a literal list or a list-valued intrinsic."""
    assert env.rest_api(minimum_compression_size=Fn.length(["a", env.api.ref]))[
        "MinimumCompressionSize"
    ] == {"Fn::Length": ["a", {"Ref": "Api"}]}
    assert Fn.length(Fn.split(",", "a,b")).to_cfn() == {"Fn::Length": {"Fn::Split": [",", "a,b"]}}


def test_to_json_string(env: _Env) -> None:
    """``Fn.to_json_string`` renders the value inside it, tokens included."""
    props = env.stage(description=Fn.to_json_string({"api": env.api.ref, "n": [1, 2]}))
    assert props["Description"] == {"Fn::ToJsonString": {"api": {"Ref": "Api"}, "n": [1, 2]}}


# -- mappings


def test_mapping_find_in_map(env: _Env) -> None:
    """``CfnMapping.find_in_map`` renders Fn::FindInMap with the mapping's logical ID."""
    props = env.stage(
        description=env.config.find_in_map("us-east-1", "Level"),
        stage_name=env.config.find_in_map(Aws.REGION, "Stage"),
    )
    assert props["Description"] == {"Fn::FindInMap": ["Config", "us-east-1", "Level"]}
    assert props["StageName"] == {"Fn::FindInMap": ["Config", {"Ref": "AWS::Region"}, "Stage"]}


def test_mapping_find_in_map_checks_plain_keys(env: _Env) -> None:
    """A top-level key, or a second key under a known top key, that is missing is a KeyError."""
    with pytest.raises(KeyError, match="'S/Config' has no top-level key 'ap-south-1'"):
        env.config.find_in_map("ap-south-1", "Stage")
    with pytest.raises(KeyError, match="'S/Config' has no key 'Level' in 'eu-west-1'"):
        env.config.find_in_map("eu-west-1", "Level")


def test_fn_find_in_map_by_construct_or_name(env: _Env) -> None:
    """``Fn.find_in_map`` takes the mapping construct or its name."""
    props = env.stage(
        description=Fn.find_in_map(env.config, "us-east-1", "Level"),
        stage_name=Fn.find_in_map("Config", Aws.REGION, "Stage"),
    )
    assert props["Description"] == {"Fn::FindInMap": ["Config", "us-east-1", "Level"]}
    assert props["StageName"] == {"Fn::FindInMap": ["Config", {"Ref": "AWS::Region"}, "Stage"]}
    with pytest.raises(ValidationError, match="expected a CfnMapping construct or name, not int"):
        Fn.find_in_map(3, "a", "b")


# -- conditions


def test_if_with_a_condition_or_a_name(env: _Env) -> None:
    """``Fn.if_`` names the condition, given as a CfnCondition or as its name."""
    props = env.stage(
        description=Fn.if_(env.is_prod, "live", "test"),
        stage_name=Fn.if_("IsProd", "prod", env.env.ref),
    )
    assert props["Description"] == {"Fn::If": ["IsProd", "live", "test"]}
    assert props["StageName"] == {"Fn::If": ["IsProd", "prod", {"Ref": "Env"}]}


def test_if_with_no_value_branch(env: _Env) -> None:
    """``Aws.NO_VALUE`` in a branch renders Ref AWS::NoValue (the property is left unset)."""
    props = env.stage(
        tracing_enabled=Fn.if_(env.is_prod, True, Aws.NO_VALUE),
        cache_cluster_size=Fn.if_(env.is_prod, "0.5", Aws.NO_VALUE),
    )
    assert props["TracingEnabled"] == {"Fn::If": ["IsProd", True, {"Ref": "AWS::NoValue"}]}
    assert props["CacheClusterSize"] == {"Fn::If": ["IsProd", "0.5", {"Ref": "AWS::NoValue"}]}


def test_if_refuses_a_condition_expression() -> None:
    """Fn::If takes a condition's name; an inline Fn.equals would deploy-fail, so it is refused."""
    with pytest.raises(ValidationError, match="CfnCondition"):
        Fn.if_(Fn.equals("a", "b"), "x", "y")
    with pytest.raises(ValidationError, match="expected a CfnCondition construct or name, not int"):
        Fn.if_(1, "x", "y")


def test_condition_functions_render_in_conditions(env: _Env) -> None:
    """equals/and_/or_/not_/condition build the Conditions section; CfnConditions become names."""
    is_us = CfnCondition(env.stack, "IsUs", expression=Fn.equals(Aws.REGION, "us-east-1"))
    CfnCondition(env.stack, "Both", expression=Fn.and_(env.is_prod, is_us))
    CfnCondition(env.stack, "Either", expression=Fn.or_(env.is_prod, Fn.equals("a", "b")))
    CfnCondition(env.stack, "NotProd", expression=Fn.not_(env.is_prod))
    CfnCondition(env.stack, "NotEq", expression=Fn.not_(Fn.equals(env.env.ref, "dev")))
    CfnCondition(
        env.stack, "ByName", expression=Fn.and_(Fn.condition(env.is_prod), Fn.condition("IsUs"))
    )
    assert env.template()["Conditions"] == {
        "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
        "IsUs": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]},
        "Both": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "IsUs"}]},
        "Either": {"Fn::Or": [{"Condition": "IsProd"}, {"Fn::Equals": ["a", "b"]}]},
        "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]},
        "NotEq": {"Fn::Not": [{"Fn::Equals": [{"Ref": "Env"}, "dev"]}]},
        "ByName": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "IsUs"}]},
    }


@pytest.mark.parametrize("function", [Fn.and_, Fn.or_])
@pytest.mark.parametrize("count", [0, 1, 11])
def test_and_or_take_two_to_ten_conditions(
    function: Callable[..., ConditionFunction], count: int
) -> None:
    """Fn::And and Fn::Or take between 2 and 10 conditions."""
    with pytest.raises(ValueError, match=rf"takes 2 to 10 conditions \[fn-args\], got {count}"):
        function(*[Fn.equals("a", str(i)) for i in range(count)])


@pytest.mark.parametrize("function", [Fn.and_, Fn.or_])
@pytest.mark.parametrize("count", [2, 10])
def test_and_or_accept_two_and_ten(function: Callable[..., ConditionFunction], count: int) -> None:
    """The bounds themselves are accepted."""
    rendered = function(*[Fn.equals("a", str(i)) for i in range(count)]).to_cfn()
    (args,) = rendered.values()
    assert len(args) == count


def test_and_refuses_non_conditions() -> None:
    """A plain string is not a condition."""
    with pytest.raises(ValidationError, match="takes condition functions or CfnConditions"):
        Fn.and_(Fn.equals("a", "b"), "IsProd")


def test_condition_refuses_non_conditions() -> None:
    """``Fn.condition`` needs a CfnCondition or a name."""
    with pytest.raises(ValidationError, match="expected a CfnCondition construct or name"):
        Fn.condition(3.5)


def test_condition_function_is_an_intrinsic() -> None:
    """Condition functions are intrinsics, so typed fields and validators accept them."""
    assert isinstance(Fn.equals("a", "b"), Intrinsic)
    assert Fn.condition("IsProd").to_cfn() == {"Condition": "IsProd"}


# -- pseudo parameters


@pytest.mark.parametrize(
    ("pseudo", "name"),
    [
        (Aws.REGION, "AWS::Region"),
        (Aws.ACCOUNT_ID, "AWS::AccountId"),
        (Aws.STACK_NAME, "AWS::StackName"),
        (Aws.STACK_ID, "AWS::StackId"),
        (Aws.PARTITION, "AWS::Partition"),
        (Aws.URL_SUFFIX, "AWS::URLSuffix"),
        (Aws.NO_VALUE, "AWS::NoValue"),
    ],
)
def test_pseudo_parameter_in_a_string_field(env: _Env, pseudo: PseudoParameter, name: str) -> None:
    """Each pseudo parameter renders as Ref of its AWS:: name and passes the reference check."""
    assert env.stage(description=pseudo)["Description"] == {"Ref": name}


def test_notification_arns_in_a_list_field(env: _Env) -> None:
    """``Aws.NOTIFICATION_ARNS`` is list-valued and fits a list field."""
    props = env.rest_api(binary_media_types=Aws.NOTIFICATION_ARNS)
    assert props["BinaryMediaTypes"] == {"Ref": "AWS::NotificationARNs"}


def test_pseudo_parameters_in_a_sub_and_inside_property_objects(env: _Env) -> None:
    """Pseudo parameters work nested in property objects and lists too."""
    props = env.stage(
        access_log_setting=stage.AccessLogSetting(
            destination_arn=Fn.join(
                ":", ["arn", Aws.PARTITION, "logs", Aws.REGION, Aws.ACCOUNT_ID, "log-group", "x"]
            ),
        ),
        tags=[stage.Tag(key="stack", value=Aws.STACK_NAME)],
    )
    assert props["AccessLogSetting"]["DestinationArn"]["Fn::Join"][1][1:5] == [
        {"Ref": "AWS::Partition"},
        "logs",
        {"Ref": "AWS::Region"},
        {"Ref": "AWS::AccountId"},
    ]
    assert props["Tags"] == [{"Key": "stack", "Value": {"Ref": "AWS::StackName"}}]


def test_intrinsics_skip_value_checks_of_constrained_fields(env: _Env) -> None:
    """An enum or pattern field takes a deploy-time value without checking it."""
    props = env.stage(
        cache_cluster_size=Fn.find_in_map("Config", Aws.REGION, "Size"),
        method_settings=[
            stage.MethodSetting(resource_path=Fn.sub("/${AWS::Region}"), http_method="*")
        ],
    )
    assert props["CacheClusterSize"] == {
        "Fn::FindInMap": ["Config", {"Ref": "AWS::Region"}, "Size"]
    }
