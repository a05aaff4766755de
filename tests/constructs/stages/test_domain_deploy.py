"""Domains and stage-variable permissions deployed with ``stagewright deploy``.

moto's CloudFormation deploys Lambda functions and permissions, so the permissions go to a moto
server and are read back from the functions' policies. It has no model for API Gateway domain
names and mappings (see ``deploy_apps``), so the domain stack goes to a stubbed CloudFormation
(botocore's Stubber), which checks what deploy sends; a test pins moto's gap, so that it fails
once moto deploys domains and they can move to the server.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from tests.constructs.cli.deploy._stubs import Cfn, event, resource_change, run
from tests.constructs.cli.deploy.conftest import aws, cfn, moto_server

from .deploy_apps import FUNCTIONS

__all__ = ["aws", "cfn", "moto_server"]  # the deploy tests' fixtures, used here too

APPS = "tests.constructs.stages.deploy_apps"
FAST = ["--yes", "--poll-interval", "0", "--timeout", "1"]


def test_permissions_reach_each_function_scoped_to_the_stage(
    aws: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The stage's function and the canary's each let API Gateway invoke from that stage only."""
    code, _out, err = run(capsys, "deploy", f"{APPS}:permissions_app", *FAST)
    assert code == 0, err
    (api,) = boto3.client("apigateway").get_rest_apis()["items"]
    lambda_ = boto3.client("lambda")
    for name in FUNCTIONS:
        policy = json.loads(lambda_.get_policy(FunctionName=name)["Policy"])
        (statement,) = policy["Statement"]
        assert statement["Action"] == "lambda:InvokeFunction"
        assert statement["Principal"] == {"Service": "apigateway.amazonaws.com"}
        assert statement["Condition"] == {
            "ArnLike": {
                "AWS:SourceArn": f"arn:aws:execute-api:us-east-1:123456789012:{api['id']}/prod/*"
            }
        }


def test_moto_does_not_deploy_domain_names_yet(
    aws: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """moto 5.2 refuses a Fn::GetAtt of a domain name (it has no model for the type)."""
    code, _out, err = run(capsys, "deploy", f"{APPS}:domain_with_alias_app", *FAST)
    assert code != 0
    assert "Fn::GetAtt references undefined resource Other" in err


class _Captured:
    """An expected parameter that matches anything and keeps it (the template sent)."""

    value: Any = None

    def __eq__(self, other: object) -> bool:
        self.value = other
        return True

    __hash__ = None  # type: ignore[assignment]


def test_a_domain_stack_deploys_with_the_mapping_after_the_stage(
    cfn: Cfn, capsys: pytest.CaptureFixture[str]
) -> None:
    """The change set adds the domain and the mapping; the mapping waits for the stage."""
    template = _Captured()
    cfn.missing("Domains")
    cfn.create("Domains", "CREATE", TemplateBody=template)
    changes = [
        resource_change("Domain", "Add"),
        resource_change("ProdDomainMappingOrdersB090BB6C", "Add"),
    ]
    cfn.change_set("Domains", "CREATE_COMPLETE", changes)
    cfn.events("Domains", [event("Domains", 0, "Domains", "REVIEW_IN_PROGRESS")])
    cfn.execute("Domains")
    outputs = [{"OutputKey": "Url", "OutputValue": "https://api.example.com/orders/"}]
    cfn.stack("Domains", "CREATE_COMPLETE", by_id=True, Outputs=outputs)
    cfn.events("Domains", [event("Domains", 1, "Domains", "CREATE_COMPLETE")])
    code, out, err = run(capsys, "deploy", f"{APPS}:domain_app", *FAST)
    assert (code, err) == (0, "")
    cfn.done()
    assert out.splitlines()[-1] == "  Url = https://api.example.com/orders/"
    sent = json.loads(template.value)
    mapping = sent["Resources"]["ProdDomainMappingOrdersB090BB6C"]
    assert mapping["Type"] == "AWS::ApiGateway::BasePathMapping"
    assert mapping["DependsOn"] == ["Prod"]
    assert mapping["Properties"]["DomainName"] == {"Ref": "Domain"}
    assert sent["Outputs"]["Url"]["Value"] == {
        "Fn::Sub": ["https://${Domain}/orders/", {"Domain": {"Ref": "Domain"}}]
    }
