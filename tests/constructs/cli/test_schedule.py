"""The deploy scheduler: dependency order, at most N at once, a failure stops new starts.

Deterministic: jobs that must overlap meet at a barrier (which breaks, failing the job, if they
cannot run at once), and the assertions read the order of recorded starts and ends, not times.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from typing import TextIO

import pytest

from stagewright.cli._events import DeployError
from stagewright.cli._schedule import Job, run_jobs

WAIT = 10  # seconds a barrier waits before it breaks: only reached when the scheduler is wrong


class Log:
    """Starts and ends of jobs, in the order they happened."""

    def __init__(self) -> None:
        self.entries: list[str] = []
        self.lock = threading.Lock()

    def add(self, entry: str) -> None:
        with self.lock:
            self.entries.append(entry)

    def index(self, entry: str) -> int:
        return self.entries.index(entry)


def job(
    log: Log, name: str, after: tuple[str, ...] = (), body: Callable[[], int] = lambda: 0
) -> Job:
    """A job that logs ``start NAME``, runs ``body``, prints a line, logs ``end NAME``."""

    def run(out: TextIO, err: TextIO) -> int:
        log.add(f"start {name}")
        try:
            code = body()
            print(f"{name} did its work", file=out)
            return code
        finally:
            log.add(f"end {name}")

    return Job(name, after, run)


def meet(barrier: threading.Barrier) -> Callable[[], int]:
    """A body that returns once the other party arrives (1 if it never does)."""

    def body() -> int:
        try:
            barrier.wait(WAIT)
        except threading.BrokenBarrierError:
            return 1
        return 0

    return body


def test_independent_jobs_run_at_once_and_a_dependent_one_waits_for_both() -> None:
    """N=2: Left and Right overlap (they meet at a barrier); Join starts after both ended."""
    log, both = Log(), threading.Barrier(2)
    jobs = [
        job(log, "Left", body=meet(both)),
        job(log, "Right", body=meet(both)),
        job(log, "Join", after=("Left", "Right")),
    ]
    out, err = io.StringIO(), io.StringIO()
    assert run_jobs(jobs, concurrency=2, out=out, err=err) == 0
    assert {log.index("start Left"), log.index("start Right")} == {0, 1}
    assert log.index("start Join") > max(log.index("end Left"), log.index("end Right"))
    assert sorted(out.getvalue().splitlines()) == [
        "Join  | Join did its work",
        "Left  | Left did its work",
        "Right | Right did its work",
    ]


def test_no_more_than_n_run_at_once() -> None:
    """N=2 and three independent jobs: the third starts only once one of the first two ended."""
    log, both = Log(), threading.Barrier(2)
    jobs = [
        job(log, "A", body=meet(both)),
        job(log, "B", body=meet(both)),
        job(log, "C"),
    ]
    assert run_jobs(jobs, concurrency=2, out=io.StringIO(), err=io.StringIO()) == 0
    assert log.index("start C") > min(log.index("end A"), log.index("end B"))


def test_one_at_a_time_runs_in_order_in_this_thread_without_prefixes() -> None:
    """N=1: the plain output of before, in the given order; the first failure ends the run."""
    log = Log()
    jobs = [job(log, "A"), job(log, "B", body=lambda: 1), job(log, "C")]
    out = io.StringIO()
    assert run_jobs(jobs, concurrency=1, out=out, err=io.StringIO()) == 1
    assert log.entries == ["start A", "end A", "start B", "end B"]
    assert out.getvalue().splitlines() == ["A did its work", "B did its work"]


def _after_thread_of(name: str) -> None:
    """Wait until the thread running job ``name`` has ended (its outcome is queued by then)."""
    while any(t.name == f"deploy {name}" and t.is_alive() for t in threading.enumerate()):
        time.sleep(0.001)


def test_a_failure_stops_new_starts_waits_for_the_running_and_reports() -> None:
    """Bad fails while Slow runs: Slow still finishes; Next and After never start; one report."""
    log, bad_ended = Log(), threading.Event()

    def bad() -> int:
        bad_ended.set()
        return 1

    def slow() -> int:
        bad_ended.wait(WAIT)
        _after_thread_of("Bad")  # Bad's failure is queued before Slow's end
        return 0

    jobs = [
        job(log, "Bad", body=bad),
        job(log, "Slow", body=slow),
        job(log, "Next"),
        job(log, "After", after=("Slow",)),
    ]
    err = io.StringIO()
    assert run_jobs(jobs, concurrency=2, out=io.StringIO(), err=err) == 1
    assert "start Next" not in log.entries
    assert "start After" not in log.entries
    assert "end Slow" in log.entries
    assert err.getvalue().splitlines() == [
        "deploy stopped after a failure (failed: Bad; finished: Slow; not started: Next, After)"
    ]


def test_an_exception_is_raised_again_after_the_running_jobs_end() -> None:
    """A job's DeployError reaches the caller (the CLI's one error line) after the report."""
    log = Log()

    def refused() -> int:
        raise DeployError("stack Bad: no")

    jobs = [job(log, "Bad", body=refused), job(log, "Good")]
    err = io.StringIO()
    with pytest.raises(DeployError, match="stack Bad: no"):
        run_jobs(jobs, concurrency=2, out=io.StringIO(), err=err)
    assert err.getvalue().startswith("deploy stopped after a failure (failed: Bad;")
