/**
 * Expand on read: typed nested objects across relations, from the DMS query endpoint, the same
 * plan as the Python runtime's `expand`.
 *
 * `api.list({ expand: 2 })` / `api.retrieve(id, { expand: { depth: 2 } })` build one query
 * whose result sets follow every relation of the view to `depth` hops:
 *
 * - a direct relation with a `source` view of the model: `nodes` through the property,
 *   `outwards`;
 * - a reverse direct relation: `nodes` through the other view's property, `inwards`;
 * - an edge connection: an `edges` set (one hop, filtered on the edge type) and a `nodes` set
 *   of the nodes at their far end (when the target view is in the model).
 *
 * Requests grow with result pages, never with instances: the first request returns a page of
 * every set; a set that has more (`nextCursor`) is then paged within the pages of its
 * ancestors (the follow-up request holds the ancestors with the cursors of their current
 * page, the set with its own cursor, and the set's descendants from their first page). The
 * root set pages last, with everything below it. Objects are linked from the data (property
 * values and edge ends); each instance is one object per view however often it is reached.
 */

import type { InstanceClient } from "./client.js";
import { PygenError } from "./errors.js";
import { and, hasData, nodeProp, type Filter } from "./filters.js";
import type { InstanceId, ViewRef } from "./ids.js";
import {
  readInstance,
  type EdgeInstance,
  type EdgeSpec,
  type InstanceBase,
  type ReverseSpec,
  type ViewSpec,
  type WireInstance,
} from "./instance.js";

/** The deepest expansion allowed unless `maxDepth` says otherwise. */
export const DEFAULT_MAX_DEPTH = 3;
/** The most instances one expanded read may hold unless `maxInstances` says otherwise. */
export const DEFAULT_MAX_INSTANCES = 100_000;
/** The most result sets one expansion query may hold unless `maxResultSets` says otherwise. */
export const DEFAULT_MAX_RESULT_SETS = 100;
/** The API's largest page of one result set. */
export const SET_LIMIT = 10_000;
/** Root nodes per expanded page. */
export const ROOT_PAGE = 1_000;

/**
 * A relation that reads back as an id, or, when read with `expand`, as the typed object of
 * its target view: `Expandable<Site>` is `InstanceId | Site`. Narrow with `isExpanded`.
 */
export type Expandable<T extends InstanceBase> = InstanceId | T;

/**
 * An edge of a connection read with `expand`: the edge (its properties) and, in `otherNode`,
 * the node at its other end (`undefined` when the read did not reach it).
 */
export type ExpandedEdge<
  TEdge extends EdgeInstance,
  TNode extends InstanceBase,
> = TEdge & { otherNode?: TNode | null };

/** Whether an expandable relation holds the read object (it was expanded), not only an id. */
export function isExpanded<T extends InstanceBase>(
  value: Expandable<T> | null | undefined,
): value is T {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { createdTime?: unknown }).createdTime === "number"
  );
}

/** An expanded read went over a limit (depth, instances, result sets); nothing is returned. */
export class ExpandLimitError extends PygenError {
  static override readonly kind: string = "ExpandLimitError";
}

/** How far to follow relations on read, and the limits that keep memory bounded. */
export interface ExpandOptions {
  /** Hops to follow (1: the view's own relations as objects). */
  depth: number;
  /**
   * The most instances one read may hold in memory, all levels together (default 100,000);
   * over it the read stops with `ExpandLimitError` (never truncated data).
   */
  maxInstances?: number;
  /** The deepest expansion allowed (default 3; result sets grow with every level). */
  maxDepth?: number;
  /** The most result sets one query may hold (default 100). */
  maxResultSets?: number;
  /** Instances per page of a related result set, 1 to 10,000 (default 10,000). */
  setLimit?: number;
}

/**
 * What `retrieve` and `list` fetch besides the properties: `"none"` (direct relations as
 * ids, no edges or reverse relations), `"ids"` (also edges and reverse relations, as ids;
 * edges with properties as edge objects), or a depth / `ExpandOptions`: typed nested objects.
 */
export type ExpandArg = "none" | "ids" | number | ExpandOptions;

/** An `ExpandOptions` with every limit set. */
export type ExpandPlan = Required<ExpandOptions>;

function checkInteger(name: string, value: number, low: number): void {
  if (!Number.isInteger(value) || value < low) {
    throw new RangeError(
      `expand ${name} must be an integer >= ${low}, got ${value}`,
    );
  }
}

/**
 * The plan of an `expand` option (`undefined` for `"none"` and `"ids"`).
 *
 * @throws RangeError for a value that is none of the forms; `ExpandLimitError` for a depth
 *   over `maxDepth`.
 */
export function expansionOf(value: ExpandArg): ExpandPlan | undefined {
  if (value === "none" || value === "ids") {
    return undefined;
  }
  const given: ExpandOptions =
    typeof value === "number"
      ? { depth: value }
      : typeof value === "object" && value !== null
        ? value
        : (() => {
            throw new RangeError(
              `expand takes "none", "ids", a depth or ExpandOptions, got ${JSON.stringify(value)}`,
            );
          })();
  const plan: ExpandPlan = {
    depth: given.depth,
    maxInstances: given.maxInstances ?? DEFAULT_MAX_INSTANCES,
    maxDepth: given.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxResultSets: given.maxResultSets ?? DEFAULT_MAX_RESULT_SETS,
    setLimit: given.setLimit ?? SET_LIMIT,
  };
  checkInteger("depth", plan.depth, 1);
  checkInteger("maxInstances", plan.maxInstances, 1);
  checkInteger("maxDepth", plan.maxDepth, 1);
  checkInteger("maxResultSets", plan.maxResultSets, 1);
  checkInteger("setLimit", plan.setLimit, 1);
  if (plan.setLimit > SET_LIMIT) {
    throw new RangeError(
      `expand setLimit must be at most ${SET_LIMIT}, got ${plan.setLimit}`,
    );
  }
  if (plan.depth > plan.maxDepth) {
    throw new ExpandLimitError(
      `expand depth ${plan.depth} is over the limit of ${plan.maxDepth}: every level ` +
        `multiplies the result sets; raise it with ` +
        `{ depth: ${plan.depth}, maxDepth: ${plan.depth} }`,
    );
  }
  return plan;
}

// -- what a view can expand -------------------------------------------------------------------

/** One expandable relation of a view. */
export interface Hop {
  readonly field: string;
  readonly kind: "direct" | "reverse" | "edge";
  /** The spec of the nodes reached (`undefined`: an edge whose far end is not in the model). */
  readonly target: ViewSpec | undefined;
  readonly multi: boolean;
  /** direct: the property id in the owner's view. */
  readonly property?: string;
  readonly reverse?: ReverseSpec;
  readonly edge?: EdgeSpec;
  /** edge: the spec of the edge view, for edges with properties. */
  readonly edgeSpec?: ViewSpec | undefined;
}

/** The spec of `view` when the client's model has it. */
function known(client: InstanceClient, view: ViewRef): ViewSpec | undefined {
  try {
    return client.spec(view);
  } catch {
    return undefined;
  }
}

/** The relations of `spec` that an expansion follows. */
export function hopsOf(client: InstanceClient, spec: ViewSpec): Hop[] {
  const hops: Hop[] = [];
  for (const [field, property] of Object.entries(spec.properties)) {
    if (property.type !== "direct" || property.source === undefined) {
      continue;
    }
    const target = known(client, property.source);
    if (target !== undefined) {
      hops.push({
        field,
        kind: "direct",
        target,
        multi: property.list === true,
        property: property.property,
      });
    }
  }
  for (const [field, reverse] of Object.entries(spec.reverse)) {
    const target = known(client, reverse.sourceView);
    if (target !== undefined) {
      hops.push({
        field,
        kind: "reverse",
        target,
        multi: reverse.multi,
        reverse,
      });
    }
  }
  for (const [field, edge] of Object.entries(spec.edges)) {
    hops.push({
      field,
      kind: "edge",
      target:
        edge.targetView === null ? undefined : known(client, edge.targetView),
      multi: edge.multi,
      edge,
      edgeSpec:
        edge.edgeView === null ? undefined : known(client, edge.edgeView),
    });
  }
  return hops;
}

// -- the query: one result set per hop and level ----------------------------------------------

/** One named result set of an expansion query. */
export interface ResultSet {
  readonly name: string;
  /** The view read (`undefined`: plain edges, no properties). */
  readonly spec: ViewSpec | undefined;
  readonly expression: Record<string, unknown>;
  readonly parent: ResultSet | undefined;
  readonly hop: Hop | undefined;
  /** For the end-node set of an edge hop: its edge set. */
  readonly edges: ResultSet | undefined;
  readonly isEdges: boolean;
  readonly children: ResultSet[];
  /** The CDF property ids to fetch (`undefined`: all). */
  readonly properties: readonly string[] | undefined;
  /** Each parent's list of this set is ordered by this, then by id. */
  readonly order: ((a: unknown, b: unknown) => number) | undefined;
  /** Each parent keeps at most this many items of this set. */
  readonly perParent: number | undefined;
  /** Whether a hop filter chooses the items (a direct relation then drops the rest). */
  readonly filtered: boolean;
}

function ancestors(set: ResultSet): ResultSet[] {
  const chain: ResultSet[] = [];
  for (
    let current = set.parent;
    current !== undefined;
    current = current.parent
  ) {
    chain.push(current);
  }
  return chain;
}

function descendants(set: ResultSet): ResultSet[] {
  const found: ResultSet[] = [];
  const queue = [...set.children];
  for (
    let current = queue.shift();
    current !== undefined;
    current = queue.shift()
  ) {
    found.push(current);
    queue.push(...current.children);
  }
  return found;
}

function select(set: ResultSet): Record<string, unknown> {
  if (set.spec === undefined) {
    return { sources: [] };
  }
  const properties = new Set(set.properties ?? ["*"]);
  if (set.properties !== undefined) {
    // relations stay: direct relations (the links from here), and the `through` property
    // of a reverse relation followed into here
    for (const property of Object.values(set.spec.properties)) {
      if (property.type === "direct") {
        properties.add(property.property);
      }
    }
    if (set.hop?.kind === "reverse" && set.hop.reverse !== undefined) {
      properties.add(set.hop.reverse.through);
    }
  }
  return {
    sources: [{ source: set.spec.view.dump(), properties: [...properties] }],
  };
}

/** The root `nodes` set: the view's nodes matching `filter`, sorted. */
export function rootExpression(
  spec: ViewSpec,
  filter: Filter | undefined,
  sort: readonly unknown[],
  limit: number,
): Record<string, unknown> {
  const expression: Record<string, unknown> = {
    nodes: { filter: and(hasData(spec.view), filter) },
    limit,
  };
  if (sort.length > 0) {
    expression["sort"] = sort;
  }
  return expression;
}

/** What a query across relations sets at one hop (an expansion sets none of it). */
export interface HopOptions {
  /** Which related nodes are read (at an edge hop: the nodes at the far end). */
  readonly filter?: Filter | undefined;
  /** At an edge hop: a filter on the edges' own properties. */
  readonly edgeFilter?: Filter | undefined;
  /** The CDF property ids to fetch (`undefined`: all). */
  readonly properties?: readonly string[] | undefined;
  /** Each parent's list is ordered by this (then by id). */
  readonly order?: ((a: unknown, b: unknown) => number) | undefined;
  /** Each parent keeps at most this many related items. */
  readonly perParent?: number | undefined;
  /**
   * Relations hold only the objects read: no id of a node without data in the target view
   * (queries across relations, whose result types promise objects).
   */
  readonly strict?: boolean | undefined;
}

/** A tree of hops to read: a view, its hop options, and the relations followed from it. */
export interface SetTree {
  readonly spec: ViewSpec;
  readonly options: HopOptions;
  readonly children: readonly {
    readonly field: string;
    readonly tree: SetTree;
  }[];
}

/** Makes the result sets of one query, numbered in order, within `plan.maxResultSets`. */
class SetMaker {
  readonly sets: ResultSet[] = [];
  readonly #client: InstanceClient;
  readonly #plan: ExpandPlan;
  readonly #what: string;

  constructor(
    client: InstanceClient,
    plan: ExpandPlan,
    root: ResultSet,
    what: string,
  ) {
    this.#client = client;
    this.#plan = plan;
    this.#what = what;
    this.sets.push(root);
  }

  #add(
    parent: ResultSet,
    hop: Hop,
    spec: ViewSpec | undefined,
    expression: Record<string, unknown>,
    isEdges: boolean,
    options: HopOptions,
    edges?: ResultSet,
  ): ResultSet {
    const made: ResultSet = {
      name: `s${this.sets.length}`,
      spec,
      expression: { ...expression, limit: this.#plan.setLimit },
      parent,
      hop,
      edges,
      isEdges,
      children: [],
      properties: options.properties,
      order: options.order,
      perParent: options.perParent,
      filtered: options.filter !== undefined || options.strict === true,
    };
    this.sets.push(made);
    parent.children.push(made);
    if (this.sets.length > this.#plan.maxResultSets) {
      throw new ExpandLimitError(
        `${this.#what} needs more than ${this.#plan.maxResultSets} result sets ` +
          `(maxResultSets; every relation multiplies them at every level): follow fewer ` +
          `relations or levels, or raise the limit with maxResultSets`,
      );
    }
    return made;
  }

  /**
   * The sets of `hop` from `parent`: the related nodes (direct, reverse), or the edges and
   * the nodes at their far end. Returns the node set (`undefined`: edges to nodes outside the
   * model).
   */
  hop(
    parent: ResultSet,
    hop: Hop,
    options: HopOptions = {},
  ): ResultSet | undefined {
    const parentSpec = parent.spec as ViewSpec;
    if (hop.kind !== "edge") {
      const target = hop.target as ViewSpec;
      const through =
        hop.kind === "direct"
          ? { source: parentSpec.view.dump(), identifier: hop.property }
          : {
              source: hop.reverse?.sourceView.dump(),
              identifier: hop.reverse?.through,
            };
      return this.#add(
        parent,
        hop,
        target,
        {
          nodes: {
            from: parent.name,
            through,
            direction: hop.kind === "direct" ? "outwards" : "inwards",
            filter: and(hasData(target.view), options.filter),
          },
        },
        false,
        options,
      );
    }
    const edge = hop.edge as EdgeSpec;
    const ends =
      hop.target === undefined
        ? undefined
        : and(hasData(hop.target.view), options.filter);
    const traversal: Record<string, unknown> = {
      from: parent.name,
      direction: edge.direction,
      maxDistance: 1,
      filter: and(
        nodeProp("type", "edge").equals(edge.edgeType),
        options.edgeFilter,
      ),
    };
    if (
      (options.filter !== undefined || options.strict === true) &&
      ends !== undefined
    ) {
      traversal["nodeFilter"] = ends;
    }
    const edges = this.#add(
      parent,
      hop,
      hop.edgeSpec,
      { edges: traversal },
      true,
      { order: options.order, perParent: options.perParent },
    );
    if (hop.target === undefined) {
      return undefined;
    }
    return this.#add(
      edges,
      hop,
      hop.target,
      { nodes: { from: edges.name, filter: ends } },
      false,
      { properties: options.properties },
      edges,
    );
  }

  /** Every relation of every node set, level by level, `depth` times (an expansion). */
  expand(depth: number): void {
    let level: ResultSet[] = [this.sets[0] as ResultSet];
    for (let step = 0; step < depth; step++) {
      const next: ResultSet[] = [];
      for (const parent of level) {
        for (const hop of hopsOf(this.#client, parent.spec as ViewSpec)) {
          const made = this.hop(parent, hop);
          if (made !== undefined) {
            next.push(made);
          }
        }
      }
      level = next;
    }
  }

  /** The relations of `tree`, below `parent` (a query across relations). */
  follow(parent: ResultSet, tree: SetTree): void {
    const hops = hopsOf(this.#client, tree.spec);
    for (const child of tree.children) {
      const hop = hops.find((item) => item.field === child.field);
      if (hop === undefined || hop.target === undefined) {
        throw new TypeError(
          `${tree.spec.view.externalId} has no relation ${JSON.stringify(child.field)} to a ` +
            `view of the model; choose from ` +
            hops
              .filter((item) => item.target !== undefined)
              .map((item) => item.field)
              .join(", "),
        );
      }
      if (hop.target.view.toString() !== child.tree.spec.view.toString()) {
        throw new TypeError(
          `${tree.spec.view.externalId}.${child.field} leads to ` +
            `${hop.target.view.externalId}, not ${child.tree.spec.view.externalId}`,
        );
      }
      const made = this.hop(parent, hop, {
        ...child.tree.options,
        strict: true,
      });
      if (made !== undefined) {
        this.follow(made, child.tree);
      }
    }
  }
}

function rootSet(
  spec: ViewSpec,
  root: Record<string, unknown>,
  properties?: readonly string[],
): ResultSet {
  return {
    name: "s0",
    spec,
    expression: root,
    parent: undefined,
    hop: undefined,
    edges: undefined,
    isEdges: false,
    children: [],
    properties,
    order: undefined,
    perParent: undefined,
    filtered: false,
  };
}

/**
 * The result sets of an expansion: `root` (a `nodes` expression of `spec`), then each hop.
 *
 * @throws ExpandLimitError when more than `plan.maxResultSets` sets are needed.
 */
export function buildSets(
  client: InstanceClient,
  spec: ViewSpec,
  root: Record<string, unknown>,
  plan: ExpandPlan,
): ResultSet[] {
  const maker = new SetMaker(
    client,
    plan,
    rootSet(spec, root),
    `expanding ${spec.view.externalId} to depth ${plan.depth}`,
  );
  maker.expand(plan.depth);
  return maker.sets;
}

/**
 * The result sets of a query across relations: `root` (a `nodes` expression of `tree.spec`),
 * then the hops of `tree`, each with its options. A property a hop links by is fetched even
 * when a selection leaves it out.
 *
 * @throws ExpandLimitError when more than `plan.maxResultSets` sets are needed.
 */
export function buildTreeSets(
  client: InstanceClient,
  tree: SetTree,
  root: Record<string, unknown>,
  plan: ExpandPlan,
): ResultSet[] {
  const maker = new SetMaker(
    client,
    plan,
    rootSet(tree.spec, root, tree.options.properties),
    `the query of ${tree.spec.view.externalId}`,
  );
  maker.follow(maker.sets[0] as ResultSet, tree);
  return maker.sets;
}

// -- running it -------------------------------------------------------------------------------

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
   * Each page of root objects, expanded, until `limit` roots (`undefined`: all). The root
   * page size stays the same from page to page (a cursor belongs to its query); the last
   * page is cut to `limit` here.
   */
  async *rootPages(
    limit: number | undefined,
  ): AsyncGenerator<Record<string, unknown>[], void, undefined> {
    let remaining = limit;
    let cursor: string | undefined;
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
      yield roots;
      cursor = cursors[this.#root.name];
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
   * Replace the ids of a direct relation by the objects read. With a filter at the hop (a
   * query across relations), ids of nodes the filter left out are dropped: the relation
   * holds what matched.
   */
  #linkDirect(parents: Record<string, unknown>[], set: ResultSet): void {
    const hop = set.hop as Hop;
    const only = set.filtered;
    const resolve = (value: unknown): unknown =>
      value !== null &&
      typeof value === "object" &&
      !isExpanded(value as InstanceId)
        ? (this.#object(hop.target, value as InstanceId) ??
          (only ? undefined : value))
        : value;
    for (const parent of parents) {
      const value = parent[hop.field];
      if (value == null) {
        continue;
      }
      if (!Array.isArray(value)) {
        parent[hop.field] = resolve(value) ?? null;
        continue;
      }
      const items = value.map(resolve).filter((item) => item !== undefined);
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

// -- the round trip: read objects to write objects --------------------------------------------

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
