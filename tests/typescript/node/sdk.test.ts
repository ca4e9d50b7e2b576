// Unit tests of the example SDK against a scripted server: the exact wire form of writes,
// reads and filters, batching and failures.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  ExampleModelClient,
  InstanceOperationError,
  PygenApiError,
  TokenAuth,
  collect,
  type EquipmentWrite,
} from "../../../golden/example/typescript/src/index.js";
import { routedFetch } from "./fakes.js";

const SP = "pygen_example";
const DATA = "data";

function view(externalId: string) {
  return { type: "view", space: SP, externalId, version: "1" };
}

function sdk(
  handler: (path: string, body: Record<string, unknown>) => unknown,
) {
  const { fetch, requests } = routedFetch(handler);
  const client = new ExampleModelClient({
    baseUrl: "http://fake",
    project: "p",
    credentials: new TokenAuth("t"),
    instanceSpace: DATA,
    fetch,
  });
  return { client, requests };
}

/** Answers applies with "created" for every item. */
function created(_path: string, body: Record<string, unknown>) {
  const items = (body["items"] ?? []) as {
    space: string;
    externalId: string;
  }[];
  return {
    items: items.map((item) => ({
      ...item,
      version: 1,
      wasModified: true,
      createdTime: 1,
      lastUpdatedTime: 1,
    })),
  };
}

describe("upsert", () => {
  it("flattens nested write objects into nodes, then edges with deterministic ids", async () => {
    const { client, requests } = sdk(created);
    const pump: EquipmentWrite = {
      space: DATA,
      externalId: "pump-1",
      name: "Pump 1",
      serialNumber: "SN-1",
      installedAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)),
      eventTimes: [new Date(Date.UTC(2024, 0, 1))],
      commissionedOn: "2024-01-03",
      specs: { rpm: 1500 },
      description: null,
      site: { space: DATA, externalId: "site-1", name: "Oslo", code: "OSL-1" },
      parts: [
        { space: DATA, externalId: "part-1" },
        {
          space: DATA,
          externalId: "part-2",
          name: "Part 2",
          serialNumber: "SN-P2",
        },
      ],
      connectedTo: [
        {
          endNode: {
            space: DATA,
            externalId: "valve-1",
            name: "Valve",
            serialNumber: "V1",
          },
          cableType: "copper",
          lengthM: 12.5,
        },
        { space: DATA, externalId: "part-2" },
      ],
    };
    const result = await client.equipment.upsert(pump);
    assert.equal(requests.length, 2);
    const [nodes, edges] = requests.map((request) => request.body);
    assert.deepEqual(
      (nodes!["items"] as { externalId: string }[]).map(
        (item) => item.externalId,
      ),
      ["pump-1", "part-2", "site-1", "valve-1"],
    );
    assert.equal(nodes!["replace"], false);
    assert.deepEqual((nodes!["items"] as unknown[])[0], {
      instanceType: "node",
      space: DATA,
      externalId: "pump-1",
      sources: [
        {
          source: view("Equipment"),
          properties: {
            name: "Pump 1",
            description: null,
            serialNumber: "SN-1",
            installedAt: "2024-01-02T03:04:05.006+00:00",
            commissionedOn: "2024-01-03",
            specs: { rpm: 1500 },
            site: { space: DATA, externalId: "site-1" },
            parts: [
              { space: DATA, externalId: "part-1" },
              { space: DATA, externalId: "part-2" },
            ],
            eventTimes: ["2024-01-01T00:00:00.000+00:00"],
          },
        },
      ],
    });
    assert.deepEqual((nodes!["items"] as unknown[])[2], {
      instanceType: "node",
      space: DATA,
      externalId: "site-1",
      sources: [
        { source: view("Site"), properties: { name: "Oslo", code: "OSL-1" } },
      ],
    });
    const type = { space: SP, externalId: "Equipment.connectedTo" };
    assert.deepEqual(edges!["items"], [
      {
        instanceType: "edge",
        space: DATA,
        externalId:
          "data:pump-1:pygen_example:Equipment.connectedTo:data:valve-1",
        type,
        startNode: { space: DATA, externalId: "pump-1" },
        endNode: { space: DATA, externalId: "valve-1" },
        sources: [
          {
            source: view("Connection"),
            properties: { cableType: "copper", lengthM: 12.5 },
          },
        ],
      },
      {
        instanceType: "edge",
        space: DATA,
        externalId:
          "data:pump-1:pygen_example:Equipment.connectedTo:data:part-2",
        type,
        startNode: { space: DATA, externalId: "pump-1" },
        endNode: { space: DATA, externalId: "part-2" },
      },
    ]);
    assert.equal(result.created.length, 6);
    assert.deepEqual(result.updated, []);
  });

  it("writes single and multi edges without properties", async () => {
    const { client, requests } = sdk(created);
    await client.workOrder.upsert({
      space: DATA,
      externalId: "wo-1",
      name: "Fix",
      assets: [{ space: DATA, externalId: "pump-1" }],
      primaryAsset: {
        space: DATA,
        externalId: "pump-2",
        name: "P2",
        serialNumber: "S",
      },
    });
    const edges = requests[1]!.body["items"] as Record<string, unknown>[];
    assert.deepEqual(
      edges.map((edge) => edge["externalId"]),
      [
        "data:wo-1:pygen_example:WorkOrder.assets:data:pump-1",
        "data:wo-1:pygen_example:WorkOrder.primaryAsset:data:pump-2",
      ],
    );
    assert.ok(edges.every((edge) => !("sources" in edge)));
  });

  it("sends existingVersion 0 in create mode and replace in replace mode", async () => {
    const { client, requests } = sdk(created);
    const site = { space: DATA, externalId: "s", name: "S", code: "C" };
    await client.site.upsert([site], { mode: "create" });
    await client.site.upsert([site], { mode: "replace" });
    const [create, replace] = requests.map((request) => request.body);
    assert.equal(
      (create!["items"] as Record<string, unknown>[])[0]!["existingVersion"],
      0,
    );
    assert.equal(replace!["replace"], true);
  });

  it("batches by 1,000, nodes before edges", async () => {
    const { client, requests } = sdk(created);
    const items: EquipmentWrite[] = Array.from({ length: 2500 }, (_, i) => ({
      space: DATA,
      externalId: `e${i}`,
      name: `E${i}`,
      serialNumber: `${i}`,
      connectedTo: [{ space: DATA, externalId: "hub" }],
    }));
    const result = await client.equipment.upsert(items);
    const kinds = requests.map(
      (request) =>
        `${(request.body["items"] as { instanceType: string }[])[0]!.instanceType}:` +
        `${(request.body["items"] as unknown[]).length}`,
    );
    // batches of one kind run concurrently and may arrive in any order: every node batch
    // before any edge batch, and the sizes per kind
    assert.deepEqual(
      kinds.map((kind) => kind.split(":")[0]),
      ["node", "node", "node", "edge", "edge", "edge"],
    );
    assert.deepEqual([...kinds].sort(), [
      "edge:1000",
      "edge:1000",
      "edge:500",
      "node:1000",
      "node:1000",
      "node:500",
    ]);
    assert.equal(result.created.length, 5000);
  });

  it("reports failed batches with their items and what succeeded", async () => {
    let calls = 0;
    const client = new ExampleModelClient({
      baseUrl: "http://fake",
      project: "p",
      credentials: new TokenAuth("t"),
      batchSize: 2,
      maxRetries: 0,
      fetch: async (input, init) => {
        calls++;
        if (calls === 2) {
          return Response.json(
            { error: { code: 409, message: "conflict" } },
            { status: 409 },
          );
        }
        const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
        return Response.json(created("", body));
      },
    });
    const sites = ["a", "b", "c", "d", "e"].map((id) => ({
      space: DATA,
      externalId: id,
      name: id,
      code: id,
    }));
    await assert.rejects(client.site.upsert(sites), (error: unknown) => {
      assert.ok(error instanceof InstanceOperationError);
      assert.equal(error.result.created.length, 3);
      assert.equal(error.failed.length, 1);
      assert.ok(error.failed[0]!.error instanceof PygenApiError);
      assert.deepEqual(
        error.failedIds.map((id) => id.externalId),
        ["c", "d"],
      );
      assert.match(
        error.message,
        /1 batch\(es\) with 2 instance\(s\) failed \(3 succeeded\)/,
      );
      return true;
    });
  });
});

describe("reads", () => {
  const wirePump = {
    instanceType: "node",
    space: DATA,
    externalId: "pump-1",
    version: 3,
    createdTime: 10,
    lastUpdatedTime: 20,
    properties: {
      [SP]: {
        "Equipment/1": {
          name: "Pump 1",
          serialNumber: "SN-1",
          isActive: true,
          installedAt: "2024-01-02T03:04:05.17+00:00",
          eventTimes: ["2024-01-01T00:00:00+00:00"],
          site: { space: DATA, externalId: "site-1" },
          status: "running",
          aPropertyFromANewerModel: 1,
        },
      },
    },
  };

  it("flattens properties into typed fields; unknown ones are ignored", async () => {
    const { client, requests } = sdk((path) =>
      path === "/models/instances/byids"
        ? { items: [wirePump] }
        : { items: [] },
    );
    const pump = await client.equipment.retrieve("pump-1", {
      expand: "none",
    });
    assert.ok(pump !== undefined);
    assert.equal(pump.name, "Pump 1");
    assert.equal(pump.version, 3);
    assert.equal(pump.type, null);
    assert.deepEqual(
      pump.installedAt,
      new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 170)),
    );
    assert.deepEqual(pump.eventTimes, [new Date(Date.UTC(2024, 0, 1))]);
    assert.deepEqual(pump.site, { space: DATA, externalId: "site-1" });
    assert.equal(pump.status, "running");
    assert.equal(pump.weight, null);
    assert.equal(pump.connectedTo, undefined);
    assert.ok(!("aPropertyFromANewerModel" in pump));
    assert.deepEqual(requests[0]!.body, {
      items: [{ instanceType: "node", space: DATA, externalId: "pump-1" }],
      sources: [{ source: view("Equipment") }],
    });
  });

  it("turns typed filter options into one filter", async () => {
    const { client, requests } = sdk(() => ({ items: [] }));
    await collect(
      client.equipment.list({
        namePrefix: "Pump",
        minWeight: 10,
        maxWeight: 20,
        status: ["running", "stopped"],
        site: { space: DATA, externalId: "site-1" },
        minInstalledAt: new Date(Date.UTC(2024, 0, 1)),
        space: DATA,
        sort: ["-weight", "externalId"],
        limit: 5,
      }),
    );
    const path = (name: string) => [SP, "Equipment/1", name];
    assert.deepEqual(requests[0]!.body, {
      instanceType: "node",
      sources: [{ source: view("Equipment") }],
      limit: 5,
      filter: {
        and: [
          {
            range: {
              property: path("installedAt"),
              gte: "2024-01-01T00:00:00.000+00:00",
            },
          },
          { prefix: { property: path("name"), value: "Pump" } },
          {
            equals: {
              property: path("site"),
              value: { space: DATA, externalId: "site-1" },
            },
          },
          { in: { property: path("status"), values: ["running", "stopped"] } },
          { range: { property: path("weight"), gte: 10, lte: 20 } },
          { equals: { property: ["node", "space"], value: DATA } },
        ],
      },
      sort: [
        { property: path("weight"), direction: "descending" },
        { property: ["node", "externalId"], direction: "ascending" },
      ],
    });
  });

  it("lists edges with edge-typed instance filters", async () => {
    const { client, requests } = sdk(() => ({ items: [] }));
    await client.connection.iterate({
      externalIdPrefix: "pump",
      minLengthM: 1,
    });
    assert.deepEqual(requests[0]!.body["filter"], {
      and: [
        { range: { property: [SP, "Connection/1", "lengthM"], gte: 1 } },
        { prefix: { property: ["edge", "externalId"], value: "pump" } },
      ],
    });
    assert.equal(requests[0]!.body["instanceType"], "edge");
  });

  it("refuses unknown property names", async () => {
    const { client } = sdk(() => ({ items: [] }));
    await assert.rejects(
      // @ts-expect-error -- not a property of Equipment
      client.equipment.aggregate("avg", { property: "colour" }),
      /Equipment has no property "colour"/,
    );
  });

  it("gives read-only views no upsert", () => {
    const { client } = sdk(() => ({ items: [] }));
    assert.equal("upsert" in client.equipmentSummary, false);
  });
});
