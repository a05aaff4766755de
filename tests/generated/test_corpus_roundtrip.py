"""Every API Gateway Stage in the shared corpus of real templates imports and round-trips.

The corpus (../shared/corpus/templates, see its INDEX.md) holds 115 public templates with 150 Stage
resources. Each Stage either round-trips through ``StageProps.from_cfn(...).to_cfn()`` or is listed
below, after review, with the exact problems it must raise; a template that cannot be read at all is
listed with the error the loader must give. A resource that starts or stops failing breaks a test.
"""

from __future__ import annotations

import json
import typing
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple

import pytest
import yaml

from stagewright import Intrinsic, ValidationError
from stagewright.generated.aws_apigateway import stage as rest_stage
from stagewright.generated.aws_apigatewayv2 import stage as http_stage
from stagewright.runtime import cfn_fields
from stagewright.runtime._props import CfnProperty
from stagewright.template._yaml import TemplateError, load_template

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "templates"

STAGE_PROPS: dict[str, type[CfnProperty]] = {
    "AWS::ApiGateway::Stage": rest_stage.StageProps,
    "AWS::ApiGatewayV2::Stage": http_stage.StageProps,
}

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

# Reviewed by hand against each template (cfn-lint findings in INDEX.md, last column). Only findings
# about a Stage's own properties belong here: E1019/E1020 (references), E3001 on a logical id,
# E3019 (two Stages share a primary identifier) and W-warnings leave the properties valid.
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
    ("serverless-patterns__apigw-s3-lambda-sls-py__serverless.yml", "RestAPIStage"): frozenset(
        {("pattern", ("Variables", "bucket_name"))}
    ),
}  # fmt: skip

# E0000 in INDEX.md: YAML with a repeated key outside the Stage; the loader refuses the whole file.
UNREADABLE: dict[str, tuple[int, str, tuple[str | int, ...]]] = {
    "serverless-patterns__apigw-ec2__template.yaml": (80, "eu-west-3", ("Mappings", "RegionMap")),
    "serverless-patterns__public-nlb-or-alb-private-api-cfn__template.yaml": (
        358,
        "HealthCheckEnabled",
        ("Resources", "ApplicationLoadBalancerTargetGroup", "Properties"),
    ),
}


class StageCase(NamedTuple):
    """One Stage resource of the corpus."""

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


def index_corpus(folder: Path) -> list[StageCase]:
    """List every Stage resource in ``folder`` (empty when the folder is missing)."""
    if not folder.is_dir():
        return []
    cases = []
    for path in _template_files(folder):
        for logical_id, resource in _resources(_outline(path.read_text("utf-8"))).items():
            type_name = resource.get("Type") if isinstance(resource, Mapping) else None
            if type_name in STAGE_PROPS:
                cases.append(StageCase(path.name, logical_id, type_name))
    return cases


CASES = index_corpus(CORPUS)


def _params(selected: Sequence[StageCase]) -> list[Any]:
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


def _properties(corpus_dir: Path, case: StageCase) -> Any:
    """Load the case's template with the loader under test and return the Stage's Properties."""
    resource = _resources(load_template(corpus_dir / case.file))[case.logical_id]
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
    assert Counter(case.type_name for case in cases) == {
        "AWS::ApiGateway::Stage": 102,
        "AWS::ApiGatewayV2::Stage": 48,
    }
    assert len(VALID_CASES) + len(INVALID_CASES) + sum(c.file in UNREADABLE for c in cases) == 150


def test_review_tables_name_only_corpus_resources(corpus_dir: Path) -> None:
    """Every reviewed entry names a Stage or a file that exists, so no entry goes stale."""
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
def test_valid_stage_round_trips(corpus_dir: Path, case: StageCase) -> None:
    """A valid Stage comes back from to_cfn as written, string booleans and numbers typed."""
    cls = STAGE_PROPS[case.type_name]
    original = _properties(corpus_dir, case)
    output = cls.from_cfn(original).to_cfn()
    assert canonical(output) == canonical(normalise(cls, original))
    assert canonical(cls.from_cfn(output).to_cfn()) == canonical(output)


@pytest.mark.parametrize("case", _params(INVALID_CASES))
def test_invalid_stage_fails_as_reviewed(corpus_dir: Path, case: StageCase) -> None:
    """A reviewed invalid Stage raises exactly the listed problems, each naming its property."""
    cls = STAGE_PROPS[case.type_name]
    with pytest.raises(ValidationError) as caught:
        cls.from_cfn(_properties(corpus_dir, case))
    problems = caught.value.problems
    assert {(p.rule, p.path) for p in problems} == INVALID[case.file, case.logical_id]
    for problem in problems:
        assert problem.owner == case.type_name
        assert str(problem.path[-1]) in str(caught.value)


@pytest.mark.parametrize("file", sorted(UNREADABLE))
def test_template_with_repeated_key_is_refused(corpus_dir: Path, file: str) -> None:
    """A template with a repeated YAML key fails to load, naming the line, key and mapping."""
    line, key, path = UNREADABLE[file]
    with pytest.raises(TemplateError) as caught:
        load_template(corpus_dir / file)
    assert (caught.value.line, caught.value.key, caught.value.path) == (line, key, path)
    assert f"{file}:{line}: duplicate key {key!r}" in str(caught.value)
