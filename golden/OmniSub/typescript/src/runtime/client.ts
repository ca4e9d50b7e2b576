/**
 * `InstanceClient`: batched writes and deletes across views, and the transport the view APIs
 * share.
 */

import { InstanceOperationError } from "./errors.js";
import type { HttpClient } from "./http.js";
import { toInstanceId, type InstanceId, type ViewRef } from "./ids.js";
import {
  edgeExternalId,
  isEdgeWrite,
  isNodeWrite,
  writeProperties,
  type EdgeSpec,
  type ViewSpec,
  type WireWrite,
} from "./instance.js";
import {
  emptyResult,
  mergeResult,
  type FailedBatch,
  type InstanceResult,
} from "./results.js";

/** The most items the API takes in one apply, delete or byids request. */
export const API_ITEM_LIMIT = 1000;

/**
 * How an upsert treats what is stored: `update` merges the given properties in, `replace`
 * resets the properties you leave out, `create` fails for instances that exist.
 */
export type UpsertMode = "update" | "replace" | "create";

/** Options of `upsert`. */
export interface UpsertOptions {
  /** Default `update`. */
  mode?: UpsertMode;
}

/** An instance id, or a bare external id in the client's `instanceSpace`. */
export type IdLike = InstanceId | string;

/** Options of `InstanceClient`. */
export interface InstanceClientOptions {
  /** The space of instances given by bare external id. */
  instanceSpace?: string;
  /** Items per request, at most (and by default) 1,000. */
  batchSize?: number;
}

/** A write waiting to be sent: the object and the view it is written through. */
interface PendingWrite {
  instanceType: "node" | "edge";
  spec: ViewSpec | undefined;
  item: object;
}

interface SlimItem {
  space: string;
  externalId: string;
  wasModified?: boolean;
  createdTime?: number;
  lastUpdatedTime?: number;
}

/**
 * Writes and deletes instances for every API of a generated SDK, and knows every view of the
 * model (to write nested objects through the right view).
 */
export class InstanceClient {
  /** The HTTP client every request goes through. */
  readonly http: HttpClient;
  /** The space of instances given by bare external id. */
  readonly instanceSpace: string | undefined;
  /** Items per request. */
  readonly batchSize: number;
  readonly #views: Map<string, ViewSpec>;

  constructor(
    http: HttpClient,
    views: readonly ViewSpec[],
    options: InstanceClientOptions = {},
  ) {
    const batchSize = options.batchSize ?? API_ITEM_LIMIT;
    if (
      !Number.isInteger(batchSize) ||
      batchSize < 1 ||
      batchSize > API_ITEM_LIMIT
    ) {
      throw new RangeError(
        `batchSize must be between 1 and ${API_ITEM_LIMIT}, got ${batchSize}`,
      );
    }
    this.http = http;
    this.instanceSpace = options.instanceSpace;
    this.batchSize = batchSize;
    this.#views = new Map(views.map((spec) => [spec.view.toString(), spec]));
  }

  /**
   * The spec of a view of the model.
   *
   * @throws RangeError for a view the client does not know.
   */
  spec(view: ViewRef): ViewSpec {
    const spec = this.#views.get(view.toString());
    if (spec === undefined) {
      throw new RangeError(
        `the view ${view.toString()} is not part of this client's model`,
      );
    }
    return spec;
  }

  /**
   * An id from an `InstanceId` (or anything with `space` and `externalId`), or from a bare
   * external id in `instanceSpace`.
   */
  toId(value: IdLike | object): InstanceId {
    if (typeof value === "string") {
      if (this.instanceSpace === undefined) {
        throw new TypeError(
          `${JSON.stringify(value)} is a bare external id: pass {space, externalId} ` +
            "or set instanceSpace on the client",
        );
      }
      return { space: this.instanceSpace, externalId: value };
    }
    return toInstanceId(value);
  }

  /**
   * Create or update instances of one view, with everything nested in them: direct-relation
   * targets given as write objects, edges of connections (with deterministic external ids) and
   * the nodes at their other end. Each instance is written once; nodes go first, then edges, in
   * batches of `batchSize`.
   *
   * @throws InstanceOperationError when some batches failed: its `result` says what succeeded,
   *   its `failed` lists every failed batch with its items.
   */
  async upsert(
    spec: ViewSpec,
    items: readonly object[],
    options: UpsertOptions = {},
  ): Promise<InstanceResult> {
    if (!spec.writable) {
      throw new TypeError(`the view ${spec.view.toString()} is read-only`);
    }
    const mode = options.mode ?? "update";
    const { nodes, edges } = this.flatten(
      spec,
      this.withInstanceSpace(spec, items),
    );
    if (mode === "create") {
      for (const wire of [...nodes, ...edges]) {
        wire["existingVersion"] ??= 0;
      }
    }
    const replace = mode === "replace";
    const result = emptyResult();
    const failed: FailedBatch[] = [];
    for (const group of [nodes, edges]) {
      await this.#run(
        group,
        (batch) => this.#apply(batch, replace),
        result,
        failed,
      );
    }
    if (failed.length > 0) {
      throw new InstanceOperationError("upsert", result, failed);
    }
    return result;
  }

  /**
   * Delete instances given as ids, bare external ids (in `instanceSpace`), or read and write
   * objects. Objects that are edges (`instanceType: "edge"`, or with an `endNode`) are deleted
   * as edges, everything else as `instanceType`. Deleting a node deletes its edges.
   *
   * @throws InstanceOperationError when some batches failed (see `upsert`).
   */
  async delete(
    items: IdLike | object | readonly (IdLike | object)[],
    options: { instanceType?: "node" | "edge" } = {},
  ): Promise<InstanceResult> {
    const values: readonly (IdLike | object)[] = Array.isArray(items)
      ? items
      : [items];
    const wire = values.map((value) => {
      const isEdge =
        typeof value === "object" &&
        ((value as { instanceType?: unknown }).instanceType === "edge" ||
          isEdgeWrite(value));
      const id = this.toId(value);
      return {
        instanceType: isEdge ? "edge" : (options.instanceType ?? "node"),
        space: id.space,
        externalId: id.externalId,
      };
    });
    const result = emptyResult();
    const failed: FailedBatch[] = [];
    await this.#run(wire, (batch) => this.#delete(batch), result, failed);
    if (failed.length > 0) {
      throw new InstanceOperationError("delete", result, failed);
    }
    return result;
  }

  /**
   * Copies of `items` (and of every write object nested in them) with the client's
   * `instanceSpace` filled in: as the `space` of nodes that have none, and for relations given
   * as bare external ids (a direct relation, an edge connection, an edge's `endNode`). `upsert`
   * calls it before anything is flattened, so edge ids are computed from the filled-in space.
   * Edges inside a connection take their node's space. The given objects are not changed.
   *
   * @throws TypeError when something needs the instance space and the client has none.
   */
  withInstanceSpace(spec: ViewSpec, items: readonly object[]): object[] {
    const copies = new Map<object, object>();
    const node = (target: ViewSpec | undefined, item: object): object => {
      const done = copies.get(item);
      if (done !== undefined) {
        return done;
      }
      const copy: Record<string, unknown> = { ...item };
      copies.set(item, copy);
      if (copy["space"] === undefined) {
        copy["space"] = this.#instanceSpace(
          `${JSON.stringify(copy["externalId"])} has no space`,
        );
      }
      if (target?.instanceType === "edge") {
        for (const key of ["startNode", "endNode"]) {
          if (typeof copy[key] === "string") {
            copy[key] = this.toId(copy[key]);
          }
        }
      }
      for (const [field, property] of Object.entries(
        target?.properties ?? {},
      )) {
        const value = copy[field];
        if (property.type === "direct" && value != null) {
          copy[field] = mapOneOrMany(value, (one) =>
            typeof one === "string"
              ? this.toId(one)
              : isNodeWrite(one) && property.source !== undefined
                ? node(this.spec(property.source), one)
                : one,
          );
        }
      }
      for (const [field, edge] of Object.entries(target?.edges ?? {})) {
        const value = copy[field];
        if (value != null) {
          copy[field] = mapOneOrMany(value, (one) => connectionItem(edge, one));
        }
      }
      return copy;
    };
    const end = (edge: EdgeSpec, value: unknown): unknown =>
      typeof value === "string"
        ? this.toId(value)
        : isNodeWrite(value)
          ? node(this.#targetSpec(edge), value)
          : value;
    const connectionItem = (edge: EdgeSpec, value: unknown): unknown =>
      isEdgeWrite(value)
        ? { ...value, endNode: end(edge, value.endNode) }
        : end(edge, value);
    return items.map((item) => node(spec, item));
  }

  /** The spec of the nodes at the other end of an edge connection, to write one along. */
  #targetSpec(edge: EdgeSpec): ViewSpec {
    if (edge.targetView === null) {
      throw new TypeError(
        `the nodes at the other end of edges of type ${edge.edgeType.externalId} are not in ` +
          "the model: give them as ids, not write objects",
      );
    }
    return this.spec(edge.targetView);
  }

  #instanceSpace(what: string): string {
    if (this.instanceSpace === undefined) {
      throw new TypeError(
        `${what}: give a space, or create the client with instanceSpace to write in that ` +
          "space by default",
      );
    }
    return this.instanceSpace;
  }

  /**
   * Every write object reachable from `items`, once each, as wire items: nodes and edges. The
   * first occurrence of an instance wins.
   */
  flatten(
    spec: ViewSpec,
    items: readonly object[],
  ): { nodes: WireWrite[]; edges: WireWrite[] } {
    const nodes: WireWrite[] = [];
    const edges: WireWrite[] = [];
    const seen = new Set<string>();
    const stack: PendingWrite[] = items
      .map((item) => ({ instanceType: spec.instanceType, spec, item }))
      .reverse();
    while (stack.length > 0) {
      const current = stack.pop()!;
      const wire = dump(current);
      const key = JSON.stringify([
        wire.instanceType,
        wire.space,
        wire.externalId,
      ]);
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      (wire.instanceType === "edge" ? edges : nodes).push(wire);
      stack.push(...this.#nested(current).reverse());
    }
    return { nodes, edges };
  }

  /** The write objects nested directly in `pending` (direct-relation targets and edges). */
  #nested(pending: PendingWrite): PendingWrite[] {
    const spec = pending.spec;
    if (spec === undefined) {
      return [];
    }
    const values = fields(pending.item);
    const found: PendingWrite[] = [];
    for (const [field, property] of Object.entries(spec.properties)) {
      const value = values[field];
      if (
        property.type !== "direct" ||
        property.source === undefined ||
        value == null
      ) {
        continue;
      }
      const target = this.spec(property.source);
      for (const item of Array.isArray(value) ? value : [value]) {
        if (isNodeWrite(item)) {
          found.push({ instanceType: "node", spec: target, item });
        }
      }
    }
    for (const [field, edge] of Object.entries(spec.edges)) {
      const value = values[field];
      if (value == null) {
        continue;
      }
      for (const item of Array.isArray(value) ? value : [value]) {
        found.push(...this.#edgeWrites(pending.item, edge, item));
      }
    }
    return found;
  }

  /** The edge of one item of a connection, then the node at its other end if it is a write. */
  #edgeWrites(owner: object, spec: EdgeSpec, value: unknown): PendingWrite[] {
    const ownerId = toInstanceId(owner);
    const edge: Record<string, unknown> = isEdgeWrite(value)
      ? { ...value }
      : { endNode: value };
    const other = edge["endNode"];
    const otherId = toInstanceId(other);
    const [start, end] =
      spec.direction === "outwards" ? [ownerId, otherId] : [otherId, ownerId];
    edge["type"] = spec.edgeType;
    edge["startNode"] = start;
    edge["space"] ||= ownerId.space;
    edge["externalId"] ||= edgeExternalId(start, spec.edgeType, end);
    if (spec.direction === "inwards") {
      edge["endNode"] = end;
    }
    const edgeSpec =
      isEdgeWrite(value) && spec.edgeView !== null
        ? this.spec(spec.edgeView)
        : undefined;
    const writes: PendingWrite[] = [
      { instanceType: "edge", spec: edgeSpec, item: edge },
    ];
    if (isNodeWrite(other)) {
      writes.push({
        instanceType: "node",
        spec: this.#targetSpec(spec),
        item: other,
      });
    }
    return writes;
  }

  async #apply(
    batch: Record<string, unknown>[],
    replace: boolean,
  ): Promise<InstanceResult> {
    const body = { items: batch, replace };
    const response = await this.http.post<{ items?: SlimItem[] }>(
      "/models/instances",
      body,
    );
    const result = emptyResult();
    for (const slim of response.items ?? []) {
      const id = { space: slim.space, externalId: slim.externalId };
      if (slim.wasModified === false) {
        result.unchanged.push(id);
      } else if (slim.createdTime === slim.lastUpdatedTime) {
        result.created.push(id);
      } else {
        result.updated.push(id);
      }
    }
    return result;
  }

  async #delete(batch: Record<string, unknown>[]): Promise<InstanceResult> {
    const response = await this.http.post<{ items?: InstanceId[] }>(
      "/models/instances/delete",
      {
        items: batch,
      },
    );
    const result = emptyResult();
    result.deleted.push(...(response.items ?? []).map(toInstanceId));
    return result;
  }

  /** Send `items` in batches (in parallel, up to the HTTP client's concurrency). */
  async #run(
    items: Record<string, unknown>[],
    send: (batch: Record<string, unknown>[]) => Promise<InstanceResult>,
    result: InstanceResult,
    failed: FailedBatch[],
  ): Promise<void> {
    const batches: Record<string, unknown>[][] = [];
    for (let start = 0; start < items.length; start += this.batchSize) {
      batches.push(items.slice(start, start + this.batchSize));
    }
    const outcomes = await Promise.allSettled(
      batches.map((batch) => send(batch)),
    );
    outcomes.forEach((outcome, index) => {
      if (outcome.status === "fulfilled") {
        mergeResult(result, outcome.value);
      } else {
        failed.push({ error: outcome.reason, items: batches[index] ?? [] });
      }
    });
  }
}

/** The wire form of one pending write (nested objects appear as ids). */
function dump(pending: PendingWrite): WireWrite {
  const spec = pending.spec;
  const item = fields(pending.item);
  if (pending.instanceType === "node") {
    const wire: WireWrite = {
      instanceType: "node",
      space: String(item["space"]),
      externalId: String(item["externalId"]),
    };
    if (item["existingVersion"] != null) {
      wire["existingVersion"] = item["existingVersion"];
    }
    if (item["type"] != null) {
      wire["type"] = toInstanceId(item["type"]);
    } else if (spec?.nodeType !== undefined) {
      wire["type"] = { ...spec.nodeType }; // the type the view's filter requires
    }
    if (spec !== undefined) {
      wire["sources"] = [
        { source: spec.view.dump(), properties: writeProperties(spec, item) },
      ];
    }
    return wire;
  }
  if (
    item["type"] == null ||
    item["startNode"] == null ||
    item["space"] == null ||
    item["externalId"] == null
  ) {
    throw new TypeError(
      `the edge ${JSON.stringify(item["externalId"])} needs space, externalId, type and ` +
        "startNode when written on its own",
    );
  }
  const wire: WireWrite = {
    instanceType: "edge",
    space: String(item["space"]),
    externalId: String(item["externalId"]),
    type: toInstanceId(item["type"]),
    startNode: toInstanceId(item["startNode"]),
    endNode: toInstanceId(item["endNode"]),
  };
  if (item["existingVersion"] != null) {
    wire["existingVersion"] = item["existingVersion"];
  }
  if (spec !== undefined) {
    wire["sources"] = [
      { source: spec.view.dump(), properties: writeProperties(spec, item) },
    ];
  }
  return wire;
}

/** A write object's fields by name. */
function mapOneOrMany(value: unknown, map: (one: unknown) => unknown): unknown {
  return Array.isArray(value) ? value.map(map) : map(value);
}

function fields(item: object): Record<string, unknown> {
  return item as Record<string, unknown>;
}
