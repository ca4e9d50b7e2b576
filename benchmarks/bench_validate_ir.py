"""Time the front end of a run on the largest fixture and a synthetic 1,000-view model:
loading (the file read and checked, the pydantic model), validation, the source hash,
parse and transform.

    .venv/bin/python benchmarks/bench_validate_ir.py [--repeat 5] [--views 1000]

Prints one row per model: the best of ``--repeat`` runs for each stage, and the total, in
CPU time of this process (the host is shared), with the cyclic GC paused as ``pygen generate``
runs these steps (``--gc``: left on).
Validation pays for the name plan each time (its memory is emptied before each run, as a
run starts without it); the transform then finds the plan validation left, as in a run.
Another tree: ``PYTHONPATH=<tree>:<tree>/runtime/src .venv/bin/python <this file>``.
"""

from __future__ import annotations

import argparse
import gc
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pygen.ir import parse, source_hash, transform
from pygen.model_file import load_data_model, parse_data_model, read_document
from pygen.naming import plan as naming_plan
from pygen.testing import synthesize_model
from pygen.validation import DataModelValidator
from pygen_runtime.client.models import DataModel

ROOT = Path(__file__).parents[1]


def _time(function: Callable[[], Any], repeat: int, *, fresh: bool = False) -> tuple[float, Any]:
    """The best of ``repeat`` runs of ``function`` (``fresh``: without a remembered plan)."""
    timings = []
    value: Any = None
    for _ in range(repeat):
        if fresh:
            naming_plan._plan_names.cache_clear()
        start = time.process_time()
        value = function()
        timings.append(time.process_time() - start)
    return min(timings), value


def _load(model: DataModel, repeat: int) -> float:
    """Reading ``model`` from a JSON file: the file parsed and checked, then the pydantic model."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.json"
        path.write_text(json.dumps(model.dump()))
        seconds, _ = _time(lambda: parse_data_model(read_document(path)), repeat)
    return seconds


def measure(label: str, model: DataModel, repeat: int) -> dict[str, Any]:
    load_s = _load(model, repeat)
    validator = DataModelValidator()
    validate_s, result = _time(lambda: validator.validate(model), repeat, fresh=True)
    filtered = result.filtered_model
    hash_s, digest = _time(lambda: source_hash(model), repeat)
    parse_s, parsed = _time(lambda: parse(filtered, source_hash=digest), repeat)
    transform_s, ir = _time(lambda: transform(parsed), repeat)
    members = sum(len(c.properties) + len(c.relationships) for c in ir.classes)
    return {
        "model": label,
        "views": len(model.inline_views),
        "members": members,
        "issues": len(result.issues),
        "load": load_s,
        "validate": validate_s,
        "hash": hash_s,
        "parse": parse_s,
        "transform": transform_s,
        "total": load_s + validate_s + hash_s + parse_s + transform_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per stage (best is shown)")
    parser.add_argument("--views", type=int, default=1000, help="size of the synthetic model")
    parser.add_argument("--gc", action="store_true", help="leave the cyclic GC on")
    args = parser.parse_args()
    if not args.gc:
        gc.disable()

    rows = [
        measure(
            "CogniteCore", load_data_model(ROOT / "tests/data/models/CogniteCore.yaml"), args.repeat
        ),
        measure(f"synthetic {args.views}", synthesize_model(args.views), args.repeat),
    ]
    columns = [
        "model",
        "views",
        "members",
        "issues",
        "load",
        "validate",
        "hash",
        "parse",
        "transform",
        "total",
    ]
    header = " | ".join(f"{c:>10}" if c != "model" else f"{c:<16}" for c in columns)
    print(header)
    print("-" * len(header))
    for row in rows:
        cells = []
        for column in columns:
            value = row[column]
            if column == "model":
                cells.append(f"{value:<16}")
            elif isinstance(value, float):
                cells.append(f"{value * 1000:>8.1f}ms")
            else:
                cells.append(f"{value:>10}")
        print(" | ".join(cells))
    per_view = rows[1]["total"] / rows[1]["views"] * 1000
    print(
        f"\nbest of {args.repeat}, CPU time, GC {'on' if args.gc else 'paused'}; "
        f"synthetic model: {per_view:.2f} ms per view end to end"
    )


if __name__ == "__main__":
    main()
