// The SDK finds localiam without `endpoint` in code: AWS_ENDPOINT_URL, the service-specific
// AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_STS, and endpoint_url in a profile of ~/.aws/config.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, afterEach, before, test } from "node:test";

import { GetUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

import { startLocaliam } from "./localiam.js";

let server;
const saved = { ...process.env };
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

before(async () => {
  server = await startLocaliam();
});
after(async () => {
  assert.equal(await server.stop(), 0);
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (k.startsWith("AWS_") && !(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

async function both(options = {}) {
  const me = await new STSClient({ region: "us-east-1", credentials, ...options }).send(
    new GetCallerIdentityCommand({}),
  );
  assert.equal(me.Arn, "arn:aws:iam::000000000000:root");
  const user = await new IAMClient({ region: "us-east-1", credentials, ...options }).send(new GetUserCommand({}));
  assert.equal(user.User.Arn, "arn:aws:iam::000000000000:root");
}

test("AWS_ENDPOINT_URL", async () => {
  process.env.AWS_ENDPOINT_URL = server.url;
  await both();
});

test("AWS_ENDPOINT_URL_IAM and AWS_ENDPOINT_URL_STS win over AWS_ENDPOINT_URL", async () => {
  process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9"; // nothing listens there
  process.env.AWS_ENDPOINT_URL_IAM = server.url;
  process.env.AWS_ENDPOINT_URL_STS = server.url;
  await both();
});

test("endpoint_url in a named profile", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "localiam-js-"));
  const config = path.join(dir, "config");
  fs.writeFileSync(config, `[profile localiam]\nregion = us-east-1\nendpoint_url = ${server.url}\n`);
  process.env.AWS_CONFIG_FILE = config;
  process.env.AWS_PROFILE = "localiam";
  await both();
  fs.rmSync(dir, { recursive: true });
});
