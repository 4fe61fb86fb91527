// The walkthrough scenario through the AWS SDK for JavaScript v3 against the real binary:
// user, group, managed policy, role, access key, AssumeRole, GetCallerIdentity, paging and
// AWS's errors.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  NoSuchEntityException,
  paginateListUsers,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

import { startLocaliam } from "./localiam.js";

const ACCOUNT = "000000000000";
const root = { accessKeyId: "test", secretAccessKey: "test" };
let server;

const iam = (credentials = root) =>
  new IAMClient({ endpoint: server.url, region: "us-east-1", credentials, maxAttempts: 1 });
const sts = (credentials = root) =>
  new STSClient({ endpoint: server.url, region: "us-east-1", credentials, maxAttempts: 1 });

before(async () => {
  server = await startLocaliam(["--auth", "verify"]);
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

test("walkthrough: user, group, policy, role, keys, AssumeRole, GetCallerIdentity", async () => {
  const admin = iam();
  const user = (await admin.send(new CreateUserCommand({ UserName: "carlos" }))).User;
  assert.equal(user.Arn, `arn:aws:iam::${ACCOUNT}:user/carlos`);
  assert.match(user.UserId, /^AIDA[A-Z2-7]{17}$/);
  assert.ok(user.CreateDate instanceof Date);

  await admin.send(new CreateGroupCommand({ GroupName: "developers" }));
  await admin.send(new AddUserToGroupCommand({ GroupName: "developers", UserName: "carlos" }));
  const document = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }],
  });
  const policy = (await admin.send(new CreatePolicyCommand({ PolicyName: "assume", PolicyDocument: document })))
    .Policy;
  assert.equal(policy.Arn, `arn:aws:iam::${ACCOUNT}:policy/assume`);
  await admin.send(new AttachGroupPolicyCommand({ GroupName: "developers", PolicyArn: policy.Arn }));
  const attached = await admin.send(new ListAttachedGroupPoliciesCommand({ GroupName: "developers" }));
  assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: "assume", PolicyArn: policy.Arn }]);

  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }],
  });
  const role = (await admin.send(new CreateRoleCommand({ RoleName: "creator-role", AssumeRolePolicyDocument: trust })))
    .Role;
  assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument)), JSON.parse(trust));

  const key = (await admin.send(new CreateAccessKeyCommand({ UserName: "carlos" }))).AccessKey;
  const carlos = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  const me = await sts(carlos).send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, user.Arn);
  assert.equal(me.UserId, user.UserId);
  assert.equal(me.Account, ACCOUNT);

  const assumed = await sts(carlos).send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "s1" }));
  assert.match(assumed.Credentials.AccessKeyId, /^ASIA/);
  assert.ok(assumed.Credentials.Expiration instanceof Date);
  const session = {
    accessKeyId: assumed.Credentials.AccessKeyId,
    secretAccessKey: assumed.Credentials.SecretAccessKey,
    sessionToken: assumed.Credentials.SessionToken,
  };
  const who = await sts(session).send(new GetCallerIdentityCommand({}));
  assert.equal(who.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/creator-role/s1`);

  // A wrong secret is refused with AWS's words.
  await assert.rejects(sts({ ...carlos, secretAccessKey: "wrong" }).send(new GetCallerIdentityCommand({})), (e) => {
    assert.equal(e.name, "SignatureDoesNotMatch");
    assert.equal(e.$metadata.httpStatusCode, 403);
    return true;
  });
});

test("errors are modelled exceptions with AWS's message", async () => {
  await assert.rejects(iam().send(new GetUserCommand({ UserName: "nobody" })), (e) => {
    assert.ok(e instanceof NoSuchEntityException);
    assert.equal(e.message, "The user with name nobody cannot be found.");
    assert.equal(e.$metadata.httpStatusCode, 404);
    return true;
  });
});

test("the SDK's paginator follows Marker/IsTruncated", async () => {
  const admin = iam();
  for (let i = 0; i < 5; i++) await admin.send(new CreateUserCommand({ UserName: `paged-${i}`, Path: "/paged/" }));
  const names = [];
  for await (const page of paginateListUsers({ client: admin, pageSize: 2 }, { PathPrefix: "/paged/" })) {
    assert.ok(page.Users.length <= 2);
    names.push(...page.Users.map((u) => u.UserName));
  }
  assert.deepEqual(names, ["paged-0", "paged-1", "paged-2", "paged-3", "paged-4"]);
});
