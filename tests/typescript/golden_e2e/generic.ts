// One end-to-end run of a generated SDK against the emulator, driven only by what the SDK
// exports: its client class, its API objects (`InstanceReadAPI`) and their view specs.
//
// For every writable node view: three write objects with a value for every property (by
// type; enums take their first value from the server's view definition), direct relations and
// edges given as nested write objects of their target view, upsert, retrieve (values compared),
// list by `externalIdPrefix` and by a generated property filter option, follow a direct
// relation and an edge to the target written along, delete. A view that is not exercised says
// why. Prints one JSON report on stdout; exits 1 when a check failed.
//
// Environment: PYGEN_SDK (file URL of the SDK's compiled index.js), CDF_BASE_URL, CDF_PROJECT,
// CDF_TOKEN.

import type {
  EdgeSpec,
  HttpClient,
  InstanceId,
  PropertySpec,
  ViewSpec,
} from "../../../pygen/runtime/typescript/index.js";
import * as runtime from "../../../pygen/runtime/typescript/index.js";

// The SDKs compile with `lib: ["ES2022", "DOM"]` and no Node types; this is all of Node used.
declare const process: {
  env: Record<string, string | undefined>;
  stdout: { write(text: string): boolean };
  exitCode?: number;
};

const SPACE = "golden_e2e";
const COUNT = 3;

interface Api {
  readonly spec: ViewSpec;
  retrieve(
    id: InstanceId,
    options?: { expand?: "none" | "ids" | number },
  ): Promise<Record<string, unknown> | undefined>;
  list(
    options: Record<string, unknown>,
  ): AsyncIterable<Record<string, unknown>>;
  filterOf(options: Record<string, unknown>): unknown;
  upsert?(items: readonly object[]): Promise<{ created: readonly unknown[] }>;
}

interface Client {
  readonly instances: { readonly http: HttpClient };
  delete(items: readonly InstanceId[]): Promise<unknown>;
}

interface ServerView {
  space: string;
  externalId: string;
  version: string;
  filter?: unknown;
  properties: Record<string, { type?: { type?: string; values?: object } }>;
}

/** What happened to one view. */
interface ViewReport {
  view: string;
  exercised: string[];
  notes: string[];
  errors: string[];
}

function environment(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(
      `${name} is not set: run this through tests/typescript (pytest)`,
    );
  }
  return value;
}

function viewKey(view: {
  space: string;
  externalId: string;
  version: string;
}): string {
  return `${view.space}:${view.externalId}/${view.version}`;
}

/** The node written along in `field` of `owner` (outside the owner's list prefix). */
function targetId(owner: string, field: string): string {
  return `n-${owner}-${field}`;
}

/** Property types with `min<Field>` / `max<Field>` filter options. */
const RANGE_TYPES: readonly string[] = [
  "int32",
  "int64",
  "float32",
  "float64",
  "timestamp",
  "date",
];

const STAMP = new Date("2024-05-01T12:00:00.000Z");

/** A value of the property's type, or undefined when no value can be made. */
function sample(
  property: PropertySpec,
  seed: string,
  enumValues: readonly string[] | undefined,
  target: (() => object) | undefined,
): unknown {
  const one = (): unknown => {
    switch (property.type) {
      case "text":
        return `${seed}-text`;
      case "boolean":
        return true;
      case "int32":
      case "int64":
        return 7;
      case "float32":
      case "float64":
        return 1.5;
      case "timestamp":
        return STAMP;
      case "date":
        return "2024-05-01";
      case "json":
        return { seed };
      case "enum":
        return enumValues?.[0];
      case "timeseries":
      case "file":
      case "sequence":
        return `${seed}-ref`;
      case "direct":
        return target?.();
    }
  };
  const value = one();
  if (value === undefined) {
    return undefined;
  }
  return property.list === true ? [value] : value;
}

/** The node type a view's filter demands (`equals` on `["node", "type"]`), if that is all. */
function typeOfFilter(filter: unknown): InstanceId | undefined {
  const equals = (
    filter as { equals?: { property?: unknown; value?: unknown } } | undefined
  )?.equals;
  if (JSON.stringify(equals?.property) !== '["node","type"]') {
    return undefined;
  }
  const value = equals?.value as Partial<InstanceId> | undefined;
  return typeof value?.space === "string" &&
    typeof value.externalId === "string"
    ? { space: value.space, externalId: value.externalId }
    : undefined;
}

/** The id of the node at the other end of an edge as read (an id, or an edge object). */
function otherEnd(value: unknown, edge: EdgeSpec): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === null || typeof first !== "object") {
    return undefined;
  }
  const item = first as Record<string, unknown>;
  const node = (
    "startNode" in item
      ? item[edge.direction === "outwards" ? "endNode" : "startNode"]
      : item
  ) as Partial<InstanceId> | undefined;
  return node?.externalId;
}

async function collect(
  items: AsyncIterable<Record<string, unknown>>,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const item of items) {
    out.push(item);
  }
  return out;
}

function same(sent: unknown, read: unknown): boolean {
  if (sent instanceof Date) {
    return read instanceof Date && read.getTime() === sent.getTime();
  }
  return JSON.stringify(sent) === JSON.stringify(read);
}

async function main(): Promise<void> {
  const sdk = (await import(environment("PYGEN_SDK"))) as Record<
    string,
    unknown
  >;
  const clientNames = Object.keys(sdk).filter(
    (name) =>
      name.endsWith("Client") &&
      !(name in runtime) &&
      typeof sdk[name] === "function",
  );
  if (clientNames.length !== 1) {
    throw new Error(
      `expected one generated client class, found ${clientNames.join(", ")}`,
    );
  }
  const ClientClass = sdk[clientNames[0] as string] as new (
    options: object,
  ) => Client;
  const client = new ClientClass({
    baseUrl: environment("CDF_BASE_URL"),
    project: environment("CDF_PROJECT"),
    credentials: new (sdk["TokenAuth"] as typeof runtime.TokenAuth)(
      environment("CDF_TOKEN"),
    ),
    instanceSpace: SPACE,
  });
  const ReadApi = sdk["InstanceReadAPI"] as abstract new (
    ...args: never[]
  ) => object;
  const apis = Object.values(client).filter(
    (value): value is Api => value instanceof ReadApi,
  );
  const byView = new Map(apis.map((api) => [viewKey(api.spec.view), api]));
  const http = client.instances.http;
  await http.post("/models/spaces", { items: [{ space: SPACE }] });
  const served = await http.post<{ items: ServerView[] }>(
    "/models/views/byids",
    {
      items: apis.map(({ spec: { view } }) => ({
        space: view.space,
        externalId: view.externalId,
        version: view.version,
      })),
    },
  );
  const server = new Map(served.items.map((view) => [viewKey(view), view]));
  const edgeViewUse = new Map<string, string>();
  for (const api of apis) {
    for (const [field, edge] of Object.entries(api.spec.edges)) {
      const target =
        edge.targetView === null
          ? undefined
          : byView.get(viewKey(edge.targetView));
      if (edge.edgeView !== null && target?.spec.writable === true) {
        edgeViewUse.set(
          viewKey(edge.edgeView),
          `${api.spec.view.externalId}.${field}`,
        );
      }
    }
  }

  function enumValues(
    view: ViewSpec,
    property: PropertySpec,
  ): string[] | undefined {
    const values = server.get(viewKey(view.view))?.properties[property.property]
      ?.type?.values;
    return values === undefined ? undefined : Object.keys(values).sort();
  }

  function writable(
    view: { space: string; externalId: string; version: string } | null,
  ) {
    const api = view === null ? undefined : byView.get(viewKey(view));
    return api !== undefined &&
      api.spec.writable &&
      api.spec.instanceType === "node"
      ? api
      : undefined;
  }

  /** A write object of `spec` with every property set; relations and edges only at `depth` 0. */
  function writeObject(
    spec: ViewSpec,
    externalId: string,
    depth: number,
    targets: string[],
  ) {
    const item: Record<string, unknown> = { space: SPACE, externalId };
    const nodeType = typeOfFilter(server.get(viewKey(spec.view))?.filter);
    if (
      nodeType !== undefined &&
      (spec.nodeType?.space !== nodeType.space ||
        spec.nodeType.externalId !== nodeType.externalId)
    ) {
      // no `type` is set here: the SDK must give written nodes the type the view lists
      throw new Error(
        `${spec.view.externalId}: the spec's nodeType is not the view filter's node type`,
      );
    }
    for (const [field, property] of Object.entries(spec.properties)) {
      let target: (() => object) | undefined;
      if (property.type === "direct") {
        const source = writable(property.source ?? null);
        target =
          depth === 0 && source !== undefined
            ? () => {
                const id = targetId(externalId, field);
                targets.push(id);
                return writeObject(source.spec, id, depth + 1, targets);
              }
            : undefined;
      }
      const value = sample(
        property,
        externalId,
        enumValues(spec, property),
        target,
      );
      if (value !== undefined) {
        item[field] = value;
      }
    }
    for (const [field, edge] of Object.entries(spec.edges)) {
      const end = writable(edge.targetView);
      if (depth > 0 || end === undefined) {
        continue;
      }
      const id = targetId(externalId, field);
      targets.push(id);
      const node = writeObject(end.spec, id, depth + 1, targets);
      const edgeView =
        edge.edgeView === null ? undefined : byView.get(viewKey(edge.edgeView));
      let value: object = node;
      if (edgeView !== undefined) {
        value = {
          ...writeObject(edgeView.spec, `${id}-edge`, 1, targets),
          endNode: node,
        };
        delete (value as Record<string, unknown>)["space"];
        delete (value as Record<string, unknown>)["externalId"]; // the runtime makes edge ids
      }
      item[field] = edge.multi ? [value] : value;
    }
    return item;
  }

  const reports: ViewReport[] = [];
  let index = 0;
  for (const api of apis) {
    const spec = api.spec;
    const report: ViewReport = {
      view: viewKey(spec.view),
      exercised: [],
      notes: [],
      errors: [],
    };
    reports.push(report);
    if (!spec.writable || api.upsert === undefined) {
      report.notes.push("read-only view: nothing to write");
      continue;
    }
    const use = edgeViewUse.get(report.view);
    if (spec.instanceType === "edge" && use !== undefined) {
      report.notes.push(
        `edge view: written as the properties of the edges of ${use}`,
      );
      continue;
    }
    const standalone = spec.instanceType === "edge";
    const prefix = `v${index++}-`;
    const targets: string[] = [];
    const items = Array.from({ length: COUNT }, (_, k) =>
      writeObject(spec, `${prefix}${k}`, standalone ? 1 : 0, targets),
    );
    if (standalone) {
      // An edge view no connection uses: edges of a test type between bare nodes.
      report.notes.push(
        "edge view used by no connection: edges of a test type written",
      );
      for (const item of items) {
        const [start, end] = ["start", "end"].map(
          (end) => `n-${item["externalId"]}-${end}`,
        );
        targets.push(start as string, end as string);
        item["type"] = { space: SPACE, externalId: "golden-e2e-edge" };
        item["startNode"] = { space: SPACE, externalId: start };
        item["endNode"] = { space: SPACE, externalId: end };
      }
      await http.post("/models/instances", {
        items: targets.map((externalId) => ({
          instanceType: "node",
          space: SPACE,
          externalId,
        })),
      });
    }
    const ids = [
      ...(standalone ? [] : items.map((item) => item["externalId"] as string)),
      ...targets, // deleting the nodes of standalone edges deletes the edges
    ].map((externalId) => ({ space: SPACE, externalId }));
    const first = items[0] as Record<string, unknown>;
    const check = async (
      what: string,
      body: () => Promise<string | undefined>,
    ) => {
      try {
        const note = await body();
        if (note === undefined) {
          report.exercised.push(what);
        } else {
          report.notes.push(`${what}: ${note}`);
        }
      } catch (error) {
        report.errors.push(
          `${what}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    };
    let written = false;
    await check("upsert", async () => {
      const result = await api.upsert!(items);
      if (result.created.length < COUNT) {
        throw new Error(`created ${result.created.length} of ${COUNT}`);
      }
      written = true;
      return undefined;
    });
    if (!written) {
      continue;
    }
    const id = { space: SPACE, externalId: first["externalId"] as string };
    await check("retrieve", async () => {
      const read = await api.retrieve(id);
      if (read === undefined) {
        throw new Error("not found");
      }
      for (const [field, property] of Object.entries(spec.properties)) {
        if (property.type !== "direct" && !same(first[field], read[field])) {
          throw new Error(
            `${field}: wrote ${JSON.stringify(first[field])}, read ${JSON.stringify(read[field])}`,
          );
        }
      }
      return undefined;
    });
    const filtered = server.get(report.view)?.filter !== undefined;
    await check("list by externalIdPrefix", async () => {
      const listed = await collect(api.list({ externalIdPrefix: prefix }));
      const got = listed.map((item) => item["externalId"]).sort();
      const want = items.map((item) => item["externalId"]).sort();
      if (JSON.stringify(got) === JSON.stringify(want)) {
        return undefined;
      }
      if (filtered && got.length === 0) {
        return "the view's filter (not a node type) is not met by the sample instances";
      }
      throw new Error(
        `listed ${JSON.stringify(got)}, wrote ${JSON.stringify(want)}`,
      );
    });
    await check("list by a generated filter option", async () => {
      for (const [field, property] of Object.entries(spec.properties)) {
        const relation =
          property.type === "direct" &&
          writable(property.source ?? null) !== undefined;
        const equality =
          relation || ["text", "enum", "boolean"].includes(property.type);
        const range = RANGE_TYPES.includes(property.type);
        if (property.list === true || !(equality || range)) {
          continue;
        }
        const value = relation
          ? { space: SPACE, externalId: targetId(id.externalId, field) }
          : first[field];
        const capital = field.charAt(0).toUpperCase() + field.slice(1);
        const names = equality
          ? [field, `${field}_`]
          : [`min${capital}`, `min${capital}_`];
        const option = names.find((name) => {
          const filter = api.filterOf({ [name]: value });
          return (
            filter !== undefined &&
            JSON.stringify(filter).includes(property.property)
          );
        });
        if (option === undefined || value === undefined) {
          continue;
        }
        const listed = await collect(
          api.list({ [option]: value, externalIdPrefix: prefix }),
        );
        if (listed.some((item) => item["externalId"] === id.externalId)) {
          return undefined;
        }
        if (filtered && listed.length === 0) {
          return "the view's filter (not a node type) is not met by the sample instances";
        }
        throw new Error(
          `${option}: ${JSON.stringify(value)} did not find ${id.externalId}`,
        );
      }
      return "no single text, enum, boolean, number, timestamp, date or relation property";
    });
    if (standalone) {
      report.notes.push("edge view: no relations or edges followed");
    }
    await check("follow a direct relation", async () => {
      for (const [field, property] of Object.entries(spec.properties)) {
        const source = writable(property.source ?? null);
        if (property.type !== "direct" || source === undefined || standalone) {
          continue;
        }
        const read = await api.retrieve(id);
        const value = read?.[field];
        const target = (
          Array.isArray(value) ? value[0] : value
        ) as InstanceId | null;
        if (target?.externalId !== targetId(id.externalId, field)) {
          throw new Error(`${field} read ${JSON.stringify(value)}`);
        }
        if ((await source.retrieve(target)) === undefined) {
          throw new Error(
            `${field}: ${target.externalId} not found through its view`,
          );
        }
        return undefined;
      }
      return "no direct relation to a writable view";
    });
    await check("follow an edge", async () => {
      for (const [field, edge] of Object.entries(spec.edges)) {
        const end = writable(edge.targetView);
        if (end === undefined) {
          continue;
        }
        const read = await api.retrieve(id, { expand: "ids" });
        const other = otherEnd(read?.[field], edge);
        if (other !== targetId(id.externalId, field)) {
          throw new Error(`${field} read ${JSON.stringify(read?.[field])}`);
        }
        if (
          (await end.retrieve({ space: SPACE, externalId: other })) ===
          undefined
        ) {
          throw new Error(`${field}: ${other} not found through its view`);
        }
        return undefined;
      }
      return "no edge connection to a writable view";
    });
    await check("delete", async () => {
      await client.delete(ids);
      if ((await api.retrieve(id)) !== undefined) {
        throw new Error(`${id.externalId} still there`);
      }
      return undefined;
    });
  }
  process.stdout.write(JSON.stringify(reports, null, 2) + "\n");
  process.exitCode = reports.some((report) => report.errors.length > 0) ? 1 : 0;
}

await main();
