// Server configuration from the command line, LOCALIAM_* environment variables and an optional
// config file of `key = value` lines (--config FILE / LOCALIAM_CONFIG), as DESIGN.md's
// command-line contract specifies. Precedence: flags, then environment, then the config file,
// then the defaults. parse_config never exits: it returns what to do (run a command, print help,
// print version) or an error message naming the setting (and the file line) that is wrong.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "auth/service_context.hpp"

namespace localiam::server {

// What the binary is asked to do: `localiam [serve]`, `localiam export`, `localiam import`,
// `localiam health`.
enum class Command {
  kServe,
  kExport,
  kImport,
  kHealth,
  kDecisions,
  kSuggestPolicy,
  kActions,
  kHelp,
  kVersion
};

struct Config {
  std::string host = "127.0.0.1";
  uint16_t port = 4566;
  std::string data = "./localiam.db";
  // The server's address as its clients reach it, without a trailing slash: the OIDC issuer is
  // PUBLIC_URL/_localiam/oidc. "" means http://HOST:PORT as started (the real port for 0).
  std::string public_url;
  api::ServiceConfig service;
  int threads = 0;           // 0: one per core
  size_t decisions = 10000;  // decisions kept for /_localiam/decisions
  std::string log_level = "info";
  std::string seed;         // "" when there is no seed file
  std::string config_file;  // "" when there is no config file
  // export: where the JSON goes ("-" = stdout); import: where it comes from ("-" = stdin).
  std::string file = "-";
  int timeout_seconds = 5;   // health: how long to wait for an answer
  std::string principal;     // decisions: only this principal's
  bool denied_only = false;  // decisions: only denials
  bool follow = false;       // decisions: stream the new ones
  bool conditions = false;   // suggest-policy: with the calls' common region
  // The admin endpoints (reset, state, clock, metrics, token minting): off disables them;
  // a token makes them require "Authorization: Bearer TOKEN". Health and the OIDC issuer's
  // public documents stay open either way.
  bool admin_enabled = true;
  std::string admin_token;
  // --upstream: where requests signed for services other than IAM and STS are forwarded
  // (gateway/); "" refuses them as before. Re-signed with the upstream keys.
  std::string upstream;
  // --upstream SERVICE=URL: (service, URL) pairs, one per service.
  std::vector<std::pair<std::string, std::string>> upstream_services;
  // --gateway-unmapped allow: enforce lets operations the gateway does not map through, logged.
  bool gateway_unmapped_allow = false;
  std::string upstream_access_key = "test";
  std::string upstream_secret_key = "test";
};

struct ConfigOutcome {
  enum class Kind { kRun, kHelp, kVersion, kError } kind = Kind::kRun;
  Command command = Command::kServe;
  Config config;
  std::string message;  // the error, for kError
};

// `env` is a lookup of environment variables (getenv in production, a map in tests). The
// config file is read from disk when --config or LOCALIAM_CONFIG names one.
ConfigOutcome parse_config(const std::vector<std::string>& args, const char* (*env)(const char*));

// Applies the `key = value` lines of `text` (a config file's content; `origin` names it in
// errors) to `config`. Blank lines are ignored and `#` at the start of a line or after a space
// starts a comment; keys are the option names without "--", with `-` or `_` between words.
// Relative `data` and `seed` paths are taken relative to `folder` (the file's folder). Returns
// "" or an error "FILE:LINE: …" that shows the value read.
std::string apply_config_text(Config& config, std::string_view text, std::string_view origin,
                              const std::filesystem::path& folder = {});

std::string help_text();
const char* auth_mode_name(api::AuthMode mode);

}  // namespace localiam::server
