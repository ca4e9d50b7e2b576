"""``FileSet``: relative path -> text, with LF newlines and one final newline."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pygen.errors import EmitError

__all__ = ["FileSet"]


@dataclass
class FileSet:
    """Generated files by relative path. Text is normalised: LF, one final newline (empty
    files stay empty)."""

    files: dict[PurePosixPath, str] = field(default_factory=dict)

    @classmethod
    def of(cls, files: Mapping[PurePosixPath, str]) -> FileSet:
        """Build a file set, normalising the text of each file."""
        return cls({path: _normalise(text) for path, text in sorted(files.items())})

    def __iter__(self) -> Iterator[PurePosixPath]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    @property
    def line_count(self) -> int:
        """Lines in all files."""
        return sum(text.count("\n") for text in self.files.values())

    def write(self, folder: Path) -> list[Path]:
        """Write every file under ``folder``; files of earlier runs that are no longer
        generated are removed from the package folders this set writes to.

        Raises:
            EmitError: a file cannot be written (the message names it).
        """
        written = []
        for top in {path.parts[0] for path in self.files if len(path.parts) > 1}:
            stale = [
                p
                for p in (folder / top).rglob("*")
                if p.is_file()
                and PurePosixPath(p.relative_to(folder).as_posix()) not in self.files
                and "__pycache__" not in p.parts
            ]
            for path in stale:
                path.unlink()
        for relative, text in self.files.items():
            target = folder / relative
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
            except OSError as exc:
                raise EmitError(f"cannot write {target}: {exc.strerror or exc}") from None
            written.append(target)
        return written

    def differences(self, folder: Path) -> list[PurePosixPath]:
        """Files that writing to ``folder`` would create, change or delete."""
        changed = []
        for relative, text in self.files.items():
            target = folder / relative
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                changed.append(relative)
        for top in {path.parts[0] for path in self.files if len(path.parts) > 1}:
            base = folder / top
            if base.is_dir():
                for path in base.rglob("*"):
                    relative = PurePosixPath(path.relative_to(folder).as_posix())
                    if (
                        path.is_file()
                        and relative not in self.files
                        and "__pycache__" not in path.parts
                    ):
                        changed.append(relative)
        return sorted(changed)


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n")
    if not text:
        return text
    return text.rstrip("\n") + "\n"
