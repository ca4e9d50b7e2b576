"""generation.features.examples: each API method's docstring shows a call that runs as written;
here every example is taken from a generated SDK and run against the emulator."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from pygen.cli.app import app
from pygen.emulator import LocalCDF

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "pygen" / "examples" / "example_model.yaml"
INSTANCES = ROOT / "pygen" / "examples" / "example_instances.json"
runner = CliRunner()

RUN = """
import sys
from pygen_runtime.client import PygenClient, TokenAuth
from example_model import ExampleModelClient

base_url, project, token, *examples = sys.argv[1:]
client = ExampleModelClient(
    PygenClient(base_url, project, TokenAuth(token)), instance_space="pygen_example_data"
)
for example in examples:
    exec(example)
print(len(examples), "ran")
"""


def _examples(package: Path) -> list[str]:
    """The usage examples in the API docstrings of every view module of ``package``."""
    text = "".join(p.read_text() for p in sorted((package / "views").glob("*.py")))
    return re.findall(r"Example::\n\n\s+(.+)\n", text)


def test_every_example_runs_against_the_emulator(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["generate", "-f", str(EXAMPLE), "-o", str(out), "--examples"])
    assert result.exit_code == 0, result.output
    examples = _examples(out / "example_model")
    assert len(examples) == 6 * 4  # list, iterate, search, count per view
    assert "client.work_order.list(limit=5)" in examples
    assert "pages = list(client.equipment.iterate(chunk_size=10, limit=20))" in examples
    black = subprocess.run([sys.executable, "-m", "black", "--check", "-q", str(out)], check=False)
    assert black.returncode == 0  # still black-stable
    with LocalCDF(load=[EXAMPLE], instances=[INSTANCES]) as cdf:
        ran = subprocess.run(
            [sys.executable, "-c", RUN, cdf.base_url, cdf.project, cdf.token, *examples],
            env={**os.environ, "PYTHONPATH": str(out)},
            capture_output=True,
            text=True,
            check=False,
        )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "24 ran\n"


def test_examples_follow_the_name_plan_and_are_off_by_default(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    assert (
        runner.invoke(app, ["generate", "-q", "-f", str(EXAMPLE), "-o", str(plain)]).exit_code == 0
    )
    assert _examples(plain / "example_model") == []
    camel = tmp_path / "camel"
    (tmp_path / "pygen.yaml").write_text(
        "generation:\n  features:\n    examples: true\n  naming:\n    method_format: camelCase\n"
        "  style:\n    line_length: 40\n"
    )
    args = [
        "generate",
        "-q",
        "-f",
        str(EXAMPLE),
        "-o",
        str(camel),
        "-c",
        str(tmp_path / "pygen.yaml"),
    ]
    assert runner.invoke(app, args).exit_code == 0
    examples = _examples(camel / "example_model")
    # the client attribute is the plan's camelCase name; too long for 40 columns: no spaces
    assert "pages=list(client.workOrder.iterate(chunk_size=10,limit=20))" in examples
