"""Every resource of a shipped type in the shared corpus of real templates imports and round-trips.

The corpus (../shared/corpus/templates, see its INDEX.md) holds 115 public templates; 1,005 of their
resources have a type stagewright ships a class for (``RESOURCE_MODULES``), 150 of them API Gateway
Stages. Each either round-trips through ``<Type>Props.from_cfn(...).to_cfn()`` or is listed below,
after review, with the exact problems it must raise; a template that cannot be read at all is
listed with the error the loader must give. A resource that starts or stops failing breaks a test,
so a schema patch that refuses what real templates write shows up here.
"""

from __future__ import annotations

import functools
import importlib
import json
import typing
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple

import pytest
import yaml

from stagewright import Intrinsic, ValidationError
from stagewright.generated import RESOURCE_MODULES
from stagewright.generated.aws_apigateway import stage as rest_stage
from stagewright.runtime import cfn_fields
from stagewright.runtime._props import CfnProperty
from stagewright.template._yaml import TemplateError, load_template

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "templates"

STAGE_TYPES = ("AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage")


@functools.cache
def props_class(type_name: str) -> type[CfnProperty]:
    """Return the props class of a shipped type (importing its module only now)."""
    module_name, class_name = RESOURCE_MODULES[type_name]
    resource = getattr(importlib.import_module(module_name), class_name)
    props: type[CfnProperty] = resource.__orig_bases__[0].__args__[0]
    return props


Expected = frozenset[tuple[str, tuple[str | int, ...]]]

_CFN_NAG = "cfn_nag__spec__test_templates__"
_SONAR = (
    "sonar-iac__iac-extensions__cloudformation__src__test__resources__checks__"
    "DisabledLoggingCheck__test_api_gateway_stage.yaml"
)
_NO_USAGE_PLAN = (
    f"{_CFN_NAG}yaml__api_gateway__api_gateway_usage_plan_does_not_exist_for_api_deployments_"
    "that_are_refd_in_stages.yaml"
)
_USAGE_PLAN = (
    f"{_CFN_NAG}yaml__api_gateway__api_gateway_usage_plan_exists_for_api_deployments_"
    "that_are_refd_in_stages.yaml"
)
_SAM = "serverless-application-model__tests__translator__output__"
_SAM_CANARY = f"{_SAM}api_with_canary_setting.json"
_NO_REST_API: Expected = frozenset({("required", ("RestApiId",))})
_NO_API_OR_NAME: Expected = frozenset({("required", ("ApiId",)), ("required", ("StageName",))})
_MISSPELLED_OVERRIDES: Expected = frozenset(
    {("additionalProperties", ("CanarySetting", "StageVariablesOverrides"))}
)
_GUARD = "aws-guard-rules-registry__rules__aws__validation_test_data__master_test_template.yml"
_SAM_CLI = "aws-sam-cli__tests__integration__testdata__start_api__"
_SAM_SWAGGER = f"{_SAM_CLI}swagger-rest-api-template.yaml"
_SAM_METHODS = f"{_SAM_CLI}methods-resources-api-template.yaml"
_SAM_CLI_RESOLUTION = (
    "aws-sam-cli__tests__unit__lib__intrinsic_resolver__test_data__inputs__"
    "test_methods_resource_resolution.json"
)
_SLS_S3 = "serverless-patterns__apigw-s3-lambda-sls-py__serverless.yml"
_NO_POLICY_NAME: Expected = frozenset({("required", ("PolicyName",))})
_NO_ATTACHMENT: Expected = frozenset({("anyOf", ())})  # none of Groups, Roles, Users
_NO_TRUST: Expected = frozenset({("required", ("AssumeRolePolicyDocument",))})
_TRUST_AS_POLICY: Expected = _NO_TRUST | {("additionalProperties", ("PolicyDocument",))}
_LOCAL_CODE: Expected = frozenset({("type", ("Code",))})
_NO_ROLE: Expected = frozenset({("required", ("Role",))})
_FAKE_RESOURCE: Expected = frozenset(
    {("additionalProperties", ("ResourceId",)), ("required", ("RestApiId",))}
)
_NO_INTEGRATION_TYPE: Expected = frozenset({("required", ("Integration", "Type"))})

# Reviewed by hand against each template (cfn-lint findings on Stages in INDEX.md, last column).
# Only findings about a resource's own properties belong here: E1019/E1020 (references), E3001 on
# a logical id, E3019 (two Stages share a primary identifier) and W-warnings leave them valid.
INVALID: dict[tuple[str, str], Expected] = {
    # E3003: the v2 Stage has AccessLogSettings but neither ApiId nor StageName.
    (f"{_CFN_NAG}json__apigateway_accesslogging_v2__apigateway_with_access_logging.json",
     "ApiGatewayWithAccessLogging"): _NO_API_OR_NAME,
    # E3003: the v2 Stage has ApiId only.
    (f"{_CFN_NAG}json__apigateway_accesslogging_v2__apigateway_with_no_access_logging.json",
     "ApiGatewayNoAccessLogging"): frozenset({("required", ("StageName",))}),
    # E3003: four Stages with a DeploymentId and no RestApiId.
    (_NO_USAGE_PLAN, "ApiGatewayStage1"): _NO_REST_API,
    (_NO_USAGE_PLAN, "ApiGatewayStage2"): _NO_REST_API,
    (_NO_USAGE_PLAN, "ApiGatewayStage3"): _NO_REST_API,
    (_NO_USAGE_PLAN, "ApiGatewayStage4"): _NO_REST_API,
    # E3003: the same fixture with a usage plan; both Stages lack RestApiId.
    (_USAGE_PLAN, "ApiGatewayStage1"): _NO_REST_API,
    (_USAGE_PLAN, "ApiGatewayStage2"): _NO_REST_API,
    # Not flagged by cfn-lint: `AccessLogSetting:` with no value is null, which CloudFormation
    # refuses ("'null' values are not allowed in templates").
    (f"{_CFN_NAG}yaml__api_gateway__api_gateway_stage_does_not_have_access_logging.yaml",
     "ApiGatewayStage1"): frozenset({("type", ("AccessLogSetting",))}),
    # E3002: SAM's translator output misspells CanarySetting.StageVariableOverrides.
    (_SAM_CANARY, "ExplicitApiProdStage"): _MISSPELLED_OVERRIDES,
    (_SAM_CANARY, "ServerlessRestApiProdStage"): _MISSPELLED_OVERRIDES,
    # E3003: scanner fixtures that leave out RestApiId (v1) or ApiId and StageName (v2).
    (_SONAR, "NoLogging"): _NO_REST_API,
    (_SONAR, "DisabledLogging"): _NO_REST_API,
    (_SONAR, "NoAccessLogSetting"): _NO_REST_API,
    (_SONAR, "EnabledLoggingAndAccessLogSetting"): _NO_REST_API,
    (_SONAR, "AccessLogSettingsV2"): _NO_API_OR_NAME,
    # E3002 + E3003: the v2 Stage's only property is `foo: bar`.
    (_SONAR, "NoAccessLogSettingsV2"): _NO_API_OR_NAME | {("additionalProperties", ("foo",))},
    # Patched stage variable rule: `${self:custom.bucket_name}` is a Serverless Framework variable
    # that the framework resolves (to "bb245-sfp", which passes) before CloudFormation sees it.
    (_SLS_S3, "RestAPIStage"): frozenset({("pattern", ("Variables", "bucket_name"))}),
    # --- the other shipped types (reviewed when the API Gateway family and neighbours shipped) ---
    # Rule-test data: IAM policies without PolicyName and without Roles/Users/Groups (the schema's
    # anyOf), roles with PolicyDocument in place of AssumeRolePolicyDocument, and a principal
    # written `{ "codebuild.amazonaws.com"}`, a YAML mapping whose one key has a null value.
    (_GUARD, "IAM_NO_POLICY_ON_USER"): _NO_POLICY_NAME,
    (_GUARD, "IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS"): _NO_POLICY_NAME | _NO_ATTACHMENT,
    (_GUARD, "IAM_POLICYDOCUMENT_NO_WILDCARD_RESOURCE"): _NO_POLICY_NAME | _NO_ATTACHMENT,
    (_GUARD, "IAM_POLICY_NO_WILDCARD_RESOURCE_ON_PASSROLE"): _NO_ATTACHMENT,
    (_GUARD, "IAM_ROLE_NO_FULL_ACCESS_ON_TRUST_POLICY"): frozenset(
        {("null", ("AssumeRolePolicyDocument", "Statement", 0, "Principal",
                   "codebuild.amazonaws.com"))}
    ),
    (_GUARD, "IAM_ROLE_NO_WILDCARD_ACTIONS_ON_PERMISSIONS"): _TRUST_AS_POLICY,
    (_GUARD, "IAM_ROLE_NO_WILDCARD_RESOURCE_ON_PASSROLE"): _NO_TRUST,
    (_GUARD, "IAM_ROLE_OR_POLICY_NO_ALLOW_PLUS_NOT_ACTION"): _TRUST_AS_POLICY,
    (_GUARD, "IAM_ROLE_OR_POLICY_NO_ALLOW_PLUS_NOT_RESOURCE"): _TRUST_AS_POLICY,
    # SAM CLI test data for `sam local`: functions whose Code is a local folder ("."), which only
    # `sam build`/`aws cloudformation package` turn into an S3 location, and most without a Role.
    (f"{_SAM_CLI}cdk-sample-output.yaml", "HelloHandler2E4FBA4D"): _LOCAL_CODE | _NO_ROLE,
    (f"{_SAM_CLI}cfn-http-api-and-rest-api-gateways.yaml", "HelloWorldFunction"): _LOCAL_CODE,
    (f"{_SAM_CLI}cfn-http-api-and-rest-api-gateways.yaml", "HelloWorldFunctionWithOperationName"):
        _LOCAL_CODE,
    (f"{_SAM_CLI}cfn-http-api-with-normal-and-default-routes.yaml", "HelloWorldFunction"):
        _LOCAL_CODE,
    (f"{_SAM_CLI}cfn-http-api-with-normal-and-default-routes.yaml", "HelloWorldFunction2"):
        _LOCAL_CODE,
    (f"{_SAM_CLI}cfn-http-api-with-swagger-body.yaml", "HelloWorldFunction"): _LOCAL_CODE,
    (f"{_SAM_CLI}cfn-quick-created-http-api-with-default-route.yaml", "HelloWorldFunction"):
        _LOCAL_CODE,
    (_SAM_CLI_RESOLUTION, "HelloHandler2E4FBA4D"): _LOCAL_CODE | _NO_ROLE,
    # The same, with `Timeout: 0` (Lambda's minimum is 1 second) on three functions, and a RestApi
    # given the Stage-only StageName (SAM style).
    **{(_SAM_SWAGGER, lid): _LOCAL_CODE | _NO_ROLE | {("minimum", ("Timeout",))} for lid in (
        "Base64ResponseFunction", "EchoBase64EventBodyFunction", "EchoEventBodyFunction")},
    (_SAM_SWAGGER, "MyNonServerlessLambdaFunction"): _LOCAL_CODE | _NO_ROLE,
    (_SAM_SWAGGER, "MyApi"): frozenset({("additionalProperties", ("StageName",))}),
    # SAM CLI test data written for its local emulator: Resources with a made-up ResourceId and
    # no RestApiId (the root one without ParentId either), Methods whose Integration has no Type
    # (two with a made-up ContentType), functions with local Code and no Role.
    **{(_SAM_METHODS, lid): _LOCAL_CODE | _NO_ROLE for lid in (
        "Base64ResponseFunction", "EchoBase64EventBodyFunction", "MyNonServerlessLambdaFunction")},
    (_SAM_METHODS, "RootApiResource"): _FAKE_RESOURCE | {("required", ("ParentId",))},
    **{(_SAM_METHODS, lid): _FAKE_RESOURCE for lid in (
        "AnyAndAllResource", "Base64ResponseResource", "EchoBase64ResponseResource",
        "ProxyResource", "v1resource", "NoFunctionFoundResource", "NoServerlessFunctionResource")},
    **{(_SAM_METHODS, lid): _NO_INTEGRATION_TYPE for lid in (
        "AnyAndAllMethod", "ProxyMethod", "NoFunctionFoundMethod", "NoServerlessFunctionMethod")},
    **{(_SAM_METHODS, lid): _NO_INTEGRATION_TYPE | {
        ("additionalProperties", ("Integration", "ContentType"))} for lid in (
        "Base64ResponseMethod", "EchoBase64ResponseMethod")},
    # cfn_nag fixtures: `StageDescription:` with no value (null), Deployments without RestApiId,
    # and a usage plan listing the same API stage twice (E3037 in cfn-lint).
    (f"{_CFN_NAG}yaml__api_gateway__api_gateway_deployment_with_no_access_logging_and_not_refd_in_"
     "stage.yaml", "ApiGatewayDeployment2"): frozenset({("type", ("StageDescription",))}),
    **{(_NO_USAGE_PLAN, f"ApiGatewayDeployment{i}"): _NO_REST_API for i in (1, 2, 3, 4)},
    **{(_USAGE_PLAN, f"ApiGatewayDeployment{i}"): _NO_REST_API for i in (1, 2)},
    **{(f"{_CFN_NAG}yaml__api_gateway__api_gateway_usage_plan_does_not_exist_for_api_stage.yaml",
        f"ApiGatewayUsagePlan{i}"): frozenset({("uniqueItems", ("ApiStages", 1))}) for i in (1, 2)},
    # Serverless Framework variables (`${self:service}-...`, `${self:custom.bucket_name}`) that the
    # framework resolves before CloudFormation sees them; as written they break the name patterns.
    (_SLS_S3, "IAMRoleForAPIGateway"): frozenset({("pattern", ("RoleName",))}),
    (_SLS_S3, "S3Bucket"): frozenset({("pattern", ("BucketName",))}),
}  # fmt: skip

# How many resources of each shipped type the corpus holds (types it does not use are absent).
CORPUS_TYPES = {
    "AWS::ApiGateway::Account": 6,
    "AWS::ApiGateway::ApiKey": 7,
    "AWS::ApiGateway::Authorizer": 7,
    "AWS::ApiGateway::ClientCertificate": 1,
    "AWS::ApiGateway::Deployment": 71,
    "AWS::ApiGateway::DomainName": 2,
    "AWS::ApiGateway::Method": 73,
    "AWS::ApiGateway::Model": 5,
    "AWS::ApiGateway::RequestValidator": 3,
    "AWS::ApiGateway::Resource": 45,
    "AWS::ApiGateway::RestApi": 62,
    "AWS::ApiGateway::Stage": 102,
    "AWS::ApiGateway::UsagePlan": 16,
    "AWS::ApiGateway::UsagePlanKey": 6,
    "AWS::ApiGateway::VpcLink": 4,
    "AWS::ApiGatewayV2::Api": 40,
    "AWS::ApiGatewayV2::ApiMapping": 4,
    "AWS::ApiGatewayV2::Authorizer": 6,
    "AWS::ApiGatewayV2::Deployment": 16,
    "AWS::ApiGatewayV2::Integration": 52,
    "AWS::ApiGatewayV2::IntegrationResponse": 13,
    "AWS::ApiGatewayV2::Model": 1,
    "AWS::ApiGatewayV2::Route": 56,
    "AWS::ApiGatewayV2::RouteResponse": 12,
    "AWS::ApiGatewayV2::RoutingRule": 3,
    "AWS::ApiGatewayV2::Stage": 48,
    "AWS::ApiGatewayV2::VpcLink": 1,
    "AWS::CertificateManager::Certificate": 1,
    "AWS::IAM::Policy": 10,
    "AWS::IAM::Role": 109,
    "AWS::Lambda::Function": 71,
    "AWS::Lambda::Permission": 121,
    "AWS::Logs::LogGroup": 10,
    "AWS::Logs::SubscriptionFilter": 1,
    "AWS::Route53::RecordSet": 3,
    "AWS::S3::Bucket": 17,
}

# E0000 in INDEX.md: YAML with a repeated key outside the Stage; the loader refuses the whole file.
UNREADABLE: dict[str, tuple[int, str, tuple[str | int, ...]]] = {
    "serverless-patterns__apigw-ec2__template.yaml": (80, "eu-west-3", ("Mappings", "RegionMap")),
    "serverless-patterns__public-nlb-or-alb-private-api-cfn__template.yaml": (
        358,
        "HealthCheckEnabled",
        ("Resources", "ApplicationLoadBalancerTargetGroup", "Properties"),
    ),
}


class ResourceCase(NamedTuple):
    """One resource of a shipped type in the corpus."""

    file: str
    logical_id: str
    type_name: str


def _plain(node: yaml.Node) -> Any:
    """Turn a composed YAML node into plain data: scalars stay text, tags are dropped."""
    if isinstance(node, yaml.MappingNode):
        return {_plain(key): _plain(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    return node.value


def _outline(text: str) -> Any:
    """Read a template for listing only, without the loader under test (last key wins)."""
    if text.lstrip().startswith("{"):
        return json.loads(text)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    return _plain(root) if root is not None else {}


def _resources(template: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return the Resources section; Serverless Framework files keep it under `resources`."""
    if "Resources" in template:
        return typing.cast(Mapping[str, Any], template["Resources"])
    framework = template.get("resources") or {}
    return typing.cast(Mapping[str, Any], framework.get("Resources") or {})


def _template_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.suffix != ".md")


def index_corpus(folder: Path) -> list[ResourceCase]:
    """List every resource of a shipped type in ``folder`` (empty when the folder is missing)."""
    if not folder.is_dir():
        return []
    cases = []
    for path in _template_files(folder):
        for logical_id, resource in _resources(_outline(path.read_text("utf-8"))).items():
            type_name = resource.get("Type") if isinstance(resource, Mapping) else None
            if type_name in RESOURCE_MODULES:
                cases.append(ResourceCase(path.name, logical_id, type_name))
    return cases


CASES = index_corpus(CORPUS)


def _params(selected: Sequence[ResourceCase]) -> list[Any]:
    return [pytest.param(case, id=f"{case.file}:{case.logical_id}") for case in selected]


VALID_CASES = [
    c for c in CASES if (c.file, c.logical_id) not in INVALID and c.file not in UNREADABLE
]
INVALID_CASES = [c for c in CASES if (c.file, c.logical_id) in INVALID]


@pytest.fixture(scope="module")
def corpus_dir(shared_dir: Path) -> Path:
    """Return the corpus folder inside ../shared."""
    folder = shared_dir / "corpus" / "templates"
    assert folder.is_dir(), f"{folder} is missing from the shared folder"
    return folder


@functools.cache
def _template(path: Path) -> Mapping[str, Any]:
    """Load a template once with the loader under test (many cases share a file; none mutates)."""
    return load_template(path)


def _properties(corpus_dir: Path, case: ResourceCase) -> Any:
    """Load the case's template with the loader under test and return the resource's Properties."""
    resource = _resources(_template(corpus_dir / case.file))[case.logical_id]
    assert resource["Type"] == case.type_name
    return resource.get("Properties", {})


# --- normalising CloudFormation's string forms by the declared Python types ----------------------


def _is_intrinsic(value: Any) -> bool:
    if not isinstance(value, Mapping) or len(value) != 1:
        return False
    (key,) = value
    return key in ("Ref", "Condition") or str(key).startswith("Fn::")


def _declared(hint: Any) -> Any:
    """Return the schema type in ``X | Intrinsic | None`` (or ``str`` for a Literal)."""
    options = [
        arg
        for arg in typing.get_args(hint) or (hint,)
        if arg is not type(None) and not (isinstance(arg, type) and issubclass(arg, Intrinsic))
    ]
    if len(options) != 1:
        return Any
    if typing.get_origin(options[0]) is Literal:
        return str
    return options[0]


def _as_scalar(kind: Any, value: Any) -> Any:
    """Read CloudFormation's strings for booleans and numbers; write numbers given for strings."""
    if kind is bool and isinstance(value, str):
        return {"true": True, "false": False}.get(value.lower(), value)
    if kind is int and isinstance(value, str):
        return int(value)
    if kind is float and isinstance(value, str):
        return float(value) if any(c in value for c in ".eE") else int(value)
    if kind is str and isinstance(value, bool):
        return "true" if value else "false"
    if kind is str and isinstance(value, int | float):
        return str(value)
    return value


def _as_declared(hint: Any, value: Any) -> Any:
    """Normalise ``value`` as the type hint ``hint`` declares it."""
    kind = _declared(hint)
    if _is_intrinsic(value) or kind is Any:
        return value
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is Sequence:
        return [_as_declared(args[0], item) for item in value]
    if origin is Mapping:
        return {key: _as_declared(args[1], item) for key, item in value.items()}
    if isinstance(kind, type) and issubclass(kind, CfnProperty):
        return normalise(kind, value)
    return _as_scalar(kind, value)


def normalise(cls: type[CfnProperty], mapping: Mapping[str, Any]) -> dict[str, Any]:
    """Rewrite a template's Properties with the types ``cls`` declares for each field."""
    hints = typing.get_type_hints(cls)
    attrs_by_name = {field.cfn: field.attr for field in cfn_fields(cls)}
    return {key: _as_declared(hints[attrs_by_name[key]], value) for key, value in mapping.items()}


def canonical(value: Any) -> str:
    """Return JSON text that tells True from 1 and 1 from 1.0, with keys sorted."""
    return json.dumps(value, sort_keys=True)


# --- tests ---------------------------------------------------------------------------------------


def test_corpus_holds_150_stage_resources(corpus_dir: Path) -> None:
    """The corpus lists 102 REST and 48 HTTP/WebSocket Stages in 115 templates; none is skipped."""
    cases = index_corpus(corpus_dir)
    assert len(_template_files(corpus_dir)) == 115
    stages = Counter(case.type_name for case in cases if case.type_name in STAGE_TYPES)
    assert stages == {"AWS::ApiGateway::Stage": 102, "AWS::ApiGatewayV2::Stage": 48}


def test_corpus_covers_the_shipped_types(corpus_dir: Path) -> None:
    """36 of the shipped types occur in the corpus, 1,005 resources in all; none is skipped."""
    cases = index_corpus(corpus_dir)
    assert Counter(case.type_name for case in cases) == CORPUS_TYPES
    assert len(VALID_CASES) + len(INVALID_CASES) + sum(c.file in UNREADABLE for c in cases) == 1005


def test_review_tables_name_only_corpus_resources(corpus_dir: Path) -> None:
    """Every reviewed entry names a resource or a file that exists, so no entry goes stale."""
    cases = index_corpus(corpus_dir)
    assert set(INVALID) <= {(case.file, case.logical_id) for case in cases}
    assert set(UNREADABLE) <= {case.file for case in cases}


def test_normalise_converts_only_cloudformation_string_forms() -> None:
    """The test's own normaliser reads "true"/"999" by declared type and leaves intrinsics alone."""
    raw = {
        "RestApiId": {"Ref": "Api"},
        "CacheClusterSize": 0.5,
        "TracingEnabled": "False",
        "MethodSettings": [{"ThrottlingBurstLimit": "999", "ThrottlingRateLimit": "0.5"}],
        "Variables": {"n": 1},
    }
    assert normalise(rest_stage.StageProps, raw) == {
        "RestApiId": {"Ref": "Api"},
        "CacheClusterSize": "0.5",
        "TracingEnabled": False,
        "MethodSettings": [{"ThrottlingBurstLimit": 999, "ThrottlingRateLimit": 0.5}],
        "Variables": {"n": "1"},
    }


@pytest.mark.parametrize("case", _params(VALID_CASES))
def test_valid_resource_round_trips(corpus_dir: Path, case: ResourceCase) -> None:
    """A valid resource comes back from to_cfn as written, string booleans and numbers typed."""
    cls = props_class(case.type_name)
    original = _properties(corpus_dir, case)
    output = cls.from_cfn(original).to_cfn()
    assert canonical(output) == canonical(normalise(cls, original))
    assert canonical(cls.from_cfn(output).to_cfn()) == canonical(output)


@pytest.mark.parametrize("case", _params(INVALID_CASES))
def test_invalid_resource_fails_as_reviewed(corpus_dir: Path, case: ResourceCase) -> None:
    """A reviewed invalid resource raises exactly the listed problems, each naming its property."""
    cls = props_class(case.type_name)
    with pytest.raises(ValidationError) as caught:
        cls.from_cfn(_properties(corpus_dir, case))
    problems = caught.value.problems
    assert {(p.rule, p.path) for p in problems} == INVALID[case.file, case.logical_id]
    for problem in problems:
        assert problem.owner == case.type_name
        assert not problem.path or str(problem.path[-1]) in str(caught.value)


@pytest.mark.parametrize("file", sorted(UNREADABLE))
def test_template_with_repeated_key_is_refused(corpus_dir: Path, file: str) -> None:
    """A template with a repeated YAML key fails to load, naming the line, key and mapping."""
    line, key, path = UNREADABLE[file]
    with pytest.raises(TemplateError) as caught:
        load_template(corpus_dir / file)
    assert (caught.value.line, caught.value.key, caught.value.path) == (line, key, path)
    assert f"{file}:{line}: duplicate key {key!r}" in str(caught.value)
