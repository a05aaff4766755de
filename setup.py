"""Package list for pyproject.toml's folder mapping (generated/ grows a package per service)."""

from setuptools import find_packages, setup

_ROOTS = {
    "stagewright": "constructs",
    "stagewright.generated": "generated",
    "stagewright.codegen": "codegen",
    "stagewright.examples": "examples",
    "stagewright.docs": "docs",
}

setup(
    packages=[
        name
        for package, folder in _ROOTS.items()
        for name in [package, *(f"{package}.{sub}" for sub in find_packages(folder))]
    ],
)
