"""The pinned TypeScript compiler and prettier (from ``npm ci``), run over a directory."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = REPO / "node_modules" / ".bin"
TSCONFIG = Path(__file__).with_name("tsconfig.json")


@dataclass(frozen=True)
class NodeTools:
    """Paths of the pinned ``tsc`` and ``prettier`` binaries."""

    tsc: Path
    prettier: Path

    def write(self, directory: Path, files: Mapping[str, str]) -> None:
        """Write ``files`` (relative path -> text) and the strict tsconfig into ``directory``."""
        for name, text in files.items():
            path = directory / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        shutil.copy(TSCONFIG, directory / "tsconfig.json")

    def prettier_problems(self, directory: Path, files: Mapping[str, str]) -> str:
        """Run ``prettier --check`` once over ``files``; return a diff per file it would
        change (empty when all pass)."""
        names = sorted(files)
        result = subprocess.run(
            [str(self.prettier), "--no-config", "--no-editorconfig", "--check", *names],
            cwd=directory,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0:
            return ""
        report = [result.stdout, result.stderr]
        for line in result.stderr.splitlines() + result.stdout.splitlines():
            name = line.removeprefix("[warn] ").strip()
            if name in files:
                formatted = subprocess.run(
                    [str(self.prettier), "--no-config", "--no-editorconfig", name],
                    cwd=directory,
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout
                report.append(
                    "".join(
                        difflib.unified_diff(
                            files[name].splitlines(keepends=True),
                            formatted.splitlines(keepends=True),
                            f"{name} (ts_emitter)",
                            f"{name} (prettier)",
                        )
                    )
                )
        return "\n".join(report)

    def tsc_problems(self, directory: Path) -> str:
        """Run ``tsc --strict --noEmit`` once over the directory; return its errors."""
        result = subprocess.run(
            [str(self.tsc), "-p", "tsconfig.json", "--pretty", "false"],
            cwd=directory,
            capture_output=True,
            text=True,
            check=False,
        )
        return "" if result.returncode == 0 else result.stdout + result.stderr

    def check(self, directory: Path, files: Mapping[str, str]) -> None:
        """Write ``files``, then assert ``prettier --check`` and ``tsc`` report nothing."""
        self.write(directory, files)
        problems = self.prettier_problems(directory, files)
        assert not problems, "prettier would reformat ts_emitter output:\n" + problems
        errors = self.tsc_problems(directory)
        assert not errors, "tsc rejects ts_emitter output:\n" + errors + _numbered(files, errors)


def _numbered(files: Mapping[str, str], errors: str) -> str:
    shown = [name for name in sorted(files) if name in errors][:3]
    return "".join(
        f"\n--- {name}\n"
        + "".join(f"{i + 1:4} {line}\n" for i, line in enumerate(files[name].splitlines()))
        for name in shown
    )
