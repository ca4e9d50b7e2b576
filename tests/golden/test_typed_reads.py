"""Type checking of the example SDK's read API: what ``mypy --strict`` accepts and refuses.

Sort names are a ``Literal`` per view (``EquipmentSortField``): a misspelt or foreign field is a
type error. Expandable relations are ``InstanceId | Site``: code narrows them with
``isinstance``, and using one as a ``Site`` without narrowing is a type error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .fixtures import GOLDEN, ROOT

EXAMPLE = GOLDEN / "example" / "python"

GOOD = """
from example_model import ExampleModelClient, Site
from pygen_runtime import InstanceId, Sort


def read(sdk: ExampleModelClient) -> list[str]:
    pumps = sdk.equipment.list(sort=["-weight", Sort("name"), "external_id"], expand=2)
    names = []
    for pump in pumps:
        site = pump.site
        if isinstance(site, Site):
            names.append(site.code)
        elif isinstance(site, InstanceId):
            names.append(site.external_id)
    for order in sdk.work_order.iterate(sort="-due_date"):
        names.extend(o.name for o in order)
    return names
"""

BAD = """
from example_model import ExampleModelClient


def read(sdk: ExampleModelClient) -> str:
    sdk.equipment.list(sort="wieght")
    sdk.site.list(sort=["-weight"])
    pump = sdk.equipment.retrieve("pump-1", expand=1)
    assert pump is not None and pump.site is not None
    return pump.site.code
"""


def _mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    module = tmp_path / "reads.py"
    module.write_text(source, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": os.pathsep.join([str(ROOT), str(EXAMPLE)])}
    command = [sys.executable, "-m", "mypy", "--config-file", str(GOLDEN / "mypy.ini")]
    return subprocess.run(
        [*command, str(module)], capture_output=True, text=True, env=env, cwd=ROOT
    )


def test_sort_names_and_narrowed_relations_type_check(tmp_path: Path) -> None:
    result = _mypy(tmp_path, GOOD)
    assert result.returncode == 0, result.stdout + result.stderr


def test_misspelt_sorts_and_unnarrowed_relations_are_type_errors(tmp_path: Path) -> None:
    result = _mypy(tmp_path, BAD)
    lines = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert result.returncode == 1
    assert any(":6:" in line and "'wieght'" in line for line in lines), result.stdout
    assert any(":7:" in line and "-weight" in line for line in lines), result.stdout
    assert any(":10:" in line and 'Item "InstanceId"' in line for line in lines), result.stdout
    assert len(lines) == 3, result.stdout
