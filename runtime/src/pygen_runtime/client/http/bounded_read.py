"""Reading a response body within a deadline and a size bound, checked while it arrives.

httpx's timeouts apply to each read: a body that drips in one byte at a time never times out.
:func:`read_body` streams the (decoded) body and checks the elapsed time and the size after every
chunk, so a slow body ends at the deadline and an oversized one is stopped before it is held in
memory.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

__all__ = ["BodyTooLarge", "DeadlineExceeded", "buffered", "read_body"]

# Headers that describe the body on the wire, not the decoded body a buffered response holds.
_WIRE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


class DeadlineExceeded(Exception):
    """An attempt ran past its deadline (the client reports a ``RequestTimeoutError``)."""

    def __init__(self, elapsed: float, received: int) -> None:
        self.elapsed = elapsed
        self.received = received
        super().__init__(f"the response took longer than the deadline ({received} bytes read)")


class BodyTooLarge(Exception):
    """A body grew past the size bound (the client reports a ``ResponseTooLargeError``)."""

    def __init__(self, received: int, declared: bool) -> None:
        self.received = received
        self.declared = declared
        super().__init__(f"the response body is larger than the bound ({received} bytes)")


def read_body(
    response: httpx.Response,
    *,
    started: float,
    deadline: float,
    max_size: int,
    clock: Callable[[], float],
) -> bytes:
    """Read the decoded body of a streamed ``response``.

    Args:
        response: A response opened with ``stream=True``; the caller closes it.
        started: ``clock()`` when the attempt began.
        deadline: Seconds the whole attempt may take, headers and body included.
        max_size: Bytes the decoded body may have.
        clock: The monotonic clock ``started`` was read from.

    Raises:
        DeadlineExceeded: the deadline passed before the last byte arrived.
        BodyTooLarge: ``Content-Length`` or the bytes read so far exceed ``max_size``.
        httpx.HTTPError: the transport failed while reading.
    """
    _check_deadline(clock() - started, deadline, 0)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_size:
        raise BodyTooLarge(int(declared), declared=True)
    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_bytes():
        received += len(chunk)
        if received > max_size:
            raise BodyTooLarge(received, declared=False)
        chunks.append(chunk)
        _check_deadline(clock() - started, deadline, received)
    return b"".join(chunks)


def _check_deadline(elapsed: float, deadline: float, received: int) -> None:
    if elapsed > deadline:
        raise DeadlineExceeded(elapsed, received)


def buffered(response: httpx.Response, body: bytes) -> httpx.Response:
    """A closed copy of a streamed ``response`` holding its decoded ``body``.

    The wire-level headers (``Content-Encoding``, ``Content-Length``, ``Transfer-Encoding``) are
    dropped, as they describe the encoded stream; ``Content-Length`` is set for ``body``.
    """
    headers = [
        (name, value)
        for name, value in response.headers.multi_items()
        if name.lower() not in _WIRE_HEADERS
    ]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=body,
        request=response.request,
        extensions=response.extensions,
    )
