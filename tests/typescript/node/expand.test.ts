// Expand on read, relation filters and typed sort: the example SDK against the local emulator
// (CDF_BASE_URL, CDF_PROJECT, CDF_TOKEN). Lines marked @ts-expect-error must not compile:
// the one tsc run over the tests fails when any of them does.

import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import {
  ExampleModelClient,
  ExpandLimitError,
  TokenAuth,
  collect,
  isExpanded,
  type Equipment,
  type EquipmentSortField,
  type EquipmentWrite,
  type InstanceId,
  type Site,
  type WorkOrder,
} from "../../../golden/example/typescript/src/index.js";

const SPACE = "ts_expand";

function environment(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(
      `${name} is not set: run these tests through tests/typescript (pytest)`,
    );
  }
  return value;
}

function countingClient(): {
  client: ExampleModelClient;
  requests: () => number;
  bodies: unknown[];
} {
  let requests = 0;
  const bodies: unknown[] = [];
  const client = new ExampleModelClient({
    baseUrl: environment("CDF_BASE_URL"),
    project: environment("CDF_PROJECT"),
    credentials: new TokenAuth(environment("CDF_TOKEN")),
    instanceSpace: SPACE,
    fetch: (input, init) => {
      requests++;
      if (typeof init?.body === "string") {
        bodies.push(JSON.parse(init.body));
      }
      return fetch(input, init);
    },
  });
  return { client, requests: () => requests, bodies };
}

function id(externalId: string): InstanceId {
  return { space: SPACE, externalId };
}

function pump(
  index: number,
  extra: Partial<EquipmentWrite> = {},
): EquipmentWrite {
  return {
    externalId: `xp-${index}`,
    name: `Pump ${index}`,
    serialNumber: `XSN-${index}`,
    weight: 10 * index,
    site: index % 2 === 0 ? id("x-ber") : id("x-osl"),
    ...extra,
  };
}

/** An object's fields with every relation as ids: what a plain read returns. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  if (value === null || typeof value !== "object" || value instanceof Date) {
    return value;
  }
  const record = value as Record<string, unknown>;
  if (
    isExpanded(record as unknown as Site) &&
    record["instanceType"] === "node"
  ) {
    return { space: record["space"], externalId: record["externalId"] };
  }
  return value;
}

/** Every node object reached from `roots`, once each (cycles included). */
function reached(
  roots: readonly object[],
): Map<string, Record<string, unknown>> {
  const found = new Map<string, Record<string, unknown>>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value === null || typeof value !== "object" || value instanceof Date) {
      return;
    }
    const record = value as Record<string, unknown>;
    if (record["instanceType"] === "edge") {
      visit(record["otherNode"]);
      return;
    }
    if (!isExpanded(record as unknown as Site)) {
      return;
    }
    const key = `${String(record["space"])}/${String(record["externalId"])}`;
    const seen = found.get(key);
    if (seen !== undefined) {
      assert.equal(seen, record, `${key} is one object however it is reached`);
      return;
    }
    found.set(key, record);
    Object.values(record).forEach(visit);
  };
  roots.forEach(visit);
  return found;
}

describe("expand on read, relation filters and typed sort", () => {
  const { client, requests, bodies } = countingClient();

  before(async () => {
    await client.instances.http.post("/models/spaces", {
      items: [{ space: SPACE }],
    });
    await client.site.upsert([
      { externalId: "x-osl", name: "Oslo", code: "OSL" },
      { externalId: "x-ber", name: "Bergen", code: "BER" },
    ]);
    const pumps = [1, 2, 3, 4, 5, 6].map((index) => pump(index));
    pumps[0] = pump(1, {
      parts: [id("xp-3"), id("xp-4")],
      connectedTo: [
        { endNode: id("xp-2"), cableType: "copper", lengthM: 12.5 },
        { endNode: id("xp-3"), cableType: "fibre", lengthM: 3 },
      ],
    });
    pumps[1] = pump(2, {
      connectedTo: [{ endNode: id("xp-1"), cableType: "steel", lengthM: 1 }],
    });
    await client.equipment.upsert(pumps);
    await client.workOrder.upsert([
      {
        externalId: "x-wo-1",
        name: "Fix pumps",
        priority: 1,
        site: id("x-osl"),
        assets: [id("xp-1"), id("xp-5")],
        primaryAsset: id("xp-1"),
      },
    ]);
  });

  it("reads a graph to depth 2, one object per instance, equal to plain reads", async () => {
    const before = requests();
    const root = await client.equipment.retrieve("xp-1", { expand: 2 });
    assert.equal(requests() - before, 1, "one query for a root page");
    assert.ok(root !== undefined);
    const site = root.site;
    assert.ok(isExpanded(site));
    assert.equal(site.code, "OSL");
    // the reverse relation at depth 2 holds the root itself: one object per instance
    assert.ok(site.equipment?.includes(root));
    assert.deepEqual(
      site.equipment?.map((item) => item.externalId),
      ["xp-1", "xp-3", "xp-5"],
    );
    const parts = root.parts ?? [];
    assert.deepEqual(
      parts.map((item) => (isExpanded(item) ? item.name : "id")),
      ["Pump 3", "Pump 4"],
    );
    const edges = root.connectedTo ?? [];
    assert.deepEqual(
      edges.map((edge) => [edge.cableType, edge.otherNode?.externalId]),
      [
        ["copper", "xp-2"],
        ["fibre", "xp-3"],
      ],
    );
    // xp-2 (depth 1, through the edge) has its own edge back to xp-1: the root object
    const back = edges[0]?.otherNode?.connectedTo?.[0];
    assert.equal(back?.otherNode, root);
    // past the depth limit relations keep their ids
    const deep = parts[1];
    assert.ok(isExpanded(deep));
    const bergen = deep.site;
    assert.ok(isExpanded(bergen), "xp-4's site is at depth 2");
    assert.equal(bergen.equipment, undefined, "depth 3 is not read");

    // object for object: every node reached equals its plain read, relations as ids
    const graph = reached([root]);
    assert.ok(graph.size >= 7, `reached ${graph.size}`);
    for (const [key, item] of graph) {
      const api =
        item["code"] !== undefined
          ? client.site
          : item["serialNumber"] !== undefined
            ? client.equipment
            : client.workOrder;
      const fresh = (await api.retrieve(String(item["externalId"]), {
        expand: "none",
      })) as unknown as Record<string, unknown> | undefined;
      assert.ok(fresh !== undefined, key);
      for (const [field, value] of Object.entries(fresh)) {
        assert.deepEqual(plain(item[field]), value, `${key}.${field}`);
      }
    }
  });

  it("lists expanded roots in one request per page, following set cursors", async () => {
    const before = requests();
    const all = await collect(
      client.equipment.list({ externalIdPrefix: "xp-", expand: 1 }),
    );
    assert.equal(requests() - before, 1);
    assert.equal(all.length, 6);
    const reference = await collect(
      client.equipment.list({ externalIdPrefix: "xp-", expand: "ids" }),
    );
    // result sets of 1 per page: every set is paged by its cursor, nothing is lost
    const start = requests();
    const paged = await collect(
      client.equipment.list({
        externalIdPrefix: "xp-",
        sort: "-weight",
        chunkSize: 2,
        expand: { depth: 1, setLimit: 1 },
      }),
    );
    assert.ok(requests() - start > 3, "cursors were followed");
    assert.deepEqual(
      paged.map((item) => item.weight),
      [60, 50, 40, 30, 20, 10],
    );
    const edgeIds = (items: readonly Equipment[]) =>
      Object.fromEntries(
        items.map((item) => [
          item.externalId,
          (item.connectedTo ?? []).map((edge) => [
            edge.endNode.externalId,
            edge.cableType,
          ]),
        ]),
      );
    assert.deepEqual(edgeIds(paged), edgeIds(reference));
    assert.deepEqual(
      Object.fromEntries(
        paged.map((item) => [
          item.externalId,
          (item.parts ?? []).map((part) => isExpanded(part) && part.name),
        ]),
      ),
      {
        "xp-1": ["Pump 3", "Pump 4"],
        "xp-2": [],
        "xp-3": [],
        "xp-4": [],
        "xp-5": [],
        "xp-6": [],
      },
    );
    const limited = await collect(
      client.equipment.list({ externalIdPrefix: "xp-", limit: 4, expand: 1 }),
    );
    assert.equal(limited.length, 4);
    const orders = await collect(
      client.workOrder.list({ externalIdPrefix: "x-wo", expand: 1 }),
    );
    const order: WorkOrder | undefined = orders[0];
    assert.deepEqual(
      order?.assets?.map((asset) => isExpanded(asset) && asset.name),
      ["Pump 1", "Pump 5"],
    );
    const primary = order?.primaryAsset;
    assert.ok(isExpanded(primary));
    assert.equal(primary.serialNumber, "XSN-1");
    const sent = bodies.at(-1) as { with: Record<string, unknown> };
    assert.ok(Object.keys(sent.with).length > 1);
  });

  it("stops at its limits with an error naming the limit and how to raise it", async () => {
    await assert.rejects(
      client.equipment.retrieve("xp-1", {
        expand: { depth: 2, maxInstances: 3 },
      }),
      (error: unknown) =>
        ExpandLimitError.is(error) &&
        error.message.includes("maxInstances") &&
        error.message.includes("raise the limit"),
    );
    await assert.rejects(
      client.equipment.retrieve("xp-1", { expand: 4 }),
      (error: unknown) =>
        ExpandLimitError.is(error) && error.message.includes("maxDepth: 4"),
    );
    await assert.rejects(
      collect(
        client.equipment.list({ expand: { depth: 2, maxResultSets: 3 } }),
      ),
      (error: unknown) =>
        ExpandLimitError.is(error) && error.message.includes("maxResultSets"),
    );
    await assert.rejects(
      client.equipment.retrieve("xp-1", { expand: 0 }),
      /expand depth must be an integer >= 1, got 0/,
    );
  });

  it("round-trips an expanded read through asWrite and upsert", async () => {
    const root = await client.equipment.retrieve("xp-1", { expand: 2 });
    assert.ok(root !== undefined);
    const site = root.site;
    assert.ok(isExpanded(site));
    site.name = "Oslo harbour";
    const edge = root.connectedTo?.[0];
    assert.ok(edge?.otherNode);
    edge.lengthM = 99;
    edge.otherNode.name = "Pump two";
    const write = client.equipment.asWrite(root);
    const result = await client.equipment.upsert(write);
    assert.deepEqual(
      result.created,
      [],
      "nothing new: edge ids are deterministic",
    );
    const again = await client.equipment.retrieve("xp-1", { expand: 1 });
    const siteAgain = again?.site;
    assert.ok(isExpanded(siteAgain));
    assert.equal(siteAgain.name, "Oslo harbour");
    assert.deepEqual(
      again?.connectedTo?.map((item) => [item.lengthM, item.otherNode?.name]),
      [
        [99, "Pump two"],
        [3, "Pump 3"],
      ],
    );
  });

  it("filters by what a relation points to: nested, and in two steps", async () => {
    const names = (items: readonly { externalId: string }[]) =>
      items.map((item) => item.externalId).sort();
    const inOslo = await collect(
      client.equipment.list({
        space: SPACE,
        site: client.site.matching({ code: "OSL" }),
      }),
    );
    assert.deepEqual(names(inOslo), ["xp-1", "xp-3", "xp-5"]);
    const withPart4 = await collect(
      client.equipment.list({
        space: SPACE,
        parts: client.equipment.matching({ serialNumber: "XSN-4" }),
      }),
    );
    assert.deepEqual(names(withPart4), ["xp-1"]);
    const sitesWithHeavy = await collect(
      client.site.list({
        space: SPACE,
        equipment: client.equipment.matching({ minWeight: 55 }),
      }),
    );
    assert.deepEqual(names(sitesWithHeavy), ["x-ber"]);
    const feedingPump3 = await collect(
      client.equipment.list({
        space: SPACE,
        connectedTo: client.equipment.matching({ serialNumber: "XSN-3" }),
      }),
    );
    assert.deepEqual(names(feedingPump3), ["xp-1"]);
    assert.equal(
      await client.workOrder.count({
        space: SPACE,
        assets: client.equipment.matching({ name: "Pump 5" }),
      }),
      1,
    );
    const none = await collect(
      client.equipment.list({
        connectedTo: client.equipment.matching({ serialNumber: "nothing" }),
      }),
    );
    assert.deepEqual(none, []);
    const viaQuery = await client.equipment
      .query()
      .filter({ space: SPACE, site: client.site.matching({ code: "BER" }) })
      .filter({ connectedTo: client.equipment.matching({ name: "Pump 1" }) })
      .toArray();
    assert.deepEqual(names(viaQuery), ["xp-2"]);
    // a relation filter has no wire form: it never reaches a request unresolved
    const related = client.equipment
      .query()
      .filter({ connectedTo: client.equipment.matching({ name: "Pump 1" }) });
    assert.throws(
      () => JSON.stringify(related.where),
      /a relation filter is resolved when it is sent/,
    );
    assert.deepEqual(JSON.parse(JSON.stringify(related.toJSON())).filter, {
      related: {
        kind: "edge",
        filter: {
          equals: {
            property: ["pygen_example", "Equipment/1", "name"],
            value: "Pump 1",
          },
        },
      },
    });
  });

  it("sorts by the view's own field names, typed", async () => {
    const byWeight = await collect(
      client.equipment.list({ externalIdPrefix: "xp-", sort: ["-weight"] }),
      2,
    );
    assert.deepEqual(
      byWeight.map((item) => item.weight),
      [60, 50],
    );
    const field: EquipmentSortField = "serialNumber";
    await collect(client.equipment.list({ sort: [field, "-externalId"] }), 1);
    // @ts-expect-error a misspelt field is not a sort field of Equipment
    void client.equipment.list({ sort: "-wieght" });
    // @ts-expect-error a relation is not sortable
    void client.equipment.list({ sort: "site" });
    // @ts-expect-error Site has no weight
    void client.site.query().sort("weight");
    // @ts-expect-error an expanded relation must be narrowed before use
    void ((root: Equipment) => root.site?.code);
    // @ts-expect-error the edge's far end is an Equipment
    void ((root: Equipment) => root.connectedTo?.[0]?.otherNode?.code);
  });
});
