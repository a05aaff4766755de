"""Run a property for many examples outside pytest, counting failures instead of stopping at one."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

__all__ = ["Tally", "ci_settings", "run_property"]

_KEPT = 3


def ci_settings(examples: int) -> settings:
    """Settings for the CI tests: derandomized (the same examples every run), no database."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


@attrs.define
class Tally:
    """What one run found: examples run, failures (the first few kept) and time."""

    runs: int = 0
    failures: int = 0
    seconds: float = 0.0
    errors: list[tuple[BaseException, Any]] = attrs.Factory(list)

    def failed(self, exc: BaseException, value: Any) -> None:
        """Count a failure; keep it if it is among the first few."""
        self.failures += 1
        if len(self.errors) < _KEPT:
            self.errors.append((exc, value))


def run_property(
    strategy: st.SearchStrategy[Any],
    check: Callable[[Any], None],
    examples: int,
    seed_value: int | None = None,
) -> Tally:
    """Run ``check`` on ``examples`` values of ``strategy``; derandomized without a seed.

    Only the generate phase runs: every failure is counted and none is shrunk. Errors raised
    outside ``check`` (a strategy that cannot be built or satisfied) propagate.
    """
    tally = Tally()

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=seed_value is None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def body(value: Any) -> None:
        tally.runs += 1
        try:
            check(value)
        except Exception as exc:
            tally.failed(exc, value)

    started = time.perf_counter()
    try:
        (seed(seed_value)(body) if seed_value is not None else body)()
    finally:
        tally.seconds = time.perf_counter() - started
    return tally
