"""A small document algebra for line-breaking layout (Wadler/prettier style).

The printer turns syntax nodes into these documents; :mod:`ts_emitter.writer` lays them out
within a line width. The vocabulary mirrors the one prettier uses, so that prettier's layout
decisions can be reproduced exactly:

* a ``str`` is text without newlines;
* :class:`Concat` is a sequence of documents;
* :class:`Group` is printed flat if it fits on the line, otherwise broken; a group that contains
  a hard line break always breaks, and so do the groups around it;
* :class:`Line` is a space (or nothing when ``soft``) in a flat group and a newline in a broken
  one; a ``hard`` line always breaks;
* :class:`Indent` / :class:`Align` raise the indentation of the lines they contain;
* :class:`IfBreak` chooses between two documents by the mode of the enclosing (or a named) group;
* :class:`ConditionalGroup` tries alternative layouts in order.

Documents are never changed once built (not enforced: plain slotted classes build several
times faster than frozen dataclasses, and the printer builds tens of thousands); whether a
document forces its groups to break is computed once, when it is built.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

__all__ = [
    "BREAK_PARENT",
    "HARDLINE",
    "LINE",
    "SOFTLINE",
    "Align",
    "BreakParent",
    "Concat",
    "ConditionalGroup",
    "Doc",
    "Fill",
    "Group",
    "GroupId",
    "IfBreak",
    "Indent",
    "IndentIfBreak",
    "Label",
    "Line",
    "can_break",
    "concat",
    "conditional_group",
    "group",
    "if_break",
    "indent",
    "join",
    "label_of",
    "remove_lines",
    "will_break",
]


class GroupId:
    """Identity of a group, so that :class:`IfBreak` elsewhere can ask how it was printed."""

    __slots__ = ("label",)

    def __init__(self, label: str) -> None:
        self.label = label

    def __repr__(self) -> str:
        return f"GroupId({self.label!r}@{id(self):x})"


@dataclass(slots=True, eq=False)
class Concat:
    """A sequence of documents printed one after the other."""

    parts: tuple[Doc, ...]
    breaks: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.breaks = _any_breaks(self.parts)


@dataclass(slots=True, eq=False)
class Group:
    """Print ``contents`` flat when it fits, broken otherwise (or always, if ``should_break``)."""

    contents: Doc
    should_break: bool = False
    id: GroupId | None = None
    breaks: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.breaks = self.should_break or _breaks(self.contents)


@dataclass(frozen=True, slots=True)
class ConditionalGroup:
    """Try ``states`` in order (each flat); fall back to the last one, broken.

    Like prettier's ``conditionalGroup``: a forced break inside a state does not propagate
    outside this group.
    """

    states: tuple[Doc, ...]
    should_break: bool = False

    @property
    def breaks(self) -> bool:
        return self.should_break

    @property
    def contents(self) -> Doc:
        return self.states[0]


@dataclass(slots=True, eq=False)
class Indent:
    """Indent the lines in ``contents`` by one level (two spaces)."""

    contents: Doc
    breaks: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.breaks = _breaks(self.contents)


@dataclass(slots=True, eq=False)
class Align:
    """Indent the lines in ``contents`` by ``width`` spaces."""

    width: int
    contents: Doc
    breaks: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.breaks = _breaks(self.contents)


@dataclass(frozen=True, slots=True)
class Line:
    """A possible line break: a space when flat (nothing if ``soft``); ``hard`` always breaks."""

    soft: bool = False
    hard: bool = False

    @property
    def breaks(self) -> bool:
        return self.hard


@dataclass(frozen=True, slots=True)
class BreakParent:
    """Forces the enclosing groups to break."""

    @property
    def breaks(self) -> bool:
        return True


@dataclass(slots=True, eq=False)
class IfBreak:
    """``break_contents`` if the group (``group_id`` or the enclosing one) is broken."""

    break_contents: Doc
    flat_contents: Doc = ""
    group_id: GroupId | None = None
    breaks: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.breaks = _breaks(self.break_contents) or _breaks(self.flat_contents)


@dataclass(slots=True, eq=False)
class IndentIfBreak:
    """Indent ``contents`` if the group ``group_id`` is broken."""

    contents: Doc
    group_id: GroupId
    breaks: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.breaks = _breaks(self.contents)


@dataclass(slots=True, eq=False)
class Label:
    """``contents`` tagged with a label the printer can inspect (layout ignores it)."""

    label: str
    contents: Doc
    breaks: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.breaks = _breaks(self.contents)


@dataclass(slots=True, eq=False)
class Fill:
    """Alternating content and separators; separators break only where the line is full."""

    parts: tuple[Doc, ...]
    breaks: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.breaks = _any_breaks(self.parts)


Doc: TypeAlias = (
    "str | Concat | Group | ConditionalGroup | Indent | Align | Line | BreakParent | IfBreak"
    " | IndentIfBreak | Fill | Label"
)


def _breaks(doc: Doc) -> bool:
    return not isinstance(doc, str) and doc.breaks


def _any_breaks(parts: tuple[Doc, ...]) -> bool:
    return any(not isinstance(part, str) and part.breaks for part in parts)


LINE = Line()
SOFTLINE = Line(soft=True)
BREAK_PARENT = BreakParent()
HARDLINE = Concat((Line(hard=True), BREAK_PARENT))


def concat(*parts: Doc) -> Doc:
    """Concatenate documents: nested sequences are flattened and adjacent strings joined
    (``""`` disappears), so text that cannot break is one string the layout handles once."""
    for part in parts:
        if not isinstance(part, str):
            break
    else:
        return "".join(parts)  # type: ignore[arg-type]
    out: list[Doc] = []
    text = ""
    breaks = False
    for part in parts:
        if isinstance(part, str):
            text += part
        elif type(part) is Concat:
            for p in part.parts:
                if isinstance(p, str):
                    text += p
                else:
                    if text:
                        out.append(text)
                        text = ""
                    out.append(p)
            breaks = breaks or part.breaks
        else:
            if text:
                out.append(text)
                text = ""
            out.append(part)
            breaks = breaks or part.breaks
    if text:
        if not out:
            return text
        out.append(text)
    if len(out) > 1:
        doc = object.__new__(Concat)
        doc.parts = tuple(out)
        doc.breaks = breaks
        return doc
    return out[0] if out else ""


def group(*parts: Doc, should_break: bool = False, id: GroupId | None = None) -> Group:
    """A :class:`Group` around the concatenation of ``parts``."""
    return Group(parts[0] if len(parts) == 1 else concat(*parts), should_break, id)


def indent(*parts: Doc) -> Indent:
    """An :class:`Indent` around the concatenation of ``parts``."""
    return Indent(parts[0] if len(parts) == 1 else concat(*parts))


def if_break(break_contents: Doc, flat_contents: Doc = "", group_id: GroupId | None = None) -> Doc:
    """An :class:`IfBreak`."""
    return IfBreak(break_contents, flat_contents, group_id)


def join(separator: Doc, docs: Iterable[Doc]) -> Doc:
    """``docs`` with ``separator`` between each two."""
    docs = list(docs)
    if isinstance(separator, str) and all(isinstance(d, str) for d in docs):
        return separator.join(docs)  # type: ignore[arg-type]
    parts: list[Doc] = []
    for i, doc in enumerate(docs):
        if i:
            parts.append(separator)
        parts.append(doc)
    return concat(*parts)


def will_break(doc: Doc) -> bool:
    """True if ``doc`` contains a forced break (a hard line or an always-broken group)."""
    if isinstance(doc, ConditionalGroup):
        return doc.should_break or _breaks(doc.states[0])
    return _breaks(doc)


def remove_lines(doc: Doc) -> Doc:
    """Replace soft/normal lines by their flat form and drop group breaking (prettier's
    ``removeLines``)."""
    match doc:
        case str():
            return doc
        case Line(soft=soft, hard=hard):
            if hard:
                return doc
            return "" if soft else " "
        case Concat(parts=parts):
            return concat(*(remove_lines(p) for p in parts))
        case Group(contents=contents):
            return Group(remove_lines(contents), should_break=doc.should_break, id=doc.id)
        case ConditionalGroup(states=states):
            return ConditionalGroup(tuple(remove_lines(s) for s in states), doc.should_break)
        case Indent(contents=contents):
            return Indent(remove_lines(contents))
        case Align(width=width, contents=contents):
            return Align(width, remove_lines(contents))
        case IfBreak():
            return remove_lines(doc.flat_contents)
        case IndentIfBreak(contents=contents, group_id=gid):
            return IndentIfBreak(remove_lines(contents), gid)
        case Fill(parts=parts):
            return Fill(tuple(remove_lines(p) for p in parts))
        case Label(label=label, contents=contents):
            return Label(label, remove_lines(contents))
        case BreakParent():
            return doc
    raise TypeError(f"not a document: {doc!r}")  # pragma: no cover


def can_break(doc: Doc) -> bool:
    """True if ``doc`` contains any line (prettier's ``canBreak``)."""
    stack = [doc]
    while stack:
        d = stack.pop()
        match d:
            case str() | BreakParent():
                pass
            case Line():
                return True
            case Concat(parts=parts) | Fill(parts=parts):
                stack.extend(parts)
            case ConditionalGroup(states=states):
                stack.append(states[0])
            case Group(contents=c) | Indent(contents=c) | Align(contents=c) | Label(contents=c):
                stack.append(c)
            case IndentIfBreak(contents=c):
                stack.append(c)
            case IfBreak(break_contents=b, flat_contents=f):
                stack.extend((b, f))
    return False


def label_of(doc: Doc) -> str | None:
    """The label of ``doc`` if it is a :class:`Label`."""
    return doc.label if isinstance(doc, Label) else None


def conditional_group(states: Sequence[Doc]) -> ConditionalGroup:
    """A :class:`ConditionalGroup` over ``states``."""
    return ConditionalGroup(tuple(states))
