"""``FileSet``: relative path -> text, with LF newlines and one final newline."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pygen_runtime.errors import EmitError

from .apply import apply_plan
from .lock import output_lock
from .plan import WritePlan, make_plan

__all__ = ["FileSet"]


@dataclass
class FileSet:
    """Generated files by relative path. Text is normalised: LF, one final newline (empty
    files stay empty).

    ``digests`` may hold the manifest hash (:func:`~pygen.emit.manifest.digest`) of some
    files' text, known already (a rendered module's cache entry is checked by the SHA-256
    of its text): the write plan does not hash those again."""

    files: dict[PurePosixPath, str] = field(default_factory=dict)
    digests: dict[PurePosixPath, str] = field(default_factory=dict, repr=False)

    @classmethod
    def of(
        cls,
        files: Mapping[PurePosixPath, str],
        digests: Mapping[PurePosixPath, str] | None = None,
    ) -> FileSet:
        """Build a file set, normalising the text of each file (a digest in ``digests`` is
        kept for a text that normalising leaves as it is)."""
        normal = {path: _normalise(text) for path, text in sorted(files.items())}
        kept = {
            path: known
            for path, known in (digests or {}).items()
            if path in files and normal[path] is files[path]
        }
        return cls(normal, kept)

    def __iter__(self) -> Iterator[PurePosixPath]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    @property
    def line_count(self) -> int:
        """Lines in all files."""
        return sum(text.count("\n") for text in self.files.values())

    def plan(self, folder: Path, *, force: bool = False) -> WritePlan:
        """What :meth:`write` would do in ``folder``, without writing (``--check``).

        Raises:
            EmitError: a manifest in ``folder`` is malformed.
        """
        return make_plan(self.files, folder, force=force, digests=self.digests)

    def write(
        self,
        folder: Path,
        *,
        force: bool = False,
        wait: float = 30.0,
        notify: Callable[[str], None] | None = None,
    ) -> WritePlan:
        """Write the files into ``folder`` and remove the ones pygen wrote there before and no
        longer generates; files pygen did not write are never touched. Holds the folder's lock
        (waiting up to ``wait`` seconds for another run, telling ``notify``).

        Returns:
            The plan that was carried out.

        Raises:
            EmitError: the plan has refusals (nothing is written; the message names the files
                and the fix), another run holds the lock, or a file cannot be written.
        """
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EmitError(
                f"cannot create the output folder {folder}: {exc.strerror or exc}"
            ) from None
        with output_lock(folder, timeout=wait, notify=notify):
            plan = self.plan(folder, force=force)
            error = plan.error()
            if error is not None:
                raise error
            apply_plan(plan)
        return plan

    def differences(self, folder: Path, *, force: bool = False) -> list[PurePosixPath]:
        """Files that writing to ``folder`` would create, change, remove or refuse."""
        return [step.path for step in self.plan(folder, force=force).steps if step.action != "keep"]


def _normalise(text: str) -> str:
    if text.endswith("\n") and not text.endswith("\n\n") and "\r\n" not in text:
        return text  # already normal (every rendered file): no copy of a large text
    text = text.replace("\r\n", "\n")
    if not text:
        return text
    return text.rstrip("\n") + "\n"
