// Prints the IAM and STS models of the AWS SDK for JavaScript v3 that package.json pins, as
// one JSON document the integration suite's conformance test reads
// (tests/integration/test_conformance.py): for each operation, its input shape (members,
// their types, which are required), the required members of its output, and the error codes
// its documentation lists. The SDK carries the model as runtime schemas (dist-cjs) and the
// documentation as typings (dist-types), so a newer pinned SDK is a newer model.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const packages = { iam: "@aws-sdk/client-iam", sts: "@aws-sdk/client-sts" };

// A schema reference: a thunk, a numeric type code, or [schema, traits] for a member with traits.
function resolve(schema) {
  if (typeof schema === "function") return resolve(schema());
  if (Array.isArray(schema) && schema.length === 2 && typeof schema[1] !== "string") return resolve(schema[0]);
  return schema;
}

// Numeric codes: 0 string, 1 number, 2 boolean, 4-7 timestamp, 21 blob, 64|x list of x, 128|x map of x.
function describe(schema, depth = 0) {
  schema = resolve(schema);
  if (depth > 8) return { type: "string" };
  if (typeof schema === "number") {
    if (schema & 128) return { type: "map", value: describe(schema & ~128, depth + 1) };
    if (schema & 64) return { type: "list", member: describe(schema & ~64, depth + 1) };
    if (schema === 1) return { type: "integer" };
    if (schema === 2) return { type: "boolean" };
    if (schema >= 4 && schema <= 7) return { type: "timestamp" };
    if (schema === 21) return { type: "blob" };
    return { type: "string" };
  }
  const [kind] = schema;
  if (kind === 1) return { type: "list", member: describe(schema[4], depth + 1) };
  if (kind === 2) return { type: "map", value: describe(schema[5], depth + 1) };
  if (kind === 3 || kind === 4) {
    const names = schema[4];
    const members = {};
    names.forEach((name, i) => (members[name] = describe(schema[5][i], depth + 1)));
    const required = kind === 3 ? names.slice(0, schema[6] || 0) : [];
    return { type: "structure", members, required };
  }
  return { type: "string" };
}

function errorCodes(module, dir, op) {
  const typings = path.join(dir, "dist-types", "commands", `${op}Command.d.ts`);
  const text = fs.readFileSync(typings, "utf8");
  const codes = new Set();
  for (const [, name] of text.matchAll(/@throws \{@link (\w+)\}/g)) {
    if (name.endsWith("ServiceException")) continue;  // the client's base class of all errors
    const schema = module[`${name}$`];
    if (!Array.isArray(schema) || schema[0] !== -3) continue;  // -3: an error shape
    const query = schema[3] && schema[3].awsQueryError;
    codes.add(query ? query[0] : schema[2]);
  }
  return [...codes].sort();
}

const model = {};
for (const [service, name] of Object.entries(packages)) {
  const module = require(name);
  const dir = path.dirname(path.dirname(require.resolve(name)));
  const version = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
  const operations = {};
  for (const key of Object.keys(module).sort()) {
    if (!key.endsWith("Command") || typeof module[key] !== "function") continue;
    const op = key.slice(0, -"Command".length);
    const schema = module[`${op}$`];
    if (!Array.isArray(schema) || schema[0] !== 9) continue;
    // An operation without input or output has the unit shape ("unit") there.
    const input = describe(schema[4]);
    const output = describe(schema[5]);
    operations[op] = {
      input: input.type === "structure" ? input : { type: "structure", members: {}, required: [] },
      output_required: output.type === "structure" ? output.required : [],
      errors: errorCodes(module, dir, op),
    };
  }
  model[service] = { package: name, version, operations };
}
process.stdout.write(JSON.stringify(model) + "\n");
