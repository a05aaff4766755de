"""docs/errors.md matches the library: each table row's example is what its trigger prints.

Every row of the tables is triggered for real (``_*_triggers.py``); the output must equal the
row's example (``…`` standing for elided text) and match its message shape (``<...>`` standing
for a varying part). The schema rules the runtime can report are read from its source, so a
new rule without a row fails here too.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from stagewright.cli._errors_doc import ErrorRow, error_rows, shape_pattern

from ._cli_triggers import CLI
from ._deploy_triggers import DEPLOY
from ._import_triggers import IMPORT
from ._release_triggers import DIFF
from ._schema_triggers import SCHEMA
from ._stages_triggers import STAGES
from ._staging_triggers import OPENAPI, STAGING
from ._synth_triggers import CONSTRUCTS, SYNTHESIS

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "errors.md"
STAGES = {**STAGES, **OPENAPI}
TRIGGERS = {
    **SCHEMA,
    **STAGES,
    **CONSTRUCTS,
    **SYNTHESIS,
    **IMPORT,
    **CLI,
    **DIFF,
    **STAGING,
    **DEPLOY,
}
# Where the runtime builds schema problems (the rule is the call's second argument).
RUNTIME = [
    REPO / "constructs" / "runtime" / name
    for name in (
        "kinds/__init__.py",
        "kinds/_base.py",
        "kinds/_scalar.py",
        "kinds/_container.py",
        "_props.py",
        "_patterns.py",
    )
]
PRESENCE_RULES = {"oneOf", "anyOf", "allOf"}  # Rule.check reports its own keyword
# Where the stage constructs build their problems (the rule is ``problem``'s third argument)
# and warnings (``add_warning`` calls).
STAGE_SOURCES = sorted((REPO / "constructs" / "stages").glob("*.py"))


ROWS = list(error_rows(DOC.read_text(encoding="utf-8")))


def _example_pattern(example: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(p) for p in example.split("…")), re.DOTALL)


def test_rows_and_triggers_are_the_same_set() -> None:
    """Each documented row has a trigger and each trigger a row; no id is used twice."""
    ids = [row.id for row in ROWS]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(TRIGGERS)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_row_is_what_the_library_says(row: ErrorRow, tmp_path: Path) -> None:
    """The trigger's output equals the example and matches the shape."""
    actual = TRIGGERS[row.id](tmp_path)
    if "…" in row.example:
        assert _example_pattern(row.example).fullmatch(actual), actual
    else:
        assert actual == row.example
    assert shape_pattern(row.shape).fullmatch(actual), (row.shape, actual)


def _runtime_rules() -> set[str]:
    rules = set(PRESENCE_RULES)
    for path in RUNTIME:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            rule = node.args[1]
            if name in ("_problem", "problem", "Problem") and isinstance(rule, ast.Constant):
                rules.add(str(rule.value))
    return rules


def test_every_schema_rule_the_runtime_reports_has_a_row() -> None:
    """A rule name the runtime can report (read from its source) is documented."""
    documented = {row.id for row in ROWS if row.id in SCHEMA}
    found = _runtime_rules()
    assert len(found) > 15  # the source scan still finds the calls
    assert found <= documented


@pytest.mark.parametrize("row", [r for r in ROWS if r.id in SCHEMA and r.id != "several"])
def test_schema_messages_name_the_rule_and_show_the_value(row: ErrorRow) -> None:
    """Each schema example names its rule in brackets and, unless nothing is set, the value."""
    rule = row.id if f" [{row.id}]" in row.example else row.id.split("-")[0]
    assert f" [{rule}]" in row.example
    if rule not in ("required",):
        assert ", got " in row.example


def _stage_calls() -> Iterator[ast.Call]:
    for path in STAGE_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield node


def _stage_rules() -> set[str]:
    rules = set()
    for node in _stage_calls():
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name == "problem" and len(node.args) >= 3 and isinstance(node.args[2], ast.Constant):
            rules.add(str(node.args[2].value))
    return rules


def test_every_rule_of_the_stage_constructs_has_a_row() -> None:
    """A rule name a stage construct can report (read from its source) has a row showing it."""
    documented = {
        rule
        for row in ROWS
        if row.id in STAGES
        for rule in re.findall(r" \[([-A-Za-z]+)\](?:,|$)", row.example)
    }
    found = _stage_rules()
    assert len(found) > 10  # the source scan still finds the calls
    assert found <= documented, found - documented


def test_every_warning_of_the_stage_constructs_has_a_row() -> None:
    """Each ``add_warning`` call of the stage constructs has a ``stage-warning-`` row."""
    calls = [node for node in _stage_calls() if getattr(node.func, "attr", "") == "add_warning"]
    rows = [row for row in ROWS if row.id.startswith("stage-warning-")]
    assert len(calls) >= 5
    assert len(rows) == len(calls)


@pytest.mark.parametrize("row", [r for r in ROWS if r.id in STAGES and "[" in r.shape])
def test_stage_messages_name_the_option_the_rule_and_the_value(row: ErrorRow) -> None:
    """Each stage problem names where (construct and option), its rule, and the value."""
    where, _, rest = row.example.partition(": ")
    assert where
    assert rest
    assert re.search(r" \[[-A-Za-z]+\], got ", row.example)
