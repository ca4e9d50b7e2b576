"""A JSON model file is checked for its depth only when its text bounds its values below the
limit (JSON cannot expand): the same refusals, word for word, as the full walk that YAML
files get."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pygen import model_file
from pygen_runtime.errors import ParseError

_SCALARS = st.none() | st.booleans() | st.integers(-5, 5) | st.text(alphabet=",[{x", max_size=3)
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=2), inner, max_size=4)
    ),
    max_leaves=40,
)


def _outcome(check: Any) -> str | None:
    try:
        check()
    except ParseError as exc:
        return str(exc)
    return None


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=_DOCUMENTS, max_depth=st.integers(1, 6), max_values=st.integers(1, 40))
def test_a_json_file_is_refused_exactly_as_the_full_walk_refuses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, document: Any, max_depth: int, max_values: int
) -> None:
    monkeypatch.setattr(model_file, "MAX_DEPTH", max_depth)
    monkeypatch.setattr(model_file, "MAX_VALUES", max_values)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(document))

    walked = _outcome(lambda: model_file._check_shape(document, path))

    assert _outcome(lambda: model_file.read_document(path)) == walked


def test_the_text_bounds_the_values_a_json_document_has() -> None:
    for document in ([], {}, [[], {}], {"a": [1, {"b": "c,d[{"}], "e": {}}, [[[[1, 2]]]]):
        counted = 1  # the document, then each container's children, as _check_shape counts
        stack: list[Any] = [document]
        while stack:
            value = stack.pop()
            children = list(value.values() if isinstance(value, dict) else value)
            counted += len(children)
            stack.extend(item for item in children if isinstance(item, dict | list))
        assert model_file._json_values_bound(json.dumps(document)) >= counted
