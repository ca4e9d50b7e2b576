// Must NOT compile (tests/typescript/test_typed_usage.py): a misspelt sort field is a type
// error naming it. The passing typed usage is in node/expand.test.ts and
// node/querybuilder.test.ts, compiled with the node tests.

import {
  ExampleModelClient,
  TokenAuth,
} from "../../../golden/example/typescript/src/index.js";

const client = new ExampleModelClient({
  baseUrl: "http://localhost:1",
  project: "typed",
  credentials: new TokenAuth("token"),
});

void client.equipment.list({ sort: "-wieght" });
