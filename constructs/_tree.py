"""The construct tree: ``Construct(scope, id)`` with everything tree-related on ``.node``."""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["Construct", "Node"]

PATH_SEPARATOR = "/"


class Node:
    """A construct's place in the tree: its id, scope, path and children."""

    __slots__ = ("_children", "host", "id", "scope")

    def __init__(self, host: Construct, scope: Construct | None, id: str) -> None:
        self.host, self.scope = host, scope
        # The path separator cannot appear inside an id, as in aws/constructs.
        self.id = id.replace(PATH_SEPARATOR, "--")
        self._children: dict[str, Construct] = {}
        if scope is not None:
            scope.node._add_child(host, self.id)

    def _add_child(self, child: Construct, child_id: str) -> None:
        if child_id in self._children:
            where = f"{self.path}{PATH_SEPARATOR}{child_id}" if self.path else child_id
            raise ValueError(f"there is already a construct with id {child_id!r} at {where!r}")
        self._children[child_id] = child

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
            raise KeyError(f"no construct with id {id!r} under {self.path or '(root)'!r}")
        return child

    def find_all(self) -> Iterator[Construct]:
        """Yield this construct and every descendant, depth first, in insertion order."""
        yield self.host
        for child in self._children.values():
            yield from child.node.find_all()


class Construct:
    """A node of the construct tree; subclasses add behaviour, ``.node`` holds the tree."""

    def __init__(self, scope: Construct | None, id: str) -> None:
        self.node = Node(self, scope, id)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.node.path or self.node.id!r}>"
