// Builds the SigV4 canonical request and string to sign exactly as AWS clients do (reference
// §8.1), for both the verifier and the signer. The append_* functions write into a caller-owned
// buffer so the request hot path can reuse one buffer per thread and avoid allocations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/http_message.hpp"
#include "common/result.hpp"
#include "sigv4/verifier.hpp"

namespace localiam::sigv4 {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kTerminator = "aws4_request";
inline constexpr std::string_view kEmptyPayloadSha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// True for the RFC 3986 unreserved characters A-Z a-z 0-9 - . _ ~
bool is_unreserved(unsigned char c);

// Appends the canonical URI of `raw_path` as received: "." / ".." segments and repeated slashes
// removed, then every byte other than unreserved characters and '/' percent-encoded with
// uppercase hex. Existing %XX escapes are encoded again (%2520), as AWS expects outside S3.
// An empty path becomes "/".
void append_canonical_uri(std::string& out, std::string_view raw_path);

// Appends the canonical query string of `raw_query` (without '?'): each key and value decoded
// ('+' is a space) and re-encoded per RFC 3986, pairs sorted by key then value, joined by '&';
// "key" without '=' becomes "key=". With `exclude_signature`, X-Amz-Signature is left out
// (presigned URLs). Error (only when `strict`): MalformedQueryString "Incomplete trailing escape
// % sequence" / "Illegal hex character in escape % pattern: %XY". When not strict, a malformed
// escape is taken as a literal '%'.
Status append_canonical_query(std::string& out, std::string_view raw_query, bool exclude_signature,
                              bool strict = true);

// Appends one "name:value\n" line per entry of `signed_headers` (name lowercased; values of
// every request header with that name, trimmed, inner whitespace runs collapsed to one space,
// joined by ','), then the empty line, then the signed-headers line (lowercase, ';'-joined),
// then '\n'. `headers` may be null.
void append_canonical_headers(std::string& out, const HeaderList* headers,
                              const std::vector<std::string>& signed_headers);

// Appends the payload hash: the X-Amz-Content-Sha256 header value when present, else the
// lowercase hex SHA-256 of `body`.
void append_payload_hash(std::string& out, const HeaderList* headers, std::string_view body);

// Appends the whole canonical request for `request` (method as received). Errors as
// append_canonical_query().
Status append_canonical_request(std::string& out, const RequestView& request,
                                const std::vector<std::string>& signed_headers, bool presigned,
                                bool strict = true);

// Appends "AWS4-HMAC-SHA256\n{amz_date}\n{date}/{region}/{service}/aws4_request\n{hex sha256
// of canonical_request}". `amz_date` must be the basic-format timestamp.
void append_string_to_sign(std::string& out, std::string_view amz_date, std::string_view scope_date,
                           std::string_view region, std::string_view service,
                           std::string_view canonical_request);

// True when `s` has the shape of a basic-format timestamp "YYYYMMDDTHHMMSSZ" (no calendar
// check; parse_authorization() has already validated the date it stores).
bool is_basic_amz_date(std::string_view s);

// The basic-format timestamp ("20150830T123600Z") the client put in its string to sign:
// `auth.amz_date` when it already is one, else `auth.request_time` formatted.
std::string basic_amz_date(const ParsedAuth& auth);

// Convenience forms for tests and diagnostics (allocate their result).
Result<std::string> canonical_request(const RequestView& request, const ParsedAuth& auth);
std::string string_to_sign(const ParsedAuth& auth, std::string_view canonical_request);

// First header named `name` (case-insensitive) in `headers`, or nullptr. `headers` may be null.
const std::string* find_header(const HeaderList* headers, std::string_view name);

// Appends `in` percent-decoded as a query component ('+' is a space); malformed escapes are
// copied literally. Never fails.
void append_query_decoded(std::string& out, std::string_view in);

}  // namespace localiam::sigv4
