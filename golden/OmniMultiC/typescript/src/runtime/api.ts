/**
 * `InstanceReadAPI` and `InstanceAPI`: retrieve, list, iterate, search, aggregate, upsert and
 * delete the instances of one view. Generated classes only bind a view spec and its typed
 * filter options; the behaviour is here.
 */

import {
  API_ITEM_LIMIT,
  type IdLike,
  type InstanceClient,
  type UpsertOptions,
} from "./client.js";
import { asWrite } from "./aswrite.js";
import {
  buildSets,
  expansionOf,
  rootExpression,
  ROOT_PAGE,
  type ExpandArg,
  type ExpandPlan,
} from "./expand.js";
import { Expansion } from "./expansion.js";
import {
  and,
  hasData,
  instanceReferences,
  nodeProp,
  withInstanceSpace,
  type Filter,
} from "./filters.js";
import { toInstanceId, type InstanceId } from "./ids.js";
import {
  readInstance,
  type EdgeInstance,
  type EdgeSpec,
  type InstanceBase,
  type ReverseSpec,
  type ViewSpec,
  type WireInstance,
} from "./instance.js";
import { QueryBuilder, WHERE } from "./query.js";
import type { InstanceResult, Page } from "./results.js";
import { resolveRelated } from "./related.js";
import { parseSort, type SortableInstanceField, type SortArg } from "./sort.js";
import { syncBatches, type SyncBatch, type SyncOptions } from "./sync.js";

/** The default `limit` of `search`. */
export const DEFAULT_LIMIT = 25;

/** The most instances one list or search request returns. */
export const PAGE_LIMIT = 1000;

/** A number aggregate. */
export type Aggregate = "count" | "avg" | "min" | "max" | "sum";

type RequiredKeys<T> = {
  [K in keyof T]-?: Record<string, never> extends Pick<T, K> ? never : K;
}[keyof T];

/**
 * The property fields of a read type: its required fields (nullable properties are
 * `T | null`, connections are optional) other than those every instance has.
 */
export type PropertyName<TRead> = Exclude<
  Extract<RequiredKeys<TRead>, string>,
  keyof EdgeInstance | "instanceType"
>;

/** Options of `retrieve`. */
export interface RetrieveOptions {
  /**
   * What to fetch besides the properties (see `ExpandArg`): `"ids"` (the default) also edges
   * and reverse relations as ids, `"none"` properties only, a depth or an `Expand` typed
   * nested objects.
   */
  expand?: ExpandArg;
}

/** Options of `list` and `pages`: the view's filters, and how to sort and page. */
export type ListOptions<
  TRead,
  TFilter,
  TSort extends string = PropertyName<TRead>,
> = TFilter & {
  /** Field names to sort by; `"-weight"` sorts descending. */
  sort?: SortArg<TSort>;
  /** The most instances to yield in all; default all. */
  limit?: number;
  /** Instances per request, 1 to 1,000; default 1,000. */
  chunkSize?: number;
  /**
   * Resume where an earlier listing's page ended: its `nextCursor`, with the same options
   * (a cursor belongs to its query; `limit` counts from there).
   */
  cursor?: string;
  /**
   * What to fetch besides the properties (see `ExpandArg`): `"none"` (the default), `"ids"`
   * (edges and reverse relations as ids, page by page), a depth or an `Expand` (typed nested
   * objects, read through the query endpoint, `chunkSize` roots per page).
   */
  expand?: ExpandArg;
  /** A filter that must hold too: what `query()` builds (a symbol key, never a filter option). */
  [WHERE]?: Filter | undefined;
};

/** Options of `iterate`: the view's filters, the page size and where to start. */
export type IterateOptions<
  TRead,
  TFilter,
  TSort extends string = PropertyName<TRead>,
> = TFilter & {
  /** Field names to sort by; `"-weight"` sorts descending. */
  sort?: SortArg<TSort>;
  /** Instances in the page, 1 to 1,000; default 1,000. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** `"ids"`: also fetch edges and reverse relations as ids; default `"none"`. */
  expand?: "none" | "ids";
  /** A filter that must hold too: what `query()` builds (a symbol key, never a filter option). */
  [WHERE]?: Filter | undefined;
};

/** Options of `search`. */
export type SearchOptions<TRead, TFilter> = TFilter & {
  /** Field names to search in; all text fields by default. */
  properties?: readonly PropertyName<TRead>[];
  /** `AND` to require every word of the query, `OR` (the default) for any. */
  operator?: "AND" | "OR";
  /** The most to return, 1 to 1,000; default 25. */
  limit?: number;
};

/** Options of `aggregate`. */
export type AggregateOptions<TRead, TFilter> = TFilter & {
  /** The field to aggregate; `count` needs none. */
  property?: PropertyName<TRead>;
  /** Only instances matching this free-text query. */
  query?: string;
  /** Field names the `query` searches in. */
  searchProperties?: readonly PropertyName<TRead>[];
  /** The most groups to return with `groupBy`; default 1,000. */
  limit?: number;
  /** A filter that must hold too: what `query()` builds (a symbol key, never a filter option). */
  [WHERE]?: Filter | undefined;
};

/** One group of a grouped aggregate: the group's values and the aggregate. */
export interface GroupedValue {
  /** Field values of the group, keyed by CDF property id. */
  group: Record<string, unknown>;
  /** The aggregate of the group (`null` when no instance has the property). */
  value: number | null;
}

/** One histogram bucket. */
export interface Bucket {
  start: number;
  count: number;
}

interface WirePage {
  items?: WireInstance[];
  nextCursor?: string | null;
}

interface WireAggregate {
  items?: {
    group?: Record<string, unknown>;
    aggregates?: { value?: number | null; buckets?: Bucket[] }[];
  }[];
}

/** The filter options of an edge view's ends (bare external ids are resolved). */
const ENDS: ReadonlySet<string> = new Set(["startNode", "endNode"]);

const BASE_SORT_FIELDS: ReadonlySet<string> = new Set<SortableInstanceField>([
  "space",
  "externalId",
  "version",
  "createdTime",
  "lastUpdatedTime",
]);

/**
 * Collect an async iterable into an array, stopping after `limit` items (and fetching no
 * further pages then).
 */
export async function collect<T>(
  items: AsyncIterable<T>,
  limit?: number,
): Promise<T[]> {
  const result: T[] = [];
  if (limit !== undefined && limit <= 0) {
    return result;
  }
  for await (const item of items) {
    result.push(item);
    if (limit !== undefined && result.length >= limit) {
      break;
    }
  }
  return result;
}

/** Options with nothing set (every filter option is optional). */
function noOptions<T>(): T {
  return {} as T;
}

/** Set a connection field of a read object (fields the view spec names). */
function setField(item: object, field: string, value: unknown): void {
  (item as Record<string, unknown>)[field] = value;
}

function idKey(id: InstanceId): string {
  return JSON.stringify([id.space, id.externalId]);
}

function compareIds(a: InstanceId, b: InstanceId): number {
  if (a.space !== b.space) {
    return a.space < b.space ? -1 : 1;
  }
  if (a.externalId !== b.externalId) {
    return a.externalId < b.externalId ? -1 : 1;
  }
  return 0;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

function checkLimit(
  name: string,
  value: number,
  low: number,
  high: number,
): void {
  if (!Number.isInteger(value) || value < low || value > high) {
    throw new RangeError(
      `${name} must be an integer from ${low} to ${high}, got ${value}`,
    );
  }
}

/**
 * Reads of one view, typed by its generated interfaces. Listing is lazy: `list` and `pages`
 * fetch a page only when the consumer gets to it; memory stays O(page size).
 *
 * @typeParam TRead - The read interface of the view.
 * @typeParam TFilter - The view's filter options (`namePrefix`, `minWeight` ... and `filter`).
 * @typeParam TSort - The field names the view sorts by (generated: `EquipmentSortField`).
 */
export class InstanceReadAPI<
  TRead extends InstanceBase,
  TFilter extends object,
  TSort extends string = PropertyName<TRead>,
> {
  /** The client every request goes through. */
  readonly client: InstanceClient;
  /** The view this API reads. */
  readonly spec: ViewSpec;
  /**
   * For an API of an edge view: the edge connection it keeps to. Every read then finds only
   * edges of that connection's type (`equipment.connectedToEdges`).
   */
  readonly edges: EdgeSpec | undefined;
  readonly #buildFilter: (options: TFilter) => Filter | undefined;

  constructor(
    client: InstanceClient,
    spec: ViewSpec,
    buildFilter: (options: TFilter) => Filter | undefined,
    edges?: EdgeSpec,
  ) {
    this.client = client;
    this.spec = spec;
    this.#buildFilter = buildFilter;
    this.edges = edges;
  }

  /**
   * `options` with bare external ids in direct-relation filters (`site: "osl"`, and
   * `partsAll` for the relation `parts`) as ids in the client's `instanceSpace`.
   */
  #withIds(options: TFilter): TFilter {
    let copy: Record<string, unknown> | undefined;
    const toId = (value: unknown): unknown =>
      typeof value === "string" ? this.client.toId(value) : value;
    for (const [key, value] of Object.entries(options)) {
      const field = key.endsWith("All") ? key.slice(0, -3) : key;
      const relation =
        this.spec.properties[key]?.type === "direct" ||
        this.spec.properties[field]?.type === "direct" ||
        (this.spec.instanceType === "edge" && ENDS.has(key));
      if (!relation || value == null) {
        continue;
      }
      copy ??= { ...(options as Record<string, unknown>) };
      copy[key] = Array.isArray(value) ? value.map(toId) : toId(value);
    }
    return (copy ?? options) as TFilter;
  }

  /**
   * The `Filter` of typed filter options (`undefined` when they set nothing), with bare
   * external ids resolved in the client's `instanceSpace`.
   */
  filterOf(options: TFilter): Filter | undefined {
    const edgeType =
      this.edges === undefined
        ? undefined
        : nodeProp("type", "edge").equals(this.edges.edgeType);
    const filter = and(this.#buildFilter(this.#withIds(options)), edgeType);
    return filter === undefined ? undefined : this.withInstanceSpace(filter);
  }

  /**
   * `filter` with nodes given by bare external id (`prop.references("osl")`, also inside the
   * target filter of a relation filter) as ids in the client's `instanceSpace`.
   *
   * @throws TypeError naming the id when the client has no `instanceSpace`.
   */
  withInstanceSpace(filter: Filter): Filter {
    return withInstanceSpace(filter, (externalId) =>
      this.client.toId(externalId),
    );
  }

  /**
   * What changed since `cursor`, batch by batch: each batch has `items` (created or changed,
   * as read objects), `deleted` (ids) and `cursor` (persist it, and pass it here later to get
   * only what changed since). Without a cursor every instance comes first; iteration ends when
   * the view is caught up. Nothing is sent before the first batch is asked for.
   *
   * @throws SyncCursorExpiredError when the cursor is older than the API keeps cursors (3
   *   days); start over without a cursor.
   */
  async *sync(
    options: SyncOptions<TFilter> = noOptions(),
  ): AsyncGenerator<SyncBatch<TRead>, void, undefined> {
    const view = this.spec.view;
    // relation filters the API cannot filter through are resolved into ids first
    const filter = await this.#filterFrom(options);
    yield* syncBatches(
      this.client.http,
      {
        instanceType: this.spec.instanceType,
        view,
        filter: and(hasData(view), filter),
        cursor: options.cursor,
        chunkSize: options.chunkSize ?? PAGE_LIMIT,
        acceptMissedDeletes: options.acceptMissedDeletes ?? false,
      },
      (item) => readInstance(this.spec, item) as TRead,
    );
  }

  /**
   * A filter on this view's instances to give a relation option of another view:
   * `client.equipment.list({ site: client.site.matching({ code: "OSL" }) })` (the
   * instances with data in the view when the options set nothing).
   */
  matching(options: TFilter): Filter {
    return this.filterOf(options) ?? hasData(this.spec.view);
  }

  /**
   * The filter options and the query's filter (`WHERE`) of list, count and aggregate options,
   * with relation filters the API cannot filter through resolved into ids (`related.ts`).
   */
  async #filterFrom(
    options: TFilter & { [WHERE]?: Filter | undefined },
  ): Promise<Filter | undefined> {
    const filter = and(this.filterOf(options), options[WHERE]);
    return filter === undefined
      ? undefined
      : resolveRelated(filter, (path, body) =>
          this.client.http.post(path, body),
        );
  }

  /**
   * Start a fluent query:
   * `api.query().filter({ namePrefix: "P" }).sort("-weight").limit(10).list()`.
   * Nothing is sent until it is run (see `QueryBuilder`).
   */
  query(): QueryBuilder<TRead, TFilter, TSort> {
    return new QueryBuilder(this);
  }

  /**
   * Retrieve by id: one id gives the instance or `undefined`, an array gives an array (of
   * those found). Ids are `{space, externalId}` or bare external ids (in the client's
   * `instanceSpace`).
   */
  retrieve(id: IdLike, options?: RetrieveOptions): Promise<TRead | undefined>;
  retrieve(ids: readonly IdLike[], options?: RetrieveOptions): Promise<TRead[]>;
  async retrieve(
    id: IdLike | readonly IdLike[],
    options: RetrieveOptions = {},
  ): Promise<TRead | TRead[] | undefined> {
    const single = !Array.isArray(id);
    const ids = (single ? [id as IdLike] : (id as readonly IdLike[])).map(
      (value) => this.client.toId(value),
    );
    const expand = options.expand ?? "ids";
    const plan = expansionOf(expand);
    if (plan !== undefined && this.spec.instanceType === "node") {
      const expanded = await this.#retrieveExpanded(ids, plan);
      return single ? expanded[0] : expanded;
    }
    const found: TRead[] = [];
    for (const chunk of chunks(ids, API_ITEM_LIMIT)) {
      const page = await this.client.http.post<WirePage>(
        "/models/instances/byids",
        {
          items: chunk.map((item) => ({
            instanceType: this.spec.instanceType,
            space: item.space,
            externalId: item.externalId,
          })),
          sources: [{ source: this.spec.view.dump() }],
        },
      );
      found.push(...this.#read(page.items ?? []));
    }
    if (expand !== "none") {
      await this.#attachConnections(found);
    }
    return single ? found[0] : found;
  }

  /** The nodes `ids` (in that order, unknown ones left out), expanded by `plan`. */
  async #retrieveExpanded(
    ids: readonly InstanceId[],
    plan: ExpandPlan,
  ): Promise<TRead[]> {
    const byId = new Map<string, TRead>();
    for (const chunk of chunks(ids, API_ITEM_LIMIT)) {
      const root = rootExpression(
        this.spec,
        instanceReferences(chunk),
        [],
        ROOT_PAGE,
      );
      for await (const page of this.#expansion(root, plan).rootPages(
        undefined,
      )) {
        for (const item of page.items) {
          byId.set(
            idKey(item as unknown as InstanceId),
            item as unknown as TRead,
          );
        }
      }
    }
    const result: TRead[] = [];
    for (const key of new Set(ids.map(idKey))) {
      const item = byId.get(key);
      if (item !== undefined) {
        result.push(item);
      }
    }
    return result;
  }

  #expansion(root: Record<string, unknown>, plan: ExpandPlan): Expansion {
    const sets = buildSets(this.client, this.spec, root, plan);
    return new Expansion(
      (path, body) => this.client.http.post(path, body),
      plan,
      sets,
    );
  }

  /** Pages of expanded roots: one query per root page, with everything below it. */
  async *#expandedPages(
    options: ListOptions<TRead, TFilter, TSort>,
    plan: ExpandPlan,
    chunkSize: number,
  ): AsyncGenerator<Page<TRead>, void, undefined> {
    const filter = await this.#filterFrom(options);
    const sort = parseSort(options.sort, (name) => this.sortPath(name));
    const pageSize =
      options.limit === undefined
        ? chunkSize
        : Math.min(chunkSize, options.limit);
    if (pageSize === 0) {
      return;
    }
    const root = rootExpression(this.spec, filter, sort, pageSize);
    for await (const page of this.#expansion(root, plan).rootPages(
      options.limit,
      options.cursor,
    )) {
      yield {
        items: page.items as unknown as TRead[],
        nextCursor: page.nextCursor,
      };
    }
  }

  /**
   * The matching instances, one at a time, fetched a page (`chunkSize`) at a time when the
   * consumer gets to it. `collect(api.list(...), 100)` gives an array.
   */
  async *list(
    options: ListOptions<TRead, TFilter, TSort> = noOptions(),
  ): AsyncGenerator<TRead, void, undefined> {
    for await (const page of this.pages(options)) {
      yield* page.items;
    }
  }

  /** Like `list`, a page at a time, with the cursor of the next page. */
  async *pages(
    options: ListOptions<TRead, TFilter, TSort> = noOptions(),
  ): AsyncGenerator<Page<TRead>, void, undefined> {
    const chunkSize = options.chunkSize ?? PAGE_LIMIT;
    checkLimit("chunkSize", chunkSize, 1, PAGE_LIMIT);
    let remaining = options.limit;
    if (remaining !== undefined) {
      checkLimit("limit", remaining, 0, Number.MAX_SAFE_INTEGER);
    }
    const expand = options.expand ?? "none";
    const plan = expansionOf(expand);
    if (plan !== undefined && this.spec.instanceType === "node") {
      yield* this.#expandedPages(options, plan, chunkSize);
      return;
    }
    let cursor: string | undefined = options.cursor;
    while (remaining === undefined || remaining > 0) {
      const pageOptions = {
        ...options,
        expand: expand === "none" ? "none" : "ids",
        limit:
          remaining === undefined ? chunkSize : Math.min(chunkSize, remaining),
      } as IterateOptions<TRead, TFilter, TSort>;
      if (cursor !== undefined) {
        pageOptions.cursor = cursor;
      }
      const page = await this.iterate(pageOptions);
      if (remaining !== undefined) {
        remaining -= page.items.length;
      }
      cursor = page.nextCursor;
      yield page;
      if (cursor === undefined || page.items.length === 0) {
        return;
      }
    }
  }

  /** One page of matching instances and the cursor of the next (`undefined` at the end). */
  async iterate(
    options: IterateOptions<TRead, TFilter, TSort> = noOptions(),
  ): Promise<Page<TRead>> {
    const limit = options.limit ?? PAGE_LIMIT;
    checkLimit("limit", limit, 1, PAGE_LIMIT);
    const body: Record<string, unknown> = {
      instanceType: this.spec.instanceType,
      sources: [{ source: this.spec.view.dump() }],
      limit,
    };
    const filter = await this.#filterFrom(options);
    if (filter !== undefined) {
      body["filter"] = filter;
    }
    const sort = parseSort(options.sort, (name) => this.sortPath(name));
    if (sort.length > 0) {
      body["sort"] = sort;
    }
    if (options.cursor !== undefined) {
      body["cursor"] = options.cursor;
    }
    const page = await this.client.http.post<WirePage>(
      "/models/instances/list",
      body,
    );
    const items = this.#read(page.items ?? []);
    if (options.expand === "ids") {
      await this.#attachConnections(items);
    }
    return { items, nextCursor: page.nextCursor ?? undefined };
  }

  /** Free-text search over the view's text properties (or only `properties`). */
  async search(
    query?: string,
    options: SearchOptions<TRead, TFilter> = noOptions(),
  ): Promise<TRead[]> {
    const limit = options.limit ?? DEFAULT_LIMIT;
    checkLimit("limit", limit, 1, PAGE_LIMIT);
    const body: Record<string, unknown> = {
      view: this.spec.view.dump(),
      instanceType: this.spec.instanceType,
      limit,
      operator: options.operator ?? "OR",
    };
    if (query !== undefined) {
      body["query"] = query;
    }
    if (options.properties !== undefined && options.properties.length > 0) {
      body["properties"] = options.properties.map((name) =>
        this.propertyId(name),
      );
    }
    const filter = await this.#filterFrom(options);
    if (filter !== undefined) {
      body["filter"] = filter;
    }
    const page = await this.client.http.post<WirePage>(
      "/models/instances/search",
      body,
    );
    return this.#read(page.items ?? []);
  }

  /**
   * Count, average, minimum, maximum or sum over the matching instances. Without `groupBy`
   * the result is one number (`null` when no instance has the property; `count` gives 0);
   * with it, one `GroupedValue` per distinct value (combination).
   */
  aggregate(
    aggregate: Aggregate,
    options: AggregateOptions<TRead, TFilter> & {
      groupBy: PropertyName<TRead> | readonly PropertyName<TRead>[];
    },
  ): Promise<GroupedValue[]>;
  aggregate(
    aggregate: Aggregate,
    options?: AggregateOptions<TRead, TFilter> & { groupBy?: undefined },
  ): Promise<number | null>;
  async aggregate(
    aggregate: Aggregate,
    options: AggregateOptions<TRead, TFilter> & {
      groupBy?:
        PropertyName<TRead> | readonly PropertyName<TRead>[] | undefined;
    } = noOptions(),
  ): Promise<GroupedValue[] | number | null> {
    if (aggregate !== "count" && options.property === undefined) {
      throw new TypeError(`${aggregate} needs a property`);
    }
    const spec: Record<string, string> = {};
    if (options.property !== undefined) {
      spec["property"] = this.propertyId(options.property);
    }
    const body = await this.#aggregateBody({ [aggregate]: spec }, options);
    const groups: readonly string[] =
      options.groupBy === undefined
        ? []
        : typeof options.groupBy === "string"
          ? [options.groupBy]
          : options.groupBy;
    if (groups.length > 0) {
      body["groupBy"] = groups.map((name) => this.propertyId(name));
      body["limit"] = options.limit ?? PAGE_LIMIT;
    }
    const response = await this.client.http.post<WireAggregate>(
      "/models/instances/aggregate",
      body,
    );
    const items = response.items ?? [];
    if (groups.length === 0) {
      const value = items[0]?.aggregates?.[0]?.value;
      return value ?? (aggregate === "count" ? 0 : null);
    }
    return items.map((item) => ({
      group: item.group ?? {},
      value: item.aggregates?.[0]?.value ?? null,
    }));
  }

  /** Count the matching instances on the server (none are fetched). */
  async count(options: TFilter = noOptions()): Promise<number> {
    return (
      (await this.aggregate(
        "count",
        options as AggregateOptions<TRead, TFilter>,
      )) ?? 0
    );
  }

  /** Bucket a number property: one `{start, count}` per bucket of width `interval`. */
  async histogram(
    property: PropertyName<TRead>,
    interval: number,
    options: TFilter = noOptions(),
  ): Promise<Bucket[]> {
    const body = await this.#aggregateBody(
      { histogram: { property: this.propertyId(property), interval } },
      options as AggregateOptions<TRead, TFilter>,
    );
    const response = await this.client.http.post<WireAggregate>(
      "/models/instances/aggregate",
      body,
    );
    return response.items?.[0]?.aggregates?.[0]?.buckets ?? [];
  }

  /**
   * The CDF property id of a field name (or of a CDF id given as is).
   *
   * @throws RangeError when the view has no such property.
   */
  propertyId(name: string): string {
    const property = this.spec.properties[name];
    if (property !== undefined) {
      return property.property;
    }
    const ids = Object.values(this.spec.properties).map(
      (item) => item.property,
    );
    if (ids.includes(name)) {
      return name;
    }
    throw new RangeError(
      `${this.spec.view.externalId} has no property ${JSON.stringify(name)}; choose from ` +
        Object.keys(this.spec.properties).sort().join(", "),
    );
  }

  async #aggregateBody(
    aggregate: Record<string, unknown>,
    options: AggregateOptions<TRead, TFilter>,
  ): Promise<Record<string, unknown>> {
    const body: Record<string, unknown> = {
      view: this.spec.view.dump(),
      instanceType: this.spec.instanceType,
      aggregates: [aggregate],
    };
    const filter = await this.#filterFrom(options);
    if (filter !== undefined) {
      body["filter"] = filter;
    }
    if (options.query !== undefined) {
      body["query"] = options.query;
    }
    if (
      options.searchProperties !== undefined &&
      options.searchProperties.length > 0
    ) {
      body["properties"] = options.searchProperties.map((name) =>
        this.propertyId(name),
      );
    }
    return body;
  }

  /** The property path a sort name (a field name or an instance field) sorts by. */
  sortPath(name: string): string[] {
    if (BASE_SORT_FIELDS.has(name)) {
      return [this.spec.instanceType, name];
    }
    return this.spec.view.propertyPath(this.propertyId(name));
  }

  #read(items: readonly WireInstance[]): TRead[] {
    return items.map((item) => readInstance(this.spec, item) as TRead);
  }

  async #attachConnections(items: TRead[]): Promise<void> {
    if (items.length === 0) {
      return;
    }
    for (const [field, edge] of Object.entries(this.spec.edges)) {
      await this.#attachEdges(items, field, edge);
    }
    for (const [field, reverse] of Object.entries(this.spec.reverse)) {
      await this.#attachReverse(items, field, reverse);
    }
  }

  /** Fill `field` of every item with its edges (edge objects, or the ids at the other end). */
  async #attachEdges(
    items: TRead[],
    field: string,
    spec: EdgeSpec,
  ): Promise<void> {
    const [here, there] =
      spec.direction === "outwards"
        ? (["startNode", "endNode"] as const)
        : (["endNode", "startNode"] as const);
    const edgeSpec =
      spec.edgeView === null ? undefined : this.client.spec(spec.edgeView);
    const found = new Map<string, (InstanceId | Record<string, unknown>)[]>();
    for (const item of items) {
      found.set(idKey(item), []);
    }
    for (const chunk of chunks(items, PAGE_LIMIT)) {
      const body: Record<string, unknown> = {
        instanceType: "edge",
        filter: and(
          nodeProp("type", "edge").equals(spec.edgeType),
          nodeProp(here, "edge").in(chunk.map(toInstanceId)),
        ),
        limit: PAGE_LIMIT,
      };
      if (edgeSpec !== undefined) {
        body["sources"] = [{ source: edgeSpec.view.dump() }];
      }
      for (;;) {
        const page = await this.client.http.post<WirePage>(
          "/models/instances/list",
          body,
        );
        for (const raw of page.items ?? []) {
          const owner = raw[here];
          const other = raw[there];
          if (owner === undefined || other === undefined) {
            continue;
          }
          const value =
            edgeSpec === undefined
              ? { space: other.space, externalId: other.externalId }
              : readInstance(edgeSpec, raw);
          found.get(idKey(owner))?.push(value);
        }
        if (!page.nextCursor) {
          break;
        }
        body["cursor"] = page.nextCursor;
      }
    }
    for (const item of items) {
      const values = (found.get(idKey(item)) ?? []) as InstanceId[];
      values.sort(compareIds);
      setField(item, field, spec.multi ? values : (values[0] ?? null));
    }
  }

  /** Fill `field` of every item with the ids of the nodes whose direct relation points here. */
  async #attachReverse(
    items: TRead[],
    field: string,
    spec: ReverseSpec,
  ): Promise<void> {
    const found = new Map<string, InstanceId[]>();
    for (const item of items) {
      found.set(idKey(item), []);
    }
    const through = spec.sourceView.prop(spec.through);
    const view = spec.sourceView;
    for (const chunk of chunks(items, PAGE_LIMIT)) {
      const ids = chunk.map(toInstanceId);
      const body: Record<string, unknown> = {
        instanceType: "node",
        sources: [{ source: view.dump() }],
        filter: spec.throughIsList ? through.containsAny(ids) : through.in(ids),
        limit: PAGE_LIMIT,
      };
      for (;;) {
        const page = await this.client.http.post<WirePage>(
          "/models/instances/list",
          body,
        );
        for (const raw of page.items ?? []) {
          const value =
            raw.properties?.[view.space]?.[view.sourceKey]?.[spec.through];
          for (const target of Array.isArray(value) ? value : [value]) {
            const id = target as InstanceId | null | undefined;
            if (id != null) {
              found
                .get(idKey(id))
                ?.push({ space: raw.space, externalId: raw.externalId });
            }
          }
        }
        if (!page.nextCursor) {
          break;
        }
        body["cursor"] = page.nextCursor;
      }
    }
    for (const item of items) {
      const values = found.get(idKey(item)) ?? [];
      values.sort(compareIds);
      setField(item, field, spec.multi ? values : (values[0] ?? null));
    }
  }
}

/**
 * Reads and writes of one writable view.
 *
 * @typeParam TWrite - The write interface of the view.
 * @typeParam TRead - The read interface of the view.
 * @typeParam TFilter - The view's filter options.
 * @typeParam TSort - The field names the view sorts by.
 */
export class InstanceAPI<
  TWrite extends object,
  TRead extends InstanceBase,
  TFilter extends object,
  TSort extends string = PropertyName<TRead>,
> extends InstanceReadAPI<TRead, TFilter, TSort> {
  /**
   * The write object of a read object, with its expanded relations as nested write objects
   * (an object met again becomes its id), so read → change → `upsert` round-trips:
   * `api.upsert(api.asWrite(item))`.
   */
  asWrite(item: TRead): TWrite {
    return asWrite(this.client, this.spec, item) as unknown as TWrite;
  }

  /**
   * Create or update instances, with everything nested in them (see `InstanceClient.upsert`).
   *
   * @throws InstanceOperationError when some batches failed.
   */
  upsert(
    items: TWrite | readonly TWrite[],
    options: UpsertOptions = {},
  ): Promise<InstanceResult> {
    const list: readonly TWrite[] = Array.isArray(items)
      ? items
      : [items as TWrite];
    return this.client.upsert(this.spec, list, options);
  }

  /**
   * Delete instances of this view by id (deleting a node deletes its edges).
   *
   * @throws InstanceOperationError when some batches failed.
   */
  delete(
    ids: IdLike | object | readonly (IdLike | object)[],
  ): Promise<InstanceResult> {
    return this.client.delete(ids, { instanceType: this.spec.instanceType });
  }
}
