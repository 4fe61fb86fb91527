// The AWS Query form bodies the workloads send: the IAM and STS API versions, a Form builder
// (Action, Version, then URL-encoded parameters), the 2xx test, and the trust policy that lets
// an account's own principals assume the roles the workloads create. Header-only.
#pragma once

#include <string>
#include <string_view>

#include "common/url_encoding.hpp"

namespace localiam::bench {

inline constexpr std::string_view kIamVersion = "2010-05-08";
inline constexpr std::string_view kStsVersion = "2011-06-15";

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

inline bool ok(int status) { return status >= 200 && status < 300; }

inline std::string trust_policy(const std::string& account_id) {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::)" +
         account_id + R"(:root"},"Action":"sts:AssumeRole"}]})";
}

}  // namespace localiam::bench
