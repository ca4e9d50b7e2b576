/**
 * Filters on relations the API cannot filter through in one request, resolved in two steps
 * (the Python runtime's `related`).
 *
 * A single direct relation filters its target with the API's `nested` filter (one request).
 * A multi-valued direct relation, a reverse direct relation or an edge connection cannot: the
 * `RelationFilter` part of a filter is resolved when the request is sent. One query
 * (`/models/instances/query`, paged by its cursor) finds what the relation's target filter
 * matches, and the part becomes a plain filter on ids:
 *
 * - multi-valued direct relation: the target nodes matching → `containsAny` of their ids;
 * - reverse direct relation: the nodes of the other view matching, with the `through`
 *   property selected → `instanceReferences` of the nodes they point at;
 * - edge connection: the nodes at the far end matching, then the connection's edges from
 *   them (the other way round) → `instanceReferences` of the nodes at the near end.
 *
 * More than `MAX_RELATED_IDS` ids would make a filter the API refuses; the read then stops
 * with a `RangeError` that says so (never a silently cut filter).
 */

import {
  instanceReferences,
  matchAll,
  nodeProp,
  not,
  Prop,
  type Filter,
  type RelationFilter,
} from "./filters.js";
import type { InstanceId } from "./ids.js";
import type { EdgeSpec, ReverseSpec, WireInstance } from "./instance.js";

/** The most ids one relation filter may become (what one filter on ids may hold). */
export const MAX_RELATED_IDS = 1000;
const PAGE = 10_000;

type Post = (path: string, body: unknown) => Promise<unknown>;

interface QueryResponse {
  items?: Record<string, WireInstance[]>;
  nextCursor?: Record<string, string | null | undefined> | null;
}

/** Whether `filter` holds a `RelationFilter` part anywhere (no request is needed otherwise). */
export function hasRelated(filter: Filter): boolean {
  if ("related" in filter) {
    return true;
  }
  if ("and" in filter) {
    return filter.and.some(hasRelated);
  }
  if ("or" in filter) {
    return filter.or.some(hasRelated);
  }
  if ("not" in filter) {
    return hasRelated(filter.not);
  }
  if ("nested" in filter) {
    return hasRelated(filter.nested.filter);
  }
  return false;
}

/**
 * `filter` as plain data for logs and `toJSON` (nothing is sent): a relation part shows as
 * `{ related: { kind, filter } }` instead of throwing as `JSON.stringify` of it does.
 */
export function describeFilter(filter: Filter): unknown {
  if (!hasRelated(filter)) {
    return filter;
  }
  if ("related" in filter) {
    const { kind, path } = filter.related;
    const described: Record<string, unknown> = {
      kind,
      filter: describeFilter(filter.related.filter),
    };
    if (path.length > 0) {
      described["property"] = [...path];
    }
    return { related: described };
  }
  if ("and" in filter) {
    return { and: filter.and.map(describeFilter) };
  }
  if ("or" in filter) {
    return { or: filter.or.map(describeFilter) };
  }
  if ("not" in filter) {
    return { not: describeFilter(filter.not) };
  }
  if ("nested" in filter) {
    return {
      nested: {
        scope: filter.nested.scope,
        filter: describeFilter(filter.nested.filter),
      },
    };
  }
  return filter;
}

/** `filter` with every `RelationFilter` part replaced by a filter on ids (queries sent by `post`). */
export async function resolveRelated(
  filter: Filter,
  post: Post,
): Promise<Filter> {
  if (!hasRelated(filter)) {
    return filter;
  }
  if ("related" in filter) {
    return resolve(filter.related, post);
  }
  if ("and" in filter) {
    return { and: await resolveAll(filter.and, post) };
  }
  if ("or" in filter) {
    return { or: await resolveAll(filter.or, post) };
  }
  if ("not" in filter) {
    return { not: await resolveRelated(filter.not, post) };
  }
  if ("nested" in filter) {
    return {
      nested: {
        scope: filter.nested.scope,
        filter: await resolveRelated(filter.nested.filter, post),
      },
    };
  }
  return filter;
}

async function resolveAll(filters: Filter[], post: Post): Promise<Filter[]> {
  const resolved: Filter[] = [];
  for (const item of filters) {
    resolved.push(await resolveRelated(item, post));
  }
  return resolved;
}

function nothing(): Filter {
  return not(matchAll());
}

async function resolve(related: RelationFilter, post: Post): Promise<Filter> {
  const target = await resolveRelated(related.filter, post);
  if (related.kind === "list") {
    const items = await itemsOf(
      post,
      { t: { nodes: { filter: target }, limit: PAGE } },
      { t: {} },
      "t",
    );
    return items.length === 0
      ? nothing()
      : new Prop(related.path).containsAny(items.map(idOf));
  }
  if (related.kind === "reverse") {
    const spec = related.spec as ReverseSpec;
    const view = spec.sourceView;
    const items = await itemsOf(
      post,
      { t: { nodes: { filter: target }, limit: PAGE } },
      { t: { sources: [{ source: view.dump(), properties: [spec.through] }] } },
      "t",
    );
    const owners = new Map<string, InstanceId>();
    for (const item of items) {
      const value =
        item.properties?.[view.space]?.[view.sourceKey]?.[spec.through];
      for (const ref of Array.isArray(value) ? value : [value]) {
        if (ref !== null && typeof ref === "object") {
          const id = idOf(ref as InstanceId);
          owners.set(JSON.stringify([id.space, id.externalId]), id);
        }
      }
    }
    return references([...owners.values()]);
  }
  const spec = related.spec as EdgeSpec;
  const back = spec.direction === "outwards" ? "inwards" : "outwards";
  const edges = await itemsOf(
    post,
    {
      t: { nodes: { filter: target }, limit: PAGE },
      e: {
        edges: {
          from: "t",
          direction: back,
          maxDistance: 1,
          filter: nodeProp("type", "edge").equals(spec.edgeType),
        },
        limit: PAGE,
      },
    },
    { e: {} },
    "e",
  );
  const near = spec.direction === "outwards" ? "startNode" : "endNode";
  const owners = new Map<string, InstanceId>();
  for (const edge of edges) {
    const id = edge[near];
    if (id !== undefined) {
      owners.set(JSON.stringify([id.space, id.externalId]), idOf(id));
    }
  }
  return references([...owners.values()]);
}

function idOf(value: { space: string; externalId: string }): InstanceId {
  return { space: value.space, externalId: value.externalId };
}

function references(ids: InstanceId[]): Filter {
  if (ids.length === 0) {
    return nothing();
  }
  if (ids.length > MAX_RELATED_IDS) {
    throw new RangeError(
      `a relation filter matched ${ids.length.toLocaleString("en-US")} instances, more than ` +
        `the ${MAX_RELATED_IDS.toLocaleString("en-US")} a filter on ids may hold: narrow the ` +
        "filter on the related nodes",
    );
  }
  return instanceReferences(ids);
}

/**
 * Every item of result set `name`, following its cursor (the sets it depends on stay on their
 * first page: a relation filter's first set holds at most 10,000 nodes).
 */
async function itemsOf(
  post: Post,
  expressions: Record<string, unknown>,
  select: Record<string, unknown>,
  name: string,
): Promise<WireInstance[]> {
  const found: WireInstance[] = [];
  let cursors: Record<string, string> | undefined;
  for (;;) {
    const body: Record<string, unknown> = { with: expressions, select };
    if (cursors !== undefined) {
      body["cursors"] = cursors;
    }
    const response = (await post(
      "/models/instances/query",
      body,
    )) as QueryResponse;
    found.push(...(response.items?.[name] ?? []));
    if (found.length > MAX_RELATED_IDS) {
      throw new RangeError(
        `a relation filter matched more than ${MAX_RELATED_IDS.toLocaleString("en-US")} ` +
          "instances; the filter on ids it becomes would be refused: narrow the filter on " +
          "the related nodes",
      );
    }
    const more = response.nextCursor ?? {};
    const next = more[name];
    if (typeof next === "string" && next !== "") {
      cursors = { [name]: next };
    } else if (
      Object.entries(more).some(([key, value]) => key !== name && value)
    ) {
      throw new RangeError(
        `a relation filter matched more than ${PAGE.toLocaleString("en-US")} related nodes; ` +
          "narrow it",
      );
    } else {
      return found;
    }
  }
}
