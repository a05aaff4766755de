"""Fuzz the generated types with many schema-derived examples; print runs, failures and time.

Run: ``python scripts/fuzz_roundtrip.py [--examples 10000] [--seed 0] [--workers 2] [TYPE ...]``

The properties are those of ``tests/generated/test_properties.py`` (the CI runs them with 50-200
derandomized examples): for each type (default: both Stage types) its ``Properties`` round trip
and each nested type's, with intrinsic functions anywhere; synthesis of a template holding the
value; one broken rule reported once at its path. Failures are counted, not shrunk; the first
few of each property are printed. Exit 1 if any failed.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the fuzzing helpers live with the tests
    sys.path.insert(0, str(ROOT))

from stagewright.runtime._props import CfnProperty  # noqa: E402
from stagewright.synth._checks import props_class, resource_class  # noqa: E402
from tests.generated.fuzzing.checks import (  # noqa: E402
    check_reported,
    check_round_trip,
    check_synthesis,
)
from tests.generated.fuzzing.intrinsics import with_intrinsics  # noqa: E402
from tests.generated.fuzzing.mutations import Mutation, mutated  # noqa: E402
from tests.generated.fuzzing.runner import Tally, run_property  # noqa: E402
from tests.generated.fuzzing.schema import vendored_view  # noqa: E402
from tests.generated.fuzzing.values import Builder  # noqa: E402

STAGES = ("AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage")


@attrs.frozen
class Row:
    """One property of one type and what its run found (failures as text: it crosses processes)."""

    type_name: str
    prop: str
    runs: int
    failures: int
    seconds: float
    samples: tuple[str, ...]

    @classmethod
    def of(cls, type_name: str, prop: str, tally: Tally) -> Row:
        """Summarize a run."""
        samples = tuple(
            f"{type(exc).__name__}: {str(exc)[:300]}\n      on {value!r}"[:700]
            for exc, value in tally.errors
        )
        return cls(type_name, prop, tally.runs, tally.failures, tally.seconds, samples)


def _classes(type_name: str) -> dict[str, type[CfnProperty]]:
    """The props class and every nested class of ``type_name``, by schema name."""
    props = props_class(resource_class(type_name))
    module = sys.modules[props.__module__]
    found = {"Properties": props}
    for name in module.__all__:
        cls = getattr(module, name)
        if isinstance(cls, type) and issubclass(cls, CfnProperty) and cls is not props:
            found[cls.__cfn_name__] = cls
    return found


def _jobs(type_name: str) -> list[tuple[str, st.SearchStrategy[Any], Callable[[Any], None]]]:
    build = Builder(vendored_view(type_name))
    classes = _classes(type_name)
    props = classes.pop("Properties")
    values = with_intrinsics(build.properties())
    jobs: list[tuple[str, st.SearchStrategy[Any], Callable[[Any], None]]] = [
        ("round trip", values, lambda v: check_round_trip(props, v)),
        ("synthesis", values, lambda v: check_synthesis(type_name, v)),
        (
            "one broken rule",
            mutated(build.oracle.view, build.oracle, with_intrinsics(build.properties(), rate=5)),
            lambda m: _reported(props, m),
        ),
    ]
    for name, cls in sorted(classes.items()):
        strategy = with_intrinsics(build.definition(name))
        jobs.append((f"nested {name}", strategy, _bind_round_trip(cls)))
    return jobs


def _bind_round_trip(cls: type[CfnProperty]) -> Callable[[Any], None]:
    return lambda value: check_round_trip(cls, value)


def _reported(props: type[CfnProperty], mutation: Mutation | None) -> None:
    if mutation is not None:
        check_reported(props, mutation)


def run_type(type_name: str, examples: int, seed_value: int) -> list[Row]:
    """Run every property of ``type_name`` for ``examples`` examples each."""
    return [
        Row.of(type_name, prop, run_property(strategy, check, examples, seed_value))
        for prop, strategy, check in _jobs(type_name)
    ]


def _print(rows: list[Row]) -> None:
    print(f"{'type':28} {'property':30} {'examples':>9} {'failures':>9} {'time':>8}")
    for r in rows:
        print(f"{r.type_name:28} {r.prop:30} {r.runs:9d} {r.failures:9d} {r.seconds:7.1f}s")
        for sample in r.samples:
            print(f"    {sample}")


def main() -> int:
    """Fuzz each type in its own process; print the table; exit 1 on any failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("types", nargs="*", default=list(STAGES), metavar="TYPE")
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.workers) as pool:
        futures = [pool.submit(run_type, t, args.examples, args.seed) for t in args.types]
        rows = [row for f in futures for row in f.result()]
    _print(rows)
    failures = sum(r.failures for r in rows)
    print(
        f"{sum(r.runs for r in rows)} examples, {failures} failures, seed {args.seed}, "
        f"{time.perf_counter() - started:.0f}s wall ({args.workers} workers)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
