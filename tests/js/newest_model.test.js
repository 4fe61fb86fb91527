// The operations only the newest AWS model has (botocore and the aws CLI do not know them
// yet), through the AWS SDK for JavaScript v3 against the real binary in enforce mode:
// account properties, role templates, UpdateOpenIDConnectProvider and STS GetScopedCredentials.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import {
  AcquireRoleCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccountPropertiesCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleTemplateVersionCommand,
  IAMClient,
  InvalidInputException,
  ListRolesCommand,
  ListUsersCommand,
  NoSuchEntityException,
  PutAccountPropertiesCommand,
  UpdateOpenIDConnectProviderCommand,
} from "@aws-sdk/client-iam";
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetScopedCredentialsCommand,
  InsufficientSessionLifetimeException,
  InvalidSubjectCredentialsException,
  STSClient,
} from "@aws-sdk/client-sts";

import { startLocaliam } from "./localiam.js";

const ACCOUNT = "000000000000";
const root = { accessKeyId: "test", secretAccessKey: "test" };
let server;

const iam = (credentials = root) =>
  new IAMClient({ endpoint: server.url, region: "us-east-1", credentials, maxAttempts: 1 });
const sts = (credentials = root) =>
  new STSClient({ endpoint: server.url, region: "us-east-1", credentials, maxAttempts: 1 });
const creds = (c) => ({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });

before(async () => {
  server = await startLocaliam(["--auth", "enforce"]);
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

test("GetAccountProperties / PutAccountProperties: RoleManager/Enabled", async () => {
  const before = await iam().send(new GetAccountPropertiesCommand({}));
  assert.deepEqual(before.Properties, { "RoleManager/Enabled": "false" });
  await iam().send(new PutAccountPropertiesCommand({ Properties: { "RoleManager/Enabled": "true" } }));
  const after = await iam().send(new GetAccountPropertiesCommand({}));
  assert.deepEqual(after.Properties, { "RoleManager/Enabled": "true" });

  for (const Properties of [{ RoleManagerEnabled: "true" }, { "RoleManager/Enabled": "yes" }, { "Other/Thing": "1" }])
    await assert.rejects(iam().send(new PutAccountPropertiesCommand({ Properties })), (e) => {
      assert.ok(e instanceof InvalidInputException, e.name);
      assert.equal(e.$metadata.httpStatusCode, 400);
      return true;
    });
  await assert.rejects(iam().send(new PutAccountPropertiesCommand({ Properties: { "1bad/key": "true" } })), (e) => {
    assert.equal(e.name, "ValidationError");
    assert.match(e.message, /Map keys must satisfy constraint/);
    return true;
  });
});

test("role templates: none exist, so GetRoleTemplateVersion and AcquireRole answer NoSuchEntity", async () => {
  const TemplateArn = `arn:aws:iam::${ACCOUNT}:role-template/none`;
  for (const command of [
    new GetRoleTemplateVersionCommand({ TemplateArn, MinorVersion: 1 }),
    new AcquireRoleCommand({ TemplateArn, ReplacementValues: { Team: { Values: ["a"] } } }),
  ])
    await assert.rejects(iam().send(command), (e) => {
      assert.ok(e instanceof NoSuchEntityException, e.name);
      assert.equal(e.$metadata.httpStatusCode, 404);
      assert.match(e.message, /role-template\/none/);
      return true;
    });
});

test("UpdateOpenIDConnectProvider sets and removes the context provider and IAM Identity Center", async () => {
  const { OpenIDConnectProviderArn } = await iam().send(
    new CreateOpenIDConnectProviderCommand({ Url: "https://idp.example.com", ClientIDList: ["app"] }),
  );
  const ContextProvider = {
    SubjectSourceKey: "sub",
    KeyDefinitionList: [{ SourceKey: "department", TargetKey: "department" }],
    SubjectTypeValue: "user",
  };
  await iam().send(new UpdateOpenIDConnectProviderCommand({ OpenIDConnectProviderArn, ContextProvider }));
  const IdentityCenterInstanceArn = "arn:aws:sso:::instance/ssoins-1234567890abcdef";
  await iam().send(new UpdateOpenIDConnectProviderCommand({ OpenIDConnectProviderArn, IdentityCenterInstanceArn }));
  const got = await iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn }));
  assert.deepEqual(got.ContextProvider, ContextProvider);
  assert.equal(got.IdentityCenterInstanceArn, IdentityCenterInstanceArn);
  assert.deepEqual(got.ClientIDList, ["app"]);

  const invalid = async (input) =>
    assert.rejects(
      iam().send(new UpdateOpenIDConnectProviderCommand({ OpenIDConnectProviderArn, ...input })),
      (e) => e instanceof InvalidInputException,
    );
  await invalid({ RemoveContextProvider: true });  // the association goes first
  await invalid({ ContextProvider, RemoveContextProvider: true });
  await invalid({ ContextProvider, RemoveIdentityCenterInstance: true });
  await invalid({});

  await iam().send(new UpdateOpenIDConnectProviderCommand({ OpenIDConnectProviderArn, RemoveIdentityCenterInstance: true }));
  await iam().send(new UpdateOpenIDConnectProviderCommand({ OpenIDConnectProviderArn, RemoveContextProvider: true }));
  const cleared = await iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn }));
  assert.equal(cleared.ContextProvider, undefined);
  assert.equal(cleared.IdentityCenterInstanceArn, undefined);

  await assert.rejects(
    iam().send(
      new UpdateOpenIDConnectProviderCommand({
        OpenIDConnectProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/nobody.example.com`,
        ContextProvider,
      }),
    ),
    (e) => e instanceof NoSuchEntityException,
  );
});

test("GetScopedCredentials keeps the identity and narrows permissions and lifetime", async () => {
  const admin = iam();
  await admin.send(new CreateUserCommand({ UserName: "agent-owner" }));
  const everything = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["iam:*", "sts:*"], Resource: "*" }],
  });
  const policy = (await admin.send(new CreatePolicyCommand({ PolicyName: "everything", PolicyDocument: everything })))
    .Policy;
  await admin.send(new AttachUserPolicyCommand({ UserName: "agent-owner", PolicyArn: policy.Arn }));
  const key = (await admin.send(new CreateAccessKeyCommand({ UserName: "agent-owner" }))).AccessKey;
  const owner = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/agent-owner` }, Action: "sts:AssumeRole" }],
  });
  const role = (await admin.send(new CreateRoleCommand({ RoleName: "agent", AssumeRolePolicyDocument: trust }))).Role;
  await admin.send(new AttachRolePolicyCommand({ RoleName: "agent", PolicyArn: policy.Arn }));

  // Long-term keys are not a session.
  await assert.rejects(sts(owner).send(new GetScopedCredentialsCommand({ DurationSeconds: 60 })), (e) => {
    assert.ok(e instanceof InvalidSubjectCredentialsException, e.name);
    return true;
  });

  const assumed = await sts(owner).send(
    new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "agent-1", DurationSeconds: 3600 }),
  );
  const session = creds(assumed.Credentials);
  const onlyListUsers = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["iam:ListUsers", "sts:GetScopedCredentials"], Resource: "*" }],
  });
  const scoped = await sts(session).send(new GetScopedCredentialsCommand({ Policy: onlyListUsers, DurationSeconds: 900 }));
  assert.match(scoped.Credentials.AccessKeyId, /^ASIA/);
  assert.notEqual(scoped.Credentials.AccessKeyId, session.accessKeyId);
  assert.ok(scoped.Credentials.Expiration < assumed.Credentials.Expiration);
  assert.equal(scoped.SessionInfo.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/agent/agent-1`);
  assert.equal(scoped.SessionInfo.ScopedSessionId, assumed.AssumedRoleUser.AssumedRoleId);
  assert.equal(scoped.ScopedPoliciesCount, 1);
  assert.equal(scoped.SessionTokenSize, scoped.Credentials.SessionToken.length);
  assert.ok(scoped.SessionTokenUtilization > 0 && scoped.SessionTokenUtilization <= 100);

  const narrow = creds(scoped.Credentials);
  assert.equal((await sts(narrow).send(new GetCallerIdentityCommand({}))).Arn, scoped.SessionInfo.Arn);
  await iam(narrow).send(new ListUsersCommand({}));
  await assert.rejects(iam(narrow).send(new ListRolesCommand({})), (e) => e.name === "AccessDenied");
  await iam(session).send(new ListRolesCommand({}));  // the calling session keeps its permissions

  // A chain: the count grows, the life cannot.
  const chained = await sts(narrow).send(new GetScopedCredentialsCommand({ Policy: onlyListUsers }));
  assert.equal(chained.ScopedPoliciesCount, 2);
  assert.equal(chained.Credentials.Expiration.getTime(), scoped.Credentials.Expiration.getTime());
  await assert.rejects(sts(narrow).send(new GetScopedCredentialsCommand({ DurationSeconds: 3600 })), (e) => {
    assert.ok(e instanceof InsufficientSessionLifetimeException, e.name);
    assert.equal(e.$metadata.httpStatusCode, 400);
    return true;
  });
  const padded = await sts(session).send(
    new GetScopedCredentialsCommand({ DurationSeconds: 60, MinimumSessionTokenSize: 2000 }),
  );
  assert.ok(padded.Credentials.SessionToken.length >= 2000);
  assert.equal(padded.ScopedPoliciesCount, 0);
  await iam(creds(padded.Credentials)).send(new ListRolesCommand({}));
});
