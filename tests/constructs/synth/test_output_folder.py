"""Synthesis replaces only an output folder it wrote itself, and cleans up after killed runs.

A folder is ours when its manifest names stagewright as producer, lists the templates, and the
folder holds nothing else. Anything else is refused (``OutputFolderError``) and left byte for
byte as it was.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from stagewright import App, OutputFolderError, Stack
from stagewright.generated.aws_apigateway import rest_api
from stagewright.synth import _output
from stagewright.synth._output import remove_stale_staging


def _app(name: str = "v1") -> App:
    app = App()
    rest_api.RestApi(Stack(app, "Shop"), "Api", name=name)
    return app


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` (relative) with its bytes; folders map to None."""
    return {
        str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
        for p in sorted(folder.rglob("*"))
    }


def _web_app(folder: Path) -> None:
    """A web app's folder: a PWA manifest.json beside index.html and src/."""
    folder.mkdir()
    (folder / "index.html").write_text("<html></html>", encoding="utf-8")
    (folder / "manifest.json").write_text('{"name": "shop", "icons": []}', encoding="utf-8")
    (folder / "src").mkdir()
    (folder / "src" / "app.js").write_text("run()", encoding="utf-8")


def _run_in(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stagewright", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def _dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_folder_with_a_foreign_manifest_is_refused_and_kept(tmp_path: Path) -> None:
    """A web app's folder holding a manifest.json is refused; every file keeps its bytes."""
    web = tmp_path / "web"
    _web_app(web)
    before = _tree(web)
    with pytest.raises(OutputFolderError) as caught:
        _app().synth(web)
    assert str(caught.value) == (
        f"refusing to replace {web}: it holds files stagewright did not write: index.html, "
        "manifest.json, src/; choose another output folder, or empty this one"
    )
    assert _tree(web) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["web"]


def test_refusal_is_a_file_exists_error(tmp_path: Path) -> None:
    """OutputFolderError is a FileExistsError, as the refusal was before it had a type."""
    web = tmp_path / "web"
    _web_app(web)
    with pytest.raises(FileExistsError):
        _app().synth(web)


def test_previous_output_with_a_foreign_file_is_refused(tmp_path: Path) -> None:
    """A file added to an earlier output is not deleted: the folder is refused as it is."""
    out = tmp_path / "out"
    _app().synth(out)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    before = _tree(out)
    with pytest.raises(OutputFolderError, match=r"did not write: notes\.txt;"):
        _app("v2").synth(out)
    assert _tree(out) == before


def test_manifest_claiming_a_file_that_is_no_template_is_refused(tmp_path: Path) -> None:
    """A manifest listing something other than template files does not make the folder ours."""
    out = tmp_path / "out"
    out.mkdir()
    manifest = {"version": "1", "producer": "stagewright", "files": ["index.html"], "stacks": {}}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (out / "index.html").write_text("<html></html>", encoding="utf-8")
    before = _tree(out)
    with pytest.raises(OutputFolderError, match=r"did not write: index\.html, manifest\.json;"):
        _app().synth(out)
    assert _tree(out) == before


def test_symlinked_manifest_is_not_ours(tmp_path: Path) -> None:
    """A manifest.json that is a symlink is refused, and the file it points at is kept."""
    out = tmp_path / "out"
    _app().synth(out)
    real = tmp_path / "real.json"
    (out / "manifest.json").rename(real)
    (out / "manifest.json").symlink_to(real)
    with pytest.raises(
        OutputFolderError, match=r"did not write: Shop\.template\.json, manifest\.json;"
    ):
        _app("v2").synth(out)
    assert (out / "manifest.json").is_symlink()
    assert real.is_file()


def test_previous_output_is_replaced(tmp_path: Path) -> None:
    """An earlier output is replaced; its manifest names the producer and the files written."""
    out = tmp_path / "out"
    _app().synth(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["producer"] == "stagewright"
    assert manifest["files"] == ["Shop.template.json"]
    _app("v2").synth(out)
    assert '"v2"' in (out / "Shop.template.json").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_output_of_an_earlier_version_is_replaced(tmp_path: Path) -> None:
    """A manifest from before ``producer`` is recognised by its stacks' template files."""
    out = tmp_path / "out"
    _app().synth(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    del manifest["producer"], manifest["files"]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    _app("v2").synth(out)
    assert '"v2"' in (out / "Shop.template.json").read_text(encoding="utf-8")


def test_output_missing_a_listed_template_is_still_replaced(tmp_path: Path) -> None:
    """Deleting one of the templates does not make an output foreign."""
    out = tmp_path / "out"
    _app().synth(out)
    (out / "Shop.template.json").unlink()
    _app("v2").synth(out)
    assert sorted(p.name for p in out.iterdir()) == ["Shop.template.json", "manifest.json"]


def test_output_folder_keeps_its_permissions(tmp_path: Path) -> None:
    """The new output folder has the old one's mode bits."""
    out = tmp_path / "out"
    _app().synth(out)
    out.chmod(0o750)
    _app("v2").synth(out)
    assert out.stat().st_mode & 0o777 == 0o750


def test_current_folder_is_refused_even_when_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``synth(".")`` in an empty folder is refused: the process runs inside it."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputFolderError, match=r"^refusing to replace \.: it is the current"):
        _app().synth(".")
    assert list(tmp_path.iterdir()) == []


def test_cli_output_to_the_project_folder_is_refused(tmp_path: Path) -> None:
    """``stagewright synth app.py -o .`` refuses in one line and leaves the app's files alone."""
    (tmp_path / "app.py").write_text(
        "from stagewright import App, Stack\n"
        "from stagewright.generated.aws_apigateway import rest_api\n"
        "app = App()\n"
        "rest_api.RestApi(Stack(app, 'Shop'), 'Api')\n",
        encoding="utf-8",
    )
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    before = _tree(tmp_path)
    result = _run_in(tmp_path, "synth", "app.py", "-o", ".")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: refusing to replace .: it holds files stagewright did not write: app.py, "
        "manifest.json; choose another output folder, or empty this one",
    ]
    assert _tree(tmp_path) == before


def test_symlinked_output_folder_stays_a_link(tmp_path: Path) -> None:
    """Synthesis into a symlink replaces the folder it points at; the link is kept."""
    real = tmp_path / "real"
    link = tmp_path / "out"
    real.mkdir()
    link.symlink_to(real, target_is_directory=True)
    _app().synth(link)
    _app("v2").synth(link)
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert sorted(p.name for p in real.iterdir()) == ["Shop.template.json", "manifest.json"]
    assert '"v2"' in (real / "Shop.template.json").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "real"]


def test_symlink_to_a_foreign_folder_is_refused_naming_both(tmp_path: Path) -> None:
    """A link to a folder that is not ours is refused; the message names the link's target."""
    web = tmp_path / "web"
    _web_app(web)
    link = tmp_path / "out"
    link.symlink_to(web, target_is_directory=True)
    before = _tree(web)
    with pytest.raises(OutputFolderError, match=rf"replace {link} \(a link to {web}\): it holds"):
        _app().synth(link)
    assert link.is_symlink()
    assert _tree(web) == before


def test_stale_staging_folders_of_ended_runs_are_removed(tmp_path: Path) -> None:
    """Hidden folders left by a process that has ended go; a live process's stay."""
    out = tmp_path / "out"
    dead, live = _dead_pid(), os.getppid()
    for name in (f".out.stagewright.{dead}.0.tmp", f".out.stagewright.{dead}.0.old"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "Shop.template.json").write_text("{}", encoding="utf-8")
        (tmp_path / name / "manifest.json").write_text("{}", encoding="utf-8")
    (tmp_path / f".out.stagewright.{live}.0.tmp").mkdir()
    (tmp_path / f".other.stagewright.{dead}.0.tmp").mkdir()  # another output's: not ours to judge
    _app().synth(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f".other.stagewright.{dead}.0.tmp",
        f".out.stagewright.{live}.0.tmp",
        "out",
    ]


def test_stale_staging_folder_keeps_a_file_stagewright_does_not_write(tmp_path: Path) -> None:
    """Cleaning a stale folder deletes only templates and the manifest; other files stay."""
    stale = tmp_path / f".out.stagewright.{_dead_pid()}.3.tmp"
    stale.mkdir()
    (stale / "Shop.template.json").write_text("{}", encoding="utf-8")
    (stale / "notes.txt").write_text("mine", encoding="utf-8")
    remove_stale_staging(tmp_path / "out")
    assert sorted(p.name for p in stale.iterdir()) == ["notes.txt"]


_KILLED_BETWEEN_RENAMES = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path

    from stagewright import App, Stack
    from stagewright.generated.aws_apigateway import rest_api

    real = Path.rename
    def rename(self, target):
        result = real(self, target)
        if self.name == "out":  # the old output retired, the new one not yet in place
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    Path.rename = rename

    app = App()
    rest_api.RestApi(Stack(app, "Shop"), "Api", name="v2")
    app.synth(sys.argv[1])
    """
)


def test_run_killed_between_renames_is_cleaned_by_the_next(tmp_path: Path) -> None:
    """SIGKILL after the old output was moved aside: the next run writes and cleans both."""
    out = tmp_path / "out"
    _app().synth(out)
    script = tmp_path.parent / f"{tmp_path.name}-killed.py"
    script.write_text(_KILLED_BETWEEN_RENAMES, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(out)], capture_output=True, check=False, env=os.environ
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    left = sorted(p.suffix for p in tmp_path.iterdir())
    assert left == [".old", ".tmp"]
    _app("v3").synth(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert '"v3"' in (out / "Shop.template.json").read_text(encoding="utf-8")


def test_a_folder_named_with_this_process_pid_it_did_not_create_is_stale(tmp_path: Path) -> None:
    """A container's first process is pid 1 on every run: pid 1's old folder is not its own."""
    stale = tmp_path / f".out.stagewright.{os.getpid()}.0.tmp"
    stale.mkdir()
    (stale / "Shop.template.json").write_text("{}", encoding="utf-8")
    _app().synth(tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="start times come from /proc")
def test_a_live_pid_that_started_after_the_folder_changed_did_not_write_it(tmp_path: Path) -> None:
    """A pid given to a later process (pid reuse) does not keep an older folder alive."""
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as later:
        try:
            stale = tmp_path / f".out.stagewright.{later.pid}.0.tmp"
            kept = tmp_path / f".out.stagewright.{later.pid}.1.tmp"
            stale.mkdir()
            kept.mkdir()
            an_hour_ago = time.time() - 3600
            os.utime(stale, (an_hour_ago, an_hour_ago))  # changed before the process started
            remove_stale_staging(tmp_path / "out")
            assert sorted(p.name for p in tmp_path.iterdir()) == [kept.name]
        finally:
            later.kill()


def test_a_staging_folder_in_use_by_this_process_is_kept(tmp_path: Path) -> None:
    """Another thread's synthesis into the same output must not empty this one's folders."""
    target = tmp_path / "out"
    staging = _output._staging_folder(target)
    (staging / "Shop.template.json").write_text("{}", encoding="utf-8")
    remove_stale_staging(target)
    assert (staging / "Shop.template.json").is_file()
