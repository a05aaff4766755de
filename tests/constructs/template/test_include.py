"""Importing templates: every corpus template imports and synthesizes back to an equal template.

Each of the 115 files in ../shared/corpus/templates either round-trips (import into a stack,
synthesize, compare with the original: typed resources' Properties compared after reading
CloudFormation's string forms of booleans and numbers by their declared types) or is listed below,
after review, with why it is refused. A file that starts or stops failing breaks a test.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from stagewright import (
    App,
    Fn,
    RawResource,
    Stack,
    SynthesisError,
    TemplateImportError,
    include_template,
    stack_from_template,
)
from stagewright.generated.aws_apigateway import stage as rest_stage
from stagewright.synth._checks import resource_class
from stagewright.template._yaml import TemplateError, load_template, loads_template
from tests.generated.test_corpus_roundtrip import CORPUS, canonical, normalise

_SAM = "serverless-application-model__tests__translator__output__"
_SAM_CLI = "aws-sam-cli__tests__integration__testdata__start_api__"
_NAG = "cfn_nag__spec__test_templates__"
_DOCS = "aws-cloudformation-user-guide__doc_source__"
_CHECKOV = "checkov__tests__cloudformation__checks__resource__aws__example_"
_SONAR = (
    "sonar-iac__iac-extensions__cloudformation__src__test__resources__checks__"
    "DisabledLoggingCheck__test_api_gateway_stage.yaml"
)
_SLS = "serverless-patterns__apigw-"
# SAM CLI test data for `sam local`: a function's Code is a local folder that only `sam build` or
# `aws cloudformation package` turn into an S3 location, and often there is no Role.
_LOCAL_CODE = "AWS::Lambda::Function Code: must be a Code, not str [type], got '.'"
_NO_ROLE = "AWS::Lambda::Function Role: is required"

# Refused at import (strict): each entry lists a fragment of every problem, reviewed by hand.
IMPORT_REFUSED: dict[str, list[str]] = {
    # RestApiGatewayDeployment is indented under RestApiGateway, so it reads as an attribute.
    f"{_SAM_CLI}cfn-http-api-and-rest-api-gateways.yaml": [
        "Resources.RestApiGateway: unknown resource attribute 'RestApiGatewayDeployment'",
        _LOCAL_CODE,
    ],
    # A RestApi given the Stage-only StageName (SAM-style) breaks the RestApi schema; functions
    # with `Timeout: 0` (the minimum is 1 second).
    f"{_SAM_CLI}swagger-rest-api-template.yaml": [
        "Resources.MyApi: AWS::ApiGateway::RestApi StageName: is not a known property",
        _LOCAL_CODE, _NO_ROLE, "AWS::Lambda::Function Timeout: must be at least 1",
    ],
    f"{_SAM_CLI}cdk-sample-output.yaml": [_LOCAL_CODE, _NO_ROLE],
    f"{_SAM_CLI}cfn-http-api-with-normal-and-default-routes.yaml": [_LOCAL_CODE],
    f"{_SAM_CLI}cfn-http-api-with-swagger-body.yaml": [_LOCAL_CODE],
    f"{_SAM_CLI}cfn-quick-created-http-api-with-default-route.yaml": [_LOCAL_CODE],
    "aws-sam-cli__tests__unit__lib__intrinsic_resolver__test_data__inputs__test_methods_resource_"
    "resolution.json": [_LOCAL_CODE, _NO_ROLE],
    # Written for SAM CLI's local emulator: Resources with a made-up ResourceId and no RestApiId,
    # Methods whose Integration has no Type (two with a made-up ContentType).
    f"{_SAM_CLI}methods-resources-api-template.yaml": [
        _LOCAL_CODE, _NO_ROLE,
        "AWS::ApiGateway::Resource ResourceId: is not a known property",
        "AWS::ApiGateway::Resource ParentId: is required",
        "AWS::ApiGateway::Resource RestApiId: is required",
        "AWS::ApiGateway::Method Integration.Type: is required",
        "AWS::ApiGateway::Method Integration.ContentType: is not a known property",
    ],
    # A usage plan that lists the same API stage twice.
    f"{_NAG}yaml__api_gateway__api_gateway_usage_plan_does_not_exist_for_api_stage.yaml": [
        f"ApiGatewayUsagePlan{i}: AWS::ApiGateway::UsagePlan ApiStages[1]: items must be unique"
        for i in (1, 2)
    ],
    f"{_NAG}json__apigateway_accesslogging_v2__apigateway_with_access_logging.json": [
        "ApiGatewayWithAccessLogging: AWS::ApiGatewayV2::Stage ApiId: is required",
        "ApiGatewayWithAccessLogging: AWS::ApiGatewayV2::Stage StageName: is required",
    ],
    f"{_NAG}json__apigateway_accesslogging_v2__apigateway_with_no_access_logging.json": [
        "ApiGatewayNoAccessLogging: AWS::ApiGatewayV2::Stage StageName: is required",
    ],
    # `StageDescription:` with nothing after it is null, which CloudFormation refuses.
    f"{_NAG}yaml__api_gateway__api_gateway_deployment_with_no_access_logging_and_not_refd_in_"
    "stage.yaml": ["ApiGatewayDeployment2: AWS::ApiGateway::Deployment StageDescription: must be"],
    f"{_NAG}yaml__api_gateway__api_gateway_stage_does_not_have_access_logging.yaml": [
        "ApiGatewayStage1: AWS::ApiGateway::Stage AccessLogSetting: must be"
    ],
    f"{_NAG}yaml__api_gateway__api_gateway_usage_plan_does_not_exist_for_api_deployments_that_are_"
    "refd_in_stages.yaml": [
        *(f"ApiGatewayDeployment{i}: AWS::ApiGateway::Deployment RestApiId" for i in (1, 2, 3, 4)),
        *(f"ApiGatewayStage{i}: AWS::ApiGateway::Stage RestApiId" for i in (1, 2, 3, 4)),
    ],
    f"{_NAG}yaml__api_gateway__api_gateway_usage_plan_exists_for_api_deployments_that_are_refd_"
    "in_stages.yaml": [
        *(f"ApiGatewayDeployment{i}: AWS::ApiGateway::Deployment RestApiId" for i in (1, 2)),
        *(f"ApiGatewayStage{i}: AWS::ApiGateway::Stage RestApiId" for i in (1, 2)),
    ],
    # A scanner fixture: Stages without RestApiId / ApiId+StageName, one with `foo: bar`.
    _SONAR: [
        *(
            f"{lid}: AWS::ApiGateway::Stage RestApiId: is required"
            for lid in (
                "NoLogging",
                "DisabledLogging",
                "NoAccessLogSetting",
                "EnabledLoggingAndAccessLogSetting",
            )
        ),
        "NoAccessLogSettingsV2: AWS::ApiGatewayV2::Stage foo: is not a known property",
        *(
            f"{lid}: AWS::ApiGatewayV2::Stage {prop}: is required"
            for lid in ("NoAccessLogSettingsV2", "AccessLogSettingsV2")
            for prop in ("ApiId", "StageName")
        ),
    ],
    # SAM's translator output misspells CanarySetting.StageVariableOverrides.
    f"{_SAM}api_with_canary_setting.json": [
        f"{lid}: AWS::ApiGateway::Stage CanarySetting.StageVariablesOverrides: is not a known"
        for lid in ("ExplicitApiProdStage", "ServerlessRestApiProdStage")
    ],
    # Rule-test data: 40 logical IDs with underscores, a parameter with a mis-indented key.
    "aws-guard-rules-registry__rules__aws__validation_test_data__master_test_template.yml": [
        'Parameters.MyNotSecurePlaintextPassword["MyPassword"]: a parameter has no such key',
        ": logical ID must be non-empty and contain only the letters A-Z, a-z and digits 0-9",
    ],
    # Serverless Framework configuration files, not CloudFormation templates.
    f"{_SLS}http-api-eventbridge-lambda-sls__serverless.yml": [
        "service: not a CloudFormation template section",
        "frameworkVersion: not a CloudFormation template section",
        "plugins: not a CloudFormation template section",
        "provider: not a CloudFormation template section",
        "functions: not a CloudFormation template section",
        "resources: not a CloudFormation template section",
    ],
    f"{_SLS}http-api-sqs-lambda-sls__serverless.yml": [
        "service: not a CloudFormation template section",
        "frameworkVersion: not a CloudFormation template section",
        "plugins: not a CloudFormation template section",
        "provider: not a CloudFormation template section",
        "functions: not a CloudFormation template section",
        "resources: not a CloudFormation template section",
    ],
    f"{_SLS}s3-lambda-sls-py__serverless.yml": [
        "service: not a CloudFormation template section",
        "provider: not a CloudFormation template section",
        "custom: not a CloudFormation template section",
        "functions: not a CloudFormation template section",
        "resources: not a CloudFormation template section",
        "plugins: not a CloudFormation template section",
    ],
}  # fmt: skip

# Imported, then refused by synthesis: references to names the template does not define
# (cfn-lint's E1019/E1020). Each entry lists (logical ID, dangling name), reviewed by hand.
SYNTH_REFUSED: dict[str, set[tuple[str, str]]] = {
    # Documentation snippets: the Stage alone, its API and deployment left out.
    f"{_DOCS}aws-resource-apigateway-stage.md__example.json": {
        ("Prod", "ClientCertificate"), ("Prod", "TestDeployment"),
        ("Prod", "MyDocumentationVersion"), ("Prod", "MyRestApi"),
    },
    f"{_DOCS}aws-resource-apigateway-stage.md__example.yaml": {
        ("Prod", "ClientCertificate"), ("Prod", "TestDeployment"),
        ("Prod", "MyDocumentationVersion"), ("Prod", "MyRestApi"),
    },
    f"{_DOCS}aws-resource-apigatewayv2-stage.md__example.json": {
        ("MyStage", "CFNWebSocket"), ("MyStage", "MyDeployment"),
    },
    f"{_DOCS}aws-resource-apigatewayv2-stage.md__example.yaml": {
        ("MyStage", "CFNWebSocket"), ("MyStage", "MyDeployment"),
    },
    # SAM CLI test data: CDK output with its asset parameters and conditions stripped.
    f"{_SAM_CLI}cdk__template-http-api.yaml": {
        ("CDKMetadata", "CDKMetadataAvailable"),
        ("lambdaFuncD745B556", "AssetParameterscaca469dd0328d9655fcf1d6cb884705f3c3c064ed9cd338a8"
         "5709ea93494992S3Bucket8B9BABCE"),
        ("lambdaFuncD745B556", "AssetParameterscaca469dd0328d9655fcf1d6cb884705f3c3c064ed9cd338a8"
         "5709ea93494992S3VersionKeyA8E7BF96"),
    },
    f"{_SAM_CLI}cdk__template-rest-api.yaml": {
        ("CDKMetadata", "CDKMetadataAvailable"),
        ("MyFunction3BAA72D1", "AssetParameters2f49761fb98268e4ec02561a3bc432021f9fc3c15f76e5bfe3"
         "a87eff354cfa93S3BucketF31341C6"),
        ("MyFunction3BAA72D1", "AssetParameters2f49761fb98268e4ec02561a3bc432021f9fc3c15f76e5bfe3"
         "a87eff354cfa93S3VersionKey289D106C"),
    },
    # checkov fixtures: two stages of one API with one stage name (cfn-lint E3019); the
    # problem names the clashing stage and the first quoted value, the API id.
    f"{_CHECKOV}APIGatewayCacheEnable__FAIL.yaml": {
        ("CacheFalse", "test"),
    },
    f"{_CHECKOV}APIGatewayXray__APIGatewayXray-FAILED.yaml": {
        ("Default", "MyRestApi"),
    },
    # SAM translator output for a fragment: the Cognito user pool and StageName live elsewhere.
    f"{_SAM}api_http_with_default_iam_authorizer.json": {
        ("HttpApi", "UserPoolClient"), ("HttpApi", "UserPoolClientApp"), ("HttpApi", "UserPool"),
        ("HttpApiStage", "StageName"),
    },
}  # fmt: skip

# The loader refuses these (a repeated YAML key); tests/generated covers the message.
UNREADABLE = {
    "serverless-patterns__apigw-ec2__template.yaml",
    "serverless-patterns__public-nlb-or-alb-private-api-cfn__template.yaml",
}


def _files(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(
        p.name for p in folder.iterdir() if not p.name.startswith(".") and p.suffix != ".md"
    )


FILES = _files(CORPUS)
ROUND_TRIP = [f for f in FILES if f not in {*IMPORT_REFUSED, *SYNTH_REFUSED, *UNREADABLE}]


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> Path:
    """Return the corpus folder inside ../shared."""
    folder = shared_dir / "corpus" / "templates"
    assert folder.is_dir(), f"{folder} is missing from the shared folder"
    return folder


def _expected(template: Mapping[str, Any]) -> dict[str, Any]:
    """The original with typed resources' Properties read by their declared types."""
    out = dict(template)
    resources = {}
    for logical_id, entry in template.get("Resources", {}).items():
        cls = resource_class(entry["Type"])
        properties = entry.get("Properties")
        expected = dict(entry)
        if cls is not None and isinstance(properties, Mapping):
            props_cls = cls.__orig_bases__[0].__args__[0]
            expected["Properties"] = normalise(props_cls, properties)
            if not expected["Properties"]:
                del expected["Properties"]
        resources[logical_id] = expected
    out["Resources"] = resources
    return out


def test_review_tables_cover_the_corpus(corpus: Path) -> None:
    """The corpus has 115 templates; every table entry names one, and most round-trip."""
    files = _files(corpus)
    assert len(files) == 115
    assert set(IMPORT_REFUSED) | set(SYNTH_REFUSED) | UNREADABLE <= set(files)
    assert len(ROUND_TRIP) == 115 - len(IMPORT_REFUSED) - len(SYNTH_REFUSED) - len(UNREADABLE)
    assert len(ROUND_TRIP) == 83


@pytest.mark.parametrize("file", ROUND_TRIP)
def test_template_round_trips(corpus: Path, file: str) -> None:
    """Import then synthesis gives back the template (string booleans/numbers typed)."""
    original = load_template(corpus / file)
    app = App()
    _, included = stack_from_template(app, "Imported", corpus / file)
    output = app.synthesize().templates["Imported"]
    assert canonical(output) == canonical(_expected(original))
    # Known types are typed; the rest are kept raw.
    for logical_id, resource in included.resources.items():
        typed = resource_class(original["Resources"][logical_id]["Type"]) is not None
        assert isinstance(resource, RawResource) is not typed
        assert resource.logical_id == logical_id
        assert resource.node.path == f"Imported/{logical_id}"


@pytest.mark.parametrize("file", sorted(IMPORT_REFUSED))
def test_invalid_template_is_refused_with_every_problem(corpus: Path, file: str) -> None:
    """A template with schema or structure problems is refused, listing each one."""
    with pytest.raises(TemplateImportError) as caught:
        stack_from_template(App(), "Imported", corpus / file)
    problems = caught.value.problems
    expected = IMPORT_REFUSED[file]
    for problem in problems:
        assert any(fragment in problem for fragment in expected), problem
    for fragment in expected:
        assert any(fragment in p for p in problems), (fragment, problems)


@pytest.mark.parametrize("file", sorted(SYNTH_REFUSED))
def test_dangling_references_fail_synthesis(corpus: Path, file: str) -> None:
    """A template whose references name nothing (or clash) imports, but synthesis lists each."""
    app = App()
    stack_from_template(app, "Imported", corpus / file)
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    found = set()
    for problem in caught.value.problems:
        logical_id = problem.split(" ", 1)[0].removeprefix("Imported/")
        name = problem.split("'")[1] if "'" in problem else problem.split("${")[1].split("}")[0]
        found.add((logical_id, name))
    assert found == SYNTH_REFUSED[file]


@pytest.mark.parametrize("file", sorted(UNREADABLE))
def test_unreadable_template_is_refused_by_the_loader(corpus: Path, file: str) -> None:
    """A template the loader refuses is refused by import with the same error."""
    with pytest.raises(TemplateError):
        stack_from_template(App(), "Imported", corpus / file)


def test_yaml_short_forms_import_as_intrinsics(tmp_path: Path) -> None:
    """!Ref, !GetAtt and !Sub in a YAML template become the long forms in the output."""
    source = tmp_path / "t.yaml"
    source.write_text(
        "Resources:\n"
        "  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {Name: shop}\n"
        "  Prod:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n"
        "      RestApiId: !Ref Api\n      Description: !Sub 'root ${Api.RootResourceId}'\n"
        "      StageName: prod\n      TracingEnabled: 'true'\n"
        "Outputs:\n  Root:\n    Value: !GetAtt Api.RootResourceId\n",
        encoding="utf-8",
    )
    app = App()
    _, included = stack_from_template(app, "S", source)
    prod = included.get_resource("Prod")
    assert isinstance(prod, rest_stage.Stage)
    assert prod.props.tracing_enabled is True
    template = app.synthesize().templates["S"]
    assert "AWSTemplateFormatVersion" not in template
    assert template["Resources"]["Prod"]["Properties"] == {
        "RestApiId": {"Ref": "Api"},
        "Description": {"Fn::Sub": "root ${Api.RootResourceId}"},
        "StageName": "prod",
        "TracingEnabled": True,
    }
    assert template["Outputs"]["Root"] == {"Value": {"Fn::GetAtt": ["Api", "RootResourceId"]}}


def _small_template() -> dict[str, Any]:
    return {
        "Parameters": {"Env": {"Type": "String", "Default": "prod"}},
        "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
        "Resources": {
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "shop"}},
            "Queue": {
                "Type": "AWS::SQS::Queue",
                "DependsOn": "Api",
                "Condition": "IsProd",
                "Properties": {"QueueName": {"Fn::GetAtt": ["Api", "RootResourceId"]}},
            },
        },
        "Outputs": {"Api": {"Value": {"Ref": "Api"}, "Export": {"Name": "shop-api"}}},
    }


def test_import_into_a_stack_and_build_upon_it() -> None:
    """Imported elements can be referenced by new typed resources in the same stack."""
    app = App()
    stack = Stack(app, "S")
    included = include_template(stack, _small_template())
    api = included.get_resource("Api")
    env = included.get_parameter("Env")
    rest_stage.Stage(
        stack,
        "Prod",
        rest_api_id=api.ref,
        stage_name=env.ref,
        tracing_enabled=Fn.if_(included.get_condition("IsProd"), True, False),
    )
    template = app.synthesize().templates["S"]
    assert template["Resources"]["Prod"]["Properties"] == {
        "RestApiId": {"Ref": "Api"},
        "StageName": {"Ref": "Env"},
        "TracingEnabled": {"Fn::If": ["IsProd", True, False]},
    }
    # The raw resource keeps DependsOn's string form, its condition and properties.
    assert template["Resources"]["Queue"] == _small_template()["Resources"]["Queue"]
    assert template["Outputs"] == _small_template()["Outputs"]
    assert template["AWSTemplateFormatVersion"] == "2010-09-09"  # the stack's own default


def test_unknown_lookup_suggests_the_nearest_logical_id() -> None:
    """Asking an import for a missing logical ID names the nearest one."""
    included = include_template(Stack(App(), "S"), _small_template())
    with pytest.raises(KeyError, match="did you mean 'Api'"):
        included.get_resource("Apj")


def test_lenient_import_keeps_invalid_resources_raw_with_a_warning() -> None:
    """strict=False keeps a schema-breaking resource as written, warns, and synthesis refuses it."""
    template = {
        "Resources": {
            "Prod": {"Type": "AWS::ApiGateway::Stage", "Properties": {"StageName": "prod"}}
        }
    }
    with pytest.raises(TemplateImportError, match="RestApiId: is required"):
        include_template(Stack(App(), "S"), template)
    app = App()
    included = include_template(Stack(app, "S"), template, strict=False)
    prod = included.get_resource("Prod")
    assert isinstance(prod, RawResource)
    assert prod.type_name == "AWS::ApiGateway::Stage"
    assert any("imported as an untyped resource" in str(e.data) for e in prod.node.metadata)
    with pytest.raises(SynthesisError, match="RestApiId: is required"):
        app.synthesize()


def test_conflicting_description_is_refused() -> None:
    """Importing into a stack with another description is an error naming both."""
    stack = Stack(App(), "S", description="mine")
    with pytest.raises(
        TemplateImportError, match="Description: 'theirs' differs from the stack's 'mine'"
    ):
        include_template(stack, {"Description": "theirs", **_small_template()})


def test_sections_sharing_a_logical_id_are_kept_apart() -> None:
    """An output named like a resource imports (construct ids carry the section)."""
    template = _small_template()
    app = App()
    _, included = stack_from_template(app, "S", template)
    assert included.outputs["Api"].node.path == "S/Outputs.Api"
    assert json.loads(json.dumps(app.synthesize().templates["S"])) == template


def test_a_null_inside_a_json_document_is_reported_at_its_path() -> None:
    """CloudFormation refuses null anywhere; import says where, as the Python class does."""
    text = (
        "Resources:\n"
        "  Api:\n"
        "    Type: AWS::ApiGateway::RestApi\n"
        "    Properties:\n"
        "      Body:\n"
        "        info:\n"
        "          title:\n"
    )
    with pytest.raises(TemplateImportError) as caught:
        include_template(Stack(App(), "Legacy"), loads_template(text))
    assert caught.value.problems == (
        'Resources.Api: AWS::ApiGateway::RestApi Body["info"]["title"]: must not be null: '
        "CloudFormation refuses null anywhere in a template (\"'null' values are not allowed in "
        'templates") [null], got None; leave the key out, or give an empty string or object',
    )
