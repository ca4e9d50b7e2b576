// The filter options the name plan renamed in the FilterClash model (tests/functional/models.py,
// FILTERS), each used against the emulator: every option must filter its own property.
// Copied into the generated SDK's src/ and compiled with it (tsc --strict: a misnamed option
// is a compile error); prints "ok" or throws.
//
// Environment: CDF_BASE_URL, CDF_PROJECT, CDF_TOKEN, PYGEN_SPACE.

import { FilterClashClient, TokenAuth, collect } from "./index.js";
import type { GaugeFilter } from "./index.js";

declare const process: { env: Record<string, string | undefined> };

function environment(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(
      `${name} is not set: run this through tests/typescript (pytest)`,
    );
  }
  return value;
}

const client = new FilterClashClient({
  baseUrl: environment("CDF_BASE_URL"),
  project: environment("CDF_PROJECT"),
  credentials: new TokenAuth(environment("CDF_TOKEN")),
  instanceSpace: environment("PYGEN_SPACE"),
});

await client.gauge.upsert([
  {
    externalId: "tg-1",
    name: "alpha",
    namePrefix: "zeta",
    minSize: "big",
    size: 5,
    limit: "L1",
    externalIdPrefix: "E1",
    space_: "S1",
    sort: "s1",
    groupBy: "g1",
  },
  {
    externalId: "tg-2",
    name: "zeta-two",
    namePrefix: "alpha-two",
    minSize: "small",
    size: 10,
    limit: "L2",
    externalIdPrefix: "E2",
    space_: "S2",
    sort: "s2",
    groupBy: "g2",
  },
]);

const cases: [GaugeFilter, string[]][] = [
  [{ namePrefix2: "alp" }, ["tg-1"]],
  [{ name: "zeta-two" }, ["tg-2"]],
  [{ namePrefix: "alpha-two" }, ["tg-2"]],
  [{ namePrefixPrefix: "zet" }, ["tg-1"]],
  [{ minSize: "big" }, ["tg-1"]],
  [{ minSize2: 6 }, ["tg-2"]],
  [{ maxSize: 7 }, ["tg-1"]],
  [{ limit2: "L2" }, ["tg-2"]],
  [{ externalIdPrefix2: "E1" }, ["tg-1"]],
  [{ externalIdPrefix: "tg-2" }, ["tg-2"]],
  [{ space_: "S2", space: environment("PYGEN_SPACE") }, ["tg-2"]],
  [{ sort2: ["s1", "s2"] }, ["tg-1", "tg-2"]],
  [{ groupBy2: "g2" }, ["tg-2"]],
  [{ groupByPrefix: "g1" }, ["tg-1"]],
];
for (const [options, expected] of cases) {
  const found = await collect(
    client.gauge.list({
      ...options,
      externalIdPrefix: options.externalIdPrefix ?? "tg-",
      sort: "externalId",
    }),
  );
  const ids = found.map((gauge) => gauge.externalId);
  if (JSON.stringify(ids) !== JSON.stringify(expected)) {
    throw new Error(
      `${JSON.stringify(options)} found ${JSON.stringify(ids)}, not ${JSON.stringify(expected)}`,
    );
  }
}
const [first] = await collect(
  client.gauge.list({ sort: "-size", limit: 1, externalIdPrefix: "tg-" }),
);
if (first?.externalId !== "tg-2") {
  throw new Error(`sort by -size with limit 1 found ${first?.externalId}`);
}
console.log("ok");
