#include "data/embedded_json.hpp"

#include <cstdio>
#include <cstdlib>

namespace localiam::data {

EmbeddedJson::EmbeddedJson(std::string_view name, const char* begin, const char* end)
    : name_(name) {
  document_.Parse(begin, static_cast<size_t>(end - begin));
  if (document_.HasParseError() || !document_.IsObject()) fail("not a JSON object", "the top");
}

void EmbeddedJson::fail(std::string_view what, std::string_view where) const {
  std::fprintf(stderr, "localiam: the embedded %.*s is corrupt: %.*s (%.*s)\n",
               static_cast<int>(name_.size()), name_.data(), static_cast<int>(what.size()),
               what.data(), static_cast<int>(where.size()), where.data());
  std::abort();
}

const EmbeddedJson::Value& EmbeddedJson::member(const Value& object, const char* name,
                                                std::string_view where) const {
  if (!object.IsObject()) fail("not an object", where);
  auto it = object.FindMember(name);
  if (it == object.MemberEnd()) fail(std::string("no member ") + name, where);
  return it->value;
}

std::string EmbeddedJson::text(const Value& value, std::string_view where) const {
  if (!value.IsString()) fail("not a string", where);
  return {value.GetString(), value.GetStringLength()};
}

std::vector<std::string> EmbeddedJson::texts(const Value& array, std::string_view where) const {
  if (!array.IsArray()) fail("not an array", where);
  std::vector<std::string> out;
  out.reserve(array.Size());
  for (const Value& item : array.GetArray()) out.push_back(text(item, where));
  return out;
}

}  // namespace localiam::data
