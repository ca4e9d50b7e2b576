"""HTTPClient fails fast and clearly: connect and retry budgets, what is (not) retried, WARNING
per retry, the per-attempt deadline, the response-size bound."""

from __future__ import annotations

import gzip
import itertools
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from pygen_runtime.client import HTTPClient, PygenClient, TokenAuth
from pygen_runtime.client.http import DEFAULT_CONNECT_RETRY_BUDGET, is_retryable_exception
from pygen_runtime.errors import (
    APIError,
    ClientError,
    ConfigError,
    ConnectionFailedError,
    RateLimitError,
    RequestTimeoutError,
    ResponseTooLargeError,
    TransportError,
)

from .client_fakes import BASE_URL, PREFIX, PROJECT, TOKEN, Drip, FakeClock, MockAPI

MakeHTTP = Callable[..., tuple[HTTPClient, MockAPI]]
URL = f"{BASE_URL}{PREFIX}/models/spaces"


def always(answer: httpx.Response | Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handler


def then_ok(*answers: httpx.Response | Exception) -> Callable[[httpx.Request], httpx.Response]:
    """Answer with ``answers`` in order, then 200 for ever."""
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        if not queue:
            return httpx.Response(200, json={"items": []})
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handler


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "pygen_runtime.client.http" and record.levelno == logging.WARNING
    ]


def tls_error() -> httpx.ConnectError:
    """A ConnectError caused by a failed certificate check, as httpx raises it."""
    try:
        try:
            raise ssl.SSLCertVerificationError(1, "certificate verify failed: self-signed")
        except ssl.SSLError as cause:
            raise httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] self-signed") from cause
    except httpx.ConnectError as exc:
        return exc


# -- connection failures -----------------------------------------------------------------------


def test_refused_connection_stops_at_the_connect_budget(
    make_http: MakeHTTP, clock: FakeClock
) -> None:
    http, api = make_http(
        always(httpx.ConnectError("[Errno 111] Connection refused")),
        connect_retry_budget=3.0,
        max_retries=50,
    )
    with pytest.raises(ConnectionFailedError) as info:
        http.get("/models/spaces")
    assert sum(clock.sleeps) <= 3.0
    assert 2 <= len(api.requests) < 20
    error = info.value
    assert error.attempts == len(api.requests)
    assert error.url == URL
    message = str(error)
    assert f"GET {URL}: could not connect (ConnectError: [Errno 111] Connection refused)" in message
    assert f"gave up after {len(api.requests)} attempts in" in message
    assert "connect_retry_budget=3 s" in message
    assert "raise connect_retry_budget" in message


def test_refused_connection_with_a_small_budget_fails_in_real_time(
    make_http: MakeHTTP,
) -> None:
    http, api = make_http(
        always(httpx.ConnectError("Connection refused")),
        connect_retry_budget=0.6,
        sleep=time.sleep,
        clock=time.monotonic,
    )
    started = time.monotonic()
    with pytest.raises(ConnectionFailedError):
        http.get("/models/spaces")
    assert time.monotonic() - started < 3.0
    assert len(api.requests) >= 1


def test_refused_connection_to_a_closed_port_with_default_settings() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    http = HTTPClient(f"http://127.0.0.1:{port}", PROJECT, TokenAuth(TOKEN))
    with http, pytest.raises(ConnectionFailedError) as info:
        http.get("/models/spaces")
    elapsed = time.monotonic() - started
    assert elapsed < DEFAULT_CONNECT_RETRY_BUDGET + 3.0
    message = str(info.value)
    assert f"http://127.0.0.1:{port}/api/v1/projects/{PROJECT}/models/spaces" in message
    assert "could not connect" in message and "connect_retry_budget=5 s" in message
    assert info.value.attempts >= 2
    assert TOKEN not in message


def test_connect_budget_counts_from_the_first_failure_of_a_run(
    make_http: MakeHTTP, clock: FakeClock
) -> None:
    """Time spent on 503s before the connection failures does not use up the connect budget."""

    def handler(request: httpx.Request) -> httpx.Response:
        if len(api.requests) <= 2:
            clock.advance(4.0)  # a slow 503
            return httpx.Response(503)
        if len(api.requests) == 3:
            raise httpx.ConnectError("Connection refused")
        return httpx.Response(200, json={"items": []})

    http, api = make_http(handler, connect_retry_budget=2.0)
    assert http.get("/models/spaces") == {"items": []}
    assert len(api.requests) == 4


def test_tls_failure_is_not_retried(make_http: MakeHTTP, clock: FakeClock) -> None:
    http, api = make_http(always(tls_error()))
    with pytest.raises(ConnectionFailedError) as info:
        http.get("/models/spaces")
    assert len(api.requests) == 1
    assert clock.sleeps == []
    message = str(info.value)
    assert "TLS handshake failed" in message
    assert "CERTIFICATE_VERIFY_FAILED" in message
    assert "not retried" in message


def resolver_error(errno: int, text: str) -> httpx.ConnectError:
    """A ConnectError caused by a failed name lookup, as httpx raises it."""
    try:
        try:
            raise socket.gaierror(errno, text)
        except socket.gaierror as cause:
            raise httpx.ConnectError(f"[Errno {errno}] {text}") from cause
    except httpx.ConnectError as exc:
        return exc


def test_unknown_host_is_not_retried(make_http: MakeHTTP, clock: FakeClock) -> None:
    http, api = make_http(always(resolver_error(socket.EAI_NONAME, "Name or service not known")))
    with pytest.raises(ConnectionFailedError) as info:
        http.get("/models/spaces")
    assert len(api.requests) == 1
    assert clock.sleeps == []
    assert "the host does not exist" in str(info.value)
    assert "https://<cluster>.cognitedata.com" in str(info.value)


def test_temporary_resolver_failure_is_retried(make_http: MakeHTTP) -> None:
    error = resolver_error(socket.EAI_AGAIN, "Temporary failure in name resolution")
    http, api = make_http(then_ok(error))
    assert http.get("/models/spaces") == {"items": []}
    assert len(api.requests) == 2


def test_retryable_exception_classification() -> None:
    assert is_retryable_exception(httpx.ConnectError("refused"))
    assert is_retryable_exception(httpx.ReadTimeout("slow"))
    assert is_retryable_exception(httpx.RemoteProtocolError("peer closed"))
    assert not is_retryable_exception(tls_error())
    assert not is_retryable_exception(httpx.UnsupportedProtocol("ftp"))
    assert not is_retryable_exception(httpx.DecodingError("bad gzip"))


def test_invalid_url_is_not_retried(make_http: MakeHTTP) -> None:
    http, api = make_http(always(httpx.Response(200, json={})))
    with pytest.raises(ClientError, match="invalid URL") as info:
        http.get("/models/\x00spaces")
    assert not isinstance(info.value, APIError)
    assert f"GET {BASE_URL}{PREFIX}/models/\\x00spaces: invalid URL" in str(info.value)
    assert api.requests == []


@pytest.mark.parametrize(
    "base_url",
    ["https://", "https://exa mple.com:x", "ftp://files.example.com", "https://user:pw@"],
)
def test_unusable_base_url_is_a_config_error(base_url: str) -> None:
    with pytest.raises(ConfigError, match="base_url") as info:
        HTTPClient(base_url, PROJECT, TokenAuth(TOKEN))
    assert "pw" not in str(info.value)


# -- statuses ----------------------------------------------------------------------------------


def test_400_is_not_retried(
    make_http: MakeHTTP, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    http, api = make_http(always(httpx.Response(400, json={"error": {"message": "bad filter"}})))
    with pytest.raises(APIError, match="bad filter"):
        http.post("/models/instances/list", json={})
    assert len(api.requests) == 1
    assert clock.sleeps == []
    assert warnings_of(caplog) == []


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(408),
        httpx.Response(429),
        httpx.Response(503),
        httpx.Response(500, headers={"cdf-is-auto-retryable": "true"}),
    ],
    ids=["408", "429", "503", "auto-retryable"],
)
def test_retryable_answers_are_retried_with_a_warning(
    make_http: MakeHTTP,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    response: httpx.Response,
) -> None:
    caplog.set_level(logging.WARNING, logger="pygen_runtime.client.http")
    http, api = make_http(then_ok(response, response))
    assert http.get("/models/spaces") == {"items": []}
    assert len(api.requests) == 3
    lines = warnings_of(caplog)
    assert len(lines) == 2
    for number, (line, wait) in enumerate(zip(lines, clock.sleeps, strict=True), start=1):
        assert line.startswith(f"GET {URL}: {response.status_code}")
        assert f"(attempt {number}); retry {number} of 10 in {wait:.2f} s" in line
        assert "retry_budget=120 s" in line


def test_transport_retries_are_warnings_too(
    make_http: MakeHTTP, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    http, _ = make_http(then_ok(httpx.ConnectError("Connection refused")))
    http.get("/models/spaces")
    [line] = warnings_of(caplog)
    assert "ConnectError: Connection refused (attempt 1)" in line
    assert f"retry 1 of 10 in {clock.sleeps[0]:.2f} s" in line
    assert "connect_retry_budget=5 s" in line


def test_retry_after_is_honoured_within_the_budget(make_http: MakeHTTP, clock: FakeClock) -> None:
    http, api = make_http(
        always(httpx.Response(429, headers={"Retry-After": "4"})), retry_budget=10.0
    )
    with pytest.raises(RateLimitError) as info:
        http.get("/models/spaces")
    assert clock.sleeps == [4.0, 4.0]  # a third wait would end at 12 s > 10 s
    assert len(api.requests) == 3
    message = str(info.value)
    assert "gave up after 3 attempts in 8.0 s" in message
    assert "retry_budget=10 s" in message and "raise retry_budget" in message


def test_retry_after_beyond_the_budget_fails_now(make_http: MakeHTTP, clock: FakeClock) -> None:
    http, api = make_http(
        always(httpx.Response(503, headers={"Retry-After": "30"})), retry_budget=10.0
    )
    with pytest.raises(APIError) as info:
        http.get("/models/spaces")
    assert len(api.requests) == 1
    assert clock.sleeps == []
    assert "the server asked to wait 30 s" in str(info.value)


def test_total_retry_budget_bounds_backoff(make_http: MakeHTTP, clock: FakeClock) -> None:
    http, api = make_http(
        always(httpx.Response(502)), retry_budget=20.0, max_retries=1000, max_backoff=4.0
    )
    with pytest.raises(APIError) as info:
        http.get("/models/spaces")
    assert sum(clock.sleeps) <= 20.0
    assert len(api.requests) == len(clock.sleeps) + 1
    assert "retry_budget=20 s" in str(info.value)


def test_attempt_time_counts_against_the_retry_budget(
    make_http: MakeHTTP, clock: FakeClock
) -> None:
    def slow_503(request: httpx.Request) -> httpx.Response:
        clock.advance(6.0)
        return httpx.Response(503)

    http, api = make_http(slow_503, retry_budget=10.0)
    with pytest.raises(APIError):
        http.get("/models/spaces")
    assert len(api.requests) == 2  # 6 s + wait + 6 s: a third attempt would start after 12 s


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("retry_budget", -1.0),
        ("connect_retry_budget", float("nan")),
        ("request_deadline", 0.0),
        ("connect_timeout", -3),
        ("max_response_size", 0),
    ],
)
def test_bad_budget_settings_are_config_errors(setting: str, value: float) -> None:
    options: dict[str, Any] = {setting: value}
    with pytest.raises(ConfigError, match=setting):
        HTTPClient(BASE_URL, PROJECT, TokenAuth(TOKEN), **options)


# -- deadline and size bound -------------------------------------------------------------------


def test_dripping_body_hits_the_deadline(make_http: MakeHTTP, clock: FakeClock) -> None:
    drip = Drip(lambda: clock.advance(1.0))
    http, _ = make_http(
        lambda request: httpx.Response(200, stream=drip), request_deadline=5.0, max_retries=0
    )
    with pytest.raises(RequestTimeoutError) as info:
        http.get("/models/spaces")
    assert 5 <= drip.sent <= 6
    assert drip.closed
    message = str(info.value)
    assert f"GET {URL}: the response was not complete within request_deadline=5 s" in message
    assert "raise request_deadline" in message
    assert "gave up after 1 attempt in" in message


def test_deadline_is_retried_within_the_budget(make_http: MakeHTTP, clock: FakeClock) -> None:
    drips: list[Drip] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if drips:
            return httpx.Response(200, json={"items": []})
        drips.append(Drip(lambda: clock.advance(1.0)))
        return httpx.Response(200, stream=drips[0])

    http, api = make_http(handler, request_deadline=3.0)
    assert http.get("/models/spaces") == {"items": []}
    assert len(api.requests) == 2


def test_dripping_body_hits_the_deadline_in_real_time(make_http: MakeHTTP) -> None:
    drip = Drip(lambda: time.sleep(0.02))
    http, _ = make_http(
        lambda request: httpx.Response(200, stream=drip),
        request_deadline=0.3,
        max_retries=0,
        clock=time.monotonic,
    )
    started = time.monotonic()
    with pytest.raises(RequestTimeoutError):
        http.get("/models/spaces")
    assert time.monotonic() - started < 2.0


def test_oversized_body_is_stopped_while_reading(make_http: MakeHTTP) -> None:
    drip = Drip(lambda: None, chunk=b"x" * 1024)
    http, api = make_http(
        lambda request: httpx.Response(200, stream=drip), max_response_size=64 * 1024
    )
    with pytest.raises(ResponseTooLargeError) as info:
        http.get("/models/spaces")
    assert 64 * 1024 < drip.sent <= 65 * 1024  # the endless body was abandoned at the bound
    assert drip.closed
    assert len(api.requests) == 1  # not retried
    message = str(info.value)
    assert "max_response_size=65536" in message
    assert "raise max_response_size" in message
    assert isinstance(info.value, TransportError)


def test_declared_oversized_body_is_not_read(make_http: MakeHTTP) -> None:
    drip = Drip(lambda: None)
    http, _ = make_http(
        lambda request: httpx.Response(200, stream=drip, headers={"Content-Length": str(10**12)}),
        max_response_size=1024,
    )
    with pytest.raises(ResponseTooLargeError, match="declares 1000000000000 bytes"):
        http.get("/models/spaces")
    assert drip.sent == 0


def test_the_bound_applies_to_the_decoded_body(make_http: MakeHTTP) -> None:
    bomb = gzip.compress(b"[" + b"0," * 500_000 + b"0]")
    assert len(bomb) < 10_000
    http, _ = make_http(
        lambda request: httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"}),
        max_response_size=100_000,
    )
    with pytest.raises(ResponseTooLargeError):
        http.get("/models/spaces")


def test_bodies_within_the_bound_are_returned_whole(make_http: MakeHTTP) -> None:
    items = [{"space": f"s{i}"} for i in range(2000)]
    body = gzip.compress(httpx.Response(200, json={"items": items}).content)
    http, _ = make_http(
        lambda request: httpx.Response(
            200, content=body, headers={"Content-Encoding": "gzip", "x-request-id": "r1"}
        ),
    )
    response = http.request("GET", "/models/spaces")
    assert response.json() == {"items": items}
    assert response.headers["x-request-id"] == "r1"
    assert "content-encoding" not in response.headers
    assert int(response.headers["content-length"]) == len(response.content)


# -- PygenClient passes the settings on ----------------------------------------------------------


def test_pygen_client_settings_reach_the_http_client() -> None:
    client = PygenClient(
        BASE_URL,
        PROJECT,
        TokenAuth(TOKEN),
        retry_budget=30.0,
        connect_retry_budget=2.0,
        request_deadline=45.0,
        max_response_size=1000,
        connect_timeout=3.0,
    )
    with client:
        policy = client.http.retry_policy
        assert (policy.retry_budget, policy.connect_retry_budget) == (30.0, 2.0)
        assert client.http.request_deadline == 45.0
        assert client.http.max_response_size == 1000


def test_attempts_counter_is_per_call(make_http: MakeHTTP) -> None:
    counter = itertools.count()

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused {next(counter)}")

    http, _ = make_http(handler, max_retries=1)
    for _ in range(2):
        with pytest.raises(ConnectionFailedError) as info:
            http.get("/models/spaces")
        assert info.value.attempts == 2


# -- real sockets: a server that drips or goes silent ------------------------------------------


class SlowServer:
    """A one-thread TCP server answering every connection with headers, then ``drip`` bytes one
    at a time every ``interval`` seconds (``drip=0``: silence) until the client hangs up."""

    def __init__(self, interval: float, drip: int) -> None:
        self.interval = interval
        self.drip = drip
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> SlowServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        self.sock.close()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n")
                for _ in range(self.drip if self.drip else 10**6):
                    if self.stopped.wait(self.interval):
                        break
                    if self.drip:
                        try:
                            conn.sendall(b" ")
                        except OSError:
                            break


@pytest.mark.parametrize("drip", [10**6, 0], ids=["dripping", "silent"])
def test_a_slow_real_server_ends_at_the_deadline(drip: int) -> None:
    with SlowServer(interval=0.05, drip=drip) as server:
        http = HTTPClient(
            f"http://127.0.0.1:{server.port}",
            PROJECT,
            TokenAuth(TOKEN),
            timeout=30.0,
            request_deadline=0.5,
            max_retries=0,
        )
        started = time.monotonic()
        with http, pytest.raises(RequestTimeoutError) as info:
            http.get("/models/spaces")
        elapsed = time.monotonic() - started
    assert 0.4 < elapsed < 3.0
    if drip:
        assert "not complete within request_deadline=0.5 s" in str(info.value)
    else:
        assert "ReadTimeout" in str(info.value)
        assert "may take 0.5 s: raise timeout, which request_deadline caps" in str(info.value)
