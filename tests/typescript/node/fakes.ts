// Fakes for the runtime's unit tests: a scripted fetch that records every request, and a sleep
// that records the delays instead of waiting.

import { gunzipSync } from "node:zlib";

/** One recorded request. */
export interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal | undefined;
}

/** What the scripted fetch does for one call: answer, or throw. */
export type Step =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { error: Error }
  | { hang: true };

/** A fetch that plays `steps` in order (the last one repeats) and records the calls. */
export function scriptedFetch(steps: Step[]): {
  fetch: typeof fetch;
  calls: Call[];
} {
  const calls: Call[] = [];
  const fake = async (
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const text = bodyText(init);
    calls.push({
      url: String(input),
      method: init?.method ?? "GET",
      headers,
      body: text === undefined ? undefined : parseBody(text),
      signal: init?.signal ?? undefined,
    });
    const step = steps[Math.min(calls.length, steps.length) - 1];
    if (step === undefined) {
      throw new Error("no step scripted");
    }
    if ("error" in step) {
      throw step.error;
    }
    if ("hang" in step) {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener("abort", () =>
          reject(new DOMException("The operation was aborted.", "AbortError")),
        );
      });
    }
    return new Response(
      step.body === undefined ? null : JSON.stringify(step.body),
      {
        status: step.status,
        headers: { "content-type": "application/json", ...step.headers },
      },
    );
  };
  return { fetch: fake as typeof fetch, calls };
}

/** A sleep that records its delays and returns at once. */
export function recordingSleep(): {
  sleep: (ms: number) => Promise<void>;
  delays: number[];
} {
  const delays: number[] = [];
  return {
    sleep: async (ms: number) => {
      delays.push(ms);
    },
    delays,
  };
}

/** A fetch answering every request with `handler(path, body)` as JSON (status 200). */
export function routedFetch(
  handler: (path: string, body: Record<string, unknown>) => unknown,
): {
  fetch: typeof fetch;
  requests: { path: string; body: Record<string, unknown> }[];
} {
  const requests: { path: string; body: Record<string, unknown> }[] = [];
  const fake = async (
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> => {
    const path = new URL(String(input)).pathname.replace(
      /^\/api\/v1\/projects\/[^/]+/,
      "",
    );
    const body = JSON.parse(bodyText(init) ?? "{}") as Record<string, unknown>;
    requests.push({ path, body });
    return Response.json(handler(path, body));
  };
  return { fetch: fake as typeof fetch, requests };
}

/** The text of a request body: a string, or bytes (inflated when sent gzip-compressed). */
export function bodyText(init: RequestInit | undefined): string | undefined {
  const body = init?.body;
  if (typeof body === "string") {
    return body;
  }
  if (!(body instanceof ArrayBuffer || body instanceof Uint8Array)) {
    return undefined;
  }
  const bytes = Buffer.from(body instanceof ArrayBuffer ? body : body.buffer);
  const gzip = new Headers(init?.headers).get("content-encoding") === "gzip";
  return (gzip ? gunzipSync(bytes) : bytes).toString("utf8");
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
