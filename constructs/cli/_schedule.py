"""Running one job per stack in dependency order, up to N at once (``deploy --concurrency N``).

A job starts once every job it waits for has finished well; ready jobs start in the order given
(dependency order), at most ``concurrency`` at a time. With 1, jobs run one after the other in
the calling thread and print as they always did. With more, each runs in a thread and every line
it prints is prefixed with its name (``Edge | ...``), written whole, so the progress of stacks
deploying side by side interleaves line by line. A failure (a code other than 0, or an
exception) stops the start of new jobs; the running ones are waited for, then a report says what
finished, failed and was not started, and the first exception is raised again.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable, Sequence
from typing import TextIO, cast

import attrs

__all__ = ["Job", "PrefixedLines", "run_jobs"]


@attrs.frozen
class Job:
    """One stack's work: its name, the names it waits for, and ``run(out, err) -> exit code``."""

    name: str
    after: tuple[str, ...]
    run: Callable[[TextIO, TextIO], int]


class PrefixedLines(io.TextIOBase):
    """A text stream that writes each whole line to ``target`` as ``<prefix><line>``.

    Writers of several streams share one ``lock``, so two lines never mix. ``isatty`` is the
    target's (colour stays on for a terminal).
    """

    def __init__(self, target: TextIO, prefix: str, lock: threading.Lock) -> None:
        super().__init__()
        self.target, self.prefix, self.lock = target, prefix, lock
        self.pending = ""

    def write(self, text: str) -> int:
        """Buffer ``text``; write the lines it completes."""
        *lines, self.pending = (self.pending + text).split("\n")
        if lines:
            with self.lock:
                for line in lines:
                    self.target.write(f"{self.prefix}{line}\n")
                self.target.flush()
        return len(text)

    def flush(self) -> None:
        """Write a last unfinished line (a prompt) as it is."""
        if self.pending:
            with self.lock:
                self.target.write(f"{self.prefix}{self.pending}")
                self.target.flush()
            self.pending = ""

    def isatty(self) -> bool:
        """Whether the target is a terminal."""
        return bool(self.target.isatty())


@attrs.define
class _Outcome:
    name: str
    code: int
    error: BaseException | None = None


def run_jobs(
    jobs: Sequence[Job], *, concurrency: int, out: TextIO, err: TextIO, verb: str = "deploy"
) -> int:
    """Run ``jobs`` (given in dependency order) at most ``concurrency`` at once; the exit code."""
    if concurrency <= 1:
        for job in jobs:
            code = job.run(out, err)
            if code:
                return code
        return 0
    return _Pool(jobs, concurrency, out, err, verb).run()


class _Pool:
    def __init__(
        self, jobs: Sequence[Job], concurrency: int, out: TextIO, err: TextIO, verb: str
    ) -> None:
        self.jobs, self.concurrency, self.out, self.err, self.verb = (
            jobs,
            concurrency,
            out,
            err,
            verb,
        )
        self.names = {job.name for job in jobs}
        self.lock = threading.Lock()
        self.width = max((len(job.name) for job in jobs), default=0)
        self.done: queue.Queue[_Outcome] = queue.Queue()
        self.running: list[str] = []
        self.finished: list[str] = []
        self.failed: list[_Outcome] = []

    def _ready(self, waiting: list[Job]) -> list[Job]:
        finished = set(self.finished)
        return [
            job
            for job in waiting
            if all(name in finished or name not in self.names for name in job.after)
        ]

    def _start(self, job: Job) -> None:
        prefix = f"{job.name:<{self.width}} | "
        out = cast("TextIO", PrefixedLines(self.out, prefix, self.lock))
        err = cast("TextIO", PrefixedLines(self.err, prefix, self.lock))

        def work() -> None:
            outcome = _Outcome(job.name, 1)
            try:
                outcome.code = job.run(out, err)
            except BaseException as exc:  # reported by the scheduling thread
                outcome.error = exc
            finally:
                out.flush()
                err.flush()
                self.done.put(outcome)

        self.running.append(job.name)
        threading.Thread(target=work, name=f"{self.verb} {job.name}", daemon=True).start()

    def run(self) -> int:
        waiting = list(self.jobs)
        try:
            while waiting or self.running:
                if not self.failed:
                    for job in self._ready(waiting)[: self.concurrency - len(self.running)]:
                        waiting.remove(job)
                        self._start(job)
                if not self.running:
                    break  # a failure: nothing runs, nothing more starts
                outcome = self.done.get()
                self.running.remove(outcome.name)
                if outcome.code == 0 and outcome.error is None:
                    self.finished.append(outcome.name)
                else:
                    self.failed.append(outcome)
        except KeyboardInterrupt:
            with self.lock:
                print(
                    f"interrupted: what CloudFormation was doing for {', '.join(self.running)} "
                    "goes on there",
                    file=self.err,
                )
            return 130
        if not self.failed:
            return 0
        self._report([job.name for job in waiting])
        first = self.failed[0]
        if first.error is not None:
            raise first.error
        return first.code

    def _report(self, not_started: list[str]) -> None:
        failed = ", ".join(outcome.name for outcome in self.failed)
        parts = [f"failed: {failed}", f"finished: {', '.join(self.finished) or 'none'}"]
        if not_started:
            parts.append(f"not started: {', '.join(not_started)}")
        with self.lock:
            print(f"{self.verb} stopped after a failure ({'; '.join(parts)})", file=self.err)
