"""The quickstart works from the built wheel, installed as users install it (not editable)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding stagewright's wheel; its dependencies are seen from this venv.

    The wheel is unpacked into the venv: nothing is installed into, or removed from, this
    environment. The dependencies come from this environment (a ``.pth`` line naming its
    site-packages adds the folder without running the editable install's own ``.pth`` hook),
    so the test installs nothing from the network, and the stagewright it imports is the
    wheel's.
    """
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = base.glob("stagewright-*.whl")
    target = base / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # A pure-Python wheel is installed by unpacking it into site-packages. Not pip: with
    # ``--prefix`` it uninstalls the stagewright of the environment running the tests.
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def _readme_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


def test_the_quickstart_synthesizes_and_its_test_passes(installed: Path, tmp_path: Path) -> None:
    """README's quickstart app synthesizes, and its snapshot test passes, from the wheel."""
    app, test = _readme_blocks()[:2]
    (tmp_path / "app.py").write_text(app)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_shop.py").write_text(test)
    (tmp_path / "pyproject.toml").write_text('[tool.stagewright]\napp = "app.py"\n')
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CI")}

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(installed), *argv],
            check=False,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
        )

    where = run("-c", "import stagewright; print(stagewright.__file__)")
    assert str(installed.parent.parent) in where.stdout, where
    synth = run("-m", "stagewright", "synth")
    assert synth.returncode == 0, synth.stderr
    assert (tmp_path / "cfn.out" / "Shop.template.json").is_file()
    for argv in (["--snapshot-update"], []):
        tests = run("-m", "pytest", "-q", "-p", "no:cacheprovider", *argv, "tests")
        assert tests.returncode == 0, tests.stdout + tests.stderr
    assert (
        tmp_path / "tests" / "__snapshots__" / "test_shop" / "test_template--Shop.json"
    ).is_file()


def test_types_add_generates_into_the_project_not_the_package(
    installed: Path, tmp_path: Path
) -> None:
    """From the wheel, ``types add`` writes the user's package; the installed one is untouched."""
    site = installed.parent.parent / "lib"
    before = sorted(p.name for p in site.rglob("stagewright/generated/*"))
    (tmp_path / "pyproject.toml").write_text('[tool.stagewright]\napp = "app.py"\n')
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CI")}
    add = subprocess.run(
        [str(installed), "-m", "stagewright", "types", "add", "AWS::SQS::Queue"],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert add.returncode == 0, add.stdout + add.stderr
    use = subprocess.run(
        [
            str(installed),
            "-c",
            "from stagewright import App, Stack\n"
            "from cfn_types.aws_sqs.queue import Queue\n"
            "app = App()\n"
            "Queue(Stack(app, 'S'), 'Q', visibility_timeout=30)\n"
            "print(app.synthesize().stack('S').template['Resources']['Q']['Type'])",
        ],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert use.stdout.strip() == "AWS::SQS::Queue", use.stderr
    assert sorted(p.name for p in site.rglob("stagewright/generated/*")) == before


def test_the_errors_reference_ships_with_the_wheel(installed: Path, tmp_path: Path) -> None:
    """``stagewright errors ID`` reads the reference the wheel carries, outside any checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CI")}
    run = subprocess.run(
        [str(installed), "-m", "stagewright", "errors", "maxLength"],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("maxLength  (Schema rules")
