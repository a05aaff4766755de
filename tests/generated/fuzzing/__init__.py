"""Schema-driven fuzzing helpers: valid values, intrinsics, single-rule mutations, an oracle.

Everything here reads the patched registry schemas directly (not the generated classes), so the
tests that use it compare the generated code with an independent reading of the same schema.
The CI tests (``tests/generated/test_properties.py``), ``scripts/fuzz_roundtrip.py`` and
``benchmarks/registry_roundtrip.py`` share it.
"""
