"""The HTTP layer of the CDF client: httpx with retries within budgets, a deadline and a size
bound per response, rate limiting, gzip and redaction; ``FetchTransport`` for runtimes without sockets."""

from .client import (
    API_VERSION,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_REQUEST_DEADLINE,
    HTTPClient,
)
from .encoding import DEFAULT_GZIP_THRESHOLD
from .error_mapping import error_from_response, parse_error_body
from .fetch import Fetch, FetchRequest, FetchResponse, FetchTransport
from .rate_limit import TokenBucket
from .redaction import REDACTED, redact_data, redact_headers, redact_text, redact_url, request_id
from .retry import (
    DEFAULT_CONNECT_RETRY_BUDGET,
    DEFAULT_RETRY_BUDGET,
    RETRY_STATUSES,
    RetryPolicy,
    is_retryable_exception,
    parse_retry_after,
)

__all__ = [
    "API_VERSION",
    "DEFAULT_CONNECT_RETRY_BUDGET",
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_GZIP_THRESHOLD",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_REQUEST_DEADLINE",
    "DEFAULT_RETRY_BUDGET",
    "REDACTED",
    "RETRY_STATUSES",
    "Fetch",
    "FetchRequest",
    "FetchResponse",
    "FetchTransport",
    "HTTPClient",
    "RetryPolicy",
    "TokenBucket",
    "error_from_response",
    "is_retryable_exception",
    "parse_error_body",
    "parse_retry_after",
    "redact_data",
    "redact_headers",
    "redact_text",
    "redact_url",
    "request_id",
]
