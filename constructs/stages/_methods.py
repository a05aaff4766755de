"""REST method settings: per-method options, ``"/pets/{id}/GET"`` keys, and caching rules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from stagewright.generated.aws_apigateway.stage import MethodSetting
from stagewright.runtime._errors import Key, Path, Problem, suggest
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._common import (
    Throttle,
    check_shared_options,
    problem,
    raise_problems,
)

__all__ = [
    "ALL_METHODS_KEY",
    "CACHE_CLUSTER_SIZES",
    "MethodOptions",
    "cache_cluster_size",
    "method_settings",
    "parse_method_key",
]

CACHE_CLUSTER_SIZES = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")
"""API Gateway's cache cluster sizes, in GB."""
MAX_CACHE_TTL_SECONDS = 3600
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "ANY")
_SEGMENT = re.compile(r"(?:[A-Za-z0-9._:@!$&'()*+,;=-]+|\{[A-Za-z0-9._-]+\+?\})\Z")
_KEY_SHAPE = "'<resource path>/<HTTP method>', e.g. '/pets/{id}/GET' ('/GET' is the root)"
ALL_METHODS_KEY = "/*/*"
"""The method key of every resource and method (CloudFormation's ``/*`` ``*``)."""

LogLevel = Literal["OFF", "ERROR", "INFO"]


@attrs.frozen(kw_only=True)
class MethodOptions:
    """Settings for one method (``None`` keeps the stage's), e.g. in ``method_options=``.

    ``{"/pets/{id}/GET": MethodOptions(throttle=Throttle(rate_limit=10, burst_limit=20))}``.
    Each method entry repeats the stage's settings for what it leaves as None, so it never falls
    back to API Gateway's defaults (logging and metrics off).
    """

    throttle: Throttle | None = None
    logging_level: LogLevel | None = None
    metrics_enabled: bool | None = None
    data_trace_enabled: bool | None = None
    """Log full requests and responses (can log sensitive data; synthesis warns)."""
    caching_enabled: bool | None = None
    cache_ttl_seconds: int | None = None
    """0 to 3600 seconds."""
    cache_data_encrypted: bool | None = None
    """Encrypt cached responses; True whenever caching is on unless set to False."""

    def __attrs_post_init__(self) -> None:
        options = {name: getattr(self, name) for name in _OPTION_NAMES}
        raise_problems(check_method_options("MethodOptions", (), options))

    def merged_over(self, base: MethodOptions) -> MethodOptions:
        """Return ``base`` with every option this one sets replaced (``base`` itself if none)."""
        changes = {n: v for n in _OPTION_NAMES if (v := getattr(self, n)) is not None}
        return attrs.evolve(base, **changes) if changes else base

    @property
    def is_empty(self) -> bool:
        """Whether no option is set."""
        return all(getattr(self, name) is None for name in _OPTION_NAMES)


_OPTION_NAMES = tuple(f.name for f in attrs.fields(MethodOptions))


def check_method_options(owner: str, path: Path, options: Mapping[str, Any]) -> list[Problem]:
    """Return the problems of one set of method options (given by name)."""
    booleans = ("metrics_enabled", "data_trace_enabled", "caching_enabled", "cache_data_encrypted")
    problems = check_shared_options(owner, path, options, booleans)
    ttl = options.get("cache_ttl_seconds")
    if ttl is not None and not isinstance(ttl, Intrinsic):
        if isinstance(ttl, bool) or not isinstance(ttl, int):
            problems.append(
                problem(owner, (*path, "cache_ttl_seconds"), "type", "must be an integer", ttl)
            )
        elif not 0 <= ttl <= MAX_CACHE_TTL_SECONDS:
            problems.append(
                problem(
                    owner, (*path, "cache_ttl_seconds"), "range", "must be 0 to 3600 (seconds)", ttl
                )
            )
    return problems


def parse_method_key(owner: str, key: Any) -> tuple[str, str] | Problem:
    """Split ``"/pets/{id}/GET"`` into CloudFormation's ``("/~1pets~1{id}", "GET")``.

    CloudFormation writes a resource path with each ``/`` after the first as ``~1``; the root
    is ``/``. The wildcards CloudFormation takes: ``"/*/*"`` (every resource and method:
    ``("/*", "*")``, the ``MethodSetting`` documentation's form) and ``"*"`` as the method of
    one path (``"/pets/*"``: ``("/~1pets", "*")``, as AWS CDK writes it). A ``*`` path part is
    refused: ``ResourcePath`` takes ``/*`` only with ``HttpMethod`` ``*``, and no wildcard
    inside a path.
    """
    where = (Key(str(key)),)
    if not isinstance(key, str) or not key.startswith("/"):
        return problem(owner, where, "method-key", f"a method key is {_KEY_SHAPE}", key)
    if key == ALL_METHODS_KEY:
        return ("/*", "*")
    path, _, method = key.rpartition("/")
    if method not in _METHODS and method != "*":
        fixed = f"{path}/{method.upper()}"
        hint = f"did you mean {fixed!r}?" if method.upper() in _METHODS else None
        hint = hint or f"methods: {', '.join(_METHODS)}, or * for all"
        return problem(owner, where, "method-key", "does not end in an HTTP method", key, hint=hint)
    segments = path.split("/")[1:]
    if any("*" in s for s in segments):
        message = (
            "has a wildcard path part: CloudFormation takes '*' for every resource only with "
            "every method ('/*/*'), and as the method of one path ('/pets/*')"
        )
        return problem(owner, where, "method-key", message, key, hint=_wildcard_hint(segments))
    bad = next((s for s in segments if not _SEGMENT.match(s)), None)
    if bad is not None:
        return problem(
            owner, where, "method-key", f"has a bad path part {bad!r}; a key is {_KEY_SHAPE}", key
        )
    return ("/" + "".join(f"~1{s}" for s in segments) if segments else "/", method)


def _wildcard_hint(segments: list[str]) -> str:
    if segments == ["*"]:
        return f"use {ALL_METHODS_KEY!r}, or one key per path"
    return "name each path (one key per path)"


def cache_cluster_size(owner: str, size: Any) -> str | Problem:
    """Return a cache cluster size as CloudFormation spells it (``0.5`` -> ``"0.5"``)."""
    text = size
    if isinstance(size, int | float) and not isinstance(size, bool):
        text = format(float(size), "g")
    if text not in CACHE_CLUSTER_SIZES:
        sizes = ", ".join(CACHE_CLUSTER_SIZES)
        message = f"must be one of {sizes} (GB)"
        hint = suggest(size, CACHE_CLUSTER_SIZES)
        return problem(owner, ("cache_cluster_size",), "enum", message, size, hint=hint)
    return str(text)


def _setting(path: str, method: str, options: MethodOptions) -> MethodSetting:
    caching = options.caching_enabled
    encrypted = options.cache_data_encrypted
    if caching is True and encrypted is None:
        encrypted = True
    throttle = options.throttle
    return MethodSetting(
        resource_path=path,
        http_method=method,
        logging_level=options.logging_level,
        metrics_enabled=options.metrics_enabled,
        data_trace_enabled=options.data_trace_enabled,
        throttling_rate_limit=throttle.rate_limit if throttle else None,
        throttling_burst_limit=throttle.burst_limit if throttle else None,
        caching_enabled=caching,
        cache_ttl_in_seconds=options.cache_ttl_seconds if caching else None,
        cache_data_encrypted=encrypted if caching else None,
    )


def method_settings(
    owner: str, base: MethodOptions, per_method: Mapping[str, MethodOptions]
) -> list[MethodSetting]:
    """Return the stage's ``MethodSettings``: ``/*`` ``*`` for all methods, then one per key.

    ``"/*/*"`` options are laid over the stage's (one ``/*`` ``*`` entry); a ``"/pets/*"``
    entry over those, and a method of ``/pets`` over its path's entry, so each entry repeats
    every setting that applies to it.
    """
    problems: list[Problem] = []
    parsed: dict[tuple[str, str], MethodOptions] = {}
    for key, options in per_method.items():
        where: Path = ("method_options", Key(str(key)))
        if not isinstance(options, MethodOptions):
            hint = "build it with MethodOptions(...)"
            message = "must be a MethodOptions"
            problems.append(problem(owner, where, "type", message, options, hint=hint))
            continue
        result = parse_method_key(owner, key)
        if isinstance(result, Problem):
            problems.append(result.under(owner, ("method_options",)))
        else:
            parsed[result] = options
    raise_problems(problems)
    everything = parsed.pop(("/*", "*"), MethodOptions()).merged_over(base)
    settings = [] if everything.is_empty else [_setting("/*", "*", everything)]
    for (path, method), options in parsed.items():
        inherited = everything
        if method != "*" and (path, "*") in parsed:
            inherited = parsed[(path, "*")].merged_over(everything)
        settings.append(_setting(path, method, options.merged_over(inherited)))
    return settings
