"""The opt-in black post-pass (``--format black``). Never writes unformatted code."""

from __future__ import annotations

from pathlib import PurePosixPath

from pygen_runtime.errors import EmitError

__all__ = ["format_files"]


def format_files(texts: dict[PurePosixPath, str], line_length: int) -> dict[PurePosixPath, str]:
    """Format every ``.py`` file with black.

    Raises:
        EmitError: black could not format a file (the message names it).
    """
    import black

    mode = black.Mode(line_length=line_length)
    out = {}
    for path, text in texts.items():
        if path.suffix != ".py" or not text:
            out[path] = text
            continue
        try:
            out[path] = black.format_str(text, mode=mode)
        except Exception as exc:  # black raises several types; all mean the same here
            raise EmitError(f"black could not format {path}: {exc}") from None
    return out
