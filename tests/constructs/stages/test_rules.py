"""Rules of AWS's documentation that the stage constructs check (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest

from stagewright import ValidationError
from stagewright.stages import Canary, HttpStage, RestStage, Throttle, WebSocketStage

from ._support import http_app, rest_app


def _rest(**options: Any) -> RestStage:
    _app, stack, api, release = rest_app()
    return RestStage(stack, "Prod", rest_api=api, deployment=release, **options)


def _refused(build: Any, **options: Any) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        build(**options)
    return caught.value


@pytest.mark.parametrize("name", ["", "a" * 129, "my stage", "$default", "v1.2", "é"])
def test_rest_stage_names_outside_the_documented_alphabet_are_refused(name: str) -> None:
    """A REST stage name is 1 to 128 of [A-Za-z0-9_-]; anything else is refused."""
    error = _refused(_rest, stage_name=name)
    assert error.problems[0].path == ("stage_name",)
    assert error.problems[0].rule == "pattern"


@pytest.mark.parametrize("name", ["a" * 128, "prod_2-x", "P"])
def test_rest_stage_names_inside_the_alphabet_are_accepted(name: str) -> None:
    """Names of 1 to 128 letters, digits, hyphens and underscores are accepted."""
    assert _rest(stage_name=name).options.stage_name == name


def test_http_stages_also_take_default() -> None:
    """``$default`` is an HTTP stage name; a space is not."""
    _app, stack, api = http_app()
    HttpStage(stack, "Live", api=api, stage_name="$default")
    with pytest.raises(ValidationError, match=r"stage_name: a stage name is .*, or \$default"):
        HttpStage(stack, "Beta", api=api, stage_name="be ta")


def test_stage_variable_values_over_512_characters_are_refused() -> None:
    """A value over API Gateway's 512-character quota is refused; 512 is accepted."""
    _rest(variables={"a": "x" * 512})
    error = _refused(_rest, variables={"a": "x" * 513})
    assert error.problems[0].rule == "quota"


def test_exactly_100_stage_variables_are_accepted() -> None:
    """The quota is 100 variables: the 100th is accepted."""
    _rest(variables={f"v{i}": "x" for i in range(100)})


def test_canary_overrides_named_underscore_only_are_refused() -> None:
    """Canary overrides follow the REST schema's rule too: ``__`` is refused, ``_a`` is not."""
    Canary(deployment="abc", stage_variable_overrides={"_a": "x"})
    with pytest.raises(ValidationError, match=r"needs a letter or digit"):
        Canary(deployment="abc", stage_variable_overrides={"__": "x"})
    with pytest.raises(ValidationError, match=r"must be a mapping"):
        Canary(deployment="abc", stage_variable_overrides=["a"])  # type: ignore[arg-type]


def test_http_stage_variables_named_underscore_are_accepted() -> None:
    """The HTTP schema has no such key rule; API Gateway documents [A-Za-z0-9_]+."""
    _app, stack, api = http_app()
    HttpStage(stack, "Live", api=api, stage_variables={"_": "x"})


@pytest.mark.parametrize(
    ("tags", "rule"),
    [
        ({"k" * 129: "v"}, "type"),
        ({"": "v"}, "type"),
        ({"k": "v" * 257}, "type"),
        ({"k": 5}, "type"),
        ({"AWS:team": "x"}, "reserved"),
    ],
)
def test_bad_tags_are_refused(tags: dict[str, Any], rule: str) -> None:
    """Tag keys of 1 to 128 characters, values of at most 256, no ``aws:`` prefix."""
    assert _refused(_rest, tags=tags).problems[0].rule == rule


def test_fifty_tags_are_accepted_on_every_family() -> None:
    """50 tags is the quota, accepted by REST and HTTP stages alike."""
    tags = {f"k{i}": "v" for i in range(50)}
    _rest(tags=tags)
    _app, stack, api = http_app()
    HttpStage(stack, "Live", api=api, tags=tags)
    with pytest.raises(ValidationError, match=r"at most 50 tags"):
        HttpStage(stack, "Beta", api=api, tags={**tags, "k50": "v"})


def test_burst_limits_up_to_32_bits_are_accepted() -> None:
    """2**31 - 1 is the largest burst; one more is refused."""
    Throttle(rate_limit=1, burst_limit=2**31 - 1)
    with pytest.raises(ValidationError, match=r"\[maximum\]"):
        Throttle(rate_limit=1, burst_limit=2**31)


def test_firehose_streams_named_for_api_gateway_are_accepted() -> None:
    """A Firehose stream named amazon-apigateway-... is a fine access log destination."""
    arn = "arn:aws:firehose:us-east-1:111122223333:deliverystream/amazon-apigateway-shop"
    _rest(access_log_destination_arn=arn)


def test_a_websocket_stage_with_a_deployment_does_not_warn() -> None:
    """A WebSocket stage given a deployment id synthesizes without the no-deployment warning."""
    app, stack, api = http_app("WEBSOCKET")
    WebSocketStage(stack, "Live", api=api, deployment_id="abc123")
    assert not [m for m in app.synthesize().messages if "no deployment_id" in m.text]


@pytest.mark.parametrize(
    "options",
    [
        {"variables": 5},
        {"tags": ["a"]},
        {"canary": {"deployment": "abc"}},
        {"method_options": ["/GET"]},
        {"deployment": None},
        {"rest_api": None},
    ],
)
def test_wrong_shapes_are_validation_errors_and_leave_the_tree_alone(
    options: dict[str, Any],
) -> None:
    """Options of the wrong shape raise ValidationError (no AttributeError); nothing is added."""
    _app, stack, api, release = rest_app()
    arguments = {"rest_api": api, "deployment": release, **options}
    before = [c.node.path for c in stack.node.find_all()]
    with pytest.raises(ValidationError):
        RestStage(stack, "Prod", **arguments)
    assert [c.node.path for c in stack.node.find_all()] == before
    RestStage(stack, "Prod", rest_api=api, deployment=release)  # the id is still free


@pytest.mark.parametrize("options", [{"stage_variables": 5}, {"route_settings": [1]}, {"api": 5}])
def test_wrong_shapes_on_http_stages_are_validation_errors(options: dict[str, Any]) -> None:
    """The same for HTTP stages."""
    _app, stack, api = http_app()
    with pytest.raises(ValidationError):
        HttpStage(stack, "Live", **{"api": api, **options})
