// SigV4 verification of AWS requests (Authorization header or presigned query parameters).
// parse_authorization() reads who signed and how, with AWS's IncompleteSignature /
// MissingAuthenticationToken errors; check_scope() applies the clock-skew window and the
// credential-scope rules; verify_signature() recomputes the signature from the secret and
// compares in constant time (SignatureDoesNotMatch). Needs nothing but the request and a secret.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/http_message.hpp"
#include "common/result.hpp"

namespace localiam::sigv4 {

// What the signature covers, as received on the wire.
struct RequestView {
  std::string_view method;
  std::string_view path;   // raw path, e.g. "/"
  std::string_view query;  // raw query string without '?', may be empty
  const HeaderList* headers = nullptr;
  std::string_view body;
  // S3's canonical form: the path as sent (no normalisation, no second encoding), a presigned
  // URL's payload UNSIGNED-PAYLOAD, and X-Amz-Content-Sha256 may say UNSIGNED-PAYLOAD or
  // STREAMING-… (the caller then holds the body to it: gateway/body_check.hpp).
  bool s3 = false;
  // The body streams after the head (`body` is empty): a declared hex X-Amz-Content-Sha256 is
  // held to the body by the caller as it streams, not here.
  bool body_streams = false;
  // When set, a verified signature's signing key is stored there (aws-chunked chunk signatures
  // chain from it).
  std::array<unsigned char, 32>* signing_key_out = nullptr;
};

struct ParsedAuth {
  bool presigned = false;  // from X-Amz-* query parameters instead of the header
  std::string access_key_id;
  std::string scope_date;  // YYYYMMDD from the credential scope
  std::string region;
  std::string service;
  std::string terminator;                   // should be "aws4_request"
  std::vector<std::string> signed_headers;  // lowercase, as listed
  std::string signature;                    // hex as sent
  std::string amz_date;                     // X-Amz-Date (or Date header) as sent
  int64_t request_time = 0;                 // amz_date as epoch seconds
  std::string security_token;               // X-Amz-Security-Token header or query param, if any
  int64_t expires = -1;                     // presigned: X-Amz-Expires in seconds (-1 when absent)
};

// Parses the Authorization header or the presigned query parameters.
// Errors: MissingAuthenticationToken (neither present), IncompleteSignature (malformed
// header or missing components, bad date format, wrong credential element count).
Result<ParsedAuth> parse_authorization(const RequestView& request);

// Checks clock skew (±15 minutes: SignatureDoesNotMatch "Signature expired: …" /
// "Signature not yet current: …") when `check_skew`, and then also a presigned URL's
// X-Amz-Expires (SignatureDoesNotMatch "Signature expired: {date} is now earlier than
// {now - expires} ({now} - {expires} sec.)", localiam's wording after the skew message), then that
// the scope date matches the request date and the terminator is aws4_request (SignatureDoesNotMatch
// with AWS's texts). The verifier serves any service: `expected_service` is whatever the caller
// answers for ("iam", "sts", "s3", …; ParsedAuth::service says what the client signed for) and
// a scope naming another is rejected. Any region is accepted.
Status check_scope(const ParsedAuth& auth, int64_t now_epoch_seconds, bool check_skew,
                   std::string_view expected_service);

// Recomputes the signature with `secret_access_key` and compares in constant time.
// Error: SignatureDoesNotMatch with AWS's message.
Status verify_signature(const RequestView& request, const ParsedAuth& auth,
                        std::string_view secret_access_key);

}  // namespace localiam::sigv4
