#include "bench/workloads.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <ctime>
#include <vector>

#include "bench/mixed_script.hpp"
#include "bench/query_form.hpp"
#include "sigv4/signer.hpp"

namespace localiam::bench {

namespace {

constexpr std::string_view kPolicyArnForProbe = "arn:aws:iam::aws:policy/ReadOnlyAccess";

std::string base64(std::string_view text) {
  std::vector<unsigned char> out(4 * ((text.size() + 2) / 3) + 1);
  int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<size_t>(n));
}

// xorshift64*: cheap and good enough to pick which entity to read.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1Dull;
  }
  uint64_t below(uint64_t n) { return next() % n; }

 private:
  uint64_t state_;
};

std::string read_user_name(int i) { return "bench-read-user-" + std::to_string(i); }
std::string read_role_name(int i) { return "bench-read-role-" + std::to_string(i); }

class IdentityScript : public Script {
 public:
  explicit IdentityScript(const WorkloadConfig& config) : config_(config) {}
  void next(Call& call) override {
    call.service = "sts";
    call.body = Form("GetCallerIdentity", kStsVersion).take();
    call.credentials = &config_.root;
  }
  bool on_response(int, std::string_view) override { return false; }

 private:
  const WorkloadConfig& config_;
};

// read: GetUser/GetRole signed with the root key; enforce: the same, signed by the policy user.
class ReadScript : public Script {
 public:
  ReadScript(const WorkloadConfig& config, int index, const Credentials& signer)
      : config_(config), signer_(signer), random_(index + 1) {}
  void next(Call& call) override {
    const int i = static_cast<int>(random_.below(static_cast<uint64_t>(config_.read_entities)));
    call.service = "iam";
    call.credentials = &signer_;
    // Alternate so both tables are read equally.
    if ((turn_++ & 1) == 0)
      call.body = Form("GetUser", kIamVersion).add("UserName", read_user_name(i)).take();
    else
      call.body = Form("GetRole", kIamVersion).add("RoleName", read_role_name(i)).take();
  }
  bool on_response(int, std::string_view) override { return false; }

 private:
  const WorkloadConfig& config_;
  const Credentials& signer_;
  Random random_;
  uint64_t turn_ = 0;
};

class WriteScript : public Script {
 public:
  WriteScript(const WorkloadConfig& config, int index)
      : config_(config),
        index_(static_cast<size_t>(index)),
        prefix_("bench-w-" + config.run_id + "-" + std::to_string(index) + "-") {}
  void next(Call& call) override {
    call.service = "iam";
    // Each call moves on to the next writer, so the users spread evenly over the accounts.
    const auto& writers = config_.writers;
    call.credentials =
        writers.empty() ? &config_.root : &writers[(index_ + counter_) % writers.size()];
    call.body = Form("CreateUser", kIamVersion)
                    .add("UserName", prefix_ + std::to_string(counter_++))
                    .take();
  }
  bool on_response(int, std::string_view) override { return false; }

 private:
  const WorkloadConfig& config_;
  size_t index_;
  std::string prefix_;
  uint64_t counter_ = 0;
};

class GetUserScript : public Script {
 public:
  GetUserScript(const WorkloadConfig& config, int index) : config_(config), random_(index + 7) {}
  void next(Call& call) override {
    char name[128];
    const auto i = static_cast<long long>(random_.below(static_cast<uint64_t>(config_.user_count)));
    std::snprintf(name, sizeof name, config_.user_format.c_str(), i + 1);
    call.service = "iam";
    call.credentials = &config_.root;
    call.body = Form("GetUser", kIamVersion).add("UserName", name).take();
  }
  bool on_response(int, std::string_view) override { return false; }

 private:
  const WorkloadConfig& config_;
  Random random_;
};

// The same IAM call, signed with the root key, again and again (simulate, list-users).
class FixedCallScript : public Script {
 public:
  FixedCallScript(const WorkloadConfig& config, std::string body)
      : config_(config), body_(std::move(body)) {}
  void next(Call& call) override {
    call.service = "iam";
    call.credentials = &config_.root;
    call.body = body_;
  }
  bool on_response(int, std::string_view) override { return false; }

 private:
  const WorkloadConfig& config_;
  std::string body_;
};

// simulate: SimulatePrincipalPolicy for the policy user, three actions on one resource.
std::string simulate_body(const WorkloadConfig& config) {
  return Form("SimulatePrincipalPolicy", kIamVersion)
      .add("PolicySourceArn", "arn:aws:iam::" + config.account_id + ":user/" + config.user_name)
      .add("ActionNames.member.1", "iam:GetUser")
      .add("ActionNames.member.2", "iam:DeleteUser")
      .add("ActionNames.member.3", "s3:GetObject")
      .add("ResourceArns.member.1", "arn:aws:iam::" + config.account_id + ":user/bench-read-user-1")
      .take();
}

// list-users: one page of 100 from after `list_after`.
std::string list_users_body(const WorkloadConfig& config) {
  Form form("ListUsers", kIamVersion);
  form.add("MaxItems", "100");
  if (!config.list_after.empty()) form.add("Marker", base64(config.list_after));
  return form.take();
}

SimpleResponse call_now(BlockingClient& client, const Endpoint& endpoint,
                        const WorkloadConfig& config, const Call& call) {
  return client.send(build_request(endpoint, config.region, call, time(nullptr)));
}

std::string describe(const SimpleResponse& r) {
  if (r.status == 0) return "no answer";
  std::string code = xml_text(r.body, "Code");
  std::string message = xml_text(r.body, "Message");
  return std::to_string(r.status) + (code.empty() ? "" : " " + code) +
         (message.empty() ? "" : ": " + message);
}

}  // namespace

std::string_view workload_names() {
  return "identity, read, write, mixed, enforce, simulate, get-user, list-users";
}

HttpRequest build_request(const Endpoint& endpoint, const std::string& region, const Call& call,
                          int64_t epoch_seconds) {
  HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.headers.reserve(6);
  request.headers.emplace_back("Host", endpoint.host_header);
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.body = call.body;
  sigv4::SigningParams params;
  params.access_key_id = call.credentials->access_key_id;
  params.secret_access_key = call.credentials->secret_access_key;
  params.session_token = call.credentials->session_token;
  params.region = region;
  params.service = std::string(call.service);
  params.epoch_seconds = epoch_seconds;
  sigv4::sign_request(request, params);
  return request;
}

namespace {

// A ten-statement policy like a real team's: the statement that allows the reads comes last, so
// enforce mode tries every statement before it on each request.
constexpr std::string_view kUserPolicy = R"({"Version":"2012-10-17","Statement":[
{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::data-*/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"arn:aws:iam::*:user/${aws:username}"},
{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}},
{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:*:*:jobs-?"},
{"Effect":"Allow","Action":"logs:Put*","Resource":"arn:aws:logs:*:*:log-group:/app/*"},
{"Effect":"Allow","Action":"dynamodb:Query","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}},
{"Effect":"Allow","Action":"iam:TagUser","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["team"]}}},
{"Effect":"Deny","Action":["iam:Delete*","s3:Delete*"],"Resource":"*"},
{"Effect":"Allow","Action":"iam:List*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}},
{"Effect":"Allow","Action":["iam:GetUser","iam:GetRole"],"Resource":["arn:aws:iam::*:user/bench-*","arn:aws:iam::*:role/bench-*"]}
]})";

// Creates config.user_name with kUserPolicy inline and an access key (config.user).
bool create_policy_user(WorkloadConfig& config, BlockingClient& client, const Endpoint& endpoint,
                        std::string* error) {
  config.user_name = "bench-policy-user-" + config.run_id;
  Call call{"iam", Form("CreateUser", kIamVersion).add("UserName", config.user_name).take(),
            &config.root};
  const std::string steps[] = {
      call.body,
      Form("PutUserPolicy", kIamVersion)
          .add("UserName", config.user_name)
          .add("PolicyName", "bench")
          .add("PolicyDocument", kUserPolicy)
          .take(),
      Form("CreateAccessKey", kIamVersion).add("UserName", config.user_name).take()};
  for (const std::string& body : steps) {
    call.body = body;
    SimpleResponse r = call_now(client, endpoint, config, call);
    if (!ok(r.status)) {
      *error = "setting up " + config.user_name + " failed: " + describe(r);
      return false;
    }
    config.user.access_key_id = xml_text(r.body, "AccessKeyId");
    config.user.secret_access_key = xml_text(r.body, "SecretAccessKey");
  }
  return true;
}

}  // namespace

bool prepare(WorkloadConfig& config, BlockingClient& client, const Endpoint& endpoint,
             std::string* error) {
  const std::string& w = config.name;
  if (w != "identity" && w != "read" && w != "write" && w != "mixed" && w != "enforce" &&
      w != "simulate" && w != "get-user" && w != "list-users") {
    *error = "unknown workload '" + w + "' (one of: " + std::string(workload_names()) + ")";
    return false;
  }
  Call call{"sts", Form("GetCallerIdentity", kStsVersion).take(), &config.root};
  SimpleResponse who = call_now(client, endpoint, config, call);
  if (!ok(who.status)) {
    *error = "GetCallerIdentity with the root key failed: " + describe(who);
    return false;
  }
  config.account_id = xml_text(who.body, "Account");

  call.service = "iam";
  if (w == "enforce" || w == "simulate") {
    if (!create_policy_user(config, client, endpoint, error)) return false;
  }
  if (w == "read" || w == "enforce") {
    for (int i = 0; i < config.read_entities; ++i) {
      call.body = Form("CreateUser", kIamVersion).add("UserName", read_user_name(i)).take();
      SimpleResponse r = call_now(client, endpoint, config, call);
      if (!ok(r.status) && r.status != 409) {
        *error = "creating " + read_user_name(i) + " failed: " + describe(r);
        return false;
      }
      call.body = Form("CreateRole", kIamVersion)
                      .add("RoleName", read_role_name(i))
                      .add("AssumeRolePolicyDocument", trust_policy(config.account_id))
                      .take();
      r = call_now(client, endpoint, config, call);
      if (!ok(r.status) && r.status != 409) {
        *error = "creating " + read_role_name(i) + " failed: " + describe(r);
        return false;
      }
    }
  } else if (w == "mixed" && config.attach == AttachMode::kAuto) {
    // A server without AttachUserPolicy answers InvalidAction; one with it, NoSuchEntity.
    call.body = Form("AttachUserPolicy", kIamVersion)
                    .add("UserName", "bench-no-such-user-" + config.run_id)
                    .add("PolicyArn", kPolicyArnForProbe)
                    .take();
    SimpleResponse r = call_now(client, endpoint, config, call);
    config.attach =
        xml_text(r.body, "Code") == "InvalidAction" ? AttachMode::kGroup : AttachMode::kUser;
  } else if (w == "get-user" && config.user_count <= 0) {
    *error = "get-user needs --user-count N (and --user-format, default user%07d)";
    return false;
  }
  return true;
}

std::unique_ptr<Script> make_script(const WorkloadConfig& config, int index) {
  const std::string& w = config.name;
  if (w == "identity") return std::make_unique<IdentityScript>(config);
  if (w == "read") return std::make_unique<ReadScript>(config, index, config.root);
  if (w == "enforce") return std::make_unique<ReadScript>(config, index, config.user);
  if (w == "simulate") return std::make_unique<FixedCallScript>(config, simulate_body(config));
  if (w == "write") return std::make_unique<WriteScript>(config, index);
  if (w == "mixed") return make_mixed_script(config, index);
  if (w == "get-user") return std::make_unique<GetUserScript>(config, index);
  return std::make_unique<FixedCallScript>(config, list_users_body(config));
}

}  // namespace localiam::bench
