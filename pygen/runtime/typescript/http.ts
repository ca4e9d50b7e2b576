/**
 * The HTTP client on the platform `fetch` (Node >= 18, browsers): the project prefix,
 * authentication, timeouts, retries with exponential backoff and full jitter (honouring
 * `Retry-After`), a limit on requests in flight, and typed errors.
 */

import type { CredentialProvider } from "./auth.js";
import {
  AuthenticationError,
  NetworkError,
  PygenApiError,
  PygenError,
  RateLimitError,
  RequestTimeoutError,
  type ApiErrorDetails,
} from "./errors.js";

/** The `cdf-version` header sent with every request. */
export const API_VERSION = "20230101";

/** Status codes retried with backoff. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([
  429, 502, 503, 504,
]);

/** Options of `HttpClient` (and of generated clients). */
export interface HttpClientOptions {
  /** The cluster URL, e.g. `https://api.cognitedata.com` or the local emulator. */
  baseUrl: string;
  /** The CDF project. */
  project: string;
  /** Where bearer tokens come from: `TokenAuth`, `ClientCredentials` or your own. */
  credentials: CredentialProvider;
  /** Abort an attempt after this long; default 60 s. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 10. */
  maxRetries?: number;
  /** The first backoff step; default 500 ms (doubling each retry). */
  backoffBaseMs?: number;
  /** No wait (backoff or `Retry-After`) is longer than this; default 60 s. */
  maxRetryDelayMs?: number;
  /** Requests in flight at once; default 4 (the API answers 429 beyond its concurrency). */
  maxConcurrency?: number;
  /** Sent as `x-cdp-app`. */
  clientName?: string;
  /** The `fetch` to use (default: the platform's); wrap it to observe or fake requests. */
  fetch?: typeof fetch;
  /** How to wait between attempts (default: `setTimeout`); for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for the jitter (default `Math.random`); for tests. */
  random?: () => number;
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

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sends requests to `{baseUrl}/api/v1/projects/{project}` and decodes the JSON answers. */
export class HttpClient {
  /** `{baseUrl}/api/v1/projects/{project}`. */
  readonly projectUrl: string;
  readonly #options: HttpClientOptions;
  readonly #semaphore: Semaphore;

  constructor(options: HttpClientOptions) {
    this.#options = options;
    const base = options.baseUrl.replace(/\/+$/, "");
    this.projectUrl = `${base}/api/v1/projects/${encodeURIComponent(options.project)}`;
    this.#semaphore = new Semaphore(options.maxConcurrency ?? 4);
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
   * Send a request, retrying 429, 502, 503, 504, network errors and timeouts.
   *
   * @throws AuthenticationError on 401 and 403 (never retried).
   * @throws RateLimitError when the API still answers 429 after every retry.
   * @throws PygenApiError on any other error status.
   * @throws RequestTimeoutError / NetworkError when no attempt got an answer.
   */
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.#semaphore.run(() => this.#send<T>(method, path, body));
  }

  async #send<T>(method: string, path: string, body: unknown): Promise<T> {
    const options = this.#options;
    const maxRetries = options.maxRetries ?? 10;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      const token = await options.credentials.getToken();
      let answer: Answer;
      try {
        answer = await this.#attempt(method, path, payload, token);
      } catch (error) {
        if (attempt >= maxRetries) {
          throw error;
        }
        await this.#wait(this.#backoff(attempt));
        continue;
      }
      const { response, text } = answer;
      if (response.ok) {
        return parseBody<T>(text, `${method} ${path}`);
      }
      if (RETRY_STATUSES.has(response.status) && attempt < maxRetries) {
        const retryAfter = parseRetryAfter(
          response.headers.get("retry-after"),
          Date.now(),
        );
        await this.#wait(retryAfter ?? this.#backoff(attempt));
        continue;
      }
      throw errorFrom(response, text, token);
    }
  }

  /** One attempt: the response and its body, both within the timeout. */
  async #attempt(
    method: string,
    path: string,
    payload: string | undefined,
    token: string,
  ): Promise<Answer> {
    const options = this.#options;
    const timeoutMs = options.timeoutMs ?? 60_000;
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      "cdf-version": API_VERSION,
      accept: "application/json",
      "x-cdp-sdk": "CognitePygenTS:0.1.0",
    };
    if (payload !== undefined) {
      headers["content-type"] = "application/json";
    }
    if (options.clientName !== undefined) {
      headers["x-cdp-app"] = options.clientName;
    }
    const controller = new AbortController();
    const init: RequestInit = { method, headers, signal: controller.signal };
    if (payload !== undefined) {
      init.body = payload;
    }
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await (options.fetch ?? fetch)(
        `${this.projectUrl}${path}`,
        init,
      );
      return { response, text: await response.text() };
    } catch (error) {
      if (controller.signal.aborted) {
        throw new RequestTimeoutError(
          `${method} ${path} timed out after ${timeoutMs} ms`,
          { cause: error },
        );
      }
      throw new NetworkError(`${method} ${path} failed: ${describe(error)}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  #backoff(attempt: number): number {
    const options = this.#options;
    const ceiling = Math.min(
      options.maxRetryDelayMs ?? 60_000,
      (options.backoffBaseMs ?? 500) * 2 ** attempt,
    );
    return (options.random ?? Math.random)() * ceiling;
  }

  #wait(ms: number): Promise<void> {
    const capped = Math.min(
      Math.max(ms, 0),
      this.#options.maxRetryDelayMs ?? 60_000,
    );
    return (this.#options.sleep ?? defaultSleep)(capped);
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

/** The typed error of a failed response; the token never appears in the message. */
function errorFrom(
  response: Response,
  text: string,
  token: string,
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
    requestId: response.headers.get("x-request-id") ?? undefined,
  };
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
  if (token !== "") {
    details.message = details.message.split(token).join("***");
  }
  if (response.status === 401 || response.status === 403) {
    return new AuthenticationError(details);
  }
  if (response.status === 429) {
    return new RateLimitError(details);
  }
  return new PygenApiError(details);
}
