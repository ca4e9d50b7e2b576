/**
 * The errors the runtime throws. Every one extends `PygenError`; messages never contain a token
 * or a client secret.
 *
 * Two SDKs in one app each carry their own copy of the runtime, so `instanceof` only knows the
 * classes of its own copy. Every error therefore carries a brand: the `kind` of its class and
 * of each class it extends, under the global symbol `Symbol.for("pygen.error")`. The static
 * guards (`PygenApiError.is(error)`) read the brand, so they recognise errors of any copy.
 */

import type { InstanceId } from "./ids.js";
import type { FailedBatch, InstanceResult } from "./results.js";

/** The key of the brand: the same symbol in every copy of the runtime (`Symbol.for`). */
export const ERROR_BRAND: unique symbol = Symbol.for("pygen.error");

/** What a guard needs of an error class: its `kind` and its instances' type. */
interface ErrorClass<T> {
  readonly kind: string;
  readonly prototype: T;
}

/** The kinds of `target` and of every class it extends, most derived first. */
function kindsOf(target: unknown): readonly string[] {
  const kinds: string[] = [];
  for (
    let current: unknown = target;
    typeof current === "function";
    current = Object.getPrototypeOf(current)
  ) {
    if (Object.prototype.hasOwnProperty.call(current, "kind")) {
      kinds.push(String((current as { kind?: unknown }).kind));
    }
  }
  return Object.freeze(kinds);
}

/** The base of every error thrown by the runtime. */
export class PygenError extends Error {
  /** The stable name of this class, the same in every copy of the runtime. */
  static readonly kind: string = "PygenError";
  /** The kinds of this error's class and of the classes it extends, most derived first. */
  readonly [ERROR_BRAND]: readonly string[];
  /** The stable name of this error's class (`"PygenApiError"` ...), a discriminant. */
  readonly kind: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this[ERROR_BRAND] = kindsOf(new.target);
    this.kind = this[ERROR_BRAND][0] ?? PygenError.kind;
    this.name = this.kind;
  }

  /**
   * True when `value` is an error of this class (or of a class extending it) from any copy of
   * the runtime: `PygenApiError.is(error)` holds for an `AuthenticationError` thrown by
   * another SDK's runtime, where `instanceof` does not.
   */
  static is<T>(this: ErrorClass<T>, value: unknown): value is T {
    if (typeof value !== "object" || value === null) {
      return false;
    }
    const brand: unknown = (value as { [ERROR_BRAND]?: unknown })[ERROR_BRAND];
    return Array.isArray(brand) && brand.includes(this.kind);
  }
}

/** What the API said about a failed request. */
export interface ApiErrorDetails {
  /** The HTTP status code. */
  status: number;
  /** The `code` of the error body (usually the status code again). */
  code: number;
  /** The error message of the API. */
  message: string;
  /** The `x-request-id` response header: quote it when you ask Cognite for help. */
  requestId?: string | undefined;
  /** Identifiers the API could not find (`error.missing`). */
  missing?: unknown[] | undefined;
  /** Identifiers given more than once or already existing (`error.duplicated`). */
  duplicated?: unknown[] | undefined;
}

/** The API answered with an error status. */
export class PygenApiError extends PygenError {
  static override readonly kind: string = "PygenApiError";
  /** The HTTP status code. */
  readonly status: number;
  /** The `code` of the error body. */
  readonly code: number;
  /** The `x-request-id` response header, when the API sent one. */
  readonly requestId: string | undefined;
  /** Identifiers the API could not find. */
  readonly missing: unknown[];
  /** Identifiers given more than once or already existing. */
  readonly duplicated: unknown[];

  constructor(details: ApiErrorDetails) {
    const request = details.requestId
      ? ` [request id ${details.requestId}]`
      : "";
    super(`${details.status}: ${details.message}${request}`);
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.missing = details.missing ?? [];
    this.duplicated = details.duplicated ?? [];
  }
}

/** The credentials were refused (401) or lack a capability (403). */
export class AuthenticationError extends PygenApiError {
  static override readonly kind: string = "AuthenticationError";
}

/** The API kept answering 429 (too many requests) after every retry. */
export class RateLimitError extends PygenApiError {
  static override readonly kind: string = "RateLimitError";
}

/** The request got no complete answer: the network failed on the last attempt the limits allowed. */
export class NetworkError extends PygenError {
  static override readonly kind: string = "NetworkError";
}

/** The last attempt timed out: no answer within `timeoutMs`, or not whole within `requestDeadlineMs`. */
export class RequestTimeoutError extends NetworkError {
  static override readonly kind: string = "RequestTimeoutError";
}

/**
 * No connection could be opened (refused, unreachable, a host that does not exist, a failed
 * TLS handshake), within `connectRetryBudgetMs`.
 */
export class ConnectionFailedError extends NetworkError {
  static override readonly kind: string = "ConnectionFailedError";
}

/** The response body was larger than `maxResponseBytes`; reading stopped there (not retried). */
export class ResponseTooLargeError extends NetworkError {
  static override readonly kind: string = "ResponseTooLargeError";
}

/** Some batches of an upsert or delete failed; nothing is silently lost. */
export class InstanceOperationError extends PygenError {
  static override readonly kind: string = "InstanceOperationError";
  /** What the batches that succeeded did. */
  readonly result: InstanceResult;
  /** The batches that failed, each with its error and items. */
  readonly failed: FailedBatch[];

  constructor(
    operation: string,
    result: InstanceResult,
    failed: FailedBatch[],
  ) {
    const count = failed.reduce(
      (total, batch) => total + batch.items.length,
      0,
    );
    const succeeded =
      result.created.length +
      result.updated.length +
      result.unchanged.length +
      result.deleted.length;
    const first = failed[0]?.error;
    const reason = first instanceof Error ? first.message : String(first);
    super(
      `${operation}: ${failed.length} batch(es) with ${count} instance(s) failed ` +
        `(${succeeded} succeeded); first error: ${reason}`,
      { cause: first },
    );
    this.result = result;
    this.failed = failed;
  }

  /** The ids of every instance in a failed batch. */
  get failedIds(): InstanceId[] {
    return this.failed.flatMap((batch) =>
      batch.items.map((item) => ({
        space: String(item["space"]),
        externalId: String(item["externalId"]),
      })),
    );
  }
}
