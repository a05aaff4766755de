"""Access log formats and the stage variable helper."""

from __future__ import annotations

import json

import pytest

from stagewright import Fn, ValidationError
from stagewright.stages import AccessLogField, AccessLogFormat, stage_variable


def test_a_json_format_is_one_line_of_the_fields_given_in_order() -> None:
    """AccessLogFormat.json keeps the keys' order and quotes every value."""
    log_format = AccessLogFormat.json(
        {"id": AccessLogField.REQUEST_ID, "sub": AccessLogField.context("authorizer.claims.sub")}
    )
    assert log_format.text == '{"id":"$context.requestId","sub":"$context.authorizer.claims.sub"}'
    assert json.loads(log_format.text) == {
        "id": "$context.requestId",
        "sub": "$context.authorizer.claims.sub",
    }


def test_a_format_without_a_request_id_is_rejected() -> None:
    """Log lines must be traceable to requests: requestId or extendedRequestId is required."""
    with pytest.raises(ValidationError) as caught:
        AccessLogFormat.json({"ip": AccessLogField.SOURCE_IP})
    assert str(caught.value) == (
        "AccessLogFormat: must contain $context.requestId or $context.extendedRequestId "
        '[request-id], got \'{"ip":"$context.identity.sourceIp"}\'; add $context.requestId so '
        "each line can be matched to a request"
    )
    with pytest.raises(ValidationError, match=r"must contain \$context.requestId"):
        AccessLogFormat.custom("$context.requestIdentity $context.status")
    assert AccessLogFormat.custom("$context.extendedRequestId $context.status").text


def test_json_fields_must_be_context_variables() -> None:
    """A value that is not a $context variable (a typo, a literal) is refused with its key."""
    with pytest.raises(ValidationError) as caught:
        AccessLogFormat.json({"id": AccessLogField.REQUEST_ID, "when": "context.requestTime"})
    assert str(caught.value) == (
        'AccessLogFormat.json["when"]: is not a $context field [pattern], '
        "got 'context.requestTime'; did you mean '$context.requestTime'?"
    )
    with pytest.raises(ValidationError, match=r"is not a \$context variable"):
        AccessLogField.context("bad name")


def test_the_defaults_and_clf_carry_the_request_id() -> None:
    """Every built-in format passes its own rule and the REST one has the X-Ray trace id."""
    for log_format in (
        AccessLogFormat.rest_default(),
        AccessLogFormat.http_default(),
        AccessLogFormat.clf(),
    ):
        assert "$context.requestId" in log_format.text
    assert "xrayTraceId" in json.loads(AccessLogFormat.rest_default().text)


def test_stage_variable_references_and_their_fn_sub_form() -> None:
    """stage_variable gives ${stageVariables.x}; in_sub=True escapes it for Fn::Sub."""
    assert stage_variable("alias") == "${stageVariables.alias}"
    uri = Fn.sub(f"arn:${{AWS::Partition}}:lambda:::function:{stage_variable('fn', in_sub=True)}")
    assert uri.to_cfn() == {
        "Fn::Sub": "arn:${AWS::Partition}:lambda:::function:${!stageVariables.fn}"
    }
    with pytest.raises(ValidationError) as caught:
        stage_variable("my-alias")
    assert str(caught.value) == (
        "stage_variable: a stage variable name must contain only letters, digits and "
        "underscores ([A-Za-z0-9_]+) [pattern], got 'my-alias'; did you mean 'my_alias'?"
    )
