"""A thread-safe token bucket that spaces requests to a maximum rate."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from pygen_runtime.errors import ConfigError

__all__ = ["TokenBucket"]


class TokenBucket:
    """Allow at most ``rate`` acquisitions per second, with bursts of up to ``burst``.

    Each :meth:`acquire` takes one token; tokens refill continuously at ``rate`` per second up to
    ``burst``. A caller that finds the bucket empty reserves the next token under the lock and
    sleeps *outside* it, so concurrent callers queue up in order without holding each other up.

    Args:
        rate: Tokens per second (> 0).
        burst: Bucket capacity; ``1`` spaces every request ``1 / rate`` seconds apart.
        clock: Monotonic clock in seconds (injectable for tests).
        sleep: Sleep function (injectable for tests).
    """

    def __init__(
        self,
        rate: float,
        *,
        burst: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not rate > 0:
            raise ConfigError(f"rate limit must be > 0 requests per second, got {rate}")
        if burst < 1:
            raise ConfigError(f"rate-limit burst must be >= 1, got {burst}")
        self.rate = float(rate)
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = float(burst)
        self._last = clock()

    def reserve(self) -> float:
        """Take one token and return how many seconds the caller must wait before using it."""
        with self._lock:
            now = self._clock()
            elapsed = max(0.0, now - self._last)
            self._last = now
            self._tokens = min(float(self.burst), self._tokens + elapsed * self.rate) - 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def acquire(self) -> float:
        """Block until a token is available; return the seconds waited."""
        wait = self.reserve()
        if wait > 0:
            self._sleep(wait)
        return wait

    def __repr__(self) -> str:
        return f"TokenBucket(rate={self.rate}, burst={self.burst})"
