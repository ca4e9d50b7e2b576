/**
 * `QueryBuilder`: a fluent, lazy query over one view, the shape of the Python runtime's.
 *
 *     api.query().filter({ namePrefix: "Pump", minWeight: 100 }).sort("-weight").limit(10).list()
 *
 * Nothing is sent until `list()`, `pages()`, `toArray()`, `rows()` or `count()` is called
 * (or the builder is iterated with `for await`), and listing fetches a page at a time.
 */

import type { InstanceReadAPI, ListOptions, PropertyName } from "./api.js";
import { and, type Filter } from "./filters.js";
import type { InstanceBase } from "./instance.js";
import type { Page } from "./results.js";
import type { SortKey } from "./sort.js";

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
}

/**
 * Collects filters, sort, limit and a field selection; runs on demand. Every method returns
 * a new builder, so a partly built query can be reused.
 *
 * @typeParam TRead - The read interface of the view.
 * @typeParam TFilter - The view's filter options.
 */
export class QueryBuilder<
  TRead extends InstanceBase,
  TFilter extends object,
  TSort extends string = PropertyName<TRead>,
> implements AsyncIterable<TRead> {
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
    },
  ) {
    this.#api = api;
    this.#state = state;
  }

  #with(
    changes: Partial<QueryState<TRead, TFilter, TSort>>,
  ): QueryBuilder<TRead, TFilter, TSort> {
    return new QueryBuilder(this.#api, { ...this.#state, ...changes });
  }

  /**
   * Add conditions: the view's filter options (`{ namePrefix: "P", minWeight: 1 }`, and
   * `filter` for any `Filter`). Conditions from several calls must all hold.
   */
  filter(options: TFilter): QueryBuilder<TRead, TFilter, TSort> {
    return this.#with({ filters: [...this.#state.filters, options] });
  }

  /** Sort by fields: `"weight"` ascending, `"-weight"` descending, or `Sort` objects. */
  sort(...keys: SortKey<TSort>[]): QueryBuilder<TRead, TFilter, TSort> {
    return this.#with({ sort: [...this.#state.sort, ...keys] });
  }

  /**
   * Return at most `count` instances (`undefined`: all).
   *
   * @throws RangeError when `count` is not an integer >= 0.
   */
  limit(count: number | undefined): QueryBuilder<TRead, TFilter, TSort> {
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
  chunkSize(size: number): QueryBuilder<TRead, TFilter, TSort> {
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
  ): QueryBuilder<TRead, TFilter, TSort> {
    for (const name of fields) {
      this.#api.propertyId(name); // fail early on a misspelt name
    }
    return this.#with({ select: [...this.#state.select, ...fields] });
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
    const { sort, limit, chunkSize } = this.#state;
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

  /** The matching instances, one at a time, fetched a page at a time when you get to it. */
  list(): AsyncGenerator<TRead, void, undefined> {
    return this.#api.list(this.#options());
  }

  /** The matching instances a page at a time, each with the cursor of the next. */
  pages(): AsyncGenerator<Page<TRead>, void, undefined> {
    return this.#api.pages(this.#options());
  }

  /** `for await (const item of api.query()...)` lists. */
  [Symbol.asyncIterator](): AsyncIterator<TRead> {
    return this.list();
  }

  /** Run the query and collect every result (mind `limit`). */
  async toArray(): Promise<TRead[]> {
    const result: TRead[] = [];
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
        space: item.space,
        externalId: item.externalId,
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

  /** The query as data (for logs and tests): view, filter, sort, limit, selection. */
  toJSON(): Record<string, unknown> {
    return {
      view: this.#api.spec.view.dump(),
      filter: this.where ?? null,
      sort: [...this.#state.sort],
      limit: this.#state.limit ?? null,
      select: [...this.#state.select],
    };
  }
}
