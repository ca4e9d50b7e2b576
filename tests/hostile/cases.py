"""The hostile-input corpus: small model files with one hostile thing each.

A case is a file (name and bytes) and what ``pygen generate`` must do with it: succeed
(``error is None``) with files that compile, or fail with one ``error:`` line that contains
``error`` (an issue code or a phrase). ``kept`` is text that must survive into the SDK as a
class docstring (checked by importing the generated package).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pygen.testing.models import direct, edge, mapped, model, reverse, view

__all__ = ["CASES", "Case"]


@dataclass(frozen=True)
class Case:
    """One hostile input and the outcome it must have."""

    name: str
    file: str
    content: bytes
    error: str | None = None
    kept: str | None = None


def _json(document: Any) -> bytes:
    return json.dumps(document).encode("utf-8")


def _package_model(case: str, *views: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A model whose package is named after the case (so samples can share one mypy run)."""
    external_id = "Hostile" + "".join(part.title() for part in case.split("_"))
    document = model(*views, external_id=external_id)
    document.update(changes)
    return document


def described(name: str, text: str, *, kept: bool = True) -> Case:
    """``text`` as the description and name of a view, its property and the model."""
    pump = view(
        "Pump",
        {"label": mapped("text", description=text, name=text)},
        description=text,
        name=text,
    )
    document = _package_model(name, pump, description=text, name=text)
    return Case(name, f"{name}.json", _json(document), kept=text if kept else None)


def identified(name: str, error: str, document: dict[str, Any]) -> Case:
    """A model with an identifier CDF would refuse."""
    return Case(name, f"{name}.json", _json(document), error=error)


def raw(name: str, file: str, content: bytes | str, error: str | None) -> Case:
    """A file as it is on disk."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return Case(name, file, data, error=error)


def _ok(name: str, *views: dict[str, Any]) -> Case:
    return Case(name, f"{name}.json", _json(_package_model(name, *views)))


_YAML_MODEL = """\
space: sp
externalId: {external_id}
version: {version}
createdTime: 0
lastUpdatedTime: 0
views:
  - space: sp
    externalId: Pump
    version: "1"
    createdTime: 0
    lastUpdatedTime: 0
    properties:
      {prop}:
        container: {{space: sp, externalId: Pump, type: container}}
        containerPropertyIdentifier: name
        type: {{type: text}}
"""


def _yaml(external_id: str = "HostileYaml", version: str = '"1"', prop: str = "name") -> str:
    return _YAML_MODEL.format(external_id=external_id, version=version, prop=prop)


_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


TYPESCRIPT_WORDS = (
    "delete", "new", "interface", "constructor", "prototype", "type",
    "instanceType", "externalId", "filter", "limit", "sort", "then",
)  # fmt: skip
"""Property names TypeScript output must survive: keywords, the runtime's fields, the options
of the API methods, and ``then`` (which would make an object look like a promise)."""

CASES: list[Case] = [
    # free text: kept, escaped where it enters a string, docstring or comment
    described("triple_quote", 'ends with """'),
    described("escaped_triple_quote", 'ends with \\"""'),
    described("trailing_backslash", "ends with a backslash \\"),
    described("named_escape", "\\N{ and \\x and \\u and \\"),
    described("leading_quote", '"quoted" first, and a last one"'),
    described("quotes_only", '"'),
    described("nul", "a\x00b"),
    described("c0_c1_del", "\x01 \x1b[31mred\x1b[0m \x7f \x85 \x9b"),
    described("bidi_override", "access \u202e nimda \u2066 \u200f"),
    described("lone_surrogate", "a \ud800 b \udfff"),
    described("template_syntax", "${x} `whoami` */ /* {{x}} %s {0} <!--"),
    described("line_separators", "one\u2028two\u2029three\r\nfour\rfive\x0bsix\x0cseven"),
    described("tabs", "\tindented\tand\ttabbed\t"),
    described("emoji_unicode", "🚀 中文 é \u200d 👨\u200d👩\u200d👧 \U000e0041"),
    described("whitespace_only", "   \t \n  "),
    described("huge_description", "word " * 40_000, kept=False),
    _ok(
        "enum_value_text",
        view(
            "Pump",
            {
                "state": mapped(
                    {
                        "type": "enum",
                        "values": {
                            "on": {"name": 'x"""', "description": "\x00 \u202e"},
                            "off": {"name": "\\", "description": '"'},
                        },
                    }
                )
            },
        ),
    ),
    _ok("edge_type_text", view("Pump", {"next": edge("Pump", edge_type="a\"b'c\\d\ne\u202ef")})),
    _ok("text_default", view("Pump", {"label": mapped("text", defaultValue='a"""\x00\\')})),
    _ok("surrogate_in_data", view("Pump", {"next": edge("Pump", edge_type="a\ud800")})),
    _ok("surrogate_default", view("Pump", {"label": mapped("text", defaultValue="\udfff")})),
    _ok(
        "filter_node_type",
        view(
            "Pump",
            {"label": mapped()},
            filter={
                "equals": {
                    "property": ["node", "type"],
                    "value": {"space": "sp", "externalId": 'a"""\n\u202e\\'},
                }
            },
        ),
    ),
    _ok(
        "unit_text",
        view(
            "Pump",
            {"t": mapped({"type": "float64", "unit": {"externalId": 'deg\n"""c\x00'}})},
        ),
    ),
    _ok("overflowing_float_default", view("Pump", {"f": mapped("float64", defaultValue=1e400)})),
    raw(
        "nan_float_default",
        "nan_float_default.yaml",
        _yaml("HostileNan").replace("type: {type: text}", "type: {type: float64}")
        + "        defaultValue: .nan\n",
        None,
    ),
    _ok("reserved_names", view("Pump", {"class": mapped(), "None": mapped(), "self": mapped()})),
    _ok("keyword_view", view("True", {"label": mapped()})),
    # TypeScript: reserved words as views and properties, the runtime's own fields, names that
    # differ only in case (views, properties, and the files a view would get)
    _ok(
        "typescript_keywords",
        view(
            "interface",
            {
                name: mapped()
                for name in (
                    "delete",
                    "new",
                    "interface",
                    "constructor",
                    "prototype",
                    "type",
                    "instanceType",
                    "externalId",
                    "filter",
                    "limit",
                    "sort",
                    "then",
                )
            },
        ),
        view("new", {"function": mapped(), "to": edge("interface"), "of": direct("interface")}),
        view("Promise", {"await": mapped(), "from": reverse("new", "of")}),
    ),
    _ok(
        "case_only_names",
        view("pump", {"name": mapped(), "Name": mapped(), "NAME": mapped()}),
        view(
            "Pump",
            {
                "name": mapped(),
                "namePrefix": mapped(),
                "minX": mapped({"type": "int32"}),
                "x": mapped({"type": "int32"}),
            },
        ),
        view("PUMP", {"pumps": edge("pump", edge_source="pumpEdge")}),
        view("pumpEdge", {"weight": mapped({"type": "float64"})}, used_for="edge"),
    ),
    # identifiers CDF would refuse: a validation error with the location
    identified(
        "long_model_id", "PYG070", model(view("Pump", {"x": mapped()}), external_id="M" * 10_000)
    ),
    identified("newline_in_space", "PYG070", model(view("Pump", {"x": mapped()}), space="sp\nx")),
    identified(
        "newline_in_version", "PYG071", model(view("Pump", {"x": mapped()}, version="1\n2"))
    ),
    identified("whitespace_property_id", "PYG072", model(view("Pump", {"   ": mapped()}))),
    identified("dash_view_id", "PYG071", model(view("my-view", {"x": mapped()}))),
    identified("unicode_property_id", "PYG072", model(view("Pump", {"température": mapped()}))),
    identified("emoji_view_id", "PYG071", model(view("P🚀", {"x": mapped()}))),
    identified("nul_property_id", "PYG072", model(view("Pump", {"a\x00b": mapped()}))),
    identified("ansi_view_id", "PYG071", model(view("\x1b[31mRed", {"x": mapped()}))),
    identified("long_property_id", "PYG072", model(view("Pump", {"p" * 300: mapped()}))),
    identified(
        "enum_value_id",
        "PYG074",
        model(view("Pump", {"s": mapped({"type": "enum", "values": {"a\x00b": {}}})})),
    ),
    identified(
        "nul_edge_type", "PYG073", model(view("Pump", {"next": edge("Pump", edge_type="a\x00")}))
    ),
    identified(
        "bad_container_property",
        "PYG073",
        model(view("Pump", {"x": mapped(identifier="x y")})),
    ),
    # files that are not a data model: exit 2 with the place and the fix
    raw("number_external_id", "number_external_id.yaml", _yaml(external_id="123"), "externalId"),
    raw("float_version", "float_version.yaml", _yaml(version="1.10"), "quote it"),
    raw("null_version", "null_version.yaml", _yaml(version="null"), "version"),
    raw("integer_property_key", "integer_property_key.yaml", _yaml(prop="123"), "valid string"),
    raw("views_not_a_list", "views_not_a_list.json", '{"space": "s", "views": 3}', "views"),
    raw("top_level_list", "top_level_list.json", "[1, 2]", "expected a mapping"),
    raw("empty_file", "empty_file.yaml", b"", "got NoneType"),
    raw("alias_bomb", "alias_bomb.yaml", _BOMB, "expands to more than"),
    raw("deep_yaml", "deep_yaml.yaml", "a: " + "[" * 500 + "]" * 500, "nested too deeply"),
    raw("deeper_yaml", "deeper_yaml.yaml", "a: " + "[" * 5000 + "]" * 5000, "nesting depth"),
    raw("deep_json", "deep_json.json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested"),
    raw("binary_junk", "binary_junk.yaml", bytes(range(256)) * 4, "cannot read the file"),
    raw(
        "latin1_file",
        "latin1_file.yaml",
        _yaml().encode("utf-8") + "# é\n".encode("latin-1"),
        "cannot read",
    ),
    raw("python_tag", "python_tag.yaml", "!!python/object/apply:os.system ['echo hi']", "YAML"),
    raw("tab_indented_yaml", "tab_indented_yaml.yaml", "space:\n\tsp: 1\n", "invalid YAML"),
    raw("missing_everything", "missing_everything.json", "{}", "space"),
    # files that are fine although they look odd
    raw("byte_order_mark", "byte_order_mark.yaml", "\ufeff" + _yaml("HostileBom"), None),
    raw("crlf_lines", "crlf_lines.yaml", _yaml("HostileCrlf").replace("\n", "\r\n"), None),
    raw(
        "no_timestamps",
        "no_timestamps.yaml",
        "\n".join(row for row in _yaml("HostileNoTimes").split("\n") if "Time: 0" not in row),
        None,
    ),
]
