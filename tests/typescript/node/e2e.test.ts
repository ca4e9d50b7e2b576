// End to end: the example SDK against the local emulator (CDF_BASE_URL, CDF_PROJECT, CDF_TOKEN).

import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import {
  ExampleModelClient,
  InstanceOperationError,
  TokenAuth,
  collect,
  type EquipmentWrite,
  type SiteWrite,
} from "../../../golden/example/typescript/src/index.js";

const SPACE = "ts_e2e";

function environment(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(
      `${name} is not set: run these tests through tests/typescript (pytest)`,
    );
  }
  return value;
}

/** A client whose fetch counts the requests it sends. */
function countingClient(): {
  client: ExampleModelClient;
  requests: () => number;
} {
  let requests = 0;
  const client = new ExampleModelClient({
    baseUrl: environment("CDF_BASE_URL"),
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

function id(externalId: string) {
  return { space: SPACE, externalId };
}

const oslo: SiteWrite = {
  space: SPACE,
  externalId: "site-osl",
  name: "Oslo",
  code: "OSL-1",
  area: 1200.5,
  established: "2001-02-03",
  tags: ["north"],
};

function pump(
  index: number,
  extra: Partial<EquipmentWrite> = {},
): EquipmentWrite {
  return {
    space: SPACE,
    externalId: `pump-${index}`,
    name: `Pump ${index}`,
    serialNumber: `SN-${index}`,
    weight: 100 * index,
    status: index % 2 === 0 ? "running" : "stopped",
    ...extra,
  };
}

describe("the example SDK against the emulator", () => {
  const { client, requests } = countingClient();

  before(async () => {
    await client.instances.http.post("/models/spaces", {
      items: [{ space: SPACE }],
    });
  });

  it("upserts equipment with a nested site, parts and edges with properties", async () => {
    const result = await client.equipment.upsert([
      pump(1, {
        site: oslo,
        manufacturer: "Acme",
        installedAt: new Date(Date.UTC(2020, 5, 1, 8, 30, 0, 250)),
        commissionedOn: "2020-06-02",
        eventTimes: [
          new Date(Date.UTC(2021, 0, 1)),
          new Date(Date.UTC(2022, 0, 1)),
        ],
        specs: { rpm: 1500, stages: [1, 2] },
        measurements: [1.5, 2.5],
        tags: ["critical", "water"],
        parts: [pump(3, { site: id("site-osl") })],
        connectedTo: [
          {
            endNode: pump(2, { site: id("site-osl") }),
            cableType: "copper",
            lengthM: 12.5,
          },
          { endNode: id("pump-3"), cableType: "fibre", lengthM: 3 },
        ],
      }),
      pump(4, { site: id("site-osl"), description: "spare" }),
    ]);
    assert.deepEqual(result.created.map((item) => item.externalId).sort(), [
      "pump-1",
      "pump-2",
      "pump-3",
      "pump-4",
      "site-osl",
      "ts_e2e:pump-1:pygen_example:Equipment.connectedTo:ts_e2e:pump-2",
      "ts_e2e:pump-1:pygen_example:Equipment.connectedTo:ts_e2e:pump-3",
    ]);
    const again = await client.equipment.upsert(
      pump(4, { site: id("site-osl") }),
    );
    assert.equal(again.unchanged.length + again.updated.length, 1);
  });

  it("retrieves with typed fields, edges with properties and reverse relations", async () => {
    const found = await client.equipment.retrieve(id("pump-1"));
    assert.ok(found !== undefined);
    assert.equal(found.name, "Pump 1");
    assert.equal(found.manufacturer, "Acme");
    assert.equal(found.description, null);
    assert.deepEqual(
      found.installedAt,
      new Date(Date.UTC(2020, 5, 1, 8, 30, 0, 250)),
    );
    assert.deepEqual(found.eventTimes, [
      new Date(Date.UTC(2021, 0, 1)),
      new Date(Date.UTC(2022, 0, 1)),
    ]);
    assert.equal(found.commissionedOn, "2020-06-02");
    assert.deepEqual(found.specs, { rpm: 1500, stages: [1, 2] });
    assert.deepEqual(found.site, id("site-osl"));
    assert.deepEqual(found.parts, [id("pump-3")]);
    assert.deepEqual(found.tags, ["critical", "water"]);
    assert.equal(found.isActive, true, "the container default");
    assert.ok(found.connectedTo !== undefined);
    assert.deepEqual(
      found.connectedTo.map((edge) => [
        edge.endNode.externalId,
        edge.cableType,
        edge.lengthM,
      ]),
      [
        ["pump-2", "copper", 12.5],
        ["pump-3", "fibre", 3],
      ],
    );
    assert.equal(found.connectedTo[0]!.instanceType, "edge");

    const site = await client.site.retrieve("site-osl");
    assert.ok(site !== undefined);
    assert.equal(site.established, "2001-02-03");
    assert.equal(site.area, 1200.5);
    assert.deepEqual(site.equipment, [
      id("pump-1"),
      id("pump-2"),
      id("pump-3"),
      id("pump-4"),
    ]);

    const many = await client.equipment.retrieve(
      ["pump-2", "pump-404", "pump-3"],
      {
        expand: "none",
      },
    );
    assert.deepEqual(many.map((item) => item.externalId).sort(), [
      "pump-2",
      "pump-3",
    ]);
    assert.equal(await client.equipment.retrieve("pump-404"), undefined);
  });

  it("reads the edges of a connection through the edge view", async () => {
    const cables = await collect(
      client.connection.list({ cableTypePrefix: "cop" }),
    );
    assert.deepEqual(
      cables.map((edge) => [
        edge.externalId,
        edge.startNode.externalId,
        edge.lengthM,
      ]),
      [
        [
          "ts_e2e:pump-1:pygen_example:Equipment.connectedTo:ts_e2e:pump-2",
          "pump-1",
          12.5,
        ],
      ],
    );
    const short = await collect(client.connection.list({ maxLengthM: 5 }));
    assert.deepEqual(
      short.map((edge) => edge.endNode.externalId),
      ["pump-3"],
    );
  });

  it("writes and reads single and multi edges without properties", async () => {
    await client.workOrder.upsert({
      space: SPACE,
      externalId: "wo-1",
      name: "Overhaul",
      priority: 1,
      dueDate: "2030-01-01",
      site: id("site-osl"),
      assets: [id("pump-2"), id("pump-1")],
      primaryAsset: id("pump-1"),
    });
    const order = await client.workOrder.retrieve("wo-1");
    assert.ok(order !== undefined);
    assert.deepEqual(order.assets, [id("pump-1"), id("pump-2")]);
    assert.deepEqual(order.primaryAsset, id("pump-1"));
    assert.equal(order.completed, false, "the container default");
    const orders = await collect(
      client.workOrder.list({
        site: id("site-osl"),
        maxPriority: 2,
        maxDueDate: "2030-12-31",
      }),
    );
    assert.deepEqual(
      orders.map((item) => item.externalId),
      ["wo-1"],
    );
  });

  it("lists with text prefix, range, enum and direct relation filters", async () => {
    const byPrefix = await collect(
      client.equipment.list({ namePrefix: "Pump ", sort: "externalId" }),
    );
    assert.deepEqual(
      byPrefix.map((item) => item.externalId),
      ["pump-1", "pump-2", "pump-3", "pump-4"],
    );
    const byRange = await collect(
      client.equipment.list({
        minWeight: 150,
        maxWeight: 300,
        sort: "-weight",
      }),
    );
    assert.deepEqual(
      byRange.map((item) => item.weight),
      [300, 200],
    );
    const running = await collect(
      client.equipment.list({ status: "running", space: SPACE }),
    );
    assert.deepEqual(running.map((item) => item.externalId).sort(), [
      "pump-2",
      "pump-4",
    ]);
    const either = await collect(
      client.equipment.list({ status: ["running", "stopped"] }),
    );
    assert.equal(either.length, 4);
    const atOslo = await collect(
      client.equipment.list({
        site: id("site-osl"),
        externalIdPrefix: "pump-",
      }),
    );
    assert.equal(atOslo.length, 4);
    const withConnections = await collect(
      client.equipment.list({ name: "Pump 1", expand: "ids" }),
    );
    assert.equal(withConnections[0]?.connectedTo?.length, 2);
    const summaries = await collect(
      client.equipmentSummary.list({ minWeight: 400 }),
    );
    assert.deepEqual(
      summaries.map((item) => [item.name, item.status, item.weight]),
      [["Pump 4", "running", 400]],
    );
  });

  it("searches text", async () => {
    const found = await client.equipment.search("Pump", { minWeight: 300 });
    assert.deepEqual(found.map((item) => item.externalId).sort(), [
      "pump-3",
      "pump-4",
    ]);
    const spare = await client.equipment.search("spare", {
      properties: ["description"],
    });
    assert.deepEqual(
      spare.map((item) => item.externalId),
      ["pump-4"],
    );
  });

  it("aggregates: count, average and groups", async () => {
    assert.equal(
      await client.equipment.count({ externalIdPrefix: "pump-" }),
      4,
    );
    assert.equal(await client.equipment.count({ status: "running" }), 2);
    assert.equal(
      await client.equipment.aggregate("avg", { property: "weight" }),
      250,
    );
    assert.equal(
      await client.equipment.aggregate("max", {
        property: "weight",
        status: "stopped",
      }),
      300,
    );
    const groups = await client.equipment.aggregate("count", {
      groupBy: "status",
    });
    assert.deepEqual(
      groups.map((group) => [group.group["status"], group.value]).sort(),
      [
        ["running", 2],
        ["stopped", 2],
      ],
    );
    const sums = await client.equipment.aggregate("sum", {
      property: "weight",
      groupBy: ["status"],
    });
    assert.deepEqual(
      sums.map((group) => [group.group["status"], group.value]).sort(),
      [
        ["running", 600],
        ["stopped", 400],
      ],
    );
  });

  it("iterates 3,000 nodes lazily, a page at a time", async () => {
    const bulk = Array.from({ length: 3000 }, (_, i) => ({
      space: SPACE,
      externalId: `bulk-${String(i).padStart(4, "0")}`,
      name: `Bulk ${i}`,
      serialNumber: `B${i}`,
      weight: i,
    }));
    const written = await client.equipment.upsert(bulk);
    assert.equal(written.created.length, 3000);

    const listing = client.equipment.list({
      externalIdPrefix: "bulk-",
      chunkSize: 1000,
    });
    const before = requests();
    assert.equal(
      requests(),
      before,
      "nothing is fetched before the first item is asked for",
    );
    let seen = 0;
    for await (const item of listing) {
      seen++;
      if (seen === 1) {
        assert.equal(requests() - before, 1, "the first page only");
        assert.ok(item.externalId.startsWith("bulk-"));
      }
      if (seen === 1000) {
        assert.equal(requests() - before, 1, "still the first page");
      }
      if (seen === 1001) {
        assert.equal(requests() - before, 2, "the second page on demand");
      }
    }
    assert.equal(seen, 3000);
    assert.ok(requests() - before <= 4);

    const start = requests();
    const firstFive = await collect(
      client.equipment.list({ externalIdPrefix: "bulk-" }),
      5,
    );
    assert.equal(firstFive.length, 5);
    assert.equal(requests() - start, 1, "collect stops fetching at the limit");

    const page = await client.equipment.iterate({
      externalIdPrefix: "bulk-",
      limit: 1000,
    });
    assert.equal(page.items.length, 1000);
    assert.ok(page.nextCursor !== undefined);
    const next = await client.equipment.iterate({
      externalIdPrefix: "bulk-",
      limit: 1000,
      cursor: page.nextCursor,
    });
    assert.equal(next.items.length, 1000);
    assert.notEqual(next.items[0]!.externalId, page.items[0]!.externalId);

    const deleted = await client.equipment.delete(
      bulk.map((item) => item.externalId),
    );
    assert.equal(deleted.deleted.length, 3000);
  });

  it("fills in the instance space and resolves bare external ids", async () => {
    const site: SiteWrite = {
      externalId: "site-isp",
      name: "ISP",
      code: "ISP",
    };
    const spare: EquipmentWrite = {
      externalId: "isp-spare",
      name: "Spare",
      serialNumber: "SN-ISP-S",
    };
    const owner: EquipmentWrite = {
      externalId: "isp-owner",
      name: "Owner",
      serialNumber: "SN-ISP-O",
      site,
      parts: ["isp-spare"],
      connectedTo: [{ endNode: "isp-spare", cableType: "copper" }],
    };
    const result = await client.equipment.upsert([spare, owner]);
    assert.equal(owner.space, undefined); // the given objects are not changed
    assert.ok(
      result.created.some(
        (created) =>
          created.externalId ===
          `${SPACE}:isp-owner:pygen_example:Equipment.connectedTo:${SPACE}:isp-spare`,
      ),
    );
    const read = await client.equipment.retrieve("isp-owner");
    assert.deepEqual(read?.site, id("site-isp"));
    assert.deepEqual(read?.parts, [id("isp-spare")]);
    assert.deepEqual(
      read?.connectedTo?.map((edge) => edge.endNode),
      [id("isp-spare")],
    );
    const bySite = await collect(client.equipment.list({ site: "site-isp" }));
    assert.deepEqual(
      bySite.map((item) => item.externalId),
      ["isp-owner"],
    );
    const holder: EquipmentWrite = {
      externalId: "isp-holder",
      name: "Holder",
      serialNumber: "SN-ISP-H",
      parts: ["isp-spare", "isp-owner"],
    };
    await client.equipment.upsert([holder]);
    const holders = async (options: object): Promise<string[]> =>
      (
        await collect(
          client.equipment.list({ externalIdPrefix: "isp-", ...options }),
        )
      )
        .map((item) => item.externalId)
        .sort();
    assert.deepEqual(await holders({ parts: "isp-spare" }), [
      "isp-holder",
      "isp-owner",
    ]);
    assert.deepEqual(await holders({ partsAll: ["isp-spare", "isp-owner"] }), [
      "isp-holder",
    ]);
    assert.deepEqual(await holders({ partsAll: ["isp-spare", "nowhere"] }), []);
    const noSpace = new ExampleModelClient({
      baseUrl: environment("CDF_BASE_URL"),
      project: environment("CDF_PROJECT"),
      credentials: new TokenAuth(environment("CDF_TOKEN")),
    });
    await assert.rejects(
      noSpace.equipment.upsert([spare]),
      /"isp-spare" has no space: give a space, or create the client with instanceSpace/,
    );
  });

  it("create mode refuses instances that exist and reports them", async () => {
    await assert.rejects(
      client.equipment.upsert(pump(1), { mode: "create" }),
      (error: unknown) => {
        assert.ok(error instanceof InstanceOperationError);
        assert.deepEqual(error.failedIds, [id("pump-1")]);
        return true;
      },
    );
  });

  it("replace mode resets properties left out", async () => {
    await client.equipment.upsert(pump(4), { mode: "replace" });
    const replaced = await client.equipment.retrieve("pump-4", {
      expand: "none",
    });
    assert.equal(replaced?.description, null);
    assert.deepEqual(replaced?.site, null);
  });

  it("deletes nodes and their edges", async () => {
    const result = await client.delete([id("pump-2"), "wo-1"]);
    assert.deepEqual(result.deleted.map((item) => item.externalId).sort(), [
      "pump-2",
      "wo-1",
    ]);
    assert.equal(await client.equipment.retrieve("pump-2"), undefined);
    const pumpOne = await client.equipment.retrieve("pump-1");
    assert.deepEqual(
      pumpOne?.connectedTo?.map((edge) => edge.endNode.externalId),
      ["pump-3"],
    );
    const edge = await client.connection.delete(
      "ts_e2e:pump-1:pygen_example:Equipment.connectedTo:ts_e2e:pump-3",
    );
    assert.equal(edge.deleted.length, 1);
  });
});
