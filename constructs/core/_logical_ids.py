"""Logical IDs derived from construct paths, the way AWS CDK derives them.

The rule, for the path of an element below its stack (``Api/Prod/Resource``):

* ``Default`` components are dropped entirely, so wrapping a resource in a construct as its
  ``Default`` child does not rename it;
* a path of one component (an element created directly in the stack) keeps that id with every
  non-alphanumeric character removed: ``Prod-Stage`` becomes ``ProdStage``. Imported templates
  therefore keep their logical IDs;
* a longer path becomes a readable part (the components with non-alphanumerics removed,
  ``Resource`` components and consecutive repeats dropped, cut to 240 characters) followed by the
  first 8 hex digits (upper case) of the MD5 of the components joined by ``/``:
  ``Api/Prod/Resource`` becomes ``ApiProd`` + 8 hex digits.

The ID depends only on the element's own path, so adding or removing siblings never changes it.
Pin one explicitly with ``override_logical_id``.
"""

from __future__ import annotations

import re

from stagewright.runtime._errors import Problem, ValidationError

__all__ = ["MAX_LOGICAL_ID_LENGTH", "check_logical_id", "make_logical_id"]

MAX_LOGICAL_ID_LENGTH = 255
_HIDDEN = "Default"
_HIDDEN_FROM_HUMAN = "Resource"
_HASH_LENGTH = 8
_MAX_HUMAN_LENGTH = MAX_LOGICAL_ID_LENGTH - _HASH_LENGTH - 7
_NON_ALNUM = r"[^A-Za-z0-9]"  # compiled (and cached by re) on first use


def _alphanumeric(text: str) -> bool:
    """Tell whether ``text`` is one or more of A-Z, a-z and 0-9 (a regex is ~60 us to compile)."""
    return text.isascii() and text.isalnum()


def _clean(text: str) -> str:
    return text if _alphanumeric(text) else re.sub(_NON_ALNUM, "", text)


def make_logical_id(components: list[str], *, owner: str = "") -> str:
    """Return the logical ID of the element at ``components`` (its path below the stack).

    ``owner`` names the element in the error of a path of only ``Default`` ids: ``Shop/Default:``.
    """
    kept = [c for c in components if c != _HIDDEN]
    if not kept:
        message = "a logical ID needs a path with at least one id other than 'Default'"
        problem = Problem(("id",), "logical-id", message, "/".join(components), owner=owner)
        raise ValidationError([problem])
    components = kept
    if len(components) == 1:
        candidate = _clean(components[0])
        if 0 < len(candidate) <= MAX_LOGICAL_ID_LENGTH:
            return candidate
    import hashlib  # noqa: PLC0415 - a few ms at import; only nested paths need it

    digest = hashlib.md5("/".join(components).encode(), usedforsecurity=False).hexdigest()
    human: list[str] = []
    for component in components:
        if component != _HIDDEN_FROM_HUMAN and (not human or human[-1] != component):
            human.append(component)
    return "".join(map(_clean, human))[:_MAX_HUMAN_LENGTH] + digest[:_HASH_LENGTH].upper()


def check_logical_id(logical_id: str) -> str | None:
    """Return why ``logical_id`` is not a valid CloudFormation logical ID, or None if it is."""
    if not isinstance(logical_id, str):
        return f"must be a string, not {type(logical_id).__name__}"
    if not _alphanumeric(logical_id):
        return "must be non-empty and contain only the letters A-Z, a-z and digits 0-9"
    if len(logical_id) > MAX_LOGICAL_ID_LENGTH:
        return f"must be at most {MAX_LOGICAL_ID_LENGTH} characters long ({len(logical_id)})"
    return None
