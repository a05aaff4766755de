"""Schema problems as values: every stage collects them, the run reports them all at once."""

from __future__ import annotations

import attrs

__all__ = ["CodegenError", "Problem"]


@attrs.frozen
class Problem:
    """One thing wrong with an input schema, a patch or the generated tree."""

    source: str
    """Where: a file name (``aws-apigateway-stage.json``) or a type name."""
    pointer: str
    """JSON pointer in the source (``/properties/RouteSettings``), or ``""`` for the whole file."""
    message: str

    def __str__(self) -> str:
        where = f"{self.source}{'#' + self.pointer if self.pointer else ''}"
        return f"{where}: {self.message}"


class CodegenError(Exception):
    """Raised once, at the end of a stage, with every problem that stage found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} schema problem(s):\n{lines}")
