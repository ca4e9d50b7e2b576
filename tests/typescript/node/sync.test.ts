// Incremental sync and edge listing of the example SDK against the emulator
// (CDF_BASE_URL, CDF_PROJECT, CDF_TOKEN; CDF_EXPIRING_BASE_URL: one whose sync cursors expire
// after 1 ms). Writes only to its own space, with names, weights and statuses the other files'
// unscoped checks do not see.

import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import {
  ExampleModelClient,
  SyncCursorExpiredError,
  TokenAuth,
  collect,
  type Connection,
  type Equipment,
  type EquipmentWrite,
  type SyncBatch,
} from "../../../golden/example/typescript/src/index.js";

const SPACE = "ts_sync";

function environment(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(
      `${name} is not set: run these tests through tests/typescript (pytest)`,
    );
  }
  return value;
}

/** A new client (as another process would make), counting the requests it sends. */
function newClient(baseUrl: string = environment("CDF_BASE_URL")): {
  client: ExampleModelClient;
  requests: () => number;
} {
  let requests = 0;
  const client = new ExampleModelClient({
    baseUrl,
    project: environment("CDF_PROJECT"),
    credentials: new TokenAuth(environment("CDF_TOKEN")),
    instanceSpace: SPACE,
    fetch: (input, init) => {
      requests++;
      return fetch(input, init);
    },
  });
  return { client, requests: () => requests };
}

function unit(index: number, extra: Partial<EquipmentWrite> = {}) {
  return {
    space: SPACE,
    externalId: `unit-${index}`,
    name: `Unit ${index}`,
    serialNumber: `U-${index}`,
    ...extra,
  } satisfies EquipmentWrite;
}

async function batchesOf<T>(
  batches: AsyncIterable<SyncBatch<T>>,
): Promise<SyncBatch<T>[]> {
  const found: SyncBatch<T>[] = [];
  for await (const batch of batches) {
    found.push(batch);
  }
  return found;
}

const ids = (items: readonly { externalId: string }[]) =>
  items.map((item) => item.externalId);

async function createSpace(client: ExampleModelClient): Promise<void> {
  await client.instances.http.post("/models/spaces", {
    items: [{ space: SPACE }],
  });
}

describe("sync() against the emulator", () => {
  const { client, requests } = newClient();
  let saved = "";

  before(() => createSpace(client));

  it("yields every instance first, in batches, with a cursor; lazily", async () => {
    await client.equipment.upsert(
      [1, 2, 3, 4, 5].map((i) => unit(i, { manufacturer: "Acme" })),
    );
    const before = requests();
    const batches = client.equipment.sync({ space: SPACE, chunkSize: 2 });
    assert.equal(requests(), before, "nothing is sent before iterating");
    const found = await batchesOf(batches);
    assert.deepEqual(
      found.map((batch) => ids(batch.items)),
      [["unit-1", "unit-2"], ["unit-3", "unit-4"], ["unit-5"]],
    );
    assert.equal(requests(), before + 3, "one request per batch");
    assert.ok(found.every((batch) => batch.deleted.length === 0));
    const first = found[0]!.items[0]!;
    assert.equal(first.name, "Unit 1", "typed read objects");
    assert.equal(first.manufacturer, "Acme");
    saved = JSON.stringify({ cursor: found.at(-1)!.cursor });
    assert.equal(typeof found.at(-1)!.cursor, "string");
  });

  it("resumes from a persisted cursor: only changes and deletes since", async () => {
    await client.equipment.upsert([
      unit(2, { manufacturer: "Beta" }),
      unit(6, { manufacturer: "Acme" }),
    ]);
    await client.equipment.delete(["unit-3"]);
    const { cursor } = JSON.parse(saved) as { cursor: string };
    const other = newClient().client; // another process, later
    const found = await batchesOf(
      other.equipment.sync({ space: SPACE, cursor }),
    );
    assert.equal(found.length, 1);
    const batch = found[0]!;
    assert.deepEqual(ids(batch.items), ["unit-2", "unit-6"]);
    assert.equal(batch.items[0]!.manufacturer, "Beta");
    assert.deepEqual(batch.deleted, [{ space: SPACE, externalId: "unit-3" }]);
    const after = await batchesOf(
      other.equipment.sync({ space: SPACE, cursor: batch.cursor }),
    );
    assert.deepEqual(
      after.map((item) => [item.items.length, item.deleted.length]),
      [[0, 0]],
      "caught up: nothing new",
    );
    assert.ok(after[0]!.cursor !== "");
  });

  it("takes the view's typed filters (the filter belongs to the cursor)", async () => {
    const found = await batchesOf(
      client.equipment.sync({ space: SPACE, manufacturer: "Acme" }),
    );
    const items: Equipment[] = found.flatMap((batch) => batch.items);
    assert.deepEqual(ids(items), ["unit-1", "unit-4", "unit-5", "unit-6"]);
  });

  it("checks chunkSize before sending anything", async () => {
    const before = requests();
    await assert.rejects(
      batchesOf(client.equipment.sync({ chunkSize: 2001 })),
      /chunkSize must be an integer from 1 to 2000, got 2001/,
    );
    assert.equal(requests(), before);
  });
});

describe("sync() with an expired cursor", () => {
  const { client } = newClient(environment("CDF_EXPIRING_BASE_URL"));

  before(() => createSpace(client));

  it("throws SyncCursorExpiredError saying how to start over", async () => {
    await client.site.upsert({
      space: SPACE,
      externalId: "s-1",
      name: "S",
      code: "S1",
    });
    const first = await batchesOf(client.site.sync({ space: SPACE }));
    const cursor = first.at(-1)!.cursor;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await client.site.upsert({
      space: SPACE,
      externalId: "s-2",
      name: "T",
      code: "S2",
    });
    const error = await batchesOf(
      client.site.sync({ space: SPACE, cursor }),
    ).then(
      () => assert.fail("an expired cursor was accepted"),
      (caught: unknown) => caught,
    );
    assert.ok(SyncCursorExpiredError.is(error), String(error));
    assert.equal(error.cursor, cursor);
    assert.match(error.message, /sync\(\) without a cursor/);
    assert.match(error.message, /acceptMissedDeletes: true/);
    const again = await batchesOf(
      client.site.sync({ space: SPACE, cursor, acceptMissedDeletes: true }),
    );
    assert.deepEqual(
      again.flatMap((batch) => ids(batch.items)),
      ["s-2"],
      "continues from the cursor",
    );
    const fresh = await batchesOf(client.site.sync({ space: SPACE }));
    assert.deepEqual(
      fresh.flatMap((batch) => ids(batch.items)),
      ["s-1", "s-2"],
      "starting over returns everything",
    );
  });
});

describe("edge listing: equipment.connectedToEdges", () => {
  const { client } = newClient();
  const node = (externalId: string) => ({ space: SPACE, externalId });

  before(async () => {
    await createSpace(client);
    await client.equipment.upsert([
      unit(10, {
        connectedTo: [
          { endNode: unit(11), cableType: "aluminium", lengthM: 12.5 },
          { endNode: unit(12), cableType: "fibre", lengthM: 30 },
          { endNode: unit(13), cableType: "aluminium", lengthM: 40 },
        ],
      }),
      unit(14, {
        connectedTo: [
          { endNode: "unit-11", cableType: "aluminium", lengthM: 8 },
        ],
      }),
    ]);
    // An edge with Connection properties but another type: not a connectedTo edge.
    await client.connection.upsert({
      space: SPACE,
      externalId: "other-type",
      type: node("not-connected-to"),
      startNode: node("unit-10"),
      endNode: node("unit-11"),
      cableType: "aluminium",
      lengthM: 20,
    });
  });

  const ends = (edges: readonly Connection[]) =>
    edges
      .map(
        (edge) =>
          `${edge.startNode.externalId}->${edge.endNode.externalId} ${edge.cableType} ${edge.lengthM}`,
      )
      .sort();

  it("lists the connection's edges with filters on edge properties", async () => {
    const edges = client.equipment.connectedToEdges;
    const long = await collect(
      edges.list({ space: SPACE, cableType: "aluminium", minLengthM: 10 }),
    );
    assert.deepEqual(ends(long), [
      "unit-10->unit-11 aluminium 12.5",
      "unit-10->unit-13 aluminium 40",
    ]);
    const all = await collect(client.connection.list({ space: SPACE }));
    assert.equal(all.length, 5, "the edge view itself has the other type too");
  });

  it("filters by start and end node (bare external ids in instanceSpace)", async () => {
    const edges = client.equipment.connectedToEdges;
    assert.deepEqual(
      ends(await collect(edges.list({ startNode: "unit-14" }))),
      ["unit-14->unit-11 aluminium 8"],
    );
    assert.equal(await edges.count({ endNode: ["unit-11", "unit-12"] }), 3);
    assert.equal(
      await edges.count({ startNode: node("unit-10"), maxLengthM: 35 }),
      2,
    );
  });

  it("searches, aggregates and syncs only the connection's edges", async () => {
    const edges = client.equipment.connectedToEdges;
    const found = await edges.search("aluminium", { space: SPACE });
    assert.equal(found.length, 3);
    assert.equal(
      await edges.aggregate("max", { property: "lengthM", space: SPACE }),
      40,
    );
    assert.equal(
      await edges.query().filter({ space: SPACE }).count(),
      4,
      "the query builder keeps to the connection too",
    );
    const batches = await batchesOf(edges.sync({ space: SPACE }));
    assert.equal(
      batches.flatMap((batch) => batch.items).length,
      4,
      "four connectedTo edges; the other type is left out",
    );
  });
});
