"""Apps of stacks with environments (loaded as ``tests.constructs.cli.deploy.env_apps:NAME``).

Their resources are SNS topics and SQS queues, which moto's CloudFormation creates. moto's
account is 123456789012 (``MOTO_ACCOUNT``).
"""

from __future__ import annotations

from stagewright import App, Environment, RawResource, Stack

__all__ = ["MOTO_ACCOUNT", "OTHER_ACCOUNT", "fan_in", "other_account", "two_regions"]

MOTO_ACCOUNT = "123456789012"
OTHER_ACCOUNT = "111111111111"


def two_regions() -> App:
    """``East`` in us-east-1 and ``West`` in eu-west-1, both of moto's account."""
    app = App()
    for name, region in (("East", "us-east-1"), ("West", "eu-west-1")):
        stack = Stack(app, name, env=Environment(account=MOTO_ACCOUNT, region=region))
        RawResource(stack, "Topic", type="AWS::SNS::Topic")
    return app


def other_account() -> App:
    """``Home`` in moto's account, then ``Far`` declaring another account (same region)."""
    app = App()
    home = Stack(app, "Home", env=Environment(account=MOTO_ACCOUNT, region="us-east-1"))
    far = Stack(app, "Far", env=Environment(account=OTHER_ACCOUNT, region="us-east-1"))
    for stack in (home, far):
        RawResource(stack, "Topic", type="AWS::SNS::Topic")
    return app


def fan_in() -> App:
    """``Left`` and ``Right`` independent (two regions); ``Join`` waits for both.

    (An order, not an import: moto fills in no outputs, so no exports, for stacks it creates
    through change sets.)
    """
    app = App()
    left = Stack(app, "Left", env=Environment(region="us-east-1"))
    right = Stack(app, "Right", env=Environment(region="eu-west-1"))
    join = Stack(app, "Join", env=Environment(region="us-east-1"))
    for stack in (left, right, join):
        RawResource(stack, "Topic", type="AWS::SNS::Topic")
    join.add_dependency(left, right)
    return app
