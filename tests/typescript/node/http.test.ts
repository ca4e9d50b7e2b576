// Unit tests of the HTTP client and credentials, with a fault-injecting fetch.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  AuthenticationError,
  ClientCredentials,
  HttpClient,
  NetworkError,
  PygenApiError,
  RateLimitError,
  RequestTimeoutError,
  TokenAuth,
  parseRetryAfter,
  type HttpClientOptions,
} from "../../../pygen/runtime/typescript/index.js";
import { recordingSleep, scriptedFetch, type Step } from "./fakes.js";

const TOKEN = "secret-token-123";

function client(steps: Step[], options: Partial<HttpClientOptions> = {}) {
  const { fetch, calls } = scriptedFetch(steps);
  const { sleep, delays } = recordingSleep();
  const http = new HttpClient({
    baseUrl: "https://cdf.example.com/",
    project: "my project",
    credentials: new TokenAuth(TOKEN),
    fetch,
    sleep,
    random: () => 0.5,
    ...options,
  });
  return { http, calls, delays };
}

describe("HttpClient", () => {
  it("sends to the project prefix with the cdf-version and bearer headers", async () => {
    const { http, calls } = client([{ status: 200, body: { items: [] } }]);
    const body = await http.post("/models/instances/list", { limit: 1 });
    assert.deepEqual(body, { items: [] });
    assert.equal(calls.length, 1);
    const call = calls[0]!;
    assert.equal(
      call.url,
      "https://cdf.example.com/api/v1/projects/my%20project/models/instances/list",
    );
    assert.equal(call.method, "POST");
    assert.equal(call.headers["cdf-version"], "20230101");
    assert.equal(call.headers["authorization"], `Bearer ${TOKEN}`);
    assert.equal(call.headers["content-type"], "application/json");
    assert.deepEqual(call.body, { limit: 1 });
  });

  it("retries 503 with exponential backoff and full jitter, then succeeds", async () => {
    const { http, calls, delays } = client([
      { status: 503, body: { error: { code: 503, message: "busy" } } },
      { status: 503 },
      { status: 200, body: { ok: true } },
    ]);
    assert.deepEqual(await http.post("/x", {}), { ok: true });
    assert.equal(calls.length, 3);
    // random() = 0.5: half of 500 ms, then half of 1000 ms
    assert.deepEqual(delays, [250, 500]);
  });

  it("retries 502, 504 and network errors", async () => {
    const { http, calls } = client([
      { status: 502 },
      { error: new TypeError("fetch failed") },
      { status: 504 },
      { status: 200, body: {} },
    ]);
    await http.post("/x", {});
    assert.equal(calls.length, 4);
  });

  it("honours Retry-After in seconds on 429", async () => {
    const { http, delays } = client([
      { status: 429, headers: { "retry-after": "3" } },
      { status: 200, body: {} },
    ]);
    await http.post("/x", {});
    assert.deepEqual(delays, [3000]);
  });

  it("honours Retry-After as an HTTP date, and caps long waits", async () => {
    const later = new Date(Date.now() + 10_000).toUTCString();
    const { http, delays } = client(
      [
        { status: 429, headers: { "retry-after": later } },
        { status: 429, headers: { "retry-after": "3600" } },
        { status: 200, body: {} },
      ],
      { maxRetryDelayMs: 30_000 },
    );
    await http.post("/x", {});
    assert.equal(delays.length, 2);
    assert.ok(
      delays[0]! > 8_000 && delays[0]! <= 10_000,
      `waited ${delays[0]}`,
    );
    assert.equal(delays[1], 30_000);
  });

  it("parses Retry-After forms", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    assert.equal(parseRetryAfter("2", now), 2000);
    assert.equal(parseRetryAfter("0.5", now), 500);
    assert.equal(parseRetryAfter("Wed, 01 Jan 2025 00:00:07 GMT", now), 7000);
    assert.equal(parseRetryAfter("Tue, 31 Dec 2024 00:00:00 GMT", now), 0);
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(parseRetryAfter("soon", now), undefined);
  });

  it("raises RateLimitError when 429 persists after every retry", async () => {
    const { http, calls } = client(
      [{ status: 429, body: { error: { code: 429, message: "slow down" } } }],
      { maxRetries: 2 },
    );
    await assert.rejects(http.post("/x", {}), (error: unknown) => {
      assert.ok(error instanceof RateLimitError);
      assert.equal(error.status, 429);
      assert.match(error.message, /slow down/);
      return true;
    });
    assert.equal(calls.length, 3);
  });

  it("aborts an attempt after the timeout and raises RequestTimeoutError", async () => {
    const { http, calls } = client([{ hang: true }], {
      timeoutMs: 30,
      maxRetries: 1,
    });
    const started = Date.now();
    await assert.rejects(http.post("/x", {}), RequestTimeoutError);
    assert.equal(calls.length, 2);
    assert.ok(calls.every((call) => call.signal?.aborted === true));
    assert.ok(Date.now() - started < 5_000);
  });

  it("retries a timed-out attempt", async () => {
    const { http, calls } = client(
      [{ hang: true }, { status: 200, body: { done: 1 } }],
      { timeoutMs: 30 },
    );
    assert.deepEqual(await http.post("/x", {}), { done: 1 });
    assert.equal(calls.length, 2);
  });

  it("raises NetworkError when the network fails on every attempt", async () => {
    const { http } = client([{ error: new TypeError("fetch failed") }], {
      maxRetries: 1,
    });
    await assert.rejects(
      http.post("/x", {}),
      (error: unknown) =>
        error instanceof NetworkError &&
        !(error instanceof RequestTimeoutError),
    );
  });

  it("raises AuthenticationError on 401 without retrying or leaking the token", async () => {
    const { http, calls } = client([
      {
        status: 401,
        body: { error: { code: 401, message: `token ${TOKEN} is not valid` } },
        headers: { "x-request-id": "req-42" },
      },
    ]);
    await assert.rejects(http.post("/x", {}), (error: unknown) => {
      assert.ok(error instanceof AuthenticationError);
      assert.equal(error.status, 401);
      assert.equal(error.requestId, "req-42");
      assert.ok(!error.message.includes(TOKEN), error.message);
      assert.ok(!String(error.stack).includes(TOKEN));
      assert.ok(!JSON.stringify(error).includes(TOKEN));
      return true;
    });
    assert.equal(calls.length, 1);
  });

  it("raises AuthenticationError on 403", async () => {
    const { http } = client([{ status: 403, body: { error: "forbidden" } }]);
    await assert.rejects(http.post("/x", {}), AuthenticationError);
  });

  it("raises PygenApiError with missing, duplicated and the request id", async () => {
    const missing = [{ space: "s", externalId: "gone" }];
    const duplicated = [{ space: "s", externalId: "twice" }];
    const { http, calls } = client([
      {
        status: 400,
        body: { error: { code: 400, message: "bad", missing, duplicated } },
        headers: { "x-request-id": "abc" },
      },
    ]);
    await assert.rejects(http.post("/x", {}), (error: unknown) => {
      assert.ok(error instanceof PygenApiError);
      assert.ok(!(error instanceof AuthenticationError));
      assert.equal(error.status, 400);
      assert.equal(error.code, 400);
      assert.equal(error.requestId, "abc");
      assert.deepEqual(error.missing, missing);
      assert.deepEqual(error.duplicated, duplicated);
      assert.equal(error.message, "400: bad [request id abc]");
      return true;
    });
    assert.equal(calls.length, 1);
  });

  it("keeps at most maxConcurrency requests in flight", async () => {
    let active = 0;
    let peak = 0;
    const fetch = (async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
      return new Response("{}", { status: 200 });
    }) as typeof globalThis.fetch;
    const http = new HttpClient({
      baseUrl: "http://x",
      project: "p",
      credentials: new TokenAuth("t"),
      fetch,
      maxConcurrency: 3,
    });
    await Promise.all(Array.from({ length: 12 }, () => http.post("/x", {})));
    assert.equal(peak, 3);
  });

  it("asks the credentials for a token before every attempt", async () => {
    let issued = 0;
    const { http, calls } = client(
      [{ status: 503 }, { status: 200, body: {} }],
      { credentials: new TokenAuth(async () => `token-${++issued}`) },
    );
    await http.post("/x", {});
    assert.deepEqual(
      calls.map((call) => call.headers["authorization"]),
      ["Bearer token-1", "Bearer token-2"],
    );
  });
});

describe("ClientCredentials", () => {
  const tokenUrl = "https://login.example.com/oauth2/token";

  it("posts the form once and caches the token until shortly before expiry", async () => {
    let now = 1_000_000;
    const { fetch, calls } = scriptedFetch([
      { status: 200, body: { access_token: "first", expires_in: 3600 } },
      { status: 200, body: { access_token: "second", expires_in: 3600 } },
    ]);
    const credentials = new ClientCredentials({
      tokenUrl,
      clientId: "my-app",
      clientSecret: "s3cret",
      scopes: ["https://cdf.example.com/.default"],
      fetch,
      now: () => now,
    });
    assert.equal(await credentials.getToken(), "first");
    assert.equal(await credentials.getToken(), "first");
    assert.equal(calls.length, 1);
    const call = calls[0]!;
    assert.equal(call.url, tokenUrl);
    assert.equal(call.method, "POST");
    assert.equal(
      call.headers["content-type"],
      "application/x-www-form-urlencoded",
    );
    now += 3_500_000; // 100 s left: still cached
    assert.equal(await credentials.getToken(), "first");
    assert.equal(calls.length, 1);
    now += 50_000; // 50 s left: inside the 60 s refresh margin
    assert.equal(await credentials.getToken(), "second");
    assert.equal(calls.length, 2);
  });

  it("sends grant type, client id, secret and scopes as a form", async () => {
    let form = "";
    const fetch = (async (_url: unknown, init?: RequestInit) => {
      form = String(init?.body);
      return Response.json({ access_token: "t", expires_in: 60 });
    }) as typeof globalThis.fetch;
    const credentials = new ClientCredentials({
      tokenUrl,
      clientId: "my-app",
      clientSecret: "s3cret",
      scopes: ["a", "b"],
      fetch,
    });
    await credentials.getToken();
    const params = new URLSearchParams(form);
    assert.equal(params.get("grant_type"), "client_credentials");
    assert.equal(params.get("client_id"), "my-app");
    assert.equal(params.get("client_secret"), "s3cret");
    assert.equal(params.get("scope"), "a b");
  });

  it("shares one in-flight token request between concurrent callers", async () => {
    let requests = 0;
    const fetch = (async () => {
      requests++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return Response.json({ access_token: `t${requests}`, expires_in: 3600 });
    }) as typeof globalThis.fetch;
    const credentials = new ClientCredentials({
      tokenUrl,
      clientId: "c",
      clientSecret: "s",
      fetch,
    });
    const tokens = await Promise.all(
      Array.from({ length: 10 }, () => credentials.getToken()),
    );
    assert.equal(requests, 1);
    assert.deepEqual(new Set(tokens), new Set(["t1"]));
  });

  it("raises AuthenticationError without the secret when the endpoint refuses", async () => {
    const { fetch } = scriptedFetch([
      {
        status: 401,
        body: { error: "invalid_client", error_description: "bad secret" },
      },
    ]);
    const credentials = new ClientCredentials({
      tokenUrl,
      clientId: "c",
      clientSecret: "very-secret",
      fetch,
    });
    await assert.rejects(credentials.getToken(), (error: unknown) => {
      assert.ok(error instanceof AuthenticationError);
      assert.match(error.message, /bad secret/);
      assert.ok(!error.message.includes("very-secret"));
      return true;
    });
  });

  it("plugs into HttpClient as the credentials", async () => {
    const { fetch: tokenFetch } = scriptedFetch([
      { status: 200, body: { access_token: "oauth-token", expires_in: 3600 } },
    ]);
    const { http, calls } = client([{ status: 200, body: {} }], {
      credentials: new ClientCredentials({
        tokenUrl,
        clientId: "c",
        clientSecret: "s",
        fetch: tokenFetch,
      }),
    });
    await http.post("/x", {});
    await http.post("/x", {});
    assert.deepEqual(
      calls.map((call) => call.headers["authorization"]),
      ["Bearer oauth-token", "Bearer oauth-token"],
    );
  });
});
