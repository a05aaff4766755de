"""Resources CloudFormation could not create together: one stage made twice on one API."""

from __future__ import annotations

import pytest

from stagewright import App, CfnCondition, Fn, Stack, SynthesisError
from stagewright.generated.aws_apigateway import deployment, rest_api, stage
from stagewright.stages import Canary, RestStage


def _problems(app: App) -> list[str]:
    try:
        app.synthesize()
    except SynthesisError as exc:
        return list(exc.problems)
    return []


def _shop() -> tuple[App, Stack, rest_api.RestApi]:
    app = App()
    stack = Stack(app, "Shop")
    return app, stack, rest_api.RestApi(stack, "Api", name="shop")


def test_two_stages_with_one_name_on_one_api_are_refused() -> None:
    """E3019: the second stage of a name on the same API fails to create."""
    app, stack, api = _shop()
    stage.Stage(stack, "Prod", rest_api_id=api.ref, stage_name="prod")
    stage.Stage(stack, "Live", rest_api_id=api.ref, stage_name="prod")
    (problem,) = _problems(app)
    assert problem.startswith("Shop/Live (Resources.Live): AWS::ApiGateway::Stage with")


def test_one_name_on_two_apis_or_two_names_on_one_api_are_fine() -> None:
    """Stage names are unique per API only."""
    app, stack, api = _shop()
    other = rest_api.RestApi(stack, "Other", name="other")
    stage.Stage(stack, "Prod", rest_api_id=api.ref, stage_name="prod")
    stage.Stage(stack, "OtherProd", rest_api_id=other.ref, stage_name="prod")
    stage.Stage(stack, "Beta", rest_api_id=api.ref, stage_name="beta")
    assert _problems(app) == []


@pytest.mark.parametrize("with_canary", [True, False])
def test_a_deployment_naming_a_stage_the_app_defines_is_refused(with_canary: bool) -> None:
    """A Deployment given stage_name creates that stage: a stage construct of the name clashes."""
    app, stack, api = _shop()
    named = deployment.Deployment(stack, "Named", rest_api_id=api.ref, stage_name="prod")
    plain = deployment.Deployment(stack, "Plain", rest_api_id=api.ref)
    canary = Canary(deployment=named, percent=10) if with_canary else None
    RestStage(stack, "Prod", rest_api=api, deployment=plain, stage_name="prod", canary=canary)
    (problem,) = _problems(app)
    assert "the stage with RestApiId" in problem
    assert "is made twice, by 'Shop/Named'" in problem or "is made twice, by 'Shop/Prod'" in problem
    assert 'fails with "Stage already exists"' in problem


def test_a_deployment_naming_another_stage_or_a_conditional_one_is_fine() -> None:
    """Another stage name, or a stage created only under a condition, is not a clash."""
    app, stack, api = _shop()
    deployment.Deployment(stack, "Dev", rest_api_id=api.ref, stage_name="dev")
    stage.Stage(stack, "Prod", rest_api_id=api.ref, stage_name="prod")
    maybe = stage.Stage(stack, "MaybeDev", rest_api_id=api.ref, stage_name="dev")
    maybe.condition = CfnCondition(stack, "IsDev", expression=Fn.equals("a", "b"))
    assert _problems(app) == []
