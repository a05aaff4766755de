"""The vendored patches: what each one tightens, and that every patch is documented and guarded."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from stagewright.codegen._paths import SCHEMAS_DIR
from stagewright.codegen.load import LoadedSchema, check_metaschema, load_schemas

PATCH_FILES = sorted((SCHEMAS_DIR / "patches").glob("*.json"))
NAME_OK = ["stage_1", "STAGE", "a", "lambdaAlias", "_x"]
NAME_BAD = ["bad-name!", "has space", "", "dot.ted", "naïve"]
VALUE_OK = ["https://example.com/a?b=c&d=e#f", "my-function:live", "1.2.3", "~user,other"]
VALUE_BAD = ["has space", "", "quote'", "{json}", "semi;colon"]


@pytest.fixture(scope="module")
def schemas() -> dict[str, LoadedSchema]:
    """Load the repository's schemas once, keyed by type name."""
    return {s.type_name: s for s in load_schemas()}


@pytest.fixture(scope="module")
def v1(schemas: dict[str, LoadedSchema]) -> dict[str, Any]:
    """Return the patched REST API stage schema."""
    schema: dict[str, Any] = schemas["AWS::ApiGateway::Stage"].schema
    return schema


@pytest.fixture(scope="module")
def v2(schemas: dict[str, LoadedSchema]) -> dict[str, Any]:
    """Return the patched HTTP/WebSocket API stage schema."""
    schema: dict[str, Any] = schemas["AWS::ApiGatewayV2::Stage"].schema
    return schema


def only_key_pattern(node: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Return the single (key pattern, value schema) of a map node."""
    ((pattern, value),) = node["patternProperties"].items()
    return pattern, value


def assert_stage_variable_map(node: dict[str, Any]) -> None:
    """Check a node is a closed string map with the documented stage-variable rules."""
    assert node["type"] == "object"
    assert node["additionalProperties"] is False
    assert node["description"]
    key, value = only_key_pattern(node)
    assert value["type"] == "string"
    assert [n for n in NAME_OK if re.search(key, n)] == NAME_OK
    assert [n for n in NAME_BAD if re.search(key, n)] == []
    assert [v for v in VALUE_OK if re.search(value["pattern"], v)] == VALUE_OK
    assert [v for v in VALUE_BAD if re.search(value["pattern"], v)] == []


# --- AWS::ApiGateway::Stage --------------------------------------------------------------------


def test_v1_variables_keys_and_values_are_constrained(v1: dict[str, Any]) -> None:
    """`bad-name!` fails the Variables key pattern, `stage_1` passes; values are checked too."""
    assert_stage_variable_map(v1["properties"]["Variables"])


def test_v1_variables_keep_their_upstream_description(
    schemas: dict[str, LoadedSchema], v1: dict[str, Any]
) -> None:
    """The Variables patch changes only the patterns, not the documentation."""
    upstream = schemas["AWS::ApiGateway::Stage"].upstream["properties"]["Variables"]
    assert v1["properties"]["Variables"]["description"] == upstream["description"]


def test_v1_canary_overrides_follow_the_stage_variable_rules(v1: dict[str, Any]) -> None:
    """The canary's StageVariableOverrides get the same key and value rules, and a description."""
    assert_stage_variable_map(
        v1["definitions"]["CanarySetting"]["properties"]["StageVariableOverrides"]
    )


def test_v1_method_logging_level_is_an_enum(v1: dict[str, Any]) -> None:
    """MethodSetting.LoggingLevel allows only OFF, ERROR and INFO."""
    level = v1["definitions"]["MethodSetting"]["properties"]["LoggingLevel"]
    assert level["type"] == "string"
    assert level["enum"] == ["OFF", "ERROR", "INFO"]


def test_v1_cache_cluster_size_is_an_enum(v1: dict[str, Any]) -> None:
    """CacheClusterSize allows only the eight sizes API Gateway offers, as strings."""
    size = v1["properties"]["CacheClusterSize"]
    assert size["type"] == "string"
    assert size["enum"] == ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]


def test_v1_resource_path_starts_with_a_slash(v1: dict[str, Any]) -> None:
    """MethodSetting.ResourcePath must start with `/`, as in `/*` and `/~1pets~1{id}`."""
    path = v1["definitions"]["MethodSetting"]["properties"]["ResourcePath"]
    assert path["pattern"] == "^/"
    assert [p for p in ["/*", "/", "/~1pets~1{id}"] if re.search(path["pattern"], p)] == [
        "/*",
        "/",
        "/~1pets~1{id}",
    ]
    assert not re.search(path["pattern"], "pets")
    assert path["description"].startswith("The resource path for this method.")


# --- AWS::ApiGatewayV2::Stage ------------------------------------------------------------------


def test_v2_route_settings_map_route_keys_to_route_settings(v2: dict[str, Any]) -> None:
    """RouteSettings is a closed map from a route key to the RouteSettings definition."""
    node = v2["properties"]["RouteSettings"]
    assert node["type"] == "object"
    assert node["additionalProperties"] is False
    assert node["description"]
    key, value = only_key_pattern(node)
    assert value == {"$ref": "#/definitions/RouteSettings"}
    good = ["$default", "GET /pets", "ANY /{proxy+}", "$connect", "sendmessage", "x" * 128]
    bad = ["", " GET /pets", "GET /pets ", "x" * 129]
    assert [k for k in good if re.search(key, k)] == good
    assert [k for k in bad if re.search(key, k)] == []


def test_v2_stage_variables_follow_the_stage_variable_rules(v2: dict[str, Any]) -> None:
    """StageVariables is no longer untyped Json but a constrained string map."""
    assert_stage_variable_map(v2["properties"]["StageVariables"])


def test_v2_tags_limit_key_and_value_lengths(v2: dict[str, Any]) -> None:
    """Tags keys are 1 to 128 characters and values at most 256."""
    node = v2["properties"]["Tags"]
    key, value = only_key_pattern(node)
    assert node["additionalProperties"] is False
    assert [bool(re.search(key, k)) for k in ["a", "x" * 128, "", "x" * 129]] == [
        True,
        True,
        False,
        False,
    ]
    assert value == {"type": "string", "maxLength": 256}


def test_v2_route_logging_level_is_an_enum(v2: dict[str, Any]) -> None:
    """RouteSettings.LoggingLevel (default and per route) allows only OFF, ERROR and INFO."""
    level = v2["definitions"]["RouteSettings"]["properties"]["LoggingLevel"]
    assert level["enum"] == ["OFF", "ERROR", "INFO"]
    assert v2["properties"]["DefaultRouteSettings"]["$ref"] == "#/definitions/RouteSettings"


# --- every patch ---------------------------------------------------------------------------------


def test_patched_schemas_conform_to_the_metaschema(schemas: dict[str, LoadedSchema]) -> None:
    """Every patched schema still passes the resource provider meta-schema."""
    for loaded in schemas.values():
        assert check_metaschema(loaded.schema, loaded.file) == []


def test_each_patch_belongs_to_a_vendored_schema(schemas: dict[str, LoadedSchema]) -> None:
    """Each patch file is named after a vendored schema and is applied to it."""
    applied = sorted(s.patch_file for s in schemas.values() if s.patch_file)
    assert applied == [p.name for p in PATCH_FILES]
    assert all(name.startswith(("aws-apigateway-", "aws-apigatewayv2-")) for name in applied)
    assert len(applied) == 18


# --- the rest of the API Gateway family ---------------------------------------------------------

# (type, JSON pointer into the patched schema, the values AWS documents)
ENUMS = [
    ("AWS::ApiGatewayV2::Api", "/properties/ProtocolType", ["HTTP", "WEBSOCKET"]),
    ("AWS::ApiGatewayV2::Api", "/properties/IpAddressType", ["ipv4", "dualstack"]),
    (
        "AWS::ApiGatewayV2::Integration",
        "/properties/IntegrationType",
        ["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"],
    ),
    ("AWS::ApiGatewayV2::Integration", "/properties/ConnectionType", ["INTERNET", "VPC_LINK"]),
    ("AWS::ApiGatewayV2::Integration", "/properties/PayloadFormatVersion", ["1.0", "2.0"]),
    (
        "AWS::ApiGatewayV2::Integration",
        "/properties/PassthroughBehavior",
        ["WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES"],
    ),
    (
        "AWS::ApiGatewayV2::IntegrationResponse",
        "/properties/ContentHandlingStrategy",
        ["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"],
    ),
    (
        "AWS::ApiGatewayV2::Route",
        "/properties/AuthorizationType",
        ["NONE", "AWS_IAM", "CUSTOM", "JWT"],
    ),
    ("AWS::ApiGatewayV2::Authorizer", "/properties/AuthorizerType", ["REQUEST", "JWT"]),
    (
        "AWS::ApiGatewayV2::DomainName",
        "/definitions/DomainNameConfiguration/properties/EndpointType",
        ["REGIONAL", "EDGE"],
    ),
    (
        "AWS::ApiGateway::Method",
        "/properties/HttpMethod",
        ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"],
    ),
    (
        "AWS::ApiGateway::Method",
        "/properties/AuthorizationType",
        ["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"],
    ),
    ("AWS::ApiGateway::Authorizer", "/properties/Type", ["TOKEN", "REQUEST", "COGNITO_USER_POOLS"]),
    (
        "AWS::ApiGateway::UsagePlan",
        "/definitions/QuotaSettings/properties/Period",
        ["DAY", "WEEK", "MONTH"],
    ),
    ("AWS::ApiGateway::RestApi", "/properties/ApiKeySourceType", ["HEADER", "AUTHORIZER"]),
    ("AWS::ApiGateway::RestApi", "/properties/Mode", ["overwrite", "merge"]),
    (
        "AWS::ApiGateway::Deployment",
        "/definitions/StageDescription/properties/LoggingLevel",
        ["OFF", "ERROR", "INFO"],
    ),
]


def _node(schema: dict[str, Any], pointer: str) -> Any:
    node: Any = schema
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return node


@pytest.mark.parametrize(
    ("type_name", "pointer", "values"), ENUMS, ids=[f"{t}{p}" for t, p, _ in ENUMS]
)
def test_family_strings_are_the_enums_aws_documents(
    schemas: dict[str, LoadedSchema], type_name: str, pointer: str, values: list[str]
) -> None:
    """Strings the registry leaves open are limited to the values the API reference lists."""
    upstream = _node(schemas[type_name].upstream, pointer)
    patched = _node(schemas[type_name].schema, pointer)
    assert "enum" not in upstream
    assert patched["enum"] == values
    assert patched["type"] == "string"


def test_gateway_response_types_and_status_codes(schemas: dict[str, LoadedSchema]) -> None:
    """All 21 gateway response types are listed; a status code is three digits, 1xx to 5xx."""
    schema = schemas["AWS::ApiGateway::GatewayResponse"].schema
    assert len(schema["properties"]["ResponseType"]["enum"]) == 21
    assert {"DEFAULT_4XX", "DEFAULT_5XX", "WAF_FILTERED"} <= set(
        schema["properties"]["ResponseType"]["enum"]
    )
    status = schema["properties"]["StatusCode"]["pattern"]
    assert [c for c in ("200", "404", "599", "600", "20", "2000") if re.search(status, c)] == [
        "200",
        "404",
        "599",
    ]


def test_endpoint_types_are_regional_edge_or_private(schemas: dict[str, LoadedSchema]) -> None:
    """RestApi and both domain name types take REGIONAL, EDGE or PRIVATE endpoints."""
    for type_name in ("RestApi", "DomainName", "DomainNameV2"):
        schema = schemas[f"AWS::ApiGateway::{type_name}"].schema
        types = schema["definitions"]["EndpointConfiguration"]["properties"]["Types"]
        assert types["items"]["enum"] == ["REGIONAL", "EDGE", "PRIVATE"]


def test_deployment_stage_variables_follow_the_stage_variable_rules(
    schemas: dict[str, LoadedSchema],
) -> None:
    """The Deployment's stage description and canaries check stage variables as the Stage does."""
    definitions = schemas["AWS::ApiGateway::Deployment"].schema["definitions"]
    assert_stage_variable_map(definitions["StageDescription"]["properties"]["Variables"])
    for name in ("DeploymentCanarySettings", "CanarySetting"):
        assert_stage_variable_map(definitions[name]["properties"]["StageVariableOverrides"])
    overrides = schemas["AWS::ApiGatewayV2::ApiGatewayManagedOverrides"].schema
    stage = overrides["definitions"]["StageOverrides"]["properties"]
    assert_stage_variable_map(stage["StageVariables"])
    assert only_key_pattern(stage["RouteSettings"])[1] == {"$ref": "#/definitions/RouteSettings"}


def test_v2_json_maps_are_typed(schemas: dict[str, LoadedSchema]) -> None:
    """Route, route response and integration response maps are typed maps, not untyped Json."""
    route = schemas["AWS::ApiGatewayV2::Route"].schema["properties"]
    assert only_key_pattern(route["RequestParameters"])[1] == {
        "$ref": "#/definitions/ParameterConstraints"
    }
    assert only_key_pattern(route["RequestModels"])[1] == {"type": "string"}
    response = schemas["AWS::ApiGatewayV2::RouteResponse"].schema["properties"]
    assert only_key_pattern(response["ResponseModels"])[1] == {"type": "string"}
    integration = schemas["AWS::ApiGatewayV2::IntegrationResponse"].schema["properties"]
    for name in ("ResponseParameters", "ResponseTemplates"):
        assert integration[name]["additionalProperties"] is False
        assert only_key_pattern(integration[name])[1] == {"type": "string"}


@pytest.mark.parametrize("path", PATCH_FILES, ids=lambda p: p.name)
def test_every_op_cites_an_aws_doc_and_gives_a_reason(path: Path) -> None:
    """Each op carries a reason and an AWS documentation URL as its source."""
    for op in json.loads(path.read_text(encoding="utf-8")):
        assert op["reason"].strip()
        assert op["source"].startswith("https://docs.aws.amazon.com/")


@pytest.mark.parametrize("path", PATCH_FILES, ids=lambda p: p.name)
def test_every_change_is_guarded_by_a_test_op(path: Path) -> None:
    """Each replace, and each add, follows a test op, so an upstream change fails loudly."""
    ops = json.loads(path.read_text(encoding="utf-8"))
    for previous, op in itertools.pairwise(ops):
        if op["op"] != "test":
            assert previous["op"] == "test", op["path"]
    assert ops[0]["op"] == "test"
