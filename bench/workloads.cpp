#include "bench/workloads.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <ctime>
#include <vector>

#include "common/url_encoding.hpp"
#include "sigv4/signer.hpp"

namespace localiam::bench {

namespace {

constexpr std::string_view kIamVersion = "2010-05-08";
constexpr std::string_view kStsVersion = "2011-06-15";
constexpr std::string_view kPolicyArnForProbe = "arn:aws:iam::aws:policy/ReadOnlyAccess";
constexpr std::string_view kPolicyDocument =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})";

// An AWS Query form body: Action, Version, then URL-encoded parameters.
class Form {
 public:
  Form(std::string_view action, std::string_view version) {
    body_.reserve(256);
    body_.append("Action=").append(action).append("&Version=").append(version);
  }
  Form& add(std::string_view key, std::string_view value) {
    body_.append("&").append(key).append("=").append(uri_encode(value));
    return *this;
  }
  std::string take() { return std::move(body_); }

 private:
  std::string body_;
};

std::string base64(std::string_view text) {
  std::vector<unsigned char> out(4 * ((text.size() + 2) / 3) + 1);
  int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<size_t>(n));
}

bool ok(int status) { return status >= 200 && status < 300; }

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

std::string trust_policy(const std::string& account_id) {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::)" +
         account_id + R"(:root"},"Action":"sts:AssumeRole"}]})";
}

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

// The integration-test-like cycle: create a user, a policy, attach it (to the user, or through
// a group where the server has no AttachUserPolicy), create a role, give the user an access key,
// assume the role with that key, call GetCallerIdentity with the temporary credentials, then
// delete everything children first. A failed step abandons the creations and cleans up what
// exists.
class MixedScript : public Script {
 public:
  MixedScript(const WorkloadConfig& config, int index)
      : config_(config),
        prefix_("bench-m-" + config.run_id + "-" + std::to_string(index) + "-"),
        trust_(trust_policy(config.account_id)) {
    const bool by_user = config.attach == AttachMode::kUser;
    plan_ = {kCreateUser, kCreatePolicy};
    if (by_user) {
      plan_.push_back(kAttachUserPolicy);
    } else {
      plan_.insert(plan_.end(), {kCreateGroup, kAddUserToGroup, kAttachGroupPolicy});
    }
    plan_.insert(plan_.end(), {kCreateRole, kCreateAccessKey, kAssumeRole, kCallerIdentity});
    cleanup_start_ = plan_.size();
    plan_.insert(plan_.end(), {kDeleteAccessKey, kDeleteRole});
    if (by_user) {
      plan_.push_back(kDetachUserPolicy);
    } else {
      plan_.insert(plan_.end(), {kDetachGroupPolicy, kRemoveUserFromGroup, kDeleteGroup});
    }
    plan_.insert(plan_.end(), {kDeletePolicy, kDeleteUser});
    start_cycle();
  }

  void next(Call& call) override {
    while (pos_ < plan_.size() && skip(plan_[pos_])) ++pos_;
    if (pos_ == plan_.size()) start_cycle();  // a failed cycle with nothing left to clean
    call.service = "iam";
    call.credentials = &config_.root;
    switch (plan_[pos_]) {
      case kCreateUser:
        call.body = Form("CreateUser", kIamVersion).add("UserName", user_).take();
        break;
      case kCreatePolicy:
        call.body = Form("CreatePolicy", kIamVersion)
                        .add("PolicyName", policy_)
                        .add("PolicyDocument", kPolicyDocument)
                        .take();
        break;
      case kCreateGroup:
        call.body = Form("CreateGroup", kIamVersion).add("GroupName", group_).take();
        break;
      case kAddUserToGroup:
        call.body = Form("AddUserToGroup", kIamVersion)
                        .add("GroupName", group_)
                        .add("UserName", user_)
                        .take();
        break;
      case kAttachGroupPolicy:
        call.body = Form("AttachGroupPolicy", kIamVersion)
                        .add("GroupName", group_)
                        .add("PolicyArn", policy_arn_)
                        .take();
        break;
      case kAttachUserPolicy:
        call.body = Form("AttachUserPolicy", kIamVersion)
                        .add("UserName", user_)
                        .add("PolicyArn", policy_arn_)
                        .take();
        break;
      case kCreateRole:
        call.body = Form("CreateRole", kIamVersion)
                        .add("RoleName", role_)
                        .add("AssumeRolePolicyDocument", trust_)
                        .take();
        break;
      case kCreateAccessKey:
        call.body = Form("CreateAccessKey", kIamVersion).add("UserName", user_).take();
        break;
      case kAssumeRole:
        call.service = "sts";
        call.credentials = &user_key_;
        call.body = Form("AssumeRole", kStsVersion)
                        .add("RoleArn", role_arn_)
                        .add("RoleSessionName", "bench")
                        .take();
        break;
      case kCallerIdentity:
        call.service = "sts";
        call.credentials = &temporary_;
        call.body = Form("GetCallerIdentity", kStsVersion).take();
        break;
      case kDeleteAccessKey:
        call.body = Form("DeleteAccessKey", kIamVersion)
                        .add("UserName", user_)
                        .add("AccessKeyId", user_key_.access_key_id)
                        .take();
        break;
      case kDeleteRole:
        call.body = Form("DeleteRole", kIamVersion).add("RoleName", role_).take();
        break;
      case kDetachUserPolicy:
        call.body = Form("DetachUserPolicy", kIamVersion)
                        .add("UserName", user_)
                        .add("PolicyArn", policy_arn_)
                        .take();
        break;
      case kDetachGroupPolicy:
        call.body = Form("DetachGroupPolicy", kIamVersion)
                        .add("GroupName", group_)
                        .add("PolicyArn", policy_arn_)
                        .take();
        break;
      case kRemoveUserFromGroup:
        call.body = Form("RemoveUserFromGroup", kIamVersion)
                        .add("GroupName", group_)
                        .add("UserName", user_)
                        .take();
        break;
      case kDeleteGroup:
        call.body = Form("DeleteGroup", kIamVersion).add("GroupName", group_).take();
        break;
      case kDeletePolicy:
        call.body = Form("DeletePolicy", kIamVersion).add("PolicyArn", policy_arn_).take();
        break;
      case kDeleteUser:
        call.body = Form("DeleteUser", kIamVersion).add("UserName", user_).take();
        break;
    }
  }

  bool on_response(int status, std::string_view body) override {
    const Step step = plan_[pos_];
    bool good = ok(status) && record(step, body);
    if (!good) {
      failed_ = true;
      forget(step);  // a failed delete is not retried; a failed create made nothing
      if (pos_ < cleanup_start_) {
        pos_ = cleanup_start_;
        return finish_if_done();
      }
    }
    ++pos_;
    return finish_if_done();
  }

 private:
  enum Step {
    kCreateUser,
    kCreatePolicy,
    kCreateGroup,
    kAddUserToGroup,
    kAttachGroupPolicy,
    kAttachUserPolicy,
    kCreateRole,
    kCreateAccessKey,
    kAssumeRole,
    kCallerIdentity,
    kDeleteAccessKey,
    kDeleteRole,
    kDetachUserPolicy,
    kDetachGroupPolicy,
    kRemoveUserFromGroup,
    kDeleteGroup,
    kDeletePolicy,
    kDeleteUser,
  };

  void start_cycle() {
    const std::string base = prefix_ + std::to_string(cycle_++);
    user_ = base + "-u";
    policy_ = base + "-p";
    group_ = base + "-g";
    role_ = base + "-r";
    policy_arn_.clear();
    role_arn_.clear();
    user_key_ = {};
    temporary_ = {};
    have_user_ = have_policy_ = have_group_ = in_group_ = group_attached_ = user_attached_ =
        have_role_ = have_key_ = false;
    failed_ = false;
    pos_ = 0;
  }

  bool finish_if_done() {
    while (pos_ < plan_.size() && pos_ >= cleanup_start_ && skip(plan_[pos_])) ++pos_;
    if (pos_ < plan_.size()) return false;
    const bool completed = !failed_;
    start_cycle();
    return completed;
  }

  // Cleanup steps for things that do not exist are skipped.
  bool skip(Step step) const {
    switch (step) {
      case kDeleteAccessKey:
        return !have_key_;
      case kDeleteRole:
        return !have_role_;
      case kDetachUserPolicy:
        return !user_attached_;
      case kDetachGroupPolicy:
        return !group_attached_;
      case kRemoveUserFromGroup:
        return !in_group_;
      case kDeleteGroup:
        return !have_group_;
      case kDeletePolicy:
        return !have_policy_;
      case kDeleteUser:
        return !have_user_;
      default:
        return false;
    }
  }

  void forget(Step step) {
    switch (step) {
      case kDeleteAccessKey:
        have_key_ = false;
        break;
      case kDeleteRole:
        have_role_ = false;
        break;
      case kDetachUserPolicy:
        user_attached_ = false;
        break;
      case kDetachGroupPolicy:
        group_attached_ = false;
        break;
      case kRemoveUserFromGroup:
        in_group_ = false;
        break;
      case kDeleteGroup:
        have_group_ = false;
        break;
      case kDeletePolicy:
        have_policy_ = false;
        break;
      case kDeleteUser:
        have_user_ = false;
        break;
      default:
        break;
    }
  }

  // Takes what a successful answer returned; false if it lacks what the next steps need.
  bool record(Step step, std::string_view body) {
    switch (step) {
      case kCreateUser:
        have_user_ = true;
        return true;
      case kCreatePolicy:
        policy_arn_ = xml_text(body, "Arn");
        have_policy_ = !policy_arn_.empty();
        return have_policy_;
      case kCreateGroup:
        have_group_ = true;
        return true;
      case kAddUserToGroup:
        in_group_ = true;
        return true;
      case kAttachGroupPolicy:
        group_attached_ = true;
        return true;
      case kAttachUserPolicy:
        user_attached_ = true;
        return true;
      case kCreateRole:
        role_arn_ = xml_text(body, "Arn");
        have_role_ = !role_arn_.empty();
        return have_role_;
      case kCreateAccessKey:
        user_key_.access_key_id = xml_text(body, "AccessKeyId");
        user_key_.secret_access_key = xml_text(body, "SecretAccessKey");
        have_key_ = !user_key_.access_key_id.empty();
        return have_key_ && !user_key_.secret_access_key.empty();
      case kAssumeRole:
        temporary_.access_key_id = xml_text(body, "AccessKeyId");
        temporary_.secret_access_key = xml_text(body, "SecretAccessKey");
        temporary_.session_token = xml_text(body, "SessionToken");
        return !temporary_.access_key_id.empty() && !temporary_.session_token.empty();
      case kCallerIdentity:
        // The temporary credentials must name the assumed role.
        return xml_text(body, "Arn").find(":assumed-role/") != std::string::npos;
      default:
        forget(step);
        return true;
    }
  }

  const WorkloadConfig& config_;
  std::string prefix_;
  std::string trust_;
  std::vector<Step> plan_;
  size_t cleanup_start_ = 0;
  size_t pos_ = 0;
  uint64_t cycle_ = 0;
  bool failed_ = false;
  std::string user_, policy_, group_, role_, policy_arn_, role_arn_;
  Credentials user_key_, temporary_;
  bool have_user_ = false, have_policy_ = false, have_group_ = false, in_group_ = false,
       group_attached_ = false, user_attached_ = false, have_role_ = false, have_key_ = false;
};

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
  if (w == "mixed") return std::make_unique<MixedScript>(config, index);
  if (w == "get-user") return std::make_unique<GetUserScript>(config, index);
  return std::make_unique<FixedCallScript>(config, list_users_body(config));
}

}  // namespace localiam::bench
