// Fuzzes the Query protocol's form decoder (query/query_params) on arbitrary form bodies, and the
// SigV4 canonical query string built from the same text, strict and lenient. Both must accept
// or refuse the same escapes, and nothing may crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "query/query_params.hpp"
#include "sigv4/canonical_request.hpp"

using localiam::api::QueryParams;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view form(reinterpret_cast<const char*>(data), size);
  QueryParams params;
  const bool decoded = params.add_form(form).ok();
  if (decoded) {
    // Look every decoded name up again as a scalar, a list and a list of structures.
    for (const auto& [name, value] : params.all()) {
      if (params.get(name) == nullptr) std::abort();
      const size_t dot = name.find('.');
      const std::string_view base = std::string_view(name).substr(0, dot);
      (void)params.list(base);
      (void)params.struct_list(base, {"Key", "Value", "ContextKeyName"});
    }
  }
  std::string canonical;
  const bool strict_ok =
      localiam::sigv4::append_canonical_query(canonical, form, /*exclude_signature=*/false).ok();
  canonical.clear();
  if (!localiam::sigv4::append_canonical_query(canonical, form, true, /*strict=*/false).ok())
    std::abort();  // the lenient form never fails
  // '+' and '%' are decoded alike by both; a form one refuses the other must refuse too.
  if (strict_ok != decoded) std::abort();
  std::string plain;
  localiam::sigv4::append_query_decoded(plain, form);
  return 0;
}
