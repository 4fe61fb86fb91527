// Server configuration from the command line and LOCALIAM_* environment variables (flags
// win), as DESIGN.md's command-line contract specifies. parse_config never exits: it returns
// what to do (run, print help, print version) or an error message.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/service_context.hpp"

namespace localiam::server {

struct Config {
  std::string host = "127.0.0.1";
  uint16_t port = 4566;
  std::string data = "./localiam.db";
  api::ServiceConfig service;
  int threads = 0;  // 0: one per core
  std::string log_level = "info";
  std::string seed;
};

struct ConfigOutcome {
  enum class Kind { kRun, kHelp, kVersion, kError } kind = Kind::kRun;
  Config config;
  std::string message;  // the error, for kError
};

// `env` is a lookup of environment variables (getenv in production, a map in tests).
ConfigOutcome parse_config(const std::vector<std::string>& args, const char* (*env)(const char*));

std::string help_text();
const char* auth_mode_name(api::AuthMode mode);

}  // namespace localiam::server
