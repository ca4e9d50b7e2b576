/**
 * Typed filters of the data-modeling filter language, and a small builder.
 *
 * A `Filter` is its own wire form: a plain object with exactly one key, the operator. Build
 * one from a property (`VIEW.prop("weight").range({ gte: 10 })`, `nodeProp("space")`) and
 * combine with `and`, `or` and `not`. `and` and `or` skip `undefined`, and the builder methods
 * return `undefined` when given `undefined`, so optional arguments pass straight through:
 *
 *     and(VIEW.prop("name").prefix(options.namePrefix), VIEW.prop("weight").range({ gte: min }))
 */

import type { InstanceId, ViewReference, ViewRef } from "./ids.js";
import type { EdgeSpec, ReverseSpec } from "./instance.js";
import { toWire, type JsonValue } from "./values.js";

/** A value a filter compares with: JSON, a `Date` (a timestamp) or an instance id. */
export type FilterValue =
  JsonValue | Date | InstanceId | readonly FilterValue[];

/** Bounds of a range: at most one lower (`gt`, `gte`) and one upper (`lt`, `lte`). */
export interface RangeBounds {
  gt?: FilterValue | undefined;
  gte?: FilterValue | undefined;
  lt?: FilterValue | undefined;
  lte?: FilterValue | undefined;
}

/** The wire form of range bounds. */
export interface WireRangeBounds {
  gt?: JsonValue;
  gte?: JsonValue;
  lt?: JsonValue;
  lte?: JsonValue;
}

/** A filter, in its wire form. */
export type Filter =
  | { equals: { property: string[]; value: JsonValue } }
  | { in: { property: string[]; values: JsonValue[] } }
  | { range: { property: string[] } & WireRangeBounds }
  | { prefix: { property: string[]; value: JsonValue } }
  | { exists: { property: string[] } }
  | { containsAny: { property: string[]; values: JsonValue[] } }
  | { containsAll: { property: string[]; values: JsonValue[] } }
  | { matchAll: Record<string, never> }
  | { nested: { scope: string[]; filter: Filter } }
  | {
      overlaps: {
        startProperty: string[];
        endProperty: string[];
      } & WireRangeBounds;
    }
  | { hasData: ViewReference[] }
  | { instanceReferences: InstanceId[] }
  | { and: Filter[] }
  | { or: Filter[] }
  | { not: Filter }
  | { related: RelationFilter };

/**
 * A filter on the nodes at the other end of a relation the API cannot filter through in one
 * request: a multi-valued direct relation (`kind: "list"`, `path` its property), a reverse
 * direct relation or an edge connection (`spec`). The API methods resolve it into a filter on
 * ids with one query (paged) when they send the request (see `related.ts`); it has no wire
 * form of its own, so `JSON.stringify` of it throws.
 */
export class RelationFilter {
  readonly kind: "list" | "reverse" | "edge";
  /** The filter on the related nodes. */
  readonly filter: Filter;
  /** `list`: the path of the direct relation property. */
  readonly path: readonly string[];
  /** `reverse` and `edge`: the relation. */
  readonly spec: ReverseSpec | EdgeSpec | undefined;

  constructor(
    kind: "list" | "reverse" | "edge",
    filter: Filter,
    path: readonly string[] = [],
    spec?: ReverseSpec | EdgeSpec,
  ) {
    this.kind = kind;
    this.filter = filter;
    this.path = path;
    this.spec = spec;
  }

  toJSON(): never {
    throw new TypeError(
      "a relation filter is resolved when it is sent: pass it to an API method " +
        "(list, iterate, count ...), not to JSON.stringify",
    );
  }
}

/**
 * A node given by its external id alone in a relation filter (`prop.references("osl")`): it
 * stands for `{ space: <the client's instanceSpace>, externalId }`, filled in when an API
 * method builds the request (`withInstanceSpace`), also inside the target filter of a
 * relation filter. Unresolved it has no wire form, so `JSON.stringify` of it throws.
 */
export class BareId {
  readonly externalId: string;

  constructor(externalId: string) {
    this.externalId = externalId;
  }

  toJSON(): never {
    throw new TypeError(
      `${JSON.stringify(this.externalId)} is a bare external id: pass {space, externalId}, ` +
        "or send the filter through an API of a client with instanceSpace",
    );
  }
}

/** A relation value with bare external ids kept as `BareId`s (filled in when sent). */
function nodeValue(value: FilterValue): FilterValue {
  if (typeof value === "string") {
    return new BareId(value) as unknown as FilterValue;
  }
  return isArray(value) ? value.map(nodeValue) : value;
}

/**
 * `filter` with every `BareId` (a node given by external id alone) as an id made by `toId`
 * (the client's: in its `instanceSpace`), also inside the target filters of relation filters
 * and `nested` filters. Returns `filter` itself when it holds none.
 */
export function withInstanceSpace(
  filter: Filter,
  toId: (externalId: string) => InstanceId,
): Filter {
  const value = (item: JsonValue): JsonValue =>
    item instanceof BareId
      ? (toId(item.externalId) as unknown as JsonValue)
      : item;
  const values = (items: JsonValue[]): JsonValue[] =>
    items.some((item) => item instanceof BareId) ? items.map(value) : items;
  const inner = (item: Filter): Filter => withInstanceSpace(item, toId);
  if ("equals" in filter) {
    const { property, value: given } = filter.equals;
    return given instanceof BareId
      ? { equals: { property, value: value(given) } }
      : filter;
  }
  for (const key of ["in", "containsAny", "containsAll"] as const) {
    if (key in filter) {
      const body = (
        filter as Record<
          typeof key,
          { property: string[]; values: JsonValue[] }
        >
      )[key];
      const resolved = values(body.values);
      return resolved === body.values
        ? filter
        : ({ [key]: { property: body.property, values: resolved } } as Filter);
    }
  }
  if ("and" in filter) {
    return { and: filter.and.map(inner) };
  }
  if ("or" in filter) {
    return { or: filter.or.map(inner) };
  }
  if ("not" in filter) {
    return { not: inner(filter.not) };
  }
  if ("nested" in filter) {
    const { scope, filter: target } = filter.nested;
    return { nested: { scope, filter: inner(target) } };
  }
  if ("related" in filter) {
    const { kind, filter: target, path, spec } = filter.related;
    return { related: new RelationFilter(kind, inner(target), path, spec) };
  }
  return filter;
}

/**
 * Whether a relation option holds a filter on the related nodes rather than node ids (an id
 * is a string or has `externalId`; a filter is an object keyed by its operator).
 */
export function isFilter(value: unknown): value is Filter {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !("externalId" in value)
  );
}

/**
 * The nodes with an edge of connection `spec` to a node `filter` holds for (resolved in two
 * steps when sent); `undefined` for `undefined`.
 */
export function edgeMatching(
  spec: EdgeSpec,
  filter: Filter | undefined,
): Filter | undefined {
  return filter === undefined
    ? undefined
    : { related: new RelationFilter("edge", filter, [], spec) };
}

/**
 * The nodes that a node of `spec.sourceView` matching `filter` points at through
 * `spec.through` (resolved in two steps when sent); `undefined` for `undefined`.
 */
export function reverseMatching(
  spec: ReverseSpec,
  filter: Filter | undefined,
): Filter | undefined {
  return filter === undefined
    ? undefined
    : { related: new RelationFilter("reverse", filter, [], spec) };
}

function wire(value: FilterValue): JsonValue {
  return toWire(value) as JsonValue;
}

function wireBounds(bounds: RangeBounds): WireRangeBounds | undefined {
  if (bounds.gt !== undefined && bounds.gte !== undefined) {
    throw new RangeError("a range takes gt or gte, not both");
  }
  if (bounds.lt !== undefined && bounds.lte !== undefined) {
    throw new RangeError("a range takes lt or lte, not both");
  }
  const result: WireRangeBounds = {};
  let given = false;
  for (const key of ["gt", "gte", "lt", "lte"] as const) {
    const bound = bounds[key];
    if (bound !== undefined) {
      result[key] = wire(bound);
      given = true;
    }
  }
  return given ? result : undefined;
}

/**
 * Builds filters on one property. Get one from a view (`VIEW.prop("weight")`) or for an
 * instance field (`nodeProp("space")`). Methods given `undefined` return `undefined`.
 */
export class Prop {
  /** The property path, e.g. `["my_space", "Pump/v1", "weight"]` or `["node", "space"]`. */
  readonly path: readonly string[];

  constructor(path: readonly string[]) {
    this.path = path;
  }

  /** Equals `value`. */
  equals(value: FilterValue): Filter;
  equals(value: FilterValue | undefined): Filter | undefined;
  equals(value: FilterValue | undefined): Filter | undefined {
    if (value === undefined) {
      return undefined;
    }
    return { equals: { property: [...this.path], value: wire(value) } };
  }

  /** Equals one of `values`. */
  in(values: readonly FilterValue[]): Filter;
  in(values: readonly FilterValue[] | undefined): Filter | undefined;
  in(values: readonly FilterValue[] | undefined): Filter | undefined {
    if (values === undefined) {
      return undefined;
    }
    return { in: { property: [...this.path], values: values.map(wire) } };
  }

  /** `equals` for one value, `in` for an array of values. */
  equalsOrIn(value: FilterValue): Filter;
  equalsOrIn(value: FilterValue | undefined): Filter | undefined;
  equalsOrIn(value: FilterValue | undefined): Filter | undefined {
    if (value === undefined) {
      return undefined;
    }
    return isArray(value) ? this.in(value) : this.equals(value);
  }

  /** Within the given bounds; `undefined` when no bound is given. */
  range(bounds: RangeBounds): Filter | undefined {
    const given = wireBounds(bounds);
    return given === undefined
      ? undefined
      : { range: { property: [...this.path], ...given } };
  }

  /** A text property starting with `value`. */
  prefix(value: string): Filter;
  prefix(value: string | undefined): Filter | undefined;
  prefix(value: string | undefined): Filter | undefined {
    if (value === undefined) {
      return undefined;
    }
    return { prefix: { property: [...this.path], value } };
  }

  /** Has a value (`true`, the default) or has none (`false`). */
  exists(value: boolean = true): Filter {
    const exists: Filter = { exists: { property: [...this.path] } };
    return value ? exists : { not: exists };
  }

  /** A list property containing at least one of `values`. */
  containsAny(values: readonly FilterValue[]): Filter;
  containsAny(values: readonly FilterValue[] | undefined): Filter | undefined;
  containsAny(values: readonly FilterValue[] | undefined): Filter | undefined {
    if (values === undefined) {
      return undefined;
    }
    return {
      containsAny: { property: [...this.path], values: values.map(wire) },
    };
  }

  /** A list property containing every one of `values`. */
  containsAll(values: readonly FilterValue[]): Filter;
  containsAll(values: readonly FilterValue[] | undefined): Filter | undefined;
  containsAll(values: readonly FilterValue[] | undefined): Filter | undefined {
    if (values === undefined) {
      return undefined;
    }
    return {
      containsAll: { property: [...this.path], values: values.map(wire) },
    };
  }

  /**
   * A multi-valued direct relation holding this node, or any of these (`containsAny`). A
   * bare external id is a node in the client's `instanceSpace` (filled in when sent).
   */
  referencesAny(nodes: FilterValue | Filter): Filter;
  referencesAny(nodes: FilterValue | Filter | undefined): Filter | undefined;
  referencesAny(nodes: FilterValue | Filter | undefined): Filter | undefined {
    if (nodes === undefined) {
      return undefined;
    }
    if (isFilter(nodes)) {
      // no `nested` through a list: resolved in two steps when sent
      return { related: new RelationFilter("list", nodes, this.path) };
    }
    return this.containsAny(
      nodeValue(isArray(nodes) ? nodes : [nodes]) as FilterValue[],
    );
  }

  /**
   * A direct relation pointing to this node (`equals`), or one of these (`in`); given a
   * filter, the node it points to matches it (`nested`, one request). A bare external id is a
   * node in the client's `instanceSpace` (filled in when sent).
   */
  references(nodes: FilterValue | Filter): Filter;
  references(nodes: FilterValue | Filter | undefined): Filter | undefined;
  references(nodes: FilterValue | Filter | undefined): Filter | undefined {
    if (nodes === undefined) {
      return undefined;
    }
    return isFilter(nodes)
      ? this.nested(nodes)
      : this.equalsOrIn(nodeValue(nodes));
  }

  /** A multi-valued direct relation holding every one of these nodes (`containsAll`). */
  referencesAll(nodes: readonly FilterValue[]): Filter;
  referencesAll(nodes: readonly FilterValue[] | undefined): Filter | undefined;
  referencesAll(nodes: readonly FilterValue[] | undefined): Filter | undefined {
    return nodes === undefined
      ? undefined
      : this.containsAll(nodes.map(nodeValue));
  }

  /** `filter` holds for the node this direct relation points to. */
  nested(filter: Filter): Filter;
  nested(filter: Filter | undefined): Filter | undefined;
  nested(filter: Filter | undefined): Filter | undefined {
    if (filter === undefined) {
      return undefined;
    }
    return { nested: { scope: [...this.path], filter } };
  }
}

function isArray(value: FilterValue): value is readonly FilterValue[] {
  return Array.isArray(value);
}

/** A builder for an instance field: `space`, `externalId`, `createdTime`, `type` ... */
export function nodeProp(
  field: string,
  instanceType: "node" | "edge" = "node",
): Prop {
  return new Prop([instanceType, field]);
}

/** A builder for one of a view's properties (the same as `view.prop(identifier)`). */
export function viewProp(view: ViewRef, identifier: string): Prop {
  return view.prop(identifier);
}

/**
 * All of the given filters. `undefined` entries are skipped and nested `and`s flattened;
 * returns `undefined` when nothing is left, and the filter itself when one is.
 */
export function and(first: Filter, ...rest: (Filter | undefined)[]): Filter;
export function and(...filters: (Filter | undefined)[]): Filter | undefined;
export function and(...filters: (Filter | undefined)[]): Filter | undefined {
  const kept = filters.flatMap((item) =>
    item === undefined ? [] : "and" in item ? item.and : [item],
  );
  return kept.length <= 1 ? kept[0] : { and: kept };
}

/** Any of the given filters; `undefined` entries are skipped (see `and`). */
export function or(first: Filter, ...rest: (Filter | undefined)[]): Filter;
export function or(...filters: (Filter | undefined)[]): Filter | undefined;
export function or(...filters: (Filter | undefined)[]): Filter | undefined {
  const kept = filters.flatMap((item) =>
    item === undefined ? [] : "or" in item ? item.or : [item],
  );
  return kept.length <= 1 ? kept[0] : { or: kept };
}

/** `filter` does not hold. */
export function not(filter: Filter): Filter {
  return { not: filter };
}

/** Every instance. */
export function matchAll(): Filter {
  return { matchAll: {} };
}

/** The instance has data in every one of `views`. */
export function hasData(...views: ViewRef[]): Filter {
  return { hasData: views.map((view) => view.dump()) };
}

/** The instance is one of `ids`. */
export function instanceReferences(ids: readonly InstanceId[]): Filter {
  return {
    instanceReferences: ids.map((id) => ({
      space: id.space,
      externalId: id.externalId,
    })),
  };
}

/** The range `[start, end]` of two properties overlaps the given bounds. */
export function overlaps(start: Prop, end: Prop, bounds: RangeBounds): Filter {
  return {
    overlaps: {
      startProperty: [...start.path],
      endProperty: [...end.path],
      ...wireBounds(bounds),
    },
  };
}
