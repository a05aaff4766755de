"""AccountLoggingRole: the role and account setting, one per app, and the stages that need it."""

from __future__ import annotations

import pytest

from stagewright import App, Fn, Stack, TreeError
from stagewright.stages import (
    AccountLoggingRole,
    ExternalAccountLoggingRole,
    LoggedProductionStage,
    RestStage,
)
from tests.constructs.stages._support import rest_app, synth, synth_assembly

_MISSING_ROLE = (
    "{why} needs the account's CloudWatch Logs role, and this app has no AccountLoggingRole: "
    "unless the account's API Gateway settings already name one, the deploy fails with "
    '"CloudWatch Logs role ARN must be set in account settings to enable logging". Add '
    'AccountLoggingRole(stack, "ApiGatewayLogging") once per app (role_arn=... adopts an existing '
    "role), or ExternalAccountLoggingRole(app) if the account's setting is managed elsewhere"
)


def test_the_role_trusts_api_gateway_and_both_resources_are_retained() -> None:
    """The role trusts apigateway.amazonaws.com with the push-to-CloudWatch managed policy."""
    app = App()
    stack = Stack(app, "Account")
    logging = AccountLoggingRole(stack, "ApiGatewayLogging")
    resources = synth(app)["Account"]["Resources"]
    assert logging.role is not None
    role = resources[logging.role.logical_id]
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"] == [
        {
            "Action": "sts:AssumeRole",
            "Effect": "Allow",
            "Principal": {"Service": "apigateway.amazonaws.com"},
        }
    ]
    assert role["Properties"]["ManagedPolicyArns"] == [
        {
            "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/"
            "AmazonAPIGatewayPushToCloudWatchLogs"
        }
    ]
    account = resources["ApiGatewayLogging"]
    assert account["Type"] == "AWS::ApiGateway::Account"
    assert account["Properties"] == {"CloudWatchRoleArn": {"Fn::GetAtt": [role_id(logging), "Arn"]}}
    for resource in (role, account):
        assert (resource["DeletionPolicy"], resource["UpdateReplacePolicy"]) == ("Retain", "Retain")


def role_id(logging: AccountLoggingRole) -> str:
    """Return the logical ID of the role ``logging`` created."""
    assert logging.role is not None
    return logging.role.logical_id


def test_an_existing_role_is_adopted_without_creating_one() -> None:
    """role_arn= sets the account to that role; no IAM role is created."""
    app = App()
    stack = Stack(app, "Account")
    arn = Fn.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/apigw-logs")
    logging = AccountLoggingRole(stack, "ApiGatewayLogging", role_arn=arn)
    resources = synth(app)["Account"]["Resources"]
    assert logging.role is None
    assert list(resources) == ["ApiGatewayLogging"]
    assert resources["ApiGatewayLogging"]["Properties"]["CloudWatchRoleArn"] == arn.to_cfn()


def test_a_second_role_in_the_app_is_an_error_naming_both_paths() -> None:
    """The account has one setting, so an app has at most one AccountLoggingRole."""
    app = App()
    AccountLoggingRole(Stack(app, "A"), "Logging")
    other = Stack(app, "B")
    with pytest.raises(TreeError) as caught:
        AccountLoggingRole(other, "Logging")
    assert str(caught.value) == (
        "B/Logging: an app has at most one AccountLoggingRole (the account has one setting), "
        "and 'A/Logging' exists; AccountLoggingRole.of(scope) returns it"
    )
    assert AccountLoggingRole.of(other) is not None
    assert other.node.try_find_child("Logging") is None


def test_a_logged_stage_depends_on_the_account_setting_created_after_it() -> None:
    """The stage waits for the account setting, even when the role is added after the stage."""
    app, stack, api, release = rest_app()
    LoggedProductionStage(stack, "Prod", rest_api=api, deployment=release)
    AccountLoggingRole(stack, "Logging")
    resources = synth(app)["Shop"]["Resources"]
    assert resources["Prod"]["DependsOn"] == ["Logging"]
    assert "DependsOn" not in resources["Release1"]


def test_a_role_in_another_stack_orders_the_stacks() -> None:
    """Across stacks the dependency becomes an order between stacks in the manifest."""
    app, stack, api, release = rest_app()
    LoggedProductionStage(stack, "Prod", rest_api=api, deployment=release)
    AccountLoggingRole(Stack(app, "Account"), "Logging")
    assembly = synth_assembly(app)
    assert assembly.stack("Shop").dependencies == ("Account",)
    assert "DependsOn" not in assembly.templates["Shop"]["Resources"]["Prod"]
    assert assembly.messages == ()


def test_logging_without_the_role_warns_with_the_deploy_error_and_the_fix() -> None:
    """Execution logs need the role: the warning quotes the deploy failure and the fix."""
    app, stack, api, release = rest_app()
    LoggedProductionStage(stack, "Prod", rest_api=api, deployment=release)
    messages = synth_messages(app)
    assert messages == [
        ("warning", "Shop/Prod", _MISSING_ROLE.format(why="execution logging (LoggingLevel ERROR)"))
    ]


def test_access_logs_alone_need_the_role_and_a_plain_stage_does_not() -> None:
    """REST access logging needs the role too; a stage with no logs draws no warning."""
    app, stack, api, release = rest_app()
    RestStage(stack, "Dev", rest_api=api, deployment=release, stage_name="dev")
    RestStage(
        stack,
        "Logged",
        rest_api=api,
        deployment=release,
        stage_name="logged",
        access_log_destination_arn="arn:aws:logs:us-east-1:123456789012:log-group:access",
    )
    assert synth_messages(app) == [
        ("warning", "Shop/Logged", _MISSING_ROLE.format(why="access logging"))
    ]


def test_a_repeated_synthesis_keeps_one_warning() -> None:
    """The check runs at every synthesis; the same warning is recorded once."""
    app, stack, api, release = rest_app()
    LoggedProductionStage(stack, "Prod", rest_api=api, deployment=release)
    synth_assembly(app)
    assert len(synth_assembly(app).messages) == 1


def test_the_warning_goes_once_the_role_is_added_between_syntheses() -> None:
    """A warning from an earlier synthesis does not outlive its reason: the role added later."""
    app, stack, api, release = rest_app()
    LoggedProductionStage(stack, "Prod", rest_api=api, deployment=release)
    assert len(synth_assembly(app).messages) == 1
    AccountLoggingRole(stack, "Logging")
    assembly = synth_assembly(app)
    assert assembly.messages == ()
    assert assembly.templates["Shop"]["Resources"]["Prod"]["DependsOn"] == ["Logging"]


def synth_messages(app: App) -> list[tuple[str, str, str]]:
    """Return (level, path, text) of each message synthesis reports."""
    return [(m.level, m.path, m.text) for m in synth_assembly(app).messages]


def test_an_external_role_creates_nothing_and_silences_the_warning() -> None:
    """With the account's role managed elsewhere, a logging stage neither waits nor warns."""
    app, stack, api, deployment = rest_app()
    ExternalAccountLoggingRole(app)
    LoggedProductionStage(stack, "Prod", rest_api=api, deployment=deployment)
    assembly = synth_assembly(app)
    assert assembly.messages == ()
    template = assembly.templates["Shop"]
    types = sorted(r["Type"] for r in template["Resources"].values())
    assert "AWS::ApiGateway::Account" not in types
    assert "AWS::IAM::Role" not in types
    assert "DependsOn" not in template["Resources"]["Prod"]
    assert AccountLoggingRole.of(stack) is None


@pytest.mark.parametrize("first_external", [True, False])
def test_an_external_role_and_a_created_one_are_refused_together(first_external: bool) -> None:
    app = App()
    stack = Stack(app, "Base")
    if first_external:
        ExternalAccountLoggingRole(app)
        with pytest.raises(TreeError) as caught:
            AccountLoggingRole(stack, "ApiGatewayLogging")
        assert str(caught.value) == (
            "Base/ApiGatewayLogging: an app says once how the account's CloudWatch Logs role is "
            "set, and 'ExternalApiGatewayLogging' (ExternalAccountLoggingRole) says it already; "
            "keep one of them"
        )
    else:
        AccountLoggingRole(stack, "ApiGatewayLogging")
        with pytest.raises(TreeError, match=r"'Base/ApiGatewayLogging' \(AccountLoggingRole\)"):
            ExternalAccountLoggingRole(app)
    # The refused one is not left in the tree.
    if first_external:
        assert stack.node.try_find_child("ApiGatewayLogging") is None
    else:
        assert app.node.try_find_child("ExternalApiGatewayLogging") is None
