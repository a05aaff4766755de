"""`stagewright types`: registry types generated into the user's own project, never the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from stagewright.cli import main
from stagewright.cli._project import find_project
from stagewright.cli._types import main_types
from stagewright.codegen import _paths, _registry
from stagewright.codegen.pull import CFN_LINT_VERSION

REPO = Path(__file__).resolve().parents[3]
QUEUE = "AWS::SQS::Queue"
LOCK = "cfn-schemas/schemas.lock.json"
PATCH = [
    {
        "op": "add",
        "path": "/properties/QueueName/maxLength",
        "value": 80,
        "reason": "SQS queue names are at most 80 characters.",
        "source": "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html",
    }
]


def project(root: Path, table: str = "") -> Path:
    """Make a user project: a pyproject.toml with a [tool.stagewright] table."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(f"[project]\nname = 'mine'\n\n[tool.stagewright]\n{table}")
    return root


def run(root: Path, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``stagewright ARGV`` with ``root`` as the current folder; return code, out, err."""
    before = Path.cwd()
    os.chdir(root)
    try:
        code = main(list(argv))
    finally:
        os.chdir(before)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def python(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run Python in the project folder, as the user's own scripts run there."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )


def tree(folder: Path) -> dict[str, bytes]:
    """Every file's bytes under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project where `stagewright types add AWS::SQS::Queue` has run once."""
    root = project(tmp_path_factory.mktemp("user") / "shop")
    lines: list[str] = []
    assert main_types("add", [QUEUE], project=find_project(root), out=lines.append) == 0, lines
    return root


def test_add_writes_the_lock_the_schema_and_the_package(added: Path) -> None:
    """The lock records the snapshot, the schema is vendored, the package has the module."""
    lock = json.loads((added / LOCK).read_text())
    assert lock["schemas"][QUEUE]["source"] == {
        "kind": "cfn-lint",
        "version": CFN_LINT_VERSION,
        "region": "us-east-1",
    }
    assert (added / "cfn-schemas" / "aws-sqs-queue.json").is_file()
    assert sorted(tree(added / "cfn_types")) == [
        "__init__.py",
        "aws_sqs/__init__.py",
        "aws_sqs/queue.py",
    ]
    header = (added / "cfn_types" / "aws_sqs" / "queue.py").read_text().splitlines()[2]
    assert "``stagewright types update`` from ``cfn-schemas/aws-sqs-queue.json``" in header
    assert "'cfn_types.aws_sqs.queue'" in (added / "cfn_types" / "__init__.py").read_text().replace(
        '"', "'"
    )


def test_the_package_imports_from_the_project_root_and_synthesizes(added: Path) -> None:
    """A script in the project imports the package at once and synthesizes a stack with it."""
    script = (
        "from stagewright import App, Stack\n"
        "from cfn_types.aws_sqs.queue import Queue\n"
        "app = App()\n"
        'queue = Queue(Stack(app, "Jobs"), "Queue", queue_name="jobs", visibility_timeout=30)\n'
        'app.synth("cfn.out")\n'
    )
    (added / "app.py").write_text(script)
    result = python(added, "app.py")
    assert result.returncode == 0, result.stderr
    template = json.loads((added / "cfn.out" / "Jobs.template.json").read_text())
    assert template["Resources"]["Queue"] == {
        "Type": QUEUE,
        "Properties": {"QueueName": "jobs", "VisibilityTimeout": 30},
    }


def test_the_package_validates_at_construction(added: Path) -> None:
    """The generated classes enforce the schema's rules: an out-of-range value is refused."""
    code = "from cfn_types.aws_sqs.queue import QueueProps\nQueueProps(message_retention_period=5)"
    result = python(added, "-c", code)
    assert result.returncode == 1
    assert "MessageRetentionPeriod: must be at least 60 [minimum], got 5" in result.stderr


def test_validate_and_diff_know_the_projects_types(added: Path, tmp_path: Path) -> None:
    """In the project, validate checks its types' schemas and diff knows their create-only names.

    Outside it (no pyproject.toml), the same template's queue has no schema to be checked by.
    """
    bad = {"Resources": {"Q": {"Type": QUEUE, "Properties": {"VisibilityTimeout": 50000}}}}
    (added / "bad.json").write_text(json.dumps(bad))
    result = python(added, "-m", "stagewright", "validate", "bad.json")
    assert result.returncode == 1, result.stdout
    assert "Resources.Q.Properties.VisibilityTimeout: must be at most 43200 [maximum]" in (
        result.stderr
    )
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    outside = python(tmp_path, "-m", "stagewright", "validate", "bad.json")
    assert outside.returncode == 0, outside.stderr
    assert f"no schema here for {QUEUE}" in outside.stdout

    deployed = {"Resources": {"Q": {"Type": QUEUE, "Properties": {"QueueName": "old"}}}}
    (added / "deployed.json").write_text(json.dumps(deployed))
    (added / "jobs.py").write_text(
        "from stagewright import App, Stack\n"
        "from cfn_types.aws_sqs.queue import Queue\n"
        "app = App()\n"
        'Queue(Stack(app, "Jobs"), "Q", queue_name="new")\n'
    )
    diff = python(added, "-m", "stagewright", "diff", "jobs.py", "--template", "deployed.json")
    assert diff.returncode == 0, diff.stderr
    assert "QueueName" in diff.stdout
    assert "(REPLACEMENT)" in diff.stdout  # QueueName is create-only in the project's schema


def test_a_types_package_that_fails_to_import_is_one_line(added: Path, tmp_path: Path) -> None:
    """A broken package of the project's is reported, not silently checked against less."""
    broken = project(tmp_path / "broken")
    (broken / "cfn_types").mkdir()
    (broken / "cfn_types" / "__init__.py").write_text("raise RuntimeError('half written')\n")
    (broken / "t.json").write_text('{"Resources": {}}')
    result = python(broken, "-m", "stagewright", "validate", "t.json")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: cannot import the project's types package cfn_types (cfn_types): "
        "RuntimeError: half written; regenerate it with stagewright types update"
    )


def _mypy_path(tmp_path: Path) -> Path:
    """Lay stagewright out for mypy, which cannot follow the editable install's import hook."""
    package = tmp_path / "shadow" / "stagewright"
    package.mkdir(parents=True)
    for entry in (REPO / "constructs").iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    (package / "generated").symlink_to(REPO / "generated", target_is_directory=True)
    return package.parent


def test_the_package_passes_mypy_strict(added: Path, tmp_path: Path) -> None:
    """mypy --strict finds nothing in the generated package."""
    result = python(
        added,
        "-m",
        "mypy",
        "--strict",
        "--no-incremental",
        "cfn_types",
        MYPYPATH=str(_mypy_path(tmp_path)),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_passes_then_names_a_hand_edited_file(
    added: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`types --check` exits 0 on a fresh package and 1 naming the file once it is edited."""
    assert run(added, "types", "--check", capsys=capsys)[:2] == (0, "cfn_types/ is up to date\n")
    module = added / "cfn_types" / "aws_sqs" / "queue.py"
    pristine = module.read_text()
    module.write_text(pristine + "# edited\n")
    try:
        code, out, _ = run(added, "types", "--check", capsys=capsys)
        assert code == 1
        assert out.splitlines() == [
            "stale: cfn_types/aws_sqs/queue.py",
            "1 file(s) differ from the locked schemas; run `stagewright types update`",
        ]
        assert run(added, "types", "update", capsys=capsys)[0] == 0
        assert module.read_text() == pristine
    finally:
        module.write_text(pristine)


def test_list_names_each_type_and_its_import(
    added: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`stagewright types` lists the locked types with the line that imports each."""
    assert run(added, "types", capsys=capsys)[:2] == (
        0,
        f"{QUEUE}: from cfn_types.aws_sqs.queue import Queue  (cfn-lint {CFN_LINT_VERSION} "
        "us-east-1)\n",
    )


def test_a_patch_of_the_users_tightens_the_generated_class(tmp_path: Path) -> None:
    """A JSON Patch in cfn-schemas/patches/ applies to the user's type like to the shipped ones."""
    root = project(tmp_path / "p")
    lines: list[str] = []
    assert main_types("add", [QUEUE], project=find_project(root), out=lines.append) == 0
    patches = root / "cfn-schemas" / "patches"
    patches.mkdir()
    (patches / "aws-sqs-queue.json").write_text(json.dumps(PATCH))
    assert main_types("update", project=find_project(root), out=lines.append) == 0
    module = (root / "cfn_types" / "aws_sqs" / "queue.py").read_text()
    assert "+ cfn-schemas/patches/aws-sqs-queue.json" in module
    result = python(
        root,
        "-c",
        "from cfn_types.aws_sqs.queue import QueueProps\nQueueProps(queue_name='q' * 81)",
    )
    assert "QueueName: must be at most 80 characters" in result.stderr, result.stderr


def test_settings_choose_the_package_and_the_folders(tmp_path: Path) -> None:
    """types_package, types_dir and types_schemas move the package and the schemas."""
    root = project(tmp_path / "p", 'types_package = "infra.aws"\ntypes_schemas = "infra/schemas"\n')
    (root / "infra").mkdir()
    (root / "infra" / "__init__.py").write_text("")
    lines: list[str] = []
    assert main_types("add", [QUEUE], project=find_project(root), out=lines.append) == 0
    assert lines[-1] == f"  {QUEUE}: from infra.aws.aws_sqs.queue import Queue"
    assert (root / "infra" / "schemas" / "schemas.lock.json").is_file()
    index = (root / "infra" / "aws" / "__init__.py").read_text()
    assert "infra.aws.aws_sqs.queue" in index
    result = python(root, "-c", "import infra.aws.aws_sqs.queue as q; print(q.Queue.__name__)")
    assert result.stdout == "Queue\n", result.stderr


@pytest.mark.parametrize("name", ["stagewright.mine", "my-types", "class.x"])
def test_a_package_name_that_is_no_import_name_of_yours_is_refused(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """stagewright's own package and invalid names are refused in one line."""
    root = project(tmp_path / "p", f'types_package = "{name}"\n')
    code, _, err = run(root, "types", capsys=capsys)
    assert code == 1
    assert err == (
        "error: pyproject.toml: [tool.stagewright] types_package must be a Python import name "
        f"of your own (like cfn_types or myapp.cfn_types), not {name!r}\n"
    )


def test_a_folder_stagewright_did_not_generate_is_not_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A package of the user's own under the chosen name is left alone."""
    root = project(tmp_path / "p")
    (root / "cfn_types").mkdir()
    (root / "cfn_types" / "__init__.py").write_text("MINE = 1\n")
    code, _, err = run(root, "types", "add", QUEUE, capsys=capsys)
    assert code == 1
    assert err.splitlines() == [
        "error: refusing to replace cfn_types/: stagewright did not generate it; set "
        "types_package (or types_dir) under [tool.stagewright] to another package"
    ]
    assert (root / "cfn_types" / "__init__.py").read_text() == "MINE = 1\n"
    assert not (root / "cfn-schemas").exists()  # refused before the pull touched the lock


def test_outside_a_project_it_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without a pyproject.toml there is no project root to write into."""
    code, _, err = run(tmp_path, "types", "add", QUEUE, capsys=capsys)
    assert code == 1
    assert err.startswith("error: stagewright types works in a project: there is no pyproject")
    assert list(tmp_path.iterdir()) == []


def test_missing_codegen_extra_is_one_line_with_the_install_command(tmp_path: Path) -> None:
    """Without jinja2 (the codegen extra) the command says how to install it, no traceback."""
    root = project(tmp_path / "p")
    blocked = (
        "import sys; sys.modules['jinja2'] = None\n"
        "from stagewright.cli import main\n"
        "sys.exit(main(['types', 'add', 'AWS::SQS::Queue']))"
    )
    result = python(root, "-c", blocked)
    assert result.returncode == 1
    assert result.stderr == (
        "error: stagewright types needs the codegen extra (no module 'jinja2'): "
        "pip install 'stagewright[codegen]'\n"
    )
    assert not (root / "cfn-schemas").exists()


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make stagewright look installed: its root is a package folder, no pyproject beside it."""
    package = tmp_path / "site-packages" / "stagewright"
    (package / "generated").mkdir(parents=True)
    (package / "generated" / "__init__.py").write_text("# the installed package's\n")
    monkeypatch.setattr(_paths, "REPO_ROOT", package)
    monkeypatch.setattr(_paths, "SCHEMAS_DIR", package / "schemas")
    monkeypatch.setattr(_paths, "GENERATED_DIR", package / "generated")
    return package


def test_from_an_install_it_writes_only_into_the_project(installed: Path, tmp_path: Path) -> None:
    """From a normal install the package tree is byte-identical before and after."""
    before = tree(installed)
    root = project(tmp_path / "p")
    lines: list[str] = []
    assert main_types("add", [QUEUE], project=find_project(root), out=lines.append) == 0
    assert tree(installed) == before
    assert (root / "cfn_types" / "aws_sqs" / "queue.py").is_file()


def test_folders_inside_the_installed_package_are_refused(
    installed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Settings that point into the installed package are refused before anything is read."""
    root = project(tmp_path / "p", f'types_dir = "{installed / "generated"}"\n')
    code, _, err = run(root, "types", "update", capsys=capsys)
    assert code == 1
    assert err.startswith("error: stagewright types would write into the installed stagewright")
    assert (installed / "generated" / "__init__.py").read_text() == "# the installed package's\n"


# --- DescribeType (botocore's Stubber; nothing leaves the box) -------------------------------


@pytest.fixture
def cfn_client() -> Iterator[tuple[Any, Stubber]]:
    """Yield a CloudFormation client whose calls a Stubber answers."""
    client = boto3.client(
        "cloudformation", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def test_describe_type_schema_is_locked_and_generated(
    tmp_path: Path, cfn_client: tuple[Any, Stubber]
) -> None:
    """With --source aws the schema DescribeType returns is locked with its region and used."""
    client, stubber = cfn_client
    root_dir = _registry.cfn_lint_root(CFN_LINT_VERSION)
    digest = _registry.cfn_lint_types(root_dir, "us-east-1")[QUEUE]
    schema = _registry.read_cfn_lint_schema(root_dir, digest)
    stubber.add_response(
        "describe_type",
        {"Schema": schema, "TypeName": QUEUE},
        {"Type": "RESOURCE", "TypeName": QUEUE},
    )
    root = project(tmp_path / "p")
    lines: list[str] = []
    code = main_types(
        "add",
        [QUEUE],
        source="aws",
        region="eu-west-1",
        client=client,
        project=find_project(root),
        out=lines.append,
    )
    assert code == 0, lines
    source = json.loads((root / LOCK).read_text())["schemas"][QUEUE]["source"]
    assert (source["kind"], source["region"]) == ("describe-type", "eu-west-1")
    assert (root / "cfn_types" / "aws_sqs" / "queue.py").is_file()
