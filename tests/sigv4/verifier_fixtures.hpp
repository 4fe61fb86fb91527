// Verifier test fixtures: requests signed by botocore 1.43.11 (SigV4Auth / SigV4QueryAuth with the
// clock fixed at 2026-01-15T10:30:45Z) and the small helpers that run the verifier the way the
// server does. Shared by the verifier_*_test.cpp files; header-only, test code only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/http_message.hpp"
#include "common/result.hpp"
#include "sigv4/verifier.hpp"

namespace localiam::sigv4::verifier_fixtures {

inline constexpr const char* kMismatch =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";

// --- botocore fixtures -------------------------------------------------------------------
// Generated with botocore 1.43.11 as a signing oracle:
//   AWSRequest(method="POST", url="http://127.0.0.1:4566/",
//              data="Action=GetCallerIdentity&Version=2011-06-15",
//              headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
//   SigV4Auth(Credentials(kBotoKeyId, kBotoSecret[, kBotoToken]), "sts", "us-east-1").add_auth()
// then .prepare(); urllib3 adds "Host: 127.0.0.1:4566" when sending.
inline constexpr const char* kBotoSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
inline constexpr const char* kBotoToken = "FwoGZXIvYXdzEBYaDH+token/with=chars";
inline constexpr const char* kBotoDate = "20260115T103045Z";
inline constexpr const char* kBotoBody = "Action=GetCallerIdentity&Version=2011-06-15";

inline HttpRequest botocore_post() {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {
      {"Host", "127.0.0.1:4566"},
      {"Accept-Encoding", "identity"},
      {"User-Agent", "aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux"},
      {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
      {"X-Amz-Date", "20260115T103045Z"},
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260115/us-east-1/sts/aws4_request, "
       "SignedHeaders=content-type;host;x-amz-date, "
       "Signature=f8cd37cee5cc0ffa37822be43aac0acd29657bd5ea029df2176952fab94cc089"},
      {"amz-sdk-invocation-id", "5f0c3a4e-1d0b-4f8e-9a55-0d7c1e3c2b11"},
      {"amz-sdk-request", "attempt=1"},
      {"Content-Length", "43"},
  };
  r.body = kBotoBody;
  return r;
}

inline HttpRequest botocore_post_with_token() {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {
      {"Host", "127.0.0.1:4566"},
      {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
      {"X-Amz-Date", "20260115T103045Z"},
      {"X-Amz-Security-Token", kBotoToken},
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=ASIAIOSFODNN7EXAMPLE/20260115/us-east-1/sts/aws4_request, "
       "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
       "Signature=c1e0fe384ca6fc5c7bd4225d5a4c8865df5cb0ba9ec4e9ba15c58ab09f5d4923"},
      {"Content-Length", "43"},
  };
  r.body = kBotoBody;
  return r;
}

// SigV4QueryAuth(Credentials(kBotoKeyId "ASIA…", kBotoSecret, kBotoToken), "sts", "us-east-1",
// expires=60) on AWSRequest(method="GET", url="http://127.0.0.1:4566/",
// params={"Action": "GetCallerIdentity", "Version": "2011-06-15"}).
inline constexpr const char* kPresignedTarget =
    "/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F20260115%2Fus-east-1%2Fsts%2Faws4_request"
    "&X-Amz-Date=20260115T103045Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host"
    "&X-Amz-Security-Token=FwoGZXIvYXdzEBYaDH%2Btoken%2Fwith%3Dchars"
    "&X-Amz-Signature=2fd05b89b856ef319117a159abf264f4c10a4888aecb11a38dcf5ba90d3b11d8";

inline HttpRequest botocore_presigned() {
  HttpRequest r;
  r.method = "GET";
  r.target = kPresignedTarget;
  r.headers = {{"Host", "127.0.0.1:4566"}, {"User-Agent", "python-urllib3/2.0"}};
  return r;
}

inline int64_t boto_now() { return *parse_amz_date(kBotoDate); }

inline RequestView view_of(const HttpRequest& req) {
  RequestView v;
  v.method = req.method;
  v.path = req.path();
  v.query = req.query();
  v.headers = &req.headers;
  v.body = req.body;
  return v;
}

// The whole pipeline as the server runs it (minus the key lookup).
inline Status authenticate(const HttpRequest& req, std::string_view secret, int64_t now,
                           std::string_view service = "sts") {
  RequestView view = view_of(req);
  Result<ParsedAuth> auth = parse_authorization(view);
  if (!auth.ok()) return auth.error();
  RETURN_IF_ERROR(check_scope(*auth, now, true, service));
  return verify_signature(view, *auth, secret);
}

inline std::string* header_ref(HttpRequest& r, std::string_view name) {
  for (auto& [k, v] : r.headers)
    if (header_name_equals(k, name)) return &v;
  return nullptr;
}

}  // namespace localiam::sigv4::verifier_fixtures
