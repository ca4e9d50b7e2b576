// Unit tests of the runtime's pure parts: filters, sort, values, ids and edge external ids.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  ViewRef,
  and,
  EDGE_ID_MAX_LENGTH,
  edgeExternalId,
  formatDate,
  formatTimestamp,
  hasData,
  instanceReferences,
  matchAll,
  nodeProp,
  not,
  or,
  overlaps,
  parseSort,
  parseTimestamp,
  toWire,
} from "../../../pygen/runtime/typescript/index.js";
import { sha256Hex } from "../../../pygen/runtime/typescript/sha256.js";

const PUMP = new ViewRef("sp", "Pump", "v1");

describe("filters", () => {
  it("names view properties by space, view/version and identifier", () => {
    assert.deepEqual(PUMP.prop("weight").equals(3), {
      equals: { property: ["sp", "Pump/v1", "weight"], value: 3 },
    });
    assert.deepEqual(nodeProp("externalId", "edge").prefix("a"), {
      prefix: { property: ["edge", "externalId"], value: "a" },
    });
  });

  it("returns undefined for undefined input, and and/or skip it", () => {
    assert.equal(PUMP.prop("name").equals(undefined), undefined);
    assert.equal(PUMP.prop("name").prefix(undefined), undefined);
    assert.equal(
      PUMP.prop("w").range({ gte: undefined, lte: undefined }),
      undefined,
    );
    assert.equal(and(undefined, undefined), undefined);
    const one = PUMP.prop("name").prefix("P");
    assert.equal(and(undefined, one, undefined), one);
  });

  it("flattens nested and/or", () => {
    const a = PUMP.prop("a").equals(1);
    const b = PUMP.prop("b").equals(2);
    const c = PUMP.prop("c").equals(3);
    assert.deepEqual(and(and(a, b), c), { and: [a, b, c] });
    assert.deepEqual(or(a, or(b, c)), { or: [a, b, c] });
    assert.deepEqual(not(a), { not: a });
  });

  it("picks equals or in by the value's shape; ids and dates go to the wire form", () => {
    const site = { space: "s", externalId: "x", createdTime: 5, name: "X" };
    assert.deepEqual(PUMP.prop("site").equalsOrIn(site), {
      equals: {
        property: ["sp", "Pump/v1", "site"],
        value: { space: "s", externalId: "x" },
      },
    });
    assert.deepEqual(PUMP.prop("status").equalsOrIn(["a", "b"]), {
      in: { property: ["sp", "Pump/v1", "status"], values: ["a", "b"] },
    });
    const when = new Date(Date.UTC(2024, 4, 1, 12));
    assert.deepEqual(PUMP.prop("at").range({ gt: when }), {
      range: {
        property: ["sp", "Pump/v1", "at"],
        gt: "2024-05-01T12:00:00.000+00:00",
      },
    });
  });

  it("refuses two lower or two upper bounds", () => {
    assert.throws(() => PUMP.prop("w").range({ gt: 1, gte: 2 }), RangeError);
    assert.throws(() => PUMP.prop("w").range({ lt: 1, lte: 2 }), RangeError);
  });

  it("builds every other operator", () => {
    assert.deepEqual(PUMP.prop("tags").containsAny(["a"]), {
      containsAny: { property: ["sp", "Pump/v1", "tags"], values: ["a"] },
    });
    assert.deepEqual(PUMP.prop("tags").containsAll(["a", "b"]), {
      containsAll: { property: ["sp", "Pump/v1", "tags"], values: ["a", "b"] },
    });
    assert.deepEqual(PUMP.prop("x").exists(), {
      exists: { property: ["sp", "Pump/v1", "x"] },
    });
    assert.deepEqual(PUMP.prop("x").exists(false), {
      not: { exists: { property: ["sp", "Pump/v1", "x"] } },
    });
    assert.deepEqual(PUMP.prop("site").nested(matchAll()), {
      nested: { scope: ["sp", "Pump/v1", "site"], filter: { matchAll: {} } },
    });
    assert.deepEqual(hasData(PUMP), {
      hasData: [
        { type: "view", space: "sp", externalId: "Pump", version: "v1" },
      ],
    });
    assert.deepEqual(instanceReferences([{ space: "s", externalId: "a" }]), {
      instanceReferences: [{ space: "s", externalId: "a" }],
    });
    assert.deepEqual(
      overlaps(PUMP.prop("start"), PUMP.prop("end"), { gte: 1, lt: 5 }),
      {
        overlaps: {
          startProperty: ["sp", "Pump/v1", "start"],
          endProperty: ["sp", "Pump/v1", "end"],
          gte: 1,
          lt: 5,
        },
      },
    );
  });
});

describe("sort", () => {
  const resolve = (name: string) =>
    name === "externalId" ? ["node", name] : PUMP.propertyPath(name);

  it("reads names, -names and Sort objects", () => {
    assert.deepEqual(parseSort(["-weight", "externalId"], resolve), [
      { property: ["sp", "Pump/v1", "weight"], direction: "descending" },
      { property: ["node", "externalId"], direction: "ascending" },
    ]);
    assert.deepEqual(
      parseSort({ property: "weight", nullsFirst: true }, resolve),
      [
        {
          property: ["sp", "Pump/v1", "weight"],
          direction: "ascending",
          nullsFirst: true,
        },
      ],
    );
    assert.deepEqual(parseSort(undefined, resolve), []);
  });
});

describe("values", () => {
  it("writes timestamps as ISO 8601 with milliseconds and an offset", () => {
    const when = new Date(Date.UTC(2024, 4, 1, 12, 30, 5, 7));
    assert.equal(formatTimestamp(when), "2024-05-01T12:30:05.007+00:00");
    assert.equal(formatDate(when), "2024-05-01");
    assert.deepEqual(
      toWire([when, { space: "s", externalId: "x", extra: 1 }]),
      ["2024-05-01T12:30:05.007+00:00", { space: "s", externalId: "x" }],
    );
  });

  it("reads timestamps with any fraction and offset", () => {
    const expected = Date.UTC(2024, 4, 1, 12, 0, 0, 170);
    for (const text of [
      "2024-05-01T12:00:00.17+00:00",
      "2024-05-01T12:00:00.170Z",
      "2024-05-01T12:00:00.170123+00:00",
      "2024-05-01T14:00:00.17+02:00",
      "2024-05-01T12:00:00.17",
    ]) {
      assert.equal(parseTimestamp(text).getTime(), expected, text);
    }
    assert.equal(parseTimestamp(expected).getTime(), expected);
    assert.throws(() => parseTimestamp("yesterday"), RangeError);
  });
});

describe("edge external ids", () => {
  const type = { space: "sp", externalId: "Equipment.connectedTo" };

  it("joins the escaped spaces and external ids of start, type and end", () => {
    assert.equal(
      edgeExternalId({ space: "s", externalId: "a" }, type, {
        space: "s",
        externalId: "b",
      }),
      "s:a:sp:Equipment.connectedTo:s:b",
    );
    assert.equal(
      edgeExternalId({ space: "s", externalId: "a:b\\" }, type, {
        space: "s",
        externalId: "c",
      }),
      "s:a\\:b\\\\:sp:Equipment.connectedTo:s:c",
    );
  });

  it("hashes long ids as the Python runtime does", () => {
    const long = edgeExternalId(
      { space: "sp", externalId: "a".repeat(150) },
      type,
      { space: "sp", externalId: "b".repeat(150) },
    );
    assert.equal(
      long,
      `sp:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:sp:Equipment.connectedTo:sp:bbbbbbb\\#51d23bc630be85cb1e3a215e3ddb2e95d687ada131216f1ecc625f540bca0e9d`,
    );
    assert.equal(Array.from(long).length, EDGE_ID_MAX_LENGTH);
    const wide = edgeExternalId(
      { space: "sp", externalId: "ø".repeat(130) },
      type,
      { space: "sp", externalId: "😀".repeat(130) },
    );
    assert.equal(
      wide,
      `sp:øøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøø:sp:Equipment.connectedTo:sp:😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀\\#795f8b6314194579b31575bd50e21ebc0681320cb5be04f681f184e7b97ace5d`,
    );
  });

  it("hashes with SHA-256", () => {
    assert.equal(
      sha256Hex("abc"),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    assert.equal(
      sha256Hex(""),
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    assert.equal(
      sha256Hex("a".repeat(1000)),
      "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3",
    );
  });
});
