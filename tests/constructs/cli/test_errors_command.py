"""``stagewright errors``: the errors reference, read from the package, one id at a time."""

from __future__ import annotations

import io
from importlib import resources

import pytest

from stagewright.cli import main
from stagewright.cli._errors_doc import ErrorRow, error_rows, main_errors


def _run(*ids: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main_errors(ids, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_an_id_prints_its_when_shape_and_example() -> None:
    status, out, err = _run("pattern")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "pattern  (Schema rules (`ValidationError`))",
        "  when:    a string that does not match `pattern` (read as CloudFormation reads it: "
        "`$` ends the text, `\\d \\w \\s` are ASCII)",
        "  shape:   <where>: must match '<pattern>' [pattern], got <value>",
        "  example: MethodSetting.ResourcePath: must match '^/' [pattern], got 'pets'",
    ]


def test_the_bracketed_id_of_a_message_finds_every_row_that_shows_it() -> None:
    """Stage messages end in ``[method-key]``; the rows are ``stage-method-key...``."""
    status, out, _ = _run("[method-key]")
    assert status == 0
    titles = [line.split()[0] for line in out.splitlines() if not line.startswith(" ")]
    assert titles == [
        "stage-method-key",
        "stage-method-key-method",
        "stage-method-key-part",
        "stage-method-key-wildcard",
    ]


def test_a_family_prefix_lists_the_family() -> None:
    status, out, _ = _run("read")
    titles = [line.split()[0] for line in out.splitlines() if not line.startswith(" ")]
    assert status == 0
    assert titles
    assert all(title.startswith("read-") for title in titles)
    assert "read-yaml" in titles


def test_an_unknown_id_exits_2_with_the_nearest() -> None:
    status, out, err = _run("patern", "pattern")
    assert status == 2
    assert err == "error: 'patern' is not an id of the errors reference; did you mean pattern?\n"
    assert out.startswith("pattern  (")  # the known id is still printed


def test_without_ids_every_row_is_listed_once() -> None:
    status, out, _ = _run()
    lines = out.splitlines()
    assert status == 0
    listed = [line.split()[0] for line in lines[: lines.index("")]]
    assert len(listed) == len(set(listed)) > 200
    assert "identifier-clash" in listed


def test_the_command_line_runs_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["errors", "maxLength"]) == 0
    assert capsys.readouterr().out.startswith("maxLength  (Schema rules")


def test_a_row_with_a_missing_cell_is_refused() -> None:
    with pytest.raises(ValueError, match="a row needs 4 cells, not 3"):
        list(error_rows("| `x` | when | shape |\n"))


def test_a_pasted_message_without_an_id_finds_its_row() -> None:
    """Deploy's messages end in no [id]: the whole line, pasted, is matched against the shapes."""
    status, out, _ = _run(
        "error: stack Net is busy (UPDATE_IN_PROGRESS): wait for it to finish, then deploy"
    )
    assert status == 0
    assert (
        out.splitlines()[0]
        == "deploy-busy  (Deploy: stack states, parameters, confirmation (`DeployError`))"
    )


def _deploy_rows() -> list[ErrorRow]:
    text = resources.files("stagewright.docs").joinpath("errors.md").read_text(encoding="utf-8")
    return [row for row in error_rows(text) if row.id.startswith("deploy-")]


@pytest.mark.parametrize("row", _deploy_rows(), ids=lambda row: row.id)
def test_each_deploy_message_pasted_finds_its_own_row(row: ErrorRow) -> None:
    """Deploy's refusals carry no id: their example line alone leads back to the row."""
    status, out, _ = _run(row.example)
    assert status == 0
    assert out.splitlines()[0].split()[0] == row.id
