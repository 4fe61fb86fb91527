#include "sigv4/verifier.hpp"

#include <algorithm>
#include <ctime>
#include <optional>

#include "common/clock.hpp"
#include "sigv4/canonical_request.hpp"
#include "sigv4/crypto.hpp"
#include "sigv4/signing_key_cache.hpp"

namespace localiam::sigv4 {

namespace {

constexpr std::string_view kSignatureMismatch =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";
constexpr int64_t kMaxSkewSeconds = 15 * 60;

AwsError signature_mismatch() {
  return errors::SignatureDoesNotMatch(std::string(kSignatureMismatch));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parses "Sun, 30 Aug 2015 12:36:00 GMT" (RFC 1123; the weekday is optional and not checked).
std::optional<int64_t> parse_rfc1123(std::string_view s) {
  size_t comma = s.find(',');
  if (comma != std::string_view::npos) s = trim(s.substr(comma + 1));
  // DD Mon YYYY HH:MM:SS GMT
  size_t day_len = 0;
  while (day_len < s.size() && day_len < 3 && is_digit(s[day_len])) ++day_len;
  if (day_len == 0 || day_len > 2) return std::nullopt;
  int day = 0;
  for (size_t i = 0; i < day_len; ++i) day = day * 10 + (s[i] - '0');
  s.remove_prefix(day_len);
  if (s.size() != 1 + 3 + 1 + 4 + 1 + 8 + 4) return std::nullopt;
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  std::string_view mon = s.substr(1, 3);
  size_t mpos = kMonths.find(mon);
  if (s[0] != ' ' || mpos == std::string_view::npos || mpos % 3 != 0 || s[4] != ' ' ||
      s[9] != ' ' || s[12] != ':' || s[15] != ':' || s.substr(18) != " GMT")
    return std::nullopt;
  const size_t digits[] = {5, 6, 7, 8, 10, 11, 13, 14, 16, 17};
  for (size_t i : digits)
    if (!is_digit(s[i])) return std::nullopt;
  auto num = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  std::tm tm{};
  tm.tm_year = num(5, 4) - 1900;
  tm.tm_mon = static_cast<int>(mpos / 3);
  tm.tm_mday = day;
  tm.tm_hour = num(10, 2);
  tm.tm_min = num(13, 2);
  tm.tm_sec = num(16, 2);
  if (day < 1 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59) return std::nullopt;
  const std::tm want = tm;
  std::time_t t = timegm(&tm);
  std::tm back{};
  // timegm() silently normalises "31 Feb"; reject dates that do not survive the round trip.
  if (gmtime_r(&t, &back) == nullptr || back.tm_mday != want.tm_mday || back.tm_mon != want.tm_mon)
    return std::nullopt;
  return static_cast<int64_t>(t);
}

// AWS accepts the basic format, the extended ISO-8601 format and (in a Date header) RFC 1123.
std::optional<int64_t> parse_request_date(std::string_view s) {
  if (auto t = parse_amz_date(s)) return t;
  if (auto t = parse_iso8601(s)) return t;
  return parse_rfc1123(s);
}

Status fill_date(ParsedAuth& auth, std::string_view date) {
  auth.amz_date.assign(date);
  std::optional<int64_t> t = parse_request_date(date);
  if (!t) {
    std::string msg = "Date must be in ISO-8601 'basic format'. Got '";
    msg.append(date).append("'. See http://en.wikipedia.org/wiki/ISO_8601");
    return errors::IncompleteSignature(std::move(msg));
  }
  auth.request_time = *t;
  return ok_status();
}

// Splits keyid/date/region/service/terminator. Like AWS (a Java split), trailing empty
// elements do not count, so "…/aws4_request/" still has five.
Status fill_credential(ParsedAuth& auth, std::string_view credential) {
  std::string_view rest = credential;
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  std::string_view parts[5];
  size_t count = 0;
  size_t pos = 0;
  while (true) {
    size_t slash = rest.find('/', pos);
    std::string_view part =
        rest.substr(pos, slash == std::string_view::npos ? rest.npos : slash - pos);
    if (count < 5) parts[count] = part;
    ++count;
    if (slash == std::string_view::npos || count > 5) break;
    pos = slash + 1;
  }
  if (rest.empty() || count != 5) {
    std::string msg =
        "Credential must have exactly 5 slash-delimited elements, e.g. "
        "keyid/date/region/service/term, got '";
    msg.append(credential).append("'");
    return errors::IncompleteSignature(std::move(msg));
  }
  auth.access_key_id.assign(parts[0]);
  auth.scope_date.assign(parts[1]);
  auth.region.assign(parts[2]);
  auth.service.assign(parts[3]);
  auth.terminator.assign(parts[4]);
  return ok_status();
}

void fill_signed_headers(ParsedAuth& auth, std::string_view list) {
  auth.signed_headers.clear();
  auth.signed_headers.reserve(1 + static_cast<size_t>(std::count(list.begin(), list.end(), ';')));
  size_t pos = 0;
  while (true) {
    size_t semi = list.find(';', pos);
    if (semi == std::string_view::npos) {
      auth.signed_headers.emplace_back(list.substr(pos));
      break;
    }
    auth.signed_headers.emplace_back(list.substr(pos, semi - pos));
    pos = semi + 1;
  }
}

// The X-Amz-* query parameters of a presigned URL, decoded; the first occurrence of each wins.
struct QueryAuth {
  std::optional<std::string> algorithm, credential, date, signed_headers, signature, token, expires;
};

// Calls fn(decoded_key, raw_value) for every key=value pair of `query`; stops when fn returns
// false.
template <typename Fn>
void for_each_query_pair(std::string_view query, Fn&& fn) {
  std::string key;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(pos, end - pos);
    pos = end + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view raw_key = pair.substr(0, eq);
    // Only X-Amz-* keys matter here; skip decoding anything that cannot become one.
    if (raw_key.size() < 5 || raw_key.size() > 3 * 32) continue;
    key.clear();
    append_query_decoded(key, raw_key);
    std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (!fn(std::string_view(key), raw_value)) return;
  }
}

QueryAuth scan_query(std::string_view query) {
  QueryAuth q;
  for_each_query_pair(query, [&q](std::string_view key, std::string_view raw_value) {
    std::optional<std::string>* slot = nullptr;
    if (key == "X-Amz-Algorithm")
      slot = &q.algorithm;
    else if (key == "X-Amz-Credential")
      slot = &q.credential;
    else if (key == "X-Amz-Date")
      slot = &q.date;
    else if (key == "X-Amz-SignedHeaders")
      slot = &q.signed_headers;
    else if (key == "X-Amz-Signature")
      slot = &q.signature;
    else if (key == "X-Amz-Security-Token")
      slot = &q.token;
    else if (key == "X-Amz-Expires")
      slot = &q.expires;
    if (slot != nullptr && !slot->has_value()) {
      slot->emplace();
      append_query_decoded(**slot, raw_value);
    }
    return true;
  });
  return q;
}

bool query_has_algorithm(std::string_view query) {
  bool found = false;
  for_each_query_pair(query, [&found](std::string_view key, std::string_view) {
    found = key == "X-Amz-Algorithm";
    return !found;
  });
  return found;
}

Result<ParsedAuth> parse_header(std::string_view raw_header, const RequestView& request) {
  const std::string_view header = trim(raw_header);
  const size_t space = header.find(' ');
  const std::string_view algorithm = header.substr(0, space);
  if (algorithm != kAlgorithm) {
    std::string msg = "Unsupported AWS 'algorithm': '";
    msg.append(algorithm).append("'.");
    return errors::IncompleteSignature(std::move(msg));
  }
  const std::string_view params =
      space == std::string_view::npos ? std::string_view() : header.substr(space + 1);

  std::optional<std::string_view> credential, signed_headers, signature;
  size_t pos = 0;
  while (pos <= params.size()) {
    size_t comma = params.find(',', pos);
    if (comma == std::string_view::npos) comma = params.size();
    std::string_view token = trim(params.substr(pos, comma - pos));
    pos = comma + 1;
    if (token.empty()) continue;
    size_t eq = token.find('=');
    if (eq == std::string_view::npos) {
      std::string msg = "'";
      msg.append(token)
          .append("' not a valid key=value pair (missing equal-sign) in Authorization header: '")
          .append(header)
          .append("'");
      return errors::IncompleteSignature(std::move(msg));
    }
    std::string_view key = token.substr(0, eq);
    std::string_view value = token.substr(eq + 1);
    // A repeated component: the last one wins, as on AWS.
    if (key == "Credential")
      credential = value;
    else if (key == "SignedHeaders")
      signed_headers = value;
    else if (key == "Signature")
      signature = value;
  }

  const std::string* date = find_header(request.headers, "X-Amz-Date");
  if (date == nullptr) date = find_header(request.headers, "Date");

  std::string missing;
  if (!credential) missing.append("Authorization header requires 'Credential' parameter. ");
  if (!signature) missing.append("Authorization header requires 'Signature' parameter. ");
  if (!signed_headers) missing.append("Authorization header requires 'SignedHeaders' parameter. ");
  if (date == nullptr)
    missing.append(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
  if (!missing.empty()) {
    missing.append("Authorization=").append(algorithm);
    return errors::IncompleteSignature(std::move(missing));
  }

  ParsedAuth auth;
  auth.presigned = false;
  RETURN_IF_ERROR(fill_date(auth, trim(*date)));
  RETURN_IF_ERROR(fill_credential(auth, *credential));
  fill_signed_headers(auth, *signed_headers);
  auth.signature.assign(*signature);
  if (const std::string* token = find_header(request.headers, "X-Amz-Security-Token")) {
    auth.security_token.assign(trim(*token));
  } else {
    QueryAuth q = scan_query(request.query);
    if (q.token) auth.security_token = std::move(*q.token);
  }
  return auth;
}

Result<ParsedAuth> parse_query(QueryAuth q, const RequestView& request) {
  if (!q.algorithm || *q.algorithm != kAlgorithm)
    return errors::MissingAuthenticationToken("Request is missing Authentication Token");
  std::string missing;
  if (!q.credential)
    missing.append("AWS query-string parameters must include 'X-Amz-Credential'. ");
  if (!q.signature) missing.append("AWS query-string parameters must include 'X-Amz-Signature'. ");
  if (!q.signed_headers)
    missing.append("AWS query-string parameters must include 'X-Amz-SignedHeaders'. ");
  if (!q.date) missing.append("AWS query-string parameters must include 'X-Amz-Date'. ");
  if (!missing.empty()) {
    missing.append("Re-examine the query-string parameters.");
    return errors::IncompleteSignature(std::move(missing));
  }
  ParsedAuth auth;
  auth.presigned = true;
  RETURN_IF_ERROR(fill_date(auth, *q.date));
  RETURN_IF_ERROR(fill_credential(auth, *q.credential));
  fill_signed_headers(auth, *q.signed_headers);
  auth.signature = std::move(*q.signature);
  // A value that is not a number of seconds is left out (the skew window still applies).
  if (q.expires && !q.expires->empty() && q.expires->size() <= 9 &&
      std::all_of(q.expires->begin(), q.expires->end(), is_digit))
    auth.expires = std::stoll(*q.expires);
  if (q.token) {
    auth.security_token = std::move(*q.token);
  } else if (const std::string* token = find_header(request.headers, "X-Amz-Security-Token")) {
    auth.security_token.assign(trim(*token));
  }
  return auth;
}

bool valid_region(std::string_view region) {
  if (region.empty() || region.size() > 64) return false;
  for (char c : region)
    if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '-')) return false;
  return true;
}

bool equals_ignoring_hex_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'F') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'F') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool lists_host(const std::vector<std::string>& signed_headers) {
  for (const std::string& name : signed_headers)
    if (header_name_equals(name, "host") || name == ":authority") return true;
  return false;
}

struct VerifyScratch {
  std::string canonical;
  std::string to_sign;
};

}  // namespace

Result<ParsedAuth> parse_authorization(const RequestView& request) {
  if (const std::string* header = find_header(request.headers, "Authorization"))
    return parse_header(*header, request);
  if (request.query.empty())
    return errors::MissingAuthenticationToken("Request is missing Authentication Token");
  return parse_query(scan_query(request.query), request);
}

Status check_scope(const ParsedAuth& auth, int64_t now_epoch_seconds, bool check_skew,
                   std::string_view expected_service) {
  if (check_skew) {
    if (auth.request_time < now_epoch_seconds - kMaxSkewSeconds) {
      std::string msg = "Signature expired: ";
      msg.append(format_amz_date(auth.request_time))
          .append(" is now earlier than ")
          .append(format_amz_date(now_epoch_seconds - kMaxSkewSeconds))
          .append(" (")
          .append(format_amz_date(now_epoch_seconds))
          .append(" - 15 min.)");
      return errors::SignatureDoesNotMatch(std::move(msg));
    }
    if (auth.request_time > now_epoch_seconds + kMaxSkewSeconds) {
      std::string msg = "Signature not yet current: ";
      msg.append(format_amz_date(auth.request_time))
          .append(" is still later than ")
          .append(format_amz_date(now_epoch_seconds + kMaxSkewSeconds))
          .append(" (")
          .append(format_amz_date(now_epoch_seconds))
          .append(" + 15 min.)");
      return errors::SignatureDoesNotMatch(std::move(msg));
    }
    // X-Amz-Expires is parsed but, as in AWS's IAM and STS, not honoured: presigned requests
    // get the same fixed 15-minute window as signed headers (see the reference file).
  }

  // AWS reports every scope problem at once, each sentence followed by a space except the last
  // (date) one.
  std::string msg;
  if (!valid_region(auth.region))
    msg.append("Credential should be scoped to a valid region, not '")
        .append(auth.region)
        .append("'. ");
  if (auth.service != expected_service)
    msg.append("Credential should be scoped to correct service: '")
        .append(expected_service)
        .append("'. ");
  if (auth.terminator != kTerminator)
    msg.append("Credential should be scoped with a valid terminator: 'aws4_request', not '")
        .append(auth.terminator)
        .append("'. ");
  // The request's YYYYMMDD; formatting (and its allocation) only for non-basic date forms.
  std::string formatted;
  std::string_view request_date = auth.amz_date;
  if (!is_basic_amz_date(auth.amz_date)) {
    formatted = format_amz_date(auth.request_time);
    request_date = formatted;
  }
  request_date = request_date.substr(0, 8);
  if (auth.scope_date != request_date)
    msg.append(
           "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
           "HTTP: '")
        .append(auth.scope_date)
        .append("' != '")
        .append(request_date)
        .append("', from '")
        .append(auth.amz_date)
        .append("'.");
  if (!msg.empty()) return errors::SignatureDoesNotMatch(std::move(msg));
  return ok_status();
}

Status verify_signature(const RequestView& request, const ParsedAuth& auth,
                        std::string_view secret_access_key) {
  // Header and query authentication together are refused (AWS: "You can't add authentication
  // information using both").
  if (!auth.presigned && query_has_algorithm(request.query)) return signature_mismatch();
  if (!lists_host(auth.signed_headers))
    return errors::SignatureDoesNotMatch(
        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  if (auth.signature.size() != 64) return signature_mismatch();

  // A declared payload hash is what the client signed; hold the body to it so that the
  // signature still covers the bytes we act on.
  if (const std::string* declared = find_header(request.headers, "X-Amz-Content-Sha256")) {
    const bool hex = declared->size() == 64;
    if (!hex &&
        !(request.s3 && (*declared == "UNSIGNED-PAYLOAD" || declared->starts_with("STREAMING-"))))
      return signature_mismatch();
    if (hex && !request.body_streams) {
      char actual[64];
      hex_encode(sha256(request.body), actual);
      if (!equals_ignoring_hex_case(*declared, std::string_view(actual, sizeof actual)))
        return signature_mismatch();
    }
  }

  thread_local VerifyScratch scratch;
  std::string& canonical = scratch.canonical;
  std::string& to_sign = scratch.to_sign;
  canonical.clear();
  to_sign.clear();
  Status status = append_canonical_request(canonical, request, auth.signed_headers, auth.presigned);
  if (status.ok()) {
    if (is_basic_amz_date(auth.amz_date)) {
      append_string_to_sign(to_sign, auth.amz_date, auth.scope_date, auth.region, auth.service,
                            canonical);
    } else {
      append_string_to_sign(to_sign, format_amz_date(auth.request_time), auth.scope_date,
                            auth.region, auth.service, canonical);
    }
    const SigningKey key = default_signing_key_cache().get(secret_access_key, auth.scope_date,
                                                           auth.region, auth.service);
    char expected[64];
    hex_encode(hmac_sha256(key, to_sign), expected);
    if (!constant_time_equals(std::string_view(expected, sizeof expected), auth.signature))
      status = signature_mismatch();
    else if (request.signing_key_out)
      *request.signing_key_out = key;
  }
  constexpr size_t kKeepBytes = 64 * 1024;
  if (canonical.capacity() > kKeepBytes) std::string().swap(canonical);
  if (to_sign.capacity() > kKeepBytes) std::string().swap(to_sign);
  return status;
}

}  // namespace localiam::sigv4
