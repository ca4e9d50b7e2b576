"""HTTPClient.put / delete and per-call headers; ViewsAPI.retrieve(space, external_id, version);
the error hierarchy of the specification."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from pygen.emulator import LocalCDF
from pygen_runtime.client import HTTPClient
from pygen_runtime.client.models import ViewId
from pygen_runtime.errors import APIError, GenerationError, ParseError, PygenError, ValidationError

from .client_fakes import TOKEN, MockAPI

MakeHTTP = Callable[..., tuple[HTTPClient, MockAPI]]
EXAMPLE = "pygen/examples/example_model.yaml"


def echo(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content) if request.content else None
    return httpx.Response(200, json={"method": request.method, "body": body})


def test_put_and_delete_send_their_method_and_body(make_http: MakeHTTP) -> None:
    http, api = make_http(echo)
    assert http.put("/things/1", json={"a": 1}) == {"method": "PUT", "body": {"a": 1}}
    assert http.delete("/things/1", params={"force": True}) == {"method": "DELETE", "body": None}
    assert [r.method for r in api.requests] == ["PUT", "DELETE"]
    assert api.requests[1].url.query == b"force=true"


def test_per_call_headers_join_the_client_headers_for_that_call_only(make_http: MakeHTTP) -> None:
    http, api = make_http(echo, headers={"x-cdp-app": "app"})
    http.get("/a", headers={"x-request-tag": "one", "Authorization": "Bearer stolen"})
    http.post("/b", json={}, headers={"x-cdp-app": "override"})
    http.get("/c")
    first, second, third = api.requests
    assert first.headers["x-request-tag"] == "one"
    assert first.headers["authorization"] == f"Bearer {TOKEN}"  # credentials always win
    assert second.headers["x-cdp-app"] == "override"
    assert third.headers["x-cdp-app"] == "app" and "x-request-tag" not in third.headers


def test_put_delete_and_headers_over_the_wire() -> None:
    """The emulator serves no PUT or DELETE route: the answer comes back as an APIError with
    the server's status, which shows the request went out with its method."""
    with LocalCDF(load=[EXAMPLE]) as cdf, cdf.client() as client:
        models = client.http.get("/models/datamodels", headers={"x-request-tag": "t"})
        assert models["items"][0]["externalId"] == "ExampleModel"
        for call in (
            lambda: client.http.put("/models/spaces", json={}),
            lambda: client.http.delete("/models/spaces"),
        ):
            with pytest.raises(APIError) as info:
                call()
            assert info.value.status_code == 405


def test_views_retrieve_takes_space_external_id_version_or_an_id() -> None:
    with LocalCDF(load=[EXAMPLE]) as cdf, cdf.client() as client:
        by_parts = client.views.retrieve("pygen_example", "Equipment", "1")
        by_id = client.views.retrieve(
            ViewId(space="pygen_example", external_id="Equipment", version="1")
        )
        by_tuple = client.views.retrieve(("pygen_example", "Equipment", "1"))
        assert by_parts == by_id == by_tuple
        assert by_parts.external_id == "Equipment"
        with pytest.raises(TypeError, match="takes all three"):
            client.views.retrieve("pygen_example", "Equipment")  # type: ignore[call-overload]


def test_parse_and_validation_errors_are_generation_errors() -> None:
    assert issubclass(ParseError, GenerationError) and issubclass(ValidationError, GenerationError)
    assert issubclass(GenerationError, PygenError)
    from pygen.validation import Severity, ValidationIssue

    issue = ValidationIssue(
        code="PYG030",
        severity=Severity.ERROR,
        message="points to a view that is not in the model",
        location="sp/A/d",
        suggestion="add the view",
    )
    error = ValidationError([issue])
    assert (
        error.errors == [issue]
        and str(error) == "sp/A/d: points to a view that is not in the model"
    )
    kept = ValidationError("the model has errors", errors=[issue])
    assert str(kept) == "the model has errors" and kept.errors[0].suggestion == "add the view"


def test_generate_raises_validation_error_with_the_structured_issues() -> None:
    """Without the Site view, relations point to a missing view: warnings, so with strict
    generation stops, and the issues are in ``errors``."""
    from pygen.api import generate
    from pygen.config import GeneratorConfig
    from pygen.model_file import read_document
    from pygen_runtime.client.models import DataModel

    document = read_document(EXAMPLE)
    document["views"] = [v for v in document["views"] if v["externalId"] != "Site"]
    with pytest.raises(ValidationError) as info:
        generate(DataModel.model_validate(document), config=GeneratorConfig(strict=True))
    assert info.value.errors
    assert {issue.severity.value for issue in info.value.errors} <= {"error", "warning"}
    assert all(issue.code.startswith("PYG") and issue.location for issue in info.value.errors)
