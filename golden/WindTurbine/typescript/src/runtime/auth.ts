/**
 * Credentials: a token provider is anything with `getToken()`. `TokenAuth` wraps a fixed token
 * or a function; `ClientCredentials` runs the OAuth 2.0 client-credentials flow. A provider
 * that can renew its token has `invalidate()`: after a 401 the HTTP client calls it and retries
 * the request once with a fresh token.
 */

import { AuthenticationError, NetworkError } from "./errors.js";

/** Gives the bearer token for the next request. Implement it to plug in any auth library. */
export interface CredentialProvider {
  /** The token for the next request (called before every attempt). */
  getToken(): Promise<string>;
  /**
   * Forget a cached token, so the next `getToken()` gets a new one. The HTTP client calls it
   * when the API answers 401 and then retries the request once; a provider without it (a
   * fixed token) is not retried.
   */
  invalidate?(): void;
}

/**
 * A fixed token, or a function returning one (called before every request). With a function,
 * a 401 is retried once (the function is asked again); a fixed token is never retried.
 */
export class TokenAuth implements CredentialProvider {
  readonly #token: string | (() => string | Promise<string>);
  /** Present for a function: the function is asked again on the next request. */
  readonly invalidate?: () => void;

  constructor(token: string | (() => string | Promise<string>)) {
    this.#token = token;
    if (typeof token !== "string") {
      this.invalidate = () => undefined;
    }
  }

  async getToken(): Promise<string> {
    return typeof this.#token === "string" ? this.#token : await this.#token();
  }
}

/** Options of `ClientCredentials`. */
export interface ClientCredentialsOptions {
  /** The token endpoint, e.g. `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Scopes, e.g. `["https://api.cognitedata.com/.default"]`; sent space-separated. */
  scopes?: readonly string[];
  /** Sent as `audience` when given (some identity providers need it). */
  audience?: string;
  /** Refresh this long before the token expires; default 60 s. */
  refreshMarginMs?: number;
  /** The `fetch` to use (default: the platform's). */
  fetch?: typeof fetch;
  /** The clock in epoch milliseconds (default `Date.now`); for tests. */
  now?: () => number;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * OAuth 2.0 client credentials: POSTs the form to the token endpoint, caches the token, and
 * fetches a new one shortly before it expires. Concurrent callers share one request.
 */
export class ClientCredentials implements CredentialProvider {
  readonly #options: ClientCredentialsOptions;
  #cached: CachedToken | undefined;
  #pending: Promise<CachedToken> | undefined;

  constructor(options: ClientCredentialsOptions) {
    this.#options = options;
  }

  async getToken(): Promise<string> {
    const now = (this.#options.now ?? Date.now)();
    const margin = this.#options.refreshMarginMs ?? 60_000;
    if (this.#cached !== undefined && now < this.#cached.expiresAt - margin) {
      return this.#cached.token;
    }
    if (this.#pending === undefined) {
      this.#pending = this.#request().finally(() => {
        this.#pending = undefined;
      });
    }
    this.#cached = await this.#pending;
    return this.#cached.token;
  }

  /** Drop the cached token: the next `getToken()` asks the token endpoint again. */
  invalidate(): void {
    this.#cached = undefined;
  }

  async #request(): Promise<CachedToken> {
    const options = this.#options;
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: options.clientId,
      client_secret: options.clientSecret,
    });
    if (options.scopes !== undefined && options.scopes.length > 0) {
      form.set("scope", options.scopes.join(" "));
    }
    if (options.audience !== undefined) {
      form.set("audience", options.audience);
    }
    const started = (options.now ?? Date.now)();
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(options.tokenUrl, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: form.toString(),
      });
    } catch (error) {
      throw new NetworkError(
        `could not reach the token endpoint ${options.tokenUrl}`,
        {
          cause: error,
        },
      );
    }
    const body = (await response.json().catch(() => ({}))) as Record<
      string,
      unknown
    >;
    const token = body["access_token"];
    if (!response.ok || typeof token !== "string") {
      const reason =
        typeof body["error_description"] === "string"
          ? body["error_description"]
          : typeof body["error"] === "string"
            ? body["error"]
            : "no access_token in the response";
      throw new AuthenticationError({
        status: response.status,
        code: response.status,
        message: `token request for client ${options.clientId} failed: ${reason}`,
        requestId: response.headers.get("x-request-id") ?? undefined,
      });
    }
    const expiresIn = Number(body["expires_in"] ?? 3600);
    return { token, expiresAt: started + expiresIn * 1000 };
  }
}
