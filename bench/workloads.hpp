// The load generator's workloads. A Script is the per-connection sequence of AWS Query calls
// (the next call may depend on the previous answer, as in the mixed cycle); prepare() runs once,
// synchronously, before the load: it learns the account, creates what the read workloads read,
// and probes which attach action the server offers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/http_client.hpp"
#include "common/http_message.hpp"

namespace localiam::bench {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
};

enum class AttachMode { kAuto, kUser, kGroup };

struct WorkloadConfig {
  std::string name;  // identity, read, write, mixed, enforce, simulate, get-user, list-users
  Credentials root;
  // enforce and simulate: a user that prepare() creates with an inline policy and a key. enforce
  // reads as that user (GetUser/GetRole, so enforce mode evaluates its policies on every call);
  // simulate asks SimulatePrincipalPolicy about that user.
  Credentials user;
  std::string user_name;
  std::string region = "us-east-1";
  std::string account_id;                 // learnt by prepare()
  std::string run_id;                     // makes created names unique across runs on one database
  AttachMode attach = AttachMode::kAuto;  // mixed: resolved by prepare()
  int read_entities = 100;                // read: users and roles created and then read
  // get-user: GetUser on names made from `user_format` (printf, one integer) with a random
  // index in [1, user_count]. list-users: ListUsers MaxItems=100 from after `list_after`.
  std::string user_format = "user%07d";
  int64_t user_count = 0;
  std::string list_after;
  // write: call k of connection i signs with writers[(i + k) % size] when given (one key per
  // account spreads the users over accounts, below AWS's 5,000-users quota); else with `root`.
  std::vector<Credentials> writers;
};

// One call: the service it is signed for, its form body, and who signs it.
struct Call {
  std::string_view service;  // "iam" or "sts"
  std::string body;
  const Credentials* credentials = nullptr;
};

class Script {
 public:
  virtual ~Script() = default;
  // Fills `call` with the next request to send.
  virtual void next(Call& call) = 0;
  // The answer to the last call (status 0 when the connection failed). Returns true when this
  // answer completed a whole cycle (mixed workload only).
  virtual bool on_response(int status, std::string_view body) = 0;
};

// Checks the workload name and resolves the configuration against the server; false with
// *error set when the server cannot run this workload.
bool prepare(WorkloadConfig& config, BlockingClient& client, const Endpoint& endpoint,
             std::string* error);

// A fresh script for connection number `index`; prepare() must have succeeded.
std::unique_ptr<Script> make_script(const WorkloadConfig& config, int index);

// Builds the signed POST for `call` (Host header, form content type, SigV4 at `epoch_seconds`).
HttpRequest build_request(const Endpoint& endpoint, const std::string& region, const Call& call,
                          int64_t epoch_seconds);

// The list of workload names, for --help.
std::string_view workload_names();

}  // namespace localiam::bench
