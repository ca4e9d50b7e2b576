"""Reading pygen's settings: one precedence rule, errors that name the place and the fix.

**CLI flag > environment variable > config file > default**, key by key. Each source is a
*layer* (a nested mapping in the layout of ``pygen.yaml``); the layers are merged, then
validated once, and an invalid value is reported at the layer that gave it (``pygen.yaml:12``,
``environment variable PYGEN_LINE_LENGTH``, ``--line-length``).

The model is the one place where keys go together: a layer that names a model file drops the
CDF model (space, external_id, version) of the layers below it, and one that names a CDF
model drops their file. When the file lists several models, a model given by the environment
or the command line replaces the list.

Unknown keys are errors naming the key path, the file, the line (YAML files; TOML's parser
gives none) and the closest valid key.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

import pydantic
from pydantic import BaseModel

from pygen_runtime.errors import ConfigError, ParseError

from .environment import from_environment
from .project import GENERATOR_KEYS, PygenConfig

__all__ = ["CONFIG_FILE", "Layer", "find_config", "load_config", "read_file", "validate_layers"]

CONFIG_FILE = "pygen.yaml"
"""The file name pygen looks for in the working folder."""

KeyPath = tuple[str | int, ...]

_MODEL_CDF = ("space", "external_id", "version")

_MOVED: dict[str, str] = {
    "model_file": "model.file",
    "output": "generation.output_dir",
    "cdf": "client (base_url, project) and model (space, external_id, version)",
    "generator": "generation",
}
"""Top-level keys of the earlier layout and where they went."""


@dataclass(frozen=True)
class Layer:
    """One source of settings.

    Attributes:
        data: The settings, in the layout of pygen.yaml.
        source: What to call the source in messages (a file name, ``the environment``).
        where: Per key path, a more precise place (a line, a variable, a flag); ``None``
            falls back to ``source``.
    """

    data: dict[str, Any]
    source: str
    where: Callable[[KeyPath], str | None] = field(default=lambda path: None)

    def place(self, path: KeyPath) -> str:
        """Where ``path`` was set in this layer."""
        return self.where(path) or self.source


def _schema(model: type[BaseModel]) -> dict[str, Any]:
    """Key -> sub-schema (a dict) or ``None`` (a value), from the pydantic models."""
    tree: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        sub = _section_of(info.annotation)
        tree[name] = _schema(sub) if sub is not None else None
    return tree


def _section_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


SCHEMA: dict[str, Any] = _schema(PygenConfig)
"""The layout of pygen.yaml, derived from :class:`PygenConfig`."""


def dotted(path: KeyPath) -> str:
    """``("model", 0, "space")`` -> ``model[0].space``."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _leaf_paths(tree: dict[str, Any], prefix: str = "") -> list[str]:
    paths: list[str] = []
    for key, sub in tree.items():
        here = f"{prefix}.{key}" if prefix else key
        paths.append(here)
        if isinstance(sub, dict):
            paths.extend(_leaf_paths(sub, here))
    return paths


def _suggest(key: str, path: KeyPath, valid: Sequence[str]) -> str:
    """``did you mean ...?`` for an unknown ``key`` at ``path`` (its parent)."""
    if not path and key in _MOVED:
        return f"it moved to {_MOVED[key]}"
    close = difflib.get_close_matches(key, list(valid), n=1, cutoff=0.6)
    if close:
        return f"did you mean {dotted((*path, close[0]))}?"
    elsewhere = [p for p in _leaf_paths(SCHEMA) if p.rsplit(".", 1)[-1] == key]
    if elsewhere:
        return f"it belongs under {elsewhere[0].rsplit('.', 1)[0]}: {elsewhere[0]}"
    return f"valid keys here: {', '.join(valid)}"


def check_keys(layer: Layer) -> None:
    """Raise :class:`ConfigError` for the first unknown key of ``layer`` (in file order)."""
    problems: list[tuple[KeyPath, str]] = []

    def walk(data: Any, tree: dict[str, Any], path: KeyPath) -> None:
        if not isinstance(data, dict):
            return
        for key, value in data.items():
            here = (*path, key)
            if not isinstance(key, str) or key not in tree:
                problems.append((here, _suggest(str(key), path, list(tree))))
                continue
            sub = tree[key]
            if isinstance(sub, dict):
                if isinstance(value, list):
                    for index, item in enumerate(value):
                        walk(item, sub, (*here, index))
                else:
                    walk(value, sub, here)

    walk(layer.data, SCHEMA, ())
    if problems:
        path, hint = problems[0]
        raise ConfigError(f"{layer.place(path)}: unknown key {dotted(path)!r}; {hint}")


def _set(target: dict[str, Any], path: Sequence[str], value: Any) -> None:
    for step in path[:-1]:
        target = target.setdefault(step, {})
    target[path[-1]] = value


def _merge(base: Any, top: Any) -> Any:
    if isinstance(base, dict) and isinstance(top, dict):
        merged = dict(base)
        for key, value in top.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return top


def _merge_model(base: Any, top: Any) -> Any:
    """The ``model`` of two layers (see the module docstring)."""
    if not isinstance(top, dict):
        return top
    if isinstance(base, list):
        if len(base) > 1:
            return top
        base = base[0] if base else {}
    if not isinstance(base, dict):
        return top
    below = dict(base)
    if "file" in top:
        for key in _MODEL_CDF:
            below.pop(key, None)
    if any(key in top for key in _MODEL_CDF):
        below.pop("file", None)
    return {**below, **top}


def merge_layers(layers: Sequence[Layer]) -> dict[str, Any]:
    """The layers merged, later ones winning key by key."""
    merged: dict[str, Any] = {}
    for layer in layers:
        data = dict(layer.data)
        model = data.pop("model", None)
        merged = _merge(merged, data)
        if model is not None:
            merged["model"] = _merge_model(merged.get("model"), model)
    return merged


def _lookup(data: Any, path: KeyPath) -> bool:
    """Whether ``path`` is set in ``data`` (an index into a single model mapping is skipped)."""
    current = data
    for step in path:
        if isinstance(step, int):
            if isinstance(current, list) and 0 <= step < len(current):
                current = current[step]
            elif not (isinstance(current, dict) and step == 0):
                return False
        elif isinstance(current, dict) and step in current:
            current = current[step]
        else:
            return False
    return True


def _origin(layers: Sequence[Layer], loc: KeyPath) -> str:
    """The place of the layer that set ``loc`` (or its nearest parent): the top one first."""
    for length in range(len(loc), 0, -1):
        for layer in reversed(layers):
            if _lookup(layer.data, loc[:length]):
                return layer.place(loc[:length])
    return "defaults"


def validate_layers(layers: Sequence[Layer | tuple[Any, str, str | None]]) -> PygenConfig:
    """Check every layer's keys, merge them and validate the result.

    A tuple ``(data, source, yaml_text)`` is a layer read from a file (``yaml_text`` gives
    the lines).

    Raises:
        ConfigError: an unknown key or an invalid value, naming where it was set.
    """
    ready = [item if isinstance(item, Layer) else file_layer(*item) for item in layers]
    for layer in ready:
        if not isinstance(layer.data, dict):
            raise ConfigError(
                f"{layer.source}: expected a mapping of settings (client, generation, model), "
                f"got {type(layer.data).__name__}"
            )
        check_keys(layer)
    try:
        config = PygenConfig.model_validate(merge_layers(ready))
    except pydantic.ValidationError as exc:
        raise _config_error(ready, exc, lambda loc: loc) from None
    try:
        config.generator_config()
    except pydantic.ValidationError as exc:

        def key_of(loc: KeyPath) -> KeyPath:
            return tuple(GENERATOR_KEYS[str(loc[0])].split(".")) if loc else loc

        raise _config_error(ready, exc, key_of) from None
    return config


def _config_error(
    layers: Sequence[Layer], exc: pydantic.ValidationError, key_of: Callable[[KeyPath], KeyPath]
) -> ConfigError:
    problems = []
    for error in exc.errors():
        loc = key_of(tuple(error["loc"]))
        message = str(error["msg"]).removeprefix("Value error, ")
        problems.append(f"{_origin(layers, loc)}: {dotted(loc) or 'settings'}: {message}")
    return ConfigError("\n".join(problems))


def file_layer(data: Any, source: str, yaml_text: str | None = None) -> Layer:
    """A layer read from a file; with ``yaml_text``, places name the line."""
    if yaml_text is None:
        return Layer(data if data is not None else {}, source)

    def where(path: KeyPath) -> str | None:
        line = yaml_line(yaml_text, path)
        return f"{source}:{line}" if line is not None else None

    return Layer(data if data is not None else {}, source, where)


def yaml_line(text: str, path: KeyPath) -> int | None:
    """The line (1-based) of ``path``'s key in a YAML document, or ``None``."""
    import yaml

    try:
        node: Any = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line: int | None = None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            if isinstance(step, int):  # a single model mapping stands for model[0]
                continue
            match = [(k, v) for k, v in node.value if getattr(k, "value", None) == step]
            if not match:
                return line
            key, node = match[0]
            line = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                return line
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def file_layer_of(path: Path) -> Layer:
    """The layer of a settings file: YAML/JSON, or ``[tool.pygen]`` of a pyproject.toml (the
    whole document of another ``.toml``)."""
    if path.suffix.lower() == ".toml":
        document = _toml(path)
        if path.name == "pyproject.toml":
            section = document.get("tool", {}).get("pygen", {})
            return file_layer(_relative_to(section, path.parent), f"{path} [tool.pygen]")
        return file_layer(_relative_to(document, path.parent), str(path))
    from pygen.model_file import read_document

    try:
        data = read_document(path)
    except ParseError as exc:
        raise ConfigError(str(exc)) from None
    text = None
    if path.suffix.lower() in (".yaml", ".yml"):
        text = path.read_text(encoding="utf-8-sig")
    return file_layer(_relative_to(data, path.parent), str(path), text)


def _relative_to(data: Any, folder: Path) -> Any:
    """The file's relative paths (``generation.output_dir``, ``model.file``) taken from the
    folder the file is in."""
    if not isinstance(data, dict) or folder == Path():
        return data

    def moved(value: Any) -> Any:
        return str(folder / value) if isinstance(value, str) and value else value

    out = dict(data)
    generation = out.get("generation")
    if isinstance(generation, dict) and "output_dir" in generation:
        out["generation"] = {**generation, "output_dir": moved(generation["output_dir"])}
    models = out.get("model")
    if isinstance(models, dict | list):
        items = [models] if isinstance(models, dict) else models
        fixed = [
            {**m, "file": moved(m["file"])} if isinstance(m, dict) and "file" in m else m
            for m in items
        ]
        out["model"] = fixed[0] if isinstance(models, dict) else fixed
    return out


def read_file(path: Path) -> PygenConfig:
    """:meth:`PygenConfig.from_file`: the file's settings over the defaults."""
    return validate_layers([file_layer_of(path)])


def find_config(start: Path | None = None) -> Path | None:
    """``pygen.yaml`` in ``start`` (default: the working folder), else its ``pyproject.toml``
    when that has a ``[tool.pygen]`` table, else ``None``."""
    folder = start or Path()  # relative: messages say pygen.yaml:12
    if (folder / CONFIG_FILE).is_file():
        return folder / CONFIG_FILE
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and "pygen" in _toml(pyproject).get("tool", {}):
        return pyproject
    return None


def flag_layer(overrides: Mapping[str, tuple[Any, str]], source: str) -> Layer:
    """A layer of single keys: dotted key path -> (value, where it was set)."""
    data: dict[str, Any] = {}
    places: dict[KeyPath, str] = {}
    for key, (value, place) in overrides.items():
        steps = key.split(".")
        _set(data, steps, value)
        places[tuple(steps)] = place
        if steps[0] == "model":  # errors locate a merged model as model[0]
            indexed: KeyPath = ("model", 0, *steps[1:])
            places[indexed] = place

    def where(path: KeyPath) -> str | None:
        return places.get(path)

    return Layer(data, source, where)


def load_config(
    path: Path | None = None,
    *,
    start: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, tuple[Any, str]] | None = None,
) -> PygenConfig:
    """The settings of a run: command-line ``overrides`` > ``environ`` > the config file >
    the defaults, key by key.

    Args:
        path: The config file (``--config``); ``None`` looks for one with :func:`find_config`.
        start: Where to look for the file (default: the working folder).
        environ: The environment (default ``os.environ``); see ``pygen.config.environment``.
        overrides: Dotted key path -> ``(value, flag)``, e.g.
            ``{"generation.style.line_length": (100, "--line-length")}``.

    Raises:
        ConfigError: the file is unreadable, or a source holds an unknown or invalid setting
            (the message names the file and line, the variable or the flag).
    """
    import os

    if path is not None and not path.is_file():
        raise ConfigError(f"{path}: no such file (given with --config)")
    found = path or find_config(start)
    layers = [file_layer_of(found)] if found is not None else []
    env = from_environment(os.environ if environ is None else environ)
    if env:
        layers.append(flag_layer(env, "the environment"))
    if overrides:
        layers.append(flag_layer(overrides, "the command line"))
    return validate_layers(layers)
