"""Bad input to the generated classes is refused, naming the rule, the property path and the value.

Each constraint kind the schemas use is broken by direct construction and through ``from_cfn``;
the tests also pin what must keep working: values on the boundaries, CloudFormation's string forms
of booleans and numbers, intrinsic functions in place of a value, and ``to_cfn`` output.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

import attrs
import pytest

from stagewright import App, RawIntrinsic, Stack, ValidationError
from stagewright.generated.aws_apigateway import rest_api
from stagewright.generated.aws_apigateway import stage as rest
from stagewright.generated.aws_apigatewayv2 import stage as http
from stagewright.generated.aws_iam import role
from stagewright.generated.aws_logs import log_group
from stagewright.runtime import CfnProperty, prop
from stagewright.runtime import kinds as _k

REST = "AWS::ApiGateway::Stage"
HTTP = "AWS::ApiGatewayV2::Stage"
POLICY = {"Version": "2012-10-17", "Statement": []}


def wrong(value: object) -> Any:
    """Return ``value`` typed as Any, to hand a deliberately wrong type past mypy."""
    return value


def only_problem(error: ValidationError) -> Any:
    """Return the single problem of ``error``."""
    assert len(error.problems) == 1, error.problems
    return error.problems[0]


@attrs.frozen(kw_only=True)
class Listed(CfnProperty):
    """A one-field class with ``minItems: 1``: no generated type has a minItems above 0."""

    __cfn_name__: ClassVar[str] = "Listed"

    items: Sequence[str] | None = attrs.field(
        default=None, metadata=prop("Items", _k.list_of(_k.string(), min_items=1))
    )


def _many_role_tags(count: int) -> list[role.Tag]:
    return [role.Tag(key=f"k{i}", value="v") for i in range(count)]


def _two_equal_method_settings() -> list[rest.MethodSetting]:
    return [rest.MethodSetting(http_method="GET", resource_path="/")] * 2


# id -> (build, rule, rendered path, text of the offending value in the message)
DIRECT: dict[str, tuple[Callable[[], object], str, str, str]] = {
    "type-string-for-number": (
        lambda: rest.CanarySetting(percent_traffic=wrong("fifty")),
        "type", "CanarySetting.PercentTraffic", "'fifty'",
    ),
    "type-bool-for-integer": (
        lambda: rest.MethodSetting(throttling_burst_limit=wrong(True)),
        "type", "MethodSetting.ThrottlingBurstLimit", "True",
    ),
    "type-bool-for-number": (
        lambda: rest.CanarySetting(percent_traffic=wrong(False)),
        "type", "CanarySetting.PercentTraffic", "False",
    ),
    "type-int-for-boolean": (
        lambda: rest.MethodSetting(caching_enabled=wrong(1)),
        "type", "MethodSetting.CachingEnabled", "1",
    ),
    "type-string-for-map": (
        lambda: rest.StageProps(rest_api_id="a", variables=wrong("Stack=Prod")),
        "type", f"{REST} Variables", "'Stack=Prod'",
    ),
    "type-list-item": (
        lambda: rest.StageProps(rest_api_id="a", method_settings=[wrong("GET /")]),
        "type", f"{REST} MethodSettings[0]", "'GET /'",
    ),
    "type-dict-for-nested-class": (
        lambda: rest.StageProps(rest_api_id="a", canary_setting=wrong({"PercentTraffic": 5})),
        "type", f"{REST} CanarySetting", "{'PercentTraffic': 5}",
    ),
    "required-none": (
        lambda: rest.Tag(key="env", value=wrong(None)),
        "required", "Tag.Value", "is required",
    ),
    "required-top-level": (
        lambda: http.StageProps(api_id="a", stage_name=wrong(None)),
        "required", f"{HTTP} StageName", "is required",
    ),
    "enum-string": (
        lambda: rest.MethodSetting(logging_level=wrong("DEBUG")),
        "enum", "MethodSetting.LoggingLevel", "'DEBUG'",
    ),
    "enum-is-case-sensitive": (
        lambda: http.RouteSettings(logging_level=wrong("info")),
        "enum", "RouteSettings.LoggingLevel", "'info'",
    ),
    "enum-cache-size": (
        lambda: rest.StageProps(rest_api_id="a", cache_cluster_size=wrong("0.6")),
        "enum", f"{REST} CacheClusterSize", "'0.6'",
    ),
    "enum-integer": (
        lambda: log_group.LogGroupProps(retention_in_days=wrong(2)),
        "enum", "AWS::Logs::LogGroup RetentionInDays", "2",
    ),
    "pattern": (
        lambda: rest.MethodSetting(resource_path="pets"),
        "pattern", "MethodSetting.ResourcePath", "'pets'",
    ),
    "pattern-anchored": (
        lambda: log_group.LogGroupProps(log_group_name="my logs"),
        "pattern", "AWS::Logs::LogGroup LogGroupName", "'my logs'",
    ),
    "minimum": (
        lambda: rest.CanarySetting(percent_traffic=-1),
        "minimum", "CanarySetting.PercentTraffic", "-1",
    ),
    "minimum-integer": (
        lambda: role.RoleProps(assume_role_policy_document=POLICY, max_session_duration=3599),
        "minimum", "AWS::IAM::Role MaxSessionDuration", "3599",
    ),
    "maximum": (
        lambda: rest.CanarySetting(percent_traffic=500),
        "maximum", "CanarySetting.PercentTraffic", "500",
    ),
    "maximum-fraction": (
        lambda: rest.CanarySetting(percent_traffic=100.01),
        "maximum", "CanarySetting.PercentTraffic", "100.01",
    ),
    "minLength": (
        lambda: rest.Tag(key="", value="v"),
        "minLength", "Tag.Key", "''",
    ),
    "minLength-20": (
        lambda: role.RoleProps(assume_role_policy_document=POLICY, permissions_boundary="arn:x"),
        "minLength", "AWS::IAM::Role PermissionsBoundary", "'arn:x'",
    ),
    "maxLength": (
        lambda: rest.Tag(key="env", value="v" * 257),
        "maxLength", "Tag.Value", "'" + "v" * 40,
    ),
    "minItems": (
        lambda: Listed(items=[]),
        "minItems", "Listed.Items", "[]",
    ),
    "maxItems": (
        lambda: role.RoleProps(assume_role_policy_document=POLICY, tags=_many_role_tags(51)),
        "maxItems", "AWS::IAM::Role Tags", "Tag(key='k0'",
    ),
    "uniqueItems-objects": (
        lambda: rest.StageProps(rest_api_id="a", method_settings=_two_equal_method_settings()),
        "uniqueItems", f"{REST} MethodSettings[1]", "MethodSetting(",
    ),
    "uniqueItems-strings": (
        lambda: rest_api.RestApiProps(binary_media_types=["image/png", "image/png"]),
        "uniqueItems", "AWS::ApiGateway::RestApi BinaryMediaTypes[1]", "'image/png'",
    ),
}  # fmt: skip

# Cases whose path holds a map key (rendered ``["key"]``).
DIRECT_MAP_KEYS: dict[str, tuple[Callable[[], object], str, str, str]] = {
    "patternProperties-stage-variable-name": (
        lambda: rest.StageProps(rest_api_id="a", variables={"bad-name!": "x"}),
        "patternProperties", f'{REST} Variables["bad-name!"]', "'bad-name!'",
    ),
    "map-value-pattern-space": (
        lambda: rest.StageProps(rest_api_id="a", variables={"stage": "has space"}),
        "pattern", f'{REST} Variables["stage"]', "'has space'",
    ),
    "map-value-pattern-dollar": (
        lambda: http.StageProps(api_id="a", stage_name="s", stage_variables={"fn": "${Fn}"}),
        "pattern", f'{HTTP} StageVariables["fn"]', "'${Fn}'",
    ),
    "map-value-type": (
        lambda: rest.StageProps(rest_api_id="a", variables={"port": wrong(8080)}),
        "type", f'{REST} Variables["port"]', "8080",
    ),
    "map-value-maxLength": (
        lambda: http.StageProps(api_id="a", stage_name="s", tags={"team": "t" * 257}),
        "maxLength", f'{HTTP} Tags["team"]', "'ttt",
    ),
    "map-key-too-long": (
        lambda: http.StageProps(api_id="a", stage_name="s", tags={"k" * 129: "v"}),
        "patternProperties", f'{HTTP} Tags["{"k" * 129}"]', "'kkk",
    ),
    "map-key-route-with-edge-space": (
        lambda: http.StageProps(
            api_id="a", stage_name="s", route_settings={"GET /pets ": http.RouteSettings()}
        ),
        "patternProperties", f'{HTTP} RouteSettings["GET /pets "]', "'GET /pets '",
    ),
}  # fmt: skip


def _direct_params() -> list[Any]:
    params = [pytest.param(*case, id=name) for name, case in DIRECT.items()]
    params += [pytest.param(*case, id=name) for name, case in DIRECT_MAP_KEYS.items()]
    return params


@pytest.mark.parametrize(("build", "rule", "where", "shown"), _direct_params())
def test_direct_construction_refuses_bad_value(
    build: Callable[[], object], rule: str, where: str, shown: str
) -> None:
    """Building a class with a value that breaks a rule raises that rule at that property."""
    with pytest.raises(ValidationError) as caught:
        build()
    problem = only_problem(caught.value)
    assert problem.rule == rule
    assert shown in str(caught.value)
    assert problem.where == where


# id -> (class, template mapping, rule, rendered path, text of the offending value)
FROM_CFN: dict[str, tuple[type[CfnProperty], Mapping[str, Any], str, str, str]] = {
    "additionalProperties": (
        rest.CanarySetting, {"PercentTrafic": 5},
        "additionalProperties", "CanarySetting.PercentTrafic", "'PercentTrafic'",
    ),
    "null-value": (
        rest.StageProps, {"RestApiId": None},
        "type", f"{REST} RestApiId", "None",
    ),
    "not-a-mapping": (
        rest.StageProps, wrong(["RestApiId", "a"]),
        "type", REST, "['RestApiId', 'a']",
    ),
    "nested-list-path": (
        rest.StageProps,
        {"RestApiId": "a", "MethodSettings": [{"ResourcePath": "/"}, {"ResourcePath": "pets"}]},
        "pattern", f"{REST} MethodSettings[1].ResourcePath", "'pets'",
    ),
    "nested-object-path": (
        rest.StageProps, {"RestApiId": "a", "CanarySetting": {"PercentTraffic": 101}},
        "maximum", f"{REST} CanarySetting.PercentTraffic", "101",
    ),
    "list-item-type": (
        rest.StageProps, {"RestApiId": "a", "MethodSettings": ["GET /"]},
        "type", f"{REST} MethodSettings[0]", "'GET /'",
    ),
    "yes-for-boolean": (
        rest.StageProps, {"RestApiId": "a", "TracingEnabled": "yes"},
        "type", f"{REST} TracingEnabled", "'yes'",
    ),
    "12abc-for-integer": (
        rest.MethodSetting, {"ThrottlingBurstLimit": "12abc"},
        "type", "MethodSetting.ThrottlingBurstLimit", "'12abc'",
    ),
    "empty-for-number": (
        rest.CanarySetting, {"PercentTraffic": ""},
        "type", "CanarySetting.PercentTraffic", "''",
    ),
    "bool-for-integer": (
        rest.MethodSetting, {"CacheTtlInSeconds": True},
        "type", "MethodSetting.CacheTtlInSeconds", "True",
    ),
    "fraction-for-integer": (
        rest.MethodSetting, {"CacheTtlInSeconds": 1.5},
        "type", "MethodSetting.CacheTtlInSeconds", "1.5",
    ),
    "number-string-out-of-range": (
        rest.CanarySetting, {"PercentTraffic": "150"},
        "maximum", "CanarySetting.PercentTraffic", "150",
    ),
    "enum-from-number": (
        rest.StageProps, {"RestApiId": "a", "CacheClusterSize": 0.6},
        "enum", f"{REST} CacheClusterSize", "'0.6'",
    ),
    "intrinsic-lookalike-with-two-keys": (
        rest.CanarySetting, {"PercentTraffic": {"Ref": "Pct", "Extra": 1}},
        "type", "CanarySetting.PercentTraffic", "'Ref'",
    ),
}  # fmt: skip

FROM_CFN_MAP_KEYS: dict[str, tuple[type[CfnProperty], Mapping[str, Any], str, str, str]] = {
    "patternProperties-stage-variable-name": (
        rest.StageProps, {"RestApiId": "a", "Variables": {"bad-name!": "x"}},
        "patternProperties", f'{REST} Variables["bad-name!"]', "'bad-name!'",
    ),
    "nested-map-key": (
        rest.StageProps,
        {"RestApiId": "a", "CanarySetting": {"StageVariableOverrides": {"bad-name!": "x"}}},
        "patternProperties", f'{REST} CanarySetting.StageVariableOverrides["bad-name!"]',
        "'bad-name!'",
    ),
    "map-value-pattern": (
        http.StageProps, {"ApiId": "a", "StageName": "s", "StageVariables": {"v": "a b"}},
        "pattern", f'{HTTP} StageVariables["v"]', "'a b'",
    ),
    "route-settings-path": (
        http.StageProps,
        {"ApiId": "a", "StageName": "s", "RouteSettings": {"GET /pets": {"LoggingLevel": "DEBUG"}}},
        "enum", f'{HTTP} RouteSettings["GET /pets"].LoggingLevel', "'DEBUG'",
    ),
}  # fmt: skip


def _from_cfn_params() -> list[Any]:
    params = [pytest.param(*case, id=name) for name, case in FROM_CFN.items()]
    params += [pytest.param(*c, id=name) for name, c in FROM_CFN_MAP_KEYS.items()]
    missing = (rest.StageProps, {"StageName": "prod"}, "required", f"{REST} RestApiId", "is req")
    params.append(pytest.param(*missing, id="required-missing"))
    return params


@pytest.mark.parametrize(("cls", "mapping", "rule", "where", "shown"), _from_cfn_params())
def test_from_cfn_refuses_bad_value(
    cls: type[CfnProperty], mapping: Mapping[str, Any], rule: str, where: str, shown: str
) -> None:
    """Importing a template value that breaks a rule raises that rule at that property."""
    with pytest.raises(ValidationError) as caught:
        cls.from_cfn(mapping)
    problem = only_problem(caught.value)
    assert problem.rule == rule
    assert shown in str(caught.value)
    assert problem.where == where


def _map_key_params() -> list[Any]:
    params = [pytest.param(*case, id=name) for name, case in DIRECT_MAP_KEYS.items()]
    for name, (cls, mapping, *rest_of_case) in FROM_CFN_MAP_KEYS.items():
        build = functools.partial(cls.from_cfn, mapping)
        params.append(pytest.param(build, *rest_of_case, id=f"from_cfn-{name}"))
    return params


@pytest.mark.parametrize(("build", "rule", "where", "shown"), _map_key_params())
def test_map_problem_names_the_key_in_its_path(
    build: Callable[[], object], rule: str, where: str, shown: str
) -> None:
    """A problem inside a map holds the map key as a path part, whatever the rendering."""
    with pytest.raises(ValidationError) as caught:
        build()
    problem = only_problem(caught.value)
    key = where.split('["', 1)[1].split('"]', 1)[0]
    assert problem.rule == rule
    assert key in problem.path
    assert shown in str(caught.value)


def test_unknown_property_lists_allowed_names_and_nearest() -> None:
    """An unknown property's message suggests the nearest name and lists every allowed one."""
    with pytest.raises(ValidationError) as caught:
        rest.CanarySetting.from_cfn({"PercentTrafic": 5})
    message = str(caught.value)
    assert "did you mean 'PercentTraffic'?" in message
    assert "allowed: DeploymentId, PercentTraffic, StageVariableOverrides, UseStageCache" in message


def test_unknown_property_without_near_name_still_lists_allowed() -> None:
    """An unknown property with no near match gets no guess but still the allowed names."""
    with pytest.raises(ValidationError) as caught:
        http.StageProps.from_cfn({"ApiId": "a", "StageName": "s", "foo": "bar"})
    message = str(caught.value)
    assert "did you mean" not in message
    assert "allowed: AccessLogSettings, ApiId, AutoDeploy," in message


def test_close_enum_value_gets_a_suggestion() -> None:
    """A near-miss enum value is answered with the closest allowed value."""
    with pytest.raises(ValidationError) as caught:
        rest.MethodSetting(logging_level=wrong("INF0"))
    assert only_problem(caught.value).hint == "did you mean 'INFO'?"


def test_all_problems_of_one_object_are_reported_together() -> None:
    """Two bad fields of one object give one error with two problems, each with its path."""
    with pytest.raises(ValidationError) as caught:
        rest.CanarySetting(percent_traffic=500, use_stage_cache=wrong("yes"))
    problems = caught.value.problems
    assert [(p.rule, p.where) for p in problems] == [
        ("maximum", "CanarySetting.PercentTraffic"),
        ("type", "CanarySetting.UseStageCache"),
    ]
    assert str(caught.value).startswith("2 problems:")


def test_from_cfn_reports_problems_at_every_level_together() -> None:
    """from_cfn gathers unknown keys, top-level and nested problems into one error."""
    mapping = {
        "RestApiId": "a",
        "Foo": 1,
        "TracingEnabled": "yes",
        "MethodSettings": [{"ResourcePath": "pets", "ThrottlingBurstLimit": "-1"}],
    }
    with pytest.raises(ValidationError) as caught:
        rest.StageProps.from_cfn(mapping)
    assert sorted((p.rule, p.where) for p in caught.value.problems) == [
        ("additionalProperties", f"{REST} Foo"),
        ("minimum", f"{REST} MethodSettings[0].ThrottlingBurstLimit"),
        ("pattern", f"{REST} MethodSettings[0].ResourcePath"),
        ("type", f"{REST} TracingEnabled"),
    ]


# id -> a build that must succeed, and the template it must produce
BOUNDARIES: dict[str, tuple[Callable[[], CfnProperty], dict[str, Any]]] = {
    "percent-0": (lambda: rest.CanarySetting(percent_traffic=0), {"PercentTraffic": 0}),
    "percent-100": (lambda: rest.CanarySetting(percent_traffic=100), {"PercentTraffic": 100}),
    "percent-100.0": (lambda: rest.CanarySetting(percent_traffic=100.0), {"PercentTraffic": 100.0}),
    "burst-0": (
        lambda: rest.MethodSetting(throttling_burst_limit=0, throttling_rate_limit=0.0),
        {"ThrottlingBurstLimit": 0, "ThrottlingRateLimit": 0.0},
    ),
    "session-3600": (
        lambda: role.RoleProps(assume_role_policy_document=POLICY, max_session_duration=3600),
        {"AssumeRolePolicyDocument": POLICY, "MaxSessionDuration": 3600},
    ),
    "session-43200": (
        lambda: role.RoleProps(assume_role_policy_document=POLICY, max_session_duration=43200),
        {"AssumeRolePolicyDocument": POLICY, "MaxSessionDuration": 43200},
    ),
    "tag-key-1-value-0": (lambda: rest.Tag(key="k", value=""), {"Key": "k", "Value": ""}),
    "tag-key-128-value-256": (
        lambda: rest.Tag(key="k" * 128, value="v" * 256),
        {"Key": "k" * 128, "Value": "v" * 256},
    ),
    "role-tags-50": (
        lambda: role.RoleProps(assume_role_policy_document=POLICY, tags=_many_role_tags(50)),
        {"AssumeRolePolicyDocument": POLICY, "Tags": [t.to_cfn() for t in _many_role_tags(50)]},
    ),
    "variables-every-allowed-character": (
        lambda: rest.StageProps(rest_api_id="a", variables={"A_z9": "aZ0-._~:/?#&=,"}),
        {"RestApiId": "a", "Variables": {"A_z9": "aZ0-._~:/?#&=,"}},
    ),
    "route-keys": (
        lambda: http.StageProps(
            api_id="a",
            stage_name="$default",
            route_settings={"$default": http.RouteSettings(), "GET /pets": http.RouteSettings()},
        ),
        {"ApiId": "a", "RouteSettings": {"$default": {}, "GET /pets": {}}, "StageName": "$default"},
    ),
    "listed-1": (lambda: Listed(items=["x"]), {"Items": ["x"]}),
}


@pytest.mark.parametrize(("build", "expected"), BOUNDARIES.values(), ids=list(BOUNDARIES))
def test_value_on_the_boundary_is_accepted(
    build: Callable[[], CfnProperty], expected: dict[str, Any]
) -> None:
    """A value exactly on a limit is valid and comes out of to_cfn unchanged."""
    assert build().to_cfn() == expected


@pytest.mark.parametrize("size", ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"])
def test_every_cache_cluster_size_is_accepted(size: str) -> None:
    """Each documented cache size passes, as a string and as the number YAML reads."""
    typed = rest.StageProps(rest_api_id="a", cache_cluster_size=wrong(size))
    number = float(size) if "." in size else int(size)
    imported = rest.StageProps.from_cfn({"RestApiId": "a", "CacheClusterSize": number})
    assert typed.to_cfn() == imported.to_cfn() == {"CacheClusterSize": size, "RestApiId": "a"}


# id -> (class, template mapping, expected to_cfn)
CONVERSIONS: dict[str, tuple[type[CfnProperty], dict[str, Any], dict[str, Any]]] = {
    "true": (rest.MethodSetting, {"MetricsEnabled": "true"}, {"MetricsEnabled": True}),
    "False": (rest.MethodSetting, {"CachingEnabled": "False"}, {"CachingEnabled": False}),
    "999-integer": (
        rest.MethodSetting, {"ThrottlingBurstLimit": "999"}, {"ThrottlingBurstLimit": 999},
    ),
    "0.5-number": (
        rest.MethodSetting, {"ThrottlingRateLimit": "0.5"}, {"ThrottlingRateLimit": 0.5},
    ),
    "100-number": (rest.CanarySetting, {"PercentTraffic": "100"}, {"PercentTraffic": 100}),
    "whole-float-integer": (
        rest.MethodSetting, {"CacheTtlInSeconds": 300.0}, {"CacheTtlInSeconds": 300},
    ),
    "number-for-string": (
        rest.StageProps, {"RestApiId": 12345, "Description": 0.5},
        {"Description": "0.5", "RestApiId": "12345"},
    ),
    "boolean-for-string": (
        http.StageProps, {"ApiId": "a", "StageName": True}, {"ApiId": "a", "StageName": "true"},
    ),
    "map-values": (
        rest.StageProps, {"RestApiId": "a", "Variables": {"port": 8080, "debug": False}},
        {"RestApiId": "a", "Variables": {"port": "8080", "debug": "false"}},
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("cls", "mapping", "expected"), CONVERSIONS.values(), ids=list(CONVERSIONS)
)
def test_from_cfn_reads_cloudformation_string_forms(
    cls: type[CfnProperty], mapping: dict[str, Any], expected: dict[str, Any]
) -> None:
    """from_cfn turns "true"/"999"/"0.5" into typed values and numbers for strings into text."""
    assert json.dumps(cls.from_cfn(mapping).to_cfn(), sort_keys=True) == json.dumps(
        expected, sort_keys=True
    )


def _token_stage() -> rest.StageProps:
    api = rest_api.RestApi(Stack(App(), "S"), "Api", name="shop")
    return rest.StageProps(rest_api_id=api.ref, stage_name="prod")


# id -> (a build that must succeed, the template it must produce)
INTRINSICS: dict[str, tuple[Callable[[], CfnProperty], dict[str, Any]]] = {
    "number-out-of-range": (
        lambda: rest.CanarySetting(percent_traffic=RawIntrinsic({"Ref": "Pct"})),
        {"PercentTraffic": {"Ref": "Pct"}},
    ),
    "enum": (
        lambda: rest.MethodSetting(logging_level=RawIntrinsic({"Ref": "Level"})),
        {"LoggingLevel": {"Ref": "Level"}},
    ),
    "map-value-pattern": (
        lambda: rest.StageProps(
            rest_api_id="a", variables={"v": RawIntrinsic({"Fn::Sub": "has space ${X}"})}
        ),
        {"RestApiId": "a", "Variables": {"v": {"Fn::Sub": "has space ${X}"}}},
    ),
    "whole-map": (
        lambda: rest.StageProps(rest_api_id="a", variables=RawIntrinsic({"Ref": "AWS::NoValue"})),
        {"RestApiId": "a", "Variables": {"Ref": "AWS::NoValue"}},
    ),
    "list-item": (
        lambda: rest.StageProps(
            rest_api_id="a", method_settings=[RawIntrinsic({"Fn::If": ["C", {}, {}]})]
        ),
        {"MethodSettings": [{"Fn::If": ["C", {}, {}]}], "RestApiId": "a"},
    ),
    "construct-token": (_token_stage, {"RestApiId": {"Ref": "Api"}, "StageName": "prod"}),
}


@pytest.mark.parametrize(("build", "expected"), INTRINSICS.values(), ids=list(INTRINSICS))
def test_intrinsic_is_accepted_where_a_value_would_be_checked(
    build: Callable[[], CfnProperty], expected: dict[str, Any]
) -> None:
    """An intrinsic function skips checks it cannot pass until deploy time, and renders back."""
    assert build().to_cfn() == expected


def test_from_cfn_keeps_intrinsics_as_written() -> None:
    """Intrinsics read by from_cfn come back from to_cfn exactly as they were written."""
    mapping = {
        "ApiId": {"Ref": "Api"},
        "StageName": {"Fn::Sub": "${Env}"},
        "AutoDeploy": {"Fn::If": ["IsProd", True, "false"]},
        "RouteSettings": {"$default": {"Fn::If": ["C", {"LoggingLevel": "LOUD"}, {"Ref": "X"}]}},
        "DefaultRouteSettings": {"ThrottlingBurstLimit": {"Fn::FindInMap": ["M", "K", "V"]}},
    }
    assert http.StageProps.from_cfn(mapping).to_cfn() == mapping


def test_to_cfn_omits_unset_fields() -> None:
    """to_cfn writes only the properties that were set."""
    assert rest.CanarySetting(percent_traffic=10).to_cfn() == {"PercentTraffic": 10}
    assert rest.StageProps(rest_api_id="a").to_cfn() == {"RestApiId": "a"}
    assert rest.MethodSetting().to_cfn() == {}


def test_to_cfn_writes_keys_in_schema_order_whatever_the_input_order() -> None:
    """to_cfn lists keys in the schema's order, so two input orders give the same text."""
    mapping = {
        "Variables": {"b": "2", "a": "1"},
        "TracingEnabled": True,
        "StageName": "prod",
        "RestApiId": "a",
        "MethodSettings": [{"ResourcePath": "/", "HttpMethod": "GET"}],
        "Description": "d",
    }
    forward = rest.StageProps.from_cfn(mapping).to_cfn()
    backward = rest.StageProps.from_cfn(dict(reversed(mapping.items()))).to_cfn()
    order = ["Description", "MethodSettings", "RestApiId", "StageName", "TracingEnabled"]
    assert [*forward] == [*order, "Variables"]
    assert [*forward["MethodSettings"][0]] == ["HttpMethod", "ResourcePath"]
    assert json.dumps(forward) == json.dumps(backward)


@pytest.mark.parametrize(
    ("name", "value", "rule"),
    [("stage\n", "prod", "patternProperties"), ("stage", "prod\n", "pattern")],
    ids=["name", "value"],
)
def test_stage_variable_with_trailing_newline_is_refused(name: str, value: str, rule: str) -> None:
    """A final newline breaks a ``$``-anchored pattern (Python's ``$`` would let it pass)."""
    with pytest.raises(ValidationError) as caught:
        rest.StageProps(rest_api_id="a", variables={name: value})
    assert only_problem(caught.value).rule == rule


# Number forms JSON does not have, and Python-only spellings, are type problems.


@pytest.mark.parametrize(
    ("cls", "mapping"),
    [
        (rest.CanarySetting, {"PercentTraffic": "NaN"}),
        (rest.MethodSetting, {"ThrottlingRateLimit": "Infinity"}),
    ],
    ids=["NaN", "Infinity"],
)
def test_non_finite_number_is_refused(cls: type[CfnProperty], mapping: dict[str, Any]) -> None:
    """NaN and Infinity are no JSON numbers (to_cfn would write invalid JSON), so they fail."""
    with pytest.raises(ValidationError):
        cls.from_cfn(mapping)


def test_python_only_number_syntax_is_refused() -> None:
    """A string CloudFormation would not read as a number ("1_000") is a type problem."""
    with pytest.raises(ValidationError):
        rest.MethodSetting.from_cfn({"ThrottlingBurstLimit": "1_000"})
