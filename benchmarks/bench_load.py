"""Time to load each data-model fixture: YAML parse and pydantic validation, separately.

.venv/bin/python benchmarks/bench_load.py
"""

from __future__ import annotations

import time
from pathlib import Path

from pygen.model_file import parse_data_model, read_document

FIXTURES = Path(__file__).parents[1] / "tests" / "data" / "models"
REPEAT = 5


def best_of(func: object, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(
        f"{'fixture':<14} {'kB':>6} {'views':>5} {'parse ms':>9} {'validate ms':>12} {'total ms':>9}"
    )
    for path in sorted(FIXTURES.glob("*.yaml")):
        if path.name.endswith(".nodes.yaml"):
            continue
        document = read_document(path)
        parse = best_of(lambda p=path: read_document(p))
        validate = best_of(lambda d=document: parse_data_model(d))
        views = len(parse_data_model(document).views)
        size = path.stat().st_size / 1000
        print(
            f"{path.stem:<14} {size:>6.0f} {views:>5} {parse * 1000:>9.1f} "
            f"{validate * 1000:>12.1f} {(parse + validate) * 1000:>9.1f}"
        )


if __name__ == "__main__":
    main()
