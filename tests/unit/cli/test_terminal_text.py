"""What the command line prints: model text escaped, JSON exact, one ``error:`` line, and
an unexpected exception as one line instead of a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from pygen.cli.app import app
from pygen.cli.terminal import error_text, json_text, line, lines
from pygen.testing.models import mapped, model, view

runner = CliRunner()
ANSI = "\x1b[2J\x1b[31m"


def _write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_the_helpers_escape_what_a_terminal_would_act_on() -> None:
    assert line(f"a{ANSI}b\nc\u202e") == "a\\x1b[2J\\x1b[31mb\\nc\\u202e"
    assert lines("a\nb\x07") == "a\nb\\x07"
    assert error_text("bad\nerror: forged\n  kept") == "error: bad\n  error: forged\n  kept"
    text = json.dumps({"x": "\ud800\u202e"}, ensure_ascii=False)
    assert json.loads(json_text(text)) == {"x": "\ud800\u202e"}
    json_text(text).encode("utf-8")  # printable on any UTF-8 terminal


def test_validate_escapes_model_text_and_json_stays_exact(tmp_path: Path) -> None:
    bad_id = f"Red{ANSI}\nerror: forged\ud800"
    path = _write(tmp_path, model(view(bad_id, {"x": mapped()})))

    text = runner.invoke(app, ["validate", "-f", str(path)])
    as_json = runner.invoke(app, ["validate", "-f", str(path), "--format", "json"])

    assert text.exit_code == 1
    assert "\x1b" not in text.output and "\ud800" not in text.output
    assert "PYG071" in text.output and "\\x1b[2J" in text.output
    assert not [row for row in text.output.splitlines() if row.startswith("error:")]
    assert as_json.exit_code == 1
    issues = json.loads(as_json.output)["issues"]
    (issue,) = [i for i in issues if i["code"] == "PYG071"]
    assert "\\x1b" in issue["message"]  # the message quotes the id escaped


def test_inspect_escapes_model_text(tmp_path: Path) -> None:
    document = model(view("Pump", {"x": mapped()}))
    document["name"] = f"evil{ANSI}name\u202e"
    path = _write(tmp_path, document)

    result = runner.invoke(app, ["inspect", "-f", str(path)])

    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "evil\\x1b[2J\\x1b[31mname\\u202e" in result.output


def test_generate_prints_one_error_line_for_a_bad_model(tmp_path: Path) -> None:
    path = _write(tmp_path, model(view("Pump", {"x": mapped()}, version="1\nerror: forged")))

    result = runner.invoke(app, ["generate", "-f", str(path), "-o", str(tmp_path / "out")])

    assert result.exit_code == 1
    errors = [row for row in result.output.splitlines() if row.startswith("error:")]
    assert len(errors) == 1 and "PYG071" in result.output
    assert not (tmp_path / "out").exists()


def test_a_yaml_number_where_text_belongs_says_to_quote_it(tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(
        "space: sp\nexternalId: M\nversion: 1.10\ncreatedTime: 0\nlastUpdatedTime: 0\n",
        encoding="utf-8",
    )

    result = runner.invoke(app, ["generate", "-f", str(path), "-o", str(tmp_path / "out")])

    assert result.exit_code == 2
    assert "version: Input should be a valid string (got 1.1)" in result.output
    assert "quote it in the file" in result.output


def test_an_unexpected_exception_is_one_error_line_not_a_traceback(tmp_path: Path) -> None:
    """A bug (here: validation patched to fail) is printed as one line, exit status 3."""
    path = _write(tmp_path, model(view("Pump", {"x": mapped()})))
    script = (
        "import sys\n"
        "import pygen.validation.validator as v\n"
        "def broken(*args, **kwargs):\n"
        "    raise RuntimeError('boom\\n\\x1b[31m')\n"
        "v.DataModelValidator.validate = broken\n"
        f"sys.argv = ['pygen', 'validate', '-f', {str(path)!r}]\n"
        "from pygen.cli import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: internal error (RuntimeError: boom")
    assert [row for row in result.stderr.splitlines() if row.startswith("error:")] == [
        result.stderr.splitlines()[0]
    ]
    assert "\x1b" not in result.stderr and "bug in pygen" in result.stderr


def test_a_keyword_as_client_or_package_name_is_a_settings_error(tmp_path: Path) -> None:
    path = _write(tmp_path, model(view("Pump", {"x": mapped()})))
    for flags in (["--client-name", "class"], ["--package", "import"]):
        result = runner.invoke(
            app, ["generate", "-f", str(path), "-o", str(tmp_path / "out"), *flags]
        )

        assert result.exit_code == 2
        assert result.output.startswith(f"error: {flags[0]}: generation."), result.output
        assert not (tmp_path / "out").exists()


def test_inspect_aligns_its_table_on_the_escaped_text(tmp_path: Path) -> None:
    path = _write(tmp_path, model(view(f"R{ANSI}ed", {"x": mapped()}), view("Pump", {})))

    result = runner.invoke(app, ["inspect", "-f", str(path)])

    assert result.exit_code == 0, result.output
    rows = [row for row in result.output.splitlines() if row.startswith("  ") and "1" in row]
    header = next(row for row in result.output.splitlines() if "VERSION" in row)
    columns = {row.index(" 1 ") for row in rows if " 1 " in row}
    assert len(rows) >= 2 and columns == {header.index("VERSION") - 1}, result.output
