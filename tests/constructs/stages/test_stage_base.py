"""What every stage construct shares: explicit signatures, typed options, clean refusals."""

from __future__ import annotations

import inspect
import pydoc
import re
from typing import Any

import attrs
import pytest

from stagewright import ValidationError
from stagewright.core._fn import Ref
from stagewright.generated.aws_apigateway import stage as rest
from stagewright.generated.aws_apigatewayv2 import stage as v2
from stagewright.stages import (
    AccessLogFormat,
    ApiStageOptions,
    Canary,
    CanaryStage,
    HttpStage,
    LoggedHttpStage,
    LoggedProductionStage,
    RestStage,
    RestStageOptions,
    StageBase,
    StageOptions,
    WebSocketStage,
)
from tests.constructs.stages._support import http_app, rest_app

REST = [RestStage, CanaryStage, LoggedProductionStage]
V2 = [HttpStage, LoggedHttpStage, WebSocketStage]
ALL: list[type[StageBase[Any, Any]]] = [*REST, *V2]


def _fields(stage: type[StageBase[Any, Any]]) -> set[str]:
    options = RestStageOptions if stage in REST else ApiStageOptions
    names = {f.name for f in attrs.fields(options)}
    return names - {"canary"} if stage is CanaryStage else names


def _keywords(stage: type[StageBase[Any, Any]]) -> dict[str, inspect.Parameter]:
    parameters = inspect.signature(stage).parameters.values()
    return {p.name: p for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}


def test_the_logged_production_stage_signature_lists_every_option() -> None:
    """inspect.signature shows each REST option, with the production defaults as defaults."""
    keywords = _keywords(LoggedProductionStage)
    assert {f.name for f in attrs.fields(RestStageOptions)} <= set(keywords)
    assert {"rest_api", "deployment", "log_retention_days"} <= set(keywords)
    assert keywords["logging_level"].default == "ERROR"
    assert keywords["log_retention_days"].default == 365
    assert keywords["stage_name"].annotation == "str | Intrinsic"


@pytest.mark.parametrize("stage", ALL, ids=lambda s: s.__name__)
def test_every_constructor_takes_every_option_of_its_family(
    stage: type[StageBase[Any, Any]],
) -> None:
    """Each option field is a keyword-only parameter (CanaryStage's own arguments set canary)."""
    assert _fields(stage) <= set(_keywords(stage))


@pytest.mark.parametrize("stage", ALL, ids=lambda s: s.__name__)
def test_help_documents_every_parameter(stage: type[StageBase[Any, Any]]) -> None:
    """help() shows each parameter in the signature and in the constructor's Args section."""
    text = pydoc.render_doc(stage, renderer=pydoc.plaintext)  # type: ignore[attr-defined]
    for name in ("scope", "id", *_keywords(stage)):
        assert re.search(rf"^\s+\|?\s*{name}: \S", text, re.MULTILINE), name
    for name in ("resource", "options", "log_group", "stage_name", "url"):
        assert re.search(rf"^\s+\|\s+{name}\n", text, re.MULTILINE), name


def test_the_options_are_a_frozen_attrs_object_the_stage_reads() -> None:
    """stage.options is attrs: evolve works, assignment does not, and it holds the defaults."""
    _app, stack, api, release = rest_app()
    stage = LoggedProductionStage(stack, "Prod", rest_api=api, deployment=release)
    options = stage.options
    assert attrs.has(type(options))
    assert isinstance(options, RestStageOptions)
    assert isinstance(options, StageOptions)
    assert (options.stage_name, options.logging_level, options.metrics_enabled) == (
        "prod",
        "ERROR",
        True,
    )
    assert attrs.evolve(options, stage_name="beta").stage_name == "beta"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        options.stage_name = "beta"  # type: ignore[misc]


def test_the_rollout_keeps_the_options_current() -> None:
    """Promoting a canary: options.canary goes, its overrides become options.variables."""
    _app, stack, api, release = rest_app()
    canary = Canary(deployment=release, stage_variable_overrides={"alias": "v2"})
    stage = RestStage(
        stack, "Prod", rest_api=api, deployment=release, variables={"alias": "v1"}, canary=canary
    )
    assert stage.options.canary is canary
    stage.promote_canary()
    assert stage.options.canary is None
    assert stage.options.variables == {"alias": "v2"}


def test_the_escape_hatches_are_typed() -> None:
    """resource is the generated Stage, stage_name its Ref; log_group only on Logged stages."""
    _app, stack, api, release = rest_app()
    plain = RestStage(stack, "Dev", rest_api=api, deployment=release)
    logged = LoggedProductionStage(stack, "Prod", rest_api=api, deployment=release)
    assert isinstance(plain.resource, rest.Stage)
    assert isinstance(plain.stage_name, Ref)
    assert plain.stage_name.to_cfn() == {"Ref": "Dev"}
    assert plain.log_group is None
    assert logged.log_group is not None
    _app, stack, http_api = http_app()
    http = HttpStage(stack, "Stage", api=http_api)
    assert isinstance(http.resource, v2.Stage)
    assert http.url.to_cfn()["Fn::Sub"][0].endswith(".${AWS::URLSuffix}/")


REFUSALS: list[tuple[type[StageBase[Any, Any]], dict[str, Any], str]] = [
    (RestStage, {"metrics_enabled": "yes"}, "Shop/Prod: metrics_enabled: must be a boolean"),
    (RestStage, {"tracng_enabled": True}, "did you mean 'tracing_enabled'?"),
    (RestStage, {"tracing_enabled": "yes"}, "TracingEnabled: must be a boolean"),
    (RestStage, {"access_log_format": "$context.requestId"}, "must be an AccessLogFormat [type]"),
    (LoggedProductionStage, {"log_retention_days": 42}, "log_retention_days: must be one of"),
    (LoggedProductionStage, {"logging_level": "OFF"}, "for a logged stage"),
    (LoggedProductionStage, {"tracing_enabled": "yes"}, "TracingEnabled: must be a boolean"),
    (LoggedHttpStage, {"description": 5}, "Description: must be a string"),
    (CanaryStage, {"percent": 120}, "Canary.percent"),
    (HttpStage, {"auto_deplyo": False}, "did you mean 'auto_deploy'?"),
    (LoggedHttpStage, {"log_retention_days": 12}, "did you mean 14?"),
    (WebSocketStage, {"route_settings": {"$conect": None}}, "a $ route is one of"),
]


@pytest.mark.parametrize(("stage", "options", "message"), REFUSALS, ids=[m for _, _, m in REFUSALS])
def test_a_refused_constructor_leaves_the_tree_as_it_was(
    stage: type[StageBase[Any, Any]], options: dict[str, Any], message: str
) -> None:
    """A refused stage (its log group made already or not) leaves the tree; its id is free."""
    if stage in REST:
        _app, stack, api, release = rest_app()
        required: dict[str, Any] = {"rest_api": api, "deployment": release}
        if stage is CanaryStage:
            required["canary_deployment"] = release
    else:
        _app, stack, v2_api = http_app("WEBSOCKET" if stage is WebSocketStage else "HTTP")
        required = {"api": v2_api}
    before = [c.node.path for c in stack.node.find_all()]
    with pytest.raises(ValidationError) as caught:
        stage(stack, "Prod", **required, **options)
    assert message in str(caught.value)
    assert [c.node.path for c in stack.node.find_all()] == before
    again = stage(stack, "Prod", **required)
    assert stack.node.find_child("Prod") is again


def test_an_unknown_keyword_without_a_close_option_lists_the_options() -> None:
    """No option is near: the hint lists the constructor's keywords, and nothing was added."""
    _app, stack, api = http_app()
    with pytest.raises(ValidationError) as caught:
        HttpStage(stack, "Stage", api=api, zzz=1)  # type: ignore[call-arg]
    assert str(caught.value) == (
        "Shop/Stage: zzz: is not an option [unknown], got 'zzz'; options: api, stage_name, "
        "auto_deploy, deployment_id, description, stage_variables, tags, default_route, "
        "route_settings, access_log_destination_arn, access_log_format"
    )
    assert stack.node.try_find_child("Stage") is None


def test_a_missing_argument_is_still_pythons_type_error() -> None:
    """Only unknown keywords become a ValidationError; a missing API is a plain TypeError."""
    _app, stack, _api = http_app()
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'api'"):
        HttpStage(stack, "Stage")  # type: ignore[call-arg]


def test_an_access_log_format_given_as_text_is_refused_with_how_to_build_one() -> None:
    """A plain string where an AccessLogFormat is expected is a type problem, not a crash."""
    _app, stack, api, release = rest_app()
    with pytest.raises(ValidationError) as caught:
        LoggedProductionStage(
            stack,
            "Prod",
            rest_api=api,
            deployment=release,
            access_log_format="$context.requestId",  # type: ignore[arg-type]
        )
    assert str(caught.value) == (
        "Shop/Prod: access_log_format: must be an AccessLogFormat [type], got "
        "'$context.requestId'; build it with AccessLogFormat.json({...}), .clf() or "
        ".custom('...')"
    )
    assert AccessLogFormat.custom("$context.requestId").text == "$context.requestId"
