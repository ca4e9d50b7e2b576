/** Sort specifications: `"weight"`, `"-weight"` (descending), or `Sort` objects. */

/** The instance fields every view can be sorted by. */
export type SortableInstanceField =
  "space" | "externalId" | "version" | "createdTime" | "lastUpdatedTime";

/** Sort by `property` (a field name, or a CDF property id). */
export interface Sort<P extends string = string> {
  property: P | SortableInstanceField;
  /** Default `ascending`. */
  direction?: "ascending" | "descending";
  /** Nulls first or last; the API's default is last ascending and first descending. */
  nullsFirst?: boolean;
}

/** One sort key: a field name (ascending), the name with a leading `-` (descending), or a `Sort`. */
export type SortKey<P extends string = string> =
  P | SortableInstanceField | `-${P | SortableInstanceField}` | Sort<P>;

/** One or more sort keys, most significant first. */
export type SortArg<P extends string = string> =
  SortKey<P> | readonly SortKey<P>[];

/** The wire form of a sort key. */
export interface WireSort {
  property: string[];
  direction: "ascending" | "descending";
  nullsFirst?: boolean;
}

/** Turn a sort argument into wire sort objects; `resolve` maps a name to a property path. */
export function parseSort(
  spec: SortArg | undefined,
  resolve: (name: string) => string[],
): WireSort[] {
  if (spec === undefined) {
    return [];
  }
  const keys: readonly SortKey[] =
    typeof spec === "string" || !Array.isArray(spec) ? [spec as SortKey] : spec;
  return keys.map((key) => {
    const sort: Sort =
      typeof key === "string"
        ? key.startsWith("-")
          ? { property: key.slice(1), direction: "descending" }
          : { property: key, direction: "ascending" }
        : key;
    const wire: WireSort = {
      property: resolve(sort.property),
      direction: sort.direction ?? "ascending",
    };
    if (sort.nullsFirst !== undefined) {
      wire.nullsFirst = sort.nullsFirst;
    }
    return wire;
  });
}
