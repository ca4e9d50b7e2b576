"""The job function: one generation, run by an embedded worker process or a Celery worker.

It takes the job's payload (the model as JSON, the languages, the options and the output
format; never credentials), calls :func:`pygen.generate` without an output folder, and writes
the artifact. Every outcome is a plain dict (JSON-safe, so Celery can carry it): ``status``
(``completed`` or ``failed``), ``warnings`` / ``errors`` as structured validation issues,
``reason`` (one line, for a failure), ``timings`` and ``artifact`` (the file's name).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from pygen.config import GeneratorConfig
from pygen_runtime.errors import ParseError, PygenError, ValidationError

from .artifacts import EXTENSIONS, archive_bytes, write_artifact

__all__ = ["artifact_name", "generator_config", "run_job"]

logger = logging.getLogger("pygen.service")

_INVALID = "the model has errors; nothing was generated"


def generator_config(language: list[str], options: dict[str, Any]) -> GeneratorConfig:
    """The generator settings of a request's ``language`` and ``options``."""
    naming = options.get("naming") or {}
    return GeneratorConfig(
        language=tuple(language),
        package_name=options.get("package_name"),
        client_name=options.get("client_name"),
        include_views=tuple(options.get("include_views") or ()),
        exclude_views=tuple(options.get("exclude_views") or ()),
        docstrings=options.get("docstrings", True),
        layout=options.get("layout", "package"),
        strict=options.get("strict", False),
        workers=1,  # the job is the unit of parallelism: one process per job
        **{key: value for key, value in naming.items() if value is not None},
    )


def artifact_name(job_id: str, run: int, output_format: str) -> str:
    """The artifact's file name: pygen's job id and a number of the run (the attempt, or the
    worker's process id), never the caller's text."""
    return f"{job_id}-{run}.{EXTENSIONS[output_format]}"


def run_job(
    job_id: str,
    run: int,
    payload: dict[str, Any],
    artifacts: Path,
    *,
    stops: tuple[type[BaseException], ...] = (),
) -> dict[str, Any]:
    """Generate the SDK of ``payload`` and write its artifact into ``artifacts``.

    ``stops`` are exceptions that stop the job from outside (Celery's soft time limit): they
    pass through to the caller instead of failing the job as an internal error."""
    import pygen
    from pygen.model_file import parse_data_model

    start = time.perf_counter()
    try:
        config = generator_config(payload["language"], payload.get("options") or {})
        model = parse_data_model(payload["model"], source="model")
        result = pygen.generate(model, None, config)
        mark = time.perf_counter()
        data = archive_bytes(result.file_set.files, payload["output_format"])
        name = artifact_name(job_id, run, payload["output_format"])
        write_artifact(artifacts, name, data)
    except stops:
        raise
    except ValidationError as exc:
        return _failed(_INVALID, start, errors=[issue.to_dict() for issue in exc.errors])
    except ParseError:  # not a data model: the validator's lenient reading names each place
        issues = pygen.validate(payload["model"], language=payload["language"]).errors
        return _failed(_INVALID, start, errors=[issue.to_dict() for issue in issues])
    except PygenError as exc:
        return _failed(_first_line(exc), start)
    except Exception as exc:  # a bug in pygen: the job fails with a reason, the worker lives on
        logger.exception("job %s failed with an internal error", job_id)
        return _failed(f"internal error ({type(exc).__name__}); see the worker's log", start)
    timings = dict(result.timings)
    timings["archive"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - start
    return {
        "status": "completed",
        "warnings": [issue.to_dict() for issue in result.warnings],
        "errors": [],
        "reason": None,
        "timings": timings,
        "artifact": name,
    }


def _failed(
    reason: str, start: float, *, errors: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "status": "failed",
        "warnings": [],
        "errors": errors or [],
        "reason": reason,
        "timings": {"total": time.perf_counter() - start},
        "artifact": None,
    }


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
