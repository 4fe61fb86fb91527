#include "server/config.hpp"

#include <charconv>
#include <string_view>

namespace localiam::server {

namespace {

struct Flag {
  const char* name;  // without the leading "--"
  const char* env;
  const char* default_text;
  const char* help;
};

constexpr Flag kFlags[] = {
    {"host", "LOCALIAM_HOST", "127.0.0.1", "address to listen on (0.0.0.0 for every interface)"},
    {"port", "LOCALIAM_PORT", "4566", "TCP port; 0 picks a free one"},
    {"data", "LOCALIAM_DATA", "./localiam.db", "SQLite file that keeps all state, or :memory:"},
    {"account-id", "LOCALIAM_ACCOUNT_ID", "000000000000", "the default account (12 digits)"},
    {"auth", "LOCALIAM_AUTH", "open", "open | verify | enforce (enforce is not available yet)"},
    {"root-access-key", "LOCALIAM_ROOT_ACCESS_KEY", "test", "access key of the account root"},
    {"root-secret-key", "LOCALIAM_ROOT_SECRET_KEY", "test", "secret key of the account root"},
    {"threads", "LOCALIAM_THREADS", "0", "server threads; 0 means one per core"},
    {"log-level", "LOCALIAM_LOG_LEVEL", "info", "error | warn | info | debug"},
    {"seed", "LOCALIAM_SEED", "", "JSON seed file (not available yet)"},
};

bool parse_int(std::string_view text, int64_t min, int64_t max, int64_t& out) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) return false;
  out = v;
  return true;
}

// Applies one setting; returns an error message or "".
std::string apply(Config& c, std::string_view name, const std::string& value) {
  int64_t n = 0;
  if (name == "host") {
    c.host = value;
  } else if (name == "port") {
    if (!parse_int(value, 0, 65535, n)) return "--port must be a number from 0 to 65535";
    c.port = static_cast<uint16_t>(n);
  } else if (name == "data") {
    if (value.empty()) return "--data must not be empty";
    c.data = value;
  } else if (name == "account-id") {
    if (value.size() != 12 || value.find_first_not_of("0123456789") != std::string::npos)
      return "--account-id must be 12 digits";
    c.service.default_account_id = value;
  } else if (name == "auth") {
    if (value == "open")
      c.service.auth_mode = api::AuthMode::kOpen;
    else if (value == "verify")
      c.service.auth_mode = api::AuthMode::kVerify;
    else if (value == "enforce")
      return "--auth enforce is not available yet (it comes with the policy engine)";
    else
      return "--auth must be open, verify or enforce";
  } else if (name == "root-access-key") {
    if (value.empty()) return "--root-access-key must not be empty";
    c.service.root_access_key = value;
  } else if (name == "root-secret-key") {
    c.service.root_secret_key = value;
  } else if (name == "threads") {
    if (!parse_int(value, 0, 256, n)) return "--threads must be a number from 0 to 256";
    c.threads = static_cast<int>(n);
  } else if (name == "log-level") {
    if (value != "error" && value != "warn" && value != "info" && value != "debug")
      return "--log-level must be error, warn, info or debug";
    c.log_level = value;
  } else if (name == "seed") {
    if (!value.empty()) return "--seed is not available yet";
  }
  return "";
}

}  // namespace

const char* auth_mode_name(api::AuthMode mode) {
  switch (mode) {
    case api::AuthMode::kOpen:
      return "open";
    case api::AuthMode::kVerify:
      return "verify";
    case api::AuthMode::kEnforce:
      return "enforce";
  }
  return "open";
}

std::string help_text() {
  std::string text =
      "localiam: a local AWS-compatible IAM and STS server\n\n"
      "usage: localiam [options]\n\noptions (each also read from its environment variable; "
      "flags win):\n";
  for (const Flag& f : kFlags) {
    std::string line = "  --" + std::string(f.name) + " VALUE";
    line.resize(std::max<size_t>(line.size() + 1, 28), ' ');
    text += line + f.help + " [" + f.env +
            ", default: " + (*f.default_text ? f.default_text : "none") + "]\n";
  }
  text += "  --help                    this text\n  --version                 the version\n";
  return text;
}

ConfigOutcome parse_config(const std::vector<std::string>& args, const char* (*env)(const char*)) {
  ConfigOutcome out;
  for (const Flag& f : kFlags) {
    if (const char* v = env(f.env)) {
      std::string error = apply(out.config, f.name, v);
      if (!error.empty())
        return {ConfigOutcome::Kind::kError, {}, f.env + std::string(": ") + error};
    }
  }
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") return {ConfigOutcome::Kind::kHelp, {}, ""};
    if (arg == "--version") return {ConfigOutcome::Kind::kVersion, {}, ""};
    if (!arg.starts_with("--"))
      return {ConfigOutcome::Kind::kError, {}, "unexpected argument: " + args[i]};
    std::string name(arg.substr(2));
    std::string value;
    size_t eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return {ConfigOutcome::Kind::kError, {}, "--" + name + " needs a value"};
    }
    bool known = false;
    for (const Flag& f : kFlags) known = known || name == f.name;
    if (!known) return {ConfigOutcome::Kind::kError, {}, "unknown option --" + name};
    std::string error = apply(out.config, name, value);
    if (!error.empty()) return {ConfigOutcome::Kind::kError, {}, error};
  }
  return out;
}

}  // namespace localiam::server
