"""Time validation + parse + transform on the largest fixture and a synthetic 1,000-view model.

    .venv/bin/python benchmarks/bench_validate_ir.py [--repeat 5] [--views 1000]

Prints one row per model: the best of ``--repeat`` runs for each stage, and the total.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pygen.ir import parse, source_hash, transform
from pygen.model_file import load_data_model
from pygen.testing import synthesize_model
from pygen.validation import DataModelValidator
from pygen_runtime.client.models import DataModel

ROOT = Path(__file__).parents[1]


def _time(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    timings = []
    value: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        value = function()
        timings.append(time.perf_counter() - start)
    return min(timings), value


def measure(label: str, model: DataModel, repeat: int) -> dict[str, Any]:
    validator = DataModelValidator()
    validate_s, result = _time(lambda: validator.validate(model), repeat)
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
        "validate": validate_s,
        "hash": hash_s,
        "parse": parse_s,
        "transform": transform_s,
        "total": validate_s + hash_s + parse_s + transform_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per stage (best is shown)")
    parser.add_argument("--views", type=int, default=1000, help="size of the synthetic model")
    args = parser.parse_args()

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
    print(f"\nbest of {args.repeat}; synthetic model: {per_view:.2f} ms per view end to end")


if __name__ == "__main__":
    main()
