/** Results of writes and pages of reads. */

import type { InstanceId } from "./ids.js";

/** One page of a listing: the items and the cursor of the next page (`undefined` at the end). */
export interface Page<T> {
  items: T[];
  nextCursor: string | undefined;
}

/** What an upsert or delete did, instance by instance. */
export interface InstanceResult {
  /** Instances that did not exist before. */
  created: InstanceId[];
  /** Instances that existed and were changed. */
  updated: InstanceId[];
  /** Instances written with what they already held. */
  unchanged: InstanceId[];
  /** Instances that were deleted. */
  deleted: InstanceId[];
}

/** A batch of an upsert or delete that the API refused: the error and the wire items it held. */
export interface FailedBatch {
  /** Why the batch failed (usually a `PygenApiError`). */
  error: unknown;
  /** The wire items of the batch (`{instanceType, space, externalId, ...}`). */
  items: Record<string, unknown>[];
}

/** A result with nothing in it. */
export function emptyResult(): InstanceResult {
  return { created: [], updated: [], unchanged: [], deleted: [] };
}

/** Add the ids of `other` to `result`. */
export function mergeResult(
  result: InstanceResult,
  other: InstanceResult,
): void {
  result.created.push(...other.created);
  result.updated.push(...other.updated);
  result.unchanged.push(...other.unchanged);
  result.deleted.push(...other.deleted);
}
