"""The target registry: names, lazy loading, registration, and the language setting."""

from __future__ import annotations

import subprocess
import sys

import pydantic
import pytest

from pygen import targets
from pygen.config import GeneratorConfig
from pygen.naming import PYTHON
from pygen.targets import (
    Target,
    get_target,
    installed_names,
    register_target,
    resolve_languages,
    target_names,
    unregister_target,
)
from pygen.targets.python import TARGET as PYTHON_TARGET
from pygen_runtime.errors import ConfigError

from .fake_target import FAKE, FakeTarget


def test_builtin_targets_are_known_by_name() -> None:
    assert target_names()[:2] == ("python", "typescript")
    python = get_target("python")
    assert python is PYTHON_TARGET
    assert isinstance(python, Target)
    assert python.name == "python" and python.convention is PYTHON


def test_target_modules_load_only_when_asked_for() -> None:
    code = (
        "import sys, pygen.targets as t\n"
        "assert 'pygen.targets.python' not in sys.modules\n"
        "t.target_names(); t.installed_names()\n"
        "assert 'pygen.targets.python' not in sys.modules\n"
        "t.get_target('python')\n"
        "assert 'pygen.targets.python' in sys.modules\n"
        "assert 'libcst' not in sys.modules, 'loading a target must not import its lowering'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_an_unknown_language_lists_the_known_ones() -> None:
    with pytest.raises(
        ConfigError, match=r"unknown language 'rust'; choose from python, typescript"
    ):
        get_target("rust")
    with pytest.raises(ConfigError, match="unknown language 'rust'"):
        resolve_languages("python,rust")


def test_a_known_target_whose_module_is_missing_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(targets._MODULES, "ghost", "pygen.targets.ghost")
    assert "ghost" in target_names()
    assert "ghost" not in installed_names()
    assert "ghost" not in resolve_languages("all")  # all: what can be loaded
    assert resolve_languages("ghost") == ("ghost",)  # a known name: refused when loaded
    with pytest.raises(ConfigError, match=r"ghost target is not available.*pygen\.targets\.ghost"):
        get_target("ghost")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("python", ("python",)),
        (" Python ", ("python",)),
        (["python", "python"], ("python",)),
        ("fake,python", ("python", "fake")),  # registry order, whatever order they were given
        (["fake", "python"], ("python", "fake")),
        (("python, fake",), ("python", "fake")),
    ],
)
def test_languages_are_normalised(
    fake: FakeTarget, value: str | list[str], expected: tuple[str, ...]
) -> None:
    assert resolve_languages(value) == expected
    assert GeneratorConfig(language=value).language == expected  # type: ignore[arg-type]


def test_all_means_every_installed_target(fake: FakeTarget) -> None:
    assert resolve_languages("all") == installed_names()
    assert {"python", "fake"} <= set(resolve_languages("all"))
    assert GeneratorConfig().language == ("python",)


@pytest.mark.parametrize(
    ("value", "message"), [("", "no language given"), (3, "got 3"), ("rust", "rust")]
)
def test_a_bad_language_setting_is_a_config_error(value: object, message: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=message):
        GeneratorConfig(language=value)  # type: ignore[arg-type]


def test_register_and_unregister_a_target() -> None:
    target = FakeTarget()
    register_target(target)
    try:
        assert "fake" in target_names() and get_target("fake") is target
        with pytest.raises(ConfigError, match="exists already"):
            register_target(FakeTarget())
        replacement = FakeTarget()
        register_target(replacement, replace=True)
        assert get_target("fake") is replacement
    finally:
        unregister_target("fake")
    assert "fake" not in target_names()
    with pytest.raises(ConfigError, match="unknown language 'fake'"):
        get_target("fake")


def test_a_registered_target_may_not_shadow_a_builtin_unless_asked() -> None:
    with pytest.raises(ConfigError, match="exists already"):
        register_target(_Renamed("python", PYTHON))


class _Renamed(FakeTarget):
    def __init__(self, name: str, convention: object) -> None:
        super().__init__()
        self.name = name
        self.convention = convention  # type: ignore[assignment]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (_Renamed("all", FAKE), "stands for every target"),
        (_Renamed("Fake", FAKE), "lower-case identifier"),
        (_Renamed("my-lang", FAKE), "lower-case identifier"),
        (_Renamed("other", FAKE), "convention's language must be the target's name"),
        (object(), "lower-case identifier"),
    ],
)
def test_registration_checks_the_target(target: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        register_target(target)  # type: ignore[arg-type]


def test_an_object_without_the_interface_is_refused() -> None:
    class NoRender:
        name = "norender"
        convention = FAKE

    with pytest.raises(ConfigError, match="lacks the target interface"):
        register_target(NoRender())  # type: ignore[arg-type]
