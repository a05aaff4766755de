"""Write an Assembly to its output folder, never deleting a file stagewright did not write.

The folder is replaced as a whole: the files go into a hidden staging folder beside it, which
then takes its place, so an interrupted run leaves the old output or the new one, never a mix.

Only a folder stagewright wrote is replaced: an empty or missing one, or one whose manifest says
``"producer": "stagewright"``, lists the template files it wrote, and which holds nothing else.
Anything else is refused with an ``OutputFolderError`` naming the folder, the reason and the fix.
Even then, removing the old folder deletes only ``manifest.json`` and ``*.template.json`` files
and then the empty folder, so a file that appears meanwhile survives.

A run killed by SIGKILL or SIGTERM runs no cleanup; its staging folder
(``.<name>.stagewright.<pid>.<n>.tmp``, or ``.old`` for the output it was retiring) stays beside
the output. The next run into that folder removes those whose process is gone: no process has
the pid, or (on Linux) the process with that pid started after the folder was last changed, so
it is a later process that was given the same pid (as each container's first process is pid 1),
or it is this very process, which did not create it.

A symlinked output folder stays a link: the folder it points at is the one replaced.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stagewright.synth._assembly import MANIFEST_FILE, MANIFEST_PRODUCER, TEMPLATE_SUFFIX
from stagewright.synth._encode import dumps_template_bytes

if TYPE_CHECKING:
    from stagewright.synth._assembly import Assembly

__all__ = ["OutputFolderError", "write_assembly"]

# A manifest of thousands of stacks with their messages is a few MB; a bigger file is not ours.
_MANIFEST_MAX_BYTES = 64 * 1024 * 1024
_MAX_NAMES_SHOWN = 5


class OutputFolderError(FileExistsError):
    """The output folder is not one synthesis may replace; the message says why and the fix.

    A ``FileExistsError``, as this refusal was before it had its own type.
    """


def write_assembly(assembly: Assembly, outdir: Path) -> None:
    """Write the templates and manifest into ``outdir``, replacing a previous output as a whole."""
    target = _resolve(outdir)
    _check_replaceable(outdir, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(target)
    staging = _staging_folder(target)
    try:
        for artifact in assembly.stacks:
            (staging / artifact.file).write_bytes(artifact.data)
        (staging / MANIFEST_FILE).write_bytes(dumps_template_bytes(assembly.manifest()))
        _swap(staging, target)
    except BaseException:
        _remove_ours(staging)
        raise
    finally:
        _CREATED.difference_update((staging, _retired(staging)))


def _resolve(outdir: Path) -> Path:
    """Return the folder ``outdir`` names, symlinks followed (a link's target is replaced)."""
    try:
        return outdir.absolute().resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise OutputFolderError(f"refusing to write to {outdir}: {exc}") from exc


def _refusal(outdir: Path, target: Path, reason: str, fix: str) -> OutputFolderError:
    shown = str(outdir)
    if os.path.islink(outdir):
        shown += f" (a link to {target})"
    return OutputFolderError(f"refusing to replace {shown}: {reason}; {fix}")


def _check_replaceable(outdir: Path, target: Path) -> None:
    """Raise OutputFolderError unless ``target`` is missing, empty, or a previous output."""
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(mode):
        raise _refusal(outdir, target, "it is not a folder", "choose another output folder")
    foreign = _foreign_entries(target)
    if foreign:
        raise _refusal(
            outdir,
            target,
            f"it holds files stagewright did not write: {_names(foreign)}",
            "choose another output folder, or empty this one",
        )
    if target == _cwd() or target in _cwd().parents:
        raise _refusal(
            outdir,
            target,
            "it is the current folder, or holds it",
            "choose a folder inside it, such as cfn.out",
        )


def _cwd() -> Path:
    try:
        return Path.cwd().resolve()
    except OSError:  # the current folder was deleted: nothing can be inside it
        return Path("/nonexistent-cwd")


def _foreign_entries(folder: Path) -> list[str]:
    """Return the names in ``folder`` its manifest does not list (folders end in ``/``)."""
    ours = _manifest_files(folder)
    foreign = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name in ours and entry.is_file(follow_symlinks=False):
                continue
            foreign.append(entry.name + ("/" if entry.is_dir(follow_symlinks=False) else ""))
    return sorted(foreign)


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:_MAX_NAMES_SHOWN])
    more = len(names) - _MAX_NAMES_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _manifest_files(folder: Path) -> frozenset[str]:
    """Return the files a stagewright manifest in ``folder`` says it wrote (itself included).

    Nothing when there is no manifest, or one stagewright did not write. A manifest written
    before it named its producer is recognised by its ``stacks`` and their ``template`` files.
    """
    manifest = _read_manifest(folder / MANIFEST_FILE)
    if not isinstance(manifest, dict):
        return frozenset()
    files: Any = manifest.get("files")
    if manifest.get("producer") != MANIFEST_PRODUCER:
        stacks = manifest.get("stacks")
        if manifest.get("version") != "1" or not isinstance(stacks, dict):
            return frozenset()
        files = [entry.get("template") for entry in stacks.values() if isinstance(entry, dict)]
    if not isinstance(files, list) or not all(_is_template_name(f) for f in files):
        return frozenset()
    return frozenset([*files, MANIFEST_FILE])


def _is_template_name(name: object) -> bool:
    return isinstance(name, str) and name.endswith(TEMPLATE_SUFFIX) and "/" not in name


def _read_manifest(path: Path) -> object:
    """Return the parsed manifest at ``path``, or None if it is no regular, small JSON file."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        with path.open("rb") as file:
            data = file.read(_MANIFEST_MAX_BYTES + 1)
        if len(data) > _MANIFEST_MAX_BYTES:
            return None
        return json.loads(data)
    except (OSError, ValueError, RecursionError):
        return None


_STAGING = re.compile(r"\.stagewright\.(\d+)\.\d+\.(?:tmp|old)")


def remove_stale_staging(target: Path) -> None:
    """Remove the staging folders beside ``target`` that runs which have ended left behind."""
    prefix = f".{target.name}"
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        match = _STAGING.fullmatch(entry.name, len(prefix))
        if not (match and entry.is_dir(follow_symlinks=False)):
            continue
        path = Path(entry.path)
        if path in _CREATED:  # this process's own, in use
            continue
        try:
            changed = entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if not _may_have_written(int(match[1]), changed):
            _remove_ours(path)


_CREATED: set[Path] = set()
"""The staging folders this process has created (a folder named with its pid it did not
create was left by an earlier process with the same pid)."""


def _may_have_written(pid: int, changed: float) -> bool:
    """Whether process ``pid`` may have written a folder last changed at ``changed`` (epoch s).

    When in doubt, it may: no such process is the only certain answer on most systems; on Linux,
    a process that started after the folder's last change did not write it.
    """
    if pid == os.getpid():
        return False  # not in _CREATED: an earlier process with our pid left it
    if os.name != "posix":  # on Windows, os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as another user
        pass
    started = _start_time(pid)
    return started is None or started <= changed + 1  # clock ticks round to 10 ms


def _start_time(pid: int) -> float | None:
    """When process ``pid`` started (epoch seconds), from Linux's /proc; None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            fields = file.read().rsplit(b")", 1)[1].split()
        with open("/proc/stat", "rb") as file:
            boot = next(int(line.split()[1]) for line in file if line.startswith(b"btime "))
        ticks = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None
    return boot + int(fields[19]) / ticks  # field 22 (starttime), after pid and (comm)


def _staging_folder(target: Path) -> Path:
    """Create a new, empty hidden folder beside ``target`` (not tempfile: ~5 ms to import)."""
    for attempt in range(100):
        staging = target.with_name(f".{target.name}.stagewright.{os.getpid()}.{attempt}.tmp")
        try:
            staging.mkdir()
        except FileExistsError:
            continue
        _CREATED.add(staging)
        return staging
    raise FileExistsError(f"could not create a staging folder beside {target}")


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` in ``target``'s place; on failure, put the old folder back."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        staging.rename(target)
        return
    os.chmod(staging, stat.S_IMODE(mode))  # keep the folder's permissions
    retired = _retired(staging)
    _CREATED.add(retired)  # ours while it exists, though named like a stale folder
    target.rename(retired)
    try:
        staging.rename(target)
    except BaseException:
        retired.rename(target)
        raise
    _remove_ours(retired)


def _retired(staging: Path) -> Path:
    """The name the previous output takes while ``staging`` replaces it."""
    return staging.with_name(staging.name.removesuffix(".tmp") + ".old")


def _remove_ours(folder: Path) -> None:
    """Delete the files stagewright writes in ``folder``, then the folder if that emptied it."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                ours = entry.name == MANIFEST_FILE or entry.name.endswith(TEMPLATE_SUFFIX)
                if ours and entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
        folder.rmdir()
    except OSError:
        pass  # left for the next run, or for the user: never deleted with what it holds
