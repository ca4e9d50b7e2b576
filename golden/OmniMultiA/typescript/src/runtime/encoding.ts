/**
 * Request bodies: JSON, gzip-compressed above a size (as the Python client), with the
 * platform's `CompressionStream` (Node >= 18, current browsers; without it bodies go as is).
 */

/** JSON bodies larger than this many bytes are sent with `Content-Encoding: gzip`. */
export const DEFAULT_GZIP_THRESHOLD = 1024;

/** An encoded request body and the headers that describe it. */
export interface EncodedBody {
  /** The bytes to send (compressed) or the JSON text. */
  body: ArrayBuffer | string;
  /** `content-type`, and `content-encoding` when compressed. */
  headers: Record<string, string>;
}

/**
 * `value` as compact JSON; gzip-compressed when its UTF-8 form is larger than `threshold`
 * bytes (`null`: never).
 */
export async function encodeJsonBody(
  value: unknown,
  threshold: number | null,
): Promise<EncodedBody> {
  const text = JSON.stringify(value);
  const headers: Record<string, string> = {
    "content-type": "application/json",
  };
  if (threshold === null || typeof CompressionStream !== "function") {
    return { body: text, headers };
  }
  const raw = new TextEncoder().encode(text);
  if (raw.byteLength <= threshold) {
    return { body: text, headers };
  }
  const stream = new Blob([raw])
    .stream()
    .pipeThrough(new CompressionStream("gzip"));
  const body = await new Response(stream).arrayBuffer();
  return { body, headers: { ...headers, "content-encoding": "gzip" } };
}
