/**
 * The HTTP client on the platform `fetch` (Node >= 18, browsers): the project prefix,
 * authentication, timeouts and a per-attempt deadline, a bound on response size, retries with
 * exponential backoff and full jitter (honouring `Retry-After` and `cdf-is-auto-retryable`)
 * within a retry budget and a connect-failure budget, a limit on requests in flight and an
 * optional rate limit, gzip-compressed request bodies above a size, one retry with a renewed
 * token after a 401, and typed errors with secrets redacted.
 */

import type { CredentialProvider } from "./auth.js";
import {
  DEFAULT_GZIP_THRESHOLD,
  encodeJsonBody,
  type EncodedBody,
} from "./encoding.js";
import {
  AuthenticationError,
  ConnectionFailedError,
  NetworkError,
  PygenApiError,
  PygenError,
  RateLimitError,
  RequestTimeoutError,
  ResponseTooLargeError,
  type ApiErrorDetails,
} from "./errors.js";
import { TokenBucket } from "./rateLimit.js";
import { redactText } from "./redaction.js";

/** The `cdf-version` header sent with every request. */
export const API_VERSION = "20230101";

/** Status codes retried with backoff (as the Python client: 408, 429, 502, 503, 504). */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([
  408, 429, 502, 503, 504,
]);

/** Options of `HttpClient` (and of generated clients). */
export interface HttpClientOptions {
  /** The cluster URL, e.g. `https://api.cognitedata.com` or the local emulator. */
  baseUrl: string;
  /** The CDF project. */
  project: string;
  /** Where bearer tokens come from: `TokenAuth`, `ClientCredentials` or your own. */
  credentials: CredentialProvider;
  /**
   * Abort an attempt when the response has not started, or its body has gone silent, for
   * this long; default 60 s (at most `requestDeadlineMs`).
   */
  timeoutMs?: number;
  /** One attempt, from sending to the last byte of the body, may take this long; default 120 s. */
  requestDeadlineMs?: number;
  /** Retries after the first attempt; default 10. */
  maxRetries?: number;
  /** No retry is started when its wait would end more than this after the call began; default 120 s. */
  retryBudgetMs?: number;
  /**
   * Failed connections (`fetch` rejecting before any response) are retried only while the run
   * of failures plus the next wait stays within this; default 5 s.
   */
  connectRetryBudgetMs?: number;
  /** The most bytes a response body may have; default 256 MiB. A larger one is never retried. */
  maxResponseBytes?: number;
  /** The first backoff step; default 500 ms (doubling each retry). */
  backoffBaseMs?: number;
  /** No wait (backoff or `Retry-After`) is longer than this; default 60 s. */
  maxRetryDelayMs?: number;
  /** Requests in flight at once; default 4 (the API answers 429 beyond its concurrency). */
  maxConcurrency?: number;
  /**
   * JSON bodies larger than this many bytes are sent gzip-compressed
   * (`Content-Encoding: gzip`); default 1,024; `null` never compresses.
   */
  gzipThresholdBytes?: number | null;
  /** At most this many requests (attempts) per second; default unlimited. */
  rateLimit?: number;
  /** Sent as `x-cdp-app`. */
  clientName?: string;
  /** The `fetch` to use (default: the platform's); wrap it to observe or fake requests. */
  fetch?: typeof fetch;
  /** How to wait between attempts (default: `setTimeout`); for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for the jitter (default `Math.random`); for tests. */
  random?: () => number;
  /** The clock in epoch milliseconds that times the budgets (default `Date.now`); for tests. */
  now?: () => number;
}

/** The settings in effect, defaults filled in. */
interface Settings {
  timeoutMs: number;
  requestDeadlineMs: number;
  maxRetries: number;
  retryBudgetMs: number;
  connectRetryBudgetMs: number;
  maxResponseBytes: number;
  backoffBaseMs: number;
  maxRetryDelayMs: number;
  maxConcurrency: number;
}

/** Each numeric setting: its default and the smallest value allowed. */
const SETTINGS: Readonly<Record<keyof Settings, readonly [number, number]>> = {
  timeoutMs: [60_000, 1],
  requestDeadlineMs: [120_000, 1],
  maxRetries: [10, 0],
  retryBudgetMs: [120_000, 0],
  connectRetryBudgetMs: [5_000, 0],
  maxResponseBytes: [256 * 1024 * 1024, 1],
  backoffBaseMs: [500, 0],
  maxRetryDelayMs: [60_000, 0],
  maxConcurrency: [4, 1],
};

/** The settings of `options`, checked. @throws RangeError naming a setting out of range. */
function settingsOf(options: HttpClientOptions): Settings {
  const settings = {} as Settings;
  for (const [name, [fallback, low]] of Object.entries(SETTINGS) as [
    keyof Settings,
    readonly [number, number],
  ][]) {
    const value = options[name] ?? fallback;
    if (typeof value !== "number" || !Number.isFinite(value) || value < low) {
      throw new RangeError(
        `HttpClient option ${name} must be a finite number >= ${low}, got ${String(value)}`,
      );
    }
    settings[name] = value;
  }
  settings.timeoutMs = Math.min(settings.timeoutMs, settings.requestDeadlineMs);
  return settings;
}

/** A small counting semaphore: at most `limit` holders at once, first come first served. */
export class Semaphore {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(
        `the concurrency limit must be a positive integer, got ${limit}`,
      );
    }
    this.#limit = limit;
  }

  /** Run `task` once a slot is free, and free the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#limit) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#active++;
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) {
        this.#active--;
      } else {
        next();
      }
    }
  }
}

/** A response and its whole body. */
interface Answer {
  response: Response;
  text: string;
}

/** Why an attempt got no complete answer. */
type FailureKind = "connect" | "network" | "timeout" | "tooLarge" | "fatal";

/** An attempt that got no complete answer: what went wrong, and the underlying error. */
class AttemptFailure {
  constructor(
    readonly kind: FailureKind,
    readonly reason: string,
    readonly cause: unknown,
  ) {}
}

/** Error codes (Node's `fetch`) of a connection that could not be opened; retried. */
const CONNECT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Error codes retrying cannot fix: a host that does not exist, a failed TLS handshake. */
const FATAL_CODES =
  /^(ENOTFOUND|ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;

/** The `code` of `error` or of an error in its `cause` chain. */
function errorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (
    let current = error;
    typeof current === "object" && current !== null && !seen.has(current);
    current = (current as { cause?: unknown }).cause
  ) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") {
      return code;
    }
  }
  return undefined;
}

/**
 * How a `fetch` that rejected before any response counts: a host that does not exist or a
 * failed TLS handshake is fatal; a refused, unreachable or timed-out connection, and a
 * rejection without a code (browsers tell nothing more), is a connect failure; anything else
 * (a connection reset) a network failure.
 */
function fetchFailureKind(error: unknown): FailureKind {
  const code = errorCode(error);
  if (code === undefined) {
    return "connect";
  }
  if (FATAL_CODES.test(code)) {
    return "fatal";
  }
  return CONNECT_CODES.has(code) ? "connect" : "network";
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Sends requests to `{baseUrl}/api/v1/projects/{project}` and decodes the JSON answers. */
export class HttpClient {
  /** `{baseUrl}/api/v1/projects/{project}`. */
  readonly projectUrl: string;
  readonly #options: HttpClientOptions;
  readonly #settings: Settings;
  readonly #semaphore: Semaphore;
  readonly #gzipThreshold: number | null;
  readonly #bucket: TokenBucket | undefined;

  /** @throws RangeError when a numeric option is out of range (the message names it). */
  constructor(options: HttpClientOptions) {
    this.#options = options;
    this.#settings = settingsOf(options);
    const gzip = options.gzipThresholdBytes;
    if (
      gzip !== undefined &&
      gzip !== null &&
      !(gzip >= 0 && gzip < Infinity)
    ) {
      throw new RangeError(
        `HttpClient option gzipThresholdBytes must be a finite number >= 0 or null, got ${String(gzip)}`,
      );
    }
    this.#gzipThreshold = gzip === undefined ? DEFAULT_GZIP_THRESHOLD : gzip;
    this.#bucket =
      options.rateLimit === undefined
        ? undefined
        : new TokenBucket(options.rateLimit, 1, options.now ?? Date.now);
    const base = options.baseUrl.replace(/\/+$/, "");
    this.projectUrl = `${base}/api/v1/projects/${encodeURIComponent(options.project)}`;
    this.#semaphore = new Semaphore(this.#settings.maxConcurrency);
  }

  /** POST `body` as JSON to `path` (relative to the project) and decode the answer. */
  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("POST", path, body);
  }

  /** GET `path` (relative to the project) and decode the answer. */
  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }

  /**
   * Send a request, retrying 408, 429, 502, 503, 504, responses marked auto-retryable,
   * network errors and timeouts, while `maxRetries`, `retryBudgetMs` and (for failed
   * connections) `connectRetryBudgetMs` allow.
   *
   * @throws AuthenticationError on 403, and on 401 (retried once after
   *   `credentials.invalidate()` when the provider has it).
   * @throws RateLimitError when the API still answers 429 after the retries.
   * @throws PygenApiError on any other error status.
   * @throws ResponseTooLargeError when the body exceeds `maxResponseBytes` (never retried).
   * @throws RequestTimeoutError / ConnectionFailedError / NetworkError when no attempt got an answer.
   */
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.#semaphore.run(() => this.#send<T>(method, path, body));
  }

  async #send<T>(method: string, path: string, body: unknown): Promise<T> {
    const now = this.#options.now ?? Date.now;
    const request = `${method} ${path}`;
    const payload =
      body === undefined
        ? undefined
        : await encodeJsonBody(body, this.#gzipThreshold);
    const credentials = this.#options.credentials;
    const started = now();
    let connectStarted: number | undefined = undefined;
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      await this.#throttle();
      const token = await credentials.getToken();
      const attemptStarted = now();
      const answer = await this.#attempt(method, path, payload, token);
      if (answer instanceof AttemptFailure) {
        const reason = redactText(answer.reason, [token]);
        if (answer.kind === "tooLarge" || answer.kind === "fatal") {
          throw failureError(
            answer.kind,
            `${request}: ${reason}`,
            answer.cause,
          );
        }
        connectStarted =
          answer.kind === "connect"
            ? (connectStarted ?? attemptStarted)
            : undefined;
        const note = await this.#retry(
          attempt,
          now() - started,
          this.#backoff(attempt),
          connectStarted === undefined ? undefined : now() - connectStarted,
        );
        if (note === undefined) {
          continue;
        }
        throw failureError(
          answer.kind,
          `${request}: ${reason}; ${note}`,
          answer.cause,
        );
      }
      connectStarted = undefined;
      const { response, text } = answer;
      if (response.ok) {
        return parseBody<T>(text, request);
      }
      if (
        response.status === 401 &&
        !renewed &&
        typeof credentials.invalidate === "function"
      ) {
        renewed = true;
        credentials.invalidate();
        attempt--; // a renewal is not a retry: it spends no retry or backoff step
        continue;
      }
      if (!isRetryable(response, text)) {
        throw errorFrom(response, text, token);
      }
      const retryAfter = parseRetryAfter(
        response.headers.get("retry-after"),
        Date.now(),
      );
      const note = await this.#retry(
        attempt,
        now() - started,
        Math.min(
          retryAfter ?? this.#backoff(attempt),
          this.#settings.maxRetryDelayMs,
        ),
      );
      if (note !== undefined) {
        throw errorFrom(response, text, token, note);
      }
    }
  }

  /**
   * Wait `wait` ms before the next attempt and return `undefined`; or, when a limit forbids
   * that retry, return why the call ends (the attempts, the time spent, the setting to raise).
   */
  async #retry(
    attempt: number,
    elapsed: number,
    wait: number,
    connectElapsed?: number,
  ): Promise<string | undefined> {
    const limit = this.#blockingLimit(attempt, elapsed, wait, connectElapsed);
    if (limit !== undefined) {
      return giveUpNote(attempt + 1, elapsed, wait, limit, this.#settings);
    }
    await this.#wait(wait);
    return undefined;
  }

  /** The setting that forbids another retry, or `undefined` when one may be made. */
  #blockingLimit(
    retries: number,
    elapsed: number,
    wait: number,
    connectElapsed?: number,
  ): keyof Settings | undefined {
    const settings = this.#settings;
    if (retries >= settings.maxRetries) {
      return "maxRetries";
    }
    if (
      connectElapsed !== undefined &&
      connectElapsed + wait > settings.connectRetryBudgetMs
    ) {
      return "connectRetryBudgetMs";
    }
    if (elapsed + wait > settings.retryBudgetMs) {
      return "retryBudgetMs";
    }
    return undefined;
  }

  /**
   * One attempt: the response and its whole body within the timeout and the deadline, and
   * within `maxResponseBytes`; or why there is none.
   */
  async #attempt(
    method: string,
    path: string,
    payload: EncodedBody | undefined,
    token: string,
  ): Promise<Answer | AttemptFailure> {
    const options = this.#options;
    const settings = this.#settings;
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      "cdf-version": API_VERSION,
      accept: "application/json",
      "x-cdp-sdk": "CognitePygenTS:0.1.0",
    };
    if (payload !== undefined) {
      Object.assign(headers, payload.headers);
    }
    if (options.clientName !== undefined) {
      headers["x-cdp-app"] = options.clientName;
    }
    const controller = new AbortController();
    const init: RequestInit = { method, headers, signal: controller.signal };
    if (payload !== undefined) {
      init.body = payload.body;
    }
    let expired: string | undefined = undefined;
    const expire = (reason: string) => () => {
      expired = reason;
      controller.abort();
    };
    const idle = `no answer for ${settings.timeoutMs} ms (timeoutMs)`;
    let idleTimer = setTimeout(expire(idle), settings.timeoutMs);
    const deadline = setTimeout(
      expire(
        `the answer took longer than ${settings.requestDeadlineMs} ms (requestDeadlineMs)`,
      ),
      settings.requestDeadlineMs,
    );
    const alive = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(expire(idle), settings.timeoutMs);
    };
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(
        `${this.projectUrl}${path}`,
        init,
      );
    } catch (error) {
      clearTimeout(idleTimer);
      clearTimeout(deadline);
      if (expired !== undefined) {
        return new AttemptFailure("timeout", expired, error);
      }
      const kind = fetchFailureKind(error);
      const what = kind === "connect" ? "could not connect" : "failed";
      return new AttemptFailure(kind, `${what} (${describe(error)})`, error);
    }
    try {
      alive();
      const text = await readBounded(
        response,
        settings.maxResponseBytes,
        alive,
        controller.signal,
      );
      return typeof text === "string"
        ? { response, text }
        : new AttemptFailure("tooLarge", text.reason, undefined);
    } catch (error) {
      if (expired !== undefined) {
        return new AttemptFailure("timeout", expired, error);
      }
      return new AttemptFailure(
        "network",
        `reading the response failed (${describe(error)})`,
        error,
      );
    } finally {
      clearTimeout(idleTimer);
      clearTimeout(deadline);
    }
  }

  /** Wait for the rate limit (`rateLimit`), if any. */
  async #throttle(): Promise<void> {
    const wait = this.#bucket?.reserve() ?? 0;
    if (wait > 0) {
      await (this.#options.sleep ?? defaultSleep)(wait);
    }
  }

  #backoff(attempt: number): number {
    const settings = this.#settings;
    const ceiling = Math.min(
      settings.maxRetryDelayMs,
      settings.backoffBaseMs * 2 ** Math.min(attempt, 30),
    );
    return (this.#options.random ?? Math.random)() * ceiling;
  }

  #wait(ms: number): Promise<void> {
    const capped = Math.min(Math.max(ms, 0), this.#settings.maxRetryDelayMs);
    return (this.#options.sleep ?? defaultSleep)(capped);
  }
}

/**
 * The body of `response` as text, read a chunk at a time and stopped as soon as it exceeds
 * `limit` bytes (a `Content-Length` over it stops it before reading). `alive` is called per chunk.
 */
async function readBounded(
  response: Response,
  limit: number,
  alive: () => void,
  signal: AbortSignal,
): Promise<string | { reason: string }> {
  const tooLarge = (size: string) => ({
    reason: `the response body is larger than ${limit} bytes (${size}; maxResponseBytes)`,
  });
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    return tooLarge(`Content-Length ${declared}`);
  }
  if (response.body === null) {
    return "";
  }
  const reader = response.body.getReader();
  // A fetch that does not end its body on abort (a wrapper, a fake) still stops here.
  const stop = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener("abort", stop, { once: true });
  try {
    return await readAll(reader, limit, alive, signal, tooLarge);
  } finally {
    signal.removeEventListener("abort", stop);
  }
}

/** Read `reader` to the end, stopping past `limit` bytes or when `signal` aborts. */
async function readAll(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number,
  alive: () => void,
  signal: AbortSignal,
  tooLarge: (size: string) => { reason: string },
): Promise<string | { reason: string }> {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (signal.aborted) {
      throw new Error("the attempt was aborted while reading the body");
    }
    if (done) {
      break;
    }
    alive();
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return tooLarge(`${size} bytes read when reading stopped`);
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join("");
}

/** True for a status in `RETRY_STATUSES` or a response CDF marks auto-retryable. */
function isRetryable(response: Response, text: string): boolean {
  if (RETRY_STATUSES.has(response.status)) {
    return true;
  }
  const marker = response.headers.get("cdf-is-auto-retryable") ?? "";
  if (["1", "true", "yes"].includes(marker.trim().toLowerCase())) {
    return true;
  }
  try {
    const error = (
      JSON.parse(text) as { error?: { isAutoRetryable?: unknown } }
    ).error;
    return error?.isAutoRetryable === true;
  } catch {
    return false;
  }
}

/** Why the call ends: the attempts, the time spent and the setting to raise. */
function giveUpNote(
  attempts: number,
  elapsed: number,
  wait: number,
  limit: keyof Settings,
  settings: Settings,
): string {
  const spent = `gave up after ${attempts} attempt(s) in ${seconds(elapsed)}`;
  if (limit === "maxRetries") {
    return `${spent} (maxRetries=${settings.maxRetries})`;
  }
  return (
    `${spent}; the next retry, after a ${seconds(wait)} wait, would pass ` +
    `${limit}=${settings[limit]}; raise ${limit} to keep trying longer`
  );
}

/** The error of an attempt that got no complete answer. */
function failureError(
  kind: FailureKind,
  message: string,
  cause: unknown,
): NetworkError {
  const options = { cause };
  switch (kind) {
    case "timeout":
      return new RequestTimeoutError(message, options);
    case "tooLarge":
      return new ResponseTooLargeError(message, options);
    case "connect":
    case "fatal":
      return new ConnectionFailedError(message, options);
    case "network":
      return new NetworkError(message, options);
  }
}

/**
 * The wait a `Retry-After` header asks for, in milliseconds: delay seconds or an HTTP date.
 * `undefined` when the header is absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null,
  now: number,
): number | undefined {
  if (value === null || value.trim() === "") {
    return undefined;
  }
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    return Number(text) * 1000;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function parseBody<T>(text: string, request: string): T {
  try {
    return (text === "" ? {} : JSON.parse(text)) as T;
  } catch (error) {
    throw new PygenError(`${request}: the response is not JSON`, {
      cause: error,
    });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause =
      error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}

/**
 * The typed error of a failed response; the token and anything shaped like a credential are
 * redacted from the message and the request id.
 */
function errorFrom(
  response: Response,
  text: string,
  token: string,
  note?: string,
): PygenApiError {
  let error: unknown = undefined;
  try {
    error = (JSON.parse(text) as { error?: unknown }).error;
  } catch {
    error = undefined;
  }
  const details: ApiErrorDetails = {
    status: response.status,
    code: response.status,
    message:
      text === ""
        ? response.statusText || "no response body"
        : text.slice(0, 1000),
  };
  const requestId = response.headers.get("x-request-id");
  if (requestId !== null) {
    details.requestId = redactText(requestId, [token]);
  }
  if (typeof error === "string") {
    details.message = error;
  } else if (typeof error === "object" && error !== null) {
    const fields = error as Record<string, unknown>;
    if (typeof fields["message"] === "string") {
      details.message = fields["message"];
    }
    if (typeof fields["code"] === "number") {
      details.code = fields["code"];
    }
    if (Array.isArray(fields["missing"])) {
      details.missing = fields["missing"];
    }
    if (Array.isArray(fields["duplicated"])) {
      details.duplicated = fields["duplicated"];
    }
  }
  details.message = redactText(details.message, [token]);
  if (note !== undefined) {
    details.message = `${details.message}; ${note}`;
  }
  if (response.status === 401 || response.status === 403) {
    return new AuthenticationError(details);
  }
  if (response.status === 429) {
    return new RateLimitError(details);
  }
  return new PygenApiError(details);
}
