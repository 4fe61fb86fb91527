#include "gateway/forward_plan.hpp"

#include <charconv>

#include "gateway/request_operation.hpp"
#include "sigv4/canonical_request.hpp"

namespace localiam::gateway {

namespace {

bool presign_param(std::string_view pair) {
  const std::string_view name = pair.substr(0, pair.find('='));
  for (std::string_view p : {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                             "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"})
    if (header_name_equals(name, p)) return true;
  return false;
}

bool aws_chunked_header(std::string_view name) {
  return header_name_equals(name, "X-Amz-Decoded-Content-Length") ||
         header_name_equals(name, "X-Amz-Trailer") ||
         header_name_equals(name, "X-Amz-Content-Sha256");
}

}  // namespace

Status check_presigned_expiry(const sigv4::ParsedAuth& auth, int64_t now_epoch_seconds) {
  if (auth.expires > 604800) {
    AwsError e = errors::InvalidParameterValue(
        "X-Amz-Expires must be less than a week (in seconds) that is 604800");
    e.code = "AuthorizationQueryParametersError";
    return e;
  }
  if (auth.expires < 0) return ok_status();
  if (now_epoch_seconds > auth.request_time + auth.expires ||
      now_epoch_seconds < auth.request_time - 15 * 60)
    return errors::AccessDenied("Request has expired");
  return ok_status();
}

std::string without_presign_params(std::string_view target) {
  const size_t q = target.find('?');
  if (q == std::string_view::npos) return std::string(target);
  std::string out(target.substr(0, q));
  std::string_view query = target.substr(q + 1);
  char sep = '?';
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty() && !presign_param(pair)) {
      out.push_back(sep);
      out.append(pair);
      sep = '&';
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

HttpRequest forwarded_head(const HttpRequest& request, const sigv4::ParsedAuth& auth,
                           bool streams) {
  HttpRequest head;
  head.method = request.method;
  head.target = auth.presigned ? without_presign_params(request.target) : request.target;
  // A virtual-host-style S3 request names its bucket in the Host, which the upstream's replaces:
  // the bucket goes into the path (path style), which every emulator takes.
  if (auth.service == "s3") {
    if (const std::string_view bucket = virtual_host_bucket(request); !bucket.empty()) {
      const bool root = head.target.empty() || head.target.front() == '?' || head.target == "/" ||
                        head.target.starts_with("/?");
      head.target =
          "/" + std::string(bucket) +
          (root ? head.target.substr(head.target.empty() || head.target.front() == '?' ? 0 : 1)
                : head.target);
    }
  }
  head.remote_ip = request.remote_ip;
  if (!streams) {
    head.headers = request.headers;
    head.body = request.body;
    return head;
  }
  const std::string* declared = request.header("X-Amz-Content-Sha256");
  const bool chunked = declared && declared->starts_with("STREAMING-");
  for (const auto& [name, value] : request.headers) {
    if (aws_chunked_header(name)) continue;
    if (chunked && header_name_equals(name, "Content-Encoding")) {
      // "aws-chunked" is the framing taken off here; any other coding stays.
      std::string rest;
      std::string_view v = value;
      while (!v.empty()) {
        const size_t comma = v.find(',');
        std::string_view coding = v.substr(0, comma);
        while (!coding.empty() && coding.front() == ' ') coding.remove_prefix(1);
        while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
        if (!coding.empty() && coding != "aws-chunked") {
          if (!rest.empty()) rest += ",";
          rest.append(coding);
        }
        if (comma == std::string_view::npos) break;
        v.remove_prefix(comma + 1);
      }
      if (!rest.empty()) head.headers.emplace_back(name, rest);
      continue;
    }
    head.headers.emplace_back(name, value);
  }
  // A hex hash still describes the bytes sent (they are checked on the way); else the body goes
  // as UNSIGNED-PAYLOAD.
  head.headers.emplace_back("X-Amz-Content-Sha256", declared && declared->size() == 64
                                                        ? *declared
                                                        : std::string("UNSIGNED-PAYLOAD"));
  return head;
}

Result<BodyPlan> body_plan(const HttpRequest& request, const sigv4::ParsedAuth& auth,
                           const std::optional<sigv4::SigningKey>& signing_key) {
  BodyPlan plan;
  const std::string* length = request.header("Content-Length");
  if (length) {
    uint64_t n = 0;
    auto [end, ec] = std::from_chars(length->data(), length->data() + length->size(), n);
    if (ec == std::errc() && end == length->data() + length->size()) plan.upstream_length = n;
  } else if (!request.header("Transfer-Encoding")) {
    plan.upstream_length = 0;  // no body
  }
  const std::string* declared = request.header("X-Amz-Content-Sha256");
  if (!declared || *declared == "UNSIGNED-PAYLOAD") return plan;
  if (declared->size() == 64) {
    plan.check = BodyCheck::sha256(*declared);
    return plan;
  }
  const bool signed_chunks = declared->starts_with("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
  const bool trailers = declared->ends_with("-TRAILER");
  if (!signed_chunks && *declared != "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    return errors::InvalidParameterValue("x-amz-content-sha256 '" + *declared +
                                         "' is not a payload type localiam forwards");
  const std::string* decoded = request.header("X-Amz-Decoded-Content-Length");
  uint64_t decoded_length = 0;
  if (!decoded ||
      std::from_chars(decoded->data(), decoded->data() + decoded->size(), decoded_length).ptr !=
          decoded->data() + decoded->size() ||
      decoded->empty())
    return errors::IncompleteBody(
        "an aws-chunked body needs x-amz-decoded-content-length, the length of its data");
  std::optional<sigv4::ChunkSigning> signing;
  if (signed_chunks && signing_key)
    signing = sigv4::ChunkSigning{
        *signing_key, sigv4::basic_amz_date(auth),
        auth.scope_date + "/" + auth.region + "/" + auth.service + "/aws4_request", auth.signature};
  plan.check = BodyCheck::chunked(sigv4::ChunkedPayloadDecoder(std::move(signing), trailers),
                                  decoded_length);
  plan.upstream_length = decoded_length;
  return plan;
}

}  // namespace localiam::gateway
