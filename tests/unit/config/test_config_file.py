"""pygen.yaml / [tool.pygen]: the specification's layout, unknown keys, invalid values."""

from __future__ import annotations

from pathlib import Path

import pytest

from pygen.config import GeneratorConfig, ModelSource, PygenConfig, load_config
from pygen_runtime.errors import ConfigError

SPEC_EXAMPLE = """\
# pygen.yaml

# Client configuration
client:
  base_url: https://api.cognitedata.com
  project: my-project
  timeout: 30
  max_retries: 3

# Generation configuration
generation:
  output_dir: ./generated
  language: python
  naming:
    class_format: PascalCase
    method_format: snake_case
    property_format: snake_case
  style:
    line_length: 100
    indent: "    "
  features:
    docstrings: true
    type_hints: true
    examples: false

# Model specification
model:
  space: my_space
  external_id: my_model
  version: "1"
  include_views:
    - "*"
  exclude_views: []
"""


def test_the_specification_example_is_read_verbatim(tmp_path: Path) -> None:
    path = tmp_path / "pygen.yaml"
    path.write_text(SPEC_EXAMPLE)

    config = PygenConfig.from_file(path)

    assert config.client.base_url == "https://api.cognitedata.com"
    assert (config.client.timeout, config.client.max_retries) == (30, 3)
    assert config.generation.style.line_length == 100
    assert config.generation.output_dir == tmp_path / "generated"  # relative to the file
    assert config.model == [
        ModelSource(space="my_space", external_id="my_model", version="1", include_views=["*"])
    ]
    generator = config.generator_config()
    assert (generator.line_length, generator.docstrings, generator.examples) == (100, True, False)


def test_defaults_and_from_dict() -> None:
    config = PygenConfig.from_dict({})
    assert config.generation.output_dir == Path("generated")
    assert config.model == []
    assert config.generator_config() == GeneratorConfig()
    several = PygenConfig.from_dict(
        {"model": [{"file": "a.yaml"}, {"space": "s", "external_id": "M", "version": 2}]}
    )
    assert [m.file for m in several.model] == [Path("a.yaml"), None]
    assert several.model[1].version == "2"  # a YAML number is the version's text


def test_pyproject_tool_pygen_takes_the_same_keys(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.pygen.generation]\npackage_name = "my_sdk"\n'
        "[tool.pygen.generation.style]\nline_length = 120\n"
        '[tool.pygen.model]\nfile = "model.yaml"\n'
    )
    config = load_config(start=tmp_path, environ={})
    assert config.generation.package_name == "my_sdk"
    assert config.generation.style.line_length == 120
    assert config.model[0].file == tmp_path / "model.yaml"
    (tmp_path / "pyproject.toml").write_text("[tool.pygen.generation.style]\nline_lenght = 120\n")
    with pytest.raises(ConfigError) as info:
        load_config(start=tmp_path, environ={})
    # tomllib gives no line: the file and the table are named
    assert str(info.value) == (
        f"{tmp_path / 'pyproject.toml'} [tool.pygen]: unknown key "
        "'generation.style.line_lenght'; did you mean generation.style.line_length?"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "generation:\n  naming:\n    clas_format: PascalCase\n",
            "pygen.yaml:3: unknown key 'generation.naming.clas_format'; "
            "did you mean generation.naming.class_format?",
        ),
        (
            "generation:\n  line_length: 100\n",
            "pygen.yaml:2: unknown key 'generation.line_length'; it belongs under "
            "generation.style: generation.style.line_length",
        ),
        (
            "model_file: m.yaml\n",
            "pygen.yaml:1: unknown key 'model_file'; it moved to model.file",
        ),
        (
            "model:\n  - file: a.yaml\n  - space: s\n    externalid: M\n",
            "pygen.yaml:4: unknown key 'model[1].externalid'; did you mean model[1].external_id?",
        ),
        (
            "generation:\n  style:\n    line_length: 10\n",
            "pygen.yaml:3: generation.style.line_length: Input should be greater than or equal "
            "to 40",
        ),
        (
            "generation:\n  features:\n    type_hints: false\n",
            "pygen.yaml:3: generation.features.type_hints: pygen always emits typed code",
        ),
        (
            "generation:\n  style:\n    indent: 2\n",
            "pygen.yaml:3: generation.style.indent: indent '  ': Python output is laid out the "
            "way black keeps it, which is four spaces",
        ),
        (
            "generation:\n  package_name: My-SDK\n",
            "pygen.yaml:2: generation.package_name: package_name 'My-SDK' must be a lower-case",
        ),
    ],
)
def test_errors_name_the_file_the_line_the_key_and_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("pygen.yaml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(environ={})
    assert str(info.value).startswith(message), str(info.value)


def test_model_values_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "pygen.yaml"
    path.write_text("model:\n  space: s\n  external_id: M\n  version: 1.10\n")
    with pytest.raises(ConfigError, match=r"pygen.yaml:4: model\[0\].version: .*quote it"):
        PygenConfig.from_file(path)
    path.write_text("model:\n  space: s\n")
    with pytest.raises(ConfigError, match="space and external_id go together; add external_id"):
        PygenConfig.from_file(path)
    path.write_text("model:\n  space: s\n  external_id: M\n  file: m.yaml\n")
    with pytest.raises(ConfigError, match="either file or space/external_id/version"):
        PygenConfig.from_file(path)


def test_credentials_are_references_only() -> None:
    refs = {
        "token": "env:MY_TOKEN",
        "client_id": "file:/run/secrets/id",
        "client_secret": "aws:prod/cdf-secret",
        "token_url": "azure:my-vault/token-url",
    }
    config = PygenConfig.from_dict({"client": {"credentials": refs}})
    assert config.client.credentials.model_dump(exclude_none=True) == refs
    with pytest.raises(ConfigError) as info:
        PygenConfig.from_dict({"client": {"credentials": {"client_secret": "s3cr3t-value"}}})
    assert "a credential is a reference (env:VAR, file:PATH" in str(info.value)
    assert "s3cr3t-value" not in str(info.value)  # a secret pasted by mistake is not echoed
    for bad in ("env:", "azure:vault", "env:1X"):
        with pytest.raises(ConfigError, match=r"client\.credentials\.token"):
            PygenConfig.from_dict({"client": {"credentials": {"token": bad}}})


def test_a_file_that_is_not_a_mapping_or_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "pygen.yaml"
    path.write_text("- a\n- b\n")
    with pytest.raises(ConfigError, match="expected a mapping of settings"):
        PygenConfig.from_file(path)
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "missing.yaml", environ={})
    path.write_text("client: [unclosed\n")
    with pytest.raises(ConfigError, match=r"pygen.yaml:2:1: invalid YAML"):
        PygenConfig.from_file(path)
