/** Values to and from their wire (JSON) form. */

import { isInstanceIdLike } from "./ids.js";

/** Any JSON value: what a `json` property holds. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A calendar date as `YYYY-MM-DD`: what a `date` property holds. */
export type DateString = string;

const ISO_TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A timestamp in the wire form CDF writes: ISO 8601 in UTC with milliseconds and an offset,
 * e.g. `2024-05-01T12:00:00.000+00:00`.
 *
 * @throws RangeError for an invalid date.
 */
export function formatTimestamp(value: Date): string {
  return value.toISOString().replace(/Z$/, "+00:00");
}

/**
 * A timestamp read from the wire as a `Date`. Accepts any number of fractional digits
 * (`.17`, `.123456`), `Z` or a numeric offset (none means UTC), and epoch milliseconds.
 *
 * @throws RangeError when the text is not a timestamp.
 */
export function parseTimestamp(value: string | number): Date {
  if (typeof value === "number") {
    return new Date(value);
  }
  const match = ISO_TIMESTAMP.exec(value);
  const parsed =
    match === null
      ? new Date(value)
      : new Date(
          `${match[1]}.${(match[2] ?? "").padEnd(3, "0").slice(0, 3)}${match[3] ?? "Z"}`,
        );
  if (Number.isNaN(parsed.getTime())) {
    throw new RangeError(`not a timestamp: ${JSON.stringify(value)}`);
  }
  return parsed;
}

/** A calendar date (`YYYY-MM-DD`) of a `Date`, in UTC. */
export function formatDate(value: Date): DateString {
  return value.toISOString().slice(0, 10);
}

/**
 * A filter value as JSON: `Date`s as timestamps, objects with `space` and `externalId` (ids,
 * read and write objects) as `{space, externalId}`, arrays element by element; everything else
 * as it is.
 */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) {
    return formatTimestamp(value);
  }
  if (Array.isArray(value)) {
    return value.map(toWire);
  }
  if (isInstanceIdLike(value)) {
    return { space: value.space, externalId: value.externalId };
  }
  return value;
}
