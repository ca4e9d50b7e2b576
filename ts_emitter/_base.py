"""Shared state of the printer: the node stack (for parent-dependent layout) and print
arguments. The printing itself lives in the ``print_*`` mixins and :mod:`ts_emitter.printer`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ts_emitter import nodes as n
from ts_emitter.doc import Doc
from ts_emitter.imports import ResolvedImports, field_names

AssignmentLayout = Literal[
    "break-after-operator", "never-break-after-operator", "fluid", "break-lhs", "only-left"
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Args:
    """Hints a parent passes to a child's printer (prettier's print ``args``)."""

    expand_first_arg: bool = False
    expand_last_arg: bool = False
    assignment_layout: AssignmentLayout | None = None


NO_ARGS = Args()

ARGS_READERS: frozenset[type[n.Node]] = frozenset({n.UnionType, n.ArrowFunction})
"""The node classes whose printers read :class:`Args`; any other node prints the same
document whatever the arguments (so a call need not print its hugged argument twice)."""


class ArgExpansionBailout(Exception):
    """Raised when a hugged last/first call argument cannot be printed hugged."""


class PrinterBase:
    """Node stack and symbol names; subclasses provide :meth:`doc`."""

    def __init__(self, imports: ResolvedImports | None = None) -> None:
        self.imports = imports
        self.stack: list[n.Node] = []

    def doc(self, node: n.Node, args: Args = NO_ARGS) -> Doc:  # pragma: no cover
        """Print ``node`` to a document."""
        raise NotImplementedError

    def name_of(self, symbol: n.Symbol) -> str:
        """The local name of ``symbol`` in the file being printed."""
        return symbol.name if self.imports is None else self.imports.name_of(symbol)

    # -- context ------------------------------------------------------------------------------

    def _logical_index(self, depth: int) -> int:
        """Index in the stack of the ``depth``-th ancestor, skipping parentheses."""
        i = len(self.stack) - 1
        for _ in range(depth):
            i -= 1
            while i >= 0 and isinstance(
                self.stack[i], n.ParenthesizedExpression | n.ParenthesizedType
            ):
                i -= 1
        return i

    def node(self) -> n.Node:
        """The node being printed."""
        return self.stack[-1]

    def parent(self, depth: int = 1) -> n.Node | None:
        """The ``depth``-th ancestor of the current node, parentheses skipped."""
        i = self._logical_index(depth)
        return self.stack[i] if i >= 0 else None

    def key(self, depth: int = 0) -> str | None:
        """The field of its parent that holds the ``depth``-th ancestor (0: current node)."""
        child_index = self._logical_index(depth)
        parent_index = self._logical_index(depth + 1)
        if parent_index < 0 or child_index < 0:
            return None
        parent = self.stack[parent_index]
        # the direct child of `parent` on the way down (maybe a parenthesis node)
        direct = self.stack[parent_index + 1]
        for name in field_names(type(parent)):
            value = getattr(parent, name)
            if value is direct or (type(value) is tuple and any(v is direct for v in value)):
                return name
        return None  # pragma: no cover
