/**
 * The round trip of expanded reads: a read object to its write object, with the expanded
 * relations as nested write objects.
 */

import type { InstanceClient } from "./client.js";
import { isExpanded, known, type Expandable } from "./expand.js";
import type { InstanceId } from "./ids.js";
import type { InstanceBase, ViewSpec } from "./instance.js";

/**
 * The write object of a read object of `spec`, with its expanded relations as nested write
 * objects (a direct relation's target, an edge with its properties and `otherNode` as
 * `endNode`, a node reached through an edge), so read → change → `upsert` writes every
 * object reached. An object met again on the way (a cycle) becomes its id; an object of a
 * read-only view, its id. Reverse relations are not part of a write object (write the other
 * side). Fields the view does not write (`version`, times) are left out.
 *
 * @throws TypeError when `spec`'s view is read-only.
 */
export function asWrite(
  client: InstanceClient,
  spec: ViewSpec,
  item: object,
): Record<string, unknown> {
  if (!spec.writable) {
    throw new TypeError(
      `${spec.view.toString()} is read-only: its objects have no write form`,
    );
  }
  return toWrite(client, spec, item as Record<string, unknown>, new Map());
}

function idOf(value: Record<string, unknown>): InstanceId {
  return {
    space: value["space"] as string,
    externalId: value["externalId"] as string,
  };
}

function toWrite(
  client: InstanceClient,
  spec: ViewSpec,
  item: Record<string, unknown>,
  made: Map<object, Record<string, unknown> | null>,
): Record<string, unknown> {
  made.set(item, null);
  const write: Record<string, unknown> = {
    space: item["space"],
    externalId: item["externalId"],
  };
  if (spec.instanceType === "node" && item["type"] != null) {
    write["type"] = item["type"];
  }
  const node = (target: ViewSpec | undefined, value: unknown): unknown => {
    if (!isExpanded(value as Expandable<InstanceBase>)) {
      return value;
    }
    const object = value as Record<string, unknown>;
    if (made.has(object) || target === undefined || !target.writable) {
      return made.get(object) ?? idOf(object);
    }
    return toWrite(client, target, object, made);
  };
  for (const [field, property] of Object.entries(spec.properties)) {
    const value = item[field];
    if (value === undefined) {
      continue;
    }
    if (property.type === "direct" && value !== null) {
      const target =
        property.source === undefined
          ? undefined
          : known(client, property.source);
      write[field] = Array.isArray(value)
        ? value.map((one) => node(target, one))
        : node(target, value);
    } else {
      write[field] = Array.isArray(value) ? [...value] : value;
    }
  }
  for (const [field, edge] of Object.entries(spec.edges)) {
    const value = item[field];
    if (value == null) {
      continue;
    }
    const target =
      edge.targetView === null ? undefined : known(client, edge.targetView);
    const edgeSpec =
      edge.edgeView === null ? undefined : known(client, edge.edgeView);
    const one = (entry: unknown): unknown => {
      const record = entry as Record<string, unknown>;
      if (record["instanceType"] !== "edge") {
        return node(target, entry);
      }
      const far = (
        edge.direction === "outwards" ? record["endNode"] : record["startNode"]
      ) as InstanceId;
      const other = record["otherNode"];
      const written: Record<string, unknown> = {
        space: record["space"],
        externalId: record["externalId"],
        endNode:
          other == null
            ? { space: far.space, externalId: far.externalId }
            : node(target, other),
      };
      for (const name of Object.keys(edgeSpec?.properties ?? {})) {
        const fieldValue = record[name];
        if (fieldValue !== undefined) {
          written[name] = Array.isArray(fieldValue)
            ? [...fieldValue]
            : fieldValue;
        }
      }
      return written;
    };
    write[field] = Array.isArray(value) ? value.map(one) : one(value);
  }
  made.set(item, write);
  return write;
}
