"""The generator: registry schemas in schemas/ -> typed attrs modules in generated/."""
