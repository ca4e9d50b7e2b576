// The HTTP client's gzip bodies, token renewal after 401 and rate limiting, against a small
// local fault-injecting HTTP server (node:http) and, for gzip, the emulator (CDF_BASE_URL ...).

import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";

import {
  AuthenticationError,
  ClientCredentials,
  ExampleModelClient,
  HttpClient,
  RateLimitError,
  TokenAuth,
  type CredentialProvider,
  type HttpClientOptions,
} from "../../../golden/example/typescript/src/index.js";

/** What the server saw of one request. */
interface Seen {
  path: string;
  headers: IncomingMessage["headers"];
  /** The body as sent (bytes). */
  raw: Buffer;
  /** The JSON body, inflated when gzip-compressed. */
  body: unknown;
}

/** What the server answers: a status, headers and a JSON body. */
interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

type Handler = (seen: Seen) => Reply;

/** A local HTTP server answering each request with the current handler. */
class FaultServer {
  readonly seen: Seen[] = [];
  handler: Handler = () => ({ status: 200, body: {} });
  #server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks);
      const gzip = request.headers["content-encoding"] === "gzip";
      const text = (gzip ? gunzipSync(raw) : raw).toString("utf8");
      const form = request.headers["content-type"]?.startsWith(
        "application/x-www-form-urlencoded",
      );
      const seen: Seen = {
        path: request.url ?? "",
        headers: request.headers,
        raw,
        body: text === "" ? undefined : form ? text : JSON.parse(text),
      };
      this.seen.push(seen);
      const reply = this.handler(seen);
      response.writeHead(reply.status, {
        "content-type": "application/json",
        ...reply.headers,
      });
      response.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
    });
  });

  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  start(): Promise<void> {
    return new Promise((resolve) =>
      this.#server.listen(0, "127.0.0.1", resolve),
    );
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  reset(handler: Handler): void {
    this.seen.length = 0;
    this.handler = handler;
  }

  /** The requests to the API (not to the token endpoint). */
  api(): Seen[] {
    return this.seen.filter((seen) => seen.path.startsWith("/api/"));
  }
}

const server = new FaultServer();
before(() => server.start());
after(() => server.stop());

function http(
  credentials: CredentialProvider,
  options: Partial<HttpClientOptions> = {},
): { client: HttpClient; delays: number[] } {
  const delays: number[] = [];
  let clock = 0;
  const client = new HttpClient({
    baseUrl: server.url,
    project: "p",
    credentials,
    random: () => 0.5,
    now: () => clock,
    sleep: async (ms) => {
      delays.push(ms);
      clock += ms;
    },
    ...options,
  });
  return { client, delays };
}

const big = { items: Array.from({ length: 200 }, (_, i) => ({ n: i })) };

describe("gzip request bodies", () => {
  it("compresses a JSON body above 1,024 bytes, not one below", async () => {
    server.reset(() => ({ status: 200, body: { ok: true } }));
    const { client } = http(new TokenAuth("t"));
    assert.deepEqual(await client.post("/big", big), { ok: true });
    await client.post("/small", { limit: 1 });
    const [large, small] = server.api();
    assert.equal(large!.headers["content-encoding"], "gzip");
    assert.deepEqual(large!.body, big, "the server inflates what was sent");
    assert.ok(large!.raw.length < JSON.stringify(big).length / 2);
    assert.equal(small!.headers["content-encoding"], undefined);
    assert.deepEqual(small!.body, { limit: 1 });
  });

  it("follows gzipThresholdBytes; null never compresses", async () => {
    server.reset(() => ({ status: 200, body: {} }));
    await http(new TokenAuth("t"), { gzipThresholdBytes: 5 }).client.post(
      "/a",
      { limit: 10 },
    );
    await http(new TokenAuth("t"), { gzipThresholdBytes: null }).client.post(
      "/b",
      big,
    );
    const [small, large] = server.api();
    assert.equal(small!.headers["content-encoding"], "gzip");
    assert.equal(large!.headers["content-encoding"], undefined);
    assert.throws(
      () => http(new TokenAuth("t"), { gzipThresholdBytes: -1 }),
      /gzipThresholdBytes must be a finite number >= 0 or null/,
    );
  });

  it("the emulator stores what a compressed upsert sent", async () => {
    const sent: (string | null)[] = [];
    const client = new ExampleModelClient({
      baseUrl: process.env["CDF_BASE_URL"] ?? "",
      project: process.env["CDF_PROJECT"] ?? "",
      credentials: new TokenAuth(process.env["CDF_TOKEN"] ?? ""),
      instanceSpace: "ts_gzip",
      fetch: (input, init) => {
        sent.push(new Headers(init?.headers).get("content-encoding"));
        return fetch(input, init);
      },
    });
    await client.instances.http.post("/models/spaces", {
      items: [{ space: "ts_gzip" }],
    });
    const sites = Array.from({ length: 50 }, (_, i) => ({
      externalId: `gz-${i}`,
      name: `Site ${"x".repeat(40)} ${i}`,
      code: `GZ-${i}`,
    }));
    await client.site.upsert(sites);
    assert.ok(sent.includes("gzip"), `encodings sent: ${sent.join(", ")}`);
    const back = await client.site.retrieve(["gz-0", "gz-49"]);
    assert.deepEqual(
      back.map((site) => site.name),
      [sites[0]!.name, sites[49]!.name],
    );
  });
});

describe("401: renew the token once and retry", () => {
  function tokens(): Handler {
    let issued = 0;
    return (seen) => {
      if (seen.path === "/token") {
        issued++;
        return {
          status: 200,
          body: { access_token: `token-${issued}`, expires_in: 3600 },
        };
      }
      return seen.headers["authorization"] === "Bearer token-1"
        ? { status: 401, body: { error: { code: 401, message: "expired" } } }
        : { status: 200, body: { ok: seen.headers["authorization"] } };
    };
  }

  it("ClientCredentials: a fresh token after a 401, then success", async () => {
    server.reset(tokens());
    const credentials = new ClientCredentials({
      tokenUrl: `${server.url}/token`,
      clientId: "id",
      clientSecret: "secret",
    });
    const { client, delays } = http(credentials, { maxRetries: 0 });
    assert.deepEqual(await client.post("/x", {}), { ok: "Bearer token-2" });
    assert.deepEqual(
      server.seen.map((seen) => seen.path),
      ["/token", "/api/v1/projects/p/x", "/token", "/api/v1/projects/p/x"],
    );
    assert.deepEqual(delays, [], "no backoff, and no retry spent");
  });

  it("only once: a second 401 is an AuthenticationError without the token", async () => {
    server.reset((seen) =>
      seen.path === "/token"
        ? { status: 200, body: { access_token: "tok-secret-1" } }
        : { status: 401, body: { error: { code: 401, message: "no" } } },
    );
    const credentials = new ClientCredentials({
      tokenUrl: `${server.url}/token`,
      clientId: "id",
      clientSecret: "secret",
    });
    const error = await http(credentials)
      .client.post("/x", {})
      .catch((caught: unknown) => caught);
    assert.ok(AuthenticationError.is(error));
    assert.doesNotMatch(error.message, /tok-secret/);
    assert.equal(server.api().length, 2);
  });

  it("a token function is asked again; a fixed token is not retried", async () => {
    server.reset(tokens());
    let calls = 0;
    const renewing = new TokenAuth(() => `token-${++calls}`);
    assert.deepEqual(await http(renewing).client.post("/x", {}), {
      ok: "Bearer token-2",
    });
    server.reset(tokens());
    await assert.rejects(
      http(new TokenAuth("token-1")).client.post("/x", {}),
      (error: unknown) => AuthenticationError.is(error),
    );
    assert.equal(server.api().length, 1);
  });
});

describe("rate limiting", () => {
  it("429 waits Retry-After, then succeeds", async () => {
    let count = 0;
    server.reset(() =>
      ++count <= 2
        ? { status: 429, headers: { "retry-after": "2" } }
        : { status: 200, body: { ok: true } },
    );
    const { client, delays } = http(new TokenAuth("t"));
    assert.deepEqual(await client.post("/x", {}), { ok: true });
    assert.deepEqual(delays, [2000, 2000]);
    assert.equal(server.api().length, 3);
  });

  it("429 is retried at most maxRetries times, then a RateLimitError", async () => {
    server.reset(() => ({
      status: 429,
      headers: { "retry-after": "1" },
      body: { error: { code: 429, message: "slow down" } },
    }));
    const { client, delays } = http(new TokenAuth("t"), { maxRetries: 3 });
    const error = await client
      .post("/x", {})
      .catch((caught: unknown) => caught);
    assert.ok(RateLimitError.is(error));
    assert.match(error.message, /slow down; gave up after 4 attempt\(s\)/);
    assert.match(error.message, /maxRetries=3/);
    assert.equal(server.api().length, 4);
    assert.deepEqual(delays, [1000, 1000, 1000]);
  });

  it("rateLimit spaces requests to at most that many per second", async () => {
    server.reset(() => ({ status: 200, body: {} }));
    const { client, delays } = http(new TokenAuth("t"), { rateLimit: 20 });
    for (let i = 0; i < 5; i++) {
      await client.post("/x", {});
    }
    assert.deepEqual(delays, [50, 50, 50, 50], "one request per 50 ms");
    assert.equal(server.api().length, 5);
    assert.throws(
      () => http(new TokenAuth("t"), { rateLimit: 0 }),
      /rateLimit must be a finite number > 0/,
    );
  });

  it("rateLimit holds in real time, across concurrent requests", async () => {
    server.reset(() => ({ status: 200, body: {} }));
    const client = new HttpClient({
      baseUrl: server.url,
      project: "p",
      credentials: new TokenAuth("t"),
      rateLimit: 50,
    });
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => client.post("/x", {})));
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 95, `6 requests at 50/s took ${elapsed} ms`);
  });
});
