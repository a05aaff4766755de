"""Rules every stage family shares: option shapes, stage names, tags, log destinations.

Each limit comes from AWS's documentation:

- stage names: "Stage names can only contain alphanumeric characters, hyphens, and underscores.
  Maximum length is 128 characters" (API Gateway's ``Stage`` reference, both APIs; V2 also takes
  ``$default``);
- tags: "Tags per stage: 50" (API Gateway quotas); keys of at most 128 characters, values of at
  most 256, and the ``aws:`` prefix is reserved for AWS (the tagging guide);
- a Firehose access log destination: "the stream name must begin with amazon-apigateway-"
  (``AccessLogSettings``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from stagewright.runtime._errors import Key, Problem
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._common import problem

__all__ = [
    "MAX_TAGS",
    "check_destination",
    "check_mapping_options",
    "check_stage_name",
    "check_tags",
    "destination_warning",
]

MAX_TAGS = 50
MAX_TAG_KEY = 128
MAX_TAG_VALUE = 256
_STAGE_NAME = re.compile(r"[A-Za-z0-9_-]{1,128}\Z")
_STAGE_NAME_RULE = "1 to 128 letters, digits, hyphens and underscores ([A-Za-z0-9_-]{1,128})"
_FIREHOSE = re.compile(r"arn:[^:]+:firehose:[^:]*:[^:]*:deliverystream/(.*)\Z")
_FIREHOSE_PREFIX = "amazon-apigateway-"


def check_mapping_options(owner: str, options: Any, names: tuple[str, ...]) -> list[Problem]:
    """Return a problem per option among ``names`` that is set but not a mapping."""
    problems = []
    for name in names:
        value = getattr(options, name)
        if value is not None and not isinstance(value, Mapping):
            hint = "pass a dict, e.g. {'name': 'value'}"
            problems.append(problem(owner, (name,), "type", "must be a mapping", value, hint=hint))
    return problems


def check_stage_name(owner: str, name: Any, *, default_allowed: bool) -> list[Problem]:
    """Return the problem with a stage name (``$default`` only where ``default_allowed``)."""
    if isinstance(name, Intrinsic) or (default_allowed and name == "$default"):
        return []
    if not isinstance(name, str):
        return [problem(owner, ("stage_name",), "type", "must be a string", name)]
    if _STAGE_NAME.match(name):
        return []
    rule = _STAGE_NAME_RULE + (", or $default" if default_allowed else "")
    fixed = re.sub(r"[^A-Za-z0-9_-]", "-", name)[:128]
    hint = f"did you mean {fixed!r}?" if fixed and fixed != name else None
    return [problem(owner, ("stage_name",), "pattern", f"a stage name is {rule}", name, hint=hint)]


def check_tags(owner: str, tags: Mapping[Any, Any]) -> list[Problem]:
    """Return the problems of a stage's tags: count, reserved prefix, lengths and types."""
    problems = []
    if len(tags) > MAX_TAGS:
        message = f"a stage has at most {MAX_TAGS} tags (API Gateway quota)"
        problems.append(problem(owner, ("tags",), "quota", message, len(tags)))
    for key, value in tags.items():
        where = ("tags", Key(str(key)))
        if not isinstance(key, str) or not 1 <= len(key) <= MAX_TAG_KEY:
            message = f"a tag key is a string of 1 to {MAX_TAG_KEY} characters"
            problems.append(problem(owner, where, "type", message, key))
        elif key.lower().startswith("aws:"):
            hint = "choose another key; CloudFormation adds the aws:cloudformation:* tags itself"
            message = "tag keys starting with 'aws:' are reserved for AWS"
            problems.append(problem(owner, where, "reserved", message, key, hint=hint))
        if isinstance(value, Intrinsic):
            continue
        if not isinstance(value, str) or len(value) > MAX_TAG_VALUE:
            message = f"a tag value is a string of at most {MAX_TAG_VALUE} characters"
            problems.append(problem(owner, where, "type", message, value))
    return problems


def check_destination(owner: str, arn: Any) -> list[Problem]:
    """Return the problem with an access log destination: a Firehose stream's name prefix."""
    if not isinstance(arn, str):
        return []
    match = _FIREHOSE.match(arn)
    if match is None or match.group(1).startswith(_FIREHOSE_PREFIX):
        return []
    message = f"a Firehose stream for access logs must be named {_FIREHOSE_PREFIX}..."
    hint = f"rename the stream {_FIREHOSE_PREFIX}{match.group(1)}"
    return [problem(owner, ("access_log_destination_arn",), "destination", message, arn, hint=hint)]


def destination_warning(arn: Any) -> str | None:
    """Return a warning for a log group ARN written with the trailing ``:*``, or None."""
    if isinstance(arn, str) and ":log-group:" in arn and arn.endswith(":*"):
        return (
            f"access_log_destination_arn {arn!r} ends in ':*': API Gateway documents a log "
            "group's ARN without it (arn:aws:logs:<region>:<account>:log-group:<name>); "
            "drop the ':*'"
        )
    return None
