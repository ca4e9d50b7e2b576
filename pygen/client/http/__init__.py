"""The HTTP layer of the CDF client: httpx with retries, rate limiting, gzip and redaction."""

from .client import API_VERSION, HTTPClient
from .encoding import DEFAULT_GZIP_THRESHOLD
from .error_mapping import error_from_response, parse_error_body
from .rate_limit import TokenBucket
from .redaction import REDACTED, redact_data, redact_headers, redact_text
from .retry import RETRY_STATUSES, RetryPolicy, parse_retry_after

__all__ = [
    "API_VERSION",
    "DEFAULT_GZIP_THRESHOLD",
    "REDACTED",
    "RETRY_STATUSES",
    "HTTPClient",
    "RetryPolicy",
    "TokenBucket",
    "error_from_response",
    "parse_error_body",
    "parse_retry_after",
    "redact_data",
    "redact_headers",
    "redact_text",
]
