// The integration suite's JavaScript client (tests/integration/support/clients.py, JsDriver):
// reads one JSON request per line on stdin, {"url", "creds", "service", "op", "params",
// "paginate": resultKey|null, "pageSize"}, calls the operation through the AWS SDK for
// JavaScript v3, and writes one JSON line back: {"ok": result} or {"error": {code, message,
// status}} or {"failure": text} when the SDK failed without an AWS error.
import readline from "node:readline";

import * as accessAnalyzerModule from "@aws-sdk/client-accessanalyzer";
import * as iamModule from "@aws-sdk/client-iam";
import * as stsModule from "@aws-sdk/client-sts";

const modules = {
  iam: [iamModule, "IAMClient"],
  sts: [stsModule, "STSClient"],
  accessanalyzer: [accessAnalyzerModule, "AccessAnalyzerClient"],
};
const clients = new Map();

function client(service, url, creds) {
  const key = JSON.stringify([service, url, creds]);
  if (!clients.has(key)) {
    const [module, name] = modules[service];
    clients.set(
      key,
      new module[name]({
        endpoint: url,
        region: "us-east-1",
        maxAttempts: 1,
        credentials: { accessKeyId: creds[0], secretAccessKey: creds[1], sessionToken: creds[2] || undefined },
      }),
    );
  }
  return clients.get(key);
}

// Dates as ISO text, blobs as {"$bytes": base64}; the SDK's $metadata dropped.
function plain(value) {
  return JSON.parse(
    JSON.stringify(value, (k, v) => {
      if (k === "$metadata") return undefined;
      if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString("base64") };
      return v;
    }),
  );
}

async function handle(request) {
  const [module] = modules[request.service];
  const Command = module[`${request.op}Command`];
  if (!Command) return { failure: `the SDK has no ${request.op}Command` };
  const c = client(request.service, request.url, request.creds);
  try {
    if (request.paginate) {
      const paginator = module[`paginate${request.op}`];
      if (!paginator) return { failure: `the SDK has no paginate${request.op}` };
      const items = [];
      const config = { client: c };
      if (request.pageSize) config.pageSize = request.pageSize;
      for await (const page of paginator(config, request.params)) items.push(...(page[request.paginate] || []));
      return { ok: plain(items) };
    }
    return { ok: plain(await c.send(new Command(request.params))) };
  } catch (e) {
    if (e.$metadata && e.$metadata.httpStatusCode && e.name && e.$fault)
      return { error: { code: e.Code || e.name, message: e.message, status: e.$metadata.httpStatusCode } };
    return { failure: String(e && e.stack ? e.stack : e) };
  }
}

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    answer = await handle(JSON.parse(line));
  } catch (e) {
    answer = { failure: String(e && e.stack ? e.stack : e) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
