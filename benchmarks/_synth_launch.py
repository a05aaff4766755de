"""Run one command as a whole process; print its wall and CPU time, peak RSS and exit as JSON.

Run: ``python benchmarks/_synth_launch.py PROGRAM [ARG ...]`` (``PROGRAM`` an absolute path).

Why a launcher: Linux carries a process's high-water RSS across ``exec``, and a child spawned
with ``vfork``/``posix_spawn`` (as ``subprocess`` does) runs on its parent's memory until then, so
its ``ru_maxrss`` is at least the parent's peak. The benchmark's own process grows (it parses the
templates it compares); this one stays at a bare interpreter's few MB, below any workload's peak,
so the figure ``os.wait4`` reports is the workload's own. The CPU time is the child's user plus
system time from the same rusage. The command's stdout is discarded; its stderr is this
process's.
"""

from __future__ import annotations

import json
import os
import sys
import time


def launch(argv: list[str]) -> dict[str, float | int]:
    """Spawn ``argv``, wait for it; return its wall and CPU seconds, peak RSS (KiB), exit code."""
    discard = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
    started = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=discard)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "rss_kib": usage.ru_maxrss,
        "exit": os.waitstatus_to_exitcode(status),
    }


if __name__ == "__main__":
    if len(sys.argv) < 2 or not os.path.isabs(sys.argv[1]):
        raise SystemExit("usage: python benchmarks/_synth_launch.py PROGRAM [ARG ...]")
    print(json.dumps(launch(sys.argv[1:])))
