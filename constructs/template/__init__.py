"""Template files in and out: YAML with CloudFormation's short forms, including an existing
template into a stack, and the structural diff of two templates.

Stands on the construct core (an included template becomes elements of a stack); synthesis
uses the core only, never this package.
"""

from stagewright.template._include import (
    IncludedTemplate,
    TemplateImportError,
    include_template,
    stack_from_template,
)

__all__ = ["IncludedTemplate", "TemplateImportError", "include_template", "stack_from_template"]
