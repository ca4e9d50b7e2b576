/** Identifiers the runtime and generated SDKs pass around: instances and views. */

import { Prop } from "./filters.js";

/**
 * A node or edge identifier. Direct relations read back as `InstanceId`s, and this is also
 * their wire form.
 */
export interface InstanceId {
  space: string;
  externalId: string;
}

/** An instance id: `instanceId("my_space", "pump-1")`. */
export function instanceId(space: string, externalId: string): InstanceId {
  return { space, externalId };
}

/**
 * Reduce anything with a string `space` and `externalId` (an id, a read or a write object) to
 * a plain `{space, externalId}`.
 *
 * @throws TypeError when the value has no such pair.
 */
export function toInstanceId(value: unknown): InstanceId {
  if (isInstanceIdLike(value)) {
    return { space: value.space, externalId: value.externalId };
  }
  throw new TypeError(
    `expected an object with space and externalId, got ${JSON.stringify(value)}`,
  );
}

/** Whether `value` has a string `space` and `externalId`. */
export function isInstanceIdLike(value: unknown): value is InstanceId {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Partial<InstanceId>).space === "string" &&
    typeof (value as Partial<InstanceId>).externalId === "string"
  );
}

/** The wire form of a view reference. */
export interface ViewReference {
  type: "view";
  space: string;
  externalId: string;
  version: string;
}

/**
 * A view: `space`, `externalId` and `version`. Generated code declares each view once and
 * derives wire paths from it: where properties sit in a read instance, and how filters name a
 * property.
 */
export class ViewRef {
  constructor(
    readonly space: string,
    readonly externalId: string,
    readonly version: string,
  ) {}

  /** `externalId/version`: the key of this view's properties in a read instance. */
  get sourceKey(): string {
    return `${this.externalId}/${this.version}`;
  }

  /** The wire form (with `type: "view"`). */
  dump(): ViewReference {
    return {
      type: "view",
      space: this.space,
      externalId: this.externalId,
      version: this.version,
    };
  }

  /** The filter and sort path of one of this view's properties. */
  propertyPath(identifier: string): string[] {
    return [this.space, this.sourceKey, identifier];
  }

  /** A filter builder for one of this view's properties: `VIEW.prop("weight").range(...)`. */
  prop(identifier: string): Prop {
    return new Prop(this.propertyPath(identifier));
  }

  /** `space:externalId/version`. */
  toString(): string {
    return `${this.space}:${this.externalId}/${this.version}`;
  }
}
