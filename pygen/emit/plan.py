"""The write plan: what writing a file set into a folder does, decided once, before anything is
touched.

Each generated path, and each path pygen wrote before, gets one step: ``create``, ``update``,
``remove``, ``keep`` (already up to date), ``skip`` (a project file of the user's where pygen
would write its own: left alone, not even ``--force`` replaces it) or ``refuse`` (with the reason). ``--check`` prints the
plan; a write refuses as a whole when the plan has a refusal, and otherwise carries it out
(:mod:`pygen.emit.apply`). Only files pygen wrote (listed in the unit's manifest, or, without a
manifest, carrying pygen's provenance header or already holding the generated text) are ever
replaced or removed.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from pygen_runtime.errors import EmitError

from .disk import TEMP_SUFFIX, Disk, digest_of, has_header, walk
from .manifest import MANIFEST_NAME, Unit, digest, load_manifest, units_of

__all__ = [
    "SKIP_NOTE",
    "USER_PROJECT_FILES",
    "Action",
    "ManifestChange",
    "Reason",
    "Step",
    "WritePlan",
    "make_plan",
]

Action = Literal["create", "update", "remove", "keep", "skip", "refuse"]
Reason = Literal["foreign", "edited", "occupied", "symlink", "in-the-way", "yours"]

USER_PROJECT_FILES = frozenset({PurePosixPath("pyproject.toml")})
"""Files pygen writes only where no file of the user's is (a project's own ``pyproject.toml``
is never replaced, even with ``--force``: the step is ``skip``, the write goes on)."""


_REASONS: dict[Reason, str] = {
    "foreign": "{folder} holds files pygen did not write (no manifest, no pygen header): {paths}; "
    "move them, choose another --output or --package, or pass --force (then only the generated "
    "files are written and nothing else is deleted)",
    "edited": "generated files were changed since pygen wrote them: {paths}; save your changes "
    "elsewhere, or pass --force to overwrite them (changed files no longer generated are then "
    "left in place)",
    "occupied": "files pygen did not write are where it writes: {paths}; move them, or pass "
    "--force to overwrite them",
    "symlink": "refusing to write through a symlink: {paths}; pygen never follows a symlink "
    "below the output folder: replace it by a real folder or file",
    "in-the-way": "not a regular file or folder where pygen needs one: {paths}; move it away",
}

_PROJECT = Unit("pyproject", package=False)
"""The unit of a generated ``pyproject.toml`` (its manifest: ``.pyproject.pygen-manifest.json``)."""

SKIP_NOTE = (
    "kept {path}: it is not pygen's, so the SDK's own was not written; to install the SDK with "
    "it, add the SDK's package and its runtime requirement (cdf-pygen-runtime) to it, or "
    "generate into a folder of its own"
)
"""What a ``skip`` step tells the user (``{path}``: the file kept)."""


@dataclass(frozen=True)
class Step:
    """What happens to one path (relative to the output root)."""

    path: PurePosixPath
    action: Action
    reason: Reason | None = None

    def describe(self) -> str:
        """``update  example_model/api.py``; refusals say why."""
        why = f"  ({self.reason})" if self.reason else ""
        return f"{self.action:<7} {self.path}{why}"


@dataclass(frozen=True)
class ManifestChange:
    """The manifest of one unit before and after the write.

    Attributes:
        unit: Whose manifest.
        current: Files pygen wrote that are on disk now, with their hashes.
        pending: Hashes of the files this run creates or updates.
        final: The manifest after the run; None deletes it (the other layout's).
        rewrite: Whether the final manifest differs from the one on disk.
    """

    unit: Unit
    current: dict[PurePosixPath, str]
    pending: dict[PurePosixPath, str]
    final: dict[PurePosixPath, str] | None
    rewrite: bool


@dataclass(frozen=True)
class WritePlan:
    """Every step of writing a file set into ``root``; computed by :func:`make_plan`."""

    root: Path
    steps: tuple[Step, ...]
    texts: Mapping[PurePosixPath, str] = field(repr=False)
    manifests: tuple[ManifestChange, ...] = ()

    def paths(self, *actions: Action) -> list[PurePosixPath]:
        """The paths whose step is one of ``actions``."""
        return [step.path for step in self.steps if step.action in actions]

    @property
    def changes(self) -> list[Step]:
        """Steps that create, update or remove a file."""
        return [s for s in self.steps if s.action in ("create", "update", "remove")]

    @property
    def skipped(self) -> list[Step]:
        """Steps that leave a user's project file in place of the generated one."""
        return [s for s in self.steps if s.action == "skip"]

    @property
    def refusals(self) -> list[Step]:
        """Steps that stop the write."""
        return [s for s in self.steps if s.action == "refuse"]

    def error(self) -> EmitError | None:
        """One message for every refusal (grouped by reason, naming the files and the fix)."""
        refusals = self.refusals
        if not refusals:
            return None
        parts = []
        for reason, template in _REASONS.items():
            paths = [str(s.path) for s in refusals if s.reason == reason]
            if paths:
                folder = self.root / paths[0].split("/", 1)[0]
                shown = ", ".join(paths[:5]) + (
                    f" and {len(paths) - 5} more" if len(paths) > 5 else ""
                )
                parts.append(template.format(folder=folder, paths=shown))
        return EmitError(f"nothing was written to {self.root}: " + "; ".join(parts))


def make_plan(
    files: Mapping[PurePosixPath, str],
    root: Path,
    *,
    force: bool = False,
    digests: Mapping[PurePosixPath, str] | None = None,
) -> WritePlan:
    """The plan for writing ``files`` (relative path -> text) into ``root``. Reads, never writes.
    ``digests``: the manifest hash of some of the texts, known already (not computed again).

    ``force`` turns refusals over files pygen did not write, or that were changed since, into
    updates (symlinks and things in the way are refused even then); nothing pygen did not write
    is ever removed.

    Raises:
        EmitError: a manifest is malformed.
    """
    reserved = [p for p in files if p.name.endswith((MANIFEST_NAME, TEMP_SUFFIX))]
    if reserved:
        raise EmitError(
            f"cannot write {reserved[0]}: names ending in {MANIFEST_NAME} or {TEMP_SUFFIX} are "
            "reserved for pygen's manifest and temporary files"
        )
    if root.exists() and not root.is_dir():
        raise EmitError(f"the output folder {root} is a file; choose a folder with --output")
    units = units_of(sorted(files))
    digests = digests or {}
    steps: list[Step] = []
    manifests = []
    disk = Disk(root)
    for unit, paths in units.items():
        texts = {unit.relative(path): files[path] for path in paths}
        known = {unit.relative(path): digests[path] for path in paths if path in digests}
        manifests.append(_plan_unit(disk, unit, texts, known, force, steps))
        other = unit.other_layout
        if other not in units:
            change = _plan_other_layout(disk, other, force, steps)
            if change is not None:
                manifests.append(change)
    modules = any(not unit.package and unit.name != _PROJECT.name for unit in units)
    if modules and _PROJECT not in units:  # --single-file: pygen's pyproject.toml goes too
        change = _plan_other_layout(disk, _PROJECT, force, steps)
        if change is not None:
            manifests.append(change)
    steps.sort(key=lambda step: step.path)
    return WritePlan(root, tuple(steps), dict(files), tuple(manifests))


def _plan_unit(
    disk: Disk,
    unit: Unit,
    texts: dict[PurePosixPath, str],
    known: dict[PurePosixPath, str],
    force: bool,
    steps: list[Step],
) -> ManifestChange:
    root = Path(disk.root)
    manifest = load_manifest(root, unit)
    owned: dict[PurePosixPath, set[str] | None]  # None: adopted, any content is pygen's
    if manifest is not None:
        owned = {path: manifest.accepted(path) for path in manifest.paths()}
    else:
        owned, foreign = _adopt(root, unit, texts)
        if not force:
            steps.extend(Step(unit.absolute(p), "refuse", "foreign") for p in foreign)
    final = {path: known.get(path) or digest(text.encode("utf-8")) for path, text in texts.items()}
    where = {path: unit.absolute(path) for path in sorted(set(texts) | set(owned))}
    on_disk = {path: disk.digest(absolute) for path, absolute in where.items()}
    pending: dict[PurePosixPath, str] = {}
    for path in texts:
        if _users_own(disk, where[path], path in owned):
            steps.append(Step(where[path], "skip", "yours"))
            del final[path]
            continue
        accepted = owned.get(path, set())
        step = _plan_write(
            disk, where[path], final[path], on_disk[path], accepted, path in owned, force
        )
        steps.append(step)
        if step.action in ("create", "update"):
            pending[path] = final[path]
    for path in sorted(set(owned) - set(texts)):
        removal = _plan_removal(where[path], on_disk[path], owned[path], force)
        if removal is not None:
            steps.append(removal)
    current = {
        path: found
        for path, accepted in owned.items()
        if (found := on_disk[path]) is not None and (accepted is None or found in accepted)
    }
    if manifest is None and not final and not current:
        return ManifestChange(unit, {}, {}, None, rewrite=False)  # nothing of pygen's here
    rewrite = manifest is None or dict(manifest.files) != final or bool(manifest.pending)
    return ManifestChange(unit, current, pending, final, rewrite)


def _users_own(disk: Disk, path: PurePosixPath, owned: bool) -> bool:
    """Whether ``path`` is a project file of the user's that pygen must not replace."""
    return path in USER_PROJECT_FILES and not owned and disk.mode(path) is not None


def _plan_other_layout(
    disk: Disk, unit: Unit, force: bool, steps: list[Step]
) -> ManifestChange | None:
    """Remove what pygen wrote in the other layout (``--single-file`` <-> package)."""
    manifest = load_manifest(Path(disk.root), unit)
    if manifest is None:
        return None
    for path in sorted(manifest.paths()):
        where = unit.absolute(path)
        step = _plan_removal(where, disk.digest(where), manifest.accepted(path), force)
        if step is not None:
            steps.append(step)
    return ManifestChange(unit, {}, {}, None, rewrite=True)


def _plan_write(
    disk: Disk,
    path: PurePosixPath,
    new: str,
    on_disk: str | None,
    accepted: set[str] | None,
    owned: bool,
    force: bool,
) -> Step:
    obstacle = disk.blocked(path)
    if obstacle is not None:
        return Step(path, "refuse", obstacle)
    if on_disk is None:  # no regular file there
        mode = disk.mode(path)
        if mode is None:
            return Step(path, "create")
        return Step(path, "refuse", "symlink" if stat.S_ISLNK(mode) else "in-the-way")
    if on_disk == new:
        return Step(path, "keep")
    if owned and (accepted is None or on_disk in accepted):
        return Step(path, "update")
    if force:
        return Step(path, "update")
    return Step(path, "refuse", "edited" if owned else "occupied")


def _plan_removal(
    path: PurePosixPath, on_disk: str | None, accepted: set[str] | None, force: bool
) -> Step | None:
    """Remove a file pygen wrote and no longer generates, if it is still what pygen wrote.
    A symlink, or a file behind one, is not pygen's: it is left alone (no step)."""
    if on_disk is None:  # gone, a symlink, or behind one
        return None
    if accepted is None or on_disk in accepted:
        return Step(path, "remove")
    return None if force else Step(path, "refuse", "edited")


def _adopt(
    root: Path, unit: Unit, texts: dict[PurePosixPath, str]
) -> tuple[dict[PurePosixPath, set[str] | None], list[PurePosixPath]]:
    """Without a manifest: the files that are pygen's (provenance header, the generated text
    itself, or a leftover temporary file) and the ones that are not (in a package folder)."""
    owned: dict[PurePosixPath, set[str] | None] = {}
    foreign: list[PurePosixPath] = []
    if unit.package and (root / unit.folder).is_symlink():
        return owned, foreign  # every write below it is refused
    candidates = walk(root / unit.folder) if unit.package else list(texts)
    for path in candidates:
        target = root / unit.absolute(path)
        if target.is_symlink() or not target.is_file():
            if target.is_symlink() and path not in texts:
                foreign.append(path)
            continue
        text = texts.get(path)
        if (
            path.name.endswith(TEMP_SUFFIX)
            or has_header(target)
            or (text is not None and digest_of(target) == digest(text.encode("utf-8")))
        ):
            owned[path] = None
        elif path not in texts:
            foreign.append(path)
    return owned, foreign
