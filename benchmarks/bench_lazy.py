"""Per-view modules and incremental regeneration, side by side with the layout before them.

For synthetic models (``pygen.testing.synthesize_model``) of 10, 200 and 1,000 views:

Times are the interpreter's CPU time (``time.process_time``) where it runs SDK code (the
machine is shared, and wall time measures the neighbours), with bytecode writing on
(``PYTHONDONTWRITEBYTECODE`` unset: otherwise "warm" would compile again).

* **import**: ``import <sdk>`` in a fresh interpreter, cold (no bytecode yet) and warm
  (with ``__pycache__``), best of three; for this layout (one module per view, loaded on
  first use) and for the layout of another pygen source tree (``--old-src``, e.g. main's,
  unpacked with ``git archive main | tar -x -C /tmp/main-src``), each importing its own
  runtime;
* **first use**: warm import, then one view's read class built (reading needs its schema)
  and its API created: the view and the views it names directly;
* **all views**: warm import, then every exported read and list class's schema built and
  every API of the client created (side by side with the old layout), and the same with
  every write class's schema too. In these models the write classes form one cycle of
  relations (``parent`` links every view to the one before): the old layout builds such a
  cycle's schemas nested in one call, past Python's recursion limit at 200 views (shown as
  ``RecursionError``); this one builds each class's schema on its own
  (``pygen_runtime.lazy.LinkedModel``);
* **regenerate**: ``pygen generate`` as a process after one view's description changed,
  with the generation cache empty (cold) and filled (warm), and the old tree's run; and run
  again with nothing changed (same: the model's IR from the cache); and with the cache off
  (off: what a cold run pays for filling the cache is cold / off): the CPU time of the
  process and its workers.

    .venv/bin/python benchmarks/bench_lazy.py [--sizes 10 200 1000] [--old-src /tmp/main-src]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _pygen_run import generate_cpu, tree_path

from pygen.testing import synthesize_model

ROOT = Path(__file__).resolve().parents[1]

IMPORT = "import time; t = time.process_time(); import {pkg}; print(time.process_time() - t)"
FIRST_USE = """
import time
import {pkg} as sdk
from pygen_runtime.client import PygenClient, TokenAuth
client_name = [n for n in sdk.__all__ if n.endswith("Client")][0]
client_class = getattr(sdk, client_name)
client = client_class(PygenClient("http://localhost:1", "p", TokenAuth("t")))
t = time.process_time()
name = sdk.__all__[len(sdk.__all__) // 2].removesuffix("Write").removesuffix("List")
getattr(sdk, name).model_rebuild()
attribute = next(a for a, (_, api) in client_class._apis.items() if api == name + "API")
getattr(client, attribute)
print(time.process_time() - t)
"""
ALL_VIEWS = """
import time
t = time.process_time()
import {pkg} as sdk
from pygen_runtime.client import PygenClient, TokenAuth
for name in sdk.__all__:
    value = getattr(sdk, name)
    if hasattr(value, "model_rebuild") and ({writes} or not name.endswith("Write")):
        value.model_rebuild()
client_class = getattr(sdk, [n for n in sdk.__all__ if n.endswith("Client")][0])
client = client_class(PygenClient("http://localhost:1", "p", TokenAuth("t")))
for attribute in [a for a in dir(client) if not a.startswith("_")]:
    getattr(client, attribute)
print(time.process_time() - t)
"""


def _python(code: str, path: Path, source: Path | None) -> float:
    """Seconds printed by ``code`` run in a fresh interpreter with ``path`` (and ``source``,
    a pygen tree to use instead of this one) first on the path; run from ``path`` so the
    working directory holds no other pygen."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(map(str, [path, *tree_path(source)])))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=path, env=env, capture_output=True, text=True
    )
    if done.returncode:
        if "RecursionError" in done.stderr:
            return float("inf")
        raise RuntimeError(done.stderr[-2000:])
    return float(done.stdout.strip().splitlines()[-1])


def _clear_bytecode(folder: Path) -> None:
    for cache in folder.rglob("__pycache__"):
        shutil.rmtree(cache)


def _imports(out: Path, pkg: str, source: Path | None) -> tuple[float, float]:
    _clear_bytecode(out)
    cold = _python(IMPORT.format(pkg=pkg), out, source)
    warm = min(_python(IMPORT.format(pkg=pkg), out, source) for _ in range(3))
    return cold, warm


def _all_views(out: Path, pkg: str, source: Path | None, *, writes: bool) -> float:
    code = ALL_VIEWS.format(pkg=pkg, writes=writes)
    return min(_python(code, out, source) for _ in range(3))


def _seconds(value: object) -> str:
    return "RecursionError" if value == float("inf") else f"{value:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 200, 1000])
    parser.add_argument("--old-src", type=Path, help="a pygen source tree with the old layout")
    args = parser.parse_args()
    old = args.old_src.resolve() if args.old_src else None
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in args.sizes:
            model = synthesize_model(views=size, base_views=min(10, size - 3))
            pkg = f"synthetic_{size}"
            path = work / f"model_{size}.json"
            path.write_text(model.model_dump_json(by_alias=True))
            new_out, old_out = work / f"new_{size}", work / f"old_{size}"
            cache = work / f"cache_{size}"
            regen_cold_first = generate_cpu(path, new_out, None, str(cache))
            row: dict[str, object] = {"views": size, "generate": regen_cold_first}
            row["import"] = _imports(new_out, pkg, None)
            row["first use"] = min(
                _python(FIRST_USE.format(pkg=pkg), new_out, None) for _ in range(3)
            )
            row["all views"] = _all_views(new_out, pkg, None, writes=False)
            row["all + writes"] = _all_views(new_out, pkg, None, writes=True)
            changed = json.loads(path.read_text())
            changed["views"][size // 2]["description"] = "changed"
            path.write_text(json.dumps(changed))
            row["regen warm"] = generate_cpu(path, new_out, None, str(cache))
            row["regen same"] = generate_cpu(path, new_out, None, str(cache))
            row["regen cold"] = generate_cpu(path, new_out, None, str(work / f"empty_{size}"))
            row["regen off"] = generate_cpu(path, new_out, None, "off")
            if old is not None:
                generate_cpu(path, old_out, old, "off")
                row["old import"] = _imports(old_out, pkg, old)
                row["old all views"] = _all_views(old_out, pkg, old, writes=False)
                row["old all + writes"] = _all_views(old_out, pkg, old, writes=True)
                changed["views"][size // 2]["description"] = "changed again"
                path.write_text(json.dumps(changed))
                row["old regen"] = generate_cpu(path, old_out, old, "off")
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    print("\nImport (CPU s, cold / warm), first use of one view, all views used (reads and APIs;")
    print("+w: write classes too), regeneration after a one-view change (CPU s; cold: empty")
    print("cache, warm: filled; same: nothing changed; off: PYGEN_CACHE=off, cold / off the")
    print("cost of filling the cache); old = --old-src's layout\n")
    head = (
        "views | import new | import old | first use | all new | all old | all+w new | "
        "all+w old | regen cold | regen off | regen warm | regen same | regen old"
    )
    print(head)
    print("|".join("---" for _ in head.split("|")))
    for r in rows:
        new_cold, new_warm = r["import"]  # type: ignore[misc]
        old_cold, old_warm = r.get("old import", (float("nan"), float("nan")))  # type: ignore[misc]
        print(
            f"{r['views']} | {new_cold:.3f} / {new_warm:.3f} | {old_cold:.3f} / {old_warm:.3f} | "
            f"{r['first use'] * 1000:.1f} ms | {r['all views']:.2f} | "
            f"{r.get('old all views', float('nan')):.2f} | {_seconds(r['all + writes'])} | "
            f"{_seconds(r.get('old all + writes', float('nan')))} | {r['regen cold']:.2f} | "
            f"{r['regen off']:.2f} (x{r['regen cold'] / r['regen off']:.2f}) | "
            f"{r['regen warm']:.2f} | {r['regen same']:.2f} | {r.get('old regen', float('nan')):.2f}"
        )


if __name__ == "__main__":
    main()
