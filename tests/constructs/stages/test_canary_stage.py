"""CanaryStage: the canary settings, the rollout (percent, promote, roll back), one REST API."""

from __future__ import annotations

from typing import Any

import pytest

from stagewright import SynthesisError, ValidationError
from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.stages import Canary, CanaryStage, RestStage
from tests.constructs.stages._support import rest_app, synth, synth_assembly


def _canary(**options: Any) -> tuple[Any, CanaryStage]:
    app, stack, api, release1 = rest_app()
    release2 = Deployment(stack, "Release2", rest_api_id=api.ref)
    stage = CanaryStage(
        stack,
        "Prod",
        rest_api=api,
        deployment=release1,
        canary_deployment=release2,
        variables={"alias": "v1"},
        **options,
    )
    return app, stage


def _props(app: Any) -> dict[str, Any]:
    return synth(app)["Shop"]["Resources"]["Prod"]["Properties"]  # type: ignore[no-any-return]


def test_a_canary_stage_sends_a_share_of_traffic_to_the_canary_deployment() -> None:
    """The stage serves Release1 and sends 10% (the default) to Release2, with overrides."""
    app, _ = _canary(stage_variable_overrides={"alias": "v2"}, percent=10)
    props = _props(app)
    assert props["DeploymentId"] == {"Ref": "Release1"}
    assert props["CanarySetting"] == {
        "DeploymentId": {"Ref": "Release2"},
        "PercentTraffic": 10,
        "StageVariableOverrides": {"alias": "v2"},
    }
    assert props["Variables"] == {"alias": "v1"}


def test_the_rollout_raises_the_percentage_then_promotes() -> None:
    """set_canary_percent(50) changes only the share; promote_canary() serves the canary."""
    app, stage = _canary(stage_variable_overrides={"alias": "v2"})
    stage.set_canary_percent(50)
    during = _props(app)
    assert during["CanarySetting"]["PercentTraffic"] == 50
    assert during["DeploymentId"] == {"Ref": "Release1"}
    stage.promote_canary()
    after = _props(app)
    assert after["DeploymentId"] == {"Ref": "Release2"}
    assert "CanarySetting" not in after
    assert after["Variables"] == {"alias": "v2"}  # the overrides became the stage's variables
    assert stage.canary is None


def test_rolling_back_keeps_the_base_deployment_and_drops_the_canary() -> None:
    """rollback_canary() removes the canary settings; the stage still serves Release1."""
    app, stage = _canary(stage_variable_overrides={"alias": "v2"})
    stage.rollback_canary()
    props = _props(app)
    assert props["DeploymentId"] == {"Ref": "Release1"}
    assert "CanarySetting" not in props
    assert props["Variables"] == {"alias": "v1"}


def test_zero_percent_is_allowed_to_drain_the_canary() -> None:
    """0% keeps the canary deployed but sends it nothing."""
    app, _stage = _canary(percent=0)
    assert _props(app)["CanarySetting"]["PercentTraffic"] == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"percent": 101}, "Canary.percent: must be 0 to 100 [range], got 101"),
        ({"percent": -1}, "Canary.percent: must be 0 to 100 [range], got -1"),
        ({"percent": "10"}, "Canary.percent: must be a number [type], got '10'"),
        (
            {"stage_variable_overrides": {"alias": "v 2"}},
            'Canary.stage_variable_overrides["alias"]: must contain only letters, digits and '
            "-._~:/?#&=, ([A-Za-z0-9-._~:/?#&=,]+) [pattern], got 'v 2'",
        ),
        (
            {"stage_variable_overrides": {"my-alias": "v2"}},
            'Canary.stage_variable_overrides["my-alias"]: a stage variable name must contain only '
            "letters, digits and underscores ([A-Za-z0-9_]+) [pattern], got 'my-alias'; "
            "did you mean 'my_alias'?",
        ),
    ],
)
def test_bad_canary_settings_are_refused(options: dict[str, Any], message: str) -> None:
    """The percentage is 0-100 and the overrides follow the stage variable rules."""
    with pytest.raises(ValidationError) as caught:
        _canary(**options)
    assert str(caught.value) == message


def test_a_percentage_out_of_range_is_refused_during_the_rollout_too() -> None:
    """set_canary_percent checks like the constructor, and the stage keeps its old canary."""
    app, stage = _canary()
    with pytest.raises(ValidationError, match=r"Canary.percent: must be 0 to 100"):
        stage.set_canary_percent(150)
    assert _props(app)["CanarySetting"]["PercentTraffic"] == 10


def test_promoting_without_a_canary_says_how_to_start_one() -> None:
    """A stage without a canary cannot promote or roll back one."""
    _app, stack, api, release = rest_app()
    stage = RestStage(stack, "Dev", rest_api=api, deployment=release)
    with pytest.raises(ValidationError) as caught:
        stage.promote_canary()
    assert str(caught.value) == (
        "Shop/Dev: canary: promote_canary() needs a canary, and the stage has none [no-canary], "
        "got None; start one with start_canary(Canary(...)) or the canary= option"
    )
    stage.start_canary(Canary(deployment=release, percent=5))
    assert stage.resource.props.canary_setting is not None


def test_a_canary_deployment_of_another_rest_api_is_an_error_at_synthesis() -> None:
    """The canary must deploy the stage's own REST API; the error names both APIs."""
    app, stack, api, release1 = rest_app()
    other = RestApi(stack, "Other", name="other")
    foreign = Deployment(stack, "Foreign", rest_api_id=other.ref)
    CanaryStage(stack, "Prod", rest_api=api, deployment=release1, canary_deployment=foreign)
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    assert caught.value.problems == (
        "Shop/Prod: the canary deployment 'Shop/Foreign' belongs to REST API 'Shop/Other', not to "
        "this stage's REST API 'Shop/Api'; pass a deployment of that API",
    )


def test_a_base_deployment_of_another_api_given_by_id_is_an_error_too() -> None:
    """REST APIs given as ids are compared as ids; an intrinsic one cannot be and passes."""
    app, stack, _, _ = rest_app()
    foreign = Deployment(stack, "Foreign", rest_api_id="abc123")
    mine = Deployment(stack, "Mine", rest_api_id="xyz789")
    CanaryStage(stack, "Prod", rest_api="xyz789", deployment=foreign, canary_deployment=mine)
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    assert caught.value.problems == (
        "Shop/Prod: the deployment 'Shop/Foreign' belongs to REST API with id 'abc123', not to "
        "this stage's REST API with id 'xyz789'; pass a deployment of that API",
    )


def test_use_stage_cache_without_a_cache_cluster_warns() -> None:
    """A canary told to use the stage cache on a stage without one gets a warning."""
    app, _ = _canary(use_stage_cache=True)
    texts = [m.text for m in synth_assembly(app).messages]
    assert texts == [
        "the canary uses the stage cache (use_stage_cache=True), but the stage has no cache "
        "cluster: set cache_cluster_size or drop use_stage_cache"
    ]


@pytest.mark.parametrize("end", ["promote_canary", "rollback_canary"])
def test_the_stage_cache_warning_ends_with_the_canary(end: str) -> None:
    """Once the canary is promoted or rolled back, its stage cache warning goes with it."""
    app, prod = _canary(use_stage_cache=True)
    assert len(synth_assembly(app).messages) == 1
    getattr(prod, end)()
    assert synth_assembly(app).messages == ()


def test_a_canary_stage_takes_its_canary_from_its_own_arguments() -> None:
    """canary= is refused on CanaryStage: its own arguments say the same thing."""
    _app, stack, api, release = rest_app()
    with pytest.raises(ValidationError, match=r"Shop/Prod: canary: is not an option of Canary"):
        CanaryStage(  # type: ignore[call-arg]  # the mistake under test
            stack,
            "Prod",
            rest_api=api,
            deployment=release,
            canary_deployment=release,
            canary=Canary(deployment=release),
        )
