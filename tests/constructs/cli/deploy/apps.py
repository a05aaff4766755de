"""Small apps for the stubbed deploy tests (loaded as ``tests.constructs.cli.deploy.apps:NAME``)."""

from __future__ import annotations

from stagewright import App, CfnOutput, CfnParameter, Fn, RawResource, Stack

__all__ = ["big", "two_stacks"]


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
