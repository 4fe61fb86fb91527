#include "server/config.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "gateway/upstream_url.hpp"

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
    {"public-url", "LOCALIAM_PUBLIC_URL", "",
     "the server's address as clients reach it (the OIDC issuer); default http://HOST:PORT"},
    {"account-id", "LOCALIAM_ACCOUNT_ID", "000000000000", "the default account (12 digits)"},
    {"auth", "LOCALIAM_AUTH", "open", "open | verify | enforce | audit"},
    {"root-access-key", "LOCALIAM_ROOT_ACCESS_KEY", "test", "access key of the account root"},
    {"root-secret-key", "LOCALIAM_ROOT_SECRET_KEY", "test", "secret key of the account root"},
    {"threads", "LOCALIAM_THREADS", "0", "server threads; 0 means one per two cores"},
    {"decisions", "LOCALIAM_DECISIONS", "10000",
     "authorisation decisions kept for /_localiam/decisions (the newest; 0 keeps none)"},
    {"log-level", "LOCALIAM_LOG_LEVEL", "info", "error | warn | info | debug"},
    {"seed", "LOCALIAM_SEED", "", "JSON seed file: entities created at start and on reset"},
    {"config", "LOCALIAM_CONFIG", "", "config file of `option = value` lines (flags and env win)"},
    {"admin", "LOCALIAM_ADMIN", "on", "admin endpoints under /_localiam/: on | off (health stays)"},
    {"admin-token", "LOCALIAM_ADMIN_TOKEN", "",
     "require `Authorization: Bearer TOKEN` on the admin endpoints"},
    {"upstream", "LOCALIAM_UPSTREAM", "",
     "http://HOST:PORT of an AWS emulator (moto_server, …): other services' requests are "
     "authorised and forwarded there; SERVICE=URL sends one service elsewhere (repeatable; the "
     "variable takes a comma-separated list)"},
    {"gateway-unmapped", "LOCALIAM_GATEWAY_UNMAPPED", "deny",
     "deny | allow: in enforce, forward operations localiam does not map (logged) instead of "
     "refusing them"},
    {"upstream-access-key", "LOCALIAM_UPSTREAM_ACCESS_KEY", "test",
     "access key the forwarded requests are re-signed with"},
    {"upstream-secret-key", "LOCALIAM_UPSTREAM_SECRET_KEY", "test",
     "secret key the forwarded requests are re-signed with"},
    {"file", "LOCALIAM_FILE", "-", "export: output file; import: input file (- = stdout/stdin)"},
    {"timeout", "LOCALIAM_TIMEOUT", "5", "health: seconds to wait for the server's answer"},
    {"principal", "LOCALIAM_PRINCIPAL", "", "decisions, suggest-policy: this principal's (an ARN)"},
    {"denied", "LOCALIAM_DENIED", "false", "decisions: only denials (--denied alone: true)"},
    {"conditions", "LOCALIAM_CONDITIONS", "false",
     "suggest-policy: require the region every call of a statement named (--conditions alone: "
     "true)"},
    {"follow", "LOCALIAM_FOLLOW", "false",
     "decisions: print the new ones as they are made, until stopped (--follow alone: true)"},
};

struct CommandName {
  const char* name;
  Command command;
  const char* help;
};

constexpr CommandName kCommands[] = {
    {"serve", Command::kServe, "run the server (the default)"},
    {"export", Command::kExport, "write the --data database's state as JSON to --file"},
    {"import", Command::kImport, "replace the --data database's state with the JSON in --file"},
    {"health", Command::kHealth, "exit 0 if the server at --host/--port answers its health check"},
    {"decisions", Command::kDecisions,
     "print the latest authorisation decisions of the server at --host/--port"},
    {"suggest-policy", Command::kSuggestPolicy,
     "print the least-privilege policy for --principal from the server's decisions"},
    {"actions", Command::kActions, "list the actions this build answers (`iam CreateUser`, …)"},
    {"help", Command::kHelp, "this text (also --help, -h)"},
    {"version", Command::kVersion, "the version (also --version, -v)"},
};

bool is_flag(std::string_view name) {
  for (const Flag& f : kFlags)
    if (name == f.name) return true;
  return false;
}

// `log_level` and `log-level` name the same option (the environment variable says
// LOCALIAM_LOG_LEVEL, so people write the underscore too).
std::string option_name(std::string_view name) {
  std::string out(name);
  for (char& c : out)
    if (c == '_') c = '-';
  return out;
}

// A `#` at the start of a line or after a space or tab starts a comment (outside double
// quotes): `auth = verify  # for CI` reads `verify`, while `admin-token = ab#cd` keeps its `#`.
std::string_view strip_comment(std::string_view line) {
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == '#' && !quoted && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
      return line.substr(0, i);
  }
  return line;
}

// `-p 5000` and friends: localiam's options are long; say which one was probably meant.
std::string short_option_hint(std::string_view arg) {
  std::string message = "unknown option " + std::string(arg);
  if (arg.size() >= 2) {
    for (const Flag& f : kFlags) {
      if (f.name[0] == arg[1]) {
        message += " (options are long: did you mean --" + std::string(f.name) + "?)";
        return message;
      }
    }
  }
  return message + " (options are long, e.g. --port)";
}

// Settings whose value must not be echoed in an error message.
bool is_secret(std::string_view name) {
  return name == "root-secret-key" || name == "admin-token" || name == "upstream-secret-key";
}

bool parse_int(std::string_view text, int64_t min, int64_t max, int64_t& out) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) return false;
  out = v;
  return true;
}

// --upstream's value: comma-separated items, each a URL (the default upstream) or SERVICE=URL
// (that service's); later items replace earlier ones for the same service. "" clears them all.
std::string apply_upstream(Config& c, std::string_view value) {
  if (value.empty()) {
    c.upstream.clear();
    c.upstream_services.clear();
    return "";
  }
  while (!value.empty()) {
    const size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty())
      return "--upstream has an empty item: write URL or SERVICE=URL, comma-separated";
    const size_t eq = item.find('=');
    const size_t scheme = item.find("://");
    std::string service;
    std::string_view url = item;
    if (eq != std::string_view::npos && (scheme == std::string_view::npos || eq < scheme)) {
      service = std::string(item.substr(0, eq));
      url = item.substr(eq + 1);
      if (service.empty() ||
          service.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
        return "--upstream " + std::string(item) +
               ": the service before '=' must be a lowercase service name as the SDKs sign it "
               "(s3, dynamodb, sqs, …), as in s3=http://127.0.0.1:4569";
    }
    std::string why;
    if (!gateway::parse_upstream_url(url, why))
      return "--upstream " + (service.empty() ? why : service + "=…: " + why);
    if (service.empty()) {
      c.upstream = std::string(url);
      continue;
    }
    std::erase_if(c.upstream_services, [&](const auto& e) { return e.first == service; });
    c.upstream_services.emplace_back(service, std::string(url));
  }
  return "";
}

// Applies one setting; returns an error message or "".
std::string apply_value(Config& c, std::string_view name, const std::string& value) {
  int64_t n = 0;
  if (name == "host") {
    c.host = value;
  } else if (name == "port") {
    if (!parse_int(value, 0, 65535, n)) return "--port must be a number from 0 to 65535";
    c.port = static_cast<uint16_t>(n);
  } else if (name == "data") {
    if (value.empty()) return "--data must not be empty";
    c.data = value;
  } else if (name == "public-url") {
    std::string url = value;
    while (url.ends_with("/")) url.pop_back();
    if (!url.starts_with("http://") && !url.starts_with("https://"))
      return "--public-url must start with http:// or https://";
    if (url.size() <= std::string_view("https://").size() ||
        url.find_first_of(" \t?#") != std::string::npos)
      return "--public-url must be a URL like http://localhost:4566";
    c.public_url = url;
  } else if (name == "account-id") {
    if (value.size() != 12 || value.find_first_not_of("0123456789") != std::string::npos)
      return "--account-id must be 12 digits";
    c.service.default_account_id = value;
  } else if (name == "auth") {
    std::optional<api::AuthMode> mode = api::AuthMode::parse(value);
    if (!mode) return "--auth must be " + api::AuthMode::names();
    c.service.auth_mode = *mode;
  } else if (name == "root-access-key") {
    if (value.empty()) return "--root-access-key must not be empty";
    c.service.root_access_key = value;
  } else if (name == "root-secret-key") {
    c.service.root_secret_key = value;
  } else if (name == "threads") {
    if (!parse_int(value, 0, 256, n)) return "--threads must be a number from 0 to 256";
    c.threads = static_cast<int>(n);
  } else if (name == "decisions") {
    if (!parse_int(value, 0, 10000000, n)) return "--decisions must be a number from 0 to 10000000";
    c.decisions = static_cast<size_t>(n);
  } else if (name == "log-level") {
    if (value != "error" && value != "warn" && value != "info" && value != "debug")
      return "--log-level must be error, warn, info or debug";
    c.log_level = value;
  } else if (name == "seed") {
    c.seed = value;
  } else if (name == "config") {
    c.config_file = value;
  } else if (name == "admin") {
    if (value != "on" && value != "off") return "--admin must be on or off";
    c.admin_enabled = value == "on";
  } else if (name == "admin-token") {
    c.admin_token = value;
  } else if (name == "upstream") {
    return apply_upstream(c, value);
  } else if (name == "gateway-unmapped") {
    if (value != "allow" && value != "deny") return "--gateway-unmapped must be allow or deny";
    c.gateway_unmapped_allow = value == "allow";
  } else if (name == "upstream-access-key") {
    if (value.empty()) return "--upstream-access-key must not be empty";
    c.upstream_access_key = value;
  } else if (name == "upstream-secret-key") {
    c.upstream_secret_key = value;
  } else if (name == "file") {
    if (value.empty()) return "--file must not be empty (- is stdin/stdout)";
    c.file = value;
  } else if (name == "principal") {
    c.principal = value;
  } else if (name == "conditions") {
    if (value != "true" && value != "false") return "--conditions must be true or false";
    c.conditions = value == "true";
  } else if (name == "follow") {
    if (value != "true" && value != "false") return "--follow must be true or false";
    c.follow = value == "true";
  } else if (name == "denied") {
    if (value != "true" && value != "false") return "--denied must be true or false";
    c.denied_only = value == "true";
  } else if (name == "timeout") {
    if (!parse_int(value, 1, 3600, n)) return "--timeout must be a number from 1 to 3600";
    c.timeout_seconds = static_cast<int>(n);
  }
  return "";
}

// The error names the value it read (unless it is a secret), so that a stray character or a
// comment the reader did not expect is visible.
std::string apply(Config& c, std::string_view name, const std::string& value) {
  std::string message = apply_value(c, name, value);
  if (!message.empty() && !is_secret(name)) message += " (read \"" + value + "\")";
  return message;
}

// A config file's relative paths are relative to the file, not to wherever the server starts.
std::string relative_to(const std::filesystem::path& folder, const std::string& value) {
  if (value.empty() || value == ":memory:" || value == "-") return value;
  std::filesystem::path path(value);
  if (path.is_absolute()) return value;
  return (folder / path).lexically_normal().string();
}

}  // namespace

const char* auth_mode_name(api::AuthMode mode) { return mode.name(); }

std::string help_text() {
  std::string text =
      "localiam: a local AWS-compatible IAM and STS server\n\n"
      "usage: localiam [COMMAND] [options]\n\ncommands:\n";
  for (const CommandName& c : kCommands) {
    std::string line = "  " + std::string(c.name);
    line.resize(28, ' ');
    text += line + c.help + "\n";
  }
  text +=
      "\noptions (--name VALUE or --name=VALUE; each also read from its environment variable and "
      "from the\nconfig file as `name = value`; flags win over the environment, the environment "
      "over the file):\n";
  for (const Flag& f : kFlags) {
    std::string line = "  --" + std::string(f.name) + " VALUE";
    line.resize(std::max<size_t>(line.size() + 1, 28), ' ');
    text += line + f.help + " [" + f.env +
            ", default: " + (*f.default_text ? f.default_text : "none") + "]\n";
  }
  text += "  --help, -h                this text\n  --version, -v             the version\n";
  return text;
}

ConfigOutcome parse_config(const std::vector<std::string>& all_args,
                           const char* (*env)(const char*)) {
  ConfigOutcome out;
  auto error = [](std::string message) {
    return ConfigOutcome{ConfigOutcome::Kind::kError, Command::kServe, {}, std::move(message)};
  };
  std::vector<std::string> args = all_args;
  if (!args.empty() && !args.front().starts_with("-")) {
    bool known = false;
    for (const CommandName& c : kCommands) {
      if (args.front() == c.name) {
        out.command = c.command;
        known = true;
      }
    }
    if (!known) return error("unknown command: " + args.front());
    args.erase(args.begin());
  }
  if (out.command == Command::kHelp) return {ConfigOutcome::Kind::kHelp, out.command, {}, ""};
  if (out.command == Command::kVersion) return {ConfigOutcome::Kind::kVersion, out.command, {}, ""};
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") return {ConfigOutcome::Kind::kHelp, out.command, {}, ""};
    if (arg == "--version" || arg == "-v" || arg == "-V")
      return {ConfigOutcome::Kind::kVersion, out.command, {}, ""};
  }

  // Split the flags first, so that the config file they name is read before anything applies.
  std::vector<std::pair<std::string, std::string>> flags;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg.size() >= 2 && arg[0] == '-' && arg[1] != '-') return error(short_option_hint(arg));
    if (!arg.starts_with("--")) return error("unexpected argument: " + args[i]);
    std::string name(arg.substr(2));
    std::string value;
    size_t eq = name.find('=');
    bool has_value = eq != std::string::npos;
    if (has_value) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    name = option_name(name);
    if (!is_flag(name)) return error("unknown option --" + name);
    if (!has_value && (name == "denied" || name == "follow" || name == "conditions") &&
        (i + 1 >= args.size() || args[i + 1].starts_with("--"))) {
      has_value = true;
      value = "true";  // a switch: --denied alone
    }
    if (!has_value) {
      if (i + 1 >= args.size()) return error("--" + name + " needs a value");
      value = args[++i];
    }
    flags.emplace_back(std::move(name), std::move(value));
  }

  std::string config_file;
  if (const char* v = env("LOCALIAM_CONFIG")) config_file = v;
  for (const auto& [name, value] : flags)
    if (name == "config") config_file = value;
  if (!config_file.empty()) {
    std::ifstream in(config_file, std::ios::binary);
    if (!in) return error("cannot read the config file " + config_file);
    std::stringstream text;
    text << in.rdbuf();
    std::string message = apply_config_text(out.config, text.str(), config_file,
                                            std::filesystem::path(config_file).parent_path());
    if (!message.empty()) return error(message);
    out.config.config_file = config_file;
  }
  // --upstream accumulates within a source; a later source that names it replaces it whole.
  if (env("LOCALIAM_UPSTREAM")) apply_upstream(out.config, "");
  for (const Flag& f : kFlags) {
    if (const char* v = env(f.env)) {
      std::string message = apply(out.config, f.name, v);
      if (!message.empty()) return error(f.env + std::string(": ") + message);
    }
  }
  for (const auto& [name, value] : flags)
    if (name == "upstream") apply_upstream(out.config, "");
  for (const auto& [name, value] : flags) {
    std::string message = apply(out.config, name, value);
    if (!message.empty()) return error(message);
  }
  return out;
}

std::string apply_config_text(Config& config, std::string_view text, std::string_view origin,
                              const std::filesystem::path& folder) {
  auto trim = [](std::string_view s) {
    const char* space = " \t\r";
    size_t b = s.find_first_not_of(space);
    if (b == std::string_view::npos) return std::string_view();
    return s.substr(b, s.find_last_not_of(space) - b + 1);
  };
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    size_t end = text.find('\n');
    std::string_view line = trim(strip_comment(text.substr(0, end)));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty()) continue;
    const std::string where = std::string(origin) + ":" + std::to_string(line_number) + ": ";
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return where + "expected `option = value`";
    std::string_view name = trim(line.substr(0, eq));
    std::string_view value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    if (name.starts_with("--")) name.remove_prefix(2);
    const std::string option = option_name(name);
    if (!is_flag(option)) return where + "unknown option " + std::string(name);
    if (option == "config") return where + "a config file cannot name another config file";
    std::string setting(value);
    if (option == "data" || option == "seed") setting = relative_to(folder, setting);
    std::string message = apply(config, option, setting);
    if (!message.empty()) return where + message;
  }
  return "";
}

}  // namespace localiam::server
