"""Load a user's app in a test, the way the command line loads it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stagewright.core import App

__all__ = ["load_app"]


def load_app(spec: str) -> App:
    """Return the ``App`` that ``spec`` builds, as ``stagewright synth SPEC`` would find it.

    ``spec`` is a Python file (``"app.py"``, relative to the current folder), ``module:attribute``
    (an ``App``, or a function returning one) or a module holding one ``App``. The file's code
    runs each call, so every test gets a fresh tree. A file that is missing, raises, or holds no
    app or several is an ``AppLoadError`` saying which.
    """
    from stagewright.cli._commands import load_app as load  # noqa: PLC0415 - cli sits above

    return load(spec)
