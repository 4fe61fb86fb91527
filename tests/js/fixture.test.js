// The fixture of localiam.js keeps a server usable for many calls: at log level `info` the
// server writes a line per request, and a fixture that left that output in an unread pipe
// would stall it after a few hundred (as the README's Node.js fixture once did).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

import { startLocaliam } from "./localiam.js";

let server;
before(async () => {
  server = await startLocaliam(["--log-level", "info"]);
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

test("600 calls through the fixture at log level info", { timeout: 30000 }, async () => {
  const sts = new STSClient({
    endpoint: server.url,
    region: "us-east-1",
    maxAttempts: 1,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  for (let i = 0; i < 600; i++) {
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, "000000000000");
  }
});
