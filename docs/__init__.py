"""The documentation pages, shipped in the package so that ``stagewright errors`` can read them."""
