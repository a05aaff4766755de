"""``Release``: a deployment named after what it captures, so a changed API reaches its stages.

A deployment is a snapshot of its API taken when CloudFormation creates it; a deployment whose
logical ID stays the same is never re-created, so the stage keeps serving the old API. A
``Release`` owns one deployment whose logical ID is ``<API logical ID>Release<version>``, the
version being the first 8 hex digits of the SHA-256 of what a deployment captures (see
``core._deployment_content``): the API's definition, every member resource of that API in the
app (methods, resources, models, authorizers...; routes and integrations for HTTP and WebSocket
APIs) and the release's ``triggers``. Any such change renames the deployment: CloudFormation
creates the new one, moves the stages that reference it, and deletes the old one.

The version is computed at synthesis, once the whole tree exists, and cached while the tree is
locked (an aspect forgets it at the start of every synthesis). ``pin=`` keeps a version whatever
the content: how a canary keeps the previous release alive.
"""

from __future__ import annotations

import json
from typing import Any

from stagewright.core._deployment_content import (
    API_ID_PROPERTY,
    DEPLOYMENT_TYPES,
    MEMBER_TYPES,
    VERSION_LENGTH,
    captured_content,
    content_version,
    points_at,
)
from stagewright.core._fn import Ref
from stagewright.core._resource import CfnResource, RawResource
from stagewright.core._stack import Stack
from stagewright.core._tree import INFO, Annotations, Aspects, Construct, TreeError
from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.runtime._errors import Problem
from stagewright.runtime._intrinsics import CURRENT_RESOLVER, Intrinsic, render
from stagewright.stages._common import owner_of, problem, raise_problems

__all__ = ["Release"]

_HEX = frozenset("0123456789abcdef")


class Release(Construct):
    """A deployment of an API whose logical ID follows the API's content.

    ``Release(stack, "Live", api=api)`` for a ``RestApi`` (an ``AWS::ApiGateway::Deployment``) or
    a v2 ``Api`` (an ``AWS::ApiGatewayV2::Deployment``). Pass the release wherever a deployment
    goes: ``deployment=``, ``canary_deployment=``, ``Canary(deployment=...)``; HTTP and WebSocket
    stages take ``deployment_id=release.ref``. Synthesis notes each release's version
    (``release 3f2a9c1e of Shop/Api``); ``pin="3f2a9c1e"`` keeps that version.
    """

    api: CfnResource[Any]
    """The API the release deploys."""
    triggers: Any
    """Extra JSON-able values in the hash: change one to force a new deployment."""
    pin: str | None
    """The pinned version, or None to follow the content."""
    resource: CfnResource[Any]
    """The deployment resource (its ``Description`` and attributes are yours to set)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        api: CfnResource[Any],
        triggers: Any = None,
        description: str | Intrinsic | None = None,
        pin: str | None = None,
    ) -> None:
        """Add a release of ``api`` to ``scope``; its arguments are checked first.

        Args:
            scope: The construct the release goes in (usually the API's stack).
            id: The release's id in ``scope``; the deployment's logical ID does not use it.
            api: The API: a ``RestApi`` or an ``aws_apigatewayv2`` ``Api`` construct.
            triggers: JSON-able values (a mapping, a list, a string...) hashed with the content,
                for changes the template does not show (a Lambda's code behind a method...).
            description: The deployment's description.
            pin: A version (8 hex digits) to keep whatever the content: the release synthesis
                noted earlier, kept alive for a canary's stable side.
        """
        owner = owner_of(scope, id)
        raise_problems(_argument_problems(owner, api, triggers, pin))
        super().__init__(scope, id)
        self.api, self.triggers = api, triggers
        self.pin = pin.lower() if pin is not None else None
        self._computing = False
        self._cache: tuple[str, tuple[CfnResource[Any], ...]] | None = None
        self._note: str | None = None
        self.resource = _deployment_resource(self, api, description)
        Aspects.of(self).add(_ForgetVersion(self))
        self.node.add_validation(self._check)

    # -- what users read

    @property
    def ref(self) -> Ref:
        """A ``Ref`` to the deployment (its deployment id)."""
        return self.resource.ref

    @property
    def version(self) -> str:
        """The 8 hex digits in the deployment's logical ID: the pin, else ``content_version``."""
        return self.pin or self.content_version

    @property
    def content_version(self) -> str:
        """The hash of what the deployment captures now (final once the tree is complete)."""
        return self._content()[0]

    @property
    def members(self) -> list[CfnResource[Any]]:
        """The app's resources of this API that the deployment captures (and waits for)."""
        return list(self._content()[1])

    @property
    def logical_id(self) -> str:
        """The deployment's logical ID: ``<API logical ID>Release<version>``."""
        return f"{self.api.logical_id[:240]}Release{self.version}"

    # -- the content

    def _content(self) -> tuple[str, tuple[CfnResource[Any], ...]]:
        if self._cache is not None:
            return self._cache
        if self._computing:
            raise TreeError(
                f"release {self.node.path!r}: what it captures refers to its own deployment"
            )
        self._computing = True
        try:
            found = self._compute()
        finally:
            self._computing = False
        if self.node.locked:  # the tree cannot change until synthesis ends
            self._cache = found
        return found

    def _compute(self) -> tuple[str, tuple[CfnResource[Any], ...]]:
        api, api_type = self.api, self.api.type_name
        member_types, id_property = MEMBER_TYPES[api_type], API_ID_PROPERTY[api_type]
        # References render as plain same-stack Ref/GetAtt (no exports recorded, no problems
        # reported), marked with their target so a member in another stack is still found.
        token = CURRENT_RESOLVER.set(_HashResolver())
        try:
            definition = api.to_cfn().get("Properties") or {}
            members, entries = [], []
            for construct in self.node.root.node.find_all():
                if (
                    not isinstance(construct, CfnResource)
                    or construct.type_name not in member_types
                ):
                    continue
                entry = construct.to_cfn()
                properties = entry.get("Properties")
                value = properties.get(id_property) if isinstance(properties, dict) else None
                if _names_api(value, api, construct):
                    members.append(construct)
                    entries.append(entry)
            content = captured_content(definition, entries, render(self.triggers))
        finally:
            CURRENT_RESOLVER.reset(token)
        return content_version(content), tuple(members)

    # -- checks at synthesis

    def _check(self) -> list[str]:
        """Note the version, and refuse a second release of the API with the same one."""
        pinned = f", pinned (the content is {self.content_version} now)" if self.pin else ""
        note = f"release {self.version} of {self.api.node.path}{pinned}"
        if note != self._note:
            if self._note is not None:  # a note of an earlier synthesis no longer holds
                self.node._drop_message(INFO, self._note)
            Annotations.of(self).add_info(note)
            self._note = note
        for other in self.node.root.node.find_all():
            if other is self:
                return []  # only the later of two releases reports the pair
            if (
                isinstance(other, Release)
                and other.api is self.api
                and other.version == self.version
            ):
                return [
                    f"release {self.version} of {self.api.node.path} is also "
                    f"{other.node.path!r}: two releases of one API with the same content (or "
                    "pin) are one deployment; keep one of them"
                ]
        return []


class _ForgetVersion:
    """Forget a release's cached version at the start of each synthesis (the tree may differ)."""

    def __init__(self, release: Release) -> None:
        self.release = release

    def visit(self, construct: Construct) -> None:
        if construct is self.release:
            self.release._cache = None


class _Marked(dict[str, Any]):
    """A rendered reference that remembers its target (JSON-dumps as the plain mapping)."""

    target: Any = None


class _HashResolver:
    """Renders references as plain same-stack JSON while a release hashes its content."""

    def reference(self, target: Any, attribute: str | None) -> Any:
        logical_id = target.logical_id
        marked = _Marked(
            {"Fn::GetAtt": [logical_id, attribute]} if attribute else {"Ref": logical_id}
        )
        marked.target = target
        return marked

    def name_of(self, target: Any) -> str:
        return str(target.logical_id)

    def depends_on(self, target: Any) -> str | None:
        return str(target.logical_id)


def _names_api(value: Any, api: CfnResource[Any], member: CfnResource[Any]) -> bool:
    """Whether a member's rendered ``RestApiId``/``ApiId`` names ``api``."""
    if not points_at(value, api.logical_id):
        return False
    if isinstance(value, _Marked):
        return value.target is api
    # A raw {"Ref": "Api"} (an imported template) names the API of its own stack.
    return Stack.of(member) is Stack.of(api)


class _ReleaseDeployment(CfnResource[Any]):
    """The deployment of a release: its logical ID and its DependsOn come from the release."""

    release: Release

    @property
    def logical_id(self) -> str:
        """``<API logical ID>Release<version>``, from the release."""
        return self.release.logical_id

    def override_logical_id(self, logical_id: str) -> None:
        """Refuse: a release's deployment is named after its content (``pin=`` keeps one)."""
        raise TreeError(
            f"{self.node.path}: a release's deployment is named after its API's content; pin a "
            f"version with Release(..., pin=...) instead of override_logical_id({logical_id!r})"
        )

    def to_cfn(self) -> dict[str, Any]:
        """Return the entry, depending on every member in its stack (after its own DependsOn).

        CloudFormation refuses a REST deployment of an API without methods, and a deployment
        created before a method would not capture it.
        """
        entry = super().to_cfn()
        resolver = CURRENT_RESOLVER.get()
        names = [
            resolver.depends_on(m) if resolver is not None else m.logical_id
            for m in self.release.members
        ]
        current = entry.get("DependsOn", [])
        merged = [current] if isinstance(current, str) else list(current)
        merged += sorted({n for n in names if n is not None} - set(merged))
        if merged:
            entry["DependsOn"] = merged
        return entry


class _RestReleaseDeployment(_ReleaseDeployment, Deployment):
    """An ``AWS::ApiGateway::Deployment`` named by its release."""


class _V2ReleaseDeployment(_ReleaseDeployment, RawResource):
    """An ``AWS::ApiGatewayV2::Deployment`` named by its release (no generated class yet)."""


def _deployment_resource(
    release: Release, api: CfnResource[Any], description: str | Intrinsic | None
) -> CfnResource[Any]:
    """Create the release's deployment resource (the one place that knows its classes)."""
    resource: _ReleaseDeployment
    if api.type_name == "AWS::ApiGateway::RestApi":
        resource = _RestReleaseDeployment(
            release, "Resource", rest_api_id=api.ref, description=description
        )
    else:
        properties: dict[str, Any] = {"ApiId": api.ref}
        if description is not None:
            properties["Description"] = description
        resource = _V2ReleaseDeployment(
            release, "Resource", type=DEPLOYMENT_TYPES[api.type_name], properties=properties
        )
    resource.release = release
    return resource


def _argument_problems(owner: str, api: Any, triggers: Any, pin: Any) -> list[Problem]:
    problems = []
    if not isinstance(api, CfnResource) or api.type_name not in API_ID_PROPERTY:
        problems.append(
            problem(
                owner,
                ("api",),
                "type",
                "must be a RestApi or an aws_apigatewayv2 Api construct",
                api,
                hint="an API known only by its id has no content to hash; use a Deployment",
            )
        )
    if pin is not None and not (
        isinstance(pin, str) and len(pin) == VERSION_LENGTH and set(pin.lower()) <= _HEX
    ):
        problems.append(
            problem(
                owner,
                ("pin",),
                "pattern",
                "must be a release's version: 8 hex digits",
                pin,
                hint="synthesis notes each release's version ('release 3f2a9c1e of ...')",
            )
        )
    if triggers is not None:
        try:
            json.dumps(render(triggers), allow_nan=False)
        except (TypeError, ValueError):
            problems.append(
                problem(owner, ("triggers",), "type", "must be JSON-able values", triggers)
            )
    return problems
