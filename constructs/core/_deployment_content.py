"""What an API Gateway deployment captures, read from rendered template JSON.

A deployment (``AWS::ApiGateway::Deployment``, ``AWS::ApiGatewayV2::Deployment``) is a snapshot
of its API taken when it is created: a change to the API afterwards reaches a stage only through a
new deployment. ``Release`` (``stagewright.stages``) names its deployment after a hash of this
content, and ``stagewright diff`` warns when the content changes under deployments that stay. Both
read it here, from rendered JSON, so that they agree.

The member types are those the API Gateway developer guide says need a redeployment to take
effect; resources that merely name the API (stages, deployments, base path and API mappings,
usage plans) are not captured. Documentation parts are published through their own snapshot (a
``DocumentationVersion`` a stage names), not through deployments, so they are not members either.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "API_ID_PROPERTY",
    "DEPLOYMENT_TYPES",
    "MEMBER_TYPES",
    "VERSION_LENGTH",
    "api_definition",
    "captured_content",
    "content_version",
    "points_at",
    "template_apis",
]

REST_API = "AWS::ApiGateway::RestApi"
V2_API = "AWS::ApiGatewayV2::Api"

API_ID_PROPERTY = {REST_API: "RestApiId", V2_API: "ApiId"}
"""The property by which a member names its API, by API type."""

DEPLOYMENT_TYPES = {
    REST_API: "AWS::ApiGateway::Deployment",
    V2_API: "AWS::ApiGatewayV2::Deployment",
}
"""The deployment type of each API type."""

MEMBER_TYPES: dict[str, frozenset[str]] = {
    REST_API: frozenset(
        f"AWS::ApiGateway::{name}"
        for name in (
            "Authorizer",
            "GatewayResponse",
            "Method",
            "Model",
            "RequestValidator",
            "Resource",
        )
    ),
    V2_API: frozenset(
        f"AWS::ApiGatewayV2::{name}"
        for name in (
            "Authorizer",
            "Integration",
            "IntegrationResponse",
            "Model",
            "Route",
            "RouteResponse",
        )
    ),
}
"""The resource types a deployment of each API type snapshots."""

# Properties of the API itself that a deployment does not capture: tags only label the API.
_UNCAPTURED_API_PROPERTIES = frozenset({"Tags"})

VERSION_LENGTH = 8
"""Hex digits of a release's version (the start of the content's SHA-256)."""


def api_definition(properties: Mapping[str, Any]) -> dict[str, Any]:
    """Return the API's properties a deployment captures (all but its tags)."""
    return {k: v for k, v in properties.items() if k not in _UNCAPTURED_API_PROPERTIES}


def points_at(value: Any, api_logical_id: str) -> bool:
    """Tell whether a rendered ``RestApiId``/``ApiId`` names the API of ``api_logical_id``."""
    if not isinstance(value, Mapping) or len(value) != 1:
        return False
    if value.get("Ref") == api_logical_id:
        return True
    target = value.get("Fn::GetAtt")
    return isinstance(target, list) and len(target) == 2 and target[0] == api_logical_id


def captured_content(
    api_properties: Mapping[str, Any],
    members: Iterable[Mapping[str, Any]],
    triggers: Any = None,
) -> dict[str, Any]:
    """Return what a deployment of the API captures, in one canonical form.

    ``members`` are the members' rendered ``{"Type": ..., "Properties": ...}``; their logical IDs
    are left out (renaming a method's construct does not change what is served) and their order
    does not matter.
    """
    rendered = sorted(_canonical(_type_and_properties(m)) for m in members)
    content: dict[str, Any] = {"api": api_definition(api_properties), "members": rendered}
    if triggers is not None:
        content["triggers"] = triggers
    return content


def content_version(content: Any) -> str:
    """Return the version of ``content``: the first 8 hex digits of its canonical SHA-256."""
    # Imported here: hashlib loads OpenSSL (~3 ms), which an app without releases never needs.
    import hashlib  # noqa: PLC0415

    return hashlib.sha256(_canonical(content).encode()).hexdigest()[:VERSION_LENGTH]


def _type_and_properties(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {"Type": entry.get("Type"), "Properties": entry.get("Properties") or {}}


def _canonical(value: Any) -> str:
    """Sorted keys, no whitespace, non-ASCII kept: the same bytes for the same JSON value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def template_apis(resources: Mapping[str, Any]) -> dict[str, tuple[dict[str, Any], list[str]]]:
    """Return each API of a template's ``Resources``: its captured content and its deployments.

    Keyed by the API's logical ID; the deployments are the logical IDs of the deployments whose
    ``RestApiId``/``ApiId`` names it. Only references within the template are seen.
    """
    apis: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for api_id, api in resources.items():
        api_type = api.get("Type") if isinstance(api, Mapping) else None
        if api_type not in API_ID_PROPERTY:
            continue
        members, deployments = [], []
        for logical_id, entry in resources.items():
            if not isinstance(entry, Mapping):
                continue
            properties = entry.get("Properties")
            if not isinstance(properties, Mapping):
                continue
            if not points_at(properties.get(API_ID_PROPERTY[api_type]), api_id):
                continue
            if entry.get("Type") in MEMBER_TYPES[api_type]:
                members.append(entry)
            elif entry.get("Type") == DEPLOYMENT_TYPES[api_type]:
                deployments.append(logical_id)
        properties = api.get("Properties")
        definition = properties if isinstance(properties, Mapping) else {}
        apis[api_id] = (captured_content(definition, members), sorted(deployments))
    return apis
