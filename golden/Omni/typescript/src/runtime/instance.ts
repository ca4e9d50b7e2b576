/**
 * What every read and write object has, the specs generated code declares per view, and the
 * conversion between typed objects and the wire form.
 */

import {
  isInstanceIdLike,
  toInstanceId,
  type InstanceId,
  type ViewRef,
} from "./ids.js";
import { sha256Hex } from "./sha256.js";
import { formatTimestamp, parseTimestamp } from "./values.js";

/** The type of a view property, as in the data model. */
export type PropertyType =
  | "text"
  | "boolean"
  | "int32"
  | "int64"
  | "float32"
  | "float64"
  | "timestamp"
  | "date"
  | "json"
  | "enum"
  | "direct"
  | "timeseries"
  | "file"
  | "sequence";

/** A property of a view: its CDF identifier and type. */
export interface PropertySpec {
  /** The CDF property identifier (the field name of generated code may differ). */
  readonly property: string;
  /** The property type. */
  readonly type: PropertyType;
  /** True for list properties. */
  readonly list?: boolean;
  /** For a direct relation: the view its target nodes are written and read through. */
  readonly source?: ViewRef;
}

/** An edge connection of a view: its edge type, direction and views. */
export interface EdgeSpec {
  /** The node id every edge of this connection has as `type`. */
  readonly edgeType: InstanceId;
  /** `outwards` (edges start here) or `inwards` (edges end here). */
  readonly direction: "outwards" | "inwards";
  /** The view holding the edges' properties, or `null` for plain edges. */
  readonly edgeView: ViewRef | null;
  /**
   * The view of the nodes at the other end, or `null` when it is not in the model (the nodes
   * are untyped: give them as ids).
   */
  readonly targetView: ViewRef | null;
  /** False for a single edge connection. */
  readonly multi: boolean;
}

/** A reverse direct relation: the nodes of `sourceView` whose `through` points here. */
export interface ReverseSpec {
  /** The view of the nodes holding the direct relation. */
  readonly sourceView: ViewRef;
  /** The direct relation property of `sourceView`. */
  readonly through: string;
  /** False for a single reverse direct relation. */
  readonly multi: boolean;
  /** True when `through` is a list of direct relations. */
  readonly throughIsList: boolean;
}

/** Everything the runtime needs to know about a view; generated code declares one per view. */
export interface ViewSpec {
  /** The view. */
  readonly view: ViewRef;
  /** Whether the view holds nodes or edges. */
  readonly instanceType: "node" | "edge";
  /** False for a read-only view. */
  readonly writable: boolean;
  /**
   * The node type the view's filter requires (`node.type == X`): a node written without a
   * `type` gets it, so the view lists what was written through it.
   */
  readonly nodeType?: InstanceId;
  /** The view's properties, keyed by the field name of generated code. */
  readonly properties: Readonly<Record<string, PropertySpec>>;
  /** The view's edge connections, keyed by field name. */
  readonly edges: Readonly<Record<string, EdgeSpec>>;
  /** The view's reverse direct relations, keyed by field name. */
  readonly reverse: Readonly<Record<string, ReverseSpec>>;
}

/** What every read instance has: identity, version and times (epoch milliseconds). */
export interface InstanceBase {
  space: string;
  externalId: string;
  /** Starts at 1 and grows by one with every change. */
  version: number;
  /** When the instance was created, in epoch milliseconds. */
  createdTime: number;
  /** When the instance was last changed, in epoch milliseconds. */
  lastUpdatedTime: number;
  /** When the instance was deleted (only in sync results), in epoch milliseconds. */
  deletedTime?: number;
}

/** A read node. */
export interface NodeInstance extends InstanceBase {
  instanceType: "node";
  /** The node's type (a node id), if it has one. */
  type: InstanceId | null;
}

/** A read edge. */
export interface EdgeInstance extends InstanceBase {
  instanceType: "edge";
  /** The edge's type (a node id). */
  type: InstanceId;
  startNode: InstanceId;
  endNode: InstanceId;
}

/**
 * What every node write object has. Generated interfaces add one field per writable property:
 * a property left out keeps its stored value (or the container default on create), a property
 * set to `null` is cleared.
 */
export interface NodeWrite {
  /** Left out: `upsert` uses the client's `instanceSpace`. */
  space?: string;
  externalId: string;
  /** Fail unless the stored version is at most this; 0 means "must not exist". */
  existingVersion?: number;
  /** The node's type (a node id). */
  type?: InstanceId;
}

/**
 * What every edge write object has. Inside a node's edge connection only `endNode` is needed:
 * the type, the start node, the space and a deterministic external id come from the connection
 * (see `edgeExternalId`). Written on their own, edges need all of them. `TEnd` is the write
 * type of the node at the other end, written along when given as an object.
 */
export interface EdgeWrite<TEnd extends NodeWrite = never> {
  space?: string;
  externalId?: string;
  /** Fail unless the stored version is at most this; 0 means "must not exist". */
  existingVersion?: number;
  /** The edge's type (a node id). */
  type?: InstanceId;
  /** The node the edge starts at. */
  startNode?: InstanceId;
  /** The node the edge ends at (a bare external id is in the client's `instanceSpace`). */
  endNode: InstanceId | TEnd | string;
}

/** A read instance as the API sends it. */
export interface WireInstance {
  instanceType: "node" | "edge";
  space: string;
  externalId: string;
  version: number;
  createdTime: number;
  lastUpdatedTime: number;
  deletedTime?: number;
  type?: InstanceId;
  startNode?: InstanceId;
  endNode?: InstanceId;
  properties?: Record<string, Record<string, Record<string, unknown>>>;
}

/** One item of an apply request. */
export type WireWrite = Record<string, unknown> & {
  instanceType: "node" | "edge";
  space: string;
  externalId: string;
};

/** The longest edge external id made (CDF allows 255 characters for an external id). */
export const EDGE_ID_MAX_LENGTH = 255;

const HASH_MARK = "\\#";
const DIGEST_LENGTH = 64;

function escapeIdPart(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll(":", "\\:");
}

/**
 * The deterministic external id of the edge of type `edgeType` from `start` to `end`, the same
 * as the Python runtime's `edge_external_id`, byte for byte.
 *
 * Readable form: the six parts (start space, start external id, type space, type external id,
 * end space, end external id), each escaped (`\` becomes `\\`, `:` becomes `\:`), joined
 * with `:`. When that is longer than 255 characters (code points): the longest prefix that
 * fits, cut between escapes, then `\#`, then the SHA-256 (hex) of the readable form. Injective:
 * the escaping makes readable forms decodable, and read from the start a readable form has no
 * `\#` escape, so it never equals a hashed form.
 */
export function edgeExternalId(
  start: InstanceId,
  edgeType: InstanceId,
  end: InstanceId,
): string {
  const readable = [
    start.space,
    start.externalId,
    edgeType.space,
    edgeType.externalId,
    end.space,
    end.externalId,
  ]
    .map(escapeIdPart)
    .join(":");
  const characters = Array.from(readable);
  if (characters.length <= EDGE_ID_MAX_LENGTH) {
    return readable;
  }
  const room = EDGE_ID_MAX_LENGTH - HASH_MARK.length - DIGEST_LENGTH;
  let cut = 0;
  while (cut < characters.length) {
    const step = characters[cut] === "\\" ? 2 : 1;
    if (cut + step > room) {
      break;
    }
    cut += step;
  }
  const prefix = characters.slice(0, cut).join("");
  return `${prefix}${HASH_MARK}${sha256Hex(readable)}`;
}

/**
 * A typed read object from a wire instance: identity and times, then one field per property of
 * `spec` (`null` when the instance has no value). Timestamps become `Date`s; properties the
 * spec does not know are ignored.
 */
export function readInstance(
  spec: ViewSpec,
  raw: WireInstance,
): Record<string, unknown> {
  const item: Record<string, unknown> = {
    instanceType: raw.instanceType,
    space: raw.space,
    externalId: raw.externalId,
    version: raw.version,
    createdTime: raw.createdTime,
    lastUpdatedTime: raw.lastUpdatedTime,
  };
  if (raw.deletedTime !== undefined) {
    item["deletedTime"] = raw.deletedTime;
  }
  if (raw.instanceType === "edge") {
    item["type"] = raw.type === undefined ? null : toInstanceId(raw.type);
    item["startNode"] =
      raw.startNode === undefined ? null : toInstanceId(raw.startNode);
    item["endNode"] =
      raw.endNode === undefined ? null : toInstanceId(raw.endNode);
  } else {
    item["type"] =
      raw.type === undefined || raw.type === null
        ? null
        : toInstanceId(raw.type);
  }
  const values = raw.properties?.[spec.view.space]?.[spec.view.sourceKey] ?? {};
  for (const [field, property] of Object.entries(spec.properties)) {
    item[field] = readValue(values[property.property], property);
  }
  return item;
}

function readValue(value: unknown, property: PropertySpec): unknown {
  if (value === undefined || value === null) {
    return null;
  }
  if (property.type === "timestamp") {
    return property.list
      ? (value as (string | number)[]).map(parseTimestamp)
      : parseTimestamp(value as string | number);
  }
  if (property.type === "direct") {
    return property.list
      ? (value as unknown[]).map(toInstanceId)
      : toInstanceId(value);
  }
  return value;
}

/**
 * The properties of a write object to send, keyed by CDF property id. Only fields that are set
 * are included (`null` clears a value); timestamps are sent as ISO 8601 with milliseconds and
 * direct relations as `{space, externalId}`.
 */
export function writeProperties(
  spec: ViewSpec,
  item: object,
): Record<string, unknown> {
  const values = item as Record<string, unknown>;
  const properties: Record<string, unknown> = {};
  for (const [field, property] of Object.entries(spec.properties)) {
    const value = values[field];
    if (value !== undefined) {
      properties[property.property] = writeValue(value, property);
    }
  }
  return properties;
}

function writeValue(value: unknown, property: PropertySpec): unknown {
  if (value === null) {
    return null;
  }
  if (property.type === "timestamp") {
    return property.list
      ? (value as unknown[]).map(writeTimestamp)
      : writeTimestamp(value);
  }
  if (property.type === "direct") {
    return property.list
      ? (value as unknown[]).map(toInstanceId)
      : toInstanceId(value);
  }
  return value;
}

function writeTimestamp(value: unknown): unknown {
  return value instanceof Date ? formatTimestamp(value) : value;
}

/**
 * Whether a value given where a node is expected (a direct relation, the end of an edge) is a
 * write object to be written along, rather than an id. A write object has an `externalId` (its
 * `space` may be left out) and fields beyond `space`, `externalId` and `instanceType`; a read
 * object (with `createdTime`) counts as an id.
 */
export function isNodeWrite(value: unknown): value is NodeWrite {
  if (
    typeof value !== "object" ||
    value === null ||
    typeof (value as { externalId?: unknown }).externalId !== "string" ||
    "createdTime" in value
  ) {
    return false;
  }
  return Object.keys(value).some(
    (key) => key !== "space" && key !== "externalId" && key !== "instanceType",
  );
}

/** Whether a value given in an edge connection is an edge write object (it has `endNode`). */
export function isEdgeWrite(value: unknown): value is EdgeWrite<NodeWrite> {
  return typeof value === "object" && value !== null && "endNode" in value;
}
