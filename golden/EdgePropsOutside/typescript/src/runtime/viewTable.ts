/**
 * The view table of a large generated SDK: its client lists each view once, by client
 * attribute, with the view's spec and API class, and creates each API when first used.
 */

import type { InstanceClient } from "./client.js";
import type { ViewSpec } from "./instance.js";

/** A generated view API class: made with the client every API of the SDK shares. */
export type ViewAPIClass = new (client: InstanceClient) => object;

/** Each view of a generated SDK by client attribute: its spec and its API class. */
export type ViewTable = Readonly<
  Record<string, { readonly spec: ViewSpec; readonly api: ViewAPIClass }>
>;

/** The API of each view of `T`, by client attribute (the client's view members). */
export type ViewAPIs<T extends ViewTable> = {
  readonly [K in keyof T]: InstanceType<T[K]["api"]>;
};

/** The spec of every view of `table`, in its order. */
export function viewSpecs(table: ViewTable): ViewSpec[] {
  return Object.values(table).map((view) => view.spec);
}

/**
 * Give `target` a member per view of `table`, by client attribute: the view's API on `client`,
 * created when first read and the same object from then on. The members are enumerable
 * (`Object.keys(target)` lists every view) and read-only.
 */
export function defineViewAPIs(
  target: object,
  client: InstanceClient,
  table: ViewTable,
): void {
  for (const [name, { api }] of Object.entries(table)) {
    Object.defineProperty(target, name, {
      configurable: true,
      enumerable: true,
      get(): object {
        const value = new api(client);
        Object.defineProperty(target, name, { value, enumerable: true });
        return value;
      },
    });
  }
}
