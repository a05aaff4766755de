"""What every stage construct shares: checked options, the stage resource, access logs, the URL."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from stagewright.core._fn import Fn
from stagewright.core._resource import CfnResource
from stagewright.core._tree import Annotations, Construct
from stagewright.generated.aws_logs.log_group import LogGroup
from stagewright.runtime._errors import Problem, ValidationError
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._access_log import AccessLogFormat
from stagewright.stages._common import (
    check_log_retention,
    owner_of,
    problem,
    raise_problems,
    retained_log_group,
    unknown_option,
)
from stagewright.stages._options import StageOptions
from stagewright.stages._rules import (
    check_destination,
    check_mapping_options,
    check_stage_name,
    check_tags,
    destination_warning,
)
from stagewright.stages._stage_metrics import StageMetrics

if TYPE_CHECKING:
    from stagewright.stages._domain import CustomDomain, DomainMapping

__all__ = ["StageBase"]

OptionsT = TypeVar("OptionsT", bound=StageOptions)
R = TypeVar("R", bound=CfnResource[Any])

_OPTION_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def _refusing_unknown_options(init: Callable[..., None]) -> Callable[..., None]:
    """Wrap a stage constructor so an unknown keyword is a ValidationError with a did-you-mean.

    Python's own TypeError ("unexpected keyword argument") names neither the construct nor the
    option meant. The wrapper keeps the signature (``functools.wraps``: ``help()`` and
    ``inspect.signature`` show the real one) and only compares the keywords with its names.
    """
    parameters = inspect.signature(init).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return init
    accepted = frozenset(p.name for p in parameters if p.kind in _OPTION_KINDS)
    known = [p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY]

    @functools.wraps(init)
    def checked(
        self: StageBase[Any, Any], scope: Construct, id: str, *args: Any, **kw: Any
    ) -> None:
        unknown = kw.keys() - accepted
        if unknown:
            owner = owner_of(scope, id)
            raise ValidationError(
                [self._unknown_option(owner, name, kw[name], known) for name in sorted(unknown)]
            )
        init(self, scope, id, *args, **kw)

    return checked


class StageBase(Construct, StageMetrics, Generic[OptionsT, R]):
    """The base of the stage constructs: one API Gateway stage configured by typed options.

    Each construct takes its options as keyword arguments and builds its options class
    (``RestStageOptions``, ``ApiStageOptions``); every check runs before the construct joins
    the tree, so a refused constructor leaves the tree as it was. ``Logged*`` subclasses create
    a retained access log group unless given ``access_log_destination_arn``. An unknown keyword
    is a ``ValidationError`` naming the construct, with the nearest option. Its CloudWatch
    metrics, recommended alarms and dashboard come from ``StageMetrics``.
    """

    _RESOURCE: ClassVar[type[Any]]
    """The generated stage resource class of the family (``R``)."""
    _PROPS: ClassVar[type[Any]]
    """Its props class."""
    _LOGGED: ClassVar[bool] = False
    """Whether the stage creates its own access log group when given no destination."""
    _LOGGED_CLASS: ClassVar[str]
    """The family's logged stage, suggested when an access log format has nowhere to go."""
    _SCHEME: ClassVar[str] = "https"
    _MAPPINGS: ClassVar[tuple[str, ...]] = ("tags",)
    """The options that are mappings: a wrong shape is reported before anything reads them."""
    _DEFAULT_STAGE_NAME: ClassVar[bool] = False
    """Whether ``$default`` is a stage name of the family."""
    _domain_mappings: tuple[DomainMapping, ...] = ()
    """The custom domains this stage is mapped to (``map_domain``), in order."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is not None:
            # setattr, not ``cls.__init__ = ...``: Jedi reads that assignment as every stage's
            # signature and would complete no option.
            setattr(cls, "__init__", _refusing_unknown_options(init))  # noqa: B010

    def __init__(
        self, scope: Construct, id: str, options: OptionsT, *, log_retention_days: int | None = None
    ) -> None:
        self._owner = owner_of(scope, id)
        self._options = options
        given = options.access_log_destination_arn
        # Wrong shapes first: the other checks read into these options.
        raise_problems(self._shape_problems())
        problems = []
        if self._LOGGED and given is None:
            problems += check_log_retention(self._owner, log_retention_days)
        problems += self._shared_problems() + self._option_problems()
        raise_problems(problems + self._access_log_problems())
        kwargs = self._stage_kwargs()
        super().__init__(scope, id)
        # A logged stage's log group is its child, so it exists only from here: the props are
        # built (so checked) once it does, and a refusal takes the construct out of the tree.
        try:
            self._log_group: LogGroup | None = None
            if self._LOGGED and given is None:
                self._log_group = retained_log_group(self, "AccessLogs", log_retention_days)
                given = self._log_group.attr_arn
            if given is not None:
                kwargs.update(self._access_log(given))
            props = self._PROPS(**kwargs)
        except BaseException:
            self.node._detach()
            raise
        self._resource: R = self._RESOURCE.from_props(self, "Default", props)
        self._joined()
        warning = destination_warning(given)
        if warning is not None:
            Annotations.of(self).add_warning(warning)

    # -- what the families (REST, HTTP and WebSocket) fill in

    def _option_problems(self) -> list[Problem]:
        """Return the problems of the family's own options."""
        raise NotImplementedError

    def _stage_kwargs(self) -> dict[str, Any]:
        """Return the stage resource's properties (access log aside), from checked options."""
        raise NotImplementedError

    def _access_log(self, destination: str | Intrinsic) -> dict[str, Any]:
        """Return the access log property sending the options' format to ``destination``."""
        raise NotImplementedError

    def _joined(self) -> None:
        """Finish once the stage is in the tree: warnings, validations, the logging role."""

    def _api_ref(self) -> Any:
        """Return the API's id (a ``Ref`` of the API construct, or the id given)."""
        raise NotImplementedError

    def _url_suffix(self) -> str:
        """Return what follows the host in the URL (``${Stage}`` is the stage's name)."""
        raise NotImplementedError

    @classmethod
    def _unknown_option(cls, owner: str, name: str, value: Any, known: Sequence[str]) -> Problem:
        """Return the problem of an unknown keyword argument ``name`` (given ``value``)."""
        return unknown_option(owner, name, known)

    # -- shared checks

    def _shape_problems(self) -> list[Problem]:
        """Return the problems of options of the wrong shape (a list for a mapping...)."""
        return check_mapping_options(self._owner, self._options, self._MAPPINGS)

    def _shared_problems(self) -> list[Problem]:
        o, owner = self._options, self._owner
        problems = check_stage_name(owner, o.stage_name, default_allowed=self._DEFAULT_STAGE_NAME)
        problems += check_tags(owner, o.tags or {})
        return problems + check_destination(owner, o.access_log_destination_arn)

    def _access_log_problems(self) -> list[Problem]:
        log_format = self._options.access_log_format
        if log_format is None:
            return []
        if not isinstance(log_format, AccessLogFormat):
            hint = "build it with AccessLogFormat.json({...}), .clf() or .custom('...')"
            message = "must be an AccessLogFormat"
            return [
                problem(self._owner, ("access_log_format",), "type", message, log_format, hint=hint)
            ]
        if self._LOGGED or self._options.access_log_destination_arn is not None:
            return []
        return [
            problem(
                self._owner,
                ("access_log_format",),
                "needs-destination",
                "has nowhere to go without access_log_destination_arn",
                log_format.text,
                hint=f"pass access_log_destination_arn=, or use {self._LOGGED_CLASS} "
                "(it creates a log group)",
            )
        ]

    # -- what users read

    @property
    def options(self) -> OptionsT:
        """The options this stage was built with (kept current by the canary rollout)."""
        return self._options

    @property
    def resource(self) -> R:
        """The CloudFormation stage this construct configures (its logical ID is this one's)."""
        return self._resource

    @property
    def log_group(self) -> LogGroup | None:
        """The access log group this stage created, or None (not logged, or given an ARN)."""
        return self._log_group

    @property
    def stage_name(self) -> Intrinsic:
        """The stage's name, as a ``Ref`` of the stage (so what uses it waits for the stage)."""
        return self._resource.ref

    @property
    def url(self) -> Intrinsic:
        """The stage's URL: through its first custom domain (``map_domain``), else invoke URL."""
        if self._domain_mappings:
            return self._domain_mappings[0].url()
        return self.execute_api_url

    @property
    def domain_mappings(self) -> list[DomainMapping]:
        """The custom domains this stage is mapped to, in the order ``map_domain`` was called."""
        return list(self._domain_mappings)

    def map_domain(
        self, domain: CustomDomain, *, base_path: str | Intrinsic | None = None
    ) -> DomainMapping:
        """Map this stage to a custom domain under ``base_path`` (None: the domain's root).

        Makes an ``AWS::ApiGateway::BasePathMapping`` (REST, one level) or an
        ``AWS::ApiGatewayV2::ApiMapping`` (HTTP, WebSocket, or a REST path of several levels)
        that waits for the stage. The base path is checked here (letters, digits and
        ``$-_.+!*'()``, levels joined by ``/``); two stages on one base path of one domain are
        refused at synthesis. ``url`` then goes through the (first) domain.

        Args:
            domain: A ``RestDomain`` or ``ApiDomain`` (one domain serves many stages).
            base_path: The path after the domain name, e.g. ``"orders"`` or ``"orders/v2"``.
        """
        from stagewright.stages._domain import map_stage  # noqa: PLC0415

        return map_stage(self, domain, base_path)

    @property
    def execute_api_url(self) -> Intrinsic:
        """The stage's invoke URL (an ``Fn::Sub`` of the API, region, URL suffix and stage)."""
        suffix = self._url_suffix()
        variables = {"Api": self._api_ref()}
        if "${Stage}" in suffix:
            variables["Stage"] = self._resource.ref
        return Fn.sub(
            f"{self._SCHEME}://${{Api}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}{suffix}",
            variables,
        )
