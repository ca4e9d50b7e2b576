"""Every fenced python/bash/console snippet of README.md and docs/*.md runs as written.

Each doc runs as one user session in a fresh copy of the repository, after the commands the doc
itself shows (see ``doc_snippets``): nothing puts ``golden/`` or ``tests/`` on ``sys.path``. A
snippet that cannot run here carries ``<!-- snippet: no-run (the reason) -->``; every other one
must run and succeed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .doc_snippets import (
    Snippet,
    SnippetError,
    console_commands,
    first_missing_line,
    parse_snippets,
    session,
    substitute,
)

ROOT = Path(__file__).resolve().parents[2]
DOCS = ["README.md", *sorted(f"docs/{path.name}" for path in (ROOT / "docs").glob("*.md"))]


def snippets_of(doc: str) -> list[Snippet]:
    return parse_snippets((ROOT / doc).read_text(encoding="utf-8"), doc)


@pytest.mark.parametrize("doc", DOCS)
def test_every_unmarked_snippet_runs(doc: str, tmp_path: Path) -> None:
    snippets = snippets_of(doc)
    ran: list[Snippet] = []
    with session(ROOT, tmp_path) as user:
        for snippet in snippets:
            if snippet.runs:
                user.run(snippet)
                ran.append(snippet)
    assert ran == [snippet for snippet in snippets if snippet.runs]


def test_the_docs_have_snippets_that_run() -> None:
    counts = {doc: sum(snippet.runs for snippet in snippets_of(doc)) for doc in DOCS}
    assert counts["README.md"] >= 2 and counts["docs/example-sdk.md"] >= 2, counts


def test_a_broken_unmarked_snippet_fails(tmp_path: Path) -> None:
    doc = "intro\n\n```python\nimport example_model\n```\n"
    (snippet,) = parse_snippets(doc, "broken.md")
    with session(ROOT, tmp_path) as user, pytest.raises(SnippetError) as info:
        user.run(snippet)
    assert "broken.md:3: exit status 1" in str(info.value)
    assert "No module named 'example_model'" in str(info.value)


def test_nothing_puts_golden_on_the_path(tmp_path: Path) -> None:
    code = (
        "from importlib.util import find_spec\n"
        "assert find_spec('example_model') is None and find_spec('tests') is None\n"
        "import pygen_runtime\n"
    )
    with session(ROOT, tmp_path) as user:
        user.run(Snippet("probe.md", 1, "python", code, None))


def test_bash_state_carries_over_like_a_terminal(tmp_path: Path) -> None:
    doc = (
        "```bash\nmkdir -p out/x && cd out\nexport GREETING=hello\n```\n\n"
        '```python\nimport os, pathlib\nassert os.environ["GREETING"] == "hello"\n'
        'assert pathlib.Path.cwd().name == "out"\n```\n'
    )
    with session(ROOT, tmp_path) as user:
        for snippet in parse_snippets(doc, "state.md"):
            user.run(snippet)


def test_install_commands_are_substituted_not_run() -> None:
    code = "python3 -m venv .venv && .venv/bin/pip install --quiet -e '.[pandas]' && ls\n"
    assert substitute(code) == "true && true&& ls\n"


@pytest.mark.parametrize(
    ("marker", "language", "problem"),
    [
        ("no-run", "python", "unknown snippet marker 'no-run'"),  # the reason is required
        ("skip", "python", "unknown snippet marker 'skip'"),
        ("server", "python", "unknown snippet marker 'server'"),
        ("continues", "bash", "unknown snippet marker 'continues'"),
    ],
)
def test_malformed_markers_are_refused(marker: str, language: str, problem: str) -> None:
    doc = f"<!-- snippet: {marker} -->\n```{language}\nprint()\n```\n"
    with pytest.raises(SnippetError, match=problem):
        parse_snippets(doc, "bad.md")


def test_an_untagged_command_block_is_refused() -> None:
    with pytest.raises(SnippetError, match="tag it"):
        parse_snippets("```\n$ pygen --version\n```\n", "bad.md")


def test_console_output_is_matched_in_order_with_elisions() -> None:
    [(command, expected)] = console_commands("$ pygen x \\\n    --y\nA\n...\nB starts...\n")
    assert command == "pygen x \\\n    --y"
    assert first_missing_line(expected, ["A", "noise", "B starts here"]) is None
    assert first_missing_line(expected, ["B starts here", "A"]) == "B starts..."


def test_a_server_must_answer(tmp_path: Path) -> None:
    doc = "<!-- snippet: server -->\n```bash\npygen emulator --port 8799 --load missing.yaml\n```\n"
    (snippet,) = parse_snippets(doc, "server.md")
    with session(ROOT, tmp_path) as user, pytest.raises(SnippetError, match="server exited"):
        user.run(snippet)


def test_a_continuing_snippet_goes_on_from_the_ones_before(tmp_path: Path) -> None:
    doc = (
        "```python\nanswer = 42\n```\n\n<!-- snippet: continues -->\n"
        "```python\nassert answer == 42\n```\n\n```python\nprint(answer)\n```\n"
    )
    first, second, third = parse_snippets(doc, "chain.md")
    with session(ROOT, tmp_path) as user:
        user.run(first)
        user.run(second)
        with pytest.raises(SnippetError, match="NameError"):
            user.run(third)  # a block without the marker starts afresh


def test_a_shown_output_must_be_what_the_block_prints(tmp_path: Path) -> None:
    doc = "```python\nprint('a')\n```\n\n<!-- snippet: output -->\n```text\n{}\n```\n"
    with session(ROOT, tmp_path) as user:
        for snippet in parse_snippets(doc.format("a"), "out.md"):
            user.run(snippet)
        code, shown = parse_snippets(doc.format("b"), "out.md")
        user.run(code)
        with pytest.raises(SnippetError, match="prints something else"):
            user.run(shown)
