// Driven by bench_ts_sync.py: the example TypeScript SDK (compiled to SDK_DIR) against the
// emulator at CDF_BASE_URL. Prints one JSON object with the measurements.

const [sdkDir, countText] = process.argv.slice(2);
const sdk = await import(`${sdkDir}/index.js`);
const count = Number(countText);
const SPACE = "bench_ts";

function client(options = {}) {
  const seen = { requests: 0, bytes: 0 };
  const made = new sdk.ExampleModelClient({
    baseUrl: process.env.CDF_BASE_URL,
    project: process.env.CDF_PROJECT,
    credentials: new sdk.TokenAuth(process.env.CDF_TOKEN),
    instanceSpace: SPACE,
    fetch: (input, init) => {
      seen.requests++;
      const body = init?.body;
      seen.bytes +=
        typeof body === "string"
          ? Buffer.byteLength(body)
          : (body?.byteLength ?? 0);
      return fetch(input, init);
    },
    ...options,
  });
  return { made, seen };
}

async function timed(run) {
  const started = performance.now();
  const value = await run();
  return { value, seconds: (performance.now() - started) / 1000 };
}

function pump(i, weight) {
  return {
    externalId: `pump-${String(i).padStart(6, "0")}`,
    name: `Pump ${i}`,
    serialNumber: `SN-${i}`,
    weight,
    status: i % 2 ? "running" : "stopped",
    tags: ["bench", `group-${i % 10}`],
  };
}

const items = Array.from({ length: count }, (_, i) => pump(i, i));
const results = {};
const { made: first } = client();
await first.instances.http.post("/models/spaces", {
  items: [{ space: SPACE }],
});

for (const [name, options] of [
  ["upsert (create), gzip", {}],
  ["upsert again, no gzip", { gzipThresholdBytes: null }],
  ["upsert again, gzip (default)", {}],
]) {
  const { made, seen } = client(options);
  const { seconds } = await timed(() => made.equipment.upsert(items));
  results[name] = {
    seconds,
    requests: seen.requests,
    bytes: seen.bytes,
    items: count,
  };
}

const lister = client();
const listed = await timed(() =>
  sdk.collect(lister.made.equipment.list({ space: SPACE })),
);
results["list all"] = {
  seconds: listed.seconds,
  requests: lister.seen.requests,
  items: listed.value.length,
};

async function syncAll(api, options) {
  let items = 0;
  let deleted = 0;
  let cursor = "";
  for await (const batch of api.sync(options)) {
    items += batch.items.length;
    deleted += batch.deleted.length;
    cursor = batch.cursor;
  }
  return { items, deleted, cursor };
}

const syncer = client();
const all = await timed(() =>
  syncAll(syncer.made.equipment, { space: SPACE, chunkSize: 1000 }),
);
results["sync all"] = {
  seconds: all.seconds,
  requests: syncer.seen.requests,
  items: all.value.items,
};

const changed = Math.floor(count / 10);
const removed = Math.floor(count / 100);
await first.equipment.upsert(
  items.slice(0, changed).map((p, i) => pump(i, -1)),
);
await first.equipment.delete(
  items.slice(count - removed).map((p) => p.externalId),
);
const again = client();
const delta = await timed(() =>
  syncAll(again.made.equipment, {
    space: SPACE,
    chunkSize: 1000,
    cursor: all.value.cursor,
  }),
);
results["sync changes since the cursor"] = {
  seconds: delta.seconds,
  requests: again.seen.requests,
  items: delta.value.items + delta.value.deleted,
};
console.log(JSON.stringify(results));
