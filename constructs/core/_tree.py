"""The construct tree: ``Construct(scope, id)`` with everything tree-related on ``.node``.

Modelled on aws/constructs: the path is derived from the scopes, never stored twice; ids are
cleaned (``/`` becomes ``--``); duplicate sibling ids are an error naming the path; validations
return messages and synthesis collects all of them; the tree is locked while it is synthesized.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, Protocol

__all__ = [
    "Annotations",
    "Aspect",
    "Aspects",
    "Construct",
    "MetadataEntry",
    "Node",
    "TreeError",
    "apply_aspects",
]

PATH_SEPARATOR = "/"

WARNING = "warning"
ERROR = "error"
INFO = "info"


class TreeError(ValueError):
    """A misuse of the tree: a duplicate id, an addition while locked, a bad dependency."""


class MetadataEntry(NamedTuple):
    """One piece of metadata on a node: a type (``warning``, ``info``, or your own) and data."""

    type: str
    data: Any


class Node:
    """A construct's place in the tree: id, scope, path, children, dependencies, validations."""

    __slots__ = (
        "_aspects",
        "_children",
        "_dependencies",
        "_locked",
        "_metadata",
        "_validations",
        "host",
        "id",
        "scope",
    )

    def __init__(self, host: Construct, scope: Construct | None, id: str) -> None:
        if not isinstance(id, str):
            from stagewright.runtime._errors import Problem, ValidationError  # noqa: PLC0415

            owner = f"{scope.node.path}:" if scope is not None and scope.node.path else ""
            message = f"a construct id must be a string, not {type(id).__name__}"
            raise ValidationError([Problem(("id",), "type", message, id, owner=owner)])
        if scope is not None and not id:
            raise TreeError(f"only the root construct may have an empty id (under {scope!r})")
        self.host, self.scope = host, scope
        # The path separator cannot appear inside an id, as in aws/constructs.
        self.id = id.replace(PATH_SEPARATOR, "--")
        self._children: dict[str, Construct] = {}
        # Tuples, not lists: most constructs never get any, and the empty tuple is shared (a big
        # tree would otherwise allocate, and have the garbage collector scan, three lists each).
        self._dependencies: tuple[Construct, ...] = ()
        self._validations: tuple[Callable[[], list[str]], ...] = ()
        self._metadata: tuple[MetadataEntry, ...] = ()
        self._aspects: tuple[Aspect, ...] = ()
        self._locked = False
        if scope is not None:
            scope.node._add_child(host, self.id)

    def _add_child(self, child: Construct, child_id: str) -> None:
        if self._locked_here_or_above():
            raise TreeError(
                f"cannot add {child_id!r} under {self.path or '(root)'!r}: the tree is locked "
                "while it is synthesized"
            )
        if child_id in self._children:
            where = f"{self.path}{PATH_SEPARATOR}{child_id}" if self.path else child_id
            raise TreeError(f"there is already a construct with id {child_id!r} at {where!r}")
        self._children[child_id] = child

    def _detach(self) -> None:
        """Take this construct (and its children) out of its scope again.

        For a constructor that fails after joining the tree: the tree is left as it was, and
        the id can be used again. Nothing else may refer to the construct yet.
        """
        if self.scope is not None and self.scope.node._children.get(self.id) is self.host:
            del self.scope.node._children[self.id]

    @property
    def path(self) -> str:
        """The ids from the root to this construct, joined by ``/`` (the root's id is left out)."""
        parts = []
        node: Node | None = self
        while node is not None and node.scope is not None:
            parts.append(node.id)
            node = node.scope.node
        return PATH_SEPARATOR.join(reversed(parts))

    @property
    def scopes(self) -> list[Construct]:
        """The constructs from the root down to this one (inclusive)."""
        out = [self.host]
        scope = self.scope
        while scope is not None:
            out.append(scope)
            scope = scope.node.scope
        out.reverse()
        return out

    @property
    def root(self) -> Construct:
        """The root of the tree (usually the ``App``)."""
        return self.scopes[0]

    @property
    def children(self) -> list[Construct]:
        """The direct children, in the order they were added."""
        return list(self._children.values())

    def try_find_child(self, id: str) -> Construct | None:
        """Return the direct child with ``id``, or None."""
        return self._children.get(id)

    def find_child(self, id: str) -> Construct:
        """Return the direct child with ``id``; raise KeyError naming the path if there is none."""
        child = self.try_find_child(id)
        if child is None:
            known = ", ".join(self._children) or "none"
            raise KeyError(
                f"no construct with id {id!r} under {self.path or '(root)'!r} (children: {known})"
            )
        return child

    def find_all(self) -> Iterator[Construct]:
        """Yield this construct and every descendant, depth first, in insertion order."""
        stack = [self.host]
        while stack:
            construct = stack.pop()
            yield construct
            stack.extend(reversed(construct.node._children.values()))

    # -- dependencies

    def add_dependency(self, *targets: Construct) -> None:
        """Make everything under this construct deploy after everything under ``targets``.

        Within one stack this becomes ``DependsOn``; across stacks, an order between the stacks.
        """
        for target in targets:
            if not isinstance(target, Construct):
                message = f"add_dependency takes constructs, not {type(target).__name__}"
                raise _refusal(self.path, ("targets",), "depends-on", message, target)
            if target is self.host:
                raise TreeError(f"{self.path!r} cannot depend on itself")
            if target.node.root is not self.root:
                # Synthesis only sees one app; the order would be silently wrong or name a stack
                # the app does not have.
                raise TreeError(
                    f"{self.path!r} cannot depend on {target.node.path!r}, which belongs to "
                    "another app"
                )
            if target not in self._dependencies:
                self._dependencies += (target,)

    @property
    def dependencies(self) -> list[Construct]:
        """The constructs this one was made to depend on with ``add_dependency``."""
        return list(self._dependencies)

    # -- validation

    def add_validation(self, validation: Callable[[], list[str]]) -> None:
        """Register a check run at synthesis; it returns one message per problem (or none)."""
        self._validations += (validation,)

    def validate(self) -> list[str]:
        """Run this construct's validations and return their messages (without the path)."""
        messages: list[str] = []
        for validation in self._validations:
            messages.extend(validation())
        return messages

    # -- metadata

    def add_metadata(self, type: str, data: Any) -> None:
        """Attach a metadata entry; ``Annotations`` use the types ``warning``/``error``/``info``."""
        self._metadata += (MetadataEntry(type, data),)

    def _add_message(self, type: str, message: str) -> None:
        # The same message twice on one construct says nothing new; aspects that run at every
        # synthesis would otherwise repeat theirs.
        entry = MetadataEntry(type, message)
        if entry not in self._metadata:
            self._metadata += (entry,)

    def _drop_message(self, type: str, message: str) -> None:
        # For aspects that decide at every synthesis: a warning whose reason went away goes too.
        entry = MetadataEntry(type, message)
        self._metadata = tuple(e for e in self._metadata if e != entry)

    @property
    def metadata(self) -> list[MetadataEntry]:
        """The metadata entries, in the order they were added."""
        return list(self._metadata)

    # -- locking

    def lock(self) -> None:
        """Refuse new children anywhere below this construct (synthesis locks the root)."""
        self._locked = True

    def unlock(self) -> None:
        """Accept new children again."""
        self._locked = False

    @property
    def locked(self) -> bool:
        """Whether this construct or one of its scopes is locked."""
        return self._locked_here_or_above()

    def _locked_here_or_above(self) -> bool:
        node: Node | None = self
        while node is not None:
            if node._locked:
                return True
            node = node.scope.node if node.scope is not None else None
        return False


class Construct:
    """A node of the construct tree; subclasses add behaviour, ``.node`` holds the tree."""

    def __init__(self, scope: Construct | None, id: str) -> None:
        self.node = Node(self, scope, id)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.node.path or self.node.id!r}>"


class Annotations:
    """Warnings, errors and notes attached to a construct; synthesis reports them with its path.

    ``Annotations.of(construct).add_warning("...")``. An error fails synthesis; warnings and notes
    are printed by ``stagewright synth`` and kept in the manifest. Adding the same message to the
    same construct twice keeps one.
    """

    __slots__ = ("_node",)

    def __init__(self, node: Node) -> None:
        self._node = node

    @classmethod
    def of(cls, construct: Construct) -> Annotations:
        """Return the annotations of ``construct``."""
        return cls(construct.node)

    def add_warning(self, message: str) -> None:
        """Record a warning: something deploys, but probably not the way you want."""
        self._node._add_message(WARNING, message)

    def add_error(self, message: str) -> None:
        """Record an error: synthesis fails and lists it."""
        self._node._add_message(ERROR, message)

    def add_info(self, message: str) -> None:
        """Record a note for the reader of the synthesis output."""
        self._node._add_message(INFO, message)


class Aspect(Protocol):
    """A visitor that synthesis applies to a construct and every construct below it."""

    def visit(self, construct: Construct) -> None:
        """Inspect or change ``construct``; add annotations, dependencies or children."""


class Aspects:
    """The aspects of a construct: ``Aspects.of(scope).add(aspect)``, as in AWS CDK.

    Synthesis visits every construct top-down with the aspects of its scopes, before it validates
    the tree, at every synthesis: an aspect sees the tree as it is then, so it should be
    idempotent (annotations already are: a repeated message is kept once).
    """

    __slots__ = ("_node",)

    def __init__(self, node: Node) -> None:
        self._node = node

    @classmethod
    def of(cls, construct: Construct) -> Aspects:
        """Return the aspects of ``construct``."""
        return cls(construct.node)

    def add(self, aspect: Aspect) -> None:
        """Apply ``aspect`` to this construct and everything below it at synthesis."""
        if not callable(getattr(aspect, "visit", None)):
            message = "an aspect has a visit(construct) method; this one has none"
            raise _refusal(self._node.path, ("aspect",), "type", message, aspect)
        if aspect not in self._node._aspects:
            self._node._aspects += (aspect,)

    @property
    def all(self) -> list[Aspect]:
        """The aspects added to this construct, in order."""
        return list(self._node._aspects)


def apply_aspects(root: Construct) -> None:
    """Visit ``root`` and its descendants, top-down, with the aspects of each one's scopes."""
    pending: list[tuple[Construct, list[Aspect]]] = [(root, [])]
    while pending:
        construct, inherited = pending.pop()
        aspects = [*inherited, *construct.node._aspects]
        for aspect in aspects:
            aspect.visit(construct)
        # Listed after the visits, so children an aspect adds are visited too.
        children = list(construct.node._children.values())
        pending.extend((child, aspects) for child in reversed(children))


def _refusal(path: str, where: tuple[str, ...], rule: str, message: str, value: Any) -> Exception:
    """The ValidationError of a bad argument given to the construct at ``path``."""
    # Imported here: the tree module loads first and must stay light.
    from stagewright.runtime._errors import Problem, ValidationError  # noqa: PLC0415

    owner = f"{path}:" if path else ""
    return ValidationError([Problem(where, rule, message, value, owner=owner)])
