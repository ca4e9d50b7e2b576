/**
 * The errors the runtime throws. Every one extends `PygenError`; messages never contain a token
 * or a client secret.
 */

import type { InstanceId } from "./ids.js";
import type { FailedBatch, InstanceResult } from "./results.js";

/** The base of every error thrown by the runtime. */
export class PygenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
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
export class AuthenticationError extends PygenApiError {}

/** The API kept answering 429 (too many requests) after every retry. */
export class RateLimitError extends PygenApiError {}

/** The request never got an answer: the network failed on every attempt. */
export class NetworkError extends PygenError {}

/** The request took longer than the timeout on every attempt. */
export class RequestTimeoutError extends NetworkError {}

/** Some batches of an upsert or delete failed; nothing is silently lost. */
export class InstanceOperationError extends PygenError {
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
