/**
 * Running an expansion or a query across relations (the plan of `expand.ts`): the requests
 * (a page of every set, then the sets that have more, within the pages of their ancestors),
 * one object per instance and view, and the links from parents to children, made from the
 * data (property values and edge ends), not from the order of the results.
 */

import {
  ExpandLimitError,
  ancestors,
  descendants,
  isExpanded,
  select,
  type ExpandPlan,
  type Hop,
  type ResultSet,
} from "./expand.js";
import type { InstanceId } from "./ids.js";
import { readInstance, type ViewSpec, type WireInstance } from "./instance.js";

type Post = (path: string, body: unknown) => Promise<unknown>;

interface QueryResponse {
  items?: Record<string, WireInstance[]>;
  nextCursor?: Record<string, string | null | undefined> | null;
}

type Found = Map<string, Map<string, Record<string, unknown>>>;

/** The key of an instance or id: space and external id (a space holds no NUL character). */
function key(value: { space: string; externalId: string }): string {
  return `${value.space}\u0000${value.externalId}`;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One expanded read: sends the queries, keeps one object per instance, links them. */
/** A page of root objects and the root set's cursor of the next (`undefined` at the end). */
export interface RootPage {
  items: Record<string, unknown>[];
  nextCursor: string | undefined;
}

export class Expansion {
  /** Requests sent so far. */
  requests = 0;
  readonly #post: Post;
  readonly #plan: ExpandPlan;
  readonly #sets: ResultSet[];
  readonly #root: ResultSet;
  /** One object per instance and view: `view key + instance key` -> object. */
  readonly #seen = new Map<string, Record<string, unknown>>();

  constructor(post: Post, plan: ExpandPlan, sets: ResultSet[]) {
    this.#post = post;
    this.#plan = plan;
    this.#sets = sets;
    this.#root = sets[0] as ResultSet;
  }

  /**
   * Each page of root objects, expanded, until `limit` roots (`undefined`: all), from the
   * root page at `start` (a `nextCursor` of an earlier run of the same query). The root
   * page size stays the same from page to page (a cursor belongs to its query); the last
   * page is cut to `limit` here. Each page has the root set's cursor of the next: what
   * resumes the query (the sets below a root page are read whole with it).
   */
  async *rootPages(
    limit: number | undefined,
    start?: string,
  ): AsyncGenerator<RootPage, void, undefined> {
    let remaining = limit;
    let cursor: string | undefined = start;
    while (remaining === undefined || remaining > 0) {
      const found: Found = new Map(this.#sets.map((s) => [s.name, new Map()]));
      const cursors = await this.#fetch(this.#root, cursor, {}, found);
      await this.#follow(
        this.#root,
        cursors,
        cursor === undefined ? {} : { [this.#root.name]: cursor },
        found,
      );
      this.#link(found);
      let roots = [...(found.get(this.#root.name)?.values() ?? [])];
      if (remaining !== undefined) {
        roots = roots.slice(0, remaining);
        remaining -= roots.length;
      }
      cursor = cursors[this.#root.name] || undefined;
      yield { items: roots, nextCursor: cursor };
      if (cursor === undefined || roots.length === 0) {
        return;
      }
    }
  }

  /**
   * One request: `target`'s page at `cursor` and its descendants' first pages, its ancestors
   * on the pages `context` names. Returns the next cursors of the sets read.
   */
  async #fetch(
    target: ResultSet,
    cursor: string | undefined,
    context: Record<string, string>,
    found: Found,
  ): Promise<Record<string, string>> {
    const chosen = [target, ...descendants(target)];
    const names = new Set([
      ...ancestors(target).map((s) => s.name),
      ...chosen.map((s) => s.name),
    ]);
    const body: Record<string, unknown> = {
      with: Object.fromEntries(
        this.#sets
          .filter((s) => names.has(s.name))
          .map((s) => [s.name, s.expression]),
      ),
      select: Object.fromEntries(chosen.map((s) => [s.name, select(s)])),
    };
    const cursors = { ...context };
    if (cursor !== undefined) {
      cursors[target.name] = cursor;
    }
    if (Object.keys(cursors).length > 0) {
      body["cursors"] = cursors;
    }
    const response = (await this.#post(
      "/models/instances/query",
      body,
    )) as QueryResponse;
    this.requests++;
    for (const s of chosen) {
      const bucket = found.get(s.name) as Map<string, Record<string, unknown>>;
      const view = s.spec === undefined ? "" : s.spec.view.toString();
      for (const raw of response.items?.[s.name] ?? []) {
        const id = key(raw);
        const seenKey = `${view}\u0000${id}`;
        let item = this.#seen.get(seenKey);
        if (item === undefined) {
          item = s.spec === undefined ? readEdge(raw) : readSelected(s, raw);
          this.#seen.set(seenKey, item);
        }
        bucket.set(id, item);
      }
    }
    if (this.#seen.size > this.#plan.maxInstances) {
      throw new ExpandLimitError(
        `expand read more than ${this.#plan.maxInstances.toLocaleString("en-US")} instances ` +
          `(maxInstances); narrow the read (a filter, a smaller limit or depth) or raise the ` +
          `limit with { depth: ${this.#plan.depth}, maxInstances: ... }`,
      );
    }
    const next: Record<string, string> = {};
    for (const s of chosen) {
      const more = response.nextCursor?.[s.name];
      if (typeof more === "string" && more !== "") {
        next[s.name] = more;
      }
    }
    return next;
  }

  /**
   * Page every descendant of `target` that has more, within the pages of its ancestors that
   * the last request read (`target` at `context`, the sets between on their first page).
   */
  async #follow(
    target: ResultSet,
    cursors: Record<string, string>,
    context: Record<string, string>,
    found: Found,
  ): Promise<void> {
    for (const descendant of descendants(target)) {
      let cursor = cursors[descendant.name];
      while (cursor !== undefined) {
        const more = await this.#fetch(descendant, cursor, context, found);
        await this.#follow(
          descendant,
          more,
          { ...context, [descendant.name]: cursor },
          found,
        );
        cursor = more[descendant.name];
      }
    }
  }

  /** Set every expanded relation of every parent from the data of its child sets. */
  #link(found: Found): void {
    for (const s of this.#sets) {
      const hop = s.hop;
      if (
        hop === undefined ||
        s.parent === undefined ||
        s.edges !== undefined
      ) {
        continue;
      }
      const parents = [...(found.get(s.parent.name)?.values() ?? [])];
      const children = [...(found.get(s.name)?.values() ?? [])];
      if (hop.kind === "direct") {
        this.#linkDirect(parents, s);
      } else if (hop.kind === "reverse") {
        linkReverse(parents, s, children);
      } else {
        const ends = s.children.find((child) => child.edges === s);
        this.#linkEdges(parents, s, children, ends !== undefined);
      }
    }
  }

  #object(
    spec: ViewSpec | undefined,
    id: InstanceId,
  ): Record<string, unknown> | undefined {
    return spec === undefined
      ? undefined
      : this.#seen.get(`${spec.view.toString()}\u0000${key(id)}`);
  }

  /**
   * Replace the ids of a direct relation by the objects read. A target that was not read (no
   * data in the target view, or left out by the hop's filter in a query across relations)
   * keeps its id, as an unexpanded relation does (the Python runtime's rule).
   */
  #linkDirect(parents: Record<string, unknown>[], set: ResultSet): void {
    const hop = set.hop as Hop;
    const resolve = (value: unknown): unknown =>
      value !== null &&
      typeof value === "object" &&
      !isExpanded(value as InstanceId)
        ? (this.#object(hop.target, value as InstanceId) ?? value)
        : value;
    for (const parent of parents) {
      const value = parent[hop.field];
      if (value == null) {
        continue;
      }
      if (!Array.isArray(value)) {
        parent[hop.field] = resolve(value);
        continue;
      }
      const items = value.map(resolve);
      if (set.order !== undefined) {
        items.sort(set.order);
      }
      parent[hop.field] =
        set.perParent === undefined ? items : items.slice(0, set.perParent);
    }
  }

  #linkEdges(
    parents: Record<string, unknown>[],
    set: ResultSet,
    edges: Record<string, unknown>[],
    withEnds: boolean,
  ): void {
    const hop = set.hop as Hop;
    const outwards = hop.edge?.direction === "outwards";
    const grouped = groups(parents);
    for (const edge of edges) {
      const start = edge["startNode"] as InstanceId;
      const end = edge["endNode"] as InstanceId;
      const [near, far] = outwards ? [start, end] : [end, start];
      const bucket = grouped.get(key(near));
      if (bucket === undefined) {
        continue;
      }
      const node = withEnds ? this.#object(hop.target, far) : undefined;
      if (hop.edgeSpec !== undefined) {
        edge["otherNode"] = node ?? null;
        bucket.set(key(edge as unknown as InstanceId), edge);
      } else {
        bucket.set(
          key(far),
          node ?? { space: far.space, externalId: far.externalId },
        );
      }
    }
    assign(parents, set, grouped);
  }
}

/** A read object of a set; with a selection, the fields not fetched are absent. */
function readSelected(
  set: ResultSet,
  raw: WireInstance,
): Record<string, unknown> {
  const spec = set.spec as ViewSpec;
  const item = readInstance(spec, raw);
  if (set.properties !== undefined) {
    const fetched = new Set(
      (select(set)["sources"] as { properties: string[] }[])[0]?.properties,
    );
    for (const [field, property] of Object.entries(spec.properties)) {
      if (!fetched.has(property.property)) {
        delete item[field];
      }
    }
  }
  return item;
}

function readEdge(raw: WireInstance): Record<string, unknown> {
  return {
    instanceType: raw.instanceType,
    space: raw.space,
    externalId: raw.externalId,
    version: raw.version,
    createdTime: raw.createdTime,
    lastUpdatedTime: raw.lastUpdatedTime,
    type: raw.type ?? null,
    startNode: raw.startNode ?? null,
    endNode: raw.endNode ?? null,
  };
}

function groups(
  parents: Record<string, unknown>[],
): Map<string, Map<string, unknown>> {
  return new Map(
    parents.map((parent) => [key(parent as unknown as InstanceId), new Map()]),
  );
}

function linkReverse(
  parents: Record<string, unknown>[],
  set: ResultSet,
  children: Record<string, unknown>[],
): void {
  const hop = set.hop as Hop;
  const grouped = groups(parents);
  const through = Object.entries(hop.target?.properties ?? {}).find(
    ([, property]) => property.property === hop.reverse?.through,
  )?.[0];
  if (through !== undefined) {
    for (const child of children) {
      const value = child[through];
      for (const ref of Array.isArray(value) ? value : [value]) {
        if (ref === null || typeof ref !== "object") {
          continue;
        }
        grouped
          .get(key(ref as InstanceId))
          ?.set(key(child as unknown as InstanceId), child);
      }
    }
  }
  assign(parents, set, grouped);
}

/** Set each parent's relation from its group: ordered by id (or the set's order, ties by id),
 * cut to the set's `perParent`. */
function assign(
  parents: Record<string, unknown>[],
  set: ResultSet,
  grouped: Map<string, Map<string, unknown>>,
): void {
  const hop = set.hop as Hop;
  for (const parent of parents) {
    const found =
      grouped.get(key(parent as unknown as InstanceId)) ?? new Map();
    let values = [...found.keys()].sort(compareKeys).map((k) => found.get(k));
    if (set.order !== undefined) {
      values.sort(set.order); // stable: ties keep the id order
    }
    if (set.perParent !== undefined) {
      values = values.slice(0, set.perParent);
    }
    parent[hop.field] = hop.multi ? values : (values[0] ?? null);
  }
}
