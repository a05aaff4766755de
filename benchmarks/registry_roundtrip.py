"""Generate every registry type, then round-trip schema-derived examples of each; print figures.

Run: ``python benchmarks/registry_roundtrip.py [--examples 5] [--workers 2] [--region us-east-1]``

Like ``registry.py`` it loads, generates and formats every type of the pinned cfn-lint snapshot;
then, per type, it draws ``--examples`` schema-valid ``Properties`` values from the schema
(``tests/generated/fuzzing``: derandomized, the first being the smallest valid one) and as many
with intrinsic functions in place of values, and checks ``from_cfn(v).to_cfn() == v``. It prints
how many types pass and every failure category with a count and an example type. Not part of
the test suite: it takes a few minutes.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from registry import _load_all, write_package

from stagewright.codegen._format import format_sources
from stagewright.codegen.pipeline import build_models, render_models

WORKER = Path(__file__).resolve().parent / "_roundtrip_worker.py"


def _run_workers(
    root: Path, schemas: dict[str, Any], examples: int, workers: int
) -> dict[str, Any]:
    (root / "schemas.json").write_text(json.dumps(schemas), encoding="utf-8")
    processes = [
        subprocess.Popen(
            [sys.executable, str(WORKER), "schemas.json", str(examples), str(i), str(workers)],
            cwd=root,
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(workers)
    ]
    outcomes: dict[str, Any] = {}
    for process in processes:
        stdout, _ = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"a worker failed (exit {process.returncode})")
        outcomes.update(json.loads(stdout))
    return outcomes


def _report(outcomes: dict[str, Any]) -> int:
    failed = {name: o for name, o in outcomes.items() if o["category"] is not None}
    runs = sum(o["runs"] for o in outcomes.values())
    passed = len(outcomes) - len(failed)
    print(f"  round trip passed: {passed}/{len(outcomes)} types ({runs} values)")
    by_category: dict[str, list[str]] = collections.defaultdict(list)
    for name, outcome in sorted(failed.items()):
        by_category[outcome["category"]].append(name)
    for category, names in sorted(by_category.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        example = names[0]
        print(f"  {len(names):5d}  {category}")
        print(f"         e.g. {example}: {failed[example]['detail'][:300]}")
    return len(failed)


def main() -> int:
    """Generate, import and round-trip every type; print the figures; exit 1 on failures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--examples", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep the generated tree and results here")
    parser.add_argument("--match", default="", help="only types whose name holds this text")
    args = parser.parse_args()

    started = time.perf_counter()
    loaded = [s for s in _load_all(args.region)[0] if args.match in s.type_name]
    jobs = [(s.schema, s.type_name) for s in loaded]
    models, problems = build_models(jobs, workers=args.workers)
    files, clashes = render_models(models)
    files = format_sources(files)
    generated = time.perf_counter()
    schemas = {s.type_name: s.schema for s in loaded}
    with tempfile.TemporaryDirectory(prefix="stagewright-roundtrip-") as tmp:
        root = args.keep or Path(tmp)
        write_package(files, root)
        outcomes = _run_workers(root, schemas, args.examples, args.workers)
        (root / "outcomes.json").write_text(json.dumps(outcomes, indent=1), encoding="utf-8")
    finished = time.perf_counter()
    print(f"registry round trip: cfn-lint snapshot, {args.region}: {len(schemas)} types")
    print(f"  generator problems (see registry.py): {len(problems) + len(clashes)}")
    failures = _report(outcomes)
    print(
        f"  wall time: {finished - started:.0f}s = generate {generated - started:.0f}s"
        f" + round trips {finished - generated:.0f}s ({args.workers} workers,"
        f" {args.examples} examples per type without and {args.examples} with intrinsics)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
