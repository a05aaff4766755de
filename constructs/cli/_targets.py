"""Where ``diff``, ``deploy`` and ``destroy`` send each stack: its region, client and account.

A stack's region is the one it declares (``Stack(..., env=Environment(region=...))``), else
``--region``, else ``region`` under ``[tool.stagewright]``, else boto3's (``AWS_REGION``...).
``--region`` contradicting a declared region is an error, before any AWS call. One CloudFormation
client is made per region. The account a stack expects is the one it declares, else ``account``
under ``[tool.stagewright]``; when any stack expects one, STS GetCallerIdentity says whose the
credentials are, and a mismatch is an error before anything is read or changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TextIO

import attrs

from stagewright.cli import _aws
from stagewright.cli._aws import aws_call
from stagewright.cli._events import DeployError
from stagewright.core._environment import Environment
from stagewright.synth._assembly import StackArtifact

__all__ = ["Targets"]


@attrs.define
class Targets:
    """The regions, clients and expected accounts of one command's stacks.

    ``region`` and ``profile`` are the command line's; ``defaults`` the project's
    ``[tool.stagewright]`` ``account`` and ``region`` (for the parts a stack leaves out).
    """

    region: str | None = None
    profile: str | None = None
    defaults: Environment = attrs.field(factory=Environment)
    _clients: dict[str | None, Any] = attrs.field(factory=dict, init=False)
    _caller: str | None = attrs.field(default=None, init=False)

    def region_of(self, artifact: StackArtifact) -> str | None:
        """The stack's region (None: boto3's); DeployError when ``--region`` contradicts it."""
        declared = artifact.environment.region
        if declared is None:
            return self.region or self.defaults.region
        if self.region is not None and self.region != declared:
            raise DeployError(
                f"stack {artifact.name} is declared in region {declared} "
                f"({artifact.environment}), but --region is {self.region}: drop --region "
                f"(each stack goes to its own region), or leave {artifact.name} out with --stack"
            )
        return declared

    def account_of(self, artifact: StackArtifact) -> str | None:
        """The account the stack expects (declared, else the project's), or None for any."""
        return artifact.environment.account or self.defaults.account

    def client(self, artifact: StackArtifact) -> Any:
        """The CloudFormation client of the stack's region (one per region)."""
        return self.client_in(self.region_of(artifact))

    def client_in(self, region: str | None) -> Any:
        """The CloudFormation client of ``region`` (None: boto3's), made once."""
        if region not in self._clients:
            self._clients[region] = _aws.cloudformation(region, self.profile)
        return self._clients[region]

    def check(self, artifacts: Sequence[StackArtifact]) -> None:
        """Check every stack's region, then its account against the credentials'.

        Raises ``DeployError`` naming the stack, its expected account and the caller's, before
        anything is read from CloudFormation or changed. No expected account: no STS call.
        """
        regions = [self.region_of(artifact) for artifact in artifacts]
        expected = [(a, account) for a in artifacts if (account := self.account_of(a))]
        if not expected:
            return
        actual = self.caller_account(regions[0] if regions else self.region)
        for artifact, account in expected:
            if account != actual:
                raise DeployError(
                    f"stack {artifact.name} is for account {account} "
                    f"({self.environment_of(artifact)}), but the credentials in use are of "
                    f"account {actual}: use credentials of that account (--profile), or leave "
                    f"{artifact.name} out with --stack; stopped before any change"
                )

    def caller_account(self, region: str | None) -> str:
        """The account of the credentials in use (STS GetCallerIdentity, asked once)."""
        if self._caller is None:
            client = _aws.sts(region, self.profile)
            with aws_call("GetCallerIdentity", "STS"):
                self._caller = str(client.get_caller_identity()["Account"])
        return self._caller

    def environment_of(self, artifact: StackArtifact) -> Environment:
        """Where the stack goes as far as known: declared parts, else the defaults'."""
        return Environment(account=self.account_of(artifact), region=self.region_of(artifact))

    def label(self, artifact: StackArtifact) -> str:
        """``aws://<account>/<region>`` of the stack, boto3's region filled in when left out."""
        environment = self.environment_of(artifact)
        account = environment.account or self._caller
        region = environment.region or self.client(artifact).meta.region_name
        return str(Environment(account=account, region=region))

    def groups(self, artifacts: Iterable[StackArtifact]) -> dict[str, list[StackArtifact]]:
        """The stacks by environment label, in the order first met (stacks in their order)."""
        found: dict[str, list[StackArtifact]] = {}
        for artifact in artifacts:
            found.setdefault(self.label(artifact), []).append(artifact)
        return found

    def show(self, artifacts: Sequence[StackArtifact], out: TextIO) -> None:
        """Print one ``Environment <label>: <stacks>`` line per environment, when any is set.

        An app whose stacks declare nothing, in a project without defaults, prints nothing:
        every stack goes where boto3 points, as before environments.
        """
        if self.defaults.agnostic and all(a.environment.agnostic for a in artifacts):
            return
        for label, members in self.groups(artifacts).items():
            print(f"Environment {label}: {', '.join(a.name for a in members)}", file=out)
