// The HTTP client's limits, with a fault-injecting fetch and a fake clock: the retry budget,
// the connect-failure budget, the per-attempt deadline, the bounded response size,
// cdf-is-auto-retryable, and redaction of secrets a server echoes back.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  ConnectionFailedError,
  HttpClient,
  NetworkError,
  PygenApiError,
  RequestTimeoutError,
  ResponseTooLargeError,
  TokenAuth,
  redactText,
  type HttpClientOptions,
} from "../../../pygen/runtime/typescript/index.js";
import { scriptedFetch, type Step } from "./fakes.js";

const TOKEN = "secret-token-123";

/** A client on scripted answers whose sleep advances a fake clock instead of waiting. */
function client(steps: Step[], options: Partial<HttpClientOptions> = {}) {
  const { fetch, calls } = scriptedFetch(steps);
  const clock = { now: 0 };
  const delays: number[] = [];
  const http = new HttpClient({
    baseUrl: "https://cdf.example.com",
    project: "p",
    credentials: new TokenAuth(TOKEN),
    fetch,
    sleep: async (ms) => {
      delays.push(ms);
      clock.now += ms;
    },
    random: () => 1,
    now: () => clock.now,
    ...options,
  });
  return { http, calls, delays, clock };
}

/** What Node's fetch throws when a connection is refused (or the host does not exist). */
function fetchFailed(code: string): Error {
  const cause = Object.assign(new Error(`connect ${code} 10.0.0.1:443`), {
    code,
  });
  return new TypeError("fetch failed", { cause });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  throw new Error("expected a rejection");
}

/** A fetch answering 200 with `chunks` spaces, one every `intervalMs`, then `{}`. */
function tricklingFetch(
  chunks: number,
  intervalMs: number,
  headers: Record<string, string> = {},
): typeof fetch {
  return (async (_input: unknown, init?: RequestInit) => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
        if (init?.signal?.aborted) {
          return; // a fetch that does not end its body on abort
        }
        const index = sent++;
        if (index > chunks) {
          controller.close();
        } else {
          controller.enqueue(
            new TextEncoder().encode(index < chunks ? " " : "{}"),
          );
        }
      },
    });
    return new Response(body, { status: 200, headers });
  }) as typeof fetch;
}

describe("HttpClient limits", () => {
  it("retries 408 and responses marked auto-retryable, not a plain 500", async () => {
    const { http, calls } = client([
      { status: 408 },
      { status: 500, headers: { "cdf-is-auto-retryable": "true" } },
      { status: 500, body: { error: { code: 500, isAutoRetryable: true } } },
      { status: 500, body: { error: { code: 500, message: "broken" } } },
    ]);
    const error = await rejection(http.post("/x", {}));
    assert.ok(error instanceof PygenApiError);
    assert.equal(error.status, 500);
    assert.equal(calls.length, 4);
  });

  it("starts no retry that would end past retryBudgetMs, and says so", async () => {
    // random() = 1: waits of 500, 1000, 2000, 4000 ms; the fourth would end at 7.5 s.
    const { http, calls, delays } = client([{ status: 503 }], {
      retryBudgetMs: 5_000,
    });
    const error = await rejection(http.post("/x", {}));
    assert.ok(error instanceof PygenApiError);
    assert.deepEqual(delays, [500, 1000, 2000]);
    assert.equal(calls.length, 4);
    assert.match(
      error.message,
      /gave up after 4 attempt\(s\) in 3\.5 s; the next retry, after a 4\.0 s wait, would pass retryBudgetMs=5000; raise retryBudgetMs/,
    );
  });

  it("ends at once when Retry-After would pass the budget", async () => {
    const { http, calls, delays } = client(
      [{ status: 429, headers: { "retry-after": "30" } }],
      { retryBudgetMs: 10_000 },
    );
    const error = await rejection(http.post("/x", {}));
    assert.equal(error.constructor.name, "RateLimitError");
    assert.deepEqual(delays, []);
    assert.equal(calls.length, 1);
  });

  it("gives up on a refused connection within connectRetryBudgetMs", async () => {
    const { http, calls, delays } = client(
      [{ error: fetchFailed("ECONNREFUSED") }],
      { connectRetryBudgetMs: 2_000 },
    );
    const error = await rejection(http.post("/x", {}));
    assert.ok(error instanceof ConnectionFailedError);
    assert.ok(error instanceof NetworkError);
    assert.deepEqual(delays, [500, 1000]);
    assert.equal(calls.length, 3); // far fewer than maxRetries (10)
    assert.match(error.message, /^POST \/x: could not connect \(fetch failed/);
    assert.match(error.message, /would pass connectRetryBudgetMs=2000/);
  });

  it("starts the connect budget anew after an answer", async () => {
    const refused: Step = { error: fetchFailed("ECONNREFUSED") };
    const { http, calls } = client(
      [refused, refused, { status: 503 }, refused, refused, { status: 200 }],
      // waits of 500, 600, 600 ...: the second run of refusals starts at 1.7 s and would
      // pass the budget at 2.9 s if it were counted from the first.
      { connectRetryBudgetMs: 2_000, maxRetryDelayMs: 600 },
    );
    await http.post("/x", {});
    assert.equal(calls.length, 6);
  });

  it("does not retry a host that does not exist or a failed TLS handshake", async () => {
    for (const code of ["ENOTFOUND", "ERR_TLS_CERT_ALTNAME_INVALID"]) {
      const { http, calls } = client([{ error: fetchFailed(code) }]);
      const error = await rejection(http.post("/x", {}));
      assert.ok(error instanceof ConnectionFailedError);
      assert.equal(calls.length, 1, code);
    }
  });

  it("retries a connection reset under the retry budget only", async () => {
    const { http, calls } = client([
      { error: fetchFailed("ECONNRESET") },
      { error: fetchFailed("ECONNRESET") },
      { status: 200, body: { ok: 1 } },
    ]);
    assert.deepEqual(await http.post("/x", {}), { ok: 1 });
    assert.equal(calls.length, 3);
  });

  it("ends an attempt whose body trickles past requestDeadlineMs", async () => {
    const http = new HttpClient({
      baseUrl: "http://fake",
      project: "p",
      credentials: new TokenAuth(TOKEN),
      fetch: tricklingFetch(1_000_000, 5),
      timeoutMs: 1_000, // never silent that long: only the deadline ends it
      requestDeadlineMs: 150,
      maxRetries: 0,
    });
    const started = Date.now();
    const error = await rejection(http.post("/x", {}));
    assert.ok(error instanceof RequestTimeoutError, String(error));
    assert.match(error.message, /longer than 150 ms \(requestDeadlineMs\)/);
    assert.ok(Date.now() - started < 900, `took ${Date.now() - started} ms`);
  });

  it("reads a slow body that ends within the deadline", async () => {
    const http = new HttpClient({
      baseUrl: "http://fake",
      project: "p",
      credentials: new TokenAuth(TOKEN),
      fetch: tricklingFetch(3, 5),
      timeoutMs: 1_000,
      requestDeadlineMs: 1_000,
    });
    assert.deepEqual(await http.post("/x", {}), {});
  });

  it("refuses a body over maxResponseBytes by Content-Length, without retrying", async () => {
    const { http, calls } = client(
      [
        {
          status: 200,
          body: "x".repeat(100),
          headers: { "content-length": "102" },
        },
      ],
      { maxResponseBytes: 50 },
    );
    const error = await rejection(http.post("/x", {}));
    assert.ok(error instanceof ResponseTooLargeError);
    assert.match(error.message, /larger than 50 bytes \(Content-Length 102/);
    assert.equal(calls.length, 1);
  });

  it("stops reading a streamed body once it passes maxResponseBytes", async () => {
    const http = new HttpClient({
      baseUrl: "http://fake",
      project: "p",
      credentials: new TokenAuth(TOKEN),
      fetch: tricklingFetch(1_000_000, 0),
      maxResponseBytes: 64,
    });
    const error = await rejection(http.post("/x", {}));
    assert.ok(error instanceof ResponseTooLargeError);
    assert.match(error.message, /65 bytes read when reading stopped/);
  });

  it("redacts a token the server echoes in x-request-id and the message", async () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
    const { http } = client([
      {
        status: 400,
        body: {
          error: {
            code: 400,
            message: `bad request; authorization: Bearer ${TOKEN}; other ${jwt}`,
          },
        },
        headers: { "x-request-id": `rid-77 Bearer ${TOKEN}` },
      },
    ]);
    const error = await rejection(http.post("/x", {}));
    assert.ok(error instanceof PygenApiError);
    assert.equal(error.requestId, "rid-77 Bearer ***");
    assert.ok(!error.message.includes(TOKEN), error.message);
    assert.ok(!error.message.includes(jwt), error.message);
    assert.match(error.message, /\[request id rid-77 Bearer \*\*\*\]$/);
  });

  it("redacts credentials by shape and by value", () => {
    assert.equal(
      redactText('{"access_token": "abc", "expires_in": 3600}'),
      '{"access_token": "***", "expires_in": 3600}',
    );
    assert.equal(
      redactText("client_secret=s3cr3t&scope=a"),
      "client_secret=***&scope=a",
    );
    assert.equal(
      redactText("the key is hunter22", ["hunter22"]),
      "the key is ***",
    );
    assert.equal(redactText("short abc", ["abc"]), "short abc");
  });

  it("refuses settings out of range, naming them", () => {
    for (const [name, value] of [
      ["retryBudgetMs", -1],
      ["requestDeadlineMs", 0],
      ["maxResponseBytes", Number.NaN],
      ["maxRetries", Number.POSITIVE_INFINITY],
    ] as const) {
      assert.throws(
        () =>
          new HttpClient({
            baseUrl: "http://x",
            project: "p",
            credentials: new TokenAuth("t"),
            [name]: value,
          }),
        new RegExp(`HttpClient option ${name} must be a finite number`),
      );
    }
  });
});
