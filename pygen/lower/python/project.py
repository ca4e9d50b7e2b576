"""The generated SDK as an installable project: ``pyproject.toml`` next to the package.

Written only in the package layout, into the output folder (``out/pyproject.toml`` beside
``out/example_model/``), so that ``pip install out/`` installs the SDK with its runtime. The rules
(docs/generator.md, "An installable project"):

- distribution name: the package name with ``_`` as ``-`` (``example_model`` -> ``example-model``);
- version: from the model's version by :func:`distribution_version`;
- dependencies: ``cdf-pygen-runtime`` in the range of :func:`runtime_versions`, which the package's
  ``__runtime_versions__`` repeats for the check at import (``pygen_runtime.require_runtime``).

The file is TOML data, written by :func:`toml_document` from values (every string escaped), not a
template.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pygen_runtime.compat import DISTRIBUTION, release

from .views import VIEWS

__all__ = [
    "PYPROJECT",
    "distribution_name",
    "distribution_version",
    "pyproject_text",
    "runtime_requirement",
    "runtime_versions",
    "toml_document",
]

PYPROJECT = "pyproject.toml"

_RELEASE_TEXT = re.compile(r"\d+(?:\.\d+)*")
_NUMBERS_ONLY = re.compile(r"[vV]?\d+(?:[._-]\d+)*")
_DIGITS = re.compile(r"\d+")
_LABEL_SEPARATORS = re.compile(r"[^a-z0-9]+")

TomlValue = str | Sequence[str]


def runtime_versions(runtime_version: str) -> tuple[str, str]:
    """The runtime versions an SDK generated with runtime ``runtime_version`` accepts: at least
    that release, below the next breaking one (the next minor before 1.0, the next major after).

    ``"0.1.0"`` -> ``("0.1.0", "0.2")``; ``"1.4.2"`` -> ``("1.4.2", "2")``.
    """
    major, minor = (*release(runtime_version), 0)[:2]
    lowest = ".".join(str(number) for number in _release_numbers(runtime_version))
    below = f"0.{minor + 1}" if major == 0 else str(major + 1)
    return lowest, below


def _release_numbers(version: str) -> list[int]:
    match = _RELEASE_TEXT.match(version)
    if match is None:
        raise ValueError(f"not a release version: {version!r}")
    return [int(part) for part in match.group(0).split(".")]


def runtime_requirement(versions: tuple[str, str]) -> str:
    """``cdf-pygen-runtime>=0.1.0,<0.2``."""
    return f"{DISTRIBUTION}>={versions[0]},<{versions[1]}"


def distribution_name(package: str) -> str:
    """The project name of the SDK: the package name with ``_`` as ``-``."""
    return package.replace("_", "-")


def distribution_version(model_version: str) -> str:
    """A valid PEP 440 version for a data model's version (a free string in CDF).

    - Numbers, optionally after a ``v``, separated by ``.``, ``_`` or ``-`` are the release:
      ``"1"`` -> ``1``, ``"v2"`` -> ``2``, ``"1_0"`` -> ``1.0``, ``"2023-01-01"`` -> ``2023.1.1``.
    - Anything else is release ``0`` with the version as local label (lower case, every run of
      other characters as ``.``): ``"beta"`` -> ``0+beta``, ``"Release-A"`` -> ``0+release.a``,
      ``"v1.2-rc"`` -> ``0+v1.2.rc``; a part of digits only is written as its number, as PEP 440
      normalises it (``"_00"`` -> ``0+0``). pip installs such versions; a package index would
      not take them.
    """
    text = model_version.strip()
    if _NUMBERS_ONLY.fullmatch(text):
        return ".".join(str(int(number)) for number in _DIGITS.findall(text))
    label = ".".join(
        str(int(part)) if part.isdigit() else part
        for part in _LABEL_SEPARATORS.split(text.lower())
        if part
    )
    return f"0+{label}" if label else "0"


def pyproject_text(
    *,
    header: Sequence[str],
    package: str,
    model_version: str,
    description: str,
    runtime: tuple[str, str],
) -> str:
    """The SDK's ``pyproject.toml`` (setuptools; the package, its ``views`` subpackage and
    ``py.typed``)."""
    return toml_document(
        header,
        [
            (
                "build-system",
                [
                    ("requires", ["setuptools>=61"]),
                    ("build-backend", "setuptools.build_meta"),
                ],
            ),
            (
                "project",
                [
                    ("name", distribution_name(package)),
                    ("version", distribution_version(model_version)),
                    ("description", description),
                    ("requires-python", ">=3.10"),
                    ("dependencies", [runtime_requirement(runtime)]),
                ],
            ),
            # the package and its subpackage of view modules (setuptools lists no subpackage
            # by itself: without it an installed SDK cannot import a view)
            ("tool.setuptools", [("packages", [package, f"{package}.{VIEWS}"])]),
            ("tool.setuptools.package-data", [(package, ["py.typed"])]),
        ],
    )


def toml_document(
    header: Sequence[str], tables: Sequence[tuple[str, Sequence[tuple[str, TomlValue]]]]
) -> str:
    """TOML text of tables of string and string-list values, after ``#`` comment lines."""
    lines = [f"# {line}" for line in header]
    for table, entries in tables:
        lines += ["", f"[{table}]"]
        lines += [f"{_key(key)} = {_value(value)}" for key, value in entries]
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _string(key)


def _value(value: TomlValue) -> str:
    if isinstance(value, str):
        return _string(value)
    return "[" + ", ".join(_string(item) for item in value) + "]"


def _string(text: str) -> str:
    """A TOML basic string: quotes and backslashes escaped, control characters as ``\\uXXXX``,
    a lone surrogate (which TOML cannot hold) as U+FFFD."""
    return '"' + "".join(_char(char) for char in text) + '"'


def _char(char: str) -> str:
    code = ord(char)
    if char in '"\\':
        return "\\" + char
    if code < 0x20 or code == 0x7F:
        return f"\\u{code:04x}"
    if 0xD800 <= code <= 0xDFFF:
        return "\\ufffd"
    return char
