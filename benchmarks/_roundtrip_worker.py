"""Worker of ``registry_roundtrip.py``: round-trip schema-derived examples of some registry types.

Run in the folder holding the generated ``registry_gen`` package:
``python _roundtrip_worker.py SCHEMAS.json EXAMPLES INDEX COUNT`` reads ``{type name: schema}``,
takes every COUNT-th type from INDEX, and prints ``{type name: outcome}`` as JSON, an outcome
being ``{"runs": n, "category": str | None, "detail": str}`` (category None: it passed).
"""

from __future__ import annotations

import importlib
import json
import signal
import sys
import time
from pathlib import Path
from typing import Any

from hypothesis.errors import HypothesisException
from registry import _category

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the fuzzing helpers live with the tests
    sys.path.insert(0, str(ROOT))

from stagewright import ValidationError  # noqa: E402
from stagewright.codegen.naming import module_for, resource_class_name  # noqa: E402
from stagewright.synth._checks import props_class  # noqa: E402
from tests.generated.fuzzing.checks import check_round_trip  # noqa: E402
from tests.generated.fuzzing.intrinsics import with_intrinsics  # noqa: E402
from tests.generated.fuzzing.runner import Tally, run_property  # noqa: E402
from tests.generated.fuzzing.schema import Oracle, SchemaView  # noqa: E402
from tests.generated.fuzzing.values import Builder  # noqa: E402

SECONDS_PER_TYPE = 60
SLOW = 5.0  # seconds: a type taking longer is named on standard error


class _TimeoutError(BaseException):
    """A type took longer than SECONDS_PER_TYPE.

    A BaseException: no ``except Exception`` on the way (the checks, Hypothesis) may swallow it.
    """


def _alarm(signum: int, frame: Any) -> None:
    raise _TimeoutError


def _outcome(runs: int, category: str | None, detail: str = "") -> dict[str, Any]:
    return {"runs": runs, "category": category, "detail": detail[:600]}


def _classify(tally: Tally, oracle: Oracle, intrinsics: bool) -> dict[str, Any]:
    exc, value = tally.errors[0]
    where = "with intrinsics: " if intrinsics else ""
    if not oracle.is_valid(value) and not intrinsics:
        return _outcome(tally.runs, "generator: drew a schema-invalid value", repr(value))
    if isinstance(exc, ValidationError):
        problem = exc.problems[0]
        category = (
            f"{where}refuses a schema-valid value: [{problem.rule}] {_category(problem.message)}"
        )
        return _outcome(tally.runs, category, f"{exc} on {value!r}")
    if isinstance(exc, AssertionError):
        return _outcome(tally.runs, f"{where}round trip differs", f"{exc} on {value!r}")
    return _outcome(tally.runs, f"{where}crash: {type(exc).__name__}", f"{exc} on {value!r}")


def check_type(type_name: str, schema: dict[str, Any], examples: int) -> dict[str, Any]:
    """Round-trip ``examples`` valid values of one type, then as many with intrinsics."""
    package, module = module_for(type_name)
    try:
        loaded = importlib.import_module(f"registry_gen.{package}.{module}")
        props = props_class(getattr(loaded, resource_class_name(type_name)))
    except Exception as exc:
        return _outcome(0, f"import: {type(exc).__name__}", str(exc))
    build = Builder(SchemaView(schema))
    runs = 0
    for intrinsics in (False, True):
        values = with_intrinsics(build.properties()) if intrinsics else build.properties()
        try:
            tally = run_property(values, lambda v: check_round_trip(props, v), examples)
        except HypothesisException as exc:
            unreadable = " (a pattern it cannot read)" if build.unsupported else ""
            category = f"generator: no valid example{unreadable}"
            return _outcome(runs, category, f"{type(exc).__name__}: {build.unsupported[:3]}")
        runs += tally.runs
        if tally.failures:
            return _classify(tally, build.oracle, intrinsics)
    return _outcome(runs, None)


def main() -> int:
    """Check this worker's share of the types and print the outcomes."""
    schemas_file, examples, index, count = sys.argv[1:5]
    sys.path.insert(0, str(Path.cwd()))  # registry_gen
    schemas: dict[str, Any] = json.loads(Path(schemas_file).read_text(encoding="utf-8"))
    names = sorted(schemas)[int(index) :: int(count)]
    signal.signal(signal.SIGALRM, _alarm)
    outcomes = {}
    for name in names:
        signal.alarm(SECONDS_PER_TYPE)
        started = time.perf_counter()
        try:
            outcomes[name] = check_type(name, schemas[name], int(examples))
        except _TimeoutError:
            outcomes[name] = _outcome(0, "timeout", f"over {SECONDS_PER_TYPE}s")
        except Exception as exc:  # a generator problem (an unresolvable $ref, say)
            outcomes[name] = _outcome(0, f"generator: {type(exc).__name__}", str(exc))
        finally:
            signal.alarm(0)
            seconds = time.perf_counter() - started
            if seconds > SLOW:
                print(f"  slow: {name} {seconds:.0f}s", file=sys.stderr, flush=True)
    print(json.dumps(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
