"""File names of template snapshots: ones cfn-lint (and a shell) take as they are.

syrupy names a single-file snapshot after the test's node id, ``test_app[Blue].json``; cfn-lint
reads its file arguments as glob patterns, where ``[Blue]`` is a character class, so it finds no
such file. Here the parts are joined with ``--`` instead (``test_app--Blue.json``,
``test_param--prod--ShopApi.json``), and a part holding other characters than letters, digits and
``_ . , = + -`` has them replaced by ``_`` and a short hash of the original appended, so two
parameter ids never share a file. Like syrupy's own names, ours start with the test's name and
continue with a character that cannot be in a Python name, which is how syrupy relates a file
to its test.
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["SEPARATOR", "check_name", "clean_part", "snapshot_stem"]

SEPARATOR = "--"
_PLAIN = re.compile(r"[A-Za-z0-9_.,=+-]+\Z")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.,=+-]")
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\Z")


def clean_part(text: str) -> str:
    """Return ``text`` if it is plain, else with ``_`` for each other character and a hash."""
    if _PLAIN.match(text):
        return text
    digest = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:6]
    return f"{_UNSAFE.sub('_', text)}-{digest}"


def snapshot_stem(test: str, params: str | None, index: str | int, limit: int = 250) -> str:
    """Name the file of snapshot ``index`` of ``test`` (``TestClass.test_x``) run with ``params``.

    ``params`` is the parametrization id (``prod-1``), without brackets; ``index`` is the
    snapshot's name in the test (``ShopApi``, ``before--ShopApi``), or its number (0: none).
    """
    parts = [test]
    if params is not None:
        parts.append(clean_part(params))
    if isinstance(index, str):
        parts.extend(clean_part(p) for p in index.split(SEPARATOR))
    stem = SEPARATOR.join(parts)
    if isinstance(index, int) and index:
        stem += f".{index}"
    return stem[:limit]


def check_name(name: str) -> str:
    """Return ``name`` if it is fit for a file name part; ValueError saying what is allowed."""
    if not isinstance(name, str) or not _NAME.match(name) or SEPARATOR in name:
        raise ValueError(
            f"snapshot name {name!r}: use letters, digits, '_', '.' and single '-' "
            "(it becomes part of a file name)"
        )
    return name
