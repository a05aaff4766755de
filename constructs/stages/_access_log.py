"""Access log formats: typed ``$context`` fields, JSON and CLF builders, the request-id rule."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import attrs

from stagewright.runtime._errors import Key
from stagewright.stages._common import problem, raise_problems

__all__ = ["AccessLogField", "AccessLogFormat"]

_CONTEXT = re.compile(r"\$context\.[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*\Z")
# A format must let a log line be matched to a request (API Gateway's own rule).
_REQUEST_ID = re.compile(r"\$context\.(?:requestId|extendedRequestId)(?![A-Za-z0-9_])")


class AccessLogField:
    """``$context`` variables for access log formats; ``context("authorizer.claims.sub")`` for more.

    Most exist for REST, HTTP and WebSocket APIs; ``RESOURCE_PATH`` and ``INTEGRATION_STATUS_REST``
    are REST only, ``ROUTE_KEY`` and ``INTEGRATION_ERROR`` are HTTP and WebSocket only.
    """

    REQUEST_ID = "$context.requestId"
    EXTENDED_REQUEST_ID = "$context.extendedRequestId"
    SOURCE_IP = "$context.identity.sourceIp"
    CALLER = "$context.identity.caller"
    USER = "$context.identity.user"
    USER_AGENT = "$context.identity.userAgent"
    REQUEST_TIME = "$context.requestTime"
    REQUEST_TIME_EPOCH = "$context.requestTimeEpoch"
    HTTP_METHOD = "$context.httpMethod"
    RESOURCE_PATH = "$context.resourcePath"
    ROUTE_KEY = "$context.routeKey"
    PATH = "$context.path"
    STATUS = "$context.status"
    PROTOCOL = "$context.protocol"
    RESPONSE_LENGTH = "$context.responseLength"
    RESPONSE_LATENCY = "$context.responseLatency"
    INTEGRATION_LATENCY = "$context.integrationLatency"
    INTEGRATION_STATUS = "$context.integrationStatus"
    INTEGRATION_STATUS_REST = "$context.integration.status"
    INTEGRATION_ERROR = "$context.integrationErrorMessage"
    ERROR_MESSAGE = "$context.error.message"
    ERROR_TYPE = "$context.error.responseType"
    XRAY_TRACE_ID = "$context.xrayTraceId"

    @staticmethod
    def context(name: str) -> str:
        """Return ``$context.<name>`` for a variable without a constant here."""
        field = f"$context.{name}"
        if not _CONTEXT.match(field):
            raise_problems(
                [
                    problem(
                        "AccessLogField",
                        (),
                        "pattern",
                        "is not a $context variable",
                        field,
                        hint="a name is dotted letters, digits and underscores, "
                        "e.g. 'authorizer.claims.sub'",
                    )
                ]
            )
        return field


_REST_FIELDS = {
    "requestId": AccessLogField.REQUEST_ID,
    "extendedRequestId": AccessLogField.EXTENDED_REQUEST_ID,
    "ip": AccessLogField.SOURCE_IP,
    "caller": AccessLogField.CALLER,
    "user": AccessLogField.USER,
    "userAgent": AccessLogField.USER_AGENT,
    "requestTime": AccessLogField.REQUEST_TIME,
    "httpMethod": AccessLogField.HTTP_METHOD,
    "resourcePath": AccessLogField.RESOURCE_PATH,
    "status": AccessLogField.STATUS,
    "protocol": AccessLogField.PROTOCOL,
    "responseLength": AccessLogField.RESPONSE_LENGTH,
    "responseLatency": AccessLogField.RESPONSE_LATENCY,
    "integrationLatency": AccessLogField.INTEGRATION_LATENCY,
    "integrationStatus": AccessLogField.INTEGRATION_STATUS_REST,
    "errorMessage": AccessLogField.ERROR_MESSAGE,
    "errorType": AccessLogField.ERROR_TYPE,
    "xrayTraceId": AccessLogField.XRAY_TRACE_ID,
}

_HTTP_FIELDS = {
    "requestId": AccessLogField.REQUEST_ID,
    "ip": AccessLogField.SOURCE_IP,
    "userAgent": AccessLogField.USER_AGENT,
    "requestTime": AccessLogField.REQUEST_TIME,
    "httpMethod": AccessLogField.HTTP_METHOD,
    "routeKey": AccessLogField.ROUTE_KEY,
    "path": AccessLogField.PATH,
    "status": AccessLogField.STATUS,
    "protocol": AccessLogField.PROTOCOL,
    "responseLength": AccessLogField.RESPONSE_LENGTH,
    "responseLatency": AccessLogField.RESPONSE_LATENCY,
    "integrationLatency": AccessLogField.INTEGRATION_LATENCY,
    "integrationStatus": AccessLogField.INTEGRATION_STATUS,
    "integrationError": AccessLogField.INTEGRATION_ERROR,
    "errorMessage": AccessLogField.ERROR_MESSAGE,
}


def _field_hint(value: object) -> str:
    """``did you mean '$context.status'?`` for ``status``, else how to name a field."""
    if isinstance(value, str):
        fixed = "$context." + value.removeprefix("$").removeprefix("context.")
        if _CONTEXT.match(fixed):
            return f"did you mean {fixed!r}?"
    return "use an AccessLogField constant, e.g. AccessLogField.STATUS"


@attrs.frozen
class AccessLogFormat:
    """An access log format, holding ``$context.requestId`` or ``$context.extendedRequestId``.

    Build one with ``AccessLogFormat.json({...})``, ``rest_default()``, ``http_default()``,
    ``clf()``, or ``custom("...")`` for a format string written by hand.
    """

    text: str
    """The format string API Gateway receives."""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.text, str) or not _REQUEST_ID.search(self.text):
            hint = "add $context.requestId so each line can be matched to a request"
            raise_problems(
                [
                    problem(
                        "AccessLogFormat",
                        (),
                        "request-id",
                        "must contain $context.requestId or $context.extendedRequestId",
                        self.text,
                        hint=hint,
                    )
                ]
            )

    @classmethod
    def custom(cls, text: str) -> AccessLogFormat:
        """Return a format written by hand (checked for a request id)."""
        return cls(text)

    @classmethod
    def json(cls, fields: Mapping[str, str]) -> AccessLogFormat:
        """Return a one-line JSON format: each key logged with its ``$context`` field's value."""
        problems = [
            problem(
                "AccessLogFormat.json",
                (Key(str(key)),),
                "pattern",
                "is not a $context field",
                value,
                hint=_field_hint(value),
            )
            for key, value in fields.items()
            if not isinstance(key, str)
            or not key
            or not isinstance(value, str)
            or not _CONTEXT.match(value)
        ]
        raise_problems(problems)
        return cls(json.dumps(dict(fields), separators=(",", ":")))

    @classmethod
    def rest_default(cls) -> AccessLogFormat:
        """Return the REST API default: JSON with request ids, caller, timing, status, errors."""
        return _default(cls, _REST_FIELDS)

    @classmethod
    def http_default(cls) -> AccessLogFormat:
        """Return the HTTP API default: JSON with the request id, route, timing, status, errors."""
        return _default(cls, _HTTP_FIELDS)

    @classmethod
    def clf(cls) -> AccessLogFormat:
        """Return Common Log Format, with the request id at the end."""
        return cls(
            "$context.identity.sourceIp $context.identity.caller $context.identity.user "
            '[$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" '
            "$context.status $context.responseLength $context.requestId"
        )


_DEFAULTS: dict[tuple[type[AccessLogFormat], int], AccessLogFormat] = {}


def _default(cls: type[AccessLogFormat], fields: Mapping[str, str]) -> AccessLogFormat:
    """Return ``cls.json(fields)``, built once: every logged stage asks for its default."""
    key = (cls, id(fields))  # ``fields`` is one of the module's constant tables
    found = _DEFAULTS.get(key)
    if found is None:
        found = _DEFAULTS[key] = cls.json(fields)
    return found
