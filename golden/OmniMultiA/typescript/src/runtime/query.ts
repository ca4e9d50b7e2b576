/**
 * `QueryBuilder`: a fluent, lazy query over one view and across its relations, the semantics
 * of the Python runtime's queries across relations.
 *
 *     api.query().filter({ namePrefix: "Pump", minWeight: 100 }).sort("-weight").limit(10).list()
 *     client.workOrder.query().filter({ completed: false }).include(
 *       "assets",
 *       client.equipment.query().filter({ status: "running" }).sort("-weight").limit(3),
 *     )
 *
 * Nothing is sent until `list()`, `pages()`, `toArray()`, `rows()` or `count()` is called
 * (or the builder is iterated with `for await`), and listing fetches a page at a time. A
 * query with `include` or `select` runs on `/models/instances/query` (the result-set plan of
 * `expand.ts`: requests grow with result pages, never with instances).
 */

import type { InstanceReadAPI, ListOptions, PropertyName } from "./api.js";
import {
  DEFAULT_MAX_DEPTH,
  ExpandLimitError,
  buildTreeSets,
  expansionOf,
  hopsOf,
  rootExpression,
  ROOT_PAGE,
  type ExpandOptions,
  type ExpandPlan,
  type SetTree,
} from "./expand.js";
import { Expansion } from "./expansion.js";
import { and, type Filter } from "./filters.js";
import type { InstanceId } from "./ids.js";
import type { EdgeInstance, InstanceBase, NodeInstance } from "./instance.js";
import { describeFilter, resolveRelated } from "./related.js";
import type { Page } from "./results.js";
import { parseSort, type SortKey } from "./sort.js";

type Item<V> = V extends readonly (infer E)[] ? E : V;

/**
 * The node type a relation field leads to: `Site` for `Expandable<Site> | null`, `Equipment`
 * for `ExpandedEdge<Connection, Equipment>[]`; `never` for a field that is no relation.
 */
export type RelationTarget<V> =
  Item<NonNullable<V>> extends infer E
    ? E extends EdgeInstance & { otherNode?: infer N }
      ? NonNullable<N>
      : Extract<E, NodeInstance>
    : never;

/** The fields of `TRead` that are relations to a view of the model (what `include` takes). */
export type RelationKey<TRead> = {
  [K in keyof TRead]-?: [RelationTarget<TRead[K]>] extends [never] ? never : K;
}[keyof TRead] &
  string;

/**
 * A relation's value with its targets read as `TSub` (`include`'s result). With `KeepIds` (a
 * direct relation) a target that was not read — no data in the target view, or left out by
 * the hop's filter — stays its `InstanceId`, as `expand` keeps it: `Site | InstanceId`
 * (narrow with `isExpanded`). Reverse relations and edges hold only what was read.
 */
export type Attached<
  V,
  TSub,
  KeepIds extends boolean = false,
> = V extends readonly (infer E)[]
  ? Attached<E, TSub, KeepIds>[]
  : V extends null
    ? null
    : V extends EdgeInstance & { otherNode?: unknown }
      ? Omit<V, "otherNode"> & { otherNode: TSub | null }
      : KeepIds extends true
        ? V extends InstanceBase
          ? TSub
          : InstanceId
        : TSub;

/**
 * Whether field `P` of `T` is a direct relation: a required key (a property, `null` when
 * unset), where reverse relations and edges are optional keys (present when read).
 */
type IsDirect<T, P extends PropertyKey> = P extends keyof T
  ? Record<string, never> extends Pick<T, P>
    ? false
    : true
  : false;

/** `TResult` with the relation `K` read as `TSub` objects. */
export type Included<TResult, K extends PropertyKey, TSub> = Omit<
  TResult,
  K
> & {
  [P in K]-?: Attached<
    Exclude<P extends keyof TResult ? TResult[P] : never, undefined>,
    TSub,
    IsDirect<TResult, P>
  >;
};

/** The memory guards of a query across relations (the limits of `ExpandOptions`). */
export type QueryGuard = Pick<
  ExpandOptions,
  "maxInstances" | "maxDepth" | "maxResultSets"
>;

/** A relation followed by `include`, with the query of its hop (if one was given). */
interface Inclusion {
  readonly field: string;
  readonly query: QueryBuilder<any, any, any, any> | undefined;
}

/**
 * The key under which `QueryBuilder` hands its combined filter to the list, count and
 * aggregate options: a symbol, so it can never clash with a generated filter option.
 */
export const WHERE: unique symbol = Symbol("pygen.where");

/** What a query has collected so far. */
interface QueryState<TRead, TFilter, TSort extends string> {
  readonly filters: readonly TFilter[];
  readonly sort: readonly SortKey<TSort>[];
  readonly limit: number | undefined;
  readonly select: readonly PropertyName<TRead>[];
  readonly chunkSize: number | undefined;
  readonly includes: readonly Inclusion[];
  readonly edgeFilter: Filter | undefined;
  readonly guard: QueryGuard;
  readonly cursor: string | undefined;
}

/**
 * Collects filters, sort, limit and a field selection; runs on demand. Every method returns
 * a new builder, so a partly built query can be reused.
 *
 * @typeParam TRead - The read interface of the view.
 * @typeParam TFilter - The view's filter options.
 * @typeParam TSort - The view's sort fields.
 * @typeParam TResult - What the query returns: `TRead`, with included relations typed as the
 *   objects read and unselected properties left out.
 */
export class QueryBuilder<
  TRead extends InstanceBase,
  TFilter extends object,
  TSort extends string = PropertyName<TRead>,
  TResult = TRead,
> implements AsyncIterable<TResult> {
  readonly #api: InstanceReadAPI<TRead, TFilter, TSort>;
  readonly #state: QueryState<TRead, TFilter, TSort>;

  constructor(
    api: InstanceReadAPI<TRead, TFilter, TSort>,
    state: QueryState<TRead, TFilter, TSort> = {
      filters: [],
      sort: [],
      limit: undefined,
      select: [],
      chunkSize: undefined,
      includes: [],
      edgeFilter: undefined,
      guard: {},
      cursor: undefined,
    },
  ) {
    this.#api = api;
    this.#state = state;
  }

  #with(
    changes: Partial<QueryState<TRead, TFilter, TSort>>,
  ): QueryBuilder<TRead, TFilter, TSort, TResult> {
    return new QueryBuilder(this.#api, { ...this.#state, ...changes });
  }

  /**
   * Add conditions: the view's filter options (`{ namePrefix: "P", minWeight: 1 }`, and
   * `filter` for any `Filter`). Conditions from several calls must all hold.
   */
  filter(options: TFilter): QueryBuilder<TRead, TFilter, TSort, TResult> {
    return this.#with({ filters: [...this.#state.filters, options] });
  }

  /** Sort by fields: `"weight"` ascending, `"-weight"` descending, or `Sort` objects. */
  sort(
    ...keys: SortKey<TSort>[]
  ): QueryBuilder<TRead, TFilter, TSort, TResult> {
    return this.#with({ sort: [...this.#state.sort, ...keys] });
  }

  /**
   * Return at most `count` instances (`undefined`: all).
   *
   * @throws RangeError when `count` is not an integer >= 0.
   */
  limit(
    count: number | undefined,
  ): QueryBuilder<TRead, TFilter, TSort, TResult> {
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
      throw new RangeError(
        `limit must be an integer >= 0 or undefined, got ${count}`,
      );
    }
    return this.#with({ limit: count });
  }

  /**
   * Fetch this many instances per request, 1 to 1,000 (default 1,000).
   *
   * @throws RangeError when `size` is out of range.
   */
  chunkSize(size: number): QueryBuilder<TRead, TFilter, TSort, TResult> {
    if (!Number.isInteger(size) || size < 1 || size > 1000) {
      throw new RangeError(
        `chunkSize must be an integer from 1 to 1000, got ${size}`,
      );
    }
    return this.#with({ chunkSize: size });
  }

  /**
   * Restrict `rows()` to these fields.
   *
   * @throws RangeError when the view has no such field.
   */
  select<K extends PropertyName<TRead>>(
    ...fields: K[]
  ): QueryBuilder<
    TRead,
    TFilter,
    TSort,
    Omit<TResult, Exclude<PropertyName<TRead>, K | RelationKey<TRead>>>
  > {
    for (const name of fields) {
      this.#api.propertyId(name); // fail early on a misspelt name
    }
    return new QueryBuilder(this.#api, {
      ...this.#state,
      select: [...this.#state.select, ...fields],
    });
  }

  /**
   * Follow the relation `name` and read its targets as objects, as `query` (a query of the
   * target view: `client.equipment.query()...`) says: its filter chooses which related nodes
   * each parent gets (parents are never dropped; filter the parent by the relation for that),
   * its sort and limit work per parent, its select and includes as at the root. Without
   * `query` every related node is read. Including a relation again replaces it.
   *
   * @throws TypeError (when run) for a relation to a view outside the model, or a `query`
   *   of another view than the relation's target.
   */
  include<K extends RelationKey<TRead>, TSub = RelationTarget<TRead[K]>>(
    name: K,
    query?: QueryBuilder<
      RelationTarget<TRead[K]> & InstanceBase,
      any,
      any,
      TSub
    >,
  ): QueryBuilder<TRead, TFilter, TSort, Included<TResult, K, TSub>> {
    const includes = this.#state.includes.filter((item) => item.field !== name);
    return new QueryBuilder(this.#api, {
      ...this.#state,
      includes: [...includes, { field: name, query }],
    });
  }

  /**
   * At a hop over an edge connection with properties: which edges are read, by the edges' own
   * properties (`CONNECTION_VIEW.prop("cableType").equals("copper")`).
   */
  edgeFilter(filter: Filter): QueryBuilder<TRead, TFilter, TSort, TResult> {
    return this.#with({ edgeFilter: filter });
  }

  /**
   * Start at the root page after the one that gave `value` (a `nextCursor` of `pages()` of
   * the same query, built again: same filters, sort, limit and includes); `undefined` starts
   * at the beginning. Across relations it is the root set's cursor: the relations of each
   * root page are read with it.
   */
  cursor(
    value: string | undefined,
  ): QueryBuilder<TRead, TFilter, TSort, TResult> {
    return this.#with({ cursor: value });
  }

  /**
   * The memory guards of the whole query (the root's guard counts): `maxInstances` (100,000),
   * `maxResultSets` (100), `maxDepth` (3). Over one the query stops with `ExpandLimitError`.
   */
  guard(limits: QueryGuard): QueryBuilder<TRead, TFilter, TSort, TResult> {
    return this.#with({ guard: { ...this.#state.guard, ...limits } });
  }

  /**
   * The combined filter of this query in its wire form (`undefined` when there is none).
   * Bare external ids in relation options are resolved in the client's `instanceSpace`.
   */
  get where(): Filter | undefined {
    return and(
      ...this.#state.filters.map((options) => this.#api.filterOf(options)),
    );
  }

  /** The list options this query sends. */
  #options(): ListOptions<TRead, TFilter, TSort> {
    const options = { [WHERE]: this.where } as ListOptions<
      TRead,
      TFilter,
      TSort
    >;
    const { sort, limit, chunkSize, cursor } = this.#state;
    if (cursor !== undefined) {
      options.cursor = cursor;
    }
    if (sort.length > 0) {
      options.sort = sort;
    }
    if (limit !== undefined) {
      options.limit = limit;
    }
    if (chunkSize !== undefined) {
      options.chunkSize = chunkSize;
    }
    return options;
  }

  /** Whether the query runs on the query endpoint (relations followed or a selection). */
  get #acrossRelations(): boolean {
    return this.#state.includes.length > 0 || this.#state.select.length > 0;
  }

  /** The matching instances, one at a time, fetched a page at a time when you get to it. */
  async *list(): AsyncGenerator<TResult, void, undefined> {
    for await (const page of this.pages()) {
      yield* page.items;
    }
  }

  /**
   * The matching instances a page at a time, each with the cursor of the next (`undefined`
   * at the end); `cursor(nextCursor)` on the same query resumes there. Across relations a
   * page is a root page (up to `chunkSize`, 1,000) with everything below it, and the cursor
   * is the root set's.
   */
  async *pages(): AsyncGenerator<Page<TResult>, void, undefined> {
    if (!this.#acrossRelations) {
      yield* this.#api.pages(this.#options()) as AsyncGenerator<
        Page<TResult>,
        void,
        undefined
      >;
      return;
    }
    const api = this.#api;
    const post = (path: string, body: unknown): Promise<unknown> =>
      api.client.http.post(path, body);
    const tree = await this.#tree(post, true);
    const plan = this.#plan(tree);
    // the API's own scope too (an edge accessor's edge type), which the options add
    const where = and(this.where, api.filterOf({} as TFilter));
    const filter =
      where === undefined ? undefined : await resolveRelated(where, post);
    const sort = parseSort(this.#state.sort, (name) => api.sortPath(name));
    const limit = this.#state.limit;
    const pageSize = Math.min(
      this.#state.chunkSize ?? ROOT_PAGE,
      limit ?? ROOT_PAGE,
    );
    if (pageSize === 0) {
      return;
    }
    const root = rootExpression(api.spec, filter, sort, pageSize);
    const sets = buildTreeSets(api.client, tree, root, plan);
    for await (const page of new Expansion(post, plan, sets).rootPages(
      limit,
      this.#state.cursor,
    )) {
      yield {
        items: page.items as unknown as TResult[],
        nextCursor: page.nextCursor,
      };
    }
  }

  /** The tree of hops below this builder, their filters resolved (`root`: no hop options). */
  async #tree(
    post: (path: string, body: unknown) => Promise<unknown>,
    root: boolean,
  ): Promise<SetTree> {
    const api = this.#api;
    const state = this.#state;
    const properties =
      state.select.length > 0
        ? state.select.map((name) => api.propertyId(name))
        : undefined;
    const where = this.where;
    const children: { field: string; tree: SetTree }[] = [];
    for (const inclusion of state.includes) {
      if (inclusion.query !== undefined) {
        children.push({
          field: inclusion.field,
          tree: await inclusion.query.#tree(post, false),
        });
        continue;
      }
      const hops = hopsOf(api.client, api.spec);
      const target = hops.find((hop) => hop.field === inclusion.field)?.target;
      if (target === undefined) {
        throw new TypeError(
          `${api.spec.view.externalId} has no relation ` +
            `${JSON.stringify(inclusion.field)} to a view of the model; choose from ` +
            hops
              .filter((hop) => hop.target !== undefined)
              .map((hop) => hop.field)
              .join(", "),
        );
      }
      children.push({
        field: inclusion.field,
        tree: { spec: target, options: {}, children: [] },
      });
    }
    if (root) {
      return { spec: api.spec, options: { properties }, children };
    }
    return {
      spec: api.spec,
      options: {
        filter:
          where === undefined ? undefined : await resolveRelated(where, post),
        edgeFilter:
          state.edgeFilter === undefined
            ? undefined
            : api.withInstanceSpace(state.edgeFilter),
        properties,
        order: order(state.sort),
        perParent: state.limit,
      },
      children,
    };
  }

  /** The guards of this query (the root's), checked against the depth of `tree`. */
  #plan(tree: SetTree): ExpandPlan {
    const guard = this.#state.guard;
    const depth = depthOf(tree);
    const maxDepth = guard.maxDepth ?? DEFAULT_MAX_DEPTH;
    if (depth > maxDepth) {
      throw new ExpandLimitError(
        `the query follows relations ${depth} levels deep, over maxDepth=${maxDepth} ` +
          `(every level multiplies the result sets); raise it with ` +
          `.guard({ maxDepth: ${depth} })`,
      );
    }
    const options: ExpandOptions = { depth: Math.max(depth, 1), maxDepth };
    if (guard.maxInstances !== undefined) {
      options.maxInstances = guard.maxInstances;
    }
    if (guard.maxResultSets !== undefined) {
      options.maxResultSets = guard.maxResultSets;
    }
    return expansionOf(options) as ExpandPlan;
  }

  /** `for await (const item of api.query()...)` lists. */
  [Symbol.asyncIterator](): AsyncIterator<TResult> {
    return this.list();
  }

  /** Run the query and collect every result (mind `limit`). */
  async toArray(): Promise<TResult[]> {
    const result: TResult[] = [];
    for await (const item of this.list()) {
      result.push(item);
    }
    return result;
  }

  /**
   * Plain rows with `space`, `externalId` and the selected fields (every property field when
   * nothing was selected).
   */
  async *rows(): AsyncGenerator<Record<string, unknown>, void, undefined> {
    const names: readonly string[] =
      this.#state.select.length > 0
        ? this.#state.select
        : Object.keys(this.#api.spec.properties);
    for await (const item of this.list()) {
      const fields = item as unknown as Record<string, unknown>;
      const row: Record<string, unknown> = {
        space: fields["space"],
        externalId: fields["externalId"],
      };
      for (const name of names) {
        row[name] = fields[name] ?? null;
      }
      yield row;
    }
  }

  /** Count the matching instances on the server (no instances are fetched; `limit` is ignored). */
  async count(): Promise<number> {
    return this.#api.count({ [WHERE]: this.where } as unknown as TFilter);
  }

  /** The query as data (for logs and tests): view, filter, sort, limit, selection, hops. */
  toJSON(): Record<string, unknown> {
    const data: Record<string, unknown> = {
      view: this.#api.spec.view.dump(),
      filter: this.where === undefined ? null : describeFilter(this.where),
      sort: [...this.#state.sort],
      limit: this.#state.limit ?? null,
      select: [...this.#state.select],
    };
    if (this.#state.includes.length > 0) {
      data["include"] = Object.fromEntries(
        this.#state.includes.map((item) => [
          item.field,
          item.query?.toJSON() ?? true,
        ]),
      );
    }
    return data;
  }
}

/** How deep `tree` follows relations (0: no relation). */
function depthOf(tree: SetTree): number {
  return Math.max(0, ...tree.children.map((child) => 1 + depthOf(child.tree)));
}

/** The value an item sorts by: a node's field, or an edge's node at the other end. */
function sortValue(item: unknown, field: string): unknown {
  const record = item as Record<string, unknown>;
  const node =
    record["instanceType"] === "edge" && field !== "externalId"
      ? (record["otherNode"] as Record<string, unknown> | null | undefined)
      : record;
  const value = node?.[field];
  return value instanceof Date ? value.getTime() : value;
}

/** The per-parent order of a hop's sort keys (missing values last); `undefined` for none. */
function order(
  keys: readonly SortKey<string>[],
): ((a: unknown, b: unknown) => number) | undefined {
  if (keys.length === 0) {
    return undefined;
  }
  const parsed = keys.map((key) =>
    typeof key === "string"
      ? key.startsWith("-")
        ? { field: key.slice(1), sign: -1 }
        : { field: key, sign: 1 }
      : {
          field: String(key.property),
          sign: key.direction === "descending" ? -1 : 1,
        },
  );
  return (a, b) => {
    for (const { field, sign } of parsed) {
      const x = sortValue(a, field);
      const y = sortValue(b, field);
      if (x == null || y == null) {
        if (x == null && y == null) {
          continue;
        }
        return x == null ? 1 : -1;
      }
      if (x !== y) {
        return ((x as number) < (y as number) ? -1 : 1) * sign;
      }
    }
    return 0;
  };
}
