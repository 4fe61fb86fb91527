// The mixed workload's cycle (mixed_script.hpp).
#include "bench/mixed_script.hpp"

#include <string>
#include <string_view>

#include "bench/http_client.hpp"
#include "bench/query_form.hpp"

namespace localiam::bench {
namespace {

constexpr std::string_view kPolicyDocument =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})";

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

}  // namespace

std::unique_ptr<Script> make_mixed_script(const WorkloadConfig& config, int index) {
  return std::make_unique<MixedScript>(config, index);
}

}  // namespace localiam::bench
