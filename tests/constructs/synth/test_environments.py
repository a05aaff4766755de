"""Stack environments: declared, recorded in the manifest, and checked against references."""

from __future__ import annotations

from typing import Any

import pytest

from stagewright import (
    App,
    Aws,
    Environment,
    Fn,
    RawResource,
    Stack,
    SynthesisError,
    ValidationError,
)

ACCOUNT = "123456789012"
OTHER_ACCOUNT = "210987654321"


def _wrong(value: object) -> Any:
    return value


def _pair(producer_env: Environment | None, consumer_env: Environment | None) -> App:
    """``Edge``'s queue names ``Base``'s topic (a cross-stack reference)."""
    app = App()
    base = Stack(app, "Base", env=producer_env)
    edge = Stack(app, "Edge", env=consumer_env)
    topic = RawResource(base, "Topic", type="AWS::SNS::Topic")
    RawResource(edge, "Queue", type="AWS::SQS::Queue", properties={"QueueName": topic.ref})
    return app


def _problems(app: App) -> list[str]:
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    return list(caught.value.problems)


def test_environment_is_written_like_cdk() -> None:
    """Both parts, one part, none: ``aws://account/region`` with unknown parts named so."""
    assert str(Environment(account=ACCOUNT, region="eu-west-1")) == f"aws://{ACCOUNT}/eu-west-1"
    assert str(Environment(region="us-gov-west-1")) == "aws://unknown-account/us-gov-west-1"
    assert str(Environment()) == "aws://unknown-account/unknown-region"
    assert Environment().agnostic
    assert not Environment(account=ACCOUNT).agnostic


@pytest.mark.parametrize(
    ("kwargs", "start", "rule"),
    [
        ({"account": "12345"}, "Environment: account:", "pattern"),
        ({"account": "12345678901a"}, "Environment: account:", "pattern"),
        ({"region": "eu-west"}, "Environment: region:", "pattern"),
        ({"region": "EU-WEST-1"}, "Environment: region:", "pattern"),
        ({"account": 123456789012}, "Environment: account:", "type"),
    ],
)
def test_bad_environment_is_refused(kwargs: dict[str, Any], start: str, rule: str) -> None:
    """A malformed account id or region name is a ValidationError naming the part and rule."""
    with pytest.raises(ValidationError) as caught:
        Environment(**kwargs)
    assert str(caught.value).startswith(start)
    assert [p.rule for p in caught.value.problems] == [rule]


def test_env_must_be_an_environment() -> None:
    """A dict is not silently taken: the stack refuses it, naming itself."""
    with pytest.raises(ValidationError) as caught:
        Stack(App(), "Shop", env=_wrong({"region": "eu-west-1"}))
    assert str(caught.value).startswith("Shop: env: env takes an Environment(")


def test_manifest_records_each_stacks_environment() -> None:
    """Declared parts are written, undeclared ones are null; the artifact carries it too."""
    app = App()
    Stack(app, "Edge", env=Environment(account=ACCOUNT, region="eu-west-1"))
    Stack(app, "Home")
    for stack in app.stacks:
        RawResource(stack, "Topic", type="AWS::SNS::Topic")
    assembly = app.synthesize()
    stacks = assembly.manifest()["stacks"]
    assert stacks["Edge"]["environment"] == {"account": ACCOUNT, "region": "eu-west-1"}
    assert stacks["Home"]["environment"] == {"account": None, "region": None}
    assert assembly.stack("Edge").environment == Environment(account=ACCOUNT, region="eu-west-1")


def test_same_environment_references_export_as_today() -> None:
    """Same declared env, or both agnostic: the usual export and import."""
    for env in (Environment(account=ACCOUNT, region="eu-west-1"), None):
        templates = _pair(env, env).synthesize().templates
        queue = templates["Edge"]["Resources"]["Queue"]["Properties"]["QueueName"]
        assert list(queue) == ["Fn::ImportValue"]
        assert "Outputs" in templates["Base"]


def test_cross_region_reference_is_refused_naming_both_stacks_and_envs() -> None:
    """Exports do not reach another region: one problem naming both stacks and environments."""
    app = _pair(
        Environment(account=ACCOUNT, region="us-east-1"),
        Environment(account=ACCOUNT, region="eu-west-1"),
    )
    (problem,) = _problems(app)
    assert problem.startswith("Edge/Queue (Resources.Queue): refers to Base/Topic across regions")
    assert f"stack 'Edge' (aws://{ACCOUNT}/eu-west-1)" in problem
    assert f"stack 'Base' (aws://{ACCOUNT}/us-east-1)" in problem


def test_cross_account_reference_is_refused() -> None:
    """Another account, same region: refused too, and said to be across accounts."""
    app = _pair(
        Environment(account=ACCOUNT, region="eu-west-1"),
        Environment(account=OTHER_ACCOUNT, region="eu-west-1"),
    )
    (problem,) = _problems(app)
    assert "across accounts:" in problem
    assert f"(aws://{OTHER_ACCOUNT}/eu-west-1)" in problem
    assert f"(aws://{ACCOUNT}/eu-west-1)" in problem


def test_agnostic_and_declared_stacks_cannot_share_exports() -> None:
    """An agnostic stack may land anywhere: a reference to or from a declared one is refused."""
    (problem,) = _problems(_pair(None, Environment(region="eu-west-1")))
    assert "across regions:" in problem
    assert "stack 'Base' (aws://unknown-account/unknown-region)" in problem
    (problem,) = _problems(_pair(Environment(account=ACCOUNT), None))
    assert "across accounts:" in problem


def test_stack_region_and_account_are_declared_values_or_pseudo_parameters() -> None:
    """Declared: the string itself; left out: ``{"Ref": "AWS::Region"}`` in its own stack."""
    app = App()
    edge = Stack(app, "Edge", env=Environment(region="eu-west-1"))
    home = Stack(app, "Home")
    assert edge.region == "eu-west-1"
    RawResource(
        home,
        "Topic",
        type="AWS::SNS::Topic",
        properties={"A": home.region, "B": home.account, "C": edge.region, "D": Aws.REGION},
    )
    RawResource(edge, "Topic", type="AWS::SNS::Topic", properties={"A": edge.account})
    templates = app.synthesize().templates
    assert templates["Home"]["Resources"]["Topic"]["Properties"] == {
        "A": {"Ref": "AWS::Region"},
        "B": {"Ref": "AWS::AccountId"},
        "C": "eu-west-1",
        "D": {"Ref": "AWS::Region"},
    }
    # Edge declares no account: its own AWS::AccountId is fine in its own template.
    assert templates["Edge"]["Resources"]["Topic"]["Properties"] == {"A": {"Ref": "AWS::AccountId"}}


def test_undeclared_region_of_one_stack_is_refused_in_a_stack_declaring_one() -> None:
    """``home.region`` in Edge would render as Edge's own region: refused, both stacks named."""
    app = App()
    edge = Stack(app, "Edge", env=Environment(region="eu-west-1"))
    home = Stack(app, "Home")
    RawResource(home, "Topic", type="AWS::SNS::Topic")
    RawResource(
        edge, "Queue", type="AWS::SQS::Queue", properties={"Name": Fn.join("-", [home.region])}
    )
    (problem,) = _problems(app)
    assert problem.startswith("Edge/Queue (Resources.Queue): uses the region of stack 'Home' ")
    assert "in stack 'Edge' (aws://unknown-account/eu-west-1)" in problem


def test_undeclared_part_is_shared_by_stacks_that_both_leave_it_out() -> None:
    """Both stacks leave the account to the deploy: one account, so the Ref means the same."""
    app = App()
    edge = Stack(app, "Edge", env=Environment(region="eu-west-1"))
    home = Stack(app, "Home")
    RawResource(home, "Topic", type="AWS::SNS::Topic")
    RawResource(edge, "Queue", type="AWS::SQS::Queue", properties={"Owner": home.account})
    template = app.synthesize().templates["Edge"]
    assert template["Resources"]["Queue"]["Properties"] == {"Owner": {"Ref": "AWS::AccountId"}}


def test_dependency_across_regions_only_orders_stacks() -> None:
    """add_dependency between environments is fine: it orders the deploy, nothing is imported."""
    app = App()
    base = Stack(app, "Base", env=Environment(region="us-east-1"))
    edge = Stack(app, "Edge", env=Environment(region="eu-west-1"))
    for stack in (base, edge):
        RawResource(stack, "Topic", type="AWS::SNS::Topic")
    edge.add_dependency(base)
    assert app.synthesize().stack("Edge").dependencies == ("Base",)
