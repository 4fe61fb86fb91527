#include "iam/paging.hpp"

#include <openssl/evp.h>

#include <charconv>
#include <vector>

namespace localiam::api {

int max_items(RequestContext& ctx) {
  const std::string* v = ctx.optional_param("MaxItems");
  if (!v) return 100;
  int n = 100;
  std::from_chars(v->data(), v->data() + v->size(), n);
  return n;
}

std::string make_marker(std::string_view position) {
  std::vector<unsigned char> out(4 * ((position.size() + 2) / 3) + 1);
  int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(position.data()),
                          static_cast<int>(position.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<size_t>(n));
}

Result<std::string> marker_position(RequestContext& ctx) {
  const std::string* marker = ctx.optional_param("Marker");
  if (!marker) return std::string();
  const std::string& m = *marker;
  if (m.empty() || m.size() % 4 != 0) return errors::ValidationError("Invalid Marker.");
  std::vector<unsigned char> out(m.size());
  int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(m.data()),
                          static_cast<int>(m.size()));
  if (n < 0) return errors::ValidationError("Invalid Marker.");
  size_t len = static_cast<size_t>(n);
  // EVP_DecodeBlock counts padding bytes as zeros; drop them.
  if (m.size() >= 1 && m[m.size() - 1] == '=') --len;
  if (m.size() >= 2 && m[m.size() - 2] == '=') --len;
  std::string position(reinterpret_cast<const char*>(out.data()), len);
  if (position.empty()) return errors::ValidationError("Invalid Marker.");
  return position;
}

void add_paging(XmlNode& result, bool truncated, std::string_view last) {
  result.boolean("IsTruncated", truncated);
  if (truncated) result.text("Marker", make_marker(last));
}

Result<Pager> Pager::from_request(RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  return Pager(std::move(after), max_items(ctx));
}

}  // namespace localiam::api
