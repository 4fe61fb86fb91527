// Migrations 1 to 10: the tables of IAM's entities, credentials and account state as each
// first appeared. Applied databases hold them: never edit one, add a migration instead
// (storage/schema_changes.cpp).
#include "storage/schema_migration_texts.hpp"

namespace localiam::storage {

namespace {

// Names are unique per account regardless of case (as in IAM), hence the NOCASE unique
// indexes; listing order is by name, hence the plain (account_id, name) indexes.
constexpr const char* kFirstMigrations[] = {
    R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  user_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  create_date INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_name_nocase ON users(account_id, name COLLATE NOCASE);
CREATE INDEX users_by_name ON users(account_id, name);

CREATE TABLE groups (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  group_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  create_date INTEGER NOT NULL
);
CREATE UNIQUE INDEX groups_name_nocase ON groups(account_id, name COLLATE NOCASE);
CREATE INDEX groups_by_name ON groups(account_id, name);

CREATE TABLE group_members (
  group_row INTEGER NOT NULL REFERENCES groups(id),
  user_row INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (group_row, user_row)
);
CREATE INDEX group_members_by_user ON group_members(user_row);

CREATE TABLE roles (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  role_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  trust_policy TEXT NOT NULL,
  description TEXT,
  max_session_duration INTEGER NOT NULL,
  create_date INTEGER NOT NULL,
  last_used_date INTEGER,
  last_used_region TEXT
);
CREATE UNIQUE INDEX roles_name_nocase ON roles(account_id, name COLLATE NOCASE);
CREATE INDEX roles_by_name ON roles(account_id, name);

CREATE TABLE policies (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  policy_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  arn TEXT NOT NULL UNIQUE,
  description TEXT,
  default_version TEXT NOT NULL,
  next_version INTEGER NOT NULL,
  create_date INTEGER NOT NULL,
  update_date INTEGER NOT NULL
);
CREATE UNIQUE INDEX policies_name ON policies(account_id, name);

CREATE TABLE policy_versions (
  policy_row INTEGER NOT NULL REFERENCES policies(id),
  version_id TEXT NOT NULL,
  document TEXT NOT NULL,
  create_date INTEGER NOT NULL,
  PRIMARY KEY (policy_row, version_id)
);

-- Managed policy attachments. policy_arn may name an AWS managed policy, which lives in the
-- built-in catalogue rather than in `policies`, so it is not a foreign key.
CREATE TABLE group_policy_attachments (
  account_id TEXT NOT NULL,
  group_row INTEGER NOT NULL REFERENCES groups(id),
  policy_arn TEXT NOT NULL,
  PRIMARY KEY (group_row, policy_arn)
);
CREATE INDEX group_policy_attachments_by_arn ON group_policy_attachments(account_id, policy_arn);
CREATE TABLE user_policy_attachments (
  account_id TEXT NOT NULL,
  user_row INTEGER NOT NULL REFERENCES users(id),
  policy_arn TEXT NOT NULL,
  PRIMARY KEY (user_row, policy_arn)
);
CREATE INDEX user_policy_attachments_by_arn ON user_policy_attachments(account_id, policy_arn);
CREATE TABLE role_policy_attachments (
  account_id TEXT NOT NULL,
  role_row INTEGER NOT NULL REFERENCES roles(id),
  policy_arn TEXT NOT NULL,
  PRIMARY KEY (role_row, policy_arn)
);
CREATE INDEX role_policy_attachments_by_arn ON role_policy_attachments(account_id, policy_arn);

CREATE TABLE access_keys (
  access_key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  user_row INTEGER NOT NULL REFERENCES users(id),
  secret TEXT NOT NULL,
  status TEXT NOT NULL,
  create_date INTEGER NOT NULL
);
CREATE INDEX access_keys_by_user ON access_keys(user_row);

-- Temporary credentials issued by STS, with everything needed to rebuild the caller.
CREATE TABLE sessions (
  access_key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  secret TEXT NOT NULL,
  session_token TEXT NOT NULL,
  kind TEXT NOT NULL,
  arn TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  role_name TEXT,
  session_name TEXT,
  source_arn TEXT NOT NULL,
  session_policy TEXT,
  create_date INTEGER NOT NULL,
  expiration INTEGER NOT NULL
);
CREATE INDEX sessions_by_expiration ON sessions(expiration);
)sql",
    // Session tags, managed session policies, source identity and MFA context kept with
    // STS sessions (lists as JSON arrays).
    R"sql(
ALTER TABLE sessions ADD COLUMN tags TEXT;
ALTER TABLE sessions ADD COLUMN transitive_tag_keys TEXT;
ALTER TABLE sessions ADD COLUMN policy_arns TEXT;
ALTER TABLE sessions ADD COLUMN source_identity TEXT;
ALTER TABLE sessions ADD COLUMN mfa_authenticated INTEGER NOT NULL DEFAULT 0;
)sql",
    // Inline policies of users, groups and roles, and tags of users, roles and managed
    // policies. entity_kind ('user', 'group', 'role', 'policy') says which table entity_row
    // points into, so neither is a foreign key: the handlers delete them with their entity.
    R"sql(
CREATE TABLE inline_policies (
  account_id TEXT NOT NULL,
  entity_kind TEXT NOT NULL,
  entity_row INTEGER NOT NULL,
  name TEXT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (entity_kind, entity_row, name)
);
CREATE TABLE tags (
  account_id TEXT NOT NULL,
  entity_kind TEXT NOT NULL,
  entity_row INTEGER NOT NULL,
  tag_key TEXT NOT NULL,
  tag_value TEXT NOT NULL,
  PRIMARY KEY (entity_kind, entity_row, tag_key)
);
)sql",
    // Per-user credential material and server certificates: virtual MFA devices (user_row
    // NULL while unassigned; drift = how many 30-second steps the device runs ahead of the
    // server clock, learnt on enable/resync), SSH public keys, signing certificates, server
    // certificates and service-specific credentials.
    R"sql(
CREATE TABLE mfa_devices (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  serial_number TEXT NOT NULL,
  path TEXT NOT NULL,
  name TEXT NOT NULL,
  seed TEXT NOT NULL,
  user_row INTEGER REFERENCES users(id),
  enable_date INTEGER,
  drift INTEGER NOT NULL DEFAULT 0,
  create_date INTEGER NOT NULL
);
CREATE UNIQUE INDEX mfa_devices_serial ON mfa_devices(account_id, serial_number);
CREATE INDEX mfa_devices_by_user ON mfa_devices(user_row);
CREATE TABLE ssh_public_keys (
  key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  user_row INTEGER NOT NULL REFERENCES users(id),
  body TEXT NOT NULL,
  pem TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status TEXT NOT NULL,
  upload_date INTEGER NOT NULL
);
CREATE INDEX ssh_public_keys_by_user ON ssh_public_keys(user_row);
CREATE TABLE signing_certificates (
  certificate_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  user_row INTEGER NOT NULL REFERENCES users(id),
  body TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status TEXT NOT NULL,
  upload_date INTEGER NOT NULL
);
CREATE INDEX signing_certificates_by_user ON signing_certificates(user_row);
CREATE TABLE server_certificates (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  certificate_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  body TEXT NOT NULL,
  chain TEXT,
  private_key TEXT NOT NULL,
  upload_date INTEGER NOT NULL,
  expiration INTEGER NOT NULL
);
CREATE UNIQUE INDEX server_certificates_name_nocase
  ON server_certificates(account_id, name COLLATE NOCASE);
CREATE TABLE service_credentials (
  credential_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  user_row INTEGER NOT NULL REFERENCES users(id),
  service_name TEXT NOT NULL,
  service_user_name TEXT,
  service_password TEXT,
  credential_alias TEXT,
  credential_secret TEXT,
  status TEXT NOT NULL,
  create_date INTEGER NOT NULL,
  expiration_date INTEGER
);
CREATE INDEX service_credentials_by_user ON service_credentials(user_row);
)sql",
    // Account-level state: the account alias (one per account, unique across accounts), the
    // latest credential report (CSV text), service-last-accessed report jobs, and the last
    // access of each service/action by each principal (entity_id: AIDA…/AROA… or the account
    // id for the root), as localiam serves requests.
    R"sql(
CREATE TABLE account_aliases (
  account_id TEXT PRIMARY KEY,
  alias TEXT NOT NULL UNIQUE
);
CREATE TABLE credential_reports (
  account_id TEXT PRIMARY KEY,
  generated INTEGER NOT NULL,
  content TEXT NOT NULL
);
CREATE TABLE access_advisor_jobs (
  job_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  entity_arn TEXT NOT NULL,
  granularity TEXT NOT NULL,
  create_date INTEGER NOT NULL
);
CREATE TABLE service_access (
  account_id TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  service TEXT NOT NULL,
  action TEXT NOT NULL,
  region TEXT NOT NULL,
  last_accessed INTEGER NOT NULL,
  PRIMARY KEY (entity_id, service, action)
);
)sql",
    // Identity federation and credential bookkeeping: OpenID Connect and SAML providers (lists
    // as JSON arrays; private_keys: [{"id","pem","timestamp"}]), the RSA key of localiam's own
    // OIDC issuer (one per data file, made on first use; a reset empties it like every table, and
    // a new key is made), each account's outbound web identity federation and STS preferences,
    // and when each access key was last used.
    R"sql(
CREATE TABLE oidc_providers (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  url TEXT NOT NULL,
  arn TEXT NOT NULL UNIQUE,
  client_ids TEXT NOT NULL,
  thumbprints TEXT NOT NULL,
  create_date INTEGER NOT NULL
);
CREATE INDEX oidc_providers_by_account ON oidc_providers(account_id, arn);
CREATE TABLE saml_providers (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL UNIQUE,
  uuid TEXT NOT NULL,
  metadata TEXT NOT NULL,
  valid_until INTEGER NOT NULL,
  encryption_mode TEXT,
  private_keys TEXT,
  create_date INTEGER NOT NULL
);
CREATE INDEX saml_providers_by_account ON saml_providers(account_id, arn);
CREATE TABLE issuer_keys (
  kid TEXT PRIMARY KEY,
  private_key_pem TEXT NOT NULL,
  create_date INTEGER NOT NULL
);
CREATE TABLE outbound_federation (
  account_id TEXT PRIMARY KEY,
  issuer_id TEXT NOT NULL,
  enabled INTEGER NOT NULL
);
CREATE TABLE sts_preferences (
  account_id TEXT PRIMARY KEY,
  global_endpoint_token_version TEXT NOT NULL
);
ALTER TABLE access_keys ADD COLUMN last_used_date INTEGER;
ALTER TABLE access_keys ADD COLUMN last_used_service TEXT;
ALTER TABLE access_keys ADD COLUMN last_used_region TEXT;
)sql",
    // Permissions boundaries of users and roles (entity_kind 'user' or 'role'); a trigger on
    // each entity table removes the boundary with its entity.
    R"sql(
CREATE TABLE permissions_boundaries (
  account_id TEXT NOT NULL,
  entity_kind TEXT NOT NULL,
  entity_row INTEGER NOT NULL,
  policy_arn TEXT NOT NULL,
  PRIMARY KEY (entity_kind, entity_row)
);
CREATE INDEX permissions_boundaries_by_policy ON permissions_boundaries(account_id, policy_arn);
CREATE TRIGGER users_drop_boundary AFTER DELETE ON users BEGIN
  DELETE FROM permissions_boundaries WHERE entity_kind = 'user' AND entity_row = OLD.id;
END;
CREATE TRIGGER roles_drop_boundary AFTER DELETE ON roles BEGIN
  DELETE FROM permissions_boundaries WHERE entity_kind = 'role' AND entity_row = OLD.id;
END;
)sql",
    // Instance profiles and the roles they hold (DeleteRole refuses while a role is held; a
    // trigger drops a deleted profile's links).
    R"sql(
CREATE TABLE instance_profiles (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  profile_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  create_date INTEGER NOT NULL
);
CREATE UNIQUE INDEX instance_profiles_name_nocase ON instance_profiles(account_id, name COLLATE NOCASE);
CREATE INDEX instance_profiles_by_name ON instance_profiles(account_id, name);
CREATE TABLE instance_profile_roles (
  profile_row INTEGER NOT NULL REFERENCES instance_profiles(id),
  role_row INTEGER NOT NULL REFERENCES roles(id),
  PRIMARY KEY (profile_row, role_row)
);
CREATE INDEX instance_profile_roles_by_role ON instance_profile_roles(role_row);
CREATE TRIGGER instance_profiles_drop_roles BEFORE DELETE ON instance_profiles BEGIN
  DELETE FROM instance_profile_roles WHERE profile_row = OLD.id;
END;
)sql",
    // Service-linked roles (the service each was created for; DeleteServiceLinkedRole and the
    // protection of these roles key on it) and the deletion tasks DeleteServiceLinkedRole starts.
    R"sql(
CREATE TABLE service_linked_roles (
  role_row INTEGER PRIMARY KEY REFERENCES roles(id),
  service_name TEXT NOT NULL
);
CREATE TRIGGER roles_drop_service_link AFTER DELETE ON roles BEGIN
  DELETE FROM service_linked_roles WHERE role_row = OLD.id;
END;
CREATE TABLE service_linked_role_deletions (
  task_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  status TEXT NOT NULL,
  create_date INTEGER NOT NULL
);
)sql",
    // Console passwords (login profiles) of users, kept only as salted hashes; the hashes of a
    // user's recent passwords for the password policy's reuse prevention (both go with the
    // user); and each account's password policy (NULL: the parameter was not given).
    R"sql(
CREATE TABLE login_profiles (
  user_row INTEGER PRIMARY KEY REFERENCES users(id),
  account_id TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  password_reset_required INTEGER NOT NULL,
  create_date INTEGER NOT NULL,
  password_last_changed INTEGER NOT NULL
);
CREATE TABLE password_history (
  id INTEGER PRIMARY KEY,
  user_row INTEGER NOT NULL REFERENCES users(id),
  password_hash TEXT NOT NULL,
  set_date INTEGER NOT NULL
);
CREATE INDEX password_history_by_user ON password_history(user_row);
CREATE TRIGGER users_drop_passwords BEFORE DELETE ON users BEGIN
  DELETE FROM login_profiles WHERE user_row = OLD.id;
  DELETE FROM password_history WHERE user_row = OLD.id;
END;
CREATE TABLE password_policies (
  account_id TEXT PRIMARY KEY,
  minimum_length INTEGER NOT NULL,
  require_symbols INTEGER NOT NULL,
  require_numbers INTEGER NOT NULL,
  require_uppercase INTEGER NOT NULL,
  require_lowercase INTEGER NOT NULL,
  allow_users_to_change INTEGER NOT NULL,
  max_age INTEGER,
  reuse_prevention INTEGER,
  hard_expiry INTEGER
);
)sql",
};

}  // namespace

std::span<const char* const> first_migrations() { return kFirstMigrations; }

}  // namespace localiam::storage
