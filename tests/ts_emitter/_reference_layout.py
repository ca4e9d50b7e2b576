"""The layout of ``ts_emitter.writer`` as it was first written: recursive, one ``match`` per
document, the look-ahead copying the pending siblings. Slow (quadratic in file length) but
plain; the fuzz tests use it as the oracle the fast layout must agree with byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ts_emitter.doc import (
    Align,
    BreakParent,
    Concat,
    ConditionalGroup,
    Doc,
    Fill,
    Group,
    GroupId,
    IfBreak,
    Indent,
    IndentIfBreak,
    Label,
    Line,
)
from ts_emitter.writer import string_width

_BREAK = 1
_FLAT = 2


class Writer:
    """Accumulates output text; knows the current column and indentation."""

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._indents: list[str] = [""]
        self.column = 0

    def write(self, text: str) -> None:
        """Append ``text`` (which must not contain a newline)."""
        if text:
            self._chunks.append(text)
            self.column += string_width(text)

    def newline(self) -> None:
        """End the line (dropping its trailing spaces) and start the next one indented."""
        self._trim()
        current = self._indents[-1]
        self._chunks.append("\n" + current)
        self.column = len(current)

    @contextmanager
    def indent(self, width: int = 2) -> Iterator[None]:
        """Lines started inside the ``with`` block are indented by ``width`` more spaces."""
        self._indents.append(self._indents[-1] + " " * width)
        try:
            yield
        finally:
            self._indents.pop()

    def _trim(self) -> None:
        while self._chunks:
            last = self._chunks[-1]
            stripped = last.rstrip(" \t")
            if stripped:
                self._chunks[-1] = stripped
                return
            self._chunks.pop()

    def getvalue(self) -> str:
        """The text written so far, ending with exactly one newline."""
        text = "".join(self._chunks)
        lines = [line.rstrip(" \t") for line in text.split("\n")]
        return "\n".join(lines).rstrip("\n") + "\n"


class _Rest:
    """The siblings still to be printed after the current document (a linked list)."""

    __slots__ = ("mode", "next", "parts", "start")

    def __init__(self, mode: int, parts: tuple[Doc, ...], start: int, next: _Rest | None) -> None:
        self.mode = mode
        self.parts = parts
        self.start = start
        self.next = next


class _Layout:
    def __init__(self, writer: Writer, width: int) -> None:
        self.out = writer
        self.width = width
        self.group_modes: dict[GroupId, int] = {}
        self.remeasure = False

    def print(self, doc: Doc, mode: int, rest: _Rest | None) -> None:
        match doc:
            case str():
                self.out.write(doc)
            case Concat(parts=parts):
                last = len(parts) - 1
                for i, part in enumerate(parts):
                    self.print(part, mode, rest if i == last else _Rest(mode, parts, i + 1, rest))
            case Indent(contents=contents):
                with self.out.indent():
                    self.print(contents, mode, rest)
            case Align(width=width, contents=contents):
                with self.out.indent(width):
                    self.print(contents, mode, rest)
            case Group() | ConditionalGroup():
                self._print_group(doc, mode, rest)
            case Line(soft=soft, hard=hard):
                if mode == _FLAT and not hard:
                    if not soft:
                        self.out.write(" ")
                    return
                if mode == _FLAT:
                    self.remeasure = True
                self.out.newline()
            case IfBreak(break_contents=b, flat_contents=f, group_id=gid):
                group_mode = mode if gid is None else self.group_modes.get(gid)
                if group_mode == _BREAK:
                    self.print(b, mode, rest)
                elif group_mode == _FLAT:
                    self.print(f, mode, rest)
            case IndentIfBreak(contents=contents, group_id=gid):
                group_mode = self.group_modes.get(gid)
                if group_mode == _BREAK:
                    with self.out.indent():
                        self.print(contents, mode, rest)
                elif group_mode == _FLAT:
                    self.print(contents, mode, rest)
            case Fill(parts=parts):
                self._print_fill(parts, mode, rest)
            case Label(contents=contents):
                self.print(contents, mode, rest)
            case BreakParent():
                pass

    def _print_group(self, doc: Group | ConditionalGroup, mode: int, rest: _Rest | None) -> None:
        chosen_mode = _FLAT
        chosen: Doc = doc.contents
        if mode == _FLAT and not self.remeasure:
            chosen_mode = _BREAK if doc.breaks else _FLAT
        else:
            self.remeasure = False
            remaining = self.width - self.out.column
            if not doc.breaks and self._fits(_FLAT, doc.contents, rest, remaining, False):
                chosen_mode = _FLAT
            elif isinstance(doc, Group):
                chosen_mode = _BREAK
            else:
                chosen_mode, chosen = _BREAK, doc.states[-1]
                if not doc.breaks:
                    for state in doc.states[1:-1]:
                        if self._fits(_FLAT, state, rest, remaining, False):
                            chosen_mode, chosen = _FLAT, state
                            break
        if isinstance(doc, Group) and doc.id is not None:
            self.group_modes[doc.id] = chosen_mode
        self.print(chosen, chosen_mode, rest)

    def _print_fill(self, parts: tuple[Doc, ...], mode: int, rest: _Rest | None) -> None:
        offset = 0
        while offset < len(parts):
            remaining = self.width - self.out.column
            content = parts[offset]
            content_fits = self._fits(_FLAT, content, None, remaining, True)
            tail: _Rest | None = (
                _Rest(mode, (Fill(parts[offset + 2 :]),), 0, rest)
                if offset + 2 < len(parts)
                else rest
            )
            if offset + 1 >= len(parts):
                self.print(content, _FLAT if content_fits else _BREAK, rest)
                return
            whitespace = parts[offset + 1]
            if offset + 2 >= len(parts):
                content_mode = _FLAT if content_fits else _BREAK
                self.print(content, content_mode, _Rest(content_mode, (whitespace,), 0, rest))
                self.print(whitespace, content_mode, rest)
                return
            pair = Concat((content, whitespace, parts[offset + 2]))
            pair_fits = self._fits(_FLAT, pair, None, remaining, True)
            if pair_fits:
                content_mode, space_mode = _FLAT, _FLAT
            elif content_fits:
                content_mode, space_mode = _FLAT, _BREAK
            else:
                content_mode, space_mode = _BREAK, _BREAK
            self.print(content, content_mode, _Rest(space_mode, (whitespace,), 0, tail))
            self.print(whitespace, space_mode, tail)
            offset += 2

    def _fits(
        self, mode: int, doc: Doc, rest: _Rest | None, width: int, must_be_flat: bool
    ) -> bool:
        stack: list[tuple[int, Doc]] = [(mode, doc)]
        pending_space = False
        while width >= 0:
            if not stack:
                if rest is None:
                    return True
                for part in reversed(rest.parts[rest.start :]):
                    stack.append((rest.mode, part))
                rest = rest.next
                continue
            m, d = stack.pop()
            match d:
                case str():
                    if d:
                        if pending_space:
                            width -= 1
                            pending_space = False
                        width -= string_width(d)
                case Concat(parts=parts) | Fill(parts=parts):
                    for part in reversed(parts):
                        stack.append((m, part))
                case (
                    Indent(contents=c)
                    | Align(contents=c)
                    | IndentIfBreak(contents=c)
                    | Label(contents=c)
                ):
                    stack.append((m, c))
                case Group() | ConditionalGroup():
                    if must_be_flat and d.breaks:
                        return False
                    group_mode = _BREAK if d.breaks else m
                    contents = (
                        d.states[-1]
                        if isinstance(d, ConditionalGroup) and group_mode == _BREAK
                        else d.contents
                    )
                    stack.append((group_mode, contents))
                case IfBreak(break_contents=b, flat_contents=f, group_id=gid):
                    group_mode = m if gid is None else self.group_modes.get(gid, _FLAT)
                    chosen = b if group_mode == _BREAK else f
                    if chosen != "":
                        stack.append((m, chosen))
                case Line(soft=soft, hard=hard):
                    if m == _BREAK or hard:
                        return True
                    if not soft:
                        pending_space = True
                case BreakParent():
                    pass
        return False


def reference_render(doc: Doc, width: int = 80) -> str:
    """Lay ``doc`` out within ``width`` columns; the text ends with exactly one newline."""
    writer = Writer()
    _Layout(writer, width).print(doc, _BREAK, None)
    return writer.getvalue()
