/**
 * Incremental sync of one view over `/models/instances/sync`: what changed, what was deleted,
 * and a cursor to continue from.
 *
 * `api.sync()` yields `SyncBatch`es: the instances created or changed since the cursor (typed
 * read objects), the ids of the ones deleted, and the cursor after the batch. Persist
 * `batch.cursor` (a plain string) once a batch is stored, and pass it as `sync({ cursor })`
 * later to get only what changed since. The API keeps cursors for 3 days: an older one throws
 * `SyncCursorExpiredError`, whose message says how to start over.
 */

import { PygenApiError, PygenError } from "./errors.js";
import type { Filter } from "./filters.js";
import type { HttpClient } from "./http.js";
import type { InstanceId, ViewRef } from "./ids.js";
import type { WireInstance } from "./instance.js";

/** The most instances one sync batch holds (the API's limit per result set). */
export const SYNC_LIMIT = 2000;

/** The one result set a view's sync asks for. */
const SET = "sync";

/** One batch of changes, in the order they were made. */
export interface SyncBatch<TRead> {
  /** The instances created or changed since the previous cursor (read objects). */
  items: TRead[];
  /**
   * The ids of the instances deleted since the previous cursor (a deletion of an instance you
   * never received can appear; ignore it).
   */
  deleted: InstanceId[];
  /** Where this batch ends; persist it and pass it as `sync({ cursor })`. */
  cursor: string;
}

/** Options of `sync`: the view's filters, where to continue, and the batch size. */
export type SyncOptions<TFilter> = TFilter & {
  /** Where a previous sync ended (a `batch.cursor`); none starts from the beginning. */
  cursor?: string | undefined;
  /** Instances per batch, 1 to 2,000; default 1,000. */
  chunkSize?: number;
  /** Continue from an expired cursor, accepting that deletes in between may be missed. */
  acceptMissedDeletes?: boolean;
};

/**
 * The sync cursor is older than the API keeps cursors (3 days). Start over: call `sync()`
 * without a cursor (it returns every instance again; replace your copy with it), or pass
 * `acceptMissedDeletes: true` to continue from the cursor and accept that deletions in
 * between may be missing.
 */
export class SyncCursorExpiredError extends PygenError {
  static override readonly kind: string = "SyncCursorExpiredError";
  /** The expired cursor. */
  readonly cursor: string;

  constructor(cursor: string, detail: string, options?: { cause?: unknown }) {
    super(
      "the sync cursor has expired (the API keeps sync cursors for 3 days): start over " +
        "with sync() without a cursor and replace your copy with what it returns, or " +
        "continue with sync({ cursor, acceptMissedDeletes: true }) and accept missed " +
        `deletes (${detail})`,
      options,
    );
    this.cursor = cursor;
  }
}

/** What `syncBatches` asks for. */
export interface SyncRequest {
  /** The instances of the view: nodes or edges. */
  instanceType: "node" | "edge";
  /** The view whose properties are returned. */
  view: ViewRef;
  /** The filter of the result set (include `hasData` on the view). */
  filter: Filter;
  /** Where to continue; `undefined` starts from the beginning. */
  cursor: string | undefined;
  /** Instances per batch, 1 to 2,000. */
  chunkSize: number;
  /** Continue from an expired cursor. */
  acceptMissedDeletes: boolean;
}

interface WireSync {
  items?: Record<string, (WireInstance & { deletedTime?: number | null })[]>;
  nextCursor?: Record<string, string | null | undefined>;
}

/**
 * Request batches until the view is caught up (a batch smaller than `chunkSize`). Nothing is
 * sent before the first batch is asked for.
 *
 * @throws RangeError when `chunkSize` is not an integer from 1 to 2,000.
 * @throws SyncCursorExpiredError when the cursor has expired.
 */
export async function* syncBatches<TRead>(
  http: HttpClient,
  request: SyncRequest,
  read: (item: WireInstance) => TRead,
): AsyncGenerator<SyncBatch<TRead>, void, undefined> {
  const { chunkSize } = request;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > SYNC_LIMIT) {
    throw new RangeError(
      `chunkSize must be an integer from 1 to ${SYNC_LIMIT}, got ${chunkSize}`,
    );
  }
  const body: Record<string, unknown> = {
    with: {
      [SET]: {
        [`${request.instanceType}s`]: { filter: request.filter },
        limit: chunkSize,
      },
    },
    select: {
      [SET]: { sources: [{ source: request.view.dump(), properties: ["*"] }] },
    },
  };
  if (request.acceptMissedDeletes) {
    body["allowExpiredCursorsAndAcceptMissedDeletes"] = true;
  }
  let cursor = request.cursor;
  for (;;) {
    if (cursor) {
      body["cursors"] = { [SET]: cursor };
    }
    let response: WireSync;
    try {
      response = await http.post<WireSync>("/models/instances/sync", body);
    } catch (error) {
      if (cursor && isExpired(error)) {
        throw new SyncCursorExpiredError(cursor, error.message, {
          cause: error,
        });
      }
      throw error;
    }
    const wire = response.items?.[SET] ?? [];
    const items: TRead[] = [];
    const deleted: InstanceId[] = [];
    for (const item of wire) {
      if (item.deletedTime == null) {
        items.push(read(item));
      } else {
        deleted.push({ space: item.space, externalId: item.externalId });
      }
    }
    cursor = response.nextCursor?.[SET] || cursor || "";
    yield { items, deleted, cursor };
    if (wire.length < chunkSize) {
      return;
    }
  }
}

/** A 400 saying the cursor has expired (the API's message starts `Cursor has expired`). */
function isExpired(error: unknown): error is PygenApiError {
  return (
    PygenApiError.is(error) &&
    error.status === 400 &&
    error.message.toLowerCase().includes("cursor has expired")
  );
}
