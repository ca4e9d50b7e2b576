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
 *
 * This module holds the options, the types and the plan (the result sets); `expansion.ts`
 * runs a plan, `aswrite.ts` turns what it read back into write objects.
 */

import type { InstanceClient } from "./client.js";
import { PygenError } from "./errors.js";
import { and, hasData, nodeProp, type Filter } from "./filters.js";
import type { InstanceId, ViewRef } from "./ids.js";
import type {
  EdgeInstance,
  EdgeSpec,
  InstanceBase,
  ReverseSpec,
  ViewSpec,
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
export function known(
  client: InstanceClient,
  view: ViewRef,
): ViewSpec | undefined {
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
}

export function ancestors(set: ResultSet): ResultSet[] {
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

export function descendants(set: ResultSet): ResultSet[] {
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

export function select(set: ResultSet): Record<string, unknown> {
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
  // an edge view's root is an `edges` set without `from`: the edges matching the filter
  const kind = spec.instanceType === "edge" ? "edges" : "nodes";
  const expression: Record<string, unknown> = {
    [kind]: { filter: and(hasData(spec.view), filter) },
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
   * Edges hold only the nodes read: an edge to a node without data in the target view is
   * left out (the edge set's `nodeFilter`; queries across relations, as in Python). Direct
   * relations keep the id of a target not read in any case.
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
