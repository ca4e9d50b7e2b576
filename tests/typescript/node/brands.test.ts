// Error brands: errors are recognised by `X.is(error)` across two copies of the runtime (two
// SDKs in one app), where `instanceof` only knows its own copy.

import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

import * as Runtime from "../../../pygen/runtime/typescript/index.js";
import { scriptedFetch } from "./fakes.js";

type RuntimeModule = typeof Runtime;

/** An `HttpClient` of `runtime` whose server answers every request with `status`. */
function failingClient(runtime: RuntimeModule, status: number) {
  const { fetch } = scriptedFetch([
    { status, body: { error: { code: status, message: "no" } } },
  ]);
  return new runtime.HttpClient({
    baseUrl: "http://fake",
    project: "p",
    credentials: new runtime.TokenAuth("t0ken"),
    fetch,
    maxRetries: 0,
  });
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("error brands across two copies of the runtime", () => {
  let folder = "";
  let Other: RuntimeModule;

  before(async () => {
    // The compiled runtime, copied to a second folder: a second, separate set of classes.
    const compiled = fileURLToPath(
      new URL("../../../pygen/runtime/typescript/", import.meta.url),
    );
    folder = mkdtempSync(join(tmpdir(), "pygen-runtime-copy-"));
    cpSync(compiled, folder, { recursive: true });
    writeFileSync(join(folder, "package.json"), '{ "type": "module" }\n');
    Other = (await import(
      pathToFileURL(join(folder, "index.js")).href
    )) as RuntimeModule;
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  it("loads a really separate copy", () => {
    assert.notEqual(Other.PygenApiError, Runtime.PygenApiError);
    assert.equal(Other.ERROR_BRAND, Runtime.ERROR_BRAND);
  });

  it("recognises an error of this copy with the other copy's guards", async () => {
    const error = await thrown(failingClient(Runtime, 401).post("/x", {}));
    if (Other.PygenApiError.is(error)) {
      assert.equal(error.status, 401); // the guard narrows the type
    } else {
      assert.fail("not recognised");
    }
    assert.ok(error instanceof Runtime.AuthenticationError);
    assert.ok(!(error instanceof Other.PygenApiError)); // what the brand is for
    assert.ok(Other.AuthenticationError.is(error));
    assert.ok(Other.PygenApiError.is(error));
    assert.ok(Other.PygenError.is(error));
    assert.ok(!Other.RateLimitError.is(error));
    assert.ok(!Other.NetworkError.is(error));
    assert.ok(!Other.InstanceOperationError.is(error));
  });

  it("recognises an error of the other copy with this copy's guards", async () => {
    const error = await thrown(failingClient(Other, 429).post("/x", {}));
    assert.ok(!(error instanceof Runtime.PygenError));
    assert.ok(Runtime.RateLimitError.is(error));
    assert.ok(Runtime.PygenApiError.is(error));
    assert.ok(!Runtime.AuthenticationError.is(error));
    const network = await thrown(
      new Other.HttpClient({
        baseUrl: "http://fake",
        project: "p",
        credentials: new Other.TokenAuth("t0ken"),
        fetch: scriptedFetch([{ error: new TypeError("fetch failed") }]).fetch,
        maxRetries: 0,
      }).post("/x", {}),
    );
    assert.ok(Runtime.NetworkError.is(network));
    assert.ok(Runtime.ConnectionFailedError.is(network));
    assert.ok(!Runtime.RequestTimeoutError.is(network));
    assert.ok(!Runtime.PygenApiError.is(network));
  });

  it("carries a stable kind and name, whatever a minifier does to class names", () => {
    const error = new Runtime.RequestTimeoutError("slow");
    assert.equal(error.kind, "RequestTimeoutError");
    assert.equal(error.name, "RequestTimeoutError");
    assert.deepEqual(error[Runtime.ERROR_BRAND], [
      "RequestTimeoutError",
      "NetworkError",
      "PygenError",
    ]);
    const failed = new Runtime.InstanceOperationError(
      "upsert",
      Runtime.emptyResult(),
      [],
    );
    assert.equal(failed.kind, "InstanceOperationError");
    assert.ok(Other.InstanceOperationError.is(failed));
  });

  it("says no to anything else", () => {
    for (const value of [
      undefined,
      null,
      "PygenError",
      42,
      new Error("plain"),
      { kind: "PygenApiError" },
      { [Symbol.for("pygen.error")]: "PygenApiError" },
    ]) {
      assert.equal(Runtime.PygenError.is(value), false, String(value));
      assert.equal(Other.PygenApiError.is(value), false, String(value));
    }
  });
});
