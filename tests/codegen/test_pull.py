"""`stagewright schemas pull`: vendoring schemas from cfn-lint's snapshot and from DescribeType."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import NoCredentialsError
from botocore.stub import Stubber

from stagewright.codegen import _registry, pull
from stagewright.codegen.pull import CFN_LINT_VERSION, main_pull

STAGE = "AWS::ApiGateway::Stage"
V2_STAGE = "AWS::ApiGatewayV2::Stage"
LOCK = "schemas.lock.json"


class Run:
    """One `main_pull` call's exit code and printed lines."""

    def __init__(self, schemas_dir: Path) -> None:
        self.schemas_dir = schemas_dir
        self.lines: list[str] = []
        self.code = -1

    def __call__(self, types: list[str], **kwargs: Any) -> Run:
        self.lines = []
        self.code = main_pull(types, schemas_dir=self.schemas_dir, out=self.lines.append, **kwargs)
        return self


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """Pull into a fresh schemas folder."""
    return Run(tmp_path / "schemas")


@pytest.fixture
def cfn_client() -> Iterator[tuple[Any, Stubber]]:
    """Yield a real CloudFormation client whose calls a Stubber answers (nothing leaves the box)."""
    client = boto3.client(
        "cloudformation", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def snapshot_text(type_name: str) -> str:
    """Read a type's schema from the installed cfn-lint snapshot."""
    root = _registry.cfn_lint_root(CFN_LINT_VERSION)
    digest = _registry.cfn_lint_types(root, "us-east-1")[type_name]
    text: str = _registry.read_cfn_lint_schema(root, digest)
    return text


def lock_of(schemas_dir: Path) -> dict[str, Any]:
    """Parse the lock file."""
    lock: dict[str, Any] = json.loads((schemas_dir / LOCK).read_text(encoding="utf-8"))
    return lock


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Snapshot every file's bytes under a folder."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def forbid_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any file write by the pull fail the test (pull writes through os.replace)."""

    def refuse(*args: object) -> None:
        raise AssertionError(f"pull rewrote a file: {args}")

    monkeypatch.setattr(os, "replace", refuse)


# --- cfn-lint source ---------------------------------------------------------------------------


def test_cfn_lint_pull_writes_canonical_files(run: Run) -> None:
    """A cfn-lint pull writes each schema as sorted, 2-space JSON of the snapshot's content."""
    assert run([STAGE, V2_STAGE]).code == 0
    for type_name, file in [
        (STAGE, "aws-apigateway-stage.json"),
        (V2_STAGE, "aws-apigatewayv2-stage.json"),
    ]:
        expected = json.dumps(json.loads(snapshot_text(type_name)), indent=2, sort_keys=True) + "\n"
        assert (run.schemas_dir / file).read_text(encoding="utf-8") == expected


def test_cfn_lint_pull_records_sha_and_source_in_lock(run: Run) -> None:
    """The lock maps each type to its file, the sha256 of the file bytes, and cfn-lint's version."""
    run([STAGE])
    entry = lock_of(run.schemas_dir)["schemas"][STAGE]
    data = (run.schemas_dir / "aws-apigateway-stage.json").read_bytes()
    assert entry == {
        "file": "aws-apigateway-stage.json",
        "sha256": hashlib.sha256(data).hexdigest(),
        "source": {"kind": "cfn-lint", "version": "1.58.0", "region": "us-east-1"},
    }


def test_lock_is_canonical_json(run: Run) -> None:
    """The lock is written in the same canonical JSON form as the schemas."""
    run([V2_STAGE, STAGE])
    text = (run.schemas_dir / LOCK).read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"
    assert list(lock_of(run.schemas_dir)["schemas"]) == [STAGE, V2_STAGE]


def test_pull_reports_each_new_type(run: Run) -> None:
    """Progress is one line per type, saying the schema is new."""
    assert run([STAGE, V2_STAGE]).lines == [f"pulled {STAGE} (new)", f"pulled {V2_STAGE} (new)"]


def test_repull_without_types_repulls_the_lock_byte_identically(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-pulling every locked type changes no byte and writes no file."""
    run([STAGE, V2_STAGE])
    before = folder_bytes(run.schemas_dir)
    forbid_writes(monkeypatch)
    assert run([]).code == 0
    assert run.lines == [f"pulled {STAGE} (unchanged)", f"pulled {V2_STAGE} (unchanged)"]
    assert folder_bytes(run.schemas_dir) == before


def test_repull_restores_a_hand_edited_file(run: Run) -> None:
    """A hand-edited schema is overwritten with the upstream bytes and reported as updated."""
    run([STAGE])
    path = run.schemas_dir / "aws-apigateway-stage.json"
    pristine = path.read_bytes()
    path.write_bytes(pristine.replace(b'"RestApiId"', b'"RestApiID"', 1))
    assert run([STAGE]).lines == [f"pulled {STAGE} (updated)"]
    assert path.read_bytes() == pristine


def test_pulling_one_type_keeps_the_other_lock_entries(run: Run) -> None:
    """A pull of one type leaves the other types' lock entries as they were."""
    run([STAGE, V2_STAGE])
    before = lock_of(run.schemas_dir)["schemas"][V2_STAGE]
    run([STAGE])
    assert lock_of(run.schemas_dir)["schemas"][V2_STAGE] == before


def test_unknown_type_suggests_close_names(run: Run) -> None:
    """A misspelt type is one error line naming the nearest types, and nothing is written."""
    assert run(["AWS::ApiGateway::Stag"]).code == 1
    assert len(run.lines) == 1
    line = run.lines[0]
    assert line.startswith("error: unknown type 'AWS::ApiGateway::Stag'")
    assert "did you mean AWS::ApiGateway::Stage" in line
    assert not run.schemas_dir.exists()


def test_wrong_case_suggests_the_exact_name(run: Run) -> None:
    """Type names are case-sensitive, and the error names the correctly cased type."""
    run(["aws::iam::role"])
    assert run.lines == [
        "error: unknown type 'aws::iam::role' in cfn-lint 1.58.0's us-east-1 snapshot; "
        "did you mean AWS::IAM::Role?"
    ]


def test_every_bad_type_is_reported_and_none_is_written(run: Run) -> None:
    """Several bad names give one line each; the good names in the same call are not written."""
    assert run([STAGE, "AWS::Nope::Nothing", "nonsense"]).code == 1
    assert [line.split("'")[1] for line in run.lines] == ["AWS::Nope::Nothing", "nonsense"]
    assert all(line.startswith("error: ") for line in run.lines)
    assert not run.schemas_dir.exists()


def test_nothing_to_pull_is_an_error(run: Run) -> None:
    """Without a TYPE and without a lock there is nothing to re-pull: a clear error."""
    assert run([]).code == 1
    assert run.lines[0].startswith("error: no TYPE named")


def test_unknown_region_is_an_error(run: Run) -> None:
    """A region cfn-lint has no snapshot for is refused with the nearest one."""
    assert run([STAGE], region="us-east-9").code == 1
    assert run.lines == [
        "error: cfn-lint has no registry snapshot for region 'us-east-9'; did you mean us-east-2?"
    ]


def test_unknown_source_is_an_error(run: Run) -> None:
    """Only the cfn-lint and aws sources exist."""
    assert run([STAGE], source="pypi").code == 1
    assert run.lines == ["error: unknown source 'pypi'; choose one of cfn-lint, aws"]


def test_other_cfn_lint_version_is_refused(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cfn-lint other than the pinned one is refused: the lock would record the wrong one."""
    monkeypatch.setattr(pull, "CFN_LINT_VERSION", "1.57.0")
    assert run([STAGE]).code == 1
    assert len(run.lines) == 1
    assert "cfn-lint 1.58.0 is installed" in run.lines[0]
    assert "cfn-lint==1.57.0" in run.lines[0]


def test_broken_lock_is_an_error(run: Run) -> None:
    """A lock that is not valid JSON stops the pull with an error, not a traceback."""
    run.schemas_dir.mkdir()
    (run.schemas_dir / LOCK).write_text("{", encoding="utf-8")
    assert run([STAGE]).code == 1
    assert run.lines[0].startswith("error: schemas.lock.json: not valid JSON")


# --- aws source (DescribeType through botocore's Stubber) -------------------------------------


def stub_describe(stubber: Stubber, type_name: str, schema: str) -> None:
    """Answer one DescribeType call for ``type_name`` with ``schema``."""
    stubber.add_response(
        "describe_type",
        {"Schema": schema, "TypeName": type_name},
        {"Type": "RESOURCE", "TypeName": type_name},
    )


def test_aws_pull_writes_the_describe_type_schema(
    run: Run, cfn_client: tuple[Any, Stubber]
) -> None:
    """DescribeType's schema is written in the same canonical form as a cfn-lint pull."""
    client, stubber = cfn_client
    stub_describe(stubber, STAGE, snapshot_text(STAGE))
    assert run([STAGE], source="aws", client=client).code == 0
    assert run.lines == [f"pulled {STAGE} (new)"]
    expected = json.dumps(json.loads(snapshot_text(STAGE)), indent=2, sort_keys=True) + "\n"
    path = run.schemas_dir / "aws-apigateway-stage.json"
    assert path.read_text(encoding="utf-8") == expected


def test_aws_pull_records_describe_type_region_and_date(
    run: Run, cfn_client: tuple[Any, Stubber], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock says the schema came from DescribeType, in which region, on which day."""
    client, stubber = cfn_client
    stub_describe(stubber, STAGE, snapshot_text(STAGE))
    monkeypatch.setattr(pull, "_today", lambda: "2026-03-04")
    run([STAGE], source="aws", client=client)
    entry = lock_of(run.schemas_dir)["schemas"][STAGE]
    assert entry["source"] == {"kind": "describe-type", "region": "us-east-1", "date": "2026-03-04"}
    data = (run.schemas_dir / entry["file"]).read_bytes()
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_aws_repull_of_unchanged_schema_keeps_the_date(
    run: Run, cfn_client: tuple[Any, Stubber], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unchanged DescribeType re-pull keeps the first date, so the lock does not change."""
    client, stubber = cfn_client
    stub_describe(stubber, STAGE, snapshot_text(STAGE))
    stub_describe(stubber, STAGE, snapshot_text(STAGE))
    monkeypatch.setattr(pull, "_today", lambda: "2026-03-04")
    run([STAGE], source="aws", client=client)
    before = folder_bytes(run.schemas_dir)
    monkeypatch.setattr(pull, "_today", lambda: "2026-05-06")
    forbid_writes(monkeypatch)
    assert run([STAGE], source="aws", client=client).lines == [f"pulled {STAGE} (unchanged)"]
    assert folder_bytes(run.schemas_dir) == before


def test_aws_changed_schema_gets_a_new_date(
    run: Run, cfn_client: tuple[Any, Stubber], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed schema is rewritten and the lock records the day it was pulled."""
    client, stubber = cfn_client
    changed = json.loads(snapshot_text(STAGE))
    changed["description"] = "A newer description."
    stub_describe(stubber, STAGE, snapshot_text(STAGE))
    stub_describe(stubber, STAGE, json.dumps(changed))
    monkeypatch.setattr(pull, "_today", lambda: "2026-03-04")
    run([STAGE], source="aws", client=client)
    monkeypatch.setattr(pull, "_today", lambda: "2026-05-06")
    assert run([STAGE], source="aws", client=client).lines == [f"pulled {STAGE} (updated)"]
    assert lock_of(run.schemas_dir)["schemas"][STAGE]["source"]["date"] == "2026-05-06"


def test_aws_type_not_found_suggests_close_names(run: Run, cfn_client: tuple[Any, Stubber]) -> None:
    """DescribeType's TypeNotFoundException becomes one error line with close names."""
    client, stubber = cfn_client
    stubber.add_client_error(
        "describe_type",
        service_error_code="TypeNotFoundException",
        service_message="The type AWS::ApiGateway::Stag does not exist",
        http_status_code=404,
        expected_params={"Type": "RESOURCE", "TypeName": "AWS::ApiGateway::Stag"},
    )
    assert run(["AWS::ApiGateway::Stag"], source="aws", client=client).code == 1
    assert len(run.lines) == 1
    assert run.lines[0].startswith(
        "error: unknown type 'AWS::ApiGateway::Stag' in the us-east-1 registry; "
        "did you mean AWS::ApiGateway::Stage"
    )
    assert not run.schemas_dir.exists()


def test_aws_other_client_error_is_one_line(run: Run, cfn_client: tuple[Any, Stubber]) -> None:
    """Any other service error names the call, the error code and AWS's message."""
    client, stubber = cfn_client
    stubber.add_client_error(
        "describe_type",
        service_error_code="AccessDenied",
        service_message="not authorized to perform cloudformation:DescribeType",
        http_status_code=403,
    )
    assert run([STAGE], source="aws", client=client).code == 1
    assert run.lines == [
        f"error: DescribeType {STAGE} failed: AccessDenied: "
        "not authorized to perform cloudformation:DescribeType"
    ]


def test_aws_malformed_name_is_refused_without_a_call(
    run: Run, cfn_client: tuple[Any, Stubber]
) -> None:
    """A string that is not a type name is refused before DescribeType is called."""
    client, _ = cfn_client
    assert run(["ApiGateway Stage"], source="aws", client=client).code == 1
    assert run.lines[0].startswith(
        "error: unknown type 'ApiGateway Stage' in the us-east-1 registry"
    )


def test_aws_returning_another_type_is_an_error(run: Run, cfn_client: tuple[Any, Stubber]) -> None:
    """A schema whose typeName is not the one asked for is refused."""
    client, stubber = cfn_client
    stub_describe(stubber, "aws::apigateway::stage", snapshot_text(STAGE))
    assert run(["aws::apigateway::stage"], source="aws", client=client).code == 1
    assert run.lines == [
        "error: asked for aws::apigateway::stage but the schema returned is "
        "'AWS::ApiGateway::Stage'; pull it by that name"
    ]


class _NoCredentialsClient:
    """Stands in for a client that finds no credentials when it signs its first call."""

    def describe_type(self, **_: str) -> dict[str, str]:
        raise NoCredentialsError


def test_aws_without_credentials_is_one_line(run: Run) -> None:
    """Missing AWS credentials give one error line that points at --source cfn-lint."""
    assert run([STAGE], source="aws", client=_NoCredentialsClient()).code == 1
    assert len(run.lines) == 1
    assert run.lines[0].startswith("error: no AWS credentials for --source aws")
    assert "--source cfn-lint" in run.lines[0]
