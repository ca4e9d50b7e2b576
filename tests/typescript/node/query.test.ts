// The query builder: the wire form of what it sends (scripted server), and end to end against
// the emulator (CDF_BASE_URL, CDF_PROJECT, CDF_TOKEN).

import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import {
  ExampleModelClient,
  QueryBuilder,
  TokenAuth,
  type Equipment,
  type EquipmentFilter,
} from "../../../golden/example/typescript/src/index.js";
import { routedFetch } from "./fakes.js";

const SP = "pygen_example";
const DATA = "query_data";
const path = (name: string) => [SP, "Equipment/1", name];

function scripted(
  handler: (path: string, body: Record<string, unknown>) => unknown = () => ({
    items: [],
  }),
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

describe("QueryBuilder: what it sends", () => {
  it("sends nothing until it is run, then one list request with every condition", async () => {
    const { client, requests } = scripted();
    const query: QueryBuilder<Equipment, EquipmentFilter> = client.equipment
      .query()
      .filter({ namePrefix: "Pump", minWeight: 100 })
      .filter({ site: "osl" })
      .sort("-weight", "externalId")
      .limit(10);
    assert.equal(requests.length, 0);
    assert.deepEqual(await query.toArray(), []);
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.path, "/models/instances/list");
    assert.deepEqual(requests[0]!.body, {
      instanceType: "node",
      sources: [
        {
          source: {
            type: "view",
            space: SP,
            externalId: "Equipment",
            version: "1",
          },
        },
      ],
      limit: 10,
      filter: {
        and: [
          { prefix: { property: path("name"), value: "Pump" } },
          { range: { property: path("weight"), gte: 100 } },
          {
            equals: {
              property: path("site"),
              value: { space: DATA, externalId: "osl" },
            },
          },
        ],
      },
      sort: [
        { property: path("weight"), direction: "descending" },
        { property: ["node", "externalId"], direction: "ascending" },
      ],
    });
  });

  it("returns a new builder from every step, so a partial query can be reused", async () => {
    const { client, requests } = scripted();
    const pumps = client.equipment.query().filter({ namePrefix: "Pump" });
    const heavy = pumps.filter({ minWeight: 500 });
    await pumps.toArray();
    await heavy.limit(3).toArray();
    assert.deepEqual(requests[0]!.body["filter"], {
      prefix: { property: path("name"), value: "Pump" },
    });
    assert.equal(requests[0]!.body["limit"], 1000);
    assert.deepEqual(requests[1]!.body["filter"], {
      and: [
        { prefix: { property: path("name"), value: "Pump" } },
        { range: { property: path("weight"), gte: 500 } },
      ],
    });
    assert.equal(requests[1]!.body["limit"], 3);
    assert.deepEqual(pumps.where, {
      prefix: { property: path("name"), value: "Pump" },
    });
    assert.equal(client.equipment.query().where, undefined);
  });

  it("counts on the server with the query's filter", async () => {
    const { client, requests } = scripted(() => ({
      items: [{ aggregates: [{ aggregate: "count", value: 7 }] }],
    }));
    const count = await client.equipment
      .query()
      .filter({ status: "running" })
      .limit(2)
      .count();
    assert.equal(count, 7);
    assert.equal(requests[0]!.path, "/models/instances/aggregate");
    assert.deepEqual(requests[0]!.body["filter"], {
      equals: { property: path("status"), value: "running" },
    });
    assert.deepEqual(requests[0]!.body["aggregates"], [{ count: {} }]);
  });

  it("checks its arguments at once", () => {
    const { client } = scripted();
    const query = client.equipment.query();
    assert.throws(() => query.limit(-1), RangeError);
    assert.throws(() => query.limit(1.5), RangeError);
    assert.throws(() => query.chunkSize(1001), RangeError);
    assert.throws(
      // @ts-expect-error -- not a field of Equipment
      () => query.select("colour"),
      /Equipment has no property "colour"/,
    );
  });

  it("describes itself as data", () => {
    const { client } = scripted();
    const query = client.site.query().filter({ name: "Oslo" }).sort("name");
    assert.deepEqual(JSON.parse(JSON.stringify(query)), {
      view: { type: "view", space: SP, externalId: "Site", version: "1" },
      filter: {
        equals: { property: [SP, "Site/1", "name"], value: "Oslo" },
      },
      sort: ["name"],
      limit: null,
      select: [],
    });
  });
});

function environment(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(
      `${name} is not set: run these tests through tests/typescript (pytest)`,
    );
  }
  return value;
}

describe("QueryBuilder against the emulator", () => {
  let requests = 0;
  const client = new ExampleModelClient({
    baseUrl: environment("CDF_BASE_URL"),
    project: environment("CDF_PROJECT"),
    credentials: new TokenAuth(environment("CDF_TOKEN")),
    instanceSpace: DATA,
    fetch: (input, init) => {
      requests++;
      return fetch(input, init);
    },
  });

  before(async () => {
    await client.instances.http.post("/models/spaces", {
      items: [{ space: DATA }],
    });
    await client.site.upsert([
      { externalId: "osl", name: "Oslo", code: "OSL" },
      { externalId: "bgo", name: "Bergen", code: "BGO" },
    ]);
    await client.equipment.upsert(
      Array.from({ length: 30 }, (_, index) => ({
        externalId: `q-${String(index).padStart(2, "0")}`,
        name: index % 3 === 0 ? `Valve ${index}` : `Pump ${index}`,
        serialNumber: `SN-${index}`,
        weight: index * 10,
        status: index % 2 === 0 ? ("running" as const) : ("stopped" as const),
        site: index < 20 ? "osl" : "bgo",
      })),
    );
  });

  it("filters, sorts and limits", async () => {
    const heaviest = await client.equipment
      .query()
      .filter({ namePrefix: "Pump", space: DATA })
      .filter({ site: "osl", status: "running" })
      .sort("-weight")
      .limit(3)
      .toArray();
    assert.deepEqual(
      heaviest.map((item) => [item.externalId, item.weight]),
      [
        ["q-16", 160],
        ["q-14", 140],
        ["q-10", 100],
      ],
    );
  });

  it("counts what it would list", async () => {
    const query = client.equipment.query().filter({ space: DATA, site: "bgo" });
    assert.equal(await query.count(), 10);
    let listed = 0;
    for await (const item of query) {
      assert.equal(item.site?.externalId, "bgo");
      listed++;
    }
    assert.equal(listed, 10);
  });

  it("fetches a page at a time, and only the pages it needs", async () => {
    const query = client.equipment
      .query()
      .filter({ space: DATA })
      .sort("externalId")
      .chunkSize(7);
    const before = requests;
    const seen: string[] = [];
    for await (const item of query.list()) {
      seen.push(item.externalId);
      if (seen.length === 10) {
        break;
      }
    }
    assert.equal(requests - before, 2); // 7 + 3 of the second page
    assert.deepEqual(seen.slice(0, 3), ["q-00", "q-01", "q-02"]);
    const pages = [];
    for await (const page of query.limit(15).pages()) {
      pages.push(page.items.length);
    }
    assert.deepEqual(pages, [7, 7, 1]);
  });

  it("gives plain rows of the selected fields", async () => {
    const rows = [];
    for await (const row of client.equipment
      .query()
      .filter({ externalIdPrefix: "q-2", space: DATA })
      .sort("externalId")
      .select("name", "weight")
      .limit(2)
      .rows()) {
      rows.push(row);
    }
    assert.deepEqual(rows, [
      { space: DATA, externalId: "q-20", name: "Pump 20", weight: 200 },
      { space: DATA, externalId: "q-21", name: "Valve 21", weight: 210 },
    ]);
  });
});
