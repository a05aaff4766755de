"""``App`` (the root) and ``Stack`` (one CloudFormation template) of the construct tree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stagewright.core._environment import Environment, StackPseudoParameter, environment_of
from stagewright.core._tree import Construct, TreeError
from stagewright.runtime._errors import Problem, ValidationError, nearest

if TYPE_CHECKING:
    from pathlib import Path

    from stagewright.synth._synth import Assembly

__all__ = ["App", "Stack", "stacks_under"]

MAX_STACK_NAME_LENGTH = 128
MAX_DESCRIPTION_BYTES = 1024


class App(Construct):
    """The root of a tree of stacks; ``app.synth(outdir)`` writes their templates."""

    def __init__(self) -> None:
        super().__init__(None, "")

    @property
    def stacks(self) -> list[Stack]:
        """Every stack of the app, in tree order (depth first, children in creation order)."""
        return stacks_under(self)

    def stack(self, name: str) -> Stack:
        """Return the stack whose stack name is ``name``; KeyError naming the nearest if none."""
        stacks = self.stacks
        for stack in stacks:
            if stack.stack_name == name:
                return stack
        names = [s.stack_name for s in stacks]
        close = nearest(name, names) if isinstance(name, str) else None
        hint = f"; did you mean {close!r}?" if close else ""
        raise KeyError(f"no stack named {name!r} (stacks: {', '.join(names) or 'none'}){hint}")

    def synthesize(self) -> Assembly:
        """Validate the whole tree and render every stack in memory (nothing is written).

        Raises ``SynthesisError`` listing every problem, one line each with its construct path.
        """
        from stagewright.synth._synth import synthesize  # noqa: PLC0415 - keeps `import stagewright` light

        return synthesize(self)

    def synth(self, outdir: str | Path | None = None) -> Assembly:
        """Synthesize and write ``<StackName>.template.json`` per stack and ``manifest.json``.

        ``outdir`` defaults to ``$STAGEWRIGHT_OUTDIR`` (which ``stagewright synth -o DIR`` sets
        while it runs the app, so an app calling ``app.synth()`` writes where the command
        does), else ``cfn.out``. The folder is replaced as a whole, so an interrupted run never
        leaves a half-written one, and only if it is missing, empty or an earlier output holding
        nothing else: any other folder raises ``OutputFolderError`` and is left as it was. A
        symlink stays a link.
        """
        import os  # noqa: PLC0415
        from pathlib import Path  # noqa: PLC0415

        from stagewright.synth._synth import synthesize_into  # noqa: PLC0415

        if outdir is None:
            outdir = os.environ.get("STAGEWRIGHT_OUTDIR") or "cfn.out"
        return synthesize_into(self, Path(outdir))


class Stack(Construct):
    """One CloudFormation stack: the elements below it synthesize to one template."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        stack_name: str | None = None,
        description: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        transform: str | Sequence[str] | None = None,
        template_format_version: str | None = "2010-09-09",
        env: Environment | None = None,
    ) -> None:
        """Add a stack to ``scope`` (the ``App``); its name defaults to ``id``.

        ``env`` pins the account and/or region it is deployed to (default: neither, decided
        when it is deployed); see ``Environment``.
        """
        name = stack_name if stack_name is not None else id
        # Checked before registering: a refused stack is not added.
        if not isinstance(id, str):
            message = f"a construct id must be a string, not {type(id).__name__}"
            raise ValidationError([Problem(("id",), "type", message, id)])
        owner = f"{id}:"
        problems = _check_description(owner, description) if description is not None else []
        problem = _check_stack_name(name)
        if problem:
            rule, message = problem
            hint = "pass stack_name= to keep the construct id" if stack_name is None else None
            problems.append(Problem(("stack_name",), rule, message, name, hint, owner))
        if problems:
            raise ValidationError(problems)
        environment = environment_of(env, owner)
        if isinstance(scope, Stack) or any(isinstance(s, Stack) for s in scope.node.scopes):
            raise TreeError(f"a stack cannot be created inside another stack ({scope!r})")
        root = scope.node.root
        clash = next((s for s in stacks_under(root) if s.stack_name == name), None)
        if clash is not None:
            path = "/".join(p for p in (scope.node.path, id) if p)
            raise TreeError(
                f"stack name {name!r} of {path!r} is already used by {clash.node.path!r}"
            )
        super().__init__(scope, id)
        self.stack_name: str = name
        self.environment: Environment = environment
        """The account and region the stack is deployed to (parts left to the deploy: None)."""
        self.description: str | None = description
        self.template_format_version = template_format_version
        self.metadata: dict[str, Any] = dict(metadata or {})
        self.transform: str | list[str] | None = (
            transform if isinstance(transform, str) or transform is None else list(transform)
        )
        self.rules: dict[str, Any] = {}
        """The template's ``Rules`` section, kept as written (from an imported template)."""
        self.extra_sections: dict[str, Any] = {}
        """Other top-level sections of an imported template (SAM's ``Globals``), kept as written."""

    @staticmethod
    def find(construct: Construct) -> Stack | None:
        """Return the stack that ``construct`` belongs to, or None if it is in none."""
        scope: Construct | None = construct
        while scope is not None:  # from the construct up: the nearest stack
            if isinstance(scope, Stack):
                return scope
            scope = scope.node.scope
        return None

    @staticmethod
    def of(construct: Construct) -> Stack:
        """Return the stack that ``construct`` belongs to; TreeError if it is in none."""
        stack = Stack.find(construct)
        if stack is None:
            raise TreeError(f"{construct!r} is not inside a Stack; create it with a stack as scope")
        return stack

    @property
    def region(self) -> str | StackPseudoParameter:
        """The declared region, else this stack's ``AWS::Region`` (a pseudo parameter).

        The pseudo parameter renders as ``{"Ref": "AWS::Region"}``; synthesis refuses it in
        another stack that declares a region (the ``Ref`` would be that stack's region).
        """
        declared = self.environment.region
        return declared if declared is not None else StackPseudoParameter(self, "AWS::Region")

    @property
    def account(self) -> str | StackPseudoParameter:
        """The declared account id, else this stack's ``AWS::AccountId`` (as ``region``)."""
        declared = self.environment.account
        return declared if declared is not None else StackPseudoParameter(self, "AWS::AccountId")

    @property
    def template_file(self) -> str:
        """The file name synthesis writes this stack's template to."""
        return f"{self.stack_name}.template.json"

    def add_dependency(self, *stacks: Stack) -> None:
        """Deploy this stack after ``stacks``."""
        for stack in stacks:
            if not isinstance(stack, Stack):
                message = f"a stack depends on stacks, not {type(stack).__name__}"
                owner = f"{self.node.path}:"
                problem = Problem(("stacks",), "depends-on", message, stack, owner=owner)
                raise ValidationError([problem])
        self.node.add_dependency(*stacks)

    def to_template(self) -> dict[str, Any]:
        """Synthesize the app in memory and return this stack's template."""
        app = self.node.root
        if not isinstance(app, App):
            raise TreeError(f"{self!r} is not in an App")
        return app.synthesize().templates[self.stack_name]


def stacks_under(root: Construct) -> list[Stack]:
    """Return the stacks below ``root`` in creation order, without walking into them."""
    found: list[Stack] = []
    pending = [root]
    while pending:
        construct = pending.pop()
        if isinstance(construct, Stack):
            found.append(construct)
        else:
            pending.extend(reversed(construct.node.children))
    return found


def _check_stack_name(name: Any) -> tuple[str, str] | None:
    """Return (rule, message) if ``name`` is no CloudFormation stack name, else None."""
    if not isinstance(name, str):
        return "type", "a stack name must be a string"
    # A letter, then letters, digits and hyphens ([A-Za-z][-A-Za-z0-9]*; a regex is ~0.2 ms
    # to compile).
    if not (name.isascii() and name[:1].isalpha() and name.replace("-", "a").isalnum()):
        return (
            "pattern",
            "a stack name starts with a letter and has only letters, digits and hyphens",
        )
    if len(name) > MAX_STACK_NAME_LENGTH:
        return "maxLength", f"a stack name is at most {MAX_STACK_NAME_LENGTH} characters long"
    return None


def _check_description(owner: str, description: Any) -> list[Problem]:
    if not isinstance(description, str):
        message = "a stack description is a string"
        return [Problem(("description",), "type", message, description, owner=owner)]
    size = len(description.encode(errors="surrogatepass"))
    if size > MAX_DESCRIPTION_BYTES:
        message = f"a stack description is at most {MAX_DESCRIPTION_BYTES} bytes (this one: {size})"
        return [Problem(("description",), "maxLength", message, description, owner=owner)]
    return []
