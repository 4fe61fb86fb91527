#include "sigv4/canonical_request.hpp"

#include <algorithm>

#include "common/clock.hpp"
#include "sigv4/crypto.hpp"

namespace localiam::sigv4 {

namespace {

constexpr char kUpperHex[] = "0123456789ABCDEF";

bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

void append_encoded_byte(std::string& out, unsigned char c) {
  if (is_unreserved(c)) {
    out.push_back(static_cast<char>(c));
  } else {
    const char esc[3] = {'%', kUpperHex[c >> 4], kUpperHex[c & 0x0f]};
    out.append(esc, 3);
  }
}

void append_lowercase(std::string& out, std::string_view s) {
  const size_t at = out.size();
  out.append(s);
  for (size_t i = at; i < out.size(); ++i) out[i] = to_lower(out[i]);
}

// Appends `value` trimmed, each inner whitespace run (folded lines included) collapsed to
// one space; copies whole runs of other bytes at once.
void append_collapsed(std::string& out, std::string_view value) {
  size_t i = 0;
  bool first_word = true;
  while (true) {
    while (i < value.size() && is_space(static_cast<unsigned char>(value[i]))) ++i;
    if (i == value.size()) return;
    size_t end = i;
    while (end < value.size() && !is_space(static_cast<unsigned char>(value[end]))) ++end;
    if (!first_word) out.push_back(' ');
    first_word = false;
    out.append(value.data() + i, end - i);
    i = end;
  }
}

void append_segment_encoded(std::string& out, std::string_view segment) {
  for (unsigned char c : segment) append_encoded_byte(out, c);
}

// Decodes one query component and re-encodes it canonically in a single pass.
Status append_query_component(std::string& out, std::string_view in, bool strict) {
  for (size_t i = 0; i < in.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == '+') {
      out.append("%20");
      continue;
    }
    if (c != '%') {
      append_encoded_byte(out, c);
      continue;
    }
    if (i + 2 >= in.size()) {
      // Fewer than two characters follow the '%'.
      if (strict) return errors::MalformedQueryString("Incomplete trailing escape % sequence");
      append_encoded_byte(out, c);
      continue;
    }
    int hi = hex_value(static_cast<unsigned char>(in[i + 1]));
    int lo = hex_value(static_cast<unsigned char>(in[i + 2]));
    if (hi < 0 || lo < 0) {
      if (strict) {
        std::string msg = "Illegal hex character in escape % pattern: %";
        msg.append(in.substr(i + 1, 2));
        return errors::MalformedQueryString(std::move(msg));
      }
      append_encoded_byte(out, c);
      continue;
    }
    append_encoded_byte(out, static_cast<unsigned char>(hi * 16 + lo));
    i += 2;
  }
  return ok_status();
}

struct QueryEntry {
  size_t key_off, key_len, value_off, value_len;
};

// Per-thread scratch space for query canonicalization; reused across requests so that a
// request with a query string does not allocate once the buffers have grown.
struct QueryScratch {
  std::string arena;
  std::vector<QueryEntry> entries;
};

QueryScratch& query_scratch() {
  thread_local QueryScratch scratch;
  return scratch;
}

// Drops buffers that a single huge request grew, so one hostile request cannot pin memory in
// every worker thread forever.
void release_if_huge(QueryScratch& s) {
  constexpr size_t kKeepBytes = 64 * 1024;
  if (s.arena.capacity() > kKeepBytes) std::string().swap(s.arena);
  if (s.entries.capacity() > kKeepBytes / sizeof(QueryEntry))
    std::vector<QueryEntry>().swap(s.entries);
}

}  // namespace

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void append_canonical_uri(std::string& out, std::string_view raw_path) {
  if (raw_path.empty()) {
    out.push_back('/');
    return;
  }
  const size_t base = out.size();
  size_t segments = 0;
  size_t pos = 0;
  while (pos <= raw_path.size()) {
    size_t end = raw_path.find('/', pos);
    if (end == std::string_view::npos) end = raw_path.size();
    std::string_view seg = raw_path.substr(pos, end - pos);
    pos = end + 1;
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (segments > 0) {
        // Each written segment starts with '/', and encoded segments contain no '/'.
        size_t slash = out.rfind('/');
        out.resize(slash != std::string::npos && slash >= base ? slash : base);
        --segments;
      }
      continue;
    }
    out.push_back('/');
    append_segment_encoded(out, seg);
    ++segments;
  }
  if (segments == 0) {
    out.push_back('/');
    return;
  }
  if (raw_path.front() != '/') out.erase(base, 1);
  if (raw_path.back() == '/') out.push_back('/');
}

Status append_canonical_query(std::string& out, std::string_view raw_query, bool exclude_signature,
                              bool strict) {
  if (raw_query.empty()) return ok_status();
  QueryScratch& s = query_scratch();
  s.arena.clear();
  s.entries.clear();
  Status status;
  size_t pos = 0;
  while (pos <= raw_query.size()) {
    size_t end = raw_query.find('&', pos);
    if (end == std::string_view::npos) end = raw_query.size();
    std::string_view pair = raw_query.substr(pos, end - pos);
    pos = end + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    QueryEntry e{};
    e.key_off = s.arena.size();
    status = append_query_component(s.arena, key, strict);
    if (!status.ok()) break;
    e.key_len = s.arena.size() - e.key_off;
    if (exclude_signature &&
        std::string_view(s.arena).substr(e.key_off, e.key_len) == "X-Amz-Signature") {
      s.arena.resize(e.key_off);
      continue;
    }
    e.value_off = s.arena.size();
    status = append_query_component(s.arena, value, strict);
    if (!status.ok()) break;
    e.value_len = s.arena.size() - e.value_off;
    s.entries.push_back(e);
  }
  if (status.ok()) {
    const std::string_view arena = s.arena;
    std::sort(
        s.entries.begin(), s.entries.end(), [arena](const QueryEntry& a, const QueryEntry& b) {
          std::string_view ak = arena.substr(a.key_off, a.key_len);
          std::string_view bk = arena.substr(b.key_off, b.key_len);
          if (ak != bk) return ak < bk;
          return arena.substr(a.value_off, a.value_len) < arena.substr(b.value_off, b.value_len);
        });
    bool first = true;
    for (const QueryEntry& e : s.entries) {
      if (!first) out.push_back('&');
      first = false;
      out.append(arena.substr(e.key_off, e.key_len));
      out.push_back('=');
      out.append(arena.substr(e.value_off, e.value_len));
    }
  }
  release_if_huge(s);
  return status;
}

void append_canonical_headers(std::string& out, const HeaderList* headers,
                              const std::vector<std::string>& signed_headers) {
  for (const std::string& name : signed_headers) {
    append_lowercase(out, name);
    out.push_back(':');
    bool first_value = true;
    if (headers != nullptr) {
      for (const auto& [key, value] : *headers) {
        if (!header_name_equals(key, name)) continue;
        if (!first_value) out.push_back(',');
        first_value = false;
        append_collapsed(out, value);
      }
    }
    out.push_back('\n');
  }
  out.push_back('\n');
  bool first = true;
  for (const std::string& name : signed_headers) {
    if (!first) out.push_back(';');
    first = false;
    append_lowercase(out, name);
  }
  out.push_back('\n');
}

void append_payload_hash(std::string& out, const HeaderList* headers, std::string_view body) {
  if (const std::string* declared = find_header(headers, "X-Amz-Content-Sha256")) {
    out.append(*declared);
    return;
  }
  if (body.empty()) {
    out.append(kEmptyPayloadSha256);
    return;
  }
  append_hex(out, sha256(body));
}

Status append_canonical_request(std::string& out, const RequestView& request,
                                const std::vector<std::string>& signed_headers, bool presigned,
                                bool strict) {
  out.append(request.method);
  out.push_back('\n');
  if (request.s3) {
    // S3 signs the path as the client sent it: encoded once, not normalised.
    out.append(request.path.empty() ? std::string_view("/") : request.path);
  } else {
    append_canonical_uri(out, request.path);
  }
  out.push_back('\n');
  RETURN_IF_ERROR(append_canonical_query(out, request.query, presigned, strict));
  out.push_back('\n');
  append_canonical_headers(out, request.headers, signed_headers);
  if (request.s3 && presigned && !find_header(request.headers, "X-Amz-Content-Sha256")) {
    out.append("UNSIGNED-PAYLOAD");  // S3's presigned URLs sign no payload
    return ok_status();
  }
  append_payload_hash(out, request.headers, request.body);
  return ok_status();
}

void append_string_to_sign(std::string& out, std::string_view amz_date, std::string_view scope_date,
                           std::string_view region, std::string_view service,
                           std::string_view canonical_request) {
  out.append(kAlgorithm);
  out.push_back('\n');
  out.append(amz_date);
  out.push_back('\n');
  out.append(scope_date);
  out.push_back('/');
  out.append(region);
  out.push_back('/');
  out.append(service);
  out.push_back('/');
  out.append(kTerminator);
  out.push_back('\n');
  append_hex(out, sha256(canonical_request));
}

bool is_basic_amz_date(std::string_view s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return false;
  for (size_t i = 0; i < 15; ++i)
    if (i != 8 && (s[i] < '0' || s[i] > '9')) return false;
  return true;
}

std::string basic_amz_date(const ParsedAuth& auth) {
  if (is_basic_amz_date(auth.amz_date)) return auth.amz_date;
  return format_amz_date(auth.request_time);
}

Result<std::string> canonical_request(const RequestView& request, const ParsedAuth& auth) {
  std::string out;
  RETURN_IF_ERROR(append_canonical_request(out, request, auth.signed_headers, auth.presigned));
  return out;
}

std::string string_to_sign(const ParsedAuth& auth, std::string_view canonical_request) {
  std::string out;
  append_string_to_sign(out, basic_amz_date(auth), auth.scope_date, auth.region, auth.service,
                        canonical_request);
  return out;
}

const std::string* find_header(const HeaderList* headers, std::string_view name) {
  if (headers == nullptr) return nullptr;
  for (const auto& [key, value] : *headers)
    if (header_name_equals(key, name)) return &value;
  return nullptr;
}

void append_query_decoded(std::string& out, std::string_view in) {
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < in.size() &&
               hex_value(static_cast<unsigned char>(in[i + 1])) >= 0 &&
               hex_value(static_cast<unsigned char>(in[i + 2])) >= 0) {
      out.push_back(static_cast<char>(hex_value(static_cast<unsigned char>(in[i + 1])) * 16 +
                                      hex_value(static_cast<unsigned char>(in[i + 2]))));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
}

}  // namespace localiam::sigv4
