// Queries across relations: the example SDK's query builder against the local emulator
// (CDF_BASE_URL, CDF_PROJECT, CDF_TOKEN). Lines marked @ts-expect-error must not compile.

import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import {
  CONNECTION_VIEW,
  EQUIPMENT_VIEW,
  ExampleModelClient,
  ExpandLimitError,
  TokenAuth,
  isExpanded,
  type EquipmentWrite,
  type InstanceId,
} from "../../../golden/example/typescript/src/index.js";

const SPACE = "ts_query_hops";

function environment(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(
      `${name} is not set: run these tests through tests/typescript (pytest)`,
    );
  }
  return value;
}

function id(externalId: string): InstanceId {
  return { space: SPACE, externalId };
}

describe("queries across relations", () => {
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

  before(async () => {
    await client.instances.http.post("/models/spaces", {
      items: [{ space: SPACE }],
    });
    await client.site.upsert([
      { externalId: "qs-a", name: "Alpha", code: "A" },
      { externalId: "qs-b", name: "Beta", code: "B" },
    ]);
    const pump = (
      index: number,
      status: "running" | "stopped",
      extra: Partial<EquipmentWrite> = {},
    ): EquipmentWrite => ({
      externalId: `qp-${index}`,
      name: `Q ${index}`,
      serialNumber: `QSN-${index}`,
      description: `pump ${index}`,
      weight: 10 * index,
      status,
      site: index <= 2 ? id("qs-a") : id("qs-b"),
      ...extra,
    });
    await client.equipment.upsert([
      pump(1, "running", {
        connectedTo: [
          { endNode: id("qp-2"), cableType: "copper", lengthM: 1 },
          { endNode: id("qp-3"), cableType: "fibre", lengthM: 2 },
          { endNode: id("qp-5"), cableType: "copper", lengthM: 3 },
          // copper, to a stopped pump: left out by the node filter alone
          { endNode: id("qp-4"), cableType: "copper", lengthM: 4 },
        ],
      }),
      pump(2, "running"),
      pump(3, "stopped"),
      // a site that is no Site: an include reads no object and keeps the id, as expand does
      pump(4, "stopped", { site: id("qs-nowhere") }),
      pump(5, "running"),
    ]);
    await client.workOrder.upsert([
      order(1, 3, ["qp-1", "qp-2", "qp-3"]),
      order(2, 2, ["qp-4"]),
      order(3, 1, ["qp-5"]),
    ]);
  });

  function order(index: number, priority: number, assets: string[]) {
    return {
      externalId: `qo-${index}`,
      name: `Order ${index}`,
      priority,
      completed: false,
      site: id("qs-a"),
      assets: assets.map(id),
    };
  }

  it("follows relations with a filter, sort and limit per hop, in one request", async () => {
    const start = requests;
    const orders = await client.workOrder
      .query()
      .filter({ space: SPACE, completed: false })
      .sort("-priority")
      .limit(3)
      .include(
        "assets",
        client.equipment
          .query()
          .filter({ status: "running" })
          .sort("-weight")
          .limit(2)
          .include("site", client.site.query().select("code")),
      )
      .toArray();
    assert.equal(requests - start, 1, "one query for the whole tree");
    assert.deepEqual(
      orders.map((item) => item.externalId),
      ["qo-1", "qo-2", "qo-3"],
    );
    const first = orders[0];
    assert.ok(first !== undefined);
    // typed through every hop; a direct relation may keep an id: narrow with isExpanded
    const codes = first.assets.map((asset) => [
      asset.name,
      isExpanded(asset.site) ? asset.site.code : asset.site,
    ]);
    assert.deepEqual(codes, [
      ["Q 2", "A"],
      ["Q 1", "A"],
    ]);
    // a hop's filter chooses what each parent gets, never which parents come back
    assert.deepEqual(orders[1]?.assets, []);
    assert.deepEqual(
      orders[2]?.assets.map((asset) => asset.name),
      ["Q 5"],
    );
    // only the selected properties were fetched
    const site = first.assets[0]?.site;
    assert.ok(isExpanded(site));
    assert.equal(site.code, "A");
    assert.equal("name" in site, false);
    // @ts-expect-error name was not selected
    void site.name;
  });

  it("follows edges with a filter on the far nodes and on the edges", async () => {
    const [pump] = await client.equipment
      .query()
      .filter({ space: SPACE, name: "Q 1" })
      .include(
        "connectedTo",
        client.equipment
          .query()
          .filter({ status: "running" })
          .edgeFilter(CONNECTION_VIEW.prop("cableType").equals("copper")),
      )
      .toArray();
    assert.ok(pump !== undefined);
    assert.deepEqual(
      pump.connectedTo.map((edge) => [edge.cableType, edge.otherNode?.name]),
      [
        ["copper", "Q 2"],
        ["copper", "Q 5"],
      ],
    );
    const reverse = await client.site
      .query()
      .filter({ space: SPACE })
      .sort("code")
      .include("equipment", client.equipment.query().sort("-weight").limit(1))
      .toArray();
    assert.deepEqual(
      reverse.map((item) => [item.code, item.equipment.map((e) => e.name)]),
      [
        ["A", ["Q 2"]],
        ["B", ["Q 5"]],
      ],
    );
  });

  it("pages across relations with a cursor that resumes the query", async () => {
    const query = client.equipment
      .query()
      .filter({ space: SPACE })
      .sort("externalId")
      .chunkSize(2)
      .include("site", client.site.query().select("code"));
    const firstPage = async (
      from: string | undefined,
    ): Promise<{ ids: string[]; next: string | undefined }> => {
      for await (const page of query.cursor(from).pages()) {
        return {
          ids: page.items.map((item) =>
            [
              item.externalId,
              isExpanded(item.site) ? item.site.code : "-",
            ].join(":"),
          ),
          next: page.nextCursor,
        };
      }
      return { ids: [], next: undefined };
    };
    const first = await firstPage(undefined);
    assert.deepEqual(first.ids, ["qp-1:A", "qp-2:A"]);
    assert.ok(first.next !== undefined, "a root cursor after the first page");
    const second = await firstPage(first.next);
    assert.deepEqual(second.ids, ["qp-3:B", "qp-4:-"]);
    const third = await firstPage(second.next);
    assert.deepEqual(third.ids, ["qp-5:B"]);
    assert.equal(third.next, undefined);
    // a plain query resumes the same way (the list endpoint's cursor)
    const plain = client.equipment
      .query()
      .filter({ space: SPACE })
      .sort("externalId")
      .chunkSize(3);
    let cursor: string | undefined;
    for await (const page of plain.pages()) {
      cursor = page.nextCursor;
      break;
    }
    const rest = await plain.cursor(cursor).toArray();
    assert.deepEqual(
      rest.map((item) => item.externalId),
      ["qp-4", "qp-5"],
    );
  });

  it("queries an edge view from its edges: filters, sort, select", async () => {
    const copper = await client.connection
      .query()
      .filter({ space: SPACE, cableType: "copper" })
      .sort("-lengthM")
      .select("lengthM")
      .toArray();
    assert.deepEqual(
      copper.map((edge) => [edge.endNode.externalId, edge.lengthM]),
      [
        ["qp-4", 4],
        ["qp-5", 3],
        ["qp-2", 1],
      ],
    );
    assert.equal("cableType" in (copper[0] ?? {}), false);
    const viaAccessor = await client.equipment.connectedToEdges
      .query()
      .filter({ space: SPACE })
      .select("cableType")
      .toArray();
    assert.equal(viaAccessor.length, 4);
    // @ts-expect-error an edge root has no relation to include
    void client.connection.query().include("startNode");
  });

  it("fills bare external ids inside a relation filter's target", async () => {
    // work orders with an asset at site qs-b (qp-3 and qp-5): a two-step relation filter
    // whose target filter names the site by its bare external id
    const orders = await client.workOrder
      .query()
      .filter({
        space: SPACE,
        assets: EQUIPMENT_VIEW.prop("site").references("qs-b"),
      })
      .sort("externalId")
      .toArray();
    assert.deepEqual(
      orders.map((item) => item.externalId),
      ["qo-1", "qo-3"],
    );
    const listed = [];
    for await (const site of client.site.list({
      equipment: EQUIPMENT_VIEW.prop("site").references(["qs-a", "qs-x"]),
    })) {
      listed.push(site.externalId);
    }
    assert.deepEqual(listed, ["qs-a"]);
    // nowhere to fill it in: a clear error, not a filter on the text "qs-b"
    const bare = new ExampleModelClient({
      baseUrl: environment("CDF_BASE_URL"),
      project: environment("CDF_PROJECT"),
      credentials: new TokenAuth(environment("CDF_TOKEN")),
    });
    await assert.rejects(
      bare.workOrder
        .query()
        .filter({ assets: EQUIPMENT_VIEW.prop("site").references("qs-b") })
        .toArray(),
      /"qs-b" is a bare external id/,
    );
    assert.throws(
      () => JSON.stringify(EQUIPMENT_VIEW.prop("site").references("qs-b")),
      /"qs-b" is a bare external id: pass \{space, externalId\}/,
    );
  });

  it("selects properties, keeps relations, and checks names and guards", async () => {
    const rows = await client.equipment
      .query()
      .filter({ space: SPACE })
      .sort("externalId")
      .select("name", "weight")
      .limit(2)
      .toArray();
    assert.deepEqual(
      rows.map((item) => [item.name, item.weight, "description" in item]),
      [
        ["Q 1", 10, false],
        ["Q 2", 20, false],
      ],
    );
    assert.deepEqual(rows[0]?.site, id("qs-a"));
    const [nowhere] = await client.equipment
      .query()
      .filter({ space: SPACE, name: "Q 4" })
      .include("site")
      .toArray();
    assert.deepEqual(nowhere?.site, id("qs-nowhere"), "include keeps the id");
    const expanded = await client.equipment.retrieve("qp-4", { expand: 1 });
    assert.deepEqual(expanded?.site, id("qs-nowhere"), "expand keeps the id");
    // a target the hop's filter leaves out keeps its id too (as in Python)
    const beta = await client.equipment
      .query()
      .filter({ space: SPACE })
      .sort("externalId")
      .include("site", client.site.query().filter({ code: "B" }))
      .toArray();
    assert.deepEqual(
      beta.map((item) =>
        isExpanded(item.site) ? item.site.code : item.site?.externalId,
      ),
      ["qs-a", "qs-a", "B", "qs-nowhere", "B"],
    );
    // @ts-expect-error a direct relation's target may be an id: narrow before reading
    void beta[0]?.site?.code;
    // @ts-expect-error description was not selected
    void rows[0]?.description;

    const deep = client.workOrder
      .query()
      .include(
        "assets",
        client.equipment.query().include("site", client.site.query()),
      );
    await assert.rejects(
      deep.guard({ maxDepth: 1 }).toArray(),
      (error: unknown) =>
        ExpandLimitError.is(error) &&
        error.message.includes(".guard({ maxDepth: 2 })"),
    );
    await assert.rejects(
      deep.guard({ maxInstances: 2 }).toArray(),
      (error: unknown) =>
        ExpandLimitError.is(error) && error.message.includes("maxInstances"),
    );
    assert.deepEqual(deep.toJSON()["include"], {
      assets: {
        view: client.equipment.spec.view.dump(),
        filter: null,
        sort: [],
        limit: null,
        select: [],
        include: {
          site: {
            view: client.site.spec.view.dump(),
            filter: null,
            sort: [],
            limit: null,
            select: [],
          },
        },
      },
    });
    // @ts-expect-error WorkOrder has no relation "asset"
    void client.workOrder.query().include("asset");
    // @ts-expect-error the query of a hop is of the relation's target view
    void client.workOrder.query().include("site", client.equipment.query());
    // @ts-expect-error name is a property, not a relation
    void client.workOrder.query().include("name");
  });
});
