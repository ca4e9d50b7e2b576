"""Lay out a :mod:`ts_emitter.doc` document within a line width and write it out.

:func:`render` is prettier's doc printer: one loop over a stack of commands
``(indentation, mode, document)`` (no recursion, no per-document method dispatch), writing
strings into a list joined once at the end. For each group it decides whether it fits flat on
the rest of the line, looking ahead over the text that follows the group up to the next
possible line break: that look-ahead reads the pending commands from the top of the stack,
one at a time, so it costs the width of a line, not the length of the file. Trailing
whitespace is trimmed at each newline and the text ends with exactly one LF.
"""

from __future__ import annotations

import unicodedata

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

__all__ = ["PRINT_WIDTH", "render", "string_width"]

PRINT_WIDTH = 80
"""Prettier's default ``printWidth``."""

_BREAK = 1
_FLAT = 2

_Command = tuple[str, int, Doc]
"""Indentation of the lines started inside, mode of the enclosing group, document."""


def string_width(text: str) -> int:
    """Display width of ``text`` as prettier measures it (wide East Asian characters count 2,
    control and combining characters 0)."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        code = ord(ch)
        if code <= 31 or 127 <= code <= 159:
            continue
        category = unicodedata.category(ch)
        if category in ("Mn", "Me"):
            continue
        wide = 0x20000 <= code <= 0x3FFFD or (
            category != "Cn" and unicodedata.east_asian_width(ch) in ("W", "F")
        )
        width += 2 if wide else 1
    return width


def _trim(out: list[str]) -> None:
    """Drop the spaces and tabs at the end of the text written so far."""
    while out:
        stripped = out[-1].rstrip(" \t")
        if stripped:
            out[-1] = stripped
            return
        out.pop()


def _fits(
    mode: int,
    doc: Doc,
    rest: list[_Command],
    width: int,
    must_be_flat: bool,
    group_modes: dict[GroupId, int],
    pending_space: bool = False,
) -> bool:
    """True if ``doc`` (printed in ``mode``) and what follows it up to the next line break
    fit in ``width`` columns; ``rest`` is the stack of pending commands (read, not changed).
    ``pending_space``: a space precedes ``doc`` (counted only if text follows it)."""
    stack: list[tuple[int, Doc]] = [(mode, doc)]
    rest_index = len(rest)
    while width >= 0:
        if stack:
            m, d = stack.pop()
        elif rest_index:
            rest_index -= 1
            _, m, d = rest[rest_index]
        else:
            return True
        if type(d) is str:
            if d:
                if pending_space:
                    width -= 1
                    pending_space = False
                width -= len(d) if d.isascii() else string_width(d)
        elif type(d) is Concat or type(d) is Fill:
            parts = d.parts
            stack.extend([(m, part) for part in reversed(parts)])
        elif type(d) is Line:
            if m == _BREAK or d.hard:
                return True
            if not d.soft:
                pending_space = True
        elif type(d) is Group:
            breaks = d.breaks
            if must_be_flat and breaks:
                return False
            stack.append((_BREAK if breaks else m, d.contents))
        elif type(d) is Indent or type(d) is Align or type(d) is IndentIfBreak or type(d) is Label:
            stack.append((m, d.contents))
        elif type(d) is IfBreak:
            gid = d.group_id
            group_mode = m if gid is None else group_modes.get(gid, _FLAT)
            chosen = d.break_contents if group_mode == _BREAK else d.flat_contents
            if chosen != "":
                stack.append((m, chosen))
        elif type(d) is ConditionalGroup:
            breaks = d.breaks
            if must_be_flat and breaks:
                return False
            if breaks or m == _BREAK:
                stack.append((_BREAK, d.states[-1]))
            else:
                stack.append((m, d.states[0]))
    return False


class _NotFlat(Exception):
    """The flat text of a group cannot be taken from the look-ahead (rare documents)."""


def _flat_text(
    doc: Doc, rest: list[_Command], width: int, group_modes: dict[GroupId, int]
) -> tuple[bool, str | None, list[GroupId]]:
    """``_fits(_FLAT, doc, rest, width, False, group_modes)``, and, when it fits, the text the
    layout prints for ``doc`` in flat mode with the ids of the groups inside it: the look-ahead
    walks exactly what the layout would print, so the layout can write that text at once.

    The text is ``None`` (and the caller lays ``doc`` out command by command) for documents
    where the two walks differ: a hard line, a broken group inside a conditional group's
    first state, a fill, or a reference to a group not laid out yet."""
    start = width
    stack: list[Doc] = [doc]
    out: list[str] = []
    ids: list[GroupId] = []
    pending_space = False
    try:
        while stack:
            d = stack.pop()
            if type(d) is str:
                if d:
                    if pending_space:
                        width -= 1
                        pending_space = False
                    width -= len(d) if d.isascii() else string_width(d)
                    if width < 0:
                        return False, None, ids
                    out.append(d)
            elif type(d) is Concat:
                stack.extend(reversed(d.parts))
            elif type(d) is Line:
                if d.hard:
                    raise _NotFlat
                if not d.soft:
                    pending_space = True
                    out.append(" ")
            elif type(d) is Group:
                if d.breaks:
                    raise _NotFlat
                if d.id is not None:
                    ids.append(d.id)
                stack.append(d.contents)
            elif type(d) is Indent or type(d) is Align or type(d) is Label:
                stack.append(d.contents)
            elif type(d) is IfBreak:
                gid = d.group_id
                which = _FLAT
                if gid is not None:
                    # the look-ahead reads the modes known so far; the layout would have
                    # laid out the groups met above in flat mode
                    which = group_modes.get(gid, _FLAT)
                    if which != (_FLAT if gid in ids else group_modes.get(gid)):
                        raise _NotFlat
                chosen = d.break_contents if which == _BREAK else d.flat_contents
                if chosen != "":
                    stack.append(chosen)
            elif type(d) is IndentIfBreak:
                if d.group_id not in ids and d.group_id not in group_modes:
                    raise _NotFlat
                stack.append(d.contents)
            elif type(d) is ConditionalGroup:
                if d.breaks:
                    raise _NotFlat
                stack.append(d.states[0])
            elif type(d) is not BreakParent:
                raise _NotFlat
    except _NotFlat:
        return _fits(_FLAT, doc, rest, start, False, group_modes), None, []
    fits = _fits(_FLAT, "", rest, width, False, group_modes, pending_space)
    return fits, "".join(out) if fits else None, ids


def render(doc: Doc, width: int = PRINT_WIDTH, *, flat_text: bool = True) -> str:
    """Lay ``doc`` out within ``width`` columns; the text ends with exactly one newline.

    ``flat_text=False`` turns off the fast path that writes a group found to fit flat as the
    text its look-ahead collected (the tests compare both ways)."""
    out: list[str] = []
    column = 0
    remeasure = False
    group_modes: dict[GroupId, int] = {}
    cmds: list[_Command] = [("", _BREAK, doc)]
    pop, push = cmds.pop, cmds.append
    while cmds:
        ind, mode, d = pop()
        if type(d) is str:
            if d:
                out.append(d)
                column += len(d) if d.isascii() else string_width(d)
        elif type(d) is Concat:
            cmds.extend([(ind, mode, part) for part in reversed(d.parts)])
        elif type(d) is Line:
            if mode == _FLAT and not d.hard:
                if not d.soft:
                    out.append(" ")
                    column += 1
                continue
            if mode == _FLAT:
                remeasure = True
            _trim(out)
            out.append("\n" + ind)
            column = len(ind)
        elif type(d) is Group:
            group_mode = _FLAT
            if mode == _FLAT and not remeasure:
                group_mode = _BREAK if d.breaks else _FLAT
            else:
                remeasure = False
                if d.breaks:
                    group_mode = _BREAK
                elif flat_text:
                    fits, text, ids = _flat_text(d.contents, cmds, width - column, group_modes)
                    if text is not None:
                        if d.id is not None:
                            group_modes[d.id] = _FLAT
                        for inner in ids:
                            group_modes[inner] = _FLAT
                        out.append(text)
                        column += len(text) if text.isascii() else string_width(text)
                        continue
                    if not fits:
                        group_mode = _BREAK
                elif not _fits(_FLAT, d.contents, cmds, width - column, False, group_modes):
                    group_mode = _BREAK
            if d.id is not None:
                group_modes[d.id] = group_mode
            push((ind, group_mode, d.contents))
        elif type(d) is ConditionalGroup:
            if mode == _FLAT and not remeasure:
                push((ind, _BREAK if d.breaks else _FLAT, d.states[0]))
                continue
            remeasure = False
            push(_choose_state(d, ind, cmds, width - column, group_modes))
        elif type(d) is Indent:
            push((ind + "  ", mode, d.contents))
        elif type(d) is IfBreak:
            gid = d.group_id
            which = mode if gid is None else group_modes.get(gid)
            if which == _BREAK:
                push((ind, mode, d.break_contents))
            elif which == _FLAT:
                push((ind, mode, d.flat_contents))
        elif type(d) is Label:
            push((ind, mode, d.contents))
        elif type(d) is Align:
            push((ind + " " * d.width, mode, d.contents))
        elif type(d) is IndentIfBreak:
            which = group_modes.get(d.group_id)
            if which == _BREAK:
                push((ind + "  ", mode, d.contents))
            elif which == _FLAT:
                push((ind, mode, d.contents))
        elif type(d) is Fill:
            _fill(d, ind, mode, cmds, width - column, group_modes)
        elif type(d) is not BreakParent:  # pragma: no cover
            raise TypeError(f"not a document: {d!r}")
    text = "".join(out)
    lines = [line.rstrip(" \t") for line in text.split("\n")]
    return "\n".join(lines).rstrip("\n") + "\n"


def _choose_state(
    doc: ConditionalGroup,
    ind: str,
    cmds: list[_Command],
    remaining: int,
    group_modes: dict[GroupId, int],
) -> _Command:
    """The command for the first state of ``doc`` that fits flat, else its last one broken."""
    if not doc.breaks:
        for state in doc.states[: max(1, len(doc.states) - 1)]:
            if _fits(_FLAT, state, cmds, remaining, False, group_modes):
                return (ind, _FLAT, state)
    return (ind, _BREAK, doc.states[-1])


def _fill(
    fill: Fill,
    ind: str,
    mode: int,
    cmds: list[_Command],
    remaining: int,
    group_modes: dict[GroupId, int],
) -> None:
    """Push the commands for the next content/separator pair of ``fill`` (prettier's fill:
    a separator breaks only when the next content does not fit on the line)."""
    parts = fill.parts
    if not parts:
        return
    content = parts[0]
    content_fits = _fits(_FLAT, content, [], remaining, True, group_modes)
    if len(parts) == 1:
        cmds.append((ind, _FLAT if content_fits else _BREAK, content))
        return
    whitespace = parts[1]
    if len(parts) == 2:
        content_mode = _FLAT if content_fits else _BREAK
        cmds.append((ind, content_mode, whitespace))
        cmds.append((ind, content_mode, content))
        return
    pair = Concat((content, whitespace, parts[2]))
    if _fits(_FLAT, pair, [], remaining, True, group_modes):
        content_mode, space_mode = _FLAT, _FLAT
    elif content_fits:
        content_mode, space_mode = _FLAT, _BREAK
    else:
        content_mode, space_mode = _BREAK, _BREAK
    cmds.append((ind, mode, Fill(parts[2:])))
    cmds.append((ind, space_mode, whitespace))
    cmds.append((ind, content_mode, content))
