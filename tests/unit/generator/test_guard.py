"""The compile guard: a token made from model text that would break a file stops generation
with an EmitError naming the file, before anything is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.lower.python import _cst, guard
from pygen.testing import synthesize_model
from pygen.testing.models import load, mapped, model, view
from pygen_runtime.errors import EmitError


def test_tokens_that_would_break_code_are_refused() -> None:
    guard.check_string('"ok"', "ok")
    guard.check_docstring('"""two\n    lines\twith a tab\n    """')
    guard.check_comment("# fine")
    guard.check_name("match")  # a soft keyword is a name
    guard.check_name("None")  # the lowering spells the constants as names
    with pytest.raises(EmitError, match="does not parse"):
        guard.check_string('"a"b"', 'a"b')
    with pytest.raises(EmitError, match="does not spell"):
        guard.check_string('"a\\tb"', "a\\tb")
    with pytest.raises(EmitError, match="unprintable"):
        guard.check_string('"a\x00b"', "a\x00b")
    with pytest.raises(EmitError, match="is not a literal"):
        guard.check_string('"a" + __import__("os").getcwd()', "a")  # parsed, never run
    with pytest.raises(EmitError, match="does not parse"):
        guard.check_docstring('"""ends early""" """')
    with pytest.raises(EmitError, match="unprintable"):
        guard.check_docstring('"""bidi \u202e"""')
    with pytest.raises(EmitError, match="one printable line"):
        guard.check_comment("# two\nimport os")
    for bad in ("class", "2x", "a-b", ""):
        with pytest.raises(EmitError, match="not a Python identifier"):
            guard.check_name(bad)


@pytest.fixture
def broken_docstring_escaping(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Simulate a bug in the docstring escaping: text goes in raw."""
    _cst.docstring.cache_clear()
    monkeypatch.setattr(_cst, "_doc_escape", lambda line: line)
    yield
    _cst.docstring.cache_clear()


HOSTILE = 'Pump """ import os'


def test_a_tripped_guard_names_the_file_and_writes_nothing(
    tmp_path: Path, broken_docstring_escaping: None
) -> None:
    document = model(view("Pump", {"name": mapped("text", description=HOSTILE)}))
    out = tmp_path / "out"

    with pytest.raises(EmitError) as caught:
        generate(load(document), out)

    message = str(caught.value)
    assert message.startswith("test_model/views/pump.py: generated code would not compile")
    assert "docstring" in message and "bug in pygen" in message
    assert not out.exists()


def test_the_guard_runs_in_the_worker_processes_too(
    tmp_path: Path, broken_docstring_escaping: None
) -> None:
    data_model = synthesize_model(views=45, base_views=4)
    target = data_model.inline_views[30]
    next(iter(target.properties.values())).description = HOSTILE  # not in client.py
    out = tmp_path / "out"

    with pytest.raises(EmitError, match=r"synthetic_45/views/\w+\.py: generated code"):
        generate(data_model, out, GeneratorConfig(workers=2))

    assert not out.exists()


def test_plain_tokens_skip_the_parser_and_others_do_not(monkeypatch: pytest.MonkeyPatch) -> None:
    """Quotes around text that cannot close them early and holds no backslash spell the text:
    accepted without parsing. Anything else is still parsed (and refused when it does not
    spell its value)."""
    parsed: list[str] = []
    real = guard._parse

    def spy(token: str, what: str) -> object:
        parsed.append(token)
        return real(token, what)

    monkeypatch.setattr(guard, "_parse", spy)
    guard.check_string('"plain text"', "plain text")
    guard.check_string("'say \"hi\"'", 'say "hi"')
    guard.check_docstring('"""two\n    lines, it\'s fine\n    """')
    guard.check_docstring('"""sorts by ``"-name"`` descending"""')
    guard.check_docstring('"""ends with a quote" """')
    assert parsed == []
    guard.check_string('"a\\\\b"', "a\\b")
    guard.check_docstring('"""a \\"quote\\" """')
    guard.check_docstring('"""two ""quotes"" in a row"""')
    assert len(parsed) == 3
    with pytest.raises(EmitError, match="does not parse"):
        guard.check_docstring('"""ends with a quote""""')
    with pytest.raises(EmitError, match="does not spell"):
        guard.check_string('"plain"', "other")
    with pytest.raises(EmitError, match="does not parse"):
        guard.check_docstring('"""trailing backslash\\"""')
    with pytest.raises(EmitError, match="does not parse"):
        guard.check_string("'mixed\"", "mixed")
