/** A token bucket that spaces requests to a maximum rate (the `rateLimit` HTTP option). */

/**
 * At most `rate` requests per second, in bursts of up to `burst`. Each `reserve()` takes one
 * token; tokens refill continuously at `rate` per second up to `burst`. A caller finding the
 * bucket empty still takes the next token (the count goes below zero) and waits until it is
 * due, so concurrent callers queue up in order.
 */
export class TokenBucket {
  /** Requests per second. */
  readonly rate: number;
  /** The most requests sent at once after a quiet time. */
  readonly burst: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  /**
   * @param now - The clock in milliseconds.
   * @throws RangeError when `rate` is not a positive finite number or `burst` is below 1.
   */
  constructor(rate: number, burst: number, now: () => number) {
    if (!Number.isFinite(rate) || rate <= 0) {
      throw new RangeError(
        `HttpClient option rateLimit must be a finite number > 0 (requests per second), got ${String(rate)}`,
      );
    }
    if (!Number.isInteger(burst) || burst < 1) {
      throw new RangeError(
        `the rate-limit burst must be an integer >= 1, got ${burst}`,
      );
    }
    this.rate = rate;
    this.burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#last = now();
  }

  /** Take one token; return how many milliseconds to wait before using it. */
  reserve(): number {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#last);
    this.#last = now;
    this.#tokens =
      Math.min(this.burst, this.#tokens + (elapsed * this.rate) / 1000) - 1;
    return this.#tokens >= 0 ? 0 : (-this.#tokens / this.rate) * 1000;
  }
}
