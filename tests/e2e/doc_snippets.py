"""Running the fenced snippets of the docs the way a user runs them.

A doc is read top to bottom as one terminal session in a fresh copy of the repository (its
tracked files, nothing built): ``bash`` blocks are run by bash, and the working directory and
exported variables they leave carry over to the blocks after them, as in a terminal; ``console``
blocks are ``$ command`` lines whose output must contain the lines shown after them (in order;
``...`` elides); ``python`` blocks are saved to a file outside the copy and run by the session's
``python`` in a subprocess, so only what the doc set up (``cd``, ``PYTHONPATH``) puts anything on
``sys.path``.

The session starts as after the README's install command, with the virtual environment
activated: ``.venv`` in the copy is the test's own interpreter environment, so the install
commands themselves are substituted (``SUBSTITUTIONS``) rather than run.

An HTML comment on the line before a block changes how it runs:

- ``<!-- snippet: no-run (the reason) -->``: not run; the reason is required;
- ``<!-- snippet: continues -->`` on a python block: it goes on from the python blocks before it
  (the doc says so, e.g. "with the ``client`` from above"); they run again with it, in one
  process;
- ``<!-- snippet: output -->``: what the python block before it prints, exactly; it is compared,
  not run;
- ``<!-- snippet: server -->``: a command that serves until stopped (``pygen emulator``,
  ``pygen serve``). It is started in the background and must answer HTTP on its ``--port``
  (default 8765; ``pygen serve`` on ``/health``); it is stopped
  when the next server starts or the doc ends.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

RUN_LANGUAGES = ("python", "bash", "console")
TIMEOUT = 180.0

# (pattern, replacement, why): commands a user runs to install; the session has them done.
SUBSTITUTIONS: tuple[tuple[str, str, str], ...] = (
    (r"\bpython3? -m venv \.venv\b", "true", "the copy's .venv is the test's environment"),
    (r"(?:\S*/)?pip install [^;&|\n]*", "true", "everything pygen[dev] needs is installed"),
)

_FENCE = re.compile(r"^```(\S*)\s*$")
_MARKER = re.compile(r"^<!--\s*snippet:\s*(.*?)\s*-->$")
_NO_RUN = re.compile(r"^no-run \((.+)\)$")
_PORT = re.compile(r"--port[ =](\d+)")
_PROJECT = re.compile(r"--project[ =](\S+)")
_TOKEN = re.compile(r"(?:--token[ =]|PYGEN_EMULATOR_TOKEN=)(\S+)")


class SnippetError(AssertionError):
    """A snippet failed, or a doc's snippet markers are malformed."""


@dataclass(frozen=True)
class Snippet:
    """One fenced block of a doc."""

    doc: str
    line: int  # 1-based line of the opening fence
    language: str
    code: str
    directive: str | None  # the text of a ``<!-- snippet: ... -->`` marker before it

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line}"

    @property
    def runs(self) -> bool:
        """Whether the session runs (or, for ``output``, checks) it."""
        if self.directive == "output":
            return True
        return self.language in RUN_LANGUAGES and not (self.directive or "").startswith("no-run")


def parse_snippets(text: str, doc: str) -> list[Snippet]:
    """Every fenced block of a markdown text, with the marker before it (if any).

    Raises:
        SnippetError: an unknown or malformed marker, a marker on a block that does not run, or
            an unclosed fence.
    """
    lines = text.splitlines()
    snippets: list[Snippet] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        start = index
        index += 1
        body: list[str] = []
        while index < len(lines) and lines[index].rstrip() != "```":
            body.append(lines[index])
            index += 1
        if index == len(lines):
            raise SnippetError(f"{doc}:{start + 1}: the fence opened here is never closed")
        index += 1
        directive = _directive_before(lines, start)
        snippet = Snippet(doc, start + 1, opening.group(1), "\n".join(body) + "\n", directive)
        _check_directive(snippet)
        snippets.append(snippet)
    return snippets


def _directive_before(lines: list[str], start: int) -> str | None:
    previous = start - 1
    while previous >= 0 and not lines[previous].strip():
        previous -= 1
    if previous < 0:
        return None
    marker = _MARKER.match(lines[previous].strip())
    return marker.group(1) if marker else None


def _check_directive(snippet: Snippet) -> None:
    directive = snippet.directive
    if directive is None:
        if snippet.language == "" and re.match(r"\$ |pygen |\.venv/", snippet.code):
            raise SnippetError(
                f"{snippet.where}: an untagged block that looks like a command; tag it "
                "```bash or ```console so it runs, or mark it no-run with the reason"
            )
        return
    if _NO_RUN.match(directive):
        return
    if directive == "server" and snippet.language == "bash":
        return
    if directive == "continues" and snippet.language == "python":
        return
    if directive == "output" and snippet.language not in RUN_LANGUAGES:
        return
    raise SnippetError(
        f"{snippet.where}: unknown snippet marker {directive!r}; use 'no-run (the reason)', "
        "'continues' on a python block, 'output' on a block that is not run, or 'server' on "
        "a bash block"
    )


def substitute(code: str) -> str:
    """The code with the install commands replaced (``SUBSTITUTIONS``)."""
    for pattern, replacement, _why in SUBSTITUTIONS:
        code = re.sub(pattern, replacement, code)
    return code


def copy_repository(root: Path, target: Path) -> Path:
    """Copy the files git tracks in ``root`` (as they are in the work tree) into ``target``.

    Only tracked files: whatever else lies in the work tree (``out/``, a built SDK) is not there
    for a reader with a fresh clone either.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached"],
        cwd=root,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = root / name
        if not source.is_file() or source.is_symlink():
            continue  # deleted in the work tree, or a link (node_modules)
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    return target


@dataclass
class Session:
    """A terminal session in a copy of the repository: working directory and environment."""

    root: Path
    scratch: Path  # outside the copy: snippet files, captured state, server logs
    cwd: Path = field(init=False)
    env: dict[str, str] = field(init=False)
    servers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    python_so_far: str = ""  # the python blocks a ``continues`` block goes on from
    python_output: str | None = None  # what the last python block printed

    def __post_init__(self) -> None:
        venv = self.root / ".venv"
        if not venv.exists():
            venv.symlink_to(Path(sys.prefix), target_is_directory=True)
        self.cwd = self.root
        self.env = {
            "PATH": f"{venv / 'bin'}{os.pathsep}/usr/local/bin{os.pathsep}/usr/bin{os.pathsep}/bin",
            "VIRTUAL_ENV": str(venv),
            "HOME": str(self.scratch / "home"),
            "LANG": "C.UTF-8",
            "TMPDIR": os.environ.get("TMPDIR", "/tmp"),
            "NO_COLOR": "1",
        }
        (self.scratch / "home").mkdir(parents=True, exist_ok=True)

    def run(self, snippet: Snippet) -> None:
        """Run one snippet; raise :class:`SnippetError` with its output when it fails."""
        if snippet.directive == "output":
            self._compare_output(snippet)
        elif snippet.language == "python":
            self._python(snippet)
        elif snippet.directive == "server":
            self._server(snippet)
        elif snippet.language == "bash":
            self._bash(snippet, substitute(snippet.code))
        elif snippet.language == "console":
            self._console(snippet)
        else:
            raise SnippetError(f"{snippet.where}: cannot run a {snippet.language!r} block")

    def _python(self, snippet: Snippet) -> None:
        if snippet.directive == "continues":
            if not self.python_so_far:
                raise SnippetError(f"{snippet.where}: 'continues', but no python block before it")
            self.python_so_far += snippet.code
        else:
            self.python_so_far = snippet.code
        path = self.scratch / f"snippet_{snippet.line}.py"
        path.write_text(self.python_so_far, encoding="utf-8")
        python = shutil.which("python", path=self.env["PATH"])
        if python is None:
            raise SnippetError(f"{snippet.where}: no python on the session's PATH")
        self.python_output = self._check(snippet, [python, str(path)])

    def _compare_output(self, snippet: Snippet) -> None:
        if self.python_output is None:
            raise SnippetError(f"{snippet.where}: 'output', but no python block ran before it")
        if self.python_output != snippet.code:
            diff = difflib.unified_diff(
                snippet.code.splitlines(), self.python_output.splitlines(), "doc", "printed"
            )
            raise SnippetError(
                f"{snippet.where}: the python block before prints something else:\n"
                + "\n".join(diff)
            )

    def _bash(self, snippet: Snippet, code: str) -> str:
        state = self.scratch / "state"
        script = f'set -e -o pipefail\n{code}\npwd > "{state}.cwd"\nenv -0 > "{state}.env"\n'
        output = self._check(snippet, ["bash", "-c", script])
        self.cwd = Path((state.with_suffix(".cwd")).read_text(encoding="utf-8").strip())
        pairs = state.with_suffix(".env").read_text(encoding="utf-8").split("\0")
        self.env = dict(pair.split("=", 1) for pair in pairs if "=" in pair)
        return output

    def _console(self, snippet: Snippet) -> None:
        for command, expected in console_commands(snippet.code):
            output = self._bash(snippet, substitute(command))
            missing = first_missing_line(expected, output.splitlines())
            if missing is not None:
                raise SnippetError(
                    f"{snippet.where}: `{command}` did not print {missing!r} (in this order)"
                    f"\n--- it printed:\n{output}"
                )

    def _check(self, snippet: Snippet, command: list[str]) -> str:
        try:
            done = subprocess.run(
                command,
                cwd=self.cwd,
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                timeout=TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            raise SnippetError(f"{snippet.where}: still running after {TIMEOUT} s") from None
        output = done.stdout.decode("utf-8", "replace")
        if done.returncode != 0:
            raise SnippetError(
                f"{snippet.where}: exit status {done.returncode} in {self.cwd}\n"
                f"--- snippet:\n{snippet.code}--- output:\n{output}"
            )
        return output

    def _server(self, snippet: Snippet) -> None:
        self.stop_servers()
        code = substitute(snippet.code)
        port = int(match.group(1)) if (match := _PORT.search(code)) else 8765
        project = match.group(1) if (match := _PROJECT.search(code)) else "playground"
        token = (
            match.group(1)
            if (match := _TOKEN.search(code))
            else self.env.get("PYGEN_EMULATOR_TOKEN", "any")
        )
        _wait_for_free_port(port, snippet)
        log = self.scratch / f"server_{snippet.line}.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                ["bash", "-c", code.strip()],
                cwd=self.cwd,
                env=self.env,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.servers.append(process)
        url = f"http://127.0.0.1:{port}/api/v1/projects/{project}/models/spaces"
        if "pygen serve" in code:  # the generation service: /health needs no token
            url = f"http://127.0.0.1:{port}/health"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SnippetError(
                    f"{snippet.where}: the server exited with status {process.returncode}\n"
                    f"--- output:\n{log.read_text(encoding='utf-8', errors='replace')}"
                )
            try:
                answer = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=2)
            except httpx.TransportError:
                time.sleep(0.2)
                continue
            if answer.status_code == 200:
                return
            raise SnippetError(f"{snippet.where}: GET {url} answered {answer.status_code}")
        raise SnippetError(f"{snippet.where}: the server did not answer on port {port} in 60 s")

    def stop_servers(self) -> None:
        """Stop the servers this session started (their process groups), as Ctrl-C would."""
        while self.servers:
            process = self.servers.pop()
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


@contextmanager
def session(root: Path, scratch: Path) -> Iterator[Session]:
    """A session in a fresh copy of ``root``; its servers are stopped at the end."""
    copy = copy_repository(root, scratch / "repo")
    (scratch / "work").mkdir()
    current = Session(copy, scratch / "work")
    try:
        yield current
    finally:
        current.stop_servers()


def console_commands(code: str) -> list[tuple[str, list[str]]]:
    """The ``$ command`` lines of a console block (``\\`` continues one) and the output shown."""
    result: list[tuple[str, list[str]]] = []
    lines = code.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.startswith("$ "):
            if not result:
                raise SnippetError(f"console output before any `$ command`: {line!r}")
            result[-1][1].append(line)
            continue
        command = line[2:]
        while command.endswith("\\") and index < len(lines):
            command = command + "\n" + lines[index]
            index += 1
        result.append((command, []))
    return result


def first_missing_line(expected: list[str], actual: list[str]) -> str | None:
    """The first shown output line not found (in order) in ``actual``; ``None`` if all are.

    A line that is only ``...`` stands for lines left out; a line ending in ``...`` for a line
    that starts with the text before it.
    """
    position = 0
    for line in expected:
        wanted = line.rstrip()
        if not wanted.strip() or wanted.strip() == "...":
            continue
        prefix = wanted.endswith("...")
        wanted = wanted[:-3].rstrip(" ,") if prefix else wanted
        while position < len(actual):
            got = actual[position].rstrip()
            position += 1
            if got.startswith(wanted) if prefix else got == wanted:
                break
        else:
            return line
    return None


def _wait_for_free_port(port: int, snippet: Snippet) -> None:
    import socket

    deadline = time.monotonic() + 30
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return
        if time.monotonic() > deadline:
            raise SnippetError(f"{snippet.where}: port {port} is still in use after 30 s")
        time.sleep(0.5)
