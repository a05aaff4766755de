"""Check dcg's naming API against its full parser on every registry type; print the figures.

Run: ``python benchmarks/registry_names.py [--region us-east-1] [--workers 2]``

For every type of the pinned cfn-lint snapshot it names the classes and fields twice: through
datamodel-code-generator's ``ModelResolver`` (``dcg_names``, what the pipeline does) and through
its full ``JsonSchemaParser`` (``parser_names``, what the pipeline did before), both before and
after our own clash rules (``build``). It prints how many class and field names differ, with
examples, and the time each way took. Run it after upgrading datamodel-code-generator: any
difference means ``codegen/_dcg.py`` no longer names as the parser does. Exit 1 on a difference.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from registry import _load_all

from stagewright.codegen import naming
from stagewright.codegen._dcg import DcgClass, dcg_names, parser_names
from stagewright.codegen._prepare import Prepared, class_nodes, prepare
from stagewright.codegen.build import _class_names, _field_names

Names = tuple[dict[str, str], dict[tuple[str, str], str]]
"""Class key -> class name, and (class key, property) -> field name."""


def _final(dcg: dict[str, DcgClass], prepared: Prepared, type_name: str) -> Names:
    """Return the names the generated module gets from ``dcg``'s, after our clash rules."""
    reserved = {
        naming.resource_class_name(type_name),
        naming.props_class_name(type_name),
        *naming.RESERVED_CLASS_NAMES,
    }
    classes = _class_names(dcg, prepared, reserved)
    fields = {
        (key, cfn): attr
        for key, node in class_nodes(prepared)
        for cfn, attr in _field_names(sorted(node["properties"]), dcg.get(key)).items()
    }
    return classes, fields


def _raw(dcg: dict[str, DcgClass], prepared: Prepared) -> Names:
    classes = {key: dcg[key].name for key, _ in class_nodes(prepared) if key in dcg}
    fields = {
        (key, cfn): dcg[key].fields.get(cfn, "?")
        for key, node in class_nodes(prepared)
        if key in dcg
        for cfn in node["properties"]
    }
    return classes, fields


def _one(schema: dict[str, Any]) -> tuple[str, float, float, Names, Names, Names, Names]:
    type_name = str(schema["typeName"])
    prepared = prepare(schema)
    props = naming.props_class_name(type_name)
    started = time.perf_counter()
    new = dcg_names(prepared, props)
    t_new = time.perf_counter()
    old = parser_names(prepared, props)
    t_old = time.perf_counter()
    return (
        type_name,
        t_new - started,
        t_old - t_new,
        _raw(old, prepared),
        _raw(new, prepared),
        _final(old, prepared, type_name),
        _final(new, prepared, type_name),
    )


def _diff(label: str, type_name: str, old: Names, new: Names, out: list[str]) -> tuple[int, int]:
    classes = [k for k in old[0].keys() | new[0].keys() if old[0].get(k) != new[0].get(k)]
    fields = [k for k in old[1].keys() | new[1].keys() if old[1].get(k) != new[1].get(k)]
    out += [f"  {label} {type_name} {k}: {old[0].get(k)} != {new[0].get(k)}" for k in classes]
    out += [f"  {label} {type_name} {k}: {old[1].get(k)} != {new[1].get(k)}" for k in fields]
    return len(classes), len(fields)


def main() -> int:
    """Compare the two namings over the registry; exit 1 if any name differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    loaded, _, _ = _load_all(args.region)
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(_one, [s.schema for s in loaded], chunksize=16))
    examples: list[str] = []
    counts = {"raw": [0, 0], "final": [0, 0]}
    n_classes = n_fields = 0
    for type_name, _, _, raw_old, raw_new, final_old, final_new in results:
        n_classes += len(final_old[0])
        n_fields += len(final_old[1])
        for label, old, new in (("raw", raw_old, raw_new), ("final", final_old, final_new)):
            c, f = _diff(label, type_name, old, new, examples)
            counts[label][0] += c
            counts[label][1] += f
    print(f"registry names: {len(results)} types, {n_classes} classes, {n_fields} fields")
    for label, (c, f) in counts.items():
        print(f"  {label:5s} names differing (resolver vs full parse): {c} classes, {f} fields")
    for line in examples[:40]:
        print(line)
    t_new = sum(r[1] for r in results)
    t_old = sum(r[2] for r in results)
    print(
        f"  cpu time naming: resolver {t_new:.1f}s, full parse {t_old:.1f}s (summed over workers)"
    )
    return 1 if examples else 0


if __name__ == "__main__":
    sys.exit(main())
