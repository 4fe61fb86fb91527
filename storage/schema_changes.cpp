// Migrations 11 onwards: derived counts, tables rebuilt, and what later AWS models added. A
// new migration is appended at the end of this list; applied ones are never edited.
#include "storage/schema_migration_texts.hpp"

namespace localiam::storage {

namespace {

constexpr const char* kLaterMigrations[] = {
    // How many users, groups, roles, customer managed policies and server certificates each
    // account holds, kept exact by triggers, so that a quota check on Create* reads one row
    // instead of counting the account's entities. Derived data: not part of exported state.
    R"sql(
CREATE TABLE entity_counts (
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (account_id, kind)
) WITHOUT ROWID;
INSERT INTO entity_counts SELECT account_id, 'users', count(*) FROM users GROUP BY account_id;
INSERT INTO entity_counts SELECT account_id, 'groups', count(*) FROM groups GROUP BY account_id;
INSERT INTO entity_counts SELECT account_id, 'roles', count(*) FROM roles GROUP BY account_id;
INSERT INTO entity_counts SELECT account_id, 'policies', count(*) FROM policies GROUP BY account_id;
INSERT INTO entity_counts SELECT account_id, 'server_certificates', count(*) FROM server_certificates GROUP BY account_id;
CREATE TRIGGER users_count_insert AFTER INSERT ON users BEGIN
  INSERT INTO entity_counts VALUES (NEW.account_id, 'users', 1)
    ON CONFLICT (account_id, kind) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER users_count_delete AFTER DELETE ON users BEGIN
  UPDATE entity_counts SET n = n - 1 WHERE account_id = OLD.account_id AND kind = 'users';
END;
CREATE TRIGGER groups_count_insert AFTER INSERT ON groups BEGIN
  INSERT INTO entity_counts VALUES (NEW.account_id, 'groups', 1)
    ON CONFLICT (account_id, kind) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER groups_count_delete AFTER DELETE ON groups BEGIN
  UPDATE entity_counts SET n = n - 1 WHERE account_id = OLD.account_id AND kind = 'groups';
END;
CREATE TRIGGER roles_count_insert AFTER INSERT ON roles BEGIN
  INSERT INTO entity_counts VALUES (NEW.account_id, 'roles', 1)
    ON CONFLICT (account_id, kind) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER roles_count_delete AFTER DELETE ON roles BEGIN
  UPDATE entity_counts SET n = n - 1 WHERE account_id = OLD.account_id AND kind = 'roles';
END;
CREATE TRIGGER policies_count_insert AFTER INSERT ON policies BEGIN
  INSERT INTO entity_counts VALUES (NEW.account_id, 'policies', 1)
    ON CONFLICT (account_id, kind) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER policies_count_delete AFTER DELETE ON policies BEGIN
  UPDATE entity_counts SET n = n - 1 WHERE account_id = OLD.account_id AND kind = 'policies';
END;
CREATE TRIGGER server_certificates_count_insert AFTER INSERT ON server_certificates BEGIN
  INSERT INTO entity_counts VALUES (NEW.account_id, 'server_certificates', 1)
    ON CONFLICT (account_id, kind) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER server_certificates_count_delete AFTER DELETE ON server_certificates BEGIN
  UPDATE entity_counts SET n = n - 1 WHERE account_id = OLD.account_id AND kind = 'server_certificates';
END;
)sql",
    // The generated unique IDs (AIDA..., AGPA..., AROA..., ANPA..., AIPA...) are 17 random
    // base-32 characters and are never searched by; their UNIQUE indexes only cost every
    // Create* a write to a random page. SQLite cannot drop a column constraint's index, so
    // each table is rebuilt without it (rows keep their ids; the migration runs with foreign
    // keys off and is checked before it commits), then its indexes and triggers are recreated.
    R"sql(
CREATE TABLE users_rebuilt (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  path TEXT NOT NULL,
  create_date INTEGER NOT NULL
);
INSERT INTO users_rebuilt (id, account_id, name, user_id, path, create_date)
  SELECT id, account_id, name, user_id, path, create_date FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE UNIQUE INDEX users_name_nocase ON users(account_id, name COLLATE NOCASE);
CREATE INDEX users_by_name ON users(account_id, name);
CREATE TRIGGER users_drop_boundary AFTER DELETE ON users BEGIN
  DELETE FROM permissions_boundaries WHERE entity_kind = 'user' AND entity_row = OLD.id;
END;
CREATE TRIGGER users_drop_passwords BEFORE DELETE ON users BEGIN
  DELETE FROM login_profiles WHERE user_row = OLD.id;
  DELETE FROM password_history WHERE user_row = OLD.id;
END;
CREATE TRIGGER users_count_insert AFTER INSERT ON users BEGIN
  INSERT INTO entity_counts VALUES (NEW.account_id, 'users', 1)
    ON CONFLICT (account_id, kind) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER users_count_delete AFTER DELETE ON users BEGIN
  UPDATE entity_counts SET n = n - 1 WHERE account_id = OLD.account_id AND kind = 'users';
END;

CREATE TABLE groups_rebuilt (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  group_id TEXT NOT NULL,
  path TEXT NOT NULL,
  create_date INTEGER NOT NULL
);
INSERT INTO groups_rebuilt (id, account_id, name, group_id, path, create_date)
  SELECT id, account_id, name, group_id, path, create_date FROM groups;
DROP TABLE groups;
ALTER TABLE groups_rebuilt RENAME TO groups;
CREATE UNIQUE INDEX groups_name_nocase ON groups(account_id, name COLLATE NOCASE);
CREATE INDEX groups_by_name ON groups(account_id, name);
CREATE TRIGGER groups_count_insert AFTER INSERT ON groups BEGIN
  INSERT INTO entity_counts VALUES (NEW.account_id, 'groups', 1)
    ON CONFLICT (account_id, kind) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER groups_count_delete AFTER DELETE ON groups BEGIN
  UPDATE entity_counts SET n = n - 1 WHERE account_id = OLD.account_id AND kind = 'groups';
END;

CREATE TABLE roles_rebuilt (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  role_id TEXT NOT NULL,
  path TEXT NOT NULL,
  trust_policy TEXT NOT NULL,
  description TEXT,
  max_session_duration INTEGER NOT NULL,
  create_date INTEGER NOT NULL,
  last_used_date INTEGER,
  last_used_region TEXT
);
INSERT INTO roles_rebuilt (id, account_id, name, role_id, path, trust_policy, description,
                           max_session_duration, create_date, last_used_date, last_used_region)
  SELECT id, account_id, name, role_id, path, trust_policy, description, max_session_duration,
         create_date, last_used_date, last_used_region FROM roles;
DROP TABLE roles;
ALTER TABLE roles_rebuilt RENAME TO roles;
CREATE UNIQUE INDEX roles_name_nocase ON roles(account_id, name COLLATE NOCASE);
CREATE INDEX roles_by_name ON roles(account_id, name);
CREATE TRIGGER roles_drop_boundary AFTER DELETE ON roles BEGIN
  DELETE FROM permissions_boundaries WHERE entity_kind = 'role' AND entity_row = OLD.id;
END;
CREATE TRIGGER roles_drop_service_link AFTER DELETE ON roles BEGIN
  DELETE FROM service_linked_roles WHERE role_row = OLD.id;
END;
CREATE TRIGGER roles_count_insert AFTER INSERT ON roles BEGIN
  INSERT INTO entity_counts VALUES (NEW.account_id, 'roles', 1)
    ON CONFLICT (account_id, kind) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER roles_count_delete AFTER DELETE ON roles BEGIN
  UPDATE entity_counts SET n = n - 1 WHERE account_id = OLD.account_id AND kind = 'roles';
END;

CREATE TABLE policies_rebuilt (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  policy_id TEXT NOT NULL,
  path TEXT NOT NULL,
  arn TEXT NOT NULL UNIQUE,
  description TEXT,
  default_version TEXT NOT NULL,
  next_version INTEGER NOT NULL,
  create_date INTEGER NOT NULL,
  update_date INTEGER NOT NULL
);
INSERT INTO policies_rebuilt (id, account_id, name, policy_id, path, arn, description,
                              default_version, next_version, create_date, update_date)
  SELECT id, account_id, name, policy_id, path, arn, description, default_version,
         next_version, create_date, update_date FROM policies;
DROP TABLE policies;
ALTER TABLE policies_rebuilt RENAME TO policies;
CREATE UNIQUE INDEX policies_name ON policies(account_id, name);
CREATE TRIGGER policies_count_insert AFTER INSERT ON policies BEGIN
  INSERT INTO entity_counts VALUES (NEW.account_id, 'policies', 1)
    ON CONFLICT (account_id, kind) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER policies_count_delete AFTER DELETE ON policies BEGIN
  UPDATE entity_counts SET n = n - 1 WHERE account_id = OLD.account_id AND kind = 'policies';
END;

CREATE TABLE instance_profiles_rebuilt (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  path TEXT NOT NULL,
  create_date INTEGER NOT NULL
);
INSERT INTO instance_profiles_rebuilt (id, account_id, name, profile_id, path, create_date)
  SELECT id, account_id, name, profile_id, path, create_date FROM instance_profiles;
DROP TABLE instance_profiles;
ALTER TABLE instance_profiles_rebuilt RENAME TO instance_profiles;
CREATE UNIQUE INDEX instance_profiles_name_nocase
  ON instance_profiles(account_id, name COLLATE NOCASE);
CREATE INDEX instance_profiles_by_name ON instance_profiles(account_id, name);
CREATE TRIGGER instance_profiles_drop_roles BEFORE DELETE ON instance_profiles BEGIN
  DELETE FROM instance_profile_roles WHERE profile_row = OLD.id;
END;
)sql",
    // Keys that localiam issued (IAM users' access keys, STS session keys) and that are gone:
    // deleted, their user deleted, or cleared by a reset or an import. The authenticator refuses
    // them in every mode, where `open` would take an unknown key for an account root. Not an
    // entity table: a reset or an import keeps it, so that their keys stay refused too.
    R"sql(
CREATE TABLE retired_access_keys (access_key_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER access_keys_retire AFTER DELETE ON access_keys BEGIN
  INSERT OR IGNORE INTO retired_access_keys VALUES (OLD.access_key_id);
END;
CREATE TRIGGER sessions_retire AFTER DELETE ON sessions BEGIN
  INSERT OR IGNORE INTO retired_access_keys VALUES (OLD.access_key_id);
END;
)sql",
    // The newest AWS model: account properties (PutAccountProperties), OIDC and SAML
    // providers' trusted identity propagation settings (Update…Provider), and the scope-down
    // policies of GetScopedCredentials sessions (a JSON array, outermost call last).
    R"sql(
CREATE TABLE account_properties (
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (account_id, name)
);
ALTER TABLE oidc_providers ADD COLUMN context_provider TEXT;
ALTER TABLE oidc_providers ADD COLUMN identity_center_instance_arn TEXT;
ALTER TABLE saml_providers ADD COLUMN context_provider TEXT;
ALTER TABLE saml_providers ADD COLUMN identity_center_instance_arn TEXT;
ALTER TABLE sessions ADD COLUMN scope_policies TEXT;
)sql",
    // The partition (aws, aws-cn, aws-us-gov, …) each account lives in, fixed by the first
    // request that stores something in it (or by the seed); ARNs stored in the account's rows
    // name it. An account that already holds anything was made in aws, the only partition
    // localiam knew before.
    R"sql(
CREATE TABLE account_partitions (
  account_id TEXT PRIMARY KEY,
  partition TEXT NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO account_partitions (account_id, partition)
  SELECT account_id, 'aws' FROM users UNION SELECT account_id, 'aws' FROM groups
  UNION SELECT account_id, 'aws' FROM roles UNION SELECT account_id, 'aws' FROM policies
  UNION SELECT account_id, 'aws' FROM instance_profiles
  UNION SELECT account_id, 'aws' FROM mfa_devices
  UNION SELECT account_id, 'aws' FROM server_certificates
  UNION SELECT account_id, 'aws' FROM oidc_providers
  UNION SELECT account_id, 'aws' FROM saml_providers
  UNION SELECT account_id, 'aws' FROM sessions;
)sql",
};

}  // namespace

std::span<const char* const> later_migrations() { return kLaterMigrations; }

}  // namespace localiam::storage
