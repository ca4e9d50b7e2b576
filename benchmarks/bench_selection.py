"""What view selection and model merging cost, and what selection saves.

    .venv/bin/python benchmarks/bench_selection.py [--repeat 5] [--views 1000]

Prints one row per case: the best of ``--repeat`` runs of ``select_views`` alone (ms), of
validate + selection + IR (``build_ir``), and of a whole in-memory ``generate`` (no writing),
with the ratio of each to the same model without a selection, measured in the same run.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.ir import build_ir
from pygen.model_file import load_data_model
from pygen.models_merge import merge_models
from pygen.testing import synthesize_model
from pygen.validation import validate
from pygen.validation.selection import ViewSelection, select_views
from pygen_runtime.client.models import DataModel

ROOT = Path(__file__).parents[1]
MODELS = ROOT / "tests" / "data" / "models"


def _best(function: Callable[[], Any], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def _row(
    label: str, model: DataModel, patterns: Sequence[str], repeat: int, base: dict[str, float]
) -> dict[str, Any]:
    selection = ViewSelection.of(patterns) if patterns else None
    result = validate(model)
    select_s = _best(lambda: select_views(result, selection), repeat) if selection else 0.0
    ir_s = _best(lambda: build_ir(model, selection=selection), repeat)
    config = GeneratorConfig(include_views=tuple(patterns), workers=1)
    generate_s = _best(lambda: generate(model, None, config), repeat)
    ir, _ = build_ir(model, selection=selection)
    return {
        "case": label,
        "classes": len(ir.classes),
        "select ms": select_s * 1000,
        "validate+ir": ir_s,
        "x ir": ir_s / base.get("validate+ir", ir_s),
        "generate": generate_s,
        "x gen": generate_s / base.get("generate", generate_s),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per case (best is shown)")
    parser.add_argument("--views", type=int, default=1000, help="size of the synthetic model")
    args = parser.parse_args()

    rows = []
    for label, model, chosen in (
        ("CogniteCore", load_data_model(MODELS / "CogniteCore.yaml"), ["CogniteAsset"]),
        (f"synthetic {args.views}", synthesize_model(args.views), ["Entity000*"]),
    ):
        base = _row(f"{label}: all views", model, [], args.repeat, {})
        rows += [base, _row(f"{label}: {chosen[0]}", model, chosen, args.repeat, base)]

    multi = [load_data_model(MODELS / f"OmniMulti{letter}.yaml") for letter in "ABC"]
    merge_s = _best(lambda: merge_models(multi), args.repeat)

    columns = ["case", "classes", "select ms", "validate+ir", "x ir", "generate", "x gen"]
    widths = {c: max(len(c), *(len(_cell(r[c])) for r in rows)) for c in columns}
    print("  ".join(c.rjust(widths[c]) if c != "case" else c.ljust(widths[c]) for c in columns))
    for row in rows:
        cells = [_cell(row[c]) for c in columns]
        print(
            "  ".join(
                cell.ljust(widths[c]) if c == "case" else cell.rjust(widths[c])
                for c, cell in zip(columns, cells, strict=True)
            )
        )
    print(f"\nmerge_models(OmniMultiA, B, C): {merge_s * 1000:.2f} ms")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


if __name__ == "__main__":
    main()
