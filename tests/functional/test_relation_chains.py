"""Write classes in a long chain or cycle of relations validate and upsert (#17).

The synthetic model of 210 views links every entity view's ``parent`` to the view before it,
the first to the last: one cycle of 198 write classes, and from any of them a chain through
all the others. pydantic would build all their schemas nested in one call, past Python's
recursion limit; ``pygen_runtime.lazy.LinkedModel`` builds each class's schema on its own.
The SDK is generated once and driven in a fresh interpreter against the emulator.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pygen.api import generate
from pygen.emulator import LocalCDF
from pygen.testing import synthesize_model

VIEWS = 210

PROBE = """
import json, sys
import synthetic_210 as sdk
from pygen_runtime.client import PygenClient, TokenAuth

base_url, project, token = sys.argv[1:]
entities = sorted(n for n in sdk.__all__ if n.startswith("Entity") and n.endswith("Write"))
count = len(entities)

# the first class validated is in the middle of the cycle: its schema names the next one only
middle = getattr(sdk, entities[count // 2])
middle(space="s", external_id="m", name="middle")

# a chain of nested objects through every class of the cycle, each the parent of the next
node = None
for index, name in enumerate(entities):
    node = getattr(sdk, name)(space="synth", external_id=f"e{index}", name=f"n{index}", parent=node)

# the same chain as plain data, validated from the outermost class
data = None
for index, name in enumerate(entities):
    data = {"space": "s", "externalId": f"d{index}", "name": f"d{index}", "parent": data}
from_data = getattr(sdk, entities[-1]).model_validate(data)
depth, current = 0, from_data
while current is not None:
    assert type(current).__name__ == entities[count - 1 - depth], type(current)
    depth, current = depth + 1, current.parent

errors = []
try:  # a bad value deep in the chain is reported at its place
    bad = {"space": "s", "externalId": "b", "name": "bad", "parent": {"space": "s", "name": 3}}
    getattr(sdk, entities[5]).model_validate(bad)
except Exception as error:
    errors = [".".join(map(str, e["loc"])) for e in error.errors()]

client_class = getattr(sdk, next(n for n in sdk.__all__ if n.endswith("Client")))
client = client_class(PygenClient(base_url, project, TokenAuth(token)))
result = client.upsert(node)
last = getattr(client, next(
    a for a, (_, api) in client_class._apis.items() if api == entities[-1][:-5] + "API"
))
read = last.retrieve(("synth", "e%d" % (count - 1)))
print(json.dumps({
    "classes": count,
    "depth": depth,
    "written": len(result.created),
    "parent": [read.parent.space, read.parent.external_id],
    "errors": errors,
    "recursion": sys.getrecursionlimit(),
}))
"""


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("chains")
    path = folder / "synthetic.json"
    path.write_text(synthesize_model(views=VIEWS).model_dump_json(by_alias=True))
    generate(path, folder / "out")
    return path


def test_write_classes_in_a_cycle_of_200_validate_and_upsert(model: Path) -> None:
    with LocalCDF(load=[model]) as cdf:
        ran = subprocess.run(
            [sys.executable, "-c", PROBE, cdf.base_url, cdf.project, cdf.token],
            env={**os.environ, "PYTHONPATH": str(model.parent / "out")},
            capture_output=True,
            text=True,
            check=False,
        )
    assert ran.returncode == 0, ran.stderr[-3000:]
    seen = json.loads(ran.stdout)
    assert seen["classes"] == VIEWS - 10 - 1  # the entities: all but the bases and the edge view
    assert seen["depth"] == seen["classes"]  # the whole chain validated, one object per class
    assert seen["written"] == seen["classes"]  # every nested object upserted
    assert seen["parent"] == ["synth", f"e{seen['classes'] - 2}"]
    assert seen["recursion"] == 1000  # not raised to get there
    assert seen["errors"] and all(e.startswith("parent.") for e in seen["errors"])
    # the nested object's error is named by its class (Entity00005's parent is Entity00004)
    assert "parent.function-plain[Entity00004Write()].name" in seen["errors"]
