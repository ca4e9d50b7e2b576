// The node side of benchmarks/bench_expand_ts.py: expand on read with the example SDK against
// the emulator the Python script started (CDF_BASE_URL, CDF_PROJECT, CDF_TOKEN, BENCH_SPACE,
// BENCH_NODES, BENCH_ROUNDS), side by side with the same query bodies sent over fetch +
// JSON.parse. Prints one table.

import {
  ExampleModelClient,
  TokenAuth,
  collect,
} from "../../golden/example/typescript/src/index.js";

function environment(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set: run benchmarks/bench_expand_ts.py`);
  }
  return value;
}

interface Sent {
  url: string;
  init: RequestInit;
}

const space = environment("BENCH_SPACE");
const nodes = Number(environment("BENCH_NODES"));
const rounds = Number(environment("BENCH_ROUNDS"));
let capture: Sent[] | undefined;
let replay: string[] | undefined;

const client = new ExampleModelClient({
  baseUrl: environment("CDF_BASE_URL"),
  project: environment("CDF_PROJECT"),
  credentials: new TokenAuth(environment("CDF_TOKEN")),
  instanceSpace: space,
  fetch: (input, init) => {
    if (replay !== undefined) {
      return Promise.resolve(
        new Response(replay.shift() ?? "{}", {
          status: 200,
          headers: { "content-type": "application/json" },
        }),
      );
    }
    capture?.push({ url: String(input), init: { ...init } });
    return fetch(input, init);
  },
});

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const expanded = () => collect(client.equipment.list({ space, expand: 2 }));
const plain = () => collect(client.equipment.list({ space }));

const requests: [number, number][] = [];
for (const roots of [nodes / 4, nodes / 2, nodes]) {
  capture = [];
  const read = await collect(
    client.equipment.list({ space, limit: roots, expand: 2 }),
  );
  if (read.length !== roots) {
    throw new Error(`read ${read.length} of ${roots}`);
  }
  requests.push([roots, capture.length]);
}
capture = [];
await expanded();
const bodies = capture;
capture = [];
await plain();
const plainBodies = capture;
capture = undefined;

async function raw(sent: Sent[]): Promise<string[]> {
  const texts: string[] = [];
  for (const { url, init } of sent) {
    const text = await (await fetch(url, init)).text();
    JSON.parse(text);
    texts.push(text);
  }
  return texts;
}

let rawExpand = Infinity;
let sdkExpand = Infinity;
let rawPlain = Infinity;
let sdkPlain = Infinity;
for (let round = 0; round < rounds; round++) {
  rawExpand = Math.min(rawExpand, await timed(() => raw(bodies)));
  sdkExpand = Math.min(sdkExpand, await timed(expanded));
  rawPlain = Math.min(rawPlain, await timed(() => raw(plainBodies)));
  sdkPlain = Math.min(sdkPlain, await timed(plain));
}
const responses = await raw(bodies);
let parseOnly = Infinity;
let typedGraph = Infinity;
for (let round = 0; round < rounds; round++) {
  parseOnly = Math.min(
    parseOnly,
    await timed(async () => responses.map((text) => JSON.parse(text))),
  );
  replay = [...responses];
  typedGraph = Math.min(typedGraph, await timed(expanded));
  replay = undefined;
}
const size = responses.reduce((total, text) => total + text.length, 0);
const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;
const overhead = (sdk: number, base: number) =>
  `(overhead ${sdk >= base ? "+" : ""}${((100 * (sdk - base)) / base).toFixed(1)}%)`;
console.log(
  `${nodes.toLocaleString("en-US")} equipment, list({ expand: 2 }) with the TypeScript SDK, best of ${rounds}`,
);
for (const [roots, count] of requests) {
  console.log(
    `  requests for ${String(roots).padStart(5)} roots     : ${count}`,
  );
}
console.log(`  fetch + JSON.parse, same bodies: ${ms(rawExpand)}`);
console.log(
  `  list({ expand: 2 }), graph     : ${ms(sdkExpand)}  ${overhead(sdkExpand, rawExpand)}`,
);
console.log(`  fetch + JSON.parse, plain list : ${ms(rawPlain)}`);
console.log(
  `  list(), properties only        : ${ms(sdkPlain)}  ${overhead(sdkPlain, rawPlain)}`,
);
console.log(
  `  expanded read / plain read     : ${(sdkExpand / sdkPlain).toFixed(2)}x`,
);
console.log(
  `  client side, ${(size / 1e6).toFixed(1)} MB of responses replayed:`,
);
console.log(`    JSON.parse                   : ${ms(parseOnly)}`);
console.log(
  `    typed, linked graph          : ${ms(typedGraph)}  (${(typedGraph / parseOnly).toFixed(2)}x JSON.parse)`,
);
console.log(
  `  SDK's extra client time / fetch + JSON end to end: ${((100 * (typedGraph - parseOnly)) / rawExpand).toFixed(1)}%`,
);
