"""Small apps for the stubbed deploy tests (loaded as ``tests.constructs.cli.deploy.apps:NAME``)."""

from __future__ import annotations

from typing import Any

from stagewright import App, CfnOutput, CfnParameter, CfnResource, Fn, RawResource, Stack

__all__ = [
    "big",
    "canary_rollout",
    "guarded",
    "quick_rollout",
    "rollout_beside_queue",
    "secret_output",
    "two_rollouts",
    "two_stacks",
    "watched_elsewhere",
]


def two_stacks() -> App:
    """``Web`` (parameters ``Env``, no default, and ``Size``, default 1) depends on ``Net``."""
    app = App()
    web = Stack(app, "Web")
    net = Stack(app, "Net")
    web.add_dependency(net)
    RawResource(net, "Topic", type="AWS::SNS::Topic")
    CfnParameter(web, "Env")
    CfnParameter(web, "Size", default="1")
    queue = RawResource(web, "Queue", type="AWS::SQS::Queue")
    CfnOutput(web, "QueueUrl", value=queue.ref)
    return app


def big() -> App:
    """One stack whose template is over CloudFormation's 51,200-byte inline limit."""
    app = App()
    stack = Stack(app, "Big")
    for index in range(60):
        RawResource(stack, f"Topic{index}", type="AWS::SNS::Topic", properties={"X": "y" * 900})
    return app


def secret_output() -> App:
    """``Vault``: an output that shows a NoEcho parameter, beside an ordinary one."""
    app = App()
    stack = Stack(app, "Vault")
    secret = CfnParameter(stack, "Secret", no_echo=True, default="x")
    topic = RawResource(stack, "Topic", type="AWS::SNS::Topic")
    CfnOutput(stack, "Leak", value=Fn.sub("token=${Secret}", {}))
    CfnOutput(stack, "Plain", value=topic.ref)
    CfnOutput(stack, "Direct", value=secret.ref)
    return app


def _age_alarm(stack: Stack, id: str) -> CfnResource[Any]:
    """An alarm on the age of the oldest message of the account's queues."""
    from stagewright.generated.aws_cloudwatch.alarm import Alarm  # noqa: PLC0415

    return Alarm(
        stack,
        id,
        namespace="AWS/SQS",
        metric_name="ApproximateAgeOfOldestMessage",
        statistic="Maximum",
        period=60,
        evaluation_periods=1,
        threshold=600,
        comparison_operator="GreaterThanThreshold",
    )


def guarded() -> App:
    """``Guarded``: its alarm ``Errors`` and the alarm ``shop-5xx`` roll back every deploy."""
    from stagewright import add_rollback_alarms  # noqa: PLC0415

    app = App()
    stack = Stack(app, "Guarded")
    RawResource(stack, "Queue", type="AWS::SQS::Queue")
    errors = _age_alarm(stack, "Errors")
    add_rollback_alarms(stack, errors, "shop-5xx")
    return app


def canary_rollout() -> App:
    """``Shop``: a REST stage whose canary rolls out in 5, 25 and 50%, baking 10 minutes each,
    gated by the stack's alarm ``Errors`` and the alarm ``shop-5xx``."""
    from datetime import timedelta  # noqa: PLC0415

    from stagewright.generated.aws_apigateway.deployment import Deployment  # noqa: PLC0415
    from stagewright.generated.aws_apigateway.rest_api import RestApi  # noqa: PLC0415
    from stagewright.stages import Canary, RestStage  # noqa: PLC0415

    app = App()
    stack = Stack(app, "Shop")
    api = RestApi(stack, "Api", name="shop")
    live = Deployment(stack, "Live", rest_api_id=api.ref)
    following = Deployment(stack, "Next", rest_api_id=api.ref)
    stage = RestStage(
        stack,
        "Prod",
        rest_api=api,
        deployment=live,
        canary=Canary(deployment=following, steps=[5, 25, 50], bake=timedelta(minutes=10)),
    )
    alarms = stage.recommended_alarms(error_rate=0.01, p99_latency_ms=2000)
    stage.add_canary_alarms(alarms.error_rate, "shop-5xx")
    return app


def watched_elsewhere() -> App:
    """``Web`` rolls back on an alarm of the stack ``Monitoring``."""
    from stagewright import add_rollback_alarms  # noqa: PLC0415

    app = App()
    web = Stack(app, "Web")
    monitoring = Stack(app, "Monitoring")
    RawResource(web, "Queue", type="AWS::SQS::Queue")
    age = _age_alarm(monitoring, "Age")
    add_rollback_alarms(web, age)
    return app


def _rest_rollout(stack: Stack, id: str, bake_minutes: int = 10) -> None:
    from datetime import timedelta  # noqa: PLC0415

    from stagewright.generated.aws_apigateway.deployment import Deployment  # noqa: PLC0415
    from stagewright.generated.aws_apigateway.rest_api import RestApi  # noqa: PLC0415
    from stagewright.stages import Canary, RestStage  # noqa: PLC0415

    api = RestApi(stack, f"{id}Api", name=id.lower())
    live = Deployment(stack, f"{id}Live", rest_api_id=api.ref)
    following = Deployment(stack, f"{id}Next", rest_api_id=api.ref)
    bake = timedelta(minutes=bake_minutes)
    canary = Canary(deployment=following, steps=[5, 25, 50], bake=bake, alarms=["shop-5xx"])
    RestStage(stack, id, rest_api=api, deployment=live, canary=canary)


def two_rollouts() -> App:
    """``Shop``: two stages, each with a canary rollout."""
    app = App()
    stack = Stack(app, "Shop")
    _rest_rollout(stack, "Prod")
    _rest_rollout(stack, "Beta")
    return app


def quick_rollout() -> App:
    """``Quick``: a stage whose canary rolls out with no bake, gated by ``shop-5xx``."""
    app = App()
    _rest_rollout(Stack(app, "Quick"), "Prod", bake_minutes=0)
    return app


def rollout_beside_queue() -> App:
    """``canary_rollout``'s ``Shop``, and ``Jobs`` (a queue) deployed after it."""
    app = canary_rollout()
    jobs = Stack(app, "Jobs")
    RawResource(jobs, "Queue", type="AWS::SQS::Queue")
    jobs.add_dependency(app.stack("Shop"))
    return app
